"""Pooling as op-table primitives: max/avg pooling, adaptive pooling, max unpooling."""

from __future__ import annotations
