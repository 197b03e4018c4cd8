"""torch's CPU nll_loss total (reduction 'sum' or 'mean') in torch's order of additions, so
that `F.cross_entropy(logits, labels).item()` prints torch's digits.

torch's kernel for a batch of B samples (found by experiment, bit for bit against torch 2.13
on float32 and float64, 1 to 70,000 samples, with and without class weights and ignored
targets) walks the samples in order and keeps eight accumulators, each starting from 0:
- a sample's term, -x[b, t[b]] times its class weight (each product rounded; the weights
  in a second set of eight accumulators), is added into the first;
- then, if b is a multiple of S = 2 ** max(4, ceil(log2(B)) // 4) (16 below 2 ** 20
  samples), the first accumulator is added into the second and cleared; if b is also a
  multiple of S ** 2 the second goes into the third, and so on up to the eighth. b = 0 is a
  multiple of every power, so the first sample's term goes straight to the eighth;
- an ignored sample adds nothing and flushes nothing (its index is skipped, not its place
  in the count of b);
- at the end the eight accumulators are added first to last, from 0; the mean divides by
  the sum of the weights so accumulated (or by the number of samples not ignored).

Each level's additions are sequential runs between flushes, computed here per level with
NumPy: ~10 calls per level used (log base S of B levels).
"""

from __future__ import annotations

import numpy as np

from ._cascade_sum import in_order

_LEVELS = 8


def _step_power(count: int) -> int:
    ceil_log2 = 0 if count <= 1 else (count - 1).bit_length()
    return max(4, ceil_log2 // 4)


def _flush_depths(positions: np.ndarray, power: int) -> np.ndarray:
    """How many accumulators each sample at `positions` flushes: the number of trailing
    zero digits of its index in base 2 ** power (all seven for index 0)."""
    depth = np.zeros(positions.shape, np.int64)
    rest = positions.copy()
    mask = (1 << power) - 1
    for level in range(1, _LEVELS):
        ends = ((rest & mask) == 0) & (depth == level - 1)
        depth[ends] = level
        rest >>= power
    return depth


def _runs(values: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sequential sums (each from 0) of the runs of `values` that end where `ends` holds,
    and the indices of those ends; the values after the last end are left out."""
    stops = np.flatnonzero(ends)
    if not stops.size:
        return values[:0], stops
    starts = np.concatenate(([0], stops[:-1] + 1))
    lengths = stops - starts + 1
    # runs side by side, padded with zeros after their last value (adding 0 changes no
    # nonzero sum, and a zero sum's sign cannot reach the final total, which starts at +0)
    # (two columns at least: NumPy adds a lone column pairwise)
    padded = np.zeros((lengths.max(), max(2, stops.size)), values.dtype)
    column = np.repeat(np.arange(stops.size), lengths)
    row = np.arange(stops[-1] + 1) - np.repeat(starts, lengths)
    padded[row, column] = values[:stops[-1] + 1]
    return np.add.reduce(padded, axis=0)[:stops.size], stops  # (down the rows: in order)


def cascade_total(terms: np.ndarray, positions: np.ndarray, count: int):
    """The total of `terms` (1-D float, one per sample not ignored) at the increasing
    sample indices `positions` of a batch of `count` samples, as torch's nll_loss adds
    them (the general case: some samples ignored)."""
    if not terms.size:
        return terms.dtype.type(0)
    if positions.shape[0] == count:
        return batch_total(terms)
    power = _step_power(count)
    remainders = [terms.dtype.type(0)] * _LEVELS
    top = terms[:0]
    if positions[0] == 0:  # (sample 0 flushes every level: straight to the last)
        top, terms, positions = terms[:1], terms[1:], positions[1:]
    depths = _flush_depths(positions, power)
    for level in range(_LEVELS - 1):
        sums, stops = _runs(terms, depths > level)
        remainders[level] = in_order(terms[stops[-1] + 1:] if stops.size else terms)
        terms, depths = sums, depths[stops]
        if not terms.size:
            break
    remainders[-1] = in_order(np.concatenate((top, terms)))
    return in_order(np.array(remainders, top.dtype))


def batch_total(terms: np.ndarray):
    """cascade_total for a batch with no sample ignored (`terms` for samples 0..B-1, B > 0),
    the usual case, whose runs are regular: the first term goes straight to the eighth
    accumulator, the others run in groups of S at the first level, and each level's sums
    in groups of S at the next. (The accumulators are added into `total` as each level is
    done, scalars: a loss's batch of 64 takes ~5 NumPy calls.)"""
    zero = terms.dtype.type(0)
    if terms.shape[0] <= 16:  # (a small batch: the loop below in short, ~1.5 us less)
        # every term after the first stays in the first accumulator (a block has 16 at
        # least), added to 0; the first is in the eighth, added last
        total = zero + np.add.accumulate(terms[1:])[-1] if terms.shape[0] > 1 else zero
        total = total + terms[0]
        return total if total else zero
    step = 1 << _step_power(terms.shape[0])
    total = zero
    rest = terms[1:]
    for _ in range(_LEVELS - 1):
        groups = rest.shape[0] // step
        if rest.shape[0] > groups * step:  # what stays in this level's accumulator
            total = total + np.add.accumulate(rest[groups * step:])[-1]
        rest = _group_sums(rest[:groups * step], groups, step)
        if not groups:
            break
    last = np.add.accumulate(np.concatenate((terms[:1], rest)))[-1] if rest.size else terms[0]
    total = total + last
    return total if total else zero  # (from 0: a sum of -0s is +0)


def _group_sums(values: np.ndarray, groups: int, step: int) -> np.ndarray:
    """The sums, each in order from its first value, of `groups` consecutive groups of
    `step` values: the groups side by side as columns, added down the rows (NumPy adds
    a lone column pairwise: two or more only)."""
    if groups < 2:
        return np.add.accumulate(values)[-1:] if groups else values[:0]
    return np.add.reduce(np.ascontiguousarray(values.reshape(groups, step).T), axis=0)
