"""Sorting, selection and the later pointwise ops: what the generated op tests
(tests/test_op_table.py) cannot see.

Named tuples and their printing, grad_fn names, gradients at ties and at the special points
of xlogy/logit/sinc/nan_to_num (where finite differences do not give torch's convention),
the graph of the gradient (create_graph), result dtypes, and torch's errors.

Expected values marked "recorded from torch 2.13" were produced by running the same call
with torch 2.13.0 (CPU) and copied here.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import ember

NAN = float("nan")
INF = float("inf")


def leaf(values) -> ember.Tensor:
    """A float64 leaf that requires grad (built from a float64 array, so exactly `values`)."""
    return ember.tensor(np.asarray(values, dtype=np.float64), requires_grad=True)


def grad_of(fn, *values, cotangent=None) -> list:
    """The gradients of fn(*leaves) against `cotangent` (ones by default), as lists."""
    leaves = [leaf(v) for v in values]
    out = fn(*leaves)
    seed = ember.ones_like(out) if cotangent is None else ember.tensor(
        np.asarray(cotangent, dtype=np.float64))
    grads = ember.autograd.grad(out, leaves, seed, allow_unused=True)
    return [None if g is None else g.tolist() for g in grads]


def same(got: list, want: list) -> bool:
    """Equal lists of floats up to the last bit (libm's log may differ by an ulp), NaN equal
    to NaN, infinities exact."""
    got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
    return got.shape == want.shape and bool(
        np.allclose(got, want, rtol=1e-15, atol=0.0, equal_nan=True))


# ====================================================================== named tuples
def test_sort_prints_as_torch_return_type():
    x = ember.tensor([3.0, 1.0, 2.0], requires_grad=True)
    # recorded from torch 2.13
    assert repr(x.sort()) == (
        "torch.return_types.sort(\n"
        "values=tensor([1., 2., 3.], grad_fn=<SortBackward0>),\n"
        "indices=tensor([1, 2, 0]))"
    )
    assert repr(ember.tensor([1.0, 5.0, 3.0, 4.0]).topk(2)) == (
        "torch.return_types.topk(\nvalues=tensor([5., 4.]),\nindices=tensor([1, 3]))")
    assert repr(ember.tensor([[3.0, 1.0], [2.0, 5.0]]).kthvalue(1, 0, True)) == (
        "torch.return_types.kthvalue(\nvalues=tensor([[2., 1.]]),\nindices=tensor([[1, 0]]))")


def test_return_types_unpack_and_name_their_fields():
    result = ember.sort(ember.tensor([[2, 0, 1]]), dim=1, descending=True)
    values, indices = result
    assert type(result).__name__ == "sort" and isinstance(result, tuple)
    assert result.values is values and result.indices is indices
    assert values.tolist() == [[2, 1, 0]] and indices.tolist() == [[0, 2, 1]]
    assert indices.dtype == ember.int64 and not indices.requires_grad
    assert ember.return_types.topk is type(ember.topk(values, 1))
    assert ember.return_types.kthvalue is type(ember.kthvalue(values, 1))


def test_grad_fn_names():
    x = ember.tensor([3.0, 1.0, 2.0], requires_grad=True)
    names = [x.sort().values, x.msort(), x.topk(2).values, x.kthvalue(2).values, x.unique(),
             x.reshape(1, 3).unique(dim=1), x.exp2(), x.nan_to_num(), x.addcmul(x, x),
             x.addcdiv(x, x), x.hypot(x), x.xlogy(x), ember.xlogy(2.0, x), x.xlogy(2.0),
             x.sinc(), x.logit(), x.logit(0.1)]
    # recorded from torch 2.13
    assert [t.grad_fn.name() for t in names] == [
        "SortBackward0", "SortBackward0", "TopkBackward0", "KthvalueBackward0",
        "Unique2Backward0", "UniqueDimBackward0", "Exp2Backward0", "NanToNumBackward0",
        "AddcmulBackward0", "AddcdivBackward0", "HypotBackward0", "XlogyBackward0",
        "XlogyBackward1", "XlogyBackward2", "SincBackward0", "LogitBackward0",
        "LogitBackward0"]


def test_indices_never_require_grad_and_integer_inputs_record_nothing():
    x = ember.tensor([3.0, 1.0, 2.0], requires_grad=True)
    assert not x.argsort().requires_grad and not x.sort().indices.requires_grad
    assert x.argsort().grad_fn is None
    assert ember.tensor([3, 1]).sort().values.grad_fn is None


# ====================================================================== sort order
def test_stable_order_in_both_directions():
    values = np.random.default_rng(3).integers(0, 4, 300)
    x = ember.tensor(values)
    # Python's sorted is stable: equal keys keep their order.
    ascending = sorted(range(values.size), key=lambda i: values[i])
    descending = sorted(range(values.size), key=lambda i: -values[i])
    assert x.sort(stable=True).indices.tolist() == ascending
    assert x.sort(descending=True, stable=True).indices.tolist() == descending
    assert x.argsort(descending=True, stable=True).tolist() == descending
    # Without stable=True, torch's introsort moves equal elements (ops/_tie_order.py)
    assert x.argsort(descending=True).tolist() != descending


def test_nan_sorts_as_largest():
    x = ember.tensor([2.0, NAN, 1.0, -INF, NAN])
    # recorded from torch 2.13
    assert x.sort().indices.tolist() == [3, 2, 0, 1, 4]
    assert x.sort(descending=True).indices.tolist() == [1, 4, 0, 2, 3]
    assert x.topk(1).indices.tolist() == [1]
    assert x.topk(1, largest=False).values.tolist() == [-INF]
    assert ember.kthvalue(ember.tensor([1.0, NAN, 3.0]), 3).indices.item() == 1


def test_zero_dim_and_empty_inputs():
    scalar = ember.tensor(5.0, requires_grad=True)
    values, indices = scalar.sort()
    assert values.shape == () and indices.item() == 0
    values.backward()
    assert scalar.grad.item() == 1.0
    assert ember.topk(ember.tensor(5.0), 0).values.item() == 5.0  # as torch
    empty = ember.zeros(0, 3)
    assert ember.sort(empty, dim=0).values.shape == (0, 3)
    assert ember.topk(empty, 0, dim=0).indices.shape == (0, 3)


def test_randperm_sorts_to_arange():
    assert ember.randperm(7).sort().values.tolist() == list(range(7))


def test_msort_sorts_along_the_first_dim():
    x = ember.tensor([[3, 1], [0, 2]])
    assert ember.msort(x).tolist() == [[0, 1], [3, 2]]


# ====================================================================== gradients
def test_sort_gradient_goes_to_the_source_positions_even_at_ties():
    # Stable order of [1, 1, 0]: indices [2, 0, 1].
    assert grad_of(lambda t: t.sort().values, [1.0, 1.0, 0.0],
                   cotangent=[10.0, 20.0, 30.0]) == [[20.0, 30.0, 10.0]]
    assert grad_of(lambda t: t.sort(descending=True).values, [1.0, 1.0, 0.0],
                   cotangent=[10.0, 20.0, 30.0]) == [[10.0, 20.0, 30.0]]


def test_topk_and_kthvalue_gradients_reach_only_selected_elements():
    assert grad_of(lambda t: t.topk(2).values, [3.0, 1.0, 2.0],
                   cotangent=[10.0, 20.0]) == [[10.0, 0.0, 20.0]]
    assert grad_of(lambda t: t.kthvalue(2, 0, keepdim=False).values,
                   [[3.0, 1.0], [2.0, 5.0], [0.0, 4.0]], cotangent=[10.0, 20.0]) == [
        [[0.0, 0.0], [10.0, 0.0], [0.0, 20.0]]]
    assert grad_of(lambda t: t.kthvalue(1, keepdim=True).values, [[3.0, 1.0]],
                   cotangent=[[7.0]]) == [[[0.0, 7.0]]]


def test_gradient_graph_is_a_scatter_and_differentiates_to_a_gather():
    x = leaf([3.0, 1.0, 2.0])
    cotangent = leaf([10.0, 20.0, 30.0])
    (g,) = ember.autograd.grad(x.sort().values, x, cotangent, create_graph=True)
    # recorded from torch 2.13
    assert g.grad_fn.name() == "ScatterBackward0" and g.tolist() == [30.0, 10.0, 20.0]
    weights = ember.tensor(np.array([1.0, 2.0, 3.0]))
    (d_cotangent,) = ember.autograd.grad((g * weights).sum(), cotangent)
    # g[i] = cotangent[position of x_i in the sorted order]: its gradient gathers weights.
    assert d_cotangent.tolist() == [2.0, 3.0, 1.0]


def test_returned_indices_written_in_place_refuse_the_backward_as_torch():
    # torch saves the indices it returns: a write into them is its version error, and a
    # write into a clone of them leaves the gradient alone
    x = leaf([3.0, 1.0, 2.0])
    values, indices = x.sort()
    indices.clone().zero_()
    values.backward(ember.tensor(np.array([10.0, 20.0, 30.0])), retain_graph=True)
    assert x.grad.tolist() == [30.0, 10.0, 20.0]
    indices.zero_()
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        values.backward(ember.tensor(np.array([10.0, 20.0, 30.0])))


def test_unique_records_a_node_whose_backward_raises_as_torch():
    x = leaf([1.0, 2.0, 1.0])
    with pytest.raises(NotImplementedError, match="the derivative for '_unique2' is not "):
        x.unique().sum().backward()
    with pytest.raises(NotImplementedError, match="derivative for 'unique_dim' is not"):
        x.reshape(3, 1).unique(dim=0).sum().backward()
    y = x.unique_consecutive()
    assert y.grad_fn.name() == "UniqueConsecutiveBackward0"
    with pytest.raises(NotImplementedError, match="'unique_consecutive' is not implemented"):
        y.sum().backward()


# ====================================================================== unique
def test_unique_inverse_and_counts():
    data = np.array([[5, 3], [9, 3]])
    values, inverse, counts = ember.unique(ember.tensor(data), return_inverse=True,
                                           return_counts=True)
    assert values.tolist() == [3, 5, 9] and counts.tolist() == [2, 1, 1]
    assert inverse.shape == (2, 2)
    np.testing.assert_array_equal(values.numpy()[inverse.numpy()], data)
    only_counts = ember.tensor([3, 1, 3]).unique(return_counts=True)
    assert len(only_counts) == 2 and only_counts[1].tolist() == [1, 2]
    # sorted=False still sorts (so does torch on CPU)
    assert ember.unique(ember.tensor([5, 3, 9, 3, 1, 7]), sorted=False).tolist() == [
        1, 3, 5, 7, 9]


def test_unique_special_values():
    result = ember.unique(ember.tensor([3.0, NAN, 3.0, NAN]), return_inverse=True,
                          return_counts=True)
    # recorded from torch 2.13: every NaN is its own value
    assert same(result[0].tolist(), [3.0, NAN, NAN])
    assert result[1].tolist() == [0, 1, 0, 2] and result[2].tolist() == [2, 1, 1]
    # The first occurrence represents equal values: -0.0 and 0.0 are equal.
    assert str(ember.unique(ember.tensor([-0.0, 0.0, 1.0]))) == "tensor([-0., 1.])"
    assert str(ember.unique(ember.tensor([0.0, -0.0, 1.0]))) == "tensor([0., 1.])"
    values, inverse, counts = ember.unique(ember.tensor(3), return_inverse=True,
                                           return_counts=True)
    assert values.tolist() == [3] and inverse.shape == () and counts.tolist() == [1]
    assert ember.unique(ember.tensor([])).shape == (0,)


def test_unique_along_a_dim():
    x = ember.tensor(np.arange(24).reshape(2, 3, 4) % 3)
    values, inverse, counts = x.unique(dim=2, return_inverse=True, return_counts=True)
    # recorded from torch 2.13
    assert values.tolist() == [[[0, 1, 2], [1, 2, 0], [2, 0, 1]],
                               [[0, 1, 2], [1, 2, 0], [2, 0, 1]]]
    assert inverse.tolist() == [0, 1, 2, 0] and counts.tolist() == [2, 1, 1]
    nan_rows = ember.tensor([[1.0, 2.0], [NAN, 2.0], [NAN, 2.0]]).unique(dim=0)
    assert nan_rows.shape == (3, 2)
    empty = ember.unique(ember.zeros(0, 2), dim=0, return_inverse=True, return_counts=True)
    assert [t.shape for t in empty] == [(0, 2), (0,), (0,)]


def test_unique_dim_errors():
    with pytest.raises(IndexError, match="Dimension specified as 0 but tensor has no dim"):
        ember.unique(ember.tensor(3), dim=0)
    with pytest.raises(IndexError, match=r"expected to be in range of \[-1, 0\], but got 1"):
        ember.unique(ember.tensor([3]), dim=1)
    with pytest.raises(RuntimeError, match="aren't selected, so unique cannot be applied"):
        ember.unique(ember.zeros(2, 0), dim=0)
    with pytest.raises(RuntimeError, match="zero sized dimensions is more than one"):
        ember.unique(ember.zeros(0, 0), dim=0)
    with pytest.raises(TypeError, match="must be int, not bool"):
        ember.unique(ember.tensor([1]), dim=True)


# ====================================================================== searchsorted
def test_searchsorted_forms():
    boundaries = ember.tensor([1, 3, 5, 7])
    values = ember.tensor([3, 6, 9])
    # recorded from torch 2.13
    assert ember.searchsorted(boundaries, values).tolist() == [1, 3, 4]
    assert ember.searchsorted(boundaries, values, right=True).tolist() == [2, 3, 4]
    assert ember.searchsorted(boundaries, values, side="right").tolist() == [2, 3, 4]
    scalar = ember.searchsorted(boundaries, 4.5)
    assert scalar.shape == () and scalar.item() == 2 and scalar.dtype == ember.int64
    assert ember.searchsorted(boundaries, values, out_int32=True).dtype == ember.int32
    unsorted = ember.tensor([5.0, 1.0, 3.0])
    assert ember.searchsorted(unsorted, ember.tensor([2.0]),
                              sorter=ember.tensor([1, 2, 0])).tolist() == [1]
    assert ember.bucketize(values, boundaries).tolist() == [1, 3, 4]
    assert ember.bucketize(3, boundaries, right=True).item() == 2


def test_searchsorted_errors():
    row = ember.tensor([1.0, 2.0])
    with pytest.raises(RuntimeError, match="side can only be 'left' or 'right' but got mid"):
        ember.searchsorted(row, row, side="mid")
    with pytest.raises(RuntimeError, match="side and right can't be set to opposites"):
        ember.searchsorted(row, row, side="left", right=True)
    with pytest.raises(RuntimeError, match=r"boundaries tensor \[2, 4\] and input value "
                                           r"tensor \[3, 2\]"):
        ember.searchsorted(ember.zeros(2, 4), ember.zeros(3, 2))
    with pytest.raises(RuntimeError, match="should have positive dimension"):
        ember.searchsorted(ember.tensor(1.0), row)
    with pytest.raises(RuntimeError, match="input value can be a scalar only when"):
        ember.searchsorted(ember.zeros(2, 2), 1.0)
    with pytest.raises(RuntimeError, match="sorter must be a tensor of long dtype but got "
                                           "dtype Float"):
        ember.searchsorted(row, row, sorter=row)
    with pytest.raises(RuntimeError, match="sorter index out of range"):
        ember.searchsorted(row, row, sorter=ember.tensor([0, 5]))
    with pytest.raises(RuntimeError, match=r"boundaries tensor must be 1 dimension, but got "
                                           r"dim\(2\)"):
        ember.bucketize(row, ember.zeros(1, 2))
    with pytest.raises(TypeError, match="must be Tensor"):
        ember.searchsorted([1.0, 2.0], row)


# ====================================================================== sorting errors
@pytest.mark.parametrize("call, error, message", [
    (lambda: ember.tensor([1.0, 2.0]).sort(dim=1), IndexError,
     r"expected to be in range of \[-1, 0\], but got 1"),
    (lambda: ember.sort([1, 2]), TypeError, "must be Tensor, not list"),
    (lambda: ember.sort(ember.tensor([1.0]), dim=1.0), TypeError, "'dim' must be int"),
    (lambda: ember.sort(ember.tensor([1.0]), descending=1), TypeError,
     "'descending' must be bool"),
    (lambda: ember.sort(ember.tensor([1.0]), stable=1), TypeError, "'stable' must be bool"),
    (lambda: ember.tensor([1.0, 2.0]).topk(3), RuntimeError, "selected index k out of range"),
    (lambda: ember.tensor([1.0, 2.0]).topk(-1), RuntimeError, "selected index k out of range"),
    (lambda: ember.tensor([1.0]).topk(1.0), TypeError,
     r"argument 'k' \(position 1\) must be int, not float"),
    (lambda: ember.tensor([True]).topk(1), RuntimeError, "topk does not support bool"),
    (lambda: ember.tensor([[1.0, 2.0]]).topk(1, dim=2), IndexError,
     r"range of \[-2, 1\], but got 2"),
    (lambda: ember.tensor([1.0, 2.0]).kthvalue(3), RuntimeError,
     "kthvalue\\(\\): selected number k out of range for dimension 0"),
    (lambda: ember.tensor([1.0, 2.0]).kthvalue(0), RuntimeError, "selected number k out of"),
    (lambda: ember.zeros(0, 3).kthvalue(1, dim=0), IndexError,
     "Expected reduction dim 0 to have non-zero size"),
    (lambda: ember.tensor([True]).kthvalue(1), NotImplementedError,
     "\"kthvalue_cpu\" not implemented for 'Bool'"),
])
def test_sorting_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


# ====================================================================== pointwise extras
def test_exp2_and_sinc_values_and_dtypes():
    assert ember.exp2(ember.tensor([1, 2])).tolist() == [2.0, 4.0]
    assert ember.exp2(ember.tensor([1, 2])).dtype == ember.float32
    assert ember.tensor([1.0, 2.0], dtype=ember.float16).exp2().dtype == ember.float16
    with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired "
                                           "output type Long"):
        ember.tensor([1, 2]).exp2_()
    assert ember.sinc(ember.tensor([0.0, 0.5])).tolist() == pytest.approx([1.0, 2 / math.pi])
    assert grad_of(ember.exp2, [0.0, 1.0]) == [[math.log(2), 2 * math.log(2)]]


def test_sinc_gradient_is_zero_at_zero():
    # recorded from torch 2.13
    got = grad_of(ember.sinc, [0.0, 0.5, 1.0])[0]
    assert got[0] == 0.0
    assert got[1:] == pytest.approx([-1.2732395447351625, -1.0])


def test_nan_to_num_defaults_and_replacements():
    values = [NAN, INF, -INF, 1.0]
    default = ember.nan_to_num(ember.tensor(values))
    finfo = np.finfo(np.float32)
    assert default.tolist() == [0.0, float(finfo.max), float(finfo.min), 1.0]
    half = ember.nan_to_num(ember.tensor(values, dtype=ember.float16))
    assert half.tolist() == [0.0, 65504.0, -65504.0, 1.0]
    assert ember.tensor(values).nan_to_num(2.0, 3.0, -4).tolist() == [2.0, 3.0, -4.0, 1.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # torch overflows to inf silently
        overflow = ember.nan_to_num(ember.tensor([INF], dtype=ember.float16), posinf=1e10)
    assert overflow.tolist() == [INF]
    integers = ember.tensor([1, 2])
    assert integers.nan_to_num(nan=1.5).tolist() == [1, 2]
    assert integers.nan_to_num_() is integers


def test_nan_to_num_gradient_is_zero_at_replaced_elements():
    # recorded from torch 2.13
    assert grad_of(ember.nan_to_num, [NAN, INF, -INF, 1.0]) == [[0.0, 0.0, 0.0, 1.0]]


def test_addcmul_and_addcdiv_dtypes_and_values():
    ints = ember.tensor([1, 2])
    # recorded from torch 2.13: an integer computation truncates `value` first
    assert ember.addcmul(ints, ints, ints, value=2.5).tolist() == [3, 10]
    assert ember.addcmul(ints, ember.tensor([1.0, 2.0]), ints).dtype == ember.float32
    assert ember.addcmul(ember.tensor([1.0]), ember.tensor([2.0], dtype=ember.float64),
                         ember.tensor([2.0])).dtype == ember.float64
    assert ember.addcdiv(ember.tensor([1.0, 2.0]), ember.tensor([1.0, 2.0]),
                         ember.tensor([0.0, 2.0])).tolist() == [INF, 3.0]
    assert ember.addcmul(ember.tensor([1.0]), ember.tensor([2.0]), ember.tensor([2.0]),
                         value=ember.tensor(2.0)).tolist() == [9.0]
    target = ember.tensor([1.0, 2.0])
    assert target.addcdiv_(ember.tensor([1.0, 2.0]), ember.tensor([1.0, 2.0]),
                           value=3) is target
    assert target.tolist() == [4.0, 5.0]


def test_addcmul_and_addcdiv_gradients():
    # recorded from torch 2.13
    assert grad_of(lambda a, b, c: ember.addcmul(a, b, c, value=3), [1.0, 2.0], [3.0, 4.0],
                   [5.0, 6.0]) == [[1.0, 1.0], [15.0, 18.0], [9.0, 12.0]]
    got = grad_of(lambda a, b, c: ember.addcdiv(a, b, c, value=3), [1.0, 2.0], [3.0, 4.0],
                  [0.0, 6.0])
    assert same(got[0], [1.0, 1.0]) and same(got[1], [INF, 0.5])
    assert got[2][0] == -INF and got[2][1] == pytest.approx(-1 / 3)


@pytest.mark.parametrize("call, error, message", [
    (lambda: ember.addcmul(ember.tensor([1.0]), ember.tensor([1.0]), 3), TypeError,
     r"argument 'tensor2' \(position 3\) must be Tensor, not int"),
    (lambda: ember.addcmul(ember.tensor([True]), ember.tensor([True]), ember.tensor([True])),
     NotImplementedError, "\"addcmul_cpu_out\" not implemented for 'Bool'"),
    (lambda: ember.addcdiv(ember.tensor([1.0]), ember.tensor([1]), ember.tensor([2])),
     RuntimeError, "Integer division with addcdiv is no longer supported"),
    (lambda: ember.tensor([1.0, 2.0]).addcmul_(ember.tensor([[1.0], [2.0]]),
                                               ember.tensor([1.0, 2.0])),
     RuntimeError, r"output with shape \[2\] doesn't match the broadcast shape \[2, 2\]"),
    (lambda: ember.hypot(ember.tensor([3]), ember.tensor([4])), NotImplementedError,
     "\"hypot_cpu\" not implemented for 'Long'"),
    (lambda: ember.hypot(ember.tensor([3.0]), 4), TypeError,
     r"argument 'other' \(position 2\) must be Tensor, not int"),
    (lambda: ember.xlogy(2, 3), TypeError, "xlogy"),
    (lambda: ember.tensor([2]).xlogy_(3), RuntimeError, "can't be cast to the desired"),
])
def test_pointwise_extra_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_hypot_gradient_at_the_origin_is_nan():
    # recorded from torch 2.13
    got = grad_of(ember.hypot, [0.0, 3.0], [0.0, 4.0])
    assert same(got, [[NAN, 0.6], [NAN, 0.8]])


def test_xlogy_special_values_and_dtypes():
    x = ember.tensor([0.0, 0.0, 1.0, 0.0])
    y = ember.tensor([0.0, NAN, 0.0, INF])
    assert same(ember.xlogy(x, y).tolist(), [0.0, NAN, -INF, 0.0])
    assert ember.xlogy(ember.tensor([3]), ember.tensor([4])).dtype == ember.float32
    assert ember.xlogy(2, ember.tensor([4.0])).tolist() == pytest.approx([2 * math.log(4)])
    assert ember.xlogy(ember.tensor([4]), 2).dtype == ember.float32
    half = ember.tensor([4.0], dtype=ember.float16)
    assert ember.xlogy(half, 2.5).dtype == ember.float16


def test_xlogy_gradients_at_zero():
    # recorded from torch 2.13
    got = grad_of(ember.xlogy, [0.0, 0.0, 2.0, 0.0], [0.0, 2.0, 0.0, NAN])
    assert same(got[0], [0.0, math.log(2), -INF, NAN])
    assert same(got[1], [NAN, 0.0, INF, NAN])
    assert same(grad_of(lambda t: ember.xlogy(t, 0.0), [0.0, 2.0]), [[0.0, -INF]])
    assert same(grad_of(lambda t: ember.xlogy(t, 3.0), [0.0, 2.0]),
                [[math.log(3), math.log(3)]])
    assert same(grad_of(lambda t: ember.xlogy(2.0, t), [0.0, 2.0]), [[INF, 1.0]])


def test_logit_values_and_eps():
    probabilities = ember.tensor([0.0, 0.25, 1.0])
    # recorded from torch 2.13
    assert ember.logit(probabilities).tolist()[::2] == [-INF, INF]
    assert ember.logit(probabilities, eps=0.1).tolist() == pytest.approx(
        [-2.1972, -1.0986, 2.1972], abs=1e-4)
    outside = ember.tensor([-0.5, 0.0, 0.25, 1.0, 2.0])
    assert same(ember.logit(outside, -0.5).tolist()[::4], [NAN, NAN])  # eps < 0: no clamp
    # eps > 1/2: the bounds cross; the lower one is tested first
    assert ember.logit(ember.tensor([0.0, 0.5, 1.0]), 0.6).tolist() == pytest.approx(
        [0.4055, 0.4055, -0.4055], abs=1e-4)
    assert ember.logit(ember.tensor([0, 1])).dtype == ember.float32


@pytest.mark.parametrize("eps, expected", [
    (None, [NAN, INF, 16 / 3, INF, NAN]),
    (0.0, [0.0, INF, 16 / 3, INF, 0.0]),
    (-0.1, [NAN, INF, 16 / 3, INF, NAN]),
    (0.25, [0.0, 0.0, 16 / 3, 0.0, 0.0]),
])
def test_logit_gradient_outside_the_domain(eps, expected):
    # recorded from torch 2.13
    got = grad_of(lambda t: ember.logit(t, eps), [-0.5, 0.0, 0.25, 1.0, 2.0])[0]
    np.testing.assert_allclose(got, expected, rtol=1e-12)
