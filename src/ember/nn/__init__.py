"""ember.nn: PyTorch's module system on ember's public ops.

    from ember import nn
    net = nn.Sequential(nn.LazyLinear(256), nn.ReLU(), nn.LazyLinear(10))

Layout follows torch.nn: `modules/` holds one file per family of modules, `functional/`
their functional forms, `init.py` the initialisers, `utils/` gradient clipping and
parameter/vector conversion, `parameter.py` Parameter and friends. Nothing here computes a
derivative: layers and losses compose ember's ops, and the few fused primitives they need
(activations and losses with torch's grad_fn names) are declared in `ember.ops`.
"""

from . import functional, init, parallel, utils
from .modules import *  # noqa: F403
from .modules import __all__ as _modules_all
from .parallel import DataParallel
from .parameter import Buffer, Parameter, UninitializedBuffer, UninitializedParameter

__all__ = ["functional", "init", "parallel", "utils", "DataParallel", "Parameter",
           "UninitializedParameter",
           "Buffer", "UninitializedBuffer", *_modules_all]
