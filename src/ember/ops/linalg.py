"""Linear algebra: products (dot, mv, mm, bmm, matmul, outer, inner), einsum, trace, and
det / inverse / solve (the `ember.linalg` namespace adds the norms).

torch's products never promote: both operands must share a dtype, and each product kernel
words the mismatch its own way, so the checks below name the kernel torch would have used.
"""

from __future__ import annotations

import math
import weakref
from numbers import Number

import numpy as np

from .._dispatch import _type_name, apply, complex_unsupported
from .._dtype import scalar_type_name
from .._grad_mode import is_grad_enabled
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from ..autograd.node import AccumulateGrad, history_first
from . import _xp as xp
from ._lapack_layout import column_major
from ._registry import OPS, OUT, SAME, allow_complex, declare, public
from ._registry import needs_grad as _needs

__all__ = ["LinAlgError", "dot", "vdot", "inner", "mv", "mm", "addmm", "bmm", "matmul", "outer",
           "ger", "trace", "det", "inverse", "solve"]


# ---------------------------------------------------------------------- dtype checks
_CPP_NAMES = {"float16": "c10::Half", "float32": "float", "float64": "double",
              "int8": "signed char", "int16": "short int", "int32": "int", "int64": "long int",
              "uint8": "unsigned char", "bool": "bool", "complex64": "c10::complex<float>",
              "complex128": "c10::complex<double>"}


def _scalar_name(t: Tensor) -> str:
    return scalar_type_name(str(t._data.dtype))


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
    """Both operands of a product share a dtype, and it is not bool (unless there is nothing
    to multiply: torch returns an empty or all-zero mm/mv/bmm before it picks a kernel)."""
    empty = kernel != "dot" and (a._data.size == 0 or b._data.size == 0)
    if kernel == "bmm" and a._data.dtype == np.bool_ and not empty:  # (self's dtype first)
        raise NotImplementedError("\"bmm\" not implemented for 'Bool'")
    if a._data.dtype != b._data.dtype:
        raise RuntimeError(_MISMATCH[kernel](a, b))
    if a._data.dtype == np.bool_ and not empty:
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


def _single_terms(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether torch's CPU mm of these (..., M, 1) and (1, N) float32/float64 operands
    writes each entry's one product as it is, -0.0 included: its BLAS call does so for an
    inner dim of 1 (M and N above 1; with one of them 1 its matrix-vector kernel adds the
    product to +0.0, as NumPy's BLAS does in every case)."""
    return (a.shape[-1] == 1 and b.shape[-1] > 1 and a.size > 1
            and (a.dtype == np.float32 or a.dtype == np.float64))


def _mm_products(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b as torch's CPU mm computes it (see _single_terms), C-ordered."""
    if _single_terms(a, b):
        return np.multiply(a, b, out=np.empty(a.shape[:-1] + b.shape[-1:], a.dtype))
    return _products(np.matmul, a, b)
# torch's bmm kernel multiplies matrices of fewer multiply-adds than this (k n m) with a
# plain loop: each entry sums its products in order of k, in the accumulation type.
_SMALL_BMM = 400
_TERMS_AT_ONCE = 1 << 20  # products held at once (beyond: k passes over the batch)


def _batched_products(a, b):
    """a @ b over batch dims as torch's bmm computes it: below _SMALL_BMM multiply-adds
    per matrix every entry accumulates its products one after another, each product and
    each partial sum rounded (float16 in float32), which differs from a BLAS product in
    the last bits (the result prints as 12.0000 rather than 12.); larger ones go to BLAS."""
    n, k = a.shape[-2:]
    m = b.shape[-1]
    if k * n * m >= _SMALL_BMM or k < 2 or a.dtype.kind != "f" or b.dtype != a.dtype:
        return _products(np.matmul, a, b)
    wide = np.float32 if a.dtype == np.float16 else a.dtype
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    if math.prod(batch) * k * n * m <= _TERMS_AT_ONCE:  # every product at once, then sums
        terms = np.multiply(a[..., :, :, None], b[..., None, :, :], dtype=wide,
                            order="C")  # (..., n, k, m)
        # (+ 0: torch's loop starts each sum from +0, so products that are all -0 sum to +0)
        sums = np.cumsum(terms, axis=-2, dtype=wide)[..., -1, :]
        sums += 0
        return sums.astype(a.dtype, order="C", copy=False)
    total = np.zeros(batch + (n, m), wide)  # (a large batch: one product of k at a time)
    for i in range(k):
        total += np.multiply(a[..., :, i, None], b[..., None, i, :], dtype=wide)
    return total.astype(a.dtype, copy=False)


# ---------------------------------------------------------------------- in formulas
# Backward formulas run on NumPy arrays or on Tensors (ops/_xp.py): these spell the
# products they need for both.
def _mT(x):
    """x with its last two dims swapped (Tensor.mT)."""
    return xp.transpose(x, -2, -1)


def _mH(x):
    """The conjugate transpose (Tensor.mH): the transpose of real values. Gradients of
    complex linear algebra take A^H where real ones take A^T (torch's convention)."""
    return xp.conj(xp.transpose(x, -2, -1))


def _matmul(a, b):
    """a @ b: the public matmul on Tensors (so the graph is the one torch records), and the
    forward's own product on arrays (float16 accumulated in float32)."""
    if xp.is_tensor(a) or xp.is_tensor(b):
        return matmul(a, b)
    if a.ndim >= 3 and b.ndim >= 3:  # (a batched product: torch's bmm)
        return _batched_products(a, b)
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
    # torch's dot sums its products from +0: -3 * 0 alone is +0 there (NumPy keeps -0).
    # (Only a zero is replaced: dot is on the seed notebook's path, and a scalar's truth
    # test costs a tenth of an addition of a new zero.)
    out = _products(np.dot, a, b)
    return out.dtype.type(0) if not out and out.dtype.kind == "f" else out


def _conj(a, b) -> tuple:
    """The two factors' conjugates (a real one, or None, itself): a product's gradient with
    respect to one factor is the gradient times the other's conjugate (torch's convention
    for complex values: grad_a = grad @ b^H)."""
    if a is not None and _is_complex(a):
        a = xp.conj(a)
    if b is not None and _is_complex(b):
        b = xp.conj(b)
    return a, b


def _is_complex(x) -> bool:
    return (x._data if isinstance(x, Tensor) else x).dtype.kind == "c"


@_dot.backward
def _(ctx, g):
    a, b = _conj(*ctx.saved)
    return (g * b if _needs(ctx, 0) else None), (g * a if _needs(ctx, 1) else None)


_dot.tangent(_fw.multilinear)


@declare("vdot", grad_fn="VdotBackward0", saves=(0, 1), save_if={0: (1,), 1: (0,)}, dtype=SAME,
         formula="d(conj(x).y)/dx = y, d(conj(x).y)/dy = x (real tensors)")
def _vdot(a, b):
    return _products(np.vdot, a, b)


@_vdot.backward
def _(ctx, g):
    a, b = ctx.saved  # conj(a).b: linear in b, conjugate-linear in a
    return (xp.conj(g) * b if _needs(ctx, 0) else None), (g * a if _needs(ctx, 1) else None)

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
    history_first(input, tensor)
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
    from .shape_extra import tensordot  # torch's inner is its tensordot over the last dims

    return tensordot(input, other, ([-1], [-1]))


# ---------------------------------------------------------------------- mv / mm / bmm
@declare("mv", grad_fn="MvBackward0", saves=(0, 1), save_if={0: (1,), 1: (0,)}, dtype=SAME,
         formula="d(Av)/dA = g v^T, d(Av)/dv = A^T g")
def _mv(a, v):
    return _products(np.matmul, a, v)


@_mv.backward
def _(ctx, g):
    a, v = _conj(*ctx.saved)
    grad_a = xp.reshape(g, (-1, 1)) * v if _needs(ctx, 0) else None  # outer(g, v)
    grad_v = xp.op("mv", (_mT(a), g)) if _needs(ctx, 1) else None
    return grad_a, grad_v


_mv.tangent(_fw.multilinear)


@public()
def mv(input: Tensor, vec: Tensor) -> Tensor:
    """Matrix-vector product."""
    history_first(input, vec)
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
    return _mm_products(a, b)


@_mm.backward
def _(ctx, g):
    a, b = _conj(*ctx.saved)
    if not xp.is_tensor(g):
        layout = ctx.params[0] if ctx.params else 0
        return (_grad_mat1(g, a, b, layout) if _needs(ctx, 0) else None,
                _grad_mat2(g, a, b, layout) if _needs(ctx, 1) else None)
    layout = ctx.params[0] if ctx.params else 0
    return (_mat1_grad_graph(g, b, layout) if _needs(ctx, 0) else None,
            _mat2_grad_graph(g, a, layout) if _needs(ctx, 1) else None)


def _mat1_grad_graph(g: Tensor, b: Tensor, layout: int) -> Tensor:
    """d(a @ b)/da on Tensors, composed as torch's mm_mat1_backward: g b^T, or (b g^T)^T
    when a is a transposed matrix (so a 1x1 a's gradient ends in TBackward0)."""
    return b.mm(g.t()).t() if layout & 1 else g.mm(b.t())


def _mat2_grad_graph(g: Tensor, a: Tensor, layout: int) -> Tensor:
    """d(a @ b)/db on Tensors, as torch's mm_mat2_backward: a^T g, or (g^T a)^T when b is a
    transposed matrix."""
    return g.t().mm(a).t() if layout & 2 else a.t().mm(g)


def _is_transposed(m: np.ndarray) -> bool:
    """torch's test for a transposed matrix (nn.Linear's `weight.t()`): unit stride down
    the rows, a column's length across. NumPy gives an empty array zero strides, where
    torch's contiguous ones count a size-0 dim as 1: (1, 0) is a column of length 1 to it."""
    if m.ndim != 2:
        return False
    if not m.size:
        return m.shape[0] == 1
    return m.strides[0] == m.itemsize and m.strides[1] == m.shape[0] * m.itemsize


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
        return _mm_products(b, g.T).T
    return _mm_products(g, b.T)


def _grad_mat2(g: np.ndarray, a: np.ndarray, b: np.ndarray, layout: int) -> np.ndarray:
    """d(a @ b)/db = a^T g, as (g^T a)^T when b is a transposed matrix."""
    if layout & 2:
        return _mm_products(g.T, a).T
    return _mm_products(a.T, g)


_mm.tangent(_fw.multilinear)


@public()
def mm(input: Tensor, mat2: Tensor) -> Tensor:
    """Matrix product of two 2-D tensors."""
    history_first(input, mat2)
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
    a, b = _conj(*ctx.saved)
    beta, alpha, *layout = ctx.params  # (layout: none when a formula ran addmm on Tensors)
    grad_c = xp.times_number(g, beta) if _needs(ctx, 0) else None
    layout = layout[0] if layout else 0
    if xp.is_tensor(g):  # torch's order: the product, then alpha (MulBackward1)
        return (grad_c,
                xp.times_number(_mat1_grad_graph(g, b, layout), alpha) if _needs(ctx, 1)
                else None,
                xp.times_number(_mat2_grad_graph(g, a, layout), alpha) if _needs(ctx, 2)
                else None)
    scaled = g if alpha == 1 else g * alpha  # (on arrays: the smaller operand scaled)
    grad_a = _grad_mat1(scaled, a, b, layout) if _needs(ctx, 1) else None
    grad_b = _grad_mat2(scaled, a, b, layout) if _needs(ctx, 2) else None
    return grad_c, grad_a, grad_b


@_addmm.tangent
def _(ctx, tc, ta, tb):
    # torch's self_t + alpha * mat1_t @ mat2 + alpha * mat1 @ mat2_t, absent tangents as
    # zeros (forward_ad.records), alpha = 1 not multiplied
    c, a, b = ctx.inputs
    beta, alpha = ctx.params[:2]
    pad = _fw.records(c, a, b, tc, ta, tb)

    def scaled(x, factor):
        return x if factor == 1 else factor * x

    terms = [beta * tc.expand(ctx.output.shape) if tc is not None and beta != 0
             else _fw.absent(ctx) if pad else None,
             scaled(mm(ta, b), alpha) if ta is not None
             else _fw.zero_term(scaled(mm(_fw.zeros_for(a), b), alpha)) if pad else None,
             scaled(mm(a, tb), alpha) if tb is not None
             else _fw.zero_term(scaled(mm(a, _fw.zeros_for(b)), alpha)) if pad else None]
    return _fw.tangent_sum(*terms)


@public()
def addmm(input: Tensor, mat1: Tensor, mat2: Tensor, *, beta: Number = 1,
          alpha: Number = 1) -> Tensor:
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
    shape = input._data.shape
    if shape != (m,) and shape != (n, m):  # (nn.Linear's bias: one row of the product)
        from .shape import expanded_shape  # input must expand to the product's shape

        expanded_shape(shape, (n, m), input.type())
    if input._data.dtype.kind != "f":
        beta, alpha = integer_scalars(input, beta, alpha, empty=k == 0 and n * m > 0,
                                      kernel="addmm_impl_cpu_")
    return apply(OPS["addmm"], (input, mat1, mat2),
                 (beta, alpha, _layout(mat1._data, mat2._data)))


def integer_scalars(input: Tensor, beta, alpha, empty: bool, kernel: str) -> tuple:
    """beta and alpha of the fused products (addmm, addmv, baddbmm, addbmm) as torch takes
    them for an integer input: truncated to integers. Over an empty inner dim torch
    (addmv aside) scales input by beta itself: a float beta gives a float result, which it
    refuses to write into the integer result (when that result has elements: `empty`).
    Bools have no kernel (`kernel`, torch's name in its NotImplementedError)."""
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
    return _batched_products(a, b)


@_bmm.backward
def _(ctx, g):
    a, b = _conj(*ctx.saved)
    grad_a = xp.op("bmm", (g, _mT(b))) if _needs(ctx, 0) else None
    grad_b = xp.op("bmm", (_mT(a), g)) if _needs(ctx, 1) else None
    return grad_a, grad_b


_bmm.tangent(_fw.multilinear)


@public()
def bmm(input: Tensor, mat2: Tensor) -> Tensor:
    """Batched matrix product of two 3-D tensors with the same batch size."""
    history_first(input, mat2)
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
            if mat2._data.dtype.kind not in "fc" and input._requires_grad and \
                    is_grad_enabled():
                # recorded on input's history all the same: integers torch refuses
                raise RuntimeError(f"Autograd not support dtype: {_type_name(mat2._data.dtype)}")
            input = input.to(mat2.dtype)
        return apply(OPS["bmm"], (input, mat2))
    _check_dtypes("bmm", input, mat2)
    return apply(OPS["bmm"], (input, mat2))


# ---------------------------------------------------------------------- matmul
# One op for every case with a batch dim (either side >= 3-D). torch computes these with a
# bmm (or an mm over the folded batch) followed by a view, hence the grad_fn name. Which
# of the two torch takes (params: "fold" or "batched", and whether the folded right operand
# is a transposed matrix) decides how a gradient with a graph is composed: as torch's
# chain of reshapes, products and expands would give it (ViewBackward0, MvBackward0, ...).
# Each operand is kept only for the other's gradient, as torch's mm/bmm keep theirs: writing
# `a` in place after `a @ w` (w not requiring grad) leaves a's own gradient computable.
@declare("matmul", grad_fn="UnsafeViewBackward0", saves=(0, 1), save_if={0: (1,), 1: (0,)},
         dtype=SAME, broadcasts=True,
         formula="d(AB)/dA = g B^T, d(AB)/dB = A^T g (broadcast batch dims summed)")
def _batched_matmul(a, b, path="batched", layout=0):
    if path == "fold" and b.ndim == 2:  # (torch's mm of a's rows: its single terms too)
        return _mm_products(a, b)
    if path == "batched" and a.ndim >= 3 and b.ndim >= 3:  # torch's bmm of the flattened batch
        return _batched_products(a, b)
    return _products(np.matmul, a, b)


_ZERO_BYTES = bytes(16)  # (read-only memory for stand-ins of any dtype, all strides 0)


def kept_operands(ctx, out_shape: tuple) -> tuple:
    """matmul's saved operands, an operand it did not keep replaced by a stand-in of its
    shape and dtype (zero strides, no memory): the formulas read the shapes of both, the
    values only of the one the wanted gradient uses. Without input metadata every input
    has the output's shape and dtype (`out_shape`: the gradient's, without a batch dim)."""
    a, b = ctx.saved
    if a is not None and b is not None:
        return a, b
    meta = ctx.input_meta
    tensors = xp.is_tensor(a if a is not None else b)
    kept = []
    for i, x in enumerate((a, b)):
        if x is None:
            like = a if b is None else b
            shape, dtype = (out_shape, like.dtype if not tensors else like._data.dtype) \
                if meta is None or meta[i] is None else meta[i]
            x = np.ndarray(shape, dtype, _ZERO_BYTES, 0, (0,) * len(shape))
            x = Tensor(x) if tensors else x
        kept.append(x)
    return tuple(kept)


@_batched_matmul.backward
def _(ctx, g):
    a, b = _conj(*kept_operands(ctx, tuple(g.shape)))
    if xp.is_tensor(g):
        path, layout = ctx.params if ctx.params else ("batched", 0)
        grads = _folded_grads if path == "fold" else _batched_grads
        return grads(g, a, b, layout, _needs(ctx, 0), _needs(ctx, 1))
    grad_a = _matmul_grad_input(g, a, b) if _needs(ctx, 0) else None
    # (b's layout as the forward saw it: b itself may be a stand-in, not kept)
    layout = ctx.params[1] if ctx.params else 2 * _is_transposed(b)
    grad_b = _matmul_grad_other(g, a, b, layout) if _needs(ctx, 1) else None
    return grad_a, grad_b


@_batched_matmul.tangent
def _(ctx, ta, tb):
    # torch's JVP is its product's (mm's or bmm's) viewed back by _unsafe_view: a tangent
    # with a graph ends in UnsafeViewBackward0, as the primal does
    total = _fw.multilinear(ctx, ta, tb)
    if total is None or not total.requires_grad:
        return total
    shape = total._data.shape
    return apply(OPS["unsafe_view"], (total,), (shape, shape))


def _folded_grads(g: Tensor, a: Tensor, b: Tensor, layout: int, need_a: bool, need_b: bool):
    """The gradients of torch's folded product, a.reshape(rows, k).mm(b) (or .mv(b)) viewed
    back: a's ends in the reshape's ViewBackward0, b's in mm's or mv's own."""
    rows, k = math.prod(a.shape[:-1]), a.shape[-1]
    folded = a.reshape(rows, k) if need_b else None
    if b.dim() == 2:
        g2 = g.reshape(rows, b.shape[1])
        return (_mat1_grad_graph(g2, b, 0).reshape(a.shape) if need_a else None,
                _mat2_grad_graph(g2, folded, layout) if need_b else None)
    g1 = g.reshape(rows)
    return (g1.outer(b).reshape(a.shape) if need_a else None,  # mv: d/dA = outer(g, v)
            folded.t().mv(g1) if need_b else None)


def _batched_grads(g: Tensor, a: Tensor, b: Tensor, layout: int, need_a: bool, need_b: bool):
    """The gradients of torch's batched product: both operands expanded to the broadcast
    batch, reshaped to one batch dim, multiplied by bmm and viewed back (a vector b as a
    column, squeezed again); each gradient is summed back as expand's backward does."""
    n, m1 = (a.shape[-2] if a.dim() > 1 else 1), a.shape[-1]
    m2, p = (b.shape[-2], b.shape[-1]) if b.dim() > 1 else (b.shape[0], 1)
    batch = broadcast_batch(tuple(a.shape[:-2]), tuple(b.shape[:-2]))
    count = math.prod(batch)
    # (an operand is used only for the other's gradient: one not kept is a stand-in)
    a3 = a.expand(batch + (n, m1)).reshape(count, n, m1) if need_b else None
    if b.dim() == 1:
        b3 = b.expand(batch + (m2,)).reshape(count, m2).unsqueeze(2) if need_a else None
        g3 = g.reshape(count, n).unsqueeze(-1)
    else:
        b3 = b.expand(batch + (m2, p)).reshape(count, m2, p) if need_a else None
        g3 = g.reshape(count, n, p)
    grad_a = grad_b = None
    if need_a:
        grad_a = _sum_to_graph(g3.bmm(b3.transpose(1, 2)).reshape(batch + (n, m1)), a.shape)
    if need_b:
        column = a3.transpose(1, 2).bmm(g3)
        if b.dim() == 1:
            column = column.squeeze(2).reshape(batch + (m2,))
        else:
            column = column.reshape(batch + (m2, p))
        grad_b = _sum_to_graph(column, b.shape)
    return grad_a, grad_b


def _sum_to_graph(x: Tensor, shape: tuple) -> Tensor:
    """x summed back to the shape it was expanded from, composed as torch's sum_to: one sum
    (keepdim) over the leading and the broadcast dims, then a view without the leading."""
    shape = tuple(shape)
    lead = x.dim() - len(shape)
    dims = list(range(lead)) + [lead + i for i, size in enumerate(shape)
                                if size == 1 and x.shape[lead + i] != 1]
    if dims:
        x = x.sum(dims, keepdim=True)
    return x.view(shape) if lead > 0 else x


def _should_fold(a: Tensor, b: Tensor) -> bool:
    """torch's choice between folding the larger operand's batch into the rows of one mm
    (or mv) and a batched product: fold when the smaller operand requires grad, or when
    the batch folds without a copy (the smaller operand not a matrix on the left)."""
    a_larger = a._data.ndim >= b._data.ndim
    big = a._data if a_larger else np.swapaxes(b._data, -1, -2)
    small = b if a_larger else a
    if not (big.ndim >= 3 and small._data.ndim <= 2):
        return False
    if small._requires_grad:
        return True
    if a._data.ndim == 2:
        return False
    if big.size == 0:
        return True
    sizes, strides = big.shape, big.strides
    return all(strides[i] == strides[i + 1] * sizes[i + 1] for i in range(big.ndim - 2))


def _matmul_grad_input(g, a, b):
    """d(a @ b)/da, in the broadcast batch shape (the engine sums it down to a's shape)."""
    if a.ndim == 1:  # a: (k), b: (..., k, n), g: (..., n)
        column = _matmul(b, xp.unsqueeze(g, -1))  # (..., k, 1)
        return xp.reshape(column, column.shape[:-1])
    if b.ndim == 1:  # a: (..., m, k), b: (k), g: (..., m)
        return xp.unsqueeze(g, -1) * b
    return _matmul(g, _mT(b))


def _matmul_grad_other(g, a, b, layout: int):
    """d(a @ b)/db; when b has no batch dims, a's batch is folded into rows (one mm or mv)
    so that no batch of per-sample gradients is ever built (`layout` & 2: b is a
    transposed matrix, whose gradient torch computes as (g^T a)^T)."""
    k = a.shape[-1]
    rows = math.prod(a.shape[:-1])  # (not -1, which is ambiguous for an empty k)
    if b.ndim == 1:  # a: (..., m, k), g: (..., m)
        return xp.op("mv", (_mT(xp.reshape(a, (rows, k))), xp.reshape(g, (-1,))))
    if a.ndim == 1:  # a: (k), b: (..., k, n), g: (..., n)
        return xp.unsqueeze(a, -1) * xp.unsqueeze(g, -2)
    if b.ndim == 2:
        if not xp.is_tensor(g):  # (a's batch folded into rows: torch's mm on the reshape)
            return _grad_mat2(g.reshape(rows, g.shape[-1]), a.reshape(rows, k), b, layout)
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


@public()
def matmul(input: Tensor, other: Tensor) -> Tensor:
    """Matrix product with torch's rules: 1-D operands are vectors (a dim is prepended or
    appended and removed again), and the batch dims (all but the last two) broadcast."""
    history_first(input, other)
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
    if da == 3 == db and input._data.shape[0] != other._data.shape[0]:
        # torch drops a batch of one that requires grad (so its gradient is not summed)
        if input._data.shape[0] == 1 and input._requires_grad:
            return matmul(input.squeeze(0), other)
        if other._data.shape[0] == 1 and other._requires_grad:
            return matmul(input, other.squeeze(0))
    if not _should_fold(input, other):
        out = apply(OPS["matmul"], (input, other), ("batched", 0))
        if out._grad_fn is not None:
            _keep_torch_copies(out._grad_fn, (input._data.shape, other._data.shape))
        return out
    if db > da:  # the batch on the right: torch folds b^T and multiplies by a^T (or a)
        left, right = other.mT, (input.t() if da == 2 else input)
        out = apply(OPS["matmul"], (left, right), ("fold", 2 * _is_transposed(right._data)))
        if out._grad_fn is not None:
            _keep_torch_copies(out._grad_fn, None)
        return out.mT.contiguous() if da == 2 else out
    out = apply(OPS["matmul"], (input, other), ("fold", 2 * _is_transposed(other._data)))
    if out._grad_fn is not None:
        _keep_torch_copies(out._grad_fn, None)
    return out


def _keep_torch_copies(node, shapes: tuple | None) -> None:
    """torch reshapes matmul's operands before its mm or bmm: the first one folded into
    rows (`shapes` None), or both (of these `shapes`) expanded to their broadcast batch and
    flattened to one batch dim. Where the strides allow no view, the reshape copies and the
    product's node keeps the copy, so a later write into the operand leaves the backward
    alone (keeping the operand would be a version error). Such an operand is replaced in
    `node`'s saved values by a copy, which leads where the operand led for a graph of the
    gradient (torch's copy has a grad_fn of its own in between: only the names in a
    gradient's graph differ)."""
    saved = node._saved
    if type(saved) is not tuple:
        return
    for i, x in enumerate(saved):
        if type(x) is not Tensor:
            continue
        data = x._data
        if shapes is None:
            if i or data.flags.c_contiguous or _rows_merge(data):
                continue
        else:
            batch = broadcast_batch(shapes[0][:-2], shapes[1][:-2])
            if (data.flags.c_contiguous and data.shape[:-2] == batch) or \
                    _batch_merges(data, batch):
                continue
        copy = Tensor(data.copy())
        if _fw.state.active:  # (a gradient's tangent, forward over reverse, reads it; laid
            # out as the copy, whose views the formulas take)
            tangent = _fw.tangent_of(x)
            if tangent is not None:
                _fw.set_tangent(copy, tangent.contiguous())
        if x._requires_grad:
            edge = node._next_nodes[i]
            if edge is None:  # (a view made under no_grad: left as it is)
                continue
            copy._requires_grad, copy._output_nr = True, node._next_nrs[i]
            if type(edge) is AccumulateGrad:
                copy._accumulator = weakref.ref(edge)
            else:
                copy._grad_fn = edge
        node._saved = saved = saved[:i] + (copy,) + saved[i + 1:]
        if node._versions is not None:  # (the copy is at version 0)
            node._versions = node._versions[:i] + (0,) + node._versions[i + 1:]


def _rows_merge(data: np.ndarray) -> bool:
    """Whether all but the last dim of `data` merge into one without a copy (torch's rule
    for a view: dims of size 1 aside, each stride is the next one's times its size)."""
    if data.size == 0:
        return True
    inner = None
    for d in range(data.ndim - 2, -1, -1):
        size = data.shape[d]
        if size != 1:
            if inner is not None and data.strides[d] != inner:
                return False
            inner = data.strides[d] * size
    return True


def _batch_merges(data: np.ndarray, batch: tuple) -> bool:
    """Whether `data` expanded to `batch` (its matrix dims, or a vector's, kept) merges its
    batch dims into one without a copy. Expanded dims have stride 0."""
    if data.size == 0 or 0 in batch:
        return True
    own = data.ndim - 2 if data.ndim > 2 else 0
    offset = len(batch) - own
    inner = None
    for d in range(len(batch) - 1, -1, -1):
        size = batch[d]
        if size != 1:
            j = d - offset
            stride = data.strides[j] if j >= 0 and data.shape[j] != 1 else 0
            if inner is not None and stride != inner:
                return False
            inner = stride * size
    return True


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


# ---------------------------------------------------------------------- trace
@declare("trace", grad_fn="TraceBackward0", dtype=SAME, formula="d trace(A)/dA = I")
def _trace(x, shape):
    # integers sum in int64, as torch's (NumPy's trace of unsigned integers is uint64)
    return np.trace(x, dtype=np.int64 if x.dtype.kind in "iu" else None)


@_trace.backward
def _(ctx, g):
    (shape,) = ctx.params
    if xp.is_tensor(g):  # composed as torch's trace_backward: g filled into flat zeros
        size = shape[0] * shape[1]
        # the min(rows, cols) diagonal positions (a step of cols + 1 through all of a tall
        # matrix's elements would pass the diagonal's end: (3, 1) has one, not two)
        positions = Tensor(np.arange(min(shape), dtype=np.int64) * (shape[1] + 1))
        return (xp.zeros((size,), like=g).index_fill(0, positions, g).view(shape),)
    # the diagonal selects g (torch's scatter): an inf or nan g leaves 0 off the diagonal
    off_diagonal = xp.constant(~np.eye(*shape, dtype=bool), like=g)
    return (xp.masked_fill(xp.expand(g, shape), off_diagonal, 0),)


_trace.tangent(_fw.linear)


@public()
def trace(input: Tensor) -> Tensor:
    """Sum of the main diagonal of a 2-D tensor (integers sum in int64)."""
    history_first(input)
    if input._data.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {input._data.ndim}")
    if input._data.dtype == np.bool_:
        raise NotImplementedError("\"trace\" not implemented for 'Bool'")
    return apply(OPS["trace"], (input,), (input._data.shape,))


# ---------------------------------------------------------------------- det / inverse / solve
class _LinAlgError(RuntimeError):
    """A linear-algebra failure such as a singular matrix (torch.linalg.LinAlgError)."""

    __module__ = "ember._C"  # shown as torch's: torch._C._LinAlgError


LinAlgError = _LinAlgError


def _check_square(name: str, a: Tensor, half: str | None = None,
                  prefix: str = "linalg.", complex_ok: bool = False) -> None:
    """torch's checks of a (batch of) square float matrices, in its order. `half`: how
    torch refuses float16 (which its LAPACK lacks): "low" for its "Low precision" error,
    else the name of the kernel that is not implemented for it (None: float16 is computed).
    complex_ok: the op computes complex matrices (else ember's refusal)."""
    if a._data.ndim < 2:
        raise RuntimeError(f"{prefix}{name}: The input tensor A must have at least 2 dimensions.")
    rows, cols = a._data.shape[-2:]
    if rows != cols:
        raise RuntimeError(f"{prefix}{name}: A must be batches of square matrices, but they are "
                           f"{rows} by {cols} matrices")
    if a._data.dtype.kind == "c" and not complex_ok:  # (torch computes it: ember not yet)
        raise complex_unsupported(f"{prefix}{name}")
    if a._data.dtype.kind not in "fc":
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
    d = np.asarray(_lapack(np.linalg.det, a), dtype=a.dtype)
    if a.size and (not d.all() or not np.isfinite(a).all()):
        d = _det_as_lu_product(a, d)
    return d


def _det_as_lu_product(a: np.ndarray, d: np.ndarray) -> np.ndarray:
    """det of the singular matrices and of those holding inf or nan as torch computes every
    det: the product of LU's diagonal. NumPy's stops at an exactly zero pivot and returns
    +0, and its BLAS skips zero multipliers: both hide the nan (0 * inf, inf - inf) that
    torch's product keeps, and the sign of its zero."""
    d = np.array(d, copy=True)
    flat_a = a.reshape(-1, *a.shape[-2:])
    flat_d = d.reshape(-1)
    for i, matrix in enumerate(flat_a):
        if flat_d[i] == 0 or not np.isfinite(matrix).all():
            flat_d[i] = _lu_diagonal_product(matrix)
    return flat_d.reshape(d.shape)


def _pivot_offset(column: np.ndarray) -> int:
    """LAPACK's pivot in a column (i?amax): the first largest |value| (|re| + |im| for
    complex values), never a nan past the first element."""
    sizes = np.abs(column.real) + np.abs(column.imag) if column.dtype.kind == "c" else (
        np.abs(column))
    p = 0
    for i in range(1, sizes.size):
        if sizes[i] > sizes[p]:
            p = i
    return p


def _lu_diagonal_product(matrix: np.ndarray):
    """LU with partial pivoting (LAPACK's choice: the first largest |pivot|, never a nan),
    every multiplier applied, then the sign of the row swaps times the diagonal's product."""
    u = np.array(matrix, dtype=matrix.dtype if matrix.dtype != np.float16 else np.float32)
    n, sign = u.shape[0], 1.0
    with np.errstate(all="ignore"):
        for k in range(n):
            p = _pivot_offset(u[k:, k])
            if p:
                u[[k, k + p]] = u[[k + p, k]]
                sign = -sign
            if u[k, k] != 0:
                u[k + 1:, k] /= u[k, k]
            u[k + 1:, k + 1:] -= np.outer(u[k + 1:, k], u[k, k + 1:])
        return sign * np.prod(np.diagonal(u))


@_det.backward
def _(ctx, g):
    a, d = ctx.saved
    if tuple(a.shape)[-1] == 1:  # the cofactor of a 1 x 1 matrix is 1, singular or not
        grad = xp.unsqueeze(xp.unsqueeze(g, -1), -1)
        # (torch expands it to A's shape, its own: ExpandBackward0 under create_graph)
        return (grad.expand(tuple(a.shape)) if xp.is_tensor(grad) else grad,)
    if xp.is_tensor(a):
        return (_det_grad_recorded(a, d, g),)
    # As torch without create_graph: det(A) A^-T by an LU solve of (g det(A)) I, which gives
    # zeros where the determinant is exactly 0 (LAPACK skips zero right-hand sides) unless
    # g det(A) is nan (an infinite or nan g): then nan everywhere.
    singular = np.asarray(d) == 0
    if singular.any():
        a = np.where(singular[..., None, None], np.eye(a.shape[-1], dtype=a.dtype), a)
    scale = g * xp.conj(d)  # (complex: g conj(det) A^-H)
    try:
        grad = scale[..., None, None] * _mH(xp.op("inverse", (a,)))
    except _LinAlgError:
        if not np.isfinite(a).all():  # (inf or nan: no SVD; torch's LU solve, replayed)
            grad = _lapack_solve_scaled_identity(_mH(a), scale)
        else:
            # LU found a tiny det but the inverse's own LU an exactly zero pivot (a matrix
            # singular in exact arithmetic): torch's solve_ex raises nothing; the cofactors
            # from an SVD are what the gradient is there
            from .._grad_mode import no_grad

            with no_grad():
                grad = _det_grad_svd(Tensor(a), Tensor(np.asarray(g)))._data
    if singular.any():
        at_singular = np.where(np.isnan(scale), np.nan, 0)[..., None, None]
        grad = np.where(singular[..., None, None], at_singular, grad).astype(a.dtype, copy=False)
    return (column_major(grad),)  # torch's comes from an LU solve: LAPACK's layout


def _lapack_solve_scaled_identity(a: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """solve(A, scale I) for each matrix as LAPACK's getrf/getrs compute it, for matrices
    holding inf or nan (NumPy's solve refuses them): partial pivoting on the first largest
    |pivot|, multipliers by the pivot's reciprocal, and the rank-1 updates and triangular
    solves skipping zero entries as the reference BLAS does, so inf and nan spread as in
    torch's."""
    flat_a = a.reshape(-1, *a.shape[-2:])
    flat_scale = np.broadcast_to(scale, a.shape[:-2]).reshape(-1)
    n = a.shape[-1]
    out = np.empty(flat_a.shape, a.dtype)
    with np.errstate(all="ignore"):
        for index, matrix in enumerate(flat_a):
            lu = np.array(matrix, dtype=np.complex128 if matrix.dtype.kind == "c"
                          else np.float64)
            b = np.eye(n, dtype=lu.dtype) * flat_scale[index]
            for k in range(n):
                p = _pivot_offset(lu[k:, k])
                if p:
                    lu[[k, k + p]] = lu[[k + p, k]]
                    b[[k, k + p]] = b[[k + p, k]]
                if lu[k, k] != 0:
                    lu[k + 1:, k] *= 1 / lu[k, k]
                for j in range(k + 1, n):  # (dger: a zero entry of the pivot row skipped)
                    if lu[k, j] != 0:
                        lu[k + 1:, j] -= lu[k + 1:, k] * lu[k, j]
            for column in range(n):  # (dtrsm: zero right-hand entries skipped)
                x = b[:, column]
                for k in range(n):
                    if x[k] != 0:
                        x[k + 1:] -= x[k] * lu[k + 1:, k]
                for k in range(n - 1, -1, -1):
                    if x[k] != 0:
                        x[k] /= lu[k, k]
                        x[:k] -= x[k] * lu[:k, k]
            out[index] = b
    return out.reshape(a.shape)


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
    # (g det) on the diagonal, exact zeros off it (an infinite g must not make nan there),
    # transposed as torch's (the F-order its LU solve takes: TransposeBackward0)
    # (complex: A^-H (g conj(det)))
    scale = _mT(diag_embed((g * xp.conj(d)).unsqueeze(-1).expand(*d.shape, n)))
    return apply(OPS["solve"], (_mH(a), scale), (False,))


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
    # (complex: g times the conjugate cofactors, conj(det U det Vh) U diag(...) Vh)
    phase = det(u) * det(vh)
    scale = (g * (phase.conj() if phase.is_complex() else phase)).unsqueeze(-1)
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
    _check_square("det", input, half="lu_cpu", complex_ok=True)
    return apply(OPS["det"], (input,))


@declare("inverse", grad_fn="LinalgInvExBackward0", saves=(OUT,), dtype=SAME,
         formula="d inv(A) = -inv(A) dA inv(A), so grad_A = -inv(A)^T g inv(A)^T")
def _inverse(a, name="linalg.inv"):
    # name: the function torch's error for a singular matrix names, or None for inv_ex
    # without check_errors: then LAPACK's LU solve of the identity runs anyway (its zero
    # pivot gives inf and nan, as torch's)
    try:
        return column_major(_lapack(np.linalg.inv, a))  # (torch's LAPACK layout)
    except np.linalg.LinAlgError:
        if name is None:
            eye = np.broadcast_to(np.eye(a.shape[-1], dtype=a.dtype), a.shape)
            return _singular_solve(a, eye)
        prefix, matrix = _singular_batch_element(a, np.linalg.inv)
        raise _LinAlgError(
            f"{name}: {prefix}The diagonal element {_first_zero_pivot(matrix)} is zero, the "
            "inversion could not be completed because the input matrix is singular.") from None


def _singular_solve(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """A^-1 B through A's LU as LAPACK's getrs runs it, for a singular A: its zero pivots
    give inf and nan where torch's do (the values of a solve that torch does not check)."""
    from .linalg_lu import _lu_solve_np, lu_factor_np

    work = a.astype(np.float32) if a.dtype == np.float16 else a
    lu, pivots, _ = lu_factor_np(work)
    with np.errstate(all="ignore"):
        x = _lu_solve_np(lu, pivots, b.astype(work.dtype, copy=False), True, False)
    return column_major(x.astype(a.dtype, copy=False))


def lapack_info(a: np.ndarray) -> np.ndarray:
    """LAPACK's getrf info per matrix (int32): 0, or the first zero pivot's column."""
    try:
        np.linalg.inv(a.astype(np.float32) if a.dtype == np.float16 else a)
        return np.zeros(a.shape[:-2], np.int32)
    except np.linalg.LinAlgError:
        from .linalg_lu import lu_factor_np

        return lu_factor_np(a.astype(np.float32) if a.dtype == np.float16 else a)[2]


@_inverse.backward
def _(ctx, g):
    (inv,) = ctx.saved
    inv_t = _mH(inv)  # (complex: -A^-H g A^-H)
    return (-_matmul(_matmul(inv_t, g), inv_t),)


@_inverse.tangent
def _(ctx, t):
    inv = ctx.output
    return -matmul(matmul(inv, t), inv)  # d inv(A) = -inv(A) dA inv(A)


@public()
def inverse(input: Tensor) -> Tensor:
    """The inverse of a square matrix (or of each matrix in a batch)."""
    _check_square("inv", input, half="low", complex_ok=True)
    return apply(OPS["inverse"], (input,))


def _solve_matrices(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """np.linalg.solve with b always a (batch of) matrices: broadcasting the batch dims first
    keeps NumPy 1 from reading a 2-D `b` as a batch of vectors."""
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    return np.linalg.solve(np.broadcast_to(a, batch + a.shape[-2:]),
                           np.broadcast_to(b, batch + b.shape[-2:]))


@declare("solve", grad_fn="LinalgSolveExBackward0", saves=(0, OUT), dtype=SAME, broadcasts=True,
         formula="X = A^-1 B: grad_B = A^-T g, grad_A = -grad_B X^T "
                 "(X = B A^-1: grad_B = g A^-T, grad_A = -X^T grad_B)")
def _solve(a, b, vector, left=True, name="torch.linalg.solve"):
    # left=False: X A = B, solved as A^T X^T = B^T (torch's result is then C-ordered);
    # name: the function torch's error for a singular A names, or None for solve_ex
    # without check_errors (LAPACK's LU solve runs anyway: inf and nan, as torch's)
    return _solve_np(a, b, vector, left, name)


def _solve_np(a, b, vector, left, name):
    if not left:
        if vector:
            b = b[..., None, :]
        x = np.swapaxes(_solve_np(_mT(a), _mT(b), False, True, name), -1, -2)
        return x[..., 0, :] if vector else x
    try:
        if vector:
            # torch's batched vector solution is column-major over its last two dims too
            return column_major(_lapack(lambda m, v: _solve_matrices(m, v[..., None])[..., 0],
                                        a, b))
        return column_major(_lapack(_solve_matrices, a, b))
    except np.linalg.LinAlgError:
        if name is None:
            batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-1] if vector else b.shape[:-2])
            a = np.broadcast_to(a, batch + a.shape[-2:])
            if vector:
                return column_major(_singular_solve(a, b[..., None])[..., 0])
            return _singular_solve(a, b)
        prefix, _ = _singular_batch_element(a, np.linalg.inv)
        raise _LinAlgError(f"{name}: {prefix}The solver failed because the input "
                           "matrix is singular.") from None


def _solve_adjoint(a, g, left=True, name="torch.linalg.solve"):
    """A^-T g (g A^-T when not left) for the gradient of solve. torch solves with the LU of
    A its forward made; NumPy has no LU solve, so ember factors A^T anew, whose pivoting can
    meet an exact zero that A's did not (an inf among the entries: inf / inf): then it goes
    through A's own factorization, as inv(A)^T g (nan and inf where torch's are)."""
    params = (False,) if left and name == "torch.linalg.solve" else (False, left, name)
    try:
        return xp.op("solve", (_mH(a), g), *params)  # (complex: A^-H g)
    except _LinAlgError:
        inverse_t = _mH(xp.op("inverse", (a,)))
        return _matmul(inverse_t, g) if left else _matmul(g, inverse_t)


@_solve.backward
def _(ctx, g):
    a, x = ctx.saved
    vector = ctx.params[0]
    left = ctx.params[1] if len(ctx.params) > 1 else True
    name = ctx.params[2] if len(ctx.params) > 2 else "torch.linalg.solve"
    if vector:  # torch solves for a column and squeezes it (SqueezeBackward1; a C-ordered batch)
        if left:
            grad_b = xp.squeeze(_solve_adjoint(a, xp.unsqueeze(g, -1), True, name), -1)
        else:
            grad_b = xp.squeeze(_solve_adjoint(a, xp.unsqueeze(g, -2), False, name), -2)
    else:
        grad_b = _solve_adjoint(a, g, left, name)
    if not _needs(ctx, 0):
        return None, grad_b
    if vector and left:  # (complex: X's conjugate, as torch's X^H)
        grad_a = -(xp.unsqueeze(grad_b, -1) * xp.unsqueeze(xp.conj(x), -2))
    elif vector:
        grad_a = -(xp.unsqueeze(xp.conj(x), -1) * xp.unsqueeze(grad_b, -2))
    elif left:
        grad_a = -_matmul(grad_b, _mH(x))
    else:
        grad_a = -_matmul(_mH(x), grad_b)

    return grad_a, (grad_b if _needs(ctx, 1) else None)


@_solve.tangent
def _(ctx, ta, tb):
    # A X = B, so A dX = dB - dA X (X A = B: dX A = dB - X dA)
    a, x = ctx.inputs[0], ctx.output
    vector = ctx.params[0]
    left = ctx.params[1] if len(ctx.params) > 1 else True
    rhs = tb
    if ta is not None:
        if left:
            da_x = matmul(ta, x.unsqueeze(-1)).squeeze(-1) if vector else matmul(ta, x)
        else:
            da_x = matmul(x.unsqueeze(-2), ta).squeeze(-2) if vector else matmul(x, ta)
        rhs = -da_x if rhs is None else rhs - da_x
    return apply(OPS["solve"], (a, rhs), ctx.params)


def solve(A: Tensor, B: Tensor, *, left: bool = True) -> Tensor:
    """The X with A @ X = B (X @ A = B with left=False). B is a (batch of) vector(s) when it
    is 1-D or has A's shape without the last dim; otherwise a (batch of) matrices. Batch
    dims broadcast."""
    return _solve_checked(A, B, left, "torch.linalg.solve")


def _solve_checked(A: Tensor, B: Tensor, left: bool, name) -> Tensor:
    """linalg.solve's checks (solve_ex's too), then the op; `name`: see the op."""
    _check_square("solve", A, half="lu_cpu", complex_ok=True)
    if A._data.dtype != B._data.dtype:
        raise RuntimeError(f"linalg.solve: Expected A and B to have the same dtype, but found A "
                           f"of type {_scalar_name(A)} and B of type {_scalar_name(B)} instead")
    sa, sb = A._data.shape, B._data.shape
    if not sb:
        raise RuntimeError("linalg.solve: The input tensor B must have at least 2 dimensions.")
    vector = len(sb) == 1 or (len(sb) == len(sa) - 1 and sb == sa[:-1])
    rows, cols = (sb[-1], 1) if vector else sb[-2:]
    if (rows if left else cols) != sa[-1]:
        equation = "AX = B" if left else "XA = B"
        raise RuntimeError(f"linalg.solve: Incompatible shapes of A and B for the equation "
                           f"{equation} ({sa[-2]}x{sa[-1]} and {rows}x{cols})")
    broadcast_batch(sb[:-1] if vector else sb[:-2], sa[:-2])
    if left and name == "torch.linalg.solve":
        return apply(OPS["solve"], (A, B), (vector,))
    result = apply(OPS["solve"], (A, B), (vector, bool(left), name))
    if not left and result._data.dtype.kind == "c":
        # torch solves X A = B as (A^H X^H = B^H)^H: its result is a conjugate view
        if result._extra is None:
            result._extra = {"conj": True}
        else:
            result._extra["conj"] = True
    return result

# The products' backward formulas conjugate the other factor (_conj): they hold for complex
# values (checked against torch: tests/samples/complex_shape.py).
allow_complex("dot", "vdot", "mv", "mm", "addmm", "bmm", "matmul")
# Their backward formulas take conjugate transposes (_mH) and conj(det): torch's convention
# (checked against torch: tests/samples/complex_leftovers.py)
allow_complex("det", "inverse", "solve")
