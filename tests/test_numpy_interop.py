"""Tensors meeting NumPy: the parts tests/reference/cases_numpy_interop.py (recorded from
torch) cannot show on both NumPy versions, the one operator rule over every operator, and a
guard that ember's own code never reads a tensor through `Tensor.__array__` (which refuses
tensors that require grad, so an internal use would refuse a user's tensor)."""

from __future__ import annotations

import io
import pickle

import numpy as np
import pytest

import ember
from ember._bind import _BINARY_OPERATORS

NUMPY_2 = int(np.__version__.split(".")[0]) >= 2


@pytest.mark.skipif(not NUMPY_2, reason="NumPy 1 passes no copy to __array__")
def test_copy_false_is_refused_as_torch_under_numpy_2():
    # torch's __array__ takes no `copy`, so NumPy 2 cannot promise np.array(x, copy=False)
    with pytest.raises(ValueError, match="Unable to avoid copy"):
        np.array(ember.ones(2), copy=False)


def test_array_copies_and_asarray_shares():
    x = ember.zeros(3)
    np.asarray(x)[0] = 1.0
    np.array(x)[1] = 2.0
    np.asarray(x, dtype=np.float32)[2] = 3.0  # (the same dtype: still shared)
    assert x.tolist() == [1.0, 0.0, 3.0]
    assert np.asarray(x, dtype=np.float64).dtype == np.float64


def test_array_wrap_takes_numpy_2_arguments_and_keeps_0_d_tensors():
    x = ember.tensor([1.0, 2.0])
    out = x.__array_wrap__(np.array(True), None, True)
    assert isinstance(out, ember.Tensor) and out.dtype == ember.uint8 and out.shape == ()
    with pytest.raises(TypeError, match="can't convert np.ndarray of type"):
        x.__array_wrap__(np.array(["a"]))


@pytest.mark.parametrize("name", sorted(n for n in _BINARY_OPERATORS
                                        if hasattr(ember.Tensor, n)))
@pytest.mark.parametrize("other", [None, "a", [1, 2], object()], ids=repr)
def test_every_binary_operator_answers_not_implemented(name, other):
    """One rule for all of them (ember._bind._operator): a TypeError from the function is
    NotImplemented, so Python asks the other operand, as torch's operators do."""
    for x in (ember.tensor([1.0, 2.0]), ember.tensor([1, 2]), ember.tensor(True)):
        assert getattr(x, name)(other) is NotImplemented


def test_named_functions_still_refuse_arrays():
    x, a = ember.tensor([1.0, 2.0]), np.ones(2)
    for call in (lambda: x.add(a), lambda: ember.mul(x, a), lambda: x.eq(a),
                 lambda: ember.where(x > 1, x, a), lambda: ember.cat([x, a]),
                 lambda: x.add_(a), lambda: x.pow(a)):
        with pytest.raises(TypeError):
            call()


def test_ember_reads_no_tensor_through_array(monkeypatch):
    """A small training run, printing, saving, pickling and loading data with
    `Tensor.__array__` made to fail: ember's own code reads `_data`."""
    def refuse(self, *args, **kwargs):
        raise AssertionError("ember read a tensor through __array__")

    monkeypatch.setattr(ember.Tensor, "__array__", refuse)
    ember.manual_seed(0)
    model = ember.nn.Sequential(ember.nn.Linear(3, 4), ember.nn.ReLU(), ember.nn.Linear(4, 1))
    data = ember.utils.data.TensorDataset(ember.randn(8, 3), ember.randn(8, 1))
    lr = ember.tensor(0.1, requires_grad=True)
    for optimizer in (ember.optim.SGD(model.parameters(), lr=lr, momentum=0.9),
                      ember.optim.Adam(model.parameters(), lr=0.01)):
        for x, y in ember.utils.data.DataLoader(data, batch_size=4):
            loss = ember.nn.functional.mse_loss(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            ember.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
    repr(model.state_dict())
    buffer = io.BytesIO()
    ember.save(model.state_dict(), buffer)
    buffer.seek(0)
    model.load_state_dict(ember.load(buffer))
    r = ember.tensor([1.0, 2.0], requires_grad=True)
    pickle.loads(pickle.dumps(r))
    assert ember.Tensor([r[0], r[1]]).tolist() == [1.0, 2.0]
    assert ember.tensor([[r[0]], [r[1]]]).shape == (2, 1)
    str(r), repr(loss), f"{loss:.3f}"
