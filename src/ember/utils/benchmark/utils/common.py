"""torch.utils.benchmark.utils.common: what a measurement is and how it prints."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = ["TaskSpec", "Measurement", "select_unit"]


class TaskSpec:
    """What is timed: the statement, its setup, and the labels a printout shows."""

    def __init__(self, stmt: str, setup: str, global_setup: str = "", label: str | None = None,
                 sub_label: str | None = None, description: str | None = None,
                 env: str | None = None, num_threads: int = 1) -> None:
        self.stmt, self.setup, self.global_setup = stmt, setup, global_setup
        self.label, self.sub_label, self.description = label, sub_label, description
        self.env, self.num_threads = env, num_threads

    @property
    def title(self) -> str:
        """The label (or the statement), with the sub-label after a colon."""
        title = self.label if self.label is not None else self.stmt
        return title if self.sub_label is None else f"{title}: {self.sub_label}"


def select_unit(t: float) -> tuple[str, float]:
    """The largest of s, ms, us, ns that `t` seconds reach (s below a nanosecond), and its
    length in seconds."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6), ("ns", 1e-9)):
        if t >= scale:
            return unit, scale
    return "s", 1.0


class Measurement:
    """The timings of one task: `raw_times[i]` seconds for `number_per_run` runs."""

    def __init__(self, number_per_run: int, raw_times: list[float], task_spec: TaskSpec,
                 metadata: dict | None = None) -> None:
        self.number_per_run = number_per_run
        self.raw_times = list(raw_times)
        self.task_spec = task_spec
        self.metadata = metadata

    # the task's fields, as torch forwards them
    def __getattr__(self, name: str) -> Any:
        if name in ("stmt", "setup", "global_setup", "label", "sub_label", "description",
                    "env", "num_threads", "title"):
            return getattr(self.task_spec, name)
        raise AttributeError(f"'Measurement' object has no attribute '{name}'")

    @property
    def times(self) -> list[float]:
        """Seconds per run, one entry per measurement."""
        return [t / self.number_per_run for t in self.raw_times]

    @property
    def mean(self) -> float:
        return float(np.mean(self.times))

    @property
    def median(self) -> float:
        return float(np.median(self.times))

    def _quartiles(self) -> tuple[float, float]:
        p25, p75 = np.percentile(self.times, [25, 75])
        return float(p25), float(p75)

    @property
    def iqr(self) -> float:
        p25, p75 = self._quartiles()
        return p75 - p25

    @property
    def significant_figures(self) -> int:
        """Digits of the median that the spread of the measurements supports (1 to 4),
        from the standard error of the mean; 4 for a single measurement."""
        times = self.times
        if len(times) < 2:
            return 4
        error = 2 * float(np.std(times, ddof=1)) / math.sqrt(len(times))
        if error <= 0:
            return 4
        return int(max(1, min(4, math.floor(-math.log10(error / self.median)))))

    def meets_confidence(self, threshold: float = 0.1) -> bool:
        return self.iqr / self.median < threshold

    @property
    def _warnings(self) -> list[str]:
        if len(self.times) < 2 or not self.median:
            return []
        spread = self.iqr / self.median
        if spread <= 0.1:
            return []
        why = ("This suggests significant environmental influence." if spread > 0.25
               else "This could indicate system fluctuation.")
        return [f"WARNING: Interquartile range is {spread * 100:.1f}% of the median "
                f"measurement.\n           {why}"]

    @property
    def has_warnings(self) -> bool:
        return bool(self._warnings)

    def __repr__(self) -> str:
        spec = self.task_spec
        lines = [object.__repr__(self), spec.title]
        if spec.description:
            lines.append(spec.description)
        setup = spec.setup.strip()
        if setup and setup != "pass":
            if "\n" in setup:
                lines.append("setup:\n" + "".join(f"  {line}\n" for line in setup.splitlines()))
            else:
                lines.append(f"setup: {setup}")
        unit, scale = select_unit(self.median)
        n = len(self.times)
        threads = f"{spec.num_threads} thread{'s' if spec.num_threads > 1 else ''}"
        if n > 1:
            lines.append(f"  Median: {self.median / scale:.2f} {unit}")
            if n >= 4:
                p25, p75 = self._quartiles()
                lines.append(f"  IQR:    {self.iqr / scale:.2f} {unit} "
                             f"({p25 / scale:.2f} to {p75 / scale:.2f})")
            lines.append(f"  {n} measurements, {self.number_per_run} runs per measurement, "
                         f"{threads}")
        else:
            lines.append(f"  {self.median / scale:.2f} {unit}")
            lines.append(f"  {n} measurement, {self.number_per_run} runs , {threads}")
        lines.extend("  " + warning for warning in self._warnings)
        return "\n".join(lines)
