"""LazyModuleMixin: modules whose parameter shapes come from their first input.

A lazy module holds `UninitializedParameter`s. A forward pre-hook runs before the first
call: it asks the module to `initialize_parameters(*inputs)` (materialise the
placeholders with the shapes the input reveals, then initialise them), removes itself, and
turns the module into its `cls_to_become` (LazyLinear becomes Linear), so after one batch
the model prints and behaves as if it had been built with explicit sizes.
"""

from __future__ import annotations

from typing import Any

from ..parameter import is_lazy

__all__ = ["LazyModuleMixin"]


class LazyModuleMixin:
    """Mix into a module class (before the module class) to make it lazy; the class sets
    `cls_to_become` and implements `initialize_parameters(*inputs)`."""

    cls_to_become: type | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        object.__setattr__(self, "_initialize_hook",
                           self.register_forward_pre_hook(_infer_parameters, with_kwargs=True))

    def has_uninitialized_params(self) -> bool:
        """Whether a parameter or buffer of this module is still a placeholder."""
        tensors = list(self._parameters.values()) + list(self._buffers.values())
        return any(is_lazy(t) for t in tensors)

    def initialize_parameters(self, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError(
            f"initialize_parameters is not implemented for {type(self).__name__}")


def _infer_parameters(module: LazyModuleMixin, args: tuple, kwargs: dict) -> None:
    """The pre-hook of a lazy module's first call (see the module docstring)."""
    module.initialize_parameters(*args, **kwargs)
    if module.has_uninitialized_params():
        raise RuntimeError(f"module {module._get_name()} has not been fully initialized")
    module._initialize_hook.remove()
    del module._initialize_hook
    if module.cls_to_become is not None:
        module.__class__ = module.cls_to_become
