"""torch's linear-algebra functions that compose other ops (no op of their own): linalg.cond,
linalg.vander, linalg.tensorinv, linalg.tensorsolve, linalg.diagonal, torch.chain_matmul,
torch.nuclear_norm, torch.frobenius_norm.

Each composes public ops in torch's order, so the results' grad_fns are torch's (cond's
SqueezeBackward1 or NanToNumBackward0, vander's CatBackward0 over CumprodBackward0,
tensorinv's ReshapeAliasBackward0 over LinalgInvExBackward0, ...).
"""

from __future__ import annotations

import math

import numpy as np

from .._dispatch import apply
from .._tensor import Tensor
from .._warnings import warn_once
from ._registry import OPS, public
from .linalg import _scalar_name

__all__ = ["linalg_cond", "linalg_vander", "linalg_tensorinv", "linalg_tensorsolve",
           "linalg_diagonal", "chain_matmul", "nuclear_norm", "frobenius_norm"]
# (linalg.ldl_*: ops/linalg_ldl.py)

_INF = math.inf


# ====================================================================== cond
def _cond_empty(A: Tensor) -> Tensor:
    """NumPy leaves the condition number of 0 x 0 matrices undefined; torch gives zeros."""
    return Tensor(np.zeros(A._data.shape[:-2], A._data.dtype))


def _check_cond_square(A: Tensor, ord_text: str) -> None:
    rows, cols = A._data.shape[-2:]
    if rows != cols:
        raise RuntimeError(f"linalg.cond(ord={ord_text}): A must be batches of square matrices, "
                           f"but they are {rows} by {cols} matrices")


def _number_text(value) -> str:
    """A number as C++'s std::to_string writes it: ints plainly, doubles with 6 decimals."""
    if isinstance(value, bool) or isinstance(value, int):
        return str(int(value))
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return f"{value:.6f}"


def _cond_through_inverse(A: Tensor, ord) -> Tensor:
    """torch's _linalg_cond_helper: |A| |A^-1| with inv_ex's inverse (infinite where A is
    singular), a product of zero and inf made inf (nan_to_num_)."""
    from ..linalg import inv_ex, matrix_norm

    inverse, info = inv_ex(A)
    inverse.masked_fill_(Tensor(info._data[..., None, None] > 0), _INF)
    result = matrix_norm(A, ord) * matrix_norm(inverse, ord)
    return result.nan_to_num_(_INF, _INF, -_INF)


def linalg_cond(A: Tensor, p=None, *, out=None) -> Tensor:
    """torch.linalg.cond: the condition number of A in the norm `p`: None or 2 (the ratio
    of the largest to the smallest singular value, any shape), -2 (its inverse), 1, -1,
    inf, -inf, 'fro', 'nuc' (square A: |A| |A^-1|). 0 x 0 matrices give 0."""
    if out is not None:
        raise NotImplementedError("ember.linalg does not support out=; assign the result "
                                  "instead")
    if not isinstance(A, Tensor):
        raise TypeError(f"linalg_cond(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(A).__name__}")
    if A._data.ndim < 2:
        raise RuntimeError("linalg.cond: The input tensor must have at least 2 dimensions.")
    if isinstance(p, str):
        _check_cond_square(A, p)
        if p not in ("fro", "nuc"):
            raise RuntimeError(f"linalg.cond got an invalid norm type: {p}")
        if A._data.size == 0:
            return _cond_empty(A)
        if p == "nuc":  # torch: the sums of the singular values and of their reciprocals
            from ..linalg import svdvals

            values = svdvals(A)
            return values.sum(-1) * values.reciprocal().sum(-1)
        return _cond_through_inverse(A, p)
    ord_value = 2 if p is None else p
    if abs(float(ord_value)) not in (1.0, 2.0, _INF):
        raise RuntimeError(f"linalg.cond got an invalid norm type: {float(ord_value):g}")
    if A._data.size == 0:
        return _cond_empty(A)
    if abs(float(ord_value)) == 2.0:
        from ..linalg import svdvals

        values = svdvals(A)
        largest, smallest = values[..., :1], values[..., -1:]
        result = smallest / largest if ord_value == -2 else largest / smallest
        return result.squeeze(-1)
    _check_cond_square(A, _number_text(ord_value))
    return _cond_through_inverse(A, ord_value)


# ====================================================================== vander
def linalg_vander(x: Tensor, *, N: int | None = None) -> Tensor:
    """torch.linalg.vander: the powers x^0, x^1, ..., x^(N-1) of each element along a new
    last dim (N defaults to x's last size), as torch builds it: a column of ones beside the
    cumulative products (integer x gives int64)."""
    if not isinstance(x, Tensor):
        raise TypeError(f"linalg_vander(): argument 'x' (position 1) must be Tensor, not "
                        f"{type(x).__name__}")
    kind = x._data.dtype
    if not (kind in (np.float32, np.float64) or kind.kind in "iu"):
        raise RuntimeError(f"linalg.vander supports floating point, complex, and integer "
                           f"tensors, but got {_scalar_name(x)}")
    x_ = x.unsqueeze(-1) if x._data.ndim == 0 else x
    shape = list(x_.shape)
    n = shape[-1] if N is None else N
    if n <= 1:
        raise RuntimeError("N must be greater than 1.")
    from .shape_copies import cat

    result = x_.unsqueeze(-1).expand(*shape, n - 1).cumprod(-1)
    ones = result.new_ones(tuple(shape) + (1,))
    return cat([ones, result], -1)


# ====================================================================== tensorinv / tensorsolve
def linalg_tensorinv(A: Tensor, ind: int = 2, *, out=None) -> Tensor:
    """torch.linalg.tensorinv: the inverse of A read as a matrix of its first `ind` dims by
    the rest, shaped A.shape[ind:] + A.shape[:ind] (tensordot(result, A, ind) is the
    identity)."""
    if out is not None:
        raise NotImplementedError("ember.linalg does not support out=; assign the result "
                                  "instead")
    if ind <= 0:
        raise RuntimeError(f"Expected a strictly positive integer for 'ind', but got {ind}")
    shape = tuple(A.shape)
    end, start = shape[ind:], shape[:ind]
    rows, cols = math.prod(end), math.prod(start)
    if rows != cols:
        raise RuntimeError(f"Expected self to satisfy the requirement prod(self.shape[ind:]) == "
                           f"prod(self.shape[:ind]), but got {rows} != {cols}")
    from ..linalg import inv_ex
    from .linalg import _first_zero_pivot, _LinAlgError

    result, info = inv_ex(A.reshape(rows, cols))
    if info._data.any():
        raise _LinAlgError(f"inv: The diagonal element "
                           f"{_first_zero_pivot(A._data.reshape(rows, cols))} is zero, the "
                           "inversion could not be completed because the input matrix is "
                           "singular.")
    return result.reshape(end + start)


def linalg_tensorsolve(A: Tensor, B: Tensor, dims=None, *, out=None) -> Tensor:
    """torch.linalg.tensorsolve: X with tensordot(A, X, X.ndim) = B; `dims` moves those dims
    of A to the end first."""
    if out is not None:
        raise NotImplementedError("ember.linalg does not support out=; assign the result "
                                  "instead")
    ndim = A._data.ndim
    if dims is not None:
        dims = (dims,) if isinstance(dims, int) else tuple(dims)
        A = A.movedim(dims, tuple(range(ndim - len(dims), ndim)))
    result_shape = tuple(A.shape)[B._data.ndim:]
    result_product = math.prod(result_shape)
    other_product = math.prod(tuple(B.shape))
    if result_product != other_product:
        raise RuntimeError(f"Expected self to satisfy the requirement "
                           f"prod(self.shape[other.ndim:]) == prod(self.shape[:other.ndim]), "
                           f"but got {result_product} != {other_product}")
    from .linalg import solve

    matrix = A.reshape(result_product, other_product)
    return solve(matrix, B.flatten()).reshape(result_shape)


# ====================================================================== diagonal
def linalg_diagonal(A: Tensor, *, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
    """torch.linalg.diagonal: A.diagonal(offset, dim1, dim2), with the matrix dims last by
    default (a view)."""
    if not isinstance(A, Tensor):
        raise TypeError(f"linalg_diagonal(): argument 'A' (position 1) must be Tensor, not "
                        f"{type(A).__name__}")
    return A.diagonal(offset, dim1, dim2)


# ====================================================================== chain_matmul
@public(method=False)
def chain_matmul(*matrices, out=None) -> Tensor:
    """torch.chain_matmul (deprecated in torch for linalg.multi_dot): the product of the
    matrices in the cheapest order; one matrix is copied."""
    warn_once("chain_matmul", "torch.chain_matmul is deprecated and will be removed in a future "
              "PyTorch release. Use torch.linalg.multi_dot instead, which accepts a list of two "
              "or more tensors rather than multiple parameters.")
    for m in matrices:
        if not isinstance(m, Tensor):
            raise TypeError(f"chain_matmul(): argument 'matrices' must be tuple of Tensors, but "
                            f"found element of type {type(m).__name__}")
        if m._data.ndim != 2:
            raise RuntimeError(f"Tensor dimension is {m._data.ndim}, expected 2 instead.")
    if not matrices:
        raise RuntimeError("chain_matmul(): Expected one or more matrices")
    if len(matrices) == 1:
        from .._memory_format import contiguous_format

        result = matrices[0].clone(memory_format=contiguous_format)
    else:
        from ..linalg import multi_dot

        result = multi_dot(list(matrices))
    if out is not None:
        from ..linalg import _no_out

        _no_out(out)
    return result


# ====================================================================== nuclear / frobenius
@public(method=False)
def nuclear_norm(input: Tensor, dim=None, keepdim: bool = False, *, out=None) -> Tensor:
    """torch.nuclear_norm: the sum of the singular values over the matrix dims `dim` (the
    last two by default): linalg.matrix_norm(input, 'nuc', dim, keepdim)."""
    from ..linalg import _no_out, matrix_norm

    _no_out(out)
    warn_once("nuclear_norm", "at::nuclear_norm is deprecated and it is just left for JIT "
              "compatibility. It will be removed in a future PyTorch release. Please use "
              "`linalg.matrix_norm(A, 'nuc', dim, keepdim)` instead")
    if isinstance(dim, bool):  # nuclear_norm(input, keepdim)
        dim, keepdim = None, dim
    return matrix_norm(input, "nuc", (-2, -1) if dim is None else dim, keepdim)


@public(method=False)
def frobenius_norm(input: Tensor, dim, keepdim: bool = False, *, out=None) -> Tensor:
    """torch.frobenius_norm: the 2-norm over `dim` (at most two dims; none: all), recorded
    as torch's norm (NormBackward1)."""
    from ..linalg import _no_out
    from .reduction import _norm_arguments

    _no_out(out)
    warn_once("frobenius_norm", "at::frobenius_norm is deprecated and it is just left for JIT "
              "compatibility. It will be removed in a future PyTorch release. Please use "
              "`linalg.vector_norm(A, 2., dim, keepdim)` instead")
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    if len(dims) > 2:
        raise RuntimeError(f"Expected at most 2 dimensions, but got {len(dims)} dimensions "
                           "instead.")
    if input._data.dtype.kind not in "fc":
        raise RuntimeError(f"norm(): input dtype should be either floating point or complex. "
                           f"Got {_scalar_name(input)} instead.")
    return apply(OPS["norm_dim"], *_norm_arguments(input, 2, dims, keepdim, None))


# ====================================================================== removed in torch 1.9
# torch keeps these names only to raise (torch/_linalg_utils.py); so does ember.
_REMOVED = "This function was deprecated since version 1.9 and is now removed."


@public(method=False)
def matrix_rank(input, tol=None, symmetric=False, *, out=None):
    """Removed in torch (use linalg.matrix_rank): raises torch's RuntimeError."""
    raise RuntimeError(f"{_REMOVED}\nPlease use the `torch.linalg.matrix_rank` function "
                       "instead. The parameter 'symmetric' was renamed in "
                       "`torch.linalg.matrix_rank()` to 'hermitian'.")


@public()
def lstsq(input, A, *, out=None):
    """Removed in torch (use linalg.lstsq): raises torch's RuntimeError."""
    raise RuntimeError(
        f"{_REMOVED} `torch.lstsq` is deprecated in favor of `torch.linalg.lstsq`.\n"
        "`torch.linalg.lstsq` has reversed arguments and does not return the QR decomposition "
        "in the returned tuple (although it returns other information about the problem).\n\n"
        "To get the QR decomposition consider using `torch.linalg.qr`.\n\nThe returned "
        "solution in `torch.lstsq` stored the residuals of the solution in the last m - n "
        "columns of the returned value whenever m > n. In torch.linalg.lstsq, the residuals "
        "are in the field 'residuals' of the returned named tuple.\n\nThe unpacking of the "
        "solution, as in\nX, _ = torch.lstsq(B, A).solution[:A.size(1)]\nshould be replaced "
        "with:\nX = torch.linalg.lstsq(A, B).solution")


# (eig and symeig leave their bools unannotated: torch refuses the call, whatever its arguments)
@public()
def eig(input, eigenvectors=False, *, e=None, v=None):
    """Removed in torch (use linalg.eig, which ember lacks): raises torch's RuntimeError."""
    raise RuntimeError(
        f"{_REMOVED} `torch.linalg.eig` returns complex tensors of dtype `cfloat` or `cdouble` "
        "rather than real tensors mimicking complex tensors.\n\nL, _ = torch.eig(A) should be "
        "replaced with:\nL_complex = torch.linalg.eigvals(A)\n\nand\n\nL, V = torch.eig(A, "
        "eigenvectors=True) should be replaced with:\nL_complex, V_complex = "
        "torch.linalg.eig(A)")


@public()
def symeig(input, eigenvectors=False, upper=True, *, out=None):
    """Removed in torch (use linalg.eigh): raises torch's RuntimeError."""
    raise RuntimeError(
        f"{_REMOVED} The default behavior has changed from using the upper triangular portion "
        "of the matrix by default to using the lower triangular portion.\n\nL, _ = "
        "torch.symeig(A, upper=upper) should be replaced with:\nL = torch.linalg.eigvalsh(A, "
        "UPLO='U' if upper else 'L')\n\nand\n\nL, V = torch.symeig(A, eigenvectors=True) "
        "should be replaced with:\nL, V = torch.linalg.eigh(A, UPLO='U' if upper else 'L')")


@public()
def solve(input, A, *, out=None):
    """Removed in torch (use linalg.solve): raises torch's RuntimeError."""
    raise RuntimeError(
        f"{_REMOVED} `torch.solve` is deprecated in favor of `torch.linalg.solve`. "
        "`torch.linalg.solve` has its arguments reversed and does not return the LU "
        "factorization.\n\nTo get the LU factorization see `torch.lu`, which can be used with "
        "`torch.lu_solve` or `torch.lu_unpack`.\nX = torch.solve(B, A).solution should be "
        "replaced with:\nX = torch.linalg.solve(A, B)")
