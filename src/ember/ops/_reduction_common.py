"""What the reductions share: reading torch's dim/keepdim arguments, putting a gradient back
into the input's shape, splitting a gradient among tied extremes, and the tangent rules.

A reduction's backward puts the incoming gradient back into the input's shape: reduced
dims are re-inserted (when keepdim was False) and the gradient is expanded over them.

Conventions shared with torch:
- `dim` may be an int, a tuple of ints or None; None and () mean every dim (except for
  any/all, where () reduces nothing). A 0-d tensor accepts dim 0 and -1.
- torch also accepts NumPy's spellings `axis=` and `keepdims=`.
"""

from __future__ import annotations

import math

import numpy as np

from .._arguments import bad_scalar
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from . import _xp as xp
from ._dims import dims_of_tensor, wrap_dim, wrap_dims

_INF = float("inf")


def expand_reduced(grad, shape: tuple, dims: tuple[int, ...], keepdim: bool):
    """The gradient of a reduction (an array or a Tensor), back in the input's shape
    (re-insert dims, then expand)."""
    if not keepdim and shape:
        grad = xp.reshape(grad, _kept_shape(shape, dims))
    return xp.expand(grad, shape)


def _kept_shape(shape: tuple, dims: tuple[int, ...]) -> tuple:
    """`shape` with the reduced dims set to 1 (the keepdim=True result shape)."""
    kept = list(shape)
    for d in dims:
        kept[d] = 1
    return tuple(kept)


def _kept_array(values: np.ndarray, shape: tuple, dims: tuple[int, ...]) -> np.ndarray:
    """A reduction's NumPy result reshaped so that it broadcasts against the input."""
    return values.reshape(_kept_shape(shape, dims)) if shape else values


def _integer_sum_dtype(x: np.ndarray):
    """torch sums (and multiplies) bool and integer tensors in int64."""
    return np.int64 if x.dtype.kind in "biu" else None


# np.sum's own work on an ndarray, without its Python wrapper (~1 us a call, as much as a
# small sum itself): the same ufunc reduction, so the same bits.
_add_reduce = np.add.reduce


def _mean_np(x: np.ndarray, dims: tuple[int, ...], keepdims: bool) -> np.ndarray:
    """np.mean, but the mean of nothing is nan without NumPy's "empty slice" warning."""
    count = _reduced_count(x.shape, dims)
    if count:  # (no 0 / 0; ops' forwards run with NumPy's other warnings off)
        return _add_reduce(x, axis=dims, keepdims=keepdims) / x.dtype.type(count)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.sum(x, axis=dims, keepdims=keepdims) / x.dtype.type(count)


def _reduced_count(shape: tuple, dims: tuple[int, ...]) -> int:
    """How many input elements go into each output element."""
    return math.prod(shape[d] for d in dims) if shape else 1


def _aliases(dim, keepdim, aliases: dict):
    """torch accepts NumPy's spellings `axis=` and `keepdims=` too."""
    if "axis" in aliases:
        dim = aliases.pop("axis")
    if "keepdims" in aliases:
        keepdim = aliases.pop("keepdims")
    if aliases:
        name = next(iter(aliases))
        raise TypeError(f"got an unexpected keyword argument '{name}'")
    return dim, keepdim


def _check_keepdim(name: str, keepdim, position: int | None = 2) -> None:
    """torch's TypeError for a keepdim that is no bool: the reductions' methods, which check
    their own keywords, take it second (norm, Python code in torch, names no position)."""
    if not isinstance(keepdim, (bool, np.bool_)):
        raise bad_scalar("bool", name, "keepdim", position, keepdim)


def _dims_arg(dim, ndim: int) -> tuple[int, ...]:
    """`dim` (None, an int or a sequence) as sorted non-negative dims; None and () mean all.

    For a 0-d tensor the dim is checked (0 and -1 are allowed) and no dims remain, since
    there is nothing to reduce over.
    """
    if isinstance(dim, np.integer):
        dim = int(dim)
    elif isinstance(dim, Tensor):
        dim = dims_of_tensor(dim)
    elif isinstance(dim, np.ndarray):  # (torch's parser takes no array for a list of dims)
        raise TypeError("argument 'dim' must be tuple of ints, not numpy.ndarray")
    if dim is None or (not isinstance(dim, int) and len(dim) == 0):
        return tuple(range(ndim))
    dims = wrap_dims(dim, ndim)
    return dims if ndim else ()


def _single_dim(name: str, dim, ndim: int) -> int:
    """A dim argument that must be one int (prod, cumsum, argmax, max(dim), ...)."""
    if isinstance(dim, np.integer):
        dim = int(dim)
    elif isinstance(dim, Tensor) and dim._data.ndim == 0 and dim._data.dtype.kind in "iu":
        dim = int(dim._data)  # (torch's parser reads a 0-d integer tensor as an int)
    if not isinstance(dim, int) or isinstance(dim, bool):
        raise TypeError(f"{name}(): argument 'dim' must be int, not {type(dim).__name__}")
    return wrap_dim(dim, ndim)


def _mask(condition, like):
    """A constant bool mask beside `like`, an array or a Tensor (comparisons of NumPy 0-d
    arrays give NumPy scalars)."""
    return xp.constant(np.asarray(condition, dtype=np.bool_), like)


def _positions(shape: tuple, dim: int) -> np.ndarray:
    """0, 1, 2, ... along `dim`, shaped to broadcast against a tensor of `shape`."""
    view = [1] * len(shape)
    view[dim] = shape[dim]
    return np.arange(shape[dim]).reshape(view)


def _matches(x: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Where x equals the (broadcast) value; NaN matches NaN, as torch's ties do."""
    return (x == value) | (np.isnan(x) & np.isnan(value)) if x.dtype.kind == "f" else x == value


def _split_evenly(g, x, out, dims: tuple, keepdim: bool, nan_ties: bool = True):
    """The gradient of a value-only extreme (max(), amax, median()): shared evenly by every
    element equal to the result.

    As in torch, max()/median() count NaNs as equal to a NaN result while amax/amin do not
    (their gradient is then NaN), and the share is multiplied by the mask, so an infinite
    gradient gives NaN where the mask is 0.
    """
    values = xp.numpy_value(x)
    shape = values.shape
    result = _kept_array(xp.numpy_value(out), shape, dims)
    hits = _matches(values, result) if nan_ties else values == result
    count = np.sum(hits, axis=dims, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        inverse_count = np.asarray(1.0 / count, dtype=xp.numpy_dtype(g))
    share = expand_reduced(g, shape, dims, keepdim) * xp.constant(inverse_count, like=g)
    return share * _mask(hits, g)


# Tangent rules of reductions whose output elements each depend on their own slice of the
# input: the partial derivatives (the backward of ones) times the tangent, summed per slice.
def _all_dims_tangent(ctx, t):
    return _fw.reduced(ctx, t, tuple(range(t._data.ndim)), False)


def _dims_tangent(ctx, t):
    """For ops whose params start with (dims, ...) and end with keepdim."""
    return _fw.reduced(ctx, t, ctx.params[0], ctx.params[-1])


def refuse_complex_grad_of_real(x, g) -> None:
    """torch's engine refuses a complex gradient for a real input that a formula does not
    reduce to its real part (prod/cumprod of a real tensor with a complex dtype=): ember's
    engine would keep the real part, so these formulas raise torch's error themselves."""
    if xp.is_complex(g) and not xp.is_complex(x):
        raise RuntimeError("Expected isFloatingType(grad.scalar_type()) || (input_is_complex "
                           "== grad_is_complex) to be true, but got false.  (Could this "
                           "error message be improved?  If so, please report an enhancement "
                           "request to PyTorch.)")
