"""Vector norms in torch's order of operations (ember/ops/_norm_order.py): torch 2.13's
results on an AVX2 CPU recorded as data (scripts/record_norm_bits.py, cases shared through
tests/norm_bits_cases.py), and the parts of the rule checked against exact arithmetic."""

from __future__ import annotations

import json
import math
import pathlib
from fractions import Fraction

import numpy as np
import pytest

import ember
from ember.ops import _norm_order
from tests import norm_bits_cases as cases

_RECORDED = json.loads((pathlib.Path(__file__).parent / "fixtures/norm_bits.json").read_text())
_RESULTS = _RECORDED["results"]


def _last_dim_kernel(case: tuple) -> bool:
    """Whether the case may meet torch's AVX2 last-dim kernel (the rule another CPU does
    not share): every 2-norm but float16's; the other p take torch's plain loop."""
    _, dtype, _, _, call = case
    return call not in cases.PLAIN_CALLS and not (dtype == "float16" and call == "norm")


@pytest.mark.parametrize("case", cases.CASES, ids=[case[0] for case in cases.CASES])
def test_norms_give_torchs_bits(case):
    if not _norm_order.AVX2 and _last_dim_kernel(case):
        pytest.skip("torch's last-dim kernel of another CPU capability (docs/differences.md)")
    assert cases.bits(cases.run_case(ember, case)) == _RESULTS[case[0]]


@pytest.mark.parametrize("seed", cases.CLIP_SEEDS)
def test_clip_grad_norm_gives_torchs_total_and_gradients(seed):
    if not _norm_order.AVX2:
        pytest.skip("torch's last-dim kernel of another CPU capability (docs/differences.md)")
    assert [cases.bits(t) for t in cases.run_clip(ember, seed)] == _RESULTS[f"clip-{seed}"]


def test_the_recorded_cases_tell_torchs_order_from_numpys():
    """The data would catch a return to NumPy's pairwise sum: it differs in many cases."""
    differ = 0
    for case in cases.CASES:
        case_id, dtype, shape, view, call = case
        if call != "norm" or dtype == "float16":
            continue
        x = cases.VIEWS[view](ember.from_numpy(cases.make_input(case_id, dtype, shape)))._data
        with np.errstate(all="ignore"):
            numpy_norm = np.sqrt(np.add.reduce(x * x, axis=None)).astype(x.dtype)
        differ += cases.bits(ember.from_numpy(np.asarray(numpy_norm))) != _RESULTS[case_id]
    assert differ > 20


def _exact_fma(x: float, acc: float, dtype) -> float:
    """x*x + acc rounded once to dtype, with fractions (float32: by hand, ties to even)."""
    exact = Fraction(x) * Fraction(x) + Fraction(acc)
    if dtype == np.float64:
        try:
            return float(exact)
        except OverflowError:
            return math.inf
    low = np.float32(float(exact))  # within an ulp; then the nearer of it and a neighbour
    best = min((abs(Fraction(float(c)) - exact), int(c.view(np.uint32)) & 1, float(c))
               for c in (np.nextafter(low, np.float32(-np.inf)), low,
                         np.nextafter(low, np.float32(np.inf))) if np.isfinite(c))
    return best[2]


def _fma_inputs(dtype, count: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    x = rng.standard_normal(count) * 2.0 ** rng.integers(-30, 30, count)
    acc = np.abs(rng.standard_normal(count)) * 2.0 ** rng.integers(-30, 30, count)
    acc[: count // 4] = (x[: count // 4] ** 2) * 3  # comparable sizes: most roundings matter
    if dtype == np.float64:  # a few beyond the emulation's range: done with fractions
        x[-3:] = [1e200, 3e-170, 1e-320]
        acc[-6:-3] = [1e300, 1e-310, 0.0]
    return x.astype(dtype), acc.astype(dtype)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_fused_square_add_is_rounded_once(dtype):
    x, acc = _fma_inputs(dtype, 3000)
    with np.errstate(all="ignore"):
        fused = _norm_order._fma_square(acc, x)
    expected = np.array([_exact_fma(float(a), float(b), dtype) for a, b in zip(x, acc)],
                        dtype)
    assert fused.dtype == dtype
    np.testing.assert_array_equal(fused, expected)
    single = dtype == np.float32
    ones = [_norm_order._fma_square_one(float(b), float(a), single) for a, b in zip(x, acc)]
    np.testing.assert_array_equal(np.array(ones, dtype), expected)
    # plain x*x + acc (two roundings) differs in some: the test tells the two apart
    with np.errstate(all="ignore"):
        assert (fused != acc + x * x).sum() > 30


def test_fused_square_add_of_infinities_and_nans():
    x = np.array([np.inf, np.nan, 2.0, 1e20], np.float32)
    acc = np.array([1.0, 1.0, np.inf, 3e38], np.float32)
    with np.errstate(all="ignore"):
        fused = _norm_order._fma_square(acc, x)
        expected = acc + x * x
    np.testing.assert_array_equal(fused, expected)
    assert math.isinf(_norm_order._fma_square_one(1.0, math.inf, False))


@pytest.mark.parametrize("shape", [(125000, 8), (3, 8), (40000, 3), (17, 4), (2, 2)])
def test_numpy_adds_down_columns_one_after_another(shape):
    """_norm_order relies on einsum and add.reduce adding along an axis that is not
    adjacent in memory term by term (add.accumulate's order, the definition of it)."""
    rng = np.random.default_rng(3)
    terms = (rng.standard_normal(shape) ** 2).astype(np.float32)
    in_order = np.add.accumulate(terms, axis=0)[-1]
    np.testing.assert_array_equal(_norm_order._in_order_sum(terms), in_order)
    np.testing.assert_array_equal(_norm_order._lane_sums(terms.reshape(1, -1), shape[1])[0],
                                  in_order)


def test_another_cpus_last_dim_kernel_leaves_numpys_sum(monkeypatch):
    x = np.random.default_rng(0).standard_normal(1000).astype(np.float32)
    assert _norm_order.torch_norm(x, 2.0, (0,), False) is not None
    monkeypatch.setattr(_norm_order, "AVX2", False)
    assert _norm_order.torch_norm(x, 2.0, (0,), False) is None
    assert _norm_order.torch_norm(x[::2], 2.0, (0,), False) is not None  # the plain loop


def test_one_large_result_of_the_plain_loop_leaves_numpys_sum():
    """torch splits it between its threads: their number decides the order."""
    x = np.ones((300, 200), np.float32)[:, :150]
    assert _norm_order.torch_norm(x, 2.0, (0, 1), False) is None
    assert _norm_order.torch_norm(x, 2.0, (1,), False) is not None
    assert _norm_order.torch_norm(x, 1.0, (0, 1), False) is None
