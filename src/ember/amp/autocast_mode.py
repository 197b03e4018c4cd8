"""`torch.autocast` (also `torch.amp.autocast`): a context manager and decorator.

Disabled (``enabled=False``) it does nothing, on any device. On "cuda" a CPU-only torch
warns and disables itself, and so does ember. On "cpu" torch supports bfloat16 and
float16; ember supports neither for autocast (see the package docstring) and raises
NotImplementedError; any other dtype gets torch's warning and a disabled autocast.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from .. import _dtype
from .._device import device as _device
from .._warnings import warn

__all__ = ["autocast", "is_autocast_available", "is_autocast_enabled"]


def is_autocast_available(device_type: str) -> bool:
    """Whether autocast can run on `device_type`: never in ember (no bfloat16 on the CPU,
    no CUDA)."""
    return False


class autocast:  # noqa: N801 - torch's name
    """Mixed precision for the ops run inside; in ember, a no-op unless enabled on the CPU
    (which raises NotImplementedError)."""

    def __init__(self, device_type: str, dtype: Any = None, enabled: bool = True,
                 cache_enabled: bool | None = None) -> None:
        if not isinstance(device_type, str):
            raise ValueError(f"Expected `device_type` of type `str`, got: `{type(device_type)}`")
        self.device = _device(device_type).type  # torch's error for an unknown device
        # (torch's CPU default is bfloat16, which ember has not: None stands for it)
        self.fast_dtype = dtype if dtype is not None or self.device != "cuda" else \
            _dtype.float16
        self._cache_enabled = True if cache_enabled is None else cache_enabled
        self._enabled = bool(enabled)
        if not self._enabled:
            return
        if self.device == "cuda":
            warn("CUDA is not available or torch_xla is imported. Disabling autocast.")
            self._enabled = False
            return
        if self.device != "cpu":
            raise NotImplementedError(f"torch.autocast: ember has no '{self.device}' device")
        if dtype is None or dtype is _dtype.float16:
            name = "float16" if dtype is _dtype.float16 else "bfloat16"
            raise NotImplementedError(
                f"torch.autocast('cpu', dtype=torch.{name}) is not supported by ember: CPU "
                f"autocast runs matmuls and convolutions in {name} with torch's per-op "
                "casting rules, which ember does not implement (it has no bfloat16 at all). "
                "Run in float32 (enabled=False) to compute without autocast.")
        warn("In CPU autocast, but the target dtype is not supported. Disabling autocast.\n"
             "CPU Autocast only supports dtypes of torch.bfloat16, torch.float16 currently.")
        self._enabled = False

    def __enter__(self) -> autocast:
        return self

    def __exit__(self, exc_type: Any, exc_value: Any, traceback: Any) -> None:
        return None

    def __call__(self, function: Callable) -> Callable:
        @functools.wraps(function)
        def decorated(*args: Any, **kwargs: Any) -> Any:
            with self:
                return function(*args, **kwargs)

        return decorated


def is_autocast_enabled(device_type: str | None = None) -> bool:
    """The flag torch.set_autocast_enabled sets (None: CUDA's); ember never runs ops under
    an enabled autocast, and refuses to enable the CPU's."""
    from .._namespace_more import autocast_enabled

    return autocast_enabled(device_type)
