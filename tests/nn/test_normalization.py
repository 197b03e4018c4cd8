"""Normalisation modules and functions: running statistics updated in place (the same
tensors, a new version, no graph), training against evaluation, momentum=None as a
cumulative average, lazy modules, state dicts, dtypes kept (float32 stays float32),
derivatives through gradcheck, and the per-channel fast path against the general one.
Values against torch are in tests/reference/cases_nn_norm.py."""

from __future__ import annotations

import copy

import numpy as np
import pytest

import ember
import ember.nn as nn
import ember.nn.functional as F
from ember.autograd import gradcheck, gradgradcheck

_R = np.random.default_rng(11)


def _t(*shape: int, dtype=np.float64, requires_grad: bool = False) -> ember.Tensor:
    return ember.tensor(_R.standard_normal(shape).astype(dtype), requires_grad=requires_grad)


def _batch_statistics(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    axes = (0, *range(2, x.ndim))
    return x.mean(axes), x.var(axes), x.var(axes, ddof=1)


def test_running_statistics_are_updated_in_place_with_the_unbiased_variance():
    bn = nn.BatchNorm2d(3, momentum=0.25)
    mean_buffer, var_buffer = bn.running_mean, bn.running_var
    version = mean_buffer._version
    x = _t(4, 3, 2, 2, dtype=np.float32)
    bn(x)
    _, _, unbiased = _batch_statistics(x.numpy())
    assert bn.running_mean is mean_buffer and bn.running_var is var_buffer
    assert mean_buffer._version > version
    assert not bn.running_mean.requires_grad and bn.running_mean.grad_fn is None
    np.testing.assert_allclose(bn.running_mean.numpy(), 0.25 * x.numpy().mean((0, 2, 3)),
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(bn.running_var.numpy(), 0.75 + 0.25 * unbiased, rtol=1e-5)
    assert bn.num_batches_tracked.dtype == ember.int64 and bn.num_batches_tracked.item() == 1
    assert bn.running_mean.dtype == ember.float32


def test_momentum_none_is_a_cumulative_average():
    bn = nn.BatchNorm1d(2, momentum=None).double()
    batches = [_t(5, 2) for _ in range(3)]
    for x in batches:
        bn(x)
    means = np.mean([x.numpy().mean(0) for x in batches], axis=0)
    variances = np.mean([x.numpy().var(0, ddof=1) for x in batches], axis=0)
    np.testing.assert_allclose(bn.running_mean.numpy(), means, rtol=1e-12)
    np.testing.assert_allclose(bn.running_var.numpy(), variances, rtol=1e-12)
    assert bn.num_batches_tracked.item() == 3


def test_evaluation_uses_running_statistics_and_training_the_batch():
    bn = nn.BatchNorm1d(3).double()
    with ember.no_grad():
        bn.running_mean.copy_(ember.tensor([0.5, -1.0, 2.0]))
        bn.running_var.copy_(ember.tensor([4.0, 0.25, 1.0]))
    x = _t(6, 3, 2)
    bn.eval()
    out = bn(x).detach().numpy()
    expected = (x.numpy() - bn.running_mean.numpy()[:, None]) / np.sqrt(
        bn.running_var.numpy()[:, None] + 1e-5)
    np.testing.assert_allclose(out, expected, rtol=1e-12)
    assert bn.num_batches_tracked.item() == 0  # nothing tracked in evaluation
    bn.train()
    mean, var, _ = _batch_statistics(x.numpy())
    np.testing.assert_allclose(bn(x).detach().numpy(), (x.numpy() - mean[:, None]) / np.sqrt(
        var[:, None] + 1e-5), rtol=1e-10)


def test_untracked_statistics_use_the_batch_in_evaluation_too():
    bn = nn.BatchNorm2d(3, track_running_stats=False).double().eval()
    assert bn.running_mean is None and bn.num_batches_tracked is None
    x = _t(2, 3, 2, 2)
    mean, var, _ = _batch_statistics(x.numpy())
    expected = (x.numpy() - mean[:, None, None]) / np.sqrt(var[:, None, None] + 1e-5)
    np.testing.assert_allclose(bn(x).detach().numpy(), expected, rtol=1e-10)


def test_one_value_per_channel_refuses_training_but_not_evaluation():
    bn = nn.BatchNorm1d(3)
    with pytest.raises(ValueError, match="Expected more than 1 value per channel when "
                                         r"training, got input size torch.Size\(\[1, 3\]\)"):
        bn(_t(1, 3))
    bn.eval()
    assert bn(_t(1, 3, dtype=np.float32)).shape == (1, 3)


def test_float32_stays_float32_and_gradients_reach_the_affine_parameters():
    bn = nn.BatchNorm2d(4)
    x = _t(3, 4, 2, 2, dtype=np.float32, requires_grad=True)
    out = bn(x)
    assert out.dtype == ember.float32 and type(out.grad_fn).__name__ == "NativeBatchNormBackward0"
    out.pow(2).sum().backward()
    for tensor in (x, bn.weight, bn.bias):
        assert tensor.grad is not None and tensor.grad.dtype == ember.float32
    assert bn.running_mean.grad is None


@pytest.mark.parametrize("training", [True, False], ids=["batch statistics", "running"])
def test_batch_norm_derivatives(training):
    x, w, b = _t(3, 2, 3, requires_grad=True), _t(2, requires_grad=True), _t(2, requires_grad=True)
    mean = ember.tensor([0.3, -0.2], dtype=ember.float64)
    var = ember.tensor([1.5, 0.7], dtype=ember.float64)
    f = lambda x, w, b: F.batch_norm(x, mean, var, w, b, training=training)  # noqa: E731
    assert gradcheck(f, (x, w, b))
    assert gradgradcheck(f, (x, w, b))


_NORMS = {
    "batch": (lambda x, w, b: F.batch_norm(x, None, None, w, b, True), (3,)),
    "layer": (lambda x, w, b: F.layer_norm(x, (3, 5), w, b), (3, 5)),
    "group": (lambda x, w, b: F.group_norm(x, 3, w, b), (3,)),
}


@pytest.mark.parametrize("norm, param_shape", _NORMS.values(), ids=list(_NORMS))
def test_array_fast_paths_match_the_general_formula(norm, param_shape):
    """The arrays-only backwards (per channel, trailing axes) against the same formula on
    Tensors (create_graph takes the general path)."""
    x = _t(4, 3, 5, requires_grad=True)
    w, b = _t(*param_shape, requires_grad=True), _t(*param_shape, requires_grad=True)
    v = _t(4, 3, 5)
    fast = ember.autograd.grad(norm(x, w, b), (x, w, b), v)
    general = ember.autograd.grad(norm(x, w, b), (x, w, b), v, create_graph=True)
    for a, c in zip(fast, general):
        np.testing.assert_allclose(a.numpy(), c.detach().numpy(), rtol=1e-10, atol=1e-12)


def test_layer_norm_and_group_norm_derivatives():
    x = _t(2, 4, 3, requires_grad=True)
    w, b = _t(4, 3, requires_grad=True), _t(4, 3, requires_grad=True)
    assert gradgradcheck(lambda x, w, b: F.layer_norm(x, (4, 3), w, b), (x, w, b))
    w4, b4 = _t(4, requires_grad=True), _t(4, requires_grad=True)
    assert gradgradcheck(lambda x, w, b: F.group_norm(x, 2, w, b), (x, w4, b4))


def test_instance_norm_running_statistics_average_over_samples():
    m = nn.InstanceNorm1d(2, track_running_stats=True, momentum=0.5).double()
    x = _t(3, 2, 4)
    out = m(x)
    per_sample_mean = x.numpy().mean(2)
    np.testing.assert_allclose(m.running_mean.numpy(), 0.5 * per_sample_mean.mean(0),
                               rtol=1e-12)
    np.testing.assert_allclose(m.running_var.numpy(),
                               0.5 + 0.5 * x.numpy().var(2, ddof=1).mean(0), rtol=1e-12)
    expected = (x.numpy() - per_sample_mean[..., None]) / np.sqrt(
        x.numpy().var(2, keepdims=True) + 1e-5)
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-10)
    unbatched = m(x[0])
    assert unbatched.shape == (2, 4)


def test_instance_norm_warns_when_channels_do_not_match_without_affine():
    with pytest.warns(UserWarning, match="does not match num_features"):
        nn.InstanceNorm1d(5)(_t(2, 3, 4))


def test_lazy_batch_norm_takes_its_features_from_the_first_input():
    bn = nn.LazyBatchNorm1d()
    assert bn.num_features == 0
    out = bn(_t(4, 3, dtype=np.float32))
    assert type(bn) is nn.BatchNorm1d and bn.num_features == 3
    assert bn.weight.shape == (3,) and bn.running_var.shape == (3,)
    assert out.shape == (4, 3) and bn.num_batches_tracked.item() == 1
    assert repr(bn) == ("BatchNorm1d(3, eps=1e-05, momentum=0.1, affine=True, bias=True, "
                        "track_running_stats=True)")


def test_state_dict_round_trip_and_reset():
    bn = nn.BatchNorm2d(2)
    bn(_t(3, 2, 2, 2, dtype=np.float32))
    state = bn.state_dict()
    assert list(state) == ["weight", "bias", "running_mean", "running_var",
                           "num_batches_tracked"]
    other = nn.BatchNorm2d(2)
    other.load_state_dict(state)
    np.testing.assert_array_equal(other.running_var.numpy(), bn.running_var.numpy())
    assert other.num_batches_tracked.item() == 1
    clone = copy.deepcopy(bn)
    bn.reset_running_stats()
    assert bn.num_batches_tracked.item() == 0 and clone.num_batches_tracked.item() == 1
    np.testing.assert_array_equal(bn.running_var.numpy(), np.ones(2, np.float32))


def test_normalize_and_local_response_norm():
    x = _t(3, 4, requires_grad=True)
    out = F.normalize(x, dim=1)
    np.testing.assert_allclose(np.linalg.norm(out.detach().numpy(), axis=1), np.ones(3))
    assert gradcheck(lambda t: F.normalize(t, p=3.0, dim=0), (x,))
    y = _t(2, 5, 3, requires_grad=True)
    assert gradcheck(lambda t: nn.LocalResponseNorm(3, alpha=0.5)(t), (y,))
    squares = y.detach().numpy() ** 2
    padded = np.pad(squares, ((0, 0), (1, 1), (0, 0)))
    window = (padded[:, :-2] + padded[:, 1:-1] + padded[:, 2:]) / 3
    expected = y.detach().numpy() / (1 + 0.5 * window) ** 0.75
    np.testing.assert_allclose(nn.LocalResponseNorm(3, alpha=0.5)(y).detach().numpy(),
                               expected, rtol=1e-12)


def test_layer_norm_module_shapes():
    ln = nn.LayerNorm([2, 3], bias=False)
    assert ln.bias is None and ln.weight.shape == (2, 3)
    assert ln(_t(4, 2, 3, dtype=np.float32)).shape == (4, 2, 3)
    with pytest.raises(RuntimeError, match=r"expected input with shape \[\*, 2, 3\]"):
        ln(_t(4, 3, 2, dtype=np.float32))
    with pytest.raises(ValueError, match="must be divisible by num_groups"):
        nn.GroupNorm(3, 4)


def test_mixed_dtypes_and_integer_inputs_are_refused():
    with pytest.raises(RuntimeError, match="mixed dtype"):
        nn.BatchNorm1d(2)(_t(4, 2))
    with pytest.raises(RuntimeError, match="mixed dtype"):
        nn.LayerNorm(2)(_t(4, 2))
    with pytest.raises(NotImplementedError, match="LayerNormKernelImpl"):
        F.layer_norm(ember.ones(3, 2, dtype=ember.int64), (2,))


def test_rms_norm_divides_by_the_root_mean_square():
    x = _t(3, 2, 4, requires_grad=True)
    w = _t(4, requires_grad=True)
    out = F.rms_norm(x, (4,), w, eps=1e-6)
    data = x.detach().numpy()
    expected = data / np.sqrt((data ** 2).mean(-1, keepdims=True) + 1e-6) * w.detach().numpy()
    np.testing.assert_allclose(out.detach().numpy(), expected, rtol=1e-12)
    assert gradgradcheck(lambda t, v: F.rms_norm(t, (2, 4), None) * v.sum(), (x, w))
    module = nn.RMSNorm([2, 4])
    assert module.eps is None and module.weight.shape == (2, 4)
    assert module(_t(3, 2, 4, dtype=np.float32)).dtype == ember.float32


@pytest.mark.parametrize("norm", [lambda t: F.batch_norm(t, None, None, training=True),
                                  lambda t: F.layer_norm(t, (4,)),
                                  lambda t: F.group_norm(t, 2)], ids=["batch", "layer", "group"])
def test_float16_is_normalised_in_float32_and_rounded_once(norm):
    data = (_R.standard_normal((3, 2, 4)) + 5).astype(np.float16)
    half = ember.tensor(data, requires_grad=True)
    out = norm(half)
    expected = norm(ember.tensor(data.astype(np.float32))).numpy().astype(np.float16)
    assert out.dtype == ember.float16
    np.testing.assert_array_equal(out.detach().numpy(), expected)
    (grad,) = ember.autograd.grad(out, half, ember.ones_like(out))
    assert grad.dtype == ember.float16


def test_normalize_into_an_out_tensor():
    x, out = _t(3, 4), ember.empty(3, 4, dtype=ember.float64)
    assert F.normalize(x, out=out) is out
    np.testing.assert_allclose(np.linalg.norm(out.numpy(), axis=1), np.ones(3))
    with pytest.raises(RuntimeError, match="don't support automatic differentiation"):
        F.normalize(_t(3, 4, requires_grad=True), out=out)
