"""The few matrix factorisations MultivariateNormal needs, on public ops so that gradients
flow without derivative code here. The Cholesky factor is linalg.cholesky's (LAPACK's, as
torch's); ember has no solve_triangular yet, so triangular solves go through linalg.solve
(equal to rounding)."""

from __future__ import annotations

import ember
from ember._tensor import Tensor


def cholesky(matrix: Tensor) -> Tensor:
    """The lower-triangular L with L @ L.mT == matrix (LAPACK's factor, as torch's
    linalg.cholesky: LinalgCholeskyExBackward0); raises LinAlgError when the matrix is not
    positive-definite."""
    return ember.linalg.cholesky(matrix)


def solve_lower(lower: Tensor, rhs: Tensor) -> Tensor:
    """X with lower @ X == rhs for lower-triangular `lower` (batched like linalg.solve).
    Only the lower triangle is read, as by torch's solve_triangular, so the entries above
    the diagonal get zero gradient."""
    return ember.linalg.solve(lower.tril(), rhs)


def cholesky_inverse(lower: Tensor) -> Tensor:
    """(L @ L.mT)^-1 from the Cholesky factor L."""
    inverse = ember.linalg.inv(lower)
    return inverse.mT @ inverse
