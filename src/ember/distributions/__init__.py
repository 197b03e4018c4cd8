"""ember.distributions: torch.distributions on ember tensors.

Parameters, samples and scores are ember tensors, so log_prob, entropy and rsample are
differentiable through the ordinary ops; sampling draws from ember's generator in the order
torch's samplers draw, so seeded code gives torch's numbers."""

from . import constraints
from .bernoulli import Bernoulli
from .categorical import Categorical
from .distribution import Distribution
from .exp_family import ExponentialFamily
from .exponential import Exponential
from .geometric import Geometric
from .independent import Independent
from .laplace import Laplace
from .multivariate_normal import MultivariateNormal
from .normal import Normal
from .one_hot_categorical import OneHotCategorical, OneHotCategoricalStraightThrough
from .uniform import Uniform

__all__ = [
    "Bernoulli", "Categorical", "Distribution", "Exponential", "ExponentialFamily",
    "Geometric", "Independent", "Laplace", "MultivariateNormal", "Normal",
    "OneHotCategorical", "OneHotCategoricalStraightThrough", "Uniform", "constraints",
]
