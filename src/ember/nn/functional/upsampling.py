"""Functional resampling: interpolate, upsample, pixel_shuffle, pixel_unshuffle."""

from __future__ import annotations

__all__: list[str] = []
