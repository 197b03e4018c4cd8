"""The computational graph as a picture-ready model: `ember.viz.graph(y)`.

An autograd graph is made of `Node`s that point to the nodes of their inputs and know
nothing of their outputs. This module walks that graph (iteratively: graphs can be a
million ops deep) and turns it into plain records — `GraphNode`s and `GraphEdge`s, in the
forward direction — that the DOT and SVG writers draw and tests can inspect.

What can be shown is what the graph kept. Leaves are the tensors themselves. An op's
result value is known only when something holds it: the output tensors passed in, a
consumer that saved it for its backward, or the op's own saved output. A constant input
(one that doesn't require grad: the `2` in `2 * dot(x, x)`) has no edge in the graph; its
value is known only if the op saved it. Nothing is invented: unknown values stay None.

Values are captured when the graph is built (saved tensors are freed by backward);
gradients are read from the tensors whenever the graph is drawn, so one `Graph` shows the
gradients after a later `backward()`.

When the graph was made by `nn.Module` calls (see `modules.py`), the model's parameters
and buffers are named by their path (`0.weight`) and every node records the module box it
is drawn in (`GraphNode.module`, an id into `Graph.boxes`): ops in the box of the module
call that created them, a parameter in the innermost box holding all its consumers, data
that comes from outside (inputs, results named by the caller) outside every box.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .._dispatch import NO_TENSOR
from .._dtype import from_numpy_dtype
from .._printing import _format_body
from .._tensor import Tensor
from ..autograd.node import FREED, AccumulateGrad, SavedOutput, accumulator_of, settled
from .modules import ModuleBox, Scopes

__all__ = ["Graph", "GraphNode", "GraphEdge", "ModuleBox", "graph", "MODULE_MODES"]

# Tensors with more elements (or lines wider than this) get a one-line summary instead.
MAX_SHOWN_ELEMENTS = 16
MAX_LINE_CHARS = 56
DEFAULT_MAX_NODES = 80
# A chain is collapsed when it has at least this many ops (its first and last stay).
MIN_COLLAPSED_CHAIN = 4

_BACKWARD_SUFFIX = re.compile(r"Backward\d*$")

# Node kinds
LEAF = "leaf"            # a leaf tensor that requires grad (gradients accumulate into .grad)
OP = "op"                # an operation (a grad_fn)
OUTPUT = "output"        # a result tensor passed to graph() or named in params
CONSTANT = "constant"    # an input that doesn't require grad (number, tensor, detached)
SUMMARY = "summary"      # hidden nodes: a collapsed chain or the rest of a large graph
MODULE = "module"        # a module call collapsed to one node (graph(..., modules="collapse"))

# graph(..., modules=...): a box around each module call's ops, each innermost module
# call as one node (its containers still boxes), or no boxes.
MODULE_MODES = ("boxes", "collapse", "none")

# Edge kinds
DATA = "data"            # gradients flow back along it
CONST = "constant"       # from a constant: no gradient flows
DETACH = "detach"        # a detached tensor shares memory with a tensor of the graph


def format_values(data: np.ndarray) -> str:
    """Values as torch prints them, or a summary for large tensors."""
    data = np.asarray(data)
    if data.size == 0:
        return "[]"
    is_float = data.dtype.kind == "f"
    if data.size <= MAX_SHOWN_ELEMENTS:
        text = _format_body(data, is_float, 0)
        if max(len(line) for line in text.splitlines()) <= MAX_LINE_CHARS:
            return text
    if data.dtype.kind == "b":
        return f"{int(data.sum())} of {data.size} True"
    values = data.astype(np.float64)
    return (f"min {values.min():.4g}  mean {values.mean():.4g}  max {values.max():.4g}")


def _format_constant(value) -> str:
    if isinstance(value, Tensor):
        return format_values(value._data)
    return repr(value)


class GraphNode:
    """One box of the picture.

    kind: "leaf", "op", "output", "constant", "summary" or "module". `label` is the
    title: a tensor's name (from params, the outputs dict, or the model's parameter
    names), an op's readable name (`mul`), a summary's text, or a collapsed module's
    label. `value` is the formatted value when known, `grad` the formatted gradient when
    the tensor has one (read when accessed). `module` is the id of the module box the node
    is drawn in (None: outside every box); `info` lines shown first (collapsed modules).
    """

    __slots__ = ("id", "kind", "label", "grad_fn", "shape", "dtype", "requires_grad",
                 "detached", "note", "hidden", "tensor", "module", "info", "_value",
                 "_pending")

    def __init__(self, id: str, kind: str, label: str, *, grad_fn: str | None = None,
                 shape: tuple | None = None, dtype: str | None = None,
                 value: str | None = None, requires_grad: bool = False,
                 detached: bool = False, note: str | None = None,
                 hidden: Counter | None = None, tensor: Tensor | None = None,
                 module: str | None = None,
                 info: list[tuple[str, str]] | None = None) -> None:
        self.id = id
        self.kind = kind
        self.label = label
        self.grad_fn = grad_fn          # torch's grad_fn class name, for op nodes
        self.shape = shape
        self.dtype = dtype
        self.requires_grad = requires_grad
        self.detached = detached        # a constant sharing memory with a tensor of the graph
        self.note = note                # what could not be known, or what a summary hides
        self.hidden = hidden            # summary nodes: op label -> count
        self.tensor = tensor            # where the gradient is read from
        self.module = module            # id of the module box around it, or None
        self.info = info or []          # (role, text) lines shown first
        self._value = value
        self._pending = None

    @property
    def value(self) -> str | None:
        if self._pending is not None:  # formatted when first needed: most never are
            self._value, self._pending = format_values(self._pending), None
        return self._value

    @value.setter
    def value(self, text: str | None) -> None:
        self._value, self._pending = text, None

    @property
    def has_value(self) -> bool:
        return self._value is not None or self._pending is not None

    def set_values(self, data: np.ndarray) -> None:
        """Remember `data` as this node's value: small arrays are copied and formatted
        later, large ones summarised now (so later in-place changes don't show)."""
        self.shape = tuple(data.shape)
        self.dtype = from_numpy_dtype(data.dtype).name
        if data.size <= MAX_SHOWN_ELEMENTS:
            self._value, self._pending = None, np.array(data)
        else:
            self.value = format_values(data)

    def __repr__(self) -> str:
        return (f"GraphNode({self.id!r}, {self.kind!r}, {self.label!r}, "
                f"shape={self.shape}, value={self.value!r}, grad={self.grad!r})")

    @property
    def grad_tensor(self) -> Tensor | None:
        t = self.tensor
        return None if t is None else t._grad  # ._grad: no warning for non-leaves

    @property
    def grad(self) -> str | None:
        grad = self.grad_tensor
        return None if grad is None else format_values(grad._data)

    def lines(self) -> list[str]:
        """The text of the box below its title."""
        return [text for _, text in self.styled_lines()]

    def styled_lines(self) -> list[tuple[str, str]]:
        """(role, text) for each line below the title; role is one of "grad_fn", "meta",
        "value", "grad", "note" (the writers colour them)."""
        out: list[tuple[str, str]] = list(self.info)
        if self.kind == OP and self.grad_fn:
            out.append(("grad_fn", self.grad_fn))
        meta = []
        if self.shape is not None:
            meta.append(f"shape {tuple(self.shape)}")
        if self.dtype is not None:
            meta.append(self.dtype)
        if self.kind == LEAF:
            meta.append("requires_grad")
        if meta:
            out.append(("meta", "  ".join(meta)))
        if self.value is not None:
            name = "out" if self.kind in (OP, MODULE) else "value"
            out.extend(("value", line) for line in _labelled(name, self.value))
        grad = self.grad
        if grad is not None:
            out.extend(("grad", line) for line in _labelled("grad", grad))
        if self.note:
            out.append(("note", self.note))
        return out


def _labelled(name: str, text: str) -> list[str]:
    """`name: first line`, continuation lines indented under it."""
    pad = " " * (len(name) + 2)
    first, *rest = text.splitlines() or [""]
    return [f"{name}: {first}", *(pad + line for line in rest)]


@dataclass(eq=False)
class GraphEdge:
    """An arrow in the forward direction: `source` feeds input `index` of `target`."""

    source: str
    target: str
    kind: str = DATA
    index: int | None = None


class Graph:
    """The graph that produced some tensors; draws itself as DOT, SVG or PNG.

    `nodes` and `edges` are plain records (see GraphNode, GraphEdge); `boxes` the module
    calls drawn as boxes (see ModuleBox), outer boxes before the boxes inside them. In
    Jupyter the object displays as an SVG picture.
    """

    def __init__(self, nodes: list[GraphNode], edges: list[GraphEdge],
                 hidden_ops: int = 0, boxes: list[ModuleBox] | None = None) -> None:
        self.nodes = nodes
        self.edges = edges
        self.hidden_ops = hidden_ops  # ops folded into summary nodes (0 when expanded)
        self.boxes = boxes or []

    def node(self, label: str) -> GraphNode:
        """The single node titled `label` (KeyError if none, ValueError if several)."""
        found = [n for n in self.nodes if n.label == label]
        if not found:
            raise KeyError(f"no node labelled {label!r}")
        if len(found) > 1:
            raise ValueError(f"{len(found)} nodes are labelled {label!r}")
        return found[0]

    def by_id(self, node_id: str) -> GraphNode:
        for n in self.nodes:
            if n.id == node_id:
                return n
        raise KeyError(node_id)

    def box(self, label: str) -> ModuleBox:
        """The first module box labelled `label` (KeyError if none)."""
        for b in self.boxes:
            if b.label == label:
                return b
        raise KeyError(f"no module box labelled {label!r}")

    def module_of(self, node: GraphNode) -> ModuleBox | None:
        """The innermost module box `node` is drawn in (None: outside every box)."""
        return next((b for b in self.boxes if b.id == node.module), None)

    def inputs_of(self, node: GraphNode) -> list[GraphNode]:
        """The nodes feeding `node`, in input order."""
        by_id = {n.id: n for n in self.nodes}
        edges = sorted((e for e in self.edges if e.target == node.id),
                       key=lambda e: -1 if e.index is None else e.index)
        return [by_id[e.source] for e in edges]

    # ------------------------------------------------------------------ formats
    def to_dot(self) -> str:
        """Graphviz DOT text."""
        from .dot import to_dot

        return to_dot(self)

    def to_svg(self, engine: str = "python") -> str:
        """An SVG picture; engine "python" (default, no system program) or "graphviz"."""
        from .render import svg_text

        return svg_text(self, engine)

    def save(self, path, engine: str = "python") -> str:
        """Write `.svg`, `.dot` or `.png` (PNG needs Graphviz or cairosvg). Returns the path."""
        from .render import save

        return save(self, path, engine)

    def _repr_svg_(self) -> str:
        return self.to_svg()

    def __repr__(self) -> str:
        kinds = Counter(n.kind for n in self.nodes)
        parts = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
        hidden = f", {self.hidden_ops} ops hidden" if self.hidden_ops else ""
        boxes = f", {len(self.boxes)} module boxes" if self.boxes else ""
        return f"<ember.viz.Graph: {len(self.nodes)} nodes ({parts}), " \
               f"{len(self.edges)} edges{hidden}{boxes}>"


# ---------------------------------------------------------------------- building
def graph(*outputs, params: Mapping[str, Tensor] | None = None, expand: bool = False,
          max_nodes: int = DEFAULT_MAX_NODES, modules: str = "boxes") -> Graph:
    """The graph that produced `outputs` (tensors, or one dict of name -> tensor).

    `params` names other tensors of the graph (leaves, constants, intermediate results),
    e.g. `dict(x=x)`; without it, the parameters and buffers of the `nn.Module`s that made
    the graph are named by their path in the model (`0.weight`, `encoder.fc.bias`).

    `modules` says how module calls are drawn: "boxes" (default) puts each call's ops in a
    box labelled with the module's path and class (`encoder.fc: Linear`), nested as the
    modules are; "collapse" draws each innermost module call as one node (its containers
    stay boxes), so the picture reads like `print(model)`; "none" draws no boxes. A
    module called twice gets a box per call, labelled `(call 1)`, `(call 2)`.

    A graph with more than `max_nodes` nodes is made readable by collapsing long chains of
    one-input ops and, if still too large, by summarising the nodes farthest from the
    outputs; `expand=True` shows everything.
    """
    named: list[tuple[str | None, Tensor]] = []
    for item in outputs:
        if isinstance(item, Mapping):
            named.extend(item.items())
        elif isinstance(item, Tensor):
            named.append((None, item))
        elif isinstance(item, (list, tuple)):
            named.extend((None, t) for t in item)
        else:
            raise TypeError(f"graph() takes tensors or a dict of tensors, not "
                            f"{type(item).__name__}")
    if not named:
        raise ValueError("graph() needs at least one output tensor")
    for name, t in named:
        if not isinstance(t, Tensor):
            raise TypeError(f"output {name or ''} is a {type(t).__name__}, not a Tensor")
    if max_nodes < 3:
        raise ValueError("max_nodes must be at least 3")
    if modules not in MODULE_MODES:
        raise ValueError(f"modules must be one of {', '.join(map(repr, MODULE_MODES))}, "
                         f"not {modules!r}")
    builder = _Builder(named, dict(params or {}))
    result = builder.build()
    if modules == "none":
        for node in result.nodes:
            node.module = None
        result.boxes = []
    elif modules == "collapse":
        result = _collapse_modules(result)
    if not expand and len(result.nodes) > max_nodes:
        result = _collapse_chains(result)
        if len(result.nodes) > max_nodes:
            result = _keep_nearest(result, max_nodes)
    return result


def _op_label(node) -> str:
    op = getattr(node, "op", None)
    name = getattr(op, "name", None)
    if name:
        return name
    # Nodes without an op (custom Functions): their class name without "Backward0".
    return _BACKWARD_SUFFIX.sub("", type(node).__name__) or type(node).__name__


def _next_nodes(node) -> tuple:
    nodes = getattr(node, "_next_nodes", None)
    if nodes is not None:
        return tuple(zip(nodes, getattr(node, "_next_nrs", (0,) * len(nodes))))
    return tuple((fn, nr) if fn is not None else (None, 0)
                 for fn, nr in getattr(node, "next_functions", ()))


def _saved_by_input(node) -> tuple[dict, object, bool]:
    """({input index: saved object}, saved own output or None, freed?) for an op node.

    Entries modified in place since they were saved are left out: their current value is
    not the one the op used.
    """
    op = getattr(node, "op", None)
    saved = getattr(node, "_saved", ())
    if saved is FREED:
        return {}, None, True
    saves = getattr(op, "saves", ()) if op is not None else ()
    versions = getattr(node, "_versions", None)
    by_input: dict = {}
    own = None
    for j, (slot, entry) in enumerate(zip(saves, saved)):
        if isinstance(entry, SavedOutput):
            if entry.version[0] == entry.expected:
                own = entry
            continue
        if isinstance(entry, Tensor):
            expected = versions[j] if versions is not None else 0
            if entry._version_counter[0] != expected:
                continue
        if isinstance(slot, int) and entry is not None:
            by_input[slot] = entry
    return by_input, own, False


class _Builder:
    def __init__(self, outputs: list[tuple[str, Tensor]], params: dict) -> None:
        self.outputs = outputs
        self.names = {id(t): name for name, t in params.items() if isinstance(t, Tensor)}
        self.params = params  # keeps the named tensors alive while their ids are used
        self.nodes: list[GraphNode] = []
        self.edges: list[GraphEdge] = []
        self.of_autograd: dict = {}       # autograd node -> GraphNode
        self.result_node: dict = {}       # (autograd node, output_nr) -> output GraphNode
        self.counters: dict = {}          # id(version counter) -> GraphNode holding it
        self.keep: list = []              # objects whose ids are keys above

    def new(self, kind: str, label: str, **fields) -> GraphNode:
        node = GraphNode(f"n{len(self.nodes)}", kind, label, **fields)
        self.nodes.append(node)
        return node

    def remember_counter(self, tensor_or_counter, node: GraphNode, weak: bool = False) -> None:
        counter = getattr(tensor_or_counter, "_version_counter", tensor_or_counter)
        self.keep.append(counter)
        if weak and id(counter) in self.counters:
            return
        self.counters[id(counter)] = node

    # ---------------------------------------------------------------- walk
    def build(self) -> Graph:
        # Leaf outputs that require grad stand for their AccumulateGrad node.
        roots = [t.grad_fn if t.grad_fn is not None else accumulator_of(t)
                 for _, t in self.outputs if t.grad_fn is not None or t._requires_grad]
        order = self._discover(roots)
        self.scopes = Scopes(order)
        for item in order:
            self._make_node(item)
        self._make_outputs()
        for item in order:
            if not isinstance(item, AccumulateGrad):
                self._connect(item)
        self._place_model_leaves()
        boxes = self.scopes.boxes
        self.scopes.release()
        return Graph(self.nodes, self.edges, boxes=_used_boxes(self.nodes, boxes))

    def _discover(self, roots: list) -> list:
        """Autograd nodes (and leaf outputs) reachable from the roots, outputs first."""
        seen: set[int] = set()
        order = []
        stack = list(reversed(roots))
        while stack:
            item = stack.pop()
            if id(item) in seen:
                continue
            seen.add(id(item))
            order.append(item)
            for fn, _ in reversed(_next_nodes(item)):
                if fn is not None and id(fn) not in seen:
                    stack.append(fn)
        return order

    def _make_node(self, item) -> None:
        if isinstance(item, AccumulateGrad):
            leaf = item.variable
            name = (self.names.get(id(leaf)) or self._output_name(leaf)
                    or self.scopes.name_of(leaf) or leaf.name or "leaf")
            node = self.new(LEAF, name, requires_grad=True, tensor=leaf)
            node.set_values(leaf._data)
            self.remember_counter(leaf, node)
        else:
            box = self.scopes.call_box(item)
            node = self.new(OP, _op_label(item), grad_fn=type(settled(item)).__name__,
                            requires_grad=True, module=box.id if box is not None else None)
            view = getattr(getattr(item, "op", None), "view", False)
            _, own, _ = _saved_by_input(item)
            if own is not None:
                node.set_values(own.data)
                self.remember_counter(own.version, node, weak=view)
        self.of_autograd[item] = node

    def _output_name(self, leaf: Tensor) -> str | None:
        for name, t in self.outputs:
            if t is leaf:
                return name
        return None

    def _default_name(self, position: int) -> str:
        return "output" if len(self.outputs) == 1 else f"output {position}"

    def _make_outputs(self) -> None:
        """Output and named intermediate tensors get boxes after their op."""
        results = [(name or self._default_name(i), t, True)
                   for i, (name, t) in enumerate(self.outputs)]
        results += [(name, t, False) for name, t in self.params.items()
                    if isinstance(t, Tensor) and t.grad_fn is not None]
        for name, t, is_output in results:
            fn = t.grad_fn
            if fn is None:
                if not t._requires_grad:  # an output that doesn't require grad at all
                    name = self.names.get(id(t)) or name
                    node = self.new(CONSTANT, name, tensor=t)
                    node.set_values(t._data)
                    self.remember_counter(t, node, weak=True)
                continue
            if fn not in self.of_autograd or (fn, t._output_nr) in self.result_node:
                continue  # a named tensor from another graph, or named twice
            op_node = self.of_autograd[fn]
            # What graph() was asked about comes out of the model: outside every box. A
            # named intermediate result stays beside its op.
            node = self.new(OUTPUT, name, requires_grad=True, tensor=t,
                            module=None if is_output else op_node.module)
            node.set_values(t._data)
            if t._output_nr == 0:  # the result box shows the value: don't repeat it
                op_node.shape = op_node.dtype = op_node.value = None
            self.result_node[(fn, t._output_nr)] = node
            self.edges.append(GraphEdge(op_node.id, node.id, DATA))
            self.remember_counter(t, node)

    def _connect(self, fn) -> None:
        """Edges into op `fn`: from its producers, and from constant nodes."""
        target = self.of_autograd[fn]
        saved, _, freed = _saved_by_input(fn)
        saves = getattr(getattr(fn, "op", None), "saves", ())
        meta = getattr(fn, "input_meta", None)
        for i, (producer, nr) in enumerate(_next_nodes(fn)):
            if producer is not None:
                source = self.result_node.get((producer, nr)) or self.of_autograd[producer]
                self.edges.append(GraphEdge(source.id, target.id, DATA, i))
                entry = saved.get(i)
                # A saved input produced by another op tells that op's result value.
                if isinstance(entry, Tensor) and source.kind == OP and not source.has_value:
                    source.set_values(entry._data)
                if isinstance(entry, Tensor) and entry.grad_fn is producer:
                    weak = getattr(getattr(producer, "op", None), "view", False)
                    self.remember_counter(entry, source, weak=weak)
                continue
            if nr != NO_TENSOR:  # an input given as None is not drawn
                self._constant_input(fn, target, i, saved.get(i), freed and i in saves, meta)

    def _constant_input(self, fn, target: GraphNode, i: int, entry, freed: bool,
                        meta) -> None:
        if isinstance(entry, Tensor):
            model_name = self.scopes.name_of(entry)
            name = self.names.get(id(entry)) or model_name or entry.name or "constant"
            node = self.new(CONSTANT, name, tensor=entry)
            node.set_values(entry._data)
            source = self.counters.get(id(entry._version_counter))
            if source is not None and source is not target:
                node.detached = True
                node.note = "detached: no gradient flows back"
                self.edges.append(GraphEdge(source.id, node.id, DETACH))
            # A buffer or frozen parameter, or a detached result, belongs with its op; any
            # other tensor (the input data, most often) is drawn coming from outside.
            if model_name is not None or node.detached:
                node.module = target.module
        elif entry is not None:  # a number the op was called with
            node = self.new(CONSTANT, "constant", value=_format_constant(entry),
                            module=target.module)
        else:  # a tensor whose value the op did not keep: as any other tensor
            node = self.new(CONSTANT, "constant")
            if meta is not None and meta[i] is not None:
                shape, np_dtype = meta[i]
                node.shape = tuple(shape)
            node.note = "value freed by backward" if freed else "value not saved by the op"
        self.edges.append(GraphEdge(node.id, target.id, CONST, i))

    def _place_model_leaves(self) -> None:
        """A model's parameter goes in the innermost box that holds all of its consumers
        (its module's box, unless it is shared with another module or call)."""
        parent = {b.id: b.parent for b in self.scopes.boxes}
        consumers: dict[str, list] = {}
        by_id = {n.id: n for n in self.nodes}
        for e in self.edges:
            consumers.setdefault(e.source, []).append(by_id[e.target].module)
        for node in self.nodes:
            if (node.kind == LEAF and self.scopes.name_of(node.tensor) is not None
                    and node.id in consumers):
                node.module = common_box(consumers[node.id], parent)


def common_box(boxes: list, parent: dict) -> str | None:
    """The innermost box containing all of `boxes` (ids; None is the outside)."""
    def chain(box):
        out = []
        while box is not None:
            out.append(box)
            box = parent.get(box)
        return out

    common = chain(boxes[0])
    for box in boxes[1:]:
        around = set(chain(box))
        common = [b for b in common if b in around]
    return common[0] if common else None


def _used_boxes(nodes: list[GraphNode], boxes: list[ModuleBox]) -> list[ModuleBox]:
    """The boxes that hold a node, directly or through a box inside them."""
    parent = {b.id: b.parent for b in boxes}
    used: set = set()
    for node in nodes:
        box = node.module
        while box is not None and box not in used:
            used.add(box)
            box = parent.get(box)
    return [b for b in boxes if b.id in used]


# ---------------------------------------------------------------------- collapsed modules
def _collapse_modules(g: Graph) -> Graph:
    """Each innermost module box becomes one node that stands for everything inside it;
    boxes around other boxes stay boxes."""
    outer = {b.parent for b in g.boxes}
    collapsing = {b.id: b for b in g.boxes if b.id not in outer}
    if not collapsing:
        return g
    members: dict[str, list[GraphNode]] = {box: [] for box in collapsing}
    for n in g.nodes:
        if n.module in collapsing:
            members[n.module].append(n)
    replaced: dict[str, GraphNode] = {}   # member id -> the module node
    nodes: list[GraphNode] = []
    made: dict[str, GraphNode] = {}
    for n in g.nodes:
        box = collapsing.get(n.module)
        if box is None:
            nodes.append(n)
            continue
        node = made.get(box.id)
        if node is None:
            node = made[box.id] = _module_node(box, members[box.id])
            nodes.append(node)
        replaced[n.id] = node
    edges: list[GraphEdge] = []
    seen: set = set()
    inputs: dict[str, int] = {}
    exits: dict[str, dict] = {}  # module node id -> members whose results leave it
    by_id = {n.id: n for n in g.nodes} | {n.id: n for n in made.values()}
    for e in g.edges:
        source, target = replaced.get(e.source), replaced.get(e.target)
        if source is not None and source is target:
            continue  # inside one module
        s = source.id if source is not None else e.source
        t = target.id if target is not None else e.target
        if (s, t) in seen:
            continue
        seen.add((s, t))
        index = e.index
        if target is not None:  # the module's inputs in the order they are first used
            index = inputs[t] = inputs.get(t, -1) + 1
        edges.append(GraphEdge(s, t, e.kind, index))
        if source is not None and target is not source:
            exits.setdefault(s, {})[e.source] = by_id[e.source]
    for node_id, ends in exits.items():
        if len(ends) == 1:  # one op's result leaves the module: that is its output
            (end,) = ends.values()
            node = by_id[node_id]
            node.shape, node.dtype = end.shape, end.dtype
            node._value, node._pending = end._value, end._pending
    boxes = [b for b in g.boxes if b.id not in collapsing]
    return Graph(nodes, edges, g.hidden_ops, boxes)


def _module_node(box: ModuleBox, members: list[GraphNode]) -> GraphNode:
    """A module call as one node: its `print(model)` text, the ops it ran, its own
    parameters, and its result when known."""
    ops = Counter(n.label for n in members if n.kind == OP)
    info = []
    if box.extra:
        info.append(("meta", box.extra))
    if ops:
        info.append(("grad_fn", "ops: " + ", ".join(
            name if count == 1 else f"{name} ×{count}" for name, count in ops.items())))
    prefix = f"{box.path}." if box.path else ""
    leaves = [(n.label.removeprefix(prefix), n) for n in members if n.kind == LEAF]
    order = {name: i for i, name in enumerate(box.params)}  # as the module lists them
    leaves.sort(key=lambda item: order.get(item[0], len(order)))
    params = [f"{name} {tuple(n.shape or ())}" for name, n in leaves]
    if params:
        info.append(("meta", "params: " + ", ".join(params)))
    node = GraphNode(f"{box.id}_{members[0].id}", MODULE, box.label, module=box.parent,
                     hidden=ops, info=info, requires_grad=True)
    node.grad_fn = None
    return node


# ---------------------------------------------------------------------- making it smaller
def _adjacency(g: Graph) -> tuple[dict, dict]:
    ins: dict[str, list[GraphEdge]] = {n.id: [] for n in g.nodes}
    outs: dict[str, list[GraphEdge]] = {n.id: [] for n in g.nodes}
    for e in g.edges:
        ins[e.target].append(e)
        outs[e.source].append(e)
    return ins, outs


def _collapse_chains(g: Graph) -> Graph:
    """Replace the middle of every long chain of one-input, one-consumer ops by a summary.

    A chain link is an op whose only gradient-carrying input comes from the previous op
    and whose only consumer is the next. Its constant inputs are hidden with it.
    """
    by_id = {n.id: n for n in g.nodes}
    ins, outs = _adjacency(g)

    def single_data_input(n: GraphNode) -> GraphEdge | None:
        data = [e for e in ins[n.id] if e.kind == DATA]
        return data[0] if len(data) == 1 else None

    is_link: dict[str, bool] = {}

    def chain_op(n: GraphNode) -> bool:
        known = is_link.get(n.id)
        if known is None:
            known = is_link[n.id] = (
                n.kind == OP and len(outs[n.id]) == 1 and single_data_input(n) is not None
                and all(by_id[e.source].kind == CONSTANT and len(outs[e.source]) == 1
                        for e in ins[n.id] if e.kind != DATA))
        return known

    def next_in_chain(n: GraphNode) -> GraphNode | None:
        target = by_id[outs[n.id][0].target]
        # A chain stays inside one module box.
        if (chain_op(target) and single_data_input(target).source == n.id
                and target.module == n.module):
            return target
        return None

    starts = []
    for n in g.nodes:
        if not chain_op(n):
            continue
        prev = by_id[single_data_input(n).source]
        if not (chain_op(prev) and next_in_chain(prev) is n):
            starts.append(n)
    hidden: set[str] = set()
    new_nodes: list[GraphNode] = []
    new_edges: list[GraphEdge] = []
    hidden_ops = 0
    for start in starts:
        chain = [start]
        while (nxt := next_in_chain(chain[-1])) is not None:
            chain.append(nxt)
        if len(chain) < MIN_COLLAPSED_CHAIN:
            continue
        middle = chain[1:-1]
        counts = Counter(n.label for n in middle)
        summary = GraphNode(f"s{len(new_nodes)}_{start.id}", SUMMARY,
                            f"… {len(middle)} more ops …", hidden=counts,
                            note=", ".join(f"{k} ×{v}" for k, v in counts.most_common(4)),
                            module=start.module)
        new_nodes.append(summary)
        hidden_ops += len(middle)
        for n in middle:
            hidden.add(n.id)
            hidden.update(e.source for e in ins[n.id] if e.kind != DATA)
        new_edges.append(GraphEdge(chain[0].id, summary.id, DATA))
        new_edges.append(GraphEdge(summary.id, chain[-1].id, DATA, 0))
    if not new_nodes:
        return g
    nodes = [n for n in g.nodes if n.id not in hidden] + new_nodes
    edges = [e for e in g.edges if e.source not in hidden and e.target not in hidden]
    return Graph(nodes, edges + new_edges, g.hidden_ops + hidden_ops, g.boxes)


def _keep_nearest(g: Graph, max_nodes: int) -> Graph:
    """Keep the nodes closest to the outputs (fewest edges away). Each kept node that lost
    inputs gets a small "…" stub above it, and one note says how much is hidden."""
    ins, outs = _adjacency(g)
    sinks = [n.id for n in g.nodes if not outs[n.id]]
    order: list[str] = []
    seen = set(sinks)
    queue = deque(sinks)
    while queue:
        nid = queue.popleft()
        order.append(nid)
        for e in ins[nid]:
            if e.source not in seen:
                seen.add(e.source)
                queue.append(e.source)
    # Stubs take room too: shrink the kept set until kept + stubs + note fit the budget.
    count = max_nodes - 1
    while True:
        kept = set(order[:count])
        stubs = {e.target for e in g.edges if e.source not in kept and e.target in kept}
        if count + len(stubs) + 1 <= max_nodes or count == 1:
            break
        count = max(1, count - (count + len(stubs) + 1 - max_nodes))
    dropped = [n for n in g.nodes if n.id not in kept]
    counts = Counter(n.label for n in dropped if n.kind == OP)
    hidden_ops = sum(counts.values()) + sum(sum(n.hidden.values()) for n in dropped if n.hidden)
    note = GraphNode("rest", SUMMARY, f"… {len(dropped)} more nodes …", hidden=counts,
                     note="graph(..., expand=True) shows all")
    nodes = [n for n in g.nodes if n.id in kept] + [note]
    edges = [e for e in g.edges if e.source in kept and e.target in kept]
    for target in [n for n in g.nodes if n.id in stubs]:
        stub = GraphNode(f"cut{len(nodes)}", SUMMARY, "…", note="hidden inputs",
                         module=target.module)
        nodes.append(stub)
        edges.append(GraphEdge(stub.id, target.id, DATA))
    return Graph(nodes, edges, g.hidden_ops + hidden_ops, _used_boxes(nodes, g.boxes))
