"""Linear algebra: products (dot, mv, mm, bmm, matmul, outer, inner), einsum, trace, and
det / inverse / solve (the `ember.linalg` namespace adds the norms).

torch's products never promote: both operands must share a dtype, and each product kernel
words the mismatch its own way, so the checks below name the kernel torch would have used.
"""

from __future__ import annotations

import math
import string

import numpy as np

from .._dispatch import apply
from .._dtype import promote_types
from .._grad_mode import state as _grad_state
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from . import _xp as xp
from ._registry import OPS, OUT, SAME, declare, public
from ._registry import needs_grad as _needs

__all__ = ["LinAlgError", "dot", "vdot", "inner", "mv", "mm", "addmm", "bmm", "matmul", "outer",
           "ger", "einsum", "trace", "det", "inverse", "solve"]



# ---------------------------------------------------------------------- dtype checks
_SCALAR_NAMES = {"float16": "Half", "float32": "Float", "float64": "Double", "int8": "Char",
                 "int16": "Short", "int32": "Int", "int64": "Long", "uint8": "Byte",
                 "bool": "Bool"}
_CPP_NAMES = {"float16": "c10::Half", "float32": "float", "float64": "double",
              "int8": "signed char", "int16": "short int", "int32": "int", "int64": "long int",
              "uint8": "unsigned char", "bool": "bool"}


def _scalar_name(t: Tensor) -> str:
    return _SCALAR_NAMES[str(t._data.dtype)]


def _cpp_name(t: Tensor) -> str:
    return _CPP_NAMES[str(t._data.dtype)]


# How each of torch's product kernels reports a dtype mismatch, and its name for the
# "not implemented for 'Bool'" error.
_MISMATCH = {
    "dot": lambda a, b: (f"dot : expected both vectors to have same dtype, but found "
                         f"{_scalar_name(a)} and {_scalar_name(b)}"),
    "mm": lambda a, b: (f"expected m1 and m2 to have the same dtype, but got: {_cpp_name(a)} "
                        f"!= {_cpp_name(b)}"),
    "mv": lambda a, b: (f"addmv input tensors must have the same dtype, but got "
                        f"{_scalar_name(b)}, {_scalar_name(a)}, and {_scalar_name(b)}"),
    "bmm": lambda a, b: f"expected scalar type {_scalar_name(a)} but found {_scalar_name(b)}",
}
_KERNEL_NAMES = {"dot": "dot", "mm": "addmm_impl_cpu_", "mv": "addmv_impl_cpu", "bmm": "bmm"}


def _check_dtypes(kernel: str, a: Tensor, b: Tensor) -> None:
    """Both operands of a product share a dtype, and it is not bool."""
    if kernel == "bmm" and a._data.dtype == np.bool_:  # (bmm looks at self's dtype first)
        raise NotImplementedError("\"bmm\" not implemented for 'Bool'")
    if a._data.dtype != b._data.dtype:
        raise RuntimeError(_MISMATCH[kernel](a, b))
    if a._data.dtype == np.bool_:
        raise NotImplementedError(f"\"{_KERNEL_NAMES[kernel]}\" not implemented for 'Bool'")


def _require_tensor(fn_name: str, value, arg: str, position: int) -> None:
    if not isinstance(value, Tensor):
        raise TypeError(f"{fn_name}(): argument '{arg}' (position {position}) must be Tensor, "
                        f"not {type(value).__name__}")


def _products(fn, *arrays):
    """A NumPy product; float16 accumulates in float32 (as torch's CPU kernels do)."""
    if arrays[0].dtype == np.float16:
        return fn(*(a.astype(np.float32) for a in arrays)).astype(np.float16)
    return fn(*arrays)


# ---------------------------------------------------------------------- in formulas
# Backward formulas run on NumPy arrays or on Tensors (ops/_xp.py): these spell the
# products they need for both.
def _mT(x):
    """x with its last two dims swapped (Tensor.mT)."""
    return xp.transpose(x, -2, -1)


def _matmul(a, b):
    """a @ b: the public matmul on Tensors (so the graph is the one torch records), and the
    forward's own product on arrays (float16 accumulated in float32)."""
    if xp.is_tensor(a) or xp.is_tensor(b):
        return matmul(a, b)
    return _products(np.matmul, a, b)


def broadcast_batch(a: tuple, b: tuple) -> tuple:
    """Broadcast two shapes, failing with torch's message (it names the rightmost clash)."""
    ndim = max(len(a), len(b))
    result = []
    for i in range(ndim - 1, -1, -1):
        offset = ndim - 1 - i
        size_a = a[len(a) - 1 - offset] if offset < len(a) else 1
        size_b = b[len(b) - 1 - offset] if offset < len(b) else 1
        if size_a != size_b and size_a != 1 and size_b != 1:
            raise RuntimeError(f"The size of tensor a ({size_a}) must match the size of tensor b "
                               f"({size_b}) at non-singleton dimension {i}")
        result.append(size_a if size_b == 1 else size_b)
    return tuple(reversed(result))


# ---------------------------------------------------------------------- dot / vdot / inner
@declare("dot", grad_fn="DotBackward0", saves=(0, 1), save_if={0: (1,), 1: (0,)}, dtype=SAME,
         formula="d(x.y)/dx = y, d(x.y)/dy = x")
def _dot(a, b):
    return _products(np.dot, a, b)


@_dot.backward
def _(ctx, g):
    a, b = ctx.saved
    return (g * b if _needs(ctx, 0) else None), (g * a if _needs(ctx, 1) else None)


_dot.tangent(_fw.multilinear)


@declare("vdot", grad_fn="VdotBackward0", saves=(0, 1), save_if={0: (1,), 1: (0,)}, dtype=SAME,
         formula="d(conj(x).y)/dx = y, d(conj(x).y)/dy = x (real tensors)")
def _vdot(a, b):
    return _products(np.vdot, a, b)


_vdot.backward(_dot.backward_fn)
_vdot.tangent(_fw.multilinear)


def _check_vectors(input: Tensor, other: Tensor) -> None:
    if input._data.ndim != 1 or other._data.ndim != 1:
        raise RuntimeError(
            f"1D tensors expected, but got {input._data.ndim}D and {other._data.ndim}D tensors"
        )
    if input._data.dtype != other._data.dtype:
        raise RuntimeError(_MISMATCH["dot"](input, other))
    if input._data.shape != other._data.shape:  # (before the kernel's refusal of bools)
        n, m = input._data.shape[0], other._data.shape[0]
        raise RuntimeError(
            f"inconsistent tensor size, expected tensor [{n}] and src [{m}] to have the same "
            f"number of elements, but got {n} and {m} elements respectively"
        )
    _check_dtypes("dot", input, other)


@public()
def dot(input: Tensor, tensor: Tensor) -> Tensor:
    """The inner product of two 1-D tensors of the same length and dtype."""
    _check_vectors(input, tensor)
    return apply(OPS["dot"], (input, tensor))


@public()
def vdot(input: Tensor, other: Tensor) -> Tensor:
    """conj(input) . other for 1-D tensors; the same as `dot` for real tensors."""
    _check_vectors(input, other)
    return apply(OPS["vdot"], (input, other))


@public()
def inner(input: Tensor, other: Tensor) -> Tensor:
    """Sum over the last dim of both: result[i..., j...] = sum_k input[i..., k] other[j..., k]."""
    if input._data.ndim == 0 or other._data.ndim == 0:
        return input * other
    sa, sb = input._data.shape, other._data.shape
    if sa[-1] != sb[-1]:
        raise RuntimeError("inner() the last dimension must match on both input tensors but got "
                           f"shapes {list(sa)} and {list(sb)}")
    if input._data.dtype != other._data.dtype:
        raise RuntimeError("both inputs should have same dtype")
    if len(sa) == 1 and len(sb) == 1:
        _check_dtypes("dot", input, other)  # torch reports bools from its dot kernel here
    k = sa[-1]  # (row counts spelled out: -1 is ambiguous when k is 0)
    rows = mm(input.reshape(math.prod(sa[:-1]), k), other.reshape(math.prod(sb[:-1]), k).t())
    return rows.reshape(sa[:-1] + sb[:-1])


# ---------------------------------------------------------------------- mv / mm / bmm
@declare("mv", grad_fn="MvBackward0", saves=(0, 1), save_if={0: (1,), 1: (0,)}, dtype=SAME,
         formula="d(Av)/dA = g v^T, d(Av)/dv = A^T g")
def _mv(a, v):
    return _products(np.matmul, a, v)


@_mv.backward
def _(ctx, g):
    a, v = ctx.saved
    grad_a = xp.reshape(g, (-1, 1)) * v if _needs(ctx, 0) else None  # outer(g, v)
    grad_v = xp.op("mv", (_mT(a), g)) if _needs(ctx, 1) else None
    return grad_a, grad_v


_mv.tangent(_fw.multilinear)


@public()
def mv(input: Tensor, vec: Tensor) -> Tensor:
    """Matrix-vector product."""
    if input._data.ndim != 2 or vec._data.ndim != 1:
        raise RuntimeError(
            f"vector + matrix @ vector expected, got 1, {input._data.ndim}, {vec._data.ndim}"
        )
    rows, cols = input._data.shape
    if cols != vec._data.shape[0]:
        raise RuntimeError(f"size mismatch, got input ({rows}), mat ({rows}x{cols}), vec "
                           f"({vec._data.shape[0]})")
    _check_dtypes("mv", input, vec)
    return apply(OPS["mv"], (input, vec))


@declare("mm", grad_fn="MmBackward0", saves=(0, 1), save_if={0: (1,), 1: (0,)}, dtype=SAME,
         formula="d(AB)/dA = g B^T, d(AB)/dB = A^T g")
def _mm(a, b, layout=0):
    return _products(np.matmul, a, b)


@_mm.backward
def _(ctx, g):
    a, b = ctx.saved
    if not xp.is_tensor(g):
        layout = ctx.params[0] if ctx.params else 0
        return (_grad_mat1(g, a, b, layout) if _needs(ctx, 0) else None,
                _grad_mat2(g, a, b, layout) if _needs(ctx, 1) else None)
    grad_a = xp.op("mm", (g, _mT(b))) if _needs(ctx, 0) else None
    grad_b = xp.op("mm", (_mT(a), g)) if _needs(ctx, 1) else None
    return grad_a, grad_b


def _is_transposed(m: np.ndarray) -> bool:
    """torch's test for a transposed matrix (nn.Linear's `weight.t()`): unit stride down
    the rows, a column's length across."""
    return m.ndim == 2 and m.strides[0] == m.itemsize and m.strides[1] == m.shape[0] * m.itemsize


def _layout(mat1: np.ndarray, mat2: np.ndarray) -> int:
    """Which operands of a product are transposed matrices: 1 for mat1, 2 for mat2. A param
    of mm and addmm, since a backward sees an operand's strides only if it saved the operand
    (torch keeps the strides of mat1 and mat2 for this alone)."""
    return _is_transposed(mat1) + 2 * _is_transposed(mat2)


# On arrays, the gradient of a product's operand is computed in that operand's layout, as
# torch's mm_mat1_backward / mm_mat2_backward do: for a transposed matrix, the transpose of
# the product of the transposed factors. nn.Linear's weight, multiplied as weight.t(), then
# gets a C-ordered gradient after TBackward, which AccumulateGrad copies in one sweep
# instead of transposing it (784x256 float32: ~30-100 us against ~150-370). With OpenBLAS's
# own kernels on AVX-512 machines (SkylakeX) the two orientations give the same bits (490
# shapes, float32 and float64: scripts/check_product_orientation.py); with the Haswell
# kernels forced there (OPENBLAS_CORETYPE) they can differ in the last bit, and torch's (MKL)
# matched either orientation as often.
def _grad_mat1(g: np.ndarray, a: np.ndarray, b: np.ndarray, layout: int) -> np.ndarray:
    """d(a @ b)/da = g b^T, as (b g^T)^T when a is a transposed matrix."""
    if layout & 1:
        return _products(np.matmul, b, g.T).T
    return _products(np.matmul, g, b.T)


def _grad_mat2(g: np.ndarray, a: np.ndarray, b: np.ndarray, layout: int) -> np.ndarray:
    """d(a @ b)/db = a^T g, as (g^T a)^T when b is a transposed matrix."""
    if layout & 2:
        return _products(np.matmul, g.T, a).T
    return _products(np.matmul, a.T, g)


_mm.tangent(_fw.multilinear)


@public()
def mm(input: Tensor, mat2: Tensor) -> Tensor:
    """Matrix product of two 2-D tensors."""
    if input._data.ndim != 2:
        raise RuntimeError("self must be a matrix")
    if mat2._data.ndim != 2:
        raise RuntimeError("mat2 must be a matrix")
    (n, k), (k2, m) = input._data.shape, mat2._data.shape
    if k != k2:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({n}x{k} and {k2}x{m})")
    _check_dtypes("mm", input, mat2)
    return apply(OPS["mm"], (input, mat2), (_layout(input._data, mat2._data),))


# ---------------------------------------------------------------------- addmm
# beta * input + alpha * (mat1 @ mat2) in one op: nn.Linear's affine map on 2-D inputs,
# whose grad_fn torch users see as AddmmBackward0. `input` broadcasts to the product's shape.
@declare("addmm", grad_fn="AddmmBackward0", saves=(1, 2), save_if={1: (2,), 2: (1,)},
         dtype=SAME, broadcasts=True,
         formula="d(b*C + a*AB)/dC = b*g, /dA = a*g B^T, /dB = a*A^T g")
def _addmm(c, a, b, beta, alpha, layout=0):
    product = _products(np.matmul, a, b)
    if alpha != 1:
        product = product * alpha
    if beta == 0:  # torch ignores input entirely (nan and inf included) when beta is 0
        return product.astype(a.dtype, copy=False)
    addend = c if beta == 1 else c * beta
    if type(addend) is np.ndarray and addend.dtype == product.dtype == a.dtype:
        # (nn.Linear's bias) added into the product, a new array: no second output array
        return np.add(product, addend, out=product)
    return (product + addend).astype(a.dtype, copy=False)


@_addmm.backward
def _(ctx, g):
    a, b = ctx.saved
    beta, alpha, *layout = ctx.params  # (layout: none when a formula ran addmm on Tensors)
    grad_c = xp.times_number(g, beta) if _needs(ctx, 0) else None
    if xp.is_tensor(g):  # torch's order: the product, then alpha (MulBackward1)
        return (grad_c,
                xp.times_number(xp.op("mm", (g, _mT(b))), alpha) if _needs(ctx, 1) else None,
                xp.times_number(xp.op("mm", (_mT(a), g)), alpha) if _needs(ctx, 2) else None)
    scaled = g if alpha == 1 else g * alpha  # (on arrays: the smaller operand scaled)
    layout = layout[0] if layout else 0
    grad_a = _grad_mat1(scaled, a, b, layout) if _needs(ctx, 1) else None
    grad_b = _grad_mat2(scaled, a, b, layout) if _needs(ctx, 2) else None
    return grad_c, grad_a, grad_b


@_addmm.tangent
def _(ctx, tc, ta, tb):
    c, a, b = ctx.inputs
    beta, alpha = ctx.params[:2]
    terms = [alpha * mm(ta, b) if ta is not None else None,
             alpha * mm(a, tb) if tb is not None else None,
             beta * tc.expand(ctx.output.shape) if tc is not None and beta != 0 else None]
    return _fw.tangent_sum(*terms)


@public()
def addmm(input: Tensor, mat1: Tensor, mat2: Tensor, *, beta=1, alpha=1) -> Tensor:
    """beta * input + alpha * (mat1 @ mat2), with `input` broadcast to the product's shape."""
    for name, m in (("mat1", mat1), ("mat2", mat2)):
        if m._data.ndim != 2:
            raise RuntimeError(f"{name} must be a matrix, got {m._data.ndim}-D tensor")
    (n, k), (k2, m) = mat1._data.shape, mat2._data.shape
    if k != k2:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({n}x{k} and {k2}x{m})")
    if mat1._data.dtype != mat2._data.dtype:
        raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got "
                           f"{_scalar_name(mat1)} and {_scalar_name(mat2)}")
    if input._data.dtype != mat2._data.dtype:
        raise RuntimeError(f"self and mat2 must have the same dtype, but got "
                           f"{_scalar_name(input)} and {_scalar_name(mat2)}")
    if input._data.shape != (n, m):
        from .shape import expanded_shape  # input must expand to the product's shape

        expanded_shape(input._data.shape, (n, m), input.type())
    beta, alpha = integer_scalars(input, beta, alpha, empty=k == 0, kernel="addmm_impl_cpu_")
    return apply(OPS["addmm"], (input, mat1, mat2),
                 (beta, alpha, _layout(mat1._data, mat2._data)))


def integer_scalars(input: Tensor, beta, alpha, empty: bool, kernel: str) -> tuple:
    """beta and alpha of the fused products (addmm, addmv, baddbmm, addbmm) as torch takes
    them for an integer input: truncated to integers. Over an empty inner dim torch
    (addmv aside) scales input by beta itself: a float beta gives a float result, which it
    refuses to write into the integer result. Bools have no kernel (`kernel`, torch's name
    in its NotImplementedError)."""
    if input._data.dtype.kind not in "iub":
        return beta, alpha
    if input._data.dtype == np.bool_:
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")
    if empty and isinstance(beta, float):
        raise RuntimeError(f"result type Float can't be cast to the desired output type "
                           f"{_scalar_name(input)}")
    return int(beta), int(alpha)


@declare("bmm", grad_fn="BmmBackward0", saves=(0, 1), save_if={0: (1,), 1: (0,)}, dtype=SAME,
         formula="d(AB)/dA = g B^T, d(AB)/dB = A^T g (per batch)")
def _bmm(a, b):
    return _products(np.matmul, a, b)


@_bmm.backward
def _(ctx, g):
    a, b = ctx.saved
    grad_a = xp.op("bmm", (g, _mT(b))) if _needs(ctx, 0) else None
    grad_b = xp.op("bmm", (_mT(a), g)) if _needs(ctx, 1) else None
    return grad_a, grad_b


_bmm.tangent(_fw.multilinear)


@public()
def bmm(input: Tensor, mat2: Tensor) -> Tensor:
    """Batched matrix product of two 3-D tensors with the same batch size."""
    if input._data.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if mat2._data.ndim != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    batch, _, k = input._data.shape
    if mat2._data.shape[:2] != (batch, k):
        raise RuntimeError(
            f"Expected size for first two dimensions of batch2 tensor to be: [{batch}, {k}] "
            f"but got: [{mat2._data.shape[0]}, {mat2._data.shape[1]}]."
        )
    if input._data.size == 0 or mat2._data.size == 0:
        # torch fills an empty or all-zero product (nothing to multiply) without its
        # kernel: no dtype check, the result in mat2's dtype
        if input._data.dtype != mat2._data.dtype:
            input = input.to(mat2.dtype)
        return apply(OPS["bmm"], (input, mat2))
    _check_dtypes("bmm", input, mat2)
    return apply(OPS["bmm"], (input, mat2))


# ---------------------------------------------------------------------- matmul
# One op for every case with a batch dim (either side >= 3-D). torch computes these with a
# bmm (or an mm over the folded batch) followed by a view, hence the grad_fn name.
@declare("matmul", grad_fn="UnsafeViewBackward0", saves=(0, 1), dtype=SAME, broadcasts=True,
         formula="d(AB)/dA = g B^T, d(AB)/dB = A^T g (broadcast batch dims summed)")
def _batched_matmul(a, b):
    return _products(np.matmul, a, b)


@_batched_matmul.backward
def _(ctx, g):
    a, b = ctx.saved
    grad_a = _matmul_grad_input(g, a, b) if _needs(ctx, 0) else None
    grad_b = _matmul_grad_other(g, a, b) if _needs(ctx, 1) else None
    return grad_a, grad_b


_batched_matmul.tangent(_fw.multilinear)


def _matmul_grad_input(g, a, b):
    """d(a @ b)/da, in the broadcast batch shape (the engine sums it down to a's shape)."""
    if a.ndim == 1:  # a: (k), b: (..., k, n), g: (..., n)
        column = _matmul(b, xp.unsqueeze(g, -1))  # (..., k, 1)
        return xp.reshape(column, column.shape[:-1])
    if b.ndim == 1:  # a: (..., m, k), b: (k), g: (..., m)
        return xp.unsqueeze(g, -1) * b
    return _matmul(g, _mT(b))


def _matmul_grad_other(g, a, b):
    """d(a @ b)/db; when b has no batch dims, a's batch is folded into rows (one mm or mv)
    so that no batch of per-sample gradients is ever built."""
    k = a.shape[-1]
    rows = math.prod(a.shape[:-1])  # (not -1, which is ambiguous for an empty k)
    if b.ndim == 1:  # a: (..., m, k), g: (..., m)
        return xp.op("mv", (_mT(xp.reshape(a, (rows, k))), xp.reshape(g, (-1,))))
    if a.ndim == 1:  # a: (k), b: (..., k, n), g: (..., n)
        return xp.unsqueeze(a, -1) * xp.unsqueeze(g, -2)
    if b.ndim == 2:
        if not xp.is_tensor(g):  # (a's batch folded into rows: torch's mm on the reshape)
            return _grad_mat2(g.reshape(rows, g.shape[-1]), a.reshape(rows, k), b,
                              2 if b is not None and _is_transposed(b) else 0)
        return xp.op("mm", (_mT(xp.reshape(a, (rows, k))),
                            xp.reshape(g, (rows, g.shape[-1]))))
    return _matmul(_mT(a), g)


def _check_folded_matmul(a: Tensor, b: Tensor) -> None:
    """a >= 3-D, b 1-D or 2-D: torch folds a's batch into rows and calls mm or mv."""
    rows, k = math.prod(a._data.shape[:-1]), a._data.shape[-1]
    if b._data.ndim == 2:
        if b._data.shape[0] != k:
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({rows}x{k} and "
                               f"{b._data.shape[0]}x{b._data.shape[1]})")
        _check_dtypes("mm", a, b)
    else:
        if b._data.shape[0] != k:
            raise RuntimeError(f"size mismatch, got input ({rows}), mat ({rows}x{k}), vec "
                               f"({b._data.shape[0]})")
        _check_dtypes("mv", a, b)


def _check_batched_matmul(a: Tensor, b: Tensor) -> None:
    """b >= 3-D: torch broadcasts the batch dims and calls bmm."""
    sa, sb = a._data.shape, b._data.shape
    batch = broadcast_batch(sa[:-2], sb[:-2])
    n, k, k2 = math.prod(batch), sa[-1], sb[-2]
    if k != k2:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{n}, {k}] but got: [{n}, {k2}].")
    _check_dtypes("bmm", a, b)


def _folds_transposed(a: Tensor, b: Tensor) -> bool:
    """torch's matrix @ batch path when the matrix needs a gradient: it computes
    (b^T @ a^T)^T and copies it contiguous, so the result's grad_fn is CloneBackward0."""
    sa, sb = a._data.shape, b._data.shape
    matrix_like = len(sa) == 2 or (len(sa) == 3 == len(sb) and sa[0] == 1 and sb[0] != 1)
    return matrix_like and len(sb) >= 3 and a._requires_grad and _grad_state.enabled


@public()
def matmul(input: Tensor, other: Tensor) -> Tensor:
    """Matrix product with torch's rules: 1-D operands are vectors (a dim is prepended or
    appended and removed again), and the batch dims (all but the last two) broadcast."""
    _require_tensor("matmul", input, "input", 1)
    _require_tensor("matmul", other, "other", 2)
    da, db = input._data.ndim, other._data.ndim
    if da == 0 or db == 0:
        raise RuntimeError(
            f"both arguments to matmul need to be at least 1D, but they are {da}D and {db}D"
        )
    if da <= 2 and db <= 2:
        if da == 1 and db == 1:
            return dot(input, other)
        if db == 1:
            return mv(input, other)
        if da == 1:
            return mm(input.unsqueeze(0), other).squeeze_(0)
        return mm(input, other)
    if db <= 2:
        _check_folded_matmul(input, other)
    else:
        _check_batched_matmul(input, other)
    if _folds_transposed(input, other):
        return apply(OPS["matmul"], (other.mT, input.mT)).mT.clone()
    return apply(OPS["matmul"], (input, other))


@public(name="__matmul__", method="__matmul__", function=False)
def _matmul_operator(input: Tensor, other):
    if not isinstance(other, Tensor):
        return NotImplemented  # Python then raises "unsupported operand type(s) for @"
    return matmul(input, other)


@public(name="__rmatmul__", method="__rmatmul__", function=False)
def _rmatmul_operator(input: Tensor, other):
    if not isinstance(other, Tensor):
        return NotImplemented
    return matmul(other, input)


@public()
def outer(input: Tensor, vec2: Tensor) -> Tensor:
    """Outer product of two vectors: result[i, j] = input[i] * vec2[j] (dtypes promote)."""
    for name, t in (("self", input), ("vec2", vec2)):
        if t._data.ndim != 1:
            raise RuntimeError(f"outer: Expected 1-D argument {name}, but got {t._data.ndim}-D")
    return input.reshape(-1, 1) * vec2


ger = public(name="ger")(outer)


# ---------------------------------------------------------------------- einsum
# An equation is parsed into explicit subscripts, one letter per dim (the ellipsis becomes
# letters the equation does not use). Operands are then contracted pairwise from the left,
# as torch does, each step one op: a unary op (permute, diagonal, sums) or a binary op.
# Each step's backward is another einsum: the output gradient contracted with the other
# operand; a letter repeated in one operand (a diagonal) becomes two letters joined by an
# identity matrix, and a letter found nowhere else (summed away) is expanded back.
def _einsum_forward(*args):
    *arrays, terms, output, sizes = args
    promoted = len(arrays) == 2 and arrays[0].dtype.kind in "biu" and _integer_pair_promotes(
        [a.shape for a in arrays], terms, output, _scalar_name_of(arrays[0].dtype))
    # Broadcast size-1 dims up front, so NumPy's contraction sees plain equal sizes.
    arrays = [np.broadcast_to(a, tuple(sizes[c] for c in t)) for a, t in zip(arrays, terms)]
    equation = ",".join(terms) + "->" + output
    dtype = arrays[0].dtype
    if promoted or (len(arrays) == 1 and dtype.kind in "biu" and set(terms[0]) - set(output)):
        return np.einsum(equation, *arrays, dtype=np.int64)  # sums of integers are int64
    compute = np.float32 if dtype == np.float16 else None
    out = np.einsum(equation, *arrays, optimize=len(arrays) > 1, dtype=compute)
    if out.dtype != dtype:
        out = out.astype(dtype)
    if len(arrays) == 1 and np.may_share_memory(out, arrays[0]):
        out = out.copy()  # NumPy may hand back a view for pure permutations and diagonals
    return out


def _scalar_name_of(dtype: np.dtype) -> str:
    return _SCALAR_NAMES[str(dtype)]


def _integer_pair_promotes(shapes: list, terms: tuple, output: str, name: str) -> bool:
    """Whether torch's contraction of two integer (or bool) operands gives int64.

    torch sums a letter that is summed away by this step out of one operand first when the
    other operand lacks it or has it as a size-1 (broadcast) dim, and that sum is int64.
    What remains is multiplied (promoting to int64) or, when letters of size > 1 on both
    sides are still to be summed, contracted by bmm, which refuses the mixed dtypes."""
    promoted = [False, False]
    product_sum = False
    for c in (set(terms[0]) | set(terms[1])) - set(output):
        left, right = (shape[term.index(c)] if c in term else None
                       for shape, term in zip(shapes, terms))
        if left is None or right is None:  # in one operand: summed out of it (size 1: squeezed)
            promoted[0 if right is None else 1] |= (left if right is None else right) != 1
        elif right == 1 and left != 1:
            promoted[0] = True
        elif left == 1 and right != 1:
            promoted[1] = True
        elif left != 1:
            product_sum = True
    if not any(promoted):
        return False
    if product_sum and promoted[0] != promoted[1]:
        if name == "Bool" and not promoted[0]:  # bmm refuses a bool left operand first
            raise NotImplementedError("\"bmm\" not implemented for 'Bool'")
        left, right = ("Long", name) if promoted[0] else (name, "Long")
        raise RuntimeError(f"expected scalar type {left} but found {right}")
    return True


def _einsum_unary_backward(ctx, g):
    terms, output, sizes = ctx.params
    return (_einsum_operand_grad(g, 0, terms, output, sizes, (None,)),)


def _einsum_binary_backward(ctx, g):
    terms, output, sizes = ctx.params
    operands = ctx.saved
    return tuple(_einsum_operand_grad(g, k, terms, output, sizes, operands)
                 if _needs(ctx, k) else None for k in range(2))


_EINSUM_FORMULA = ("d einsum/d operand = einsum of the output gradient with the other operands "
                   "(diagonals via identity matrices, summed-away dims expanded back)")


def _einsum_op(name: str, grad_fn: str, arity: int):
    op = declare(name, grad_fn=grad_fn, saves=tuple(range(arity)) if arity == 2 else (),
                 dtype=SAME, broadcasts=True, formula=_EINSUM_FORMULA)(_einsum_forward)
    op.backward(_einsum_binary_backward if arity == 2 else _einsum_unary_backward)
    op.tangent(_fw.multilinear)  # a product of its operands (or linear in one)
    return op


# The grad_fn names are those of the last op torch's own einsum runs in each case.
_einsum_op("einsum_permute", "PermuteBackward0", 1)  # one operand, nothing summed
_einsum_op("einsum_sum", "SumBackward1", 1)          # one operand, some letters summed
_einsum_op("einsum_product", "MulBackward0", 2)      # two operands, nothing summed
_einsum_op("einsum", "ViewBackward0", 2)             # two operands, a contraction


def _einsum_step(operands: list, terms: tuple, output: str, sizes: dict):
    """One op of the contraction, on Tensors (einsum, double backward) or arrays (backward)."""
    summed = bool(set("".join(terms)) - set(output))
    if len(operands) == 1:
        name = "einsum_sum" if summed else "einsum_permute"
    else:
        if summed and xp.numpy_dtype(operands[0]) == np.bool_ and not _integer_pair_promotes(
                [tuple(x.shape) for x in operands], terms, output, "Bool"):
            raise NotImplementedError("\"bmm\" not implemented for 'Bool'")
        name = "einsum" if summed else "einsum_product"
    return xp.op(name, tuple(operands), terms, output, sizes)


def _contract(operands: list, terms: list, output: str, sizes: dict):
    """Contract the operands pairwise from the left, keeping only letters needed later."""
    if len(operands) == 1:
        return _einsum_step(operands, (terms[0],), output, sizes)
    result, result_term = operands[0], terms[0]
    for j in range(1, len(operands)):
        if j == len(operands) - 1:
            step_output = output
        else:
            needed = set(output).union(*terms[j + 1:])
            step_output = "".join(dict.fromkeys(c for c in result_term + terms[j] if c in needed))
        result = _einsum_step([result, operands[j]], (result_term, terms[j]), step_output, sizes)
        result_term = step_output
    return result


def _einsum_operand_grad(g, k: int, terms: tuple, output: str, sizes: dict, operands: tuple):
    """The gradient of one step of the contraction with respect to operand k."""
    term = terms[k]
    free = iter(c for c in string.ascii_letters if c not in set(output).union(*terms))
    sizes = dict(sizes)
    renamed, parts, tensors = "", [output], [g]  # renamed: term with twins for repeats
    for j, other_term in enumerate(terms):
        if j != k:
            parts.append(other_term)
            tensors.append(operands[j])
    for c in term:
        if c in renamed:  # a repeated letter: a fresh twin, tied to it by an identity matrix
            twin = next(free)
            sizes[twin] = sizes[c]
            parts.append(c + twin)
            tensors.append(xp.constant(np.eye(sizes[c], dtype=xp.numpy_dtype(g)), like=g))
            c = twin
        renamed += c
    available = set("".join(parts))
    kept = "".join(c for c in renamed if c in available)
    if len(parts) == 1 and parts[0] == kept:
        grad = g
    else:
        grad = _contract(tensors, parts, kept, sizes)
    full = tuple(sizes[c] for c in renamed)
    if len(kept) < len(renamed):  # dims only this operand had: the gradient is constant along
        grad = xp.reshape(grad, tuple(sizes[c] if c in available else 1 for c in renamed))
    if tuple(grad.shape) != full:
        grad = xp.expand(grad, full)
    if len(renamed) > len(set(term)):
        # Off the diagonal the identity contributes (negative value) * 0 = -0.0, which
        # torch (writing the diagonal into zeros) never shows: adding 0.0 makes it +0.0.
        grad = grad + 0.0
    return grad


class _EquationReader:
    """Splits an einsum equation into per-operand subscripts with torch's error messages."""

    ELLIPSIS = "..."

    def __init__(self, equation: str) -> None:
        self.equation = equation
        arrow = equation.find("->")
        self.lhs_end = arrow if arrow >= 0 else len(equation)
        self.explicit = arrow >= 0

    def operands(self) -> list[list[str]]:
        terms: list[list[str]] = [[]]
        for token, _ in self._tokens(0, self.lhs_end, lambda: f"operand {len(terms) - 1}"):
            if token == ",":
                terms.append([])
                continue
            if token == self.ELLIPSIS and self.ELLIPSIS in terms[-1]:
                raise RuntimeError(f"einsum(): found '.' for operand {len(terms) - 1} for which "
                                   "an ellipsis was already found")
            terms[-1].append(token)
        return terms

    def output(self) -> list[str] | None:
        if not self.explicit:
            return None
        tokens: list[str] = []
        for token, pos in self._tokens(self.lhs_end + 2, len(self.equation), lambda: "output"):
            if token == ",":
                self._invalid(pos)
            if token == self.ELLIPSIS and self.ELLIPSIS in tokens:
                raise RuntimeError("einsum(): found '.' for output but an ellipsis (...) was "
                                   "already found")
            tokens.append(token)
        return tokens

    def _tokens(self, start: int, end: int, where):
        eq, pos = self.equation, start
        while pos < end:
            c = eq[pos]
            if c == ".":
                if eq[pos:pos + 3] != self.ELLIPSIS or pos + 3 > end:
                    suffix = " (...)" if where() == "output" else ""
                    raise RuntimeError(f"einsum(): found '.' for {where()} that is not part of "
                                       f"any ellipsis{suffix}")
                yield self.ELLIPSIS, pos
                pos += 3
                continue
            if c in string.ascii_letters or c == ",":
                yield c, pos
            elif c != " ":
                self._invalid(pos)
            pos += 1

    @staticmethod
    def _invalid(pos: int):
        raise RuntimeError(f"einsum(): invalid subscript given at index {pos} in the equation "
                           "string, subscripts must be in [a-zA-Z]")


def _explicit_subscripts(equation: str, shapes: list[tuple]) -> tuple[list[str], str, dict]:
    """(one letter string per operand, the output's letters, each letter's size)."""
    reader = _EquationReader(equation)
    terms = reader.operands()
    output_tokens = reader.output()
    if len(terms) > len(shapes):
        raise RuntimeError("einsum(): fewer operands were provided than specified in the equation")
    if len(terms) < len(shapes):
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    ellipsis_ranks = []
    for i, (term, shape) in enumerate(zip(terms, shapes)):
        letters = sum(1 for t in term if t != reader.ELLIPSIS)
        has_ellipsis = reader.ELLIPSIS in term
        if not has_ellipsis and letters != len(shape):
            raise RuntimeError(
                f"einsum(): the number of subscripts in the equation ({letters}) does not match "
                f"the number of dimensions ({len(shape)}) for operand {i} and no ellipsis was "
                "given")
        if has_ellipsis and letters > len(shape):
            raise RuntimeError(
                f"einsum(): the number of subscripts in the equation ({letters}) is more than the "
                f"number of dimensions ({len(shape)}) for operand {i}")
        ellipsis_ranks.append(len(shape) - letters if has_ellipsis else 0)
    used = {c for c in equation if c in string.ascii_letters}
    spare = [c for c in string.ascii_letters if c not in used]
    ellipsis = "".join(spare[:max(ellipsis_ranks, default=0)])
    if len(ellipsis) < max(ellipsis_ranks, default=0):
        raise RuntimeError("einsum(): too many dimensions: at most 52 letters are available")
    expanded = ["".join(ellipsis[len(ellipsis) - rank:] if t == reader.ELLIPSIS else t
                        for t in term) for term, rank in zip(terms, ellipsis_ranks)]
    output = _output_subscripts(output_tokens, expanded, ellipsis, reader.ELLIPSIS)
    sizes = _label_sizes(expanded, shapes, ellipsis)
    return expanded, output, sizes


def _output_subscripts(tokens, terms: list[str], ellipsis: str, marker: str) -> str:
    if tokens is None:  # implicit: the ellipsis, then letters used once, alphabetically
        counts: dict[str, int] = {}
        for c in "".join(terms):
            if c not in ellipsis:
                counts[c] = counts.get(c, 0) + 1
        return ellipsis + "".join(sorted(c for c, n in counts.items() if n == 1))
    seen = set("".join(terms))
    output = ""
    for token in tokens:
        if token == marker:
            output += ellipsis
            continue
        if token not in seen:
            raise RuntimeError(f"einsum(): output subscript {token} does not appear in the "
                               "equation for any input operand")
        if token in output:
            raise RuntimeError(f"einsum(): output subscript {token} appears more than once in "
                               "the output")
        output += token
    return output


def _label_sizes(terms: list[str], shapes: list[tuple], ellipsis: str) -> dict:
    """The size of every letter; size-1 dims broadcast against the others, as in torch."""
    sizes: dict[str, int] = {}
    for i, (term, shape) in enumerate(zip(terms, shapes)):
        own: dict[str, int] = {}
        for d, (c, size) in enumerate(zip(term, shape)):
            if c in own:
                if own[c] != size:
                    raise RuntimeError(f"einsum(): subscript {c} is repeated for operand {i} but "
                                       f"the sizes don't match, {size} != {own[c]}")
                continue
            own[c] = size
            known = sizes.get(c)
            if known is None or known == 1:
                sizes[c] = size
            elif size not in (1, known):
                if c in ellipsis:
                    raise RuntimeError(
                        f"einsum(): dimension {d} covered by ellipsis in operand {i}has size "
                        f"{size} which does not broadcast with previously seen ellipsis with size "
                        f"{known} for the respective dimension")
                raise RuntimeError(f"einsum(): subscript {c} has size {size} for operand {i} "
                                   f"which does not broadcast with previously seen size {known}")
    return sizes


def _sublist_equation(args: tuple) -> tuple[str, list]:
    """einsum(op1, [0, 1], op2, [1, 2], [0, 2]): integers 0-51 name the dims."""
    def letters(sublist) -> str:
        out = ""
        for s in sublist:
            if s is Ellipsis:
                out += "..."
            elif isinstance(s, int) and 0 <= s < 52:
                out += string.ascii_letters[s]
            else:
                raise ValueError("einsum(): subscript in subscript list is not within the valid "
                                 "range [0, 52)")
        return out

    operands, terms = list(args[0::2]), args[1::2]
    output = None
    if len(operands) > len(terms):  # an odd count: the last item is the output sublist
        output = operands.pop()
    equation = ",".join(letters(t) for t in terms)
    if output is not None:
        equation += "->" + letters(output)
    return equation, operands


@public(method=False)
def einsum(*args) -> Tensor:
    """Einstein summation: einsum("ij,jk->ik", a, b) is a @ b. Letters name dims; a letter
    left out of the output is summed over; "..." stands for the remaining (broadcast) dims;
    without "->" the output is the ellipsis then the letters used once, alphabetically."""
    if len(args) < 2:
        raise ValueError("einsum(): must specify the equation string and at least one operand, "
                         "or at least one operand and its subscripts list")
    if isinstance(args[0], str):
        equation, operands = args[0], list(args[1:])
        if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
            operands = list(operands[0])
    else:
        equation, operands = _sublist_equation(args)
    for j, x in enumerate(operands):
        if not isinstance(x, Tensor):
            raise TypeError(f"expected Tensor as element {j} in argument 1, but got "
                            f"{type(x).__name__}")
    terms, output, sizes = _explicit_subscripts(equation, [x._data.shape for x in operands])
    if any(x._data.dtype != operands[0]._data.dtype for x in operands[1:]):
        operands = _operands_of_one_dtype(operands, terms, output, sizes)
    return _contract(operands, terms, output, sizes)


def _operands_of_one_dtype(operands: list, terms: list, output: str, sizes: dict) -> list:
    """Operands of several dtypes, cast to the dtype torch's result has. torch contracts
    them pairwise from the left (as `_contract`); a summed dim of size 1 on either side
    (broadcast) is summed or squeezed first. A pair that sums over no other dim is
    multiplied elementwise (promoting); one that sums over an empty dim, or whose product
    is empty, gives zeros of the right operand's dtype; any other goes through a batched
    matrix product, which takes one dtype only."""
    def own_sizes(j: int) -> dict:
        return dict(zip(terms[j], operands[j]._data.shape))

    dtype, left = operands[0].dtype, own_sizes(0)
    for j in range(1, len(operands)):
        needed = set(output).union(*terms[j + 1:])
        right = own_sizes(j)
        summed = [c for c in set(left) & set(right)
                  if c not in needed and left[c] != 1 and right[c] != 1]
        joined = {c: (right.get(c, 1) if left.get(c, 1) == 1 else left[c])
                  for c in dict.fromkeys((*left, *right)) if c in needed}
        kind = operands[j].dtype
        if not summed or kind == dtype:
            dtype = promote_types(dtype, kind)
        elif 0 in [left[c] for c in summed] + list(joined.values()):
            dtype = kind
        else:
            raise RuntimeError(f"expected scalar type {_SCALAR_NAMES[dtype.name]} but found "
                               f"{_SCALAR_NAMES[kind.name]}")
        left = joined
    return [x if x.dtype == dtype else x.to(dtype) for x in operands]


# ---------------------------------------------------------------------- trace
@declare("trace", grad_fn="TraceBackward0", dtype=SAME, formula="d trace(A)/dA = I")
def _trace(x, shape):
    # integers sum in int64, as torch's (NumPy's trace of unsigned integers is uint64)
    return np.trace(x, dtype=np.int64 if x.dtype.kind in "iu" else None)


@_trace.backward
def _(ctx, g):
    (shape,) = ctx.params
    # the diagonal selects g (torch's scatter): an inf or nan g leaves 0 off the diagonal
    off_diagonal = xp.constant(~np.eye(*shape, dtype=bool), like=g)
    return (xp.masked_fill(xp.expand(g, shape), off_diagonal, 0),)


_trace.tangent(_fw.linear)


@public()
def trace(input: Tensor) -> Tensor:
    """Sum of the main diagonal of a 2-D tensor (integers sum in int64)."""
    if input._data.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {input._data.ndim}")
    if input._data.dtype == np.bool_:
        raise NotImplementedError("\"trace\" not implemented for 'Bool'")
    return apply(OPS["trace"], (input,), (input._data.shape,))


# ---------------------------------------------------------------------- det / inverse / solve
class _LinAlgError(RuntimeError):
    """A linear-algebra failure such as a singular matrix (torch.linalg.LinAlgError)."""


LinAlgError = _LinAlgError


def _check_square(name: str, a: Tensor, half: str | None = None,
                  prefix: str = "linalg.") -> None:
    """torch's checks of a (batch of) square float matrices, in its order. `half`: how
    torch refuses float16 (which its LAPACK lacks): "low" for its "Low precision" error,
    else the name of the kernel that is not implemented for it (None: float16 is computed)."""
    if a._data.ndim < 2:
        raise RuntimeError(f"{prefix}{name}: The input tensor A must have at least 2 dimensions.")
    rows, cols = a._data.shape[-2:]
    if rows != cols:
        raise RuntimeError(f"{prefix}{name}: A must be batches of square matrices, but they are "
                           f"{rows} by {cols} matrices")
    if a._data.dtype.kind != "f":
        raise RuntimeError(f"{prefix}{name}: Expected a floating point or complex tensor as "
                           f"input. Got {_scalar_name(a)}")
    if half is not None and a._data.dtype == np.float16:
        if half == "low":
            raise RuntimeError(f"{prefix}{name}: Low precision dtypes not supported. Got Half")
        raise NotImplementedError(f"\"{half}\" not implemented for 'Half'")


def _lapack(fn, *arrays):
    """A NumPy linalg routine; float16 (which LAPACK lacks) goes through float32."""
    if arrays[0].dtype == np.float16:
        return fn(*(a.astype(np.float32) for a in arrays)).astype(np.float16)
    return fn(*arrays)


def _first_zero_pivot(matrix: np.ndarray) -> int:
    """The 1-based index of the first zero pivot of LU with partial pivoting: the number
    LAPACK (and so torch) reports for a singular matrix."""
    u = np.array(matrix, dtype=matrix.dtype if matrix.dtype != np.float16 else np.float32)
    n = u.shape[0]
    for k in range(n):
        p = k + int(np.argmax(np.abs(u[k:, k])))
        if u[p, k] == 0:
            return k + 1
        u[[k, p]] = u[[p, k]]
        u[k + 1:, k:] -= np.outer(u[k + 1:, k] / u[k, k], u[k, k:])
    return n


def _singular_batch_element(a: np.ndarray, fn) -> tuple[str, np.ndarray]:
    """The "(Batch element i): " prefix torch adds for batches, and that element."""
    if a.ndim == 2:
        return "", a
    matrices = a.reshape(-1, *a.shape[-2:])
    for i, m in enumerate(matrices):
        try:
            fn(m)
        except np.linalg.LinAlgError:
            return f"(Batch element {i}): ", m
    return "", matrices[0]


@declare("det", grad_fn="LinalgDetBackward0", saves=(0, OUT), dtype=SAME,
         formula="d det(A)/dA = det(A) * inv(A)^T (the cofactors, from an SVD near singular)")
def _det(a):
    return np.asarray(_lapack(np.linalg.det, a), dtype=a.dtype)


@_det.backward
def _(ctx, g):
    a, d = ctx.saved
    if tuple(a.shape)[-1] == 1:  # the cofactor of a 1 x 1 matrix is 1, singular or not
        return (xp.unsqueeze(xp.unsqueeze(g, -1), -1),)
    if xp.is_tensor(a):
        return (_det_grad_recorded(a, d, g),)
    # As torch without create_graph: det(A) A^-T by an LU solve of (g det(A)) I, which gives
    # zeros where the determinant is exactly 0 (LAPACK skips zero right-hand sides) unless
    # g det(A) is nan (an infinite or nan g): then nan everywhere.
    singular = np.asarray(d) == 0
    if singular.any():
        a = np.where(singular[..., None, None], np.eye(a.shape[-1], dtype=a.dtype), a)
    scale = g * d
    grad = scale[..., None, None] * _mT(xp.op("inverse", (a,)))
    if singular.any():
        at_singular = np.where(np.isnan(scale), np.nan, 0)[..., None, None]
        grad = np.where(singular[..., None, None], at_singular, grad).astype(a.dtype, copy=False)
    return (grad,)


def _det_grad_recorded(a: Tensor, d: Tensor, g: Tensor) -> Tensor:
    """The gradient of det on Tensors (create_graph), as torch records it: solve(A^T, g det I)
    (LinalgSolveExBackward0), and for matrices with |det| < 100 eps the cofactor matrix from
    an SVD, which stays differentiable at singular matrices (MmBackward0; mixed batches are
    joined by index_put, IndexPutBackward0)."""
    near = np.abs(d._data) < 100 * np.finfo(d._data.dtype).eps
    if a._data.ndim == 2:
        return _det_grad_svd(a, g) if near else _det_grad_solve(a, d, g)
    if not near.any():
        return _det_grad_solve(a, d, g)
    if near.all():
        return _det_grad_svd(a, g)
    from .indexing_extra import index_put

    return index_put(_det_grad_solve(a, d, g), (Tensor(near),), _det_grad_svd(a[near], g[near]))


def _det_grad_solve(a: Tensor, d: Tensor, g: Tensor) -> Tensor:
    from .shape_extra import diag_embed

    n = a.shape[-1]
    near = np.abs(d._data) < 100 * np.finfo(d._data.dtype).eps
    if near.any():  # these are replaced by the SVD's values; keep the solve from failing
        a = _with_identity_where(a, near)
    # (g det) on the diagonal, exact zeros off it (an infinite g must not make nan there)
    scale = diag_embed((g * d).unsqueeze(-1).expand(*d.shape, n))
    return apply(OPS["solve"], (_mT(a), scale), (False,))


def _with_identity_where(a: Tensor, rows: np.ndarray) -> Tensor:
    from .pointwise_binary import where

    eye = Tensor(np.eye(a.shape[-1], dtype=a._data.dtype))
    return where(Tensor(rows[..., None, None]), eye, a)


def _det_grad_svd(a: Tensor, g: Tensor) -> Tensor:
    """g times the cofactor matrix of A from A = U diag(S) Vh: U diag(g det(U) det(Vh)
    prod_{j != i} s_j) Vh, where the products skip s_i without dividing by it."""
    from .linalg_decompositions import _svd_factors
    from .reduction_cumulative import cumprod
    from .shape_copies import cat, flip

    u, s, vh = _svd_factors(a)
    scale = (g * det(u) * det(vh)).unsqueeze(-1)
    n = s.shape[-1]
    if n == 1:
        products = scale
    else:
        ones = Tensor(np.ones(s.shape[:-1] + (1,), s._data.dtype))
        before = cumprod(cat([ones, s[..., :-1]], -1), -1)
        after = flip(cumprod(cat([ones, flip(s[..., 1:], (-1,))], -1), -1), (-1,))
        products = scale * before * after
    return matmul(u * products.unsqueeze(-2), vh)


@_det.tangent
def _(ctx, t):
    d = ctx.output
    singular = d._data == 0
    a = ctx.inputs[0]
    if singular.any():  # torch's LU solve gives 0 there
        a = _with_identity_where(a, singular)
    # d det(A) = det(A) trace(A^-1 dA)
    return d * (inverse(a).mT * t).sum((-2, -1))


@public()
def det(input: Tensor) -> Tensor:
    """The determinant of a square matrix (or of each matrix in a batch)."""
    _check_square("det", input, half="lu_cpu")
    return apply(OPS["det"], (input,))


@declare("inverse", grad_fn="LinalgInvExBackward0", saves=(OUT,), dtype=SAME,
         formula="d inv(A) = -inv(A) dA inv(A), so grad_A = -inv(A)^T g inv(A)^T")
def _inverse(a):
    try:
        return _lapack(np.linalg.inv, a)
    except np.linalg.LinAlgError:
        prefix, matrix = _singular_batch_element(a, np.linalg.inv)
        raise _LinAlgError(
            f"linalg.inv: {prefix}The diagonal element {_first_zero_pivot(matrix)} is zero, the "
            "inversion could not be completed because the input matrix is singular.") from None


@_inverse.backward
def _(ctx, g):
    (inv,) = ctx.saved
    inv_t = _mT(inv)
    return (-_matmul(_matmul(inv_t, g), inv_t),)


@_inverse.tangent
def _(ctx, t):
    inv = ctx.output
    return -matmul(matmul(inv, t), inv)  # d inv(A) = -inv(A) dA inv(A)


@public()
def inverse(input: Tensor) -> Tensor:
    """The inverse of a square matrix (or of each matrix in a batch)."""
    _check_square("inv", input, half="low")
    return apply(OPS["inverse"], (input,))


def _solve_matrices(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """np.linalg.solve with b always a (batch of) matrices: broadcasting the batch dims first
    keeps NumPy 1 from reading a 2-D `b` as a batch of vectors."""
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    return np.linalg.solve(np.broadcast_to(a, batch + a.shape[-2:]),
                           np.broadcast_to(b, batch + b.shape[-2:]))


@declare("solve", grad_fn="LinalgSolveExBackward0", saves=(0, OUT), dtype=SAME, broadcasts=True,
         formula="X = A^-1 B: grad_B = A^-T g, grad_A = -grad_B X^T")
def _solve(a, b, vector):
    try:
        if vector:
            return _lapack(lambda m, v: _solve_matrices(m, v[..., None])[..., 0], a, b)
        return _lapack(_solve_matrices, a, b)
    except np.linalg.LinAlgError:
        prefix, _ = _singular_batch_element(a, np.linalg.inv)
        raise _LinAlgError(f"torch.linalg.solve: {prefix}The solver failed because the input "
                           "matrix is singular.") from None


@_solve.backward
def _(ctx, g):
    a, x = ctx.saved
    (vector,) = ctx.params
    grad_b = xp.op("solve", (_mT(a), g), vector)
    if not _needs(ctx, 0):
        return None, grad_b
    if vector:
        grad_a = -(xp.unsqueeze(grad_b, -1) * xp.unsqueeze(x, -2))
    else:
        grad_a = -_matmul(grad_b, _mT(x))

    return grad_a, (grad_b if _needs(ctx, 1) else None)


@_solve.tangent
def _(ctx, ta, tb):
    # A X = B, so A dX = dB - dA X
    a, x = ctx.inputs[0], ctx.output
    (vector,) = ctx.params
    rhs = tb
    if ta is not None:
        da_x = matmul(ta, x.unsqueeze(-1)).squeeze(-1) if vector else matmul(ta, x)
        rhs = -da_x if rhs is None else rhs - da_x
    return apply(OPS["solve"], (a, rhs), (vector,))


def solve(A: Tensor, B: Tensor, *, left: bool = True) -> Tensor:
    """The X with A @ X = B. B is a (batch of) vector(s) when it is 1-D or has A's shape
    without the last dim; otherwise a (batch of) matrices. Batch dims broadcast."""
    if not left:
        raise NotImplementedError("ember.linalg.solve supports left=True only; for X A = B "
                                  "solve A^T X^T = B^T: solve(A.mT, B.mT).mT")
    _check_square("solve", A, half="lu_cpu")
    if A._data.dtype != B._data.dtype:
        raise RuntimeError(f"linalg.solve: Expected A and B to have the same dtype, but found A "
                           f"of type {_scalar_name(A)} and B of type {_scalar_name(B)} instead")
    sa, sb = A._data.shape, B._data.shape
    vector = len(sb) == 1 or (len(sb) == len(sa) - 1 and sb == sa[:-1])
    rows, cols = (sb[-1], 1) if vector else sb[-2:]
    if rows != sa[-1]:
        raise RuntimeError(f"linalg.solve: Incompatible shapes of A and B for the equation "
                           f"AX = B ({sa[-2]}x{sa[-1]} and {rows}x{cols})")
    broadcast_batch(sb[:-1] if vector else sb[:-2], sa[:-2])
    return apply(OPS["solve"], (A, B), (vector,))
