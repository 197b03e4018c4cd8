"""Pytrees: nested tuples, lists, dicts and namedtuples of leaves, flattened and rebuilt.

The transforms accept and return such nests of tensors. `tree_flatten` turns a nest into its
leaves (depth first, dict entries in insertion order) plus a `TreeSpec` describing the
containers, and `tree_unflatten` rebuilds it. Anything that is not one of those exact
container types is a leaf: a Tensor, a number, None, a string, a `torch.Size`.

`TreeSpec` prints as torch's pytree specs do, because torch quotes them in its error
messages (``TreeSpec(tuple, None, [*,\\n  *])``), and `pprint` gives the short form that
`vjp` quotes (``(*, {'a': *})``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

__all__ = ["TreeSpec", "LEAF", "tree_flatten", "tree_unflatten", "tree_map", "broadcast_prefix"]


def _is_namedtuple(obj: Any) -> bool:
    return isinstance(obj, tuple) and hasattr(type(obj), "_fields")


def _node_type(obj: Any) -> type | None:
    """The container type of `obj` when it is a pytree node, None for a leaf."""
    kind = type(obj)
    if kind in (tuple, list, dict, OrderedDict) or _is_namedtuple(obj):
        return kind
    return None


def _children(obj: Any, kind: type) -> tuple[list, Any]:
    """(children, context): the context is what rebuilding needs besides the children."""
    if kind is dict or kind is OrderedDict:
        keys = list(obj.keys())
        return [obj[k] for k in keys], keys
    return list(obj), None


class TreeSpec:
    """The shape of a pytree: container types and dict keys, with leaves as holes."""

    __slots__ = ("kind", "context", "children", "num_leaves")

    def __init__(self, kind: type | None, context: Any = None,
                 children: list[TreeSpec] | None = None) -> None:
        self.kind = kind          # None for a leaf
        self.context = context    # dict keys, else None
        self.children = children or []
        self.num_leaves = 1 if kind is None else sum(c.num_leaves for c in self.children)

    def is_leaf(self) -> bool:
        return self.kind is None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TreeSpec):
            return NotImplemented
        return (self.kind is other.kind and self.context == other.context
                and self.children == other.children)

    def __hash__(self) -> int:
        return hash((self.kind, self.num_leaves))

    def _kind_name(self) -> str:
        if self.kind is dict or self.kind is OrderedDict:
            return self.kind.__name__
        if self.kind not in (tuple, list):
            return "namedtuple"
        return self.kind.__name__

    def _format(self, depth: int) -> str:
        if self.kind is None:
            return "*"
        context = self.context
        if self.kind not in (tuple, list, dict, OrderedDict):
            context = self.kind  # a namedtuple shows its class
        separator = ",\n" + " " * (2 * (depth + 1))
        inner = separator.join(child._format(depth + 1) for child in self.children)
        return f"TreeSpec({self._kind_name()}, {context!r}, [{inner}])"

    def __repr__(self) -> str:
        return self._format(0)

    def pprint(self) -> str:
        """The one-line form: ``(*, [*], {'a': *})``."""
        if self.kind is None:
            return "*"
        parts = [child.pprint() for child in self.children]
        if self.kind is tuple:
            return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"
        if self.kind is list:
            return "[" + ", ".join(parts) + "]"
        if self.kind is dict or self.kind is OrderedDict:
            return "{" + ", ".join(f"{k!r}: {p}" for k, p in zip(self.context, parts)) + "}"
        fields = ", ".join(f"{name}={p}" for name, p in zip(self.kind._fields, parts))
        return f"{self.kind.__name__}({fields})"


LEAF = TreeSpec(None)


def tree_flatten(tree: Any) -> tuple[list, TreeSpec]:
    """The leaves of `tree` in order, and its spec."""
    leaves: list = []
    spec = _flatten_into(tree, leaves)
    return leaves, spec


def _flatten_into(tree: Any, leaves: list) -> TreeSpec:
    kind = _node_type(tree)
    if kind is None:
        leaves.append(tree)
        return LEAF
    children, context = _children(tree, kind)
    return TreeSpec(kind, context, [_flatten_into(child, leaves) for child in children])


def tree_unflatten(leaves: list, spec: TreeSpec) -> Any:
    """Rebuild the tree that `spec` describes, filling its holes with `leaves` in order."""
    if len(leaves) != spec.num_leaves:
        raise ValueError(f"tree_unflatten: expected {spec.num_leaves} leaves, got {len(leaves)}")
    iterator = iter(leaves)
    return _build(spec, iterator)


def _build(spec: TreeSpec, leaves) -> Any:
    if spec.kind is None:
        return next(leaves)
    children = [_build(child, leaves) for child in spec.children]
    if spec.kind is dict or spec.kind is OrderedDict:
        return spec.kind(zip(spec.context, children))
    if spec.kind is tuple or spec.kind is list:
        return spec.kind(children)
    return spec.kind(*children)  # a namedtuple


def tree_map(fn: Callable[[Any], Any], tree: Any) -> Any:
    leaves, spec = tree_flatten(tree)
    return tree_unflatten([fn(leaf) for leaf in leaves], spec)


def broadcast_prefix(prefix: Any, spec: TreeSpec) -> list | None:
    """One entry of `prefix` per leaf of the tree that `spec` describes, or None if `prefix`
    does not fit.

    `prefix` is a tree whose leaves (ints, None...) apply to whole subtrees: `(0, None)` fits
    `(x, {'a': y, 'b': z})` and gives `[0, None, None]`. This is how `in_dims` and `out_dims`
    are matched to arguments and outputs.
    """
    out: list = []
    return out if _broadcast_into(prefix, spec, out) else None


def _broadcast_into(prefix: Any, spec: TreeSpec, out: list) -> bool:
    kind = _node_type(prefix)
    if kind is None:
        out.extend([prefix] * spec.num_leaves)
        return True
    if kind is not spec.kind:
        return False
    children, context = _children(prefix, kind)
    if context != spec.context or len(children) != len(spec.children):
        return False
    return all(_broadcast_into(c, s, out) for c, s in zip(children, spec.children))
