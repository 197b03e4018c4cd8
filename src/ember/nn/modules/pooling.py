"""Pooling modules: MaxPool, AvgPool, adaptive pooling, MaxUnpool."""

from __future__ import annotations

__all__: list[str] = []
