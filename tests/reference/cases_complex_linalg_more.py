"""The factor-based linear algebra on complex matrices, against torch 2.13: the LU family
(lu_factor(_ex), linalg.lu, torch.lu, lu_unpack, linalg.lu_solve and torch.lu_solve, with
adjoint / left), triangular_solve (op(A) = A^T even for complex A), cholesky_solve and
cholesky_inverse (A = L L^H), geqrf, householder_product / orgqr, ormqr (Q^H with
transpose), ldl_factor(_ex) / ldl_solve (symmetric and Hermitian), cholesky_ex, inv_ex and
solve_ex: values, gradients, grad_fn names (create_graph too), and torch's errors for bad
inputs; and the double-backward nodes of tanh and sigmoid on complex values.

Values are rounded to 4 decimals (LAPACK builds round the last bits differently)."""

from __future__ import annotations

_HELPERS = """
import warnings
warnings.simplefilter("ignore", UserWarning)

def r4(t):  # a complex tensor's parts rounded (LAPACK builds differ in the last bits)
    t = t.detach().resolve_conj()
    if t.is_complex():
        t = torch.view_as_real(t)
    return t.mul(1e4).round().div(1e4) + 0

def name(t):
    return None if t is None else (type(t.grad_fn).__name__ if t.grad_fn is not None else "")

def attempt(label, f):
    try:
        r = f()
        print(label, "->", r4(r) if isinstance(r, torch.Tensor) and r.is_floating_point()
              or isinstance(r, torch.Tensor) and r.is_complex() else r)
    except (RuntimeError, NotImplementedError, TypeError, ValueError, IndexError) as e:
        print(label, "->", type(e).__name__, str(e).split(chr(10))[0])

def grads(out, inputs, seed=5):
    g = torch.Generator().manual_seed(seed)
    w = torch.randn(out.shape, dtype=out.dtype, generator=g)
    loss = (out * w).sum()
    loss = loss.real if loss.is_complex() else loss
    gs = torch.autograd.grad(loss, inputs, allow_unused=True, create_graph=True)
    print("result", name(out), r4(out))
    for i, gi in enumerate(gs):
        print("grad", i, None if gi is None else r4(gi), name(gi))

def cx(*shape, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.complex(torch.randn(shape, dtype=torch.float64, generator=g),
                         torch.randn(shape, dtype=torch.float64, generator=g))

def leaf(t):
    return t.detach().clone().requires_grad_()
"""

CASES = [
    ("complex_lu_factor", _HELPERS + """
A = leaf(cx(4, 4, seed=1))
LU, piv = torch.linalg.lu_factor(A)
print(piv, piv.dtype, LU.dtype, LU.stride())
grads(LU, (A,))
B = leaf(cx(2, 3, 5, seed=2))
LU, piv, info = torch.linalg.lu_factor_ex(B)
print(piv, info)
grads(LU, (B,))
LU, piv = torch.lu(A)
print(name(LU), piv)
LU, piv, info = torch.lu(A.detach().to(torch.complex64), get_infos=True)
print(r4(LU), LU.dtype, piv, info)
S = torch.tensor([[1 + 1j, 2 + 2j], [2 + 2j, 4 + 4j]], dtype=torch.complex128)
print(torch.linalg.lu_factor_ex(S).info)
attempt("singular lu_factor", lambda: torch.linalg.lu_factor(S))
attempt("singular lu_factor_ex checked",
        lambda: torch.linalg.lu_factor_ex(S, check_errors=True))
attempt("no pivots", lambda: torch.linalg.lu_factor(A.detach(), pivot=False))
"""),
    ("complex_linalg_lu", _HELPERS + """
for shape, seed in (((4, 4), 3), ((3, 5), 4), ((2, 5, 3), 5)):
    A = leaf(cx(*shape, seed=seed))
    P, L, U = torch.linalg.lu(A)
    print(P.dtype, r4(P).shape, name(L), name(U))
    square = shape[-1] == shape[-2]
    grads(L @ U.exp() if square else L.sum(-1, keepdim=True) * U.sum(-2, keepdim=True), (A,))
    grads(L * 1j, (A,))
    grads(U, (A,))
    print(r4(P @ L @ U - A).abs().max())
"""),
    ("complex_lu_unpack", _HELPERS + """
A = cx(4, 3, seed=6)
LU, piv = torch.linalg.lu_factor(A)
LU = leaf(LU)
P, L, U = torch.lu_unpack(LU, piv)
print(P, name(L), name(U))
grads(L[:3] @ U, (LU,))
P, L, U = torch.lu_unpack(LU, piv, unpack_data=False)
print(P.dtype, L.shape, U.shape)
P, L, U = torch.lu_unpack(LU, piv, unpack_pivots=False)
print(P.shape, P.dtype, r4(L))
"""),
    ("complex_lu_solve", _HELPERS + """
A = leaf(cx(4, 4, seed=7))
for left, adjoint, shape in ((True, False, (4, 2)), (True, True, (4, 2)),
                             (False, False, (3, 4)), (False, True, (3, 4))):
    B = leaf(cx(*shape, seed=8))
    LU, piv = torch.linalg.lu_factor(A)
    X = torch.linalg.lu_solve(LU, piv, B, left=left, adjoint=adjoint)
    print(left, adjoint, X.stride())
    grads(X, (A, B))
B = leaf(cx(4, 2, seed=9))
LU, piv = torch.linalg.lu_factor(A)
grads(torch.lu_solve(B, LU, piv), (LU, B))
Ab = leaf(cx(2, 3, 3, seed=10))
LU, piv = torch.linalg.lu_factor(Ab)
grads(torch.linalg.lu_solve(LU, piv, B[:3, :1]), (Ab,))
LU, piv = torch.linalg.lu_factor(A.detach())
attempt("float B", lambda: torch.linalg.lu_solve(LU, piv, torch.randn(4, 2, dtype=torch.float64)))
attempt("complex64 B", lambda: torch.linalg.lu_solve(LU, piv, cx(4, 2).to(torch.complex64)))
attempt("wrong rows", lambda: torch.linalg.lu_solve(LU, piv, cx(3, 2)))
attempt("non-square LU", lambda: torch.linalg.lu_solve(cx(4, 3), piv[:3], cx(4, 2)))
attempt("int64 pivots", lambda: torch.linalg.lu_solve(LU, piv.long(), cx(4, 2)))
attempt("lu_unpack int64 pivots", lambda: torch.lu_unpack(LU, piv.long()))
"""),
    ("complex_triangular_solve", _HELPERS + """
A = leaf(torch.triu(cx(3, 3, seed=11)) + 3 * torch.eye(3))
B = leaf(cx(3, 2, seed=12))
for upper, transpose, unit in ((True, False, False), (True, True, False),
                               (False, True, True), (False, False, False)):
    M = A if upper else leaf(A.detach().mT)
    X, C = torch.triangular_solve(B, M, upper=upper, transpose=transpose,
                                  unitriangular=unit)
    print(upper, transpose, unit, name(X), name(C), X.stride())
    grads(X, (M, B))
X, C = torch.triangular_solve(B, A)
grads(X * 2 + C[:, :2], (A, B))
Ab = leaf(torch.triu(cx(2, 3, 3, seed=13)) + 3 * torch.eye(3))
grads(torch.triangular_solve(B, Ab).solution, (Ab, B))
attempt("real A", lambda: torch.triangular_solve(B.detach(), A.detach().real))
attempt("real b", lambda: torch.triangular_solve(B.detach().real, A.detach()))
attempt("non-square A", lambda: torch.triangular_solve(B.detach(), cx(3, 2)))
attempt("complex64 A", lambda: torch.triangular_solve(B.detach(), A.detach().to(torch.complex64)))
"""),
    ("complex_cholesky_solve_inverse", _HELPERS + """
M = cx(3, 3, seed=14)
L = leaf(torch.linalg.cholesky(M @ M.mH + torch.eye(3)))
B = leaf(cx(3, 2, seed=15))
grads(torch.cholesky_solve(B, L), (L, B))
U = leaf(L.detach().mH)
grads(torch.cholesky_solve(B, U, upper=True), (U, B))
grads(torch.cholesky_inverse(L), (L,))
grads(torch.cholesky_inverse(U, upper=True), (U,))
Lb = leaf(torch.linalg.cholesky(torch.eye(3) * 2 + cx(2, 3, 3, seed=16) @ cx(2, 3, 3, seed=16).mH))
grads(torch.cholesky_solve(B, Lb), (Lb, B))
grads(torch.cholesky_inverse(Lb), (Lb,))
print(name(torch.cholesky_solve(B, L)), name(torch.cholesky_inverse(L)))
attempt("real b", lambda: torch.cholesky_solve(B.detach().real, L.detach()))
c64 = torch.complex64
attempt("complex64 factor", lambda: torch.cholesky_solve(B.detach(), L.detach().to(c64)))
attempt("non-square factor", lambda: torch.cholesky_solve(B.detach(), cx(3, 2)))
attempt("wrong rows", lambda: torch.cholesky_solve(cx(2, 2), L.detach()))
attempt("inverse non-square", lambda: torch.cholesky_inverse(cx(3, 2)))
Z = L.detach().clone()
Z[1, 1] = 0
attempt("inverse zero diagonal", lambda: torch.cholesky_inverse(Z))
"""),
    ("complex_householder", _HELPERS + """
A0 = cx(4, 3, seed=17)
a, tau = torch.geqrf(A0)
print(r4(a), r4(tau), a.dtype, a.stride(), name(a))
attempt("geqrf requiring grad", lambda: torch.geqrf(leaf(A0)))
with torch.no_grad():
    print(name(torch.geqrf(leaf(A0)).a))
a2, tau2 = torch.geqrf(leaf(A0.real))
print(name(a2), name(tau2))
print(r4(torch.geqrf(cx(2, 3, 5, seed=18)).tau))
a, tau = leaf(a), leaf(tau)
Q = torch.linalg.householder_product(a, tau)
print(r4(Q.mH @ Q), Q.stride())
grads(Q, (a, tau))
grads(torch.orgqr(a, tau[:2]), (a, tau))
ab, taub = torch.geqrf(cx(2, 4, 2, seed=19))
ab, taub = leaf(ab), leaf(taub)
grads(torch.linalg.householder_product(ab, taub), (ab, taub))
attempt("tau real", lambda: torch.linalg.householder_product(a.detach(), tau.detach().real))
c64 = torch.complex64
attempt("complex64 tau",
        lambda: torch.linalg.householder_product(a.detach(), tau.detach().to(c64)))
attempt("wide", lambda: torch.linalg.householder_product(cx(3, 4), cx(3)))
"""),
    ("complex_ormqr", _HELPERS + """
a, tau = torch.geqrf(cx(4, 3, seed=20))
a, tau = leaf(a), leaf(tau)
C = leaf(cx(4, 2, seed=21))
for left, transpose in ((True, False), (True, True)):
    Y = torch.ormqr(a, tau, C, left=left, transpose=transpose)
    print(left, transpose, Y.stride())
    grads(Y, (a, tau, C))
D = leaf(cx(2, 4, seed=22))
for transpose in (False, True):
    Y = torch.ormqr(a, tau, D, left=False, transpose=transpose)
    grads(Y, (a, tau, D))
Q = torch.linalg.householder_product(a, tau)
Qf = torch.ormqr(a.detach(), tau.detach(), torch.eye(4, dtype=torch.complex128))
print(r4(Qf[:, :3] - Q))
attempt("real other", lambda: torch.ormqr(a.detach(), tau.detach(), C.detach().real))
c64 = torch.complex64
attempt("complex64 tau", lambda: torch.ormqr(a.detach(), tau.detach().to(c64), C.detach()))
attempt("wrong rows", lambda: torch.ormqr(a.detach(), tau.detach(), cx(3, 2)))
"""),
    ("complex_ldl", _HELPERS + """
M = cx(5, 5, seed=23)
for hermitian, A in ((False, M + M.mT), (True, M + M.mH), (False, M + M.mH), (True, M)):
    LD, piv, info = torch.linalg.ldl_factor_ex(A, hermitian=hermitian)
    B = cx(5, 2, seed=24)
    X = torch.linalg.ldl_solve(LD, piv, B, hermitian=hermitian)
    print(hermitian, r4(LD), piv, info, LD.stride(), r4(X))
H = M + M.mH
print(r4(H @ torch.linalg.ldl_solve(*torch.linalg.ldl_factor(H, hermitian=True), cx(5, 1),
                                     hermitian=True) - cx(5, 1)).abs().max())
Hb = cx(2, 4, 4, seed=25)
Hb = Hb + Hb.mH
LD, piv = torch.linalg.ldl_factor(Hb, hermitian=True)
print(r4(LD), piv, r4(torch.linalg.ldl_solve(LD, piv, cx(4, 2, seed=26), hermitian=True)))
R = leaf(H)
LD, piv = torch.linalg.ldl_factor(R, hermitian=True)
print(LD.requires_grad, type(LD.grad_fn).__name__)
Z = torch.zeros(3, 3, dtype=torch.complex128)
print(torch.linalg.ldl_factor_ex(Z, hermitian=True))
try:  # (torch 2.13's message is a failed internal assert: docs/differences.md)
    torch.linalg.ldl_factor(Z, hermitian=True)
except RuntimeError as e:
    print("singular ldl_factor ->", type(e).__name__, "Unknown error code: 1." in str(e))
attempt("non-square", lambda: torch.linalg.ldl_factor(cx(3, 2)))
attempt("real B", lambda: torch.linalg.ldl_solve(LD, piv, torch.randn(5, 2, dtype=torch.float64)))
attempt("wrong rows", lambda: torch.linalg.ldl_solve(LD.detach(), piv, cx(3, 2)))
"""),
    ("complex_solvers_ex", _HELPERS + """
M = cx(3, 3, seed=27)
A = leaf(M)
P = leaf(M @ M.mH + torch.eye(3))
L, info = torch.linalg.cholesky_ex(P)
print(info, name(L))
grads(L, (P,))
print(torch.linalg.cholesky_ex(M).info, torch.linalg.cholesky_ex(-P.detach()).info)
X, info = torch.linalg.inv_ex(A)
print(info, name(X))
grads(X, (A,))
B = leaf(cx(3, 2, seed=28))
X, info = torch.linalg.solve_ex(A, B)
print(info, name(X))
grads(X, (A, B))
X, info = torch.linalg.solve_ex(A, B.mT, left=False)
grads(X, (A, B))
S = torch.tensor([[1 + 1j, 2 + 2j], [2 + 2j, 4 + 4j]], dtype=torch.complex128)
print(torch.linalg.inv_ex(S).info, torch.linalg.solve_ex(S, cx(2, 1)).info)
attempt("inv_ex checked", lambda: torch.linalg.inv_ex(S, check_errors=True))
attempt("solve_ex checked", lambda: torch.linalg.solve_ex(S, cx(2, 1), check_errors=True))
attempt("cholesky_ex checked", lambda: torch.linalg.cholesky_ex(-P.detach(), check_errors=True))
attempt("inv_ex non-square", lambda: torch.linalg.inv_ex(cx(3, 2)))
"""),
    ("complex_tanh_sigmoid_double_backward", _HELPERS + """
z = leaf(cx(3, seed=29) * 0.5)
v = leaf(cx(3, seed=30))
w = cx(3, seed=31)
for f in (torch.tanh, torch.sigmoid, torch.nn.Tanh(), torch.nn.functional.sigmoid):
    y = f(z)
    g1, = torch.autograd.grad(y, z, torch.ones_like(y), create_graph=True)
    g2, = torch.autograd.grad(y, z, v, create_graph=True)
    print(name(y), name(g1), name(g2), r4(g1), r4(g2))
    gz, gv = torch.autograd.grad((g2 * w).sum().real, (z, v), create_graph=True)
    print(r4(gz), r4(gv), name(gz), name(gv))
    print([type(f).__name__ for f, _ in g2.grad_fn.next_functions if f is not None])
"""),
]
