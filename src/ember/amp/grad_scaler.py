"""`torch.amp.GradScaler`: loss scaling, so that small gradients survive low precision.

One training iteration with a scaler:

    scaler.scale(loss).backward()   # gradients of loss * S
    scaler.unscale_(optimizer)      # optional: divide them by S now (to clip them, say)
    scaler.step(optimizer)          # divide by S if not done yet; step only if all finite
    scaler.update()                 # choose S for the next iteration

S is a float32 0-d tensor (`scaler._scale`, which scripts read), made at the first tensor
`scale` multiplies. `update` multiplies it by `backoff_factor` when any gradient of the
iteration was inf or NaN, and by `growth_factor` after `growth_interval` clean iterations in
a row (counted in the int32 tensor `scaler._growth_tracker`), never growing it past float32's
range. A "cuda" scaler warns and disables itself, since ember (like a CPU-only torch build)
has no CUDA; a disabled scaler hands everything through unchanged. `state_dict` has torch's
keys and types, so checkpoints move between ember and torch.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy

from .. import _creation, _dtype
from .._grad_mode import no_grad
from .._tensor import Tensor
from .._warnings import warn

__all__ = ["GradScaler"]

_NOT_SCALED_HINT = ("This may indicate your script did not use scaler.scale(loss or outputs) "
                    "earlier in the iteration.")


class _Iteration:
    """What one optimizer has done since the last `update()`."""

    __slots__ = ("unscaled", "stepped", "found_inf")

    def __init__(self) -> None:
        self.unscaled = False
        self.stepped = False
        # None until unscale_ has looked at at least one gradient (no gradients at all
        # means nothing was checked, and step/update refuse to go on)
        self.found_inf: bool | None = None


def _gradients_to_unscale(optimizer: Any) -> list[Tensor]:
    """The gradients of `optimizer`'s parameters, all checked before any is touched."""
    grads = [param.grad for group in optimizer.param_groups for param in group["params"]
             if param.grad is not None]
    if any(grad.dtype is _dtype.float16 for grad in grads):
        raise ValueError("Attempting to unscale FP16 gradients.")
    return grads


def _unscale_in_place(grads: list[Tensor], scale: Tensor) -> bool:
    """Multiply every gradient by 1/scale (rounded once to float32, as torch does) and say
    whether any of them was inf or NaN before that."""
    inverse = scale.double().reciprocal().float()
    found_inf = False
    with no_grad():
        for grad in grads:
            found_inf = found_inf or not bool(grad.isfinite().all())
            grad.mul_(inverse)
    return found_inf


class GradScaler:
    """Scales losses and unscales gradients for mixed-precision training (see the module
    docstring for the cycle and the schedule of the scale)."""

    def __init__(self, device: str = "cuda", init_scale: float = 2.0 ** 16,
                 growth_factor: float = 2.0, backoff_factor: float = 0.5,
                 growth_interval: int = 2000, enabled: bool = True) -> None:
        self._device = device
        if device == "cuda" and enabled:
            warn("torch.cuda.amp.GradScaler is enabled, but CUDA is not available.  "
                 "Disabling.")
            enabled = False
        self._enabled = enabled
        if not enabled:  # a disabled scaler keeps no schedule at all, as in torch
            return
        if growth_factor <= 1.0:
            raise AssertionError("The growth factor must be > 1.0.")
        if backoff_factor >= 1.0:
            raise AssertionError("The backoff factor must be < 1.0.")
        self._growth_factor = growth_factor
        self._backoff_factor = backoff_factor
        self._growth_interval = growth_interval
        # plain numbers until the first scale() turns them into the two tensors below
        self._pending_scale = init_scale
        self._pending_tracker = 0
        self._scale: Tensor | None = None
        self._growth_tracker: Tensor | None = None
        self._iterations: dict[int, _Iteration] = {}

    # ---------------------------------------------------------------- the training cycle
    def scale(self, outputs: Any) -> Any:
        """`outputs` times the scale: a tensor, or tensors in (nested) lists and tuples,
        which keep their type; any other iterable gives a lazy `map`."""
        if not self._enabled:
            return outputs
        if isinstance(outputs, Tensor):
            if self._scale is None:
                self._make_tensors()
            return outputs * self._scale
        if isinstance(outputs, (list, tuple)):
            return type(outputs)(self.scale(item) for item in outputs)
        if isinstance(outputs, Iterable):
            return map(self.scale, outputs)
        raise ValueError("outputs must be a Tensor or an iterable of Tensors")

    def unscale_(self, optimizer: Any) -> None:
        """Divide the gradients of `optimizer`'s parameters by the scale, in place, once
        per iteration, noting whether any was inf or NaN."""
        if not self._enabled:
            return
        self._require_tensors("unscale_")
        progress = self._progress(optimizer)
        if progress.stepped:
            raise RuntimeError("unscale_() is being called after step().")
        if progress.unscaled:
            raise RuntimeError("unscale_() has already been called on this optimizer since "
                               "the last update().")
        grads = _gradients_to_unscale(optimizer)
        if grads:
            progress.found_inf = _unscale_in_place(grads, self._scale)
        progress.unscaled = True

    def step(self, optimizer: Any, *args: Any, **kwargs: Any) -> Any:
        """`optimizer.step(*args, **kwargs)` on unscaled gradients; skipped (returning
        None) when one of them was inf or NaN."""
        if not self._enabled:
            return optimizer.step(*args, **kwargs)
        if "closure" in kwargs:
            raise RuntimeError("Closure use is not currently supported if GradScaler is "
                               "enabled.")
        self._require_tensors("step")
        progress = self._progress(optimizer)
        if progress.stepped:
            raise RuntimeError("step() has already been called since the last update().")
        if not progress.unscaled:
            self.unscale_(optimizer)
        if progress.found_inf is None:
            raise AssertionError("No inf checks were recorded for this optimizer.")
        result = None if progress.found_inf else optimizer.step(*args, **kwargs)
        progress.stepped = True
        return result

    def update(self, new_scale: float | Tensor | None = None) -> None:
        """End the iteration: set the scale to `new_scale` if given, else back it off or
        grow it by what the gradients of this iteration showed."""
        if not self._enabled:
            return
        self._require_tensors("update")
        if new_scale is None:
            self._follow_schedule()
        else:
            self._overwrite_scale(new_scale)
        self._iterations = {}

    # ----------------------------------------------------------------------- internals
    def _make_tensors(self) -> None:
        self._scale = _creation.full((), self._pending_scale, dtype=_dtype.float32)
        self._growth_tracker = _creation.full((), self._pending_tracker, dtype=_dtype.int32)

    def _require_tensors(self, action: str) -> None:
        """unscale_/step/update need a scale, which only scale() creates."""
        for attr in ("_scale", "_growth_tracker"):
            if getattr(self, attr) is None:
                raise AssertionError(f"Attempted {action} but {attr} is None.  "
                                     + _NOT_SCALED_HINT)

    def _progress(self, optimizer: Any) -> _Iteration:
        return self._iterations.setdefault(id(optimizer), _Iteration())

    def _follow_schedule(self) -> None:
        """Back off after any inf/NaN; grow after `growth_interval` clean iterations, only
        while the grown scale stays finite in float32."""
        checks = [p.found_inf for p in self._iterations.values() if p.found_inf is not None]
        if not checks:
            raise AssertionError("No inf checks were recorded prior to update.")
        if any(checks):
            self._rescale(self._backoff_factor)
            self._growth_tracker.fill_(0)
            return
        clean = int(self._growth_tracker.item()) + 1
        # equality, not >=: a tracker already past a lowered interval never grows
        if clean == self._growth_interval:
            self._rescale(self._growth_factor)
            clean = 0
        self._growth_tracker.fill_(clean)

    def _rescale(self, factor: float) -> None:
        """scale * factor, with the factor kept in double precision and the product rounded
        once to float32 (torch's arithmetic: a backoff of 0.3 three times gives
        0.027000000700354576, not the 0.0270000025... of a float32 factor)."""
        with numpy.errstate(over="ignore"):  # an overflow to inf is expected, and refused
            product = float(numpy.float32(self._scale.item() * factor))
        if math.isfinite(product):
            self._scale.fill_(product)

    def _overwrite_scale(self, new_scale: Any) -> None:
        if isinstance(new_scale, float):
            self._scale.fill_(new_scale)
            return
        # Anything else must be a one-element tensor without grad on the scaler's device.
        # A number that is not a float has no .device, and fails with that AttributeError
        # exactly as in torch; a one-element tensor of another shape fails in copy_.
        acceptable = (new_scale.device.type == self._device and new_scale.numel() == 1
                      and not new_scale.requires_grad)
        if not acceptable:
            raise AssertionError("new_scale should be a float or a 1-element "
                                 "torch.cuda.FloatTensor or torch.FloatTensor with "
                                 "requires_grad=False.")
        self._scale.copy_(new_scale)

    # ------------------------------------------------------------- settings and state
    def get_scale(self) -> float:
        """The current scale as a Python number (1.0 when disabled)."""
        if not self._enabled:
            return 1.0
        return self._pending_scale if self._scale is None else self._scale.item()

    def get_growth_factor(self) -> float:
        return self._growth_factor

    def set_growth_factor(self, new_factor: float) -> None:
        self._growth_factor = new_factor

    def get_backoff_factor(self) -> float:
        return self._backoff_factor

    def set_backoff_factor(self, new_factor: float) -> None:
        self._backoff_factor = new_factor

    def get_growth_interval(self) -> int:
        return self._growth_interval

    def set_growth_interval(self, new_interval: int) -> None:
        self._growth_interval = new_interval

    def _get_growth_tracker(self) -> int:
        if not self._enabled:
            return 0
        if self._growth_tracker is None:
            return self._pending_tracker
        return int(self._growth_tracker.item())

    def is_enabled(self) -> bool:
        return self._enabled

    def state_dict(self) -> dict[str, Any]:
        """The scale and its schedule under torch's keys ({} when disabled)."""
        if not self._enabled:
            return {}
        return {"scale": self.get_scale(), "growth_factor": self._growth_factor,
                "backoff_factor": self._backoff_factor,
                "growth_interval": self._growth_interval,
                "_growth_tracker": self._get_growth_tracker()}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Take the scale and schedule from `state_dict`, key by key in torch's order (a
        missing key raises KeyError after the earlier keys were taken, as in torch)."""
        if not self._enabled:
            return
        if len(state_dict) == 0:
            raise RuntimeError("The source state dict is empty, possibly because it was saved "
                               "from a disabled instance of GradScaler.")
        self._pending_scale = state_dict["scale"]
        if self._scale is not None:
            self._scale.fill_(self._pending_scale)
        self._growth_factor = state_dict["growth_factor"]
        self._backoff_factor = state_dict["backoff_factor"]
        self._growth_interval = state_dict["growth_interval"]
        self._pending_tracker = state_dict["_growth_tracker"]
        if self._growth_tracker is not None:
            self._growth_tracker.fill_(self._pending_tracker)

    def __getstate__(self) -> dict[str, Any]:
        """Pickling (and copy.deepcopy) keeps the scale and tracker as plain numbers, to be
        made into tensors again by the next scale(); mid-iteration it is refused, since
        the per-optimizer progress would not survive."""
        state = self.__dict__.copy()
        if self._enabled:
            if self._iterations:
                raise AssertionError("A GradScaler instance may only be pickled at the "
                                     "beginning of an iteration, or at the end after "
                                     "scaler.update().")
            state["_pending_scale"] = self.get_scale()
            state["_pending_tracker"] = self._get_growth_tracker()
            state["_scale"] = None
            state["_growth_tracker"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
