"""ember.nn.utils: gradient clipping, parameter/vector conversion, calling a module with
swapped parameters (stateless), parametrizations (parametrize, parametrizations) and the
hook-based weight_norm and spectral_norm, conv/linear + batch-norm fusion, skip_init, the
convolution weights' memory format, and pruning (prune; torch imports it only when asked,
ember always)."""

from . import (
    parametrizations,
    parametrize,
    prune,  # noqa: F401 - importable as torch.nn.utils.prune, not in __all__
    rnn,
    stateless,
)
from .clip_grad import *  # noqa: F403
from .clip_grad import __all__ as _clip_grad
from .convert_parameters import *  # noqa: F403
from .convert_parameters import __all__ as _convert_parameters
from .fusion import (
    fuse_conv_bn_eval,
    fuse_conv_bn_weights,
    fuse_linear_bn_eval,
    fuse_linear_bn_weights,
)
from .init import skip_init
from .memory_format import (
    convert_conv2d_weight_memory_format,
    convert_conv3d_weight_memory_format,
)
from .spectral_norm import remove_spectral_norm, spectral_norm
from .weight_norm import remove_weight_norm, weight_norm

__all__ = ["rnn", "stateless", "parametrizations", "parametrize", *_clip_grad,
           *_convert_parameters, "fuse_conv_bn_eval", "fuse_conv_bn_weights",
           "fuse_linear_bn_eval", "fuse_linear_bn_weights", "skip_init",
           "convert_conv2d_weight_memory_format", "convert_conv3d_weight_memory_format",
           "spectral_norm", "remove_spectral_norm", "weight_norm", "remove_weight_norm"]
