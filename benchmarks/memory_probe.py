"""Peak memory of `deep_graph` for one library, measured in a fresh process.

    python benchmarks/memory_probe.py LIBRARY N_OPS [--tracemalloc]

prints one JSON line: {"library", "n_ops", "peak_kib", "method", "seconds"}.

Method (the same for every library, so the numbers compare):
1. Import the library and run a 1,000-op chain once, so that import-time allocations,
   lazily built tables and the allocator's first arenas are already in place.
2. Record the resident set size (VmRSS) and reset the kernel's high-water mark by writing
   "5" to /proc/self/clear_refs (Linux >= 4.0). Where that reset is not possible, fall back
   to `resource.getrusage(RUSAGE_SELF).ru_maxrss`, which cannot be reset: the baseline is
   then the high-water mark after step 1.
3. Build the N-op graph and backpropagate through it.
4. Peak = high-water mark (VmHWM, or ru_maxrss) minus the baseline of step 2.

This counts everything the process touched: Python objects, NumPy buffers, torch's C++
graph nodes and its allocator, but also memory a library caches and never returns.
With --tracemalloc (ember and autograd only: torch allocates outside Python's allocator),
the peak of Python-tracked allocations (objects plus NumPy buffers) is reported instead.
"""

from __future__ import annotations

import os

# BLAS and OpenMP must see these before NumPy (or torch) is imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

import workloads  # noqa: E402

_WARMUP_OPS = 1000


def _status_kib(field: str) -> int | None:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_high_water_mark() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        return False
    return _status_kib("VmHWM") is not None


def _chain_for(library: str):
    if library == "autograd":
        return workloads.chain_autograd
    if library == "torch":
        import torch

        torch.set_num_threads(1)
        module = torch
    elif library == "ember":
        import ember

        module = ember
    else:
        raise SystemExit(f"unknown library {library!r}")
    return lambda n: workloads.chain_torch_like(module, n)


def measure(library: str, n_ops: int, use_tracemalloc: bool) -> dict:
    chain = _chain_for(library)
    chain(_WARMUP_OPS)
    if use_tracemalloc:
        import tracemalloc

        tracemalloc.start()
        start = time.perf_counter()
        chain(n_ops)
        seconds = time.perf_counter() - start
        peak_kib = tracemalloc.get_traced_memory()[1] // 1024
        tracemalloc.stop()
        method = "tracemalloc peak"
    elif _reset_high_water_mark():
        baseline = _status_kib("VmRSS")
        start = time.perf_counter()
        chain(n_ops)
        seconds = time.perf_counter() - start
        peak_kib = _status_kib("VmHWM") - baseline
        method = "VmHWM - VmRSS (clear_refs reset)"
    else:
        baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        chain(n_ops)
        seconds = time.perf_counter() - start
        peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - baseline
        method = "ru_maxrss delta"
    return {"library": library, "n_ops": n_ops, "peak_kib": peak_kib, "method": method,
            "seconds": seconds}


def main(argv: list[str]) -> None:
    if len(argv) < 2:
        raise SystemExit(__doc__)
    library, n_ops = argv[0], int(argv[1])
    print(json.dumps(measure(library, n_ops, "--tracemalloc" in argv[2:])))


if __name__ == "__main__":
    main(sys.argv[1:])
