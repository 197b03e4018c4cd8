"""The few matrix factorisations MultivariateNormal needs, composed of public ops so that
gradients flow without derivative code here. ember has no linalg.cholesky or
solve_triangular yet; these agree with LAPACK's results to rounding, not bit for bit."""

from __future__ import annotations

import ember
from ember._tensor import Tensor


def cholesky(matrix: Tensor) -> Tensor:
    """The lower-triangular L with L @ L.mT == matrix, for (batches of) symmetric positive
    definite matrices; one column per step (Cholesky-Crout), so n steps of batched ops."""
    n = matrix.shape[-1]
    columns: list[Tensor] = []
    for j in range(n):
        # column j of L: (A[:, j] - L[:, :j] @ L[j, :j]) / L[j, j], zero above the diagonal
        column = matrix[..., :, j]
        if j:
            done = ember.stack(columns, -1)  # (..., n, j)
            column = column - (done * done[..., j:j + 1, :]).sum(-1)
        pivot = column[..., j:j + 1]
        if bool((pivot.detach() <= 0).any()):
            raise ember.linalg.LinAlgError(
                f"linalg.cholesky: The factorization could not be completed because the "
                f"input is not positive-definite (the leading minor of order {j + 1} is not "
                "positive-definite).")
        below = column / pivot.sqrt()
        mask = (ember.arange(n) >= j).to(matrix.dtype)
        columns.append(below * mask)
    return ember.stack(columns, -1)


def solve_lower(lower: Tensor, rhs: Tensor) -> Tensor:
    """X with lower @ X == rhs for lower-triangular `lower` (batched like linalg.solve).
    Only the lower triangle is read, as by torch's solve_triangular, so the entries above
    the diagonal get zero gradient."""
    return ember.linalg.solve(lower.tril(), rhs)


def cholesky_inverse(lower: Tensor) -> Tensor:
    """(L @ L.mT)^-1 from the Cholesky factor L."""
    inverse = ember.linalg.inv(lower)
    return inverse.mT @ inverse
