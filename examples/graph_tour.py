"""The seed example's computational graph, drawn before and after the backward pass.

    y = 2 * dot(x, x),  x = [0, 1, 2, 3]

Run with `make demo` (or `python examples/graph_tour.py [output folder]`). It writes
`seed_graph_before.svg` (values only) and `seed_graph_after.svg` (with x.grad = 4x), plus
the same graphs as Graphviz DOT text, into `out/` by default. The SVGs need nothing but a
browser; `dot -Tpng seed_graph_after.dot -o graph.png` renders the DOT if you have Graphviz.
"""

from __future__ import annotations

import sys
from pathlib import Path

import ember as torch

DEFAULT_FOLDER = Path(__file__).resolve().parent.parent / "out"


def main(folder: Path = DEFAULT_FOLDER) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    x = torch.arange(4.0, requires_grad=True)
    y = 2 * torch.dot(x, x)
    # One graph object: values are captured now, gradients are read when it is drawn.
    graph = torch.viz.graph({"y": y}, params={"x": x})
    written = [Path(graph.save(folder / "seed_graph_before.svg")),
               Path(graph.save(folder / "seed_graph_before.dot"))]
    y.backward()
    written += [Path(graph.save(folder / "seed_graph_after.svg")),
                Path(graph.save(folder / "seed_graph_after.dot"))]
    print(f"y = 2 * dot(x, x) = {y.item():g};  after y.backward(): x.grad = {x.grad}")
    print(f"The computational graph, before and after backward, is in {folder}:")
    for path in written:
        print(f"  {path}")
    return written


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FOLDER)
