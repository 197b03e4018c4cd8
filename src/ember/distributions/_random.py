"""torch._standard_gamma, torch._sample_dirichlet, torch.poisson and torch.binomial on ember
tensors, drawing as torch's CPU kernels draw (see _samplers.py).

Their results carry no gradient: torch differentiates gamma and Dirichlet draws with
respect to the concentration by dedicated kernels (_standard_gamma_grad, _dirichlet_grad)
that ember does not have, so asking for that gradient raises instead of silently giving
none."""

from __future__ import annotations

import ember
from ember._tensor import Tensor

from . import _samplers


def _refuse_concentration_gradient(concentration: Tensor, what: str) -> None:
    if concentration.requires_grad and ember.is_grad_enabled():
        raise NotImplementedError(
            f"{what}: reparameterised samples with gradients with respect to the "
            "concentration are not implemented in ember (torch uses its _standard_gamma_grad "
            "/ _dirichlet_grad kernels); draw with sample() or detach the concentration")


def standard_gamma(concentration: Tensor) -> Tensor:
    _refuse_concentration_gradient(concentration, "Gamma.rsample")
    return ember.from_numpy(_samplers.standard_gamma(concentration.detach().numpy()))


def sample_dirichlet(concentration: Tensor) -> Tensor:
    _refuse_concentration_gradient(concentration, "Dirichlet.rsample")
    return ember.from_numpy(_samplers.dirichlet(concentration.detach().numpy()))


def poisson(rate: Tensor) -> Tensor:
    return ember.from_numpy(_samplers.poisson(rate.detach().numpy()))


def binomial(count: Tensor, prob: Tensor) -> Tensor:
    return ember.from_numpy(_samplers.binomial(count.detach().numpy(), prob.detach().numpy()))
