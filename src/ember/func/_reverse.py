"""Reverse-mode transforms: grad, grad_and_value, vjp, jacrev.

Each runs `f` once on the scope's inputs (see _scope.py) with grad mode on, then asks the
engine for gradients: once for grad/vjp, once per output element for jacrev (the rows of
the Jacobian), reusing the graph.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np

from .._grad_mode import enable_grad
from .._tensor import Tensor
from ..autograd._transforms_active import running
from ..autograd.backward import grad as autograd_grad
from ..autograd.batched import batched_jacobian, batched_vjp
from ..ops.shape_copies import stack
from ._common import (
    DiffArgs,
    check_aux,
    check_outputs,
    check_real_leaves,
    check_transform_inputs,
    reverse_pass,
    split_aux,
    zeros_like,
)
from ._pytree import tree_flatten, tree_unflatten
from ._scope import TransformScope

__all__ = ["grad", "grad_and_value", "vjp", "jacrev"]

_GRAD = "grad_and_value(f)(*args)"


def _run_on_fresh_inputs(scope: TransformScope, func: Callable, args: tuple, argnums,
                         kwargs: dict, has_aux: bool, where: str):
    """Call `func` with the differentiated arguments replaced by the scope's inputs (grad mode
    must be on). Returns the argument bookkeeping, those inputs, the output and the aux."""
    diff = DiffArgs(args, argnums)
    check_transform_inputs(diff.leaves)
    inputs = [scope.input(t) for t in diff.leaves]
    with running():
        output = func(*diff.substitute(inputs), **kwargs)
    aux = None
    if has_aux:
        output, aux = split_aux(output, where)
        if where != _GRAD:  # (grad checks its output first)
            check_aux(aux)
    return diff, inputs, output, aux


def grad_and_value(func: Callable, argnums: int | tuple[int, ...] = 0,
                   has_aux: bool = False) -> Callable:
    """A function returning `(gradient, value)` of the scalar function `func` (with
    `has_aux`, `(gradient, (value, aux))`), the gradient taken w.r.t. the arguments
    `argnums` (each may be a tuple, list or dict of tensors)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        scope = TransformScope()
        with enable_grad():
            diff, inputs, output, aux = _run_on_fresh_inputs(scope, func, args, argnums,
                                                             kwargs, has_aux, _GRAD)
            if not isinstance(output, Tensor):
                raise RuntimeError(f"{_GRAD}: Expected f(*args) to return a Tensor, "
                                   f"got {type(output)}")
            if output.dim() != 0:
                raise RuntimeError(
                    f"{_GRAD}: Expected f(*args) to return a scalar Tensor, got tensor with "
                    f"{output.dim()} dims. Maybe you wanted to use the vjp or jacrev APIs "
                    "instead?"
                )
            if has_aux:
                check_aux(aux)
            keep = scope.keeps_graph([output])
            grads = reverse_pass([output], inputs, [None], create_graph=keep,
                                 retain_graph=keep)
        value = output if keep else output.detach()
        if has_aux:
            return diff.pack(grads), (value, scope.export(aux))
        return diff.pack(grads), value

    return wrapper


def grad(func: Callable, argnums: int | tuple[int, ...] = 0, has_aux: bool = False) -> Callable:
    """A function returning the gradient of the scalar function `func` w.r.t. the arguments
    `argnums` (with `has_aux`, `(gradient, aux)`). Compose freely: `grad(grad(f))`,
    `vmap(grad(f))`."""
    inner = grad_and_value(func, argnums, has_aux)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        gradient, value = inner(*args, **kwargs)
        if has_aux:
            return gradient, value[1]
        return gradient

    return wrapper


def vjp(func: Callable, *primals: Any, has_aux: bool = False):
    """`(func(*primals), vjp_fn)`: `vjp_fn(cotangents)` returns one gradient per primal of
    `<func(*primals), cotangents>` (cotangents shaped like the output). With `has_aux`,
    `(output, vjp_fn, aux)`."""
    scope = TransformScope()
    where = "vjp(f, *primals)"
    with enable_grad():
        diff, inputs, output, aux = _run_on_fresh_inputs(
            scope, func, primals, tuple(range(len(primals))), {}, has_aux, where)
        out_leaves, out_spec = tree_flatten(output)
        check_outputs(out_leaves, where, floating=True)
        keep_output = scope.keeps_graph(out_leaves)

    def vjp_fn(cotangents: Any, retain_graph: bool = True, create_graph: bool | None = None):
        cot_leaves, cot_spec = tree_flatten(cotangents)
        if cot_spec != out_spec:
            raise RuntimeError(
                "Expected pytree structure of cotangents to be the same as pytree structure of "
                f"outputs to the function. cotangents: {cot_spec.pprint()}, primal output: "
                f"{out_spec.pprint()}"
            )
        for c in cot_leaves:
            if c is not None and not isinstance(c, Tensor):
                raise TypeError(
                    f"gradients can be either Tensors or None, but got {type(c).__name__}")
        if create_graph is None:
            create_graph = scope.ambient_grad and (keep_output or any(
                c is not None and c._requires_grad for c in cot_leaves))
        with enable_grad():
            grads = reverse_pass(out_leaves, inputs, cot_leaves, create_graph=create_graph,
                                 retain_graph=retain_graph or create_graph)
        return diff.pack(grads)

    def batched_vjp_fn(stacked: Any) -> Any:
        """vmap(vjp_fn) over cotangents stacked along dim 0, as one batched backward pass
        (autograd/batched.py) when that applies; None to let vmap run one call per row."""
        cot_leaves, cot_spec = tree_flatten(stacked)
        if (cot_spec != out_spec or len(out_leaves) != 1 or keep_output
                or not isinstance(cot_leaves[0], Tensor) or cot_leaves[0]._requires_grad
                or not out_leaves[0]._requires_grad
                or tuple(cot_leaves[0].shape[1:]) != tuple(out_leaves[0].shape)):
            return None
        cotangents = cot_leaves[0].detach().numpy().astype(out_leaves[0]._data.dtype)
        grads = batched_vjp(out_leaves[0], inputs, cotangents)
        if grads is None:
            return None
        batch = cotangents.shape[0]
        return diff.pack([Tensor(np.zeros((batch,) + x._data.shape, x._data.dtype))
                          if g is None else Tensor(g) for g, x in zip(grads, inputs)])

    vjp_fn._vmap_over_dim0 = batched_vjp_fn  # read by vmap (func/_vmap.py)
    shown = output if keep_output else tree_unflatten([t.detach() for t in out_leaves],
                                                       out_spec)
    if has_aux:
        return shown, vjp_fn, scope.export(aux)
    return shown, vjp_fn


def _check_chunk_size(chunk_size: int | None) -> None:
    if chunk_size is not None and not (isinstance(chunk_size, int) and chunk_size > 0):
        raise ValueError("jacrev: `chunk_size` should be greater than 0.")


def jacrev(func: Callable, argnums: int | tuple[int, ...] = 0, *, has_aux: bool = False,
           chunk_size: int | None = None, _preallocate_and_copy: bool = False) -> Callable:
    """A function returning the Jacobian of `func` w.r.t. the arguments `argnums`, computed
    in reverse mode: all output elements' rows in batched backward passes of `chunk_size`
    rows (by default as many as fit a memory budget), or one row at a time where an op on
    the way has no batched formula or the graph must be kept. Each Jacobian block has shape
    `output.shape + input.shape`; blocks are nested like the outputs, then like the inputs."""
    _check_chunk_size(chunk_size)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        check_real_leaves(args, "jacrev", "inputs")
        scope = TransformScope()
        where = "vjp(f, *primals)"
        with enable_grad():
            diff, inputs, output, aux = _run_on_fresh_inputs(scope, func, args, argnums,
                                                             kwargs, has_aux, where)
            check_real_leaves(output, "jacrev", "outputs")
            out_leaves, out_spec = tree_flatten(output)
            check_outputs(out_leaves, where, floating=True)
            keep = scope.keeps_graph(out_leaves)
            rows = [_jacobian_rows(out, inputs, keep, chunk_size) for out in out_leaves]
            blocks = [diff.pack(r) for r in _with_zero_cotangents(rows, out_leaves, inputs,
                                                                  keep)]
        jacobian = tree_unflatten(blocks, out_spec)
        if has_aux:
            return jacobian, scope.export(aux)
        return jacobian

    return wrapper


def _with_zero_cotangents(blocks: list, outputs: list, inputs: list, keep: bool) -> list:
    """The Jacobian blocks as torch's jacrev computes them: each row is one vjp of all the
    outputs together, the other outputs' cotangents zero. Their terms `0 * J_j` add nothing
    but NaN where J_j is infinite or NaN (jacrev(lambda x: (x.sqrt(), 2 * x)) at 0 gives NaN
    rows in both blocks) and +0 over -0. One extra backward pass per output that has a
    graph adds them to the blocks computed one output at a time."""
    live = [j for j, out in enumerate(outputs) if out._requires_grad and out._data.size]
    if len(outputs) < 2 or not live:
        return blocks
    terms = {j: autograd_grad([outputs[j]], inputs, [zeros_like(outputs[j])],
                              retain_graph=True, create_graph=keep, allow_unused=True)
             for j in live}
    result = []
    for k, per_input in enumerate(blocks):
        summed = []
        for i, block in enumerate(per_input):
            for j in live:
                term = terms[j][i]
                if j != k and term is not None:
                    block = block + term  # (broadcast over the rows)
            summed.append(block)
        result.append(summed)
    return result


def _jacobian_rows(output: Tensor, inputs: list, create_graph: bool,
                   chunk_size: int | None = None) -> list:
    """The Jacobian blocks of one output w.r.t. each input: all rows in batched passes when
    no graph is kept (autograd/batched.py), else one backward pass per element of the
    output, each giving a row (the gradient of that element)."""
    out_shape = output._data.shape
    n = output._data.size
    if not output._requires_grad or n == 0:
        return [zeros_like(x, out_shape + x._data.shape) for x in inputs]
    if not create_graph:
        blocks = batched_jacobian(output, inputs, chunk_size)
        if blocks is not None:
            return [zeros_like(x, out_shape + x._data.shape) if block is None
                    else Tensor(block) for block, x in zip(blocks, inputs)]
    rows: list[list] = [[] for _ in inputs]
    for element in range(n):
        onehot = np.zeros(n, dtype=output._data.dtype)
        onehot[element] = 1
        cotangent = Tensor(onehot.reshape(out_shape))
        for row_list, g in zip(rows, reverse_pass([output], inputs, [cotangent],
                                                   create_graph=create_graph)):
            row_list.append(g)
    return [stack(row_list).reshape(out_shape + x._data.shape)
            for row_list, x in zip(rows, inputs)]
