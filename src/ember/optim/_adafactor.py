"""Adafactor: second moments kept as row and column factors for matrices (memory O(n+m))."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import _creation as creation
from .._dtype import finfo
from .._grad_mode import no_grad
from .._tensor import Tensor
from .optimizer import Optimizer, _params_of

__all__ = ["Adafactor"]


class Adafactor(Optimizer):
    """torch.optim.Adafactor (no first moment): relative step `rho_t = min(lr, 1/sqrt(t))`
    scaled by the parameter's RMS, update RMS clipped to `d`, decoupled weight decay.

    As in torch, an `eps[0]` of None becomes the machine epsilon of the first parameter
    updated in the group, and stays so for the rest of that group's step.
    """

    def __init__(
        self,
        params: Any,
        lr: float = 1e-2,
        beta2_decay: float = -0.8,
        eps: tuple[float | None, float] = (None, 1e-3),
        d: float = 1.0,
        weight_decay: float = 0.0,
        *,
        foreach: bool | None = None,
        maximize: bool = False,
    ) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        checks = [
            (0.0 <= lr, f"Learning rate should be >= 0 but is: {lr}"),
            (0.0 >= beta2_decay, f"beta2_decay should be <= 0 but is: {beta2_decay}"),
            (eps[0] is None or 0.0 <= eps[0], f"epsilon1 should be >= 0 but is: {eps[0]}"),
            (0.0 <= eps[1], f"epsilon2 should be >= 0 but is: {eps[1]}"),
            (1.0 <= d, f"Clipping threshold d should be >= 1 but is: {d}"),
            (0.0 <= weight_decay, f"weight_decay should be >= 0 but is: {weight_decay}"),
        ]
        for ok, message in checks:
            if not ok:
                raise ValueError(message)
        defaults = dict(
            lr=lr, beta2_decay=beta2_decay, eps=eps, d=d, weight_decay=weight_decay,
            foreach=foreach, maximize=maximize,
        )
        super().__init__(params, defaults)

    def _init_state(self, p: Tensor) -> dict[str, Any]:
        """Row/column factors for matrices (and batches of them), a full vector otherwise."""
        state = self.state[p]
        if not state:
            state["step"] = creation.tensor(0.0)
            if p.grad.dim() > 1:
                shape = list(p.grad.shape)
                state["row_var"] = creation.zeros(shape[:-1] + [1], dtype=p.grad.dtype)
                state["col_var"] = creation.zeros(
                    shape[:-2] + [1, shape[-1]], dtype=p.grad.dtype
                )
            else:
                state["variance"] = creation.zeros_like(p.grad)
        return state

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One Adafactor update of every parameter that has a gradient."""
        loss = self._closure_loss(closure)
        with no_grad():
            for group in self.param_groups:
                lr, (eps1, eps2) = float(group["lr"]), group["eps"]
                if any(p.is_complex() for p in _params_of(group)):
                    raise RuntimeError("Adafactor does not support complex parameters")
                for p in _params_of(group):
                    g = -p.grad if group["maximize"] else p.grad
                    state = self._init_state(p)
                    if eps1 is None:
                        eps1 = finfo(p.dtype).eps
                    state["step"].add_(1)
                    step = state["step"].item()
                    beta2_weight = step ** group["beta2_decay"]
                    rho = min(lr, 1 / step**0.5)
                    alpha = max(eps2, p.norm(2).item() / p.numel() ** 0.5) * rho
                    if group["weight_decay"] != 0:
                        p.mul_(1 - lr * group["weight_decay"])
                    if g.dim() > 1:
                        row_var, col_var = state["row_var"], state["col_var"]
                        row_mean = g.norm(dim=-1, keepdim=True).square() / g.size(-1)
                        row_var.add_((row_mean - row_var) * beta2_weight)
                        col_mean = g.norm(dim=-2, keepdim=True).square() / g.size(-2)
                        col_var.add_((col_mean - col_var) * beta2_weight)
                        estimate = (row_var @ col_var) / row_var.mean(
                            dim=-2, keepdim=True).clamp(min=eps1)
                    else:
                        variance = state["variance"]
                        variance.add_((g * g - variance) * beta2_weight)
                        estimate = variance.clone()
                    update = estimate.clamp(min=eps1 * eps1).rsqrt() * g
                    denom = max(1.0, update.norm(2).item() / (update.numel() ** 0.5 * group["d"]))
                    p.add_(update, alpha=-alpha / denom)
        return loss


Adafactor.__module__ = "ember.optim"  # torch defines it privately but names it torch.optim
