"""Samples for the gamma and Dirichlet draws of src/ember/ops/sampling.py and their
gradient kernels. The draws' derivative in the concentration is the implicit one,
dx/dalpha = -(dF/dalpha) / (dF/dx) with F the CDF at the draw, not the finite difference
of the sampler with its noise frozen, so the gradient check compares with that quotient
computed here from slowly converging but exact series of the CDFs (differentiated in
alpha by central differences): an independent check of the approximations that ember, as
torch, evaluates (which stray from the exact value by up to about 1e-3 relative).
Bit-for-bit agreement with torch is checked in tests/reference/cases_gaps_sixteen.py."""

from __future__ import annotations

import math

import numpy as np

import ember
from tests.samples import Sample, rng

_R = rng(1607)
gamma_alphas = _R.uniform(0.3, 12.0, (2, 3))
dirichlet_alphas = _R.uniform(0.4, 8.0, (2, 3))


def _gamma_cdf(alpha: float, x: float) -> float:
    """P(alpha, x) = x^alpha e^-x / Gamma(alpha + 1) sum_n x^n / ((alpha+1)...(alpha+n))."""
    term, total, n = 1.0, 1.0, 0
    while term > 1e-17 * total:
        n += 1
        term *= x / (alpha + n)
        total += term
    return math.exp(alpha * math.log(x) - x - math.lgamma(alpha + 1)) * total


def _gamma_dx_dalpha(alpha: float, x: float) -> float:
    step = 1e-5 * alpha
    dcdf = (_gamma_cdf(alpha + step, x) - _gamma_cdf(alpha - step, x)) / (2 * step)
    density = math.exp((alpha - 1) * math.log(x) - x - math.lgamma(alpha))
    return -dcdf / density


def _gamma_jacobian(out, alphas):
    return [np.diag([_gamma_dx_dalpha(a, x) for a, x in zip(alphas.ravel(), out.ravel())])]


def _beta_cdf(a: float, b: float, x: float) -> float:
    """I_x(a, b) = x^a (1-x)^b / (a B(a, b)) sum_n (a+b)_n / (a+1)_n x^n, for x <= 1/2;
    above, 1 - I_(1-x)(b, a)."""
    if x > 0.5:
        return 1.0 - _beta_cdf(b, a, 1.0 - x)
    term, total, n = 1.0, 1.0, 0
    while term > 1e-17 * total:
        term *= (a + b + n) / (a + 1 + n) * x
        total += term
        n += 1
    log_beta = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    return math.exp(a * math.log(x) + b * math.log1p(-x) - log_beta) / a * total


def _beta_dx_da(a: float, b: float, x: float) -> float:
    step = 1e-5 * a
    dcdf = (_beta_cdf(a + step, b, x) - _beta_cdf(a - step, b, x)) / (2 * step)
    log_beta = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    density = math.exp((a - 1) * math.log(x) + (b - 1) * math.log1p(-x) - log_beta)
    return -dcdf / density


def _dirichlet_jacobian(out, alphas):
    """x_j = G_j / sum G: dx_j/dalpha_i = g_i (delta_ij - x_j), g_i = (dx_i/dalpha_i with
    the others' total fixed) / (1 - x_i), row by row (last dim)."""
    rows, k = out.reshape(-1, out.shape[-1]), out.shape[-1]
    alpha_rows = alphas.reshape(-1, k)
    jacobian = np.zeros((out.size, alphas.size))
    for r, (x, alpha) in enumerate(zip(rows, alpha_rows)):
        total = alpha.sum()
        g = [_beta_dx_da(a, total - a, xi) / (1 - xi) for a, xi in zip(alpha, x)]
        for j in range(k):
            for i in range(k):
                jacobian[r * k + j, r * k + i] = g[i] * ((i == j) - x[j])
    return [jacobian]


def _dirichlet_rsample(alpha):
    return ember.distributions.Dirichlet(alpha).rsample()


SAMPLES: dict[str, list[Sample]] = {
    "_standard_gamma": [
        Sample(lambda a: ember._standard_gamma(a), (gamma_alphas,), None, second_order=False,
               jacobian=_gamma_jacobian, atol=1e-6, rtol=2e-3,
               note="random draws; the generator is reseeded before every call"),
    ],
    "_standard_gamma_grad": [
        Sample(lambda a, x: ember._standard_gamma_grad(a, x),
               (gamma_alphas, _R.uniform(0.1, 20.0, (2, 3))),
               lambda a, x: np.vectorize(_gamma_dx_dalpha)(a, x), nondiff=(0, 1),
               atol=1e-6, rtol=2e-3, note="the approximation, against the exact quotient"),
    ],
    "_sample_dirichlet": [
        Sample(lambda a: ember._sample_dirichlet(a), (dirichlet_alphas,), None, nondiff=(0,),
               note="random draws; torch defines no derivative"),
    ],
    "_dirichlet_grad": [
        Sample(lambda x, a, t: ember._dirichlet_grad(x, a, t),
               (_R.uniform(0.05, 0.95, 6), _R.uniform(0.3, 9.0, 6), _R.uniform(10.0, 16.0, 6)),
               lambda x, a, t: np.vectorize(
                   lambda x, a, t: _beta_dx_da(a, t - a, x) / (1 - x))(x, a, t),
               nondiff=(0, 1, 2), atol=1e-6, rtol=2e-3,
               note="the approximation, against the exact quotient"),
    ],
    "_dirichlet_rsample": [
        Sample(_dirichlet_rsample, (dirichlet_alphas,), None, second_order=False,
               jacobian=_dirichlet_jacobian, atol=1e-6, rtol=2e-3,
               note="Dirichlet.rsample: random draws, reseeded before every call"),
    ],
}
