"""The `Optimizer` base: parameter groups, per-parameter state, zero_grad and state_dict.

Subclasses only write `step`; everything a training loop or a checkpoint touches (the
group dicts, their key order for `repr`, the index-keyed `state_dict`) lives here so that
every optimizer saves, loads and prints the way torch's does.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from .._grad_mode import enable_grad, no_grad, set_grad_enabled
from .._tensor import Tensor
from ..ops.complex_ops import view_as_real
from ._hooks import HookedOptimizer

__all__ = ["Optimizer"]


class Optimizer(HookedOptimizer):
    """Holds `param_groups` (dicts of hyper-parameters plus `params`) and `state[p]`.

    `defaults` fills in any hyper-parameter a group leaves out, so per-group options and a
    scheduler's edits live in one place that `state_dict` saves and `repr` prints. State is
    keyed by the parameter tensor itself; `state_dict` swaps those keys for positions.
    """

    def __init__(self, params: Any, defaults: dict[str, Any]) -> None:
        self.defaults = defaults
        if isinstance(params, Tensor):
            raise TypeError(
                "params argument given to the optimizer should be an iterable of Tensors "
                f"or dicts, but got {params.type()}"
            )
        self.state: defaultdict[Tensor, dict[str, Any]] = defaultdict(dict)
        self.param_groups: list[dict[str, Any]] = []
        param_groups = list(params)
        if len(param_groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(param_groups[0], dict):
            param_groups = [{"params": param_groups}]
        for group in param_groups:
            self.add_param_group(group)

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        """Append a group, filling missing hyper-parameters from `defaults` (torch's checks).

        The group keeps the caller's keys first, then the defaults it left out, in defaults'
        order; `(name, tensor)` pairs (from `named_parameters()`) add a `param_names` list.
        """
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group)}")
        group = dict(param_group)
        params = group["params"]
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, set):
            raise TypeError(
                "optimizer parameters need to be organized in ordered collections, but the "
                "ordering of tensors in sets will change between runs. Please use a list instead."
            )
        else:
            params = list(params)
        names = [p[0] for p in params if isinstance(p, tuple)]
        group["params"] = [p[1] if isinstance(p, tuple) else p for p in params]
        if names:
            if len(names) != len(params):
                raise ValueError(
                    "all optimizer params should be with/without names. "
                    "Some param names are missing"
                )
            group["param_names"] = names
        for p in group["params"]:
            if not isinstance(p, Tensor):
                raise TypeError(
                    "optimizer can only optimize Tensors, but one of the params is "
                    f"{_typename(p)}"
                )
            if not self.defaults.get("differentiable") and not (p.is_leaf or p.retains_grad):
                raise ValueError("can't optimize a non-leaf Tensor")
        for name, default in self.defaults.items():
            group.setdefault(name, default)
        for other in self.param_groups:
            if ("param_names" in group) != ("param_names" in other):
                kind = "with names" if "param_names" in group else "without names"
                raise ValueError(
                    "all optimizer param groups should be with/without names. "
                    f"cannot add param group {kind} to the optimizer"
                )
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in seen for p in group["params"]):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(group)

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Drop every gradient (None), or zero it in place when `set_to_none=False`."""
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                if set_to_none:
                    p.grad = None
                else:
                    if p.grad.grad_fn is not None:
                        p.grad.detach_()
                    else:
                        p.grad.requires_grad_(False)
                    with no_grad():
                        p.grad.zero_()

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Apply one update; subclasses implement it."""
        raise NotImplementedError

    def _closure_loss(self, closure: Callable[[], Any] | None) -> Any:
        """Evaluate the closure with gradients on (torch re-enables grad for it)."""
        if closure is None:
            return None
        with enable_grad():
            return closure()

    def state_dict(self) -> dict[str, Any]:
        """`{'state': {index: {...}}, 'param_groups': [{..., 'params': [indices]}]}` as torch.

        Parameters are numbered in order across groups; state tensors are shared, not copied.
        """
        for hook in list(self._hook_store("_optimizer_state_dict_pre_hooks").values()):
            hook(self)
        index: dict[int, int] = {}
        groups = []
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != "params"}
            ids = []
            for p in group["params"]:
                index.setdefault(id(p), len(index))
                ids.append(index[id(p)])
            packed["params"] = ids
            groups.append(packed)
        state = {index[id(p)]: s for p, s in self.state.items() if id(p) in index}
        result = {"state": state, "param_groups": groups}
        for hook in list(self._hook_store("_optimizer_state_dict_post_hooks").values()):
            replaced = hook(self, result)
            if replaced is not None:
                result = replaced
        return result

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore hyper-parameters and state; saved tensors take each parameter's dtype."""
        state_dict = copy.copy(state_dict)
        for hook in list(self._hook_store("_optimizer_load_state_dict_pre_hooks").values()):
            replaced = hook(self, state_dict)
            if replaced is not None:
                state_dict = replaced
        # only the groups are copied: state tensors that already have the parameter's dtype
        # are taken as they are (shared with the dict, and with an optimizer it came from)
        saved_groups = copy.deepcopy(state_dict["param_groups"])
        if len(saved_groups) != len(self.param_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        for group, saved in zip(self.param_groups, saved_groups):
            if len(group["params"]) != len(saved["params"]):
                raise ValueError(
                    "loaded state dict contains a parameter group that doesn't match the size "
                    "of optimizer's group"
                )
        by_index = {
            i: p
            for group, saved in zip(self.param_groups, saved_groups)
            for i, p in zip(saved["params"], group["params"])
        }
        self.state = defaultdict(dict)
        for key, value in state_dict["state"].items():
            if key in by_index:
                p = by_index[key]
                self.state[p] = {k: self._cast(p, k, v) for k, v in value.items()}
            else:
                self.state[key] = value
        new_groups = []
        for group, saved in zip(self.param_groups, saved_groups):
            new = {k: v for k, v in saved.items() if k != "params"}
            new["params"] = group["params"]
            if "param_names" in group and "param_names" not in new:
                new["param_names"] = group["param_names"]
            new_groups.append(new)
        self.param_groups = new_groups
        for hook in list(self._hook_store("_optimizer_load_state_dict_post_hooks").values()):
            hook(self)

    @staticmethod
    def _cast(param: Tensor, key: str, value: Any) -> Any:
        """State tensors follow the parameter's dtype, except the float32 `step` counter."""
        if isinstance(value, Tensor):
            if key != "step" and value.is_floating_point():
                return value.to(dtype=param.dtype)
            return value
        if isinstance(value, dict):
            return {k: Optimizer._cast(param, k, v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            # a fresh container (LBFGS appends to its history lists) of the same tensors
            return type(value)(Optimizer._cast(param, key, v) for v in value)
        return value

    def __getstate__(self) -> dict[str, Any]:
        """Pickle what torch pickles: hooks and helpers stay behind."""
        return {"defaults": self.defaults, "state": self.state, "param_groups": self.param_groups}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def __repr__(self) -> str:
        text = self.__class__.__name__ + " ("
        for i, group in enumerate(self.param_groups):
            text += f"\nParameter Group {i}\n"
            for key in sorted(group):
                if key != "params":
                    text += f"    {key}: {group[key]}\n"
        return text + ")"


def _typename(obj: Any) -> str:
    """torch.typename: a tensor's type string, else the class's (qualified) name."""
    if isinstance(obj, Tensor):
        return obj.type()
    module = type(obj).__module__
    name = type(obj).__qualname__
    return name if module in ("builtins", "__builtin__") else f"{module}.{name}"


def _require_non_negative(value: float, label: str) -> None:
    """Raise torch's `Invalid <label>: <value>` for a negative hyper-parameter."""
    if not 0.0 <= value:
        raise ValueError(f"Invalid {label}: {value}")


def _check_lr(lr: Any) -> None:
    """A learning rate may be a float or a one-element tensor, and never negative."""
    if isinstance(lr, Tensor) and lr.numel() != 1:
        raise ValueError("Tensor lr must be 1-element")
    _require_non_negative(lr, "learning rate")


def _params_of(group: dict[str, Any]) -> Iterable[Tensor]:
    """The group's parameters that have a gradient this step."""
    return (p for p in group["params"] if p.grad is not None)


def _real_views(*tensors: Any) -> list[Any]:
    """Each complex tensor as torch.view_as_real of it (a float view that aliases it, last
    dim (re, im)); anything else (real tensors, None) unchanged.

    torch's per-parameter updates run on these views for complex parameters, so every
    elementwise rule (squares, sqrt, sign, max, abs) applies to the real and imaginary
    parts separately and in-place updates land in the complex parameter and state.
    A conjugated gradient is refused with view_as_real's error, as in torch.
    """
    return [view_as_real(t) if isinstance(t, Tensor) and t.is_complex() else t
            for t in tensors]


def _refuse_complex_fused(group: dict[str, Any], params: list[Tensor]) -> None:
    """torch's fused kernels take floating-point parameters only: with `fused=True` a
    complex parameter that has a gradient fails the step before the group is updated."""
    if not group.get("fused"):
        return
    for p in params:
        if p.is_complex():
            raise RuntimeError(
                "`fused=True` requires all the params to be floating point Tensors of "
                "supported devices: ['mps', 'cuda', 'xpu', 'hpu', 'cpu', 'mtia', "
                f"'privateuseone'] but {p.dtype} and {p.device}"
            )


_CAPTURABLE_DEVICES = ["cuda", "xpu", "hpu", "privateuseone", "xla"]
# Which tensors torch's capturable check names, per optimizer and per implementation
# (single-tensor, foreach): its messages differ in wording and in the device list.
_CAPTURABLE_TENSORS = {
    "NAdam": ("params, mu_products and state_steps", "params, mu_products, and state_steps"),
    "ASGD": ("params, mus, etas, and state_steps", "params, mus, etas, and state_steps"),
}
# Optimizers whose check lists xla for the foreach implementation too (or for neither).
_XLA_IN_FOREACH = {"RMSprop", "Rprop"}
_XLA_NOWHERE = {"Adadelta"}


def refuse_capturable_on_cpu(optimizer: Any, group: dict[str, Any], params: list[Tensor]) -> None:
    """`capturable=True` keeps the step on the device for CUDA graphs; torch asserts the
    parameters live on such a device when a group with a gradient steps, and ember has
    only the CPU. The same AssertionError as torch (single-tensor or foreach wording)."""
    if not params:
        return
    if not group.get("capturable"):
        _refuse_foreach_differentiable(group)
        return
    name = type(optimizer).__name__
    foreach = group.get("foreach") is True
    single, multi = _CAPTURABLE_TENSORS.get(name, ("params and state_steps",) * 2)
    devices = list(_CAPTURABLE_DEVICES)
    if name in _XLA_NOWHERE or (foreach and name not in _XLA_IN_FOREACH):
        devices.remove("xla")
    raise AssertionError(
        f"If capturable=True, {multi if foreach else single} must be on supported devices: "
        f"{devices}.")


def _refuse_foreach_differentiable(group: dict[str, Any]) -> None:
    """torch's foreach implementations (asked for with foreach=True) record no graph: a
    differentiable step through them fails its assertion."""
    if group.get("foreach") is True and group.get("differentiable"):
        raise AssertionError("_foreach ops don't support autograd")


def step_grad_mode(optimizer: Any) -> Any:
    """The grad mode a step runs in: recording only for `differentiable=True` (as torch),
    so that an update of a leaf parameter that requires grad fails as torch's does."""
    return set_grad_enabled(bool(optimizer.defaults.get("differentiable", False)))
