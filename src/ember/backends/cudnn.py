"""ember.backends.cudnn: cuDNN's switches. cuDNN is never available in ember; the flags
keep torch's defaults and may be set (scripts set `deterministic` and `benchmark` for
reproducibility), with no effect."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

__all__ = ["is_available", "version", "flags", "enabled", "benchmark", "deterministic",
           "allow_tf32", "benchmark_limit"]

enabled: bool = True
benchmark: bool = False
deterministic: bool = False
allow_tf32: bool = True
benchmark_limit: int | None = None  # what torch reports when cuDNN is not available


def is_available() -> bool:
    """False: ember never uses cuDNN."""
    return False


def version() -> None:
    """None: no cuDNN library is loaded."""
    return None


@contextlib.contextmanager
def flags(enabled: bool = False, benchmark: bool = False, benchmark_limit: int = 10,
          deterministic: bool = False, allow_tf32: bool = True) -> Iterator[None]:
    """Set the flags for the duration of a `with` block, then restore them."""
    module = sys.modules[__name__]
    names = ("enabled", "benchmark", "benchmark_limit", "deterministic", "allow_tf32")
    saved = {name: getattr(module, name) for name in names}
    new = dict(zip(names, (enabled, benchmark, benchmark_limit, deterministic, allow_tf32)))
    for name, value in new.items():
        setattr(module, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(module, name, value)
