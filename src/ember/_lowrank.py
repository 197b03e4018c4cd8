"""torch.svd_lowrank and torch.pca_lowrank: randomized low-rank SVD (Halko, Martinsson and
Tropp, 2009: the range finder with subspace iteration, Algorithm 4.4, then Algorithm 5.1).

Both are compositions of public ops in torch's order (one randn draw of shape (n, q) from
the global generator, matmuls, linalg.qr, linalg.svd), so after torch.manual_seed they
draw what torch draws, and their gradients end in torch's nodes. Sparse inputs are not
supported (ember has no sparse tensors).
"""

from __future__ import annotations

from . import _dtype
from ._creation import randn
from ._tensor import Tensor

__all__ = ["svd_lowrank", "pca_lowrank"]


def _float_dtype(A: Tensor):
    """float16/32/64 stay; any other dtype draws (and computes) in float32."""
    return A.dtype if A.dtype in (_dtype.float16, _dtype.float32, _dtype.float64) \
        else _dtype.float32


def _minus_mean_part(X: Tensor, M: Tensor | None, other: Tensor) -> Tensor:
    return X if M is None else X - M.matmul(other)


def _orthonormal_range(A: Tensor, q: int, niter: int, M: Tensor | None) -> Tensor:
    """Q with q orthonormal columns whose span approximates the range of A - M: a Gaussian
    sketch of it, refined by `niter` rounds of power iteration (orthonormalised each half
    step), without forming A - M."""
    from . import linalg

    sketch = randn(A.shape[-1], q, dtype=_float_dtype(A))
    Q = linalg.qr(_minus_mean_part(A.matmul(sketch), M, sketch)).Q
    for _ in range(niter):
        Q = linalg.qr(_minus_mean_part(A.mH.matmul(Q), None if M is None else M.mH, Q)).Q
        Q = linalg.qr(_minus_mean_part(A.matmul(Q), M, Q)).Q
    return Q


def _svd_lowrank(A: Tensor, q: int | None, niter: int | None, M: Tensor | None):
    from . import linalg

    q = 6 if q is None else q
    niter = 2 if niter is None else niter
    m, n = A.shape[-2:]
    if M is not None:
        M = M.broadcast_to(A.size())
    wide = m < n  # (then the basis is found for A^H, of the smaller side)
    if wide:
        A = A.mH
        M = None if M is None else M.mH
    Q = _orthonormal_range(A, q, niter, M)
    B = Q.mH.matmul(A)
    if M is not None:
        B = B - Q.mH.matmul(M)
    U, S, Vh = linalg.svd(B, full_matrices=False)
    V = Vh.mH
    U = Q.matmul(U)
    return (V, S, U) if wide else (U, S, V)


def svd_lowrank(A: Tensor, q: int | None = 6, niter: int | None = 2,
                M: Tensor | None = None) -> tuple[Tensor, Tensor, Tensor]:
    """(U, S, V) with A - M ≈ U diag(S) V^H (M, the mean, broadcast to A; none by default):
    a randomized SVD of rank q, with `niter` subspace iterations. Draws an (n, q) normal
    matrix from the global generator (n: the larger of A's last two dims)."""
    return _svd_lowrank(A, q, niter, M)


def pca_lowrank(A: Tensor, q: int | None = None, center: bool = True,
                niter: int = 2) -> tuple[Tensor, Tensor, Tensor]:
    """(U, S, V): svd_lowrank of A with its column means removed (center=True), of rank q
    (min(6, m, n) by default); V's columns are the principal directions."""
    m, n = A.shape[-2:]
    if q is None:
        q = min(6, m, n)
    elif not (q >= 0 and q <= min(m, n)):
        raise ValueError(f"q(={q}) must be non-negative integer and not greater than "
                         f"min(m, n)={min(m, n)}")
    if not niter >= 0:
        raise ValueError(f"niter(={niter}) must be non-negative integer")
    if not center:
        return _svd_lowrank(A, q, niter, None)
    return _svd_lowrank(A - A.mean(dim=(-2,), keepdim=True), q, niter, None)
