"""Graph nodes: what an operation leaves behind so its backward can run later.

A `Node` (a tensor's `grad_fn`) holds the op, edges to the nodes of its inputs
(`next_functions`, as in torch), the tensors it saved together with their versions, and
the op's non-tensor arguments. Nodes point to their inputs and never to their outputs,
so a graph dies by reference counting as soon as the last tensor of it goes away.

Each op gets its own Node subclass named after torch's grad_fn (`MulBackward0`), so
`type(y.grad_fn).__name__` and `repr(y.grad_fn)` read as they do in torch. The hot paths
make a node as a plain `Node` and give it its class only when someone looks at it
(`settled`): see `recorded_tensor`.
"""

from __future__ import annotations

import itertools
import re
import threading
import weakref

import numpy as np

from .. import _tensor as _tensor_module
from .._grad_mode import state as grad_state
from .._tensor import Tensor
from .anomaly import remember_creation
from .anomaly import state as anomaly_state
from .graph import SavedPacked, hooks_state, open_blocks, pack_entries

__all__ = ["Node", "JointNode", "AccumulateGrad", "ParamsKept", "SavedOutput", "checking_saved",
           "keep_versions", "history_first",
           "new_node", "node_class", "recorded_tensor", "saved_output", "settled", "join_outputs",
           "joint_node_class"]

_sequence = itertools.count()
FREED = object()  # marks a node whose saved tensors were released by backward
_UNPACK = object()  # (Node.saved: an entry the quick paths leave to the general one)

_SECOND_BACKWARD = (
    "Trying to backward through the graph a second time (or directly access saved tensors "
    "after they have already been freed). Saved intermediate values of the graph are freed "
    "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
    "backward through the graph a second time or if you need to access saved tensors after "
    "calling backward."
)


# The node whose formula the engine's array loop is calling right now (engine.py sets it
# around the call and clears it when the pass ends): `saved` then hands out arrays without
# reading the thread-local `formula_arrays`. Any other reader (another thread, another
# node) reads the thread-local flag as before.
formula_on_arrays: list = [None]


class _Pruning(threading.local):
    # The nodes that lead to a requested input, while this thread runs a backward pass
    # that computes only some gradients (autograd.grad, backward(inputs=...)): the ops'
    # needs_grad asks for no other input's gradient, as torch's engine.
    needed = None


pruning = _Pruning()
# How many such passes run now, in any thread: while none does, needs_grad reads no
# thread-local state (the common backward pass pays one list read).
pruning_passes = [0]
pruning_lock = threading.Lock()


def follow_retained(tensor: Tensor, old_node) -> None:
    """After an in-place write gave `tensor` a new grad_fn: torch moves its retain_grad to
    the new node, so `.grad` is the gradient of the value the tensor holds now (the node it
    had stays in the graph, for the values from before the write)."""
    extra = tensor._extra
    new_node = tensor._grad_fn
    if not extra or not extra.get("retains_grad") or new_node is old_node or new_node is None:
        return
    if old_node is not None and old_node._hooks and old_node._hooks.get("retain"):
        table = old_node._hooks["retain"]
        for nr, ref in list(table.items()):
            if ref() is tensor:
                del table[nr]
    new_node._retain(tensor._output_nr, weakref.ref(tensor))


def holds_tensors(saved) -> bool:
    """Whether a node's saved tuple keeps anything a backward pass frees: torch raises its
    second-backward error only when a freed tensor is unpacked, so a node that kept nothing
    (every entry None: `save_if` left out what no wanted gradient uses) runs again. A saved
    number counts: torch saves it as a wrapped tensor (`x * 2` cannot run twice). A node
    already freed (a second pass through a node that ran without its saved values) holds
    nothing more."""
    if saved is FREED:
        return False
    for entry in saved:
        if entry is not None:
            return True
    return type(saved) is ParamsKept


class ParamsKept(tuple):
    """A node's saved tuple when what torch saves as tensors is held in its params (the
    indices of gather, the mask of where; declare's `saves_params`) and no entry keeps a
    tensor: backward frees it all the same (`holds_tensors`), so a second backward raises
    torch's error (`checking_saved`). Its entries are those the op saves (None), or one
    None for an op that saves nothing else.

    `guards` (set by `keep_versions`, also on a tuple whose entries keep tensors): for each
    tensor torch saved among the params (the index or mask it was given, the indices it
    returned), its version counter, the version it had and its array, so that writing it
    in place before backward makes the backward refuse, as torch's version check does.
    (No __slots__: a tuple subclass cannot have any; the class attribute serves the
    instances without guards.)"""

    guards: tuple = ()


class SavedOutput:
    """An op's own output, saved without the tensor object (which would form a cycle).

    Unpacked as a tensor, its grad_fn is the node that saved it, except for an in-place op
    on a view (`v.exp_()`): there torch keeps the view's grad_fn from after the write
    (AsStridedBackward0 into the base's CopySlices) weakly, and uses it while it lives, so a
    graph of the gradient reaches the base's node (and its retain_grad). `view_node` holds
    that weak reference; the hot paths leave the slot unset (read with getattr).

    `output_nr`: which output of its node it is, for a node of several outputs saving them
    all (linalg.svd's U, S, Vh); unset (read with getattr) it is 0."""

    __slots__ = ("data", "version", "expected", "view_node", "output_nr")

    def __init__(self, data, version: list) -> None:
        self.data = data
        self.version = version
        self.expected = version[0]


class Node:
    """The backward half of one recorded operation."""

    # Edges are kept as two tuples, the producing nodes and their output numbers, rather
    # than torch's tuple of pairs: one object per op instead of 1 + n. `next_functions`
    # builds the pairs when asked.
    __slots__ = ("op", "_next_nodes", "_next_nrs", "_saved", "_versions", "params",
                 "input_meta", "_seq", "_hooks", "_anomaly_trace", "_metadata", "__weakref__")
    num_outputs = 1
    # Subclasses that override _run_backward (custom Functions) set this to False so the
    # engine calls them instead of the op's backward formula directly.
    _plain_backward = True
    # Whether _run_backward also takes (and returns) arrays when the engine runs formulas
    # on arrays (JointNode); otherwise the engine hands such a node Tensors.
    runs_on_arrays = False
    # Whether the engine calls this node even when no gradient reached it. torch's engine
    # calls every node on the path; its built-in formulas turn undefined gradients into
    # undefined ones (which ember skips), but a custom Function's backward runs, with zeros
    # (or Nones, after set_materialize_grads(False)) in place of the missing gradients.
    called_without_grads = False

    def __init__(self, op, next_nodes: tuple, next_nrs: tuple, saved, versions,
                 params: tuple, input_meta) -> None:
        self.op = op
        self._next_nodes = next_nodes
        self._next_nrs = next_nrs
        self._saved = saved
        self._versions = versions
        self.params = params
        self.input_meta = input_meta
        self._seq = next(_sequence)
        self._hooks = None
        self._anomaly_trace = None

    @property
    def next_functions(self) -> tuple:
        """((node, output_nr), ...) for each input, None for inputs without gradient (only
        the inputs torch's node has edges to: `Op.edges`)."""
        pairs = tuple((settled(node), max(nr, 0))
                      for node, nr in zip(self._next_nodes, self._next_nrs))
        edges = getattr(self.op, "edges", None)
        return pairs if edges is None else tuple(pairs[i] for i in edges)

    @property
    def needs_input_grad(self) -> tuple[bool, ...]:
        return tuple(node is not None for node in self._next_nodes)

    def name(self) -> str:
        return type(settled(self)).__name__

    def _run_backward(self, grads: list) -> tuple:
        """The op's backward formula on this node's (single) output gradient."""
        return self.op.backward_fn(self, grads[0])

    def __repr__(self) -> str:
        return f"<{type(settled(self)).__name__} object at {id(self):#x}>"

    # ------------------------------------------------------------------ saved tensors
    @property
    def saved(self) -> tuple:
        """The saved inputs/outputs, checked against in-place modification since saving:
        Tensors, or their NumPy arrays while the engine runs formulas on arrays."""
        saved = self._saved
        on_arrays = formula_on_arrays[0] is self or grad_state.formula_arrays
        if on_arrays and saved is not FREED:
            # The usual case in one pass: arrays of tensors still at the versions they were
            # saved at (0 unless `_versions` says otherwise: parameters a training loop
            # updates in place). Most often one value at version 0, of a node whose inputs
            # are like its output (no 0-d value to cast).
            meta = self.input_meta
            versions = self._versions
            if meta is None and versions is None:
                if len(saved) == 1:
                    entry = saved[0]
                    kind = type(entry)
                    if kind is SavedOutput:
                        if entry.version[0] == entry.expected:
                            return (entry.data,)
                    elif kind is Tensor and not entry._version_counter[0]:
                        return (entry._data,)
                elif len(saved) == 2:  # a binary op's operands (None, or a number, if unneeded)
                    first, second = saved
                    if type(first) is Tensor and not first._version_counter[0]:
                        first = first._data
                    elif not (first is None or type(first) is float or type(first) is int):
                        first = _UNPACK
                    if type(second) is Tensor and not second._version_counter[0]:
                        second = second._data
                    elif not (second is None or type(second) is float or type(second) is int):
                        second = _UNPACK
                    if first is not _UNPACK and second is not _UNPACK:
                        return (first, second)
            values = []
            for entry in saved if versions is None else zip(saved, versions):
                if versions is not None:
                    entry, expected = entry
                kind = type(entry)
                if entry is None or kind is float or kind is int:
                    values.append(entry)
                elif kind is SavedOutput:
                    if entry.version[0] != entry.expected:
                        break
                    values.append(entry.data)
                elif kind is Tensor or isinstance(entry, Tensor):
                    if entry._version_counter[0] != (0 if versions is None else expected):
                        break
                    values.append(entry._data)
                elif kind is SavedPacked:
                    break
                else:
                    values.append(entry)
            else:
                if meta is not None:
                    return _zero_dim_as_torch(values, meta, self.op)
                return tuple(values)
        values = self._checked_saved()
        if on_arrays:
            arrays = [x._data if isinstance(x, Tensor) else x for x in values]
            if self.input_meta is not None:
                return _zero_dim_as_torch(arrays, self.input_meta, self.op)
            return tuple(arrays)
        return values

    def _checked_saved(self) -> tuple:
        saved = self._saved
        if saved is FREED:
            raise RuntimeError(_SECOND_BACKWARD)
        versions = self._versions
        if versions is None:
            # Everything was saved at version 0 (the usual case); the saved tuple is the
            # answer as it is unless an in-place op has touched one of its tensors since.
            for entry in saved:
                if type(entry) is SavedOutput:
                    break
                if isinstance(entry, Tensor) and entry._version_counter[0]:
                    break
            else:
                return saved
            versions = (0,) * len(saved)
        unpacked = []
        for entry, expected in zip(saved, versions):
            if type(entry) is SavedPacked:
                entry = entry.unpack(self)
            elif type(entry) is SavedOutput:
                ref = getattr(entry, "view_node", None)
                owner = ref() if ref is not None else None
                owner = self if owner is None else owner
                output_nr = getattr(entry, "output_nr", 0)
                if entry.version[0] != entry.expected:
                    raise RuntimeError(_modified_message(entry.data, entry.version[0],
                                                         entry.expected, owner.name(),
                                                         output_nr))
                entry = Tensor(entry.data, True, owner, entry.version)
                entry._output_nr = output_nr
            elif isinstance(entry, Tensor) and entry._version_counter[0] != expected:
                owner = entry.grad_fn.name() if entry.grad_fn is not None else None
                raise RuntimeError(_modified_message(entry._data, entry._version_counter[0],
                                                     expected, owner))
            unpacked.append(entry)
        return tuple(unpacked)

    @property
    def saved_tensors(self) -> tuple:
        return self.saved

    # ------------------------------------------------------------------ hooks
    def _hook_table(self, kind: str) -> dict:
        if self._hooks is None:
            self._hooks = {}
        return self._hooks.setdefault(kind, {})

    def _tensor_hooks(self, output_nr: int) -> dict:
        """Hooks registered on the output tensor: they see (and may replace) its gradient."""
        return self._hook_table("tensor").setdefault(output_nr, {})

    def _retain(self, output_nr: int, tensor_ref: weakref.ref) -> None:
        self._hook_table("retain")[output_nr] = tensor_ref

    def register_hook(self, hook):
        """`hook(grad_inputs, grad_outputs)` runs after this node's backward; it may return
        replacement grad_inputs."""
        from .._tensor import _HookHandle

        return _HookHandle(self._hook_table("post"), hook)

    def register_prehook(self, hook):
        """`hook(grad_outputs)` runs before this node's backward; it may return replacements."""
        from .._tensor import _HookHandle

        return _HookHandle(self._hook_table("pre"), hook)

    def __dir__(self) -> list[str]:
        # Scripts list `[a for a in dir(y.grad_fn) if a.startswith("_saved")]` to see what a
        # node saved: list only the `_saved_<name>` this node has (each is a property of
        # every Node, raising AttributeError where torch's node lacks it), and not the
        # internal `_saved` slot.
        names = []
        for name in super().__dir__():
            if name.startswith("_saved"):
                if name == "_saved":
                    continue
                try:
                    getattr(self, name)
                except AttributeError:
                    continue
                except RuntimeError:  # (freed or modified in place: the node has it)
                    pass
            names.append(name)
        return names

    @property
    def metadata(self) -> dict:
        """A dict for the user's own data about this node (torch's Node.metadata). Made on
        first use: the slot stays unset on the nodes nobody asks, which is nearly all."""
        try:
            return self._metadata
        except AttributeError:
            self._metadata = {}
            return self._metadata


def _saved_name(name: str) -> property:
    """torch's `grad_fn._saved_<name>` (autograd/saved_names.py). Properties, not a
    `__getattr__`: a class with one loses CPython's specialised attribute reads, which
    cost the engine ~5% of a small op's backward."""

    def read(node):
        from .saved_names import saved_attribute

        return saved_attribute(node, name)

    read.__name__ = name
    return property(read)


for _name in ("self", "other", "result", "mat2", "exponent", "tensor", "self_sym_sizes",
              "self_sym_numel", "keepdim", "min", "max"):
    setattr(Node, f"_saved_{_name}", _saved_name(f"_saved_{_name}"))


def _zero_dim_as_torch(values: list, input_meta: tuple, op=None) -> tuple:
    """Saved arrays for a formula on arrays, with torch's promotion of 0-d tensors: where
    the op's dimensioned inputs are floating, a saved 0-d float of another dtype takes
    theirs, as torch casts it before computing (NumPy would compute in the wider dtype).
    Only nodes with input metadata (inputs unlike the output) can hold such a value.
    Beside float16, mul and div (`number_in_float32`) keep a divisor's or a factor's own
    value: their formulas multiply or divide the gradient by it as torch's kernel does, in
    float32 (ops/_xp.times_conj_operand)."""
    for x in values:
        if type(x) is np.ndarray and not x.ndim and x.dtype.kind == "f":
            break
    else:
        return tuple(values)  # (no 0-d float: the usual case)
    dimensioned = [dtype for meta in input_meta if meta is not None
                   for shape, dtype in (meta,) if shape and dtype.kind == "f"]
    if dimensioned:
        target = np.result_type(*dimensioned)
        kept = ()
        if target == np.float16 and op is not None and op.number_in_float32:
            # (a product's gradients multiply by either operand; a quotient's divides by
            # the divisor only: its dividend is cast as the forward cast it)
            kept = (0, 1) if op.forward is np.multiply else (1,)
        for i, x in enumerate(values):
            if type(x) is np.ndarray and not x.ndim and x.dtype.kind == "f" and \
                    x.dtype != target and i not in kept:
                values[i] = x.astype(target)
    return tuple(values)


_plain_init = Node.__init__


def _packing_init(self, op, next_nodes: tuple, next_nrs: tuple, saved, versions,
                  params: tuple, input_meta) -> None:
    """Node.__init__ while saved_tensors_hooks are open in some thread: the node keeps what
    this thread's innermost pack_hook returns (graph.py) instead of the saved tensors."""
    _plain_init(self, op, next_nodes, next_nrs, saved, versions, params, input_meta)
    if saved and hooks_state.stack:
        self._saved, self._versions = pack_entries(saved, order=op.pack_order)


_new_object = object.__new__


def new_node(cls: type, op, next_nodes: tuple, next_nrs: tuple, saved, versions,
             params: tuple, input_meta) -> Node:
    """cls(op, ...) for the ops' hot paths (_dispatch): the slots are filled here rather
    than by `__init__` (calling a class with a Python `__init__` costs as much again). Packs
    the saved values while saved_tensors_hooks are open, as `_packing_init` does.

    The node is made a plain Node and given its class (MulBackward0...) last: stores into
    one class's slots are specialised by the interpreter, stores into the next op's class
    miss (1.5k instructions per node less, callgrind). Every node class adds no slots."""
    node = _new_object(Node)
    node.op = op
    node._next_nodes = next_nodes
    node._next_nrs = next_nrs
    node._saved = saved
    node._versions = versions
    node.params = params
    node.input_meta = input_meta
    node._seq = next(_sequence)
    node._hooks = None
    node._anomaly_trace = None
    node.__class__ = cls
    if open_blocks[0] and saved and hooks_state.stack:
        node._saved, node._versions = pack_entries(saved, order=op.pack_order)
    return node


def recorded_tensor(data: np.ndarray, version: list, cls: type, op, next_nodes: tuple,
                    next_nrs: tuple, saved, versions, params: tuple, input_meta) -> Tensor:
    """new_tensor(data, True, new_node(cls, op, ...), version) in one call, for the fast
    paths of ops (_dispatch.make_fast_apply): a recorded op's output and its node, each
    made as new_tensor and new_node make them (a Python call costs as much as the stores;
    tests/test_hot_path_constructors.py compares the slots). Remembers the node's creation
    in anomaly mode, as _dispatch._record does.

    Unlike new_node, the node stays a plain Node when `cls` is its op's class, and gets
    that class when first looked at (`settled`: Tensor.grad_fn, next_functions, name(),
    repr). The engine and `ctx.saved` read a dozen slots of every node; on nodes of one
    class the interpreter's attribute caches hit, on a chain of MulBackward0, AddBackward0,
    SinBackward0... each read missed (~100 instructions; ~2k per op in all, callgrind)."""
    node = _new_object(Node)
    node.op = op
    node._next_nodes = next_nodes
    node._next_nrs = next_nrs
    node._saved = saved
    node._versions = versions
    node.params = params
    node.input_meta = input_meta
    node._seq = next(_sequence)
    node._hooks = None
    node._anomaly_trace = None
    if cls is not op.node_class:  # (else the node stays a plain Node until looked at)
        node.__class__ = cls
    if open_blocks[0] and saved and hooks_state.stack:
        node._saved, node._versions = pack_entries(saved, order=op.pack_order)
    if anomaly_state.enabled:
        remember_creation(node)
    t = _new_object(Tensor)
    t._data = data
    t._requires_grad = True
    t._grad = None
    t._grad_fn = node
    t._version_counter = version
    t._output_nr = 0
    t._accumulator = None
    t._extra = None
    return t


def settled(node):
    """The node with its op's class (MulBackward0...), which the hot paths leave unset
    (recorded_tensor): every way user code reaches a node (Tensor.grad_fn, next_functions,
    the viz tracers) passes through here, so nobody sees a plain Node of an op."""
    if type(node) is Node:
        op = node.op
        if op is not None and op.node_class is not None:
            node.__class__ = op.node_class
    return node


def saved_output(data, version: list) -> SavedOutput:
    """SavedOutput(data, version) without the call to `__init__` (see new_node)."""
    entry = _new_object(SavedOutput)
    entry.data = data
    entry.version = version
    entry.expected = version[0]
    return entry


def use_packing_init(enabled: bool) -> None:
    """Switch Node.__init__ to the packing version (graph.py does it while hooks are open),
    so that creating a node costs nothing extra when no hooks are in use."""
    Node.__init__ = _packing_init if enabled else _plain_init


class AccumulateGrad:
    """The node of a leaf that requires grad: adds incoming gradients into `variable.grad`."""

    __slots__ = ("variable", "_seq", "_hooks", "_metadata", "__weakref__")
    __module__ = "builtins"  # made in C in torch: <class 'AccumulateGrad'>
    next_functions: tuple = ()
    _next_nodes: tuple = ()
    _next_nrs: tuple = ()
    num_outputs = 1
    # Runs as soon as it is ready, as in torch, so leaves' hooks fire early.
    _ready_priority = 1 << 62

    def __init__(self, variable) -> None:
        self.variable = variable
        self._seq = self._ready_priority
        self._hooks = None

    def name(self) -> str:
        return "torch::autograd::AccumulateGrad"

    def __repr__(self) -> str:
        return f"<AccumulateGrad object at {id(self):#x}>"

    register_hook = Node.register_hook
    register_prehook = Node.register_prehook
    _hook_table = Node._hook_table
    metadata = Node.metadata


def accumulator_of(leaf) -> AccumulateGrad:
    """The leaf's AccumulateGrad node, shared by every graph that uses the leaf.

    The leaf holds it weakly (graphs hold it strongly), so no reference cycle forms. A view
    made under no_grad of a tensor requiring grad requires grad without being a leaf of
    any graph: as in torch, ops record no edge to it (None).
    """
    extra = leaf._extra
    if extra is not None and "no_grad_view" in extra and extra.get("base") is not None:
        return None
    ref = leaf._accumulator
    node = ref() if ref is not None else None
    if node is None:
        node = AccumulateGrad(leaf)
        leaf._accumulator = weakref.ref(node)
    return node


class JointNode(Node):
    """One node for all the outputs of a call that returns several views (split's, chunk's
    or unbind's pieces), as torch's: its backward sees every output's gradient (None for
    an unused one) at once, so it combines them as torch's formula does (one cat or stack
    of the pieces' gradients, CatBackward0 under create_graph) rather than the engine
    adding one full-size gradient per piece. `params` holds each output's params."""

    __slots__ = ("num_outputs",)
    _plain_backward = False
    runs_on_arrays = True
    # (cls.joint: the formula (node, grads) -> input gradients, on arrays or Tensors;
    # cls.batched_joint: the same on batches of gradients (autograd/batched.py), or None)

    def _run_backward(self, grads: list) -> tuple:
        return self.joint(self, grads)


def join_outputs(tensors, cls: type) -> None:
    """Give the recorded `tensors` (one call's outputs, each with its own node of one op
    and the same inputs, saving the same values) one shared node of class `cls` (a
    JointNode subclass), which keeps what the first node saved."""
    first = tensors[0]._grad_fn
    meta = first.input_meta
    if meta is None:  # (inputs like the first output, which the others need not be)
        data = tensors[0]._data
        meta = tuple([None if n is None else (data.shape, data.dtype)
                      for n in first._next_nodes])
    node = _new_object(cls)  # (the slots filled as new_node fills them: saved values
    # packed by hooks stay packed)
    node.op = first.op
    node._next_nodes = first._next_nodes
    node._next_nrs = first._next_nrs
    node._saved = first._saved
    node._versions = first._versions
    node.params = tuple([t._grad_fn.params for t in tensors])
    node.input_meta = meta
    node._seq = next(_sequence)
    node._hooks = None
    node._anomaly_trace = None
    node.num_outputs = len(tensors)
    if anomaly_state.enabled:
        remember_creation(node)
    for nr, t in enumerate(tensors):
        t._grad_fn = node
        t._output_nr = nr


# The ops whose recorded calls always get a JointNode (their own per-output formula is
# not what the engine runs: it runs the JointNode's, on arrays too)
JOINT_OPS: set[str] = set()


def joint_node_class(grad_fn_name: str, formula, batched=None, ops: tuple = ()) -> type:
    """The JointNode subclass for one torch grad_fn name, whose backward is `formula` (and
    `batched` its form for a leading batch dim, if any), for the outputs of `ops`: their
    own formulas are marked as not for the engine's array loop, which then hands their
    nodes to the JointNode (engine._on_tensors)."""
    for op in ops:
        op.formula_takes_arrays = False
        JOINT_OPS.add(op.name)
    return type(grad_fn_name, (JointNode,), {
        "__slots__": (), "__module__": "builtins", "joint": staticmethod(formula),
        "batched_joint": None if batched is None else staticmethod(batched)})


_node_classes: dict[str, type] = {}


# Nodes that torch implements by hand rather than generates report a qualified name().
_QUALIFIED_NAMES = {"CopySlices", "CopyBackwards", "NotImplemented"}
# Op-table nodes that torch records with a Python autograd.Function (Dirichlet.rsample's):
# their class lives in torch.autograd.function and their repr says so.
_PYTHON_FUNCTION_NODES = {"_DirichletBackward"}


def _python_function_repr(self) -> str:
    return f"<torch.autograd.function.{type(self).__name__} object at {id(self):#x}>"


def node_class(grad_fn_name: str) -> type:
    """The Node subclass for one torch grad_fn name, created once."""
    cls = _node_classes.get(grad_fn_name)
    if cls is None:
        # (torch's node classes are made in C: `<class 'MulBackward0'>`, module builtins)
        namespace: dict = {"__slots__": (), "__module__": "builtins"}
        class_name = grad_fn_name
        if grad_fn_name.startswith("CppFunction:"):
            # a node torch makes without a generated class ("CppFunction:Identity":
            # unpack_dual's primal): class CppFunction, its name() says which
            class_name, _, shown = grad_fn_name.partition(":")
            namespace["name"] = lambda self: f"torch::autograd::{shown}"
        elif grad_fn_name in _QUALIFIED_NAMES:
            namespace["name"] = lambda self: f"torch::autograd::{type(self).__name__}"
        if grad_fn_name in _PYTHON_FUNCTION_NODES:
            namespace.update(__module__="torch.autograd.function", __repr__=_python_function_repr)
        cls = type(class_name, (Node,), namespace)
        _node_classes[grad_fn_name] = cls
    return cls


def keep_versions(result, *tensors):
    """`result` (a recorded op's output) after torch's saving of `tensors` with its node:
    the index, mask or condition the op was given (gather's index, where's condition), or
    the indices it returned (sort's), which ember's node keeps in its params as arrays. The
    node remembers their versions if it kept the params (declare's `saves_params`: some
    input whose gradient reads them requires grad), so that its backward refuses once one
    was written in place (`checking_saved`), as torch's. Returns `result`."""
    node = result._grad_fn if isinstance(result, Tensor) else None
    op = getattr(node, "op", None)
    if op is None or not op.saved_params:
        return result
    edges = node._next_nodes
    if not any(edges[i] is not None for users in op.saved_params.values() for i in users
               if i < len(edges)):
        return result
    saved = node._saved
    if saved is FREED or any(type(entry) is SavedPacked for entry in saved):
        return result  # (packed by saved_tensors_hooks: torch checks no versions there)
    guards = tuple([(t._version_counter, t._version_counter[0], t._data) for t in tensors
                    if isinstance(t, Tensor)])
    if guards:
        kept = ParamsKept(saved)
        kept.guards = getattr(saved, "guards", ()) + guards
        node._saved = kept
    return result


def checking_saved(formula):
    """`formula` (an op's backward) preceded by the checks torch makes when it unpacks the
    node's saved tensors: the second-backward error once backward has freed them, and the
    version error for a saved tensor modified in place since, though the formula reads
    only params. For ops whose params hold tensors torch saves (ops/_registry.py,
    `saves_params`), whose formulas read indices and masks from ctx.params."""

    def checked(ctx, grad):
        saved = ctx._saved
        if saved is FREED:
            raise RuntimeError(_SECOND_BACKWARD)
        if type(saved) is ParamsKept:
            for version, expected, data in saved.guards:
                if version[0] != expected:
                    raise RuntimeError(_modified_message(data, version[0], expected, None))
        for entry in saved:
            if type(entry) is SavedOutput or isinstance(entry, Tensor):
                # the node's own unpacking checks the versions (a tuple packed by
                # saved_tensors_hooks holds neither: torch checks no versions there, and
                # unpacking it here would run the user's unpack hook once more)
                ctx._checked_saved()
                break
        return formula(ctx, grad)

    checked.__name__ = checked.__qualname__ = getattr(formula, "__name__", "formula")
    checked.__module__ = formula.__module__
    return checked


_TYPE_NAMES = {
    "float32": "FloatTensor", "float64": "DoubleTensor", "float16": "HalfTensor",
    "int64": "LongTensor", "int32": "IntTensor", "int16": "ShortTensor", "int8": "CharTensor",
    "uint8": "ByteTensor", "bool": "BoolTensor",
}


_BACKWARD_SUFFIX = re.compile(r"Backward(\d*)$")


def _modified_message(data, version: int, expected: int, owner: str | None,
                      output_nr: int = 0) -> str:
    # (torch names a bool tensor by its legacy type, CPUBoolType, without "torch.")
    type_name = ("CPUBoolType" if data.dtype == np.bool_ else
                 "torch." + _TYPE_NAMES.get(str(data.dtype), "Tensor"))
    dims = ", ".join(str(s) for s in data.shape)
    # torch names the producing op without "Backward0" ("output 0 of Exp"), and keeps
    # another overload's number ("EluBackward1" is "Elu1").
    if owner:
        owner = _BACKWARD_SUFFIX.sub(lambda m: m.group(1).lstrip("0"), owner)
    where = f", which is output {output_nr} of {owner}," if owner else ""
    return (
        "one of the variables needed for gradient computation has been modified by an "
        f"inplace operation: [{type_name} [{dims}]]{where} is at version {version}; "
        f"expected version {expected} instead. Hint: enable anomaly detection to find the "
        "operation that failed to compute its gradient, with "
        "torch.autograd.set_detect_anomaly(True, check_nan=False)."
    )


# ops/shape_strided.regrow_from_base, bound when that module is imported (the op modules
# come after this one): gives a view a path from its base's current graph
# (AsStridedBackward0).
regrow_view = None


def refresh_if_stale(x: Tensor, reading_grad_fn: bool = False) -> None:
    """Before a view's grad_fn is used: if its base (or another view of it) was written in
    place since the view's path was made, read the view from the base's current graph, as
    torch regenerates a view's grad_fn; a view made under no_grad, or one of the views a
    call returned together, is refused instead (torch's RuntimeError). Called only for
    tensors with `_extra` set. Under no_grad only reading `x.grad_fn` does it: torch's ops
    do not read their inputs' history then (the view stays stale until they do)."""
    extra = x._extra
    made = extra.get("grad_version")
    if made is None or made == x._version_counter[0]:
        return
    if not (reading_grad_fn or grad_state.enabled):
        return
    base = extra.get("base")
    if x._grad_fn is None and (base is None or not base._requires_grad):
        return  # no history to make anew (torch looks no further either)
    if "no_grad_view" in extra or "multi_output" in extra:
        raise view_write_error(x, indirect=True)
    extra["grad_version"] = x._version_counter[0]
    if regrow_view is not None:
        regrow_view(x)


def history_first(*tensors) -> None:
    """torch's autograd reads each input's history (its grad_fn) when a differentiable op
    runs, before the op checks its arguments: one of split's outputs, or a view made under
    no_grad, whose memory was written since is refused then, before a dim out of range or
    a shape mismatch. ember reads it when the op records (`_dispatch._record`), after
    those checks; public functions that check their arguments first call this before them
    (on their tensor inputs; only views have `_extra`, so it costs an attribute read).
    A view that does not require grad yet is looked at too: its base may have come to
    require grad by the write (refresh_if_stale looks no further when it has not)."""
    if not grad_state.enabled:
        return
    for x in tensors:
        if isinstance(x, Tensor) and x._extra is not None:
            refresh_if_stale(x)


_tensor_module._refresh_stale_view = refresh_if_stale
_tensor_module._Node, _tensor_module._settle = Node, settled

_NO_GRAD_VIEW_ADVICE = (
    " Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify "
    "your code by moving both the view and the inplace either both inside the no_grad block "
    "(if you don't want the inplace to be tracked) or both outside (if you want the inplace "
    "to be tracked).")
_CUSTOM_FUNCTION_ADVICE = (
    " This view was created inside a custom Function (or because an input was returned "
    "as-is) and the autograd logic to handle view+inplace would override the custom "
    "backward associated with the custom Function, leading to incorrect gradients. This "
    "behavior is forbidden. You can fix this by cloning the output of the custom Function.")
_MULTI_OUTPUT_ADVICE = (
    " This view is the output of a function that returns multiple views. Such functions do "
    "not allow the output views to be modified inplace. You should replace the inplace "
    "operation by an out-of-place one.")


def view_write_error(view: Tensor, indirect: bool = False, made_by: str | None = None
                     ) -> RuntimeError:
    """torch's refusal of an in-place write with grad mode on into a view made under no_grad
    (ops/shape._as_view marks it) or one of several views a call returned (split, unbind),
    or of such a view's history once its memory was written (`indirect`). The grad_fn of
    the view written, if it has one, names the op that made it (a view of such a view):
    `made_by` names that op when the write goes into a view of `view` made on the way
    (`view[0] = x` writes into a select of view, as torch indexes)."""
    extra = view._extra
    if made_by is None:
        node = view._grad_fn
        name = re.sub(r"Backward\d*$", "", type(settled(node)).__name__) if node is not None \
            else None
        output_nr = view._output_nr
        function, index = extra.get("multi_output") or (name, output_nr)
    else:  # (the new view has a grad_fn when view requires grad, in torch's sense)
        base = extra.get("base")
        recorded = view._requires_grad or (base is not None and base._requires_grad)
        name, output_nr = (made_by if recorded else None), 0
        function, index = made_by, 0
    what = ("its base or another view of its base has been" if indirect else "is being")
    if "multi_output" in extra:
        head = (f"A view was created in no_grad mode and {what} modified inplace with grad "
                "mode enabled." if name is None else
                f"Output {index} of {function} is a view and {what} modified inplace.")
        return RuntimeError(head + (_CUSTOM_FUNCTION_ADVICE if "custom_view" in extra
                                    else _MULTI_OUTPUT_ADVICE))
    head = ("A view was created in" if name is None else
            f"Output {output_nr} of {name} is a view of a view which was created in")
    return RuntimeError(f"{head} no_grad mode and {what} modified inplace with grad mode "
                        f"enabled.{_NO_GRAD_VIEW_ADVICE}")
