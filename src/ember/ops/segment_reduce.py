"""torch.segment_reduce: data reduced over consecutive segments of one axis.

The segments are given by their lengths (or by offsets, lengths = their differences), one
row of lengths per index of the dims before `axis`. Each segment is reduced in order from
`initial` (or the reduction's identity), as torch's CPU kernel does (`np.<ufunc>.at`
walks the elements in order, so sums round as torch's); a mean is that sum divided by the
length (an empty segment's mean is `initial`, or nan). The gradient is torch's
_segment_reduce_backward, an op of its own that torch does not differentiate (its node is
NotImplemented): sum repeats the gradient, mean divides it by the length, max/min give it
to the elements equal to the result (a positive one shared among them, as torch), prod
multiplies it by result / element (by the product of the others for a segment's single
zero).
"""

from __future__ import annotations

import numpy as np

from .._arguments import bad_scalar, is_number, not_a
from .._dispatch import apply
from .._tensor import Tensor
from . import _xp as xp
from ._dims import wrap_dim
from ._registry import OUT, declare, public
from .indexing_select import _scalar_name

_REDUCTIONS = {"sum": "sum", "mean": "mean", "prod": "prod", "max": "max", "amax": "max",
               "min": "min", "amin": "min"}
_UFUNC = {"sum": np.add, "mean": np.add, "prod": np.multiply, "max": np.maximum,
          "min": np.minimum}
_IDENTITY = {"sum": 0.0, "mean": 0.0, "prod": 1.0, "max": -np.inf, "min": np.inf}
_NOT_DEFINED = ("Expected segment_length >= 0 to be true, but got false.  (Could this error "
                "message be improved?  If so, please report an enhancement request to "
                "PyTorch.)")


def _layout(data: np.ndarray, offsets: np.ndarray, axis: int):
    """data as (B, N, inner), and each of its B * N rows' flat segment (b * S + s), or -1
    where no segment covers the row (before offsets[0], or past the last segment)."""
    lead = data.shape[:axis]
    batches = int(np.prod(lead, dtype=np.int64))
    n = data.shape[axis]
    rows = data.reshape(batches, n, int(np.prod(data.shape[axis + 1:], dtype=np.int64)))
    offsets = offsets.reshape(batches, -1)
    segments = offsets.shape[1] - 1
    owner = np.full((batches, n), -1, np.int64)
    for b in range(batches):  # (one np.repeat per row of offsets, not per element)
        starts, lengths = offsets[b, :-1], np.diff(offsets[b])
        which = np.repeat(np.arange(segments), lengths)
        position = starts[which] + np.arange(which.size) - (np.cumsum(lengths) - lengths)[which]
        inside = position < n  # (torch reads past the end; ember leaves those out)
        owner[b, position[inside]] = which[inside] + b * segments
    return rows, owner.reshape(-1), segments


def _out_shape(data: np.ndarray, segments: int, axis: int) -> tuple:
    return data.shape[:axis] + (segments,) + data.shape[axis + 1:]


@declare("segment_reduce", grad_fn="SegmentReduceBackward0", saves=(0, OUT),
         formula="sum: repeated; mean: / length; max/min: shared by the ties; prod: out / x")
def _segment_reduce(data, reduce, offsets, axis, initial):
    """The reduction of each segment of data's `axis` (offsets[s] to offsets[s + 1]), in
    order from `initial`."""
    rows, owner, segments = _layout(data, offsets, axis)
    lengths = np.diff(offsets, axis=-1)
    inner = rows.shape[2]
    start = _IDENTITY[reduce] if initial is None else initial
    flat_rows = rows.reshape(-1, inner)
    out = np.full((rows.shape[0] * segments, inner), start, data.dtype)
    kept = owner >= 0
    _UFUNC[reduce].at(out, owner[kept], flat_rows[kept])
    if reduce == "mean":
        counts = lengths.reshape(-1, 1)
        with np.errstate(all="ignore"):
            divided = out / counts.astype(data.dtype)
        empty = np.nan if initial is None else initial
        out = np.where(counts > 0, divided, np.asarray(empty, data.dtype)).astype(data.dtype)
    out = out.reshape((rows.shape[0], segments, inner))
    return out.reshape(_out_shape(data, segments, axis))


@_segment_reduce.backward
def _(ctx, g):
    data, out = ctx.saved
    return (xp.op("segment_reduce_backward", (g, out, data), *ctx.params),)


@declare("segment_reduce_backward", grad_not_implemented="aten::_segment_reduce_backward")
def _segment_reduce_backward(grad, out, data, reduce, offsets, axis, initial):
    """torch's gradient of segment_reduce for data (see the module docstring)."""
    rows, owner, segments = _layout(data, offsets, axis)
    lengths = np.diff(offsets, axis=-1)
    inner = rows.shape[2]
    dtype = data.dtype
    flat_rows = rows.reshape(-1, inner)
    kept = owner >= 0
    at = np.where(kept, owner, 0)
    per_segment = np.asarray(grad, dtype).reshape(-1, inner)
    results = np.asarray(out, dtype).reshape(-1, inner)
    with np.errstate(all="ignore"):
        if reduce == "mean":
            per_segment = per_segment / lengths.reshape(-1, 1).astype(dtype)
        if reduce in ("max", "min"):
            # (a nan, the result of its segment, counts as one of the ties; torch shares
            # only a positive gradient among ties, a negative one goes whole to each)
            ties = (flat_rows == results[at]) | np.isnan(flat_rows)
            counts = np.zeros(results.shape, dtype)
            np.add.at(counts, owner[kept], ties[kept].astype(dtype))
            shared = per_segment[at]
            shared = np.where(shared > 0, shared / counts[at], shared)
            gradient = np.where(ties, shared, dtype.type(0))
        elif reduce == "prod":
            zero = flat_rows == 0
            others = np.full(results.shape, 1.0 if initial is None else initial, dtype)
            np.multiply.at(others, owner[kept], np.where(zero, 1, flat_rows)[kept])
            zeros = np.zeros(results.shape, np.int64)
            np.add.at(zeros, owner[kept], zero[kept].astype(np.int64))
            alone = zero & (zeros[at] == 1)
            gradient = np.where(alone, per_segment[at] * others[at],
                                np.where(zero, dtype.type(0),
                                         per_segment[at] * results[at] / flat_rows))
        else:
            gradient = per_segment[at]
    gradient = np.where(kept[:, None], gradient, dtype.type(0)).astype(dtype)
    return gradient.reshape(data.shape)


def _offsets_from(data: Tensor, lengths, offsets, axis: int, unsafe: bool) -> np.ndarray:
    """The segments' offsets (each row from its first segment's start to its last's end)."""
    if offsets is not None:  # (torch prefers offsets when both are given)
        off = offsets._data
        if off.shape[-1] == 0 if off.ndim else False:
            raise RuntimeError("Trying to create tensor with negative dimension -1: [-1]")
        values = np.diff(off, axis=-1)
        _check_axis(values, axis)
        if (values < 0).any():
            raise RuntimeError(_NOT_DEFINED)
        return off.astype(np.int64)
    values = lengths._data
    if values.dtype.kind not in "iu":
        raise NotImplementedError("\"_segment_reduce_lengths_cpu_kernel1\" not implemented "
                                  f"for '{_scalar_name(lengths)}'")
    if values.ndim > data._data.ndim:
        raise RuntimeError("Expected data.dim() >= lengths_value.dim() to be true, but got "
                           "false.  (Could this error message be improved?  If so, please "
                           "report an enhancement request to PyTorch.)")
    _check_axis(values, axis)
    if not unsafe:
        if values.size == 0:
            raise RuntimeError("min(): Expected reduction dim to be specified for "
                               "input.numel() == 0. Specify the reduction dim with the 'dim' "
                               "argument.")
        if values.min() < 0:
            raise RuntimeError("lengths contains negative value!")
        if (values.sum(-1) != data._data.shape[axis]).any():
            raise RuntimeError("segment_reduce(): Expected all rows of lengths along axis to "
                               "sum to data.size(lengths.dim()-1) when !unsafe.")
    elif (values < 0).any():
        raise RuntimeError(_NOT_DEFINED)
    ends = np.cumsum(values.astype(np.int64), axis=-1)
    return np.concatenate([np.zeros(ends.shape[:-1] + (1,), np.int64), ends], axis=-1)


def _check_axis(values: np.ndarray, axis: int) -> None:
    if values.ndim - 1 != axis:
        raise RuntimeError(f"segment_reduce(): Expected axis to be the last dimension of "
                           f"lengths but got {axis}.")


def _check_types(reduce, lengths, indices, offsets, initial) -> None:
    """torch's parser errors for arguments of the wrong type."""
    if not isinstance(reduce, str):
        raise bad_scalar("str", "segment_reduce", "reduce", 2, reduce)
    for name, value in (("lengths", lengths), ("indices", indices), ("offsets", offsets)):
        if value is not None and not isinstance(value, Tensor):
            raise not_a("Tensor", "segment_reduce", name, None, value)
    if initial is not None and not is_number(initial):
        raise not_a("Number", "segment_reduce", "initial", None, initial)


@public(method=False)
def segment_reduce(data: Tensor, reduce: str, *, lengths: Tensor | None = None,
                   indices: Tensor | None = None, offsets: Tensor | None = None,
                   axis: int = 0, unsafe: bool = False, initial=None) -> Tensor:
    """Reduces data (sum, mean, prod, max/amax, min/amin) over consecutive segments of
    `axis`, given by `lengths` (or `offsets`), one row per index of the dims before axis."""
    _check_types(reduce, lengths, indices, offsets, initial)
    if reduce not in _REDUCTIONS:
        raise RuntimeError("reduce argument must be either sum, prod, mean, amax or amin, "
                           f"got {reduce}")
    reduce = _REDUCTIONS[reduce]
    if indices is not None:
        raise RuntimeError("segment_reduce(): indices based reduction is not supported yet.")
    if lengths is None and offsets is None:
        raise RuntimeError("segment_reduce(): Either lengths or offsets must be defined.")
    axis = wrap_dim(int(axis), data._data.ndim)
    bounds = _offsets_from(data, lengths, offsets, axis, bool(unsafe))
    if bounds.shape[:-1] != data._data.shape[:axis]:
        raise RuntimeError(f"segment_reduce(): expected lengths' leading dims "
                           f"{list(bounds.shape[:-1])} to be data's dims before axis "
                           f"{list(data._data.shape[:axis])}")
    if data._data.dtype.kind != "f":
        raise NotImplementedError(f"\"_segment_reduce_cpu\" not implemented for "
                                  f"'{_scalar_name(data)}'")
    start = None if initial is None else float(initial)
    return apply(_segment_reduce, (data,), (reduce, bounds, axis, start))
