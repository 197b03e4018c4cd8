"""ember/torch ratios in thread time, for a shared machine.

    python benchmarks/thread_time_ratio.py mlp_step,nn_mlp_step [--rounds 60] [--reps 5]

`run.py` times wall clock, which another job's burst inflates for whichever library runs
during it: on a 2-core machine at load average 10 its ratios' middle halves span +-0.3.
This times each sample in the thread's CPU time (CLOCK_THREAD_CPUTIME_ID), which counts
only this thread's work (cache and memory-bandwidth contention still show), interleaving
ember and torch in one process round by round, and prints the median of the per-round
ratios with their middle half. Like run.py it sets one BLAS/OpenMP thread; unlike run.py
it keeps OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unless --drop-blas-env (run.py drops them).
"""

from __future__ import annotations

import os
import sys

DROP_BLAS_ENV = "--drop-blas-env" in sys.argv[1:]
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"
if DROP_BLAS_ENV:
    for _var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        os.environ.pop(_var, None)

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

import torch  # noqa: E402
import workloads  # noqa: E402

import ember  # noqa: E402


def ratios(workload: str, rounds: int, reps: int) -> tuple[dict, list]:
    """Per-library samples (seconds per run) and per-round ember/torch ratios."""
    runs = {"ember": workloads.make_torch_like(ember, workload),
            "torch": workloads.make_torch_like(torch, workload)}
    for run in runs.values():  # warm-up
        run()
        run()
    samples: dict = {name: [] for name in runs}
    per_round = []
    for i in range(rounds):
        order = list(runs) if i % 2 == 0 else list(runs)[::-1]
        times = {}
        for name in order:
            start = time.thread_time()
            for _ in range(reps):
                runs[name]()
            times[name] = (time.thread_time() - start) / reps
            samples[name].append(times[name])
        per_round.append(times["ember"] / times["torch"])
    return samples, per_round


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workloads", help="comma-separated names from workloads.WORKLOADS")
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--drop-blas-env", action="store_true")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    for workload in args.workloads.split(","):
        samples, per_round = ratios(workload, args.rounds, args.reps)
        low, _, high = statistics.quantiles(per_round, n=4)
        ms = {name: statistics.median(values) * 1e3 for name, values in samples.items()}
        print(f"{workload}: ember {ms['ember']:.3f} ms, torch {ms['torch']:.3f} ms (medians); "
              f"ember/torch {statistics.median(per_round):.3f} ({low:.3f}-{high:.3f})")


if __name__ == "__main__":
    main(sys.argv[1:])
