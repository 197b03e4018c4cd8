"""ember.viz.graph: the structure of the drawn graph for the seed notebook's examples."""

import warnings
from collections import Counter

import numpy as np
import pytest

import ember
from ember.autograd.node import FREED, accumulator_of, node_class
from ember.viz import graph


def kinds(g) -> Counter:
    return Counter(n.kind for n in g.nodes)


def edge_pairs(g) -> list[tuple[str, str, str]]:
    """(source label, target label, kind) for every edge."""
    label = {n.id: n.label for n in g.nodes}
    return sorted((label[e.source], label[e.target], e.kind) for e in g.edges)


def seed_y():
    x = ember.arange(4.0)
    x.requires_grad_(True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # x.T on a vector, as in the notebook
        y = 2 * ember.dot(x.T, x)
    return x, y


# ---------------------------------------------------------------------- y = 2 * dot(x.T, x)
def test_seed_graph_nodes_and_edges():
    x, y = seed_y()
    g = graph(y, params={"x": x})
    assert len(g.nodes) == 6 and len(g.edges) == 6
    assert kinds(g) == Counter(op=3, leaf=1, constant=1, output=1)
    ops = {n.label: n.grad_fn for n in g.nodes if n.kind == "op"}
    assert ops == {"permute": "PermuteBackward0", "dot": "DotBackward0", "mul": "MulBackward0"}
    assert edge_pairs(g) == sorted([
        ("x", "permute", "data"), ("permute", "dot", "data"), ("x", "dot", "data"),
        ("dot", "mul", "data"), ("constant", "mul", "constant"), ("mul", "output", "data"),
    ])
    # Inputs keep their order: 2 * t calls mul(t, 2).
    assert [n.label for n in g.inputs_of(g.node("mul"))] == ["dot", "constant"]


def test_seed_graph_shows_values_then_gradients_after_backward():
    x, y = seed_y()
    g = graph(y, params={"x": x})
    leaf = g.node("x")
    assert leaf.value == "[0., 1., 2., 3.]"
    assert leaf.shape == (4,) and leaf.dtype == "float32" and leaf.requires_grad
    assert g.node("constant").value == "2"
    assert g.node("output").value == "28."
    assert leaf.grad is None
    y.backward()
    # The same graph object now shows the gradient 4x.
    assert leaf.grad == "[ 0.,  4.,  8., 12.]"
    assert np.array_equal(leaf.grad_tensor.numpy(), 4 * x.detach().numpy())
    assert "grad: [ 0.,  4.,  8., 12.]" in leaf.lines()
    # A graph built after backward knows the gradient too. The product kept the number 2,
    # which backward freed (torch keeps it as a wrapped tensor, freed as any: `2 * t` cannot
    # run backward twice): the freed constant is not invented.
    later = graph(y, params={"x": x})
    assert later.node("x").grad == "[ 0.,  4.,  8., 12.]"
    assert later.node("constant").value is None
    assert "freed" in later.node("constant").note


def test_a_constant_tensor_freed_by_backward_is_not_invented():
    x = ember.arange(3.0, requires_grad=True)
    y = (x * ember.tensor([1.0, 2.0, 3.0])).sum()  # the product keeps the tensor for x
    y.backward()
    constant = graph(y, params={"x": x}).node("constant")
    assert constant.value is None
    assert "freed" in constant.note


def test_unnamed_leaf_and_output_names():
    x, y = seed_y()
    g = graph(y)
    assert {n.label for n in g.nodes if n.kind in ("leaf", "output")} == {"leaf", "output"}
    named = graph({"y": y})
    assert named.node("y").kind == "output"
    two = graph(y, x.sum())
    assert {"output 0", "output 1"} <= {n.label for n in two.nodes}
    # The leaf x is shared by both outputs: one node.
    assert kinds(two)["leaf"] == 1


def test_sum_and_elementwise_square():
    x = ember.arange(4.0, requires_grad=True)
    s = x.sum()
    g = graph(s, params={"x": x})
    assert edge_pairs(g) == [("sum", "output", "data"), ("x", "sum", "data")]
    y = x * x
    g = graph(y, params={"x": x})
    # x feeds both inputs of mul: two edges.
    assert edge_pairs(g) == [("mul", "output", "data"), ("x", "mul", "data"),
                             ("x", "mul", "data")]
    y.backward(gradient=ember.ones(len(y)))
    assert g.node("x").grad == "[0., 2., 4., 6.]"


def test_retained_gradient_of_an_intermediate_is_shown():
    x = ember.arange(3.0, requires_grad=True)
    h = x * 3
    h.retain_grad()
    out = (h * h).sum()
    g = graph(out, params={"x": x, "h": h})
    assert g.node("h").kind == "output"
    assert g.node("h").grad is None
    out.backward()
    assert g.node("h").grad == "[ 0.,  6., 12.]"
    assert g.node("x").grad == "[ 0., 18., 36.]"
    # Consumers of h are drawn from h's box, not from the op that made it.
    assert ("h", "mul", "data") in edge_pairs(g)


def test_op_results_known_from_saved_tensors():
    x = ember.tensor([0.0, 1.0], requires_grad=True)
    e = x.exp()          # exp saves its own output
    out = (e * x).sum()  # mul saves both inputs
    g = graph(out)
    exp_node = g.node("exp")
    assert exp_node.value == "[1.0000, 2.7183]"
    assert exp_node.shape == (2,)


# ---------------------------------------------------------------------- detach
def detach_example():
    x = ember.arange(4.0, requires_grad=True)
    y = x * x
    u = y.detach()
    z = u * x
    return x, y, u, z


def test_detach_boundary():
    x, y, u, z = detach_example()
    g = graph({"z": z, "y": y}, params={"x": x, "u": u})
    node_u = g.node("u")
    assert node_u.kind == "constant" and node_u.detached and not node_u.requires_grad
    assert node_u.value == "[0., 1., 4., 9.]"
    pairs = edge_pairs(g)
    assert ("y", "u", "detach") in pairs
    assert ("u", "mul", "constant") in pairs
    # No gradient-carrying path from y to z: only the detach edge leaves y.
    assert [e.kind for e in g.edges if e.source == g.node("y").id] == ["detach"]
    z.sum().backward()
    assert g.node("x").grad == "[0., 1., 4., 9.]"


def test_detached_tensor_without_its_origin_is_a_plain_constant():
    x, y, u, z = detach_example()
    g = graph(z, params={"u": u})
    # Nothing in z's graph shares memory with u, so nothing says where it came from.
    assert g.node("u").kind == "constant" and not g.node("u").detached
    assert all(e.kind != "detach" for e in g.edges)


def test_detached_leaf_in_its_own_graph():
    x = ember.tensor([1.0, 2.0], requires_grad=True)
    z = x * x.detach()
    g = graph(z, params={"x": x})
    (constant,) = [n for n in g.nodes if n.kind == "constant"]
    assert constant.detached and constant.value == "[1., 2.]"
    assert ("x", "constant", "detach") in edge_pairs(g)
    z.sum().backward()
    assert g.node("x").grad == "[1., 2.]"  # d(x * c)/dx = c: nothing through the detach


def test_outputs_that_do_not_require_grad():
    c = ember.ones(2)
    g = graph({"c": c})
    assert [(n.kind, n.label, n.value) for n in g.nodes] == [("constant", "c", "[1., 1.]")]
    leaf = ember.zeros(3, requires_grad=True)
    g = graph(leaf, params={"w": leaf})
    assert [(n.kind, n.label) for n in g.nodes] == [("leaf", "w")]


# ---------------------------------------------------------------------- control flow
def f(a):
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    return c


def test_control_flow_graph_records_only_the_ops_that_ran():
    ember.manual_seed(0)  # a = 1.5410, as torch draws it: the loop doubles nine times
    a = ember.randn(size=(1,), requires_grad=True)
    d = f(a)
    g = graph(d, params={"a": a})
    # The loop ran 9 times after b = a * 2: ten multiplications by the constant 2. The
    # norm and sum in the conditions do not feed d, so they are not in its graph.
    assert kinds(g) == Counter(op=10, constant=10, leaf=1, output=1)
    assert {n.label for n in g.nodes if n.kind == "op"} == {"mul"}
    assert {n.value for n in g.nodes if n.kind == "constant"} == {"2"}
    assert len(g.edges) == 21
    d.backward()
    assert g.node("a").grad == "[1024.]"


# ---------------------------------------------------------------------- large graphs
def chain(length: int):
    x = ember.ones(2, requires_grad=True)
    b = x
    for i in range(length):
        b = b.sin() if i % 2 else b * 1.5
    return x, b


def test_long_chain_is_collapsed_unless_expanded():
    x, b = chain(300)
    g = graph(b, params={"x": x})
    (summary,) = [n for n in g.nodes if n.kind == "summary"]
    assert summary.label == "… 298 more ops …"
    assert summary.hidden == Counter(sin=149, mul=149)  # ops 1..298 of 0..299
    assert g.hidden_ops == 298
    assert len(g.nodes) < 10
    # The kept ends are still connected through the summary, in order.
    first, last = g.inputs_of(summary)[0], g.node("output")
    assert first.label == "mul" and g.inputs_of(first)[0].label == "x"
    assert g.inputs_of(g.inputs_of(last)[0]) == [summary]
    full = graph(b, params={"x": x}, expand=True)
    assert kinds(full) == Counter(op=300, constant=150, leaf=1, output=1)
    assert full.hidden_ops == 0


def test_small_graphs_are_never_collapsed():
    x, b = chain(20)
    assert kinds(graph(b)) == Counter(op=20, constant=10, leaf=1, output=1)


def test_wide_graph_is_cut_to_max_nodes():
    w = ember.randn(100, requires_grad=True)
    total = w[0] * w[1]
    for i in range(1, 99):
        total = total + w[i] * w[i + 1]
    g = graph(total, max_nodes=40)
    assert len(g.nodes) <= 40
    assert g.node("output").kind == "output"
    hidden = g.node(next(n.label for n in g.nodes if n.label.endswith("more nodes …")))
    assert hidden.kind == "summary"
    assert len(graph(total, expand=True).nodes) > 300


def test_very_deep_graph_is_walked_without_recursion():
    x, b = chain(30000)
    g = graph(b)
    assert g.hidden_ops == 29998


# ---------------------------------------------------------------------- other nodes
def test_node_without_an_op_is_labelled_from_its_class():
    x = ember.ones(2, requires_grad=True)
    cls = node_class("MyScaleBackward")
    node = cls(None, (accumulator_of(x),), (0,), (), None, (), None)
    y = ember.Tensor(np.ones(2, dtype=np.float32), True, node)
    g = graph(y)
    assert g.node("MyScale").grad_fn == "MyScaleBackward"
    assert edge_pairs(g) == [("MyScale", "output", "data"), ("leaf", "MyScale", "data")]


def test_large_values_are_summarised():
    x = ember.arange(100.0, requires_grad=True)
    g = graph(x * 2)
    assert g.node("leaf").value == "min 0  mean 49.5  max 99"


def test_bad_arguments():
    with pytest.raises(TypeError):
        graph([1.0, 2.0])
    with pytest.raises(TypeError):
        graph(3.0)
    with pytest.raises(ValueError):
        graph()


def test_repr_summarises():
    x, y = seed_y()
    text = repr(graph(y))
    assert text.startswith("<ember.viz.Graph: 6 nodes") and "6 edges" in text


def test_graph_tour_example_writes_before_and_after(tmp_path, capsys):
    import graph_tour

    written = graph_tour.main(tmp_path)
    names = sorted(p.name for p in written)
    assert names == ["seed_graph_after.dot", "seed_graph_after.svg",
                     "seed_graph_before.dot", "seed_graph_before.svg"]
    before = (tmp_path / "seed_graph_before.svg").read_text()
    after = (tmp_path / "seed_graph_after.svg").read_text()
    assert "grad:" not in before and "grad: [ 0.,  4.,  8., 12.]" in after
    assert str(tmp_path) in capsys.readouterr().out


def test_an_optional_tensor_left_out_is_not_drawn():
    # nll_loss's weight=None is an input slot of the op: nothing should be drawn for it,
    # before or after backward; the target is drawn as the one constant.
    logits = ember.randn(4, 3, requires_grad=True)
    loss = ember.nn.functional.cross_entropy(logits, ember.tensor([0, 1, 2, 0]))
    for _ in range(2):
        constants = [n for n in ember.viz.graph(loss).nodes if n.kind == "constant"]
        assert len(constants) == 1
        if loss.grad_fn._saved is not FREED:
            loss.backward()  # frees what the nodes saved: the second picture has less to go on
    # as torch's node, nll_loss's lists no edges to its target and weight
    assert len(loss.grad_fn.next_functions) == 1
