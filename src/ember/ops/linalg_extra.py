"""More linear algebra: the fused products addmv, addr, baddbmm, addbmm (and addmm_),
cross, slogdet/logdet, matrix_power, matrix_exp, the distances dist, cdist and pdist, and
renorm.

Products keep torch's rule of one dtype for all operands; each fused product is one op
with torch's grad_fn (AddmvBackward0...). logdet and matrix_power are compositions, as in
torch (WhereBackward0, MmBackward0).
"""

from __future__ import annotations

import math
from numbers import Number

import numpy as np

from .._dispatch import apply
from .._dtype import NUMPY_REAL_OF, bool_, result_type
from .._tensor import Tensor
from .._warnings import warn_once
from ..autograd import forward_ad as _fw
from . import _xp as xp
from ._batched import rule as _batched_rule
from ._dims import wrap_dim
from ._lapack_layout import column_major
from ._reduction_common import refuse_complex_grad_of_real
from ._registry import OPS, OUT, PROMOTE, SAME, allow_complex, declare, public
from ._registry import needs_grad as _needs
from .linalg import (
    _check_square,
    _lapack,
    _mH,
    _mT,
    _products,
    _scalar_name,
    addmm,
    integer_scalars,
    matmul,
)
from .reduction import norm_grad
from .return_types import _return_type, return_types

_SLOGDET = return_types.slogdet = _return_type("slogdet", ("sign", "logabsdet"))
_LINALG_SLOGDET = return_types.linalg_slogdet = _return_type("linalg_slogdet",
                                                             ("sign", "logabsdet"))


def _same_dtype(*tensors) -> None:
    first = tensors[0]
    for t in tensors[1:]:
        if t._data.dtype != first._data.dtype:
            raise RuntimeError(f"expected scalar type {_scalar_name(first)} but found "
                               f"{_scalar_name(t)}")


def _scaled(x, factor):
    return x if factor == 1 else x * factor


def _fused(product, c, beta, alpha, dtype):
    """beta * c + alpha * product; c is ignored entirely when beta is 0 (nan included)."""
    product = _scaled(product, alpha)
    if beta == 0:
        return np.asarray(product).astype(dtype, copy=False)
    return np.asarray(product + _scaled(c, beta)).astype(dtype, copy=False)


def _fused_tangent(ctx, *tangents):
    """beta * c + alpha * product(x, y): the op itself gives each term, with c set to zeros
    for the product's terms and the factors set to zeros for c's."""
    c, *factors = ctx.inputs
    zeros = [Tensor(np.zeros_like(f._data)) for f in factors]
    terms = []
    if tangents[0] is not None:
        terms.append(ctx.run(tangents[0], *zeros))
    for k, t in enumerate(tangents[1:]):
        if t is not None:
            inputs = list(factors)
            inputs[k] = t
            terms.append(ctx.run(Tensor(np.zeros_like(c._data)), *inputs))
    return _fw.tangent_sum(*terms)


# ---------------------------------------------------------------------- addmv, addr
# Each factor of the product is kept only for the other's gradient (torch's AddmvBackward0,
# AddrBackward0, BaddbmmBackward0, AddbmmBackward0): the added input's gradient needs none,
# so writing a factor that only feeds a wanted gradient of its own is no error.
_EACH_FOR_THE_OTHER = {1: (2,), 2: (1,)}


@declare("addmv", grad_fn="AddmvBackward0", saves=(1, 2), dtype=SAME, broadcasts=True,
         save_if=_EACH_FOR_THE_OTHER,
         formula="d(b*c + a*Mv)/dc = b*g, /dM = a*g v^T, /dv = a*M^T g")
def _addmv(c, m, v, beta, alpha):
    return _fused(_products(np.matmul, m, v), c, beta, alpha, m.dtype)


@_addmv.backward
def _(ctx, g):
    m, v = ctx.saved
    beta, alpha = ctx.params
    grad_c = xp.times_number(g, beta) if _needs(ctx, 0) else None
    if xp.is_tensor(g):  # torch's order: the products, then alpha (MulBackward1)
        return (grad_c,
                xp.times_number(xp.unsqueeze(g, -1) * v, alpha) if _needs(ctx, 1) else None,
                xp.times_number(xp.op("mv", (_mT(m), g)), alpha) if _needs(ctx, 2) else None)
    scaled = _scaled(g, alpha)
    grad_m = xp.unsqueeze(scaled, -1) * v if _needs(ctx, 1) else None
    grad_v = xp.op("mv", (_mT(m), scaled)) if _needs(ctx, 2) else None
    return grad_c, grad_m, grad_v


_addmv.tangent(_fused_tangent)


@declare("addr", grad_fn="AddrBackward0", saves=(1, 2), dtype=SAME, broadcasts=True,
         save_if=_EACH_FOR_THE_OTHER,
         formula="d(b*C + a*u v^T)/dC = b*g, /du = a*g v, /dv = a*g^T u")
def _addr(c, u, v, beta, alpha):
    return _fused(np.multiply.outer(u, v), c, beta, alpha, u.dtype)


@_addr.backward
def _(ctx, g):
    u, v = ctx.saved
    beta, alpha = ctx.params
    grad_c = xp.times_number(g, beta) if _needs(ctx, 0) else None
    if xp.is_tensor(g):  # torch's order: the products, then alpha (MulBackward1)
        return (grad_c,
                xp.times_number(xp.op("mv", (g, v)), alpha) if _needs(ctx, 1) else None,
                xp.times_number(xp.op("mv", (_mT(g), u)), alpha) if _needs(ctx, 2) else None)
    scaled = _scaled(g, alpha)
    grad_u = xp.op("mv", (scaled, v)) if _needs(ctx, 1) else None
    grad_v = xp.op("mv", (_mT(scaled), u)) if _needs(ctx, 2) else None
    return grad_c, grad_u, grad_v


_addr.tangent(_fused_tangent)


# ---------------------------------------------------------------------- baddbmm, addbmm
@declare("baddbmm", grad_fn="BaddbmmBackward0", saves=(1, 2), dtype=SAME, broadcasts=True,
         save_if=_EACH_FOR_THE_OTHER,
         formula="d(b*C + a*AB)/dC = b*g, /dA = a*g B^T, /dB = a*A^T g (per batch)")
def _baddbmm(c, a, b, beta, alpha):
    return _fused(_products(np.matmul, a, b), c, beta, alpha, a.dtype)


@_baddbmm.backward
def _(ctx, g):
    a, b = ctx.saved
    beta, alpha = ctx.params
    grad_c = xp.times_number(g, beta) if _needs(ctx, 0) else None
    if xp.is_tensor(g):  # torch's order: the products, then alpha (MulBackward1)
        return (grad_c,
                xp.times_number(xp.op("bmm", (g, _mT(b))), alpha) if _needs(ctx, 1) else None,
                xp.times_number(xp.op("bmm", (_mT(a), g)), alpha) if _needs(ctx, 2) else None)
    scaled = _scaled(g, alpha)
    grad_a = xp.op("bmm", (scaled, _mT(b))) if _needs(ctx, 1) else None
    grad_b = xp.op("bmm", (_mT(a), scaled)) if _needs(ctx, 2) else None
    return grad_c, grad_a, grad_b


_baddbmm.tangent(_fused_tangent)


@declare("addbmm", grad_fn="AddbmmBackward0", saves=(1, 2), dtype=SAME, broadcasts=True,
         save_if=_EACH_FOR_THE_OTHER,
         formula="d(b*C + a*sum_i A_i B_i)/dC = b*g, /dA_i = a*g B_i^T, /dB_i = a*A_i^T g")
def _addbmm(c, a, b, beta, alpha):
    return _fused(_products(np.matmul, a, b).sum(0), c, beta, alpha, a.dtype)


@_addbmm.backward
def _(ctx, g):
    a, b = ctx.saved
    beta, alpha = ctx.params
    grad_c = xp.times_number(g, beta) if _needs(ctx, 0) else None
    if not (_needs(ctx, 1) or _needs(ctx, 2)):
        return grad_c, None, None
    batch = (a if a is not None else b).shape[0]  # (each factor is kept for the other)
    if xp.is_tensor(g):  # torch's order: the products, then alpha (MulBackward1)
        spread = xp.expand(xp.unsqueeze(g, 0), (batch,) + tuple(g.shape))
        return (grad_c,
                xp.times_number(xp.op("bmm", (spread, _mT(b))), alpha) if _needs(ctx, 1) else None,
                xp.times_number(xp.op("bmm", (_mT(a), spread)), alpha) if _needs(ctx, 2) else None)
    scaled = _scaled(g, alpha)
    spread = xp.expand(xp.unsqueeze(scaled, 0), (batch,) + tuple(scaled.shape))
    grad_a = xp.op("bmm", (spread, _mT(b))) if _needs(ctx, 1) else None
    grad_b = xp.op("bmm", (_mT(a), spread)) if _needs(ctx, 2) else None
    return grad_c, grad_a, grad_b


_addbmm.tangent(_fused_tangent)


def _expandable(input: Tensor, shape: tuple) -> None:
    if input._data.shape != shape:
        from .shape import expanded_shape

        expanded_shape(input._data.shape, shape, input.type())


@public(inplace=True)
def addmv(input: Tensor, mat: Tensor, vec: Tensor, *, beta: Number = 1,
          alpha: Number = 1) -> Tensor:
    """beta * input + alpha * (mat @ vec)."""
    if mat._data.ndim != 2 or vec._data.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got {input._data.ndim}, "
                           f"{mat._data.ndim}, {vec._data.ndim}")
    rows, cols = mat._data.shape
    if cols != vec._data.shape[0] or input._data.shape not in ((rows,), (1,), ()):
        raise RuntimeError(f"size mismatch, got input ({input._data.shape[0] if input.ndim else 1})"
                           f", mat ({rows}x{cols}), vec ({vec._data.shape[0]})")
    _same_dtype(mat, vec, input)
    beta, alpha = integer_scalars(input, beta, alpha, empty=False,  # (even when cols == 0)
                                  kernel="addmv_impl_cpu")
    return apply(OPS["addmv"], (input, mat, vec), (beta, alpha))


@public(inplace=True)
def addr(input: Tensor, vec1: Tensor, vec2: Tensor, *, beta: Number = 1,
         alpha: Number = 1) -> Tensor:
    """beta * input + alpha * outer(vec1, vec2)."""
    for name, v in (("vec1", vec1), ("vec2", vec2)):
        if v._data.ndim != 1:
            raise RuntimeError(f"addr: Expected 1-D argument {name}, but got {v._data.ndim}-D")
    _same_dtype(vec1, vec2, input)
    _expandable(input, (vec1._data.shape[0], vec2._data.shape[0]))
    kind = input._data.dtype.kind
    for name, value in (("beta", beta), ("alpha", alpha)):  # torch checks, not truncates
        if isinstance(value, bool) and kind != "b":
            raise RuntimeError(f"Boolean {name} only supported for Boolean results.")
        if isinstance(value, float) and kind in "iub":
            raise RuntimeError(f"For integral input tensors, argument {name} must not be a "
                               "floating point number.")
    return apply(OPS["addr"], (input, vec1, vec2), (beta, alpha))


def _check_batches(batch1: Tensor, batch2: Tensor) -> None:
    for name, b in (("batch1", batch1), ("batch2", batch2)):
        if b._data.ndim != 3:
            raise RuntimeError(f"{name} must be a 3D tensor")
    if batch1._data.shape[0] != batch2._data.shape[0]:
        raise RuntimeError(f"batch1 and batch2 must have same number of batches, got "
                           f"{batch1._data.shape[0]} and {batch2._data.shape[0]}")
    if batch1._data.shape[2] != batch2._data.shape[1]:
        raise RuntimeError(
            f"Incompatible matrix sizes for bmm ({batch1._data.shape[1]}x"
            f"{batch1._data.shape[2]} and {batch2._data.shape[1]}x{batch2._data.shape[2]})")


def _result_sizes_readable(batch1: Tensor, batch2: Tensor) -> None:
    """torch's (b)addbmm read batch1.size(1) and batch2.size(2) (the result's shape, to
    expand input to) before checking that they are 3-D: a tensor with fewer dims is that
    read's IndexError, not the 3-D RuntimeError."""
    for tensor, dim in ((batch1, 1), (batch2, 2)):
        if tensor._data.ndim == 0:
            raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
        wrap_dim(dim, tensor._data.ndim)


@public(inplace=True)
def baddbmm(input: Tensor, batch1: Tensor, batch2: Tensor, *, beta: Number = 1,
            alpha: Number = 1) -> Tensor:
    """beta * input + alpha * (batch1 @ batch2), batch by batch."""
    _result_sizes_readable(batch1, batch2)
    _check_batches(batch1, batch2)
    _same_dtype(batch1, batch2, input)
    shape = (batch1._data.shape[0], batch1._data.shape[1], batch2._data.shape[2])
    _expandable(input, shape)
    beta, alpha = integer_scalars(input, beta, alpha,
                                  empty=batch1._data.shape[2] == 0 and math.prod(shape) > 0,
                                  kernel="baddbmm")
    return apply(OPS["baddbmm"], (input, batch1, batch2), (beta, alpha))


@public(inplace=True)
def addbmm(input: Tensor, batch1: Tensor, batch2: Tensor, *, beta: Number = 1,
           alpha: Number = 1) -> Tensor:
    """beta * input + alpha * sum_i (batch1[i] @ batch2[i])."""
    _result_sizes_readable(batch1, batch2)
    _check_batches(batch1, batch2)
    _same_dtype(batch1, batch2, input)
    _expandable(input, (batch1._data.shape[1], batch2._data.shape[2]))
    rows, cols = batch1._data.shape[1], batch2._data.shape[2]
    beta, alpha = integer_scalars(input, beta, alpha,
                                  empty=batch1._data.shape[2] == 0 and rows * cols > 0,
                                  kernel="addmm_impl_cpu_")
    return apply(OPS["addbmm"], (input, batch1, batch2), (beta, alpha))


# addmm itself is in ops/linalg.py; torch also has its in-place method
public(name="addmm", method=False, function=False, inplace="addmm_")(addmm)


# ---------------------------------------------------------------------- cross
@declare("cross", grad_fn="LinalgCrossBackward0", saves=(0, 1), save_if={0: (1,), 1: (0,)},
         dtype=SAME, broadcasts=True, formula="d(a x b)/da = b x g, d(a x b)/db = g x a")
def _cross(a, b, dim):
    if a.dtype.kind != "c":
        return np.cross(a, b, axis=dim).astype(a.dtype, copy=False)
    # (complex: on contiguous components, as NumPy 1's complex product of strided operands
    # rounds otherwise than of contiguous ones, so a donated gradient changed the bits)
    a, b = np.broadcast_arrays(a, b)
    x = [np.ascontiguousarray(np.take(a, i, axis=dim)) for i in range(3)]
    y = [np.ascontiguousarray(np.take(b, i, axis=dim)) for i in range(3)]
    return np.stack([x[1] * y[2] - x[2] * y[1], x[2] * y[0] - x[0] * y[2],
                     x[0] * y[1] - x[1] * y[0]], axis=dim).astype(a.dtype, copy=False)


@_cross.backward
def _(ctx, g):
    a, b = ctx.saved
    (dim,) = ctx.params
    # (complex: the other operand conjugated, torch's convention)
    grad_a = xp.op("cross", (xp.conj(b), g), dim) if _needs(ctx, 0) else None
    grad_b = xp.op("cross", (g, xp.conj(a)), dim) if _needs(ctx, 1) else None
    return grad_a, grad_b


_cross.tangent(_fw.multilinear)


def _linalg_cross(input: Tensor, other: Tensor, dim: int) -> Tensor:
    if input._data.dtype != other._data.dtype:
        raise RuntimeError(f"expected scalar type {_scalar_name(input)} but found "
                           f"{_scalar_name(other)}")
    ndim = max(input._data.ndim, other._data.ndim)
    if input._data.ndim != other._data.ndim:
        raise RuntimeError("linalg.cross: inputs must have the same number of dimensions.")
    d = wrap_dim(dim, ndim)
    if input._data.shape[d] != 3 or other._data.shape[d] != 3:
        raise RuntimeError(f"linalg.cross: inputs dimension {dim} must have length 3. Got "
                           f"{input._data.shape[d]} and {other._data.shape[d]}")
    from .linalg import broadcast_batch

    broadcast_batch(input._data.shape, other._data.shape)
    return apply(OPS["cross"], (input, other), (d - ndim,))


@public()
def cross(input: Tensor, other: Tensor, dim: int | None = None) -> Tensor:
    """The cross product of 3-vectors along `dim`; without `dim` (deprecated in torch, which
    warns) the first dim of size 3."""
    if dim is None:
        warn_once("cross without dim",
                  "Using torch.cross without specifying the dim arg is deprecated.\n"
                  "Please either pass the dim explicitly or simply use torch.linalg.cross."
                  "\nThe default value of dim will change to agree with that of "
                  "linalg.cross in a future release.")
        sizes = input._data.shape
        dim = next((i for i, s in enumerate(sizes) if s == 3), None)
        if dim is None:
            raise RuntimeError("no dimension of size 3 in input")
    return _linalg_cross(input, other, dim)


def linalg_cross(input: Tensor, other: Tensor, *, dim: int = -1) -> Tensor:
    """torch.linalg.cross: the cross product along `dim` (default the last)."""
    return _linalg_cross(input, other, dim)


# ---------------------------------------------------------------------- slogdet, logdet
def _slogdet_np(a: np.ndarray):
    sign, logabs = _lapack(np.linalg.slogdet, a) if a.dtype != np.float16 else \
        np.linalg.slogdet(a.astype(np.float32))
    # (a complex matrix's log|det| is real, of the parts' dtype)
    return np.asarray(sign, a.dtype), np.asarray(logabs, NUMPY_REAL_OF.get(a.dtype, a.dtype))


@declare("slogdet", grad_fn="LinalgSlogdetBackward0", saves=(0,), dtype=SAME,
         formula="d log|det A|/dA = inv(A)^T")
def _slogdet(a):
    return _slogdet_np(a)[1]


@_slogdet.backward
def _(ctx, g):
    (a,) = ctx.saved
    if xp.is_tensor(g):  # torch's composition under create_graph: A^-T diag(g), one solve
        from .linalg import solve
        from .shape_extra import diag_embed

        n = a.shape[-1]
        d = diag_embed(g.unsqueeze(-1).expand(tuple(g.shape) + (n,)))
        if a._data.dtype.kind == "c":  # (complex: A^-H diag(g), g real)
            return (solve(a.mH, d.to(a.dtype)),)
        return (solve(a.mT, d.mT),)
    # (column-major as torch's, which comes from an LU solve; complex: g A^-H)
    return (column_major(xp.unsqueeze(xp.unsqueeze(g, -1), -1) * _mH(xp.op("inverse", (a,)))),)


@_slogdet.tangent
def _(ctx, t):
    from .linalg import inverse

    change = (inverse(ctx.inputs[0]).mT * t).sum((-2, -1))
    return change.real if change.is_complex() else change  # (log|det|: Re(tr(A^-1 dA)))


def _slogdet_pair(A: Tensor, name: str, prefix: str = "linalg."):
    _check_square(name, A, half="low", prefix=prefix, complex_ok=True)
    if A._data.dtype.kind == "c":  # a complex sign is differentiable: an op of its own
        return apply(OPS["slogdet_sign"], (A,)), apply(OPS["slogdet"], (A,))
    # the sign is piecewise constant: a plain tensor (torch gives it the logabsdet's node;
    # its gradient is zero either way)
    sign = Tensor(np.array(_slogdet_np(A._data)[0]))
    return sign, apply(OPS["slogdet"], (A,))


@public()
def slogdet(input: Tensor):
    """(sign, log|det|) of a square matrix (or a batch): log|det| is -inf for a singular
    matrix, whose sign is 0."""
    return _SLOGDET(_slogdet_pair(input, "slogdet"))


def linalg_slogdet(A: Tensor):
    """torch.linalg.slogdet: (sign, logabsdet)."""
    return _LINALG_SLOGDET(_slogdet_pair(A, "slogdet"))


@public()
def logdet(input: Tensor) -> Tensor:
    """log det(input): nan for a negative determinant, -inf for a singular matrix."""
    from .pointwise_binary import where

    sign, logabs = _slogdet_pair(input, "logdet", prefix="")
    if sign.is_complex():  # torch's log(sign) + log|det| (AddBackward0)
        return sign.log() + logabs
    return where(sign < 0, math.nan, logabs)


# ---------------------------------------------------------------------- matrix_power
@public()
def matrix_power(input: Tensor, n: int) -> Tensor:
    """input multiplied by itself n times (by repeated squaring); n = 0 gives the identity,
    a negative n powers of the inverse."""
    _check_square("matrix_power", input, complex_ok=True)  # (composed of complex-ok ops)
    if n == 0:
        eye = np.broadcast_to(np.eye(input._data.shape[-1], dtype=input._data.dtype),
                              input._data.shape)
        return _identity_like(input, eye)
    if n == 1:  # torch's copy is C-ordered whatever input's layout (CloneBackward0)
        return apply(OPS["clone"], (input,))
    base = input
    if n < 0:
        from .linalg import inverse

        base, n = inverse(input), -n
    result = None
    square = base
    while n:
        if n & 1:
            result = square if result is None else matmul(result, square)
        n >>= 1
        if n:
            square = matmul(square, square)
    return result


def _identity_like(input: Tensor, eye: np.ndarray) -> Tensor:
    # torch writes the identity into a tensor made from input (its grad_fn: CopyBackwards)
    target = input * 0
    return target.copy_(Tensor(np.ascontiguousarray(eye)))


# ---------------------------------------------------------------------- matrix_exp
# Pade approximant of degree 13 with scaling and squaring (Higham, 2005)
_PADE13 = (64764752532480000.0, 32382376266240000.0, 7771770303897600.0,
           1187353796428800.0, 129060195264000.0, 10559470521600.0, 670442572800.0,
           33522128640.0, 1323241920.0, 40840800.0, 960960.0, 16380.0, 182.0, 1.0)
_THETA13 = 5.371920351148152


def _expm(a: np.ndarray) -> np.ndarray:
    """exp of each matrix of a (batch of) square matrices."""
    work = a.astype(np.complex128 if a.dtype.kind == "c" else np.float64)
    n = work.shape[-1]
    eye = np.eye(n)
    norms = np.abs(work).sum(-2).max(-1)  # the 1-norm of each matrix
    with np.errstate(divide="ignore"):
        squarings = np.maximum(0, np.ceil(np.log2(np.maximum(norms, 1e-300) / _THETA13)))
    squarings = np.where(np.isfinite(squarings), squarings, 0).astype(np.int64)
    scaled = work / (2.0 ** squarings)[..., None, None]
    b = _PADE13
    a2 = scaled @ scaled
    a4 = a2 @ a2
    a6 = a4 @ a2
    u = scaled @ (a6 @ (b[13] * a6 + b[11] * a4 + b[9] * a2)
                  + b[7] * a6 + b[5] * a4 + b[3] * a2 + b[1] * eye)
    v = a6 @ (b[12] * a6 + b[10] * a4 + b[8] * a2) + b[6] * a6 + b[4] * a4 + b[2] * a2 \
        + b[0] * eye
    result = np.linalg.solve(v - u, v + u)
    for step in range(int(squarings.max()) if squarings.size else 0):
        more = (squarings > step)[..., None, None]
        result = np.where(more, result @ result, result)
    return result.astype(a.dtype)


def _block_exp_corner(a, d):
    """The top-right block of exp([[a, d], [0, a]]): the derivative of exp at a in the
    direction d (on arrays)."""
    n = a.shape[-1]
    big = np.zeros(a.shape[:-2] + (2 * n, 2 * n), a.dtype)
    big[..., :n, :n] = a
    big[..., n:, n:] = a
    big[..., :n, n:] = d
    return _expm(big)[..., :n, n:]


@declare("matrix_exp", grad_fn="LinalgMatrixExpBackward0", saves=(0,), dtype=SAME,
         formula="grad_A = the top-right block of exp([[A^T, g], [0, A^T]])")
def _matrix_exp(a):
    return _expm(a)


@_matrix_exp.backward
def _(ctx, g):
    (a,) = ctx.saved
    if xp.is_tensor(g):
        from .shape_copies import cat

        n = a.shape[-1]
        at = _mH(a)  # (complex: A^H, torch's convention)
        top = cat([at, g], -1)
        bottom = cat([xp.zeros(tuple(at.shape), like=g), at], -1)
        big = cat([top, bottom], -2)
        corner = apply(OPS["matrix_exp"], (big,))
        return (corner[..., :n, n:],)
    return (_block_exp_corner(np.swapaxes(a, -1, -2).conj(), g),)


@_matrix_exp.tangent
def _(ctx, t):
    from .shape_copies import cat

    a = ctx.inputs[0]
    n = a.shape[-1]
    big = cat([cat([a, t], -1), cat([a.new_zeros(a.shape), a], -1)], -2)
    return apply(OPS["matrix_exp"], (big,))[..., :n, n:]


_batched_rule("matrix_exp")(lambda ctx, g: (_block_exp_corner(
    np.broadcast_to(np.swapaxes(ctx.saved[0], -1, -2).conj(), g.shape), g),))


@public()
def matrix_exp(input: Tensor) -> Tensor:
    """The matrix exponential of a square matrix (or of each in a batch)."""
    _check_square("matrix_exp", input, complex_ok=True)
    return apply(OPS["matrix_exp"], (input,))


# ---------------------------------------------------------------------- p-norm distances
def _norm_np(diff: np.ndarray, p: float, axis) -> np.ndarray:
    a = np.abs(diff)
    if p == 0:
        return (a != 0).sum(axis).astype(a.dtype)
    if p == math.inf:
        return a.max(axis) if a.size else np.zeros(np.sum(a, axis).shape, a.dtype)
    if p == -math.inf:  # (dist's only: cdist refuses p < 0)
        return a.min(axis)
    if p == 1:
        return a.sum(axis)
    if p == 2:
        return np.sqrt((a * a).sum(axis))
    # (the root's exponent in the dtype, 1 / p rounded as torch's kernel rounds it: NumPy 1
    # would raise a float32 sum to a Python float in float64)
    one = a.dtype.type(1)
    return (a ** p).sum(axis) ** (one / a.dtype.type(p))


def _norm_slope(diff, norm, p: float):
    """d ||diff||_p / d diff, with norm broadcast against diff; 0 where the norm is 0."""
    if p == 0:
        return xp.zeros_like(diff)
    if p == 1:
        return xp.sgn(diff)
    if abs(p) == math.inf:  # (-inf: dist's only)
        return xp.sgn(diff) * (xp.abs(diff) == norm)
    if p == 2:
        # unguarded, then masked (torch's masked_fill): the second derivative at a zero
        # distance is torch's nan
        with np.errstate(divide="ignore", invalid="ignore"):
            return xp.where(norm == 0, 0.0, diff / norm)
    safe = xp.where(norm == 0, 1.0, norm)
    slope = xp.sgn(diff) * xp.abs(diff) ** (p - 1) / safe ** (p - 1)
    return xp.where(norm == 0, 0.0, slope)


@declare("dist", grad_fn="DistBackward0", saves=(0, 1, OUT), dtype=PROMOTE, broadcasts=True,
         formula="d ||a - b||_p/da = sign(a-b)|a-b|^(p-1) / ||a-b||^(p-1) = -d/db")
def _dist(a, b, p):
    dtype = np.result_type(a, b)
    if dtype.kind == "c":  # (the norm of complex differences is real)
        dtype = NUMPY_REAL_OF[dtype]
    return np.asarray(_norm_np(a - b, p, None), dtype)


@_dist.backward
def _(ctx, g):
    a, b, out = ctx.saved
    (p,) = ctx.params
    if p == 0:
        # torch's norm_backward gives the 0-"norm" (a count) no gradient: None for the
        # input, and the other's, its negation, fails on the undefined tensor
        if _needs(ctx, 1):
            raise RuntimeError("Expected a proper Tensor but got None (or an undefined Tensor "
                               "in C++) for argument #0 'self'")
        return None, None
    if p >= 1 and p != math.inf:
        slope = g * _norm_slope(a - b, out, p)
    else:  # torch's norm_backward on the difference (ties of inf norms share g; 0 at
        # a zero difference for p < 1)
        diff = a - b
        slope = norm_grad(g, diff, out, p, tuple(range(len(xp.numpy_value(diff).shape))),
                          False)
    needed = _needs(ctx, 0), _needs(ctx, 1)
    for operand, need in zip((a, b), needed):  # (torch's formula keeps a complex gradient
        if need:  # for a real operand, which its engine refuses)
            refuse_complex_grad_of_real(operand, slope)
    return (slope if needed[0] else None), (-slope if needed[1] else None)


@_dist.tangent
def _(ctx, ta, tb):
    a, b = ctx.inputs
    (p,) = ctx.params
    change = ta if tb is None else (-tb if ta is None else ta - tb)
    slope = _norm_slope(a - b, ctx.output, p)
    if xp.is_complex(slope):  # a real norm of complex values: Re(conj(slope) t)
        return xp.real(xp.conj(slope) * change).sum()
    return (slope * change).sum()


@public()
def dist(input: Tensor, other: Tensor, p: Number = 2) -> Tensor:
    """The p-norm of input - other (broadcast, in their promoted dtype), over all elements."""
    promoted = result_type(input, other)
    if input.dtype == bool_ or other.dtype == bool_:
        input - other  # noqa: B018 - raises torch's refusal of a bool subtraction
    if not (promoted.is_floating_point or promoted.is_complex):
        raise RuntimeError("norm(): input dtype should be either floating point or complex. "
                           f"Got {_scalar_name(input if input.dtype == promoted else other)} "
                           "instead.")
    return apply(OPS["dist"], (input, other), (float(p),))


@declare("cdist", grad_fn="CdistBackward0", saves=(0, 1, OUT), dtype=SAME,
         formula="d ||x1_i - x2_j||_p/dx1_i = slope(x1_i - x2_j); the rows' sums")
def _cdist(x1, x2, p):
    diff = x1[..., :, None, :] - x2[..., None, :, :]
    return np.asarray(_norm_np(diff, p, -1), x1.dtype)


@_cdist.backward
def _(ctx, g):
    # torch's kernel, one call per input, x2's on the transposed operands (so a zero comes
    # with torch's sign); recorded on Tensors as CdistBackwardBackward0
    x1, x2, out = ctx.saved
    (p,) = ctx.params
    return tuple(xp.op("cdist_backward", (g, x1, x2, out), p, which) if _needs(ctx, which)
                 else None for which in (0, 1))


@_cdist.tangent
def _(ctx, t1, t2):
    x1, x2 = ctx.inputs
    (p,) = ctx.params
    slope = _norm_slope(x1.unsqueeze(-2) - x2.unsqueeze(-3), ctx.output.unsqueeze(-1), p)
    if t2 is None:
        change = t1.unsqueeze(-2)
    elif t1 is None:
        change = -t2.unsqueeze(-3)
    else:
        change = t1.unsqueeze(-2) - t2.unsqueeze(-3)
    return (slope * change).sum(-1)


_COMPUTE_MODES = ("use_mm_for_euclid_dist_if_necessary", "use_mm_for_euclid_dist",
                  "donot_use_mm_for_euclid_dist")


def _euclidean_by_products(x1: Tensor, x2: Tensor) -> Tensor:
    """torch's matrix-product form of Euclidean distances: |a|^2 - 2 a.b + |b|^2 as one
    product of padded rows, clamped at 1e-30 before the square root."""
    from .shape_copies import cat

    norm1 = x1.pow(2).sum(-1, keepdim=True)
    norm2 = x2.pow(2).sum(-1, keepdim=True)
    left = cat([x1.mul(-2), norm1, norm1.new_ones(norm1.shape)], -1)
    right = cat([x2, norm2.new_ones(norm2.shape), norm2], -1)
    return left.matmul(right.mT).clamp_min(1e-30).sqrt()


# C's names of the float dtypes, as torch's matrix product words its dtype refusal
_C_NAMES = {"float16": "c10::Half", "float32": "float", "float64": "double"}


@public(method=False)
def cdist(x1: Tensor, x2: Tensor, p: float = 2.0,
          compute_mode: str = "use_mm_for_euclid_dist_if_necessary") -> Tensor:
    """The p-norm distance between each row of x1 and each row of x2 (batched over leading
    dims). For p = 2, torch (and ember) use matrix products when either has more than 25
    rows (or when compute_mode says so)."""
    if compute_mode not in _COMPUTE_MODES:
        raise ValueError(f"{compute_mode} is not a valid value for compute_mode")
    for name, t in (("X1", x1), ("X2", x2)):
        if t._data.ndim < 2:
            raise RuntimeError(f"cdist only supports at least 2D tensors, {name} got: "
                               f"{t._data.ndim}D")
        if t._data.dtype.kind != "f":
            raise RuntimeError(f"cdist only supports floating-point dtypes, {name} got: "
                               f"{_scalar_name(t)}")
    if x1._data.shape[-1] != x2._data.shape[-1]:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: "
                           f"{x1._data.shape[-1]} X2: {x2._data.shape[-1]}")
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    from .linalg import broadcast_batch

    batch = broadcast_batch(x1._data.shape[:-2], x2._data.shape[:-2])
    r1, r2 = x1._data.shape[-2], x2._data.shape[-2]
    a = x1.expand(batch + x1._data.shape[-2:]) if x1._data.shape[:-2] != batch else x1
    b = x2.expand(batch + x2._data.shape[-2:]) if x2._data.shape[:-2] != batch else x2
    by_products = p == 2 and (compute_mode == "use_mm_for_euclid_dist" or (
        compute_mode == "use_mm_for_euclid_dist_if_necessary" and (r1 > 25 or r2 > 25)))
    # (torch compares the dtypes only when there is something to compute)
    mixed = x1._data.dtype != x2._data.dtype and r1 and r2 and x1._data.shape[-1]
    if by_products:
        if mixed:  # (torch's matrix product refuses them, in C's type names)
            raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                               f"{_C_NAMES[x1._data.dtype.name]} != "
                               f"{_C_NAMES[x2._data.dtype.name]}")
        return _euclidean_by_products(a, b).view(batch + (r1, r2))
    if x1._data.dtype == np.float16 and r1 and r2 and x1._data.shape[-1]:
        # torch's distance kernel has no float16 (its matrix products, above, do; without
        # rows or columns it computes nothing)
        raise NotImplementedError("\"cdist\" not implemented for 'Half'")
    if mixed:
        raise RuntimeError(f"expected scalar type {_scalar_name(x1)} but found "
                           f"{_scalar_name(x2)}")
    return apply(OPS["cdist"], (a, b), (float(p),))


@declare("pdist", grad_fn="PdistBackward0", saves=(0, OUT), dtype=SAME,
         formula="each pair's slope added to its first row, subtracted from its second")
def _pdist(x, p):
    first, second = np.triu_indices(x.shape[0], 1)
    return np.asarray(_norm_np(x[first] - x[second], p, -1), x.dtype)


@_pdist.backward
def _(ctx, g):
    x, out = ctx.saved
    (p,) = ctx.params
    # torch's kernel (PdistBackwardBackward0), recorded on Tensors
    return (xp.op("pdist_backward", (g, x, out), p),)


@_pdist.tangent
def _(ctx, t):
    (x,) = ctx.inputs
    (p,) = ctx.params
    first, second = (Tensor(i) for i in np.triu_indices(x.shape[0], 1))
    slope = _norm_slope(x.index_select(0, first) - x.index_select(0, second),
                        ctx.output.unsqueeze(-1), p)
    return (slope * (t.index_select(0, first) - t.index_select(0, second))).sum(-1)


@public(method=False)
def pdist(input: Tensor, p: float = 2) -> Tensor:
    """The p-norm distances between all pairs of rows i < j, in row-major order."""
    if input._data.ndim != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {input._data.ndim}D")
    if input._data.dtype.kind != "f":
        raise RuntimeError("pdist only supports floating-point dtypes")
    if p < 0:
        raise RuntimeError("pdist only supports non-negative p values")
    rows, cols = input._data.shape
    if input._data.dtype == np.float16 and rows > 1 and cols:
        # torch's kernel has no float16 (without pairs or columns it computes nothing)
        raise NotImplementedError("\"pdist\" not implemented for 'Half'")
    return apply(OPS["pdist"], (input,), (float(p),))


# ---------------------------------------------------------------------- renorm
def _sub_norms(x, p: float, dim: int):
    axes = tuple(d for d in range(x.ndim) if d != dim)
    return np.asarray(_norm_np(x, p, axes), NUMPY_REAL_OF.get(x.dtype, x.dtype))


@declare("renorm", grad_fn="RenormBackward0", saves=(0,), dtype=SAME,
         formula="x * f(norm): f = maxnorm/(norm + 1e-7) where norm > maxnorm, else 1")
def _renorm(x, p, dim, maxnorm):
    # torch takes a float16 tensor's norms in float32 (vector_norm with dtype=) and the
    # factor from them, rounded to float16 once: norms past 65504 are no inf (factor 0)
    norms = _sub_norms(x.astype(np.float32) if x.dtype == np.float16 else x, p, dim)
    # (rounded to x's real dtype: float16's factor once, complex's in its real precision)
    factor = np.where(norms > maxnorm, maxnorm / (norms + 1e-7), 1.0).astype(
        NUMPY_REAL_OF.get(x.dtype, x.dtype))
    shape = [1] * x.ndim
    shape[dim] = -1
    return x * factor.reshape(shape)


@_renorm.backward
def _(ctx, g):
    (x,) = ctx.saved
    p, dim, maxnorm = ctx.params
    axes = tuple(d for d in range(len(x.shape)) if d != dim)
    # float16: torch takes the norms and the sum of g * x in float32, so the gradient is
    # float32 arithmetic rounded once (norms past 65504 are no inf)
    half = xp.numpy_dtype(x) == np.float16
    wide = xp.astype(x, np.float32) if half else x
    if axes:  # torch's vector_norm (LinalgVectorNormBackward0): second derivatives see it
        norms = xp.op("norm", (wide,), float(p), axes, True)
    elif p == math.inf:  # (a 1-d x: its own |x|, as a constant)
        norms = xp.constant(np.abs(xp.numpy_value(wide)), like=g)
    else:
        norms = (xp.abs(wide) ** p) ** (1.0 / p)
    over = xp.constant(np.asarray(xp.numpy_value(norms) > maxnorm), like=g)
    inverse = 1 / (norms + 1e-7)
    factor = inverse * maxnorm
    product = xp.astype(g * x, np.float32) if half else g * xp.conj(x)
    if xp.is_complex(product):  # (the norm's change: Re(sum(g conj(x))))
        product = xp.real(product)
    inner = xp.sum(product, axes, keepdim=True) if axes else product
    # torch's renorm_backward: g less the norm's own change, scaled (in float32 for float16,
    # cast back: ToCopyBackward0), where the norm was over the bound; g elsewhere
    # (WhereBackward0)
    slope = inner * _norm_slope(x, norms, p)
    if p == math.inf and axes:  # torch's norm_backward splits it between the ties
        ties = xp.constant(np.sum(np.abs(xp.numpy_value(wide)) == xp.numpy_value(norms),
                                  axis=axes, keepdims=True).astype(xp.numpy_dtype(norms)),
                           like=g)
        slope = slope / ties
    scaled = factor * (g - inverse * slope)
    return (xp.where(over, xp.astype(scaled, np.float16) if half else scaled, g),)


@_renorm.tangent
def _(ctx, t):
    (x,) = ctx.inputs
    p, dim, maxnorm = ctx.params
    axes = tuple(d for d in range(x.ndim) if d != dim)
    if p == math.inf:
        shape = [1] * x.ndim
        shape[dim] = -1
        norms = Tensor(_sub_norms(x._data, p, dim).reshape(shape))
    else:  # in ops, so that the tangent can be differentiated again
        powered = x.abs() ** p
        norms = (powered.sum(axes, keepdim=True) if axes else powered) ** (1.0 / p)
    over = norms.detach() > maxnorm
    shifted = norms + 1e-7
    factor = (maxnorm / shifted).where(over, 1.0)
    scale = (-maxnorm / (shifted * shifted)).where(over, 0.0)
    slope = _norm_slope(x, norms, p)
    change = slope * t if not slope.is_complex() else (slope.conj() * t).real  # (dn, real)
    inner = change.sum(axes, keepdim=True) if axes else change
    return t * factor + x * scale * inner


@public(inplace=True)
def renorm(input: Tensor, p: Number, dim: int, maxnorm: Number) -> Tensor:
    """Each slice along `dim` whose p-norm exceeds maxnorm scaled down to norm maxnorm."""
    if p <= 0:
        raise RuntimeError("renorm: non-positive-norm not supported")
    if maxnorm < 0:
        raise RuntimeError(f"renorm: expected maxnorm to be >= 0 but got {maxnorm}")
    if input._data.ndim < 2:
        raise RuntimeError("renorm: input needs at least 2 dimensions, got "
                           f"{input._data.ndim} dimensions")
    if input._data.dtype.kind not in "fc":
        raise RuntimeError("linalg.vector_norm: Expected a floating point or complex tensor "
                           f"as input. Got {_scalar_name(input)}")
    d = wrap_dim(dim, input._data.ndim)
    return apply(OPS["renorm"], (input,), (float(p), d, float(maxnorm)))


# ---------------------------------------------------------------------- nn.functional's
# torch exposes these distance functions at the top level too; they are nn.functional's
# compositions (imported when called: nn imports the ops).
@public(method=False)
def cosine_similarity(x1: Tensor, x2: Tensor, dim: int = 1, eps: float = 1e-8) -> Tensor:
    """The cosine of the angle between x1 and x2 along `dim` (nn.functional's)."""
    from ..nn.functional import cosine_similarity as functional

    return functional(x1, x2, dim, eps)


@public(method=False)
def pairwise_distance(x1: Tensor, x2: Tensor, p: float = 2.0, eps: float = 1e-6,
                      keepdim: bool = False) -> Tensor:
    """The p-norm of x1 - x2 + eps along the last dim (nn.functional's)."""
    from ..nn.functional import pairwise_distance as functional

    return functional(x1, x2, p, eps, keepdim)

# dist of complex values: the real norm of |a - b|, gradients g * d||.||/d(a - b) in torch's
# convention (z/|z|-style slopes); checked against torch (tests/samples/complex_leftovers.py)
allow_complex("dist")
# log|det| of complex matrices (real), gradient g A^-H; the sign is op slogdet_sign
allow_complex("slogdet")
allow_complex("cross")  # (bilinear: checked against torch, tests/samples/complex_leftovers.py)
allow_complex("matrix_exp")  # (Pade in complex128; gradient through exp of A^H's block)
allow_complex("renorm")  # (norms of magnitudes, Re(sum(g conj(x))) for the norm's change)
