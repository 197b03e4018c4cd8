"""Convolutions as op-table primitives: conv1d/2d/3d, transposed convolutions, unfold/fold
(strided windows and one matrix product per call)."""

from __future__ import annotations
