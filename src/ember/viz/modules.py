"""Which `nn.Module` call made which part of a graph: names and boxes for ember.viz.

`Module.__call__` logs every call made while gradients are recorded
(`ember.nn.modules._call_log`): the interval of node sequence numbers created during the
call, the module (weakly) and the nesting depth. Since a node's `_seq` is taken when it is
created, the calls whose interval holds it are the module calls that were running then,
and the innermost of them is the module the op belongs to. Calls nest (a call runs inside
its caller), so the intervals found for one graph form a tree.

From the outermost call (depth 0) comes the model itself: its `named_modules()` gives the
path of every module inside it (`encoder.fc`) and its `named_parameters()` /
`named_buffers()` the names of the leaves (`encoder.fc.weight`), matched by identity.

A call whose module has since been deleted is skipped (its ops count as part of the call
around it); a module no live model holds is labelled by its class alone.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from .._tensor import Tensor
from ..autograd.node import AccumulateGrad

__all__ = ["ModuleBox", "Scopes", "scopes_of"]


@dataclass(eq=False)
class ModuleBox:
    """One module call drawn as a labelled box around its ops.

    `label` is what the picture shows: `encoder.fc: Linear` (path and class), the class
    alone for the model itself, and `(call 2)` appended when the graph holds several calls
    of one module (each call is its own box: its ops ran at another place in the graph).
    `path` is the module's path in the model ("" for the model, None when unknown);
    `parent` the id of the enclosing box (None at the top); `extra` the module's
    `extra_repr()` (the text in its line of `print(model)`), `params` the names of its own
    parameters in its order.
    """

    id: str
    label: str
    path: str | None
    type_name: str
    parent: str | None = None
    call: int = 1
    calls: int = 1
    extra: str = ""
    params: tuple = ()


class _Call:
    """A logged module call that made some of the graph's nodes (module held strongly
    while the graph is built)."""

    __slots__ = ("first", "last", "module", "depth", "parent", "box")

    def __init__(self, first: int, last: int, module, depth: int) -> None:
        self.first, self.last, self.module, self.depth = first, last, module, depth
        self.parent: _Call | None = None
        self.box: ModuleBox | None = None


def _logged_calls() -> list:
    try:
        from ..nn.modules import _call_log
    except ImportError:  # a build without nn: no module was ever called
        return []
    return list(_call_log.CALLS)  # a copy: other threads may append meanwhile


def _sequence_number(node) -> int | None:
    if isinstance(node, AccumulateGrad):  # leaves are not numbered by creation
        return None
    seq = getattr(node, "_seq", None)
    return seq if isinstance(seq, int) else None


def _extra(module) -> str:
    try:
        text = module.extra_repr()
    except Exception:  # a user's extra_repr must not break a drawing
        return ""
    return ", ".join(line.strip() for line in str(text).splitlines() if line.strip())


def _own_parameters(module) -> tuple:
    try:
        return tuple(name for name, _ in module.named_parameters(recurse=False))
    except Exception:
        return ()


class Scopes:
    """The module calls behind some autograd nodes.

    `call_of(node)` is the innermost live call that created `node` (None for nodes made
    outside any module call, and for leaves); `boxes` one ModuleBox per such call, outer
    calls before the calls inside them; `names` maps id(tensor) to the name the model
    gives it (parameters, then buffers; the first model and first name win).
    """

    def __init__(self, autograd_nodes: Iterable) -> None:
        numbered = {}
        for node in autograd_nodes:
            seq = _sequence_number(node)
            if seq is not None:
                numbered[seq] = node
        seqs = sorted(numbered)
        self._calls = self._find_calls(seqs)
        self._of_seq: dict[int, _Call] = {}
        # Outer calls come first, so an inner call overwrites the calls around it.
        for call in self._calls:
            for seq in seqs[bisect_right(seqs, call.first):bisect_left(seqs, call.last)]:
                self._of_seq[seq] = call
        self.names: dict[int, str] = {}
        self._keep: list = []  # the named tensors, alive while their ids are keys
        self.boxes: list[ModuleBox] = []
        self._label_calls()

    @staticmethod
    def _find_calls(seqs: list[int]) -> list[_Call]:
        """The live calls that made at least one of the nodes, outer before inner, each
        linked to the call around it."""
        found = []
        if not seqs:
            return found
        for first, last, module_ref, depth in _logged_calls():
            i = bisect_right(seqs, first)
            if i == len(seqs) or seqs[i] >= last:
                continue  # made none of these nodes
            module = module_ref()
            if module is not None:
                found.append(_Call(first, last, module, depth))
        found.sort(key=lambda c: (c.first, -c.last))
        calls: list[_Call] = []
        open_calls: list[_Call] = []
        for call in found:
            while open_calls and open_calls[-1].last < call.first:
                open_calls.pop()
            if open_calls and call.last > open_calls[-1].last:
                continue  # overlaps without nesting (calls from two threads): not drawn
            call.parent = open_calls[-1] if open_calls else None
            open_calls.append(call)
            calls.append(call)
        return calls

    def _label_calls(self) -> None:
        paths: dict[int, str] = {}  # id(module) -> path in the first model holding it
        models: set[int] = set()
        for call in self._calls:
            if call.parent is None and call.depth == 0 and id(call.module) not in models:
                model = call.module
                models.add(id(model))
                for path, module in model.named_modules():
                    paths.setdefault(id(module), path)
                for name, tensor in [*model.named_parameters(), *model.named_buffers()]:
                    if id(tensor) not in self.names:
                        self.names[id(tensor)] = name
                        self._keep.append(tensor)
        counts: dict[int, int] = {}
        for call in self._calls:
            counts[id(call.module)] = counts.get(id(call.module), 0) + 1
        seen: dict[int, int] = {}
        for k, call in enumerate(self._calls):
            module = call.module
            root = call
            while root.parent is not None:
                root = root.parent
            path = paths.get(id(module)) if root.depth == 0 else None
            type_name = type(module).__name__
            label = f"{path}: {type_name}" if path else type_name
            number = seen[id(module)] = seen.get(id(module), 0) + 1
            total = counts[id(module)]
            if total > 1:
                label += f" (call {number})"
            call.box = ModuleBox(f"m{k}", label, path, type_name,
                                 call.parent.box.id if call.parent is not None else None,
                                 number, total, _extra(module), _own_parameters(module))
            self.boxes.append(call.box)

    def call_box(self, node) -> ModuleBox | None:
        """The box of the innermost module call that created `node`, if any."""
        seq = _sequence_number(node)
        call = self._of_seq.get(seq) if seq is not None else None
        return call.box if call is not None else None

    def name_of(self, tensor: Tensor) -> str | None:
        return self.names.get(id(tensor))

    def named(self) -> list[tuple[str, Tensor]]:
        """(name, tensor) pairs of the models' parameters and buffers."""
        by_id = {id(t): t for t in self._keep}
        return [(name, by_id[key]) for key, name in self.names.items()]

    def release(self) -> None:
        """Drop the strong references to modules (the boxes keep only text)."""
        for call in self._calls:
            call.module = None


def scopes_of(outputs: Iterable[Tensor]) -> Scopes:
    """The Scopes of the graph behind `outputs` (for the backward-pass views, which
    discover their graph themselves but need the leaves' names first)."""
    from ..autograd.node import accumulator_of

    stack = [t.grad_fn if t.grad_fn is not None else accumulator_of(t)
             for t in outputs if t.grad_fn is not None or t._requires_grad]
    nodes, seen = [], set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        nodes.append(node)
        stack.extend(fn for fn, _ in getattr(node, "next_functions", ()))
    return Scopes(nodes)
