"""Samples for src/ember/ops/segment_reduce.py: torch.segment_reduce's reductions over
lengths or offsets along an axis, and its gradient kernel (not differentiable, as torch's).
tests/reference/cases_api_leftovers.py checks values and gradients against torch."""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng

_R = rng(1051)
data = _R.uniform(0.5, 2, (7,))
grid = _R.uniform(-2, 2, (2, 5, 3))
_LENGTHS = [2, 0, 4, 1]
_ROWS = [[1, 4], [3, 2]]


def _segments(x: np.ndarray, lengths, fn, empty: float) -> np.ndarray:
    ends = np.cumsum(lengths)
    return np.array([fn(x[e - n:e]) if n else empty for n, e in zip(lengths, ends)])


def _rows(x: np.ndarray, fn) -> np.ndarray:
    """The axis-1 reduction of grid by _ROWS (each row's segments of its dim 1)."""
    return np.stack([np.stack([fn(x[b, e - n:e], axis=0) for n, e in
                               zip(row, np.cumsum(row))]) for b, row in enumerate(_ROWS)])


def _gradient(reduce: str):
    def fn(x: ember.Tensor) -> ember.Tensor:
        with ember.enable_grad():  # the kernel runs in the backward of a leaf of its own
            leaf = x.detach().requires_grad_()
            out = ember.segment_reduce(leaf, reduce, lengths=ember.tensor(_LENGTHS))
            weights = ember.linspace(0.5, 2.0, 4, dtype=ember.float64)
            return ember.autograd.grad((out * weights).sum(), leaf)[0]
    return fn


def _gradient_reference(reduce: str):
    def ref(x: np.ndarray) -> np.ndarray:
        weights = np.linspace(0.5, 2.0, 4)
        ends = np.cumsum(_LENGTHS)
        result = np.zeros_like(x)
        for w, n, e in zip(weights, _LENGTHS, ends):
            part = x[e - n:e]
            if not n:
                continue
            if reduce == "sum":
                result[e - n:e] = w
            elif reduce == "max":
                result[e - n + np.argmax(part)] = w
            else:  # prod
                result[e - n:e] = w * np.prod(part) / part
        return result
    return ref


def _call(reduce: str, **kw):
    return lambda x: ember.segment_reduce(x, reduce, lengths=ember.tensor(_LENGTHS), **kw)


SAMPLES: dict[str, list[Sample]] = {
    "segment_reduce": [
        Sample(_call("sum"), (data,), lambda x: _segments(x, _LENGTHS, np.sum, 0.0),
               second_order=False),
        Sample(_call("mean", initial=1.5), (data,),
               lambda x: _segments(x, _LENGTHS, lambda p: (p.sum() + 1.5) / p.size, 1.5),
               second_order=False, note="initial joins each segment's sum"),
        Sample(lambda x: ember.segment_reduce(x, "max", lengths=ember.tensor([3, 4])), (data,),
               lambda x: _segments(x, [3, 4], np.max, -np.inf), second_order=False,
               note="no empty segment: its -inf has no finite difference"),
        Sample(_call("min", initial=1.0), (data,),
               lambda x: _segments(x, _LENGTHS, lambda p: min(p.min(), 1.0), 1.0),
               second_order=False),
        Sample(lambda x: ember.segment_reduce(x, "prod", offsets=ember.tensor([0, 2, 2, 6, 7])),
               (data,), lambda x: _segments(x, _LENGTHS, np.prod, 1.0), second_order=False,
               note="offsets"),
        Sample(lambda x: ember.segment_reduce(x, "amax", lengths=ember.tensor(_ROWS), axis=1),
               (grid,), lambda x: _rows(x, np.max), second_order=False, note="axis 1"),
        Sample(lambda x: ember.segment_reduce(x, "mean", lengths=ember.tensor(_ROWS), axis=-2),
               (grid,), lambda x: _rows(x, np.mean), second_order=False),
    ],
    "segment_reduce_backward": [
        Sample(_gradient(r), (data,), _gradient_reference(r), second_order=False,
               note=f"{r}: torch's gradient kernel, not differentiable")
        for r in ("sum", "max", "prod")
    ],
}
