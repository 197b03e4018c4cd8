"""torch's CPU sums of float32/float64 over chosen dims (or all), in torch's order of
additions, so that `x.sum(0)`, `x.mean(dim=1)` or `nansum(x, (0, 2))` give torch's bits.

The kernels (the cascade of accumulators, the four partial sums of a row, the vector lanes)
are in _cascade_sum; this module walks the input as torch's reduction iterator does and
picks the kernel for each part. The rule, found by experiment (bit for bit against torch
2.13 on random inputs of 1 to 100,000 elements per result, 1 to 1,000 results, float32
and float64, contiguous, transposed, sliced and with several dims reduced; AVX2):

- the dims of more than one element are ordered innermost first: the reduced dims before
  the kept ones; the reduced dims by the input's stride, the kept ones by the result's
  (C-ordered, so the last kept dim is innermost); neighbours that continue each other in
  memory (in the input and in the result) are merged into one dim;
- the innermost two dims form 2-D slabs (the second is absent: one row), and the outer
  dims are walked in order, the innermost fastest;
- in each slab every row of the innermost dim (a reduced dim) is summed by the kernel its
  strides pick, the first that applies:
  - the innermost dim is contiguous and holds a vector (32 bytes): each row as vectors,
    four side by side through the cascade, the tail as scalars (`inner_sums`);
  - the second dim is contiguous and holds a vector: the columns through the cascade in
    groups of four vectors, the other columns by four partial sums (`outer_sums`);
  - the innermost dim has the smaller stride: each row by four partial sums;
  - else the columns through the cascade in groups of four, the others as rows;
- each row's sum is added into its result, which starts at 0: where the second dim or an
  outer one is reduced too, the rows' sums are added one after another, in walking order
  (so the sum of -0s is +0, and a dim of one element gives x + 0);
- mean is the sum divided by the count (a division in the input's dtype, not a product
  with 1/n); nansum reads nan as 0; a gradient summed over broadcast dims (torch's
  sum_to, as autograd sums a bias's gradient) is the same sum, keepdim.

With several threads (torch's default: one per core), torch splits a reduction of 32,768
elements or more between them: a reduction to one value by ranges of the flattened input
(each thread's sum then added), else by the outermost kept dim. Split into columns of 128
bytes, contiguous columns keep their groups of four vectors, so a thread count changes only
sums to one value and strided (scalar) column sums. ember adds in the one-thread order.
float16 is not emulated (torch's Half kernel adds pairs of 8-lane halves first).
"""

from __future__ import annotations

import functools

import numpy as np

from .._settings import get_num_threads
from ._cascade_sum import _ROW, _VECTOR_BYTES, inner_sums, outer_sums, row_total, sequential

_SERIAL = 32768  # torch's grain size: smaller reductions run in one thread


def _should_swap(first: tuple[int, int], second: tuple[int, int]) -> int:
    """torch's comparison of two dims, each (result stride, input stride) in bytes: 1 if
    `first` goes outside `second`, -1 if inside, 0 if they cannot tell (a broadcast)."""
    (out_a, in_a), (out_b, in_b) = first, second
    if (out_a == 0) != (out_b == 0):  # the reduced dims innermost
        return 1 if out_b == 0 else -1
    for a, b in ((out_a, out_b), (in_a, in_b)):
        if a and b and a != b:
            return 1 if a > b else -1
    return 0


@functools.lru_cache(maxsize=512)
def _plan(shape: tuple, strides: tuple, item: int, dims: tuple, keepdim: bool):
    """How torch walks a reduction of an input of this layout over `dims`: the permutation
    that puts x's dims in walking order (outermost first; None: x's own), the shape of that
    view once the dims that continue each other are merged, the innermost two dims' sizes
    and kernel (None: nothing is reduced), the number of results and their shape. Cached:
    a training loop reduces the same layouts again and again."""
    if keepdim:
        result_shape = tuple(1 if d in dims else size for d, size in enumerate(shape))
    else:
        result_shape = tuple(size for d, size in enumerate(shape) if d not in dims)
    kept_stride, result_strides = item, {}
    for d in reversed(range(len(shape))):
        result_strides[d] = 0 if d in dims else kept_stride
        kept_stride *= 1 if d in dims else shape[d]
    order = [d for d in reversed(range(len(shape))) if shape[d] != 1]
    key = {d: (result_strides[d], abs(strides[d])) for d in order}
    for i in range(1, len(order)):  # torch's insertion sort (0: neither moves)
        moving = i
        for before in range(i - 1, -1, -1):
            comparison = _should_swap(key[order[before]], key[order[moving]])
            if comparison < 0:
                break
            if comparison > 0:
                order[before], order[moving] = order[moving], order[before]
                moving = before
    merged: list[list[int]] = []  # [size, input stride, result stride], innermost first
    for d in order:
        size, (out_stride, in_stride) = shape[d], key[d]
        last = merged[-1] if merged else None
        if last and last[0] * last[1] == in_stride and last[0] * last[2] == out_stride:
            last[0] *= size
        else:
            merged.append([size, in_stride, out_stride])
    permutation = tuple(order[::-1] + [d for d in range(len(shape)) if d not in order])
    if permutation == tuple(range(len(shape))):
        permutation = None
    view_shape = tuple(size for size, _, _ in reversed(merged))
    results = 1
    for size, _, out_stride in merged:
        results *= size if out_stride else 1
    if not merged or merged[0][2]:  # no reduced dim of more than one element
        return permutation, view_shape, None, results, result_shape
    (size, inner, _), (count, outer, _) = (merged + [[1, 0, 0]])[:2]
    slab = (count, size, _kernel(item, size, count, inner, outer))
    return permutation, view_shape, slab, results, result_shape


def _kernel(item: int, size: int, count: int, inner: int, outer: int) -> str:
    """The kernel torch picks for a slab of `count` rows of `size` elements whose innermost
    dim (the rows, reduced) has input stride `inner` and second `outer`, in bytes."""
    lanes = _VECTOR_BYTES // item
    if inner == item and size >= lanes:
        return "vector rows"
    if outer == item and count >= lanes:
        return "vector columns"
    return "scalar rows" if inner < outer else "scalar columns"


def _slab_sums(slabs: np.ndarray, kernel: str) -> np.ndarray:
    """The sums (B, J) of the rows of `slabs` (B, J, n) by the kernel named."""
    batch, count, size = slabs.shape
    if kernel.endswith("rows"):
        rows = slabs.reshape(batch * count, size)
        return inner_sums(rows, kernel == "vector rows").reshape(batch, count)
    lanes = _VECTOR_BYTES // slabs.itemsize
    block = _ROW * lanes if kernel == "vector columns" else _ROW
    return outer_sums(slabs.transpose(0, 2, 1), block)


def torch_dim_sum(x: np.ndarray, dims: tuple[int, ...], keepdim: bool,
                  nan_as_zero: bool = False) -> np.ndarray:
    """The sum of float32/float64 `x` over `dims` (wrapped, distinct; all dims for a full
    sum), as torch's CPU kernel adds on one thread: C-ordered, in x's dtype. nan_as_zero:
    nansum's (the walk is x's: nan is replaced in the walked view, not in a copy of x,
    whose layout could differ)."""
    plan = _plan(x.shape, x.strides, x.itemsize, dims, keepdim)
    permutation, view_shape, slab, results, shape = plan
    if not x.size:
        return np.zeros(shape, x.dtype)
    view = x if permutation is None else x.transpose(permutation)
    view = view.reshape(view_shape)
    if nan_as_zero:
        view = np.where(np.isnan(view), x.dtype.type(0), view)
    if slab is None:  # x + 0 (torch adds into a zeroed result: -0 becomes +0)
        return np.asarray(np.add(view.reshape(shape), x.dtype.type(0), order="C"))
    count, size, kernel = slab
    # every row's sum starts from 0 (as torch's result, zeroed first); where more than the
    # innermost dim is reduced, the rows of a result are consecutive in walking order
    # (reduced dims are innermost) and added into it one after another
    sums = _slab_sums(view.reshape(-1, count, size), kernel)
    if sums.size == results:
        return sums.reshape(shape)
    return sequential(sums.reshape(results, -1).T).reshape(shape)


def torch_sum(x: np.ndarray) -> np.ndarray:
    """The sum of all of float32/float64 `x` (0-d, x's dtype) in torch's order. A dense x
    (its dims merge into one row) of 32,768 elements or more is split, as torch splits it
    between its threads, into as many equal ranges as threads (at most one per 32,768),
    each summed as a row from 0, and the ranges' sums added in order (bit for bit against
    torch on 1 to 3 threads); a strided 1-D x the same way, by its strided kernel. Other
    strided ones that large with several threads: NumPy's sum (the ranges of torch's walk
    over several dims are not emulated)."""
    dense = x.flags.c_contiguous or x.flags.f_contiguous
    if dense or x.ndim == 1:  # torch walks a dense x as one row (in memory order)
        row, kernel = (x.ravel(order="K"), row_total) if dense else (x, _strided_total)
        ranges = thread_ranges(x.size)
        if len(ranges) == 1:
            return np.asarray(kernel(row))
        total = x.dtype.type(0)
        for part in ranges:
            total = total + kernel(row[part])
        return np.asarray(total)
    if x.size >= _SERIAL and get_num_threads() > 1:
        return np.add.reduce(x, axis=None)
    return torch_dim_sum(x, tuple(range(x.ndim)), False)


def thread_ranges(size: int) -> list[slice]:
    """How torch splits a reduction of `size` values to one value between its threads:
    one range below 32,768 values, else as many equal ranges as threads (at most one per
    32,768 values); each range is reduced alone and the results combined in order."""
    if size < _SERIAL:
        return [slice(0, size)]
    count = min(get_num_threads(), -(-size // _SERIAL))
    step = -(-size // count)
    return [slice(start, start + step) for start in range(0, size, step)]


def _strided_total(row: np.ndarray) -> np.ndarray:
    return torch_dim_sum(row, (0,), False)


def sum_to(x: np.ndarray, shape: tuple) -> np.ndarray:
    """x summed down to `shape`, the shape it was broadcast from (leading dims, and dims
    that were 1), as torch's sum_to adds a gradient: float32/float64 in torch's order (the
    bias gradient of a Linear layer is torch's `grad.sum(0)`, bit for bit); C-ordered."""
    if (len(shape) == 1 and x.ndim == 2 and (x.dtype == np.float32 or x.dtype == np.float64)
            and shape[0] == x.shape[1] > 1 and x.shape[0] > 1
            and x.strides[1] == x.itemsize and x.strides[0] == x.shape[1] * x.itemsize):
        return _column_sums(x)
    dims = _broadcast_dims(x.shape, shape)
    if x.dtype == np.float32 or x.dtype == np.float64:
        return torch_dim_sum(x, dims, True).reshape(shape)
    summed = np.sum(x, axis=dims, keepdims=True).reshape(shape)
    return summed if summed.flags.c_contiguous else np.ascontiguousarray(summed)


@functools.lru_cache(maxsize=512)
def _broadcast_dims(shape: tuple, target: tuple) -> tuple[int, ...]:
    """The dims of `shape` that broadcasting `target` to it added or stretched."""
    lead = len(shape) - len(target)
    return tuple(range(lead)) + tuple(
        lead + i for i, size in enumerate(target) if size == 1 and shape[lead + i] != 1)


def _column_sums(x: np.ndarray) -> np.ndarray:
    """torch_dim_sum(x, (0,), False) of a C-contiguous float32/float64 matrix of two rows
    and two columns at least (a Linear layer's bias gradient), without the general walk
    (~4 us of ~9): its plan is always one slab of columns, reduced down the rows, by the
    vector kernel from a vector's width of columns, else by the scalar one."""
    count, width = x.shape
    lanes = _VECTOR_BYTES // x.itemsize
    block = _ROW * lanes if width >= lanes else _ROW
    if width >= block or count >= _ROW * 16:
        return outer_sums(x[np.newaxis], block)[0]
    # every column by _cascade_sum.row_sum, written out for fewer rows than fill one of
    # the cascade's blocks (of 16 rows of four items at least): four partial sums side by
    # side, each from 0 down the rows, the leftover rows into the first, then the four
    # (and the leftovers after the first) added one after another from 0
    rows = count // _ROW
    partial = np.add.reduce(x[:rows * _ROW].reshape(rows, _ROW * width), axis=0,
                            initial=0).reshape(_ROW, width)
    if count > rows * _ROW:
        partial = np.concatenate((partial[:1], x[rows * _ROW:], partial[1:]))
    return np.add.reduce(partial, axis=0, initial=0)
