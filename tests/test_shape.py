"""Shape ops: what the generated op tests (tests/test_op_table.py) cannot see.

Views sharing memory and the version counter with their input (and recording their base),
reshape copying only when it must, view() refusing impossible layouts, grad_fn names,
torch's error types and messages, dtype promotion in cat/stack, split/chunk piece sizes,
and the in-place shape changes unsqueeze_/squeeze_.

Expected names, messages and values marked "recorded from torch 2.13" were produced by
running the same call with torch 2.13.0 (CPU) and copied here.
"""

from __future__ import annotations

import numpy as np
import pytest
from tensor_helpers import arange, grad_fn_chain

import ember

# ---------------------------------------------------------------------- views
VIEWS = {
    "view": lambda x: x.view(4, 6),
    "reshape": lambda x: x.reshape(-1),
    "flatten": lambda x: x.flatten(1),
    "unflatten": lambda x: x.unflatten(2, (2, 2)),
    "permute": lambda x: x.permute(2, 0, 1),
    "transpose": lambda x: x.transpose(0, 1),
    "mT": lambda x: x.mT,
    "t": lambda x: x[0].t(),
    "expand": lambda x: x[:, :1].expand(2, 3, 4),
    "unsqueeze": lambda x: x.unsqueeze(1),
    "squeeze": lambda x: x[:, :1].squeeze(1),
    "select": lambda x: x.select(1, 2),
    "narrow": lambda x: x.narrow(2, 1, 2),
    "split": lambda x: x.split(1, 1)[1],
    "split_with_sizes": lambda x: x.split([3, 1], 2)[0],
    "chunk": lambda x: x.chunk(2, 2)[1],
    "unbind": lambda x: x.unbind(2)[3],
    "diagonal": lambda x: x.diagonal(0, 1, 2),
    "movedim": lambda x: x.movedim(0, 2),
    "getitem": lambda x: x[1, ::2, None, 1:],
    "ellipsis": lambda x: x[...],
}


@pytest.mark.parametrize("make_view", VIEWS.values(), ids=list(VIEWS))
def test_views_share_memory_and_version(make_view):
    x = arange(2, 3, 4)
    v = make_view(x)
    assert np.shares_memory(v.numpy(), x.numpy())
    before = v.numpy().copy()
    x.add_(1.0)  # an in-place write to the input shows through the view...
    np.testing.assert_array_equal(v.numpy(), before + 1)
    assert v._version == x._version == 1  # ...and both see the same version counter


PARTIAL_VIEWS = ("select", "diagonal", "getitem", "split", "unbind", "narrow")


@pytest.mark.parametrize("make_view", [VIEWS[k] for k in PARTIAL_VIEWS], ids=PARTIAL_VIEWS)
def test_writes_through_a_view_reach_the_input(make_view):
    x = arange(2, 3, 4)
    v = make_view(x)
    v.mul_(0.0)
    assert v._version == x._version == 1
    np.testing.assert_array_equal(make_view(x).numpy(), 0.0)
    assert x.numpy().any()  # only the viewed part was zeroed


def test_select_of_a_vector_is_a_zero_dim_view():
    x = arange(4)
    element = x[2]
    x[2] = 7.0
    assert element.item() == 7.0
    assert element._version == 1


def test_views_record_their_root_base():
    x = arange(2, 3, 4, requires_grad=True)
    assert x[0]._base is x and x._base is None
    assert x.transpose(0, 1)[1:].unsqueeze(0)._base is x
    y = x * 2
    assert y.view(-1)._base is y
    plain = arange(4)
    assert plain[1:]._base is plain and plain.view(2, 2)._base is plain  # as in torch 2.13
    assert plain.detach()._base is None
    assert plain[[0, 1]]._base is None  # advanced indexing copies


def test_reshape_copies_only_when_it_must():
    x = arange(3, 4, requires_grad=True)
    view = x.reshape(2, 6)
    assert np.shares_memory(view.numpy(force=True), x.numpy(force=True))
    assert grad_fn_chain(view) == ["ViewBackward0"]
    copy = x.t().reshape(-1)
    assert not np.shares_memory(copy.numpy(force=True), x.numpy(force=True))
    # recorded from torch 2.13: a clone followed by a view that is not a view of x
    assert grad_fn_chain(copy) == ["UnsafeViewBackward0", "CloneBackward0", "TBackward0"]
    assert copy._base is None
    with ember.no_grad():
        x.add_(1.0)
    assert copy._version == 0 and view._version == 1
    np.testing.assert_array_equal(copy.detach().numpy(), (x.detach().numpy() - 1).T.ravel())


def test_view_refuses_non_contiguous_layouts():
    x = arange(3, 4)
    message = ("view size is not compatible with input tensor's size and stride (at least one "
               "dimension spans across two contiguous subspaces). Use .reshape(...) instead.")
    with pytest.raises(RuntimeError) as error:
        x.t().view(-1)
    assert str(error.value) == message
    with pytest.raises(RuntimeError, match="spans across two contiguous subspaces"):
        x[:, :3].view(-1)
    # recorded from torch 2.13: these layouts do allow a view
    assert x.t().view(2, 2, 3).shape == (2, 2, 3)
    assert x.t().view(4, 3, 1).shape == (4, 3, 1)
    assert x[:, ::2].view(3, 1, 2).shape == (3, 1, 2)
    assert np.shares_memory(x[:, ::2].view(6).numpy(), x.numpy())


def test_flatten_of_a_single_dim_returns_the_tensor_itself():
    x = arange(3, 4, requires_grad=True)
    assert x.flatten(0, 0) is x
    row = x[0]
    assert row.flatten() is row
    assert ember.tensor(2.0).flatten().shape == (1,)


# ---------------------------------------------------------------------- grad_fn names
# recorded from torch 2.13
GRAD_FN_NAMES = [
    (lambda x: x.flatten(), ["ViewBackward0"]),
    (lambda x: x.unflatten(1, (2, 2)), ["ViewBackward0"]),
    (lambda x: x.narrow(1, 1, 2), ["SliceBackward0"]),
    (lambda x: x.select(1, 1), ["SelectBackward0"]),
    (lambda x: x.diag(), ["DiagonalBackward0_copy"]),
    (lambda x: x.diagonal(), ["DiagonalBackward0"]),
    (lambda x: x[0].diag(), ["DiagEmbedBackward0", "SelectBackward0"]),
    (lambda x: x.movedim(0, 1), ["PermuteBackward0"]),
    (lambda x: x.roll(1), ["RollBackward0"]),
    (lambda x: x.tril(), ["TrilBackward0"]),
    (lambda x: x.triu(1), ["TriuBackward0"]),
    (lambda x: x.split(2)[0], ["SplitBackward0"]),
    (lambda x: x.split([1, 2])[1], ["SplitWithSizesBackward0"]),
    (lambda x: x.chunk(3)[0], ["SplitBackward0"]),
    (lambda x: x.unbind(1)[0], ["UnbindBackward0"]),
    (lambda x: x.repeat(2, 1), ["RepeatBackward0"]),
    (lambda x: x.flip(0), ["FlipBackward0"]),
    (lambda x: ember.cat([x, x]), ["CatBackward0"]),
    (lambda x: ember.stack([x, x]), ["StackBackward0"]),
    (lambda x: x.unsqueeze(0).flatten(), ["ViewBackward0", "UnsqueezeBackward0"]),
    (lambda x: x.expand(2, 3, 4), ["ExpandBackward0"]),
    (lambda x: x.swapaxes(0, 1), ["TransposeBackward0"]),
    (lambda x: ember.hstack([x, x]), ["CatBackward0"]),
    (lambda x: ember.vstack([x[0], x[1]]), ["CatBackward0", "UnsqueezeBackward0",
                                            "SelectBackward0"]),
    (lambda x: ember.dstack([x, x]), ["CatBackward0", "UnsqueezeBackward0"]),
    (lambda x: ember.column_stack([x[0], x[1]]), ["CatBackward0", "ViewBackward0",
                                                  "SelectBackward0"]),
    (lambda x: x.tile(2), ["RepeatBackward0"]),
    (lambda x: x.repeat_interleave(2, dim=1), ["ViewBackward0", "CloneBackward0",
                                               "ExpandBackward0", "UnsqueezeBackward0"]),
    (lambda x: x.repeat_interleave(ember.tensor([1, 2, 0]), dim=0), ["IndexSelectBackward0"]),
    (lambda x: x.take_along_dim(ember.tensor([[0, 1]]), 1), ["GatherBackward0",
                                                             "ExpandBackward0"]),
    (lambda x: ember.as_strided(x, (2, 2), (1, 4), 1), ["AsStridedBackward0"]),
]


@pytest.mark.parametrize("fn, names", GRAD_FN_NAMES)
def test_grad_fn_names(fn, names):
    assert grad_fn_chain(fn(arange(3, 4, requires_grad=True))) == names


def test_split_pieces_send_gradients_to_their_slice():
    x = arange(3, 4, requires_grad=True)
    first, second = x.split([1, 2])
    (first.sum() * 2 + (second * second).sum()).backward()
    expected = 2 * x.detach().numpy()
    expected[0] = 2.0
    np.testing.assert_allclose(x.grad.numpy(), expected)


# ---------------------------------------------------------------------- errors
# recorded from torch 2.13: (call, exception type, message)
ERRORS = [
    (lambda x: x.view(5), RuntimeError, "shape '[5]' is invalid for input of size 12"),
    (lambda x: x.view(-1, -1), RuntimeError, "only one dimension can be inferred"),
    (lambda x: ember.cat([ember.zeros(2, 3), ember.zeros(2, 4)]), RuntimeError,
     "Sizes of tensors must match except in dimension 0. Expected size 3 but got size 4 for "
     "tensor number 1 in the list."),
    (lambda x: ember.cat([ember.zeros(2, 3), ember.zeros(3)]), RuntimeError,
     "Tensors must have same number of dimensions: got 2 and 1"),
    (lambda x: ember.cat([]), ValueError, "torch.cat(): expected a non-empty list of Tensors"),
    (lambda x: ember.cat([ember.tensor(1.0), ember.tensor(2.0)]), RuntimeError,
     "zero-dimensional tensor (at position 0) cannot be concatenated"),
    (lambda x: ember.cat([x, x], 2), IndexError,
     "Dimension out of range (expected to be in range of [-2, 1], but got 2)"),
    (lambda x: ember.cat(x), TypeError,
     "cat(): argument 'tensors' (position 1) must be tuple of Tensors, not Tensor"),
    (lambda x: ember.cat([1, 2]), TypeError,
     "expected Tensor as element 0 in argument 0, but got int"),
    (lambda x: ember.stack([ember.zeros(2, 3), ember.zeros(2, 4)]), RuntimeError,
     "stack expects each tensor to be equal size, but got [2, 3] at entry 0 and [2, 4] at "
     "entry 1"),
    (lambda x: ember.stack([]), RuntimeError, "stack expects a non-empty TensorList"),
    (lambda x: ember.stack([x, x], 3), IndexError,
     "Dimension out of range (expected to be in range of [-3, 2], but got 3)"),
    (lambda x: x.split(0), RuntimeError,
     "split_size can only be 0 if dimension size is 0, but got dimension size of 3"),
    (lambda x: x.split([1, 1]), RuntimeError,
     "split_with_sizes expects split_sizes to sum exactly to 3 (input tensor's size at "
     "dimension 0), but got split_sizes=[1, 1]"),
    (lambda x: x.split(-1), RuntimeError,
     "split expects split_size be non-negative, but got split_size=-1"),
    (lambda x: x.chunk(0), RuntimeError, "chunk expects `chunks` to be greater than 0, got: 0"),
    (lambda x: x.narrow(0, 2, 2), RuntimeError, "start (2) + length (2) exceeds dimension size "
     "(3)."),
    (lambda x: x.narrow(0, 0, -1), RuntimeError, "narrow(): length must be non-negative."),
    (lambda x: x.narrow(0, 5, 0), IndexError,
     "start out of range (expected to be in range of [-3, 3], but got 5)"),
    (lambda x: ember.tensor(1.0).narrow(0, 0, 1), RuntimeError,
     "narrow() cannot be applied to a 0-dim tensor."),
    (lambda x: x.select(0, 3), IndexError,
     "select(): index 3 out of range for tensor of size [3, 4] at dimension 0"),
    (lambda x: x.select(1, -5), IndexError,
     "select(): index -5 out of range for tensor of size [3, 4] at dimension 1"),
    (lambda x: ember.tensor(1.0).select(0, 0), IndexError,
     "select() cannot be applied to a 0-dim tensor."),
    (lambda x: x.unflatten(1, (3, 2)), RuntimeError,
     "unflatten: Provided sizes [3, 2] don't multiply up to the size of dim 1 (4) in the "
     "input tensor"),
    (lambda x: x.unflatten(1, ()), RuntimeError, "unflatten: sizes must be non-empty"),
    (lambda x: x.flatten(1, 0), RuntimeError,
     "flatten() has invalid args: start_dim cannot come after end_dim"),
    (lambda x: x.repeat(2), RuntimeError, "Number of dimensions of repeat dims can not be "
     "smaller than number of dimensions of tensor"),
    (lambda x: x.repeat(-1, 1), RuntimeError,
     "Trying to create tensor with negative dimension -3: [-3, 4]"),
    (lambda x: x.flip(0, 0), RuntimeError, "dim 0 appears multiple times in the list of dims"),
    (lambda x: ember.zeros(3).tril(), RuntimeError,
     "tril: input tensor must have at least 2 dimensions"),
    (lambda x: ember.zeros(2, 3, 3).diag(), RuntimeError,
     "diag(): Supports 1D or 2D tensors. Got 3D"),
    (lambda x: ember.ones(2, 3, 4).diagonal(0, 1, 1), RuntimeError,
     "diagonal dimensions cannot be identical 1, 1"),
    (lambda x: ember.ones(2, 3, 4).movedim((0, 1), (2,)), RuntimeError,
     "movedim: Invalid source or destination dims: source ([0, 1] dims) should contain the "
     "same number of dims as destination ([2] dims)"),
    (lambda x: ember.ones(2, 3, 4).movedim((0, 0), (2, 1)), RuntimeError,
     "movedim: repeated dim in `source` ([0, 0])"),
    (lambda x: ember.ones(2, 3, 4).movedim((0, 1), (2, 2)), RuntimeError,
     "movedim: repeated dim in `destination` ([2, 2])"),
    (lambda x: ember.tensor(1.0).unbind(), IndexError,
     "Dimension specified as 0 but tensor has no dimensions"),
    (lambda x: x.roll((1, 2), (0,)), RuntimeError,
     "shifts and dimensions must align. shifts: 2, dims:1"),
    (lambda x: x.expand(3), RuntimeError,
     "expand(torch.FloatTensor{[3, 4]}, size=[3]): the number of sizes provided (1) must be "
     "greater or equal to the number of dimensions in the tensor (2)"),
    (lambda x: x.repeat_interleave(-1), RuntimeError, "Repeats must be non-negative"),
    (lambda x: x.repeat_interleave(ember.tensor([1, 2]), dim=0), RuntimeError,
     "repeats must have the same size as input along dim, but got repeats.size(0) = 2 and "
     "input.size(0) = 3"),
    (lambda x: ember.take_along_dim(x, ember.tensor([0, 1]), dim=1), RuntimeError,
     "torch.take_along_dim(): input and indices should have the same number of dimensions, "
     "but got 2 dimensions for input, and 1 dimensions for indices"),
    (lambda x: ember.hstack([]), RuntimeError, "hstack expects a non-empty TensorList"),
    (lambda x: x.reshape((2.0, 6)), TypeError, "reshape(): argument 'shape' (position 1) must "
     "be tuple of ints, but found element of type float at pos 0"),
    (lambda x: ember.as_strided(x, (20,), (1,)), RuntimeError,
     "setStorage: sizes [20], strides [1], storage offset 0, and itemsize 4 requiring a "
     "storage size of 80 are out of bounds for storage of size 48"),
    (lambda x: x.expand(2, 5), RuntimeError,
     "The expanded size of the tensor (5) must match the existing size (4) at non-singleton "
     "dimension 1.  Target sizes: [2, 5].  Tensor sizes: [3, 4]"),
]


@pytest.mark.parametrize("call, error, message", ERRORS)
def test_errors_match_torch(call, error, message):
    with pytest.raises(error) as raised:
        call(arange(3, 4, dtype=ember.float32))
    assert str(raised.value) == message


# ---------------------------------------------------------------------- cat / stack
@pytest.mark.parametrize("dtypes, result", [
    ((ember.int64, ember.float32), ember.float32),
    ((ember.bool, ember.int32), ember.int32),
    ((ember.float64, ember.float32), ember.float64),
])  # recorded from torch 2.13
def test_cat_and_stack_promote(dtypes, result):
    tensors = [ember.zeros(2, dtype=d) for d in dtypes]
    assert ember.cat(tensors).dtype == result
    assert ember.stack(tensors).dtype == result


def test_cat_gradients_keep_each_input_dtype():
    a = arange(2, 3, requires_grad=True)
    b = arange(2, 2, dtype=ember.float32, requires_grad=True)
    out = ember.cat([a, b], 1)
    assert out.dtype == ember.float64
    weights = np.arange(10.0).reshape(2, 5)
    out.backward(ember.tensor(weights))
    assert a.grad.dtype == ember.float64 and b.grad.dtype == ember.float32
    np.testing.assert_array_equal(a.grad.numpy(), weights[:, :3])
    np.testing.assert_array_equal(b.grad.numpy(), weights[:, 3:])


def test_cat_skips_one_dimensional_empty_tensors():
    empty = ember.zeros(0, requires_grad=True)
    x = arange(2, 2, requires_grad=True)
    out = ember.cat([x, empty])
    assert out.shape == (2, 2) and out.grad_fn.name() == "CatBackward0"
    out.sum().backward()
    # torch 2.13 gives a skipped input empty zeros as its gradient (cat_tensors_backward)
    assert empty.grad is not None and empty.grad.shape == (0,)
    np.testing.assert_array_equal(x.grad.numpy(), np.ones((2, 2)))


@pytest.mark.parametrize("size, chunks, sizes", [(6, 4, [2, 2, 2]), (5, 4, [2, 2, 1]),
                                                  (3, 5, [1, 1, 1]), (0, 3, [0, 0, 0])])
def test_chunk_sizes(size, chunks, sizes):  # recorded from torch 2.13
    assert [p.shape[0] for p in ember.zeros(size).chunk(chunks)] == sizes


def test_split_of_an_empty_dim():
    assert [p.shape[0] for p in ember.zeros(0).split(2)] == [0]
    assert [p.shape[0] for p in ember.zeros(0).split(0)] == [0]


# ---------------------------------------------------------------------- in-place shapes
def test_unsqueeze_and_squeeze_in_place():
    x = arange(3, requires_grad=True)
    y = x * 1
    identity = id(y)
    y.unsqueeze_(0)
    assert id(y) == identity and y.shape == (1, 3) and y._version == 1
    assert y.grad_fn.name() == "UnsqueezeBackward1"  # recorded from torch 2.13
    y.squeeze_(0)
    assert y.shape == (3,) and y.grad_fn.name() == "SqueezeBackward4"
    y.unsqueeze_(1).squeeze_()
    assert y.grad_fn.name() == "SqueezeBackward3"
    (y * ember.tensor([1.0, 2.0, 3.0])).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [1.0, 2.0, 3.0])


def test_in_place_shape_change_of_a_leaf_requiring_grad_is_refused():
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        arange(3, requires_grad=True).unsqueeze_(0)
    plain = arange(3)
    assert plain.unsqueeze_(0).shape == (1, 3)


def test_diagonal_view_is_writable():
    x = ember.zeros(3, 3)
    x.diagonal(1).fill_(2.0)
    np.testing.assert_array_equal(x.numpy(), np.diag([2.0, 2.0], 1))


def test_t_and_transpose_in_place():
    x = arange(3, 4, requires_grad=True)
    y = x * 1
    assert y.t_() is y and y.shape == (4, 3) and y._version == 1
    assert y.grad_fn.name() == "TBackward1"  # recorded from torch 2.13
    y.transpose_(0, 1)
    assert y.shape == (3, 4) and y.grad_fn.name() == "TransposeBackward1"
    y.backward(ember.ones_like(y))
    np.testing.assert_array_equal(x.grad.numpy(), np.ones((3, 4)))


def test_atleast_nd_shapes():  # recorded from torch 2.13
    shapes = [t.shape for t in ember.atleast_3d(ember.tensor(1.0), ember.ones(2),
                                                ember.ones(2, 3))]
    assert shapes == [(1, 1, 1), (1, 2, 1), (2, 3, 1)]
    assert ember.atleast_2d(ember.ones(4)).shape == (1, 4)
    assert ember.atleast_1d(ember.tensor(2.0)).shape == (1,)


def test_repeat_interleave_of_counts_alone():
    assert ember.repeat_interleave(ember.tensor([1, 0, 2])).tolist() == [0, 2, 2]


def test_as_strided_reads_and_scatters_back():
    x = arange(3, 4, requires_grad=True)
    window = ember.as_strided(x, (2, 2), (1, 4), 1)
    np.testing.assert_array_equal(window.detach().numpy(), [[0.25, 1.25], [0.5, 1.5]])
    assert np.shares_memory(window.detach().numpy(), x.detach().numpy())
    window.backward(ember.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=ember.float64))
    # recorded from torch 2.13
    np.testing.assert_array_equal(x.grad.numpy(), [[0, 1, 3, 0], [0, 2, 4, 0], [0, 0, 0, 0]])
    tail = arange(3, 4)[1:]
    # the storage offset counts from the base's memory, as in torch
    np.testing.assert_array_equal(ember.as_strided(tail, (2,), (1,)).numpy(), [1.0, 1.25])
