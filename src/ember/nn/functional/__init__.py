"""ember.nn.functional: the functional form of every layer, activation and loss.

torch keeps these in one file; ember splits them by family (the same families as
`ember.nn.modules`) and re-exports everything here, so `import ember.nn.functional as F`
reads as in torch.
"""

from .activation import *  # noqa: F403
from .activation import __all__ as _activation
from .attention import *  # noqa: F403
from .attention import __all__ as _attention
from .conv import *  # noqa: F403
from .conv import __all__ as _conv
from .distance import *  # noqa: F403
from .distance import __all__ as _distance
from .dropout import *  # noqa: F403
from .dropout import __all__ as _dropout
from .gumbel import *  # noqa: F403
from .gumbel import __all__ as _gumbel
from .linear import *  # noqa: F403
from .linear import __all__ as _linear
from .loss import *  # noqa: F403
from .loss import __all__ as _loss
from .loss_ctc import *  # noqa: F403
from .loss_ctc import __all__ as _loss_ctc
from .loss_margin import *  # noqa: F403
from .loss_margin import __all__ as _loss_margin
from .normalization import *  # noqa: F403
from .normalization import __all__ as _normalization
from .padding import *  # noqa: F403
from .padding import __all__ as _padding
from .pooling import *  # noqa: F403
from .pooling import __all__ as _pooling
from .shuffle import *  # noqa: F403
from .shuffle import __all__ as _shuffle
from .sparse import *  # noqa: F403
from .sparse import __all__ as _sparse
from .upsampling import *  # noqa: F403
from .upsampling import __all__ as _upsampling
from .vision import *  # noqa: F403
from .vision import __all__ as _vision

__all__ = [*_activation, *_distance, *_dropout, *_linear, *_loss, *_sparse, *_conv, *_pooling,
           *_normalization, *_padding, *_upsampling, *_attention, *_gumbel, *_shuffle,
           *_loss_margin, *_loss_ctc, *_vision]

# torch's TypeError for a non-tensor given as a tensor argument (ember._arguments), for the
# functions whose torch counterparts check it, under the name torch's message gives (that
# of the native function they call); the others (mse_loss, softmax, interpolate, ...) are
# Python in torch too, and leak an AttributeError there as here.
_CHECKED_AS = {"logsigmoid": "log_sigmoid", "cross_entropy": "cross_entropy_loss",
               "nll_loss": "nll_loss_nd", "unfold": "im2col", "fold": "col2im",
               "adaptive_max_pool1d_with_indices": "adaptive_max_pool1d",
               "grid_sample": "grid_sampler", "gumbel_softmax": "empty_like"}
_CHECKED = (
    "relu", "relu_", "relu6", "leaky_relu", "leaky_relu_", "prelu", "rrelu", "rrelu_", "elu",
    "elu_", "selu", "selu_", "celu", "celu_", "gelu", "silu", "mish", "softplus", "hardtanh",
    "hardtanh_", "hardsigmoid", "hardswish", "threshold", "threshold_", "softshrink",
    "hardshrink", "cosine_similarity", "pairwise_distance", "pdist", "dropout",
    "alpha_dropout", "feature_alpha_dropout", "linear", "bilinear", "kl_div",
    "cosine_embedding_loss", "triplet_margin_loss", "soft_margin_loss",
    "hinge_embedding_loss", "poisson_nll_loss", "one_hot", "conv1d", "conv2d", "conv3d",
    "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "max_pool1d", "max_pool2d",
    "max_pool3d", "avg_pool1d", "avg_pool2d", "avg_pool3d", "adaptive_avg_pool1d",
    "adaptive_max_pool1d", "max_pool1d_with_indices", "max_pool2d_with_indices",
    "batch_norm", "layer_norm", "rms_norm", "pad", "pixel_shuffle", "pixel_unshuffle",
    "scaled_dot_product_attention", "channel_shuffle", "native_channel_shuffle",
    "multi_margin_loss", "multilabel_margin_loss", "ctc_loss", *_CHECKED_AS)


def _check_arguments() -> None:
    from ..._arguments import check_namespace

    # (torch's Python checks numbers its own way first: F.dropout's ValueError for p)
    check_namespace(globals(), _CHECKED, _CHECKED_AS, scalars=False)


_check_arguments()
del _check_arguments
