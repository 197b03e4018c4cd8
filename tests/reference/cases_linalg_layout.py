"""The memory layout of torch 2.13's LAPACK-backed linalg results and of their gradients.

torch's CPU kernels for inverse, linalg.solve, the Cholesky factors, eigh's eigenvectors,
the SVD's U and Vh and solve_triangular return LAPACK's column-major matrices (a batch
outermost): `stride()` shows it, `is_contiguous()` is False, `view(-1)` raises, `flatten`
and `reshape` copy (UnsafeViewBackward0) and `contiguous()` records CloneBackward0. Each
case prints, for every output and for every gradient `autograd.grad` returns, its shape,
strides, contiguity and what `view(-1)` does (and for outputs the grad_fn names of
`flatten`, `reshape(-1)` and `contiguous()`), then the strides of the leaves' `.grad`.
Shapes: unbatched, batched, a batch with a dim of size 1, and 2 x 2; float64 and float32.
Values are checked elsewhere (the ops' own reference cases); these record layouts only.

Ids start with ``layout_``.
"""

from __future__ import annotations

_PRELUDE = """
import numpy as np
def describe(name, t, outputs=True):
    text = f"{name} {tuple(t.shape)} {t.stride()} {t.is_contiguous()}"
    if outputs:
        text += (f" flatten:{type(t.flatten().grad_fn).__name__}"
                 f" reshape:{type(t.reshape(-1).grad_fn).__name__}"
                 f" contiguous:{type(t.contiguous().grad_fn).__name__}")
    try:
        t.view(-1)
        text += " view:ok"
    except RuntimeError as error:
        text += " view:RuntimeError " + str(error)
    print(text)
def matrix(shape, dtype, seed=1):
    a = np.random.default_rng(seed).standard_normal(shape)
    if len(shape) > 1 and shape[-1] == shape[-2]:  # positive definite
        a = a @ np.swapaxes(a, -1, -2) + shape[-1] * np.eye(shape[-1])
    return torch.tensor(a, dtype=dtype, requires_grad=True)
def check(name, f, *inputs):
    outputs = f(*inputs)
    outputs = [o for o in (outputs if isinstance(outputs, tuple) else (outputs,))
               if o.requires_grad]
    for i, o in enumerate(outputs):
        describe(f"{name} out{i}", o)
    grads = torch.autograd.grad(outputs, inputs, [torch.ones(o.shape, dtype=o.dtype)
                                                  for o in outputs], retain_graph=True)
    for i, g in enumerate(grads):
        describe(f"{name} grad{i}", g, outputs=False)
    sum((o * 1).sum() for o in outputs).backward()
    print(name, "leaf .grad", [x.grad.stride() for x in inputs])
SHAPES = [(3, 3), (2, 3, 3), (2, 1, 3, 3), (2, 2)]
def each(name, f):
    for dtype in (torch.float64, torch.float32):
        for shape in SHAPES:
            check(f"{name} {shape} {dtype}", f, matrix(shape, dtype))
"""


def _square(name: str, call: str) -> tuple[str, str]:
    """A function of one square matrix, over the shapes and dtypes of the prelude."""
    return (f"layout_{name}", _PRELUDE + f"each({name!r}, lambda A: {call})\n")


def _solve(name: str, call: str, right_hand_sides: str) -> tuple[str, str]:
    """A solve over A's shapes and B's (`right_hand_sides`: an expression of `shape`, A's)."""
    return (f"layout_{name}", _PRELUDE +
            "for dtype in (torch.float64, torch.float32):\n"
            "    for shape in [(3, 3), (2, 3, 3), (2, 1, 3, 3)]:\n"
            f"        for b_shape in {right_hand_sides}:\n"
            "            A, B = matrix(shape, dtype), matrix(b_shape, dtype, seed=2)\n"
            f"            check(f'{name} {{shape}} {{b_shape}} {{dtype}}', lambda A, B: {call},"
            " A, B)\n")


# B: matrices of A's batch, broadcast against it (its gradient then summed), or vectors
_MATRICES = "[shape[:-1] + (2,), (3, 2), (4,) + shape[:-1] + (2,), (2, 3, 2)]"
_ROWS = "[shape[:-2] + (2, 3), (2, 3), (4,) + shape[:-2] + (2, 3), (2, 2, 3)]"
_VECTORS = "[shape[:-1], (3,)]"


CASES: list[tuple[str, str]] = [
    _square("inverse", "torch.inverse(A)"),
    _square("linalg_inv", "torch.linalg.inv(A)"),
    _square("matrix_power_minus_one", "torch.linalg.matrix_power(A, -1)"),
    _square("matrix_power_minus_two", "torch.linalg.matrix_power(A, -2)"),
    _square("cholesky_lower", "torch.linalg.cholesky(A)"),
    _square("cholesky_upper", "torch.linalg.cholesky(A, upper=True)"),
    _square("cholesky_ex", "torch.linalg.cholesky_ex(A)[0]"),
    _square("torch_cholesky", "torch.cholesky(A)"),
    _square("torch_cholesky_upper", "torch.cholesky(A, True)"),
    _square("eigh", "torch.linalg.eigh(A)"),
    _square("eigh_upper", "torch.linalg.eigh(A, UPLO='U')[1]"),
    _square("eigvalsh", "torch.linalg.eigvalsh(A)"),
    _square("svd", "torch.linalg.svd(A)"),
    _square("svd_vectors", "torch.linalg.svd(A)[0] + torch.linalg.svd(A)[2]"),
    _square("svd_reduced", "torch.linalg.svd(A, full_matrices=False)"),
    _square("torch_svd", "torch.svd(A)"),
    _square("svdvals", "torch.linalg.svdvals(A)"),
    _square("matrix_norm_two", "torch.linalg.matrix_norm(A, 2)"),
    _square("matrix_norm_nuclear", "torch.linalg.matrix_norm(A, 'nuc')"),
    _square("det", "torch.linalg.det(A)"),
    _square("slogdet", "torch.linalg.slogdet(A)[1]"),
    _square("logdet", "torch.logdet(A)"),
    # (its gradient is a block of a 2n x 2n matrix exponential: strides (2n, 1), in both)
    _square("matrix_exp", "torch.linalg.matrix_exp(A)"),
    _solve("solve", "torch.linalg.solve(A, B)", _MATRICES),
    _solve("solve_vector", "torch.linalg.solve(A, B)", _VECTORS),
    _solve("solve_triangular_upper", "torch.linalg.solve_triangular(A, B, upper=True)",
           _MATRICES),
    _solve("solve_triangular_lower_unit",
           "torch.linalg.solve_triangular(A, B, upper=False, unitriangular=True)", _MATRICES),
    _solve("solve_triangular_right",
           "torch.linalg.solve_triangular(A, B, upper=True, left=False)", _ROWS),
    ("layout_svd_rectangular", _PRELUDE +
     "for dtype in (torch.float64, torch.float32):\n"
     "    for shape in [(3, 2), (2, 3), (2, 3, 2), (2, 2, 3), (4, 1)]:\n"
     "        for name, f in [('svd', lambda A: torch.linalg.svd(A)),\n"
     "                        ('reduced', lambda A: torch.linalg.svd(A, full_matrices=False)),\n"
     "                        ('torch.svd', lambda A: torch.svd(A)),\n"
     "                        ('torch.svd some=False', lambda A: torch.svd(A, some=False))]:\n"
     "            check(f'{name} {shape} {dtype}', f, matrix(shape, dtype))\n"
     "        with torch.no_grad():\n"
     "            U, S, V = torch.svd(matrix(shape, dtype), compute_uv=False)\n"
     "        print('compute_uv=False', shape, U.stride(), V.stride(), V.is_contiguous())\n"),
    ("layout_later_ops", _PRELUDE +
     "A = matrix((2, 3, 3), torch.float64)\n"
     "X = torch.inverse(A)\n"
     "for name, t in [('X * 2', X * 2), ('X.exp()', X.exp()), ('X.mT', X.mT),\n"
     "                ('X[0]', X[0]), ('X.contiguous()', X.contiguous()),\n"
     "                ('X.clone()', X.clone()), ('X.reshape(6, 3)', X.reshape(6, 3)),\n"
     "                ('X.flatten(1)', X.flatten(1)), ('X.mT.flatten(1)', X.mT.flatten(1)),\n"
     "                ('X.mT.reshape(2, 9)', X.mT.reshape(2, 9)),\n"
     "                ('matrix_exp(A)', torch.linalg.matrix_exp(A))]:\n"
     "    describe(name, t)\n"
     "print(X.contiguous().is_contiguous(), X.contiguous().grad_fn.next_functions[0][0] is"
     " X.grad_fn)\n"
     "print(torch.linalg.matrix_power(A, 1).stride(), torch.linalg.matrix_power(X, 1).stride())\n"),
    ("layout_issue_program",
     "t4 = torch.tensor([[3.0, 4.0], [3.0, 1.7329]], dtype=torch.float64, requires_grad=True)\n"
     "t5 = torch.inverse(t4)\n"
     "t6 = t5.flatten()\n"
     "print(t6)\n"
     "print(t5.stride(), t5.is_contiguous())\n"
     "try:\n"
     "    t5.view(-1)\n"
     "except RuntimeError as error:\n"
     "    print(type(error).__name__, error)\n"),
]
