"""Rprop: sign-based steps whose per-coordinate sizes grow or shrink with sign agreement."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import _creation as creation
from .optimizer import (
    Optimizer,
    _check_lr,
    _params_of,
    _real_views,
    refuse_capturable_on_cpu,
    step_grad_mode,
)

__all__ = ["Rprop"]


class Rprop(Optimizer):
    """torch.optim.Rprop: step sizes times etaplus when g and the previous g agree in sign,
    times etaminus (and that coordinate's gradient skipped) when they disagree."""

    def __init__(
        self,
        params: Any,
        lr: float = 1e-2,
        etas: tuple[float, float] = (0.5, 1.2),
        step_sizes: tuple[float, float] = (1e-6, 50),
        *,
        capturable: bool = False,
        foreach: bool | None = None,
        maximize: bool = False,
        differentiable: bool = False,
    ) -> None:
        _check_lr(lr)
        if not 0.0 < etas[0] < 1.0 < etas[1]:
            raise ValueError(f"Invalid eta values: {etas[0]}, {etas[1]}")
        defaults = dict(
            lr=lr, etas=etas, step_sizes=step_sizes, foreach=foreach, maximize=maximize,
            differentiable=differentiable, capturable=capturable,
        )
        super().__init__(params, defaults)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One Rprop update of every parameter that has a gradient."""
        loss = self._closure_loss(closure)
        with step_grad_mode(self):
            for group in self.param_groups:
                refuse_capturable_on_cpu(self, group, list(_params_of(group)))
                etaminus, etaplus = group["etas"]
                smin, smax = group["step_sizes"]
                for p in _params_of(group):
                    state = self.state[p]
                    if not state:
                        state["step"] = creation.tensor(0.0)
                        state["prev"] = creation.zeros_like(p)
                        # both parts of a complex step size start at lr (torch's choice:
                        # the parts are stepped as two independent real numbers)
                        lr = group["lr"]
                        state["step_size"] = creation.full_like(
                            p, complex(lr, lr) if p.is_complex() else lr)
                    state["step"].add_(1)
                    p, g, prev, step_size = _real_views(
                        p, -p.grad if group["maximize"] else p.grad, state["prev"],
                        state["step_size"])
                    agreement = (g * prev).sign()
                    factor = creation.full_like(p, 1.0)
                    factor[agreement > 0] = etaplus
                    factor[agreement < 0] = etaminus
                    step_size.mul_(factor).clamp_(smin, smax)
                    g = g.clone()
                    g[agreement < 0] = 0
                    p.addcmul_(g.sign(), step_size, value=-1)
                    prev.copy_(g)
        return loss
