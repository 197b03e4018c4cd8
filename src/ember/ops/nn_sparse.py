"""Embedding lookups as op-table primitives: embedding (EmbeddingBackward0), its gradient
embedding_dense_backward (EmbeddingDenseBackwardBackward0, so that second derivatives are
recorded as torch records them) and embedding_bag (EmbeddingBagBackward0).

The gradient of a lookup adds each looked-up row's gradient into its row of the weight:
rows at padding_idx get none, and with scale_grad_by_freq each row's gradient is divided
by how often the row occurs in the batch.
"""

from __future__ import annotations

import numpy as np

from .._dispatch import apply
from .._tensor import Tensor
from . import _xp as xp
from ._registry import OPS, SAME, declare
from ._registry import needs_grad as _needs

__all__ = ["embedding", "embedding_bag", "row_scale", "BagPlan", "IndexRuns"]


def row_scale(indices: np.ndarray, num_weights: int, padding_idx: int | None,
              scale_grad_by_freq: bool, dtype: np.dtype) -> np.ndarray | None:
    """Per weight row, the factor its gradient takes (V, 1): 0 at padding_idx and
    1 / occurrences with scale_grad_by_freq; None when every factor is 1."""
    if padding_idx is None and not scale_grad_by_freq:
        return None
    scale = np.ones(num_weights, dtype)
    if scale_grad_by_freq:
        counts = np.bincount(indices.reshape(-1), minlength=num_weights)
        scale = (1 / np.maximum(counts, 1)).astype(dtype)
    if padding_idx is not None:
        scale[padding_idx] = 0
    return scale.reshape(num_weights, 1)


class IndexRuns:
    """The positions that read each target of an index array, worked out once so that the
    gradient of a gather (the sum, per target, of the values read from it) takes a few
    vectorised passes: `order` sorts the positions by target (None when already sorted),
    `starts` is where each target's run begins in that order, `targets` the targets read
    (ascending) and `counts` how many positions read each."""

    __slots__ = ("order", "starts", "targets", "counts", "longest")

    def __init__(self, index: np.ndarray) -> None:
        order = np.argsort(index, kind="stable")
        ordered = index[order]
        self.order = None if np.array_equal(order, np.arange(len(order))) else order
        self.starts = (np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
                       if len(ordered) else np.zeros(0, np.intp))
        self.targets = ordered[self.starts]
        self.counts = np.diff(np.r_[self.starts, len(ordered)])
        self.longest = int(self.counts.max()) if len(self.counts) else 0

    def sum_into(self, values: np.ndarray, size: int, axis: int) -> np.ndarray:
        """values (one slice along `axis` per position) summed per target into `size`
        slices (zeros where no position reads a target). The first reader of each target
        is taken at once, then the k-th readers of the targets read k times or more: a
        handful of passes where targets are read a few times each (padding, upsampling,
        a batch of embeddings), instead of np.add.at's element loop."""
        if self.longest > 64:  # a target read very often (a padding token): one loop
            return self._add_at(values, size, axis)
        ordered = values if self.order is None else np.take(values, self.order, axis=axis)
        sums = np.take(ordered, self.starts, axis=axis)
        moved = np.moveaxis(sums, axis, 0)
        for k in range(1, self.longest):
            again = self.counts > k
            moved[again] += np.moveaxis(np.take(ordered, self.starts[again] + k, axis=axis),
                                        axis, 0)
        if len(self.targets) == size:
            return sums
        shape = list(values.shape)
        shape[axis] = size
        out = np.zeros(shape, values.dtype)
        np.moveaxis(out, axis, 0)[self.targets] = moved
        return out

    def _add_at(self, values: np.ndarray, size: int, axis: int) -> np.ndarray:
        index = np.repeat(self.targets, self.counts)
        ordered = values if self.order is None else np.take(values, self.order, axis=axis)
        shape = list(values.shape)
        shape[axis] = size
        out = np.zeros(shape, values.dtype)
        np.add.at(np.moveaxis(out, axis, 0), index, np.moveaxis(ordered, axis, 0))
        return out


def _scatter_rows(g: np.ndarray, indices: np.ndarray, num_weights: int,
                  scale: np.ndarray | None) -> np.ndarray:
    """Sum of g's rows (g of shape (*indices.shape, D), or with a leading batch dim) into
    the rows of a (V, D) gradient that the indices name."""
    lead = g.ndim - indices.ndim - 1
    flat = indices.reshape(-1).astype(np.intp, copy=False)
    rows = g.reshape(*g.shape[:lead], flat.size, g.shape[-1])
    out = IndexRuns(flat).sum_into(rows, num_weights, lead)
    if scale is not None:
        out *= scale.astype(g.dtype, copy=False)
    return out


# ---------------------------------------------------------------------- embedding
@declare("embedding", grad_fn="EmbeddingBackward0", saves=(1,), dtype=SAME,
         formula="y[...] = w[i[...]]; dw[r] = sum of g[...] where i[...] = r (0 for "
                 "padding_idx, divided by the count of r with scale_grad_by_freq)")
def _embedding(weight, indices, num_weights, padding_idx, scale_grad_by_freq):
    return np.take(weight, indices, axis=0)


@_embedding.backward
def _(ctx, g):
    (indices,) = ctx.saved
    return (xp.op("embedding_dense_backward", (g, indices), *ctx.params), None)


@_embedding.tangent
def _(ctx, t, _):
    return ctx.run(t, ctx.inputs[1])


@declare("embedding_dense_backward", grad_fn="EmbeddingDenseBackwardBackward0", saves=(1,),
         dtype=SAME, formula="dw[r] = sum of g[...] where i[...] = r (scaled per row); "
                             "its gradient gathers the rows back: d/dg = s[i] gg[i]")
def _dense_backward(g, indices, num_weights, padding_idx, scale_grad_by_freq):
    scale = row_scale(indices, num_weights, padding_idx, scale_grad_by_freq, g.dtype)
    return _scatter_rows(g, indices, num_weights, scale)


@_dense_backward.backward
def _(ctx, gg):
    (indices,) = ctx.saved
    num_weights, padding_idx, scale_grad_by_freq = ctx.params
    scale = row_scale(xp.numpy_value(indices), num_weights, padding_idx, scale_grad_by_freq,
                      xp.numpy_dtype(gg))
    if scale is not None:
        gg = gg * xp.constant(scale, like=gg)
    return (xp.op("embedding", (gg, indices), num_weights, None, False), None)


@_dense_backward.tangent
def _(ctx, t, _):
    return ctx.run(t, ctx.inputs[1])


def embedding(weight: Tensor, indices: Tensor, padding_idx: int | None,
              scale_grad_by_freq: bool) -> Tensor:
    """weight's rows at `indices` (checked by the caller)."""
    return apply(_embedding, (weight, indices),
                 (weight.shape[0], padding_idx, scale_grad_by_freq))


# ---------------------------------------------------------------------- embedding_bag
class BagPlan:
    """Which looked-up row goes to which bag, and how bags reduce: the op's param. Rows at
    padding_idx take no part (they are dropped, and a mean does not count them)."""

    __slots__ = ("indices", "bags", "n_bags", "mode", "num_weights", "padding_idx",
                 "counts", "kept", "max_where", "scale_grad_by_freq", "all_indices")

    def __init__(self, indices: np.ndarray, bags: np.ndarray, n_bags: int, mode: str,
                 num_weights: int, padding_idx: int | None,
                 scale_grad_by_freq: bool = False) -> None:
        self.scale_grad_by_freq = scale_grad_by_freq
        self.all_indices = indices  # (before padding and trailing ones are dropped)
        # (bag -1: after the last offset with include_last_offset, in no bag)
        taken = bags >= 0
        if padding_idx is not None:
            taken &= indices != padding_idx
        self.kept = None if taken.all() else np.flatnonzero(taken)
        if self.kept is not None:
            indices, bags = indices[self.kept], bags[self.kept]
        self.indices = indices.astype(np.intp)
        self.bags = bags.astype(np.intp)
        self.n_bags = n_bags
        self.mode = mode
        self.num_weights = num_weights
        self.padding_idx = padding_idx
        self.counts = np.bincount(self.bags, minlength=n_bags)
        # max: where each bag's maximum came from, set by the first forward (torch's
        # result3, its max_indices), so that the backward does not need the table
        self.max_where: np.ndarray | None = None

    def factors(self, dtype) -> np.ndarray | None:
        """Each looked-up row's factor in its bag (1 / bag size for mean), None for 1."""
        if self.mode == "mean":
            return (1 / np.maximum(self.counts, 1))[self.bags].astype(dtype)
        return None

    def __repr__(self) -> str:
        return f"<{self.n_bags} bags, mode {self.mode}>"


def _bag_max(rows: np.ndarray, plan: BagPlan):
    """Per bag and feature: the largest row value and the position (into plan.indices) it
    came from (-1 for an empty bag, whose result is 0)."""
    d = rows.shape[1]
    out = np.zeros((plan.n_bags, d), rows.dtype)
    where = np.full((plan.n_bags, d), -1, np.intp)
    for b in range(plan.n_bags):
        members = np.flatnonzero(plan.bags == b)
        if members.size:
            best = np.argmax(rows[members], axis=0)
            where[b] = members[best]
            out[b] = rows[members[best], np.arange(d)]
    return out, where


# torch's node keeps the table only for the per-sample weights' gradient (max's positions
# come from the forward): the table written in place after the forward spoils no other
@declare("embedding_bag", grad_fn="EmbeddingBagBackward0", saves=(0, 1), save_if={0: (1,)},
         dtype=SAME, saves_params={0: (0, 1)},
         formula="y[b] = reduce over the bag's rows w[i[k]] (times psw[k] for sum): sum, "
                 "mean or max; dw scatters g[b] back to the rows (the arg max for max); "
                 "dpsw[k] = g[b] . w[i[k]]")
def _embedding_bag(weight, per_sample_weights, plan):
    rows = np.take(weight, plan.indices, axis=0)
    if plan.mode == "max":
        out, where = _bag_max(rows, plan)
        if plan.max_where is None:  # the primal's (a rerun on other values keeps it)
            plan.max_where = where
        return out
    factors = plan.factors(weight.dtype)
    if factors is not None:
        rows = rows * factors[:, None]
    if per_sample_weights is not None:
        rows = rows * per_sample_weights[:, None]
    out = np.zeros((plan.n_bags, weight.shape[1]), weight.dtype)
    np.add.at(out, plan.bags, rows)
    return out


def _bag_per_row(g: np.ndarray, weight: np.ndarray, plan: BagPlan) -> np.ndarray:
    """Each looked-up row's gradient: its bag's, times its factor (1 / bag size for mean;
    for max, 1 where the row gave its bag's value, else 0)."""
    per_row = np.take(g, plan.bags, axis=0)
    if plan.mode == "max":
        where = plan.max_where
        if where is None:  # (the forward did not run: the table must be given)
            where = _bag_max(np.take(weight, plan.indices, axis=0), plan)[1]
        chosen = np.zeros((len(plan.indices), where.shape[1]), g.dtype)
        features = np.broadcast_to(np.arange(where.shape[1]), where.shape)
        chosen[where[where >= 0], features[where >= 0]] = 1
        return per_row * chosen
    factors = plan.factors(g.dtype)
    return per_row if factors is None else per_row * factors[:, None]


def _bag_weight_grad(g, per_sample_weights, weight, plan):
    """torch's _embedding_bag_backward: each row's gradient (times its sample weight)
    added into its row of the table."""
    per_row = _bag_per_row(g, weight, plan)
    if per_sample_weights is not None:
        per_row = per_row * np.expand_dims(per_sample_weights, 1)
    scale = None
    if plan.scale_grad_by_freq and plan.mode != "max":
        scale = _bag_frequency_scale(plan.all_indices, plan.num_weights, per_row.dtype)
    return _scatter_rows(per_row, plan.indices, plan.num_weights, scale)


def _bag_frequency_scale(indices: np.ndarray, num_weights: int, dtype) -> np.ndarray:
    """scale_grad_by_freq's factor per row (V, 1), as torch 2.13's CPU kernel computes it:
    the k-th distinct index (in sorted order) is divided by the count of the value at
    position k of the sorted indices, not by its own count (pytorch/pytorch#190063,
    fixed after 2.13; embedding, CUDA and MPS divide by the row's own count)."""
    ordered = np.sort(indices, kind="stable")
    counts = np.bincount(indices, minlength=num_weights)
    distinct = np.unique(ordered)
    scale = np.ones(num_weights, dtype)
    scale[distinct] = 1 / counts[ordered[:distinct.size]]
    return scale[:, None]


def _bag_sample_weights_grad(g, weight, plan):
    """torch's _embedding_bag_per_sample_weights_backward: each looked-up row's gradient
    dotted with the row."""
    rows = np.take(weight, plan.indices, axis=0)
    return np.sum(_bag_per_row(g, weight, plan) * rows, axis=1)


# torch's two kernels, which it does not differentiate: on Tensors (create_graph) the
# gradients are recorded with their nodes, EmbeddingBagBackwardBackward0 and NotImplemented
declare("embedding_bag_backward", grad_fn="EmbeddingBagBackwardBackward0", dtype=SAME,
        grad_not_implemented="_embedding_bag_backward",
        formula="torch implements no derivative of _embedding_bag_backward")(
    lambda g, per_sample_weights, weight, plan: _bag_weight_grad(g, per_sample_weights,
                                                                 weight, plan))
declare("embedding_bag_per_sample_weights_backward", dtype=SAME,
        grad_not_implemented="aten::_embedding_bag_per_sample_weights_backward",
        formula="torch implements no derivative of this kernel")(_bag_sample_weights_grad)


@_embedding_bag.backward
def _(ctx, g):
    weight, per_sample_weights = ctx.saved
    (plan,) = ctx.params
    gw = gp = None
    if not xp.is_tensor(g):
        if _needs(ctx, 0):
            gw = _bag_weight_grad(g, per_sample_weights, weight, plan)
        if per_sample_weights is not None and _needs(ctx, 1):
            gp = _bag_sample_weights_grad(g, weight, plan)
        return gw, gp
    if _needs(ctx, 0):  # (the table's values only for max's arg max: not an input there)
        gw = apply(OPS["embedding_bag_backward"], (g, per_sample_weights),
                   (None if weight is None else xp.numpy_value(weight), plan))
    if per_sample_weights is not None and _needs(ctx, 1):
        gp = apply(OPS["embedding_bag_per_sample_weights_backward"], (g, weight), (plan,))
    return gw, gp


@_embedding_bag.tangent
def _(ctx, tw, tp):
    (plan,) = ctx.params
    weight, per_sample_weights = ctx.inputs
    if plan.mode == "max":
        rows = np.take(weight._data, plan.indices, axis=0)
        _, where = _bag_max(rows, plan)
        picked = plan.indices[np.maximum(where, 0)]
        features = np.broadcast_to(np.arange(rows.shape[1]), where.shape)
        gathered = tw[Tensor(picked), Tensor(np.ascontiguousarray(features))]
        return gathered * Tensor((where >= 0).astype(rows.dtype))
    total = None
    if tw is not None:
        total = ctx.run(tw, per_sample_weights)
    if tp is not None:
        term = ctx.run(weight, tp)
        total = term if total is None else total + term
    return total


def embedding_bag(weight: Tensor, indices: np.ndarray, bags: np.ndarray, n_bags: int,
                  mode: str, per_sample_weights: Tensor | None,
                  padding_idx: int | None, scale_grad_by_freq: bool = False) -> Tensor:
    """Per bag, the sum, mean or max of weight's rows at its indices (bags[k] is the bag
    of indices[k]); checked by the caller."""
    plan = BagPlan(indices, bags, n_bags, mode, weight.shape[0], padding_idx,
                   scale_grad_by_freq)
    if per_sample_weights is not None and plan.kept is not None:
        per_sample_weights = per_sample_weights[Tensor(plan.kept)]
    return apply(_embedding_bag, (weight, per_sample_weights), (plan,))
