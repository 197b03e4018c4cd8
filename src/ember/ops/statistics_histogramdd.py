"""torch.histogramdd: a histogram of the rows of input's innermost dim, one bin dimension per
column, counted as torch's CPU kernel counts (statistics.py's one-dim histogram is this
kernel with one column).

Each element's bin in a dim is found as in the one-dim histogram (torch's linspace edges: a
division checked against the neighbouring edges; given edges: std::upper_bound's binary
search); a row with any coordinate outside its dim's edges is not counted. The weights are
summed per thread chunk in the dtype (statistics._summed_by_threads). The results carry
torch's NotImplemented nodes (aten::_histogramdd_from_bin_cts / _from_bin_tensors).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from .._arguments import given_by_keyword, type_name
from .._creation import _torch_linspace
from .._dispatch import apply
from .._tensor import Tensor
from ._registry import OPS, declare, public
from ._sum_order import torch_sum
from .indexing_select import _scalar_name
from .return_types import _return_type, return_types
from .statistics import _summed_by_threads, _upper_bound

_HISTOGRAMDD = return_types.histogramdd = _return_type("histogramdd", ("hist", "bin_edges"))


def _result(x, *rest_and_result):
    return rest_and_result[-1]


declare("histogramdd_from_bin_cts", grad_not_implemented="aten::_histogramdd_from_bin_cts")(
    _result)
declare("histogramdd_from_bin_tensors",
        grad_not_implemented="aten::_histogramdd_from_bin_tensors")(_result)

_BAD_ARGS = ("histogramdd() received an invalid combination of arguments - got ({got}), but "
             "expected one of:\n"
             " * (Tensor input, int bins, tuple of floats range = None, Tensor weight = None, "
             "bool density = False)\n"
             " * (Tensor input, tuple of ints bins, tuple of floats range = None, "
             "Tensor weight = None, bool density = False)\n"
             " * (Tensor input, tuple of Tensors bins, tuple of floats range = None, "
             "Tensor weight = None, bool density = False)\n")


def _word(dtype: np.dtype) -> str:
    """A dtype as torch's C++ messages print it."""
    return {"float32": "float", "float64": "double", "float16": "c10::Half",
            "int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char",
            "uint8": "unsigned char", "bool": "bool"}[dtype.name]


def _g(value: float) -> str:
    return f"{value:g}"


def dd_counts(rows: np.ndarray, edges: list[np.ndarray], weight, density: bool,
              linear: bool) -> np.ndarray:
    """torch's histogramdd kernel: rows (N, D) of one float dtype, one edge array per dim."""
    dtype = rows.dtype.type
    n, dims = rows.shape
    inside = np.ones(n, bool) if dims else np.zeros(n, bool)  # (no columns: nothing counts)
    for d in range(dims):
        column = rows[:, d]
        inside &= (column >= edges[d][0]) & (column <= edges[d][-1])
    picked = rows[inside]
    shape = tuple(e.size - 1 for e in edges)
    flat = np.zeros(picked.shape[0], np.int64)
    for d in range(dims):
        e, values = edges[d], picked[:, d]
        n_edges, left, right = e.size, e[0], e[-1]
        if linear:
            with np.errstate(all="ignore"):
                estimate = (values - left) * dtype(n_edges - 1) / (right - left)
            estimate = np.trunc(np.nan_to_num(estimate, nan=0.0, posinf=0.0, neginf=0.0))
            estimate = estimate.astype(np.int64)
            low = np.maximum(estimate - 1, 0)
            high = np.minimum(estimate + 2, n_edges)
            position = _upper_bound(e, values, low, high) - 1
        else:
            position = _upper_bound(e, values) - 1
        position = np.where(position == n_edges - 1, position - 1, position)
        flat = flat * shape[d] + position
    weights = np.ones(picked.shape[0], rows.dtype) if weight is None else weight[inside]
    hist = _summed_by_threads(n, np.flatnonzero(inside), flat, weights,
                              int(np.prod(shape)), rows.dtype, max(dims, 1)).reshape(shape)
    if density:
        total = torch_sum(hist)  # (torch's order of additions)
        with np.errstate(all="ignore"):
            hist = hist / dtype(total)
            for d in range(dims):
                lengths = np.diff(edges[d]).reshape([-1 if k == d else 1 for k in range(dims)])
                hist = hist / lengths
    return hist


def _check_range_length(range_, dims: int) -> None:
    if len(range_) != 2 * dims:
        raise RuntimeError(f"torch.histogramdd: for a {dims}-dimensional histogram range should "
                           f"have {2 * dims} elements, but got {len(range_)}")


def outer_edges(rows: np.ndarray, range_, dims: int) -> list[tuple[float, float]]:
    """Each dim's (leftmost, rightmost) edge: from `range` or the data's min and max, a
    zero-width range widened by 0.5 on each side, as torch's select_outer_bin_edges."""
    if range_ is not None:
        _check_range_length(range_, dims)
    result = []
    for d in range(dims):
        if range_ is not None:
            low, high = float(range_[2 * d]), float(range_[2 * d + 1])
        elif rows.shape[0]:
            low, high = float(rows[:, d].min()), float(rows[:, d].max())
        else:
            low, high = 0.0, 1.0
        if not (math.isfinite(low) and math.isfinite(high)):
            raise RuntimeError(f"torch.histogramdd: dimension {d}'s range [{_g(low)}, "
                               f"{_g(high)}] is not finite")
        if low > high:
            raise RuntimeError(f"torch.histogramdd: min should not exceed max, but got min "
                               f"{_g(low)} max {_g(high)} for dimension {d}")
        if low == high:
            low, high = low - 0.5, high + 0.5
        result.append((low, high))
    return result


def _check_given_edges(bins: list, dtype: np.dtype) -> list[np.ndarray]:
    for d, b in enumerate(bins):
        if b._data.dtype != dtype:
            raise RuntimeError("torch.histogramdd: input tensor and bins tensors should have "
                               f"the same dtype, but got input with dtype {_word(dtype)} and "
                               f"bins for dimension {d} with dtype {_word(b._data.dtype)}")
        if b._data.ndim != 1:
            raise RuntimeError("torch.histogramdd: bins tensor should have one dimension, but "
                               f"got {b._data.ndim} dimensions in the bins tensor for "
                               f"dimension {d}")
        if b._data.size == 0:
            raise RuntimeError("torch.histogramdd: bins tensor should have at least 1 element, "
                               f"but got 0 elements in the bins tensor for dimension {d}")
    return [np.ascontiguousarray(b._data) for b in bins]


def _bad_arguments(given: dict) -> TypeError:
    """torch's parser error naming what came: by position (its type) or by keyword."""
    parts = [(f"{name}={type_name(value)}" if given_by_keyword(name) else type_name(value))
             if not isinstance(value, Tensor) else
             (f"{name}=Tensor" if given_by_keyword(name) else "Tensor")
             for name, value in given.items()]
    return TypeError(_BAD_ARGS.format(got=", ".join(parts)))


def _check_types(input, bins, range_, weight, density) -> None:
    given = {"input": input, "bins": bins}
    given.update((k, v) for k, v in (("range", range_), ("weight", weight)) if v is not None)
    if density is not False:
        given["density"] = density
    bins_ok = isinstance(bins, (int, Sequence, Tensor)) and not isinstance(bins, bool)
    range_ok = range_ is None or (isinstance(range_, Sequence) and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in range_))
    if not (isinstance(input, Tensor) and bins_ok and range_ok and isinstance(density, bool)
            and (weight is None or isinstance(weight, Tensor))):
        raise _bad_arguments(given)


def _parse_bins(bins, dims: int):
    """(given edge tensors or None, bin counts or None) from torch's three bins forms."""
    if isinstance(bins, Tensor) and bins._data.ndim == 0 and bins._data.dtype.kind in "iu":
        bins = int(bins)
    if isinstance(bins, int):
        return None, [bins] * dims
    items = list(bins)
    if items and (isinstance(items[0], bool) or not isinstance(items[0], int)):
        for i, item in enumerate(items):  # (torch's parser: a sequence of tensors)
            if not isinstance(item, Tensor):
                raise TypeError(f"expected Tensor as element {i} in argument 1, but got "
                                f"{type(item).__name__}")
        return items, None
    for i, item in enumerate(items):
        if isinstance(item, bool) or not isinstance(item, int):
            raise TypeError("histogramdd(): argument 'bins' failed to unpack the object at "
                            f"pos {i + 1} with error \"type must be tuple of ints,but got "
                            f"{type(item).__name__}\"")
    return None, items


@public(method=False)
def histogramdd(input: Tensor, bins, range=None, weight: Tensor | None = None,  # noqa: A002
                density: bool = False):
    """(hist, bin_edges): the counts (or summed weights, or a density) of the points in
    input's rows (its innermost dim holds each point's D coordinates) in a D-dimensional
    grid of bins: `bins` equal bins per dim (an int, or one int per dim) over `range`
    (low, high per dim; the data's range by default), or between given 1-d edge tensors."""
    _check_types(input, bins, range, weight, density)
    data = input._data
    if data.ndim < 2:
        raise RuntimeError("torch.histogramdd: input tensor should have at least 2 dimensions")
    dims = data.shape[-1]
    given, counts = _parse_bins(bins, dims)
    if data.dtype.kind != "f" or data.dtype == np.float16:
        raise NotImplementedError(f"\"histogramdd\" not implemented for '{_scalar_name(input)}'")
    n_bins = len(given) if given is not None else len(counts)
    if given is not None and n_bins != dims:
        raise RuntimeError(f"torch.histogramdd: expected {dims} sequences of bin edges for a "
                           f"{dims}-dimensional histogram but got {n_bins}")
    if given is None and range is not None and len(range) != 2 * dims:
        _check_range_length(range, dims)
    if n_bins != dims:
        raise RuntimeError("histogramdd: The size of bins must be equal to the innermost "
                           "dimension of the input.")
    rows = data.reshape(int(np.prod(data.shape[:-1], dtype=np.int64)), dims)
    if given is not None:
        edges = _check_given_edges(given, data.dtype)
    else:
        outer = outer_edges(rows, range, dims)
        edges = [_torch_linspace(low, high, c + 1, data.dtype.type) if c >= 0
                 else np.zeros(0, data.dtype) for (low, high), c in zip(outer, counts)]
        for d, e in enumerate(edges):
            if e.size == 0:
                raise RuntimeError("torch.histogramdd: bins tensor should have at least 1 "
                                   f"element, but got 0 elements in the bins tensor for "
                                   f"dimension {d}")
    if weight is not None:
        if weight._data.dtype != data.dtype:
            raise RuntimeError("torch.histogramdd: if weight tensor is provided, input tensor "
                               "and weight tensor should have the same dtype, but got "
                               f"input({_word(data.dtype)}), and "
                               f"weight({_word(weight._data.dtype)})")
        if tuple(weight._data.shape) != data.shape[:-1]:
            raise RuntimeError("torch.histogramdd: if weight tensor is provided it should have "
                               "the same shape as the input tensor excluding its innermost "
                               f"dimension, but got input with shape {list(data.shape)} and "
                               f"weight with shape {list(weight._data.shape)}")
    for d, e in enumerate(edges):
        if e.size - 1 <= 0:
            raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {e.size - 1} for "
                               f"dimension {d}")
    hist = dd_counts(rows, edges, None if weight is None else weight._data.reshape(-1),
                     bool(density), linear=given is None)
    inputs = (input,) + ((weight,) if weight is not None else ())
    if given is not None:
        return _HISTOGRAMDD((apply(OPS["histogramdd_from_bin_tensors"], inputs + tuple(given),
                                   (hist,)), tuple(given)))
    out = apply(OPS["histogramdd_from_bin_cts"], inputs, (hist,))
    return _HISTOGRAMDD((out, tuple(apply(OPS["histogramdd_from_bin_cts"], inputs, (e,))
                                    for e in edges)))
