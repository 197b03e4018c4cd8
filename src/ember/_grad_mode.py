"""Thread-local gradient recording mode: no_grad, enable_grad, set_grad_enabled, inference_mode.

Each class works both as a context manager and as a decorator, like torch's. The state is
per thread, so a `no_grad` block in one thread does not switch recording off in another.
"""

from __future__ import annotations

import functools
import threading

__all__ = [
    "no_grad", "enable_grad", "set_grad_enabled", "inference_mode", "is_grad_enabled",
    "is_inference_mode_enabled",
]


# How many threads have recording switched off now. Reading a thread-local attribute costs
# about as much as a small op's bookkeeping, so the ops' hot paths (_dispatch) first read
# this plain list: while it is 0, every thread records, and only otherwise do they ask
# `state._enabled`. A thread that ends with recording off leaves it above 0: ops then
# just take the thread-local read.
threads_not_recording = [0]
# Likewise how many threads are in inference mode now: while 0, a new tensor is no inference
# tensor without a thread-local read (_tensor.new_tensor).
threads_in_inference = [0]
_count_lock = threading.Lock()


class _State(threading.local):
    # Class attributes are the per-thread defaults: every new thread starts recording.
    _enabled = True
    _inference = False
    # Set by the backward engine while a backward formula runs on NumPy arrays rather than
    # Tensors (autograd/engine.py): graph nodes then hand out their saved values as arrays.
    formula_arrays = False

    @property
    def enabled(self):
        """Whether this thread records operations (set by the grad-mode switches, the
        engine and custom Functions)."""
        return self._enabled

    @enabled.setter
    def enabled(self, value) -> None:
        was = bool(self._enabled)
        if bool(value) != was:
            with _count_lock:
                threads_not_recording[0] += 1 if was else -1
        self._enabled = value

    @property
    def inference(self):
        """Whether this thread is in inference mode: its new tensors are inference tensors."""
        return self._inference

    @inference.setter
    def inference(self, value) -> None:
        was = bool(self._inference)
        if bool(value) != was:
            with _count_lock:
                threads_in_inference[0] += -1 if was else 1
        self._inference = value


state = _State()


def is_grad_enabled() -> bool:
    """True when operations on tensors that require grad are being recorded."""
    return state.enabled


def is_inference_mode_enabled() -> bool:
    return state.inference


class _GradModeContext:
    """Base for the grad-mode switches: subclasses say what mode to enter."""

    _enter_mode: bool = True

    def __new__(cls, *args, **kwargs):
        # `@no_grad` (without parentheses) passes the function itself.
        if args and len(args) == 1 and cls in (no_grad, enable_grad) and callable(args[0]):
            return cls()(args[0])
        return super().__new__(cls)

    def __init__(self, *args) -> None:
        self._saved: list[tuple[bool, bool]] = []

    def __enter__(self) -> None:
        enabled = state._enabled
        self._saved.append((enabled, state._inference))
        if enabled is not self._enter_mode:  # (the setter counts threads under a lock)
            state.enabled = self._enter_mode

    def __exit__(self, *exc) -> None:
        enabled, inference = self._saved.pop()
        if state._enabled is not enabled:
            state.enabled = enabled
        if state._inference is not inference:
            state.inference = inference

    def __call__(self, func):
        if isinstance(func, type):
            raise TypeError(f"{type(self).__name__} can decorate functions, not classes")

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self.clone():
                return func(*args, **kwargs)

        return wrapper

    def clone(self) -> _GradModeContext:
        return type(self)()


class no_grad(_GradModeContext):  # noqa: N801 - torch's name
    """Disable gradient recording: results of operations do not require grad."""

    __module__ = "ember.autograd.grad_mode"  # torch's module for it

    _enter_mode = False


class enable_grad(_GradModeContext):  # noqa: N801
    """Enable gradient recording inside a no_grad block."""

    __module__ = "ember.autograd.grad_mode"  # torch's module for it

    _enter_mode = True


class set_grad_enabled(_GradModeContext):  # noqa: N801
    """Set recording on or off; takes effect at once, and restores on exit when used with `with`."""

    __module__ = "ember.autograd.grad_mode"  # torch's module for it

    def __init__(self, mode: bool) -> None:
        super().__init__()
        self._enter_mode = bool(mode)
        # torch switches the mode immediately, so a bare call works too.
        self._previous = (state.enabled, state.inference)
        state.enabled = self._enter_mode

    def __enter__(self) -> None:
        self._saved.append(self._previous)
        state.enabled = self._enter_mode

    @property
    def mode(self) -> bool:
        return self._enter_mode

    def __repr__(self) -> str:
        # torch's `typename(self)(mode=...)`; the module part names ember's module, as the
        # other type names ember prints do (docs/differences.md).
        return f"{type(self).__module__}.{type(self).__qualname__}(mode={self._enter_mode})"

    __str__ = __repr__

    def clone(self) -> set_grad_enabled:
        previous = (state.enabled, state.inference)
        copy = set_grad_enabled(self._enter_mode)
        state.enabled, state.inference = previous
        return copy


class inference_mode(_GradModeContext):  # noqa: N801
    """no_grad whose new tensors are inference tensors (`Tensor.is_inference()`): never
    saved for backward, not written in place outside inference mode (_inference.py).
    `inference_mode(False)` turns both off, grad mode on, as torch's."""

    __module__ = "ember.autograd.grad_mode"  # torch's module for it

    def __init__(self, mode: bool = True) -> None:
        super().__init__()
        self._mode = bool(mode)

    def __enter__(self) -> None:
        self._saved.append((state.enabled, state.inference))
        state.enabled = not self._mode
        state.inference = self._mode

    def clone(self) -> inference_mode:
        return inference_mode(self._mode)
