"""ember.utils: torch.utils' tools that apply to ember (activation checkpointing, hook
handles)."""

from . import checkpoint, hooks

__all__ = ["checkpoint", "hooks"]
