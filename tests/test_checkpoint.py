"""ember.utils.checkpoint: the same gradients as without it, with less memory held."""

import tracemalloc
import warnings

import numpy as np
import pytest

import ember
from ember.utils.checkpoint import CheckpointError, checkpoint, checkpoint_sequential

VARIANTS = [True, False]  # use_reentrant


def leaf(values):
    return ember.tensor(values, dtype=ember.float64, requires_grad=True)


def block(x, w):
    return ((x @ w).tanh() * x.exp()).sin()


def gradients_of(run, *tensors):
    for t in tensors:
        t.grad = None
    run().sum().backward()
    return [t.grad.numpy().copy() for t in tensors]


@pytest.mark.parametrize("use_reentrant", VARIANTS)
def test_gradients_equal_those_of_the_plain_call(use_reentrant):
    ember.manual_seed(0)
    x = ember.randn(4, 3, dtype=ember.float64, requires_grad=True)
    w = ember.randn(3, 3, dtype=ember.float64, requires_grad=True)  # used inside, not passed
    plain = gradients_of(lambda: block(x, w), x, w)
    checkpointed = gradients_of(
        lambda: checkpoint(lambda a: block(a, w), x, use_reentrant=use_reentrant), x, w)
    for expected, got in zip(plain, checkpointed):
        np.testing.assert_array_equal(got, expected)  # the very same operations


@pytest.mark.parametrize("use_reentrant", VARIANTS)
def test_random_ops_draw_the_same_numbers_when_recomputed(use_reentrant):
    x = leaf([0.5, -1.0, 2.0, 0.25])

    def noisy(a):
        return a * ember.rand(4, dtype=ember.float64) * a

    ember.manual_seed(7)
    out = checkpoint(noisy, x, use_reentrant=use_reentrant)
    out.sum().backward()
    ember.manual_seed(7)
    noise = ember.rand(4, dtype=ember.float64)
    np.testing.assert_allclose(x.grad.numpy(), 2 * noise.numpy() * x.detach().numpy())


def test_leaving_use_reentrant_out_warns_as_torch_and_means_true():
    x = leaf([1.0, 2.0])
    with pytest.warns(UserWarning, match="torch.utils.checkpoint: the use_reentrant parameter "
                      "should be passed explicitly"):
        out = checkpoint(lambda a: a.exp(), x)
    assert type(out.grad_fn).__name__ == "CheckpointFunctionBackward"
    with pytest.warns(UserWarning, match="checkpoint_sequential: the use_reentrant parameter"):
        checkpoint_sequential([ember.exp, ember.sin], 2, x)


def test_the_reentrant_variant_refuses_what_torch_refuses():
    x = leaf([1.0, 2.0])
    with pytest.raises(ValueError, match="Unexpected keyword arguments: scale"):
        checkpoint(lambda a, scale: a * scale, x, use_reentrant=True, scale=2.0)
    out = checkpoint(lambda a: a.exp(), x, use_reentrant=True)
    with pytest.raises(RuntimeError, match="When use_reentrant=True, torch.utils.checkpoint is "
                       "incompatible with .grad\\(\\)"):
        ember.autograd.grad(out.sum(), x)
    with pytest.warns(UserWarning, match="None of the inputs have requires_grad=True"):
        checkpoint(lambda a: a.exp(), x.detach(), use_reentrant=True)


def test_the_non_reentrant_variant_works_with_grad_keywords_and_second_derivatives():
    x = leaf([0.5, -1.0])
    out = checkpoint(lambda a, scale: (a * scale).exp(), x, use_reentrant=False, scale=2.0)
    (g,) = ember.autograd.grad(out.sum(), x, create_graph=True)
    np.testing.assert_allclose(g.detach().numpy(), 2 * np.exp([1.0, -2.0]))
    (gg,) = ember.autograd.grad(g.sum(), x)
    np.testing.assert_allclose(gg.numpy(), 4 * np.exp([1.0, -2.0]))


def test_a_retained_graph_can_be_run_twice():
    x = leaf([0.5, -1.0])
    out = checkpoint(lambda a: a.sin().exp(), x, use_reentrant=False).sum()
    out.backward(retain_graph=True)
    first = x.grad.numpy().copy()
    out.backward()
    np.testing.assert_allclose(x.grad.numpy(), 2 * first)


def test_a_recomputation_that_differs_is_detected():
    calls = []

    def changing(a):
        calls.append(1)
        return a.exp() if len(calls) == 1 else a.repeat(2).exp()

    out = checkpoint(changing, leaf([1.0, 2.0]), use_reentrant=False)
    with pytest.raises(CheckpointError, match="Recomputed values for the following tensors "
                       "have different metadata"):
        out.sum().backward()


@pytest.mark.parametrize("use_reentrant", VARIANTS)
def test_checkpoint_sequential_matches_the_plain_chain(use_reentrant):
    layers = [ember.sin, ember.exp, ember.tanh, ember.cos, ember.sigmoid]
    x = leaf([0.1, 0.7, -0.3])

    def plain():
        h = x
        for layer in layers:
            h = layer(h)
        return h

    expected = gradients_of(plain, x)
    got = gradients_of(lambda: checkpoint_sequential(layers, 2, x,
                                                     use_reentrant=use_reentrant), x)
    np.testing.assert_array_equal(got[0], expected[0])


# ---------------------------------------------------------------------- memory
SIZE, DEPTH = 20_000, 32  # 32 layers, each keeping a 160 kB array for its backward


def layer(h):
    return (h * 1.01).tanh()  # tanh saves its output; the product saves nothing


def chain(h):
    for _ in range(DEPTH):
        h = layer(h)
    return h


def traced(run, x):
    """(bytes allocated and still held after the forward, peak bytes during forward and
    backward), as NumPy reports its array memory to tracemalloc."""
    x.grad = None
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        loss = run().sum()
        held = tracemalloc.get_traced_memory()[0] - start
        loss.backward()
        peak = tracemalloc.get_traced_memory()[1] - start
    finally:
        tracemalloc.stop()
    return held, peak, x.grad.numpy().copy()


def test_a_checkpointed_deep_chain_holds_and_peaks_at_less_memory():
    x = ember.tensor(np.linspace(-1.0, 1.0, SIZE), requires_grad=True)
    plain_held, plain_peak, plain_grad = traced(lambda: chain(x), x)
    assert plain_held > DEPTH * SIZE * 8 * 0.9  # every layer's output is kept
    # The whole chain in one checkpoint: almost nothing is kept between forward and backward.
    held, _, grad = traced(lambda: checkpoint(chain, x, use_reentrant=False), x)
    assert held < 0.05 * plain_held
    np.testing.assert_array_equal(grad, plain_grad)
    # In 8 segments: a segment's values at a time, plus the inputs of the segments.
    for use_reentrant in VARIANTS:
        segmented = _segmented(x, use_reentrant)
        held, peak, grad = traced(segmented, x)
        assert held < 0.4 * plain_held and peak < 0.6 * plain_peak, (use_reentrant, held, peak)
        np.testing.assert_array_equal(grad, plain_grad)


def _segmented(x, use_reentrant):
    return lambda: checkpoint_sequential([layer] * DEPTH, 8, x, use_reentrant=use_reentrant)


def test_no_warning_when_use_reentrant_is_given():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        checkpoint(lambda a: a.exp(), leaf([1.0]), use_reentrant=False).sum().backward()
