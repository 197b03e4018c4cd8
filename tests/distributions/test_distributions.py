"""ember.distributions beyond the recorded torch cases: moments of many draws, gradients
checked by finite differences, KL registration and dispatch, lazy parameters."""

from __future__ import annotations

import math

import pytest

import ember
from ember import distributions as D
from ember.autograd import gradcheck


def _f64(*values, grad=True):
    return ember.tensor(values, dtype=ember.float64, requires_grad=grad)


@pytest.mark.parametrize("make", [
    lambda: D.Normal(ember.tensor([0.5, -1.0]), ember.tensor([1.5, 0.3])),
    lambda: D.Laplace(ember.tensor([0.5, -1.0]), ember.tensor([1.5, 0.3])),
    lambda: D.Uniform(ember.tensor([0.0, -2.0]), ember.tensor([1.0, 3.0])),
    lambda: D.Exponential(ember.tensor([0.5, 4.0])),
    lambda: D.Bernoulli(ember.tensor([0.2, 0.9])),
    lambda: D.Geometric(ember.tensor([0.3, 0.8])),
    lambda: D.LogNormal(ember.tensor([0.1, -0.5]), ember.tensor([0.4, 0.2])),
    lambda: D.Independent(D.Normal(ember.tensor([0.5, -1.0]), 2.0), 1),
    lambda: D.MultivariateNormal(ember.tensor([1.0, -1.0]),
                                 ember.tensor([[2.0, 0.6], [0.6, 1.0]])),
    lambda: D.Gamma(ember.tensor([0.4, 3.0]), ember.tensor([1.0, 2.0])),
    lambda: D.Beta(ember.tensor([0.5, 4.0]), ember.tensor([2.0, 1.5])),
    lambda: D.Dirichlet(ember.tensor([0.5, 2.0, 4.0])),
    lambda: D.Poisson(ember.tensor([0.7, 25.0])),
    lambda: D.Binomial(ember.tensor([8.0, 200.0]), ember.tensor([0.3, 0.6])),
    lambda: D.HalfNormal(ember.tensor([0.5, 2.0])),
    lambda: D.Gumbel(ember.tensor([0.5, -1.0]), ember.tensor([1.0, 0.3])),
    lambda: D.Chi2(ember.tensor([1.0, 6.0])),
    lambda: D.StudentT(ember.tensor([6.0, 9.0]), ember.tensor([1.0, -1.0]), 0.5),
    lambda: D.Multinomial(7, ember.tensor([0.2, 0.3, 0.5])),
    lambda: D.MixtureSameFamily(D.Categorical(ember.tensor([0.3, 0.7])),
                                D.Normal(ember.tensor([-1.0, 2.0]), ember.tensor([0.5, 1.0]))),
])
def test_many_draws_have_the_distributions_mean_and_variance(make):
    ember.manual_seed(11)
    d = make()
    draws = d.sample((40000,)).double()
    assert tuple(draws.shape) == (40000,) + tuple(d.batch_shape) + tuple(d.event_shape)
    mean, var = d.mean.double(), d.variance.double()
    assert ember.allclose(draws.mean(0), mean, rtol=0.05, atol=0.05)
    assert ember.allclose(draws.var(0), var, rtol=0.08, atol=0.05)


def test_categorical_draws_follow_the_probabilities():
    ember.manual_seed(3)
    probs = ember.tensor([0.1, 0.2, 0.7])
    draws = D.Categorical(probs * 5).sample((30000,))
    counts = ember.stack([(draws == k).sum() for k in range(3)]).double() / 30000
    assert ember.allclose(counts, probs.double(), atol=0.015)


@pytest.mark.parametrize("build, value", [
    (lambda a, b: D.Normal(a, b), [0.3, -0.7]),
    (lambda a, b: D.Laplace(a, b), [0.3, -0.7]),
    (lambda a, b: D.LogNormal(a, b), [0.3, 1.7]),
    (lambda a, b: D.Uniform(a - 2, a + b), [0.3, -0.7]),
    (lambda a, b: D.Exponential(b), [0.3, 1.7]),
    (lambda a, b: D.Bernoulli(logits=a), [1.0, 0.0]),
    (lambda a, b: D.Geometric(logits=a), [2.0, 0.0]),
    (lambda a, b: D.TransformedDistribution(D.Normal(a, b), D.transforms.TanhTransform()),
     [0.3, -0.7]),
    (lambda a, b: D.Gamma(b, b.exp()), [0.3, 1.7]),
    (lambda a, b: D.Beta(b, a.exp()), [0.3, 0.6]),
    (lambda a, b: D.Poisson(b), [1.0, 3.0]),
    (lambda a, b: D.Binomial(4, logits=a), [1.0, 3.0]),
    (lambda a, b: D.Cauchy(a, b), [0.3, -0.7]),
    (lambda a, b: D.HalfNormal(b), [0.3, 1.7]),
    (lambda a, b: D.Gumbel(a, b), [0.3, -0.7]),
    (lambda a, b: D.StudentT(b + 1, a, b), [0.3, -0.7]),
    (lambda a, b: D.MixtureSameFamily(D.Categorical(logits=a), D.Normal(a, b)), [0.3, -0.7]),
    (lambda a, b: D.RelaxedBernoulli(b[0], logits=a), [0.3, 0.6]),
    (lambda a, b: D.MultivariateNormal(a, scale_tril=ember.diag_embed(b)
                                       if hasattr(ember, "diag_embed") else ember.diag(b)),
     [0.3, -0.7]),
])
def test_log_prob_and_entropy_gradients_match_finite_differences(build, value):
    value = _f64(*value, grad=False)

    def scores(a, b):
        d = build(a, b)
        try:
            return d.log_prob(value), d.entropy()
        except NotImplementedError:  # no entropy, as in torch (Poisson, transformed ones)
            return d.log_prob(value)

    assert gradcheck(scores, (_f64(0.4, -0.2), _f64(1.3, 0.6)))


def test_gamma_rsample_differentiates_the_rate_and_the_concentration():
    concentration = _f64(1.5, 0.5)
    rate = _f64(2.0, 0.7)
    ember.manual_seed(0)
    draw = D.Gamma(concentration, rate).rsample()
    ember.manual_seed(0)
    standard = D.Gamma(concentration.detach(), 1.0).sample()
    grad_concentration, grad_rate = ember.autograd.grad(draw.sum(), (concentration, rate))
    assert ember.allclose(grad_rate, -standard / rate.detach() ** 2)
    # the implicit gradient of the standard draw, scaled by the rate
    expected = ember._standard_gamma_grad(concentration.detach(), standard) / rate.detach()
    assert ember.allclose(grad_concentration, expected)
    beta = D.Beta(concentration, rate).rsample((2,))
    assert beta.shape == (2, 2) and beta.requires_grad


def test_rsample_gradients_match_finite_differences():
    def draw(loc, scale):
        ember.manual_seed(5)
        return D.Normal(loc, scale).rsample((3,))

    assert gradcheck(draw, (_f64(0.4, -0.2), _f64(1.3, 0.6)))


def test_mvn_covariance_gradient_matches_finite_differences():
    value = _f64(0.3, -0.4, 1.0, grad=False)

    def score(loc, root):
        covariance = root @ root.mT + ember.eye(3, dtype=ember.float64)
        return D.MultivariateNormal(loc, covariance, validate_args=False).log_prob(value)

    root = ember.tensor([[0.5, 0.1, 0.0], [0.2, 0.3, -0.4], [0.0, 0.6, 0.2]],
                        dtype=ember.float64, requires_grad=True)
    assert gradcheck(score, (_f64(0.1, 0.2, 0.3), root))


def test_the_three_mvn_parametrisations_agree():
    cov = ember.tensor([[2.0, 0.5, 0.1], [0.5, 1.0, 0.2], [0.1, 0.2, 0.8]],
                       dtype=ember.float64)
    by_cov = D.MultivariateNormal(ember.zeros(3, dtype=ember.float64), cov)
    by_tril = D.MultivariateNormal(ember.zeros(3, dtype=ember.float64),
                                   scale_tril=by_cov.scale_tril)
    by_precision = D.MultivariateNormal(ember.zeros(3, dtype=ember.float64),
                                        precision_matrix=ember.linalg.inv(cov))
    value = ember.tensor([0.3, -1.0, 0.5], dtype=ember.float64)
    assert ember.allclose(by_cov.scale_tril @ by_cov.scale_tril.mT, cov)
    for other in (by_tril, by_precision):
        assert ember.allclose(other.log_prob(value), by_cov.log_prob(value))
        assert ember.allclose(other.covariance_matrix, cov)
        assert ember.allclose(other.precision_matrix, ember.linalg.inv(cov))


def test_exponential_family_entropy_equals_the_closed_forms():
    for d in (D.Normal(ember.tensor([0.3, 1.0]), ember.tensor([0.5, 2.0])),
              D.Bernoulli(ember.tensor([0.3, 0.8])), D.Exponential(ember.tensor([0.5, 3.0])),
              D.Gamma(ember.tensor([0.3, 4.0]), ember.tensor([2.0, 0.5]))):
        assert ember.allclose(D.ExponentialFamily.entropy(d), d.entropy(), atol=1e-6)


def test_kl_closed_forms_agree_with_monte_carlo():
    ember.manual_seed(0)
    # (p, q, draws): fewer draws for the gamma family, whose sampler loops in Python
    pairs = [(D.Normal(0.3, 1.2), D.Normal(-0.5, 0.8), 200000),
             (D.Laplace(0.3, 1.2), D.Normal(0.0, 2.0), 200000),
             (D.Exponential(1.5), D.Normal(0.5, 1.0), 200000),
             (D.Uniform(0.0, 2.0), D.Normal(0.5, 1.0), 200000),
             (D.Gamma(2.0, 1.5), D.Gamma(3.0, 1.0), 40000),
             (D.Beta(2.0, 3.0), D.Beta(1.0, 1.5), 20000),
             (D.Gamma(2.0, 1.5), D.Exponential(0.7), 40000),
             (D.Beta(2.0, 3.0), D.Normal(0.3, 0.5), 20000)]
    for p, q, count in pairs:
        draws = p.sample((count,))
        ratios = (p.log_prob(draws) - q.log_prob(draws)).double()
        standard_error = float(ratios.std()) / count**0.5
        closed_form = float(D.kl_divergence(p, q))
        assert abs(float(ratios.mean()) - closed_form) < 4 * standard_error + 1e-3


def test_register_kl_takes_the_most_specific_pair():
    class MyNormal(D.Normal):
        pass

    p, q = MyNormal(0.0, 1.0), D.Normal(1.0, 1.0)
    assert float(D.kl_divergence(p, q)) == pytest.approx(0.5)

    @D.register_kl(MyNormal, D.Normal)
    def _always_seven(p, q):
        return ember.tensor(7.0)

    try:
        assert float(D.kl_divergence(p, q)) == 7.0
        assert float(D.kl_divergence(q, q)) == 0.0
    finally:
        from ember.distributions import kl
        del kl._KL_REGISTRY[MyNormal, D.Normal]
        kl._KL_MEMOIZE.clear()


def test_lazy_parameters_are_computed_once_and_then_shown():
    d = D.Bernoulli(logits=ember.tensor([0.0, 2.0]))
    assert "probs" not in d.__dict__
    probs = d.probs
    assert d.probs is probs and "probs" in d.__dict__
    assert ember.allclose(probs, ember.sigmoid(ember.tensor([0.0, 2.0])))


def test_scalar_logits_give_probabilities():
    assert float(D.Bernoulli(logits=0.0).probs) == 0.5
    assert float(D.Geometric(logits=0.0).probs) == 0.5


def test_validation_can_be_turned_off_and_on():
    assert D.Distribution._validate_args
    with pytest.raises(ValueError, match="GreaterThan"):
        D.Normal(0.0, -1.0)
    D.Distribution.set_default_validate_args(False)
    try:
        assert float(D.Normal(0.0, -1.0).scale) == -1.0
    finally:
        D.Distribution.set_default_validate_args(True)
    with pytest.raises(ValueError):
        D.Distribution.set_default_validate_args("yes")


def test_sample_without_rsample_raises():
    with pytest.raises(NotImplementedError):
        D.Bernoulli(0.3).rsample()
    with pytest.raises(NotImplementedError):
        D.Categorical(ember.ones(3)).cdf(ember.tensor(1))


def test_torch_namespace_names():
    assert ember.distributions.Normal is D.Normal
    assert ember.distributions.normal.Normal is D.Normal
    assert ember.distributions.constraints.positive.check(ember.tensor(1.0))
    assert math.isclose(float(D.Normal(0.0, 1.0).cdf(ember.tensor(0.0))), 0.5)


def test_every_torch_distribution_name_is_there_and_unknown_names_raise():
    for name in ["ContinuousBernoulli", "FisherSnedecor", "GeneralizedPareto", "Kumaraswamy",
                 "LKJCholesky", "LowRankMultivariateNormal", "VonMises", "Wishart",
                 "CatTransform", "CorrCholeskyTransform", "CumulativeDistributionTransform",
                 "PositiveDefiniteTransform", "ReshapeTransform", "StackTransform"]:
        assert getattr(D, name).__name__ == name
    with pytest.raises(AttributeError):
        getattr(D, "NoSuchDistribution")  # noqa: B009 - the lookup is the test
