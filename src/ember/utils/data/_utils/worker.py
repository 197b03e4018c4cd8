"""torch.utils.data._utils.worker: where torch defines WorkerInfo (ember keeps it, with the
worker loop, in utils/data/_worker.py)."""

from .._worker import WorkerInfo, get_worker_info

__all__ = ["WorkerInfo", "get_worker_info"]
