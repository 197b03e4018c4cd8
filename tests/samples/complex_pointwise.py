"""Samples of the elementwise arithmetic and math ops on complex values (complex128 inputs,
differentiable like float64): the op-table tests check each forward against NumPy and its
gradient and second derivative by finite differences of the (real, imaginary) pairs."""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng


def _complex_array(*shape: int, seed: int = 0, scale: float = 1.0) -> np.ndarray:
    generator = rng(seed)
    return scale * (generator.standard_normal(shape) + 1j * generator.standard_normal(shape))


_Z = _complex_array(2, 3)
_W = _complex_array(2, 3, seed=1)
_X = rng(2).standard_normal((2, 3))  # (real, beside complex values)
_SMALL = _complex_array(2, 3, seed=3, scale=0.5)  # (away from tan's and tanh's poles)
_AWAY = _Z + np.where(np.abs(_Z) < 0.3, 1.0, 0.0)  # (away from 0, for abs, sgn, angle)


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _unary(name: str, reference, data=_Z, method: bool = True) -> list:
    """A function sample, and a method sample with its in-place form."""
    samples = [Sample(lambda z: getattr(ember, name)(z), (data,), reference)]
    if method:
        samples.append(Sample(lambda z: getattr(z * 1, name)(), (data,), reference,
                              inplace=f"{name}_"))
    return samples


SAMPLES = {
    "mul": [
        Sample(lambda a, b: a * b, (_Z, _W), lambda a, b: a * b, inplace="mul_"),
        Sample(lambda a: a * (1 - 2j), (_Z,), lambda a: a * (1 - 2j)),
        Sample(lambda x: x * 1j, (_X,), lambda x: x * 1j),
        Sample(lambda x, b: x * b, (_X, _W), lambda x, b: x * b),
    ],
    "div": [
        Sample(lambda a, b: a / b, (_Z, _W), lambda a, b: a / b, inplace="div_"),
        Sample(lambda a: a / (2 + 1j), (_Z,), lambda a: a / (2 + 1j)),
        Sample(lambda x: x / 2j, (_X,), lambda x: x / 2j),
        Sample(lambda x, b: x / b, (_X, _W), lambda x, b: x / b),
    ],
    "add_alpha": [
        Sample(lambda a, b: ember.add(a, b, alpha=1 - 1j), (_Z, _W),
               lambda a, b: a + (1 - 1j) * b),
        Sample(lambda a, b: ember.add(a, b, alpha=2), (_Z, _W), lambda a, b: a + 2 * b,
               inplace="add_", inplace_kwargs={"alpha": 2}),
    ],
    "sub_alpha": [
        Sample(lambda a, b: ember.sub(a, b, alpha=0.5j), (_Z, _W),
               lambda a, b: a - 0.5j * b),
    ],
    "rsub": [
        Sample(lambda a: (1 + 2j) - a, (_Z,), lambda a: (1 + 2j) - a),
        Sample(lambda x: 2j - x, (_X,), lambda x: 2j - x),
    ],
    "pow": [
        Sample(lambda a: a ** 3, (_Z,), lambda a: a ** 3),
        Sample(lambda a: a ** (0.5 + 1j), (_AWAY,), lambda a: a ** (0.5 + 1j)),
        Sample(lambda a: ember.square(a), (_Z,), lambda a: a * a),
    ],
    "pow_tensor": [
        Sample(lambda a, b: a ** b, (_AWAY, _W), lambda a, b: a ** b),
    ],
    "rpow": [
        Sample(lambda a: 2 ** a, (_Z,), lambda a: 2 ** a),
        Sample(lambda a: (1 + 1j) ** a, (_Z,), lambda a: (1 + 1j) ** a),
    ],
    "reciprocal": _unary("reciprocal", lambda z: 1 / z, _AWAY),
    "exp": _unary("exp", np.exp),
    "expm1": _unary("expm1", np.expm1),
    "log": _unary("log", np.log, _AWAY),
    "log1p": _unary("log1p", np.log1p, _AWAY),
    "sqrt": _unary("sqrt", np.sqrt, _AWAY),
    "rsqrt": _unary("rsqrt", lambda z: 1 / np.sqrt(z), _AWAY),
    "sin": _unary("sin", np.sin),
    "cos": _unary("cos", np.cos),
    "tan": _unary("tan", np.tan, _SMALL),
    "sinh": _unary("sinh", np.sinh),
    "cosh": _unary("cosh", np.cosh),
    "tanh": _unary("tanh", np.tanh, _SMALL),
    "sigmoid": _unary("sigmoid", _sigmoid, _SMALL),
    "abs": _unary("abs", np.abs, _AWAY, method=False),
    "sgn": _unary("sgn", lambda z: z / np.abs(z), _AWAY),
    "angle": _unary("angle", np.angle, _AWAY, method=False),
    "log2": _unary("log2", np.log2, _AWAY),
    "log10": _unary("log10", np.log10, _AWAY),
    "exp2": _unary("exp2", np.exp2),
    "asin": _unary("asin", np.arcsin, _SMALL),
    "acos": _unary("acos", np.arccos, _SMALL),
    "atan": _unary("atan", np.arctan, _SMALL),
    "asinh": _unary("asinh", np.arcsinh, _SMALL, method=False),
    "acosh": _unary("acosh", np.arccosh, _AWAY, method=False),
    "atanh": _unary("atanh", np.arctanh, _SMALL, method=False),
}
