"""The benchmark suite (benchmarks/) must keep running: each workload once, tiny, on ember.

No timings are asserted; what is checked is that the workloads still run on ember's API and
compute what they claim to (so a benchmark cannot silently time something broken).
"""

from __future__ import annotations

import importlib.util
import math
import os
import sys
from pathlib import Path

import numpy as np
import pytest

import ember

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _load(name: str):
    """Import benchmarks/<name>.py under a private name (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    saved_environ, saved_path = dict(os.environ), list(sys.path)
    try:
        spec.loader.exec_module(module)
    finally:
        # The scripts pin BLAS threads and extend sys.path for themselves; undo that here.
        os.environ.clear()
        os.environ.update(saved_environ)
        sys.path[:] = saved_path
    return module


workloads = _load("workloads")

TINY_SIZES = {"tiny_chain": 8, "deep_graph": 40, "seed_loop": None, "mlp_step": 4,
              "nn_mlp_step": 4, "nn_small_step": 2, "wide_elementwise": 16}


@pytest.mark.parametrize("workload", workloads.WORKLOADS)
def test_each_workload_runs_once_on_ember(workload):
    result = workloads.make_torch_like(ember, workload, TINY_SIZES[workload])()
    assert np.all(np.isfinite(np.asarray(result.detach().numpy(), dtype=np.float64)))


def test_chain_gradient_is_the_product_of_the_local_derivatives():
    n_ops = 12
    grad = workloads.chain_torch_like(ember, n_ops).numpy()
    y = np.arange(4.0)
    expected = np.ones(4)
    for _ in range(n_ops // 4):
        y = y * 0.5 + 0.25
        expected = expected * 0.5 * np.cos(y)
        y = np.exp(np.sin(y))
        expected = expected * y
    np.testing.assert_allclose(grad, expected, rtol=1e-5)


def test_seed_loop_gradient_is_the_power_of_two_the_loop_reached():
    doublings = 1
    while workloads.SEED_INPUT * 2**doublings < 1000:
        doublings += 1
    grad = workloads.make_torch_like(ember, "seed_loop")()
    assert grad.tolist() == [2.0**doublings]


def test_mlp_step_updates_the_weights_and_lowers_the_loss():
    step = workloads.make_torch_like(ember, "mlp_step", 8)
    losses = [step().item() for _ in range(5)]
    assert all(math.isfinite(loss) for loss in losses)
    assert losses[-1] < losses[0]


@pytest.mark.parametrize("workload", workloads.WORKLOADS)
def test_autograd_version_computes_what_the_ember_version_computes(workload):
    pytest.importorskip("autograd")  # only installed by the `bench` extra
    size = TINY_SIZES[workload]
    ours = workloads.make_torch_like(ember, workload, size)().detach().numpy()
    theirs = workloads.make_autograd(workload, size)()
    np.testing.assert_allclose(np.asarray(theirs, dtype=np.float64), ours, rtol=1e-4, atol=1e-6)


def test_memory_probe_reports_a_peak_for_ember():
    probe = _load("memory_probe")
    report = probe.measure("ember", 400, use_tracemalloc=True)
    assert report["library"] == "ember" and report["peak_kib"] > 0


def test_numpy_floor_times_every_phase_of_both_steps(capsys, monkeypatch):
    floor = _load("numpy_floor")
    monkeypatch.setattr(sys, "argv", ["numpy_floor.py", "--steps", "2"])
    floor.main()
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[1:]] == [*floor.PHASES, "step"]
    assert all(float(line.split()[1]) > 0 and float(line.split()[2]) > 0 for line in lines[1:])


def test_run_prints_a_table_with_a_verdict(capsys):
    run = _load("run")
    rows = run.main(["--quick", "--libs", "ember", "--only", "tiny_chain,seed_loop",
                     "--no-install"])
    assert [row.workload for row in rows] == ["tiny_chain", "seed_loop"]
    assert rows[0].verdict() == "n/a (no torch)"
    printed = capsys.readouterr().out
    assert "tiny_chain" in printed and "us/op" in printed


def test_training_workloads_learn_and_step():
    epoch = workloads.make_torch_like(ember, "digits_epoch", 256)
    losses = [epoch().item() for _ in range(4)]
    assert losses[-1] < losses[0]
    step = workloads.make_torch_like(ember, "adam_step", 3)
    before = step().detach().clone()
    after = step().detach()
    # Adam's first steps move every weight by about lr (the gradient is fixed)
    np.testing.assert_allclose(np.abs((after - before).numpy()), 1e-3, rtol=0.05)


@pytest.mark.parametrize("workload, size", [("lenet_step", 4), ("resnet_block", 1),
                                            ("gru_step", 2)])
def test_layer_workloads_run_on_ember(workload, size):
    run = workloads.make_torch_like(ember, workload, size)
    first = run().detach().numpy().copy()
    assert np.all(np.isfinite(first)) and np.any(first != 0)
    if workload == "lenet_step":  # an SGD step: the same batch again gives a lower loss
        assert run().item() < first.item()
