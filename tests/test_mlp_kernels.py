"""The forwards an MLP step runs, on their quick paths (issue 9, fifth session): relu over
an array of zeros, addmm's bias added into the product, nll_loss without masks when no
target is ignored, softmax's reductions without errstate. Each must give what the plain
NumPy expression gives, bit for bit, and raise torch's errors."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import ember

_SPECIALS = [-0.0, 0.0, -1.0, 1.0, np.nan, -np.nan, np.inf, -np.inf, 1e-45, -1e-45]


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.int32])
@pytest.mark.parametrize("layout", ["c", "transposed", "strided"])
def test_relu_zeroes_negatives_and_keeps_the_rest(dtype, layout):
    # torch's relu keeps x where it is not negative: -0.0 stays -0.0 and a nan keeps its
    # sign bit, in every dtype (NumPy's maximum(0, x) gives +0.0 on float16's tie).
    rng = np.random.default_rng(0)
    values = rng.standard_normal((96, 70))
    if np.dtype(dtype).kind == "f":
        values.flat[::7] = np.resize(_SPECIALS, values.flat[::7].shape)
    else:
        values = values * 100
    array = values.astype(dtype)
    array = {"c": array, "transposed": array.T, "strided": array[:, ::3]}[layout]
    result = ember.tensor(array).relu().numpy()
    expected = array.copy()
    expected[array < 0] = 0
    assert result.dtype == expected.dtype and result.shape == expected.shape
    assert np.ascontiguousarray(result).tobytes() == np.ascontiguousarray(expected).tobytes()


def test_relu_of_a_0d_tensor():
    assert ember.tensor(-0.0).relu().item() == 0.0
    assert str(ember.tensor(-0.0).relu()) == "tensor(-0.)"
    assert ember.tensor(2.5).relu().item() == 2.5


def test_addmm_adds_the_bias_into_a_new_product():
    rng = np.random.default_rng(1)
    bias = ember.tensor(rng.standard_normal(7).astype(np.float32))
    a = ember.tensor(rng.standard_normal((5, 3)).astype(np.float32))
    b = ember.tensor(rng.standard_normal((3, 7)).astype(np.float32))
    result = ember.addmm(bias, a, b)
    expected = a.numpy() @ b.numpy() + bias.numpy()
    assert result.numpy().tobytes() == expected.tobytes()
    for operand in (bias, a, b):
        assert not np.shares_memory(result.numpy(), operand.numpy())


@pytest.mark.parametrize("targets, message", [
    ([0, 5, 1], "Target 5 is out of bounds."),
    ([3, -1, 7], "Target -1 is out of bounds."),
    ([0, 1, 9], "Target 9 is out of bounds."),
])
@pytest.mark.parametrize("ignore_index", [-100, 0])
def test_nll_loss_names_the_first_target_out_of_bounds(targets, message, ignore_index):
    with pytest.raises(IndexError, match=message):
        ember.nn.functional.nll_loss(ember.randn(3, 5), ember.tensor(targets),
                                     ignore_index=ignore_index)


@pytest.mark.parametrize("ignore_index", [-100, 2])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_nll_loss_picks_each_targets_log_probability(ignore_index, reduction):
    rng = np.random.default_rng(2)
    x = rng.standard_normal((9, 4)).astype(np.float32)
    targets = np.array([0, 2, 3, 1, 2, 0, 3, 3, 1])
    input = ember.tensor(x, requires_grad=True)
    loss = ember.nn.functional.nll_loss(input, ember.tensor(targets), reduction=reduction,
                                        ignore_index=ignore_index)
    kept = targets != ignore_index
    picked = np.where(kept, -x[np.arange(9), targets], 0).astype(np.float32)
    # torch's order for fewer than 17 samples: the first sample's term goes to its last
    # accumulator, the others are added one by one into the first; then first + last
    rest = np.float32(0)
    for term in picked[1:]:
        rest = np.float32(rest + term)
    total = np.float32(rest + picked[0])
    expected = {"none": picked, "sum": total,
                "mean": total / np.float32(kept.sum())}[reduction]
    assert np.array_equal(loss.detach().numpy(), expected)
    loss.sum().backward()
    gradient = np.zeros_like(x)
    scale = np.float32(1 / kept.sum()) if reduction == "mean" else np.float32(1)
    gradient[np.arange(9)[kept], targets[kept]] = -scale
    assert np.allclose(input.grad.numpy(), gradient, rtol=1e-6, atol=0)


def test_softmax_of_infinities_is_nan_without_warnings():
    x = ember.tensor([[np.inf, np.inf, 1.0], [1.0, 2.0, 3.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        soft, log_soft = x.softmax(1), x.log_softmax(1)
        mean = ember.tensor([np.inf, -np.inf]).mean()
    assert np.isnan(soft.numpy()[0]).all() and np.isnan(log_soft.numpy()[0]).all()
    assert np.isclose(soft.numpy()[1].sum(), 1) and np.isnan(mean.item())
