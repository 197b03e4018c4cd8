"""ember.utils: torch.utils' tools that apply to ember (activation checkpointing)."""

from . import checkpoint

__all__ = ["checkpoint"]
