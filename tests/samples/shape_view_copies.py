"""Samples for src/ember/ops/shape_view_copies.py: the *_copy forms of the views
(view_copy, permute_copy, select_copy, ...), each the view's values in new memory."""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng

_R = rng(1603)
x234 = _R.uniform(-2, 2, (2, 3, 4))
x34 = _R.uniform(-2, 2, (3, 4))
x1314 = _R.uniform(-2, 2, (1, 3, 1, 4))
x31 = _R.uniform(-2, 2, (3, 1))


def _strided(p: np.ndarray) -> np.ndarray:
    flat = p.reshape(-1)
    return np.stack([flat[1:7:2], flat[2:8:2]], 1)  # size (3, 2), stride (2, 1), offset 1


SAMPLES: dict[str, list[Sample]] = {
    "view_copy": [
        Sample(lambda p: ember.view_copy(p, (4, 6)), (x234,), lambda p: p.reshape(4, 6)),
        Sample(lambda p: ember.view_copy(p.transpose(0, 2), [-1]), (x234,),
               lambda p: p.transpose(2, 1, 0).reshape(-1)),
    ],
    "permute_copy": [
        Sample(lambda p: ember.permute_copy(p, (2, 0, 1)), (x234,),
               lambda p: p.transpose(2, 0, 1)),
    ],
    "expand_copy": [
        Sample(lambda p: ember.expand_copy(p, (2, 3, 4)), (x31,),
               lambda p: np.broadcast_to(p, (2, 3, 4))),
    ],
    "transpose_copy": [
        Sample(lambda p: ember.transpose_copy(p, 0, -1), (x234,), lambda p: p.swapaxes(0, 2)),
    ],
    "t_copy": [
        Sample(lambda p: ember.t_copy(p), (x34,), lambda p: p.T),
    ],
    "squeeze_copy": [
        Sample(lambda p: ember.squeeze_copy(p), (x1314,), lambda p: p.reshape(3, 4)),
    ],
    "squeeze_dim_copy": [
        Sample(lambda p: ember.squeeze_copy(p, (0, 2)), (x1314,), lambda p: p.reshape(3, 4)),
        Sample(lambda p: ember.squeeze_copy(p, 2), (x1314,), lambda p: p.reshape(1, 3, 4)),
    ],
    "unsqueeze_copy": [
        Sample(lambda p: ember.unsqueeze_copy(p, 1), (x34,), lambda p: p[:, None]),
    ],
    "select_copy": [
        Sample(lambda p: ember.select_copy(p, 1, -1), (x234,), lambda p: p[:, -1]),
    ],
    "slice_copy": [
        Sample(lambda p: ember.slice_copy(p, 2, 1, None, 2), (x234,), lambda p: p[:, :, 1::2]),
        Sample(lambda p: ember.slice_copy(p, 0, -2, 10), (x34,), lambda p: p[1:]),
    ],
    "narrow_copy": [
        Sample(lambda p: p.narrow_copy(1, 1, 2), (x234,), lambda p: p[:, 1:3]),
    ],
    "split_copy": [
        Sample(lambda p: ember.split_copy(p, 2, 1)[1], (x34,), lambda p: p[:, 2:]),
    ],
    "split_with_sizes_copy": [
        Sample(lambda p: ember.split_with_sizes_copy(p, [1, 3], 1)[1], (x34,),
               lambda p: p[:, 1:]),
    ],
    "unbind_copy": [
        Sample(lambda p: ember.unbind_copy(p, 1)[2], (x234,), lambda p: p[:, 2]),
    ],
    "unfold_copy": [
        Sample(lambda p: ember.unfold_copy(p, 1, 2, 1), (x34,),
               lambda p: np.stack([p[:, 0:2], p[:, 1:3], p[:, 2:4]], 1)),
    ],
    "diag_copy": [
        Sample(lambda p: ember.diagonal_copy(p, 1, 2, 0), (x234,),
               lambda p: np.diagonal(p, 1, 2, 0)),
    ],
    "alias_copy": [
        Sample(lambda p: ember.alias_copy(p), (x34,), lambda p: p),
    ],
    "as_strided_copy": [
        Sample(lambda p: ember.as_strided_copy(p, (3, 2), (2, 1), 1), (x34,), _strided),
    ],
    "detach_copy": [
        Sample(lambda p: ember.detach_copy(p), (x34,), lambda p: p, nondiff=(0,)),
    ],
}
