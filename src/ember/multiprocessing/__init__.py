"""torch.multiprocessing: Python's multiprocessing, plus torch's sharing strategies and
`spawn`.

torch moves a tensor between processes by putting its storage in shared memory; ember's
tensors travel by pickling (their NumPy data is copied into the message), so a tensor
that arrives is equal to the one sent but does not share memory with it. The sharing
strategy is therefore remembered and answered, as torch answers it, and changes nothing.
"""

from __future__ import annotations

import multiprocessing
import sys
from multiprocessing import *  # noqa: F403 - torch's module re-exports all of it

# (importable from here, as torch's; not in its __all__)
from .spawn import (  # noqa: F401
    ProcessContext,
    ProcessException,
    ProcessExitedException,
    ProcessRaisedException,
    spawn,
    start_processes,
)

# (torch's __all__: spawn and its classes are importable but not listed)
__all__ = ["set_sharing_strategy", "get_sharing_strategy", "get_all_sharing_strategies",
           *multiprocessing.__all__]

# Linux offers both; macOS only "file_system" (as torch's lists)
_ALL_STRATEGIES = {"file_descriptor", "file_system"} if sys.platform != "darwin" \
    else {"file_system"}
_strategy = ["file_descriptor" if sys.platform != "darwin" else "file_system"]


def set_sharing_strategy(new_strategy: str) -> None:
    """Remember how tensors would be shared (ember copies them whatever the strategy)."""
    # (torch checks with an assert: its AssertionError and text)
    if new_strategy not in _ALL_STRATEGIES:
        raise AssertionError(f"invalid sharing strategy {new_strategy!r}, expected one of "
                             f"{_ALL_STRATEGIES!r}")
    _strategy[0] = new_strategy


def get_sharing_strategy() -> str:
    """The strategy set last ("file_descriptor" on Linux until set)."""
    return _strategy[0]


def get_all_sharing_strategies() -> set[str]:
    """The strategies this platform offers."""
    return set(_ALL_STRATEGIES)

