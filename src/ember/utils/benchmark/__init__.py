"""torch.utils.benchmark, as far as PyTorch's tutorials time code with it: `Timer` (timeit,
blocked_autorange, adaptive_autorange) and the `Measurement` it returns (times, mean,
median, iqr, printed as torch prints it). The torch.func tutorials compare a loop with
vmap this way.

Not here: Compare, Fuzzer, callgrind (`Timer.collect_callgrind` raises
NotImplementedError), the C++ language; `num_threads` is recorded and shown, not applied
(ember computes on NumPy's threads).
"""

from __future__ import annotations

from .utils.common import Measurement, TaskSpec, select_unit
from .utils.compare import Compare
from .utils.timer import Language, Timer, timer

__all__ = ["Timer", "Measurement", "TaskSpec", "Language", "timer", "select_unit",
           "Compare"]
