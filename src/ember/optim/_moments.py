"""The steps Adam, AdamW, NAdam and RAdam share, in torch's order and rounding: weight decay
(coupled into the gradient, or decoupled as a shrink of the parameter), then the first and
second moment estimates."""

from __future__ import annotations

from typing import Any

from .._tensor import Tensor

__all__ = ["decayed_gradient", "update_moments"]


def decayed_gradient(p: Tensor, g: Tensor, group: dict[str, Any]) -> Tensor:
    """`g` with the group's weight decay: coupled decay returns `g + wd * p`; decoupled
    decay (AdamW) multiplies `p` by `1 - lr * wd` in place and returns `g` unchanged."""
    wd = group["weight_decay"]
    if wd == 0:
        return g
    if group["decoupled_weight_decay"]:
        p.mul_(1 - group["lr"] * wd)
        return g
    return g.add(p, alpha=wd)


def update_moments(exp_avg: Tensor, exp_avg_sq: Tensor, g: Tensor,
                   betas: tuple[float, float]) -> None:
    """exp_avg <- lerp(exp_avg, g, 1 - beta1); exp_avg_sq <- beta2 * exp_avg_sq + (1 - beta2) g^2
    (both in place, each rounded once where torch's kernels round once)."""
    beta1, beta2 = betas
    exp_avg.lerp_(g, 1 - beta1)
    exp_avg_sq.mul_(beta2).addcmul_(g, g, value=1 - beta2)
