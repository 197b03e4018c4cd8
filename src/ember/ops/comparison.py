"""Whole-tensor comparisons that answer with a Python bool or a bool tensor: allclose, equal."""

from __future__ import annotations

import numpy as np

from .._batched_array import ALLCLOSE, NO_BATCHING_RULE, refuse_batched
from .._dtype import result_type, scalar_type_name
from .._tensor import Tensor
from ..autograd.node import history_first
from ._registry import public
from ._result_layout import relaid


def _arrays(input: Tensor, other: Tensor) -> tuple[np.ndarray, np.ndarray]:
    if not isinstance(other, Tensor):
        raise TypeError(f"expected a Tensor as 'other', got {type(other).__name__}")
    common = result_type(input, other).numpy
    return input._data.astype(common, copy=False), other._data.astype(common, copy=False)


def _check_broadcast(a: np.ndarray, b: np.ndarray) -> None:
    try:
        np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise RuntimeError(
            f"The size of tensor a ({a.shape[-1]}) must match the size of tensor b "
            f"({b.shape[-1]}) at non-singleton dimension {max(a.ndim, b.ndim) - 1}"
        ) from None


def _same_dtype(name: str, input, other) -> None:
    """isclose/allclose take two tensors of one dtype: torch promotes nothing here (a 0-d
    float64 beside float32 is its "Float did not match Double")."""
    for position, (arg, value) in enumerate((("input", input), ("other", other))):
        if not isinstance(value, Tensor):
            raise TypeError(f"{name}(): argument '{arg}' (position {position + 1}) must be "
                            f"Tensor, not {type(value).__name__}")
    if input._data.dtype != other._data.dtype:
        raise RuntimeError(f"{scalar_type_name(input._data.dtype.name)} did not match "
                           f"{scalar_type_name(other._data.dtype.name)}")


@public()
def isclose(input: Tensor, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08,
            equal_nan: bool = False) -> Tensor:
    """|input - other| <= atol + rtol * |other|, elementwise."""
    _same_dtype("isclose", input, other)
    a, b = _arrays(input, other)
    _check_broadcast(a, b)
    if a.dtype.kind in "fc":  # torch composes it of |input - other|: sub reads the history
        history_first(input, other)
    close = np.asarray(np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan))
    return Tensor(relaid(close, [a, b]) if close.ndim > 1 else close)


@public()
def allclose(input: Tensor, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08,
             equal_nan: bool = False) -> bool:
    """True when every element is close (see `isclose`)."""
    _same_dtype("allclose", input, other)
    refuse_batched(ALLCLOSE, input, other)
    # (torch's allclose is one op of its own: it reads no history, as isclose does)
    a, b = _arrays(input, other)
    _check_broadcast(a, b)
    return bool(np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan).all())


@public()
def equal(input: Tensor, other: Tensor) -> bool:
    """True when both tensors have the same shape and the same values."""
    refuse_batched(NO_BATCHING_RULE.format("equal"), input, other)
    a, b = _arrays(input, other)
    return a.shape == b.shape and bool(np.array_equal(a, b))
