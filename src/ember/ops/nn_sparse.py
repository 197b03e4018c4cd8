"""Embedding lookups as op-table primitives (embedding, embedding_bag)."""

from __future__ import annotations
