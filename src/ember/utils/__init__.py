"""ember.utils: torch.utils' tools that apply to ember (activation checkpointing, hook
handles)."""

from . import checkpoint, data, hooks

__all__ = ["checkpoint", "data", "hooks"]
