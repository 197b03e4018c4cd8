"""ember.utils.data against torch: every case of tests/reference/data_reference.json
(recorded by scripts/record_data_reference.py) is re-run with ember in torch's place and
must print exactly as torch's did, values and error messages alike."""

from __future__ import annotations

import importlib.util
import json
import pathlib

import pytest

import ember
import ember.utils.data

_ROOT = pathlib.Path(__file__).resolve().parents[2]
_REFERENCE = json.loads((_ROOT / "tests/reference/data_reference.json").read_text())


def _load_recorder():
    """The recorder script (it imports torch only in main): cases run exactly as recorded."""
    path = _ROOT / "scripts/record_data_reference.py"
    spec = importlib.util.spec_from_file_location("record_data_reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_recorder = _load_recorder()


def _evaluate(code: str) -> str:
    return _recorder.evaluate(ember, ember.utils.data, code)


def test_the_recorded_prelude_is_the_recorders():
    assert _REFERENCE["prelude"] == _recorder.PRELUDE


@pytest.mark.parametrize("name", sorted(_REFERENCE["cases"]))
def test_matches_torch(name: str) -> None:
    case = _REFERENCE["cases"][name]
    assert _evaluate(case["code"]) == case["torch"]
