"""Transformer layers and stacks, recorded from torch 2.13.

For TransformerEncoderLayer and TransformerDecoderLayer over the options that change the
computation (norm_first, batch_first, activation as a name, a function or a module, bias,
unbatched input, float64) and over the masks (float and boolean attention masks, key
padding masks, is_causal, memory masks), each case fills the parameters with deterministic
values, runs the layer, and records the output and the gradients of a weighted sum of it
with respect to the inputs and a few parameters. Further cases cover the stacks (causal
mask detection, the eval-mode nested-tensor path that zeroes padded positions),
nn.Transformer, seeded default initialisation (compared bit for bit through a hash of the
parameters' bytes), training with dropout from a seed, reprs, warnings and errors.

Inputs are deterministic expressions (sines of an arange), so torch and ember start from
the same numbers without sharing a random generator. Ids start with ``transformer_``.
"""

from __future__ import annotations

_PRELUDE = '''\
import hashlib
F = torch.nn.functional
nn = torch.nn
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
def digest(module):
    h = hashlib.sha256()
    for name, p in module.named_parameters():
        h.update(name.encode())
        h.update(p.detach().numpy().tobytes())
    return h.hexdigest()[:16]
D = torch.float64
E, H, FF = 4, 2, 6
causal3 = nn.Transformer.generate_square_subsequent_mask(3)
causal4 = nn.Transformer.generate_square_subsequent_mask(4)
bool_causal4 = torch.ones(4, 4, dtype=torch.bool).triu(1)
pad_bool = torch.tensor([[False, False, False, True], [False, False, False, False]])
pad_float = torch.zeros(2, 4).masked_fill(pad_bool, float('-inf'))
mem_pad = torch.tensor([[False, False, True], [False, False, False]])
'''

_END = "result = torch.cat(parts)\n"
E = 4  # d_model, as the prelude's E


def _case(body: str) -> str:
    return _PRELUDE + body + _END


# ---------------------------------------------------------------------- encoder layer
# (tag, constructor extras, dtype, batch_first, unbatched)
_ENCODER_OPTIONS = [
    ("post_norm", "", "float32", False, False),
    ("norm_first", ", norm_first=True", "float32", False, False),
    ("batch_first", ", batch_first=True", "float32", True, False),
    ("gelu", ", activation='gelu'", "float32", False, False),
    ("gelu_function", ", activation=F.gelu", "float32", False, False),
    ("silu_callable", ", activation=F.silu", "float32", False, False),
    ("gelu_module", ", activation=nn.GELU(approximate='tanh')", "float32", False, False),
    ("no_bias", ", bias=False", "float32", False, False),
    ("eps", ", layer_norm_eps=1e-3", "float32", False, False),
    ("float64_norm_first", ", norm_first=True", "float64", False, False),
    ("unbatched", "", "float32", False, True),
]

# (tag, forward keyword arguments)
_ENCODER_MASKS = [
    ("no_mask", ""),
    ("float_causal", "src_mask=causal4"),
    ("bool_causal", "src_mask=bool_causal4"),
    ("is_causal", "src_mask=causal4, is_causal=True"),
    ("padding_bool", "src_key_padding_mask=pad_bool"),
    ("padding_float", "src_key_padding_mask=pad_float"),
    ("both_float", "src_mask=causal4, src_key_padding_mask=pad_float"),
]


def _encoder_layer_cases() -> list[tuple[str, str]]:
    cases = []
    for tag, extra, dtype, batch_first, unbatched in _ENCODER_OPTIONS:
        masks = _ENCODER_MASKS if tag in ("post_norm", "norm_first", "batch_first") else \
            _ENCODER_MASKS[:2]
        for mask_tag, kwargs in masks:
            if unbatched and "padding" in mask_tag:
                continue
            shape = (4, E) if unbatched else ((2, 4, E) if batch_first else (4, 2, E))
            lines = [
                f"m = fill(nn.TransformerEncoderLayer(E, H, FF, dropout=0.0{extra}), "
                f"torch.{dtype})",
                f"x = values(*{shape}, dtype=torch.{dtype}).requires_grad_()",
                f"out = m(x{', ' + kwargs if kwargs else ''})",
                "print(out.dtype, tuple(out.shape))",
                "params = [m.self_attn.in_proj_weight, m.linear1.weight, m.norm2.weight]",
                "parts = report([out], [x] + params)",
            ]
            cases.append((f"transformer_enc_layer_{tag}_{mask_tag}",
                          _case("\n".join(lines) + "\n")))
    return cases


# ---------------------------------------------------------------------- decoder layer
_DECODER_OPTIONS = [
    ("post_norm", "", "float32", False, False),
    ("norm_first", ", norm_first=True", "float32", False, False),
    ("batch_first", ", batch_first=True", "float32", True, False),
    ("gelu", ", activation='gelu'", "float32", False, False),
    ("relu_module", ", activation=nn.ReLU()", "float32", False, False),
    ("no_bias", ", bias=False", "float32", False, False),
    ("float64", "", "float64", False, False),
    ("unbatched", "", "float32", False, True),
]

_DECODER_MASKS = [
    ("no_mask", ""),
    ("tgt_causal", "tgt_mask=causal4"),
    ("tgt_is_causal", "tgt_mask=causal4, tgt_is_causal=True"),
    ("tgt_padding", "tgt_key_padding_mask=pad_bool"),
    ("memory_mask", "memory_mask=torch.tensor([[0., -1., 0.5]] * 4)"),
    ("memory_padding", "memory_key_padding_mask=mem_pad"),
    ("all_masks", "tgt_mask=bool_causal4, memory_mask=torch.zeros(4, 3, dtype=torch.bool), "
                  "tgt_key_padding_mask=pad_bool, memory_key_padding_mask=mem_pad"),
]


def _decoder_layer_cases() -> list[tuple[str, str]]:
    cases = []
    for tag, extra, dtype, batch_first, unbatched in _DECODER_OPTIONS:
        masks = _DECODER_MASKS if tag in ("post_norm", "norm_first", "batch_first") else \
            _DECODER_MASKS[:2]
        for mask_tag, kwargs in masks:
            if unbatched and "padding" in mask_tag:
                continue
            if unbatched:
                shapes = ((4, E), (3, E))
            elif batch_first:
                shapes = ((2, 4, E), (2, 3, E))
            else:
                shapes = ((4, 2, E), (3, 2, E))
            lines = [
                f"m = fill(nn.TransformerDecoderLayer(E, H, FF, dropout=0.0{extra}), "
                f"torch.{dtype})",
                f"x = values(*{shapes[0]}, dtype=torch.{dtype}).requires_grad_()",
                f"mem = values(*{shapes[1]}, offset=1.3, dtype=torch.{dtype}).requires_grad_()",
                f"out = m(x, mem{', ' + kwargs if kwargs else ''})",
                "print(out.dtype, tuple(out.shape))",
                "params = [m.self_attn.in_proj_weight, m.multihead_attn.in_proj_weight,",
                "          m.multihead_attn.out_proj.weight, m.linear2.weight, m.norm3.weight]",
                "parts = report([out], [x, mem] + params)",
            ]
            cases.append((f"transformer_dec_layer_{tag}_{mask_tag}",
                          _case("\n".join(lines) + "\n")))
    return cases


# ---------------------------------------------------------------------- stacks and model
_STACK_CASES = [
    ("transformer_encoder_stack_causal_detected", _case(
        "layer = nn.TransformerEncoderLayer(E, H, FF, dropout=0.0)\n"
        "m = fill(nn.TransformerEncoder(layer, 2, norm=nn.LayerNorm(E)))\n"
        "x = values(4, 2, E).requires_grad_()\n"
        "out = m(x, mask=causal4)\n"
        "out2 = m(x, mask=causal4, is_causal=False)\n"
        "print(torch.allclose(out, out2, atol=1e-6))\n"
        "parts = report([out], [x, m.layers[1].linear1.weight, m.norm.weight])\n")),
    ("transformer_encoder_stack_padding_train", _case(
        "layer = nn.TransformerEncoderLayer(E, H, FF, dropout=0.0, batch_first=True)\n"
        "m = fill(nn.TransformerEncoder(layer, 2))\n"
        "x = values(2, 4, E).requires_grad_()\n"
        "out = m(x, src_key_padding_mask=pad_bool)\n"
        "parts = report([out], [x, m.layers[0].self_attn.out_proj.weight])\n")),
    ("transformer_encoder_stack_padding_eval_no_grad", _case(
        "layer = nn.TransformerEncoderLayer(E, H, FF, dropout=0.0, batch_first=True)\n"
        "m = fill(nn.TransformerEncoder(layer, 2, norm=nn.LayerNorm(E))).eval()\n"
        "with torch.no_grad():\n"
        "    m.norm.bias.fill_(0.25)\n"
        "x = values(2, 4, E)\n"
        "with torch.no_grad():\n"
        "    a = m(x, src_key_padding_mask=pad_bool)\n"
        "    b = m(x, src_key_padding_mask=pad_float)\n"
        "    c = m(x, src_key_padding_mask=torch.tensor([[False, True, False, False],\n"
        "                                               [False, False, False, False]]))\n"
        "    d = nn.TransformerEncoder(m.layers[0], 1, mask_check=False).eval()(x,\n"
        "        src_key_padding_mask=torch.tensor([[False, True, False, False],\n"
        "                                           [False, False, False, False]]))\n"
        "print(a[0, 3])\n"
        "parts = [a.reshape(-1), b.reshape(-1), c.reshape(-1), d.reshape(-1)]\n")),
    ("transformer_encoder_stack_eval_with_grad", _case(
        "layer = nn.TransformerEncoderLayer(E, H, FF, dropout=0.0, batch_first=True)\n"
        "m = fill(nn.TransformerEncoder(layer, 2)).eval()\n"
        "x = values(2, 4, E).requires_grad_()\n"
        "out = m(x, src_key_padding_mask=pad_bool)\n"
        "parts = report([out], [x])\n")),
    ("transformer_encoder_stack_unbatched", _case(
        "layer = nn.TransformerEncoderLayer(E, H, FF, dropout=0.0)\n"
        "m = fill(nn.TransformerEncoder(layer, 2, enable_nested_tensor=False))\n"
        "x = values(3, E).requires_grad_()\n"
        "out = m(x, mask=causal3)\n"
        "parts = report([out], [x])\n")),
    ("transformer_fully_masked_rows_train", _case(
        "layer = fill(nn.TransformerEncoderLayer(E, H, FF, dropout=0.0, batch_first=True))\n"
        "x = values(2, 4, E).requires_grad_()\n"
        "pad = torch.tensor([[True] * 4, [False, False, True, True]])\n"
        "out = layer(x, src_key_padding_mask=pad)\n"
        "parts = report([out], [x])\n"
        "dec = fill(nn.TransformerDecoderLayer(E, H, FF, dropout=0.0))\n"
        "mem = values(3, 2, E, offset=0.5)\n"
        "out2 = dec(values(4, 2, E), mem, memory_key_padding_mask=torch.tensor(\n"
        "    [[True] * 3, [False, True, False]]))\n"
        "parts += [out2.detach().reshape(-1)]\n")),
    ("transformer_fully_masked_rows_nested_eval", _case(
        "layer = nn.TransformerEncoderLayer(E, H, FF, dropout=0.0, batch_first=True)\n"
        "m = fill(nn.TransformerEncoder(layer, 2)).eval()\n"
        "pad = torch.tensor([[True] * 4, [False, False, True, True]])\n"
        "with torch.no_grad():\n"
        "    out = m(values(2, 4, E), src_key_padding_mask=pad)\n"
        "parts = [out.reshape(-1)]\n")),
    ("transformer_fast_path_blocked_queries_nan", _case(
        "layer = fill(nn.TransformerEncoderLayer(E, H, FF, dropout=0.0, batch_first=True))\n"
        "layer.eval()\n"
        "x = values(2, 3, E)\n"
        "rows = torch.zeros(3, 3)\n"
        "rows[1] = float('-inf')\n"
        "per_head = torch.zeros(4, 3, 3)\n"
        "per_head[3, 2] = float('-inf')\n"
        "pad = torch.tensor([[True, True, True], [False, True, False]])\n"
        "with torch.no_grad():\n"
        "    parts = [layer(x, src_mask=rows).reshape(-1),\n"
        "             layer(x, src_key_padding_mask=pad).reshape(-1),\n"
        "             layer(x, src_mask=per_head).reshape(-1),\n"
        "             nn.TransformerEncoder(layer, 2).eval()(x, src_key_padding_mask=pad)\n"
        "             .reshape(-1)]\n"
        "    h = layer.register_forward_hook(lambda *args: None)\n"
        "    parts += [layer(x, src_mask=rows).reshape(-1)]  # hooks: the regular path\n"
        "    h.remove()\n"
        "parts += [layer(x, src_mask=rows).detach().reshape(-1)]  # grad enabled: regular\n"
        "layer.self_attn.batch_first = False\n"
        "with torch.no_grad():\n"
        "    parts += [layer(x.transpose(0, 1), src_mask=rows).reshape(-1)]\n")),
    ("transformer_decoder_stack", _case(
        "layer = nn.TransformerDecoderLayer(E, H, FF, dropout=0.0, norm_first=True)\n"
        "m = fill(nn.TransformerDecoder(layer, 2, norm=nn.LayerNorm(E)))\n"
        "x = values(4, 2, E).requires_grad_()\n"
        "mem = values(3, 2, E, offset=1.1).requires_grad_()\n"
        "out = m(x, mem, tgt_mask=causal4, memory_key_padding_mask=mem_pad)\n"
        "out2 = m(x, mem, tgt_mask=bool_causal4, memory_key_padding_mask=mem_pad)\n"
        "parts = report([out, out2], [x, mem, m.layers[1].multihead_attn.in_proj_bias])\n")),
    ("transformer_model_forward", _case(
        "m = fill(nn.Transformer(E, H, 2, 2, FF, dropout=0.0))\n"
        "src = values(5, 2, E).requires_grad_()\n"
        "tgt = values(4, 2, E, offset=0.7).requires_grad_()\n"
        "out = m(src, tgt, tgt_mask=causal4,\n"
        "        src_key_padding_mask=torch.tensor([[False] * 5, [False] * 3 + [True] * 2]),\n"
        "        memory_key_padding_mask=torch.tensor([[False] * 5, [False] * 3 + [True] * 2]))\n"
        "print(out.dtype, tuple(out.shape), type(out.grad_fn).__name__)\n"
        "parts = report([out], [src, tgt, m.encoder.layers[0].linear1.weight,\n"
        "                       m.decoder.layers[1].self_attn.in_proj_weight])\n")),
    ("transformer_model_batch_first_gelu_norm_first", _case(
        "m = fill(nn.Transformer(E, H, 1, 2, FF, dropout=0.0, activation='gelu',\n"
        "                        batch_first=True, norm_first=True), D)\n"
        "src = values(2, 5, E, dtype=D).requires_grad_()\n"
        "tgt = values(2, 4, E, offset=0.7, dtype=D).requires_grad_()\n"
        "out = m(src, tgt, tgt_mask=causal4.to(D), tgt_is_causal=True)\n"
        "parts = report([out], [src, tgt])\n")),
    ("transformer_model_unbatched", _case(
        "m = fill(nn.Transformer(E, H, 1, 1, FF, dropout=0.0))\n"
        "src = values(5, E).requires_grad_()\n"
        "tgt = values(4, E, offset=0.7).requires_grad_()\n"
        "out = m(src, tgt, src_mask=torch.zeros(5, 5), memory_mask=torch.zeros(4, 5))\n"
        "parts = report([out], [src, tgt])\n")),
]


# ---------------------------------------------------------------------- random streams
_SEEDED_CASES = [
    ("transformer_seeded_init_model", _case(
        "torch.manual_seed(0)\n"
        "m = nn.Transformer(8, 2, 2, 1, 16)\n"
        "print(digest(m))\n"
        "print(torch.rand(1))\n"
        "parts = [p.detach().reshape(-1) for p in m.parameters()]\n")),
    ("transformer_seeded_init_layers", _case(
        "torch.manual_seed(3)\n"
        "enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(6, 3, 10), 3)\n"
        "dec = nn.TransformerDecoder(nn.TransformerDecoderLayer(6, 2, 5, bias=False), 2)\n"
        "print(digest(enc), digest(dec))\n"
        "print(torch.equal(enc.layers[0].linear1.weight, enc.layers[2].linear1.weight))\n"
        "print(enc.layers[0].linear1.weight is enc.layers[1].linear1.weight)\n"
        "parts = [p.detach().reshape(-1) for p in [*enc.parameters(), *dec.parameters()]]\n")),
    ("transformer_seeded_init_float64", _case(
        "torch.manual_seed(5)\n"
        "m = nn.Transformer(4, 2, 1, 1, 6, dtype=torch.float64)\n"
        "print(digest(m), m.encoder.layers[0].linear1.weight.dtype)\n"
        "parts = [p.detach().reshape(-1) for p in m.parameters()]\n")),
    ("transformer_dropout_training", _case(
        "torch.manual_seed(0)\n"
        "m = nn.TransformerEncoderLayer(E, H, FF, dropout=0.3)\n"
        "x = values(4, 2, E).requires_grad_()\n"
        "out = m(x)\n"
        "parts = report([out], [x, m.linear1.weight])\n")),
]


# ---------------------------------------------------------------------- reprs, attributes
_REPR_CASES = [
    ("transformer_repr_encoder", (
        "nn = torch.nn\n"
        "layer = nn.TransformerEncoderLayer(8, 2, 16)\n"
        "print(layer)\n"
        "print(nn.TransformerEncoder(layer, 3, norm=nn.LayerNorm(8)))\n"
        "print(nn.TransformerEncoderLayer(8, 2, 16, activation=nn.GELU(), bias=False))\n")),
    ("transformer_repr_decoder", (
        "nn = torch.nn\n"
        "layer = nn.TransformerDecoderLayer(6, 3, 12, dropout=0.2, layer_norm_eps=1e-6)\n"
        "print(layer)\n"
        "print(nn.TransformerDecoder(layer, 2))\n")),
    ("transformer_repr_model", (
        "print(torch.nn.Transformer(8, 2, 1, 2, 12, activation='gelu'))\n")),
    ("transformer_names_and_attributes", (
        "nn = torch.nn\n"
        "m = nn.Transformer(4, 2, 1, 1, 6)\n"
        "for name, p in m.named_parameters():\n"
        "    print(name, tuple(p.shape))\n"
        "print(list(m.state_dict().keys()) == [n for n, _ in m.named_parameters()])\n"
        "print(m.d_model, m.nhead, m.batch_first)\n"
        "enc = m.encoder\n"
        "print(enc.num_layers, enc.enable_nested_tensor, enc.use_nested_tensor, enc.mask_check)\n"
        "layer = enc.layers[0]\n"
        "print(layer.norm_first, layer.activation_relu_or_gelu, layer.activation.__name__)\n"
        "print(nn.TransformerEncoderLayer(4, 2, activation='gelu').activation_relu_or_gelu)\n"
        "print(nn.TransformerEncoderLayer(4, 2, activation=nn.GELU()).activation_relu_or_gelu)\n"
        "print(nn.TransformerEncoderLayer(4, 2, activation=torch.tanh).activation_relu_or_gelu)\n"
        "print(layer.linear1.weight.shape, layer.dropout.p)\n"
        "print(m.decoder.layers[0].activation.__name__)\n")),
    ("transformer_generate_square_subsequent_mask", (
        "print(torch.nn.Transformer.generate_square_subsequent_mask(4))\n"
        "print(torch.nn.Transformer.generate_square_subsequent_mask(3, dtype=torch.float64))\n"
        "print(torch.nn.Transformer(4, 2, 1, 1, 6).generate_square_subsequent_mask(2))\n")),
]


# ---------------------------------------------------------------------- warnings and errors
_ERROR_CASES = [
    ("transformer_error_heads_divide", (
        "torch.nn.TransformerEncoderLayer(6, 4)\n")),
    ("transformer_error_heads_divide_decoder", (
        "torch.nn.Transformer(10, 3, 1, 1, 8)\n")),
    ("transformer_error_activation_name", (
        "torch.nn.TransformerEncoderLayer(4, 2, activation='tanh')\n")),
    ("transformer_error_activation_name_decoder", (
        "torch.nn.TransformerDecoderLayer(4, 2, activation='silu')\n")),
    ("transformer_error_src_mask_shape", _PRELUDE + (
        "m = nn.TransformerEncoderLayer(E, H, FF)\n"
        "m(values(4, 2, E), src_mask=torch.zeros(3, 3))\n")),
    ("transformer_error_src_mask_3d_shape", _PRELUDE + (
        "m = nn.TransformerEncoderLayer(E, H, FF)\n"
        "m(values(4, 2, E), src_mask=torch.zeros(2, 4, 4))\n")),
    ("transformer_error_padding_shape", _PRELUDE + (
        "m = nn.TransformerEncoderLayer(E, H, FF)\n"
        "m(values(4, 2, E), src_key_padding_mask=torch.zeros(2, 5, dtype=torch.bool))\n")),
    ("transformer_error_padding_dtype", _PRELUDE + (
        "m = nn.TransformerEncoderLayer(E, H, FF)\n"
        "m(values(4, 2, E), src_key_padding_mask=torch.zeros(2, 4, dtype=torch.long))\n")),
    ("transformer_error_memory_mask_shape", _PRELUDE + (
        "m = nn.TransformerDecoderLayer(E, H, FF)\n"
        "m(values(4, 2, E), values(3, 2, E), memory_mask=torch.zeros(4, 4))\n")),
    ("transformer_error_is_causal_without_mask", _PRELUDE + (
        "m = nn.TransformerEncoderLayer(E, H, FF)\n"
        "m(values(4, 2, E), is_causal=True)\n")),
    ("transformer_error_batch_mismatch", _PRELUDE + (
        "m = nn.Transformer(E, H, 1, 1, FF)\n"
        "m(values(5, 2, E), values(4, 3, E))\n")),
    ("transformer_error_batch_mismatch_batch_first", _PRELUDE + (
        "m = nn.Transformer(E, H, 1, 1, FF, batch_first=True)\n"
        "m(values(2, 5, E), values(3, 4, E))\n")),
    ("transformer_error_feature_mismatch", _PRELUDE + (
        "m = nn.Transformer(E, H, 1, 1, FF)\n"
        "m(values(5, 2, E), values(4, 2, 6))\n")),
    ("transformer_error_input_width", _PRELUDE + (
        "m = nn.TransformerEncoderLayer(E, H, FF)\n"
        "m(values(4, 2, 6))\n")),
    ("transformer_warning_nested_tensor", (
        "nn = torch.nn\n"
        "import warnings\n"
        "for layer in (nn.TransformerEncoderLayer(4, 2, batch_first=False),\n"
        "              nn.TransformerEncoderLayer(4, 2, batch_first=True, norm_first=True),\n"
        "              nn.TransformerEncoderLayer(4, 1, batch_first=True),\n"
        "              nn.TransformerEncoderLayer(4, 2, batch_first=True, bias=False),\n"
        "              nn.TransformerEncoderLayer(4, 2, batch_first=True, activation=torch.tanh),\n"
        "              nn.TransformerEncoderLayer(4, 2, batch_first=True)):\n"
        "    with warnings.catch_warnings(record=True) as caught:\n"
        "        warnings.simplefilter('always')\n"
        "        enc = nn.TransformerEncoder(layer, 1)\n"
        "    print([str(w.message) for w in caught], enc.use_nested_tensor)\n"
        "enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2), 1,\n"
        "                            enable_nested_tensor=False)\n"
        "print(enc.use_nested_tensor)\n")),
    ("transformer_warning_mismatched_masks", _case(
        "import warnings\n"
        "m = fill(nn.TransformerEncoder(nn.TransformerEncoderLayer(E, H, FF, dropout=0.0), 1,\n"
        "                               enable_nested_tensor=False))\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    out = m(values(4, 2, E), mask=causal4, src_key_padding_mask=pad_bool)\n"
        "print([str(w.message) for w in caught])\n"
        "parts = [out.detach().reshape(-1)]\n")),
]


CASES: list[tuple[str, str]] = [
    *_encoder_layer_cases(),
    *_decoder_layer_cases(),
    *_STACK_CASES,
    *_SEEDED_CASES,
    *_REPR_CASES,
    *_ERROR_CASES,
]
