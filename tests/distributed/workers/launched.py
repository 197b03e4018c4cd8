"""Started by ``python -m ember.distributed.run``: prints what torchrun's environment and
MPI say about this process, one line per rank."""

import os
import sys

import ember.distributed as dist

dist.init_process_group()
names = ["RANK", "LOCAL_RANK", "WORLD_SIZE", "LOCAL_WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT"]
print("rank", dist.get_rank(), "of", dist.get_world_size(),
      " ".join(f"{n}={os.environ.get(n)}" for n in names), "argv", sys.argv[1:], flush=True)
dist.destroy_process_group()
