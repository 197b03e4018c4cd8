"""torch.utils.benchmark.utils.timer: Timer, timing Python statements."""

from __future__ import annotations

import enum
import timeit as _timeit
from collections.abc import Callable
from typing import Any

from .common import Measurement, TaskSpec

__all__ = ["Timer", "Language", "timer"]

timer = _timeit.default_timer


class Language(enum.Enum):
    PYTHON = 0
    CPP = 1


class Timer:
    """Times `stmt` (Python source) run in a copy of `globals` after `setup`, as
    torch.utils.benchmark.Timer does (`torch` is in the namespace unless given)."""

    def __init__(self, stmt: str = "pass", setup: str = "pass", global_setup: str = "",
                 timer: Callable[[], float] = timer, globals: dict[str, Any] | None = None,
                 label: str | None = None, sub_label: str | None = None,
                 description: str | None = None, env: str | None = None,
                 num_threads: int = 1, language: Language | str = Language.PYTHON) -> None:
        if language not in (Language.PYTHON, "py", "python"):
            if language in (Language.CPP, "cpp", "c++"):
                raise NotImplementedError("ember's benchmark Timer times Python statements only")
            raise ValueError(f"Invalid language `{language}`.")
        import ember

        namespace = dict(globals or {})
        namespace.setdefault("torch", ember)
        self._globals = namespace
        self._timer = timer
        self._task_spec = TaskSpec(stmt, setup, global_setup, label, sub_label, description,
                                   env, num_threads)
        self._timeit = _timeit.Timer(stmt=stmt, setup=setup, timer=timer, globals=namespace)

    def timeit(self, number: int = 1000000) -> Measurement:
        """One measurement of `number` runs (after one warm-up run)."""
        self._timeit.timeit(number=max(int(number // 100), 2))
        return Measurement(number, [self._timeit.timeit(number=number)], self._task_spec)

    def _estimate_block_size(self, min_run_time: float) -> int:
        """Runs per block: a block should take about a tenth of `min_run_time` (at least
        one run, at most 10**6)."""
        number = 1
        while number < 10 ** 6:
            if self._timeit.timeit(number=number) >= min_run_time / 10:
                break
            number *= 10
        return number

    def blocked_autorange(self, callback: Callable[[int, float], Any] | None = None,
                          min_run_time: float = 0.2) -> Measurement:
        """Blocks of runs until at least `min_run_time` seconds were measured."""
        number = self._estimate_block_size(min_run_time)
        times, total = [], 0.0
        while total < min_run_time or not times:
            elapsed = self._timeit.timeit(number=number)
            if callback is not None:
                callback(number, elapsed)
            times.append(elapsed)
            total += elapsed
        return Measurement(number, times, self._task_spec)

    def adaptive_autorange(self, threshold: float = 0.1, *, min_run_time: float = 0.01,
                           max_run_time: float = 10.0,
                           callback: Callable[[int, float], Any] | None = None) -> Measurement:
        """Blocks of runs until the measurements agree (IQR/median below `threshold`) after
        at least `min_run_time`, or `max_run_time` is spent."""
        number = self._estimate_block_size(min_run_time=0.05)
        times, total = [], 0.0
        while True:
            elapsed = self._timeit.timeit(number=number)
            if callback is not None:
                callback(number, elapsed)
            times.append(elapsed)
            total += elapsed
            if total >= max_run_time:
                break
            if total >= min_run_time and len(times) >= 4 and Measurement(
                    number, times, self._task_spec).meets_confidence(threshold):
                break
        return Measurement(number, times, self._task_spec)

    def autorange(self, callback: Callable[[int, float], Any] | None = None) -> None:
        raise NotImplementedError("See `Timer.blocked_autorange.`")

    def repeat(self, repeat: int = -1, number: int = -1) -> None:
        raise NotImplementedError("See `Timer.blocked_autorange.`")

    def collect_callgrind(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("ember's benchmark Timer does not run callgrind")
