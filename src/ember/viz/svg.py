"""SVG drawing of a Graph with the pure-Python layout: no system program needed.

Boxes are sized from their text in a monospace font (character width is a fixed
fraction of the font size), so the layout knows the sizes before anything is drawn.
Module calls are drawn as labelled rectangles behind their nodes (`<g class="module">`,
outer ones first), laid out by `nested.py`.
Only presentation attributes are used (no CSS, no scripts), so the picture looks the same
in browsers, Jupyter, and SVG rasterizers.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from .graph import (
    CONST,
    CONSTANT,
    DATA,
    DETACH,
    LEAF,
    MODULE,
    OP,
    OUTPUT,
    SUMMARY,
    Graph,
    GraphNode,
    ModuleBox,
)
from .nested import nested_layout

__all__ = ["to_svg", "NODE_STYLES", "EDGE_STYLES", "LINE_COLORS", "BOX_STYLE"]

FONT = "DejaVu Sans Mono, Menlo, Consolas, monospace"
FONT_SIZE = 12.0
TITLE_SIZE = 13.0
CHAR_WIDTH = 0.6        # of the font size, for common monospace fonts
LINE_HEIGHT = 15.0
PAD_X, PAD_Y = 10.0, 7.0

# fill, stroke, dash pattern ("" for solid), corner radius
NODE_STYLES = {
    LEAF: ("#dbeafe", "#2563eb", "", 4),
    OP: ("#fef3c7", "#d97706", "", 14),
    OUTPUT: ("#dcfce7", "#16a34a", "", 4),
    CONSTANT: ("#f3f4f6", "#6b7280", "5,3", 4),
    "detached": ("#fee2e2", "#dc2626", "5,3", 4),
    SUMMARY: ("#ffffff", "#6b7280", "2,3", 4),
    MODULE: ("#ede9fe", "#7c3aed", "", 4),
}
# A module box: stroke, fill (drawn nearly transparent, so nested boxes deepen), label colour
BOX_STYLE = ("#7c3aed", "#7c3aed", "#5b21b6")
BOX_FILL_OPACITY = 0.05
LABEL_SIZE = 12.0
# colour, dash pattern, label
EDGE_STYLES = {
    DATA: ("#374151", "", ""),
    CONST: ("#9ca3af", "4,3", ""),
    DETACH: ("#dc2626", "6,4", "detach"),
}
LINE_COLORS = {"grad_fn": "#92400e", "meta": "#4b5563", "value": "#111827",
               "grad": "#c2410c", "note": "#6b7280"}


def node_style(node: GraphNode) -> tuple:
    return NODE_STYLES["detached" if node.detached else node.kind]


def box_size(node: GraphNode) -> tuple[float, float]:
    lines = node.styled_lines()
    chars_title = len(node.label) * TITLE_SIZE * CHAR_WIDTH
    chars_body = max([len(text) for _, text in lines], default=0) * FONT_SIZE * CHAR_WIDTH
    width = max(chars_title, chars_body) + 2 * PAD_X
    height = 2 * PAD_Y + LINE_HEIGHT * (1 + len(lines))
    return max(width, 48.0), height


def label_width(box: ModuleBox) -> float:
    return len(box.label) * LABEL_SIZE * CHAR_WIDTH


def to_svg(g: Graph) -> str:
    """The graph as an SVG document (a string)."""
    nodes = g.nodes
    index = {n.id: i for i, n in enumerate(nodes)}
    sizes = [box_size(n) for n in nodes]
    # Inputs of a node enter its top in input order (constants and data alike).
    edges = sorted(g.edges, key=lambda e: (index[e.target], -1 if e.index is None else e.index))
    placed = nested_layout(sizes, [(index[e.source], index[e.target]) for e in edges],
                           [n.module for n in nodes], {b.id: b.parent for b in g.boxes},
                           {b.id: label_width(b) for b in g.boxes})
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{placed.width:.0f}" '
        f'height="{placed.height:.0f}" viewBox="0 0 {placed.width:.1f} {placed.height:.1f}" '
        f'font-family="{FONT}" font-size="{FONT_SIZE:g}">',
        "<title>ember computational graph</title>",
        _markers(),
        '<rect width="100%" height="100%" fill="#ffffff"/>',
    ]
    for box in g.boxes:  # outer boxes first, so inner ones are drawn over them
        out.append(_box(box, *placed.boxes[box.id]))
    for edge, route in zip(edges, placed.routes):
        out.append(_edge(edge, route))
    for node, (cx, cy), (w, h) in zip(nodes, placed.centers, sizes):
        out.append(_node(node, cx, cy, w, h))
    for box in g.boxes:  # labels last: an edge entering a box passes under its label
        x, y, _, _ = placed.boxes[box.id]
        out.append(_box_label(box, x, y))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _box(box: ModuleBox, x: float, y: float, w: float, h: float) -> str:
    stroke, fill, text = BOX_STYLE
    tooltip = f"{box.type_name}({box.extra})"
    if box.path:
        tooltip = f"({box.path}): {tooltip}"
    return (f'<g class="module" id="{box.id}"><title>{escape(tooltip)}</title>'
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="8" '
            f'fill="{fill}" fill-opacity="{BOX_FILL_OPACITY:g}" stroke="{stroke}" '
            f'stroke-width="1.2"/></g>')


def _box_label(box: ModuleBox, x: float, y: float) -> str:
    _, _, text = BOX_STYLE
    width = label_width(box) + 6
    return (f'<g class="module-label" data-box="{box.id}">'
            f'<rect x="{x + 5:.1f}" y="{y + 3:.1f}" width="{width:.1f}" height="16" rx="3" '
            f'fill="#ffffff" fill-opacity="0.85"/>'
            f'<text x="{x + 8:.1f}" y="{y + 15:.1f}" font-weight="bold" '
            f'font-size="{LABEL_SIZE:g}" fill="{text}">{escape(box.label)}</text></g>')


def _markers() -> str:
    parts = ["<defs>"]
    for kind, (color, _, _) in EDGE_STYLES.items():
        parts.append(
            f'<marker id="arrow-{kind}" viewBox="0 0 10 10" refX="9" refY="5" '
            f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            f'<path d="M0,0 L10,5 L0,10 z" fill="{color}"/></marker>')
    parts.append("</defs>")
    return "".join(parts)


def _edge(edge, route: list[tuple[float, float]]) -> str:
    color, dash, label = EDGE_STYLES[edge.kind]
    (x0, y0), rest = route[0], route[1:]
    d = [f"M{x0:.1f},{y0:.1f}"]
    for x1, y1 in rest:
        # Vertical tangents at both ends: smooth S-curves between layers.
        mid = (y0 + y1) / 2
        d.append(f"C{x0:.1f},{mid:.1f} {x1:.1f},{mid:.1f} {x1:.1f},{y1:.1f}")
        x0, y0 = x1, y1
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    text = ""
    if label:
        lx, ly = _middle(route)
        text = (f'<text x="{lx + 4:.1f}" y="{ly:.1f}" fill="{color}" font-size="11">'
                f"{escape(label)}</text>")
    return (f'<g class="edge" data-source="{edge.source}" data-target="{edge.target}">'
            f'<path d="{" ".join(d)}" fill="none" stroke="{color}" stroke-width="1.4"'
            f'{dash_attr} marker-end="url(#arrow-{edge.kind})"/>{text}</g>')


def _middle(route: list[tuple[float, float]]) -> tuple[float, float]:
    a, b = route[(len(route) - 1) // 2], route[len(route) // 2]
    if a == b and len(route) > 1:
        a, b = route[0], route[-1]
    return (a[0] + b[0]) / 2, (a[1] + b[1]) / 2


def _node(node: GraphNode, cx: float, cy: float, w: float, h: float) -> str:
    fill, stroke, dash, radius = node_style(node)
    x, y = cx - w / 2, cy - h / 2
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    tooltip = node.grad_fn or node.kind
    parts = [
        f'<g class="node {node.kind}" id="{node.id}"><title>{escape(tooltip)}</title>',
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="{radius}" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="1.3"{dash_attr}/>',
    ]
    baseline = y + PAD_Y + LINE_HEIGHT - 3
    parts.append(f'<text x="{cx:.1f}" y="{baseline:.1f}" text-anchor="middle" '
                 f'font-weight="bold" font-size="{TITLE_SIZE:g}" fill="#111827">'
                 f"{escape(node.label)}</text>")
    for role, text in node.styled_lines():
        baseline += LINE_HEIGHT
        # xml:space keeps the aligned columns of multi-line values.
        parts.append(f'<text x="{x + PAD_X:.1f}" y="{baseline:.1f}" xml:space="preserve" '
                     f'fill="{LINE_COLORS[role]}">{escape(text)}</text>')
    parts.append("</g>")
    return "".join(parts)
