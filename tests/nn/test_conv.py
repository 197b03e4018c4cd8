"""Convolution modules and functions: shapes, parameter names and init, lazy modules,
padding modes, float32 kept, gradcheck through modules with padding modes, and checks of
the argument errors whose text holds a Python set (torch prints it in hash order, so the
reference cases cannot pin it)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import ember
import ember.nn as nn
import ember.nn.functional as F
from ember.autograd import gradcheck, gradgradcheck

_R = np.random.default_rng(11)


def _t(*shape: int, grad: bool = True) -> ember.Tensor:
    return ember.tensor(_R.standard_normal(shape), requires_grad=grad)


@pytest.mark.parametrize("layer, shape, out_shape", [
    (lambda: nn.Conv1d(3, 4, 3, stride=2, padding=1), (2, 3, 9), (2, 4, 5)),
    (lambda: nn.Conv2d(3, 6, 5), (2, 3, 12, 10), (2, 6, 8, 6)),
    (lambda: nn.Conv2d(4, 8, 3, padding="same", groups=4, dilation=2), (1, 4, 7, 6),
     (1, 8, 7, 6)),
    (lambda: nn.Conv3d(2, 3, (2, 3, 1), padding=(1, 0, 0)), (1, 2, 4, 5, 3), (1, 3, 5, 3, 3)),
    (lambda: nn.ConvTranspose1d(2, 4, 3, stride=2, output_padding=1), (2, 2, 5), (2, 4, 12)),
    (lambda: nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, groups=2), (1, 4, 3, 4),
     (1, 6, 5, 7)),
    (lambda: nn.ConvTranspose3d(2, 2, 2, stride=2), (1, 2, 2, 2, 3), (1, 2, 4, 4, 6)),
    (lambda: nn.Conv2d(3, 2, 3), (3, 5, 5), (2, 3, 3)),
])
def test_output_shapes_and_gradients(layer, shape, out_shape):
    module = layer()
    x = _t(*shape).float()
    y = module(x)
    assert tuple(y.shape) == out_shape
    assert y.dtype == ember.float32
    y.sum().backward()
    assert module.weight.grad.shape == module.weight.shape
    assert module.bias.grad.shape == module.bias.shape


def test_parameter_names_shapes_and_init_bounds():
    ember.manual_seed(0)
    conv = nn.Conv2d(4, 6, (3, 2), groups=2)
    assert [name for name, _ in conv.named_parameters()] == ["weight", "bias"]
    assert tuple(conv.weight.shape) == (6, 2, 3, 2)
    bound = 1 / math.sqrt(2 * 3 * 2)
    assert conv.weight.abs().max().item() <= bound
    assert conv.bias.abs().max().item() <= bound
    assert conv.weight.abs().max().item() > bound / 2  # uniform over the bound, not tiny
    transposed = nn.ConvTranspose2d(4, 6, 3, groups=2, bias=False)
    assert tuple(transposed.weight.shape) == (4, 3, 3, 3)
    assert transposed.bias is None
    assert [name for name, _ in transposed.named_parameters()] == ["weight"]
    assert nn.Conv1d(2, 2, 3, dtype=ember.float64).weight.dtype == ember.float64


def test_state_dict_round_trip():
    a, b = nn.Conv2d(3, 4, 3), nn.Conv2d(3, 4, 3)
    b.load_state_dict(a.state_dict())
    x = _t(1, 3, 5, 5, grad=False).float()
    np.testing.assert_array_equal(a(x).detach().numpy(), b(x).detach().numpy())
    assert list(a.state_dict()) == ["weight", "bias"]


@pytest.mark.parametrize("lazy, shape, becomes", [
    (lambda: nn.LazyConv1d(4, 3), (2, 3, 7), nn.Conv1d),
    (lambda: nn.LazyConv2d(6, 3, padding=1), (2, 5, 4, 4), nn.Conv2d),
    (lambda: nn.LazyConv2d(6, 3, groups=3, bias=False), (6, 5, 5), nn.Conv2d),
    (lambda: nn.LazyConv3d(2, 2), (1, 3, 3, 3, 3), nn.Conv3d),
])
def test_lazy_modules_infer_in_channels(lazy, shape, becomes):
    module = lazy()
    assert module.in_channels == 0
    y = module(_t(*shape, grad=False).float())
    assert type(module) is becomes
    channels = shape[1] if len(shape) == module.weight.ndim else shape[0]
    assert module.in_channels == channels
    assert module.weight.shape[1] == channels // module.groups
    assert y.shape[-len(shape) + 1] == module.out_channels or y.shape[0] == module.out_channels
    assert (module.bias is None) == (lazy().bias is None)


def _numpy_pad(x: np.ndarray, pads: list, mode: str) -> np.ndarray:
    widths = [(0, 0)] * (x.ndim - len(pads) // 2)
    for k in reversed(range(len(pads) // 2)):
        widths.append((pads[2 * k], pads[2 * k + 1]))
    return np.pad(x, widths, mode={"reflect": "reflect", "replicate": "edge",
                                   "circular": "wrap"}[mode])


@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
@pytest.mark.parametrize("padding", [1, (2, 1), "same"], ids=["1", "(2, 1)", "same"])
def test_padding_modes_pad_then_convolve(mode, padding):
    conv = nn.Conv2d(2, 3, (3, 4), padding=padding, padding_mode=mode).double()
    x = _t(2, 2, 5, 6)
    y = conv(x)
    padded = _numpy_pad(x.detach().numpy(), list(conv._reversed_padding_repeated_twice), mode)
    expected = F.conv2d(ember.tensor(padded), conv.weight, conv.bias).detach().numpy()
    np.testing.assert_allclose(y.detach().numpy(), expected, rtol=1e-12, atol=1e-12)
    assert gradcheck(lambda t: conv(t), (x,))


def test_second_derivatives_through_conv_and_transposed_conv():
    x, w, b = _t(1, 2, 5, 4), _t(4, 1, 2, 3), _t(4)
    assert gradgradcheck(lambda x, w, b: F.conv2d(x, w, b, stride=(2, 1), padding=1,
                                                 groups=2), (x, w, b))
    xt, wt = _t(1, 2, 3, 2), _t(2, 2, 2, 3)
    assert gradgradcheck(lambda x, w: F.conv_transpose2d(x, w, stride=2, groups=2,
                                                         output_padding=1), (xt, wt))


def test_forward_mode_matches_reverse_mode():
    import ember.autograd.forward_ad as fwAD

    x, w, b = _t(1, 2, 4, 4, grad=False), _t(3, 2, 2, 2, grad=False), _t(3, grad=False)
    tx, tw, tb = _t(1, 2, 4, 4, grad=False), _t(3, 2, 2, 2, grad=False), _t(3, grad=False)
    with fwAD.dual_level():
        y = F.conv2d(fwAD.make_dual(x, tx), fwAD.make_dual(w, tw), fwAD.make_dual(b, tb),
                     padding=1)
        tangent = fwAD.unpack_dual(y).tangent
    eps = 1e-6
    numeric = (F.conv2d(x + eps * tx, w + eps * tw, b + eps * tb, padding=1)
               - F.conv2d(x - eps * tx, w - eps * tw, b - eps * tb, padding=1)) / (2 * eps)
    np.testing.assert_allclose(tangent.numpy(), numeric.numpy(), rtol=1e-6, atol=1e-6)


def test_errors_whose_text_holds_a_set():
    with pytest.raises(ValueError, match=r"padding_mode must be one of \{.*'zeros'.*\}, but "
                                         r"got padding_mode='foo'"):
        nn.Conv2d(4, 6, 3, padding_mode="foo")
    with pytest.raises(ValueError, match=r"Invalid padding string 'foo', should be one of"):
        nn.Conv2d(4, 6, 3, padding="foo")


def test_same_padding_with_even_kernel_warns_as_torch():
    with pytest.warns(UserWarning, match="even kernel lengths"):
        F.conv1d(_t(1, 2, 6), _t(2, 2, 4), padding="same")


def test_conv_transpose_output_size_picks_output_padding():
    conv = nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1)
    x = _t(1, 3, 3, 4, grad=False).float()
    assert tuple(conv(x).shape) == (1, 2, 5, 7)
    assert tuple(conv(x, output_size=(6, 8)).shape) == (1, 2, 6, 8)
    assert tuple(conv(x, output_size=(1, 2, 6, 7)).shape) == (1, 2, 6, 7)


def test_unfold_then_fold_counts_each_position_once_per_block():
    x = ember.ones(1, 2, 4, 5)
    blocks = F.unfold(x, 2)
    counts = F.fold(blocks, (4, 5), 2).numpy()
    expected = np.ones((4, 5))
    expected[1:-1] *= 2
    expected[:, 1:-1] *= 2
    np.testing.assert_array_equal(counts[0, 0], expected)


def test_conv_is_one_matrix_product_per_call(monkeypatch):
    """The forward multiplies once (the windows are a strided view, copied once)."""
    calls = []
    original = np.matmul

    def counting(*args, **kwargs):
        calls.append(args[0].shape)
        return original(*args, **kwargs)

    import ember.ops.nn_conv as module

    monkeypatch.setattr(module.np, "matmul", counting)
    with ember.no_grad():
        F.conv2d(_t(4, 3, 8, 8, grad=False), _t(5, 3, 3, 3, grad=False), padding=1, groups=1)
        F.conv2d(_t(4, 4, 8, 8, grad=False), _t(6, 2, 3, 3, grad=False), groups=2)
    assert len(calls) == 2


def test_empty_batch_and_integer_inputs():
    x, w = _t(0, 4, 6, 6), _t(6, 2, 3, 3)
    y = F.conv2d(x, w, groups=2)
    assert tuple(y.shape) == (0, 6, 4, 4)
    y.sum().backward()
    assert w.grad.abs().sum().item() == 0 and tuple(x.grad.shape) == (0, 4, 6, 6)
    assert tuple(F.conv_transpose2d(_t(0, 4, 3, 3), _t(4, 2, 3, 3)).shape) == (0, 2, 5, 5)
    integers = F.conv2d(ember.arange(16).reshape(1, 1, 4, 4), ember.ones(1, 1, 2, 2,
                                                                         dtype=ember.int64))
    assert integers.dtype == ember.int64
    np.testing.assert_array_equal(integers.numpy()[0, 0],
                                  [[10, 14, 18], [26, 30, 34], [42, 46, 50]])


def test_non_contiguous_input():
    x = _t(2, 3, 7, 6).transpose(2, 3)
    w = _t(2, 3, 3, 3)
    expected = F.conv2d(x.contiguous(), w, stride=2, padding=1)
    np.testing.assert_allclose(F.conv2d(x, w, stride=2, padding=1).detach().numpy(),
                               expected.detach().numpy(), rtol=1e-12)


@pytest.mark.parametrize("stride, dilation, output_padding", [(1, 2, 1), (1, 3, 2), (2, 3, 2)])
def test_transposed_conv_input_gradient_has_the_input_shape(stride, dilation, output_padding):
    """output_padding below the dilation with stride 1 adds rows no input element reaches:
    the input gradient still has the input's shape (it crashed), and matches differences."""
    rng = np.random.default_rng(0)
    x = ember.tensor(rng.standard_normal((2, 2, 4, 5)), requires_grad=True)
    w = ember.tensor(rng.standard_normal((2, 3, 2, 2)), requires_grad=True)

    def f(x, w):
        return F.conv_transpose2d(x, w, stride=stride, dilation=dilation,
                                  output_padding=output_padding)

    assert ember.autograd.gradcheck(f, (x, w))
    assert ember.autograd.gradgradcheck(f, (x, w))


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_a_torch_saved_lenet_loads_and_gives_torchs_outputs():
    """The book's LeNet saved by torch (scripts/make_lenet_fixtures.py) loads into the same
    ember model and reproduces torch's logits, loss and a weight gradient."""
    from lenet import lenet  # examples/lenet.py: the book's model, as the script saves it

    net = lenet()
    state = ember.load(FIXTURES / "lenet.pt")
    assert list(state) == list(net.state_dict())
    net.load_state_dict(state)
    io = ember.load(FIXTURES / "lenet_io.pt")
    logits = net(io["input"])
    np.testing.assert_allclose(logits.detach().numpy(), io["logits"].numpy(), rtol=1e-5,
                               atol=1e-6)
    loss = F.cross_entropy(logits, ember.arange(4))
    np.testing.assert_allclose(loss.item(), io["loss"].item(), rtol=1e-6)
    loss.backward()
    np.testing.assert_allclose(net[0].weight.grad.numpy(), io["grad_conv1_weight"].numpy(),
                               rtol=1e-4, atol=1e-7)
