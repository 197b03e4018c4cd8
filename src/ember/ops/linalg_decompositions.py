"""Matrix decompositions: the singular value decomposition (linalg.svd, linalg.svdvals,
torch.svd), the Cholesky factor (linalg.cholesky, cholesky_ex, torch.cholesky) and the
symmetric eigendecomposition (linalg.eigh, eigvalsh).

The op table's ops have one output each, so a decomposition with several factors is one
op whose last param says which factor it returns (`which`): torch's single node becomes one
node per factor, all under torch's grad_fn name. Each node's backward is the decomposition's
backward with the other factors' gradients zero; the engine adds the three, which is the
whole gradient because the backward is linear in the factors' gradients. The SVD's node
saves its own three factors, as torch's (U and Vh too when only S is returned), and its
backward reads them: under create_graph the gradient's graph goes through that node, so a
pass through that graph frees it as torch's does. eigh's formulas recompute the factors
they need from the saved input (on Tensors as recorded ops, so second derivatives work);
LAPACK is deterministic, so these are the forward's factors exactly.

Signs (and, for repeated singular values or eigenvalues, rotations) of singular vectors and
eigenvectors are implementation-defined in torch as in LAPACK: only functions invariant to
them are well defined, which is what the tests compare.
"""

from __future__ import annotations

import numpy as np

from .._dispatch import apply, complex_unsupported
from .._tensor import Tensor
from .._warnings import warn_once
from ..autograd import forward_ad
from ..autograd.node import join_outputs, joint_node_class
from . import _xp as xp
from ._batched import rule as _batched_rule
from ._lapack_layout import column_major
from ._registry import OPS, OUT, SAME, allow_complex, declare, public
from .linalg import _LinAlgError, _mH, _scalar_name, matmul
from .return_types import _return_type, return_types

__all__ = ["linalg_svd", "linalg_svdvals", "svd", "linalg_cholesky", "linalg_cholesky_ex",
           "cholesky", "linalg_eigh", "linalg_eigvalsh"]

_LINALG_SVD = return_types.linalg_svd = _return_type("linalg_svd", ("U", "S", "Vh"))
_SVD = return_types.svd = _return_type("svd", ("U", "S", "V"))
_CHOLESKY_EX = return_types.linalg_cholesky_ex = _return_type("linalg_cholesky_ex",
                                                              ("L", "info"))
_EIGH = return_types.linalg_eigh = _return_type("linalg_eigh", ("eigenvalues", "eigenvectors"))


# ---------------------------------------------------------------------- shared checks
def _check_matrix(name: str, a: Tensor, kernel: str, square: bool = False,
                  kernel_checks_dtype: bool = False, complex_ok: bool = False) -> None:
    """At least 2 dims, floating, not half precision (LAPACK has none); square if asked.
    Where torch leaves the dtype to the kernel (eigh), any other dtype is the kernel's
    NotImplementedError."""
    if not isinstance(a, Tensor):
        raise TypeError(f"linalg_{name}(): argument 'A' (position 1) must be Tensor, not "
                        f"{type(a).__name__}")
    if a._data.ndim < 2:
        raise RuntimeError(f"linalg.{name}: The input tensor A must have at least 2 dimensions.")
    if square and a._data.shape[-1] != a._data.shape[-2]:
        rows, cols = a._data.shape[-2:]
        raise RuntimeError(f"linalg.{name}: A must be batches of square matrices, but they are "
                           f"{rows} by {cols} matrices")
    if a._data.dtype.kind == "c" and not complex_ok:  # (torch computes it: ember not yet)
        raise complex_unsupported(f"linalg.{name}")
    if kernel_checks_dtype and a._data.dtype not in (np.float32, np.float64) + (
            (np.complex64, np.complex128) if complex_ok else ()):
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_scalar_name(a)}'")
    if a._data.dtype.kind not in "fc":
        raise RuntimeError(f"linalg.{name}: Expected a floating point or complex tensor as "
                           f"input. Got {_scalar_name(a)}")
    if a._data.dtype == np.float16:
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Half'")


def _no_out(out) -> None:
    if out is not None:
        raise NotImplementedError("ember.linalg does not support out=; assign the result instead")


def _last(x, n: int, dim: int):
    """The first n entries of x along dim (a negative dim), as a recorded slice on Tensors."""
    shape = tuple(x.shape)
    axis = len(shape) + dim
    if shape[axis] == n:
        return x
    return xp.view("slice", x, axis, 0, n, 1, shape)


def _eye(n: int, like):
    return xp.constant(np.eye(n, dtype=xp.numpy_dtype(like)), like)


def _gaps(values, like):
    """E[i, j] = values[j] - values[i], with 1 on the diagonal (where it divides zeros)."""
    n = tuple(values.shape)[-1]
    return xp.unsqueeze(values, -2) - xp.unsqueeze(values, -1) + _eye(n, like)


# ====================================================================== svd
def _svd_np(a: np.ndarray, full_matrices: bool) -> tuple:
    if not a.size or np.isfinite(a).all():
        return tuple(np.linalg.svd(a, full_matrices=full_matrices))
    if np.isnan(a).any():
        raise _LinAlgError("linalg.svd: The algorithm failed to converge because the input "
                           "matrix contained non-finite values.")
    # An infinite entry (and no nan): torch's singular values are nan; its vectors are
    # whatever LAPACK left, mostly nan (ember: all nan, so that a gradient through them,
    # the nuclear norm's U Vh, is nan as torch's rather than finite)
    infinite = np.isinf(a).any(axis=(-2, -1))
    u, s, vh = np.linalg.svd(np.where(infinite[..., None, None], 0, a),
                             full_matrices=full_matrices)
    s[infinite] = np.nan
    u[infinite] = np.nan
    vh[infinite] = np.nan
    return u, s, vh


@declare("linalg_svd", grad_fn="LinalgSvdBackward0", saves=(OUT,), dtype=SAME,
         formula="A = U diag(S) Vh: dS = diag(U^T dA V); dU, dV from the gaps s_j^2 - s_i^2")
def _linalg_svd(a, full_matrices, which):
    factor = _svd_np(a, full_matrices)[which]
    return factor if which == 1 else column_major(factor)  # U, Vh: torch's LAPACK layout


def _svd_factors(a) -> tuple:
    """The reduced (U, S, Vh) of the saved input: recorded ops on Tensors (one node, as the
    forward's), one LAPACK call on arrays."""
    if xp.is_tensor(a):
        return _svd_outputs(a, False)
    return _svd_np(a, False)


def _diag_embed(values):
    """Square matrices with `values` on their diagonals (torch's diag_embed on Tensors)."""
    if xp.is_tensor(values):
        from .shape_extra import diag_embed

        return diag_embed(values)
    n = values.shape[-1]
    out = np.zeros(values.shape + (n,), values.dtype)
    out[..., np.arange(n), np.arange(n)] = values
    return out


def svd_backward(u, s, vh, g_u, g_s, g_vh, full: bool):
    """The gradient of A from the gradients of its factors U, S, Vh (None for an unused
    one), composed as torch's svd_backward on the reduced factors: the columns of a full U
    (rows of a full Vh) beyond min(m, n) are not determined by A, and their gradients are
    left out. The factors are the node's own outputs (Tensors of that node under
    create_graph, so the gradient's graph leads back through it)."""
    k = tuple(s.shape)[-1]
    if full:
        u, vh = _last(u, k, -1), _last(vh, k, -2)
        g_u = None if g_u is None else _last(g_u, k, -1)
        g_vh = None if g_vh is None else _last(g_vh, k, -2)
    m, n = tuple(u.shape)[-2], tuple(vh.shape)[-1]
    if g_u is None and g_vh is None:  # the singular values alone: U diag(gS) Vh
        if m >= n:
            return matmul_any(u, xp.unsqueeze(g_s, -1) * vh)
        return matmul_any(u * xp.unsqueeze(g_s, -2), vh)
    s_row, s_col = xp.unsqueeze(s, -2), xp.unsqueeze(s, -1)
    gaps = _gaps(s * s, s)
    # (complex: conjugate transposes where real factors take transposes)
    if g_u is not None:
        uhgu = matmul_any(_mH(u), g_u)
        uhgu = uhgu - _mH(uhgu)
    if g_vh is not None:
        vhgv = matmul_any(vh, _mH(g_vh))
        vhgv = vhgv - _mH(vhgv)
    complex_factors = xp.is_complex(u)
    if complex_factors:
        _check_phase_invariant(None if g_u is None else uhgu, None if g_vh is None else vhgv)
    if g_vh is None:
        core = (uhgu / gaps) * s_row
    elif g_u is None:
        core = s_col * (vhgv / gaps)
    else:
        core = (uhgu * s_row + s_col * vhgv) / gaps
    if g_s is not None:
        core = core + _diag_embed(g_s)
    if complex_factors and g_u is not None:
        # the phases' part: i Im(diag(U^H gU)) / S (the skew form's diagonal is twice it)
        diagonal = uhgu.diagonal(0, -2, -1) if xp.is_tensor(uhgu) else np.diagonal(
            uhgu, 0, -2, -1)
        core = core + _diag_embed(diagonal / (2 * s))
    if m > n and g_u is not None:  # with the part of gU outside U's columns
        grad = matmul_any(u, core)
        g_u_over_s = g_u / s_row
        grad = grad + g_u_over_s - matmul_any(u, matmul_any(_mH(u), g_u_over_s))
        return matmul_any(grad, vh)
    if m < n and g_vh is not None:  # with the part of gVh outside Vh's rows
        grad = matmul_any(core, vh)
        g_vh_over_s = g_vh / s_col
        grad = grad + g_vh_over_s - matmul_any(matmul_any(g_vh_over_s, _mH(vh)), vh)
        return matmul_any(u, grad)
    if m >= n:
        return matmul_any(u, matmul_any(core, vh))
    return matmul_any(matmul_any(u, core), vh)


def _check_phase_invariant(uhgu, vhgv) -> None:
    """Complex singular vectors are determined up to a phase e^{i phi} per pair: torch
    refuses a loss that depends on it (Im diag(U^H gU) must be -Im diag(V^H gV), within
    torch's tolerances), as its svd_backward does."""
    parts = [np.imag(np.diagonal(np.asarray(xp.numpy_value(x)), 0, -2, -1)) if x is not None
             else 0.0 for x in (uhgu, vhgv)]
    if not np.allclose(parts[0], -parts[1], rtol=1e-2, atol=1e-2):
        raise RuntimeError("svd_backward: The singular vectors in the complex case are "
                           "specified up to multiplication by e^{i phi}. The specified loss "
                           "function depends on this phase term, making it ill-defined.")


def matmul_any(a, b):
    """a @ b on arrays or Tensors (recorded on Tensors)."""
    if xp.is_tensor(a) or xp.is_tensor(b):
        return matmul(a, b)
    return np.matmul(a, b)


def _svd_joint(node, grads):
    """The node of one call's factors (autograd/node.JointNode): torch's one formula for
    the gradients of all three (LinalgSvdBackward0), on the factors the node saved."""
    u, s, vh = node.saved
    factors = [None, None, None]
    for g, (_, which) in zip(grads, node.params):
        factors[which] = g
    with np.errstate(all="ignore"):  # repeated or zero singular values give inf/nan, as torch
        return (svd_backward(u, s, vh, *factors, node.params[0][0]),)


@_linalg_svd.backward
def _(ctx, g):
    # One factor's gradient (params: full_matrices, which factor) on a node saving the
    # call's three factors, for callers of the op's backward; the engine calls the
    # JointNode's formula, every recorded call's factors sharing one (_join_factors)
    factors = [None, None, None]
    factors[ctx.params[1]] = g
    u, s, vh = ctx.saved
    with np.errstate(all="ignore"):
        return (svd_backward(u, s, vh, *factors, ctx.params[0]),)


# (the formulas address the matrix dims from the end: a leading batch dim of gradients
# broadcasts through them, autograd/batched.py)
_SVD_NODE = joint_node_class("LinalgSvdBackward0", _svd_joint, _svd_joint, (_linalg_svd,))
_batched_rule("linalg_svd")(_linalg_svd.backward_fn)


@_linalg_svd.tangent
def _(ctx, t):
    full, which = ctx.params
    return _svd_tangent(_svd_factors(ctx.inputs[0]), t, full, which)


def _svd_tangent(factors: tuple, t: Tensor, full: bool, which: int) -> Tensor:
    """The tangent of factor `which` of A's SVD for A's tangent t, from A's reduced factors
    (U, S, Vh)."""
    u, s, vh = factors
    m, n = u.shape[-2], vh.shape[-1]
    k = min(m, n)
    v = vh.mH
    dp = u.mH @ t @ v  # U^H dA V, k x k
    if which == 1:
        diagonal = dp.diagonal(dim1=-2, dim2=-1)
        return diagonal.real if diagonal.is_complex() else diagonal
    s_row, s_col = s.unsqueeze(-2), s.unsqueeze(-1)
    eye = Tensor(np.eye(k, dtype=s._data.dtype))
    inverse_gaps = (1 - eye) / _gaps(s * s, s)  # 1 / (s_j^2 - s_i^2) off the diagonal, 0 on it
    # complex: the phases of U's and V's columns take half of Im(diag(dP)) / S each, with
    # opposite signs (torch's gauge)
    phases = None
    if dp.is_complex():
        from .shape_extra import diag_embed

        phases = diag_embed(1j * dp.diagonal(dim1=-2, dim2=-1).imag / (2 * s))
    if which == 0:
        inner = inverse_gaps * (dp * s_row + s_col * dp.mH)
        d = u @ (inner if phases is None else inner + phases)
        if m > k:
            tv = t @ v
            d = d + (tv - u @ (u.mH @ tv)) / s_row
        return _padded(d, m if full else k, -1)
    inner = inverse_gaps * (s_col * dp + dp.mH * s_row)
    d = v @ (inner if phases is None else inner - phases)
    if n > k:
        tu = t.mH @ u
        d = d + (tu - v @ (v.mH @ tu)) / s_row
    return _padded(d.mH, n if full else k, -2)


def _padded(d: Tensor, size: int, dim: int) -> Tensor:
    """d with zeros appended along dim up to `size`: the columns of a full U (rows of a full
    Vh) beyond min(m, n) are not determined by A and get no tangent (their gradient is
    ignored too)."""
    missing = size - d.shape[dim]
    if missing == 0:
        return d
    from .shape_copies import cat

    shape = list(d.shape)
    shape[dim] = missing
    return cat([d, Tensor(np.zeros(shape, d._data.dtype))], dim)


def _svd_outputs(A: Tensor, full_matrices: bool, factors: tuple = (0, 1, 2)) -> tuple:
    """The factors of one call (those in `factors`), sharing one node when recorded (torch's
    one node). A recorded call computes all three, as torch's svdvals computes U and Vh
    when A's gradient may be needed: its node saves them (_join_factors)."""
    full = bool(full_matrices)
    op = OPS["linalg_svd"]
    tangent = forward_ad.tangent_of(A) if forward_ad.state.level is not None else None
    if tangent is not None and A._data.dtype.kind == "c":
        return _complex_svd_with_tangents(A, tangent, full, factors)
    s = apply(op, (A,), (full, 1))  # (S first: torch saves, and packs, S before U and Vh)
    if s._grad_fn is None and factors == (1,):
        return (s,)
    outputs = (apply(op, (A,), (full, 0)), s, apply(op, (A,), (full, 2)))
    if s._grad_fn is not None:
        _join_factors(outputs, _SVD_NODE)
    return tuple([outputs[k] for k in factors])


def _complex_svd_with_tangents(A: Tensor, t: Tensor, full: bool, factors: tuple) -> tuple:
    """A complex SVD in a dual level: the factors first, then their tangents from these
    factors themselves (as torch's svd_jvp uses its outputs). Each tangent alone depends on
    the phases of the singular vectors; taken from one SVD (the outputs' own node) they do
    not, so that reverse over forward differentiates them (that node refuses a gradient
    that depends on the phases)."""
    op = OPS["linalg_svd"]

    def tangents(outputs):
        u, s, vh = outputs
        k = s.shape[-1]
        reduced = (_last(u, k, -1), s, _last(vh, k, -2)) if full else outputs
        return [_svd_tangent(reduced, t, full, which) for which in range(3)]

    outputs = _with_own_tangents(lambda: (apply(op, (A,), (full, 0)), apply(op, (A,), (full, 1)),
                                          apply(op, (A,), (full, 2))), _SVD_NODE, tangents)
    return tuple([outputs[k] for k in factors])


def _with_own_tangents(compute, node_class: type, tangents_of) -> tuple:
    """A decomposition's outputs (compute()) joined into one node of node_class, with this
    thread's forward mode paused, then their tangents (tangents_of(outputs)) set."""
    local = forward_ad.local
    paused = local.paused
    local.paused = True  # (no tangents from the ops' own rules, nor for the rules' ops)
    try:
        outputs = compute()
        if outputs[0]._grad_fn is not None:
            _join_factors(outputs, node_class)
        tangents = tangents_of(outputs)
    finally:
        local.paused = paused
    for output, tangent in zip(outputs, tangents):
        forward_ad.set_tangent(output, tangent)
    if outputs[0]._grad_fn is not None:
        forward_ad.state.level.output_tangents[outputs[0]._grad_fn] = tuple(tangents)
    return outputs


def _join_factors(outputs: tuple, node_class: type) -> None:
    """One node of `node_class` for a decomposition's recorded factors ((U, S, Vh), or
    (eigenvalues, eigenvectors)), saving each as its output 0, 1... (each factor's node
    saved its own output: a SavedOutput, no Tensor, so no reference cycle; packed when
    saved_tensors_hooks are open). Unpacked under create_graph, they are Tensors of this
    node, and an in-place write into a returned factor since makes the backward refuse,
    as torch's version check does."""
    nodes = [t._grad_fn for t in outputs]
    join_outputs(list(outputs), node_class)
    saved = []
    for nr, node in enumerate(nodes):
        (entry,) = node._saved  # (a SavedOutput, or a SavedPacked: both have output_nr)
        entry.output_nr = nr
        saved.append(entry)
    joint = outputs[0]._grad_fn
    joint._saved = tuple(saved)
    # (versions are kept only with packed entries, which torch does not check: all None)
    joint._versions = None if all(n._versions is None for n in nodes) else (
        None,) * len(nodes)
    # In a dual level, each factor's tangent was kept for its own node (saved outputs find
    # theirs by their node, forward_ad.tangent_of): now the joint node's, one per output
    level = forward_ad.state.level
    if level is not None and level.output_tangents:
        tangents = tuple([level.output_tangents.get(node) for node in nodes])
        if any(t is not None for t in tangents):
            level.output_tangents[joint] = tangents


def linalg_svd(A: Tensor, full_matrices: bool = True, *, driver=None, out=None):
    """torch.linalg.svd: (U, S, Vh) with A = U diag(S) Vh, S descending. full_matrices gives
    square U and Vh; otherwise U is m x k and Vh k x n (k = min(m, n))."""
    _no_out(out)
    _check_driver(driver)
    _check_matrix("svd", A, "linalg_svd_cpu", complex_ok=True)
    return _LINALG_SVD(_svd_outputs(A, full_matrices))


def linalg_svdvals(A: Tensor, *, driver=None, out=None) -> Tensor:
    """torch.linalg.svdvals: the singular values, descending."""
    _no_out(out)
    _check_driver(driver)
    _check_matrix("svd", A, "linalg_svd_cpu", complex_ok=True)
    return _svd_outputs(A, False, (1,))[0]


def _check_driver(driver) -> None:
    if driver is not None:
        raise RuntimeError("torch.linalg.svd: keyword argument `driver=` is only supported on "
                           "CUDA inputs with cuSOLVER backend.")


@public()
def svd(input: Tensor, some: bool = True, compute_uv: bool = True):
    """torch.svd (deprecated in torch for linalg.svd): (U, S, V) with V = Vh^T. `some` gives
    the reduced factors; without compute_uv, U and V are zeros of the full shapes."""
    if isinstance(input, Tensor) and input._data.ndim < 2:
        raise RuntimeError(f"linalg.svd: input should have at least 2 dimensions, but has "
                           f"{input._data.ndim} dimensions instead")
    _check_matrix("svd", input, "linalg_svd_cpu", complex_ok=True)
    if not compute_uv:
        m, n = input._data.shape[-2:]
        batch = input._data.shape[:-2]
        (s,) = _svd_outputs(input, False, (1,))
        dtype = input._data.dtype
        # (torch's V is laid out as its LAPACK's Vh would be, its U is not)
        return _SVD((Tensor(np.zeros(batch + (m, m), dtype)), s,
                     Tensor(column_major(np.zeros(batch + (n, n), dtype)))))
    u, s, vh = _svd_outputs(input, not some)
    return _SVD((u, s, vh.mH))  # (complex: V = Vh^H, a conjugate view as torch's)


# ====================================================================== cholesky
# NumPy 2 factors either triangle with LAPACK; NumPy 1 has only the lower one.
_NUMPY_HAS_UPPER_CHOLESKY = np.lib.NumpyVersion(np.__version__) >= "2.0.0"


def _numpy_cholesky(a: np.ndarray, upper: bool) -> np.ndarray:
    """NumPy's Cholesky factor, upper or lower, read from that triangle of `a` only (on
    NumPy 1 the upper one is the conjugate transpose of the lower factor of a's conjugate
    transpose, whose lower triangle is a's upper one)."""
    if _NUMPY_HAS_UPPER_CHOLESKY:
        return np.linalg.cholesky(a, upper=upper)
    if not upper:
        return np.linalg.cholesky(a)
    return np.swapaxes(np.linalg.cholesky(np.swapaxes(a, -1, -2).conj()), -1, -2).conj()


def _cholesky_info(a: np.ndarray, upper: bool) -> np.ndarray:
    """LAPACK's info per matrix: 0, or the order of the first minor that is not PD (a nan
    pivot counts as one: NumPy's factor is nan there without an error)."""
    matrices = a.reshape((-1,) + a.shape[-2:])
    info = np.zeros(len(matrices), np.int32)
    for i, m in enumerate(matrices):
        try:
            if not np.isnan(_numpy_cholesky(m, upper)).any():
                continue
        except np.linalg.LinAlgError:
            pass
        info[i] = _partial_factor(m, upper)[1]
    return info.reshape(a.shape[:-2])


def _cholesky_np(a: np.ndarray, upper: bool, name: str) -> np.ndarray:
    try:
        factor = _numpy_cholesky(a, upper)
        if not np.isnan(factor).any():
            return column_major(factor)  # (torch's LAPACK layout)
    except np.linalg.LinAlgError:
        pass
    info = _cholesky_info(a, upper).reshape(-1)
    if info.any():
        first = int(np.flatnonzero(info)[0])
        prefix = f"(Batch element {first}): " if a.ndim > 2 else ""
        raise _LinAlgError(
            f"{name}: {prefix}The factorization could not be completed because the input is "
            f"not positive-definite (the leading minor of order {info[first]} is not "
            "positive-definite).") from None
    return column_major(factor)  # nan from nan entries off the pivots


def _partial_factor(m: np.ndarray, upper: bool) -> tuple[np.ndarray, int]:
    """The factor of one matrix as LAPACK leaves it, and its info: the columns computed
    (left-looking, from m's lower triangle; `upper`: the conjugate transpose of the lower
    factor of m^H) up to the first pivot that is not positive (or is nan), which holds the
    value it came to, and m's own triangle in the columns after it. (torch's LAPACK works
    by blocks above 128 rows, which leaves other values after a failure.)"""
    lower = m.T.conj() if upper else m
    factor = np.tril(lower)
    info = 0
    with np.errstate(all="ignore"):
        for j in range(m.shape[-1]):
            row = factor[j, :j]
            pivot = (lower[j, j] - np.vdot(row, row)).real
            if not pivot > 0:
                factor[j, j], info = pivot, j + 1
                break
            factor[j, j] = np.sqrt(pivot)
            factor[j + 1:, j] = (lower[j + 1:, j] - factor[j + 1:, :j] @ row.conj()) / factor[j, j]
    return (factor.T.conj() if upper else factor), info


def _cholesky_partial(a: np.ndarray, upper: bool) -> np.ndarray:
    """cholesky_ex's factor: NumPy's where A is positive-definite, else the partial one."""
    try:
        factor = _numpy_cholesky(a, upper)
        if not np.isnan(factor).any():
            return column_major(factor)
    except np.linalg.LinAlgError:
        pass
    matrices = a.reshape((-1,) + a.shape[-2:])
    factors = np.stack([_partial_factor(m, upper)[0] for m in matrices]) if len(matrices) \
        else matrices
    return column_major(factors.reshape(a.shape))


def _cholesky_op(name: str, grad_fn: str, message_name: str):
    op = declare(name, grad_fn=grad_fn, saves=(OUT,), dtype=SAME,
                 formula="A = L L^T: grad_A = L^-T phi(L^T gL) L^-1, phi: the lower triangle "
                         "symmetrized with its diagonal halved")(
        lambda a, upper, partial=False: (_cholesky_partial(a, upper) if partial
                                         else _cholesky_np(a, upper, message_name)))
    op.backward(_cholesky_backward)
    op.tangent(_cholesky_tangent)
    return op


def _solve_left(a, b):
    """a^-1 b on arrays or Tensors (recorded as linalg.solve on Tensors)."""
    return xp.op("solve", (a, b), False)


def _cholesky_backward(ctx, g):
    (factor,) = ctx.saved
    upper = ctx.params[0]
    # (complex: A = L L^H, conjugate transposes where real matrices take transposes)
    lower, g_lower = (_mH(factor), _mH(g)) if upper else (factor, g)
    n = tuple(lower.shape)[-1]
    grad = _lower(matmul_any(_mH(lower), g_lower), n)
    grad = 0.5 * (grad + _mH(_strictly_lower(grad, n)))
    if xp.is_complex(grad):  # (triangular solves, torch's last node: its grad_fn name)
        grad = xp.op("solve_triangular", (_mH(lower), grad), True, True, False)
        grad = xp.op("solve_triangular", (lower, grad), False, False, False)
        return (grad if xp.is_tensor(grad) else column_major(grad),)
    grad = _solve_left(_mH(lower), grad)              # L^-H (...)
    grad = _mH(_solve_left(_mH(lower), _mH(grad)))    # (...) L^-1
    # torch's gradient comes from triangular solves: LAPACK's layout
    return (grad if xp.is_tensor(grad) else column_major(grad),)


def _lower(x, n: int):
    return xp.op("tril", (x,), 0)


def _strictly_lower(x, n: int):
    return xp.op("tril", (x,), -1)


def _cholesky_tangent(ctx, t):
    # dL = L phi(L^-1 dA L^-T), phi: the lower triangle with its diagonal halved
    from .linalg import solve

    upper = ctx.params[0]
    factor = ctx.output
    lower = factor.mH if upper else factor
    n = lower.shape[-1]
    inner = solve(lower, solve(lower, t.mH).mH)  # L^-1 dA L^-H (dA Hermitian in effect)
    half = Tensor(np.tril(np.ones((n, n)), -1) + 0.5 * np.eye(n)).to(lower.dtype)
    d = lower @ (inner * half)
    return d.mH if upper else d


_linalg_cholesky = _cholesky_op("linalg_cholesky", "LinalgCholeskyExBackward0",
                                "linalg.cholesky")
_old_cholesky = _cholesky_op("cholesky", "CholeskyBackward0", "cholesky")


def linalg_cholesky(A: Tensor, *, upper: bool = False, out=None) -> Tensor:
    """torch.linalg.cholesky: the lower-triangular L with A = L L^T (reading A's lower
    triangle), or with upper=True the upper U = L^T (reading the upper triangle). Raises
    LinAlgError when A is not positive-definite."""
    _no_out(out)
    _check_matrix("cholesky", A, "cholesky_cpu", square=True, complex_ok=True)
    return apply(_linalg_cholesky, (A,), (bool(upper),))


def linalg_cholesky_ex(A: Tensor, *, upper: bool = False, check_errors: bool = False,
                       out=None):
    """torch.linalg.cholesky_ex: (L, info) without raising unless check_errors; info is 0,
    or the order of the first leading minor that is not positive-definite."""
    _no_out(out)
    _check_matrix("cholesky", A, "cholesky_cpu", square=True, complex_ok=True)
    info = _cholesky_info(A._data, bool(upper))
    if check_errors and info.any():
        _cholesky_np(A._data, bool(upper), "linalg.cholesky_ex")  # raises torch's error
    # (where a minor is not positive-definite, the partial factor LAPACK leaves)
    return _CHOLESKY_EX((apply(_linalg_cholesky, (A,), (bool(upper), True)), Tensor(info)))


@public()
def cholesky(input: Tensor, upper: bool = False) -> Tensor:
    """torch.cholesky (deprecated in torch for linalg.cholesky, with a warning: torch's
    fires once per process; here Python's default filter shows it once per calling line)."""
    _warn_cholesky_deprecated()
    _check_matrix("cholesky", input, "cholesky_cpu", square=True, complex_ok=True)
    return apply(_old_cholesky, (input,), (bool(upper),))


def _warn_cholesky_deprecated() -> None:
    warn_once(
        "cholesky",
        "torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be removed "
        "in a future PyTorch release.\nL = torch.cholesky(A)\nshould be replaced with\n"
        "L = torch.linalg.cholesky(A)\nand\nU = torch.cholesky(A, upper=True)\nshould be "
        "replaced with\nU = torch.linalg.cholesky(A).mH\nThis transform will produce "
        "equivalent results for all valid (symmetric positive definite) inputs.")


# ====================================================================== eigh
def _eigh_np(a: np.ndarray, uplo: str) -> tuple:
    return np.linalg.eigh(a, UPLO=uplo)


@declare("linalg_eigh", grad_fn="LinalgEighBackward0", saves=(OUT,), dtype=SAME,
         formula="A = V diag(L) V^T: grad_A = V (diag(gL) + (V^T gV) / (l_j - l_i)) V^T")
def _linalg_eigh(a, uplo, which):
    factor = _eigh_np(a, uplo)[which]
    return column_major(factor) if which else factor  # vectors: torch's LAPACK layout


def _eigh_factors(a, uplo: str) -> tuple:
    """The (eigenvalues, eigenvectors) of a saved input: recorded ops on Tensors (one node,
    as the forward's), one LAPACK call on arrays."""
    if xp.is_tensor(a):
        return _eigh_outputs(a, uplo)
    return _eigh_np(a, uplo)


def eigh_backward(values, vectors, g_values, g_vectors):
    """The gradient of a symmetric A from the gradients of its eigenvalues and eigenvectors
    (None for an unused one), on the factors the node saved (Tensors of that node under
    create_graph): V (diag(gL) + skew(V^T gV) / (l_j - l_i)) V^T, as torch composes it."""
    if g_vectors is None:
        inner = xp.unsqueeze(g_values, -1) * _eye(tuple(values.shape)[-1], values)
        if xp.is_complex(vectors):
            inner = xp.astype(inner, xp.numpy_dtype(vectors))
    else:
        n = tuple(values.shape)[-1]
        vhgv = matmul_any(_mH(vectors), g_vectors)  # (complex: V^H gV)
        with np.errstate(all="ignore"):  # repeated eigenvalues: inf/nan, as torch
            # the skew part: the gradient of a symmetric input is symmetric
            skew = 0.5 * (vhgv - _mH(vhgv))
            if xp.is_complex(vectors):
                # torch's check of the phases; its skew part keeps i Im of the diagonal
                # (zero but for rounding, where the loss passes the check)
                _check_eigh_phase_invariant(vhgv)
                inner = skew / _gaps(values, values)
            else:
                off = xp.constant(1 - np.eye(n, dtype=xp.numpy_dtype(values)), values)
                inner = skew * off / _gaps(values, values)
        if g_values is not None:
            inner = inner + xp.unsqueeze(g_values, -1) * _eye(n, values)
    return matmul_any(matmul_any(vectors, inner), _mH(vectors))


def _check_eigh_phase_invariant(vhgv) -> None:
    """Complex eigenvectors are determined up to a phase e^{i phi} each: torch refuses a
    loss that depends on it (Im diag(V^H gV) must be 0 within its tolerances)."""
    imaginary = np.imag(np.diagonal(np.asarray(xp.numpy_value(vhgv)), 0, -2, -1))
    if not np.allclose(imaginary, 0, rtol=1e-2, atol=1e-2):
        raise RuntimeError("linalg_eigh_backward: The eigenvectors in the complex case are "
                           "specified up to multiplication by e^{i phi}. The specified loss "
                           "function depends on this quantity, so it is ill-defined.")


def _eigh_joint(node, grads):
    """The node of one call's eigenvalues and eigenvectors (autograd/node.JointNode):
    torch's one formula for both (LinalgEighBackward0), on the factors the node saved."""
    values, vectors = node.saved
    factors = [None, None]
    for g, (_, which) in zip(grads, node.params):
        factors[which] = g
    return (eigh_backward(values, vectors, *factors),)


@_linalg_eigh.backward
def _(ctx, g):
    # One factor's gradient (params: uplo, which factor) on a node saving the call's two
    # factors, for callers of the op's backward; the engine calls the JointNode's formula
    factors = [None, None]
    factors[ctx.params[1]] = g
    values, vectors = ctx.saved
    return (eigh_backward(values, vectors, *factors),)


_EIGH_NODE = joint_node_class("LinalgEighBackward0", _eigh_joint, _eigh_joint,
                              (_linalg_eigh,))
_batched_rule("linalg_eigh")(_linalg_eigh.backward_fn)


def _eigh_outputs(A: Tensor, uplo: str) -> tuple:
    """(eigenvalues, eigenvectors) of one call, sharing one node when recorded that saves
    both (torch's eigvalsh computes the eigenvectors too when a gradient may be needed)."""
    op = OPS["linalg_eigh"]
    tangent = forward_ad.tangent_of(A) if forward_ad.state.level is not None else None
    if tangent is not None and A._data.dtype.kind == "c":  # (see _complex_svd_with_tangents)
        return _with_own_tangents(
            lambda: (apply(op, (A,), (uplo, 0)), apply(op, (A,), (uplo, 1))), _EIGH_NODE,
            lambda outputs: [_eigh_tangent(outputs, tangent, which) for which in (0, 1)])
    outputs = (apply(op, (A,), (uplo, 0)), apply(op, (A,), (uplo, 1)))
    if outputs[0]._grad_fn is not None:
        _join_factors(outputs, _EIGH_NODE)
    return outputs


@_linalg_eigh.tangent
def _(ctx, t):
    uplo, which = ctx.params
    return _eigh_tangent(_eigh_factors(ctx.inputs[0], uplo), t, which)


def _eigh_tangent(factors: tuple, t: Tensor, which: int) -> Tensor:
    values, vectors = factors
    dp = vectors.mH @ t @ vectors  # torch reads the whole tangent, not one triangle
    if which == 0:
        diagonal = dp.diagonal(dim1=-2, dim2=-1)
        return diagonal.real if diagonal.is_complex() else diagonal
    n = values.shape[-1]
    off = Tensor(1 - np.eye(n, dtype=values._data.dtype))
    return vectors @ (dp * off / _gaps(values, values))


def _check_uplo(uplo) -> str:
    if not isinstance(uplo, str) or uplo.upper() not in ("L", "U") or len(uplo) != 1:
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {uplo}")
    return uplo.upper()


def linalg_eigh(A: Tensor, UPLO: str = "L", *, out=None):
    """torch.linalg.eigh: (eigenvalues ascending, eigenvectors as columns) of a symmetric
    matrix, reading its triangle UPLO."""
    _no_out(out)
    uplo = _check_uplo(UPLO)
    _check_matrix("eigh", A, "linalg_eigh_cpu", square=True, kernel_checks_dtype=True,
                  complex_ok=True)
    return _EIGH(_eigh_outputs(A, uplo))


def linalg_eigvalsh(A: Tensor, UPLO: str = "L", *, out=None) -> Tensor:
    """torch.linalg.eigvalsh: the eigenvalues (ascending) of a symmetric matrix."""
    _no_out(out)
    uplo = _check_uplo(UPLO)
    _check_matrix("eigh", A, "linalg_eigh_cpu", square=True, kernel_checks_dtype=True,
                  complex_ok=True)
    values = apply(OPS["linalg_eigh"], (A,), (uplo, 0))
    if values._grad_fn is not None:  # (torch computes and saves the eigenvectors too)
        _join_factors((values, apply(OPS["linalg_eigh"], (A,), (uplo, 1))), _EIGH_NODE)
    return values

# Complex Hermitian matrices: A = L L^H, the backward and tangent with conjugate transposes
# (checked against torch: tests/samples/complex_leftovers.py)
allow_complex("linalg_cholesky", "cholesky")
# Complex SVD: real singular values, torch's gradient with conjugate transposes, the phase
# term and the refusal of phase-dependent losses
allow_complex("linalg_svd")
# Complex Hermitian eigendecomposition: real eigenvalues, torch's gradient with V^H and its
# refusal of losses that depend on the eigenvectors' phases
allow_complex("linalg_eigh")
