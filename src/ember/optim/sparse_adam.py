"""SparseAdam: Adam for sparse gradients only.

ember has no sparse tensors, so every gradient it can produce is dense, and torch's answer
to a dense gradient is an error: `step` raises it. The constructor checks and the group
layout (for `repr` and `state_dict`) are torch's, so code that builds one still runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._grad_mode import no_grad
from .._tensor import Tensor
from .adam import _check_betas
from .optimizer import Optimizer, _params_of

__all__ = ["SparseAdam"]


class SparseAdam(Optimizer):
    """torch.optim.SparseAdam; lr and eps must be strictly positive."""

    def __init__(
        self,
        params: Any,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        maximize: bool = False,
    ) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 < lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 < eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        _check_betas(betas)
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, maximize=maximize))
        complex_at = [[i, j] for i, group in enumerate(self.param_groups)
                      for j, p in enumerate(group["params"]) if p.is_complex()]
        if complex_at:
            raise ValueError(f"Complex params at indices {complex_at}: SparseAdam does not "
                             "support complex parameters")

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Refuse dense gradients, as torch does (ember has no other kind)."""
        loss = self._closure_loss(closure)
        with no_grad():
            for group in self.param_groups:
                for _ in _params_of(group):
                    raise RuntimeError(
                        "SparseAdam does not support dense gradients, please consider Adam instead"
                    )
        return loss
