"""Batched rules (see _batched/__init__.py) for convolution and pooling ops."""

from __future__ import annotations
