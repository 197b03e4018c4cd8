"""Adadelta: step sizes from the ratio of running RMS of updates to running RMS of grads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import _creation as creation
from .optimizer import (
    Optimizer,
    _check_lr,
    _params_of,
    _real_views,
    _require_non_negative,
    refuse_capturable_on_cpu,
    step_grad_mode,
)

__all__ = ["Adadelta"]


class Adadelta(Optimizer):
    """torch.optim.Adadelta: `delta = sqrt(u + eps) / sqrt(v + eps) * g`, `p -= lr * delta`."""

    def __init__(
        self,
        params: Any,
        lr: float = 1.0,
        rho: float = 0.9,
        eps: float = 1e-6,
        weight_decay: float = 0,
        foreach: bool | None = None,
        *,
        capturable: bool = False,
        maximize: bool = False,
        differentiable: bool = False,
    ) -> None:
        _check_lr(lr)
        if not 0.0 <= rho <= 1.0:
            raise ValueError(f"Invalid rho value: {rho}")
        _require_non_negative(eps, "epsilon value")
        _require_non_negative(weight_decay, "weight_decay value")
        defaults = dict(
            lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize,
            capturable=capturable, foreach=foreach, differentiable=differentiable,
        )
        super().__init__(params, defaults)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One Adadelta update of every parameter that has a gradient."""
        loss = self._closure_loss(closure)
        with step_grad_mode(self):
            for group in self.param_groups:
                refuse_capturable_on_cpu(self, group, list(_params_of(group)))
                rho, eps = group["rho"], group["eps"]
                for p in _params_of(group):
                    state = self.state[p]
                    if not state:
                        state["step"] = creation.tensor(0.0)
                        state["square_avg"] = creation.zeros_like(p)
                        state["acc_delta"] = creation.zeros_like(p)
                    state["step"].add_(1)
                    g = -p.grad if group["maximize"] else p.grad
                    if group["weight_decay"] != 0:
                        g = g.add(p, alpha=group["weight_decay"])
                    p, g, square_avg, acc_delta = _real_views(
                        p, g, state["square_avg"], state["acc_delta"])
                    square_avg.mul_(rho).addcmul_(g, g, value=1 - rho)
                    std = square_avg.add(eps).sqrt()
                    delta = acc_delta.add(eps).sqrt().div_(std).mul_(g)
                    acc_delta.mul_(rho).addcmul_(delta, delta, value=1 - rho)
                    p.add_(delta, alpha=-group["lr"])
        return loss
