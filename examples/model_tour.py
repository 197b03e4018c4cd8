"""A small model built with nn: printed, trained for one step, and drawn as a graph.

Run with `make demo` (or `python examples/model_tour.py [output folder]`). It builds the
book's MLP with lazy layers, prints it before and after the first call (which infers the
input size), takes one SGD step on a small batch, and writes the graph of the loss into
`out/`: `mlp_graph.svg` with each layer's ops in a box named as in `print(net)` and the
parameters named `0.weight`, `0.bias`, ..., and `mlp_graph_collapsed.svg` with one node per
layer.
"""

from __future__ import annotations

import sys
from pathlib import Path

import ember as torch
from ember import nn

DEFAULT_FOLDER = Path(__file__).resolve().parent.parent / "out"


def main(folder: Path = DEFAULT_FOLDER) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    net = nn.Sequential(nn.LazyLinear(8), nn.ReLU(), nn.LazyLinear(3))
    print(net)
    X, y = torch.randn(4, 5), torch.tensor([0, 2, 1, 2])
    loss = nn.CrossEntropyLoss()(net(X), y)
    print(net)
    print(f"loss before the step: {loss.item():.4f}")
    # Graphs capture values now (before backward frees them) and read the gradients later.
    boxes = torch.viz.graph(loss, params={"X": X, "y": y})
    one_node_per_layer = torch.viz.graph(loss, params={"X": X, "y": y}, modules="collapse")
    loss.backward()
    with torch.no_grad():
        for param in net.parameters():
            param -= 0.5 * param.grad
    print(f"loss after one SGD step: {nn.CrossEntropyLoss()(net(X), y).item():.4f}")
    written = [Path(boxes.save(folder / "mlp_graph.svg")),
               Path(one_node_per_layer.save(folder / "mlp_graph_collapsed.svg"))]
    print(f"The model's graph (module boxes, and one node per layer) is in {folder}:")
    for path in written:
        print(f"  {path}")
    return written


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FOLDER)
