"""The extremes: max/min (of everything, along a dim, or elementwise against a tensor),
amax/amin, argmax/argmin, aminmax, median, and logsumexp (the smooth maximum).

Where several elements share the extreme value, reductions that return only values
(max(), amax, median()) split the gradient evenly among them; those that also return
indices (max(dim), median(dim)) send it to the element whose index they returned, and
return both as a torch.return_types named tuple.
"""

from __future__ import annotations

import numpy as np

from .._dispatch import apply
from .._dtype import scalar_type_name
from .._grad_mode import is_grad_enabled
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from ..autograd.node import history_first, keep_versions
from . import _xp as xp
from ._dims import dims_of_tensor, int_dim
from ._lapack_layout import c_ordered
from ._reduction_common import (
    _aliases,
    _all_dims_tangent,
    _check_keepdim,
    _dims_arg,
    _dims_tangent,
    _mask,
    _matches,
    _positions,
    _single_dim,
    _split_evenly,
    expand_reduced,
)
from ._registry import FLOAT, OPS, OUT, SAME, allow_complex, declare, public, recorded_as
from ._sum_order import torch_dim_sum
from ._torch_libm import sleef_exp
from .pointwise_binary import maximum, minimum
from .return_types import return_types


# ====================================================================== helpers
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


def _one_hot(shape: tuple, dim: int, indices: np.ndarray) -> np.ndarray:
    """A bool mask of `shape` that is True exactly at `indices` (keepdim-shaped) along dim."""
    return _positions(shape, dim) == indices


def _to_selected(g, shape: tuple, dim: int, indices: np.ndarray, keepdim: bool):
    """The gradient of max(dim)-like reductions: all of it to the element that was chosen."""
    if not shape:  # (a 0-d x: torch still scatters g into a zero, ScatterBackward0)
        if xp.is_tensor(g):
            index = np.asarray(indices).reshape(())
            return xp.op("scatter", (xp.zeros((), g), g), 0, index, ())
        return g
    kept_indices = indices if keepdim else np.expand_dims(indices, dim)
    if xp.is_tensor(g):  # torch's: g scattered into zeros at the indices (ScatterBackward0)
        kept = g if keepdim else xp.unsqueeze(g, dim)
        return xp.op("scatter", (xp.zeros(shape, g), kept), dim, kept_indices,
                     kept_indices.shape)
    mask = _one_hot(shape, dim, kept_indices)
    return xp.where(_mask(mask, g), expand_reduced(g, shape, (dim,), keepdim), 0.0)


# ====================================================================== max / min family
def _extreme_all_op(name: str, grad_fn: str, numpy_fn):
    """max() / min() of every element: MaxBackward1, the gradient split among ties."""
    op = declare(name, grad_fn=grad_fn, saves=(0, OUT), dtype=SAME,
                 formula=f"d {name}(x)/dx_i = 1/k on the k elements equal to the {name}")(
        lambda x: numpy_fn(x))

    @op.backward
    def _(ctx, g):
        x, out = ctx.saved
        return (_split_evenly_selecting(g, x, out),)

    @op.tangent
    def _(ctx, t):
        # torch's tangent is the mean of the tangents where x equals the result: no element
        # equals a NaN result, so the tangent is nan there (the gradient goes to the NaNs)
        x, out = ctx.inputs[0]._data, ctx._result._data
        with np.errstate(invalid="ignore"):
            hits = x == out
        count = int(np.count_nonzero(hits))
        if count == 0:
            return (t * Tensor(np.asarray(np.nan, out.dtype))).sum()
        picked = (t * Tensor(hits.astype(out.dtype))).sum()
        return picked if count == 1 else picked / count

    return op


def _split_evenly_selecting(g, x, out):
    """The gradient of max() / min() / median() of every element: shared evenly by the
    elements equal to the result (a NaN result counts every NaN), and selected, not
    multiplied, elsewhere: an infinite gradient gives 0 there, as torch's (amax/amin
    multiply, and give nan: `_split_evenly`)."""
    values = xp.numpy_value(x)
    hits = _matches(values, xp.numpy_value(out))
    count = int(np.count_nonzero(hits))
    if xp.is_tensor(g):  # torch's: zeros, the share written at the hits (MaskedFillBackward1)
        return xp.masked_fill(xp.zeros(values.shape, g), np.asarray(hits),
                              g if count <= 1 else g / count)
    share = xp.expand(g if count <= 1 else g / count, values.shape)
    return xp.where(_mask(hits, g), share, 0.0)


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

    op = declare(name, grad_fn=grad_fn, dtype=SAME, formula=formula,
                 saves_params={2: (0,)})(forward)

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
    """amax / amin over dims: values only, the gradient split evenly among ties.

    Params: (dims, summed_back, keepdim). summed_back is True for a 0-d input given a dim
    without keepdim: torch's gradient then has shape [1] and is summed back to the 0-d
    input, which a graph of the backward shows (SumBackward0 on top).
    """
    op = declare(name, grad_fn=grad_fn, saves=(0, OUT), dtype=SAME,
                 formula=f"d {name}(x, dims)/dx_i = 1/k on the k elements equal to the result")(
        # (C-ordered, as torch's reductions write their results whatever x's strides)
        lambda x, dims, summed_back, keepdim: c_ordered(numpy_fn(x, axis=dims,
                                                                 keepdims=keepdim)))

    @op.backward
    def _(ctx, g):
        x, out = ctx.saved
        dims, summed_back, keepdim = ctx.params
        grad = _split_evenly(g, x, out, dims, keepdim, nan_ties=False)
        return (grad.sum() if summed_back and xp.is_tensor(grad) else grad,)

    op.tangent(_dims_tangent)

    return op


_amax_op("amax", "AmaxBackward0", np.amax)
_amax_op("amin", "AminBackward0", np.amin)


@declare("median", grad_fn="MedianBackward0", saves=(0, OUT), dtype=SAME,
         formula="d median(x)/dx_i = 1/k on the k elements equal to the median")
def _median_all(x):
    flat = x.reshape(-1)
    if flat.size == 0:
        return nan_in_dtype(x.dtype)
    if flat.dtype.kind == "f" and np.isnan(flat).any():
        return np.array(np.nan, dtype=x.dtype)
    # torch's median is the lower of the two middle values, never their average
    return np.sort(flat)[(flat.size - 1) // 2]


@_median_all.backward
def _(ctx, g):
    x, out = ctx.saved
    return (_split_evenly_selecting(g, x, out),)


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
    # The node keeps `indices` for its backward: hand the caller a copy, whose version the
    # backward checks as torch's (it saves the indices it returns)
    returned = Tensor(indices.copy())
    return getattr(return_types, kind)((keep_versions(values, returned), returned))


def _max_or_min(kind: str, input: Tensor, dim, keepdim: bool, aliases: dict) -> Tensor | tuple:
    """max/min's three forms: of everything, along a dim (values and indices), or
    elementwise against another tensor."""
    other = aliases.pop("other", None)
    # (dim and keepdim are positional-only parameters: given by name they arrive here)
    keyword_dim = "dim" in aliases
    for name, value in (("dim", dim), ("keepdim", keepdim)):
        if name in aliases and value is not (None if name == "dim" else _NOT_GIVEN):
            raise TypeError(f"{kind}() got multiple values for argument '{name}'")
    dim = aliases.pop("dim", dim)
    keepdim = aliases.pop("keepdim", keepdim)
    keepdim_given = keepdim is not _NOT_GIVEN
    dim, keepdim = _aliases(dim, False if keepdim is _NOT_GIVEN else keepdim, aliases)
    if isinstance(dim, Tensor) and not keyword_dim and not keepdim_given:
        other = dim  # torch.max(x, tensor) is the elementwise maximum; dim=tensor a dim
    elif isinstance(dim, Tensor):
        dim = int_dim(dim)
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


_NOT_GIVEN = object()


@public()
def max(input: Tensor, dim=None, keepdim: bool = _NOT_GIVEN, /, **aliases) -> Tensor | tuple:
    """The largest element; with `dim`, (values, indices) along it; with a tensor, maximum.

    NaN propagates. Ties: max() splits the gradient evenly, max(dim) gives it to the
    returned index (the first occurrence).
    """
    history_first(input)
    return _max_or_min("max", input, dim, keepdim, aliases)


@public()
def min(input: Tensor, dim=None, keepdim: bool = _NOT_GIVEN, /, **aliases) -> Tensor | tuple:
    """The smallest element; with `dim`, (values, indices) along it; with a tensor, minimum."""
    history_first(input)
    return _max_or_min("min", input, dim, keepdim, aliases)


def _amax_or_amin(kind: str, input: Tensor, dim, keepdim: bool, aliases: dict) -> Tensor:
    dim, keepdim = _aliases(dim, keepdim, aliases)
    if isinstance(dim, Tensor):
        dim = dims_of_tensor(dim)
    _check_keepdim(kind, keepdim)
    dims = _dims_arg(dim, input._data.ndim)
    dim_given = dim is not None and (isinstance(dim, (int, np.integer)) or len(dim) > 0)
    _nonempty_dims(kind, input, dims, dim_given)
    return apply(OPS[kind], (input,), _amax_params(input, dims, dim_given, keepdim))


def _amax_params(input: Tensor, dims: tuple, dim_given: bool, keepdim: bool) -> tuple:
    """amax/amin's params (see _amax_op)."""
    return dims, input._data.ndim == 0 and dim_given and not keepdim, keepdim


@public()
def amax(input: Tensor, dim=(), keepdim: bool = False, **aliases) -> Tensor:
    """The maximum over `dim` (an int or a tuple; () means all); ties share the gradient."""
    history_first(input)
    return _amax_or_amin("amax", input, dim, keepdim, aliases)


@public()
def amin(input: Tensor, dim=(), keepdim: bool = False, **aliases) -> Tensor:
    """The minimum over `dim` (an int or a tuple; () means all); ties share the gradient."""
    history_first(input)
    return _amax_or_amin("amin", input, dim, keepdim, aliases)


def _argmax_or_argmin(kind: str, input: Tensor, dim, keepdim: bool, aliases: dict) -> Tensor:
    dim, keepdim = _aliases(dim, keepdim, aliases)
    _check_keepdim(kind, keepdim)
    if input._data.dtype == np.bool_:
        raise RuntimeError(f"{kind}(): does not support bool input")
    if input._data.dtype.kind == "c":  # (before the dim's check, as torch)
        raise RuntimeError(f"{kind}(): does not support complex input")
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

    ember computes it as amin and amax, two nodes named as torch's one (AminmaxBackward0).
    """
    _check_keepdim("aminmax", keepdim)
    data = input._data
    if data.dtype.kind == "c":  # (torch's kernel refuses it; amin's name would differ)
        raise NotImplementedError(f"\"aminmax_cpu\" not implemented for "
                                  f"'{scalar_type_name(data.dtype)}'")
    empty = data.size == 0 if dim is None else (
        data.ndim and data.shape[_single_dim("aminmax", dim, data.ndim)] == 0)
    if empty and dim is not None:
        raise IndexError(f"aminmax: Expected reduction dim {_single_dim('aminmax', dim, data.ndim)}"
                         " to have non-zero size.")
    if empty:
        raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the "
                           "operation has no identity.")
    params = _amax_params(input, _dims_arg(dim, data.ndim), dim is not None, keepdim)
    low = apply(OPS["amin"], (input,), params)
    high = apply(OPS["amax"], (input,), params)
    return return_types.aminmax((recorded_as(low, "AminmaxBackward0"),
                                 recorded_as(high, "AminmaxBackward0")))


@public()
def median(input: Tensor, dim=None, keepdim: bool = False, **aliases) -> Tensor | tuple:
    """The lower median of all elements; with `dim`, (values, indices) along it.

    NaN propagates (and its index is returned). Ties: median() splits the gradient evenly
    among the elements equal to the median, median(dim) gives it to the returned index.
    """
    dim, keepdim = _aliases(dim, keepdim, aliases)
    if dim is None:
        check_median_dtype(input, dim_given=False)
        empty = empty_complex_median("median", input)
        return empty if empty is not None else apply(OPS["median"], (input,))
    data = input._data
    if data.ndim:  # (an empty dim is refused before the dtype)
        _nonempty_dims("median", input, (_single_dim("median", dim, data.ndim),), True)
    check_median_dtype(input, dim_given=True)
    return _values_and_indices("median", input, dim, keepdim)


def nan_in_dtype(dtype: np.dtype) -> np.ndarray:
    """The median of nothing: nan, converted as C converts it into an integer dtype (0 for
    int8/int16/uint8, the smallest int32/int64, True), which is what torch returns."""
    with np.errstate(invalid="ignore"):
        return np.array(np.nan).astype(dtype)


def empty_complex_median(name: str, input: Tensor) -> Tensor | None:
    """The median of all elements of an empty complex tensor, which torch gives without a
    kernel (nan+0j), refusing one that requires grad; None for any other input."""
    data = input._data
    if data.dtype.kind != "c" or data.size:
        return None
    if input.requires_grad and is_grad_enabled():
        raise RuntimeError(f"{name} does not support automatic differentiation for outputs "
                           "with complex dtype.")
    return Tensor(np.array(complex(np.nan, 0.0), data.dtype))


def check_median_dtype(input: Tensor, dim_given: bool) -> None:
    """torch has no median kernel for bool (nanmedian runs median's, with its names); the
    median of everything of an empty tensor needs none."""
    if not dim_given and input._data.size == 0:
        return
    if input._data.dtype == np.bool_:
        kernel = "median_out" if dim_given else "median_cpu"
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")


# ====================================================================== logsumexp
@declare("logsumexp", grad_fn="LogsumexpBackward0", saves=(0, OUT), dtype=FLOAT,
         formula="d logsumexp(x)/dx_i = exp(x_i - logsumexp(x)) (the softmax)")
def _logsumexp(x, dims, keepdim):
    with np.errstate(divide="ignore"):  # all -inf (or nothing) gives log(0) = -inf
        if x.size == 0:
            return np.log(np.sum(np.exp(x), axis=dims, keepdims=keepdim))
        if x.dtype.kind == "c":  # torch's: shifted by the largest real part (principal log)
            shift = np.amax(x.real, axis=dims, keepdims=True)
            shift = np.where(np.isinf(shift), 0, shift).astype(x.real.dtype, copy=False)
            total = np.log(np.sum(np.exp(x - shift), axis=dims, keepdims=True)) + shift
            return c_ordered(total if keepdim else np.squeeze(total, axis=dims))
        # Subtract the maximum so exp cannot overflow; an infinite maximum is left alone
        # (inf - inf would be nan), which gives torch's inf and -inf results.
        shift = np.amax(x, axis=dims, keepdims=True)
        shift = np.where(np.isinf(shift), 0, shift).astype(x.dtype, copy=False)
        if x.dtype in (np.float32, np.float64) and x.ndim:
            # torch's composition: its exp, its sum's order of additions, its log
            total = xp.log(torch_dim_sum(sleef_exp(x - shift), tuple(dims), True)) + shift
        else:
            total = np.log(np.sum(np.exp(x - shift), axis=dims, keepdims=True)) + shift
    # (C-ordered, as torch's reductions write their results whatever x's strides)
    return c_ordered(total if keepdim else np.squeeze(total, axis=dims))


@_logsumexp.backward
def _(ctx, g):
    x, out = ctx.saved
    dims, keepdim = ctx.params
    shape = xp.numpy_value(x).shape
    # (complex: g times the softmax's conjugate, torch's convention)
    return (expand_reduced(g, shape, dims, keepdim) *
            xp.conj(xp.exp(x - expand_reduced(out, shape, dims, keepdim))),)


_logsumexp.tangent(_dims_tangent)
allow_complex("logsumexp")  # (checked against torch: tests/samples/complex_leftovers.py)


@public()
def logsumexp(input: Tensor, dim=None, keepdim: bool = False, **aliases) -> Tensor:
    """log(sum(exp(input))) over `dim`, computed without overflow."""
    history_first(input)
    if dim is None and "axis" not in aliases:
        raise TypeError('logsumexp() missing 1 required positional arguments: "dim"')
    dim, keepdim = _aliases(dim, keepdim, aliases)
    _check_keepdim("logsumexp", keepdim)
    dims = _dims_arg(dim, input._data.ndim)
    return apply(OPS["logsumexp"], (input,), (dims, keepdim))
