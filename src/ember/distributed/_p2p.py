"""Point-to-point messages: send/recv and their non-blocking forms isend/irecv.

Each message travels as a small header (dtype and shape, MPI tag 2*tag) followed by the
data (tag 2*tag + 1), so a receive whose tensor does not match what was sent raises a
clear error on the receiving rank instead of MPI truncating or reading short."""

from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from . import _mpi
from ._buffers import check_tensor, readable, writable, write_back
from ._checks import _DTYPES, fingerprint
from ._group import ProcessGroup, default_group
from ._work import Work, wait_requests

__all__ = ["send", "recv", "isend", "irecv"]


def _peer(rank, group: ProcessGroup, role: str) -> int:
    if rank is None:
        raise ValueError("Must specify global_rank or group_rank")
    rank = int(rank)
    if rank == group.rank:
        raise ValueError(f"Invalid {role} rank: {role} rank should not be the same as the "
                         "rank of the current process.")
    if not 0 <= rank < group.size:
        raise ValueError(f"Invalid {role} rank: {rank} is not a rank of the process group "
                         f"(0 to {group.size - 1})")
    return rank


def isend(tensor: Tensor, dst: int | None = None, group: ProcessGroup | None = None,
          tag: int = 0, group_dst: int | None = None) -> Work:
    """Start sending the tensor to rank ``dst``; the returned Work's wait() ends it."""
    check_tensor(tensor)
    group = default_group(group)
    dst = _peer(dst if dst is not None else group_dst, group, "destination")
    header = fingerprint("barrier", tensor._data, root=group.rank)  # root: the sender
    data = readable(tensor)
    comm = group.comm
    requests = [comm.Isend([header, _mpi.mpi().INT64_T], dst, tag=2 * tag),
                comm.Isend(_mpi.as_bytes(data), dst, tag=2 * tag + 1)]
    work = Work(requests, None, [tensor], group.timeout_s, "send")
    work._keep_alive = (header, data)  # MPI reads these until the sends complete
    return work


def send(tensor: Tensor, dst: int | None = None, group: ProcessGroup | None = None,
         tag: int = 0, group_dst: int | None = None) -> None:
    """Send the tensor to rank ``dst`` (returns once MPI no longer needs the tensor)."""
    isend(tensor, dst, group, tag, group_dst).wait()


class _Receive(Work):
    """A receive: first the header (from a given rank or any), then the data."""

    def __init__(self, tensor: Tensor, group: ProcessGroup, source, tag: int) -> None:
        self._header = np.empty(16, dtype=np.int64)
        request = group.comm.Irecv([self._header, _mpi.mpi().INT64_T], source, tag=2 * tag)
        super().__init__([request], self._receive_data, [tensor], group.timeout_s, "recv")
        self._group, self._tensor, self._tag = group, tensor, tag

    def _receive_data(self) -> None:
        group, tensor = self._group, self._tensor
        source = int(self._header[2])
        expected = fingerprint("barrier", tensor._data)
        expected[2] = source
        MPI = _mpi.mpi()
        if (self._header == expected).all():
            out = writable(tensor)
            request = group.comm.Irecv(_mpi.as_bytes(out), source, tag=2 * self._tag + 1)
            wait_requests([request], self._timeout_s, "recv")
            write_back(tensor, out)
            self._source_rank = source
            return
        # Take the message anyway (so the sender completes), then say what differed.
        ndim = int(self._header[4])
        shape = [int(s) for s in self._header[5:5 + ndim]]
        dtype = _DTYPES[int(self._header[3])]
        scratch = np.empty(int(np.prod(shape)) * dtype.itemsize, dtype=np.uint8)
        request = group.comm.Irecv([scratch, MPI.BYTE], source, tag=2 * self._tag + 1)
        wait_requests([request], self._timeout_s, "recv")
        raise RuntimeError(f"recv: rank {source} sent a {dtype.name} tensor of shape {shape}, "
                           f"but the receiving tensor is {tensor._data.dtype.name} of shape "
                           f"{list(tensor.shape)}")


def irecv(tensor: Tensor, src: int | None = None, group: ProcessGroup | None = None,
          tag: int = 0, group_src: int | None = None) -> Work:
    """Start receiving into the tensor from rank ``src`` (any rank when None)."""
    check_tensor(tensor)
    group = default_group(group)
    source = src if src is not None else group_src
    source = _mpi.mpi().ANY_SOURCE if source is None else _peer(source, group, "source")
    return _Receive(tensor, group, source, tag)


def recv(tensor: Tensor, src: int | None = None, group: ProcessGroup | None = None,
         tag: int = 0, group_src: int | None = None) -> int:
    """Receive into the tensor from rank ``src`` (any rank when None); returns the sender."""
    work = irecv(tensor, src, group, tag, group_src)
    work.wait()
    return work._source_rank
