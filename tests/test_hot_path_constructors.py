"""The hot paths make tensors, nodes and saved outputs without calling `__init__`
(`new_tensor`, `new_node`, `saved_output`, and `recorded_tensor`, which makes a recorded
op's output and its node in one call: a Python `__init__` costs as much again). Each fills
the slots by hand, so a slot added to a class and to its `__init__` but not to the fast
constructor would be left unset; these tests compare both ways slot by slot."""

from __future__ import annotations

import numpy as np

import ember
from ember._tensor import Tensor, new_tensor
from ember.autograd.node import Node, SavedOutput, new_node, recorded_tensor, saved_output
from ember.ops import OPS


def _slots(cls: type) -> list[str]:
    names = []
    for klass in cls.__mro__:
        names += [n for n in getattr(klass, "__slots__", ()) if n != "__weakref__"]
    return names


def _state(obj, names: list[str]) -> dict:
    return {name: getattr(obj, name, "<unset>") for name in names}


def test_new_tensor_sets_every_slot_as_init_does():
    data, version = np.ones(3, np.float32), [0]
    names = _slots(Tensor)
    assert _state(new_tensor(data, True, None, version), names) == _state(
        Tensor(data, True, None, version), names)


def test_new_node_sets_every_slot_as_init_does():
    op, source = OPS["mul"], ember.ones(2, requires_grad=True)
    cls = op.node_class
    arguments = (op, (None,), (0,), (source,), None, (), None)
    fast, plain = new_node(cls, *arguments), cls(*arguments)
    assert type(fast) is type(plain) is cls and issubclass(cls, Node)
    names = [n for n in _slots(Node) if n != "_seq"]  # a sequence number per node
    assert _state(fast, names) == _state(plain, names)
    assert fast._seq < plain._seq


def test_saved_output_sets_every_slot_as_init_does():
    data, version = np.zeros(2), [3]
    names = _slots(SavedOutput)
    assert _state(saved_output(data, version), names) == _state(SavedOutput(data, version), names)


def test_recorded_tensor_sets_every_slot_as_init_does():
    op, source = OPS["mul"], ember.ones(2, requires_grad=True)
    cls = op.node_class
    data, version = np.ones(2, np.float32), [0]
    node_arguments = (op, (None,), (0,), (source,), None, (), None)
    fast = recorded_tensor(data, version, cls, *node_arguments)
    plain_node = cls(*node_arguments)
    plain = Tensor(data, True, plain_node, version)
    assert type(fast.grad_fn) is cls and issubclass(cls, Node)
    tensor_names = [n for n in _slots(Tensor) if n not in ("grad_fn", "_grad_fn")]
    assert _state(fast, tensor_names) == _state(plain, tensor_names)
    node_names = [n for n in _slots(Node) if n != "_seq"]  # a sequence number per node
    assert _state(fast.grad_fn, node_names) == _state(plain_node, node_names)
    assert fast.grad_fn._seq < plain_node._seq


def test_fast_path_saves_its_output_as_saved_output_does():
    x = ember.tensor([0.5, 1.0], requires_grad=True)
    y = x.exp()  # exp saves its output: made by the fast path without a call
    (entry,) = y.grad_fn._saved
    assert type(entry) is SavedOutput
    made = SavedOutput(y._data, y._version_counter)
    assert _state(entry, _slots(SavedOutput)) == _state(made, _slots(SavedOutput))
