"""torch.nn.utils.skip_init: a module built without initialising its parameters."""

from __future__ import annotations

import inspect

import ember

from ..modules.module import Module

__all__ = ["skip_init"]


def skip_init(module_cls, *args, **kwargs):
    """An instance of `module_cls(*args, **kwargs)` whose parameters and buffers are left
    uninitialised (as torch.empty leaves them), for a module that will be initialised by
    other means. The class must take a `device` argument.

    torch builds the module on its "meta" device, where initialisation computes nothing
    and draws no random numbers, then gives it empty tensors (`to_empty`). ember has no
    meta device: it builds the module on the CPU, puts the random generator's state back
    as it was (so the draws after it are torch's), then does the same `to_empty` (ember's
    empty tensors are zeros)."""
    if not issubclass(module_cls, Module):
        raise RuntimeError(f"Expected a Module; got {module_cls}")
    if "device" not in inspect.signature(module_cls).parameters:
        raise RuntimeError("Module must support a 'device' arg to skip initialization")
    final_device = kwargs.pop("device", "cpu")
    state = ember.get_rng_state()
    try:
        module = module_cls(*args, device=final_device, **kwargs)
    finally:
        ember.set_rng_state(state)
    return module.to_empty(device=final_device)
