"""as_strided, and in-place operations written through a view.

`inplace_on_view` is how `_dispatch` runs `view.add_(...)` when the view has a base: the
write is recorded on the base as torch's CopySlices does (op `copy_slices_strided`), and the
view then reads from the new base through an as_strided window.

A window is (size, stride, offset) in elements over the memory of a tensor, as torch's
as_strided is over its storage, with the `layout` of that memory: the tensor's strides in
elements (None: C order, the usual case). A base laid out otherwise (a transposed or
permuted one, `w.t().clone()`, `x.permute(2, 0, 1).sin()`; `from_numpy` of a strided
array) is then windowed as it lies, whether or not the window is a strided window of the
base's C order (`b.t().view(-1)`).
"""

from __future__ import annotations

import weakref

import numpy as np
from numpy.lib.stride_tricks import as_strided as _numpy_as_strided

from .._dispatch import (
    _record,
    apply,
    check_result_cast,
    check_view_write,
    integers_recorded,
    saved_as_written,
)
from .._grad_mode import enable_grad, is_grad_enabled
from .._inference import inherit
from .._overlap import (
    OVERLAPPING_WRITE,
    overlaps_itself,
    refuses_overlap,
    where_changed,
    writable,
)
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from ..autograd import node as _node
from . import _empty_views as empty
from . import _xp as xp
from ._registry import OPS, allow_complex, declare, public
from ._registry import needs_grad as _needs
from .shape import _as_view, _shape_arg, _view_apply


# ---------------------------------------------------------------------- as_strided
def _storage(t: Tensor) -> np.ndarray:
    """The array owning t's memory, as ember sees it: the base tensor's data."""
    base = t._extra.get("base") if t._extra else None
    return (base if base is not None else t)._data


def _element_offset(array: np.ndarray, storage: np.ndarray) -> int:
    start = storage.__array_interface__["data"][0]
    return (array.__array_interface__["data"][0] - start) // storage.itemsize


def strided_window(flat: np.ndarray, offset: int, size: tuple, stride: tuple) -> np.ndarray:
    """A view of the 1-d array `flat` with torch's (size, stride, storage offset) geometry."""
    item = flat.itemsize
    if not all(size):  # (its start may lie outside flat, where a slice of flat cannot)
        return empty.window(flat, size, tuple(s * item for s in stride), offset * item)
    return _numpy_as_strided(flat[offset:], size, tuple(s * item for s in stride))


def memory_layout(array: np.ndarray) -> tuple | None:
    """array's strides in elements, which place its elements in its memory; None for C
    order."""
    if array.flags.c_contiguous:
        return None
    strides = tuple(s // array.itemsize for s in array.strides)
    extent = 1  # (each dim, by stride, must step over the ones inside it: no overlap)
    for s, n in sorted((s, n) for s, n in zip(strides, array.shape) if n > 1):
        if s < extent:  # (negative strides too; no op of ember makes such a tensor)
            raise NotImplementedError(
                "ember windows the memory of a tensor only when its elements lie apart, with "
                "positive strides (not an expanded tensor); call .contiguous() first")
        extent += s * (n - 1)
    return strides


def in_memory(array: np.ndarray, layout: tuple | None, copy: bool = False) -> np.ndarray:
    """The 1-d memory of a tensor with array's elements and strides `layout`: a view of
    array's own memory where array has those strides (unless copy), else a new array
    (zeros between the elements)."""
    if layout is None:
        return (np.array(array, order="C") if copy else np.ascontiguousarray(array)).reshape(-1)
    item = array.itemsize
    span = 1 + sum((n - 1) * s for n, s in zip(array.shape, layout)) if array.size else 0
    if not copy and array.strides == tuple(s * item for s in layout):
        return _numpy_as_strided(array, (span,), (item,))
    memory = np.zeros(span, array.dtype)
    strided_window(memory, 0, array.shape, layout)[...] = array
    return memory


def laid_out(memory: np.ndarray, shape: tuple, layout: tuple | None) -> np.ndarray:
    """The inverse of in_memory: the tensor of `shape` that 1-d memory holds."""
    if layout is None:
        return memory.reshape(shape)
    return strided_window(memory, 0, shape, layout)


def _positions(shape: tuple, layout, offset: int, size: tuple, stride: tuple) -> np.ndarray:
    """The flat index, in C order, into a tensor of `shape` laid out as `layout`, of each
    element of the window (size, stride, offset) of its memory."""
    indices = np.arange(int(np.prod(shape)), dtype=np.int64).reshape(shape)
    return strided_window(in_memory(indices, layout), offset, size, stride).copy()


@declare("as_strided", grad_fn="AsStridedBackward0", view=True,
         formula="gradient scatter-added back to the positions the window reads")
def _as_strided(x, size, stride, offset, layout, input_shape):
    if not all(size):  # (no elements: where x's own start is, whatever x's layout)
        return empty.window(x, size, tuple(s * x.itemsize for s in stride), offset * x.itemsize)
    # The window is over the memory of x laid out as `layout`: an x laid out so (a
    # contiguous x, the base of a view) gives a true view.
    window = strided_window(in_memory(x, layout), offset, size, stride)
    if overlaps_itself(window):  # read-only as an expand: writes ask ember._overlap first
        window.flags.writeable = False
    return window


@_as_strided.backward
def _(ctx, g):
    size, stride, offset, layout, input_shape = ctx.params
    numel = int(np.prod(input_shape))
    positions = (_positions(input_shape, layout, offset, size, stride),)
    flat = xp.op("index_backward", (g,), positions, (numel,))
    if xp.is_tensor(flat):
        # torch's as_strided_backward ends with an as_strided of the storage it wrote the
        # gradient into: AsStridedBackward0 under create_graph
        strides = tuple(int(np.prod(input_shape[d + 1:])) for d in range(len(input_shape)))
        return (apply(OPS["as_strided"], (flat,),
                      (tuple(input_shape), strides, 0, None, (numel,))),)
    return (xp.reshape(flat, input_shape),)


_as_strided.tangent(_fw.linear)


@public()
def as_strided(input: Tensor, size, stride, storage_offset: int | None = None) -> Tensor:
    """A view with the given sizes and strides (in elements) over input's memory.

    The storage offset counts, as in torch, from the start of the memory input shares with
    its aliases. ember differentiates windows over the memory of input's own elements, in
    C order or another (a transposed input), without gaps between them; a tensor that
    requires no grad may be windowed anywhere in its memory.
    """
    size = _shape_arg((size,), "as_strided", "size")
    stride = _shape_arg((stride,), "as_strided", "stride")
    data = input._data
    # (the array NumPy says owns data's memory: for a view, its base's; for a detached view
    # or `.data`, the memory it shares with the tensor it came from)
    memory = _root_memory(data)
    own_offset = _element_offset(data, _storage(input) if memory is None else memory)
    offset = own_offset if storage_offset is None else int(storage_offset)
    if offset < 0:
        raise RuntimeError(f"Tensor: invalid storage offset {offset}")
    # (a window without elements reads nothing: any memory will do, and torch checks no
    # bounds for it)
    needed = offset + 1 + sum((n - 1) * s for n, s in zip(size, stride)) if all(size) else 0
    storage_size = _storage(input).size if memory is None else memory.size
    if needed > storage_size:
        raise RuntimeError(
            f"setStorage: sizes {list(size)}, strides {list(stride)}, storage offset {offset}, "
            f"and itemsize {data.itemsize} requiring a storage size of {needed * data.itemsize}"
            f" are out of bounds for storage of size {storage_size * data.itemsize}")
    layout, own_window = None, True
    if needed:
        layout = _window_layout(data)  # None also where input's elements are not windowable
        own_window = layout is not False and own_offset <= offset and \
            needed <= own_offset + data.size
    if own_window:
        params = (size, stride, offset - own_offset, layout, data.shape)
        return _view_apply("as_strided", input, params)
    if memory is None or input.requires_grad:
        if layout is False:
            memory_layout(data)  # (its own error for an expanded tensor)
            raise NotImplementedError("as_strided() of a tensor with gaps between its elements "
                                      "is not supported by ember; call .contiguous() first")
        raise NotImplementedError(
            "as_strided() of a tensor that requires grad, reading memory outside its own "
            "elements, is not supported by ember")
    # a window of the whole memory, read through an alias of it (nothing to differentiate)
    alias = Tensor(memory, False, None, input._version_counter)
    inherit(alias, input)
    out = apply(OPS["as_strided"], (alias,), (size, stride, offset, None, memory.shape))
    return _as_view(out, input)


def _window_layout(data: np.ndarray):
    """memory_layout(data) where as_strided's op can window data's own elements; False
    where it cannot (gaps between them, or an expanded tensor)."""
    try:
        layout = memory_layout(data)
    except NotImplementedError:
        return False
    if layout is not None and 1 + sum((n - 1) * s for n, s in zip(data.shape, layout)) > data.size:
        return False
    return layout


def _root_memory(data: np.ndarray) -> np.ndarray | None:
    """The whole memory `data` lies in (torch's storage) as a 1-d array of its dtype: the
    array at the end of NumPy's chain of bases (past the DummyArray of NumPy's as_strided).
    None where that is no array of data's dtype whose elements fill its memory in some order
    (C, Fortran or permuted, as a clone of a permuted tensor)."""
    root, base = data, data.base
    while base is not None:
        if isinstance(base, np.ndarray):
            root = base
        base = getattr(base, "base", None)
    if root.dtype != data.dtype:
        return None
    if not (root.flags.c_contiguous or root.flags.f_contiguous):
        step = root.itemsize  # (each dim, by stride, must step over exactly the ones inside it)
        for s, n in sorted((s, n) for s, n in zip(root.strides, root.shape) if n > 1):
            if s != step:
                return None
            step *= n
    return _numpy_as_strided(root, (root.size,), (root.itemsize,))


# ---------------------------------------------------------------------- in-place through views
# torch's CopySlices holds the write's node (fn, below), which backward releases as it
# releases saved tensors: the node counts as keeping something (saves_params), so a second
# backward through it raises torch's error, whatever fn saved.
@declare("copy_slices_strided", grad_fn="CopySlices", broadcasts=True, saves_params={0: (0, 1)},
         formula="d/dbase: gradient with the view's positions zeroed; d/dvalue: the view's "
                 "part of the gradient")
def _copy_slices_strided(base, value, size, stride, offset, layout, value_shape):
    memory = in_memory(base, layout, copy=True)
    strided_window(memory, offset, size, stride)[...] = value
    return laid_out(memory, base.shape, layout)  # (laid out as the base, as torch's)


@_copy_slices_strided.backward
def _copy_slices_strided_backward(ctx, g):
    if ctx._saved is _node.FREED:
        raise RuntimeError(_node._SECOND_BACKWARD)
    size, stride, offset, layout, value_shape, *written_by = ctx.params
    if _needs(ctx, 0) and all(size) and any(s == 0 and n > 1 for s, n in zip(stride, size)):
        # (fill_ into an expanded view is recorded; the base's gradient would have to be
        # written back through the repeated elements, which torch refuses at backward time;
        # a view without elements repeats none, whatever its strides, and a base that does
        # not require grad gets nothing written: the operands' gradients are read only)
        raise RuntimeError(OVERLAPPING_WRITE)
    if written_by:
        return _through_the_write(ctx, g, written_by[0])
    grad_base = grad_value = None
    if _needs(ctx, 0):
        grad_base = xp.op("copy_slices_strided", (g, 0), size, stride, offset, layout, None)
    if _needs(ctx, 1):  # the value has the view's shape: its gradient is the window
        grad_value = xp.op("as_strided", (g,), size, stride, offset, layout, tuple(g.shape))
    return grad_base, grad_value


_copy_slices_strided.tangent(_fw.linear)
# Not wrapped in checking_saved (saves_params): the node's saved values are the write's
# node's, whose own formula checks their versions and names itself in torch's message
# ("output 0 of Tanh"); the second backward is refused here and in _through_the_write.
_copy_slices_strided.backward_fn = _copy_slices_strided_backward


# torch's CopySlices holds the in-place op's node (fn) instead of an edge to it: its edges
# are the base's and fn's others, and its backward runs fn on the view's part of the
# gradient and writes fn's gradient for the view's old value back into that part, so the
# base's old node gets one gradient, itself a CopySlices under create_graph. `route_write`
# rebuilds ember's node so, and this formula is its backward.
def _through_the_write(ctx, g, fn_node):
    size, stride, offset, layout = ctx.params[:4]
    if ctx._saved is _node.FREED:
        raise RuntimeError(_node._SECOND_BACKWARD)
    if xp.is_tensor(g):
        window = xp.op("as_strided", (g,), size, stride, offset, layout, tuple(g.shape)).clone()
    else:
        window = np.ascontiguousarray(strided_window(in_memory(g, layout), offset, size,
                                                     stride))
    grads = _run_formula(fn_node, window)
    old_view = grads[0] if grads else None
    if old_view is not None and tuple(old_view.shape) != tuple(size):
        old_view = xp.sum_to(old_view, tuple(size))
    grad_base = None
    if _needs(ctx, 0):
        grad_base = xp.op("copy_slices_strided", (g, 0 if old_view is None else old_view),
                          size, stride, offset, layout, None)
    return (grad_base, *grads[1:])


def _run_formula(node, grad) -> tuple:
    """A node's backward formula on one gradient, as the engine would run it."""
    if xp.is_tensor(grad):
        return tuple(node.op.backward_fn(node, grad) if node._plain_backward
                     else node._run_backward([grad]))
    if node._plain_backward and node.op.formula_takes_arrays and not node._hooks:
        return tuple(node.op.backward_fn(node, grad))
    from ..autograd.engine import _on_tensors

    return tuple(_on_tensors(node, [grad], False))


def route_write(new_base: Tensor, fn_node, view_node, view_nr: int, view_meta: tuple) -> None:
    """Make new_base's CopySlices node hold `fn_node` (the in-place op's node) as torch's
    does, when fn's first input is the view's old value (its edge: view_node, view_nr);
    composite writes, whose last node reads something else first, keep the plain node."""
    node = new_base._grad_fn
    if (fn_node is None or node is None or type(fn_node) is _node.AccumulateGrad
            or getattr(fn_node, "op", None) is None or not fn_node._next_nodes
            or fn_node._next_nodes[0] is not view_node
            or (view_node is not None and fn_node._next_nrs[0] != view_nr)):
        return
    fn_meta = fn_node.input_meta
    others = tuple(fn_meta[1:] if fn_meta is not None else
                   (view_meta,) * (len(fn_node._next_nodes) - 1))
    base_meta = (node.input_meta[0] if node.input_meta is not None else
                 (new_base._data.shape, new_base._data.dtype))
    node._next_nodes = node._next_nodes[:1] + fn_node._next_nodes[1:]
    node._next_nrs = node._next_nrs[:1] + tuple(fn_node._next_nrs[1:])
    node.input_meta = (base_meta,) + others
    node.params = node.params[:5] + (fn_node,)
    # fn's saved values count as this node's: a backward that does not retain the graph
    # frees them here, and a second one raises, as torch's (fn keeps them for a graph of
    # the gradient, where its saved result is fn's output). A node that saved nothing
    # leaves the CopySlices node's own mark (ParamsKept): torch releases fn all the same.
    if _node.holds_tensors(fn_node._saved) or not _node.holds_tensors(node._saved):
        node._saved, node._versions = fn_node._saved, fn_node._versions


def _saved_view_node(node, view: Tensor) -> None:
    """The in-place op's saved output (the view it wrote) unpacks with the view's grad_fn
    from after the write while that node lives, as torch's (autograd/node.SavedOutput)."""
    for entry in node._saved:
        if type(entry) is _node.SavedOutput and entry.version is view._version_counter:
            entry.view_node = weakref.ref(view._grad_fn)


_VIEW_OF_LEAF = ("a view of a leaf Variable that requires grad is being used in an in-place "
                 "operation.")


def window_of_base(view: Tensor, storage: np.ndarray) -> tuple:
    """The view's window over its base's memory: (size, stride, offset, layout)."""
    data = view._data
    item = storage.itemsize
    return (data.shape, tuple(s // item for s in data.strides),
            _element_offset(data, storage), memory_layout(storage))


def _recorded(op, inputs: tuple, params: tuple) -> Tensor:
    """apply(op, ...), recorded also when the result is an integer tensor: torch records
    writes into integer tensors that an operand requiring grad reached (`int_view.lt_(w)`,
    `int_view.fill_(w)`: CopySlices), which the dispatcher does not for integer results."""
    integers_recorded[0] += 1  # (where torch refuses new integer results)
    try:
        out = apply(op, inputs, params)
    finally:
        integers_recorded[0] -= 1
    if out._grad_fn is None and is_grad_enabled() and any(x._requires_grad for x in inputs):
        out = _record(op, inputs, params, out._data, out._version_counter)
    return out


def regrow_from_base(view: Tensor) -> None:
    """Give a view whose memory was written in place since its path was made (or whose
    shape or strides changed in place under no_grad: `transpose_`, `t_`...) a gradient path
    from its base with its geometry now (AsStridedBackward0), as torch does; its old path
    would send a gradient of the old values or layout. A view with a path over a base
    that does not require grad (a view of a view made a leaf, `a.reshape(()).
    requires_grad_()[None]`) gets one too, without an edge, as torch makes it."""
    base = view._extra["base"]
    if not base._requires_grad and view._grad_fn is None:
        return
    params = (*window_of_base(view, base._data), base._data.shape)
    if base._requires_grad:
        with enable_grad():
            window = _recorded(OPS["as_strided"], (base,), params)
    else:
        data = apply(OPS["as_strided"], (base,), params)._data
        window = _record(OPS["as_strided"], (base,), params, data, view._version_counter)
    old_node = view._grad_fn
    view.grad_fn, view._requires_grad, view._output_nr = window.grad_fn, True, 0
    view._extra["grad_version"] = view._version_counter[0]
    _node.follow_retained(view, old_node)  # (its retain_grad moves to the new path)


_node.regrow_view = regrow_from_base


def check_view_writable(view: Tensor) -> None:
    """torch's refusal to record an in-place write into a view made under no_grad, one of
    the views a function returned together (split, chunk, unbind), or a view of those."""
    if view._extra:
        check_view_write(view, ())


def inplace_on_view(function, view: Tensor, args: tuple, kwargs: dict) -> Tensor:
    """`view.fn_(*args)` recorded as torch does for a view (`view._base` is set).

    The new values of the view are computed from a snapshot of it, written into the shared
    memory, and the base is given a CopySlices node: the base's old gradient path outside
    the view, the in-place op's path inside it. The view then reads from the new base
    (AsStridedBackward0). Other views of the same base made before the write get the same
    when next used (autograd/node.refresh_if_stale), as torch regenerates theirs.
    """
    base = view._extra["base"]
    # (a view made a leaf by requires_grad_(), x.reshape(2, 2).requires_grad_(), counts too,
    # and so does a view of it, whose base is the leaf that does not require grad: torch asks
    # whether the view requires grad and its base is a leaf)
    if (base._requires_grad and base.grad_fn is None) or (
            view._requires_grad and (view.grad_fn is None or base.grad_fn is None)):
        raise RuntimeError(_VIEW_OF_LEAF)
    check_view_writable(view)
    storage = base._data
    data = view._data
    rule = getattr(function, "overlapping_write", None)
    if overlaps_itself(data) and refuses_overlap(rule, args):
        raise RuntimeError(OVERLAPPING_WRITE)
    window = window_of_base(view, storage)

    view_node = view.grad_fn  # (made anew first where the view is stale, as torch's)
    before_view = Tensor(data.copy(), view._requires_grad, view_node)
    before_view._output_nr = view._output_nr
    if _fw.state.active:
        _fw.copy_tangent(view, before_view)
    result = function(before_view, *args, **kwargs)
    node = result._grad_fn
    if node is not None and getattr(node.op, "inplace_node_class", None) is not None:
        node.__class__ = node.op.inplace_node_class  # (as _dispatch.call_inplace names it)
    if result._data.shape != data.shape:
        raise RuntimeError(f"output with shape {list(data.shape)} doesn't match the broadcast "
                           f"shape {list(result._data.shape)}")
    if result._data.dtype != data.dtype:
        check_result_cast(result._data.dtype, data.dtype)
    before_base = Tensor(storage.copy(), base._requires_grad, base.grad_fn)
    before_base._output_nr = base._output_nr
    new_base = _recorded(OPS["copy_slices_strided"], (before_base, result),
                         (*window, data.shape))
    # (e[0] of an expanded e; fill_/zero_ into an expanded e: allowed, as torch)
    target = writable(data, rule)
    with np.errstate(over="ignore", invalid="ignore"):  # (1e30 into float16 is inf, quietly)
        np.copyto(target, result._data, casting="unsafe",
                  where=where_changed(target, result._data))
    view._version_counter[0] += 1
    if result._grad_fn is not None and result._grad_fn._saved:
        saved_as_written(result._grad_fn, result, view)
    route_write(new_base, result._grad_fn, before_view._grad_fn if before_view._requires_grad
                else None, before_view._output_nr, (data.shape, data.dtype))
    if _fw.state.active:
        _fw.after_inplace(view, result)
    if new_base.grad_fn is not None:
        old_base_node, old_view_node = base._grad_fn, view._grad_fn
        base.grad_fn, base._requires_grad, base._output_nr = new_base.grad_fn, True, 0
        read = _recorded(OPS["as_strided"], (new_base,), (*window, storage.shape))
        view.grad_fn, view._requires_grad, view._output_nr = read.grad_fn, True, 0
        if result._grad_fn is not None and result._grad_fn._saved:
            _saved_view_node(result._grad_fn, view)
        _node.follow_retained(base, old_base_node)
        _node.follow_retained(view, old_view_node)
        view._extra["grad_version"] = view._version_counter[0]
    return view

# Linear in the tensors with real coefficients: forward and backward hold for complex values
# (checked against torch: tests/samples/complex_shape.py).
allow_complex("as_strided", "copy_slices_strided")
