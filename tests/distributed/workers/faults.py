"""A small DDP training loop in which one rank fails on purpose, in the way argv[1] says:

    raise    rank 1 raises an exception at step 2 (the others go on into the allreduce)
    kill     rank 1 is killed by SIGKILL at step 2
    exit     rank 1 leaves with sys.exit(0) at step 2, as if its loop ended early (the
             others wait for it until init_process_group's timeout, 3 s here)

The job must end, non-zero, within the test's time limit, with a message naming what
happened. Without the failure it prints "finished" on every rank."""

import datetime
import os
import signal
import sys

import ember
import ember.distributed as dist
from ember import nn
from ember.nn.parallel import DistributedDataParallel

mode = sys.argv[1]
timeout = datetime.timedelta(seconds=3 if mode == "exit" else 60)
dist.init_process_group(timeout=timeout)
rank = dist.get_rank()
model = DistributedDataParallel(nn.Linear(4, 2))
optimizer = ember.optim.SGD(model.parameters(), lr=0.1)
for step in range(5):
    if rank == 1 and step == 2:
        if mode == "raise":
            raise ValueError("rank 1 fails on purpose")
        if mode == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        if mode == "exit":
            sys.exit(0)
    optimizer.zero_grad()
    model(ember.ones(3, 4) * rank).sum().backward()
    optimizer.step()
print(f"rank {rank} finished", flush=True)
