"""Backward formulas run on NumPy arrays or on Tensors (ops/_xp.py, autograd/engine.py).

The op-table tests (test_op_table.py) check every formula's gradient in both modes; here:
which formulas still take Tensors only, that array mode really is used and hands user code
only Tensors, and that both modes give the same gradients and dtypes.
"""

from __future__ import annotations

import operator

import numpy as np
import pytest

import ember
from ember.autograd import engine
from ember.autograd.node import JOINT_OPS
from ember.ops import OPS
from ember.ops._registry import TENSOR_FORMULA_MODULES


def test_list_of_formulas_written_for_tensors_only():
    """The formulas the engine still wraps in Tensors: none (every op module is written
    against ops/_xp.py); a module listed there must be a real module of ember.ops."""
    modules = {op.backward_fn.__module__ for op in OPS.values() if op.backward_fn is not None}
    assert isinstance(TENSOR_FORMULA_MODULES, set)
    assert TENSOR_FORMULA_MODULES <= modules, TENSOR_FORMULA_MODULES - modules
    # (the ops whose nodes are JointNodes: the engine runs the JointNode's formula, on
    # arrays, never the op's own)
    left = sorted(op.name for op in OPS.values() if op.backward_fn is not None
                  and not op.formula_takes_arrays and op.name not in JOINT_OPS)
    print(f"{len(left)} ops with Tensor-only formulas: {', '.join(left)}")
    assert left == []


def _spy_formula(monkeypatch, name: str) -> list:
    """Record the type of the gradient op `name`'s formula receives."""
    op = OPS[name]
    seen = []
    original = op.backward_fn

    def spy(ctx, g):
        seen.append(type(g))
        return original(ctx, g)

    monkeypatch.setattr(op, "backward_fn", spy)
    return seen


def test_plain_backward_runs_formulas_on_arrays(monkeypatch):
    seen = _spy_formula(monkeypatch, "tanh")
    x = ember.tensor([0.5, -1.0], requires_grad=True)
    x.tanh().sum().backward()
    assert seen == [np.ndarray]
    assert type(x.grad) is ember.Tensor and x.grad.dtype == ember.float32
    np.testing.assert_allclose(x.grad.numpy(), 1 - np.tanh([0.5, -1.0]) ** 2, rtol=1e-6)


def test_create_graph_runs_formulas_on_tensors(monkeypatch):
    seen = _spy_formula(monkeypatch, "tanh")
    x = ember.tensor([0.5, -1.0], requires_grad=True)
    (g,) = ember.autograd.grad(x.tanh().sum(), x, create_graph=True)
    assert seen == [ember.Tensor]
    assert g.requires_grad


def test_anomaly_mode_runs_formulas_on_tensors(monkeypatch):
    seen = _spy_formula(monkeypatch, "tanh")
    x = ember.tensor([0.5, -1.0], requires_grad=True)
    with pytest.warns(UserWarning, match="Anomaly Detection has been enabled"), \
            ember.autograd.detect_anomaly():
        x.tanh().sum().backward()
    assert seen == [ember.Tensor]


def test_hooks_see_tensors_in_array_mode():
    x = ember.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    seen = []
    y.register_hook(lambda g: seen.append(type(g)) or g * 2)
    x.register_hook(lambda g: seen.append(type(g)))
    y.grad_fn.register_prehook(lambda grads: seen.append(type(grads[0])))
    y.retain_grad()
    y.sum().backward()
    assert seen == [ember.Tensor, ember.Tensor, ember.Tensor]
    np.testing.assert_array_equal(x.grad.numpy(), [6.0, 6.0])
    np.testing.assert_array_equal(y.grad.numpy(), [2.0, 2.0])


def test_custom_function_gets_tensors_in_array_mode():
    class Double(ember.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            assert isinstance(g, ember.Tensor)
            return g * 2

    x = ember.tensor([1.0, 2.0], requires_grad=True)
    Double.apply(x.exp()).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), 2 * np.exp([1.0, 2.0]), rtol=1e-6)


def test_zero_dim_gradients_keep_their_dtype():
    # NumPy returns 0-d results as scalars; the engine must not let them become float32
    # (Tensor() of a scalar) or float64 (NumPy 1 promotion).
    for dtype in (ember.float32, ember.float64):
        x = ember.tensor(1.5, dtype=dtype, requires_grad=True)
        w = ember.tensor([0.5], dtype=dtype, requires_grad=True)
        loss = (x * x + x.exp() * 0.5).sin() + (w * x).sum()
        gx, gw = ember.autograd.grad(loss, [x, w])
        assert gx.dtype == dtype and gw.dtype == dtype
        assert type(gx._data) is np.ndarray


def test_mixed_dtypes_reduce_to_each_input(monkeypatch):
    a = ember.tensor([1.0, 2.0], dtype=ember.float32, requires_grad=True)
    b = ember.tensor(3.0, dtype=ember.float64, requires_grad=True)
    results = {}
    for mode in (True, False):
        monkeypatch.setattr(engine, "use_array_formulas", mode)
        ga, gb = ember.autograd.grad((a * b).exp().sum(), [a, b])
        results[mode] = (ga, gb)
        assert ga.dtype == ember.float32 and gb.dtype == ember.float64
        assert ga.shape == (2,) and gb.shape == ()
    np.testing.assert_allclose(results[True][0].numpy(), results[False][0].numpy(), rtol=1e-6)
    np.testing.assert_allclose(results[True][1].numpy(), results[False][1].numpy(), rtol=1e-12)


@pytest.mark.parametrize("retain", [False, True])
def test_gradient_accumulates_in_place_across_calls(retain):
    x = ember.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward(retain_graph=True)
    first = x.grad
    (x * x).sum().backward()
    assert x.grad is first  # accumulated into the same tensor, as torch
    np.testing.assert_array_equal(x.grad.numpy(), [4.0, 8.0])


def test_user_gradient_is_never_written_into():
    x = ember.tensor([1.0, 2.0], requires_grad=True)
    seed = ember.tensor([1.0, 1.0])
    y = x + 0  # AddBackward0 passes the gradient array straight through
    y.backward(seed)
    y2 = x + 0
    y2.backward(seed)
    np.testing.assert_array_equal(seed.numpy(), [1.0, 1.0])
    np.testing.assert_array_equal(x.grad.numpy(), [2.0, 2.0])


@pytest.mark.parametrize("op", ["mul", "div", "pow"])
def test_zero_dim_float64_operand_is_cast_as_torch_casts_it(op, monkeypatch):
    """torch rounds a 0-d float64 operand to float32 before a float32 op; formulas on arrays
    must see it rounded the same way (NumPy would compute in float64), so both modes agree
    bit for bit."""
    rng = np.random.default_rng(8)
    values = rng.uniform(0.5, 2.0, 257).astype(np.float32)
    cotangent = ember.tensor(rng.standard_normal(257).astype(np.float32))
    results = {}
    for mode in (True, False):
        monkeypatch.setattr(engine, "use_array_formulas", mode)
        a = ember.tensor(values, requires_grad=True)
        b = ember.tensor(0.1, dtype=ember.float64, requires_grad=True)
        y = {"mul": operator.mul, "div": operator.truediv, "pow": operator.pow}[op](a, b)
        assert y.dtype == ember.float32
        results[mode] = ember.autograd.grad(y, [a, b], cotangent)
    for array_grad, tensor_grad in zip(results[True], results[False]):
        assert array_grad.dtype == tensor_grad.dtype
        np.testing.assert_array_equal(array_grad.numpy(), tensor_grad.numpy())


@pytest.mark.parametrize("scalar", [np.float16(2.5), np.bool_(True), np.float64(0.5)])
def test_a_constant_beside_a_tensor_keeps_a_numpy_scalars_dtype(scalar):
    """Formulas pass 0-d NumPy results (which NumPy returns as scalars) to xp.constant; as a
    Tensor the value keeps its dtype (a float16 mask became float32 before)."""
    from ember.ops import _xp

    made = _xp.constant(scalar, ember.ones(1))
    assert isinstance(made, ember.Tensor)
    assert made._data.dtype == np.asarray(scalar).dtype and made._data.shape == ()


@pytest.mark.parametrize("number", [0.5, 0.1, 3, 2**40 + 1, 1e300, -0.0, 1e-50, float("nan")])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_a_number_operand_multiplies_the_gradient_in_the_tensors_dtype(number, dtype):
    # mul's and div's formulas take a finite number as a kept 0-d array of the gradient's
    # dtype (faster than NumPy's conversion of the number on every call): the product is
    # the one torch computes, the number rounded to the dtype first, for every number
    g = np.array([1.0, 0.3, 7.0, -2.5e-30], dtype)
    for operator_, ufunc in ((operator.mul, np.multiply), (operator.truediv, np.true_divide)):
        x = ember.tensor([1.5, -2.0, 3e-38, 4.0], dtype=getattr(ember, dtype), requires_grad=True)
        operator_(x, number).backward(ember.tensor(g))
        with np.errstate(all="ignore"):
            rounded = np.asarray(number, dtype)
            expected = ufunc(g, rounded if np.isfinite(rounded) else number).astype(dtype)
        np.testing.assert_array_equal(x.grad.numpy(), expected)
        assert x.grad.dtype == x.dtype
