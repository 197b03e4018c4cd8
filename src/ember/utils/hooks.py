"""torch.utils.hooks: the handle every register_*hook returns."""

from .._tensor import RemovableHandle

__all__ = ["RemovableHandle"]
