"""Forward-mode transforms: jvp, jacfwd, hessian.

Forward-mode derivatives (Jacobian-vector products) come from one of two engines, chosen by
`_forward_engine()`, the single switch:

- "double_vjp": the double-backward trick. With `u` a dummy cotangent,
  `g(u) = vjp(u) = J^T u` is linear in `u`, so `J v = d<g(u), v>/du`: one forward pass and
  one backward pass with `create_graph=True` build `g`, then each tangent `v` costs one more
  backward pass through `g`'s graph. It needs nothing but reverse mode.
- "forward_ad" (active, as torch.func): dual tensors from `ember.autograd.forward_ad`
  (`make_dual`, `unpack_dual`, `dual_level`), one forward pass per tangent. A forward
  transform nested inside another falls back to double_vjp, since only one dual level can
  be open at a time (as in torch).

Both return the same values; see `forward_derivatives`.
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
from ..ops._registry import recorded_as
from ..ops.shape_copies import stack
from ._common import (
    DiffArgs,
    check_aux,
    check_outputs,
    check_real_leaves,
    check_transform_inputs,
    split_aux,
    zeros_like,
)
from ._pytree import TreeSpec, tree_flatten, tree_unflatten
from ._random import RandomnessGuard, check_randomness
from ._reverse import jacrev
from ._scope import TransformScope

__all__ = ["jvp", "linearize", "jacfwd", "hessian", "forward_derivatives"]

_JVP = "jvp(f, primals, tangents)"

# A function of the (substituted) inputs returning (output tree, aux).
Call = Callable[[list], tuple[Any, Any]]


def _forward_engine() -> str:
    """THE switch between the two forward-mode engines: "double_vjp" or "forward_ad"."""
    return "forward_ad"


def forward_derivatives(call: Call, primals: list, tangent_sets: list[list],
                        randomness: str = "error") -> tuple[Any, Any, list[list]]:
    """Run `call` at `primals` and push each tangent set forward.

    A tangent set has one entry per primal (None for a zero tangent). Returns the output
    tree and aux as the caller should see them, and, per tangent set, the output tangents as
    a flat list (one per output leaf, zeros where the output does not depend on the
    primals).
    """
    guard = RandomnessGuard(randomness)
    if _forward_engine() == "forward_ad":
        return _by_forward_ad(call, primals, tangent_sets, guard)
    return _by_double_vjp(call, primals, tangent_sets, guard)


def _by_double_vjp(call: Call, primals: list, tangent_sets: list[list],
                   guard: RandomnessGuard) -> tuple[Any, Any, list[list]]:
    scope = TransformScope()
    with enable_grad():
        inputs = [scope.input(p) for p in primals]
        with guard.element():
            output, aux = call(inputs)
        out_leaves, out_spec = tree_flatten(output)
        check_outputs(out_leaves, _JVP, floating=False)
        tangents_need_graph = any(t is not None and t._requires_grad
                                  for tangents in tangent_sets for t in tangents)
        create_graph = scope.ambient_grad and (
            tangents_need_graph or scope.reaches_outside(out_leaves))
        live = [i for i, o in enumerate(out_leaves) if o._requires_grad]
        results = [[None] * len(out_leaves) for _ in tangent_sets]
        if live:
            # g(u) = J^T u, built once as a graph; the value of u does not matter (g is
            # linear in u), zeros keep inf/nan out of it.
            dummies = [scope.leaf(zeros_like(out_leaves[i])) for i in live]
            vjps = autograd_grad([out_leaves[i] for i in live], inputs, dummies,
                                 create_graph=True, allow_unused=True)
            for result, tangents in zip(results, tangent_sets):
                pairs = [(g, v) for g, v in zip(vjps, tangents)
                         if g is not None and v is not None and g._requires_grad]
                if not pairs:
                    continue
                pushed = autograd_grad([g for g, _ in pairs], dummies, [v for _, v in pairs],
                                       retain_graph=True, create_graph=create_graph,
                                       allow_unused=True)
                for i, d in zip(live, pushed):
                    result[i] = d
        results = [[zeros_like(o) if d is None else d for o, d in zip(out_leaves, result)]
                   for result in results]
    if not scope.keeps_graph(out_leaves):
        output = tree_unflatten([o.detach() for o in out_leaves], out_spec)
    return output, scope.export(aux), results


def _by_forward_ad(call: Call, primals: list, tangent_sets: list[list],
                   guard: RandomnessGuard) -> tuple[Any, Any, list[list]]:
    from ..autograd import forward_ad

    scope = TransformScope()  # only to tell which results must keep their graph
    output = aux = None
    results = []
    for tangents in tangent_sets or [[None] * len(primals)]:
        try:
            forward_ad.enter_dual_level()
        except RuntimeError:
            # A level is already open (a forward transform inside another one): forward_ad
            # has only one level, the double-vjp trick nests.
            return _by_double_vjp(call, primals, tangent_sets, guard)
        try:
            duals = [forward_ad.make_dual(p, zeros_like(p) if t is None else t)
                     for p, t in zip(primals, tangents)]
            with guard.element():
                out, out_aux = call(duals)
            out_leaves, out_spec = tree_flatten(out)
            check_outputs(out_leaves, _JVP, floating=False)
            unpacked = [forward_ad.unpack_dual(o) for o in out_leaves]
        finally:
            forward_ad.exit_dual_level()
        results.append([zeros_like(u.primal) if u.tangent is None else u.tangent
                        for u in unpacked])
        if output is None:
            # (torch.func.jvp's primal output is an alias, AliasBackward0, not the
            # forward-AD API's Identity node)
            output = tree_unflatten([recorded_as(u.primal, "AliasBackward0") if u.tangent
                                     is not None else u.primal for u in unpacked], out_spec)
            aux = out_aux
    results = [scope.export(result) for result in results[:len(tangent_sets)]]
    return scope.export(output), scope.export(aux), results


def _call_with_aux(func: Callable, has_aux: bool, substitute: Callable, kwargs: dict) -> Call:
    def call(inputs: list) -> tuple[Any, Any]:
        output = func(*substitute(inputs), **kwargs)
        if has_aux:
            output, aux = split_aux(output, _JVP)
            check_aux(aux)
            return output, aux
        return output, None

    return call


# ---------------------------------------------------------------------- jvp
def _check_tangent_leaves(primals: list, tangents: list, primal_spec: TreeSpec,
                          tangent_spec: TreeSpec) -> None:
    if not primals:
        raise RuntimeError(f"{_JVP}: Expected primals to contain at least one Tensor.")
    for name, leaves in (("primals", primals), ("tangents", tangents)):
        for leaf in leaves:
            if not isinstance(leaf, Tensor):
                raise RuntimeError(f"{_JVP}: Expected {name} to only contain Tensors, got "
                                   f"{type(leaf)}")
    if primal_spec != tangent_spec:
        raise RuntimeError(
            f"{_JVP}: Expected primals and tangents to have the same python structure. For "
            "example, if primals is a tuple of 3 tensors, tangents also must be. Got primals "
            f"with structure {primal_spec} and tangents with structure {tangent_spec}"
        )
    for p, t in zip(primals, tangents):
        _check_floating(p, "primal")
        _check_floating(t, "tangent")
        if p._data.shape != t._data.shape:
            raise RuntimeError(
                "Trying to set a forward gradient that has a different size than that of the "
                f"original Tensor, this is not supported. Tensor is of size {list(p.shape)} "
                f"while the given forward gradient is of size {list(t.shape)}."
            )


def _check_floating(t: Tensor, what: str) -> None:
    if not t.is_floating_point():
        raise ValueError(f"Expected {what} to be floating point or complex, but got: {t.dtype}")


def jvp(func: Callable, primals: Any, tangents: Any, *, strict: bool = False,
        has_aux: bool = False):
    """`(func(*primals), J @ tangents)`: the Jacobian-vector product of `func` at `primals`
    (a tuple, whose entries may be tuples, lists or dicts of tensors) along `tangents` (the
    same structure). With `has_aux`, `(output, jvp_out, aux)`."""
    if not isinstance(primals, tuple):
        raise RuntimeError(f"{_JVP}: Expected primals to be a tuple. E.g. it should be valid "
                           "to call f(*primals).")
    primal_leaves, primal_spec = tree_flatten(primals)
    tangent_leaves, tangent_spec = tree_flatten(tangents)
    _check_tangent_leaves(primal_leaves, tangent_leaves, primal_spec, tangent_spec)

    def substitute(inputs: list) -> tuple:
        return tree_unflatten(inputs, primal_spec)

    call = _call_with_aux(func, has_aux, substitute, {})
    with running():
        output, aux, (pushed,) = forward_derivatives(call, primal_leaves, [tangent_leaves])
    _, out_spec = tree_flatten(output)
    jvp_out = tree_unflatten(pushed, out_spec)
    if has_aux:
        return output, jvp_out, aux
    return output, jvp_out


# ---------------------------------------------------------------------- linearize
def linearize(func: Callable, *primals: Any) -> tuple[Any, Callable]:
    """`(func(*primals), jvp_fn)`, where `jvp_fn(*tangents)` is the Jacobian-vector product
    of `func` at `primals` along `tangents` (the primals' structure, shapes and dtypes).

    torch traces `func` once and replays only the linear part on each call; ember runs a
    `jvp` each time (the forward pass again), which gives the same values.
    """
    output = func(*primals)
    primal_leaves, primal_spec = tree_flatten(primals)

    def jvp_fn(*tangents: Any) -> Any:
        tangent_leaves, tangent_spec = tree_flatten(tangents)
        if tangent_spec != primal_spec:
            raise RuntimeError(f"Expected the tangents {tangent_spec} to have the same argspec "
                               f"as the primals {primal_spec}")
        for i, (p, t) in enumerate(zip(primal_leaves, tangent_leaves)):
            for what, mine, theirs in (("shape", t.shape, p.shape), ("dtype", t.dtype, p.dtype)):
                if mine != theirs:
                    raise RuntimeError(
                        f"tangent:{i} with {what} {mine} in flattened pytree doesn't match "
                        f"the {what} {theirs} of the corresponding primal.")
        return jvp(func, primals, tangents)[1]

    return output, jvp_fn


# ---------------------------------------------------------------------- jacfwd
def _basis(primals: list) -> list[list]:
    """One tangent set per element of every primal: a one-hot tangent for that element."""
    sets = []
    for index, p in enumerate(primals):
        for element in range(p._data.size):
            onehot = np.zeros(p._data.size, dtype=p._data.dtype)
            onehot[element] = 1
            tangents = [None] * len(primals)
            tangents[index] = Tensor(onehot.reshape(p._data.shape))
            sets.append(tangents)
    return sets


def jacfwd(func: Callable, argnums: int | tuple[int, ...] = 0, has_aux: bool = False, *,
           randomness: str = "error") -> Callable:
    """A function returning the Jacobian of `func` w.r.t. the arguments `argnums`, computed
    one input element at a time in forward mode (the columns of the Jacobian). Same result
    structure as `jacrev`. `randomness` is vmap's flag: 'error' refuses random operations in
    `func`."""
    check_randomness(randomness)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        check_real_leaves(args, "jacfwd", "inputs")
        diff = DiffArgs(args, argnums)
        check_transform_inputs(diff.leaves)
        for p in diff.leaves:
            _check_floating(p, "primal")
        call = _call_with_aux(func, has_aux, diff.substitute, kwargs)
        with running(vmap=True):  # (torch's jacfwd is a vmap over jvp)
            output, aux, columns = forward_derivatives(call, diff.leaves,
                                                       _basis(diff.leaves), randomness)
        check_real_leaves(output, "jacfwd", "outputs")
        out_leaves, out_spec = tree_flatten(output)
        blocks = []
        for j, out in enumerate(out_leaves):
            per_input = []
            start = 0
            for p in diff.leaves:
                n = p._data.size
                shape = out._data.shape + p._data.shape
                if n == 0:
                    per_input.append(zeros_like(out, shape))
                else:
                    cols = [columns[k][j] for k in range(start, start + n)]
                    per_input.append(stack(cols, dim=-1).reshape(shape))
                start += n
            blocks.append(diff.pack(per_input))
        jacobian = tree_unflatten(blocks, out_spec)
        if has_aux:
            return jacobian, aux
        return jacobian

    return wrapper


# ---------------------------------------------------------------------- hessian
def hessian(func: Callable, argnums: int | tuple[int, ...] = 0) -> Callable:
    """A function returning the Hessian of the scalar function `func` w.r.t. the arguments
    `argnums`: the Jacobian of its gradient, `jacfwd(jacrev(func))` as in torch.

    The outer Jacobian is taken in reverse mode (the same matrix): in ember one backward
    pass per row costs about a quarter of one dual-number forward pass per column (measured
    on benchmarks' hessian_small: 21 ms against 80 ms), while torch batches its columns.
    It is then transposed: reverse mode computes entry (i, j) as torch's forward mode
    computes entry (j, i), factor for factor, so the transpose has torch's roundings and
    signed zeros (`hessian(lambda x: (x ** 3).sum())` shows -0. in the rows of negative x,
    as torch's). Random operations are still refused, as jacfwd does.
    """
    gradient = jacrev(func, argnums)
    outer = jacrev(gradient, argnums)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        check_real_leaves(args, "jacfwd", "inputs")  # (torch's outer transform)
        with RandomnessGuard("error").element(), running(vmap=True):
            blocks = outer(*args, **kwargs)
        arg_dims = [leaf.ndim for leaf in DiffArgs(args, argnums).leaves]
        return _transposed_blocks(blocks, arg_dims)

    return wrapper


def _transposed_blocks(blocks: Any, arg_dims: list[int]) -> Any:
    """The Hessian's blocks H[o][a][b] (output o, argument leaves a, b; shape
    o.shape + a.shape + b.shape) replaced by H[o][b][a] with its dims swapped back. The
    blocks nest like the outputs, then like the arguments twice, so their leaves come
    output-major, then a-major: n * n per output for n argument leaves. `func` need not
    return a scalar: a vector output gives one Hessian per output element, as in torch."""
    leaves, spec = tree_flatten(blocks)
    n = len(arg_dims)
    swapped = []
    for base in range(0, len(leaves), n * n):
        out_dims = leaves[base].ndim - 2 * arg_dims[0]
        for a in range(n):
            for b in range(n):
                block = leaves[base + b * n + a]  # shape o.shape + b.shape + a.shape
                da, db = arg_dims[a], arg_dims[b]
                order = [*range(out_dims), *range(out_dims + db, out_dims + db + da),
                         *range(out_dims, out_dims + db)]
                swapped.append(block.permute(*order))  # (a view, laid out as torch's)
    return tree_unflatten(swapped, spec)
