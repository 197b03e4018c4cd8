"""Recording a backward pass: the graph it walks, and what each node received and sent.

`record(outputs, seeds, run, ...)` discovers the graph behind the outputs, registers an
observer in `ember.autograd.engine.tracers` while `run()` performs the backward pass, and
returns plain data (`TraceData`): graph nodes, forward edges and the steps in the order the
engine ran them. Every value is copied to a NumPy array when it is observed, because the
engine later accumulates into leaves' `.grad` in place and frees buffers.

The local derivative rule of each step is the op's own `formula` from the op table
(`node.op.formula`), so the explanation cannot drift from the code.
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from .._tensor import Tensor
from ..autograd import engine
from ..autograd.engine import target_edge
from ..autograd.node import AccumulateGrad, settled

__all__ = ["GraphNode", "Edge", "Part", "Contribution", "Step", "TraceData", "record",
           "format_value", "short_value"]

# Tensors with at most this many elements are shown in full; larger ones are summarized.
SMALL = 20


# ---------------------------------------------------------------------- values as text
def format_value(value: np.ndarray | None) -> str:
    """A tensor's values on one line: in full when small, else its shape and a summary."""
    if value is None:
        return "None"
    value = np.asarray(value)
    if value.size <= SMALL:
        text = np.array2string(value, separator=", ", precision=4,
                               max_line_width=1 << 30, threshold=1 << 30)
        return _one_line(text)
    shape = f"shape [{', '.join(map(str, value.shape))}]"
    if value.dtype.kind not in "fiub":
        return shape
    flat = value.astype(np.float64).ravel()
    if np.all(flat == flat[0]):
        return f"{shape}, every element {_number(flat[0])}"
    return (f"{shape}, min {_number(flat.min())}, mean {_number(flat.mean())}, "
            f"max {_number(flat.max())}")


def _number(x: float) -> str:
    return f"{float(x):.4g}"


def short_value(value: np.ndarray | None, limit: int = 24) -> str:
    """A very short form for labels inside the drawing."""
    text = format_value(value)
    if len(text) <= limit:
        return text
    if value is not None and np.ndim(value) > 0:
        return f"shape [{', '.join(map(str, np.shape(value)))}]"
    return text[: limit - 1] + "…"


def _one_line(text: str) -> str:
    # array2string aligns columns and breaks rows; a walk-through wants a compact line.
    text = " ".join(text.split())
    text = re.sub(r"\[ +", "[", text)
    return re.sub(r" +([,\]])", r"\1", text)


def _snapshot(t: Tensor | None) -> np.ndarray | None:
    return None if t is None else np.array(t._data, copy=True)


# ---------------------------------------------------------------------- recorded data
@dataclass
class GraphNode:
    """A node of the drawing: an operation (a grad_fn), a leaf tensor, or an output."""

    index: int
    kind: str                  # "op", "leaf" or "output"
    name: str                  # "MulBackward0", the leaf's name, the output's name
    label: str                 # the op's name ("mul", "dot"), "leaf" or "output"
    formula: str = ""          # the op table's local derivative rule (op nodes)
    var: str | None = None     # the caller's variable holding this op's result, if found
    shape: tuple | None = None  # leaves and outputs
    dtype: str | None = None
    value: np.ndarray | None = None
    grad_before: np.ndarray | None = None  # leaves: .grad before the pass
    number: int = 0            # tells apart op nodes that would read alike (#1, #2...)
    module: str | None = None  # the module call that made this op ("0: Linear"), if any

    @property
    def display(self) -> str:
        """How steps and explanations refer to this node."""
        if self.kind != "op":
            return self.name
        text = f"{self.name} #{self.number}" if self.number else self.name
        about = [self.var] if self.var else []
        if self.module:
            about.append(f"in {self.module}")
        return f"{text} ({', '.join(about)})" if about else text


@dataclass
class Edge:
    """A forward edge: output `nr` of node `src` is input `slot` of node `dst`."""

    src: int
    dst: int
    slot: int
    nr: int = 0


@dataclass
class Part:
    """One gradient contribution arriving at a node (several are summed at a fan-out)."""

    source: int | None         # the graph node that sent it (None: the backward seed)
    slot: int | None           # which of the sender's inputs it was sent through
    value: np.ndarray


@dataclass
class Contribution:
    """What a node sent to one of its inputs (the chain rule's product)."""

    slot: int
    target: int | None         # graph node of the input; None: a constant / no grad needed
    value: np.ndarray | None


@dataclass
class Step:
    """One step of the backward pass, in the engine's order.

    kind "seed": the gradient the pass starts from, at an output. kind "node": an op's
    backward ran: `upstream` (per output) came in as the sum of `parts`, the local rule is
    `formula`, and `sent` lists what went to each input. kind "leaf": a leaf's `.grad`
    accumulated `upstream[0]` (the sum of `parts`), going from `before` to `after`.
    """

    index: int
    kind: str
    node: int
    name: str
    grad_fn: str
    op: str
    formula: str = ""
    upstream: list = field(default_factory=list)
    parts: list = field(default_factory=list)
    sent: list = field(default_factory=list)
    before: np.ndarray | None = None
    after: np.ndarray | None = None


@dataclass
class TraceData:
    nodes: list
    edges: list
    steps: list
    outputs: list              # graph indices of the seeded nodes, one per output tensor


# ---------------------------------------------------------------------- naming
def caller_names(frame: types.FrameType | None) -> list[tuple[str, Tensor]]:
    """Tensors bound to names in the calling frame (a nice touch, not relied upon).

    Names starting with an underscore are skipped: IPython keeps `_`, `_1`... for results.
    """
    if frame is None:
        return []
    found = []
    for name, value in list(frame.f_locals.items()):
        if isinstance(value, Tensor) and not name.startswith("_"):
            found.append((name, value))
    return found


def user_frame(depth: int) -> types.FrameType | None:
    """The first frame outside ember.viz, starting `depth` frames above the caller."""
    frame = sys._getframe(depth + 1)
    while frame is not None and frame.f_globals.get("__name__", "").startswith("ember.viz"):
        frame = frame.f_back
    return frame


# ---------------------------------------------------------------------- discovery
class _Graph:
    """The nodes reachable from the outputs, numbered in depth-first order from the roots."""

    def __init__(self, named: list[tuple[str, Tensor]], scopes=None) -> None:
        self.scopes = scopes  # modules.Scopes: which module call made each op
        self.nodes: list[GraphNode] = []
        self.edges: list[Edge] = []
        self.index: dict = {}  # engine node -> graph index
        self._leaf_names = {}
        self._results = {}
        for name, t in named:
            if t.grad_fn is None:
                self._leaf_names.setdefault(id(t), name)
            else:
                self._results.setdefault((id(t.grad_fn), t._output_nr), name)
        self._unnamed_leaves = 0

    def number_lookalikes(self) -> None:
        """Number op nodes sharing a grad_fn name (and variable and module), in discovery
        order."""
        groups: dict = {}
        for node in self.nodes:
            if node.kind == "op":
                groups.setdefault((node.name, node.var, node.module), []).append(node)
        for group in groups.values():
            if len(group) > 1:
                for k, node in enumerate(group, 1):
                    node.number = k

    def add_output(self, name: str, t: Tensor) -> int:
        node = GraphNode(len(self.nodes), "output", name, "output", shape=tuple(t._data.shape),
                         dtype=str(t._data.dtype), value=_snapshot(t))
        self.nodes.append(node)
        return node.index

    def visit(self, root) -> int:
        """Number every node reachable from `root` and record the edges between them."""
        if root in self.index:
            return self.index[root]
        root_index = self._add(root)
        stack = [root]
        while stack:
            node = stack.pop()
            dst = self.index[node]
            fresh = []
            for slot, (child, nr) in enumerate(zip(node._next_nodes, node._next_nrs)):
                if child is None:
                    continue
                if child not in self.index:
                    self._add(child)
                    fresh.append(child)
                self.edges.append(Edge(self.index[child], dst, slot, nr))
            stack.extend(reversed(fresh))  # the first input is explored first
        return root_index

    def _add(self, node) -> int:
        index = len(self.nodes)
        self.index[node] = index
        if type(node) is AccumulateGrad:
            leaf = node.variable
            name = self._leaf_names.get(id(leaf))
            if name is None:
                name = f"leaf {self._unnamed_leaves}"
                self._unnamed_leaves += 1
            self.nodes.append(GraphNode(index, "leaf", name, "leaf",
                                        shape=tuple(leaf._data.shape),
                                        dtype=str(leaf._data.dtype), value=_snapshot(leaf),
                                        grad_before=_snapshot(leaf._grad)))
        else:
            settled(node)  # (its op's class, which the hot paths set only on sight)
            op = getattr(node, "op", None)
            box = self.scopes.call_box(node) if self.scopes is not None else None
            self.nodes.append(GraphNode(index, "op", type(node).__name__,
                                        getattr(op, "name", type(node).__name__),
                                        formula=getattr(op, "formula", "") or "",
                                        var=self._results.get((id(node), 0)),
                                        module=box.label if box is not None else None))
        return index


# ---------------------------------------------------------------------- the observer
class _Recorder:
    """An engine tracer: turns on_node/on_leaf calls into Steps."""

    def __init__(self, graph: _Graph, steps: list) -> None:
        self.graph = graph
        self.steps = steps
        self.pending: dict = {}  # (graph index, output nr) -> [Part] not yet consumed
        self.leaf_grads: dict = {}  # graph index -> the leaf's .grad after its last step

    def expect(self, index: int, nr: int, part: Part) -> None:
        self.pending.setdefault((index, nr), []).append(part)

    def on_node(self, node, grads_out, grads_sent) -> None:
        index = self.graph.index.get(node)
        if index is None:  # a backward pass started from inside this one: not ours
            return
        info = self.graph.nodes[index]
        outputs = getattr(node, "num_outputs", 1)
        upstream = [_snapshot(g) for g in grads_out] if grads_out is not None \
            else [None] * outputs
        sent = []
        for slot, (child, nr) in enumerate(zip(node._next_nodes, node._next_nrs)):
            target = self.graph.index.get(child) if child is not None else None
            value = _snapshot(grads_sent[slot]) if grads_sent is not None else None
            sent.append(Contribution(slot, target, value))
            if target is not None and value is not None:
                self.expect(target, nr, Part(index, slot, value))
        self.steps.append(Step(len(self.steps), "node", index, info.display, info.name,
                               info.label, info.formula, upstream=upstream,
                               parts=[self.pending.pop((index, nr), [])
                                      for nr in range(len(upstream))],
                               sent=sent))

    def on_leaf(self, acc_node, grad, before, after) -> None:
        index = self.graph.index.get(acc_node)
        if index is None:
            return
        info = self.graph.nodes[index]
        # The engine adds into .grad in place, so `before` may already hold the new value:
        # the value before is the one snapshot at discovery (or at this leaf's last step).
        start = self.leaf_grads.get(index, info.grad_before)
        self.leaf_grads[index] = _snapshot(after)
        self.steps.append(Step(len(self.steps), "leaf", index, info.name, "AccumulateGrad",
                               "accumulate", upstream=[_snapshot(grad)],
                               parts=[self.pending.pop((index, 0), [])],
                               before=start, after=self.leaf_grads[index]))


def record(outputs: list[Tensor], seeds: list[np.ndarray], run: Callable[[], None],
           output_names: list[str], named: Iterable[tuple[str, Tensor]],
           scopes=None) -> TraceData:
    """Run `run()` (a backward pass from `outputs` with gradients `seeds`) and record it;
    `scopes` (modules.Scopes) says which module call made each op."""
    graph = _Graph(list(named), scopes)
    steps: list[Step] = []
    recorder = _Recorder(graph, steps)
    roots = []
    for t, name, seed in zip(outputs, output_names, seeds):
        node, nr = target_edge(t)
        if t.grad_fn is not None:
            where = graph.add_output(name, t)
            root = graph.visit(node)
            graph.edges.append(Edge(root, where, 0, nr))
        else:  # backward from a leaf: the seed lands directly in its .grad
            where = root = graph.visit(node)
        roots.append(where)
        steps.append(Step(len(steps), "seed", where, graph.nodes[where].name, "", "seed",
                          upstream=[np.array(seed, copy=True)]))
        recorder.expect(root, nr, Part(None if where == root else where, None, seed))
    graph.number_lookalikes()
    engine.tracers.append(recorder)
    try:
        run()
    finally:
        engine.tracers.remove(recorder)
    return TraceData(graph.nodes, graph.edges, steps, roots)
