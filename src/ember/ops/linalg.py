"""Linear algebra: dot, mv, mm, bmm, matmul (all of torch's broadcasting cases), outer."""

from __future__ import annotations

import numpy as np

from .._dispatch import apply
from .._tensor import Tensor
from ._registry import OPS, PROMOTE, declare, public


def _needs(ctx, i: int) -> bool:
    return ctx.next_functions[i][0] is not None


def _same_dtype(name: str, a: Tensor, b: Tensor) -> None:
    """torch's matrix products do not promote: both operands must share a dtype."""
    if a._data.dtype != b._data.dtype:
        raise RuntimeError(
            f"{name}: expected both operands to have the same dtype, but got {a.dtype.name} "
            f"and {b.dtype.name}; cast one with .to(...)"
        )


# ---------------------------------------------------------------------- dot
@declare("dot", grad_fn="DotBackward0", saves=(0, 1), dtype=PROMOTE,
         formula="d(x.y)/dx = y, d(x.y)/dy = x")
def _dot(a, b):
    return np.dot(a, b)


@_dot.backward
def _(ctx, g):
    a, b = ctx.saved
    return (g * b if _needs(ctx, 0) else None), (g * a if _needs(ctx, 1) else None)


@public()
def dot(input: Tensor, tensor: Tensor) -> Tensor:
    """The inner product of two 1-D tensors of the same length."""
    if input._data.ndim != 1 or tensor._data.ndim != 1:
        raise RuntimeError(
            f"1D tensors expected, but got {input._data.ndim}D and {tensor._data.ndim}D tensors"
        )
    if input._data.shape != tensor._data.shape:
        n, m = input._data.shape[0], tensor._data.shape[0]
        raise RuntimeError(
            f"inconsistent tensor size, expected tensor [{n}] and src [{m}] to have the same "
            f"number of elements, but got {n} and {m} elements respectively"
        )
    _same_dtype("dot", input, tensor)
    return apply(OPS["dot"], (input, tensor))


inner = public(name="inner")(dot)
vdot = public(name="vdot")(dot)


# ---------------------------------------------------------------------- mv / mm / bmm
@declare("mv", grad_fn="MvBackward0", saves=(0, 1), dtype=PROMOTE,
         formula="d(Av)/dA = g v^T, d(Av)/dv = A^T g")
def _mv(a, v):
    return np.matmul(a, v)


@_mv.backward
def _(ctx, g):
    a, v = ctx.saved
    grad_a = outer(g, v) if _needs(ctx, 0) else None
    grad_v = mv(a.t(), g) if _needs(ctx, 1) else None
    return grad_a, grad_v


@public()
def mv(input: Tensor, vec: Tensor) -> Tensor:
    """Matrix-vector product."""
    if input._data.ndim != 2 or vec._data.ndim != 1:
        raise RuntimeError(
            f"vector + matrix @ vector expected, got 1, {input._data.ndim}, {vec._data.ndim}"
        )
    if input._data.shape[1] != vec._data.shape[0]:
        raise RuntimeError(
            f"size mismatch, got input ({input._data.shape[0]}), mat "
            f"({input._data.shape[0]}x{input._data.shape[1]}), vec ({vec._data.shape[0]})"
        )
    _same_dtype("mv", input, vec)
    return apply(OPS["mv"], (input, vec))


@declare("mm", grad_fn="MmBackward0", saves=(0, 1), dtype=PROMOTE,
         formula="d(AB)/dA = g B^T, d(AB)/dB = A^T g")
def _mm(a, b):
    return np.matmul(a, b)


@_mm.backward
def _(ctx, g):
    a, b = ctx.saved
    grad_a = mm(g, b.t()) if _needs(ctx, 0) else None
    grad_b = mm(a.t(), g) if _needs(ctx, 1) else None
    return grad_a, grad_b


def _mm_shapes(name: str, a: Tensor, b: Tensor) -> None:
    sa, sb = a._data.shape, b._data.shape
    if sa[-1] != sb[-2]:
        raise RuntimeError(
            f"mat1 and mat2 shapes cannot be multiplied ({sa[-2]}x{sa[-1]} and "
            f"{sb[-2]}x{sb[-1]})"
        )


@public()
def mm(input: Tensor, mat2: Tensor) -> Tensor:
    """Matrix product of two 2-D tensors."""
    if input._data.ndim != 2:
        raise RuntimeError("self must be a matrix")
    if mat2._data.ndim != 2:
        raise RuntimeError("mat2 must be a matrix")
    _mm_shapes("mm", input, mat2)
    _same_dtype("mm", input, mat2)
    return apply(OPS["mm"], (input, mat2))


@declare("bmm", grad_fn="BmmBackward0", saves=(0, 1), dtype=PROMOTE,
         formula="d(AB)/dA = g B^T, d(AB)/dB = A^T g (per batch)")
def _bmm(a, b):
    return np.matmul(a, b)


@_bmm.backward
def _(ctx, g):
    a, b = ctx.saved
    grad_a = bmm(g, b.transpose(1, 2)) if _needs(ctx, 0) else None
    grad_b = bmm(a.transpose(1, 2), g) if _needs(ctx, 1) else None
    return grad_a, grad_b


@public()
def bmm(input: Tensor, mat2: Tensor) -> Tensor:
    """Batched matrix product of two 3-D tensors with the same batch size."""
    if input._data.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if mat2._data.ndim != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    if input._data.shape[0] != mat2._data.shape[0]:
        raise RuntimeError(
            f"batch1 and batch2 must have same number of batches, got "
            f"{input._data.shape[0]} and {mat2._data.shape[0]}"
        )
    if input._data.shape[2] != mat2._data.shape[1]:
        raise RuntimeError(
            f"Expected size for first two dimensions of batch2 tensor to be: "
            f"[{input._data.shape[0]}, {input._data.shape[2]}] but got: "
            f"[{mat2._data.shape[0]}, {mat2._data.shape[1]}]."
        )
    _same_dtype("bmm", input, mat2)
    return apply(OPS["bmm"], (input, mat2))


# ---------------------------------------------------------------------- matmul
@declare("matmul", grad_fn="UnsafeViewBackward0", saves=(0, 1), dtype=PROMOTE,
         broadcasts=True, formula="d(AB)/dA = g B^T, d(AB)/dB = A^T g (batch dims summed)")
def _batched_matmul(a, b):
    return np.matmul(a, b)


@_batched_matmul.backward
def _(ctx, g):
    a, b = ctx.saved
    # Batch dims may broadcast: these products have the output's batch shape and the
    # engine sums them down to each input's shape.
    grad_a = matmul(g, b.mT) if _needs(ctx, 0) else None
    grad_b = matmul(a.mT, g) if _needs(ctx, 1) else None
    return grad_a, grad_b


@public(operators=("__matmul__",))
def matmul(input: Tensor, other: Tensor) -> Tensor:
    """Matrix product with torch's rules for 1-D operands and broadcast batch dims."""
    if not isinstance(other, Tensor):
        raise TypeError(f"matmul(): argument 'other' must be Tensor, not {type(other).__name__}")
    da, db = input._data.ndim, other._data.ndim
    if da == 0 or db == 0:
        raise RuntimeError(
            f"both arguments to matmul need to be at least 1D, but they are {da}D and {db}D"
        )
    if da == 1 and db == 1:
        return dot(input, other)
    if da == 2 and db == 1:
        return mv(input, other)
    if da == 2 and db == 2:
        return mm(input, other)
    if da == 1:
        return matmul(input.unsqueeze(0), other).squeeze(-2)
    if db == 1:
        return matmul(input, other.unsqueeze(-1)).squeeze(-1)
    sa, sb = input._data.shape, other._data.shape
    if sa[-1] != sb[-2]:
        raise RuntimeError(
            f"Expected size for first two dimensions of batch2 tensor to be: "
            f"[{sb[0] if len(sb) > 2 else 1}, {sa[-1]}] but got: "
            f"[{sb[0] if len(sb) > 2 else 1}, {sb[-2]}]."
        )
    try:
        np.broadcast_shapes(sa[:-2], sb[:-2])
    except ValueError:
        raise RuntimeError(
            f"The size of tensor a ({sa[-3]}) must match the size of tensor b ({sb[-3]}) at "
            "non-singleton dimension 0"
        ) from None
    _same_dtype("matmul", input, other)
    return apply(OPS["matmul"], (input, other))


@public(method="__rmatmul__", function=False)
def _rmatmul(input: Tensor, other) -> Tensor:
    return matmul(other, input)


@public()
def outer(input: Tensor, vec2: Tensor) -> Tensor:
    """Outer product of two vectors (input[i] * vec2[j])."""
    if input._data.ndim != 1 or vec2._data.ndim != 1:
        raise RuntimeError("outer: expected 1D tensors")
    return input.reshape(-1, 1) * vec2


ger = public(name="ger")(outer)
