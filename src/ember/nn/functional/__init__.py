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
