"""Batched rules (see _batched/__init__.py) for normalisation, embedding and padding ops."""

from __future__ import annotations
