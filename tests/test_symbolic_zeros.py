"""sgn's gradient as torch's ZeroTensor (ops/_symbolic_zero.py): later products and
quotients keep it zero. Expected values were recorded from torch 2.13 (signs of zeros
included: `_bits` compares them)."""

import math

import numpy as np
import pytest

import ember
from ember.ops._registry import OPS
from ember.ops._symbolic_zero import (
    SymbolicZeros,
    added,
    arriving,
    is_symbolic,
    materialized,
    symbolic_zeros,
)

nan, inf = math.nan, math.inf


def _bits(values):
    """Values with the sign of each zero, nan as a string: exact comparison."""
    return [("nan" if math.isnan(v) else (math.copysign(1, v), v))
            for v in np.asarray(values, dtype=np.float64).ravel().tolist()]


def _same(got, want):
    assert _bits(got.detach().numpy() if isinstance(got, ember.Tensor) else got) == \
        _bits(want)


def test_abs_of_log_second_derivative_at_zero_is_torchs_minus_inf():
    # h11-s12-b-100k:40752: the part through sgn's gradient and log's 1 / x adds nothing
    x = ember.tensor([-2.0, -1.0, 0.0, 1.0, 2.0], requires_grad=True)
    g, = ember.autograd.grad(x.log().abs().sum(), [x], create_graph=True)
    _same(g, [-0.0, -0.0, -inf, 0.0, 0.5])
    g2, = ember.autograd.grad((g * g).sum(), [x])
    _same(g2, [0.0, 0.0, -inf, 0.0, -0.25])  # (+0 at 1: -0 + 0, added in place in torch)


def test_sgn_gradient_through_log_is_zero_where_signs_is_nan():
    x = ember.tensor([-2.0, -1.0, 0.0, 1.0, 2.0], requires_grad=True)
    x.log().sgn().sum().backward()
    _same(x.grad, [0.0] * 5)  # (+0 everywhere: 0 / -2 stays the symbolic zero)
    y = ember.tensor([-2.0, -1.0, 0.0, 1.0, 2.0], requires_grad=True)
    y.log().sign().sum().backward()  # sign's gradient is plain zeros in torch
    _same(y.grad, [-0.0, -0.0, nan, 0.0, 0.0])


@pytest.mark.parametrize("build, want", [
    (lambda x: x.sqrt().log().sgn() * 3, [0.0, 0.0, 0.0]),
    (lambda x: x.log().exp().sgn(), [0.0, 0.0, 0.0]),
    (lambda x: (x.log().sgn() * ember.tensor([inf, nan, 1.0])) / 0.0, [0.0, 0.0, 0.0]),
    (lambda x: x.log().sgn().neg(), [0.0, 0.0, 0.0]),
    (lambda x: x.log().sgn().double(), [0.0, 0.0, 0.0]),  # (a cast: plain zeros)
    (lambda x: x.reciprocal().sgn(), [-0.0, nan, -0.0]),  # (torch's -g first: plain -0)
    (lambda x: ember.stack([x.log().sgn(), x]), [1.0, 1.0, 1.0]),
    (lambda x: x.log().sgn().reshape(3, 1).expand(3, 2), [0.0, 0.0, 0.0]),
])
def test_what_torch_keeps_zero_and_what_it_reads_as_zeros(build, want):
    x = ember.tensor([-2.0, 0.0, 2.0], requires_grad=True)
    build(x).sum().backward()
    _same(x.grad, want)


def test_a_broadcast_reduction_and_a_matrix_product_read_it_as_zeros():
    x = ember.tensor([0.0], requires_grad=True)
    (x.log() * ember.ones(3)).sgn().sum().backward()  # sum_to: plain zeros, 0 / 0
    _same(x.grad, [nan])
    m = ember.tensor([[0.0, 2.0], [1.0, 3.0]], requires_grad=True)
    (m.log() @ ember.tensor([[1.0, 2.0], [3.0, 4.0]])).sgn().sum().backward()
    _same(m.grad, [nan, 0.0, 0.0, 0.0])  # (mm's kernel reads zeros: log's 0 / 0)


def test_accumulation_order_of_a_symbolic_and_a_real_gradient():
    # torch adds a later gradient into an earlier one in place (reading zeros: -0 + 0 = 0);
    # an earlier symbolic zero gives way to the later gradient (its -0 kept)
    for build, want in [
            (lambda y: y.sgn() + y * ember.tensor([-0.0] * 4), [-0.0, nan, 0.0, 0.0]),
            (lambda y: y * ember.tensor([-0.0] * 4) + y.sgn(), [0.0, nan, -0.0, -0.0])]:
        x = ember.tensor([-2.0, 0.0, 1.0, 2.0], requires_grad=True)
        build(x.log()).sum().backward()
        _same(x.grad, want)
    for build in (lambda y: y.sgn() + y, lambda y: y + y.sgn()):
        x = ember.tensor([-2.0, 0.0, 1.0, 2.0], requires_grad=True)
        build(x * -0.0).sum().backward()
        _same(x.grad, [-0.0] * 4)


def test_leaves_get_zeros_not_none():
    for name in ("sign", "sgn"):
        x = ember.tensor([-2.0, 0.0, 2.0], requires_grad=True)
        getattr(x, name)().sum().backward()
        assert x.grad is not None
        assert type(x.grad._data) is np.ndarray and x.grad._data.flags.writeable
        _same(x.grad, [0.0, 0.0, 0.0])
        x.grad.add_(1)  # (ember's .grad is a plain tensor: torch's ZeroTensor would refuse)
    x = ember.tensor([-2.0, 0.0, 2.0], requires_grad=True)
    g, = ember.autograd.grad(x.log().sgn().sum(), [x])
    assert type(g._data) is np.ndarray
    _same(g, [0.0, 0.0, 0.0])


def test_retained_and_observed_gradients_stay_symbolic_after_the_hook():
    x = ember.tensor([-2.0, 0.0, 1.0, 2.0], requires_grad=True)
    y = x.log()
    y.retain_grad()
    seen = []
    y.register_hook(lambda g: seen.append(g.clone().tolist()))
    y.sgn().sum().backward()
    assert seen == [[0.0] * 4]
    _same(y.grad, [0.0] * 4)
    _same(x.grad, [0.0] * 4)


def test_abs_and_norm_double_backward():
    x = ember.tensor([-2.0, -1.0, 0.0, 1.0, 2.0], requires_grad=True)
    g, = ember.autograd.grad(x.abs().sum(), [x], create_graph=True)
    g2, = ember.autograd.grad(g.sum(), [x])
    _same(g2, [0.0] * 5)
    for p, want in ((1, [inf, -0.25]), (inf, [inf, 0.0])):
        x = ember.tensor([0.0, 2.0], requires_grad=True)
        g, = ember.autograd.grad(ember.linalg.vector_norm(x.log(), p), [x],
                                 create_graph=True)
        g2, = ember.autograd.grad(g.sum(), [x])
        _same(g2, want)
    x = ember.tensor([0.0, 2.0], requires_grad=True)
    g, = ember.autograd.grad(ember.dist(x.log(), ember.zeros(2), 1), [x], create_graph=True)
    g2, = ember.autograd.grad(g.sum(), [x])
    _same(g2, [inf, -0.25])


def test_jacobians_of_sgn_are_zeros():
    x = ember.tensor([-1.0, 0.0, 2.0])
    for jac in (ember.func.jacrev(lambda v: v.log().sgn())(x),
                ember.autograd.functional.jacobian(lambda v: v.log().sgn(), x),
                ember.autograd.functional.jacobian(lambda v: v.log().sgn(), x,
                                                   vectorize=True)):
        _same(jac, [0.0] * 9)
    h = ember.autograd.functional.hessian(lambda v: v.log().abs().sum(), x)
    _same(h, [0.0, nan, 0.0, 0.0, inf, 0.0, 0.0, nan, -0.25])


def test_sgn_gradient_through_layer_norm_reads_zeros():
    # a kernel that writes into its products in place (layer norm's on arrays)
    x = ember.tensor([[0.5, -1.0, 2.0], [3.0, 0.25, -2.0]], dtype=ember.float64,
                     requires_grad=True)
    ember.nn.functional.layer_norm(x, (3,)).sgn().sum().backward()
    _same(x.grad, [0.0] * 6)


def test_numpy_semantics_of_symbolic_zeros():
    z = symbolic_zeros((3,), np.float32)
    a = np.array([-0.0, inf, nan], np.float32)
    assert is_symbolic(z * a) and is_symbolic(a * z) and is_symbolic(z * inf)
    assert is_symbolic(z / a) and is_symbolic(z / 0.0) and not is_symbolic(a / z)
    assert (z * a.astype(np.float64)).dtype == np.float64
    assert is_symbolic(z + z) and is_symbolic(z - z)
    assert is_symbolic(z.reshape(3, 1)) and is_symbolic(np.broadcast_to(z, (2, 3)))
    assert is_symbolic(z[1:]) and not is_symbolic(z[[0, 1]])
    _same(z + a, a)  # (the other operand, its -0 kept)
    _same(z - a, -a)
    _same(added(a, z), a + 0)  # the engine's in-place accumulation: -0 + 0 = 0
    for plain in (-z, np.where(a > 0, z, 1.0), z.sum(keepdims=True), z.copy(),
                  z.astype(np.float64), np.exp(z), np.zeros_like(z)):
        assert type(plain) is np.ndarray
    assert type(materialized(z)) is np.ndarray and materialized(z).flags.writeable
    with pytest.raises(ValueError):
        z[0] = 1.0  # (a gradient handed to a formula is read-only)


def test_writing_into_a_product_ends_its_symbolic_meaning():
    z = symbolic_zeros((2, 3), np.float64)
    p = z * np.ones((2, 3))
    view = p.reshape(6)
    view -= np.arange(6.0)  # written through a view: p holds values now
    assert not is_symbolic(p) and not is_symbolic(view)
    _same(materialized(p), 0.0 - np.arange(6.0))
    q = z * 2.0
    q[0, 0] = 5.0
    assert not is_symbolic(q)
    r = z * 2.0
    np.copyto(r, 1.0)
    assert not is_symbolic(r)


def test_only_the_listed_ops_take_symbolic_zeros():
    z = symbolic_zeros((2,), np.float32)
    assert arriving(z, OPS["log"]) is z
    for op in (OPS["gelu"], OPS["relu"], None):
        got = arriving(z, op)
        assert type(got) is np.ndarray and not isinstance(got, SymbolicZeros)
