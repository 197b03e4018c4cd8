"""Where torch's sort, topk and kthvalue put equal elements.

torch documents the order of equal elements as unspecified (unless `sort(stable=True)`),
but its CPU kernels are deterministic, and a program that prints `topk(x, 2).indices` of
a tensor with repeated values prints their choice. Found by experiment against torch 2.13
(tests/reference/cases_tie_order.py), they run these algorithms on each row, comparing the
values only (NaN the largest, -0 equal to +0):

- sort (not stable): libstdc++'s std::sort of (value, position) pairs: introsort
  (median-of-three pivot moved to the front, unguarded partition, rows of up to 16 left
  to a final insertion sort, heapsort past a depth of 2 log2 n), so equal elements keep
  their order in rows of up to 16 elements only;
- topk: std::partial_sort (a heap select) when k * 64 <= n, else std::nth_element
  (introselect) followed, when `sorted`, by std::sort of the first k - 1;
- kthvalue: a median-of-three quickselect (Numerical Recipes' `select`);
- mode: std::sort of (value, position) pairs comparing values with `<` (so NaN, unordered,
  splits runs of equal values), then the first longest run, its last pair's position.

A row without equal elements comes out the same from any correct algorithm (topk with
sorted=False aside: nth_element's arrangement), so ember sorts with NumPy (stable) and
replays torch's algorithm in Python on the rows that need it, up to REPLAY_UP_TO elements
a row and REPLAY_BUDGET a call; past those, equal elements keep NumPy's stable order
(docs/differences.md).
Each algorithm works on two lists, the values' dense ranks (`keys`, which turn every
comparator into `<` on integers) and the original positions, swapped together.
"""

from __future__ import annotations

import numpy as np

__all__ = ["REPLAY_BUDGET", "REPLAY_UP_TO", "kthvalue_positions", "mode_positions", "sort_order",
           "topk_order"]

# A replay costs ~1-3 us an element in Python: rows of up to REPLAY_UP_TO elements are
# replayed, and only while a call replays at most REPLAY_BUDGET elements in all (~0.5 s)
REPLAY_UP_TO = 2048
REPLAY_BUDGET = 1 << 18
_INSERTION_UP_TO = 16  # libstdc++'s _S_threshold


# ---------------------------------------------------------------------- libstdc++
def _swap(keys: list, places: list, i: int, j: int) -> None:
    keys[i], keys[j] = keys[j], keys[i]
    places[i], places[j] = places[j], places[i]


def _depth_limit(count: int) -> int:
    return 2 * (count.bit_length() - 1)  # 2 * floor(log2(count))


def _sort(keys: list, places: list, first: int, last: int) -> None:
    if last - first > 1:
        _introsort_loop(keys, places, first, last, _depth_limit(last - first))
        _final_insertion_sort(keys, places, first, last)


def _introsort_loop(keys: list, places: list, first: int, last: int, depth: int) -> None:
    while last - first > _INSERTION_UP_TO:
        if depth == 0:
            _heap_select(keys, places, first, last, last)
            _sort_heap(keys, places, first, last)
            return
        depth -= 1
        cut = _partition_around_pivot(keys, places, first, last)
        _introsort_loop(keys, places, cut, last, depth)
        last = cut


def _partition_around_pivot(keys: list, places: list, first: int, last: int) -> int:
    """The median of the second, middle and last elements moved to `first`, then the rest
    partitioned around it; returns where the upper part starts."""
    a, b, c = first + 1, first + (last - first) // 2, last - 1
    if keys[a] < keys[b]:
        median = b if keys[b] < keys[c] else c if keys[a] < keys[c] else a
    else:
        median = a if keys[a] < keys[c] else c if keys[b] < keys[c] else b
    _swap(keys, places, first, median)
    pivot = keys[first]
    low, high = first + 1, last
    while True:
        # (the median of three bounds both scans: the pivot itself stops the right one,
        # and an element no less than it the left one; raw keys with NaN, mode's, may
        # break the latter, where C++ would read past the range)
        while keys[low] < pivot and low < last - 1:
            low += 1
        high -= 1
        while pivot < keys[high]:
            high -= 1
        if low >= high:
            return low
        _swap(keys, places, low, high)
        low += 1


def _linear_insert(keys: list, places: list, position: int) -> None:
    """The element at `position` moved left past the greater ones (one smaller or equal
    element lies to its left)."""
    key, place = keys[position], places[position]
    # (position > 0: only NaN keys, mode's, could walk past the front, where C++ is undefined)
    while position > 0 and key < keys[position - 1]:
        keys[position], places[position] = keys[position - 1], places[position - 1]
        position -= 1
    keys[position], places[position] = key, place


def _insertion_sort(keys: list, places: list, first: int, last: int) -> None:
    for i in range(first + 1, last):
        if keys[i] < keys[first]:  # the new least: everything before it moves up one
            key, place = keys[i], places[i]
            keys[first + 1:i + 1] = keys[first:i]
            places[first + 1:i + 1] = places[first:i]
            keys[first], places[first] = key, place
        else:
            _linear_insert(keys, places, i)


def _final_insertion_sort(keys: list, places: list, first: int, last: int) -> None:
    if last - first > _INSERTION_UP_TO:
        _insertion_sort(keys, places, first, first + _INSERTION_UP_TO)
        for i in range(first + _INSERTION_UP_TO, last):
            _linear_insert(keys, places, i)
    else:
        _insertion_sort(keys, places, first, last)


def _adjust_heap(keys: list, places: list, first: int, hole: int, length: int, key,
                 place) -> None:
    """Sift the hole at `hole` down to a leaf along the greater children, then `key` up
    from there (a max-heap of `length` elements from `first`)."""
    top = second = hole
    while second < (length - 1) // 2:
        second = 2 * (second + 1)
        if keys[first + second] < keys[first + second - 1]:
            second -= 1
        keys[first + hole], places[first + hole] = keys[first + second], places[first + second]
        hole = second
    if length % 2 == 0 and second == (length - 2) // 2:
        second = 2 * (second + 1)
        keys[first + hole] = keys[first + second - 1]
        places[first + hole] = places[first + second - 1]
        hole = second - 1
    parent = (hole - 1) // 2
    while hole > top and keys[first + parent] < key:
        keys[first + hole], places[first + hole] = keys[first + parent], places[first + parent]
        hole = parent
        parent = (hole - 1) // 2
    keys[first + hole], places[first + hole] = key, place


def _pop_heap(keys: list, places: list, first: int, last: int, result: int) -> None:
    key, place = keys[result], places[result]
    keys[result], places[result] = keys[first], places[first]
    _adjust_heap(keys, places, first, 0, last - first, key, place)


def _heap_select(keys: list, places: list, first: int, middle: int, last: int) -> None:
    length = middle - first
    if length >= 2:  # make_heap
        for parent in range((length - 2) // 2, -1, -1):
            _adjust_heap(keys, places, first, parent, length, keys[first + parent],
                         places[first + parent])
    for i in range(middle, last):
        if keys[i] < keys[first]:
            _pop_heap(keys, places, first, middle, i)


def _sort_heap(keys: list, places: list, first: int, last: int) -> None:
    while last - first > 1:
        last -= 1
        _pop_heap(keys, places, first, last, last)


def _nth_element(keys: list, places: list, first: int, nth: int, last: int) -> None:
    if first == last or nth == last:
        return
    depth = _depth_limit(last - first)
    while last - first > 3:
        if depth == 0:
            _heap_select(keys, places, first, nth + 1, last)
            _swap(keys, places, first, nth)
            return
        depth -= 1
        cut = _partition_around_pivot(keys, places, first, last)
        if cut <= nth:
            first = cut
        else:
            last = cut
    _insertion_sort(keys, places, first, last)


# ---------------------------------------------------------------------- torch's quickselect
def _quick_select(keys: list, places: list, k: int) -> None:
    """Put the element of rank k at k (keys ascending), as torch's kthvalue kernel."""
    low, high = 0, len(keys) - 1
    while True:
        if high <= low:
            return
        if high == low + 1:
            if keys[low] > keys[high]:
                _swap(keys, places, low, high)
            return
        _swap(keys, places, low + (high - low) // 2, low + 1)
        if keys[low + 1] > keys[high]:
            _swap(keys, places, low + 1, high)
        if keys[low] > keys[high]:
            _swap(keys, places, low, high)
        if keys[low + 1] > keys[low]:
            _swap(keys, places, low + 1, low)
        i, j = low + 1, high
        pivot = keys[low]
        while True:
            i += 1
            while pivot > keys[i]:
                i += 1
            j -= 1
            while keys[j] > pivot:
                j -= 1
            if j < i:
                break
            _swap(keys, places, i, j)
        _swap(keys, places, low, j)
        if j <= k:
            low = i
        if j >= k:
            high = j - 1


# ---------------------------------------------------------------------- on arrays
def _rows(order: np.ndarray, data: np.ndarray, dim: int, every: bool = False):
    """(index, keys) of each row along `dim` to replay: those holding equal elements (or
    `every` row), if a row has at most REPLAY_UP_TO elements. `order` is a stable order of
    data along dim (n-d, dim of two elements or more); keys are the dense ranks of the
    row's elements in that order, by original position; index is the row's position in
    np.moveaxis(order, dim, -1)."""
    order_rows = np.moveaxis(order, dim, -1)
    ranked = np.moveaxis(np.take_along_axis(data, order, axis=dim), dim, -1)
    size = ranked.shape[-1]
    if size > REPLAY_UP_TO:
        return
    equal = ranked[..., 1:] == ranked[..., :-1]
    if ranked.dtype.kind == "f":
        equal |= np.isnan(ranked[..., 1:]) & np.isnan(ranked[..., :-1])
    replayed = np.array(equal.any(axis=-1))  # (0-d for one row)
    if every:
        replayed[...] = True
    if np.count_nonzero(replayed) * size > REPLAY_BUDGET:
        return
    for flat in np.flatnonzero(replayed):
        index = np.unravel_index(flat, replayed.shape)
        rank_in_order = np.concatenate(([0], np.cumsum(~equal[index])))
        keys = np.empty(size, np.int64)
        keys[order_rows[index]] = rank_in_order
        yield index, keys.tolist()


def sort_order(order: np.ndarray, data: np.ndarray, dim: int) -> np.ndarray:
    """`order` (NumPy's stable order of data along dim, ascending or descending) with the
    rows holding equal elements arranged as torch's std::sort leaves them (in place)."""
    if data.ndim == 0 or data.shape[dim] <= _INSERTION_UP_TO:
        return order  # (insertion sort only: stable)
    order_rows = np.moveaxis(order, dim, -1)
    for index, keys in _rows(order, data, dim):
        places = list(range(len(keys)))
        _sort(keys, places, 0, len(keys))
        order_rows[index] = places
    return order


def topk_order(order: np.ndarray, data: np.ndarray, dim: int, k: int,
               sorted_: bool) -> np.ndarray:
    """The first k positions of `order` (a stable order of data along dim, descending for
    the largest) as torch's topk arranges them."""
    if data.ndim == 0:
        return order
    first_k = np.take(order, np.arange(k), axis=dim)
    size = data.shape[dim]
    if k == 0 or size < 2:
        return first_k
    partial_sort = k * 64 <= size
    first_rows = np.moveaxis(first_k, dim, -1)
    # (sorted=False leaves nth_element's arrangement, which depends on every value)
    for index, keys in _rows(order, data, dim, every=not sorted_ and not partial_sort):
        places = list(range(size))
        if partial_sort:
            _heap_select(keys, places, 0, k, size)
            _sort_heap(keys, places, 0, k)
        else:
            _nth_element(keys, places, 0, k - 1, size)
            if sorted_:
                _sort(keys, places, 0, k - 1)
        first_rows[index] = places[:k]
    return first_k


def kthvalue_positions(order: np.ndarray, data: np.ndarray, dim: int, k: int) -> np.ndarray:
    """The position of the k-th smallest element (k from 1) of each row along dim, as
    torch's quickselect finds it among equal ones; `order` a stable ascending order."""
    if data.ndim == 0:
        return order
    positions = np.array(np.take(order, k - 1, axis=dim))  # (0-d for one row)
    if data.shape[dim] < 2:
        return positions
    for index, keys in _rows(order, data, dim):
        places = list(range(len(keys)))
        _quick_select(keys, places, k - 1)
        positions[index] = places[k - 1]
    return positions


def mode_positions(positions: np.ndarray, data: np.ndarray, dim: int) -> np.ndarray:
    """`positions` (the last occurrence of each row's mode, the smallest value among the most
    frequent: torch's answer where its sort keeps equal values in order) with the rows where
    torch's sort decides replayed: rows of more than 16 elements holding a repeated value,
    and rows holding NaN."""
    if data.ndim == 0 or data.shape[dim] > REPLAY_UP_TO:
        return positions
    rows = np.moveaxis(data, dim, -1).reshape(-1, data.shape[dim])
    size = rows.shape[1]
    replayed = np.isnan(rows).any(axis=1) if rows.dtype.kind == "f" else np.zeros(
        len(rows), bool)
    if size > _INSERTION_UP_TO:
        ordered = np.sort(rows, axis=1)
        replayed |= (ordered[:, 1:] == ordered[:, :-1]).any(axis=1)
    if np.count_nonzero(replayed) * size > REPLAY_BUDGET:
        return positions
    result = np.array(positions).reshape(-1)
    for row in np.flatnonzero(replayed):
        keys = rows[row].tolist()  # (the values themselves: NaN compares as in C++)
        places = list(range(size))
        _sort(keys, places, 0, size)
        longest = run = 0
        for i in range(size):
            run += 1
            if i == size - 1 or keys[i] != keys[i + 1]:
                if run > longest:
                    longest, result[row] = run, places[i]
                run = 0
    return result.reshape(np.shape(positions))
