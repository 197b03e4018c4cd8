"""Samples for the later elementwise ops (src/ember/ops/pointwise*.py): exp2, sinc, logit,
nan_to_num, addcmul, addcdiv, hypot and xlogy.

Inputs stay inside each function's domain and away from its kinks (logit's eps bounds),
except where the sample is about the special point (sinc at 0, xlogy at x = 0, NaN and
infinities in nan_to_num), where the first derivative is still smooth.
"""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng

_R = rng(53)
SHAPE = (2, 3)


def uniform(low: float, high: float, shape: tuple = SHAPE) -> np.ndarray:
    return _R.uniform(low, high, shape)


def away_from_zero(shape: tuple = SHAPE) -> np.ndarray:
    magnitude = _R.uniform(0.3, 1.5, shape)
    return magnitude * np.where(np.arange(magnitude.size).reshape(shape) % 2 == 0, 1.0, -1.0)


def logit_reference(x: np.ndarray, eps: float | None = None) -> np.ndarray:
    if eps is not None:
        x = np.clip(x, eps, 1 - eps)
    return np.log(x) - np.log1p(-x)


def xlogy_reference(x, y) -> np.ndarray:
    return np.where(x == 0, 0.0, x * np.log(y))


x = uniform(-1.5, 1.5)
y = uniform(-1.5, 1.5)
z = away_from_zero()
positive = uniform(0.3, 2.0)
probabilities = uniform(0.1, 0.9)
# eps = 0.2 clamps 0.05, 0.1 and 0.93 (far from the bounds 0.2 and 0.8).
clamped_probabilities = np.array([[0.05, 0.3, 0.55], [0.1, 0.7, 0.93]])
sinc_at_zero = np.array([0.0, 0.4, -1.3])
ints23 = np.array([[1, -2, 3], [0, 4, -1]], dtype=np.int64)
non_finite = np.array([[np.nan, 1.5, np.inf], [-0.5, -np.inf, 2.0]])
zeros_in_x = np.array([[0.0, 1.2, -0.7], [0.0, 0.0, 2.0]])
row = uniform(-1.0, 1.0, (3,))
column = uniform(0.5, 1.5, (2, 1))

SAMPLES: dict[str, list[Sample]] = {
    "exp2": [
        Sample(lambda p: p.exp2(), (x,), np.exp2, inplace="exp2_"),
        Sample(lambda p: ember.exp2(p), (ints23,), lambda p: np.exp2(p).astype(np.float32),
               note="integers compute in the default float dtype"),
    ],
    "sinc": [
        Sample(lambda p: ember.sinc(p), (z,), np.sinc, inplace="sinc_"),
        Sample(lambda p: p.sinc(), (sinc_at_zero,), np.sinc, second_order=False,
               note="sinc(0) = 1 with slope 0; torch's second derivative there is nan"),
    ],
    "logit": [
        Sample(lambda p: ember.logit(p), (probabilities,), logit_reference, inplace="logit_"),
        Sample(lambda p: p.logit(eps=0.2), (clamped_probabilities,),
               lambda p: logit_reference(p, 0.2), inplace="logit_", inplace_args=(0.2,)),
    ],
    "nan_to_num": [
        Sample(lambda p: ember.nan_to_num(p), (x,), np.nan_to_num, inplace="nan_to_num_"),
        Sample(lambda p: p.nan_to_num(nan=0.5, posinf=3.0, neginf=-4.0), (non_finite,),
               lambda p: np.nan_to_num(p, nan=0.5, posinf=3.0, neginf=-4.0),
               inplace="nan_to_num_", inplace_kwargs={"nan": 0.5, "posinf": 3.0,
                                                      "neginf": -4.0},
               note="no gradient reaches the replaced elements"),
        Sample(lambda p: ember.nan_to_num(p), (ints23,), lambda p: p),
    ],
    "addcmul": [
        Sample(lambda a, b, c: ember.addcmul(a, b, c, value=0.5), (x, y, z),
               lambda a, b, c: a + 0.5 * b * c, inplace="addcmul_",
               inplace_kwargs={"value": 0.5}),
        Sample(lambda a, b, c: a.addcmul(b, c), (row, y, column),
               lambda a, b, c: a + b * c, note="three shapes broadcast together"),
        Sample(lambda a, b, c: ember.addcmul(a, b, c, value=2), (ints23, ints23, ints23),
               lambda a, b, c: a + 2 * b * c),
    ],
    "addcdiv": [
        Sample(lambda a, b, c: ember.addcdiv(a, b, c, value=-1.5), (x, y, z),
               lambda a, b, c: a - 1.5 * b / c, inplace="addcdiv_",
               inplace_kwargs={"value": -1.5}),
        Sample(lambda a, b, c: a.addcdiv(b, c), (row, y, column),
               lambda a, b, c: a + b / c),
    ],
    "hypot": [
        Sample(lambda a, b: ember.hypot(a, b), (z, y), np.hypot, inplace="hypot_"),
    ],
    "xlogy": [
        Sample(lambda a, b: ember.xlogy(a, b), (x, positive), xlogy_reference,
               inplace="xlogy_"),
        Sample(lambda a, b: a.xlogy(b), (zeros_in_x, positive), xlogy_reference,
               note="x = 0 gives 0 and slope log(y)"),
        Sample(lambda a, b: ember.xlogy(a, b), (ints23, np.abs(ints23) + 1),
               lambda a, b: xlogy_reference(a, b).astype(np.float32)),
    ],
    "xlogy_scalar_self": [
        Sample(lambda b: ember.xlogy(2.5, b), (positive,), lambda b: 2.5 * np.log(b)),
    ],
    "xlogy_scalar_other": [
        Sample(lambda a: ember.xlogy(a, 3.0), (x,), lambda a: a * np.log(3.0),
               inplace="xlogy_", inplace_args=(3.0,)),
    ],
    "copysign": [
        Sample(lambda a, b: ember.copysign(a, b), (z, y), np.copysign, inplace="copysign_"),
        Sample(lambda a, b: a.copysign(b), (z, row), np.copysign),
    ],
    "copysign_scalar": [
        Sample(lambda a: ember.copysign(a, -1.0), (z,), lambda a: np.copysign(a, -1.0),
               inplace="copysign_", inplace_args=(-1.0,)),
        Sample(lambda a: a.copysign(2), (ints23,),
               lambda a: np.abs(a).astype(np.float32), note="integers give the default float"),
    ],
    "logaddexp2": [
        Sample(lambda a, b: ember.logaddexp2(a, b), (x, y), np.logaddexp2),
        Sample(lambda a, b: a.logaddexp2(b), (x, row), np.logaddexp2),
    ],
    "heaviside": [
        Sample(lambda a, b: ember.heaviside(a, b), (np.array([-1.5, 0.0, 2.0]), np.array(0.5)),
               lambda a, b: np.heaviside(a, b), inplace="heaviside_"),
        Sample(lambda a, b: a.heaviside(b), (ints23, np.array(7)),
               lambda a, b: np.heaviside(a, b).astype(np.int64)),
    ],
    "sgn": [
        Sample(lambda p: ember.sgn(p), (z,), np.sign, inplace="sgn_"),
        Sample(lambda p: p.sgn(), (ints23,), np.sign),
    ],
    # (away from 0, the one point where the gradient's finite difference is not 0)
    "angle": [
        Sample(lambda p: ember.angle(p), (z,), lambda p: np.where(p < 0, np.pi, 0.0)),
        Sample(lambda p: p.angle(), (ints23,),
               lambda p: np.where(p < 0, np.pi, 0.0).astype(np.float32)),
        Sample(lambda p: p.angle(), (np.array([-0.0, np.nan, -np.inf, np.inf]),),
               lambda p: np.array([0.0, np.nan, np.pi, 0.0]), nondiff=(0,),
               note="-0.0, nan and infinities (no finite difference there)"),
    ],
    "signbit": [
        Sample(lambda p: ember.signbit(p), (np.array([-0.0, 0.0, -2.0, 3.0]),), np.signbit),
        Sample(lambda p: p.signbit(), (ints23,), np.signbit),
    ],
    "deg2rad": [
        Sample(lambda p: ember.deg2rad(p), (x,), np.deg2rad, inplace="deg2rad_"),
        Sample(lambda p: p.deg2rad(), (ints23,), lambda p: np.deg2rad(p).astype(np.float32)),
    ],
    "rad2deg": [
        Sample(lambda p: ember.rad2deg(p), (x,), np.rad2deg, inplace="rad2deg_"),
        Sample(lambda p: p.rad2deg(), (ints23,), lambda p: np.rad2deg(p).astype(np.float32),
               rtol=1e-6),
    ],
}
