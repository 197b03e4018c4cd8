"""torch's CPU products of float32/float64 in torch's order of multiplications, so that
`x.prod()` and `x.prod(-1)` give torch's bits (a product of many factors near 1 shows its
order in the last digits).

torch's kernel for a contiguous row of n values (found by experiment, bit for bit against
torch 2.13 on 1 to 4,096 values, float32 and float64; AVX2, so a vector is 8 float32 or 4
float64 lanes): four vector accumulators start from the row's first four vectors and each
multiplies in every fourth vector of the following groups of four; the accumulators are
combined as (a0 * a1) * (a2 * a3); then, from 1, the lanes of that vector one after
another and the values after the last whole group (up to 4 vectors - 1 values). A row
shorter than one group is multiplied value after value from 1. With several threads
torch splits a product to one value of 32,768 values or more into one range per thread
and multiplies the ranges' products in order (as its sums; `_sum_order.torch_sum`).
"""

from __future__ import annotations

import math

import numpy as np

from ._cascade_sum import _VECTOR_BYTES
from ._sum_order import thread_ranges

_ACCUMULATORS = 4


def row_products(rows: np.ndarray) -> np.ndarray:
    """The product (R,) of each row of `rows` (R, n), C-contiguous float32/float64."""
    count, size = rows.shape
    lanes = _VECTOR_BYTES // rows.itemsize
    group = _ACCUMULATORS * lanes
    groups = size // group
    if not groups:
        if not size:
            return np.ones(count, rows.dtype)
        # (in order: accumulate; the last column copied, a C-ordered result)
        return np.ascontiguousarray(np.multiply.accumulate(rows, axis=1)[:, -1])
    # each accumulator over the groups in order (NumPy reduces a non-innermost axis in
    # order, element by element)
    accumulators = np.multiply.reduce(
        rows[:, :groups * group].reshape(count, groups, _ACCUMULATORS, lanes), axis=1)
    vector = ((accumulators[:, 0] * accumulators[:, 1])
              * (accumulators[:, 2] * accumulators[:, 3]))
    terms = np.concatenate((vector, rows[:, groups * group:]), axis=1)
    return np.ascontiguousarray(np.multiply.accumulate(terms, axis=1)[:, -1])


def torch_prod(x: np.ndarray) -> np.ndarray | None:
    """The product of all of float32/float64 `x` (0-d) in torch's order, where x is dense
    (torch walks it as one row, in memory order); None for a strided x."""
    if not (x.flags.c_contiguous or x.flags.f_contiguous):
        return None
    row = x.ravel(order="K")
    ranges = thread_ranges(x.size)
    if len(ranges) == 1:
        return np.asarray(row_products(row.reshape(1, -1))[0])
    total = x.dtype.type(1)
    for part in ranges:
        total = total * row_products(row[part].reshape(1, -1))[0]
    return np.asarray(total)


def torch_last_dim_prod(x: np.ndarray, keepdim: bool) -> np.ndarray | None:
    """The products along the last dim of C-contiguous float32/float64 `x` (torch's inner
    kernel, row by row); None where x is not C-contiguous or has no dims."""
    if not x.ndim or not x.flags.c_contiguous:
        return None
    rows = x.reshape(math.prod(x.shape[:-1]), x.shape[-1])
    products = row_products(rows).reshape(x.shape[:-1])
    return products[..., None] if keepdim else products
