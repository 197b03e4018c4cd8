"""`ember.autograd.backward` and `ember.autograd.grad`: checking arguments, then the engine."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .._tensor import Tensor
from .._warnings import warn_once
from . import forward_ad
from .engine import run_backward, target_edge

__all__ = ["backward", "grad"]

_CREATE_GRAPH_CYCLE = (
    "Using backward() with create_graph=True will create a reference cycle between the "
    "parameter and its gradient which can cause a memory leak. We recommend using "
    "autograd.grad when creating the graph to avoid this. If you have to use this function, "
    "make sure to reset the .grad fields of your parameters to None after use to break the "
    "cycle and avoid the leak."
)

_TensorOrTensors = Tensor | Sequence[Tensor]


def _as_tuple(value) -> tuple:
    if isinstance(value, Tensor):
        return (value,)
    return tuple(value)


def _root_gradients(outputs: tuple, grad_outputs, create_graph: bool) -> list[Tensor]:
    """One gradient per output: the given ones (checked) or ones for scalar outputs."""
    if grad_outputs is None:
        grad_outputs = (None,) * len(outputs)
    else:
        grad_outputs = _as_tuple(grad_outputs) if not isinstance(grad_outputs, Tensor) \
            else (grad_outputs,)
    for g in grad_outputs[:len(outputs)]:  # (torch looks at each pair before it counts)
        if g is not None and not isinstance(g, Tensor):
            raise TypeError(f"gradients can be either Tensors or None, but got {type(g).__name__}")
    if len(grad_outputs) != len(outputs):
        raise RuntimeError(
            f"grad requires one gradient per output: got {len(grad_outputs)} gradients "
            f"for {len(outputs)} outputs"
        )
    grads = []
    for i, (out, g) in enumerate(zip(outputs, grad_outputs)):
        if g is None:
            if out._data.size != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            if out._data.dtype.kind != "f":
                raise RuntimeError(
                    "grad can be implicitly created only for real scalar outputs but got "
                    f"{out.dtype}"
                )
            g = Tensor(np.ones(out._data.shape, out._data.dtype))  # (ones_like is Python code)
        else:
            if g._data.shape != out._data.shape:
                raise RuntimeError(
                    f"Mismatch in shape: grad_output[{i}] has a shape of {g.shape} and "
                    f"output[{i}] has a shape of {out.shape}."
                )
            if g._data.dtype != out._data.dtype:
                g = g.to(out.dtype)
            if not create_graph:
                g = g.detach()
        grads.append(g)
    return grads


def _check_outputs(outputs: tuple) -> None:
    for i, out in enumerate(outputs):
        if not isinstance(out, Tensor):
            raise TypeError(f"expected a Tensor as output {i}, got {type(out).__name__}")
        if not out._requires_grad:
            raise RuntimeError(
                f"element {i} of tensors does not require grad and does not have a grad_fn"
            )


def _check_input(t) -> None:
    if not isinstance(t, Tensor):
        raise RuntimeError(
            f"all inputs have to be Tensors or GradientEdges, but got {type(t).__name__}")


def backward(tensors: _TensorOrTensors, grad_tensors=None, retain_graph: bool | None = None,
             create_graph: bool = False, grad_variables=None, inputs=None) -> None:
    """Accumulate the gradients of `tensors` w.r.t. the graph's leaves into their `.grad`."""
    if grad_variables is not None:
        grad_tensors = grad_variables
    outputs = _as_tuple(tensors)
    _check_outputs(outputs)
    grads = _root_gradients(outputs, grad_tensors, create_graph)
    if retain_graph is None:
        retain_graph = create_graph
    if create_graph:
        warn_once("backward with create_graph", _CREATE_GRAPH_CYCLE)
    targets = target_tensors = None
    if inputs is not None:
        target_tensors = list(_as_tuple(inputs))
        if not target_tensors:
            raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
        for t in target_tensors:
            _check_input(t)
            if not t._requires_grad:
                raise RuntimeError("One of the differentiated Tensors does not require grad")
        targets = [target_edge(t) for t in target_tensors]
    roots = [(target_edge(out), g) for out, g in zip(outputs, grads)]
    run_backward(roots, retain_graph, create_graph, targets=targets,
                 target_tensors=target_tensors, root_arrays={id(g._data) for g in grads})


def grad(outputs: _TensorOrTensors, inputs: _TensorOrTensors, grad_outputs=None,
         retain_graph: bool | None = None, create_graph: bool = False, only_inputs: bool = True,
         allow_unused: bool | None = None, is_grads_batched: bool = False,
         materialize_grads: bool = False) -> tuple[Tensor | None, ...]:
    """The gradients of `outputs` w.r.t. `inputs`, returned rather than accumulated."""
    if materialize_grads and allow_unused is False:
        raise ValueError(
            "Expected allow_unused to be True or not passed when materialize_grads=True, "
            "but got: allow_unused=False."
        )
    if allow_unused is None:
        allow_unused = materialize_grads
    outputs = _as_tuple(outputs)
    input_tensors = _as_tuple(inputs)
    if not input_tensors:
        raise RuntimeError("`inputs` argument to `grad()` cannot be empty.")
    _check_outputs(outputs)
    for t in input_tensors:
        _check_input(t)
        if not t._requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    if is_grads_batched:
        return _batched_grad(outputs, input_tensors, grad_outputs, retain_graph, create_graph,
                             allow_unused, materialize_grads)
    grads = _root_gradients(outputs, grad_outputs, create_graph)
    if retain_graph is None:
        retain_graph = create_graph
    roots = [(target_edge(out), g) for out, g in zip(outputs, grads)]
    targets = [target_edge(t) for t in input_tensors]
    results = run_backward(roots, retain_graph, create_graph, targets=targets, capture=True)
    final = []
    for index, (t, g) in enumerate(zip(input_tensors, results)):
        if g is None:
            if materialize_grads:
                g = Tensor(np.zeros_like(t._data))
            elif not allow_unused:
                raise RuntimeError(
                    f"The differentiated Tensor at index {index} appears to not have been used "
                    "in the graph. Set allow_unused=True if this is the desired behavior."
                )
        elif not create_graph:
            detached = g.detach()
            if forward_ad.state.active:  # torch keeps a gradient's tangent when detaching
                forward_ad.copy_tangent(g, detached)
            g = detached
        final.append(g)
    return tuple(final)


_BATCHED_SHAPES = (
    "If `is_grads_batched=True`, we interpret the first dimension of each grad_output as the "
    "batch dimension. The sizes of the remaining dimensions are expected to match the shape "
    "of corresponding output, but a mismatch was detected: grad_output[{i}] has a shape of "
    "{got} and output[{i}] has a shape of {expected}. If you only want some tensors in "
    "`grad_output` to be considered batched, consider using vmap."
)


def _batched_grad(outputs: tuple, inputs: tuple, grad_outputs, retain_graph: bool | None,
                  create_graph: bool, allow_unused: bool, materialize_grads: bool) -> tuple:
    """grad(..., is_grads_batched=True): each grad_output carries a leading batch dimension
    and so does each result. One batched backward pass (autograd/batched.py) where it
    applies, else one pass per row, stacked."""
    from ..ops.shape_copies import stack
    from .batched import batched_vjp, free_saved

    cotangents = _as_tuple(grad_outputs) if grad_outputs is not None else (None,) * len(outputs)
    if len(cotangents) != len(outputs):
        raise RuntimeError(
            f"grad requires one gradient per output: got {len(cotangents)} gradients "
            f"for {len(outputs)} outputs")
    for i, (out, g) in enumerate(zip(outputs, cotangents)):
        if not isinstance(g, Tensor):
            raise RuntimeError("grad can be implicitly created only for scalar outputs")
        if tuple(g._data.shape[1:]) != tuple(out._data.shape):
            raise RuntimeError(_BATCHED_SHAPES.format(i=i, got=g.shape[1:], expected=out.shape))
    if retain_graph is None:
        retain_graph = create_graph
    results = None
    if len(outputs) == 1 and not create_graph:
        arrays = batched_vjp(outputs[0], list(inputs),
                             cotangents[0]._data.astype(outputs[0]._data.dtype, copy=False))
        if arrays is not None:
            results = [None if a is None else Tensor(a) for a in arrays]
            if not retain_graph:
                free_saved(outputs[0], list(inputs))
    if results is None:
        rows = [grad(outputs, inputs, [g[b] for g in cotangents], retain_graph=True,
                     create_graph=create_graph, allow_unused=True)
                for b in range(cotangents[0]._data.shape[0])]
        results = [None if any(r[k] is None for r in rows) else stack([r[k] for r in rows])
                   for k in range(len(inputs))]
    final = []
    for index, (t, g) in enumerate(zip(inputs, results)):
        if g is None:
            if materialize_grads:
                g = Tensor(np.zeros_like(t._data))  # torch materializes them unbatched
            elif not allow_unused:
                raise RuntimeError(
                    f"The differentiated Tensor at index {index} appears to not have been used "
                    "in the graph. Set allow_unused=True if this is the desired behavior.")
        final.append(g)
    return tuple(final)
