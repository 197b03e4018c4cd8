"""index_reduce: slices of `source` reduced (prod, mean, amax, amin) into `input` at the
positions a vector of indices names along one dim (torch's beta op, IndexReduceBackward0).

It is scatter_reduce with the index vector spread over the source's shape (slice j of the
source goes to position index[j]): the same values, the same conventions for ties and
zeros, so the forward, backward and tangent are scatter_reduce's, under torch's name.
"""

from __future__ import annotations

import numpy as np

from .._dispatch import apply
from .._tensor import Tensor
from .._warnings import warn_once
from ..autograd.node import keep_versions
from . import _xp as xp
from ._dims import wrap_dim
from ._registry import OPS, SAME, declare, public
from ._registry import needs_grad as _needs
from .indexing_extra import _scatter_reduce
from .indexing_gather import _index_tensor
from .indexing_select import _scalar_name

_REDUCTIONS = ("prod", "mean", "amax", "amin")


@declare("index_reduce", grad_fn="IndexReduceBackward0", saves=(0, 1, "out"), dtype=SAME,
         saves_params={1: (0, 1)},
         formula="as scatter_reduce with the index spread over the source: mean divides by "
                 "the count, amax/amin split among the ties, prod: out / element")
def _index_reduce(x, source, dim, index, reduce, include_self):
    return _scatter_reduce.forward(x, source, dim, index, reduce, include_self)


@_index_reduce.backward
def _(ctx, g):
    dim, spread = ctx.params[:2]
    if not xp.is_tensor(g) or spread.size == 0:
        return _scatter_reduce.backward_fn(ctx, g)  # (the same values, on arrays)
    return _recorded(ctx, g)


def _recorded(ctx, g) -> tuple:
    """The gradients on Tensors (create_graph), composed as torch's index_reduce_backward:
    prod through the products with zeros masked (a `where` for a source's single zero),
    mean by the counts, amax/amin split among the ties; self's written positions zeroed by
    index_fill when self is left out."""
    import ember

    x, source, result = ctx.saved
    dim, spread, reduce, include_self = ctx.params
    index = Tensor(np.ascontiguousarray(np.moveaxis(spread, dim, 0).reshape(
        spread.shape[dim], -1)[:, 0]))
    if reduce == "prod":
        masked_self = x.masked_fill(x == 0, 1)
        masked_self_result = masked_self.index_reduce(dim, index, source, reduce,
                                                      include_self=include_self)
        grad_x = g * masked_self_result / masked_self
        source_zero = source == 0
        zeros_at = ember.zeros_like(x).index_add(dim, index, source_zero.to(x.dtype)) \
            .index_select(dim, index)
        single_zero = source_zero & (zeros_at == 1)
        masked_result = x.index_reduce(dim, index, source.masked_fill(single_zero, 1), reduce,
                                       include_self=include_self)
        grad_source = ember.where(single_zero, (g * masked_result).index_select(dim, index),
                                  (g * result).index_select(dim, index)
                                  / source.masked_fill(source_zero, 1))
    elif reduce == "mean":
        counts = (ember.ones_like(g) if include_self else ember.zeros_like(g)).index_add(
            dim, index, ember.ones_like(source))
        counts.masked_fill_(counts == 0, 1)
        grad_x = g / counts
        grad_source = g.index_select(dim, index) / counts.index_select(dim, index)
    else:
        value = result.index_select(dim, index)
        self_is_result = (x == result).to(x.dtype)
        source_is_result = (source == value).to(x.dtype)
        share = g / self_is_result.index_add(dim, index, source_is_result)
        grad_x = self_is_result * share
        grad_source = source_is_result * share.index_select(dim, index)
    if not include_self:
        grad_x = grad_x.index_fill(dim, index, 0)
    return (grad_x if _needs(ctx, 0) else None), (grad_source if _needs(ctx, 1) else None)


_index_reduce.tangent(_scatter_reduce.tangent_fn)


def _spread(index: np.ndarray, dim: int, shape: tuple) -> np.ndarray:
    """The index vector as scatter's index of the source's shape (index[j] on slice j)."""
    along = [1] * len(shape)
    along[dim] = index.size
    return np.ascontiguousarray(np.broadcast_to(index.reshape(along), shape))


@public(inplace=True)
def index_reduce(input: Tensor, dim: int, index: Tensor, source: Tensor, reduce: str, *,
                 include_self: bool = True) -> Tensor:
    """A copy of input with the slices of source along `dim` reduced into it at the positions
    `index` names ("prod", "mean", "amax" or "amin"); include_self=False leaves input's own
    values at the written positions out of the reduction."""
    warn_once("index_reduce", "index_reduce() is in beta and the API may change at any time.")
    if reduce not in _REDUCTIONS:
        raise RuntimeError("index_reduce(): Expected reduce to be one of prod, mean, amax or "
                           f"amin but got {reduce}.")
    data, src = input._data, source._data
    d = wrap_dim(dim, max(data.ndim, 1))
    positions = _index_tensor(index, "index_reduce", 3)
    if positions.ndim > 1:
        raise IndexError(f"index_reduce_(): Index is supposed to be a vector, but got dim: "
                         f"{positions.ndim} with type: {_scalar_name(index)} and size: "
                         f"{list(positions.shape)}")
    if positions.dtype not in (np.int64, np.int32):
        raise RuntimeError("index_reduce_(): Expected dtype int32/int64 for index but got: "
                           f"{_scalar_name(index)}")
    if data.dtype != src.dtype:
        raise RuntimeError(f"index_reduce_(): self ({_scalar_name(input)}) and source "
                           f"({_scalar_name(source)}) must have the same scalar type")
    if d != 0 and d >= src.ndim:
        raise RuntimeError(f"index_reduce_(): Indexing dim {d} is out of bounds of the source "
                           f"tensor with dim {src.ndim}")
    count = src.shape[d] if src.ndim else 1
    if positions.size != count:
        raise RuntimeError(f"index_reduce_(): Number of indices ({positions.size}) should be "
                           f"equal to source.size(dim): ({count}), for dim: {d}")
    self_rest, source_rest = list(data.shape), list(src.shape)
    if data.ndim and src.ndim:
        del self_rest[d], source_rest[d]
    if self_rest != source_rest:
        raise RuntimeError("source tensor shape must match self tensor shape, excluding the "
                           f"specified dimension. Got self.shape = {list(data.shape)} "
                           f"source.shape = {list(src.shape)}")
    size = data.shape[d] if data.ndim else 1
    flat = positions.reshape(-1).astype(np.int64)
    if ((flat < 0) | (flat >= size)).any():
        raise IndexError("index out of range in self")
    if data.ndim == 0:  # (a 0-d input is one slice: reduce as 1-d, give 0-d back)
        result = index_reduce(input.reshape(1), 0, index, source.reshape(1), reduce,
                              include_self=include_self)
        return result.reshape(())
    spread = _spread(flat, d, src.shape)
    return keep_versions(apply(OPS["index_reduce"], (input, source),
                               (d, spread, reduce, bool(include_self))), index)
