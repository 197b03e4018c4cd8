"""Weight averaging: torch.optim.swa_utils (SWA and EMA models, SWALR, update_bn).

`AveragedModel` keeps a deep copy of a model whose parameters (and, with use_buffers, its
buffers) are running averages of the model's, updated by `update_parameters`; the count of
models averaged is its int64 buffer `n_averaged`. The averaging rules are plain functions
of (averaged tensors, current tensors, count):

- equal weights (SWA): avg + (current - avg) / (n + 1), one tensor at a time, which is
  what torch's CPU path runs when no function is given; `get_swa_multi_avg_fn` instead
  moves each floating tensor with `lerp_` by the weight 1 / (n + 1) (computed as a tensor
  when n is one, so in the default dtype, as torch does before reading it as a number);
- exponential (EMA): `lerp_` by 1 - decay for floating tensors, and for integer ones
  avg * decay + current * (1 - decay) in floating point, truncated back by `copy_`.

`lerp_` rounds once as torch's kernel does (docs/design.md, "Rounding as torch's kernels
round"), so averages agree with torch's bit for bit in float32. `SWALR` anneals each
group's lr towards its 'swa_lr'; `update_bn` recomputes BatchNorm statistics with one pass
over a loader.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable
from copy import deepcopy
from typing import Any

import ember

from .._grad_mode import no_grad
from .._tensor import Tensor
from ..nn.modules.batchnorm import _BatchNorm
from ..nn.modules.module import Module
from .lr_scheduler import LRScheduler, _per_group
from .optimizer import Optimizer

__all__ = [
    "AveragedModel",
    "update_bn",
    "SWALR",
    "get_ema_multi_avg_fn",
    "get_swa_multi_avg_fn",
    "get_ema_avg_fn",
    "get_swa_avg_fn",
]


def _floating(t: Tensor) -> bool:
    """lerp_ handles floating and complex tensors; integer (and bool) ones take a formula."""
    return t.is_floating_point() or t.is_complex()


def _same_length(first: list[Tensor], second: list[Tensor]) -> None:
    """torch's list kernels (_foreach_*) check this before touching any tensor."""
    if len(first) != len(second):
        raise RuntimeError("Tensor lists must have the same number of tensors, "
                           f"got {len(first)} and {len(second)}")


def _checked_decay(decay: float) -> float:
    if decay < 0.0 or decay > 1.0:
        raise ValueError(
            f"Invalid decay value {decay} provided. Please provide a value in [0,1] range."
        )
    return decay


def get_ema_multi_avg_fn(decay: float = 0.999) -> Callable[..., None]:
    """An in-place EMA of lists of tensors: avg <- decay * avg + (1 - decay) * current."""
    _checked_decay(decay)

    @no_grad()
    def ema_update(ema_param_list: list[Tensor], current_param_list: list[Tensor],
                   _: Any) -> None:
        if _floating(ema_param_list[0]):
            _same_length(ema_param_list, current_param_list)
            for ema, current in zip(ema_param_list, current_param_list):
                ema.lerp_(current, 1 - decay)
        else:
            for ema, current in zip(ema_param_list, current_param_list, strict=True):
                ema.copy_(ema * decay + current * (1 - decay))

    return ema_update


def get_swa_multi_avg_fn() -> Callable[..., None]:
    """An in-place equal-weight average of lists of tensors, n models averaged so far."""

    @no_grad()
    def swa_update(averaged_param_list: list[Tensor], current_param_list: list[Tensor],
                   num_averaged: Tensor | int) -> None:
        if _floating(averaged_param_list[0]):
            # With a count tensor the weight is a 0-d tensor of the default dtype; torch's
            # list kernel reads it as a number, so float64 tensors move by a float32 1/3.
            weight = 1 / (num_averaged + 1)
            if isinstance(weight, Tensor):
                weight = weight.item()
            _same_length(averaged_param_list, current_param_list)
            for averaged, current in zip(averaged_param_list, current_param_list):
                averaged.lerp_(current, weight)
            return
        _same_length(current_param_list, averaged_param_list)
        diffs = [current - averaged
                 for averaged, current in zip(averaged_param_list, current_param_list)]
        # Integer tensors: both forms refuse, as torch's do (integer addcdiv; float alpha).
        if isinstance(num_averaged, Tensor):
            for averaged, diff in zip(averaged_param_list, diffs):
                averaged.addcdiv_(diff, num_averaged + 1)
        else:
            for averaged, diff in zip(averaged_param_list, diffs):
                averaged.add_(diff, alpha=1.0 / (num_averaged + 1))

    return swa_update


def get_ema_avg_fn(decay: float = 0.999) -> Callable[..., Tensor]:
    """The EMA of one tensor, as a new tensor: decay * avg + (1 - decay) * current."""
    _checked_decay(decay)

    @no_grad()
    def ema_update(ema_param: Tensor, current_param: Tensor, num_averaged: Any) -> Tensor:
        return decay * ema_param + (1 - decay) * current_param

    return ema_update


def get_swa_avg_fn() -> Callable[..., Tensor]:
    """The equal-weight average of one tensor, as a new tensor."""

    @no_grad()
    def swa_update(averaged_param: Tensor, current_param: Tensor,
                   num_averaged: Tensor | int) -> Tensor:
        return averaged_param + (current_param - averaged_param) / (num_averaged + 1)

    return swa_update


def _by_device_and_dtype(averaged: list[Tensor], current: list[Tensor]
                         ) -> list[tuple[Any, list[Tensor], list[Tensor]]]:
    """(device, averaged tensors, current tensors) per (device, dtype) of the averaged ones.

    torch's grouping is a C++ hash map; for up to two groups (float parameters and an int64
    counter, say) it hands them back newest first, which is the order kept here."""
    groups: dict[tuple[Any, Any], tuple[Any, list[Tensor], list[Tensor]]] = {}
    for a, c in zip(averaged, current):
        key = (str(a.device), a.dtype)
        if key not in groups:
            groups[key] = (a.device, [], [])
        groups[key][1].append(a)
        groups[key][2].append(c)
    return list(reversed(groups.values()))


class AveragedModel(Module):
    """A copy of `model` (on `device` if given) holding running averages of its weights.

    Without `avg_fn` or `multi_avg_fn` the average is equally weighted (SWA); with
    `use_buffers` buffers are averaged too, otherwise they are copied from the model at
    each update. The first `update_parameters` copies the model's values."""

    n_averaged: Tensor

    def __init__(
        self,
        model: Module,
        device: Any = None,
        avg_fn: Callable[[Tensor, Tensor, Tensor | int], Tensor] | None = None,
        multi_avg_fn: Callable[[list[Tensor], list[Tensor], Tensor | int], None] | None = None,
        use_buffers: bool = False,
    ) -> None:
        super().__init__()
        if avg_fn is not None and multi_avg_fn is not None:
            raise AssertionError("Only one of avg_fn and multi_avg_fn should be provided")
        self.module = deepcopy(model)
        if device is not None:
            self.module = self.module.to(device)
        self.register_buffer("n_averaged", ember.tensor(0, dtype=ember.long, device=device))
        self.avg_fn = avg_fn
        self.multi_avg_fn = multi_avg_fn
        self.use_buffers = use_buffers

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        return self.module(*args, **kwargs)

    def update_parameters(self, model: Module) -> None:
        """Fold `model`'s current weights into the averages; n_averaged grows by one."""
        if self.use_buffers:
            mine = itertools.chain(self.module.parameters(), self.module.buffers())
            theirs = itertools.chain(model.parameters(), model.buffers())
        else:
            mine, theirs = self.parameters(), model.parameters()
        averaged: list[Tensor] = []
        current: list[Tensor] = []
        first = bool(self.n_averaged == 0)
        for p_averaged, p_model in zip(mine, theirs):
            p_current = p_model.detach().to(p_averaged.device)
            averaged.append(p_averaged.detach())
            current.append(p_current)
            if first:
                p_averaged.detach().copy_(p_current)

        if self.n_averaged > 0:
            if self.multi_avg_fn is not None or self.avg_fn is None:
                for device, group_averaged, group_current in _by_device_and_dtype(
                        averaged, current):
                    count = self.n_averaged.to(device)
                    if self.multi_avg_fn is not None:
                        self.multi_avg_fn(group_averaged, group_current, count)
                    else:
                        # torch runs its list kernel only on accelerators; on the CPU it
                        # averages tensor by tensor with the formula.
                        swa = get_swa_avg_fn()
                        for a, c in zip(group_averaged, group_current, strict=True):
                            a.copy_(swa(a, c, count))
            else:
                for a, c in zip(averaged, current, strict=True):
                    a.detach().copy_(self.avg_fn(a.detach(), c, self.n_averaged.to(a.device)))

        if not self.use_buffers:
            # Buffers not averaged follow the model's.
            for b_averaged, b_model in zip(self.module.buffers(), model.buffers(), strict=True):
                b_averaged.detach().copy_(b_model.detach().to(b_averaged.device))
        self.n_averaged += 1


@no_grad()
def update_bn(loader: Iterable[Any], model: Module, device: Any = None) -> None:
    """Recompute every BatchNorm's running statistics with one pass over `loader`.

    The statistics are reset and accumulated as a cumulative average (momentum None) in
    training mode; a batch that is a list or tuple feeds its first element to the model."""
    momenta = {}
    for module in model.modules():
        if isinstance(module, _BatchNorm):
            module.reset_running_stats()
            momenta[module] = module.momentum
    if not momenta:
        return
    was_training = model.training
    model.train()
    for module in momenta:
        module.momentum = None
    for batch in loader:
        if isinstance(batch, (list, tuple)):
            batch = batch[0]
        if device is not None:
            batch = batch.to(device)
        model(batch)
    for module, momentum in momenta.items():
        module.momentum = momentum
    model.train(was_training)


class SWALR(LRScheduler):
    """Anneal each group's lr to its 'swa_lr' over `anneal_epochs` steps ('cos' or
    'linear'), then hold it there.

    Each step reconstructs the lr the annealing started from out of the group's current lr
    (so another scheduler may have moved it) and moves it to the next point of the curve."""

    def __init__(self, optimizer: Optimizer, swa_lr: Any, anneal_epochs: int = 10,
                 anneal_strategy: str = "cos", last_epoch: int = -1) -> None:
        for value, group in zip(_per_group("swa_lr", optimizer, swa_lr),
                                optimizer.param_groups, strict=True):
            group["swa_lr"] = value
        if anneal_strategy not in ("cos", "linear"):
            raise ValueError(
                "anneal_strategy must be one of 'cos' or 'linear', "
                f"instead got {anneal_strategy}"
            )
        self._set_anneal_func(anneal_strategy)
        if not isinstance(anneal_epochs, int) or anneal_epochs < 0:
            raise ValueError(
                f"anneal_epochs must be equal or greater than 0, got {anneal_epochs}"
            )
        self.anneal_epochs = anneal_epochs
        super().__init__(optimizer, last_epoch)

    @staticmethod
    def _linear_anneal(t: float) -> float:
        return t

    @staticmethod
    def _cosine_anneal(t: float) -> float:
        return (1 - math.cos(math.pi * t)) / 2

    @staticmethod
    def _get_initial_lr(lr: Any, swa_lr: Any, alpha: float) -> Any:
        """The lr the annealing started from, given lr = alpha*swa_lr + (1-alpha)*start."""
        if alpha == 1:
            return swa_lr
        return (lr - alpha * swa_lr) / (1 - alpha)

    def _set_anneal_func(self, anneal_strategy: str) -> None:
        self._anneal_strategy = anneal_strategy
        self.anneal_func = self._cosine_anneal if anneal_strategy == "cos" else \
            self._linear_anneal

    def _fraction(self, step: int) -> float:
        return max(0, min(1, step / max(1, self.anneal_epochs)))

    def get_lr(self) -> list[Any]:
        self._warn_if_called_outside_step()
        step = self._step_count - 1
        if self.anneal_epochs == 0:
            step = max(1, step)
        prev_alpha = self.anneal_func(self._fraction(step - 1))
        starts = [self._get_initial_lr(group["lr"], group["swa_lr"], prev_alpha)
                  for group in self.optimizer.param_groups]
        alpha = self.anneal_func(self._fraction(step))
        return [group["swa_lr"] * alpha + start * (1 - alpha)
                for group, start in zip(self.optimizer.param_groups, starts, strict=True)]

    def state_dict(self) -> dict[str, Any]:
        """Every attribute but the optimizer and the annealing function."""
        return {key: value for key, value in self.__dict__.items()
                if key not in ("optimizer", "anneal_func")}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        self.__dict__.update(state_dict)
        self._set_anneal_func(self._anneal_strategy)

