"""Adam: bias-corrected first and second moment estimates (optionally AMSGrad)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from .. import _creation as creation
from .._tensor import Tensor
from ._flat import flat_state_for
from ._moments import decayed_gradient, update_moments
from .optimizer import (
    Optimizer,
    _check_lr,
    _params_of,
    _real_views,
    _refuse_complex_fused,
    _require_non_negative,
    refuse_capturable_on_cpu,
    step_grad_mode,
)

__all__ = ["Adam"]


def _check_betas(betas: tuple[float, float]) -> None:
    """Each beta must lie in [0, 1), as torch checks."""
    for i, beta in enumerate(betas):
        if not 0.0 <= beta < 1.0:
            raise ValueError(f"Invalid beta parameter at index {i}: {beta}")


def check_adam_arguments(lr: float, eps: float, betas: tuple[float, float],
                         weight_decay: float) -> None:
    """torch's checks of the Adam family (Adam, AdamW, Adamax, NAdam, RAdam), in its order."""
    _check_lr(lr)
    _require_non_negative(eps, "epsilon value")
    _check_betas(betas)
    _require_non_negative(weight_decay, "weight_decay value")


def _adam_betas(lr: Any, betas: Any, foreach: bool | None, capturable: bool) -> tuple:
    """Adam's and AdamW's further checks of lr and betas, in torch's order, and the betas as
    torch keeps them: a tuple (so a list prints as a tuple in `print(optimizer)`), each
    tensor beta as a 0-d tensor."""
    if isinstance(lr, Tensor) and foreach and not capturable:
        raise ValueError("lr as a Tensor is not supported for capturable=False and foreach=True")
    first, second = betas[0], betas[1]
    floats = isinstance(first, float) and isinstance(second, float)
    if not (floats or (isinstance(first, Tensor) and isinstance(second, Tensor))):
        raise ValueError("betas must be either both floats or both Tensors")
    if isinstance(first, Tensor):
        if foreach and not capturable:
            raise ValueError(
                "betas[0] as a Tensor is not supported for capturable=False and foreach=True")
        if first.numel() != 1:
            raise ValueError("Tensor betas[0] must be 1-element")
        if second.numel() != 1:
            raise ValueError("Tensor betas[1] must be 1-element")
    return tuple(b.reshape(()) if isinstance(b, Tensor) and b.dim() else b for b in betas)


class Adam(Optimizer):
    """torch.optim.Adam; `decoupled_weight_decay=True` makes it AdamW (see adamw.py).

    Coupled decay adds `weight_decay * p` to the gradient; decoupled decay shrinks `p` by
    `1 - lr * weight_decay` before the moment update.
    """

    def __init__(
        self,
        params: Any,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        amsgrad: bool = False,
        *,
        foreach: bool | None = None,
        maximize: bool = False,
        capturable: bool = False,
        differentiable: bool = False,
        fused: bool | None = None,
        decoupled_weight_decay: bool = False,
    ) -> None:
        check_adam_arguments(lr, eps, betas, weight_decay)
        betas = _adam_betas(lr, betas, foreach, capturable)
        defaults = dict(
            lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad,
            maximize=maximize, foreach=foreach, capturable=capturable,
            differentiable=differentiable, fused=fused,
            decoupled_weight_decay=decoupled_weight_decay,
        )
        super().__init__(params, defaults)

    def _init_state(self, p: Tensor, amsgrad: bool) -> dict[str, Any]:
        """Zero moments and a float32 `step` tensor, created on the first step."""
        state = self.state[p]
        if not state:
            state["step"] = creation.tensor(0.0)
            state["exp_avg"] = creation.zeros_like(p)
            state["exp_avg_sq"] = creation.zeros_like(p)
            if amsgrad:
                state["max_exp_avg_sq"] = creation.zeros_like(p)
        return state

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One Adam update of every parameter that has a gradient."""
        loss = self._closure_loss(closure)
        with step_grad_mode(self):
            for index, group in enumerate(self.param_groups):
                refuse_capturable_on_cpu(self, group, list(_params_of(group)))
                params = list(_params_of(group))
                _refuse_complex_fused(group, params)
                if _can_update_flat(group, params) and self._step_flat(index, group, params):
                    continue
                self._step_each(group, params)
        return loss

    def _step_each(self, group: dict[str, Any], params: list[Tensor]) -> None:
        """The update parameter by parameter (torch's single-tensor algorithm)."""
        beta1, beta2 = group["betas"]
        lr = group["lr"]
        for p in params:
            state = self._init_state(p, group["amsgrad"])
            state["step"].add_(1)
            step = state["step"].item()
            p, g, exp_avg, exp_avg_sq, max_sq = _real_views(
                p, -p.grad if group["maximize"] else p.grad, state["exp_avg"],
                state["exp_avg_sq"], state.get("max_exp_avg_sq"))
            g = decayed_gradient(p, g, group)
            update_moments(exp_avg, exp_avg_sq, g, group["betas"])
            if group["differentiable"]:
                _differentiable_update(p, exp_avg, exp_avg_sq, max_sq, state["step"], group)
                continue
            step_size = lr / (1 - beta1**step)
            bias_correction2_sqrt = math.sqrt(1 - beta2**step)
            second = exp_avg_sq
            if group["amsgrad"]:
                second = max_sq
                second.copy_(second.maximum(exp_avg_sq))
            denom = (second.sqrt() / bias_correction2_sqrt).add_(group["eps"])
            p.addcdiv_(exp_avg, denom, value=-step_size)

    def _step_flat(self, index: int, group: dict[str, Any], params: list[Tensor]) -> bool:
        """The same update on the group's flat state buffers (optim/_flat.py): the same
        maths, op for op, over all parameters at once. False (nothing done) when the
        parameters' step counts differ, as after a step that skipped some of them."""
        amsgrad = group["amsgrad"]
        initial = {"step": _zero_step, "exp_avg": creation.zeros_like,
                   "exp_avg_sq": creation.zeros_like}
        if amsgrad:
            initial["max_exp_avg_sq"] = creation.zeros_like
        flat = flat_state_for(self.__dict__.setdefault("_flat", {}), index, params,
                              self.state, initial)
        steps = flat.buffers["step"]
        if len(params) > 1 and not bool((steps == steps[0]).all()):
            return False
        beta1, beta2 = group["betas"]
        lr, wd = group["lr"], group["weight_decay"]
        g = flat.gradients()
        if group["maximize"]:
            g = -g
        steps.add_(1)
        step = steps[0].item()
        if wd != 0:
            if group["decoupled_weight_decay"]:
                for p in params:
                    p.mul_(1 - lr * wd)
            else:
                g = g.add(flat.parameters(), alpha=wd)
        exp_avg, exp_avg_sq = flat.buffers["exp_avg"], flat.buffers["exp_avg_sq"]
        update_moments(exp_avg, exp_avg_sq, g, group["betas"])
        step_size = lr / (1 - beta1**step)
        bias_correction2_sqrt = math.sqrt(1 - beta2**step)
        second = exp_avg_sq
        if amsgrad:
            second = flat.buffers["max_exp_avg_sq"]
            second.copy_(second.maximum(exp_avg_sq))
        denom = (second.sqrt() / bias_correction2_sqrt).add_(group["eps"])
        # p.addcdiv_(exp_avg, denom, value=-step_size) computes p + (value * m) / denom:
        # the same roundings, with the quotient formed flat and added per parameter.
        flat.update.copy_(exp_avg).mul_(-step_size).div_(denom)
        flat.apply_update()
        return True


def _differentiable_update(p: Tensor, exp_avg: Tensor, exp_avg_sq: Tensor,
                           max_sq: Tensor | None, step: Tensor, group: dict[str, Any]) -> None:
    """The update as torch forms it with `differentiable=True`: the bias corrections are
    float32 tensors computed from the step tensor, and the step size is folded into the
    denominator (so the parameter's bits differ from the plain update's)."""
    beta1, beta2 = group["betas"]
    step_size_neg = (group["lr"] / (1 - beta1**step)).neg()
    bias_correction2_sqrt = (1 - beta2**step).sqrt()
    second = exp_avg_sq
    if group["amsgrad"]:
        max_sq.copy_(max_sq.maximum(exp_avg_sq))
        second = max_sq
    denom = (second.sqrt() / (bias_correction2_sqrt * step_size_neg)).add_(
        group["eps"] / step_size_neg)
    p.addcdiv_(exp_avg, denom)


def _zero_step(p: Tensor) -> Tensor:
    return creation.tensor(0.0)


def _can_update_flat(group: dict[str, Any], params: list[Tensor]) -> bool:
    """Whether the group can take the flat update: not asked for torch's single-tensor or
    graph-recording variants, and parameters and gradients of one floating dtype (complex
    parameters take the per-parameter path, which updates them through real views)."""
    if not params or group["foreach"] is False or group["differentiable"] or \
            group["capturable"] or group["fused"]:
        return False
    dtype = params[0].dtype
    if not dtype.is_floating_point:
        return False
    return all(p.dtype == dtype and p.grad.dtype == dtype and not p.grad.is_sparse
               for p in params)
