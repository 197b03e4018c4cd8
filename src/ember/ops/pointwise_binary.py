"""Elementwise functions of two or more tensors beyond arithmetic: maximum/minimum, atan2,
logaddexp, hypot, xlogy; selection and interpolation (where, nonzero, lerp); clamping
(clamp, clamp_min, clamp_max); addcmul and addcdiv.

Each op's backward sits right under its forward; the public functions follow the ops.
Inputs follow torch's type promotion and broadcast.
"""

from __future__ import annotations

import math
from numbers import Number

import numpy as np

from .._batched_array import NO_BATCHING_RULE, dynamic_shape, refuse_batched
from .._dispatch import (
    _broadcast_error,
    _type_name,
    apply,
    check_shapes,
    check_tensors_or_numbers,
    float_gradient_only,
    shapes_first,
)
from .._dtype import get_default_dtype, number_in_dtype, result_type, scalar_type_name
from .._tensor import Tensor
from .._warnings import warn_once
from ..autograd import forward_ad as _fw
from ..autograd.node import history_first, keep_versions
from . import _xp as xp
from ._pointwise_common import (
    BOOL_NEGATION,
    BOOL_SUBTRACTION,
    HALF,
    check_number_or_tensor,
    fused_multiply_add,
    promoted_for_number,
)
from ._registry import OPS, OUT, PROMOTE, PROMOTE_FLOAT, allow_complex, declare, public
from ._registry import needs_grad as _needs


def _first_on_ties(numpy_fn):
    """numpy_fn (maximum, minimum, fmax, fmin) keeping the first operand where the two are
    equal, as torch: only +0 and -0 tie with different bits, and NumPy's choice between
    them depends on the dtype and on its vector loops. One count decides whether there is
    a zero to look at (a fraction of the op's cost)."""
    def forward(a, b):
        result = numpy_fn(a, b)
        if type(result) is not np.ndarray:
            result = np.asarray(result)
        if result.dtype.kind == "f" and np.count_nonzero(result) != result.size:
            np.copyto(result, a, casting="unsafe", where=np.equal(a, b))
        return result

    forward.__name__ = numpy_fn.__name__
    return forward


_maximum = declare("maximum", grad_fn="MaximumBackward0", saves=(0, 1), dtype=PROMOTE,
                   broadcasts=True, formula="d max(a,b)/da = 1 where a > b, 1/2 where a == b")(
    _first_on_ties(np.maximum))


@_maximum.backward
def _(ctx, g):
    a, b = ctx.saved
    return _split_at_ties(ctx, g, a < b, a > b, a == b)


def _blend_tangent(first_weight):
    """Tangent rule of maximum/minimum/fmax/fmin as torch writes it: w * a_t + (1 - w) * b_t
    with w = first_weight(a, b) in {0, 1/2, 1}. Where a NaN makes the comparisons false,
    torch's w differs from its backward's split (maximum's tangent at a NaN is b's alone,
    its gradient goes to both), so the rule is not the backward formula."""
    def rule(ctx, ta, tb):
        a, b = (x._data for x in ctx.inputs)
        dtype = ctx._result._data.dtype
        with np.errstate(invalid="ignore"):
            weight = np.asarray(first_weight(a, b), dtype)
        terms = []
        if ta is not None:
            terms.append(ta * Tensor(weight))
        if tb is not None:
            terms.append(tb * Tensor(np.asarray(1 - weight, dtype)))
        return _fw.tangent_sum(*terms)
    return rule


_maximum.tangent(_blend_tangent(lambda a, b: np.where(a == b, 0.5, a > b)))


_minimum = declare("minimum", grad_fn="MinimumBackward0", saves=(0, 1), dtype=PROMOTE,
                   broadcasts=True, formula="d min(a,b)/da = 1 where a < b, 1/2 where a == b")(
    _first_on_ties(np.minimum))


@_minimum.backward
def _(ctx, g):
    a, b = ctx.saved
    return _split_at_ties(ctx, g, a > b, a < b, a == b)


_minimum.tangent(_blend_tangent(lambda a, b: np.where(a == b, 0.5, a < b)))


def _split_at_ties(ctx, g, a_loses, b_loses, tie):
    """Gradient of max/min of two tensors: to the winner, halved between equal inputs.

    As torch, the loser's share is selected away (an infinite gradient gives 0, not nan),
    and where a NaN makes every comparison false both inputs receive the whole gradient.
    torch's order, a masked_fill last (MaskedFillBackward0 under create_graph=True).
    """
    grad_a = xp.masked_fill(xp.where(tie, g * 0.5, g), a_loses, 0) if _needs(ctx, 0) else None
    grad_b = xp.masked_fill(xp.where(tie, g * 0.5, g), b_loses, 0) if _needs(ctx, 1) else None
    return grad_a, grad_b


def _nan_ignoring_extreme(name: str, grad_fn: str, numpy_fn, a_wins):
    """fmax / fmin: maximum / minimum that ignore a NaN (NaN only where both are). The
    gradient goes whole to `a` where it wins or ties or b is NaN, else to `b` (no split at
    ties, as torch), selected rather than multiplied."""
    op = declare(name, grad_fn=grad_fn, saves=(0, 1), dtype=PROMOTE, broadcasts=True,
                 formula=f"d {name}(a,b)/da = 1 where a is chosen, d/db = 1 elsewhere")(
        _first_on_ties(numpy_fn))

    @op.backward
    def _(ctx, g):
        a, b = ctx.saved
        to_a = a_wins(a, b) | (b != b)  # b != b: b is NaN
        # masked_fill, as torch's (MaskedFillBackward0 under create_graph=True)
        grad_a = xp.masked_fill(g, ~to_a, 0) if _needs(ctx, 0) else None
        grad_b = xp.masked_fill(g, to_a, 0) if _needs(ctx, 1) else None
        return grad_a, grad_b

    op.tangent(_fw.diagonal)
    return op


_fmax = _nan_ignoring_extreme("fmax", "FmaxBackward0", np.fmax, lambda a, b: a >= b)
_fmin = _nan_ignoring_extreme("fmin", "FminBackward0", np.fmin, lambda a, b: a <= b)
# torch's tangents: fmax's goes to b at a tie (its gradient to a), fmin's to a
_fmax.tangent(_blend_tangent(lambda a, b: (a > b) | np.isnan(b)))
_fmin.tangent(_blend_tangent(lambda a, b: (a <= b) | np.isnan(b)))


def _copysign_np(a, b):
    dtype = np.result_type(a, b)
    return np.copysign(np.asarray(a, dtype), np.asarray(b, dtype))


def _copysign_grad(ctx, g):
    """d copysign(a, b)/da = copysign(a, b) / a, 0 where a is 0 (multiplied, as torch's);
    nothing flows to b."""
    a, out = ctx.saved
    # out / a taken unguarded, then 0 where a is 0 (torch's masked_fill): the second
    # derivative at a = 0 is torch's nan
    with np.errstate(divide="ignore", invalid="ignore"):
        grad_a = g * xp.where(a == 0, 0.0, out / a) if _needs(ctx, 0) else None
    grad_b = xp.zeros_like(g) if len(ctx._next_nodes) > 1 and _needs(ctx, 1) else None
    return grad_a, grad_b


# One op per argument pattern, as torch names them: a tensor sign, a number sign.
_copysign, _copysign_scalar = (
    # (a serves a's gradient only: torch keeps it only when a needs one; the result it
    # keeps always, so writing it in place makes any backward through it refuse)
    declare(name, grad_fn=grad_fn, saves=(0, OUT), save_if={0: (0,)},
            dtype=PROMOTE_FLOAT, broadcasts=True,
            formula="d copysign(a, b)/da = sign agreement of a and the result, d/db = 0")(
        _copysign_np)
    for name, grad_fn in (("copysign", "CopysignBackward0"),
                          ("copysign_scalar", "CopysignBackward1")))
for _op in (_copysign, _copysign_scalar):
    _op.backward(_copysign_grad)
    _op.tangent(_fw.diagonal)


@declare("logaddexp2", grad_fn="Logaddexp2Backward0", saves=(0, 1), dtype=PROMOTE,
         broadcasts=True, formula="d log2(2^a+2^b)/da = 1/(1+2^(b-a))")
def _logaddexp2(a, b):
    return np.logaddexp2(a, b)


@_logaddexp2.backward
def _(ctx, g):
    a, b = ctx.saved
    _refuse_bool_difference(a, b)
    grad_a = g / (1 + 2.0 ** (b - a)) if _needs(ctx, 0) else None
    grad_b = g / (1 + 2.0 ** (a - b)) if _needs(ctx, 1) else None
    return grad_a, grad_b


_logaddexp2.tangent(_fw.diagonal)


@declare("heaviside", dtype=PROMOTE, broadcasts=True, grad_not_implemented="aten::heaviside")
def _heaviside(x, values):
    # 0 below zero, 1 above, `values` at zero, in the promoted dtype
    dtype = np.result_type(x, values)
    # torch: values where x is 0, else x > 0 (so 0 at nan; NumPy's heaviside gives nan)
    x, values = np.asarray(x, dtype), np.asarray(values, dtype)
    return np.where(x == 0, values, x > 0).astype(dtype)


@declare("atan2", grad_fn="Atan2Backward0", saves=(0, 1), dtype=PROMOTE_FLOAT, broadcasts=True,
         formula="d atan2(a,b)/da = b/(a^2+b^2), d/db = -a/(a^2+b^2)")
def _atan2(a, b):
    return np.arctan2(a, b)


@_atan2.backward
def _(ctx, g):
    a, b = ctx.saved
    radius2 = a * a + b * b
    # At the origin torch's gradient is 0 (not 0/0): it multiplies by a reciprocal that is
    # 0 there, so an infinite gradient still gives nan at the origin, as in torch. The
    # reciprocal is taken unguarded (inf at the origin) and then replaced, as torch's
    # masked_fill: the second derivative there is torch's nan (0 through 1/r^2's backward).
    # torch's order, (g * b) * recip and (g * -a) * recip: in float16 a product that
    # overflows before the reciprocal (0 at huge inputs) makes nan, as in torch (and -a of
    # a bool a is its refusal)
    if _needs(ctx, 1) and xp.numpy_value(a).dtype == np.bool_:
        raise RuntimeError(BOOL_NEGATION)
    with np.errstate(divide="ignore", invalid="ignore"):
        recip = xp.where(radius2 == 0, 0.0, 1.0 / radius2)
        return (g * b * recip if _needs(ctx, 0) else None,
                g * -a * recip if _needs(ctx, 1) else None)


_atan2.tangent(_fw.diagonal)


@declare("logaddexp", grad_fn="LogaddexpBackward0", saves=(0, 1), dtype=PROMOTE_FLOAT,
         broadcasts=True, formula="d log(e^a+e^b)/da = 1/(1+e^(b-a))")
def _logaddexp(a, b):
    return np.logaddexp(a, b)


@_logaddexp.backward
def _(ctx, g):
    a, b = ctx.saved
    _refuse_bool_difference(a, b)
    # torch's formula, g / (1 + exp(b - a)): bit-equal, and its double backward at an
    # infinite input is torch's nan (the sigmoid form gave 0)
    with np.errstate(over="ignore"):
        grad_a = g / (1 + xp.exp(b - a)) if _needs(ctx, 0) else None
        grad_b = g / (1 + xp.exp(a - b)) if _needs(ctx, 1) else None
    return grad_a, grad_b


_logaddexp.tangent(_fw.diagonal)


def _refuse_bool_difference(a, b) -> None:
    """torch's logaddexp formulas subtract the operands (b - a), which it refuses for a bool
    one: a gradient of logaddexp(mask, x) raises, as in torch."""
    if xp.numpy_value(a).dtype == np.bool_ or xp.numpy_value(b).dtype == np.bool_:
        raise RuntimeError(BOOL_SUBTRACTION)


@declare("where", grad_fn="WhereBackward0", dtype=PROMOTE, broadcasts=True,
         saves_params={0: (0, 1)},
         formula="d where(c,x,y)/dx = c, d/dy = not c")
def _where(x, y, condition):
    return np.where(condition, x, y)


@_where.backward
def _(ctx, g):
    (condition_,) = ctx.params
    cond = xp.constant(condition_, like=g)
    # Selecting (not g * mask): an inf or nan gradient on the unchosen side gives 0.
    grad_x = xp.where(cond, g, 0.0) if _needs(ctx, 0) else None
    grad_y = xp.where(cond, 0.0, g) if _needs(ctx, 1) else None
    return grad_x, grad_y


_where.tangent(_fw.linear)


# torch computes lerp as one fused multiply-add from the end nearer the weight:
# start + w * (end - start) for |w| < 0.5, else end + (w - 1) * (end - start).
@declare("lerp", grad_fn="LerpBackward0", dtype=PROMOTE, broadcasts=True,
         formula="d lerp(a,b,w)/da = 1-w, d/db = w")
def _lerp_scalar(start, end, weight):
    if np.asarray(start).dtype == np.float16:  # torch computes half in float32, rounds once
        return _lerp_with_number(*_in_float32(start, end), weight).astype(np.float16)
    return _lerp_with_number(start, end, weight)


def _lerp_with_number(start, end, weight):
    weight = np.asarray(start).dtype.type(weight)  # torch rounds the weight to the dtype
    if abs(weight) < 0.5:
        return fused_multiply_add(weight, end - start, start)
    return fused_multiply_add(weight - 1, end - start, end)


def _in_float32(*arrays):
    return tuple(np.asarray(a, np.float32) for a in arrays)


@_lerp_scalar.backward
def _(ctx, g):
    w = ctx.params[0]
    # torch's products by a number (MulBackward1; float16 in float32, rounded once)
    return xp.times_scalar(g, 1 - w), xp.times_scalar(g, w)


_lerp_scalar.tangent(_fw.linear)


# (torch saves start and end only for weight's gradient, and weight whatever is wanted:
# a write into an unsaved one is no error)
@declare("lerp_tensor", grad_fn="LerpBackward1", saves=(0, 1, 2), dtype=PROMOTE,
         save_if={0: (2,), 1: (2,)},
         broadcasts=True, formula="d lerp(a,b,w)/da = 1-w, d/db = w, d/dw = b-a")
def _lerp_tensor(start, end, weight):
    if np.asarray(start).dtype == np.float16:
        return _lerp_with_tensor(*_in_float32(start, end, weight)).astype(np.float16)
    return _lerp_with_tensor(start, end, weight)


def _lerp_with_tensor(start, end, weight):
    small = np.abs(weight) < 0.5
    return fused_multiply_add(np.where(small, weight, weight - 1), end - start,
                               np.where(small, start, end))


@_lerp_tensor.backward
def _(ctx, g):
    start, end, weight = ctx.saved
    if (_needs(ctx, 0) and xp.numpy_dtype(weight) == np.bool_) or (
            _needs(ctx, 2) and xp.numpy_dtype(start) == xp.numpy_dtype(end) == np.bool_):
        # (a 0-d bool weight: torch's 1 - weight is a bool subtraction, which it refuses;
        # so is the weight's end - start of bool start and end)
        raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not "
                           "supported. Use the `^` or `logical_xor()` operator instead.")
    return (g * (1 - weight) if _needs(ctx, 0) else None,
            g * weight if _needs(ctx, 1) else None,
            g * (end - start) if _needs(ctx, 2) else None)


_lerp_tensor.tangent(_fw.diagonal)


def keeping_x(numpy_fn, bound, x):
    """numpy_fn (maximum or minimum) of a bound and x that gives x where they tie, as torch
    (clamp_max(-0.0, 0) is -0.0): NumPy returns the second operand on a tie, except in its
    float16 loop, which returns the first. A nan on either side still wins."""
    if x.dtype == np.float16:
        return numpy_fn(x, bound)
    return numpy_fn(bound, x)


def _clamped(x, low, high):
    """max(x, low) then min(., high), either bound optional (torch's order: high wins)."""
    result = x
    if low is not None:
        result = keeping_x(np.maximum, low, result)
    if high is not None:
        result = keeping_x(np.minimum, high, result)
    return result.astype(x.dtype, copy=False) if result is not x else x.copy()


_clamp_scalar = declare("clamp", grad_fn="ClampBackward1", saves=(0,),
                        formula="d clamp(x)/dx = 1 inside [min, max]")(_clamped)


@_clamp_scalar.backward
def _(ctx, g):
    (x,) = ctx.saved
    low, high = ctx.params
    inside = None
    if low is not None:
        inside = x >= low
    if high is not None:
        upper = x <= high
        inside = upper if inside is None else inside & upper
    return (xp.where(inside, g, 0.0),)  # selecting: an inf gradient outside gives 0


_clamp_scalar.tangent(_fw.diagonal)


_clamp_tensor = declare(
    "clamp_tensor", grad_fn="ClampBackward0", saves=(0, 1, 2), dtype=PROMOTE, broadcasts=True,
    formula="d clamp(x,lo,hi): to x inside, to lo below, to hi above")(_clamped)


@_clamp_tensor.backward
def _(ctx, g):
    x, low, high = ctx.saved
    grad_low = grad_high = None
    keep = None  # x >= low and x <= high, asked positively: a nan x or bound gives 0
    if low is not None:
        keep = x >= low
        grad_low = xp.where(x < low, g, 0.0)
    if high is not None:
        above = x > high
        keep = x <= high if keep is None else keep & (x <= high)
        if low is not None:
            # torch applies max after min, so the upper bound wins when low > high.
            above = above | (low > high)
        grad_high = xp.where(above, g, 0.0)
        if grad_low is not None:
            grad_low = xp.where(above, 0.0, grad_low)
    return xp.where(keep, g, 0.0), grad_low, grad_high


_clamp_tensor.tangent(_fw.diagonal)


def _one_sided_clamp(name: str, grad_fn: str, numpy_fn, keeps_x, formula: str):
    """clamp_min / clamp_max with a number as the bound (torch's ClampMin/MaxBackward0)."""

    def forward(x, bound):  # x is kept on a tie
        return keeping_x(numpy_fn, bound, x).astype(x.dtype, copy=False)

    forward.__name__ = name
    op = declare(name, grad_fn=grad_fn, saves=(0,), formula=formula)(forward)
    op.backward(lambda ctx, g: (xp.where(keeps_x(ctx.saved[0], ctx.params[0]), g, 0.0),))
    op.tangent(_fw.diagonal)
    return op


def _one_sided_clamp_tensor(name: str, grad_fn: str, numpy_fn, keeps_x, bound_wins,
                            formula: str):
    """clamp_min / clamp_max with a tensor bound: the gradient goes to x or to the bound,
    each where its own comparison holds (a nan x or bound gives neither any, as torch)."""

    def forward(x, bound):  # x is kept on a tie
        return keeping_x(numpy_fn, bound, x)

    forward.__name__ = name
    op = declare(name, grad_fn=grad_fn, saves=(0, 1), dtype=PROMOTE, broadcasts=True,
                 formula=formula)(forward)

    @op.backward
    def _(ctx, g):
        x, bound = ctx.saved
        return (xp.where(keeps_x(x, bound), g, 0.0),
                xp.where(bound_wins(x, bound), g, 0.0) if _needs(ctx, 1) else None)

    op.tangent(_fw.diagonal)
    return op


_clamp_min = _one_sided_clamp("clamp_min", "ClampMinBackward0", np.maximum,
                              lambda x, low: x >= low, "d max(x, m)/dx = 1 where x >= m")
_clamp_max = _one_sided_clamp("clamp_max", "ClampMaxBackward0", np.minimum,
                              lambda x, high: x <= high, "d min(x, m)/dx = 1 where x <= m")
_clamp_min_tensor = _one_sided_clamp_tensor(
    "clamp_min_tensor", "ClampMinBackward1", np.maximum, lambda x, low: x >= low,
    lambda x, low: x < low, "d max(x, m)/dx = 1 where x >= m, d/dm = 1 where x < m")
_clamp_max_tensor = _one_sided_clamp_tensor(
    "clamp_max_tensor", "ClampMaxBackward1", np.minimum, lambda x, high: x <= high,
    lambda x, high: x > high, "d min(x, m)/dx = 1 where x <= m, d/dm = 1 where x > m")


def _cast_value(value, x, tensor1, tensor2):
    """addcmul/addcdiv's `value` in the computation's dtype (torch truncates it for ints)."""
    dtype = x.dtype
    if tensor1.dtype is not dtype or tensor2.dtype is not dtype:
        dtype = np.result_type(x, tensor1, tensor2)
    if dtype.kind == "f":
        return dtype.type(value)
    return np.array(value).astype(dtype)[()]


def _scaled(g, value):
    if value == 1:
        return g
    if type(value) is int and type(g) is np.ndarray and g.dtype.kind in "iu":
        # torch's integer tensor times an int Scalar stays in its dtype and wraps around
        # (uint8 times -1); NumPy 2 refuses a Python int its dtype cannot hold
        return g * np.array(value).astype(g.dtype)
    return g * value


@declare("addcmul", grad_fn="AddcmulBackward0", saves=(1, 2), save_if={1: (2,), 2: (1,)},
         dtype=PROMOTE, broadcasts=True,
         formula="d(x + v*a*b)/dx = 1, d/da = v*b, d/db = v*a")
def _addcmul(x, tensor1, tensor2, value):
    # torch's kernel: (value * tensor1) * tensor2 + x, the last step fused (one rounding);
    # half precision is computed in float32 and rounded once
    if _all_half(x, tensor1, tensor2):
        return _addcmul_np(*_in_float32(x, tensor1, tensor2), value).astype(np.float16)
    return _addcmul_np(x, tensor1, tensor2, value)


def _addcmul_np(x, tensor1, tensor2, value):
    return fused_multiply_add(_cast_value(value, x, tensor1, tensor2) * tensor1, tensor2, x)


def _all_half(*arrays) -> bool:
    return all(np.asarray(a).dtype == np.float16 for a in arrays)


@_addcmul.backward
def _(ctx, g):
    tensor1, tensor2 = ctx.saved
    (value,) = ctx.params
    grad_1 = _times_value(g, tensor2, value) if _needs(ctx, 1) else None
    grad_2 = _times_value(g, tensor1, value) if _needs(ctx, 2) else None
    return g, grad_1, grad_2


def _times_value(g, other, value):
    """g * (other * value), torch's order for addcmul's gradients; other * value is a
    product by a Scalar (float16 in float32, rounded once; a Tensor records MulBackward1
    even for 1). An integer operand times an int value stays in its dtype and wraps, as
    torch's."""
    if xp.numpy_dtype(other).kind == "f":
        return g * _zero_dim_as(g, xp.times_scalar(other, value))
    if xp.is_tensor(other):
        return g * other if value == 1 else g * (other * value)
    scaled = _scaled(other, value)
    if g.dtype.kind == "f" and scaled.dtype.kind in "iu":
        # torch converts an integer product (an int value) to the gradient's dtype before
        # multiplying (int64's -2**63 + 1 is -inf in float16, and 0 times it nan); NumPy
        # would compute float16 with int64 in float64 (0 * -9.2e18 = -0)
        with np.errstate(over="ignore"):
            scaled = scaled.astype(g.dtype)
    return g * scaled


@_addcmul.tangent
def _(ctx, tx, t1, t2):
    # torch's self_t + value * (tensor1_t * tensor2) + value * (tensor2_t * tensor1), an
    # absent tangent a zero tensor (forward_ad.records)
    x, a, b = ctx.inputs
    (value,) = ctx.params
    pad = _fw.records(x, a, b, tx, t1, t2)

    def scaled(v):
        return v if value == 1 else v * value

    terms = [tx if tx is not None else _fw.absent(ctx) if pad else None,
             scaled(t1 * b) if t1 is not None
             else _fw.zero_term(scaled(_fw.zeros_for(a) * b)) if pad else None,
             scaled(t2 * a) if t2 is not None
             else _fw.zero_term(scaled(_fw.zeros_for(b) * a)) if pad else None]
    return _fw.tangent_sum(*terms)


@declare("addcdiv", grad_fn="AddcdivBackward0", saves=(1, 2), save_if={1: (2,)},
         dtype=PROMOTE, broadcasts=True,
         formula="d(x + v*a/b)/dx = 1, d/da = v/b, d/db = -v*a/b^2")
def _addcdiv(x, tensor1, tensor2, value):
    if _all_half(x, tensor1, tensor2):  # computed in float32, rounded once (as torch)
        return _addcdiv_np(*_in_float32(x, tensor1, tensor2), value).astype(np.float16)
    return _addcdiv_np(x, tensor1, tensor2, value)


def _addcdiv_np(x, tensor1, tensor2, value):
    return x + _cast_value(value, x, tensor1, tensor2) * tensor1 / tensor2


@_addcdiv.backward
def _(ctx, g):
    tensor1, tensor2 = ctx.saved
    (value,) = ctx.params
    # torch's orders: g * (value / t2) and -g * ((value * t1) / (t2 * t2)), so that
    # addcdiv(x, t, t) has exactly zero gradient for t
    if _needs(ctx, 1):
        divisor = tensor2._data if hasattr(tensor2, "_data") else np.asarray(tensor2)
        if divisor.dtype.kind in "biu":
            # torch writes value / tensor2 (a number over an integer tensor: the default
            # float dtype) into tensor2's own integer dtype, and refuses
            raise RuntimeError(f"result type {scalar_type_name(get_default_dtype().name)} "
                               f"can't be cast to the desired output type "
                               f"{scalar_type_name(divisor.dtype.name)}")
    grad_1 = g * _zero_dim_as(g, _value_over(value, tensor2)) if _needs(ctx, 1) else None
    if _needs(ctx, 2):
        square = tensor2 * tensor2
        # an integer numerator meets the float square in the square's dtype, as torch's
        # division converts it (int64's 2**63 is inf in float16), not NumPy's float64
        numerator = xp.in_float_dtype_of(square, _times_value_first(tensor1, value))
        grad_2 = -g * (numerator / _zero_dim_as(numerator, square))
    else:
        grad_2 = None
    return g, grad_1, grad_2


def _zero_dim_as(other, value):
    """A 0-d float array (or NumPy scalar) `value` in the float dtype of `other`, an array
    with dims: in torch
    a 0-d tensor does not decide the dtype of an op with one that has dims (NumPy 2 lets a
    0-d float64 make float32 arithmetic float64)."""
    if (isinstance(value, (np.ndarray, np.generic)) and not np.ndim(value)
            and value.dtype.kind == "f" and type(other) is np.ndarray and other.ndim
            and other.dtype.kind == "f"):
        return value.astype(other.dtype)
    return value


def _value_over(value, tensor2):
    """value / tensor2 as torch's formula computes it: a tensor2-like tensor filled with
    value (a float16 one through float32, as c10::Half), divided by tensor2 (DivBackward0)."""
    dtype = xp.numpy_dtype(tensor2)
    if dtype.kind != "f":
        return value / tensor2
    filled = dtype.type(np.float32(value)) if dtype is HALF else dtype.type(value)
    if xp.is_tensor(tensor2):
        return xp.op("div", (xp.constant(np.full(tensor2.shape, filled), tensor2), tensor2))
    return filled / tensor2


def _times_value_first(tensor1, value):
    """value * tensor1 in torch's addcdiv formula: a product by a Scalar for a float one."""
    if xp.numpy_dtype(tensor1).kind == "f":
        return xp.times_scalar(tensor1, value)
    if type(value) is float and not xp.is_tensor(tensor1):
        # an integer tensor times a float Scalar is a tensor of the default float dtype
        default = np.dtype(get_default_dtype().name)
        return xp.times_scalar(tensor1.astype(default), value)
    return _scaled(tensor1, value)


_addcdiv.tangent(_fw.diagonal)


# (each operand is kept only for its own gradient, as torch: writing the other one in place
# later is no error)
@declare("hypot", grad_fn="HypotBackward0", saves=(0, 1, OUT), save_if={0: (0,), 1: (1,)},
         dtype=PROMOTE, broadcasts=True,
         formula="d sqrt(a^2+b^2)/da = a/hypot, d/db = b/hypot")
def _hypot(a, b):
    return np.hypot(a, b)


@_hypot.backward
def _(ctx, g):
    a, b, out = ctx.saved
    grad_a = g * a / out if _needs(ctx, 0) else None
    grad_b = g * b / out if _needs(ctx, 1) else None
    return grad_a, grad_b


_hypot.tangent(_fw.diagonal)


def _xlogy_np(x, y):
    # x * log(y), but 0 where x == 0 (even for y == 0 or inf), unless y is nan.
    # A Python number may arrive as it is: log would make it a float64 NumPy scalar,
    # which (unlike the number) promotes a float16/32 tensor, so convert it first.
    dtype = np.result_type(x, y)
    x, y = np.asarray(x, dtype), np.asarray(y, dtype)
    with_log = np.multiply(x, np.log(y))
    return np.where((x == 0) & ~np.isnan(y), np.zeros((), with_log.dtype), with_log)


def _xlogy_grad_x(g, x, y):
    """torch's d xlogy(x, y)/dx: log(y) (as xlogy(g, y)), but 0 where x == 0 and y <= 0
    (a masked_fill last, as torch's: MaskedFillBackward0 under create_graph=True)."""
    return xp.masked_fill(_xlogy_of(g, y), (x == 0) & (y <= 0), 0)


def _xlogy_of(g, y):
    """xlogy(g, y) of an array or a Tensor g; y may be a number (then torch's scalar op)."""
    number = isinstance(y, (int, float, np.number))
    return xp.op("xlogy_scalar_other" if number else "xlogy", (g, y))


# One op per argument pattern, as torch names them: both tensors, a number as x, as y.
_XLOGY_FORMULA = "d x*log(y)/dx = log(y), d/dy = x/y"
_xlogy, _xlogy_scalar_self, _xlogy_scalar_other = (
    declare(name, grad_fn=grad_fn, saves=(0, 1), dtype=PROMOTE_FLOAT, broadcasts=True,
            formula=_XLOGY_FORMULA)(_xlogy_np)
    for name, grad_fn in (("xlogy", "XlogyBackward0"), ("xlogy_scalar_self", "XlogyBackward1"),
                          ("xlogy_scalar_other", "XlogyBackward2")))


@_xlogy.backward
def _(ctx, g):
    x, y = ctx.saved
    grad_x = _xlogy_grad_x(g, x, y) if _needs(ctx, 0) else None
    grad_y = g * x / y if _needs(ctx, 1) else None
    return grad_x, grad_y


@_xlogy_scalar_self.backward
def _(ctx, g):
    x, y = ctx.saved
    return None, g * x / y


@_xlogy_scalar_other.backward
def _(ctx, g):
    x, y = ctx.saved
    if y <= 0:  # (torch's xlogy(g, y).masked_fill(x == 0, 0): MaskedFillBackward0)
        return xp.masked_fill(_xlogy_of(g, y), x == 0, 0.0), None
    return _xlogy_of(g, y), None


# xlogy is elementwise in all three argument patterns.
for _op in (_xlogy, _xlogy_scalar_self, _xlogy_scalar_other):
    _op.tangent(_fw.diagonal)


# ====================================================================== public API
def _tensor_arg(value, name: str = "input") -> None:
    if not isinstance(value, Tensor):
        raise TypeError(
            f"{name} must be a Tensor, not {type(value).__name__}; wrap values with "
            "torch.tensor(...)"
        )


def _check_tensor_arg(function: str, value, name: str, position: int) -> None:
    if not isinstance(value, Tensor):
        raise TypeError(f"{function}(): argument '{name}' (position {position}) must be "
                        f"Tensor, not {type(value).__name__}")


@public()
def maximum(input: Tensor, other: Tensor) -> Tensor:
    """Elementwise maximum of two tensors (gradient split at ties)."""
    _check_tensor_arg("maximum", input, "input", 1)
    _check_tensor_arg("maximum", other, "other", 2)
    return apply(OPS["maximum"], (input, other))


@public()
def minimum(input: Tensor, other: Tensor) -> Tensor:
    """Elementwise minimum of two tensors (gradient split at ties)."""
    _check_tensor_arg("minimum", input, "input", 1)
    _check_tensor_arg("minimum", other, "other", 2)
    return apply(OPS["minimum"], (input, other))


@public()
def fmax(input: Tensor, other: Tensor) -> Tensor:
    """Elementwise maximum ignoring NaN (NaN only where both are)."""
    _check_tensor_arg("fmax", input, "input", 1)
    _check_tensor_arg("fmax", other, "other", 2)
    return apply(_fmax, (input, other))


@public()
def fmin(input: Tensor, other: Tensor) -> Tensor:
    """Elementwise minimum ignoring NaN (NaN only where both are)."""
    _check_tensor_arg("fmin", input, "input", 1)
    _check_tensor_arg("fmin", other, "other", 2)
    return apply(_fmin, (input, other))


@public(inplace=True)
def copysign(input: Tensor, other) -> Tensor:
    """|input| with the sign of `other` (a tensor or a number), in a floating dtype."""
    _check_tensor_arg("copysign", input, "input", 1)
    if isinstance(other, Tensor):
        return apply(_copysign, (input, other))
    check_number_or_tensor(other, "other")
    return apply(_copysign_scalar, (input, other))


def _check_floating_pair(name: str, input, other) -> None:
    """Two tensors (torch refuses numbers here) whose promoted dtype is floating: torch's
    kernel `{name}_cpu` exists for floating types only."""
    _check_tensor_arg(name, input, "input", 1)
    _check_tensor_arg(name, other, "other", 2)
    dtype = result_type(input, other)
    if dtype.numpy.kind != "f":
        check_shapes((input, other))  # (torch's TensorIterator broadcasts first)
        raise NotImplementedError(
            f"\"{name}_cpu\" not implemented for '{scalar_type_name(dtype.name)}'")


@public()
def logaddexp2(input: Tensor, other: Tensor) -> Tensor:
    """log2(2 ** input + 2 ** other) without overflow (floating point tensors only)."""
    _check_floating_pair("logaddexp2", input, other)
    return apply(_logaddexp2, (input, other))


@public(inplace=True)
def heaviside(input: Tensor, values: Tensor) -> Tensor:
    """The step function: 0 below zero, 1 above, `values` at zero (not differentiable)."""
    _check_tensor_arg("heaviside", input, "input", 1)
    _check_tensor_arg("heaviside", values, "values", 2)
    if input._data.dtype != values._data.dtype:
        raise RuntimeError("heaviside is not yet implemented for tensors with different dtypes.")
    return apply(OPS["heaviside"], (input, values))


@public(inplace=True)
def atan2(input: Tensor, other: Tensor) -> Tensor:
    """The angle of the point (other, input)."""
    _check_tensor_arg("atan2", input, "input", 1)
    _check_tensor_arg("atan2", other, "other", 2)
    return apply(OPS["atan2"], (input, other))


arctan2 = public(name="arctan2", inplace=True)(atan2)


@public()
def logaddexp(input: Tensor, other: Tensor) -> Tensor:
    """log(exp(input) + exp(other)) without overflow (floating point tensors only)."""
    _check_floating_pair("logaddexp", input, other)
    return apply(OPS["logaddexp"], (input, other))


_NOT_GIVEN = object()


@public(method=False)
def where(condition: Tensor, input=_NOT_GIVEN, other=_NOT_GIVEN) -> Tensor:
    """Elements of `input` where `condition` holds, else of `other`; `where(condition)` alone
    is `nonzero(condition, as_tuple=True)`."""
    if input is _NOT_GIVEN and other is _NOT_GIVEN:
        refuse_batched(dynamic_shape("where"), condition)
        return nonzero(condition, as_tuple=True)
    if input is _NOT_GIVEN or other is _NOT_GIVEN:
        raise TypeError("where() takes a condition alone, or a condition, an input and an "
                        "other (tensors or numbers); it was given two arguments")
    check_tensors_or_numbers("where", input, other)
    cond = condition._data if isinstance(condition, Tensor) else np.asarray(condition)
    if cond.dtype == np.uint8:  # still taken by torch, with a warning (once, as torch)
        warn_once("where of a uint8 condition",
                  "where received a uint8 condition tensor. This behavior is deprecated and "
                  "will be removed in a future version of PyTorch. Use a boolean condition "
                  "instead.")
        cond = cond.astype(np.bool_)
    if cond.dtype != np.bool_:
        raise RuntimeError(f"where expected condition to be a boolean tensor, but got a "
                           f"tensor with dtype {_type_name(cond.dtype)}")
    if not isinstance(input, Tensor) and not isinstance(other, Tensor):
        # Two numbers: torch makes a tensor of their promoted type (int64, or the default
        # float dtype).
        check_number_or_tensor(input, "input")
        check_number_or_tensor(other, "other")
        input = Tensor(np.asarray(input, dtype=result_type(input, other).numpy))
    else:
        # torch makes a number beside a tensor a tensor of the result's dtype first (before
        # the shapes are checked), refusing one that dtype cannot hold (float16 takes any)
        for value in (input, other):
            if not isinstance(value, Tensor):
                number_in_dtype(value, result_type(input, other).numpy, half_range=False)
    try:
        # (torch saves the condition tensor, version-checked at backward)
        return keep_versions(apply(OPS["where"], (input, other), (cond,)), condition)
    except ValueError as error:
        # The condition is a parameter, so the dispatcher does not name it in its message.
        raise _broadcast_error((Tensor(cond), input, other)) or error from None


def _where_method(self: Tensor, condition: Tensor, other) -> Tensor:
    return where(condition, self, other)


public(name="where", function=False)(_where_method)


@public(method=False)
def nonzero(input: Tensor, *, as_tuple: bool = False):
    """Indices of the non-zero elements."""
    refuse_batched(NO_BATCHING_RULE.format("nonzero_numpy") if as_tuple
                   else dynamic_shape("nonzero"), input)  # (inside vmap: torch's errors)
    return _nonzero(input, as_tuple)


def _nonzero(input: Tensor, as_tuple: bool):
    data = input._data
    # A 0-d tensor counts as one element at position 0 (NumPy refuses 0-d nonzero).
    indices = np.nonzero(data if data.ndim else data.reshape(1))
    if as_tuple:
        return tuple(Tensor(i.astype(np.int64)) for i in indices)
    # column-major, as torch's (one row of indices per dim, transposed): view(-1) of it
    # raises for more than one dim, reshape(-1) copies
    return Tensor(np.array(indices, dtype=np.int64).T if data.ndim else
                  np.zeros((len(indices[0]), 0), np.int64))


@public(method=True)
def argwhere(input: Tensor) -> Tensor:
    """The indices of the non-zero elements, one row each (nonzero)."""
    # (torch's vmap runs argwhere element by element, as ember's does: no nonzero error)
    return _nonzero(input, False)


public(name="nonzero", function=False)(lambda self, *, as_tuple=False:
                                       nonzero(self, as_tuple=as_tuple))


# the C type names torch's dtype checks print
_C_WORDS = {"bool": "bool", "uint8": "unsigned char", "int8": "signed char",
            "int16": "short int", "int32": "int", "int64": "long int", "float16": "c10::Half",
            "float32": "float", "float64": "double"}


@public(inplace=True)
def lerp(input: Tensor, end: Tensor, weight) -> Tensor:
    """input + weight * (end - input); floating tensors of one dtype only, as in torch."""
    _check_tensor_arg("lerp", end, "end", 2)
    history_first(input, end, weight)  # (torch's autograd reads them before the dtypes)
    kernel = "lerp_kernel_tensor" if isinstance(weight, Tensor) else "lerp_kernel_scalar"
    dtype = input._data.dtype
    # torch checks that the dtypes agree first, then whether its kernel takes the dtype
    # (a 0-d weight tensor is not checked: it promotes as any 0-d operand does)
    weight_is_0d = isinstance(weight, Tensor) and weight._data.ndim == 0
    for name, other in (("end", end), ("weight", None if weight_is_0d else weight)):
        if isinstance(other, Tensor) and other._data.dtype != dtype:
            raise RuntimeError(f"expected dtype {_C_WORDS[dtype.name]} for `{name}` but "
                               f"got dtype {_C_WORDS[other._data.dtype.name]}")
    if weight_is_0d:
        dtype = result_type(input, end, weight).numpy
    error = _broadcast_error((input, end, weight))  # (shapes, then the kernel's dtypes)
    if error is not None:
        raise error
    if dtype.kind != "f":
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_type_name(dtype)}'")
    if isinstance(weight, Tensor):
        return apply(OPS["lerp_tensor"], (input, end, weight))
    _check_number_fits(weight, dtype)
    return apply(OPS["lerp"], (input, end), (weight,))


_FLOAT32 = np.dtype(np.float32)


def _check_number_fits(value, dtype: np.dtype) -> None:
    """torch's kernels convert a number parameter (lerp's weight, addcmul/addcdiv's value)
    to the type they compute in: float for float16 and float32 (float16 computes in
    float32), the integer dtype itself; a number that type cannot hold is refused, even
    for a tensor without elements (after the shapes and dtypes are checked)."""
    if dtype.kind == "f" and dtype.itemsize <= 4:
        number_in_dtype(value, _FLOAT32)
    elif dtype.kind in "iu":
        number_in_dtype(value, dtype)


@public(inplace=True)
def clamp(input: Tensor, min=None, max=None) -> Tensor:
    """Limit every element to [min, max] (either bound may be None)."""
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    check_tensors_or_numbers("clamp", *(b for b in (min, max) if b is not None))
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        return apply(OPS["clamp_tensor"], (input, min, max))
    if min is not None and max is not None and (_is_nan(min) or _is_nan(max)):
        # torch fills the result with nan then, without converting the other bound (1e300
        # beside nan is no overflow error for float16)
        min = max = math.nan
    input = promoted_for_number(input, min, max)
    return apply(OPS["clamp"], (input,), _bounds_in_dtype(input, min, max))


def _is_nan(value) -> bool:
    return isinstance(value, (float, np.floating)) and math.isnan(value)


def _bounds_in_dtype(input: Tensor, *bounds) -> tuple:
    """Number bounds converted to an integer input's dtype as torch converts them (an
    unsigned dtype wraps -1 to its maximum; a bound that does not fit is an error)."""
    return tuple(None if bound is None else number_in_dtype(bound, input._data.dtype)
                 for bound in bounds)


clip = public(name="clip", inplace=True)(clamp)


@public(inplace=True)
def clamp_min(input: Tensor, min) -> Tensor:
    """max(input, min), elementwise."""
    check_tensors_or_numbers("clamp_min", min)
    if isinstance(min, Tensor):
        return apply(OPS["clamp_min_tensor"], (input, min))
    input = promoted_for_number(input, min)
    return apply(OPS["clamp_min"], (input,), _bounds_in_dtype(input, min))


@public(inplace=True)
def clamp_max(input: Tensor, max) -> Tensor:
    """min(input, max), elementwise."""
    check_tensors_or_numbers("clamp_max", max)
    if isinstance(max, Tensor):
        return apply(OPS["clamp_max_tensor"], (input, max))
    input = promoted_for_number(input, max)
    return apply(OPS["clamp_max"], (input,), _bounds_in_dtype(input, max))


def _pointwise_value(function: str, input: Tensor, tensor1, tensor2, value):
    """Checks shared by addcmul/addcdiv; `value` as a Python number."""
    _check_tensor_arg(function, input, "input", 1)
    _check_tensor_arg(function, tensor1, "tensor1", 2)
    _check_tensor_arg(function, tensor2, "tensor2", 3)
    if isinstance(value, Tensor):
        value = value.item()
    error = _broadcast_error((input, tensor1, tensor2))  # (shapes first, then dtypes)
    if error is not None:
        raise error
    dtype = result_type(input, tensor1, tensor2)
    if "b" in (input._data.dtype.kind, tensor1._data.dtype.kind, tensor2._data.dtype.kind):
        if dtype.name == "bool":
            raise NotImplementedError(f"\"{function}_cpu_out\" not implemented for 'Bool'")
    _check_number_fits(value, dtype.numpy)
    return value


@public(inplace=True)
def addcmul(input: Tensor, tensor1: Tensor, tensor2: Tensor, *, value: Number = 1) -> Tensor:
    """input + value * tensor1 * tensor2, broadcasting all three."""
    value = _pointwise_value("addcmul", input, tensor1, tensor2, value)
    return apply(OPS["addcmul"], (input, tensor1, tensor2), (value,))


_ADDCDIV_INTEGERS = (
    "Integer division with addcdiv is no longer supported, and in a future  release addcdiv "
    "will perform a true division of tensor1 and tensor2. The historic addcdiv behavior can "
    "be implemented as (input + value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for "
    "integer inputs and as (input + value * tensor1 / tensor2) for float inputs. The future "
    "addcdiv behavior is just the latter implementation: (input + value * tensor1 / "
    "tensor2), for all dtypes."
)


@public(inplace=True)
def addcdiv(input: Tensor, tensor1: Tensor, tensor2: Tensor, *, value: Number = 1) -> Tensor:
    """input + value * tensor1 / tensor2, broadcasting all three (floating point only)."""
    _check_tensor_arg("addcdiv", tensor1, "tensor1", 2)
    _check_tensor_arg("addcdiv", tensor2, "tensor2", 3)
    if tensor1._data.dtype.kind in "biu" and tensor2._data.dtype.kind in "biu":
        raise RuntimeError(_ADDCDIV_INTEGERS)  # (torch checks this before the bool dtypes)
    value = _pointwise_value("addcdiv", input, tensor1, tensor2, value)
    return apply(OPS["addcdiv"], (input, tensor1, tensor2), (value,))


@public(inplace=True)
@shapes_first
@float_gradient_only
def hypot(input: Tensor, other: Tensor) -> Tensor:
    """sqrt(input ** 2 + other ** 2), without overflow (floating point tensors only)."""
    _check_tensor_arg("hypot", input, "input", 1)
    _check_tensor_arg("hypot", other, "other", 2)
    check_shapes((input, other))
    dtype = result_type(input, other)
    if dtype.numpy.kind != "f":
        word = scalar_type_name(dtype.name)
        raise NotImplementedError(f"\"hypot_cpu\" not implemented for '{word}'")
    return apply(OPS["hypot"], (input, other))


@public(inplace=True)
def xlogy(input, other) -> Tensor:
    """input * log(other), but 0 where input is 0 (unless other is nan); either argument
    may be a number."""
    if isinstance(input, Tensor) and isinstance(other, Tensor):
        return apply(OPS["xlogy"], (input, other))
    if isinstance(other, Tensor):
        check_number_or_tensor(input, "input")
        return apply(OPS["xlogy_scalar_self"], (input, other))
    if isinstance(input, Tensor):
        check_number_or_tensor(other, "other")
        return apply(OPS["xlogy_scalar_other"], (input, other))
    raise TypeError(f"xlogy(): expected a Tensor as input or other, got "
                    f"{type(input).__name__} and {type(other).__name__}")


# where selects (its gradient too): right for complex values as it stands
allow_complex("where")
