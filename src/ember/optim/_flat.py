"""Multi-tensor updates: one group's per-parameter states as views of flat buffers.

An optimizer step over a model with many small parameters costs a few ops *per parameter*
(Adam: nine), each paying ember's per-op overhead. torch's `foreach` implementations batch
them; ember does it with memory layout instead: every state tensor of a group
(`exp_avg`, `exp_avg_sq`, `step`, ...) is a view into one flat buffer per state name, so the
update of all parameters is the same few ops on the flat buffers. The gradients are
gathered into one flat vector per step, and each parameter receives its slice of a flat
update with one in-place add.

Elementwise maths does not depend on how elements are grouped, so the results are
bit-identical to the per-parameter loop (tests/optim/test_flat_state.py). The state a user
sees is unchanged: `optimizer.state[p]["exp_avg"]` is a tensor of p's shape (a view), and
`state_dict()`/`load_state_dict()` work as before; state tensors replaced from outside
(`load_state_dict`, user code) are noticed and gathered into fresh buffers.
"""

from __future__ import annotations

from typing import Any

from .._creation import zeros
from .._tensor import Tensor
from ..ops.shape_copies import cat

__all__ = ["FlatState", "flat_state_for"]


class FlatState:
    """Flat buffers of one parameter group's states, and each parameter's views of them."""

    def __init__(self, params: list[Tensor], state: dict, initial: dict[str, Any]) -> None:
        """`initial` maps each state name to a function giving its value for a parameter
        that has no such state yet: a tensor of the parameter's shape, or a 0-d tensor
        (Adam's step counter), whose views are then 0-d too."""
        self.params = list(params)
        self.sizes = [p.numel() for p in params]
        self.buffers: dict[str, Tensor] = {}
        self.views: dict[str, list[Tensor]] = {}
        for name, make in initial.items():
            values = [state[p][name] if name in state[p] else make(p) for p in params]
            flat = cat([v.reshape(-1) for v in values])
            if all(v.dim() == 0 for v in values):
                views = [flat[i] for i in range(len(params))]
            else:
                views = self._views_of(flat)
            for p, view in zip(params, views):
                state[p][name] = view
            self.buffers[name] = flat
            self.views[name] = views
        # The flat update is written here, then added into each parameter through its view.
        self.update = zeros(sum(self.sizes), dtype=params[0].dtype)
        self.update_views = self._views_of(self.update)

    def _views_of(self, flat: Tensor) -> list[Tensor]:
        """Each parameter's piece of a flat buffer, in the parameter's shape."""
        views, start = [], 0
        for p, size in zip(self.params, self.sizes):
            views.append(flat[start:start + size].view(p.shape))
            start += size
        return views

    def holds(self, params: list[Tensor], state: dict) -> bool:
        """Whether these are still the group's parameters and every state is still the
        view handed out (not replaced by load_state_dict or by the user)."""
        if len(params) != len(self.params):
            return False
        for i, p in enumerate(params):
            if p is not self.params[i]:
                return False
            entries = state.get(p)
            if entries is None:
                return False
            for name, views in self.views.items():
                if entries.get(name) is not views[i]:
                    return False
        return True

    def gradients(self) -> Tensor:
        """All parameters' gradients as one flat vector (a copy)."""
        return cat([p.grad.reshape(-1) for p in self.params])

    def parameters(self) -> Tensor:
        """All parameters' values as one flat vector (a copy)."""
        return cat([p.detach().reshape(-1) for p in self.params])

    def apply_update(self) -> None:
        """Add each parameter's slice of `self.update` into it, in place."""
        for p, delta in zip(self.params, self.update_views):
            p.add_(delta)


def flat_state_for(holder: dict, key: Any, params: list[Tensor], state: dict,
                   initial: dict[str, Any]) -> FlatState:
    """The group's FlatState kept in `holder[key]`, rebuilt when it no longer holds."""
    flat = holder.get(key)
    if flat is None or not flat.holds(params, state):
        flat = holder[key] = FlatState(params, state, initial)
    return flat
