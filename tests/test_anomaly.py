"""Anomaly detection: torch's NaN error naming the op, and a warning showing where the failing
node was created (torch 2.13's messages and behaviour, observed by running the same code).
"""

import inspect
import os
import warnings

import numpy as np
import pytest

import ember
from ember.autograd import Function

EMBER_DIR = os.path.dirname(os.path.abspath(ember.__file__))
pytestmark = pytest.mark.filterwarnings("ignore:Anomaly Detection has been enabled")


@pytest.fixture(autouse=True)
def _anomaly_off_afterwards():
    yield
    ember.autograd.set_detect_anomaly(False)


def line_here() -> int:
    """The line number of the caller's call of this function."""
    return inspect.currentframe().f_back.f_lineno


def run_backward(loss):
    """loss.backward() under anomaly mode's rules; returns (error, warning texts)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(RuntimeError) as info:
            loss.backward()
    return info.value, [str(w.message) for w in caught if w.category is UserWarning]


def sqrt_at_zero(x):
    y = ember.sqrt(x)  # d sqrt/dx at 0 is inf; times a zero gradient gives NaN
    return (y * 0).sum(), line_here() - 1


def test_a_nan_gradient_names_the_op_and_the_warning_shows_the_users_line():
    x = ember.tensor([0.0, 1.0, 4.0], requires_grad=True)
    with pytest.warns(UserWarning, match="Anomaly Detection has been enabled"):
        mode = ember.autograd.detect_anomaly()
    with mode:
        loss, sqrt_line = sqrt_at_zero(x)
        call_line = line_here() - 1
        error, warned = run_backward(loss)
    message = str(error)
    assert message.startswith("Function 'SqrtBackward0' returned nan values in its 0th output.")
    assert "shape [3]" in message and "index (0,)" in message
    (warning,) = warned
    assert warning.startswith("Error detected in SqrtBackward0. Traceback of forward call that "
                              "caused the error:\n")
    here = os.path.abspath(__file__)
    assert f'File "{here}", line {call_line}, in test_a_nan_gradient' in warning
    assert f'File "{here}", line {sqrt_line}, in sqrt_at_zero' in warning
    assert "y = ember.sqrt(x)" in warning
    assert EMBER_DIR not in warning  # ember's own frames are left out


def test_zero_over_zero_names_the_output_index_and_the_first_bad_element():
    x = ember.tensor([[1.0, 0.0], [0.0, 2.0]], requires_grad=True)
    with ember.autograd.set_detect_anomaly(True):
        y = x / x
        error, warned = run_backward(y.sum())
    # d(a/b)/db = -a/b^2 is 0/0 where x is 0: the second input's gradient, first at (0, 1).
    assert str(error).startswith("Function 'DivBackward0' returned nan values in its 1th "
                                 "output.")
    assert "the first at index (0, 1)" in str(error)
    assert "2 of its values are nan" in str(error)
    assert "y = x / x" in warned[0]


def test_a_custom_function_returning_nan_is_named_after_the_function():
    class Broken(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 1

        @staticmethod
        def backward(ctx, grad):
            return grad * float("nan")

    x = ember.tensor([1.0, 2.0], requires_grad=True)
    with ember.autograd.detect_anomaly():
        y = Broken.apply(x)
        line = line_here() - 1
        error, warned = run_backward(y.sum())
    assert str(error).startswith("Function 'BrokenBackward' returned nan values in its 0th "
                                 "output.")
    assert f"line {line}" in warned[0]


def test_check_nan_false_and_inf_gradients_raise_nothing():
    x = ember.tensor([1.0, 0.0], requires_grad=True)
    with ember.autograd.detect_anomaly(check_nan=False):
        (x / x).sum().backward()
    assert np.isnan(x.grad.numpy()).any()
    x = ember.tensor([1.0, 1.0], requires_grad=True)
    with ember.autograd.detect_anomaly():
        (x.exp() * float("inf")).sum().backward()  # inf gradients are not anomalies
    assert np.isinf(x.grad.numpy()).all()


def test_nodes_created_outside_anomaly_mode_have_no_traceback():
    x = ember.tensor([0.0, 1.0], requires_grad=True)
    y = ember.sqrt(x)
    with ember.autograd.detect_anomaly():
        error, warned = run_backward((y * 0).sum())
    assert "SqrtBackward0" in str(error)
    assert warned == ["Error detected in SqrtBackward0. No forward pass information available. "
                      "Enable detect anomaly during forward pass for more information."]


def test_a_node_made_by_a_backward_pass_also_shows_where_that_backward_came_from():
    with ember.autograd.detect_anomaly():
        x = ember.tensor([0.0, 1.0], requires_grad=True)
        y = x ** 1.5
        forward_line = line_here() - 1
        (g,) = ember.autograd.grad(y.sum(), x, create_graph=True)
        grad_line = line_here() - 1
        error, warned = run_backward((g * 0).sum())
    assert str(error).startswith("Function 'PowBackward0' returned nan values in its 0th")
    first, second = warned
    assert first.startswith("Error detected in PowBackward0.") and f"line {grad_line}" in first
    assert second.startswith("\n\nPrevious calculation was induced by PowBackward0. Traceback "
                             "of forward call that induced the previous calculation:\n")
    assert f"line {forward_line}" in second


def test_any_error_in_backward_gets_the_creation_warning():
    with ember.autograd.detect_anomaly():
        x = ember.tensor([1.0, 1.0], requires_grad=True)
        a = x * 2
        b = a * a
        line = line_here() - 1
        a.mul_(2)
        error, warned = run_backward(b.sum())
    assert "modified by an inplace operation" in str(error)
    assert warned[0].startswith("Error detected in MulBackward0.") and f"line {line}" in warned[0]


def test_modes_and_their_scope():
    assert not ember.autograd.is_anomaly_enabled()
    with ember.autograd.detect_anomaly():
        assert ember.autograd.is_anomaly_enabled()
    assert not ember.autograd.is_anomaly_enabled()
    with ember.autograd.set_detect_anomaly(True):
        assert ember.autograd.is_anomaly_enabled()
    assert not ember.autograd.is_anomaly_enabled()
    ember.autograd.set_detect_anomaly(True)
    assert ember.autograd.is_anomaly_enabled()
    ember.autograd.set_detect_anomaly(False)
    # Without anomaly mode a NaN gradient passes silently, as in torch.
    x = ember.tensor([0.0], requires_grad=True)
    (ember.sqrt(x) * 0).sum().backward()
    assert np.isnan(x.grad.numpy()).all()


def test_the_setting_is_process_wide_as_torchs():
    """torch's anomaly mode is one setting for the process: a thread sees what another set,
    check_nan included (ember's was per thread)."""
    import threading

    seen = []

    def look():
        seen.append((ember.is_anomaly_enabled(), ember.is_anomaly_check_nan_enabled()))

    ember.autograd.set_detect_anomaly(True, check_nan=False)
    thread = threading.Thread(target=look)
    thread.start()
    thread.join()
    thread = threading.Thread(target=lambda: ember.autograd.set_detect_anomaly(False))
    thread.start()
    thread.join()
    look()
    assert seen == [(True, False), (False, True)]


def test_a_backward_in_another_thread_keeps_its_own_parent_node():
    """The node whose backward runs (what nodes made by create_graph point back to) belongs
    to the thread running that backward."""
    import threading

    from ember.autograd import anomaly

    anomaly.state.parent = "outer"
    inner = []
    thread = threading.Thread(target=lambda: inner.append(anomaly.state.parent))
    thread.start()
    thread.join()
    assert inner == [None] and anomaly.state.parent == "outer"
    anomaly.state.parent = None
