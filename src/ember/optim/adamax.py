"""Adamax: Adam with the infinity norm in place of the second moment."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import _creation as creation
from .adam import check_adam_arguments
from .optimizer import Optimizer, _params_of, _real_views, refuse_capturable_on_cpu, step_grad_mode

__all__ = ["Adamax"]


class Adamax(Optimizer):
    """torch.optim.Adamax: `u = max(beta2 u, |g| + eps)`, `p -= lr / (1 - beta1^t) * m / u`."""

    def __init__(
        self,
        params: Any,
        lr: float = 2e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        foreach: bool | None = None,
        *,
        maximize: bool = False,
        differentiable: bool = False,
        capturable: bool = False,
    ) -> None:
        check_adam_arguments(lr, eps, betas, weight_decay)
        defaults = dict(
            lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, foreach=foreach,
            maximize=maximize, differentiable=differentiable, capturable=capturable,
        )
        super().__init__(params, defaults)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One Adamax update of every parameter that has a gradient."""
        loss = self._closure_loss(closure)
        with step_grad_mode(self):
            for group in self.param_groups:
                refuse_capturable_on_cpu(self, group, list(_params_of(group)))
                beta1, beta2 = group["betas"]
                for p in _params_of(group):
                    state = self.state[p]
                    if not state:
                        state["step"] = creation.tensor(0.0)
                        state["exp_avg"] = creation.zeros_like(p)
                        state["exp_inf"] = creation.zeros_like(p)
                    state["step"].add_(1)
                    p, g, exp_avg, exp_inf = _real_views(
                        p, -p.grad if group["maximize"] else p.grad, state["exp_avg"],
                        state["exp_inf"])
                    if group["weight_decay"] != 0:
                        g = g.add(p, alpha=group["weight_decay"])
                    exp_avg.lerp_(g, 1 - beta1)
                    exp_inf.copy_(exp_inf.mul_(beta2).maximum(g.abs().add_(group["eps"])))
                    clr = group["lr"] / (1 - beta1 ** state["step"].item())
                    p.addcdiv_(exp_avg, exp_inf, value=-clr)
        return loss
