"""Gradient averaging for DistributedDataParallel, driven by the parameters' public
post-accumulate-grad hooks: no derivative is computed here.

Parameters are grouped into buckets (reverse registration order, since backward reaches
the last layers first; one dtype per bucket; the first bucket small so communication
starts early). When a parameter's gradient is final its hook copies it into its bucket's
flat buffer; when a bucket is full, its non-blocking MPI allreduce starts while backward
goes on, and every later hook polls the ones in flight so MPI moves them along (MPICH
progresses only inside MPI calls). Buckets start strictly in index order, the same on
every rank, as collectives require. When the last bucket has started, the reducer waits
for all of them and writes each gradient back divided by the world size."""

from __future__ import annotations

import time

import numpy as np

from ..._tensor import Tensor
from ...distributed import _mpi
from ...distributed._group import ProcessGroup
from ...distributed._work import wait_requests

FIRST_BUCKET_BYTES = 1024 * 1024  # as torch: a small first bucket starts communication early

_UNFINISHED = (
    "Expected to have finished reduction in the prior iteration before starting a new one. "
    "This error indicates that your module has parameters that were not used in producing "
    "loss. You can enable unused parameter detection by passing the keyword argument "
    "`find_unused_parameters=True` to `torch.nn.parallel.DistributedDataParallel`, and by \n"
    "making sure all `forward` function outputs participate in calculating loss. \n"
    "Parameter indices which did not receive grad for rank {rank}: {indices}")


class _Bucket:
    """Parameters of one dtype whose gradients travel in one flat buffer."""

    def __init__(self, params: list[tuple[int, Tensor]]) -> None:
        self.indices = [index for index, _ in params]
        dtype = params[0][1]._data.dtype
        if dtype == np.float16:
            dtype = np.dtype(np.float32)  # MPI has no 16-bit float: reduce in float32
        sizes = [p._data.size for _, p in params]
        self.buffer = np.zeros(sum(sizes), dtype=dtype)
        offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
        self.views = [self.buffer[start:end].reshape(p._data.shape)
                      for (start, end), (_, p) in zip(zip(offsets[:-1], offsets[1:]), params)]
        self.pending = len(params)
        self.request = None


def make_buckets(params: list[Tensor], cap_bytes: int) -> list[_Bucket]:
    """Buckets in reverse parameter order, one dtype each, at most ``cap_bytes`` (the first
    at most 1 MiB) unless a single parameter is larger."""
    open_by_dtype: dict = {}
    done: list[list] = []
    for index in reversed(range(len(params))):
        p = params[index]
        limit = FIRST_BUCKET_BYTES if not done else cap_bytes
        members, size = open_by_dtype.get(p._data.dtype, ([], 0))
        members.append((index, p))
        size += p._data.nbytes
        if size >= limit:
            done.append(members)
            members, size = [], 0
        open_by_dtype[p._data.dtype] = (members, size)
    done.extend(members for members, _ in open_by_dtype.values() if members)
    return [_Bucket(members) for members in done]


class Reducer:
    """Averages the gradients of ``params`` over the group once per backward pass."""

    def __init__(self, params: list[Tensor], group: ProcessGroup, cap_bytes: int,
                 find_unused_parameters: bool, gradient_as_bucket_view: bool) -> None:
        self.params = params
        self.group = group
        self.find_unused_parameters = find_unused_parameters
        self.gradient_as_bucket_view = gradient_as_bucket_view
        self.buckets = make_buckets(params, cap_bytes)
        self.place = {}
        for b, bucket in enumerate(self.buckets):
            for slot, index in enumerate(bucket.indices):
                self.place[index] = (b, slot)
        self.index_of = {id(p): i for i, p in enumerate(params)}
        self.handles = [p.register_post_accumulate_grad_hook(self._on_gradient) for p in params]
        self.expecting = False      # a forward under sync asked for a reduction
        self.ready = [False] * len(params)
        self.used = np.ones(len(params), dtype=np.uint8)
        self.unused: list[int] = []  # indices to count as zero when backward starts
        self.next_bucket = 0
        self.comm_wait_seconds = 0.0  # time spent blocked on communication (for profiling)

    # -------------------------------------------------------------- per iteration
    def check_previous_finished(self) -> None:
        """torch's error when the previous backward left gradients unreduced."""
        if self.expecting and any(self.ready):
            missing = " ".join(str(i) for i, done in enumerate(self.ready) if not done)
            self.expecting = False
            raise RuntimeError(_UNFINISHED.format(rank=self.group.rank, indices=missing))

    def prepare_for_backward(self, outputs) -> None:
        """Arm the hooks for the backward of this forward's outputs."""
        self.expecting = True
        self.ready = [False] * len(self.params)
        self.next_bucket = 0
        for bucket in self.buckets:
            bucket.pending = len(bucket.indices)
            bucket.request = None
        self.used[:] = 1
        self.unused = []
        if self.find_unused_parameters:
            reached = _reachable_leaves(outputs)
            self.unused = [i for i, p in enumerate(self.params) if id(p) not in reached]
            self.used[self.unused] = 0

    # -------------------------------------------------------------- hooks
    def _on_gradient(self, param: Tensor) -> None:
        if not self.expecting:
            return  # under no_sync, or a backward of no DDP forward: accumulate locally
        if self.unused:
            # As torch: parameters the forward did not reach count as zero, marked when the
            # backward starts (not at forward: a forward may have no backward).
            unused, self.unused = self.unused, []
            for index in unused:
                self._mark_ready(index, None)
        self._mark_ready(self.index_of[id(param)], param._grad._data)

    def _mark_ready(self, index: int, grad: np.ndarray | None) -> None:
        self.ready[index] = True
        b, slot = self.place[index]
        bucket = self.buckets[b]
        view = bucket.views[slot]
        if grad is None:
            view.fill(0)
        elif grad is not view:
            np.copyto(view, grad.reshape(view.shape))
        bucket.pending -= 1
        if bucket.pending == 0:
            self._launch_ready_buckets()
        else:
            self._poll()

    def _launch_ready_buckets(self) -> None:
        MPI = _mpi.mpi()
        while self.next_bucket < len(self.buckets):
            bucket = self.buckets[self.next_bucket]
            if bucket.pending:
                return
            bucket.request = self.group.comm.Iallreduce(
                MPI.IN_PLACE, [bucket.buffer, _mpi.datatype(bucket.buffer.dtype)], MPI.SUM)
            self.next_bucket += 1
        self._finalize()

    def _poll(self) -> None:
        in_flight = [b.request for b in self.buckets[:self.next_bucket] if b.request]
        if in_flight:
            _mpi.mpi().Request.Testall(in_flight)

    def _finalize(self) -> None:
        start = time.perf_counter()
        requests = [b.request for b in self.buckets]
        globally_used = self.used
        if self.find_unused_parameters:
            globally_used = self.used.copy()
            requests.append(self.group.comm.Iallreduce(
                _mpi.mpi().IN_PLACE, [globally_used, _mpi.mpi().UINT8_T], _mpi.mpi().MAX))
        wait_requests(requests, self.group.timeout_s, "DistributedDataParallel's gradient "
                      "allreduce")
        self.comm_wait_seconds += time.perf_counter() - start
        size = self.group.size
        for bucket in self.buckets:
            for index, view in zip(bucket.indices, bucket.views):
                if not globally_used[index]:
                    continue  # no rank used it: its .grad stays as it was, as in torch
                self._write_gradient(self.params[index], view, size)
        self.expecting = False

    def _write_gradient(self, param: Tensor, view: np.ndarray, size: int) -> None:
        grad = param._grad
        if self.gradient_as_bucket_view and view.dtype == param._data.dtype:
            np.divide(view, size, out=view)
            if grad is None or grad._data is not view:
                param.grad = Tensor(view)
            else:
                grad._version_counter[0] += 1
        elif grad is None:
            param.grad = Tensor(np.asarray(view / size, param._data.dtype))
        else:
            np.divide(view.reshape(grad._data.shape), size, out=grad._data,
                      casting="unsafe")
            grad._version_counter[0] += 1

    def remove_hooks(self) -> None:
        for handle in self.handles:
            handle.remove()


def _reachable_leaves(outputs) -> set:
    """ids of the leaf tensors the outputs' graphs reach (public grad_fn/next_functions)."""
    stack = [t.grad_fn for t in _tensors_in(outputs) if t.grad_fn is not None]
    seen, leaves = set(), set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        variable = getattr(node, "variable", None)
        if variable is not None:
            leaves.add(id(variable))
        stack.extend(next_node for next_node, _ in node.next_functions)
    return leaves


def _tensors_in(value) -> list[Tensor]:
    """Every tensor in a nest of tuples, lists and dicts (a module's output)."""
    found, stack = [], [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Tensor):
            found.append(item)
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
    return found
