"""torch's top-level recurrent functions: the cells `rnn_tanh_cell`, `rnn_relu_cell`,
`lstm_cell`, `gru_cell` (what nn.RNNCell and friends call), and the whole-sequence
`lstm`, `gru`, `rnn_tanh`, `rnn_relu` (what nn.LSTM and friends call), with ATen's
argument lists: weights given as tensors, flags without defaults.

The cells compose public ops in the order torch's cells do, so their graphs carry torch's
nodes (a GRU cell's result is `(h - n) * z + n`: AddBackward0 over MulBackward0 and
TanhBackward0). The sequence functions run ember's nn.RNNBase over the given weights.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ember

from ._tensor import Tensor
from .nn import functional as F
from .nn.modules.module import Module
from .nn.modules.rnn import RNNBase
from .nn.utils.rnn import PackedSequence

__all__ = ["rnn_tanh_cell", "rnn_relu_cell", "lstm_cell", "gru_cell", "lstm", "gru",
           "rnn_tanh", "rnn_relu"]


def _check_cell(input: Tensor, hiddens: Sequence[Tensor], w_ih: Tensor, w_hh: Tensor,
                gates: int) -> None:
    """torch's checks of a cell's arguments, in its order."""
    if input.size(1) != w_ih.size(1):
        raise RuntimeError(f"input has inconsistent input_size: got {input.size(1)} expected "
                           f"{w_ih.size(1)}")
    hidden_size = w_hh.size(1)
    for name, weight in (("weight_ih", w_ih), ("weight_hh", w_hh)):
        if weight.size(0) != gates * hidden_size:
            raise RuntimeError(f"{name} first dim must be {gates} * hidden_size = "
                               f"{gates * hidden_size}, but got {weight.size(0)}")
    for k, hx in enumerate(hiddens):
        if input.size(0) != hx.size(0):
            raise RuntimeError(f"Input batch size {input.size(0)} doesn't match hidden{k} "
                               f"batch size {hx.size(0)}")
        if hx.size(1) != hidden_size:
            raise RuntimeError(f"hidden{k} has inconsistent hidden_size: got {hx.size(1)}, "
                               f"expected {hidden_size}")


def rnn_tanh_cell(input: Tensor, hx: Tensor, w_ih: Tensor, w_hh: Tensor,
                  b_ih: Tensor | None = None, b_hh: Tensor | None = None) -> Tensor:
    """tanh(input W_ih^T + b_ih + hx W_hh^T + b_hh)."""
    _check_cell(input, [hx], w_ih, w_hh, 1)
    return ember.tanh(F.linear(input, w_ih, b_ih) + F.linear(hx, w_hh, b_hh))


def rnn_relu_cell(input: Tensor, hx: Tensor, w_ih: Tensor, w_hh: Tensor,
                  b_ih: Tensor | None = None, b_hh: Tensor | None = None) -> Tensor:
    """relu(input W_ih^T + b_ih + hx W_hh^T + b_hh)."""
    _check_cell(input, [hx], w_ih, w_hh, 1)
    return ember.relu(F.linear(input, w_ih, b_ih) + F.linear(hx, w_hh, b_hh))


def lstm_cell(input: Tensor, hx: Sequence[Tensor], w_ih: Tensor, w_hh: Tensor,
              b_ih: Tensor | None = None, b_hh: Tensor | None = None) -> tuple[Tensor, Tensor]:
    """One LSTM step from hx = (h, c): gates i, f, g, o; returns (h', c')."""
    if not isinstance(hx, (tuple, list)) or not all(isinstance(h, Tensor) for h in hx):
        raise TypeError("lstm_cell(): argument 'hx' (position 2) must be tuple of Tensors, "
                        f"not {type(hx).__name__}")
    if len(hx) != 2:
        raise RuntimeError("lstm_cell expects two hidden states")
    _check_cell(input, hx, w_ih, w_hh, 4)
    gates = F.linear(input, w_ih, b_ih) + F.linear(hx[0], w_hh, b_hh)
    i, f, g, o = gates.chunk(4, 1)
    cy = ember.sigmoid(f) * hx[1] + ember.sigmoid(i) * ember.tanh(g)
    return ember.sigmoid(o) * ember.tanh(cy), cy


def gru_cell(input: Tensor, hx: Tensor, w_ih: Tensor, w_hh: Tensor,
             b_ih: Tensor | None = None, b_hh: Tensor | None = None) -> Tensor:
    """One GRU step: r, z from both projections, n = tanh(x_n + r * h_n), then
    (hx - n) * z + n."""
    _check_cell(input, [hx], w_ih, w_hh, 3)
    x_r, x_z, x_n = F.linear(input, w_ih, b_ih).chunk(3, 1)
    h_r, h_z, h_n = F.linear(hx, w_hh, b_hh).chunk(3, 1)
    r = ember.sigmoid(h_r + x_r)
    z = ember.sigmoid(h_z + x_z)
    n = ember.tanh(x_n + h_n * r)
    return (hx - n) * z + n


# ---------------------------------------------------------------------- whole sequences
class _GivenWeights(RNNBase):
    """nn.RNNBase running over weights given as a flat sequence (torch's `params`: per
    layer and direction w_ih, w_hh, then b_ih, b_hh with biases, then w_hr with
    projections), not over parameters of its own."""

    def __init__(self, mode: str, params: Sequence[Tensor], has_biases: bool,
                 num_layers: int, dropout: float, train: bool, bidirectional: bool,
                 batch_first: bool, hidden_size: int, proj_size: int) -> None:
        Module.__init__(self)
        directions = 2 if bidirectional else 1
        per = 2 + 2 * bool(has_biases) + (proj_size > 0)
        if len(params) != per * num_layers * directions:
            raise RuntimeError(f"{mode.lower().split('_')[0]}: expected "
                               f"{per * num_layers * directions} parameters, got "
                               f"{len(params)}")
        self.mode, self.hidden_size, self.num_layers = mode, hidden_size, num_layers
        self.input_size = params[0].size(1)
        self.bias, self.batch_first, self.bidirectional = bool(has_biases), batch_first, \
            bidirectional
        self.proj_size, self.dropout, self.training = proj_size, float(dropout), bool(train)
        self._given = [list(params[k * per:(k + 1) * per])
                       for k in range(num_layers * directions)]
        self._flat_weights_names = []

    @property
    def all_weights(self) -> list[list[Tensor]]:
        return self._given

    def _check_input(self, input: Tensor, packed: bool) -> None:
        expected = 2 if packed else 3
        if input.ndim != expected:
            raise RuntimeError(f"input must have {expected} dimensions, got {input.ndim}")


def _sequence(mode: str, input: Tensor, second: Any, rest: tuple) -> tuple:
    """Both of torch's overloads: (input, hx, params, has_biases, num_layers, dropout,
    train, bidirectional, batch_first) and the packed (data, batch_sizes, hx, params, ...,
    bidirectional)."""
    packed = isinstance(second, Tensor) and (mode == "LSTM" or isinstance(rest[0], Tensor)) \
        and len(rest) == 7
    if packed:
        batch_sizes, (hx, params, has_biases, num_layers, dropout, train, bidirectional) = \
            second, rest
        batch_first = False
    else:
        hx, (params, has_biases, num_layers, dropout, train, bidirectional, batch_first) = \
            second, rest
    states = tuple(hx) if mode == "LSTM" else (hx,)
    hidden_size = states[-1].size(-1)
    proj_size = states[0].size(-1) if mode == "LSTM" and states[0].size(-1) != hidden_size \
        else 0
    module = _GivenWeights(mode, params, has_biases, num_layers, dropout, train,
                           bidirectional, batch_first, hidden_size, proj_size)
    if packed:
        output, final = module(PackedSequence(input, batch_sizes), hx)
        output = output.data
    else:
        output, final = module(input, hx)
    return (output, *final) if mode == "LSTM" else (output, final)


def lstm(input: Tensor, hx: Any, params: Any, *args: Any) -> tuple[Tensor, Tensor, Tensor]:
    """A multi-layer LSTM over a sequence: (output, h_n, c_n)."""
    return _sequence("LSTM", input, hx, (params, *args))


def gru(input: Tensor, hx: Any, params: Any, *args: Any) -> tuple[Tensor, Tensor]:
    """A multi-layer GRU over a sequence: (output, h_n)."""
    return _sequence("GRU", input, hx, (params, *args))


def rnn_tanh(input: Tensor, hx: Any, params: Any, *args: Any) -> tuple[Tensor, Tensor]:
    """A multi-layer Elman RNN (tanh) over a sequence: (output, h_n)."""
    return _sequence("RNN_TANH", input, hx, (params, *args))


def rnn_relu(input: Tensor, hx: Any, params: Any, *args: Any) -> tuple[Tensor, Tensor]:
    """A multi-layer Elman RNN (relu) over a sequence: (output, h_n)."""
    return _sequence("RNN_RELU", input, hx, (params, *args))
