"""Special functions NumPy lacks, vectorised over whole arrays (no per-element Python):
erf/erfc, erfinv, lgamma, digamma, trigamma, the Hurwitz zeta, the modified Bessel
function I1, and the normal distribution's ndtri/log_ndtr.

Each takes a float array and returns a float64 array (callers round to their dtype). Loops
below run over series terms or recurrence steps, a fixed small number of times, each a
whole-array operation.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["erf", "erfc", "erfinv", "lgamma", "digamma", "trigamma", "zeta", "i1",
           "ndtri", "log_ndtr"]

_SQRT_PI = math.sqrt(math.pi)
_TWO_OVER_SQRT_PI = 2.0 / _SQRT_PI
_HALF_LOG_TWO_PI = 0.5 * math.log(2.0 * math.pi)
_EULER = 0.57721566490153286061


def _f64(x) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


# ---------------------------------------------------------------------- erf / erfc
def _exp_minus_square(x: np.ndarray) -> np.ndarray:
    """exp(-x^2) without the rounding of x^2 (which costs up to 1e-13 where x^2 is near
    700): x is split into a 24-bit head, whose square is exact, and the rest."""
    x = np.clip(x, -40.0, 40.0)  # exp(-1600) is 0 already
    head = x.astype(np.float32).astype(np.float64)
    return np.exp(-head * head) * np.exp(-(x - head) * (x + head))


def _erf_series(x: np.ndarray) -> np.ndarray:
    """erf(x) = 2/sqrt(pi) exp(-x^2) sum_n (2x^2)^n x / (1*3*...*(2n+1)): all terms
    positive, so no cancellation; used for |x| < 2.5 (about 60 terms)."""
    x2 = x * x
    term = x.copy()
    total = x.copy()
    for n in range(1, 80):
        term = term * (2.0 * x2) / (2 * n + 1)
        total = total + term
    return _TWO_OVER_SQRT_PI * _exp_minus_square(x) * total


def _fraction(x: np.ndarray) -> np.ndarray:
    """The continued fraction x + (1/2)/(x + 1/(x + (3/2)/(x + ...))), evaluated from the
    bottom up (stable); erfc(x) = exp(-x^2) / (sqrt(pi) * it), accurate for x >= 1."""
    x = np.minimum(x, 1e150)  # beyond, the fraction is x itself (and its square overflows)
    t = x.copy()
    for k in range(240, 0, -1):
        t = x + (0.5 * k) / t
    return t


def _erfc_fraction(x: np.ndarray) -> np.ndarray:
    return _exp_minus_square(x) / (_SQRT_PI * _fraction(x))


def _log_erfc_and_step(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """log erfc(y) and erfc(y) / |d erfc/dy| for y >= 0, without underflow far right
    (where erfc itself is below the smallest double)."""
    big = y >= 1.0
    t = _fraction(np.where(big, y, 1.0))
    near = np.where(big, 0.5, y)
    e = erfc(near)
    log_e = np.where(big, -y * y - np.log(_SQRT_PI * t), np.log(e))
    step = np.where(big, 0.5 / t, e / (_TWO_OVER_SQRT_PI * np.exp(-near * near)))
    return log_e, step


def erfc(x) -> np.ndarray:
    x = _f64(x)
    a = np.abs(x)
    with np.errstate(all="ignore"):
        small = a < 1.0  # there 1 - erf loses at most three bits
        inner = 1.0 - _erf_series(np.where(small, x, 0.0))
        tail = _erfc_fraction(np.where(small, 1.0, a))  # erfc(|x|)
        result = np.where(small, inner, np.where(x < 0, 2.0 - tail, tail))
    return np.where(np.isnan(x), np.nan, result)


def erf(x) -> np.ndarray:
    x = _f64(x)
    a = np.abs(x)
    with np.errstate(all="ignore"):
        inner = a < 2.5
        series = _erf_series(np.where(inner, x, 0.0))
        tail = 1.0 - _erfc_fraction(np.where(inner, 1.0, a))
        result = np.where(inner, series, np.copysign(tail, x))
    return np.where(np.isnan(x), np.nan, result)


# ---------------------------------------------------------------------- erfinv
def _erfinv_guess(w: np.ndarray) -> np.ndarray:
    """A single-precision guess of erfinv(y)/y from w = -log((1 - y)(1 + y)) (a
    polynomial in w near 0, in sqrt(w) in the tails)."""
    central = w < 5.0
    wc = w - 2.5
    p = np.full_like(w, 2.81022636e-08)
    for c in (3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087,
              -0.00125372503, -0.00417768164, 0.246640727, 1.50140941):
        p = c + p * wc
    wt = np.sqrt(w) - 3.0
    q = np.full_like(w, -0.000200214257)
    for c in (0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773,
              -0.0076224613, 0.00943887047, 1.00167406, 2.83297682):
        q = c + q * wt
    return np.where(central, p, q)


def erfcinv(t) -> np.ndarray:
    """The y >= 0 with erfc(y) = t, for 0 < t <= 1: Newton steps on log erfc, which keep
    the digits of a tiny t (down to the smallest doubles)."""
    t = _f64(t)
    with np.errstate(all="ignore"):
        w = -np.log(t * (2.0 - t))
        log_t = np.log(t)
        # the polynomial guess holds for w up to about 36 (single precision); beyond, the
        # leading terms of erfc's asymptotic series: y^2 = -log t - log(y sqrt(pi))
        far = -np.log(np.where(w > 30.0, t, 1e-20))
        asymptotic = np.sqrt(far - 0.5 * np.log(math.pi * far))
        y = np.where(w > 30.0, asymptotic, _erfinv_guess(w) * (1.0 - t))
        for _ in range(4):
            log_e, step = _log_erfc_and_step(np.maximum(y, 0.0))
            y = y + (log_e - log_t) * step
        return np.where(t == 0, np.inf, y)


def erfinv(y) -> np.ndarray:
    """The inverse of erf on [-1, 1]: a polynomial first guess (single precision), then
    Newton steps on erf (or on erfc near +-1, where 1 - |y| keeps its digits)."""
    y = _f64(y)
    with np.errstate(all="ignore"):
        a = np.abs(y)
        x = _erfinv_guess(-np.log((1.0 - a) * (1.0 + a))) * a
        for _ in range(3):
            slope = _TWO_OVER_SQRT_PI * np.exp(-x * x)
            x = x - (erf(x) - a) / slope
        tail = a > 0.5
        x = np.where(tail, erfcinv(np.where(tail, 1.0 - a, 0.5)), x)
        x = np.copysign(x, y)
        x = np.where(a == 1.0, np.copysign(np.inf, y), x)
        x = np.where((a > 1.0) | np.isnan(y), np.nan, x)
        return np.where(y == 0, y, x)  # keeps -0.0


# ---------------------------------------------------------------------- lgamma
# lgamma(1 + z) = -gamma z + sum_{k>=2} (-1)^k zeta(k)/k z^k, for |z| <= 1/2
def _zeta_integers(count: int) -> list[float]:
    values = []
    for k in range(2, count + 2):
        total = sum(n ** -k for n in range(1, 60))
        # the tail from n = 60 on by Euler-Maclaurin (the next term is below 1e-19)
        n = 60.0
        total += (n ** (1 - k) / (k - 1) + 0.5 * n ** -k + k * n ** (-k - 1) / 12
                  - k * (k + 1) * (k + 2) * n ** (-k - 3) / 720
                  + k * (k + 1) * (k + 2) * (k + 3) * (k + 4) * n ** (-k - 5) / 30240)
        values.append(total)
    return values


_ZETA = _zeta_integers(60)  # zeta(2) ... zeta(61)
_LGAMMA1_COEFFS = [(-1) ** k * _ZETA[k - 2] / k for k in range(2, 62)]


def _lgamma_near_one(z: np.ndarray) -> np.ndarray:
    """lgamma(1 + z) for |z| <= 1/2, by its Taylor series (Horner from the top term)."""
    total = np.zeros_like(z)
    for c in reversed(_LGAMMA1_COEFFS):
        total = (total + c) * z
    return (total - _EULER) * z + 0.0  # + 0.0: lgamma(1) is +0.0


_STIRLING = (1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156,
             -3617 / 122400)


def _lgamma_large(x: np.ndarray) -> np.ndarray:
    """Stirling's series for x >= 10 (eight terms: below float64 rounding)."""
    inv = 1.0 / x
    inv2 = inv * inv
    series = np.zeros_like(x)
    for c in reversed(_STIRLING):
        series = series * inv2 + c
    return (x - 0.5) * np.log(x) - x + _HALF_LOG_TWO_PI + series * inv


def _lgamma_positive(x: np.ndarray) -> np.ndarray:
    """lgamma for x >= 1/2."""
    low = x < 1.5
    mid = (x >= 1.5) & (x < 10.0)
    result = _lgamma_large(np.where(low | mid, 10.0, x))
    result = np.where(low, _lgamma_near_one(np.where(low, x - 1.0, 0.0)), result)
    # 1.5 <= x < 10: step down to [1.5, 2.5) keeping the product (x-1)(x-2)...(x-n)
    y = np.where(mid, x, 2.0)
    product = np.ones_like(x)
    for _ in range(9):
        step = y >= 2.5
        y = np.where(step, y - 1.0, y)
        product = np.where(step, product * y, product)
    z = y - 2.0  # lgamma(2 + z) = lgamma(1 + z) + log1p(z)
    in_band = _lgamma_near_one(z) + np.log1p(z)
    return np.where(mid, in_band + np.log(product), result)


def lgamma(x) -> np.ndarray:
    x = _f64(x)
    with np.errstate(all="ignore"):
        reflect = x < 0.5
        positive = _lgamma_positive(np.where(reflect, 1.0 - x, x))
        # lgamma(x) = log(pi / |sin(pi x)|) - lgamma(1 - x); sin(pi x) from x's distance to
        # the nearest integer, exact for large |x|.
        frac = x - np.round(x)
        sin_pi = np.abs(np.sin(math.pi * frac))
        reflected = np.log(math.pi / sin_pi) - positive
        result = np.where(reflect, reflected, positive)
        pole = (x <= 0) & (frac == 0)
        result = np.where(pole | np.isinf(x), np.inf, result)
        # tiny |x|: lgamma is -log|x| (the reflection above is exact there too, but
        # log(pi / sin) loses the last digits once pi x underflows)
        tiny = (np.abs(x) < 1e-300) & ~pole
        result = np.where(tiny, -np.log(np.abs(x)), result)
    return np.where(np.isnan(x), np.nan, result)


# ---------------------------------------------------------------------- digamma
def digamma(x) -> np.ndarray:
    """psi(x): reflection below 0, steps up to 10, then the asymptotic series in 1/x^2
    (the recipe torch's CPU kernel follows, so values agree to the last digits)."""
    x = _f64(x)
    with np.errstate(all="ignore"):
        negative = x < 0
        # psi(1 - x) - pi / tan(pi x) for x < 0; tan from the distance to an integer
        frac = x - np.trunc(x)
        shift = np.where(negative, -math.pi / np.tan(math.pi * frac), 0.0)
        y = np.where(negative, 1.0 - x, x)
        result = shift.copy()
        for _ in range(10):
            step = y < 10.0
            result = np.where(step, result - 1.0 / y, result)
            y = np.where(step, y + 1.0, y)
        inv2 = 1.0 / (y * y)
        series = np.where(y < 1e17, inv2 * _poly_desc(inv2), 0.0)
        result = result + np.log(y) - 0.5 / y - series
        result = np.where(x == 0, np.copysign(np.inf, -x), result)
        result = np.where(negative & (frac == 0), np.nan, result)
        result = np.where(x == np.inf, np.inf, result)
        result = np.where(x == -np.inf, np.nan, result)
    return np.where(np.isnan(x), np.nan, result)


_DIGAMMA_COEFFS = (8.33333333333333333333e-2, -2.10927960927960927961e-2,
                   7.57575757575757575758e-3, -4.16666666666666666667e-3,
                   3.96825396825396825397e-3, -8.33333333333333333333e-3,
                   8.33333333333333333333e-2)


def _poly_desc(z: np.ndarray) -> np.ndarray:
    """sum of B_2k / (2k) z^(k-1) for k = 1..7, coefficients given highest power first."""
    total = np.zeros_like(z)
    for c in _DIGAMMA_COEFFS:
        total = total * z + c
    return total


# ---------------------------------------------------------------------- trigamma, zeta
def trigamma(x) -> np.ndarray:
    """psi'(x): reflection below 1/2, six steps up, then five terms of the asymptotic
    series (the recipe of torch's CPU kernel, whose accuracy it shares). float32 and
    float16 are computed in float32 as torch does: at a pole, sin(pi x) of the rounded pi
    is not 0, so the value is large but finite (1.29e15 at -1), not 6.6e32."""
    x = np.asarray(x)
    dt = np.dtype(np.float32) if x.dtype in (np.float16, np.float32) else np.dtype(np.float64)
    x = x.astype(dt, copy=False)
    pi, one = dt.type(math.pi), dt.type(1.0)
    with np.errstate(all="ignore"):
        reflect = x < 0.5
        sign = np.where(reflect, -one, one)
        sin_pi = np.sin(pi * x)
        result = np.where(reflect, -(pi * pi) / (sin_pi * sin_pi), dt.type(0.0))
        y = np.where(reflect, one - x, x)
        for _ in range(6):
            result = result + one / (y * y)
            y = y + one
        ixx = one / (y * y)
        sixth, thirtieth, fortysecond = dt.type(1 / 6), dt.type(1 / 30), dt.type(1 / 42)
        result = result + (one + one / (dt.type(2.0) * y)
                           + ixx * (sixth - ixx * (thirtieth - ixx * fortysecond))) / y
        return sign * result


_ZETA_EULER_MACLAURIN = (12.0, -720.0, 30240.0, -1209600.0, 47900160.0,
                         -1.8924375803183791606e9, 7.47242496e10, -2.950130727918164224e12,
                         1.1646782814350067249e14, -4.5979787224074726105e15,
                         1.8152105401943546773e17, -7.1661652561756670113e18)


_MOST_STEPS = 2000


def zeta(s, q) -> np.ndarray:
    """The Hurwitz zeta function sum_k (k + q)^-s, for s > 1: nine terms summed, then the
    Euler-Maclaurin tail with twelve corrections."""
    s, q = np.broadcast_arrays(_f64(s), _f64(q))
    with np.errstate(all="ignore"):
        total = q ** -s
        a = q.copy()
        # at least nine terms, and more until every (k + q) > 9 (negative q); q below
        # -_MOST_STEPS is left as nan
        finite_q = q[np.isfinite(q)]
        lowest = float(finite_q.min()) if finite_q.size else 0.0
        steps = int(min(max(9, math.ceil(9.0 - lowest) + 1), _MOST_STEPS))
        for _ in range(steps):
            a = a + 1.0
            total = total + a ** -s
        w = a
        total = total + w ** (1.0 - s) / (s - 1.0) - 0.5 * w ** -s
        factor = np.ones_like(s)
        b = w ** -s
        k = 0.0
        for coefficient in _ZETA_EULER_MACLAURIN:
            factor = factor * (s + k)
            b = b / w
            total = total + factor * b / coefficient
            k += 1.0
            factor = factor * (s + k)
            b = b / w
            k += 1.0
        total = np.where(s == 1.0, np.inf, total)
        total = np.where(s < 1.0, np.nan, total)
        pole = (q <= 0) & (q == np.floor(q))
        total = np.where(pole, np.inf, total)
        total = np.where((q < 0) & ~pole & (s != np.floor(s)), np.nan, total)
        total = np.where((q < 9.0 - _MOST_STEPS) & ~pole, np.nan, total)
        total = np.where(q == np.inf, np.nan, total)
    return total


# ---------------------------------------------------------------------- i1
def i1(x) -> np.ndarray:
    """The modified Bessel function I1: its power series for |x| <= 30, the asymptotic
    expansion beyond."""
    x = _f64(x)
    a = np.abs(x)
    with np.errstate(all="ignore"):
        small = np.where(a <= 30.0, x, 0.0)
        half = small / 2.0
        term = half.copy()
        total = half.copy()
        quarter = half * half
        for k in range(1, 90):
            term = term * quarter / (k * (k + 1))
            total = total + term
        big = np.where(a > 30.0, a, 31.0)
        series = np.ones_like(big)
        term = np.ones_like(big)
        for k in range(1, 25):
            term = term * -((4.0 - (2 * k - 1) ** 2) / (k * 8.0 * big))
            series = series + term
        asymptotic = np.exp(big) / np.sqrt(2.0 * math.pi * big) * series
        result = np.where(a <= 30.0, total, np.copysign(asymptotic, x))
    return np.where(np.isnan(x), np.nan, result)


# ---------------------------------------------------------------------- normal distribution
def log_ndtr(x) -> np.ndarray:
    """log of the standard normal CDF, Phi(x) = erfc(-x/sqrt 2)/2: log1p(-Phi(-x)) right
    of 0, log(erfc)/2 left of it, and far left the continued fraction's own logarithm
    (erfc underflows there)."""
    x = _f64(x)
    with np.errstate(all="ignore"):
        z = -x / math.sqrt(2.0)
        far = z > 20.0
        right = np.log1p(-0.5 * erfc(np.where(z < 0, -z, 0.0)))
        left = np.log(erfc(np.where(far | (z < 0), 0.0, z)) / 2.0)
        zf = np.where(far, z, 21.0)
        t = zf.copy()
        for k in range(60, 0, -1):
            t = zf + (0.5 * k) / t
        tail = -zf * zf - np.log(_SQRT_PI * t) - math.log(2.0)
        return np.where(far, tail, np.where(z < 0, right, left))


def ndtri(p) -> np.ndarray:
    """The standard normal quantile: -sqrt(2) erfcinv(2p) below 1/2 (2p keeps the digits
    of a tiny p), sqrt(2) erfcinv(2 - 2p) above."""
    p = _f64(p)
    with np.errstate(all="ignore"):
        low = p < 0.5
        t = np.where(low, 2.0 * p, 2.0 - 2.0 * p)
        y = erfcinv(np.clip(t, 0.0, 1.0))
        result = np.where(low, -y, y) * math.sqrt(2.0)
        # near the middle 2p - 1 is exact and erfc's argument would sit near 1
        middle = (p > 0.25) & (p < 0.75)
        result = np.where(middle, math.sqrt(2.0) * erfinv(np.where(middle, 2.0 * p - 1.0, 0.0)),
                          result)
        result = np.where(p == 0, -np.inf, result)
        result = np.where(p == 1, np.inf, result)
        return np.where((p < 0) | (p > 1) | np.isnan(p), np.nan, result)
