"""ember against torch and HIPS autograd, side by side, in one process: `make bench`.

    python benchmarks/run.py [--quick] [--libs ember,torch,autograd] [--only WORKLOADS]
                             [--json FILE] [--no-install] [--no-memory] [--tracemalloc]

What it measures (workloads.py has the code, the same maths for every library):

    tiny_chain        1,000 cheap elementwise ops on 4 values, sum, backward  (us per op)
    seed_loop         the seed notebook's f(a) with its while/if, backward    (us per call)
    mlp_step          784-256-256-10 MLP, batch 128, cross-entropy, SGD step  (ms per step)
    wide_elementwise  10 elementwise ops on 1,000,000 float32 values          (ms per pass)
    deep_graph        100,000 chained tiny ops, backward                      (s per run)
                      and its peak memory, each library in a fresh process    (MiB)
    hessian_small     func.hessian of a 100-parameter function (100x100)      (ms per call)
    jacobian_batch    func.jacrev of tanh(x @ W), 64x32 -> 64x16              (ms per call)
                      (torch.func's; HIPS autograd runs autograd.hessian/jacobian)
    lenet_step        LeNet SGD step, batch 64 of 1x28x28 (torch and ember)   (ms per step)
    resnet_block      ResNet basic block fwd+bwd, 16 x 64x32x32               (ms per pass)
    gru_step          GRU (28 -> 256), 35 steps x batch 32, fwd+bwd           (ms per step)
    rand_10m ...      rand/randn (float32, float64) and randint of 10**7 values (ms per call)
    randperm_60k      randperm(60000), one shuffle of an MNIST-sized data set (ms per call)
                      (torch and ember, drawing the same numbers from a seeded generator)

How:
- Every library gets one thread: OMP/OpenBLAS/MKL_NUM_THREADS=1 are set here before NumPy
  is imported, and torch.set_num_threads(1).
- OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, which some machines set to pin OpenBLAS to an
  older CPU's kernels, are dropped for this process (--keep-blas-env keeps them); the
  header names the kernel NumPy's OpenBLAS runs.
- All libraries live in this one process. Each workload is first run once per library
  (warm-up, and a check that the libraries computed the same values), then timed in
  interleaved rounds: every round times each library once, in a rotating order, so that
  a noisy neighbour or CPU frequency change hits all columns alike. A sample is the mean
  of a few back-to-back repetitions; the table shows the median sample.
- Peak memory of deep_graph is measured by memory_probe.py in a fresh subprocess per
  library (see its docstring for the method).
- The ratio columns are ember's time (or memory) divided by the other library's: below 1
  means ember is faster. Each ratio is the median of the per-round ratios (ember and the
  other library timed seconds apart), which a busy shared machine disturbs far less than
  a ratio of medians; "middle half" shows the 25th-75th percentile of those ratios, so a
  PASS or MISS close to its target can be read with its noise. Targets are on ember/torch.

torch is optional. When it is not importable, this script tries
`python -m pip install torch==2.13.0` into the running environment (skip with
--no-install) and otherwise carries on without the torch column. ember itself never
imports torch. HIPS autograd comes from `pip install -e '.[bench]'` (the Makefile does it).

--quick is a ~30 s smoke run: fewer rounds and a 20,000-op deep_graph (its ratios are
indicative only). --tracemalloc adds the Python-heap peak of deep_graph for ember and
autograd (slow: tracemalloc makes each op several times slower).
"""

from __future__ import annotations

import os
import sys

# Before NumPy (and torch) are imported: BLAS and OpenMP read these once, at load time.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"
# Some machines here pin OpenBLAS to an older CPU's kernels (OPENBLAS_CORETYPE, with
# OPENBLAS_L2_SIZE) because old OpenBLAS builds misbehave on their processors; current
# NumPy wheels do not, and the pin halves their matrix products' speed while torch's own
# kernels are unaffected. The machines' notes say to drop both for a benchmark run, in
# that process alone (never in tests or CI): done here unless --keep-blas-env. The header
# prints the kernel OpenBLAS then runs.
KEEP_BLAS_ENV = "--keep-blas-env" in sys.argv[1:]
DROPPED_BLAS_ENV = {} if KEEP_BLAS_ENV else {
    name: os.environ.pop(name) for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
    if name in os.environ}

import argparse  # noqa: E402
import datetime  # noqa: E402
import gc  # noqa: E402
import importlib  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import workloads  # noqa: E402

TORCH_REQUIREMENT = "torch==2.13.0"
LIBRARIES = ("ember", "torch", "autograd")


@dataclass(frozen=True)
class Plan:
    """How one workload is timed and reported."""

    name: str
    unit: str
    per_second: float   # multiply seconds per repetition by this to get `unit`
    repeats: int        # back-to-back repetitions per sample
    rounds: int
    quick_rounds: int
    size: int | None = None        # None: the workload's default size
    quick_size: int | None = None
    target: float | None = None    # the ember/torch ratio to stay at or below


PLANS = (
    Plan("tiny_chain", "us/op", 1e6 / 1000, repeats=2, rounds=15, quick_rounds=5,
         target=0.6),
    Plan("seed_loop", "us/call", 1e6, repeats=20, rounds=15, quick_rounds=5, target=0.8),
    Plan("mlp_step", "ms/step", 1e3, repeats=3, rounds=10, quick_rounds=3, target=0.95),
    Plan("nn_mlp_step", "ms/step", 1e3, repeats=3, rounds=10, quick_rounds=3, target=1.3),
    Plan("nn_small_step", "us/step", 1e6, repeats=20, rounds=15, quick_rounds=5, target=0.5),
    Plan("wide_elementwise", "ms/pass", 1e3, repeats=2, rounds=10, quick_rounds=3,
         target=0.75),
    Plan("deep_graph", "s/run", 1.0, repeats=1, rounds=3, quick_rounds=1, size=100_000,
         quick_size=20_000, target=0.6),
    Plan("digits_epoch", "ms/epoch", 1e3, repeats=1, rounds=8, quick_rounds=2, size=None,
         quick_size=320, target=1.0),
    Plan("adam_step", "us/step", 1e6, repeats=20, rounds=10, quick_rounds=3, target=1.0),
    Plan("hessian_small", "ms/call", 1e3, repeats=3, rounds=15, quick_rounds=2, target=0.5),
    Plan("jacobian_batch", "ms/call", 1e3, repeats=3, rounds=15, quick_rounds=2,
         target=0.7),
    Plan("lenet_step", "ms/step", 1e3, repeats=3, rounds=10, quick_rounds=2, quick_size=8,
         target=1.0),
    Plan("resnet_block", "ms/pass", 1e3, repeats=1, rounds=8, quick_rounds=2, quick_size=2,
         target=1.0),
    Plan("gru_step", "ms/step", 1e3, repeats=1, rounds=8, quick_rounds=2, quick_size=4,
         target=1.5),
    # Issue 12: within 2x of torch's one-thread time, with torch's numbers bit for bit.
    *(Plan(name, "ms/call", 1e3, repeats=1, rounds=6, quick_rounds=2, quick_size=100_000,
           target=2.0)
      for name in ("rand_10m", "rand64_10m", "randn_10m", "randn64_10m", "randint_10m")),
    # No ratio target: torch's shuffle is a sequential Fisher-Yates pass, which issue 12
    # asks to keep a small fraction of an epoch (docs/performance.md, "Random streams").
    Plan("randperm_60k", "ms/call", 1e3, repeats=5, rounds=10, quick_rounds=3),
)
DEEP_GRAPH_MEMORY_TARGET = 0.6


# ---------------------------------------------------------------------- libraries
def _load_torch(allow_install: bool):
    try:
        import torch
    except ImportError:  # an installed torch that fails to load (OSError) is not hidden
        if not allow_install:
            return None
        print(f"torch is not installed; trying `pip install {TORCH_REQUIREMENT}` ...",
              flush=True)
        done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet",
                               TORCH_REQUIREMENT], check=False)
        if done.returncode != 0:
            return None
        importlib.invalidate_caches()
        try:
            import torch
        except ImportError:
            return None
    torch.set_num_threads(1)
    return torch


def load_libraries(wanted: list[str], allow_install: bool) -> dict:
    """name -> module (or the autograd package) for every wanted library that is available."""
    loaded = {}
    for name in wanted:
        if name == "ember":
            import ember

            loaded[name] = ember
        elif name == "torch":
            torch = _load_torch(allow_install)
            if torch is None:
                print("torch could not be imported or installed: the torch column is absent.")
            else:
                loaded[name] = torch
        elif name == "autograd":
            try:
                import autograd
            except ImportError:
                print("HIPS autograd is not installed (pip install -e '.[bench]'): "
                      "the autograd column is absent.")
            else:
                loaded[name] = autograd
        else:
            raise SystemExit(f"unknown library {name!r}; choose from {', '.join(LIBRARIES)}")
    return loaded


def _version(name: str, module) -> str:
    version = getattr(module, "__version__", None)
    if version is None:
        from importlib.metadata import version as dist_version

        version = dist_version(name)
    return str(version)


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def describe_machine(libraries: dict) -> dict:
    info = {
        "date": datetime.date.today().isoformat(),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
    }
    for name, module in libraries.items():
        info[name] = _version(name, module)
    return info


# ---------------------------------------------------------------------- timing
def make_runner(library: str, module, workload: str, size: int | None):
    """A runner of `workload` for `library`, or None where the library has no such API
    (HIPS autograd has no optimizers or data loaders)."""
    if library == "autograd":
        if workload in workloads.TORCH_API_ONLY:
            return None
        return workloads.make_autograd(workload, size)
    return workloads.make_torch_like(module, workload, size)


def _as_array(value) -> np.ndarray:
    """A result of any library as a float64 NumPy array, for the cross-library check."""
    if hasattr(value, "detach"):
        value = value.detach().numpy()
    return np.asarray(value, dtype=np.float64)


def _check_agreement(workload: str, results: dict) -> None:
    reference = _as_array(results["ember"]) if "ember" in results else None
    for name, value in results.items():
        if reference is None or name == "ember":
            continue
        other = _as_array(value)
        if other.shape != reference.shape or not np.allclose(other, reference, rtol=1e-3,
                                                             atol=1e-4):
            print(f"  warning: {workload}: {name} computed different values from ember "
                  f"(max difference {np.max(np.abs(other - reference)):.3g})")


def time_workload(plan: Plan, libraries: dict, quick: bool) -> dict:
    """Seconds per repetition, one sample per round, for each library (interleaved rounds)."""
    size = plan.quick_size if quick and plan.quick_size else plan.size
    runners = {name: make_runner(name, module, plan.name, size)
               for name, module in libraries.items()}
    runners = {name: run for name, run in runners.items() if run is not None}
    _check_agreement(plan.name, {name: run() for name, run in runners.items()})
    samples: dict = {name: [] for name in runners}
    names = list(runners)
    for round_index in range(plan.quick_rounds if quick else plan.rounds):
        shift = round_index % len(names)
        for name in names[shift:] + names[:shift]:
            run = runners[name]
            gc.collect()
            start = time.perf_counter()
            for _ in range(plan.repeats):
                run()
            samples[name].append((time.perf_counter() - start) / plan.repeats)
    return samples


def probe_memory(library: str, n_ops: int, use_tracemalloc: bool = False) -> dict | None:
    """Peak memory of deep_graph for one library, from a fresh subprocess."""
    command = [sys.executable, str(HERE / "memory_probe.py"), library, str(n_ops)]
    if use_tracemalloc:
        command.append("--tracemalloc")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"  memory probe for {library} failed:\n{done.stderr.strip()}")
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------- report
@dataclass
class Row:
    """One line of the table: a median per library, and ember's ratios to the others."""

    workload: str
    unit: str
    values: dict
    target: float | None
    samples: dict | None = None  # per-round samples, aligned across libraries

    @classmethod
    def from_samples(cls, workload: str, unit: str, samples: dict, scale: float,
                     target: float | None) -> Row:
        scaled = {name: [value * scale for value in values] for name, values in samples.items()}
        medians = {name: statistics.median(values) for name, values in scaled.items()}
        return cls(workload, unit, medians, target, scaled)

    def paired_ratios(self, other: str) -> list[float]:
        """ember / other within each round: both were timed seconds apart, so a slow spell
        of a shared machine divides out."""
        if not self.samples or "ember" not in self.samples or other not in self.samples:
            return []
        return [mine / theirs for mine, theirs in zip(self.samples["ember"], self.samples[other])]

    def ratio(self, other: str) -> float | None:
        if "ember" not in self.values or other not in self.values:
            return None
        paired = self.paired_ratios(other)
        if paired:
            return statistics.median(paired)
        return self.values["ember"] / self.values[other]

    def spread(self, other: str) -> tuple[float, float] | None:
        """The middle half (25th to 75th percentile) of the paired ratios."""
        paired = sorted(self.paired_ratios(other))
        if len(paired) < 4:
            return None
        quartiles = statistics.quantiles(paired, n=4)
        return quartiles[0], quartiles[2]

    def verdict(self) -> str:
        ratio = self.ratio("torch")
        if self.target is None:
            return ""
        if ratio is None:
            return "n/a (no torch)"
        return "PASS" if ratio <= self.target else "MISS"


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def format_table(rows: list[Row]) -> str:
    header = ["workload", "unit", "ember", "torch", "autograd", "ember/torch",
              "(middle half)", "ember/autograd", "target", "result"]
    lines = [header]
    for row in rows:
        target = f"<= {row.target:g}" if row.target is not None else ""
        spread = row.spread("torch")
        spread_text = f"{_fmt(spread[0])}-{_fmt(spread[1])}" if spread else ""
        lines.append([row.workload, row.unit, *(_fmt(row.values.get(lib)) for lib in LIBRARIES),
                      _fmt(row.ratio("torch")), spread_text, _fmt(row.ratio("autograd")),
                      target, row.verdict()])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for index, line in enumerate(lines):
        out.append("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())
        if index == 0:
            out.append("  ".join("-" * width for width in widths))
    return "\n".join(out)


# ---------------------------------------------------------------------- main
def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="~30 s smoke run")
    parser.add_argument("--keep-blas-env", action="store_true",
                        help="keep OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE (dropped by default)")
    parser.add_argument("--libs", default=",".join(LIBRARIES),
                        help="comma-separated subset of ember,torch,autograd")
    parser.add_argument("--only", default=None,
                        help="comma-separated subset of the workloads")
    parser.add_argument("--json", type=Path, default=None, help="also write results here")
    parser.add_argument("--no-install", action="store_true",
                        help="do not try to pip install torch when it is missing")
    parser.add_argument("--no-memory", action="store_true",
                        help="skip the deep_graph peak-memory subprocesses")
    parser.add_argument("--tracemalloc", action="store_true",
                        help="also report the Python-heap peak of deep_graph (slow)")
    return parser.parse_args(argv)


def describe_blas() -> str:
    """Which BLAS NumPy loaded and which CPU kernels it runs (threadpoolctl, when present)."""
    dropped = ", ".join(f"{name}={value}" for name, value in DROPPED_BLAS_ENV.items())
    note = f" (dropped for this run: {dropped})" if dropped else ""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return f"blas: threadpoolctl not installed, kernel unknown{note}"
    found = [f"{info.get('internal_api')} {info.get('version')} {info.get('architecture', '')}"
             for info in threadpool_info() if info.get("user_api") == "blas"]
    return f"blas: {'; '.join(found) or 'none found'}{note}"


def main(argv: list[str] | None = None) -> list[Row]:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    libraries = load_libraries([name.strip() for name in args.libs.split(",") if name.strip()],
                               allow_install=not args.no_install)
    machine = describe_machine(libraries)
    print("  ".join(f"{key}: {value}" for key, value in machine.items()))
    threads = "OMP/OpenBLAS/MKL_NUM_THREADS=1"
    if "torch" in libraries:
        threads += ", torch.set_num_threads(1)"
    print(f"threads: 1 ({threads}){'  [--quick]' if args.quick else ''}")
    print(f"{describe_blas()}\n", flush=True)
    only = set(args.only.split(",")) if args.only else set(workloads.ALL_WORKLOADS)
    rows: list[Row] = []
    started = time.perf_counter()
    for plan in PLANS:
        if plan.name not in only:
            continue
        print(f"timing {plan.name} ...", flush=True)
        samples = time_workload(plan, libraries, args.quick)
        rows.append(Row.from_samples(plan.name, plan.unit, samples, plan.per_second,
                                     plan.target))
        if plan.name == "deep_graph" and not args.no_memory:
            rows.extend(_memory_rows(plan, libraries, args))
    print(f"\n{format_table(rows)}\n")
    print("Times are medians over interleaved rounds; a ratio is the median of the per-round\n"
          "ratios (middle half: their 25th-75th percentiles). Below 1, ember is faster or\n"
          f"smaller. Took {time.perf_counter() - started:.0f} s.")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine, "quick": args.quick, "rows": [
            {"workload": r.workload, "unit": r.unit, "values": r.values, "target": r.target,
             "ember/torch": r.ratio("torch"), "ember/torch middle half": r.spread("torch"),
             "ember/autograd": r.ratio("autograd"), "result": r.verdict(), "samples": r.samples}
            for r in rows]}, indent=2) + "\n")
    return rows


def _memory_rows(plan: Plan, libraries: dict, args: argparse.Namespace) -> list[Row]:
    n_ops = plan.quick_size if args.quick else plan.size
    print("measuring deep_graph peak memory (one subprocess per library) ...", flush=True)
    peaks = {}
    for name in libraries:
        probe = probe_memory(name, n_ops)
        if probe is not None:
            peaks[name] = probe["peak_kib"] / 1024
    rows = [Row("deep_graph peak RSS", "MiB", peaks, DEEP_GRAPH_MEMORY_TARGET)]
    if args.tracemalloc:
        heap = {}
        for name in libraries:
            if name != "torch":
                probe = probe_memory(name, n_ops, use_tracemalloc=True)
                if probe is not None:
                    heap[name] = probe["peak_kib"] / 1024
        rows.append(Row("deep_graph peak py-heap", "MiB", heap, None))
    return rows


if __name__ == "__main__":
    main()
