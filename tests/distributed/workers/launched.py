"""Started by ``python -m ember.distributed.run``: prints what torchrun's environment and
MPI say about this process, one line per rank."""

import os
import sys

import ember.distributed as dist

dist.init_process_group()
names = ["RANK", "LOCAL_RANK", "WORLD_SIZE", "LOCAL_WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT"]
line = (f"rank {dist.get_rank()} of {dist.get_world_size()} "
        + " ".join(f"{n}={os.environ.get(n)}" for n in names) + f" argv {sys.argv[1:]}\n")
sys.stdout.write(line)  # one write, so the ranks' lines cannot interleave (even unbuffered)
sys.stdout.flush()
dist.destroy_process_group()
