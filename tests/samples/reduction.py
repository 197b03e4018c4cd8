"""Samples for the reductions of src/ember/ops/reduction*.py.

Differentiable inputs have distinct values, far enough apart that a finite-difference step
never changes which element is the max, min or median. The samples of prod and cumprod
include zeros on purpose: their gradients there have a formula of their own (and the
functions are polynomials, so finite differences are exact there). Ties, NaN and the
behaviours the generic tests cannot see are tested in tests/test_reduction.py.
"""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng

_R = rng(23)


def distinct(shape: tuple, low: float = -2.0, high: float = 2.0) -> np.ndarray:
    """Values in [low, high], at least 0.09 apart from each other (no ties, no near-ties)
    and at least 0.2 from zero (where abs, and so the norms, have a kink)."""
    count = int(np.prod(shape))
    grid = np.linspace(low, high, int(round((high - low) / 0.1)) + 1)
    grid = grid[np.abs(grid) >= 0.2]
    return _R.choice(grid, count, replace=False).reshape(shape) + _R.uniform(0, 0.01, shape)


x23 = distinct((2, 3))
x234 = distinct((2, 3, 4))
x4 = distinct((4,))
x5 = distinct((5,))
scalar = np.array(0.75)
positive23 = distinct((2, 3), 0.3, 2.0)
ints23 = _R.integers(-4, 5, (2, 3)).astype(np.int64)
int32s = _R.integers(-4, 5, (2, 3)).astype(np.int32)
bools23 = np.array([[True, False, True], [False, False, True]])
one_zero = np.array([1.5, 0.0, -2.0, 0.5])
two_zeros = np.array([1.5, 0.0, -2.0, 0.0])
zero_rows = np.array([[1.5, 0.0, -2.0], [0.0, 0.0, 0.7], [0.4, -1.1, 2.0], [0.0, 0.0, 0.0]])
zero_runs = np.array([[1.5, 0.0, -2.0, 0.5], [0.0, 2.0, 0.0, 1.2], [0.3, -1.4, 1.1, 0.9]])


def lower_median(values: np.ndarray, axis=None) -> np.ndarray:
    """torch's median: the lower of the two middle values, never their mean."""
    if axis is None:
        flat = np.sort(values, axis=None)
        return flat[(flat.size - 1) // 2]
    ordered = np.sort(values, axis=axis)
    return np.take(ordered, (values.shape[axis] - 1) // 2, axis=axis)


def logsumexp_reference(values: np.ndarray, axis, keepdims: bool = False) -> np.ndarray:
    top = np.max(values, axis=axis, keepdims=True)
    total = np.log(np.sum(np.exp(values - top), axis=axis, keepdims=True)) + top
    return total if keepdims else np.squeeze(total, axis=axis)


def vector_norm(values: np.ndarray, p: float, axis=None, keepdims: bool = False):
    magnitude = np.abs(values)
    if p == np.inf:
        return np.max(magnitude, axis=axis, keepdims=keepdims)
    if p == -np.inf:
        return np.min(magnitude, axis=axis, keepdims=keepdims)
    return np.sum(magnitude ** p, axis=axis, keepdims=keepdims) ** (1 / p)


def _running_argmax(values: np.ndarray, axis: int) -> np.ndarray:
    """Where each running maximum along axis comes from (distinct values: no ties)."""
    running = np.maximum.accumulate(values, axis)
    moved = np.moveaxis(values, axis, 0)
    flat, top = moved.reshape(len(moved), -1), np.moveaxis(running, axis, 0).reshape(len(moved), -1)
    indices = np.array([[np.flatnonzero(flat[:k + 1, i] == top[k, i])[-1]
                         for i in range(flat.shape[1])] for k in range(len(flat))])
    return np.moveaxis(indices.reshape(moved.shape).astype(np.int64), 0, axis)


SAMPLES: dict[str, list[Sample]] = {
    "sum": [
        Sample(lambda x: ember.sum(x), (x23,), np.sum),
        Sample(lambda x: x.sum(), (scalar,), np.sum),
        Sample(lambda x: x.sum(), (int32s,), lambda x: np.sum(x, dtype=np.int64),
               note="integers sum in int64"),
        Sample(lambda x: x.sum(), (bools23,), lambda x: np.sum(x, dtype=np.int64)),
        Sample(lambda x: x.sum(dtype=ember.float64), (ints23,),
               lambda x: np.sum(x).astype(np.float64)),
    ],
    "sum_dim": [
        Sample(lambda x: ember.sum(x, 1), (x23,), lambda x: np.sum(x, 1)),
        Sample(lambda x: x.sum((0, 2), keepdim=True), (x234,),
               lambda x: np.sum(x, (0, 2), keepdims=True)),
        Sample(lambda x: x.sum(axis=-1, keepdims=True), (x23,),
               lambda x: np.sum(x, -1, keepdims=True), note="NumPy's spellings"),
        Sample(lambda x: x.sum(()), (x23,), lambda x: np.sum(x), note="() means all dims"),
        Sample(lambda x: x.sum(0), (scalar,), np.copy, note="0-d accepts dim 0"),
        Sample(lambda x: x.sum(-1), (int32s,), lambda x: np.sum(x, -1, dtype=np.int64)),
    ],
    "nansum": [
        Sample(lambda x: ember.nansum(x), (x23,), np.sum),
        Sample(lambda x: x.nansum(1, keepdim=True), (np.array([[1.5, np.nan, -0.7],
                                                               [np.nan, 0.4, 2.0]]),),
               lambda x: np.nansum(x, 1, keepdims=True), note="nan counts as 0"),
        Sample(lambda x: x.nansum((0, 2)), (x234,), lambda x: np.sum(x, (0, 2))),
        Sample(lambda x: x.nansum(), (ints23,), lambda x: np.sum(x, dtype=np.int64)),
    ],
    "cummax": [
        Sample(lambda x: ember.cummax(x, 1).values, (x23,),
               lambda x: np.maximum.accumulate(x, 1)),
        Sample(lambda x: x.cummax(0), (x234,),
               lambda x: (np.maximum.accumulate(x, 0), _running_argmax(x, 0)),
               note="the named tuple: values and int64 indices"),
        Sample(lambda x: x.cummax(0).values, (scalar,), np.copy),
    ],
    "cummin": [
        Sample(lambda x: ember.cummin(x, -1).values, (x234,),
               lambda x: np.minimum.accumulate(x, -1)),
        Sample(lambda x: x.cummin(0).values, (ints23,), lambda x: np.minimum.accumulate(x, 0)),
    ],
    "mean": [
        Sample(lambda x: ember.mean(x), (x23,), np.mean),
        Sample(lambda x: x.mean(), (scalar,), np.mean),
    ],
    "mean_dim": [
        Sample(lambda x: x.mean(0), (x23,), lambda x: np.mean(x, 0)),
        Sample(lambda x: ember.mean(x, (1, 2), keepdim=True), (x234,),
               lambda x: np.mean(x, (1, 2), keepdims=True)),
        Sample(lambda x: x.mean(()), (x23,), lambda x: np.mean(x)),
        Sample(lambda x: x.mean(-1, keepdim=True), (scalar,), np.copy),
    ],
    "sum_to_size": [
        Sample(lambda x: x.sum_to_size(1, 3), (x23,), lambda x: np.sum(x, 0, keepdims=True)),
        Sample(lambda x: x.sum_to_size((3, 1)), (x234,),
               lambda x: np.sum(x, (0, 2))[:, None]),
    ],
    "prod": [
        Sample(lambda x: ember.prod(x), (x23,), np.prod),
        Sample(lambda x: x.prod(), (one_zero,), np.prod, note="one zero"),
        Sample(lambda x: x.prod(), (two_zeros,), np.prod, note="two zeros"),
        Sample(lambda x: x.prod(), (zero_rows,), np.prod, note="five zeros"),
        Sample(lambda x: x.prod(), (ints23,), lambda x: np.prod(x, dtype=np.int64)),
        Sample(lambda x: x.prod(), (bools23,), lambda x: np.prod(x, dtype=np.int64)),
    ],
    "prod_dim": [
        Sample(lambda x: ember.prod(x, 1), (x23,), lambda x: np.prod(x, 1)),
        Sample(lambda x: x.prod(dim=0, keepdim=True), (x234,),
               lambda x: np.prod(x, 0, keepdims=True)),
        Sample(lambda x: x.prod(1), (zero_rows,), lambda x: np.prod(x, 1),
               note="rows with 1, 2 and 3 zeros, and none"),
        Sample(lambda x: x.prod(0), (zero_rows,), lambda x: np.prod(x, 0)),
        Sample(lambda x: x.prod(0), (scalar,), np.copy),
    ],
    "max": [
        Sample(lambda x: ember.max(x), (x23,), np.max),
        Sample(lambda x: x.max(), (ints23,), np.max),
    ],
    "min": [
        Sample(lambda x: ember.min(x), (x234,), np.min),
        Sample(lambda x: x.min(), (scalar,), np.min),
    ],
    "max_dim": [
        Sample(lambda x: ember.max(x, 1).values, (x23,), lambda x: np.max(x, 1)),
        Sample(lambda x: x.max(dim=-1, keepdim=True)[0], (x234,),
               lambda x: np.max(x, -1, keepdims=True)),
        Sample(lambda x: x.max(0), (x23,), lambda x: (np.max(x, 0), np.argmax(x, 0)),
               note="the named tuple: values and int64 indices"),
        Sample(lambda x: x.max(0).values, (scalar,), np.copy),
        Sample(lambda x: x.max(1).values, (bools23,), lambda x: np.max(x, 1)),
    ],
    "min_dim": [
        Sample(lambda x: ember.min(x, 0).values, (x23,), lambda x: np.min(x, 0)),
        Sample(lambda x: x.min(2, True), (x234,),
               lambda x: (np.min(x, 2, keepdims=True), np.argmin(x, 2, keepdims=True))),
    ],
    "median": [
        Sample(lambda x: ember.median(x), (x23,), lower_median, note="6 elements: lower"),
        Sample(lambda x: x.median(), (x5,), lower_median),
        Sample(lambda x: x.median(), (ints23,), lower_median),
    ],
    "median_dim": [
        Sample(lambda x: ember.median(x, 1).values, (x234,),
               lambda x: lower_median(x, 1)),
        Sample(lambda x: x.median(-1, keepdim=True).values, (x234,),
               lambda x: np.expand_dims(lower_median(x, -1), -1)),
    ],
    "amax": [
        Sample(lambda x: ember.amax(x, 1), (x23,), lambda x: np.max(x, 1)),
        Sample(lambda x: x.amax((0, 2), keepdim=True), (x234,),
               lambda x: np.max(x, (0, 2), keepdims=True)),
        Sample(lambda x: x.amax(), (x23,), np.max),
        # a 0-d input given a dim: the gradient is summed back (SumBackward0 under create_graph)
        Sample(lambda x: x.amax(-1), (scalar,), np.max),
    ],
    "amin": [
        Sample(lambda x: ember.amin(x, (1, 2)), (x234,), lambda x: np.min(x, (1, 2))),
        Sample(lambda x: ember.aminmax(x, dim=0).min, (scalar,), np.min),
        Sample(lambda x: x.amin(-1), (ints23,), lambda x: np.min(x, -1)),
    ],
    "argmax": [
        Sample(lambda x: ember.argmax(x), (x23,), lambda x: np.argmax(x), nondiff=(0,)),
        Sample(lambda x: x.argmax(1, keepdim=True), (x234,),
               lambda x: np.argmax(x, 1, keepdims=True), nondiff=(0,)),
        Sample(lambda x: x.argmax(0), (ints23,), lambda x: np.argmax(x, 0)),
    ],
    "argmin": [
        Sample(lambda x: ember.argmin(x, -1), (x23,), lambda x: np.argmin(x, -1),
               nondiff=(0,)),
        Sample(lambda x: x.argmin(keepdim=True), (x23,),
               lambda x: np.full((1, 1), np.argmin(x)), nondiff=(0,)),
    ],
    "var": [
        Sample(lambda x: ember.var(x), (x23,), lambda x: np.var(x, ddof=1)),
        Sample(lambda x: x.var(1, unbiased=False), (x23,), lambda x: np.var(x, 1)),
        Sample(lambda x: x.var((0, 2), correction=2, keepdim=True), (x234,),
               lambda x: np.var(x, (0, 2), ddof=2, keepdims=True)),
    ],
    "std": [
        Sample(lambda x: ember.std(x), (x23,), lambda x: np.std(x, ddof=1)),
        Sample(lambda x: x.std(0, True, True), (x234,),
               lambda x: np.std(x, 0, ddof=1, keepdims=True)),
        Sample(lambda x: x.std(dim=-1, correction=0), (x234,), lambda x: np.std(x, -1)),
        Sample(lambda x: ember.std_mean(x, 1)[0], (x23,), lambda x: np.std(x, 1, ddof=1)),
    ],
    "logsumexp": [
        Sample(lambda x: ember.logsumexp(x, 1), (x23,), lambda x: logsumexp_reference(x, 1)),
        Sample(lambda x: x.logsumexp((0, 2), keepdim=True), (x234,),
               lambda x: logsumexp_reference(x, (0, 2), keepdims=True)),
        Sample(lambda x: (x + 800).logsumexp(0), (x4,),
               lambda x: logsumexp_reference(x + 800, 0), note="exp(800) overflows"),
        Sample(lambda x: x.logsumexp(0), (ints23,),
               lambda x: logsumexp_reference(x.astype(np.float32), 0)),
    ],
    "cumsum": [
        Sample(lambda x: ember.cumsum(x, 1), (x23,), lambda x: np.cumsum(x, 1)),
        Sample(lambda x: x.cumsum(dim=0), (x234,), lambda x: np.cumsum(x, 0)),
        Sample(lambda x: x.cumsum(0), (scalar,), np.copy),
        Sample(lambda x: x.cumsum(-1), (int32s,), lambda x: np.cumsum(x, -1, dtype=np.int64)),
    ],
    "cumprod": [
        Sample(lambda x: ember.cumprod(x, 1), (x23,), lambda x: np.cumprod(x, 1)),
        Sample(lambda x: x.cumprod(0), (one_zero,), lambda x: np.cumprod(x, 0)),
        Sample(lambda x: x.cumprod(1), (zero_runs,), lambda x: np.cumprod(x, 1),
               note="zeros first, in the middle, twice, and none"),
        Sample(lambda x: x.cumprod(0), (zero_runs,), lambda x: np.cumprod(x, 0)),
        Sample(lambda x: x.cumprod(-1), (scalar,), np.copy),
        Sample(lambda x: x.cumprod(1), (ints23,), lambda x: np.cumprod(x, 1)),
    ],
    "any": [
        Sample(lambda x: ember.any(x), (bools23,), np.any),
        Sample(lambda x: x.any(1, keepdim=True), (ints23,), lambda x: np.any(x, 1, keepdims=True)),
        Sample(lambda x: x.any(0), (x23,), lambda x: np.any(x, 0), nondiff=(0,)),
    ],
    "all": [
        Sample(lambda x: ember.all(x), (bools23,), np.all),
        Sample(lambda x: x.all(dim=(0, 1)), (ints23,), np.all),
        Sample(lambda x: x.all(()), (ints23,), lambda x: x != 0, note="() reduces nothing"),
    ],
    "count_nonzero": [
        Sample(lambda x: ember.count_nonzero(x), (ints23,),
               lambda x: np.int64(np.count_nonzero(x))),
        Sample(lambda x: x.count_nonzero(1), (zero_rows,),
               lambda x: np.count_nonzero(x, 1).astype(np.int64), nondiff=(0,)),
    ],
    "norm": [
        Sample(lambda x: ember.norm(x), (x23,), lambda x: vector_norm(x, 2)),
        Sample(lambda x: x.norm(1, dim=1), (x23,), lambda x: vector_norm(x, 1, 1)),
        Sample(lambda x: x.norm(float("inf"), dim=(0, 2), keepdim=True), (x234,),
               lambda x: vector_norm(x, np.inf, (0, 2), True)),
        Sample(lambda x: x.norm(float("-inf")), (x23,), lambda x: vector_norm(x, -np.inf)),
        Sample(lambda x: x.norm(3, dim=0), (x23,), lambda x: vector_norm(x, 3, 0)),
        Sample(lambda x: x.norm(0.5), (x23,), lambda x: vector_norm(x, 0.5)),
        Sample(lambda x: x.norm(-1, dim=-1), (x23,), lambda x: vector_norm(x, -1, -1)),
        Sample(lambda x: x.norm(p=2, dim=1, keepdim=True), (x234,),
               lambda x: vector_norm(x, 2, 1, True)),
    ],
    # aten::norm (NormBackward1), which nn.functional.pairwise_distance records
    "norm_dim": [
        Sample(lambda x, y: ember.nn.functional.pairwise_distance(x, y), (x23, x23[::-1]),
               lambda x, y: vector_norm(x - y + 1e-6, 2, -1)),
        Sample(lambda x, y: ember.nn.functional.pairwise_distance(x, y, p=1, keepdim=True),
               (x234, x4), lambda x, y: vector_norm(x - y + 1e-6, 1, -1, True)),
        Sample(lambda x: ember.nn.functional.pairwise_distance(x, 0.5 * x, p=float("inf")),
               (x23,), lambda x: vector_norm(0.5 * x + 1e-6, np.inf, -1)),
        Sample(lambda x: ember.nn.functional.pairwise_distance(x, -x, p=3), (x5,),
               lambda x: vector_norm(2 * x + 1e-6, 3, -1)),
    ],
}
