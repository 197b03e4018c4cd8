"""Attention beyond the recorded torch cases (tests/reference/cases_nn_rnn.py): float64
gradients of scaled_dot_product_attention and nn.MultiheadAttention against finite
differences, fully masked rows, dropout, and a small transformer block that trains."""

from __future__ import annotations

import numpy as np
import pytest

import ember
import ember.nn.functional as F
from ember import nn
from ember.autograd import gradcheck

_R = np.random.default_rng(5)


def _t(*shape: int, grad: bool = True) -> ember.Tensor:
    return ember.tensor(_R.standard_normal(shape), requires_grad=grad)


SDPA_OPTIONS = {
    "plain": {},
    "scale": {"scale": 0.4},
    "causal": {"is_causal": True},
    "bool_mask": {"attn_mask": ember.tensor([[True, False, True, True, False]] * 3)},
    "float_mask": {"attn_mask": ember.tensor(_R.standard_normal((3, 5)))},
}


@pytest.mark.parametrize("name", SDPA_OPTIONS)
def test_sdpa_gradients_match_finite_differences(name):
    options = SDPA_OPTIONS[name]

    def run(q, k, v):
        return F.scaled_dot_product_attention(q, k, v, **options)

    assert gradcheck(run, (_t(2, 2, 3, 4), _t(2, 2, 5, 4), _t(2, 2, 5, 3)))


def test_sdpa_grouped_query_heads_equal_repeated_heads():
    q, k, v = _t(1, 4, 3, 2), _t(1, 2, 5, 2), _t(1, 2, 5, 3)
    grouped = F.scaled_dot_product_attention(q, k, v, enable_gqa=True)
    repeated = F.scaled_dot_product_attention(q, k.repeat_interleave(2, 1),
                                              v.repeat_interleave(2, 1))
    np.testing.assert_allclose(grouped.detach().numpy(), repeated.detach().numpy())
    assert gradcheck(lambda q, k, v: F.scaled_dot_product_attention(q, k, v, enable_gqa=True),
                     (q, k, v))


def test_fully_masked_rows_give_zeros_and_no_gradient():
    q, k, v = _t(3, 4), _t(5, 4), _t(5, 2)
    mask = ember.ones(3, 5, dtype=ember.bool)
    mask[1] = False
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    assert (out[1] == 0).all() and not ember.isnan(out).any()
    out.sum().backward()
    assert (q.grad[1] == 0).all() and not ember.isnan(k.grad).any()


def test_sdpa_dropout_zeroes_weights_in_expectation():
    ember.manual_seed(0)
    q, k, v = _t(1, 4, 6, 3, grad=False), _t(1, 4, 6, 3, grad=False), _t(1, 4, 6, 3, grad=False)
    plain = F.scaled_dot_product_attention(q, k, v)
    dropped = F.scaled_dot_product_attention(q, k, v, dropout_p=0.5)
    assert dropped.shape == plain.shape and not ember.allclose(plain, dropped)
    assert (F.scaled_dot_product_attention(q, k, v, dropout_p=1.0) == 0).all()


# ---------------------------------------------------------------------- MultiheadAttention
MHA = {
    "self": (dict(), "self"),
    "cross_batch_first": (dict(batch_first=True), "cross"),
    "kdim_vdim_no_bias": (dict(kdim=3, vdim=5, bias=False), "kv"),
    "bias_kv_zero_attn": (dict(add_bias_kv=True, add_zero_attn=True), "cross"),
}


@pytest.mark.parametrize("name", MHA)
def test_mha_gradients_match_finite_differences(name):
    options, kind = MHA[name]
    m = nn.MultiheadAttention(4, 2, **options).double()
    named = [(n, p) for n, p in m.named_parameters()]
    names = [n for n, _ in named]
    weights = [p.detach().clone().requires_grad_() for _, p in named]
    kpm = ember.tensor([[False, False, True], [False, False, False]])
    if kind == "kv":
        key, value = _t(3, 2, 3), _t(3, 2, 5)
    else:
        key = _t(2, 3, 4) if options.get("batch_first") else _t(3, 2, 4)
        value = key
    query = _t(2, 3, 4) if options.get("batch_first") else _t(3, 2, 4)

    def run(query, key, value, *weights):
        params = dict(zip(names, weights, strict=True))
        if kind == "self":
            args = (query, query, query)
        elif kind == "cross":
            args = (query, key, key)
        else:
            args = (query, key, value)
        out, attn = ember.func.functional_call(m, params, args,
                                               {"key_padding_mask": kpm})
        return out, attn

    assert gradcheck(run, (query, key, value, *weights))


def test_mha_weights_are_probabilities_and_dropout_acts_only_in_training():
    ember.manual_seed(1)
    m = nn.MultiheadAttention(8, 2, dropout=0.5)
    x = ember.randn(5, 3, 8)
    m.eval()
    out, weights = m(x, x, x)
    np.testing.assert_allclose(weights.sum(-1).detach().numpy(), 1.0, rtol=1e-6)
    assert ember.equal(out, m(x, x, x)[0])
    m.train()
    assert not ember.equal(out, m(x, x, x)[0])


def test_mha_default_init_follows_torch():
    ember.manual_seed(2)
    m = nn.MultiheadAttention(16, 4)
    bound = (6 / (16 + 48)) ** 0.5
    assert m.in_proj_weight.abs().max().item() <= bound
    assert (m.in_proj_bias == 0).all() and (m.out_proj.bias == 0).all()
    assert type(m.out_proj).__name__ == "NonDynamicallyQuantizableLinear"
    assert list(dict(m.named_parameters())) == ["in_proj_weight", "in_proj_bias",
                                                "out_proj.weight", "out_proj.bias"]


def test_need_weights_false_matches_need_weights_true():
    m = nn.MultiheadAttention(8, 2, batch_first=True).double()
    x = _t(2, 4, 8, grad=False)
    causal = ember.triu(ember.ones(4, 4, dtype=ember.bool), 1)
    with_weights, _ = m(x, x, x, attn_mask=causal)
    hinted, none = m(x, x, x, attn_mask=causal, is_causal=True, need_weights=False)
    assert none is None
    np.testing.assert_allclose(with_weights.detach().numpy(), hinted.detach().numpy(),
                               rtol=1e-12, atol=1e-12)


class _Block(nn.Module):
    """A pre-norm-free transformer block: self-attention and a feed-forward, each residual."""

    def __init__(self, dim: int, heads: int) -> None:
        super().__init__()
        self.attn = nn.MultiheadAttention(dim, heads, batch_first=True)
        self.ff = nn.Sequential(nn.Linear(dim, 2 * dim), nn.ReLU(), nn.Linear(2 * dim, dim))

    def forward(self, x: ember.Tensor) -> ember.Tensor:
        length = x.shape[1]
        mask = ember.triu(ember.ones(length, length, dtype=ember.bool), 1)
        x = x + self.attn(x, x, x, attn_mask=mask, need_weights=False)[0]
        return x + self.ff(x)


def test_small_transformer_block_trains():
    ember.manual_seed(0)
    block = _Block(8, 2)
    x = ember.randn(4, 6, 8)
    target = x.roll(1, dims=1)
    optimizer = ember.optim.Adam(block.parameters(), lr=1e-2)
    losses = []
    for _ in range(30):
        optimizer.zero_grad()
        loss = F.mse_loss(block(x), target)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    assert losses[-1] < 0.5 * losses[0]
