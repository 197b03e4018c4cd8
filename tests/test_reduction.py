"""Reductions: what the generated op tests (tests/test_op_table.py) cannot see.

Named tuples and their printing, result dtypes, grad_fn names, gradients at ties (where
finite differences do not give torch's convention), prod/cumprod at zeros (first and
second derivatives), torch's error types and messages, and the edge cases of std/var,
logsumexp and norm.

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


def leaf(values, dtype=ember.float64) -> ember.Tensor:
    return ember.tensor(values, dtype=dtype, requires_grad=True)


def gradient(fn, values) -> np.ndarray:
    """d sum(fn(x)) / dx at `values`, through ember (float64)."""
    x = leaf(values)
    y = fn(x)
    y.backward(ember.ones_like(y))
    return x.grad.numpy()


def numeric_gradient(fn, values, step: float = 1e-6) -> np.ndarray:
    """Central differences of sum(fn(x)), evaluated through ember without a graph."""
    base = np.array(values, dtype=np.float64)
    result = np.zeros_like(base)
    for index in np.ndindex(base.shape):
        shifted = []
        for sign in (1, -1):
            moved = base.copy()
            moved[index] += sign * step
            with ember.no_grad():
                shifted.append(float(fn(ember.tensor(moved)).sum()))
        result[index] = (shifted[0] - shifted[1]) / (2 * step)
    return result


def hessian(fn, values) -> np.ndarray:
    """The Hessian of sum(fn(x)), row by row through create_graph=True."""
    x = leaf(values)
    (first,) = ember.autograd.grad(fn(x).sum(), x, create_graph=True)
    flat = first.reshape(-1)
    rows = []
    for i in range(flat.shape[0]):
        row = None
        if flat.requires_grad:
            (row,) = ember.autograd.grad(_pick(flat, i), x, retain_graph=True,
                                         allow_unused=True)
        rows.append(np.zeros(x.shape) if row is None else row.numpy())
    return np.array(rows).reshape(flat.shape[0], -1)


def _pick(flat: ember.Tensor, i: int) -> ember.Tensor:
    """flat[i] written with reductions only (indexing is not this module's business)."""
    one_hot = np.zeros(flat.shape[0])
    one_hot[i] = 1.0
    return (flat * ember.tensor(one_hot)).sum()


def numeric_hessian(fn, values, step: float = 1e-5) -> np.ndarray:
    """Central differences of ember's first derivative."""
    base = np.array(values, dtype=np.float64)
    rows = []
    for index in np.ndindex(base.shape):
        moved_up, moved_down = base.copy(), base.copy()
        moved_up[index] += step
        moved_down[index] -= step
        rows.append(((gradient(fn, moved_up) - gradient(fn, moved_down)) / (2 * step)).ravel())
    return np.array(rows)


# ====================================================================== named tuples
def test_max_with_dim_prints_as_torch_return_type():
    x = ember.tensor([[1.0, 3.0, 2.0], [4.0, 0.5, -4.0]], requires_grad=True)
    # recorded from torch 2.13
    assert repr(x.max(1)) == (
        "torch.return_types.max(\n"
        "values=tensor([3., 4.], grad_fn=<MaxBackward0>),\n"
        "indices=tensor([1, 0]))"
    )
    assert str(x.max(1)) == repr(x.max(1))


def test_other_return_types_print_their_fields():
    x = ember.tensor([[1.0, 3.0, 2.0], [4.0, 0.5, -4.0]])
    # recorded from torch 2.13
    assert repr(x.min(0, keepdim=True)) == (
        "torch.return_types.min(\n"
        "values=tensor([[ 1.0000,  0.5000, -4.0000]]),\n"
        "indices=tensor([[0, 1, 1]]))"
    )
    assert repr(x.median(1)) == (
        "torch.return_types.median(\n"
        "values=tensor([2.0000, 0.5000]),\n"
        "indices=tensor([2, 1]))"
    )
    assert repr(x.aminmax()) == "torch.return_types.aminmax(\nmin=tensor(-4.),\nmax=tensor(4.))"
    assert repr(ember.tensor(5.0).max(0)) == (
        "torch.return_types.max(\nvalues=tensor(5.),\nindices=tensor(0))")


def test_return_type_unpacks_indexes_and_names_its_fields():
    x = ember.tensor([[1.0, 3.0, 2.0], [4.0, 0.5, -4.0]])
    result = ember.max(x, dim=1)
    values, indices = result
    assert isinstance(result, tuple) and len(result) == 2
    assert type(result).__name__ == "max"
    assert result.values is values and result[0] is values and result[-1] is indices
    assert result.indices is indices
    assert type(result[:1]) is tuple
    assert result.n_fields == 2
    assert values.tolist() == [3.0, 4.0] and indices.tolist() == [1, 0]
    assert indices.dtype == ember.int64
    low, high = x.aminmax(dim=0)
    assert low.tolist() == [1.0, 0.5, -4.0] and high.tolist() == [4.0, 3.0, 2.0]
    assert x.aminmax().min.item() == -4.0
    rebuilt = type(result)((values, indices))
    assert rebuilt.indices is indices


def test_max_forms():
    x = ember.tensor([[1.0, 3.0, 2.0], [4.0, 0.5, -4.0]], requires_grad=True)
    assert x.max().item() == 4.0 and x.max().grad_fn.name() == "MaxBackward1"
    kept = ember.max(x, 1, True)
    assert kept.values.shape == (2, 1) and kept.indices.tolist() == [[1], [0]]
    assert x.max(axis=1).indices.tolist() == [1, 0]
    other = ember.tensor([2.0, 2.0, 2.0])
    both = ember.max(x, other)
    assert both.tolist() == [[2.0, 3.0, 2.0], [4.0, 2.0, 2.0]]
    assert both.grad_fn.name() == "MaximumBackward0"
    assert ember.min(x, other=other).grad_fn.name() == "MinimumBackward0"


def test_first_index_is_returned_among_ties():
    x = ember.tensor([[4.0, 0.0, 4.0], [1.0, 1.0, 0.0]])
    assert x.max(1).indices.tolist() == [0, 0]
    assert x.argmax(1).tolist() == [0, 0]
    assert x.min(1).indices.tolist() == [1, 2]
    # recorded from torch 2.13: the index of the median among equal values
    assert x.median(1).indices.tolist() == [0, 0]
    for values, index in (([2.0, 1.0, 1.0, 2.0], 2), ([3.0, 3.0, 3.0], 1),
                          ([1.0, 2.0, 2.0, 2.0, 3.0], 2), ([5.0, 2.0, 2.0, 9.0, 2.0, 2.0], 4),
                          ([0.0, 1.0, 1.0, 1.0, 1.0, 2.0], 2)):
        assert ember.tensor(values).median(0).indices.item() == index


# ====================================================================== dtypes
@pytest.mark.parametrize("dtype", [ember.int32, ember.int8, ember.uint8, ember.bool])
def test_integer_and_bool_sums_and_products_are_int64(dtype):
    x = ember.tensor([1, 0, 1], dtype=dtype)
    for result in (x.sum(), x.sum(0), x.prod(), x.prod(0), x.cumsum(0), x.cumprod(0)):
        assert result.dtype == ember.int64


def test_result_dtypes():
    ints = ember.tensor([[1, 2, 3], [3, 0, 1]], dtype=ember.int32)
    assert ints.max().dtype == ember.int32
    assert ints.amax(1).dtype == ember.int32
    assert ints.max(1).values.dtype == ember.int32
    assert ints.argmax().dtype == ember.int64
    assert ints.count_nonzero().dtype == ember.int64
    assert ints.any().dtype == ember.bool and ints.all(1).dtype == ember.bool
    assert ints.logsumexp(1).dtype == ember.float32
    assert ints.median().dtype == ember.int32
    assert ints.sum(dtype=ember.float64).dtype == ember.float64
    assert ember.tensor([True, False]).max().dtype == ember.bool
    # recorded from torch 2.13: uint8 keeps its dtype in any/all
    assert ember.tensor([1, 2], dtype=ember.uint8).all().dtype == ember.uint8
    halves = ember.tensor([1.0, 2.0], dtype=ember.float16)
    assert halves.sum().dtype == ember.float16 and halves.std().dtype == ember.float16
    assert ember.tensor([1.0, 2.0]).norm(dtype=ember.float64).dtype == ember.float64


def test_mean_std_var_norm_of_integers_raise():
    ints = ember.tensor([1, 2, 3], dtype=ember.int32)
    with pytest.raises(RuntimeError, match="mean\\(\\): could not infer output dtype.*Got: Int"):
        ints.mean()
    with pytest.raises(RuntimeError, match="std and var only support floating point"):
        ints.std()
    with pytest.raises(RuntimeError, match="std and var only support floating point"):
        ember.var(ints, 0)
    with pytest.raises(RuntimeError, match="Expected a floating point or complex tensor"):
        ints.norm()
    assert ints.mean(dtype=ember.float64).item() == 2.0


# ====================================================================== grad_fn names
# recorded from torch 2.13
GRAD_FNS = {
    "x.sum()": "SumBackward0",
    "x.sum(1)": "SumBackward1",
    "x.sum(dim=None, keepdim=True)": "SumBackward1",
    "x.mean()": "MeanBackward0",
    "x.mean(())": "MeanBackward1",
    "x.prod()": "ProdBackward0",
    "x.prod(1)": "ProdBackward1",
    "x.max()": "MaxBackward1",
    "x.min()": "MinBackward1",
    "x.max(1).values": "MaxBackward0",
    "x.min(0)[0]": "MinBackward0",
    "x.amax(1)": "AmaxBackward0",
    "x.amin((0, 1))": "AminBackward0",
    "x.median()": "MedianBackward0",
    "x.median(1).values": "MedianBackward1",
    "x.std()": "StdBackward0",
    "x.var(1)": "VarBackward0",
    "x.logsumexp(1)": "LogsumexpBackward0",
    "x.cumsum(1)": "CumsumBackward0",
    "x.cumprod(0)": "CumprodBackward0",
    "x.norm()": "LinalgVectorNormBackward0",
    "x.norm(1, dim=0)": "LinalgVectorNormBackward0",
}


@pytest.mark.parametrize("expression, name", GRAD_FNS.items(), ids=list(GRAD_FNS))
def test_grad_fn_names(expression, name):
    x = leaf([[1.0, 3.0, 2.0], [4.0, 0.5, -4.0]])
    assert eval(expression, {"x": x}).grad_fn.name() == name


def test_non_differentiable_results_do_not_require_grad():
    x = leaf([[1.0, 3.0, 2.0], [4.0, 0.5, -4.0]])
    for result in (x.argmax(), x.argmin(1), x.any(), x.all(0), x.count_nonzero(),
                   x.max(1).indices):
        assert not result.requires_grad and result.grad_fn is None


# ====================================================================== ties
# Gradients of sum(f(x)); each expected value recorded from torch 2.13.
TIES = [
    ("max() splits among ties", lambda x: x.max(), [[1.0, 3.0, 3.0], [4.0, 0.0, 4.0]],
     [[0.0, 0.0, 0.0], [0.5, 0.0, 0.5]]),
    ("min() splits among ties", lambda x: x.min(), [[0.0, 3.0, 3.0], [4.0, 0.0, 4.0]],
     [[0.5, 0.0, 0.0], [0.0, 0.5, 0.0]]),
    ("max(dim) picks the index", lambda x: x.max(1).values, [[1.0, 3.0, 3.0], [4.0, 0.0, 4.0]],
     [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]),
    ("min(dim) picks the index", lambda x: x.min(1).values, [[0.0, 3.0, 0.0], [4.0, 0.0, 4.0]],
     [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]),
    ("amax(dim) splits", lambda x: x.amax(1), [[1.0, 3.0, 3.0], [4.0, 0.0, 4.0]],
     [[0.0, 0.5, 0.5], [0.5, 0.0, 0.5]]),
    ("amin over a tuple splits in three", lambda x: x.amin((0, 1)),
     [[0.0, 3.0, 0.0], [4.0, 0.0, 4.0]], [[1 / 3, 0.0, 1 / 3], [0.0, 1 / 3, 0.0]]),
    ("median() splits", lambda x: x.median(), [1.0, 2.0, 2.0, 3.0], [0.0, 0.5, 0.5, 0.0]),
    ("median(dim) picks the index", lambda x: x.median(0).values, [1.0, 2.0, 2.0, 3.0],
     [0.0, 1.0, 0.0, 0.0]),
    ("inf-norm splits with signs", lambda x: x.norm(INF), [[1.0, -4.0, 3.0], [4.0, 0.0, 4.0]],
     [[0.0, -1 / 3, 0.0], [1 / 3, 0.0, 1 / 3]]),
    ("aminmax splits", lambda x: x.aminmax().min + x.aminmax().max, [1.0, 1.0, 3.0],
     [0.5, 0.5, 1.0]),
    ("max() counts NaNs as ties", lambda x: x.max(), [1.0, NAN, NAN], [0.0, 0.5, 0.5]),
    ("amax() does not: NaN gradient", lambda x: x.amax(), [1.0, NAN, NAN], [NAN, NAN, NAN]),
    ("std of equal values", lambda x: x.std(), [1.0, 1.0, 1.0], [0.0, 0.0, 0.0]),
]


@pytest.mark.parametrize("fn, values, expected", [t[1:] for t in TIES], ids=[t[0] for t in TIES])
def test_gradients_at_ties_follow_torch(fn, values, expected):
    np.testing.assert_allclose(gradient(fn, values), expected, rtol=1e-12, equal_nan=True)


def test_max_with_dim_returns_nan_and_its_index():
    # recorded from torch 2.13
    result = ember.tensor([[1.0, NAN, NAN]]).max(1)
    assert math.isnan(result.values.item()) and result.indices.tolist() == [1]
    assert ember.tensor([1.0, NAN, 3.0]).argmax().item() == 1
    assert math.isnan(ember.tensor([1.0, NAN, 3.0]).median().item())


# ====================================================================== zeros in prod / cumprod
ZERO_CASES = [
    ([2.0, 0.0, 3.0, 4.0], 0),
    ([2.0, 0.0, 3.0, 0.0], 0),
    ([0.0, 0.0, 3.0, 0.0, 5.0], 0),
    ([[2.0, 0.0, 3.0], [0.0, 0.0, 1.0], [1.0, 2.0, 3.0], [0.0, 0.0, 0.0]], 1),
    ([[2.0, 0.0, 3.0, 5.0], [0.0, 2.0, 0.0, 1.0], [1.0, 2.0, 3.0, 4.0]], 0),
]


@pytest.mark.parametrize("values, dim", ZERO_CASES)
def test_prod_with_zeros_matches_finite_differences(values, dim):
    shape = np.shape(values)
    reduced_shape = shape[:dim] + shape[dim + 1:]
    weights = ember.tensor(np.linspace(0.5, 1.5, int(np.prod(reduced_shape))).reshape(
        reduced_shape))
    for fn in (lambda x: x.prod(), lambda x: x.prod(dim) * weights):
        np.testing.assert_allclose(gradient(fn, values), numeric_gradient(fn, values),
                                   atol=1e-8)
        np.testing.assert_allclose(hessian(fn, values), numeric_hessian(fn, values), atol=1e-6)


@pytest.mark.parametrize("values, dim", ZERO_CASES)
def test_cumprod_with_zeros_matches_finite_differences(values, dim):
    shape = np.shape(values)
    weights = ember.tensor(np.linspace(0.5, 1.7, int(np.prod(shape))).reshape(shape))

    def fn(x):
        return x.cumprod(dim) * weights

    np.testing.assert_allclose(gradient(fn, values), numeric_gradient(fn, values), atol=1e-8)
    np.testing.assert_allclose(hessian(fn, values), numeric_hessian(fn, values), atol=1e-6)


def test_prod_and_cumprod_gradients_at_zeros_follow_torch():
    # recorded from torch 2.13
    assert gradient(lambda x: x.prod(), [2.0, 0.0, 3.0]).tolist() == [0.0, 6.0, 0.0]
    assert gradient(lambda x: x.prod(), [2.0, 0.0, 0.0]).tolist() == [0.0, 0.0, 0.0]
    assert gradient(lambda x: x.cumprod(0), [2.0, 0.0, 3.0, 4.0]).tolist() == [1, 32, 0, 0]
    assert gradient(lambda x: x.cumprod(0), [2.0, 0.0, 3.0, 0.0]).tolist() == [1, 8, 0, 0]
    np.testing.assert_array_equal(hessian(lambda x: x.prod(), [2.0, 0.0, 3.0]),
                                  [[0, 3, 0], [3, 0, 2], [0, 2, 0]])
    np.testing.assert_array_equal(hessian(lambda x: x.prod(), [2.0, 0.0, 0.0]),
                                  [[0, 0, 0], [0, 0, 2], [0, 2, 0]])
    weights = ember.tensor([1.0, 2.0, 3.0, 4.0], dtype=ember.float64)
    np.testing.assert_array_equal(
        hessian(lambda x: x.cumprod(0) * weights, [2.0, 0.0, 3.0, 5.0]),
        [[0, 71, 0, 0], [71, 0, 46, 24], [0, 46, 0, 0], [0, 24, 0, 0]])


# ====================================================================== errors
@pytest.mark.parametrize("call", [
    lambda x: x.sum(2), lambda x: x.max(2), lambda x: x.amax((0, 2)), lambda x: x.argmax(-3),
    lambda x: x.std(5), lambda x: x.cumsum(2), lambda x: x.prod(-3), lambda x: x.logsumexp(2),
    lambda x: x.any(2), lambda x: x.norm(dim=3), lambda x: x.median(2),
    lambda x: x.count_nonzero(2), lambda x: x.mean((0, 2)), lambda x: x.cumprod(-3),
])
def test_dims_out_of_range_raise_index_error(call):
    x = ember.ones(2, 3)
    with pytest.raises(IndexError, match=r"Dimension out of range \(expected to be in range "
                                         r"of \[-2, 1\], but got -?\d\)"):
        call(x)


def test_zero_dim_tensors_accept_dim_0_and_minus_1():
    s = ember.tensor(5.0, requires_grad=True)
    for call in (lambda: s.sum(0), lambda: s.max(0).values, lambda: s.amax(-1),
                 lambda: s.prod(0), lambda: s.cumsum(-1), lambda: s.cumprod(0),
                 lambda: s.logsumexp(0), lambda: s.norm(dim=0), lambda: s.median(0).values,
                 lambda: s.mean(-1)):
        result = call()
        assert result.shape == () and result.item() == 5.0
        (grad,) = ember.autograd.grad(result, s)
        assert grad.item() == 1.0
    assert s.argmax(0).item() == 0 and s.max(0).indices.shape == ()
    with pytest.raises(IndexError, match=r"expected to be in range of \[-1, 0\], but got 1"):
        s.sum(1)


def test_reductions_without_identity_refuse_empty_input():
    empty = ember.zeros(0, 3)
    with pytest.raises(RuntimeError, match="max\\(\\): Expected reduction dim to be specified"):
        empty.max()
    with pytest.raises(IndexError, match="Expected reduction dim 0 to have non-zero size"):
        empty.max(0)
    with pytest.raises(IndexError, match="amin\\(\\): Expected reduction dim 0"):
        empty.amin(0)
    with pytest.raises(IndexError, match="argmax\\(\\): Expected reduction dim to be specified"):
        empty.argmax()
    with pytest.raises(RuntimeError, match="cannot compute the inf norm on an empty tensor"):
        empty.norm(INF)
    with pytest.raises(RuntimeError, match="aminmax"):
        empty.aminmax()
    # along the non-empty dim, and for reductions with an identity, torch answers
    assert empty.max(1).values.shape == (0,)
    assert empty.sum().item() == 0.0 and empty.prod().item() == 1.0
    assert empty.logsumexp(0).tolist() == [-INF, -INF, -INF]
    assert empty.any().item() is False and empty.all().item() is True


def test_argument_errors():
    x = ember.ones(2, 3)
    with pytest.raises(RuntimeError, match="argmax\\(\\): does not support bool input"):
        ember.tensor([True, False]).argmax()
    with pytest.raises(TypeError, match="dim"):
        x.prod((0, 1))
    with pytest.raises(TypeError, match="dim"):
        x.argmax(dim=(0,))
    with pytest.raises(TypeError, match="dim"):
        x.cumsum((0,))
    with pytest.raises(TypeError, match='missing 1 required positional arguments: "dim"'):
        x.logsumexp()
    with pytest.raises(TypeError, match='missing 1 required positional arguments: "dim"'):
        x.cumsum()
    with pytest.raises(TypeError, match="keepdim"):
        x.sum(1, 1)
    with pytest.raises(TypeError):
        x.std(1, unbiased=True, correction=0)
    with pytest.raises(TypeError, match="unexpected keyword argument 'dims'"):
        x.sum(dims=1)
    with pytest.raises(RuntimeError, match="dim 1 appears multiple times"):
        x.amax((1, 1))
    with pytest.raises(RuntimeError, match="Order abc not supported"):
        x.norm("abc")  # torch.norm hands string orders to linalg.matrix_norm


# ====================================================================== arguments
def test_numpy_spellings_axis_and_keepdims():
    x = ember.tensor([[1.0, 3.0, 2.0], [4.0, 0.5, -4.0]])
    assert x.sum(axis=1, keepdims=True).shape == (2, 1)
    assert ember.mean(x, axis=0).shape == (3,)
    assert x.amax(axis=1).tolist() == [3.0, 4.0]
    assert x.argmax(axis=1).tolist() == [1, 0]
    assert x.std(axis=1, keepdims=True).shape == (2, 1)
    assert x.cumsum(axis=1).tolist()[0] == [1.0, 4.0, 6.0]
    assert x.logsumexp(axis=0).shape == (3,)


def test_empty_tuple_means_all_dims_except_for_any_and_all():
    x = ember.tensor([[1.0, 0.0, 2.0], [4.0, 0.5, -4.0]])
    assert x.sum(()).shape == () and x.mean(()).shape == () and x.amax(()).item() == 4.0
    assert x.count_nonzero(()).item() == 5
    # recorded from torch 2.13: all(dim=()) reduces nothing
    assert x.all(()).tolist() == [[True, False, True], [True, True, True]]


def test_std_and_var_signatures():
    x = ember.tensor([[1.0, 3.0, 2.0], [4.0, 0.0, 4.0]])
    # recorded from torch 2.13
    np.testing.assert_allclose(x.std(1).numpy(), [1.0, 2.3094], atol=1e-4)
    np.testing.assert_allclose(x.std(1, unbiased=False).numpy(), [0.8165, 1.8856], atol=1e-4)
    np.testing.assert_allclose(x.std(1, False, True).numpy(), [[0.8165], [1.8856]], atol=1e-4)
    assert x.std(True).item() == pytest.approx(1.6330, abs=1e-4)
    np.testing.assert_allclose(x.var(1, correction=2).numpy(), [2.0, 10.6667], atol=1e-4)
    assert x.var(correction=0.5).item() == pytest.approx(np.var(x.numpy(), ddof=0.5))
    spread, centre = ember.std_mean(x, 1)
    np.testing.assert_allclose(centre.numpy(), [2.0, 2.6667], atol=1e-4)
    spread, centre = ember.var_mean(x, 1, correction=0, keepdim=True)
    np.testing.assert_allclose(spread.numpy(), [[0.6667], [3.5556]], atol=1e-4)


def test_std_without_degrees_of_freedom_warns_and_gives_torch_values():
    x = leaf([1.0, 3.0, 2.0])
    with pytest.warns(UserWarning, match="var\\(\\): degrees of freedom is <= 0"):
        y = x.var(0, correction=5)
    assert y.item() == INF
    y.backward()
    # recorded from torch 2.13: the backward divides by n - correction = -2, unclamped
    np.testing.assert_array_equal(x.grad.numpy(), [1.0, -1.0, -0.0])
    with pytest.warns(UserWarning, match="std\\(\\): degrees of freedom"):
        single = ember.tensor([1.0]).std()
    assert math.isnan(single.item())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ember.tensor([1.0, 2.0]).std()


def test_logsumexp_is_stable():
    big = ember.tensor([1000.0, 1000.0])
    assert big.logsumexp(0).item() == pytest.approx(1000.0 + math.log(2.0))
    assert ember.tensor([-INF, -INF]).logsumexp(0).item() == -INF
    assert ember.tensor([1.0, INF]).logsumexp(0).item() == INF
    # recorded from torch 2.13
    np.testing.assert_array_equal(gradient(lambda x: x.logsumexp(0), [-INF, -INF]), [NAN, NAN])
    np.testing.assert_allclose(gradient(lambda x: x.logsumexp(0), [1.0, 2.0]),
                               [1 / (1 + math.e), math.e / (1 + math.e)])


def test_norm_gradients_at_zero():
    # recorded from torch 2.13: 0 where torch's formula would divide 0 by 0
    assert gradient(lambda x: x.norm(), [0.0, 0.0]).tolist() == [0.0, 0.0]
    assert gradient(lambda x: x.norm(3), [0.0, 0.0]).tolist() == [0.0, 0.0]
    assert gradient(lambda x: x.norm(0.5), [0.0, 1.0]).tolist() == [0.0, 1.0]
    assert gradient(lambda x: x.norm(1), [0.0, 1.0]).tolist() == [0.0, 1.0]
    assert gradient(lambda x: x.norm(-1), [0.0, 1.0]).tolist() == [0.0, 0.0]
    np.testing.assert_allclose(gradient(lambda x: x.norm(-1), [2.0, 1.0]), [1 / 9, 4 / 9])
    x = leaf([0.0, 1.0])
    x.norm(0).backward()
    assert x.grad is None  # torch sends no gradient through the 0-"norm"


def test_norm_values():
    x = ember.tensor([[1.0, -2.0, 2.0], [0.0, 3.0, -4.0]])
    assert x.norm().item() == pytest.approx(math.sqrt(34))
    assert x.norm(p="fro", dim=1).tolist() == pytest.approx([3.0, 5.0])
    assert x.norm(0).item() == 5.0
    assert x.norm(INF, dim=1, keepdim=True).tolist() == [[2.0], [4.0]]
    assert x.norm(-INF).item() == 0.0
    assert ember.norm(x, 1, 1, True).tolist() == [[5.0], [7.0]]
