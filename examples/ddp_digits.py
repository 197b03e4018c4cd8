"""Train the digits MLP of train_digits.py on several processes with DistributedDataParallel.

    python -m ember.distributed.run --nproc-per-node 2 examples/ddp_digits.py [--epochs N]
    mpiexec -n 2 python examples/ddp_digits.py                     (the same, MPI's way)

Each process holds a replica of the 64-128-10 MLP. `DistributedSampler` gives each one
its own share of every epoch's shuffled training set, `DistributedDataParallel` averages
the gradients across the processes during backward, so every replica takes the same Adam
step: the global batch is 64 samples, `64 / world size` on each process. Rank 0 prints
the loss (averaged over all processes with `all_reduce`) and the test accuracy after
each epoch, then saves the model (`model.module.state_dict()`, keys without `module.`)
in PyTorch's format. At the end it prints the throughput and the share of the step time
spent waiting for communication (docs/distributed.md has measured numbers).

It is plain torch code: `import torch` instead of `import ember as torch` runs it under
torchrun (init_process_group() without a backend lets each library pick its own).
Needs scikit-learn for the data set (pip install 'ember[examples]'), and mpi4py with an
MPI library (pip install 'ember[distributed]').
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from train_digits import accuracy, load_digits

import ember as torch
import ember.distributed as dist
from ember import nn
from ember.nn.parallel import DistributedDataParallel
from ember.utils.data import DataLoader, TensorDataset
from ember.utils.data.distributed import DistributedSampler

GLOBAL_BATCH = 64
DEFAULT_FOLDER = Path(__file__).resolve().parent.parent / "out"


def make_model(hidden: int = 128) -> nn.Module:
    """train_digits.py's MLP (64-128-10); ``hidden`` widens it for scaling measurements."""
    return nn.Sequential(nn.Linear(64, hidden), nn.ReLU(), nn.Linear(hidden, 10))


def train(epochs: int, folder: Path, hidden: int = 128) -> dict:
    dist.init_process_group()
    rank, world = dist.get_rank(), dist.get_world_size()
    if GLOBAL_BATCH % world:
        raise ValueError(f"the global batch of {GLOBAL_BATCH} does not split over {world} "
                         "processes")
    torch.manual_seed(0)  # the same data split on every rank; DDP copies rank 0's weights
    X_train, y_train, X_test, y_test = load_digits()
    dataset = TensorDataset(X_train, y_train)
    sampler = DistributedSampler(dataset, shuffle=True, seed=0)
    loader = DataLoader(dataset, batch_size=GLOBAL_BATCH // world, sampler=sampler)
    model = DistributedDataParallel(make_model(hidden))
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=4, gamma=0.5)
    losses, accuracies = [], []
    steps, samples, step_seconds = 0, 0, 0.0
    for epoch in range(epochs):
        sampler.set_epoch(epoch)  # a new shuffle each epoch, the same on every rank
        model.train()
        totals = torch.zeros(2, dtype=torch.float64)  # (sum of losses, samples) on this rank
        for X, y in loader:
            start = time.perf_counter()
            loss = loss_fn(model(X), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            step_seconds += time.perf_counter() - start
            steps, samples = steps + 1, samples + len(y)
            totals += torch.tensor([loss.item() * len(y), len(y)], dtype=torch.float64)
        scheduler.step()
        dist.all_reduce(totals)  # the epoch's loss over every rank's samples
        losses.append((totals[0] / totals[1]).item())
        accuracies.append(accuracy(model.module, X_test, y_test))
        if rank == 0:
            print(f"epoch {epoch + 1:2d}: loss {losses[-1]:.4f}, test accuracy "
                  f"{accuracies[-1]:.3f} ({world} processes)", flush=True)
    comm_share = model.reducer.comm_wait_seconds / step_seconds if step_seconds else 0.0
    timing = torch.tensor([samples / step_seconds, comm_share], dtype=torch.float64)
    dist.all_reduce(timing, op=dist.ReduceOp.AVG)
    result = {"losses": losses, "accuracies": accuracies, "world_size": world,
              "samples_per_second": timing[0].item() * world,
              "step_ms": 1000 * step_seconds / steps, "comm_share": timing[1].item()}
    if rank == 0:
        folder.mkdir(parents=True, exist_ok=True)
        checkpoint = folder / "ddp_digits_mlp.pt"
        torch.save(model.module.state_dict(), checkpoint)
        result["checkpoint"] = str(checkpoint)
        print(f"saved {checkpoint}")
        print(f"{result['samples_per_second']:.0f} training samples/s over {world} processes, "
              f"{result['step_ms']:.2f} ms per step, {100 * result['comm_share']:.0f}% of it "
              "waiting for the gradient allreduce", flush=True)
    dist.destroy_process_group()
    return result


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--out", type=Path, default=DEFAULT_FOLDER,
                        help="where rank 0 saves the checkpoint")
    parser.add_argument("--hidden", type=int, default=128,
                        help="width of the hidden layer (128: train_digits.py's MLP)")
    args = parser.parse_args(argv)
    return train(args.epochs, args.out, args.hidden)


if __name__ == "__main__":
    main()
