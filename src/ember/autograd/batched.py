"""Many backward passes in one: vector-Jacobian products for a batch of cotangents.

`func.jacrev`, `func.hessian` and `autograd.functional.jacobian/hessian` need one
vector-Jacobian product per output element. `batched_vjp` computes them together: the
cotangents are stacked along a new leading dimension and every gradient in the pass keeps
that dimension (ops/_batched/ says how each op's formula takes it). It runs on arrays,
builds no graph, and returns None when some node on the way has no batched formula (or
hooks, or is a custom Function): the caller then runs one pass per row.
"""

from __future__ import annotations

import gc

import numpy as np

from .._fp_errors import quiet, restore
from .._grad_mode import state as grad_state
from .._tensor import Tensor
from ..ops._batched import Decline, batched_formula, sum_below_batch
from ..ops._batched.one_hot import OneHotRows, one_hot_step
from ..ops._symbolic_zero import SymbolicZeros, added, arriving, materialized
from . import anomaly
from .engine import _discover, _needed_nodes, target_edge, tracers
from .node import FREED, AccumulateGrad, holds_tensors

__all__ = ["batched_vjp", "batched_jacobian", "free_saved"]


def _plan(root_node, target_nodes: set) -> tuple[list, set, dict] | None:
    """The nodes that lead from the root to a target, in an order to run them, and each
    node's batched formula; None if one has none."""
    _, consumers = _discover([root_node], want_consumers=True)
    needed = _needed_nodes(target_nodes, consumers)
    formulas = {}
    for node in needed:
        if type(node) is AccumulateGrad:
            continue
        if node._hooks:
            return None
        if not node._plain_backward:  # a JointNode's formula for every output at once
            formula = getattr(node, "batched_joint", None)
            if formula is None:
                return None
            formulas[node] = formula
            continue
        formula = batched_formula(node.op)
        if formula is None:
            return None
        formulas[node] = formula
    # Newest first is an order in which every consumer runs before its producers (a node
    # is created after the nodes of its inputs); leaves, which have no inputs, come last.
    order = sorted(needed, key=lambda n: (type(n) is AccumulateGrad, -n._seq))
    return order, needed, formulas


def batched_vjp(output: Tensor, inputs: list, cotangents: np.ndarray | OneHotRows
                ) -> list | None:
    """The gradients of `output` w.r.t. `inputs` for each cotangent in `cotangents` (shape
    (B, *output.shape), or rows of an identity kept compact), as arrays of shape
    (B, *input.shape), None where an input is not reached; None altogether when the graph
    cannot be run batched."""
    if anomaly.state.enabled or tracers or output.grad_fn is None:
        return None
    root = output.grad_fn
    edges = [target_edge(x) for x in inputs]
    plan = _plan(root, {node for node, _ in edges})
    if plan is None:
        return None
    order, needed, formulas = plan
    batch = len(cotangents)
    buffers = {root: [None] * root.num_outputs}
    buffers[root][output._output_nr] = cotangents
    captured: dict = {}
    wanted = {node for node, _ in edges}
    previous = grad_state.enabled, grad_state.formula_arrays
    grad_state.enabled, grad_state.formula_arrays = False, True
    collecting = gc.isenabled()
    if collecting:
        gc.disable()
    fp_token = quiet()  # NumPy's floating-point warnings stay silent, as in run_backward
    try:
        for node in order:
            grads = buffers.pop(node, None)
            if node in wanted:
                captured[node] = grads
            if grads is None or type(node) is AccumulateGrad:
                continue
            g = grads[0]
            joint = not node._plain_backward
            if joint:  # (a JointNode: every output's batch, made dense)
                grads = [x.dense() if type(x) is OneHotRows else materialized(x)
                         for x in grads]
                g = next((x for x in grads if x is not None), None)
            if g is None:
                continue
            if _complex_at(node, g):
                return None  # (the batched formulas are written for real values)
            grads_in = None
            if joint:
                grads_in = formulas[node](node, grads)
            elif type(g) is OneHotRows:
                grads_in = one_hot_step(node, g)
                if grads_in is None:
                    g = g.dense()
            if type(g) is SymbolicZeros:
                g = arriving(g, node.op)
            if grads_in is None:
                try:
                    grads_in = formulas[node](node, g)
                except Decline:
                    return None
            meta = node.input_meta
            row_shape = g.shape if type(g) is OneHotRows else g.shape[1:]
            for i, child in enumerate(node._next_nodes):
                if child is None or child not in needed:
                    continue
                grad = grads_in[i]
                if grad is None:
                    continue
                if type(grad) is not OneHotRows:  # (one_hot_step gives them in shape)
                    grad = _to_input(grad, row_shape, g.dtype, batch,
                                     None if meta is None else meta[i])
                nr = node._next_nrs[i]
                buffer = buffers.get(child)
                if buffer is None:
                    buffer = buffers[child] = [None] * child.num_outputs
                buffer[nr] = grad if buffer[nr] is None else _sum(buffer[nr], grad)
    finally:
        restore(fp_token)
        grad_state.enabled, grad_state.formula_arrays = previous
        if collecting:
            gc.enable()
    results = []
    for node, nr in edges:
        grads = captured.get(node)
        grad = None if grads is None else grads[nr]
        results.append(grad.dense() if type(grad) is OneHotRows else materialized(grad))
    return results


def _complex_at(node, g) -> bool:
    """Whether complex values meet at this node: its gradient, or an input's dtype."""
    if g.dtype.kind == "c":
        return True
    meta = node.input_meta
    return meta is not None and any(m is not None and m[1].kind == "c" for m in meta)


def _sum(old, new):
    """Two batches of gradients for one input, added: compact if both are with the same
    positions."""
    if type(old) is OneHotRows and type(new) is OneHotRows:
        both = old.plus(new)
        if both is not None:
            return both
    if type(old) is OneHotRows:
        old = old.dense()
    if type(new) is OneHotRows:
        new = new.dense()
    return added(old, new)  # (symbolic zeros: ops/_symbolic_zero.py)


def _to_input(grad, row_shape: tuple, row_dtype, batch: int, meta) -> np.ndarray:
    """A formula's batched result in its input's (batched) shape and dtype (the shape and
    dtype of a row of the node's gradient when `meta` says nothing). Symbolic zeros stay
    symbolic where neither changes."""
    if type(grad) is not np.ndarray and type(grad) is not SymbolicZeros:
        grad = np.asarray(grad)
    if meta is None:
        shape, dtype = row_shape, row_dtype
    else:
        shape, dtype = meta
    if grad.ndim == len(shape):  # a result that does not depend on g (a zero): one per row
        grad = np.broadcast_to(grad, (batch,) + tuple(grad.shape))
    if grad.shape[1:] != tuple(shape):
        grad = sum_below_batch(grad, tuple(shape))
    if grad.dtype != dtype:
        grad = grad.astype(dtype)
    return grad


# Elements of the cotangent batch per pass when no chunk size is given: every gradient of
# the pass is this many times the size of its tensor, so memory stays bounded.
_ROWS_BUDGET = 1 << 24


def batched_jacobian(output: Tensor, inputs: list, chunk_size: int | None = None
                     ) -> list | None:
    """The Jacobian blocks of `output` w.r.t. each input as arrays shaped
    `output.shape + input.shape` (None for an input the output does not depend on), from
    batched passes of `chunk_size` rows; None when the graph cannot be run batched."""
    out_shape = output._data.shape
    n = output._data.size
    largest = max([n] + [x._data.size for x in inputs])
    rows = chunk_size or max(1, min(n, _ROWS_BUDGET // max(largest, 1)))
    pieces: list[list] = [[] for _ in inputs]
    for start in range(0, n, rows):
        # Rows start..stop of the identity, per chunk: the whole n x n identity of a large
        # output would not fit in memory. They stay compact while they can (one_hot.py).
        stop = min(start + rows, n)
        cotangents = OneHotRows.identity_rows(start, stop, out_shape, output._data.dtype)
        grads = batched_vjp(output, inputs, cotangents)
        if grads is None:
            return None
        for piece, grad in zip(pieces, grads):
            piece.append(grad)
    blocks = []
    for piece, x in zip(pieces, inputs):
        if any(p is None for p in piece):
            blocks.append(None)
        else:
            whole = piece[0] if len(piece) == 1 else np.concatenate(piece)
            blocks.append(whole.reshape(out_shape + x._data.shape))
    return blocks


def free_saved(output: Tensor, inputs: list) -> None:
    """Release what the nodes between `output` and `inputs` saved, as a backward pass
    without retain_graph does (a second pass then raises torch's error)."""
    plan = _plan(output.grad_fn, {target_edge(x)[0] for x in inputs})
    if plan is not None:
        for node in plan[0]:
            if type(node) is not AccumulateGrad and node._saved and \
                    holds_tensors(node._saved):
                node._saved = FREED
