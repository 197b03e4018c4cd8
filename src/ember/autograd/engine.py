"""The backward engine: an iterative walk of the graph, consumers before producers.

1. Discover the graph from the roots with an explicit stack, counting for every node how
   many edges point at it (its consumers). No recursion: a chain of a million ops is fine.
2. When only some tensors' gradients are wanted (`autograd.grad`, `backward(inputs=...)`),
   keep only the nodes from which one of them can be reached.
3. Run nodes from a ready queue ordered by creation, newest first; a node becomes ready
   once all of its consumers have sent their gradient. Each node's gradient buffer is
   popped when it runs, its saved tensors are released unless `retain_graph`, and the
   gradients it returns are reduced to each input's shape and dtype (the one place where
   broadcasting is undone) before they are added into the next buffers.

A gradient that never arrives stays None (a symbolic zero): nothing is allocated for it.

When no graph of the backward pass is wanted (create_graph=False, no anomaly mode, no
tracers), gradients travel as NumPy arrays and the op table's formulas run on arrays (see
ops/_xp.py); Tensors appear only where user code sees gradients (hooks, custom Functions,
`.grad`, the results of autograd.grad) and for formulas not yet written for arrays.
"""

from __future__ import annotations

import gc
import heapq
import itertools
import sys
import threading
from sys import getrefcount
from weakref import getweakrefcount

import numpy as np

from .._dtype import from_numpy_dtype
from .._fp_errors import quiet, restore
from .._grad_mode import state as grad_state
from .._tensor import Tensor
from .._transposed_copy import c_order_copy
from ..ops import _xp
from ..ops._sum_order import sum_to
from ..ops._symbolic_zero import KEEPING, SymbolicZeros, added, arriving, is_symbolic, materialized
from . import anomaly
from .grad_layout import dense_order, empty_for_leaf, obeying_contract
from .graph import run_grads_hooks, run_tensor_hooks
from .node import (
    FREED,
    AccumulateGrad,
    SavedOutput,
    accumulator_of,
    formula_on_arrays,
    holds_tensors,
    pruning,
    pruning_lock,
    pruning_passes,
    refresh_if_stale,
)

__all__ = ["run_backward", "target_edge", "tracers"]

# Observers of backward passes (ember.viz records them to show backpropagation step by
# step). Each has on_node(node, grads_out, grads_sent) — grads_sent holds, per input edge,
# the gradient after reduction to the input's shape (None where nothing was sent) — and
# on_leaf(accumulate_node, grad, grad_before, grad_after). Empty: no cost but a check.
tracers: list = []

# Whether backward formulas may run on NumPy arrays (see the module docstring). Tests switch
# it off to run every formula on Tensors as well.
use_array_formulas = True


class _PassState(threading.local):
    # Whether the innermost running backward pass computes only some gradients (grad(),
    # backward(inputs=...)): the reentrant checkpoint cannot work inside such a pass.
    partial = False
    # (number, root nodes, dependencies, needed) of the innermost running pass, for hooks
    # that gather the gradients of several tensors in one pass (will_execute;
    # graph.register_multi_grad_hook); a tuple, so that a pass pays for no closure
    current: tuple | None = None


pass_state = _PassState()
_pass_numbers = itertools.count(1)


def will_execute(node) -> bool:
    """Whether the innermost running backward pass will run `node`."""
    _, roots, dependencies, needed = pass_state.current
    return (node in roots or node in dependencies) and (needed is None or node in needed)


def target_edge(t: Tensor) -> tuple:
    """The (node, output_nr) at which the gradient w.r.t. `t` arrives."""
    if t._extra is not None:
        refresh_if_stale(t)
    if t.grad_fn is None:
        return (accumulator_of(t), 0)
    return (t.grad_fn, t._output_nr)


def _discover(root_nodes: list, want_consumers: bool) -> tuple[dict, dict]:
    """Count the consumers of every node reachable from the roots (and, when pruning will
    need them, list them)."""
    if not want_consumers:
        return _count_consumers(root_nodes), {}
    consumers: dict = {}
    dependencies: dict = {}
    roots = set(root_nodes)
    stack = list(root_nodes)
    while stack:
        node = stack.pop()
        for child in node._next_nodes:
            if child is None:
                continue
            if child in dependencies:
                dependencies[child] += 1
            else:  # the first edge to it: explore it (the roots are explored already)
                dependencies[child] = 1
                if child not in roots:
                    stack.append(child)
            consumers.setdefault(child, []).append(node)
    return dependencies, consumers


def _count_consumers(root_nodes: list) -> dict:
    """_discover's counts alone: the loop every backward pass runs once per node."""
    dependencies: dict = {}
    stack = list(root_nodes)
    pop, push = stack.pop, stack.append
    # A root reached from another root was explored already (one root: never).
    roots = set(root_nodes) if len(root_nodes) > 1 else ()
    while stack:
        for child in pop()._next_nodes:
            if child is None:
                continue
            if child in dependencies:
                dependencies[child] += 1
            else:  # the first edge to it: explore it
                dependencies[child] = 1
                if child not in roots:
                    push(child)
    return dependencies


def _needed_nodes(targets: set, consumers: dict) -> set:
    """Nodes from which some target can be reached (the only ones worth running)."""
    needed = set(targets)
    stack = list(targets)
    while stack:
        for parent in consumers.get(stack.pop(), ()):
            if parent not in needed:
                needed.add(parent)
                stack.append(parent)
    return needed


class _GradSink:
    """Where finished gradients go: leaves' `.grad`, retained grads, or captured results."""

    def __init__(self, create_graph: bool, root_arrays: set) -> None:
        self.create_graph = create_graph
        # Arrays that someone else may still hold: never store them in `.grad` without a
        # copy, or a later in-place accumulation would write into them.
        self.handed_out = root_arrays

    def accumulate(self, tensor: Tensor, grad) -> None:
        """Add `grad` (a Tensor, or an array in array mode) into `tensor.grad` as torch does:
        in place unless building a graph."""
        old = tensor._grad
        if tensor._grad_fn is not None and (old is not None or self.create_graph):
            self._retain(tensor, old, grad)
            return
        if self.create_graph:
            # torch copies the first gradient into a fresh tensor laid out as the leaf's
            # gradient (CopyBackwards; CloneBackward0 into C order for a leaf with gaps)
            if old is None:
                leaf = tensor._data
                if leaf.flags.c_contiguous:
                    tensor.grad = Tensor(np.zeros_like(grad._data, order="C")).copy_(grad)
                elif dense_order(leaf) is None:
                    tensor.grad = _xp.op("clone", (grad,), "C")
                else:
                    tensor.grad = Tensor(empty_for_leaf(leaf, grad._data.dtype)).copy_(grad)
            else:
                tensor.grad = old + grad
            return
        data = grad._data if isinstance(grad, Tensor) else np.asarray(materialized(grad))
        if old is None:
            flags = data.flags  # (a new object at each read: read once)
            must_copy = id(data) in self.handed_out or not flags.owndata or not flags.writeable
            if tensor._data.flags.c_contiguous:
                if must_copy or not flags.c_contiguous:
                    # (nn.Linear's weight gradient is a transpose; a gradient from LAPACK
                    # is column-major: torch gives `.grad` a C-ordered leaf's strides)
                    data = c_order_copy(data)
            else:  # (torch's layout contract: a transposed leaf's strides, say)
                data = obeying_contract(data, tensor._data, must_copy)
            self.handed_out.add(id(data))
            tensor.grad = Tensor(data)
        elif old._requires_grad or not old._data.flags.writeable or old._data.shape != data.shape:
            tensor.grad = Tensor(np.asarray(old._data + data, dtype=old._data.dtype))
        else:
            old._data += data
            old._version_counter[0] += 1

    def _retain(self, tensor: Tensor, old, grad) -> None:
        """A retained (non-leaf) grad is never written in place, as torch's retain_grad: the
        first is a clone (CloneBackward0 when building a graph; without a graph, the
        unshared array that accumulate stores is as good), later ones `old + grad`, a new
        tensor each time (a `.grad` read earlier keeps its values)."""
        if self.create_graph:
            tensor.grad = grad.clone() if old is None else old + grad
            return
        data = grad._data if isinstance(grad, Tensor) else np.asarray(materialized(grad))
        # (np.asarray: two 0-d arrays add up to a NumPy scalar, which Tensor() would turn
        # into the default dtype)
        tensor.grad = Tensor(np.asarray(old._data + data, dtype=old._data.dtype))


def _before_node(node, grads: list, sink: _GradSink) -> list:
    """Hooks registered on the node's output tensors, then retain_grad, as in torch: both see
    the gradient before the node's own pre-hooks (which run only if the node runs)."""
    hooks = node._hooks
    for nr, table in hooks.get("tensor", {}).items():
        if table and grads[nr] is not None:
            grads[nr] = run_tensor_hooks(table, grads[nr])
    for nr, ref in hooks.get("retain", {}).items():
        tensor = ref()
        if tensor is not None and grads[nr] is not None:
            sink.accumulate(tensor, grads[nr])
    return grads


def _hooked_arrays(node, grads: list, sink: _GradSink) -> list:
    """_before_node on array gradients: the hooks see Tensors; a symbolic zero that they
    leave as it is stays symbolic (torch's hooks and retain_grad see the ZeroTensor, which
    then goes on as it is)."""
    tensors = _as_tensors(grads)
    after = _before_node(node, list(tensors), sink)
    return [g if is_symbolic(g) and t is a else None if a is None else a._data
            for g, t, a in zip(grads, tensors, after)]


def _zeros_on_arrays(node, grads: list) -> bool:
    """Whether a node with output hooks (no pre- or post-hooks of its own) whose gradients
    are all symbolic zeros can run its formula on arrays, so that they stay symbolic."""
    hooks = node._hooks
    return (node._plain_backward and node.op is not None and node.op.formula_takes_arrays
            and node.op.name in KEEPING and not hooks.get("pre") and not hooks.get("post")
            and all(is_symbolic(g) for g in grads))


def _leaf_hooks(node: AccumulateGrad, grad, arrays: bool):
    """Hooks registered on a leaf tensor (they run even when autograd.grad captures it)."""
    extra = node.variable._extra
    if extra and extra.get("hooks"):
        if arrays:
            return run_tensor_hooks(extra["hooks"], _tensor_of(grad))._data
        grad = run_tensor_hooks(extra["hooks"], grad)
    return grad


def _accumulate_leaf(node: AccumulateGrad, grad: Tensor, sink: _GradSink) -> None:
    """The AccumulateGrad node runs: pre-hooks, accumulation, post-accumulate-grad hooks of
    the leaf, then the node's post-hooks (which see no grad_inputs), in torch's order."""
    leaf = node.variable
    hooks = node._hooks
    if hooks and hooks.get("pre"):
        grad = run_grads_hooks(hooks["pre"].values(), (grad,))[0]
        if grad is None:
            return
    sink.accumulate(leaf, grad)
    extra = leaf._extra
    if extra and extra.get("post_accumulate_hooks"):
        for hook in list(extra["post_accumulate_hooks"].values()):
            hook(leaf)
    if hooks and hooks.get("post"):
        run_grads_hooks(hooks["post"].values(), (), (grad,))


def _call_watched(node, grads: list, anomalous: bool) -> tuple:
    """A node's backward with its pre- and post-hooks and/or anomaly checks (the engine's
    loop calls the backward directly when there are none). Returns (grads_in, grads)."""
    hooks = node._hooks
    if hooks and hooks.get("pre"):
        grads = list(run_grads_hooks(hooks["pre"].values(), tuple(grads)))
        if all(g is None for g in grads) and not node.called_without_grads:
            return None, grads  # the pre-hooks removed every gradient: nothing to run
    if anomalous:
        anomaly.state.parent = node  # nodes created by this backward point back here
    if node._plain_backward:
        grads_in = node.op.backward_fn(node, grads[0])
    else:
        grads_in = node._run_backward(grads)
    if anomalous:
        anomaly.check_gradients(node, grads_in, grads)
    if hooks and hooks.get("post"):
        grads_in = run_grads_hooks(hooks["post"].values(), tuple(grads_in), tuple(grads))
    return grads_in, grads


def _tensor_of(grad) -> Tensor:
    """A gradient array as a Tensor (NumPy returns 0-d results as scalars: keep the dtype;
    symbolic zeros become plain zeros, as everywhere a gradient leaves the pass)."""
    return Tensor(grad if type(grad) is np.ndarray else np.asarray(materialized(grad)))


def _as_tensors(grads) -> list:
    return [None if g is None else _tensor_of(g) for g in grads]


def _as_arrays(grads) -> list:
    return [None if g is None else g._data for g in grads]


def _on_tensors(node, grads: list, anomalous: bool) -> list:
    """Array mode meets a node that needs Tensors (hooks, a custom Function, a formula not
    written for arrays): its gradients are wrapped for it, and its results unwrapped. A
    JointNode without hooks takes the arrays themselves."""
    if node.runs_on_arrays and not node._hooks and not anomalous:
        if SymbolicZeros in map(type, grads):  # (torch's cat/stack of them: zeros)
            grads = [materialized(g) for g in grads]
        return node._run_backward(grads)
    grad_state.formula_arrays = False
    try:
        if node._hooks or anomalous:
            grads_in = _call_watched(node, _as_tensors(grads), anomalous)[0]
        elif node._plain_backward:
            grads_in = node.op.backward_fn(node, _tensor_of(grads[0]))
        else:
            grads_in = node._run_backward(_as_tensors(grads))
    finally:
        grad_state.formula_arrays = True
    return None if grads_in is None else [
        None if g is None else g._data if isinstance(g, Tensor) else g for g in grads_in]


def _array_like(grad, dtype: np.dtype) -> np.ndarray:
    """A formula's result on arrays as an ndarray of `dtype`, its output gradient's: NumPy
    returns scalars for 0-d results, and its promotion of 0-d operands (and NumPy 1's of
    scalars) can widen a dtype that torch keeps. Symbolic zeros (ops/_symbolic_zero.py) stay
    symbolic unless cast (torch's cast of a ZeroTensor gives zeros)."""
    if type(grad) is not np.ndarray and type(grad) is not SymbolicZeros:
        grad = np.asarray(grad)
    if grad.dtype is not dtype and grad.dtype != dtype:
        grad = grad.astype(dtype)
    return grad


def _sum_to_shape(grad: np.ndarray, shape: tuple) -> np.ndarray:
    """Undo broadcasting on an array: sum the leading dims and those that were 1, in
    torch's order of additions (torch's sum_to: a bias gradient is torch's bits)."""
    return sum_to(grad, shape)


def _reduce_array_to_input(grad: np.ndarray, meta) -> np.ndarray:
    shape, dt = meta
    if type(grad) is not np.ndarray and type(grad) is not SymbolicZeros:
        grad = np.asarray(grad)
    if grad.shape != shape:
        grad = _sum_to_shape(grad, shape)
    if grad.dtype != dt:
        if dt.kind not in "fc":
            raise RuntimeError(_not_differentiable(dt))
        if grad.dtype.kind == "c" and dt.kind == "f":
            grad = grad.real  # a real input of a complex result: torch keeps the real part
        grad = grad.astype(dt)
    return grad


def _reduce_to_input(grad: Tensor, meta) -> Tensor:
    """Undo broadcasting and promotion: the gradient takes the input's shape and dtype."""
    shape, dt = meta
    if grad._data.shape != shape:
        grad = grad.sum_to_size(shape)
    if grad._data.dtype != dt:
        if dt.kind not in "fc":
            raise RuntimeError(_not_differentiable(dt))
        if grad._data.dtype.kind == "c" and dt.kind == "f":
            grad = grad.real  # (as above: differentiable, for a graph of the backward)
        grad = grad.to(from_numpy_dtype(dt))
    return grad


def _not_differentiable(dt: np.dtype) -> str:
    """A gradient on its way to an integer or bool input, which came to require grad by an
    in-place write (i[0] = w) and was then used by an op that takes mixed dtypes (stack,
    cat): torch's engine stops there on an internal assertion, ember with its words."""
    return (f"a gradient reached an input of dtype {from_numpy_dtype(dt)}, which autograd "
            f"does not differentiate (torch: isDifferentiableType(grad.scalar_type()) "
            f"INTERNAL ASSERT FAILED)")


def _accumulated(old: np.ndarray, grad: np.ndarray, owned: set, results) -> np.ndarray:
    """old + grad for a buffer: written into `old` if this pass made it (an earlier sum that
    nobody else holds), else a new sum that the pass then owns. A node whose gradient
    arrives from many consumers (the pieces of a split, a weight used at every time step)
    then allocates one array instead of one per consumer. When `old` is not the pass's own
    but `grad` is seen by nobody else, the sum is written into `grad` instead. `results`:
    the sequence the formula returned (grad is one of its items, or was made from one)."""
    if is_symbolic(old):
        return old + grad  # (see ops/_symbolic_zero.added)
    if type(grad) is SymbolicZeros:
        grad = grad.view(np.ndarray)
    if id(old) in owned and old.shape == grad.shape and old.dtype == grad.dtype:
        np.add(old, grad, out=old)
        return old
    owned.discard(id(old))  # replaced: its id may be reused by an array nobody owns
    if (grad.size >= donate_from and type(grad) is np.ndarray and grad.base is None
            and getrefcount(grad) == 4 and getrefcount(results) == 3
            and old.shape == grad.shape and old.dtype == grad.dtype and grad.flags.writeable):
        # grad is held once by the formula's results, once by the loop's `grad`, by this
        # call and by getrefcount; the results by the loop's `grads_in`, this call and
        # getrefcount: nobody else can see grad, so the sum may be written into it.
        np.add(old, grad, out=grad)
        owned.add(id(grad))
        return grad
    total = old + grad
    if type(total) is np.ndarray:  # (0-d sums come back as NumPy scalars)
        owned.add(id(total))
    return total


def _counts_references_one_by_one() -> bool:
    """Whether getrefcount counts as donation assumes (_call_donating, _accumulated): CPython
    with a GIL, where an item of a list, a local name and a call's argument hold one
    reference each. An interpreter that borrows or defers references (free-threaded
    builds, maybe later versions) gets no donation rather than a wrong one."""
    if not getattr(sys, "_is_gil_enabled", lambda: True)():
        return False
    held = [np.empty(0)]
    value = held[0]
    if getrefcount(value) != 3:
        return False
    held[0] = None
    return getrefcount(value) == 2 and getrefcount(held) == 2


# Gradients of at least this many elements may be donated to their formula or to a sum
# (written into in place, see _call_donating); below it arrays sit in the cache and a new
# one costs less than the checks. Never, where reference counts do not tell.
donate_from = (1 << 15) if _counts_references_one_by_one() else sys.maxsize


def _call_donating(node, grads: list, free: bool):
    """node's formula on grads[0], donated to it (ops/_xp.py: `donated`, `times`) when
    nothing outside this pass can see the array: it owns its writable memory (so it is no
    view) and, once `grads` lets go of it, only `g` and getrefcount's argument hold it (so
    no user, saved value, retained grad, hook, other buffer or view does). Only
    `_run_all_on_arrays` calls this, after dropping its own stale references; `grads` is
    the node's buffer, which nothing reads after its formula. When the pass frees saved
    values (`free`: no retain_graph), the node's saved array may be given too (`_spare`)."""
    g = grads[0]
    if type(g) is np.ndarray and g.base is None and g.flags.writeable:
        grads[0] = None
        if getrefcount(g) == 2:
            _xp.donated = id(g)
    spare = _spare(node) if free and node.op.spends_saved else 0
    if spare:
        _xp.spare = spare
        try:
            return node.op.backward_fn(node, g)
        except BaseException:
            # The formula may have written into its saved value before failing: a second
            # run must not read it (torch would have freed it too).
            node._saved = FREED
            raise
        finally:
            _xp.donated = _xp.spare = 0
    try:
        return node.op.backward_fn(node, g)
    finally:
        _xp.donated = 0


def _spare(node) -> int:
    """The id of the node's one saved array if its formula may overwrite it (ops/_xp.py:
    `spare`), else 0. The pass frees the node's saved values right after its formula, so an
    array that nothing else can reach is dead once the formula has read it: sin's formula
    can compute cos(x) into x's memory instead of a new array. Nothing else may reach it:
    the saved entry (the input Tensor, or the SavedOutput of the node's own output) and
    the array are held only by the node's saved tuple (getrefcount: the tuple, the local
    name, getrefcount's argument), so no user, other node, view (a view holds its base),
    buffer or hook sees it; the array owns its writable memory, and is at the version it
    was saved at."""
    saved = node._saved
    if type(saved) is not tuple or len(saved) != 1 or node._versions is not None:
        return 0
    entry = saved[0]
    kind = type(entry)
    if kind is SavedOutput:
        if entry.version[0] != entry.expected:
            return 0
        data = entry.data
    elif kind is Tensor:
        if entry._version_counter[0] or entry._extra is not None or getweakrefcount(entry):
            return 0
        data = entry._data
    else:
        return 0
    if (type(data) is np.ndarray and data.size >= donate_from and data.base is None
            and data.flags.writeable and getrefcount(entry) == 3 and getrefcount(data) == 3):
        return id(data)
    return 0


def _run_all_on_arrays(ready: list, buffers: dict, dependencies: dict, sink: _GradSink,
                       retain_graph: bool) -> None:
    """The loop of run_backward for its most common case, `loss.backward()` with gradients
    as arrays (no targets, tracers, anomaly mode or create_graph): the same steps, with
    every check the general loop makes for those features left out."""
    pop, push = heapq.heappop, heapq.heappush
    tiebreak = itertools.count(len(ready))
    ndarray = np.ndarray
    large = donate_from
    # A node that became ready while the heap was empty runs next, and its gradient buffer
    # is handed straight to it (in a chain, no buffer ever enters the dict).
    follow = follow_grads = None
    # ids of the sums this loop made and still holds in a buffer: only those may be added
    # into in place (a gradient a formula returned may be shared, by the two inputs of an
    # add, say). A node's sums are its own once it runs.
    owned: set = set()
    on_arrays = formula_on_arrays
    free = not retain_graph
    while True:
        if follow is not None:
            node, grads, follow = follow, follow_grads, None
        elif ready:
            node = pop(ready)[2]
            grads = buffers.pop(node, None)
        else:
            return
        if owned and grads is not None:
            for grad in grads:
                owned.discard(id(grad))
        if type(node) is AccumulateGrad:
            if grads is not None and grads[0] is not None:
                grad = _leaf_hooks(node, grads[0], True)
                if node._hooks or node.variable._extra:
                    grad = _tensor_of(grad)  # hooks see Tensors
                _accumulate_leaf(node, grad, sink)
            continue
        # The usual node first, in as few lookups as can be: an op of the table (a custom
        # Function's node has no op) without hooks, its gradient an array. like: the dtype
        # of a plain node's output gradient.
        nexts = node._next_nodes
        if grads is not None and (grad := grads[0]) is not None and (
                op := node.op) is not None and not node._hooks and op.formula_takes_arrays:
            like = grad.dtype
            if type(grad) is not ndarray:  # (symbolic zeros: ops/_symbolic_zero.py)
                grads[0] = grad = arriving(grad, op)
            if grad.size < large:
                on_arrays[0] = node  # (Node.saved: arrays, without a thread-local read)
                grads_in = op.backward_fn(node, grad)
                on_arrays[0] = None
            else:
                # (this and the previous node's locals may hold the gradient)
                grad = old = grads_in = None
                grads_in = _call_donating(node, grads, free)
        else:
            if grads is None and node.called_without_grads:
                grads = [None] * node.num_outputs
            grads_in, like = _run_unusual(node, grads, sink) if grads is not None else (
                None, None)
            if grads_in is None:  # (no gradient arrived: the inputs get none either)
                _unpack_saved_unused(node)
                grads_in = (None,) * len(nexts)
        if free and node._saved and holds_tensors(node._saved):
            node._saved = FREED
        meta = node.input_meta
        for i, child in enumerate(nexts):
            if child is None:
                continue
            grad = grads_in[i]
            if grad is not None:
                if meta is not None and meta[i] is not None:
                    grad = _reduce_array_to_input(grad, meta[i])
                elif like is not None:
                    if type(grad) is not ndarray or grad.dtype is not like:
                        grad = _array_like(grad, like)
                elif type(grad) is not ndarray and type(grad) is not SymbolicZeros:
                    grad = np.asarray(grad)
            remaining = dependencies[child] - 1
            if remaining == 0 and follow is None and not ready:
                # (a chain: no other consumer left a buffer, nothing waits in the heap)
                buffer = buffers.pop(child, None) if buffers else None
                if grad is not None:
                    if buffer is None:
                        if child.num_outputs == 1:
                            buffer = [grad]
                        else:
                            buffer = [None] * child.num_outputs
                            buffer[node._next_nrs[i]] = grad
                    else:
                        nr = node._next_nrs[i]
                        old = buffer[nr]
                        buffer[nr] = grad if old is None else _accumulated(old, grad, owned,
                                                                           grads_in)
                follow, follow_grads = child, buffer
                continue
            dependencies[child] = remaining
            if grad is not None:
                nr = node._next_nrs[i]
                buffer = buffers.get(child)
                if buffer is None:
                    buffer = buffers[child] = [None] * child.num_outputs
                old = buffer[nr]
                buffer[nr] = grad if old is None else _accumulated(old, grad, owned, grads_in)
            if remaining == 0:
                if follow is not None:  # two ready nodes now: both go through the heap
                    if follow_grads is not None:
                        buffers[follow] = follow_grads
                    push(ready, (-follow._seq, next(tiebreak), follow))
                    follow = None
                push(ready, (-child._seq, next(tiebreak), child))


def _unpack_saved_unused(node) -> None:
    """A node of an op reached without any gradient (a p=0 norm's gives none): torch still
    calls it, and its backward unpacks the saved tensors before it looks at the gradients,
    so a saved tensor modified in place since is refused there too. A node torch cannot
    differentiate (NotImplemented: `5 % x`) raises whatever reaches it, as torch's."""
    op = node.op
    if op is not None and op.grad_not_implemented is not None:
        op.backward_fn(node, None)
    if op is not None and node._saved and node._saved is not FREED:
        node.saved  # noqa: B018 - read for its version check


def _run_unusual(node, grads: list, sink: _GradSink) -> tuple:
    """_run_all_on_arrays for a node with hooks, a custom Function's node, or one whose
    first output got no gradient: (its input gradients or None, the dtype its results
    are brought to or None). Such nodes see Tensors."""
    if node._hooks:
        grads = _hooked_arrays(node, grads, sink)
    if all(g is None for g in grads) and not node.called_without_grads:
        return None, None
    like = grads[0].dtype if node._plain_backward and grads[0] is not None else None
    if node._hooks and _zeros_on_arrays(node, grads):
        return node.op.backward_fn(node, grads[0]), like
    return _on_tensors(node, grads, False), like


def run_backward(roots: list[tuple], retain_graph: bool, create_graph: bool,
                 targets: list[tuple] | None = None, target_tensors: list | None = None,
                 capture: bool = False, root_arrays: set | None = None) -> list | None:
    """Backpropagate from `roots`, a list of ((node, output_nr), gradient).

    With `targets` (a list of (node, output_nr) edges of `target_tensors`) only gradients
    reaching those edges matter. With `capture`, they are returned in target order;
    otherwise they are accumulated into the target tensors (leaves: via AccumulateGrad).
    Without targets, every leaf's `.grad` and every retained grad is accumulated.
    """
    root_nodes = list(dict.fromkeys(edge[0] for edge, _ in roots))
    dependencies, consumers = _discover(root_nodes, want_consumers=targets is not None)
    needed = None
    target_slots: dict = {}
    if targets is not None:
        for index, (node, nr) in enumerate(targets):
            target_slots.setdefault(node, []).append((nr, index))
        needed = _needed_nodes(set(target_slots), consumers)
        dependencies = {n: sum(1 for c in consumers[n] if c in needed)
                        for n in dependencies if n in needed}
    captured: list = [None] * len(targets) if targets is not None else []
    sink = _GradSink(create_graph, root_arrays if root_arrays is not None else set())

    anomalous = anomaly.state.enabled
    observers = list(tracers)
    tracing = bool(observers)
    arrays = use_array_formulas and not create_graph and not anomalous and not tracing

    buffers: dict = {}
    for (node, nr), grad in roots:
        if arrays and grad is not None:
            grad = grad._data
        buffer = buffers.setdefault(node, [None] * node.num_outputs)
        buffer[nr] = grad if buffer[nr] is None else buffer[nr] + grad

    tiebreak = itertools.count()
    ready = [(-node._seq, next(tiebreak), node) for node in root_nodes
             if not dependencies.get(node)]
    heapq.heapify(ready)
    previous_mode = grad_state.enabled
    grad_state.enabled = create_graph
    previous_arrays = grad_state.formula_arrays
    grad_state.formula_arrays = arrays
    # The backward pass allocates many short-lived objects and creates no reference cycles
    # (nodes point only to their inputs), so the cycle collector would only rescan the
    # graph again and again; it is paused while the pass runs.
    collecting = gc.isenabled()
    if collecting:
        gc.disable()
    if anomalous:
        outer_parent = anomaly.state.parent
    outer_partial, pass_state.partial = pass_state.partial, targets is not None
    outer_current = pass_state.current
    pass_state.current = (next(_pass_numbers), root_nodes, dependencies, needed)
    outer_needed = pruning.needed
    if needed is not None:  # the formulas compute only the gradients that lead somewhere
        pruning.needed = needed
        with pruning_lock:
            pruning_passes[0] += 1
    pop, push = heapq.heappop, heapq.heappush
    follow = None  # a node that became ready while the heap was empty: it runs next
    node = None
    # NumPy's floating-point warnings (log(0) in a formula) stay silent: torch warns of none.
    fp_token = quiet()
    try:
        if arrays and targets is None:
            try:
                _run_all_on_arrays(ready, buffers, dependencies, sink, retain_graph)
            finally:
                formula_on_arrays[0] = None  # (a formula that raised left its node there)
            return None
        while True:
            if follow is not None:
                node, follow = follow, None
            elif ready:
                node = pop(ready)[2]
            else:
                break
            grads = buffers.pop(node, None)
            is_leaf = type(node) is AccumulateGrad
            slots = target_slots.get(node) if target_slots else None
            early = False
            if (slots is not None and capture and grads is not None and not is_leaf
                    and any(c in needed for c in node._next_nodes)):
                # torch captures a gradient that also flows on before the tensor's hooks run
                # (and after them when the capture is all that is left to do).
                early = True
                for nr, index in slots:
                    captured[index] = grads[nr]
            if grads is not None:
                if is_leaf:
                    if grads[0] is not None:
                        grads[0] = _leaf_hooks(node, grads[0], arrays)
                elif node._hooks:
                    if arrays:
                        grads = _hooked_arrays(node, grads, sink)
                    else:
                        grads = _before_node(node, grads, sink)
            if slots is not None:
                if grads is not None and not early:
                    for nr, index in slots:
                        if capture:
                            captured[index] = grads[nr]
                        elif (not is_leaf and grads[nr] is not None
                              and not target_tensors[index].retains_grad):
                            # backward(inputs=[t]) for a non-leaf t: t.grad receives it.
                            sink.accumulate(target_tensors[index], grads[nr])
            if is_leaf:
                if grads is not None and grads[0] is not None and not capture and (
                        needed is None or slots is not None):
                    if tracing:
                        before = node.variable._grad
                        if before is not None:  # accumulation may write in place
                            before = Tensor(before._data.copy())
                        _accumulate_leaf(node, grads[0], sink)
                        for tracer in observers:
                            tracer.on_leaf(node, grads[0], before, node.variable._grad)
                    elif arrays and (node._hooks or node.variable._extra):
                        _accumulate_leaf(node, _tensor_of(grads[0]), sink)  # hooks see Tensors
                    else:
                        _accumulate_leaf(node, grads[0], sink)
                continue
            next_nodes = node._next_nodes
            if needed is not None and not any(c in needed for c in next_nodes):
                continue
            grads_in = None
            if node.called_without_grads and grads is None:
                grads = [None] * node.num_outputs  # (its backward runs all the same)
            if (grads is None or (grads[0] is None and all(g is None for g in grads))) and (
                    not node.called_without_grads):
                _unpack_saved_unused(node)
            elif arrays and (node._hooks or not node._plain_backward
                             or not node.op.formula_takes_arrays) and not (
                    node._hooks and not anomalous and _zeros_on_arrays(node, grads)):
                grads_in = _on_tensors(node, grads, anomalous)
            elif node._hooks or anomalous:
                grads_in, grads = _call_watched(node, grads, anomalous)
            elif node._plain_backward:
                grad = grads[0]
                if type(grad) is SymbolicZeros:
                    grads[0] = grad = arriving(grad, node.op)
                grads_in = node.op.backward_fn(node, grad)
            else:
                grads_in = node._run_backward(grads)
            if not retain_graph and node._saved and holds_tensors(node._saved):
                node._saved = FREED
            # Send each input's gradient to the node that produced the input.
            meta = node.input_meta
            sent = [None] * len(next_nodes) if tracing else None
            for i, (child, nr) in enumerate(zip(next_nodes, node._next_nrs)):
                if child is None or (needed is not None and child not in needed):
                    continue
                if grads_in is not None:
                    grad = grads_in[i]
                    if grad is not None:
                        if arrays:
                            if meta is not None and meta[i] is not None:
                                grad = _reduce_array_to_input(grad, meta[i])
                            elif node._plain_backward:  # the input is like the output
                                grad = _array_like(grad, grads[0].dtype)
                            elif (type(grad) is not np.ndarray
                                  and type(grad) is not SymbolicZeros):
                                grad = np.asarray(grad)
                        elif meta is not None and meta[i] is not None:
                            grad = _reduce_to_input(grad, meta[i])
                        if tracing:
                            sent[i] = grad
                        buffer = buffers.get(child)
                        if buffer is None:
                            buffer = buffers[child] = [None] * child.num_outputs
                        buffer[nr] = grad if buffer[nr] is None else added(buffer[nr], grad)
                remaining = dependencies[child] - 1
                dependencies[child] = remaining
                if remaining == 0:
                    if follow is None and not ready:
                        follow = child
                    else:
                        if follow is not None:
                            push(ready, (-follow._seq, next(tiebreak), follow))
                            follow = None
                        push(ready, (-child._seq, next(tiebreak), child))
            if tracing:
                for tracer in observers:
                    tracer.on_node(node, grads, sent)
    except Exception:
        if anomalous and node is not None:
            # As torch: a warning shows where the failing node was created, then the error.
            anomaly.report_failure(node)
        raise
    finally:
        restore(fp_token)
        grad_state.enabled = previous_mode
        grad_state.formula_arrays = previous_arrays
        pass_state.partial = outer_partial
        pass_state.current = outer_current
        if needed is not None:
            pruning.needed = outer_needed
            with pruning_lock:
                pruning_passes[0] -= 1
        if anomalous:
            anomaly.state.parent = outer_parent
        if collecting:
            gc.enable()
    if capture and arrays:
        return _as_tensors(captured)
    return captured if capture else None
