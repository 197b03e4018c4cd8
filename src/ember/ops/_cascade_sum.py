"""torch's CPU sum kernels for float32/float64 (its cascade_sum), in torch's order of
additions; _sum_order walks an input as torch's reduction iterator does and calls them.

The order decides the last bit of most sums, and the whole answer where huge terms cancel
(1e30 - 1e30, int64's +-2**63 cast to float32). torch's kernels (found by experiment: bit
for bit on random sizes, magnitudes and layouts; AVX2, so a vector is 32 bytes: 8 float32
or 4 float64):
- the cascade (torch's multi_row_sum) adds rows of lanes, lane by lane: blocks of `step`
  rows are summed from 0, block sums are added into a second accumulator, flushed into a
  third every `step` blocks and into a fourth every `step` ** 2; the rows after the last
  full block go into a fresh first accumulator, and the four are added first to last.
  `step` is 2 ** max(4, ceil(log2(rows)) // 4): 16 up to 2 ** 19 rows;
- a row sum (torch's row_sum) reads the items (scalars, or vectors) four side by side as
  rows of the cascade; the items after the last full row go into the first of the four
  partial sums, then the other three are added to it;
- an inner sum (along a contiguous row of at least one vector): the row as vectors through
  a row sum, then from 0 the scalar tail (the elements after the last full vector), then
  the vector's lanes, in order; a strided or shorter row: its scalars through a row sum;
- an outer sum (down columns, each lane a column): the first columns in groups of four
  vectors (contiguous columns) or of four (strided ones) through the cascade, the others
  each through a row sum.

NumPy adds along an axis term by term only where another axis lies inside it in memory
(it sums an innermost axis pairwise): so every kernel here keeps the added axis outermost,
and a sum of many rows of the input is computed on a transposed copy, whose cost (one pass
over the input) is what exactness costs.
"""

from __future__ import annotations

import numpy as np

_VECTOR_BYTES = 32
_ROW = 4  # items (vectors or scalars) read side by side
_IN_PLACE_FROM = 128  # lanes from which cascade() adds its blocks without a copy


def _level_step(rows: int) -> int:
    """torch's cascade block for `rows` rows: 2 ** max(4, ceil(log2(rows)) // 4)."""
    ceil_log2 = 1 if rows <= 2 else (rows - 1).bit_length()
    return 1 << max(4, ceil_log2 // 4)


def sequential(terms: np.ndarray) -> np.ndarray:
    """terms (k, W) added one after another along the first axis, from 0 (W,).

    A single column is padded to two (NumPy would add a lone axis pairwise), and a layout
    whose columns are not inside its rows is copied."""
    count, width = terms.shape
    if width == 1 and count > 1:
        padded = np.zeros((count, 2), terms.dtype)
        padded[:, 0] = terms[:, 0]
        return np.add.reduce(padded, axis=0, initial=0)[:1]
    if count > 1 and abs(terms.strides[1]) > abs(terms.strides[0]):
        terms = np.ascontiguousarray(terms)
    return np.add.reduce(terms, axis=0, initial=0)


def cascade(rows: np.ndarray) -> np.ndarray:
    """The lane-wise sums (W,) of `rows` (R, W; W > 1, rows outside lanes in memory) in
    torch's cascade of four accumulators (see the module's docstring)."""
    step = _level_step(rows.shape[0])
    total = None
    level = rows
    for depth in range(4):
        # the blocks' sums go up a level; the rows after the last full block stay in
        # this level's accumulator, added to the total (each accumulator starts from 0,
        # and an empty one adds nothing)
        full = level.shape[0] // step if depth < 3 else 0
        if level.shape[0] > full * step or total is None and not full:
            rest = sequential(level[full * step:])
            total = rest if total is None else total + rest
        if not full:
            return total
        # each block's rows in order (NumPy adds a reduced axis that is not innermost in
        # memory term by term): reduced in place where the rows are wide; narrower rows
        # are first copied side by side, one long row per step, as NumPy's loop over one
        # block's few lanes at a time would cost ~2x (crossover ~128 lanes; 1024 rows of
        # 1024: 1.6 ms with the copy, 0.1 ms in place)
        blocks = level[:full * step].reshape(full, step, -1)
        if blocks.shape[2] >= _IN_PLACE_FROM:
            level = np.add.reduce(blocks, axis=1)
        else:
            level = np.add.reduce(np.ascontiguousarray(blocks.transpose(1, 0, 2)), axis=0)
    return total


def row_sum(items: np.ndarray) -> np.ndarray:
    """The sums (W,) of `items` (n, W: n items, each W wide, added lane by lane) as torch's
    row_sum: four partial sums side by side through the cascade, the leftover items into
    the first, then the other three added to it."""
    count, width = items.shape
    rows = count // _ROW
    partial = cascade(items[:rows * _ROW].reshape(rows, _ROW * width))
    partial = partial.reshape(_ROW, width)
    if count > rows * _ROW:
        partial = np.concatenate((partial[:1], items[rows * _ROW:], partial[1:]))
    return sequential(partial)


def inner_sums(rows: np.ndarray, contiguous: bool) -> np.ndarray:
    """Each row's sum (M,) of `rows` (M, n) as torch's inner kernels: vectors of 32 bytes
    where the row is contiguous and holds one, else scalars."""
    count, size = rows.shape
    lanes = _VECTOR_BYTES // rows.itemsize
    if not contiguous or size < lanes:
        return row_sum(np.ascontiguousarray(rows.T))
    vectors = size // lanes
    quads = vectors // _ROW  # the cascade's rows: four vectors side by side
    if quads:
        # each row's quads beside the other rows' (a copy in runs of four vectors: the
        # added axis outermost)
        width = _ROW * lanes
        stacked = np.ascontiguousarray(
            rows[:, :quads * width].reshape(count, quads, width).transpose(1, 0, 2))
        partial = cascade(stacked.reshape(quads, count * width)).reshape(count, _ROW, lanes)
        if vectors > quads * _ROW:  # the vectors after the last quad, into the first sum
            leftover = rows[:, quads * width:vectors * lanes].reshape(count, -1, lanes)
            partial = np.concatenate((partial[:, :1], leftover, partial[:, 1:]), axis=1)
        # the four partial sums (the leftovers after the first) added one after another
        terms = partial.transpose(1, 0, 2).reshape(partial.shape[1], count * lanes)
        lane_sums = sequential(terms).reshape(count, lanes)
    else:  # fewer than four vectors: added into the first partial sum (the others are 0)
        lane_sums = rows[:, :lanes]
        for k in range(1, vectors):
            lane_sums = lane_sums + rows[:, k * lanes:(k + 1) * lanes]
    # from 0: the scalar tail, then the vector's lanes in order
    return sequential(np.concatenate((rows[:, vectors * lanes:].T, lane_sums.T)))


def outer_sums(columns: np.ndarray, block: int) -> np.ndarray:
    """Each column's sum (B, J) of `columns` (B, n, J) as torch's outer kernels: the first
    columns in groups of `block` through the cascade, the others each by a row sum."""
    batch, count, width = columns.shape
    # the added axis outermost: a view for one slab (a bias gradient's), else a copy
    if batch == 1:
        columns = columns[0]
        if abs(columns.strides[1]) > abs(columns.strides[0]):
            columns = np.ascontiguousarray(columns)
    else:
        columns = np.ascontiguousarray(columns.transpose(1, 0, 2))
    cascaded = width // block * block
    if cascaded == width:
        return cascade(columns.reshape(count, -1)).reshape(batch, width)
    rest = row_sum(columns[..., cascaded:].reshape(count, -1)).reshape(batch, -1)
    if not cascaded:
        return rest
    return np.concatenate(
        (cascade(columns[..., :cascaded].reshape(count, -1)).reshape(batch, -1), rest), axis=1)



def row_total(row: np.ndarray):
    """The sum (a scalar of row's dtype) of one contiguous row (1-D, float32/float64) as
    `inner_sums` adds it (the kernel of a full sum of any dense tensor, whose dims torch
    merges into one), in as few NumPy calls as that order allows: a loss's `.mean()` is
    usually of a few hundred elements, where the general walk costs ten times NumPy's
    pairwise sum, and each call here about a microsecond."""
    size = row.shape[0]
    lanes = _VECTOR_BYTES // row.itemsize
    vectors = size // lanes
    if not vectors:  # scalars: four partial sums side by side, the leftovers into the first
        if size <= 1:
            return row[0] + _ZERO[row.dtype] if size else _ZERO[row.dtype]
        if size > _ROW:
            row = np.concatenate((row[:1], row[_ROW:], row[1:_ROW]))
        return in_order(row)
    quads = vectors // _ROW
    width = _ROW * lanes
    if quads:
        rows = row[:quads * width].reshape(quads, width)
        # (fewer rows than a cascade block: one sum down the rows, in order)
        partial = (np.add.reduce(rows, axis=0) if quads < _level_step(quads) else
                   cascade(rows)).reshape(_ROW, lanes)
        if vectors > quads * _ROW:  # the vectors after the last quad, into the first sum
            leftover = row[quads * width:vectors * lanes].reshape(-1, lanes)
            partial = np.concatenate((partial[:1], leftover, partial[1:]))
    else:  # fewer than four vectors: added into the first partial sum (the others are 0)
        partial = row[:vectors * lanes].reshape(vectors, lanes)
    lane_sums = np.add.reduce(partial, axis=0)
    # from 0: the scalar tail, then the vector's lanes in order
    if size > vectors * lanes:
        lane_sums = np.concatenate((row[vectors * lanes:], lane_sums))
    return in_order(lane_sums)


_ZERO = {np.dtype(np.float32): np.float32(0), np.dtype(np.float64): np.float64(0)}


def in_order(terms: np.ndarray):
    """0 + terms[0] + terms[1] + ... (1-D float32/float64), each addition rounded, as a
    scalar: a running sum's last entry (NumPy reduces a lone axis pairwise, but accumulates
    it in order). The sign of a zero met on the way cannot change a sum that starts from +0
    other than a zero sum's own (a sum of -0s is +0 from 0), which is set at the end."""
    if not terms.size:
        return _ZERO[terms.dtype]
    total = np.add.accumulate(terms)[-1]
    return total if total else _ZERO[terms.dtype]
