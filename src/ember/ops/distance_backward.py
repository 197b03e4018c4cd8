"""The gradient kernels of cdist and pdist (torch's `_cdist_backward`, `_pdist_backward`).

torch computes these gradients with kernels of their own, so a gradient of cdist taken with
create_graph=True has the kernel's node (CdistBackwardBackward0), and torch implements no
derivative for them: differentiating that gradient again raises NotImplementedError. Each
kernel is an op here with torch's name and that refusal (`grad_not_implemented`). The
first-order formulas (ops/linalg_extra.py) record them only on Tensors; on arrays they
compute the same values directly.
"""

from __future__ import annotations

import numpy as np

from ._registry import SAME, declare
from .linalg_extra import _norm_slope


def _norm_slopes(g, x1, x2, out, p: float) -> np.ndarray:
    """g times the slope of each distance ||x1_i - x2_j||_p, per coordinate (..., i, j, d)."""
    diff = x1[..., :, None, :] - x2[..., None, :, :]
    return g[..., None] * _norm_slope(diff, out[..., None], p)


@declare("cdist_backward", grad_fn="CdistBackwardBackward0", dtype=SAME,
         grad_not_implemented="_cdist_backward",
         formula="torch implements no derivative of _cdist_backward")
def _cdist_backward(g, x1, x2, out, p, which):
    """The gradient of cdist(x1, x2, p) for x1 (which 0) or x2 (which 1), for the
    cotangent g: x2's is x1's with the operands swapped (as torch computes it)."""
    if which == 1:
        g, x1, x2, out = g.swapaxes(-1, -2), x2, x1, out.swapaxes(-1, -2)
    return _norm_slopes(g, x1, x2, out, p).sum(-2)


def pair_signs(n: int, dtype) -> np.ndarray:
    """(pairs, n): row k is +1 at pair k's first row and -1 at its second (pdist's order)."""
    first, second = np.triu_indices(n, 1)
    pairs = np.zeros((len(first), n), dtype)
    pairs[np.arange(len(first)), first] = 1
    pairs[np.arange(len(first)), second] = -1
    return pairs


@declare("pdist_backward", grad_fn="PdistBackwardBackward0", dtype=SAME,
         grad_not_implemented="_pdist_backward",
         formula="torch implements no derivative of _pdist_backward")
def _pdist_backward(g, x, out, p):
    """The gradient of pdist(x, p) for the cotangent g: each pair's slope added to its
    first row and subtracted from its second."""
    first, second = np.triu_indices(x.shape[0], 1)
    slope = g[:, None] * _norm_slope(x[first] - x[second], out[:, None], p)
    return pair_signs(x.shape[0], g.dtype).T @ slope
