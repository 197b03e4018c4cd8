"""Padding and resampling primitives: pad (reflect, replicate, circular), interpolate."""

from __future__ import annotations
