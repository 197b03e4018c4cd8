"""The graph of an nn model: parameters named by module path, module calls drawn as boxes.

Structure is checked on the Graph records (which box each node is drawn in), the pictures
on the SVG (boxes hold their nodes and nothing else) and the DOT text (clusters).
"""

import gc
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

import ember
from ember import nn
from ember.viz import graph
from ember.viz.graph import CONSTANT, LEAF, MODULE, OP, OUTPUT, SUMMARY

SVG = "{http://www.w3.org/2000/svg}"


class TinyReLU(nn.Module):
    """An activation module that does not depend on nn's activation classes."""

    def forward(self, x):
        return ember.relu(x)


def mlp():
    ember.manual_seed(0)
    return nn.Sequential(nn.Linear(3, 4), TinyReLU(), nn.Linear(4, 2))


class Encoder(nn.Module):
    """A custom module holding a Sequential, with an op of its own (the residual add)."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 3)
        self.head = nn.Sequential(nn.Linear(3, 4), TinyReLU(), nn.Linear(4, 2))

    def forward(self, x):
        return self.head(ember.relu(self.fc(x)) + x)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()

    def forward(self, x):
        return self.encoder(x)


def by_label(g, kind=None):
    return {n.label: n for n in g.nodes if kind is None or n.kind == kind}


def path_of(g, node):
    box = g.module_of(node)
    return None if box is None else box.path


def op_of(g, tensor):
    """The graph node of `tensor`'s grad_fn: the node feeding its output box."""
    (out,) = [n for n in g.nodes if n.kind == OUTPUT and n.tensor is tensor]
    (op,) = g.inputs_of(out)
    return op


def inside(g, node, box) -> bool:
    """Whether `node` is drawn in `box` or in a box nested in it."""
    parent = {b.id: b.parent for b in g.boxes}
    where = node.module
    while where is not None:
        if where == box.id:
            return True
        where = parent[where]
    return False


# ---------------------------------------------------------------------- names and boxes
def test_mlp_parameters_are_named_by_path_and_ops_sit_in_their_module():
    model = mlp()
    x = ember.randn(5, 3)
    y = model(x)
    g = graph(y)
    leaves = by_label(g, LEAF)
    assert sorted(leaves) == ["0.bias", "0.weight", "2.bias", "2.weight"]
    assert leaves["0.weight"].tensor is model[0].weight
    assert leaves["2.bias"].tensor is model[2].bias
    assert [b.label for b in g.boxes] == ["Sequential", "0: Linear", "1: TinyReLU",
                                        "2: Linear"]
    root = g.box("Sequential")
    assert root.parent is None and root.path == ""
    assert all(b.parent == root.id for b in g.boxes[1:])
    assert g.box("0: Linear").extra == "in_features=3, out_features=4, bias=True"
    # Each op in the box of the module call that made it; parameters in their module's box.
    last = op_of(g, y)
    assert last.grad_fn == "AddmmBackward0" and path_of(g, last) == "2"
    bias, relu, transpose = g.inputs_of(last)
    assert bias.label == "2.bias" and path_of(g, bias) == "2"
    assert relu.grad_fn == "ReluBackward0" and path_of(g, relu) == "1"
    assert transpose.grad_fn == "TBackward0" and path_of(g, transpose) == "2"
    first = g.inputs_of(relu)[0]
    assert path_of(g, first) == "0"
    assert [path_of(g, n) for n in g.inputs_of(first)] == ["0", None, "0"]
    # The data going in and the result coming out are outside every box.
    data = g.inputs_of(first)[1]
    assert data.kind == CONSTANT and data.module is None
    assert g.node("output").module is None
    assert "4 module boxes" in repr(g)


def test_nested_modules_give_nested_boxes_and_the_loss_stays_outside():
    net = Net()
    x = ember.randn(5, 3)
    loss = (net(x) ** 2).mean()
    g = graph(loss)
    labels = [b.label for b in g.boxes]
    assert labels == ["Net", "encoder: Encoder", "encoder.fc: Linear",
                      "encoder.head: Sequential", "encoder.head.0: Linear",
                      "encoder.head.1: TinyReLU", "encoder.head.2: Linear"]
    parent = {b.label: b.parent for b in g.boxes}
    ids = {b.label: b.id for b in g.boxes}
    assert parent["encoder: Encoder"] == ids["Net"]
    assert parent["encoder.fc: Linear"] == ids["encoder: Encoder"]
    assert parent["encoder.head.0: Linear"] == ids["encoder.head: Sequential"]
    assert parent["encoder.head: Sequential"] == ids["encoder: Encoder"]
    names = sorted(by_label(g, LEAF))
    assert names == sorted(name for name, _ in net.named_parameters())
    assert "encoder.head.2.weight" in names
    ops = [n for n in g.nodes if n.kind == OP]
    where = {n.label: path_of(g, n) for n in ops if n.label in ("mean", "pow", "add")}
    assert where == {"mean": None, "pow": None, "add": "encoder"}  # Encoder's own add
    relus = sorted(path_of(g, n) for n in ops if n.label == "relu")
    assert relus == ["encoder", "encoder.head.1"]
    # Every op made inside the model is in a box of it; ops of the loss are not.
    assert all(inside(g, n, g.box("Net")) for n in ops if n.label not in ("mean", "pow"))


def test_collapse_gives_one_node_per_module_reading_like_print_model():
    model = nn.Sequential(nn.Linear(3, 8), TinyReLU(), nn.Linear(8, 8), TinyReLU(),
                          nn.Linear(8, 2))
    y = model(ember.randn(4, 3))
    g = graph(y, modules="collapse")
    modules = [n for n in g.nodes if n.kind == MODULE]
    # print(model) lists "(i): Class(extra)": each is one node "i: Class" showing extra.
    printed = re.findall(r"^  \((\w+)\): (\w+)\((.*)\)$", repr(model), re.M)
    assert len(printed) == 5 and len(modules) == 5
    for path, cls, extra in printed:
        node = g.node(f"{path}: {cls}")
        assert node.kind == MODULE
        assert extra == "" or ("meta", extra) in node.info
    assert [b.label for b in g.boxes] == ["Sequential"]
    assert all(n.module == g.boxes[0].id for n in modules)
    assert [n.kind for n in g.nodes if n.kind in (OP, LEAF)] == []  # all folded in
    assert ("meta", "params: weight (8, 3), bias (8,)") in g.node("0: Linear").info
    assert ("grad_fn", "ops: addmm, t") in g.node("0: Linear").info
    # The modules form one chain, data in at the top, the output at the bottom.
    chain = [g.node("0: Linear")]
    while len(chain) < 5:
        (edge,) = [e for e in g.edges if e.source == chain[-1].id]
        chain.append(g.by_id(edge.target))
    assert [n.label for n in chain] == [f"{i}: {c}" for i, c, _ in printed]
    assert [n.kind for n in g.inputs_of(chain[0])] == [CONSTANT]
    (out,) = [e for e in g.edges if e.source == chain[-1].id]
    assert g.by_id(out.target).kind == OUTPUT
    assert chain[-1].shape is None  # the output box shows the result
    assert chain[-2].shape == (4, 8)  # relu kept its result


def test_collapse_keeps_containers_as_boxes_and_module_results():
    net = Net()
    g = graph((net(ember.randn(2, 3)) ** 2).sum(), modules="collapse")
    assert [b.label for b in g.boxes] == ["Net", "encoder: Encoder",
                                        "encoder.head: Sequential"]
    modules = {n.label: n for n in g.nodes if n.kind == MODULE}
    assert sorted(modules) == ["encoder.fc: Linear", "encoder.head.0: Linear",
                               "encoder.head.1: TinyReLU", "encoder.head.2: Linear"]
    assert path_of(g, modules["encoder.fc: Linear"]) == "encoder"
    assert path_of(g, modules["encoder.head.1: TinyReLU"]) == "encoder.head"
    # A module's result is known when an op kept it (relu saves its output).
    assert modules["encoder.head.1: TinyReLU"].shape == (2, 4)
    # Encoder's own ops stay ops, in its box.
    assert {n.label for n in g.nodes if n.kind == OP and path_of(g, n) == "encoder"} \
        == {"relu", "add"}


def test_modules_none_draws_no_boxes_but_keeps_the_names():
    model = mlp()
    y = model(ember.randn(2, 3))
    g = graph(y, modules="none")
    assert g.boxes == [] and all(n.module is None for n in g.nodes)
    assert "0.weight" in by_label(g, LEAF)
    with pytest.raises(ValueError, match="'boxes', 'collapse', 'none'"):
        graph(y, modules="expand")


def test_names_given_by_the_caller_win():
    model = mlp()
    y = model(ember.randn(2, 3))
    g = graph({"logits": y}, params={"W1": model[0].weight})
    leaves = by_label(g, LEAF)
    assert "W1" in leaves and "0.weight" not in leaves and "0.bias" in leaves
    assert g.node("logits").kind == OUTPUT
    assert path_of(g, leaves["W1"]) == "0"


def test_buffers_and_frozen_parameters_are_named_and_stay_in_their_box():
    class Scaled(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(2, 2)
            self.gain = nn.Parameter(ember.tensor([0.5, 1.5]), requires_grad=False)
            self.register_buffer("scale", ember.tensor([2.0, 3.0]))

        def forward(self, x):
            return self.fc(x) * self.scale * self.gain

    model = Scaled()
    g = graph(model(ember.randn(3, 2)))
    scale = g.node("scale")
    assert scale.kind == CONSTANT and scale.tensor is model.scale
    assert path_of(g, scale) == ""  # Scaled's own box
    assert g.node("fc.weight").kind == LEAF
    # A frozen parameter is a constant; named, and drawn with the op that used it.
    frozen = g.node("gain")
    assert frozen.kind == CONSTANT and path_of(g, frozen) == ""


def test_tied_parameters_are_one_leaf_in_the_box_around_both_users():
    class Tied(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Linear(4, 4, bias=False)
            self.decoder = nn.Linear(4, 4, bias=False)
            self.decoder.weight = self.encoder.weight

        def forward(self, x):
            return self.decoder(ember.tanh(self.encoder(x)))

    model = Tied()
    assert [name for name, _ in model.named_parameters()] == ["encoder.weight"]
    g = graph(model(ember.randn(2, 4)))
    (leaf,) = [n for n in g.nodes if n.kind == LEAF]
    assert leaf.label == "encoder.weight" and leaf.tensor is model.decoder.weight
    assert path_of(g, leaf) == ""  # Tied's box: not inside either Linear
    users = [g.by_id(e.target) for e in g.edges if e.source == leaf.id]
    assert sorted(path_of(g, n) for n in users) == ["decoder", "encoder"]
    collapsed = graph(model(ember.randn(2, 4)), modules="collapse")
    (leaf,) = [n for n in collapsed.nodes if n.kind == LEAF]
    targets = sorted(collapsed.by_id(e.target).label for e in collapsed.edges
                     if e.source == leaf.id)
    assert targets == ["decoder: Linear", "encoder: Linear"]


def test_a_module_called_twice_gets_a_box_per_call():
    class Twice(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(3, 3)

        def forward(self, x):
            return self.fc(ember.relu(self.fc(x)))

    model = Twice()
    y = model(ember.randn(2, 3))
    g = graph(y)
    first, second = g.box("fc: Linear (call 1)"), g.box("fc: Linear (call 2)")
    assert (first.call, second.call, first.calls) == (1, 2, 2)
    assert first.path == second.path == "fc"
    assert first.parent == second.parent == g.box("Twice").id
    last = op_of(g, y)
    assert last.module == second.id
    relu = g.inputs_of(last)[1]
    assert relu.module == g.box("Twice").id
    assert g.inputs_of(relu)[0].module == first.id
    # The parameters serve both calls: drawn in Twice's box, one leaf each.
    for name in ("fc.weight", "fc.bias"):
        assert g.node(name).module == g.box("Twice").id
    collapsed = graph(y, modules="collapse")
    assert sorted(n.label for n in collapsed.nodes if n.kind == MODULE) == \
        ["fc: Linear (call 1)", "fc: Linear (call 2)"]


def test_two_models_and_calls_outside_any_model():
    model, head = mlp(), nn.Linear(2, 1)
    loss = head(model(ember.randn(2, 3))).sum()
    g = graph(loss)
    tops = [b.label for b in g.boxes if b.parent is None]
    assert tops == ["Sequential", "Linear"]  # each model is named from itself
    assert "weight" in by_label(g, LEAF) and "0.weight" in by_label(g, LEAF)
    assert g.node("sum").module is None


def test_a_deleted_model_draws_without_boxes():
    x = ember.randn(2, 3)
    y = mlp()(x)  # the model is gone once the call returns
    gc.collect()
    g = graph(y)
    assert g.boxes == [] and all(n.module is None for n in g.nodes)
    assert sorted(n.label for n in g.nodes if n.kind == LEAF) == ["leaf"] * 4
    assert "<svg" in g.to_svg() and "cluster" not in g.to_dot()
    assert "leaf" in ember.explain(y.sum())


def test_a_live_module_of_a_deleted_model_is_labelled_by_its_class():
    layer = nn.Linear(3, 2)
    y = nn.Sequential(nn.Linear(3, 3), layer)(ember.randn(2, 3))
    gc.collect()
    g = graph(y)
    assert [b.label for b in g.boxes] == ["Linear"]
    box = g.boxes[0]
    assert box.path is None and box.parent is None
    assert path_of(g, op_of(g, y)) is None and op_of(g, y).module == box.id


def test_boxes_survive_when_a_large_graph_is_shortened():
    class Deep(nn.Module):
        def forward(self, x):
            for _ in range(30):
                x = x.sin()
            return x

    model = nn.Sequential(Deep(), Deep())
    y = model(ember.ones(2, requires_grad=True))
    g = graph(y, max_nodes=20)
    assert g.hidden_ops > 0 and len(g.nodes) <= 20
    ids = {b.id for b in g.boxes}
    assert all(n.module is None or n.module in ids for n in g.nodes)
    for box in g.boxes:
        assert any(inside(g, n, box) for n in g.nodes)
    # A folded chain never spans two modules.
    for summary in (n for n in g.nodes if n.kind == SUMMARY and n.hidden):
        neighbours = [g.by_id(e.source) for e in g.edges if e.target == summary.id] + \
                     [g.by_id(e.target) for e in g.edges if e.source == summary.id]
        assert {n.module for n in neighbours} == {summary.module}


# ---------------------------------------------------------------------- explain, backprop
def test_explain_and_backprop_use_the_same_names():
    model = mlp()
    x = ember.randn(4, 3)
    text = ember.explain((model(x) ** 2).mean())
    assert "0.weight.grad = " in text and "2.bias.grad = " in text
    assert "AddmmBackward0 (in 2: Linear)" in text
    assert "ReluBackward0 (in 1: TinyReLU)" in text
    assert "#1" not in text  # the modules tell the two addmm apart
    trace = ember.viz.backprop((model(x) ** 2).mean(), params={"W": model[0].weight})
    assert sorted(trace.grads) == ["0.bias", "2.bias", "2.weight", "W"]
    page = trace.to_html()
    assert "2.weight" in page and "addmm in 0: Linear" in page


# ---------------------------------------------------------------------- pictures
def rects(svg: str, kind: str) -> dict:
    """id -> (left, top, right, bottom) of the groups of class `kind`."""
    out = {}
    for group in ET.fromstring(svg).iter(f"{SVG}g"):
        if group.get("class", "").split()[0] == kind:
            r = group.find(f"{SVG}rect")
            x, y = float(r.get("x")), float(r.get("y"))
            out[group.get("id")] = (x, y, x + float(r.get("width")),
                                    y + float(r.get("height")))
    return out


def contains(outer, inner) -> bool:
    return (outer[0] <= inner[0] and inner[2] <= outer[2] and outer[1] <= inner[1]
            and inner[3] <= outer[3])


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def check_boxes(g, svg: str) -> None:
    """Each box holds exactly its nodes and boxes; nodes never overlap; every edge runs
    from its source's bottom down to its target's top."""
    nodes, boxes = rects(svg, "node"), rects(svg, "module")
    assert set(boxes) == {b.id for b in g.boxes}
    node_items = list(nodes.values())
    for i, a in enumerate(node_items):
        for b in node_items[i + 1:]:
            assert not overlap(a, b)
    for box in g.boxes:
        for node in g.nodes:
            if inside(g, node, box):
                assert contains(boxes[box.id], nodes[node.id]), (box.label, node.label)
            else:
                assert not overlap(boxes[box.id], nodes[node.id]), (box.label, node.label)
        for other in g.boxes:
            if other is box:
                continue
            if inside(g, type("n", (), {"module": other.id})(), box):
                assert contains(boxes[box.id], boxes[other.id])
            elif not inside(g, type("n", (), {"module": box.id})(), other):
                assert not overlap(boxes[box.id], boxes[other.id])
    for edge in ET.fromstring(svg).iter(f"{SVG}g"):
        if edge.get("class") != "edge":
            continue
        numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?",
                                                edge.find(f"{SVG}path").get("d"))]
        (x0, y0), (x1, y1) = numbers[:2], numbers[-2:]
        source, target = nodes[edge.get("data-source")], nodes[edge.get("data-target")]
        assert source[0] <= x0 <= source[2] and y0 == pytest.approx(source[3], abs=0.1)
        assert target[0] <= x1 <= target[2] and y1 == pytest.approx(target[1], abs=0.1)


@pytest.mark.parametrize("modules", ["boxes", "collapse"])
def test_svg_draws_each_box_around_its_nodes(modules):
    net = Net()
    loss = (net(ember.randn(5, 3)) ** 2).mean()
    g = graph(loss, modules=modules)
    svg = g.to_svg()
    assert g._repr_svg_() == svg
    texts = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")]
    for box in g.boxes:
        assert box.label in texts
    check_boxes(g, svg)
    if modules == "boxes":
        assert "encoder.head.0.weight" in texts and "encoder.fc: Linear" in texts
    else:
        assert "encoder.head.0: Linear" in texts
        assert "in_features=3, out_features=4, bias=True" in texts


def test_svg_of_shared_and_repeated_modules():
    class Twice(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(3, 3)
            self.out = nn.Sequential(nn.Linear(3, 2), TinyReLU())

        def forward(self, x):
            h = self.fc(ember.relu(self.fc(x)))
            return self.out(h) + self.out(h * 2)

    model = Twice()
    g = graph(model(ember.randn(2, 3)).sum())
    check_boxes(g, g.to_svg())
    assert {"out: Sequential (call 2)", "out.1: TinyReLU (call 1)"} <= \
        {b.label for b in g.boxes}


def dot_clusters(text: str) -> list[tuple[str, str, int]]:
    """(cluster id, label, nesting depth) in order, checking braces balance."""
    found, depth = [], 0
    for line in text.splitlines():
        opened = re.match(r"\s*subgraph (cluster_\w+) \{", line)
        if opened:
            found.append([opened.group(1), None, depth])
        if found and found[-1][1] is None:
            label = re.search(r'label="([^"]*)"; labeljust', line)
            if label:
                found[-1][1] = label.group(1)
        depth += line.count("{") - line.count("}")
        assert depth >= 0
    assert depth == 0
    return [tuple(item) for item in found]


def test_dot_has_a_cluster_per_module_with_its_nodes():
    net = Net()
    g = graph((net(ember.randn(2, 3)) ** 2).mean())
    text = g.to_dot()
    clusters = dot_clusters(text)
    assert [(c, label) for c, label, _ in clusters] == \
        [(f"cluster_{b.id}", b.label) for b in g.boxes]
    depth = {label: d for _, label, d in clusters}
    assert depth["Net"] == 1 and depth["encoder: Encoder"] == 2
    assert depth["encoder.head.2: Linear"] == 4
    # Each node is declared once, inside its cluster.
    declared = re.findall(r"^\s*(n\d+) \[label=", text, re.M)
    assert sorted(declared) == sorted(n.id for n in g.nodes)
    block = text[text.index("subgraph cluster_" + g.box("encoder.fc: Linear").id):]
    block = block[:block.index("}")]
    assert f'{g.node("encoder.fc.weight").id} [label="encoder.fc.weight' in block
    collapsed = graph((net(ember.randn(2, 3)) ** 2).mean(), modules="collapse").to_dot()
    assert "encoder.head.1: TinyReLU" in collapsed
    assert [label for _, label, _ in dot_clusters(collapsed)] == \
        ["Net", "encoder: Encoder", "encoder.head: Sequential"]


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graphviz_draws_the_clusters():
    model = mlp()
    g = graph(model(ember.randn(2, 3)))
    done = subprocess.run(["dot", "-Tsvg"], input=g.to_dot().encode(), capture_output=True,
                          check=True, timeout=60)
    svg = done.stdout.decode()
    root = ET.fromstring(svg.encode())
    clusters = [grp for grp in root.iter(f"{SVG}g") if grp.get("class") == "cluster"]
    assert len(clusters) == len(g.boxes)
    assert "0: Linear" in svg and "0.weight" in svg
