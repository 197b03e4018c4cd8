"""Running reductions along one dim: cumsum and cumprod. The backward of cumsum is a
reversed cumsum; cumprod's gradient (and its tangent) stay right where elements are 0.
"""

from __future__ import annotations

import math

import numpy as np

from .._complex_refusals import torch_complex_refusal
from .._dispatch import _type_name, apply
from .._dtype import FLOAT as FLOAT_CATEGORY
from .._dtype import to_dtype
from .._grad_mode import is_grad_enabled
from .._grad_mode import state as _grad_state
from .._tensor import Tensor
from .._warnings import warn_once
from ..autograd import forward_ad as _fw
from ..autograd.node import history_first, keep_versions
from . import _xp as xp
from ._lapack_layout import c_ordered
from ._reduction_common import (
    _aliases,
    _integer_sum_dtype,
    _mask,
    _positions,
    _single_dim,
    refuse_complex_grad_of_real,
)
from ._registry import OPS, OUT, SAME, allow_complex, declare, public
from .reduction import _cast, accumulation_dtype, cast_for_reduction
from .return_types import _return_type, return_types


# ====================================================================== cumsum / cumprod
def _running_dtype(x: np.ndarray):
    """The dtype a running sum or product accumulates in, as torch's CPU kernels: their
    accumulator is double for float32 (unlike sum's), float32 for float16, int64 for
    integers; each running value is rounded to x's float dtype once, as it is written."""
    return np.float64 if x.dtype == np.float32 else accumulation_dtype(x)


def _rounded_back(out: np.ndarray, x: np.ndarray, given=None) -> np.ndarray:
    """out in x's float dtype, or in an integer `dtype=` given (x was cast to it)."""
    if (x.dtype.kind == "f" or given is not None) and out.dtype != x.dtype:
        return out.astype(x.dtype)
    return out


@declare("cumsum", grad_fn="CumsumBackward0", dtype=SAME,
         formula="d cumsum(x)_k/dx_i = 1 for i <= k (backward: reversed cumsum)")
def _cumsum(x, dim, reverse, dtype=None):
    given, x = dtype, _cast(x, dtype)  # cumsum(x, dtype=): x in that dtype (the node's
    dtype = _running_dtype(x)  # input stays x)
    if x.ndim == 0:
        return x.astype(x.dtype if given is not None else _integer_sum_dtype(x) or x.dtype)
    if reverse:  # the sums from each position to the end (the backward of cumsum)
        out = np.flip(np.cumsum(np.flip(x, dim), axis=dim, dtype=dtype), dim).copy()
    else:
        # torch's cumulative kernels write a C-contiguous result whatever x's strides;
        # NumPy's keep x's layout (nothing is copied for a C-ordered x)
        out = np.cumsum(c_ordered(x), axis=dim, dtype=dtype)
    if out.dtype.kind == "f" and out.size and _starts_with_negative_zero(x, dim, reverse):
        # torch's running sum starts from +0, so a run of -0.0 at the start sums to +0.0;
        # NumPy's starts from the first element and keeps its -0.0 (only such a run can
        # give -0.0: adding 0.0 changes nothing else)
        out += 0.0
    return _rounded_back(out, x, given)


def _starts_with_negative_zero(x: np.ndarray, dim: int, reverse: bool) -> bool:
    """Whether a running sum along `dim` can be -0.0 (NumPy's copies its first element,
    so only where that is -0.0): checked on the first slice alone."""
    first = np.take(x, -1 if reverse else 0, axis=dim)
    return bool(np.any(np.signbit(first) & (first == 0)))


@_cumsum.backward
def _(ctx, g):
    dim, reverse = ctx.params[:2]
    if ctx.input_meta is not None:  # (dtype=: torch casts the gradient to x's dtype first)
        g = xp.astype(g, ctx.input_meta[0][1])
    shape = tuple(g.shape)
    if not shape or shape[dim] <= 1 or math.prod(shape) <= 1:
        return (g,)  # (torch's cumsum_backward: the gradient itself, -0.0 kept)
    if xp.is_tensor(g) and not reverse:  # composed as torch's cumsum_backward
        return (g.flip(dim).cumsum(dim).flip(dim),)
    return (xp.op("cumsum", (g,), dim, not reverse),)


_cumsum.tangent(_fw.linear)


@declare("cumprod", grad_fn="CumprodBackward0", saves=(0, OUT), dtype=SAME,
         formula="d cumprod(x)_k/dx_i = prod_{j <= k, j != i} x_j for i <= k")
def _cumprod(x, dim, dtype=None):
    x = _cast(x, dtype)  # cumprod(x, dtype=): x in that dtype, but the node saves x itself
    dtype = _running_dtype(x)
    if x.ndim == 0:
        return x.astype(_integer_sum_dtype(x) or x.dtype)
    with np.errstate(over="ignore"):  # (a product past float32's range is inf, as torch's)
        # (a C-contiguous result, as cumsum's)
        return _rounded_back(np.cumprod(c_ordered(x), axis=dim, dtype=dtype), x)


@_cumprod.backward
def _(ctx, g):
    x, out = ctx.saved
    dim = ctx.params[0]
    if xp.is_complex(g) and not xp.is_complex(x):  # (a complex dtype=: torch casts g
        # to x's dtype, warning, but its product with the complex result is complex)
        warn_once("complex to real", "Casting complex values to real discards the "
                  "imaginary part")
        refuse_complex_grad_of_real(x, g)
    g = xp.astype(g, xp.numpy_dtype(x))  # (dtype=: torch casts the gradient to x's dtype)
    data = xp.numpy_value(x)
    if data.ndim == 0 or data.shape[dim] == 1 or not data.size:
        return (g,)  # nothing multiplied (torch passes g through: no nan from an inf x)
    if data.dtype.kind == "c":
        # torch's convention: g times the conjugate of each partial product; the partials
        # are products of x's elements (real coefficients), so they are those of conj(x)
        x, out = xp.conj(x), xp.conj(out)
    if xp.is_tensor(g) and _grad_state.enabled and (data == 0).any():
        return (_cumprod_grad_graph(g, x, dim),)
    # inf - inf in the running sums is nan, silently as in torch (NumPy would warn from its
    # own module, which ember's warning filter does not cover); one errstate per backward.
    with np.errstate(invalid="ignore", over="ignore"):
        return (_cumprod_grad(g, x, out, dim, exact=True),)


@_cumprod.tangent
def _(ctx, t):
    x, out = ctx.inputs[0], ctx.output
    dim = ctx.params[0]
    if x._data.ndim == 0 or x._data.shape[dim] == 1:
        return t
    if not (x._data == 0).any():
        return out * apply(OPS["cumsum"], (t / x,), (dim, False))  # y' = y * cumsum(t / x)
    # With zeros there is no dividing: run the recurrence y'_k = y'_(k-1) x_k + y_(k-1) t_k.
    from .shape_copies import stack

    xs, ts, ys = x.unbind(dim), t.unbind(dim), out.unbind(dim)
    steps = [ts[0]]
    for k in range(1, len(xs)):
        steps.append(steps[-1] * xs[k] + ys[k - 1] * ts[k])
    return stack(steps, dim)


def _cumprod_grad_graph(g: Tensor, x: Tensor, dim: int) -> Tensor:
    """cumprod's gradient with a graph when x has zeros, as torch composes it there (no
    division; quadratic, but differentiable): for each position k, the products of the
    other elements of each running product that contains x_k, g-weighted and summed,
    written into zeros at k (so the gradient's grad_fn is CopySlices)."""
    n = x.shape[dim]
    grad = xp.zeros(tuple(x.shape), like=g)
    ones = xp.constant(np.ones(tuple(x.shape[:dim]) + (1,) + tuple(x.shape[dim + 1:]),
                               xp.numpy_dtype(g)), like=g)
    for k in range(n):
        if k == 0:
            others = xp.cat([ones, x.narrow(dim, 1, n - 1).cumprod(dim)], dim)
        else:
            until = x.narrow(dim, 0, k).prod(dim, keepdim=True)  # the elements before k
            if k == n - 1:
                others = until
            else:
                after = x.narrow(dim, k + 1, n - k - 1).cumprod(dim)
                others = xp.cat([until, until.expand_as(after) * after], dim)
        grad.select(dim, k).copy_((g.narrow(dim, k, n - k) * others).sum(dim))
    return grad


def _cumprod_grad(g, x, out, dim: int, exact: bool):
    """sum_{k >= i} g_k * prod_{j <= k, j != i} x_j along dim, right also when x has zeros.

    Without zeros it is reversed_cumsum(g * out) / x. Otherwise, with z the first zero of
    each slice:
      i < z: the same formula (x_i != 0 there);
      i = z: prod_{j < z} x_j * sum_{k >= z} g_k * prod_{z < j <= k} x_j;
      i > z: every term has the factor x_z, so the value is 0; `exact` keeps it as
             x_z * D_i (D_i the rest, as a constant) so that second derivatives are right.
    """
    data = xp.numpy_value(x)
    if not (data == 0).any():
        return _reversed_cumsum(g * out, dim) / x
    shape = data.shape
    positions = _positions(shape, dim)
    is_zero = data == 0
    first_zero = np.where(is_zero.any(axis=dim, keepdims=True),
                          np.argmax(is_zero, axis=dim, keepdims=True), shape[dim])
    before, at = _mask(positions < first_zero, g), _mask(positions == first_zero, g)
    # A recorded gradient (create_graph) keeps every term, the zeros included, so that its
    # own derivative is right. Otherwise, as torch, terms that are 0 because of a zero are
    # selected away, not multiplied (an infinite gradient there gives 0, not nan): the sums
    # before the first zero stop at it, the one at it stops at the second zero, and the
    # elements beyond it get 0.
    # (Tensors without grad mode, for hooks or retain_grad, record nothing: torch's values)
    symbolic = exact and xp.is_tensor(g) and _grad_state.enabled
    weighted = g * out if symbolic else xp.where(before, g * out, 0.0)
    grad_before = _reversed_cumsum(weighted, dim) / xp.where(before, x, 1.0)
    prefix = xp.op("prod_dim", (xp.where(before, x, 1.0),), dim, True)
    after = xp.where(_mask(positions <= first_zero, g), 1.0, x)  # x_j for j > z, else 1
    tail = xp.op("cumprod", (after,), dim)                       # prod_{z < j <= k} x_j
    summed = positions >= first_zero if symbolic else np.cumsum(is_zero, axis=dim) == 1
    grad_at = prefix * xp.sum(xp.where(_mask(summed, g), g * tail, 0.0), dim, keepdim=True)
    grad_beyond = 0.0
    if symbolic:
        # D_i as a constant: the same gradient computed on the values alone (NumPy arrays).
        value = xp.numpy_value
        rest = value(prefix) * _cumprod_grad(value(g), value(after), value(tail), dim,
                                             exact=False)
        grad_beyond = xp.sum(xp.where(at, x, 0.0), dim, keepdim=True) * xp.constant(
            np.asarray(rest), like=g)
    return xp.where(before, grad_before, xp.where(at, grad_at, grad_beyond))


def _reversed_cumsum(t, dim: int):
    return xp.op("cumsum", (t,), dim, True)


def _cumulative(name: str, input: Tensor, dim, dtype, aliases: dict) -> Tensor:
    if dim is None and "axis" not in aliases:
        raise TypeError(f'{name}() missing 1 required positional arguments: "dim"')
    dim, _ = _aliases(dim, False, aliases)
    dim = _single_dim(name, dim, input._data.ndim)  # (torch checks the dim before the dtype)
    narrow = None
    cast = None
    if dtype is not None:
        # torch has no bool kernel, but a 0-d or empty input never reaches a kernel
        if to_dtype(dtype).name == "bool" and input._data.ndim and input._data.size:
            raise NotImplementedError(f"\"{name}_out_cpu\" not implemented for 'Bool'")
        if to_dtype(dtype).category >= FLOAT_CATEGORY:  # (or complex)
            # one node whose input is x, as torch's (no cast recorded before it)
            cast = to_dtype(dtype).numpy
        else:
            input, narrow = cast_for_reduction(input, dtype)
            if narrow is not None and input._requires_grad:
                # recorded in place (i.cumsum_(0) of a uint8 i that came to require grad):
                # one node computing in i's dtype, as torch's, not a cast that drops it
                cast, narrow = narrow.numpy, None
    params = (dim, False) if name == "cumsum" else (dim,)
    if cast is not None:
        params += (cast,)
    result = apply(OPS[name], (input,), params)
    return result if narrow is None else result.to(narrow)


@public()
def cumsum(input: Tensor, dim=None, *, dtype=None, **aliases) -> Tensor:
    """Running sums along `dim` (bool and integers sum in int64)."""
    history_first(input)
    return _cumulative("cumsum", input, dim, dtype, aliases)


@public()
def cumprod(input: Tensor, dim=None, *, dtype=None, **aliases) -> Tensor:
    """Running products along `dim`; the gradient is right also where elements are 0."""
    history_first(input)
    return _cumulative("cumprod", input, dim, dtype, aliases)


# the C type names of torch's in-place dtype check
_C_WORDS = {"bool": "bool", "uint8": "unsigned char", "int8": "signed char",
            "int16": "short int", "int32": "int", "int64": "long int", "float16": "c10::Half",
            "float32": "float", "float64": "double"}


def _in_own_dtype(function):
    """The in-place form (cumsum_, cumprod_): computed in the tensor's own dtype, as torch's,
    so that integer tensors keep theirs (their out-of-place results are int64)."""

    name = function.__name__

    def check_arguments(input: Tensor, dim=None, *, dtype=None, **aliases) -> None:
        """torch's checks of the arguments, which come before its refusal to write into
        memory that overlaps itself (call_inplace runs them first: `arguments_first`)."""
        if dim is not None or "axis" in aliases:  # torch checks the dim before the dtypes
            _single_dim(name, _aliases(dim, False, dict(aliases))[0], input._data.ndim)
        if dtype is not None and to_dtype(dtype) != input.dtype:
            raise RuntimeError(f"Bad in-place call: input tensor dtype "
                               f"{_C_WORDS[input.dtype.name]} and output tensor dtype "
                               f"{_C_WORDS[to_dtype(dtype).name]} should match")
        if dtype is None and input._data.dtype.kind != "f" and (
                name == "cumprod" and input._requires_grad and is_grad_enabled()):
            # torch's cumprod_ refuses an integer or bool result that would require grad
            # before its kernel looks at the dtype
            raise RuntimeError(f"Autograd not support dtype: {_type_name(input._data.dtype)}")
        if input._data.dtype == np.bool_ and input._data.ndim and input._data.size:
            raise NotImplementedError(f"\"{name}_out_cpu\" not implemented for 'Bool'")

    def in_place(input: Tensor, dim=None, *, dtype=None, **aliases) -> Tensor:
        # (call_inplace, the only way here, has run check_arguments)
        if dtype is None and input._data.dtype.kind != "f":
            dtype = input.dtype
        return function(input, dim, dtype=dtype, **aliases)

    in_place.__name__ = in_place.__qualname__ = function.__name__
    in_place.__doc__ = function.__doc__
    in_place.arguments_first = check_arguments
    return in_place


public(name="cumsum", method=False, function=False, inplace="cumsum_")(_in_own_dtype(cumsum))
public(name="cumprod", method=False, function=False, inplace="cumprod_")(
    _in_own_dtype(cumprod))


# ====================================================================== cummax / cummin
return_types.cummax = _return_type("cummax", ("values", "indices"))
return_types.cummin = _return_type("cummin", ("values", "indices"))


def _running_extreme_indices(x: np.ndarray, dim: int, takes) -> np.ndarray:
    """The index of the running max (or min) along dim, as torch picks it: a later element
    equal to the running value takes over, and so does a nan (which then stays)."""
    if x.ndim == 0:
        return np.zeros((), np.int64)
    if not x.size:
        return np.zeros(x.shape, np.int64)
    moved = np.moveaxis(x, dim, 0)
    indices = np.zeros(moved.shape, np.int64)
    running = moved[0].copy()
    index = np.zeros(moved.shape[1:], np.int64)
    check_nan = x.dtype.kind == "f"
    for k in range(1, moved.shape[0]):
        value = moved[k]
        take = takes(value, running)
        if check_nan:
            take |= np.isnan(value)
        running = np.where(take, value, running)
        index = np.where(take, k, index)
        indices[k] = index
    return np.moveaxis(indices, 0, dim)


def _running_extreme_op(name: str, grad_fn: str):
    """cummax / cummin: the values at the running extreme's indices; the gradient of each
    output goes to the element it copies (summed where several copy one)."""

    def forward(x, dim, indices):
        # contiguous, as torch's result (a later flatten() or view() must share its memory)
        return np.ascontiguousarray(np.take_along_axis(x, indices, dim)) if x.ndim else x.copy()

    forward.__name__ = name
    op = declare(name, grad_fn=grad_fn, dtype=SAME, saves=(0,), saves_params={1: (0,)},
                 formula=f"d {name}(x)_k/dx_i = 1 where the running extreme at k is x_i")(
        forward)

    @op.backward
    def _(ctx, g):
        dim, indices = ctx.params
        if indices.ndim == 0:  # (torch scatters a 0-d one too: ScatterAddBackward0)
            return (zeros_scatter_add(g, indices) if xp.is_tensor(g) else g,)
        zeros = xp.zeros(indices.shape, like=g)
        return (xp.op("scatter_add", (zeros, g), dim, indices, tuple(indices.shape)),)

    op.tangent(_fw.linear)  # the values at fixed indices: linear in x
    return op


def zeros_scatter_add(g: Tensor, indices: np.ndarray) -> Tensor:
    """A 0-d g added into zeros at its (only) index, as torch's cummaxmin_backward."""
    zeros = xp.zeros((), like=g)
    zeros.scatter_add_(0, Tensor(indices), g)
    return zeros


_cummax = _running_extreme_op("cummax", "CummaxBackward0")
_cummin = _running_extreme_op("cummin", "CumminBackward0")


def _running_extreme(name: str, op, takes, input: Tensor, dim):
    dim = _single_dim(name, dim, input._data.ndim)
    if input._data.dtype.kind == "c":  # (torch's refusal, before comparing anything)
        raise torch_complex_refusal(name, (input,))
    indices = _running_extreme_indices(input._data, dim, takes)
    values = apply(op, (input,), (dim, indices))
    returned = Tensor(indices.copy())  # (saved by torch: its version is checked)
    return getattr(return_types, name)((keep_versions(values, returned), returned))


@public()
def cummax(input: Tensor, dim: int):
    """The running maximum along `dim` and the index it comes from (a later equal element
    or a nan takes over, as in torch), as torch.return_types.cummax."""
    history_first(input)
    return _running_extreme("cummax", _cummax, np.greater_equal, input, dim)


@public()
def cummin(input: Tensor, dim: int):
    """The running minimum along `dim` and the index it comes from."""
    history_first(input)
    return _running_extreme("cummin", _cummin, np.less_equal, input, dim)

# Linear in the tensors with real coefficients: forward and backward hold for complex values
# (checked against torch: tests/samples/complex_shape.py).
allow_complex("cumsum")
# Products of x's elements: backward conjugates them (torch's convention), the zero-safe
# paths included; checked against torch (tests/samples/complex_leftovers.py).
allow_complex("cumprod")
