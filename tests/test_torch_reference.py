"""Replay snippets recorded from real PyTorch on ember: same text, errors, warnings and values.

The cases live in ``reference/cases_<topic>.py``; ``scripts/record_torch_reference.py`` ran each
one with torch 2.13 and stored what it printed, the type of the exception it raised, the
categories of its warnings, and the ``result`` it set, in ``reference/recorded/<topic>.json``.
Here every case runs again with ``torch`` bound to ember and must show the same. Torch is not
needed, except by the ``torch_live`` test, which re-records a few cases to prove the stored
data is current.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import ember

RECORDER_PATH = Path(__file__).resolve().parent.parent / "scripts" / "record_torch_reference.py"


def _load_recorder():
    """The recorder script, imported by path: the replay runs cases exactly as it recorded."""
    spec = importlib.util.spec_from_file_location("record_torch_reference", RECORDER_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


recorder = _load_recorder()
VERSIONS, RECORDS = recorder.load_records()

# (rtol, atol) per result dtype; untyped results (Python numbers, lists) get float32's.
TOLERANCES = {
    "float16": (1e-3, 1e-5),
    "float32": (1e-5, 1e-6),
    "float64": (1e-10, 1e-12),
    None: (1e-5, 1e-6),
}


# ---------------------------------------------------------------------------- comparison
def _decode(values: Any) -> Any:
    """Undo the recorder's encoding of NaN and infinities as strings."""
    if isinstance(values, list):
        return [_decode(v) for v in values]
    if isinstance(values, str):
        return float(values)
    return values


def results_mismatch(expected: dict | None, observed: dict | None) -> str | None:
    """Why two encoded results differ (None when they agree within the dtype's tolerance)."""
    if expected is None or observed is None:
        return None if expected is observed else f"result: expected {expected}, got {observed}"
    if (expected["dtype"], expected["shape"]) != (observed["dtype"], observed["shape"]):
        return (f"result dtype/shape: expected {expected['dtype']} {expected['shape']}, "
                f"got {observed['dtype']} {observed['shape']}")
    want, got = _decode(expected["values"]), _decode(observed["values"])
    try:
        want_array = np.asarray(want, dtype=np.float64)
        got_array = np.asarray(got, dtype=np.float64)
    except (ValueError, TypeError):  # ragged or non-numeric: only exact equality makes sense
        return None if want == got else f"result: expected {want}, got {got}"
    rtol, atol = TOLERANCES.get(expected["dtype"], (0.0, 0.0))
    if want_array.shape == got_array.shape and np.allclose(
        got_array, want_array, rtol=rtol, atol=atol, equal_nan=True
    ):
        return None
    return f"result values: expected {want}, got {got} (rtol={rtol}, atol={atol})"


def differences(expected: dict, observed: dict) -> list[str]:
    """Every way in which a replay differs from the record."""
    found = []
    if observed["error"] != expected["error"]:
        found.append(f"error: expected {expected['error']}, got {observed['error']}")
    if observed["stdout"] != expected["stdout"]:
        found.append(f"stdout:\n--- torch\n{expected['stdout']}--- ember\n{observed['stdout']}")
    if observed["warnings"] != expected["warnings"]:
        found.append(f"warnings: expected {expected['warnings']}, got {observed['warnings']}")
    mismatch = results_mismatch(expected["result"], observed["result"])
    if mismatch:
        found.append(mismatch)
    return found


# ---------------------------------------------------------------------------- the replay
@pytest.fixture
def torch_is_ember(monkeypatch):
    """Sources may `import torch` (or `import torch.nn.functional as F`): that must give
    ember (its submodules under torch's names), with default global state."""
    monkeypatch.setitem(sys.modules, "torch", ember)
    for name, module in list(sys.modules.items()):
        if name.startswith("ember."):
            monkeypatch.setitem(sys.modules, "torch" + name[len("ember"):], module)
    ember.set_printoptions(profile="default")
    ember.autograd.set_detect_anomaly(False)
    yield
    ember.autograd.set_detect_anomaly(False)


@pytest.mark.parametrize("case", RECORDS, ids=[f"{r['topic']}-{r['id']}" for r in RECORDS])
def test_ember_shows_what_torch_showed(case, torch_is_ember):
    observed = recorder.run_case(ember, case["source"], f"<case {case['id']}>")
    found = differences(case, observed)
    if found and observed["traceback"]:
        found.append(f"ember raised:\n{observed['traceback']}")
    assert not found, f"case {case['id']}:\n{case['source']}\n\n" + "\n".join(found)


def test_every_case_is_recorded_with_its_current_source():
    # Editing a case file without re-running the recorder would test against stale data.
    current = [(c["id"], c["topic"], c["source"]) for c in recorder.load_cases()]
    recorded = [(r["id"], r["topic"], r["source"]) for r in RECORDS]
    stale = sorted({topic for (_, topic, _) in set(recorded) ^ set(current)})
    assert recorded == current, (
        f"tests/reference/recorded/ is out of date for topics {stale}: run "
        "`python scripts/record_torch_reference.py --topic TOPIC` with torch installed"
    )


def test_the_reference_was_recorded_from_torch_2_13():
    assert VERSIONS and all(version.startswith("2.13.") for version in VERSIONS), VERSIONS


# ---------------------------------------------------------------------------- harness checks
def test_results_are_compared_with_the_dtypes_tolerance():
    recorded = recorder.encode_result(ember.tensor([1.0, float("nan"), float("inf")]))
    assert recorded["values"] == [1.0, "nan", "inf"]
    close = {**recorded, "values": [1.0 + 5e-7, "nan", "inf"]}
    far = {**recorded, "values": [1.001, "nan", "inf"]}
    assert results_mismatch(recorded, close) is None
    assert "result values" in results_mismatch(recorded, far)
    as_double = {**recorded, "dtype": "float64"}
    assert "dtype" in results_mismatch(recorded, as_double)


def test_the_runner_observes_output_errors_and_warnings(torch_is_ember):
    source = (
        "import torch, warnings\n"
        "print(torch.ones(2))\n"
        "warnings.warn('careful')\n"
        "result = torch.tensor(2.5)\n"
        "raise ValueError('stop')\n"
        "print('never')\n"
    )
    observed = recorder.run_case(ember, source)
    assert observed["stdout"] == "tensor([1., 1.])\n"
    assert observed["error"] == "ValueError"
    assert observed["warnings"] == ["UserWarning"]
    assert observed["result"] == {"dtype": "float32", "shape": [], "values": 2.5}


# ---------------------------------------------------------------------------- live torch
def _python_with_torch() -> str | None:
    """This interpreter if it can import torch, else the one named by EMBER_TORCH_PYTHON."""
    if importlib.util.find_spec("torch") is not None:
        return sys.executable
    return os.environ.get("EMBER_TORCH_PYTHON")


def _live_sample() -> list[str]:
    """The first two cases of each topic: a cheap probe that the stored data is current."""
    chosen: dict[str, list[str]] = {}
    for r in RECORDS:
        ids = chosen.setdefault(r["topic"], [])
        if len(ids) < 2:
            ids.append(r["id"])
    return [i for ids in chosen.values() for i in ids]


@pytest.mark.torch_live
def test_recorded_cases_match_live_torch():
    python = _python_with_torch()
    if python is None:
        pytest.skip("torch is not installed (or set EMBER_TORCH_PYTHON to a Python that has it)")
    completed = subprocess.run(
        [python, str(RECORDER_PATH), "--check", *_live_sample()],
        capture_output=True, text=True, timeout=300, check=True,
    )
    live = json.loads(completed.stdout)
    stored = {r["id"]: r for r in RECORDS}
    for fresh in live["cases"]:
        found = differences(stored[fresh["id"]], fresh)
        assert not found, (
            f"case {fresh['id']} differs under torch {live['torch_version']} from the record "
            f"made with {VERSIONS[0]}:\n" + "\n".join(found)
        )
