"""Adam: bias-corrected first and second moment estimates (optionally AMSGrad)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from .. import _creation as creation
from .._grad_mode import no_grad
from .._tensor import Tensor
from .optimizer import Optimizer, _check_lr, _params_of, _require_non_negative

__all__ = ["Adam"]


def _check_betas(betas: tuple[float, float]) -> None:
    """Each beta must lie in [0, 1), as torch checks."""
    for i, beta in enumerate(betas):
        if not 0.0 <= beta < 1.0:
            raise ValueError(f"Invalid beta parameter at index {i}: {beta}")


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
        _check_lr(lr)
        _require_non_negative(eps, "epsilon value")
        _check_betas(betas)
        _require_non_negative(weight_decay, "weight_decay value")
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
        with no_grad():
            for group in self.param_groups:
                beta1, beta2 = group["betas"]
                lr, wd = group["lr"], group["weight_decay"]
                for p in _params_of(group):
                    g = -p.grad if group["maximize"] else p.grad
                    state = self._init_state(p, group["amsgrad"])
                    state["step"].add_(1)
                    step = state["step"].item()
                    if wd != 0:
                        if group["decoupled_weight_decay"]:
                            p.mul_(1 - lr * wd)
                        else:
                            g = g.add(p, alpha=wd)
                    exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
                    exp_avg.lerp_(g, 1 - beta1)
                    exp_avg_sq.mul_(beta2).addcmul_(g, g, value=1 - beta2)
                    step_size = lr / (1 - beta1**step)
                    bias_correction2_sqrt = math.sqrt(1 - beta2**step)
                    second = exp_avg_sq
                    if group["amsgrad"]:
                        second = state["max_exp_avg_sq"]
                        second.copy_(second.maximum(exp_avg_sq))
                    denom = (second.sqrt() / bias_correction2_sqrt).add_(group["eps"])
                    p.addcdiv_(exp_avg, denom, value=-step_size)
        return loss
