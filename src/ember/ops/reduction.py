"""Reductions: sum, mean, prod, max/min, std/var, norm, logsumexp, cumulative ops, any/all.

A reduction's backward puts the incoming gradient back into the input's shape: reduced
dims are re-inserted (when keepdim was False) and the gradient is expanded over them.

Conventions shared with torch:
- `dim` may be an int, a tuple of ints or None; None and () mean every dim (except for
  any/all, where () reduces nothing). A 0-d tensor accepts dim 0 and -1.
- torch also accepts NumPy's spellings `axis=` and `keepdims=`.
- Where several elements share the extreme value, reductions that return only values
  (max(), amax, median()) split the gradient evenly among them; those that also return
  indices (max(dim), median(dim)) send it to the element whose index they returned.
"""

from __future__ import annotations

import builtins
import math
import operator
import warnings
from types import SimpleNamespace

import numpy as np

from .._dispatch import apply
from .._grad_mode import no_grad
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from ._dims import wrap_dim, wrap_dims
from ._registry import FLOAT, OPS, OUT, SAME, declare, public
from .pointwise import maximum, minimum, where

_INF = float("inf")


# ====================================================================== helpers
def _axis(dims: tuple[int, ...], ndim: int):
    """NumPy's axis for reduced dims (a 0-d tensor reduces over nothing)."""
    return dims if ndim else None


def expand_reduced(grad: Tensor, shape: tuple, dims: tuple[int, ...], keepdim: bool) -> Tensor:
    """The gradient of a reduction, back in the input's shape (re-insert dims, then expand)."""
    if not keepdim and shape:
        grad = grad.reshape(_kept_shape(shape, dims))
    return grad.expand(shape)


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


def _mean_np(x: np.ndarray, dims: tuple[int, ...], keepdims: bool) -> np.ndarray:
    """np.mean, but the mean of nothing is nan without NumPy's "empty slice" warning."""
    count = _reduced_count(x.shape, dims)
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


def _check_keepdim(name: str, keepdim) -> None:
    if not isinstance(keepdim, (bool, np.bool_)):
        raise TypeError(
            f"{name}(): argument 'keepdim' must be bool, not {type(keepdim).__name__}"
        )


def _dims_arg(dim, ndim: int) -> tuple[int, ...]:
    """`dim` (None, an int or a sequence) as sorted non-negative dims; None and () mean all.

    For a 0-d tensor the dim is checked (0 and -1 are allowed) and no dims remain, since
    there is nothing to reduce over.
    """
    if isinstance(dim, np.integer):
        dim = int(dim)
    if dim is None or (not isinstance(dim, int) and len(dim) == 0):
        return tuple(range(ndim))
    dims = wrap_dims(dim, ndim)
    return dims if ndim else ()


def _single_dim(name: str, dim, ndim: int) -> int:
    """A dim argument that must be one int (prod, cumsum, argmax, max(dim), ...)."""
    if isinstance(dim, np.integer):
        dim = int(dim)
    if not isinstance(dim, int) or isinstance(dim, bool):
        raise TypeError(f"{name}(): argument 'dim' must be int, not {type(dim).__name__}")
    return wrap_dim(dim, ndim)


def _type_word(t: Tensor) -> str:
    return {"int64": "Long", "int32": "Int", "int16": "Short", "int8": "Char",
            "uint8": "Byte", "bool": "Bool", "float32": "Float", "float64": "Double",
            "float16": "Half"}.get(t.dtype.name, t.dtype.name)


def _nonempty_dims(name: str, input: Tensor, dims: tuple[int, ...], dim_given: bool) -> None:
    """max/min-like reductions have no identity: refuse to reduce over nothing."""
    shape = input._data.shape
    if not dim_given and input._data.size == 0:
        raise RuntimeError(
            f"{name}(): Expected reduction dim to be specified for input.numel() == 0. "
            "Specify the reduction dim with the 'dim' argument."
        )
    for d in dims:
        if shape[d] == 0:
            raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")


def _mask(condition) -> Tensor:
    """A constant bool tensor (comparisons of NumPy 0-d arrays give NumPy scalars)."""
    return Tensor(np.asarray(condition, dtype=np.bool_))


def _positions(shape: tuple, dim: int) -> np.ndarray:
    """0, 1, 2, ... along `dim`, shaped to broadcast against a tensor of `shape`."""
    view = [1] * len(shape)
    view[dim] = shape[dim]
    return np.arange(shape[dim]).reshape(view)


def _one_hot(shape: tuple, dim: int, indices: np.ndarray) -> np.ndarray:
    """A bool mask of `shape` that is True exactly at `indices` (keepdim-shaped) along dim."""
    return _positions(shape, dim) == indices


def _matches(x: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Where x equals the (broadcast) value; NaN matches NaN, as torch's ties do."""
    return (x == value) | (np.isnan(x) & np.isnan(value)) if x.dtype.kind == "f" else x == value


def _split_evenly(g: Tensor, x: Tensor, out: Tensor, dims: tuple, keepdim: bool,
                  nan_ties: bool = True) -> Tensor:
    """The gradient of a value-only extreme (max(), amax, median()): shared evenly by every
    element equal to the result.

    As in torch, max()/median() count NaNs as equal to a NaN result while amax/amin do not
    (their gradient is then NaN), and the share is multiplied by the mask, so an infinite
    gradient gives NaN where the mask is 0.
    """
    shape = x._data.shape
    result = _kept_array(out._data, shape, dims)
    hits = _matches(x._data, result) if nan_ties else x._data == result
    count = np.sum(hits, axis=dims, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        inverse_count = np.asarray(1.0 / count, dtype=g._data.dtype)
    share = expand_reduced(g, shape, dims, keepdim) * Tensor(inverse_count)
    return share * _mask(hits)


def _to_selected(g: Tensor, shape: tuple, dim: int, indices: np.ndarray,
                 keepdim: bool) -> Tensor:
    """The gradient of max(dim)-like reductions: all of it to the element that was chosen."""
    if not shape:
        return g
    kept_indices = indices if keepdim else np.expand_dims(indices, dim)
    mask = _one_hot(shape, dim, kept_indices)
    return where(_mask(mask), expand_reduced(g, shape, (dim,), keepdim), 0.0)


# ====================================================================== return types
class _ReturnType(tuple):
    """A tuple whose items also have names, printed as torch prints its return types."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()

    def __repr__(self) -> str:
        body = ",\n".join(f"{name}={value!r}" for name, value in zip(self._fields, self))
        return f"torch.return_types.{type(self).__name__}(\n{body})"

    __str__ = __repr__

    @property
    def n_fields(self) -> int:
        return len(self._fields)

    n_sequence_fields = n_fields


def _return_type(name: str, fields: tuple[str, ...]) -> type:
    """A `torch.return_types.<name>` class: build it from a sequence, read items by name."""
    namespace = {"__slots__": (), "_fields": fields, "__module__": __name__,
                 "__qualname__": f"return_types.{name}"}
    for index, field in enumerate(fields):
        namespace[field] = property(operator.itemgetter(index), doc=f"Item {index}.")
    return type(name, (_ReturnType,), namespace)


return_types = SimpleNamespace(
    max=_return_type("max", ("values", "indices")),
    min=_return_type("min", ("values", "indices")),
    median=_return_type("median", ("values", "indices")),
    aminmax=_return_type("aminmax", ("min", "max")),
)


# ====================================================================== sum / mean
# Tangent rules of reductions whose output elements each depend on their own slice of the
# input: the partial derivatives (the backward of ones) times the tangent, summed per slice.
def _all_dims_tangent(ctx, t):
    return _fw.reduced(ctx, t, tuple(range(t._data.ndim)), False)


def _dims_tangent(ctx, t):
    """For ops whose params start with (dims, ...) and end with keepdim."""
    return _fw.reduced(ctx, t, ctx.params[0], ctx.params[-1])


@declare("sum", grad_fn="SumBackward0", dtype=SAME, formula="d sum(x)/dx_i = 1")
def _sum_all(x, input_shape):
    return np.sum(x, dtype=_integer_sum_dtype(x))


@_sum_all.backward
def _(ctx, g):
    return (g.expand(ctx.params[0]),)


_sum_all.tangent(_fw.linear)


@declare("sum_dim", grad_fn="SumBackward1", dtype=SAME, formula="d sum(x, dim)/dx_i = 1")
def _sum_dim(x, shape, dims, keepdim):
    return np.sum(x, axis=dims, keepdims=keepdim, dtype=_integer_sum_dtype(x))


@_sum_dim.backward
def _(ctx, g):
    shape, dims, keepdim = ctx.params
    return (expand_reduced(g, shape, dims, keepdim),)


_sum_dim.tangent(_fw.linear)


@public()
def sum(input: Tensor, dim=None, keepdim: bool = False, *, dtype=None, **aliases) -> Tensor:
    """Sum of all elements, or over `dim` (an int or a tuple of ints).

    Bool and integer tensors are summed in int64, as torch does.
    """
    dim, keepdim = _aliases(dim, keepdim, aliases)
    _check_keepdim("sum", keepdim)
    if dtype is not None:
        input = input.to(dtype)
    if dim is None and not keepdim:
        return apply(OPS["sum"], (input,), (input._data.shape,))
    dims = _dims_arg(dim, input._data.ndim)
    return apply(OPS["sum_dim"], (input,), (input._data.shape, dims, keepdim))


@declare("mean", grad_fn="MeanBackward0", dtype=SAME, formula="d mean(x)/dx_i = 1/n")
def _mean_all(x, input_shape):
    return _mean_np(x, tuple(range(x.ndim)), False)


@_mean_all.backward
def _(ctx, g):
    (shape,) = ctx.params
    return ((g / math.prod(shape)).expand(shape),)


_mean_all.tangent(_fw.linear)


@declare("mean_dim", grad_fn="MeanBackward1", dtype=SAME, formula="d mean(x, dim)/dx_i = 1/n")
def _mean_dim(x, shape, dims, keepdim):
    return _mean_np(x, dims, keepdim)


@_mean_dim.backward
def _(ctx, g):
    shape, dims, keepdim = ctx.params
    return (expand_reduced(g / _reduced_count(shape, dims), shape, dims, keepdim),)


_mean_dim.tangent(_fw.linear)


def _check_floating(name: str, input: Tensor) -> None:
    if input._data.dtype.kind != "f":
        raise RuntimeError(
            f"{name}(): could not infer output dtype. Input dtype must be either a floating "
            f"point or complex dtype. Got: {_type_word(input)}"
        )


@public()
def mean(input: Tensor, dim=None, keepdim: bool = False, *, dtype=None, **aliases) -> Tensor:
    """Mean of all elements, or over `dim` (floating point tensors only, as in torch)."""
    dim, keepdim = _aliases(dim, keepdim, aliases)
    _check_keepdim("mean", keepdim)
    if dtype is not None:
        input = input.to(dtype)
    _check_floating("mean", input)
    if dim is None and not keepdim:
        return apply(OPS["mean"], (input,), (input._data.shape,))
    dims = _dims_arg(dim, input._data.ndim)
    return apply(OPS["mean_dim"], (input,), (input._data.shape, dims, keepdim))


# ---------------------------------------------------------------------- sum_to_size
@declare("sum_to_size", grad_fn="SumBackward1", dtype=SAME,
         formula="d sum_to_size(x)/dx_i = 1")
def _sum_to_size(x, shape, input_shape):
    lead = x.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(
        lead + i for i, s in enumerate(shape) if s == 1 and x.shape[lead + i] != 1)
    result = np.sum(x, axis=axes, keepdims=True) if axes else x
    return result.reshape(shape)


@_sum_to_size.backward
def _(ctx, g):
    return (g.expand(ctx.params[1]),)


_sum_to_size.tangent(_fw.linear)


@public()
def sum_to_size(input: Tensor, *size) -> Tensor:
    """Sum broadcast dims away so the result has `size` (the inverse of expand)."""
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = tuple(size[0])
    size = tuple(size)
    if tuple(input._data.shape) == size:
        return input
    try:
        if np.broadcast_shapes(size, input._data.shape) != input._data.shape:
            raise ValueError
    except ValueError:
        raise RuntimeError(
            f"size {{{list(size)}}} is not expandable to size {{{list(input._data.shape)}}}."
        ) from None
    return apply(OPS["sum_to_size"], (input,), (size, input._data.shape))


# ====================================================================== prod
@declare("prod", grad_fn="ProdBackward0", saves=(0, OUT), dtype=SAME,
         formula="d prod(x)/dx_i = prod_{j != i} x_j")
def _prod_all(x):
    return np.prod(x, dtype=_integer_sum_dtype(x))


@_prod_all.backward
def _(ctx, g):
    x, out = ctx.saved
    return (_prod_grad(g, x, out, tuple(range(x._data.ndim)), False),)


_prod_all.tangent(_all_dims_tangent)


@declare("prod_dim", grad_fn="ProdBackward1", saves=(0, OUT), dtype=SAME,
         formula="d prod(x, dim)/dx_i = prod_{j != i} x_j")
def _prod_dim(x, dim, keepdim):
    return np.prod(x, axis=_axis((dim,), x.ndim), keepdims=keepdim, dtype=_integer_sum_dtype(x))


@_prod_dim.backward
def _(ctx, g):
    x, out = ctx.saved
    dim, keepdim = ctx.params
    return (_prod_grad(g, x, out, (dim,) if x._data.ndim else (), keepdim),)


@_prod_dim.tangent
def _(ctx, t):
    dim, keepdim = ctx.params
    return _fw.reduced(ctx, t, (dim,) if t._data.ndim else (), keepdim)


def _prod_keep(t: Tensor, dims: tuple[int, ...]) -> Tensor:
    """prod over `dims` (all dims or a single one), keeping them as size-1 dims."""
    if len(dims) == 1:
        return t.prod(dims[0], keepdim=True)
    return t.prod().reshape(_kept_shape(t._data.shape, dims))


def _prod_grad(g: Tensor, x: Tensor, out: Tensor, dims: tuple, keepdim: bool) -> Tensor:
    """g * (product of the other elements of the slice), right also when x has zeros.

    Without zeros this is g * prod / x. With zeros, dividing is impossible, so the product
    of the others is assembled from Q, the product of the non-zero elements, and from the
    zero elements themselves (kept as tensors: they are 0 in value but not in derivative,
    which is what makes second derivatives right). With m zeros in a slice, the product of
    the elements other than x_i is
        i not a zero:  Q / x_i * (product of the m zeros)
        i a zero:      Q * (product of the other m - 1 zeros)
    and a product of zeros is written out for m <= 2 (1, z, z1*z2 = (s^2 - sum z^2)/2 with
    s = sum of the zeros); for m >= 3 it and both of its first derivatives vanish.
    """
    shape = x._data.shape
    if not shape:
        return g
    g_full = expand_reduced(g, shape, dims, keepdim)
    is_zero = x._data == 0
    if not is_zero.any():
        return g_full * expand_reduced(out, shape, dims, keepdim) / x
    zero_mask = _mask(is_zero)
    count = np.sum(is_zero, axis=dims, keepdims=True)  # m, per slice
    one, two = _mask(count == 1), _mask(count == 2)
    nonzero = where(zero_mask, 1.0, x)
    rest = _prod_keep(nonzero, dims)                                     # Q
    zero_sum = where(zero_mask, x, 0.0).sum(dims, keepdim=True)           # s
    zero_square_sum = where(zero_mask, x * x, 0.0).sum(dims, keepdim=True)
    pair = (zero_sum * zero_sum - zero_square_sum) * 0.5                  # z1*z2 when m == 2
    at_zero = where(one, 1.0, where(two, zero_sum - x, 0.0))
    all_zeros = where(_mask(count == 0), 1.0, where(one, zero_sum, where(two, pair, 0.0)))
    others = where(zero_mask, at_zero, all_zeros / nonzero)
    return g_full * rest * others


@public()
def prod(input: Tensor, dim=None, keepdim: bool = False, *, dtype=None, **aliases) -> Tensor:
    """Product of all elements, or along one dim (bool and integers multiply in int64)."""
    dim, keepdim = _aliases(dim, keepdim, aliases)
    _check_keepdim("prod", keepdim)
    if dtype is not None:
        input = input.to(dtype)
    if dim is None:
        return apply(OPS["prod"], (input,))
    dim = _single_dim("prod", dim, input._data.ndim)
    return apply(OPS["prod_dim"], (input,), (dim, keepdim))


# ====================================================================== max / min family
def _extreme_all_op(name: str, grad_fn: str, numpy_fn):
    """max() / min() of every element: MaxBackward1, the gradient split among ties."""
    op = declare(name, grad_fn=grad_fn, saves=(0, OUT), dtype=SAME,
                 formula=f"d {name}(x)/dx_i = 1/k on the k elements equal to the {name}")(
        lambda x: numpy_fn(x))

    @op.backward
    def _(ctx, g):
        x, out = ctx.saved
        return (_split_evenly(g, x, out, tuple(range(x._data.ndim)), False),)

    op.tangent(_all_dims_tangent)

    return op


_extreme_all_op("max", "MaxBackward1", np.max)
_extreme_all_op("min", "MinBackward1", np.min)


def _selection_op(name: str, grad_fn: str, formula: str):
    """max(dim) / min(dim) / median(dim): the public function finds the indices, the op takes
    the values at them, and the gradient goes back to exactly those elements."""

    def forward(x, dim, keepdim, indices, input_shape):
        if x.ndim == 0:
            return x.copy()
        kept = indices if keepdim else np.expand_dims(indices, dim)
        values = np.take_along_axis(x, kept, axis=dim)
        return values if keepdim else np.squeeze(values, dim)

    op = declare(name, grad_fn=grad_fn, dtype=SAME, formula=formula)(forward)

    @op.backward
    def _(ctx, g):
        dim, keepdim, indices, shape = ctx.params
        return (_to_selected(g, shape, dim, indices, keepdim),)

    op.tangent(_fw.linear)  # the values at fixed indices: linear in x

    return op


_selection_op("max_dim", "MaxBackward0", "d max(x, dim)/dx_i = 1 at the returned index, else 0")
_selection_op("min_dim", "MinBackward0", "d min(x, dim)/dx_i = 1 at the returned index, else 0")
_selection_op("median_dim", "MedianBackward1",
              "d median(x, dim)/dx_i = 1 at the returned index, else 0")


def _amax_op(name: str, grad_fn: str, numpy_fn):
    """amax / amin over dims: values only, the gradient split evenly among ties."""
    op = declare(name, grad_fn=grad_fn, saves=(0, OUT), dtype=SAME,
                 formula=f"d {name}(x, dims)/dx_i = 1/k on the k elements equal to the result")(
        lambda x, dims, keepdim: numpy_fn(x, axis=dims, keepdims=keepdim))

    @op.backward
    def _(ctx, g):
        x, out = ctx.saved
        dims, keepdim = ctx.params
        return (_split_evenly(g, x, out, dims, keepdim, nan_ties=False),)

    op.tangent(_dims_tangent)

    return op


_amax_op("amax", "AmaxBackward0", np.amax)
_amax_op("amin", "AminBackward0", np.amin)


@declare("median", grad_fn="MedianBackward0", saves=(0, OUT), dtype=SAME,
         formula="d median(x)/dx_i = 1/k on the k elements equal to the median")
def _median_all(x):
    flat = x.reshape(-1)
    if flat.size == 0:
        return np.array(np.nan, dtype=x.dtype)
    if flat.dtype.kind == "f" and np.isnan(flat).any():
        return np.array(np.nan, dtype=x.dtype)
    # torch's median is the lower of the two middle values, never their average
    return np.sort(flat)[(flat.size - 1) // 2]


@_median_all.backward
def _(ctx, g):
    x, out = ctx.saved
    return (_split_evenly(g, x, out, tuple(range(x._data.ndim)), False),)


_median_all.tangent(_all_dims_tangent)


@declare("argmax")
def _argmax(x, dim, keepdim):
    return _arg_extreme(np.argmax, x, dim, keepdim)


@declare("argmin")
def _argmin(x, dim, keepdim):
    return _arg_extreme(np.argmin, x, dim, keepdim)


def _arg_extreme(numpy_fn, x: np.ndarray, dim, keepdim: bool) -> np.ndarray:
    """Index of the first extreme (NaN counts as the extreme), as int64."""
    if dim is None:
        index = numpy_fn(x.reshape(-1))
        return np.full((1,) * x.ndim if keepdim else (), index, dtype=np.int64)
    if x.ndim == 0:
        return np.zeros((), dtype=np.int64)
    return np.asarray(numpy_fn(x, axis=dim, keepdims=keepdim), dtype=np.int64)


def _select_indices(kind: str, x: np.ndarray, dim: int, keepdim: bool) -> np.ndarray:
    """The indices max/min/median(dim) return: the first extreme, or the lower median
    (in stable sorted order), or the first NaN when the slice has one."""
    if x.ndim == 0:
        return np.zeros((), dtype=np.int64)
    if kind == "max":
        indices = np.argmax(x, axis=dim, keepdims=True)
    elif kind == "min":
        indices = np.argmin(x, axis=dim, keepdims=True)
    else:
        order = np.argsort(x, axis=dim, kind="stable")
        middle = (x.shape[dim] - 1) // 2
        indices = np.take(order, [middle], axis=dim)
        if x.dtype.kind == "f":
            nan = np.isnan(x)
            has_nan = nan.any(axis=dim, keepdims=True)
            indices = np.where(has_nan, np.argmax(nan, axis=dim, keepdims=True), indices)
    if not keepdim:
        indices = np.squeeze(indices, dim)
    return np.asarray(indices, dtype=np.int64)


def _values_and_indices(kind: str, input: Tensor, dim, keepdim: bool) -> tuple:
    """max/min/median along one dim, as torch.return_types.<kind>(values, indices)."""
    _check_keepdim(kind, keepdim)
    data = input._data
    d = _single_dim(kind, dim, data.ndim)
    if data.ndim:
        _nonempty_dims(kind, input, (d,), dim_given=True)
    indices = _select_indices(kind, data, d, keepdim)
    values = apply(OPS[f"{kind}_dim"], (input,), (d, keepdim, indices, data.shape))
    # The node keeps `indices` for its backward: hand the caller a copy it may modify.
    return getattr(return_types, kind)((values, Tensor(indices.copy())))


def _max_or_min(kind: str, input: Tensor, dim, keepdim: bool, aliases: dict) -> Tensor | tuple:
    """max/min's three forms: of everything, along a dim (values and indices), or
    elementwise against another tensor."""
    other = aliases.pop("other", None)
    dim, keepdim = _aliases(dim, keepdim, aliases)
    if isinstance(dim, Tensor):
        other = dim
    if other is not None:
        if not isinstance(other, Tensor):
            raise TypeError(f"{kind}(): argument 'other' must be Tensor, not "
                            f"{type(other).__name__}")
        return (maximum if kind == "max" else minimum)(input, other)
    if dim is None:
        if keepdim:
            raise TypeError(f"{kind}(): keepdim=True needs a dim; use amax/amin to keep all dims")
        _nonempty_dims(kind, input, (), dim_given=False)
        return apply(OPS[kind], (input,))
    return _values_and_indices(kind, input, dim, keepdim)


@public()
def max(input: Tensor, dim=None, keepdim: bool = False, **aliases) -> Tensor | tuple:
    """The largest element; with `dim`, (values, indices) along it; with a tensor, maximum.

    NaN propagates. Ties: max() splits the gradient evenly, max(dim) gives it to the
    returned index (the first occurrence).
    """
    return _max_or_min("max", input, dim, keepdim, aliases)


@public()
def min(input: Tensor, dim=None, keepdim: bool = False, **aliases) -> Tensor | tuple:
    """The smallest element; with `dim`, (values, indices) along it; with a tensor, minimum."""
    return _max_or_min("min", input, dim, keepdim, aliases)


def _amax_or_amin(kind: str, input: Tensor, dim, keepdim: bool, aliases: dict) -> Tensor:
    dim, keepdim = _aliases(dim, keepdim, aliases)
    _check_keepdim(kind, keepdim)
    dims = _dims_arg(dim, input._data.ndim)
    dim_given = dim is not None and (isinstance(dim, (int, np.integer)) or len(dim) > 0)
    _nonempty_dims(kind, input, dims, dim_given)
    return apply(OPS[kind], (input,), (dims, keepdim))


@public()
def amax(input: Tensor, dim=(), keepdim: bool = False, **aliases) -> Tensor:
    """The maximum over `dim` (an int or a tuple; () means all); ties share the gradient."""
    return _amax_or_amin("amax", input, dim, keepdim, aliases)


@public()
def amin(input: Tensor, dim=(), keepdim: bool = False, **aliases) -> Tensor:
    """The minimum over `dim` (an int or a tuple; () means all); ties share the gradient."""
    return _amax_or_amin("amin", input, dim, keepdim, aliases)


def _argmax_or_argmin(kind: str, input: Tensor, dim, keepdim: bool, aliases: dict) -> Tensor:
    dim, keepdim = _aliases(dim, keepdim, aliases)
    _check_keepdim(kind, keepdim)
    if input._data.dtype == np.bool_:
        raise RuntimeError(f"{kind}(): does not support bool input")
    if dim is None:
        if input._data.size == 0:
            raise IndexError(
                f"{kind}(): Expected reduction dim to be specified for input.numel() == 0."
            )
        return apply(OPS[kind], (input,), (None, keepdim))
    d = _single_dim(kind, dim, input._data.ndim)
    if input._data.ndim:
        _nonempty_dims(kind, input, (d,), dim_given=True)
    return apply(OPS[kind], (input,), (d, keepdim))


@public()
def argmax(input: Tensor, dim=None, keepdim: bool = False, **aliases) -> Tensor:
    """Index of the first maximum (of the flattened tensor when dim is None), as int64."""
    return _argmax_or_argmin("argmax", input, dim, keepdim, aliases)


@public()
def argmin(input: Tensor, dim=None, keepdim: bool = False, **aliases) -> Tensor:
    """Index of the first minimum (of the flattened tensor when dim is None), as int64."""
    return _argmax_or_argmin("argmin", input, dim, keepdim, aliases)


@public()
def aminmax(input: Tensor, *, dim=None, keepdim: bool = False) -> tuple:
    """(min, max) at once, as torch.return_types.aminmax.

    ember computes it as amin and amax, so the results' grad_fn are AminBackward0 and
    AmaxBackward0 (torch has one AminmaxBackward0 node); the gradients are the same.
    """
    _check_keepdim("aminmax", keepdim)
    data = input._data
    empty = data.size == 0 if dim is None else (
        data.ndim and data.shape[_single_dim("aminmax", dim, data.ndim)] == 0)
    if empty:
        raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the "
                           "operation has no identity.")
    dims = _dims_arg(dim, data.ndim)
    low = apply(OPS["amin"], (input,), (dims, keepdim))
    high = apply(OPS["amax"], (input,), (dims, keepdim))
    return return_types.aminmax((low, high))


@public()
def median(input: Tensor, dim=None, keepdim: bool = False, **aliases) -> Tensor | tuple:
    """The lower median of all elements; with `dim`, (values, indices) along it.

    NaN propagates (and its index is returned). Ties: median() splits the gradient evenly
    among the elements equal to the median, median(dim) gives it to the returned index.
    """
    dim, keepdim = _aliases(dim, keepdim, aliases)
    if input._data.dtype == np.bool_:
        raise NotImplementedError("\"median_cpu\" not implemented for 'Bool'")
    if dim is None:
        return apply(OPS["median"], (input,))
    return _values_and_indices("median", input, dim, keepdim)


# ====================================================================== var / std
def _variance(x: np.ndarray, dims: tuple, correction, keepdim: bool) -> np.ndarray:
    """sum((x - mean)^2) / max(0, n - correction): inf or nan when nothing is left to divide
    by, as torch does (the public functions warn about it)."""
    n = _reduced_count(x.shape, dims)
    with np.errstate(divide="ignore", invalid="ignore"):
        centered = x - _mean_np(x, dims, True)
        squares = np.sum(centered * centered, axis=dims, keepdims=keepdim)
        return squares / x.dtype.type(builtins.max(0, n - correction))


def _inverse_divisor(x: Tensor, dims: tuple, correction) -> float:
    """1 / (n - correction) for the backward: inf when it is 0 and, unlike the forward,
    not clamped at 0 (torch's gradients follow this formula exactly)."""
    divisor = _reduced_count(x._data.shape, dims) - correction
    return 1.0 / divisor if divisor else _INF


@declare("var", grad_fn="VarBackward0", saves=(0,), dtype=SAME,
         formula="d var(x)/dx_i = 2 (x_i - mean(x)) / (n - correction)")
def _var(x, dims, correction, keepdim):
    return _variance(x, dims, correction, keepdim)


@_var.backward
def _(ctx, g):
    (x,) = ctx.saved
    dims, correction, keepdim = ctx.params
    centered = x - x.mean(dims, keepdim=True)
    scale = 2.0 * _inverse_divisor(x, dims, correction)
    return (expand_reduced(g, x._data.shape, dims, keepdim) * centered * scale,)


_var.tangent(_dims_tangent)


@declare("std", grad_fn="StdBackward0", saves=(0, OUT), dtype=SAME,
         formula="d std(x)/dx_i = (x_i - mean(x)) / ((n - correction) std(x)); 0 where std = 0")
def _std(x, dims, correction, keepdim):
    return np.sqrt(_variance(x, dims, correction, keepdim))


@_std.backward
def _(ctx, g):
    x, out = ctx.saved
    dims, correction, keepdim = ctx.params
    shape = x._data.shape
    centered = x - x.mean(dims, keepdim=True)
    # std = 0 means every element equals the mean: torch's gradient there is 0, not nan
    # (and so is its derivative).
    zero_std = _mask(out._data == 0)
    safe_std = where(zero_std, 1.0, out)
    scale = _inverse_divisor(x, dims, correction)
    grad = expand_reduced(g / safe_std, shape, dims, keepdim) * centered * scale
    return (where(_mask(_kept_array(out._data, shape, dims) == 0), 0.0, grad),)


_std.tangent(_dims_tangent)


def _var_args(name: str, input: Tensor, dim, unbiased, keepdim, correction, aliases: dict,
              stacklevel: int = 3):
    """Sort out torch's std/var signatures: (dim, unbiased, keepdim), (unbiased) alone, or
    (dim, *, correction, keepdim). Returns (dims, correction, keepdim)."""
    dim, keepdim = _aliases(dim, keepdim, aliases)
    if isinstance(dim, (bool, np.bool_)):  # x.std(False): the old (unbiased) signature
        dim, unbiased = None, dim
    if unbiased is not None and correction is not None:
        raise TypeError(f"{name}(): give either unbiased= or correction=, not both")
    _check_keepdim(name, keepdim)
    if input._data.dtype.kind != "f":
        raise RuntimeError("std and var only support floating point and complex dtypes")
    if correction is None:
        correction = 0 if unbiased is False else 1
    dims = _dims_arg(dim, input._data.ndim)
    if _reduced_count(input._data.shape, dims) - correction <= 0:
        warnings.warn(
            f"{name}(): degrees of freedom is <= 0. Correction should be strictly less than "
            "the reduction factor (input numel divided by output numel).",
            UserWarning, stacklevel=stacklevel,
        )
    return dims, correction, keepdim


@public()
def var(input: Tensor, dim=None, unbiased=None, keepdim: bool = False, *, correction=None,
        **aliases) -> Tensor:
    """Variance over all elements or `dim`, dividing by n - correction (default 1:
    unbiased; `unbiased=False` means correction=0)."""
    params = _var_args("var", input, dim, unbiased, keepdim, correction, aliases)
    return apply(OPS["var"], (input,), params)


@public()
def std(input: Tensor, dim=None, unbiased=None, keepdim: bool = False, *, correction=None,
        **aliases) -> Tensor:
    """Standard deviation: the square root of `var` with the same arguments."""
    params = _var_args("std", input, dim, unbiased, keepdim, correction, aliases)
    return apply(OPS["std"], (input,), params)


def _with_mean(name: str, input: Tensor, dim, unbiased, keepdim, correction, aliases) -> tuple:
    spread_name = name.split("_")[0]
    dims, correction, keepdim = _var_args(spread_name, input, dim, unbiased, keepdim,
                                          correction, aliases, stacklevel=4)
    spread = apply(OPS[spread_name], (input,), (dims, correction, keepdim))
    return spread, apply(OPS["mean_dim"], (input,), (input._data.shape, dims, keepdim))


@public(method=False)
def var_mean(input: Tensor, dim=None, unbiased=None, keepdim: bool = False, *,
             correction=None, **aliases) -> tuple:
    """(var, mean) with var's arguments. ember records them as two nodes (VarBackward0 and
    MeanBackward1) where torch has one VarMeanBackward0; the gradients are the same."""
    return _with_mean("var_mean", input, dim, unbiased, keepdim, correction, aliases)


@public(method=False)
def std_mean(input: Tensor, dim=None, unbiased=None, keepdim: bool = False, *,
             correction=None, **aliases) -> tuple:
    """(std, mean) with std's arguments (two nodes, StdBackward0 and MeanBackward1)."""
    return _with_mean("std_mean", input, dim, unbiased, keepdim, correction, aliases)


# ====================================================================== logsumexp
@declare("logsumexp", grad_fn="LogsumexpBackward0", saves=(0, OUT), dtype=FLOAT,
         formula="d logsumexp(x)/dx_i = exp(x_i - logsumexp(x)) (the softmax)")
def _logsumexp(x, dims, keepdim):
    with np.errstate(divide="ignore"):  # all -inf (or nothing) gives log(0) = -inf
        if x.size == 0:
            return np.log(np.sum(np.exp(x), axis=dims, keepdims=keepdim))
        # Subtract the maximum so exp cannot overflow; an infinite maximum is left alone
        # (inf - inf would be nan), which gives torch's inf and -inf results.
        shift = np.amax(x, axis=dims, keepdims=True)
        shift = np.where(np.isinf(shift), 0, shift).astype(x.dtype, copy=False)
        total = np.log(np.sum(np.exp(x - shift), axis=dims, keepdims=True)) + shift
    return total if keepdim else np.squeeze(total, axis=dims)


@_logsumexp.backward
def _(ctx, g):
    x, out = ctx.saved
    dims, keepdim = ctx.params
    shape = x._data.shape
    return (expand_reduced(g, shape, dims, keepdim) *
            (x - expand_reduced(out, shape, dims, keepdim)).exp(),)


_logsumexp.tangent(_dims_tangent)


@public()
def logsumexp(input: Tensor, dim=None, keepdim: bool = False, **aliases) -> Tensor:
    """log(sum(exp(input))) over `dim`, computed without overflow."""
    if dim is None and "axis" not in aliases:
        raise TypeError('logsumexp() missing 1 required positional arguments: "dim"')
    dim, keepdim = _aliases(dim, keepdim, aliases)
    _check_keepdim("logsumexp", keepdim)
    dims = _dims_arg(dim, input._data.ndim)
    return apply(OPS["logsumexp"], (input,), (dims, keepdim))


# ====================================================================== cumsum / cumprod
@declare("cumsum", grad_fn="CumsumBackward0", dtype=SAME,
         formula="d cumsum(x)_k/dx_i = 1 for i <= k (backward: reversed cumsum)")
def _cumsum(x, dim, reverse):
    dtype = _integer_sum_dtype(x)
    if x.ndim == 0:
        return x.astype(dtype or x.dtype)
    if reverse:  # the sums from each position to the end (the backward of cumsum)
        return np.flip(np.cumsum(np.flip(x, dim), axis=dim, dtype=dtype), dim).copy()
    return np.cumsum(x, axis=dim, dtype=dtype)


@_cumsum.backward
def _(ctx, g):
    dim, reverse = ctx.params
    return (apply(OPS["cumsum"], (g,), (dim, not reverse)),)


_cumsum.tangent(_fw.linear)


@declare("cumprod", grad_fn="CumprodBackward0", saves=(0, OUT), dtype=SAME,
         formula="d cumprod(x)_k/dx_i = prod_{j <= k, j != i} x_j for i <= k")
def _cumprod(x, dim):
    dtype = _integer_sum_dtype(x)
    if x.ndim == 0:
        return x.astype(dtype or x.dtype)
    return np.cumprod(x, axis=dim, dtype=dtype)


@_cumprod.backward
def _(ctx, g):
    x, out = ctx.saved
    (dim,) = ctx.params
    if x._data.ndim == 0:
        return (g,)
    return (_cumprod_grad(g, x, out, dim, exact=True),)


@_cumprod.tangent
def _(ctx, t):
    x, out = ctx.inputs[0], ctx.output
    (dim,) = ctx.params
    if x._data.ndim == 0:
        return t
    if not (x._data == 0).any():
        return out * apply(OPS["cumsum"], (t / x,), (dim, False))  # y' = y * cumsum(t / x)
    # With zeros there is no dividing: run the recurrence y'_k = y'_(k-1) x_k + y_(k-1) t_k.
    from .shape import stack

    xs, ts, ys = x.unbind(dim), t.unbind(dim), out.unbind(dim)
    steps = [ts[0]]
    for k in range(1, len(xs)):
        steps.append(steps[-1] * xs[k] + ys[k - 1] * ts[k])
    return stack(steps, dim)


def _cumprod_grad(g: Tensor, x: Tensor, out: Tensor, dim: int, exact: bool) -> Tensor:
    """sum_{k >= i} g_k * prod_{j <= k, j != i} x_j along dim, right also when x has zeros.

    Without zeros it is reversed_cumsum(g * out) / x. Otherwise, with z the first zero of
    each slice:
      i < z: the same formula (x_i != 0 there);
      i = z: prod_{j < z} x_j * sum_{k >= z} g_k * prod_{z < j <= k} x_j;
      i > z: every term has the factor x_z, so the value is 0; `exact` keeps it as
             x_z * D_i (D_i the rest, as a constant) so that second derivatives are right.
    """
    data = x._data
    if not (data == 0).any():
        return _reversed_cumsum(g * out, dim) / x
    shape = data.shape
    positions = _positions(shape, dim)
    is_zero = data == 0
    first_zero = np.where(is_zero.any(axis=dim, keepdims=True),
                          np.argmax(is_zero, axis=dim, keepdims=True), shape[dim])
    before, at = _mask(positions < first_zero), _mask(positions == first_zero)
    grad_before = _reversed_cumsum(g * out, dim) / where(before, x, 1.0)
    prefix = where(before, x, 1.0).prod(dim, keepdim=True)
    after = where(_mask(positions <= first_zero), 1.0, x)  # x_j for j > z, else 1
    tail = after.cumprod(dim)                              # prod_{z < j <= k} x_j
    grad_at = prefix * where(_mask(positions >= first_zero), g * tail, 0.0).sum(
        dim, keepdim=True)
    grad_beyond = 0.0
    if exact:
        with no_grad():
            rest = prefix.detach() * _cumprod_grad(g.detach(), after.detach(), tail.detach(),
                                                   dim, exact=False)
        grad_beyond = where(at, x, 0.0).sum(dim, keepdim=True) * rest
    return where(before, grad_before, where(at, grad_at, grad_beyond))


def _reversed_cumsum(t: Tensor, dim: int) -> Tensor:
    return apply(OPS["cumsum"], (t,), (dim, True))


def _cumulative(name: str, input: Tensor, dim, dtype, aliases: dict) -> Tensor:
    if dim is None and "axis" not in aliases:
        raise TypeError(f'{name}() missing 1 required positional arguments: "dim"')
    dim, _ = _aliases(dim, False, aliases)
    if dtype is not None:
        input = input.to(dtype)
    dim = _single_dim(name, dim, input._data.ndim)
    params = (dim, False) if name == "cumsum" else (dim,)
    return apply(OPS[name], (input,), params)


@public()
def cumsum(input: Tensor, dim=None, *, dtype=None, **aliases) -> Tensor:
    """Running sums along `dim` (bool and integers sum in int64)."""
    return _cumulative("cumsum", input, dim, dtype, aliases)


@public()
def cumprod(input: Tensor, dim=None, *, dtype=None, **aliases) -> Tensor:
    """Running products along `dim`; the gradient is right also where elements are 0."""
    return _cumulative("cumprod", input, dim, dtype, aliases)


# ====================================================================== any / all / count
def _truth_reduction(numpy_fn):
    def forward(x, dims, keepdim):
        result = numpy_fn(x, axis=dims, keepdims=keepdim)
        # torch keeps uint8 for uint8 inputs (a leftover from before bool tensors)
        return np.asarray(result, dtype=np.uint8 if x.dtype == np.uint8 else np.bool_)

    return forward


declare("any")(_truth_reduction(np.any))
declare("all")(_truth_reduction(np.all))


def _truth_dims(input: Tensor, dim) -> tuple:
    """any/all: None means every dim, but () means none (unlike the other reductions)."""
    ndim = input._data.ndim
    if dim is None:
        return tuple(range(ndim))
    if isinstance(dim, np.integer):
        dim = int(dim)
    return wrap_dims(dim, ndim) if ndim else ()


@public()
def any(input: Tensor, dim=None, keepdim: bool = False, **aliases) -> Tensor:
    """Whether any element (along `dim`) is non-zero."""
    dim, keepdim = _aliases(dim, keepdim, aliases)
    _check_keepdim("any", keepdim)
    return apply(OPS["any"], (input,), (_truth_dims(input, dim), keepdim))


@public()
def all(input: Tensor, dim=None, keepdim: bool = False, **aliases) -> Tensor:
    """Whether every element (along `dim`) is non-zero."""
    dim, keepdim = _aliases(dim, keepdim, aliases)
    _check_keepdim("all", keepdim)
    return apply(OPS["all"], (input,), (_truth_dims(input, dim), keepdim))


@declare("count_nonzero")
def _count_nonzero(x, dims):
    return np.asarray(np.count_nonzero(x, axis=dims), dtype=np.int64)


@public()
def count_nonzero(input: Tensor, dim=None) -> Tensor:
    """How many elements (along `dim`: an int or a tuple) are non-zero, as int64."""
    return apply(OPS["count_nonzero"], (input,), (_dims_arg(dim, input._data.ndim),))


# ====================================================================== norm
@declare("norm", grad_fn="LinalgVectorNormBackward0", dtype=FLOAT, saves=(0, OUT),
         formula="d ||x||_p/dx = sign(x) |x|^(p-1) / ||x||^(p-1); x/||x|| for p = 2 "
                 "(0 at x = 0)")
def _norm(x, p, dims, keepdim):
    a = np.abs(x)
    if p == 2:
        return np.sqrt(np.sum(x * x, axis=dims, keepdims=keepdim))
    if p == _INF:
        return np.max(a, axis=dims, keepdims=keepdim, initial=0)
    if p == -_INF:
        return np.min(a, axis=dims, keepdims=keepdim)
    if p == 0:
        return np.sum(a != 0, axis=dims, keepdims=keepdim).astype(x.dtype)
    if p == 1:
        return np.sum(a, axis=dims, keepdims=keepdim)
    with np.errstate(divide="ignore"):  # |0|^p for p < 0 is inf, and the norm is 0
        return np.power(np.sum(np.power(a, p), axis=dims, keepdims=keepdim), 1.0 / p)


@_norm.backward
def _(ctx, g):
    x, out = ctx.saved
    p, dims, keepdim = ctx.params
    shape = x._data.shape
    if p == 0:
        return (None,)  # torch gives no gradient at all for the 0-"norm" (a count)
    if p == 1:
        return (expand_reduced(g, shape, dims, keepdim) * x.sign(),)
    if p in (_INF, -_INF):
        return (_split_evenly(g, x.abs(), out, dims, keepdim) * x.sign(),)
    g = expand_reduced(g, shape, dims, keepdim)
    zero_norm = _mask(_kept_array(out._data, shape, dims) == 0)
    safe_norm = where(zero_norm, 1.0, expand_reduced(out, shape, dims, keepdim))
    if p == 2:
        # torch's convention: the gradient at x = 0 is 0, not nan.
        return (g * x / safe_norm,)
    # general p: sign(x) |x|^(p-1) / ||x||^(p-1); |x|^(p-1) taken as 0 at x = 0 (it is
    # infinite there for p < 1), and the whole gradient is 0 where the norm is 0.
    zero_x = _mask(x._data == 0)
    power = where(zero_x, 0.0, where(zero_x, 1.0, x.abs()) ** (p - 1))
    return (where(zero_norm, 0.0, g * x.sign() * power / safe_norm ** (p - 1)),)


@_norm.tangent
def _(ctx, t):
    p, dims, keepdim = ctx.params
    if p == 0:
        return ctx.zeros()  # a count of the non-zero elements: constant
    return _fw.reduced(ctx, t, dims, keepdim)


@public()
def norm(input: Tensor, p="fro", dim=None, keepdim: bool = False, dtype=None) -> Tensor:
    """The vector p-norm over all elements or `dim` ("fro" and None mean 2).

    Matrix norms ("nuc", or p=2 meaning the spectral norm) are not supported here: use a
    number p, or "fro".
    """
    if p in ("fro", None):
        p = 2
    if isinstance(p, str):
        raise NotImplementedError(
            f"norm with p={p!r} is not supported yet; use p='fro' or a number"
        )
    _check_keepdim("norm", keepdim)
    if input._data.dtype.kind != "f":
        raise RuntimeError(
            "linalg.vector_norm: Expected a floating point or complex tensor as input. "
            f"Got {_type_word(input)}"
        )
    if dtype is not None:
        if input.dtype.itemsize > dtype.itemsize:
            raise RuntimeError(
                f"linalg.vector_norm: the dtype of the input ({_type_word(input)}) should be "
                f"convertible without narrowing to the specified dtype ({_dtype_word(dtype)})"
            )
        input = input.to(dtype)
    dims = _dims_arg(dim, input._data.ndim)
    p = float(p)
    if builtins.abs(p) == _INF and input._data.size == 0:
        _check_inf_norm_identity(input, dim, dims, p)
    return apply(OPS["norm"], (input,), (p, dims, keepdim))


def _check_inf_norm_identity(input: Tensor, dim, dims: tuple, p: float) -> None:
    """max/min of nothing has no value: torch refuses the inf norms of empty slices."""
    if dim is None:
        raise RuntimeError(f"linalg.vector_norm cannot compute the {p:g} norm on an empty "
                           "tensor because the operation does not have an identity")
    for d in dims:
        if input._data.shape[d] == 0:
            # (torch's message has no space before "because")
            raise RuntimeError(
                f"linalg.vector_norm cannot compute the {p:g} norm on the dimension {d}"
                "because this dimension is empty and the operation does not have an identity")


def _dtype_word(dtype) -> str:
    return {"float32": "Float", "float64": "Double", "float16": "Half"}.get(dtype.name,
                                                                            dtype.name)
