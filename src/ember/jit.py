"""torch.jit: the parts of TorchScript that eager code touches, and clear refusals.

Model code written for TorchScript runs eagerly in torch as well: it asks
``torch.jit.is_scripting()`` (False), marks methods with ``@torch.jit.ignore``,
``@torch.jit.unused`` or ``@torch.jit.export`` (which change nothing in eager mode) and
annotates with ``torch.jit.annotate`` and ``torch.jit.Final``. Those work here as in eager
torch. Compiling to TorchScript (`script`, `trace`) and the TorchScript archive (`save`,
`load`, `freeze`) do not: ember has no TorchScript compiler or interpreter, and returning
the model unchanged would give an object with another type, repr and `save`. They raise
NotImplementedError; `torch.compile` (which ember runs eagerly) or `torch.save` of a
state_dict are the ways to go.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import Any, NoReturn

from ._warnings import warn

__all__ = ["Final", "annotate", "export", "freeze", "ignore", "interface", "is_scripting",
           "is_tracing", "load", "optimize_for_inference", "save", "script", "trace",
           "trace_module", "unused"]

Final = typing.Final


def is_scripting() -> bool:
    """False: ember code never runs inside TorchScript."""
    return False


def is_tracing() -> bool:
    """False: ember never traces."""
    return False


def annotate(the_type: Any, the_value: Any) -> Any:
    """The value itself (the type is for the TorchScript compiler)."""
    return the_value


def ignore(drop: Any = False, **kwargs: Any) -> Any:
    """A decorator that leaves the function as it is (`@ignore` or `@ignore(drop=...)`)."""
    if callable(drop):
        return drop
    if not isinstance(drop, bool):
        raise RuntimeError("Argument to @torch.jit.ignore must be a bool or a function but "
                           f"got {drop}")
    if drop:
        warn("ignore(True) has been deprecated. TorchScript will now drop the function call "
             "on compilation. Use torch.jit.unused now. {}", FutureWarning)
    return lambda fn: fn


def unused(fn: Callable) -> Callable:
    """The function itself (TorchScript would replace its body by an exception)."""
    return fn


def export(fn: Callable) -> Callable:
    """The function itself (TorchScript would compile it as an entry point)."""
    return fn


def interface(obj: Any) -> Any:
    """The class itself (TorchScript would treat it as an interface type)."""
    return obj


def _refuse(name: str) -> NoReturn:
    raise NotImplementedError(
        f"torch.jit.{name} is not supported by ember: it has no TorchScript compiler or "
        "archive format. Run the model eagerly (torch.compile returns it unchanged) and "
        "save its state_dict with torch.save.")


def script(obj: Any, *args: Any, **kwargs: Any) -> NoReturn:
    _refuse("script")


def trace(func: Any, *args: Any, **kwargs: Any) -> NoReturn:
    _refuse("trace")


def trace_module(mod: Any, *args: Any, **kwargs: Any) -> NoReturn:
    _refuse("trace_module")


def save(m: Any, f: Any, *args: Any, **kwargs: Any) -> NoReturn:
    _refuse("save")


def load(f: Any, *args: Any, **kwargs: Any) -> NoReturn:
    _refuse("load")


def freeze(mod: Any, *args: Any, **kwargs: Any) -> NoReturn:
    _refuse("freeze")


def optimize_for_inference(mod: Any, *args: Any, **kwargs: Any) -> NoReturn:
    _refuse("optimize_for_inference")
