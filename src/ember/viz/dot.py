"""Graphviz DOT text for a Graph, in the same colours as the SVG drawing.

`dot -Tsvg graph.dot` (or -Tpng) renders it; ember itself never needs Graphviz.
"""

from __future__ import annotations

from .graph import Graph
from .svg import EDGE_STYLES, node_style

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
    for node in g.nodes:
        fill, stroke, dash, _ = node_style(node)
        style = "rounded,filled,dashed" if dash else "rounded,filled"
        if dash and dash.startswith("2"):
            style = "rounded,filled,dotted"
        label = node_label(node.label, node.lines())
        lines.append(f'  {node.id} [label={label}, fillcolor="{fill}", color="{stroke}", '
                     f'style="{style}"];')
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
