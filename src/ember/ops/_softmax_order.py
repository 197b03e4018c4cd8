"""The order in which torch's CPU softmax kernels add their exponentials (and their
backward kernels their products), so float32/float64 sums round as torch's do.

Measured against torch 2.13 on AVX2 (scripts/measure_activation_bits.py):
- along the last dim, a row of at least one vector's width (8 float32, 4 float64) is added
  in one vector of lanes: lane j holds the sum of elements j, j + 8, j + 16, ... in order,
  the last partial vector's elements added to the first lanes; then the lanes are
  combined: float32 by halving (lanes j and j + 4, then j and j + 2, then 0 and 1),
  float64 left to right. A shorter row is added left to right.
- along another dim (softmax2d's channels, dim 0 of a matrix), each position is added left
  to right along the dim (the kernel's vectors run across the positions).

NumPy's `sum` adds pairwise in blocks of 8 partial sums instead: a different last bit in
about one sum of three.
"""

from __future__ import annotations

import numpy as np

from ._torch_libm import fma

__all__ = ["LANES", "softmax_sum", "in_order"]

_F32, _F64 = np.dtype(np.float32), np.dtype(np.float64)
LANES = {_F32: 8, _F64: 4}


def _left_to_right(v: np.ndarray, axis: int) -> np.ndarray:
    """v summed left to right along axis (dropped), n >= 1: one in-place addition per step
    (NumPy's reductions regroup their additions; its accumulate keeps the order but runs
    ~50x slower along an inner axis than these additions of whole slices)."""
    n = v.shape[axis]
    if n > 512 and v.size < 64 * n:  # long and thin: the per-step cost would dominate
        return np.add.accumulate(v, axis=axis).take(n - 1, axis=axis)
    if v.ndim >= 2 and n >= 2 and (axis == -1 or axis == v.ndim - 1):
        # (a short last dim, log_softmax's classes: whole slices, one new array; the same
        # additions as below, v0 + v1 first)
        total = np.add(v[..., 0], v[..., 1], order="C")  # (C-ordered, as the copy below)
        for i in range(2, n):
            np.add(total, v[..., i], out=total)
        return total
    total = np.array(v.take(0, axis=axis))  # (a copy; 0-d for a vector)
    index = [slice(None)] * v.ndim
    for i in range(1, n):
        index[axis] = i
        np.add(total, v[tuple(index)], out=total)
    return total


def in_order(v: np.ndarray, axis: int) -> np.ndarray:
    """v summed left to right along axis (kept as a dim of 1)."""
    if v.shape[axis] == 0:
        return np.sum(v, axis=axis, keepdims=True)
    axis %= v.ndim  # (the dim kept as 1 by a reshape: np.expand_dims costs ~3 us)
    return _left_to_right(v, axis).reshape(v.shape[:axis] + (1,) + v.shape[axis + 1:])


def _in_lanes(v: np.ndarray) -> np.ndarray:
    lanes = LANES[v.dtype]
    n = v.shape[-1]
    if n < lanes:
        return in_order(v, -1)
    whole = n // lanes * lanes
    if whole == lanes:  # (one vector: the common short row, without the general loop)
        acc = v[..., :lanes].copy()
    else:
        steps = v[..., :whole].reshape(v.shape[:-1] + (whole // lanes, lanes))
        acc = _left_to_right(steps, -2)  # (its own array: written below)
    if whole < n:
        acc[..., :n - whole] += v[..., whole:]
    if v.dtype == _F64:
        total = acc[..., 0:1] + acc[..., 1:2]
        total += acc[..., 2:3]
        total += acc[..., 3:4]
        return total
    acc = acc[..., :4] + acc[..., 4:]
    acc = acc[..., :2] + acc[..., 2:]
    return acc[..., :1] + acc[..., 1:]


def softmax_sum(v: np.ndarray, axis: int) -> np.ndarray:
    """v summed along axis (kept) as torch's softmax kernels add: in vector lanes along the
    last dim, left to right along another; NumPy's sum for other dtypes."""
    if v.dtype not in LANES:
        return np.sum(v, axis=axis, keepdims=True)
    if axis == v.ndim - 1 or axis == -1:
        return _in_lanes(v)
    return in_order(v, axis)


def fused_dot(a: np.ndarray, b: np.ndarray, axis: int) -> np.ndarray:
    """sum(a * b) along a dim other than the last (kept), as torch's softmax backward adds
    it there: one fused multiply-add per element, left to right from +0."""
    a, b = np.broadcast_arrays(a, b)
    a, b = np.moveaxis(a, axis, 0), np.moveaxis(b, axis, 0)
    total = np.zeros(a.shape[1:], np.result_type(a, b))
    for i in range(a.shape[0]):
        total = fma(a[i], b[i], total)
    return np.expand_dims(total, axis)
