"""ember.optim.lr_scheduler against torch 2.13's schedules.

tests/reference/lr_scheduler_reference.json (scripts/record_lr_scheduler_reference.py) holds,
per case, the lr (and momentum) of every param group after construction and after each
epoch of torch's SGD + scheduler; here the same case is replayed on ember. Schedulers only
drive ember's SGD/Adam the way the recorder drives torch's.
"""

from __future__ import annotations

import base64
import copy
import functools
import io
import json
import warnings
from pathlib import Path
from typing import Any

import pytest

import ember
from ember import Tensor
from ember.optim import SGD
from ember.optim import lr_scheduler as sched
from tests.optim import scheduler_scenarios as scenarios

REFERENCE_FILE = (
    Path(__file__).resolve().parent.parent / "reference" / "lr_scheduler_reference.json"
)
REFERENCE = json.loads(REFERENCE_FILE.read_text())
CASES = REFERENCE["cases"]

# How a case is built: shared with the recorder (tests/optim/scheduler_scenarios.py).
optimizer_for = functools.partial(scenarios.optimizer_for, ember)
build = functools.partial(scenarios.build, ember)


def sgd(lr: float = 0.1) -> SGD:
    return optimizer_for({"lrs": [lr]})


def advance(opt: Any, scheduler: Any, case: dict[str, Any], epoch: int) -> None:
    opt.step()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if "metrics" in case:
            scheduler.step(case["metrics"][epoch])
        elif "step_epochs" in case:
            scheduler.step(case["step_epochs"][epoch])
        else:
            scheduler.step()


def plain(values: list[Any], tensors: bool) -> list[float]:
    """A tensor lr stays a tensor (in the groups and in get_last_lr) and holds torch's value."""
    assert all(isinstance(v, Tensor) == tensors for v in values), values
    return [v.item() if tensors else v for v in values]


def assert_snapshot(opt: Any, scheduler: Any, expected: dict[str, Any], where: str) -> None:
    tensors = isinstance(opt.param_groups[0]["lr"], Tensor)
    got = {
        "lr": plain([g["lr"] for g in opt.param_groups], tensors),
        "momentum": [g["betas"][0] if "betas" in g else g["momentum"] for g in opt.param_groups],
        "last_lr": plain(list(scheduler.get_last_lr()), tensors),
    }
    for key, want in expected.items():
        # Exact: torch's chained forms differ from the closed forms by a few ulps only, so
        # any tolerance would let the wrong formula pass; both sides are Python float maths.
        assert got[key] == want, (where, key, got[key], want)


@pytest.mark.parametrize("name", sorted(CASES))
def test_schedule_matches_torch(name: str) -> None:
    case = CASES[name]
    opt = optimizer_for(case["opt"])
    scheduler = build(opt, case)
    assert sorted(scheduler.state_dict()) == case["state_keys"]
    assert_snapshot(opt, scheduler, case["trace"][0], f"{name} initial")
    for epoch in range(case["epochs"]):
        advance(opt, scheduler, case, epoch)
        assert_snapshot(opt, scheduler, case["trace"][epoch + 1], f"{name} epoch {epoch}")


@pytest.mark.parametrize("name", sorted(CASES))
def test_state_dict_is_torchs(name: str) -> None:
    """The whole state_dict, after construction and at the end of the schedule: the same
    keys in the same order, with torch's values and types (Counter, tuples, tensors)."""
    case = CASES[name]
    opt = optimizer_for(case["opt"])
    scheduler = build(opt, case)
    assert scenarios.encode_state(ember, scheduler.state_dict()) == case["initial_state"]
    for epoch in range(case["epochs"]):
        advance(opt, scheduler, case, epoch)
    assert scenarios.encode_state(ember, scheduler.state_dict()) == case["final_state"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_state_dict_round_trip_resumes_the_schedule(name: str) -> None:
    """Half-way, save scheduler (and the optimizer's groups), restore both into fresh
    objects, and the rest of the schedule still matches torch's."""
    case = CASES[name]
    opt = optimizer_for(case["opt"])
    scheduler = build(opt, case)
    half = case["epochs"] // 2
    for epoch in range(half):
        advance(opt, scheduler, case, epoch)
    state = copy.deepcopy(scheduler.state_dict())
    assert "optimizer" not in state
    opt_state = copy.deepcopy(opt.state_dict())

    fresh_opt = optimizer_for(case["opt"])
    fresh = build(fresh_opt, case)
    fresh.load_state_dict(state)
    fresh_opt.load_state_dict(opt_state)
    assert fresh.get_last_lr() == scheduler.get_last_lr()
    for epoch in range(half, case["epochs"]):
        advance(fresh_opt, fresh, case, epoch)
        assert_snapshot(fresh_opt, fresh, case["trace"][epoch + 1], f"{name} resumed {epoch}")


@pytest.mark.parametrize("name", sorted(REFERENCE["errors"]))
def test_bad_arguments_raise_torchs_error(name: str) -> None:
    case = REFERENCE["errors"][name]
    expected = case["error"]
    with pytest.raises(Exception) as info:
        build(optimizer_for(case["opt"]), case)
    assert type(info.value).__name__ == expected["type"]
    assert str(info.value) == expected["message"]


def caught(fn: Any) -> list[str]:
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        fn()
    return [str(w.message) for w in got]


def test_scheduler_step_before_optimizer_step_warns_once() -> None:
    def pattern() -> None:
        opt = sgd()
        s = sched.StepLR(opt, 2)
        s.step()
        opt.step()
        s.step()

    assert caught(pattern) == REFERENCE["warnings"]["scheduler_first"]


def test_optimizer_step_first_does_not_warn() -> None:
    def pattern() -> None:
        opt = sgd()
        s = sched.StepLR(opt, 2)
        param = opt.param_groups[0]["params"][0]
        param.grad = ember.ones(1)
        for _ in range(3):
            opt.step()
            s.step()
        # The wrapped step still runs SGD's own, with the scheduled lrs 0.1, 0.1, 0.01.
        assert param.item() == pytest.approx(-0.21, abs=1e-6)

    assert caught(pattern) == REFERENCE["warnings"]["optimizer_first"] == []


def test_two_schedulers_share_one_wrapped_step() -> None:
    def pattern() -> None:
        opt = sgd()
        a = sched.StepLR(opt, 2)
        b = sched.ExponentialLR(opt, 0.9)
        opt.step()
        a.step()
        b.step()
        assert opt.step.__wrapped__ is SGD.step  # wrapped once, not once per scheduler

    assert caught(pattern) == REFERENCE["warnings"]["two_schedulers"]


def test_replaced_optimizer_step_warns() -> None:
    def pattern() -> None:
        opt = sgd()
        s = sched.StepLR(opt, 2)
        opt.step = lambda: None  # replaced after the scheduler wrapped it
        s.step()

    assert caught(pattern) == REFERENCE["warnings"]["step_replaced"]
    assert len(REFERENCE["warnings"]["step_replaced"]) == 1


def test_get_lr_outside_step_warns() -> None:
    def pattern() -> None:
        sched.StepLR(sgd(), 2).get_lr()

    assert caught(pattern) == REFERENCE["warnings"]["get_lr_outside"]


def test_epoch_argument_is_deprecated() -> None:
    def pattern() -> None:
        opt = sgd()
        s = sched.StepLR(opt, 2)
        opt.step()
        s.step(3)

    assert caught(pattern) == REFERENCE["warnings"]["epoch_argument"]


def test_initial_lr_and_base_lrs() -> None:
    opt = optimizer_for({"lrs": [0.1, 0.02]})
    s = sched.ExponentialLR(opt, 0.5)
    assert [g["initial_lr"] for g in opt.param_groups] == [0.1, 0.02]
    assert s.base_lrs == [0.1, 0.02]
    assert s.last_epoch == 0


def test_tensor_lr_is_updated_in_place_and_never_aliased() -> None:
    opt = optimizer_for({"lrs": [0.1], "tensor_lr": True})
    lr = opt.param_groups[0]["lr"]
    s = sched.StepLR(opt, 1, gamma=0.5)
    opt.step()
    s.step()
    assert opt.param_groups[0]["lr"] is lr  # the optimizer's tensor, filled in place
    assert lr.item() == ember.tensor(0.05).item()
    s.get_last_lr()[0].fill_(7.0)
    s.base_lrs[0].fill_(7.0)
    assert lr.item() == ember.tensor(0.05).item()
    assert opt.param_groups[0]["initial_lr"].item() == pytest.approx(0.1)


def test_errors_while_stepping_match_torch() -> None:
    expected = REFERENCE["step_errors"]
    for name, fn in scenarios.step_error_calls(ember).items():
        with pytest.raises(Exception) as info:
            fn()
        assert type(info.value).__name__ == expected[name]["type"], name
        assert str(info.value) == expected[name]["message"], name


class HalvingPower:
    """A callable object: its __dict__ is what torch saves in place of the function."""

    def __init__(self, factor: float = 0.5) -> None:
        self.factor = factor

    def __call__(self, epoch: int) -> float:
        return self.factor**epoch


def test_callable_objects_save_their_attributes() -> None:
    s = sched.LambdaLR(sgd(), HalvingPower())
    state = s.state_dict()
    assert state["lr_lambdas"] == [{"factor": 0.5}]
    fn = HalvingPower()
    restored = sched.LambdaLR(sgd(), fn)
    restored.load_state_dict({**state, "lr_lambdas": [{"factor": 0.25}]})
    assert fn.factor == 0.25 and restored.lr_lambdas[0] is fn
    assert sched.LambdaLR(sgd(), lambda e: 1.0).state_dict()["lr_lambdas"] == [None]
    cyclic = sched.CyclicLR(sgd(), 0.01, 0.1, scale_fn=HalvingPower())
    assert cyclic.state_dict()["_scale_fn_custom"] == {"factor": 0.5}


def test_plateau_accepts_a_tensor_metric() -> None:
    s = sched.ReduceLROnPlateau(sgd())
    s.step(ember.tensor(1.0))
    assert s.best == 1.0 and type(s.best) is float


def test_public_names_are_torchs() -> None:
    assert sched.__all__ == [
        "LambdaLR", "MultiplicativeLR", "StepLR", "MultiStepLR", "ConstantLR", "LinearLR",
        "ExponentialLR", "SequentialLR", "CosineAnnealingLR", "ChainedScheduler",
        "ReduceLROnPlateau", "CyclicLR", "CosineAnnealingWarmRestarts", "OneCycleLR",
        "PolynomialLR", "LRScheduler",
    ]  # fmt: skip


@pytest.mark.parametrize("name", sorted(REFERENCE["checkpoints"]))
def test_resumes_from_a_torch_checkpoint(name: str) -> None:
    """A scheduler and optimizer saved half-way by torch.save load into ember's (through
    ember.load's weights-only unpickler) and finish the schedule exactly as torch did."""
    saved = REFERENCE["checkpoints"][name]
    case = CASES[name]
    checkpoint = ember.load(io.BytesIO(base64.b64decode(saved["file"])))
    opt = optimizer_for(case["opt"])
    scheduler = build(opt, case)
    scheduler.load_state_dict(checkpoint["scheduler"])
    opt.load_state_dict(checkpoint["optimizer"])
    for epoch in range(saved["after_epochs"], case["epochs"]):
        advance(opt, scheduler, case, epoch)
        assert_snapshot(opt, scheduler, case["trace"][epoch + 1], f"{name} epoch {epoch}")


def test_state_survives_ember_save_and_load() -> None:
    case = CASES["cyclic"]
    opt = optimizer_for(case["opt"])
    scheduler = build(opt, case)
    for epoch in range(7):
        advance(opt, scheduler, case, epoch)
    buffer = io.BytesIO()
    ember.save({"scheduler": scheduler.state_dict(), "optimizer": opt.state_dict()}, buffer)
    buffer.seek(0)
    checkpoint = ember.load(buffer)
    fresh_opt = optimizer_for(case["opt"])
    fresh = build(fresh_opt, case)
    fresh.load_state_dict(checkpoint["scheduler"])
    fresh_opt.load_state_dict(checkpoint["optimizer"])
    for epoch in range(7, case["epochs"]):
        advance(fresh_opt, fresh, case, epoch)
        assert_snapshot(fresh_opt, fresh, case["trace"][epoch + 1], f"epoch {epoch}")
