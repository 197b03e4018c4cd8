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
  the partial vector's lanes are added to it in order;
- a strided input is walked in memory order (dims sorted by stride, merged where one
  continues the next): each innermost run is summed as above (as scalars unless adjacent
  in memory), or, where the next dim is the contiguous one, its columns through the
  cascade; the partial sums are added into a zeroed result one after another.
Checked on contiguous arrays, transposes and slices (bit for bit); a broadcast (stride 0)
dim is walked as a plain one, which agrees on all but 3 in 1,000 such inputs.
"""

from __future__ import annotations

import numpy as np

_VECTOR_BYTES = 32
_ROW = 4  # vectors (or scalars) read side by side
_BLOCK = 16  # rows per cascade block (2 ** max(4, ceil(log2(rows)) // 4) below 2**20 rows)
_SERIAL = 32768  # torch's grain size: smaller reductions run in one thread


def _in_order(parts: np.ndarray) -> np.ndarray:
    """parts (B, k, L) added one after the other from 0 along their middle axis.

    NumPy reduces an axis that is not the innermost one term by term (its pairwise sum is
    for the innermost axis only); starting from the first term rather than 0 changes only
    a -0 result, which adding 0 turns into torch's +0."""
    if not parts.shape[1]:
        return np.zeros(parts.shape[:1] + parts.shape[2:], parts.dtype)
    return np.add.reduce(parts, axis=1) + parts.dtype.type(0)


def _cascade(rows: np.ndarray) -> np.ndarray:
    """The lane-wise sums (B, L) of `rows` (B, R, L) in torch's cascade of accumulators."""
    batch, _, lanes = rows.shape
    # the first accumulator holds the rows after the last block of 16, the second the
    # blocks after the last group of 16 blocks, the third the groups after the last group
    # of 16 groups, the fourth all groups of groups; each started from 0
    total = None
    level = rows
    for depth in range(4):
        full = level.shape[1] // _BLOCK if depth < 3 else 0
        rest = _in_order(level[:, full * _BLOCK:])
        total = rest if total is None else total + rest
        if not full:
            return total  # (adding the empty accumulators' 0s changes nothing)
        blocks = level[:, :full * _BLOCK].reshape(batch, full, _BLOCK, lanes)
        level = np.add.reduce(blocks, axis=2) + rows.dtype.type(0)
    return total


def _one_after_another(rows: np.ndarray) -> np.ndarray:
    """rows (B, k, W) added first to last along k, lane by lane: a reduction over an outer
    axis is term by term in NumPy (a single lane is padded to two, which keeps it outer)."""
    if rows.shape[2] == 1:
        padded = np.zeros(rows.shape[:2] + (2,), rows.dtype)
        padded[:, :, :1] = rows
        return np.add.reduce(padded, axis=1)[:, :1]
    return np.add.reduce(rows, axis=1)


def _row_sum(items: np.ndarray) -> np.ndarray:
    """The sums (B, W) of `items` (B, n, W: n scalars or vectors) as torch's row_sum: four
    partial sums side by side, the leftover items into the first, then the others added."""
    batch, count, width = items.shape
    rows = count // _ROW
    partial = _cascade(items[:, :rows * _ROW].reshape(batch, rows, _ROW * width))
    partial = partial.reshape(batch, _ROW, width)
    return _one_after_another(
        np.concatenate((partial[:, :1], items[:, rows * _ROW:], partial[:, 1:]), axis=1))


def _inner_sums(rows: np.ndarray, contiguous: bool) -> np.ndarray:
    """Each row's sum (B, J) of `rows` (B, J, n) as torch's inner reduction: vectors of 32
    bytes where the row is contiguous and holds one, else scalars, four side by side."""
    batch, count, size = rows.shape
    lanes = _VECTOR_BYTES // rows.itemsize
    flat = rows.reshape(batch * count, size)
    if not contiguous or size < lanes:
        return _row_sum(flat[:, :, None])[:, 0].reshape(batch, count)
    vectors = size // lanes
    partial = _row_sum(flat[:, :vectors * lanes].reshape(batch * count, vectors, lanes))
    # the scalar tail from 0, then the vector's lanes in order
    terms = np.concatenate((np.zeros((batch * count, 1), rows.dtype),
                            flat[:, vectors * lanes:], partial), axis=1)
    return _one_after_another(terms[:, :, None])[:, 0].reshape(batch, count)


def _outer_sums(columns: np.ndarray, block: int) -> np.ndarray:
    """Each column's sum (B, J) of `columns` (B, n, J) as torch's outer reductions: the
    first columns in groups of `block` through the cascade alone, the others through
    row_sum's four partial sums."""
    cascaded = columns.shape[2] // block * block
    return np.concatenate((_cascade(columns[:, :, :cascaded]),
                           _row_sum(columns[:, :, cascaded:])), axis=1)


def _walk_order(x: np.ndarray) -> list[int]:
    """x's dims (of more than one element), innermost first, in the order torch's iterator
    walks them: an insertion sort by stride in which a broadcast dim (stride 0) compares
    as neither smaller nor larger, so it stays where it is among the others."""
    order = [d for d in reversed(range(x.ndim)) if x.shape[d] != 1]
    for i in range(1, len(order)):
        moving = i
        for before in range(i - 1, -1, -1):
            first, second = abs(x.strides[order[before]]), abs(x.strides[order[moving]])
            if first == 0 or second == 0 or first == second:
                continue
            if first < second:
                break
            order[before], order[moving] = order[moving], order[before]
            moving = before
    return order


def _walk(x: np.ndarray) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """x with its dims in the order torch's iterator walks them (outermost first), merged
    where each continues the next; and the (size, stride) of each, innermost first."""
    order = _walk_order(x)
    merged: list[tuple[int, int]] = []  # innermost first
    for d in order:
        size, stride = x.shape[d], abs(x.strides[d])
        if merged and merged[-1][1] * merged[-1][0] == stride:
            merged[-1] = (merged[-1][0] * size, merged[-1][1])
        else:
            merged.append((size, stride))
    view = np.transpose(x, order[::-1] + [d for d in range(x.ndim) if d not in order])
    return view.reshape(tuple(size for size, _ in reversed(merged))), merged


def torch_sum(x: np.ndarray) -> np.ndarray:
    """The sum of all of float32/float64 `x` (0-d, x's dtype) as torch's CPU kernel adds:
    the innermost two (merged) dims as a block, summed by the kernel their strides pick,
    the partial sums added into a zeroed result one after another (a sum of -0s is +0)."""
    if x.size > _SERIAL:
        return np.add.reduce(x, axis=None)
    if not x.size:
        return np.zeros((), x.dtype)
    view, merged = _walk(x)
    # (a single dim walks as rows of one: the inner kernels)
    (inner, inner_stride), (outer, outer_stride) = (merged + [(1, 1 << 62)] * 2)[:2]
    blocks = view.reshape(-1, outer, inner)
    lanes = _VECTOR_BYTES // x.itemsize
    if inner_stride == x.itemsize and inner >= lanes:
        sums = _inner_sums(blocks, True)
    elif outer_stride == x.itemsize and outer >= lanes:
        sums = _outer_sums(np.swapaxes(blocks, 1, 2), _ROW * lanes)  # columns: outer dim
    else:
        sums = _inner_sums(blocks, False)
    terms = np.concatenate((np.zeros(1, x.dtype), sums.reshape(-1)))
    return np.asarray(_one_after_another(terms[None, :, None])[0, 0])
