"""LKJCholesky(dim, concentration): Cholesky factors of correlation matrices whose law is
proportional to det(C)^(concentration - 1), drawn by the onion method (Lewandowski,
Kurowicka and Joe, 2009; Ghosh and Henderson, 2003)."""

from __future__ import annotations

import math

import ember
from ember._tensor import Tensor

from . import constraints
from .beta import Beta
from .distribution import Distribution
from .utils import _lgamma, broadcast_all

__all__ = ["LKJCholesky"]


class LKJCholesky(Distribution):
    """LKJ distribution over lower Cholesky factors of dim x dim correlation matrices."""

    arg_constraints = {"concentration": constraints.positive}
    support = constraints.corr_cholesky

    def __init__(self, dim: int, concentration=1.0, validate_args: bool | None = None) -> None:
        if dim < 2:
            raise ValueError("Expected dim to be an integer greater than or equal to 2. "
                             f"Found dim={dim}.")
        self.dim = dim
        (self.concentration,) = broadcast_all(concentration)
        batch_shape = self.concentration.size()
        event_shape = ember.Size((dim, dim))
        # row i's squared off-diagonal norm is Beta(i / 2, marginal - i / 2) (row 0: a dummy
        # Beta(1/2, marginal), whose draw the sampler multiplies by a zero row)
        marginal = self.concentration + 0.5 * (self.dim - 2)
        offset = ember.arange(self.dim - 1, dtype=self.concentration.dtype)
        offset = ember.cat([offset.new_zeros((1,)), offset])
        self._beta = Beta(offset + 0.5, marginal.unsqueeze(-1) - 0.5 * offset)
        super().__init__(batch_shape, event_shape, validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._get_checked_instance(LKJCholesky, _instance)
        batch_shape = ember.Size(batch_shape)
        new.dim = self.dim
        new.concentration = self.concentration.expand(batch_shape)
        new._beta = self._beta.expand(batch_shape + (self.dim,))
        super(LKJCholesky, new).__init__(batch_shape, self.event_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new

    def sample(self, sample_shape=()) -> Tensor:
        y = self._beta.sample(sample_shape).unsqueeze(-1)
        normal = ember.randn(self._extended_shape(sample_shape), dtype=y.dtype).tril(-1)
        # uniform directions on the hypersphere of each row (row 0 is all zeros: 0 / 0,
        # overwritten below)
        direction = normal / normal.norm(dim=-1, keepdim=True)
        direction[..., 0, :].fill_(0.0)
        w = ember.sqrt(y) * direction
        tiny = ember.finfo(w.dtype).tiny
        diagonal = ember.clamp(1 - ember.sum(w ** 2, dim=-1), min=tiny).sqrt()
        w += ember.diag_embed(diagonal)
        return w

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        diagonal = value.diagonal(dim1=-1, dim2=-2)[..., 1:]
        order = ember.arange(2, self.dim + 1)
        order = 2 * (self.concentration - 1).unsqueeze(-1) + self.dim - order
        unnormalized = ember.sum(order * diagonal.log(), dim=-1)
        dm1 = self.dim - 1
        alpha = self.concentration + 0.5 * dm1
        denominator = _lgamma(alpha) * dm1
        numerator = ember.mvlgamma(alpha - 0.5, dm1)
        pi_constant = 0.5 * dm1 * math.log(math.pi)
        return unnormalized - (pi_constant + numerator - denominator)
