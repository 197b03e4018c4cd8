"""Transformer layers beyond the recorded torch cases (tests/reference/cases_nn_transformer.py):
a torch-saved encoder and decoder reproduce torch's outputs and gradients in ember,
gradients against finite differences in float64, equivalent masks giving equal results,
unbatched inputs equal to a batch of one, the stacks' layers being independent copies, and
a few training steps."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

import ember
from ember import nn
from ember.autograd import gradcheck

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

_R = np.random.default_rng(5)


def _t(*shape: int, grad: bool = False, dtype=ember.float32) -> ember.Tensor:
    return ember.tensor(_R.standard_normal(shape), dtype=dtype, requires_grad=grad)


def _close(a: ember.Tensor, b: ember.Tensor, atol: float = 1e-5) -> None:
    np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-5, atol=atol)


def _quiet_encoder(*args, **kwargs) -> nn.TransformerEncoder:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the nested-tensor note for batch_first=False
        return nn.TransformerEncoder(*args, **kwargs)


# ---------------------------------------------------------------------- torch fixture
def _fixture_models() -> tuple[nn.TransformerEncoder, nn.TransformerDecoder]:
    encoder = nn.TransformerEncoder(
        nn.TransformerEncoderLayer(8, 4, 16, dropout=0.0, activation="gelu", batch_first=True),
        2, norm=nn.LayerNorm(8))
    decoder = nn.TransformerDecoder(
        nn.TransformerDecoderLayer(8, 4, 16, dropout=0.0, batch_first=True, norm_first=True),
        2, norm=nn.LayerNorm(8))
    state = ember.load(FIXTURES / "transformer_enc_dec.pt")
    assert list(state["encoder"]) == list(encoder.state_dict())
    assert list(state["decoder"]) == list(decoder.state_dict())
    encoder.load_state_dict(state["encoder"])
    decoder.load_state_dict(state["decoder"])
    return encoder, decoder


def test_torch_saved_encoder_decoder_reproduce_torch_outputs():
    encoder, decoder = _fixture_models()
    io = ember.load(FIXTURES / "transformer_enc_dec_io.pt")
    src = io["src"].clone().requires_grad_()
    tgt = io["tgt"].clone().requires_grad_()
    memory = encoder(src, src_key_padding_mask=io["padding"])
    output = decoder(tgt, memory, tgt_mask=io["tgt_mask"],
                     memory_key_padding_mask=io["padding"])
    _close(memory, io["memory"])
    _close(output, io["output"])
    output.sum().backward()
    _close(src.grad, io["grad_src"])
    _close(tgt.grad, io["grad_tgt"])


def test_torch_saved_encoder_eval_zeroes_padding_as_torch():
    encoder, _ = _fixture_models()
    io = ember.load(FIXTURES / "transformer_enc_dec_io.pt")
    encoder.eval()
    with ember.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        memory = encoder(io["src"], src_key_padding_mask=io["padding"])
    _close(memory, io["eval_memory"])
    # the final norm of a zero row is its bias (zero after loading)
    assert float(memory[1, 4:].abs().sum()) == 0.0
    assert float(memory[1, :4].abs().sum()) > 0.0


# ---------------------------------------------------------------------- finite differences
def _filled(module: nn.Module) -> nn.Module:
    module.double()
    with ember.no_grad():
        for p in module.parameters():
            p.copy_(ember.tensor(_R.standard_normal(tuple(p.shape)) * 0.5))
    return module


@pytest.mark.parametrize("norm_first", [False, True])
def test_encoder_layer_gradcheck(norm_first):
    layer = _filled(nn.TransformerEncoderLayer(4, 2, 5, dropout=0.0, norm_first=norm_first))
    x = _t(3, 2, 4, grad=True, dtype=ember.float64)
    mask = nn.Transformer.generate_square_subsequent_mask(3, dtype=ember.float64)
    padding = ember.tensor([[0.0, 0.0, float("-inf")], [0.0, 0.0, 0.0]], dtype=ember.float64)
    assert gradcheck(lambda x: layer(x, src_mask=mask, src_key_padding_mask=padding), (x,))


def test_decoder_layer_gradcheck_input_memory_and_weights():
    layer = _filled(nn.TransformerDecoderLayer(4, 2, 5, dropout=0.0, activation="gelu"))
    tgt = _t(3, 2, 4, grad=True, dtype=ember.float64)
    memory = _t(2, 2, 4, grad=True, dtype=ember.float64)
    weight = layer.multihead_attn.in_proj_weight

    mask = nn.Transformer.generate_square_subsequent_mask(3, dtype=ember.float64)

    def run(tgt, memory, weight_value):
        return nn.utils.stateless.functional_call(
            layer, {"multihead_attn.in_proj_weight": weight_value}, (tgt, memory),
            {"tgt_is_causal": True, "tgt_mask": mask})

    w = weight.detach().clone().requires_grad_()
    assert gradcheck(run, (tgt, memory, w))


# ---------------------------------------------------------------------- masks
def test_bool_and_float_masks_agree():
    layer = nn.TransformerEncoderLayer(4, 2, 6, dropout=0.0)
    x = _t(4, 3, 4)
    bool_mask = ember.ones(4, 4, dtype=ember.bool).triu(1)
    float_mask = nn.Transformer.generate_square_subsequent_mask(4)
    padding = ember.tensor([[False, False, False, True], [False] * 4, [False, True, True, True]])
    float_padding = ember.zeros(3, 4).masked_fill(padding, float("-inf"))
    a = layer(x, src_mask=bool_mask, src_key_padding_mask=padding)
    b = layer(x, src_mask=float_mask, src_key_padding_mask=float_padding)
    c = layer(x, src_mask=float_mask, is_causal=True, src_key_padding_mask=float_padding)
    _close(a, b, atol=1e-6)
    _close(a, c, atol=1e-6)


def test_causal_hint_equals_explicit_mask():
    decoder = nn.TransformerDecoder(nn.TransformerDecoderLayer(4, 2, 6, dropout=0.0), 2)
    tgt, memory = _t(5, 2, 4), _t(3, 2, 4)
    mask = nn.Transformer.generate_square_subsequent_mask(5)
    _close(decoder(tgt, memory, tgt_mask=mask),
           decoder(tgt, memory, tgt_mask=mask, tgt_is_causal=False))


def test_unbatched_equals_batch_of_one():
    model = nn.Transformer(4, 2, 1, 2, 6, dropout=0.0, batch_first=True)
    src, tgt = _t(5, 4), _t(3, 4)
    mask = nn.Transformer.generate_square_subsequent_mask(3)
    _close(model(src, tgt, tgt_mask=mask),
           model(src.unsqueeze(0), tgt.unsqueeze(0), tgt_mask=mask).squeeze(0))


# ---------------------------------------------------------------------- copies, training
def test_stack_layers_are_independent_copies():
    layer = nn.TransformerEncoderLayer(4, 2, 6)
    encoder = _quiet_encoder(layer, 3)
    weights = [m.linear1.weight for m in encoder.layers]
    assert all(ember.equal(w, layer.linear1.weight) for w in weights)
    assert len({id(w) for w in weights} | {id(layer.linear1.weight)}) == 4
    with ember.no_grad():
        encoder.layers[0].linear1.weight.add_(1.0)
    assert not ember.equal(encoder.layers[0].linear1.weight, encoder.layers[1].linear1.weight)
    assert len(list(encoder.parameters())) == 3 * len(list(layer.parameters()))


def test_transformer_xavier_redraws_matrices_only():
    ember.manual_seed(0)
    model = nn.Transformer(8, 2, 1, 1, 12, batch_first=True)
    layer = model.encoder.layers[0]
    assert float(layer.linear1.bias.abs().sum()) > 0  # Linear's own draw, kept
    assert float(layer.self_attn.in_proj_bias.abs().sum()) == 0.0
    bound = (6 / (12 + 8)) ** 0.5
    assert float(layer.linear1.weight.abs().max()) <= bound
    ember.manual_seed(0)
    again = nn.Transformer(8, 2, 1, 1, 12, batch_first=True)
    for p, q in zip(model.parameters(), again.parameters()):
        assert ember.equal(p, q)


def test_a_few_training_steps_reduce_the_loss():
    ember.manual_seed(1)
    model = nn.Transformer(8, 2, 1, 1, 16, dropout=0.1, batch_first=True)
    optimizer = ember.optim.Adam(model.parameters(), lr=1e-2)
    src, tgt, target = _t(4, 5, 8), _t(4, 3, 8), _t(4, 3, 8)
    mask = nn.Transformer.generate_square_subsequent_mask(3)
    losses = []
    for _ in range(15):
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(src, tgt, tgt_mask=mask), target)
        loss.backward()
        optimizer.step()
        losses.append(float(loss))
    assert losses[-1] < losses[0]
    assert all(p.grad is not None for p in model.parameters())


def test_custom_encoder_and_decoder_are_used():
    encoder = _quiet_encoder(nn.TransformerEncoderLayer(4, 2, 6), 1)
    decoder = nn.TransformerDecoder(nn.TransformerDecoderLayer(4, 2, 6), 1)
    model = nn.Transformer(4, 2, custom_encoder=encoder, custom_decoder=decoder)
    assert model.encoder is encoder and model.decoder is decoder
    assert [n for n, _ in model.named_children()] == ["encoder", "decoder"]
