"""torch.testing.make_tensor: a tensor of random values in [low, high) for tests, drawn as
torch draws them (randint for integers and bools, uniform_ for floats), so the same seed
gives torch's tensor."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence

from .. import _dtype
from .._tensor import Tensor

__all__ = ["make_tensor"]


def _kind(dtype) -> str:
    np_dtype = _dtype.to_dtype(dtype).numpy
    return {"b": "bool", "i": "integral", "u": "integral", "f": "floating"}[np_dtype.kind]


def make_tensor(*shape, dtype, device, low=None, high=None, requires_grad: bool = False,
                noncontiguous: bool = False, exclude_zero: bool = False,
                memory_format=None) -> Tensor:
    """A tensor of `shape` and `dtype` with values drawn uniformly from [low, high) (by
    default [-9, 9) for floats, [-9, 10) for signed integers, [0, 10) for unsigned ones,
    {False, True} for bools); `noncontiguous` gives it gaps, `exclude_zero` replaces zeros
    by the smallest positive value (1 for integers)."""
    import ember

    kind = _kind(dtype)
    floating = kind == "floating"

    def bounds(low, high, lowest, highest, default_low, default_high):
        low = default_low if low is None else low
        high = default_high if high is None else high
        if any(isinstance(v, float) and math.isnan(v) for v in (low, high)):
            raise ValueError(f"`low` and `high` cannot be NaN, but got low={low} and high={high}")
        if low == high and floating:
            warnings.warn("Passing `low==high` to `torch.testing.make_tensor` for floating or "
                          "complex types is deprecated since 2.1 and will be removed in 2.3. "
                          "Use `torch.full(...)` instead.", FutureWarning, stacklevel=3)
        elif low >= high:
            raise ValueError(f"`low` must be less than `high`, but got {low} >= {high}")
        elif high < lowest or low >= highest:
            raise ValueError(f"The value interval specified by `low` and `high` is [{low}, "
                             f"{high}), but {dtype} only supports [{lowest}, {highest})")
        low, high = min(max(low, lowest), highest), min(max(high, lowest), highest)
        if not floating:
            return math.ceil(low), math.ceil(high)
        return low, high

    if len(shape) == 1 and isinstance(shape[0], Sequence):
        shape = shape[0]
    shape = tuple(shape)
    if noncontiguous and memory_format is not None:
        raise ValueError("The parameters `noncontiguous` and `memory_format` are mutually "
                         f"exclusive, but got noncontiguous={noncontiguous} and "
                         f"memory_format={memory_format}")
    if requires_grad and not floating:
        raise ValueError("`requires_grad=True` is not supported for boolean and integral "
                         f"dtypes, but got dtype={dtype}")
    noncontiguous = noncontiguous and math.prod(shape) > 1
    if noncontiguous:
        shape = (*shape[:-1], 2 * shape[-1])
    if kind == "bool":
        low, high = bounds(low, high, 0, 2, 0, 2)
        result = ember.randint(low, high, shape, device=device, dtype=dtype)
    elif kind == "integral":
        info = ember.iinfo(dtype)
        low, high = bounds(low, high, info.min,
                           info.max + (1 if dtype is not ember.int64 else 0), -9, 10)
        result = ember.randint(low, high, shape, device=device, dtype=dtype)
    else:
        info = ember.finfo(dtype)
        low, high = bounds(low, high, info.min, info.max, -9, 9)
        result = ember.empty(shape, device=device, dtype=dtype)
        if high - low >= info.max:
            result.uniform_(low / 2, high / 2).mul_(2)
        else:
            result.uniform_(low, high)
    if noncontiguous:
        result = result[..., 1::2]
    elif memory_format is not None:
        result = result.clone(memory_format=memory_format)
    if exclude_zero:
        result[result == 0] = 1 if not floating else ember.finfo(dtype).tiny
    if floating:
        result.requires_grad = requires_grad
    return result
