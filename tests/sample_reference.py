"""What the tests comparing every op sample with torch's recorded side share
(test_double_backward_names.py, test_saved_inputs.py; the records are written by the
scripts in scripts/ through scripts/_sample_sides.py): torch's records per op, and the
differences left listed as KNOWN = {"op[i]...": (torch's, ember's)}."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import ember

ROOT = Path(__file__).resolve().parent.parent


def load(reference_path: str) -> dict:
    return json.loads((ROOT / reference_path).read_text())


def not_recorded(samples: dict, reference: dict) -> list[str]:
    """Ops with samples added since torch's side was recorded."""
    return sorted(name for name in samples if len(samples[name]) > len(reference.get(name, ())))


def unknown_keys(known: dict, reference: dict) -> list[str]:
    """KNOWN entries that name no recorded sample."""
    wrong = []
    for key in known:
        name, index = key.split("[")[0], int(key.split("[")[1].split("]")[0])
        if name not in reference or index >= len(reference[name]):
            wrong.append(key)
    return wrong


def compare(name: str, samples: dict, reference: dict, known: dict, record: Callable,
            differences: Callable) -> tuple[dict, list]:
    """(the differences from torch not in KNOWN, the KNOWN ones that went away) for one op.
    Only the recorded samples count: samples are appended, and one inserted before them
    shows up as a difference (rerun the script)."""
    ours = {name: [record(ember, sample) for sample in samples[name][:len(reference[name])]]}
    found = differences(ours, {name: reference[name]})
    expected = {key: tuple(value) for key, value in known.items()
                if key.split("[")[0] == name}
    new = {k: v for k, v in found.items() if expected.get(k) != v}
    gone = sorted(k for k in expected if k not in found)
    return new, gone
