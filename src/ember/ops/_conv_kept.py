"""What a convolution's forward computed from its input that the weight gradient needs
again: Winograd's transformed tiles, or the input's columns (im2col). An instance is a
param of the convolution op (like batch norm's statistics), given by the public function
when the weight will want a gradient; the forward fills it, the backward takes it.

Kept values are tied to the very input array they were computed from (`source is x`), and
to a key naming the layout, so a tangent's run of the op (forward mode, same params) or a
backward that takes another path never reads them; a backward takes them once (a second
backward, retain_graph, recomputes). A GRU layer's forward (ops/nn_rnn.py) keeps its gates
in one too; its backward peeks at them (they live as long as the graph)."""

from __future__ import annotations

import numpy as np

__all__ = ["KeptInput", "KEEP_VALUES"]

KEEP_VALUES = 1 << 23  # columns are kept up to this many values (32 MiB of float32)


class KeptInput:
    __slots__ = ("source", "key", "value")

    def __init__(self) -> None:
        self.source = self.key = self.value = None

    def put(self, x: np.ndarray, key: tuple, value: np.ndarray) -> None:
        """Keep value, computed from x; only the first call's (the primal input's)."""
        if self.source is None:
            self.source, self.key, self.value = x, key, value

    def take(self, x: np.ndarray, key: tuple) -> np.ndarray | None:
        """The kept value if it is x's under this key (then released), else None."""
        if self.source is not x or self.key != key:
            return None
        value, self.source, self.key, self.value = self.value, None, None, None
        return value

    def peek(self, x: np.ndarray, key: tuple):
        """The kept value if it is x's under this key, else None; kept for a later
        backward (retain_graph) whose recomputed value would differ in the last bits."""
        return self.value if self.source is x and self.key == key else None

    def __repr__(self) -> str:
        return "<a convolution's input, transformed, kept for the weight gradient>"
