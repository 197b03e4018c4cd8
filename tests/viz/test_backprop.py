"""ember.viz.backprop: the recorded steps, and the self-contained step-through page."""

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import numpy as np
import pytest

import ember
import ember as torch
from ember.autograd import engine
from ember.viz.backprop import BackpropTrace


def seed_trace():
    x = torch.arange(4.0, requires_grad=True)
    y = 2 * torch.dot(x, x)
    return x, y, ember.viz.backprop(y, params={"x": x})


def test_the_seed_steps_follow_the_chain_rule():
    x, y, trace = seed_trace()
    assert isinstance(trace, BackpropTrace)
    assert [s.kind for s in trace.steps] == ["seed", "node", "node", "leaf"]
    assert [s.grad_fn for s in trace.steps[1:]] == ["MulBackward0", "DotBackward0",
                                                     "AccumulateGrad"]
    assert [s.op for s in trace.steps[1:3]] == ["mul", "dot"]
    seed, mul, dot, leaf = trace.steps
    assert seed.upstream[0] == 1.0
    assert mul.upstream[0] == 1.0
    # MulBackward0 sends 2 (the constant factor) to the dot and nothing to the constant 2.
    assert mul.sent[0].value == 2.0 and trace.nodes[mul.sent[0].target].name == "DotBackward0"
    assert mul.sent[1].target is None and mul.sent[1].value is None
    # DotBackward0 sends upstream * (the other factor) = 2x to x, once per side.
    x_values = np.arange(4.0)
    assert dot.upstream[0] == 2.0
    for contribution in dot.sent:
        assert trace.nodes[contribution.target].name == "x"
        np.testing.assert_array_equal(contribution.value, 2 * x_values)
    # x receives both halves and sums them: 4x.
    assert len(leaf.parts[0]) == 2
    np.testing.assert_array_equal(sum(p.value for p in leaf.parts[0]), leaf.upstream[0])
    assert leaf.before is None
    np.testing.assert_array_equal(leaf.after, 4 * x_values)
    np.testing.assert_array_equal(leaf.after, x.grad.numpy())
    assert trace.order == ["MulBackward0 (y)", "DotBackward0", "x"]
    assert list(trace.grads) == ["x"]


def test_the_seed_graph_has_the_output_the_ops_and_the_leaf():
    _, _, trace = seed_trace()
    kinds = sorted(n.kind for n in trace.nodes)
    assert kinds == ["leaf", "op", "op", "output"]
    names = {n.index: n.name for n in trace.nodes}
    edges = sorted((names[e.src], names[e.dst], e.slot) for e in trace.edges)
    assert edges == [("DotBackward0", "MulBackward0", 0), ("MulBackward0", "y", 0),
                     ("x", "DotBackward0", 0), ("x", "DotBackward0", 1)]
    formulas = {n.name: n.formula for n in trace.nodes if n.kind == "op"}
    assert formulas == {"MulBackward0": ember.ops.OPS["mul"].formula,
                        "DotBackward0": ember.ops.OPS["dot"].formula}


def test_fan_out_parts_sum_to_the_upstream_gradient():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    h = a * 3
    z = (h * h + h).sum()
    trace = ember.viz.backprop(z)
    (step,) = [s for s in trace.steps if s.name == "MulBackward0 (h)"]
    senders = sorted((trace.nodes[p.source].name, p.slot) for p in step.parts[0])
    assert senders == [("AddBackward0", 1), ("MulBackward0", 0), ("MulBackward0", 1)]
    h_values = 3 * np.array([1.0, 2.0])
    np.testing.assert_allclose(sum(p.value for p in step.parts[0]), 2 * h_values + 1)
    np.testing.assert_allclose(step.upstream[0], 2 * h_values + 1)
    np.testing.assert_allclose(a.grad.numpy(), 3 * (2 * h_values + 1))


def test_lookalike_nodes_are_numbered_and_multiple_outputs_are_seeded():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    trace = ember.viz.backprop([(a * 2).sum(), (a * a).sum()])
    assert [s.kind for s in trace.steps[:2]] == ["seed", "seed"]
    muls = sorted(n.display for n in trace.nodes if n.name == "MulBackward0")
    assert muls == ["MulBackward0 #1", "MulBackward0 #2"]
    (leaf,) = [s for s in trace.steps if s.kind == "leaf"]
    assert len(leaf.parts[0]) == 3
    np.testing.assert_array_equal(leaf.after, [4.0, 6.0])  # 2 + 2a


def test_retain_graph_and_a_leaf_as_the_output():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    ember.viz.backprop(y, retain_graph=True)
    second = ember.viz.backprop(y)
    (leaf,) = [s for s in second.steps if s.kind == "leaf"]
    np.testing.assert_array_equal(leaf.before, [2.0, 4.0])
    np.testing.assert_array_equal(leaf.after, [4.0, 8.0])
    with pytest.raises(RuntimeError, match="second time"):
        ember.viz.backprop(y)
    assert engine.tracers == []
    own = ember.viz.backprop(x, torch.tensor([1.0, 1.0]))
    assert [s.kind for s in own.steps] == ["seed", "leaf"]
    np.testing.assert_array_equal(own.steps[1].after, [5.0, 9.0])


def test_values_are_shown_in_full_when_small_and_summarized_when_large():
    from ember.viz._trace import format_value

    assert format_value(np.array([[1.0, -2.5], [3.0, 4.0]])) == "[[1., -2.5], [3., 4.]]"
    assert format_value(np.array(1e-8)) == "1.e-08"  # a tiny gradient is not shown as 0
    big = np.arange(100.0).reshape(4, 25)
    assert format_value(big) == "shape [4, 25], min 0, mean 49.5, max 99"
    assert format_value(np.full(30, 2.0)) == "shape [30], every element 2"


# ---------------------------------------------------------------------- the page
class _Checker(HTMLParser):
    """Collects tags and checks that every opened element is closed in order."""

    VOID = {"meta", "link", "br", "img", "input", "hr", "path", "polygon", "rect"}

    def __init__(self):
        super().__init__()
        self.stack, self.tags, self.errors, self.attrs = [], [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def test_the_page_is_one_self_contained_well_formed_document():
    _, _, trace = seed_trace()
    page = trace.to_html()
    assert page.startswith("<!DOCTYPE html>")
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.errors == [] and checker.stack == []
    for tag, attrs in checker.attrs:
        for key in ("src", "href"):
            if key in attrs:
                assert not re.match(r"\s*(https?:)?//", attrs[key]), (tag, attrs)
    assert "@import" not in page and "url(http" not in page
    assert "<link rel=\"stylesheet\"" not in page
    assert {"style", "script", "svg", "button"} <= set(checker.tags)
    # The drawing alone is well-formed XML.
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    ET.fromstring(svg)


def test_the_page_carries_every_step():
    _, _, trace = seed_trace()
    page = trace.to_html()
    raw = re.search(r'<script type="application/json" class="ebp-data">(.*?)</script>',
                    page, re.S).group(1)
    data = json.loads(raw)
    assert len(data["steps"]) == len(trace.steps)
    for shown, step in zip(data["steps"], trace.steps):
        assert shown["node"] == step.node
        assert shown["summary"] == trace.summary(step)
        assert f'id="{_uid(page)}-n{step.node}"' in page
    dot = data["steps"][2]
    rule = dict(dot["sections"])["Local derivative rule"]
    assert rule == [["dot", ember.ops.OPS["dot"].formula]]
    assert [label for _, label in dot["edges"]] == ["[0., 2., 4., 6.]"] * 2
    result = dict(data["steps"][-1]["sections"])["Result"]
    assert result == [["x.grad", "[0., 4., 8., 12.]"]]


def _uid(page):
    return re.search(r'class="ember-backprop" id="([^"]+)"', page).group(1)


def test_text_from_the_graph_cannot_break_out_of_the_page():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    trace = ember.viz.backprop((x * 2).sum(), params={"</script><b>x": x})
    page = trace.to_html()
    assert "</script><b>" not in page
    data = re.search(r'class="ebp-data">(.*?)</script>', page, re.S).group(1)
    assert "</script><b>x.grad" in json.dumps(json.loads(data), ensure_ascii=False)


def test_notebook_display_and_save(tmp_path):
    _, _, trace = seed_trace()
    first, second = trace._repr_html_(), trace._repr_html_()
    assert "<html" not in first and "<script>" in first and "<style>" in first
    assert _uid(first) != _uid(second)  # two displays on one page do not share ids
    path = trace.save(tmp_path / "seed")
    assert path.endswith("seed.html")
    with open(path, encoding="utf-8") as f:
        saved = f.read()
    assert saved.startswith("<!DOCTYPE html>") and "ebp-data" in saved
    assert "BackpropTrace(4 steps" in repr(trace)


def test_the_demo_writes_the_seed_page(tmp_path, capsys):
    import backprop_tour

    path = backprop_tour.main(tmp_path)
    assert path == tmp_path / "backprop_seed.html" and path.exists()
    printed = capsys.readouterr().out
    assert str(path) in printed and "x.grad = 4x = [0., 4., 8., 12.]" in printed
