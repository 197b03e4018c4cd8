"""The user's allowlist of globals for `load(weights_only=True)`: torch.serialization's
add_safe_globals, get_safe_globals, clear_safe_globals and the safe_globals context manager.

Checkpoints that pickle a few trusted Python objects beside their tensors (an
`argparse.Namespace` of hyperparameters, a dataclass of settings) load with
`weights_only=True` once the script allowlists those classes. An entry is the object
itself, found in a file under `f"{obj.__module__}.{obj.__qualname__}"`, or a pair
`(obj, "module.name")` that names it explicitly (for an object whose name in old files
differs from where it lives now).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["add_safe_globals", "get_safe_globals", "clear_safe_globals", "safe_globals",
           "allowed_global"]

SafeGlobal = Callable | tuple[Callable, str]

# torch keeps a set (so get_safe_globals' order is the set's); ember keeps the order of
# addition, which agrees with torch whenever there is one entry.
_marked: list[Any] = []


def add_safe_globals(safe_globals: list[SafeGlobal]) -> None:
    """Admit these globals in every later `load(weights_only=True)`."""
    for entry in safe_globals:
        if entry not in _marked:
            _marked.append(entry)


def get_safe_globals() -> list[SafeGlobal]:
    """The globals the user has admitted (torch also lists a few of its own internal ones,
    which ember has none of)."""
    return list(_marked)


def clear_safe_globals() -> None:
    """Forget every global added by add_safe_globals."""
    _marked.clear()


class safe_globals:
    """`with safe_globals([...]):` admits the globals for the block only."""

    __module__ = "ember.serialization"

    def __init__(self, safe_globals: list[SafeGlobal]) -> None:
        self.safe_globals = safe_globals

    def __enter__(self) -> None:
        self._before = list(_marked)
        add_safe_globals(self.safe_globals)

    def __exit__(self, *exc: object) -> None:
        _marked[:] = self._before


def _name_of(entry: Any) -> tuple[str, Any] | None:
    if isinstance(entry, tuple):
        return (entry[1], entry[0]) if len(entry) == 2 else None
    module, qualname = getattr(entry, "__module__", None), getattr(entry, "__qualname__", None)
    if module is None or qualname is None:
        return None  # (torch accepts such entries too; they can never match a global)
    return f"{module}.{qualname}", entry


def allowed_global(module: str, name: str) -> tuple[bool, Any]:
    """(True, the object) when the user admitted `module.name`, else (False, None)."""
    wanted = f"{module}.{name}"
    for entry in _marked:
        named = _name_of(entry)
        if named is not None and named[0] == wanted:
            return True, named[1]
    return False, None
