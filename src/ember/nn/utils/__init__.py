"""ember.nn.utils: gradient clipping, parameter/vector conversion, and calling a module
with swapped parameters (stateless)."""

from . import rnn, stateless
from .clip_grad import *  # noqa: F403
from .clip_grad import __all__ as _clip_grad
from .convert_parameters import *  # noqa: F403
from .convert_parameters import __all__ as _convert_parameters

__all__ = ["rnn", "stateless", *_clip_grad, *_convert_parameters]
