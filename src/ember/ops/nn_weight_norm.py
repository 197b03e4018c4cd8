"""Weight normalisation: torch._weight_norm, its fused kernel and torch.norm_except_dim.

`_weight_norm(v, g, dim)` is `v * (g / ||v||)`, the norm taken over every dim but `dim`
(nn.utils.weight_norm and nn.utils.parametrizations.weight_norm call it). As in torch,
dim 0 and the last dim run the fused kernel `_weight_norm_interface` (one op here,
recorded as WeightNormInterfaceBackward0; float16 computed in float32 and rounded once);
any other dim, and -1 (one norm of the whole tensor), compose `norm_except_dim` with a
product and a division (MulBackward0).

`norm_except_dim(v, pow, dim)` is torch's composition: the tensor viewed as rows (dim 0)
or columns (last dim), each one's norm (NormBackward1), viewed back with ones in the
other dims (ViewBackward0); another dim is transposed to the front and back; dim -1 is the
norm of all elements (NormBackward0).

The fused kernel's gradient is torch's formula: with s = sum(grad * v) over each slice,
grad_g = s / ||v|| and grad_v = (g / ||v||) * (grad - v * (s / ||v||^2)). It reads the
norms again from v, so its second derivatives are the true ones; torch's keep its saved
norms constant and differ there (docs/differences.md).
"""

from __future__ import annotations

import numpy as np

from .._dispatch import apply, complex_unsupported
from .._tensor import Tensor
from . import _xp as xp
from ._registry import OPS, OUT, SAME, declare, public
from .linalg import _scalar_name

__all__ = ["norm_except_dim"]

# The whole-tensor norm of torch's at::norm(v, p) (NormBackward0): vector_norm's values
# and gradients under that name, as `norm_dim` (NormBackward1) is for a norm along a dim.
_norm_all = declare("norm_all", grad_fn="NormBackward0", dtype=OPS["norm"].dtype_rule,
                    saves=(0, OUT), formula=OPS["norm"].formula)(OPS["norm"].forward)
_norm_all.backward(OPS["norm"].backward_fn)
_norm_all.tangent(OPS["norm"].tangent_fn)


def _check_float(v: Tensor) -> None:
    if v._data.dtype.kind == "c":  # (torch computes it: ember not yet)
        raise complex_unsupported("norm")
    if v._data.dtype.kind != "f":
        raise RuntimeError("norm(): input dtype should be either floating point or complex. "
                           f"Got {_scalar_name(v)} instead.")


@public(method=False)
def norm_except_dim(v: Tensor, pow: int = 2, dim: int = 0) -> Tensor:
    """The `pow`-norm of each slice of v along `dim` (over all the other dims), shaped with
    ones in those dims; dim=-1: the norm of every element (a 0-d tensor)."""
    from .reduction import norm_dim
    from .shape import transpose

    _check_float(v)
    ndim = v._data.ndim
    if dim == -1:
        return apply(_norm_all, (v,), (float(pow), tuple(range(ndim)), False))
    if dim == 0:
        size = [1] * ndim
        size[0] = v.shape[0]
        rows = v.contiguous().view(v.shape[0], -1)
        return norm_dim(rows, pow, 1).view(size)
    if dim == ndim - 1:
        size = [1] * ndim
        size[-1] = v.shape[-1]
        columns = v.contiguous().view(-1, v.shape[-1])
        return norm_dim(columns, pow, 0).view(size)
    return transpose(norm_except_dim(transpose(v, 0, dim), pow, 0), 0, dim)


# ---------------------------------------------------------------------- the fused kernel
def _slices(v_shape: tuple, dim: int) -> tuple[tuple, tuple]:
    """(the dims a slice spans, the shape of a per-slice value: ones but at `dim`)."""
    ndim = len(v_shape)
    others = tuple(d for d in range(ndim) if d != dim)
    kept = tuple(size if d == dim else 1 for d, size in enumerate(v_shape))
    return others, kept


@declare("weight_norm_interface", grad_fn="WeightNormInterfaceBackward0", saves=(0, 1),
         dtype=SAME,
         formula="w = v * (g / ||v||): s = sum(grad * v), grad_g = s / ||v||, "
                 "grad_v = (g / ||v||) * (grad - v * (s / ||v||^2))")
def _weight_norm_interface(v, g, dim):
    """v * (g / norm) with the norm of each slice of v at `dim` (dim 0 or the last)."""
    others, kept = _slices(v.shape, dim)
    wide = v.astype(np.float32) if v.dtype == np.float16 else v  # (float16 sums in float32)
    norms = np.sqrt(np.sum(wide * wide, axis=others, keepdims=True))
    scale = g.reshape(kept).astype(wide.dtype) / norms  # (rounded once, then multiplied)
    return np.ascontiguousarray(v * scale.astype(v.dtype, copy=False))


@_weight_norm_interface.backward
def _(ctx, grad):
    v, g = ctx.saved
    (dim,) = ctx.params
    if not xp.is_tensor(grad) and grad.dtype == np.float16:
        # torch's kernel computes a float16 gradient in float32 and rounds it once
        grad_v, grad_g = _weight_norm_grads(grad.astype(np.float32), v.astype(np.float32),
                                            g.astype(np.float32), dim)
        return grad_v.astype(np.float16), grad_g.astype(np.float16)
    return _weight_norm_grads(grad, v, g, dim)


def _weight_norm_grads(grad, v, g, dim: int):
    others, kept = _slices(tuple(v.shape), dim)
    norms = xp.sqrt(xp.sum(v * v, others, keepdim=True))
    per_slice = xp.sum(grad * v, others, keepdim=True)
    g_kept = g if tuple(g.shape) == kept else xp.reshape(g, kept)
    grad_v = (g_kept / norms) * (grad - v * (per_slice / (norms * norms)))
    grad_g = per_slice / norms
    if tuple(g.shape) != kept:
        grad_g = xp.reshape(grad_g, tuple(g.shape))
    return grad_v, grad_g


def _weight_norm_checks(v: Tensor, g: Tensor, dim: int) -> None:
    if v._data.dtype.kind != "f":
        raise NotImplementedError(
            f"\"weight_norm_kernel\" not implemented for '{_scalar_name(v)}'")
    if g._data.dtype != v._data.dtype:
        raise RuntimeError(f"expected scalar type {_scalar_name(v)} but found "
                           f"{_scalar_name(g)}")
    if g._data.size != v._data.shape[dim]:
        # (torch's kernel reads one g per slice without checking; ember refuses)
        raise RuntimeError(f"_weight_norm: g has {g._data.size} elements, but v has "
                           f"{v._data.shape[dim]} slices along dim {dim}")


@public(name="_weight_norm", method=False)
def weight_norm(v: Tensor, g: Tensor, dim: int = 0) -> Tensor:
    """v * (g / norm_except_dim(v, 2, dim)): the fused kernel for dim 0 and the last dim,
    torch's composition otherwise."""
    v = v.contiguous()
    g = g.contiguous()
    if dim == 0 or dim == v._data.ndim - 1:
        _weight_norm_checks(v, g, dim)
        return apply(OPS["weight_norm_interface"], (v, g), (dim,))
    return v * (g / norm_except_dim(v, 2, dim))
