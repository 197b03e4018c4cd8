# ruff: noqa: E501  (a throwaway harness: long draw lines read better whole)
"""More families for scripts/fuzz_nn.py (its second round): what the first left out.

Run this instead of fuzz_nn.py (same options); it registers these families beside the first
round's and runs fuzz_nn's driver, so ``--family`` picks any of them:

    PYTHONPATH=src:. /work/main/.venv/bin/python scripts/fuzz_nn_round2.py --seeds 2000
    PYTHONPATH=src:. /work/main/.venv/bin/python scripts/fuzz_nn_round2.py --family bad_call --seeds 300

Added: calls of modules with what is not a fitting tensor (lists, None, numbers, NumPy
arrays, integer/bool tensors, the wrong rank, 0-size batches); non-contiguous and
channels_last inputs (values, grads and the output's memory format); module reprs of random
configurations; padding modules; Linear/Bilinear/Identity/Flatten/Unflatten; CTCLoss and
TripletMarginWithDistanceLoss and the functional losses with every reduction (and the legacy
size_average/reduce); functional normalisation with running statistics; Transformer and its
stacks; affine_grid/grid_sample; MaxUnpool; Fold/Unfold and the PixelShuffle/Upsample
modules; float32 modules given float64 inputs.
"""

from __future__ import annotations

import sys

import fuzz_nn as H
import numpy as np
from fuzz_nn import Draw, Prog, _fn_prog, _mod_prog, family, tens

# ----------------------------------------------------------------------------- bad calls

# (a module path, its constructor arguments, a good input shape)
_CALLABLE = [
    ("Linear", (3, 2), (2, 3)), ("Bilinear", (3, 3, 2), None), ("Conv1d", (2, 2, 1), (1, 2, 4)),
    ("Conv2d", (2, 2, 1), (1, 2, 3, 3)), ("Conv3d", (2, 2, 1), (1, 2, 2, 2, 2)),
    ("ConvTranspose1d", (2, 2, 1), (1, 2, 4)), ("ConvTranspose2d", (2, 2, 1), (1, 2, 3, 3)),
    ("MaxPool1d", (2,), (1, 2, 4)), ("MaxPool2d", (2,), (1, 2, 4, 4)), ("AvgPool1d", (2,), (1, 2, 4)),
    ("AvgPool2d", (2,), (1, 2, 4, 4)), ("AvgPool3d", (2,), (1, 2, 4, 4, 4)), ("MaxPool3d", (2,), (1, 2, 4, 4, 4)),
    ("AdaptiveAvgPool1d", (2,), (1, 2, 4)), ("AdaptiveAvgPool2d", (2,), (1, 2, 4, 4)),
    ("AdaptiveAvgPool3d", (2,), (1, 2, 4, 4, 4)), ("AdaptiveMaxPool1d", (2,), (1, 2, 4)),
    ("AdaptiveMaxPool2d", (2,), (1, 2, 4, 4)), ("AdaptiveMaxPool3d", (2,), (1, 2, 4, 4, 4)),
    ("LPPool1d", (2, 2), (1, 2, 4)), ("LPPool2d", (2, 2), (1, 2, 4, 4)),
    ("BatchNorm1d", (2,), (3, 2)), ("BatchNorm2d", (2,), (3, 2, 2, 2)), ("InstanceNorm1d", (2,), (1, 2, 4)),
    ("InstanceNorm2d", (2,), (1, 2, 3, 3)), ("LayerNorm", (3,), (2, 3)), ("GroupNorm", (1, 2), (2, 2, 3)),
    ("RMSNorm", (3,), (2, 3)), ("LocalResponseNorm", (2,), (1, 2, 3)),
    ("ReLU", (), (2, 3)), ("GELU", (), (2, 3)), ("Softmax", (1,), (2, 3)), ("LogSoftmax", (1,), (2, 3)),
    ("PReLU", (), (2, 3)), ("ELU", (), (2, 3)), ("Hardtanh", (), (2, 3)), ("Sigmoid", (), (2, 3)),
    ("Tanh", (), (2, 3)), ("SiLU", (), (2, 3)), ("Softplus", (), (2, 3)), ("LeakyReLU", (), (2, 3)),
    ("Embedding", (4, 2), None), ("EmbeddingBag", (4, 2), None), ("Flatten", (), (2, 3, 2)),
    ("Unflatten", (1, (3, 1)), (2, 3)), ("Identity", (), (2, 3)), ("Dropout", (0.5,), (2, 3)),
    ("ZeroPad2d", (1,), (1, 2, 2)), ("ReflectionPad1d", (1,), (1, 2, 3)), ("ReplicationPad2d", (1,), (1, 2, 2)),
    ("CircularPad1d", (1,), (1, 2, 3)), ("ConstantPad1d", (1, 0.5), (1, 2, 3)),
    ("PixelShuffle", (2,), (1, 4, 2, 2)), ("PixelUnshuffle", (2,), (1, 1, 4, 4)), ("Upsample", (None, 2.0), (1, 1, 2)),
    ("UpsamplingNearest2d", (None, 2), (1, 1, 2, 2)), ("UpsamplingBilinear2d", (None, 2), (1, 1, 2, 2)),
    ("Fold", ((3, 3), 2), (1, 4, 4)), ("Unfold", (2,), (1, 1, 3, 3)), ("ChannelShuffle", (2,), (1, 4, 2)),
    ("RNN", (3, 2), (2, 1, 3)), ("LSTM", (3, 2), (2, 1, 3)), ("GRU", (3, 2), (2, 1, 3)),
    ("RNNCell", (3, 2), (1, 3)), ("LSTMCell", (3, 2), (1, 3)), ("GRUCell", (3, 2), (1, 3)),
    ("CosineSimilarity", (), None), ("PairwiseDistance", (), None), ("MSELoss", (), None),
    ("L1Loss", (), None), ("CrossEntropyLoss", (), None), ("NLLLoss", (), None), ("BCELoss", (), None),
    ("Softmax2d", (), (1, 2, 2, 2)), ("GLU", (), (2, 4)), ("Threshold", (0.1, 0.0), (2, 3)),
    ("TransformerEncoderLayer", (4, 2, 8, 0.0), (2, 1, 4)), ("MultiheadAttention", (4, 2), None),
    ("FractionalMaxPool2d", (2,), (1, 1, 4, 4)), ("MaxUnpool1d", (2,), None),
]
_TWO_INPUTS = {"Bilinear", "CosineSimilarity", "PairwiseDistance", "MSELoss", "L1Loss", "BCELoss"}


def _bad_value(d: Draw, shape, dt):
    """Something that is not the input the module wants, and its description."""
    kind = d.c("list", "none", "number", "numpy", "int", "bool", "rank_up", "rank_down", "zero_batch",
               "f16", "complex", "tuple", "string", "zero_dim", "f32_vs_f64")
    if kind == "list":
        return kind, np.asarray(d.arr(shape or (2,), dt)).tolist()
    if kind == "none":
        return kind, None
    if kind == "number":
        return kind, d.c(1.5, 2, True)
    if kind == "numpy":
        return kind, ("np", d.arr(shape or (2,), dt))
    if kind == "string":
        return kind, "abc"
    if kind == "tuple":
        return kind, tuple(np.asarray(d.arr((2,), dt)).tolist())
    a = d.arr(shape or (2, 3), dt)
    if kind == "int":
        return kind, (a * 3).astype(np.int64)
    if kind == "bool":
        return kind, a > 0
    if kind == "rank_up":
        return kind, a[None]
    if kind == "rank_down":
        return kind, a[0] if a.ndim > 1 else a.sum()
    if kind == "zero_batch":
        return kind, np.zeros((0,) + a.shape[1:], dt)
    if kind == "f16":
        return kind, a.astype(np.float16)
    if kind == "complex":
        return kind, a.astype(np.complex64)
    if kind == "zero_dim":
        return kind, np.asarray(1.5, dt)
    return kind, a.astype(np.float64 if dt == "float32" else np.float32)


def _as_input(T, v):
    if isinstance(v, tuple) and len(v) == 2 and v[0] == "np":
        return v[1]  # (a NumPy array itself, not a tensor)
    if isinstance(v, np.ndarray):
        return tens(T, v)
    return v


@family
def bad_call(d: Draw):
    path, args, shape = d.c(*_CALLABLE)
    dt = d.c("float32", "float64")
    kind, bad = _bad_value(d, shape, dt)
    second = None
    if path in _TWO_INPUTS:
        second = d.arr(shape or (2, 3), dt)
    elif path in ("Embedding", "EmbeddingBag"):
        if kind in ("int", "rank_up", "zero_batch"):
            bad = np.asarray(d.rng.integers(0, 4, (2, 3)), dtype=np.int64)
            bad = bad[None] if kind == "rank_up" else bad[:0] if kind == "zero_batch" else bad
    elif path == "MultiheadAttention":
        second = d.arr((2, 1, 4), dt)

    def run(T):
        m = getattr(T.nn, path)(*args)
        if any(p.is_floating_point() for p in m.parameters()):
            m = m.to(getattr(T, dt))
        x = _as_input(T, bad)
        if path == "MultiheadAttention":
            s = tens(T, second)
            return m(x, s, s), {}, None
        if second is not None:
            return m(x, tens(T, second)), {}, None
        if path == "MaxUnpool1d":
            return m(x, x), {}, None
        return m(x), {}, None

    return Prog(f"{path}{args}({kind}: {getattr(bad, 'shape', type(bad).__name__)} {dt})", run, backward=False)


@family
def bad_functional(d: Draw):
    """nn.functional forms given a non-tensor or wrong dtype first argument."""
    name, extra = d.c(("conv1d", ("w1",)), ("conv2d", ("w2",)), ("conv3d", ("w3",)), ("linear", ("wl",)),
                      ("conv_transpose1d", ("w1",)), ("adaptive_avg_pool2d", (2,)), ("adaptive_max_pool2d", (2,)),
                      ("adaptive_avg_pool3d", (2,)), ("adaptive_max_pool3d", (2,)), ("adaptive_avg_pool1d", (2,)),
                      ("max_pool2d", (2,)), ("avg_pool2d", (2,)), ("lp_pool2d", (2.0, 2)), ("layer_norm", ((3,),)),
                      ("group_norm", (1,)), ("batch_norm", (None, None)), ("instance_norm", ()), ("embedding", ("wl",)),
                      ("pad", ((1, 1),)), ("interpolate", (None, 2.0)), ("pixel_shuffle", (2,)), ("unfold", (2,)),
                      ("softmax", (1,)), ("relu", ()), ("gelu", ()), ("dropout", ()), ("normalize", ()),
                      ("cross_entropy", ("t",)), ("mse_loss", ("x",)), ("one_hot", ()), ("glu", ()), ("elu", ()),
                      ("hardtanh", ()), ("leaky_relu", ()), ("silu", ()), ("logsigmoid", ()), ("softplus", ()),
                      ("local_response_norm", (2,)), ("rms_norm", ((3,),)), ("pixel_unshuffle", (2,)), ("fold", ((3, 3), 2)))
    kind, bad = _bad_value(d, (1, 2, 3) if "3d" not in name else (1, 2, 2, 2, 2), d.c("float32", "float64"))
    weights = {"w1": (2, 2, 1), "w2": (2, 2, 1, 1), "w3": (2, 2, 1, 1, 1), "wl": (2, 3), "t": None, "x": (1, 2, 3)}
    bad_pos = d.c(0, 0, 0, 1) if any(isinstance(e, str) for e in extra) else 0

    def run(T):
        xs = [_as_input(T, bad)]
        for e in extra:
            if isinstance(e, str):
                xs.append(tens(T, np.zeros(weights[e], np.float32)) if weights[e] else tens(T, np.array([0, 1])))
            else:
                xs.append(e)
        if bad_pos == 1:
            xs[0], xs[1] = tens(T, np.zeros((1, 2, 3), np.float32)), xs[0]
        return getattr(T.nn.functional, name)(*xs), {}, None

    return Prog(f"F.{name}(bad {kind} at {bad_pos}: {getattr(bad, 'shape', type(bad).__name__)}, {extra})", run, backward=False)


# ----------------------------------------------------------------------------- layouts

def _layout(T, a, how, grad):
    """`a` as a tensor of the same values with another layout: a transposed copy viewed
    back, a strided slice of a bigger one, or channels_last; the leaf that requires grad
    is returned too (the view itself is not a leaf)."""
    if how == "contiguous":
        t = tens(T, a, grad)
        return t, t
    if how == "transposed":
        leaf = tens(T, np.ascontiguousarray(np.swapaxes(a, 0, -1)), grad)
        return leaf.transpose(0, -1), leaf
    if how == "strided":
        big = np.zeros(a.shape[:-1] + (2 * a.shape[-1],), a.dtype)
        big[..., ::2] = a
        leaf = tens(T, big, grad)
        return leaf[..., ::2], leaf
    fmt = T.channels_last if a.ndim == 4 else T.channels_last_3d
    leaf = tens(T, a, grad)
    return leaf.to(memory_format=fmt), leaf


@family
def layout(d: Draw):
    dt = d.dtype()
    which = d.c("conv2d", "conv3d", "conv_t2d", "maxpool2d", "avgpool2d", "batchnorm2d", "groupnorm",
                "interpolate", "adaptive", "pad", "layernorm", "linear", "pixel_shuffle", "instancenorm2d")
    nd = 3 if which == "conv3d" else 2
    shape = (d.i(1, 2), d.i(1, 3) * 2) + tuple(d.i(2, 5) for _ in range(nd))
    how = d.c("contiguous", "transposed", "strided", "channels_last", "channels_last")
    if which in ("layernorm", "linear") and how == "channels_last":
        how = "transposed"
    a = d.arr(shape, dt)
    C = shape[1]
    k = d.i(1, 3)
    make = {
        "conv2d": lambda T: T.nn.Conv2d(C, d_out, k, padding=pad, groups=groups, bias=bias),
        "conv3d": lambda T: T.nn.Conv3d(C, d_out, 1, groups=groups, bias=bias),
        "conv_t2d": lambda T: T.nn.ConvTranspose2d(C, d_out, k, stride=2, groups=groups, bias=bias),
        "maxpool2d": lambda T: T.nn.MaxPool2d(2, ceil_mode=True),
        "avgpool2d": lambda T: T.nn.AvgPool2d(2, stride=1, padding=1),
        "batchnorm2d": lambda T: T.nn.BatchNorm2d(C).train(train),
        "instancenorm2d": lambda T: T.nn.InstanceNorm2d(C, affine=True),
        "groupnorm": lambda T: T.nn.GroupNorm(2, C),
        "interpolate": lambda T: T.nn.Upsample(scale_factor=2, mode=d_mode),
        "adaptive": lambda T: T.nn.AdaptiveAvgPool2d((2, 3)),
        "pad": lambda T: T.nn.ReflectionPad2d(1),
        "layernorm": lambda T: T.nn.LayerNorm(shape[-1]),
        "linear": lambda T: T.nn.Linear(shape[-1], 3),
        "pixel_shuffle": lambda T: T.nn.PixelUnshuffle(1),
    }[which]
    d_out, groups, bias, pad = d.c(2, 4), d.c(1, 2), d.p(0.7), d.c(0, 1, "same")
    train, d_mode = d.p(0.6), d.c("nearest", "bilinear", "bicubic")
    if which == "conv3d" and how == "channels_last":
        how = "channels_last"

    def run(T):
        m = make(T).to(getattr(T, dt))
        x, leaf = _layout(T, a, how, True)
        out = m(x)
        # (the output's memory format is not compared: ember's results keep NumPy's layout,
        # a deliberate difference in docs/differences.md; values and grads are)
        return out, dict({"x": leaf}, **dict(m.named_parameters())), m

    return Prog(f"{which} {how} {shape} {dt}", run)


# ----------------------------------------------------------------------------- reprs

_REPRS = [
    lambda d: ("Conv2d", (d.i(1, 4), d.i(1, 4), d.c(1, 3, (1, 2))), dict(stride=d.c(1, 2, (2, 1)), padding=d.c(0, 1, "same", (1, 0)), dilation=d.c(1, 2), bias=d.p(0.5), padding_mode=d.c("zeros", "reflect", "circular"))),
    lambda d: ("ConvTranspose1d", (d.i(1, 4), d.i(1, 4), d.c(1, 3)), dict(stride=d.c(1, 2), output_padding=d.c(0, 1), groups=1, dilation=d.c(1, 2))),
    lambda d: ("MaxPool2d", (d.c(2, (2, 3)),), dict(stride=d.c(None, 1), padding=d.c(0, 1), dilation=d.c(1, 2), ceil_mode=d.p(0.5), return_indices=d.p(0.3))),
    lambda d: ("AvgPool1d", (d.c(2, 3),), dict(stride=d.c(None, 1), padding=d.c(0, 1), ceil_mode=d.p(0.5), count_include_pad=d.p(0.5))),
    lambda d: ("AvgPool3d", (d.c(2, 3),), dict(divisor_override=d.c(None, 2))),
    lambda d: ("LPPool2d", (d.c(2, 1.5), d.c(2, (2, 3))), dict(stride=d.c(None, 1), ceil_mode=d.p(0.5))),
    lambda d: ("AdaptiveMaxPool2d", (d.c(2, (2, None)),), dict(return_indices=d.p(0.5))),
    lambda d: ("BatchNorm1d", (d.i(1, 5),), dict(eps=d.c(1e-5, 1e-3), momentum=d.c(0.1, None), affine=d.p(0.5), track_running_stats=d.p(0.5))),
    lambda d: ("InstanceNorm3d", (d.i(1, 5),), dict(affine=d.p(0.5), track_running_stats=d.p(0.5))),
    lambda d: ("LayerNorm", (d.c(3, (2, 3)),), dict(eps=d.c(1e-5, 1e-6), elementwise_affine=d.p(0.5), bias=d.p(0.5))),
    lambda d: ("GroupNorm", (2, 4), dict(eps=d.c(1e-5, 0.1), affine=d.p(0.5))),
    lambda d: ("RMSNorm", (d.c(3, [2, 3]),), dict(eps=d.c(None, 1e-6), elementwise_affine=d.p(0.5))),
    lambda d: ("LocalResponseNorm", (d.i(1, 3),), dict(alpha=d.c(1e-4, 0.5), beta=d.c(0.75, 2), k=d.c(1.0, 2))),
    lambda d: ("Embedding", (d.i(2, 5), d.i(1, 3)), dict(padding_idx=d.c(None, 0, -1), max_norm=d.c(None, 1.0), norm_type=d.c(2.0, 1.0), scale_grad_by_freq=d.p(0.3), sparse=d.p(0.3))),
    lambda d: ("EmbeddingBag", (d.i(2, 5), d.i(1, 3)), dict(mode=d.c("mean", "sum", "max"), padding_idx=d.c(None, 0), max_norm=d.c(None, 2.0), include_last_offset=d.p(0.3))),
    lambda d: ("RNN", (d.i(1, 3), d.i(1, 3)), dict(num_layers=d.i(1, 2), nonlinearity=d.c("tanh", "relu"), bias=d.p(0.7), batch_first=d.p(0.5), dropout=d.c(0.0, 0.5), bidirectional=d.p(0.5))),
    lambda d: ("LSTM", (d.i(1, 3), 3), dict(num_layers=d.i(1, 2), proj_size=d.c(0, 2), bias=d.p(0.7), batch_first=d.p(0.5), bidirectional=d.p(0.5))),
    lambda d: ("GRUCell", (d.i(1, 3), d.i(1, 3)), dict(bias=d.p(0.5))),
    lambda d: ("RNNCell", (d.i(1, 3), d.i(1, 3)), dict(bias=d.p(0.5), nonlinearity=d.c("tanh", "relu"))),
    lambda d: ("Upsample", (), dict(size=d.c(None, 3, (2, 3)), scale_factor=None, mode=d.c("nearest", "bilinear"), align_corners=d.c(None, True))),
    lambda d: ("Upsample", (), dict(scale_factor=d.c(2, 2.0, (2.0, 1.5)), mode=d.c("nearest", "linear"), recompute_scale_factor=d.c(None, True))),
    lambda d: ("Fold", (d.c(3, (3, 4)), d.c(2, (1, 2))), dict(dilation=d.c(1, 2), padding=d.c(0, 1), stride=d.c(1, 2))),
    lambda d: ("Unfold", (d.c(2, (1, 2)),), dict(dilation=d.c(1, 2), padding=d.c(0, 1), stride=d.c(1, 2))),
    lambda d: ("PixelShuffle", (d.i(1, 3),), {}), lambda d: ("PixelUnshuffle", (d.i(1, 3),), {}),
    lambda d: ("ZeroPad2d", (d.c(1, (1, 2, 0, 1)),), {}), lambda d: ("ConstantPad3d", (d.c(1, (1, 0, 1, 0, 1, 0)), d.c(0.5, 2, -1.0)), {}),
    lambda d: ("ReflectionPad1d", (d.c(1, (1, 2)),), {}), lambda d: ("ReplicationPad3d", (d.c(1, (1, 0, 1, 0, 1, 2)),), {}),
    lambda d: ("CircularPad2d", (d.c(1, (1, 2, 0, 1)),), {}), lambda d: ("ZeroPad1d", (d.c(2, (0, 1)),), {}),
    lambda d: ("Flatten", (), dict(start_dim=d.c(1, 0), end_dim=d.c(-1, 2))), lambda d: ("Unflatten", (1, d.c((2, 3), [2, -1])), {}),
    lambda d: ("Bilinear", (2, 3, 4), dict(bias=d.p(0.5))), lambda d: ("Linear", (2, 3), dict(bias=d.p(0.5))),
    lambda d: ("Dropout", (), dict(p=d.c(0.5, 0.0, 0.25), inplace=d.p(0.3))), lambda d: ("AlphaDropout", (d.c(0.5, 0.1),), {}),
    lambda d: ("Transformer", (), dict(d_model=4, nhead=2, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=d.c(8, 16), dropout=d.c(0.1, 0.0), activation=d.c("relu", "gelu"), batch_first=d.p(0.5), norm_first=d.p(0.5), bias=d.p(0.5))),
    lambda d: ("TransformerDecoderLayer", (4, 2), dict(dim_feedforward=8, dropout=0.0, norm_first=d.p(0.5))),
    lambda d: ("MultiheadAttention", (4, 2), dict(bias=d.p(0.5), add_bias_kv=d.p(0.5), add_zero_attn=d.p(0.5), kdim=d.c(None, 3), vdim=d.c(None, 5), batch_first=d.p(0.5), dropout=d.c(0.0, 0.1))),
    lambda d: ("CTCLoss", (), dict(blank=d.c(0, 2), reduction=d.c("mean", "sum", "none"), zero_infinity=d.p(0.5))),
    lambda d: ("TripletMarginWithDistanceLoss", (), dict(margin=d.c(1.0, 0.5), swap=d.p(0.5), reduction=d.c("mean", "none"))),
    lambda d: ("CrossEntropyLoss", (), dict(ignore_index=d.c(-100, 1), reduction=d.c("mean", "sum"), label_smoothing=d.c(0.0, 0.1))),
    lambda d: ("MultiMarginLoss", (), dict(p=d.c(1, 2), margin=d.c(1.0, 0.5))), lambda d: ("HuberLoss", (), dict(delta=d.c(1.0, 0.5), reduction="sum")),
    lambda d: ("Softmax", (), dict(dim=d.c(None, 1, -1))), lambda d: ("GELU", (), dict(approximate=d.c("none", "tanh"))),
    lambda d: ("Hardtanh", (d.c(-1.0, -2), d.c(1.0, 2)), dict(inplace=d.p(0.3))), lambda d: ("ELU", (), dict(alpha=d.c(1.0, 0.5), inplace=d.p(0.3))),
    lambda d: ("PReLU", (), dict(num_parameters=d.c(1, 3), init=d.c(0.25, 0.1))), lambda d: ("Threshold", (0.1, 20), dict(inplace=d.p(0.3))),
    lambda d: ("Softplus", (), dict(beta=d.c(1.0, 2), threshold=d.c(20.0, 5))), lambda d: ("RReLU", (), dict(lower=d.c(0.125, 0.1), upper=d.c(1 / 3, 0.3))),
    lambda d: ("CosineSimilarity", (), dict(dim=d.c(1, 0), eps=d.c(1e-8, 1e-6))), lambda d: ("PairwiseDistance", (), dict(p=d.c(2.0, 1), eps=d.c(1e-6, 0.1), keepdim=d.p(0.5))),
    lambda d: ("FractionalMaxPool2d", (2,), dict(output_size=d.c(None, 3), output_ratio=None) if d.p(0.5) else dict(output_ratio=d.c(0.5, (0.5, 0.6)))),
    lambda d: ("MaxUnpool2d", (d.c(2, (2, 3)),), dict(stride=d.c(None, 1), padding=d.c(0, 1))),
    lambda d: ("ChannelShuffle", (d.i(1, 3),), {}), lambda d: ("Softmax2d", (), {}), lambda d: ("Identity", (3,), dict(k=2)),
    lambda d: ("AdaptiveLogSoftmaxWithLoss", (8, 10, [4, 8]), dict(div_value=d.c(4.0, 2.0), head_bias=d.p(0.5))),
    lambda d: ("SyncBatchNorm", (3,), dict(momentum=d.c(0.1, None))),
    lambda d: ("LazyLinear", (3,), dict(bias=d.p(0.5))), lambda d: ("LazyConv2d", (3, 2), {}),
    lambda d: ("LazyBatchNorm1d", (), {}), lambda d: ("LazyInstanceNorm2d", (), dict(affine=d.p(0.5))),
]


@family
def reprs(d: Draw):
    path, args, kw = d.c(*_REPRS)(d)

    def run(T):
        m = getattr(T.nn, path)(*args, **kw)
        names = [f"{n}:{tuple(p.shape) if not isinstance(p, T.nn.parameter.UninitializedParameter) else 'lazy'}" for n, p in m.named_parameters()]
        bufs = [f"{n}:{None if b is None else tuple(b.shape)}" for n, b in m.named_buffers()]
        return [repr(m), str(names), str(bufs), str(sorted(m.state_dict()))], {}, None

    return Prog(f"repr {path}{args} {kw}", run, backward=False)


# ----------------------------------------------------------------------------- modules

@family
def padding_modules(d: Draw):
    kind = d.c("Zero", "Constant", "Reflection", "Replication", "Circular")
    nd = d.i(1, 3)
    dt = d.dtype()
    pad = d.c(d.i(0, 2), tuple(d.i(-1, 2) for _ in range(2 * nd)))
    spatial = tuple(d.i(1, 4) for _ in range(nd))
    batch = d.c((), (d.i(1, 2),), (d.i(1, 2), d.i(1, 2)))
    if kind != "Constant" and kind != "Zero":
        batch = batch[:1] if batch else batch
    shape = batch + (d.i(1, 2),) + spatial
    if d.p(0.1):
        shape = shape[1:]
    args = (pad, d.c(0.5, -2.0)) if kind == "Constant" else (pad,)
    return _mod_prog("", f"{kind}Pad{nd}d", args, {}, [d.arr(shape, dt)], dt)


@family
def linear_like(d: Draw):
    kind = d.c("Linear", "Bilinear", "Identity", "Flatten", "Unflatten", "LazyLinear", "F.linear", "F.bilinear")
    dt = d.dtype()
    fin, fout = d.i(0, 3) if d.p(0.1) else d.i(1, 3), d.i(1, 3)
    batch = tuple(d.i(0 if d.p(0.1) else 1, 3) for _ in range(d.i(0, 2)))
    if kind in ("Linear", "LazyLinear"):
        x = d.arr(batch + (fin if not d.p(0.06) else fin + 1,), dt)
        if d.p(0.05):
            x = (x * 3).astype(np.int64)
        args = (fin, fout) if kind == "Linear" else (fout,)
        return _mod_prog("", kind, args, dict(bias=d.p(0.7)), [x], dt)
    if kind == "Bilinear":
        f2 = d.i(1, 3)
        x1, x2 = d.arr(batch + (fin,), dt), d.arr(batch + (f2 if not d.p(0.06) else f2 + 1,), dt)
        return _mod_prog("", kind, (fin, f2, fout), dict(bias=d.p(0.7)), [x1, x2], dt)
    if kind == "F.linear":
        w = d.arr(d.c((fout, fin), (fin,)), dt)
        b = d.c(None, d.arr((fout,), dt), d.arr((), dt))
        return _fn_prog("", "linear", [d.arr(batch + (fin,), dt), w, b], {})
    if kind == "F.bilinear":
        f2 = d.i(1, 3)
        return _fn_prog("", "bilinear", [d.arr(batch + (fin,), dt), d.arr(batch + (f2,), dt), d.arr((fout, fin, f2), dt), d.c(None, d.arr((fout,), dt))], {})
    shape = tuple(d.i(1, 3) for _ in range(d.i(0, 4)))
    x = d.arr(shape, dt)
    if kind == "Flatten":
        return _mod_prog("", kind, (), dict(start_dim=d.i(-2, 2), end_dim=d.i(-2, 2)), [x], dt)
    if kind == "Unflatten":
        dim = d.i(-1, 1)
        n = shape[dim] if shape and -len(shape) <= dim < len(shape) else 2
        sizes = d.c((n, 1), (1, n), (-1, 1), (n + 1,), (-1, -1))
        return _mod_prog("", kind, (dim, sizes), {}, [x], dt)
    return _mod_prog("", kind, (3,), dict(k=1), [x], dt)


@family
def ctc(d: Draw):
    dt = d.dtype()
    T_, N, C = d.i(1, 6), d.i(1, 3), d.i(2, 5)
    blank = d.c(0, 0, C - 1, C if d.p(0.05) else 0)
    batched = d.p(0.8)
    lp = d.arr((T_, N, C) if batched else (T_, C), dt)
    lp = lp - np.log(np.exp(lp).sum(-1, keepdims=True))
    nb = N if batched else 1
    tl = np.asarray([d.i(0, min(T_, 4)) for _ in range(nb)], dtype=np.int64)
    il = np.asarray([d.i(max(1, int(t)), T_) for t in tl], dtype=np.int64)
    labels = [c for c in range(C) if c != blank] or [1]
    fmt = d.c("padded", "concat")
    if fmt == "padded" or not batched:
        S = max(int(tl.max()), 1)
        tg = d.rng.choice(labels, size=(nb, S)) if batched else d.rng.choice(labels, size=(S,))
    else:
        tg = d.rng.choice(labels, size=(int(tl.sum()),))
    tg = np.asarray(tg, dtype=np.int64)
    if d.p(0.1):
        tg = tg.astype(np.int32)
    if d.p(0.1):
        il = il + 1  # (past the input's length: torch's error)
    kw = dict(blank=blank, reduction=d.c("mean", "sum", "none"), zero_infinity=d.p(0.5))
    as_tensor = d.p(0.7)
    lens = (il, tl) if as_tensor else (il.tolist(), tl.tolist())
    if not batched:
        lens = (il[0:1].reshape(()), tl[0:1].reshape(())) if as_tensor else (il.tolist(), tl.tolist())
    functional = d.p(0.3)

    def run(T):
        x = tens(T, lp, True)
        ls = [tens(T, v) if isinstance(v, np.ndarray) else v for v in lens]
        if functional:
            out = T.nn.functional.ctc_loss(x, tens(T, tg), *ls, **kw)
        else:
            out = T.nn.CTCLoss(**kw)(x, tens(T, tg), *ls)
        return out, {"lp": x}, None

    return Prog(f"CTC({kw}) lp={lp.shape} tg={tg.shape} lens={lens} fn={functional}", run)


_REDUCED = ["l1_loss", "mse_loss", "smooth_l1_loss", "huber_loss", "soft_margin_loss", "binary_cross_entropy",
            "binary_cross_entropy_with_logits", "kl_div", "poisson_nll_loss", "hinge_embedding_loss",
            "cross_entropy", "nll_loss", "multilabel_soft_margin_loss", "multi_margin_loss", "multilabel_margin_loss",
            "margin_ranking_loss", "cosine_embedding_loss", "triplet_margin_loss", "gaussian_nll_loss",
            "triplet_margin_with_distance_loss"]


@family
def functional_loss(d: Draw):
    name = d.c(*_REDUCED)
    dt = d.dtype()
    N, C = d.i(0 if d.p(0.1) else 1, 3), d.i(1, 4)
    x, y = d.arr((N, C), dt), d.arr((N, C), dt)
    extra, kw = [], {}
    legacy = d.p(0.2)
    if legacy and name not in ("gaussian_nll_loss", "triplet_margin_with_distance_loss"):
        kw["size_average"], kw["reduce"] = d.c(None, True, False), d.c(None, True, False)
    else:
        kw["reduction"] = d.c("none", "mean", "sum", "batchmean" if name == "kl_div" else "mean", "bogus" if d.p(0.05) else "sum")
    if name in ("binary_cross_entropy",):
        x, y = d.arr((N, C), dt, lo=(0.05, 0.95)), d.arr((N, C), dt, lo=(0, 1))
    elif name in ("soft_margin_loss", "hinge_embedding_loss"):
        y = np.sign(y)
    elif name == "poisson_nll_loss":
        y = np.abs(y)
    elif name in ("cross_entropy", "nll_loss", "multi_margin_loss"):
        y = d.rng.integers(0, C, size=(N,))
    elif name == "multilabel_margin_loss":
        y = np.full((N, C), -1, dtype=np.int64)
        if C > 1 and N:
            y[:, 0] = d.i(0, C - 1)
    elif name == "multilabel_soft_margin_loss":
        y = (y > 0).astype(dt)
    elif name in ("margin_ranking_loss", "cosine_embedding_loss"):
        x, y = d.arr((N,) if name == "margin_ranking_loss" else (N, C), dt), d.arr((N,) if name == "margin_ranking_loss" else (N, C), dt)
        extra = [np.sign(d.arr((N,), dt))]
    elif name == "triplet_margin_loss" or name == "triplet_margin_with_distance_loss":
        extra = [d.arr((N, C), dt)]
        if name == "triplet_margin_with_distance_loss":
            kw["swap"] = d.p(0.5)
            kw["margin"] = d.c(1.0, 0.3)
    elif name == "gaussian_nll_loss":
        extra = [d.arr((N, C) if d.p(0.7) else (N, 1), dt, lo=(0.1, 1))]
        kw["full"] = d.p(0.5)
    inputs = [x, y] + extra
    return _fn_prog("", name, inputs, kw)


@family
def functional_norm(d: Draw):
    dt = d.dtype()
    name = d.c("batch_norm", "instance_norm", "layer_norm", "group_norm", "local_response_norm", "rms_norm")
    N, C = d.i(1, 3), d.i(1, 4)
    shape = (N, C) + tuple(d.i(1, 3) for _ in range(d.i(0, 2)))
    x = d.arr(shape, dt)
    kw = {}
    if name in ("batch_norm", "instance_norm"):
        rm = d.arr((C,), dt) if d.p(0.7) else None
        rv = np.abs(d.arr((C,), dt)) + 0.5 if (rm is not None or d.p(0.2)) else None
        kw = dict(weight=d.c(None, d.arr((C,), dt)), bias=d.c(None, d.arr((C,), dt)), eps=d.c(1e-5, 0.1), momentum=d.c(0.1, 0.5))
        if name == "batch_norm":
            kw["training"] = d.p(0.5) or rm is None
            inputs = [x, rm, rv]
        else:
            kw["use_input_stats"] = d.p(0.8)
            kw["running_mean"], kw["running_var"] = rm, rv
            inputs = [x]
        # (the running statistics are updated in place: compare them after the call)

        def run(T):
            F = T.nn.functional
            xt = tens(T, x, True)
            stats = {k: (tens(T, v) if isinstance(v, np.ndarray) else v) for k, v in kw.items()}
            if name == "batch_norm":
                rmt = tens(T, rm) if rm is not None else None
                rvt = tens(T, rv) if rv is not None else None
                out = F.batch_norm(xt, rmt, rvt, **stats)
                return (out, rmt, rvt), {"x": xt}, None
            out = F.instance_norm(xt, **stats)
            return (out, stats.get("running_mean"), stats.get("running_var")), {"x": xt}, None

        return Prog(f"F.{name}{shape} rm={rm is not None} rv={rv is not None} {[(k, getattr(v, 'shape', v)) for k, v in kw.items()]}", run)
    if name == "layer_norm":
        ns = shape[-d.i(1, len(shape)):]
        inputs = [x, ns]
        kw = dict(weight=d.c(None, d.arr(ns, dt)), bias=d.c(None, d.arr(ns, dt)), eps=d.c(1e-5, 0.1))
    elif name == "rms_norm":
        ns = shape[-d.i(1, len(shape)):]
        inputs = [x, list(ns)]
        kw = dict(weight=d.c(None, d.arr(ns, dt)), eps=d.c(None, 0.1))
    elif name == "group_norm":
        g = d.c(1, C, 2)
        inputs = [x, g]
        kw = dict(weight=d.c(None, d.arr((C,), dt)), bias=d.c(None, d.arr((C,), dt)), eps=d.c(1e-5, 0.1))
    else:
        inputs = [x, d.i(1, 3)]
        kw = dict(alpha=d.c(1e-4, 0.5), beta=d.c(0.75, 1.0), k=d.c(1.0, 2.0))
    return _fn_prog("", name, inputs, kw)


@family
def transformer_stack(d: Draw):
    dt = d.dtype()
    nh = d.i(1, 2)
    E = nh * d.i(1, 2) * 2
    which = d.c("Transformer", "TransformerEncoder", "TransformerDecoder")
    bf, nf = d.p(0.5), d.p(0.5)
    layer_kw = dict(dim_feedforward=d.i(2, 6), dropout=0.0, activation=d.c("relu", "gelu"), batch_first=bf, norm_first=nf, bias=d.p(0.8))
    L, S, N = d.i(1, 3), d.i(1, 3), d.i(1, 2)
    n_layers = d.i(1, 2)
    final_norm = d.p(0.5)
    batched = d.p(0.85)
    train = d.p(0.3)

    def shp(n):
        if not batched:
            return (n, E)
        return (N, n, E) if bf else (n, N, E)

    src, tgt = d.arr(shp(S), dt), d.arr(shp(L), dt)
    call = {}
    if d.p(0.3):
        call["src_key_padding_mask" if which != "TransformerDecoder" else "tgt_key_padding_mask"] = (
            d.rng.random((N, S if which != "TransformerDecoder" else L) if batched else (S if which != "TransformerDecoder" else L,)) < 0.3)
    if d.p(0.3) and which != "TransformerEncoder":
        call["tgt_mask"] = np.triu(np.full((L, L), -np.inf), 1).astype(dt)
        if d.p(0.5):
            call["tgt_is_causal"] = True
    if d.p(0.3) and which == "TransformerEncoder":
        call["mask"] = np.triu(np.full((S, S), -np.inf), 1).astype(dt)
        if d.p(0.5):
            call["is_causal"] = True
    if which == "TransformerEncoder" and "src_key_padding_mask" in call:
        call["src_key_padding_mask"] = call["src_key_padding_mask"]

    def run(T):
        nn = T.nn
        if which == "Transformer":
            m = nn.Transformer(E, nh, n_layers, n_layers, **layer_kw)
            args = (src, tgt)
        elif which == "TransformerEncoder":
            m = nn.TransformerEncoder(nn.TransformerEncoderLayer(E, nh, **layer_kw), n_layers,
                                      norm=nn.LayerNorm(E) if final_norm else None, enable_nested_tensor=False)
            args = (src,)
        else:
            m = nn.TransformerDecoder(nn.TransformerDecoderLayer(E, nh, **layer_kw), n_layers,
                                      norm=nn.LayerNorm(E) if final_norm else None)
            args = (tgt, src)
        m = m.to(getattr(T, dt)).train(train)
        xs = [tens(T, a, True) for a in args]
        kws = {k: (tens(T, v) if isinstance(v, np.ndarray) else v) for k, v in call.items()}
        out = m(*xs, **kws)
        return out, dict({f"in{i}": x for i, x in enumerate(xs)}, **dict(m.named_parameters())), m

    return Prog(f"{which} E={E} nh={nh} layers={n_layers} {layer_kw} in={src.shape},{tgt.shape} call={list(call)}", run)


@family
def grid(d: Draw):
    dt = d.dtype()
    nd = d.c(2, 2, 3)
    N, C = d.i(1, 2), d.i(1, 2)
    ac = d.c(True, False, None)
    if d.p(0.4):
        theta = d.arr((N, nd, nd + 1), dt) * 0.5
        size = (N, C) + tuple(d.i(1, 4) for _ in range(nd))
        if d.p(0.05):
            size = size[:-1]
        return _fn_prog("", "affine_grid", [theta, list(size)], dict(align_corners=ac))
    spatial = tuple(d.i(1, 4) for _ in range(nd))
    x = d.arr((N, C) + spatial, dt)
    out_sp = tuple(d.i(1, 3) for _ in range(nd))
    g = d.arr((N,) + out_sp + (nd,), dt) * 0.8
    if d.p(0.2):
        g = g * 2  # (out of range: padding modes matter)
    mode = d.c("bilinear", "nearest", "bicubic" if nd == 2 else "bilinear")
    return _fn_prog("", "grid_sample", [x, g], dict(mode=mode, padding_mode=d.c("zeros", "border", "reflection"), align_corners=ac))


@family
def unpool(d: Draw):
    dt = d.dtype()
    nd = d.i(1, 3)
    k = d.c(2, 3)
    st = d.c(None, 1, 2)
    pad = d.c(0, 1) if k > 2 else 0
    spatial = tuple(d.i(k, k + 3) for _ in range(nd))
    shape = (d.i(1, 2), d.i(1, 2)) + spatial
    if d.p(0.2):
        shape = shape[1:]
    x = d.arr(shape, dt)
    given_size = d.p(0.3)

    def run(T):
        nn = T.nn
        pool = getattr(nn, f"MaxPool{nd}d")(k, st, pad, return_indices=True)
        un = getattr(nn, f"MaxUnpool{nd}d")(k, st, pad)
        xt = tens(T, x, True)
        out, idx = pool(xt)
        osz = xt.shape if given_size else None
        return (un(out, idx, output_size=osz), idx), {"x": xt}, None

    return Prog(f"MaxUnpool{nd}d(k={k}, s={st}, p={pad}) in={shape} size={given_size}", run)


@family
def resample_modules(d: Draw):
    dt = d.dtype()
    which = d.c("Fold", "Unfold", "PixelShuffle", "PixelUnshuffle", "UpsamplingNearest2d", "UpsamplingBilinear2d", "Upsample")
    if which == "Unfold":
        x = d.arr((d.i(1, 2), d.i(1, 2), d.i(2, 5), d.i(2, 5)), dt)
        return _mod_prog("", which, (d.c(1, 2, (2, 1)),), dict(dilation=d.c(1, 2), padding=d.c(0, 1), stride=d.c(1, 2)), [x], dt)
    if which == "Fold":
        osz, k = (d.i(2, 5), d.i(2, 5)), d.c(1, 2)
        L = (osz[0] - k + 1) * (osz[1] - k + 1)
        x = d.arr((d.i(1, 2), d.i(1, 2) * k * k, L if not d.p(0.1) else L + 1), dt)
        return _mod_prog("", which, (osz, k), {}, [x], dt)
    if which in ("PixelShuffle", "PixelUnshuffle"):
        r = d.i(1, 3)
        c = d.i(1, 2)
        x = d.arr((d.i(1, 2), c * r * r, d.i(1, 3), d.i(1, 3)) if which == "PixelShuffle" else (d.i(1, 2), c, r * d.i(1, 2), r * d.i(1, 2)), dt)
        if d.p(0.1):
            x = x[0]
        return _mod_prog("", which, (r,), {}, [x], dt)
    x = d.arr((d.i(1, 2), d.i(1, 2), d.i(1, 4), d.i(1, 4)), dt)
    if which == "Upsample":
        nd = d.i(1, 3)
        x = d.arr((d.i(1, 2), d.i(1, 2)) + tuple(d.i(1, 4) for _ in range(nd)), dt)
        mode = d.c("nearest", "nearest-exact", {1: "linear", 2: "bilinear", 3: "trilinear"}[nd], "bicubic" if nd == 2 else "nearest")
        kw = dict(mode=mode)
        if mode not in ("nearest", "nearest-exact"):
            kw["align_corners"] = d.c(None, True, False)
        if d.p(0.5):
            kw["size"] = d.c(d.i(1, 6), tuple(d.i(1, 6) for _ in range(nd)))
        else:
            kw["scale_factor"] = d.c(2, 1.5, 0.6, tuple(d.c(2.0, 0.5) for _ in range(nd)))
            kw["recompute_scale_factor"] = d.c(None, True, False)
        return _mod_prog("", which, (), kw, [x], dt)
    kw = dict(size=(d.i(1, 6), d.i(1, 6))) if d.p(0.5) else dict(scale_factor=d.c(2, 3, 1.5))
    return _mod_prog("", which, (), kw, [x], dt)


@family
def norm_modes(d: Draw):
    """BatchNorm/InstanceNorm through train -> eval -> train, with running stats kept or not,
    num_batches_tracked and momentum None (cumulative average); and dtype mixes."""
    dt = d.dtype()
    kind = d.c("BatchNorm", "InstanceNorm")
    nd = d.i(1, 3)
    C = d.i(1, 3)
    kw = dict(affine=d.p(0.6), track_running_stats=d.p(0.7), momentum=d.c(0.1, None, 0.5))
    shape = (d.i(1 if kind == "InstanceNorm" else 2, 3), C) + tuple(d.i(1, 3) for _ in range(nd if (kind == "InstanceNorm" or nd > 1) else d.i(0, 1)))
    steps = [d.c("train", "eval") for _ in range(d.i(2, 4))]
    xs = [d.arr(shape, dt) for _ in steps]
    xdt = d.c(dt, dt, dt, "float32" if dt == "float64" else "float64")

    def run(T):
        m = getattr(T.nn, f"{kind}{nd}d")(C, **kw).to(getattr(T, dt))
        outs, targets = [], {}
        for i, (s, a) in enumerate(zip(steps, xs)):
            m.train(s == "train")
            x = tens(T, a.astype(xdt), True)
            targets[f"x{i}"] = x
            outs.append(m(x))
        return outs, dict(targets, **dict(m.named_parameters())), m

    return Prog(f"{kind}{nd}d({C}, {kw}) steps={steps} in={shape} {dt}->{xdt}", run)


@family
def embedding_bag_functional(d: Draw):
    dt = d.dtype()
    num, dim = d.i(2, 5), d.i(1, 3)
    w = d.arr((num, dim), dt)
    mode = d.c("sum", "mean", "max")
    two_d = d.p(0.5)
    if two_d:
        idx = d.rng.integers(0, num, size=(d.i(0 if d.p(0.1) else 1, 3), d.i(1, 3)))
        offs = None
    else:
        n = d.i(0, 6)
        idx = d.rng.integers(0, num, size=(n,))
        offs = np.sort(d.rng.integers(0, n + 1, size=(d.i(1, 3),)))
        offs[0] = 0
    kw = dict(mode=mode, padding_idx=d.c(None, 0, num - 1), max_norm=d.c(None, None, 1.0))
    if mode == "sum" and d.p(0.4):
        kw["per_sample_weights"] = d.arr(idx.shape, dt)
    if offs is not None:
        kw["offsets"] = offs
        kw["include_last_offset"] = False
    return _fn_prog("", "embedding_bag", [idx, w], kw)


# ----------------------------------------------------------------------------- in place

_INPLACE = {"relu_": {}, "elu_": {"alpha": 1.0}, "celu_": {"alpha": 0.5}, "selu_": {},
            "hardtanh_": {"min_val": -0.5, "max_val": 0.5}, "leaky_relu_": {"negative_slope": 0.2},
            "rrelu_": {"training": False}, "threshold_": None}


@family
def inplace_functional(d: Draw):
    """The in-place functional forms (and inplace=True) on a non-leaf, a leaf that requires
    grad (refused), a view, and integers."""
    name = d.c(*_INPLACE)
    dt = d.dtype()
    shape = tuple(d.i(1, 3) for _ in range(d.i(0, 3)))
    a = d.arr(shape, dt) * 2
    how = d.c("nonleaf", "nonleaf", "leaf", "view", "int", "keyword")
    kw = dict(_INPLACE[name] or {})

    def run(T):
        F = T.nn.functional
        x = tens(T, a if how != "int" else (a * 3).astype(np.int64), how in ("nonleaf", "leaf", "view", "keyword"))
        y = x * 1 if how in ("nonleaf", "view", "keyword") else x
        if how == "view" and y.ndim:
            y = y[..., :1]
        args = (0.1, 20.0) if name == "threshold_" else ()
        if how == "keyword":
            out = getattr(F, name[:-1])(y, *args, inplace=True, **kw) if name != "rrelu_" else F.rrelu(y, inplace=True, training=False)
        else:
            out = getattr(F, name)(y, *args, **kw)
        return (out, y), ({"x": x} if x.requires_grad else {}), None

    return Prog(f"F.{name} {how} {shape} {dt}", run)


@family
def containers(d: Draw):
    """Containers' reprs, lengths, indexing and slicing, and their errors."""
    which = d.c("Sequential", "ModuleList", "ModuleDict", "ParameterList", "ParameterDict")
    n = d.i(0, 4)
    idx = d.c(0, -1, 1, n, -n - 1, slice(1, None), slice(None, None, -1), "a", 1.5)
    dims = [d.i(1, 3) for _ in range(n)]

    def run(T):
        nn = T.nn
        mods = [nn.Linear(k, 2) if k % 2 else nn.ReLU() for k in dims]
        if which == "Sequential":
            c = nn.Sequential(*mods)
        elif which == "ModuleList":
            c = nn.ModuleList(mods)
        elif which == "ModuleDict":
            c = nn.ModuleDict({f"m{i}": m for i, m in enumerate(mods)})
        elif which == "ParameterList":
            c = nn.ParameterList([nn.Parameter(T.ones(k)) for k in dims])
        else:
            c = nn.ParameterDict({f"p{i}": nn.Parameter(T.ones(k)) for i, k in enumerate(dims)})
        got = [repr(c), str(len(c)), str(sorted(c.state_dict()))]
        key = f"m{idx}" if which == "ModuleDict" and isinstance(idx, int) else (
            f"p{idx}" if which == "ParameterDict" and isinstance(idx, int) else idx)
        try:
            item = c[key]
            got.append(repr(item) if not isinstance(item, T.Tensor) else str(tuple(item.shape)))
        except Exception as e:  # noqa: BLE001
            got.append(f"{type(e).__name__}: {e}")
        return got, {}, None

    return Prog(f"{which} n={n} [{idx!r}]", run, backward=False)


if __name__ == "__main__":
    sys.argv[0] = "fuzz_nn_round2.py"
    H.main()
