"""A small layered layout for the step-through drawing: inputs on the left, outputs right.

Each node's column is the length of the longest path reaching it from a source, so every
edge points rightwards. An edge spanning several columns passes through a thin placeholder
in each column it crosses, so it is routed between the boxes instead of under them. Within
a column, nodes and placeholders are ordered by a few rounds of the barycenter heuristic
(the mean position of their neighbours), which removes most crossings in the graphs a
learner draws. No external program or package is needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Box", "Layout", "layered_layout", "NODE_W", "NODE_H"]

NODE_W, NODE_H = 190, 62
PASS_H = 16  # the height a passing edge takes in a column it crosses
COL_GAP, ROW_GAP, MARGIN = 110, 22, 16  # columns leave room for gradient labels
SWEEPS = 4


@dataclass
class Box:
    x: float
    y: float
    w: float = NODE_W
    h: float = NODE_H


@dataclass
class Layout:
    boxes: list[Box]             # one per node
    passes: list[list[Box]]      # per edge: the placeholders it runs through, left to right
    width: float
    height: float
    columns: list[int] = field(default_factory=list)


def _columns(count: int, edges: list[tuple[int, int]]) -> list[int]:
    """Longest-path column of each node (Kahn's topological order; the graph is a DAG)."""
    succ: list[list[int]] = [[] for _ in range(count)]
    indegree = [0] * count
    for src, dst in edges:
        succ[src].append(dst)
        indegree[dst] += 1
    column = [0] * count
    ready = [i for i in range(count) if indegree[i] == 0]
    while ready:
        node = ready.pop()
        for nxt in succ[node]:
            column[nxt] = max(column[nxt], column[node] + 1)
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                ready.append(nxt)
    return column


def layered_layout(count: int, edges: list[tuple[int, int]]) -> Layout:
    """Place nodes 0..count-1 given forward edges (src, dst).

    Nodes are expected in discovery order (a depth-first walk from the outputs), which is a
    good first ordering within each column.
    """
    column = _columns(count, edges)
    heights = [NODE_H] * count
    # Chains of placeholders for long edges: item ids count..., one per crossed column.
    links: list[tuple[int, int]] = []
    chains: list[list[int]] = []
    for src, dst in edges:
        chain, previous = [], src
        for c in range(column[src] + 1, column[dst]):
            item = len(column)
            column.append(c)
            heights.append(PASS_H)
            chain.append(item)
            links.append((previous, item))
            previous = item
        links.append((previous, dst))
        chains.append(chain)
    items = len(column)
    n_cols = max(column, default=0) + 1
    layers: list[list[int]] = [[] for _ in range(n_cols)]
    for item in range(items):
        layers[column[item]].append(item)
    neighbours: list[list[int]] = [[] for _ in range(items)]
    for a, b in links:
        neighbours[a].append(b)
        neighbours[b].append(a)

    def centred(layer: list[int]) -> dict[int, float]:
        # Position counted from the column's centre (columns are centred, so these compare
        # across columns).
        return {item: i - (len(layer) - 1) / 2 for i, item in enumerate(layer)}

    pos: dict[int, float] = {}
    for layer in layers:
        pos.update(centred(layer))
    for sweep in range(SWEEPS):
        for c in range(n_cols) if sweep % 2 == 0 else reversed(range(n_cols)):
            layer = layers[c]
            keys = {}
            for item in layer:
                near = neighbours[item]
                keys[item] = (sum(pos[n] for n in near) / len(near) if near else pos[item],
                              pos[item])
            layer.sort(key=keys.__getitem__)
            pos.update(centred(layer))

    def extent(layer: list[int]) -> float:
        return sum(heights[i] for i in layer) + ROW_GAP * max(len(layer) - 1, 0)

    tallest = max((extent(layer) for layer in layers), default=NODE_H)
    height = 2 * MARGIN + tallest
    width = 2 * MARGIN + n_cols * NODE_W + (n_cols - 1) * COL_GAP
    placed: list[Box] = [Box(0.0, 0.0)] * items
    for c, layer in enumerate(layers):
        y = MARGIN + (tallest - extent(layer)) / 2  # centre each column vertically
        for item in layer:
            placed[item] = Box(MARGIN + c * (NODE_W + COL_GAP), y, NODE_W, heights[item])
            y += heights[item] + ROW_GAP
    return Layout(placed[:count], [[placed[i] for i in chain] for chain in chains],
                  float(width), float(height), column[:count])
