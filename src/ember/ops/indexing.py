"""Indexing: `x[index]` and `x[index] = value`.

An index is read as torch reads it (`_index_plan.plan_index`). Its *basic* parts (ints,
slices, None, Ellipsis) become a chain of view ops (select, slice, unsqueeze), as in torch's
graphs (`m[0, 1]` is SelectBackward0 <- SelectBackward0). Its *advanced* parts (integer and
boolean tensors, lists, arrays) are then applied by one `index` op (IndexBackward0) with
NumPy's rules for where the indexed dims go. The gradient of `index` scatter-adds
(`np.add.at`), so repeated indices accumulate, and that backward is an op too, whose own
backward is indexing again.

`x[index] = value` writes into x's memory through `call_inplace` with an out-of-place op
(CopySlices for basic indices, IndexPutBackward0 for advanced ones, FillBackward3 or
CopyBackwards for the whole tensor, as torch names them). When x is itself a view, the
write is recorded on its base instead (`shape_strided.inplace_on_view`).

gather/scatter live in `indexing_gather`; index_select/index_add/index_fill,
masked_fill/masked_select and take in `indexing_select`.
"""

from __future__ import annotations

import numpy as np

from .._arguments import number_argument
from .._batched_array import refuse_batched_into_unbatched
from .._dispatch import (
    _VIEW_OF_LEAF_INPLACE,
    _check_stale_view_target,
    _record,
    _type_name,
    apply,
    call_inplace,
    check_not_leaf,
    check_view_write,
)
from .._dtype import number_in_dtype
from .._fp_errors import quiet, restore
from .._grad_mode import is_grad_enabled
from .._inference import write_then_refuse, written_outside
from .._overlap import ALLOW, overlap_partly, overlaps_itself, warn_indexed, writable
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from ..autograd.node import keep_versions, refresh_if_stale
from . import _xp as xp
from ._index_plan import (
    BAD_TENSOR_INDEX,
    EMPTY_DIM_INDEX,
    MASK_SHAPE,
    UINT8_MASK_FILL,
    IndexPlan,
    _advanced_shape,
    index_parts,
    plan_index,
    runs_a_view_op_first,
)
from ._registry import OPS, allow_complex, declare, public
from ._registry import needs_grad as _needs
from .shape import _view_apply, expanded_shape
from .shape_parts import slice_dim
from .shape_strided import _recorded, inplace_on_view


# ---------------------------------------------------------------------- x[index]
def _apply_step(x: Tensor, step: tuple) -> Tensor:
    """One basic step as a view op on an ember tensor."""
    kind, dim = step[0], step[1]
    if kind == "select":
        return _view_apply("select", x, (dim, step[2], x._data.shape))
    if kind == "slice":
        return slice_dim(x, dim, step[2], step[3], step[4])
    return _view_apply("unsqueeze", x, (dim,))


def _region(array: np.ndarray, steps: list) -> np.ndarray:
    """The same basic steps applied to a NumPy array: a view into it."""
    for step in steps:
        kind, dim = step[0], step[1]
        if kind == "select":
            array = array[(slice(None),) * dim + (step[2], Ellipsis)]  # a view, even 0-d
        elif kind == "slice":
            array = array[(slice(None),) * dim + (slice(step[2], step[3], step[4]),)]
        else:
            array = np.expand_dims(array, dim)
    return array


@declare("index", saves_params={0: (0,)}, grad_fn="IndexBackward0",
         formula="gradient scatter-added back to the indexed positions")
def _index(x, index, input_shape):
    return x[index]


@_index.backward
def _(ctx, g):
    return (xp.op("index_backward", (g,), *ctx.params),)


_index.tangent(_fw.linear)


@declare("index_backward", saves_params={0: (0,)}, grad_fn="IndexPutImplBackward0",
         formula="d/dg: the gradient indexed again")
def _index_backward(g, index, input_shape):
    out = np.zeros(input_shape, g.dtype)
    np.add.at(out, index, g)  # repeated indices accumulate
    return out


@_index_backward.backward
def _(ctx, gg):
    return (xp.op("index", (gg,), *ctx.params),)


_index_backward.tangent(_fw.linear)


def _index_with_plan(x: Tensor, plan: IndexPlan) -> Tensor:
    out = x
    for step in plan.steps:
        out = _apply_step(out, step)
    if plan.advanced is not None:
        return keep_versions(apply(OPS["index"], (out,), (plan.advanced, out._data.shape)),
                             *plan.tensors)
    if out is x:
        return _view_apply("alias", x)  # x[...] and x[:, :] are aliases, as in torch
    return out


@public(method="__getitem__", function=False)
def _getitem(self: Tensor, index) -> Tensor:
    """`x[index]` with torch's (and NumPy's) rules; basic indices give views."""
    if type(index) is int and self._data.ndim:
        return _select_int(self, index, 0)  # the common x[i]: skip planning
    if (type(index) is tuple and 0 < len(index) <= self._data.ndim
            and all(type(i) is int for i in index)):
        out = self  # x[i, j]: a chain of selects, as in torch
        for position, i in enumerate(index):
            out = _select_int(out, i, position)
        return out
    try:
        plan = plan_index(self._data.shape, index)
    except (IndexError, ValueError, TypeError) as error:
        if (self._extra is not None and self._requires_grad and is_grad_enabled()
                and runs_a_view_op_first(self._data.shape, index, error)):
            refresh_if_stale(self)  # (torch's refusal of a stale view, if it is one)
        raise
    return _index_with_plan(self, plan)


def _select_int(x: Tensor, index: int, position: int) -> Tensor:
    size = x._data.shape[0]
    if not -size <= index < size:
        raise IndexError(f"index {index} is out of bounds for dimension {position} with size "
                         f"{size}")
    return _view_apply("select", x, (0, index % size, x._data.shape))


# ---------------------------------------------------------------------- x[index] = value
def _strip_leading_ones(shape: tuple) -> tuple:
    """torch drops a value's leading size-1 dims before broadcasting it into x[index]."""
    start = 0
    while start < len(shape) and shape[start] == 1:
        start += 1
    return shape[start:]


def _sum_to_shape(grad, shape: tuple):
    """A gradient of a value broadcast into a region, summed back to the value's shape."""
    stripped = _strip_leading_ones(shape)
    if tuple(grad.shape) != stripped:
        grad = xp.sum_to(grad, stripped)
    if stripped != tuple(shape):
        grad = xp.reshape(grad, shape)
    return grad


def _written_region(g, steps: list):
    """The part of a gradient (array or Tensor) that the basic steps of a write select."""
    for step in steps:
        kind, dim = step[0], step[1]
        if kind == "select":
            g = xp.view("select", g, dim, step[2], tuple(g.shape))
        elif kind == "slice":
            g = xp.view("slice", g, dim, step[2], step[3], step[4], tuple(g.shape))
        else:
            g = xp.view("unsqueeze", g, dim)
    return g


# (saves_params: torch's CopySlices releases the node of the write it holds, see
# ops/shape_strided.py, so a second backward through it raises)
@declare("copy_slices", grad_fn="CopySlices", broadcasts=True, saves_params={0: (0, 1)},
         formula="d/dx: gradient with the written region zeroed; d/dvalue: region summed")
def _copy_slices(x, value, steps, value_shape):
    out = x.copy()
    _region(out, steps)[...] = value
    return out


@_copy_slices.backward
def _(ctx, g):
    steps, value_shape = ctx.params
    grad_x = xp.op("copy_slices", (g, 0), steps, None) if _needs(ctx, 0) else None
    grad_value = None
    if _needs(ctx, 1):
        region = _written_region(g, steps)
        if xp.is_tensor(region):
            # (torch's copy_ casts to the value's dtype: ToCopyBackward0)
            dtype = None if ctx.input_meta is None else ctx.input_meta[1][1]
            grad_value = _value_grad_recorded(region, value_shape, dtype)
        else:
            grad_value = _sum_to_shape(region, value_shape)
    return grad_x, grad_value


def _value_grad_recorded(region: Tensor, value_shape: tuple, dtype=None) -> Tensor:
    """The written value's gradient on Tensors, as torch's CopySlices composes it: its fn
    gets a clone of the region's gradient (CloneBackward0); a 0-d value was a fill_ (its
    gradient summed: SumBackward0); a value of another shape was viewed without its leading
    ones and expanded (at::sum_to back, then ViewBackward0 to the value's shape). A value
    of another dtype (`dtype`) was cast: the clone is cast back after a fill_'s sum, before
    any other shape's."""
    region = region.clone()
    shape = tuple(region.shape)
    if not value_shape and shape:
        region = region.sum()
        return region if dtype is None else xp.astype(region, dtype)
    if dtype is not None:
        region = xp.astype(region, dtype)
    if value_shape == shape:
        return region
    stripped = _strip_leading_ones(value_shape)
    if stripped != shape:
        region = xp.sum_to(region, stripped)
    return xp.reshape(region, value_shape)


_copy_slices.tangent(_fw.linear)


@declare("index_put", saves_params={1: (0, 1)}, grad_fn="IndexPutBackward0", broadcasts=True,
         formula="d/dx: gradient with the written positions zeroed; d/dvalue: gradient "
                 "indexed, summed over broadcasting")
def _index_put(x, value, steps, index, value_shape):
    out = x.copy()
    _region(out, steps)[index] = value
    return out


_write_at_index = _index_put.forward


@_index_put.backward
def _(ctx, g):
    steps, index, value_shape = ctx.params
    grad_x = None
    if _needs(ctx, 0):
        grad_x = xp.op("index_put", (g, 0), steps, index, None)
    grad_value = None
    if _needs(ctx, 1):
        region = _written_region(g, steps)
        picked = xp.op("index", (region,), index, tuple(region.shape))
        grad_value = _sum_to_shape(picked, value_shape)
    return grad_x, grad_value


_index_put.tangent(_fw.linear)


# torch indexes a view when the index also has basic parts; writing into that view is
# recorded on x as CopySlices. The values and gradients are those of index_put.
@declare("index_put_slices", saves_params={1: (0, 1)}, grad_fn="CopySlices", broadcasts=True,
         formula="d/dx: gradient with the written positions zeroed; d/dvalue: gradient "
                 "indexed, summed over broadcasting")
def _index_put_slices(x, value, steps, index, value_shape):
    return _write_at_index(x, value, steps, index, value_shape)


_index_put_slices.backward(_index_put.backward_fn)
_index_put_slices.tangent(_fw.linear)


@declare("fill_index", grad_fn="FillBackward3", broadcasts=True,
         formula="d/dx = 0, d/dvalue = sum of the gradient")
def _fill_index(x, value):
    return np.full_like(x, value)


@_fill_index.backward
def _(ctx, g):
    # zeros without a graph, as torch's zeros_like(grad): under create_graph they need no
    # gradient (an overwritten tensor's gradient does not require grad)
    grad_x = xp.zeros_like(g) if _needs(ctx, 0) else None
    return grad_x, (xp.sum(g) if _needs(ctx, 1) else None)


_fill_index.tangent(_fw.linear)


def _value_for(self: Tensor, value):
    """The value to write: a tensor or a Python/NumPy number, as torch accepts them."""
    if isinstance(value, Tensor):
        return value
    if isinstance(value, (bool, int, float, np.bool_, np.integer, np.floating)):
        value = value.item() if isinstance(value, np.generic) else value
        # torch's range check and wrap-around (a float beyond float16's range becomes inf)
        return number_in_dtype(value, self._data.dtype, half_range=False)
    if isinstance(value, (complex, np.complexfloating)):
        if self._data.dtype.kind == "c":
            return self._data.dtype.type(value)
        # (a real tensor takes a complex number with no imaginary part: torch's overflow
        # error otherwise)
        value = number_argument(value, "__setitem__", "value", real_type=self._data.dtype)
        return number_in_dtype(value, self._data.dtype, half_range=False)
    raise TypeError(f"can't assign a {type(value).__name__} to a {self.type()}")


def _check_value_shape(self: Tensor, value, plan: IndexPlan, region_shape: tuple) -> None:
    if not isinstance(value, Tensor):
        return
    stripped = _strip_leading_ones(value._data.shape)
    if plan.advanced is None:
        expanded_shape(stripped, region_shape, value.type())
        return
    target = _advanced_shape(region_shape, plan.advanced)
    try:
        ok = np.broadcast_shapes(stripped, target) == target
    except ValueError:
        ok = False
    if not ok:
        raise RuntimeError(f"shape mismatch: value tensor of shape {list(stripped)} "
                           f"cannot be broadcast to indexing result of shape {list(target)}")


_PARTIAL_OVERLAP = (
    "unsupported operation: some elements of the input tensor and the written-to tensor "
    "refer to a single memory location. Please clone() the tensor before performing the "
    "operation."
)


def _check_no_partial_overlap(target: np.ndarray, value: np.ndarray) -> None:
    """torch refuses a write whose value partly overlaps the written memory. Like torch, it
    only decides for dense layouts (the overlap of strided ones is 'too hard' to tell)."""
    if overlap_partly(target, value):
        raise RuntimeError(_PARTIAL_OVERLAP)


def index_put(input: Tensor, plan: IndexPlan, value) -> Tensor:
    """Out of place: `input` with `value` written at the index of `plan` (CopySlices or
    IndexPutBackward0). `x[index] = value` runs it through call_inplace."""
    value_shape = value._data.shape if isinstance(value, Tensor) else None
    if plan.advanced is None:
        return apply(OPS["copy_slices"], (input, value), (plan.steps, value_shape))
    op = OPS["index_put_slices" if plan.steps else "index_put"]
    return keep_versions(apply(op, (input, value), (plan.steps, plan.advanced, value_shape)),
                         *plan.tensors)


_VIEW_OF_LEAF = ("a view of a leaf Variable that requires grad is being used in an in-place "
                 "operation.")


_INDEX_PUT_OVERLAP = warn_indexed("index_put_", "tensor[indices] = tensor")


def _check_write_first(self: Tensor, value, made_by: str | None,
                       recorded_into_integers: bool = False) -> None:
    """The checks torch makes of an in-place write before its kernel's: into a view it may
    not write (made under no_grad, one of split's outputs), then into a leaf that requires
    grad or a view of one. made_by: the op whose view of self the write goes into (x[0]:
    Select), None for self itself. recorded_into_integers: the write is one torch records
    into integers from a value that requires grad (an index_put_ or a fill_)."""
    if made_by is None and self._extra is not None:
        # torch's index_put_ (or fill_, copy_) into self itself, with no view made on the
        # way (full slices are skipped) sees a view made before its base came to require
        # grad as a leaf: refused, before the index's range and the value's dtype
        _check_stale_view_target(self)
    if self._extra is not None and (self._data.dtype.kind == "f" or self._requires_grad
                                    or recorded_into_integers):
        # (into integers, only the writes torch records are refused, a copy_ is not; torch
        # refuses them before the index's dtype, the masks' shapes and the value's dtype)
        check_view_write(self, (value,), made_by)
    if self._requires_grad and self._data.dtype.kind == "f" and is_grad_enabled():
        if made_by is None:
            check_not_leaf(self)
        else:  # a view of self, whose base is self's base
            base = self._extra.get("base") if self._extra else None
            if (self if base is None else base).grad_fn is None:
                raise RuntimeError(_VIEW_OF_LEAF_INPLACE)


def _copies_into_integers(self: Tensor, value, plan) -> bool:
    """Whether torch writes `self[index] = value` as a copy_ into self itself, integers:
    an index that makes no view (`...`, full slices) and a value of self's shape, or of
    dims to broadcast (a 0-d value into a tensor of dims is a fill_). torch's copy_ into
    integers makes no in-place checks (a view made before its base came to require grad
    through `ne_` may be written)."""
    if plan.steps or plan.advanced is not None or self._data.dtype.kind in "fc":
        return False
    shape = value._data.shape if isinstance(value, Tensor) else ()
    return shape == self._data.shape or len(shape) > 0


@public(method="__setitem__", function=False)
def _setitem(self: Tensor, index, value) -> None:
    """`x[index] = value`: write into x's memory (a number, or a tensor broadcast to the
    indexed region), bumping its version; recorded as CopySlices / IndexPutBackward0."""
    if self._extra is not None and written_outside(self):  # (an inference tensor)
        return write_then_refuse(self, lambda: _setitem(self, index, value))
    value = _value_for(self, value)
    # (torch's masked_fill_ refuses the mask before index_put_ warns of its dtype)
    uint8_fill = _fills_through_uint8_mask(index, value)
    try:
        plan = plan_index(self._data.shape, index, for_write=True, warns=not uint8_fill)
    except IndexError as error:
        # Errors of the basic parts (too many indices, an int out of range, a float) come
        # first, from torch's reading of the index. index_put_ then makes the in-place
        # checks (a view it may not write, a leaf), then refuses an index of a dtype that
        # cannot index, checks the masks' shapes (turning them into indices), compares the
        # dtypes, and checks the range.
        made_by = getattr(error, "index_put_into", None)
        if made_by is not None:
            _check_write_first(self, value, made_by or None, _requires_grad(value))
            if isinstance(value, Tensor) and value._data.dtype != self._data.dtype and \
                    _puts_at_indices(index, value) and not str(error).startswith(
                        (BAD_TENSOR_INDEX, EMPTY_DIM_INDEX, MASK_SHAPE)):
                _refuse_other_dtype(self, value)
        raise
    # torch writes into the view its basic index makes, if any (view[0] = v: a select)
    made_by = plan.steps[-1][0].capitalize() if plan.steps else None
    if (self._extra is not None or self._requires_grad) and not _copies_into_integers(
            self, value, plan):
        _check_write_first(self, value, made_by, _requires_grad(value) and (
            plan.advanced is not None or _fills(self, value, plan)))
    if uint8_fill:
        raise RuntimeError(UINT8_MASK_FILL)
    if isinstance(value, Tensor) and value._data.dtype != self._data.dtype and \
            _puts_at_indices(index, value):
        # (torch's index_put_ checks that the value broadcasts before the dtypes)
        _check_value_shape(self, value, plan, _region(self._data, plan.steps).shape)
        _refuse_other_dtype(self, value)
    if isinstance(value, Tensor) and value._data.size == 1 and _fills_through_mask(index):
        # torch's index_put_ fills through one mask as masked_fill_(mask, value.item()):
        # the value is converted as a number (nan into integers refused), even where the
        # mask selects nothing
        number_in_dtype(value._data.item(), self._data.dtype)
    if plan.writes_nothing:
        return
    if _fw.state.marking and isinstance(value, Tensor):  # (inside vmap: torch's refusal)
        refuse_batched_into_unbatched(self, value)
    region = _region(self._data, plan.steps)
    _check_value_shape(self, value, plan, region.shape)
    if isinstance(value, Tensor) and not (
            value._data.size == 1 and (plan.advanced is None or _fills_through_mask(index))):
        # (a value of one element written at a basic index or through a mask is read as a
        # number first, torch's fill_/masked_fill_: it may lie in the region)
        _check_no_partial_overlap(region, value._data)
    value_requires_grad = isinstance(value, Tensor) and value._requires_grad
    # (self.requires_grad: a view whose base came to require grad through a write since
    # the view was made does too; its node is made anew by the write, as torch's)
    recording = (is_grad_enabled() and (self.requires_grad or value_requires_grad)
                 and self._data.dtype.kind in "fc")
    if not recording and is_grad_enabled() and self.requires_grad:
        # integers made to require grad (i.masked_fill_(m, w)), also through a view made
        # before its base came to: torch records writes at
        # indices or fills of the whole (IndexPutBackward0, FillBackward3), refuses the view
        # a basic index makes, as any view of them, and records no copy_ into integers (a
        # 0-d tensor or a value with dims: the tensor keeps its grad_fn)
        if plan.advanced is None and not plan.whole:
            raise RuntimeError(f"Autograd not support dtype: {_type_name(self._data.dtype)}")
        recording = plan.advanced is not None or _fills_whole(self, value)
    if not recording and _fw.state.active and _fw.involved(self, value):
        call_inplace(index_put, self, (plan, value), {})  # carries the tangents
        return
    if not recording and value_requires_grad and is_grad_enabled() and (
            plan.advanced is not None or (value._data.ndim == 0 and region.ndim)):
        if self._extra is not None:  # (a copy_ into integers records nothing: allowed)
            check_view_write(self, (value,), made_by)
        if self._extra is None or self._extra.get("base") is None:
            _recorded_into_integers(self, plan, value)
        else:  # an integer view: recorded on its base (CopySlices), as a float view's
            inplace_on_view(_into_integers, self, (plan, value), {})
        return
    if not recording:
        data = value._data if isinstance(value, Tensor) else value
        # (into an expanded tensor: torch's rule, ember._overlap)
        target = writable(region, None if plan.advanced is None else _INDEX_PUT_OVERLAP)
        token = quiet()  # a float32 1e30 into float16 is inf, silently as in torch
        try:
            if plan.advanced is None:
                target[...] = data
            else:
                target[plan.advanced] = data
        finally:
            restore(token)
        self._version_counter[0] += 1
        return
    # Writing into a view records on its base (CopySlices), as torch does.
    is_view = self._extra is not None and self._extra.get("base") is not None
    write = inplace_on_view if is_view else call_inplace
    if overlaps_itself(self._data) and is_view and plan.advanced is None and \
            not plan.whole and not overlaps_itself(region):
        # torch writes into the view its basic index makes (t5[1:2] of an expanded t5):
        # its CopySlices has that region's geometry, which repeats no element, so the
        # base's gradient is written back without the overlap error
        write(index_put, self[index], (IndexPlan([], None), value), {})
        return
    if overlaps_itself(self._data):  # an expanded tensor: torch's rule (ember._overlap)
        write = _with_overlap_rule(write, plan, region)
    if plan.whole:
        # torch fills a tensor with dims from a 0-d value (FillBackward3) but copies into a
        # 0-d tensor, whatever the value (CopyBackwards)
        if _fills_whole(self, value):
            write(_fill_whole, self, (value,), {})
        else:
            write(_copy_whole, self, (value,), {})
        return
    if plan.advanced is None and self._requires_grad and self.grad_fn is None:
        raise RuntimeError(_VIEW_OF_LEAF)
    if is_view and self._data.dtype.kind not in "fc":
        # an integer view that requires grad (its base was written by an op that requires
        # grad, `int_view.lt_(w)`): torch records the write on the base as a float view's
        write(_into_integers, self, (plan, value), {})
        return
    write(index_put, self, (plan, value), {})


def _requires_grad(value) -> bool:
    return isinstance(value, Tensor) and value._requires_grad


def _fills(self: Tensor, value: Tensor, plan: IndexPlan) -> bool:
    """Whether torch writes a tensor value at a basic index as a fill_ (a 0-d value into a
    region with dims) rather than a copy_."""
    if value._data.ndim:
        return False
    return bool(_region(self._data, plan.steps).ndim)


def _fills_whole(self: Tensor, value) -> bool:
    """Whether torch writes `x[...] = value` as a fill (a 0-d value or a number into a tensor
    with dims) rather than a copy_."""
    return bool(self._data.ndim) and (not isinstance(value, Tensor) or value._data.ndim == 0)


def _with_overlap_rule(write, plan: IndexPlan, region: np.ndarray):
    """`write` (call_inplace or inplace_on_view) for an index into an expanded tensor, with
    torch's rule for its function: a region without repeated elements (`e[0]`) is written,
    an advanced index is written with torch's deprecation warning, a region that repeats
    elements is refused."""
    if not overlaps_itself(region):
        rule = ALLOW
    elif plan.advanced is not None:
        rule = _INDEX_PUT_OVERLAP
    else:
        return write

    def with_rule(function, target: Tensor, args: tuple, kwargs: dict) -> Tensor:
        def ruled(*a, **k):
            return function(*a, **k)
        ruled.overlapping_write = rule
        return write(ruled, target, args, kwargs)
    return with_rule


def _recorded_into_integers(self: Tensor, plan: IndexPlan, value: Tensor) -> None:
    """`int_tensor[index] = w` with `w` requiring grad: torch records it when it fills a
    region from a 0-d value (CopySlices, FillBackward3) or puts at indices
    (IndexPutBackward0), and the integer tensor then requires grad; ember's dispatcher
    records floating results only, so the node is made here. (A copy_, into a 0-d region
    or from a value with dims, records nothing in torch either.)"""
    before = Tensor(self._data.copy())
    if plan.whole:
        op, params = OPS["fill_index"], ()
        out = apply(op, (before, value.detach()))
    else:
        value_shape = value._data.shape
        if plan.advanced is None:
            op, params = OPS["copy_slices"], (plan.steps, value_shape)
        else:
            op = OPS["index_put_slices" if plan.steps else "index_put"]
            params = (plan.steps, plan.advanced, value_shape)
        out = apply(op, (before, value.detach()), params)
    writable(self._data)[...] = out._data
    self._version_counter[0] += 1
    recorded = _record(op, (before, value), params, out._data, None)
    self.grad_fn, self._requires_grad, self._output_nr = recorded.grad_fn, True, 0


def _refuse_other_dtype(self: Tensor, value: Tensor) -> None:
    raise RuntimeError(
        f"Index put requires the source and destination dtypes match, got "
        f"{_type_name(self._data.dtype)} for the destination and "
        f"{_type_name(value._data.dtype)} for the source.")


def _into_integers(input: Tensor, plan: IndexPlan, value) -> Tensor:
    """index_put (or the fill of a whole view) into an integer tensor, recorded although
    its result is an integer tensor: the write of `int_view[index] = w` (inplace_on_view),
    or of any value into an integer view that requires grad (`int_view[i] = False`)."""
    if plan.whole:
        return _recorded(OPS["fill_index"], (input, value), ())
    value_shape = value._data.shape if isinstance(value, Tensor) else None
    if plan.advanced is None:
        return _recorded(OPS["copy_slices"], (input, value), (plan.steps, value_shape))
    op = OPS["index_put_slices" if plan.steps else "index_put"]
    return keep_versions(_recorded(op, (input, value), (plan.steps, plan.advanced,
                                                         value_shape)), *plan.tensors)


def _puts_at_indices(index, value: Tensor) -> bool:
    """Whether torch writes a tensor value with index_put_, which takes no other dtype: an
    index with integer tensors or lists (a 0-d bool one too), or boolean masks with more than
    one value (one mask and one value is masked_fill, which converts it)."""
    masks = 0
    for part in index_parts(index):
        if isinstance(part, (list, np.ndarray)):
            return True
        if isinstance(part, Tensor):
            data = part._data
            if data.dtype == np.bool_ and data.ndim:
                masks += 1
            elif data.ndim or data.dtype == np.bool_:
                return True
    return masks > 1 or (masks == 1 and value._data.size != 1)


def _fills_through_mask(index) -> bool:
    """Whether the only tensor in `index` is one boolean mask with dims (torch writes a
    value of one element through it with masked_fill_; see _puts_at_indices)."""
    masks = 0
    for part in index_parts(index):
        if isinstance(part, (list, np.ndarray)):
            return False
        if isinstance(part, Tensor):
            if part._data.dtype != np.bool_ or not part._data.ndim:
                return False
            masks += 1
    return masks == 1


def _fills_through_uint8_mask(index, value) -> bool:
    """Whether torch's index_put_ would write `value` with masked_fill_ through a uint8 mask,
    which masked_fill_ refuses: one value, and the index's only tensor (or array) with dims a
    uint8 one (0-d tensors are read as numbers and bools, lists are index tensors)."""
    if isinstance(value, Tensor) and value._data.size != 1:
        return False
    found = None
    for part in index_parts(index):
        if isinstance(part, (list, tuple, range)):
            return False
        if isinstance(part, (Tensor, np.ndarray)):
            data = part._data if isinstance(part, Tensor) else part
            if data.ndim:
                if found is not None:
                    return False
                found = data.dtype
    return found == np.uint8


def _fill_whole(input: Tensor, value) -> Tensor:
    return apply(OPS["fill_index"], (input, value))


def _copy_whole(input: Tensor, value) -> Tensor:
    """x[...] = tensor is x.copy_(tensor) in torch (CopyBackwards)."""
    if not isinstance(value, Tensor):  # a number into a 0-d tensor
        return apply(OPS["copy"], (input, value))
    stripped = _strip_leading_ones(value._data.shape)
    if stripped != value._data.shape:
        value = value.reshape(stripped)
    if stripped != input._data.shape:  # (torch's setitem expands it: ExpandBackward0)
        value = value.expand(input._data.shape)
    return apply(OPS["copy"], (input, value))


_fill_whole.__name__ = "fill"
_copy_whole.__name__ = "copy"

# Linear in the tensors with real coefficients: forward and backward hold for complex values
# (checked against torch: tests/samples/complex_shape.py).
allow_complex("index", "index_backward", "copy_slices", "index_put", "index_put_slices",
              "fill_index")
