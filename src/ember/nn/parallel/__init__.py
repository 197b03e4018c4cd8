"""ember.nn.parallel: data parallelism across processes (torch.nn.parallel's names)."""

from .data_parallel import DataParallel, data_parallel
from .distributed import DistributedDataParallel

__all__ = ["DataParallel", "DistributedDataParallel", "data_parallel"]
