"""torch 2.13 warns once per process when float() or complex() takes a number out of a
tensor that requires grad (not int(), bool() or item()); the warning names the user's line,
also for code run by `python -c` (whose __main__ has no source a loader can give)."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings

import ember as torch

_MESSAGE = "Converting a tensor with requires_grad=True to a scalar may lead to unexpected"


def _caught(action) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        action()
    return [str(w.message) for w in caught]


def test_float_of_a_tensor_that_requires_grad_warns_once():
    x = torch.ones(2, requires_grad=True)
    assert _caught(lambda: (int(x[0]), bool(x[0]), x[0].item(), float(x.detach()[0]))) == []
    first = _caught(lambda: float(x.sum()))
    assert len(first) == 1 and first[0].startswith(_MESSAGE)
    assert first[0].endswith("\nConsider using tensor.detach() first.")
    assert _caught(lambda: float(x[1])) == []  # (once per process, as torch's)


def test_complex_warns_too_and_set_warn_always_repeats_it():
    x = torch.ones(2, requires_grad=True)
    torch.set_warn_always(True)
    try:
        assert len(_caught(lambda: complex(x[0]))) == 1
        assert len(_caught(lambda: "%.1f" % x[1])) == 1  # noqa: UP031 - calls float()
    finally:
        torch.set_warn_always(False)


def test_a_warning_from_python_c_names_its_line():
    source = "import ember as torch\nx = torch.ones(1, requires_grad=True)\nfloat(x)\n"
    env = {**os.environ, "PYTHONWARNINGS": "always"}
    done = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"<string>:3: UserWarning: {_MESSAGE}" in done.stderr


def test_no_warning_while_grad_mode_is_off():
    # torch warns only with grad mode on; its LBFGS takes float() of the closure's loss
    # inside its no_grad step (the style-transfer tutorial's loop must stay silent)
    x = torch.ones(2, requires_grad=True)
    y = x * 2
    torch.set_warn_always(True)
    try:
        with torch.no_grad():
            assert _caught(lambda: (float(x[0]), float(y[1]), complex(y[0]))) == []
        with torch.inference_mode():
            assert _caught(lambda: float(y[1])) == []
        opt = torch.optim.LBFGS([x], max_iter=3)

        def closure():
            opt.zero_grad()
            loss = (x ** 2).sum()
            loss.backward()
            return loss

        assert _caught(lambda: opt.step(closure)) == []
        assert len(_caught(lambda: float(y[1]))) == 1
    finally:
        torch.set_warn_always(False)
