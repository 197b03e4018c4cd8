"""Activation checkpointing (torch.utils.checkpoint): trade compute for memory.

`checkpoint(function, *args)` runs `function` without keeping the intermediate values its
backward would need, and runs it again during the backward pass to get them back. The
gradients are those of the plain call; the memory held between forward and backward is
only what the checkpointed segment's nodes need besides those values.

Two variants, as in torch:

- `use_reentrant=True` (torch's default when the argument is left out, with a warning): a
  custom Function whose forward runs `function` under no_grad, and whose backward reruns it
  with grad enabled and backpropagates through the rerun with a nested `backward()` call.
  Like torch's, it cannot be used inside `autograd.grad()` or `backward(inputs=...)`, and
  takes no keyword arguments.
- `use_reentrant=False`: `function` runs normally, recording its graph, but under
  `saved_tensors_hooks` that store only a placeholder for each saved tensor. The first time
  the backward reads one, `function` is rerun (same RNG state) to recompute them all; each
  recomputed value is dropped once its node has run. Works with autograd.grad, keyword
  arguments, and inputs that do not require grad.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from typing import Any

from .._creation import default_generator
from .._grad_mode import enable_grad, no_grad
from .._tensor import Tensor
from .._warnings import warn
from ..autograd.engine import pass_state
from ..autograd.function import Function
from ..autograd.graph import saved_tensors_hooks

__all__ = ["checkpoint", "checkpoint_sequential", "CheckpointError", "CheckpointFunction"]

_PASS_EXPLICITLY = (
    "{where}: the use_reentrant parameter should be passed explicitly. {when}"
    "use_reentrant=False is recommended, but if you need to preserve the current default "
    "behavior, you can pass use_reentrant=True. Refer to docs for more details on the "
    "differences between the two variants."
)


class CheckpointError(RuntimeError):
    """The recomputation in backward did not reproduce the forward's saved tensors."""


class _RngState:
    """The global generator's state at forward time, restored around the recomputation so
    random ops (dropout) draw the same numbers; the surrounding state is left untouched."""

    def __init__(self, enabled: bool) -> None:
        self.state = default_generator.get_state() if enabled else None

    def __enter__(self) -> None:
        if self.state is not None:
            self.outer = default_generator.get_state()
            default_generator.set_state(self.state)

    def __exit__(self, *exc) -> None:
        if self.state is not None:
            default_generator.set_state(self.outer)


# ---------------------------------------------------------------------- reentrant variant
class CheckpointFunction(Function):
    """The reentrant checkpoint as a custom Function (its node prints as
    CheckpointFunctionBackward, as torch's)."""

    @staticmethod
    def forward(ctx, run_function: Callable, preserve_rng_state: bool, *args):
        if not any(isinstance(a, Tensor) and a._requires_grad for a in args):
            warn("None of the inputs have requires_grad=True. Gradients will be None")
        ctx.run_function = run_function
        ctx.rng = _RngState(preserve_rng_state)
        ctx.inputs = [None if isinstance(a, Tensor) else a for a in args]
        ctx.tensor_indices = [i for i, a in enumerate(args) if isinstance(a, Tensor)]
        ctx.save_for_backward(*[a for a in args if isinstance(a, Tensor)])
        with no_grad():
            return run_function(*args)

    @staticmethod
    def backward(ctx, *grads):
        if pass_state.partial:
            raise RuntimeError(
                "When use_reentrant=True, torch.utils.checkpoint is incompatible with .grad() "
                "or passing an `inputs` parameter to .backward(). To resolve this error, you "
                "can either set use_reentrant=False, or call .backward() without passing the "
                "`inputs` argument.")
        inputs = list(ctx.inputs)
        for index, tensor in zip(ctx.tensor_indices, ctx.saved_tensors):
            # Fresh leaves: the rerun's graph ends at them, and their .grad is the answer.
            detached = tensor.detach()
            detached._requires_grad = tensor._requires_grad
            inputs[index] = detached
        with ctx.rng, enable_grad():
            outputs = ctx.run_function(*inputs)
        outputs = (outputs,) if isinstance(outputs, Tensor) else tuple(outputs)
        pairs = [(out, g) for out, g in zip(outputs, grads)
                 if isinstance(out, Tensor) and out._requires_grad]
        if not pairs:
            raise RuntimeError(
                "none of output has requires_grad=True, this checkpoint() is not necessary")
        from ..autograd import backward

        backward([out for out, _ in pairs], [g for _, g in pairs])
        return (None, None) + tuple(x._grad if isinstance(x, Tensor) else None for x in inputs)


# ---------------------------------------------------------------------- hooks variant
class _Slot:
    """What a node keeps for one tensor saved inside a non-reentrant checkpoint: its
    position in the saving order. The slot lives as long as the node keeps its saved
    tensors (until its backward ran, unless retain_graph), and so does its recomputed value."""

    __slots__ = ("index", "__weakref__")

    def __init__(self, index: int) -> None:
        self.index = index


class _Recomputation:
    """The saved-tensor hooks of one non-reentrant checkpoint call.

    pack: record the tensor's shape and dtype, and give the node a `_Slot` instead of it.
    unpack: the recomputed value of the slot, rerunning the function first if it is not at
    hand. Recomputed values are kept per slot, weakly: a backward formula may read a saved
    tensor several times, and a value goes away with the node that needed it.
    """

    def __init__(self, function: Callable, args: tuple, kwargs: dict, rng: _RngState,
                 determinism_check: str) -> None:
        self.function, self.args, self.kwargs, self.rng = function, args, kwargs, rng
        self.check = determinism_check != "none"
        self.metadata: list[tuple] = []
        self.slots: list[weakref.ref] = []
        self.recomputed: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def pack(self, tensor: Tensor) -> _Slot:
        slot = _Slot(len(self.metadata))
        self.metadata.append((tuple(tensor._data.shape), tensor._data.dtype))
        self.slots.append(weakref.ref(slot))
        return slot

    def unpack(self, slot: _Slot) -> Tensor:
        value = self.recomputed.get(slot)
        if value is None:
            self._recompute()
            value = self.recomputed[slot]
        return value

    def _recompute(self) -> None:
        values: list = []

        def keep(tensor: Tensor) -> int:
            values.append(tensor.detach())  # its values only: unpacking reconnects them
            return len(values) - 1

        with self.rng, enable_grad(), saved_tensors_hooks(keep, _unreachable):
            self.function(*self.args, **self.kwargs)
        if len(values) != len(self.metadata):
            raise CheckpointError(
                "torch.utils.checkpoint: A different number of tensors was saved during the "
                "original forward and recomputation.\nNumber of tensors saved during forward: "
                f"{len(self.metadata)}\nNumber of tensors saved during recomputation: "
                f"{len(values)}")
        for i, (value, (shape, dtype)) in enumerate(zip(values, self.metadata)):
            if self.check and (tuple(value._data.shape), value._data.dtype) != (shape, dtype):
                raise CheckpointError(
                    "torch.utils.checkpoint: Recomputed values for the following tensors "
                    "have different metadata than during the forward pass.\n"
                    f"tensor at position {i}:\nsaved metadata: {{'shape': {list(shape)}, "
                    f"'dtype': {dtype}}}\nrecomputed metadata: {{'shape': "
                    f"{list(value._data.shape)}, 'dtype': {value._data.dtype}}}")
            slot = self.slots[i]()
            if slot is not None:  # values of nodes that already ran are not kept
                self.recomputed[slot] = value


def _unreachable(packed):
    raise AssertionError("tensors saved during a checkpoint recomputation are never unpacked")


# ---------------------------------------------------------------------- public API
def checkpoint(function: Callable, *args: Any, use_reentrant: bool | None = None,
               context_fn: Callable | None = None, determinism_check: str = "default",
               debug: bool = False, preserve_rng_state: bool = True, **kwargs: Any) -> Any:
    """Run `function(*args, **kwargs)` without keeping its intermediate values for backward;
    the backward pass recomputes them. Returns what `function` returns."""
    if use_reentrant is None:
        warn(_PASS_EXPLICITLY.format(
            where="torch.utils.checkpoint",
            when="Starting in PyTorch 2.9, calling checkpoint without use_reentrant will raise "
                 "an exception. "))
        use_reentrant = True
    if context_fn is not None or debug:
        if use_reentrant:
            raise ValueError("Passing `context_fn` or `debug` is only supported when "
                             "use_reentrant=False.")
        raise NotImplementedError(
            "checkpoint(context_fn=..., debug=True) is not supported by ember; leave them out")
    if determinism_check not in ("default", "none"):
        raise ValueError("determinism_check should be one of ['default', 'none'], but got "
                         f"{determinism_check}")
    if use_reentrant:
        if kwargs:
            raise ValueError("Unexpected keyword arguments: " + ",".join(kwargs))
        return CheckpointFunction.apply(function, preserve_rng_state, *args)
    recomputation = _Recomputation(function, args, kwargs, _RngState(preserve_rng_state),
                                   determinism_check)
    with saved_tensors_hooks(recomputation.pack, recomputation.unpack):
        return function(*args, **kwargs)


def checkpoint_sequential(functions: Iterable[Callable], segments: int, input: Any,
                          use_reentrant: bool | None = None, **kwargs: Any) -> Any:
    """Run `functions` one after another on `input`, checkpointing all but the last of
    `segments` equal segments."""
    if use_reentrant is None:
        warn(_PASS_EXPLICITLY.format(
            where="torch.utils.checkpoint.checkpoint_sequential",
            when="In version 2.9 we will raise an exception if use_reentrant is not passed. "))
        use_reentrant = True
    preserve = kwargs.pop("preserve_rng_state", True)
    if kwargs:
        raise ValueError("Unexpected keyword arguments: " + ",".join(kwargs))
    children = getattr(functions, "children", None)
    functions = list(children() if callable(children) else functions)

    def run(start: int, end: int) -> Callable:
        def forward(value):
            for fn in functions[start:end]:
                value = fn(value)
            return value

        return forward

    size = len(functions) // segments
    end = 0
    for start in range(0, size * (segments - 1), size):
        end = start + size
        input = checkpoint(run(start, end), input, use_reentrant=use_reentrant,
                           preserve_rng_state=preserve)
    return run(end, len(functions))(input)
