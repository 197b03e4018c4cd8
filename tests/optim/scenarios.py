"""The optimizer scenarios, written once for any torch-like module `mod`.

scripts/record_optim_reference.py runs them with real torch and stores what happened in
tests/reference/optim_trajectories.json; tests/optim/test_optimizers.py runs the same
functions with `mod = ember` and compares. Keeping one copy means the replay cannot drift
from what was recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any


def initial_params(mod: ModuleType, dtype: Any) -> list:
    """Two deterministic parameter tensors (a vector and a matrix)."""
    p0 = mod.tensor([0.5, -1.0, 2.0], dtype=dtype)
    p1 = mod.tensor([[0.3, -0.7], [1.1, 0.2]], dtype=dtype)
    return [mod.nn.Parameter(p0), mod.nn.Parameter(p1)]


def loss_of(mod: ModuleType, params: list) -> Any:
    """A small smooth non-quadratic loss coupling both tensors."""
    p0, p1 = params
    w = mod.tensor([1.0, 2.0, 3.0], dtype=p0.dtype)
    return (p0 * p0 * w).sum() + p1.sin().sum() + (p0.sum() * p1.sum()) * 0.1


def make_optimizer(mod: ModuleType, name: str, kwargs: dict, params: list) -> Any:
    """`mod.optim.<name>(params, **kwargs)`; JSON lists become tuples, and `tensor_lr`
    asks for the learning rate as a 0-dim tensor."""
    args = {k: tuple(v) if isinstance(v, list) else v for k, v in kwargs.items()}
    if args.pop("tensor_lr", False):
        args["lr"] = mod.tensor(args["lr"])
    return getattr(mod.optim, name)(params, **args)


def closure_for(mod: ModuleType, opt: Any, params: list) -> Callable:
    def closure():
        opt.zero_grad()
        loss = loss_of(mod, params)
        loss.backward()
        return loss
    return closure


def _dense_step(mod: ModuleType, opt: Any) -> Any:
    """Give every parameter a dense gradient and step."""
    for group in opt.param_groups:
        for p in group["params"]:
            p.grad = mod.ones_like(p)
    return opt.step()


def error_calls(mod: ModuleType) -> dict[str, Callable]:
    """Bad calls whose exception type and message must be torch's."""
    a = mod.ones(2, requires_grad=True)
    b = mod.ones(2, requires_grad=True)
    optim = mod.optim
    return {
        "empty": lambda: optim.SGD([], lr=0.1),
        "single_tensor": lambda: optim.SGD(a, lr=0.1),
        "non_leaf": lambda: optim.SGD([a * 2], lr=0.1),
        "negative_lr": lambda: optim.SGD([a], lr=-0.1),
        "negative_momentum": lambda: optim.SGD([a], lr=0.1, momentum=-1),
        "nesterov_without_momentum": lambda: optim.SGD([a], lr=0.1, nesterov=True),
        "negative_weight_decay": lambda: optim.Adam([a], weight_decay=-0.5),
        "bad_beta": lambda: optim.Adam([a], betas=(0.9, 1.0)),
        "negative_eps": lambda: optim.Adam([a], eps=-1e-3),
        "duplicate_group": lambda: optim.SGD([{"params": [a]}, {"params": [a]}], lr=1),
        "not_a_tensor": lambda: optim.SGD([1.0], lr=0.1),
        "load_group_count": lambda: optim.SGD([a], lr=1).load_state_dict(
            optim.SGD([{"params": [a]}, {"params": [b]}], lr=1).state_dict()),
        "load_group_size": lambda: optim.SGD([a], lr=1).load_state_dict(
            optim.SGD([a, b], lr=1).state_dict()),
        "lbfgs_groups": lambda: optim.LBFGS([{"params": [a]}, {"params": [b]}]),
        "rmsprop_alpha": lambda: optim.RMSprop([a], alpha=-0.5),
        "adadelta_rho": lambda: optim.Adadelta([a], rho=1.5),
        "adagrad_lr_decay": lambda: optim.Adagrad([a], lr_decay=-1),
        "nadam_momentum_decay": lambda: optim.NAdam([a], momentum_decay=-0.1),
        "rprop_etas": lambda: optim.Rprop([a], etas=(1.2, 0.5)),
        "adafactor_lr": lambda: optim.Adafactor([a], lr=-1.0),
        "adafactor_d": lambda: optim.Adafactor([a], d=0.5),
        "sparse_adam_lr": lambda: optim.SparseAdam([a], lr=0.0),
        "sparse_adam_dense_grad": lambda: _dense_step(mod, optim.SparseAdam([b])),
        "tensor_lr_size": lambda: optim.SGD([a], lr=mod.tensor([0.1, 0.2])),
        "mixed_names": lambda: optim.SGD([{"params": [("a", a)]}, {"params": [b]}], lr=1),
        "some_names_missing": lambda: optim.SGD([("a", a), b], lr=1),
        "group_not_dict": lambda: optim.SGD([a], lr=1).add_param_group([b]),
        "set_of_params": lambda: optim.SGD([{"params": {a}}], lr=1),
    }


def group_layouts(mod: ModuleType) -> dict[str, Any]:
    """Optimizers with named parameters and per-group options."""
    a, b = initial_params(mod, mod.float32)
    return {
        "named": mod.optim.SGD([("weight", a), ("bias", b)], lr=0.1),
        "two_groups": mod.optim.SGD(
            [{"params": [a], "lr": 0.5, "foo": 1}, {"params": [b]}], lr=0.1, momentum=0.9),
        "adam_groups": mod.optim.Adam(
            [{"params": [b], "betas": (0.5, 0.6)}, {"params": [a], "amsgrad": True}]),
    }


LOOPS = {
    "sgd_momentum": ("SGD", {"lr": 0.05, "momentum": 0.9}),
    "adamw": ("AdamW", {"lr": 0.05}),
    "rmsprop": ("RMSprop", {"lr": 0.01, "centered": True}),
}


def training_loop(mod: ModuleType, name: str, kwargs: dict) -> dict:
    """The usual loop (zero_grad, loss, backward, step) on an nn.Linear with fixed data."""
    model = mod.nn.Linear(3, 2)
    with mod.no_grad():
        model.weight.copy_(mod.tensor([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]]))
        model.bias.copy_(mod.tensor([0.05, -0.05]))
    x = mod.tensor([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0], [0.0, -1.0, 1.0], [2.0, 1.0, -1.0]])
    y = mod.tensor([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [-1.0, 2.0]])
    opt = getattr(mod.optim, name)(model.parameters(), **kwargs)
    losses = []
    for _ in range(8):
        opt.zero_grad()
        loss = mod.nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return {"losses": losses, "weight": model.weight.detach().tolist(), "repr": repr(opt)}
