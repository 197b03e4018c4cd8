"""The op table. Importing this package declares every op (see `_registry` for the format)."""

from . import (  # noqa: F401 - imported for their declarations
    comparison,
    conversion,
    filling,
    indexing,
    indexing_gather,
    indexing_select,
    linalg,
    nn_activation,
    nn_activation_parametric,
    nn_conv,
    nn_loss,
    nn_normalization,
    nn_ops,
    nn_padding,
    nn_pooling,
    nn_sparse,
    pointwise,
    pointwise_binary,
    pointwise_logic,
    pointwise_unary,
    reduction,
    reduction_cumulative,
    reduction_extrema,
    reduction_stats,
    shape,
    shape_copies,
    shape_parts,
    shape_strided,
    sorting,
)
from ._registry import API, OPS

__all__ = ["OPS", "API"]
