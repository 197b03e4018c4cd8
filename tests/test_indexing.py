"""Indexing: what the generated op tests (tests/test_op_table.py) cannot see.

The graphs torch builds for `x[index]` (grad_fn chains), result shapes of mixed basic and
advanced indices, basic results being views, gradients that accumulate over repeated
indices (to second order), torch's IndexError/ValueError messages, and `x[index] = value`:
identity, version counter, CopySlices / IndexPutBackward0 / FillBackward3 / CopyBackwards,
the gradients to the old x and to the value, and the errors for leaves and bad values.

Expected names, shapes, messages and values marked "recorded from torch 2.13" were produced
by running the same call with torch 2.13.0 (CPU) and copied here.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest
from tensor_helpers import arange, grad_fn_chain

import ember

X = arange(2, 3, 4, requires_grad=True)
MASK3 = ember.tensor([True, False, True])

# ---------------------------------------------------------------------- reading
# recorded from torch 2.13: index, result shape, grad_fn chain (newest first)
READS = [
    (0, (3, 4), ["SelectBackward0"]),
    ((0, 1), (4,), ["SelectBackward0", "SelectBackward0"]),
    ((slice(None), 0), (2, 4), ["SelectBackward0"]),
    (slice(None), (2, 3, 4), ["SliceBackward0"]),
    ((slice(None), slice(None)), (2, 3, 4), ["AliasBackward0"]),
    (Ellipsis, (2, 3, 4), ["AliasBackward0"]),
    ((slice(1, 2), slice(None)), (1, 3, 4), ["SliceBackward0"]),
    ((slice(None), slice(None, None, 2)), (2, 2, 4), ["SliceBackward0"]),
    ((slice(None), slice(0, 10)), (2, 3, 4), ["AliasBackward0"]),
    ((slice(None), slice(-3, None)), (2, 3, 4), ["SliceBackward0"]),
    ((1, Ellipsis, None, 1), (3, 1), ["SelectBackward0", "UnsqueezeBackward0",
                                      "SelectBackward0"]),
    (None, (1, 2, 3, 4), ["UnsqueezeBackward0"]),
    ([0, 1], (2, 3, 4), ["IndexBackward0"]),
    ((0, slice(None), [1, 2]), (3, 2), ["IndexBackward0", "SelectBackward0"]),
    (([0, 1], slice(None), [1, 2]), (2, 3), ["IndexBackward0"]),
    ((slice(None), [0, 1], [1, 2]), (2, 2), ["IndexBackward0"]),
    ((slice(None), [0, 1], 1), (2, 2), ["IndexBackward0", "SelectBackward0"]),
    ((1, slice(1, 3), [0, 1]), (2, 2), ["IndexBackward0", "SliceBackward0",
                                        "SelectBackward0"]),
    ((None, [0, 1]), (1, 2, 3, 4), ["IndexBackward0", "UnsqueezeBackward0"]),
    (([0, 1], None, [1, 2]), (2, 1, 4), ["IndexBackward0", "UnsqueezeBackward0"]),
    (True, (1, 2, 3, 4), ["IndexBackward0", "UnsqueezeBackward0"]),
    (False, (0, 2, 3, 4), ["IndexBackward0", "UnsqueezeBackward0"]),
    ((slice(None), MASK3), (2, 2, 4), ["IndexBackward0"]),
    (ember.tensor(1), (3, 4), ["SelectBackward0"]),
    (np.int64(1), (3, 4), ["SelectBackward0"]),
    (np.array([0, 1]), (2, 3, 4), ["IndexBackward0"]),
    (range(2), (2, 3, 4), ["IndexBackward0"]),
    (ember.tensor([[0, 1], [1, 0]]), (2, 2, 3, 4), ["IndexBackward0"]),
    (ember.tensor([0, 1], dtype=ember.int32), (2, 3, 4), ["IndexBackward0"]),
    ([], (0, 3, 4), ["IndexBackward0"]),
    (slice(3, 1), (0, 3, 4), ["SliceBackward0"]),
]


@pytest.mark.parametrize("index, shape, chain", READS)
def test_reads_build_torch_graphs(index, shape, chain):
    out = X[index]
    assert out.shape == shape
    assert grad_fn_chain(out) == chain
    np.testing.assert_array_equal(out.detach().numpy(), _numpy_read(X.detach().numpy(), index))


def _numpy_read(array: np.ndarray, index):
    """The reference read: torch applies ints before advanced indices (NumPy would treat
    them as advanced and move the dims), so split the index the same way."""
    if isinstance(index, ember.Tensor):
        index = index.numpy()
    if isinstance(index, (bool, np.bool_)):
        return array[None][[0] if index else []]
    if isinstance(index, np.ndarray) and index.ndim == 0:
        return array[int(index)]
    if not isinstance(index, tuple):
        return array[index]
    parts = [p.numpy() if isinstance(p, ember.Tensor) else p for p in index]
    if any(isinstance(p, int) for p in parts) and any(isinstance(p, (list, np.ndarray))
                                                      for p in parts):
        basic = tuple(p if isinstance(p, (int, type(None))) or p is Ellipsis else slice(None)
                      for p in parts)
        advanced = tuple(p if isinstance(p, (list, np.ndarray, slice)) else slice(None)
                         for p in parts if not isinstance(p, int))
        return array[basic][advanced]
    return array[tuple(parts)]


def test_boolean_mask_reads_like_numpy():
    x = arange(3, 4, requires_grad=True)
    mask = x.detach() > 1.2
    out = x[mask]
    assert grad_fn_chain(out) == ["IndexBackward0"]
    np.testing.assert_array_equal(out.detach().numpy(), x.detach().numpy()[mask.numpy()])
    np.testing.assert_array_equal(x[[True, False, True]].detach().numpy(),
                                  x.detach().numpy()[[0, 2]])


def test_basic_reads_are_views_and_advanced_reads_are_copies():
    x = arange(3, 4)
    basic = x[1:, ::2]
    advanced = x[[1, 2]]
    x.add_(1.0)
    np.testing.assert_array_equal(basic.numpy(), x.numpy()[1:, ::2])
    assert basic._version == 1
    np.testing.assert_array_equal(advanced.numpy(), arange(3, 4).numpy()[[1, 2]])
    assert advanced._version == 0


def test_list_of_sequences_is_read_as_a_tuple_with_torchs_warning():
    with pytest.warns(UserWarning, match="Using a non-tuple sequence for multidimensional"):
        out = X[[[0, 1], [1, 0]]]
    assert out.shape == (2, 4)  # recorded from torch 2.13: X[[0, 1], [1, 0]]


# ---------------------------------------------------------------------- gradients
def test_repeated_indices_accumulate_gradients():
    x = ember.tensor([1.0, 2.0, 3.0, 4.0], dtype=ember.float64, requires_grad=True)
    weights = ember.tensor([1.0, 10.0, 100.0, 1000.0], dtype=ember.float64)
    (x[[0, 2, 0, 0]] * weights).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [1101.0, 0.0, 10.0, 0.0])


def test_mixed_index_gradient_lands_on_the_read_positions():
    x = arange(2, 3, 4, requires_grad=True)
    out = x[1, :, [0, 0, 3]]
    out.backward(ember.ones_like(out))
    expected = np.zeros((2, 3, 4))
    expected[1, :, 0] = 2.0
    expected[1, :, 3] = 1.0
    np.testing.assert_array_equal(x.grad.numpy(), expected)


def test_indexing_is_differentiable_twice():
    x = ember.tensor([1.0, -2.0, 3.0], dtype=ember.float64, requires_grad=True)
    (first,) = ember.autograd.grad((x[[0, 0, 2]] ** 3).sum(), x, create_graph=True)
    # recorded from torch 2.13: the backward of IndexBackward0 is itself recorded
    assert first.grad_fn.name() == "IndexPutImplBackward0"
    np.testing.assert_array_equal(first.detach().numpy(), [6.0, 0.0, 27.0])
    (second,) = ember.autograd.grad(first.sum(), x)
    np.testing.assert_array_equal(second.numpy(), [12.0, 0.0, 18.0])


# ---------------------------------------------------------------------- errors
# recorded from torch 2.13
READ_ERRORS = [
    (5, IndexError, "index 5 is out of bounds for dimension 0 with size 2"),
    (-5, IndexError, "index -5 is out of bounds for dimension 0 with size 2"),
    ((0, 5), IndexError, "index 5 is out of bounds for dimension 1 with size 3"),
    ((None, 5), IndexError, "index 5 is out of bounds for dimension 1 with size 2"),
    ((Ellipsis, 9), IndexError, "index 9 is out of bounds for dimension 1 with size 4"),
    ((0, None, 5), IndexError, "index 5 is out of bounds for dimension 2 with size 3"),
    ([5], IndexError, "index 5 is out of bounds for dimension 0 with size 2"),
    ([0, -5], IndexError, "index -5 is out of bounds for dimension 0 with size 2"),
    ((slice(None), [7]), IndexError, "index 7 is out of bounds for dimension 0 with size 3"),
    (([0], slice(None), [7]), IndexError,
     "index 7 is out of bounds for dimension 1 with size 4"),
    (slice(None, None, -1), ValueError, "step must be greater than zero"),
    (slice(None, None, 0), ValueError, "slice step cannot be zero"),
    ((0, 0, 0, 0), IndexError, "too many indices for tensor of dimension 3"),
    ([True, False, True], IndexError,
     "The shape of the mask [3] at index 0 does not match the shape of the indexed tensor "
     "[2, 3, 4] at index 0"),
    ((slice(None), ember.tensor([True, False])), IndexError,
     "The shape of the mask [2] at index 0 does not match the shape of the indexed tensor "
     "[2, 3, 4] at index 1"),
    (1.0, IndexError, "only integers, slices (`:`), ellipsis (`...`), None and long or byte "
     "Variables are valid indices (got float)"),
    (ember.tensor([1.0]), IndexError,
     "tensors used as indices must be long, int, byte or bool tensors"),
    (([0, 1], [1, 2, 0]), IndexError,
     "shape mismatch: indexing tensors could not be broadcast together with shapes [2], [3]"),
]


@pytest.mark.parametrize("index, error, message", READ_ERRORS)
def test_read_errors_match_torch(index, error, message):
    with pytest.raises(error) as raised:
        X[index]
    assert str(raised.value) == message


@pytest.mark.parametrize("index, message", [
    (0, "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
        "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number"),
    (slice(None), "slice() cannot be applied to a 0-dim tensor."),
    ([0], "too many indices for tensor of dimension 0"),
])  # recorded from torch 2.13
def test_zero_dim_read_errors(index, message):
    with pytest.raises(IndexError) as raised:
        ember.tensor(3.0)[index]
    assert str(raised.value) == message


# ---------------------------------------------------------------------- writing
def _written(index, value, target=None):
    """y = 1 * x (so y is not a leaf), then y[index] = value; returns (y, x, value)."""
    x = ember.tensor(np.linspace(-1, 1, 12).reshape(3, 4), requires_grad=True)
    y = x * 1 if target is None else target
    identity, version = id(y), y._version
    y[index] = value
    assert id(y) == identity and y._version == version + 1
    return y, x


def _backward_with_position_weights(y):
    weights = np.arange(1, y.numel() + 1, dtype=np.float64).reshape(tuple(y.shape))
    y.backward(ember.tensor(weights))
    return weights


@pytest.mark.parametrize("index, name", [
    (0, "CopySlices"),
    ((slice(1, None), 2), "CopySlices"),
    (None, "CopySlices"),
    ([0, 2], "IndexPutBackward0"),
    (([0, 2], [1, 3]), "IndexPutBackward0"),
    ((Ellipsis, [0, 2]), "IndexPutBackward0"),
    ((slice(1, None), [0, 2]), "CopySlices"),  # an index_put_ into a view of x
    ((slice(-3, None), 1), "CopySlices"),  # -3: is not skipped as a full slice
    (slice(None), "FillBackward3"),
    (Ellipsis, "FillBackward3"),
])  # recorded from torch 2.13
def test_setitem_grad_fn_names(index, name):
    y, _ = _written(index, 5.0)
    assert type(y.grad_fn).__name__ == name
    assert repr(y).endswith(f"grad_fn=<{name}>)")
    # torch's hand-written nodes report a qualified name()
    qualified = f"torch::autograd::{name}" if name == "CopySlices" else name
    assert y.grad_fn.name() == qualified


def test_setitem_of_a_row_sends_gradients_to_the_old_values_and_the_value():
    value = ember.tensor([10.0, 20.0, 30.0, 40.0], dtype=ember.float64, requires_grad=True)
    y, x = _written(0, value)
    np.testing.assert_array_equal(y.detach().numpy()[0], [10.0, 20.0, 30.0, 40.0])
    weights = _backward_with_position_weights(y)
    expected = weights.copy()
    expected[0] = 0.0  # overwritten positions get no gradient
    np.testing.assert_array_equal(x.grad.numpy(), expected)
    np.testing.assert_array_equal(value.grad.numpy(), weights[0])


def test_setitem_value_gradient_is_summed_over_broadcasting():
    value = ember.tensor([[10.0], [20.0], [30.0]], dtype=ember.float64, requires_grad=True)
    y, x = _written((slice(None), slice(None, None, 2)), value)
    weights = _backward_with_position_weights(y)
    np.testing.assert_array_equal(value.grad.numpy(), weights[:, ::2].sum(1, keepdims=True))
    expected = weights.copy()
    expected[:, ::2] = 0.0
    np.testing.assert_array_equal(x.grad.numpy(), expected)


def test_setitem_with_repeated_indices_follows_torchs_gradient_convention():
    value = ember.tensor(np.arange(1.0, 13.0).reshape(3, 4) * 10, requires_grad=True)
    y, x = _written([0, 0, 2], value)
    weights = _backward_with_position_weights(y)
    # recorded from torch 2.13: every copy of the value gets the gradient of its target
    np.testing.assert_array_equal(value.grad.numpy(), weights[[0, 0, 2]])
    expected = weights.copy()
    expected[[0, 2]] = 0.0
    np.testing.assert_array_equal(x.grad.numpy(), expected)


def test_setitem_of_a_whole_tensor():
    value = ember.tensor(2.0, dtype=ember.float64, requires_grad=True)
    y, x = _written(Ellipsis, value)
    _backward_with_position_weights(y)
    assert value.grad.item() == 78.0  # recorded from torch 2.13: the sum of the weights
    np.testing.assert_array_equal(x.grad.numpy(), np.zeros((3, 4)))
    row = ember.tensor([1.0, 2.0, 3.0, 4.0], dtype=ember.float64, requires_grad=True)
    y, _ = _written(slice(None), row)
    assert y.grad_fn.name() == "torch::autograd::CopyBackwards"  # recorded from torch 2.13


def test_setitem_into_a_tensor_without_grad_records_the_value():
    target = ember.zeros(3, 4, dtype=ember.float64)
    value = ember.tensor([1.0, 2.0, 3.0, 4.0], dtype=ember.float64, requires_grad=True)
    y, _ = _written([0, 1], value, target=target)
    assert y is target and y.requires_grad and y.grad_fn.name() == "IndexPutBackward0"
    weights = _backward_with_position_weights(y)
    np.testing.assert_array_equal(value.grad.numpy(), weights[0] + weights[1])


def test_setitem_casts_the_value_to_the_target_dtype():
    target = ember.zeros(3, dtype=ember.float32)
    value = ember.tensor(2.0, dtype=ember.float64, requires_grad=True)
    target[0] = value
    assert target.dtype == ember.float32
    assert target.grad_fn.name() == "torch::autograd::CopySlices"
    target.sum().backward()
    assert value.grad.dtype == ember.float64 and value.grad.item() == 1.0
    integers = ember.zeros(3, dtype=ember.int64)
    integers[0] = 2.7
    integers[1] = value  # an integer tensor cannot record a gradient
    assert integers.tolist() == [2, 2, 0] and not integers.requires_grad


def test_setitem_writes_through_to_views():
    x = ember.zeros(4)
    tail = x[1:]
    element = x[2]
    x[2] = 7.0
    assert tail.tolist() == [0.0, 7.0, 0.0] and element.item() == 7.0
    assert tail._version == x._version == 1
    x[[0, 3]] = ember.tensor([1.0, 2.0])
    assert tail.tolist() == [0.0, 7.0, 2.0] and x._version == 2


def test_setitem_through_a_view_records_on_the_base():
    x = ember.tensor([1.0, 2.0, 3.0], dtype=ember.float64, requires_grad=True)
    y = x * 1
    tail = y[1:]
    tail[0] = 7.0
    assert y.tolist() == [1.0, 7.0, 3.0] and y._version == tail._version == 1
    # recorded from torch 2.13
    assert grad_fn_chain(y) == ["torch::autograd::CopySlices", "MulBackward0"]
    assert grad_fn_chain(tail)[:2] == ["AsStridedBackward0", "torch::autograd::CopySlices"]
    y.backward(ember.tensor([1.0, 2.0, 3.0], dtype=ember.float64))
    np.testing.assert_array_equal(x.grad.numpy(), [1.0, 0.0, 3.0])


def test_setitem_through_a_view_of_a_plain_tensor():
    buffer = ember.zeros(3, 3)
    a = ember.tensor([1.0, 2.0, 3.0], requires_grad=True)
    row = buffer[1]
    row[:] = a * 2
    assert buffer.requires_grad and buffer.grad_fn.name() == "torch::autograd::CopySlices"
    (buffer * ember.arange(9.0).reshape(3, 3)).sum().backward()
    np.testing.assert_array_equal(a.grad.numpy(), [6.0, 8.0, 10.0])  # recorded from torch
    m = ember.arange(6.0).reshape(2, 3) * 1
    w = ember.tensor(9.0, requires_grad=True)
    m.t()[2][1] = w
    assert m[1, 2].item() == 9.0
    m.sum().backward()
    assert w.grad.item() == 1.0


def test_setitem_through_a_view_of_a_leaf_is_refused():
    x = arange(3, requires_grad=True)
    with pytest.raises(RuntimeError) as raised:
        x[1:][0] = 3.0
    assert str(raised.value) == ("a view of a leaf Variable that requires grad is being used "
                                 "in an in-place operation.")


def test_setitem_with_false_writes_nothing():
    x = arange(3, requires_grad=True)
    y = x * 1
    y[False] = 5.0
    assert y._version == 0 and y.grad_fn.name() == "MulBackward0"  # as torch 2.13


@pytest.mark.parametrize("index, source", [
    (slice(1, None), lambda y: y[:-1]),
    ([1, 2], lambda y: y[:-1]),
    ([1, 2], lambda y: y[1:]),
])  # recorded from torch 2.13
def test_setitem_from_partly_overlapping_memory_is_refused(index, source):
    y = arange(3, 4)
    with pytest.raises(RuntimeError, match="refer to a single memory location. Please clone"):
        y[index] = source(y)
    assert y._version == 0


@pytest.mark.parametrize("index, source, expected_rows", [
    (0, lambda y: y[1], [1, 1, 2]),
    (slice(None), lambda y: y, [0, 1, 2]),
    (slice(1, None), lambda y: y[0], [0, 0, 0]),
    ([0, 1], lambda y: y[[1, 0]], [1, 0, 2]),
])  # recorded from torch 2.13: exact or no overlap is fine
def test_setitem_from_the_same_tensor(index, source, expected_rows):
    y = arange(3, 4)
    y[index] = source(y)
    np.testing.assert_array_equal(y.numpy(), arange(3, 4).numpy()[expected_rows])


@pytest.mark.parametrize("index, message", [
    (0, "a view of a leaf Variable that requires grad is being used in an in-place "
        "operation."),
    ([0], "a leaf Variable that requires grad is being used in an in-place operation."),
    (slice(None), "a leaf Variable that requires grad is being used in an in-place "
                  "operation."),
])  # recorded from torch 2.13
def test_setitem_into_a_leaf_requiring_grad_is_refused(index, message):
    leaf = arange(3, 4, requires_grad=True)
    with pytest.raises(RuntimeError) as raised:
        leaf[index] = 1.0
    assert str(raised.value) == message
    with ember.no_grad():
        leaf[index] = 1.0  # allowed without recording
    assert leaf._version == 1


@pytest.mark.parametrize("index, value, error, message", [
    (0, ember.ones(3), RuntimeError,
     "The expanded size of the tensor (4) must match the existing size (3) at non-singleton "
     "dimension 0.  Target sizes: [4].  Tensor sizes: [3]"),
    (0, ember.ones(2, 4), RuntimeError,
     "expand(torch.FloatTensor{[2, 4]}, size=[4]): the number of sizes provided (1) must be "
     "greater or equal to the number of dimensions in the tensor (2)"),
    ([0], ember.ones(2), RuntimeError,
     "shape mismatch: value tensor of shape [2] cannot be broadcast to indexing result of "
     "shape [1, 4]"),
    ([0, 1], ember.ones(2, 1, 1), RuntimeError,
     "shape mismatch: value tensor of shape [2, 1, 1] cannot be broadcast to indexing result "
     "of shape [2, 4]"),
    (5, 1.0, IndexError, "index 5 is out of bounds for dimension 0 with size 3"),
    ([5], 1.0, IndexError, "index 5 is out of bounds for dimension 0 with size 3"),
    (0, [1.0], TypeError, "can't assign a list to a torch.FloatTensor"),
    (0, "a", TypeError, "can't assign a str to a torch.FloatTensor"),
])  # recorded from torch 2.13
def test_setitem_errors_match_torch(index, value, error, message):
    target = ember.zeros(3, 4)
    with pytest.raises(error) as raised:
        target[index] = value
    assert str(raised.value) == message
    assert target._version == 0


def test_setitem_accepts_values_with_leading_unit_dims():
    target = ember.zeros(3, 4)
    target[0] = ember.ones(1, 4)
    target[[1, 2]] = ember.full((1, 4), 2.0)
    np.testing.assert_array_equal(target.numpy(), [[1] * 4, [2] * 4, [2] * 4])


# ---------------------------------------------------------------------- gather & co
IDX = ember.tensor
# recorded from torch 2.13: (call on a float32 (3, 4) tensor, error type, message)
OP_ERRORS = [
    (lambda x: x.gather(1, IDX([0, 1])), RuntimeError,
     "Index tensor must have the same number of dimensions as input tensor"),
    (lambda x: x.gather(1, IDX([[5]])), RuntimeError,
     "index 5 is out of bounds for dimension 1 with size 4"),
    (lambda x: x.gather(1, IDX([[-1]])), RuntimeError,
     "index -1 is out of bounds for dimension 1 with size 4"),
    (lambda x: x.gather(1, IDX([[0.0]])), RuntimeError,
     "gather(): Expected dtype int32/int64 for index"),
    (lambda x: x.gather(1, ember.zeros(4, 1, dtype=ember.int64)), RuntimeError,
     "Size does not match at dimension 0 expected index [4, 1] to be no larger than self "
     "[3, 4] apart from dimension 1"),
    (lambda x: x.gather(1, [[0]]), TypeError,
     "gather(): argument 'index' (position 2) must be Tensor, not list"),
    (lambda x: x.scatter(0, IDX([[0, 1, 2]]), ember.ones(1, 2)), RuntimeError,
     "Expected index [1, 3] to be no larger than self [3, 4] apart from dimension 0 and to "
     "be no larger size than src [1, 2]"),
    (lambda x: x.scatter(1, IDX([[0]]), ember.ones(1, 1, dtype=ember.float64)), RuntimeError,
     "scatter(): Expected self.dtype to be equal to src.dtype"),
    (lambda x: x.index_select(0, IDX([[0]])), IndexError,
     "index_select(): Index is supposed to be a vector"),
    (lambda x: x.index_select(0, IDX([5])), IndexError, "index out of range in self"),
    (lambda x: x.index_select(0, IDX([1.0])), RuntimeError,
     "index_select(): Expected dtype int32 or int64 for index"),
    (lambda x: x.index_add(0, IDX([0, 0]), ember.ones(3, 4)), RuntimeError,
     "index_add_(): Number of indices (2) should be equal to source.size(dim): (3), for "
     "dim: 0"),
    (lambda x: x.index_add(0, IDX([0]), ember.ones(1, 4, dtype=ember.float64)), RuntimeError,
     "index_add_(): self (Float) and source (Double) must have the same scalar type"),
    (lambda x: x.masked_fill(ember.ones(3, 4), 0.0), RuntimeError,
     "masked_fill_ only supports boolean masks, but got mask with dtype float"),
    (lambda x: x.masked_fill(ember.ones(3, 4, dtype=ember.int64), 0.0), RuntimeError,
     "masked_fill_ only supports boolean masks, but got mask with dtype long int"),
    (lambda x: x.masked_fill(x > 0, ember.tensor([1.0])), RuntimeError,
     "masked_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 "
     "dimension(s)."),
    (lambda x: x.masked_fill(ember.ones(3, 4, 2) > 0, 1.0), RuntimeError,
     "The size of tensor a (2) must match the size of tensor b (4) at non-singleton "
     "dimension 2"),
    (lambda x: x[0].masked_fill_(ember.ones(3, 4) > 0, 1.0), RuntimeError,
     "output with shape [4] doesn't match the broadcast shape [3, 4]"),
    (lambda x: x.masked_select(ember.ones(3, 4)), RuntimeError,
     "masked_select: expected BoolTensor for mask"),
    (lambda x: x.take(IDX([12])), IndexError,
     "out of range: tried to access index 12 on a tensor of 12 elements."),
    (lambda x: x.take(IDX([0.0])), RuntimeError,
     "take(): Expected a long tensor for index, but got Float"),
    (lambda x: x.index_fill(0, IDX([0], dtype=ember.int32), 1.0), IndexError,
     "index_fill_(): Expected dtype int64 for index."),
    (lambda x: x.index_fill(0, IDX([[0]]), 1.0), RuntimeError,
     "Index has to be a vector/scalar"),
    (lambda x: x.index_fill(0, IDX([3]), 1.0), IndexError,
     "index 3 is out of bounds for dimension 0 with size 3"),
    (lambda x: x.index_fill(0, IDX([0]), ember.tensor([1.0])), RuntimeError,
     "index_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 "
     "dimension(s)."),
]


@pytest.mark.parametrize("call, error, message", OP_ERRORS)
def test_indexing_op_errors_match_torch(call, error, message):
    with pytest.raises(error) as raised:
        call(arange(3, 4, dtype=ember.float32))
    assert str(raised.value) == message


@pytest.mark.parametrize("call, name", [
    (lambda x: x.gather(1, IDX([[0], [1], [2]])), "GatherBackward0"),
    (lambda x: x.index_select(0, IDX([0, 0])), "IndexSelectBackward0"),
    (lambda x: x.masked_fill(x > 1, 0.0), "MaskedFillBackward0"),
    (lambda x: x.masked_fill(x > 1, ember.tensor(1.0)), "MaskedFillBackward1"),
    (lambda x: x.masked_select(x > 1), "MaskedSelectBackward0"),
    (lambda x: x.take(IDX([0, 5])), "TakeBackward0"),
    (lambda x: x.scatter(1, IDX([[0], [1], [2]]), 0.0), "ScatterBackward1"),
    (lambda x: x.scatter(1, IDX([[0], [1], [2]]), x), "ScatterBackward0"),
    (lambda x: x.scatter_add(1, IDX([[0], [1], [2]]), x), "ScatterAddBackward0"),
    (lambda x: x.index_add(0, IDX([0, 0]), x[:2] * 1), "IndexAddBackward0"),
])  # recorded from torch 2.13
def test_indexing_op_grad_fn_names(call, name):
    assert call(arange(3, 4, requires_grad=True)).grad_fn.name() == name


@pytest.mark.parametrize("method, args", [
    ("index_add_", (0, IDX([0, 0]), ember.ones(2, 4, dtype=ember.float64))),
    ("scatter_", (1, IDX([[0], [1], [2]]), 5.0)),
    ("scatter_add_", (1, IDX([[0], [1], [2]]), ember.ones(3, 1, dtype=ember.float64))),
    ("masked_fill_", (ember.tensor([True, False, True, False]), -1.0)),
    ("index_fill_", (1, ember.tensor([3, 0]), 2.5)),
])
def test_in_place_variants_write_into_the_tensor(method, args):
    x = arange(3, 4)
    expected = getattr(x, method.rstrip("_"))(*args).numpy()
    assert getattr(x, method)(*args) is x
    assert x._version == 1
    np.testing.assert_array_equal(x.numpy(), expected)


def test_index_fill_value_gradient_counts_each_position_once():
    x = arange(3, 4, requires_grad=True)
    value = ember.tensor(2.0, requires_grad=True)
    out = x.index_fill(0, IDX([0, 0, 2]), value)
    assert out.grad_fn.name() == "IndexFillBackward1"
    out.backward(ember.arange(12.0, dtype=ember.float64).reshape(3, 4))
    assert value.grad.item() == 44.0  # recorded from torch 2.13
    np.testing.assert_array_equal(x.grad.numpy()[[0, 2]], 0.0)


def test_gather_gradient_accumulates_repeated_positions():
    x = arange(2, 3, requires_grad=True)
    x.gather(1, IDX([[0, 0, 2], [1, 1, 1]])).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [[2.0, 0.0, 1.0], [0.0, 3.0, 0.0]])


def test_masked_fill_value_gradient_sums_the_filled_positions():
    x = arange(3, 4, requires_grad=True)
    value = ember.tensor(1.0, dtype=ember.float64, requires_grad=True)
    mask = ember.tensor([True, False, True, False])  # broadcast over the rows
    out = x.masked_fill(mask, value)
    weights = np.arange(12.0).reshape(3, 4)
    out.backward(ember.tensor(weights))
    assert value.grad.item() == weights[:, [0, 2]].sum()
    np.testing.assert_array_equal(x.grad.numpy(), weights * [0, 1, 0, 1])


def test_warnings_are_not_raised_for_plain_indices():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        X[0, [0, 1]]
        X[[0, 1]]


@pytest.mark.parametrize("statement, refused", [
    ("t2[ember.tensor([], dtype=ember.long)] = True", True),
    ("t2[:, ember.tensor([0])] = 1.0", True),  # (a full slice makes no view: skipped)
    ("t2[..., ember.tensor([1])] = 1.0", True),
    ("t2[...] = 1.0", True),
    ("t2[[0, 1]] = ember.ones(2)", True),
    ("t2[ember.tensor([5])] = 1.0", True),  # before the index's range
    ("t2[ember.tensor([0])] = ember.ones(2, dtype=ember.float64)", True),  # ... and dtype
    ("t2[0:1, ember.tensor([0])] = 1.0", False),  # into the slice's view: recorded
    ("t2[0, ember.tensor([0])] = 1.0", False),
    ("t2[None] = 1.0", False),
])
def test_index_write_into_a_view_made_before_its_base_required_grad(statement, refused):
    # torch's index_put_ into the view itself sees a leaf that requires grad (its node is
    # made anew only when asked for), as an in-place op on it would (torch 2.13)
    t1 = ember.zeros(2, 3)
    t2 = t1.view(3, 2)
    t1[ember.tensor([-1])] = ember.tensor(-4.0, requires_grad=True)
    if refused:
        with pytest.raises(RuntimeError, match="^a leaf Variable that requires grad"):
            exec(statement, {"ember": ember, "t2": t2})
    else:
        exec(statement, {"ember": ember, "t2": t2})
        assert type(t1.grad_fn).__name__ == "CopySlices"


# ---------------------------------------------------------------------- uint8 masks
# recorded from torch 2.13: a uint8 index tensor with dims is a mask, with a deprecation
# warning; one value written through one such mask goes to masked_fill_, which refuses it
# (before any warning); a 0-d uint8 tensor is read as a bool, without a warning.
U8 = ember.tensor([1, 0, 1], dtype=ember.uint8)
UINT8_FILL = "masked_fill_ only supports boolean masks, but got mask with dtype unsigned char"


def _recorded(call):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = call()
    return result, [str(w.message) for w in caught]


@pytest.mark.parametrize("write", [
    lambda x: x.__setitem__(U8, 2.0),
    lambda x: x.__setitem__(U8, 2),
    lambda x: x.__setitem__(U8, ember.tensor([7.0])),
    lambda x: x.__setitem__((Ellipsis, U8), 2.0),
    lambda x: x.__setitem__((U8, None), 2.0),
    lambda x: x.index_put_((U8,), ember.tensor(2.0)),
    lambda x: x.index_put((U8,), ember.tensor(2.0)),
])
def test_one_value_through_a_uint8_mask_is_refused(write):
    x = ember.zeros(3)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(RuntimeError, match=UINT8_FILL):
            write(x)
    assert caught == []
    assert x.tolist() == [0.0, 0.0, 0.0]


def test_a_uint8_mask_with_more_values_or_accumulating_writes_with_a_warning():
    deprecated = "indexing with dtype torch.uint8 is now deprecated"
    x = ember.zeros(3)
    _, messages = _recorded(lambda: x.__setitem__(U8, ember.tensor([5.0, 6.0])))
    assert x.tolist() == [5.0, 0.0, 6.0] and [m[:len(deprecated)] for m in messages] == [deprecated]
    y, messages = _recorded(lambda: ember.zeros(3).index_put((U8,), ember.tensor([5.0, 6.0])))
    assert y.tolist() == [5.0, 0.0, 6.0] and [m[:len(deprecated)] for m in messages] == [deprecated]
    y, messages = _recorded(
        lambda: ember.zeros(3).index_put_((U8,), ember.tensor(2.0), accumulate=True))
    assert y.tolist() == [2.0, 0.0, 2.0] and [m[:len(deprecated)] for m in messages] == [deprecated]
    # (the leaf check comes first, as in torch)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        ember.zeros(3, requires_grad=True).index_put_((U8,), ember.tensor(2.0))


def test_a_0d_uint8_index_is_a_bool_without_a_warning():
    x = ember.arange(3.0)
    (kept, dropped), messages = _recorded(
        lambda: (x[ember.tensor(1, dtype=ember.uint8)], x[ember.tensor(0, dtype=ember.uint8)]))
    assert (kept.shape, dropped.shape, messages) == ((1, 3), (0, 3), [])
    _, messages = _recorded(lambda: x.__setitem__(ember.tensor(1, dtype=ember.uint8), 2.0))
    assert (x.tolist(), messages) == ([2.0, 2.0, 2.0], [])


@pytest.mark.parametrize("call, src_grad, node", [
    (lambda x, s: x.scatter(1, IDX([[0, 1], [2, 3], [1, 0]]), s), True, "ScatterBackward0"),
    (lambda x, s: x.scatter_add(1, IDX([[0, 1], [2, 3], [1, 0]]), s), True,
     "ScatterAddBackward0"),
    (lambda x, s: x.scatter_reduce(1, IDX([[0, 1], [2, 3], [1, 0]]), s, "sum"), True,
     "ScatterReduceBackward0"),
    (lambda x, s: x.scatter_reduce(1, IDX([[0, 1], [2, 3], [1, 0]]), s, "mean"), True,
     "ScatterReduceBackward0"),
    (lambda x, s: x.scatter_reduce(1, IDX([[0, 1], [2, 3], [1, 0]]), s, "amax"), False, None),
    (lambda x, s: x.scatter_reduce(1, IDX([[0, 1], [2, 3], [1, 0]]), s, "prod"), False, None),
])
def test_gradient_of_a_src_larger_than_its_index_is_refused(call, src_grad, node):
    """torch's engine refuses src's gradient (the index's shape, not src's), and amax/amin/
    prod's formulas any gradient (they mix src with gathered values); self's gradient alone
    is fine for the others."""
    x = ember.zeros(3, 4, dtype=ember.float64, requires_grad=True)
    s = ember.arange(15.0, dtype=ember.float64).reshape(3, 5).requires_grad_(src_grad)
    message = (f"Function {node} returned an invalid gradient at index 1 - got [3, 2] but "
               "expected shape compatible with [3, 5]" if node else
               "The size of tensor a (5) must match the size of tensor b (2) at "
               "non-singleton dimension 1")
    with pytest.raises(RuntimeError, match=re.escape(message)):
        call(x, s).sum().backward()
    if node:  # self alone
        x.grad = None
        call(x, s.detach()).sum().backward()
        assert x.grad.shape == (3, 4)
