"""The drawings of a graph: SVG (pure-Python layout), DOT text, saved files."""

import os
import random
import re
import shutil
import stat
import sys
import types
import xml.etree.ElementTree as ET

import pytest

import ember
from ember.viz import graph
from ember.viz.layout import layout

SVG = "{http://www.w3.org/2000/svg}"


def seed_graph():
    x = ember.arange(4.0, requires_grad=True)
    y = 2 * ember.dot(x, x)
    return x, y, graph({"y": y}, params={"x": x})


def texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def groups(svg: str, kind: str) -> list:
    root = ET.fromstring(svg)
    return [g for g in root.iter(f"{SVG}g") if g.get("class", "").split()[0] == kind]


# ---------------------------------------------------------------------- SVG
def test_svg_is_well_formed_and_shows_labels_and_values():
    x, y, g = seed_graph()
    svg = g.to_svg()
    assert ET.fromstring(svg).tag == f"{SVG}svg"
    shown = texts(svg)
    for expected in ["x", "dot", "DotBackward0", "mul", "MulBackward0", "y",
                     "value: [0., 1., 2., 3.]", "value: 2", "value: 28."]:
        assert expected in shown
    assert len(groups(svg, "node")) == len(g.nodes)
    assert len(groups(svg, "edge")) == len(g.edges)
    assert not any(t.startswith("grad:") for t in shown)
    y.backward()
    assert "grad: [ 0.,  4.,  8., 12.]" in texts(g.to_svg())


def test_jupyter_display_is_the_svg():
    _, _, g = seed_graph()
    assert g._repr_svg_() == g.to_svg()


def test_text_is_escaped():
    x = ember.ones(2, requires_grad=True)
    g = graph({"a<b & \"c\"": x * 2})
    assert 'a<b & "c"' in texts(g.to_svg())
    assert '"a<b & \\"c\\""' not in g.to_dot()  # quotes are escaped in DOT too
    assert 'a<b & \\"c\\"' in g.to_dot()


def boxes(svg: str) -> dict[str, tuple[float, float, float, float]]:
    """node id -> (left, top, right, bottom)"""
    out = {}
    for group in groups(svg, "node"):
        rect = group.find(f"{SVG}rect")
        x, y = float(rect.get("x")), float(rect.get("y"))
        out[group.get("id")] = (x, y, x + float(rect.get("width")),
                                y + float(rect.get("height")))
    return out


def overlapping(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def check_geometry(svg: str) -> None:
    """Boxes don't overlap; every edge runs from its source's bottom down to its target's top."""
    placed = boxes(svg)
    items = list(placed.values())
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            assert not overlapping(a, b)
    for edge in groups(svg, "edge"):
        path = edge.find(f"{SVG}path").get("d")
        numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", path)]
        (x0, y0), (x1, y1) = numbers[:2], numbers[-2:]
        source, target = placed[edge.get("data-source")], placed[edge.get("data-target")]
        assert source[0] <= x0 <= source[2] and y0 == pytest.approx(source[3], abs=0.1)
        assert target[0] <= x1 <= target[2] and y1 == pytest.approx(target[1], abs=0.1)
        assert y0 < y1


def test_layout_geometry_of_the_seed_examples():
    _, _, g = seed_graph()
    check_geometry(g.to_svg())
    x = ember.arange(4.0, requires_grad=True)
    y = x * x
    u = y.detach()
    z = u * x
    check_geometry(graph({"z": z, "y": y}, params={"u": u}).to_svg())


def test_layout_geometry_of_random_graphs():
    rng = random.Random(0)
    for _ in range(20):
        leaves = [ember.randn(2, requires_grad=True) for _ in range(3)]
        pool = list(leaves)
        for _ in range(rng.randrange(3, 25)):
            a, b = rng.choice(pool), rng.choice(pool)
            pool.append(rng.choice([a * b, a + b, a.sin(), a * 3.0]))
        check_geometry(graph(pool[-1], pool[-2]).to_svg())


def crossings(centers, edges) -> int:
    count = 0
    for i, (a, b) in enumerate(edges):
        for c, d in edges[i + 1:]:
            if len({a, b, c, d}) < 4:
                continue
            same_band = centers[a][1] == centers[c][1] and centers[b][1] == centers[d][1]
            if same_band and (centers[a][0] - centers[c][0]) * (centers[b][0] - centers[d][0]) < 0:
                count += 1
    return count


def test_layout_orders_a_reduction_tree_without_crossings():
    # 16 inputs summed pairwise, listed in a scrambled order: a tree can always be drawn
    # without crossings, and the barycentric ordering must find such a drawing.
    rng = random.Random(1)
    nodes = list(range(31))
    rng.shuffle(nodes)
    edges = []
    level, nxt = nodes[:16], 16
    while len(level) > 1:
        parents = []
        for a, b in zip(level[::2], level[1::2]):
            edges += [(a, nodes[nxt]), (b, nodes[nxt])]
            parents.append(nodes[nxt])
            nxt += 1
        level = parents
    rng.shuffle(edges)
    placed = layout([(40.0, 20.0)] * 31, edges)
    assert crossings(placed.centers, edges) == 0
    assert sorted(placed.layers) == sorted([0] * 16 + [1] * 8 + [2] * 4 + [3] * 2 + [4])


def test_layout_rejects_a_cycle():
    with pytest.raises(ValueError, match="cycle"):
        layout([(10.0, 10.0)] * 2, [(0, 1), (1, 0)])


def test_a_few_hundred_nodes_stay_readable():
    w = ember.randn(300, requires_grad=True)
    total = w[0] * w[1]
    for i in range(1, 299):
        total = total + w[i] * w[i + 1]
    svg = graph(total).to_svg()
    root = ET.fromstring(svg)
    assert len(groups(svg, "node")) <= 80
    assert float(root.get("width")) < 5000 and float(root.get("height")) < 5000


# ---------------------------------------------------------------------- DOT
def dot_structure(text: str) -> tuple[set, list]:
    """Declared node ids and edges of DOT text, checking brackets and quotes balance."""
    unquoted = re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)
    assert unquoted.count('"') % 2 == 0
    depth = 0
    for ch in unquoted:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    assert depth == 0 and unquoted.count("[") == unquoted.count("]")
    assert unquoted.lstrip().startswith("digraph")
    declared = set(re.findall(r"^\s*(\w+)\s*\[", unquoted, re.M)) - {"graph", "node", "edge"}
    edges = re.findall(r"^\s*(\w+)\s*->\s*(\w+)", unquoted, re.M)
    return declared, edges


def test_dot_text_is_structurally_sound():
    x, y, g = seed_graph()
    y.backward()
    text = g.to_dot()
    declared, edges = dot_structure(text)
    assert declared == {n.id for n in g.nodes}
    assert len(edges) == len(g.edges)
    assert all(a in declared and b in declared for a, b in edges)
    for expected in ["DotBackward0", "MulBackward0", "value: [0., 1., 2., 3.]",
                     "grad: [ 0.,  4.,  8., 12.]"]:
        assert expected in text


def test_dot_of_a_collapsed_graph():
    x = ember.ones(2, requires_grad=True)
    b = x
    for _ in range(200):
        b = b.sin()
    g = graph(b)
    declared, edges = dot_structure(g.to_dot())
    assert "… 198 more ops …" in g.to_dot()
    assert all(a in declared and b in declared for a, b in edges)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graphviz_accepts_the_dot_text():
    _, _, g = seed_graph()
    svg = g.to_svg(engine="graphviz")
    assert ET.fromstring(svg.encode()).tag == f"{SVG}svg"
    assert "DotBackward0" in svg


# ---------------------------------------------------------------------- files
def test_save_svg_and_dot(tmp_path):
    _, _, g = seed_graph()
    svg = tmp_path / "g.svg"
    dot = tmp_path / "g.dot"
    assert g.save(svg) == str(svg) and g.save(dot) == str(dot)
    assert svg.read_text(encoding="utf-8") == g.to_svg()
    assert dot.read_text(encoding="utf-8") == g.to_dot()
    with pytest.raises(ValueError, match=r"\.svg, \.dot or \.png"):
        g.save(tmp_path / "g.jpeg")


@pytest.fixture
def no_graphviz(monkeypatch, tmp_path):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def test_png_without_any_rasterizer_names_what_to_install(tmp_path, monkeypatch, no_graphviz):
    monkeypatch.setitem(sys.modules, "cairosvg", None)  # import fails
    _, _, g = seed_graph()
    with pytest.raises(RuntimeError) as error:
        g.save(tmp_path / "g.png")
    assert "graphviz" in str(error.value) and "pip install cairosvg" in str(error.value)
    assert not (tmp_path / "g.png").exists()
    with pytest.raises(RuntimeError, match="graphviz"):
        g.to_svg(engine="graphviz")
    with pytest.raises(ValueError):
        g.to_svg(engine="magic")


def test_png_with_cairosvg(tmp_path, monkeypatch, no_graphviz):
    calls = []
    fake = types.ModuleType("cairosvg")
    fake.svg2png = lambda bytestring: calls.append(bytestring) or b"\x89PNG from cairo"
    monkeypatch.setitem(sys.modules, "cairosvg", fake)
    _, _, g = seed_graph()
    g.save(tmp_path / "g.png")
    assert (tmp_path / "g.png").read_bytes() == b"\x89PNG from cairo"
    assert calls == [g.to_svg().encode()]


def test_png_with_graphviz(tmp_path, monkeypatch):
    # A stand-in `dot` on PATH records its arguments and input and answers with bytes.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    program = bin_dir / "dot"
    program.write_text('#!/bin/sh\necho "$@" > "$FAKE_DOT_LOG"\ncat >> "$FAKE_DOT_LOG"\n'
                       "printf 'PNG-BYTES'\n")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    log = tmp_path / "log"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("FAKE_DOT_LOG", str(log))
    _, _, g = seed_graph()
    g.save(tmp_path / "g.png")
    assert (tmp_path / "g.png").read_bytes() == b"PNG-BYTES"
    args, dot_text = log.read_text().split("\n", 1)
    assert args == "-Tpng" and dot_text == g.to_dot()
