"""What ember gives for mixed precision, TorchScript and the _foreach list functions, where
the recorded torch cases (tests/reference/cases_practitioner_scripts.py) cannot show it:
the refusals (ember lacks bfloat16, CPU autocast and TorchScript) are NotImplementedErrors
that say so, a missing dtype is still "not there" to hasattr, and the list functions work
in place on the very tensors they are given."""

from __future__ import annotations

import numpy as np
import pytest

import ember


def test_missing_dtypes_are_clear_errors_yet_absent_to_hasattr():
    assert not hasattr(ember, "bfloat16")
    assert getattr(ember, "complex32", None) is None
    with pytest.raises(NotImplementedError, match="torch.bfloat16 is not supported by ember"):
        _ = ember.bfloat16
    with pytest.raises(NotImplementedError, match="bfloat16"):
        ember.ones(2).bfloat16()
    with pytest.raises(AttributeError, match="has no attribute 'no_such_name'"):
        _ = ember.no_such_name


@pytest.mark.parametrize("dtype", [None, ember.float16])
def test_enabled_cpu_autocast_is_refused(dtype):
    with pytest.raises(NotImplementedError, match=r"torch.autocast\('cpu'"):
        ember.autocast("cpu", dtype=dtype)
    with ember.autocast("cpu", dtype=dtype, enabled=False):  # disabled: nothing to refuse
        assert not ember.is_autocast_enabled()


def test_torchscript_compilation_is_refused_but_eager_helpers_work():
    model = ember.nn.Linear(2, 2)
    calls = {"script": (model,), "trace": (model, ember.ones(1, 2)), "save": (model, "m.pt"),
             "load": ("m.pt",), "freeze": (model,)}
    for name, args in calls.items():
        with pytest.raises(NotImplementedError, match=f"torch.jit.{name} is not supported"):
            getattr(ember.jit, name)(*args)
    assert ember.jit.ignore(len) is len and ember.jit.unused(len) is len
    assert ember.jit.annotate(list, [1]) == [1] and not ember.jit.is_scripting()


def test_foreach_in_place_updates_the_given_tensors():
    tensors = [ember.ones(2), ember.full((3,), 2.0)]
    same = ember._foreach_mul_(tensors, 0.5)
    assert same is tensors
    ember._foreach_add_(tensors, [ember.ones(2), ember.ones(3)], alpha=2)
    np.testing.assert_array_equal(tensors[0].numpy(), [2.5, 2.5])
    np.testing.assert_array_equal(tensors[1].numpy(), [3.0, 3.0, 3.0])
    results = ember._foreach_lerp(tensors, [ember.zeros(2), ember.zeros(3)], 0.5)
    assert isinstance(results, tuple)
    np.testing.assert_array_equal(results[1].numpy(), [1.5, 1.5, 1.5])
    with pytest.raises(RuntimeError, match="same number of tensors, got 2 and 1"):
        ember._foreach_add(tensors, tensors[:1])


def test_foreach_records_gradients_per_tensor():
    x = ember.ones(2, requires_grad=True)
    (y,) = ember._foreach_mul([x], 3.0)
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [3.0, 3.0])


def test_a_cpu_grad_scaler_skips_steps_with_infinite_gradients():
    param = ember.nn.Parameter(ember.ones(1))
    opt = ember.optim.SGD([param], lr=1.0)
    scaler = ember.amp.GradScaler("cpu", init_scale=4.0)
    scaler.scale((param * 2).sum()).backward()
    param.grad[0] = float("inf")
    assert scaler.step(opt) is None and param.item() == 1.0
    scaler.update()
    assert scaler.get_scale() == 2.0
    opt.zero_grad()
    scaler.scale((param * 2).sum()).backward()
    scaler.step(opt)
    scaler.update()
    assert param.item() == -1.0 and scaler.state_dict()["_growth_tracker"] == 1


def test_grad_scaler_is_also_in_the_namespace():
    # torch.GradScaler is torch.amp.GradScaler (the spelling torch's AMP recipe uses)
    assert ember.GradScaler is ember.amp.GradScaler
