"""Recurrent layers beyond the recorded torch cases (tests/reference/cases_nn_rnn.py):
a torch-saved 2-layer bidirectional LSTM reproduces torch's outputs in ember, gradients
against finite differences in float64 (layers, packed inputs, cells), long sequences (more
steps than one graph node takes inputs), dropout between layers, and nn.utils.rnn round
trips."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import ember
from ember import nn
from ember.autograd import gradcheck
from ember.nn.utils import rnn as rnn_utils

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

_R = np.random.default_rng(11)


def _t(*shape: int, grad: bool = True) -> ember.Tensor:
    return ember.tensor(_R.standard_normal(shape), requires_grad=grad)


def _close(a: ember.Tensor, b: ember.Tensor, atol: float = 1e-6) -> None:
    np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-5, atol=atol)


# ---------------------------------------------------------------------- torch fixture
def test_torch_saved_lstm_reproduces_torch_outputs():
    model = nn.LSTM(5, 6, num_layers=2, bidirectional=True, batch_first=True)
    state = ember.load(FIXTURES / "rnn_lstm_2layer_bidir.pt")
    assert list(state) == list(model.state_dict())
    model.load_state_dict(state)
    io = ember.load(FIXTURES / "rnn_lstm_2layer_bidir_io.pt")
    x = io["input"].clone().requires_grad_()
    output, (h_n, c_n) = model(x)
    _close(output, io["output"])
    _close(h_n, io["h_n"])
    _close(c_n, io["c_n"])
    output.sum().backward()
    _close(x.grad, io["grad_input"], atol=1e-5)

    packed = rnn_utils.pack_padded_sequence(io["input"], io["lengths"], batch_first=True,
                                            enforce_sorted=False)
    packed_out, (h_n, c_n) = model(packed)
    padded, lengths = rnn_utils.pad_packed_sequence(packed_out, batch_first=True)
    assert lengths.tolist() == [4, 7, 2]
    _close(padded, io["packed_output"])
    _close(h_n, io["packed_h_n"])
    _close(c_n, io["packed_c_n"])


# ---------------------------------------------------------------------- finite differences
LAYERS = {
    "rnn_tanh": lambda: nn.RNN(3, 4, num_layers=2, bidirectional=True),
    "rnn_relu_no_bias": lambda: nn.RNN(3, 4, nonlinearity="relu", bias=False),
    "lstm": lambda: nn.LSTM(3, 4, num_layers=2, bidirectional=True, batch_first=True),
    "lstm_proj": lambda: nn.LSTM(3, 4, proj_size=2, bidirectional=True),
    "gru": lambda: nn.GRU(3, 4, num_layers=2, bidirectional=True),
    "gru_no_bias": lambda: nn.GRU(3, 4, bias=False, batch_first=True),
}


def _outputs(result) -> list:
    output, state = result
    if isinstance(output, rnn_utils.PackedSequence):
        output = output.data
    return [output, *(state if isinstance(state, tuple) else (state,))]


@pytest.mark.parametrize("name", LAYERS)
def test_layer_gradients_match_finite_differences(name):
    model = LAYERS[name]().double()
    named = list(model.named_parameters())
    # the first layer's forward weights and the last two tensors (reverse/upper layer)
    chosen = named[:3] + named[-2:]
    names = [n for n, _ in chosen]
    weights = [p.detach().clone().requires_grad_() for _, p in chosen]

    def run(x, *weights):
        result = ember.func.functional_call(model, dict(zip(names, weights, strict=True)),
                                            (x,))
        return tuple(_outputs(result))

    assert gradcheck(run, (_t(4, 2, 3), *weights))


@pytest.mark.parametrize("mode", ["lstm", "gru", "rnn"])
def test_packed_gradients_match_finite_differences(mode):
    cls = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}[mode]
    model = cls(2, 3, bidirectional=True).double()
    x = _t(5, 3, 2)
    h0 = _t(2, 3, 3)
    state = (h0, _t(2, 3, 3)) if mode == "lstm" else h0

    def run(x, *state):
        packed = rnn_utils.pack_padded_sequence(x, [3, 5, 2], enforce_sorted=False)
        out, final = model(packed, state if mode == "lstm" else state[0])
        padded, _ = rnn_utils.pad_packed_sequence(out, padding_value=0.25)
        return (padded, *(final if mode == "lstm" else (final,)))

    assert gradcheck(run, (x, *(state if mode == "lstm" else (state,))))


@pytest.mark.parametrize("cell", ["RNNCell", "LSTMCell", "GRUCell"])
def test_cell_gradients_match_finite_differences(cell):
    model = getattr(nn, cell)(3, 4).double()
    x, h = _t(2, 3), _t(2, 4)
    state = (h, _t(2, 4)) if cell == "LSTMCell" else h

    def run(x, *state):
        result = model(x, state if cell == "LSTMCell" else state[0])
        return result if isinstance(result, tuple) else (result,)

    assert gradcheck(run, (x, *(state if cell == "LSTMCell" else (state,))))


# ---------------------------------------------------------------------- long sequences
def _step_by_step_gru(model: nn.GRU, x: ember.Tensor) -> ember.Tensor:
    cell = nn.GRUCell(model.input_size, model.hidden_size).double()
    cell.load_state_dict({k.removesuffix("_l0"): v for k, v in model.state_dict().items()})
    h = ember.zeros(x.shape[1], model.hidden_size, dtype=x.dtype)
    outputs = []
    for t in range(x.shape[0]):
        h = cell(x[t], h)
        outputs.append(h)
    return ember.cat([ember.stack(outputs[i:i + 10]) for i in range(0, len(outputs), 10)])


def test_long_sequence_equals_the_cell_loop():
    # 45 steps: more than one node takes inputs (stacked in groups) and more than one
    # level of splitting the input into blocks.
    model = nn.GRU(3, 5).double()
    x = _t(45, 2, 3)
    out, h_n = model(x)
    x_loop = x.detach().clone().requires_grad_()
    expected = _step_by_step_gru(model, x_loop)
    np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(),
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(h_n[0].detach().numpy(), out[-1].detach().numpy())
    weights = ember.linspace(0.5, 1.5, out.numel(), dtype=ember.float64).reshape(out.shape)
    (out * weights).sum().backward()
    (expected * weights).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), x_loop.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_long_packed_sequence_keeps_each_last_step():
    model = nn.LSTM(2, 3).double()
    lengths = [40, 33, 1]
    x = _t(40, 3, 2, grad=False)
    with ember.no_grad():
        packed_out, (h_n, _) = model(rnn_utils.pack_padded_sequence(x, lengths))
        padded, _ = rnn_utils.pad_packed_sequence(packed_out)
    for b, n in enumerate(lengths):
        alone, (h_alone, _) = model(x[:n, b:b + 1])
        np.testing.assert_allclose(padded[:n, b].numpy(), alone[:, 0].detach().numpy(),
                                   rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(h_n[0, b].detach().numpy(), h_alone[0, 0].detach().numpy(),
                                   rtol=1e-12, atol=1e-12)
        assert (padded[n:, b] == 0).all()


# ---------------------------------------------------------------------- dropout, modes
def test_dropout_only_between_layers_and_only_in_training():
    ember.manual_seed(0)
    model = nn.GRU(3, 4, num_layers=2, dropout=0.5)
    x = _t(5, 2, 3, grad=False).float()
    model.eval()
    first = model(x)[0]
    assert ember.equal(first, model(x)[0])
    model.train()
    draws = [model(x)[0] for _ in range(3)]
    assert not all(ember.equal(draws[0], d) for d in draws[1:])
    single = nn.GRU(3, 4, num_layers=1)
    with pytest.warns(UserWarning, match="non-zero dropout expects num_layers greater than 1"):
        single_dropout = nn.GRU(3, 4, num_layers=1, dropout=0.5)
    single_dropout.load_state_dict(single.state_dict())
    assert ember.equal(single(x)[0], single_dropout(x)[0])  # nothing after the last layer


def test_default_init_is_uniform_within_one_over_sqrt_hidden():
    ember.manual_seed(3)
    model = nn.LSTM(4, 25, num_layers=2, proj_size=5)
    for name, p in model.named_parameters():
        values = p.detach().numpy()
        assert np.abs(values).max() <= 0.2, name
        assert values.std() > 0.08, name


def test_float32_stays_float32_and_h_n_is_never_batch_first():
    model = nn.LSTM(3, 4, num_layers=2, batch_first=True, bidirectional=True)
    out, (h, c) = model(ember.randn(2, 6, 3))
    assert out.dtype == h.dtype == c.dtype == ember.float32
    assert out.shape == (2, 6, 8) and h.shape == (4, 2, 4) and c.shape == (4, 2, 4)


# ---------------------------------------------------------------------- nn.utils.rnn
def test_pack_then_pad_round_trips_any_order():
    x = _t(5, 4, 2, grad=False)
    lengths = ember.tensor([3, 5, 1, 4])
    packed = rnn_utils.pack_padded_sequence(x, lengths, enforce_sorted=False)
    assert packed.batch_sizes.tolist() == [4, 3, 3, 2, 1]
    padded, back = rnn_utils.pad_packed_sequence(packed, total_length=7)
    assert back.tolist() == [3, 5, 1, 4] and padded.shape == (7, 4, 2)
    for b, n in enumerate(lengths.tolist()):
        np.testing.assert_array_equal(padded[:n, b].numpy(), x[:n, b].numpy())
        assert (padded[n:, b] == 0).all()


def test_pack_sequence_and_unpack_sequence_are_inverse():
    seqs = [_t(n, 3, grad=False) for n in (2, 5, 3)]
    unpacked = rnn_utils.unpack_sequence(rnn_utils.pack_sequence(seqs, enforce_sorted=False))
    for a, b in zip(seqs, unpacked, strict=True):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_pad_sequence_of_many_sequences():
    seqs = [ember.full((k % 4 + 1,), float(k)) for k in range(40)]
    padded = rnn_utils.pad_sequence(seqs, batch_first=True, padding_value=-1.0)
    assert padded.shape == (40, 4)
    assert padded[5].tolist() == [5.0, 5.0, -1.0, -1.0]
