"""Adam's flat update (optim/_flat.py): states as views of one buffer per group, the update
done on the buffers. It must be bit-identical to torch's per-parameter algorithm, which
ember runs with foreach=False, and invisible to anyone reading or saving the state."""

from __future__ import annotations

import io

import numpy as np
import pytest

import ember

CONFIGS = [
    ("Adam", {"lr": 0.01}),
    ("Adam", {"lr": 0.01, "amsgrad": True, "maximize": True}),
    ("Adam", {"lr": 0.01, "weight_decay": 0.1}),
    ("AdamW", {"lr": 0.01, "weight_decay": 0.1}),
    ("Adam", {"lr": 0.01, "betas": (0.8, 0.9), "eps": 1e-3}),
]
SHAPES = [(3, 4), (4,), (), (2, 2, 2)]


def _params(seed: int = 0, dtype=ember.float32) -> list:
    rng = np.random.default_rng(seed)
    return [ember.tensor(rng.standard_normal(s), dtype=dtype, requires_grad=True)
            for s in SHAPES]


def _run(name: str, kwargs: dict, steps: int, skip: dict | None = None, dtype=ember.float32,
         **extra) -> tuple[list, object]:
    params = _params(dtype=dtype)
    optimizer = getattr(ember.optim, name)(params, **kwargs, **extra)
    rng = np.random.default_rng(1)
    for step in range(steps):
        for i, p in enumerate(params):
            grad = rng.standard_normal(p.shape)
            skipped = skip is not None and step in skip.get(i, ())
            p.grad = None if skipped else ember.tensor(grad, dtype=dtype)
        optimizer.step()
    return params, optimizer


@pytest.mark.parametrize(("name", "kwargs"), CONFIGS)
@pytest.mark.parametrize("dtype", [ember.float32, ember.float64])
def test_flat_update_is_bit_identical_to_per_parameter(name, kwargs, dtype):
    flat, flat_opt = _run(name, kwargs, 6, dtype=dtype)
    each, each_opt = _run(name, kwargs, 6, dtype=dtype, foreach=False)
    assert getattr(flat_opt, "_flat", None) and not getattr(each_opt, "_flat", None)
    for a, b in zip(flat, each):
        np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy())
    for a, b in zip(flat, each):
        for key, value in each_opt.state[b].items():
            got = flat_opt.state[a][key]
            assert got.shape == value.shape and got.dtype == value.dtype
            np.testing.assert_array_equal(got.numpy(), value.numpy())


def test_parameters_without_a_gradient_keep_their_state():
    skip = {1: (2, 3), 2: (0,)}
    flat, flat_opt = _run("Adam", {"lr": 0.01}, 6, skip=skip)
    each, each_opt = _run("Adam", {"lr": 0.01}, 6, skip=skip, foreach=False)
    for a, b in zip(flat, each):
        np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy())
        assert flat_opt.state[a]["step"].item() == each_opt.state[b]["step"].item()


def test_state_dict_saves_loads_and_resumes_identically():
    params, optimizer = _run("Adam", {"lr": 0.01, "amsgrad": True}, 3)
    buffer = io.BytesIO()
    ember.save(optimizer.state_dict(), buffer)
    buffer.seek(0)
    loaded = ember.load(buffer)
    for state in loaded["state"].values():
        assert state["step"].shape == () and state["step"].dtype == ember.float32
    twin = [p.detach().clone().requires_grad_() for p in params]
    resumed = ember.optim.Adam(twin, lr=0.01, amsgrad=True)
    resumed.load_state_dict(loaded)
    rng = np.random.default_rng(5)
    for _ in range(3):
        for p, q in zip(params, twin):
            grad = rng.standard_normal(p.shape).astype(np.float32)
            p.grad, q.grad = ember.tensor(grad), ember.tensor(grad)
        optimizer.step()
        resumed.step()
    for p, q in zip(params, twin):
        np.testing.assert_array_equal(p.detach().numpy(), q.detach().numpy())


def test_a_state_replaced_from_outside_is_noticed():
    params, optimizer = _run("Adam", {"lr": 0.01}, 2)
    first = params[0]
    optimizer.state[first]["exp_avg"] = ember.ones_like(first)
    reference = [p.detach().clone().requires_grad_() for p in params]
    twin = ember.optim.Adam(reference, lr=0.01, foreach=False)
    twin.load_state_dict(optimizer.state_dict())
    for p, q in zip(params, reference):
        p.grad = ember.ones_like(p)
        q.grad = ember.ones_like(q)
    optimizer.step()
    twin.step()
    for p, q in zip(params, reference):
        np.testing.assert_array_equal(p.detach().numpy(), q.detach().numpy())


def test_state_views_look_like_per_parameter_state():
    params, optimizer = _run("Adam", {"lr": 0.01}, 1)
    for p in params:
        state = optimizer.state[p]
        assert state["exp_avg"].shape == p.shape
        assert state["step"].shape == ()
        assert repr(state["step"]) == "tensor(1.)"
