"""ember.distributed reference cases recorded from torch 2.13: DistributedSampler's index
order (seed, epoch, num_replicas, rank, shuffle, drop_last, padding of short datasets),
its attributes and errors, ReduceOp's names and numbers, and the errors before
init_process_group. Ids start with ``distributed_``."""

from __future__ import annotations

_SAMPLER = "from torch.utils.data.distributed import DistributedSampler\n"


def _orders(length: int, replicas: tuple[int, ...]) -> str:
    return _SAMPLER + (
        f"for n in {replicas}:\n"
        "    for shuffle in (True, False):\n"
        "        for drop_last in (False, True):\n"
        "            for seed, epoch in ((0, 0), (7, 3)):\n"
        "                for rank in range(n):\n"
        f"                    s = DistributedSampler(range({length}), num_replicas=n, rank=rank,\n"
        "                                           shuffle=shuffle, seed=seed,\n"
        "                                           drop_last=drop_last)\n"
        "                    s.set_epoch(epoch)\n"
        "                    print(n, shuffle, drop_last, seed, epoch, rank, list(s), len(s),\n"
        "                          s.num_samples, s.total_size)\n")


CASES = [
    *[(f"distributed_sampler_order_{length}", _orders(length, (1, 2, 3, 4)))
      for length in (0, 1, 2, 5, 10, 11, 17)],
    ("distributed_sampler_order_long", _orders(1000, (3, 8))),
    ("distributed_sampler_attributes", _SAMPLER + (
        "s = DistributedSampler(list('abcdefg'), num_replicas=3, rank=2, seed=4)\n"
        "print(s.num_replicas, s.rank, s.epoch, s.drop_last, s.shuffle, s.seed)\n"
        "print(s.num_samples, s.total_size, len(s))\n"
        "print(sorted(k for k in vars(s)))\n"
        "print(isinstance(s, torch.utils.data.Sampler))\n"
        "print(torch.utils.data.DistributedSampler is DistributedSampler)\n")),
    ("distributed_sampler_in_a_dataloader", _SAMPLER + (
        "data = torch.utils.data.TensorDataset(torch.arange(10.0))\n"
        "s = DistributedSampler(data, num_replicas=2, rank=1, seed=3)\n"
        "loader = torch.utils.data.DataLoader(data, batch_size=2, sampler=s)\n"
        "for epoch in range(2):\n"
        "    s.set_epoch(epoch)\n"
        "    print([b[0].tolist() for b in loader])\n")),
    *[(f"distributed_sampler_bad_rank_{rank}", _SAMPLER + (
        f"DistributedSampler(range(10), num_replicas=2, rank={rank})\n"))
      for rank in (2, -1)],
    ("distributed_sampler_before_init", _SAMPLER + "DistributedSampler(range(10))\n"),
    ("distributed_reduce_op_names", (
        "import torch.distributed as dist\n"
        "for name in ['SUM', 'AVG', 'PRODUCT', 'MIN', 'MAX', 'BAND', 'BOR', 'BXOR',\n"
        "             'PREMUL_SUM']:\n"
        "    op = getattr(dist.ReduceOp, name)\n"
        "    print(repr(op), str(op), int(op), op == getattr(dist.ReduceOp.RedOpType, name))\n")),
    ("distributed_not_initialized", (
        "import torch.distributed as dist\n"
        "print(dist.is_available(), dist.is_initialized())\n")),
    *[(f"distributed_{name}_before_init", (
        "import torch.distributed as dist\n"
        f"dist.{call}\n"))
      for name, call in [("get_rank", "get_rank()"), ("get_world_size", "get_world_size()"),
                         ("all_reduce", "all_reduce(torch.ones(2))"),
                         ("barrier", "barrier()"), ("broadcast", "broadcast(torch.ones(2), 0)")]],
]
