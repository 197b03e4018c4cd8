"""Custom differentiable functions: `ember.autograd.Function`, as torch.autograd.Function.

    class Exp(Function):
        @staticmethod
        def forward(ctx, x):
            y = x.exp()
            ctx.save_for_backward(y)
            return y

        @staticmethod
        def backward(ctx, grad):
            (y,) = ctx.saved_tensors
            return grad * y

    z = Exp.apply(x)          # z.grad_fn is an ExpBackward node

How it fits the engine: each Function subclass gets a node class named after it
(`ExpBackward`), and the node *is* the `ctx` its forward receives (as in torch), so
attributes set on ctx in forward are there in backward. All tensor outputs share one node
(`num_outputs` = number of outputs); the node's edges go to the tensor arguments only (as
torch's `next_functions`), and its `_run_backward` calls the user's backward, checks what it
returned (count, None for non-tensor arguments, shapes) and reduces broadcast gradients.

The forward runs with grad mode off; the backward runs with grad mode on exactly when the
engine builds a graph (create_graph=True), so a backward written in ember ops can itself be
differentiated, unless it is decorated with `once_differentiable`.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

import numpy as np

from .._dtype import from_numpy_dtype
from .._grad_mode import state as _grad_state
from .._inference import refuse_saved
from .._tensor import Tensor
from .._warnings import warn
from . import anomaly, forward_ad
from ._transforms_active import state as _transforms
from .graph import SavedPacked, hooks_state, open_blocks, pack_entries
from .node import _SECOND_BACKWARD, FREED, Node, _modified_message, accumulator_of

__all__ = ["Function", "FunctionCtx", "BackwardCFunction", "once_differentiable",
           "InplaceFunction", "NestedIOFunction"]


class FunctionCtx:
    """The methods a custom Function's forward (or setup_context) calls on `ctx`."""

    __slots__ = ()

    def save_for_backward(self, *tensors: Tensor | None) -> None:
        """Keep tensors for the backward, which reads them as `ctx.saved_tensors`; reading
        them fails if they were modified in place since (as for ember's own ops)."""
        for i, t in enumerate(tensors):
            if t is not None and not isinstance(t, Tensor):
                raise TypeError("save_for_backward can only save variables, but argument "
                                f"{i} is of type {type(t).__name__}")
        self.to_save = tensors

    def save_for_forward(self, *tensors: Tensor | None) -> None:
        """Keep tensors for the jvp, which reads them as `ctx.saved_tensors`."""
        for i, t in enumerate(tensors):
            if t is not None and not isinstance(t, Tensor):
                raise TypeError("save_for_forward expects all arguments to be tensors; but "
                                f"got {type(t).__name__} at position {i}")
        self.saved_for_forward = tensors

    def mark_dirty(self, *tensors: Tensor) -> None:
        """Declare the inputs that forward modified in place (and returns as outputs)."""
        self.dirty_tensors = tensors

    def mark_non_differentiable(self, *tensors: Tensor) -> None:
        """Declare outputs that are not differentiable: they do not require grad, and the
        backward receives zeros (or None) for them."""
        self.non_differentiable = tensors

    def set_materialize_grads(self, value: bool) -> None:
        """With False, the backward receives None (not zeros) for outputs without a gradient."""
        self.materialize_grads = bool(value)


class BackwardCFunction(Node, FunctionCtx):
    """The node (and ctx) of one call of a custom Function. Each Function subclass has its
    own subclass of this, named `<Function>Backward`."""

    # No __slots__: attributes set on ctx live in the instance's __dict__.
    _plain_backward = False
    called_without_grads = True
    _forward_cls: type = None  # set on each per-Function subclass
    to_save: tuple | None = None
    saved_for_forward: tuple | None = None
    dirty_tensors: tuple = ()
    non_differentiable: tuple = ()
    materialize_grads = True
    _jvp_running = False

    def __init__(self) -> None:
        super().__init__(None, (), (), (), None, (), None)
        self._needs_input_grad: tuple = ()
        self._num_args = 0
        self._tensor_args: tuple = ()    # argument index of each edge
        self._edge_meta: tuple = ()      # (shape, dtype) of each tensor argument
        self._output_meta: list = []     # (shape, dtype) of each output, None if no tensor

    @property
    def needs_input_grad(self) -> tuple[bool, ...]:
        """One flag per forward argument: does its gradient need computing?"""
        return self._needs_input_grad

    @property
    def metadata(self) -> dict:
        """A dict for the user's own data about this node (torch's Node.metadata)."""
        return self.__dict__.setdefault("_metadata", {})

    def __repr__(self) -> str:
        # torch shows custom Function nodes with their module path.
        return f"<torch.autograd.function.{type(self).__name__} object at {id(self):#x}>"

    @property
    def saved_tensors(self) -> tuple:
        """The tensors given to save_for_backward (inside jvp: to save_for_forward)."""
        if self._jvp_running:
            return tuple(self.saved_for_forward or ())
        saved = self._saved
        if saved is FREED:
            raise RuntimeError(_SECOND_BACKWARD)
        result = []
        for entry, expected in zip(saved, self._versions or ()):
            if type(entry) is SavedPacked:
                result.append(entry.unpack(self))
            elif type(entry) is _SavedOutput:
                result.append(entry.unpack(self, expected))
            elif isinstance(entry, Tensor) and entry._version_counter[0] != expected:
                owner = entry.grad_fn.name() if entry.grad_fn is not None else None
                raise RuntimeError(_modified_message(entry._data, entry._version_counter[0],
                                                     expected, owner))
            else:
                result.append(entry)
        return tuple(result)

    saved = saved_tensors

    @property
    def saved_variables(self) -> tuple:
        return self.saved_tensors

    def _run_backward(self, grads: list) -> tuple:
        """The user's backward on the output gradients; one gradient per edge, checked."""
        if self.materialize_grads:
            grads = [Tensor(np.zeros(meta[0], meta[1])) if g is None and meta is not None
                     else g for g, meta in zip(grads, self._output_meta)]
        fn = self._forward_cls
        result = fn._backward_impl(self, *grads)
        if not isinstance(result, tuple):
            result = (result,)
        expected = self._num_args
        if len(result) != expected:
            if len(result) < expected or any(r is not None for r in result[expected:]):
                raise RuntimeError(
                    f"function {self.name()} returned an incorrect number of gradients "
                    f"(expected {expected}, got {len(result)})"
                )
            result = result[:expected]
        tensor_args = set(self._tensor_args)
        for i, g in enumerate(result):
            if g is not None and i not in tensor_args:
                raise RuntimeError(
                    f"function {self.name()} returned a gradient different than None at "
                    f"position {i + 1}, but the corresponding forward input was not a Variable"
                )
        grads_in = []
        for edge, (arg, (shape, dtype)) in enumerate(zip(self._tensor_args, self._edge_meta)):
            g = result[arg]
            if g is None or self._next_nodes[edge] is None:
                grads_in.append(None)
                continue
            if not isinstance(g, Tensor):
                raise RuntimeError(f"expected Variable or None (got {type(g).__name__})")
            if g._data.shape != shape:
                if not _expandable(shape, g._data.shape):
                    raise RuntimeError(
                        f"Function {self.name()} returned an invalid gradient at index {edge} "
                        f"- got {list(g._data.shape)} but expected shape compatible with "
                        f"{list(shape)}"
                    )
                g = g.sum_to_size(shape)
            if g._data.dtype != dtype:
                g = g.to(from_numpy_dtype(dtype))
            grads_in.append(g)
        return tuple(grads_in)


def _expandable(shape: tuple, target: tuple) -> bool:
    """Whether a tensor of `shape` broadcasts to `target` (so a gradient of shape `target`
    can be summed back to `shape`)."""
    if len(shape) > len(target):
        return False
    for size, want in zip(reversed(shape), reversed(target)):
        if size != want and size != 1:
            return False
    return True


class _SavedOutput:
    """An output of the Function saved for backward: its values and version counter, not the
    tensor object (which points to the node: keeping it would make a reference cycle)."""

    __slots__ = ("data", "version", "output_nr")

    def __init__(self, tensor: Tensor, output_nr: int) -> None:
        self.data = tensor._data
        self.version = tensor._version_counter
        self.output_nr = output_nr

    def unpack(self, node, expected: int) -> Tensor:
        if self.version[0] != expected:
            raise RuntimeError(_modified_message(self.data, self.version[0], expected,
                                                 node.name()))
        tensor = Tensor(self.data, True, node, self.version)
        tensor._output_nr = self.output_nr
        return tensor


class FunctionMeta(type):
    """Gives each Function subclass its node class, `<Name>Backward` (torch's naming)."""

    def __init__(cls, name: str, bases: tuple, namespace: dict) -> None:
        backward_cls = type(f"{name}Backward", (BackwardCFunction,), {"_forward_cls": cls})
        cls._backward_cls = backward_cls
        super().__init__(name, bases, namespace)


class Function(FunctionCtx, metaclass=FunctionMeta):
    """Base class of custom differentiable operations; see the module docstring.

    Define `forward(ctx, *args)` (or `forward(*args)` plus `setup_context(ctx, inputs,
    output)`) and `backward(ctx, *grad_outputs)` as static methods, then call `apply`.
    """

    def __init__(self, *args, **kwargs) -> None:
        warn(
            f"{type(self)} should not be instantiated. Methods on autograd functions are all "
            "static, so you should invoke them on the class itself. Instantiating an autograd "
            "function will raise an error in a future version of PyTorch.",
            DeprecationWarning,
        )

    def __call__(self, *args, **kwargs):
        raise RuntimeError(
            "Legacy autograd function with non-static forward method is deprecated. Please "
            "use new-style autograd function with static forward method. (Example: "
            "https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function)"
        )

    # The user overrides these -------------------------------------------------------
    @staticmethod
    def forward(*args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(
            "You must implement the forward function for custom autograd.Function.")

    @staticmethod
    def setup_context(ctx: Any, inputs: tuple, output: Any) -> Any:
        raise NotImplementedError("setup_context is not implemented.")

    @staticmethod
    def backward(ctx: Any, *grad_outputs: Any) -> Any:
        raise NotImplementedError(
            "You must implement either the backward or vjp method for your custom "
            "autograd.Function to use it with backward mode AD.")

    vjp = backward

    @staticmethod
    def jvp(ctx: Any, *grad_inputs: Any) -> Any:
        raise NotImplementedError(
            "You must implement the jvp function for custom autograd.Function to use it "
            "with forward mode AD.")

    # torch.func's vmap runs this on batched inputs (ember's vmap runs forward once per
    # element instead, so an override is accepted but not called: see _check_transforms)
    generate_vmap_rule = False

    @staticmethod
    def vmap(info: Any, in_dims: Any, *args: Any) -> Any:
        raise NotImplementedError(
            "To use autograd.Function with vmap, you must either override the vmap "
            "staticmethod or set generate_vmap_rule=True.")

    @classmethod
    def _backward_impl(cls, ctx, *grads):
        backward, vjp = cls.backward, cls.vjp
        if backward is not Function.backward and vjp is not Function.vjp:
            raise RuntimeError("Implementing both 'backward' and 'vjp' for a custom Function "
                               "is not allowed. You should only implement one of them.")
        return (vjp if backward is Function.backward else backward)(ctx, *grads)

    # Calling it ------------------------------------------------------------------------
    @classmethod
    def apply(cls, *args: Any, **kwargs: Any) -> Any:
        """Run forward on `args` and, if a gradient may be needed, record one graph node
        for all the outputs."""
        uses_setup_context = cls.setup_context is not Function.setup_context
        if _transforms.transforms:
            _check_transforms(cls, uses_setup_context)
        if uses_setup_context:
            args = _bind_arguments(cls.forward, args, kwargs)
            kwargs = {}
        node = cls._backward_cls()
        tensor_args = tuple(i for i, a in enumerate(args) if isinstance(a, Tensor))
        recording = _grad_state.enabled and any(args[i]._requires_grad for i in tensor_args)
        node._num_args = len(args)
        node._needs_input_grad = tuple(
            recording and isinstance(a, Tensor) and a._requires_grad for a in args)
        if recording:
            _connect(node, args, tensor_args)
        tangents = _input_tangents(args)

        previous, _grad_state.enabled = _grad_state.enabled, False
        forward_active = forward_ad.state.active
        forward_ad.state.active = False  # the forward computes primal values only
        try:
            if uses_setup_context:
                output = cls.forward(*args)
                cls.setup_context(node, args, output)
            else:
                output = cls.forward(node, *args, **kwargs)
        finally:
            _grad_state.enabled = previous
            forward_ad.state.active = forward_active

        outputs, is_tuple = (output, True) if isinstance(output, tuple) else ((output,), False)
        dirty = {id(t) for t in node.dirty_tensors}
        bases = _input_bases(args, outputs, dirty)
        if recording:
            outputs = _wrap_outputs(node, args, outputs, dirty)
            _keep_saved(node, outputs)
            if anomaly.state.enabled:
                anomaly.remember_creation(node)
        if bases:
            outputs = _views_of_inputs(cls.__name__, args, outputs, bases, previous)
        # The output tensors must not stay reachable from the node (a reference cycle).
        node.to_save = None
        node.dirty_tensors = node.non_differentiable = ()
        if tangents is not None:
            _attach_tangents(cls, node, args, outputs, tangents)
        node.saved_for_forward = None
        return outputs if is_tuple else outputs[0]


_EXTENDING_FUNC = ("For more details, please see "
                   "https://pytorch.org/docs/main/notes/extending.func.html")


def _check_transforms(cls: type, uses_setup_context: bool) -> None:
    """What torch.func refuses of a custom Function called inside its transforms."""
    if not uses_setup_context:
        raise RuntimeError(
            "In order to use an autograd.Function with functorch transforms (vmap, grad, jvp, "
            "jacrev, ...), it must override the setup_context staticmethod. "
            + _EXTENDING_FUNC)
    if not _transforms.vmaps:
        return
    has_rule = cls.vmap is not Function.vmap
    if cls.generate_vmap_rule and has_rule:
        raise RuntimeError(
            f"You tried to vmap over {cls.__name__}, but it has both generate_vmap_rule=True "
            "and an overridden vmap staticmethod. Please set generate_vmap_rule=False or "
            "delete the overridden vmap staticmethod to avoid ambiguity. " + _EXTENDING_FUNC)
    if not cls.generate_vmap_rule and not has_rule:
        raise RuntimeError(
            f"You tried to vmap over {cls.__name__}, but it does not have vmap support. Please "
            "override and implement the vmap staticmethod or set generate_vmap_rule=True. "
            + _EXTENDING_FUNC)


def _bind_arguments(forward: Callable, args: tuple, kwargs: dict) -> tuple:
    """Keyword arguments (and defaults) as positional ones, for the setup_context style,
    where `inputs` is the tuple of all forward arguments."""
    if not kwargs:
        signature = inspect.signature(forward)
        if len(args) >= len(signature.parameters):
            return args
    bound = inspect.signature(forward).bind(*args, **kwargs)
    bound.apply_defaults()
    return tuple(bound.arguments.values())


def _connect(node: BackwardCFunction, args: tuple, tensor_args: tuple) -> None:
    """The node's edges: one per tensor argument (None where it does not require grad)."""
    nodes, nrs, meta = [], [], []
    for i in tensor_args:
        t = args[i]
        if t._requires_grad:
            nodes.append(t.grad_fn if t.grad_fn is not None else accumulator_of(t))
        else:
            nodes.append(None)
        nrs.append(t._output_nr)
        meta.append((t._data.shape, t._data.dtype))
    node._next_nodes = tuple(nodes)
    node._next_nrs = tuple(nrs)
    node._tensor_args = tensor_args
    node._edge_meta = tuple(meta)


_LEAF_DIRTY = "a leaf Variable that requires grad has been used in an in-place operation."


def _wrap_outputs(node: BackwardCFunction, args: tuple, outputs: tuple, dirty: set) -> tuple:
    """Make the forward's tensor outputs outputs of `node` (output_nr = their position)."""
    non_differentiable = {id(t) for t in node.non_differentiable}
    input_ids = {id(a) for a in args if isinstance(a, Tensor)}
    seen: set = set()
    wrapped = []
    meta = []
    for nr, out in enumerate(outputs):
        if not isinstance(out, Tensor):
            wrapped.append(out)
            meta.append(None)
            continue
        meta.append((out._data.shape, out._data.dtype))
        if id(out) in dirty:
            if out._requires_grad and out.grad_fn is None:
                raise RuntimeError(_LEAF_DIRTY)
            if out._extra and out._extra.get("base") is not None and out._requires_grad:
                raise NotImplementedError(
                    "mark_dirty on a view that requires grad is not supported by ember; "
                    "modify a clone of the view (or the base itself) instead")
            target = out  # the input object itself now comes out of this node
            out._version_counter[0] += 1  # as torch, marking dirty counts as a modification
        elif id(out) in input_ids or id(out) in seen or out._requires_grad:
            # An input (or a tensor outside the graph) returned as is: a new tensor object
            # sharing its memory, as torch returns a view, so the input keeps its grad_fn.
            target = Tensor(out._data, False, None, out._version_counter)
        else:
            target = out
        seen.add(id(out))
        if id(out) in non_differentiable or out._data.dtype.kind != "f":
            if target is out and id(out) in dirty:
                target.grad_fn, target._requires_grad = None, False
        else:
            target.grad_fn = node
            target._requires_grad = True
            target._output_nr = nr
        wrapped.append(target)
    node.num_outputs = len(outputs)
    node._output_meta = meta
    return tuple(wrapped)


def _input_bases(args: tuple, outputs: tuple, dirty: set) -> list | None:
    """For each output, the base of the input whose memory it shares (the input returned
    as is, or a view of it made in forward), or None; None when no output does."""
    bases = {}
    for a in args:
        if isinstance(a, Tensor):
            base = a._extra.get("base") if a._extra else None
            base = a if base is None else base
            bases[id(a)] = bases[id(base)] = base
    found = []
    for out in outputs:
        base = None
        if isinstance(out, Tensor) and id(out) not in dirty:
            base = bases.get(id(out))
            if base is None and out._extra and out._extra.get("base") is not None:
                base = bases.get(id(out._extra["base"]))
        found.append(base)
    return found if any(b is not None for b in found) else None


def _views_of_inputs(name: str, args: tuple, outputs: tuple, bases: list,
                     grad_enabled: bool) -> tuple:
    """Outputs that share an input's memory become views of that input's base, as torch
    makes them (with grad mode on): `out._base` is the base, and writing them in place with
    grad mode on is refused (the custom backward would be bypassed), with torch's message
    naming this Function (autograd/node.view_write_error). With grad mode off an input
    returned as is comes back as a new tensor that does not require grad."""
    input_ids = {id(a) for a in args if isinstance(a, Tensor)}
    result = []
    for nr, (out, base) in enumerate(zip(outputs, bases)):
        if base is not None:
            if id(out) in input_ids:  # (not recorded: returned as is until now)
                out = Tensor(out._data, False, None, out._version_counter)
            if grad_enabled:
                extra = {"base": base, "grad_version": out._version_counter[0],
                         "multi_output": (name, nr)}
                if len(outputs) == 1:
                    extra["custom_view"] = True
                tangent = out._extra.get("tangent") if out._extra else None
                if tangent is not None:
                    extra["tangent"] = tangent
                out._extra = extra
        result.append(out)
    return tuple(result)


def _keep_saved(node: BackwardCFunction, outputs: tuple) -> None:
    """Store what save_for_backward received; outputs are kept without their tensor objects.
    Versions are taken now, after the forward, as torch does."""
    to_save = node.to_save
    if not to_save:
        return
    refuse_saved(to_save)  # (an inference tensor: torch's error)
    output_nr = {id(t): nr for nr, t in enumerate(outputs)
                 if isinstance(t, Tensor) and t.grad_fn is node}
    if open_blocks[0] and hooks_state.stack:
        node._saved, node._versions = pack_entries(tuple(to_save), output_nr)
        return
    entries, versions = [], []
    for t in to_save:
        if t is None:
            entries.append(None)
            versions.append(None)
            continue
        versions.append(t._version_counter[0])
        if id(t) in output_nr:
            entries.append(_SavedOutput(t, output_nr[id(t)]))
        else:
            entries.append(t)
    node._saved = tuple(entries)
    node._versions = tuple(versions)


# ---------------------------------------------------------------------- forward mode
def _input_tangents(args: tuple) -> list | None:
    """The forward-mode tangents of the arguments, or None when none has one."""
    if not forward_ad.state.active:
        return None
    tangents = [forward_ad.tangent_of(a) if isinstance(a, Tensor) else None for a in args]
    return tangents if any(t is not None for t in tangents) else None


def _attach_tangents(cls: type, node: BackwardCFunction, args: tuple, outputs: tuple,
                     tangents: list) -> None:
    """Forward mode: the user's jvp maps input tangents to output tangents (zeros stand in
    for tensor inputs without one, as torch materializes them)."""
    given = [t if t is not None or not isinstance(a, Tensor)
             else Tensor(np.zeros_like(a._data)) for a, t in zip(args, tangents)]
    node._jvp_running = True  # ctx.saved_tensors gives save_for_forward's tensors
    forward_ad.state.active = False
    try:
        result = cls.jvp(node, *given)
    finally:
        forward_ad.state.active = True
        del node._jvp_running
    if not isinstance(result, tuple):
        result = (result,)
    if len(result) != len(outputs):
        raise RuntimeError("Function's jvp returned an invalid number of forward gradients "
                           f"(expected {len(outputs)} but got {len(result)})")
    for out, tangent in zip(outputs, result):
        if not isinstance(out, Tensor) or tangent is None or out._data.dtype.kind != "f":
            continue
        if not isinstance(tangent, Tensor):
            raise RuntimeError(f"expected Tensor or None as forward gradient, got "
                               f"{type(tangent).__name__}")
        if tangent._data.shape != out._data.shape:
            raise RuntimeError(
                "Trying to set a forward gradient that has a different size than that of the "
                f"original Tensor, this is not supported. Tensor is of size "
                f"{list(out._data.shape)} while the given forward gradient is of size "
                f"{list(tangent._data.shape)}.")
        forward_ad.set_tangent(out, tangent)


# ---------------------------------------------------------------------- once_differentiable
_TWICE = "trying to differentiate twice a function that was marked with @once_differentiable"


class _DelayedError(Node):
    """Stands for the backward of a once_differentiable backward: differentiating it fails."""

    _plain_backward = False

    def __init__(self, next_nodes: tuple, next_nrs: tuple, num_outputs: int) -> None:
        super().__init__(None, next_nodes, next_nrs, (), None, (), None)
        self.num_outputs = num_outputs

    def name(self) -> str:
        return "torch::autograd::Error"

    def _run_backward(self, grads: list) -> tuple:
        raise RuntimeError(_TWICE)


_DelayedError.__name__ = _DelayedError.__qualname__ = "Error"


def once_differentiable(backward: Callable) -> Callable:
    """Decorate a Function's backward that cannot itself be differentiated: it runs with grad
    mode off, and differentiating its results (create_graph=True) raises an error."""

    @functools.wraps(backward)
    def wrapper(ctx, *grads):
        previous, _grad_state.enabled = _grad_state.enabled, False
        try:
            result = backward(ctx, *grads)
        finally:
            _grad_state.enabled = previous
        if not previous:
            return result
        sources = [g for g in grads if isinstance(g, Tensor) and g._requires_grad]
        if not sources:
            return result
        single = not isinstance(result, tuple)
        results = (result,) if single else result
        positions = [i for i, r in enumerate(results) if isinstance(r, Tensor)]
        error = _DelayedError(
            tuple(g.grad_fn if g.grad_fn is not None else accumulator_of(g) for g in sources),
            tuple(g._output_nr for g in sources), len(positions))
        results = list(results)
        for nr, i in enumerate(positions):
            r = results[i]
            wrapped = Tensor(r._data, True, error, r._version_counter)
            wrapped._output_nr = nr
            results[i] = wrapped
        return results[0] if single else tuple(results)

    return wrapper


# ---------------------------------------------------------------------- legacy names
class InplaceFunction(Function):
    """torch's base for functions with an `inplace` flag."""

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace


class NestedIOFunction(Function):
    """torch's legacy nested-input Function: not supported by ember."""

    @classmethod
    def apply(cls, *args, **kwargs):
        raise NotImplementedError(
            "NestedIOFunction is a deprecated torch API and is not supported by ember; write a "
            "Function with static forward/backward methods instead")
