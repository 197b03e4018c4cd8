"""Samples for the special functions of src/ember/ops/pointwise_special.py (erfc, erfinv,
lgamma, digamma, polygamma, mvlgamma, i0, i1, entr, xlog1py, log_ndtr, ndtri, ldexp,
frexp, nextafter) and the integer/bool ones without gradients (gcd, lcm, isposinf,
isneginf, isreal, frexp's exponent).

Inputs stay inside each domain and away from poles (digamma and polygamma at 0, -1, ...).
The references are scipy-free: NumPy formulas where one exists, otherwise the op's own
kernel in ops/_special_math.py checked against math's functions element by element (the
forward values against torch are in tests/test_api_surface.py and the reference cases).
"""

from __future__ import annotations

import math

import numpy as np

import ember
from ember.ops import _special_math as sm
from tests.samples import Sample, rng

_R = rng(71)
SHAPE = (2, 3)
x = _R.uniform(-2.3, 3.1, SHAPE)
positive = _R.uniform(0.4, 4.0, SHAPE)
negative_between_poles = np.array([[-0.4, -1.3, -2.7], [0.6, 1.9, 3.3]])
probabilities = _R.uniform(0.1, 0.9, SHAPE)
near_one = np.array([[0.99, -0.995, 0.3], [0.999, -0.2, 0.97]])
mvl_input = _R.uniform(2.0, 5.0, SHAPE)
# non-negative: for a negative exponent torch's gradient is 0 (tests/reference pins that)
exponents = np.array([[1, 2, 0], [0, 3, 1]], dtype=np.int64)
ints_a = np.array([[4, -6, 0], [9, 15, 7]], dtype=np.int64)
ints_b = np.array([[6, 4, 5], [0, 10, 3]], dtype=np.int64)
with_inf = np.array([[np.inf, -np.inf, 0.0], [np.nan, 1.0, -2.0]])


def _math(fn):
    return lambda a: np.vectorize(fn, otypes=[np.float64])(a)


SAMPLES: dict[str, list[Sample]] = {
    "erfc": [
        Sample(lambda p: ember.erfc(p), (x,), _math(math.erfc), inplace="erfc_"),
        Sample(lambda p: p.erfc(), (_R.uniform(2.0, 6.0, SHAPE),), _math(math.erfc),
               rtol=1e-13, note="the tail, where 1 - erf has lost every digit"),
    ],
    "erfinv": [
        Sample(lambda p: ember.erfinv(p), (probabilities * 2 - 1,), sm.erfinv,
               inplace="erfinv_"),
        Sample(lambda p: p.erfinv(), (near_one,), sm.erfinv),
    ],
    "lgamma": [
        Sample(lambda p: ember.lgamma(p), (positive,), _math(math.lgamma), inplace="lgamma_"),
        Sample(lambda p: p.lgamma(), (negative_between_poles,), _math(math.lgamma)),
        Sample(lambda p: ember.special.gammaln(p), (positive * 10,), _math(math.lgamma)),
    ],
    "digamma": [
        Sample(lambda p: ember.digamma(p), (positive,), sm.digamma, inplace="digamma_"),
        Sample(lambda p: ember.special.psi(p), (negative_between_poles,), sm.digamma),
    ],
    "polygamma": [
        Sample(lambda p: ember.polygamma(1, p), (positive,), sm.trigamma),
        Sample(lambda p: p.polygamma(2), (negative_between_poles,),
               lambda p: 2 * -sm.zeta(3.0, p)),
        Sample(lambda p: ember.special.polygamma(0, p), (positive,), sm.digamma,
               inplace="polygamma_", inplace_args=(0,)),
    ],
    "mvlgamma": [
        Sample(lambda p: ember.mvlgamma(p, 3), (mvl_input,),
               lambda p: sum(_math(math.lgamma)(p - i / 2) for i in range(3))
               + 1.5 * math.log(math.pi), inplace="mvlgamma_", inplace_args=(3,)),
        Sample(lambda p: ember.special.multigammaln(p, 1), (mvl_input,), _math(math.lgamma)),
    ],
    "i0": [
        Sample(lambda p: ember.i0(p), (x * 3,), np.i0, inplace="i0_"),
    ],
    "special_i1": [
        Sample(lambda p: ember.special.i1(p), (x * 3,), sm.i1),
        Sample(lambda p: ember.special.i1(p), (np.array([0.0, 40.0, -35.0]),), sm.i1,
               note="0, and beyond the series' range"),
    ],
    "special_entr": [
        Sample(lambda p: ember.special.entr(p), (probabilities,), lambda p: -p * np.log(p)),
    ],
    "special_xlog1py": [
        Sample(lambda a, b: ember.special.xlog1py(a, b), (x, probabilities),
               lambda a, b: a * np.log1p(b)),
    ],
    "special_log_ndtr": [
        Sample(lambda p: ember.special.log_ndtr(p), (x * 4,),
               lambda p: np.log(_math(math.erfc)(-p / math.sqrt(2)) / 2)),
    ],
    "special_ndtri": [
        Sample(lambda p: ember.special.ndtri(p), (probabilities,), sm.ndtri),
    ],
    "ldexp": [
        Sample(lambda a, e: ember.ldexp(a, e), (x, exponents),
               lambda a, e: a * 2.0 ** e, nondiff=(1,), inplace="ldexp_"),
    ],
    "frexp": [
        Sample(lambda p: ember.frexp(p)[0], (x,), lambda p: np.frexp(p)[0]),
    ],
    "frexp_exponent": [
        Sample(lambda p: ember.frexp(p).exponent, (x,),
               lambda p: np.frexp(p)[1].astype(np.int32)),
    ],
    "nextafter": [
        Sample(lambda a, b: ember.nextafter(a, b), (x, x + 1), np.nextafter,
               inplace="nextafter_"),
    ],
    "gcd": [Sample(lambda a, b: ember.gcd(a, b), (ints_a, ints_b), np.gcd, inplace="gcd_")],
    "lcm": [Sample(lambda a, b: a.lcm(b), (ints_a, ints_b), np.lcm)],
    "isposinf": [Sample(lambda p: ember.isposinf(p), (with_inf,), np.isposinf)],
    "isneginf": [Sample(lambda p: p.isneginf(), (with_inf,), np.isneginf)],
    "isreal": [Sample(lambda p: ember.isreal(p), (with_inf,), lambda p: np.ones(p.shape, bool))],
}
