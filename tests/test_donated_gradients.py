"""Donated gradients (autograd/engine.py: _call_donating, _accumulated; ops/_xp.py: times).

In `loss.backward()` on arrays, a gradient array that nothing outside the pass can see is
written into by its formula (`xp.times`) or by the sum of two gradients, instead of a new
array being allocated. Here: donation happens where it should; every op sample gets
bit-identical gradients with and without it; and no array that a user, a hook, a retained
grad, a saved value or another buffer can see is ever written. Likewise for saved values
given to their formula (engine._spare, _xp.spare) when the pass frees them.
"""

from __future__ import annotations

import sys
import weakref

import numpy as np
import pytest

import ember
from ember.autograd import engine
from ember.ops import OPS, _xp
from tests.gradcheck_util import random_like, run, to_tensors
from tests.test_op_table import _all_cases, _wants_gradient

BIG = 40_000  # elements: above engine.donate_from, so donation is on in the usual setting

donating = pytest.mark.skipif(engine.donate_from == sys.maxsize,
                              reason="this interpreter's reference counts do not tell")


def _values(n: int = BIG, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).uniform(-1.0, 1.0, n).astype(np.float32)


def _spy(monkeypatch, name: str) -> list:
    """Record, for each call of op `name`'s formula, whether its gradient was donated."""
    op = OPS[name]
    original = op.backward_fn
    seen = []

    def spy(ctx, g):
        seen.append(id(g) == _xp.donated)
        return original(ctx, g)

    monkeypatch.setattr(op, "backward_fn", spy)
    return seen


def test_donation_is_on_for_cpython_with_a_gil():
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    if sys.implementation.name == "cpython" and gil and sys.version_info < (3, 14):
        assert engine.donate_from < BIG


@donating
def test_a_gradient_nobody_else_holds_is_donated(monkeypatch):
    seen = _spy(monkeypatch, "exp")
    x = ember.tensor(_values(), requires_grad=True)
    (x.exp() * 3).sum().backward()  # exp gets mul's new array, seen by nobody else
    assert seen == [True]
    np.testing.assert_array_equal(x.grad.numpy(), np.exp(_values()) * np.float32(3))


@donating
def test_small_gradients_and_views_are_not_donated(monkeypatch):
    seen = _spy(monkeypatch, "exp")
    x = ember.tensor(_values(100), requires_grad=True)
    (x.exp() * 3).sum().backward()  # below donate_from
    y = ember.tensor(_values(), requires_grad=True)
    y.exp().sum().backward()  # sum's gradient is a broadcast view
    assert seen == [False, False]


@donating
def test_a_sum_is_written_into_a_gradient_nobody_else_holds(monkeypatch):
    made = []
    mul = OPS["mul"]
    original = mul.backward_fn

    def spy(ctx, g):
        results = original(ctx, g)
        made.extend(weakref.ref(r) for r in results if r is not None)
        return results

    monkeypatch.setattr(mul, "backward_fn", spy)
    x = ember.tensor(_values(), requires_grad=True)
    y = x.exp()
    (y * 2 + y * 3).sum().backward()  # y's two gradients meet in y's buffer
    # The sum went into one of the products, which exp then scaled in place: x.grad is it.
    assert any(ref() is x.grad._data for ref in made)
    expected = (np.full(BIG, 2, np.float32) + np.float32(3)) * np.exp(_values())
    np.testing.assert_array_equal(x.grad.numpy(), expected)


def _both_ways(monkeypatch, build):
    """build() -> (loss, tensors to read after backward); results with and without donation
    (donate_from 1: every gradient array may be donated)."""
    results = []
    for threshold in (sys.maxsize, 1):
        monkeypatch.setattr(engine, "donate_from", threshold)
        results.append(build())
    return results


def test_a_hook_keeps_what_it_saw(monkeypatch):
    def build():
        x = ember.tensor(_values(), requires_grad=True)
        y = x.sin() * 2
        seen = []
        y.register_hook(lambda g: seen.append((g, g.numpy().copy())))
        (y.exp() * 3).sum().backward()
        (kept, copy), = seen
        np.testing.assert_array_equal(kept.numpy(), copy)  # not written after the hook
        return copy, x.grad.numpy()

    without, with_ = _both_ways(monkeypatch, build)
    for a, b in zip(without, with_):
        np.testing.assert_array_equal(a, b)


def test_a_hook_may_keep_the_array_itself(monkeypatch):
    def build():
        x = ember.tensor(_values(), requires_grad=True)
        y = x.sin() * 2
        arrays = []
        y.register_hook(lambda g: arrays.append(g.numpy()))
        (y.exp() * 3).sum().backward()
        return arrays[0].copy(), x.grad.numpy(), (y.exp() * 3).detach().numpy()

    without, with_ = _both_ways(monkeypatch, build)
    for a, b in zip(without, with_):
        np.testing.assert_array_equal(a, b)


def test_retained_grads_keep_their_values(monkeypatch):
    def build():
        x = ember.tensor(_values(), requires_grad=True)
        y = x.tanh()
        z = y.cos()
        y.retain_grad()
        z.retain_grad()
        (z * 3).sum().backward()
        return y.grad.numpy().copy(), z.grad.numpy().copy(), x.grad.numpy()

    without, with_ = _both_ways(monkeypatch, build)
    for a, b in zip(without, with_):
        np.testing.assert_array_equal(a, b)
    z_grad = with_[1]
    np.testing.assert_array_equal(z_grad, np.full(BIG, 3, np.float32))


def test_a_retained_grad_passed_on_unchanged_is_not_written(monkeypatch):
    def build():
        # AddBackward0 hands its gradient on as it is: y.grad's array reaches exp's and
        # sin's nodes, whose formulas must not write into it.
        x = ember.tensor(_values(), requires_grad=True)
        y = x.exp() + x.sin()
        y.retain_grad()
        (y * 3).sum().backward()
        np.testing.assert_array_equal(y.grad.numpy(), np.full(BIG, 3, np.float32))
        return y.grad.numpy().copy(), x.grad.numpy()

    without, with_ = _both_ways(monkeypatch, build)
    for a, b in zip(without, with_):
        np.testing.assert_array_equal(a, b)


def test_retain_graph_twice_keeps_saved_values(monkeypatch):
    def build():
        x = ember.tensor(_values(), requires_grad=True)
        y = x.exp()
        z = (y.sin() * 2).tanh()
        before = y.detach().numpy().copy()
        loss = (z * 5).sum()
        loss.backward(retain_graph=True)
        first = x.grad.numpy().copy()
        loss.backward()
        np.testing.assert_array_equal(y.detach().numpy(), before)
        np.testing.assert_array_equal(x.grad.numpy(), first + first)
        return first, x.grad.numpy()

    without, with_ = _both_ways(monkeypatch, build)
    for a, b in zip(without, with_):
        np.testing.assert_array_equal(a, b)


def test_a_gradient_shared_by_both_inputs_of_an_add(monkeypatch):
    def build():
        x = ember.tensor(_values(), requires_grad=True)
        u = x.exp()
        v = x.sin()
        w = u + v  # AddBackward0 sends the same array to u's and v's nodes
        (w * 3).sum().backward()
        return (x.grad.numpy(),)

    without, with_ = _both_ways(monkeypatch, build)
    np.testing.assert_array_equal(without[0], with_[0])
    v = _values()
    three = np.full(BIG, 3, np.float32)
    np.testing.assert_array_equal(with_[0], three * np.exp(v) + three * np.cos(v))


def test_the_users_gradient_and_earlier_grads_are_never_written(monkeypatch):
    def build():
        x = ember.tensor(_values(), requires_grad=True)
        seed = ember.tensor(_values(seed=1))
        kept = seed.numpy().copy()
        (x.exp() * 1).backward(seed)
        first = x.grad
        first_values = first.numpy().copy()
        taken = x.grad.numpy()  # the user holds the grad's array
        x.grad = None
        (x.exp() * 1).backward(seed)
        np.testing.assert_array_equal(seed.numpy(), kept)
        np.testing.assert_array_equal(taken, first_values)
        np.testing.assert_array_equal(first.numpy(), first_values)
        return first_values, x.grad.numpy()

    without, with_ = _both_ways(monkeypatch, build)
    for a, b in zip(without, with_):
        np.testing.assert_array_equal(a, b)


def test_a_gradient_that_is_also_a_leafs_grad(monkeypatch):
    def build():
        # a + b sends one array to a's .grad and to b's node: whichever runs first, the
        # other must not see it change.
        a = ember.tensor(_values(), requires_grad=True)
        x = ember.tensor(_values(seed=2), requires_grad=True)
        b = x.exp()
        ((a + b) * 2).sum().backward()
        return a.grad.numpy(), x.grad.numpy()

    without, with_ = _both_ways(monkeypatch, build)
    for a, b in zip(without, with_):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(with_[0], np.full(BIG, 2, np.float32))


def test_custom_function_and_module_hooks_see_their_own_values(monkeypatch):
    class Scale(ember.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            ctx.seen = g
            ctx.copy = g.numpy().copy()
            return g * 2

    def build():
        x = ember.tensor(_values(), requires_grad=True)
        y = Scale.apply(x.exp())
        node = y.grad_fn
        (y.sin() * 3).sum().backward()
        np.testing.assert_array_equal(node.seen.numpy(), node.copy)
        return node.copy, x.grad.numpy()

    without, with_ = _both_ways(monkeypatch, build)
    for a, b in zip(without, with_):
        np.testing.assert_array_equal(a, b)


def test_times_on_a_broadcast_gradient_is_a_full_array():
    g = np.broadcast_to(np.float32(1.5), (100, 50))  # (large enough for the shortcut)
    d = _values(5000).reshape(100, 50)
    for derivative in (d, 0.5, np.float32(2.0), np.array(3.0, np.float32)):
        got = _xp.times(g, derivative)
        expected = np.asarray(g) * derivative
        assert got.shape == expected.shape and got.dtype == expected.dtype
        assert got.flags.writeable and got.flags.c_contiguous
        np.testing.assert_array_equal(got, expected)


def test_one_minus_square_of_a_zero_dim_array():
    y = np.array(0.5)
    assert _xp.one_minus_square(y) == 0.75
    np.testing.assert_array_equal(_xp.one_minus_square(np.array([0.5, 2.0])), [0.75, -3.0])
    x = ember.tensor(0.25, dtype=ember.float64, requires_grad=True)
    (g,) = ember.autograd.grad(x.tanh(), x)
    assert g.item() == 1 - np.tanh(0.25) ** 2


# ---------------------------------------------------------------------- every op sample
CASES = [pytest.param(name, sample, id=f"{name}-{i}") for name, i, sample in _all_cases()
         if _wants_gradient(name, sample)]


def _real_sum(product):
    """The sum of a product, of its parts for a complex one (a real loss)."""
    if product.is_complex():
        return ember.view_as_real(product).sum()
    return product.sum()


def _snapshot(tensors) -> list:
    return [t.detach().numpy().copy() if isinstance(t, ember.Tensor) else None
            for t in tensors]


def _run_donated(sample, threshold: int, monkeypatch):
    monkeypatch.setattr(engine, "donate_from", threshold)
    tensors = to_tensors(sample)
    before = _snapshot(tensors)
    result = run(sample, tensors)
    out = result[0] if isinstance(result, tuple) else result
    out_before = out.detach().numpy().copy()
    rng = np.random.default_rng(5)
    cotangent = ember.tensor(random_like(rng, tuple(out.shape), out.detach().numpy().dtype))
    loss = _real_sum(out * cotangent)  # out's node gets mul's new array: donated
    loss.backward(retain_graph=True)
    first = [None if not isinstance(t, ember.Tensor) or t.grad is None
             else t.grad.numpy().copy() for t in tensors]
    loss.backward()
    for t, b in zip(tensors, before):
        if b is not None:
            assert t.detach().numpy().tobytes() == b.tobytes(), "an input was written"
    assert out.detach().numpy().tobytes() == out_before.tobytes(), "the output was written"
    second = [None if not isinstance(t, ember.Tensor) or t.grad is None
              else t.grad.numpy() for t in tensors]
    return first, second


@pytest.mark.parametrize("name, sample", CASES)
def test_every_formula_gives_the_same_bits_when_donated(name, sample, monkeypatch):
    first, second = _run_donated(sample, sys.maxsize, monkeypatch)
    first_d, second_d = _run_donated(sample, 1, monkeypatch)
    for a, b in zip(first + second, first_d + second_d):
        assert (a is None) == (b is None)
        if a is not None:
            assert a.dtype == b.dtype and a.shape == b.shape
            assert a.tobytes() == b.tobytes(), np.max(np.abs(a - b))


# ---------------------------------------------------------------------- spare saved values
# When the pass frees saved values (no retain_graph), a node's only saved array that nothing
# else can reach may be overwritten by its formula (engine._spare, _xp.spare): sin's formula
# computes cos(x) into x's memory.


def _spy_spare(monkeypatch, name: str) -> list:
    """For each call of op `name`'s formula: whether its saved value was given to it."""
    op = OPS[name]
    original = op.backward_fn

    def spy(ctx, g):
        seen.append(_xp.spare != 0 and _xp.spare == id(ctx.saved[0]))
        return original(ctx, g)

    seen: list = []
    monkeypatch.setattr(op, "backward_fn", spy)
    return seen


@donating
@pytest.mark.parametrize("name", ["sin", "tanh", "sinh", "cosh"])
def test_a_saved_value_nobody_else_holds_is_given_to_its_formula(name, monkeypatch):
    seen = _spy_spare(monkeypatch, name)
    x = ember.tensor(_values(), requires_grad=True)
    (getattr(x * 2, name)() * 3).sum().backward()  # x * 2 (or the output) is held by the node
    assert seen == [True]
    v = _values() * np.float32(2)
    # (each derivative by the op table's own forward: sinh and cosh round as torch's)
    forward = {name: OPS[name].forward for name in ("cos", "tanh", "cosh", "sinh")}
    tanh = forward["tanh"](v)
    derivative = {"sin": forward["cos"](v), "tanh": 1 - tanh * tanh,
                  "sinh": forward["cosh"](v), "cosh": forward["sinh"](v)}
    np.testing.assert_array_equal(x.grad.numpy(), np.float32(3) * derivative[name] * 2)


@donating
def test_saved_values_others_can_reach_are_not_given(monkeypatch):
    seen = _spy_spare(monkeypatch, "sin")
    x = ember.tensor(_values(), requires_grad=True)
    x.sin().sum().backward()  # a leaf: its user holds it
    y = x * 2
    (y.sin() * 3).sum().backward()  # y is the user's
    z = x * 2
    view = z[1:]
    (z.sin() * 3).sum().backward()  # a view holds z's array
    loss = ((x * 2).sin() * 3).sum()
    loss.backward(retain_graph=True)  # saved values are kept for the next pass
    loss.backward()  # ...which frees them: now the value is given
    assert seen == [False, False, False, False, True]
    np.testing.assert_array_equal(y.detach().numpy(), _values() * np.float32(2))
    np.testing.assert_array_equal(view.detach().numpy(), _values()[1:] * np.float32(2))


@donating
def test_a_failing_formula_frees_the_saved_value(monkeypatch):
    op = OPS["sin"]
    original = op.backward_fn

    def failing(ctx, g):
        original(ctx, g)  # has written cos(x) into x
        raise ValueError("boom")

    monkeypatch.setattr(op, "backward_fn", failing)
    x = ember.tensor(_values(), requires_grad=True)
    loss = ((x * 2).sin() * 3).sum()
    with pytest.raises(ValueError, match="boom"):
        loss.backward()
    monkeypatch.setattr(op, "backward_fn", original)
    with pytest.raises(RuntimeError, match="second time"):
        loss.backward()  # not a gradient from the overwritten value


def _clone(t):
    """t.clone(); a complex t's parts cloned (a new array that only the graph holds too)."""
    if t.is_complex():
        return ember.view_as_complex(ember.view_as_real(t).clone())
    return t.clone()


def _run_spare(sample, threshold: int, monkeypatch):
    """The sample's op on fresh copies of its inputs (clone: arrays only the graph holds),
    its output not kept: every saved value can be given when threshold allows."""
    monkeypatch.setattr(engine, "donate_from", threshold)
    tensors = to_tensors(sample)
    before = _snapshot(tensors)
    fresh = [_clone(t) if isinstance(t, ember.Tensor) and t.requires_grad else t
             for t in tensors]
    result = run(sample, fresh)
    out = result[0] if isinstance(result, tuple) else result
    rng = np.random.default_rng(5)
    cotangent = ember.tensor(random_like(rng, tuple(out.shape), out.detach().numpy().dtype))
    loss = _real_sum(out * cotangent)
    del fresh, result, out
    loss.backward()
    for t, b in zip(tensors, before):
        if b is not None:
            assert t.detach().numpy().tobytes() == b.tobytes(), "an input was written"
    return [None if not isinstance(t, ember.Tensor) or t.grad is None else t.grad.numpy()
            for t in tensors]


@pytest.mark.parametrize("name, sample", CASES)
def test_every_formula_gives_the_same_bits_with_its_saved_value_given(name, sample,
                                                                      monkeypatch):
    plain = _run_spare(sample, sys.maxsize, monkeypatch)
    given = _run_spare(sample, 1, monkeypatch)
    for a, b in zip(plain, given):
        assert (a is None) == (b is None)
        if a is not None:
            assert a.dtype == b.dtype and a.shape == b.shape
            assert a.tobytes() == b.tobytes(), np.max(np.abs(a - b))
