"""How a gamma or Dirichlet draw moves with its concentration: the implicit
reparameterisation gradients that torch's `_standard_gamma_grad` and `_dirichlet_grad` give.

A draw x = F^-1(u; alpha) of a distribution with CDF F moves, for a fixed u, by
dx/dalpha = -(dF/dalpha) / (dF/dx) (Jankowiak & Obermeyer 2018, "Pathwise derivatives beyond
the reparameterization trick"). torch evaluates that with the approximations of that paper,
and ember uses the same ones, so that gradients agree with torch's (not only with the exact
derivative, from which the approximations stray by up to about 1e-4 relative):

- gamma, x < 0.8: six terms of the power series of the lower incomplete gamma function;
- gamma, alpha > 8: the saddle-point (Rice) expansion of the CDF, with a Taylor polynomial
  where x is within 10% of alpha (the expansion is 0/0 at x = alpha);
- gamma, otherwise: exp of a ratio of two polynomials in log(x / alpha) and log(alpha);
- Dirichlet: each coordinate is a Beta(alpha, total - alpha) draw; its gradient over 1 - x
  (the concentration's own share of the simplex), by the Beta CDF's series near 0 or 1, an
  asymptotic expansion when both parameters exceed 6, otherwise a rational correction of
  x (psi(total) - psi(alpha)) / beta.

The polynomial coefficients were fitted to torch's float64 results (the published
approximations are fits themselves); they reproduce them to about 1e-13 relative for the
gamma and 1e-12 for the Dirichlet, so float32 gamma results agree to the last bit and float64
ones to the last few. Everything is computed in float64 and rounded once, as torch's CPU
kernels do for the gamma; torch's Dirichlet kernel computes parts of every branch in float32
for float32 tensors, so float32 Dirichlet gradients differ from torch's by up to about
1e-2 relative (docs/differences.md).
"""

from __future__ import annotations

import numpy as np

from ._special_math import digamma

__all__ = ["standard_gamma_grad", "dirichlet_grad"]

_F32 = np.float32  # torch compares with float literals (0.8f, 0.9f) where noted

# log dx/dalpha = P(u, v) / Q(u, v), u = log(x / alpha), v = log(alpha): rows are the
# powers of u (0..2), columns the powers of v (0..3); Q's constant term is 1.
_GAMMA_P = np.array([[0.16009398, -0.094634809, 0.025146376, -0.0030648343],
                     [0.53487893, 0.1298071, 0.065735949, -0.0015649758],
                     [0.040121004, -0.0065914022, -0.0026286047, -0.0013441777]])
_GAMMA_Q = np.array([[1.0, 0.32668115, 0.10406089, 0.0014179084],
                     [0.16639465, 0.020070113, -0.0035938915, -0.00058392623],
                     [0.017050642, -0.0021309326, 0.00085092367, -1.5247877e-07]])


def _gamma_series(x, alpha):
    """Small x: P(alpha, x) Gamma(alpha) = x^alpha sum_k (-x)^k / (k! (alpha + k)), k < 6;
    differentiated in alpha (the 1/Gamma(alpha) gives the digamma term) and divided by
    the density. A nan (x^(alpha-1) overflowing) becomes 0."""
    term = np.ones_like(x)
    denom = alpha
    first = term / denom                # sum of the terms over (alpha + k)
    second = term / (denom * denom)     # ... over (alpha + k)^2: d/dalpha of the first
    for k in range(1, 6):
        term = term * (-x / k)
        denom = denom + 1
        first = first + term / denom
        second = second + term / (denom * denom)
    x_alpha = x ** alpha
    density = x ** (alpha - 1) * np.exp(-x)
    cdf = x_alpha * first
    cdf_alpha = (np.log(x) - digamma(alpha)) * cdf - x_alpha * second
    result = -cdf_alpha / density
    return np.where(np.isnan(result), 0.0, result)


def _gamma_large(x, alpha):
    """alpha > 8: Rice's saddle-point expansion of the gamma CDF, differentiated."""
    # within 10% of alpha: the expansion's Taylor polynomial around x = alpha
    numer_1 = 1 + 24 * alpha * (1 + 12 * alpha)
    numer_2 = (1440 * (alpha * alpha) + 6 * x * (53 - 120 * x) - 65 * x * x / alpha
               + alpha * (107 + 3600 * x))
    near = numer_1 * numer_2 / (1244160 * (alpha * alpha) * (alpha * alpha))
    root = np.sqrt(8 * alpha)
    ratio = np.log(x / alpha)
    pole = root / (alpha - x)
    saddle = (x - alpha - alpha * ratio) ** -1.5
    both = np.where(x < alpha, pole - saddle, pole + saddle)
    slope = ratio * both - np.sqrt(2 / alpha) * (alpha + x) / ((alpha - x) * (alpha - x))
    stirling = 1 + 1 / (12 * alpha) * (1 + 1 / (24 * alpha))
    far = -stirling * (x * slope) / root
    inside = (_F32(0.9) * alpha <= x) & (x <= _F32(1.1) * alpha)
    return np.where(inside, near, far)


def _gamma_rational(x, alpha):
    u = np.log(x / alpha)
    v = np.log(alpha)
    p = [c[0] + u * (c[1] + u * c[2]) for c in _GAMMA_P.T]  # coefficients of v^k
    q = [c[0] + u * (c[1] + u * c[2]) for c in _GAMMA_Q.T]
    numer = p[0] + v * (p[1] + v * (p[2] + v * p[3]))
    denom = q[0] + v * (q[1] + v * (q[2] + v * q[3]))
    return np.exp(numer / denom)


def standard_gamma_grad(x: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """d x / d alpha of standard gamma draws x of concentrations alpha (torch's
    _standard_gamma_grad(alpha, x)), in x's dtype."""
    dtype = np.result_type(x, alpha)
    x64, a64 = np.broadcast_arrays(np.asarray(x, np.float64), np.asarray(alpha, np.float64))
    result = np.empty(x64.shape)
    with np.errstate(all="ignore"):
        # (each branch on its own elements: the others' formulas may overflow there)
        small = x64 < _F32(0.8)
        large = ~small & (a64 > 8)
        middle = ~small & ~large
        result[small] = _gamma_series(x64[small], a64[small])
        result[large] = _gamma_large(x64[large], a64[large])
        result[middle] = _gamma_rational(x64[middle], a64[middle])
    return result.astype(dtype)


# ------------------------------------------------------------------------------ Dirichlet
def _beta_near_zero(x, alpha, beta):
    """x small: the Beta CDF's series sum_n (1 - beta)_n / n! x^(alpha + n) / (alpha + n)
    (11 terms), differentiated in alpha with beta fixed, over the density and 1 - x."""
    factor = digamma(alpha) - digamma(alpha + beta) - np.log(x)
    coefficient = np.ones_like(x)       # (1 - beta)_n x^n / n!
    series = coefficient / alpha * (factor + 1 / alpha)
    for n in range(1, 11):
        coefficient = coefficient * (n - beta) * x / n
        denom = alpha + n
        series = series + coefficient / denom * (factor + 1 / denom)
    result = x * np.exp(-np.log1p(-x) * beta) * series
    return np.where(np.isnan(result), 0.0, result)


def _beta_near_one(y, p, q):
    """1 - x = y small, y ~ Beta(p, q) with p the other concentrations' total: the series
    of that CDF (9 terms) differentiated in q, the coordinate's concentration."""
    factor = digamma(p + q) - digamma(q)
    term = np.ones_like(y)              # (-y)^n / n!
    product = np.ones_like(y)           # (q - 1) ... (q - n)
    product_q = np.zeros_like(y)        # its derivative in q
    series = factor / p
    for n in range(1, 9):
        term = term * (-y / n)
        product_q = product_q * (q - n) + product
        product = product * (q - n)
        series = series + term / (p + n) * (product_q + factor * product)
    result = (1 - y) ** (1 - q) * series
    return np.where(np.isnan(result), 0.0, result)


def _beta_both_large(x, alpha, beta):
    """alpha, beta > 6: the uniform asymptotic expansion of the Beta CDF, with a
    polynomial within a tenth of a standard deviation of the mean (where it is 0/0)."""
    total = alpha + beta
    mean = alpha / total
    std = np.sqrt(alpha * beta / (total + 1)) / total
    a, b = alpha, beta
    poly = 47 * x * (b * b) * (b * b) + a * (
        (43 + 20 * (16 + 27 * b) * x) * (b * b) * b + a * (
            3 * (59 + 180 * b - 90 * x) * (b * b) + a * (
                (453 + 1620 * b * (1 - x) - 455 * x) * b + a * (
                    8 * (1 - x) * (135 * b - 11)))))
    scale = (1 + 12 * a) * (1 + 12 * b) / (total * total)
    near = scale / (1 - x) * poly / (12960 * a * a * a * b * b * (1 + 12 * total))
    prefactor = -x / np.sqrt(2 * a * b / total)
    stirling = ((1 + 1 / (12 * a) + 1 / (288 * a * a)) * (1 + 1 / (12 * b) + 1 / (288 * b * b))
                / (1 + 1 / (12 * total) + 1 / (288 * total * total)))
    offset = a * (x - 1) + b * x        # total (x - mean)
    first = ((2 * (a * a) * (x - 1) + a * b * (x - 1) - x * (b * b))
             / (np.sqrt(2 * a / b) * total ** 1.5 * offset * offset))
    half_log = 0.5 * np.log(a / (total * x))
    pole = np.sqrt(8 * a * b / total) / offset
    saddle = (b * np.log(b / (total * (1 - x))) + a * np.log(a / (total * x))) ** -1.5
    far = stirling * prefactor * (first + half_log * (pole + np.where(x < mean, saddle,
                                                                        -saddle)))
    inside = (mean - 0.1 * std <= x) & (x <= mean + 0.1 * std)
    return np.where(inside, near, far)


# The rational correction: p / q, each sum over i, j < 3, k < 4 of
# c[i, j, k] u^i a^j b^k, u = log x, a = log(alpha) - u, b = log(total) - a.
_DIRICHLET_P = np.array([
    (1.003668233, -0.01061107487883, -0.06578883340026, 0.01201642863001),
    (0.6336835991008, -0.3557432599007, 0.05486251648015, -0.001465281033011),
    (-0.0327623190597, 0.004474107444941, 0.002429354597003, -0.0001557569013001),
    (0.2219503849997, -0.3187676330999, 0.01799915742976, 0.01074823814006),
    (-0.2951249643005, 0.06219954478943, 0.01535556598029, 0.001550077056983),
    (0.02155310298006, 0.004170831599047, 0.001292462449008, 6.976601076895e-05),
    (-0.05980841433081, 0.008441916498935, 0.01085618172035, 0.002319392564935),
    (0.02911413504062, 0.01400243777021, -0.002721828457061, 0.0007510411809923),
    (0.005900514877911, -0.001936558687977, -9.495446726008e-06, 5.385558596843e-05),
]).reshape(3, 3, 4)
_DIRICHLET_Q = np.array([
    (1.0, -0.02924021933882, -0.04438342661027, 0.00728580982501),
    (0.6357567472007, -0.3473456711007, 0.05454656494016, -0.002407477521013),
    (-0.0330132232697, 0.004845219413931, 0.002314805830006, -0.0002307248149005),
    (0.5925320576998, -0.175767813499, 0.01505928618953, 0.0005645152730645),
    (0.1014815857998, -0.06589186703091, 0.01272886114032, -0.0007316646956187),
    (-0.007258481864778, 0.001096195485991, 0.0003934994223047, -4.127019250009e-05),
    (0.06469649320955, -0.02367014369947, 0.002902096473801, -5.896963076549e-05),
    (0.001925008108139, -0.002869809258358, 0.0008000589142074, -6.063713228569e-05),
    (-0.0003477407335909, 6.959756489527e-05, 1.097287506699e-05, -1.650964692725e-06),
]).reshape(3, 3, 4)


def _beta_rational(x, alpha, total):
    u = np.log(x)
    a = np.log(alpha) - u
    b = np.log(total) - a
    powers_u = (np.ones_like(u), u, u * u)
    powers_a = (np.ones_like(a), a, a * a)
    numer = np.zeros_like(x)
    denom = np.zeros_like(x)
    for i in range(3):
        for j in range(3):
            ua = powers_u[i] * powers_a[j]
            p, q = _DIRICHLET_P[i, j], _DIRICHLET_Q[i, j]
            numer = numer + ua * (p[0] + b * (p[1] + b * (p[2] + b * p[3])))
            denom = denom + ua * (q[0] + b * (q[1] + b * (q[2] + b * q[3])))
    approx = x * (digamma(total) - digamma(alpha)) / (total - alpha)
    return numer / denom * approx


def dirichlet_grad(x: np.ndarray, alpha: np.ndarray, total: np.ndarray) -> np.ndarray:
    """torch._dirichlet_grad(x, alpha, total): for each coordinate x of a Dirichlet draw with
    concentration alpha (of `total` over the simplex), d x / d alpha over (1 - x)."""
    dtype = np.result_type(x, alpha, total)
    x64, a64, t64 = np.broadcast_arrays(*(np.asarray(v, np.float64) for v in (x, alpha, total)))
    b64 = t64 - a64
    result = np.empty(x64.shape)
    with np.errstate(all="ignore"):
        spread = t64 * x64 * (1 - x64)
        near_zero = (x64 <= 0.5) & (spread < 2.5)
        near_one = ~near_zero & (x64 >= 0.5) & (spread < 0.75)
        large = ~near_zero & ~near_one & (a64 > 6) & (b64 > 6)
        rest = ~(near_zero | near_one | large)
        m = near_zero
        result[m] = _beta_near_zero(x64[m], a64[m], b64[m])
        m = near_one
        result[m] = _beta_near_one(1 - x64[m], b64[m], a64[m])
        m = large
        result[m] = _beta_both_large(x64[m], a64[m], b64[m])
        m = rest
        result[m] = _beta_rational(x64[m], a64[m], t64[m])
    return result.astype(dtype)
