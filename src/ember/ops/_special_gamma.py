"""The scaled complementary error function erfcx and the regularised incomplete gamma
functions P(a, x) (gammainc) and Q(a, x) (gammaincc), vectorised over whole arrays.

- erfcx(x) = exp(x^2) erfc(x): 1 / (sqrt(pi) F(x)) from erfc's continued fraction F for
  x >= 1 (no overflow, no exp); below, erfc(x) times exp(x^2), the square split so that
  it is exact (inf once exp(x^2) overflows, near x = -26.6).
- P and Q (Numerical Recipes' gser/gcf): the series
  P = x^a e^-x / Gamma(a + 1) * sum x^n / ((a+1)...(a+n)) where x < a + 1, Lentz's
  continued fraction for Q elsewhere, the other one as 1 minus it. The factor
  x^a e^-x / Gamma(a) is taken as exp(a (log1p(d) - d) + (log a - log 2 pi) / 2 - S(a))
  with d = (x - a) / a and S Stirling's series for large a, which keeps its digits where
  x is near a (the plain logarithms cancel there).

Each takes float arrays and returns float64 (callers round to their dtype). The loops run
over the elements not yet converged only.
"""

from __future__ import annotations

import math

import numpy as np

from . import _special_math as sm

__all__ = ["erfcx", "igamma", "igammac"]

_SQRT_PI = math.sqrt(math.pi)


# ---------------------------------------------------------------------- erfcx
def _erfcx_positive(x: np.ndarray) -> np.ndarray:
    """erfcx for x >= 0."""
    right = x >= 1.0
    fraction = sm._fraction(np.where(right, np.minimum(x, 1e150), 1.0))
    tail = np.where(x > 1e150, 1.0 / (_SQRT_PI * x), 1.0 / (_SQRT_PI * fraction))
    near = np.where(right, 0.0, x)
    head = near.astype(np.float32).astype(np.float64)  # head * head is exact
    grown = np.exp(head * head) * np.exp((near - head) * (near + head))
    return np.where(right, tail, sm.erfc(near) * grown)


def erfcx(x, dtype=np.float64) -> np.ndarray:
    """Left of 0, 2 exp(x^2) - erfcx(-x) with x^2 rounded in the input's dtype, as torch's
    kernel rounds it (the result's error grows with x^2 there, as torch's does)."""
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(all="ignore"):
        square = (x.astype(dtype) * x.astype(dtype)).astype(np.float64)
        left = 2.0 * np.exp(np.where(x < 0, square, 0.0)) - _erfcx_positive(np.abs(x))
        result = np.where(x < 0, left, _erfcx_positive(np.abs(x)))
        result = np.where(x < -26.7, np.inf, result)
    return np.where(np.isnan(x), np.nan, result)


# ---------------------------------------------------------------------- P(a, x), Q(a, x)
_STIRLING = (1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156)
_HALF_LOG_TWO_PI = 0.5 * math.log(2.0 * math.pi)
_MOST_TERMS = 100000
_TINY = 1e-300
_LOG_SMALLEST_NORMAL = math.log(np.finfo(np.float64).tiny)


def _log1p_minus(d: np.ndarray) -> np.ndarray:
    """log(1 + d) - d, without the cancellation near 0 (its series for |d| < 0.25)."""
    series = np.zeros_like(d)
    power = d * d
    for k in range(2, 40):
        series = series + (-1.0) ** (k + 1) * power / k
        power = power * d
    with np.errstate(all="ignore"):
        plain = np.log1p(d) - d
    return np.where(np.abs(d) < 0.25, series, plain)


def _log_factor(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """log(x^a e^-x / Gamma(a))."""
    with np.errstate(all="ignore"):
        plain = a * np.log(x) - x - sm.lgamma(a)
        big = np.where(a >= 10.0, a, 10.0)
        inv2 = 1.0 / (big * big)
        series = np.zeros_like(big)
        for c in reversed(_STIRLING):
            series = series * inv2 + c
        d = (x - big) / big
        careful = (big * _log1p_minus(d) + 0.5 * np.log(big) - _HALF_LOG_TWO_PI
                   - series / big)
    return np.where(a >= 10.0, careful, plain)


def _series(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """sum_n x^n / ((a+1)...(a+n)), to convergence."""
    total = np.ones_like(a)
    term = np.ones_like(a)
    active = np.arange(a.size)
    ap = a.copy()
    for _ in range(_MOST_TERMS):
        ap[active] += 1.0
        term[active] *= x[active] / ap[active]
        total[active] += term[active]
        active = active[np.abs(term[active]) > np.abs(total[active]) * 1e-17]
        if not active.size:
            break
    return total


def _fraction(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """1 / (x + 1 - a - 1 (1 - a) / (x + 3 - a - 2 (2 - a) / (x + 5 - a - ...))) by Lentz's
    method: Q(a, x) / (x^a e^-x / Gamma(a))."""
    b = x + 1.0 - a
    c = np.full_like(a, 1.0 / _TINY)
    d = 1.0 / np.where(b == 0, _TINY, b)
    h = d.copy()
    active = np.arange(a.size)
    for i in range(1, _MOST_TERMS):
        an = -i * (i - a[active])
        b[active] += 2.0
        dd = an * d[active] + b[active]
        dd = np.where(np.abs(dd) < _TINY, _TINY, dd)
        cc = b[active] + an / c[active]
        cc = np.where(np.abs(cc) < _TINY, _TINY, cc)
        dd = 1.0 / dd
        step = dd * cc
        d[active], c[active] = dd, cc
        h[active] *= step
        active = active[np.abs(step - 1.0) > 1e-17]
        if not active.size:
            break
    return h


def _both(a, x) -> tuple[np.ndarray, np.ndarray]:
    """(P, Q) of finite a > 0, x > 0 (flat arrays)."""
    p = np.zeros_like(a)
    q = np.zeros_like(a)
    with np.errstate(all="ignore"):
        log_factor = _log_factor(a, x)
        # (torch's kernel gives 0 once the factor is below the normal doubles)
        factor = np.where(log_factor < _LOG_SMALLEST_NORMAL, 0.0, np.exp(log_factor))
        low = x < a + 1.0
        if low.any():
            value = factor[low] / a[low] * _series(a[low], x[low])
            p[low], q[low] = value, 1.0 - value
        high = ~low
        if high.any():
            value = factor[high] * _fraction(a[high], x[high])
            q[high], p[high] = value, 1.0 - value
    return p, q


def _incomplete(a, x, upper: bool) -> np.ndarray:
    a, x = np.broadcast_arrays(np.asarray(a, np.float64), np.asarray(x, np.float64))
    shape = a.shape
    a, x = a.ravel(), x.ravel()
    result = np.full(a.shape, np.nan)
    normal = (a > 0) & (x > 0) & np.isfinite(a) & np.isfinite(x)
    if normal.any():
        p, q = _both(a[normal], x[normal])
        result[normal] = q if upper else p
    below, above = (1.0, 0.0) if upper else (0.0, 1.0)  # (value at x = 0, at x = inf)
    result[(x == 0) & (a > 0)] = below
    result[(x == np.inf) & (a >= 0) & (a < np.inf)] = above
    result[(a == 0) & (x > 0)] = above
    result[(a == np.inf) & (x >= 0) & (x < np.inf)] = below
    return result.reshape(shape)


def igamma(a, x) -> np.ndarray:
    """P(a, x), nan for negative a or x (and a = x = 0)."""
    return _incomplete(a, x, upper=False)


def igammac(a, x) -> np.ndarray:
    """Q(a, x) = 1 - P(a, x)."""
    return _incomplete(a, x, upper=True)
