"""More reductions and scans: logcumsumexp, mode, nanmedian, quantile/nanquantile, diff,
trapezoid/trapz/cumulative_trapezoid, and the counting functions without gradients
(histc, bincount, unique_consecutive, isin).

logcumsumexp, mode and nanmedian are ops with torch's grad_fn names; the others compose
other ops as torch does (diff: SubBackward0, quantile: sort, gather, lerp and an in-place
squeeze, trapezoid: MulBackward1/DivBackward1).
"""

from __future__ import annotations

import math
from numbers import Number

import numpy as np

from .. import _dtype
from .._dispatch import apply
from .._dtype import scalar_type_name
from .._tensor import Tensor
from ..autograd.node import history_first, keep_versions
from . import _tie_order
from . import _xp as xp
from ._complex_scan import complex_logcumsumexp
from ._dims import wrap_dim
from ._lapack_layout import c_ordered
from ._registry import OPS, OUT, SAME, allow_complex, declare, public
from .nn_loss import div_scalar, mul_scalar
from .reduction_extrema import (
    _all_dims_tangent,
    _selection_op,
    _split_evenly_selecting,
    check_median_dtype,
    empty_complex_median,
    nan_in_dtype,
)
from .return_types import _return_type, return_types

_MODE = return_types.mode = _return_type("mode", ("values", "indices"))
_NANMEDIAN = return_types.nanmedian = _return_type("nanmedian", ("values", "indices"))

def _word(t: Tensor) -> str:
    return scalar_type_name(t._data.dtype)


# ---------------------------------------------------------------------- logcumsumexp
def _flip(x, dim: int):
    return x.flip(dim) if xp.is_tensor(x) else np.flip(x, dim)


def _log_parts(values, extra):
    """(log(v) + extra where v > 0 else -inf, log(-v) + extra where v < 0 else -inf): a
    signed quantity split into two log-domain parts (safe logs: no nan in either branch)."""
    positive = xp.where(values > 0, xp.log(xp.where(values > 0, values, 1.0)) + extra,
                        -math.inf)
    negative = xp.where(values < 0, xp.log(xp.where(values < 0, -values, 1.0)) + extra,
                        -math.inf)
    return positive, negative


def _conj(x):
    """torch's lazy conjugate (ConjBackward0, as its formulas' .conj()); on arrays np.conj."""
    if xp.is_tensor(x):
        from .complex_ops import conj_complex  # (complex_ops imports the op table)

        return conj_complex(x)
    return np.conj(x)


@declare("logcumsumexp", grad_fn="LogcumsumexpBackward0", saves=(0, OUT), dtype=SAME,
         formula="d out_j/dx_i = exp(x_i - out_j) for j >= i")
def _logcumsumexp(x, dim):
    if x.ndim == 0:
        return x.copy()
    if x.dtype.kind == "c":
        return complex_logcumsumexp(x, dim)
    # a C-contiguous result whatever x's strides, as torch's kernel (NumPy keeps x's layout)
    out = np.logaddexp.accumulate(c_ordered(x), axis=dim)
    # torch's scan starts from -inf, so its first value is -0.0 + log1p(0): +0.0 (NumPy
    # copies the first element; adding 0.0 changes no other value)
    out += 0.0
    return out


@_logcumsumexp.backward
def _(ctx, g):
    x, out = ctx.saved
    (dim,) = ctx.params
    if len(x.shape) == 0:
        return (g,)
    if xp.is_complex(g):
        # torch's complex form: conj of the same sum with conj(g), no split by sign needed,
        # i.e. grad_i = sum_{j >= i} g_j conj(exp(x_i - out_j))
        summed = _flip(xp.op("logcumsumexp", (_flip(xp.log(_conj(g)) - out, dim),), dim),
                       dim)
        return (_conj(xp.exp(summed + x)),)
    # grad_i = sum_{j >= i} g_j exp(x_i - out_j), summed in the log domain (the signs of g
    # apart), so that nothing overflows
    positive, negative = _log_parts(g, -out)
    up = _flip(xp.op("logcumsumexp", (_flip(positive, dim),), dim), dim)
    down = _flip(xp.op("logcumsumexp", (_flip(negative, dim),), dim), dim)
    return (xp.exp(x + up) - xp.exp(x + down),)


@_logcumsumexp.tangent
def _(ctx, t):
    (x,), out = ctx.inputs, ctx.output
    (dim,) = ctx.params
    if x.ndim == 0:
        return t
    if x._data.dtype.kind == "c":  # out'_j = sum_{i <= j} t_i exp(x_i - out_j), in logs
        return (apply(OPS["logcumsumexp"], (x + t.log(),), (dim,)) - out).exp()
    positive, negative = _log_parts(t, x)
    # where out is -inf every term is exp(-inf) = 0: keep -inf - -inf (nan) out
    shifted = out.masked_fill(out == -math.inf, 0.0)
    return ((apply(OPS["logcumsumexp"], (positive,), (dim,)) - shifted).exp()
            - (apply(OPS["logcumsumexp"], (negative,), (dim,)) - shifted).exp())


@public()
def logcumsumexp(input: Tensor, dim: int) -> Tensor:
    """log(cumsum(exp(input))) along dim, computed without overflow."""
    d = wrap_dim(dim, max(input._data.ndim, 1))  # (torch checks the dim first)
    # (torch computes it for complex values too; ember's gate refuses those with its own error)
    if input._data.dtype.kind not in "fc":
        raise NotImplementedError(f"\"logcumsumexp_out_cpu\" not implemented for "
                                  f"'{_word(input)}'")
    return apply(OPS["logcumsumexp"], (input,), (d,))


# ---------------------------------------------------------------------- mode, nanmedian
_selection_op("mode_dim", "ModeBackward0", "d mode(x, dim)/dx_i = 1 at the returned index")
_selection_op("nanmedian_dim", "NanmedianBackward1",
              "d nanmedian(x, dim)/dx_i = 1 at the returned index")


def _rows(x: np.ndarray, dim: int) -> np.ndarray:
    """x with dim moved last, as rows."""
    moved = np.moveaxis(x, dim, -1)
    return moved.reshape(-1, moved.shape[-1]) if moved.size else moved.reshape(0, x.shape[dim])


def _mode_indices(x: np.ndarray, dim: int) -> np.ndarray:
    """For each slice along dim: the index of the last occurrence of its most frequent
    value (the smallest such value on ties), as torch's mode returns."""
    if x.ndim == 0:
        return np.zeros((), np.int64)
    rows = _rows(x, dim)
    n = rows.shape[1]
    ordered = np.sort(rows, axis=1)
    positions = np.broadcast_to(np.arange(n), ordered.shape)
    new_run = np.ones(ordered.shape, bool)
    new_run[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    starts = np.maximum.accumulate(np.where(new_run, positions, 0), axis=1)
    last_of_run = np.ones(ordered.shape, bool)
    last_of_run[:, :-1] = new_run[:, 1:]
    ends = np.flip(np.minimum.accumulate(
        np.flip(np.where(last_of_run, positions, n), 1), axis=1), 1)
    lengths = ends - starts + 1
    best = np.argmax(lengths, axis=1)  # the first longest run: the smallest value
    value = ordered[np.arange(len(rows)), best]
    matches = rows == value[:, None]
    last = n - 1 - np.argmax(matches[:, ::-1], axis=1)
    shape = np.moveaxis(x, dim, -1).shape[:-1]
    # (where torch's unstable sort decides: its arrangement, replayed)
    return _tie_order.mode_positions(last.reshape(shape).astype(np.int64), x, dim)


def _nanmedian_indices(x: np.ndarray, dim: int) -> np.ndarray:
    """For each slice: the index of the lower median of its non-NaN values (stable order;
    index of the first element when every value is NaN)."""
    if x.ndim == 0:
        return np.zeros((), np.int64)
    rows = _rows(x, dim)
    order = np.argsort(rows, axis=1, kind="stable")  # NaN sorts last
    count = rows.shape[1] - (np.isnan(rows).sum(1) if rows.dtype.kind == "f" else 0)
    middle = np.maximum((count - 1) // 2, 0)
    chosen = order[np.arange(len(rows)), middle] if rows.shape[1] else middle
    return chosen.reshape(np.moveaxis(x, dim, -1).shape[:-1]).astype(np.int64)


def _selected(kind: str, input: Tensor, dim: int, keepdim: bool, finder, result_type):
    data = input._data
    d = wrap_dim(dim, max(data.ndim, 1))
    if data.ndim and data.shape[d] == 0:  # (nanmedian runs median's checks: their name)
        name = "median" if kind == "nanmedian" else kind
        raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
    if kind == "nanmedian":
        check_median_dtype(input, dim_given=True)
    indices = finder(data, d) if data.ndim else np.zeros((), np.int64)
    if keepdim and data.ndim:
        indices = np.expand_dims(indices, d)
    values = apply(OPS[f"{kind}_dim"], (input,), (d, keepdim, indices, data.shape))
    returned = Tensor(np.array(indices, np.int64))  # (saved by torch: its version is checked)
    return result_type((keep_versions(values, returned), returned))


@public()
def mode(input: Tensor, dim: int = -1, keepdim: bool = False):
    """(values, indices): the most frequent value of each slice along dim (the smallest on
    ties) and the index of its last occurrence."""
    return _selected("mode", input, dim, keepdim, _mode_indices, _MODE)


@declare("nanmedian", grad_fn="NanmedianBackward0", saves=(0, OUT), dtype=SAME,
         formula="d nanmedian(x)/dx_i = 1/k on the k elements equal to the result")
def _nanmedian_all(x):
    flat = x.reshape(-1)
    if flat.dtype.kind == "f":
        flat = flat[~np.isnan(flat)]
    if flat.size == 0:
        return nan_in_dtype(x.dtype)
    return np.sort(flat)[(flat.size - 1) // 2]


@_nanmedian_all.backward
def _(ctx, g):
    x, out = ctx.saved
    return (_split_evenly_selecting(g, x, out),)


_nanmedian_all.tangent(_all_dims_tangent)


@public()
def nanmedian(input: Tensor, dim: int | None = None, keepdim: bool = False):
    """The lower median ignoring NaN (NaN only where every value is NaN); with dim,
    (values, indices) along it."""
    if dim is None:
        check_median_dtype(input, dim_given=False)
        empty = empty_complex_median("nanmedian", input)
        return empty if empty is not None else apply(OPS["nanmedian"], (input,))
    return _selected("nanmedian", input, dim, keepdim, _nanmedian_indices, _NANMEDIAN)


# ---------------------------------------------------------------------- quantile
_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def _quantile(name: str, input: Tensor, q, dim, keepdim: bool, interpolation: str,
              ignore_nan: bool) -> Tensor:
    name = "quantile"  # (torch's messages name quantile() for nanquantile too)
    if input._data.dtype.kind != "f" or input._data.dtype == np.float16:
        raise RuntimeError(f"{name}() input tensor must be either float or double dtype")
    if interpolation not in _INTERPOLATIONS:
        raise RuntimeError(f"{name}() interpolation must be one of linear, lower, higher, "
                           f"midpoint or nearest, but got {interpolation}")
    if isinstance(q, Tensor):
        if q._data.ndim > 1:
            raise RuntimeError(f"{name}() q must be a scalar or 1D tensor")
        if q._data.dtype != input._data.dtype:
            raise RuntimeError(f"{name}() q tensor must be same dtype as the input tensor")
        qs, scalar_q = q._data.astype(np.float64).reshape(-1), q._data.ndim == 0
    else:
        qs, scalar_q = np.array([float(q)]), True
    if ((qs < 0) | (qs > 1)).any():
        raise RuntimeError(f"{name}() q must be in the range [0, 1] but got "
                           f"{qs[(qs < 0) | (qs > 1)][0]:g}")
    data = input._data
    if dim is None:
        rows = input.reshape(-1)
        out_shape = (1,) * data.ndim if keepdim else ()
    else:
        d = wrap_dim(dim, max(data.ndim, 1))
        rows = input.movedim(d, -1) if data.ndim else input.reshape(1)
        out_shape = tuple(1 if i == d else s for i, s in enumerate(data.shape)) if keepdim \
            else tuple(s for i, s in enumerate(data.shape) if i != d)
    n = rows._data.shape[-1]
    if n == 0:
        raise RuntimeError(f"{name}() input tensor must be non-empty")
    ordered = rows.sort(-1).values.reshape(out_shape + (n,))  # NaN last
    values = ordered._data
    nan_count = np.isnan(values).sum(-1, keepdims=True)
    if ignore_nan:
        ranks = qs * np.maximum(n - nan_count - 1, 0)
    else:  # a NaN in the slice makes its quantiles NaN: point at the last (a NaN)
        ranks = np.where(nan_count > 0, n - 1, qs * (n - 1))
    ranks = np.broadcast_to(ranks, out_shape + (len(qs),))
    below = np.floor(ranks).astype(np.int64)
    above = np.ceil(ranks).astype(np.int64)
    if interpolation == "lower":
        result = ordered.gather(-1, Tensor(below))
    elif interpolation == "higher":
        result = ordered.gather(-1, Tensor(above))
    elif interpolation == "nearest":
        result = ordered.gather(-1, Tensor(np.round(ranks).astype(np.int64)))
    else:
        weights = 0.5 if interpolation == "midpoint" else ranks - below
        low = ordered.gather(-1, Tensor(below))
        high = ordered.gather(-1, Tensor(above))
        weight = Tensor(np.broadcast_to(np.asarray(weights, values.dtype), low.shape).copy())
        result = low.lerp(high, weight)
    if not scalar_q:  # q's dim first, as torch puts it
        result = result.movedim(-1, 0).unsqueeze(-1)
    return result.squeeze_(-1)


@public()
def quantile(input: Tensor, q, dim: int | None = None, keepdim: bool = False, *,
             interpolation: str = "linear") -> Tensor:
    """The q-th quantiles (q a number or a 1-d tensor in [0, 1]) of all elements or along
    dim, interpolating between the two nearest ranks; NaN if a slice has a NaN."""
    return _quantile("quantile", input, q, dim, keepdim, interpolation, ignore_nan=False)


@public()
def nanquantile(input: Tensor, q, dim: int | None = None, keepdim: bool = False, *,
                interpolation: str = "linear") -> Tensor:
    """quantile ignoring NaN (NaN only where every value of a slice is NaN)."""
    return _quantile("nanquantile", input, q, dim, keepdim, interpolation, ignore_nan=True)


# ---------------------------------------------------------------------- diff
@public()
def diff(input: Tensor, n: int = 1, dim: int = -1, prepend: Tensor | None = None,
         append: Tensor | None = None) -> Tensor:
    """The n-th forward difference along dim (input[i + 1] - input[i], n times), after
    prepend and append are joined on; bools give input[i + 1] != input[i]."""
    if input._data.ndim == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    d = wrap_dim(dim, input._data.ndim)
    if prepend is not None or append is not None:
        from .shape_copies import cat

        parts = [p for p in (prepend, input, append) if p is not None]
        input = cat(parts, d)
    if n == 0:
        return (input * 0).copy_(input) if input.requires_grad else input.clone()
    result = input
    for _ in range(n):
        length = result._data.shape[d]
        if length == 0:
            break
        later = result.narrow(d, 1, length - 1)
        earlier = result.narrow(d, 0, length - 1)
        result = later.logical_xor(earlier) if result._data.dtype == np.bool_ \
            else later - earlier
    return result


# ---------------------------------------------------------------------- trapezoid
def _as_float(y: Tensor) -> Tensor:
    return y if y._data.dtype.kind == "f" else y.to(_dtype.get_default_dtype())


def _spacing(x: Tensor, y: Tensor, d: int) -> Tensor:
    """The differences of the sample points x along y's dim d (x 1-d or y-shaped)."""
    if x._data.ndim == 1:
        steps = x.diff()
        shape = [1] * y._data.ndim
        shape[d] = -1
        return steps.reshape(shape)
    return x.diff(dim=d)


@public(method=False)
def trapezoid(y: Tensor, x: Tensor | None = None, *, dx: float | None = None,
              dim: int = -1) -> Tensor:
    """The integral of y along dim by the trapezoid rule, over sample points x or a
    constant spacing dx (default 1)."""
    d = wrap_dim(dim, y._data.ndim)
    y = _as_float(y)
    length = y._data.shape[d]
    if x is not None and dx is not None:
        raise RuntimeError("trapezoid: received both x and dx")
    if length == 0:
        return y.sum(d) * 0
    if x is None:
        ends = y.select(d, 0) + y.select(d, -1)
        return mul_scalar(y.sum(d) - mul_scalar(ends, 0.5), 1.0 if dx is None else dx)
    pairs = y.narrow(d, 1, length - 1) + y.narrow(d, 0, length - 1)
    return div_scalar((_spacing(x, y, d) * pairs).sum(d), 2.0)


@public(method=False)
def trapz(y: Tensor, x: Tensor | None = None, *, dx: float | None = None,
          dim: int = -1) -> Tensor:
    """trapezoid under its older name."""
    return trapezoid(y, x, dx=dx, dim=dim)


@public(method=False)
def cumulative_trapezoid(y: Tensor, x: Tensor | None = None, *, dx: float | None = None,
                         dim: int = -1) -> Tensor:
    """The running trapezoid-rule integral of y along dim (one element fewer than y)."""
    d = wrap_dim(dim, y._data.ndim)
    y = _as_float(y)
    length = y._data.shape[d]
    pairs = y.narrow(d, 1, max(length - 1, 0)) + y.narrow(d, 0, max(length - 1, 0))
    if x is None:
        return mul_scalar(pairs, (1.0 if dx is None else dx) / 2.0).cumsum(d)
    return div_scalar((_spacing(x, y, d) * pairs).cumsum(d), 2.0)


# ---------------------------------------------------------------------- counting
@declare("histc", dtype=SAME)
def _histc(x, bins, low, high):
    values = x.reshape(-1).astype(np.float64)
    if low == high and values.size:
        finite = values[np.isfinite(values)]
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 0.0)
    if low == high:
        low, high = low - 1, high + 1
    inside = values[(values >= low) & (values <= high)]
    counts, _ = np.histogram(inside, bins=bins, range=(low, high))
    return counts.astype(x.dtype)


@public()
def histc(input: Tensor, bins: int = 100, min: Number = 0, max: Number = 0) -> Tensor:  # noqa: A002
    """Counts of the elements in `bins` equal bins over [min, max] (the data's range when
    both are 0); elements outside are not counted."""
    kind = input._data.dtype.kind
    if bins <= 0:  # (torch checks the arguments first, then looks for a kernel)
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for "
                           "dimension 0")
    if min > max:
        raise RuntimeError("torch.histc: max must be larger than min")
    if kind not in "fc":  # (bool fails earlier, in the bin edges' linspace)
        kernel = "linspace_cpu" if kind == "b" else "histogram_cpu"
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_word(input)}'")
    if kind == "c":  # (no complex kernel: with min == max torch first looks for the
        # data's range, with aminmax)
        kernel = "aminmax_cpu" if min == max and input._data.size else "histogram_cpu"
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_word(input)}'")
    return apply(OPS["histc"], (input,), (int(bins), float(min), float(max)))


declare("bincount")(lambda x, minlength: np.bincount(x, minlength=minlength).astype(np.int64))
declare("bincount_weighted")(
    lambda x, w, minlength: np.bincount(x, weights=w, minlength=minlength).astype(w.dtype))


@public()
def bincount(input: Tensor, weights: Tensor | None = None, minlength: int = 0) -> Tensor:
    """How often each value 0, 1, ... occurs in a 1-d tensor of non-negative integers (or
    the sum of `weights` at each)."""
    history_first(input, weights)  # (torch's autograd reads it before the kernel's checks)
    if input._data.dtype.kind not in "iu":
        raise NotImplementedError(f"\"bincount_cpu\" not implemented for '{_word(input)}'")
    if input._data.ndim != 1 or (input._data.size and input._data.min() < 0):
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    if weights is None:
        return apply(OPS["bincount"], (input,), (int(minlength),))
    if weights._data.shape != input._data.shape:
        raise RuntimeError("weights should be 1-d and have the same length as input")
    if weights._data.dtype.kind != "f":
        weights = weights.to(_dtype.float64)
    return apply(OPS["bincount_weighted"], (input, weights), (int(minlength),))


@declare("unique_consecutive", grad_fn="UniqueConsecutiveBackward0",
         formula="not differentiable: torch raises in its backward too")
def _unique_consecutive(x, dim, starts):
    if dim is None:
        return x.reshape(-1)[starts]
    return np.ascontiguousarray(np.compress(starts, x, axis=dim))


@_unique_consecutive.backward
def _(ctx, g):
    raise NotImplementedError("the derivative for 'unique_consecutive' is not implemented.")


@public()
def unique_consecutive(input: Tensor, return_inverse: bool = False,
                       return_counts: bool = False, dim: int | None = None):
    """input with each run of equal consecutive elements (or slices along dim) kept once;
    with return_inverse / return_counts, where each element went and the runs' lengths."""
    history_first(input)
    data = input._data
    if dim is None:
        flat = data.reshape(-1)
        starts = np.ones(flat.shape, bool)
        starts[1:] = flat[1:] != flat[:-1]
        d = None
        inverse_shape = data.shape
    else:
        d = wrap_dim(dim, data.ndim)
        moved = np.moveaxis(data, d, 0).reshape(data.shape[d], -1)
        starts = np.ones(moved.shape[0], bool)
        starts[1:] = (moved[1:] != moved[:-1]).any(1)
        inverse_shape = (data.shape[d],)
    # (recorded as torch's: a node whose backward raises, which reads the history)
    result = [apply(OPS["unique_consecutive"], (input,), (d, starts))]
    if return_inverse:
        result.append(Tensor((np.cumsum(starts) - 1).reshape(inverse_shape).astype(np.int64)))
    if return_counts:
        positions = np.flatnonzero(starts)
        result.append(Tensor(np.diff(np.append(positions, starts.size)).astype(np.int64)))
    return result[0] if len(result) == 1 else tuple(result)


declare("isin")(lambda a, b, invert: np.isin(a, b, invert=invert))


@public(method=False)
def isin(elements, test_elements, *, assume_unique: bool = False,
         invert: bool = False) -> Tensor:
    """Whether each element of `elements` occurs in `test_elements` (either may be a
    number)."""
    a = elements if isinstance(elements, Tensor) else Tensor(np.asarray(elements))
    b = test_elements if isinstance(test_elements, Tensor) else Tensor(np.asarray(
        test_elements))
    return apply(OPS["isin"], (a, b), (bool(invert),))

# torch's complex logcumsumexp: the scan in ops/_complex_scan.py, its conjugated gradient
# (checked against torch: tests/samples/complex_leftovers.py)
allow_complex("logcumsumexp")
