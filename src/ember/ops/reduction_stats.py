"""Spread: var and std (and var_mean/std_mean), with torch's three signatures for the
correction and its warning when no degrees of freedom are left.
"""

from __future__ import annotations

import numpy as np

from .._dispatch import apply
from .._dtype import get_default_dtype
from .._tensor import Tensor
from .._warnings import warn
from ..autograd.node import history_first
from . import _xp as xp
from ._dims import dims_of_tensor
from ._lapack_layout import c_ordered
from ._reduction_common import (
    _INF,
    _aliases,
    _check_keepdim,
    _dims_arg,
    _dims_tangent,
    _mean_np,
    _reduced_count,
    expand_reduced,
)
from ._registry import OPS, OUT, SAME, allow_complex, declare, public, recorded_as
from ._sum_order import torch_sum


# ====================================================================== var / std
def _variance(x: np.ndarray, dims: tuple, correction, keepdim: bool,
              welford: bool = False) -> np.ndarray:
    """sum((x - mean)^2) / max(0, n - correction): inf or nan when nothing is left to divide
    by, as torch does (the public functions warn about it).

    float16 and float32 are computed in float64, as torch's CPU kernels accumulate: the
    squares of large float32 values (1e20) would overflow. The result stays float64 here;
    the forwards round it once, after the square root for std.

    torch's var/std (not var_mean: `welford`) of float32/float64 reduced to one element
    take another path, `_variance_of_all`."""
    n = _reduced_count(x.shape, dims)
    if not welford and x.dtype.kind == "f" and x.dtype.itemsize >= 4 and 0 < x.size == n:
        return _variance_of_all(x, n, correction, keepdim, dims)
    # (the float64 mean of equal float32/float16 values is exact: each sum fits 53 bits)
    float64 = x.dtype == np.float64
    if x.dtype.kind == "f" and x.dtype.itemsize < 8:
        x = x.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        mean = _running_mean(x, dims, True)
        centered = x - mean
        squares = np.sum(centered * centered, axis=dims, keepdims=keepdim)
        if float64 and squares.size and n > 1 and not np.all(
                squares > n * (mean.reshape(squares.shape) * 1e-6) ** 2):
            # Welford's update leaves a slice of equal finite values exactly 0 (every
            # deviation 0); a float64 mean of them may not be exact (0.1 * 7 / 7), and
            # the squared error of a huge one (1e200) overflows. (Only a spread this
            # small, or an overflowing one, can be such a slice.)
            top = np.max(x, axis=dims, keepdims=keepdim)
            equal = (top == np.min(x, axis=dims, keepdims=keepdim)) & np.isfinite(top)
            squares = np.where(equal, 0.0, squares)
        # (C-ordered, as torch's reductions write their results whatever x's strides)
        return c_ordered(squares / x.dtype.type(max(0, n - correction)))


# where torch's rounding of the mean to x's dtype shows beyond the tolerances (a spread
# below this fraction of the mean) or its sum comes near overflowing: per dtype
_MEAN_SENSITIVE = {np.dtype(np.float32): (1e-3, 1e36), np.dtype(np.float64): (1e-6, 1e306)}


def _variance_of_all(x: np.ndarray, n: int, correction, keepdim: bool,
                     dims: tuple) -> np.ndarray:
    """torch's var/std reduced to a single element: the mean in x's own dtype (its sum may
    overflow: float32 3e38 + 3e38 is inf, and the variance then inf; or round: six float32
    1e30 average to 1e30 - 6e22), then the squared deviations from it summed in float64.
    (Where several elements remain, torch runs Welford's update in float64, whose mean
    neither overflows nor rounds to x's dtype.)

    NumPy's sum of x gives the mean unless the result depends on its last bit or on where
    the sum overflows; then torch's order of additions (torch_sum) decides."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        divisor = np.float64(max(0, n - correction))
        mean = np.add.reduce(x, axis=None) / x.dtype.type(n)
        variance = _spread_around(x, mean) / divisor
        relative, large = _MEAN_SENSITIVE[x.dtype]
        if not (abs(mean) * n < large and variance * divisor > n * (mean * relative) ** 2):
            mean = torch_sum(x) / x.dtype.type(n)
            variance = _spread_around(x, mean) / divisor
    shape = tuple(1 for _ in x.shape) if keepdim else tuple(
        size for d, size in enumerate(x.shape) if d not in dims)
    return np.full(shape, variance)


def _torch_mean_shift(x: np.ndarray, mean: np.ndarray) -> np.ndarray | None:
    """What to add to NumPy's mean of all of x to get torch's (None for nothing), where the
    difference can show: torch's var/std backward centres x on its own mean, and where x's
    values (nearly) equal it, x - mean is that mean's rounding alone (nine float64 2.9762:
    torch's mean is 4.4e-16 above, so the gradient is -0.118 where NumPy's gives 0)."""
    relative, large = _MEAN_SENSITIVE[x.dtype]
    with np.errstate(invalid="ignore", over="ignore"):
        center = mean.reshape(())
        spread = np.max(np.abs(x - center)) if np.isfinite(center) else center
        if abs(center) * x.size < large and spread > abs(center) * relative:
            return None
        shift = torch_sum(x) / x.dtype.type(x.size) - center
    return np.asarray(shift, x.dtype) if shift and np.isfinite(shift) else None


def _spread_around(x: np.ndarray, mean) -> np.float64:
    """sum((x - mean)^2) in float64."""
    centered = np.subtract(x, np.float64(mean), dtype=np.float64)
    return np.add.reduce(centered * centered, axis=None)


def _running_mean(x: np.ndarray, dims: tuple, keepdim: bool) -> np.ndarray:
    """The mean torch's var/std kernels reach with Welford's running update
    mean += (x_k - mean) / k, over each slice in order:

    - finite values never overflow it, where a sum can (1e308 and 1e308: 1e308, not inf);
    - a non-finite value makes it nan, unless it is a single +-inf at the slice's end (the
      running mean becomes inf only at the last step; any later step computes inf - inf).
    """
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        mean = _mean_np(x, dims, keepdim)
        if x.dtype.kind != "f" or np.isfinite(mean).all():
            return mean
        finite = np.isfinite(x)
        # the sum overflowed: the mean of the values scaled by the largest one
        big = np.max(np.abs(np.where(finite, x, 0)), axis=dims, keepdims=True, initial=0)
        scale = np.where(big > 0, big, 1).astype(x.dtype)
        scaled = _mean_np(x / scale, dims, True) * scale
        if not keepdim:
            scaled = np.squeeze(scaled, axis=dims) if dims else scaled
        all_finite = np.all(finite, axis=dims, keepdims=keepdim)
        mean = np.where(all_finite, scaled, mean)
        if all_finite.all():
            return mean
        # slices holding a non-finite value, in reduction order along one last axis
        kept = [d for d in range(x.ndim) if d not in dims]
        moved = np.transpose(x, kept + sorted(dims)).reshape(
            tuple(x.shape[d] for d in kept) + (-1,))
        bad_count = np.sum(~np.isfinite(moved), axis=-1)
        last = moved[..., -1] if moved.shape[-1] else np.full(moved.shape[:-1], np.nan)
        welford = np.where((bad_count == 1) & np.isinf(last), last, np.nan)
        if keepdim:
            welford = welford.reshape(mean.shape)
        return np.where(all_finite, mean, welford).astype(mean.dtype, copy=False)


# var_mean's and std_mean's mean: torch's one node for both outputs keeps the input (for the
# spread's gradient) even when only the mean is differentiated, so the input written in
# place after the forward spoils the mean's backward too, and a second backward refuses
@declare("welford_mean", grad_fn="MeanBackward1", saves=(0,), dtype=SAME,
         formula="d mean(x, dim)/dx_i = 1/n (var_mean's mean, by Welford's running update)")
def _welford_mean(x, shape, dims, keepdim):
    if x.dtype.kind == "c":  # (torch's: the parts' means, each as a real tensor's)
        real, imag = (_real_welford_mean(part, dims, keepdim) for part in (x.real, x.imag))
        mean = np.empty(np.shape(real), x.dtype)
        mean.real, mean.imag = real, imag
        return mean
    return _real_welford_mean(x, dims, keepdim)


def _real_welford_mean(x: np.ndarray, dims: tuple, keepdim: bool) -> np.ndarray:
    if x.dtype == np.float16:
        return _running_mean(x.astype(np.float32), dims, keepdim).astype(x.dtype)
    if x.dtype == np.float32:
        # torch runs Welford's update in double for float32: its mean is the float64 mean
        # rounded once (equal on every random input tried), not a float32 sum over n
        return _running_mean(x.astype(np.float64), dims, keepdim).astype(x.dtype)
    return _running_mean(x, dims, keepdim)




@_welford_mean.backward
def _(ctx, g):
    ctx.saved  # noqa: B018 - unpacked for the version check alone, as torch's node does
    return OPS["mean_dim"].backward_fn(ctx, g)


_welford_mean.tangent(OPS["mean_dim"].tangent_fn)


def _inverse_divisor(count: int, correction) -> float:
    """1 / (n - correction) for the backward: inf when it is 0 and, unlike the forward,
    not clamped at 0 (torch's gradients follow this formula exactly)."""
    divisor = count - correction
    return 1.0 / divisor if divisor else _INF


def _var_grad(g, x, dims: tuple, correction, form: str, keepdim: bool,
              scale_first: bool = False):
    """torch's var_backward for an upstream gradient g of var's shape. Reduced over
    everything (no dim given, or a 0-d input: `form` "all"), nothing left to divide by
    (n <= correction) gives g * (nan where x equals the mean, else inf); otherwise, and
    always with dims given, 2 (x - mean) / (n - correction) with n the count over the
    dims (1 for dim=(): torch's count over no dims, though the forward reduces them all)."""
    values = xp.numpy_value(x)
    shape = values.shape
    count = _reduced_count(shape, dims) if form != "empty" else 1
    mean = _mean_kept(x, shape, dims)
    if count == values.size > 1 and values.dtype in _MEAN_SENSITIVE:
        shift = _torch_mean_shift(values, xp.numpy_value(mean))
        if shift is not None:
            mean = mean + xp.constant(shift, like=mean)
    expanded = expand_reduced(g, shape, dims, keepdim)
    if form == "all" and count - correction <= 0:
        at_mean = values == xp.numpy_value(mean)
        # torch: (g * where(x == mean, nan, inf)).to(x's dtype), the where of two numbers
        # in the default dtype: times a 0-d g (var over everything), the product is in
        # the default dtype and cast back (ToCopyBackward0 under create_graph, for float16
        # and float64 alike); times a kept dim, in the wider of the two
        infinities = np.where(at_mean, np.nan, np.inf).astype(get_default_dtype().numpy)
        factor = g if xp.numpy_value(g).ndim == 0 else expanded
        product = factor * xp.constant(infinities, like=g)
        return xp.astype(product, xp.numpy_dtype(expanded))
    # (a scalar of x's dtype: NumPy 1 would compute a 0-d gradient times a Python float
    # in float64, rounding differently from torch's float computation)
    scale = xp.numpy_value(x).dtype.type(2.0 * _inverse_divisor(count, correction))
    # torch's orders: var's (g * centred) * scale; std's (g / 2 std) * scale * centred
    if scale_first:
        return expanded * scale * (x - mean)
    return expanded * (x - mean) * scale


def _complex_spread(x: np.ndarray, dims: tuple, correction, keepdim: bool, welford: bool,
                    root: bool) -> np.ndarray:
    """torch's var (std: its root) of complex values, real: the variances of the real and
    imaginary parts, each computed as a real tensor's and rounded to the parts' dtype,
    added in that dtype."""
    with np.errstate(over="ignore"):
        parts = [_variance(part, dims, correction, keepdim, welford).astype(
            part.dtype, copy=False) for part in (x.real, x.imag)]
        total = parts[0] + parts[1]
        return np.sqrt(total) if root else total


@declare("var", grad_fn="VarBackward0", saves=(0,), dtype=SAME,
         formula="d var(x)/dx_i = 2 (x_i - mean(x)) / (n - correction)")
def _var(x, dims, correction, form, welford, keepdim):
    if x.dtype.kind == "c":
        return _complex_spread(x, dims, correction, keepdim, welford, False)
    with np.errstate(over="ignore"):  # a float64 variance beyond float32's range is inf
        return _variance(x, dims, correction, keepdim, welford).astype(x.dtype, copy=False)


@_var.backward
def _(ctx, g):
    (x,) = ctx.saved
    dims, correction, form, _, keepdim = ctx.params
    return (_var_grad(g, x, dims, correction, form, keepdim),)


def _mean_kept(x, shape: tuple, dims: tuple):
    """The mean of x over `dims`, kept as size-1 dims (the table's mean_dim)."""
    return xp.op("mean_dim", (x,), shape, dims, True)


_var.tangent(_dims_tangent)


@declare("std", grad_fn="StdBackward0", saves=(0, OUT), dtype=SAME,
         formula="d std(x)/dx_i = (x_i - mean(x)) / ((n - correction) std(x)); 0 where std = 0")
def _std(x, dims, correction, form, welford, keepdim):
    if x.dtype.kind == "c":
        return _complex_spread(x, dims, correction, keepdim, welford, True)
    with np.errstate(over="ignore"):
        return np.sqrt(_variance(x, dims, correction, keepdim, welford)).astype(
            x.dtype, copy=False)


@_std.backward
def _(ctx, g):
    x, out = ctx.saved
    dims, correction, form, _, keepdim = ctx.params
    # torch's composition: var's gradient for g / (2 std), that set to 0 where std = 0
    # (every element equals the mean: 0, not nan, and so is its derivative)
    # (2 of the output's dtype: NumPy 1 computes a 0-d float32 times a Python int in float64)
    values = xp.numpy_value(out)
    half = xp.masked_fill(g / (out * values.dtype.type(2)), np.asarray(values == 0), 0)
    return (_var_grad(half, x, dims, correction, form, keepdim, scale_first=True),)


_std.tangent(_dims_tangent)


def _var_args(name: str, input: Tensor, dim, unbiased, keepdim, correction, aliases: dict):
    """Sort out torch's std/var signatures: (dim, unbiased, keepdim), (unbiased) alone, or
    (dim, *, correction, keepdim). Returns (dims, correction, form, welford, keepdim):
    welford False (var_mean/std_mean set it: torch's Welford kernel, whatever the shape)."""
    dim, keepdim = _aliases(dim, keepdim, aliases)
    if isinstance(dim, Tensor):
        dim = dims_of_tensor(dim)
    if isinstance(dim, (bool, np.bool_)):  # x.std(False): the old (unbiased) signature
        dim, unbiased = None, dim
    if unbiased is not None and correction is not None:
        raise TypeError(f"{name}(): give either unbiased= or correction=, not both")
    _check_keepdim(name, keepdim)
    if input._data.dtype.kind not in "fc":
        raise RuntimeError("std and var only support floating point and complex dtypes")
    if correction is None:
        correction = 0 if unbiased is False else 1
    dims = _dims_arg(dim, input._data.ndim)
    if _reduced_count(input._data.shape, dims) - correction <= 0:
        warn(
            f"{name}(): degrees of freedom is <= 0. Correction should be strictly less than "
            "the reduction factor (input numel divided by output numel).",
            UserWarning,
        )
    # what var's backward counts (_var_grad): everything, the dims, or no dims at all
    empty = dim is not None and not isinstance(dim, (int, np.integer)) and len(dim) == 0
    form = "all" if dim is None or not input._data.ndim else "empty" if empty else "dims"
    return dims, correction, form, False, keepdim


@public()
def var(input: Tensor, dim=None, unbiased=None, keepdim: bool = False, *, correction=None,
        **aliases) -> Tensor:
    """Variance over all elements or `dim`, dividing by n - correction (default 1:
    unbiased; `unbiased=False` means correction=0)."""
    history_first(input)
    params = _var_args("var", input, dim, unbiased, keepdim, correction, aliases)
    return apply(OPS["var"], (input,), params)


@public()
def std(input: Tensor, dim=None, unbiased=None, keepdim: bool = False, *, correction=None,
        **aliases) -> Tensor:
    """Standard deviation: the square root of `var` with the same arguments."""
    history_first(input)
    params = _var_args("std", input, dim, unbiased, keepdim, correction, aliases)
    return apply(OPS["std"], (input,), params)


def _with_mean(name: str, input: Tensor, dim, unbiased, keepdim, correction, aliases) -> tuple:
    spread_name = name.split("_")[0]
    if input._data.dtype.kind not in "fc":
        raise RuntimeError(f"{name} only support floating point and complex dtypes")
    # (torch names var_mean/std_mean in their messages, the degrees-of-freedom warning too)
    params = _var_args(name, input, dim, unbiased, keepdim, correction, aliases)
    dims, keepdim = params[0], params[-1]
    spread = apply(OPS[spread_name], (input,), params[:3] + (True, keepdim))
    mean = apply(OPS["welford_mean"], (input,), (input._data.shape, dims, keepdim))
    # torch's one node for both outputs is VarMeanBackward0 / StdMeanBackward0: ember keeps
    # a node per output, each shown under that name.
    grad_fn = "VarMeanBackward0" if spread_name == "var" else "StdMeanBackward0"
    return recorded_as(spread, grad_fn), recorded_as(mean, grad_fn)


@public(method=False)
def var_mean(input: Tensor, dim=None, unbiased=None, keepdim: bool = False, *,
             correction=None, **aliases) -> tuple:
    """(var, mean) with var's arguments. ember records them as two nodes where torch has
    one; both are named VarMeanBackward0, as torch's."""
    return _with_mean("var_mean", input, dim, unbiased, keepdim, correction, aliases)


@public(method=False)
def std_mean(input: Tensor, dim=None, unbiased=None, keepdim: bool = False, *,
             correction=None, **aliases) -> tuple:
    """(std, mean) with std's arguments (two nodes, both named StdMeanBackward0)."""
    return _with_mean("std_mean", input, dim, unbiased, keepdim, correction, aliases)


# Complex inputs: real spreads (the parts' variances added, as torch's kernels), gradients
# g * 2 (z - mean) / (n - correction), complex; checked against torch
# (tests/samples/complex_leftovers.py, reference topic complex_leftovers)
allow_complex("var", "std", "welford_mean")
