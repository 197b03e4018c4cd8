"""RMSprop: divide the gradient by a running root-mean-square (optionally centred)."""

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

__all__ = ["RMSprop"]


class RMSprop(Optimizer):
    """torch.optim.RMSprop: `v = alpha v + (1 - alpha) g^2`, `p -= lr g / (sqrt(v) + eps)`.

    `centered` subtracts the squared running mean of g inside the root; `momentum` feeds the
    scaled gradient through a buffer first.
    """

    def __init__(
        self,
        params: Any,
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0,
        momentum: float = 0,
        centered: bool = False,
        capturable: bool = False,
        foreach: bool | None = None,
        maximize: bool = False,
        differentiable: bool = False,
    ) -> None:
        _check_lr(lr)
        _require_non_negative(eps, "epsilon value")
        _require_non_negative(momentum, "momentum value")
        _require_non_negative(weight_decay, "weight_decay value")
        _require_non_negative(alpha, "alpha value")
        defaults = dict(
            lr=lr, momentum=momentum, alpha=alpha, eps=eps, centered=centered,
            weight_decay=weight_decay, capturable=capturable, foreach=foreach,
            maximize=maximize, differentiable=differentiable,
        )
        super().__init__(params, defaults)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One RMSprop update of every parameter that has a gradient."""
        loss = self._closure_loss(closure)
        with step_grad_mode(self):
            for group in self.param_groups:
                refuse_capturable_on_cpu(self, group, list(_params_of(group)))
                alpha, momentum = group["alpha"], group["momentum"]
                for p in _params_of(group):
                    state = self.state[p]
                    if not state:
                        state["step"] = creation.tensor(0.0)
                        state["square_avg"] = creation.zeros_like(p)
                        if momentum > 0:
                            state["momentum_buffer"] = creation.zeros_like(p)
                        if group["centered"]:
                            state["grad_avg"] = creation.zeros_like(p)
                    state["step"].add_(1)
                    g = -p.grad if group["maximize"] else p.grad
                    if group["weight_decay"] != 0:
                        g = g.add(p, alpha=group["weight_decay"])
                    p, g, square_avg, grad_avg, buf = _real_views(
                        p, g, state["square_avg"], state.get("grad_avg"),
                        state.get("momentum_buffer"))
                    square_avg.mul_(alpha).addcmul_(g, g, value=1 - alpha)
                    if group["centered"]:
                        grad_avg.add_((g - grad_avg) * (1 - alpha))
                        avg = square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt()
                    else:
                        avg = square_avg.sqrt()
                    avg = avg.add(group["eps"])
                    if momentum > 0:
                        buf.mul_(momentum).addcdiv_(g, avg)
                        p.add_(buf, alpha=-group["lr"])
                    else:
                        p.addcdiv_(g, avg, value=-group["lr"])
        return loss
