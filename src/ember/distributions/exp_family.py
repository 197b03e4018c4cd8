"""ExponentialFamily: distributions whose density is exp(<t(x), theta> - F(theta) + k(x));
the entropy (and the KL divergence between two members of one family) follow from the
log normaliser F by automatic differentiation."""

from __future__ import annotations

import ember
from ember._tensor import Tensor

from .distribution import Distribution

__all__ = ["ExponentialFamily"]


class ExponentialFamily(Distribution):
    """Subclasses give `_natural_params`, `_log_normalizer` and `_mean_carrier_measure`."""

    @property
    def _natural_params(self) -> tuple[Tensor, ...]:
        raise NotImplementedError

    def _log_normalizer(self, *natural_params):
        raise NotImplementedError

    @property
    def _mean_carrier_measure(self) -> float:
        raise NotImplementedError

    def entropy(self):
        """-E[k(x)] + F(theta) - <theta, grad F(theta)> (a Bregman divergence)."""
        result = -self._mean_carrier_measure
        params = [p.detach().requires_grad_() for p in self._natural_params]
        normalizer = self._log_normalizer(*params)
        grads = ember.autograd.grad(normalizer.sum(), params, create_graph=True)
        result += normalizer
        for param, grad in zip(params, grads):
            result -= (param * grad).reshape(tuple(self._batch_shape) + (-1,)).sum(-1)
        return result
