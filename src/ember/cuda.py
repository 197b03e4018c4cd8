"""ember.cuda: what a CPU-only torch answers about CUDA, so device-choosing code runs.

    device = "cuda" if torch.cuda.is_available() else "cpu"

ember runs on the CPU only, so CUDA is never available. The answers and errors are those of
a torch 2.13 build without CUDA: queries that need no device return False, 0 or None
(seeding is accepted and ignored, as torch defers it until a device exists), and calls that
need one raise torch's AssertionError "Torch not compiled with CUDA enabled". Moving a
tensor to "cuda" keeps its own clear error (see `ember.device`).
"""

from __future__ import annotations

from typing import Any, NoReturn

__all__ = [
    "is_available", "device_count", "is_initialized", "init", "current_device",
    "synchronize", "get_device_name", "get_device_properties", "get_device_capability",
    "empty_cache", "memory_allocated", "max_memory_allocated", "memory_reserved",
    "max_memory_reserved", "manual_seed", "manual_seed_all", "seed", "seed_all",
    "initial_seed", "get_rng_state", "set_rng_state", "is_bf16_supported",
]


def _not_compiled() -> NoReturn:
    raise AssertionError("Torch not compiled with CUDA enabled")


# ---------------------------------------------------------------------------- questions
def is_available() -> bool:
    """False: ember has no CUDA devices."""
    return False


def device_count() -> int:
    """0: there are no CUDA devices."""
    return 0


def is_initialized() -> bool:
    """False: CUDA is never initialised."""
    return False


def is_bf16_supported(including_emulation: bool = True) -> bool:
    return False


# ---------------------------------------------------------------------------- needs a device
def init() -> NoReturn:
    _not_compiled()


def current_device() -> NoReturn:
    _not_compiled()


def synchronize(device: Any = None) -> NoReturn:
    _not_compiled()


def get_device_name(device: Any = None) -> NoReturn:
    _not_compiled()


def get_device_properties(device: Any = None) -> NoReturn:
    _not_compiled()


def get_device_capability(device: Any = None) -> NoReturn:
    _not_compiled()


def initial_seed() -> NoReturn:
    _not_compiled()


def get_rng_state(device: Any = "cuda") -> NoReturn:
    _not_compiled()


# ---------------------------------------------------------------------------- accepted, no effect
def manual_seed(seed: int) -> None:
    """Accepted and ignored (torch queues it until a CUDA device is used, which never
    happens here); seed ember's generator with `ember.manual_seed`."""


def manual_seed_all(seed: int) -> None:
    """Accepted and ignored, like `manual_seed`."""


def seed() -> None:
    """Accepted and ignored."""


def seed_all() -> None:
    """Accepted and ignored."""


def set_rng_state(new_state: Any, device: Any = "cuda") -> None:
    """Accepted and ignored."""


def empty_cache() -> None:
    """Nothing is cached: a no-op."""


def memory_allocated(device: Any = None) -> int:
    return 0


def max_memory_allocated(device: Any = None) -> int:
    return 0


def memory_reserved(device: Any = None) -> int:
    return 0


def max_memory_reserved(device: Any = None) -> int:
    return 0
