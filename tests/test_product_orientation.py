"""A product's operand gradients on arrays come out in the operand's layout, as torch's
mm_mat1_backward / mm_mat2_backward compute them: nn.Linear's weight (multiplied as
`weight.t()`) gets a gradient whose transpose is C-ordered, so AccumulateGrad copies it in
one sweep instead of transposing it. The values are the same products either way."""

from __future__ import annotations

import numpy as np
import pytest

import ember


def _seen_gradient(tensor: ember.Tensor) -> list:
    seen: list = []
    tensor.register_hook(lambda g: seen.append(g.detach().numpy().copy()) or None)
    tensor.register_hook(lambda g: seen.append(g._data) or None)
    return seen


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("form", ["mm", "addmm", "matmul_folded"])
@pytest.mark.parametrize("turn_a", [False, True])
@pytest.mark.parametrize("turn_b", [False, True])
@pytest.mark.parametrize("a_needs", [False, True])
def test_operand_gradients_take_the_operand_layout(dtype, form, turn_a, turn_b, a_needs):
    rng = np.random.default_rng(0)
    a_np = rng.standard_normal((6, 5)).astype(dtype)
    b_np = rng.standard_normal((5, 4)).astype(dtype)
    g_np = rng.standard_normal((6, 4)).astype(dtype)
    a_leaf = ember.tensor(a_np.T.copy() if turn_a else a_np, requires_grad=a_needs)
    b_leaf = ember.tensor(b_np.T.copy() if turn_b else b_np, requires_grad=True)
    a = a_leaf.t() if turn_a else a_leaf * 1 if a_needs else a_leaf
    b = b_leaf.t() if turn_b else b_leaf * 1
    seen_b = _seen_gradient(b)
    seen_a = _seen_gradient(a) if a_needs else None
    if form == "mm":
        out = ember.mm(a, b)
    elif form == "addmm":
        out = ember.addmm(ember.zeros(4, dtype=a.dtype), a, b)
    else:  # a 3-D input folded into rows: matmul's mm on the reshape (b's gradient only)
        out = ember.matmul(a.unsqueeze(0), b).squeeze(0)
    out.backward(ember.tensor(g_np))
    # The values: a^T g and g b^T, to rounding (the orientation may change the last bit).
    tolerance = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(seen_b[0], a_np.T @ g_np, rtol=tolerance, atol=tolerance)
    expected_b = (b_leaf.grad.numpy().T if turn_b else b_leaf.grad.numpy())
    np.testing.assert_allclose(expected_b, a_np.T @ g_np, rtol=tolerance, atol=tolerance)
    assert b_leaf.grad.numpy().flags.c_contiguous
    if form != "matmul_folded":  # (the folded matmul's b: its own node, checked below)
        assert seen_b[1].flags.f_contiguous == turn_b or seen_b[1].flags.c_contiguous
        if turn_b:
            assert seen_b[1].T.flags.c_contiguous
    if a_needs and form != "matmul_folded":
        np.testing.assert_allclose(seen_a[0], g_np @ b_np.T, rtol=tolerance, atol=tolerance)
        if turn_a:
            assert seen_a[1].T.flags.c_contiguous


def test_linear_weight_gradient_is_a_transposed_product():
    """nn.Linear's weight.t() gets (g^T x)^T: the weight's own gradient is C-ordered
    before AccumulateGrad copies it (the hook sees the formula's array)."""
    ember.manual_seed(0)
    layer = ember.nn.Linear(30, 20)
    x = ember.randn(8, 30)
    seen: list = []
    out = ember.addmm(layer.bias, x, _hooked_t(layer.weight, seen))
    out.sum().backward()
    assert seen[0].T.flags.c_contiguous
    np.testing.assert_allclose(layer.weight.grad.numpy(), np.ones((8, 20), np.float32).T
                               @ x.numpy(), rtol=1e-5, atol=1e-5)


def _hooked_t(weight: ember.Tensor, seen: list) -> ember.Tensor:
    turned = weight.t()
    turned.register_hook(lambda g: seen.append(g._data) or None)
    return turned


def test_double_backward_through_linear_with_the_layout_param():
    """A formula run on Tensors (create_graph) records addmm without the layout param."""
    ember.manual_seed(0)
    layer = ember.nn.Linear(5, 3)
    x = ember.randn(4, 5, requires_grad=True)
    (gw,) = ember.autograd.grad((layer(x) ** 2).sum(), layer.weight, create_graph=True)
    gw.sum().backward()
    # sum(gw) = 2 sum_i s_i t_i, s_i = sum_o y_io, t_i = sum_k x_ik: d/dx_ik = 2 (w_k t_i + s_i)
    xs, w, b = (t.detach().numpy().astype(np.float64) for t in (x, layer.weight, layer.bias))
    s_rows = (xs @ w.T + b).sum(1)
    expected = 2 * (w.sum(0)[None, :] * xs.sum(1)[:, None] + s_rows[:, None])
    np.testing.assert_allclose(x.grad.numpy(), expected, rtol=1e-5, atol=1e-5)
