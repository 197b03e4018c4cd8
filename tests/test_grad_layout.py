"""Gradients that reach `.grad` as views are stored as C-ordered arrays of their own, as
torch stores a gradient with the parameter's strides: nn.Linear's weight gradient (the
transpose of a product, copied in column blocks by ember._transposed_copy) and a bias's
gradient (summed over the batch)."""

from __future__ import annotations

import numpy as np
import pytest

import ember
from ember._transposed_copy import c_order_copy


@pytest.mark.parametrize("shape", [(784, 256), (256, 10), (70, 300), (33, 1000), (5, 7),
                                   (300, 17), (1, 40000)])
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.int64])
def test_c_order_copy_of_a_transpose_is_a_plain_copy(shape, dtype):
    source = (np.arange(np.prod(shape)) % 2039).reshape(shape).astype(dtype).T
    copied = c_order_copy(source)
    assert copied.flags.c_contiguous and copied.flags.owndata
    assert copied.dtype == source.dtype and copied.shape == source.shape
    assert np.array_equal(copied, source)
    assert not np.shares_memory(copied, source)


@pytest.mark.parametrize("make", [
    lambda a: a, lambda a: a[::2], lambda a: a[:, 1:], lambda a: a.T[::3],
    lambda a: a.reshape(4, 64, 100).transpose(2, 1, 0), lambda a: a[0]])
def test_c_order_copy_of_other_layouts(make):
    source = make(np.arange(256 * 100, dtype=np.float32).reshape(256, 100))
    copied = c_order_copy(source)
    assert copied.flags.c_contiguous and np.array_equal(copied, source)
    assert not np.shares_memory(copied, source)


def test_linear_gradients_are_contiguous_arrays_of_their_own():
    ember.manual_seed(0)
    layer = ember.nn.Linear(300, 200)
    x = ember.randn(64, 300)
    g = ember.randn(64, 200)
    layer(x).backward(g)
    weight, bias = layer.weight.grad, layer.bias.grad
    assert weight.is_contiguous() and weight.stride() == (300, 1)
    assert bias.shape == (200,) and bias.is_contiguous()
    assert weight._data.flags.owndata and bias._data.flags.owndata
    # the same bits as the product torch computes (g^T x: addmm's gradient of a transposed
    # mat2 is (g^T a)^T, transposed back by TBackward0), and as the batch sum in torch's
    # order of additions (torch's sum_to runs its sum kernel: g.sum(0))
    assert np.array_equal(weight.numpy(), g.numpy().T @ x.numpy())
    assert np.array_equal(bias.numpy(), g.sum(0).numpy())
    # a second backward accumulates into them in place
    before = weight._data
    layer(x).backward(g)
    assert layer.weight.grad._data is before


@pytest.mark.parametrize("shape", [(3, 3), (2, 3, 2), (2, 1, 3, 3), (3, 1), (1, 3), (2, 1, 3)])
def test_column_major_is_torchs_lapack_layout(shape):
    from ember.ops._lapack_layout import column_major

    source = np.arange(np.prod(shape), dtype=np.float32).reshape(shape)
    laid_out = column_major(source)
    assert np.array_equal(laid_out, source)
    # torch's strides: each matrix column-major, sizes of 1 counted, the batch outermost
    m, n = shape[-2:]
    expected = [1, m]
    step = m * n
    batch = []
    for size in reversed(shape[:-2]):
        batch.insert(0, step)
        step *= size
    assert tuple(s // 4 for s in laid_out.strides) == tuple(batch + expected)
    assert column_major(laid_out) is laid_out  # laid out already: no copy


def test_clone_keeps_the_layout_contiguous_and_reshape_do_not():
    x = ember.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    t = x.t()
    assert t.clone().stride() == (1, 3)  # torch's preserve_format
    assert t.contiguous().stride() == (2, 1)
    assert type(t.contiguous().grad_fn).__name__ == "CloneBackward0"
    assert type(t.reshape(-1).grad_fn).__name__ == "UnsafeViewBackward0"
    square = ember.tensor(np.arange(9.0).reshape(3, 3)).t()
    assert square.clone().stride() == (1, 3)
    assert ember.linalg.matrix_power(square, 1).stride() == (3, 1)  # as torch's


def test_a_column_major_gradient_reaches_grad_c_ordered():
    a = ember.tensor([[4.0, 1.0], [1.0, 3.0]], requires_grad=True)
    (g,) = ember.autograd.grad(ember.linalg.cholesky(a).sum(), [a])
    assert g.stride() == (1, 2)  # as torch's (LAPACK's layout)
    (-ember.linalg.cholesky(a)).sum().backward()
    assert a.grad.stride() == (2, 1) and a.grad.is_contiguous()
