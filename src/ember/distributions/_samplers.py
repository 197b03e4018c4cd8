"""torch's CPU samplers for the gamma, Dirichlet, Poisson and binomial distributions,
element by element in torch's order and with torch's arithmetic, so that the draws they take
from the generator and the values they return are torch's.

torch runs these as serial kernels over the (contiguous) output: for each element a loop of
53-bit uniforms (and, for the gamma, normals of the one-at-a-time Box-Muller with its cached
second value) until a candidate is accepted. Where torch computes in the tensor's own type
(float for float32 tensors), the steps below round to float32 as well.
"""

from __future__ import annotations

import math

import numpy as np

from ember import _creation

_F32 = np.float32
_ONE_THIRD_F32 = float(_F32(1.0) / _F32(3.0))  # torch writes 1.0f / 3.0f
_C0331_F32 = float(_F32(0.0331))
_STIRLING_TAIL = (0.0810614667953272, 0.0413406959554092, 0.0276779256849983,
                  0.02079067210376509, 0.0166446911898211, 0.0138761288230707,
                  0.0118967099458917, 0.0104112652619720, 0.00925546218271273,
                  0.00833056343336287)


class _Draws:
    """One uniform or normal at a time from the default generator, as torch's
    uniform_real_distribution<double> and normal_distribution<double> give them."""

    def __init__(self, generator=None) -> None:
        self.mt = _creation._twister(generator)

    def uniform(self) -> float:
        return float(self.mt.doubles(1)[0])

    def normal(self) -> float:
        # Box-Muller on two uniforms, the sine kept in the generator for the next normal,
        # with the C library's log1p/sin/cos (Python's math calls them), as torch's scalar
        # normal_distribution<double>.
        if self.mt.normal_cache is not None:
            value, self.mt.normal_cache = self.mt.normal_cache, None
            return value
        u1, u2 = self.mt.doubles(2).tolist()
        radius = math.sqrt(-2.0 * math.log1p(-u2))
        theta = 2.0 * math.pi * u1
        self.mt.normal_cache = radius * math.sin(theta)
        return radius * math.cos(theta)


def _gamma_one(alpha, single: bool, draws: _Draws) -> float:
    """Marsaglia and Tsang's method with torch's boost for alpha < 1 (`single`: the tensor
    is float32, so torch's scalar_t steps round to float32)."""
    scale = 1.0
    if alpha < 1.0:
        if alpha == 0:
            return 0.0
        exponent = float(_F32(1.0) / _F32(alpha)) if single else 1.0 / alpha
        scale *= math.pow(1 - draws.uniform(), exponent)
        alpha = float(_F32(alpha) + _F32(1.0)) if single else alpha + 1.0
    d = float(_F32(alpha) - _F32(_ONE_THIRD_F32)) if single else alpha - _ONE_THIRD_F32
    # a concentration below 0 or nan gives nan here, which the loops below pass on (no
    # candidate is refused for being nan) and the caller clamps, as torch's kernel does
    c = 1.0 / math.sqrt(9.0 * d) if d > 0 else math.nan
    while True:
        while True:
            x = draws.normal()
            y = 1.0 + c * x
            if not y <= 0:
                break
        v = y * y * y
        u = 1 - draws.uniform()
        xx = x * x
        if u < 1.0 - _C0331_F32 * xx * xx:
            return scale * d * v
        if math.log(u) < 0.5 * xx + d * (1.0 - v + math.log(v)):
            return scale * d * v


def standard_gamma(alpha: np.ndarray, generator=None) -> np.ndarray:
    """torch._standard_gamma: Gamma(alpha, 1) draws, at least the dtype's smallest normal."""
    draws = _Draws(generator)
    single = alpha.dtype == np.float32
    flat = np.ascontiguousarray(alpha).reshape(-1)
    out = np.empty(flat.shape, alpha.dtype)
    tiny = np.finfo(alpha.dtype).tiny
    for index, value in enumerate(flat.tolist()):
        out[index] = max(tiny, alpha.dtype.type(_gamma_one(value, single, draws)))
    return out.reshape(alpha.shape)


def dirichlet(alpha: np.ndarray, generator=None) -> np.ndarray:
    """torch._sample_dirichlet: gamma draws in float64 (torch casts alpha up to avoid
    underflow), normalised along the last dim, clamped into [tiny, 1) of the dtype."""
    draws = _Draws(generator)
    flat = np.ascontiguousarray(alpha).astype(np.float64).reshape(-1)
    gammas = np.array([max(np.finfo(np.float64).tiny, _gamma_one(v, False, draws))
                       for v in flat.tolist()], np.float64).reshape(alpha.shape)
    ratios = (gammas / gammas.sum(-1, keepdims=True)).astype(alpha.dtype)
    below_one = np.nextafter(alpha.dtype.type(1), alpha.dtype.type(0))
    # fmax: a nan ratio (infinite concentrations) becomes tiny too, as in torch
    return np.minimum(below_one, np.fmax(np.finfo(alpha.dtype).tiny, ratios))


def _poisson_one(lam: float, draws: _Draws) -> int:
    if lam >= 10:
        # transformed rejection with squeeze (Hoermann 1993)
        slam, loglam = math.sqrt(lam), math.log(lam)
        b = 0.931 + 2.53 * slam
        a = -0.059 + 0.02483 * b
        invalpha = 1.1239 + 1.1328 / (b - 3.4)
        vr = 0.9277 - 3.6224 / (b - 2)
        while True:
            u = draws.uniform() - 0.5
            v = draws.uniform()
            us = 0.5 - abs(u)
            k = math.floor((2 * a / us + b) * u + lam + 0.43)
            if us >= 0.07 and v <= vr:
                return k
            if k < 0 or (us < 0.013 and v > us):
                continue
            if (math.log(v) + math.log(invalpha) - math.log(a / (us * us) + b)
                    <= -lam + k * loglam - math.lgamma(k + 1.0)):
                return k
    if lam == 0:
        return 0
    # multiply uniforms until the product drops below exp(-lambda)
    count, product, limit = 0, 1.0, math.exp(-lam)
    while True:
        product *= draws.uniform()
        if product > limit:
            count += 1
        else:
            return count


def poisson(rate: np.ndarray, generator=None) -> np.ndarray:
    """torch.poisson: one count per rate, in the rates' dtype."""
    if np.any(rate < 0):
        raise RuntimeError("invalid Poisson rate, expected rate to be non-negative")
    draws = _Draws(generator)
    flat = np.ascontiguousarray(rate).reshape(-1)
    out = np.array([_poisson_one(float(v), draws) for v in flat.tolist()], np.float64)
    return out.astype(rate.dtype).reshape(rate.shape)


def _stirling_tail(k: float) -> float:
    if k < len(_STIRLING_TAIL):
        return _STIRLING_TAIL[int(k)]
    kp1sq = (k + 1) * (k + 1)
    return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / (k + 1)


class _Scalar:
    """torch's scalar_t arithmetic: float32 rounding for float32 tensors."""

    def __init__(self, single: bool) -> None:
        self.single = single

    def __call__(self, value) -> float:
        return float(_F32(value)) if self.single else float(value)


def _binomial_inversion(count: float, prob: float, draws: _Draws, s: _Scalar) -> float:
    geom_sum, num_geom = 0.0, 0.0
    logprob = s(np.log1p(_F32(-prob))) if s.single else math.log1p(-prob)
    while True:
        geom = math.ceil(math.log(draws.uniform()) / logprob)
        geom_sum += geom
        if geom_sum > count:
            return num_geom
        num_geom = s(num_geom + 1)


def _btrs(count: float, prob: float, draws: _Draws, s: _Scalar) -> float:
    """Hoermann's transformed rejection with squeeze, as torch (after TensorFlow) runs it."""
    stddev = s(math.sqrt(s(s(count * prob) * s(1 - prob)))) if s.single else \
        math.sqrt(count * prob * (1 - prob))
    b = 1.15 + 2.53 * stddev
    a = -0.0873 + 0.0248 * b + 0.01 * prob
    c = s(count * prob) + 0.5
    v_r = 0.92 - 4.2 / b
    r = prob / s(1 - prob)
    alpha = (2.83 + 5.1 / b) * stddev
    m = math.floor(s(s(count + 1) * prob))
    while True:
        u = draws.uniform() - 0.5
        v = draws.uniform()
        us = 0.5 - abs(u)
        k = s(math.floor((2 * a / us + b) * u + c))
        if k < 0 or k > count:
            continue
        if us >= 0.07 and v <= v_r:
            return k
        v = math.log(v * alpha / (a / (us * us) + b))
        upperbound = ((m + 0.5) * math.log((m + 1) / (r * (count - m + 1)))
                      + (count + 1) * math.log((count - m + 1) / (count - k + 1))
                      + (k + 0.5) * math.log(r * (count - k + 1) / (k + 1))
                      + _stirling_tail(m) + _stirling_tail(count - m)
                      - _stirling_tail(k) - _stirling_tail(count - k))
        if v <= upperbound:
            return k


def _binomial_one(count: float, prob: float, draws: _Draws, s: _Scalar) -> float:
    if count <= 0.0 or prob <= 0.0:
        return 0.0
    if prob >= 1.0:
        return count
    if prob <= 0.5:
        if s(count * prob) >= 10.0:
            return _btrs(count, prob, draws, s)
        return _binomial_inversion(count, prob, draws, s)
    if prob > 0.5:
        qprob = s(1.0 - prob)
        if s(count * qprob) >= 10.0:
            return s(count - _btrs(count, qprob, draws, s))
        return s(count - _binomial_inversion(count, qprob, draws, s))
    return math.nan


def binomial(count: np.ndarray, prob: np.ndarray, generator=None) -> np.ndarray:
    """torch.binomial: successes out of `count` trials of probability `prob` (same shape)."""
    draws = _Draws(generator)
    s = _Scalar(count.dtype == np.float32)
    counts = np.ascontiguousarray(count).reshape(-1).tolist()
    probs = np.ascontiguousarray(prob).reshape(-1).tolist()
    out = np.array([_binomial_one(n, p, draws, s) for n, p in zip(counts, probs)],
                   np.float64)
    return out.astype(count.dtype).reshape(count.shape)
