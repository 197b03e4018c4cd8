"""vmap's `randomness` flag, for transforms that run a function once per batch element.

torch's vmap refuses random operations by default ('error'), draws the same numbers for
every element ('same'), or different ones ('different'), each random op drawing the whole
batch in one call. ember runs the function once per element, and sees its draws in two ways:

- every draw function of _mt19937 goes through `draw_hook` while the function runs, so
  'error' refuses a draw from any generator at once, and 'different' turns the k-th draw of
  n values of element 0 into one draw of n * B values (torch's batched draw: the same
  numbers, in torch's op-major order, also where a batch of normals reaches the vectorised
  path at 16 values), handing element b its b-th part; the later elements take theirs from
  that draw instead of drawing. Draws whose functions cannot be batched by count
  (randperm, multinomial with replacement, rrelu's noise) run per element, in element
  order, which is also the order torch's loops over the batch draw them in.
- the default generator's state (torch's byte layout) is compared around each element, so a
  draw that bypasses _mt19937's functions still counts in 'error' mode; 'same' rewinds every
  generator drawn from to where it stood before the first element, so each element draws
  what the first drew, and the generator ends where one draw leaves it, as in torch.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .. import _mt19937
from .._batched_array import BatchedArray
from .._creation import default_generator

__all__ = ["RandomnessGuard", "check_randomness"]

_CHOICES = ("error", "different", "same")

_RANDOM_IN_ERROR_MODE = (
    "vmap: called random operation while in randomness error mode. Please either use the "
    "'same' or 'different' randomness flags on vmap or perform the randomness operation out "
    "of vmap"
)
_INPLACE_DIFFERENT_ON_UNBATCHED = (
    "vmap: Cannot ask for different inplace randomness on an unbatched tensor. This will "
    "appear like same randomness. If this is necessary for your usage, please file an issue "
    "with functorch."
)


def check_randomness(randomness: str) -> None:
    if randomness not in _CHOICES:
        raise RuntimeError("Only allowed values for randomness are 'error', 'different', or "
                           f"'same'. Got {randomness}")


def _snapshot():
    return default_generator.get_state()._data


class RandomnessGuard:
    """Wrap each per-element call in `with guard.element():` (elements in order 0..B-1).
    `batch` is the number of elements, `call` the vmap call's number (its BatchedArray
    mark), both needed by 'different' only."""

    def __init__(self, randomness: str, batch: int = 1, call: int = 0) -> None:
        check_randomness(randomness)
        self.randomness = randomness
        self.batch = batch
        self.call = call
        self._start = _snapshot() if randomness == "same" else None
        self.started: dict[int, tuple] = {}  # 'same': id(twister) -> (twister, its state)
        self.draws: list[np.ndarray] = []  # 'different': the batched draws, in call order
        self.index = 0  # the element running now
        self.drawn = 0  # the draws the running element made so far

    def element(self) -> _Element:
        return _Element(self)


class _Hook:
    """What _mt19937's draw functions call while guards are active (innermost last)."""

    def __init__(self) -> None:
        self.guards: list[RandomnessGuard] = []

    def draw(self, function: Callable, mt, args: tuple, kwargs: dict, by_count: bool):
        return self._draw(len(self.guards) - 1, function, mt, args, kwargs, by_count)

    def _draw(self, level: int, function: Callable, mt, args: tuple, kwargs: dict,
              by_count: bool):
        if level < 0:  # no vmap left outside: draw, with the hook off for nested draws
            _mt19937.draw_hook = None
            try:
                return function(mt, *args, **kwargs)
            finally:
                _mt19937.draw_hook = self
        guard = self.guards[level]
        if guard.randomness == "error":
            raise RuntimeError(_RANDOM_IN_ERROR_MODE)
        if guard.randomness == "same":
            if id(mt) not in guard.started:
                guard.started[id(mt)] = (mt, mt.get_state())
            return self._draw(level - 1, function, mt, args, kwargs, by_count)
        if not by_count or not guard.call:  # (call 0: a transform that does not batch)
            return self._draw(level - 1, function, mt, args, kwargs, by_count)
        count, rest = int(args[0]), args[1:]
        k = guard.drawn
        guard.drawn += 1
        if guard.index == 0:
            whole = self._draw(level - 1, function, mt, (count * guard.batch, *rest), kwargs,
                               by_count)
            guard.draws.append(whole)
        elif k >= len(guard.draws) or guard.draws[k].shape[0] != count * guard.batch:
            raise NotImplementedError(
                "vmap(randomness='different'): the batch elements made different random "
                "draws (ember runs the function once per element, and batches element 0's "
                "draws); torch would have refused the data-dependent control flow first")
        else:
            whole = guard.draws[k]
        if not guard.batch:  # (an empty batch: the function runs once, on stand-ins)
            return np.zeros(count, whole.dtype)
        return whole[guard.index * count:(guard.index + 1) * count]

    def inplace(self, fill: Callable) -> Callable:
        """An in-place random fill (normal_, uniform_...) checked against the innermost
        guard: 'different' refuses to fill a tensor that vmap does not map over."""
        guard = self.guards[-1]
        if guard.randomness != "different":
            return fill

        def checked(target: np.ndarray):
            if type(target) is not BatchedArray or guard.call not in target.vmap_calls:
                raise RuntimeError(_INPLACE_DIFFERENT_ON_UNBATCHED)
            return fill(target)
        return checked


_HOOK = _Hook()


class _Element:
    __slots__ = ("guard", "before", "outer")

    def __init__(self, guard: RandomnessGuard) -> None:
        self.guard = guard
        self.before = None
        self.outer = None

    def __enter__(self) -> None:
        guard = self.guard
        if guard.randomness == "same":
            default_generator._twister.set_state(guard._start)
            for mt, state in guard.started.values():
                mt.set_state(state)
        elif guard.randomness == "error":
            self.before = _snapshot()
        guard.drawn = 0
        self.outer = _mt19937.draw_hook
        _HOOK.guards.append(guard)
        _mt19937.draw_hook = _HOOK

    def __exit__(self, exc_type, *exc) -> None:
        _HOOK.guards.pop()
        _mt19937.draw_hook = self.outer
        guard = self.guard
        guard.index += 1
        if exc_type is None and self.before is not None:
            if not np.array_equal(_snapshot(), self.before):
                raise RuntimeError(_RANDOM_IN_ERROR_MODE)
