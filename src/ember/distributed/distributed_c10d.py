"""torch.distributed.distributed_c10d: the module torch defines its process-group API in;
here the same objects as ember.distributed's."""

from . import *  # noqa: F403 - the package's names
from . import __all__  # noqa: F401
