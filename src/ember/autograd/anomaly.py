"""Anomaly detection: remember where each node was created, and fail loudly on NaN gradients.

With `detect_anomaly()` on, every recorded op keeps the stack of the user's code that
created it; when a backward formula produces NaN, the error names the op, the
output index, the first bad element, and shows that stack.
"""

from __future__ import annotations

import threading
import traceback
import warnings

import numpy as np

__all__ = ["detect_anomaly", "set_detect_anomaly", "is_anomaly_enabled"]


class _State(threading.local):
    enabled = False
    check_nan = True


state = _State()


def is_anomaly_enabled() -> bool:
    return state.enabled


def is_anomaly_check_nan_enabled() -> bool:
    return state.check_nan


class detect_anomaly:  # noqa: N801 - torch's name
    """Context manager (or decorator) that turns anomaly detection on for its body."""

    def __init__(self, check_nan: bool = True) -> None:
        self.check_nan = check_nan
        self._saved: list[tuple[bool, bool]] = []
        warnings.warn(
            "Anomaly Detection has been enabled. This mode will increase the runtime and "
            "should only be enabled for debugging.",
            stacklevel=2,
        )

    def __enter__(self) -> None:
        self._saved.append((state.enabled, state.check_nan))
        state.enabled, state.check_nan = True, self.check_nan

    def __exit__(self, *exc) -> None:
        state.enabled, state.check_nan = self._saved.pop()

    def __call__(self, func):
        def wrapper(*args, **kwargs):
            with self:
                return func(*args, **kwargs)

        return wrapper


class set_detect_anomaly:  # noqa: N801
    """Turn anomaly detection on or off; as a context manager it restores the old setting."""

    def __init__(self, mode: bool, check_nan: bool = True) -> None:
        self._previous = (state.enabled, state.check_nan)
        state.enabled, state.check_nan = bool(mode), check_nan

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc) -> None:
        state.enabled, state.check_nan = self._previous


def remember_creation(node) -> None:
    """Keep the stack of the code that created `node`, without ember's own frames."""
    frames = [f for f in traceback.extract_stack()[:-1] if "/ember/" not in f.filename]
    node._anomaly_trace = traceback.format_list(frames)


def check_gradients(node, grads) -> None:
    """Raise if a backward formula returned NaN (torch's message, plus where the node came from)."""
    if not state.check_nan:
        return
    for index, g in enumerate(grads):
        if g is None:
            continue
        data = g._data
        # torch checks for NaN only (an inf gradient can be legitimate, e.g. sqrt at 0).
        if data.dtype.kind == "f" and np.isnan(data).any():
            bad = np.argwhere(np.isnan(data))[0]
            where = ""
            if node._anomaly_trace:
                where = ("\nTraceback of forward call that caused the error:\n"
                         + "".join(node._anomaly_trace))
            raise RuntimeError(
                f"Function '{node.name()}' returned nan values in its {index}th output "
                f"(shape {list(data.shape)}, first bad element at index {tuple(bad.tolist())})."
                + where
            )
