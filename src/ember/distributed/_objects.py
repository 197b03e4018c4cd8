"""Collectives on picklable Python objects: each object is pickled, the byte counts travel
first, then the bytes. As in torch, unpickling runs whatever the sender pickled: use these
only between processes of your own job."""

from __future__ import annotations

import pickle
from typing import Any

import numpy as np

from . import _mpi
from ._checks import check_agreement
from ._group import ProcessGroup, default_group
from ._work import wait_requests

__all__ = ["all_gather_object", "broadcast_object_list", "gather_object",
           "scatter_object_list"]


def _wait(group: ProcessGroup, request, what: str) -> None:
    wait_requests([request], group.timeout_s, what)


def _pickled(obj: Any) -> np.ndarray:
    return np.frombuffer(pickle.dumps(obj), dtype=np.uint8)


def _unpickled(chunk: np.ndarray) -> Any:
    return pickle.loads(chunk.tobytes())


def _gather_bytes(group: ProcessGroup, mine: np.ndarray, root: int | None, what: str):
    """Every rank's bytes to every rank (root None) or to ``root``: (sizes, all bytes)."""
    MPI = _mpi.mpi()
    sizes = np.empty(group.size, dtype=np.int64)
    count = np.array([mine.size], dtype=np.int64)
    _wait(group, group.comm.Iallgather([count, MPI.INT64_T], [sizes, MPI.INT64_T]), what)
    everything = np.empty(int(sizes.sum()), dtype=np.uint8)
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    receive = [everything, (sizes, offsets), MPI.BYTE]
    if root is None:
        request = group.comm.Iallgatherv([mine, MPI.BYTE], receive)
    else:
        request = group.comm.Igatherv([mine, MPI.BYTE],
                                      receive if group.rank == root else None, root=root)
    _wait(group, request, what)
    return sizes, offsets, everything


def all_gather_object(object_list: list, obj: Any, group: ProcessGroup | None = None) -> None:
    """Every rank's ``obj``, in rank order, into ``object_list`` (of world-size length)."""
    group = default_group(group)
    if len(object_list) != group.size:
        raise ValueError(f"all_gather_object: object_list has {len(object_list)} entries; "
                         f"it must have one per rank ({group.size})")
    check_agreement(group, "all_gather_object")
    sizes, offsets, everything = _gather_bytes(group, _pickled(obj), None, "all_gather_object")
    for rank in range(group.size):
        object_list[rank] = _unpickled(everything[offsets[rank]:offsets[rank] + sizes[rank]])


def gather_object(obj: Any, object_gather_list: list | None = None, dst: int | None = None,
                  group: ProcessGroup | None = None, group_dst: int | None = None) -> None:
    """Every rank's ``obj``, in rank order, into ``object_gather_list`` on rank ``dst``."""
    group = default_group(group)
    dst = int(dst if dst is not None else (group_dst or 0))
    if group.rank == dst and (object_gather_list is None
                              or len(object_gather_list) != group.size):
        raise ValueError("gather_object: object_gather_list must have one entry per rank "
                         f"({group.size}) on the destination rank")
    check_agreement(group, "gather_object", root=dst)
    sizes, offsets, everything = _gather_bytes(group, _pickled(obj), dst, "gather_object")
    if group.rank == dst:
        for rank in range(group.size):
            chunk = everything[offsets[rank]:offsets[rank] + sizes[rank]]
            object_gather_list[rank] = _unpickled(chunk)


def broadcast_object_list(object_list: list, src: int | None = None,
                          group: ProcessGroup | None = None, device=None,
                          group_src: int | None = None) -> None:
    """Rank ``src``'s objects into ``object_list`` on every rank (lists of equal length)."""
    group = default_group(group)
    src = int(src if src is not None else (group_src or 0))
    MPI = _mpi.mpi()
    check_agreement(group, "broadcast_object_list", np.empty(len(object_list), np.int64),
                    root=src)
    if group.rank == src:
        chunks = [_pickled(obj) for obj in object_list]
        sizes = np.array([c.size for c in chunks], dtype=np.int64)
    else:
        sizes = np.empty(len(object_list), dtype=np.int64)
    _wait(group, group.comm.Ibcast([sizes, MPI.INT64_T], root=src), "broadcast_object_list")
    if group.rank == src:
        data = np.concatenate(chunks) if chunks else np.empty(0, np.uint8)
    else:
        data = np.empty(int(sizes.sum()), dtype=np.uint8)
    _wait(group, group.comm.Ibcast([data, MPI.BYTE], root=src), "broadcast_object_list")
    if group.rank != src:
        start = 0
        for index, size in enumerate(sizes):
            object_list[index] = _unpickled(data[start:start + size])
            start += int(size)


def scatter_object_list(scatter_object_output_list: list,
                        scatter_object_input_list: list | None = None, src: int | None = None,
                        group: ProcessGroup | None = None,
                        group_src: int | None = None) -> None:
    """Rank ``src``'s ``scatter_object_input_list[r]`` into rank r's
    ``scatter_object_output_list[0]``."""
    group = default_group(group)
    src = int(src if src is not None else (group_src or 0))
    if not isinstance(scatter_object_output_list, list) or not scatter_object_output_list:
        raise ValueError("Expected argument scatter_object_output_list to be a list of size "
                         "at least 1.")
    objects = [None]
    if group.rank == src:
        objects = list(scatter_object_input_list or [])
        if len(objects) != group.size:
            raise ValueError("scatter_object_list: scatter_object_input_list must have one "
                             f"entry per rank ({group.size}) on the source rank")
    holder = [objects]
    broadcast_object_list(holder, src=src, group=group)
    scatter_object_output_list[0] = holder[0][group.rank]
