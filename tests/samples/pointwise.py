"""Samples for the elementwise ops of src/ember/ops/pointwise*.py.

Inputs stay inside each function's domain and away from its kinks (integers for the
rounding ops, zero for abs/relu/sign, the bounds of clamp), except the samples that are
about ties, which skip the second derivative.
"""

from __future__ import annotations

import math

import numpy as np

import ember
from tests.samples import Sample, rng

_R = rng(7)
SHAPE = (2, 3)


def uniform(low: float, high: float, shape: tuple = SHAPE) -> np.ndarray:
    return _R.uniform(low, high, shape)


def away_from_zero(shape: tuple = SHAPE, low: float = 0.2, high: float = 1.5) -> np.ndarray:
    """Values with |x| in [low, high] and both signs."""
    magnitude = _R.uniform(low, high, shape)
    signs = np.where(np.arange(magnitude.size).reshape(shape) % 2 == 0, 1.0, -1.0)
    return magnitude * signs


def away_from_integers(shape: tuple = SHAPE) -> np.ndarray:
    """Values whose fractional part is in [0.15, 0.38] or [0.62, 0.85]: no rounding kink."""
    whole = _R.integers(-3, 3, shape).astype(np.float64)
    return whole + _R.choice([0.15, 0.3, 0.38, 0.62, 0.7, 0.85], shape)


def ints(low: int = -6, high: int = 7, shape: tuple = SHAPE) -> np.ndarray:
    return _R.integers(low, high, shape).astype(np.int64)


def nonzero_ints(shape: tuple = SHAPE) -> np.ndarray:
    values = ints(1, 5, shape)
    return values * np.where(np.arange(values.size).reshape(shape) % 2 == 0, 1, -1)


def bools() -> np.ndarray:
    return np.array([[True, False, True], [False, False, True]])


def check_away_from_integers(values: np.ndarray) -> np.ndarray:
    """Fail at import if a quotient lies near an integer, where floor/trunc/mod jump."""
    distance = np.abs(values - np.round(values))
    assert distance.min() > 0.05, f"{values} has a value near an integer"
    return values


def function(name: str, *extra):
    """fn for a sample calling ember.<name>(tensors..., *extra)."""
    found = getattr(ember, name)
    return lambda *tensors: found(*tensors, *extra)


def method(name: str, *extra):
    """fn for a sample calling first_tensor.<name>(other tensors..., *extra)."""
    return lambda first, *rest: getattr(first, name)(*rest, *extra)


def with_number(numpy_fn, number):
    """A reference applying a binary NumPy function with a fixed second argument."""
    return lambda p: numpy_fn(p, number)


SAMPLES: dict[str, list[Sample]] = {}


def add(name: str, *samples: Sample) -> None:
    SAMPLES.setdefault(name, []).extend(samples)


# ---------------------------------------------------------------------- arithmetic
x, y = uniform(-2, 2), uniform(-2, 2)
row = uniform(-2, 2, (3,))
a, b = ints(), ints()
add(
    "add",
    Sample(lambda p, q: ember.add(p, q), (x, y), np.add, inplace="add_"),
    Sample(lambda p, q: p + q, (x, row), np.add),
    Sample(lambda p: p + 2.5, (x,), lambda p: p + 2.5),
    Sample(lambda p: 3 + p, (x,), lambda p: 3 + p),
    Sample(lambda p, q: p + q, (a, b), np.add, inplace="add_"),
    Sample(lambda p, q: p + q, (a, y), lambda p, q: p + q),
    Sample(lambda p: p + 1.5, (a,), lambda p: (p + 1.5).astype(np.float32)),
)
add(
    "sub",
    Sample(lambda p, q: p - q, (x, y), np.subtract, inplace="sub_"),
    Sample(lambda p: p - 1.5, (x,), lambda p: p - 1.5),
    Sample(lambda p, q: p - q, (a, b), np.subtract),
)
add(
    "add_alpha",
    Sample(lambda p, q: ember.add(p, q, alpha=2), (x, y), lambda p, q: p + 2 * q,
           inplace="add_", inplace_kwargs={"alpha": 2}),
    Sample(lambda p, q: p.add(q, alpha=-0.3), (x, row), lambda p, q: p - 0.3 * q),
    Sample(lambda p: p.add(1.5, alpha=2), (x,), lambda p: p + 3.0),
    Sample(lambda p, q: p.add(q, alpha=3), (a, b), lambda p, q: p + 3 * q, inplace="add_",
           inplace_kwargs={"alpha": 3}),
)
add(
    "sub_alpha",
    Sample(lambda p, q: ember.subtract(p, q, alpha=0.5), (x, y), lambda p, q: p - 0.5 * q,
           inplace="subtract_", inplace_kwargs={"alpha": 0.5}),
    Sample(lambda p, q: p.sub(q, alpha=2), (row, x), lambda p, q: p - 2 * q),
    Sample(lambda p, q: p.sub(q, alpha=-2), (a, b), lambda p, q: p + 2 * q),
)
add(
    "rsub",
    Sample(lambda p: 2.0 - p, (x,), lambda p: 2.0 - p),
    Sample(lambda p: 5 - p, (a,), lambda p: 5 - p),
)
add(
    "mul",
    Sample(lambda p, q: p * q, (x, y), np.multiply, inplace="mul_"),
    Sample(lambda p, q: ember.multiply(p, q), (x, row), np.multiply),
    Sample(lambda p: p * 3, (x,), lambda p: p * 3),
    Sample(lambda p: -0.5 * p, (x,), lambda p: -0.5 * p),
    Sample(lambda p: p * p, (x,), np.square),
    Sample(lambda p, q: p * q, (a, b), np.multiply, inplace="mul_"),
    Sample(lambda p, q: p * q, (bools(), bools()[::-1].copy()), np.logical_and),
)
divisor = away_from_zero(low=0.5, high=2.0)
add(
    "div",
    Sample(lambda p, q: p / q, (x, divisor), np.divide, inplace="div_"),
    Sample(lambda p, q: ember.divide(p, q), (x, divisor[0].copy()), np.divide),
    Sample(lambda p: p / 4, (x,), lambda p: p / 4),
    Sample(lambda p, q: ember.true_divide(p, q), (a, nonzero_ints()),
           lambda p, q: (p / q).astype(np.float32)),
)
# Quotients away from integers, by divisor tensors and by the numbers 0.7 and -0.7.
den_floor = away_from_zero(low=0.6, high=1.4)
num_floor = away_from_integers() * 0.7
check_away_from_integers(num_floor / den_floor)
dividend = 2.9
check_away_from_integers(dividend / den_floor)
add(
    "div_floor",
    Sample(lambda p, q: ember.div(p, q, rounding_mode="floor"), (num_floor, den_floor),
           lambda p, q: np.floor(p / q), inplace="div_",
           inplace_kwargs={"rounding_mode": "floor"}),
    Sample(lambda p: p.div(0.7, rounding_mode="floor"), (num_floor,),
           lambda p: np.floor(p / 0.7)),
    Sample(lambda p, q: ember.div(p, q, rounding_mode="floor"), (a, nonzero_ints()),
           np.floor_divide),
)
add(
    "div_trunc",
    Sample(lambda p, q: ember.div(p, q, rounding_mode="trunc"), (num_floor, den_floor),
           lambda p, q: np.trunc(p / q), inplace="div_",
           inplace_kwargs={"rounding_mode": "trunc"}),
    Sample(lambda p, q: ember.div(p, q, rounding_mode="trunc"), (a, nonzero_ints()),
           lambda p, q: np.trunc(p / q).astype(np.int64)),
)
add(
    "floor_divide",
    Sample(lambda p, q: p // q, (a, nonzero_ints()), np.floor_divide, inplace="floor_divide_"),
    Sample(lambda p, q: ember.floor_divide(p, q), (num_floor, den_floor), np.floor_divide),
    Sample(lambda p: p // 2, (a,), lambda p: p // 2),
    Sample(lambda p: 7 // p, (nonzero_ints(),), lambda p: 7 // p),
)
add(
    "remainder",
    Sample(lambda p, q: p % q, (num_floor, den_floor), np.remainder, inplace="remainder_"),
    Sample(lambda p, q: p % q, (a, nonzero_ints()), np.remainder),
    Sample(lambda p, q: p % q, (num_floor, np.array(den_floor[0, 0])), np.remainder,
           note="a 0-d tensor divisor is still the tensor overload"),
)
add(
    "remainder_scalar",
    Sample(lambda p: p % 0.7, (num_floor,), lambda p: np.remainder(p, 0.7),
           inplace="remainder_", inplace_args=(0.7,)),
    Sample(lambda p: ember.remainder(p, -0.7), (num_floor,), lambda p: np.remainder(p, -0.7)),
    Sample(lambda p: p % 3, (a,), lambda p: np.remainder(p, 3)),
    Sample(lambda p: p % 2.5, (a,), lambda p: np.remainder(p, 2.5).astype(np.float32)),
)
add(
    "fmod",
    Sample(lambda p, q: ember.fmod(p, q), (num_floor, den_floor), np.fmod, inplace="fmod_"),
    Sample(lambda p, q: ember.fmod(p, q), (a, nonzero_ints()), np.fmod),
)
add(
    "fmod_scalar",
    Sample(lambda p: p.fmod(0.7), (num_floor,), lambda p: np.fmod(p, 0.7),
           inplace="fmod_", inplace_args=(0.7,)),
    Sample(lambda p: ember.fmod(p, -0.7), (num_floor,), lambda p: np.fmod(p, -0.7)),
    Sample(lambda p: p.fmod(2.5), (a,), lambda p: np.fmod(p, 2.5).astype(np.float32)),
)

# ---------------------------------------------------------------------- powers
positive = uniform(0.3, 2.0)
exponent = uniform(-1.5, 2.0)
add(
    "pow",
    Sample(lambda p: p ** 2, (x,), np.square, inplace="pow_", inplace_args=(2,)),
    Sample(lambda p: p ** 3, (x,), lambda p: p ** 3),
    Sample(lambda p: p.pow(0.5), (positive,), np.sqrt),
    Sample(lambda p: ember.pow(p, -1.5), (positive,), lambda p: p ** -1.5),
    Sample(lambda p: p ** 0, (x,), np.ones_like),
    Sample(lambda p: p ** 1, (x,), lambda p: p.copy()),
    Sample(lambda p: p.square(), (x,), np.square, inplace="square_"),
    Sample(lambda p: p ** 2, (a,), np.square),
    Sample(lambda p: p ** 2.5, (ints(1, 4),), lambda p: (p ** 2.5).astype(np.float32),
           rtol=1e-6),
)
add(
    "pow_tensor",
    Sample(lambda p, q: p ** q, (positive, exponent), np.power, inplace="pow_"),
    Sample(lambda p, q: ember.pow(p, q), (positive, exponent[0].copy()), np.power),
    Sample(lambda p, q: p ** q, (ints(1, 5), ints(0, 3)), np.power),
)
add(
    "rpow",
    Sample(lambda p: 2 ** p, (x,), lambda p: 2.0 ** p),
    Sample(lambda p: 0.5 ** p, (x,), lambda p: 0.5 ** p),
    Sample(lambda p: ember.pow(3.0, p), (x,), lambda p: 3.0 ** p),
    Sample(lambda p: 2 ** p, (ints(0, 5),), lambda p: 2 ** p),
    Sample(lambda p: 1.5 ** p, (ints(-2, 5),), lambda p: (1.5 ** p).astype(np.float32),
           rtol=1e-6),
    Sample(lambda p: (-2.0) ** p, (np.array([1.0, 2.0, -1.0]),), lambda p: (-2.0) ** p,
           note="a negative base: finite at integers, but the gradient is nan (no log)"),
)

# ---------------------------------------------------------------------- unary functions
def unary_samples(name: str, values: np.ndarray, reference, *, function_name: str | None = None,
                  int_values: np.ndarray | None = None) -> None:
    """The function form, the method form (with its in-place twin) and, optionally, an
    integer input (which float functions compute in the default dtype, float32)."""
    call = function(function_name or name)
    add(name,
        Sample(call, (values,), reference),
        Sample(method(name), (values,), reference, inplace=f"{name}_"))
    if int_values is not None:
        add(name, Sample(call, (int_values,),
                         lambda p: reference(p.astype(np.float64)).astype(np.float32),
                         rtol=1e-6))


unary_samples("neg", x, np.negative)
add("neg",
    Sample(lambda p: -p, (x,), np.negative),
    Sample(lambda p: ember.negative(p), (a,), np.negative, inplace="negative_"))
signed = away_from_zero()
unary_samples("abs", signed, np.abs)
add("abs",
    Sample(lambda p: abs(p), (signed,), np.abs),
    Sample(lambda p: ember.absolute(p), (a,), np.abs))
unary_samples("sign", signed, np.sign)
add("sign",
    Sample(lambda p: p.sign(), (np.append(a.ravel(), 0),), np.sign),
    Sample(lambda p: p.sign(), (np.array([True, False, True]),), np.copy,
           note="bools are their own sign"))
unary_samples("exp", x, np.exp, int_values=ints(-3, 4))
add("exp", Sample(lambda p: p.exp(), (np.array(0.7),), np.exp))  # a 0-d tensor
unary_samples("expm1", x, np.expm1)
unary_samples("log", positive, np.log, int_values=ints(1, 9))
unary_samples("log1p", uniform(-0.7, 2.0), np.log1p)
unary_samples("log2", positive, np.log2)
unary_samples("log10", positive, np.log10)
unary_samples("sqrt", positive, np.sqrt, int_values=ints(0, 9))
unary_samples("rsqrt", positive, lambda p: 1 / np.sqrt(p))
unary_samples("reciprocal", signed, np.reciprocal)
add("reciprocal", Sample(lambda p: 2 / p, (signed,), lambda p: 2 / p))
unary_samples("sin", x, np.sin, int_values=ints())
unary_samples("cos", x, np.cos)
unary_samples("tan", uniform(-1.2, 1.2), np.tan)
unary_samples("tanh", x, np.tanh)
unary_samples("sigmoid", uniform(-4, 4), lambda p: 1 / (1 + np.exp(-p)))
add("sigmoid", Sample(lambda p: p.sigmoid(), (np.array([-800.0, -30.0, 30.0, 800.0]),),
                      lambda p: 1 / (1 + np.exp(-np.clip(p, -700, 700))),
                      note="extreme inputs neither overflow nor give nan"))
unary_samples("relu", signed, lambda p: np.maximum(p, 0))
add("relu", Sample(lambda p: ember.relu(p), (a,), lambda p: np.maximum(p, 0)))
inside_unit = uniform(-0.9, 0.9)
unary_samples("asin", inside_unit, np.arcsin, function_name="arcsin")
unary_samples("acos", inside_unit, np.arccos)
unary_samples("atan", x, np.arctan, function_name="arctan")
unary_samples("sinh", x, np.sinh)
unary_samples("cosh", x, np.cosh)
# (values derived from those above: drawing new ones would shift every later sample)
unary_samples("asinh", x, np.arcsinh, function_name="arcsinh",
              int_values=np.array([[-3, 0, 2], [1, -1, 4]], dtype=np.int64))
unary_samples("acosh", np.abs(x) + 1.2, np.arccosh, function_name="arccosh")
unary_samples("atanh", inside_unit, np.arctanh, function_name="arctanh")
unary_samples("erf", x, np.vectorize(math.erf, otypes=[np.float64]))

# ---------------------------------------------------------------------- rounding
fractional = away_from_integers()
unary_samples("floor", fractional, np.floor)
unary_samples("ceil", fractional, np.ceil)
unary_samples("trunc", fractional, np.trunc)
add("trunc", Sample(lambda p: ember.fix(p), (fractional,), np.trunc))
unary_samples("round", fractional, np.round)
add("round", Sample(lambda p: p.round(), (np.array([0.5, 1.5, 2.5, -0.5, -1.5, 3.2]),),
                    np.round, nondiff=(0,), note="halves round to even (a kink: no gradient)"))
unary_samples("frac", fractional, lambda p: p - np.trunc(p))
add("floor", Sample(lambda p: p.floor(), (a,), lambda p: np.floor(p).astype(p.dtype),
                   note="integers come back unchanged (NumPy 1 would round through float)"))
two_places = np.array([[0.1234, -1.4721, 2.3189], [-0.0561, 3.7777, -2.2222]])
add("round_decimals",
    Sample(lambda p: ember.round(p, decimals=2), (two_places,), lambda p: np.round(p, 2),
           inplace="round_", inplace_kwargs={"decimals": 2}),
    Sample(lambda p: p.round(decimals=-1), (two_places * 100,), lambda p: np.round(p, -1)))

# ---------------------------------------------------------------------- two-input functions
tie_x = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]])
tie_y = np.array([[0.5, 1.0, -2.0], [1.5, 0.75, -0.75]])
for _name, _np in (("maximum", np.maximum), ("minimum", np.minimum)):
    add(_name,
        Sample(function(_name), (x, y), _np),
        Sample(method(_name), (x, row), _np),
        Sample(function(_name), (tie_x, tie_y), _np,
               second_order=False, note="ties split the gradient in halves"),
        Sample(function(_name), (a, b), _np))
nan_x = np.array([[0.5, np.nan, 2.0], [np.nan, 0.25, -0.75]])
for _name, _np in (("fmax", np.fmax), ("fmin", np.fmin)):
    add(_name,
        Sample(function(_name), (x, y), _np),
        Sample(method(_name), (x, row), _np),
        Sample(function(_name), (a, b), _np))
    add(_name, Sample(function(_name), (nan_x, y), _np, nondiff=(0,),
                      note="a NaN loses: y's value and gradient there"))
add("atan2",
    Sample(lambda p, q: ember.atan2(p, q), (signed, away_from_zero()), np.arctan2,
           inplace="atan2_"),
    Sample(lambda p, q: ember.arctan2(p, q), (signed, row), np.arctan2))
add("logaddexp",
    Sample(lambda p, q: ember.logaddexp(p, q), (x, y), np.logaddexp),
    Sample(lambda p, q: p.logaddexp(q), (uniform(-30, 30), row), np.logaddexp))

condition = bools()
add("where",
    Sample(lambda c, p, q: ember.where(c, p, q), (condition, x, y), np.where),
    Sample(lambda c, p, q: p.where(c, q), (condition, x, y), np.where),
    Sample(lambda c, p: ember.where(c, p, 0.0), (condition, x), lambda c, p: np.where(c, p, 0.0)),
    Sample(lambda c, q: ember.where(c, -1.5, q), (condition, x),
           lambda c, q: np.where(c, -1.5, q)),
    Sample(lambda c, p, q: ember.where(c, p, q), (condition, row, y), np.where),
    Sample(lambda c, p, q: ember.where(c, p, q), (condition, a, b), np.where),
    Sample(lambda c: ember.where(c, 1, 0), (condition,), lambda c: np.where(c, 1, 0)),
    Sample(lambda c: ember.where(c, 1.5, 0), (condition,),
           lambda c: np.where(c, 1.5, 0).astype(np.float32), note="two numbers: a new tensor"))

weight = uniform(0.1, 0.9)
add("lerp",
    Sample(lambda p, q: ember.lerp(p, q, 0.3), (x, y), lambda p, q: p + 0.3 * (q - p)),
    Sample(lambda p, q: p.lerp(q, 0.8), (x, row), lambda p, q: p + 0.8 * (q - p)))
add("lerp_tensor",
    Sample(lambda p, q, w: ember.lerp(p, q, w), (x, y, weight),
           lambda p, q, w: p + w * (q - p)),
    Sample(lambda p, q, w: p.lerp(q, w), (x, row, weight[0].copy()),
           lambda p, q, w: p + w * (q - p)))

# clamp's bounds are kept at least 0.05 away from every input value.
bounded = np.array([[-1.2, -0.3, 0.15], [0.45, 0.9, -0.65]])
add("clamp",
    Sample(lambda p: p.clamp(-0.5, 0.5), (bounded,), lambda p: np.clip(p, -0.5, 0.5),
           inplace="clamp_", inplace_args=(-0.5, 0.5)),
    Sample(lambda p: ember.clamp(p, min=0.0), (bounded,), lambda p: np.maximum(p, 0.0)),
    Sample(lambda p: ember.clip(p, max=0.3), (bounded,), lambda p: np.minimum(p, 0.3),
           inplace="clip_", inplace_kwargs={"max": 0.3}),
    Sample(lambda p: p.clamp(-2, 3), (a,), lambda p: np.clip(p, -2, 3)),
    Sample(lambda p: p.clamp(-2.5, 1.5), (a,), lambda p: np.clip(p, -2.5, 1.5).astype(np.float32),
           note="float bounds make an integer tensor float"),
    Sample(lambda p: p.clamp(0, 1), (condition,), lambda p: p.astype(np.int64)),
)
add("clamp_min",
    Sample(lambda p: p.clamp_min(0.0), (bounded,), lambda p: np.maximum(p, 0.0),
           inplace="clamp_min_", inplace_args=(0.0,)),
    Sample(lambda p: ember.clamp_min(p, -0.5), (bounded,), lambda p: np.maximum(p, -0.5)),
    Sample(lambda p: p.clamp_min(2), (a,), lambda p: np.maximum(p, 2)),
    Sample(lambda p: p.clamp_min(0.5), (a,), lambda p: np.maximum(p, 0.5).astype(np.float32)))
add("clamp_max",
    Sample(lambda p: p.clamp_max(-0.1), (bounded,), lambda p: np.minimum(p, -0.1),
           inplace="clamp_max_", inplace_args=(-0.1,)),
    Sample(lambda p: ember.clamp_max(p, 0.3), (bounded,), lambda p: np.minimum(p, 0.3)),
    Sample(lambda p: p.clamp_max(1), (a,), lambda p: np.minimum(p, 1)))
low = bounded - np.array([[0.3, -0.4, 0.2], [-0.35, 0.25, 0.3]])
high = low + np.array([[1.0, 0.2, 0.6], [0.9, 0.8, 0.2]])
crossed_high = low - np.array([[0.4, 0.3, 0.2], [0.1, 0.5, 0.6]])
add("clamp_tensor",
    Sample(lambda p, lo, hi: p.clamp(lo, hi), (bounded, low, high),
           lambda p, lo, hi: np.minimum(np.maximum(p, lo), hi),
           inplace="clamp_"),
    Sample(lambda p, lo: ember.clamp(p, min=lo), (bounded, low), np.maximum),
    Sample(lambda p, hi: ember.clamp(p, max=hi), (bounded, high), np.minimum),
    Sample(lambda p, lo, hi: p.clamp(lo, hi), (bounded, low, crossed_high),
           lambda p, lo, hi: np.minimum(np.maximum(p, lo), hi),
           note="min > max: every element takes max, as in torch"),
    Sample(lambda p, lo, hi: p.clamp(lo, hi), (bounded, low[0].copy(), high[0].copy()),
           lambda p, lo, hi: np.minimum(np.maximum(p, lo), hi)),
)
add("clamp_min_tensor",
    Sample(lambda p, lo: p.clamp_min(lo), (bounded, low), np.maximum, inplace="clamp_min_"),
    Sample(lambda p, lo: ember.clamp_min(p, lo), (bounded, low[1].copy()), np.maximum),
    Sample(lambda p, lo: p.clamp_min(lo), (a, b), np.maximum))
add("clamp_max_tensor",
    Sample(lambda p, hi: p.clamp_max(hi), (bounded, high), np.minimum, inplace="clamp_max_"),
    Sample(lambda p, hi: ember.clamp_max(p, hi), (bounded, high[1].copy()), np.minimum),
    Sample(lambda p, hi: p.clamp_max(hi), (a, b), np.minimum))

# ---------------------------------------------------------------------- comparisons & logic
left = np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 2.0]])
right = np.array([[1.0, 0.0, 3.0], [2.0, -1.0, -2.0]])
add("comparison_in_place",
    Sample(lambda p, q: (p * 1).gt_(q), (x, y), lambda p, q: np.greater(p, q).astype(p.dtype)),
    Sample(lambda p: (p * 1).le_(0.5), (x,), lambda p: np.less_equal(p, 0.5).astype(p.dtype)),
    Sample(lambda p, q: p.detach().clone().ne_(q), (x, y),
           lambda p, q: np.not_equal(p, q).astype(p.dtype),
           note="only the other side requires grad"))
for _name, _operator, _np in (("eq", "__eq__", np.equal), ("ne", "__ne__", np.not_equal),
                              ("lt", "__lt__", np.less), ("le", "__le__", np.less_equal),
                              ("gt", "__gt__", np.greater),
                              ("ge", "__ge__", np.greater_equal)):
    add(_name,
        Sample(function(_name), (left, right), _np, inplace=f"{_name}_"),
        Sample(method(_operator), (left, right[0].copy()), _np),
        Sample(method(_operator, 2.0), (left,), with_number(_np, 2.0)),
        Sample(function(_name), (a, b), _np, inplace=f"{_name}_"),
        Sample(function(_name), (a, left), _np))

other_bools = np.array([[True, True, False], [False, True, False]])
for _name, _np in (("logical_and", np.logical_and), ("logical_or", np.logical_or),
                   ("logical_xor", np.logical_xor)):
    add(_name,
        Sample(function(_name), (condition, other_bools), _np, inplace=f"{_name}_"),
        Sample(method(_name), (left, right), _np))
add("logical_not",
    Sample(lambda p: ember.logical_not(p), (condition,), np.logical_not,
           inplace="logical_not_"),
    Sample(lambda p: p.logical_not(), (left,), np.logical_not))

special = np.array([1.0, np.nan, np.inf, -np.inf, -0.0, 3.5])
for _name, _np in (("isnan", np.isnan), ("isinf", np.isinf), ("isfinite", np.isfinite)):
    add(_name,
        Sample(function(_name), (special,), _np),
        Sample(method(_name), (a,), _np))

add("bitwise_not",
    Sample(lambda p: ~p, (condition,), np.invert),
    Sample(lambda p: ember.bitwise_not(p), (a,), np.invert, inplace="bitwise_not_"))
for _name, _operator, _np in (("bitwise_and", "__and__", np.bitwise_and),
                              ("bitwise_or", "__or__", np.bitwise_or),
                              ("bitwise_xor", "__xor__", np.bitwise_xor)):
    add(_name,
        Sample(method(_operator), (a, b), _np, inplace=f"{_name}_"),
        Sample(function(_name), (condition, other_bools), _np),
        Sample(method(_operator, 6), (a,), with_number(_np, 6)))
shift_counts = np.array([[0, 1, 2], [3, 70, -1]], dtype=np.int64)  # 70, -1: out of range
_signed = np.array([[1, -8, 5], [-3, 7, -1]], dtype=np.int64)
add("bitwise_left_shift",
    Sample(method("__lshift__"), (_signed, shift_counts),
           lambda p, q: np.where((q < 0) | (q >= 64), 0, p << np.clip(q, 0, 63)),
           inplace="bitwise_left_shift_"),
    Sample(function("bitwise_left_shift", 2), (_signed,), lambda p: p << 2))
add("bitwise_right_shift",
    Sample(method("__rshift__"), (_signed, shift_counts),
           lambda p, q: np.where((q < 0) | (q >= 64), p >> 63, p >> np.clip(q, 0, 63)),
           inplace="bitwise_right_shift_"),
    Sample(function("bitwise_right_shift", 1), (_signed,), lambda p: p >> 1))
