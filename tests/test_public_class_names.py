"""Public classes report torch's module (`<class 'torch.Tensor'>` is ember's
`<class 'ember.Tensor'>`, never `ember._tensor.Tensor`), and pickle can find each one
where it says it lives."""

from __future__ import annotations

import importlib

import pytest

import ember

NAMESPACES = ["ember", "ember.nn", "ember.optim", "ember.optim.lr_scheduler", "ember.autograd",
              "ember.autograd.graph", "ember.autograd.function", "ember.utils.data",
              "ember.linalg", "ember.distributions", "ember.serialization", "ember.distributed",
              "ember.func", "ember.testing", "ember.profiler", "ember.multiprocessing",
              "ember.quasirandom", "ember.torch_version"]
# torch's own private homes: the classes its C extension defines
PRIVATE_AS_TORCH = {"ember._C", "ember.utils.data._utils.worker"}


def _public_classes():
    for name in NAMESPACES:
        namespace = importlib.import_module(name)
        for attribute in dir(namespace):
            value = getattr(namespace, attribute)
            if not attribute.startswith("_") and isinstance(value, type) and \
                    value.__module__.startswith("ember"):
                yield f"{name}.{attribute}", value


@pytest.mark.parametrize("where,kind", [pytest.param(w, k, id=w) for w, k in _public_classes()])
def test_public_class_lives_where_it_says(where, kind):
    module = kind.__module__
    assert module in PRIVATE_AS_TORCH or not any(
        part.startswith("_") for part in module.split(".")), f"{where}: {module}"
    found = importlib.import_module(module)
    for part in kind.__qualname__.split("."):
        found = getattr(found, part)
    assert found is kind


def test_grad_fn_classes_are_named_as_torch_made_in_c():
    x = ember.ones(2, requires_grad=True)
    y = (x * 2).sum()
    assert str(type(y.grad_fn)) == "<class 'SumBackward0'>"
    assert str(type(x.split(1)[0].grad_fn)) == "<class 'SplitBackward0'>"
    assert str(type(y.grad_fn.next_functions[0][0].next_functions[0][0])) == \
        "<class 'AccumulateGrad'>"
