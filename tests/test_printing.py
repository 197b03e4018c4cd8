"""Tests for ember._printing: tensor text must match PyTorch's character for character.

Every expected string below, and every case in reference/printing_reprs.json, was recorded from
real PyTorch 2.13; torch itself is not needed to run these tests.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ember._printing import get_printoptions, set_printoptions, tensor_repr

REFERENCE_FILE = Path(__file__).parent / "reference" / "printing_reprs.json"
DEFAULT_OPTIONS = {
    "precision": 4,
    "threshold": 1000,
    "edgeitems": 3,
    "linewidth": 80,
    "sci_mode": None,
}


@pytest.fixture(autouse=True)
def _restore_print_options():
    set_printoptions(profile="default")
    yield
    set_printoptions(profile="default")


def show(data: Any, dtype: str = "float32", suffixes: list[str] | None = None, **options) -> str:
    """Render ``data`` as a tensor of ``dtype`` under temporary print options."""
    set_printoptions(**options)
    try:
        return tensor_repr(np.asarray(data), dtype, "float32", suffixes or [])
    finally:
        set_printoptions(profile="default")


# --- print options -------------------------------------------------------------------------


def test_default_options():
    assert get_printoptions() == DEFAULT_OPTIONS


def test_profiles():
    set_printoptions(profile="short")
    assert get_printoptions() == {**DEFAULT_OPTIONS, "precision": 2, "edgeitems": 2}
    set_printoptions(profile="full")
    assert get_printoptions() == {**DEFAULT_OPTIONS, "threshold": math.inf}
    set_printoptions(profile="default")
    assert get_printoptions() == DEFAULT_OPTIONS


def test_explicit_arguments_override_profile():
    set_printoptions(profile="short", precision=6, linewidth=120)
    assert get_printoptions() == {
        **DEFAULT_OPTIONS,
        "precision": 6,
        "edgeitems": 2,
        "linewidth": 120,
    }


def test_unspecified_arguments_are_kept_except_sci_mode():
    # PyTorch assigns sci_mode on every call, so omitting it returns to automatic notation.
    set_printoptions(precision=2, sci_mode=True)
    set_printoptions(threshold=10)
    assert get_printoptions() == {**DEFAULT_OPTIONS, "precision": 2, "threshold": 10}


def test_unknown_profile_is_ignored():
    set_printoptions(precision=7)
    set_printoptions(profile="no-such-profile")
    assert get_printoptions()["precision"] == 7


def test_get_printoptions_returns_a_copy():
    get_printoptions()["precision"] = 99
    assert get_printoptions() == DEFAULT_OPTIONS


# --- hand-picked examples ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "dtype", "expected"),
    [
        (3.5, "float32", "tensor(3.5000)"),
        (28.0, "float32", "tensor(28.)"),
        (7, "int64", "tensor(7)"),
        (True, "bool", "tensor(True)"),
        (-3, "int32", "tensor(-3, dtype=torch.int32)"),
        ([0.0, 4.0, 8.0, 12.0], "float32", "tensor([ 0.,  4.,  8., 12.])"),
        ([1.5, -2.25, 3.0], "float32", "tensor([ 1.5000, -2.2500,  3.0000])"),
        ([1, -20, 300], "int64", "tensor([  1, -20, 300])"),
        ([[True, False]], "bool", "tensor([[ True, False]])"),
        ([1, 2], "int32", "tensor([1, 2], dtype=torch.int32)"),
        ([0.1, 1.5], "float16", "tensor([0.1000, 1.5000], dtype=torch.float16)"),
        ([1.0, 2.5], "float64", "tensor([1.0000, 2.5000], dtype=torch.float64)"),
        ([-0.0, 1.0], "float32", "tensor([-0., 1.])"),
    ],
)
def test_basic_values(data, dtype, expected):
    assert show(np.array(data).astype(np.dtype(dtype)), dtype) == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # Largest magnitude above 1e8, ratio above 1000, or smallest below 1e-4.
        ([1e10, 1.0], "tensor([1.0000e+10, 1.0000e+00])"),
        ([1e-5, 1.0], "tensor([1.0000e-05, 1.0000e+00])"),
        ([0.5, 2000.0], "tensor([5.0000e-01, 2.0000e+03])"),
        ([1.0, 1000.0], "tensor([   1., 1000.])"),
        # nan and inf are ignored when choosing the format but are still padded.
        ([math.nan, math.inf, -math.inf, 1.5], "tensor([   nan,    inf,   -inf, 1.5000])"),
        ([math.nan, 2.0, -math.inf], "tensor([nan, 2., -inf])"),
    ],
)
def test_notation_choice(data, expected):
    assert show(np.array(data, dtype=np.float32)) == expected


def test_forced_sci_mode_measures_width_in_the_forced_notation():
    assert show([1.5, 20.0], sci_mode=True) == "tensor([1.5000e+00, 2.0000e+01])"
    assert show([1e10, 1.0], sci_mode=False) == "tensor([10000000000.,           1.])"


def test_forced_sci_mode_does_not_apply_without_finite_nonzero_values():
    assert show([0.0, 0.0], sci_mode=True) == "tensor([0., 0.])"


def test_precision():
    assert show([1.23456, 2.5], precision=2) == "tensor([1.23, 2.50])"


def test_three_dimensions_are_separated_by_blank_lines():
    data = np.arange(8).reshape(2, 2, 2)
    expected = "tensor([[[0, 1],\n         [2, 3]],\n\n        [[4, 5],\n         [6, 7]]])"
    assert show(data, "int64") == expected


def test_rows_wrap_at_linewidth():
    data = np.arange(12, dtype=np.float32) / np.float32(7)
    assert show(data) == (
        "tensor([0.0000, 0.1429, 0.2857, 0.4286, 0.5714, 0.7143, 0.8571, 1.0000, 1.1429,\n"
        "        1.2857, 1.4286, 1.5714])"
    )
    assert show(data, linewidth=40) == (
        "tensor([0.0000, 0.1429, 0.2857, 0.4286,\n"
        "        0.5714, 0.7143, 0.8571, 1.0000,\n"
        "        1.1429, 1.2857, 1.4286, 1.5714])"
    )


def test_nested_rows_wrap_with_deeper_indent():
    data = np.arange(6, dtype=np.float32).reshape(2, 3) * np.float32(1.5)
    assert show(data, linewidth=30) == (
        "tensor([[0.0000, 1.5000,\n         3.0000],\n        [4.5000, 6.0000,\n         7.5000]])"
    )


def test_suffixes_wrap_onto_their_own_line():
    data = np.arange(8, dtype=np.float32) + np.float32(0.5)
    assert show(data, suffixes=["grad_fn=<AddBackward0>"]) == (
        "tensor([0.5000, 1.5000, 2.5000, 3.5000, 4.5000, 5.5000, 6.5000, 7.5000],\n"
        "       grad_fn=<AddBackward0>)"
    )
    assert show(np.ones((2, 2)), "float64", ["requires_grad=True"]) == (
        "tensor([[1., 1.],\n        [1., 1.]], dtype=torch.float64, requires_grad=True)"
    )


def test_summarised_tensor():
    data = np.arange(2000, dtype=np.float32)
    assert show(data) == (
        "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n"
        "        1.9990e+03])"
    )


def test_summarised_tensor_formats_only_the_shown_values():
    data = np.ones(2000, dtype=np.float32)
    data[1000] = 1e12
    assert show(data) == "tensor([1., 1., 1.,  ..., 1., 1., 1.])"


def test_zero_edgeitems_shows_the_size():
    data = np.arange(20).reshape(4, 5)
    assert show(data, "int64", threshold=5, edgeitems=0) == "tensor([...], size=(4, 5))"


@pytest.mark.parametrize(
    ("shape", "dtype", "expected"),
    [
        ((0,), "float32", "tensor([])"),
        ((0, 3), "float32", "tensor([], size=(0, 3))"),
        ((0,), "int64", "tensor([], dtype=torch.int64)"),
        ((0,), "bool", "tensor([], dtype=torch.bool)"),
        ((2, 0), "float64", "tensor([], size=(2, 0), dtype=torch.float64)"),
    ],
)
def test_empty_tensors(shape, dtype, expected):
    assert show(np.zeros(shape, dtype=np.dtype(dtype)), dtype) == expected


def test_default_dtype_float64_hides_float64_and_shows_float32():
    data = np.array([1.5, 2.0])
    assert tensor_repr(data, "float64", "float64", []) == "tensor([1.5000, 2.0000])"
    assert (
        tensor_repr(data.astype(np.float32), "float32", "float64", [])
        == "tensor([1.5000, 2.0000], dtype=torch.float32)"
    )


# --- recorded reference cases --------------------------------------------------------------


def _load_reference_cases() -> list[dict[str, Any]]:
    with REFERENCE_FILE.open() as f:
        return json.load(f)["cases"]


def _decode_values(case: dict[str, Any]) -> np.ndarray:
    """Rebuild the tensor data of a recorded case as a NumPy array of the case's dtype."""
    values = case["values"]
    if isinstance(values, dict):
        # Large tensors are stored as a ramp: arange(n) * scale + offset, plus overrides.
        flat = np.arange(values["arange"], dtype=np.float64) * values["scale"] + values["offset"]
        for index, value in values["overrides"]:
            flat[index] = value
    else:
        # Non-finite floats are stored as the strings "nan", "inf" and "-inf".
        flat = np.array([float(v) if isinstance(v, str) else v for v in values])
    return flat.astype(np.dtype(case["dtype"])).reshape(case["shape"])


REFERENCE_CASES = _load_reference_cases()


@pytest.mark.parametrize("case", REFERENCE_CASES, ids=[c["id"] for c in REFERENCE_CASES])
def test_matches_recorded_torch_output(case):
    set_printoptions(**case["options"])
    actual = tensor_repr(
        _decode_values(case), case["dtype"], case["default_dtype"], case["suffixes"]
    )
    assert actual == case["expected"]
