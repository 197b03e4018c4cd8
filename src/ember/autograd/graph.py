"""ember.autograd.graph: hooks on what the graph saves, and the Node type (torch.autograd.graph).

`saved_tensors_hooks(pack_hook, unpack_hook)` changes how nodes keep the tensors their
backward needs: while it is active, every tensor a node saves goes through `pack_hook`, and
what the hook returns is stored instead; `unpack_hook` turns it back into a tensor when the
backward reads it. The unpacked tensor takes the saved tensor's place in the graph (its
grad_fn, or its leaf), so second derivatives still reach the right tensors.

Only the innermost active pair of hooks applies. With no hooks open in any thread, creating
a node costs nothing extra: `Node.__init__` is swapped for a packing version only while
some `saved_tensors_hooks` block is open.

The engine runs gradient hooks (`Tensor.register_hook`, `Node.register_prehook`,
`Node.register_hook`) through `run_tensor_hooks` and `run_grads_hooks`, which check what a
hook returns as torch does.
"""

from __future__ import annotations

import abc
import threading
import weakref
from collections.abc import Callable
from typing import Any

from .._tensor import Tensor

__all__ = ["saved_tensors_hooks", "disable_saved_tensors_hooks", "save_on_cpu", "Node",
           "register_multi_grad_hook"]


class _HooksState(threading.local):
    # Class attributes are each thread's defaults (torch's hooks are thread-local too).
    stack: tuple = ()            # (pack_hook, unpack_hook) pairs, innermost last
    disabled: str | None = None  # the message of an active disable_saved_tensors_hooks


hooks_state = _HooksState()
# How many saved_tensors_hooks blocks are open in all threads together. While there are
# any, Node.__init__ is swapped for a version that packs (node.py: use_packing_init), which
# reads the creating thread's own stack; otherwise creating a node pays nothing for hooks.
open_blocks = [0]
_count_lock = threading.Lock()


class saved_tensors_hooks:  # noqa: N801 - torch's name
    """Context manager: pack every tensor saved for backward with `pack_hook`, and unpack it
    with `unpack_hook` when the backward reads it.

    >>> with saved_tensors_hooks(lambda t: t.detach().clone(), lambda t: t):
    ...     y = x.exp()   # y's node keeps a copy of y, made by the pack hook
    """

    def __init__(self, pack_hook: Callable[[Tensor], Any],
                 unpack_hook: Callable[[Any], Tensor]) -> None:
        self.pack_hook = pack_hook
        self.unpack_hook = unpack_hook

    def __enter__(self) -> saved_tensors_hooks:
        if hooks_state.disabled is not None:
            raise RuntimeError(hooks_state.disabled)
        hooks_state.stack = hooks_state.stack + ((self.pack_hook, self.unpack_hook),)
        with _count_lock:
            open_blocks[0] += 1
            if open_blocks[0] == 1:
                _packing(True)
        return self

    def __exit__(self, *exc) -> None:
        hooks_state.stack = hooks_state.stack[:-1]
        with _count_lock:
            open_blocks[0] -= 1
            if open_blocks[0] == 0:
                _packing(False)


def _packing(enabled: bool) -> None:
    from .node import use_packing_init  # node.py imports this module

    use_packing_init(enabled)


class disable_saved_tensors_hooks:  # noqa: N801
    """Context manager under which entering `saved_tensors_hooks` raises `error_message`
    (for features that cannot work with them)."""

    def __init__(self, error_message: str) -> None:
        self.error_message = error_message
        self._previous: list = []

    def __enter__(self) -> None:
        self._previous.append(hooks_state.disabled)
        hooks_state.disabled = self.error_message

    def __exit__(self, *exc) -> None:
        hooks_state.disabled = self._previous.pop()


class save_on_cpu(saved_tensors_hooks):  # noqa: N801
    """torch's hooks that move saved tensors to CPU memory. ember's tensors always live in
    CPU memory, so packing keeps the tensor as it is (as torch does for CPU tensors)."""

    def __init__(self, pin_memory: bool = False, device_type: str = "cuda") -> None:
        super().__init__(lambda tensor: tensor, lambda tensor: tensor)


class SavedPacked:
    """A saved tensor as `pack_hook` returned it, plus where the tensor sat in the graph."""

    __slots__ = ("packed", "unpack_hook", "is_output", "requires_grad", "grad_fn",
                 "output_nr", "accumulator")

    def __init__(self, packed, unpack_hook, is_output: bool, requires_grad: bool, grad_fn,
                 output_nr: int, accumulator) -> None:
        self.packed = packed
        self.unpack_hook = unpack_hook
        self.is_output = is_output
        self.requires_grad = requires_grad
        self.grad_fn = grad_fn
        self.output_nr = output_nr
        self.accumulator = accumulator

    def unpack(self, node) -> Tensor:
        """The tensor for the backward: the unpacked values, connected where the saved
        tensor was (an output of `node`, a non-leaf's grad_fn, or a leaf's accumulator)."""
        value = self.unpack_hook(self.packed)
        if not isinstance(value, Tensor):
            raise TypeError("Output of saved tensor unpack_hook expected to be a Tensor but got "
                            f"result of type {type(value).__name__}")
        if self.is_output:
            tensor = Tensor(value._data, True, node)
        elif not self.requires_grad:
            return value
        else:
            tensor = Tensor(value._data, True, self.grad_fn)
            if self.grad_fn is None:
                # A stand-in for the leaf: gradients reach the leaf's own AccumulateGrad.
                tensor._accumulator = weakref.ref(self.accumulator)
        tensor._output_nr = self.output_nr
        return tensor


def pack_entries(entries: tuple, outputs: dict | None = None,
                 order: tuple | None = None) -> tuple[tuple, tuple]:
    """Pack a node's saved entries with the innermost hooks; returns (entries, versions).

    Entries may be tensors, `SavedOutput`s (the node's own output), None or numbers; `outputs`
    maps id(tensor) -> output_nr for tensors that are outputs of the node (custom Functions).
    The versions are all None: with hooks, torch does not check saved tensors' versions, and
    a non-None versions tuple sends `Node.saved` down its (slow) unpacking path.
    """
    from .node import ParamsKept, SavedOutput, accumulator_of  # node.py imports this module

    pack, unpack = hooks_state.stack[-1]
    packed = [None] * len(entries)
    # (the pack hook sees the entries in torch's order: Op.pack_order)
    for i in order if order is not None and len(order) == len(entries) else range(len(entries)):
        entry = entries[i]
        if type(entry) is SavedOutput or (outputs and id(entry) in outputs):
            # The node's own output. The hook gets a tensor of its values that requires grad
            # but has no grad_fn (torch's has the node: a hook keeping it would make a
            # reference cycle); unpacking reconnects it to the node.
            if type(entry) is SavedOutput:
                tensor = Tensor(entry.data, True, None, entry.version)
                nr = getattr(entry, "output_nr", 0)
            else:
                tensor = Tensor(entry._data, True, None, entry._version_counter)
                nr = outputs[id(entry)]
            packed[i] = SavedPacked(pack(tensor), unpack, True, True, None, nr, None)
        elif isinstance(entry, Tensor):
            accumulator = None
            if entry._requires_grad and entry.grad_fn is None:
                accumulator = accumulator_of(entry)
            packed[i] = SavedPacked(pack(entry), unpack, False, entry._requires_grad,
                                    entry.grad_fn, entry._output_nr, accumulator)
        else:
            packed[i] = entry
    # (a ParamsKept tuple stays one: backward must free it)
    packed = ParamsKept(packed) if type(entries) is ParamsKept else tuple(packed)
    return packed, (None,) * len(packed)


# ---------------------------------------------------------------------- gradient hooks
class _MultiHandle:
    """The handle of a hook on several tensors: `remove()` removes it from all of them."""

    def __init__(self, handles: tuple) -> None:
        self.handles = handles

    def remove(self) -> None:
        for handle in self.handles:
            handle.remove()

    def __enter__(self) -> _MultiHandle:
        return self

    def __exit__(self, *exc) -> None:
        self.remove()


def register_multi_grad_hook(tensors, fn: Callable, *, mode: str = "all") -> _MultiHandle:
    """Call `fn` once per backward pass with the gradients of `tensors`.

    mode "all": after every one of them that the pass computes has arrived, with a list in
    `tensors`' order (None for those the pass does not reach). mode "any": with the first
    gradient that arrives. Built on tensor hooks; the engine says which tensors a pass will
    reach (engine.will_execute).
    """
    from .engine import pass_state, target_edge, will_execute

    modes = ("all", "any")
    if mode not in modes:
        raise ValueError(f"Expects mode to be one of {modes} but got {mode}")
    tensors = tuple(tensors)
    for t in tensors:
        if not t.requires_grad:
            raise AssertionError("Expected gradient function to be set")
    lock = threading.Lock()
    if mode == "any":
        fired: set = set()

        def first(grad):
            number = pass_state.current[0]
            with lock:
                if number in fired:
                    return
                fired.add(number)
            fn(grad)

        return _MultiHandle(tuple(t.register_hook(first) for t in tensors))

    nodes = [target_edge(t)[0] for t in tensors]
    waiting: dict = {}
    gathered: dict = {}

    def gather(index: int) -> Callable:
        def hook(grad):
            number = pass_state.current[0]
            with lock:
                if number not in waiting:
                    waiting[number] = sum(1 for n in nodes if will_execute(n))
                    gathered[number] = [None] * len(tensors)
                gathered[number][index] = grad
                waiting[number] -= 1
                done = waiting[number] == 0
                if done:
                    del waiting[number]
                    grads = gathered.pop(number)
            if done:
                fn(grads)
        return hook

    return _MultiHandle(tuple(t.register_hook(gather(i)) for i, t in enumerate(tensors)))


def _hook_name(hook) -> str:
    return getattr(hook, "__name__", type(hook).__name__)


def _checked_value(hook, new, old):
    """A gradient a hook returned in place of `old`: torch's checks and messages."""
    if new is None:
        return None
    if not isinstance(new, Tensor):
        raise TypeError(f"expected Variable or None (got {type(new).__name__})")
    if old is not None:
        if new._data.shape != old._data.shape:
            raise RuntimeError(f"hook '{_hook_name(hook)}' has changed the size of value")
        if new._data.dtype != old._data.dtype:
            raise RuntimeError(
                f"hook '{_hook_name(hook)}' has changed the type of value (was "
                f"torch.{_type_name(old)} got torch.{_type_name(new)})"
            )
    return new


def _type_name(t: Tensor) -> str:
    from .node import _TYPE_NAMES  # node.py imports this module

    return _TYPE_NAMES.get(str(t._data.dtype), "Tensor")


def run_tensor_hooks(hooks: dict, grad: Tensor) -> Tensor:
    """Hooks registered on a tensor, in registration order; each may replace the gradient."""
    for hook in list(hooks.values()):
        result = hook(grad)
        if result is not None:
            if not isinstance(result, Tensor):
                raise TypeError(f"expected Variable, but hook returned '{type(result).__name__}'")
            grad = _checked_value(hook, result, grad)
    return grad


def run_grads_hooks(hooks, grads: tuple, *args) -> tuple:
    """Node pre-hooks (`hook(grad_outputs)`) or post-hooks (`hook(grad_inputs, grad_outputs)`):
    each may return a tuple replacing `grads`, checked as torch checks it."""
    for hook in list(hooks):
        result = hook(grads, *args)
        if result is None:
            continue
        if not isinstance(result, tuple):
            raise TypeError(f"expected tuple, but hook returned '{type(result).__name__}'")
        if len(result) != len(grads):
            raise RuntimeError(
                f"hook '{_hook_name(hook)}' has returned an incorrect number of values "
                f"(got {len(result)}, but expected {len(grads)})"
            )
        grads = tuple(_checked_value(hook, new, old) for new, old in zip(result, grads))
    return grads


class Node(abc.ABC):
    """The type of every graph node (`isinstance(y.grad_fn, Node)`), as torch.autograd.graph.Node:
    ember's op nodes, AccumulateGrad and custom Function nodes all count as Nodes."""

    @abc.abstractmethod
    def name(self) -> str: ...

    @property
    @abc.abstractmethod
    def next_functions(self) -> tuple: ...

    @abc.abstractmethod
    def register_hook(self, fn: Callable): ...

    @abc.abstractmethod
    def register_prehook(self, fn: Callable): ...

    @classmethod
    def __subclasshook__(cls, candidate: type):
        if cls is Node:
            names = ("name", "next_functions", "register_hook", "register_prehook")
            if all(any(n in vars(k) for k in candidate.__mro__) for n in names):
                return True
        return NotImplemented
