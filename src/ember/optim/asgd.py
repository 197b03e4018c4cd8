"""ASGD: SGD with a decaying step and a running average of the iterates (`ax`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import _creation as creation
from .._tensor import Tensor
from .optimizer import (
    Optimizer,
    _check_lr,
    _params_of,
    _real_views,
    _require_non_negative,
    refuse_capturable_on_cpu,
    step_grad_mode,
)

__all__ = ["ASGD"]


class ASGD(Optimizer):
    """torch.optim.ASGD: `eta_t = lr / (1 + lambd lr t)^alpha`, averaging from step `t0`.

    `eta`, `mu` and `step` are float32 0-dim tensors in the state, as in torch.
    """

    def __init__(
        self,
        params: Any,
        lr: float = 1e-2,
        lambd: float = 1e-4,
        alpha: float = 0.75,
        t0: float = 1e6,
        weight_decay: float = 0,
        foreach: bool | None = None,
        maximize: bool = False,
        differentiable: bool = False,
        capturable: bool = False,
    ) -> None:
        _check_lr(lr)
        _require_non_negative(weight_decay, "weight_decay value")
        defaults = dict(
            lr=lr, lambd=lambd, alpha=alpha, t0=t0, weight_decay=weight_decay,
            foreach=foreach, maximize=maximize, differentiable=differentiable,
            capturable=capturable,
        )
        super().__init__(params, defaults)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One ASGD update of every parameter that has a gradient."""
        loss = self._closure_loss(closure)
        with step_grad_mode(self):
            for group in self.param_groups:
                refuse_capturable_on_cpu(self, group, list(_params_of(group)))
                lr, lambd = float(group["lr"]), group["lambd"]
                for p in _params_of(group):
                    state = self.state[p]
                    if not state:
                        state["step"] = creation.tensor(0.0)
                        state["eta"] = creation.tensor(lr)
                        state["mu"] = creation.tensor(1.0)
                        state["ax"] = creation.zeros_like(p)
                    state["step"].add_(1)
                    p, g, ax = _real_views(
                        p, -p.grad if group["maximize"] else p.grad, state["ax"])
                    if group["weight_decay"] != 0:
                        g = g.add(p, alpha=group["weight_decay"])
                    eta = state["eta"].item()
                    p.mul_(1 - lambd * eta)
                    p.add_(g, alpha=-eta)
                    mu = state["mu"]
                    if mu.item() != 1:
                        ax.add_(p.sub(ax).mul_(mu))
                    else:
                        ax.copy_(p)
                    step = state["step"].item()
                    state["eta"].copy_(_next_eta(group["lr"], lambd, step, group["alpha"]))
                    state["mu"].copy_(creation.tensor(1 / max(1, step - group["t0"])))
        return loss


def _next_eta(lr: Any, lambd: float, step: float, alpha: float) -> Tensor:
    """lr / (1 + lambd * lr * step) ** alpha: in double for a float lr, but in float32
    tensor arithmetic, operation by operation, for a tensor lr (as torch computes it)."""
    if isinstance(lr, Tensor):
        return lr / ((1 + lambd * lr * step) ** alpha)
    return creation.tensor(lr / ((1 + lambd * lr * step) ** alpha))
