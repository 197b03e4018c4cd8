"""Decomposition cases recorded from torch 2.13: linalg.svd / svdvals / torch.svd, the matrix
norms built on them (2, -2, 'nuc'), det's gradient at singular matrices, linalg.cholesky
(+ cholesky_ex, torch.cholesky) and linalg.eigh / eigvalsh.

Singular vectors and eigenvectors are LAPACK's choice up to sign, so cases compare what is
defined: singular values and eigenvalues, reconstructions, absolute values of vectors of
distinct singular values, and gradients of functions invariant to the signs. Each case
prints dtypes, shapes and grad_fn names and compares values through `result`. Inputs are
deterministic expressions (sines of an arange). Ids start with ``svd_``, ``mnorm_``,
``det_``, ``chol_`` and ``eigh_``.
"""

from __future__ import annotations

_PRELUDE = '''\
def values(*shape, scale=2.0, offset=0.1, dtype=torch.float64):
    n = 1
    for s in shape:
        n *= s
    k = torch.arange(float(n), dtype=torch.float64)
    # (sines of an arange alone obey a 3-term recurrence: 3x3 blocks would be singular)
    base = (k * 0.737 + offset).sin() + 0.5 * (k * k * 0.113).cos()
    return (base * scale).to(dtype).reshape(shape)
def name(t):
    return type(t.grad_fn).__name__
def flat(*ts):
    return torch.cat([t.detach().reshape(-1).to(ts[0].dtype) for t in ts])
def error(fn):
    try:
        fn()
    except Exception as e:
        print(type(e).__name__, isinstance(e, RuntimeError), str(e).split("\\n")[0])
'''


def _case(body: str) -> str:
    return _PRELUDE + body


def _svd_cases() -> list[tuple[str, str]]:
    cases = []
    for shape in ((3, 2), (2, 3), (3, 3), (2, 2, 4)):
        for full in (True, False):
            for dtype in ("float64", "float32"):
                text = "x".join(map(str, shape))
                cases.append((f"svd_{text}_{'full' if full else 'reduced'}_{dtype}", _case(f"""
a = values({', '.join(map(str, shape))}, dtype=torch.{dtype}).requires_grad_()
U, S, Vh = torch.linalg.svd(a, full_matrices={full})
print(type(torch.linalg.svd(a)).__name__, U.dtype, tuple(U.shape), tuple(S.shape), tuple(Vh.shape))
print(name(U), name(S), name(Vh))
k = S.shape[-1]
Ur, Vr = U[..., :k], Vh[..., :k, :]
recon = (Ur * S.unsqueeze(-2)) @ Vr
loss = (Ur * Ur * S.unsqueeze(-2)).sum() + (Vr * Vr).sum(-2).pow(2).sum() + recon.sin().sum() \\
    + (Ur @ Ur.mT).pow(2).sum() + S.pow(3).sum()
g, = torch.autograd.grad(loss, a)
result = flat(S, recon, Ur.abs(), Vr.abs(), g)
""")))
    cases.append(("svd_second_derivative", _case("""
a = values(3, 2).requires_grad_()
U, S, Vh = torch.linalg.svd(a, full_matrices=False)
loss = (U * U * S.unsqueeze(-2)).sum() + S.pow(3).sum() + (Vh * Vh).pow(2).sum()
g, = torch.autograd.grad(loss, a, create_graph=True)
gg, = torch.autograd.grad(g.pow(2).sum(), a)
result = flat(g, gg)
""")))
    cases.append(("svd_full_extra_columns_ignored", _case("""
a = values(3, 2).requires_grad_()
U, S, Vh = torch.linalg.svd(a)
g, = torch.autograd.grad(U[:, 2:].abs().sum() + S.sum(), a)
result = flat(g)
""")))
    cases.append(("svd_svdvals", _case("""
a = values(2, 3, 4).requires_grad_()
s = torch.linalg.svdvals(a)
print(name(s), tuple(s.shape), s.dtype)
g, = torch.autograd.grad((s * torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)).sum(), a)
result = flat(s, g)
""")))
    cases.append(("svd_old_form", _case("""
a = values(4, 3).requires_grad_()
r = torch.svd(a)
print(type(r).__name__, [tuple(t.shape) for t in r], name(r.U), name(r.S), name(r.V))
u, s, v = torch.svd(a, some=False)
print([tuple(t.shape) for t in (u, s, v)])
u0, s0, v0 = torch.svd(a, compute_uv=False)
print([tuple(t.shape) for t in (u0, s0, v0)], u0.requires_grad, name(s0), float(u0.abs().sum()))
m = a.svd()
recon = (r.U * r.S) @ r.V.mT
g, = torch.autograd.grad(recon.sin().sum() + (r.V * r.V).pow(2).sum(), a)
result = flat(r.S, recon, m.S, s0, r.V.abs(), g)
""")))
    cases.append(("svd_empty", _case("""
for shape, full in (((0, 3), True), ((0, 3), False), ((3, 0), True), ((2, 0, 3), False)):
    U, S, Vh = torch.linalg.svd(torch.ones(shape), full_matrices=full)
    print(tuple(U.shape), tuple(S.shape), tuple(Vh.shape))
""")))
    cases.append(("svd_infinite_entries", _case("""
inf = float('inf')
a = torch.tensor([[65504.0, -2.52, 3.0], [0.0, 0.25, 0.5], [-1.8, -3.0, inf]])
print(torch.linalg.svdvals(a), torch.linalg.matrix_norm(a, 2), torch.linalg.matrix_norm(a, 'nuc'))
print(torch.linalg.svd(torch.stack([a, torch.eye(3)])).S)
""")))
    cases.append(("svd_errors", _case("""
error(lambda: torch.linalg.svd(torch.ones(3)))
error(lambda: torch.linalg.svdvals(torch.ones(3)))
error(lambda: torch.svd(torch.ones(3)))
error(lambda: torch.linalg.svd(torch.ones(2, 2, dtype=torch.int64)))
error(lambda: torch.linalg.svd(torch.ones(2, 2, dtype=torch.float16)))
error(lambda: torch.linalg.svdvals(torch.ones(2, 2, dtype=torch.float16)))
error(lambda: torch.linalg.svd(torch.tensor([[1.0, float('nan')], [0.0, 1.0]])))
""")))
    return cases


def _matrix_norm_cases() -> list[tuple[str, str]]:
    cases = []
    for ord_ in ("2", "-2", "'nuc'"):
        label = {"2": "2", "-2": "minus2", "'nuc'": "nuc"}[ord_]
        cases.append((f"mnorm_{label}", _case(f"""
a = values(3, 4).requires_grad_()
n = torch.linalg.matrix_norm(a, ord={ord_})
print(name(n), n.dtype, tuple(n.shape))
g, = torch.autograd.grad(n, a)
b = values(2, 3, 4, offset=0.5).requires_grad_()
m = torch.linalg.matrix_norm(b, ord={ord_}, dim=(2, 0), keepdim=True)
print(name(m), tuple(m.shape))
gb, = torch.autograd.grad((m * m).sum(), b)
f = torch.linalg.matrix_norm(values(3, 3, dtype=torch.float32), ord={ord_})
print(f.dtype, round(float(f), 4))
l = torch.linalg.norm(a, ord={ord_})
print(name(l))
result = flat(n, g, m, gb, l)
""")))
    cases.append(("mnorm_torch_norm_strings", _case("""
x = values(3, 4).requires_grad_()
n = torch.norm(x, 'nuc')
k = x.norm('nuc', keepdim=True)
print(name(n), name(k), tuple(k.shape), name(torch.norm(x, 2)))
g, = torch.autograd.grad(n + k.sum(), x)
error(lambda: torch.norm(torch.ones(3), 'nuc'))
error(lambda: torch.norm(torch.ones(2, 3, 4), 'nuc'))
error(lambda: torch.norm(x, 'abc'))
result = flat(n, k, g, torch.norm(values(2, 3, 4), 'nuc', dim=(0, 2)))
""")))
    cases.append(("mnorm_reproducer", _case("""
x = torch.tensor([[1., 2.], [3., 4.]], dtype=torch.float64, requires_grad=True)
a = torch.linalg.matrix_norm(x, ord=2)
b = torch.linalg.matrix_norm(x, ord='nuc')
(a + b).backward()
result = flat(a, b, x.grad)
""")))
    cases.append(("mnorm_empty_and_errors", _case("""
empty = torch.ones(0, 3)
print(torch.linalg.matrix_norm(empty, 2), torch.linalg.matrix_norm(empty, 'nuc'))
error(lambda: torch.linalg.matrix_norm(torch.ones(2, 2, dtype=torch.float16), 2))
error(lambda: torch.linalg.matrix_norm(torch.ones(2, 2, dtype=torch.float16), 'nuc'))
""")))
    return cases


def _det_cases() -> list[tuple[str, str]]:
    singular = {
        "2x2": "[[1., 2.], [2., 4.]]",
        "zeros": "[[0., 0., 0.], [0., 0., 0.], [0., 0., 0.]]",
        "rank1_3x3": "[[1., 2., 3.], [2., 4., 6.], [3., 6., 9.]]",
        "near": "[[1., 0.], [0., 1e-15]]",
    }
    cases = []
    for label, matrix in singular.items():
        for dtype in ("float64", "float32"):
            cases.append((f"det_singular_{label}_{dtype}", _case(f"""
x = torch.tensor({matrix}, dtype=torch.{dtype}, requires_grad=True)
d = torch.det(x)
g, = torch.autograd.grad(d, x)
g2, = torch.autograd.grad(torch.det(x), x, create_graph=True)
print(name(g2))
weights = torch.arange(1., x.numel() + 1, dtype=x.dtype).reshape(x.shape)
gg, = torch.autograd.grad((g2 * weights).sum(), x)
result = flat(d, g, g2, gg)
""")))
    cases.append(("det_batch_mixed", _case("""
x = torch.tensor([[[1., 2.], [2., 4.]], [[1., 2.], [3., 4.]]], dtype=torch.float64)
x.requires_grad_()
g, = torch.autograd.grad(torch.det(x).sum(), x)
g2, = torch.autograd.grad(torch.det(x).sum(), x, create_graph=True)
print(name(g2))
gg, = torch.autograd.grad(g2.pow(2).sum(), x)
result = flat(g, g2, gg)
""")))
    cases.append(("det_nonsingular_create_graph", _case("""
x = torch.tensor([[1., 2.], [3., 4.]], dtype=torch.float64, requires_grad=True)
g, = torch.autograd.grad(torch.det(x), x, create_graph=True)
print(name(g))
gg, = torch.autograd.grad(g.pow(2).sum(), x)
result = flat(g, gg)
""")))
    cases.append(("det_one_by_one", _case("""
for v in ([[1.4121]], [[0.]], [[[2.]], [[0.]]]):
    x = torch.tensor(v, requires_grad=True)
    g, = torch.autograd.grad(torch.det(x).sum(), x, create_graph=True)
    print(g, g.requires_grad)
    print(torch.autograd.grad(torch.det(x).sum(), x)[0])
""")))
    cases.append(("det_reproducer", _case("""
x = torch.tensor([[1., 2.], [2., 4.]], dtype=torch.float64, requires_grad=True)
d = torch.det(x)
d.backward()
result = flat(d, x.grad)
""")))
    return cases


def _cholesky_cases() -> list[tuple[str, str]]:
    cases = []
    for upper in (False, True):
        for dtype in ("float64", "float32"):
            cases.append((f"chol_{'upper' if upper else 'lower'}_{dtype}", _case(f"""
b = values(2, 3, 3, dtype=torch.{dtype})
a = (b @ b.mT + 3 * torch.eye(3, dtype=torch.{dtype})).requires_grad_()
L = torch.linalg.cholesky(a, upper={upper})
print(name(L), L.dtype, tuple(L.shape))
w = values(2, 3, 3, offset=0.7, dtype=torch.{dtype})
g, = torch.autograd.grad((L * w).sum(), a)
result = flat(L, g)
""")))
    cases.append(("chol_reads_one_triangle", _case("""
print(torch.linalg.cholesky(torch.tensor([[4., 100.], [-1., 3.]])))
print(torch.linalg.cholesky(torch.tensor([[4., 1.], [-5., 30.]]), upper=True))
""")))
    cases.append(("chol_second_derivative", _case("""
b = values(3, 3)
a = (b @ b.mT + torch.eye(3, dtype=torch.float64)).requires_grad_()
L = torch.linalg.cholesky(a)
g, = torch.autograd.grad(L.pow(2).sum() + L.diagonal().log().sum(), a, create_graph=True)
gg, = torch.autograd.grad(g.pow(2).sum(), a)
result = flat(g, gg)
""")))
    cases.append(("chol_old_form_and_ex", _case("""
a = torch.tensor([[4., 2.], [2., 3.]], requires_grad=True)
L = torch.cholesky(a)
print(name(L), name(torch.cholesky(a, upper=True)), name(a.cholesky()))
r = torch.linalg.cholesky_ex(a)
print(type(r).__name__, name(r.L), r.info, r.info.dtype)
bad = torch.linalg.cholesky_ex(torch.tensor([[[1., 0.], [0., 1.]], [[1., 2.], [2., 1.]]]))
print(bad.info)
result = flat(L, r.L)
""")))
    cases.append(("chol_errors", _case("""
error(lambda: torch.linalg.cholesky(torch.tensor([[1., 2.], [2., 1.]])))
error(lambda: torch.linalg.cholesky(torch.tensor([[-1., 0.], [0., 1.]])))
bad = torch.tensor([[1., 2.], [2., 1.]])
error(lambda: torch.linalg.cholesky(torch.stack([torch.eye(2), bad])))
error(lambda: torch.linalg.cholesky(torch.ones(2, 3)))
error(lambda: torch.linalg.cholesky(torch.ones(2, 2, dtype=torch.int64)))
error(lambda: torch.linalg.cholesky(torch.eye(2, dtype=torch.float16)))
error(lambda: torch.linalg.cholesky(torch.ones(3)))
error(lambda: torch.linalg.cholesky_ex(torch.tensor([[1., 2.], [2., 1.]]), check_errors=True))
print(torch.linalg.LinAlgError.__name__, issubclass(torch.linalg.LinAlgError, RuntimeError))
""")))
    cases.append(("chol_multivariate_normal", _case("""
c = torch.tensor([[2.0, 0.3, 0.1], [0.3, 1.5, 0.2], [0.1, 0.2, 1.0]], dtype=torch.float64)
m = torch.distributions.MultivariateNormal(torch.zeros(3, dtype=torch.float64), covariance_matrix=c)
print(bool((m.scale_tril == torch.linalg.cholesky(c)).all()))
result = flat(m.scale_tril, m.log_prob(torch.tensor([0.1, -0.2, 0.3], dtype=torch.float64)))
""")))
    return cases


def _eigh_cases() -> list[tuple[str, str]]:
    cases = []
    for uplo in ("L", "U"):
        cases.append((f"eigh_{uplo}", _case(f"""
b = values(2, 3, 3)
a = (b + b.mT).requires_grad_()
w, v = torch.linalg.eigh(a, UPLO='{uplo}')
print(type(torch.linalg.eigh(a)).__name__, name(w), name(v), tuple(w.shape), tuple(v.shape))
recon = (v * w.unsqueeze(-2)) @ v.mT
g, = torch.autograd.grad((w * torch.tensor([1., 2., 3.], dtype=torch.float64)).sum()
                         + (v * v).pow(2).sum() + recon.sin().sum(), a)
e = torch.linalg.eigvalsh(a, UPLO='{uplo}')
print(name(e))
result = flat(w, v.abs(), recon, g, e)
""")))
    cases.append(("eigh_reads_one_triangle", _case("""
a = torch.tensor([[1., 5.], [-3., 2.]])
print(torch.linalg.eigvalsh(a), torch.linalg.eigvalsh(a, UPLO='U'))
""")))
    cases.append(("eigh_errors", _case("""
error(lambda: torch.linalg.eigh(torch.ones(2, 3)))
error(lambda: torch.linalg.eigh(torch.ones(2, 2, dtype=torch.int64)))
error(lambda: torch.linalg.eigh(torch.ones(3)))
error(lambda: torch.linalg.eigh(torch.eye(2), UPLO='X'))
error(lambda: torch.linalg.eigvalsh(torch.ones(2, 3)))
""")))
    return cases


CASES: list[tuple[str, str]] = (_svd_cases() + _matrix_norm_cases() + _det_cases()
                                + _cholesky_cases() + _eigh_cases())
