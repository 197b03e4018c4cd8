"""ember._C: where torch's classes that live in its C extension are named from, so that
`type(g)` shows `<class 'torch._C.Generator'>`'s spelling (and pickle can find them)."""

from ._creation import Generator
from .ops.linalg import _LinAlgError

__all__ = ["Generator", "_LinAlgError"]
