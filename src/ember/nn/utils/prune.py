"""torch.nn.utils.prune: switching off entries of a parameter with a 0/1 mask.

How a pruned tensor is kept (what torch users see and rely on):

    module.<name>_orig   the parameter itself, still trained
    module.<name>_mask   a buffer of 0s and 1s
    module.<name>        a plain tensor, mask * orig, rebuilt before every forward call

The object that computed the mask is the forward pre-hook that rebuilds `<name>`, so the
gradient reaches `<name>_orig` through the mask. Pruning the same tensor again chains the
methods in a `PruningContainer`: the newest one chooses only among what the earlier ones
left. `remove` bakes the masked values into a plain parameter again.

Which entries go is torch's choice exactly: the smallest by magnitude or channel norm
(`topk`), or a uniform draw (`rand_like`, `rand`) taken from the global generator in the
same amounts, so a seeded script prunes the same entries and draws the same numbers after.
Amounts are a count (int) or a fraction (float in [0, 1], rounded half to even).
"""

from __future__ import annotations

import numbers
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from typing import Any

import ember

from ..._tensor import Tensor
from .convert_parameters import parameters_to_vector

__all__ = ["BasePruningMethod", "PruningContainer", "Identity", "RandomUnstructured",
           "L1Unstructured", "RandomStructured", "LnStructured", "CustomFromMask", "identity",
           "random_unstructured", "l1_unstructured", "random_structured", "ln_structured",
           "global_unstructured", "custom_from_mask", "remove", "is_pruned"]


# ----------------------------------------------------------------------------- amounts
def _check_amount(amount: Any) -> None:
    """Refuse, when a method is built, an amount that is neither a count >= 0 nor a
    fraction in [0, 1]."""
    if not isinstance(amount, numbers.Real):
        raise TypeError(f"Invalid type for amount: {amount}. Must be int or float.")
    if isinstance(amount, numbers.Integral):
        out_of_range = amount < 0
    else:
        # written as two comparisons so that a NaN gets through here (as in torch) and
        # fails later, when it is rounded to a count
        out_of_range = float(amount) > 1.0 or float(amount) < 0.0
    if out_of_range:
        raise ValueError(f"amount={amount} should either be a float in the range [0, 1] or a "
                         "non-negative integer")


def _how_many(amount: Any, available: int) -> int:
    """The number of entries (or channels) to prune out of `available`. A count can only
    be checked here, once the tensor is known; a fraction always fits."""
    if isinstance(amount, numbers.Integral):
        if amount > available:
            raise ValueError(f"amount={amount} should be smaller than the number of parameters "
                             f"to prune={available}")
        return amount
    return round(amount * available)


# ---------------------------------------------------------------------------- channels
def _channel_count(t: Tensor, dim: int) -> int:
    """How many channels `t` has along `dim`, after the checks structured pruning needs."""
    if t.dim() <= 1:
        raise ValueError("Structured pruning can only be applied to multidimensional tensors. "
                         f"Found tensor of shape {t.shape} with {len(t.shape)} dims")
    if dim >= t.dim():
        raise IndexError(f"Invalid index {dim} for tensor of size {t.shape}")
    # a dim below -t.dim() fails in this lookup, with the tuple's own IndexError (as torch)
    return t.shape[dim]


def _channel_norms(t: Tensor, n: Any, dim: int) -> Tensor:
    """The Ln norm of each channel along `dim`, taken over all the other dims at once."""
    dim = dim % t.dim()
    return ember.norm(t, p=n, dim=[d for d in range(t.dim()) if d != dim])


def _mask_of_channels(t: Tensor, dim: int, channels: Tensor, mask_so_far: Tensor) -> Tensor:
    """A mask shaped like `t` that keeps only `channels` (indices or a bool per channel)
    along `dim`, and nothing that `mask_so_far` already removed."""
    mask = ember.zeros_like(t)
    index: list[Any] = [slice(None)] * t.dim()
    index[dim] = channels
    mask[tuple(index)] = 1
    mask *= mask_so_far.to(dtype=mask.dtype)
    return mask


def _mask_without(mask_so_far: Tensor, flat_positions: Tensor) -> Tensor:
    """A contiguous copy of `mask_so_far` with the entries at `flat_positions` set to 0."""
    mask = mask_so_far.clone(memory_format=ember.contiguous_format)
    mask.view(-1)[flat_positions] = 0
    return mask


def _scores_or_tensor(scores: Tensor | None, t: Tensor, described: str) -> Tensor:
    """What ranks the entries of `t`: the given scores (same shape) or `t` itself."""
    if scores is None:
        return t
    if scores.shape != t.shape:
        raise AssertionError(f"importance_scores should have the same shape as {described}, "
                             f"got {scores.shape} vs {t.shape}")
    return scores


# ------------------------------------------------------- the reparametrisation of a module
def _pruning_hooks(module: Any, name: str) -> list[tuple[Any, BasePruningMethod]]:
    """The (key, method) pairs of the pruning hooks on `module` acting on `name`."""
    return [(key, hook) for key, hook in module._forward_pre_hooks.items()
            if isinstance(hook, BasePruningMethod) and hook._tensor_name == name]


def _unhook_previous(module: Any, name: str) -> BasePruningMethod | None:
    """Take the pruning already acting on `module.<name>` off the module and return it, so
    that the new method can be chained after it; None if the tensor is not pruned yet."""
    hooks = _pruning_hooks(module, name)
    if len(hooks) > 1:
        raise AssertionError(
            f"Avoid adding multiple pruning hooks to the same tensor {name} of module "
            f"{module}. Use a PruningContainer.")
    for key, _ in hooks:
        del module._forward_pre_hooks[key]
    return hooks[0][1] if hooks else None


def _chain(previous: BasePruningMethod, newest: BasePruningMethod) -> PruningContainer:
    """`previous` followed by `newest`, as one container (extended in place if `previous`
    is already one, so the hook keeps its identity)."""
    if not isinstance(previous, PruningContainer):
        previous = PruningContainer(previous)
    previous.add_pruning_method(newest)
    return previous


def _restore_parameter(module: Any, name: str) -> None:
    """Register `<name>_orig` under `<name>` again. It goes last among the parameters, as
    in torch (so a failed or removed pruning reorders `named_parameters()`)."""
    orig = module._parameters.pop(name + "_orig")
    module.register_parameter(name, orig)


# ------------------------------------------------------------------------- the methods
class BasePruningMethod(ABC):
    """How to choose a mask. Subclasses give `PRUNING_TYPE` ("unstructured", "structured"
    with a `dim`, or "global") and `compute_mask`; once applied to a module, the instance
    is the forward pre-hook of the tensor named `_tensor_name`."""

    _tensor_name: str
    PRUNING_TYPE: str

    def __call__(self, module: Any, inputs: Any) -> None:
        setattr(module, self._tensor_name, self.apply_mask(module))

    @abstractmethod
    def compute_mask(self, t: Tensor, default_mask: Tensor) -> Tensor:
        """The new mask for `t`: 0 where this method prunes, and wherever `default_mask`
        (the mask of the pruning so far) is already 0."""

    def apply_mask(self, module: Any) -> Tensor:
        """`<name>_orig` with the mask (cast to its dtype) applied, as a new tensor."""
        if self._tensor_name is None:
            raise AssertionError(f"Module {module} has to be pruned")
        mask = getattr(module, self._tensor_name + "_mask")
        orig = getattr(module, self._tensor_name + "_orig")
        return mask.to(dtype=orig.dtype) * orig

    @classmethod
    def apply(cls, module: Any, name: str, *args: Any, importance_scores: Any = None,
              **kwargs: Any) -> BasePruningMethod:
        """Prune `module.<name>` with `cls(*args, **kwargs)`, after any pruning already on
        it, and return the hook now acting on it (the method, or the container)."""
        # The previous hook comes off before the new method is built: as in torch, a bad
        # argument (or a mask that cannot be computed) leaves the tensor unhooked.
        previous = _unhook_previous(module, name)
        method = cls(*args, **kwargs)
        method._tensor_name = name
        if previous is not None:
            method = _chain(previous, method)
        current = getattr(module, name)  # the masked values when already pruned
        scores = _scores_or_tensor(importance_scores, current, f"parameter {name} of {module}")
        # a container means <name>_orig and <name>_mask exist already
        first_pruning = not isinstance(method, PruningContainer)
        if first_pruning:
            module.register_parameter(name + "_orig", current)
            del module._parameters[name]
            mask_so_far = ember.ones_like(current)
        else:
            mask_so_far = (getattr(module, name + "_mask").detach()
                           .clone(memory_format=ember.contiguous_format))
        try:
            mask = method.compute_mask(scores, default_mask=mask_so_far)
            module.register_buffer(name + "_mask", mask)
            setattr(module, name, method.apply_mask(module))
            module.register_forward_pre_hook(method)
        except Exception:
            if first_pruning:
                _restore_parameter(module, name)
            raise
        return method

    def prune(self, t: Tensor, default_mask: Tensor | None = None,
              importance_scores: Tensor | None = None) -> Tensor:
        """`t` times this method's mask, without any module."""
        scores = _scores_or_tensor(importance_scores, t, "tensor t")
        mask_so_far = ember.ones_like(t) if default_mask is None else default_mask
        return t * self.compute_mask(scores, default_mask=mask_so_far)

    def remove(self, module: Any) -> None:
        """Make the masked values the parameter `<name>` itself; `<name>_orig` and
        `<name>_mask` go (the hook is the caller's to take off)."""
        if self._tensor_name is None:
            raise AssertionError(
                f"Module {module} has to be pruned before pruning can be removed")
        name = self._tensor_name
        masked = self.apply_mask(module)
        if hasattr(module, name):
            delattr(module, name)
        # the same Parameter object lives on, so optimisers holding it keep working
        module._parameters[name + "_orig"].data = masked.data
        del module._buffers[name + "_mask"]
        _restore_parameter(module, name)


class PruningContainer(BasePruningMethod):
    """Several methods pruning one tensor, one after another: each new mask is chosen
    among the entries (or channels) the earlier methods left."""

    def __init__(self, *args: Any) -> None:
        self._pruning_methods: tuple[BasePruningMethod, ...] = ()
        if len(args) == 1:  # a single method lends the container its tensor's name
            self._tensor_name = args[0]._tensor_name
        for method in args:
            self.add_pruning_method(method)

    def add_pruning_method(self, method: BasePruningMethod | None) -> None:
        """Append `method`, which must act on the container's tensor."""
        if method is not None and not isinstance(method, BasePruningMethod):
            raise TypeError(f"{type(method)} is not a BasePruningMethod subclass")
        if method is not None and method._tensor_name != self._tensor_name:
            raise ValueError(
                "Can only add pruning methods acting on the parameter named "
                f"'{self._tensor_name}' to PruningContainer {self}. Found "
                f"'{method._tensor_name}'")
        self._pruning_methods += (method,)

    def __len__(self) -> int:
        return len(self._pruning_methods)

    def __iter__(self) -> Iterator[BasePruningMethod]:
        return iter(self._pruning_methods)

    def __getitem__(self, idx: int) -> BasePruningMethod:
        return self._pruning_methods[idx]

    def compute_mask(self, t: Tensor, default_mask: Tensor) -> Tensor:
        """`default_mask`, with the newest method's mask written over the part of `t` that
        is still in play for that method's kind of pruning."""
        newest = self._pruning_methods[-1]
        mask = default_mask.to(dtype=t.dtype)
        region = _still_in_play(newest, default_mask)
        part = newest.compute_mask(t[region], default_mask=default_mask[region])
        mask[region] = part.to(dtype=mask.dtype)
        return mask


def _still_in_play(method: BasePruningMethod, mask_so_far: Tensor) -> Any:
    """The index of what `method` may still prune: the surviving entries (unstructured),
    the channels along its dim with any survivor (structured), or everything (global)."""
    kind = method.PRUNING_TYPE
    if kind == "unstructured":
        return mask_so_far == 1
    if kind == "global":
        return (slice(None),) * mask_so_far.dim()
    if kind != "structured":
        raise ValueError(f"Unrecognized PRUNING_TYPE {kind}")
    if not hasattr(method, "dim"):
        raise AttributeError('Pruning methods of PRUNING_TYPE "structured" need to have the '
                             "attribute `dim` defined.")
    ndim = mask_so_far.dim()
    dim = method.dim + ndim if method.dim < 0 else method.dim
    if dim < 0:
        raise IndexError(f"Index is out of bounds for tensor with dimensions {ndim}")
    alive = mask_so_far.sum(dim=[d for d in range(ndim) if d != dim]) != 0
    index: list[Any] = [slice(None)] * ndim
    index[dim] = alive  # a dim past the last one fails here, with the list's IndexError
    return tuple(index)


class Identity(BasePruningMethod):
    """Prunes nothing: only the reparametrisation (`_orig`, a mask of ones, the hook)."""

    PRUNING_TYPE = "unstructured"

    def compute_mask(self, t: Tensor, default_mask: Tensor) -> Tensor:
        return default_mask

    @classmethod
    def apply(cls, module: Any, name: str) -> BasePruningMethod:  # type: ignore[override]
        return super().apply(module, name)


class RandomUnstructured(BasePruningMethod):
    """Prunes `amount` entries (a count, or a fraction of them) chosen at random."""

    PRUNING_TYPE = "unstructured"

    def __init__(self, amount: float) -> None:
        _check_amount(amount)
        self.amount = amount

    def compute_mask(self, t: Tensor, default_mask: Tensor) -> Tensor:
        count = _how_many(self.amount, t.nelement())
        if count == 0:  # no draw at all, so the generator does not move
            return default_mask.clone(memory_format=ember.contiguous_format)
        # one uniform number per entry; the entries with the largest numbers go
        draws = ember.rand_like(t).view(-1)
        return _mask_without(default_mask, ember.topk(draws, k=count).indices)

    @classmethod
    def apply(cls, module: Any, name: str, amount: float) -> BasePruningMethod:  # type: ignore[override]
        return super().apply(module, name, amount=amount)


class L1Unstructured(BasePruningMethod):
    """Prunes the `amount` entries of smallest absolute value (of `t`, or of the
    importance scores given to `apply`)."""

    PRUNING_TYPE = "unstructured"

    def __init__(self, amount: float) -> None:
        _check_amount(amount)
        self.amount = amount

    def compute_mask(self, t: Tensor, default_mask: Tensor) -> Tensor:
        count = _how_many(self.amount, t.nelement())
        if count == 0:
            return default_mask.clone(memory_format=ember.contiguous_format)
        smallest = ember.topk(ember.abs(t).view(-1), k=count, largest=False).indices
        return _mask_without(default_mask, smallest)

    @classmethod
    def apply(cls, module: Any, name: str, amount: float,  # type: ignore[override]
              importance_scores: Tensor | None = None) -> BasePruningMethod:
        return super().apply(module, name, amount=amount, importance_scores=importance_scores)


class RandomStructured(BasePruningMethod):
    """Prunes `amount` whole channels along `dim`, chosen at random."""

    PRUNING_TYPE = "structured"

    def __init__(self, amount: float, dim: int = -1) -> None:
        _check_amount(amount)
        self.amount = amount
        self.dim = dim

    def compute_mask(self, t: Tensor, default_mask: Tensor) -> Tensor:
        channels = _channel_count(t, self.dim)
        count = _how_many(self.amount, channels)
        if count == 0:  # no draw at all, so the generator does not move
            return default_mask
        # one uniform number per channel; the `count` smallest numbers lose their channel
        draws = ember.rand(channels)
        cutoff = ember.kthvalue(draws, k=count).values
        return _mask_of_channels(t, self.dim, draws > cutoff, default_mask)

    @classmethod
    def apply(cls, module: Any, name: str, amount: float,  # type: ignore[override]
              dim: int = -1) -> BasePruningMethod:
        return super().apply(module, name, amount=amount, dim=dim)


class LnStructured(BasePruningMethod):
    """Prunes the `amount` channels along `dim` of smallest L`n` norm (`n` as `p` of
    `torch.norm`: a number, inf, -inf or "fro")."""

    PRUNING_TYPE = "structured"

    def __init__(self, amount: float, n: Any, dim: int = -1) -> None:
        _check_amount(amount)
        self.amount = amount
        self.n = n
        self.dim = dim

    def compute_mask(self, t: Tensor, default_mask: Tensor) -> Tensor:
        channels = _channel_count(t, self.dim)
        count = _how_many(self.amount, channels)
        # the norms come before the early return, so a norm that cannot be taken fails
        # even when nothing is pruned (as in torch)
        norms = _channel_norms(t, self.n, self.dim)
        if count == 0:
            return default_mask
        largest = ember.topk(norms, k=channels - count, largest=True).indices
        return _mask_of_channels(t, self.dim, largest, default_mask)

    @classmethod
    def apply(cls, module: Any, name: str, amount: float, n: Any,  # type: ignore[override]
              dim: int, importance_scores: Tensor | None = None) -> BasePruningMethod:
        return super().apply(module, name, amount=amount, n=n, dim=dim,
                             importance_scores=importance_scores)


class CustomFromMask(BasePruningMethod):
    """Prunes where a given mask (of the tensor's shape) is 0."""

    PRUNING_TYPE = "global"

    def __init__(self, mask: Tensor) -> None:
        self.mask = mask

    def compute_mask(self, t: Tensor, default_mask: Tensor) -> Tensor:
        if default_mask.shape != self.mask.shape:
            raise AssertionError(f"default_mask shape {default_mask.shape} must match "
                                 f"self.mask shape {self.mask.shape}")
        return default_mask * self.mask.to(dtype=default_mask.dtype)

    @classmethod
    def apply(cls, module: Any, name: str, mask: Tensor) -> BasePruningMethod:  # type: ignore[override]
        return super().apply(module, name, mask=mask)


# ------------------------------------------------------------------ the functional forms
def identity(module: Any, name: str) -> Any:
    """Reparametrise `module.<name>` as pruned, without pruning anything; returns module."""
    Identity.apply(module, name)
    return module


def random_unstructured(module: Any, name: str, amount: float) -> Any:
    """Prune `amount` entries of `module.<name>` chosen at random; returns module."""
    RandomUnstructured.apply(module, name, amount)
    return module


def l1_unstructured(module: Any, name: str, amount: float,
                    importance_scores: Tensor | None = None) -> Any:
    """Prune the `amount` entries of `module.<name>` of smallest magnitude; returns module."""
    L1Unstructured.apply(module, name, amount=amount, importance_scores=importance_scores)
    return module


def random_structured(module: Any, name: str, amount: float, dim: int) -> Any:
    """Prune `amount` random channels of `module.<name>` along `dim`; returns module."""
    RandomStructured.apply(module, name, amount, dim)
    return module


def ln_structured(module: Any, name: str, amount: float, n: Any, dim: int,
                  importance_scores: Tensor | None = None) -> Any:
    """Prune the `amount` channels of `module.<name>` along `dim` of smallest Ln norm;
    returns module."""
    LnStructured.apply(module, name, amount, n, dim, importance_scores=importance_scores)
    return module


def custom_from_mask(module: Any, name: str, mask: Tensor) -> Any:
    """Prune `module.<name>` where `mask` is 0; returns module."""
    CustomFromMask.apply(module, name, mask)
    return module


def global_unstructured(parameters: Any, pruning_method: type, importance_scores: Any = None,
                        **kwargs: Any) -> None:
    """Prune the `(module, name)` pairs of `parameters` as if they were one flat tensor:
    `pruning_method(**kwargs)` (an unstructured method) chooses among all their surviving
    entries at once, and each tensor gets its share as a CustomFromMask pruning."""
    if not isinstance(parameters, Iterable):
        raise TypeError("global_unstructured(): parameters is not an Iterable")
    importance_scores = {} if importance_scores is None else importance_scores
    if not isinstance(importance_scores, dict):
        raise TypeError("global_unstructured(): importance_scores must be of type dict")
    all_scores = parameters_to_vector(
        [importance_scores.get((module, name), getattr(module, name))
         for module, name in parameters])
    all_masks = parameters_to_vector(
        [getattr(module, name + "_mask", ember.ones_like(getattr(module, name)))
         for module, name in parameters])
    method = pruning_method(**kwargs)
    if method.PRUNING_TYPE != "unstructured":
        raise TypeError('Only "unstructured" PRUNING_TYPE supported for the `pruning_method`. '
                        f"Found method {pruning_method} of type {method.PRUNING_TYPE}")
    # in a container the method sees only the entries still alive in the flat mask
    method._tensor_name = "<all parameters>"
    flat_mask = PruningContainer(method).compute_mask(all_scores, all_masks)
    start = 0
    for module, name in parameters:
        param = getattr(module, name)
        share = flat_mask[start:start + param.numel()].view_as(param)
        custom_from_mask(module, name, mask=share)
        start += param.numel()


def remove(module: Any, name: str) -> Any:
    """Make the pruning of `module.<name>` permanent: the masked values become the
    parameter, and the mask, the original and the hook go. Returns module."""
    hooks = _pruning_hooks(module, name)
    if not hooks:
        raise ValueError(f"Parameter '{name}' of module {module} has to be pruned before "
                         "pruning can be removed")
    key, hook = hooks[0]
    hook.remove(module)
    del module._forward_pre_hooks[key]
    return module


def is_pruned(module: Any) -> bool:
    """Whether a pruning hook sits on `module` or on any module inside it."""
    return any(isinstance(hook, BasePruningMethod)
               for _, submodule in module.named_modules()
               for hook in submodule._forward_pre_hooks.values())
