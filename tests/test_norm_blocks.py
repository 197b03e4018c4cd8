"""Batch norm by blocks (ops/_norm_blocks.py): the blocks cover the view exactly once
(whole samples, or channel blocks of one sample), and the blocked forward and backward
give the whole-array code's values, statistics and gradients, through the public module
(float64 against a float64 formula; float32 against the whole-array path)."""

from __future__ import annotations

import numpy as np
import pytest

import ember
from ember.ops import _norm_blocks


@pytest.mark.parametrize("view, block", [
    ((7, 3, 100), 650),  # two samples a block, the last block one sample
    ((3, 10, 70), 150),  # blocks of two channels within each sample
    ((2, 5, 300), 100),  # rows longer than a block: one channel a block
])
def test_blocks_cover_each_value_once(monkeypatch, view, block):
    monkeypatch.setattr(_norm_blocks, "_BLOCK_VALUES", block)
    parts = _norm_blocks.blocks(view, np.dtype(np.float32))
    assert parts is not None and len(parts) > 1
    seen = np.zeros(view, int)
    for samples, channels in parts:
        seen[samples, channels] += 1
        assert seen[samples, channels].flags.c_contiguous
    assert (seen == 1).all()


def test_whole_array_code_where_blocks_do_not_pay():
    f32 = np.dtype(np.float32)
    assert _norm_blocks.blocks((64, 16, 8), f32) is None  # short rows
    assert _norm_blocks.blocks((1, 64, 4096), f32) is None  # one sample
    assert _norm_blocks.blocks((2, 2, 100), f32) is None  # small
    assert _norm_blocks.blocks((64, 16, 1024), np.dtype(np.float16)) is None


def _module_results(x, g, affine, training=True):
    bn = ember.nn.BatchNorm2d(x.shape[1], affine=affine)
    if x.dtype == np.float64:
        bn = bn.double()
    if not training:
        bn.eval()
    if affine:
        with ember.no_grad():
            bn.weight.copy_(ember.tensor(np.linspace(0.5, 1.5, x.shape[1]).astype(x.dtype)))
            bn.bias.copy_(ember.tensor(np.linspace(-1, 1, x.shape[1]).astype(x.dtype)))
    xt = ember.tensor(x, requires_grad=True)
    y = bn(xt)
    y.backward(ember.tensor(g))
    out = [y.detach().numpy(), xt.grad.numpy(), bn.running_mean.numpy(),
           bn.running_var.numpy()]
    if affine:
        out += [bn.weight.grad.numpy(), bn.bias.grad.numpy()]
    return out


@pytest.mark.parametrize("affine", [True, False])
@pytest.mark.parametrize("shape, block", [((5, 3, 20, 20), 2500), ((2, 6, 16, 16), 600)])
def test_float64_against_the_formula(monkeypatch, affine, shape, block):
    monkeypatch.setattr(_norm_blocks, "_BLOCK_VALUES", block)
    assert _norm_blocks.blocks((shape[0], shape[1], shape[2] * shape[3]),
                               np.dtype(np.float64)) is not None
    rng = np.random.default_rng(3)
    x = rng.standard_normal(shape) * 2 + 3
    g = rng.standard_normal(shape)
    got = _module_results(x, g, affine)
    axes = (0, 2, 3)
    mean, var = x.mean(axes, keepdims=True), x.var(axes, keepdims=True)
    xhat = (x - mean) / np.sqrt(var + 1e-5)
    w = np.linspace(0.5, 1.5, shape[1]).reshape(1, -1, 1, 1) if affine else 1.0
    b = np.linspace(-1, 1, shape[1]).reshape(1, -1, 1, 1) if affine else 0.0
    gxhat = g * w
    gx = (gxhat - gxhat.mean(axes, keepdims=True)
          - xhat * (gxhat * xhat).mean(axes, keepdims=True)) / np.sqrt(var + 1e-5)
    count = x.size // shape[1]
    expected = [xhat * w + b, gx, 0.1 * mean.ravel(),
                0.9 + 0.1 * var.ravel() * count / (count - 1)]
    if affine:
        expected += [(g * xhat).sum(axes), g.sum(axes)]
    for value, want in zip(got, expected):
        np.testing.assert_allclose(value, want, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("affine", [True, False])
def test_float32_as_the_whole_array_code(monkeypatch, affine):
    rng = np.random.default_rng(4)
    x = (rng.standard_normal((6, 4, 24, 24)) * 3 + 5).astype(np.float32)
    g = rng.standard_normal(x.shape).astype(np.float32)
    monkeypatch.setattr(_norm_blocks, "_BLOCK_VALUES", 1 << 40)
    assert _norm_blocks.blocks((6, 4, 576), np.dtype(np.float32)) is None
    whole = _module_results(x, g, affine)
    monkeypatch.setattr(_norm_blocks, "_BLOCK_VALUES", 1000)  # blocks of 1-2 channels
    blocked = _module_results(x, g, affine)
    for a, b in zip(blocked, whole):
        assert a.dtype == b.dtype == np.float32
        np.testing.assert_allclose(a, b, rtol=2e-6, atol=2e-6)


def test_evaluation_mode_keeps_the_whole_array_code(monkeypatch):
    monkeypatch.setattr(_norm_blocks, "_BLOCK_VALUES", 500)
    calls = []
    monkeypatch.setattr(_norm_blocks, "forward", lambda *a: calls.append(a))
    x = np.random.default_rng(5).standard_normal((4, 3, 20, 20))
    _module_results(x, np.ones_like(x), True, training=False)
    assert not calls


def _bn_relu_results(x, c):
    """Gradients of sum(c * relu(bn(x))) and bn's parameters' gradients: mul's new array is
    donated to relu's formula, relu's result to batch norm's."""
    bn = ember.nn.BatchNorm2d(x.shape[1])
    if x.dtype == np.float64:
        bn = bn.double()
    with ember.no_grad():
        bn.weight.copy_(ember.tensor(np.linspace(0.5, 1.5, x.shape[1]).astype(x.dtype)))
    xt = ember.tensor(x, requires_grad=True)
    (ember.relu(bn(xt)) * ember.tensor(c)).sum().backward()
    return [xt.grad.numpy(), bn.weight.grad.numpy(), bn.bias.grad.numpy()]


def test_a_donated_gradient_receives_gx_with_the_same_bits(monkeypatch):
    from ember.autograd import engine
    if engine.donate_from == np.iinfo(np.int64).max:
        pytest.skip("this interpreter's reference counts do not tell")
    # (float64: float32 takes torch's kernel's arithmetic, ops/_batch_norm_terms.py)
    rng = np.random.default_rng(6)
    x = rng.standard_normal((5, 3, 20, 20)) * 2 + 3
    c = rng.standard_normal(x.shape)
    monkeypatch.setattr(_norm_blocks, "_BLOCK_VALUES", 700)  # blocks of 1 channel
    into = []
    original = _norm_blocks._backward_into_g
    monkeypatch.setattr(_norm_blocks, "_backward_into_g",
                        lambda gv, *a: into.append(gv.base) or original(gv, *a))
    monkeypatch.setattr(engine, "donate_from", 1 << 62)
    kept = _bn_relu_results(x, c)
    monkeypatch.setattr(engine, "donate_from", 1)
    donated = _bn_relu_results(x, c)
    assert len(into) == 1  # only with donation
    for a, b in zip(kept, donated):
        assert a.dtype == b.dtype == np.float64
        assert a.tobytes() == b.tobytes()


def test_the_input_gradient_is_no_view(monkeypatch):
    """gx owns its memory (a leaf's .grad then takes it without a copy)."""
    from ember.autograd import engine
    copies = []
    original = engine.c_order_copy
    monkeypatch.setattr(engine, "c_order_copy", lambda a: copies.append(a.shape) or original(a))
    monkeypatch.setattr(_norm_blocks, "_BLOCK_VALUES", 700)
    x = np.random.default_rng(7).standard_normal((5, 3, 20, 20)).astype(np.float32)
    g = np.random.default_rng(8).standard_normal(x.shape).astype(np.float32)
    monkeypatch.setattr(engine, "donate_from", 1 << 62)  # the user's g is never donated
    got = _module_results(x, g, affine=True)
    assert (5, 3, 20, 20) not in copies
    monkeypatch.undo()
    monkeypatch.setattr(_norm_blocks, "_BLOCK_VALUES", 1 << 40)
    whole = _module_results(x, g, affine=True)
    for a, b in zip(got, whole):
        np.testing.assert_allclose(a, b, rtol=2e-6, atol=2e-6)
