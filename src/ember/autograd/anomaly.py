"""Anomaly detection: remember where each node was created, and fail loudly on NaN gradients.

With `detect_anomaly()` on, every recorded op keeps the stack of the user's code that
created it. When a backward fails, a UserWarning shows that stack (as torch's does); when a
backward formula produces NaN, the error names the op and the output index in torch's words,
then gives the gradient's shape and its first NaN.
"""

from __future__ import annotations

import threading
import traceback

import numpy as np

from .._warnings import is_ember_file, warn

__all__ = ["detect_anomaly", "set_detect_anomaly", "is_anomaly_enabled"]


class _State:
    """Whether anomaly mode is on and checks for NaN: process-wide, as torch's setting is
    (a thread started later sees it too); every recorded op reads `enabled`, which as a
    plain attribute costs a fraction of a thread-local read. `parent`, the node whose
    backward is running (set by the engine in anomaly mode), belongs to the thread that
    runs that backward."""

    def __init__(self) -> None:
        self.enabled = False
        self.check_nan = True
        self._local = threading.local()

    @property
    def parent(self):
        return getattr(self._local, "parent", None)

    @parent.setter
    def parent(self, node) -> None:
        self._local.parent = node


state = _State()


def is_anomaly_enabled() -> bool:
    return state.enabled


def is_anomaly_check_nan_enabled() -> bool:
    return state.check_nan


class detect_anomaly:  # noqa: N801 - torch's name
    """Context manager (or decorator) that turns anomaly detection on for its body."""

    __module__ = "ember.autograd.anomaly_mode"  # torch's module for it

    def __init__(self, check_nan: bool = True) -> None:
        self.check_nan = check_nan
        self._saved: list[tuple[bool, bool]] = []
        warn(
            "Anomaly Detection has been enabled. This mode will increase the runtime and "
            "should only be enabled for debugging.",
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

    __module__ = "ember.autograd.anomaly_mode"  # torch's module for it

    def __init__(self, mode: bool, check_nan: bool = True) -> None:
        self._previous = (state.enabled, state.check_nan)
        state.enabled, state.check_nan = bool(mode), check_nan

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc) -> None:
        state.enabled, state.check_nan = self._previous


def remember_creation(node) -> None:
    """Keep the stack of the code that created `node` (without ember's own frames) and, for
    a node created by a backward pass (create_graph=True), the node whose backward made it."""
    # (ember's frames include the code it generates: fast paths, argument checks)
    frames = [f for f in traceback.extract_stack()[:-1] if not is_ember_file(f.filename)]
    node._anomaly_trace = (traceback.format_list(frames), state.parent)


def report_failure(node) -> None:
    """Warn, as torch does, where the node whose backward failed was created (and, for a
    node made by an earlier backward pass, where the node that made it was created)."""
    name = node.name()
    record = getattr(node, "_anomaly_trace", None)
    if not record:
        warn(
            f"Error detected in {name}. No forward pass information available. Enable detect "
            "anomaly during forward pass for more information.",
            UserWarning,
        )
        return
    lines, parent = record
    warn(
        f"Error detected in {name}. Traceback of forward call that caused the error:\n"
        + "".join(lines), UserWarning,
    )
    seen = {id(node)}
    while parent is not None and id(parent) not in seen:
        seen.add(id(parent))
        record = getattr(parent, "_anomaly_trace", None)
        if not record:
            break
        lines, grandparent = record
        warn(
            f"\n\nPrevious calculation was induced by {parent.name()}. Traceback of forward "
            "call that induced the previous calculation:\n" + "".join(lines),
            UserWarning,
        )
        parent = grandparent


def check_gradients(node, grads, grads_out=()) -> None:
    """Raise torch's error if a backward formula returned NaN, then the gradient's shape,
    the shapes of the gradients that came in, and where the first NaN is. (The creation
    traceback is shown by `report_failure`, as a warning, as torch does.)"""
    if not state.check_nan:
        return
    for index, g in enumerate(grads):
        if g is None:
            continue
        data = g._data
        # torch checks for NaN only (an inf gradient can be legitimate, e.g. sqrt at 0).
        if data.dtype.kind == "f" and np.isnan(data).any():
            bad = np.isnan(data)
            first = tuple(int(i) for i in np.argwhere(bad)[0])
            incoming = ", ".join(str(list(o._data.shape)) if o is not None else "None"
                                 for o in grads_out)
            raise RuntimeError(
                f"Function '{node.name()}' returned nan values in its {index}th output. "
                f"That output has shape {list(data.shape)} (incoming gradient shapes: "
                f"{incoming}); {int(bad.sum())} of its values are nan, the first at index "
                f"{first}."
            )
