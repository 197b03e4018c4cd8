"""Reductions and linear algebra made complex-capable late, against torch 2.13: cumprod
(zeros too, and graphs of its gradient), prod's gradient graph with zeros, logcumsumexp
(torch's scan: imaginary parts not wrapped; infinities and nan), var/std/var_mean/std_mean
(real spreads of the parts), vector, matrix and Frobenius norms, dist (and real dist's
gradients for p < 1 at zero differences, ties of inf norms and the -inf norm)."""

from __future__ import annotations

_HELPERS = """
def r4(t):  # a complex tensor's parts rounded (LAPACK builds differ in the last bits)
    return torch.view_as_real(t.resolve_conj()).mul(1e4).round().div(1e4) + 0

def attempt(label, f):
    try:
        print(label, "->", f())
    except (RuntimeError, NotImplementedError, TypeError, ValueError, IndexError) as e:
        print(label, "->", type(e).__name__, e)
"""

CASES = [
    ("complex_cumprod", _HELPERS + """
z = torch.tensor([[1 + 2j, -0.5 + 0.25j, 3j, 0.5 - 1j], [2 - 1j, 0j, -1.5 + 0j, 1 + 1j]],
                 requires_grad=True)
c = z.cumprod(1)
print(c, c.dtype)
w = torch.tensor([[1., 2., 3., 4.], [5., 6., 7., 8.]])
(torch.view_as_real(c).sum(-1) * w).sum().backward()
print(z.grad)
z.grad = None
d = torch.cumprod(z, 0)
torch.view_as_real(d).pow(2).sum().backward()
print(d, z.grad)
print(torch.tensor([1, 2, 3]).cumprod(0, dtype=torch.cdouble),
      torch.tensor([1j, 2j]).cumprod(0, dtype=torch.complex128))
r = torch.tensor([0.5, -2., 3.], requires_grad=True)
for f in (lambda: r.cumprod(0, dtype=torch.cfloat), lambda: r.prod(dtype=torch.cfloat),
          lambda: r.prod(0, dtype=torch.cdouble), lambda: r.sum(dtype=torch.cfloat),
          lambda: r.sum(0, dtype=torch.cdouble), lambda: r.mean(dtype=torch.cfloat),
          lambda: r.mean(0, keepdim=True, dtype=torch.cdouble)):
    attempt("complex dtype= of a real input", lambda: torch.autograd.grad(
        torch.view_as_real(f() * (1 + 2j)).sum(), r))
print(torch.autograd.grad(torch.view_as_real(r.cumsum(0, dtype=torch.cfloat)).sum(), r))
y = torch.tensor([1 + 1j, 2j, -1 + 0j])
y.cumprod_(0)
print(y)
"""),
    ("complex_cumprod_double_backward", """
z = torch.tensor([[1 + 2j, -0.5 + 0.25j, 3j, 0.5 - 1j], [2 - 1j, 0j, -1.5 + 0j, 1 + 1j]],
                 dtype=torch.complex128, requires_grad=True)
w = torch.tensor([[1., 2., 3., 4.], [5., 6., 7., 8.]], dtype=torch.float64)
for x in (z, z[:1]):
    g, = torch.autograd.grad((torch.view_as_real(x.cumprod(1)).sum(-1) * w[:len(x)]).sum(),
                             z, create_graph=True)
    print(g, type(g.grad_fn).__name__)
    gg, = torch.autograd.grad(torch.view_as_real(g).pow(2).sum(), z)
    print(gg)
"""),
    ("complex_prod_graph_with_zeros", """
w = torch.tensor([[1 + 2j, 0j, 3j], [2 - 1j, 0.5j, 0j]], dtype=torch.complex128,
                 requires_grad=True)
g, = torch.autograd.grad(torch.view_as_real(w.prod(1)).sum(), w, create_graph=True)
print(g, type(g.grad_fn).__name__)
print(torch.autograd.grad(torch.view_as_real(g).pow(2).sum(), w)[0])
v = torch.tensor([1 + 2j, 0j, 3j, -1j], dtype=torch.complex128, requires_grad=True)
g, = torch.autograd.grad(torch.view_as_real(v.prod()).sum(), v, create_graph=True)
print(g, type(g.grad_fn).__name__)
print(torch.autograd.grad(torch.view_as_real(g).pow(2).sum(), v)[0])
"""),
    ("complex_logcumsumexp", """
z = torch.tensor([[1 + 2j, -0.5 + 0.25j, 3j, 0.5 - 1j], [2 - 1j, 0j, -1.5 + 0j, 1 + 1j]],
                 requires_grad=True)
c = z.logcumsumexp(1)
print(c, c.dtype)
w = torch.tensor([[1., 2., 3., 4.], [5., 6., 7., 8.]])
(torch.view_as_real(c)[..., 0] * w - torch.view_as_real(c)[..., 1]).sum().backward()
print(z.grad)
z2 = z.detach().to(torch.complex128).requires_grad_()
g, = torch.autograd.grad(torch.view_as_real(torch.logcumsumexp(z2, 0)).sum(), z2,
                         create_graph=True)
print(g, type(g.grad_fn).__name__, g.is_conj())
print(torch.autograd.grad(torch.view_as_real(g.resolve_conj()).pow(2).sum(), z2)[0])
inf, nan = float('inf'), float('nan')
print(torch.tensor([complex(-inf, 1), complex(-inf, 2), 1 + 1j, complex(inf, 0),
                    complex(nan, 0)]).logcumsumexp(0))
print(torch.tensor([complex(-inf, 1), 2 + 3j, complex(inf, 1), complex(inf, 2)])
      .logcumsumexp(0))
print(torch.tensor([-0.0 + 0j, 1j], dtype=torch.complex128).logcumsumexp(0))
print(torch.tensor([5 + 3j, -4 + 2j, 100 + 0j, 100 - 3j]).logcumsumexp(0))
print(torch.tensor(1 + 2j).logcumsumexp(0), torch.zeros(0, 2, dtype=torch.cfloat).logcumsumexp(1))
"""),
    ("complex_var_std", """
z = torch.tensor([[1 + 2j, -0.5 + 0.25j, 3j, 0.5 - 1j], [2 - 1j, 0j, -1.5 + 0j, 1 + 1j]],
                 requires_grad=True)
for f in ['std', 'var']:
    r = getattr(torch, f)(z)
    print(r, r.dtype)
    r.backward()
    print(z.grad)
    z.grad = None
    r = getattr(z, f)(1, correction=0, keepdim=True)
    print(r)
    (r * torch.tensor([[1.], [2.]])).sum().backward()
    print(z.grad)
    z.grad = None
for f in ['std_mean', 'var_mean']:
    a, m = getattr(torch, f)(z, 0)
    print(a, m)
    (a.sum() + torch.view_as_real(m).sum()).backward()
    print(z.grad)
    z.grad = None
print(torch.var(z[:, :1], 1), torch.std(z[:1, :1]))
torch.var(z[:1, :1]).backward()
print(z.grad)
z.grad = None
torch.std(z[:1, :1], 1).backward()
print(z.grad)
print(torch.std(torch.ones(3, dtype=torch.cfloat, requires_grad=True)),
      torch.var(torch.tensor([1 + 1j, 1 + 1j], dtype=torch.complex128)))
zd = z.detach().to(torch.complex128).requires_grad_()
g, = torch.autograd.grad((zd.std(1) * torch.tensor([1., 3.], dtype=torch.float64)).sum(), zd,
                         create_graph=True)
print(g, type(g.grad_fn).__name__)
print(torch.autograd.grad(g.real.sum() + g.imag.pow(2).sum(), zd)[0])
print(torch.var_mean(zd, 1, keepdim=True))
"""),
    ("complex_norms", _HELPERS + """
z = torch.tensor([[1 + 2j, -0.5 + 0.25j, 3j], [2 - 1j, 0j, -1.5 + 0j]], requires_grad=True)
y = torch.tensor([[0.5 + 1j, -0.5 + 0.25j, 1j], [2 + 1j, 1j, -1.5 + 1j]], requires_grad=True)
w = torch.tensor([2., 3.])
def run(label, f, inputs=(z,)):
    out = f()
    print(label, out, out.dtype)
    print(*torch.autograd.grad(out.sum(), inputs, allow_unused=True))
for p in (2, 1, 3, 0.5, float('inf'), -float('inf'), 0, -1):
    run(f"vector_norm {p}", lambda: torch.linalg.vector_norm(z, p))
    run(f"vector_norm dim {p}", lambda: torch.linalg.vector_norm(z, p, 1) * w)
run("norm", lambda: z.norm())
run("norm dtype", lambda: z.norm(dtype=torch.complex128))
run("norm dim keepdim", lambda: z.norm(dim=0, keepdim=True))
run("frobenius_norm", lambda: torch.frobenius_norm(z, (0, 1)))
run("matrix_norm fro", lambda: torch.linalg.matrix_norm(z))
run("matrix_norm 1", lambda: torch.linalg.matrix_norm(z, 1))
run("matrix_norm -inf", lambda: torch.linalg.matrix_norm(z, -float('inf')))
run("matrix_norm -1 keepdim", lambda: torch.linalg.matrix_norm(z, -1, keepdim=True))
run("matrix_norm cdouble", lambda: torch.linalg.matrix_norm(z, 1, dtype=torch.cdouble))
run("linalg.norm", lambda: torch.linalg.norm(z))
run("linalg.norm dim", lambda: torch.linalg.norm(z, dim=1))
run("linalg.norm inf", lambda: torch.linalg.norm(z, float('inf')))
run("linalg.norm vector", lambda: torch.linalg.norm(z[0], 3))
zz = torch.zeros(3, dtype=torch.cdouble, requires_grad=True)
run("norm of zeros", lambda: zz.norm(), (zz,))
run("3-norm of zeros", lambda: zz.norm(3), (zz,))
zd = z.detach().to(torch.complex128).requires_grad_()
for p in (2, 3, 1):
    g, = torch.autograd.grad(zd.norm(p), zd, create_graph=True)
    print(g, type(g.grad_fn).__name__)
    print(torch.autograd.grad(g.real.sum() + g.imag.pow(2).sum(), zd)[0])
zf = z.detach().to(torch.complex128)
attempt("narrowing", lambda: torch.linalg.vector_norm(zf, dtype=torch.cfloat))
attempt("real dtype", lambda: torch.linalg.vector_norm(zf, dtype=torch.float))
attempt("complex dtype, real input", lambda: torch.linalg.vector_norm(torch.ones(2),
                                                                      dtype=torch.cfloat))
attempt("matrix_norm real dtype", lambda: torch.linalg.matrix_norm(z, 1, dtype=torch.double))
attempt("matrix_norm fro real dtype", lambda: torch.linalg.matrix_norm(z, dtype=torch.double))
attempt("matrix_norm, real input", lambda: torch.linalg.matrix_norm(torch.ones(2, 2), 1,
                                                                    dtype=torch.cdouble))
attempt("matrix_norm narrowing", lambda: torch.linalg.matrix_norm(zf, 1, dtype=torch.cfloat))
attempt("norm real dtype", lambda: torch.norm(z, dtype=torch.double))
attempt("linalg.norm real dtype", lambda: torch.linalg.norm(z[0], 3, dtype=torch.float64))
attempt("inf norm of nothing", lambda: torch.linalg.vector_norm(
    torch.zeros(0, dtype=torch.cfloat), float('inf')))
"""),
    ("complex_dist", _HELPERS + """
z = torch.tensor([[1 + 2j, -0.5 + 0.25j, 3j], [2 - 1j, 0j, -1.5 + 0j]], requires_grad=True)
y = torch.tensor([[0.5 + 1j, -0.5 + 0.25j, 1j], [2 + 1j, 1j, -1.5 + 1j]], requires_grad=True)
for p in (2, 1, 3, 0.5, float('inf'), -float('inf'), -1):
    out = torch.dist(z, y, p)
    print(p, out, out.dtype, *torch.autograd.grad(out, (z, y)))
print(torch.dist(z, y, 0))
attempt("0-norm gradient", lambda: torch.autograd.grad(torch.dist(z, y, 0), z))
zd = z.detach().to(torch.cdouble)
print(torch.dist(z, zd), torch.dist(z, zd, float('inf')), torch.dist(z, zd, 0))
r = torch.tensor([1., -2., 0.5], requires_grad=True)
out = torch.dist(r, z[0], 3)
print(out, torch.autograd.grad(out, z))
attempt("real operand's gradient", lambda: torch.autograd.grad(torch.dist(r, z[0], 3), r))
zz = torch.zeros(3, dtype=torch.cdouble, requires_grad=True)
print(torch.autograd.grad(torch.dist(zz, zz.detach()), zz))
g, = torch.autograd.grad(torch.dist(zd.requires_grad_(), y.detach(), 3), zd,
                         create_graph=True)
print(g, torch.autograd.grad(g.real.sum(), zd))
a = torch.tensor([1., 2., -3., 0.5], requires_grad=True)
b = torch.tensor([1., 0., -1., 0.], requires_grad=True)
for p in (0.5, float('inf'), -float('inf'), -1, 0):
    out = torch.dist(a, b, p)
    print(p, out, torch.autograd.grad(out, (a, b)))
"""),
    ("complex_inv_solve_det", """
A = torch.tensor([[2 + 1j, -1 + 0.5j, 0.5j], [1 - 1j, 3 + 0j, -1 + 1j], [0.5, 1j, 2 - 0.5j]],
                 requires_grad=True)
B = torch.tensor([[1 + 1j, 2], [0.5j, -1], [1, 1 - 1j]], requires_grad=True)
W = torch.tensor([[1., 2., 3.], [4., 5., 6.], [7., 8., 9.]])
inv = torch.linalg.inv(A)
print(inv, torch.inverse(A).dtype)
(torch.view_as_real(inv).sum(-1) * W).sum().backward()
print(A.grad)
A.grad = None
X = torch.linalg.solve(A, B)
print(X)
(torch.view_as_real(X).sum(-1) * W[:, :2]).sum().backward()
print(A.grad, B.grad)
A.grad = None
B.grad = None
x = torch.linalg.solve(A, B[:, 0])
torch.view_as_real(x).pow(2).sum().backward()
print(x, A.grad, B.grad)
A.grad = None
B.grad = None
X = torch.linalg.solve(A, B.mT, left=False)
print(X.is_conj(), torch.linalg.solve_ex(A, B.mT, left=False).result.is_conj())
torch.view_as_real(X.resolve_conj()).pow(2).sum().backward()
print(X, A.grad, B.grad)
A.grad = None
d = torch.linalg.det(A)
print(d, torch.det(A))
torch.view_as_real(d).sum().backward()
print(A.grad)
print(torch.det(A[:2, :2].detach() * torch.tensor([[1, 1], [2, 2]])))
Ad = A.detach().to(torch.complex128).requires_grad_()
for f in (torch.linalg.det, torch.linalg.inv):
    g, = torch.autograd.grad(torch.view_as_real(f(Ad)).pow(2).sum(), Ad, create_graph=True)
    print(g, type(g.grad_fn).__name__)
    h = torch.autograd.grad(g.real.sum() + g.imag.pow(2).sum(), Ad)[0]
    print(h / 3.7)  # (keeps printed values off exact ties of binary fractions)
print(torch.linalg.inv(torch.stack([Ad, Ad.mT])).shape)
"""),
    ("complex_slogdet_logdet", """
A = torch.tensor([[2 + 1j, -1 + 0.5j, 0.5j], [1 - 1j, 3 + 0j, -1 + 1j], [0.5, 1j, 2 - 0.5j]],
                 requires_grad=True)
s, l = torch.linalg.slogdet(A)
print(s, l, s.dtype, l.dtype, type(s.grad_fn).__name__, type(l.grad_fn).__name__)
l.backward(retain_graph=True)
print(A.grad)
A.grad = None
torch.view_as_real(s).sum().backward(retain_graph=True)
print(A.grad)
A.grad = None
(torch.view_as_real(s).sum() * 2 + l * 3).backward()
print(A.grad)
A.grad = None
print(torch.slogdet(A))
ld = torch.logdet(A)
print(ld, type(ld.grad_fn).__name__)
torch.view_as_real(ld).sum().backward()
print(A.grad)
print(torch.linalg.slogdet(torch.zeros(2, 2, dtype=torch.cfloat)))
Ad = A.detach().to(torch.complex128).requires_grad_()
g, = torch.autograd.grad(torch.linalg.slogdet(Ad)[1] + torch.linalg.slogdet(Ad)[0].imag, Ad,
                         create_graph=True)
print(g, type(g.grad_fn).__name__)
print(torch.autograd.grad(g.real.sum() + g.imag.pow(2).sum(), Ad)[0])
"""),
    ("complex_conjugate_transposes", """
A = torch.tensor([[2 + 1j, -1 + 0.5j], [1 - 1j, 3 + 0j]], requires_grad=True)
for x in (A.mH, A.H, A.adjoint(), torch.adjoint(A)):
    print(x, x.is_conj(), type(x.grad_fn).__name__,
          type(x.grad_fn.next_functions[0][0]).__name__)
print(A.detach().mH.is_conj(), torch.ones(2, 2).mH.is_conj(), torch.ones(2, 2).adjoint().is_conj())
torch.view_as_real((A.mH @ A).resolve_conj()).sum().backward()
print(A.grad)
"""),
    ("complex_cholesky", _HELPERS + """
M = torch.tensor([[2 + 1j, -1 + 0.5j, 0.5j], [1 - 1j, 3 + 0j, -1 + 1j], [0.5, 1j, 2 - 0.5j]])
A = (M @ M.mH + torch.eye(3)).detach().requires_grad_()
W = torch.tensor([[1., 2., 3.], [4., 5., 6.], [7., 8., 9.]])
for up in (False, True):
    L = torch.linalg.cholesky(A, upper=up)
    print(r4(L), type(L.grad_fn).__name__)
    (torch.view_as_real(L).sum(-1) * W).sum().backward()
    print(r4(A.grad))
    A.grad = None
L, info = torch.linalg.cholesky_ex(A)
print(info, r4(torch.linalg.cholesky_ex(-A).L), torch.linalg.cholesky_ex(-A).info)
attempt("not positive-definite", lambda: torch.linalg.cholesky(-A))
Ad = A.detach().to(torch.complex128).requires_grad_()
g, = torch.autograd.grad((torch.view_as_real(torch.linalg.cholesky(Ad)).sum(-1) * W.double()).sum(),
                         Ad, create_graph=True)
print(r4(g))
print(r4(torch.autograd.grad(g.real.sum() + g.imag.pow(2).sum(), Ad)[0] / 3.7))
print(r4(torch.cholesky(A.detach())), torch.cholesky(A.detach().double()).dtype)
"""),
    ("complex_qr_solve_triangular", _HELPERS + """
M = torch.tensor([[2 + 1j, -1 + 0.5j, 0.5j], [1 - 1j, 3 + 0j, -1 + 1j], [0.5, 1j, 2 - 0.5j],
                  [1, 2, 3j]], requires_grad=True)
W = torch.tensor([[1., 2., 3.], [4., 5., 6.], [7., 8., 9.], [1., -1., 2.]])
for A in (M, M[:3], M[:2], M.mT[:, :3]):
    Q, R = torch.linalg.qr(A)
    print(r4(Q), r4(R), type(Q.grad_fn).__name__)
    loss = ((torch.view_as_real(Q).sum(-1) * W[:Q.shape[0], :Q.shape[1]]).sum()
            + torch.view_as_real(R).pow(2).sum() * 0.5)
    loss.backward()
    print(r4(M.grad))
    M.grad = None
    Q, R = torch.linalg.qr(A)
    torch.view_as_real(R).sum().backward()
    print(r4(M.grad))
    M.grad = None
Q, R = torch.linalg.qr(M, mode='complete')
print(Q.shape, R.shape, r4(torch.linalg.qr(M, mode='r').R), torch.qr(M[:3]).Q.dtype)
attempt("complete, tall", lambda: torch.autograd.grad(
    torch.view_as_real(torch.linalg.qr(M, mode='complete').R).sum(), M))
A = torch.tensor([[2 + 1j, 0], [1 - 1j, 3 + 0j]], requires_grad=True)
B = torch.tensor([[1 + 1j], [2j]], requires_grad=True)
X = torch.linalg.solve_triangular(A, B, upper=False)
print(X, type(X.grad_fn).__name__)
torch.view_as_real(X).pow(2).sum().backward()
print(r4(A.grad), r4(B.grad))
X = torch.linalg.solve_triangular(A.mT, B.mT, upper=True, left=False)
print(X)
Md = M.detach().to(torch.complex128).requires_grad_()
Q, R = torch.linalg.qr(Md)
g, = torch.autograd.grad((torch.view_as_real(Q).sum(-1) * W.double()).sum()
                         + torch.view_as_real(R).pow(3).sum(), Md, create_graph=True)
print(r4(g), type(g.grad_fn).__name__)
print(r4(torch.autograd.grad(g.real.sum() + g.imag.pow(2).sum(), Md)[0] / 3.7))
"""),
    ("complex_orderings_refused", _HELPERS + """
z = torch.tensor([[1 + 2j, -0.5 + 0.25j, 3j], [2 - 1j, 0j, -1.5 + 0j]])
r = torch.ones(2, 3)
for t in (z, z.to(torch.complex128)):
    for label, f in [
            ("sort", lambda: t.sort()), ("sort stable", lambda: torch.sort(t, stable=True)),
            ("sort dim", lambda: t.sort(0, descending=True)), ("argsort", lambda: t.argsort()),
            ("msort", lambda: torch.msort(t)), ("topk", lambda: t.topk(2)),
            ("kthvalue", lambda: t.kthvalue(1)), ("max", lambda: t.max()),
            ("max dim", lambda: t.max(1)), ("min", lambda: t.min()),
            ("min dim", lambda: torch.min(t, 0)), ("max binary", lambda: torch.max(t, t)),
            ("amax", lambda: t.amax()), ("amin", lambda: t.amin(0)),
            ("aminmax", lambda: t.aminmax()), ("aminmax dim", lambda: t.aminmax(dim=0)),
            ("argmax", lambda: t.argmax()), ("argmin", lambda: t.argmin(1)),
            ("maximum", lambda: torch.maximum(t, t)), ("minimum", lambda: torch.minimum(t, t)),
            ("fmax", lambda: torch.fmax(t, t)), ("fmin", lambda: torch.fmin(t, t)),
            ("clamp", lambda: t.clamp(0, 1)), ("clamp_min", lambda: t.clamp_min(0)),
            ("clamp_max", lambda: t.clamp_max(1)), ("clip", lambda: t.clip(0, 1)),
            ("clamp_", lambda: t.clone().clamp_(0, 1)),
            ("hardtanh", lambda: torch.nn.functional.hardtanh(t)),
            ("cummax", lambda: t.cummax(0)), ("cummin", lambda: t.cummin(1)),
            ("median", lambda: t.median()), ("median dim", lambda: t.median(1)),
            ("nanmedian", lambda: t.nanmedian()), ("nanmedian dim", lambda: t.nanmedian(1)),
            ("mode", lambda: t.mode()), ("quantile", lambda: t.quantile(0.5)),
            ("nanquantile", lambda: t.nanquantile(0.5)), ("unique", lambda: t.unique()),
            ("unique dim", lambda: t.unique(dim=0)),
            ("unique_consecutive", lambda: t.unique_consecutive()),
            ("searchsorted", lambda: torch.searchsorted(t, t)),
            ("bucketize", lambda: torch.bucketize(t, t[0])), ("isin", lambda: torch.isin(t, t)),
            ("nanmean", lambda: t.nanmean()), ("nanmean dim", lambda: torch.nanmean(t, 0)),
            ("nansum", lambda: t.nansum()), ("nansum dim", lambda: t.nansum(1)),
            ("lt", lambda: t < t)]:
        attempt(label, f)
for label, f in [
        ("clamp tensor", lambda: z.clamp(r, r)), ("clamp_min tensor", lambda: z.clamp_min(r)),
        ("clamp_max tensor", lambda: torch.clamp_max(z, r)),
        ("clamp, complex min", lambda: r.clamp(z)),
        ("clamp, complex max", lambda: r.clamp(None, z)),
        ("maximum mixed", lambda: torch.maximum(r, z)),
        ("maximum mixed2", lambda: torch.maximum(z, r)), ("fmax mixed", lambda: torch.fmax(r, z)),
        ("max binary mixed", lambda: torch.max(r, z)), ("sort bad dim", lambda: z.sort(5)),
        ("topk bad k", lambda: z.topk(10)), ("topk bad dim", lambda: z.topk(1, 5)),
        ("max bad dim", lambda: z.max(5)), ("argmax bad dim", lambda: z.argmax(5)),
        ("amax bad dim", lambda: z.amax(5)), ("kthvalue bad k", lambda: z.kthvalue(10)),
        ("cummax bad dim", lambda: z.cummax(5)),
        ("searchsorted mixed", lambda: torch.searchsorted(r, z)),
        ("searchsorted mixed2", lambda: torch.searchsorted(z, r)),
        ("isin mixed", lambda: torch.isin(r, z)), ("isin scalar", lambda: torch.isin(z, 1.0)),
        ("sort 0-d", lambda: torch.tensor(1j).sort()), ("max 0-d", lambda: torch.tensor(1j).max()),
        ("max empty", lambda: torch.zeros(0, dtype=torch.cfloat).max()),
        ("amax empty", lambda: torch.zeros(0, dtype=torch.cfloat).amax())]:
    attempt(label, f)
for label, f in [
        ("quantile int", lambda: torch.ones(3, dtype=torch.int64).quantile(0.5)),
        ("nanquantile int", lambda: torch.ones(3, dtype=torch.int64).nanquantile(0.5)),
        ("nanquantile interpolation", lambda: r.nanquantile(0.5, interpolation='bad')),
        ("nanquantile q dims", lambda: r.nanquantile(torch.ones(2, 2))),
        ("nanquantile q range", lambda: r.nanquantile(2.0)),
        ("nanquantile q dtype", lambda: r.nanquantile(torch.tensor([0.5]).double())),
        ("nanquantile empty", lambda: torch.ones(0).nanquantile(0.5)),
        ("quantile empty", lambda: torch.ones(0, 2).quantile(0.5, dim=0))]:
    attempt(label, f)
"""),
    ("complex_logsumexp_vecdot", """
z = torch.tensor([[1 + 2j, -0.5 + 0.25j, 3j], [2 - 1j, 0j, -1.5 + 0j]], requires_grad=True)
y = torch.tensor([[0.5 + 1j, -0.5 + 0.25j, 1j], [2 + 1j, 1j, -1.5 + 1j]], requires_grad=True)
for d in (0, 1, (0, 1)):
    out = z.logsumexp(d)
    print(out)
    torch.view_as_real(out).sum().backward()
    print(z.grad)
    z.grad = None
print(torch.logsumexp(z, 1, keepdim=True))
print(torch.tensor([complex(float('inf'), 1), 1j]).logsumexp(0),
      torch.zeros(0, dtype=torch.cfloat).logsumexp(0))
zd = z.detach().to(torch.complex128).requires_grad_()
g, = torch.autograd.grad(torch.view_as_real(zd.logsumexp(1)).pow(2).sum(), zd, create_graph=True)
print(g, type(g.grad_fn).__name__)
print(torch.autograd.grad(g.real.sum() + g.imag.pow(2).sum(), zd)[0])
v = torch.linalg.vecdot(z, y)
print(v)
torch.view_as_real(v).sum().backward()
print(z.grad, y.grad)
print(torch.linalg.vecdot(z[0], y[0]), torch.linalg.vecdot(z, y, dim=0))
"""),
    ("complex_svd", _HELPERS + """
M = torch.tensor([[2 + 1j, -1 + 0.5j, 0.5j], [1 - 1j, 3 + 0j, -1 + 1j], [0.5, 1j, 2 - 0.5j],
                  [1, 2, 3j]], dtype=torch.complex128, requires_grad=True)
W = torch.tensor([[1., 2., 3.], [4., 5., 6.], [7., 8., 9.], [1., -1., 2.]], dtype=torch.float64)
for A in (M, M[:3], M[:2], M.mT[:, :3]):
    U, S, Vh = torch.linalg.svd(A, full_matrices=False)
    print(S, S.dtype, type(S.grad_fn).__name__, type(U.grad_fn).__name__)
    P = U @ Vh
    loss = ((torch.view_as_real(P).sum(-1) * W[:P.shape[0], :P.shape[1]]).sum()
            + (S * torch.arange(1., S.shape[0] + 1)).sum())
    loss.backward()
    print(r4(M.grad))
    M.grad = None
    U, S, Vh = torch.linalg.svd(A)
    (U.abs().pow(2)[:, 0] * torch.arange(1., U.shape[0] + 1)).sum().backward()
    print(r4(M.grad))
    M.grad = None
    attempt("phase-dependent", lambda: torch.autograd.grad(
        torch.view_as_real(torch.linalg.svd(A)[0]).sum(), M))
print(torch.linalg.svdvals(M), torch.svd(M).V.is_conj(), torch.svd(M, compute_uv=False).S)
print(torch.linalg.svdvals(M.detach().to(torch.cfloat)).dtype)
print(torch.linalg.matrix_norm(M, 'nuc'), torch.linalg.matrix_norm(M, 2),
      torch.linalg.matrix_norm(M, -2), torch.norm(M, 'nuc'))
torch.linalg.norm(M, 'nuc').backward()
print(r4(M.grad))
M.grad = None
torch.linalg.matrix_norm(M, 2).backward()
print(r4(M.grad))
M.grad = None
print(torch.linalg.cond(M[:3]), torch.linalg.cond(M))
S = torch.linalg.svdvals(M)
g, = torch.autograd.grad((S.pow(3) * torch.tensor([1., 2., 3.], dtype=torch.float64)).sum(), M,
                         create_graph=True)
print(r4(g), type(g.grad_fn).__name__)
print(r4(torch.autograd.grad(g.real.sum() + g.imag.pow(2).sum(), M)[0] / 3.7))
A = torch.tensor([[1 + 1j, 2 - 1j, 0.5j], [2 + 2j, 4 - 2j, 1j], [0.5, 1j, 2 - 0.5j]],
                 requires_grad=True)
d = torch.linalg.det(A)
torch.view_as_real(d).sum().backward()
print(d, A.grad + 0)
"""),
    ("complex_matrix_power_rank", """
A = torch.tensor([[2 + 1j, -1 + 0.5j], [1 - 1j, 3 + 0j]], requires_grad=True)
for n in (0, 1, 2, 3, -1, -2):
    P = torch.linalg.matrix_power(A, n)
    print(n, P, type(P.grad_fn).__name__)
    torch.view_as_real(P).sum().backward()
    print(A.grad)
    A.grad = None
print(torch.matrix_power(A.detach(), 5))
H = (A @ A.mH).detach()
S = torch.tensor([[1 + 1j, 2], [2 + 2j, 4]])
for M in (A.detach(), H, S, A.detach().to(torch.cdouble)):
    print(torch.linalg.matrix_rank(M), torch.linalg.matrix_rank(M, hermitian=True),
          torch.linalg.matrix_rank(M, atol=1.0, rtol=0.0), torch.linalg.matrix_rank(M, tol=0.5))
"""),
    ("complex_eigh", _HELPERS + """
M = torch.tensor([[2 + 1j, -1 + 0.5j, 0.5j], [1 - 1j, 3 + 0j, -1 + 1j], [0.5, 1j, 2 - 0.5j]],
                 dtype=torch.complex128)
H = (M @ M.mH).requires_grad_()
L, V = torch.linalg.eigh(H)
print(L, L.dtype, type(L.grad_fn).__name__, V.dtype)
(L * torch.tensor([1., 2., 3.], dtype=torch.float64)).sum().backward()
print(r4(H.grad))
H.grad = None
L, V = torch.linalg.eigh(H)
P = V @ torch.diag_embed(L.exp().to(V.dtype)) @ V.mH
torch.view_as_real(P).sum().backward()
print(r4(H.grad))
H.grad = None
L, V = torch.linalg.eigh(H)
(V.abs().pow(2) * torch.arange(9.).reshape(3, 3)).sum().backward()
print(r4(H.grad))
H.grad = None
attempt("phase-dependent", lambda: torch.autograd.grad(
    torch.view_as_real(torch.linalg.eigh(H)[1]).sum(), H))
print(torch.linalg.eigvalsh(H), torch.linalg.eigvalsh(H, UPLO='U'),
      torch.linalg.eigvalsh(H.detach().to(torch.cfloat)).dtype)
print(type(torch.linalg.eigvalsh(H).grad_fn).__name__)
torch.linalg.eigvalsh(H).sum().backward()
print(r4(H.grad))
H.grad = None
print(torch.linalg.matrix_norm(H, 2), torch.linalg.cond(H))
weights = torch.tensor([1., 2., 3.], dtype=torch.float64)
g, = torch.autograd.grad((torch.linalg.eigvalsh(H).pow(3) * weights).sum(), H, create_graph=True)
print(r4(g))
print(r4(torch.autograd.grad(g.real.sum() + g.imag.pow(2).sum(), H)[0] / 3.7))
"""),
    ("complex_cov_corrcoef", """
Z = torch.tensor([[1 + 2j, -0.5 + 0.25j, 3j], [2 - 1j, 0.5j, 1 + 1j]], requires_grad=True)
c = torch.cov(Z)
print(c)
torch.view_as_real(c).sum().backward()
print(Z.grad)
Z.grad = None
print(torch.cov(Z, correction=0, aweights=torch.tensor([1., 2., 3.])),
      torch.cov(Z, fweights=torch.tensor([1, 2, 1])))
r = torch.corrcoef(Z)
print(r, type(r.grad_fn).__name__)
torch.view_as_real(r).sum().backward()
print(Z.grad)
print(torch.corrcoef(Z[0]), torch.cov(Z[1]))
"""),
    ("complex_cross", _HELPERS + """
a = torch.tensor([[1 + 2j, -0.5 + 0.25j, 3j], [2 - 1j, 0.5j, 1 + 1j]], requires_grad=True)
b = torch.tensor([[0.5 + 1j, 2, 1j], [1 + 1j, -1j, 0.5]], requires_grad=True)
c = torch.linalg.cross(a, b)
print(c, type(c.grad_fn).__name__)
(torch.view_as_real(c) * torch.arange(12.).reshape(2, 3, 2)).sum().backward()
print(a.grad, b.grad)
print(torch.cross(a, b, dim=1), a.detach().cross(b.detach(), dim=-1))
attempt("mixed dtypes", lambda: torch.linalg.cross(torch.ones(3), a[0]))
"""),
    ("complex_renorm", """
z = torch.tensor([[1 + 2j, -0.5 + 0.25j, 3j], [0.2 - 0.1j, 0.1j, 0.3 + 0j]], requires_grad=True)
for p, dim, mx in ((2, 0, 1.0), (1, 1, 2.0), (3, 0, 0.5)):
    r = z.renorm(p, dim, mx)
    print(r, type(r.grad_fn).__name__)
    (torch.view_as_real(r) * torch.arange(12.).reshape(2, 3, 2)).sum().backward()
    print(z.grad)
    z.grad = None
print(z.renorm(float('inf'), 1, 1.5))
zd = z.detach().to(torch.complex128).requires_grad_()
g, = torch.autograd.grad(torch.view_as_real(torch.renorm(zd, 2, 0, 1.0)).pow(2).sum(), zd,
                         create_graph=True)
print(g)
print(torch.autograd.grad(g.real.sum() + g.imag.pow(2).sum(), zd)[0])
y = z.detach().clone()
y.renorm_(2, 0, 1.0)
print(y)
"""),
    ("complex_pinv", _HELPERS + """
M = torch.tensor([[2 + 1j, -1 + 0.5j, 0.5j], [1 - 1j, 3 + 0j, -1 + 1j], [0.5, 1j, 2 - 0.5j],
                  [1, 2, 3j]], dtype=torch.complex128, requires_grad=True)
W = torch.arange(12.).reshape(3, 4).double()
for A in (M, M.mT[:, :3], M[:3]):
    P = torch.linalg.pinv(A)
    print(r4(P), type(P.grad_fn).__name__)
    (torch.view_as_real(P).sum(-1) * W[:P.shape[0], :P.shape[1]]).sum().backward()
    print(r4(M.grad))
    M.grad = None
H = (M.mH @ M).detach().requires_grad_()
P = torch.linalg.pinv(H, hermitian=True)
print(r4(P))
torch.view_as_real(P).sum().backward()
print(r4(H.grad))
print(r4(torch.linalg.pinv(M.detach(), atol=2.0)), torch.pinverse(M.detach()).shape)
g, = torch.autograd.grad(torch.view_as_real(torch.linalg.pinv(M)).pow(2).sum(), M,
                         create_graph=True)
print(r4(torch.autograd.grad(g.real.sum() + g.imag.pow(2).sum(), M)[0] / 3.7))
"""),
    ("complex_matrix_exp", """
A = torch.tensor([[0.5 + 1j, -1 + 0.5j, 0.5j], [1 - 1j, 0.3 + 0j, -1 + 1j], [0.5, 1j, 0.2 - 0.5j]],
                 dtype=torch.complex128, requires_grad=True)
E = torch.linalg.matrix_exp(A)
print(E, type(E.grad_fn).__name__)
(torch.view_as_real(E) * torch.arange(18.).reshape(3, 3, 2)).sum().backward()
print(A.grad)
A.grad = None
print(torch.matrix_exp(A.detach()[:2, :2].to(torch.cfloat)),
      torch.linalg.matrix_exp(torch.stack([A.detach(), 2 * A.detach()])).shape)
g, = torch.autograd.grad(torch.view_as_real(torch.linalg.matrix_exp(A)).pow(2).sum(), A,
                         create_graph=True)
print(g, type(g.grad_fn).__name__)
print(torch.autograd.grad(g.real.sum() + g.imag.pow(2).sum(), A)[0] / 3.7)
"""),
    ("complex_lstsq", """
A = torch.tensor([[2 + 1j, -1 + 0.5j], [1 - 1j, 3 + 0j], [0.5, 1j]], dtype=torch.complex128,
                 requires_grad=True)
B = torch.tensor([[1 + 1j, 2], [0.5j, -1], [1, 1 - 1j]], dtype=torch.complex128,
                 requires_grad=True)
for d in (None, 'gels', 'gelsd', 'gelss', 'gelsy'):
    r = torch.linalg.lstsq(A, B, driver=d)
    print(d, r.solution, r.residuals, r.rank, r.singular_values)
    torch.view_as_real(r.solution).sum().backward()
    print(A.grad, B.grad)
    A.grad = None
    B.grad = None
r = torch.linalg.lstsq(A, B, driver='gelsd')
print(r.residuals.dtype)
r.residuals.sum().backward()
print(A.grad, B.grad)
print(torch.linalg.lstsq(A.mT, B[:2], driver='gelsy').solution)
print(torch.linalg.lstsq(A, B[:, 0]).solution)
"""),
]
