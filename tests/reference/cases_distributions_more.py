"""torch.distributions cases for the families and transforms added after the first set
(ContinuousBernoulli, FisherSnedecor, GeneralizedPareto, Kumaraswamy, LKJCholesky,
LowRankMultivariateNormal, VonMises, Wishart; Cat/Stack/Reshape/CorrCholesky/
PositiveDefinite/CumulativeDistribution transforms), recorded from torch 2.13.

`stats` cases print the repr, shapes and, for each method, dtype, shape and grad_fn name;
the values and their gradients form `result`. `sample` cases seed the generator and print
the draws exactly with ``tolist()`` (float32 draws that pass through transcendental
functions are compared to rounding, as `result`), then a further draw to show the stream
was consumed as torch consumes it. Further cases cover argument checks, expand, KL
divergences, transforms and constraints. Ids start with ``dm_``.
"""

from __future__ import annotations

_PRELUDE = '''\
D = torch.distributions
T = torch.distributions.transforms
C = torch.distributions.constraints
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
        parts.append(out.detach().reshape(-1))
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
def attempt(fn):
    try:
        out = fn()
    except Exception as e:
        print(type(e).__name__, e)
    else:
        print("ok", out if not isinstance(out, torch.Tensor) else tuple(out.shape))
def corr_chol(*batch, dim=3, dtype=torch.float32):
    x = values(*batch, dim * (dim - 1) // 2, scale=0.8, dtype=dtype, grad=False)
    return T.CorrCholeskyTransform()(x)
def spd(*batch, n=3, dtype=torch.float32, shift=1.0):
    a = values(*batch, n, n, scale=0.7, dtype=dtype, grad=False)
    return a @ a.mT + shift * torch.eye(n, dtype=dtype)
'''

_ALL = ("log_prob", "entropy", "mean", "mode", "variance", "stddev")
_CB = ("log_prob", "entropy", "mean", "variance", "stddev", "cdf", "icdf")

# (id, constructor, value scored, parameters to differentiate, methods)
_STATS = [
    # float64 where gradients are printed: the exact formulas cancel badly near p = 1/2,
    # which turns last-bit differences of float32 log1p into visible ones
    ("cb_probs", "D.ContinuousBernoulli(torch.tensor([0.1, 0.4995, 0.5, 0.7, 0.98], "
     "dtype=torch.float64).requires_grad_())",
     "torch.tensor([0.3, 0.5, 0.9, 0.0, 1.0], dtype=torch.float64)", "[d.probs]", _CB),
    ("cb_logits", "D.ContinuousBernoulli(logits=values(2, 3, dtype=torch.float64))",
     "unit(2, 3, dtype=torch.float64, grad=False)", "[d.logits]", _CB),
    ("cb_scalar", "D.ContinuousBernoulli(0.3)", "torch.tensor([0.25, 0.75])", "[]", _CB),
    ("cb_float64", "D.ContinuousBernoulli(unit(4, dtype=torch.float64))",
     "unit(4, dtype=torch.float64, grad=False)", "[d.probs]", _CB),
    ("fisher", "D.FisherSnedecor(positive(4) * 3, positive(4) * 2)",
     "positive(2, 4, grad=False)", "[d.df1, d.df2]", ("log_prob", "mean", "mode", "variance")),
    ("fisher_small_df", "D.FisherSnedecor(torch.tensor([1., 3., 5.]), "
     "torch.tensor([1.5, 3., 6.]))", "torch.tensor([0.5, 1., 2.])", "[]",
     ("log_prob", "mean", "mode", "variance", "stddev")),
    ("gpd", "D.GeneralizedPareto(values(4), positive(4), torch.tensor([0.3, 0., -0.2, 0.7])"
     ".requires_grad_())", "values(4, grad=False) + 0.5", "[d.loc, d.scale, d.concentration]",
     ("log_prob", "entropy", "mean", "mode", "variance", "cdf")),
    ("gpd_icdf", "D.GeneralizedPareto(values(4), positive(4), torch.tensor([0.3, 0., -0.2, 0.7])"
     ".requires_grad_())", "unit(4, grad=False)", "[d.loc, d.scale, d.concentration]",
     ("icdf",)),
    ("gpd_scalar", "D.GeneralizedPareto(0., 1., 0.1)", "torch.tensor([0.5, 3.])", "[]",
     ("log_prob", "entropy", "mean", "variance", "cdf", "icdf")),
    ("kumaraswamy", "D.Kumaraswamy(positive(3) * 2, positive(3) * 0.8)",
     "unit(3, grad=False)", "[d.concentration1, d.concentration0]",
     ("log_prob", "entropy", "mean", "mode", "variance", "stddev")),
    ("kumaraswamy_cdf", "D.Kumaraswamy(positive(3), positive(3))", "unit(3, grad=False)",
     "[d.concentration1, d.concentration0]", ("cdf", "icdf")),
    ("lkj", "D.LKJCholesky(3, positive(2))", "corr_chol(2)", "[d.concentration]",
     ("log_prob",)),
    ("lkj_scalar", "D.LKJCholesky(4, 0.5)", "corr_chol(dim=4)", "[]", ("log_prob",)),
    ("lowrank", "D.LowRankMultivariateNormal(values(3), values(3, 2, scale=0.8), positive(3))",
     "values(2, 3, grad=False) * 2", "[d.loc, d.cov_factor, d.cov_diag]",
     ("log_prob", "entropy", "mean", "mode", "variance", "stddev")),
    ("lowrank_matrices", "D.LowRankMultivariateNormal(values(2, 3), values(3, 1, scale=0.8), "
     "positive(3))", "values(3, grad=False)", "[d.cov_factor, d.cov_diag]",
     ("scale_tril", "covariance_matrix", "precision_matrix")),
    ("von_mises", "D.VonMises(values(4), torch.tensor([0.5, 2., 3.75, 9.]).requires_grad_())",
     "values(2, 4, grad=False) * 2", "[d.loc, d.concentration]",
     ("log_prob", "mean", "mode", "variance")),
    ("wishart_cov", "D.Wishart(torch.tensor([4., 6.]).requires_grad_(), "
     "spd(n=3).requires_grad_())", "spd(2, n=3, shift=2.)", "[d.df, d.covariance_matrix]",
     ("log_prob", "entropy", "mean", "mode", "variance")),
    ("wishart_tril", "D.Wishart(5., scale_tril=torch.linalg.cholesky(spd(n=2))"
     ".requires_grad_())", "spd(n=2, shift=0.5)", "[d.scale_tril]",
     ("log_prob", "entropy", "mean", "variance", "precision_matrix")),
    ("wishart_precision", "D.Wishart(torch.tensor(3.5, dtype=torch.float64), "
     "precision_matrix=spd(n=2, dtype=torch.float64).requires_grad_())",
     "spd(3, n=2, dtype=torch.float64)", "[d.precision_matrix]",
     ("log_prob", "entropy", "mean", "mode", "covariance_matrix")),
    ("pareto_cdf", "D.Pareto(positive(3), positive(3) * 1.5)", "positive(3, grad=False) + 1",
     "[d.scale, d.alpha]", ("cdf", "icdf")),
    ("half_cauchy_icdf", "D.HalfCauchy(positive(3))", "unit(3, grad=False)", "[d.scale]",
     ("icdf", "cdf")),
    ("inverse_gamma_more", "D.InverseGamma(torch.tensor([0.5, 1.5, 3.]), positive(3))",
     "positive(3, grad=False)", "[d.rate]", ("mean", "variance", "mode", "log_prob")),
]


def _stats_cases() -> list[tuple[str, str]]:
    cases = []
    for name, constructor, value, params, methods in _STATS:
        source = (_PRELUDE + f"d = {constructor}\nvalue = {value}\n"
                  f"result = report(d, value, {params}, {methods!r})\n")
        cases.append((f"dm_stats_{name}", source))
    return cases


# (id, constructor): draws printed exactly, and a uniform after them
_SAMPLED = [
    ("lowrank", "D.LowRankMultivariateNormal(torch.tensor([0., 1., -1.]), "
                "torch.tensor([[1., 0.], [0.5, 0.3], [-0.2, 1.]]), torch.tensor([0.5, 1., 2.]))"),
    ("lowrank_float64", "D.LowRankMultivariateNormal(torch.zeros(2, 2, dtype=torch.float64), "
                        "torch.ones(2, 1, dtype=torch.float64), "
                        "torch.ones(2, dtype=torch.float64))"),
    ("fisher", "D.FisherSnedecor(torch.tensor([1., 4., 30.]), torch.tensor([2., 0.5, 10.]))"),
    ("fisher_scalar", "D.FisherSnedecor(3., 7.)"),
    ("von_mises", "D.VonMises(torch.tensor([0., 1., -2.]), torch.tensor([0.5, 4., 1e-6]))"),
    ("von_mises_float64", "D.VonMises(torch.tensor(3., dtype=torch.float64), "
                          "torch.tensor(20., dtype=torch.float64))"),
    ("wishart_float64", "D.Wishart(torch.tensor(2.5, dtype=torch.float64), "
                        "precision_matrix=torch.eye(2, dtype=torch.float64) * 2)"),
]

# float32 draws through log1p/pow/exp/sqrt, norms or matrix products, whose last bit
# ember's NumPy kernels (and BLAS) do not always share with torch's: to rounding
_SAMPLED_ROUNDED = [
    ("gpd", "D.GeneralizedPareto(torch.tensor([0., 1.]), 2., torch.tensor([0., 0.5]))"),
    # float64: a diagonal entry is sqrt(1 - |row|^2), which cancels when the row is long
    ("lkj", "D.LKJCholesky(3, torch.tensor([0.5, 2.], dtype=torch.float64))"),
    ("lkj_scalar", "D.LKJCholesky(4, 1.)"),
    ("wishart", "D.Wishart(torch.tensor(4.), torch.tensor([[2., 0.5], [0.5, 1.]]))"),
    ("wishart_batch", "D.Wishart(torch.tensor([3., 5.]), scale_tril=torch.eye(3))"),
    ("cb", "D.ContinuousBernoulli(torch.tensor([0.2, 0.5, 0.9]))"),
    ("cb_logits", "D.ContinuousBernoulli(logits=torch.tensor([[-1., 0.3], [2., 0.]]))"),
    ("kumaraswamy", "D.Kumaraswamy(torch.tensor([0.5, 2.]), torch.tensor([3., 1.]))"),
    ("gpd_float32", "D.GeneralizedPareto(0., torch.tensor([1., 2.]), torch.tensor([-0.3, 0.4]))"),
]


def _sample_cases() -> list[tuple[str, str]]:
    cases = []
    for name, constructor in _SAMPLED:
        source = (_PRELUDE + f"torch.manual_seed(4)\nd = {constructor}\n"
                  "print(d.sample().tolist())\nprint(d.sample((3,)).tolist())\n"
                  "if d.has_rsample:\n    print(d.rsample((2,)).tolist())\n"
                  "print(torch.rand(3).tolist(), torch.randn(1, dtype=torch.float64).tolist())\n")
        cases.append((f"dm_sample_{name}", source))
    for name, constructor in _SAMPLED_ROUNDED:
        source = (_PRELUDE + f"torch.manual_seed(6)\nd = {constructor}\n"
                  "parts = [d.sample().reshape(-1), d.sample((3,)).reshape(-1), "
                  "d.sample((2, 5)).reshape(-1)]\n"
                  "if d.has_rsample:\n    parts.append(d.rsample((4,)).reshape(-1))\n"
                  "print(torch.rand(3).tolist())\nresult = torch.cat(parts)\n")
        cases.append((f"dm_sample_{name}", source))
    return cases


_BY_HAND: list[tuple[str, str]] = [
    ("dm_names", (
        "D = torch.distributions\n"
        "for n in ['ContinuousBernoulli', 'FisherSnedecor', 'GeneralizedPareto', 'Kumaraswamy',"
        " 'LKJCholesky', 'LowRankMultivariateNormal', 'VonMises', 'Wishart', 'InverseGamma',"
        " 'HalfCauchy', 'Pareto', 'CatTransform', 'CorrCholeskyTransform',"
        " 'CumulativeDistributionTransform', 'IndependentTransform', 'LowerCholeskyTransform',"
        " 'PositiveDefiniteTransform', 'ReshapeTransform', 'SoftmaxTransform', 'StackTransform',"
        " 'StickBreakingTransform']:\n"
        "    print(n, n in D.__all__, getattr(D, n).__name__)\n"
        "import torch.distributions.von_mises, torch.distributions.wishart\n"
        "import torch.distributions.half_cauchy, torch.distributions.pareto\n"
        "import torch.distributions.inverse_gamma, torch.distributions.lkj_cholesky\n"
        "print(D.half_cauchy.HalfCauchy is D.HalfCauchy, D.pareto.Pareto is D.Pareto, "
        "D.inverse_gamma.InverseGamma is D.InverseGamma)\n"
        "for cls in [D.ContinuousBernoulli, D.FisherSnedecor, D.GeneralizedPareto, "
        "D.Kumaraswamy, D.LKJCholesky, D.LowRankMultivariateNormal, D.VonMises, D.Wishart]:\n"
        "    print(cls.__name__, cls.has_rsample, cls.arg_constraints if "
        "isinstance(cls.arg_constraints, dict) else 'property', cls.support)\n"
        "print(issubclass(D.ContinuousBernoulli, D.ExponentialFamily), "
        "issubclass(D.Wishart, D.ExponentialFamily), "
        "issubclass(D.Kumaraswamy, D.TransformedDistribution))")),
    ("dm_repr_and_shapes", (
        _PRELUDE +
        "ds = [D.ContinuousBernoulli(torch.tensor([0.3, 0.6])), D.ContinuousBernoulli(0.2),\n"
        "      D.FisherSnedecor(2., torch.ones(3)), D.GeneralizedPareto(0., 1., 0.2),\n"
        "      D.Kumaraswamy(torch.ones(2), 2.), D.LKJCholesky(3), "
        "D.LKJCholesky(2, torch.ones(2)),\n"
        "      D.LowRankMultivariateNormal(torch.zeros(2, 3), torch.ones(3, 1), torch.ones(3)),\n"
        "      D.VonMises(torch.zeros(2), 1.), D.VonMises(0., 1.),\n"
        "      D.Wishart(torch.tensor(3.), torch.eye(2)), "
        "D.Wishart(torch.tensor([3., 4.]), scale_tril=torch.eye(2))]\n"
        "for d in ds:\n"
        "    print(d, d.batch_shape, d.event_shape, d.support)\n"
        "    e = d.expand((4,) + tuple(d.batch_shape))\n"
        "    print(' ', type(e).__name__, e.batch_shape, e.event_shape, e.sample().shape, "
        "e._validate_args == d._validate_args)\n"
        "    print(' ', d.sample((2,)).shape, d.log_prob(d.sample()).shape)\n")),
    ("dm_expand_params", (
        _PRELUDE +
        "c = D.ContinuousBernoulli(logits=torch.zeros(3)).expand((2, 3))\n"
        "print(c.logits.shape, 'probs' in c.__dict__, c._lims, c.param_shape)\n"
        "f = D.FisherSnedecor(torch.tensor([2., 3.]), 4.).expand((3, 2))\n"
        "print(f.df1.shape, f._gamma1.batch_shape, f.mean.shape)\n"
        "g = D.GeneralizedPareto(0., 1., 0.3).expand((2,))\nprint(g.loc.shape, g.entropy())\n"
        "k = D.Kumaraswamy(torch.tensor([2., 3.]), 1.5).expand((2, 2))\n"
        "print(k.concentration1.shape, k.base_dist.batch_shape, k.mean)\n"
        "l = D.LKJCholesky(3, 2.).expand((2,))\nprint(l.concentration, l._beta.batch_shape)\n"
        "r = D.LowRankMultivariateNormal(torch.zeros(3), torch.ones(3, 2), torch.ones(3))"
        ".expand((2,))\n"
        "print(r.loc.shape, r.cov_factor.shape, r.cov_diag.shape, r.variance.shape, "
        "r.scale_tril.shape, r.entropy())\n"
        "v = D.VonMises(torch.zeros(2), 1., validate_args=False).expand((3, 2))\n"
        "print(type(v).__name__, v.loc.shape, v._validate_args)\n"
        "w = D.Wishart(torch.tensor(3.), torch.eye(2)).expand((2,))\n"
        "print(w.df, 'covariance_matrix' in w.__dict__, w.covariance_matrix.shape, "
        "w._dist_chi2.batch_shape, w._batch_dims)\n")),
    ("dm_argument_errors", (
        _PRELUDE +
        "attempt(lambda: D.ContinuousBernoulli())\n"
        "attempt(lambda: D.ContinuousBernoulli(0.3, 0.2))\n"
        "attempt(lambda: D.ContinuousBernoulli(torch.tensor([1.5]), validate_args=False))\n"
        "attempt(lambda: D.ContinuousBernoulli(torch.tensor([1.5])))\n"
        "attempt(lambda: D.ContinuousBernoulli(torch.tensor([1.5]), validate_args=True))\n"
        "attempt(lambda: D.ContinuousBernoulli(logits=torch.tensor([float('nan')]), "
        "validate_args=True))\n"
        "attempt(lambda: D.FisherSnedecor(torch.tensor([1., -1.]), 2., validate_args=True))\n"
        "attempt(lambda: D.GeneralizedPareto(0., torch.tensor([-1.]), 0., validate_args=True))\n"
        "attempt(lambda: D.Kumaraswamy(torch.tensor([0.]), 1., validate_args=True))\n"
        "g64 = D.GeneralizedPareto(torch.zeros(2, dtype=torch.float64), 1., 0.1)\n"
        "attempt(lambda: g64.log_prob(torch.ones(2, dtype=torch.float64)))\n"
        "attempt(lambda: g64.cdf(torch.ones(2, dtype=torch.float64)))\n"
        "attempt(lambda: g64.icdf(torch.ones(2, dtype=torch.float64) / 2))\n"
        "attempt(lambda: D.LKJCholesky(1))\n"
        "attempt(lambda: D.LKJCholesky(3, torch.tensor([-1.]), validate_args=True))\n"
        "attempt(lambda: D.LowRankMultivariateNormal(torch.tensor(0.), torch.ones(1, 1), "
        "torch.ones(1)))\n"
        "attempt(lambda: D.LowRankMultivariateNormal(torch.zeros(2), torch.ones(2), "
        "torch.ones(2)))\n"
        "attempt(lambda: D.LowRankMultivariateNormal(torch.zeros(2), torch.ones(3, 1), "
        "torch.ones(2)))\n"
        "attempt(lambda: D.LowRankMultivariateNormal(torch.zeros(2), torch.ones(2, 1), "
        "torch.ones(3)))\n"
        "attempt(lambda: D.LowRankMultivariateNormal(torch.zeros(2, 2), torch.ones(3, 2, 1), "
        "torch.ones(2)))\n"
        "attempt(lambda: D.LowRankMultivariateNormal(torch.zeros(2), torch.ones(2, 1), "
        "-torch.ones(2), validate_args=True))\n"
        "attempt(lambda: D.VonMises(0., torch.tensor([-1.]), validate_args=True))\n"
        "attempt(lambda: D.Wishart(3.))\n"
        "attempt(lambda: D.Wishart(3., torch.eye(2), scale_tril=torch.eye(2)))\n"
        "attempt(lambda: D.Wishart(3., torch.ones(2)))\n"
        "attempt(lambda: D.Wishart(0.5, torch.eye(2)))\n"
        "attempt(lambda: D.Wishart(torch.tensor([3., 1.]), torch.eye(2)))\n"
        "attempt(lambda: D.Wishart(3., torch.tensor([[1., 2.], [2., 1.]]), "
        "validate_args=True))\n"
        "attempt(lambda: D.Wishart(3., scale_tril=torch.tensor([[1., 0.], [2., -1.]]), "
        "validate_args=True))\n"
        "attempt(lambda: D.Wishart(1.5, torch.eye(2)))\n"
        "attempt(lambda: D.Wishart(torch.tensor(3.), torch.eye(2)).log_prob(torch.ones(2, 2)))\n"
        "attempt(lambda: D.LKJCholesky(2).log_prob(torch.eye(3)))\n"
        "attempt(lambda: D.LKJCholesky(2).log_prob(torch.ones(2, 2)))\n"
        "attempt(lambda: D.VonMises(0., 1.).log_prob(torch.tensor(float('nan'))))\n"
        "attempt(lambda: D.ContinuousBernoulli(0.3).log_prob(torch.tensor(1.5)))\n"
        "attempt(lambda: D.Kumaraswamy(1., 1.).log_prob(torch.tensor(-0.5)))\n"
        "try:\n    D.ContinuousBernoulli(0.3).mode\nexcept NotImplementedError as e:\n"
        "    print('NotImplementedError', str(e).split()[-3:])\n"
        "attempt(lambda: D.LKJCholesky(3).rsample())\n"
        "attempt(lambda: D.VonMises(0., 1.).rsample())\n"
        "attempt(lambda: D.LKJCholesky(3).entropy())\n")),
    ("dm_wishart_warnings", (
        _PRELUDE +
        "import warnings\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    d = D.Wishart(torch.tensor([1.5, 3.]), torch.eye(2))\n"
        "    torch.manual_seed(2)\n"
        "    s = d.rsample((2,))\n"
        "    s2 = D.Wishart(torch.tensor(4.), torch.eye(2)).rsample(max_try_correction=0)\n"
        "print([str(w.message) for w in caught])\n"
        "print(s.shape, s2.shape, torch.rand(2).tolist())\n"
        "result = torch.cat([s.reshape(-1), s2.reshape(-1)])\n")),
    ("dm_kl_values", (
        _PRELUDE +
        "cb = D.ContinuousBernoulli(torch.tensor([0.2, 0.5, 0.8]).requires_grad_())\n"
        "cb2 = D.ContinuousBernoulli(logits=values(3))\n"
        "pa = D.Pareto(positive(3), torch.tensor([0.8, 1.5, 3.]).requires_grad_())\n"
        "pa2 = D.Pareto(positive(3) * 0.9, positive(3) * 2)\n"
        "be = D.Beta(positive(3), unit(3) + 0.5)\n"
        "ex = D.Exponential(positive(3))\nga = D.Gamma(positive(3), positive(3))\n"
        "no = D.Normal(values(3), positive(3))\nun = D.Uniform(values(3) - 2, positive(3))\n"
        "un01 = D.Uniform(torch.tensor([0.1, 0., 0.2]), torch.tensor([0.9, 1., 1.2]))\n"
        "gu = D.Gumbel(values(3), positive(3))\nla = D.Laplace(values(3), positive(3))\n"
        "pairs = [(cb, cb2), (cb2, cb), (be, cb), (be, pa), (cb, pa), (cb, ex), (cb, no), "
        "(cb, un), (cb, un01), (un01, cb), (ex, cb), (ex, pa), (ga, cb), (ga, pa), (gu, cb), "
        "(gu, pa), (la, cb), (la, pa), (no, cb), (no, pa), (pa, pa2), (pa2, pa), (pa, be), "
        "(pa, cb), (pa, un), (pa, ex), (pa, ga), (pa, no), (pa2, no), (un, pa), "
        "(D.Uniform(positive(3) + 1, positive(3) + 3), pa)]\n"
        "parts = []\n"
        "for p, q in pairs:\n"
        "    k = D.kl_divergence(p, q)\n"
        "    print(type(p).__name__, type(q).__name__, k.dtype, tuple(k.shape), name_of(k))\n"
        "    parts.append(k.detach().reshape(-1))\n"
        "result = torch.cat(parts)\n")),
    ("dm_kl_gradients", (
        _PRELUDE +
        "f64 = torch.float64\n"
        "cbp = torch.tensor([0.2, 0.6, 0.8], dtype=f64, requires_grad=True)\n"
        "lq = values(3, dtype=f64)\n"
        "k1 = D.kl_divergence(D.ContinuousBernoulli(cbp), D.ContinuousBernoulli(logits=lq))\n"
        "sc, al = positive(3, dtype=f64), positive(3, dtype=f64) * 2\n"
        "k2 = D.kl_divergence(D.Pareto(sc, al), "
        "D.Pareto(positive(3, dtype=f64, grad=False) * 0.5, 2.))\n"
        "k3 = D.kl_divergence(D.Pareto(sc, al + 2), "
        "D.Normal(values(3, dtype=f64), positive(3, dtype=f64)))\n"
        "k4 = D.kl_divergence(D.ContinuousBernoulli(cbp), D.Normal(lq, 2.))\n"
        "parts = []\n"
        "for k, params in [(k1, [cbp, lq]), (k2, [sc, al]), (k3, [sc, al]), (k4, [cbp, lq])]:\n"
        "    print(name_of(k))\n"
        "    for g in torch.autograd.grad(k.sum(), params):\n"
        "        parts.append(g)\n"
        "result = torch.cat(parts)\n")),
    ("dm_kl_lowrank", (
        _PRELUDE +
        "loc1, f1, d1 = values(2, 3), values(3, 2, scale=0.7), positive(3)\n"
        "loc2, f2, d2 = values(3, offset=1.), values(2, 3, 1, scale=0.5), positive(2, 3) * 0.8\n"
        "p = D.LowRankMultivariateNormal(loc1, f1, d1)\n"
        "q = D.LowRankMultivariateNormal(loc2, f2, d2)\n"
        "m = D.MultivariateNormal(values(3, offset=2.), spd(n=3).requires_grad_())\n"
        "m2 = D.MultivariateNormal(values(2, 3, offset=2.), scale_tril=torch.linalg.cholesky("
        "spd(2, n=3)).requires_grad_())\n"
        "parts = []\n"
        "params = [loc1, f1, d1, loc2, f2, d2]\n"
        "for a, b in [(p, q), (q, p), (p, m), (m, p), (m2, q), (q, m2)]:\n"
        "    k = D.kl_divergence(a, b)\n"
        "    print(type(a).__name__, type(b).__name__, tuple(k.shape), name_of(k))\n"
        "    parts.append(k.detach().reshape(-1))\n"
        "    for g in torch.autograd.grad(k.sum(), params, allow_unused=True, "
        "retain_graph=True):\n"
        "        if g is not None:\n"
        "            parts.append(g.reshape(-1))\n"
        "small = D.LowRankMultivariateNormal(torch.zeros(2), torch.ones(2, 1), torch.ones(2))\n"
        "attempt(lambda: D.kl_divergence(small, q))\n"
        "attempt(lambda: D.kl_divergence(small, m))\n"
        "attempt(lambda: D.kl_divergence(m, small))\n"
        "result = torch.cat(parts)\n")),
    ("dm_kl_missing", (
        _PRELUDE +
        "attempt(lambda: D.kl_divergence(D.VonMises(0., 1.), D.VonMises(0., 2.)))\n"
        "attempt(lambda: D.kl_divergence(D.Wishart(torch.tensor(3.), torch.eye(2)), "
        "D.Wishart(torch.tensor(4.), torch.eye(2))))\n"
        "attempt(lambda: D.kl_divergence(D.Kumaraswamy(1., 2.), D.Kumaraswamy(2., 2.)))\n"
        "attempt(lambda: D.kl_divergence(D.FisherSnedecor(1., 2.), D.Normal(0., 1.)))\n")),
    ("dm_rsample_gradients", (
        _PRELUDE +
        "torch.manual_seed(9)\n"
        "parts = []\n"
        "p = torch.tensor([0.2, 0.7], requires_grad=True)\n"
        "s = D.ContinuousBernoulli(p).rsample((3,))\n"
        "print(name_of(s))\nparts += [s.detach().reshape(-1), "
        "torch.autograd.grad(s.sum(), p)[0]]\n"
        "loc, sc, co = values(2), positive(2), torch.tensor([0.2, -0.1], requires_grad=True)\n"
        "s = D.GeneralizedPareto(loc, sc, co).rsample((3,))\n"
        "print(name_of(s))\nparts += [s.detach().reshape(-1)] + "
        "list(torch.autograd.grad(s.sum(), [loc, sc, co]))\n"
        "a, b = positive(2), positive(2)\n"
        "s = D.Kumaraswamy(a, b).rsample((3,))\n"
        "print(name_of(s))\nparts += [s.detach().reshape(-1)] + "
        "list(torch.autograd.grad(s.sum(), [a, b]))\n"
        "loc, f, dg = values(3), values(3, 2, scale=0.5), positive(3)\n"
        "s = D.LowRankMultivariateNormal(loc, f, dg).rsample((2,))\n"
        "print(name_of(s))\nparts += [s.detach().reshape(-1)] + "
        "list(torch.autograd.grad(s.sum(), [loc, f, dg]))\n"
        "print(torch.rand(2).tolist())\n"
        "result = torch.cat([t.reshape(-1) for t in parts])\n")),
    # torch's redraw of "singular" samples writes into the mask its index_put saved, so
    # backward through Wishart.rsample raises (ember's version counters say the same)
    ("dm_wishart_rsample_gradient", (
        _PRELUDE +
        "torch.manual_seed(9)\n"
        "cov = spd(n=2).requires_grad_()\n"
        "s = D.Wishart(torch.tensor(4.), cov).rsample((2,))\n"
        "print(name_of(s), s.shape)\n"
        "attempt(lambda: torch.autograd.grad(s.sum(), [cov]))\n"
        "result = s.detach()\n")),
    ("dm_lkj_von_mises_draws", (
        _PRELUDE +
        "torch.manual_seed(12)\n"
        "l = D.LKJCholesky(4, torch.tensor([0.3, 1., 5.]))\n"
        "s = l.sample((2,))\n"
        "print(s.shape, C.corr_cholesky.check(s).tolist())\n"
        "print(l.log_prob(s).shape)\n"
        "v = D.VonMises(torch.tensor([0.5, -3.]), torch.tensor([0.01, 50.]))\n"
        "x = v.sample((50,))\n"
        "print(x.shape, bool((x >= -3.1416).all()), bool((x < 3.1416).all()))\n"
        "print(torch.rand(2).tolist())\n"
        "result = torch.cat([s.reshape(-1), x.reshape(-1), l.log_prob(s).reshape(-1)])\n")),
    ("dm_transforms_shape", (
        _PRELUDE +
        "r = T.ReshapeTransform((2, 3), (3, 2))\n"
        "x = values(4, 2, 3)\ny = r(x)\n"
        "print(r, r.domain, r.codomain, r.bijective, r.event_dim, y.shape, name_of(y))\n"
        "print(r.inv(y).shape, r.log_abs_det_jacobian(x, y), r.forward_shape((5, 2, 3)), "
        "r.inverse_shape(torch.Size([3, 2])))\n"
        "attempt(lambda: T.ReshapeTransform((2, 3), (4,)))\n"
        "attempt(lambda: r.forward_shape((3,)))\n"
        "attempt(lambda: r.forward_shape((3, 3)))\n"
        "attempt(lambda: r.inverse_shape(torch.Size([2, 3])))\n"
        "print(r.with_cache() is r, r.with_cache()._cache_size, r.inv.inv is r)\n"
        "c = T.CatTransform([T.ExpTransform(), T.identity_transform, "
        "T.AffineTransform(1., 2.)], dim=1, lengths=[1, 2, 1])\n"
        "x = values(3, 4)\ny = c(x)\n"
        "print(c.event_dim, c.length, c.bijective, c.domain, c.codomain, name_of(y))\n"
        "print(c.domain.event_dim, c.codomain.is_discrete, c.domain.check(x).tolist())\n"
        "ld = c.log_abs_det_jacobian(x, y)\nprint(ld.shape)\n"
        "xi = c.inv(y)\n"
        "c2 = T.CatTransform([T.ExpTransform(), T.IndependentTransform(T.SigmoidTransform(), "
        "1)], dim=-1, lengths=[2, 2])\n"
        "x2 = values(2, 4)\ny2 = c2(x2)\nld2 = c2.log_abs_det_jacobian(x2, y2)\n"
        "print(c2.event_dim, y2.shape, ld2.shape)\n"
        "c3 = T.CatTransform([T.ExpTransform(), T.SigmoidTransform()], dim=0, lengths=[1, 2])\n"
        "x3 = values(3, 2)\ny3 = c3(x3)\nld3 = c3.log_abs_det_jacobian(x3, y3)\n"
        "attempt(lambda: c(values(3, 3)))\nattempt(lambda: c(values(4)))\n"
        "attempt(lambda: c.inv(values(3, 5)))\n"
        "attempt(lambda: c.log_abs_det_jacobian(values(3, 5), values(3, 4)))\n"
        "attempt(lambda: T.CatTransform([T.ExpTransform()], lengths=[1, 2]))\n"
        "attempt(lambda: T.CatTransform([1]))\n"
        "s = T.StackTransform([T.ExpTransform(), T.TanhTransform(), T.identity_transform], "
        "dim=-1)\n"
        "x4 = values(2, 3)\ny4 = s(x4)\nld4 = s.log_abs_det_jacobian(x4, y4)\n"
        "print(s.domain, s.codomain.event_dim, s.bijective, y4.shape, ld4.shape, name_of(y4))\n"
        "attempt(lambda: s(values(2, 2)))\nattempt(lambda: s.inv(values(3)[None].expand(2, 3)"
        ".reshape(3, 2)))\n"
        "attempt(lambda: s.log_abs_det_jacobian(values(2, 3), values(2, 2)))\n"
        "x5 = s.inv(y4)\n"
        "grads = torch.autograd.grad((y.sum() + ld.sum() + y2.sum() + ld2.sum() + ld3.sum() "
        "+ y4.sum() + ld4.sum()), [x, x2, x3, x4])\n"
        "result = torch.cat([t.detach().reshape(-1) for t in [y, ld, xi, y2, ld2, y3, ld3, y4, "
        "ld4, x5] + list(grads)])\n")),
    ("dm_transforms_matrix", (
        _PRELUDE +
        "t = T.CorrCholeskyTransform()\n"
        "x = values(2, 6)\ny = t(x)\n"
        "print(t, t.domain, t.codomain, t.bijective, y.shape, name_of(y))\n"
        "print(C.corr_cholesky.check(y).tolist(), t.forward_shape((2, 6)), "
        "t.inverse_shape((2, 4, 4)))\n"
        "attempt(lambda: t.forward_shape((5,)))\nattempt(lambda: t.forward_shape(()))\n"
        "attempt(lambda: t.inverse_shape((3, 4)))\nattempt(lambda: t.inverse_shape((3,)))\n"
        "xi = t.inv(y)\nld = t.log_abs_det_jacobian(x, y)\n"
        "print(ld.shape, name_of(ld))\n"
        "p = T.PositiveDefiniteTransform()\n"
        "m = values(2, 3, 3, scale=0.6)\npd = p(m)\nmi = p.inv(pd)\n"
        "print(p, p.domain, p.codomain, p == T.PositiveDefiniteTransform(), "
        "C.positive_definite.check(pd).tolist(), name_of(pd), name_of(mi))\n"
        "attempt(lambda: p.log_abs_det_jacobian(m, pd))\n"
        "lc = T.LowerCholeskyTransform()\nlo = lc(m)\n"
        "print(lc, lc.domain, lc.codomain, C.lower_cholesky.check(lo).tolist())\n"
        "g = torch.autograd.grad(y.sum() + ld.sum() + pd.sum() + mi.sum() + lo.sum(), [x, m])\n"
        "result = torch.cat([v.detach().reshape(-1) for v in [y, xi, ld, pd, mi, lo] + "
        "list(g)])\n")),
    ("dm_transforms_cdf", (
        _PRELUDE +
        "n = D.Normal(values(3), positive(3))\n"
        "t = T.CumulativeDistributionTransform(n)\n"
        "x = values(2, 3, grad=False) * 2\ny = t(x)\n"
        "print(t, t.domain, t.codomain, t.sign, t.bijective, t.event_dim, name_of(y))\n"
        "print(t.with_cache() is t, t.with_cache()._cache_size, t.inv.domain)\n"
        "xi = t.inv(y)\nld = t.log_abs_det_jacobian(x, y)\n"
        "td = D.TransformedDistribution(D.Uniform(torch.zeros(3), torch.ones(3)), [t.inv])\n"
        "lp = td.log_prob(x)\n"
        "print(td.batch_shape, name_of(lp))\n"
        "g = torch.autograd.grad(y.sum() + ld.sum() + lp.sum(), [n.loc, n.scale])\n"
        "result = torch.cat([v.detach().reshape(-1) for v in [y, xi, ld, lp] + list(g)])\n")),
    ("dm_transforms_existing", (
        _PRELUDE +
        "i = T.IndependentTransform(T.ExpTransform(), 1)\n"
        "x = values(2, 3)\ny = i(x)\n"
        "print(i, i.domain, i.codomain, i.event_dim, i.bijective, i.sign)\n"
        "print(i.log_abs_det_jacobian(x, y).shape, i.inv(y).shape)\n"
        "attempt(lambda: i(torch.tensor(1.)))\n"
        "sm = T.SoftmaxTransform()\nys = sm(x)\n"
        "print(sm, sm.domain, sm.codomain, sm.bijective, name_of(ys), sm.inv(ys).shape)\n"
        "sb = T.StickBreakingTransform()\nyb = sb(x)\n"
        "print(sb, sb.domain, sb.codomain, yb.shape, sb.forward_shape((2, 3)), "
        "sb.inverse_shape((4,)))\n"
        "lb = sb.log_abs_det_jacobian(x, yb)\nxb = sb.inv(yb)\n"
        "g = torch.autograd.grad(y.sum() + ys.sum() + lb.sum() + yb.pow(2).sum(), [x])\n"
        "result = torch.cat([v.detach().reshape(-1) for v in [y, ys, yb, lb, xb] + list(g)])\n")),
    ("dm_constraints", (
        _PRELUDE +
        "print(C.corr_cholesky, C.positive_semidefinite, C.square, C.symmetric)\n"
        "print(C._IntegerLessThan(3), C._IntegerLessThan(3).check(torch.tensor([1., 3., 3.5, "
        "4.])).tolist(), C._IntegerLessThan(3).is_discrete)\n"
        "cat = C.cat([C.positive, C.real, C.unit_interval], dim=0, lengths=[1, 2, 1])\n"
        "v = torch.tensor([[1., -1.], [2., 3.], [-5., 0.], [0.5, 2.]])\n"
        "print(cat.check(v).tolist(), cat.event_dim, cat.is_discrete)\n"
        "st = C.stack([C.positive, C.real_vector, C.boolean], dim=-1)\n"
        "print(st.event_dim, C.stack([C.positive, C.boolean], dim=0).event_dim, st.is_discrete)\n"
        "print(C.stack([C.positive, C.real], dim=1).check(torch.tensor([[1., -1.], "
        "[-1., 1.]])).tolist())\n"
        "attempt(lambda: cat.check(torch.tensor(1.)))\n"
        "attempt(lambda: C.cat([C.positive], lengths=[1, 2]))\n"
        "attempt(lambda: C.cat([1]))\nattempt(lambda: C.stack(['x']))\n"
        "attempt(lambda: C.stack([C.positive], dim=2).check(torch.ones(2)))\n"
        "for c in [C.corr_cholesky, C.positive_definite, C.positive_semidefinite, cat, "
        "C.stack([C.positive, C.unit_interval], dim=0)]:\n"
        "    for reg in (D.biject_to, D.transform_to):\n"
        "        try:\n"
        "            print(reg(c))\n"
        "        except NotImplementedError as e:\n"
        "            print('NotImplementedError', e)\n"
        "u = torch.tensor([[0.3, -2.], [1., 0.5], [0.2, 0.1], [-1., 3.]])\n"
        "tc = D.biject_to(cat)\ny = tc(u)\n"
        "print(cat.check(y).tolist(), torch.allclose(tc.inv(y), u))\n"
        "ts = D.transform_to(C.stack([C.positive, C.unit_interval], dim=0))\n"
        "z = ts(u[:2])\n"
        "print(D.transform_to(C.corr_cholesky)(values(3, grad=False)).shape, "
        "D.transform_to(C.positive_definite)(values(2, 2, grad=False)).shape)\n"
        "result = torch.cat([y.reshape(-1), z.reshape(-1)])\n")),
]

CASES: list[tuple[str, str]] = _stats_cases() + _sample_cases() + _BY_HAND
