"""torch.linalg.solve_triangular recorded from torch 2.13: values and gradients (upper,
lower, unit diagonal, X A = B, broadcast batches, a zero on the diagonal, an infinite
upstream gradient), grad_fn names, dtypes and torch's argument checks with their messages.

Ids start with ``tri_``.
"""

from __future__ import annotations

_SETUP = (
    "A = torch.tensor([[2., -1., 0.5], [0.3, 1.5, 2.], [-0.7, 0.25, 3.]], dtype=torch.float64,"
    " requires_grad=True)\n"
    "B = torch.tensor([[1., -2.], [0.5, 3.], [-1., 0.25]], dtype=torch.float64,"
    " requires_grad=True)\n"
)


def _solved(call: str) -> str:
    """Values and both gradients of one solve, printed and kept as `result`."""
    return (_SETUP + f"X = {call}\n"
            "X.backward(torch.linspace(-1, 2, X.numel(), dtype=X.dtype).reshape(X.shape))\n"
            "print(type(X.grad_fn).__name__, X.dtype, tuple(X.shape))\n"
            "result = torch.cat([X.detach().flatten(), A.grad.flatten(), B.grad.flatten()])\n")


CASES: list[tuple[str, str]] = [
    ("tri_upper", _solved("torch.linalg.solve_triangular(A, B, upper=True)")),
    ("tri_lower", _solved("torch.linalg.solve_triangular(A, B, upper=False)")),
    ("tri_unit", _solved("torch.linalg.solve_triangular(A, B, upper=True, unitriangular=True)")),
    ("tri_right", _solved("torch.linalg.solve_triangular(A, B.mT, upper=False, left=False)")),
    ("tri_batch", _solved("torch.linalg.solve_triangular(torch.stack([A, 2 * A]), B, "
                          "upper=True)")),
    ("tri_second_order", _SETUP +
     "X = torch.linalg.solve_triangular(A, B, upper=False)\n"
     "gA, gB = torch.autograd.grad((X * X).sum(), (A, B), create_graph=True)\n"
     "hA, = torch.autograd.grad((gA * gA).sum() + gB.sum(), A)\n"
     "print(type(gA.grad_fn).__name__)\n"
     "result = torch.cat([gA.detach().flatten(), gB.detach().flatten(), hA.flatten()])\n"),
    ("tri_singular_and_infinite_gradient",
     "A = torch.tensor([[0., 1.], [5., 3.]], requires_grad=True)\n"
     "B = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\n"
     "X = torch.linalg.solve_triangular(A, B, upper=True)\n"
     "print(X)\n"
     "A2 = torch.tensor([[2., 1.], [5., 3.]], requires_grad=True)\n"
     "Y = torch.linalg.solve_triangular(A2, B, upper=True)\n"
     "Y.backward(torch.tensor([[1., float('inf')], [0., 1.]]))\n"
     "print(A2.grad, B.grad)\n"),
    ("tri_dtypes",
     "A = torch.tensor([[2., 1.], [0., 3.]]); B = torch.tensor([[1.], [2.]])\n"
     "print(torch.linalg.solve_triangular(A.double(), B, upper=True).dtype,"
     " torch.linalg.solve_triangular(A, B.double(), upper=True).dtype)\n"
     "print(torch.linalg.solve_triangular(torch.ones(0, 0), torch.ones(0, 3), upper=True))\n"),
    ("tri_checks",
     "A = torch.tensor([[2., 1.], [0., 3.]]); B = torch.tensor([[1.], [2.]])\n"
     "def show(text, f):\n"
     "    try:\n"
     "        print(text, '->', f().shape)\n"
     "    except Exception as e:\n"
     "        print(text, '->', type(e).__name__, str(e).split('\\n')[0])\n"
     "show('B 1-D', lambda: torch.linalg.solve_triangular(A, torch.ones(2), upper=True))\n"
     "show('A 1-D', lambda: torch.linalg.solve_triangular(torch.ones(2), B, upper=True))\n"
     "show('not square', lambda: torch.linalg.solve_triangular(torch.ones(2, 3), B, "
     "upper=True))\n"
     "show('AX = B', lambda: torch.linalg.solve_triangular(A, torch.ones(3, 1), upper=True))\n"
     "show('XA = B', lambda: torch.linalg.solve_triangular(A, torch.ones(2, 3), upper=True, "
     "left=False))\n"
     "show('long', lambda: torch.linalg.solve_triangular(A.long(), B.long(), upper=True))\n"
     "show('half', lambda: torch.linalg.solve_triangular(A.half(), B.half(), upper=True))\n"
     "show('batches', lambda: torch.linalg.solve_triangular(torch.stack([A, A]), "
     "torch.stack([B, B, B]), upper=True))\n"),
]
