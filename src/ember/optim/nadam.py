"""NAdam: Adam with Nesterov momentum and a decaying momentum schedule (mu_t)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import _creation as creation
from ._moments import decayed_gradient, update_moments
from .adam import check_adam_arguments
from .optimizer import (
    Optimizer,
    _params_of,
    _real_views,
    _require_non_negative,
    refuse_capturable_on_cpu,
    step_grad_mode,
)

__all__ = ["NAdam"]


class NAdam(Optimizer):
    """torch.optim.NAdam: `mu_t = beta1 (1 - 0.5 * 0.96^(t psi))`, product kept in state.

    The running product `mu_product` is a float32 tensor, as in torch, so its rounding
    matches theirs in float64 runs too.
    """

    def __init__(
        self,
        params: Any,
        lr: float = 2e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        momentum_decay: float = 4e-3,
        decoupled_weight_decay: bool = False,
        *,
        foreach: bool | None = None,
        maximize: bool = False,
        capturable: bool = False,
        differentiable: bool = False,
    ) -> None:
        check_adam_arguments(lr, eps, betas, weight_decay)
        _require_non_negative(momentum_decay, "momentum_decay value")
        defaults = dict(
            lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
            momentum_decay=momentum_decay, decoupled_weight_decay=decoupled_weight_decay,
            maximize=maximize, foreach=foreach, capturable=capturable,
            differentiable=differentiable,
        )
        super().__init__(params, defaults)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One NAdam update of every parameter that has a gradient."""
        loss = self._closure_loss(closure)
        with step_grad_mode(self):
            for group in self.param_groups:
                refuse_capturable_on_cpu(self, group, list(_params_of(group)))
                beta1, beta2 = group["betas"]
                lr, psi = group["lr"], group["momentum_decay"]
                for p in _params_of(group):
                    state = self.state[p]
                    if not state:
                        state["step"] = creation.tensor(0.0)
                        state["mu_product"] = creation.tensor(1.0)
                        state["exp_avg"] = creation.zeros_like(p)
                        state["exp_avg_sq"] = creation.zeros_like(p)
                    state["step"].add_(1)
                    step = state["step"].item()
                    p, g, exp_avg, exp_avg_sq = _real_views(
                        p, -p.grad if group["maximize"] else p.grad, state["exp_avg"],
                        state["exp_avg_sq"])
                    g = decayed_gradient(p, g, group)
                    mu = beta1 * (1.0 - 0.5 * 0.96 ** (step * psi))
                    mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((step + 1) * psi))
                    state["mu_product"].mul_(mu)
                    mu_product = state["mu_product"].item()
                    update_moments(exp_avg, exp_avg_sq, g, group["betas"])
                    denom = exp_avg_sq.div(1 - beta2**step).sqrt().add_(group["eps"])
                    p.addcdiv_(g, denom, value=-lr * (1.0 - mu) / (1.0 - mu_product))
                    p.addcdiv_(exp_avg, denom, value=-lr * mu_next / (1.0 - mu_product * mu_next))
        return loss
