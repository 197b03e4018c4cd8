"""Recurrent layers: RNN, LSTM, GRU and their cells, composed of ember's public ops.

A layer runs each (layer, direction) over the sequence as torch's CPU kernel does: the input
projection (x W_ih^T, both biases folded in where the gate maths allows) is computed for
several time steps at once, then each step adds the hidden product and applies the gates.
Parameter names, their registration order, the gate order (LSTM i, f, g, o; GRU r, z, n
with b_hn inside r * (W_hn h + b_hn)), initialisation, reprs and error messages are torch's.

A GRU over padded (not packed) input takes a shorter road: per (layer, direction) one
input projection for the whole sequence and the recurrence as one op-table primitive
(`gru_layer`, ops/nn_rnn.py), whose backward reads the gates the forward kept (or
recomputes them with one product, on Tensors) and runs only the step-to-step gradient
product per step. Its output's grad_fn is
StackBackward0, as torch's.

Why blocks of _BLOCK_STEPS steps rather than one product for the whole sequence: a step's
share of a projection is a view, and every view's backward writes a zero-padded gradient of
its base's size. Cut out of one (T*B, G) projection, T steps would cost T such buffers (a
cost quadratic in T); out of per-block projections each buffer is a block, so the cost is
linear in T, at the price of one weight-gradient product per block. A deeper layer builds
its blocks from the previous layer's step outputs (stack/cat, whose backward is views), so
it never cuts a sequence-sized tensor.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import ember

from ..._arguments import called_first
from ..._tensor import Tensor
from ..._warnings import warn
from ...ops._registry import recorded_as
from ...ops.nn_rnn import gru_layer
from .. import init
from ..functional.dropout import dropout as _dropout
from ..parameter import Parameter
from ..utils.rnn import PackedSequence
from .module import Module

__all__ = ["RNNBase", "RNN", "LSTM", "GRU", "RNNCellBase", "RNNCell", "LSTMCell", "GRUCell"]

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


# ---------------------------------------------------------------------- sequence helpers
def _cat(tensors: list[Tensor], dim: int = 0) -> Tensor:
    return tensors[0] if len(tensors) == 1 else ember.cat(tensors, dim)


# Steps per input projection (see the module docstring): the backward's zero-padded buffers
# grow with it, the number of weight-gradient products shrinks with it.
_BLOCK_STEPS = 4


def _groups(sizes: list[int]) -> list[list[int]]:
    """The step sizes cut into consecutive blocks of _BLOCK_STEPS steps."""
    return [sizes[i:i + _BLOCK_STEPS] for i in range(0, len(sizes), _BLOCK_STEPS)]


def _pieces(rows: Tensor, sizes: list[int]) -> list[Tensor]:
    """`rows` split into consecutive pieces of `sizes` rows (itself when one piece). Many
    pieces are cut in two levels, so that the zero-padded gradients of their backward add
    up to about 2 sqrt(pieces) copies of `rows` instead of one copy per piece."""
    count = len(sizes)
    if count <= 8:
        return list(rows.split(sizes)) if count > 1 else [rows]
    width = round(math.sqrt(count))
    parts = [sizes[i:i + width] for i in range(0, count, width)]
    pieces: list[Tensor] = []
    for part, part_sizes in zip(rows.split([sum(p) for p in parts]), parts, strict=True):
        pieces.extend(part.split(part_sizes) if len(part_sizes) > 1 else (part,))
    return pieces


def _project(x: Tensor, weight: Tensor, bias: Tensor | None) -> Tensor:
    """x @ weight.T (+ bias) for 2-D x, one BLAS call."""
    if bias is None:
        return ember.mm(x, weight.t())
    return ember.addmm(bias, x, weight.t())


# ---------------------------------------------------------------------- one direction
class _Direction:
    """The weights of one (layer, direction) and its time loop. A step has B rows, or in a
    packed sequence its batch size (which never grows from one step to the next)."""

    def __init__(self, mode: str, weights: list[Tensor], has_bias: bool, hidden: int,
                 has_proj: bool) -> None:
        self.mode = mode
        self.w_ih, self.w_hh = weights[0], weights[1]
        self.b_ih, self.b_hh = (weights[2], weights[3]) if has_bias else (None, None)
        self.w_hr = weights[-1] if has_proj else None
        self.hidden = hidden

    def run(self, blocks: list[Tensor], groups: list[list[int]], state: tuple,
            reverse: bool) -> tuple:
        """Outputs of every step (in time order) and the final state of every sequence.
        `blocks` are the input rows of each group of steps, `groups` their step sizes."""
        steps = self._inputs(blocks, groups)
        sizes = [n for group in groups for n in group]
        order = range(len(sizes) - 1, -1, -1) if reverse else range(len(sizes))
        step = getattr(self, "_step_" + self.mode.lower().removeprefix("rnn_"))
        weights = self._step_weights()
        outputs: list = [None] * len(sizes)
        if reverse:
            return self._run_reverse(steps, sizes, state, order, step, weights, outputs)
        current = state
        finished: list[tuple] = []  # final states of sequences that stopped, latest first
        rows = sizes[0]
        for t in order:
            n = sizes[t]
            if n < rows:  # sequences n..rows-1 ended at the previous step
                finished.append(tuple(s[n:rows] for s in current))
                current = tuple(s[:n] for s in current)
                rows = n
            current = step(steps[t], current, weights)
            outputs[t] = current[0]
        if finished:
            parts = [current, *reversed(finished)]
            current = tuple(_cat([p[k] for p in parts]) for k in range(len(current)))
        return outputs, current

    def _run_reverse(self, steps, sizes, state, order, step, weights, outputs) -> tuple:
        # Backwards in time the batch only grows: a sequence joins at its last step, starting
        # from its own initial state.
        rows = sizes[-1]
        current = tuple(s[:rows] for s in state) if rows < sizes[0] else state
        for t in order:
            n = sizes[t]
            if n > rows:
                current = tuple(ember.cat([c, s[rows:n]]) for c, s in zip(current, state,
                                                                         strict=True))
                rows = n
            current = step(steps[t], current, weights)
            outputs[t] = current[0]
        return outputs, current

    def _inputs(self, blocks: list[Tensor], groups: list[list[int]]) -> list:
        """Each step's share of the input projection (a pair of pieces for the GRU)."""
        if self.mode == "GRU":
            h = self.hidden
            w_rz, w_n = self.w_ih[:2 * h], self.w_ih[2 * h:]
            if self.b_ih is None:
                b_rz = b_n = None
            else:  # b_hr and b_hz act as plain biases; b_hn stays inside r * (...)
                b_rz = self.b_ih[:2 * h] + self.b_hh[:2 * h]
                b_n = self.b_ih[2 * h:]
            steps = []
            for block, sizes in zip(blocks, groups, strict=True):
                rz = _pieces(_project(block, w_rz, b_rz), sizes)
                n = _pieces(_project(block, w_n, b_n), sizes)
                steps.extend(zip(rz, n, strict=True))
            return steps
        bias = None if self.b_ih is None else self.b_ih + self.b_hh
        steps = []
        for block, sizes in zip(blocks, groups, strict=True):
            steps.extend(_pieces(_project(block, self.w_ih, bias), sizes))
        return steps

    def _step_weights(self) -> tuple:
        if self.mode == "GRU":
            h = self.hidden
            b_hn = None if self.b_hh is None else self.b_hh[2 * h:]
            return self.w_hh[:2 * h].t(), self.w_hh[2 * h:].t(), b_hn
        return self.w_hh.t(), None if self.w_hr is None else self.w_hr.t()

    @staticmethod
    def _step_tanh(x_t: Tensor, state: tuple, weights: tuple) -> tuple:
        return (ember.tanh(ember.addmm(x_t, state[0], weights[0])),)

    @staticmethod
    def _step_relu(x_t: Tensor, state: tuple, weights: tuple) -> tuple:
        return (ember.relu(ember.addmm(x_t, state[0], weights[0])),)

    @staticmethod
    def _step_lstm(x_t: Tensor, state: tuple, weights: tuple) -> tuple:
        h, c = state
        w_hh_t, w_hr_t = weights
        i, f, g, o = ember.addmm(x_t, h, w_hh_t).chunk(4, 1)
        c = ember.sigmoid(f) * c + ember.sigmoid(i) * ember.tanh(g)
        h = ember.sigmoid(o) * ember.tanh(c)
        if w_hr_t is not None:
            h = ember.mm(h, w_hr_t)
        return h, c

    @staticmethod
    def _step_gru(x_t: tuple, state: tuple, weights: tuple) -> tuple:
        (x_rz, x_n), (h,) = x_t, state
        w_rz_t, w_n_t, b_hn = weights
        r, z = ember.sigmoid(ember.addmm(x_rz, h, w_rz_t)).chunk(2, 1)
        h_n = ember.mm(h, w_n_t) if b_hn is None else ember.addmm(b_hn, h, w_n_t)
        n = ember.tanh(x_n + r * h_n)
        return (n + z * (h - n),)  # (1 - z) * n + z * h


# ---------------------------------------------------------------------- the layers
class RNNBase(Module):
    """What RNN, LSTM and GRU share: parameters, checks, and the layer/direction loop."""

    def __init__(self, mode: str, input_size: int, hidden_size: int, num_layers: int = 1,
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False, proj_size: int = 0, device: Any = None,
                 dtype: Any = None) -> None:
        super().__init__()
        self.mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.bidirectional = bidirectional
        self.proj_size = proj_size
        _check_arguments(input_size, hidden_size, num_layers, bias, batch_first, dropout,
                         proj_size)
        self.dropout = float(dropout)
        if mode not in _GATES:
            raise ValueError("Unrecognized RNN mode: " + mode)
        gate_size = _GATES[mode] * hidden_size
        directions = 2 if bidirectional else 1
        real_hidden = proj_size if proj_size > 0 else hidden_size
        self._flat_weights_names: list[str] = []
        self._all_weights: list[list[str]] = []
        for layer in range(num_layers):
            for direction in range(directions):
                layer_input = input_size if layer == 0 else real_hidden * directions
                suffix = f"_l{layer}" + ("_reverse" if direction == 1 else "")
                shapes = [("weight_ih", (gate_size, layer_input)),
                          ("weight_hh", (gate_size, real_hidden))]
                if bias:
                    shapes += [("bias_ih", (gate_size,)), ("bias_hh", (gate_size,))]
                if proj_size > 0:
                    shapes.append(("weight_hr", (proj_size, hidden_size)))
                names = []
                for stem, shape in shapes:
                    name = stem + suffix
                    setattr(self, name, Parameter(ember.empty(shape, device=device,
                                                              dtype=dtype)))
                    names.append(name)
                self._flat_weights_names.extend(names)
                self._all_weights.append(names)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        bound = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -bound, bound)

    @property
    def _flat_weights(self) -> list:
        return [getattr(self, name, None) for name in self._flat_weights_names]

    @property
    def all_weights(self) -> list[list[Parameter]]:
        return [[getattr(self, name) for name in names] for names in self._all_weights]

    def flatten_parameters(self) -> None:
        """A cuDNN layout step in torch; nothing to do on the CPU."""

    def extra_repr(self) -> str:
        text = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size != 0:
            text += f", proj_size={self.proj_size}"
        if self.num_layers != 1:
            text += f", num_layers={self.num_layers}"
        if self.bias is not True:
            text += f", bias={self.bias}"
        if self.batch_first is not False:
            text += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            text += f", dropout={self.dropout}"
        if self.bidirectional is not False:
            text += f", bidirectional={self.bidirectional}"
        return text

    # ------------------------------------------------------------------ checks
    def _name(self) -> str:
        return "RNN" if self.mode.startswith("RNN") else self.mode

    def _state_sizes(self, batch: int) -> list[tuple[int, int, int]]:
        layers = self.num_layers * (2 if self.bidirectional else 1)
        h = (layers, batch, self.proj_size if self.proj_size > 0 else self.hidden_size)
        return [h, (layers, batch, self.hidden_size)] if self.mode == "LSTM" else [h]

    def _check_input(self, input: Tensor, packed: bool) -> None:
        weight = getattr(self, self._flat_weights_names[0])
        if input.dtype != weight.dtype:
            raise ValueError(
                f"RNN input dtype ({input.dtype}) does not match weight dtype ({weight.dtype})."
                f" Convert input: input.to({weight.dtype}), or convert model: "
                f"model.to({input.dtype})")
        expected = 2 if packed else 3
        if input.ndim != expected:
            raise RuntimeError(f"input must have {expected} dimensions, got {input.ndim}")
        if self.input_size != input.shape[-1]:
            raise RuntimeError("input.size(-1) must be equal to input_size. Expected "
                               f"{self.input_size}, got {input.shape[-1]}")

    def _check_state(self, state: tuple, batch: int) -> None:
        lstm = self.mode == "LSTM"
        for k, (tensor, size) in enumerate(zip(state, self._state_sizes(batch), strict=True)):
            if tuple(tensor.shape) != size:
                name = f"hidden[{k}]" if lstm else "hidden"
                raise RuntimeError(f"Expected {name} size {size}, got {list(tensor.shape)}")

    # ------------------------------------------------------------------ forward
    def forward(self, input: Any, hx: Any = None) -> tuple:
        lstm = self.mode == "LSTM"
        packed = isinstance(input, PackedSequence)
        batched = True
        if packed:
            data, batch_sizes, sorted_indices, unsorted_indices = input
            sizes = [int(n) for n in batch_sizes.tolist()]
            batch = sizes[0]
        else:
            if input.dim() not in (2, 3):  # (dim(): a non-tensor raises torch's AttributeError)
                kind = "tensor instead" if not lstm and self.mode != "GRU" else "instead"
                raise ValueError(f"{self._name()}: Expected input to be 2D or 3D, got "
                                 f"{input.ndim}D {kind}")
            batched = input.ndim == 3
            if not batched:
                input = input.unsqueeze(0 if self.batch_first else 1)
            hx = self._hidden_ranks(hx, batched)
            sorted_indices = unsorted_indices = None
            batch = input.shape[0] if self.batch_first else input.shape[1]
            data = input
        self._check_input(data, packed)
        if hx is None:
            state = tuple(ember.zeros(size, dtype=data.dtype)
                          for size in self._state_sizes(batch))
        else:
            state = tuple(hx) if lstm else (hx,)
            self._check_state(state, batch)
            if sorted_indices is not None:
                state = tuple(s.index_select(1, sorted_indices) for s in state)
        if packed:
            output, final = self._run(data, sizes, state)
        else:
            time_major = data.transpose(0, 1) if self.batch_first else data
            output, final = self._run(time_major, [batch] * time_major.shape[0], state)
            if self.batch_first:
                # torch's RNN and GRU kernels transpose their result in place
                # (TransposeBackward1), its LSTM out of place (TransposeBackward0)
                output = output.transpose(0, 1) if lstm else output.transpose_(0, 1)
        if packed:
            if unsorted_indices is not None:
                final = tuple(s.index_select(1, unsorted_indices) for s in final)
            output = PackedSequence(output, batch_sizes, sorted_indices, unsorted_indices)
        elif not batched:
            output = output.squeeze(0 if self.batch_first else 1)
            final = tuple(s.squeeze(1) for s in final)
        return output, (final if lstm else final[0])

    def _hidden_ranks(self, hx: Any, batched: bool) -> Any:
        """torch's rank checks of the initial state; unbatched states get a batch dim."""
        if hx is None:
            return None
        rank = 3 if batched else 2
        kind = "batched 3-D" if batched else "unbatched 2-D"
        if self.mode == "LSTM":
            if hx[0].ndim != rank or hx[1].ndim != rank:
                raise RuntimeError(f"For {kind} input, hx and cx should also be {rank}-D but "
                                   f"got ({hx[0].ndim}-D, {hx[1].ndim}-D) tensors")
            return hx if batched else (hx[0].unsqueeze(1), hx[1].unsqueeze(1))
        if hx.ndim != rank:
            raise RuntimeError(f"For {kind} input, hx should also be {rank}-D but got "
                               f"{hx.ndim}-D tensor")
        return hx if batched else hx.unsqueeze(1)

    def _run(self, x: Tensor, sizes: list[int], state: tuple) -> tuple:
        """All layers over `x`: packed rows (sum(sizes), features) when `sizes` vary, else
        time-major (T, B, features). Returns the last layer's outputs (laid out as `x`) and
        the final states stacked as (layers * directions, B, H)."""
        directions = 2 if self.bidirectional else 1
        weights = self.all_weights
        finals: list[list[Tensor]] = [[] for _ in state]
        padded = x.ndim == 3
        if self.mode == "GRU" and padded:
            return self._run_gru(x, state[0], weights, directions)
        groups = _groups(sizes)
        rows = x.reshape(-1, x.shape[-1]) if padded else x
        blocks = _pieces(rows, [sum(g) for g in groups])
        outputs: list[list[Tensor]] = []  # per direction, the step outputs of the last layer
        for layer in range(self.num_layers):
            if layer > 0:
                blocks = _layer_blocks(outputs, groups)
                if self.dropout > 0 and self.training:
                    blocks = [_dropout(b, self.dropout, True) for b in blocks]
            outputs = []
            for direction in range(directions):
                k = layer * directions + direction
                cell = _Direction(self.mode, weights[k], self.bias, self.hidden_size,
                                  self.proj_size > 0)
                steps, final = cell.run(blocks, groups, tuple(s[k] for s in state),
                                        direction == 1)
                outputs.append(steps)
                for store, value in zip(finals, final, strict=True):
                    store.append(value)
        joined = [ember.stack(steps) if padded else _cat(steps) for steps in outputs]
        if padded and self._runs_on_onednn(x):
            joined = [recorded_as(steps, "MkldnnRnnLayerBackward0") for steps in joined]
        out = joined[0] if directions == 1 else ember.cat(joined, -1)
        return out, tuple(ember.stack(f) for f in finals)


    def _runs_on_onednn(self, x: Tensor) -> bool:
        """Whether torch's CPU kernel hands this layer to oneDNN: an LSTM without
        projections over a padded float32 sequence, oneDNN enabled. Its output's node is
        then oneDNN's layer (MkldnnRnnLayerBackward0), which users see when they print an
        LSTM's output; ember's is the stack of the step outputs, shown under that name."""
        return (self.mode == "LSTM" and self.proj_size == 0 and x.dtype is ember.float32
                and x.numel() != 0 and ember.backends.mkldnn.enabled)

    def _run_gru(self, x: Tensor, h0: Tensor, weights: list, directions: int) -> tuple:
        """A GRU over a time-major (T, B, F) x: per (layer, direction) one input projection
        for the whole sequence and the recurrence as one op (ops/nn_rnn.py)."""
        length, batch = x.shape[0], x.shape[1]
        hidden = self.hidden_size
        layer_input = x
        finals = []
        for layer in range(self.num_layers):
            if layer > 0 and self.dropout > 0 and self.training:
                layer_input = _dropout(layer_input, self.dropout, True)
            rows = layer_input.reshape(length * batch, layer_input.shape[-1])
            outputs = []
            for direction in range(directions):
                k = layer * directions + direction
                w_ih, w_hh = weights[k][0], weights[k][1]
                b_ih, b_hh = (weights[k][2], weights[k][3]) if self.bias else (None, None)
                gi = _project(rows, w_ih, b_ih).reshape(length, batch, 3 * hidden)
                steps = gru_layer(gi, h0[k], w_hh, b_hh, direction == 1)
                outputs.append(steps)
                finals.append(steps[0] if direction == 1 else steps[length - 1])
            layer_input = outputs[0] if directions == 1 else ember.cat(outputs, -1)
        return layer_input, (ember.stack(finals),)


def _layer_blocks(outputs: list[list[Tensor]], groups: list[list[int]]) -> list[Tensor]:
    """The next layer's input blocks from each direction's step outputs: the rows of each
    group of steps, directions side by side. Built by cat, whose backward hands out views,
    so no sequence-sized gradient is ever padded."""
    blocks = []
    start = 0
    for group in groups:
        stop = start + len(group)
        parts = [_cat(steps[start:stop]) for steps in outputs]
        blocks.append(parts[0] if len(parts) == 1 else ember.cat(parts, 1))
        start = stop
    return blocks


class RNN(RNNBase):
    """Elman RNN: h_t = nonlinearity(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh), with
    nonlinearity 'tanh' (default) or 'relu'."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        if len(args) > 3:
            self.nonlinearity = args[3]
            args = args[:3] + args[4:]
        else:
            self.nonlinearity = kwargs.pop("nonlinearity", "tanh")
        if self.nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity '{self.nonlinearity}'. Select from 'tanh' "
                             "or 'relu'.")
        super().__init__("RNN_TANH" if self.nonlinearity == "tanh" else "RNN_RELU", *args,
                         **kwargs)


class LSTM(RNNBase):
    """Long short-term memory; gates i, f, g, o; with proj_size > 0 the hidden state is
    projected by weight_hr after each step."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__("LSTM", *args, **kwargs)


class GRU(RNNBase):
    """Gated recurrent unit; gates r, z, n with n = tanh(W_in x + b_in + r * (W_hn h + b_hn))
    and h' = (1 - z) * n + z * h."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        super().__init__("GRU", *args, **kwargs)


def _check_arguments(input_size: Any, hidden_size: Any, num_layers: int, bias: Any,
                     batch_first: Any, dropout: Any, proj_size: int) -> None:
    """torch's checks of a recurrent layer's constructor arguments, in torch's order."""
    if (not isinstance(dropout, numbers.Number) or isinstance(dropout, bool)
            or not 0 <= dropout <= 1):
        raise ValueError("dropout should be a number in range [0, 1] representing the "
                         "probability of an element being zeroed")
    if dropout > 0 and num_layers == 1:
        warn("dropout option adds dropout after all but last recurrent layer, so "
             "non-zero dropout expects num_layers greater than 1, but got "
             f"dropout={dropout} and num_layers={num_layers}")
    for name, value in (("bias", bias), ("batch_first", batch_first)):
        if not isinstance(value, bool):
            raise TypeError(f"{name} should be of type bool, got: {type(value).__name__}")
    for name, value in (("input_size", input_size), ("hidden_size", hidden_size)):
        if not isinstance(value, int):
            raise TypeError(f"{name} should be of type int, got: {type(value).__name__}")
        if value <= 0:
            raise ValueError(f"{name} must be greater than zero")
    if num_layers <= 0:
        raise ValueError("num_layers must be greater than zero")
    if proj_size < 0:
        raise ValueError("proj_size should be a positive integer or zero to disable "
                         "projections")
    if proj_size >= hidden_size:
        raise ValueError("proj_size has to be smaller than hidden_size")


# ---------------------------------------------------------------------- the cells
class RNNCellBase(Module):
    """What the cells share: weight_ih (G*H, I), weight_hh (G*H, H), optional biases."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool, num_chunks: int,
                 device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bias = bias
        self.weight_ih = Parameter(ember.empty((num_chunks * hidden_size, input_size),
                                               device=device, dtype=dtype))
        self.weight_hh = Parameter(ember.empty((num_chunks * hidden_size, hidden_size),
                                               device=device, dtype=dtype))
        if bias:
            self.bias_ih = Parameter(ember.empty(num_chunks * hidden_size, device=device,
                                                 dtype=dtype))
            self.bias_hh = Parameter(ember.empty(num_chunks * hidden_size, device=device,
                                                 dtype=dtype))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def extra_repr(self) -> str:
        text = f"{self.input_size}, {self.hidden_size}"
        if "bias" in self.__dict__ and self.bias is not True:
            text += f", bias={self.bias}"
        if "nonlinearity" in self.__dict__ and self.nonlinearity != "tanh":
            text += f", nonlinearity={self.nonlinearity}"
        return text

    def reset_parameters(self) -> None:
        bound = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -bound, bound)

    def _batched(self, input: Tensor, states: list, names: list[str]) -> tuple:
        """torch's rank checks; the input and states with a batch dim (and whether the input
        had one)."""
        cell = type(self).__name__
        called_first(input, "dim", cell)  # (torch's cells call input.dim() first)
        if input.ndim not in (1, 2):
            raise ValueError(f"{cell}: Expected input to be 1D or 2D, got {input.ndim}D instead")
        for name, state in zip(names, states, strict=True):
            if state is not None and state.ndim not in (1, 2):
                raise ValueError(f"{cell}: Expected {name} to be 1D or 2D, got {state.ndim}D "
                                 "instead")
        batched = input.ndim == 2
        if not batched:
            input = input.unsqueeze(0)
            states = [None if s is None else s.unsqueeze(0) for s in states]
        return input, states, batched

    def _check_sizes(self, input: Tensor, states: list[Tensor]) -> None:
        if input.shape[1] != self.input_size:
            raise RuntimeError(f"input has inconsistent input_size: got {input.shape[1]} "
                               f"expected {self.input_size}")
        for k, state in enumerate(states):
            if input.shape[0] != state.shape[0]:
                raise RuntimeError(f"Input batch size {input.shape[0]} doesn't match hidden{k} "
                                   f"batch size {state.shape[0]}")
            if state.shape[1] != self.hidden_size:
                raise RuntimeError(f"hidden{k} has inconsistent hidden_size: got "
                                   f"{state.shape[1]}, expected {self.hidden_size}")

    def _zeros(self, input: Tensor) -> Tensor:
        return ember.zeros(input.shape[0], self.hidden_size, dtype=input.dtype)

    def _gates(self, input: Tensor, hx: Tensor) -> tuple[Tensor, Tensor]:
        return (_project(input, self.weight_ih, self.bias_ih),
                _project(hx, self.weight_hh, self.bias_hh))


class RNNCell(RNNCellBase):
    """One step of an Elman RNN: h' = nonlinearity(x W_ih^T + b_ih + h W_hh^T + b_hh)."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True,
                 nonlinearity: str = "tanh", device: Any = None, dtype: Any = None) -> None:
        super().__init__(input_size, hidden_size, bias, 1, device, dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:
        called_first(input, "dim", "RNNCell")  # (torch's cell calls input.dim() first)
        if input.ndim not in (1, 2):
            raise ValueError(f"RNNCell: Expected input to be 1D or 2D, got {input.ndim}D "
                             "instead")
        if hx is not None and hx.ndim not in (1, 2):
            raise ValueError(f"RNNCell: Expected hidden to be 1D or 2D, got {hx.ndim}D instead")
        input, (hx,), batched = self._batched(input, [hx], ["hidden"])
        hx = self._zeros(input) if hx is None else hx
        self._check_sizes(input, [hx])
        if self.nonlinearity not in ("tanh", "relu"):
            raise RuntimeError(f"Unknown nonlinearity: {self.nonlinearity}")
        x_part, h_part = self._gates(input, hx)
        act = ember.tanh if self.nonlinearity == "tanh" else ember.relu
        out = act(x_part + h_part)
        return out if batched else out.squeeze(0)


class LSTMCell(RNNCellBase):
    """One LSTM step: returns (h', c')."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True,
                 device: Any = None, dtype: Any = None) -> None:
        super().__init__(input_size, hidden_size, bias, 4, device, dtype)

    def forward(self, input: Tensor, hx: tuple[Tensor, Tensor] | None = None
                ) -> tuple[Tensor, Tensor]:
        states = [None, None] if hx is None else list(hx)
        input, states, batched = self._batched(input, states, ["hx[0]", "hx[1]"])
        if hx is None:
            states = [self._zeros(input)] * 2
        self._check_sizes(input, states)
        h, c = states
        x_part, h_part = self._gates(input, h)
        i, f, g, o = (x_part + h_part).chunk(4, 1)
        c = ember.sigmoid(f) * c + ember.sigmoid(i) * ember.tanh(g)
        h = ember.sigmoid(o) * ember.tanh(c)
        return (h, c) if batched else (h.squeeze(0), c.squeeze(0))


class GRUCell(RNNCellBase):
    """One GRU step: h' = (1 - z) * n + z * h."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True,
                 device: Any = None, dtype: Any = None) -> None:
        super().__init__(input_size, hidden_size, bias, 3, device, dtype)

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:
        called_first(input, "dim", "GRUCell")  # (torch's cell calls input.dim() first)
        if input.ndim not in (1, 2):
            raise ValueError(f"GRUCell: Expected input to be 1D or 2D, got {input.ndim}D "
                             "instead")
        if hx is not None and hx.ndim not in (1, 2):
            raise ValueError(f"GRUCell: Expected hidden to be 1D or 2D, got {hx.ndim}D instead")
        input, (hx,), batched = self._batched(input, [hx], ["hidden"])
        hx = self._zeros(input) if hx is None else hx
        self._check_sizes(input, [hx])
        x_part, h_part = self._gates(input, hx)
        x_r, x_z, x_n = x_part.chunk(3, 1)
        h_r, h_z, h_n = h_part.chunk(3, 1)
        r = ember.sigmoid(x_r + h_r)
        z = ember.sigmoid(x_z + h_z)
        n = ember.tanh(x_n + r * h_n)
        out = n + z * (hx - n)
        return out if batched else out.squeeze(0)
