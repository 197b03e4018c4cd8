"""Solvers beside linalg.solve: linalg.solve_ex and linalg.inv_ex (the solve and inverse
ops, with LAPACK's info and no error unless check_errors), and the ones that take a
factor: cholesky_solve, cholesky_inverse (A = L L^T given by L) and the deprecated
triangular_solve (which also returns a copy of A, its "cloned_coefficient").

Each is one op with torch's grad_fn name and backward formula (FunctionsManual's
cholesky_solve_backward, cholesky_inverse_backward, triangular_solve_backward). The
substitutions read only the triangle a LAPACK routine reads, and a zero on the diagonal
gives inf and nan as LAPACK's do; results are laid out column-major as LAPACK's. Complex
factors give A = L L^H (the formulas take adjoints where real ones transpose);
triangular_solve's transpose=True solves with A^T, not A^H, for complex A too (as torch's).
"""

from __future__ import annotations

import numpy as np

from .._dispatch import apply
from .._tensor import Tensor
from .._warnings import warn_once
from ..autograd import forward_ad
from ..autograd.node import join_outputs, joint_node_class
from . import _xp as xp
from ._batched import rule as _batched_rule
from ._lapack_layout import column_major
from ._registry import OPS, OUT, SAME, allow_complex, declare, public
from ._registry import needs_grad as _needs
from .linalg import (
    _check_square,
    _LinAlgError,
    _mH,
    _mT,
    _scalar_name,
    _solve_checked,
    broadcast_batch,
    lapack_info,
)
from .linalg_decompositions import _no_out, matmul_any
from .linalg_triangular import _solve as _triangular_solve_np
from .return_types import _return_type, return_types

__all__ = ["linalg_solve_ex", "linalg_inv_ex", "cholesky_solve", "cholesky_inverse",
           "triangular_solve"]

_SOLVE_EX = return_types.linalg_solve_ex = _return_type("linalg_solve_ex", ("result", "info"))
_INV_EX = return_types.linalg_inv_ex = _return_type("linalg_inv_ex", ("inverse", "info"))
_TRIANGULAR_SOLVE = return_types.triangular_solve = _return_type(
    "triangular_solve", ("solution", "cloned_coefficient"))


# ====================================================================== solve_ex / inv_ex
def linalg_solve_ex(A: Tensor, B: Tensor, *, left: bool = True, check_errors: bool = False,
                    out=None):
    """torch.linalg.solve_ex: (result, info): linalg.solve's X and LAPACK's info for A (0,
    or the first zero pivot's column). A singular A raises only with check_errors; without,
    X holds what LAPACK's LU solve gives (inf and nan)."""
    _no_out(out)
    name = "torch.linalg.solve_ex" if check_errors else None
    result = _solve_checked(A, B, left, name)
    return _SOLVE_EX((result, Tensor(lapack_info(A._data))))


def linalg_inv_ex(A: Tensor, *, check_errors: bool = False, out=None):
    """torch.linalg.inv_ex: (inverse, info), raising for a singular A only with
    check_errors (without, the inverse holds LAPACK's inf and nan)."""
    _no_out(out)
    _check_square("inv", A, half="low", complex_ok=True)
    name = "linalg.inv_ex" if check_errors else None
    inverse = apply(OPS["inverse"], (A,), (name,))
    return _INV_EX((inverse, Tensor(lapack_info(A._data))))


# ====================================================================== cholesky_solve
def _adjoint_np(a: np.ndarray) -> np.ndarray:
    """a's conjugate transpose (its transpose, a view, for real values)."""
    t = np.swapaxes(a, -1, -2)
    return np.conj(t) if t.dtype.kind == "c" else t


def _cholesky_solve_np(b: np.ndarray, factor: np.ndarray, upper: bool) -> np.ndarray:
    """(L L^H)^-1 B, or (U^H U)^-1 B, reading the factor's triangle only (LAPACK's potrs;
    L^H = L^T for real values)."""
    with np.errstate(all="ignore"):
        if upper:  # U^H y = b, then U x = y
            y = _triangular_solve_np(_adjoint_np(factor), b, False, True, False)
            return _triangular_solve_np(factor, y, True, True, False)
        y = _triangular_solve_np(factor, b, False, True, False)
        return _triangular_solve_np(_adjoint_np(factor), y, True, True, False)


@declare("cholesky_solve", grad_fn="CholeskySolveBackward0", saves=(0, 1, OUT), dtype=SAME,
         broadcasts=True,
         formula="X = (L L^H)^-1 B: grad_B = cholesky_solve(g, L), grad_L = -(C + C^H) L, "
                 "C = grad_B X^H (upper: -U (C + C^H))")
def _cholesky_solve(b, factor, upper):
    return column_major(_cholesky_solve_np(b, factor, upper))


@_cholesky_solve.backward
def _(ctx, g):
    _, factor, x = ctx.saved
    (upper,) = ctx.params
    grad_b = xp.op("cholesky_solve", (g, factor), upper)
    grad_factor = None
    if _needs(ctx, 1):
        common = matmul_any(grad_b, _mH(x))  # (complex: A = L L^H, so adjoints)
        common = common + _mH(common)
        grad_factor = -matmul_any(factor, common) if upper else -matmul_any(common, factor)
    return (grad_b if _needs(ctx, 0) else None), grad_factor


def _gram_tangent(factor: Tensor, t: Tensor, upper: bool) -> Tensor:
    """dA of A = L L^H (or U^H U) for the factor's tangent t."""
    return t.mH @ factor + factor.mH @ t if upper else t @ factor.mH + factor @ t.mH


@_cholesky_solve.tangent
def _(ctx, t_b, t_factor):
    b, factor = ctx.inputs
    x = ctx.output
    (upper,) = ctx.params
    rhs = t_b
    if t_factor is not None:
        change = _gram_tangent(factor, t_factor, upper) @ x
        rhs = -change if rhs is None else rhs - change
    return apply(OPS["cholesky_solve"], (rhs, factor), (upper,))


def _check_linear_solve(b: Tensor, a: Tensor, name: str) -> None:
    """torch's linearSolveCheckInputs (b, then A), and the batch dims' broadcasting."""
    if b._data.dtype != a._data.dtype:
        raise RuntimeError(f"Expected b and A to have the same dtype, but found b of type "
                           f"{_scalar_name(b)} and A of type {_scalar_name(a)} instead.")
    sa, sb = a._data.shape, b._data.shape
    if sa[-1] != sa[-2]:
        raise RuntimeError(f"A must be batches of square matrices, but they are {sa[-2]} by "
                           f"{sa[-1]} matrices")
    if sa[-1] != sb[-2]:
        raise RuntimeError(f"Incompatible matrix sizes for {name}: each A matrix is {sa[-1]} "
                           f"by {sa[-1]} but each b matrix is {sb[-2]} by {sb[-1]}")
    broadcast_batch(sb[:-2], sa[:-2])


@public()
def cholesky_solve(input: Tensor, input2: Tensor, upper: bool = False) -> Tensor:
    """torch.cholesky_solve: X with A X = input for A = L L^T given by its Cholesky factor
    input2 = L (or A = U^T U with upper=True). Batch dims broadcast."""
    b, factor = input, input2
    if b._data.ndim < 2:
        raise RuntimeError(f"b should have at least 2 dimensions, but has {b._data.ndim} "
                           "dimensions instead")
    if factor._data.ndim < 2:
        raise RuntimeError(f"u should have at least 2 dimensions, but has {factor._data.ndim} "
                           "dimensions instead")
    _check_linear_solve(b, factor, "cholesky_solve")
    if b._data.dtype not in (np.float32, np.float64, np.complex64, np.complex128):
        raise NotImplementedError(f"\"cholesky_solve_cpu\" not implemented for "
                                  f"'{_scalar_name(b)}'")
    return apply(OPS["cholesky_solve"], (b, factor), (bool(upper),))


# ====================================================================== cholesky_inverse
@declare("cholesky_inverse", grad_fn="CholeskyInverseBackward0", saves=(0, OUT), dtype=SAME,
         formula="X = (L L^H)^-1: grad_L = -X (g + g^H) X L (upper: -U X (g + g^H) X)")
def _cholesky_inverse(factor, upper):
    diagonal = np.diagonal(factor, axis1=-2, axis2=-1)
    zero = diagonal == 0
    if zero.any():  # LAPACK's potri refuses a zero on the diagonal
        flat = zero.reshape(-1, zero.shape[-1])
        matrix = int(np.flatnonzero(flat.any(axis=1))[0])
        prefix = f"(Batch element {matrix}): " if factor.ndim > 2 else ""
        column = int(np.flatnonzero(flat[matrix])[0]) + 1
        raise _LinAlgError(f"cholesky_inverse: {prefix}The diagonal element {column} is zero, "
                           "the inversion could not be completed because the input matrix is "
                           "singular.")
    eye = np.broadcast_to(np.eye(factor.shape[-1], dtype=factor.dtype), factor.shape)
    return column_major(_cholesky_solve_np(eye, factor, upper))


@_cholesky_inverse.backward
def _(ctx, g):
    factor, inverse = ctx.saved
    (upper,) = ctx.params
    common = matmul_any(inverse, matmul_any(g + _mH(g), inverse))
    return (-matmul_any(factor, common) if upper else -matmul_any(common, factor),)


@_cholesky_inverse.tangent
def _(ctx, t):
    factor = ctx.inputs[0]
    inverse = ctx.output
    (upper,) = ctx.params
    return -(inverse @ _gram_tangent(factor, t, upper) @ inverse)


@public()
def cholesky_inverse(input: Tensor, upper: bool = False) -> Tensor:
    """torch.cholesky_inverse: the inverse of A = L L^T (U^T U with upper=True) from its
    Cholesky factor."""
    shape = input._data.shape
    if len(shape) < 2:
        raise RuntimeError("cholesky_inverse: The input tensor A must have at least 2 "
                           "dimensions.")
    if shape[-1] != shape[-2]:
        raise RuntimeError(f"cholesky_inverse: A must be batches of square matrices, but they "
                           f"are {shape[-2]} by {shape[-1]} matrices")
    if input._data.dtype not in (np.float32, np.float64, np.complex64, np.complex128):
        raise NotImplementedError(f"\"cholesky_inverse_out_cpu\" not implemented for "
                                  f"'{_scalar_name(input)}'")
    return apply(OPS["cholesky_inverse"], (input,), (bool(upper),))


# ====================================================================== triangular_solve
def _triangular_np(b: np.ndarray, a: np.ndarray, upper: bool, transpose: bool,
                   unit: bool) -> np.ndarray:
    """op(A)^-1 B, op(A) = A or A^T, reading A's upper (or lower) triangle only."""
    if transpose:
        return _triangular_solve_np(np.swapaxes(a, -1, -2), b, not upper, True, unit)
    return _triangular_solve_np(a, b, upper, True, unit)


@declare("triangular_solve", grad_fn="TriangularSolveBackward0", saves=(0, 1, OUT),
         dtype=SAME, broadcasts=True,
         formula="X = op(A)^-1 B: grad_B = op(A)^-T g, grad_A = -(grad_B X^T) (or its "
                 "transpose) on A's triangle, plus the gradient of A's copy")
def _triangular_solve(b, a, upper, transpose, unit, which):
    if which == 1:  # the cloned coefficient: A, broadcast to the batch, as LAPACK holds it
        batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
        return column_major(np.broadcast_to(a, batch + a.shape[-2:]))
    return column_major(_triangular_np(b, a, upper, transpose, unit))


def triangular_solve_backward(g_x, g_m, b, a, x, upper: bool, transpose: bool, unit: bool,
                              need_b: bool, need_a: bool):
    """torch's triangular_solve_backward: gradients of b and A from those of the solution
    (g_x) and of A's copy (g_m), None where unused."""
    grad_b = grad_a = None
    if g_x is not None:
        # (complex: op(A)^-H g is conj(A)'s solve with the other transpose; op(A) = A^T
        # even for complex A, so grad_A is -conj(X) grad_B^T with transpose)
        grad_b = xp.op("triangular_solve", (g_x, xp.conj(a)), upper, not transpose, unit, 0)
        if need_a:
            grad_a = (-matmul_any(xp.conj(x), _mT(grad_b)) if transpose
                      else -matmul_any(grad_b, _mH(x)))
            grad_a = (xp.op("triu", (grad_a,), 1 if unit else 0) if upper
                      else xp.op("tril", (grad_a,), -1 if unit else 0))
    if need_a and g_m is not None:
        grad_a = g_m if grad_a is None else grad_a + g_m
    return (grad_b if need_b else None), grad_a


def _triangular_joint(node, grads):
    b, a, x = node.saved
    upper, transpose, unit, _ = node.params[0]
    given = [None, None]
    for g, params in zip(grads, node.params):
        given[params[3]] = g
    return triangular_solve_backward(given[0], given[1], b, a, x, upper, transpose, unit,
                                     _needs(node, 0), _needs(node, 1))


@_triangular_solve.backward
def _(ctx, g):
    b, a, x = ctx.saved
    upper, transpose, unit, which = ctx.params
    given = [None, None]
    given[which] = g
    return triangular_solve_backward(*given, b, a, x, upper, transpose, unit, _needs(ctx, 0),
                                     _needs(ctx, 1))


_TRIANGULAR_NODE = joint_node_class("TriangularSolveBackward0", _triangular_joint,
                                    _triangular_joint, (_triangular_solve,))


@_triangular_solve.tangent
def _(ctx, t_b, t_a):
    b, a = ctx.inputs
    upper, transpose, unit, which = ctx.params
    if which == 1:
        if t_a is None:
            return ctx.zeros()
        batch = tuple(ctx.output.shape[:-2])
        return t_a.expand(*batch, *t_a.shape[-2:]) if batch != tuple(t_a.shape[:-2]) else t_a
    x = ctx.output
    rhs = t_b
    if t_a is not None:
        diagonal = (1 if upper else -1) if unit else 0
        t_a = t_a.triu(diagonal) if upper else t_a.tril(diagonal)
        change = (t_a.mT if transpose else t_a) @ x
        rhs = -change if rhs is None else rhs - change
    return apply(OPS["triangular_solve"], (rhs, a), (upper, transpose, unit, 0))


@public()
def triangular_solve(input: Tensor, A: Tensor, upper: bool = True, transpose: bool = False,
                     unitriangular: bool = False):
    """torch.triangular_solve (deprecated in torch for linalg.solve_triangular):
    (solution, cloned_coefficient) with op(A) solution = input, op(A) = A^T with transpose,
    reading A's upper (or lower) triangle, not its diagonal with unitriangular; the second
    is a copy of A (broadcast to the batch)."""
    warn_once("triangular_solve", "torch.triangular_solve is deprecated in favor of "
              "torch.linalg.solve_triangularand will be removed in a future PyTorch release.\n"
              "torch.linalg.solve_triangular has its arguments reversed and does not return a "
              "copy of one of the inputs.\nX = torch.triangular_solve(B, A).solution\nshould "
              "be replaced with\nX = torch.linalg.solve_triangular(A, B).")
    b = input
    if b._data.ndim < 2:
        raise RuntimeError(f"torch.triangular_solve: Expected b to have at least 2 dimensions, "
                           f"but it has {b._data.ndim} dimensions instead")
    if A._data.ndim < 2:
        raise RuntimeError(f"torch.triangular_solve: Expected A to have at least 2 dimensions, "
                           f"but it has {A._data.ndim} dimensions instead")
    _check_linear_solve(b, A, "triangular_solve")
    if b._data.dtype not in (np.float32, np.float64, np.complex64, np.complex128):
        raise NotImplementedError(f"\"triangular_solve_cpu\" not implemented for "
                                  f"'{_scalar_name(b)}'")
    op = OPS["triangular_solve"]
    params = (bool(upper), bool(transpose), bool(unitriangular))
    outputs = [apply(op, (b, A), params + (0,)), apply(op, (b, A), params + (1,))]
    if outputs[0]._grad_fn is not None:
        join_keeping_tangents(outputs, _TRIANGULAR_NODE)
    return _TRIANGULAR_SOLVE(outputs)


def join_keeping_tangents(outputs: list, node_class: type) -> None:
    """One node of `node_class` for one call's recorded outputs (join_outputs: it keeps the
    first output's node's saved values, so its saved output is output 0), and in a dual
    level the outputs' tangents moved to it, one per output (forward_ad.tangent_of), so a
    formula that reads a saved output under forward mode sees its tangent."""
    nodes = [t._grad_fn for t in outputs]
    join_outputs(list(outputs), node_class)
    level = forward_ad.state.level
    if level is not None and level.output_tangents:
        tangents = tuple([level.output_tangents.get(node) for node in nodes])
        if any(t is not None for t in tangents):
            level.output_tangents[outputs[0]._grad_fn] = tangents


for _name in ("cholesky_solve", "cholesky_inverse", "triangular_solve"):
    _batched_rule(_name)(OPS[_name].backward_fn)
del _name

# Complex factors: A = L L^H (potrs / potri), op(A) = A^T in triangular_solve even for complex
# A (LAPACK's trans='T'); gradients with adjoints (checked against torch:
# tests/samples/complex_linalg_more.py)
allow_complex("cholesky_solve", "cholesky_inverse", "triangular_solve")
