"""The draws of the distributions on ember tensors, as torch's CPU kernels draw them (see
_samplers.py). Gamma and Dirichlet draws are differentiable in their concentration: the
derivative is the op table's (ops/sampling.py)."""

from __future__ import annotations

import ember
from ember._tensor import Tensor
from ember.ops import sampling

from . import _samplers


def standard_gamma(concentration: Tensor) -> Tensor:
    return ember._standard_gamma(concentration)


def sample_dirichlet(concentration: Tensor) -> Tensor:
    return sampling.dirichlet_rsample(concentration)


def poisson(rate: Tensor) -> Tensor:
    return ember.from_numpy(_samplers.poisson(rate.detach().numpy()))


def binomial(count: Tensor, prob: Tensor) -> Tensor:
    return ember.from_numpy(_samplers.binomial(count.detach().numpy(), prob.detach().numpy()))
