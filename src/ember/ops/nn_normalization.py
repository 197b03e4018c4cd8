"""Normalisation primitives of the op table (batch, layer, group norm) where composing
public ops would not give torch's grad_fn names or speed."""

from __future__ import annotations
