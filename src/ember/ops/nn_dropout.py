"""torch.native_dropout's kernel as an op (NativeDropoutBackward0): the input times a kept
mask times 1 / (1 - p), with the mask (drawn by the caller) and the scale as params.

nn.functional.dropout composes public ops (MulBackward0), as torch's CPU dropout does;
only the ATen function torch.native_dropout records this node.
"""

from __future__ import annotations

import numpy as np

from ..autograd import forward_ad as _fw
from . import _xp as xp
from ._registry import declare


def _masked(x, mask, scale):
    # torch's kernel: input * mask, then * scale, a number: float16 computes that product
    # in float32 and rounds once, other dtypes take the number in their own precision
    kept = x * mask.astype(x.dtype)
    if x.dtype == np.float16:
        return (kept.astype(np.float32) * np.float32(scale)).astype(np.float16)
    return kept * x.dtype.type(scale)


@declare("native_dropout", grad_fn="NativeDropoutBackward0",
         formula="d/dx = mask * scale (scale = 1 / (1 - p))")
def _native_dropout(x, mask, scale):
    return _masked(x, mask, scale)


@_native_dropout.backward
def _(ctx, g):
    mask, scale = ctx.params
    if not xp.is_tensor(g):
        return (_masked(g, mask, scale),)
    # torch's formula under grad mode: grad * (mask * scale), a product (MulBackward0)
    dtype = g._data.dtype
    factor = (mask.astype(np.float32) * np.float32(scale)).astype(dtype) if (
        dtype == np.float16) else mask.astype(dtype) * dtype.type(scale)
    return (g * xp.constant(factor, like=g),)


_native_dropout.tangent(_fw.linear)
