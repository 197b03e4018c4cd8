"""Gradient clipping: rescale or clamp the `.grad` of parameters in place.

    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
    optimizer.step()

As in torch, the total norm is the norm of the per-tensor norms (tensors grouped by dtype,
groups in order of first appearance), computed under no_grad, and returned as a 0-d tensor
of the gradients' (promoted) dtype. torch's `foreach=` chooses between its fused
multi-tensor kernels and a loop; NumPy gives one path, so `foreach` is accepted and ignored.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable, Iterable
from typing import Any

from ... import _creation
from ..._grad_mode import no_grad
from ..._tensor import Tensor
from ..._warnings import warn
from ...linalg import vector_norm
from ...ops.pointwise_binary import clamp
from ...ops.shape_copies import stack

__all__ = ["clip_grad_norm", "clip_grad_norm_", "clip_grad_value_", "get_total_norm",
           "clip_grads_with_norm_"]

TensorOrTensors = Tensor | Iterable[Tensor]


def _without_grad(function: Callable) -> Callable:
    """Run `function` under no_grad (a decorator)."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with no_grad():
            return function(*args, **kwargs)

    return wrapper


def _by_dtype(tensors: list[Tensor]) -> list[list[Tensor]]:
    """Tensors grouped by dtype, groups in order of first appearance (torch's grouping)."""
    groups: dict[Any, list[Tensor]] = {}
    for tensor in tensors:
        groups.setdefault(tensor.dtype, []).append(tensor)
    return list(groups.values())


@_without_grad
def get_total_norm(tensors: TensorOrTensors, norm_type: float = 2.0,
                   error_if_nonfinite: bool = False, foreach: bool | None = None) -> Tensor:
    """The `norm_type`-norm of all `tensors` together, as if concatenated into one vector."""
    tensors = [tensors] if isinstance(tensors, Tensor) else list(tensors)
    norm_type = float(norm_type)
    if not tensors:
        return _creation.tensor(0.0)
    norms = [vector_norm(t, norm_type) for group in _by_dtype(tensors) for t in group]
    total_norm = vector_norm(stack(norms), norm_type)
    if error_if_nonfinite and not bool(total_norm.isfinite()):
        raise RuntimeError(
            f"The total norm of order {norm_type} for gradients from `parameters` is "
            "non-finite, so it cannot be clipped. To disable this error and scale the "
            "gradients by the non-finite norm anyway, set `error_if_nonfinite=False`")
    return total_norm


@_without_grad
def clip_grads_with_norm_(parameters: TensorOrTensors, max_norm: float, total_norm: Tensor,
                          foreach: bool | None = None) -> None:
    """Scale the parameters' gradients by min(1, max_norm / (total_norm + 1e-6))."""
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    grads = [p.grad for p in parameters if p.grad is not None]
    max_norm = float(max_norm)
    if not grads:
        return
    coefficient = clamp(max_norm / (total_norm + 1e-6), max=1.0)
    for group in _by_dtype(grads):
        for grad in group:
            grad.mul_(coefficient)


@_without_grad
def clip_grad_norm_(parameters: TensorOrTensors, max_norm: float, norm_type: float = 2.0,
                    error_if_nonfinite: bool = False, foreach: bool | None = None) -> Tensor:
    """Rescale the gradients of `parameters` so that their total norm is at most
    `max_norm`; return the total norm before clipping (a 0-d tensor).

    norm_type: any p accepted by `linalg.vector_norm`, including inf. With
    error_if_nonfinite, a nan or infinite total norm raises instead of spoiling the grads.
    """
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    else:
        is_generator = isinstance(parameters, types.GeneratorType)
        parameters = list(parameters)
        if is_generator and not parameters:
            warn("`parameters` is an empty generator, no gradient clipping will occur.")
    grads = [p.grad for p in parameters if p.grad is not None]
    total_norm = get_total_norm(grads, norm_type, error_if_nonfinite, foreach)
    clip_grads_with_norm_(parameters, max_norm, total_norm, foreach)
    return total_norm


def clip_grad_norm(parameters: TensorOrTensors, max_norm: float, norm_type: float = 2.0,
                   error_if_nonfinite: bool = False, foreach: bool | None = None) -> Tensor:
    """Deprecated name of `clip_grad_norm_` (warns, as torch does)."""
    warn("`torch.nn.utils.clip_grad_norm` is now deprecated in favor of "
         "`torch.nn.utils.clip_grad_norm_`.", FutureWarning)
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite, foreach)


@_without_grad
def clip_grad_value_(parameters: TensorOrTensors, clip_value: float,
                     foreach: bool | None = None) -> None:
    """Clamp every gradient of `parameters` into [-clip_value, clip_value], in place."""
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    clip_value = float(clip_value)
    grads = [p.grad for p in parameters if p.grad is not None]
    for group in _by_dtype(grads):
        for grad in group:
            grad.clamp_(min=-clip_value, max=clip_value)
