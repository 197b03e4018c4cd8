"""The convolution's gradient kernel on Tensors: torch's `convolution_backward(grad, input,
weight, ...)`, whose outputs a gradient taken with create_graph=True carries as
ConvolutionBackwardBackward0.

torch computes the three gradients in one node; here each is an op of its own under that
name (as ember gives each output of a multi-output op its own node): the input's
(`convolution_input_grad`, below), the weight's (`convolution_weight` in ops/nn_conv.py)
and the bias's (`convolution_bias_grad`). Like torch's node, the input's and the bias's
take the input and the weight as inputs as well, so the gradient requires grad whenever
they do; the derivative for a value read only for its shape is None (no gradient flows
there; torch's double backward leaves it undefined too). And like torch's node, each keeps
its three inputs whatever gradient is wanted: one written in place after the forward makes
the backward refuse.

Only the formula's Tensor path records these ops (ops/nn_conv.py); on arrays it computes
the same values directly.
"""

from __future__ import annotations

from .._dispatch import apply
from ..autograd import forward_ad as _fw
from . import _xp as xp
from ._registry import SAME, declare, needs_grad
from .nn_conv import _convolution, _cut_to, _input_output_padding

__all__ = ["convolution_input_grad", "convolution_bias_grad"]


# ---------------------------------------------------------------------- the input's gradient
@declare("convolution_input_grad", grad_fn="ConvolutionBackwardBackward0", saves=(0, 1, 2),
         dtype=SAME,
         formula="gx(g, w) = J_w^T g, J_w the convolution's map x -> conv(x, w): a transposed "
                 "convolution (a convolution for a transposed one); d/dg = conv(gg, w); "
                 "d/dw = the weight gradient at input gg; d/dx: none (x gives only a shape)")
def _input_grad(g, x, w, stride, padding, dilation, transposed, output_padding, groups):
    nd = len(stride)
    if transposed:
        gx = _convolution.forward(g, w, None, stride, padding, dilation, False, (0,) * nd, groups)
        return _cut_to(gx, x).copy() if gx.shape != x.shape else gx
    extra = _input_output_padding(x.shape[2:], g.shape[2:], w.shape[2:], stride, padding,
                                  dilation)
    return _convolution.forward(g, w, None, stride, padding, dilation, True, extra, groups)


@_input_grad.backward
def _(ctx, gg):
    g, _, w = ctx.saved
    stride, padding, dilation, transposed, output_padding, groups = ctx.params
    grad_g = grad_w = None
    if needs_grad(ctx, 0):  # gx is linear in g: its adjoint is the convolution itself
        grad_g = xp.op("convolution", (gg, w, None), *ctx.params)
    if needs_grad(ctx, 2):  # <gg, gx(g, w)> = <conv(gg, w), g>: the weight gradient at gg
        a, b = (g, gg) if transposed else (gg, g)
        grad_w = xp.op("convolution_weight", (a, b, None), tuple(w.shape), stride, padding,
                       dilation, groups)
    return grad_g, None, grad_w


@_input_grad.tangent
def _(ctx, t_g, t_x, t_w):
    """Bilinear in (g, w); x is read for its shape alone (its tangent left out)."""
    total = _fw.multilinear(ctx, t_g, None, t_w, constant=(1,))
    return ctx.zeros() if total is None else total


def convolution_input_grad(g, x, w, params: tuple):
    """The convolution's input gradient, recorded (ConvolutionBackwardBackward0)."""
    return apply(_input_grad, (g, x, w), params)


# ---------------------------------------------------------------------- the bias's gradient
@declare("convolution_bias_grad", grad_fn="ConvolutionBackwardBackward0", saves=(0, 1, 2),
         dtype=SAME,
         formula="gb = sum of g over the batch and positions; d/dg = gg spread over them; "
                 "d/dx, d/dw: none (they give only shapes)")
def _bias_grad(g, x, w, g_shape):
    return g.sum(axis=(0,) + tuple(range(2, g.ndim)))


@_bias_grad.backward
def _(ctx, gg):
    ctx.saved  # noqa: B018 - unpacked for the version check alone, as torch's node does
    (g_shape,) = ctx.params
    grad_g = None
    if needs_grad(ctx, 0):
        grad_g = xp.expand(xp.reshape(gg, (1, -1) + (1,) * (len(g_shape) - 2)), g_shape)
    return grad_g, None, None


@_bias_grad.tangent
def _(ctx, t_g, t_x, t_w):
    return ctx.zeros() if t_g is None else ctx.run(t_g, *ctx.inputs[1:])


def convolution_bias_grad(g, x, w):
    """The bias gradient, recorded (ConvolutionBackwardBackward0); g's shape rides as a
    param (the formula reads no saved value; they are kept for torch's checks)."""
    return apply(_bias_grad, (g, x, w), (tuple(g.shape),))
