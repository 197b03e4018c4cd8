"""Agreement between ranks before a collective runs.

MPI cannot tell that ranks passed tensors of different shapes or dtypes, or called
different collectives: depending on sizes it truncates, reads garbage or waits forever.
So each checked collective first gathers a fixed-size fingerprint of every rank's call
(which collective, reduction, root, dtype, shape) and every rank raises the same
RuntimeError, naming each rank's part, if they differ. It costs one small allgather per
collective; EMBER_DISTRIBUTED_CHECKS=0 (read at init_process_group) skips it, and
DistributedDataParallel's own reductions skip it (their layout is checked once, when the
model is wrapped)."""

from __future__ import annotations

import zlib

import numpy as np

from . import _mpi
from ._group import ProcessGroup
from ._work import wait_requests

_SLOTS = 16
_SHAPE_SLOTS = _SLOTS - 5
_DTYPES = [np.dtype(t) for t in ("float16", "float32", "float64", "int8", "int16", "int32",
                                 "int64", "uint8", "bool")]
_KINDS = ["barrier", "all_reduce", "broadcast", "reduce", "all_gather",
          "all_gather_into_tensor", "reduce_scatter_tensor", "gather", "scatter",
          "all_gather_object", "broadcast_object_list", "gather_object", "scatter_object_list"]


def fingerprint(kind: str, array: np.ndarray | None, op: int = -1, root: int = -1) -> np.ndarray:
    """[collective, op, root, dtype, ndim, shape...] as int64 (long shapes end in a hash)."""
    print_ = np.full(_SLOTS, -1, dtype=np.int64)
    print_[0] = _KINDS.index(kind)
    print_[1] = int(op)
    print_[2] = int(root)
    if array is not None:
        print_[3] = _DTYPES.index(array.dtype)
        print_[4] = array.ndim
        shape = list(array.shape)
        if len(shape) > _SHAPE_SLOTS:
            tail = zlib.crc32(repr(shape[_SHAPE_SLOTS - 1:]).encode())
            shape = shape[:_SHAPE_SLOTS - 1] + [tail]
        print_[5:5 + len(shape)] = shape
    return print_


def check_agreement(group: ProcessGroup, kind: str, array: np.ndarray | None = None,
                    op: int = -1, root: int = -1) -> None:
    """Raise the same RuntimeError on every rank if their calls differ."""
    if not group.checks or group.size == 1:
        return
    mine = fingerprint(kind, array, op, root)
    everyone = np.empty((group.size, _SLOTS), dtype=np.int64)
    request = group.comm.Iallgather([mine, _mpi.mpi().INT64_T],
                                    [everyone, _mpi.mpi().INT64_T])
    wait_requests([request], group.timeout_s, f"{kind} (checking the ranks agree)")
    if (everyone == everyone[0]).all():
        return
    raise RuntimeError(f"{kind}: the ranks' calls do not match, so the collective cannot run; "
                       + _describe(everyone))


def _describe(everyone: np.ndarray) -> str:
    """Each rank's call, naming the collective, op and root only where the ranks differ."""
    from ._reduce_op import RedOpType

    differs = [len({int(v) for v in everyone[:, column]}) > 1 for column in range(3)]
    parts = []
    for rank, row in enumerate(everyone):
        words = []
        if differs[0]:
            kind = int(row[0])
            words.append(_KINDS[kind] if 0 <= kind < len(_KINDS) else "another MPI call")
        if differs[1] and 0 <= row[1] < len(RedOpType):
            words.append(f"op={RedOpType(int(row[1])).name}")
        if differs[2] and row[2] >= 0:
            words.append(f"root={int(row[2])}")
        if 0 <= row[3] < len(_DTYPES):
            ndim = int(row[4])
            shape = [int(s) for s in row[5:5 + min(ndim, _SHAPE_SLOTS)]]
            words.append(f"{_DTYPES[int(row[3])].name} tensor of shape {shape}")
        parts.append(f"rank {rank}: " + " ".join(words))
    return ("every rank must call the same collective with tensors of the same shape and "
            "dtype (and the same op and root); " + "; ".join(parts))
