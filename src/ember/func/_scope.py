"""One application of a transform: the tensors it differentiates, and what leaks out of it.

torch.func gives each transform its own "level", so that `grad(f)(x)` differentiates only
through what `f` did to its own copy of `x`. ember has one graph, so a transform makes its
inputs distinct instead:

- an input that nobody outside differentiates becomes a fresh leaf that requires grad
  (`x.detach().requires_grad_()`), stamped as this scope's own;
- an input that already requires grad (an outer transform's input, or a user's parameter)
  becomes an alias of it (`x.view_as(x)`), so the outer graph still sees through it, while
  gradients taken with respect to the alias cover only this application of `f`.

Whether results must stay differentiable for someone outside (an enclosing transform, or a
user calling `.backward()` on a closed-over parameter) is read off the graph: the scope
walks from a result towards the leaves and asks whether it reaches any leaf that is not
its own (or made by a scope nested in it). Only then does it build the graph of the
gradient (`create_graph=True`); otherwise results are returned detached, as torch.func
returns plain tensors at top level.
"""

from __future__ import annotations

import itertools
from typing import Any

from .._grad_mode import is_grad_enabled
from .._tensor import Tensor
from ..autograd.node import AccumulateGrad
from ._pytree import tree_flatten, tree_unflatten

__all__ = ["TransformScope", "has_tangent", "tangent"]

_STAMP = "func_scope"  # key in a leaf's _extra: the number of the scope that made it


_NOT_LOADED = object()
_forward_ad: object = _NOT_LOADED


def _forward_ad_module():
    """ember.autograd.forward_ad, or None while it does not exist."""
    global _forward_ad
    if _forward_ad is _NOT_LOADED:
        try:
            from ..autograd import forward_ad as module
        except ImportError:
            module = None
        _forward_ad = module
    return _forward_ad


def tangent(t: Tensor) -> Tensor | None:
    """The forward-mode tangent `t` carries (from an enclosing forward-mode transform)."""
    module = _forward_ad_module()
    if module is None:
        return None
    return module.unpack_dual(t).tangent  # None when no dual level is open


def has_tangent(t: Tensor) -> bool:
    return tangent(t) is not None


_scope_numbers = itertools.count(1)


class TransformScope:
    """The leaves one transform application creates, and the graph walks that tell whether
    a tensor depends on anything outside it.

    Scopes are numbered in creation order, and each leaf a scope creates is stamped with the
    scope's number. Scopes nest, so for a scope S a stamped leaf is either S's own or from a
    scope inside S (numbers >= S's: constants as far as S is concerned), or from a scope that
    encloses S (smaller numbers: outside, like a user's parameter).
    """

    def __init__(self) -> None:
        self.ambient_grad = is_grad_enabled()  # the caller's grad mode, before we enable it
        self.number = next(_scope_numbers)
        self._inside: set = set()  # nodes already known to reach no leaf outside

    def leaf(self, t: Tensor) -> Tensor:
        """A fresh leaf of this scope requiring grad, sharing `t`'s memory."""
        leaf = t.detach().requires_grad_()
        leaf._extra = {_STAMP: self.number}
        return leaf

    def input(self, t: Tensor) -> Tensor:
        """The tensor `f` receives in place of `t` (call with grad mode on)."""
        if t._requires_grad:
            return t.view_as(t)
        forward = tangent(t)
        if forward is not None:  # keep the tangent on the fresh leaf (forward over reverse)
            return _forward_ad_module().make_dual(self.leaf(t), forward)
        return self.leaf(t)

    def _outside_leaf(self, leaf: Tensor) -> bool:
        extra = leaf._extra
        number = extra.get(_STAMP) if extra else None
        return number is None or number < self.number

    def reaches_outside(self, tensors) -> bool:
        """True if some tensor of `tensors` depends on a leaf that requires grad and was not
        made by this scope or a scope inside it (or carries a forward-mode tangent)."""
        inside = self._inside
        stack = []
        for t in tensors:
            if not isinstance(t, Tensor):
                continue
            if has_tangent(t):
                return True
            if not t._requires_grad:
                continue
            node = t.grad_fn
            if node is None:
                if self._outside_leaf(t):
                    return True
            elif node not in inside:
                stack.append(node)
        visited = []
        seen = set(stack)
        while stack:
            node = stack.pop()
            visited.append(node)
            if type(node) is AccumulateGrad:
                if self._outside_leaf(node.variable):
                    return True
                continue
            for child in node._next_nodes:
                if child is not None and child not in seen and child not in inside:
                    seen.add(child)
                    stack.append(child)
        inside.update(visited)
        return False

    def keeps_graph(self, tensors) -> bool:
        """Whether results computed from `tensors` must stay differentiable for the caller."""
        return self.ambient_grad and self.reaches_outside(tensors)

    def export(self, tree: Any) -> Any:
        """`tree` as the caller should see it: tensors that depend only on this scope's own
        leaves (or everything, when the caller had grad mode off) are detached."""
        leaves, spec = tree_flatten(tree)
        if not any(isinstance(leaf, Tensor) for leaf in leaves):
            return tree
        out = [leaf.detach() if isinstance(leaf, Tensor) and not self.keeps_graph([leaf])
               else leaf for leaf in leaves]
        return tree_unflatten(out, spec)
