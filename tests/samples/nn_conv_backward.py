"""Samples for src/ember/ops/nn_conv_backward.py: the convolution's input and bias
gradients as recorded ops (ConvolutionBackwardBackward0).

A sample takes the gradient of a convolution for its input (or bias) with
create_graph=True, as a user does; its inputs are the incoming gradient g, then the
convolution's inputs. The references are the adjoints of tests/samples/nn_conv.py's loops.
"""

from __future__ import annotations

import ember
import ember.nn.functional as F
from tests.samples import Sample, rng
from tests.samples.backward_primitives import _cut
from tests.samples.nn_conv import (
    conv_reference,
    conv_transpose_reference,
    weight_gradient_reference,
)

_R = rng(59)


def gradient_for(forward, k: int):
    """fn(g, *args): the gradient of forward(*args) for args[k] at the cotangent g, taken
    with create_graph=True (cut from the inner graph when nothing outside requires
    grad)."""
    def fn(g, *args):
        outer = any(a.requires_grad for a in (g, *args))
        with ember.enable_grad():
            args = list(args)
            if not args[k].requires_grad:
                args[k] = args[k].clone().requires_grad_()
            (grad,) = ember.autograd.grad(forward(*args), args[k], g, create_graph=True)
        return grad if outer else _cut(grad)

    return fn


x2d = _R.standard_normal((2, 2, 5, 4))
w2d = _R.standard_normal((3, 2, 2, 3))
b3 = _R.standard_normal(3)
g2d = _R.standard_normal((2, 3, 2, 2))   # _strided(x2d, w2d)'s shape
x_t1 = _R.standard_normal((2, 2, 4))
w_t1 = _R.standard_normal((2, 3, 3))
g_t1 = _R.standard_normal((2, 3, 16))    # conv_transpose1d(x_t1, w_t1, stride=3, ...)


def _strided(x, w, b=None):
    return F.conv2d(x, w, b, stride=(2, 1), dilation=(2, 1))


SAMPLES: dict[str, list[Sample]] = {
    "convolution_input_grad": [
        Sample(gradient_for(_strided, 0), (g2d, x2d, w2d),
               lambda g, x, w: weight_gradient_reference(
                   lambda u: conv_reference(u, w, None, (2, 1), 0, (2, 1)), x.shape, g)),
        Sample(gradient_for(lambda x, w: F.conv_transpose1d(x, w, stride=3, output_padding=2,
                                                            dilation=2), 0),
               (g_t1, x_t1, w_t1),
               lambda g, x, w: weight_gradient_reference(
                   lambda u: conv_transpose_reference(u, w, None, 3, 0, 2, 1, 2), x.shape, g),
               note="a transposed convolution's input gradient: a convolution"),
    ],
    "convolution_bias_grad": [
        Sample(gradient_for(_strided, 2), (g2d, x2d, w2d, b3),
               lambda g, x, w, b: g.sum(axis=(0, 2, 3))),
    ],
}
