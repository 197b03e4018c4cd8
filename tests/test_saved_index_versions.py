"""torch saves the indices, masks and conditions an op reads in its backward as tensors, with
their versions: writing one in place before the backward makes it raise torch's version
error (autograd.node.keep_versions). ember's nodes keep them as arrays in their params, so
the nodes remember the tensors' versions. Checked against torch 2.13 (the expected
outcomes below were read off it)."""

from __future__ import annotations

import pytest

import ember as torch
from ember.nn import functional as F

MODIFIED = "modified by an inplace operation"


def _x(*shape):
    return torch.arange(1.0, 1.0 + (torch.tensor(shape).prod().item() if shape else 1),
                        dtype=torch.float64).reshape(shape).requires_grad_()


def _mask():
    return torch.tensor([True, False, True])


def _index():
    return torch.tensor([0, 2])


# (name, make) -> (output, the tensor torch saved): each saved tensor is written in place
# after the op, before the backward
INPUT_CASES = {
    "where": lambda: (lambda m: (torch.where(m, _x(3), _x(3)), m))(_mask()),
    "where_other_only": lambda: (lambda m: (torch.where(m, torch.ones(3, dtype=torch.float64),
                                                        _x(3)), m))(_mask()),
    "masked_fill": lambda: (lambda m: (_x(3).masked_fill(m, 1.0), m))(_mask()),
    "masked_fill_tensor": lambda: (lambda m: (_x(3).masked_fill(m, _x()), m))(_mask()),
    "masked_scatter": lambda: (lambda m: (_x(3).masked_scatter(m, _x(3)), m))(_mask()),
    "masked_select": lambda: (lambda m: (_x(3).masked_select(m), m))(_mask()),
    "gather": lambda: (lambda i: (_x(3).gather(0, i), i))(_index()),
    "take_along_dim": lambda: (lambda i: (torch.take_along_dim(_x(3), i), i))(_index()),
    "scatter": lambda: (lambda i: (_x(3).scatter(0, i, _x(2)), i))(_index()),
    "scatter_value": lambda: (lambda i: (_x(3).scatter(0, i, 1.0), i))(_index()),
    "scatter_add": lambda: (lambda i: (_x(3).scatter_add(0, i, _x(2)), i))(_index()),
    "scatter_add_src_only": lambda: (lambda i: (torch.ones(3, dtype=torch.float64)
                                                .scatter_add(0, i, _x(2)), i))(_index()),
    "scatter_reduce": lambda: (lambda i: (_x(3).scatter_reduce(0, i, _x(2), "sum"), i))(
        _index()),
    "index_select": lambda: (lambda i: (_x(3).index_select(0, i), i))(_index()),
    "index_add": lambda: (lambda i: (_x(3).index_add(0, i, _x(2)), i))(_index()),
    "index_copy": lambda: (lambda i: (_x(3).index_copy(0, i, _x(2)), i))(_index()),
    "index_fill": lambda: (lambda i: (_x(3).index_fill(0, i, 1.0), i))(_index()),
    "index_fill_tensor": lambda: (lambda i: (_x(3).index_fill(0, i, _x()), i))(_index()),
    "index_put": lambda: (lambda i: (_x(3).index_put((i,), _x(2)), i))(_index()),
    "index_put_accumulate": lambda: (lambda i: (_x(3).index_put((i,), _x(2), accumulate=True),
                                                i))(_index()),
    "getitem_long": lambda: (lambda i: (_x(3)[i], i))(_index()),
    "getitem_mask": lambda: (lambda m: (_x(3)[m], m))(_mask()),
    "getitem_long_with_slice": lambda: (lambda i: (_x(3, 3)[i, 1:], i))(_index()),
    "setitem_long": lambda: (lambda i: ((lambda y: (y.__setitem__(i, 1.0), y)[1])(_x(3) * 1),
                                        i))(_index()),
    "setitem_through_view": lambda: (lambda i: ((lambda y: (y[1:].__setitem__(i, 1.0),
                                                            y)[1])(_x(4) * 1), i))(_index()),
    "masked_fill_in_place": lambda: (lambda m: ((_x(3) * 1).masked_fill_(m, 2.0), m))(_mask()),
    "masked_fill_in_place_view": lambda: (lambda m: ((lambda y: (y[:3].masked_fill_(m, 2.0),
                                                                 y)[1])(_x(4) * 1), m))(_mask()),
    "put": lambda: (lambda i: (_x(3).put(i, _x(2)), i))(_index()),
    "put_accumulate": lambda: (lambda i: (_x(3).put(i, _x(2), accumulate=True), i))(_index()),
    "take": lambda: (lambda i: (_x(3).take(i), i))(_index()),
    "embedding": lambda: (lambda i: (F.embedding(i, _x(3, 2)), i))(_index()),
    "embedding_bag": lambda: (lambda i: (F.embedding_bag(i, _x(3, 2), torch.tensor([0, 1])),
                                         i))(_index()),
    "embedding_bag_offsets": lambda: (lambda o: (F.embedding_bag(_index(), _x(3, 2), o), o))(
        torch.tensor([0, 1])),
    "embedding_bag_2d_max": lambda: (lambda i: (F.embedding_bag(i, _x(3, 2), mode="max"), i))(
        torch.tensor([[0, 2], [1, 1]])),
    "nll_loss": lambda: (lambda t: (F.nll_loss(_x(2, 3), t), t))(_index()),
    "ctc_loss": lambda: (lambda t: (F.ctc_loss(_x(5, 1, 4).log_softmax(2), t, (5,), (2,)), t))(
        torch.tensor([[1, 2]])),
}

# ops whose returned indices torch saves
OUTPUT_CASES = {
    "sort": lambda: _x(3).sort(),
    "topk": lambda: _x(3).topk(2),
    "kthvalue": lambda: _x(3).kthvalue(2),
    "max_dim": lambda: _x(2, 3).max(1),
    "min_dim": lambda: _x(2, 3).min(1),
    "median_dim": lambda: _x(2, 3).median(1),
    "nanmedian_dim": lambda: _x(2, 3).nanmedian(1),
    "mode": lambda: _x(2, 3).mode(1),
    "cummax": lambda: _x(3).cummax(0),
    "cummin": lambda: _x(3).cummin(0),
    "max_pool1d": lambda: F.max_pool1d(_x(1, 1, 4), 2, return_indices=True),
    "max_pool2d": lambda: F.max_pool2d(_x(1, 1, 4, 4), 2, return_indices=True),
    "adaptive_max_pool2d": lambda: F.adaptive_max_pool2d(_x(1, 1, 4, 4), 2,
                                                         return_indices=True),
}


@pytest.mark.parametrize("name", sorted(INPUT_CASES))
def test_a_saved_index_or_mask_written_in_place_refuses_the_backward(name):
    out, saved = INPUT_CASES[name]()
    loss = out.sum()
    out.sum().backward(retain_graph=True)  # (untouched: the backward runs)
    saved.copy_(saved)  # a write of the same values still moves the version
    with pytest.raises(RuntimeError, match=MODIFIED):
        loss.backward()


@pytest.mark.parametrize("name", sorted(OUTPUT_CASES))
def test_returned_indices_written_in_place_refuse_the_backward(name):
    values, indices = OUTPUT_CASES[name]()
    indices.add_(0)
    with pytest.raises(RuntimeError, match=MODIFIED):
        values.sum().backward()


def test_the_message_names_the_saved_tensor_as_torch_does():
    mask, index = _mask(), _index()
    y = _x(3).masked_fill(mask, 0.0) + _x(3).index_select(0, torch.tensor([0, 1, 2]))
    mask.logical_not_()
    with pytest.raises(RuntimeError) as caught:
        y.sum().backward()
    assert "[CPUBoolType [3]] is at version 1; expected version 0 instead" in str(caught.value)
    z = _x(3).gather(0, index)
    index.add_(1)
    index.sub_(1)
    with pytest.raises(RuntimeError) as caught:
        z.sum().backward()
    assert "[torch.LongTensor [2]] is at version 2; expected version 0 instead" in str(
        caught.value)


def test_what_torch_does_not_save_may_be_written():
    # index_add with only self requiring grad: its gradient is the gradient itself
    index = _index()
    y = _x(3).index_add(0, index, torch.ones(2, dtype=torch.float64))
    index.add_(0)
    y.sum().backward()
    # nothing requires grad: nothing recorded, nothing saved
    mask = _mask()
    z = torch.ones(3).masked_fill(mask, 0.0)
    mask.logical_not_()
    assert z.grad_fn is None
    # a write before the op: the version saved is the one it has then
    index = _index()
    index.add_(0)
    x = _x(3)
    x.gather(0, index).sum().backward()
    assert x.grad.tolist() == [1.0, 0.0, 1.0]


def test_the_second_backward_error_comes_first():
    mask = _mask()
    y = torch.where(mask, _x(3), 0.0)
    y.sum().backward()
    mask.logical_not_()
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        y.sum().backward()


def test_under_create_graph_the_first_backward_refuses():
    # the rc14 program of the sweep h11-s9-final-100k: the condition written before
    # autograd.grad(create_graph=True)
    condition = torch.tensor([[True, False, True]])
    x = _x(1, 3)
    y = torch.where(condition, torch.ones(3, dtype=torch.float64), x)
    condition.sign_()
    with pytest.raises(RuntimeError, match=MODIFIED):
        torch.autograd.grad(y.sum(), [x], create_graph=True)


def test_saved_tensors_hooks_pack_the_params_without_a_version_check():
    # torch checks no versions of what the hooks packed
    mask = _mask()
    x = _x(3)
    with torch.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t):
        y = torch.where(mask, x, 0.0)
    y.sum().backward()
    assert x.grad.tolist() == [1.0, 0.0, 1.0]
