"""Argument handling shared by the elementwise op modules (pointwise, pointwise_binary)."""

from __future__ import annotations

import numpy as np

from .._arguments import type_name
from .._dtype import result_type
from .._tensor import Tensor

__all__ = ["check_number_or_tensor", "fused_multiply_add", "in_float32", "number_in_float32",
           "promoted_for_number"]


BOOL_SUBTRACTION = (
    "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying "
    "to invert a mask, use the `~` or `logical_not()` operator instead."
)
BOOL_NEGATION = ("Negation, the `-` operator, on a bool tensor is not supported. If you are "
                 "trying to invert a mask, use the `~` or `logical_not()` operator instead.")


def check_number_or_tensor(value, name: str) -> None:
    """TypeError unless `value` is a Tensor or a (Python or NumPy) number, complex ones
    included (an op without complex support refuses them when it runs: _dispatch)."""
    if type(value) is float or isinstance(value, Tensor):
        return  # the common cases, checked first: this runs on every `x * y`
    if not isinstance(value, (int, float, bool, complex, np.number, np.bool_)):
        raise TypeError(f"{name} must be a Tensor or a number, not {type_name(value)}")


def promoted_for_number(input: Tensor, *numbers) -> Tensor:
    """`input` cast to the dtype torch computes `input ** number` (or `clamp(input, lo, hi)`)
    in.

    The numbers are op parameters, not inputs, so the dispatcher's promotion does not see
    them: an integer tensor with a float number computes in the default float dtype.
    """
    if input._data.dtype.kind == "f":
        if input._data.dtype is HALF and any(type(n) is complex for n in numbers):
            result_type(input, *numbers)  # (torch's complex32, which ember lacks: refused)
        return input
    target = result_type(input, *numbers)
    if target.numpy == input._data.dtype:
        return input
    if input._requires_grad and target.numpy.kind in "biu":
        # a bool that came to require grad (b.gt_(w)) computing in int64: torch's integer
        # result of an input that requires grad (the cast alone would hide it)
        from .._dispatch import _type_name, integers_recorded  # (_dispatch imports this)

        if not integers_recorded[0]:
            raise RuntimeError(f"Autograd not support dtype: {_type_name(target.numpy)}")
    return input.to(target)


# torch's CPU kernels round some compound formulas once, as a fused multiply-add: lerp,
# add/sub with alpha, addcmul. NumPy has no fma; a wider dtype holds the product exactly
# (float16/float32 in float64) or nearly so (float64 in long double: about one value in a
# thousand then differs from torch in the last bit), so one rounding back gives torch's
# values.
_WIDER = {np.dtype(np.float16): np.float64, np.dtype(np.float32): np.float64,
          np.dtype(np.float64): np.longdouble}


def fused_multiply_add(a, b, c, out=None):
    """a * b + c rounded once, in the dtype of `b` (a float array); `a` and `c` are arrays
    or scalars of that dtype. With `out` (an array of b's dtype and shape) the result is
    written there (an in-place update) and `out` is returned."""
    wide = _WIDER.get(b.dtype)
    if wide is None:
        result = a * b + c
        if out is None:
            return result
        out[...] = result
        return out
    if type(c) is np.ndarray and c.shape == b.shape and (
            not isinstance(a, np.ndarray) or a.shape in ((), b.shape)):
        # Explicit casts and in-place steps of one dtype: NumPy's fastest loops (a mixed
        # float64 += float32 step takes its slow buffered path).
        result = b.astype(wide)
        if isinstance(a, np.ndarray) and a.ndim:
            result *= a.astype(wide)
        else:
            result *= float(a) if wide is np.float64 else wide(a)
        result += c.astype(wide)
    else:
        result = np.add(np.multiply(a, b, dtype=wide), c, dtype=wide)
    if out is None:
        return result.astype(b.dtype)
    np.copyto(out, result, casting="same_kind")  # the one rounding, into place
    return out


# torch's mul and div kernels take a float16 tensor's number operand (a Python number, or a
# 0-d tensor of another dtype) as a float32 "opmath" value, converted once from its own
# precision, compute in float32 and round the result once: `half * 0.1` is not
# `half * float16(0.1)`, and `half * 1e5` or `half / 1e-5` are finite where the number has
# no float16 value. Gradients that multiply by such a number (grad * 0.1, grad * alpha) are
# computed the same way, since torch's backward formulas call the same kernels.
HALF = np.dtype(np.float16)


def number_in_float32(value) -> bool:
    """Whether `value`, beside a float16 array, is what torch computes in float32: a real
    Python or NumPy number, or a 0-d array of another dtype than float16."""
    if isinstance(value, np.ndarray):
        return value.ndim == 0 and value.dtype is not HALF and value.dtype.kind in "biuf"
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, (bool, np.float16))


def in_float32(forward, x: np.ndarray, value, *params) -> np.ndarray:
    """forward(x, value) for a float16 array `x` and a number (number_in_float32), as torch
    computes it: in float32, the result rounded once to float16 (explicit casts: NumPy 1
    would compute a 0-d float32 beside float16 values in float16)."""
    with np.errstate(all="ignore"):  # (1e40 is inf in float32, as in torch)
        number = (value.astype(np.float32) if isinstance(value, np.ndarray)
                  else np.array(float(value), dtype=np.float32))
        out = forward(x.astype(np.float32), number, *params)
        return np.asarray(out).astype(HALF)  # (beyond float16's range: inf, silently)

