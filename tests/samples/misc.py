"""Samples for copies and casts (ops/conversion.py) and for the overwriting ops
(ops/filling.py). ops/comparison.py declares no op (allclose, equal... are plain functions).

The filling ops are reached through their in-place methods on a non-leaf (`(x * 1).fill_`),
which is how torch code uses them on tensors that require grad.
"""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng

_R = rng(11)
x = _R.uniform(-2, 2, (2, 3))
row = _R.uniform(-2, 2, (3,))
scalar = np.array(1.75)
ints = _R.integers(-5, 6, (2, 3)).astype(np.int64)
singles = _R.uniform(-2, 2, (2, 3)).astype(np.float32)

SAMPLES: dict[str, list[Sample]] = {
    "clone": [
        Sample(lambda p: ember.clone(p), (x,), np.copy),
        Sample(lambda p: p.clone(), (x,), np.copy),
        Sample(lambda p: p.t().contiguous(), (x,), lambda p: np.ascontiguousarray(p.T),
               note="a transposed view is not contiguous: contiguous() copies it"),
        Sample(lambda p: p.clone(), (ints,), np.copy),
    ],
    "to_dtype": [
        # float64 -> float32 rounds: the forward matches a float32 reference exactly, and the
        # gradient check uses a float32-sized finite-difference step.
        Sample(lambda p: p.to(ember.float32), (x,), lambda p: p.astype(np.float32)),
        Sample(lambda p: p.float().double(), (x,),
               lambda p: p.astype(np.float32).astype(np.float64)),
        Sample(lambda p: p.to(dtype=ember.float32) * p.to(ember.float32), (x,),
               lambda p: np.square(p.astype(np.float32)), rtol=1e-6),
        Sample(lambda p: p.double(), (singles,), lambda p: p.astype(np.float64)),
        Sample(lambda p: p.type(ember.float64), (ints,), lambda p: p.astype(np.float64)),
        Sample(lambda p: p.long(), (x,), lambda p: np.trunc(p).astype(np.int64),
               note="casting to an integer type truncates toward zero; no gradient"),
        Sample(lambda p: p.bool(), (x * (np.abs(x) > 0.5),), lambda p: p != 0),
        Sample(lambda p: p.type_as(ember.zeros(1, dtype=ember.int32)), (ints,),
               lambda p: p.astype(np.int32)),
    ],
    "fill": [
        Sample(lambda p: ember.fill(p, 2.5), (x,), lambda p: np.full_like(p, 2.5),
               inplace="fill_", inplace_args=(2.5,)),
        Sample(lambda p: (p * 1).fill_(-1), (x,), lambda p: np.full_like(p, -1.0)),
        Sample(lambda p: p.clone().fill_(3), (ints,), lambda p: np.full_like(p, 3)),
    ],
    "fill_tensor": [
        Sample(lambda p, v: ember.fill(p, v), (x, scalar), lambda p, v: np.full_like(p, v),
               inplace="fill_"),
        Sample(lambda p, v: (p * 1).fill_(v), (x, scalar), lambda p, v: np.full_like(p, v)),
    ],
    "zero": [
        Sample(lambda p: (p * 1).zero_(), (x,), np.zeros_like),
        Sample(lambda p: p.clone().zero_(), (ints,), np.zeros_like),
    ],
    "copy": [
        Sample(lambda p, src: (p * 1).copy_(src), (x, x[::-1].copy()),
               lambda p, src: np.broadcast_to(src, p.shape).copy()),
        Sample(lambda p, src: (p * 1).copy_(src), (x, row),
               lambda p, src: np.broadcast_to(src, p.shape).copy()),
        Sample(lambda p, src: (p * 1).copy_(src), (x, ints),
               lambda p, src: src.astype(np.float64), note="src is cast to self's dtype"),
        Sample(lambda p, src: p.clone().copy_(src), (ints, x),
               lambda p, src: np.trunc(src).astype(np.int64),
               note="an integer tensor does not require grad after copying a float one"),
    ],
    "random_fill": [
        # Random values have no reference; the gradient (zero) is still checked, with the
        # generator reseeded before every evaluation.
        Sample(lambda p: (p * 1).normal_(), (x,), None),
        Sample(lambda p: (p * 1).uniform_(-1, 1), (x,), None),
        Sample(lambda p: (p * 1).exponential_(), (x,), None),
        Sample(lambda p: (p * 1).bernoulli_(0.3), (x,), None),
        Sample(lambda p: p.clone().random_(0, 10), (ints,), None),
    ],
}
