"""The collectives, op by op and dtype by dtype, each checked against the same reduction
computed locally: every rank can build every rank's input (seeded by rank), so each rank
knows the answer without communicating.

Float inputs are multiples of 1/4 in [-2, 2]: their sums and products are exact in any
order, so MPI's reduction order (a tree, not rank order) cannot change a bit, and results
must equal the local ones exactly. One case per float dtype uses random normal values and
compares to rounding. Each case is a function ``case(rank, size)`` that raises on failure;
all ranks run the same cases in the same order (tests/distributed/workers/collectives.py)."""

from __future__ import annotations

import numpy as np

import ember
import ember.distributed as dist
from ember.distributed import ReduceOp

DTYPES = ["float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool"]
FLOATS = ["float16", "float32", "float64"]
SHAPE = (3, 5)


def values(dtype: str, rank: int, seed: int = 0, shape=SHAPE) -> np.ndarray:
    """Rank ``rank``'s input: the same on every rank that asks."""
    rng = np.random.RandomState(1000 * seed + 17 * rank + DTYPES.index(dtype))
    if dtype in FLOATS:
        return (rng.randint(-8, 9, size=shape) / 4).astype(dtype)
    if dtype == "bool":
        return rng.rand(*shape) < 0.5
    info = np.iinfo(dtype)
    return rng.randint(max(info.min, -1000), min(info.max, 1000) + 1, size=shape).astype(dtype)


def everyone(dtype: str, size: int, seed: int = 0, shape=SHAPE) -> np.ndarray:
    return np.stack([values(dtype, r, seed, shape) for r in range(size)])


def local_reduce(stack: np.ndarray, op, dtype: str) -> np.ndarray:
    """The reduction over axis 0, as ember.distributed defines it (float16 in float32)."""
    if dtype == "bool":
        if op in (ReduceOp.SUM, ReduceOp.MAX, ReduceOp.BOR):
            return stack.any(0)
        if op == ReduceOp.BXOR:
            return np.logical_xor.reduce(stack, 0)
        return stack.all(0)
    work = stack.astype(np.float32) if dtype == "float16" else stack
    kind = work.dtype
    result = {
        ReduceOp.SUM: lambda: np.sum(work, 0, dtype=kind),
        ReduceOp.AVG: lambda: np.sum(work, 0, dtype=kind) / kind.type(len(stack)),
        ReduceOp.PRODUCT: lambda: np.prod(work, 0, dtype=kind),
        ReduceOp.MIN: lambda: work.min(0),
        ReduceOp.MAX: lambda: work.max(0),
        ReduceOp.BAND: lambda: np.bitwise_and.reduce(work, 0),
        ReduceOp.BOR: lambda: np.bitwise_or.reduce(work, 0),
        ReduceOp.BXOR: lambda: np.bitwise_xor.reduce(work, 0),
    }[op]()
    return np.asarray(result).astype(dtype)


def ops_for(dtype: str) -> list:
    if dtype in FLOATS:
        return [ReduceOp.SUM, ReduceOp.AVG, ReduceOp.PRODUCT, ReduceOp.MIN, ReduceOp.MAX]
    return [ReduceOp.SUM, ReduceOp.PRODUCT, ReduceOp.MIN, ReduceOp.MAX, ReduceOp.BAND,
            ReduceOp.BOR, ReduceOp.BXOR]


def tensor(array: np.ndarray) -> ember.Tensor:
    return ember.from_numpy(np.array(array))


def same(t: ember.Tensor, expected: np.ndarray) -> None:
    got = t.numpy()
    assert got.dtype == expected.dtype, (got.dtype, expected.dtype)
    assert got.shape == expected.shape, (got.shape, expected.shape)
    assert np.array_equal(got, expected), f"\n{got}\n!=\n{expected}"


def raises(kind, fragment: str, function, *args, **kwargs) -> None:
    try:
        function(*args, **kwargs)
    except kind as error:
        assert fragment in str(error), f"{fragment!r} not in {str(error)!r}"
        return
    raise AssertionError(f"{kind.__name__} not raised")


CASES: dict = {}


def case(name: str):
    def register(function):
        CASES[name] = function
        return function
    return register


def _all_reduce(dtype, op, async_op=False):
    def run(rank, size):
        t = tensor(values(dtype, rank))
        work = dist.all_reduce(t, op=op, async_op=async_op)
        if async_op:
            assert work.wait() is True and work.is_completed() and work.is_success()
            assert work.result()[0] is t
        same(t, local_reduce(everyone(dtype, size), op, dtype))
    return run


for _dtype in DTYPES:
    for _op in ops_for(_dtype):
        case(f"all_reduce-{_op.name}-{_dtype}")(_all_reduce(_dtype, _op))
    case(f"all_reduce_async-{_dtype}")(_all_reduce(_dtype, ReduceOp.MAX, async_op=True))


for _dtype in FLOATS[1:]:
    @case(f"all_reduce_random_normal-{_dtype}")
    def _random(rank, size, dtype=_dtype):
        inputs = np.stack([np.random.RandomState(r).randn(40).astype(dtype) for r in range(size)])
        t = tensor(inputs[rank])
        dist.all_reduce(t, op=ReduceOp.AVG)
        tolerance = 1e-6 if dtype == "float32" else 1e-14
        np.testing.assert_allclose(t.numpy(), inputs.astype(np.float64).mean(0),
                                   rtol=tolerance, atol=tolerance)


@case("all_reduce_errors_as_torch")
def _errors(rank, size):
    raises(RuntimeError, "result type Float can't be cast to the desired output type Long",
           dist.all_reduce, ember.ones(2, dtype=ember.int64), op=ReduceOp.AVG)
    raises(RuntimeError, "result type Float can't be cast to the desired output type Bool",
           dist.all_reduce, ember.ones(2, dtype=ember.bool), op=ReduceOp.AVG)
    raises(RuntimeError, "Cannot use ReduceOp.BAND with non-integral dtype",
           dist.all_reduce, ember.ones(2), op=ReduceOp.BAND)
    raises(TypeError, "Expected parameter `tensor` of type torch.Tensor",
           dist.all_reduce, [ember.ones(2)])
    raises(TypeError, "must be a ReduceOp", dist.all_reduce, ember.ones(2), op="sum")
    raises(NotImplementedError, "PREMUL_SUM", dist.all_reduce, ember.ones(2),
           op=ReduceOp.PREMUL_SUM)


@case("all_reduce_noncontiguous_view_writes_its_base")
def _noncontiguous(rank, size):
    base = tensor(values("float32", rank, shape=(5, 3)))
    view = base.t()
    assert not view.is_contiguous()
    version = base._version
    dist.all_reduce(view)
    same(base, local_reduce(everyone("float32", size, shape=(5, 3)), ReduceOp.SUM, "float32"))
    assert base._version == version + 1


@case("all_reduce_zero_dim_and_empty")
def _zero_dim(rank, size):
    scalar = ember.tensor(float(rank + 1))
    dist.all_reduce(scalar)
    assert scalar.item() == size * (size + 1) / 2
    empty = ember.zeros(0, 3)
    dist.all_reduce(empty)
    assert tuple(empty.shape) == (0, 3)


for _dtype in DTYPES:
    @case(f"reduce-{_dtype}")
    def _reduce(rank, size, dtype=_dtype):
        op = ReduceOp.SUM if dtype != "bool" else ReduceOp.MIN
        t = tensor(values(dtype, rank))
        dst = size - 1
        dist.reduce(t, dst=dst, op=op)
        expected = local_reduce(everyone(dtype, size), op, dtype)
        same(t, expected if rank == dst else values(dtype, rank))

    @case(f"broadcast-{_dtype}")
    def _broadcast(rank, size, dtype=_dtype):
        t = tensor(values(dtype, rank))
        dist.broadcast(t, src=1)
        same(t, values(dtype, 1))

    @case(f"all_gather-{_dtype}")
    def _all_gather(rank, size, dtype=_dtype):
        out = [tensor(np.zeros(SHAPE, dtype)) for _ in range(size)]
        dist.all_gather(out, tensor(values(dtype, rank)))
        for r in range(size):
            same(out[r], values(dtype, r))

    @case(f"all_gather_into_tensor-{_dtype}")
    def _all_gather_into_tensor(rank, size, dtype=_dtype):
        concatenated = tensor(np.zeros((size * SHAPE[0], SHAPE[1]), dtype))
        dist.all_gather_into_tensor(concatenated, tensor(values(dtype, rank)))
        same(concatenated, np.concatenate(list(everyone(dtype, size))))
        stacked = tensor(np.zeros((size, *SHAPE), dtype))
        dist.all_gather_into_tensor(stacked, tensor(values(dtype, rank)))
        same(stacked, everyone(dtype, size))

    @case(f"gather-{_dtype}")
    def _gather(rank, size, dtype=_dtype):
        out = [tensor(np.zeros(SHAPE, dtype)) for _ in range(size)] if rank == 0 else None
        dist.gather(tensor(values(dtype, rank)), out, dst=0)
        if rank == 0:
            for r in range(size):
                same(out[r], values(dtype, r))

    @case(f"scatter-{_dtype}")
    def _scatter(rank, size, dtype=_dtype):
        src = size - 1
        pieces = [tensor(values(dtype, r, seed=5)) for r in range(size)] if rank == src else None
        out = tensor(np.zeros(SHAPE, dtype))
        dist.scatter(out, pieces, src=src)
        same(out, values(dtype, rank, seed=5))

    @case(f"reduce_scatter_tensor-{_dtype}")
    def _reduce_scatter(rank, size, dtype=_dtype):
        op = ReduceOp.SUM if dtype != "bool" else ReduceOp.MAX
        whole = values(dtype, rank, shape=(size * 2, 4))
        out = tensor(np.zeros((2, 4), dtype))
        dist.reduce_scatter_tensor(out, tensor(whole), op=op)
        stack = everyone(dtype, size, shape=(size * 2, 4))
        same(out, local_reduce(stack, op, dtype)[2 * rank:2 * rank + 2])


@case("reduce_scatter_tensor-AVG-float32-stacked")
def _reduce_scatter_avg(rank, size):
    out = tensor(np.zeros((3,), np.float32))
    dist.reduce_scatter_tensor(out, tensor(values("float32", rank, shape=(size, 3))),
                               op=ReduceOp.AVG)
    stack = everyone("float32", size, shape=(size, 3))
    same(out, local_reduce(stack, ReduceOp.AVG, "float32")[rank])


@case("argument_errors")
def _argument_errors(rank, size):
    raises(RuntimeError, "tensor_list has 1 tensors", dist.all_gather, [ember.zeros(2)],
           ember.ones(2))
    raises(RuntimeError, "invalid tensor size at index 0",
           dist.all_gather, [ember.zeros(3)] * size, ember.ones(2))
    raises(RuntimeError, "invalid root rank: 7", dist.broadcast, ember.ones(2), src=7)
    raises(ValueError, "Must specify global_rank or group_rank", dist.broadcast, ember.ones(2))
    raises(RuntimeError, "cannot hold", dist.all_gather_into_tensor, ember.zeros(size * 2 + 1),
           ember.ones(2))
    if rank == 0:
        raises(ValueError, "Argument ``gather_list`` must be specified on destination rank.",
               dist.gather, ember.ones(2), None, dst=0)
        raises(ValueError, "Argument ``scatter_list`` must be specified on source rank.",
               dist.scatter, ember.ones(2), None, src=0)
    else:
        raises(ValueError, "Argument ``gather_list`` must NOT be specified on non-destination "
               "ranks.", dist.gather, ember.ones(2), [ember.ones(2)] * size, dst=0)
    raises(ValueError, "destination rank should not be the same as the rank of the current "
           "process", dist.send, ember.ones(2), dst=rank)
    raises(ValueError, "Invalid destination rank: 9", dist.send, ember.ones(2), dst=9)
    raises(ValueError, "trying to initialize the default process group twice!",
           dist.init_process_group)
    raises(NotImplementedError, "subgroups", dist.new_group, [0])


@case("mismatched_shapes_raise_on_every_rank")
def _mismatch_shape(rank, size):
    t = ember.ones(2 if rank == 0 else 3)
    raises(RuntimeError, "rank 0: float32 tensor of shape [2]", dist.all_reduce, t)
    dist.barrier()


@case("mismatched_dtypes_raise_on_every_rank")
def _mismatch_dtype(rank, size):
    t = ember.ones(4, dtype=ember.float32 if rank == 0 else ember.float64)
    raises(RuntimeError, f"rank {size - 1}: float64 tensor of shape [4]", dist.broadcast, t,
           src=0)


@case("mismatched_collectives_raise_on_every_rank")
def _mismatch_collective(rank, size):
    t = ember.ones(4)
    if rank == 0:
        raises(RuntimeError, "rank 0: broadcast", dist.broadcast, t, src=0)
    else:
        raises(RuntimeError, "rank 1: all_reduce", dist.all_reduce, t)


@case("mismatched_roots_raise_on_every_rank")
def _mismatch_root(rank, size):
    raises(RuntimeError, "root=1", dist.broadcast, ember.ones(4), src=min(rank, 1))


@case("send_recv_ring")
def _ring(rank, size):
    right, left = (rank + 1) % size, (rank - 1) % size
    outgoing = dist.isend(tensor(values("int64", rank)), dst=right, tag=3)
    incoming = ember.zeros(*SHAPE, dtype=ember.int64)
    assert dist.recv(incoming, src=left, tag=3) == left
    outgoing.wait()
    same(incoming, values("int64", left))


@case("recv_from_any_source")
def _any_source(rank, size):
    if rank == 0:
        senders = set()
        for _ in range(size - 1):
            t = ember.zeros(2)
            sender = dist.recv(t, tag=7)  # its own tag: later cases' messages may overtake
            assert t.tolist() == [sender, sender]
            senders.add(sender)
        assert senders == set(range(1, size))
    else:
        dist.send(ember.ones(2) * rank, dst=0, tag=7)


@case("recv_into_a_tensor_of_another_shape_says_so")
def _recv_mismatch(rank, size):
    if rank == 0:
        raises(RuntimeError, "rank 1 sent a float32 tensor of shape [3]", dist.recv,
               ember.zeros(2), src=1)
    elif rank == 1:
        dist.send(ember.ones(3), dst=0)


@case("irecv_work_handle")
def _irecv(rank, size):
    if rank == 0:
        t = ember.zeros(3)
        work = dist.irecv(t, src=1)
        assert work.wait() and work.source_rank() == 1
        assert t.tolist() == [1.0, 2.0, 3.0]
    elif rank == 1:
        dist.isend(ember.tensor([1.0, 2.0, 3.0]), dst=0).wait()


@case("objects")
def _objects(rank, size):
    gathered = [None] * size
    dist.all_gather_object(gathered, {"rank": rank, "word": "x" * rank})
    assert gathered == [{"rank": r, "word": "x" * r} for r in range(size)]
    listed = [("from", 1), [1, 2, 3], None] if rank == 1 else [None, None, None]
    dist.broadcast_object_list(listed, src=1)
    assert listed == [("from", 1), [1, 2, 3], None]
    at_root = [None] * size if rank == 0 else None
    dist.gather_object(rank * 10, at_root, dst=0)
    if rank == 0:
        assert at_root == [r * 10 for r in range(size)]
    mine = [None]
    dist.scatter_object_list(mine, [f"to {r}" for r in range(size)] if rank == 0 else None,
                             src=0)
    assert mine == [f"to {rank}"]


@case("barrier_and_async_barrier")
def _barrier(rank, size):
    dist.barrier()
    assert dist.barrier(async_op=True).wait() is True


@case("version_counter_and_rank_queries")
def _version(rank, size):
    t = ember.ones(3)
    dist.all_reduce(t)
    assert t._version == 1
    assert dist.get_rank() == rank and dist.get_world_size() == size
    assert dist.is_initialized() and dist.get_backend() == "mpi"
