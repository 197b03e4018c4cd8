"""More of torch's namespace, as user code meets it (helper-85), recorded from torch 2.13:
statistics (cov, corrcoef, histogram, gradient, unravel_index), the scatters into views
(slice/select/diagonal_scatter), index_reduce, the samplers torch.poisson and
torch.binomial (torch's values after manual_seed, bit for bit), the small factories
(range, empty_strided, frombuffer), unsafe_split/unsafe_chunk, the complex protocol on real
tensors, the top-level in-place functions (torch.abs_...), torch.autograd.Variable and
the grad-mode aliases, and torch.testing.assert_close's messages and make_tensor's values.

Errors are printed (type and message) so their text is compared. Ids start with ``more_``.
"""

from __future__ import annotations

_SHOW = '''\
def show(label, fn):
    try:
        r = fn()
    except Exception as e:
        print(label, type(e).__name__, str(e).split(chr(10))[0])
        return None
    if isinstance(r, torch.Tensor):
        print(label, r.dtype, list(r.shape), r.tolist(), r.requires_grad,
              type(r.grad_fn).__name__ if r.grad_fn is not None else None)
    else:
        print(label, r)
    return r
'''

_CLOSE = '''\
def check(label, *args, **kwargs):
    try:
        torch.testing.assert_close(*args, **kwargs)
        print(label, "ok")
    except Exception as e:
        print(label, type(e).__name__)
        print(str(e))
'''

CASES: list[tuple[str, str]] = [
    # ------------------------------------------------------------------ cov / corrcoef
    ("more_cov_portfolio", """
returns = torch.tensor([[0.010, -0.020, 0.015, 0.030, -0.005],
                        [0.020, -0.010, 0.005, 0.025, 0.000],
                        [-0.010, 0.030, -0.020, -0.015, 0.010]], requires_grad=True)
c = torch.cov(returns)
print(c)
print(torch.cov(returns, correction=0))
print(returns.cov())
r = torch.corrcoef(returns)
print(r)
print(returns.corrcoef())
(c.sum() + r.sum()).backward()
print(returns.grad)
"""),
    ("more_cov_weights", """
x = torch.tensor([[1.0, 2.0, 4.0, 7.0], [3.0, 1.0, 0.5, 2.0]], dtype=torch.float64,
                 requires_grad=True)
f = torch.tensor([1, 2, 1, 3])
a = torch.tensor([0.5, 1.0, 2.0, 0.25], dtype=torch.float64)
for kwargs in [dict(fweights=f), dict(aweights=a), dict(fweights=f, aweights=a),
               dict(fweights=f, aweights=a, correction=0),
               dict(fweights=f, aweights=a, correction=2), dict(aweights=a, correction=3)]:
    c = torch.cov(x, **kwargs)
    print(sorted(kwargs), c, type(c.grad_fn).__name__)
c = torch.cov(x, fweights=f, aweights=a)
c.pow(2).sum().backward()
print(x.grad)
"""),
    ("more_cov_shapes_and_dtypes", _SHOW + """
show("1d", lambda: torch.cov(torch.tensor([1.0, 2.0, 4.0])))
show("int", lambda: torch.cov(torch.tensor([[1, 2, 3], [2, 4, 9]])))
show("int1d", lambda: torch.cov(torch.tensor([1, 2, 4])))
show("one_var", lambda: torch.cov(torch.tensor([[1.0, 2.0, 4.0]])))
show("corr_int", lambda: torch.corrcoef(torch.tensor([[1, 2, 4], [3, 1, 2]])))
show("corr_1d", lambda: torch.corrcoef(torch.tensor([1.0, 2.0, 4.0])))
show("corr_const", lambda: torch.corrcoef(torch.tensor([[1.0, 1.0, 1.0], [1.0, 2.0, 3.0]])))
show("corr_scalar_const", lambda: torch.corrcoef(torch.tensor([2.0, 2.0])))
show("half", lambda: torch.cov(torch.tensor([[1.0, 2.0, 4.0]], dtype=torch.float16)))
show("f64", lambda: torch.cov(torch.tensor([[1.0, 2.0], [0.5, 3.0]], dtype=torch.float64)))
show("empty_obs", lambda: torch.cov(torch.zeros(2, 0)))
"""),
    ("more_cov_errors", _SHOW + """
x = torch.tensor([[1.0, 2.0, 4.0], [2.0, 0.0, 1.0]])
show("3d", lambda: torch.cov(torch.zeros(2, 2, 2)))
show("bool", lambda: torch.cov(torch.tensor([True, False])))
show("fw_float", lambda: torch.cov(x, fweights=torch.tensor([1.0, 2.0, 1.0])))
show("fw_2d", lambda: torch.cov(x, fweights=torch.tensor([[1, 2, 1]])))
show("fw_len", lambda: torch.cov(x, fweights=torch.tensor([1, 2])))
show("fw_neg", lambda: torch.cov(x, fweights=torch.tensor([1, -2, 1])))
show("aw_int", lambda: torch.cov(x, aweights=torch.tensor([1, 2, 1])))
show("aw_len", lambda: torch.cov(x, aweights=torch.tensor([1.0, 2.0])))
show("aw_neg", lambda: torch.cov(x, aweights=torch.tensor([1.0, -2.0, 1.0])))
show("zero_sum", lambda: torch.cov(x, fweights=torch.tensor([0, 0, 0])))
show("corr_3d", lambda: torch.corrcoef(torch.zeros(1, 1, 2)))
show("dof", lambda: torch.cov(x, correction=3))
show("dof_one_obs", lambda: torch.cov(torch.tensor([[1.0], [2.0]])))
"""),
    ("more_cov_one_weighted_observation", _SHOW + """
x = torch.tensor([[1.0], [2.0]])
show("fw", lambda: torch.cov(x, fweights=torch.tensor([2])))
print(x)
y = torch.tensor([[1.0], [2.0]], requires_grad=True)
show("aw_leaf", lambda: torch.cov(y, aweights=torch.tensor([2.0])))
"""),
    # ------------------------------------------------------------------ histogram
    ("more_histogram_counts", """
torch.manual_seed(0)
data = torch.randn(1000)
hist, edges = torch.histogram(data, bins=10)
print(hist)
print(edges)
h = torch.histogram(data, bins=5, range=(-2.0, 2.0))
print(h)
print(h.hist.sum(), type(h).__name__)
dens = torch.histogram(data, bins=8, range=(-3.0, 3.0), density=True)
print(dens.hist, (dens.hist * dens.bin_edges.diff()).sum())
weighted = torch.histogram(data, bins=6, weight=data.abs(), density=True)
result = torch.cat([hist, edges, dens.hist, weighted.hist, weighted.bin_edges])
"""),
    ("more_histogram_weights_and_edges", """
x = torch.tensor([0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 9.0, -1.0])
w = torch.tensor([1.0, 2.0, 0.5, 1.0, 3.0, 1.0, 2.0, 5.0, 7.0])
print(torch.histogram(x, 3, range=(0.0, 3.0), weight=w))
print(torch.histogram(x, torch.tensor([0.0, 1.0, 2.5, 3.5]), weight=w))
print(torch.histogram(x, torch.tensor([0.0, 1.0, 2.5, 3.5]), weight=w, density=True))
print(x.histogram(4))
print(x.histogram(torch.tensor([1.0, 2.0])))
d = torch.tensor([0.1, 0.2, 0.3, 0.7, 0.8, 1.0], dtype=torch.float64)
print(torch.histogram(d, 10, range=(0.0, 1.0)))
print(torch.histogram(torch.tensor([3.0, 3.0, 3.0]), 4))
print(torch.histogram(torch.tensor([]), 3))
print(torch.histogram(torch.tensor([1.0, float('nan'), 2.0]), 2, range=(0.0, 2.0)))
print(torch.histogram(torch.tensor([1.0, 2.0]), 2, range=(1.0, 2.0), density=True,
                      weight=torch.tensor([0.0, 0.0])))
g = torch.tensor([0.25, 0.5, 0.75], requires_grad=True)
h = torch.histogram(g, 2)
print(h.hist, h.bin_edges)
"""),
    ("more_histogram_float_edges", """
# values on the bin edges of a float32 linspace: the local search keeps them consistent
x = torch.arange(0, 101, dtype=torch.float32) / 100 * 0.7 + 0.1
hist, edges = torch.histogram(x, bins=7, range=(0.1, 0.8))
print(hist.tolist())
print(edges.tolist())
y = torch.linspace(-1.3, 2.9, 57, dtype=torch.float64)
hist, edges = torch.histogram(y, bins=13)
print(hist.tolist())
print(edges.tolist())
"""),
    ("more_histogram_errors", _SHOW + """
x = torch.tensor([1.0, 2.0, 1.0, 4.0, 2.5])
show("int", lambda: torch.histogram(torch.tensor([1, 2]), 3))
show("edges_dtype", lambda: torch.histogram(x, torch.tensor([0.0, 1.0, 5.0], dtype=torch.float64)))
show("weight_shape", lambda: torch.histogram(x, 3, weight=torch.ones(4)))
show("weight_dtype", lambda: torch.histogram(x, 3, weight=torch.ones(5, dtype=torch.float64)))
show("range_order", lambda: torch.histogram(x, 3, range=(3.0, 1.0)))
show("bins0", lambda: torch.histogram(x, 0))
show("range_inf", lambda: torch.histogram(x, 3, range=(0.0, float('inf'))))
show("data_inf", lambda: torch.histogram(torch.tensor([1.0, float('inf')]), 3))
show("edges_2d", lambda: torch.histogram(x, torch.tensor([[0.0, 1.0]])))
show("edges_one", lambda: torch.histogram(x, torch.tensor([2.0])))
show("range_len", lambda: torch.histogram(x, 3, range=(0.0, 1.0, 2.0)))
"""),
    # ------------------------------------------------------------------ unravel_index
    ("more_unravel_index", _SHOW + """
scores = torch.tensor([[0.1, 0.9, 0.3], [0.7, 0.2, 0.95]])
flat = scores.flatten().argmax()
row, col = torch.unravel_index(flat, scores.shape)
print(row, col, scores[row, col])
top = scores.flatten().topk(3).indices
print(torch.unravel_index(top, scores.shape))
print(torch.unravel_index(torch.tensor([[4, -1], [7, 5]]), (2, 3)))
print(torch.unravel_index(torch.tensor(4, dtype=torch.int32), (2, 3)))
print(torch.unravel_index(torch.tensor([1, 2]), 3))
print(torch.unravel_index(torch.tensor([22, 41, 37]), (7, 6)))
show("float", lambda: torch.unravel_index(torch.tensor(1.0), (2,)))
show("neg_shape", lambda: torch.unravel_index(torch.tensor(1), (2, -1)))
show("float_shape", lambda: torch.unravel_index(torch.tensor(1), 2.0))
show("float_dim", lambda: torch.unravel_index(torch.tensor(1), (2.0,)))
show("bool", lambda: torch.unravel_index(torch.tensor(True), (2,)))
"""),
    # ------------------------------------------------------------------ gradient
    ("more_gradient_spacing", """
t = torch.linspace(0, 2, 9)
f = t ** 3
(df,) = torch.gradient(f, spacing=0.25)
print(df)
(df2,) = torch.gradient(f, spacing=0.25, edge_order=2)
print(df2)
field = torch.tensor([[1.0, 2.0, 4.0, 8.0], [2.0, 3.0, 5.0, 1.0], [0.0, -1.0, 2.0, 2.5]])
gy, gx = torch.gradient(field)
print(gy, gx)
print(torch.gradient(field, spacing=[2.0, 3.0]))
print(torch.gradient(field, dim=1))
print(torch.gradient(field, dim=(0, 1), spacing=0.5))
print(torch.gradient(field, spacing=2, dim=[1], edge_order=2))
print(torch.gradient(field, spacing=torch.tensor(2.0), dim=1))
print(torch.gradient(torch.tensor([1, 4, 9, 16])))
print(torch.gradient(torch.tensor([1, 4, 9, 16]), spacing=2))
print(torch.gradient(torch.tensor([1, 4, 9, 16]), edge_order=2))
"""),
    ("more_gradient_coordinates", """
x = torch.tensor([0.0, 1.0, 1.5, 3.5, 4.0], dtype=torch.float64)
y = x ** 2
print(torch.gradient(y, spacing=(x,)))
print(torch.gradient(y, spacing=[x], edge_order=2))
field = torch.tensor([[1.0, 2.0, 4.0, 8.0], [2.0, 3.0, 5.0, 1.0], [0.0, -1.0, 2.0, 2.5]])
print(torch.gradient(field, spacing=(torch.tensor([0.0, 1.0, 3.0]),
                                     torch.tensor([0.0, 0.5, 1.5, 2.0]))))
print(torch.gradient(field, spacing=[torch.tensor([0.0, 0.5, 1.5, 2.0])], dim=1,
                     edge_order=2))
print(torch.gradient(field, spacing=[torch.tensor([0, 1, 3])], dim=0))
"""),
    ("more_gradient_autograd", """
u = torch.tensor([[0.5, 1.0, 2.0, 3.5], [1.0, 0.0, -1.0, 0.5]], requires_grad=True)
gy, gx = torch.gradient(u)
print(type(gy.grad_fn).__name__, type(gx.grad_fn).__name__)
print([type(n).__name__ for n, _ in gx.grad_fn.next_functions])
(gx * gx).sum().backward()
print(u.grad)
v = torch.tensor([0.5, 1.0, 2.0, 3.5, 1.0], dtype=torch.float64, requires_grad=True)
(g,) = torch.gradient(v, spacing=0.1, edge_order=2)
(g.sin().sum()).backward()
print(v.grad)
c = torch.tensor([0.0, 0.3, 1.0, 1.2, 2.0], dtype=torch.float64, requires_grad=True)
(g,) = torch.gradient(v.detach(), spacing=(c,))
g.sum().backward()
print(type(g.grad_fn).__name__, c.grad)
"""),
    ("more_gradient_errors", _SHOW + """
x = torch.tensor([[1.0, 2.0, 4.0, 8.0], [2.0, 3.0, 5.0, 1.0]])
show("edge3", lambda: torch.gradient(x, edge_order=3))
show("spacing_len", lambda: torch.gradient(x, spacing=[1.0, 2.0, 3.0]))
show("short_dim", lambda: torch.gradient(torch.ones(1, 3)))
show("short_edge2", lambda: torch.gradient(torch.ones(2, 3), dim=0, edge_order=2))
show("spacing_dim_len", lambda: torch.gradient(x, spacing=[1.0], dim=[0, 1]))
show("dim_range", lambda: torch.gradient(x, dim=2))
show("uint8", lambda: torch.gradient(torch.tensor([1, 2, 3], dtype=torch.uint8)))
show("tensor_spacing", lambda: torch.gradient(x, spacing=torch.tensor([1.0, 2.0])))
show("coords_2d", lambda: torch.gradient(x, spacing=(torch.ones(2, 2),), dim=0))
show("repeat_dim", lambda: torch.gradient(x, dim=[1, 1]))
show("coords_0d", lambda: torch.gradient(x, spacing=(torch.tensor(2.0),), dim=1))
"""),
    # ------------------------------------------------------------------ scatters into views
    ("more_scatter_views", """
base = torch.zeros(3, 4)
print(torch.slice_scatter(base, torch.ones(3, 2), dim=1, start=1, end=3))
print(torch.slice_scatter(base, torch.full((2, 4), 5.0), start=0, end=3, step=2))
print(base.slice_scatter(torch.ones(3, 1), 1, -1))
print(torch.slice_scatter(base, torch.ones(3, 4), 0, -10, 10))
print(torch.select_scatter(base, torch.arange(4.0), 0, 1))
print(base.select_scatter(torch.arange(3.0), 1, -1))
sq = torch.zeros(3, 3)
print(torch.diagonal_scatter(sq, torch.tensor([1.0, 2.0, 3.0])))
print(torch.diagonal_scatter(sq, torch.tensor([7.0, 8.0]), 1))
print(sq.diagonal_scatter(torch.tensor([-1.0]), -2))
print(torch.diagonal_scatter(torch.zeros(2, 3, 3), torch.ones(3, 2), 0, 1, 0))
print(torch.select_scatter(torch.zeros(3), torch.tensor(5.0), 0, 1))
print(torch.select_scatter(torch.zeros(2, 2, dtype=torch.int64),
                           torch.ones(2, dtype=torch.int64), 0, 1))
print(torch.diagonal_scatter(torch.zeros(2, 2), torch.ones(2, dtype=torch.int64)))
print(torch.select_scatter(torch.zeros(2, 3), torch.ones(3, dtype=torch.float64), 0, 0))
print(base)
t = torch.zeros(4, 3).t()
print(torch.slice_scatter(t, torch.ones(3, 2), 1, 0, 2).stride(),
      torch.diagonal_scatter(t, torch.ones(3)).stride())
"""),
    ("more_scatter_views_autograd", """
z = torch.arange(9.0).reshape(3, 3).requires_grad_()
s = torch.tensor([10.0, 20.0, 30.0], requires_grad=True)
w = torch.arange(9.0).reshape(3, 3)
for name, f in [("diag", lambda: torch.diagonal_scatter(z, s)),
                ("select", lambda: torch.select_scatter(z, s, 1, 0)),
                ("slice", lambda: torch.slice_scatter(z, s.reshape(1, 3), 0, 1, 2)),
                ("slice_step", lambda: torch.slice_scatter(z, s.reshape(3, 1).expand(3, 2), 1,
                                                           0, 3, 2))]:
    r = f()
    print(name, type(r.grad_fn).__name__)
    (r * w).sum().backward()
    print(z.grad, s.grad)
    z.grad = None
    s.grad = None
    gz, gs = torch.autograd.grad(f().pow(2).sum(), (z, s), create_graph=True)
    print(gz, gs)
    (gz.sum() + gs.sum()).backward()
    print(z.grad, s.grad)
    z.grad = None
    s.grad = None
"""),
    ("more_scatter_views_errors", _SHOW + """
z = torch.zeros(3, 3)
show("slice_size", lambda: torch.slice_scatter(z, torch.ones(2, 3)))
show("slice_step_size", lambda: torch.slice_scatter(z, torch.ones(1, 3), start=0, end=3, step=2))
show("slice_step0", lambda: torch.slice_scatter(z, torch.ones(3, 3), 0, step=0))
show("slice_0d", lambda: torch.slice_scatter(torch.tensor(1.0), torch.tensor(2.0)))
show("select_size", lambda: torch.select_scatter(z, torch.ones(2), 0, 1))
show("select_bcast", lambda: torch.select_scatter(z, torch.ones(1), 0, 1))
show("select_oob", lambda: torch.select_scatter(z, torch.ones(3), 0, 3))
show("select_dim", lambda: torch.select_scatter(z, torch.ones(3), 2, 0))
show("diag_size", lambda: torch.diagonal_scatter(z, torch.ones(2)))
show("diag_same", lambda: torch.diagonal_scatter(z, torch.ones(3), 0, 1, 1))
show("not_tensor", lambda: torch.select_scatter(z, [1.0, 2.0, 3.0], 0, 0))
"""),
    # ------------------------------------------------------------------ index_reduce
    ("more_index_reduce", """
x = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]], requires_grad=True)
src = torch.tensor([[2.0, 3.0], [4.0, 5.0], [6.0, 7.0]], requires_grad=True)
idx = torch.tensor([0, 2, 0])
for reduce in ["prod", "mean", "amax", "amin"]:
    for include_self in [True, False]:
        r = torch.index_reduce(x, 0, idx, src, reduce, include_self=include_self)
        print(reduce, include_self, r, type(r.grad_fn).__name__)
        (r * r).sum().backward()
        print(x.grad, src.grad)
        x.grad = None
        src.grad = None
"""),
    ("more_index_reduce_forms", _SHOW + """
t = torch.ones(3, 2)
show("inplace", lambda: t.index_reduce_(0, torch.tensor([0, 0]),
                                        torch.tensor([[2.0, 3.0], [4.0, 5.0]]), "prod"))
print(t)
x = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]])
show("dim1", lambda: torch.index_reduce(x, 1, torch.tensor([1, 1, 0]),
                                        torch.arange(12.0).reshape(4, 3), "amax"))
show("neg_dim", lambda: x.index_reduce(-1, torch.tensor([1, 0]), torch.ones(4, 2) * 3, "mean",
                                       include_self=False))
show("int_mean", lambda: torch.index_reduce(torch.tensor([[1, 2], [3, 4]]), 0,
                                            torch.tensor([0, 0]),
                                            torch.tensor([[2, 3], [5, 7]]), "mean"))
show("int_mean_excl", lambda: torch.index_reduce(torch.tensor([[1, 2], [3, 4]]), 0,
                                                 torch.tensor([0, 0]),
                                                 torch.tensor([[2, 3], [5, 7]]), "mean",
                                                 include_self=False))
show("int32_index", lambda: torch.index_reduce(x, 0, torch.tensor([3, 3], dtype=torch.int32),
                                               torch.ones(2, 2), "amin"))
show("f64", lambda: torch.index_reduce(x.double(), 0, torch.tensor([1]),
                                       torch.tensor([[0.5, 9.0]], dtype=torch.float64), "prod"))
show("kw", lambda: torch.index_reduce(x, dim=0, index=torch.tensor([2]),
                                      source=torch.ones(1, 2), reduce="mean"))
show("sum", lambda: torch.index_reduce(x, 0, torch.tensor([0]), torch.ones(1, 2), "sum"))
show("dtype", lambda: torch.index_reduce(x, 0, torch.tensor([0]), torch.ones(1, 2).double(),
                                         "mean"))
show("float_index", lambda: torch.index_reduce(x, 0, torch.tensor([0.0]), torch.ones(1, 2),
                                               "mean"))
show("oob", lambda: torch.index_reduce(x, 0, torch.tensor([4]), torch.ones(1, 2), "mean"))
show("neg_index", lambda: torch.index_reduce(x, 0, torch.tensor([-1]), torch.ones(1, 2), "mean"))
show("count", lambda: torch.index_reduce(x, 0, torch.tensor([0, 1]), torch.ones(3, 2), "mean"))
show("index_2d", lambda: torch.index_reduce(x, 0, torch.tensor([[0, 1]]), torch.ones(2, 2),
                                            "prod"))
show("slice_shape", lambda: torch.index_reduce(x, 0, torch.tensor([0]), torch.ones(1, 3),
                                               "prod"))
"""),
    # ------------------------------------------------------------------ poisson / binomial
    ("more_poisson", _SHOW + """
torch.manual_seed(0)
rates = torch.tensor([0.5, 3.0, 12.0, 100.0], requires_grad=True)
counts = torch.poisson(rates)
print(counts, type(counts.grad_fn).__name__)
counts.sum().backward()
print(rates.grad)
torch.manual_seed(1)
print(torch.poisson(torch.full((3, 4), 4.0)))
print(torch.poisson(torch.linspace(0.0, 40.0, 9, dtype=torch.float64)))
g = torch.Generator().manual_seed(3)
print(torch.poisson(torch.tensor([[1.0, 2.0], [30.0, 4.0]], dtype=torch.float64), generator=g))
print(torch.poisson(torch.tensor([[1.0, 2.0], [30.0, 4.0]]).t(), g))
print(torch.poisson(torch.tensor([1.0, 2.0]).half()))
print(torch.rand(2))
show("neg", lambda: torch.poisson(torch.tensor([-1.0])))
show("int", lambda: torch.poisson(torch.tensor([1, 2])))
"""),
    ("more_binomial", _SHOW + """
torch.manual_seed(0)
count = torch.tensor([10.0, 20.0, 5.0, 100.0, 1000.0, 0.0], requires_grad=True)
prob = torch.tensor([0.5, 0.1, 0.9, 0.3, 0.75, 0.5], requires_grad=True)
b = torch.binomial(count, prob)
print(b, type(b.grad_fn).__name__)
show("backward", lambda: b.sum().backward())
torch.manual_seed(2)
print(torch.binomial(torch.full((2, 3), 50.0, dtype=torch.float64),
                     torch.tensor([0.02, 0.5, 0.97], dtype=torch.float64)))
print(torch.binomial(torch.tensor([10.0, 5.0]), torch.tensor([0.5])))
print(torch.binomial(torch.tensor([10.0, 5.0]), torch.tensor([1.5, -0.5])))
g = torch.Generator().manual_seed(1)
print(torch.binomial(torch.tensor([10.0, 5.0]), torch.tensor([0.5, 0.5]), generator=g))
print(torch.rand(2))
show("dtypes", lambda: torch.binomial(torch.tensor([10.0, 5.0]),
                                      torch.tensor([0.5, 0.5], dtype=torch.float64)))
show("int", lambda: torch.binomial(torch.tensor([10, 5]), torch.tensor([0.5, 0.5])))
"""),
    ("more_sampling_dataset", """
# a synthetic count-data set, as a tutorial makes one
torch.manual_seed(42)
x = torch.rand(8, 2)
rate = torch.exp(x @ torch.tensor([1.5, -0.5]) + 1.0)
y = torch.poisson(rate)
trials = torch.randint(5, 30, (8,)).float()
successes = torch.binomial(trials, torch.sigmoid(x[:, 0] - 0.5))
print(y)
print(successes)
print(torch.randn(3))
"""),
    # ------------------------------------------------------------------ factories
    ("more_range", _SHOW + """
print(torch.range(0, 3))
print(torch.range(1, 4, 0.5))
print(torch.range(1, 4, dtype=torch.int64))
print(torch.range(3, 0, -1))
print(torch.range(0, 1, 0.1, dtype=torch.float64))
print(torch.range(0, 3, requires_grad=True))
print(torch.range(0, 5, 2, dtype=torch.int32))
print(torch.range(0, 3, dtype=torch.float16))
show("one_arg", lambda: torch.range(5))
show("step0", lambda: torch.range(0, 3, 0))
show("sign", lambda: torch.range(3, 0))
show("inf", lambda: torch.range(0, float('inf')))
"""),
    ("more_empty_strided_frombuffer", _SHOW + """
import array
e = torch.empty_strided((2, 3), (1, 2))
print(e.shape, e.stride(), e.dtype, e.is_contiguous())
e.fill_(1.5)
print(e)
print(torch.empty_strided((2, 3), (3, 1), dtype=torch.float64).stride())
print(torch.empty_strided((0, 3), (1, 2)).shape)
show("dims", lambda: torch.empty_strided((2, 3), (1,)))
show("neg_size", lambda: torch.empty_strided((2, -3), (1, 2)))
show("int_size", lambda: torch.empty_strided(2, 1))
buf = bytearray(b'\\x01\\x00\\x00\\x00\\x02\\x00\\x00\\x00\\x03\\x00')
show("int32", lambda: torch.frombuffer(buf, dtype=torch.int32, count=2))
show("int16", lambda: torch.frombuffer(buf, dtype=torch.int16, offset=2, count=3))
show("floats", lambda: torch.frombuffer(array.array('f', [1.5, 2.5, -3.0]), dtype=torch.float32))
shared = torch.frombuffer(buf, dtype=torch.uint8)
shared[0] = 9
print(buf[0], shared[:4])
show("multiple", lambda: torch.frombuffer(buf, dtype=torch.int32))
show("too_many", lambda: torch.frombuffer(buf, dtype=torch.int32, count=3))
show("offset", lambda: torch.frombuffer(buf, dtype=torch.int32, offset=11))
show("count0", lambda: torch.frombuffer(buf, dtype=torch.int32, count=0))
show("empty", lambda: torch.frombuffer(bytearray(), dtype=torch.int32))
show("list", lambda: torch.frombuffer([1, 2], dtype=torch.float32))
show("readonly", lambda: torch.frombuffer(b'\\x00\\x00\\x80\\x3f', dtype=torch.float32))
"""),
    # ------------------------------------------------------------------ unsafe split / chunk
    ("more_unsafe_split", _SHOW + """
x = torch.tensor([[0.0, 1.0, 2.0], [2.0, 1.0, 0.5]], requires_grad=True)
a, b = torch.unsafe_chunk(x, 2, 1)
print(a, b, a.grad_fn is b.grad_fn, a._base is None)
print(torch.unsafe_split(x, 2, 1))
print(torch.unsafe_split_with_sizes(x, [1, 2], 1))
print(x.unsafe_split(1))
print(x.unsafe_chunk(3, 1))
y = x * 1
p, q = torch.unsafe_chunk(y, 2, 1)
p.mul_(2)
print(type(p.grad_fn).__name__)
(p.sum() + q.sum()).backward()
print(x.grad)
d = torch.arange(6.0)
parts = torch.unsafe_split(d, 4)
parts[0].add_(10)
print(d, parts[0]._version, d._version)
show("0d", lambda: torch.unsafe_split(torch.tensor(1.0), 1))
show("chunks0", lambda: torch.unsafe_chunk(torch.ones(3), 0))
show("sizes", lambda: torch.unsafe_split_with_sizes(torch.ones(3), [1, 1]))
"""),
    # ------------------------------------------------------------------ complex protocol
    ("more_complex_protocol_on_real", _SHOW + """
x = torch.tensor([1.0, -2.0], requires_grad=True)
y = x * 2
print(torch.is_conj(y), torch.is_neg(y), y.is_conj(), y.is_neg())
print(torch.conj(y) is y, y.conj() is y, torch.resolve_conj(y) is y, y.resolve_neg() is y)
print(torch.conj_physical(y) is y, torch.real(y) is y, y.real is y)
z = torch.tensor([1.0, 2.0])
print(torch.conj_physical_(z) is z, z._version)
show("conj_physical_leaf", lambda: torch.conj_physical_(torch.ones(2, requires_grad=True)))
c = x * 3
c.conj_physical_()
c.sum().backward()
print(type(c.grad_fn).__name__, c._version, x.grad)
i = torch.tensor([1, 2])
print(torch.conj_physical(i), i.conj())
show("imag", lambda: torch.imag(y))
show("imag_attr", lambda: y.imag)
show("is_conj_int", lambda: torch.is_conj(3))
show("conj_list", lambda: torch.conj([1]))
print(torch.is_inference(x), x.is_inference())
w = x * 1
w.real = torch.tensor([5.0, 6.0])
print(w)
m = torch.arange(6.0).reshape(2, 3)
print(m.adjoint(), torch.adjoint(m).shape, torch.ones(2, 3, 4).adjoint().shape)
print(m.adjoint()._base is m,
      type(torch.ones(2, 3, requires_grad=True).adjoint().grad_fn).__name__)
show("adjoint_1d", lambda: x.adjoint())
show("adjoint_0d", lambda: torch.tensor(1.0).adjoint())
"""),
    # ------------------------------------------------------------------ in-place functions
    ("more_inplace_functions", _SHOW + """
t = torch.tensor([-1.5, 0.25, 2.0])
print(torch.abs_(t), t)
print(torch.sin_(torch.tensor([0.5, 1.0])))
print(torch.exp_(torch.tensor([0.0, 1.0])))
print(torch.sigmoid_(torch.tensor([0.0, 2.0])))
print(torch.clamp_(torch.tensor([-2.0, 0.5, 3.0]), min=-1.0, max=1.0))
print(torch.clamp_min_(torch.tensor([-2.0, 0.5]), 0.0), torch.clip_(torch.tensor([5.0]), 0, 1))
print(torch.fill_(torch.empty(3), 7.0), torch.zero_(torch.ones(2)))
print(torch.neg_(torch.tensor([1, -2])), torch.negative_(torch.tensor([1.5])))
print(torch.sqrt_(torch.tensor([4.0, 9.0])), torch.rsqrt_(torch.tensor([4.0])))
print(torch.log_(torch.tensor([1.0, 2.718281828])), torch.log1p_(torch.tensor([0.0])))
print(torch.round_(torch.tensor([1.25, 2.5])), torch.floor_(torch.tensor([1.7])),
      torch.ceil_(torch.tensor([1.2])), torch.trunc_(torch.tensor([-1.7])),
      torch.frac_(torch.tensor([-1.75])), torch.fix_(torch.tensor([2.5])))
print(torch.tanh_(torch.tensor([0.5])), torch.square_(torch.tensor([3.0])),
      torch.reciprocal_(torch.tensor([4.0])), torch.erf_(torch.tensor([0.5])))
print(torch.nan_to_num_(torch.tensor([float('nan'), float('inf')]), 0.0, 9.0))
print(torch.xlogy_(torch.tensor([2.0, 0.0]), torch.tensor([3.0, 0.0])))
print(torch.gcd_(torch.tensor([12, 18]), torch.tensor([8, 27])),
      torch.lcm_(torch.tensor([4]), torch.tensor([6])))
print(torch.index_put_(torch.zeros(3), (torch.tensor([1]),), torch.tensor(2.0)))
print(torch.deg2rad_(torch.tensor([180.0])), torch.rad2deg_(torch.tensor([3.14159265])))
print(torch.addmv_(torch.ones(2), torch.eye(2), torch.tensor([1.0, 2.0]), beta=2, alpha=3))
print(torch.logit_(torch.tensor([0.25]), eps=1e-6), torch.sinc_(torch.tensor([0.5])))
v = torch.tensor([1.0, 2.0])
before = v._version
torch.exp2_(v)
print(v, v._version - before)
d = torch.ones(2, requires_grad=True) * 2
torch.detach_(d)
print(d.requires_grad, type(d.grad_fn).__name__)
show("leaf", lambda: torch.sin_(torch.ones(2, requires_grad=True)))
show("int_exp", lambda: torch.exp_(torch.tensor([1, 2])))
show("not_tensor", lambda: torch.abs_(3))
show("clamp_none", lambda: torch.clamp_(torch.ones(2)))
a = torch.tensor([0.5, 1.5], requires_grad=True)
b = a * 1
torch.cos_(b)
b.sum().backward()
print(type(b.grad_fn).__name__, a.grad)
"""),
    # ------------------------------------------------------------------ Variable, grad modes
    ("more_variable_tutorial", _SHOW + """
from torch.autograd import Variable
x = Variable(torch.ones(2, 2), requires_grad=True)
y = x + 2
z = y * y * 3
out = z.mean()
print(x, type(y.grad_fn).__name__, out)
out.backward()
print(x.grad)
w = Variable(torch.randn(3, 1) * 0 + 0.5, requires_grad=True)
data = Variable(torch.tensor([[1.0, 2.0, 3.0]]))
loss = ((data @ w) - 1.0).pow(2).sum()
loss.backward()
print(w.grad, data.requires_grad, type(data).__name__, isinstance(data, Variable))
base = torch.ones(2)
alias = Variable(base)
alias.add_(1)
print(base, alias is base, alias.is_leaf)
print(Variable(), Variable(torch.ones(2) * torch.ones(2, requires_grad=True)).grad_fn is None)
show("list", lambda: Variable([1.0, 2.0]))
show("int_grad", lambda: Variable(torch.tensor([1, 2]), requires_grad=True))
show("volatile", lambda: Variable(torch.ones(2), volatile=True))
show("kwarg", lambda: Variable(torch.ones(2), foo=1))
print(Variable.__name__, torch.autograd.variable.Variable is Variable)
"""),
    ("more_grad_mode_aliases", """
import torch.autograd.grad_mode as grad_mode
x = torch.ones(2, requires_grad=True)
with torch.autograd.no_grad():
    print((x * 2).requires_grad)
with torch.autograd.set_grad_enabled(False):
    with torch.autograd.enable_grad():
        print((x * 2).requires_grad)
with torch.autograd.inference_mode():
    print((x * 2).requires_grad, torch.is_inference_mode_enabled())
print(torch.autograd.no_grad is torch.no_grad, grad_mode.no_grad is torch.no_grad,
      torch.autograd.grad_mode.set_grad_enabled is torch.set_grad_enabled)
@torch.autograd.no_grad()
def predict(v):
    return v * 3
print(predict(x).requires_grad)
with torch.autograd.anomaly_mode.detect_anomaly():
    (x * 2).sum().backward()
print(x.grad, torch.autograd.anomaly_mode.set_detect_anomaly is torch.autograd.set_detect_anomaly)
"""),
    # ------------------------------------------------------------------ torch.testing
    ("more_assert_close_messages", _CLOSE + """
a = torch.tensor([1.0, 2.0, 3.0])
check("ok", a, a + 1e-7)
check("values", a, torch.tensor([1.0, 2.5, 3.1]))
check("matrix", torch.tensor([[1.0, 2.0], [3.0, 4.0]]), torch.tensor([[1.0, 2.0], [3.0, 4.001]]))
check("scalar", torch.tensor(1.0), torch.tensor(2.0))
check("dtype", a, a.double())
check("shape", a, torch.ones(2))
check("int", torch.tensor([1, 2]), torch.tensor([1, 3]))
check("tol", a, a + 0.01, rtol=0, atol=0.1)
check("rtol_only", a, a + 0.01, rtol=0)
check("nan", torch.tensor([float('nan')]), torch.tensor([float('nan')]))
check("nan_equal", torch.tensor([float('nan')]), torch.tensor([float('nan')]), equal_nan=True)
check("msg", a, a + 1, msg="custom")
check("msg_fn", a, a + 1, msg=lambda m: "wrapped: " + m.splitlines()[0])
check("seq", [a, a], [a, a + 1])
check("seq_len", [a], [a, a])
check("dict", {"w": a, "b": a}, {"w": a + 1, "b": a})
check("dict_keys", {"w": a}, {"v": a})
check("num", 1.0, 1.1)
check("num_int", 1, 2)
check("num_types", 1, 1.0)
check("bool", True, False)
check("none", None, a)
check("mixed", a, [1.0, 2.0, 3.0])
check("no_dtype", a, a.double(), check_dtype=False)
check("grad", a.clone().requires_grad_(), a)
check("stride", torch.ones(2, 2), torch.ones(2, 2).t(), check_stride=True)
check("inf", torch.tensor([float('inf')]), torch.tensor([1.0]))
check("big", torch.arange(100.0), torch.arange(100.0) * 1.1)
check("bool_tensors", torch.tensor([True, False]), torch.tensor([True, True]))
check("f64", torch.tensor([1.0, 2.0], dtype=torch.float64),
      torch.tensor([1.0, 2.0 + 1e-6], dtype=torch.float64))
check("half", torch.tensor([1.0, 2.0]).half(), torch.tensor([1.0, 2.01]).half())
check("zero_expected", torch.tensor([0.5, 0.0]), torch.tensor([0.5, 0.0 + 1e-3]))
check("nested", {"layer": [a, (a, 2.0)]}, {"layer": [a, (a, 2.5)]})
check("numpy", a.numpy(), (a + 1).numpy())
"""),
    ("more_assert_close_in_a_test", """
import torch.nn as nn
torch.manual_seed(0)
model = nn.Linear(3, 2)
x = torch.randn(4, 3)
expected = x @ model.weight.T + model.bias
torch.testing.assert_close(model(x), expected)
state = {k: v.clone() for k, v in model.state_dict().items()}
torch.testing.assert_close(model.state_dict(), state)
with torch.no_grad():
    model.bias[0] += 0.5
try:
    torch.testing.assert_close(model.state_dict(), state)
except AssertionError as e:
    print(e)
"""),
    ("more_assert_allclose_deprecated", _CLOSE + """
import warnings
a = torch.tensor([1.0, 2.0, 3.0])
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    torch.testing.assert_allclose(a, [1.0, 2.0, 3.00001])
    print([w.category.__name__ for w in caught])
    try:
        torch.testing.assert_allclose(a, a.double() + 0.01)
    except AssertionError as e:
        print(e)
    try:
        torch.testing.assert_allclose(torch.tensor([float('nan'), 1.0]), [float('nan'), 2.0],
                                      msg="differs")
    except AssertionError as e:
        print(e)
e = torch.ones(2, 2, dtype=torch.float64).new_empty_strided((2, 3), (1, 2))
print(e.dtype, e.stride(), e.shape)
"""),
    ("more_record_function_in_a_model", """
import torch.nn as nn
from torch.profiler import record_function
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)
    def forward(self, x):
        with record_function("net.forward"):
            return self.fc(x).relu()
@torch.autograd.profiler.record_function("loss")
def loss_fn(y):
    return (y ** 2).mean()
torch.manual_seed(0)
net = Net()
loss = loss_fn(net(torch.randn(4, 3)))
loss.backward()
print(loss, net.fc.bias.grad)
print(torch.profiler.ProfilerActivity.CPU, type(record_function("x")).__name__)
"""),
    ("more_make_tensor", """
from torch.testing import make_tensor
torch.manual_seed(0)
print(make_tensor((2, 3), dtype=torch.float32, device="cpu"))
print(make_tensor(3, dtype=torch.float64, device="cpu", low=-1, high=1))
print(make_tensor((2, 2), dtype=torch.int64, device="cpu"))
print(make_tensor((2, 2), dtype=torch.uint8, device="cpu"))
print(make_tensor((4,), dtype=torch.bool, device="cpu"))
print(make_tensor(2, 3, dtype=torch.int32, device="cpu", low=0, high=5))
t = make_tensor((2, 3), dtype=torch.float32, device="cpu", noncontiguous=True)
print(t, t.is_contiguous(), t.stride())
print(make_tensor((3,), dtype=torch.float32, device="cpu", requires_grad=True))
print(make_tensor((5,), dtype=torch.int64, device="cpu", low=-1, high=2, exclude_zero=True))
for kwargs in [dict(dtype=torch.int64, requires_grad=True),
               dict(dtype=torch.float32, low=2, high=1),
               dict(dtype=torch.float32, low=float('nan')),
               dict(dtype=torch.uint8, low=-5, high=-1)]:
    try:
        make_tensor((2,), device="cpu", **kwargs)
    except ValueError as e:
        print("ValueError", e)
"""),
]
