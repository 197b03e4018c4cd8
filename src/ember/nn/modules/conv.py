"""Convolution modules: Conv1d/2d/3d, ConvTranspose1d/2d, LazyConv*."""

from __future__ import annotations

__all__: list[str] = []
