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
import sys

import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from tests.optim import scenarios  # noqa: E402 - the scenarios the tests replay

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


def run(name, kwargs, dtype_name):
    """Record every step's parameters, the final state and the repr."""
    params = scenarios.initial_params(torch, getattr(torch, dtype_name))
    opt = scenarios.make_optimizer(torch, name, kwargs, params)
    closure = scenarios.closure_for(torch, opt, params)

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


def error_of(case):
    """Run one bad call on torch and return (exception type, message)."""
    try:
        scenarios.error_calls(torch)[case]()
    except Exception as exc:  # noqa: BLE001 - we record whatever torch raises
        return [type(exc).__name__, str(exc)]
    raise AssertionError(f"torch accepted {case}")


def group_layouts():
    """Reprs and state_dict groups for named parameters and per-group options."""
    return {
        key: {"repr": repr(opt), "param_groups": opt.state_dict()["param_groups"],
              "keys": [list(g) for g in opt.param_groups]}
        for key, opt in scenarios.group_layouts(torch).items()
    }


def torch_checkpoint():
    """An AMSGrad Adam state_dict after 3 steps, as torch.save writes it (base64)."""
    params = scenarios.initial_params(torch, torch.float32)
    opt = torch.optim.Adam(params, lr=0.05, amsgrad=True)
    for _ in range(3):
        opt.zero_grad()
        scenarios.loss_of(torch, params).backward()
        opt.step()
    buffer = io.BytesIO()
    torch.save(opt.state_dict(), buffer)
    after = [p.detach().tolist() for p in params]
    for _ in range(3):
        opt.zero_grad()
        scenarios.loss_of(torch, params).backward()
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
        "sparse_adam_repr": repr(torch.optim.SparseAdam(
            scenarios.initial_params(torch, torch.float32), lr=0.1)),
        "checkpoint": torch_checkpoint(),
        "loops": {key: scenarios.training_loop(torch, *spec)
                  for key, spec in scenarios.LOOPS.items()},
        "errors": {case: error_of(case) for case in ERRORS},
    }
    OUT.write_text(json.dumps(data, indent=1) + "\n")
    print(f"wrote {OUT} ({len(data['runs'])} runs)")


if __name__ == "__main__":
    main()
