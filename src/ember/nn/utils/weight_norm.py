"""torch.nn.utils.weight_norm (deprecated in torch for parametrizations.weight_norm): the
parameter `name` replaced by `name_g` (the norms, norm_except_dim) and `name_v` (the
direction), and a forward pre-hook that recomputes `module.<name>` = torch._weight_norm(v,
g, dim) before every call. `remove_weight_norm` puts the computed weight back as a
parameter."""

from __future__ import annotations

from typing import Any, TypeVar

import ember

from ..._warnings import warn
from ..modules.module import Module
from ..parameter import Parameter, UninitializedParameter

__all__ = ["WeightNorm", "weight_norm", "remove_weight_norm"]


class WeightNorm:
    name: str
    dim: int

    def __init__(self, name: str, dim: int) -> None:
        if dim is None:
            dim = -1
        self.name = name
        self.dim = dim

    def compute_weight(self, module: Module) -> Any:
        g = getattr(module, self.name + "_g")
        v = getattr(module, self.name + "_v")
        return ember._weight_norm(v, g, self.dim)

    @staticmethod
    def apply(module: Module, name: str, dim: int) -> WeightNorm:
        # (torch's points into torch.nn.utils.weight_norm; ember's, as its others, at the
        # caller's line)
        warn("`torch.nn.utils.weight_norm` is deprecated in favor of "
             "`torch.nn.utils.parametrizations.weight_norm`.", FutureWarning)
        for hook in module._forward_pre_hooks.values():
            if isinstance(hook, WeightNorm) and hook.name == name:
                raise RuntimeError("Cannot register two weight_norm hooks on the same "
                                   f"parameter {name}")
        if dim is None:
            dim = -1
        fn = WeightNorm(name, dim)
        weight = getattr(module, name)
        if isinstance(weight, UninitializedParameter):
            raise ValueError(
                "The module passed to `WeightNorm` can't have uninitialized parameters. "
                "Make sure to run the dummy forward before applying weight normalization")
        # the parameter leaves the module's parameters; g and v take its place
        del module._parameters[name]
        module.register_parameter(name + "_g",
                                  Parameter(ember.norm_except_dim(weight, 2, dim).data))
        module.register_parameter(name + "_v", Parameter(weight.data))
        setattr(module, name, fn.compute_weight(module))
        # the weight is recomputed before every forward
        module.register_forward_pre_hook(fn)
        return fn

    def remove(self, module: Module) -> None:
        weight = self.compute_weight(module)
        delattr(module, self.name)
        del module._parameters[self.name + "_g"]
        del module._parameters[self.name + "_v"]
        setattr(module, self.name, Parameter(weight.data))

    def __call__(self, module: Module, inputs: Any) -> None:
        setattr(module, self.name, self.compute_weight(module))


T_module = TypeVar("T_module", bound=Module)


def weight_norm(module: T_module, name: str = "weight", dim: int = 0) -> T_module:
    """Weight normalisation by a forward pre-hook: `module.<name>` = g v / ||v|| recomputed
    before each call from the parameters `<name>_g` and `<name>_v` (norms over every dim
    but `dim`; None: of the whole tensor). Deprecated in torch (a FutureWarning) for
    nn.utils.parametrizations.weight_norm, which loads this form's state_dict."""
    WeightNorm.apply(module, name, dim)
    return module


def remove_weight_norm(module: T_module, name: str = "weight") -> T_module:
    """Undo weight_norm: `module.<name>` becomes a parameter holding the current weight."""
    for k, hook in module._forward_pre_hooks.items():
        if isinstance(hook, WeightNorm) and hook.name == name:
            hook.remove(module)
            del module._forward_pre_hooks[k]
            return module
    raise ValueError(f"weight_norm of '{name}' not found in {module}")
