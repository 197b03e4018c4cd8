"""Convolution and pooling cases, recorded from torch 2.13.

Each functional case runs conv/conv_transpose/unfold/fold or a pooling function over a
grid of options (stride, padding, 'same'/'valid', dilation, groups, output_padding, bias;
kernel, stride, padding, dilation, ceil_mode, count_include_pad, divisor_override,
return_indices, adaptive sizes), prints the result's dtype, shape and grad_fn name, and
records the values and the gradients with respect to every input as one flat `result`.
Further cases pin grad_fn chains (unbatched and 1-d forms), second derivatives, module
reprs, parameter names and shapes, lazy modules, padding modes, and torch's errors.

Inputs are deterministic expressions (sines of an arange), so torch and ember start from
the same numbers. Ids start with ``conv_`` or ``pool_``.
"""

from __future__ import annotations

_PRELUDE = '''\
import warnings
warnings.simplefilter("ignore")
F = torch.nn.functional
def values(*shape, scale=1.0, offset=0.1, dtype=torch.float32):
    n = 1
    for s in shape:
        n *= s
    base = torch.arange(float(n), dtype=torch.float64) * 0.737 + offset
    return (base.sin() * scale).to(dtype).reshape(shape)
def report(out, inputs):
    print(out.dtype, tuple(out.shape), type(out.grad_fn).__name__)
    weights = torch.linspace(0.5, 1.5, out.numel(), dtype=out.dtype).reshape(out.shape)
    grads = torch.autograd.grad(out, inputs, weights)
    return [out.detach().reshape(-1)] + [g.reshape(-1) for g in grads]
parts = []
'''

_END = "result = torch.cat(parts)\n"


def _case(body: str) -> str:
    return _PRELUDE + body + _END


# ---------------------------------------------------------------------- convolutions
# (id, input shape, weight shape, bias, keywords, function)
_CONVS = [
    ("2d_plain", (2, 3, 6, 5), (4, 3, 3, 3), True, "", "conv2d"),
    ("2d_stride_pad", (2, 3, 7, 6), (4, 3, 3, 2), True, "stride=2, padding=1", "conv2d"),
    ("2d_tuple_options", (1, 4, 8, 7), (6, 2, 2, 3), True,
     "stride=(2, 1), padding=(1, 2), dilation=(2, 1), groups=2", "conv2d"),
    ("2d_same_odd", (2, 2, 5, 5), (3, 2, 3, 3), True, "padding='same'", "conv2d"),
    ("2d_same_even", (2, 2, 5, 6), (3, 2, 4, 2), False, "padding='same'", "conv2d"),
    ("2d_same_dilated", (1, 2, 7, 7), (2, 2, 3, 2), True, "padding='same', dilation=2",
     "conv2d"),
    ("2d_valid", (2, 2, 5, 5), (3, 2, 3, 3), False, "padding='valid'", "conv2d"),
    ("2d_depthwise", (2, 4, 5, 5), (8, 1, 3, 3), True, "padding=1, groups=4", "conv2d"),
    ("2d_pointwise", (2, 4, 5, 5), (3, 4, 1, 1), True, "", "conv2d"),
    ("2d_unbatched", (3, 6, 5), (2, 3, 3, 3), True, "padding=1", "conv2d"),
    ("1d_plain", (2, 3, 9), (4, 3, 3), True, "stride=2, padding=1", "conv1d"),
    ("1d_same_even", (2, 3, 9), (2, 3, 4), True, "padding='same', dilation=3", "conv1d"),
    ("1d_groups", (2, 4, 8), (6, 2, 3), False, "groups=2, dilation=2", "conv1d"),
    ("1d_unbatched", (3, 8), (2, 3, 3), True, "", "conv1d"),
    ("3d_plain", (1, 2, 4, 5, 4), (3, 2, 2, 3, 2), True, "stride=(1, 2, 1), padding=1",
     "conv3d"),
    ("t2d_plain", (2, 3, 4, 4), (3, 2, 3, 3), True, "", "conv_transpose2d"),
    ("t2d_stride", (2, 4, 3, 4), (4, 3, 3, 2), True,
     "stride=2, padding=1, output_padding=1", "conv_transpose2d"),
    ("t2d_groups_dilation", (1, 4, 3, 3), (4, 2, 2, 3), True,
     "stride=(2, 3), groups=2, dilation=(2, 1), output_padding=(1, 0)", "conv_transpose2d"),
    ("t2d_unbatched", (3, 3, 3), (3, 2, 2, 2), False, "stride=2", "conv_transpose2d"),
    ("t1d_plain", (2, 3, 5), (3, 2, 4), True, "stride=3, padding=2, output_padding=1",
     "conv_transpose1d"),
    ("t3d_plain", (1, 2, 2, 3, 2), (2, 2, 2, 2, 2), True, "stride=2", "conv_transpose3d"),
]


def _dims(shape: tuple[int, ...]) -> str:
    return ", ".join(str(s) for s in shape)


def _conv_cases() -> list[tuple[str, str]]:
    cases = []
    for name, x_shape, w_shape, bias, keywords, function in _CONVS:
        for dtype in ("float32", "float64"):
            out_channels = w_shape[1] * (2 if "groups=2" in keywords else 1) \
                if function.startswith("conv_transpose") else w_shape[0]
            lines = [f"x = values({_dims(x_shape)}, dtype=torch.{dtype}).requires_grad_()",
                     f"w = values({_dims(w_shape)}, offset=0.5, dtype=torch.{dtype})"
                     ".requires_grad_()"]
            inputs = "[x, w]"
            b = "None"
            if bias:
                lines.append(f"b = values({out_channels}, offset=1.3, dtype=torch.{dtype})"
                             ".requires_grad_()")
                inputs, b = "[x, w, b]", "b"
            extra = f", {keywords}" if keywords else ""
            lines.append(f"parts += report(F.{function}(x, w, {b}{extra}), {inputs})")
            cases.append((f"conv_{name}_{dtype}", _case("\n".join(lines) + "\n")))
    return cases


_UNFOLD_CASES = [
    ("conv_unfold", _case("x = values(2, 3, 5, 6).requires_grad_()\n"
                          "parts += report(F.unfold(x, (2, 3), dilation=(1, 2), padding=1, "
                          "stride=(2, 1)), [x])\n"
                          "parts += report(F.unfold(x[0], 2), [x])\n")),
    ("conv_fold", _case("c = values(2, 12, 12).requires_grad_()\n"
                        "parts += report(F.fold(c, (3, 4), 2, padding=(1, 0)), [c])\n"
                        "parts += report(F.fold(c[0, :6, :4], (5, 5), (2, 3), "
                        "stride=(3, 2)), [c])\n"
                        "parts += report(F.fold(c[:, :6, :4], (5, 5), (2, 3), stride=(3, 2)),"
                        " [c])\n")),
]


_SECOND_ORDER_CASES = [
    ("conv_second_order", _case(
        "x = values(2, 2, 5, 5, dtype=torch.float64).requires_grad_()\n"
        "w = values(3, 2, 3, 3, offset=0.5, dtype=torch.float64).requires_grad_()\n"
        "b = values(3, offset=1.3, dtype=torch.float64).requires_grad_()\n"
        "y = F.conv2d(x, w, b, stride=2, padding=1)\n"
        "gx, gw = torch.autograd.grad((y ** 2).sum(), [x, w], create_graph=True)\n"
        "print(type(gx.grad_fn).__name__ != 'NoneType', gw.requires_grad)\n"
        "hx, hw, hb = torch.autograd.grad((gx.sin().sum() + (gw ** 2).sum()), [x, w, b])\n"
        "parts += [gx.detach().reshape(-1), gw.detach().reshape(-1), hx.reshape(-1), "
        "hw.reshape(-1), hb.reshape(-1)]\n")),
    ("conv_transpose_second_order", _case(
        "x = values(1, 2, 3, 4, dtype=torch.float64).requires_grad_()\n"
        "w = values(2, 3, 2, 3, offset=0.5, dtype=torch.float64).requires_grad_()\n"
        "y = F.conv_transpose2d(x, w, stride=2, output_padding=1)\n"
        "gx, gw = torch.autograd.grad((y ** 3).sum(), [x, w], create_graph=True)\n"
        "hx, hw = torch.autograd.grad((gx * gx).sum() + gw.cos().sum(), [x, w])\n"
        "parts += [gx.detach().reshape(-1), gw.detach().reshape(-1), hx.reshape(-1), "
        "hw.reshape(-1)]\n")),
    ("pool_second_order", _case(
        "x = values(2, 2, 5, 6, dtype=torch.float64).requires_grad_()\n"
        "y = F.max_pool2d(x, 3, stride=2, padding=1) + F.avg_pool2d(x, 2, ceil_mode=True)"
        ".sum() + F.adaptive_avg_pool2d(x, (3, 4)).sum()\n"
        "(g,) = torch.autograd.grad((y ** 2).sum(), [x], create_graph=True)\n"
        "(h,) = torch.autograd.grad((g ** 2).sum(), [x])\n"
        "parts += [g.detach().reshape(-1), h.reshape(-1)]\n")),
]


_GRAPH_CASES = [
    ("conv_graph_names", """\
F = torch.nn.functional
x = torch.ones(2, 3, 6, requires_grad=True)
def chain(t):
    names, node = [], t.grad_fn
    while node is not None:
        names.append(type(node).__name__)
        node = node.next_functions[0][0] if node.next_functions else None
    print(names)
chain(F.conv1d(x, torch.ones(2, 3, 3)))
chain(F.conv1d(x[0], torch.ones(2, 3, 3)))
chain(F.conv1d(x, torch.ones(2, 3, 4), padding='same'))
chain(F.conv2d(x[None], torch.ones(2, 2, 3, 2), padding='same', dilation=(1, 3)))
chain(F.conv2d(x[None], torch.ones(2, 2, 3, 3)))
chain(F.conv_transpose1d(x, torch.ones(3, 2, 3)))
chain(torch.nn.Conv1d(3, 2, 3, padding=1, padding_mode='reflect')(x))
chain(torch.nn.Conv1d(3, 2, 3, padding=1, padding_mode='replicate')(x))
chain(torch.nn.Conv1d(3, 2, 3, padding='same', padding_mode='zeros')(x))
chain(F.max_pool1d(x, 2))
chain(F.max_pool1d(x, 2, return_indices=True)[0])
chain(F.max_pool2d(x, 2))
chain(F.avg_pool1d(x, 2))
chain(F.avg_pool2d(x, 2))
chain(F.adaptive_avg_pool1d(x, 3))
chain(F.adaptive_avg_pool1d(x, 1))
chain(F.adaptive_avg_pool2d(x, 1))
chain(F.adaptive_avg_pool2d(x, (1, 1)))
chain(F.adaptive_max_pool1d(x, 3))
chain(F.adaptive_max_pool2d(x, 2))
chain(F.unfold(x, 2))
chain(F.fold(torch.ones(2, 4, 6, requires_grad=True), (3, 4), 2))
chain(F.fold(torch.ones(4, 6, requires_grad=True), (3, 4), 2))
y, i = F.max_pool2d(x[None], 2, return_indices=True)
chain(F.max_unpool2d(y, i, 2))
print(i.dtype, i.requires_grad)
print(torch.conv2d(x[None], torch.ones(1, 2, 2, 2)).shape)
print(torch.max_pool1d(x, 3).shape, torch.avg_pool1d(x, 3).shape)
"""),
]


# ---------------------------------------------------------------------- pooling
_POOLS = [
    ("max_plain", (2, 3, 6, 7), "F.max_pool2d(x, 2)"),
    ("max_overlap", (2, 2, 7, 6), "F.max_pool2d(x, 3, stride=2, padding=1)"),
    ("max_ceil", (1, 2, 5, 5), "F.max_pool2d(x, 2, ceil_mode=True)"),
    ("max_ceil_pad", (1, 2, 6, 6), "F.max_pool2d(x, 3, stride=2, padding=1, ceil_mode=True)"),
    ("max_dilation", (2, 2, 7, 8),
     "F.max_pool2d(x, (2, 3), stride=(1, 2), padding=(1, 1), dilation=(3, 2))"),
    ("max_indices", (2, 2, 5, 6), "F.max_pool2d(x, 2, stride=1, return_indices=True)[0]"),
    ("max_unbatched", (3, 5, 5), "F.max_pool2d(x, 2)"),
    ("max_1d", (2, 3, 9), "F.max_pool1d(x, 3, stride=2, padding=1, ceil_mode=True)"),
    ("max_1d_dilation", (2, 3, 9), "F.max_pool1d(x, 2, dilation=3)"),
    ("max_1d_unbatched", (3, 7), "F.max_pool1d(x, 2)"),
    ("avg_plain", (2, 3, 6, 7), "F.avg_pool2d(x, 2)"),
    ("avg_ceil_pad", (1, 2, 6, 6), "F.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True)"),
    ("avg_exclude_pad", (1, 2, 6, 6),
     "F.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)"),
    ("avg_divisor", (2, 2, 5, 7),
     "F.avg_pool2d(x, (3, 2), stride=(2, 3), padding=(1, 1), divisor_override=5)"),
    ("avg_ceil_divisor", (1, 2, 5, 5),
     "F.avg_pool2d(x, 2, ceil_mode=True, divisor_override=3)"),
    ("avg_unbatched", (3, 5, 5), "F.avg_pool2d(x, 3, stride=1, padding=1)"),
    ("avg_1d", (2, 3, 9),
     "F.avg_pool1d(x, 4, stride=3, padding=2, ceil_mode=True, count_include_pad=False)"),
    ("adaptive_avg", (2, 3, 7, 9), "F.adaptive_avg_pool2d(x, (3, 4))"),
    ("adaptive_avg_grow", (2, 2, 3, 5), "F.adaptive_avg_pool2d(x, (5, 7))"),
    ("adaptive_avg_none", (2, 2, 5, 6), "F.adaptive_avg_pool2d(x, (None, 4))"),
    ("adaptive_avg_one", (2, 2, 5, 6), "F.adaptive_avg_pool2d(x, 1)"),
    ("adaptive_avg_1d", (2, 3, 10), "F.adaptive_avg_pool1d(x, 4)"),
    ("adaptive_max", (2, 3, 7, 9), "F.adaptive_max_pool2d(x, (3, 4))"),
    ("adaptive_max_grow", (2, 2, 3, 5), "F.adaptive_max_pool2d(x, (5, 7))"),
    ("adaptive_max_unbatched", (2, 5, 6), "F.adaptive_max_pool2d(x, 2)"),
    ("adaptive_max_1d", (2, 3, 10), "F.adaptive_max_pool1d(x, 4)"),
]


def _pool_cases() -> list[tuple[str, str]]:
    cases = []
    for name, shape, call in _POOLS:
        for dtype in ("float32", "float64"):
            body = (f"x = values({_dims(shape)}, dtype=torch.{dtype}).requires_grad_()\n"
                    f"parts += report({call}, [x])\n")
            cases.append((f"pool_{name}_{dtype}", _case(body)))
    return cases


_POOL_INDEX_CASES = [
    ("pool_indices", """\
F = torch.nn.functional
x = (torch.arange(2 * 2 * 6 * 7.0) * 0.737).sin().reshape(2, 2, 6, 7)
print(F.max_pool2d(x, 3, stride=2, padding=1, ceil_mode=True, return_indices=True)[1])
print(F.max_pool1d(x[0], 3, stride=2, dilation=2, return_indices=True)[1])
print(F.adaptive_max_pool2d(x, (4, 3), return_indices=True)[1])
print(F.adaptive_max_pool1d(x[0], 4, return_indices=True)[1])
t = torch.tensor([[[[1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 0.0]]]])
print(F.max_pool2d(t, 2, stride=1, return_indices=True))
y, i = F.max_pool2d(x, 2, return_indices=True)
print(F.max_unpool2d(y, i, 2, output_size=(6, 7)))
print(F.max_unpool2d(y, i, 2, output_size=(7, 7)).shape)
print(F.max_unpool2d(y[0], i[0], (2, 2), stride=2, output_size=(1, 2, 6, 7)).shape)
print(F.max_pool2d(x.long(), 2))
print(F.avg_pool2d(torch.arange(2 * 16).reshape(2, 1, 4, 4), 2))
print(F.max_pool2d(x.double(), 2).dtype, F.avg_pool2d(x.double(), 2).dtype)
print(F.max_pool2d(torch.tensor([[[[float('nan'), 1.0], [2.0, 3.0]]]]), 2))
print(F.adaptive_avg_pool2d(x, 0).shape)
print(F.max_unpool2d(y[0], i[0], (2, 2), stride=2, output_size=(2, 6, 7)).shape)
"""),
]


# ---------------------------------------------------------------------- modules
_MODULE_CASES = [
    ("conv_module_reprs", """\
nn = torch.nn
for m in [nn.Conv2d(3, 6, 5), nn.Conv1d(3, 6, 3, padding='same'),
          nn.Conv2d(4, 6, (3, 2), stride=2, padding=1, dilation=2, groups=2, bias=False,
                    padding_mode='reflect'),
          nn.Conv3d(2, 4, 3, padding='valid'), nn.ConvTranspose2d(4, 6, 3, stride=2,
          output_padding=1, groups=2), nn.ConvTranspose1d(4, 6, 3), nn.LazyConv2d(6, 3),
          nn.LazyConv1d(4, 2, stride=2)]:
    print(m)
    print([(n, tuple(p.shape)) for n, p in m.named_parameters()
           if not isinstance(p, nn.parameter.UninitializedParameter)])
    print(m.in_channels, m.out_channels, m.kernel_size, m.stride, m.padding, m.dilation,
          m.transposed, m.output_padding, m.groups, m.padding_mode)
print(nn.Conv2d(4, 6, 3, padding_mode='circular', padding=(1, 2))._reversed_padding_repeated_twice)
print(nn.Conv2d(4, 6, 4, padding='same')._reversed_padding_repeated_twice)
"""),
    ("pool_module_reprs", """\
nn = torch.nn
for m in [nn.MaxPool2d(2), nn.MaxPool2d(3, stride=2, padding=1, dilation=2, ceil_mode=True,
          return_indices=True), nn.MaxPool1d(3), nn.AvgPool2d(2),
          nn.AvgPool2d(3, 2, 1, ceil_mode=True, count_include_pad=False, divisor_override=3),
          nn.AvgPool1d(3), nn.AvgPool1d(3, 2, 1), nn.AdaptiveAvgPool2d((1, 1)),
          nn.AdaptiveAvgPool2d(3), nn.AdaptiveAvgPool1d(3),
          nn.AdaptiveMaxPool2d((2, None), return_indices=True), nn.AdaptiveMaxPool1d(2),
          nn.MaxUnpool2d(2), nn.MaxUnpool2d(3, 2, 1)]:
    print(m, list(m.parameters()))
"""),
    ("conv_module_lazy", """\
nn = torch.nn
m = nn.LazyConv2d(6, 3, padding=1)
print(m.weight, m.bias)
y = m(torch.ones(2, 4, 5, 5))
print(type(m).__name__, m, tuple(m.weight.shape), tuple(m.bias.shape), tuple(y.shape))
m = nn.LazyConv1d(4, 2, bias=False)
y = m(torch.ones(3, 7))
print(type(m).__name__, m, tuple(m.weight.shape), m.bias, tuple(y.shape))
"""),
    ("conv_module_forward", _case("""\
nn = torch.nn
for m, shape in [(nn.Conv2d(3, 4, 3, stride=2, padding=1), (2, 3, 6, 5)),
                 (nn.Conv2d(2, 4, (3, 2), padding='same', groups=2), (1, 2, 5, 6)),
                 (nn.Conv1d(2, 3, 3, padding=2, dilation=2, bias=False), (2, 2, 7)),
                 (nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1), (1, 3, 3, 4)),
                 (nn.ConvTranspose1d(2, 4, 3, stride=2, groups=2), (2, 2, 5))]:
    with torch.no_grad():
        for i, p in enumerate(m.parameters()):
            p.copy_(values(*p.shape, offset=0.3 * i))
    x = values(*shape).requires_grad_()
    parts += report(m(x), [x, *m.parameters()])
m = nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1)
with torch.no_grad():
    for i, p in enumerate(m.parameters()):
        p.copy_(values(*p.shape, offset=0.3 * i))
x = values(1, 3, 3, 4).requires_grad_()
parts += report(m(x, output_size=(6, 8)), [x])
""")),
    ("conv_module_padding_modes", _case("""\
nn = torch.nn
for mode in ['reflect', 'replicate', 'circular', 'zeros']:
    for padding in [1, (2, 1), 'same']:
        m = nn.Conv2d(2, 3, (3, 4), padding=padding, padding_mode=mode)
        with torch.no_grad():
            for i, p in enumerate(m.parameters()):
                p.copy_(values(*p.shape, offset=0.3 * i))
        x = values(2, 2, 5, 6).requires_grad_()
        y = m(x)
        print(mode, padding, tuple(y.shape))
        weights = torch.linspace(0.5, 1.5, y.numel()).reshape(y.shape)
        parts += [y.detach().reshape(-1), torch.autograd.grad(y, x, weights)[0].reshape(-1)]
m = nn.Conv1d(2, 2, 3, padding=2, padding_mode='circular')
with torch.no_grad():
    m.weight.copy_(values(2, 2, 3))
    m.bias.zero_()
parts += [m(values(1, 2, 5)).detach().reshape(-1)]
""")),
    ("conv_module_init", """\
nn = torch.nn
torch.manual_seed(0)
for m in [nn.Conv2d(3, 8, 5), nn.Conv1d(4, 6, 3, groups=2), nn.ConvTranspose2d(4, 6, 3, groups=2)]:
    fan_in = m.weight[0].numel() if not m.transposed else m.weight.shape[1] * m.weight[0, 0].numel()
    bound = 1 / fan_in ** 0.5
    print(bool(m.weight.abs().max() <= bound), bool(m.bias.abs().max() <= bound),
          bool(m.weight.abs().max() > bound / 2), m.weight.dtype, m.weight.requires_grad)
print(nn.Conv2d(2, 2, 3, dtype=torch.float64).weight.dtype)
"""),
    ("conv_module_errors", """\
nn = torch.nn
for build in [lambda: nn.Conv2d(4, 6, 3, groups=3), lambda: nn.Conv2d(4, 6, 3, groups=4),
              lambda: nn.Conv2d(4, 6, 3, stride=2, padding='same'),
              lambda: nn.Conv2d(4, 6, 3, groups=0),
              lambda: nn.ConvTranspose2d(4, 6, 3, padding_mode='reflect'),
              lambda: nn.Conv2d(4, 6, 3)(torch.ones(2, 3, 5, 5)),
              lambda: nn.ConvTranspose2d(3, 2, 3, stride=2)(torch.ones(1, 3, 3, 3),
                                                             output_size=(9, 9))]:
    try:
        build()
    except Exception as error:
        print(type(error).__name__, error)
"""),
]


# ---------------------------------------------------------------------- errors
_ERROR_SETUP = ("import warnings\nwarnings.simplefilter('ignore')\nF = torch.nn.functional\n"
                "x = torch.ones(2, 4, 6, 6)\nw = torch.ones(6, 2, 3, 3)\n")


def _error(statement: str) -> str:
    return (_ERROR_SETUP + "try:\n    " + statement + "\nexcept Exception as error:\n"
            "    print(type(error).__name__)\n    print(error)\nelse:\n    print('no error')\n")


_ERRORS = {
    "channels": "F.conv2d(x, torch.ones(6, 3, 3, 3))",
    "channels_groups": "F.conv2d(x, w, groups=1)",
    "rank_low": "F.conv2d(x[0, 0], w)",
    "rank_high": "F.conv2d(x[None], w)",
    "rank_1d": "F.conv1d(x, w[:, :, 0])",
    "rank_transposed": "F.conv_transpose2d(x[0, 0], torch.ones(4, 2, 3, 3))",
    "kernel_too_big": "F.conv2d(x, torch.ones(6, 4, 7, 7))",
    "kernel_too_big_dilated": "F.conv2d(x, torch.ones(6, 4, 3, 3), dilation=3)",
    "kernel_too_big_1d": "F.conv1d(x[:, :, 0], torch.ones(6, 4, 9), padding=1)",
    "groups_do_not_divide_channels": "F.conv2d(x, torch.ones(6, 4, 3, 3), groups=3)",
    "groups_do_not_divide_out": "F.conv2d(x, torch.ones(5, 2, 3, 3), groups=2)",
    "groups_zero": "F.conv2d(x, torch.ones(6, 4, 3, 3), groups=0)",
    "same_strided": "F.conv2d(x, torch.ones(6, 4, 3, 3), padding='same', stride=2)",
    "padding_string": "F.conv2d(x, torch.ones(6, 4, 3, 3), padding='foo')",
    "padding_negative": "F.conv2d(x, torch.ones(6, 4, 3, 3), padding=-1)",
    "stride_zero": "F.conv2d(x, torch.ones(6, 4, 3, 3), stride=0)",
    "dilation_zero": "F.conv2d(x, torch.ones(6, 4, 3, 3), dilation=0)",
    "stride_length": "F.conv2d(x, torch.ones(6, 4, 3, 3), stride=(1, 1, 1))",
    "padding_length": "F.conv2d(x, torch.ones(6, 4, 3, 3), padding=(1, 1, 1))",
    "weight_rank": "F.conv2d(x, torch.ones(6, 4, 3))",
    "bias_size": "F.conv2d(x, torch.ones(6, 4, 3, 3), torch.ones(5))",
    "bias_dtype": "F.conv2d(x, torch.ones(6, 4, 3, 3), torch.ones(6, dtype=torch.float64))",
    "weight_dtype": "F.conv2d(x, torch.ones(6, 4, 3, 3, dtype=torch.float64))",
    "input_dtype": "F.conv2d(x.double(), torch.ones(6, 4, 3, 3))",
    "transposed_channels": "F.conv_transpose2d(x, torch.ones(3, 2, 3, 3))",
    "transposed_bias": "F.conv_transpose2d(x, torch.ones(4, 2, 3, 3), torch.ones(3))",
    "transposed_output_padding": "F.conv_transpose2d(x, torch.ones(4, 2, 3, 3), "
                                 "output_padding=1)",
    "transposed_output_padding_1d": "F.conv_transpose1d(x[:, :, 0], torch.ones(4, 2, 3), "
                                    "output_padding=1)",
    "transposed_output_padding_negative": "F.conv_transpose2d(x, torch.ones(4, 2, 3, 3), "
                                          "output_padding=-1, stride=2)",
    "transposed_groups": "F.conv_transpose2d(x, torch.ones(4, 2, 3, 3), groups=3)",
    "transposed_padding_string": "F.conv_transpose2d(x, torch.ones(4, 2, 3, 3), "
                                 "padding='same')",
    "unfold_too_small": "F.unfold(x, 7)",
    "unfold_rank": "F.unfold(x[None], 2)",
    "unfold_kernel_length": "F.unfold(x, (2, 2, 2))",
    "fold_blocks": "F.fold(torch.ones(1, 12, 5), (3, 3), 2)",
    "fold_channels": "F.fold(torch.ones(1, 13, 4), (3, 3), 2)",
    "fold_rank": "F.fold(torch.ones(1, 12, 4, 1), (3, 3), 2)",
    "max_pool_padding": "F.max_pool2d(x, 2, padding=2)",
    "max_pool_padding_tuple": "F.max_pool2d(x, (2, 4), padding=(0, 3))",
    "max_pool_rank": "F.max_pool2d(x[0, 0], 2)",
    "max_pool_rank_high": "F.max_pool2d(x[None], 2)",
    "max_pool_too_small": "F.max_pool2d(x, 8)",
    "max_pool_stride_zero": "F.max_pool2d(x, 2, stride=0)",
    "max_pool_kernel_zero": "F.max_pool2d(x, 0, stride=1)",
    "max_pool_dilation_zero": "F.max_pool2d(x, 2, dilation=0)",
    "max_pool_kernel_length": "F.max_pool2d(x, (2, 3, 4))",
    "max_pool_stride_length": "F.max_pool2d(x, 2, stride=(1, 2, 3))",
    "max_pool_padding_length": "F.max_pool2d(x, 2, padding=(1, 2, 3))",
    "max_pool_empty_channels": "F.max_pool2d(torch.ones(2, 0, 4, 4), 2)",
    "max_pool1d_rank": "F.max_pool1d(x, 2)",
    "max_pool1d_padding": "F.max_pool1d(x[:, :, 0], 2, padding=2)",
    "max_pool1d_too_small": "F.max_pool1d(x[:, :, 0], 8)",
    "max_pool1d_kernel_zero": "F.max_pool1d(x[:, :, 0], 0, stride=1)",
    "max_pool1d_stride_zero": "F.max_pool1d(x[:, :, 0], 2, stride=0)",
    "avg_pool_padding": "F.avg_pool2d(x, 2, padding=2)",
    "avg_pool_too_small": "F.avg_pool2d(x, 8)",
    "avg_pool_rank": "F.avg_pool2d(x[0, 0], 2)",
    "avg_pool_rank_high": "F.avg_pool2d(x[None], 2)",
    "avg_pool_divisor_zero": "F.avg_pool2d(x, 2, divisor_override=0)",
    "avg_pool_stride_zero": "F.avg_pool2d(x, 2, stride=0)",
    "avg_pool1d_rank": "F.avg_pool1d(x, 2)",
    "avg_pool1d_kernel_length": "F.avg_pool1d(x[:, :, 0], (2, 2))",
    "avg_pool1d_too_small": "F.avg_pool1d(x[:, :, 0], 8)",
    "adaptive_avg_rank": "F.adaptive_avg_pool2d(x[0, 0], 2)",
    "adaptive_avg_rank_high": "F.adaptive_avg_pool2d(x[None], 2)",
    "adaptive_avg_size_length": "F.adaptive_avg_pool2d(x, (2, 2, 2))",
    "adaptive_avg_negative": "F.adaptive_avg_pool2d(x, -1)",
    "adaptive_avg_long": "F.adaptive_avg_pool2d(x.long(), 2)",
    "adaptive_avg1d_rank": "F.adaptive_avg_pool1d(x, 2)",
    "adaptive_max_rank": "F.adaptive_max_pool2d(x[0, 0], 2)",
    "adaptive_max_long": "F.adaptive_max_pool2d(x.long(), 2)",
    "adaptive_max1d_rank": "F.adaptive_max_pool1d(x, 2)",
    "unpool_index": "F.max_unpool2d(*F.max_pool2d(torch.arange(98.0).reshape(1, 2, 7, 7), 2, "
                    "return_indices=True), 2)",
    "unpool_output_size": "F.max_unpool2d(*F.max_pool2d(x, 2, return_indices=True), 2, "
                          "output_size=(9, 9))",
}

_ERROR_CASES = [(f"conv_error_{name}", _error(statement)) for name, statement in _ERRORS.items()]

CASES: list[tuple[str, str]] = [
    *_conv_cases(),
    *_UNFOLD_CASES,
    *_SECOND_ORDER_CASES,
    *_GRAPH_CASES,
    *_pool_cases(),
    *_POOL_INDEX_CASES,
    *_MODULE_CASES,
    *_ERROR_CASES,
]
