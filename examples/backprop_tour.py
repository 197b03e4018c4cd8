"""The seed example's backward pass, explained in the terminal and saved as a web page.

    y = 2 * dot(x, x),  x = [0, 1, 2, 3]   →   x.grad = 4x = [0, 4, 8, 12]

Run with `make demo` (or `python examples/backprop_tour.py [output folder]`). The page,
`out/backprop_seed.html` by default, is self-contained: open it in any browser and step
through the backward pass with the Previous/Next buttons or the arrow keys.
"""

from __future__ import annotations

import sys
from pathlib import Path

import ember as torch

DEFAULT_FOLDER = Path(__file__).resolve().parent.parent / "out"


def main(folder: Path = DEFAULT_FOLDER) -> Path:
    folder.mkdir(parents=True, exist_ok=True)

    # The text walk-through (it runs y.backward() while recording).
    x = torch.arange(4.0, requires_grad=True)
    y = 2 * torch.dot(x, x)
    print(torch.explain(y, params={"x": x}))
    print()

    # The same pass as a page to step through; a fresh graph, since backward consumed the
    # first one.
    x = torch.arange(4.0, requires_grad=True)
    y = 2 * torch.dot(x, x)
    trace = torch.viz.backprop(y, params={"x": x})
    path = Path(trace.save(folder / "backprop_seed.html"))
    print(f"Step through the backward pass: {path}")
    return path


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FOLDER)
