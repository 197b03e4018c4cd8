"""torch.save/torch.load of complex tensors (torch's ComplexFloatStorage and
ComplexDoubleStorage), both directions with real torch when it is importable."""

from __future__ import annotations

import subprocess
import sys

import pytest

import ember

_TORCH_SAVES = """
import sys, torch
a = torch.tensor([[1+2j, 3-4j], [0.5j, -1]], dtype=torch.complex64)
torch.save({"a": a, "column": a[:, 1], "b": torch.tensor([1+1e-10j, 2], dtype=torch.complex128)},
           sys.argv[1])
"""

_TORCH_LOADS = """
import sys, torch
d = torch.load(sys.argv[1])
print(repr({k: (str(v.dtype), v.tolist(), v.stride()) for k, v in d.items()}))
"""


def _torch(source: str, path) -> subprocess.CompletedProcess:
    if subprocess.run([sys.executable, "-c", "import torch"], capture_output=True).returncode:
        pytest.skip("torch is not importable in this environment")
    done = subprocess.run([sys.executable, "-c", source, str(path)], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    return done


def test_round_trip_in_ember(tmp_path):
    z = ember.tensor([[1 + 2j, -3j]], dtype=ember.complex128)
    ember.save({"z": z, "t": z.t(), "f": z.to(ember.complex64)}, tmp_path / "z.pt")
    back = ember.load(tmp_path / "z.pt")
    assert back["z"].dtype == ember.complex128 and back["z"].tolist() == z.tolist()
    assert back["t"].tolist() == z.t().tolist() and back["f"].dtype == ember.complex64


@pytest.mark.torch_live
def test_torch_checkpoint_loads_in_ember(tmp_path):
    _torch(_TORCH_SAVES, tmp_path / "t.pt")
    d = ember.load(tmp_path / "t.pt")
    assert d["a"].dtype == ember.complex64 and d["b"].dtype == ember.complex128
    assert d["a"].tolist() == [[1 + 2j, 3 - 4j], [0.5j, -1]]
    assert d["column"].tolist() == [3 - 4j, -1] and d["b"].tolist() == [1 + 1e-10j, 2]


@pytest.mark.torch_live
def test_ember_checkpoint_loads_in_torch(tmp_path):
    e = ember.tensor([[1 + 2j, 3 - 4j], [0.5j, -1]])
    ember.save({"e": e, "f": e.to(ember.complex128).t(), "g": e[1]}, tmp_path / "e.pt")
    got = eval(_torch(_TORCH_LOADS, tmp_path / "e.pt").stdout)  # noqa: S307 - our own repr
    assert got == {
        "e": ("torch.complex64", [[1 + 2j, 3 - 4j], [0.5j, -1]], (2, 1)),
        "f": ("torch.complex128", [[1 + 2j, 0.5j], [3 - 4j, -1]], (1, 2)),
        "g": ("torch.complex64", [0.5j, -1], (1,)),
    }
