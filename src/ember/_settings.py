"""Process-wide switches of the torch namespace that ember accepts and remembers: thread
counts, determinism, float32 matmul precision, warn-always, anomaly mode, the default
device.

None of them changes how ember computes:
- Threads: ember's arithmetic runs in NumPy and its BLAS, whose thread pools are sized
  once, when the library loads (OMP_NUM_THREADS, OPENBLAS_NUM_THREADS, MKL_NUM_THREADS
  must be set before the process starts). set_num_threads records the number so that
  get_num_threads answers it, as torch does, but the BLAS keeps its pool.
- Determinism: every ember op is deterministic already (NumPy on one CPU), so
  use_deterministic_algorithms has nothing to switch off.
- Matmul precision: NumPy multiplies float32 in float32 on every setting ("highest").
- Default device: ember has the CPU only; another device raises what a CPU-only torch
  raises when it is used.
"""

from __future__ import annotations

import os

from ._device import check_device, cpu, device
from ._warnings import once as _warn_once_state
from ._warnings import warn
from .autograd import anomaly as _anomaly

__all__ = ["set_num_threads", "get_num_threads", "set_num_interop_threads",
           "get_num_interop_threads", "use_deterministic_algorithms",
           "are_deterministic_algorithms_enabled",
           "is_deterministic_algorithms_warn_only_enabled", "set_deterministic_debug_mode",
           "get_deterministic_debug_mode", "set_float32_matmul_precision",
           "get_float32_matmul_precision", "set_warn_always", "is_warn_always_enabled",
           "set_anomaly_enabled", "set_default_device", "get_default_device"]


def _default_threads() -> int:
    """torch's default intra-op thread count: OMP_NUM_THREADS when it holds a positive
    number, else the CPUs this process may run on."""
    requested = os.environ.get("OMP_NUM_THREADS", "")
    if requested.strip().isdigit() and int(requested) > 0:
        return int(requested)
    return _cpus()


def _cpus() -> int:
    """The CPUs this process may run on (torch's default inter-op thread count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class _Settings:
    num_threads = _default_threads()
    num_interop_threads = _cpus()
    deterministic = False
    deterministic_warn_only = False
    matmul_precision = "highest"


_settings = _Settings()


def _positive_int(function: str, value) -> int:
    if type(value) is not int:  # torch refuses bool and float alike
        raise RuntimeError(f"{function} expects an int, but got {type(value).__name__}")
    if value <= 0:
        raise RuntimeError(f"{function} expects a positive integer")
    return value


def set_num_threads(int) -> None:  # noqa: A002 - torch's parameter name
    """Record the number of intra-op threads (NumPy's BLAS keeps the pool it started with:
    set OMP_NUM_THREADS / OPENBLAS_NUM_THREADS before starting Python to change it)."""
    _settings.num_threads = _positive_int("set_num_threads", int)


def get_num_threads() -> int:
    """The number of intra-op threads last set (the CPUs available, at first)."""
    return _settings.num_threads


def set_num_interop_threads(int) -> None:  # noqa: A002 - torch's parameter name
    """Record the number of inter-op threads (ember runs ops one after another)."""
    _settings.num_interop_threads = _positive_int("set_num_interop_threads", int)


def get_num_interop_threads() -> int:
    return _settings.num_interop_threads


def _require_bool(function: str, value, argument: str, position: int) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"{function}(): argument '{argument}' (position {position}) must be "
                        f"bool, not {type(value).__name__}")


def use_deterministic_algorithms(mode: bool, *, warn_only: bool = False) -> None:
    """Accepted and remembered: every ember op is deterministic already."""
    _require_bool("_set_deterministic_algorithms", mode, "mode", 1)
    _settings.deterministic = mode
    _settings.deterministic_warn_only = bool(warn_only)


def are_deterministic_algorithms_enabled() -> bool:
    return _settings.deterministic


def is_deterministic_algorithms_warn_only_enabled() -> bool:
    return _settings.deterministic_warn_only


_DEBUG_MODES = {"default": 0, "warn": 1, "error": 2}


def set_deterministic_debug_mode(debug_mode: str | int) -> None:
    """use_deterministic_algorithms by number or name: 0/"default" off, 1/"warn" on with
    warnings only, 2/"error" on."""
    if isinstance(debug_mode, str):
        if debug_mode not in _DEBUG_MODES:
            raise RuntimeError("invalid value of debug_mode, expected one of `default`, "
                               f"`warn`, `error`, but got {debug_mode}")
        debug_mode = _DEBUG_MODES[debug_mode]
    elif not isinstance(debug_mode, int):
        raise TypeError(f"debug_mode must be str or int, but got {type(debug_mode)}")
    if debug_mode not in (0, 1, 2):
        raise RuntimeError("invalid value of debug_mode, expected 0, 1, or 2, but got "
                           f"{debug_mode}")
    use_deterministic_algorithms(debug_mode != 0, warn_only=debug_mode == 1)


def get_deterministic_debug_mode() -> int:
    """0 with deterministic algorithms off, 1 on with warn_only, 2 on."""
    if not _settings.deterministic:
        return 0
    return 1 if _settings.deterministic_warn_only else 2


_PRECISIONS = ("highest", "high", "medium")


def set_float32_matmul_precision(precision: str) -> None:
    """Remembered; NumPy computes float32 products in float32 whatever it says. An unknown
    name warns and changes nothing, as in torch."""
    if precision not in _PRECISIONS:
        warn(f"{precision} is not one of 'highest', 'high', or 'medium'; the current"
             "setFloat32MatmulPrecision call has no effect.", UserWarning)
        return
    _settings.matmul_precision = precision


def get_float32_matmul_precision() -> str:
    return _settings.matmul_precision


def set_warn_always(b: bool) -> None:
    """Issue the warnings torch issues once per process (the deprecated `torch.cholesky`,
    `x.T` of other than 2 dims...) every time; the others follow Python's filters."""
    _warn_once_state.always = bool(b)


def is_warn_always_enabled() -> bool:
    return _warn_once_state.always


def set_anomaly_enabled(enabled: bool, check_nan: bool = True) -> None:
    """Turn anomaly detection on or off for this thread (what detect_anomaly does for a
    block)."""
    _anomaly.state.enabled = bool(enabled)
    _anomaly.state.check_nan = bool(check_nan)


def set_default_device(device_) -> None:
    """Only the CPU (or None, the CPU) can be the default device in ember; any other device
    raises what a CPU-only torch raises when the device is used."""
    if device_ is not None:
        device(device_)  # torch's error for an unknown device name
        check_device(device_)


def get_default_device() -> device:
    return cpu
