"""stack_module_state: the states of several models of one class, stacked for vmap.

A model ensemble runs as one `vmap` over `functional_call` with a leading "model" dim on
every parameter and buffer (pytorch.org's "Model ensembling" tutorial). The stacked
parameters are new leaves, unrelated to the models' own, so an optimizer can take them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .._tensor import Tensor
from ..ops.shape_copies import stack

__all__ = ["stack_module_state"]


def stack_module_state(models: Sequence[Any]) -> tuple[dict[str, Tensor], dict[str, Tensor]]:
    """(params, buffers): each parameter and buffer name mapped to the models' tensors
    stacked along a new first dim. A stacked parameter is a leaf that requires grad when
    the models' parameters do (they must agree); buffers never require grad."""
    models = list(models)
    if not models:
        raise RuntimeError("stack_module_state: Expected at least one model, got 0.")
    if len({model.training for model in models}) > 1:
        raise RuntimeError("stack_module_state: Expected all models to have the same "
                           "training/eval mode.")
    if len({type(model) for model in models}) > 1:
        raise RuntimeError("stack_module_state: Expected all models to be of the same class.")
    all_params = [dict(model.named_parameters()) for model in models]
    all_buffers = [dict(model.named_buffers()) for model in models]
    params = {name: _stacked_leaf([p[name] for p in all_params], name)
              for name in all_params[0]}
    buffers = {name: _stacked_leaf([b[name] for b in all_buffers], name)
               for name in all_buffers[0]}
    return params, buffers


def _stacked_leaf(tensors: list[Tensor], name: str) -> Tensor:
    requires_grad = tensors[0].requires_grad
    if any(t.requires_grad != requires_grad for t in tensors):
        raise RuntimeError(f"Expected {name} from each model to have the same .requires_grad")
    return stack([t.detach() for t in tensors]).requires_grad_(requires_grad)
