"""torch.distributions cases, recorded from torch 2.13.

For each distribution (scalar, batched and float64 parameters, probs and logits forms) a
`stats` case prints the repr, shapes, support and, for each of log_prob, cdf, icdf, entropy,
mean, mode, variance and stddev that torch gives, the dtype, shape and grad_fn name; the
values and their gradients with respect to the parameters form `result`. `sample` cases
seed the generator and print sample/rsample draws with ``tolist()`` (exact: every bit must
equal torch's), then a further draw to show the stream was consumed as torch consumes it.
Further cases cover KL divergences (values and gradients), transforms, expand, constraints
and the ValueError messages of argument validation. Ids start with ``dist_``.
"""

from __future__ import annotations

_PRELUDE = '''\
D = torch.distributions
def values(*shape, scale=1.5, offset=0.2, dtype=torch.float32, grad=True):
    n = 1
    for s in shape:
        n *= s
    base = torch.arange(float(n), dtype=torch.float64) * 0.737 + offset
    return (base.sin() * scale).to(dtype).reshape(shape).requires_grad_(grad)
def positive(*shape, dtype=torch.float32, grad=True):
    x = (values(*shape, scale=0.6, offset=0.9, dtype=dtype, grad=False) + 1.1)
    return x.requires_grad_(grad)
def unit(*shape, dtype=torch.float32, grad=True):
    x = (values(*shape, scale=0.4, offset=0.5, dtype=dtype, grad=False) + 0.5)
    return x.requires_grad_(grad)
def name_of(t):
    return type(t.grad_fn).__name__ if t.grad_fn is not None else None
def report(d, value, params, methods):
    print(repr(d), tuple(d.batch_shape), tuple(d.event_shape), d.has_rsample)
    parts = []
    for method in methods:
        if method in ("log_prob", "cdf", "icdf"):
            out = getattr(d, method)(value)
        elif method == "entropy":
            out = d.entropy()
        else:
            out = getattr(d, method)
        print(method, out.dtype, tuple(out.shape), name_of(out))
        kind = out.dtype if out.is_floating_point() else torch.float32
        parts.append(out.detach().to(kind).reshape(-1))
        if out.requires_grad and params:
            weights = torch.linspace(0.5, 1.5, out.numel(), dtype=out.dtype).reshape(out.shape)
            grads = torch.autograd.grad(out, params, weights, allow_unused=True,
                                        retain_graph=True)
            for g in grads:
                print("  grad", None if g is None else tuple(g.shape))
                if g is not None:
                    parts.append(g.reshape(-1))
    print(repr(d))
    return torch.cat(parts)
'''

_ALL = ("log_prob", "entropy", "mean", "mode", "variance", "stddev")

# (id, constructor, value scored, parameters to differentiate, methods)
_STATS = [
    ("normal_scalar", "D.Normal(0.3, 1.5)", "torch.tensor([0.1, -2.0])", "[]",
     _ALL + ("cdf",)),
    ("normal_batch", "D.Normal(values(3), positive(3))", "values(2, 3, grad=False)",
     "[d.loc, d.scale]", _ALL + ("cdf",)),
    ("normal_icdf", "D.Normal(values(3), positive(3))", "unit(2, 3, grad=False)",
     "[d.loc, d.scale]", ("icdf",)),
    ("normal_broadcast", "D.Normal(values(2, 1), positive(3))", "values(2, 3, grad=False)",
     "[]", _ALL),
    ("normal_float64", "D.Normal(values(4, dtype=torch.float64), 2.0)",
     "values(4, dtype=torch.float64, grad=False)", "[]", _ALL + ("cdf",)),
    ("bernoulli_probs", "D.Bernoulli(unit(4))", "torch.tensor([0., 1., 1., 0.])",
     "[d.probs]", _ALL),
    ("bernoulli_logits", "D.Bernoulli(logits=values(2, 3))", "torch.ones(2, 3)",
     "[d.logits]", _ALL),
    ("bernoulli_scalar", "D.Bernoulli(0.25)", "torch.tensor(1.)", "[]", _ALL),
    ("bernoulli_half", "D.Bernoulli(torch.tensor([0.5, 0.2]))", "torch.tensor([1., 1.])",
     "[]", ("mode",)),
    ("categorical_probs", "D.Categorical(unit(2, 4))", "torch.tensor([3, 0])", "[d.probs]",
     ("log_prob", "entropy", "mean", "variance")),
    ("categorical_logits", "D.Categorical(logits=values(3, 5))", "torch.tensor([[4, 0, 2]])",
     "[d.logits]", ("log_prob", "entropy")),
    ("categorical_zero_prob", "D.Categorical(torch.tensor([0.0, 0.3, 0.7]))",
     "torch.tensor([1, 2])", "[]", ("log_prob", "entropy")),
    ("onehot_probs", "D.OneHotCategorical(unit(2, 3))",
     "torch.tensor([[0., 1., 0.], [1., 0., 0.]])", "[d.probs]", _ALL),
    ("onehot_logits", "D.OneHotCategorical(logits=values(4))",
     "torch.tensor([0., 0., 0., 1.])", "[]", ("log_prob", "entropy", "mean", "variance")),
    ("uniform_batch", "D.Uniform(values(3), values(3, grad=False) + positive(3))",
     "values(3, grad=False) + 0.5", "[d.low, d.high]",
     ("log_prob", "entropy", "mean", "variance", "stddev", "cdf", "icdf")),
    ("uniform_scalar", "D.Uniform(-1.0, 2.0)", "torch.tensor([0.5, -0.5])", "[]",
     ("log_prob", "entropy", "mean", "variance", "stddev", "cdf")),
    ("exponential_batch", "D.Exponential(positive(4))", "positive(4, grad=False) - 0.5",
     "[d.rate]", _ALL + ("cdf",)),
    ("exponential_icdf", "D.Exponential(positive(3))", "unit(3, grad=False)", "[d.rate]",
     ("icdf",)),
    ("laplace_batch", "D.Laplace(values(3), positive(3))", "values(2, 3, grad=False) * 2",
     "[d.loc, d.scale]", _ALL + ("cdf",)),
    ("laplace_icdf", "D.Laplace(values(3), positive(3))", "unit(3, grad=False)",
     "[d.loc, d.scale]", ("icdf",)),
    ("geometric_probs", "D.Geometric(unit(4))", "torch.tensor([0., 1., 3., 7.])", "[d.probs]",
     _ALL),
    ("geometric_logits", "D.Geometric(logits=values(3))", "torch.tensor([2., 0., 1.])",
     "[d.logits]", _ALL),
    ("geometric_one", "D.Geometric(torch.tensor([1.0, 0.5]))", "torch.tensor([0., 0.])", "[]",
     ("log_prob",)),
    ("mvn_covariance",
     "D.MultivariateNormal(values(3), torch.tensor([[2., 0.5, 0.1], [0.5, 1., 0.2], "
     "[0.1, 0.2, 0.8]]).requires_grad_())",
     "values(2, 3, grad=False)", "[d.loc, d.covariance_matrix]",
     ("log_prob", "entropy", "mean", "mode", "variance", "stddev")),
    ("mvn_scale_tril",
     "D.MultivariateNormal(values(2, 3), scale_tril=torch.tensor([[1.5, 0., 0.], "
     "[0.3, 0.7, 0.], [-0.2, 0.1, 1.1]]).requires_grad_())",
     "values(3, grad=False)", "[d.loc, d.scale_tril]",
     ("log_prob", "entropy", "variance")),
    ("mvn_precision",
     "D.MultivariateNormal(torch.zeros(2), precision_matrix=torch.tensor([[2., 0.5], "
     "[0.5, 1.]]).requires_grad_())",
     "values(4, 2, grad=False)", "[d.precision_matrix]", ("log_prob", "entropy", "variance")),
    ("independent_normal", "D.Independent(D.Normal(values(2, 3), positive(2, 3)), 1)",
     "values(2, 3, grad=False)", "[d.base_dist.loc, d.base_dist.scale]",
     ("log_prob", "entropy", "mean", "mode", "variance", "stddev")),
    ("independent_bernoulli", "D.Independent(D.Bernoulli(unit(2, 2, 2)), 2)",
     "torch.ones(2, 2, 2)", "[d.base_dist.probs]", ("log_prob", "entropy", "mean")),
    ("lognormal", "D.LogNormal(values(3), positive(3))", "positive(3, grad=False)",
     "[d.loc, d.scale]", _ALL + ("cdf", "icdf")),
    ("gamma_batch", "D.Gamma(positive(4), positive(4, dtype=torch.float32) * 0.5)",
     "positive(2, 4, grad=False)", "[d.concentration, d.rate]", _ALL),
    ("gamma_small_concentration", "D.Gamma(unit(3), 2.0)", "unit(3, grad=False)",
     "[d.concentration]", _ALL),
    ("gamma_float64", "D.Gamma(positive(3, dtype=torch.float64), 1.5)",
     "positive(3, dtype=torch.float64, grad=False)", "[d.concentration]", _ALL),
    ("beta_batch", "D.Beta(positive(3), unit(3))", "unit(3, grad=False)",
     "[d.concentration1, d.concentration0]", _ALL),
    ("beta_scalar", "D.Beta(2.0, 3.0)", "torch.tensor([0.2, 0.7])", "[]", _ALL),
    ("dirichlet", "D.Dirichlet(positive(2, 3))",
     "torch.tensor([[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]])", "[d.concentration]", _ALL),
    ("dirichlet_below_one", "D.Dirichlet(torch.tensor([[0.5, 0.3, 0.8], [2., 3., 0.5]]))",
     "torch.tensor([0.2, 0.3, 0.5])", "[]", _ALL),
    ("poisson", "D.Poisson(positive(4) * 3)", "torch.tensor([0., 2., 5., 11.])", "[d.rate]",
     ("log_prob", "mean", "mode", "variance", "stddev")),
    ("poisson_entropy", "D.Poisson(torch.tensor([0.5, 3.0]))", "torch.tensor([1., 0.])",
     "[]", ("entropy",)),
    ("binomial_probs", "D.Binomial(torch.tensor([5., 10., 10.]), unit(3))",
     "torch.tensor([2., 0., 10.])", "[d.probs]", _ALL),
    ("binomial_logits", "D.Binomial(6, logits=values(2, 2))",
     "torch.tensor([[1., 6.], [3., 0.]])", "[d.logits]", _ALL),
    ("cauchy", "D.Cauchy(values(3), positive(3))", "values(2, 3, grad=False) * 3",
     "[d.loc, d.scale]", ("log_prob", "entropy", "mean", "mode", "variance", "cdf")),
    ("cauchy_icdf", "D.Cauchy(values(3), positive(3))", "unit(3, grad=False)",
     "[d.loc, d.scale]", ("icdf",)),
    ("half_normal", "D.HalfNormal(positive(3))", "positive(3, grad=False) - 1.5",
     "[d.scale]", _ALL + ("cdf",)),
    ("half_normal_icdf", "D.HalfNormal(positive(3))", "unit(3, grad=False)", "[d.scale]",
     ("icdf",)),
    ("half_cauchy", "D.HalfCauchy(positive(3))", "positive(3, grad=False)", "[d.scale]",
     ("log_prob", "entropy", "mean", "mode", "variance", "cdf")),
    ("gumbel", "D.Gumbel(values(3), positive(3))", "values(2, 3, grad=False) * 2",
     "[d.loc, d.scale]", _ALL),
    ("chi2", "D.Chi2(positive(3) * 2)", "positive(3, grad=False)", "[d.concentration]",
     _ALL),
    ("student_t", "D.StudentT(torch.tensor([0.7, 1.5, 4.0]), values(3), positive(3))",
     "values(2, 3, grad=False) * 2", "[d.loc, d.scale]", _ALL),
    ("student_t_df_grad", "D.StudentT(positive(3) * 2)", "values(3, grad=False)",
     "[d.df]", ("log_prob", "entropy")),
    ("multinomial", "D.Multinomial(6, unit(2, 3))",
     "torch.tensor([[1., 2., 3.], [6., 0., 0.]])", "[]", ("log_prob", "mean", "variance")),
    ("multinomial_entropy", "D.Multinomial(4, logits=values(3))",
     "torch.tensor([1., 2., 1.])", "[]", ("log_prob", "entropy")),
    ("mixture_normal",
     "D.MixtureSameFamily(D.Categorical(unit(3)), D.Normal(values(3), positive(3)))",
     "values(4, grad=False) * 2", "[]", ("log_prob", "mean", "variance", "cdf")),
    ("mixture_independent",
     "D.MixtureSameFamily(D.Categorical(logits=values(2, 3)), "
     "D.Independent(D.Normal(values(2, 3, 2), positive(2, 3, 2)), 1))",
     "values(2, 2, grad=False)", "[]", ("log_prob", "mean", "variance")),
    ("relaxed_bernoulli", "D.RelaxedBernoulli(torch.tensor(0.5), unit(3))",
     "unit(3, grad=False) * 0.9", "[]", ("log_prob",)),
    ("negative_binomial", "D.NegativeBinomial(positive(3) * 2, unit(3))",
     "torch.tensor([0., 3., 7.])", "[d.total_count, d.probs]", _ALL[:1] + _ALL[2:]),
    ("negative_binomial_logits", "D.NegativeBinomial(torch.tensor([0., 2.]), logits=values(2))",
     "torch.tensor([0., 4.])", "[d.logits]", ("log_prob", "mean", "variance")),
    ("weibull", "D.Weibull(positive(3), positive(3))", "positive(3, grad=False)",
     "[d.scale, d.concentration]", _ALL),
    ("pareto", "D.Pareto(positive(3), positive(3) * 1.5)", "positive(3, grad=False) + 1",
     "[d.scale, d.alpha]", _ALL),
    ("inverse_gamma", "D.InverseGamma(positive(3) * 2, positive(3))",
     "positive(3, grad=False)", "[d.rate]", _ALL),
    ("logistic_normal", "D.LogisticNormal(values(2, 3), positive(2, 3))",
     "torch.tensor([[0.1, 0.2, 0.3, 0.4], [0.5, 0.2, 0.2, 0.1]])", "[d.loc, d.scale]",
     ("log_prob",)),
    ("logistic_normal_scalar", "D.LogisticNormal(0.5, 2.0)", "torch.tensor([0.3, 0.7])", "[]",
     ("log_prob",)),
    ("relaxed_one_hot",
     "D.RelaxedOneHotCategorical(torch.tensor(0.7), logits=values(2, 3))",
     "torch.tensor([[0.3, 0.6, 0.1], [0.2, 0.2, 0.6]])", "[]", ("log_prob",)),
    ("transformed_affine_sigmoid",
     "D.TransformedDistribution(D.Normal(values(3), positive(3)), "
     "[D.transforms.AffineTransform(0.5, 2.0), D.transforms.SigmoidTransform()])",
     "unit(3, grad=False)", "[d.base_dist.loc, d.base_dist.scale]", ("log_prob", "cdf")),
    ("transformed_tanh",
     "D.TransformedDistribution(D.Normal(values(4), positive(4)), "
     "D.transforms.TanhTransform())",
     "unit(4, grad=False) - 0.5", "[d.base_dist.loc, d.base_dist.scale]", ("log_prob",)),
    ("transformed_exp_affine_event",
     "D.TransformedDistribution(D.Normal(values(2, 3), 1.0), "
     "[D.transforms.AffineTransform(values(3, grad=False), positive(3), event_dim=1), "
     "D.transforms.ExpTransform()])",
     "positive(2, 3, grad=False)", "[]", ("log_prob",)),
]


def _stats_cases() -> list[tuple[str, str]]:
    cases = []
    for name, constructor, value, params, methods in _STATS:
        source = (_PRELUDE + f"d = {constructor}\nvalue = {value}\n"
                  f"result = report(d, value, {params}, {methods!r})\n")
        cases.append((f"dist_stats_{name}", source))
    return cases


# (id, constructor): seeded draws, printed exactly. The draws of _SAMPLED_ROUNDED go through
# float32 exp/log1p/tanh, whose last bit ember's NumPy kernels do not always share with
# torch's vectorised ones: those samples are compared to rounding (as `result`), while the
# draw after them, printed exactly, shows the stream was consumed as torch consumes it.
_SAMPLED = [
    ("normal_small", "D.Normal(torch.tensor([0., 1.]), torch.tensor([1., 2.]))"),
    ("normal_large", "D.Normal(values(5, grad=False), positive(5, grad=False))"),
    ("normal_scalar", "D.Normal(0.5, 2.0)"),
    ("normal_float64", "D.Normal(values(3, dtype=torch.float64, grad=False), 1.0)"),
    ("bernoulli", "D.Bernoulli(torch.tensor([0.3, 0.9, 0.5]))"),
    ("bernoulli_logits", "D.Bernoulli(logits=values(2, 3, grad=False))"),
    ("categorical", "D.Categorical(torch.tensor([[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]]))"),
    ("categorical_logits", "D.Categorical(logits=values(4, grad=False))"),
    ("onehot", "D.OneHotCategorical(torch.tensor([0.2, 0.3, 0.5]))"),
    ("uniform", "D.Uniform(torch.tensor([0., 1.]), torch.tensor([2., 3.]))"),
    ("exponential", "D.Exponential(torch.tensor([0.5, 2.0, 1.0]))"),
    ("geometric", "D.Geometric(torch.tensor([0.3, 0.7]))"),
    ("mvn_scale_tril",
     "D.MultivariateNormal(torch.tensor([0., 1.]), "
     "scale_tril=torch.tensor([[1.5, 0.], [0.3, 0.7]]))"),
    ("independent", "D.Independent(D.Normal(torch.zeros(2, 3), torch.ones(2, 3)), 1)"),
]

_SAMPLED_ROUNDED = [
    ("laplace", "D.Laplace(torch.tensor([0.5, 2.0]), 1.5)"),
    ("lognormal", "D.LogNormal(torch.tensor([0., 0.5]), torch.tensor([1., 0.3]))"),
    ("transformed", "D.TransformedDistribution(D.Normal(torch.zeros(3), 1.), "
                    "[D.transforms.AffineTransform(1., 2.), D.transforms.TanhTransform()])"),
    ("gumbel", "D.Gumbel(torch.tensor([0., 1.]), 2.)"),
    ("relaxed_bernoulli", "D.RelaxedBernoulli(torch.tensor(0.5), torch.tensor([0.3, 0.8]))"),
    ("relaxed_one_hot", "D.RelaxedOneHotCategorical(torch.tensor(0.7), "
                        "logits=torch.tensor([0.3, 0.1, -1.]))"),
    ("weibull", "D.Weibull(torch.tensor([1., 2.]), torch.tensor([0.5, 3.]))"),
    ("logistic_normal", "D.LogisticNormal(torch.tensor([0.3, -1.]), torch.tensor([1., 0.5]))"),
    ("pareto", "D.Pareto(torch.tensor([1., 2.]), torch.tensor([0.5, 3.]))"),
    ("inverse_gamma", "D.InverseGamma(torch.tensor([1.5, 3.]), torch.tensor([0.5, 2.]))"),
]

# torch's serial samplers (Marsaglia-Tsang gamma, Dirichlet, Poisson, BTRS binomial): the
# draws and the values, exactly, over parameters that take every branch
_SAMPLED_SERIAL = [
    ("gamma", "D.Gamma(torch.tensor([0.3, 1.0, 2.5, 7.0, 0.05, 30.]), torch.tensor(2.0))"),
    ("gamma_float64", "D.Gamma(torch.tensor([0.3, 1.0, 2.5, 40.], dtype=torch.float64), 0.5)"),
    ("beta", "D.Beta(torch.tensor([0.5, 2.0, 9.0]), torch.tensor([1.5, 3.0, 0.2]))"),
    ("beta_scalar", "D.Beta(2.0, 3.0)"),
    ("dirichlet", "D.Dirichlet(torch.tensor([[0.5, 2.0, 1.0], [3., 3., 3.]]))"),
    ("dirichlet_float64", "D.Dirichlet(torch.tensor([0.1, 0.2, 5.0], dtype=torch.float64))"),
    ("poisson", "D.Poisson(torch.tensor([0.5, 3.0, 9.9, 10.0, 25.0, 1000.0, 0.0]))"),
    ("poisson_float64", "D.Poisson(torch.tensor([2.0, 60.0], dtype=torch.float64))"),
    ("binomial", "D.Binomial(torch.tensor([10., 5., 100., 100., 1000., 40., 0.]), "
                 "torch.tensor([0.3, 0.9, 0.2, 0.7, 0.5, 0.99, 0.5]))"),
    ("binomial_logits_float64",
     "D.Binomial(30, logits=torch.tensor([-3., 0., 2.5], dtype=torch.float64))"),
    ("cauchy", "D.Cauchy(torch.tensor([0., 1.]), torch.tensor([1., 2.]))"),
    ("half_normal", "D.HalfNormal(torch.tensor([1., 2.]))"),
    ("half_cauchy", "D.HalfCauchy(2.)"),
    ("chi2", "D.Chi2(torch.tensor([1., 3., 0.5]))"),
    ("student_t", "D.StudentT(torch.tensor([0.5, 1.5, 4.]), 1., 2.)"),
    ("multinomial", "D.Multinomial(10, torch.tensor([0.2, 0.3, 0.5]))"),
    ("multinomial_batch", "D.Multinomial(3, logits=torch.tensor([[0., 1.], [2., -1.]]))"),
    ("mixture", "D.MixtureSameFamily(D.Categorical(torch.tensor([0.3, 0.7])), "
                "D.Normal(torch.tensor([-1., 2.]), torch.tensor([0.5, 1.])))"),
    ("negative_binomial", "D.NegativeBinomial(torch.tensor([3., 10.]), torch.tensor([0.3, 0.7]))"),
]


def _sample_cases() -> list[tuple[str, str]]:
    cases = []
    for name, constructor in _SAMPLED:
        for seed in (0, 7):
            source = (_PRELUDE + f"torch.manual_seed({seed})\nd = {constructor}\n"
                      "print(d.sample().tolist())\nprint(d.sample((3,)).tolist())\n"
                      "print(d.sample((2, 9)).tolist())\n"
                      "if d.has_rsample:\n    print(d.rsample((4,)).tolist())\n"
                      "print(torch.rand(3).tolist())\n")
            cases.append((f"dist_sample_{name}_seed{seed}", source))
    for name, constructor in _SAMPLED_SERIAL:
        source = (_PRELUDE + f"torch.manual_seed(3)\nd = {constructor}\n"
                  "print(d.sample().tolist())\nprint(d.sample((4,)).tolist())\n"
                  "if d.has_rsample:\n    print(d.rsample((2,)).tolist())\n"
                  "print(torch.rand(3).tolist(), torch.randn(1, dtype=torch.float64).tolist())\n")
        cases.append((f"dist_sample_{name}", source))
    for name, constructor in _SAMPLED_ROUNDED:
        source = (_PRELUDE + f"torch.manual_seed(5)\nd = {constructor}\n"
                  "parts = [d.sample().reshape(-1), d.sample((3,)).reshape(-1), "
                  "d.sample((2, 9)).reshape(-1), d.rsample((4,)).reshape(-1)]\n"
                  "print(torch.rand(3).tolist())\nresult = torch.cat(parts)\n")
        cases.append((f"dist_sample_{name}", source))
    return cases


_BY_HAND: list[tuple[str, str]] = [
    # --- reprs ---
    ("dist_repr_params", (
        "D = torch.distributions\n"
        "print(D.Normal(0., 1.), D.Normal(torch.tensor([0.]), 1.), D.Normal(torch.zeros(2), 1.))\n"
        "print(D.Bernoulli(0.3), D.Bernoulli(logits=torch.zeros(2)))\n"
        "c = D.Categorical(torch.ones(3))\nprint(c)\nc.logits\nprint(c)\n"
        "print(D.OneHotCategorical(torch.ones(3)), D.Uniform(0., 1.), D.Exponential(2.))\n"
        "print(D.Laplace(0., 1.), D.Geometric(0.5), D.LogNormal(0., 1.))\n"
        "print(D.MultivariateNormal(torch.zeros(2), torch.eye(2)))\n"
        "print(D.Independent(D.Normal(torch.zeros(2), 1.), 1))\n"
        "print(D.TransformedDistribution(D.Normal(0., 1.), D.transforms.ExpTransform()))")),
    ("dist_repr_constraints", (
        "C = torch.distributions.constraints\n"
        "print(C.real, C.positive, C.nonnegative, C.unit_interval, C.boolean, C.simplex)\n"
        "print(C.real_vector, C.nonnegative_integer, C.positive_integer, C.one_hot)\n"
        "print(C.lower_cholesky, C.positive_definite, C.lower_triangular, C.dependent)\n"
        "print(C.interval(0, 1), C.half_open_interval(-1., 1.), C.greater_than(2.))\n"
        "print(C.greater_than_eq(1), C.less_than(3.), C.integer_interval(0, 4))\n"
        "print(C.independent(C.positive, 2), C.is_dependent(C.dependent), "
        "C.is_dependent(C.real))\n"
        "print(C.positive.event_dim, C.simplex.event_dim, C.real_vector.event_dim, "
        "C.boolean.is_discrete, C.real.is_discrete)\n"
        "D = torch.distributions\n"
        "print(D.Normal.arg_constraints, D.Bernoulli.arg_constraints)\n"
        "print(D.Uniform(0., 1.).arg_constraints, D.Uniform(0., 1.).support)\n"
        "print(D.Categorical(torch.ones(4)).support, D.MultivariateNormal.arg_constraints)\n"
        "print(D.Independent(D.Normal(torch.zeros(2), 1.), 1).support, "
        "D.LogNormal(0., 1.).support)")),
    ("dist_constraint_checks", (
        "C = torch.distributions.constraints\n"
        "x = torch.tensor([[0., 1., 0.5], [float('nan'), -1., 2.]])\n"
        "for c in [C.real, C.positive, C.nonnegative, C.unit_interval, C.boolean, "
        "C.nonnegative_integer, C.interval(-1., 1.), C.half_open_interval(-1., 1.), "
        "C.real_vector, C.simplex, C.one_hot, C.independent(C.unit_interval, 1)]:\n"
        "    print(c, c.check(x).tolist())\n"
        "print(C.simplex.check(torch.tensor([0.2, 0.8])), "
        "C.one_hot.check(torch.tensor([[0., 1.], [1., 1.]])))\n"
        "m = torch.tensor([[[2., 0.], [0.5, 1.]], [[1., 0.2], [0.2, 1.]], [[1., 2.], [2., 1.]]])\n"
        "print(C.lower_cholesky.check(m), C.lower_triangular.check(m), "
        "C.positive_definite.check(m), C.symmetric.check(m), C.square.check(m))")),
    ("dist_shapes_and_expand", (
        "D = torch.distributions\n"
        "n = D.Normal(torch.zeros(2), torch.ones(2))\ne = n.expand((3, 2))\n"
        "print(e, e.batch_shape, e.loc.shape, e.sample((4,)).shape)\n"
        "print(isinstance(n.batch_shape, torch.Size), n.event_shape, n._extended_shape((5,)))\n"
        "c = D.Categorical(torch.ones(2, 4)).expand((3, 2))\n"
        "print(c.batch_shape, c.probs.shape, c.sample().shape, c.sample((5,)).shape)\n"
        "m = D.MultivariateNormal(torch.zeros(3), torch.eye(3)).expand((2,))\n"
        "print(m.batch_shape, m.event_shape, m.loc.shape, m.sample().shape, "
        "m.covariance_matrix.shape)\n"
        "i = D.Independent(D.Normal(torch.zeros(2, 3), 1.), 1)\n"
        "print(i.batch_shape, i.event_shape, i.expand((4, 2)).batch_shape)\n"
        "b = D.Bernoulli(logits=torch.zeros(3)).expand((2, 3))\n"
        "print(b, b.batch_shape, 'probs' in b.__dict__)\n"
        "l = D.LogNormal(0., 1.).expand((2,))\nprint(type(l).__name__, l.batch_shape, "
        "l.loc.shape)\n"
        "o = D.OneHotCategorical(torch.ones(3)).expand((2,))\n"
        "print(o.batch_shape, o.event_shape, o.sample().shape)\n"
        "print(D.Bernoulli(torch.tensor([0.3, 0.7])).enumerate_support().tolist(), "
        "D.Categorical(torch.ones(2, 3)).enumerate_support(False).tolist())\n"
        "print(D.OneHotCategorical(torch.ones(3)).enumerate_support().tolist())")),
    ("dist_properties", (
        "D = torch.distributions\n"
        "print(D.Normal(0., 1.).has_rsample, D.Bernoulli(0.3).has_rsample, "
        "D.Categorical(torch.ones(2)).has_enumerate_support, D.Uniform(0., 1.).has_rsample)\n"
        "print(D.Independent(D.Normal(torch.zeros(2), 1.), 1).has_rsample, "
        "D.Independent(D.Bernoulli(torch.ones(2) / 2), 1).has_enumerate_support)\n"
        "print(D.LogNormal(0., 1.).has_rsample, "
        "D.OneHotCategoricalStraightThrough(torch.ones(2)).has_rsample)\n"
        "b = D.Bernoulli(logits=torch.tensor([0.2, -1.]))\nprint(b.probs, b.param_shape)\n"
        "c = D.Categorical(torch.tensor([1., 3.]))\nprint(c.probs, c.logits, c.param_shape, "
        "c.mode)\n"
        "c = D.Categorical(logits=torch.tensor([1., 3.]))\nprint(c.logits, c.probs)\n"
        "print(D.Geometric(logits=torch.tensor(0.3)).probs, "
        "D.Geometric(torch.tensor(0.3)).logits)\n"
        "print(D.Normal(0., 1.).perplexity(), isinstance(D.Normal(0., 1.), D.ExponentialFamily))")),
    ("dist_exp_family_entropy", (
        "D = torch.distributions\n"
        "n = D.Normal(torch.tensor([0.3, -1.]), torch.tensor([0.5, 2.]))\n"
        "b = D.Bernoulli(torch.tensor([0.3, 0.6]))\ne = D.Exponential(torch.tensor([0.5, 3.]))\n"
        "result = torch.cat([D.ExponentialFamily.entropy(n), D.ExponentialFamily.entropy(b), "
        "D.ExponentialFamily.entropy(e)]).detach()")),
    ("dist_rsample_gradients", (
        "D = torch.distributions\ntorch.manual_seed(3)\n"
        "loc = torch.tensor([0.5, -0.3], requires_grad=True)\n"
        "scale = torch.tensor([1.2, 0.7], requires_grad=True)\n"
        "parts = []\n"
        "for d in [D.Normal(loc, scale), D.Laplace(loc, scale), D.Uniform(loc, loc + scale), "
        "D.Exponential(scale), D.LogNormal(loc, scale), "
        "D.MultivariateNormal(loc, scale_tril=torch.diag(scale)), "
        "D.Independent(D.Normal(loc, scale), 1), "
        "D.TransformedDistribution(D.Normal(loc, scale), D.transforms.TanhTransform())]:\n"
        "    s = d.rsample((3,))\n"
        "    print(type(d).__name__, type(s.grad_fn).__name__, s.shape)\n"
        "    w = torch.linspace(0.5, 1.5, s.numel()).reshape(s.shape)\n"
        "    g = torch.autograd.grad(s, [loc, scale], w, allow_unused=True)\n"
        "    parts += [s.detach().reshape(-1)] + [x.reshape(-1) for x in g if x is not None]\n"
        "result = torch.cat(parts)")),
    ("dist_straight_through", (
        "D = torch.distributions\ntorch.manual_seed(2)\n"
        "p = torch.tensor([0.2, 0.3, 0.5], requires_grad=True)\n"
        "d = D.OneHotCategoricalStraightThrough(p)\ns = d.rsample((2,))\n"
        "print(s.tolist(), type(s.grad_fn).__name__)\n"
        "result = torch.autograd.grad((s * torch.tensor([1., 2., 3.])).sum(), p)[0]")),
    ("dist_transforms", (
        "T = torch.distributions.transforms\nx = torch.tensor([0.3, -1.2, 2.5])\n"
        "parts = []\n"
        "for t in [T.ExpTransform(), T.SigmoidTransform(), T.TanhTransform(), "
        "T.SoftplusTransform(), T.AffineTransform(1., -2.), "
        "T.AffineTransform(torch.tensor([1., 0., 2.]), torch.tensor([2., 3., -1.])), "
        "T.ComposeTransform([T.AffineTransform(0.5, 2.), T.ExpTransform()])]:\n"
        "    y = t(x)\n"
        "    print(t, t.domain, t.codomain, t.bijective, t.sign, t.event_dim)\n"
        "    print(t.inv, t.inv.domain, t.inv.inv is t)\n"
        "    parts += [y, t.inv(y), t.log_abs_det_jacobian(x, y), t.inv.log_abs_det_jacobian(y, "
        "x)]\n"
        "p = T.PowerTransform(2.)\ny = p(x.abs())\nparts += [y, p.inv(y), "
        "p.log_abs_det_jacobian(x.abs(), y)]\n"
        "print(p, p.sign, T.AbsTransform()(x), T.identity_transform, T.identity_transform(x))\n"
        "print(T.ExpTransform() == T.ExpTransform(), T.ExpTransform() == T.SigmoidTransform(), "
        "T.AffineTransform(1., 2.) == T.AffineTransform(1., 2.), "
        "T.ExpTransform().inv == T.ExpTransform().inv)\n"
        "c = T.ExpTransform(cache_size=1)\ny = c(x)\nprint(c.inv(y) is x)\n"
        "print(T.AffineTransform(torch.zeros(3), 1.).forward_shape((2, 1)))\n"
        "result = torch.cat(parts)")),
    ("dist_transforms_simplex_and_matrices", (
        "T = torch.distributions.transforms\nx = torch.tensor([[0.3, -1.2], [2.0, 0.1]])\n"
        "parts = []\n"
        "for t in [T.SoftmaxTransform(), T.StickBreakingTransform(), "
        "T.LowerCholeskyTransform(), T.IndependentTransform(T.ExpTransform(), 1)]:\n"
        "    y = t(x)\n"
        "    print(t, t.domain, t.codomain, t.forward_shape((2, 2)), t.inverse_shape((2, 3)))\n"
        "    parts += [y.reshape(-1), t.inv(y).reshape(-1)]\n"
        "    if not isinstance(t, (T.SoftmaxTransform, T.LowerCholeskyTransform)):\n"
        "        parts.append(t.log_abs_det_jacobian(x, y).reshape(-1))\n"
        "D = torch.distributions\n"
        "d = D.TransformedDistribution(D.Normal(torch.zeros(2), 1.), T.StickBreakingTransform())\n"
        "print(d.batch_shape, d.event_shape, d.support)\n"
        "parts.append(d.log_prob(torch.tensor([0.2, 0.3, 0.5])).reshape(-1))\n"
        "result = torch.cat(parts)")),
    ("dist_constraint_registry", (
        "D = torch.distributions\nC = D.constraints\nx = torch.tensor([0.3, -1.2])\n"
        "parts = []\n"
        "for c in [C.real, C.positive, C.nonnegative, C.greater_than(2.), C.less_than(1.), "
        "C.interval(-1., 3.), C.unit_interval, C.simplex, C.independent(C.positive, 1), "
        "C.greater_than_eq(0.5), C.half_open_interval(0., 1.)]:\n"
        "    for registry in (D.biject_to, D.transform_to):\n"
        "        t = registry(c)\n"
        "        y = t(x)\n"
        "        print(c, t, bool(c.check(y).all()))\n"
        "        parts.append(y)\n"
        "print(D.transform_to(C.lower_cholesky))\n"
        "try:\n    D.biject_to(C.lower_cholesky)\nexcept NotImplementedError as e:\n"
        "    print(e)\n"
        "result = torch.cat(parts)")),
    ("dist_transform_errors", (
        "T = torch.distributions.transforms\n"
        "try:\n    T.ExpTransform(cache_size=2)\nexcept ValueError as e:\n    print(e)\n"
        "D = torch.distributions\n"
        "try:\n    D.TransformedDistribution(D.Normal(0., 1.), 3)\nexcept ValueError as e:\n"
        "    print(e)\n"
        "try:\n    D.TransformedDistribution(D.Normal(0., 1.), [3])\nexcept ValueError as e:\n"
        "    print(e)\n"
        "D.TransformedDistribution(D.Normal(0., 1.), "
        "D.transforms.AffineTransform(0., 1., event_dim=1))")),
]

# the patterns of the tutorials: REINFORCE with a categorical policy, a VAE's
# reparameterised latent and KL term, a Gaussian policy with a tanh squash
_TUTORIALS: list[tuple[str, str]] = [
    ("dist_tutorial_reinforce", (
        "from torch.distributions import Categorical\n"
        "torch.manual_seed(0)\n"
        "policy = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.ReLU(), "
        "torch.nn.Linear(16, 2), torch.nn.Softmax(dim=-1))\n"
        "optimizer = torch.optim.Adam(policy.parameters(), lr=1e-2)\n"
        "log_probs, rewards = [], []\n"
        "for step in range(6):\n"
        "    state = torch.randn(4)\n"
        "    m = Categorical(policy(state))\n"
        "    action = m.sample()\n"
        "    log_probs.append(m.log_prob(action))\n"
        "    rewards.append(1.0 if action.item() == 1 else -0.5)\n"
        "    print(action.item(), action.dtype, action.shape)\n"
        "returns = torch.tensor(rewards)\n"
        "loss = (-torch.stack(log_probs) * returns).sum()\n"
        "print(type(loss.grad_fn).__name__)\n"
        "optimizer.zero_grad()\nloss.backward()\noptimizer.step()\n"
        "result = torch.cat([p.detach().reshape(-1) for p in policy.parameters()] + "
        "[loss.detach().reshape(1)])")),
    ("dist_tutorial_vae", (
        "D = torch.distributions\n"
        "torch.manual_seed(1)\n"
        "encoder = torch.nn.Linear(6, 4)\ndecoder = torch.nn.Linear(2, 6)\n"
        "x = (torch.rand(3, 6) > 0.5).float()\n"
        "mu, log_var = encoder(x).chunk(2, dim=-1)\n"
        "q = D.Normal(mu, torch.exp(0.5 * log_var))\n"
        "z = q.rsample()\n"
        "prior = D.Normal(torch.zeros_like(mu), torch.ones_like(mu))\n"
        "kl = D.kl_divergence(q, prior).sum(-1)\n"
        "recon = D.Bernoulli(logits=decoder(z)).log_prob(x).sum(-1)\n"
        "elbo = (recon - kl).mean()\n"
        "print(z.shape, kl.shape, type(elbo.grad_fn).__name__)\n"
        "(-elbo).backward()\n"
        "q2 = D.Independent(D.Normal(mu, torch.exp(0.5 * log_var)), 1)\n"
        "print(q2.batch_shape, q2.event_shape, "
        "D.kl_divergence(q2, D.Independent(prior, 1)).shape)\n"
        "result = torch.cat([z.detach().reshape(-1), kl.detach(), elbo.detach().reshape(1), "
        "encoder.weight.grad.reshape(-1), decoder.weight.grad.reshape(-1)])")),
    ("dist_tutorial_tanh_gaussian_policy", (
        "D = torch.distributions\n"
        "torch.manual_seed(2)\n"
        "mean = torch.tensor([[0.2, -0.4]], requires_grad=True)\n"
        "log_std = torch.tensor([[-0.5, 0.1]], requires_grad=True)\n"
        "base = D.Normal(mean, log_std.exp())\n"
        "squashed = D.TransformedDistribution(base, [D.transforms.TanhTransform(cache_size=1)])\n"
        "action = squashed.rsample()\n"
        "log_prob = squashed.log_prob(action).sum(-1)\n"
        "print(action.shape, log_prob.shape, type(log_prob.grad_fn).__name__)\n"
        "(log_prob - action.sum()).sum().backward()\n"
        "result = torch.cat([action.detach().reshape(-1), log_prob.detach(), "
        "mean.grad.reshape(-1), log_std.grad.reshape(-1)])")),
    ("dist_tutorial_bayesian_regression", (
        "D = torch.distributions\n"
        "torch.manual_seed(3)\n"
        "w_loc = torch.zeros(3, requires_grad=True)\n"
        "w_rho = torch.full((3,), -3.0, requires_grad=True)\n"
        "posterior = D.Normal(w_loc, torch.nn.functional.softplus(w_rho))\n"
        "prior = D.Normal(0.0, 1.0)\n"
        "w = posterior.rsample((5,))\n"
        "x = torch.randn(4, 3)\n"
        "y = x @ torch.tensor([1.0, -2.0, 0.5])\n"
        "likelihood = D.Normal(w @ x.T, 0.1).log_prob(y).sum()\n"
        "kl = D.kl_divergence(posterior, prior).sum()\n"
        "loss = kl - likelihood / 5\n"
        "loss.backward()\n"
        "print(w.shape, posterior.batch_shape, prior.batch_shape)\n"
        "result = torch.cat([w.detach().reshape(-1), loss.detach().reshape(1), w_loc.grad, "
        "w_rho.grad])")),
]

_KL_PAIRS = [
    ("normal_normal", "D.Normal(values(3), positive(3))", "D.Normal(values(3, offset=1.), 1.5)"),
    ("bernoulli", "D.Bernoulli(unit(3))", "D.Bernoulli(torch.tensor([0.6, 0.5, 0.2]))"),
    ("bernoulli_edges", "D.Bernoulli(torch.tensor([0., 1., 0.3, 0.3]))",
     "D.Bernoulli(torch.tensor([0.5, 0.5, 0., 1.]))"),
    ("categorical", "D.Categorical(unit(2, 3))", "D.Categorical(logits=values(2, 3))"),
    ("categorical_zero", "D.Categorical(torch.tensor([0., 0.4, 0.6]))",
     "D.Categorical(torch.tensor([0.5, 0., 0.5]))"),
    ("onehot", "D.OneHotCategorical(unit(3))", "D.OneHotCategorical(logits=values(3))"),
    ("exponential", "D.Exponential(positive(3))", "D.Exponential(1.5)"),
    ("exponential_normal", "D.Exponential(positive(3))", "D.Normal(values(3), positive(3))"),
    ("exponential_uniform", "D.Exponential(positive(3))", "D.Uniform(0., 2.)"),
    ("laplace", "D.Laplace(values(3), positive(3))", "D.Laplace(0.5, 2.)"),
    ("laplace_normal", "D.Laplace(values(3), positive(3))", "D.Normal(0.5, 2.)"),
    ("laplace_exponential", "D.Laplace(values(3), positive(3))", "D.Exponential(2.)"),
    ("normal_laplace", "D.Normal(values(3), positive(3))", "D.Laplace(0.5, 2.)"),
    ("normal_uniform", "D.Normal(values(3), positive(3))", "D.Uniform(0., 2.)"),
    ("geometric", "D.Geometric(unit(3))", "D.Geometric(0.5)"),
    ("uniform", "D.Uniform(values(3), 3.)", "D.Uniform(-2., positive(3) + 2)"),
    ("uniform_outside", "D.Uniform(torch.tensor([0., -1.]), 2.)", "D.Uniform(-0.5, 2.5)"),
    ("uniform_exponential", "D.Uniform(torch.tensor([0., -1.]), positive(2))",
     "D.Exponential(1.5)"),
    ("uniform_normal", "D.Uniform(values(3), 3.)", "D.Normal(0.5, positive(3))"),
    ("mvn", "D.MultivariateNormal(values(2), torch.tensor([[2., 0.5], [0.5, 1.]]))",
     "D.MultivariateNormal(values(2, offset=1.), "
     "scale_tril=torch.tensor([[1.5, 0.], [0.3, 0.7]]).requires_grad_())"),
    ("independent", "D.Independent(D.Normal(values(2, 3), positive(2, 3)), 1)",
     "D.Independent(D.Normal(torch.zeros(2, 3), 2.), 1)"),
    ("lognormal", "D.LogNormal(values(3), positive(3))", "D.LogNormal(1., 2.)"),
    ("gamma", "D.Gamma(positive(3), positive(3))", "D.Gamma(2., 0.5)"),
    ("beta", "D.Beta(positive(3), unit(3))", "D.Beta(2., 0.5)"),
    ("dirichlet", "D.Dirichlet(positive(2, 3))", "D.Dirichlet(torch.tensor([1., 2., 3.]))"),
    ("poisson", "D.Poisson(positive(3))", "D.Poisson(2.)"),
    ("binomial", "D.Binomial(10, unit(3))", "D.Binomial(10, torch.tensor([0.2, 0.5, 0.9]))"),
    ("binomial_more_trials", "D.Binomial(torch.tensor([10., 12.]), unit(2))",
     "D.Binomial(10, torch.tensor([0.2, 0.5]))"),
    ("bernoulli_poisson", "D.Bernoulli(unit(3))", "D.Poisson(positive(3))"),
    ("beta_exponential", "D.Beta(positive(3), unit(3))", "D.Exponential(positive(3))"),
    ("beta_gamma", "D.Beta(positive(3), unit(3))", "D.Gamma(2., positive(3))"),
    ("beta_normal", "D.Beta(positive(3), unit(3))", "D.Normal(values(3), 2.)"),
    ("beta_uniform", "D.Beta(positive(3), unit(3))", "D.Uniform(torch.tensor([0., -1., 0.2]), 1.)"),
    ("exponential_gamma", "D.Exponential(positive(3))", "D.Gamma(positive(3), 2.)"),
    ("gamma_exponential", "D.Gamma(positive(3), 2.)", "D.Exponential(positive(3))"),
    ("gamma_normal", "D.Gamma(positive(3), 2.)", "D.Normal(values(3), positive(3))"),
    ("uniform_beta", "D.Uniform(torch.tensor([0.1, 0.2, -0.5]), 0.9)", "D.Beta(positive(3), 2.)"),
    ("uniform_gamma", "D.Uniform(torch.tensor([0.1, 2., -0.5]), 3.)", "D.Gamma(positive(3), 2.)"),
    ("gamma_uniform", "D.Gamma(positive(3), 2.)", "D.Uniform(0., 1.)"),
    ("normal_gamma", "D.Normal(values(3), 1.)", "D.Gamma(2., 2.)"),
    ("poisson_binomial", "D.Poisson(positive(3))", "D.Binomial(10, 0.5)"),
    ("cauchy", "D.Cauchy(values(3), positive(3))", "D.Cauchy(0.5, 2.)"),
    ("half_normal", "D.HalfNormal(positive(3))", "D.HalfNormal(2.)"),
    ("gumbel", "D.Gumbel(values(3), positive(3))", "D.Gumbel(0.5, 2.)"),
    ("exponential_gumbel", "D.Exponential(positive(3))", "D.Gumbel(0.5, positive(3))"),
    ("gamma_gumbel", "D.Gamma(positive(3), 2.)", "D.Gumbel(values(3), 1.5)"),
    ("gumbel_normal", "D.Gumbel(values(3), positive(3))", "D.Normal(0.5, 2.)"),
    ("normal_gumbel", "D.Normal(values(3), positive(3))", "D.Gumbel(0.5, 2.)"),
    ("uniform_gumbel", "D.Uniform(values(3), 3.)", "D.Gumbel(0.5, positive(3))"),
    ("gumbel_exponential", "D.Gumbel(values(3), positive(3))", "D.Exponential(2.)"),
    ("chi2_chi2", "D.Chi2(positive(3))", "D.Chi2(3.)"),
]


def _kl_cases() -> list[tuple[str, str]]:
    cases = []
    for name, p, q in _KL_PAIRS:
        source = (_PRELUDE + f"p = {p}\nq = {q}\nk = D.kl_divergence(p, q)\n"
                  "print(k.dtype, tuple(k.shape), name_of(k))\nparts = [k.detach().reshape(-1)]\n"
                  "leaves = [t for t in (list(vars(p).values()) + list(vars(q).values())) "
                  "if isinstance(t, torch.Tensor) and t.is_leaf and t.requires_grad]\n"
                  "if k.requires_grad and leaves:\n"
                  "    parts += [g.reshape(-1) for g in torch.autograd.grad(k.sum(), leaves)]\n"
                  "result = torch.cat(parts)\n")
        cases.append((f"dist_kl_{name}", source))
    return cases


_ERRORS = [
    ("normal_scale", "D.Normal(0., -1.)"),
    ("normal_scale_tensor", "D.Normal(torch.zeros(3), torch.tensor([1., 0., 2.]))"),
    ("normal_nan_loc", "D.Normal(torch.tensor([0., float('nan')]), 1.)"),
    ("bernoulli_probs", "D.Bernoulli(torch.tensor([0.5, 1.5]))"),
    ("bernoulli_both", "D.Bernoulli(0.3, 0.2)"),
    ("bernoulli_neither", "D.Bernoulli()"),
    ("categorical_negative", "D.Categorical(torch.tensor([0.5, -0.1]))"),
    ("categorical_scalar", "D.Categorical(torch.tensor(0.5))"),
    ("categorical_logits_scalar", "D.Categorical(logits=torch.tensor(0.5))"),
    ("uniform_order", "D.Uniform(1., 0.)"),
    ("exponential_rate", "D.Exponential(torch.tensor([1., -2.]))"),
    ("laplace_scale", "D.Laplace(0., 0.)"),
    ("geometric_zero", "D.Geometric(torch.tensor([0., 0.5]))"),
    ("mvn_not_pd", "D.MultivariateNormal(torch.zeros(2), torch.tensor([[1., 2.], [2., 1.]]))"),
    ("mvn_not_tril", "D.MultivariateNormal(torch.zeros(2), scale_tril=torch.ones(2, 2))"),
    ("mvn_two_matrices", "D.MultivariateNormal(torch.zeros(2), torch.eye(2), torch.eye(2))"),
    ("mvn_scalar_loc", "D.MultivariateNormal(torch.tensor(0.), torch.eye(1))"),
    ("mvn_vector_cov", "D.MultivariateNormal(torch.zeros(2), torch.ones(2))"),
    ("independent_too_many", "D.Independent(D.Normal(torch.zeros(2), 1.), 2)"),
    ("log_prob_event_shape",
     "D.MultivariateNormal(torch.zeros(2), torch.eye(2)).log_prob(torch.zeros(3))"),
    ("log_prob_broadcast", "D.Normal(torch.zeros(3), 1.).log_prob(torch.zeros(2))"),
    ("log_prob_not_tensor", "D.Normal(0., 1.).log_prob(0.5)"),
    ("log_prob_support_exponential", "D.Exponential(1.).log_prob(torch.tensor([1., -1.]))"),
    ("log_prob_support_bernoulli", "D.Bernoulli(0.3).log_prob(torch.tensor(0.5))"),
    ("log_prob_support_categorical",
     "D.Categorical(torch.ones(3)).log_prob(torch.tensor([1, 3]))"),
    ("log_prob_support_uniform", "D.Uniform(0., 1.).log_prob(torch.tensor(1.5))"),
    ("log_prob_support_onehot",
     "D.OneHotCategorical(torch.ones(3)).log_prob(torch.tensor([1., 1., 0.]))"),
    ("log_prob_support_lognormal", "D.LogNormal(0., 1.).log_prob(torch.tensor(-1.))"),
    ("kl_not_implemented", "D.kl_divergence(D.Bernoulli(0.3), D.Normal(0., 1.))"),
    ("kl_binomial_fewer_trials", "D.kl_divergence(D.Binomial(5, 0.3), D.Binomial(10, 0.3))"),
    ("gamma_concentration", "D.Gamma(torch.tensor([1., 0.]), 1.)"),
    ("poisson_rate", "D.Poisson(torch.tensor([1., -0.5]))"),
    ("binomial_count", "D.Binomial(torch.tensor([2.5, 3.]), 0.3)"),
    ("binomial_inhomogeneous_entropy",
     "D.Binomial(torch.tensor([2., 3.]), 0.3).entropy()"),
    ("dirichlet_scalar", "D.Dirichlet(torch.tensor(1.))"),
    ("dirichlet_negative", "D.Dirichlet(torch.tensor([1., -1.]))"),
    ("beta_zero", "D.Beta(1., 0.)"),
    ("log_prob_support_poisson", "D.Poisson(2.).log_prob(torch.tensor(1.5))"),
    ("log_prob_support_binomial", "D.Binomial(3, 0.5).log_prob(torch.tensor(4.))"),
    ("log_prob_support_beta", "D.Beta(2., 2.).log_prob(torch.tensor(1.5))"),
    ("log_prob_support_dirichlet",
     "D.Dirichlet(torch.ones(3)).log_prob(torch.tensor([0.5, 0.6, 0.1]))"),
    ("kl_cross_family", "D.kl_divergence(D.Normal(0., 1.), D.Bernoulli(0.3))"),
    ("validate_args_off", "print(D.Normal(0., -1., validate_args=False).scale)\n"
                          "print(D.Exponential(1., validate_args=False)"
                          ".log_prob(torch.tensor(-1.)))"),
    ("set_default_validate_args", "D.Distribution.set_default_validate_args(False)\n"
                                  "print(D.Normal(0., -1.).scale)\n"
                                  "D.Distribution.set_default_validate_args(True)\n"
                                  "D.Normal(0., -1.)"),
]


def _error_cases() -> list[tuple[str, str]]:
    cases = []
    for name, statement in _ERRORS:
        caught = ("D = torch.distributions\ntry:\n    "
                  + statement.replace("\n", "\n    ")
                  + "\nexcept Exception as e:\n    print(type(e).__name__, e)\n")
        cases.append((f"dist_error_{name}", caught))
    # one uncaught: the recorded error type itself
    cases.append(("dist_error_uncaught", "D = torch.distributions\nD.Normal(0., -1.)"))
    return cases


CASES: list[tuple[str, str]] = (_stats_cases() + _sample_cases() + _BY_HAND + _TUTORIALS
                                + _kl_cases() + _error_cases())
