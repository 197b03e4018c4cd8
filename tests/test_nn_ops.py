"""softmax, log_softmax and the activations of ember.ops.nn_ops beyond the generated op
tests: numerical stability at large inputs, torch's argument errors and kernel names,
dtypes, and second derivatives by finite differences.

Expected messages and values are what torch 2.13 gives for the same calls.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest

import ember
from ember.ops import nn_ops


def raises(kind: type, message: str):
    return pytest.raises(kind, match=f"^{re.escape(message)}$")


def numeric_gradient(f, x: np.ndarray, step: float = 1e-6) -> np.ndarray:
    """d f(x) / dx for a scalar f, by central differences."""
    grad = np.zeros_like(x)
    for k in range(x.size):
        up, down = x.copy(), x.copy()
        up.flat[k] += step
        down.flat[k] -= step
        grad.flat[k] = (f(up) - f(down)) / (2 * step)
    return grad


# ---------------------------------------------------------------------- stability
def test_softmax_of_large_inputs_does_not_overflow():
    x = ember.tensor([1000.0, 0.0, -1000.0], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warnings from NumPy either
        y = ember.softmax(x, 0)
        (y * ember.tensor([1.0, 2.0, 3.0])).sum().backward()
    assert y.tolist() == [1.0, 0.0, 0.0]
    assert x.grad.tolist() == [0.0, 0.0, 0.0]


def test_log_softmax_of_large_inputs_stays_finite():
    x = ember.tensor([1000.0, 0.0, -1000.0], requires_grad=True)
    y = ember.log_softmax(x, 0)
    (y * ember.tensor([1.0, 2.0, 3.0])).sum().backward()
    assert y.tolist() == [0.0, -1000.0, -2000.0]
    assert x.grad.tolist() == [-5.0, 2.0, 3.0]


def test_softmax_rows_sum_to_one_and_shift_invariance():
    x = np.random.default_rng(0).standard_normal((3, 4)) * 30
    y = ember.softmax(ember.tensor(x), 1).numpy()
    np.testing.assert_allclose(y.sum(1), np.ones(3), rtol=1e-12)
    shifted = ember.softmax(ember.tensor(x + 500.0), 1).numpy()
    np.testing.assert_allclose(shifted, y, rtol=1e-9, atol=1e-15)


def test_softmax_with_infinities_follows_torch():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isnan(ember.softmax(ember.tensor([float("inf"), 0.0]), 0).numpy()).all()
        assert np.isnan(ember.softmax(ember.tensor([-float("inf")] * 2), 0).numpy()).all()
        log = ember.log_softmax(ember.tensor([-float("inf"), 0.0]), 0)
    assert log.tolist() == [-float("inf"), 0.0]


def test_activations_of_large_inputs():
    x = ember.tensor([-1000.0, -30.0, 0.0, 30.0, 1000.0], requires_grad=True)
    y = nn_ops.logsigmoid(x)
    y.sum().backward()
    np.testing.assert_allclose(y.detach().numpy(), [-1000.0, -30.0, -np.log(2), -9.3576e-14, 0.0],
                               rtol=1e-4)
    np.testing.assert_allclose(x.grad.numpy(), [1.0, 1.0, 0.5, 9.3576e-14, 0.0], rtol=1e-4)
    x = ember.tensor([-1000.0, 0.0, 19.5, 20.5, 1000.0], dtype=ember.float64,
                     requires_grad=True)
    y = nn_ops.softplus(x)
    y.sum().backward()
    assert y[3].item() == 20.5 and y[4].item() == 1000.0  # x itself above the threshold
    assert x.grad.tolist()[3:] == [1.0, 1.0]
    assert x.grad[2].item() == pytest.approx(1 / (1 + np.exp(-19.5)), rel=1e-12)
    g = nn_ops.gelu(ember.tensor([-1000.0, 0.0, 1000.0]))
    assert g.tolist() == [0.0, 0.0, 1000.0]


def test_softplus_beta_and_threshold():
    x = ember.tensor([1.0, 2.0], requires_grad=True)
    y = nn_ops.softplus(x, beta=2.0, threshold=3.0)
    y.sum().backward()
    np.testing.assert_allclose(y.detach().numpy(), [np.log1p(np.exp(2.0)) / 2, 2.0], rtol=1e-6)
    np.testing.assert_allclose(x.grad.numpy(), [1 / (1 + np.exp(-2.0)), 1.0], rtol=1e-6)


# ---------------------------------------------------------------------- arguments
def test_softmax_needs_an_integer_dim():
    x = ember.ones(2, 3)
    message = 'softmax() missing 1 required positional arguments: "dim"'
    with raises(TypeError, message):
        ember.softmax(x)
    with raises(TypeError, message):
        x.softmax()
    with raises(TypeError, 'log_softmax() missing 1 required positional arguments: "dim"'):
        ember.log_softmax(x)
    with raises(TypeError, "softmax(): argument 'dim' (position 2) must be int, not NoneType"):
        ember.softmax(x, None)
    with raises(TypeError, "softmax(): argument 'dim' (position 2) must be int, not tuple"):
        ember.softmax(x, (0,))
    with raises(IndexError, "Dimension out of range (expected to be in range of [-2, 1], but got "
                            "2)"):
        ember.softmax(x, dim=2)
    with raises(IndexError, "Dimension out of range (expected to be in range of [-1, 0], but got "
                            "1)"):
        ember.softmax(ember.tensor(2.0), 1)


@pytest.mark.parametrize("call, message", [
    (lambda: ember.softmax(ember.arange(3), 0),
     "\"softmax_lastdim_kernel_impl\" not implemented for 'Long'"),
    (lambda: ember.softmax(ember.ones(2, 3, dtype=ember.int64), 0),
     "\"softmax_kernel_impl\" not implemented for 'Long'"),
    (lambda: ember.softmax(ember.ones(3, dtype=ember.bool), 0),
     "\"softmax_lastdim_kernel_impl\" not implemented for 'Bool'"),
    (lambda: ember.log_softmax(ember.arange(3), 0),
     "\"log_softmax_lastdim_kernel_impl\" not implemented for 'Long'"),
    (lambda: ember.softmax(ember.ones(2, 3), 1, dtype=ember.int64),
     "\"softmax_lastdim_kernel_impl\" not implemented for 'Long'"),
    (lambda: nn_ops.gelu(ember.arange(3)), "\"GeluKernelImpl\" not implemented for 'Long'"),
    (lambda: nn_ops.softplus(ember.arange(3)), "\"softplus_cpu\" not implemented for 'Long'"),
    (lambda: nn_ops.logsigmoid(ember.arange(3)),
     "\"log_sigmoid_cpu\" not implemented for 'Long'"),
])
def test_integer_inputs_are_not_implemented(call, message):
    with raises(NotImplementedError, message):
        call()


def test_gelu_approximate_must_be_none_or_tanh():
    with raises(RuntimeError, "approximate argument must be either none or tanh."):
        nn_ops.gelu(ember.ones(2), approximate="foo")


def test_grad_fn_names_and_dtypes():
    x = ember.ones(2, 3, requires_grad=True)
    assert type(ember.softmax(x, 1).grad_fn).__name__ == "SoftmaxBackward0"
    assert type(x.log_softmax(0).grad_fn).__name__ == "LogSoftmaxBackward0"
    assert type(nn_ops.logsigmoid(x).grad_fn).__name__ == "LogSigmoidBackward0"
    assert type(nn_ops.softplus(x).grad_fn).__name__ == "SoftplusBackward0"
    assert type(nn_ops.gelu(x).grad_fn).__name__ == "GeluBackward0"
    cast = ember.softmax(x, 1, dtype=ember.float64)
    assert cast.dtype == ember.float64
    assert type(cast.grad_fn.next_functions[0][0]).__name__ == "ToCopyBackward0"
    same = ember.softmax(x, 1, dtype=ember.float32)
    assert same.grad_fn.next_functions[0][0] is not None
    assert type(same.grad_fn.next_functions[0][0]).__name__ == "AccumulateGrad"
    half = ember.softmax(ember.tensor([1.0, 2.0], dtype=ember.float16), 0)
    assert half.dtype == ember.float16
    np.testing.assert_allclose(half.numpy().astype(float), [0.2690, 0.7310], atol=1e-3)
    assert ember.softmax(ember.zeros(0, 3), 0).shape == (0, 3)


def test_implicit_softmax_dim_follows_torch():
    assert [nn_ops.implicit_softmax_dim(n) for n in range(5)] == [0, 0, 1, 0, 1]


# ---------------------------------------------------------------------- second derivatives
SECOND_ORDER = [
    ("softmax", lambda x: ember.softmax(x, 1)),
    ("log_softmax", lambda x: ember.log_softmax(x, 0)),
    ("logsigmoid", nn_ops.logsigmoid),
    ("softplus", lambda x: nn_ops.softplus(x, beta=1.5)),
    ("gelu", nn_ops.gelu),
    ("gelu_tanh", lambda x: nn_ops.gelu(x, approximate="tanh")),
]


@pytest.mark.parametrize("name, fn", SECOND_ORDER, ids=[n for n, _ in SECOND_ORDER])
def test_hessian_vector_products_match_finite_differences(name, fn):
    rng = np.random.default_rng(1)
    x0 = rng.standard_normal((2, 3))
    weights = ember.tensor(rng.standard_normal((2, 3)))
    direction = rng.standard_normal((2, 3))

    def gradient(values: np.ndarray, create_graph: bool = False):
        x = ember.tensor(values, requires_grad=True)
        (grad,) = ember.autograd.grad((fn(x) * weights).sum(), x, create_graph=create_graph)
        return x, grad

    x, grad = gradient(x0, create_graph=True)
    (hvp,) = ember.autograd.grad((grad * ember.tensor(direction)).sum(), x)
    expected = numeric_gradient(lambda v: float(np.sum(gradient(v)[1].numpy() * direction)), x0)
    np.testing.assert_allclose(hvp.numpy(), expected, rtol=1e-6, atol=1e-8)
