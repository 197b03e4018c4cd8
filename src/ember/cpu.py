"""torch.cpu: the CPU as a device module (what torch.get_device_module("cpu") returns).
ember runs on the CPU only, synchronously."""

from __future__ import annotations

from typing import Any

__all__ = ["is_available", "is_initialized", "device_count", "current_device", "set_device",
           "synchronize"]


def is_available() -> bool:
    return True


def is_initialized() -> bool:
    return True


def device_count() -> int:
    return 1


def current_device() -> str:
    return "cpu"


def set_device(device: Any) -> None:
    """The CPU is the only device: nothing to set."""


def synchronize(device: Any = None) -> None:
    """Work on the CPU is done when its call returns: nothing to wait for."""
