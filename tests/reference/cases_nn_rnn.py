"""Recurrent layers and attention, recorded from torch 2.13.

For RNN (tanh, relu), LSTM (with and without proj_size) and GRU over the options that change
the computation (layers, directions, batch_first, bias, initial states, packed and unbatched
inputs) each case fills the parameters with deterministic values, runs the layer, and
records the outputs, the final states and the gradients of a weighted sum of them with
respect to the input, the initial states and a few parameters. Further cases pin the cells,
nn.utils.rnn, reprs, parameter names and shapes, errors with their messages,
scaled_dot_product_attention and nn.MultiheadAttention.

Inputs are deterministic expressions (sines of an arange), so torch and ember start from
the same numbers without sharing a random generator. Ids start with ``rnn_`` or ``attn_``.
"""

from __future__ import annotations

_PRELUDE = '''\
import warnings
# torch's note that its oneDNN backend lacks projections says nothing about the layer's maths
warnings.filterwarnings("ignore", message="LSTM with projections is not supported")
F = torch.nn.functional
nn = torch.nn
R = torch.nn.utils.rnn
def values(*shape, scale=1.0, offset=0.1, dtype=torch.float32):
    n = 1
    for s in shape:
        n *= s
    base = torch.arange(float(n), dtype=torch.float64) * 0.737 + offset
    return (base.sin() * scale).to(dtype).reshape(shape)
def fill(module, dtype=torch.float32):
    module.to(dtype)
    with torch.no_grad():
        for k, (name, p) in enumerate(module.named_parameters()):
            p.copy_(values(*p.shape, scale=0.6, offset=0.37 * k + 0.2, dtype=dtype))
    return module
def weighted(tensors):
    total = 0
    for t in tensors:
        w = torch.linspace(0.5, 1.5, t.numel(), dtype=t.dtype).reshape(t.shape)
        total = total + (t * w).sum()
    return total
D = torch.float64
def report(outputs, wrt):
    grads = torch.autograd.grad(weighted(outputs), wrt, allow_unused=True)
    flat = [o.detach().reshape(-1) for o in outputs]
    return flat + [torch.zeros(1, dtype=outputs[0].dtype) if g is None else g.reshape(-1)
                   for g in grads]
'''

_END = "result = torch.cat(parts)\n"


def _case(body: str) -> str:
    return _PRELUDE + body + _END


# ---------------------------------------------------------------------- layers
_LAYERS = {
    "rnn_tanh": ("nn.RNN", "", False),
    "rnn_relu": ("nn.RNN", ", nonlinearity='relu'", False),
    "lstm": ("nn.LSTM", "", True),
    "lstm_proj": ("nn.LSTM", ", proj_size=2", True),
    "gru": ("nn.GRU", "", False),
}

# (tag, num_layers, bidirectional, batch_first, bias, with initial state, dtype)
_OPTIONS = [
    ("plain", 1, False, False, True, False, "float32"),
    ("h0", 1, False, False, True, True, "float32"),
    ("layers2", 2, False, False, True, True, "float32"),
    ("bidir", 1, True, False, True, True, "float32"),
    ("layers2_bidir_batch_first", 2, True, True, True, True, "float32"),
    ("no_bias_batch_first", 1, False, True, False, False, "float32"),
    ("layers2_bidir_f64", 2, True, False, True, True, "float64"),
]

_T, _B, _I, _H = 5, 3, 4, 3


def _layer_cases() -> list[tuple[str, str]]:
    cases = []
    for name, (cls, extra, lstm) in _LAYERS.items():
        for tag, layers, bidir, batch_first, bias, with_state, dtype in _OPTIONS:
            directions = 2 if bidir else 1
            h_size = 2 if "proj" in name else _H
            shape = (_B, _T, _I) if batch_first else (_T, _B, _I)
            lines = [
                f"m = fill({cls}({_I}, {_H}, num_layers={layers}, bias={bias}, "
                f"batch_first={batch_first}, bidirectional={bidir}{extra}), torch.{dtype})",
                f"x = values(*{shape}, dtype=torch.{dtype}).requires_grad_()",
                "params = [m.weight_ih_l0, m.weight_hh_l0]" + (" + [m.bias_hh_l0]" if bias
                                                                else ""),
            ]
            if layers == 2:
                lines.append("params += [m.weight_ih_l1]")
            if bidir:
                lines.append("params += [m.weight_hh_l0_reverse]")
            if "proj" in name:
                lines.append("params += [m.weight_hr_l0]")
            state_shape = (layers * directions, _B, h_size)
            cell_shape = (layers * directions, _B, _H)
            if with_state:
                lines.append(f"h0 = values(*{state_shape}, offset=0.9, scale=0.5, "
                             f"dtype=torch.{dtype}).requires_grad_()")
                if lstm:
                    lines.append(f"c0 = values(*{cell_shape}, offset=1.7, scale=0.5, "
                                 f"dtype=torch.{dtype}).requires_grad_()")
                    lines.append("out, (h, c) = m(x, (h0, c0))")
                    lines.append("parts = report([out, h, c], [x, h0, c0] + params)")
                else:
                    lines.append("out, h = m(x, h0)")
                    lines.append("parts = report([out, h], [x, h0] + params)")
            elif lstm:
                lines.append("out, (h, c) = m(x)")
                lines.append("parts = report([out, h, c], [x] + params)")
            else:
                lines.append("out, h = m(x)")
                lines.append("parts = report([out, h], [x] + params)")
            lines.append("print(out.dtype, tuple(out.shape), tuple(h.shape))")
            cases.append((f"rnn_{name}_{tag}", _case("\n".join(lines) + "\n")))
    return cases


def _packed_cases() -> list[tuple[str, str]]:
    """Packed inputs: sorted and unsorted lengths, one and two layers, both directions."""
    cases = []
    for name, (cls, extra, lstm) in _LAYERS.items():
        for tag, lengths, sorted_, layers, bidir in (
                ("sorted", [5, 3, 2], True, 1, False),
                ("unsorted_layers2_bidir", [2, 5, 3, 5], False, 2, True)):
            batch = len(lengths)
            h_size = 2 if "proj" in name else _H
            directions = 2 if bidir else 1
            lines = [
                f"m = fill({cls}({_I}, {_H}, num_layers={layers}, bidirectional={bidir}"
                f"{extra}))",
                f"x = values({_T}, {batch}, {_I}).requires_grad_()",
                f"packed = R.pack_padded_sequence(x, {lengths}, "
                f"enforce_sorted={sorted_})",
                f"h0 = values({layers * directions}, {batch}, {h_size}, offset=0.9, "
                "scale=0.5).requires_grad_()",
            ]
            if lstm:
                lines += [f"c0 = values({layers * directions}, {batch}, {_H}, offset=1.7, "
                          "scale=0.5).requires_grad_()",
                          "out, (h, c) = m(packed, (h0, c0))",
                          "finals, wrt = [h, c], [x, h0, c0, m.weight_hh_l0]"]
            else:
                lines += ["out, h = m(packed, h0)",
                          "finals, wrt = [h], [x, h0, m.weight_hh_l0]"]
            lines += [
                "print(type(out).__name__, out.batch_sizes.tolist(),",
                "      None if out.sorted_indices is None else out.sorted_indices.tolist())",
                "padded, lengths = R.pad_packed_sequence(out, batch_first=True)",
                "print(tuple(padded.shape), lengths.tolist(), lengths.dtype)",
                "parts = report([out.data, padded] + finals, wrt)",
            ]
            cases.append((f"rnn_{name}_packed_{tag}", _case("\n".join(lines) + "\n")))
    return cases


def _unbatched_cases() -> list[tuple[str, str]]:
    cases = []
    for name, (cls, extra, lstm) in _LAYERS.items():
        h_size = 2 if "proj" in name else _H
        lines = [
            f"m = fill({cls}({_I}, {_H}, num_layers=2, bidirectional=True, batch_first=True"
            f"{extra}))",
            f"x = values({_T}, {_I}).requires_grad_()",
            f"h0 = values(4, {h_size}, offset=0.9, scale=0.5).requires_grad_()",
        ]
        if lstm:
            lines += [f"c0 = values(4, {_H}, offset=1.7, scale=0.5).requires_grad_()",
                      "out, (h, c) = m(x, (h0, c0))",
                      "print(tuple(out.shape), tuple(h.shape), tuple(c.shape))",
                      "parts = report([out, h, c], [x, h0, c0, m.weight_ih_l1])"]
        else:
            lines += ["out, h = m(x, h0)",
                      "print(tuple(out.shape), tuple(h.shape))",
                      "parts = report([out, h], [x, h0, m.weight_ih_l1])"]
        cases.append((f"rnn_{name}_unbatched", _case("\n".join(lines) + "\n")))
        lines = [f"m = fill({cls}({_I}, {_H}{extra}))",
                 f"x = values({_T}, {_I}).requires_grad_()",
                 "out = m(x)[0]",
                 "print(tuple(out.shape))",
                 "parts = report([out], [x])"]
        cases.append((f"rnn_{name}_unbatched_no_state", _case("\n".join(lines) + "\n")))
    return cases


_GRAPH_CASES = [
    ("rnn_grad_fn_names", _case(
        "x = values(5, 3, 4)\n"
        "for m in (nn.RNN(4, 3), nn.GRU(4, 3), nn.RNN(4, 3, num_layers=2)):\n"
        "    out, h = m(x)\n"
        "    print(type(m).__name__, type(out.grad_fn).__name__, type(h.grad_fn).__name__)\n"
        "# torch's LSTM output comes from a oneDNN kernel (MkldnnRnnLayerBackward0)\n"
        "out, (h, c) = nn.LSTM(4, 3, num_layers=2)(x)\n"
        "print(type(h.grad_fn).__name__, type(c.grad_fn).__name__)\n"
        "cells = [nn.RNNCell(4, 3), nn.RNNCell(4, 3, nonlinearity='relu'), nn.GRUCell(4, 3)]\n"
        "for cell in cells:\n"
        "    print(type(cell(x[0]).grad_fn).__name__)\n"
        "h, c = nn.LSTMCell(4, 3)(x[0])\n"
        "print(type(h.grad_fn).__name__, type(c.grad_fn).__name__)\n"
        "parts = [torch.zeros(1)]\n")),
    ("rnn_dropout_eval_and_zero", _case(
        "m = fill(nn.LSTM(4, 3, num_layers=2, dropout=0.5))\n"
        "m.eval()\n"
        "x = values(5, 2, 4)\n"
        "first = m(x)[0]\n"
        "print(torch.equal(first, m(x)[0]), m.training)\n"
        "m.train()\n"
        "m.dropout = 0.0\n"
        "parts = [first.reshape(-1), m(x)[0].reshape(-1)]\n")),
    ("rnn_dropout_one_is_zero_input", _case(
        "m = fill(nn.GRU(4, 3, num_layers=2, dropout=1.0))\n"
        "x = values(5, 2, 4)\n"
        "out = m(x)[0]\n"
        "print(tuple(out.shape))\n"
        "parts = [out.reshape(-1)]\n")),
]


_LONG_CASES = [
    # 40 steps: more steps than one graph node takes inputs, several projection blocks
    ("rnn_long_gru_bidir", _case(
        "m = fill(nn.GRU(3, 4, bidirectional=True), D)\n"
        "x = values(40, 2, 3, dtype=D).requires_grad_()\n"
        "out, h = m(x)\n"
        "parts = report([out, h], [x, m.weight_hh_l0, m.weight_ih_l0_reverse])\n")),
    ("rnn_long_lstm_packed_layers2", _case(
        "m = fill(nn.LSTM(3, 4, num_layers=2, batch_first=True), D)\n"
        "x = values(3, 40, 3, dtype=D).requires_grad_()\n"
        "packed = R.pack_padded_sequence(x, [33, 40, 5], batch_first=True,\n"
        "                                enforce_sorted=False)\n"
        "out, (h, c) = m(packed)\n"
        "padded, lengths = R.pad_packed_sequence(out, batch_first=True)\n"
        "parts = report([padded, h, c], [x, m.weight_hh_l1, m.bias_ih_l0])\n")),
]


# ---------------------------------------------------------------------- cells
_CELLS = {
    "rnn": ("nn.RNNCell", "", False),
    "rnn_relu": ("nn.RNNCell", ", nonlinearity='relu'", False),
    "lstm": ("nn.LSTMCell", "", True),
    "gru": ("nn.GRUCell", "", False),
}


def _cell_cases() -> list[tuple[str, str]]:
    cases = []
    for name, (cls, extra, lstm) in _CELLS.items():
        for tag, batched, with_state, bias in (("batched", True, True, True),
                                               ("batched_no_state", True, False, True),
                                               ("unbatched", False, True, False),
                                               ("unbatched_no_state", False, False, True)):
            lead = "3, " if batched else ""
            lines = [f"m = fill({cls}({_I}, {_H}, bias={bias}{extra}))",
                     f"x = values({lead}{_I}).requires_grad_()",
                     "params = list(m.parameters())"]
            if with_state:
                lines.append(f"h0 = values({lead}{_H}, offset=0.9).requires_grad_()")
                if lstm:
                    lines += [f"c0 = values({lead}{_H}, offset=1.9).requires_grad_()",
                              "h, c = m(x, (h0, c0))",
                              "parts = report([h, c], [x, h0, c0] + params)"]
                else:
                    lines += ["h = m(x, h0)", "parts = report([h], [x, h0] + params)"]
            elif lstm:
                lines += ["h, c = m(x)", "parts = report([h, c], [x] + params)"]
            else:
                lines += ["h = m(x)", "parts = report([h], [x] + params)"]
            lines.append("print(tuple(h.shape))")
            cases.append((f"rnn_cell_{name}_{tag}", _case("\n".join(lines) + "\n")))
    return cases


# ---------------------------------------------------------------------- structure
_STRUCTURE_CASES = [
    ("rnn_reprs", _case(
        "for m in [nn.LSTM(10, 20, num_layers=2, batch_first=True, bidirectional=True),\n"
        "          nn.RNN(10, 20, nonlinearity='relu', bias=False, dropout=0.5,\n"
        "                 num_layers=2),\n"
        "          nn.RNN(10, 20, 3, 'relu'), nn.GRU(10, 20), nn.GRU(10, 20, dropout=0),\n"
        "          nn.LSTM(10, 20, proj_size=5, num_layers=2),\n"
        "          nn.RNNCell(3, 4), nn.RNNCell(3, 4, bias=False, nonlinearity='relu'),\n"
        "          nn.LSTMCell(3, 4, bias=False), nn.GRUCell(3, 4),\n"
        "          nn.Sequential(nn.Identity(), nn.GRU(3, 4, batch_first=True))]:\n"
        "    print(m)\n"
        "parts = [torch.zeros(1)]\n")),
    ("rnn_parameter_names_and_shapes", _case(
        "for m in [nn.LSTM(10, 20, proj_size=5, num_layers=2, bidirectional=True),\n"
        "          nn.GRU(3, 4, bias=False, num_layers=2), nn.RNN(3, 4, bidirectional=True),\n"
        "          nn.RNNCell(3, 4), nn.LSTMCell(3, 4), nn.GRUCell(3, 4, bias=False)]:\n"
        "    for n, p in m.named_parameters():\n"
        "        print(n, tuple(p.shape), p.dtype, p.requires_grad)\n"
        "    print(list(m.state_dict()))\n"
        "m = nn.LSTM(3, 4, num_layers=2, bidirectional=True)\n"
        "print([[tuple(w.shape) for w in ws] for ws in m.all_weights])\n"
        "print(m._flat_weights_names)\n"
        "print(m.input_size, m.hidden_size, m.num_layers, m.bias, m.batch_first, m.dropout,\n"
        "      m.bidirectional, m.proj_size, m.mode)\n"
        "r = nn.RNN(3, 4, nonlinearity='relu')\n"
        "print(r.nonlinearity, r.mode, nn.GRU(3, 4).mode)\n"
        "parts = [torch.zeros(1)]\n")),
    ("rnn_init_bounds", _case(
        "for m in [nn.LSTM(4, 16, num_layers=2, proj_size=3), nn.GRUCell(5, 9)]:\n"
        "    bound = 1 / m.hidden_size ** 0.5\n"
        "    for n, p in m.named_parameters():\n"
        "        print(n, bool(p.abs().max() <= bound), bool(p.std() > bound / 4))\n"
        "parts = [torch.zeros(1)]\n")),
    ("rnn_double_and_state_dict_round_trip", _case(
        "m = fill(nn.GRU(4, 3, num_layers=2, bidirectional=True)).double()\n"
        "m2 = nn.GRU(4, 3, num_layers=2, bidirectional=True).double()\n"
        "print(m2.load_state_dict(m.state_dict()))\n"
        "x = values(5, 2, 4, dtype=torch.float64)\n"
        "out, h = m2(x)\n"
        "print(out.dtype, h.dtype)\n"
        "parts = [out.reshape(-1), h.reshape(-1)]\n")),
]


# ---------------------------------------------------------------------- nn.utils.rnn
_UTILS_CASES = [
    ("rnn_utils_pad_sequence", _case(
        "a = values(4, 2).requires_grad_()\n"
        "b = values(2, 2, offset=1.0).requires_grad_()\n"
        "c = values(3, 2, offset=2.0).requires_grad_()\n"
        "outs = [R.pad_sequence([a, b, c]), R.pad_sequence([a, b, c], batch_first=True),\n"
        "        R.pad_sequence([a, b, c], padding_value=-1.5),\n"
        "        R.pad_sequence([a, b, c], batch_first=True, padding_side='left'),\n"
        "        R.pad_sequence(values(2, 3), batch_first=True)]\n"
        "for o in outs:\n"
        "    print(tuple(o.shape), o.dtype)\n"
        "parts = report(outs[:4], [a, b, c])\n")),
    ("rnn_utils_pad_sequence_1d_and_int", _case(
        "seqs = [torch.tensor([1, 2, 3]), torch.tensor([4]), torch.tensor([5, 6])]\n"
        "p = R.pad_sequence(seqs, batch_first=True, padding_value=9)\n"
        "print(p, p.dtype)\n"
        "parts = [p.float().reshape(-1)]\n")),
    ("rnn_utils_pack_padded_sorted", _case(
        "x = values(4, 3, 2).requires_grad_()\n"
        "p = R.pack_padded_sequence(x, [4, 2, 1])\n"
        "print(type(p).__name__, tuple(p.data.shape), p.batch_sizes, p.sorted_indices,\n"
        "      p.unsorted_indices, p.batch_sizes.dtype)\n"
        "print(type(p.data.grad_fn).__name__ in ('PackPaddedSequenceBackward0',\n"
        "      'IndexBackward0'))\n"
        "y, lengths = R.pad_packed_sequence(p, padding_value=0.5, total_length=6)\n"
        "print(tuple(y.shape), lengths)\n"
        "parts = report([p.data, y], [x])\n")),
    ("rnn_utils_pack_padded_unsorted_batch_first", _case(
        "x = values(3, 4, 2).requires_grad_()\n"
        "p = R.pack_padded_sequence(x, torch.tensor([2, 4, 3]), batch_first=True,\n"
        "                           enforce_sorted=False)\n"
        "print(p.batch_sizes, p.sorted_indices, p.unsorted_indices)\n"
        "y, lengths = R.pad_packed_sequence(p, batch_first=True)\n"
        "print(tuple(y.shape), lengths, lengths.dtype)\n"
        "z, _ = R.pad_packed_sequence(p)\n"
        "print(tuple(z.shape))\n"
        "parts = report([p.data, y, z], [x])\n")),
    ("rnn_utils_pack_sequence", _case(
        "a = values(3, 2).requires_grad_()\n"
        "b = values(1, 2, offset=1.0).requires_grad_()\n"
        "c = values(2, 2, offset=2.0).requires_grad_()\n"
        "p = R.pack_sequence([a, b, c], enforce_sorted=False)\n"
        "print(p.batch_sizes, p.sorted_indices, p.unsorted_indices)\n"
        "print([tuple(s.shape) for s in R.unpack_sequence(p)])\n"
        "q = R.pack_sequence([a, c, b])\n"
        "print(q.batch_sizes, q.sorted_indices)\n"
        "u = R.unpad_sequence(R.pad_sequence([a, b, c]), torch.tensor([3, 1, 2]))\n"
        "parts = report([p.data, q.data] + list(R.unpack_sequence(p)) + u, [a, b, c])\n")),
    ("rnn_utils_packed_sequence_object", _case(
        "x = values(4, 2, 2)\n"
        "p = R.pack_padded_sequence(x, [4, 2])\n"
        "d, bs, si, ui = p\n"
        "print(isinstance(p, tuple), p._fields, len(p), bs, si, ui)\n"
        "q = p.double()\n"
        "print(type(q).__name__, q.data.dtype, q.batch_sizes.dtype, p.is_cuda)\n"
        "r = R.PackedSequence(d, bs)\n"
        "print(r.sorted_indices, r.unsorted_indices)\n"
        "s = R.PackedSequence(d, bs, torch.tensor([1, 0]))\n"
        "print(s.unsorted_indices)\n"
        "print(R.invert_permutation(torch.tensor([2, 0, 1])))\n"
        "print(R.pack_padded_sequence(torch.arange(6.).reshape(3, 2, 1), [3, 1]))\n"
        "parts = [q.data.reshape(-1)]\n")),
]


# ---------------------------------------------------------------------- errors
def _error(statement: str) -> str:
    return _case(
        "try:\n"
        + "".join(f"    {line}\n" for line in statement.splitlines())
        + "except Exception as e:\n"
        "    print(type(e).__name__, e)\n"
        "parts = [torch.zeros(1)]\n"
    )


_ERRORS = {
    "input_size": "nn.LSTM(10, 20)(torch.zeros(3, 2, 7))",
    "rank_4d_lstm": "nn.LSTM(10, 20)(torch.zeros(3, 2, 4, 10))",
    "rank_1d_gru": "nn.GRU(10, 20)(torch.zeros(10))",
    "rank_4d_rnn": "nn.RNN(10, 20)(torch.zeros(3, 2, 4, 10))",
    "h0_batch": "nn.GRU(10, 20)(torch.zeros(3, 2, 10), torch.zeros(1, 3, 20))",
    "h0_layers": "nn.RNN(10, 20, num_layers=2)(torch.zeros(3, 2, 10), torch.zeros(1, 2, 20))",
    "h0_rank_batched": "nn.GRU(10, 20)(torch.zeros(3, 2, 10), torch.zeros(2, 20))",
    "h0_rank_unbatched": "nn.GRU(10, 20)(torch.zeros(3, 10), torch.zeros(1, 3, 20))",
    "lstm_c0": ("nn.LSTM(10, 20, proj_size=5, num_layers=2, bidirectional=True)(\n"
                "    torch.zeros(3, 2, 10), (torch.zeros(4, 2, 5), torch.zeros(3, 2, 20)))"),
    "lstm_h0_proj": ("nn.LSTM(10, 20, proj_size=5, num_layers=2, bidirectional=True)(\n"
                     "    torch.zeros(3, 2, 10), (torch.zeros(4, 2, 20), torch.zeros(4, 2, 20)))"),
    "lstm_hx_rank": ("nn.LSTM(10, 20)(torch.zeros(3, 2, 10), (torch.zeros(2, 20),\n"
                     "                                       torch.zeros(2, 20)))"),
    "lstm_hx_rank_unbatched": ("nn.LSTM(10, 20)(torch.zeros(3, 10), (torch.zeros(1, 1, 20),\n"
                               "                                    torch.zeros(1, 20)))"),
    "dtype": "nn.GRU(4, 3)(torch.zeros(3, 2, 4, dtype=torch.float64))",
    "packed_input_size": ("nn.GRU(4, 3)(R.pack_padded_sequence(torch.zeros(3, 2, 5), "
                          "[3, 2]))"),
    "nonlinearity": "nn.RNN(3, 4, nonlinearity='sigmoid')",
    "proj_gru": "nn.GRU(3, 4, proj_size=2)",
    "proj_too_big": "nn.LSTM(3, 4, proj_size=4)",
    "proj_negative": "nn.LSTM(3, 4, proj_size=-1)",
    "dropout_range": "nn.LSTM(3, 4, dropout=1.5)",
    "dropout_bool": "nn.LSTM(3, 4, dropout=True)",
    "hidden_zero": "nn.GRU(3, 0)",
    "input_float": "nn.GRU(3.0, 4)",
    "layers_zero": "nn.GRU(3, 4, num_layers=0)",
    "bias_type": "nn.GRU(3, 4, bias=1)",
    "batch_first_type": "nn.GRU(3, 4, batch_first=None)",
    "cell_input_size": "nn.GRUCell(3, 4)(torch.zeros(2, 5))",
    "cell_batch": "nn.GRUCell(3, 4)(torch.zeros(2, 3), torch.zeros(3, 4))",
    "cell_hidden_size": "nn.RNNCell(3, 4)(torch.zeros(2, 3), torch.zeros(2, 5))",
    "cell_rank": "nn.GRUCell(3, 4)(torch.zeros(2, 2, 3))",
    "rnn_cell_rank": "nn.RNNCell(3, 4)(torch.zeros(2, 2, 3))",
    "rnn_cell_hidden_rank": "nn.RNNCell(3, 4)(torch.zeros(2, 3), torch.zeros(1, 2, 4))",
    "lstm_cell_rank": "nn.LSTMCell(3, 4)(torch.zeros(3), (torch.zeros(1, 1, 4), torch.zeros(4)))",
    "lstm_cell_c_batch": ("nn.LSTMCell(3, 4)(torch.zeros(2, 3), (torch.zeros(2, 4), "
                          "torch.zeros(3, 4)))"),
    "cell_nonlinearity": "nn.RNNCell(3, 4, nonlinearity='gelu')(torch.zeros(2, 3))",
    "pack_unsorted": "R.pack_padded_sequence(torch.zeros(4, 3, 2), [2, 4, 1])",
    "pack_zero_length": "R.pack_padded_sequence(torch.zeros(4, 3, 2), [4, 2, 0])",
    "pad_total_length": ("R.pad_packed_sequence(R.pack_padded_sequence(torch.zeros(4, 2, 2),"
                         " [4, 2]), total_length=3)"),
    "pad_sequence_side": "R.pad_sequence([torch.zeros(2), torch.zeros(1)], padding_side='up')",
    "pad_sequence_not_iterable": "R.pad_sequence(3)",
}

_ERROR_CASES = [(f"rnn_error_{name}", _error(statement)) for name, statement in _ERRORS.items()]

_WARNING_CASES = [
    ("rnn_warning_dropout_one_layer", _case(
        "m = nn.LSTM(3, 4, dropout=0.5)\n"
        "print(m)\n"
        "parts = [torch.zeros(1)]\n")),
]


# ---------------------------------------------------------------------- attention
def _sdpa(setup: str, call: str, wrt: str = "[q, k, v]") -> str:
    return _case("q = values(2, 3, 4, 5).requires_grad_()\n"
                 "k = values(2, 3, 6, 5, offset=0.7).requires_grad_()\n"
                 "v = values(2, 3, 6, 7, offset=1.3).requires_grad_()\n"
                 + setup + f"out = {call}\n"
                 "print(out.dtype, tuple(out.shape))\n"
                 f"parts = report([out], {wrt})\n")


_MASKS = ("bool_mask = torch.tensor([[True] * 6, [False] * 6, [True, True] + [False] * 4,\n"
          "                          [False, True] * 3])\n"
          "float_mask = values(4, 6, scale=0.8)\n"
          "float_mask[1] = float('-inf')\n")

_SDPA_CASES = [
    ("attn_sdpa_plain", _sdpa("", "F.scaled_dot_product_attention(q, k, v)")),
    ("attn_sdpa_scale", _sdpa("", "F.scaled_dot_product_attention(q, k, v, scale=0.3)")),
    ("attn_sdpa_bool_mask", _sdpa(_MASKS, "F.scaled_dot_product_attention(q, k, v, "
                                          "attn_mask=bool_mask)")),
    ("attn_sdpa_float_mask", _sdpa(_MASKS, "F.scaled_dot_product_attention(q, k, v, "
                                           "attn_mask=float_mask)")),
    ("attn_sdpa_broadcast_mask", _sdpa(
        "mask = values(2, 1, 4, 6, scale=0.8)\n",
        "F.scaled_dot_product_attention(q, k, v, attn_mask=mask)")),
    ("attn_sdpa_causal_rect", _sdpa("", "F.scaled_dot_product_attention(q, k, v, "
                                        "is_causal=True)")),
    ("attn_sdpa_causal_square", _sdpa(
        "k = values(2, 3, 4, 5, offset=0.7).requires_grad_()\n"
        "v = values(2, 3, 4, 7, offset=1.3).requires_grad_()\n",
        "F.scaled_dot_product_attention(q, k, v, is_causal=True, scale=0.5)")),
    ("attn_sdpa_3d_and_2d", _sdpa(
        "",
        "torch.cat([F.scaled_dot_product_attention(q[0], k[0], v[0]).reshape(-1),\n"
        "           F.scaled_dot_product_attention(q[0, 0], k[0, 0], v[0, 0]).reshape(-1)])")),
    ("attn_sdpa_float64", _case(
        "q = values(1, 2, 3, 4, dtype=torch.float64).requires_grad_()\n"
        "k = values(1, 2, 5, 4, offset=0.7, dtype=torch.float64).requires_grad_()\n"
        "v = values(1, 2, 5, 3, offset=1.3, dtype=torch.float64).requires_grad_()\n"
        "mask = torch.tensor([[True, False, True, True, False]] * 3)\n"
        "out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)\n"
        "print(out.dtype)\n"
        "parts = report([out], [q, k, v])\n")),
    ("attn_sdpa_gqa", _case(
        "q = values(2, 4, 3, 5).requires_grad_()\n"
        "k = values(2, 2, 6, 5, offset=0.7).requires_grad_()\n"
        "v = values(2, 2, 6, 7, offset=1.3).requires_grad_()\n"
        "out = F.scaled_dot_product_attention(q, k, v, enable_gqa=True)\n"
        "print(tuple(out.shape))\n"
        "parts = report([out], [q, k, v])\n")),
    ("attn_sdpa_dropout", _case(
        "q, k, v = values(2, 3, 4, 5), values(2, 3, 6, 5), values(2, 3, 6, 7)\n"
        "out = F.scaled_dot_product_attention(q, k, v, dropout_p=0.5)\n"
        "print(tuple(out.shape), out.dtype)\n"
        "parts = [F.scaled_dot_product_attention(q, k, v, dropout_p=1.0).reshape(-1)]\n")),
]


def _mha(options: str, call: str, setup: str = "", inputs: str = "x, x, x",
         batch_first: bool = False) -> str:
    # float64: float32 sums of these sizes cancel below float32's reference tolerance
    shape = "3, 5, 8" if batch_first else "5, 3, 8"
    return _case(f"m = fill(nn.MultiheadAttention(8, 2{options}), D)\n"
                 f"x = values({shape}, dtype=D).requires_grad_()\n"
                 f"y = values({shape}, offset=0.9, dtype=D).requires_grad_()\n"
                 + setup + f"out, weights = m({inputs}{call})\n"
                 "print(tuple(out.shape), None if weights is None else tuple(weights.shape))\n"
                 "outs = [out] if weights is None else [out, weights]\n"
                 "params = [p for p in m.parameters()]\n"
                 "parts = report(outs, [x, y] + params)\n")


_KPM = ("kpm = torch.tensor([[False] * 5, [False, False, False, True, True],\n"
        "                    [True] + [False] * 4])\n")
_CAUSAL = "causal = torch.triu(torch.ones(5, 5, dtype=torch.bool), 1)\n"

_MHA_CASES = [
    ("attn_mha_self", _mha("", "")),
    ("attn_mha_cross", _mha("", "", inputs="x, y, y")),
    ("attn_mha_three_inputs", _mha("", "", inputs="x, y, y * 2")),
    ("attn_mha_batch_first", _mha(", batch_first=True", "", batch_first=True)),
    ("attn_mha_no_weights", _mha("", ", need_weights=False")),
    ("attn_mha_per_head_weights", _mha("", ", average_attn_weights=False")),
    ("attn_mha_key_padding", _mha("", ", key_padding_mask=kpm", setup=_KPM)),
    ("attn_mha_key_padding_no_weights", _mha("", ", key_padding_mask=kpm, need_weights=False",
                                             setup=_KPM)),
    ("attn_mha_causal_bool", _mha("", ", attn_mask=causal", setup=_CAUSAL)),
    ("attn_mha_causal_hint", _mha("", ", attn_mask=causal, is_causal=True, need_weights=False",
                                  setup=_CAUSAL)),
    ("attn_mha_float_mask_3d", _mha("", ", attn_mask=mask",
                                    setup="mask = values(6, 5, 5, scale=0.5, dtype=D)\n")),
    ("attn_mha_both_masks", _mha("", ", attn_mask=causal, key_padding_mask=kpm",
                                 setup=_CAUSAL + _KPM, inputs="y, x, x")),
    ("attn_mha_no_bias", _mha(", bias=False", "")),
    ("attn_mha_kdim_vdim", _mha(", kdim=6, vdim=4", "",
                                setup="kk = values(7, 3, 6, dtype=D).requires_grad_()\n"
                                      "vv = values(7, 3, 4, offset=0.4, dtype=D)"
                                      ".requires_grad_()\n",
                                inputs="x, kk, vv")),
    ("attn_mha_bias_kv_zero_attn", _mha(", add_bias_kv=True, add_zero_attn=True",
                                        ", key_padding_mask=kpm", setup=_KPM)),
    ("attn_mha_eval_dropout", _mha(", dropout=0.5", "",
                                   setup="m.eval()\n")),
    ("attn_mha_unbatched", _case(
        "m = fill(nn.MultiheadAttention(8, 2, batch_first=True), D)\n"
        "x = values(5, 8, dtype=D).requires_grad_()\n"
        "kpm = torch.tensor([False, False, True, False, True])\n"
        "out, w = m(x, x, x, key_padding_mask=kpm)\n"
        "out2, w2 = m(x, x, x, need_weights=False)\n"
        "print(tuple(out.shape), tuple(w.shape), w2)\n"
        "parts = report([out, w, out2], [x, m.in_proj_weight])\n")),
    ("attn_transformer_block", _case(
        "class Block(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.attn = nn.MultiheadAttention(8, 4, batch_first=True)\n"
        "        self.ff = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 8))\n"
        "    def forward(self, x, mask):\n"
        "        x = x + self.attn(x, x, x, attn_mask=mask, need_weights=False)[0]\n"
        "        return x + self.ff(x)\n"
        "block = fill(Block(), D)\n"
        "print(block)\n"
        "x = values(2, 6, 8, dtype=D).requires_grad_()\n"
        "mask = torch.triu(torch.full((6, 6), float('-inf'), dtype=D), 1)\n"
        "out = block(x, mask)\n"
        "parts = report([out], [x, block.attn.in_proj_weight, block.ff[0].weight])\n")),
    ("attn_mha_structure", _case(
        "for m in [nn.MultiheadAttention(8, 2), nn.MultiheadAttention(8, 4, bias=False, kdim=3,\n"
        "          vdim=5, batch_first=True), nn.MultiheadAttention(6, 3, add_bias_kv=True)]:\n"
        "    print(m)\n"
        "    for n, p in m.named_parameters():\n"
        "        print(n, tuple(p.shape))\n"
        "    print(list(m.state_dict()), m.head_dim, m._qkv_same_embed_dim, m.kdim, m.vdim)\n"
        "    print(m.in_proj_weight is None, m.bias_k is None, m.dropout, m.batch_first)\n"
        "m = nn.MultiheadAttention(16, 4)\n"
        "bound = (6 / (16 + 48)) ** 0.5\n"
        "print(bool(m.in_proj_weight.abs().max() <= bound), bool(m.in_proj_weight.std() > 0.1),\n"
        "      bool((m.in_proj_bias == 0).all()), bool((m.out_proj.bias == 0).all()))\n"
        "print(type(m.out_proj).__name__, isinstance(m.out_proj, nn.Linear))\n"
        "parts = [torch.zeros(1)]\n")),
]

_ATTN_ERRORS = {
    "sdpa_mask_and_causal": ("F.scaled_dot_product_attention(torch.zeros(1, 2, 3), "
                             "torch.zeros(1, 2, 3),\n    torch.zeros(1, 2, 3), "
                             "attn_mask=torch.ones(2, 2, dtype=torch.bool), is_causal=True)"),
    "sdpa_int_mask": ("F.scaled_dot_product_attention(torch.zeros(1, 2, 3), "
                      "torch.zeros(1, 2, 3),\n    torch.zeros(1, 2, 3), "
                      "attn_mask=torch.ones(2, 2, dtype=torch.int64))"),
    "sdpa_dtypes": ("F.scaled_dot_product_attention(torch.zeros(1, 2, 3, dtype=torch.float64),\n"
                    "    torch.zeros(1, 2, 3), torch.zeros(1, 2, 3))"),
    "sdpa_1d": ("F.scaled_dot_product_attention(torch.zeros(3), torch.zeros(2, 3), "
                "torch.zeros(2, 3))"),
    "sdpa_gqa_heads": ("F.scaled_dot_product_attention(torch.zeros(1, 3, 2, 4), "
                       "torch.zeros(1, 2, 2, 4),\n    torch.zeros(1, 2, 2, 4), enable_gqa=True)"),
    "mha_heads": "nn.MultiheadAttention(8, 3)",
    "mha_zero": "nn.MultiheadAttention(0, 3)",
    "mha_causal_without_mask": ("x = torch.zeros(4, 2, 8)\n"
                                "nn.MultiheadAttention(8, 2)(x, x, x, is_causal=True)"),
    "mha_mask_shape": ("x = torch.zeros(4, 2, 8)\n"
                       "nn.MultiheadAttention(8, 2)(x, x, x, attn_mask=torch.zeros(4, 3))"),
    "mha_mask_3d_shape": ("x = torch.zeros(4, 2, 8)\n"
                          "nn.MultiheadAttention(8, 2)(x, x, x, attn_mask=torch.zeros(2, 4, 4))"),
    "mha_mask_type": ("x = torch.zeros(4, 2, 8)\n"
                      "nn.MultiheadAttention(8, 2)(x, x, x, attn_mask=torch.zeros(4, 4, "
                      "dtype=torch.int64))"),
    "mha_key_rank": ("x = torch.zeros(4, 2, 8)\n"
                     "nn.MultiheadAttention(8, 2)(x, x[0], x)"),
    "mha_query_rank": ("x = torch.zeros(4, 2, 2, 8)\n"
                       "nn.MultiheadAttention(8, 2)(x, x, x)"),
    "mha_embed_dim": ("x = torch.zeros(4, 2, 6)\n"
                      "nn.MultiheadAttention(8, 2)(x, x, x)"),
    "mha_key_value_shape": ("x = torch.zeros(4, 2, 8)\n"
                            "nn.MultiheadAttention(8, 2)(x, x, x[:3])"),
    "mha_key_padding_shape": ("x = torch.zeros(4, 2, 8)\n"
                              "nn.MultiheadAttention(8, 2)(x, x, x, key_padding_mask="
                              "torch.zeros(2, 3, dtype=torch.bool))"),
}

_ATTN_ERROR_CASES = [(f"attn_error_{name}", _error(statement))
                     for name, statement in _ATTN_ERRORS.items()]

_ATTN_WARNING_CASES = [
    ("attn_warning_mismatched_masks", _case(
        "x = values(4, 2, 8)\n"
        "m = fill(nn.MultiheadAttention(8, 2))\n"
        "out, w = m(x, x, x, key_padding_mask=torch.zeros(2, 4, dtype=torch.bool),\n"
        "           attn_mask=torch.zeros(4, 4))\n"
        "parts = [out.reshape(-1), w.reshape(-1)]\n")),
]

CASES: list[tuple[str, str]] = [
    *_layer_cases(),
    *_packed_cases(),
    *_unbatched_cases(),
    *_GRAPH_CASES,
    *_LONG_CASES,
    *_cell_cases(),
    *_STRUCTURE_CASES,
    *_UTILS_CASES,
    *_ERROR_CASES,
    *_WARNING_CASES,
    *_SDPA_CASES,
    *_MHA_CASES,
    *_ATTN_ERROR_CASES,
    *_ATTN_WARNING_CASES,
]
