"""Samples for the shape ops of src/ember/ops/shape*.py: views (reshape, permute, select,
slice, split, diagonal...) and copies (cat, stack, repeat, flip, roll, tril/triu, diag).

Shape ops only move values around, so any distinct values do. The ops that are the
backward of a view (select_backward, slice_backward, diagonal_backward) are reached through
a first derivative taken with create_graph=True (`first_derivative`), which is where they
appear in torch code too. What the generic tests cannot see (views sharing memory and
version counters, error messages, grad_fn names) is tested in tests/test_shape.py.
"""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng
from tests.samples.backward_primitives import _cut

_R = rng(31)
x34 = _R.uniform(-2, 2, (3, 4))
x234 = _R.uniform(-2, 2, (2, 3, 4))
x4 = _R.uniform(-2, 2, (4,))
x1314 = _R.uniform(-2, 2, (1, 3, 1, 4))
x33 = _R.uniform(-2, 2, (3, 3))
scalar = np.array(1.25)
ints34 = _R.integers(-5, 6, (3, 4)).astype(np.int64)
cotangent4 = _R.uniform(-2, 2, (4,))
cotangent24 = _R.uniform(-2, 2, (2, 4))
cotangent23 = _R.uniform(-2, 2, (2, 3))


def first_derivative(forward):
    """fn(x, v): the vector-Jacobian product of `forward` at x with cotangent v.

    Built with create_graph=True, so the backward op of `forward` is recorded with v as
    its input (x itself is marked nondiff: the product is linear in v alone). Where that op
    takes x too (the pooling kernels, as torch's), the product requires grad with the
    inner leaf: it is cut from that graph when v requires none, as an op's result would be.
    """

    def fn(x, v):
        with ember.enable_grad():
            leaf = x.detach().requires_grad_()
            (grad,) = ember.autograd.grad(forward(leaf), leaf, v, create_graph=True)
        return grad if v.requires_grad else _cut(grad)

    return fn


def placed(shape: tuple, where, values: np.ndarray) -> np.ndarray:
    """Zeros of `shape` with `values` written at `where` (the NumPy reference of the
    backward of a view)."""
    out = np.zeros(shape)
    out[where] = values
    return out


def np_diagonal_placed(shape: tuple, offset: int, values: np.ndarray) -> np.ndarray:
    out = np.zeros(shape)
    rows = np.arange(values.shape[-1]) + max(-offset, 0)
    out[rows, rows + offset] = values
    return out


SAMPLES: dict[str, list[Sample]] = {
    "view": [
        Sample(lambda p: p.view(2, 6), (x34,), lambda p: p.reshape(2, 6)),
        Sample(lambda p: p.reshape(-1, 2), (x34,), lambda p: p.reshape(-1, 2)),
        Sample(lambda p: ember.reshape(p, (4, 6)), (x234,), lambda p: p.reshape(4, 6)),
        Sample(lambda p: p.flatten(), (x234,), lambda p: p.reshape(-1)),
        Sample(lambda p: ember.flatten(p, 1), (x234,), lambda p: p.reshape(2, 12)),
        Sample(lambda p: p.unflatten(1, (2, -1)), (x34,), lambda p: p.reshape(3, 2, 2)),
        Sample(lambda p: p.view_as(ember.zeros(12)), (x34,), lambda p: p.reshape(12)),
        Sample(lambda p: p.t().view(2, 2, 3), (x34,), lambda p: p.T.reshape(2, 2, 3),
               note="splitting a dim of a transposed tensor is still a view"),
        Sample(lambda p: p.reshape(12), (ints34,), lambda p: p.reshape(12)),
    ],
    # The same bytes read as another dtype: not differentiable (the forward is checked)
    "view_dtype": [
        Sample(lambda p: p.view(ember.int64), (x34,), lambda p: p.view(np.int64)),
        Sample(lambda p: p.view(ember.int16), (x234,), lambda p: p.view(np.int16),
               note="smaller elements: the last dim grows"),
        Sample(lambda p: p[:, 2:].view(dtype=ember.float32), (x34,),
               lambda p: p[:, 2:].view(np.float32), note="a slice's view, by keyword"),
        Sample(lambda p: p.view(ember.float64), (ints34,), lambda p: p.view(np.float64)),
        Sample(lambda p: p.view(ember.float64), (scalar,), lambda p: p.view(np.float64),
               note="0-d, one element size"),
    ],
    "reshape_alias": [
        Sample(lambda p: p.t().reshape(2, 2, 3), (x34,), lambda p: p.T.reshape(2, 2, 3),
               note="reshape of a tensor that is not contiguous, done as a view"),
        Sample(lambda p: p[:, :2].reshape(2, 8), (x234,), lambda p: p[:, :2].reshape(2, 8)),
    ],
    "unsafe_view": [
        Sample(lambda p: p.t().reshape(-1), (x34,), lambda p: p.T.reshape(-1),
               note="a transposed tensor cannot be flattened as a view: clone + view"),
        Sample(lambda p: p.transpose(0, 2).flatten(0, 1), (x234,),
               lambda p: p.transpose(2, 1, 0).reshape(12, 2)),
    ],
    "permute": [
        Sample(lambda p: p.permute(2, 0, 1), (x234,), lambda p: p.transpose(2, 0, 1)),
        Sample(lambda p: ember.permute(p, (1, 0)), (x34,), lambda p: p.T),
        Sample(lambda p: p.movedim(0, -1), (x234,), lambda p: np.moveaxis(p, 0, -1)),
        Sample(lambda p: ember.moveaxis(p, (0, 1), (2, 0)), (x234,),
               lambda p: np.moveaxis(p, (0, 1), (2, 0))),
        Sample(lambda p: p.permute(1, 0), (ints34,), lambda p: p.T),
    ],
    "transpose": [
        Sample(lambda p: p.transpose(0, 2), (x234,), lambda p: p.swapaxes(0, 2)),
        Sample(lambda p: p.mT, (x234,), lambda p: p.swapaxes(1, 2)),
        Sample(lambda p: ember.swapaxes(p, -1, 0), (x34,), lambda p: p.T),
    ],
    "t": [
        Sample(lambda p: p.t(), (x34,), lambda p: p.T),
        Sample(lambda p: ember.t(p), (x4,), lambda p: p),
    ],
    "expand": [
        Sample(lambda p: p.expand(2, 3, 4), (x34,), lambda p: np.broadcast_to(p, (2, 3, 4))),
        Sample(lambda p: p.reshape(3, 1).expand(-1, 5), (x34[:, 0],),
               lambda p: np.broadcast_to(p.reshape(3, 1), (3, 5))),
        Sample(lambda p: ember.broadcast_to(p, (2, 4)), (x4,),
               lambda p: np.broadcast_to(p, (2, 4))),
    ],
    "unsqueeze": [
        Sample(lambda p: p.unsqueeze(1), (x34,), lambda p: p[:, None]),
        Sample(lambda p: ember.unsqueeze(p, -1), (x34,), lambda p: p[..., None]),
    ],
    "squeeze": [
        Sample(lambda p: p.squeeze(), (x1314,), lambda p: p.reshape(3, 4)),
    ],
    "squeeze_dim": [
        Sample(lambda p: p.squeeze(2), (x1314,), lambda p: p.reshape(1, 3, 4)),
        Sample(lambda p: ember.squeeze(p, (0, 2)), (x1314,), lambda p: p.reshape(3, 4)),
    ],
    "unsqueeze_inplace": [
        Sample(lambda p: (p * 1).unsqueeze_(0), (x34,), lambda p: p[None]),
    ],
    "squeeze_inplace": [
        Sample(lambda p: (p * 1).squeeze_(), (x1314,), lambda p: p.reshape(3, 4)),
    ],
    "squeeze_dim_inplace": [
        Sample(lambda p: (p * 1).squeeze_(0), (x1314,), lambda p: p.reshape(3, 1, 4)),
    ],
    "t_inplace": [
        Sample(lambda p: (p * 1).t_(), (x34,), lambda p: p.T),
    ],
    "transpose_inplace": [
        Sample(lambda p: (p * 1).transpose_(0, 2), (x234,), lambda p: p.swapaxes(0, 2)),
    ],
    "select": [
        Sample(lambda p: p.select(1, 2), (x234,), lambda p: p[:, 2]),
        Sample(lambda p: ember.select(p, -1, -1), (x234,), lambda p: p[..., -1]),
        Sample(lambda p: p[1], (x34,), lambda p: p[1]),
        Sample(lambda p: p[0, -1], (x34,), lambda p: p[0, -1], note="a chain of two selects"),
    ],
    "select_backward": [
        Sample(first_derivative(lambda p: p[1]), (x34, cotangent4),
               lambda p, v: placed(p.shape, 1, v), nondiff=(0,)),
    ],
    "unbind": [
        Sample(lambda p: p.unbind(1)[2], (x234,), lambda p: p[:, 2]),
        Sample(lambda p: ember.unbind(p)[-1], (x34,), lambda p: p[-1]),
    ],
    "slice": [
        Sample(lambda p: p.narrow(1, 1, 2), (x34,), lambda p: p[:, 1:3]),
        Sample(lambda p: ember.narrow(p, 0, -2, 2), (x34,), lambda p: p[1:]),
        Sample(lambda p: p[1:, ::2], (x34,), lambda p: p[1:, ::2]),
    ],
    "slice_backward": [
        Sample(first_derivative(lambda p: p[1:]), (x34, cotangent24),
               lambda p, v: placed(p.shape, slice(1, None), v), nondiff=(0,)),
    ],
    "split": [
        Sample(lambda p: p.split(2, dim=1)[1], (x34,), lambda p: p[:, 2:]),
        Sample(lambda p: ember.split(p, 2)[1], (x34,), lambda p: p[2:]),
        Sample(lambda p: p.chunk(3, 1)[0], (x34,), lambda p: p[:, :2]),
    ],
    "split_with_sizes": [
        Sample(lambda p: p.split([1, 3], 1)[1], (x34,), lambda p: p[:, 1:]),
    ],
    "as_strided": [
        Sample(lambda p: ember.as_strided(p, (2, 2), (1, 4), 1), (x34,),
               lambda p: np.array([[p[0, 1], p[1, 1]], [p[0, 2], p[1, 2]]])),
        Sample(lambda p: p.as_strided((3, 2), (3, 0)), (x34,),
               lambda p: np.repeat(p.reshape(-1)[[0, 3, 6]][:, None], 2, 1),
               note="a zero stride reads one element twice: its gradient adds up"),
        Sample(lambda p: p.t().as_strided((2, 3), (1, 4), 1), (x34,),
               lambda p: p.reshape(-1)[[[1, 5, 9], [2, 6, 10]]],
               note="a transposed input: the window is of its memory (p's C order)"),
    ],
    "alias": [
        Sample(lambda p: p[...], (x34,), lambda p: p),
        Sample(lambda p: p[:, :], (x34,), lambda p: p),
    ],
    "diagonal": [
        Sample(lambda p: p.diagonal(), (x34,), lambda p: np.diagonal(p)),
        Sample(lambda p: ember.diagonal(p, -1), (x34,), lambda p: np.diagonal(p, -1)),
        Sample(lambda p: p.diagonal(1, 2, 0), (x234,), lambda p: np.diagonal(p, 1, 2, 0)),
    ],
    "diagonal_backward": [
        Sample(first_derivative(lambda p: p.diagonal(1)), (x34, x4[:3]),
               lambda p, v: np_diagonal_placed(p.shape, 1, v), nondiff=(0,)),
    ],
    "diag_copy": [
        Sample(lambda p: p.diag(), (x34,), np.diag),
        Sample(lambda p: ember.diag(p, 1), (x34,), lambda p: np.diag(p, 1)),
    ],
    "diag_embed": [
        Sample(lambda p: p.diag(), (x4,), np.diag),
        Sample(lambda p: ember.diag(p, -1), (x4,), lambda p: np.diag(p, -1)),
    ],
    "tril": [
        Sample(lambda p: p.tril(), (x34,), np.tril, inplace="tril_"),
        Sample(lambda p: ember.tril(p, -1), (x234,), lambda p: np.tril(p, -1),
               inplace="tril_", inplace_args=(-1,)),
    ],
    "triu": [
        Sample(lambda p: p.triu(1), (x34,), lambda p: np.triu(p, 1), inplace="triu_",
               inplace_args=(1,)),
        Sample(lambda p: ember.triu(p), (ints34,), np.triu),
    ],
    "flip": [
        Sample(lambda p: p.flip(0), (x34,), lambda p: p[::-1]),
        Sample(lambda p: ember.flip(p, (0, 2)), (x234,), lambda p: p[::-1, :, ::-1]),
    ],
    "roll": [
        Sample(lambda p: p.roll(5), (x34,), lambda p: np.roll(p, 5)),
        Sample(lambda p: ember.roll(p, (1, -3), (0, 2)), (x234,),
               lambda p: np.roll(p, (1, -3), (0, 2))),
    ],
    "repeat": [
        Sample(lambda p: p.repeat(2, 1, 3), (x34,), lambda p: np.tile(p, (2, 1, 3))),
        Sample(lambda p: p.repeat(3), (x4,), lambda p: np.tile(p, 3)),
        Sample(lambda p: ember.tile(p, (2,)), (x34,), lambda p: np.tile(p, (1, 2))),
        Sample(lambda p: p.tile(2, 1, 1), (x34,), lambda p: np.tile(p, (2, 1, 1))),
    ],
    "cat": [
        Sample(lambda a, b: ember.cat([a, b]), (x34, x234[0]),
               lambda a, b: np.concatenate([a, b])),
        Sample(lambda a, b: ember.cat((a, b, a), dim=-1), (x34, x34[:, :2]),
               lambda a, b: np.concatenate([a, b, a], -1)),
        Sample(lambda a, b: ember.concat([a, b], 1), (x34, ints34),
               lambda a, b: np.concatenate([a, b.astype(np.float64)], 1),
               note="int64 and float64 inputs: the result is promoted to float64"),
        Sample(lambda a, b: ember.hstack([a, b]), (x34, x34[:, :1]),
               lambda a, b: np.hstack([a, b])),
        Sample(lambda a, b: ember.hstack((a, b)), (x4, scalar), lambda a, b: np.hstack([a, b])),
        Sample(lambda a, b: ember.vstack([a, b]), (x4, x34), lambda a, b: np.vstack([a, b])),
        Sample(lambda a, b: ember.row_stack([a, b]), (x4, x4), lambda a, b: np.vstack([a, b])),
        Sample(lambda a, b: ember.dstack([a, b]), (x4, x4[None]),
               lambda a, b: np.dstack([a, b])),
        Sample(lambda a, b: ember.column_stack([a, b]), (x34[:, 0], x34),
               lambda a, b: np.column_stack([a, b])),
        Sample(lambda a, b: ember.concatenate([a, b], axis=0), (x4, np.zeros(0)),
               lambda a, b: a, nondiff=(1,),
               note="torch skips 1-d empty inputs whatever the others' shapes"),
    ],
    "index_select": [
        Sample(lambda p: p.repeat_interleave(ember.tensor([1, 0, 2]), dim=0), (x34,),
               lambda p: np.repeat(p, [1, 0, 2], axis=0)),
    ],
    "clone": [
        Sample(lambda p: p.repeat_interleave(2, dim=1), (x34,), lambda p: np.repeat(p, 2, 1),
               note="repeat_interleave by a number: a broadcast view, cloned, then merged"),
        Sample(lambda p: ember.repeat_interleave(p, 3), (x4,), lambda p: np.repeat(p, 3)),
    ],
    "stack": [
        Sample(lambda a, b: ember.stack([a, b]), (x34, x234[0]), lambda a, b: np.stack([a, b])),
        Sample(lambda a, b: ember.stack((a, b), -1), (x34, ints34),
               lambda a, b: np.stack([a, b.astype(np.float64)], -1)),
    ],
}
