"""vmap's `randomness` flag, for transforms that run a function once per batch element.

torch's vmap refuses random operations by default ('error'), draws the same numbers for
every element ('same'), or different ones ('different'). Running the function per element,
ember reads the default generator's state (torch's byte layout) around each call: a change
means the function drew random numbers. 'same' rewinds the generator before each element,
so each draws what the first drew. Draws from an explicitly passed `Generator` are not seen.
"""

from __future__ import annotations

import numpy as np

from .._creation import default_generator

__all__ = ["RandomnessGuard", "check_randomness"]

_CHOICES = ("error", "different", "same")

_RANDOM_IN_ERROR_MODE = (
    "vmap: called random operation while in randomness error mode. Please either use the "
    "'same' or 'different' randomness flags on vmap or perform the randomness operation out "
    "of vmap"
)


def check_randomness(randomness: str) -> None:
    if randomness not in _CHOICES:
        raise RuntimeError("Only allowed values for randomness are 'error', 'different', or "
                           f"'same'. Got {randomness}")


def _snapshot():
    return default_generator.get_state()._data


class RandomnessGuard:
    """Wrap each per-element call in `with guard.element():`."""

    def __init__(self, randomness: str) -> None:
        check_randomness(randomness)
        self.randomness = randomness
        self._start = _snapshot() if randomness == "same" else None

    def element(self) -> _Element:
        return _Element(self)


class _Element:
    __slots__ = ("guard", "before")

    def __init__(self, guard: RandomnessGuard) -> None:
        self.guard = guard
        self.before = None

    def __enter__(self) -> None:
        mode = self.guard.randomness
        if mode == "same":
            default_generator._twister.set_state(self.guard._start)
        elif mode == "error":
            self.before = _snapshot()

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is None and self.before is not None:
            if not np.array_equal(_snapshot(), self.before):
                raise RuntimeError(_RANDOM_IN_ERROR_MODE)
