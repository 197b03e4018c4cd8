"""ember.accelerator: torch's device-neutral accelerator queries, as a CPU-only torch answers.

    device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() \\
        else "cpu"

(the first lines of pytorch.org's "Build the neural network" tutorial). ember runs on the CPU
only: no accelerator is available, so the queries return False, None and 0, and the calls that
need a device raise torch's RuntimeError.
"""

from __future__ import annotations

from typing import Any, NoReturn

__all__ = ["is_available", "current_accelerator", "device_count", "current_device_index",
           "current_device_idx", "set_device_index", "set_device_idx", "synchronize",
           "current_stream", "empty_cache", "memory_allocated", "max_memory_allocated",
           "memory_reserved", "max_memory_reserved"]


def _none_available(*args: Any, **kwargs: Any) -> NoReturn:
    raise RuntimeError("Cannot access accelerator device when none is available.")


def is_available() -> bool:
    """False: ember has no accelerators."""
    return False


def current_accelerator(check_available: bool = False) -> None:
    """None: there is no accelerator (so `.type` of it must be guarded by is_available())."""
    return None


def device_count() -> int:
    """0: there are no accelerator devices."""
    return 0


current_device_index = current_device_idx = _none_available
set_device_index = set_device_idx = _none_available
synchronize = current_stream = empty_cache = _none_available
memory_allocated = max_memory_allocated = _none_available
memory_reserved = max_memory_reserved = _none_available
