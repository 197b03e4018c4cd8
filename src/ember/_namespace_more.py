"""Small torch namespace functions: settings torch keeps in C++ (`set_default_tensor_type`,
`set_flush_denormal`, `init_num_threads`, the autocast state), `empty_permuted`,
`slice_inverse`, `is_storage`, `get_device_module`, DLPack exchange, and the eager forms
of the control-flow operators `cond` and `while_loop`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from . import _dtype
from ._device import device as _device
from ._tensor import Tensor
from ._warnings import warn, warn_once

__all__ = [
    "set_default_tensor_type", "set_flush_denormal", "init_num_threads", "empty_permuted",
    "slice_inverse", "is_storage", "get_device_module", "from_dlpack", "to_dlpack", "cond",
    "while_loop", "get_autocast_dtype", "set_autocast_dtype", "get_autocast_cpu_dtype",
    "set_autocast_cpu_dtype", "get_autocast_gpu_dtype", "set_autocast_gpu_dtype",
    "get_autocast_ipu_dtype", "set_autocast_ipu_dtype", "get_autocast_xla_dtype",
    "set_autocast_xla_dtype", "set_autocast_enabled", "set_autocast_cpu_enabled",
    "is_autocast_cpu_enabled", "set_autocast_ipu_enabled", "is_autocast_ipu_enabled",
    "set_autocast_xla_enabled", "is_autocast_xla_enabled", "is_autocast_cache_enabled",
    "set_autocast_cache_enabled", "clear_autocast_cache", "autocast_increment_nesting",
    "autocast_decrement_nesting",
]


# ---------------------------------------------------------------------- settings
def set_default_tensor_type(t) -> None:
    """Deprecated: the default floating dtype from a tensor type (torch.DoubleTensor) or
    its name ("torch.DoubleTensor")."""
    from . import _legacy_types

    warn_once("set_default_tensor_type",
              "torch.set_default_tensor_type() is deprecated as of PyTorch 2.1, please use "
              "torch.set_default_dtype() and torch.set_default_device() as alternatives.")
    if isinstance(t, str):
        if t.startswith("torch.cuda."):
            raise TypeError(f"type {t} not available. Torch not compiled with CUDA enabled.")
        module, _, name = t.rpartition(".")
        if module != "torch" or not hasattr(_legacy_types, name):
            __import__(module or t)  # (torch imports the module named: a ModuleNotFoundError)
            raise TypeError(f"invalid type: '{t}'")
        t = getattr(_legacy_types, name)
    if not isinstance(t, _legacy_types.tensortype):
        raise TypeError("invalid type object: only floating-point types are supported as the "
                        "default type")
    _dtype.set_default_dtype(t.dtype)


_flush_denormal = [False]


def set_flush_denormal(mode: bool) -> bool:
    """Whether denormal floats could be flushed to zero: True on x86 CPUs with SSE3, as
    torch answers there. ember records the mode but computes with NumPy, which keeps
    denormals (docs/differences.md)."""
    _flush_denormal[0] = bool(mode)
    return True


def init_num_threads() -> None:
    """Initialises the thread pool in torch; ember's NumPy has nothing to start."""


# ---------------------------------------------------------------------- tensors
def empty_permuted(size: Sequence[int], physical_layout: Sequence[int], *, dtype=None,
                   layout=None, device=None, requires_grad: bool = False,
                   pin_memory: bool = False) -> Tensor:
    """An uninitialised tensor (zeros in ember) of `size` whose dims lie in memory in the
    order `physical_layout` (outermost first)."""
    from ._namespace_extras import empty_strided

    size, order = tuple(size), tuple(physical_layout)
    if len(size) != len(order):
        raise RuntimeError(f"Number of dimensions in size does not match the length of the "
                           f"physical_layout; i.e. len(size) = {len(size)} is not equal to "
                           f"len(physical_layout) = {len(order)}")
    if sorted(order) != list(range(len(order))):
        raise RuntimeError("Duplicate dim not allowed")
    strides = [0] * len(size)
    step = 1
    for d in reversed(order):
        strides[d] = step
        step *= max(size[d], 1)
    return empty_strided(size, strides, dtype=dtype, device=device,
                         requires_grad=requires_grad)


def slice_inverse(input: Tensor, src: Tensor, dim: int = 0, start=None, end=None,
                  step: int = 1) -> Tensor:
    """The inverse of a slice view, as functionalization uses it: input's memory seen with
    src's sizes, strides and offset (src the tensor input was sliced from)."""
    return input.as_strided(tuple(src.shape), src.stride(), src.storage_offset())


def is_storage(obj: Any) -> bool:
    """Whether obj is a storage (what Tensor.storage() or untyped_storage() returns)."""
    from .storage import TypedStorage, UntypedStorage

    return isinstance(obj, (TypedStorage, UntypedStorage))


def get_device_module(device=None):
    """The module of a device type: ember.cpu (torch.cpu) for "cpu" and by default,
    ember.cuda for "cuda"."""
    from . import cpu, cuda

    name = "cpu" if device is None else _device(device).type if not isinstance(
        device, _device) else device.type
    if name == "cpu":
        return cpu
    if name == "cuda":
        return cuda
    raise RuntimeError(f"Device '{name}' does not have a corresponding module registered as "
                       f"'torch.{name}'.")


class _Capsule:
    """A DLPack capsule presented as an exporter, for NumPy's from_dlpack."""

    def __init__(self, capsule) -> None:
        self.capsule = capsule

    def __dlpack__(self, **_) -> Any:
        return self.capsule

    def __dlpack_device__(self) -> tuple[int, int]:
        return (1, 0)


def from_dlpack(ext_tensor: Any) -> Tensor:
    """A tensor sharing the memory of a DLPack exporter (an object with __dlpack__, as a
    NumPy array or a tensor of another library) or of a capsule from to_dlpack."""
    if isinstance(ext_tensor, Tensor):
        return ext_tensor.detach()
    if type(ext_tensor).__name__ == "PyCapsule":
        ext_tensor = _Capsule(ext_tensor)
    elif not hasattr(ext_tensor, "__dlpack__"):  # (torch reads anything else as a capsule)
        raise RuntimeError("from_dlpack received an invalid capsule. Note that DLTensor "
                           "capsules can be consumed only once, so you might have already "
                           "constructed a tensor from it once.")
    return Tensor(np.from_dlpack(ext_tensor))


def to_dlpack(tensor: Tensor) -> Any:
    """A DLPack capsule sharing tensor's memory (consumed once, by from_dlpack)."""
    return tensor._data.__dlpack__()


# ---------------------------------------------------------------------- control flow
def cond(pred, true_fn: Callable, false_fn: Callable, operands: tuple | list = ()) -> Any:
    """Eager torch.cond: true_fn(*operands) if pred else false_fn(*operands); pred a bool
    (or number) or a one-element tensor. torch records a tensor-predicate call as one
    CondAutogradOp node; ember records the branch's own ops (docs/differences.md)."""
    if isinstance(pred, Tensor):
        if pred.numel() != 1:
            raise RuntimeError(f"Expected pred to be bool or single-element tensor, but got "
                               f"{pred}.")
        pred = bool(pred.item())
    if not callable(true_fn) or not callable(false_fn):
        raise RuntimeError("Expect both branches to be callable.")
    return (true_fn if pred else false_fn)(*operands)


def while_loop(cond_fn: Callable, body_fn: Callable, carried_inputs: tuple | list) -> Any:
    """Eager torch.while_loop: body_fn runs on the carried values while cond_fn of them is
    true; returns the last carried values (the inputs themselves if it never ran)."""
    if not callable(cond_fn) or not callable(body_fn):
        raise RuntimeError("Expect cond_fn and body_fn to be callable.")
    for value in carried_inputs:
        if not isinstance(value, (Tensor, int)):
            raise AssertionError(f"{list(carried_inputs)} can only be of (<class "
                                 "'torch.Tensor'>, <class 'int'>, <class 'torch.SymInt'>) "
                                 f"but got ({type(value)},)")
    carried = tuple(carried_inputs)
    result: Any = carried
    while cond_fn(*carried):
        result = body_fn(*carried)
        carried = result if isinstance(result, tuple) else (result,)
    return result


# ---------------------------------------------------------------------- autocast state
_DEFAULT_DTYPES = {"cpu": "bfloat16", "cuda": _dtype.float16, "ipu": _dtype.float16,
                   "xla": "bfloat16", "xpu": "bfloat16", "mps": _dtype.float16,
                   "hpu": "bfloat16", "mtia": "bfloat16", "maia": "bfloat16"}


class _AutocastState(threading.local):
    def __init__(self) -> None:
        self.enabled: dict[str, bool] = {}
        self.dtypes: dict[str, Any] = {}
        self.cache = True
        self.nesting = 0


_state = _AutocastState()


def _device_type(device_type: str) -> str:
    return _device(device_type).type


def get_autocast_dtype(device_type: str):
    """The dtype autocast on `device_type` computes in (set_autocast_dtype's, or torch's
    default: bfloat16 on the CPU, which ember lacks, float16 on CUDA)."""
    name = _device_type(device_type)
    found = _state.dtypes.get(name, _DEFAULT_DTYPES.get(name, _dtype.float16))
    if isinstance(found, str):
        from ._dtype import missing_dtype

        raise missing_dtype(found)
    return found


def set_autocast_dtype(device_type: str, dtype) -> None:
    _state.dtypes[_device_type(device_type)] = dtype


def _deprecated(old: str, new: str) -> None:
    warn(f"torch.{old} is deprecated. Please use torch.{new} instead.", DeprecationWarning)


def get_autocast_cpu_dtype():
    _deprecated("get_autocast_cpu_dtype()", "get_autocast_dtype('cpu')")
    return get_autocast_dtype("cpu")


def get_autocast_gpu_dtype():
    _deprecated("get_autocast_gpu_dtype()", "get_autocast_dtype('cuda')")
    return get_autocast_dtype("cuda")


def get_autocast_ipu_dtype():
    _deprecated("get_autocast_ipu_dtype()", "get_autocast_dtype('ipu')")
    return get_autocast_dtype("ipu")


def get_autocast_xla_dtype():
    _deprecated("get_autocast_xla_dtype()", "get_autocast_dtype('xla')")
    return get_autocast_dtype("xla")


def set_autocast_cpu_dtype(dtype) -> None:
    _deprecated("set_autocast_cpu_dtype(dtype)", "set_autocast_dtype('cpu', dtype)")
    set_autocast_dtype("cpu", dtype)


def set_autocast_gpu_dtype(dtype) -> None:
    _deprecated("set_autocast_gpu_dtype(dtype)", "set_autocast_dtype('cuda', dtype)")
    set_autocast_dtype("cuda", dtype)


def set_autocast_ipu_dtype(dtype) -> None:
    _deprecated("set_autocast_ipu_dtype(dtype)", "set_autocast_dtype('ipu', dtype)")
    set_autocast_dtype("ipu", dtype)


def set_autocast_xla_dtype(dtype) -> None:
    _deprecated("set_autocast_xla_dtype(dtype)", "set_autocast_dtype('xla', dtype)")
    set_autocast_dtype("xla", dtype)


def _bool(value, words: str) -> bool:
    if type(value) is not bool:
        raise TypeError(words.format(type(value).__name__))
    return value


def set_autocast_enabled(device_type, enabled=None) -> None:
    """Turn autocast on `device_type` on or off (the one-argument form: CUDA's). ember
    cannot run the CPU's (no bfloat16, no per-op casting): enabling it raises."""
    if enabled is None:  # set_autocast_enabled(enabled): CUDA's flag
        device_type, enabled = "cuda", _bool(
            device_type, "set_autocast_enabled(): argument 'enabled' (position 1) must be "
                         "bool, not {}")
    name = _device_type(device_type)
    enabled = _bool(enabled, "set_autocast_enabled(): argument 'enabled' (position 2) must "
                             "be bool, not {}")
    if enabled and name == "cpu":
        raise NotImplementedError(
            "CPU autocast is not supported by ember (it has no bfloat16 and no per-op "
            "casting rules): torch.set_autocast_enabled('cpu', True)")
    _state.enabled[name] = enabled


def autocast_enabled(device_type: str | None) -> bool:
    """The flag is_autocast_enabled reads (None: CUDA's)."""
    return _state.enabled.get("cuda" if device_type is None else _device_type(device_type),
                              False)


def _device_switches(device: str) -> tuple:
    """torch's deprecated per-device pair set_autocast_<device>_enabled /
    is_autocast_<device>_enabled, which forward to the device-argument forms."""
    def setter(enabled) -> None:
        enabled = _bool(enabled, "enabled must be a bool (got {})")
        _deprecated(f"set_autocast_{device}_enabled(enabled)",
                    f"set_autocast_enabled('{device}', enabled)")
        set_autocast_enabled(device, enabled)

    def getter() -> bool:
        _deprecated(f"is_autocast_{device}_enabled()", f"is_autocast_enabled('{device}')")
        return autocast_enabled(device)

    setter.__name__ = setter.__qualname__ = f"set_autocast_{device}_enabled"
    getter.__name__ = getter.__qualname__ = f"is_autocast_{device}_enabled"
    return setter, getter


set_autocast_cpu_enabled, is_autocast_cpu_enabled = _device_switches("cpu")
set_autocast_ipu_enabled, is_autocast_ipu_enabled = _device_switches("ipu")
set_autocast_xla_enabled, is_autocast_xla_enabled = _device_switches("xla")


def is_autocast_cache_enabled() -> bool:
    return _state.cache


def set_autocast_cache_enabled(enabled) -> None:
    _state.cache = _bool(enabled, "enabled must be a bool (got {})")


def clear_autocast_cache() -> None:
    """Drop autocast's cast copies of weights: ember keeps none."""


def autocast_increment_nesting() -> int:
    _state.nesting += 1
    return _state.nesting


def autocast_decrement_nesting() -> int:
    _state.nesting -= 1
    return _state.nesting

