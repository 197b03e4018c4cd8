"""ember.linalg: torch.linalg's norms, det, inv, solve and decompositions.

    import ember as torch
    torch.linalg.norm(x)                 # 2-norm of all elements
    torch.linalg.vector_norm(x, 1, dim=0)
    torch.linalg.matrix_norm(A)          # Frobenius
    torch.linalg.matrix_norm(A, 2)       # the largest singular value
    U, S, Vh = torch.linalg.svd(A, full_matrices=False)

The norms are built on `ember.norm` (the vector p-norm op); the matrix norms 'nuc', 2 and
-2 on the singular values (svdvals), as torch computes them.
"""

from __future__ import annotations

import inspect
from numbers import Number

import numpy as np

from ._arguments import checked, type_name
from ._dtype import to_dtype
from ._grad_mode import is_grad_enabled
from ._out import RULES, write_out
from ._tensor import Tensor
from .ops._dims import wrap_dim
from .ops.linalg import LinAlgError, _cpp_name, _scalar_name, matmul, solve, vdot
from .ops.linalg import det as _det
from .ops.linalg import inverse as _inverse
from .ops.linalg_composites import linalg_cond as cond
from .ops.linalg_composites import linalg_diagonal as diagonal
from .ops.linalg_composites import linalg_tensorinv as tensorinv
from .ops.linalg_composites import linalg_tensorsolve as tensorsolve
from .ops.linalg_composites import linalg_vander as vander
from .ops.linalg_decompositions import linalg_cholesky as cholesky
from .ops.linalg_decompositions import linalg_cholesky_ex as cholesky_ex
from .ops.linalg_decompositions import linalg_eigh as eigh
from .ops.linalg_decompositions import linalg_eigvalsh as eigvalsh
from .ops.linalg_decompositions import linalg_svd as svd
from .ops.linalg_decompositions import linalg_svdvals as svdvals
from .ops.linalg_eig import linalg_eig as eig
from .ops.linalg_eig import linalg_eigvals as eigvals
from .ops.linalg_extra import linalg_cross as cross
from .ops.linalg_extra import linalg_slogdet as slogdet
from .ops.linalg_extra import matrix_exp, matrix_power
from .ops.linalg_householder import householder_product
from .ops.linalg_ldl import linalg_ldl_factor as ldl_factor
from .ops.linalg_ldl import linalg_ldl_factor_ex as ldl_factor_ex
from .ops.linalg_ldl import linalg_ldl_solve as ldl_solve
from .ops.linalg_lstsq import linalg_lstsq as lstsq
from .ops.linalg_lstsq import linalg_matrix_rank as matrix_rank
from .ops.linalg_lstsq import linalg_pinv as pinv
from .ops.linalg_lu import linalg_lu as lu
from .ops.linalg_lu import linalg_lu_factor as lu_factor
from .ops.linalg_lu import linalg_lu_factor_ex as lu_factor_ex
from .ops.linalg_lu import linalg_lu_solve as lu_solve
from .ops.linalg_qr import linalg_qr as qr
from .ops.linalg_solvers import linalg_inv_ex as inv_ex
from .ops.linalg_solvers import linalg_solve_ex as solve_ex
from .ops.linalg_triangular import solve_triangular
from .ops.reduction import _dtype_word, check_norm_dtype_kind
from .ops.reduction import norm as _vector_p_norm

__all__ = ["norm", "vector_norm", "matrix_norm", "det", "inv", "solve", "matmul", "LinAlgError",
           "cross", "slogdet", "matrix_exp", "matrix_power", "svd", "svdvals", "cholesky",
           "cholesky_ex", "eigh", "eigvalsh", "solve_triangular", "vecdot", "multi_dot",
           "lu", "lu_factor", "lu_factor_ex", "lu_solve", "qr", "householder_product",
           "solve_ex", "inv_ex", "pinv", "lstsq", "matrix_rank", "cond", "vander",
           "tensorinv", "tensorsolve", "diagonal", "eig", "eigvals", "ldl_factor",
           "ldl_factor_ex", "ldl_solve"]

_INF = float("inf")


def vecdot(x: Tensor, y: Tensor, *, dim: int = -1, out=None) -> Tensor:
    """The dot product of x and y along `dim` (batch dims broadcast): sum(x * y, dim), as
    torch composes it (SumBackward1); of two vectors, vdot (a float16 dot accumulates its
    products unrounded)."""
    _no_out(out)
    for name, value in (("x", x), ("y", y)):
        if not isinstance(value, Tensor):
            raise TypeError(f"linalg_vecdot(): argument '{name}' must be Tensor, not "
                            f"{type(value).__name__}")
    if x._data.dtype.kind not in "fc":
        raise RuntimeError("linalg.vecdot: Expected a floating point or complex tensor as "
                           f"input. Got {_scalar_name(x)}")
    if x._data.dtype != y._data.dtype:
        raise RuntimeError(f"linalg.vecdot: Expected x and y to have the same dtype, but found "
                           f"x of type {_scalar_name(x)} and y of type {_scalar_name(y)} "
                           "instead")
    if x._data.ndim == 1 and y._data.ndim == 1:  # (torch does not check dim then)
        return vdot(x, y)
    if x._data.dtype.kind == "c":  # sum(conj(x) y), as torch composes it
        return (x.conj() * y).sum(dim)
    return (x * y).sum(dim)


def multi_dot(tensors, *, out=None) -> Tensor:
    """The product of two or more matrices, multiplied in the order that needs the fewest
    scalar multiplications (torch.linalg.multi_dot). The first tensor may be a vector (a
    row), the last one too (a column); the result drops their dims.

    Built as torch builds it: 1-D ends unsqueezed (UnsqueezeBackward0), one `mm` per
    product (MmBackward0), the result viewed to its shape (ViewBackward0), even when
    nothing is dropped. `out=`: the result's dtype, and nothing requiring grad (torch writes
    the last product with mm's out=, so the refusal is mm's)."""
    if out is None:
        return _multi_dot(tensors)
    if not isinstance(out, Tensor):
        raise TypeError(f"linalg_multi_dot(): argument 'out' must be Tensor, not "
                        f"{type_name(out)}")
    tensors = _multi_dot_operands(tensors)
    if out._data.dtype != tensors[0]._data.dtype:
        raise RuntimeError(RULES["linalg.multi_dot"].format(result_cpp=_cpp_name(tensors[0]),
                                                       out_cpp=_cpp_name(out)))
    if is_grad_enabled() and any(t.requires_grad for t in (*tensors, out)):
        raise RuntimeError("mm(): functions with out=... arguments don't support automatic "
                           "differentiation, but one of the arguments requires grad.")
    return write_out(_multi_dot(tensors), out, RULES["linalg.multi_dot"], "multi_dot")


def _multi_dot(tensors) -> Tensor:
    tensors = _multi_dot_operands(tensors)
    first, last = tensors[0]._data.ndim, tensors[-1]._data.ndim
    matrices = list(tensors)
    if first == 1:
        matrices[0] = matrices[0].unsqueeze(0)
    if last == 1:
        matrices[-1] = matrices[-1].unsqueeze(1)
    dims = [m._data.shape[0] for m in matrices] + [matrices[-1]._data.shape[1]]
    if len(matrices) == 2:
        result = matrices[0].mm(matrices[1])
    elif len(matrices) == 3:  # (torch compares the two orders; a tie multiplies A @ B first)
        a, b, c = matrices
        left_first = dims[0] * dims[1] * dims[2] + dims[0] * dims[2] * dims[3]
        right_first = dims[1] * dims[2] * dims[3] + dims[0] * dims[1] * dims[3]
        result = a.mm(b).mm(c) if left_first <= right_first else a.mm(b.mm(c))
    else:
        result = _chain(matrices, _cheapest_order(dims), 0, len(matrices) - 1)
    shape = tuple(d for d, kept in ((dims[0], first == 2), (dims[-1], last == 2)) if kept)
    return result.view(shape)


multi_dot.__wrapped__ = _multi_dot  # (ember._out's mark of a function taking out=)

def _multi_dot_operands(tensors) -> list:
    """torch's checks of multi_dot's tensors, in its order: the list, its length, the ends'
    and the middle tensors' dims, then each tensor's dtype and its fit to the one before."""
    if not isinstance(tensors, (list, tuple)):
        raise TypeError("linalg_multi_dot(): argument 'tensors' (position 1) must be tuple of "
                        f"Tensors, not {type_name(tensors)}")
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got "
                            f"{type_name(t)}")
    n = len(tensors)
    if n < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {n}")
    for which, t in (("first", tensors[0]), ("last", tensors[-1])):
        if t._data.ndim not in (1, 2):
            raise RuntimeError(f"multi_dot(): the {which} tensor must be 1D or 2D but got "
                               f"{t._data.ndim}D")
    for i in range(1, n - 1):
        if tensors[i]._data.ndim != 2:
            raise RuntimeError(f"multi_dot(): tensor {i} must be 2D but got "
                               f"{tensors[i]._data.ndim}D")
    for i in range(1, n):
        before, t = tensors[i - 1], tensors[i]
        if t._data.dtype != tensors[0]._data.dtype:
            raise RuntimeError(f"multi_dot(): all tensors must have be the same dtype but tensor "
                               f"0 is {_cpp_name(tensors[0])} and tensor {i} {_cpp_name(t)}")
        if before._data.shape[-1] != t._data.shape[0]:
            raise RuntimeError(f"multi_dot(): tensors {i - 1} and {i} with shapes "
                               f"{list(before._data.shape)} and {list(t._data.shape)} cannot be "
                               "multiplied")
    return list(tensors)


def _cheapest_order(dims: list) -> list:
    """split[i][j]: where the product of matrices i..j is best split (the classic dynamic
    programme over chain lengths; of equally cheap splits, the first)."""
    n = len(dims) - 1
    cost = [[0] * n for _ in range(n)]
    split = [[0] * n for _ in range(n)]
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            best = None
            for k in range(i, j):
                c = cost[i][k] + cost[k + 1][j] + dims[i] * dims[k + 1] * dims[j + 1]
                if best is None or c < best:
                    best, split[i][j] = c, k
            cost[i][j] = best
    return split


def _chain(matrices: list, split: list, i: int, j: int) -> Tensor:
    if i == j:
        return matrices[i]
    k = split[i][j]
    return _chain(matrices, split, i, k).mm(_chain(matrices, split, k + 1, j))


def vector_norm(x: Tensor, ord=2, dim=None, keepdim: bool = False, *, dtype=None,
                out=None) -> Tensor:
    """The p-norm of `x` as a vector: over all elements, or over `dim` (an int or tuple).

    ord: any number; inf is max(|x|), -inf is min(|x|), 0 counts the non-zeros."""
    _no_out(out)
    if isinstance(ord, str) or not isinstance(ord, Number):
        raise TypeError(f"linalg_vector_norm(): argument 'ord' must be Number, not "
                        f"{type(ord).__name__}")
    return _vector_p_norm(x, ord, dim=dim, keepdim=keepdim, dtype=dtype)


def matrix_norm(A: Tensor, ord="fro", dim=(-2, -1), keepdim: bool = False, *, dtype=None,
                out=None) -> Tensor:
    """The norm of `A` as a matrix (or of each matrix in a batch) over the two dims `dim`.

    ord: 'fro' (Frobenius), 'nuc' (the sum of the singular values), 2 / -2 (the largest /
    smallest singular value), 1 / -1 (max / min column sum of |A|), inf / -inf (max / min
    row sum)."""
    _no_out(out)
    if A._data.ndim < 2:
        raise RuntimeError("linalg.matrix_norm: The input tensor A must have at least 2 "
                           "dimensions.")
    if A._data.dtype.kind not in "fc":  # (torch checks the dtype before the dims)
        raise RuntimeError("linalg.matrix_norm: Expected a floating point or complex tensor as "
                           f"input. Got {_scalar_name(A)}")
    if isinstance(dim, int):
        raise TypeError("linalg_matrix_norm(): argument 'dim' must be tuple of ints, not int")
    dim = tuple(dim)
    if len(dim) != 2:
        raise RuntimeError(f"linalg.matrix_norm: dim must be a 2-tuple. Got "
                           f"{' '.join(str(d) for d in dim)}")
    rows, cols = (wrap_dim(d, A._data.ndim) for d in dim)
    if rows == cols:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different. Got {dim}")
    if dtype is not None:
        check_norm_dtype_kind("linalg.matrix_norm", A, dtype)
        if A._data.dtype.itemsize > to_dtype(dtype).itemsize:
            raise RuntimeError(
                f"linalg.matrix_norm: the dtype of the input ({_scalar_name(A)}) should be "
                "convertible without narrowing to the specified dtype "
                f"({_dtype_word(to_dtype(dtype))})")
        if ord == "fro":  # one node on A, as torch's (vector_norm's dtype=)
            return _vector_p_norm(A, 2, dim=(rows, cols), keepdim=keepdim, dtype=dtype)
        A = A.to(dtype)
    if ord == "fro":
        return _vector_p_norm(A, 2, dim=(rows, cols), keepdim=keepdim)
    if ord in ("nuc", 2, -2):
        return _singular_value_norm(A, ord, rows, cols, keepdim)
    if ord in (1, -1):  # the largest / smallest column sum
        return _sum_then_extreme(A, rows, cols, keepdim, largest=ord > 0)
    if ord in (_INF, -_INF):  # the largest / smallest row sum
        return _sum_then_extreme(A, cols, rows, keepdim, largest=ord > 0)
    raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")


def _singular_value_norm(A: Tensor, ord, rows: int, cols: int, keepdim: bool) -> Tensor:
    """The nuclear norm (sum of the singular values), or the largest (2) or smallest (-2)
    singular value, of the matrices over dims (rows, cols), as torch composes them: the
    matrix dims moved last, svdvals, then sum / amax / amin (SumBackward1, AmaxBackward0)."""
    if A._data.dtype not in (np.float32, np.float64, np.complex64, np.complex128):
        raise RuntimeError(f"linalg.matrix_norm: Low precision dtypes not supported. Got "
                           f"{_scalar_name(A)}")
    if A._data.size == 0:  # no singular values: torch's norm of nothing is 0
        return _vector_p_norm(A, 2, dim=(rows, cols), keepdim=keepdim)
    ndim = A._data.ndim
    order = [d for d in range(ndim) if d not in (rows, cols)] + [rows, cols]
    values = svdvals(A.permute(order))  # (always permuted, as torch: PermuteBackward0)
    if ord == "nuc":
        result = values.sum(-1, keepdim=keepdim)
    else:
        result = values.amax(-1, keepdim=keepdim) if ord == 2 else values.amin(-1,
                                                                               keepdim=keepdim)
    if not keepdim:
        return result
    # torch always permutes the kept dims back (PermuteBackward0), even to the same order
    return result.unsqueeze(-1).permute([order.index(d) for d in range(ndim)])


def _sum_then_extreme(A: Tensor, summed: int, extreme: int, keepdim: bool,
                      largest: bool) -> Tensor:
    """max (or min) over `extreme` of the sums of |A| over `summed` (as torch computes it)."""
    sums = A.abs().sum(summed, keepdim=keepdim)
    if not keepdim and extreme > summed:
        extreme -= 1
    name = "amax" if largest else "amin"
    reduce = getattr(sums, name, None)
    if reduce is not None:
        return reduce(extreme, keepdim=keepdim)
    # Without amax/amin, the inf-norm of these non-negative sums is the same max (or min),
    # with the same gradient (split evenly between ties).
    return _vector_p_norm(sums, _INF if largest else -_INF, dim=extreme, keepdim=keepdim)


def norm(A: Tensor, ord=None, dim=None, keepdim: bool = False, *, dtype=None,
         out=None) -> Tensor:
    """A vector or matrix norm, chosen as torch.linalg.norm chooses.

    ord=None: the 2-norm over `dim` (all elements when dim is None, Frobenius for two dims).
    Otherwise a matrix norm when `dim` has two dims, `ord` is a string, or (dim None) A is
    2-D; else a vector norm."""
    _no_out(out)
    if dim is not None:
        dims = (dim,) if isinstance(dim, int) else tuple(dim)
        if len(dims) not in (1, 2):
            raise RuntimeError(f"linalg.norm: If dim is specified, it must be of length 1 or 2. "
                               f"Got {list(dims)}")
    elif ord is not None and A._data.ndim not in (1, 2):
        raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must be "
                           f"1D or 2D. Got {A._data.ndim}D.")
    if ord is None:
        return vector_norm(A, 2, dim, keepdim, dtype=dtype)
    as_matrix = len(dims) == 2 if dim is not None else A._data.ndim == 2
    if isinstance(ord, str) or as_matrix:
        return matrix_norm(A, ord, (-2, -1) if dim is None else dims, keepdim, dtype=dtype)
    return vector_norm(A, ord, dim, keepdim, dtype=dtype)


def det(A: Tensor, *, out=None) -> Tensor:
    """The determinant of a square matrix (or of each matrix in a batch)."""
    _no_out(out)
    return _det(A)


def inv(A: Tensor, *, out=None) -> Tensor:
    """The inverse of a square matrix; raises LinAlgError when it is singular."""
    _no_out(out)
    return _inverse(A)


def _no_out(out) -> None:
    if out is not None:
        raise NotImplementedError("ember.linalg does not support out=; assign the result instead")


# torch's TypeError for a non-tensor where a tensor is required (ember._arguments), as
# torch.linalg names its functions in the message
for _name in __all__:
    _function = globals()[_name]
    if inspect.isfunction(_function) and _name != "matmul":
        globals()[_name] = checked(_function, f"linalg_{_name}", scalars=True)
del _name, _function
