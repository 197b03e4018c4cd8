"""ember.optim: torch's optimizers and learning-rate schedules, on ember's public ops.

Each optimizer's `step` reads like the pseudo-code in PyTorch's documentation for it (tensor
maths under no_grad, state in `self.state[p]`); `Optimizer` in optimizer.py holds the
shared machinery (param_groups, state, zero_grad, state_dict).
"""

from . import lr_scheduler, swa_utils
from ._adafactor import Adafactor
from ._muon import Muon
from .adadelta import Adadelta
from .adagrad import Adagrad
from .adam import Adam
from .adamax import Adamax
from .adamw import AdamW
from .asgd import ASGD
from .lbfgs import LBFGS
from .nadam import NAdam
from .optimizer import *  # noqa: F403
from .optimizer import __all__ as _optimizer
from .radam import RAdam
from .rmsprop import RMSprop
from .rprop import Rprop
from .sgd import SGD
from .sparse_adam import SparseAdam

__all__ = [
    "lr_scheduler", "swa_utils", *_optimizer,
    "SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "NAdam", "RAdam",
    "LBFGS", "Rprop", "ASGD", "Adafactor", "SparseAdam", "Muon",
]
