"""Padding modules: ZeroPad, ConstantPad, ReflectionPad, ReplicationPad, CircularPad."""

from __future__ import annotations

__all__: list[str] = []
