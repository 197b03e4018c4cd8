"""ember.compile runs what it is given eagerly: same values, same gradients, torch's wrapper
(`OptimizedModule`, `_orig_mod.` keys). tests/reference/cases_nn_top_level.py compares
what a script sees with torch."""

from __future__ import annotations

import numpy as np

import ember


def test_a_compiled_module_computes_what_the_model_computes():
    ember.manual_seed(0)
    model = ember.nn.Sequential(ember.nn.Linear(3, 4), ember.nn.Tanh(), ember.nn.Linear(4, 1))
    compiled = ember.compile(model)
    x = ember.randn(5, 3)
    np.testing.assert_array_equal(compiled(x).detach().numpy(), model(x).detach().numpy())
    compiled(x).sum().backward()
    first = model[0].weight.grad.clone()
    model.zero_grad()
    model(x).sum().backward()
    np.testing.assert_array_equal(first.numpy(), model[0].weight.grad.numpy())


def test_a_compiled_models_checkpoint_loads_into_another_compiled_model():
    source = ember.compile(ember.nn.Linear(2, 2))
    target = ember.compile(ember.nn.Linear(2, 2))
    target.load_state_dict(source.state_dict())
    np.testing.assert_array_equal(target._orig_mod.weight.detach().numpy(),
                                  source._orig_mod.weight.detach().numpy())


def test_compiled_functions_and_decorators_run_the_function():
    @ember.compile(mode="max-autotune")
    def double(x):
        return x * 2

    assert double.__name__ == "double"
    np.testing.assert_array_equal(double(ember.ones(2)).numpy(), [2.0, 2.0])
    assert ember.compile(lambda x: x + 1)(ember.zeros(1)).item() == 1.0
