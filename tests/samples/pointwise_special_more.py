"""Samples for src/ember/ops/pointwise_special_more.py: the Bessel and Airy functions,
i0e, i1e, erfcx, igamma/igammac, zeta and the orthogonal polynomials.

References are computed another way than the kernels where NumPy allows it cheaply:
J0/J1 by the periodic trapezoidal rule of Bessel's integral, I0 by np.i0, the Airy
function and K by their integrals on a fine grid, the polynomials by their explicit
sums or trigonometric forms, P(a, x) for integer a by its finite sum. The differentiable
ones (i0e, i1e, erfcx; igamma, igammac and zeta in their second argument) get gradient
checks from these samples; the others must give results that do not require grad.
"""

from __future__ import annotations

import math

import numpy as np

import ember
from ember.ops import _special_math as sm
from tests.samples import Sample, rng

_R = rng(101)
SHAPE = (2, 3)
x = _R.uniform(-6.0, 6.0, SHAPE)
positive = _R.uniform(0.3, 8.0, SHAPE)
wide = np.array([[0.5, 3.0, 7.5], [12.0, 30.0, 40.0]])
unit = _R.uniform(-0.95, 0.95, SHAPE)
degrees = np.array([[0, 1, 2], [3, 5, 9]], dtype=np.int64)
shape_a = np.array([[1.0, 2.0, 3.0], [4.0, 1.0, 2.0]])
q_values = _R.uniform(0.5, 3.0, SHAPE)
_THETA = np.linspace(0.0, 2.0 * np.pi, 256, endpoint=False)


def _bessel_j(order: int):
    """J_n(x) = mean over a period of cos(n t - x sin t) (exact to rounding for |x| < 100
    with 256 points)."""
    return lambda a: np.mean(np.cos(order * _THETA - a[..., None] * np.sin(_THETA)), axis=-1)


def _k_integral(order: float):
    """K_nu(x) = int_0^inf exp(-x cosh t) cosh(nu t) dt, trapezoids of 0.01 up to t = 15."""
    t = np.arange(0.0, 15.0, 0.01)
    weights = np.full(t.shape, 0.01)
    weights[0] = 0.005

    def k(a):
        return np.sum(np.exp(-a[..., None] * np.cosh(t)) * np.cosh(order * t) * weights, -1)
    return k


def _airy_positive(a):
    """Ai(x) = sqrt(x/3) K_1/3(2/3 x^1.5) / pi, for x > 0."""
    return np.sqrt(a / 3.0) / math.pi * _k_integral(1 / 3)(2.0 / 3.0 * a ** 1.5)


def _erfcx(a):
    return np.exp(a * a) * np.vectorize(math.erfc)(a)


def _igamma_integer(a, z):
    """P(n, x) = 1 - e^-x sum_(k<n) x^k / k! for integer n."""
    total = np.zeros_like(z)
    term = np.ones_like(z)
    for k in range(int(a.max())):
        total = total + np.where(k < a, term, 0.0)
        term = term * z / (k + 1)
    return 1.0 - np.exp(-z) * total


def _hurwitz(s, q):
    """sum_(k < 200000) (k + q)^-s plus the integral of the rest (s >= 2: error < 1e-15)."""
    k = np.arange(200000.0)
    n = 200000.0
    return np.array([np.sum((k + qq) ** -ss) + (n + qq) ** (1 - ss) / (ss - 1)
                     - 0.5 * (n + qq) ** -ss for ss, qq in zip(np.ravel(s), np.ravel(q))]
                    ).reshape(np.shape(q))


def _by_angle(kind):
    def values(a, n):
        theta = np.arccos(a)
        return {"t": np.cos(n * theta), "u": np.sin((n + 1) * theta) / np.sin(theta),
                "v": np.cos((n + 0.5) * theta) / np.cos(theta / 2),
                "w": np.sin((n + 0.5) * theta) / np.sin(theta / 2)}[kind]
    return values


def _hermite_h(a, n):
    """H_n(x) = n! sum_m (-1)^m (2x)^(n-2m) / (m! (n-2m)!)."""
    out = np.zeros(np.broadcast(a, n).shape)
    for index in np.ndindex(out.shape):
        xx, nn = np.broadcast_to(a, out.shape)[index], int(np.broadcast_to(n, out.shape)[index])
        out[index] = sum((-1) ** m * math.factorial(nn) * (2 * xx) ** (nn - 2 * m)
                         / (math.factorial(m) * math.factorial(nn - 2 * m))
                         for m in range(nn // 2 + 1))
    return out


def _laguerre(a, n):
    """L_n(x) = sum_k C(n, k) (-x)^k / k!."""
    out = np.zeros(np.broadcast(a, n).shape)
    for index in np.ndindex(out.shape):
        xx, nn = np.broadcast_to(a, out.shape)[index], int(np.broadcast_to(n, out.shape)[index])
        out[index] = sum(math.comb(nn, k) * (-xx) ** k / math.factorial(k)
                         for k in range(nn + 1))
    return out


def _legendre(a, n):
    out = np.zeros(np.broadcast(a, n).shape)
    for index in np.ndindex(out.shape):
        xx, nn = np.broadcast_to(a, out.shape)[index], int(np.broadcast_to(n, out.shape)[index])
        coefficients = np.zeros(nn + 1)
        coefficients[nn] = 1.0
        out[index] = np.polynomial.legendre.legval(xx, coefficients)
    return out


def _special(name):
    return getattr(ember.special, name)


_ND = (0,)  # the non-differentiable ops' inputs: no gradient is expected
SAMPLES: dict[str, list[Sample]] = {
    "special_bessel_j0": [Sample(lambda p: ember.special.bessel_j0(p), (x * 3,),
                                 _bessel_j(0), nondiff=_ND, atol=1e-13)],
    "special_bessel_j1": [Sample(lambda p: ember.special.bessel_j1(p), (x * 3,),
                                 _bessel_j(1), nondiff=_ND, atol=1e-13)],
    "special_bessel_y0": [Sample(lambda p: ember.special.bessel_y0(p), (positive,),
                                 lambda a: _bessel_y(0, a), nondiff=_ND)],
    "special_bessel_y1": [Sample(lambda p: ember.special.bessel_y1(p), (positive,),
                                 lambda a: _bessel_y(1, a), nondiff=_ND)],
    "special_modified_bessel_i0": [Sample(lambda p: ember.special.modified_bessel_i0(p),
                                          (x,), np.i0, nondiff=_ND)],
    "special_modified_bessel_i1": [Sample(lambda p: ember.special.modified_bessel_i1(p),
                                          (x,), sm.i1, nondiff=_ND)],
    "special_modified_bessel_k0": [Sample(lambda p: ember.special.modified_bessel_k0(p),
                                          (positive,), _k_integral(0), nondiff=_ND)],
    "special_modified_bessel_k1": [Sample(lambda p: ember.special.modified_bessel_k1(p),
                                          (positive,), _k_integral(1), nondiff=_ND)],
    "special_scaled_modified_bessel_k0": [
        Sample(lambda p: ember.special.scaled_modified_bessel_k0(p), (positive,),
               lambda a: _k_integral(0)(a) * np.exp(a), nondiff=_ND)],
    "special_scaled_modified_bessel_k1": [
        Sample(lambda p: ember.special.scaled_modified_bessel_k1(p), (positive,),
               lambda a: _k_integral(1)(a) * np.exp(a), nondiff=_ND)],
    "special_spherical_bessel_j0": [Sample(lambda p: ember.special.spherical_bessel_j0(p),
                                           (x,), lambda a: np.sin(a) / a, nondiff=_ND)],
    "special_airy_ai": [Sample(lambda p: ember.special.airy_ai(p), (positive,),
                               _airy_positive, nondiff=_ND)],
    "special_i0e": [
        Sample(lambda p: ember.special.i0e(p), (x,), lambda a: np.i0(a) * np.exp(-np.abs(a))),
        Sample(lambda p: ember.special.i0e(p), (wide,),
               lambda a: np.i0(a) * np.exp(-np.abs(a)), note="beyond the series' range"),
    ],
    "special_i1e": [
        Sample(lambda p: ember.special.i1e(p), (x,), lambda a: sm.i1(a) * np.exp(-np.abs(a))),
        Sample(lambda p: ember.special.i1e(p), (np.array([0.0, -0.7, 35.0]),),
               lambda a: sm.i1(a) * np.exp(-np.abs(a)), note="the slope 1/2 at 0"),
    ],
    "special_erfcx": [Sample(lambda p: ember.special.erfcx(p), (x / 2,), _erfcx)],
    "igamma": [
        Sample(lambda a, z: ember.igamma(a, z), (shape_a, positive), _igamma_integer,
               nondiff=(0,), inplace="igamma_"),
        Sample(lambda a, z: ember.special.gammainc(a, z), (shape_a, positive[0]),
               _igamma_integer, nondiff=(0,)),
    ],
    "igammac": [
        Sample(lambda a, z: a.igammac(z), (shape_a, positive),
               lambda a, z: 1.0 - _igamma_integer(a, z), nondiff=(0,), inplace="igammac_"),
        Sample(lambda a, z: ember.special.gammaincc(a, z), (shape_a, positive),
               lambda a, z: 1.0 - _igamma_integer(a, z), nondiff=(0,)),
    ],
    "special_zeta": [Sample(lambda s, q: ember.special.zeta(s, q), (shape_a + 1.0, q_values),
                            _hurwitz, nondiff=(0,), atol=1e-10)],
    "special_zeta_scalar_self": [Sample(lambda q: ember.special.zeta(3.0, q), (q_values,),
                                        lambda q: _hurwitz(np.full(q.shape, 3.0), q),
                                        atol=1e-10)],
    "special_zeta_scalar_other": [Sample(lambda s: ember.special.zeta(s, 2.0),
                                         (shape_a + 1.0,),
                                         lambda s: _hurwitz(s, np.full(s.shape, 2.0)),
                                         nondiff=(0,), atol=1e-10)],
}
for _kind in "tuvw":
    SAMPLES[f"special_chebyshev_polynomial_{_kind}"] = [
        Sample(lambda a, n, k=_kind: _special(f"chebyshev_polynomial_{k}")(a, n),
               (unit, degrees), _by_angle(_kind), nondiff=(0,))]
    SAMPLES[f"special_shifted_chebyshev_polynomial_{_kind}"] = [
        Sample(lambda a, n, k=_kind: _special(f"shifted_chebyshev_polynomial_{k}")(a, n),
               ((unit + 1) / 2, degrees), lambda a, n, k=_kind: _by_angle(k)(2 * a - 1, n),
               nondiff=(0,))]
SAMPLES["special_hermite_polynomial_h"] = [
    Sample(lambda a, n: ember.special.hermite_polynomial_h(a, n), (x / 3, degrees), _hermite_h,
           nondiff=(0,))]
SAMPLES["special_hermite_polynomial_he"] = [
    Sample(lambda a, n: ember.special.hermite_polynomial_he(a, n), (x / 3, degrees),
           lambda a, n: _hermite_h(a / math.sqrt(2), n) * 2.0 ** (-n / 2), nondiff=(0,))]
SAMPLES["special_laguerre_polynomial_l"] = [
    Sample(lambda a, n: ember.special.laguerre_polynomial_l(a, n), (positive, degrees),
           _laguerre, nondiff=(0,))]
SAMPLES["special_legendre_polynomial_p"] = [
    Sample(lambda a, n: ember.special.legendre_polynomial_p(a, n), (unit, degrees), _legendre,
           nondiff=(0,))]


def _bessel_y(order: int, a):
    """Y_n(x) = (1/pi) int_0^pi sin(x sin t - n t) dt
    - (1/pi) int_0^inf (e^(nt) + (-1)^n e^(-nt)) e^(-x sinh t) dt, both by Simpson's rule on
    fine grids (accurate to about 1e-9 for these x)."""
    t1 = np.linspace(0.0, math.pi, 4001)
    first = _simpson(np.sin(a[..., None] * np.sin(t1) - order * t1), t1)
    t2 = np.linspace(0.0, 20.0, 40001)
    second = _simpson((np.exp(order * t2) + (-1) ** order * np.exp(-order * t2))
                      * np.exp(-a[..., None] * np.sinh(t2)), t2)
    return (first - second) / math.pi


def _simpson(values, t):
    h = t[1] - t[0]
    return h / 3 * (values[..., 0] + values[..., -1] + 4 * values[..., 1:-1:2].sum(-1)
                    + 2 * values[..., 2:-1:2].sum(-1))
