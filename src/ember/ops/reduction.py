"""Reductions: sum, mean, prod, max/min, std/var, norm, logsumexp, cumulative ops.

A reduction's backward puts the incoming gradient back into the input's shape: reduced
dims are re-inserted (when keepdim was False) and the gradient is expanded over them.
"""

from __future__ import annotations

import numpy as np

from .._dispatch import apply
from .._tensor import Tensor
from ._dims import wrap_dims
from ._registry import FLOAT, OPS, OUT, SAME, declare, public


def _axis(dims: tuple[int, ...], ndim: int):
    """NumPy's axis for reduced dims (a 0-d tensor reduces over nothing)."""
    return dims if ndim else None


def expand_reduced(grad: Tensor, shape: tuple, dims: tuple[int, ...], keepdim: bool) -> Tensor:
    """The gradient of a reduction, back in the input's shape (re-insert dims, then expand)."""
    if not keepdim and shape:
        kept = list(shape)
        for d in dims:
            kept[d] = 1
        grad = grad.reshape(tuple(kept))
    return grad.expand(shape)


def _integer_sum_dtype(x: np.ndarray):
    """torch sums bool and integer tensors in int64."""
    return np.int64 if x.dtype.kind in "biu" else None


# ---------------------------------------------------------------------- sum / mean
@declare("sum", grad_fn="SumBackward0", dtype=SAME, formula="d sum(x)/dx_i = 1")
def _sum_all(x, input_shape):
    return np.sum(x, dtype=_integer_sum_dtype(x))


@_sum_all.backward
def _(ctx, g):
    return (g.expand(ctx.params[0]),)


@declare("sum_dim", grad_fn="SumBackward1", dtype=SAME, formula="d sum(x, dim)/dx_i = 1")
def _sum_dim(x, shape, dims, keepdim):
    return np.sum(x, axis=_axis(dims, x.ndim), keepdims=keepdim, dtype=_integer_sum_dtype(x))


@_sum_dim.backward
def _(ctx, g):
    shape, dims, keepdim = ctx.params
    return (expand_reduced(g, shape, dims, keepdim),)


@public()
def sum(input: Tensor, dim=None, keepdim: bool = False, *, dtype=None, **aliases) -> Tensor:
    """Sum of all elements, or over `dim` (an int or a tuple of ints)."""
    dim, keepdim = _aliases(dim, keepdim, aliases)
    if dtype is not None:
        input = input.to(dtype)
    if dim is None and not keepdim:
        return apply(OPS["sum"], (input,), (input._data.shape,))
    dims = wrap_dims(dim, input._data.ndim) if dim != () else tuple(range(input._data.ndim))
    return apply(OPS["sum_dim"], (input,), (input._data.shape, dims, keepdim))


def _aliases(dim, keepdim, aliases: dict):
    """torch accepts NumPy's spellings `axis=` and `keepdims=` too."""
    if "axis" in aliases:
        dim = aliases.pop("axis")
    if "keepdims" in aliases:
        keepdim = aliases.pop("keepdims")
    if aliases:
        name = next(iter(aliases))
        raise TypeError(f"got an unexpected keyword argument '{name}'")
    return dim, keepdim


@declare("mean", grad_fn="MeanBackward0", dtype=SAME, formula="d mean(x)/dx_i = 1/n")
def _mean_all(x, input_shape):
    return np.mean(x)


@_mean_all.backward
def _(ctx, g):
    (shape,) = ctx.params
    n = int(np.prod(shape))
    return ((g / n).expand(shape),)


@declare("mean_dim", grad_fn="MeanBackward1", dtype=SAME, formula="d mean(x, dim)/dx_i = 1/n")
def _mean_dim(x, shape, dims, keepdim):
    return np.mean(x, axis=_axis(dims, x.ndim), keepdims=keepdim)


@_mean_dim.backward
def _(ctx, g):
    shape, dims, keepdim = ctx.params
    n = int(np.prod([shape[d] for d in dims])) if shape else 1
    return (expand_reduced(g / n, shape, dims, keepdim),)


@public()
def mean(input: Tensor, dim=None, keepdim: bool = False, *, dtype=None, **aliases) -> Tensor:
    """Mean of all elements, or over `dim`."""
    dim, keepdim = _aliases(dim, keepdim, aliases)
    if dtype is not None:
        input = input.to(dtype)
    if input._data.dtype.kind != "f":
        raise RuntimeError(
            "mean(): could not infer output dtype. Input dtype must be either a floating "
            f"point or complex dtype. Got: {_type_word(input)}"
        )
    if dim is None and not keepdim:
        return apply(OPS["mean"], (input,), (input._data.shape,))
    dims = wrap_dims(dim, input._data.ndim)
    return apply(OPS["mean_dim"], (input,), (input._data.shape, dims, keepdim))


def _type_word(t: Tensor) -> str:
    return {"int64": "Long", "int32": "Int", "int16": "Short", "int8": "Char",
            "uint8": "Byte", "bool": "Bool"}.get(t.dtype.name, t.dtype.name)


# ---------------------------------------------------------------------- sum_to_size
@declare("sum_to_size", grad_fn="SumBackward1", dtype=SAME,
         formula="d sum_to_size(x)/dx_i = 1")
def _sum_to_size(x, shape, input_shape):
    lead = x.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(
        lead + i for i, s in enumerate(shape) if s == 1 and x.shape[lead + i] != 1)
    result = np.sum(x, axis=axes, keepdims=True) if axes else x
    return result.reshape(shape)


@_sum_to_size.backward
def _(ctx, g):
    return (g.expand(ctx.params[1]),)


@public()
def sum_to_size(input: Tensor, *size) -> Tensor:
    """Sum broadcast dims away so the result has `size` (the inverse of expand)."""
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = tuple(size[0])
    size = tuple(size)
    if tuple(input._data.shape) == size:
        return input
    try:
        if np.broadcast_shapes(size, input._data.shape) != input._data.shape:
            raise ValueError
    except ValueError:
        raise RuntimeError(
            f"size {{{list(size)}}} is not expandable to size {{{list(input._data.shape)}}}."
        ) from None
    return apply(OPS["sum_to_size"], (input,), (size, input._data.shape))


# ---------------------------------------------------------------------- norm
@declare("norm", grad_fn="LinalgVectorNormBackward0", dtype=FLOAT, saves=(0, OUT),
         formula="d ||x||_2/dx = x/||x|| (0 at x = 0)")
def _norm(x, p, dims, keepdim):
    axis = _axis(dims, x.ndim)
    if p == 2:
        return np.sqrt(np.sum(x * x, axis=axis, keepdims=keepdim))
    a = np.abs(x)
    if p == float("inf"):
        return np.max(a, axis=axis, keepdims=keepdim, initial=0)
    if p == -float("inf"):
        return np.min(a, axis=axis, keepdims=keepdim)
    if p == 0:
        return np.sum(a != 0, axis=axis, keepdims=keepdim).astype(x.dtype)
    if p == 1:
        return np.sum(a, axis=axis, keepdims=keepdim)
    return np.power(np.sum(np.power(a, p), axis=axis, keepdims=keepdim), 1.0 / p)


@_norm.backward
def _(ctx, g):
    x, out = ctx.saved
    p, dims, keepdim = ctx.params
    shape = x.shape
    g = expand_reduced(g, shape, dims, keepdim)
    out = expand_reduced(out, shape, dims, keepdim)
    if p == 0:
        return (g * 0,)
    if p == 1:
        return (g * x.sign(),)
    if p == 2:
        # torch's convention: the gradient at x = 0 is 0, not nan.
        return (g * x / out.masked_fill(out == 0, float("inf")),)
    if p in (float("inf"), -float("inf")):
        hits = x.abs() == out
        count = expand_reduced(hits.sum(dims, keepdim=keepdim), shape, dims, keepdim)
        return (g * x.sign() * hits / count,)
    # general p: d||x||_p/dx = x*|x|^(p-2) / ||x||^(p-1)
    scale = out.masked_fill(out == 0, float("inf")) ** (p - 1)
    return (g * x * x.abs() ** (p - 2) / scale,)


@public()
def norm(input: Tensor, p="fro", dim=None, keepdim: bool = False, dtype=None) -> Tensor:
    """The vector p-norm over all elements or `dim` ("fro" and None mean 2)."""
    if p in ("fro", None):
        p = 2
    if isinstance(p, str):
        raise NotImplementedError(
            f"norm with p={p!r} is not supported yet; use p='fro' or a number"
        )
    if dtype is not None:
        input = input.to(dtype)
    if input._data.dtype.kind != "f":
        raise RuntimeError(
            "linalg.vector_norm: Expected a floating point or complex tensor as input. "
            f"Got {_type_word(input)}"
        )
    dims = wrap_dims(dim, input._data.ndim)
    return apply(OPS["norm"], (input,), (float(p), dims, keepdim))
