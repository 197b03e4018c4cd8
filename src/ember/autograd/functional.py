"""ember.autograd.functional: Jacobians, Hessians and their products, as torch.autograd.functional.

    vjp(func, inputs, v)        v^T J           jvp(func, inputs, v)        J v
    jacobian(func, inputs)      J               hessian(func, inputs)       H
    vhp(func, inputs, v)        v^T H           hvp(func, inputs, v)        H v

`inputs` is a Tensor or a tuple of Tensors, and `func` returns a Tensor or a tuple of
Tensors; results are tuples exactly where torch's are (a tuple input gives a tuple per
input, a tuple output a tuple per output). Unless `create_graph=True`, results are detached.
With `strict=True`, an output that does not depend on an input is an error instead of a
zero. Forward-mode products use the double-backward trick (`J v` is the derivative of the
linear map `u -> J^T u` along `v`), as torch's do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .._grad_mode import enable_grad, is_grad_enabled, set_grad_enabled
from .._tensor import Tensor
from .backward import grad as _autograd_grad
from .batched import batched_jacobian

__all__ = ["vjp", "jvp", "jacobian", "hessian", "hvp", "vhp"]

_Inputs = Tensor | tuple[Tensor, ...]
_OUTPUTS = "outputs of the user-provided function"


# ---------------------------------------------------------------------- argument handling
def _tensors(value: Any, arg_name: str, fn_name: str) -> tuple[bool, tuple]:
    """(was it a tuple, the tensors as a tuple), refusing anything but tensors."""
    is_tuple = isinstance(value, tuple)
    items = value if is_tuple else (value,)
    for i, item in enumerate(items):
        if not isinstance(item, Tensor):
            which = (f"the value at index {i} has type {type(item)}" if is_tuple
                     else f"the given {arg_name} has type {type(item)}")
            raise TypeError(f"The {arg_name} given to {fn_name} must be either a Tensor or a "
                            f"tuple of Tensors but {which}.")
    return is_tuple, items


def _differentiable(tensors: tuple, create_graph: bool, need_graph: bool = True) -> tuple:
    """The inputs func will see: their own leaves, or, when the caller builds a graph through
    them (create_graph with inputs that require grad), aliases that keep it connected."""
    return tuple(t.view_as(t) if create_graph and t._requires_grad
                 else t.detach().requires_grad_(need_graph) for t in tensors)


def _check_v(v: tuple, refs: tuple, refs_are_tuple: bool) -> None:
    if len(v) != len(refs):
        if refs_are_tuple:
            raise RuntimeError(
                f"v is a tuple of invalid length: should be {len(refs)} but got {len(v)}.")
        raise RuntimeError("The given v should contain a single Tensor.")
    for i, (vi, ref) in enumerate(zip(v, refs)):
        if vi.shape != ref.shape:
            where = f"Entry {i} in " if refs_are_tuple else ""
            raise RuntimeError(
                f"{where}v has invalid size: should be {ref.size()} but got {vi.size()}.")


def _single_element_v_needed(tensors: tuple, what: str) -> None:
    if len(tensors) != 1 or tensors[0].numel() != 1:
        raise RuntimeError(f"The vector v can only be None if {what} a single Tensor with a "
                           "single element.")


def _unpack(results: tuple | list, outer_is_tuple: bool, inner_is_tuple: bool | None = None):
    """Drop the tuple levels that the caller did not use."""
    if inner_is_tuple is not None and not inner_is_tuple:
        results = type(results)(r[0] for r in results)
    return results if outer_is_tuple else results[0]


def _finish(tensors: tuple, create_graph: bool) -> tuple:
    """Detach results (recursively through tuples) unless the caller asked for a graph."""
    if create_graph:
        return tensors
    return tuple(_finish(t, False) if isinstance(t, tuple) else t.detach() for t in tensors)


def _zeros_like(t: Tensor) -> Tensor:
    return Tensor(np.zeros_like(t._data))


# ---------------------------------------------------------------------- strict mode
def _strict_requires_grad(tensors: tuple, kind: str, strict: bool) -> None:
    """In strict mode, every tensor (outputs, gradients...) must depend on the inputs."""
    if not strict:
        return
    for i, t in enumerate(tensors):
        if t is None:
            raise RuntimeError(f"The output of the user-provided function is independent of "
                               f"input {i}. This is not allowed in strict mode.")
        if t._requires_grad:
            continue
        if kind == "hessian":
            raise RuntimeError(
                f"The hessian of the user-provided function with respect to input {i} is "
                "independent of the input. This is not allowed in strict mode. You should "
                "ensure that your function is thrice differentiable and that the hessian "
                "depends on the inputs.")
        if kind == "jacobian":
            raise RuntimeError(
                "While computing the hessian, found that the jacobian of the user-provided "
                f"function with respect to input {i} is independent of the input. This is not "
                "allowed in strict mode. You should ensure that your function is twice "
                "differentiable and that the jacobian depends on the inputs (this would be "
                "violated by a linear function for example).")
        if kind == "grad_inputs":
            raise RuntimeError(
                f"The gradient with respect to input {i} is independent of the inputs of the "
                "user-provided function. This is not allowed in strict mode.")
        raise RuntimeError(
            f"Output {i} of the user-provided function does not require gradients. The outputs "
            "must be computed in a differentiable manner from the input when running in strict "
            "mode.")


_MISSING = {
    "back": "The output of the user-provided function is independent of input {i}. This is "
            "not allowed in strict mode.",
    "back_trick": "The gradient with respect to the input is independent of entry {i} in the "
                  "grad_outputs when using the double backward trick to compute forward mode "
                  "gradients. This is not allowed in strict mode.",
    "double_back": "The jacobian of the user-provided function is independent of input {i}. "
                   "This is not allowed in strict mode.",
    "double_back_trick": "The hessian of the user-provided function is independent of entry "
                         "{i} in the grad_jacobian. This is not allowed in strict mode as it "
                         "prevents from using the double backward trick to replace forward "
                         "mode AD.",
}


def _fill_zeros(grads: tuple, refs: tuple, strict: bool, create_graph: bool, stage: str) -> tuple:
    """Zeros for missing gradients (errors in strict mode, as are constant ones under
    create_graph, which could not be differentiated further)."""
    filled = []
    for i, (g, ref) in enumerate(zip(grads, refs)):
        if g is None:
            if strict:
                raise RuntimeError(_MISSING[stage].format(i=i))
            g = _zeros_like(ref)
        elif strict and create_graph and not g._requires_grad:
            what = "hessian" if "double" in stage else "jacobian"
            raise RuntimeError(f"The {what} of the user-provided function is independent of "
                               f"input {i}. This is not allowed in strict mode when "
                               "create_graph=True.")
        filled.append(g)
    return tuple(filled)


def _grad(outputs: tuple, inputs: tuple, grad_outputs: tuple | None, create_graph: bool,
          retain_graph: bool | None = None) -> tuple:
    """autograd.grad over the outputs that require grad; None for every input if none does."""
    if grad_outputs is None:
        grad_outputs = (None,) * len(outputs)
    pairs = [(o, g) for o, g in zip(outputs, grad_outputs) if o is not None and o._requires_grad]
    if not pairs:
        return (None,) * len(inputs)
    return _autograd_grad([o for o, _ in pairs], inputs, [g for _, g in pairs],
                          retain_graph=retain_graph, create_graph=create_graph,
                          allow_unused=True)


def _call(func: Callable, inputs: tuple, fn_name: str, strict: bool) -> tuple[bool, tuple]:
    is_tuple, outputs = _tensors(func(*inputs), _OUTPUTS, fn_name)
    _strict_requires_grad(outputs, "outputs", strict)
    return is_tuple, outputs


def _prepared_v(v: Any, refs: tuple, refs_are_tuple: bool, create_graph: bool, fn_name: str,
                what: str) -> tuple | None:
    if v is None:
        _single_element_v_needed(refs, what)
        return None
    _, v = _tensors(v, "v", fn_name)
    v = _differentiable(v, create_graph, need_graph=False)
    _check_v(v, refs, refs_are_tuple)
    return v


# ---------------------------------------------------------------------- products
def vjp(func: Callable, inputs: _Inputs, v: _Inputs | None = None, create_graph: bool = False,
        strict: bool = False):
    """`(func(inputs), v^T J)`: the vector-Jacobian product, shaped like the inputs."""
    with enable_grad():
        inputs_are_tuple, inputs = _tensors(inputs, "inputs", "vjp")
        inputs = _differentiable(inputs, create_graph)
        outputs_are_tuple, outputs = _call(func, inputs, "vjp", strict)
        v = _prepared_v(v, outputs, outputs_are_tuple, create_graph, "vjp",
                        "the user-provided function returns")
    with set_grad_enabled(create_graph or is_grad_enabled()):
        grads = _grad(outputs, inputs, v, create_graph)
        product = _fill_zeros(grads, inputs, strict, create_graph, "back")
    return (_unpack(_finish(outputs, create_graph), outputs_are_tuple),
            _unpack(_finish(product, create_graph), inputs_are_tuple))


def _double_backward_jvp(outputs: tuple, inputs: tuple, v: tuple | None, strict: bool,
                         create_graph: bool) -> tuple:
    """J v by the double-backward trick, one entry per output."""
    with enable_grad():
        dummies = tuple(_zeros_like(o).requires_grad_() for o in outputs)
        grad_inputs = _grad(outputs, inputs, dummies, create_graph=True)
        _strict_requires_grad(grad_inputs, "grad_inputs", strict)
    with set_grad_enabled(create_graph or is_grad_enabled()):
        pushed = _grad(grad_inputs, dummies, v, create_graph=create_graph)
        return _fill_zeros(pushed, outputs, strict, create_graph, "back_trick")


def _call_with_input_vector(func: Callable, inputs: _Inputs, v, create_graph: bool,
                            strict: bool, name: str) -> tuple:
    """The shared start of jvp/hvp/vhp (grad mode on): checked inputs, `v` shaped like the
    inputs, and the outputs of `func`, each with whether it was given as a tuple."""
    inputs_are_tuple, inputs = _tensors(inputs, "inputs", name)
    inputs = _differentiable(inputs, create_graph)
    v = _prepared_v(v, inputs, inputs_are_tuple, create_graph, name,
                    "the input to the user-provided function is")
    outputs_are_tuple, outputs = _call(func, inputs, name, strict)
    return inputs_are_tuple, inputs, v, outputs_are_tuple, outputs


def jvp(func: Callable, inputs: _Inputs, v: _Inputs | None = None, create_graph: bool = False,
        strict: bool = False):
    """`(func(inputs), J v)`: the Jacobian-vector product, shaped like the outputs."""
    with enable_grad():
        inputs_are_tuple, inputs, v, outputs_are_tuple, outputs = _call_with_input_vector(
            func, inputs, v, create_graph, strict, "jvp")
    product = _double_backward_jvp(outputs, inputs, v, strict, create_graph)
    return (_unpack(_finish(outputs, create_graph), outputs_are_tuple),
            _unpack(_finish(product, create_graph), outputs_are_tuple))


def _scalar_output(out: Any, fn_name: str) -> None:
    if isinstance(out, tuple) or not isinstance(out, Tensor):
        raise RuntimeError(f"The function given to {fn_name} should return a single Tensor")
    if out.numel() != 1:
        raise RuntimeError(f"The Tensor returned by the function given to {fn_name} should "
                           "contain a single element")


def vhp(func: Callable, inputs: _Inputs, v: _Inputs | None = None, create_graph: bool = False,
        strict: bool = False):
    """`(func(inputs), v^T H)` for a scalar `func`: the vector-Hessian product."""
    with enable_grad():
        inputs_are_tuple, inputs, v, outputs_are_tuple, outputs = _call_with_input_vector(
            func, inputs, v, create_graph, strict, "vhp")
        _scalar_output(outputs if outputs_are_tuple else outputs[0], "vhp")
        jac = _grad(outputs, inputs, None, create_graph=True)
        _strict_requires_grad(jac, "jacobian", strict)
    with set_grad_enabled(create_graph or is_grad_enabled()):
        grads = _grad(jac, inputs, v, create_graph)
        product = _fill_zeros(grads, inputs, strict, create_graph, "double_back")
    return (_unpack(_finish(outputs, create_graph), outputs_are_tuple),
            _unpack(_finish(product, create_graph), inputs_are_tuple))


def hvp(func: Callable, inputs: _Inputs, v: _Inputs | None = None, create_graph: bool = False,
        strict: bool = False):
    """`(func(inputs), H v)` for a scalar `func`: the Hessian-vector product (by the
    double-backward trick on the gradient; equal to vhp for twice-differentiable funcs)."""
    with enable_grad():
        inputs_are_tuple, inputs, v, outputs_are_tuple, outputs = _call_with_input_vector(
            func, inputs, v, create_graph, strict, "hvp")
        _scalar_output(outputs if outputs_are_tuple else outputs[0], "hvp")
        jac = _grad(outputs, inputs, None, create_graph=True)
        _strict_requires_grad(jac, "jacobian", strict)
        dummies = tuple(_zeros_like(x).requires_grad_() for x in inputs)
        double_back = _grad(jac, inputs, dummies, create_graph=True)
        _strict_requires_grad(jac, "hessian", strict)
    with set_grad_enabled(create_graph or is_grad_enabled()):
        grads = _grad(double_back, dummies, v, create_graph)
        product = _fill_zeros(grads, inputs, strict, create_graph, "double_back_trick")
    return (_unpack(_finish(outputs, create_graph), outputs_are_tuple),
            _unpack(_finish(product, create_graph), inputs_are_tuple))


# ---------------------------------------------------------------------- Jacobian, Hessian
def _reverse_jacobian(outputs: tuple, inputs: tuple, create_graph: bool, strict: bool) -> tuple:
    """A tuple per output of one Jacobian block per input: every row in batched backward
    passes (autograd/batched.py) unless a graph is wanted or an op on the way has no
    batched formula; then one row per output element, a backward pass each."""
    from ..ops.shape_copies import stack

    blocks = []
    for i, out in enumerate(outputs):
        batched = None if create_graph or not out._requires_grad else batched_jacobian(
            out, list(inputs))
        if batched is not None:
            if strict and any(block is None for block in batched):
                k = next(k for k, block in enumerate(batched) if block is None)
                raise RuntimeError(f"Output {i} of the user-provided function is independent "
                                   f"of input {k}. This is not allowed in strict mode.")
            blocks.append(tuple(
                Tensor(np.zeros(out.shape + x.shape, dtype=x._data.dtype)) if block is None
                else Tensor(block) for block, x in zip(batched, inputs)))
            continue
        rows: list[list] = [[] for _ in inputs]
        flat = out.reshape(-1)
        for element in range(flat.numel()):
            grads = _grad((flat[element],), inputs, None, create_graph, retain_graph=True)
            for k, (g, x) in enumerate(zip(grads, inputs)):
                if g is None:
                    if strict:
                        raise RuntimeError(f"Output {i} of the user-provided function is "
                                           f"independent of input {k}. This is not allowed in "
                                           "strict mode.")
                    g = _zeros_like(x)
                elif strict and create_graph and not g._requires_grad:
                    raise RuntimeError(f"The jacobian of the user-provided function is "
                                       f"independent of input {i}. This is not allowed in "
                                       "strict mode when create_graph=True.")
                rows[k].append(g)
        blocks.append(tuple(
            stack(r).view(out.shape + x.shape) if r else
            Tensor(np.zeros(out.shape + x.shape, dtype=x._data.dtype))
            for r, x in zip(rows, inputs)))
    return tuple(blocks)


def _forward_jacobian(func: Callable, inputs: tuple,
                      inputs_are_tuple: bool) -> tuple[bool, list]:
    """Columns of the Jacobian, one Jacobian-vector product per input element."""
    from ..func._forward import _basis, forward_derivatives
    from ..ops.shape_copies import stack

    outputs_are_tuple = []

    def call(xs: list) -> tuple:
        is_tuple, outs = _tensors(func(*xs), "outputs", "jacobian")
        outputs_are_tuple.append(is_tuple)
        return outs, None

    # (torch's legacy batching here is no torch.func vmap: custom Functions need no vmap rule)
    outputs, _, columns = forward_derivatives(call, list(inputs), _basis(list(inputs)),
                                              randomness="different")
    blocks = []
    for j, out in enumerate(outputs):
        per_input, start = [], 0
        for x in inputs:
            n = x.numel()
            cols = [columns[k][j] for k in range(start, start + n)]
            start += n
            if not cols:
                per_input.append(Tensor(np.zeros(out.shape + x.shape, dtype=out._data.dtype)))
                continue
            # the columns stacked first, then moved last and reshaped, as torch's vmapped
            # jvp does: a graph (hessian's outer pass) records the same grad_fn names
            block = stack(cols)
            block = block.permute(*range(1, block.dim()), 0)
            per_input.append(block.reshape(out.shape + x.shape))
        blocks.append(per_input)
    # torch's forward-mode Jacobian nests lists rather than tuples, except that the blocks
    # of several outputs w.r.t. a single (non-tuple) input come back as a tuple.
    if not inputs_are_tuple:
        blocks = tuple(per_input[0] for per_input in blocks)
    return outputs_are_tuple[0], blocks


def jacobian(func: Callable, inputs: _Inputs, create_graph: bool = False, strict: bool = False,
             vectorize: bool = False, strategy: str = "reverse-mode"):
    """The Jacobian of `func` at `inputs`: a Tensor for one input and one output, else tuples
    (per output, then per input) of blocks shaped `output.shape + input.shape`.
    `vectorize` is accepted (the rows are computed one at a time either way);
    `strategy="forward-mode"` computes columns instead and needs `vectorize=True`, as in
    torch."""
    if strategy not in ("forward-mode", "reverse-mode"):
        raise AssertionError(
            'Expected strategy to be either "forward-mode" or "reverse-mode". Hint: If your '
            'function has more outputs than inputs, "forward-mode" tends to be more performant. '
            'Otherwise, prefer to use "reverse-mode".')
    if strategy == "forward-mode":
        if create_graph:
            raise NotImplementedError(
                "torch.autograd.functional.jacobian: `create_graph=True` and "
                '`strategy="forward-mode"` are not supported together (yet). Please either set '
                '`create_graph=False` or `strategy="reverse-mode"`.')
        if strict:
            raise RuntimeError(
                "torch.autograd.functional.jacobian: `strict=True` and "
                '`strategy="forward-mode"` are not supported together (yet). Please either set '
                '`strict=False` or `strategy="reverse-mode"`.')
        inputs_are_tuple, inputs = _tensors(inputs, "inputs", "jacobian")
        if not vectorize:
            raise NotImplementedError(
                "Computing Jacobian using forward-AD or forward-over-reverse Hessian is"
                "only implemented for `vectorize=True`.")
        outputs_are_tuple, blocks = _forward_jacobian(func, inputs, inputs_are_tuple)
        return blocks if outputs_are_tuple else blocks[0]
    with enable_grad():
        inputs_are_tuple, inputs = _tensors(inputs, "inputs", "jacobian")
        inputs = _differentiable(inputs, create_graph)
        outputs_are_tuple, outputs = _call(func, inputs, "jacobian", strict)
        if vectorize and strict:
            raise RuntimeError(
                "torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are "
                "not supported together. Please either set `strict=False` or "
                "`vectorize=False`.")
        blocks = _reverse_jacobian(outputs, inputs, create_graph, strict)
        if vectorize:  # (torch then takes each row as one vjp of all outputs together)
            from ..func._reverse import _with_zero_cotangents

            blocks = tuple(tuple(b) for b in _with_zero_cotangents(
                [list(b) for b in blocks], list(outputs), list(inputs), create_graph))
    return _unpack(_finish(blocks, create_graph), outputs_are_tuple, inputs_are_tuple)


def hessian(func: Callable, inputs: _Inputs, create_graph: bool = False, strict: bool = False,
            vectorize: bool = False, outer_jacobian_strategy: str = "reverse-mode"):
    """The Hessian of the scalar function `func` at `inputs`: a Tensor for one input, else a
    tuple of tuples of blocks shaped `input_i.shape + input_j.shape`. It is the Jacobian of
    the gradient, the outer Jacobian taken with `outer_jacobian_strategy`."""
    inputs_are_tuple, inputs = _tensors(inputs, "inputs", "hessian")
    if outer_jacobian_strategy not in ("forward-mode", "reverse-mode"):
        raise AssertionError('Expected strategy to be either "forward-mode" or "reverse-mode".')

    def scalar_func(*xs):
        out = func(*xs)
        _, outs = _tensors(out, _OUTPUTS, "hessian")
        _strict_requires_grad(outs, "outputs", strict)
        _scalar_output(out, "hessian")
        return out.squeeze()

    def gradient(*xs):
        if outer_jacobian_strategy == "forward-mode":
            xs = tuple(x.requires_grad_(True) for x in xs)
        jac = jacobian(scalar_func, xs, create_graph=True)
        _strict_requires_grad(jac, "jacobian", strict)
        return jac

    result = jacobian(gradient, inputs, create_graph=create_graph, strict=strict,
                      vectorize=vectorize, strategy=outer_jacobian_strategy)
    return _unpack(result, inputs_are_tuple, inputs_are_tuple)
