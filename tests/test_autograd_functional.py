"""ember.autograd.functional: jacobian, hessian, vjp, jvp, hvp, vhp with torch's result
structures (Tensor or tuples), create_graph and strict semantics, and error messages.

Values are checked against closed forms and ember.func (itself checked against finite
differences in test_func.py); reference/cases_func.py compares with real torch.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import ember
from ember.autograd.functional import hessian, hvp, jacobian, jvp, vhp, vjp


def t64(values) -> ember.Tensor:
    return ember.tensor(np.asarray(values, dtype=np.float64))


X = np.array([1.0, 2.0, 3.0])
Y = np.array([0.5, -1.0])


def pair(a, b):
    return a.sum() * b, a**2


def scalar(a, b):
    return (a**2).sum() * b.sum() + b.prod()


# ---------------------------------------------------------------------- structures
def test_jacobian_of_one_input_and_one_output_is_a_tensor():
    J = jacobian(lambda a: a.sin(), t64(X))
    assert isinstance(J, ember.Tensor) and not J.requires_grad
    np.testing.assert_allclose(J.numpy(), np.diag(np.cos(X)), rtol=1e-15)


def test_jacobian_nests_tuples_where_inputs_and_outputs_are_tuples():
    x, y = t64(X), t64(Y)
    (j_sx, j_sy), (j_qx, j_qy) = jacobian(pair, (x, y))
    assert j_sx.tolist() == [[0.5, 0.5, 0.5], [-1.0, -1.0, -1.0]]
    assert j_sy.tolist() == [[6.0, 0.0], [0.0, 6.0]]
    assert j_qx.tolist() == np.diag(2 * X).tolist() and j_qy.tolist() == np.zeros((3, 2)).tolist()
    only_input_tuple = jacobian(lambda a: a * 2, (x,))
    assert isinstance(only_input_tuple, tuple) and len(only_input_tuple) == 1
    only_output_tuple = jacobian(lambda a: (a * 2,), x)
    assert isinstance(only_output_tuple, tuple) and isinstance(only_output_tuple[0], ember.Tensor)


@pytest.mark.parametrize("options", [{"vectorize": True},
                                     {"vectorize": True, "strategy": "forward-mode"}])
def test_vectorized_and_forward_mode_jacobians_agree(options):
    x, y = t64(X), t64(Y)
    reference = jacobian(pair, (x, y))
    other = jacobian(pair, (x, y), **options)
    for ref_row, row in zip(reference, other):
        for ref, block in zip(ref_row, row):
            np.testing.assert_allclose(block.numpy(), ref.numpy(), rtol=1e-15)


def test_hessian_structures_and_values():
    x, y = t64(X), t64(Y)
    H = hessian(lambda a: (a**3).sum(), x)
    assert isinstance(H, ember.Tensor) and H.tolist() == np.diag(6 * X).tolist()
    (hxx, hxy), (hyx, hyy) = hessian(scalar, (x, y))
    assert hxx.tolist() == np.diag([-1.0] * 3).tolist()  # 2 * sum(y)
    assert hxy.tolist() == [[2.0, 2.0], [4.0, 4.0], [6.0, 6.0]] and hyx.tolist() == hxy.T.tolist()
    assert hyy.tolist() == [[0.0, 1.0], [1.0, 0.0]]
    forward = hessian(scalar, (x, y), vectorize=True, outer_jacobian_strategy="forward-mode")
    assert forward[0][1].tolist() == hxy.tolist() and forward[1][1].tolist() == hyy.tolist()


def test_products_agree_with_the_jacobian_and_hessian():
    x, y = t64(X), t64(Y)
    vx, vy = t64([0.3, -0.2, 1.0]), t64([2.0, 0.5])
    (j_sx, j_sy), (j_qx, j_qy) = jacobian(pair, (x, y))
    (s, q), (gx, gy) = vjp(pair, (x, y), (vy, vx))
    assert s.tolist() == (6 * Y).tolist() and q.tolist() == (X**2).tolist()
    np.testing.assert_allclose(gx.numpy(), vy.numpy() @ j_sx.numpy() + vx.numpy() @ j_qx.numpy())
    np.testing.assert_allclose(gy.numpy(), vy.numpy() @ j_sy.numpy() + vx.numpy() @ j_qy.numpy())
    _, (js, jq) = jvp(pair, (x, y), (vx, vy))
    np.testing.assert_allclose(js.numpy(), j_sx.numpy() @ vx.numpy() + j_sy.numpy() @ vy.numpy())
    np.testing.assert_allclose(jq.numpy(), j_qx.numpy() @ vx.numpy())
    (hxx, hxy), (hyx, hyy) = hessian(scalar, (x, y))
    H = np.block([[hxx.numpy(), hxy.numpy()], [hyx.numpy(), hyy.numpy()]])
    v = np.concatenate([vx.numpy(), vy.numpy()])
    for product in (hvp, vhp):
        value, (px, py) = product(scalar, (x, y), (vx, vy))
        assert value.item() == scalar(x, y).item()
        np.testing.assert_allclose(np.concatenate([px.numpy(), py.numpy()]), H @ v, rtol=1e-14)
    value, single = hvp(lambda a: (a**3).sum(), x, vx)
    assert isinstance(single, ember.Tensor) and single.tolist() == (6 * X * vx.numpy()).tolist()


def test_v_may_be_omitted_for_single_elements():
    out, g = vjp(lambda a: (a**2).sum(), t64(X))
    assert g.tolist() == (2 * X).tolist()
    one = t64([2.0])
    assert jvp(lambda a: a**3, one)[1].tolist() == [12.0]
    assert hvp(lambda a: (a**3).sum(), one)[1].tolist() == [12.0]
    assert vhp(lambda a: (a**3).sum(), one)[1].tolist() == [12.0]


def test_independent_outputs_give_zeros_unless_strict():
    x, y = t64(X), t64(Y)
    assert jacobian(lambda a: ember.ones(2), x).tolist() == np.zeros((2, 3)).tolist()
    _, (gx, gy) = vjp(lambda a, b: a * 2, (x, y), t64([1.0, 1.0, 1.0]))
    assert gy.tolist() == [0.0, 0.0]
    assert hvp(lambda a: a.sum(), x, x)[1].tolist() == [0.0] * 3


# ---------------------------------------------------------------------- create_graph
def test_results_are_detached_unless_create_graph():
    x = ember.tensor(X, requires_grad=True)
    assert not jacobian(lambda a: a**2, x).requires_grad
    out, g = vjp(lambda a: (a**3).sum(), x)
    assert not out.requires_grad and not g.requires_grad
    J = jacobian(lambda a: (a**3).sum(), x, create_graph=True)  # 3 x^2
    assert J.requires_grad
    J.sum().backward()
    assert x.grad.tolist() == (6 * X).tolist()
    x.grad = None
    _, h = hvp(lambda a: (a**3).sum(), x, t64([1.0, 1.0, 1.0]), create_graph=True)  # 6 x
    h.sum().backward()
    assert x.grad.tolist() == [6.0] * 3


# ---------------------------------------------------------------------- strict mode, errors
@pytest.mark.parametrize("call, message", [
    (lambda: jacobian(lambda a: ember.ones(2), t64(X), strict=True),
     "Output 0 of the user-provided function does not require gradients. The outputs must be "
     "computed in a differentiable manner from the input when running in strict mode."),
    (lambda: jacobian(lambda a, b: a * 2, (t64(X), t64(Y)), strict=True),
     "Output 0 of the user-provided function is independent of input 1. This is not allowed "
     "in strict mode."),
    (lambda: jacobian(lambda a: a * 2, t64(X), strict=True, create_graph=True),
     "The jacobian of the user-provided function is independent of input 0. This is not "
     "allowed in strict mode when create_graph=True."),
    (lambda: vjp(lambda a, b: a * 2, (t64(X), t64(Y)), t64(X), strict=True),
     "The output of the user-provided function is independent of input 1. This is not "
     "allowed in strict mode."),
    (lambda: jvp(lambda a, b: a * 2, (t64(X), t64(Y)), (t64(X), t64(Y)), strict=True),
     "The output of the user-provided function is independent of input 1. This is not "
     "allowed in strict mode."),
    (lambda: hessian(lambda a: a.sum(), t64(X), strict=True),
     "While computing the hessian, found that the jacobian of the user-provided function with "
     "respect to input 0 is independent of the input."),
    (lambda: hvp(lambda a: a.sum(), t64(X), t64(X), strict=True),
     "While computing the hessian, found that the jacobian of the user-provided function with "
     "respect to input 0 is independent of the input."),
    (lambda: jacobian(pair, (t64(X), t64(Y)), vectorize=True, strict=True),
     "torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are not "
     "supported together."),
    (lambda: vjp(lambda a: a**2, t64(X)),
     "The vector v can only be None if the user-provided function returns a single Tensor "
     "with a single element."),
    (lambda: jvp(lambda a: a**2, t64(X)),
     "The vector v can only be None if the input to the user-provided function is a single "
     "Tensor with a single element."),
    (lambda: vjp(lambda a: (a, a), t64(X), (t64(X),)),
     "v is a tuple of invalid length: should be 2 but got 1."),
    (lambda: vjp(lambda a: a, t64(X), (t64(X), t64(X))),
     "The given v should contain a single Tensor."),
    (lambda: vjp(lambda a: (a,), t64(X), (t64(Y),)),
     "Entry 0 in v has invalid size: should be torch.Size([3]) but got torch.Size([2])."),
    (lambda: hessian(lambda a: a**3, t64(X)),
     "The Tensor returned by the function given to hessian should contain a single element"),
    (lambda: hvp(lambda a: ((a**2).sum(),), t64(X), t64(X)),
     "The function given to hvp should return a single Tensor"),
])
def test_runtime_errors_are_torchs(call, message):
    with pytest.raises(RuntimeError, match=re.escape(message)):
        call()


def test_argument_type_errors_are_torchs():
    with pytest.raises(TypeError, match=re.escape(
            "The inputs given to vjp must be either a Tensor or a tuple of Tensors but the given "
            "inputs has type <class 'float'>.")):
        vjp(lambda a: a, 3.0)
    with pytest.raises(TypeError, match=re.escape(
            "The outputs of the user-provided function given to jacobian must be either a "
            "Tensor or a tuple of Tensors but the value at index 1 has type <class 'int'>.")):
        jacobian(lambda a: (a, 3), t64(X))


def test_forward_mode_jacobian_needs_vectorize_and_refuses_graphs():
    with pytest.raises(NotImplementedError, match="only implemented for `vectorize=True`"):
        jacobian(pair, (t64(X), t64(Y)), strategy="forward-mode")
    with pytest.raises(NotImplementedError, match="`create_graph=True` and "
                                                  '`strategy="forward-mode"`'):
        jacobian(pair, (t64(X), t64(Y)), strategy="forward-mode", create_graph=True)
    with pytest.raises(AssertionError, match='Expected strategy to be either "forward-mode"'):
        jacobian(pair, (t64(X), t64(Y)), strategy="sideways")
