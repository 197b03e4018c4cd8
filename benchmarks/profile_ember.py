"""Where ember's time goes on one workload: cProfile's top entries, and the garbage collector.

    python benchmarks/profile_ember.py [WORKLOAD] [--size N] [--top K] [--sort tottime]

Runs the workload once to warm up, then
1. times it with Python's cyclic garbage collector enabled and disabled (the difference is
   what the collector costs: every ember Tensor and graph node is a GC-tracked object,
   while torch's graph lives in C++ where the collector never looks);
2. splits one run into forward (building the graph) and backward;
3. prints cProfile's top entries for one run.

cProfile adds a fixed cost to every Python call, so it inflates functions that make many
small calls; use its numbers to rank, and the plain timings above it to size.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import cProfile  # noqa: E402
import gc  # noqa: E402
import io  # noqa: E402
import pstats  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

import workloads  # noqa: E402

import ember  # noqa: E402

_DEFAULT_SIZES = {"tiny_chain": 1000, "deep_graph": 100_000}


def _best_of(run, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def gc_share(run, repeats: int) -> tuple[float, float]:
    """Best time with the cyclic collector on, and with it off."""
    with_gc = _best_of(run, repeats)
    gc.disable()
    try:
        without_gc = _best_of(run, repeats)
    finally:
        gc.enable()
    return with_gc, without_gc


def forward_backward_split(n_ops: int) -> tuple[float, float]:
    """Seconds spent building an n-op chain and backpropagating through it."""
    start = time.perf_counter()
    x = ember.arange(4.0, requires_grad=True)
    y = x
    for _ in range(n_ops // 4):
        y = y * 0.5
        y = y + 0.25
        y = y.sin()
        y = y.exp()
    total = y.sum()
    built = time.perf_counter()
    total.backward()
    return built - start, time.perf_counter() - built


def profile(run, top: int, sort: str) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    run()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(sort).print_stats(top)
    return out.getvalue()


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workload", nargs="?", default="tiny_chain", choices=workloads.WORKLOADS)
    parser.add_argument("--size", type=int, default=None)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="tottime")
    args = parser.parse_args(argv)

    size = args.size or _DEFAULT_SIZES.get(args.workload)
    run = workloads.make_torch_like(ember, args.workload, size)
    run()
    repeats = 2 if args.workload == "deep_graph" else 7
    with_gc, without_gc = gc_share(run, repeats)
    print(f"{args.workload} (size {size}): {with_gc * 1e3:.2f} ms with the cyclic GC, "
          f"{without_gc * 1e3:.2f} ms without ({1 - without_gc / with_gc:.0%} in the GC)")
    if args.workload in _DEFAULT_SIZES:
        splits = [forward_backward_split(size) for _ in range(repeats)]
        forward = statistics.median(split[0] for split in splits)
        backward = statistics.median(split[1] for split in splits)
        print(f"  median of {repeats} runs: forward {forward / size * 1e6:.2f} us/op, "
              f"backward {backward / size * 1e6:.2f} us/op")
    print(profile(run, args.top, args.sort))


if __name__ == "__main__":
    main(sys.argv[1:])
