"""More of torch.linalg recorded from torch 2.13: qr (and torch.qr, geqrf,
householder_product, ormqr), the LU family (lu_factor(_ex), lu, lu_unpack, lu_solve,
torch.lu / lu_solve), solve_ex / inv_ex and solve(left=False), cholesky_solve,
cholesky_inverse, triangular_solve, pinv / pinverse, lstsq with each driver, matrix_rank,
cond, vander, tensorinv, tensorsolve, diagonal, chain_matmul, nuclear_norm, frobenius_norm,
the functions torch removed in 1.9 (their errors), and user code built on them: closed-form
least squares, a QR-based solve, a Gram-Schmidt check, an LU factorization reused for
several right-hand sides, a ridge regression through Cholesky, a polynomial fit.

Each case prints what must match exactly (types, dtypes, shapes, strides, grad_fn names,
pivots, ranks, infos, error types and first lines) and puts values in `result` (compared
with the dtype's tolerance: LAPACKs round differently). Inputs are deterministic
expressions (sines of an arange), so no case depends on a random stream. Ids start with
``lm_``.
"""

from __future__ import annotations

_PRELUDE = '''\
import warnings
def values(*shape, scale=2.0, offset=0.1, dtype=torch.float64):
    n = 1
    for s in shape:
        n *= s
    k = torch.arange(float(n), dtype=torch.float64)
    base = (k * 0.737 + offset).sin() + 0.5 * (k * k * 0.113).cos()
    return (base * scale).to(dtype).reshape(shape)
def name(t):
    return type(t.grad_fn).__name__
def flat(*ts):
    return torch.cat([t.detach().reshape(-1).to(ts[0].dtype) for t in ts])
def error(fn):
    try:
        fn()
        print("no error")
    except Exception as e:
        print(type(e).__name__, isinstance(e, RuntimeError), str(e).split("\\n")[0])
'''


def _case(body: str) -> str:
    return _PRELUDE + body


def _qr_cases() -> list[tuple[str, str]]:
    cases = []
    for shape in ((4, 3), (3, 4), (3, 3), (2, 4, 3)):
        for mode in ("reduced", "complete", "r"):
            for dtype in ("float64", "float32"):
                text = "x".join(map(str, shape))
                cases.append((f"lm_qr_{text}_{mode}_{dtype}", _case(f"""
a = values({', '.join(map(str, shape))}, dtype=torch.{dtype}).requires_grad_()
Q, R = torch.linalg.qr(a, mode="{mode}")
print(type(torch.linalg.qr(a)).__name__, Q.dtype, tuple(Q.shape), tuple(R.shape))
print(Q.stride(), R.stride(), name(Q), name(R), Q.grad_fn is R.grad_fn)
loss = R.sin().sum() + (Q.cos().sum() if Q.numel() else 0)
try:
    g, = torch.autograd.grad(loss, a)
    print(g.stride())
except RuntimeError as e:
    g = torch.zeros(1, dtype=a.dtype)
    print("backward:", str(e).split(".")[0])
result = flat(Q, R, g)
""")))
    cases.append(("lm_qr_old_forms", _case("""
a = values(4, 3).requires_grad_()
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    r = torch.qr(a)
    r2 = torch.qr(a, some=False)
    r3 = a.qr()
print(type(r).__name__, r.n_fields, len(w) > 0)
print(tuple(r.Q.shape), tuple(r2.Q.shape), tuple(r2.R.shape), name(r.R), name(r3.Q))
g, = torch.autograd.grad((r.Q * 2).sum() + r.R.pow(2).sum(), a)
result = flat(r.Q, r.R, r2.Q, r2.R, g)
""")))
    cases.append(("lm_qr_errors", _case("""
error(lambda: torch.linalg.qr(torch.ones(3, 3, dtype=torch.int64)))
error(lambda: torch.linalg.qr(torch.ones(3)))
error(lambda: torch.linalg.qr(torch.ones(3, 3), mode="full"))
error(lambda: torch.linalg.qr(torch.ones(3, 3, dtype=torch.float16)))
print(torch.linalg.qr(torch.zeros(2, 0, 3)).Q.shape, torch.linalg.qr(torch.zeros(2, 0, 3)).R.shape)
print(torch.linalg.qr(torch.zeros(2, 3, 0)).Q.shape, torch.linalg.qr(torch.zeros(2, 3, 0)).R.shape)
print(torch.linalg.qr(torch.zeros(3, 2), mode="complete").Q.abs())  # (the signs of 0: LAPACK's)
""")))
    cases.append(("lm_qr_second_derivative", _case("""
a = values(4, 3).requires_grad_()
Q, R = torch.linalg.qr(a)
g, = torch.autograd.grad(Q.pow(3).sum() + R.sin().sum(), a, create_graph=True)
print(g.requires_grad)
h, = torch.autograd.grad(g.pow(2).sum(), a)
w = values(3, 4).requires_grad_()
Q2, R2 = torch.linalg.qr(w)
g2, = torch.autograd.grad(Q2.pow(3).sum() + R2.sin().sum(), w, create_graph=True)
h2, = torch.autograd.grad(g2.pow(2).sum(), w)
result = flat(g, h, g2, h2)
""")))
    cases.append(("lm_qr_forward_ad", _case("""
import torch.autograd.forward_ad as fwAD
a = values(4, 3)
t = values(4, 3, offset=0.7)
with fwAD.dual_level():
    Q, R = torch.linalg.qr(fwAD.make_dual(a, t))
    dQ, dR = fwAD.unpack_dual(Q).tangent, fwAD.unpack_dual(R).tangent
result = flat(dQ, dR)
""")))
    cases.append(("lm_geqrf_householder_ormqr", _case("""
A = values(4, 3)
a, tau = torch.geqrf(A)
print(type(torch.geqrf(A)).__name__, a.stride(), tuple(tau.shape))
Q = torch.linalg.householder_product(a, tau)
print(Q.stride(), torch.allclose(Q, torch.linalg.qr(A).Q))
a.requires_grad_(); tau.requires_grad_()
Q = torch.linalg.householder_product(a, tau)
print(name(Q), name(torch.orgqr(a, tau)), name(a.orgqr(tau)))
ga, gt = torch.autograd.grad(Q.sin().sum(), [a, tau])
C = values(4, 2, offset=0.3).requires_grad_()
outs = []
for left in (True, False):
    for transpose in (False, True):
        CC = C if left else C.mT
        r = torch.ormqr(a, tau, CC, left=left, transpose=transpose)
        print(left, transpose, tuple(r.shape), r.stride(), name(r))
        grads = torch.autograd.grad(r.sin().sum(), [a, tau, C])
        outs += [r, *grads]
A2 = values(2, 3, 4).requires_grad_()
a2, tau2 = torch.geqrf(A2)
print(name(a2), a2.grad_fn is tau2.grad_fn, tuple(a2.shape), tuple(tau2.shape))
error(lambda: a2.sum().backward())
result = flat(a.detach(), tau.detach(), Q, ga, gt, *outs, a2, tau2)
""")))
    cases.append(("lm_householder_errors", _case("""
x = values(4, 3)
t = values(3)
error(lambda: torch.linalg.householder_product(x[:, :2], t))
error(lambda: torch.linalg.householder_product(x.mT, t))
error(lambda: torch.linalg.householder_product(x[0], t))
error(lambda: torch.linalg.householder_product(x, t.float()))
error(lambda: torch.linalg.householder_product(x, t[None]))
error(lambda: torch.linalg.householder_product(x.int(), t.int()))
error(lambda: torch.geqrf(values(3)))
error(lambda: torch.geqrf(x.int()))
error(lambda: torch.ormqr(x, t, values(3)))
error(lambda: torch.ormqr(x[:, :2], t[:2], values(3, 2)))
error(lambda: torch.ormqr(x.int(), t.int(), values(4, 2).int()))
print(torch.linalg.householder_product(torch.zeros(3, 0), torch.zeros(0)).shape)
""")))
    return cases


def _lu_cases() -> list[tuple[str, str]]:
    cases = []
    for shape in ((3, 3), (4, 3), (3, 4), (2, 3, 3)):
        for dtype in ("float64", "float32"):
            text = "x".join(map(str, shape))
            cases.append((f"lm_lu_factor_{text}_{dtype}", _case(f"""
a = values({', '.join(map(str, shape))}, dtype=torch.{dtype}).requires_grad_()
LU, piv = torch.linalg.lu_factor(a)
print(type(torch.linalg.lu_factor(a)).__name__, LU.stride(), name(LU), piv.dtype, piv.requires_grad)
print(piv)
r = torch.linalg.lu_factor_ex(a)
print(type(r).__name__, r.info, r.info.dtype, name(r.LU))
P, L, U = torch.linalg.lu(a)
print(tuple(P.shape), tuple(L.shape), tuple(U.shape), P.stride(), L.stride(), U.stride())
print(P.requires_grad, name(L), name(U), L.grad_fn is U.grad_fn)
g1, = torch.autograd.grad(LU.sin().sum(), a, retain_graph=True)
g2, = torch.autograd.grad(L.pow(2).sum() + U.cos().sum(), a)
P2, L2, U2 = torch.lu_unpack(LU, piv)
print(type(torch.lu_unpack(LU, piv)).__name__, name(L2), L2.stride(), U2.stride())
print(torch.equal(P, P2))
g3, = torch.autograd.grad(L2.exp().sum() + U2.pow(2).sum(), a)
result = flat(LU, P, L, U, g1, g2, g3)
""")))
    cases.append(("lm_lu_solve_forms", _case("""
a = values(3, 3).requires_grad_()
LU, piv = torch.linalg.lu_factor(a)
outs = []
for left in (True, False):
    for adjoint in (False, True):
        B = values(3, 2, offset=0.4) if left else values(2, 3, offset=0.4)
        B.requires_grad_()
        X = torch.linalg.lu_solve(LU, piv, B, left=left, adjoint=adjoint)
        M = a.mT if adjoint else a
        print(left, adjoint, tuple(X.shape), X.stride(), name(X))
        print(torch.allclose(M @ X if left else X @ M, B))
        outs += [X, *torch.autograd.grad(X.sin().sum(), [a, B], retain_graph=True)]
Bb = values(2, 3, 2, offset=0.9)
Xb = torch.linalg.lu_solve(LU, piv, Bb)
print(tuple(Xb.shape), Xb.stride())
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    X2 = torch.lu_solve(values(3, 2, offset=0.4), LU, piv)
    X3 = values(3, 2, offset=0.4).lu_solve(LU, piv)
    print(len(w) > 0, name(X2), name(X3))
result = flat(*outs, Xb, X2, X3)
""")))
    cases.append(("lm_lu_solve_given_lu", _case("""
diagonal = torch.diag(torch.tensor([2.0, -1.5, 1.8], dtype=torch.float64))
LU = (values(3, 3) * 0.5 + diagonal).requires_grad_()
piv = torch.tensor([2, 3, 3], dtype=torch.int32)
B = values(3, 2, offset=0.3).requires_grad_()
outs = []
for left, adjoint in ((True, False), (True, True)):
    X = torch.linalg.lu_solve(LU, piv, B, left=left, adjoint=adjoint)
    outs += [X, *torch.autograd.grad(X.pow(2).sum(), [LU, B])]
g, = torch.autograd.grad(torch.linalg.lu_solve(LU, piv, B).sum(), LU, create_graph=True)
h, = torch.autograd.grad(g.pow(2).sum(), LU)
result = flat(*outs, g, h)
""")))
    cases.append(("lm_lu_singular", _case("""
S = torch.zeros(3, 3, dtype=torch.float64)
print(torch.linalg.lu_factor_ex(S))
error(lambda: torch.linalg.lu_factor(S))
error(lambda: torch.linalg.lu_factor_ex(S, check_errors=True))
S2 = torch.stack([torch.eye(3, dtype=torch.float64), S])
error(lambda: torch.linalg.lu_factor(S2))
print(torch.linalg.lu_factor_ex(S2).info)
print(torch.linalg.lu(S))
R = torch.tensor([[1., 2, 3], [2, 4, 6], [1, 0, 1]], dtype=torch.float64)
r = torch.linalg.lu_factor_ex(R)
print(r.pivots, r.info)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    out = torch.lu(S)
    print(type(out).__name__, len(out), out[1])
    out = torch.lu(S, get_infos=True)
    print(type(out).__name__, out.info)
    print(len(w) > 0)
result = flat(r.LU)
""")))
    cases.append(("lm_lu_errors", _case("""
v = torch.ones(3, dtype=torch.float64)
for f in (torch.linalg.lu_factor, torch.linalg.lu_factor_ex, torch.linalg.lu):
    error(lambda: f(v))
    error(lambda: f(torch.ones(2, 3, dtype=torch.int32)))
    error(lambda: f(torch.ones(2, 2, dtype=torch.float16)))
    error(lambda: f(values(3, 4), pivot=False))
print(torch.linalg.lu_factor(torch.zeros(0, 3)), torch.linalg.lu_factor(torch.zeros(2, 0, 0)))
print(torch.linalg.lu(torch.zeros(0, 3)))
LU, piv = torch.linalg.lu_factor(values(3, 3))
B = values(3, 2)
error(lambda: torch.lu_unpack(LU, piv.long()))
error(lambda: torch.lu_unpack(LU[0], piv))
error(lambda: torch.lu_unpack(LU, piv + 5))
print(torch.lu_unpack(LU, piv, unpack_data=False))
print(torch.lu_unpack(LU, piv, unpack_pivots=False).P)
error(lambda: torch.linalg.lu_solve(LU, piv, B.mT))
error(lambda: torch.linalg.lu_solve(LU, piv, B[:, 0]))
error(lambda: torch.linalg.lu_solve(LU, piv, B.float()))
error(lambda: torch.linalg.lu_solve(LU, piv.long(), B))
error(lambda: torch.linalg.lu_solve(LU, piv[:2], B))
error(lambda: torch.linalg.lu_solve(LU[:2], piv, B))
error(lambda: torch.linalg.lu_solve(LU[0], piv, B))
error(lambda: torch.linalg.lu_solve(LU.int(), piv, B.int()))
error(lambda: torch.linalg.lu_solve(LU, piv, B, left=False))
""")))
    cases.append(("lm_lu_forward_ad", _case("""
import torch.autograd.forward_ad as fwAD
a = values(3, 3)
t = values(3, 3, offset=0.7)
b = values(3, 2, offset=0.2)
tb = values(3, 2, offset=1.1)
with fwAD.dual_level():
    ad = fwAD.make_dual(a, t)
    LU, piv = torch.linalg.lu_factor(ad)
    P, L, U = torch.linalg.lu(ad)
    X = torch.linalg.lu_solve(LU, piv, fwAD.make_dual(b, tb))
    tangents = [fwAD.unpack_dual(x).tangent for x in (LU, L, U, X)]
result = flat(*tangents)
""")))
    return cases


def _solve_cases() -> list[tuple[str, str]]:
    return [
        ("lm_solve_ex_inv_ex", _case("""
A = values(3, 3).requires_grad_()
B = values(2, 3, offset=0.5).requires_grad_()
X = torch.linalg.solve(A, B, left=False)
print(tuple(X.shape), X.stride(), name(X), [type(n).__name__ for n, _ in X.grad_fn.next_functions])
g = torch.autograd.grad(X.sin().sum(), [A, B])
r = torch.linalg.solve_ex(A, B[0])
print(type(r).__name__, r.info, r.info.dtype, name(r.result))
r2 = torch.linalg.solve_ex(A, B, left=False, check_errors=True)
i = torch.linalg.inv_ex(A)
print(type(i).__name__, i.info, name(i.inverse), i.inverse.stride())
gi, = torch.autograd.grad(i.inverse.pow(2).sum(), A)
Ab = torch.stack([A.detach(), A.detach() * 2])
print(torch.linalg.solve_ex(Ab, values(3, 2)).info, torch.linalg.inv_ex(Ab).info.shape)
print(torch.linalg.solve_ex(values(2, 1, 3, 3), values(4, 3, 2)).result.shape)
gg, = torch.autograd.grad(torch.linalg.solve(A, B, left=False).pow(2).sum(), A, create_graph=True)
hh, = torch.autograd.grad(gg.sum(), A)
result = flat(X, *g, r.result, r2.result, i.inverse, gi, gg, hh)
""")),
        ("lm_solve_ex_singular", _case("""
S = torch.zeros(3, 3, dtype=torch.float64)
print(torch.linalg.inv_ex(S))
print(torch.linalg.solve_ex(S, torch.ones(3, dtype=torch.float64)))
A = values(3, 3)
print(torch.linalg.solve_ex(torch.stack([A, S]), torch.ones(2, 3, dtype=torch.float64)).info)
print(torch.linalg.inv_ex(torch.stack([torch.eye(3), torch.zeros(3, 3)])).info)
error(lambda: torch.linalg.inv_ex(S, check_errors=True))
error(lambda: torch.linalg.inv_ex(torch.stack([A, S]), check_errors=True))
error(lambda: torch.linalg.solve_ex(S, torch.ones(3, dtype=torch.float64), check_errors=True))
ones = torch.ones(3, dtype=torch.float64)
error(lambda: torch.linalg.solve_ex(torch.stack([S, A]), ones, check_errors=True))
error(lambda: torch.linalg.inv_ex(values(2, 3)))
error(lambda: torch.linalg.inv_ex(torch.ones(3, 3, dtype=torch.int64)))
error(lambda: torch.linalg.inv_ex(torch.ones(3, 3, dtype=torch.float16)))
half = torch.ones(3, 3, dtype=torch.float16)
error(lambda: torch.linalg.solve_ex(half, half[0]))
error(lambda: torch.linalg.solve(A, torch.ones(3, dtype=torch.float64), left=False))
error(lambda: torch.linalg.solve(A, values(3, 2), left=False))
""")),
        ("lm_cholesky_solve_inverse", _case("""
L = torch.tensor([[2., 0, 0], [0.5, 1.5, 0], [-0.3, 0.2, 1.2]], dtype=torch.float64)
L.requires_grad_()
B = values(3, 2).requires_grad_()
outs = []
for upper in (False, True):
    F = L.mT if upper else L
    X = torch.cholesky_solve(B, F, upper=upper)
    print(upper, X.stride(), name(X), [type(n).__name__ for n, _ in X.grad_fn.next_functions])
    print(torch.allclose((F.mT @ F if upper else F @ F.mT) @ X, B))
    outs += [X, *torch.autograd.grad(X.sin().sum(), [L, B])]
    I = torch.cholesky_inverse(F, upper=upper)
    print(I.stride(), name(I))
    outs += [I, *torch.autograd.grad(I.sin().sum(), [L])]
Xb = torch.cholesky_solve(values(2, 3, 2), L)
Ib = torch.stack([L, L]).detach().cholesky_inverse(upper=False)
print(Xb.stride(), tuple(Xb.shape), Ib.stride(), name(B.cholesky_solve(L)))
g, = torch.autograd.grad(torch.cholesky_solve(B, L).pow(2).sum(), L, create_graph=True)
h, = torch.autograd.grad(g.sum(), L)
result = flat(*outs, Xb, Ib, g, h)
""")),
        ("lm_cholesky_solve_errors", _case("""
L = torch.tensor([[2., 0, 0], [0.5, 1.5, 0], [-0.3, 0.2, 1.2]], dtype=torch.float64)
B = values(3, 2)
error(lambda: torch.cholesky_solve(B[:, 0], L))
error(lambda: torch.cholesky_solve(B, L[0]))
error(lambda: torch.cholesky_solve(B, L[:2]))
error(lambda: torch.cholesky_solve(B.float(), L))
error(lambda: torch.cholesky_solve(B[:2], L))
error(lambda: torch.cholesky_solve(B.int(), L.int()))
error(lambda: torch.cholesky_solve(B.half(), L.half()))
error(lambda: torch.cholesky_inverse(L[0]))
error(lambda: torch.cholesky_inverse(L[:2]))
error(lambda: torch.cholesky_inverse(L.int()))
error(lambda: torch.cholesky_inverse(torch.zeros(3, 3)))
error(lambda: torch.cholesky_inverse(torch.stack([L, torch.zeros(3, 3, dtype=torch.float64)])))
""")),
        ("lm_triangular_solve", _case("""
A = (values(3, 3) + 3 * torch.eye(3, dtype=torch.float64)).requires_grad_()
b = values(2, 3, 2, offset=0.6).requires_grad_()
outs = []
for upper in (True, False):
    for transpose in (False, True):
        for unit in (False, True):
            r = torch.triangular_solve(b, A, upper, transpose, unit)
            x, copy = r.solution, r.cloned_coefficient
            print(type(r).__name__, x.stride(), copy.stride(), tuple(copy.shape))
            print(name(x), x.grad_fn is copy.grad_fn)
            outs += [x, *torch.autograd.grad(x.sin().sum() + copy.pow(2).sum(), [A, b])]
r = b[0].triangular_solve(A)
gA, = torch.autograd.grad(r.cloned_coefficient.sum(), A)
print(torch.triangular_solve(values(3, 2), torch.zeros(3, 3, dtype=torch.float64)))
error(lambda: torch.triangular_solve(b[0, :, 0], A))
error(lambda: torch.triangular_solve(b, A[0]))
error(lambda: torch.triangular_solve(b, A[:2]))
error(lambda: torch.triangular_solve(b.float(), A))
error(lambda: torch.triangular_solve(b[:, :2], A))
error(lambda: torch.triangular_solve(b.int(), A.int()))
result = flat(*outs, r.solution, gA)
""")),
    ]


def _pinv_lstsq_cases() -> list[tuple[str, str]]:
    cases = []
    for shape in ((4, 3), (3, 4), (2, 4, 3)):
        for dtype in ("float64", "float32"):
            text = "x".join(map(str, shape))
            cases.append((f"lm_pinv_{text}_{dtype}", _case(f"""
a = values({', '.join(map(str, shape))}, dtype=torch.{dtype}).requires_grad_()
p = torch.linalg.pinv(a)
print(tuple(p.shape), p.stride(), name(p), [type(n).__name__ for n, _ in p.grad_fn.next_functions])
g, = torch.autograd.grad(p.sin().sum(), a)
p2 = torch.linalg.pinv(a, atol=0.5)
p3 = torch.linalg.pinv(a, rtol=0.3)
p4 = torch.linalg.pinv(a, 0.3)
p5 = torch.pinverse(a, rcond=0.3)
p6 = a.pinverse()
print(name(p5), name(p6))
result = flat(p, g, p2, p3, p4, p5, p6)
""")))
    cases.append(("lm_pinv_more", _case("""
S = values(3, 3)
S = (S + S.mT).requires_grad_()
p = torch.linalg.pinv(S, hermitian=True)
print(name(p), p.stride())
g, = torch.autograd.grad(p.sin().sum(), S)
D = values(5, 2) @ values(2, 3, offset=0.3)
print(torch.linalg.matrix_rank(D))
pd = torch.linalg.pinv(D)
pdh = torch.linalg.pinv(D.mT @ D, hermitian=True)
batch = torch.stack([D, D * 2])
pb = torch.linalg.pinv(batch, atol=torch.tensor([1e-12, 1.0], dtype=torch.float64))
error(lambda: torch.linalg.pinv(batch, atol=torch.tensor([1e-12, 1.0, 2.0], dtype=torch.float64)))
error(lambda: torch.linalg.pinv(D, rtol=0.5, rcond=0.5))
error(lambda: torch.linalg.pinv(D.int()))
error(lambda: torch.linalg.pinv(D.half()))
error(lambda: torch.linalg.pinv(D[0]))
print(torch.linalg.pinv(torch.zeros(2, 0, 3)).shape, torch.linalg.pinv(torch.zeros(0, 3)).dtype)
a = values(4, 3).requires_grad_()
gg, = torch.autograd.grad(torch.linalg.pinv(a).pow(2).sum(), a, create_graph=True)
hh, = torch.autograd.grad(gg.sum(), a)
result = flat(p, g, pd, pdh, pb, gg, hh)
""")))
    for driver in ("None", "'gels'", "'gelsy'", "'gelsd'", "'gelss'"):
        for shape, bshape in (((5, 3), (5, 2)), ((3, 5), (3, 2)), ((2, 5, 3), (2, 5)),
                              ((2, 5, 3), (1, 5, 2))):
            text = "x".join(map(str, shape)) + "_" + "x".join(map(str, bshape))
            label = driver.strip("'")
            cases.append((f"lm_lstsq_{label}_{text}", _case(f"""
A = values({', '.join(map(str, shape))}).requires_grad_()
B = values({', '.join(map(str, bshape))}, offset=0.4).requires_grad_()
r = torch.linalg.lstsq(A, B, driver={driver})
print(type(r).__name__)
for field in ("solution", "residuals", "rank", "singular_values"):
    t = getattr(r, field)
    print(field, tuple(t.shape), t.dtype, t.stride(), t.requires_grad)
    print(name(t) if t.grad_fn else None)
print(r.rank)
loss = r.solution.sin().sum() + r.residuals.sum()
gA, gB = torch.autograd.grad(loss, [A, B])
result = flat(r.solution, r.residuals, r.singular_values, gA, gB)
""")))
    cases.append(("lm_lstsq_rank_deficient", _case("""
D = values(5, 2) @ values(2, 3, offset=0.3)
B = values(5, 2, offset=0.8)
outs = []
for driver in (None, "gelsd", "gelss"):
    r = torch.linalg.lstsq(D, B, driver=driver)
    print(driver, r.rank, tuple(r.residuals.shape), tuple(r.singular_values.shape))
    outs.append(r.solution)
print(torch.allclose(outs[0], torch.linalg.pinv(D) @ B))
M = torch.tensor([[1., 2, 3], [2, 4, 6.1], [1, 0, 1], [0, 1, 1], [3, 3, 3]], dtype=torch.float64)
# (gelsy's rank for an rcond between the condition numbers of R's leading blocks is
# MKL's estimate, which is erratic there: ember computes LAPACK's reference answer)
for rcond, driver in ((None, None), (1e-3, None), (None, "gelsd"), (1e-3, "gelsd"),
                      (0.05, "gelsd"), (0.3, "gelsd"), (0.3, "gelss")):
    r = torch.linalg.lstsq(M, B, rcond=rcond, driver=driver)
    print(rcond, driver, r.rank)
    outs.append(r.solution)
empty = torch.zeros(0, 3, dtype=torch.float64)
print(torch.linalg.lstsq(empty, torch.zeros(0, 2, dtype=torch.float64)))
print(torch.linalg.lstsq(torch.zeros(4, 3, dtype=torch.float64), values(4, 2), driver="gelsd"))
result = flat(*outs)
""")))
    cases.append(("lm_lstsq_errors", _case("""
d = torch.float64
error(lambda: torch.linalg.lstsq(torch.ones(3, dtype=d), torch.ones(3, dtype=d)))
error(lambda: torch.linalg.lstsq(torch.ones(3, 2, dtype=torch.int64), torch.ones(3, dtype=d)))
error(lambda: torch.linalg.lstsq(torch.ones(3, 2, dtype=d), torch.ones(4, dtype=d)))
error(lambda: torch.linalg.lstsq(torch.ones(3, 2, dtype=d), torch.ones(4, 2, dtype=d)))
o = torch.ones(3, 2, dtype=d)
error(lambda: torch.linalg.lstsq(o, o, driver="foo"))
i = torch.ones(3, 2, dtype=torch.int64)
error(lambda: torch.linalg.lstsq(i, i))
error(lambda: torch.linalg.lstsq(i, i, rcond=0.1))
h = torch.ones(3, 2, dtype=torch.float16)
error(lambda: torch.linalg.lstsq(h, h))
error(lambda: torch.linalg.lstsq(values(2, 5, 3), values(5, 2)))
error(lambda: torch.linalg.lstsq(values(2, 5, 3), values(3, 2, 5, 2)))
error(lambda: torch.linalg.lstsq(values(2, 5, 3), values(5)))
""")))
    cases.append(("lm_matrix_rank", _case("""
D = values(5, 2) @ values(2, 3, offset=0.3)
rank = torch.linalg.matrix_rank
print(rank(D), rank(D).dtype, rank(D).requires_grad)
print(rank(D, atol=1.0, rtol=0.0), rank(D, tol=1.0), rank(D, 1.0))
print(rank(D, rtol=0.5), rank(D, atol=torch.tensor(0.5, dtype=torch.float64)))
print(torch.linalg.matrix_rank(torch.stack([D[:3], torch.eye(3, dtype=torch.float64)])))
S = D.mT @ D
print(torch.linalg.matrix_rank(S, hermitian=True), torch.linalg.matrix_rank(-S, hermitian=True))
print(torch.linalg.matrix_rank(D.float()), torch.linalg.matrix_rank(D.requires_grad_()))
print(torch.linalg.matrix_rank(torch.zeros(3, 0)), torch.linalg.matrix_rank(torch.zeros(2, 0, 3)))
error(lambda: torch.linalg.matrix_rank(torch.ones(3, dtype=torch.int64)))
error(lambda: torch.linalg.matrix_rank(torch.ones(3, 3, dtype=torch.int64)))
error(lambda: torch.linalg.matrix_rank(torch.ones(3, 3, dtype=torch.float16)))
error(lambda: torch.linalg.matrix_rank(torch.ones(3, 3, dtype=torch.int64), atol=1.0, rtol=0.0))
""")))
    return cases


def _composite_cases() -> list[tuple[str, str]]:
    return [
        ("lm_cond", _case("""
M = values(3, 3).requires_grad_()
outs = []
for p in (None, 2, -2, 1, -1, float("inf"), -float("inf"), "fro", "nuc"):
    c = torch.linalg.cond(M, p)
    print(p, name(c), [type(n).__name__ for n, _ in c.grad_fn.next_functions])
    # (the inverse's in-place masked_fill_ makes 1, inf and 'fro' non-differentiable)
    error(lambda: outs.append(torch.autograd.grad(c, M)[0]))
    outs.append(c)
print(torch.linalg.cond(values(4, 3)).shape, torch.linalg.cond(values(2, 3, 3)).shape)
Z = torch.zeros(3, 3, dtype=torch.float64)
print(torch.linalg.cond(Z), torch.linalg.cond(Z, 1))
print(torch.linalg.cond(Z, "fro"), torch.linalg.cond(Z, -2))
print(torch.linalg.cond(torch.zeros(0, 0)), torch.linalg.cond(torch.zeros(2, 0, 0), 1))
error(lambda: torch.linalg.cond(values(4, 3), 1))
error(lambda: torch.linalg.cond(values(4, 3), 1.0))
error(lambda: torch.linalg.cond(values(4, 3), float("inf")))
error(lambda: torch.linalg.cond(values(4, 3), "fro"))
error(lambda: torch.linalg.cond(values(3, 3), 3))
error(lambda: torch.linalg.cond(values(3, 3), 2.5))
error(lambda: torch.linalg.cond(values(3, 3), "foo"))
error(lambda: torch.linalg.cond(values(3)))
error(lambda: torch.linalg.cond(torch.ones(3, 3, dtype=torch.int64)))
error(lambda: torch.linalg.cond(Z, "nuc"))
result = flat(*outs)
""")),
        ("lm_vander", _case("""
x = torch.tensor([1.0, 2.0, 3.0, -0.5], dtype=torch.float64, requires_grad=True)
v = torch.linalg.vander(x)
print(v, v.stride())
print([type(n).__name__ if n is not None else None for n, _ in v.grad_fn.next_functions])
print(torch.linalg.vander(x, N=2))
print(torch.linalg.vander(torch.tensor([1, 2, 3])))
print(torch.linalg.vander(torch.tensor([1, 2], dtype=torch.uint8)))
print(torch.linalg.vander(values(2, 3), N=3).shape)
g, = torch.autograd.grad(torch.linalg.vander(x, N=5).sum(), x)
error(lambda: torch.linalg.vander(x, N=1))
error(lambda: torch.linalg.vander(torch.tensor([True, False])))
error(lambda: torch.linalg.vander(torch.tensor(2.0)))
error(lambda: torch.linalg.vander(x.half()))
result = flat(v, g)
""")),
        ("lm_tensorinv_tensorsolve", _case("""
a = (torch.eye(24, dtype=torch.float64) + 0.1 * values(24, 24)).reshape(4, 6, 8, 3).requires_grad_()
ai = torch.linalg.tensorinv(a, ind=2)
print(tuple(ai.shape), name(ai), ai.stride())
print([type(n).__name__ for n, _ in ai.grad_fn.next_functions])
eye = torch.eye(24, dtype=torch.float64)
print(torch.allclose(torch.tensordot(ai, a, 2), eye.reshape(8, 3, 8, 3)))
g, = torch.autograd.grad(ai.sin().sum(), a)
b = (torch.eye(6, dtype=torch.float64) + 0.1 * values(6, 6)).reshape(6, 2, 3)
bi = torch.linalg.tensorinv(b, ind=1)
print(tuple(bi.shape))
error(lambda: torch.linalg.tensorinv(a, ind=0))
error(lambda: torch.linalg.tensorinv(a, ind=1))
error(lambda: torch.linalg.tensorinv(torch.zeros(4, 2, 2), ind=1))
A = (eye + 0.1 * values(24, 24)).reshape(6, 4, 2, 3, 4).requires_grad_()
B = values(6, 4, offset=0.3).requires_grad_()
X = torch.linalg.tensorsolve(A, B)
print(tuple(X.shape), name(X), [type(n).__name__ for n, _ in X.grad_fn.next_functions], X.stride())
print(torch.allclose(torch.tensordot(A, X, X.ndim), B))
gA, gB = torch.autograd.grad(X.sin().sum(), [A, B])
A2 = A.detach().permute(2, 0, 3, 1, 4)
X2 = torch.linalg.tensorsolve(A2, B.detach(), dims=(0, 2))
print(tuple(X2.shape))
error(lambda: torch.linalg.tensorsolve(values(2, 3, 4), values(2)))
error(lambda: torch.linalg.tensorsolve(values(2, 3, 6, 4), values(6, 4), dims=(0, 1)))
result = flat(ai, g, bi, X, gA, gB, X2)
""")),
        ("lm_diagonal_chain_norms", _case("""
M = values(2, 3, 4).requires_grad_()
d = torch.linalg.diagonal(M)
print(tuple(d.shape), d.stride(), name(d), d._base is M)
d2 = torch.linalg.diagonal(M, offset=1, dim1=0, dim2=2)
print(tuple(d2.shape), d2.stride(), name(d2))
error(lambda: torch.linalg.diagonal(M, 1))
a, b, c = values(2, 3).requires_grad_(), values(3, 4, offset=0.2), values(4, 5, offset=0.5)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    r = torch.chain_matmul(a, b, c)
    one = torch.chain_matmul(a)
    print(len(w) > 0, tuple(r.shape), name(r), name(one), one is a)
error(lambda: torch.chain_matmul())
error(lambda: torch.chain_matmul(values(3)))
N = values(3, 4).requires_grad_()
n1 = torch.nuclear_norm(N)
n2 = torch.nuclear_norm(N, keepdim=True)
n3 = torch.nuclear_norm(values(2, 3, 4), dim=(0, 2))
n4 = torch.nuclear_norm(values(2, 3, 4))
print(name(n1), [type(n).__name__ for n, _ in n1.grad_fn.next_functions])
print(tuple(n2.shape), name(n2), tuple(n3.shape), tuple(n4.shape))
error(lambda: torch.nuclear_norm(values(3)))
error(lambda: torch.nuclear_norm(torch.ones(3, 3, dtype=torch.int32)))
f1 = torch.frobenius_norm(N, dim=(0, 1))
f2 = torch.frobenius_norm(N, dim=1)
f3 = torch.frobenius_norm(values(2, 3, 4), dim=(0, 2), keepdim=True)
f4 = torch.frobenius_norm(values(2, 3, 4), dim=())
print(name(f1), name(f2), tuple(f3.shape), tuple(f4.shape))
error(lambda: torch.frobenius_norm(values(2, 3, 4), dim=(0, 1, 2)))
error(lambda: torch.frobenius_norm(torch.ones(2, 3, dtype=torch.int32), dim=(0, 1)))
g = torch.autograd.grad(n1 + f1 + f2.sum() + d.sum() + r.sum(), [N, M, a])
result = flat(d, d2, r, one, n1, n2, n3, n4, f1, f2, f3, f4, *g)
""")),
        ("lm_ldl", _case("""
A = torch.tensor([[0., 1, 2], [1, 0, 3], [2, 3, 0]], dtype=torch.float64)
r = torch.linalg.ldl_factor(A)
print(type(r).__name__, r.pivots, r.LD.stride(), r.LD.grad_fn)
A4 = torch.tensor([[1e-3, 2, 3, 4], [2, 1e-3, 5, 6], [3, 5, 1e-3, 7], [4, 6, 7, 1e-3]],
                  dtype=torch.float64)
r4 = torch.linalg.ldl_factor_ex(A4)
print(type(r4).__name__, r4.pivots, r4.info)
B = torch.arange(8., dtype=torch.float64).reshape(4, 2)
x = torch.linalg.ldl_solve(r4.LD, r4.pivots, B)
print(x.stride(), torch.allclose(A4 @ x, B))
xb = torch.linalg.ldl_solve(r4.LD, r4.pivots, torch.ones(2, 4, 2, dtype=torch.float64))
print(tuple(xb.shape), xb.stride())
M = torch.tensor([[4., 1, 2], [7, 3, 0.5], [9, 8, 5]], dtype=torch.float64)
rm = torch.linalg.ldl_factor(M, hermitian=True)
print(rm.pivots)
S = torch.zeros(3, 3, dtype=torch.float64)
print(torch.linalg.ldl_factor_ex(S))
print(torch.linalg.ldl_factor(torch.stack([A, A4[:3, :3]])).pivots)
error(lambda: torch.linalg.ldl_factor(torch.ones(3, dtype=torch.float64)))
error(lambda: torch.linalg.ldl_factor(torch.ones(2, 3, dtype=torch.float64)))
error(lambda: torch.linalg.ldl_factor(torch.ones(3, 3, dtype=torch.int64)))
error(lambda: torch.linalg.ldl_factor(torch.ones(3, 3, dtype=torch.float16)))
error(lambda: torch.linalg.ldl_solve(r4.LD, r4.pivots, B[:, 0]))
error(lambda: torch.linalg.ldl_solve(r4.LD, r4.pivots, B.float()))
error(lambda: torch.linalg.ldl_solve(r4.LD, r4.pivots, B[:3]))
Ag = A4.clone().requires_grad_()
LD = torch.linalg.ldl_factor(Ag).LD
print(type(LD.grad_fn).__name__)
error(lambda: LD.sum().backward())
result = flat(r.LD, r4.LD, x, xb, rm.LD)
""")),
        ("lm_removed_functions", _case("""
e = torch.eye(2)
for f in (lambda: torch.matrix_rank(e), lambda: torch.lstsq(e, e), lambda: e.lstsq(e),
          lambda: torch.eig(e), lambda: torch.symeig(e), lambda: torch.solve(e, e),
          lambda: e.eig(), lambda: e.symeig(), lambda: e.solve(e)):
    error(f)
""")),
    ]


def _user_cases() -> list[tuple[str, str]]:
    return [
        ("lm_user_closed_form_regression", _case("""
# ordinary least squares three ways: lstsq, the pseudo-inverse, the normal equations
n, p = 20, 3
X = torch.cat([torch.ones(n, 1, dtype=torch.float64), values(n, p)], dim=1)
true_w = torch.tensor([0.5, -1.0, 2.0, 0.3], dtype=torch.float64)
y = X @ true_w + 0.05 * values(n, offset=1.3)
w_lstsq = torch.linalg.lstsq(X, y).solution
w_pinv = torch.linalg.pinv(X) @ y
w_normal = torch.linalg.solve(X.T @ X, X.T @ y)
print(w_lstsq.shape, torch.allclose(w_lstsq, w_pinv), torch.allclose(w_lstsq, w_normal))
residual = y - X @ w_lstsq
r2 = 1 - residual.pow(2).sum() / (y - y.mean()).pow(2).sum()
print(f"R^2 = {r2.item():.6f}")
# several targets at once, and a gradient of the fit's loss through lstsq
Y = torch.stack([y, 2 * y + 1], dim=1)
W = torch.linalg.lstsq(X, Y, driver="gelsd")
print(W.solution.shape, W.residuals.shape, W.rank, W.singular_values.shape)
Xg = X.clone().requires_grad_()
loss = (Xg @ torch.linalg.lstsq(Xg, y).solution - y).pow(2).mean()
loss.backward()
result = flat(w_lstsq, w_pinv, w_normal, W.solution, W.residuals, W.singular_values, Xg.grad)
""")),
        ("lm_user_qr_solve_and_gram_schmidt", _case("""
A = values(5, 3)
b = values(5, offset=0.9)
Q, R = torch.linalg.qr(A)
x_qr = torch.linalg.solve_triangular(R, (Q.T @ b).unsqueeze(-1), upper=True).squeeze(-1)
x_ls = torch.linalg.lstsq(A, b).solution
print(torch.allclose(x_qr, x_ls), torch.allclose(Q.T @ Q, torch.eye(3, dtype=torch.float64)))
print(torch.allclose(Q @ R, A), torch.equal(R, R.triu()))
# classical Gram-Schmidt gives Q up to the signs of its columns
basis = []
for j in range(A.shape[1]):
    v = A[:, j].clone()
    for q in basis:
        v = v - (q @ A[:, j]) * q
    basis.append(v / v.norm())
G = torch.stack(basis, dim=1)
print(torch.allclose(G.abs(), Q.abs()), torch.allclose(G.T @ G, torch.eye(3, dtype=torch.float64)))
signs = torch.sign(torch.diagonal(R))
print(signs)
result = flat(x_qr, Q, R, G)
""")),
        ("lm_user_lu_reuse", _case("""
# factor once, solve for several right-hand sides
A = values(4, 4) + 4 * torch.eye(4, dtype=torch.float64)
LU, pivots = torch.linalg.lu_factor(A)
print(pivots)
solutions = []
for k in range(3):
    b = values(4, offset=0.3 * k)
    x = torch.linalg.lu_solve(LU, pivots, b.unsqueeze(-1)).squeeze(-1)
    print(k, torch.allclose(A @ x, b))
    solutions.append(x)
Bs = torch.stack([values(4, offset=0.3 * k) for k in range(3)], dim=1)
X = torch.linalg.lu_solve(LU, pivots, Bs)
print(torch.allclose(X, torch.stack(solutions, dim=1)))
P, L, U = torch.lu_unpack(LU, pivots)
print(torch.allclose(P @ L @ U, A), torch.linalg.det(A).item() > 0)
det_from_lu = torch.prod(torch.diagonal(U)) * torch.linalg.det(P)
result = flat(X, det_from_lu.reshape(1), torch.linalg.det(A).reshape(1))
""")),
        ("lm_user_ridge_cholesky_polyfit", _case("""
# ridge regression through a Cholesky factor, and a polynomial fit with a Vandermonde matrix
X = values(15, 4)
y = values(15, offset=0.7)
lam = 0.1
G = X.T @ X + lam * torch.eye(4, dtype=torch.float64)
L = torch.linalg.cholesky(G)
w = torch.cholesky_solve((X.T @ y).unsqueeze(-1), L).squeeze(-1)
print(torch.allclose(G @ w, X.T @ y))
print(torch.allclose(torch.cholesky_inverse(L), torch.linalg.inv(G)))
t = torch.linspace(-1, 1, 9, dtype=torch.float64)
target = 1 - 2 * t + 0.5 * t ** 3
V = torch.linalg.vander(t, N=4)
coef = torch.linalg.lstsq(V, target).solution
print(V.shape, torch.linalg.matrix_rank(V), f"{torch.linalg.cond(V).item():.4f}")
result = flat(w, coef)
""")),
    ]


CASES: list[tuple[str, str]] = (_qr_cases() + _lu_cases() + _solve_cases() + _pinv_lstsq_cases()
                                + _composite_cases() + _user_cases())
