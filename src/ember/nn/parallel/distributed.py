"""DistributedDataParallel: one model replica per process, gradients averaged across the
processes during backward, so every replica takes the same optimizer step."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

from ... import _grad_mode
from ..._tensor import Tensor
from ...distributed import _mpi
from ...distributed._group import ProcessGroup, default_group
from ...distributed._work import wait_requests
from ..modules.module import Module
from ._reducer import Reducer

__all__ = ["DistributedDataParallel"]

_NO_PARAMETERS = ("DistributedDataParallel is not needed when a module doesn't have any "
                  "parameter that requires a gradient.")


class DistributedDataParallel(Module):
    """Wrap ``module`` for data-parallel training over the default process group.

    At construction rank 0's parameters and buffers are copied to every rank; each backward
    pass averages the gradients over the ranks (in buckets, while backward runs); with
    ``broadcast_buffers`` (default) rank 0's buffers are copied to all ranks before each
    forward. ``no_sync()`` skips the averaging so gradients accumulate locally; the first
    backward after it averages the accumulated sums. ``find_unused_parameters=True`` lets
    forward leave parameters out of the loss (their share counts as zero; a parameter no
    rank used keeps its ``.grad``). ``state_dict`` keys start with ``module.`` as in torch.
    """

    def __init__(self, module: Module, device_ids=None, output_device=None, dim: int = 0,
                 broadcast_buffers: bool = True, init_sync: bool = True,
                 process_group: ProcessGroup | None = None, bucket_cap_mb: float | None = None,
                 find_unused_parameters: bool = False, check_reduction: bool = False,
                 gradient_as_bucket_view: bool = False, static_graph: bool = False,
                 **unsupported) -> None:
        super().__init__()
        for name, value in unsupported.items():
            if value not in (None, False):
                raise NotImplementedError(f"DistributedDataParallel({name}=...) is not "
                                          "implemented in ember")
        if device_ids not in (None, []) or output_device is not None:
            raise ValueError("DistributedDataParallel device_ids and output_device only "
                             "apply to accelerator modules; ember runs on the CPU")
        group = default_group(process_group)
        params = _unique([p for p in module.parameters() if p.requires_grad])
        if not params:
            raise RuntimeError(_NO_PARAMETERS)
        self.module = module
        self.process_group = group
        self.device_ids = None
        self.output_device = None
        self.dim = dim
        self.broadcast_buffers = broadcast_buffers
        self.find_unused_parameters = find_unused_parameters
        self.gradient_as_bucket_view = gradient_as_bucket_view
        self.static_graph = static_graph
        self.require_backward_grad_sync = True
        self.require_forward_param_sync = True
        self.bucket_bytes_cap = int((25 if bucket_cap_mb is None else bucket_cap_mb)
                                    * 1024 * 1024)
        _verify_same_model(group, params)
        if init_sync:
            _broadcast_from_rank0(group, [p for p in module.parameters()]
                                  + [b for b in module.buffers()])
        self.reducer = Reducer(params, group, self.bucket_bytes_cap, find_unused_parameters,
                               gradient_as_bucket_view)

    def forward(self, *inputs, **kwargs):
        syncing = _grad_mode.is_grad_enabled() and self.require_backward_grad_sync
        self.reducer.check_previous_finished()
        self.reducer.expecting = False
        if self.broadcast_buffers and self.process_group.size > 1:
            buffers = list(self.module.buffers())
            if buffers:
                _broadcast_from_rank0(self.process_group, buffers)
        outputs = self.module(*inputs, **kwargs)
        if syncing:
            self.reducer.prepare_for_backward(outputs)
        return outputs

    @contextmanager
    def no_sync(self) -> Iterator[None]:
        """Inside, forward/backward passes accumulate gradients locally without averaging;
        the first synchronised backward after it averages the accumulated gradients."""
        previous = self.require_backward_grad_sync
        self.require_backward_grad_sync = False
        try:
            yield
        finally:
            self.require_backward_grad_sync = previous

    def join(self, *args, **kwargs):
        raise NotImplementedError("DistributedDataParallel.join (uneven inputs) is not "
                                  "implemented in ember: give every rank the same number of "
                                  "batches (DistributedSampler does)")

    def register_comm_hook(self, state, hook):
        raise NotImplementedError("DistributedDataParallel.register_comm_hook is not "
                                  "implemented in ember")


def _unique(params: list[Tensor]) -> list[Tensor]:
    seen, unique = set(), []
    for p in params:
        if id(p) not in seen:
            seen.add(id(p))
            unique.append(p)
    return unique


def _verify_same_model(group: ProcessGroup, params: list[Tensor]) -> None:
    """Every rank must wrap the same architecture: same count, shapes and dtypes."""
    if group.size == 1:
        return
    MPI = _mpi.mpi()
    description = repr([(tuple(p.shape), p._data.dtype.str) for p in params])
    mine = np.frombuffer(description.encode(), dtype=np.uint8)
    lengths = np.empty(group.size, dtype=np.int64)
    request = group.comm.Iallgather([np.array([mine.size], np.int64), MPI.INT64_T],
                                    [lengths, MPI.INT64_T])
    wait_requests([request], group.timeout_s, "DistributedDataParallel's model check")
    everything = np.empty(int(lengths.sum()), dtype=np.uint8)
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    request = group.comm.Iallgatherv([mine, MPI.BYTE],
                                     [everything, (lengths, offsets), MPI.BYTE])
    wait_requests([request], group.timeout_s, "DistributedDataParallel's model check")
    for rank in range(group.size):
        theirs = everything[offsets[rank]:offsets[rank] + lengths[rank]].tobytes().decode()
        if theirs != description:
            raise RuntimeError(
                "DistributedDataParallel expects the same model on every rank, but rank "
                f"{rank}'s parameters (shape, dtype) differ from rank {group.rank}'s: "
                f"{theirs} vs {description}")


def _broadcast_from_rank0(group: ProcessGroup, tensors: list[Tensor]) -> None:
    """Copy rank 0's values of the tensors to every rank: one message per dtype."""
    if group.size == 1 or not tensors:
        return
    by_dtype: dict = {}
    for t in _unique(tensors):
        by_dtype.setdefault(t._data.dtype, []).append(t)
    requests, flats = [], []
    for members in by_dtype.values():
        flat = np.concatenate([t._data.reshape(-1) for t in members])
        flats.append((members, flat))
        requests.append(group.comm.Ibcast(_mpi.as_bytes(flat), root=0))
    wait_requests(requests, group.timeout_s, "DistributedDataParallel's broadcast from rank 0")
    if group.rank == 0:
        return
    for members, flat in flats:
        start = 0
        for t in members:
            count = t._data.size
            t._data[...] = flat[start:start + count].reshape(t._data.shape)
            t._version_counter[0] += 1
            start += count
