"""Graphviz DOT text for a Graph, in the same colours as the SVG drawing.

`dot -Tsvg graph.dot` (or -Tpng) renders it; ember itself never needs Graphviz. Module
boxes are Graphviz clusters (`subgraph cluster_m0 { label="0: Linear"; ... }`), nested as
the modules are, each holding the nodes drawn in it.
"""

from __future__ import annotations

from .graph import Graph, GraphNode
from .svg import BOX_STYLE, EDGE_STYLES, node_style

__all__ = ["to_dot"]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def node_label(title: str, lines: list[str]) -> str:
    """The title centred (\\n ends a centred line), then the body lines left-justified
    (\\l), which keeps the columns of multi-line values aligned."""
    body = "".join(_escape(line) + "\\l" for line in lines)
    return f'"{_escape(title)}\\n{body}"'


def to_dot(g: Graph) -> str:
    lines = [
        "digraph ember {",
        '  graph [rankdir=TB, nodesep=0.3, ranksep=0.4, fontname="monospace"];',
        '  node [shape=box, style="rounded,filled", fontname="monospace", fontsize=11];',
        '  edge [fontname="monospace", fontsize=10];',
    ]
    inside: dict = {}  # box id (None: outside) -> its nodes, then its boxes
    for node in g.nodes:
        inside.setdefault(node.module, []).append(node)
    for box in g.boxes:
        inside.setdefault(box.parent, []).append(box)
    _write_box(lines, inside, None, 1)
    for edge in g.edges:
        color, dash, text = EDGE_STYLES[edge.kind]
        attrs = [f'color="{color}"']
        if dash:
            attrs.append("style=dashed")
        if text:
            attrs.append(f'label="{_escape(text)}", fontcolor="{color}"')
        lines.append(f"  {edge.source} -> {edge.target} [{', '.join(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _write_box(lines: list[str], inside: dict, box, depth: int) -> None:
    """The nodes drawn in `box` (None: outside every box), then each box inside it as a
    cluster. Recursive over the nesting of modules, which is shallow."""
    pad = "  " * depth
    stroke, fill, text = BOX_STYLE
    items = inside.get(box, [])
    lines.extend(pad + _node_line(item) for item in items if isinstance(item, GraphNode))
    for inner in items:
        if isinstance(inner, GraphNode):
            continue
        lines.append(f"{pad}subgraph cluster_{inner.id} {{")
        # The fill is nearly transparent (RGBA), so nested boxes deepen as in the SVG.
        lines.append(f'{pad}  label="{_escape(inner.label)}"; labeljust=l; '
                     f'color="{stroke}"; fontcolor="{text}"; style="rounded,filled"; '
                     f'fillcolor="{fill}0d";')
        _write_box(lines, inside, inner.id, depth + 1)
        lines.append(f"{pad}}}")


def _node_line(node: GraphNode) -> str:
    fill, stroke, dash, _ = node_style(node)
    style = "rounded,filled,dashed" if dash else "rounded,filled"
    if dash and dash.startswith("2"):
        style = "rounded,filled,dotted"
    label = node_label(node.label, node.lines())
    return (f'{node.id} [label={label}, fillcolor="{fill}", color="{stroke}", '
            f'style="{style}"];')
