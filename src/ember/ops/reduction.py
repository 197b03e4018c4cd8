"""Sums and products: sum, mean, sum_to_size, prod, the vector norm, and the counting
reductions any, all and count_nonzero.

The other reductions live next door: reduction_extrema (max/min, amax/amin, argmax/argmin,
aminmax, median, logsumexp), reduction_stats (var/std) and reduction_cumulative
(cumsum/cumprod); what they share, and the conventions they follow, is in _reduction_common.
"""

from __future__ import annotations

import math

import numpy as np

from .._dispatch import apply, integers_recorded
from .._dtype import FLOAT as FLOAT_CATEGORY
from .._dtype import scalar_type_name, to_dtype
from .._grad_mode import state as _grad_state
from .._tensor import Tensor
from .._warnings import warn_once
from ..autograd import forward_ad as _fw
from ..autograd.node import history_first
from . import _xp as xp
from ._dims import int_dim, wrap_dims
from ._lapack_layout import c_ordered
from ._norm_order import torch_norm
from ._prod_order import torch_last_dim_prod, torch_prod
from ._reduction_common import (
    _INF,
    _add_reduce,
    _aliases,
    _all_dims_tangent,
    _check_keepdim,
    _dims_arg,
    _kept_array,
    _mask,
    _mean_np,
    _reduced_count,
    _single_dim,
    _split_evenly,
    expand_reduced,
    refuse_complex_grad_of_real,
)
from ._registry import FLOAT, OPS, OUT, SAME, allow_complex, declare, public
from ._sum_order import sum_to, torch_dim_sum, torch_sum


# ====================================================================== helpers
def _axis(dims: tuple[int, ...], ndim: int):
    """NumPy's axis for reduced dims (a 0-d tensor reduces over nothing)."""
    return dims if ndim else None


def _type_word(t: Tensor) -> str:
    return scalar_type_name(t.dtype.name)


def accumulation_dtype(x: np.ndarray):
    """The dtype a sum-like reduction accumulates in, as torch's CPU kernels: int64 for bool
    and integers, float32 for float16 (NumPy would accumulate float16 in float16, losing
    every unit past 2048), None (x's own) otherwise."""
    kind = x.dtype.kind
    if kind == "f":
        return np.float32 if x.dtype.itemsize == 2 else None
    return np.int64 if kind in "biu" else None


def _in_dtype_of(result, x: np.ndarray):
    """A float16 input's result, accumulated in float32, rounded back once; C-ordered, as
    torch's reductions write their results whatever x's strides (NumPy's follow x's)."""
    return c_ordered(result.astype(np.float16) if x.dtype == np.float16 else result)


def cast_for_reduction(input: Tensor, dtype):
    """A sum-like reduction's `dtype=` (sum, prod, cumsum, cumprod): the input cast to it,
    and the dtype the result must be brought back to, or None.

    Integer results are computed in int64 (the op's rule) and then cast: torch's sum in
    uint8, say, is the same modular arithmetic. torch refuses an integer or bool `dtype=`
    on an input that is being differentiated.
    """
    dtype = to_dtype(dtype)
    if dtype.category >= FLOAT_CATEGORY:  # (or complex)
        return input.to(dtype), None
    if input._requires_grad and _grad_state.enabled and not integers_recorded[0]:
        # (an in-place cumsum_ on integers that came to require grad is recorded, as
        # torch records i.masked_fill_(m, w) then i.cumsum_(0); cumprod_ saves self and
        # is refused by call_inplace)
        raise RuntimeError(f"Autograd not support dtype: {scalar_type_name(dtype.name)}")
    return input.to(dtype), (None if dtype.name == "int64" else dtype)


def float_cast(input: Tensor, dtype) -> tuple[Tensor, tuple, object]:
    """A sum-like reduction's `dtype=` (sum, mean, nansum, prod): for a float dtype, the
    params that make the op cast x itself (one node whose input is x, as torch's: no
    ToCopyBackward0 before it; the engine casts the gradient back to x's dtype); for an
    integer or bool one, the input cast and the dtype to narrow the result to."""
    if dtype is None:
        return input, (), None
    if to_dtype(dtype).category >= FLOAT_CATEGORY:  # (or complex)
        cast = to_dtype(dtype).numpy
        return input, (() if cast == input._data.dtype else (cast,)), None
    input, narrow = cast_for_reduction(input, dtype)
    return input, (), narrow


def _cast(x: np.ndarray, dtype) -> np.ndarray:
    """x in a reduction's dtype= (its last, optional param)."""
    if dtype is None:
        return x
    if x.dtype.kind == "c" and np.dtype(dtype).kind != "c":  # (torch's cast: the real part)
        warn_once("complex to real", "Casting complex values to real discards the "
                  "imaginary part")
        x = x.real
    return x.astype(dtype, copy=False)


def _float_sum(x: np.ndarray, dims: tuple, keepdim: bool) -> np.ndarray | None:
    """The sum of float32/float64 x over dims in torch's order of additions (see
    _sum_order), or None for other dtypes. The order decides the last bit of most sums
    (`X.mean(0)` printing 49.9367 for torch's 49.9366), and the whole answer where cast
    values cancel: int64's +-2**63 as float32 (torch's sum of [3, -2**63, 4, -1,
    2**63 - 1, 2] is 3.0, NumPy's 2.0)."""
    if x.dtype != np.float32 and x.dtype != np.float64:
        return None
    return torch_dim_sum(x, dims, keepdim)


def _finish_dtype(result: Tensor, dtype) -> Tensor:
    """result cast to a narrower integer or bool `dtype=` (see cast_for_reduction)."""
    return result if dtype is None else result.to(dtype)


# ====================================================================== sum / mean
@declare("sum", grad_fn="SumBackward0", dtype=SAME, formula="d sum(x)/dx_i = 1")
def _sum_all(x, input_shape, dtype=None):
    x = _cast(x, dtype)
    if x.dtype == np.float32 or x.dtype == np.float64:
        return torch_sum(x)  # (torch's order of additions: a printed loss.item()'s digits)
    return _in_dtype_of(_add_reduce(x, axis=None, dtype=accumulation_dtype(x)), x)


@_sum_all.backward
def _(ctx, g):
    if len(ctx.params) > 1:
        _refuse_complex_dtype_of_real(ctx, g)
    return (xp.expand(g, ctx.params[0]),)


def _refuse_complex_dtype_of_real(ctx, g) -> None:
    """sum/mean of a real input with a complex dtype=: torch's formula passes the complex
    gradient on, which its engine refuses for the real input (cumsum's casts it back)."""
    if ctx.input_meta is not None and ctx.input_meta[0] is not None:
        refuse_complex_grad_of_real(np.empty(0, ctx.input_meta[0][1]), g)


_sum_all.tangent(_fw.linear)


@declare("sum_dim", grad_fn="SumBackward1", dtype=SAME, formula="d sum(x, dim)/dx_i = 1")
def _sum_dim(x, shape, dims, keepdim, dtype=None):
    x = _cast(x, dtype)
    total = _float_sum(x, dims, keepdim)
    if total is not None:
        return total
    return _in_dtype_of(
        _add_reduce(x, axis=dims, dtype=accumulation_dtype(x), keepdims=keepdim), x)


@_sum_dim.backward
def _(ctx, g):
    shape, dims, keepdim = ctx.params[:3]
    if len(ctx.params) > 3:
        _refuse_complex_dtype_of_real(ctx, g)
    if not keepdim and shape and isinstance(g, Tensor):
        # torch re-inserts the summed dims one unsqueeze each (not one view), which a graph
        # of this backward shows: jvp by double backward gives SqueezeBackward1
        for d in sorted(dims):
            g = g.unsqueeze(d)
        keepdim = True
    return (expand_reduced(g, shape, dims, keepdim),)


_sum_dim.tangent(_fw.linear)


@public()
def sum(input: Tensor, dim=None, keepdim: bool = False, *, dtype=None, **aliases) -> Tensor:
    """Sum of all elements, or over `dim` (an int or a tuple of ints).

    Bool and integer tensors are summed in int64, as torch does.
    """
    history_first(input)
    dim, keepdim = _aliases(dim, keepdim, aliases)
    _check_keepdim("sum", keepdim)
    # (torch checks the dims before the dtype)
    dims = None if dim is None and not keepdim else _dims_arg(dim, input._data.ndim)
    input, cast, narrow = float_cast(input, dtype)
    if dims is None:
        result = apply(OPS["sum"], (input,), (input._data.shape, *cast))
    else:
        result = apply(OPS["sum_dim"], (input,), (input._data.shape, dims, keepdim, *cast))
    return _finish_dtype(result, narrow)


@declare("mean", grad_fn="MeanBackward0", dtype=SAME, formula="d mean(x)/dx_i = 1/n")
def _mean_all(x, input_shape, dtype=None):
    x, narrow = _mean_input(x, dtype)
    if dtype is not None:
        return _cast_mean(x, tuple(range(x.ndim)), False, narrow)
    if x.dtype == np.float16:  # accumulated in float32, as torch
        return _mean_np(x.astype(np.float32), tuple(range(x.ndim)), False).astype(x.dtype)
    if x.size and (x.dtype == np.float32 or x.dtype == np.float64):
        return np.divide(torch_sum(x), x.dtype.type(x.size))  # (torch's sum, then / n)
    return _mean_np(x, tuple(range(x.ndim)), False)


def _mean_input(x: np.ndarray, dtype) -> tuple[np.ndarray, object]:
    """x for mean(dtype=), and the dtype to round the mean to: torch averages any other
    input (integers too) in float32 for dtype=float16 and rounds once (70000 fits until
    then)."""
    if dtype is None:
        return x, None
    if dtype == np.float16 and x.dtype != np.float16:  # (int64's 2**63: inf in float16)
        return x.astype(np.float32, copy=False), dtype
    return x.astype(dtype, copy=False), None


def _cast_mean(x: np.ndarray, dims: tuple, keepdim: bool, narrow) -> np.ndarray:
    """The mean of float x over dims as torch's: its sum in torch's order divided by the
    count in x's dtype (a division, not a product with 1/n), rounded to `narrow` (float16,
    for mean(dtype=float16)) if given; a float16 x is averaged in float32."""
    if x.dtype == np.float16:
        return c_ordered(_mean_np(x.astype(np.float32), dims, keepdim).astype(x.dtype))
    if x.dtype.kind == "c":  # (torch's summation order is emulated for real floats only)
        # (np.mean's sum and division, without its warning for nothing to average: nan)
        total = np.sum(x, axis=dims, keepdims=keepdim)
        return c_ordered(np.true_divide(total, x.dtype.type(_reduced_count(x.shape, dims))))
    total = _float_sum(x, dims, keepdim)
    count = _reduced_count(x.shape, dims)
    if count:
        mean = np.divide(total, x.dtype.type(count), out=total)
    else:
        with np.errstate(invalid="ignore"):  # (the mean of nothing: nan)
            mean = total / x.dtype.type(0)
    return mean if narrow is None else mean.astype(narrow)


@_mean_all.backward
def _(ctx, g):
    shape = ctx.params[0]
    if len(ctx.params) > 1:
        _refuse_complex_dtype_of_real(ctx, g)
    if xp.is_tensor(g):  # torch's order: expand, then divide by a number (DivBackward1)
        return (xp.op("div_scalar", (xp.expand(g, shape),), math.prod(shape)),)
    return (xp.expand(g / math.prod(shape), shape),)  # (the same quotients, fewer of them)


_mean_all.tangent(_fw.linear)


@declare("mean_dim", grad_fn="MeanBackward1", dtype=SAME, formula="d mean(x, dim)/dx_i = 1/n")
def _mean_dim(x, shape, dims, keepdim, dtype=None):
    x, narrow = _mean_input(x, dtype)
    return _cast_mean(x, dims, keepdim, narrow)


@_mean_dim.backward
def _(ctx, g):
    shape, dims, keepdim = ctx.params[:3]
    if len(ctx.params) > 3:
        _refuse_complex_dtype_of_real(ctx, g)
    if xp.is_tensor(g):  # torch's order: expand, then divide by a number (DivBackward1)
        return (xp.op("div_scalar", (expand_reduced(g, shape, dims, keepdim),),
                      _reduced_count(shape, dims)),)
    return (expand_reduced(g / _reduced_count(shape, dims), shape, dims, keepdim),)


_mean_dim.tangent(_fw.linear)


def _check_floating(name: str, input: Tensor) -> None:
    if input._data.dtype.kind not in "fc":
        raise RuntimeError(
            f"{name}(): could not infer output dtype. Input dtype must be either a floating "
            f"point or complex dtype. Got: {_type_word(input)}"
        )


@public()
def mean(input: Tensor, dim=None, keepdim: bool = False, *, dtype=None, **aliases) -> Tensor:
    """Mean of all elements, or over `dim` (floating point tensors only, as in torch)."""
    history_first(input)
    dim, keepdim = _aliases(dim, keepdim, aliases)
    _check_keepdim("mean", keepdim)
    if dtype is not None:
        if to_dtype(dtype).category < FLOAT_CATEGORY:
            raise RuntimeError(
                "mean(): could not infer output dtype. Optional dtype must be either a "
                f"floating point or complex dtype. Got: {scalar_type_name(to_dtype(dtype).name)}")
    input, cast, _ = float_cast(input, dtype)
    if not cast:
        _check_floating("mean", input)
    if dim is None and not keepdim:
        return apply(OPS["mean"], (input,), (input._data.shape, *cast))
    dims = _dims_arg(dim, input._data.ndim)
    return apply(OPS["mean_dim"], (input,), (input._data.shape, dims, keepdim, *cast))


# ---------------------------------------------------------------------- sum_to_size
@declare("sum_to_size", grad_fn="SumBackward1", dtype=SAME,
         formula="d sum_to_size(x)/dx_i = 1")
def _sum_to_size(x, shape, input_shape):
    if x.shape == tuple(shape):
        return x.copy()  # (never x's memory)
    return sum_to(x, shape)  # (torch's order of additions)


@_sum_to_size.backward
def _(ctx, g):
    return (xp.expand(g, ctx.params[1]),)


_sum_to_size.tangent(_fw.linear)


def _full_sum_in_order(input: Tensor) -> Tensor:
    """input.sum() (SumBackward0) in torch's order of additions for float32/float64, as
    formulas on arrays sum a gradient down to a 0-d input (_sum_order.sum_to): sum's own
    full reduction keeps NumPy's pairwise sum, its dtype= form torch's."""
    dtype = input._data.dtype
    if dtype == np.float32 or dtype == np.float64:
        return apply(OPS["sum"], (input,), (input._data.shape, dtype))
    return input.sum()


@public()
def sum_to_size(input: Tensor, *size) -> Tensor:
    """Sum broadcast dims away so the result has `size` (the inverse of expand)."""
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = tuple(size[0])
    size = tuple(size)
    if not size and not input._data.ndim:
        return _full_sum_in_order(input)  # (torch's at::sum_to: a 0-d size: a full sum)
    if tuple(input._data.shape) == size:
        return input
    try:
        if np.broadcast_shapes(size, input._data.shape) != input._data.shape:
            raise ValueError
    except ValueError:
        raise RuntimeError(
            f"size {{{list(size)}}} is not expandable to size {{{list(input._data.shape)}}}."
        ) from None
    # torch's at::sum_to, whose nodes name the gradients of broadcast inputs under
    # create_graph=True: a full sum to a 0-d size (SumBackward0); else a sum keeping the
    # leading and broadcast dims (SumBackward1), then a view without the leading ones
    # (ViewBackward0)
    if not size:
        return _full_sum_in_order(input)
    lead = input._data.ndim - len(size)
    summed = apply(OPS["sum_to_size"], (input,), ((1,) * lead + size, input._data.shape))
    return summed.view(size) if lead else summed


# ====================================================================== nansum / nanmean
@declare("nansum", grad_fn="NansumBackward0", saves=(0,), dtype=SAME,
         formula="d nansum(x)/dx_i = 1 where x_i is not nan, else 0")
def _nansum(x, dims, keepdim, dtype=None):
    x = _cast(x, dtype)
    if x.dtype == np.float32 or x.dtype == np.float64:  # (nan read as 0, in torch's order)
        return torch_dim_sum(x, dims if x.ndim else (), keepdim, nan_as_zero=True)
    return _in_dtype_of(np.nansum(x, axis=_axis(dims, x.ndim), keepdims=keepdim,
                                  dtype=accumulation_dtype(x)), x)


@_nansum.backward
def _(ctx, g):
    (x,) = ctx.saved
    dims, keepdim = ctx.params[:2]
    values = xp.numpy_value(x)
    # torch casts the gradient to x's dtype first (dtype=), then expands and masks it: the
    # cast is the node nearest x's gradient's history, not its last one
    g = xp.astype(g, values.dtype)
    # torch multiplies by the mask (an inf gradient gives nan at a nan element); asarray:
    # a 0-d mask is a NumPy bool scalar, which a Tensor would read as the default float
    not_nan = xp.constant(np.asarray(~np.isnan(values)), like=g)
    return (expand_reduced(g, values.shape, dims, keepdim) * not_nan,)


@_nansum.tangent
def _(ctx, t):
    return _fw.reduced(ctx, t, ctx.params[0], ctx.params[1])


@public()
def nansum(input: Tensor, dim=None, keepdim: bool = False, *, dtype=None) -> Tensor:
    """Sum treating nan as 0, of all elements or over `dim` (integers sum in int64)."""
    _check_keepdim("nansum", keepdim)
    dims = _dims_arg(dim, input._data.ndim)  # (torch checks the dims before the dtype)
    input, cast, narrow = float_cast(input, dtype)
    return _finish_dtype(apply(_nansum, (input,), (dims, keepdim, *cast)), narrow)


@public()
def nanmean(input: Tensor, dim=None, keepdim: bool = False, *, dtype=None) -> Tensor:
    """Mean of the elements that are not nan (nan where there are none), as torch: the
    nansum divided by the count."""
    if input._data.dtype.kind == "c":  # (torch's nansum refuses them)
        raise RuntimeError("nansum on CPU does not support complex inputs")
    if input._data.dtype.kind != "f":  # (whatever dtype= says)
        raise RuntimeError("nanmean(): expected input to have floating point or complex "
                           f"dtype but got {scalar_type_name(input.dtype.name)}")
    if dtype is not None and to_dtype(dtype).numpy.kind != "f":
        raise RuntimeError("nanmean(): could not infer output dtype. Optional dtype must be "
                           "either a floating point or complex dtype. Got: "
                           f"{scalar_type_name(to_dtype(dtype).name)}")
    # np.asarray: a 0-d count is a NumPy scalar, which Tensor would read as the default dtype
    # (dtype=: nansum casts x itself, one node on x as torch's)
    counted = Tensor(np.asarray(np.sum(~np.isnan(input._data),
                                       axis=_axis(_dims_arg(dim, input._data.ndim),
                                                  input._data.ndim),
                                       keepdims=keepdim).astype(
        input._data.dtype if dtype is None else to_dtype(dtype).numpy)))
    return nansum(input, dim, keepdim, dtype=dtype) / counted


# ====================================================================== prod
@declare("prod", grad_fn="ProdBackward0", saves=(0, OUT), dtype=SAME, complex_ok=True,
         formula="d prod(x)/dx_i = prod_{j != i} x_j")
def _prod_all(x, dtype=None):
    x = _cast(x, dtype)
    if x.dtype == np.float16:
        return _float16_product(x.reshape(-1), 0, False)
    if x.dtype == np.float32 or x.dtype == np.float64:
        product = torch_prod(x)  # (torch's order of multiplications; None for strided x)
        if product is not None:
            return product
    return _in_dtype_of(np.prod(x, dtype=accumulation_dtype(x)), x)


def _float16_product(x: np.ndarray, axis: int, keepdims: bool) -> np.ndarray:
    """torch multiplies float16 values one after another in float16 (rounding, and
    overflowing to inf, at every step: 300 * 300 * 0.001 is inf), unlike its sums, which
    accumulate in float32; a running product (multiply.accumulate) is that order."""
    if x.shape[axis] == 0:
        return np.prod(x, axis=axis, keepdims=keepdims)
    with np.errstate(over="ignore", invalid="ignore"):
        running = np.multiply.accumulate(x, axis=axis, dtype=np.float16)
    last = np.take(running, [-1] if keepdims else -1, axis=axis)
    return np.asarray(last, dtype=np.float16)


@_prod_all.backward
def _(ctx, g):
    x, out = ctx.saved
    refuse_complex_grad_of_real(x, g)
    x = xp.astype(x, xp.numpy_dtype(out))  # (dtype=: torch's self.to(grad's dtype))
    return (_prod_grad(g, x, out, tuple(range(xp.numpy_value(x).ndim)), False, True),)


_prod_all.tangent(_all_dims_tangent)


@declare("prod_dim", grad_fn="ProdBackward1", saves=(0, OUT), dtype=SAME, complex_ok=True,
         formula="d prod(x, dim)/dx_i = prod_{j != i} x_j")
def _prod_dim(x, dim, keepdim, dtype=None):
    x = _cast(x, dtype)
    if x.dtype == np.float16 and x.ndim:
        return _float16_product(x, dim, keepdim)
    if (x.dtype == np.float32 or x.dtype == np.float64) and x.ndim and dim % x.ndim == \
            x.ndim - 1:
        product = torch_last_dim_prod(x, keepdim)  # (torch's inner kernel's order)
        if product is not None:
            return product
    return _in_dtype_of(np.prod(x, axis=_axis((dim,), x.ndim), keepdims=keepdim,
                                dtype=accumulation_dtype(x)), x)


@_prod_dim.backward
def _(ctx, g):
    x, out = ctx.saved
    dim, keepdim = ctx.params[:2]
    refuse_complex_grad_of_real(x, g)
    x = xp.astype(x, xp.numpy_dtype(out))  # (dtype=: torch's self.to(grad's dtype))
    return (_prod_grad(g, x, out, (dim,) if xp.numpy_value(x).ndim else (), keepdim, False),)


@_prod_dim.tangent
def _(ctx, t):
    dim, keepdim = ctx.params[:2]
    return _fw.reduced(ctx, t, (dim,) if t._data.ndim else (), keepdim)


def _prod_grad(g, x, out, dims: tuple, keepdim: bool, everything: bool):
    """g * (product of the other elements of the slice), right also when x has zeros.

    Without zeros this is g * prod / x. With zeros, dividing is impossible: the product of
    the others is that of the elements before x_i times that of the elements after it, two
    running products (cumprod) that skip x_i, as torch computes it, over the flattened
    input for the product of everything. Kept as ops on x, it stays differentiable (its
    second derivatives are cumprod's). Not recording a graph, torch gives the product of
    everything with more than one zero a gradient of plain zeros (whatever g is, an
    infinite one too); along a dim it always uses the running products.
    """
    values = xp.numpy_value(x)
    shape = values.shape
    if not shape:
        return g
    g_full = expand_reduced(g, shape, dims, keepdim)
    is_zero = values == 0
    # (complex values: g times the conjugate of the other elements' product, torch's)
    if not is_zero.any():  # torch's order, g * (prod / x)
        return g_full * xp.conj(expand_reduced(out, shape, dims, keepdim) / x)
    if not everything:
        return g_full * xp.conj(_products_of_others(x, dims[0]))
    recording = xp.is_tensor(g) and _grad_state.enabled
    if not recording and np.count_nonzero(is_zero) > 1:
        return xp.zeros(shape, like=g_full)
    flat = xp.reshape(x, (values.size,))
    # torch's order: the (0-d) g times the flat products, viewed as x (ViewBackward0)
    return xp.reshape(g * xp.conj(_products_of_others(flat, 0)), shape)


def _products_of_others(x, dim: int):
    """For each element, the product of the elements before it along dim times that of the
    elements after it (torch's zero-safe product gradient: no division)."""
    values = xp.numpy_value(x)
    n = values.shape[dim]
    ones = xp.constant(np.ones(values.shape[:dim] + (1,) + values.shape[dim + 1:],
                               values.dtype), like=x)
    if n == 1:
        return ones
    head = xp.view("slice", x, dim, 0, n - 1, 1, values.shape)
    tail = xp.op("flip", (xp.view("slice", x, dim, 1, n, 1, values.shape),), (dim,))
    before = xp.op("cumprod", (xp.cat([ones, head], dim),), dim)
    after = xp.op("flip", (xp.op("cumprod", (xp.cat([ones, tail], dim),), dim),), (dim,))
    return before * after


@public()
def prod(input: Tensor, dim=None, keepdim: bool = False, *, dtype=None, **aliases) -> Tensor:
    """Product of all elements, or along one dim (bool and integers multiply in int64)."""
    history_first(input)
    dim, keepdim = _aliases(dim, keepdim, aliases)
    _check_keepdim("prod", keepdim)
    if dim is not None:  # (torch checks the dim before the dtype)
        dim = _single_dim("prod", dim, input._data.ndim)
    input, cast, narrow = float_cast(input, dtype)
    if dim is None:
        return _finish_dtype(apply(OPS["prod"], (input,), cast), narrow)
    return _finish_dtype(apply(OPS["prod_dim"], (input,), (dim, keepdim, *cast)), narrow)


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
    dim = int_dim(dim)  # (torch's any/all take a tensor only as an int: 0-d, integer)
    if not ndim:  # a 0-d input takes dims 0 and -1, as one of size 1, and reduces none
        wrap_dims(dim, 1)
        return ()
    return wrap_dims(dim, ndim)


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
def _norm(x, p, dims, keepdim, zero_d=False, dtype=None):
    if dtype is not None:  # dtype=: x in that dtype (the node's input stays x, as torch's)
        x = x.astype(dtype, copy=False)
    if x.dtype.kind == "c":  # the norm of the magnitudes (real)
        x = np.abs(x)
    if x.dtype == np.float16 and p not in (0, _INF, -_INF):
        # torch accumulates a float16 norm in float32 (powers, sum and root) and rounds
        # once: the 2-norm of [300, 400] is 500, not inf from 300 * 300 in float16, and
        # the 3-norm of a column holding 65504 is 65504 (bit for bit over random vectors)
        # (torch's plain reduction for float16: terms added one by one in float32)
        return _norm_values(x.astype(np.float32), p, dims, keepdim, True).astype(np.float16)
    return _norm_values(x, p, dims, keepdim)


def _norm_values(x, p, dims, keepdim, plain=False):
    if p != 0 and (x.size if len(dims) == x.ndim else math.prod(x.shape[d] for d in dims)) == 1:
        # one element per norm: torch gives |x| itself (no square to overflow or underflow:
        # the norm of [3e38] is 3e38 in float32). The reduced dims all have size 1, so the
        # sum of one element is a reshape (a third of a reduction's cost on the seed loop's
        # one-element norm); keepdim keeps x's shape as it is.
        shape = x.shape if keepdim else tuple(
            size for axis, size in enumerate(x.shape) if axis not in dims)
        return np.abs(x).reshape(shape)
    ordered = torch_norm(x, p, dims, keepdim, plain)  # torch's order of additions
    if ordered is not None:
        return ordered
    if p == 2:  # the usual norm: ufunc methods directly (np.sum's wrapper costs a microsecond)
        return np.sqrt(np.add.reduce(x * x, axis=dims, keepdims=keepdim))
    a = np.abs(x)
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
    p, dims, keepdim = ctx.params[:3]
    if len(ctx.params) > 3 and ctx.params[3]:
        # dtype= and no dim: torch's formula sees a 0-d norm and gradient, which take x's
        # dtype in its products (a wider dim given norm keeps its own: the engine casts)
        dtype = xp.numpy_dtype(x)
        g, out = xp.astype(g, dtype), xp.astype(out, dtype)
    if p == 0:
        return (None,)  # torch gives no gradient at all for the 0-"norm" (a count)
    return (norm_grad(g, x, out, p, dims, keepdim),)


def norm_grad(g, x, out, p: float, dims: tuple, keepdim: bool):
    """torch's norm_backward for p != 0 (also dist's, on the difference): g times the
    derivative of the p-norm over `dims`; for complex x, the conjugate convention's
    (sgn(x) = x/|x| in place of the sign)."""
    shape = xp.numpy_value(x).shape
    if p == 1:
        return expand_reduced(g, shape, dims, keepdim) * xp.sgn(x)
    if p in (_INF, -_INF):
        return _split_evenly(g, xp.abs(x), out, dims, keepdim) * xp.sgn(x)
    g = expand_reduced(g, shape, dims, keepdim)
    zero_norm = _mask(_kept_array(xp.numpy_value(out), shape, dims) == 0, g)
    if p == 2:
        # torch's formula, g * (x / norm) with x / norm set to 0 where the norm is 0: the
        # gradient at x = 0 is 0 (nan for an infinite g), bit-equal to torch's, and the
        # second derivative there is torch's nan (0 through the unguarded division)
        with np.errstate(divide="ignore", invalid="ignore"):
            direction = x / expand_reduced(out, shape, dims, keepdim)
        return g * xp.where(zero_norm, 0.0, direction)
    # general p, torch's compositions (a product last: MulBackward0 under create_graph):
    # sign(x) |x|^(p-1) times g / ||x||^(p-1), the latter 0 where the norm is 0; for p < 1
    # |x|^(p-1) (infinite at x = 0) is taken as 0 there and g ||x||^(1-p) is 0 at norm 0.
    norm = expand_reduced(out, shape, dims, keepdim)
    if p < 1:
        zero_x = _mask(xp.numpy_value(x) == 0, g)
        power = xp.masked_fill(xp.where(zero_x, 1.0, xp.abs(x)) ** (p - 1), zero_x, 0)
        return xp.sgn(x) * power * g * norm ** (1 - p)
    scaled_x = xp.sgn(x) * xp.abs(x) ** (p - 1) if p < 2 else x * xp.abs(x) ** (p - 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = g / norm ** (p - 1)
    return scaled_x * xp.masked_fill(share, zero_norm, 0)


@_norm.tangent
def _(ctx, t):
    p, dims, keepdim = ctx.params[:3]
    if p == 0:
        return ctx.zeros()  # a count of the non-zero elements: constant
    return _fw.reduced(ctx, t, dims, keepdim)


_NORM = OPS["norm"]

# nn.functional.pairwise_distance calls torch's older norm kernel (aten::norm with a dim),
# which autograd records as NormBackward1: vector_norm's values and gradients, that name.
_norm_dim = declare("norm_dim", grad_fn="NormBackward1", dtype=FLOAT, saves=(0, OUT),
                    formula=_norm.formula)(_norm.forward)
_norm_dim.backward(_norm.backward_fn)
_norm_dim.tangent(_norm.tangent_fn)


@public()
def norm(input: Tensor, p="fro", dim=None, keepdim: bool = False, dtype=None) -> Tensor:
    """The vector p-norm over all elements or `dim` ("fro" and None mean 2).

    Other strings are matrix norms, as torch.norm hands them to linalg.matrix_norm over
    `dim` (every dim when None): "nuc" is the nuclear norm. A number p is always a vector
    norm (p=2 over a matrix's two dims is Frobenius, not the spectral norm), as in torch.
    """
    history_first(input)
    if p == "fro" and dim is not None and not isinstance(dim, int) and len(dim) > 2:
        # torch's Frobenius norm over several dims is a matrix norm: two dims at most
        raise RuntimeError("linalg.matrix_norm: dim must be a 2-tuple. Got "
                           + " ".join(str(d) for d in dim))
    if isinstance(p, str) and p != "fro":
        from ..linalg import matrix_norm

        dims = tuple(range(input._data.ndim)) if dim is None else (
            (dim,) if isinstance(dim, int) else tuple(dim))
        return matrix_norm(input, p, dims, keepdim, dtype=dtype)
    if (p == "fro" and dim is None and keepdim is False and dtype is None
            and type(input) is Tensor and input._data.dtype.kind == "f"):
        # x.norm(), as in `while x.norm() < 1000`: the checks below cannot fail
        return apply(_NORM, (input,), (2.0, tuple(range(input._data.ndim)), False))
    return apply(_NORM, *_norm_arguments(input, p, dim, keepdim, dtype))


def norm_dim(input: Tensor, p: float, dim: int, keepdim: bool = False) -> Tensor:
    """The p-norm along `dim`, recorded as torch's aten::norm (NormBackward1)."""
    return apply(OPS["norm_dim"], *_norm_arguments(input, p, dim, keepdim, None))


def _norm_arguments(input: Tensor, p, dim, keepdim: bool, dtype) -> tuple[tuple, tuple]:
    """The checks and conversions of torch's vector norm; the op's inputs and params."""
    if p in ("fro", None):
        p = 2
    if isinstance(p, str):
        raise NotImplementedError(
            f"norm with p={p!r} is not supported yet; use p='fro' or a number"
        )
    _check_keepdim("norm", keepdim, None)
    if input._data.dtype.kind not in "fc":
        raise RuntimeError(
            "linalg.vector_norm: Expected a floating point or complex tensor as input. "
            f"Got {_type_word(input)}"
        )
    if dtype is not None:
        check_norm_dtype_kind("linalg.vector_norm", input, dtype)
        if input.dtype.itemsize > dtype.itemsize:
            raise RuntimeError(
                f"linalg.vector_norm: the dtype of the input ({_type_word(input)}) should be "
                f"convertible without narrowing to the specified dtype ({_dtype_word(dtype)})"
            )
    dims = _dims_arg(dim, input._data.ndim)
    p = float(p)
    if abs(p) == _INF and input._data.size == 0:
        _check_inf_norm_identity(input, dim, dims, p)
    if dtype is not None and to_dtype(dtype).numpy != input._data.dtype:
        # one node whose input is x, as torch's (no ToCopyBackward0 before it); whether
        # torch's formula gets a 0-d norm (no dim, keepdim False, x with dims); the dtype
        # last (NumPy 1: the dispatcher keeps a float64 result of an op told its dtype)
        zero_d = dim is None and not keepdim and input._data.ndim > 0
        return (input,), (p, dims, keepdim, zero_d, to_dtype(dtype).numpy)
    return (input,), (p, dims, keepdim)


def check_norm_dtype_kind(name: str, input: Tensor, dtype) -> None:
    """torch's norms take a complex dtype= for complex inputs only, a real one for real."""
    dtype = to_dtype(dtype)
    if input._data.dtype.kind == "c" and not dtype.is_complex:
        raise RuntimeError(f"{name}: dtype should be complex for complex inputs, but got "
                           f"{_dtype_word(dtype)}")
    if input._data.dtype.kind != "c" and dtype.is_complex:
        raise RuntimeError(f"{name}: dtype should be real for real inputs, but got "
                           f"{_dtype_word(dtype)}")


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
    return scalar_type_name(dtype)

# Linear in the tensors with real coefficients: forward and backward hold for complex values
# (checked against torch: tests/samples/complex_shape.py).
allow_complex("sum", "sum_dim", "mean", "mean_dim", "sum_to_size")
# Norms of complex values: those of the magnitudes (real); every backward branch is written
# with sgn/abs/x / norm, torch's complex forms (tests/samples/complex_leftovers.py)
allow_complex("norm", "norm_dim")
