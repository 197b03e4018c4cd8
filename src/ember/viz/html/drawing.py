"""The graph of a recorded backward pass as inline SVG, with ids the page script highlights.

Every node is a `<g id="{uid}-n{i}">` with three text lines (name, op or value, and an
empty gradient line the script fills once the step reaches it); every edge is a
`<g id="{uid}-e{k}">` with a label `<text id="{uid}-l{k}">` (drawn above the nodes) that
the script fills with the gradient the edge carries. Arrowheads
are drawn as small triangles rather than SVG markers, whose `url(#id)` references break
when a notebook page sets a `<base>` address.
"""

from __future__ import annotations

from html import escape

from .._trace import Edge, GraphNode, short_value
from .layout import Box, layered_layout

__all__ = ["draw_graph"]

LINE = 30  # characters that fit on one line of a node box


def _fit(text: str, limit: int = LINE) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _title(node: GraphNode) -> str:
    return f"{node.name} #{node.number}" if node.number else node.name


def _subtitle(node: GraphNode) -> str:
    if node.kind == "op":
        if node.var:
            return f"{node.label} → {node.var}"
        return f"{node.label} in {node.module}" if node.module else node.label
    if node.kind == "output":
        return f"= {short_value(node.value)}"
    return short_value(node.value)


def _tooltip(node: GraphNode) -> str:
    if node.kind == "op":
        where = f"\nin module {node.module}" if node.module else ""
        return f"{node.name}: {node.label}{where}\nlocal rule: {node.formula}"
    shape = ", ".join(map(str, node.shape or ()))
    what = "leaf tensor (requires grad)" if node.kind == "leaf" else "output"
    return f"{node.name}: {what}, shape [{shape}], {node.dtype}"


def _anchor(box: Box, side: str, i: int, n: int) -> tuple[float, float]:
    """A point on the left or right side of a box, the i-th of n spread along it."""
    x = box.x if side == "left" else box.x + box.w
    return x, box.y + box.h * (i + 1) / (n + 1)


def _curve(x0: float, y0: float, x1: float, y1: float) -> str:
    """A horizontal S-curve from (x0, y0) to (x1, y1), as a path continuation."""
    bend = max(30.0, (x1 - x0) / 2)
    return f" C{x0 + bend:.1f},{y0:.1f} {x1 - bend:.1f},{y1:.1f} {x1:.1f},{y1:.1f}"


def draw_graph(nodes: list[GraphNode], edges: list[Edge], uid: str) -> str:
    layout = layered_layout(len(nodes), [(e.src, e.dst) for e in edges])
    boxes, width, height = layout.boxes, layout.width, layout.height
    out_edges: dict[int, list[int]] = {}
    in_slots: dict[int, int] = {}
    for k, e in enumerate(edges):
        out_edges.setdefault(e.src, []).append(k)
        in_slots[e.dst] = max(in_slots.get(e.dst, 0), e.slot + 1)
    parts = [f'<svg class="ebp-graph" width="{width:.0f}" height="{height:.0f}" '
             f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
             f'aria-label="computational graph">']
    labels: list[str] = []
    for k, e in enumerate(edges):
        siblings = out_edges[e.src]
        sx, sy = _anchor(boxes[e.src], "right", siblings.index(k), len(siblings))
        slots = in_slots[e.dst]
        ex, ey = _anchor(boxes[e.dst], "left", e.slot, slots)
        path, x, y = f"M{sx:.1f},{sy:.1f}", sx, sy
        for box in layout.passes[k]:  # straight through each column the edge crosses
            mid = box.y + box.h / 2
            path += _curve(x, y, box.x, mid) + f" L{box.x + box.w:.1f},{mid:.1f}"
            x, y = box.x + box.w, mid
        path += _curve(x, y, ex - 7, ey)
        head = f"{ex - 8:.1f},{ey - 4.5:.1f} {ex:.1f},{ey:.1f} {ex - 8:.1f},{ey + 4.5:.1f}"
        slot_label = (f'<text class="ebp-slot" x="{ex - 12:.1f}" y="{ey - 5:.1f}">{e.slot}'
                      "</text>" if slots > 1 else "")
        parts.append(f'<g class="ebp-edge" id="{uid}-e{k}"><path d="{path}"/>'
                     f'<polygon points="{head}"/>{slot_label}</g>')
        # The label sits on the edge's first stretch, next to the input the gradient goes
        # to; labels go in a layer above the nodes, so a long gradient stays readable.
        lx, ly = _label_point(sx, sy, layout.passes[k], ex, ey)
        labels.append(f'<text class="ebp-elabel" id="{uid}-l{k}" x="{lx:.1f}" '
                      f'y="{ly - 5:.1f}"></text>')
    for node, box in zip(nodes, boxes):
        cx = box.w / 2
        parts.append(
            f'<g class="ebp-node ebp-{node.kind}" id="{uid}-n{node.index}" '
            f'transform="translate({box.x:.1f},{box.y:.1f})">'
            f"<title>{escape(_tooltip(node))}</title>"
            f'<rect width="{box.w}" height="{box.h}" rx="8"/>'
            f'<text class="ebp-name" x="{cx}" y="19">{escape(_fit(_title(node)))}</text>'
            f'<text class="ebp-sub" x="{cx}" y="36">{escape(_fit(_subtitle(node)))}</text>'
            f'<text class="ebp-grad" x="{cx}" y="53"></text></g>')
    parts += labels
    parts.append("</svg>")
    return "".join(parts)


def _label_point(sx: float, sy: float, passes: list[Box], ex: float,
                 ey: float) -> tuple[float, float]:
    if passes:
        first = passes[0]
        return (sx + first.x) / 2, (sy + first.y + first.h / 2) / 2
    return (sx + ex) / 2, (sy + ey) / 2
