"""Python's cyclic garbage collector, tuned once at import for graphs of Python objects.

Why: every recorded op leaves a few objects the collector tracks (the output Tensor, its
Node, the edge and saved-value tuples, the version counter), and they all live until the
backward pass. With Python's default thresholds (700, 10, 10) the collector runs a young
collection every 700 net new objects and, as the graph keeps growing, full collections that
walk the whole graph again and again: building a 100,000-op graph spent 29% of its time in
the collector (measured with `gc.callbacks`). torch keeps its graph in C++, where the
collector never looks. With (2000, 50, 20), short-lived objects mostly die before a young
collection sees them and the graph is walked far less often: 3-6% there, and no change for
workloads whose graphs are small (they hardly ever trigger a collection).

The cost: garbage held in reference cycles that survived a young collection waits longer
for its collection (the middle generation is collected every ~100,000 net new objects
instead of ~7,000). ember's graphs contain no cycles of their own; `gc.collect()` still
collects everything at once.

Only when the thresholds are still Python's defaults (a program that chose its own keeps
them; Python versions with other defaults are left alone), and not with
`EMBER_GC_TUNING=0`.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Mapping

PYTHON_DEFAULT_THRESHOLDS = (700, 10, 10)
THRESHOLDS = (2000, 50, 20)
OPT_OUT_VARIABLE = "EMBER_GC_TUNING"
_OFF_VALUES = {"0", "false", "no", "off"}

# Whether tune() changed the thresholds in this process.
tuned = False


def opted_out(environ: Mapping[str, str]) -> bool:
    return environ.get(OPT_OUT_VARIABLE, "").strip().lower() in _OFF_VALUES


def tune(environ: Mapping[str, str] | None = None) -> bool:
    """Set THRESHOLDS if the collector still has Python's defaults; True if ember set them.
    Called once, by `ember/__init__.py`."""
    global tuned
    environ = os.environ if environ is None else environ
    if tuned or opted_out(environ) or gc.get_threshold() != PYTHON_DEFAULT_THRESHOLDS:
        return tuned
    gc.set_threshold(*THRESHOLDS)
    tuned = True
    return tuned
