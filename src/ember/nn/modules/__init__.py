"""Every module class of ember.nn, one file per family as in torch.nn.modules."""

from .activation import *  # noqa: F403
from .activation import __all__ as _activation
from .container import *  # noqa: F403
from .container import __all__ as _container
from .distance import *  # noqa: F403
from .distance import __all__ as _distance
from .dropout import *  # noqa: F403
from .dropout import __all__ as _dropout
from .flatten import *  # noqa: F403
from .flatten import __all__ as _flatten
from .lazy import *  # noqa: F403
from .lazy import __all__ as _lazy
from .linear import *  # noqa: F403
from .linear import __all__ as _linear
from .loss import *  # noqa: F403
from .loss import __all__ as _loss
from .module import *  # noqa: F403
from .module import __all__ as _module

__all__ = [*_module, *_container, *_linear, *_lazy, *_activation, *_dropout, *_flatten,
           *_loss, *_distance]
