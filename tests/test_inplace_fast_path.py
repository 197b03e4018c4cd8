"""The in-place fast path (`_dispatch.ufunc_inplace`): `x.add_(y)` on float tensors with
nothing recorded writes with the ufunc's `out=`. It must give what the general path gives
(values, dtype, identity, storage shared with views, version bump) for every in-place method
that has it, and hand every other case to the general path, errors included."""

from __future__ import annotations

import numpy as np
import pytest

import ember
from ember.ops._registry import API

FAST = [entry for entry in API if entry.inplace and entry.ufunc_op is not None]


def _operands(entry, dtype):
    rng = np.random.default_rng(0)
    x = rng.uniform(0.5, 2.0, (3, 4)).astype(dtype)
    others = [rng.uniform(0.5, 2.0, (3, 4)).astype(dtype)
              for _ in range(entry.ufunc_op.forward.nin - 1)]
    return x, others


def test_the_fast_path_covers_arithmetic_and_unary_ufuncs():
    names = {entry.inplace for entry in FAST}
    assert {"add_", "sub_", "mul_", "div_", "sqrt_", "exp_", "neg_", "abs_"} <= names


@pytest.mark.parametrize("entry", FAST, ids=[entry.inplace for entry in FAST])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_fast_path_matches_out_of_place(entry, dtype, monkeypatch):
    x, others = _operands(entry, dtype)
    target = ember.tensor(x)
    view = target[1]
    args = [ember.tensor(o) for o in others]
    expected = entry.function(ember.tensor(x), *args)
    calls = []
    from ember import _bind, _dispatch

    def spy(op, t, a):  # records whether the fast path itself finished the call
        result = _dispatch.ufunc_inplace(op, t, a)
        calls.append(result is not None)
        return result

    monkeypatch.setattr(_bind, "ufunc_inplace", spy)
    method = _bind._inplace_method(entry.function, entry.inplace, entry.ufunc_op)
    with ember.no_grad():
        result = method(target, *args)
    assert calls == [True]
    assert result is target
    # In place, the result takes the target's dtype (a comparison's bools become 0. and 1.)
    expected = expected.numpy().astype(x.dtype)
    np.testing.assert_array_equal(target.numpy(), expected)
    assert target.numpy().dtype == x.dtype
    assert target._version == 1
    np.testing.assert_array_equal(view.numpy(), expected[1])


def test_python_number_operand_keeps_dtype_and_matches():
    x = ember.tensor([1.5, 2.5], dtype=ember.float32)
    expected = (x * 0.1).numpy()
    with ember.no_grad():
        x.mul_(0.1)
    assert x.dtype == ember.float32
    np.testing.assert_array_equal(x.numpy(), expected)


def test_cases_it_cannot_finish_get_torchs_errors():
    target = ember.ones(2)
    with ember.no_grad(), pytest.raises(RuntimeError,
                                        match="doesn't match the broadcast shape"):
        target.add_(ember.ones(2, 2))  # would broadcast self
    integers = ember.ones(2, dtype=ember.int64)
    with ember.no_grad(), pytest.raises(RuntimeError, match="can't be cast to the desired"):
        integers.mul_(2.5)  # a float result into an int tensor
    np.testing.assert_array_equal(target.numpy(), [1.0, 1.0])  # nothing was written
    np.testing.assert_array_equal(integers.numpy(), [1, 1])


def test_wider_float_operand_is_cast_into_self_as_torch_does():
    x = ember.ones(2)
    with ember.no_grad():
        x.mul_(ember.tensor([3.0, 1.0 / 3.0], dtype=ember.float64))
    assert x.dtype == ember.float32
    np.testing.assert_array_equal(x.numpy(), np.array([3.0, 1.0 / 3.0], np.float32))


def test_broadcast_operand_goes_through_the_general_path():
    x = ember.ones(2, 3)
    with ember.no_grad():
        x.add_(ember.tensor([1.0, 2.0, 3.0]))
    np.testing.assert_array_equal(x.numpy(), [[2, 3, 4], [2, 3, 4]])


def test_recording_still_takes_the_general_path():
    a = ember.tensor([1.0, 2.0], requires_grad=True)
    y = a * 1
    y.add_(ember.tensor([1.0, 1.0]))
    assert type(y.grad_fn).__name__ == "AddBackward0"
    y.sum().backward()
    np.testing.assert_array_equal(a.grad.numpy(), [1.0, 1.0])


def test_leaf_requiring_grad_is_refused_outside_no_grad():
    a = ember.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        a.add_(1.0)


def test_saved_tensor_modified_in_place_is_detected():
    a = ember.tensor([1.0, 2.0], requires_grad=True)
    b = ember.tensor([3.0, 4.0])
    y = a * b  # saves b
    with ember.no_grad():
        b.mul_(2.0)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()


@pytest.mark.parametrize("method", ["add_", "sub_", "subtract_"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_scaled_in_place_update_matches_the_general_path(method, dtype, monkeypatch):
    """`p.add_(g, alpha=-lr)`, the optimizers' update, written in place with one rounding:
    the same values as the general path (which records nothing here either)."""
    from ember import _bind

    rng = np.random.default_rng(4)
    start = rng.standard_normal((5, 7)).astype(dtype)
    other = ember.tensor(rng.standard_normal((5, 7)).astype(dtype))
    fast = ember.tensor(start.copy())
    view = fast[2]
    calls = []
    original = _bind.scaled_add_inplace

    def spy(target, value, alpha):
        result = original(target, value, alpha)
        calls.append(result is not None)
        return result

    monkeypatch.setattr(_bind, "scaled_add_inplace", spy)
    entry = next(e for e in API if e.inplace == method)
    method_fn = _bind._inplace_method(entry.function, method, entry.ufunc_op, entry.alpha_sign)
    result = method_fn(fast, other, alpha=-0.37)
    assert calls == [True] and result is fast and fast._version == 1
    general = ember.tensor(start.copy())
    _bind.call_inplace(entry.function, general, (other,), {"alpha": -0.37})
    np.testing.assert_array_equal(fast.numpy(), general.numpy())
    np.testing.assert_array_equal(view.numpy(), general.numpy()[2])


def test_scaled_update_leaves_other_cases_to_the_general_path():
    x = ember.ones(2, 3)
    with ember.no_grad():
        x.add_(ember.tensor([1.0, 2.0, 3.0]), alpha=2)  # broadcast: general path
        x.add_(2, alpha=3)  # a number: general path
    np.testing.assert_array_equal(x.numpy(), [[9, 11, 13], [9, 11, 13]])
    integers = ember.ones(2, dtype=ember.int64)
    with pytest.raises(RuntimeError, match="alpha must not be a floating point"):
        integers.add_(integers, alpha=0.5)
