"""torch's CPU sum of all elements of a float32/float64 array, in torch's order of additions.

Where huge terms cancel (1e30 - 1e30, int64's +-2**63 cast to float32), the order decides
the answer, so the few reductions whose result is read after such a cast (sum/mean/nansum
with dtype=, var/std's mean over everything) use this rather than NumPy's pairwise sum.

torch's kernel (found by experiment: bit for bit on random sizes and magnitudes), for a
reduction done in one thread (fewer than 32768 elements; above that, the split depends on
the thread count, and NumPy's sum stands in):
- the elements are read as vectors of 32 bytes (8 float32, 4 float64), four vectors to a
  row; shorter inputs as scalars, four to a row;
- the rows are added lane by lane in a cascade: blocks of 16 rows are summed from 0, block
  sums are added into a second accumulator, flushed into a third every 16 blocks and into a
  fourth every 256; the rows after the last full block go into a fresh first accumulator,
  and the four are added first to last;
- the vectors (or scalars) after the last full row go into the first of the four partial
  sums, then the other three are added to it;
- vector path: the scalar tail (elements after the last full vector) is summed from 0, then
  the partial vector's lanes are added to it in order.
"""

from __future__ import annotations

import numpy as np

_VECTOR_BYTES = 32
_ROW = 4  # vectors (or scalars) read side by side
_BLOCK = 16  # rows per cascade block (2 ** max(4, ceil(log2(rows)) // 4) below 2**20 rows)
_SERIAL = 32768  # torch's grain size: smaller reductions run in one thread


def _in_order(parts: np.ndarray, zero: np.ndarray) -> np.ndarray:
    """parts (..., k, L) added one after the other from 0 along their next-to-last axis.

    NumPy reduces an axis that is not the innermost one term by term (its pairwise sum is
    for the innermost axis only); starting from the first term rather than 0 changes only
    a -0 result, which adding 0 turns into torch's +0."""
    return np.add.reduce(parts, axis=-2) + zero if parts.shape[-2] else zero


def _cascade(rows: np.ndarray) -> np.ndarray:
    """The lane-wise sum of `rows` (R, L) in torch's cascade of accumulators."""
    lanes = rows.shape[1]
    zero = np.zeros(lanes, rows.dtype)
    # the first accumulator holds the rows after the last block of 16, the second the
    # blocks after the last group of 16 blocks, the third the groups after the last group
    # of 16 groups, the fourth all groups of groups; each started from 0
    total = None
    level = rows
    for depth in range(4):
        full = level.shape[0] // _BLOCK if depth < 3 else 0
        rest = _in_order(level[full * _BLOCK:], zero)
        total = rest if total is None else total + rest
        if not full:
            return total  # (adding the empty accumulators' 0s changes nothing)
        level = np.add.reduce(level[:full * _BLOCK].reshape(full, _BLOCK, lanes), axis=1)
        level += zero
    return total


def _one_after_another(rows: np.ndarray) -> np.ndarray:
    """rows (k, W) added first to last, lane by lane: a reduction over the outer axis is
    term by term in NumPy (a single lane is padded to two, which keeps it outer)."""
    if rows.shape[1] == 1:
        padded = np.zeros((rows.shape[0], 2), rows.dtype)
        padded[:, :1] = rows
        return np.add.reduce(padded, axis=0)[:1]
    return np.add.reduce(rows, axis=0)


def _row_sum(items: np.ndarray) -> np.ndarray:
    """The sum of `items` (n, W: n scalars or vectors) as torch's row_sum: four partial
    sums side by side, the leftover items into the first, then the others added to it."""
    count, width = items.shape
    rows = count // _ROW
    partial = _cascade(items[:rows * _ROW].reshape(rows, _ROW * width)).reshape(_ROW, width)
    return _one_after_another(
        np.concatenate((partial[:1], items[rows * _ROW:], partial[1:])))


def torch_sum(x: np.ndarray) -> np.ndarray:
    """The sum of all of float32/float64 `x` (0-d, x's dtype) as torch's CPU kernel adds
    (elements in memory order)."""
    flat = np.ravel(x, order="K")
    count = flat.shape[0]
    if count > _SERIAL:
        return np.add.reduce(flat)
    lanes = _VECTOR_BYTES // flat.itemsize
    if count < lanes:
        total = _row_sum(flat.reshape(count, 1))[0]
    else:
        vectors = count // lanes
        partial = _row_sum(flat[:vectors * lanes].reshape(vectors, lanes))
        terms = np.concatenate((np.zeros(1, flat.dtype), flat[vectors * lanes:], partial))
        total = _one_after_another(terms.reshape(-1, 1))[0]
    # (torch adds the total into its zeroed output: a sum of -0s is +0)
    return np.asarray(flat.dtype.type(0) + total)
