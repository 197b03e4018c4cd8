"""glibc's allocator, tuned once at import, and `release_memory()` to hand memory back.

Why: NumPy allocates every array with malloc. By default glibc serves large blocks with
mmap and hands the top of the heap back to the OS as soon as more than a few MB of it are
free, and its "dynamic threshold" only ever raises the mmap threshold to the last freed
block's size (and the trim threshold to twice that). A forward and backward pass over 10^6
floats frees ~30 MB of intermediates per step, so every step page-faults that memory back in
(thousands of minor faults per step: the kernel zeroes every page again). Raising both
thresholds keeps the freed memory in the process for the next step. The cost: the resident
set stays near its peak until `release_memory()` (or the end of the process).

Only on glibc, only when the user has not configured glibc's allocator through its own
environment variables, and not with `EMBER_MALLOC_TUNING=0`. Everywhere else nothing
happens: no error, no warning.
"""

from __future__ import annotations

import ctypes
import functools
import os
import sys
from collections.abc import Mapping

# 256 MiB: blocks up to this size come from the heap, and up to this much free memory at the
# top of the heap stays in the process. Large enough for the intermediates of big elementwise
# steps; small enough that a job of several GB hands most of it back when it ends (a block
# above it is mmapped and unmapped at free, a free top above it is trimmed).
THRESHOLD = 256 * 1024 * 1024
# mallopt takes a C int: a larger value would wrap (to 0 for 2**32: trim on every free).
_C_INT_MAX = 2**31 - 1
assert THRESHOLD <= _C_INT_MAX

# mallopt's parameter numbers, from glibc's <malloc.h>.
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3

# glibc's own allocator variables. If the user set any of them, they manage glibc's
# allocator themselves and ember leaves it alone (even for settings it does not change, such
# as the arena count: the user's explicit tuning wins over ember's guess).
GLIBC_MALLOC_VARIABLES = (
    "MALLOC_MMAP_THRESHOLD_",
    "MALLOC_TRIM_THRESHOLD_",
    "MALLOC_TOP_PAD_",
    "MALLOC_MMAP_MAX_",
    "MALLOC_ARENA_MAX",
    "MALLOC_ARENA_TEST",
    "MALLOC_PERTURB_",
    "MALLOC_CHECK_",
)
OPT_OUT_VARIABLE = "EMBER_MALLOC_TUNING"
_OFF_VALUES = {"0", "false", "no", "off"}

# Whether tune() changed glibc's thresholds in this process (read by tests and docs users).
tuned = False


@functools.cache
def glibc() -> ctypes.CDLL | None:
    """The process's own C library if it is glibc (with mallopt and malloc_trim), else None.

    Looks the symbols up in the running process (dlopen(NULL)) rather than loading
    "libc.so.6" by name, so a compatibility shim or a second C library is never touched.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
        # glibc-only symbol: musl and other C libraries do not define it.
        libc.gnu_get_libc_version  # noqa: B018 - raises AttributeError when absent
        mallopt, malloc_trim = libc.mallopt, libc.malloc_trim
    except (OSError, AttributeError, TypeError):
        return None
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    malloc_trim.argtypes = (ctypes.c_size_t,)
    malloc_trim.restype = ctypes.c_int
    return libc


def user_tunes_malloc(environ: Mapping[str, str]) -> bool:
    """True if `environ` configures glibc's allocator (MALLOC_* or GLIBC_TUNABLES malloc)."""
    if any(name in environ for name in GLIBC_MALLOC_VARIABLES):
        return True
    return "glibc.malloc." in environ.get("GLIBC_TUNABLES", "")


def opted_out(environ: Mapping[str, str]) -> bool:
    return environ.get(OPT_OUT_VARIABLE, "").strip().lower() in _OFF_VALUES


def tune(environ: Mapping[str, str] | None = None) -> bool:
    """Raise glibc's mmap and trim thresholds to THRESHOLD; True if both were set.

    Both must be set: setting either one also turns off glibc's dynamic threshold, but with
    only the mmap threshold raised the default 128 KiB trim threshold still hands the top of
    the heap back after every step. Called once, by `ember/__init__.py`.
    """
    global tuned
    environ = os.environ if environ is None else environ
    if tuned or opted_out(environ) or user_tunes_malloc(environ):
        return tuned
    libc = glibc()
    if libc is None:
        return False
    # mallopt returns 1 on success, 0 when glibc refuses the value. Set the trim threshold
    # even if the mmap one is refused: it alone still stops the per-step trimming.
    mmap_set = libc.mallopt(_M_MMAP_THRESHOLD, THRESHOLD)
    trim_set = libc.mallopt(_M_TRIM_THRESHOLD, THRESHOLD)
    tuned = bool(mmap_set and trim_set)
    return tuned


def release_memory() -> bool:
    """Hand the process's free heap memory back to the operating system.

    ember keeps freed memory for reuse (see docs/performance.md, "Allocation"), so after a
    large job the resident set stays near its peak. Call this between jobs, never inside a
    training loop (the next step would page-fault all of it back in). On glibc it runs
    `malloc_trim(0)` and returns True if any memory was released; elsewhere it does nothing
    and returns False. torch has no equivalent; this is an ember extension.
    """
    libc = glibc()
    if libc is None:
        return False
    return bool(libc.malloc_trim(0))
