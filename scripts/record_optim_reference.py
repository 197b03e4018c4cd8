"""Record torch's optimizer trajectories, reprs and error texts for tests/optim.

Run with a real torch (`/work/torchenv/bin/python scripts/record_optim_reference.py`); it
writes tests/reference/optim_trajectories.json, which the tests replay on ember without
torch. Parameters and the loss are deterministic, so no random stream is involved.
"""

from __future__ import annotations

import base64
import io
import json
import pathlib

import torch

OUT = pathlib.Path(__file__).resolve().parents[1] / "tests/reference/optim_trajectories.json"
STEPS = 6

# (optimizer name, keyword arguments, dtype name); tuples are stored as lists in JSON.
CONFIGS = [
    ("SGD", {"lr": 0.1}, "float32"),
    ("SGD", {"lr": 0.05, "momentum": 0.9}, "float32"),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.3, "weight_decay": 0.1}, "float32"),
    ("SGD", {"lr": 0.05, "momentum": 0.8, "nesterov": True, "maximize": True}, "float32"),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "weight_decay": 0.01}, "float64"),
    ("Adam", {"lr": 0.1}, "float32"),
    ("Adam", {"lr": 0.05, "betas": [0.8, 0.9], "weight_decay": 0.1, "amsgrad": True}, "float32"),
    ("Adam", {"lr": 0.05, "maximize": True, "eps": 1e-3}, "float32"),
    ("Adam", {"lr": 0.05, "amsgrad": True, "decoupled_weight_decay": True,
              "weight_decay": 0.2}, "float64"),
    ("AdamW", {"lr": 0.1}, "float32"),
    ("AdamW", {"lr": 0.05, "weight_decay": 0.3, "amsgrad": True}, "float64"),
    ("RMSprop", {"lr": 0.01}, "float32"),
    ("RMSprop", {"lr": 0.01, "momentum": 0.9, "centered": True, "weight_decay": 0.1},
     "float32"),
    ("RMSprop", {"lr": 0.01, "alpha": 0.9, "centered": True, "maximize": True}, "float64"),
    ("Adagrad", {"lr": 0.1}, "float32"),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.1, "weight_decay": 0.1,
                 "initial_accumulator_value": 0.5}, "float64"),
    ("Adadelta", {"lr": 1.0}, "float32"),
    ("Adadelta", {"lr": 0.5, "rho": 0.8, "weight_decay": 0.1, "maximize": True}, "float64"),
    ("Adamax", {"lr": 0.1}, "float32"),
    ("Adamax", {"lr": 0.05, "betas": [0.8, 0.9], "weight_decay": 0.1}, "float64"),
    ("NAdam", {"lr": 0.1}, "float32"),
    ("NAdam", {"lr": 0.05, "weight_decay": 0.1, "momentum_decay": 0.01}, "float64"),
    ("NAdam", {"lr": 0.05, "weight_decay": 0.1, "decoupled_weight_decay": True}, "float32"),
    ("RAdam", {"lr": 0.1}, "float32"),
    ("RAdam", {"lr": 0.05, "weight_decay": 0.1}, "float64"),
    ("RAdam", {"lr": 0.05, "weight_decay": 0.1, "decoupled_weight_decay": True}, "float32"),
    ("Rprop", {"lr": 0.05}, "float32"),
    ("Rprop", {"lr": 0.2, "etas": [0.3, 1.5], "step_sizes": [0.01, 0.3], "maximize": True},
     "float64"),
    ("ASGD", {"lr": 0.05}, "float32"),
    ("ASGD", {"lr": 0.05, "lambd": 0.1, "alpha": 0.5, "t0": 2, "weight_decay": 0.1},
     "float64"),
    ("ASGD", {"lr": 0.05, "lambd": 0.1, "t0": 3}, "float32"),
    ("SGD", {"lr": 0.1, "momentum": 0.9, "tensor_lr": True}, "float32"),
    ("Adam", {"lr": 0.1, "tensor_lr": True}, "float64"),
    ("ASGD", {"lr": 0.1, "tensor_lr": True}, "float32"),
    ("Adafactor", {"lr": 0.1}, "float32"),
    ("Adafactor", {"lr": 0.05, "beta2_decay": -0.5, "eps": [1e-20, 1e-3], "d": 1.5,
                   "weight_decay": 0.1}, "float64"),
    ("Adafactor", {"lr": 0.2, "maximize": True}, "float64"),
    ("LBFGS", {"lr": 1.0, "max_iter": 4}, "float64"),
    ("LBFGS", {"lr": 0.5, "max_iter": 3, "history_size": 2}, "float32"),
    ("LBFGS", {"lr": 1.0, "max_iter": 5, "line_search_fn": "strong_wolfe"}, "float64"),
    ("LBFGS", {"lr": 6.0, "max_iter": 3, "line_search_fn": "strong_wolfe"}, "float64"),
    ("LBFGS", {"lr": 0.8, "max_iter": 4, "history_size": 3, "line_search_fn": "strong_wolfe"},
     "float32"),
]

# Each case: the call as text (the test maps it to the same call on ember).
ERRORS = [
    "empty", "single_tensor", "non_leaf", "negative_lr", "negative_momentum",
    "nesterov_without_momentum", "negative_weight_decay", "bad_beta", "negative_eps",
    "duplicate_group", "not_a_tensor", "load_group_count", "load_group_size", "lbfgs_groups",
    "rmsprop_alpha", "adadelta_rho", "adagrad_lr_decay", "nadam_momentum_decay",
    "rprop_etas", "tensor_lr_size", "mixed_names", "some_names_missing", "group_not_dict",
    "set_of_params", "adafactor_lr", "adafactor_d", "sparse_adam_lr", "sparse_adam_dense_grad",
]


def initial_params(dtype):
    """Two deterministic parameter tensors (a vector and a matrix)."""
    p0 = torch.tensor([0.5, -1.0, 2.0], dtype=dtype)
    p1 = torch.tensor([[0.3, -0.7], [1.1, 0.2]], dtype=dtype)
    return [torch.nn.Parameter(p0), torch.nn.Parameter(p1)]


def loss_of(mod, params):
    """A small smooth non-quadratic loss coupling both tensors."""
    p0, p1 = params
    w = mod.tensor([1.0, 2.0, 3.0], dtype=p0.dtype)
    return (p0 * p0 * w).sum() + p1.sin().sum() + (p0.sum() * p1.sum()) * 0.1


def run(name, kwargs, dtype_name):
    """Record every step's parameters, the final state and the repr."""
    params = initial_params(getattr(torch, dtype_name))
    args = {k: tuple(v) if isinstance(v, list) else v for k, v in kwargs.items()}
    if args.pop("tensor_lr", False):  # lr given as a 0-dim tensor
        args["lr"] = torch.tensor(args["lr"])
    opt = getattr(torch.optim, name)(params, **args)

    def closure():
        opt.zero_grad()
        loss = loss_of(torch, params)
        loss.backward()
        return loss

    trajectory, losses = [], []
    for _ in range(STEPS):
        losses.append(float(opt.step(closure).detach()))
        trajectory.append([p.detach().tolist() for p in params])
    state = {
        str(i): {k: (v.tolist() if isinstance(v, torch.Tensor) else v) for k, v in s.items()
                 if not isinstance(v, list)}
        for i, s in opt.state_dict()["state"].items()
    }
    return {"name": name, "kwargs": kwargs, "dtype": dtype_name, "losses": losses,
            "trajectory": trajectory, "state": state, "repr": repr(opt)}


def _dense_step(opt):
    """Give every parameter a dense gradient and step."""
    for group in opt.param_groups:
        for p in group["params"]:
            p.grad = torch.ones_like(p)
    return opt.step()


def error_of(case):
    """Run one bad call on torch and return (exception type, message)."""
    a = torch.ones(2, requires_grad=True)
    b = torch.ones(2, requires_grad=True)
    calls = {
        "empty": lambda: torch.optim.SGD([], lr=0.1),
        "single_tensor": lambda: torch.optim.SGD(a, lr=0.1),
        "non_leaf": lambda: torch.optim.SGD([a * 2], lr=0.1),
        "negative_lr": lambda: torch.optim.SGD([a], lr=-0.1),
        "negative_momentum": lambda: torch.optim.SGD([a], lr=0.1, momentum=-1),
        "nesterov_without_momentum": lambda: torch.optim.SGD([a], lr=0.1, nesterov=True),
        "negative_weight_decay": lambda: torch.optim.Adam([a], weight_decay=-0.5),
        "bad_beta": lambda: torch.optim.Adam([a], betas=(0.9, 1.0)),
        "negative_eps": lambda: torch.optim.Adam([a], eps=-1e-3),
        "duplicate_group": lambda: torch.optim.SGD([{"params": [a]}, {"params": [a]}], lr=1),
        "not_a_tensor": lambda: torch.optim.SGD([1.0], lr=0.1),
        "load_group_count": lambda: torch.optim.SGD([a], lr=1).load_state_dict(
            torch.optim.SGD([{"params": [a]}, {"params": [b]}], lr=1).state_dict()),
        "load_group_size": lambda: torch.optim.SGD([a], lr=1).load_state_dict(
            torch.optim.SGD([a, b], lr=1).state_dict()),
        "lbfgs_groups": lambda: torch.optim.LBFGS([{"params": [a]}, {"params": [b]}]),
        "rmsprop_alpha": lambda: torch.optim.RMSprop([a], alpha=-0.5),
        "adadelta_rho": lambda: torch.optim.Adadelta([a], rho=1.5),
        "adagrad_lr_decay": lambda: torch.optim.Adagrad([a], lr_decay=-1),
        "nadam_momentum_decay": lambda: torch.optim.NAdam([a], momentum_decay=-0.1),
        "rprop_etas": lambda: torch.optim.Rprop([a], etas=(1.2, 0.5)),
        "adafactor_lr": lambda: torch.optim.Adafactor([a], lr=-1.0),
        "adafactor_d": lambda: torch.optim.Adafactor([a], d=0.5),
        "sparse_adam_lr": lambda: torch.optim.SparseAdam([a], lr=0.0),
        "sparse_adam_dense_grad": lambda: _dense_step(torch.optim.SparseAdam([b])),
        "tensor_lr_size": lambda: torch.optim.SGD([a], lr=torch.tensor([0.1, 0.2])),
        "mixed_names": lambda: torch.optim.SGD(
            [{"params": [("a", a)]}, {"params": [b]}], lr=1),
        "some_names_missing": lambda: torch.optim.SGD([("a", a), b], lr=1),
        "group_not_dict": lambda: torch.optim.SGD([a], lr=1).add_param_group([b]),
        "set_of_params": lambda: torch.optim.SGD([{"params": {a}}], lr=1),
    }
    try:
        calls[case]()
    except Exception as exc:  # noqa: BLE001 - we record whatever torch raises
        return [type(exc).__name__, str(exc)]
    raise AssertionError(f"torch accepted {case}")


def group_layouts():
    """Reprs and state_dict groups for named parameters and per-group options."""
    a, b = initial_params(torch.float32)
    layouts = {
        "named": torch.optim.SGD([("weight", a), ("bias", b)], lr=0.1),
        "two_groups": torch.optim.SGD(
            [{"params": [a], "lr": 0.5, "foo": 1}, {"params": [b]}], lr=0.1, momentum=0.9),
        "adam_groups": torch.optim.Adam(
            [{"params": [b], "betas": (0.5, 0.6)}, {"params": [a], "amsgrad": True}]),
    }
    return {
        key: {"repr": repr(opt), "param_groups": opt.state_dict()["param_groups"],
              "keys": [list(g) for g in opt.param_groups]}
        for key, opt in layouts.items()
    }


def training_loop(mod, name, kwargs):
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


LOOPS = {
    "sgd_momentum": ("SGD", {"lr": 0.05, "momentum": 0.9}),
    "adamw": ("AdamW", {"lr": 0.05}),
    "rmsprop": ("RMSprop", {"lr": 0.01, "centered": True}),
}


def torch_checkpoint():
    """An AMSGrad Adam state_dict after 3 steps, as torch.save writes it (base64)."""
    params = initial_params(torch.float32)
    opt = torch.optim.Adam(params, lr=0.05, amsgrad=True)
    for _ in range(3):
        opt.zero_grad()
        loss_of(torch, params).backward()
        opt.step()
    buffer = io.BytesIO()
    torch.save(opt.state_dict(), buffer)
    after = [p.detach().tolist() for p in params]
    for _ in range(3):
        opt.zero_grad()
        loss_of(torch, params).backward()
        opt.step()
    return {"file": base64.b64encode(buffer.getvalue()).decode(), "params": after,
            "continued": [p.detach().tolist() for p in params]}


def main():
    data = {
        "torch_version": torch.__version__,
        "steps": STEPS,
        "runs": [run(*config) for config in CONFIGS],
        "layouts": group_layouts(),
        "modules": {name: getattr(torch.optim, name).__module__.replace("torch", "ember", 1)
                    for name in sorted({c[0] for c in CONFIGS} | {"Optimizer", "SparseAdam"})},
        "sparse_adam_repr": repr(torch.optim.SparseAdam(initial_params(torch.float32), lr=0.1)),
        "checkpoint": torch_checkpoint(),
        "loops": {key: training_loop(torch, *spec) for key, spec in LOOPS.items()},
        "errors": {case: error_of(case) for case in ERRORS},
    }
    OUT.write_text(json.dumps(data, indent=1) + "\n")
    print(f"wrote {OUT} ({len(data['runs'])} runs)")


if __name__ == "__main__":
    main()
