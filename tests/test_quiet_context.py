"""Ops compute with NumPy's floating-point errors ignored (torch warns of none), inside a
context made once (`_fp_errors.run_quiet`), without touching the user's NumPy error state;
when that context is in use (another thread, a forward calling an op) they fall back to
setting the state around the call."""

import threading
import warnings

import numpy as np
import pytest

import ember
from ember import _dispatch
from ember._fp_errors import retry_quietly, run_quiet
from ember.ops._registry import OPS


@pytest.fixture(params=[True, False], ids=["fast", "general"])
def paths(request, monkeypatch):
    monkeypatch.setattr(_dispatch, "use_fast_paths", request.param)


def _warning_ops():
    x = ember.tensor([0.0, 1.0, -1.0, 1e30], requires_grad=True)
    y = x.log() + x.sqrt() + (x * 1e300) + x.exp() / x
    y.sum().backward()
    return y, x.grad


def test_ops_are_silent_and_leave_the_users_state(paths):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            y, grad = _warning_ops()
            with pytest.raises(FloatingPointError):
                np.log(np.zeros(1))  # the user's own NumPy call keeps the user's state
    assert np.isnan(y.detach().numpy()[2]) and np.isnan(grad.numpy()[0])


def test_a_busy_context_falls_back_to_setting_the_state(paths):
    """An op run while the quiet context is entered (as by a forward that calls an op)
    cannot enter it again: it computes with the state set around it instead."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            y, grad = run_quiet(_warning_ops)
            assert np.geterr()["divide"] == "raise"
    assert y.shape == (4,) and grad.shape == (4,)


def test_the_fallback_sets_the_state(paths, monkeypatch):
    def busy(function, *args, **kwargs):
        raise RuntimeError("cannot enter context: <Context> is already entered")

    monkeypatch.setattr(_dispatch, "run_quiet", busy)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            y, grad = _warning_ops()
            assert np.geterr()["divide"] == "raise"
    assert np.isnan(y.detach().numpy()[2]) and np.isnan(grad.numpy()[0])


def test_an_error_of_the_forward_is_raised_once(monkeypatch):
    calls = []

    def failing(*args):
        calls.append(args)
        raise RuntimeError("the forward's own error")

    monkeypatch.setattr(OPS["exp"], "forward", failing)
    with pytest.raises(RuntimeError, match="the forward's own error"):
        ember.tensor([1.0]).exp()
    assert len(calls) == 1


def test_retry_quietly_only_retries_a_busy_context():
    with pytest.raises(ValueError):
        retry_quietly(ValueError("x"), np.log, np.zeros(1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            busy = RuntimeError("cannot enter context: <Context> is already entered")
            assert retry_quietly(busy, np.log, np.zeros(1))[0] == -np.inf


def test_threads_share_the_context_safely():
    """Large arrays release the GIL inside NumPy, so threads overlap inside ops: each one
    either enters the context or falls back, and all stay silent and correct."""
    values = np.linspace(-1.0, 1.0, 1 << 16)
    with np.errstate(all="ignore"):
        expected = np.exp(np.log(values) * 0.5)
    failures = []

    def work():
        try:
            x = ember.tensor(values)
            for _ in range(20):
                out = (x.log() * 0.5).exp()
            np.testing.assert_array_equal(out.numpy(), expected)
        except BaseException as error:  # noqa: BLE001 - reported to the main thread
            failures.append(error)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not failures, failures
