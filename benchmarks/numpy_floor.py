"""mlp_step against its NumPy floor, phase by phase, in thread time.

    python benchmarks/numpy_floor.py [--steps 300]

The floor is the same step written by hand in NumPy with ember's layouts (the eight GEMMs,
bias adds, ReLU masks, the cross-entropy's gradient in closed form, the SGD update): what
ember's step would cost with no Python work of its own. Both run interleaved, step by step,
in one process with one BLAS thread, and each phase's median is printed side by side, so
the gap shows where ember's own work sits (docs/performance.md, fourteenth session).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"
for _var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):  # (as run.py: NumPy's own kernels)
    os.environ.pop(_var, None)

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

import workloads  # noqa: E402

import ember  # noqa: E402

PHASES = ("mm1", "bias+relu1", "mm2", "bias+relu2", "mm3", "bias3", "loss", "backward", "sgd")
_BATCH, _SIZES, _LR = 128, (784, 256, 256, 10), np.float32(0.01)


def ember_step():
    """mlp_step on ember, returning each phase's thread time (ns)."""
    arrays, inputs, onehot = workloads._mlp_arrays(_BATCH, _SIZES)
    params = [ember.tensor(a, requires_grad=True) for a in arrays]
    x, y = ember.tensor(inputs), ember.tensor(onehot)

    def run():
        marks = [time.thread_time_ns()]
        h = x
        for layer in range(3):
            h = h @ params[2 * layer]
            marks.append(time.thread_time_ns())
            h = h + params[2 * layer + 1]
            if layer != 2:
                h = h.relu()
            marks.append(time.thread_time_ns())
        loss = (h.exp().sum(1).log() - (h * y).sum(1)).mean()
        marks.append(time.thread_time_ns())
        loss.backward()
        marks.append(time.thread_time_ns())
        with ember.no_grad():
            for p in params:
                p -= 0.01 * p.grad
                p.grad = None
        marks.append(time.thread_time_ns())
        return np.diff(marks)

    return run


def numpy_step():
    """The same step by hand in NumPy, phase by phase."""
    arrays, inputs, onehot = workloads._mlp_arrays(_BATCH, _SIZES)
    params = [a.copy() for a in arrays]

    def run():
        marks = [time.thread_time_ns()]
        h, kept, masks = inputs, [], []
        for layer in range(3):
            kept.append(h)
            h = h @ params[2 * layer]
            marks.append(time.thread_time_ns())
            h += params[2 * layer + 1]
            if layer != 2:
                masks.append(h > 0)
                np.maximum(h, 0, out=h)
            marks.append(time.thread_time_ns())
        e = np.exp(h)
        total = np.add.reduce(e, 1)
        (np.log(total) - np.add.reduce(h * onehot, 1)).mean()
        marks.append(time.thread_time_ns())
        g = e / total[:, None]
        g -= onehot
        g *= np.float32(1 / _BATCH)
        grads = [None] * 6
        for layer in range(2, -1, -1):
            grads[2 * layer] = kept[layer].T @ g
            grads[2 * layer + 1] = np.add.reduce(g, 0)
            if layer:
                g = g @ params[2 * layer].T
                g *= masks[layer - 1]
        marks.append(time.thread_time_ns())
        for p, grad in zip(params, grads):
            p -= _LR * grad
        marks.append(time.thread_time_ns())
        return np.diff(marks)

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=300)
    steps = parser.parse_args().steps
    runs = {"ember": ember_step(), "numpy": numpy_step()}
    for run in runs.values():
        for _ in range(3):
            run()
    samples: dict = {name: [] for name in runs}
    for i in range(steps):
        for name in (list(runs) if i % 2 == 0 else list(runs)[::-1]):
            samples[name].append(runs[name]())
    medians = {name: np.median(np.array(rows), axis=0) / 1e3 for name, rows in samples.items()}
    print(f"{'phase':12s} {'ember us':>9s} {'numpy us':>9s} {'gap':>8s}")
    for i, phase in enumerate(PHASES):
        e, f = medians["ember"][i], medians["numpy"][i]
        print(f"{phase:12s} {e:9.1f} {f:9.1f} {e - f:+8.1f}")
    e, f = medians["ember"].sum(), medians["numpy"].sum()
    print(f"{'step':12s} {e:9.1f} {f:9.1f} {e - f:+8.1f}")


if __name__ == "__main__":
    main()
