"""Samples for src/ember/ops/indexing*.py: reading (`x[index]`), writing (`x[index] = v`),
gather/scatter, index_select/index_add, masked_fill/masked_select and take.

Index arrays are int64 or bool inputs, marked nondiff. Samples that read repeated indices
check that their gradients accumulate. Writes avoid repeated indices: which of several
values lands there is unspecified, so finite differences would disagree with torch's
gradient convention (tests/test_indexing.py checks that convention against torch).
"""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng
from tests.samples.shape import first_derivative

_R = rng(37)
x34 = _R.uniform(-2, 2, (3, 4))
x234 = _R.uniform(-2, 2, (2, 3, 4))
x6 = _R.uniform(-2, 2, (6,))
row4 = _R.uniform(-2, 2, (4,))
col3 = _R.uniform(-2, 2, (3, 1))
pair = _R.uniform(-2, 2, (2,))
scalar = np.array(0.625)
repeated = np.array([0, 2, 0, 1, 0])
mask34 = np.array([[True, False, True, False], [False, False, True, True],
                   [True, True, False, False]])
mask4 = np.array([True, False, True, True])
gather_index = np.array([[0, 0, 3], [1, 2, 1], [3, 3, 3]])
scatter_index = np.array([[2, 0], [1, 3], [0, 1]])  # no repeats within a row
ints34 = _R.integers(-5, 6, (3, 4)).astype(np.int64)
cotangent5x4 = _R.uniform(-2, 2, (5, 4))


def written(x, index, value):
    """The NumPy reference of `y = x.clone(); y[index] = value`."""
    out = np.array(x, copy=True)
    out[index] = value
    return out


def write_in_block(x, value):
    """The reference of y[1, :, [0, 2]] = value, whose target has shape (3, 2) in torch."""
    out = x.copy()
    out[1][:, [0, 2]] = value
    return out


def setitem(index):
    """fn(x, value): a copy of x (through an op, so it is not a leaf) with x[index] = value."""

    def fn(x, value):
        out = x * 1
        out[index] = value
        return out

    return fn


def setitem_number(index, value):
    def fn(x):
        out = x * 1
        out[index] = value
        return out

    return fn


def _write_through_view(x, value):
    """y = x * 1, then y's column 2 from row 1 on (a view of y) gets value."""
    y = x * 1
    column = y[1:, 2]
    column[:] = value
    return y


def _written_through_view(x, value):
    return written(x, (slice(1, None), 2), value)


def _write_across_permuted_base(x, value):
    """y = x.permute(2, 0, 1) * 1 laid out as x (clone keeps the layout), then a window of
    x's C order that is none of y's (a slice of a reshape of y.permute(1, 2, 0)) gets value."""
    y = x.permute(2, 0, 1).clone()
    y.permute(1, 2, 0).reshape(2, 12)[:, 1:7].copy_(value)
    return y


def _written_across_permuted_base(x, value):
    out = x.copy()
    out.reshape(2, 12)[:, 1:7] = value
    return out.transpose(2, 0, 1)


def scatter_added(x, index, src):
    out = x.copy()
    rows = np.arange(index.shape[0])[:, None]
    np.add.at(out, (rows, index), src[:, :index.shape[1]])
    return out


def scattered(x, index, src):
    out = x.copy()
    rows = np.arange(index.shape[0])[:, None]
    out[rows, index] = src if np.ndim(src) == 0 else src[:, :index.shape[1]]
    return out


def index_added(x, index, source, alpha=1.0):
    out = x.copy()
    np.add.at(out, index, alpha * source)
    return out


def index_grad(shape, index, v):
    out = np.zeros(shape)
    np.add.at(out, index, v)
    return out


SAMPLES: dict[str, list[Sample]] = {
    "index": [
        Sample(lambda p, i: p[i], (x34, repeated), lambda p, i: p[i], nondiff=(1,),
               note="repeated rows: their gradients add up"),
        Sample(lambda p, i: p[:, i[:3]], (x34, repeated), lambda p, i: p[:, i[:3]],
               nondiff=(1,)),
        Sample(lambda p, m: p[m], (x34, mask34), lambda p, m: p[m]),
        Sample(lambda p, m: p[1, :, m], (x234, mask4), lambda p, m: p[1][:, m]),
        Sample(lambda p: p[[0, 1], :, [3, 3]], (x234,), lambda p: p[[0, 1], :, [3, 3]],
               note="advanced indices apart: their dim goes first"),
        Sample(lambda p: p[1:, [2, 0]][:, None], (x34,), lambda p: p[1:, [2, 0]][:, None]),
        Sample(lambda p: p[True], (x34,), lambda p: p[None]),
        Sample(lambda p, i: p[ember.tensor([[0, 1], [1, 1]]), i[:2]], (x34, repeated),
               lambda p, i: p[np.array([[0, 1], [1, 1]]), i[:2]], nondiff=(1,)),
    ],
    "index_backward": [
        Sample(first_derivative(lambda p: p[[0, 2, 0, 1, 0]]), (x34, cotangent5x4),
               lambda p, v: index_grad(p.shape, repeated, v), nondiff=(0,)),
    ],
    "copy_slices": [
        Sample(setitem(1), (x34, row4), lambda p, v: written(p, 1, v)),
        Sample(setitem((slice(1, None), 2)), (x34, pair),
               lambda p, v: written(p, (slice(1, None), 2), v)),
        Sample(setitem((slice(None), slice(None, None, 2))), (x34, col3),
               lambda p, v: written(p, (slice(None), slice(None, None, 2)), v),
               note="the value broadcasts: its gradient is summed over the copies"),
        Sample(setitem(0), (x34, row4[None]), lambda p, v: written(p, 0, v[0]),
               note="leading size-1 dims of the value are dropped, as torch does"),
        Sample(setitem_number((0, 1), 2.5), (x34,), lambda p: written(p, (0, 1), 2.5)),
        Sample(setitem((None, 1)), (x34, scalar), lambda p, v: written(p, 1, v)),
    ],
    "index_put": [
        Sample(setitem([2, 0]), (x34, row4), lambda p, v: written(p, [2, 0], v)),
        Sample(setitem(([0, 2], [1, 3])), (x34, pair),
               lambda p, v: written(p, ([0, 2], [1, 3]), v)),
        Sample(lambda p, m, v: setitem(m)(p, v), (x34, mask34, x6),
               lambda p, m, v: written(p, m, v)),
        Sample(lambda p, m: setitem_number(m, -1.0)(p), (x34, mask34),
               lambda p, m: written(p, m, -1.0)),
    ],
    "index_put_slices": [
        Sample(setitem((1, slice(None), [0, 2])), (x234, col3), write_in_block,
               note="torch selects before it indexes (NumPy would move the dims)"),
        Sample(setitem((slice(1, None), [3, 0])), (x34, pair[:, None]),
               lambda p, v: written(p, (slice(1, None), [3, 0]), v)),
    ],
    "copy_slices_strided": [
        Sample(lambda p, v: _write_through_view(p, v), (x34, pair), _written_through_view,
               note="a write into a view records CopySlices on the view's base"),
        Sample(_write_across_permuted_base, (x234, x234[:, :2, :3].reshape(2, 6)),
               _written_across_permuted_base,
               note="a base laid out as a permutation of its dims: the window is of its memory"),
    ],
    "fill_index": [
        Sample(setitem(Ellipsis), (x34, scalar), lambda p, v: np.full_like(p, v)),
        Sample(setitem_number(slice(None), 3.0), (x34,), lambda p: np.full_like(p, 3.0)),
    ],
    "gather": [
        Sample(lambda p, i: p.gather(1, i), (x34, gather_index),
               lambda p, i: np.take_along_axis(p, i, 1), nondiff=(1,)),
        Sample(lambda p, i: ember.take_along_dim(p, i[:1], dim=1), (x34, gather_index),
               lambda p, i: np.take_along_axis(p, np.broadcast_to(i[:1], (3, 3)), 1),
               nondiff=(1,), note="take_along_dim broadcasts the indices"),
        Sample(lambda p, i: p.take_along_dim(i), (x34, gather_index),
               lambda p, i: p.reshape(-1)[i.reshape(-1)], nondiff=(1,)),
        Sample(lambda p, i: ember.gather(p, 0, i[:2, :2]), (x34, gather_index % 3),
               lambda p, i: np.take_along_axis(p[:, :2], i[:2, :2], 0), nondiff=(1,),
               note="an index smaller than the input in the other dims"),
    ],
    "scatter": [
        Sample(lambda p, i, s: p.scatter(1, i, s), (x34, scatter_index, x34[:, :2] * 3),
               scattered, nondiff=(1,)),
        Sample(lambda p, i, s: ember.scatter(p, 1, i, s), (x34, scatter_index, x34 + 1),
               scattered, nondiff=(1, 2),
               note="a src larger than the index (no gradient: torch's engine refuses it)"),
    ],
    "scatter_value": [
        Sample(lambda p, i: p.scatter(1, i, 1.5), (x34, scatter_index),
               lambda p, i: scattered(p, i, 1.5), nondiff=(1,)),
    ],
    "scatter_add": [
        Sample(lambda p, i, s: p.scatter_add(1, i, s), (x34, gather_index, x34[:, :3] * 2),
               scatter_added, nondiff=(1,), note="repeated positions accumulate"),
    ],
    "index_select": [
        Sample(lambda p, i: p.index_select(0, i), (x34, repeated),
               lambda p, i: p[i], nondiff=(1,)),
        Sample(lambda p, i: ember.index_select(p, -1, i[:3]), (x234, repeated),
               lambda p, i: p[..., i[:3]], nondiff=(1,)),
    ],
    "index_add": [
        Sample(lambda p, i, s: p.index_add(0, i, s), (x34, repeated, cotangent5x4),
               index_added, nondiff=(1,)),
        Sample(lambda p, i, s: ember.index_add(p, 0, i[:2], s[:2], alpha=-2.0),
               (x34, repeated, cotangent5x4),
               lambda p, i, s: index_added(p, i[:2], s[:2], -2.0), nondiff=(1,)),
    ],
    "masked_fill": [
        Sample(lambda p, m: p.masked_fill(m, 2.0), (x34, mask34),
               lambda p, m: np.where(m, 2.0, p), inplace="masked_fill_", inplace_args=(2.0,)),
        Sample(lambda p, m: ember.masked_fill(p, m, -1), (row4, mask34),
               lambda p, m: np.where(m, -1.0, p), note="the mask broadcasts the input"),
        Sample(lambda p, m: p.masked_fill(m, 7), (ints34, mask34),
               lambda p, m: np.where(m, 7, p)),
    ],
    "masked_fill_tensor": [
        Sample(lambda p, m, v: p.masked_fill(m, v), (x34, mask34, scalar),
               lambda p, m, v: np.where(m, v, p), inplace="masked_fill_"),
        Sample(lambda p, m, v: p.masked_fill(m, v), (x34, mask4, scalar),
               lambda p, m, v: np.where(m, v, p)),
    ],
    "masked_select": [
        Sample(lambda p, m: p.masked_select(m), (x34, mask34), lambda p, m: p[m]),
        Sample(lambda p, m: ember.masked_select(p, m), (row4, mask34),
               lambda p, m: np.broadcast_to(p, m.shape)[m]),
    ],
    "index_fill": [
        Sample(lambda p, i: p.index_fill(1, i, -1.5), (x34, np.array([3, 0, 3])),
               lambda p, i: written(p, (slice(None), i), -1.5), nondiff=(1,)),
        Sample(lambda p: ember.index_fill(p, 0, ember.tensor(-1), 2), (x34,),
               lambda p: written(p, -1, 2.0)),
    ],
    "index_fill_tensor": [
        Sample(lambda p, v: p.index_fill(0, ember.tensor([0, 2, 0]), v), (x34, scalar),
               lambda p, v: written(p, [0, 2], v), note="repeats are filled once"),
    ],
    "take": [
        Sample(lambda p, i: p.take(i), (x34, np.array([[0, 11], [5, 5], [-1, 0]])),
               lambda p, i: p.reshape(-1)[i], nondiff=(1,)),
        Sample(lambda p, i: ember.take(p, i), (scalar, np.array([0, -1, 0])),
               lambda p, i: p.reshape(-1)[i], nondiff=(1,)),
    ],
}
