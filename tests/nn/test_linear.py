"""linear and bilinear: first and second derivatives against finite differences (float64),
over input ranks, with and without bias, on every code path of F.linear (addmm, flattened
addmm, matmul + add for non-contiguous inputs), and forward mode against reverse mode."""

from __future__ import annotations

import numpy as np
import pytest

import ember
import ember.nn.functional as F
from ember.autograd import gradcheck, gradgradcheck

_R = np.random.default_rng(7)


def _t(*shape: int) -> ember.Tensor:
    return ember.tensor(_R.standard_normal(shape), requires_grad=True)


LINEAR_INPUTS = {
    "1-d": lambda: _t(4),
    "2-d": lambda: _t(3, 4),
    "3-d": lambda: _t(2, 3, 4),
    "4-d": lambda: _t(2, 1, 3, 4),
    "non-contiguous 3-d": lambda: _t(3, 2, 4).transpose(0, 1),
}


@pytest.mark.parametrize("bias", [True, False], ids=["bias", "no-bias"])
@pytest.mark.parametrize("make_input", LINEAR_INPUTS.values(), ids=LINEAR_INPUTS.keys())
def test_linear_first_and_second_derivatives(make_input, bias):
    inputs = (make_input(), _t(5, 4)) + ((_t(5),) if bias else ())
    assert gradcheck(F.linear, inputs)
    assert gradgradcheck(F.linear, inputs)


@pytest.mark.parametrize("shapes", [((3, 2), (3, 4)), ((2,), (4,)), ((2, 3, 2), (2, 3, 4))],
                         ids=["batch", "unbatched", "two batch dims"])
@pytest.mark.parametrize("bias", [True, False], ids=["bias", "no-bias"])
def test_bilinear_first_and_second_derivatives(shapes, bias):
    inputs = (_t(*shapes[0]), _t(*shapes[1]), _t(5, 2, 4)) + ((_t(5),) if bias else ())
    assert gradcheck(F.bilinear, inputs)
    assert gradgradcheck(F.bilinear, inputs)


def test_bilinear_equals_its_definition():
    x1, x2, w, b = _t(3, 2), _t(3, 4), _t(5, 2, 4), _t(5)
    expected = np.einsum("ni,kij,nj->nk", x1.detach().numpy(), w.detach().numpy(),
                         x2.detach().numpy()) + b.detach().numpy()
    np.testing.assert_allclose(F.bilinear(x1, x2, w, b).detach().numpy(), expected, rtol=1e-12)


def test_linear_forward_mode_matches_reverse_mode():
    from ember.func import jacfwd, jacrev

    x, w, b = _t(2, 3, 4).detach(), _t(5, 4).detach(), _t(5).detach()
    for argnums in (0, 1, 2):
        forward = jacfwd(F.linear, argnums=argnums)(x, w, b)
        reverse = jacrev(F.linear, argnums=argnums)(x, w, b)
        np.testing.assert_allclose(forward.numpy(), reverse.numpy(), rtol=1e-12)
