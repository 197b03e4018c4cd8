"""nn.init: the statistics of the random initialisers, the streams they draw from, and
their bookkeeping (no graph, same tensor returned). Exact values of the deterministic
initialisers, gains, fans, errors and warnings are replayed from torch in
tests/reference/cases_nn_misc.py."""

from __future__ import annotations

import math

import numpy as np
import pytest

import ember
from ember.nn import init


def _seeded(seed: int = 0) -> ember.Generator:
    return ember.Generator().manual_seed(seed)


def _std_within(values: ember.Tensor, expected: float, relative: float = 0.02) -> bool:
    return abs(values.std().item() - expected) < relative * expected


# ---------------------------------------------------------------------------- statistics
@pytest.mark.parametrize("mode, fan", [("fan_in", 400), ("fan_out", 500)])
@pytest.mark.parametrize("nonlinearity, a, gain", [
    ("relu", 0, math.sqrt(2.0)),
    ("leaky_relu", 0.2, math.sqrt(2.0 / 1.04)),
    ("tanh", 0, 5.0 / 3),
])
def test_kaiming_normal_has_the_formula_std(mode, fan, nonlinearity, a, gain):
    w = init.kaiming_normal_(ember.empty(500, 400), a=a, mode=mode,
                             nonlinearity=nonlinearity, generator=_seeded())
    expected = gain / math.sqrt(fan)
    assert _std_within(w, expected)
    assert abs(w.mean().item()) < 0.02 * expected


def test_kaiming_uniform_fills_its_bound_with_the_formula_std():
    # Linear's default: a = sqrt(5) gives bound = 1 / sqrt(fan_in)
    w = init.kaiming_uniform_(ember.empty(300, 4, 5, 5), a=math.sqrt(5), generator=_seeded())
    bound = 1 / math.sqrt(100)
    assert w.abs().max().item() <= bound
    assert w.abs().max().item() > 0.999 * bound
    assert _std_within(w, bound / math.sqrt(3))


@pytest.mark.parametrize("shape", [(300, 500), (64, 32, 3, 3)])
def test_xavier_stds(shape):
    fan_in, fan_out = init._calculate_fan_in_and_fan_out(ember.empty(shape))
    std = 1.5 * math.sqrt(2.0 / (fan_in + fan_out))
    normal = init.xavier_normal_(ember.empty(shape), gain=1.5, generator=_seeded(1))
    uniform = init.xavier_uniform_(ember.empty(shape), gain=1.5, generator=_seeded(2))
    assert _std_within(normal, std)
    assert _std_within(uniform, std)
    assert uniform.abs().max().item() <= math.sqrt(3) * std


def test_uniform_and_normal_moments():
    u = init.uniform_(ember.empty(200_000, dtype=ember.float64), -1.0, 3.0, generator=_seeded())
    assert abs(u.mean().item() - 1.0) < 0.01
    assert _std_within(u, 4 / math.sqrt(12))
    n = init.normal_(ember.empty(200_000, dtype=ember.float64), 2.0, 0.5, generator=_seeded())
    assert abs(n.mean().item() - 2.0) < 0.01
    assert _std_within(n, 0.5)


def _truncated_normal_moments(mean, std, a, b):
    alpha, beta = (a - mean) / std, (b - mean) / std
    pdf = lambda x: math.exp(-x * x / 2) / math.sqrt(2 * math.pi)  # noqa: E731
    cdf = lambda x: (1 + math.erf(x / math.sqrt(2))) / 2  # noqa: E731
    mass = cdf(beta) - cdf(alpha)
    shift = (pdf(alpha) - pdf(beta)) / mass
    variance = 1 + (alpha * pdf(alpha) - beta * pdf(beta)) / mass - shift ** 2
    return mean + std * shift, std * math.sqrt(variance)


@pytest.mark.parametrize("mean, std, a, b", [
    (0.0, 1.0, -2.0, 2.0),    # most of the mass inside: redrawn normal values
    (0.5, 2.0, -1.0, 4.0),
    (0.0, 1.0, 1.5, 3.0),     # a thin tail: uniform proposals, accepted by density
    (0.0, 0.02, -2.0, 2.0),   # a ViT-style std: nothing ever falls outside
])
def test_trunc_normal_matches_the_truncated_distribution(mean, std, a, b):
    w = init.trunc_normal_(ember.empty(100_000, dtype=ember.float64), mean, std, a, b,
                           generator=_seeded())
    assert w.min().item() >= a and w.max().item() <= b
    expected_mean, expected_std = _truncated_normal_moments(mean, std, a, b)
    assert abs(w.mean().item() - expected_mean) < 0.02 * expected_std
    assert _std_within(w, expected_std)


def test_trunc_normal_thin_tail_is_not_uniform():
    # the accept step must shape the uniform proposals: more mass near a than near b
    w = init.trunc_normal_(ember.empty(50_000), 0.0, 1.0, 1.5, 3.0, generator=_seeded())
    near_a = ((w >= 1.5) & (w < 1.75)).float().mean().item()
    near_b = ((w >= 2.75) & (w <= 3.0)).float().mean().item()
    assert near_a > 5 * near_b


# ---------------------------------------------------------------------------- orthogonal
@pytest.mark.parametrize("shape", [(5, 3), (3, 5), (4, 4), (6, 2, 3)])
def test_orthogonal_rows_or_columns_are_orthonormal(shape):
    w = init.orthogonal_(ember.empty(shape, dtype=ember.float64), gain=2.0,
                         generator=_seeded())
    m = w.reshape(shape[0], -1).numpy()
    small = min(m.shape)
    product = m.T @ m if m.shape[0] >= m.shape[1] else m @ m.T
    np.testing.assert_allclose(product, 4.0 * np.eye(small), atol=1e-12)


def test_orthogonal_is_the_sign_corrected_q_of_the_normal_draw():
    # With R's diagonal made positive, Q's first column is the drawn first column,
    # normalised: so the draw is ember's normal_ stream, and the sign correction happened.
    drawn = ember.empty(6, 3, dtype=ember.float64).normal_(0, 1, generator=_seeded(7))
    w = init.orthogonal_(ember.empty(6, 3, dtype=ember.float64), generator=_seeded(7))
    first = drawn[:, 0] / drawn[:, 0].norm()
    np.testing.assert_allclose(w[:, 0].numpy(), first.numpy(), atol=1e-12)


def test_orthogonal_signs_are_symmetric():
    # Without the sign correction, LAPACK's Householder QR makes Q[0, 0] always negative.
    g = _seeded(3)
    firsts = [init.orthogonal_(ember.empty(2, 2), generator=g)[0, 0].item() for _ in range(400)]
    positive = sum(value > 0 for value in firsts) / len(firsts)
    assert 0.4 < positive < 0.6


# ---------------------------------------------------------------------------- sparse, dirac
def test_sparse_zeros_a_fixed_count_per_column_and_draws_the_rest():
    w = init.sparse_(ember.empty(40, 300), sparsity=0.1, std=0.5, generator=_seeded())
    zeros_per_column = (w == 0).sum(0)
    assert bool((zeros_per_column == 4).all())
    assert _std_within(w[w != 0], 0.5, relative=0.03)


def test_dirac_picks_each_input_channel_at_the_kernel_centre():
    w = init.dirac_(ember.empty(6, 2, 3, 5), groups=3)
    for out_channel in range(6):
        kernel_of = {c: w[out_channel, c] for c in range(2)}
        selected = out_channel % 2
        assert kernel_of[selected][1, 2].item() == 1
        assert kernel_of[selected].sum().item() == 1
        assert kernel_of[1 - selected].sum().item() == 0


# ---------------------------------------------------------------------------- streams
@pytest.mark.parametrize("fill, method, args", [
    (lambda t, g: init.uniform_(t, -2.0, 0.5, generator=g), "uniform_", (-2.0, 0.5)),
    (lambda t, g: init.normal_(t, 1.0, 3.0, generator=g), "normal_", (1.0, 3.0)),
    # a=0: leaky_relu with slope 0, gain sqrt(2); fan_out of (4, 6) is 4
    (lambda t, g: init.kaiming_uniform_(t, mode="fan_out", generator=g), "uniform_",
     (-math.sqrt(3.0) * math.sqrt(2.0) / 2, math.sqrt(3.0) * math.sqrt(2.0) / 2)),
    (lambda t, g: init.xavier_normal_(t, generator=g), "normal_",
     (0.0, math.sqrt(2.0 / 10))),
])
def test_initialisers_draw_through_the_tensor_random_methods(fill, method, args):
    # the same numbers as the Tensor method with the same generator state: so a change of
    # ember's generator (e.g. to torch's streams) reaches nn.init without touching it
    ours = fill(ember.empty(4, 6), _seeded(11))
    direct = getattr(ember.empty(4, 6), method)(*args, generator=_seeded(11))
    np.testing.assert_allclose(ours.numpy(), direct.numpy(), rtol=1e-6)


def test_the_default_generator_is_used_without_generator():
    ember.manual_seed(5)
    first = init.kaiming_normal_(ember.empty(3, 4))
    ember.manual_seed(5)
    again = init.kaiming_normal_(ember.empty(3, 4))
    assert ember.equal(first, again)


# ---------------------------------------------------------------------------- bookkeeping
@pytest.mark.parametrize("fill", [
    lambda w: init.uniform_(w), lambda w: init.normal_(w), lambda w: init.constant_(w, 0.3),
    lambda w: init.ones_(w), lambda w: init.zeros_(w), lambda w: init.eye_(w),
    lambda w: init.xavier_uniform_(w), lambda w: init.xavier_normal_(w),
    lambda w: init.kaiming_uniform_(w), lambda w: init.kaiming_normal_(w),
    lambda w: init.trunc_normal_(w), lambda w: init.orthogonal_(w),
    lambda w: init.sparse_(w, 0.5),
])
def test_initialisers_fill_a_parameter_in_place_without_a_graph(fill):
    w = ember.nn.Parameter(ember.empty(3, 4))
    version = w._version
    assert fill(w) is w
    assert w.grad_fn is None and w.is_leaf and w.requires_grad
    assert w._version > version
    (w * 2).sum().backward()
    assert w.grad is not None
