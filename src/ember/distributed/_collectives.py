"""The tensor collectives, in place on ember tensors, each one MPI non-blocking call.

Each function checks its arguments locally (torch's errors), checks that the ranks agree
(``_checks``), posts the MPI call and returns a ``Work``; without ``async_op`` it waits
for it first. Reductions run in MPI's own operators; float16 is reduced in float32 and
rounded once at the end (MPI has no 16-bit float), AVG is a sum divided by the world size."""

from __future__ import annotations

import numpy as np

from .._dtype import scalar_type_name
from .._tensor import Tensor
from . import _mpi
from ._buffers import check_tensor, check_tensor_list, readable, writable, write_back
from ._checks import check_agreement
from ._group import ProcessGroup, default_group
from ._reduce_op import RedOpType, ReduceOp, check_op
from ._work import Work

__all__ = ["all_reduce", "broadcast", "reduce", "all_gather", "all_gather_into_tensor",
           "reduce_scatter_tensor", "gather", "scatter", "barrier"]

_BITWISE = (RedOpType.BAND, RedOpType.BOR, RedOpType.BXOR)


def _mpi_op(op: RedOpType, dtype: np.dtype, function: str):
    """The MPI operator for a reduction on a dtype, with torch's errors for the pairs it
    refuses (AVG of integers, bitwise ops on floats)."""
    MPI = _mpi.mpi()
    is_float = dtype.kind == "f"
    if op == RedOpType.PREMUL_SUM:
        raise NotImplementedError(f"{function}: ReduceOp.PREMUL_SUM is not implemented in "
                                  "ember.distributed")
    if op == RedOpType.AVG and not is_float:
        raise RuntimeError("result type Float can't be cast to the desired output type "
                           f"{scalar_type_name(dtype.name)}")
    if op in _BITWISE and is_float:
        raise RuntimeError(f"Cannot use ReduceOp.{op.name} with non-integral dtype")
    if dtype.kind == "b":  # MPI reduces C bools only with the logical operators
        return {RedOpType.SUM: MPI.LOR, RedOpType.MAX: MPI.LOR, RedOpType.BOR: MPI.LOR,
                RedOpType.PRODUCT: MPI.LAND, RedOpType.MIN: MPI.LAND,
                RedOpType.BAND: MPI.LAND, RedOpType.BXOR: MPI.LXOR}[op]
    return {RedOpType.SUM: MPI.SUM, RedOpType.AVG: MPI.SUM, RedOpType.PRODUCT: MPI.PROD,
            RedOpType.MIN: MPI.MIN, RedOpType.MAX: MPI.MAX, RedOpType.BAND: MPI.BAND,
            RedOpType.BOR: MPI.BOR, RedOpType.BXOR: MPI.BXOR}[op]


def _typed(array: np.ndarray) -> list:
    return [array, _mpi.datatype(array.dtype)]


def _finish_reduction(tensor: Tensor, work: np.ndarray, op: RedOpType, size: int):
    def finish() -> None:
        if op == RedOpType.AVG:
            np.divide(work, size, out=work)
        write_back(tensor, work)
    return finish


def _launch(group: ProcessGroup, requests: list, finish, result: list, what: str,
            async_op: bool) -> Work | None:
    work = Work(requests, finish, result, group.timeout_s, what)
    if async_op:
        return work
    work.wait()
    return None


def _either(rank, group_rank, default=None):
    """torch's pair of arguments for a rank (global or in-group: the same here)."""
    return rank if rank is not None else group_rank if group_rank is not None else default


def _root(rank, group: ProcessGroup, what: str) -> int:
    if rank is None:
        raise ValueError("Must specify global_rank or group_rank")
    rank = int(rank)
    if not 0 <= rank < group.size:
        raise RuntimeError(f"{what}: invalid root rank: {rank} (the ranks are 0 to "
                           f"{group.size - 1})")
    return rank


def all_reduce(tensor: Tensor, op: RedOpType = ReduceOp.SUM, group: ProcessGroup | None = None,
               async_op: bool = False) -> Work | None:
    """Reduce the tensor across all ranks; every rank gets the result in place."""
    check_tensor(tensor)
    group = default_group(group)
    op = check_op(op, "all_reduce")
    mpi_op = _mpi_op(op, tensor._data.dtype, "all_reduce")
    check_agreement(group, "all_reduce", tensor._data, op=op)
    work = writable(tensor, reduce=True)
    request = group.comm.Iallreduce(_mpi.mpi().IN_PLACE, _typed(work), mpi_op)
    return _launch(group, [request], _finish_reduction(tensor, work, op, group.size),
                   [tensor], "all_reduce", async_op)


def broadcast(tensor: Tensor, src: int | None = None, group: ProcessGroup | None = None,
              async_op: bool = False, group_src: int | None = None) -> Work | None:
    """Copy rank ``src``'s tensor into the tensor of every other rank."""
    check_tensor(tensor)
    group = default_group(group)
    src = _root(_either(src, group_src), group, "broadcast")
    check_agreement(group, "broadcast", tensor._data, root=src)
    if group.rank == src:
        buffer, finish = readable(tensor), None
    else:
        buffer = writable(tensor)
        def finish() -> None:
            write_back(tensor, buffer)
    request = group.comm.Ibcast(_mpi.as_bytes(buffer), root=src)
    return _launch(group, [request], finish, [tensor], "broadcast", async_op)


def reduce(tensor: Tensor, dst: int | None = None, op: RedOpType = ReduceOp.SUM,
           group: ProcessGroup | None = None, async_op: bool = False,
           group_dst: int | None = None) -> Work | None:
    """Reduce the tensor across ranks into rank ``dst``'s tensor (the others' are kept)."""
    check_tensor(tensor)
    group = default_group(group)
    dst = _root(_either(dst, group_dst), group, "reduce")
    op = check_op(op, "reduce")
    mpi_op = _mpi_op(op, tensor._data.dtype, "reduce")
    check_agreement(group, "reduce", tensor._data, op=op, root=dst)
    MPI = _mpi.mpi()
    if group.rank == dst:
        work = writable(tensor, reduce=True)
        request = group.comm.Ireduce(MPI.IN_PLACE, _typed(work), mpi_op, root=dst)
        finish = _finish_reduction(tensor, work, op, group.size)
    else:
        data = tensor._data
        work = data.astype(np.float32) if data.dtype == np.float16 else readable(tensor)
        request = group.comm.Ireduce(_typed(work), None, mpi_op, root=dst)
        finish = None
    return _launch(group, [request], finish, [tensor], "reduce", async_op)


def _check_same(tensors: list[Tensor], like: Tensor, what: str, name: str) -> None:
    for index, t in enumerate(tensors):
        if t._data.dtype != like._data.dtype:
            raise RuntimeError(f"{what}: {name}[{index}] has dtype {t.dtype}, expected "
                               f"{like.dtype} (the input's)")
        if t._data.shape != like._data.shape:
            raise RuntimeError(f"{what}: invalid tensor size at index {index} (expected "
                               f"{tuple(like.shape)}, got {tuple(t.shape)})")


def _check_count(tensors: list, group: ProcessGroup, what: str, name: str) -> None:
    if len(tensors) != group.size:
        raise RuntimeError(f"{what}: {name} has {len(tensors)} tensors; it must have one per "
                           f"rank ({group.size}, the size of the process group)")


def _scatter_rows(rows: np.ndarray, tensors: list[Tensor]):
    def finish() -> None:
        for row, t in zip(rows, tensors):
            write_back(t, row.view(t._data.dtype).reshape(t._data.shape))
    return finish


def all_gather(tensor_list: list[Tensor], tensor: Tensor, group: ProcessGroup | None = None,
               async_op: bool = False) -> Work | None:
    """Every rank's tensor, in rank order, into ``tensor_list`` on every rank."""
    tensor_list = check_tensor_list(tensor_list, "tensor_list")
    check_tensor(tensor)
    group = default_group(group)
    _check_count(tensor_list, group, "all_gather", "tensor_list")
    _check_same(tensor_list, tensor, "all_gather", "tensor_list")
    check_agreement(group, "all_gather", tensor._data)
    send = readable(tensor)
    rows = np.empty((group.size, send.nbytes), dtype=np.uint8)
    request = group.comm.Iallgather(_mpi.as_bytes(send), [rows, _mpi.mpi().BYTE])
    return _launch(group, [request], _scatter_rows(rows, tensor_list), tensor_list,
                   "all_gather", async_op)


def all_gather_into_tensor(output_tensor: Tensor, input_tensor: Tensor,
                           group: ProcessGroup | None = None,
                           async_op: bool = False) -> Work | None:
    """Every rank's input, in rank order, into one output tensor: concatenated along dim 0
    (shape ``[world_size * n, ...]``) or stacked (``[world_size, n, ...]``)."""
    check_tensor(output_tensor, "output_tensor")
    check_tensor(input_tensor, "input_tensor")
    group = default_group(group)
    _check_whole(output_tensor, input_tensor, group, "all_gather_into_tensor")
    check_agreement(group, "all_gather_into_tensor", input_tensor._data)
    out = writable(output_tensor)
    request = group.comm.Iallgather(_mpi.as_bytes(readable(input_tensor)), _mpi.as_bytes(out))
    def finish() -> None:
        write_back(output_tensor, out)
    return _launch(group, [request], finish, [output_tensor], "all_gather_into_tensor",
                   async_op)


def _check_whole(whole: Tensor, part: Tensor, group: ProcessGroup, what: str) -> None:
    """``whole`` must be world_size parts, concatenated along dim 0 or stacked."""
    if whole._data.dtype != part._data.dtype:
        raise RuntimeError(f"{what}: the tensors' dtypes differ ({whole.dtype} and "
                           f"{part.dtype}); they must be equal")
    shape, piece = tuple(whole.shape), tuple(part.shape)
    stacked = (group.size, *piece)
    concatenated = (group.size * piece[0], *piece[1:]) if piece else None
    if shape not in (stacked, concatenated):
        raise RuntimeError(f"{what}: a tensor of shape {list(shape)} cannot hold "
                           f"{group.size} (the world size) tensors of shape {list(piece)}: "
                           f"expected {list(concatenated or stacked)} or {list(stacked)}")


def reduce_scatter_tensor(output: Tensor, input: Tensor, op: RedOpType = ReduceOp.SUM,
                          group: ProcessGroup | None = None,
                          async_op: bool = False) -> Work | None:
    """Reduce ``input`` across ranks and give rank r the r-th of its world_size equal
    parts (along dim 0, or the first dim of a stacked input)."""
    check_tensor(output, "output")
    check_tensor(input, "input")
    group = default_group(group)
    _check_whole(input, output, group, "reduce_scatter_tensor")
    op = check_op(op, "reduce_scatter_tensor")
    mpi_op = _mpi_op(op, input._data.dtype, "reduce_scatter_tensor")
    check_agreement(group, "reduce_scatter_tensor", input._data, op=op)
    data = input._data
    send = data.astype(np.float32) if data.dtype == np.float16 else readable(input)
    work = writable(output, reduce=True)
    request = group.comm.Ireduce_scatter_block(_typed(send), _typed(work), mpi_op)
    return _launch(group, [request], _finish_reduction(output, work, op, group.size),
                   [output], "reduce_scatter_tensor", async_op)


def _list_on_root(items, on_root: bool, name: str, role: str) -> list:
    if on_root and not items:
        raise ValueError(f"Argument ``{name}`` must be specified on {role} rank.")
    if not on_root and items:
        raise ValueError(f"Argument ``{name}`` must NOT be specified on non-{role} ranks.")
    return list(items or [])


def gather(tensor: Tensor, gather_list: list[Tensor] | None = None, dst: int | None = None,
           group: ProcessGroup | None = None, async_op: bool = False,
           group_dst: int | None = None) -> Work | None:
    """Every rank's tensor, in rank order, into ``gather_list`` on rank ``dst``."""
    check_tensor(tensor)
    group = default_group(group)
    dst = _root(_either(dst, group_dst, 0), group, "gather")
    on_root = group.rank == dst
    gather_list = _list_on_root(gather_list, on_root, "gather_list", "destination")
    if on_root:
        check_tensor_list(gather_list, "gather_list")
        _check_count(gather_list, group, "gather", "gather_list")
        _check_same(gather_list, tensor, "gather", "gather_list")
    check_agreement(group, "gather", tensor._data, root=dst)
    send = readable(tensor)
    rows = np.empty((group.size, send.nbytes), dtype=np.uint8) if on_root else None
    receive = [rows, _mpi.mpi().BYTE] if on_root else None
    request = group.comm.Igather(_mpi.as_bytes(send), receive, root=dst)
    finish = _scatter_rows(rows, gather_list) if on_root else None
    return _launch(group, [request], finish, gather_list, "gather", async_op)


def scatter(tensor: Tensor, scatter_list: list[Tensor] | None = None, src: int | None = None,
            group: ProcessGroup | None = None, async_op: bool = False,
            group_src: int | None = None) -> Work | None:
    """Rank ``src``'s ``scatter_list[r]`` into rank r's tensor."""
    check_tensor(tensor)
    group = default_group(group)
    src = _root(_either(src, group_src, 0), group, "scatter")
    on_root = group.rank == src
    scatter_list = _list_on_root(scatter_list, on_root, "scatter_list", "source")
    rows = None
    if on_root:
        check_tensor_list(scatter_list, "scatter_list")
        _check_count(scatter_list, group, "scatter", "scatter_list")
        _check_same(scatter_list, tensor, "scatter", "scatter_list")
        rows = np.stack([readable(t).reshape(-1).view(np.uint8) for t in scatter_list])
    check_agreement(group, "scatter", tensor._data, root=src)
    out = writable(tensor)
    send = [rows, _mpi.mpi().BYTE] if on_root else None
    request = group.comm.Iscatter(send, _mpi.as_bytes(out), root=src)
    def finish() -> None:
        write_back(tensor, out)
    return _launch(group, [request], finish, [tensor], "scatter", async_op)


def barrier(group: ProcessGroup | None = None, async_op: bool = False, device_ids=None,
            timeout=None) -> Work | None:
    """Wait until every rank has reached the barrier."""
    group = default_group(group)
    check_agreement(group, "barrier")
    work = Work([group.comm.Ibarrier()], None, [], group.timeout_s, "barrier")
    if async_op:
        return work
    work.wait(timeout)
    return None
