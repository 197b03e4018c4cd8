"""Adagrad: per-coordinate step sizes shrinking with the sum of squared gradients."""

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
    _refuse_complex_fused,
    _require_non_negative,
    refuse_capturable_on_cpu,
    step_grad_mode,
)

__all__ = ["Adagrad"]


class Adagrad(Optimizer):
    """torch.optim.Adagrad: `s += g^2`, `p -= lr / (1 + (t-1) lr_decay) * g / (sqrt(s) + eps)`.

    Unlike the other optimizers, torch creates Adagrad's state (`step`, `sum`) for every
    parameter in the constructor, so a fresh `state_dict()` already holds it.
    """

    def __init__(
        self,
        params: Any,
        lr: float = 1e-2,
        lr_decay: float = 0,
        weight_decay: float = 0,
        initial_accumulator_value: float = 0,
        eps: float = 1e-10,
        foreach: bool | None = None,
        *,
        maximize: bool = False,
        differentiable: bool = False,
        fused: bool | None = None,
    ) -> None:
        _check_lr(lr)
        _require_non_negative(lr_decay, "lr_decay value")
        _require_non_negative(weight_decay, "weight_decay value")
        _require_non_negative(initial_accumulator_value, "initial_accumulator_value value")
        _require_non_negative(eps, "epsilon value")
        defaults = dict(
            lr=lr, lr_decay=lr_decay, eps=eps, weight_decay=weight_decay,
            initial_accumulator_value=initial_accumulator_value, foreach=foreach,
            maximize=maximize, differentiable=differentiable, fused=fused,
        )
        super().__init__(params, defaults)
        for group in self.param_groups:
            for p in group["params"]:
                _init_state(self.state[p], p, group["initial_accumulator_value"])

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One Adagrad update of every parameter that has a gradient."""
        loss = self._closure_loss(closure)
        with step_grad_mode(self):
            for group in self.param_groups:
                params = list(_params_of(group))
                _refuse_complex_fused(group, params)
                refuse_capturable_on_cpu(self, group, params)  # (foreach + differentiable)
                for p in params:
                    state = self.state[p]
                    if not state:
                        # a parameter of a group added after construction starts when it
                        # first steps, from the optimizer's default accumulator value (as
                        # torch: not its group's)
                        _init_state(state, p, self.defaults["initial_accumulator_value"])
                    state["step"].add_(1)
                    step = state["step"].item()
                    g = -p.grad if group["maximize"] else p.grad
                    if group["weight_decay"] != 0:
                        g = g.add(p, alpha=group["weight_decay"])
                    clr = group["lr"] / (1 + (step - 1) * group["lr_decay"])
                    p, g, total = _real_views(p, g, state["sum"])
                    total.addcmul_(g, g, value=1)
                    std = total.sqrt().add_(group["eps"])
                    p.addcdiv_(g, std, value=-clr)
        return loss


def _init_state(state: dict[str, Any], p: Tensor, init: float) -> None:
    state["step"] = creation.tensor(0.0)
    # torch starts both parts of a complex accumulator at the value
    state["sum"] = creation.full_like(p, complex(init, init) if p.is_complex() else init)
