"""Optimizer hooks: around `step`, `state_dict` and `load_state_dict`, as torch's.

Every subclass's `step` is wrapped once, when the class is defined, so a hook sees the same
`(optimizer, args, kwargs)` torch passes: `args` includes the optimizer itself.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from .._tensor import RemovableHandle

__all__ = ["HookedOptimizer"]


def _register(store: OrderedDict, hook: Callable, prepend: bool) -> RemovableHandle:
    handle = RemovableHandle(store, hook)
    if prepend:
        store.move_to_end(handle.id, last=False)
    return handle


def _with_step_hooks(step: Callable) -> Callable:
    """Run pre-hooks (which may replace args/kwargs), the step, then post-hooks."""
    @functools.wraps(step)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        self = args[0]
        for hook in list(self._step_hooks("pre").values()):
            result = hook(self, args, kwargs)
            if result is not None:
                if not (isinstance(result, tuple) and len(result) == 2):
                    raise RuntimeError(
                        f"{step} must return None or a tuple of (new_args, new_kwargs), "
                        f"but got {result}."
                    )
                args, kwargs = result
        out = step(*args, **kwargs)
        for hook in list(self._step_hooks("post").values()):
            hook(self, args, kwargs)
        return out

    wrapped._ember_hooked = True  # type: ignore[attr-defined]
    return wrapped


class HookedOptimizer:
    """Hook registries; `Optimizer` inherits them."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        step = cls.__dict__.get("step")
        if step is not None and not getattr(step, "_ember_hooked", False):
            cls.step = _with_step_hooks(step)  # type: ignore[method-assign]

    def _hook_store(self, name: str) -> OrderedDict:
        store = self.__dict__.get(name)
        if store is None:
            store = self.__dict__[name] = OrderedDict()
        return store

    def _step_hooks(self, kind: str) -> OrderedDict:
        return self._hook_store(f"_optimizer_step_{kind}_hooks")

    def register_step_pre_hook(self, hook: Callable) -> RemovableHandle:
        """hook(optimizer, args, kwargs) -> None or (new_args, new_kwargs), before step."""
        return _register(self._step_hooks("pre"), hook, False)

    def register_step_post_hook(self, hook: Callable) -> RemovableHandle:
        """hook(optimizer, args, kwargs) after step."""
        return _register(self._step_hooks("post"), hook, False)

    def register_state_dict_pre_hook(self, hook: Callable,
                                     prepend: bool = False) -> RemovableHandle:
        """hook(optimizer) before state_dict() builds its result."""
        return _register(self._hook_store("_optimizer_state_dict_pre_hooks"), hook, prepend)

    def register_state_dict_post_hook(self, hook: Callable,
                                      prepend: bool = False) -> RemovableHandle:
        """hook(optimizer, state_dict) -> None or a replacement state_dict."""
        return _register(self._hook_store("_optimizer_state_dict_post_hooks"), hook, prepend)

    def register_load_state_dict_pre_hook(self, hook: Callable,
                                          prepend: bool = False) -> RemovableHandle:
        """hook(optimizer, state_dict) -> None or the state_dict to load instead."""
        return _register(
            self._hook_store("_optimizer_load_state_dict_pre_hooks"), hook, prepend
        )

    def register_load_state_dict_post_hook(self, hook: Callable,
                                           prepend: bool = False) -> RemovableHandle:
        """hook(optimizer) after load_state_dict()."""
        return _register(
            self._hook_store("_optimizer_load_state_dict_post_hooks"), hook, prepend
        )
