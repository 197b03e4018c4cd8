"""ember.utils.data against torch: every case of tests/reference/data_reference.json
(recorded by scripts/record_data_reference.py) is re-run with ember in torch's place and
must print exactly as torch's did, values and error messages alike."""

from __future__ import annotations

import json
import pathlib
import warnings

import numpy as np
import pytest

import ember
import ember.utils.data

_REFERENCE = json.loads((pathlib.Path(__file__).resolve().parent.parent
                         / "reference/data_reference.json").read_text())


def _evaluate(code: str) -> str:
    scope = {"torch": ember, "data": ember.utils.data, "np": np}
    exec(_REFERENCE["prelude"], scope)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return repr(eval(code, scope))
    except Exception as error:  # noqa: BLE001 - the error is what is compared
        return f"{type(error).__name__}: {error}"


@pytest.mark.parametrize("name", sorted(_REFERENCE["cases"]))
def test_matches_torch(name: str) -> None:
    case = _REFERENCE["cases"][name]
    assert _evaluate(case["code"]) == case["torch"]
