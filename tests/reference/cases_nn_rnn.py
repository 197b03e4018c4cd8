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

CASES: list[tuple[str, str]] = [
    *_layer_cases(),
    *_packed_cases(),
    *_unbatched_cases(),
    *_GRAPH_CASES,
    *_cell_cases(),
    *_STRUCTURE_CASES,
    *_UTILS_CASES,
    *_ERROR_CASES,
    *_WARNING_CASES,
]
