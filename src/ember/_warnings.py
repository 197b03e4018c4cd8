"""Warnings attributed to the user's line, as torch's are.

torch's warnings come from C++ and are attributed to the Python line that made the call.
A `warnings.warn(..., stacklevel=N)` in ember has to count the frames between itself and
the user by hand, and the count goes wrong as soon as a call path gains or loses a frame
(a generated argument-checking wrapper, a module's `__call__`, a method calling a
function). `warn` walks out instead: the warning belongs to the first frame whose code is
not ember's (a file in this package or code ember generated, named `<ember ...>`), and it
goes through `warnings.warn_explicit` with that frame's module and `__warningregistry__`,
so filters and the default "once per location" rule treat it as a `warnings.warn` made
on that line. (Python 3.12's `skip_file_prefixes` does the walk, but not on 3.10/3.11.)

It costs a frame walk only when a warning is emitted.

`warn_once` is torch's TORCH_WARN_ONCE: the first time in the process only, whatever
Python's filters did with it, and every time after `torch.set_warn_always(True)`.
"""

from __future__ import annotations

import os
import sys
import warnings

__all__ = ["is_ember_file", "warn", "warn_once", "once"]

_PACKAGE_DIR = os.path.dirname(__file__) + os.sep
# code objects ember compiles itself (_arguments.py, _fast_paths.py, _out.py) name their
# file "<ember ...>"
_GENERATED = "<ember"


def is_ember_file(filename: str) -> bool:
    """Whether code from `filename` is ember's own (a module of the package or generated)."""
    return filename.startswith(_PACKAGE_DIR) or filename.startswith(_GENERATED)


def warn(message: str, category: type[Warning] = UserWarning) -> None:
    """Issue `message` as a warning of `category` from the innermost calling frame outside
    ember: the user's line (their function, method, module's forward or hook)."""
    frame = sys._getframe(1)
    while frame is not None and is_ember_file(frame.f_code.co_filename):
        frame = frame.f_back
    if frame is None:  # ember called from nowhere else (a thread ember started)
        warnings.warn(message, category, stacklevel=2)
        return
    module_globals = frame.f_globals
    # what warnings.warn does for the frame it picks: the module's name ("<string>" for
    # code run without one) and its registry of locations already warned from. (Not the
    # module's globals: warn_explicit would ask their __loader__ for the source line, and
    # `python -c`'s __main__ has a loader that raises; linecache finds the line by file.)
    registry = module_globals.setdefault("__warningregistry__", {})
    warnings.warn_explicit(message, category, frame.f_code.co_filename, frame.f_lineno,
                           module_globals.get("__name__", "<string>"), registry)


class _Once:
    """The state of the warn-once warnings: which have been issued, and torch's warn-always
    switch (ember.set_warn_always)."""

    def __init__(self) -> None:
        self.always = False
        self.issued: set[str] = set()


once = _Once()


def warn_once(key: str, message: str, category: type[Warning] = UserWarning) -> None:
    """`warn`, the first time this process reaches `key` (one of torch's TORCH_WARN_ONCE
    sites), or every time under set_warn_always(True), which leaves the site unspent."""
    if not once.always:
        if key in once.issued:
            return
        once.issued.add(key)
    warn(message, category)
