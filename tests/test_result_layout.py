"""ops/_result_layout.py: the memory order of elementwise results (torch's TensorIterator
rule), beyond the recorded reference cases (tests/reference/cases_elementwise_layout.py):
operands that are Tensor subclasses (nn.Parameter), slices whose strides decrease (no
copy), and the copy keeping the values."""

from __future__ import annotations

import numpy as np

import ember
from ember.ops._result_layout import _iterator_order


def _order(t: ember.Tensor) -> list:
    return sorted((d for d in range(t.dim()) if t.shape[d] != 1), key=lambda d: -t.stride(d))


def test_parameters_order_the_result_as_tensors_do():
    w = ember.nn.Parameter(ember.arange(12.0).reshape(4, 3))
    y = ember.arange(12.0).reshape(3, 4)
    assert _order(w.t() * y) == [1, 0] and _order(y * w.t()) == [0, 1]
    assert _order(w.t() + y[0]) == [1, 0]  # (a broadcast row decides nothing)
    np.testing.assert_array_equal((w.t() * y).detach().numpy(), w.detach().numpy().T * y.numpy())


def test_a_slice_in_c_order_gives_a_c_ordered_result_without_copying():
    x = ember.arange(24.0).reshape(3, 8)[:, ::2]
    y = ember.ones(3, 4)
    assert not x.is_contiguous()
    z = x * y
    assert z.is_contiguous() and _order(z) == [0, 1]


def test_iterator_order_follows_the_first_operand_that_orders_two_dims():
    # torch 2.13: x.t() * y is transposed, y * x.t() C-ordered, and a permuted batch
    # (strides of a (2, 3, 4) C array permuted to (4, 2, 3)) beside a C one keeps its order
    t = np.zeros((4, 3)).T
    c = np.zeros((3, 4))
    assert _iterator_order((3, 4), [t, c]) == [1, 0]
    assert _iterator_order((3, 4), [c, t]) == [0, 1]
    p = np.zeros((2, 3, 4)).transpose(2, 0, 1)
    q = np.zeros((4, 2, 3))
    assert _iterator_order((4, 2, 3), [p, q]) == [1, 2, 0]
    assert _iterator_order((4, 2, 3), [q, p]) == [0, 1, 2]
    # a broadcast operand (stride 0) is skipped in both dims it does not span
    assert _iterator_order((3, 4), [np.zeros(4), t]) == [1, 0]
