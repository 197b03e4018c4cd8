"""torch.utils.data._utils: where older code (and torch's collate documentation) imports
the collation functions from; ember keeps them in utils/data/_collate.py."""

from . import collate, worker

__all__ = ["collate", "worker"]
