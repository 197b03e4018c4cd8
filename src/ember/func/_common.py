"""Pieces shared by the transforms: argnums, input checks, and one reverse-mode pass."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .._tensor import Tensor
from ..autograd.backward import grad as autograd_grad
from ._pytree import TreeSpec, tree_flatten, tree_unflatten

__all__ = ["normalize_argnums", "DiffArgs", "check_transform_inputs", "reverse_pass",
           "zeros_like", "split_aux", "check_outputs", "check_aux", "check_real_leaves"]


def normalize_argnums(argnums: Any, n_args: int) -> int | tuple[int, ...]:
    """`argnums` checked against the number of positional arguments, negatives resolved."""

    def one(argnum: int) -> int:
        if not -n_args <= argnum < n_args:
            raise RuntimeError(f"Got argnum={argnum}, but only {n_args} positional inputs")
        return argnum % n_args

    if isinstance(argnums, int):
        return one(argnums)
    if not isinstance(argnums, tuple):
        raise RuntimeError(f"argnums must be int or Tuple[int, ...], got: {type(argnums)}")
    if not argnums:
        raise RuntimeError("argnums must be non-empty")
    for argnum in argnums:
        if not isinstance(argnum, int):
            raise RuntimeError(f"argnum must be int, got: {type(argnum)}")
    resolved = tuple(one(a) for a in argnums)
    if len(set(resolved)) != len(resolved):
        raise RuntimeError(f"argnums elements must be unique, got {argnums}")
    return resolved


class DiffArgs:
    """The arguments a transform differentiates (selected by argnums), flattened to tensors.

    `leaves` are the tensors in order; `substitute(new_leaves)` gives the positional
    arguments with those tensors replaced; `pack(per_leaf)` arranges one value per leaf the
    way the result of the transform is shaped (the argument's own structure for an int
    argnums, a tuple of structures for a tuple).
    """

    def __init__(self, args: Sequence, argnums: Any) -> None:
        self.args = tuple(args)
        self.argnums = normalize_argnums(argnums, len(self.args))
        chosen = self.argnums if isinstance(self.argnums, tuple) else (self.argnums,)
        self.chosen = chosen
        self.leaves: list = []
        self.specs: list[TreeSpec] = []
        for index in chosen:
            leaves, spec = tree_flatten(self.args[index])
            self.leaves.extend(leaves)
            self.specs.append(spec)

    def substitute(self, new_leaves: list) -> tuple:
        args = list(self.args)
        start = 0
        for index, spec in zip(self.chosen, self.specs):
            args[index] = tree_unflatten(new_leaves[start:start + spec.num_leaves], spec)
            start += spec.num_leaves
        return tuple(args)

    def pack(self, per_leaf: list) -> Any:
        trees = []
        start = 0
        for spec in self.specs:
            trees.append(tree_unflatten(per_leaf[start:start + spec.num_leaves], spec))
            start += spec.num_leaves
        return tuple(trees) if isinstance(self.argnums, tuple) else trees[0]


def check_transform_inputs(leaves: list) -> None:
    for leaf in leaves:
        if not isinstance(leaf, Tensor):
            raise ValueError(f"Thing passed to transform API must be Tensor, got {type(leaf)}")


def split_aux(output: Any, where: str) -> tuple[Any, Any]:
    """(output, aux) from a function called with has_aux=True."""
    if not (isinstance(output, tuple) and len(output) == 2):
        raise RuntimeError(
            f"{where}: output of function f should be a tuple: (output, aux) if has_aux is True"
        )
    return output


def check_aux(aux: Any) -> None:
    """torch.func hands aux back through its wrappers, which take only tensors."""
    for leaf in tree_flatten(aux)[0]:
        if not isinstance(leaf, Tensor):
            raise RuntimeError(f"Expected tensors, got unsupported type {type(leaf)}")


def check_real_leaves(tree: Any, transform: str, what: str) -> None:
    """jacrev/jacfwd take real inputs and give real outputs (index among the flat leaves)."""
    for i, leaf in enumerate(tree_flatten(tree)[0]):
        if isinstance(leaf, Tensor) and leaf.is_complex():
            raise RuntimeError(f"{transform}: Expected all {what} to be real but received "
                               f"complex tensor at flattened input idx: {i}")


def check_outputs(leaves: list, where: str, *, floating: bool) -> None:
    """The outputs of f must all be tensors (floating ones, for reverse mode)."""
    for leaf in leaves:
        if not isinstance(leaf, Tensor):
            raise RuntimeError(f"{where}: expected f(*primals) to return only tensors, got "
                               f"unsupported type {type(leaf)}")
    if floating:
        for leaf in leaves:
            if not leaf.is_floating_point():
                raise RuntimeError(
                    "vjp(f, ...): All outputs of f must be floating-point or complex Tensors, "
                    f"got Tensor with dtype {leaf.dtype}"
                )


def zeros_like(t: Tensor, shape: tuple | None = None) -> Tensor:
    """A zero gradient for `t` (not part of any graph)."""
    return Tensor(np.zeros(t._data.shape if shape is None else shape, dtype=t._data.dtype))


def reverse_pass(outputs: list, inputs: list, cotangents: list, *, create_graph: bool,
                 retain_graph: bool = True) -> list:
    """d<outputs, cotangents>/d(inputs): one gradient per input, zeros where none flows.

    Outputs that do not require grad contribute nothing (their derivative is zero), so a
    function that ignores its input gets zeros rather than an error, as in torch.func.
    """
    pairs = [(o, c) for o, c in zip(outputs, cotangents) if o._requires_grad]
    if pairs:
        grads = autograd_grad([o for o, _ in pairs], inputs, [c for _, c in pairs],
                              retain_graph=retain_graph, create_graph=create_graph,
                              allow_unused=True)
    else:
        grads = (None,) * len(inputs)
    return [zeros_like(x) if g is None else g for x, g in zip(inputs, grads)]
