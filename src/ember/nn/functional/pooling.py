"""Functional pooling: max/avg/adaptive pooling, max_unpool."""

from __future__ import annotations

__all__: list[str] = []
