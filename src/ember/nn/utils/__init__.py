"""ember.nn.utils: gradient clipping and parameter/vector conversion."""

from .clip_grad import *  # noqa: F403
from .clip_grad import __all__ as _clip_grad
from .convert_parameters import *  # noqa: F403
from .convert_parameters import __all__ as _convert_parameters

__all__ = [*_clip_grad, *_convert_parameters]
