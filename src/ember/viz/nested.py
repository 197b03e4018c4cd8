"""Layout of a graph whose nodes sit in nested boxes (module calls), built on `layout`.

Each box is laid out on its own, innermost boxes first, and then stands as one large
vertex in the drawing around it, so a box never overlaps anything outside it. An edge that
crosses a box's border is cut there: inside the box it starts from (or ends at) a port, a
zero-size vertex pinned to the box's top (edges coming in) or bottom (edges going out);
outside, it enters (leaves) the box's vertex at the port's x. The pieces of each edge are
joined into one polyline at the end.

A module call's nodes can be contracted like this without making a cycle: every op
created during a call is numbered between the call's start and end, and an op's inputs
are older than the op, so no path leaves a call and comes back into it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .layout import layout

__all__ = ["NestedLayout", "nested_layout", "LABEL_BAND", "BOX_PAD"]

BOX_PAD = 12.0       # between a box's border and what it holds
LABEL_BAND = 18.0    # the box's label, above its contents
Point = tuple[float, float]


@dataclass
class NestedLayout:
    """Absolute centres of the nodes, one polyline per edge, and each box's rectangle
    (x, y, width, height) by box id."""

    centers: list[Point]
    routes: list[list[Point]]
    boxes: dict[str, tuple[float, float, float, float]]
    width: float
    height: float


@dataclass
class _Placed:
    """One box laid out in its own frame (origin at its top-left corner)."""

    width: float
    height: float
    members: list                # ("node", index) or ("box", id), in vertex order
    centers: list[Point]         # of the members
    routes: dict[tuple[int, str], list[Point]]  # (edge, "in" / "out" / "mid") -> polyline
    ports: dict[tuple[int, str], float]         # (edge, "in" / "out") -> x of the port


def nested_layout(sizes: list[Point], edges: list[tuple[int, int]],
                  container: list[str | None], parent: dict[str, str | None],
                  label_widths: dict[str, float]) -> NestedLayout:
    """Lay out nodes of the given sizes, joined by (source, target) edges, node i drawn
    inside box `container[i]` (None: outside every box); `parent` gives each box's
    enclosing box, `label_widths` the width its label needs."""
    def chain(box: str | None) -> list[str | None]:
        out = [box]
        while box is not None:
            box = parent[box]
            out.append(box)
        return out

    # Each edge's way through the boxes: out of the source's boxes up to the innermost
    # box holding both ends (`meet`), then into the target's boxes.
    ways = []
    for s, t in edges:
        up, down = chain(container[s]), chain(container[t])
        meet = next(b for b in up if b in down)
        ways.append((up[:up.index(meet)], meet, down[:down.index(meet)][::-1]))

    # What each box holds, and which edges run inside it (k, "out" / "mid" / "in").
    members: dict[str | None, list[tuple]] = {box: [] for box in [None, *parent]}
    for i, box in enumerate(container):
        members[box].append(("node", i))
    for box, around in parent.items():
        members[around].append(("box", box))
    crossing: dict[str | None, list[tuple[int, str]]] = {box: [] for box in members}
    for k, (up, meet, down) in enumerate(ways):
        crossing[meet].append((k, "mid"))
        for box in up:
            crossing[box].append((k, "out"))
        for box in down:
            crossing[box].append((k, "in"))
    depth = {box: len(chain(box)) for box in parent}
    placed: dict[str | None, _Placed] = {}
    for box in [*sorted(parent, key=lambda b: -depth[b]), None]:
        placed[box] = _lay_out_box(box, members[box], sorted(crossing[box]), sizes, edges,
                                   container, parent, placed, label_widths.get(box, 0.0))
    return _absolute(placed, edges, ways, len(sizes), parent)


def _member_of(node: int, box: str | None, container: list, parent: dict) -> tuple:
    """What stands for `node` among the members of `box`: the node, or the child box of
    `box` that holds it."""
    inner = container[node]
    if inner == box:
        return ("node", node)
    while parent[inner] != box:
        inner = parent[inner]
    return ("box", inner)


def _lay_out_box(box, members, crossing, sizes, edges, container, parent, placed,
                 label_width) -> _Placed:
    index = {m: i for i, m in enumerate(members)}
    vertex_sizes = [sizes[m[1]] if m[0] == "node"
                    else (placed[m[1]].width, placed[m[1]].height) for m in members]
    local: list[tuple[int, int]] = []
    entry: list[float | None] = []
    leave: list[float | None] = []
    keys: list[tuple[int, str]] = []
    top, bottom = set(), set()

    def port(pinned: set) -> int:
        vertex_sizes.append((0.0, 0.0))
        pinned.add(len(vertex_sizes) - 1)
        return len(vertex_sizes) - 1

    def offset(member: tuple, k: int, side: str) -> float | None:
        if member[0] != "box":
            return None
        inner = placed[member[1]]
        return inner.ports[(k, side)] - inner.width / 2

    for k, role in crossing:  # in the order of `edges`
        s, t = edges[k]
        if role == "mid":
            a = _member_of(s, box, container, parent)
            b = _member_of(t, box, container, parent)
            local.append((index[a], index[b]))
            leave.append(offset(a, k, "out"))
            entry.append(offset(b, k, "in"))
            keys.append((k, "mid"))
        elif role == "in":
            b = _member_of(t, box, container, parent)
            local.append((port(top), index[b]))
            leave.append(None)
            entry.append(offset(b, k, "in"))
            keys.append((k, "in"))
        else:
            a = _member_of(s, box, container, parent)
            local.append((index[a], port(bottom)))
            leave.append(offset(a, k, "out"))
            entry.append(None)
            keys.append((k, "out"))
    # A node's inputs keep the order of `edges` (the caller sorts them by input index).
    drawn = layout(vertex_sizes, local, entry, leave, frozenset(top), frozenset(bottom))
    routes = dict(zip(keys, drawn.routes))
    count = len(members)
    centers = drawn.centers[:count]
    if box is None:
        return _Placed(drawn.width, drawn.height, members, centers, routes, {})
    # The box: its members with padding, a band for the label on top; ports on the border.
    lefts = [x - w / 2 for (x, _), (w, _) in zip(centers, vertex_sizes)]
    rights = [x + w / 2 for (x, _), (w, _) in zip(centers, vertex_sizes)]
    port_xs = [drawn.centers[v][0] for v in top | bottom]
    x0 = min(lefts + port_xs) - BOX_PAD
    x1 = max(max(rights + port_xs) + BOX_PAD, x0 + label_width + 2 * BOX_PAD)
    y0 = min(y - h / 2 for (_, y), (_, h) in zip(centers, vertex_sizes)) - BOX_PAD - LABEL_BAND
    y1 = max(y + h / 2 for (_, y), (_, h) in zip(centers, vertex_sizes)) + BOX_PAD
    ports = {}
    for key, route in routes.items():
        if key[1] == "in":
            route[0] = (route[0][0], y0)
            ports[key] = route[0][0] - x0
        elif key[1] == "out":
            route[-1] = (route[-1][0], y1)
            ports[key] = route[-1][0] - x0
    shifted = {key: [(x - x0, y - y0) for x, y in route] for key, route in routes.items()}
    return _Placed(x1 - x0, y1 - y0, members, [(x - x0, y - y0) for x, y in centers],
                   shifted, ports)


def _absolute(placed: dict, edges, ways, count: int, parent: dict) -> NestedLayout:
    origin: dict[str | None, Point] = {None: (0.0, 0.0)}
    centers: list[Point] = [(0.0, 0.0)] * count
    rects: dict[str, tuple[float, float, float, float]] = {}
    pending = [None]
    while pending:  # outer boxes first: a box's origin comes from its parent's frame
        box = pending.pop()
        ox, oy = origin[box]
        for member, (cx, cy) in zip(placed[box].members, placed[box].centers):
            if member[0] == "node":
                centers[member[1]] = (ox + cx, oy + cy)
            else:
                inner = placed[member[1]]
                x, y = ox + cx - inner.width / 2, oy + cy - inner.height / 2
                origin[member[1]] = (x, y)
                rects[member[1]] = (x, y, inner.width, inner.height)
                pending.append(member[1])
    routes = []
    for k in range(len(edges)):
        up, meet, down = ways[k]
        pieces = [(b, (k, "out")) for b in up] + [(meet, (k, "mid"))] + \
                 [(b, (k, "in")) for b in down]
        points: list[Point] = []
        for box, key in pieces:
            ox, oy = origin[box]
            for x, y in placed[box].routes[key]:
                point = (ox + x, oy + y)
                if not points or _apart(points[-1], point):  # pieces meet at a border
                    points.append(point)
        routes.append(points)
    top = placed[None]
    return NestedLayout(centers, routes, rects, top.width, top.height)


def _apart(a: Point, b: Point) -> bool:
    return abs(a[0] - b[0]) + abs(a[1] - b[1]) > 1e-6
