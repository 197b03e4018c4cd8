"""torch's memory layout of LAPACK results: each matrix column-major, the batch outermost.

LAPACK works on column-major (Fortran) matrices, and torch's CPU kernels for `inverse`,
`linalg.solve`, the Cholesky factor, eigh's eigenvectors, the SVD's U and Vh and
`solve_triangular` hand back the column-major array they computed in: a (2, 3, 3)
inverse has strides (9, 1, 3). That is visible: `is_contiguous()` is False, `view(-1)`
raises, `reshape`/`flatten` copy (UnsafeViewBackward0) and `contiguous()` records a node.
Some gradients come out so too (Cholesky's, det's and slogdet's, the right-hand side's of
a solve). NumPy's LAPACK wrappers return C-ordered arrays; `column_major` lays their
values out as torch's, in one copy, leaving every value as it is.
"""

from __future__ import annotations

import functools

import numpy as np

__all__ = ["c_ordered", "column_major"]


def column_major(result: np.ndarray) -> np.ndarray:
    """`result` (..., m, n) with each matrix column-major and the batch dims outermost, in
    C order (torch's strides: (..., 1, m)); a 0-d or 1-d result as it is."""
    if result.ndim < 2:
        return result
    swapped = np.swapaxes(result, -1, -2)
    # Already laid out so (a transposed C-ordered array): nothing to copy. NumPy calls a
    # dim of size 1 contiguous whatever its stride, but torch's stride for it is the
    # product of the sizes inside it, which a fresh copy gives.
    if swapped.flags.c_contiguous and swapped.strides == _strides_of(swapped.shape,
                                                                     swapped.itemsize):
        return result
    return np.swapaxes(swapped.copy(), -1, -2)


def c_ordered(array: np.ndarray) -> np.ndarray:
    """`array` itself if it is C-contiguous, else a C-ordered copy (the layout torch's
    kernels that write a fresh result give it whatever the input's strides: softmax, the
    cumulative ops, the reductions). Unlike np.ascontiguousarray, a 0-d array stays 0-d.
    NumPy calls an array with a dim of size 1 C-contiguous whatever that dim's stride,
    where torch's is the product of the sizes inside it: such an array is checked
    stride by stride (a copy fixes it)."""
    if array.flags.c_contiguous and (1 not in array.shape or array.strides == _strides_of(
            array.shape, array.itemsize)):
        return array
    return array.copy(order="C")


@functools.lru_cache(maxsize=256)
def _strides_of(shape: tuple, itemsize: int) -> tuple:
    """A fresh C-ordered array's strides (cached: a keepdim reduction checks its result's
    on every call: ~0.9 us instead of ~1.6 us)."""
    strides, step = [], itemsize
    for size in reversed(shape):
        strides.append(step)
        step *= size
    return tuple(reversed(strides))
