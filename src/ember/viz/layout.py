"""A layered drawing of a directed acyclic graph, in plain Python (no Graphviz needed).

The classic Sugiyama recipe, kept small:

1. Layers: longest path from the sources, so every edge points down; then every node
   that feeds something moves down to just above its first consumer (so constants and
   the terms of a long sum sit next to the op that uses them).
2. Edges spanning several layers get invisible dummy nodes, one per layer crossed, so
   they can bend around the boxes in between.
3. Order within layers: barycentric sweeps (each node goes to the mean position of its
   neighbours in the layer above, then below), keeping the order with fewest crossings.
4. Horizontal positions: each node is pulled toward the mean centre of its neighbours,
   subject to boxes not overlapping; that constrained least-squares problem in one
   dimension is solved exactly by isotonic regression (pool adjacent violators).
5. Edges are polylines from the source's bottom, through their dummies, to the target's
   top; a target's inputs enter side by side in input order.

Everything is iterative; the cost is about O(sweeps * edges * log) for the ordering.

For drawing inside a module box (`nested.py`), vertices can be pinned to the first or last
layer (the points where edges cross the box's border), and edges can enter or leave a
vertex at a given x offset (a box's vertex: where the edge continues inside it).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

__all__ = ["Layout", "layout"]

H_GAP = 24.0      # between boxes of one layer
V_GAP = 46.0      # between layers
MARGIN = 16.0
SWEEPS = 12
PLACEMENT_PASSES = 6


@dataclass
class Layout:
    """Centres of the boxes, polylines of the edges, and the size of the drawing."""

    centers: list[tuple[float, float]]
    routes: list[list[tuple[float, float]]]  # one per input edge, source to target
    width: float
    height: float
    layers: list[int]


def layout(sizes: list[tuple[float, float]], edges: list[tuple[int, int]],
           entry: list[float | None] | None = None, leave: list[float | None] | None = None,
           top: frozenset = frozenset(), bottom: frozenset = frozenset()) -> Layout:
    """Lay out boxes of the given (width, height) joined by (source, target) edges.

    `entry`/`leave` (one per edge, None where free) fix where an edge meets its target's
    top / leaves its source's bottom, as x offsets from the centre; `top` and `bottom` are
    vertices pinned above / below all others.
    """
    n = len(sizes)
    if n == 0:
        return Layout([], [], 2 * MARGIN, 2 * MARGIN, [])
    layer = _layers(n, edges, top, bottom)
    # Vertices: the real nodes, then one dummy per layer an edge passes through.
    widths = [w for w, _ in sizes]
    vertex_layer = list(layer)
    leave = leave or [None] * len(edges)
    entry = _entry_offsets(sizes, edges, entry or [None] * len(edges))
    chains: list[list[int]] = []  # per edge: the vertices it passes through
    links: list[tuple[int, int, float]] = []  # (upper, lower, x offset of the entry)
    # (upper, lower, where the link leaves the upper, where it meets the lower), as
    # fractions of the widths: the ordering keeps a node's inputs side by side in order.
    attached: list[tuple[int, int, float, float]] = []
    for k, (s, t) in enumerate(edges):
        chain = [s]
        for lay in range(layer[s] + 1, layer[t]):
            vertex_layer.append(lay)
            widths.append(0.0)
            chain.append(len(vertex_layer) - 1)
        chain.append(t)
        chains.append(chain)
        # A link's offset: where it meets the lower vertex minus where it leaves the upper.
        offsets = [0.0] * (len(chain) - 1)
        offsets[0] -= leave[k] or 0.0
        offsets[-1] += entry[k]
        links.extend((a, b, o) for a, b, o in zip(chain, chain[1:], offsets))
        ends = [0.0] * len(chain)
        ends[0] = _fraction(leave[k] or 0.0, widths[s])
        ends[-1] = _fraction(entry[k], widths[t])
        attached.extend((a, b, ends[i], ends[i + 1] if i + 2 == len(chain) else 0.0)
                        for i, (a, b) in enumerate(zip(chain, chain[1:])))
    rows = _order(vertex_layer, attached)
    xs = _place(rows, widths, links)
    heights = [max([sizes[v][1] for v in row if v < n], default=0.0) for row in rows]
    row_top = []
    y = MARGIN
    for h in heights:
        row_top.append(y)
        y += h + V_GAP
    ys = [row_top[vertex_layer[v]] + heights[vertex_layer[v]] / 2 for v in range(len(xs))]
    centers = [(xs[v], ys[v]) for v in range(n)]
    half_band = [heights[vertex_layer[v]] / 2 for v in range(len(xs))]
    routes = _routes(chains, edges, xs, ys, sizes, entry, leave, half_band)
    width = max(xs[v] + widths[v] / 2 for v in range(len(xs))) + MARGIN
    return Layout(centers, routes, width, y - V_GAP + MARGIN, layer)


def _layers(n: int, edges: list[tuple[int, int]], top: frozenset = frozenset(),
            bottom: frozenset = frozenset()) -> list[int]:
    pinned = top | bottom
    if pinned:  # layer the others on their own, then put the pinned above and below
        layer = _layers(n, [(s, t) for s, t in edges if s not in pinned and t not in pinned])
        inner = [layer[v] for v in range(n) if v not in pinned]
        low, high = (min(inner), max(inner)) if inner else (0, -1)
        return [0 if v in top else high - low + 2 if v in bottom else layer[v] - low + 1
                for v in range(n)]
    succ: list[list[int]] = [[] for _ in range(n)]
    indegree = [0] * n
    for s, t in edges:
        succ[s].append(t)
        indegree[t] += 1
    layer = [0] * n
    queue = deque(v for v in range(n) if indegree[v] == 0)
    remaining = list(indegree)
    topological = []
    while queue:
        v = queue.popleft()
        topological.append(v)
        for t in succ[v]:
            layer[t] = max(layer[t], layer[v] + 1)
            remaining[t] -= 1
            if remaining[t] == 0:
                queue.append(t)
    if len(topological) != n:
        raise ValueError("the graph has a cycle; a layered layout needs a DAG")
    # Then every node that feeds something moves down to just above its first consumer:
    # a term of a long sum sits beside the addition that uses it, not at the top.
    for v in reversed(topological):
        if succ[v]:
            layer[v] = min(layer[t] for t in succ[v]) - 1
    low = min(layer)
    return [lay - low for lay in layer]


def _fraction(offset: float, width: float) -> float:
    """Where on a vertex a link attaches, in units of its slot in the row (within ±0.45)."""
    return 0.9 * offset / width if width > 0 else 0.0


def _order(vertex_layer: list[int],
           links: list[tuple[int, int, float, float]]) -> list[list[int]]:
    """Vertices of each layer, left to right, with few crossings. Each link says where it
    attaches to its upper and lower vertex (a fraction of the vertex's slot), so edges
    into one vertex count as crossing when they enter in the wrong order."""
    count = max(vertex_layer) + 1
    up: list[list[int]] = [[] for _ in vertex_layer]
    down: list[list[int]] = [[] for _ in vertex_layer]
    ups: list[list[tuple[int, float]]] = [[] for _ in vertex_layer]
    downs: list[list[tuple[int, float]]] = [[] for _ in vertex_layer]
    for s, t, at_s, at_t in links:
        down[s].append(t)
        up[t].append(s)
        downs[s].append((t, at_t))
        ups[t].append((s, at_s))
    # Start from depth-first discovery order: related vertices start out near each other.
    rows: list[list[int]] = [[] for _ in range(count)]
    seen = [False] * len(vertex_layer)
    for root in range(len(vertex_layer)):
        if seen[root]:
            continue
        stack = [root]
        while stack:
            v = stack.pop()
            if seen[v]:
                continue
            seen[v] = True
            rows[vertex_layer[v]].append(v)
            stack.extend(reversed(down[v] + up[v]))
    best = [list(r) for r in rows]
    best_crossings = _crossings(rows, links, vertex_layer)
    for sweep in range(SWEEPS):
        downward = sweep % 2 == 0
        layers = range(1, count) if downward else range(count - 2, -1, -1)
        for lay in layers:
            neighbours = ups if downward else downs
            reference = rows[lay - 1] if downward else rows[lay + 1]
            pos = {v: i for i, v in enumerate(reference)}
            row = rows[lay]
            keys = {}
            for i, v in enumerate(row):
                near = [pos[u] + at for u, at in neighbours[v] if u in pos]
                keys[v] = sum(near) / len(near) if near else float(i)
            row.sort(key=lambda v: keys[v])
        crossings = _crossings(rows, links, vertex_layer)
        if crossings < best_crossings:
            best, best_crossings = [list(r) for r in rows], crossings
        if best_crossings == 0:
            break
    return best


def _crossings(rows: list[list[int]], links: list[tuple[int, int, float, float]],
               vertex_layer: list[int]) -> int:
    """Edge crossings between adjacent layers: pairs of links whose ends are in opposite
    orders above and below (inversions, counted with a Fenwick tree per layer)."""
    pos = {v: i for row in rows for i, v in enumerate(row)}
    by_layer: list[list[tuple[float, float]]] = [[] for _ in rows]
    for s, t, at_s, at_t in links:
        by_layer[vertex_layer[s]].append((pos[s] + at_s, pos[t] + at_t))
    total = 0
    for ends in by_layer:
        ends.sort()
        rank = {b: r for r, b in enumerate(sorted({b for _, b in ends}), 1)}
        tree = [0] * (len(rank) + 1)
        for seen, (_, b) in enumerate(ends):
            # links already seen that end strictly right of this one cross it
            k, not_right = rank[b], 0
            while k > 0:
                not_right += tree[k]
                k -= k & -k
            total += seen - not_right
            k = rank[b]
            while k < len(tree):
                tree[k] += 1
                k += k & -k
    return total


def _place(rows: list[list[int]], widths: list[float],
           links: list[tuple[int, int, float]]) -> list[float]:
    """x of each vertex's centre."""
    # Neighbours with the x offset that puts the link's entry point under/over them.
    up: list[list[tuple[int, float]]] = [[] for _ in widths]
    down: list[list[tuple[int, float]]] = [[] for _ in widths]
    for s, t, offset in links:
        down[s].append((t, offset))
        up[t].append((s, -offset))
    # A pendant (a source feeding one vertex, like a constant) follows its consumer but
    # neither pulls it nor pushes its neighbours away: otherwise a chain of ops with
    # constants drifts sideways.
    pendant = [not up[v] and len(down[v]) == 1 for v in range(len(widths))]

    def pull(near: list[tuple[int, float]]) -> list[tuple[int, float]]:
        return [(u, o) for u, o in near if not pendant[u]] or near

    xs = [0.0] * len(widths)
    for row in rows:  # packed left to right
        x = 0.0
        for v in row:
            xs[v] = x + widths[v] / 2
            x += widths[v] + H_GAP
    for p in range(PLACEMENT_PASSES):
        downward = p % 2 == 0
        for row in rows if downward else rows[::-1]:
            wanted = []
            for v in row:
                if p >= PLACEMENT_PASSES - 2:  # last passes: balance both sides
                    near = pull(up[v] + down[v])
                else:
                    near = pull(up[v] if downward else down[v]) or pull(up[v] + down[v])
                wanted.append(sum(xs[u] + o for u, o in near) / len(near) if near else xs[v])
            spread = _spread(wanted, [widths[v] for v in row],
                             [1e-3 if pendant[v] else 1.0 for v in row])
            for v, x in zip(row, spread):
                xs[v] = x
    left = min(xs[v] - widths[v] / 2 for v in range(len(xs)))
    return [x - left + MARGIN for x in xs]


def _spread(wanted: list[float], widths: list[float], weights: list[float]) -> list[float]:
    """Positions closest to `wanted` (least squares with these weights), kept in order,
    boxes not overlapping.

    With offsets o_i (the least distance from the first centre), x_i = y_i + o_i turns
    the separation constraints into y non-decreasing: weighted isotonic regression of
    wanted - o, solved by pooling adjacent violators.
    """
    offsets = [0.0]
    for a, b in zip(widths, widths[1:]):
        gap = (a + b) / 2 + (H_GAP if a and b else H_GAP / 2)
        offsets.append(offsets[-1] + gap)
    blocks: list[list[float]] = []  # [weighted mean, total weight, count]
    for w, o, weight in zip(wanted, offsets, weights):
        blocks.append([w - o, weight, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, w2, c2 = blocks.pop()
            m1, w1, c1 = blocks[-1]
            blocks[-1] = [(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, c1 + c2]
    ys: list[float] = []
    for mean, _, count in blocks:
        ys.extend([mean] * count)
    return [y + o for y, o in zip(ys, offsets)]


def _slot_offsets(width: float, count: int) -> list[float]:
    """x offsets (from the centre) of `count` arrows meeting one side of a box."""
    if count == 1:
        return [0.0]
    span = min(width * 0.6, 18.0 * (count - 1))
    return [-span / 2 + span * i / (count - 1) for i in range(count)]


def _entry_offsets(sizes: list[tuple[float, float]], edges: list[tuple[int, int]],
                   fixed: list[float | None]) -> list:
    """Where each edge enters its target's top: where `fixed` says, else side by side, in
    the order given (the caller sorts a node's inputs by input index)."""
    into: dict[int, list[int]] = {}
    for k, (_, t) in enumerate(edges):
        if fixed[k] is None:
            into.setdefault(t, []).append(k)
    entry = [0.0 if f is None else f for f in fixed]
    for t, ks in into.items():
        for k, offset in zip(ks, _slot_offsets(sizes[t][0], len(ks))):
            entry[k] = offset
    return entry


def _routes(chains: list[list[int]], edges: list[tuple[int, int]], xs: list[float],
            ys: list[float], sizes: list[tuple[float, float]], entry: list[float],
            fixed_leave: list[float | None],
            half_band: list[float]) -> list[list[tuple[float, float]]]:
    """Polylines out of the source's bottom, through the dummies, into the target's top.
    A node's outgoing arrows leave side by side, ordered by where they head. Through a
    layer the edge runs straight down the whole height of the layer's boxes, so it bends
    only between layers, where there are no boxes."""
    out_of: dict[int, list[int]] = {}
    leave = [0.0] * len(edges)
    for k, (s, _) in enumerate(edges):
        if fixed_leave[k] is None:
            out_of.setdefault(s, []).append(k)
        else:
            leave[k] = xs[s] + fixed_leave[k]
    for s, ks in out_of.items():
        ks.sort(key=lambda k: xs[chains[k][1]])
        for k, offset in zip(ks, _slot_offsets(sizes[s][0], len(ks))):
            leave[k] = xs[s] + offset
    routes = []
    for k, chain in enumerate(chains):
        s, t = chain[0], chain[-1]
        points = [(leave[k], ys[s] + sizes[s][1] / 2)]
        for v in chain[1:-1]:
            points += [(xs[v], ys[v] - half_band[v]), (xs[v], ys[v] + half_band[v])]
        points.append((xs[t] + entry[k], ys[t] - sizes[t][1] / 2))
        routes.append(points)
    return routes
