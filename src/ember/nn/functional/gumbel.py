"""gumbel_softmax: a differentiable sample from a categorical distribution."""

from __future__ import annotations

from ... import _creation
from ..._tensor import Tensor
from ..._warnings import warn

__all__ = ["gumbel_softmax"]


def gumbel_softmax(logits: Tensor, tau: float = 1, hard: bool = False, eps: float = 1e-10,
                   dim: int = -1) -> Tensor:
    """softmax((logits + g) / tau) along `dim`, g drawn from Gumbel(0, 1) as
    -log(Exponential(1)) with torch's draws; `hard` returns the one-hot of the sample's
    argmax with the soft sample's gradient (straight-through)."""
    if eps != 1e-10:
        warn("`eps` parameter is deprecated and has no effect.")
    gumbels = -_creation.empty_like(logits).exponential_().log()
    y_soft = ((logits + gumbels) / tau).softmax(dim)
    if not hard:
        return y_soft
    index = y_soft.max(dim, keepdim=True)[1]
    y_hard = _creation.zeros_like(logits).scatter_(dim, index, 1.0)
    return y_hard - y_soft.detach() + y_soft
