"""The op table. Importing this package declares every op (see `_registry` for the format)."""

from . import (  # noqa: F401 - imported for their declarations
    comparison,
    conversion,
    distance_backward,
    filling,
    indexing,
    indexing_extra,
    indexing_gather,
    indexing_select,
    linalg,
    linalg_decompositions,
    linalg_einsum,
    linalg_extra,
    linalg_lu,
    linalg_triangular,
    nn_activation,
    nn_activation_parametric,
    nn_conv,
    nn_conv_backward,
    nn_ctc,
    nn_loss,
    nn_loss_backward,
    nn_normalization,
    nn_ops,
    nn_padding,
    nn_pooling,
    nn_rnn,
    nn_sparse,
    pointwise,
    pointwise_binary,
    pointwise_logic,
    pointwise_special,
    pointwise_unary,
    reduction,
    reduction_cumulative,
    reduction_extra,
    reduction_extrema,
    reduction_stats,
    shape,
    shape_copies,
    shape_dtype,
    shape_extra,
    shape_parts,
    shape_strided,
    sorting,
)
from ._registry import API, OPS
from ._result_layout import install as _install_result_layouts

_install_result_layouts(OPS)

__all__ = ["OPS", "API"]
