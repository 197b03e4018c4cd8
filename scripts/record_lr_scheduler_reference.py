"""Record torch's learning-rate schedules into tests/reference/lr_scheduler_reference.json.

Run with a torch install (`/work/torchenv/bin/python scripts/record_lr_scheduler_reference.py`).
Each case builds SGD over dummy parameters, steps optimizer then scheduler for some epochs
and records every group's lr (and momentum, which OneCycleLR/CyclicLR cycle) after each
step; tests/optim/test_lr_scheduler.py replays the same cases on ember. Error cases record
torch's exception type and message; warning cases the messages torch emits.
"""

from __future__ import annotations

import base64
import copy
import functools
import io
import json
import math
import sys
import warnings
from pathlib import Path
from typing import Any

import torch
from torch.optim import lr_scheduler as sched

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.optim import scheduler_scenarios as scenarios  # noqa: E402 - shared with the test

OUT = Path(__file__).resolve().parent.parent / "tests" / "reference" / "lr_scheduler_reference.json"

# How a case is built: shared with the test (tests/optim/scheduler_scenarios.py).
optimizer_for = functools.partial(scenarios.optimizer_for, torch)
build = functools.partial(scenarios.build, torch)


def plain(values: list[Any]) -> list[float]:
    """Tensor lrs (float32 0-d) are stored as the float they hold; the test checks types."""
    return [v.item() if isinstance(v, torch.Tensor) else v for v in values]


def snapshot(opt: torch.optim.Optimizer, scheduler: Any) -> dict[str, Any]:
    return {
        "lr": plain([g["lr"] for g in opt.param_groups]),
        "momentum": [g["betas"][0] if "betas" in g else g["momentum"] for g in opt.param_groups],
        "last_lr": plain(list(scheduler.get_last_lr())),
    }


def run_case(case: dict[str, Any]) -> dict[str, Any]:
    """The trace of snapshots (initial, then after each epoch), the state_dict keys, and
    the whole state_dict after construction and at the end (scenarios.encode_state)."""
    opt = optimizer_for(case["opt"])
    scheduler = build(opt, case)
    keys = sorted(scheduler.state_dict())
    initial_state = scenarios.encode_state(torch, scheduler.state_dict())
    trace = [snapshot(opt, scheduler)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for epoch in range(case["epochs"]):
            opt.step()
            if "metrics" in case:
                scheduler.step(case["metrics"][epoch])
            elif "step_epochs" in case:
                scheduler.step(case["step_epochs"][epoch])
            else:
                scheduler.step()
            trace.append(snapshot(opt, scheduler))
    return {"trace": trace, "state_keys": keys, "initial_state": initial_state,
            "final_state": scenarios.encode_state(torch, scheduler.state_dict())}


def c(cls: str, n: int = 25, lrs: tuple[float, ...] = (0.1,), **kwargs: Any) -> dict:
    """A case: scheduler class, its kwargs, the SGD groups' lrs, n epochs to run."""
    return {"cls": cls, "kwargs": kwargs, "opt": {"lrs": list(lrs)}, "epochs": n}


def with_momentum(case: dict[str, Any], momentum: float = 0.9) -> dict[str, Any]:
    case["opt"]["momentum"] = momentum
    return case


def cases() -> dict[str, dict[str, Any]]:
    plateau_metrics = [
        1.0,
        0.9,
        0.9,
        0.95,
        0.91,
        0.92,
        0.93,
        0.5,
        0.5,
        0.6,
        0.7,
        0.8,
        0.49,
        0.4999,
        0.49,
        0.3,
        0.31,
        0.32,
        0.33,
        0.34,
        0.35,
        0.36,
        0.37,
        0.38,
    ]
    rising = [0.1, 0.2, 0.2, 0.2, 0.25, 0.25, 0.25, 0.25, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3]
    out: dict[str, dict[str, Any]] = {
        "step": c("StepLR", step_size=3),
        "step_gamma_groups": c("StepLR", lrs=(0.1, 0.03), step_size=4, gamma=0.5),
        "multistep": c("MultiStepLR", milestones=[2, 5, 5, 11], gamma=0.3),
        "exponential": c("ExponentialLR", gamma=0.87),
        "lambda": c("LambdaLR", lrs=(0.1, 0.2), lr_lambda="pow95"),
        "lambda_list": c("LambdaLR", lrs=(0.1, 0.2), lr_lambda=["pow95", "halve_every3"]),
        "multiplicative": c("MultiplicativeLR", lr_lambda="mul09"),
        "multiplicative_grow": c("MultiplicativeLR", lr_lambda="mul_grow"),
        "linear": c("LinearLR"),
        "linear_custom": c("LinearLR", start_factor=0.25, end_factor=0.8, total_iters=7),
        "linear_down": c("LinearLR", start_factor=1.0, end_factor=0.1, total_iters=10),
        "constant": c("ConstantLR"),
        "constant_custom": c("ConstantLR", factor=0.7, total_iters=9),
        "cosine": c("CosineAnnealingLR", n=30, T_max=10),
        "cosine_eta_min": c("CosineAnnealingLR", n=30, T_max=7, eta_min=0.01),
        "polynomial": c("PolynomialLR", total_iters=12, power=2.0),
        "polynomial_default": c("PolynomialLR"),
        "warm_restarts": c("CosineAnnealingWarmRestarts", n=30, T_0=5),
        "warm_restarts_mult": c(
            "CosineAnnealingWarmRestarts", n=30, T_0=3, T_mult=2, eta_min=0.001
        ),
        "onecycle": with_momentum(c("OneCycleLR", n=25, max_lr=1.0, total_steps=25)),
        "onecycle_linear_3phase": with_momentum(
            c(
                "OneCycleLR",
                n=30,
                lrs=(0.1, 0.1),
                max_lr=[0.5, 2.0],
                total_steps=30,
                anneal_strategy="linear",
                three_phase=True,
                pct_start=0.25,
            )
        ),
        "onecycle_no_momentum": c(
            "OneCycleLR", n=20, max_lr=0.3, total_steps=20, cycle_momentum=False
        ),
        "onecycle_epochs": with_momentum(
            c(
                "OneCycleLR",
                n=24,
                max_lr=0.8,
                epochs=4,
                steps_per_epoch=6,
                div_factor=10.0,
                final_div_factor=100.0,
                base_momentum=0.8,
                max_momentum=0.99,
            )
        ),
        "cyclic": with_momentum(c("CyclicLR", n=30, base_lr=0.01, max_lr=0.1, step_size_up=4)),
        "cyclic_triangular2": with_momentum(
            c(
                "CyclicLR",
                n=30,
                base_lr=0.01,
                max_lr=0.1,
                step_size_up=3,
                step_size_down=5,
                mode="triangular2",
            )
        ),
        "cyclic_exp_range": with_momentum(
            c(
                "CyclicLR",
                n=30,
                base_lr=[0.01, 0.02],
                lrs=(0.1, 0.1),
                max_lr=0.1,
                step_size_up=4,
                mode="exp_range",
                gamma=0.9,
            )
        ),
        "cyclic_no_momentum": c(
            "CyclicLR", n=20, base_lr=0.001, max_lr=0.01, step_size_up=5, cycle_momentum=False
        ),
        "plateau": {
            **c("ReduceLROnPlateau", n=len(plateau_metrics), patience=2, factor=0.5),
            "metrics": plateau_metrics,
        },
        "plateau_max_abs_cooldown": {
            **c(
                "ReduceLROnPlateau",
                n=len(rising),
                mode="max",
                patience=1,
                threshold=0.01,
                threshold_mode="abs",
                cooldown=2,
                min_lr=0.02,
                factor=0.3,
            ),
            "metrics": rising,
        },
        "plateau_eps": {
            **c("ReduceLROnPlateau", n=12, lrs=(1e-7,), patience=0, eps=1e-7),
            "metrics": [1.0] * 12,
        },
        "step_closed_form": {**c("StepLR", n=6, step_size=3), "step_epochs": [4, 7, 2, 9, 0, 12]},
        "exponential_closed_form": {
            **c("ExponentialLR", n=4, gamma=0.5),
            "step_epochs": [3, 1, 5, 2],
        },
        "cosine_closed_form": {
            **c("CosineAnnealingLR", n=5, T_max=10),
            "step_epochs": [3, 7, 12, 1, 10],
        },
        "warm_restarts_epochs": {
            **c("CosineAnnealingWarmRestarts", n=8, T_0=3, T_mult=2),
            "step_epochs": [0.5, 1.5, 3.0, 4.25, 9.0, 10.5, 22.0, 2.0],
        },
    }
    out["onecycle_adam"] = c("OneCycleLR", n=20, max_lr=0.01, total_steps=20)
    out["onecycle_adam"]["opt"]["kind"] = "adam"
    out["cyclic_adam"] = c("CyclicLR", n=20, base_lr=0.001, max_lr=0.004, step_size_up=3)
    out["cyclic_adam"]["opt"]["kind"] = "adam"
    # swa_utils.SWALR is an LRScheduler too: alone, per group, resumed, and after (or
    # beside) another schedule, as the SWA recipes use it.
    out["swalr"] = c("SWALR", n=15, swa_lr=0.05)
    out["swalr_linear_groups"] = c(
        "SWALR", n=12, lrs=(0.1, 0.4), swa_lr=[0.01, 0.2], anneal_epochs=5,
        anneal_strategy="linear",
    )
    out["swalr_no_anneal"] = c("SWALR", n=5, swa_lr=0.03, anneal_epochs=0)
    out["sequential_swalr"] = {
        **c("SequentialLR", n=14, milestones=[5]),
        "children": [c("CosineAnnealingLR", T_max=5), c("SWALR", swa_lr=0.02, anneal_epochs=3)],
    }
    out["chained_swalr"] = {
        **c("ChainedScheduler", n=12),
        "children": [c("ExponentialLR", gamma=0.9), c("SWALR", swa_lr=0.02, anneal_epochs=4)],
    }
    for name in ["step", "exponential", "cosine", "linear", "onecycle", "plateau", "lambda",
                 "swalr"]:
        tensor_case = copy.deepcopy(out[name])
        tensor_case["opt"]["tensor_lr"] = True
        out[f"{name}_tensor_lr"] = tensor_case
    resumed = {
        "step_resume": c("StepLR", lrs=(0.05,), step_size=3, last_epoch=4),
        "multistep_resume": c("MultiStepLR", lrs=(0.05,), milestones=[6, 9], last_epoch=4),
        "cosine_resume": c("CosineAnnealingLR", lrs=(0.05,), T_max=10, last_epoch=4),
        "linear_resume": c("LinearLR", lrs=(0.05,), last_epoch=2),
        "exponential_resume": c("ExponentialLR", lrs=(0.05,), gamma=0.9, last_epoch=4),
        "warm_restarts_resume": c("CosineAnnealingWarmRestarts", lrs=(0.05,), T_0=4, last_epoch=5),
        "swalr_resume": c("SWALR", lrs=(0.05,), swa_lr=0.01, anneal_epochs=6, last_epoch=3),
    }
    for name, case in resumed.items():
        case["opt"]["initial_lrs"] = [0.1]
        out[name] = case
    out["sequential"] = {
        **c("SequentialLR", milestones=[5]),
        "children": [c("ConstantLR", factor=0.1, total_iters=2), c("ExponentialLR", gamma=0.9)],
    }
    out["sequential_three"] = {
        **c("SequentialLR", n=30, milestones=[4, 12]),
        "children": [
            c("LinearLR", start_factor=0.1, total_iters=4),
            c("CosineAnnealingLR", T_max=8),
            c("StepLR", step_size=3, gamma=0.5),
        ],
    }
    out["chained"] = {
        **c("ChainedScheduler"),
        "children": [c("ConstantLR", factor=0.1, total_iters=2), c("ExponentialLR", gamma=0.9)],
    }
    out["chained_three"] = {
        **c("ChainedScheduler"),
        "children": [
            c("LinearLR", start_factor=0.5, total_iters=4),
            c("MultiStepLR", milestones=[6, 9]),
            c("ExponentialLR", gamma=0.95),
        ],
    }
    return out


def error_cases() -> dict[str, dict[str, Any]]:
    """Bad arguments: constructor kwargs on an SGD over one parameter with lr 0.1."""
    return {
        "constant_factor": c("ConstantLR", factor=1.5),
        "linear_start": c("LinearLR", start_factor=0.0),
        "linear_end": c("LinearLR", end_factor=1.5),
        "warm_t0": c("CosineAnnealingWarmRestarts", T_0=0),
        "warm_tmult": c("CosineAnnealingWarmRestarts", T_0=2, T_mult=0),
        "warm_eta": c("CosineAnnealingWarmRestarts", T_0=2, eta_min="x"),
        "onecycle_nothing": c("OneCycleLR", max_lr=1.0),
        "onecycle_total": c("OneCycleLR", max_lr=1.0, total_steps=0),
        "onecycle_epochs": c("OneCycleLR", max_lr=1.0, epochs=0, steps_per_epoch=3),
        "onecycle_spe": c("OneCycleLR", max_lr=1.0, epochs=3, steps_per_epoch=-1),
        "onecycle_pct": c("OneCycleLR", max_lr=1.0, total_steps=10, pct_start=1.5),
        "onecycle_anneal": c("OneCycleLR", max_lr=1.0, total_steps=10, anneal_strategy="x"),
        "onecycle_maxlr_len": c("OneCycleLR", max_lr=[1.0, 2.0], total_steps=10),
        "cyclic_mode": c("CyclicLR", base_lr=0.1, max_lr=1.0, mode="x", cycle_momentum=False),
        "plateau_factor": c("ReduceLROnPlateau", factor=1.0),
        "plateau_mode": c("ReduceLROnPlateau", mode="x"),
        "plateau_threshold_mode": c("ReduceLROnPlateau", threshold_mode="x"),
        "plateau_min_lrs": c("ReduceLROnPlateau", min_lr=[0.1, 0.2]),
        "lambda_count": c("LambdaLR", lr_lambda=["pow95", "pow95"]),
        "multiplicative_count": c("MultiplicativeLR", lr_lambda=["pow95", "pow95"]),
        "resume_without_initial_lr": c("StepLR", step_size=2, last_epoch=3),
        "sequential_empty": {**c("SequentialLR", milestones=[]), "children": []},
        "sequential_milestones": {
            **c("SequentialLR", milestones=[2, 3]),
            "children": [c("StepLR", step_size=2)],
        },
        "chained_empty": {**c("ChainedScheduler"), "children": []},
        "swalr_anneal_strategy": c("SWALR", swa_lr=0.05, anneal_strategy="exp"),
        "swalr_anneal_epochs": c("SWALR", swa_lr=0.05, anneal_epochs=-1),
        "swalr_lr_count": c("SWALR", swa_lr=[0.05, 0.01]),
        "sequential_plateau": {
            **c("SequentialLR", milestones=[2]),
            "children": [c("StepLR", step_size=2), c("ReduceLROnPlateau")],
        },
    }


def record_error(case: dict[str, Any]) -> dict[str, str]:
    opt = optimizer_for(case["opt"])
    try:
        build(opt, case)
    except Exception as exc:  # noqa: BLE001 - recording whatever torch raises
        return {"type": type(exc).__name__, "message": str(exc)}
    raise AssertionError(f"torch accepted {case}")


def record_step_errors() -> dict[str, dict[str, str]]:
    """Errors raised while stepping rather than while constructing."""

    def raised(fn: Any) -> dict[str, str]:
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - recording whatever torch raises
            return {"type": type(exc).__name__, "message": str(exc)}
        raise AssertionError("torch raised nothing")

    return {name: raised(fn) for name, fn in scenarios.step_error_calls(torch).items()}


def record_checkpoints() -> dict[str, dict[str, Any]]:
    """torch.save'd scheduler and optimizer state half-way through a case (base64), for
    ember to load and finish the schedule from."""
    out = {}
    for name in ["multistep", "cosine", "onecycle", "plateau", "sequential_three",
                 "swalr_linear_groups"]:
        case = cases()[name]
        opt = optimizer_for(case["opt"])
        scheduler = build(opt, case)
        half = case["epochs"] // 2
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for epoch in range(half):
                opt.step()
                if "metrics" in case:
                    scheduler.step(case["metrics"][epoch])
                else:
                    scheduler.step()
        buffer = io.BytesIO()
        torch.save({"scheduler": scheduler.state_dict(), "optimizer": opt.state_dict()}, buffer)
        out[name] = {"after_epochs": half, "file": base64.b64encode(buffer.getvalue()).decode()}
    return out


def record_warnings() -> dict[str, list[str]]:
    """Messages torch warns with, in order, for a few call patterns."""

    def caught(fn: Any) -> list[str]:
        with warnings.catch_warnings(record=True) as got:
            warnings.simplefilter("always")
            fn()
        return [str(w.message) for w in got]

    def scheduler_first() -> None:
        opt = optimizer_for({"lrs": [0.1]})
        s = sched.StepLR(opt, 2)
        s.step()
        opt.step()
        s.step()

    def optimizer_first() -> None:
        opt = optimizer_for({"lrs": [0.1]})
        s = sched.StepLR(opt, 2)
        for _ in range(3):
            opt.step()
            s.step()

    def two_schedulers() -> None:
        opt = optimizer_for({"lrs": [0.1]})
        a = sched.StepLR(opt, 2)
        b = sched.ExponentialLR(opt, 0.9)
        opt.step()
        a.step()
        b.step()

    def get_lr_outside() -> None:
        opt = optimizer_for({"lrs": [0.1]})
        sched.StepLR(opt, 2).get_lr()

    def epoch_argument() -> None:
        opt = optimizer_for({"lrs": [0.1]})
        s = sched.StepLR(opt, 2)
        opt.step()
        s.step(3)

    def step_replaced() -> None:
        opt = optimizer_for({"lrs": [0.1]})
        s = sched.StepLR(opt, 2)
        opt.step = lambda: None  # replaced after the scheduler wrapped it
        s.step()

    return {
        "step_replaced": caught(step_replaced),
        "scheduler_first": caught(scheduler_first),
        "optimizer_first": caught(optimizer_first),
        "two_schedulers": caught(two_schedulers),
        "get_lr_outside": caught(get_lr_outside),
        "epoch_argument": caught(epoch_argument),
    }


def main() -> None:
    all_cases = cases()
    errors = error_cases()
    data = {
        "torch_version": torch.__version__,
        "cases": {name: {**case, **run_case(case)} for name, case in all_cases.items()},
        "errors": {name: {**case, "error": record_error(case)} for name, case in errors.items()},
        "warnings": record_warnings(),
        "step_errors": record_step_errors(),
        "checkpoints": record_checkpoints(),
    }
    assert all(
        math.isfinite(x)
        for case in data["cases"].values()
        for snap in case["trace"]
        for x in snap["lr"]
    )
    OUT.write_text(json.dumps(data, indent=1) + "\n")
    print(f"wrote {OUT} ({len(all_cases)} cases, {len(errors)} error cases)")


if __name__ == "__main__":
    main()
