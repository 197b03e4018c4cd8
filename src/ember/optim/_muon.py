"""Muon: refused, with the reason (torch 2.13's Muon runs its Newton-Schulz iteration in
bfloat16, a dtype ember does not have, so no float32 stand-in would give torch's numbers)."""

from __future__ import annotations

from typing import Any

from .optimizer import Optimizer

__all__ = ["Muon"]


class Muon(Optimizer):
    """torch.optim.Muon (not supported by ember: see the error's text)."""

    def __init__(self, params: Any, lr: float = 1e-3, weight_decay: float = 0.1,
                 momentum: float = 0.95, nesterov: bool = True,
                 ns_coefficients: tuple[float, float, float] = (3.4445, -4.775, 2.0315),
                 eps: float = 1e-7, ns_steps: int = 5, adjust_lr_fn: str | None = None) -> None:
        raise NotImplementedError(
            "ember.optim.Muon is not supported: torch's Muon orthogonalises each update with "
            "a Newton-Schulz iteration computed in bfloat16, which ember (NumPy) does not "
            "have, so its results could not match torch's. Use AdamW, or SGD with momentum, "
            "for these parameters.")


Muon.__module__ = "ember.optim"  # torch defines it privately but names it torch.optim
