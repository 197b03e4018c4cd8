"""How a scheduler case is built, written once for any torch-like module `mod`.

scripts/record_lr_scheduler_reference.py builds each case with real torch;
tests/optim/test_lr_scheduler.py builds the same case with ember. Cases are JSON, so the
lambdas they use are named here.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

LAMBDAS = {
    "pow95": lambda epoch: 0.95**epoch,
    "halve_every3": lambda epoch: 0.5 ** (epoch // 3),
    "mul09": lambda epoch: 0.9,
    "mul_grow": lambda epoch: 1.0 + 0.01 * epoch,
}


def optimizer_for(mod: ModuleType, spec: dict[str, Any]) -> Any:
    """SGD (or Adam, whose beta1 the cycling schedules drive) with one dummy parameter per
    entry of spec['lrs']; momentum when the spec asks for it."""
    lrs = [mod.tensor(lr) if spec.get("tensor_lr") else lr for lr in spec["lrs"]]
    groups = [{"params": [mod.nn.Parameter(mod.zeros(1))], "lr": lr} for lr in lrs]
    if spec.get("kind") == "adam":
        return mod.optim.Adam(groups, lr=spec["lrs"][0])
    opt = mod.optim.SGD(groups, lr=spec["lrs"][0], momentum=spec.get("momentum", 0.0))
    for group, initial in zip(opt.param_groups, spec.get("initial_lrs", [])):
        group["initial_lr"] = initial  # as a resumed optimizer's state_dict would carry
    return opt


def kwargs_for(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The case's keyword arguments with lambda names replaced by the functions."""
    out = dict(kwargs)
    if "lr_lambda" in out:
        names = out["lr_lambda"]
        out["lr_lambda"] = ([LAMBDAS[n] for n in names] if isinstance(names, list)
                            else LAMBDAS[names])
    return out


def build(mod: ModuleType, opt: Any, case: dict[str, Any]) -> Any:
    """The scheduler of `case` (nested ones for SequentialLR and ChainedScheduler); SWALR
    comes from optim.swa_utils."""
    home = mod.optim.swa_utils if case["cls"] == "SWALR" else mod.optim.lr_scheduler
    cls = getattr(home, case["cls"])
    kwargs = kwargs_for(case.get("kwargs", {}))
    if case["cls"] == "SequentialLR":
        return cls(opt, [build(mod, opt, c) for c in case["children"]], **kwargs)
    if case["cls"] == "ChainedScheduler":
        return cls([build(mod, opt, c) for c in case["children"]], **kwargs)
    return cls(opt, **kwargs)


def encode_state(mod: ModuleType, value: Any) -> Any:
    """A scheduler's state_dict as JSON data keeping what a user can see of it: the order
    of keys, dict types (MultiStepLR's milestones are a Counter), tuples apart from lists,
    tensors as dtype and values, and functions or callable objects by kind."""
    if isinstance(value, mod.Tensor):
        return {"tensor": str(value.dtype).removeprefix("torch."), "values": value.tolist()}
    if isinstance(value, dict):
        return {type(value).__name__: [[encode_state(mod, k), encode_state(mod, v)]
                                       for k, v in value.items()]}
    if isinstance(value, tuple):
        return {"tuple": [encode_state(mod, v) for v in value]}
    if isinstance(value, list):
        return [encode_state(mod, v) for v in value]
    if callable(value):
        return {"callable": type(value).__name__}
    return value


def step_error_calls(mod: ModuleType) -> dict[str, Any]:
    """Misuses that fail while stepping (or on a non-optimizer): torch's errors expected."""
    sched = mod.optim.lr_scheduler

    def onecycle_past_end() -> None:
        opt = optimizer_for(mod, {"lrs": [0.1], "momentum": 0.9})
        s = sched.OneCycleLR(opt, max_lr=1.0, total_steps=3)
        for _ in range(4):
            opt.step()
            s.step()

    def warm_restarts_negative_epoch() -> None:
        sched.CosineAnnealingWarmRestarts(optimizer_for(mod, {"lrs": [0.1]}), T_0=3).step(-1)

    def not_an_optimizer() -> None:
        sched.StepLR(3, 2)

    return {"onecycle_past_end": onecycle_past_end,
            "warm_restarts_negative_epoch": warm_restarts_negative_epoch,
            "not_an_optimizer": not_an_optimizer}
