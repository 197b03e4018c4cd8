"""float32 sums and multiply-adds in the order and rounding of torch's CPU kernels, vectorised
(used by ops/_batch_norm_terms.py; the orders themselves are described there).

Three shapes of work, each made to run as few NumPy calls as the order allows:

- `thread_row_sums`: torch's channels-last loops give each thread a range of rows and add
  them one after another in float32. The threads' chunks are stacked side by side (one
  (chunk, threads * C) array, short chunks padded with zero rows, which leave a sum as it
  is), so that plain sums are one np.add.reduce over axis 0 (NumPy reduces a C-contiguous
  array's first axis row after row), and fused multiply-add sums a * b + s one NumPy call
  per row: the products are exact in float64 (24 + 24 bits), and each step's sum is
  rounded to float32 from float64.
- `multiply_add`: a * b + c of float32 arrays (broadcasting) rounded once, in two NumPy
  calls (the product exact in float64, the sum rounded to float64 and then to float32).
- `lane_sums`: AVX2's reduce_all of each row of an (R, L) array: eight lanes, each adding
  its values vector after vector. The rows' vectors are transposed (as 32-byte items,
  one copy) so that this too is one np.add.reduce over axis 0.

The float64 emulation of a float32 fused multiply-add rounds twice (to float64, then to
float32), which differs from one rounding only where the float64 result falls exactly
halfway between two float32 values and the exact one does not: at most about one
operation in 2**29, and only when the addends' exponents are far apart. This is not
corrected (docs/differences.md).
"""

from __future__ import annotations

import numpy as np

__all__ = ["multiply_add", "thread_chunks", "stack_chunks", "thread_row_sums", "lane_sums",
           "lane_tree",
           "LANES"]

LANES = 8  # float32 lanes of a 256-bit vector


def thread_chunks(n: int, threads: int) -> tuple[int, int]:
    """(rows per chunk, number of chunks) of at::parallel_for over n rows."""
    threads = max(1, min(threads, n))
    chunk = -(-n // threads)
    return chunk, -(-n // chunk)


def stack_chunks(rows: np.ndarray, chunk: int, count: int) -> np.ndarray:
    """(chunk, count * C): row i holds row i of every chunk of `rows` (N, C), side by side;
    rows past the end are zeros."""
    n, c = rows.shape
    stacked = np.zeros((count * chunk, c), rows.dtype)
    stacked[:n] = rows
    return np.ascontiguousarray(
        stacked.reshape(count, chunk, c).transpose(1, 0, 2)).reshape(chunk, count * c)


def thread_row_sums(stacked: np.ndarray, factor: np.ndarray | None = None) -> np.ndarray:
    """Each column's float32 sum of `stacked` (chunk, M) down its rows, one row after
    another; with `factor` (same shape) the sum of stacked * factor by fused multiply-adds."""
    if factor is None:
        return np.add.reduce(stacked, axis=0)
    products = stacked.astype(np.float64)
    products *= factor  # (exact: 48 significant bits)
    acc = np.zeros(stacked.shape[1], np.float32)
    for row in products:  # (sequential by definition: each step rounds)
        np.add(row, acc, out=acc, casting="same_kind")
    return acc


def lane_tree(acc: np.ndarray) -> np.ndarray:
    """AVX2's horizontal sum of 8 lanes: ((a0+a4) + (a2+a6)) + ((a1+a5) + (a3+a7))."""
    halves = acc[..., :4] + acc[..., 4:]
    quarters = halves[..., :2] + halves[..., 2:]
    return quarters[..., 0] + quarters[..., 1]


def lane_sums(values: np.ndarray, tail_product: tuple | None = None) -> np.ndarray:
    """vec::reduce_all of each row of float32 `values` (R, L); with `tail_product` (a, b)
    the values are the products a * b, and the partial last vector's are fused into the
    sum (torch's scalar tail loop)."""
    rows, length = values.shape
    if length < LANES:  # one partial vector: its lanes added one after another
        acc = values[:, 0].copy()
        for i in range(1, length):
            acc += values[:, i]
        return acc
    full = length - length % LANES
    if values.strides[1] != values.itemsize:  # (a broadcast gradient: strides of 0)
        values = np.ascontiguousarray(values)
    vectors = values[:, :full].view(f"V{4 * LANES}")  # (R, full / 8) vectors of 8 lanes
    stacked = np.ascontiguousarray(vectors.T).view(np.float32)  # (full / 8, R * 8)
    acc = np.add.reduce(stacked, axis=0).reshape(rows, LANES)
    if full < length:
        tail = length - full
        if tail_product is None:
            acc[:, :tail] += values[:, full:]
        else:
            a, b = tail_product
            wide = a[:, full:].astype(np.float64)
            wide *= b[:, full:]
            wide += acc[:, :tail]
            acc[:, :tail] = wide
    return lane_tree(acc)


def multiply_add(a: np.ndarray, b: np.ndarray, c: np.ndarray,
                 out: np.ndarray | None = None) -> np.ndarray:
    """a * b + c of float32 arrays, broadcast together, rounded once to float32 (into
    `out` if given)."""
    product = np.multiply(a, b, dtype=np.float64)
    if out is None:
        out = np.empty(np.broadcast_shapes(product.shape, np.shape(c)), np.float32)
    return np.add(product, c, out=out, dtype=np.float64, casting="same_kind")
