"""Stochastic gradient descent with momentum, dampening, Nesterov and weight decay."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .optimizer import (
    Optimizer,
    _check_lr,
    _params_of,
    _refuse_complex_fused,
    _require_non_negative,
    step_grad_mode,
)

__all__ = ["SGD"]


class SGD(Optimizer):
    """torch.optim.SGD: `buf = momentum * buf + (1 - dampening) * g`, `p -= lr * buf`.

    The first step seeds the momentum buffer with the gradient itself (no dampening), as
    torch's documented algorithm does.
    """

    def __init__(
        self,
        params: Any,
        lr: float = 1e-3,
        momentum: float = 0,
        dampening: float = 0,
        weight_decay: float = 0,
        nesterov: bool = False,
        *,
        maximize: bool = False,
        foreach: bool | None = None,
        differentiable: bool = False,
        fused: bool | None = None,
    ) -> None:
        _check_lr(lr)
        _require_non_negative(momentum, "momentum value")
        _require_non_negative(weight_decay, "weight_decay value")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        defaults = dict(
            lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
            nesterov=nesterov, maximize=maximize, foreach=foreach,
            differentiable=differentiable, fused=fused,
        )
        super().__init__(params, defaults)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One SGD update of every parameter that has a gradient."""
        loss = self._closure_loss(closure)
        with step_grad_mode(self):
            for group in self.param_groups:
                momentum, lr = group["momentum"], group["lr"]
                params = list(_params_of(group))
                _refuse_complex_fused(group, params)
                # new momentum buffers join the state after the group's update, as in
                # torch: a step that fails part way (differentiable=True on a leaf) keeps none
                fresh = {}
                for p in params:
                    g = -p.grad if group["maximize"] else p.grad
                    if group["weight_decay"] != 0:
                        g = g.add(p, alpha=group["weight_decay"])
                    if momentum != 0:
                        state = self.state[p]
                        buf = state.get("momentum_buffer")
                        if buf is None:
                            buf = fresh[p] = g.clone().detach()
                        else:
                            buf.mul_(momentum).add_(g, alpha=1 - group["dampening"])
                        g = g.add(buf, alpha=momentum) if group["nesterov"] else buf
                    p.add_(g, alpha=-lr)
                for p, buf in fresh.items():
                    self.state[p]["momentum_buffer"] = buf
        return loss
