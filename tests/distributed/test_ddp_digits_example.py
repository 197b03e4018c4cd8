"""examples/ddp_digits.py learns with 2 processes, started by the launcher."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import ember

from . import _launch

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ddp_digits.py"


def test_ddp_digits_learns_with_two_processes(tmp_path):
    pytest.importorskip("sklearn")
    result = _launch.run([sys.executable, "-m", "ember.distributed.run", "--nproc-per-node",
                          "2", str(EXAMPLE), "--epochs", "1", "--out", str(tmp_path)], 120)
    _launch.check_ok(result)
    lines = [line for line in result.stdout.splitlines() if line.startswith("epoch")]
    assert len(lines) == 1 and all(line.endswith("(2 processes)") for line in lines)
    final_accuracy = float(lines[-1].split("test accuracy ")[1].split()[0])
    assert final_accuracy > 0.8
    assert "training samples/s over 2 processes" in result.stdout
    state = ember.load(tmp_path / "ddp_digits_mlp.pt")
    assert list(state) == ["0.weight", "0.bias", "2.weight", "2.bias"]
