"""RAdam: Adam whose adaptive step is switched on only once its variance is tractable."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import _creation as creation
from ._moments import decayed_gradient, update_moments
from .adam import check_adam_arguments
from .optimizer import Optimizer, _params_of, _real_views, refuse_capturable_on_cpu, step_grad_mode

__all__ = ["RAdam"]


class RAdam(Optimizer):
    """torch.optim.RAdam: plain momentum steps while `rho_t <= 5`, rectified Adam after."""

    def __init__(
        self,
        params: Any,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        decoupled_weight_decay: bool = False,
        *,
        foreach: bool | None = None,
        maximize: bool = False,
        capturable: bool = False,
        differentiable: bool = False,
    ) -> None:
        check_adam_arguments(lr, eps, betas, weight_decay)
        defaults = dict(
            lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, maximize=maximize,
            foreach=foreach, capturable=capturable,
            decoupled_weight_decay=decoupled_weight_decay, differentiable=differentiable,
        )
        super().__init__(params, defaults)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One RAdam update of every parameter that has a gradient."""
        loss = self._closure_loss(closure)
        with step_grad_mode(self):
            for group in self.param_groups:
                refuse_capturable_on_cpu(self, group, list(_params_of(group)))
                beta1, beta2 = group["betas"]
                lr = group["lr"]
                rho_inf = 2 / (1 - beta2) - 1
                for p in _params_of(group):
                    state = self.state[p]
                    if not state:
                        state["step"] = creation.tensor(0.0)
                        state["exp_avg"] = creation.zeros_like(p)
                        state["exp_avg_sq"] = creation.zeros_like(p)
                    state["step"].add_(1)
                    step = state["step"].item()
                    p, g, exp_avg, exp_avg_sq = _real_views(
                        p, -p.grad if group["maximize"] else p.grad, state["exp_avg"],
                        state["exp_avg_sq"])
                    g = decayed_gradient(p, g, group)
                    update_moments(exp_avg, exp_avg_sq, g, group["betas"])
                    bias_correction2 = 1 - beta2**step
                    corrected = exp_avg / (1 - beta1**step)
                    rho_t = rho_inf - 2 * step * (beta2**step) / bias_correction2
                    if rho_t > 5.0:
                        rect = (
                            (rho_t - 4) * (rho_t - 2) * rho_inf
                            / ((rho_inf - 4) * (rho_inf - 2) * rho_t)
                        ) ** 0.5
                        adaptive = bias_correction2**0.5 / exp_avg_sq.sqrt().add_(group["eps"])
                        p.add_(corrected * lr * adaptive * rect, alpha=-1.0)
                    else:
                        p.add_(corrected * lr, alpha=-1.0)
        return loss
