"""The op table. Importing this package declares every op (see `_registry` for the format)."""

from . import (  # noqa: F401 - imported for their declarations
    comparison,
    conversion,
    filling,
    indexing,
    linalg,
    nn_ops,
    pointwise,
    reduction,
    shape,
    sorting,
)
from ._registry import API, OPS

__all__ = ["OPS", "API"]
