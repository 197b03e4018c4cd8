"""Window functions: torch.hann_window, hamming_window, blackman_window, bartlett_window and
kaiser_window.

Each is computed as torch composes it, step by step in the requested dtype (an arange
scaled, then cos, scaled and shifted), so the roundings are torch's: float16 windows are
not symmetric, as torch's are not. A periodic window of length N is the symmetric one of
length N + 1 without its last point. Kaiser's window is I0(beta sqrt(1 - ((k - a)/a)^2))
/ I0(beta) with a = (N - 1) / 2, computed in float32 for float16 and float32 (torch's
"opmath"), in float64 for float64.
"""

from __future__ import annotations

import math

import numpy as np

from . import _dtype
from ._creation import _finish
from ._device import check_device
from ._tensor import Tensor
from .ops import _special_bessel as sb

__all__ = ["hann_window", "hamming_window", "blackman_window", "bartlett_window",
           "kaiser_window"]

_OPTIONS = ("torch.dtype dtype = None, torch.layout layout = None, torch.device device = "
            "None, bool pin_memory = False, bool requires_grad = False")
_TORCH_DTYPE_WORDS = {"int64": "long int", "int32": "int", "int16": "short int",
                      "int8": "signed char", "uint8": "unsigned char", "bool": "bool"}


def _signatures(name: str, extra: tuple[str, ...]) -> str:
    lines = [f" * (int window_length, *, {_OPTIONS})",
             f" * (int window_length, bool periodic, *, {_OPTIONS})"]
    for count in range(1, len(extra) + 1):
        params = ", ".join(f"float {e}" for e in extra[:count])
        lines.append(f" * (int window_length, bool periodic, {params}, *, {_OPTIONS})")
    return "\n".join(lines) + "\n"


def _parse(name: str, window_length, periodic, floats: dict, extra: tuple[str, ...]) -> int:
    """torch's argument checks: an int length, a bool periodic, float parameters given
    only after periodic (by position or keyword; given without it, they were keywords)."""
    if isinstance(window_length, Tensor) and window_length.ndim == 0 and (
            window_length._data.dtype.kind in "iu"):
        window_length = int(window_length)
    if not isinstance(window_length, (int, np.integer)) or isinstance(window_length, bool):
        raise TypeError(f"{name}(): argument 'window_length' (position 1) must be int, not "
                        f"{type(window_length).__name__}")
    bad = periodic is not None and not isinstance(periodic, bool)
    bad = bad or any(v is not None and (isinstance(v, bool) or not isinstance(
        v, (int, float))) for v in floats.values())
    missing_periodic = periodic is None and any(v is not None for v in floats.values())
    given_by_keyword = set(floats) if periodic is None else set()
    if bad or missing_periodic:
        got = ["int"] + [f"{k}={type(v).__name__}" if k in given_by_keyword
                         else type(v).__name__
                         for k, v in (("periodic", periodic), *floats.items())
                         if v is not None]
        raise TypeError(f"{name}() received an invalid combination of arguments - got "
                        f"({', '.join(got)}), but expected one of:\n"
                        + _signatures(name, extra))
    return int(window_length)


def _checked_dtype(name: str, dtype) -> np.dtype:
    numpy = (_dtype.to_dtype(dtype) if dtype is not None else _dtype.get_default_dtype()).numpy
    if numpy.kind != "f":
        word = _TORCH_DTYPE_WORDS.get(numpy.name, numpy.name)
        raise RuntimeError(f"{name} expects floating point dtypes, got: TensorOptions(dtype="
                           f"{word}, device=cpu, layout=Strided (default), requires_grad="
                           "false (default), pinned_memory=false, memory_format=(nullopt))")
    return numpy


def _step(dtype: np.dtype):
    """How one elementwise step rounds: float16 computes in float32 and rounds once, its
    numbers rounded to float16 first (as torch's in-place steps on a float16 tensor)."""
    if dtype == np.float16:
        return lambda f, *args: f(*[np.asarray(a, np.float32) if isinstance(a, np.ndarray)
                                    else np.float32(np.float16(a)) for a in args]).astype(
                                        np.float16)
    return lambda f, *args: f(*[a if isinstance(a, np.ndarray) else dtype.type(a)
                                for a in args]).astype(dtype)


def _cos(x: np.ndarray) -> np.ndarray:
    """cos in x's dtype, from float64: torch's float32 cos is rounded from a more precise
    value than NumPy's float32 one (which is up to an ulp off)."""
    return np.cos(x.astype(np.float64)).astype(x.dtype)


def _window(name: str, window_length: int, periodic: bool, dtype, requires_grad: bool,
            device, body) -> Tensor:
    check_device(device)
    numpy = _checked_dtype(name, dtype)
    if window_length < 0:
        raise RuntimeError(f"{name} requires non-negative window_length, got "
                           f"window_length={window_length}")
    if window_length == 0:
        return _finish(np.zeros(0, numpy), requires_grad)
    if window_length == 1:
        return _finish(np.ones(1, numpy), requires_grad)
    n = window_length + 1 if periodic else window_length
    values = body(n, numpy, _step(numpy))
    return _finish(np.ascontiguousarray(values[:window_length]), requires_grad)


def _cosine_terms(n: int, numpy: np.dtype, step, alpha: float, beta: float) -> np.ndarray:
    """alpha - beta cos(2 pi k / (n - 1)), as arange(n) * (2 pi / (n - 1)), cos, * -beta,
    + alpha."""
    k = np.arange(n, dtype=numpy)
    angle = step(np.multiply, k, math.pi * 2.0 / (n - 1))
    return step(np.add, step(np.multiply, step(_cos, angle), -beta), alpha)


def hamming_window(window_length: int, periodic: bool | None = None, alpha: float | None = None,
                   beta: float | None = None, *, dtype=None, layout=None, device=None,
                   pin_memory: bool = False, requires_grad: bool = False) -> Tensor:
    """alpha - beta cos(2 pi k / (N - 1)) (alpha 0.54, beta 0.46 unless given)."""
    length = _parse("hamming_window", window_length, periodic, {"alpha": alpha, "beta": beta},
                    ("alpha", "beta"))
    a = 0.54 if alpha is None else float(alpha)
    b = 0.46 if beta is None else float(beta)
    return _window("hamming_window", length, True if periodic is None else periodic, dtype,
                   requires_grad, device,
                   lambda n, numpy, step: _cosine_terms(n, numpy, step, a, b))


def hann_window(window_length: int, periodic: bool | None = None, *, dtype=None, layout=None,
                device=None, pin_memory: bool = False, requires_grad: bool = False) -> Tensor:
    """0.5 - 0.5 cos(2 pi k / (N - 1)): hamming_window with alpha = beta = 1/2."""
    length = _parse("hann_window", window_length, periodic, {}, ())
    return _window("hann_window", length, True if periodic is None else periodic, dtype,
                   requires_grad, device,
                   lambda n, numpy, step: _cosine_terms(n, numpy, step, 0.5, 0.5))


def _blackman(n: int, numpy: np.dtype, step) -> np.ndarray:
    """0.42 - 0.5 cos(2 pi k / (n - 1)) + 0.08 cos(4 pi k / (n - 1)), in torch's order."""
    angle = step(np.multiply, np.arange(n, dtype=numpy), math.pi / (n - 1))
    four = step(np.multiply, step(_cos, step(np.multiply, angle, 4)), 0.08)
    two = step(np.multiply, step(_cos, step(np.multiply, angle, 2)), 0.5)
    return step(np.add, step(np.subtract, four, two), 0.42)


def blackman_window(window_length: int, periodic: bool | None = None, *, dtype=None,
                    layout=None, device=None, pin_memory: bool = False,
                    requires_grad: bool = False) -> Tensor:
    """0.42 - 0.5 cos(2 pi k / (N - 1)) + 0.08 cos(4 pi k / (N - 1))."""
    length = _parse("blackman_window", window_length, periodic, {}, ())
    return _window("blackman_window", length, True if periodic is None else periodic, dtype,
                   requires_grad, device, _blackman)


def _bartlett(n: int, numpy: np.dtype, step) -> np.ndarray:
    """2k / (n - 1) rising to the middle, 2 - 2k / (n - 1) after it."""
    values = step(np.multiply, np.arange(n, dtype=numpy), 2.0 / (n - 1))
    first_half = ((n - 1) >> 1) + 1
    values[first_half:] = step(np.add, step(np.multiply, values[first_half:], -1), 2)
    return values


def bartlett_window(window_length: int, periodic: bool | None = None, *, dtype=None,
                    layout=None, device=None, pin_memory: bool = False,
                    requires_grad: bool = False) -> Tensor:
    """The triangle 1 - |2k / (N - 1) - 1|."""
    length = _parse("bartlett_window", window_length, periodic, {}, ())
    return _window("bartlett_window", length, True if periodic is None else periodic, dtype,
                   requires_grad, device, _bartlett)


def _kaiser(beta: float):
    def body(n: int, numpy: np.dtype, step) -> np.ndarray:
        wide = np.float64 if numpy == np.float64 else np.float32  # torch's opmath
        a = wide((n - 1) / 2.0)
        b = wide(beta)
        k = np.arange(n, dtype=numpy).astype(wide)
        with np.errstate(invalid="ignore"):
            ratio = ((k - a) / a).astype(wide)
            inside = np.sqrt((wide(1) - ratio * ratio).astype(wide)).astype(wide)
            argument = (b * inside).astype(wide)
            top = _i0_rounded(argument)
            values = (top / _i0_rounded(np.asarray([b]))[0]).astype(wide)
        return values.astype(numpy)
    return body


def _i0_rounded(x: np.ndarray) -> np.ndarray:
    """I0 in x's dtype."""
    with np.errstate(over="ignore"):
        values = sb.i0e(x.astype(np.float64)) * np.exp(np.abs(x.astype(np.float64)))
    return values.astype(x.dtype)


def kaiser_window(window_length: int, periodic: bool | None = None, beta: float | None = None,
                  *, dtype=None, layout=None, device=None, pin_memory: bool = False,
                  requires_grad: bool = False) -> Tensor:
    """I0(beta sqrt(1 - ((k - a) / a)^2)) / I0(beta), a = (N - 1) / 2 (beta 12 unless
    given)."""
    length = _parse("kaiser_window", window_length, periodic, {"beta": beta}, ("beta",))
    return _window("kaiser_window", length, True if periodic is None else periodic, dtype,
                   requires_grad, device, _kaiser(12.0 if beta is None else float(beta)))
