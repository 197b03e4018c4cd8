"""Samples for the ops of src/ember/ops/shape_extra.py: rot90, block_diag, diag_embed (with
dims and offsets, diagflat), unfold (a view of sliding windows) and its backward.

The compositions of that module (meshgrid, tensor_split, kron, tensordot, vander...)
record ops of other families; their values and grad_fn names are compared with torch in
tests/reference/cases_api_surface.py.
"""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng
from tests.samples.shape import first_derivative

_R = rng(83)
x34 = _R.uniform(-2, 2, (3, 4))
x234 = _R.uniform(-2, 2, (2, 3, 4))
x23 = _R.uniform(-2, 2, (2, 3))
x3 = _R.uniform(-2, 2, (3,))
x7 = _R.uniform(-2, 2, (7,))
windows = _R.uniform(-2, 2, (3, 3, 2))
ints22 = np.array([[1, 2], [3, 4]], dtype=np.int64)


def np_diag_embed(x: np.ndarray, offset: int = 0) -> np.ndarray:
    n = x.shape[-1] + abs(offset)
    out = np.zeros(x.shape[:-1] + (n, n))
    rows = np.arange(x.shape[-1]) + max(-offset, 0)
    out[..., rows, rows + offset] = x
    return out


def np_block_diag(*blocks) -> np.ndarray:
    blocks = [np.atleast_2d(b) for b in blocks]
    out = np.zeros((sum(b.shape[0] for b in blocks), sum(b.shape[1] for b in blocks)))
    r = c = 0
    for b in blocks:
        out[r:r + b.shape[0], c:c + b.shape[1]] = b
        r, c = r + b.shape[0], c + b.shape[1]
    return out


def np_unfold(x: np.ndarray, dim: int, size: int, step: int) -> np.ndarray:
    count = (x.shape[dim] - size) // step + 1
    pieces = [np.take(x, np.arange(i * step, i * step + size), axis=dim) for i in range(count)]
    stacked = np.stack(pieces, axis=dim)  # the window index at dim, its elements at dim + 1
    return np.moveaxis(stacked, dim + 1, -1)


def np_unfold_backward(shape: tuple, dim: int, size: int, step: int, g: np.ndarray):
    out = np.zeros(shape)
    for i in range(g.shape[dim]):
        for j in range(size):
            target = [slice(None)] * len(shape)
            target[dim] = i * step + j
            source = [slice(None)] * g.ndim
            source[dim] = i
            source[-1] = j
            out[tuple(target)] += g[tuple(source)]
    return out


SAMPLES: dict[str, list[Sample]] = {
    "rot90": [
        Sample(lambda p: ember.rot90(p), (x34,), np.rot90),
        Sample(lambda p: p.rot90(-1, [2, 0]), (x234,), lambda p: np.rot90(p, -1, (2, 0))),
        Sample(lambda p: p.rot90(2, (1, 2)), (x234,), lambda p: np.rot90(p, 2, (1, 2))),
    ],
    "block_diag": [
        Sample(lambda a, b: ember.block_diag(a, b), (x34, x23), np_block_diag),
        Sample(lambda a, b, c: ember.block_diag(a, b, c), (x3, np.array(0.5), x23),
               np_block_diag, note="1-d as a row, 0-d as 1x1"),
        Sample(lambda a, b: ember.block_diag(a, b), (x23, ints22),
               lambda a, b: np_block_diag(a, b.astype(np.float64)),
               note="dtypes promote"),
    ],
    "diag_embed_dims": [
        Sample(lambda p: ember.diag_embed(p), (x34,), np_diag_embed),
        Sample(lambda p: p.diag_embed(1), (x23,), lambda p: np_diag_embed(p, 1)),
        Sample(lambda p: ember.diag_embed(p, -1, 0, 2), (x23,),
               lambda p: np.moveaxis(np_diag_embed(p, -1), 0, 1)),
        Sample(lambda p: ember.diagflat(p), (x23,), lambda p: np.diagflat(p)),
        Sample(lambda p: p.diagflat(-2), (x3,), lambda p: np.diagflat(p, -2)),
    ],
    "unfold": [
        Sample(lambda p: p.unfold(0, 3, 2), (x7,), lambda p: np_unfold(p, 0, 3, 2)),
        Sample(lambda p: p.unfold(1, 2, 1), (x34,), lambda p: np_unfold(p, 1, 2, 1),
               note="overlapping windows: their gradients add up"),
        Sample(lambda p: p.unfold(-1, 2, 2) * 1.5, (x234,),
               lambda p: np_unfold(p, 2, 2, 2) * 1.5),
    ],
    "unfold_backward": [
        Sample(first_derivative(lambda p: p.unfold(1, 2, 1)), (x34, windows),
               lambda p, v: np_unfold_backward(p.shape, 1, 2, 1, v), nondiff=(0,)),
    ],
}
