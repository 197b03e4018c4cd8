"""`torch.compile` for scripts that call it: ember runs the model as it is.

torch.compile traces a model or function and generates fused kernels for it; the results
are the same numbers, computed faster. ember has no compiler, so `compile` checks its
arguments as torch does and returns something that runs eagerly: a function unchanged
(wrapped, as torch wraps it), a Module inside an `OptimizedModule` whose `_orig_mod` is the
model (so `state_dict` keys carry torch's `_orig_mod.` prefix and a checkpoint saved from a
compiled ember model loads into a compiled torch model and back).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from .nn.modules.module import Module

__all__ = ["compile", "OptimizedModule"]

_MODES = ("default", "lite", "reduce-overhead", "max-autotune-no-cudagraphs", "max-autotune")


class OptimizedModule(Module):
    """A compiled Module: calls the original (`_orig_mod`), whose attributes it shows."""

    def __init__(self, mod: Module) -> None:
        super().__init__()
        self._orig_mod = mod

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        return self._orig_mod(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        try:
            return super().__getattr__(name)
        except AttributeError:
            return getattr(self._orig_mod, name)


def compile(model: Callable | None = None, *, fullgraph: bool = False,  # noqa: A001 - torch's name
            dynamic: bool | None = None, backend: str | Callable | None = None,
            mode: str | None = None, options: dict | None = None, name: str | None = None,
            disable: bool = False, **kwargs: Any) -> Callable:
    """`model` to run as torch.compile would return it (eagerly here); without a model, a
    decorator that does the same."""
    if mode is not None and options is not None:
        raise RuntimeError("Either mode or options can be specified, but both can't be "
                           "specified at the same time.")
    if mode is not None and mode not in _MODES:
        raise RuntimeError(f"Unrecognized mode={mode}, should be one of: "
                           f"{', '.join(_MODES)}")
    if model is None:
        return lambda function: compile(function, fullgraph=fullgraph, dynamic=dynamic,
                                        backend=backend, mode=mode, options=options,
                                        name=name, disable=disable, **kwargs)
    if not callable(model):
        raise AssertionError(f"A callable function is expected, but {type(model)} is "
                             "provided.")
    if disable:
        return model
    if isinstance(model, Module):
        return OptimizedModule(model)

    @functools.wraps(model)
    def compiled(*args: Any, **kwargs: Any) -> Any:
        return model(*args, **kwargs)

    return compiled
