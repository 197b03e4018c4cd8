"""NumPy's floating-point error state while ember computes.

torch gives inf and nan silently; NumPy warns (`RuntimeWarning: divide by zero encountered
in log`). A warnings filter cannot hide those warnings reliably: the user's own filters
come first (`warnings.simplefilter("always")` inside `catch_warnings(record=True)`, pytest's
`-W error`), and warnings raised inside NumPy's Python functions are attributed to NumPy's
modules. So ember computes with NumPy's error state set to "ignore" and restores the
user's state before returning: `token = quiet()` ... `restore(token)` around the forward
of an op and around a backward pass.

`np.errstate` costs about 1 us per use, as much as a whole small op. On NumPy 2 the state
is a context variable, and setting it directly costs a fifth of that; NumPy 1 keeps a
per-thread error object, set with `seterrobj`.

Cheaper still on NumPy 2 (the ops' hot paths): `run_quiet(f, *args)` calls f inside a
context made once, in which the state is "ignore". Entering a context only swaps the
thread's current context (setting and resetting the variable allocates twice), and
with errors ignored NumPy skips reading the floating-point flags: a small op costs about
what the ufunc costs alone. Inside it, other context variables have their defaults, so it
serves NumPy computations only (ember's op forwards). A context can be entered once at a
time: when it is in use (another thread computing, or a forward that calls an op) entering
raises RuntimeError, and `retry_quietly` takes the set-and-reset way instead.
"""

from __future__ import annotations

import contextvars

import numpy as np

__all__ = ["IGNORE", "enter", "may_warn", "quiet", "restore", "retry_quietly", "run_quiet"]

try:  # NumPy 2
    from numpy._core._ufunc_config import _extobj_contextvar, _make_extobj

    IGNORE = _make_extobj(all="ignore")
    # `token = enter(IGNORE)` silences, `restore(token)` puts the caller's state back: two
    # C calls, for the hot paths (a Python function around them would cost as much again).
    enter = _extobj_contextvar.set
    restore = _extobj_contextvar.reset
    _quiet_context = contextvars.Context()
    _quiet_context.run(enter, IGNORE)
    run_quiet = _quiet_context.run

except ImportError:  # NumPy 1: the error object is [buffer size, error mask, callback]
    _umath = np.core.umath
    IGNORE = None

    def enter(_ignore):
        previous = _umath.geterrobj()
        _umath.seterrobj([previous[0], 0, previous[2]])
        return previous

    restore = _umath.seterrobj

    def run_quiet(function, *args, **kwargs):
        token = enter(IGNORE)
        try:
            return function(*args, **kwargs)
        finally:
            restore(token)


_BUSY = "cannot enter context"


def retry_quietly(error: RuntimeError, function, *args, **kwargs):
    """After `run_quiet(function, *args)` raised `error`: if the quiet context was in use
    (nothing ran), function(*args) with the state set and reset around it; any other error
    came from the function and is raised again."""
    if not str(error).startswith(_BUSY):
        raise error
    token = enter(IGNORE)
    try:
        return function(*args, **kwargs)
    finally:
        restore(token)


def quiet():
    """Silence NumPy's floating-point errors; returns what `restore` needs."""
    return enter(IGNORE)


# Ufuncs that raise no floating-point error for any input (checked for nan, inf, -0,
# subnormals and the extremes of float16/32/64): an op computing only these, or a view,
# needs no silencing.
_SILENT_UFUNCS = frozenset([
    np.negative, np.positive, np.absolute, np.equal, np.not_equal, np.less, np.less_equal,
    np.greater, np.greater_equal, np.logical_and, np.logical_or, np.logical_xor,
    np.logical_not, np.maximum, np.minimum, np.fmax, np.fmin, np.floor, np.ceil, np.trunc,
    np.rint, np.sign, np.signbit, np.copysign, np.isnan, np.isinf, np.isfinite])


def may_warn(op) -> bool:
    """Whether `op`'s forward can make NumPy warn (decided once per op)."""
    return not op.view and op.forward not in _SILENT_UFUNCS
