"""Samples for the sorting and selection ops of src/ember/ops/sorting.py.

Differentiable inputs have distinct values far enough apart that a finite-difference step
never reorders them. Samples about ties and NaN use integer inputs, or float inputs marked
nondiff; their references spell out torch's order (equal elements keep their original
order, NaN sorts last). tests/test_sorting.py covers what these cannot see.
"""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng

_R = rng(41)


def distinct(shape: tuple) -> np.ndarray:
    """Values at least 0.09 apart (no ties, no near-ties), both signs."""
    count = int(np.prod(shape))
    grid = np.linspace(-3.0, 3.0, 61)
    return _R.choice(grid, count, replace=False).reshape(shape) + _R.uniform(0, 0.01, shape)


def descending_order(x: np.ndarray, axis: int) -> np.ndarray:
    """argsort for descending order of distinct (or integer) values: sort the negation."""
    return np.argsort(-x, axis=axis, kind="stable")


def taken(x: np.ndarray, order: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    return np.take_along_axis(x, order, axis=axis), order


def kth(x: np.ndarray, k: int, axis: int, keepdims: bool = False):
    order = np.argsort(x, axis=axis, kind="stable")
    values = np.take(np.sort(x, axis=axis), k - 1, axis=axis)
    indices = np.take(order, k - 1, axis=axis)
    if keepdims:
        values, indices = np.expand_dims(values, axis), np.expand_dims(indices, axis)
    return values, indices


def search_rows(boundaries: np.ndarray, values: np.ndarray, side: str) -> np.ndarray:
    """np.searchsorted row by row (it only takes 1-d sequences)."""
    return np.stack([np.searchsorted(row, query, side=side)
                     for row, query in zip(boundaries, values)]).astype(np.int64)


x34 = distinct((3, 4))
x234 = distinct((2, 3, 4))
x5 = distinct((5,))
scalar = np.array(0.75)
ints_with_ties = np.array([1, 1, 1, 0, 0, 1], dtype=np.int64)
ints23 = np.array([[3, -1, 3], [2, 2, 0]], dtype=np.int64)
with_nan = np.array([2.0, np.nan, 1.0, -np.inf, np.nan, 1.0])
repeats = np.array([[3, 1, 3], [2, 1, 3]], dtype=np.int64)
rows = np.array([[1, 2, 1], [0, 5, 0], [1, 2, 1], [0, 4, 0]], dtype=np.int64)
runs = np.array([3, 3, 1, 2, 2, 1, 3, 3], dtype=np.int64)
boundaries = np.array([-1.0, 0.5, 0.5, 2.0, 3.5])
boundary_rows = np.array([[-1.0, 0.5, 0.5, 2.0], [0.0, 1.0, 1.5, 4.0]])
queries = np.array([[0.5, -2.0, 2.5], [1.0, 4.0, 0.25]])

def _unique_with_inverse_in_input_shape(x):
    """np.unique's inverse has had different shapes across NumPy versions; torch's has the
    input's shape."""
    values, inverse, counts = np.unique(x, return_inverse=True, return_counts=True)
    return values, inverse.reshape(x.shape), counts


SAMPLES: dict[str, list[Sample]] = {
    "sort": [
        Sample(lambda x: ember.sort(x), (x34,),
               lambda x: (np.sort(x, -1), np.argsort(x, -1))),
        Sample(lambda x: x.sort(dim=1, descending=True), (x234,),
               lambda x: taken(x, descending_order(x, 1), 1)),
        Sample(lambda x: ember.sort(x, 0), (x34,),
               lambda x: (np.sort(x, 0), np.argsort(x, 0))),
        Sample(lambda x: x.sort(), (scalar,), lambda x: (x, np.array(0))),
        Sample(lambda x: ember.msort(x), (x34,), lambda x: np.sort(x, 0)),
        Sample(lambda x: x.sort(descending=True, stable=True), (ints_with_ties,),
               lambda x: (np.array([1, 1, 1, 1, 0, 0]), np.array([0, 1, 2, 5, 3, 4])),
               note="ties keep their order, also descending"),
        Sample(lambda x: x.sort(), (with_nan,),
               lambda x: (np.array([-np.inf, 1.0, 1.0, 2.0, np.nan, np.nan]),
                          np.array([3, 2, 5, 0, 1, 4])),
               nondiff=(0,), note="NaN sorts as the largest value"),
    ],
    "argsort": [
        Sample(lambda x: ember.argsort(x, dim=0), (x34,), lambda x: np.argsort(x, 0)),
        Sample(lambda x: x.argsort(descending=True), (ints23,),
               lambda x: descending_order(x, -1)),
    ],
    "topk": [
        Sample(lambda x: ember.topk(x, 2), (x34,),
               lambda x: taken(x, descending_order(x, -1)[:, :2], -1)),
        Sample(lambda x: x.topk(2, dim=0, largest=False), (x34,),
               lambda x: taken(x, np.argsort(x, 0)[:2], 0)),
        # (sorted=False leaves nth_element's arrangement, which torch's tie-order cases
        # check: here the selection, sorted afterwards)
        Sample(lambda x: x.topk(5, sorted=False).values.sort(descending=True).values, (x5,),
               lambda x: taken(x, descending_order(x, 0), 0)[0]),
        Sample(lambda x: x.topk(1), (scalar,), lambda x: (x, np.array(0))),
        Sample(lambda x: x.topk(2, dim=1), (ints23,),
               lambda x: (np.array([[3, 3], [2, 2]]), np.array([[0, 2], [0, 1]]))),
    ],
    "kthvalue": [
        Sample(lambda x: ember.kthvalue(x, 2), (x34,), lambda x: kth(x, 2, -1)),
        Sample(lambda x: x.kthvalue(3, dim=1, keepdim=True), (x234,),
               lambda x: kth(x, 3, 1, keepdims=True)),
        Sample(lambda x: x.kthvalue(1), (scalar,), lambda x: (x, np.array(0))),
        Sample(lambda x: x.kthvalue(2, 0), (ints23,),
               lambda x: (np.array([3, 2, 3]), np.array([0, 1, 0]))),
    ],
    "unique": [
        Sample(lambda x: ember.unique(x), (repeats,), np.unique),
        Sample(lambda x: x.unique(return_inverse=True, return_counts=True), (repeats,),
               _unique_with_inverse_in_input_shape),
        Sample(lambda x: ember.unique(x, sorted=False, return_counts=True), (with_nan,),
               lambda x: (np.array([-np.inf, 1.0, 2.0, np.nan, np.nan]),
                          np.array([1, 2, 1, 1, 1])),
               nondiff=(0,), note="every NaN is distinct"),
    ],
    "unique_dim": [
        Sample(lambda x: ember.unique(x, dim=0, return_inverse=True, return_counts=True),
               (rows,),
               lambda x: np.unique(x, axis=0, return_inverse=True, return_counts=True)),
        Sample(lambda x: x.unique(dim=1), (rows,), lambda x: np.unique(x, axis=1)),
        Sample(lambda x: x.unique(dim=-1), (x34,), lambda x: np.unique(x, axis=-1),
               nondiff=(0,)),
    ],
    "unique_consecutive": [
        Sample(lambda x: ember.unique_consecutive(x), (runs,),
               lambda x: np.array([3, 1, 2, 1, 3])),
        Sample(lambda x: x.unique_consecutive(dim=0), (rows,), lambda x: x),
        Sample(lambda x: ember.unique_consecutive(x, dim=1), (np.array([[1, 1, 2], [4, 4, 5]]),),
               lambda x: x[:, [0, 2]]),
    ],
    "searchsorted": [
        Sample(lambda b, v: ember.searchsorted(b, v), (boundaries, queries),
               lambda b, v: np.searchsorted(b, v), nondiff=(0, 1)),
        Sample(lambda b, v: ember.searchsorted(b, v, side="right"), (boundaries, queries),
               lambda b, v: np.searchsorted(b, v, side="right"), nondiff=(0, 1)),
        Sample(lambda b, v: ember.searchsorted(b, v, right=True, out_int32=True),
               (boundary_rows, queries),
               lambda b, v: search_rows(b, v, "right").astype(np.int32), nondiff=(0, 1)),
        Sample(lambda v, b: ember.bucketize(v, b), (queries, boundaries),
               lambda v, b: np.searchsorted(b, v), nondiff=(0, 1)),
        Sample(lambda b: ember.searchsorted(b, 0.5), (boundaries,),
               lambda b: np.searchsorted(b, 0.5), nondiff=(0,)),
    ],
}
