"""The fast path of a ufunc op keeps Python numbers it is given beside a float tensor as
read-only 0-d arrays of the tensor's dtype (`_dispatch._number_operand`; NumPy takes a 0-d
array for less than it takes to turn a number into an operand). Only numbers the dtype
holds exactly are kept, so results are NumPy's for the number itself, bit for bit; a float16
tensor times or divided by a number computes in float32, as torch does, which
tests/reference/cases_half_numbers.py checks against torch itself."""

from __future__ import annotations

import numpy as np
import pytest

import ember
from ember._dispatch import _WEAK_PYTHON_SCALARS, _number_operand

NUMBERS = [0.5, 0.25, 2, 1000, -3, 0.1, 1 / 3, 1e-8, 65504.5, 70000.0, 1e39, 1e300, 2**70,
           2**70 + 1, 10**400, 0.0, -0.0, 0, float("nan"), float("inf"), -float("inf"), 5e-324]


# NumPy 1 promotes Python numbers by value (1e39 beside float32 gives float64), so its
# ufuncs are no reference for torch's rules there, and ember's fast path keeps no numbers:
# a tensor with a number takes the general path, which the op-table tests check.
@pytest.mark.skipif(not _WEAK_PYTHON_SCALARS,
                    reason="kept number operands are NumPy 2's fast path (weak Python scalars)")
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("name", ["mul", "add", "sub", "div", "pow", "lt", "eq"])
def test_results_equal_numpy_with_the_number_itself(dtype, name):
    ufunc = {"mul": np.multiply, "add": np.add, "sub": np.subtract, "div": np.true_divide,
             "pow": np.power, "lt": np.less, "eq": np.equal}[name]
    values = np.array([1.5, -2.0, 0.0, -0.0, np.inf, np.nan, 3e-5, 7.0], dtype)
    x = ember.tensor(values)
    for number in NUMBERS:
        if isinstance(number, int) and abs(number) > 2**64:
            continue  # (NumPy itself refuses it)
        if dtype is np.float16 and name == "pow" and abs(float(number)) > 65504 and (
                np.isfinite(float(number))):
            # torch converts a float16 tensor's exponent to float16, refusing this one
            # (tests/reference/cases_half_gradients.py)
            with pytest.raises(RuntimeError, match="c10::Half without overflow"):
                ember.pow(x, number)
            continue
        for _ in range(2):  # the second time, a kept number is used
            got = getattr(ember, name)(x, number)._data
            with np.errstate(all="ignore"):
                if dtype is np.float16 and name in ("mul", "div"):
                    # torch's opmath: the number in float32, the result rounded once
                    expected = ufunc(values.astype(np.float32),
                                     np.array(float(number), np.float32)).astype(np.float16)
                elif dtype is np.float32 and name == "pow" and float(number) not in (
                        0.0, 1.0, 2.0, 0.5, -1.0):
                    # torch's scalar loop: the power in double, rounded once
                    expected = ufunc(values.astype(np.float64), number).astype(np.float32)
                else:
                    expected = ufunc(values, number)
            assert got.dtype == expected.dtype
            assert got.tobytes() == expected.tobytes(), (number, got, expected)


def test_only_numbers_held_exactly_are_kept():
    kept: dict = {}
    loops = {"e", "f", "d"}
    half = _number_operand(0.5, np.dtype(np.float32), kept, loops)
    assert type(half) is np.ndarray and half.shape == () and not half.flags.writeable
    assert half.dtype == np.float32 and kept[(0.5, id(np.dtype(np.float32)))] is half
    for number in (0.1, 1e39, 2**70 + 1, 10**400, 0.0, -0.0, 0, float("nan")):
        assert _number_operand(number, np.dtype(np.float32), kept, loops) is number
    # a number the dtype does not hold is remembered as itself; zeros and nan are not
    assert kept[(0.1, id(np.dtype(np.float32)))] == 0.1
    assert (0.0, id(np.dtype(np.float32))) not in kept
    assert _number_operand(0.1, np.dtype(np.float64), kept, loops).dtype == np.float64
    # a ufunc without a loop for two operands of the dtype (ldexp) keeps none
    assert _number_operand(3, np.dtype(np.float32), kept, set()) == 3
    # float16 for mul and div: a number it does not hold sends the op to the general path
    # (None, not kept), one it holds is kept as for any dtype
    half = np.dtype(np.float16)
    for number in (0.1, 1e5, 3e-8):
        assert _number_operand(number, half, kept, loops, True) is None
        assert (number, id(half)) not in kept
        assert _number_operand(number, half, kept, loops) is number
    assert _number_operand(0.5, half, {}, loops, True).dtype == half


def test_a_number_not_held_exactly_is_used_as_given_each_time():
    x = ember.tensor([1.0, 3.0])
    for numerator in (1.0, 2.0, 1.0):  # new float objects equal to kept ones
        assert (x * (numerator / 3))._data.tobytes() == (
            x._data * (numerator / 3)).tobytes()
