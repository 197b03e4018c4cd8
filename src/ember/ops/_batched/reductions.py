"""Batched rules for reductions: sum, mean, prod, the extremes, norms, variance, cumulative ops."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from .._registry import OPS
from ..reduction_cumulative import _cumprod_grad
from ._common import _batch, _kept, _spread, rule


@rule("sum")
def _(ctx, g):
    shape = ctx.params[0]
    return (_spread(g, (1,) * len(shape), shape),)


@rule("mean")
def _(ctx, g):
    shape = ctx.params[0]
    return (_spread(g / math.prod(shape), (1,) * len(shape), shape),)


@rule("sum_dim")
def _(ctx, g):
    shape, dims, _ = ctx.params[:3]
    return (_spread(g, _kept(shape, dims), shape),)


@rule("mean_dim", "welford_mean")
def _(ctx, g):
    shape, dims, _ = ctx.params[:3]
    count = math.prod(shape[d] for d in dims) if dims else 1
    return (_spread(g / count, _kept(shape, dims), shape),)


@rule("sum_to_size")
def _(ctx, g):
    shape, input_shape = ctx.params
    lead = (1,) * (len(input_shape) - len(shape))  # dims the sum removed
    return (np.broadcast_to(np.reshape(g, (_batch(g),) + lead + tuple(shape)),
                            (_batch(g),) + tuple(input_shape)),)


# Reductions whose gradient is the output gradient spread over the reduced dims times a
# factor of the saved values (prod, the extremes, logsumexp, norms, var/std): the factor is
# the op's own formula applied to a gradient of ones, computed once for the whole batch.
_REDUCED_DIMS: dict[str, Callable] = {
    "prod": lambda params, ndim: range(ndim),
    "max": lambda params, ndim: range(ndim),
    "min": lambda params, ndim: range(ndim),
    "median": lambda params, ndim: range(ndim),
    "prod_dim": lambda params, ndim: (params[0],),
    "max_dim": lambda params, ndim: (params[0],),
    "min_dim": lambda params, ndim: (params[0],),
    "median_dim": lambda params, ndim: (params[0],),
    "kthvalue": lambda params, ndim: (params[0],),
    "amax": lambda params, ndim: params[0],
    "amin": lambda params, ndim: params[0],
    "logsumexp": lambda params, ndim: params[0],
    "var": lambda params, ndim: params[0],
    "std": lambda params, ndim: params[0],
    "norm": lambda params, ndim: params[1],
    "norm_dim": lambda params, ndim: params[1],
}


@rule(*_REDUCED_DIMS)
def _(ctx, g):
    (factor,) = ctx.op.backward_fn(ctx, np.ones(g.shape[1:], g.dtype))
    if factor is None:  # the 0-"norm": no gradient
        return (None,)
    shape = factor.shape
    dims = tuple(_REDUCED_DIMS[ctx.op.name](ctx.params, len(shape)))
    return (_spread(g, _kept(shape, dims), shape) * factor,)


@rule("cumsum")
def _(ctx, g):
    dim, reverse = ctx.params
    if g.ndim == 1:  # a 0-d input
        return (g,)
    return (OPS["cumsum"].forward(g, dim + 1, not reverse),)


@rule("cumprod")
def _(ctx, g):
    x, out = ctx.saved
    if x.ndim == 0 or x.shape[ctx.params[0]] == 1:
        return (g,)  # as the formula: nothing multiplied along a size-1 dim
    # The formula addresses its dim in g and in the saved values alike: counted from the
    # end, it is the same axis in both.
    return (_cumprod_grad(g, x, out, ctx.params[0] - x.ndim, exact=True),)
