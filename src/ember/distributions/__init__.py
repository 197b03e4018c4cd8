"""ember.distributions: torch.distributions on ember tensors.

Parameters, samples and scores are ember tensors, so log_prob, entropy and rsample are
differentiable through the ordinary ops; sampling draws from ember's generator in the order
torch's samplers draw, so seeded code gives torch's numbers."""

from . import constraints, transforms
from .bernoulli import Bernoulli
from .beta import Beta
from .binomial import Binomial
from .categorical import Categorical
from .cauchy import Cauchy
from .chi2 import Chi2
from .constraint_registry import biject_to, transform_to
from .dirichlet import Dirichlet
from .distribution import Distribution
from .exp_family import ExponentialFamily
from .exponential import Exponential
from .gamma import Gamma
from .geometric import Geometric
from .gumbel import Gumbel
from .half_normal import HalfCauchy, HalfNormal
from .independent import Independent
from .kl import kl_divergence, register_kl
from .laplace import Laplace
from .log_normal import LogNormal
from .logistic_normal import LogisticNormal
from .mixture_same_family import MixtureSameFamily
from .multinomial import Multinomial
from .multivariate_normal import MultivariateNormal
from .negative_binomial import NegativeBinomial
from .normal import Normal
from .one_hot_categorical import OneHotCategorical, OneHotCategoricalStraightThrough
from .poisson import Poisson
from .relaxed_bernoulli import LogitRelaxedBernoulli, RelaxedBernoulli
from .relaxed_categorical import ExpRelaxedCategorical, RelaxedOneHotCategorical
from .studentT import StudentT
from .transformed_distribution import TransformedDistribution
from .transforms import (
                         AbsTransform,
                         AffineTransform,
                         ComposeTransform,
                         ExpTransform,
                         PowerTransform,
                         SigmoidTransform,
                         SoftplusTransform,
                         TanhTransform,
                         Transform,
                         identity_transform,
)
from .uniform import Uniform
from .weibull import InverseGamma, Pareto, Weibull

__all__ = [
    "AbsTransform", "AffineTransform", "Bernoulli", "Beta", "Binomial", "Categorical", "Cauchy",
    "Chi2", "ComposeTransform", "Dirichlet", "Distribution", "ExpRelaxedCategorical",
    "ExpTransform", "Exponential", "ExponentialFamily", "Gamma", "Geometric", "Gumbel",
    "HalfCauchy", "HalfNormal", "Independent", "IndependentTransform", "InverseGamma",
    "Laplace", "LogNormal", "LogisticNormal", "LogitRelaxedBernoulli", "LowerCholeskyTransform",
    "MixtureSameFamily", "Multinomial", "MultivariateNormal", "NegativeBinomial", "Normal",
    "OneHotCategorical", "OneHotCategoricalStraightThrough", "Pareto", "Poisson",
    "PowerTransform", "RelaxedBernoulli", "RelaxedOneHotCategorical", "SigmoidTransform",
    "SoftmaxTransform", "SoftplusTransform", "StickBreakingTransform", "StudentT",
    "TanhTransform", "Transform", "TransformedDistribution", "Uniform", "Weibull", "biject_to",
    "constraints", "identity_transform", "kl_divergence", "register_kl", "transform_to",
    "transforms",
]


# torch.distributions names ember has not built yet: a clear error instead of AttributeError
_NOT_YET = {
    "ContinuousBernoulli", "FisherSnedecor", "GeneralizedPareto", "Kumaraswamy",
    "LKJCholesky", "LowRankMultivariateNormal", "VonMises", "Wishart",
    "CatTransform", "CorrCholeskyTransform", "CumulativeDistributionTransform",
    "PositiveDefiniteTransform", "ReshapeTransform", "StackTransform",
}


def __getattr__(name: str):
    if name in _NOT_YET:
        raise NotImplementedError(f"torch.distributions.{name} is not implemented in ember yet")
    raise AttributeError(f"module 'ember.distributions' has no attribute '{name}'")
