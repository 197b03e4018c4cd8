"""ember.func: grad, grad_and_value, vjp, jvp, jacrev, jacfwd, hessian and their compositions.

Derivatives are checked against closed forms and against central finite differences of
the functions evaluated in NumPy (which involve nothing of ember's autograd); structures
and error messages are torch.func's (more value comparisons with real torch are in
reference/cases_func.py). vmap has its own file, test_vmap.py.
"""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import numpy as np
import pytest

import ember
from ember.func import (
    _forward,
    grad,
    grad_and_value,
    hessian,
    jacfwd,
    jacrev,
    jvp,
    vjp,
    vmap,
)
from ember.func._pytree import broadcast_prefix, tree_flatten, tree_unflatten


def t64(values) -> ember.Tensor:
    return ember.tensor(np.asarray(values, dtype=np.float64))


def numeric_jacobian(f, x: np.ndarray, step: float = 1e-6) -> np.ndarray:
    """Central differences of a NumPy function: shape f(x).shape + x.shape."""
    x = np.asarray(x, dtype=np.float64)
    columns = []
    for i in range(x.size):
        e = np.zeros(x.size)
        e[i] = step
        e = e.reshape(x.shape)
        columns.append((np.asarray(f(x + e)) - np.asarray(f(x - e))) / (2 * step))
    out_shape = np.asarray(f(x)).shape
    return np.stack(columns, axis=-1).reshape(out_shape + x.shape)


@pytest.fixture(params=["double_vjp", "forward_ad"])
def engine(request, monkeypatch):
    """Run a forward-mode test with each engine behind jvp/jacfwd/hessian."""
    monkeypatch.setattr(_forward, "_forward_engine", lambda: request.param)
    return request.param


# ---------------------------------------------------------------------- pytrees
def test_pytrees_flatten_and_rebuild_nested_containers():
    tree = ({"b": [1, 2], "a": (3,)}, None, "s")
    leaves, spec = tree_flatten(tree)
    assert leaves == [1, 2, 3, None, "s"]  # dicts keep insertion order
    assert tree_unflatten([10, 20, 30, 40, 50], spec) == ({"b": [10, 20], "a": (30,)}, 40, 50)
    assert spec.num_leaves == 5


def test_tree_specs_print_as_torch_pytree_specs():
    # The strings torch's own error messages show for these structures.
    assert repr(tree_flatten((1, 2))[1]) == "TreeSpec(tuple, None, [*,\n  *])"
    nested = tree_flatten(((1, 2), {"a": [3, 4]}))[1]
    assert repr(nested) == ("TreeSpec(tuple, None, [TreeSpec(tuple, None, [*,\n    *]),\n"
                            "  TreeSpec(dict, ['a'], [TreeSpec(list, None, [*,\n      *])])])")
    assert tree_flatten(((1,), [2], {"a": 3, "b": (4, 5)}))[1].pprint() == \
        "((*,), [*], {'a': *, 'b': (*, *)})"


def test_prefix_trees_broadcast_over_subtrees():
    _, spec = tree_flatten((1, {"a": 2, "b": 3}, [4]))
    assert broadcast_prefix(0, spec) == [0, 0, 0, 0]
    assert broadcast_prefix((None, 1, [2]), spec) == [None, 1, 1, 2]
    assert broadcast_prefix((None, {"a": 0, "b": None}, 1), spec) == [None, 0, None, 1]
    assert broadcast_prefix((0, 1), spec) is None
    assert broadcast_prefix((0, {"a": 0}, 1), spec) is None


# ---------------------------------------------------------------------- grad
def _f_np(x):
    return np.sum(np.sin(x) * x**2)


def _f(x):
    return (x.sin() * x**2).sum()


def test_grad_matches_the_closed_form():
    x = np.array([0.3, -1.2, 2.0])
    g = grad(_f)(t64(x))
    np.testing.assert_allclose(g.numpy(), np.cos(x) * x**2 + 2 * x * np.sin(x), rtol=1e-12)


def test_grad_returns_plain_tensors_and_leaves_the_input_alone():
    x = t64([1.0, 2.0])
    g = grad(_f)(x)
    assert not g.requires_grad and g.grad_fn is None
    assert not x.requires_grad and x.grad is None and x.grad_fn is None


def test_grad_with_argnums_and_pytree_arguments():
    def f(params, data, scale):
        return ((params["w"] * data).sum() + params["b"][0] ** 2) * scale

    params = {"w": t64([1.0, 2.0]), "b": [t64(3.0)]}
    data = t64([0.5, -1.0])
    g = grad(f)(params, data, 2.0)
    assert set(g) == {"w", "b"} and isinstance(g["b"], list)
    np.testing.assert_allclose(g["w"].numpy(), 2 * data.numpy())
    assert g["b"][0].item() == 12.0
    gw, gd = grad(f, argnums=(0, 1))(params, data, 2.0)
    np.testing.assert_allclose(gd.numpy(), [2.0, 4.0])
    np.testing.assert_allclose(gw["w"].numpy(), g["w"].numpy())
    assert grad(f, argnums=-2)(params, data, 2.0).tolist() == [2.0, 4.0]


def test_grad_keyword_arguments_are_not_differentiated():
    g = grad(lambda x, *, k: (x * k).sum())(t64([1.0, 2.0]), k=t64([3.0, 4.0]))
    assert g.tolist() == [3.0, 4.0]


def test_unused_inputs_and_constant_outputs_get_zero_gradients():
    x, y = t64([1.0, 2.0]), t64([3.0])
    gx, gy = grad(lambda a, b: (a**2).sum(), argnums=(0, 1))(x, y)
    assert gx.tolist() == [2.0, 4.0] and gy.tolist() == [0.0]
    assert grad(lambda a: ember.tensor(1.0))(x).tolist() == [0.0, 0.0]
    # an integer output does not require grad: its gradient is zero too
    assert grad(lambda a: a.sum().long())(x).tolist() == [0.0, 0.0]


def test_grad_and_value_and_has_aux():
    x = t64([1.0, 2.0])
    g, value = grad_and_value(lambda a: (a**3).sum())(x)
    assert g.tolist() == [3.0, 12.0] and value.item() == 9.0 and not value.requires_grad
    g, (value, aux) = grad_and_value(lambda a: ((a**2).sum(), {"double": a * 2}),
                                     has_aux=True)(x)
    assert g.tolist() == [2.0, 4.0] and value.item() == 5.0
    assert aux["double"].tolist() == [2.0, 4.0] and not aux["double"].requires_grad
    g, aux = grad(lambda a: ((a**2).sum(), a.mean()), has_aux=True)(x)
    assert g.tolist() == [2.0, 4.0] and aux.item() == 1.5


def test_third_derivative_by_nesting():
    x = np.linspace(-2, 2, 5)
    d3 = vmap(grad(grad(grad(lambda a: a.sin()))))(t64(x))
    np.testing.assert_allclose(d3.numpy(), -np.cos(x), rtol=1e-12)


def test_nested_grads_keep_their_variables_apart():
    # d/dx [x * d/dy (x + y)] = d/dx [x * 1] = 1: the inner derivative must not see x's
    # dependence (perturbation confusion would give 2).
    def outer(x):
        return x * grad(lambda y: x + y)(t64(1.0))

    assert grad(outer)(t64(3.0)).item() == 1.0
    # the inner function closes over the outer variable and differentiates at it too
    assert grad(lambda x: grad(lambda y: x * y)(x))(t64(2.0)).item() == 1.0
    # d/dy (x y)^2 = 2 x^2 y, which at y = x is 2 x^3: its derivative is 6 x^2
    assert grad(lambda x: grad(lambda y: (x * y) ** 2)(x))(t64(2.0)).item() == 6 * 2.0**2


def test_a_closed_over_parameter_stays_differentiable():
    w = ember.tensor(2.0, dtype=ember.float64, requires_grad=True)
    g = grad(lambda a: w * a**2)(t64(3.0))  # 2 w a
    assert g.item() == 12.0 and g.requires_grad
    g.backward()
    assert w.grad.item() == 6.0


def test_an_input_that_requires_grad_gives_a_differentiable_gradient():
    x = ember.tensor([1.0, 2.0], dtype=ember.float64, requires_grad=True)
    g = grad(lambda a: (a**3).sum())(x)
    assert g.requires_grad
    g.sum().backward()
    assert x.grad.tolist() == [6.0, 12.0]


def test_grad_mode_off_outside_gives_plain_results():
    x = ember.tensor([1.0, 2.0], dtype=ember.float64, requires_grad=True)
    with ember.no_grad():
        g = grad(lambda a: (a**3).sum())(x)
    assert g.tolist() == [3.0, 12.0] and not g.requires_grad


def test_no_grad_inside_the_function_is_respected():
    def f(x):
        with ember.no_grad():
            c = x * 10  # a constant for differentiation
        return (c * x).sum()

    assert grad(f)(t64([1.0, 2.0])).tolist() == [10.0, 20.0]


@pytest.mark.parametrize("call, error, message", [
    (lambda: grad(lambda a: a * 2)(t64([1.0, 2.0])), RuntimeError,
     "grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, got tensor with "
     "1 dims. Maybe you wanted to use the vjp or jacrev APIs instead?"),
    (lambda: grad(lambda a: 3)(t64(1.0)), RuntimeError,
     "grad_and_value(f)(*args): Expected f(*args) to return a Tensor, got <class 'int'>"),
    (lambda: grad(lambda a: a.sum(), has_aux=True)(t64([1.0])), RuntimeError,
     "grad_and_value(f)(*args): output of function f should be a tuple: (output, aux) if "
     "has_aux is True"),
    (lambda: grad(lambda a: a.sum(), argnums=1)(t64(1.0)), RuntimeError,
     "Got argnum=1, but only 1 positional inputs"),
    (lambda: grad(lambda a: a.sum(), argnums=())(t64(1.0)), RuntimeError,
     "argnums must be non-empty"),
    (lambda: grad(lambda a, b: a, argnums=(0, 0))(t64(1.0), t64(1.0)), RuntimeError,
     "argnums elements must be unique, got (0, 0)"),
    (lambda: grad(lambda a: a, argnums=[0])(t64(1.0)), RuntimeError,
     "argnums must be int or Tuple[int, ...], got: <class 'list'>"),
    (lambda: grad(lambda a: a)(2.0), ValueError,
     "Thing passed to transform API must be Tensor, got <class 'float'>"),
    (lambda: grad(lambda a: a.sum())(ember.tensor([1, 2])), RuntimeError,
     "only Tensors of floating point dtype can require gradients"),
])
def test_grad_errors_are_torchs(call, error, message):
    with pytest.raises(error, match=re.escape(message)):
        call()


# ---------------------------------------------------------------------- vjp
def test_vjp_is_the_transposed_jacobian_applied_to_the_cotangent():
    x = np.array([0.5, -1.0, 2.0])
    out, vjp_fn = vjp(lambda a: a.sin() * a[0], t64(x))
    J = numeric_jacobian(lambda a: np.sin(a) * a[0], x)
    np.testing.assert_allclose(out.numpy(), np.sin(x) * x[0])
    for v in (np.array([1.0, 0.0, 0.0]), np.array([0.3, -2.0, 1.5])):
        (g,) = vjp_fn(t64(v))  # vjp_fn can be called again and again
        np.testing.assert_allclose(g.numpy(), v @ J, rtol=1e-8)


def test_vjp_with_pytree_primals_outputs_and_aux():
    def f(a, pair):
        return {"s": (a * pair[0]).sum(), "p": a * pair[1]}, a.mean()

    a, pair = t64([1.0, 2.0]), [t64([3.0, 4.0]), t64([5.0, 6.0])]
    out, vjp_fn, aux = vjp(f, a, pair, has_aux=True)
    assert out["s"].item() == 11.0 and aux.item() == 1.5
    ga, gpair = vjp_fn({"s": t64(1.0), "p": t64([1.0, 1.0])})
    assert ga.tolist() == [3.0 + 5.0, 4.0 + 6.0]
    assert isinstance(gpair, list) and gpair[0].tolist() == [1.0, 2.0]
    assert gpair[1].tolist() == [1.0, 2.0]


def test_vjp_errors_are_torchs():
    _, vjp_fn = vjp(lambda a: a * 2, t64([1.0, 2.0]))
    with pytest.raises(RuntimeError, match=re.escape(
            "Expected pytree structure of cotangents to be the same as pytree structure of "
            "outputs to the function. cotangents: (*,), primal output: *")):
        vjp_fn((t64([1.0, 1.0]),))
    with pytest.raises(RuntimeError, match=re.escape("Mismatch in shape: grad_output[0]")):
        vjp_fn(t64([1.0]))
    with pytest.raises(TypeError, match="gradients can be either Tensors or None, but got float"):
        vjp_fn(3.0)
    with pytest.raises(RuntimeError, match=re.escape(
            "vjp(f, *primals): expected f(*primals) to return only tensors, got unsupported "
            "type <class 'float'>")):
        vjp(lambda a: 2.0, t64(1.0))
    with pytest.raises(RuntimeError, match=re.escape(
            "vjp(f, ...): All outputs of f must be floating-point or complex Tensors, got "
            "Tensor with dtype torch.int64")):
        vjp(lambda a: a.long(), t64(1.0))


def test_vjp_fn_differentiates_through_a_cotangent_that_requires_grad():
    _, vjp_fn = vjp(lambda a: a**2, t64([1.0, 3.0]))
    v = ember.tensor([1.0, 1.0], dtype=ember.float64, requires_grad=True)
    (g,) = vjp_fn(v)  # 2 a v
    g.sum().backward()
    assert v.grad.tolist() == [2.0, 6.0]


# ---------------------------------------------------------------------- jvp
def test_jvp_is_the_jacobian_applied_to_the_tangent(engine):
    x = np.array([0.5, -1.0, 2.0])
    v = np.array([0.3, -2.0, 1.5])
    out, tangent = jvp(lambda a: a.exp() * a.sum(), (t64(x),), (t64(v),))
    J = numeric_jacobian(lambda a: np.exp(a) * a.sum(), x)
    np.testing.assert_allclose(out.numpy(), np.exp(x) * x.sum())
    np.testing.assert_allclose(tangent.numpy(), J @ v, rtol=1e-8)
    assert not out.requires_grad and not tangent.requires_grad


def test_jvp_with_pytrees_and_aux(engine):
    def f(d):
        return {"u": d["a"] * d["b"], "v": (d["a"] ** 2).sum()}, d["b"].sum()

    primal = {"a": t64([1.0, 2.0]), "b": t64([3.0, 4.0])}
    tangent = {"a": t64([1.0, 0.0]), "b": t64([0.0, 1.0])}
    out, tan, aux = jvp(f, (primal,), (tangent,), has_aux=True)
    assert out["u"].tolist() == [3.0, 8.0] and aux.item() == 7.0
    assert tan["u"].tolist() == [3.0, 2.0] and tan["v"].item() == 2.0


def test_jvp_of_an_output_independent_of_the_input_is_zero(engine):
    out, tangent = jvp(lambda a: ember.ones(2, dtype=ember.float64), (t64([1.0]),), (t64([1.0]),))
    assert tangent.tolist() == [0.0, 0.0]


@pytest.mark.parametrize("call, error, message", [
    (lambda: jvp(lambda a: a, t64([1.0]), t64([1.0])), RuntimeError,
     "jvp(f, primals, tangents): Expected primals to be a tuple. E.g. it should be valid to "
     "call f(*primals)."),
    (lambda: jvp(lambda: 1, (), ()), RuntimeError,
     "jvp(f, primals, tangents): Expected primals to contain at least one Tensor."),
    (lambda: jvp(lambda a: a, (t64([1.0]),), (1.0,)), RuntimeError,
     "jvp(f, primals, tangents): Expected tangents to only contain Tensors, got <class "
     "'float'>"),
    (lambda: jvp(lambda a: a, (t64([1.0]),), [t64([1.0])]), RuntimeError,
     "Got primals with structure TreeSpec(tuple, None, [*]) and tangents with structure "
     "TreeSpec(list, None, [*])"),
    (lambda: jvp(lambda a: a, (t64([1.0]),), (t64([1.0, 2.0]),)), RuntimeError,
     "Trying to set a forward gradient that has a different size than that of the original "
     "Tensor, this is not supported. Tensor is of size [1] while the given forward gradient "
     "is of size [2]."),
    (lambda: jvp(lambda a: a, (ember.tensor([1]),), (ember.tensor([1]),)), ValueError,
     "Expected primal to be floating point or complex, but got: torch.int64"),
    (lambda: jvp(lambda a: a * 2, (t64([1.0]),), (t64([1.0]),), has_aux=True), RuntimeError,
     "jvp(f, primals, tangents): output of function f should be a tuple: (output, aux) if "
     "has_aux is True"),
])
def test_jvp_errors_are_torchs(call, error, message):
    with pytest.raises(error, match=re.escape(message)):
        call()


# ---------------------------------------------------------------------- Jacobians
def _g_np(x):
    return np.tanh(x * x[::-1]) + x.sum() ** 2


def _g(x):
    return (x * x.flip(0)).tanh() + x.sum() ** 2


@pytest.mark.parametrize("transform", ["jacrev", "jacfwd"])
def test_jacobians_match_finite_differences(transform, engine):
    jac = {"jacrev": jacrev, "jacfwd": jacfwd}[transform]
    x = np.array([0.2, -0.7, 1.1, 0.4])
    np.testing.assert_allclose(jac(_g)(t64(x)).numpy(), numeric_jacobian(_g_np, x), rtol=1e-7,
                               atol=1e-9)


@pytest.mark.parametrize("transform", ["jacrev", "jacfwd"])
def test_jacobian_structure_follows_outputs_then_inputs(transform, engine):
    jac = {"jacrev": jacrev, "jacfwd": jacfwd}[transform]

    def f(a, b):
        return {"prod": a[:, None] * b, "total": (a**2).sum()}

    a, b = t64([1.0, 2.0]), t64([3.0, 4.0, 5.0])
    J = jac(f, argnums=(0, 1))(a, b)
    assert set(J) == {"prod", "total"}
    assert [tuple(block.shape) for block in J["prod"]] == [(2, 3, 2), (2, 3, 3)]
    assert [tuple(block.shape) for block in J["total"]] == [(2,), (3,)]
    assert J["total"][0].tolist() == [2.0, 4.0] and J["total"][1].tolist() == [0.0] * 3
    # d prod[i, j] / d a[k] = b[j] if i == k
    expected = np.einsum("ik,j->ijk", np.eye(2), b.numpy())
    np.testing.assert_allclose(J["prod"][0].numpy(), expected)
    single = jac(f, argnums=1)(a, b)["prod"]  # an int argnums: no tuple level
    np.testing.assert_allclose(single.numpy(), J["prod"][1].numpy())
    J_dict = jac(lambda d: d["x"] * d["y"])({"x": a, "y": a * 2})
    assert set(J_dict) == {"x", "y"} and tuple(J_dict["x"].shape) == (2, 2)


@pytest.mark.parametrize("transform", ["jacrev", "jacfwd"])
def test_jacobian_of_scalars_matrices_and_empty_tensors(transform, engine):
    jac = {"jacrev": jacrev, "jacfwd": jacfwd}[transform]
    assert jac(lambda a: a**2)(t64(3.0)).item() == 6.0
    m = t64([[1.0, 2.0], [3.0, 4.0]])
    J = jac(lambda a: a @ a)(m)
    np.testing.assert_allclose(J.numpy(), numeric_jacobian(lambda a: a @ a, m.numpy()),
                               rtol=1e-7)
    empty = jac(lambda a: a * 2)(ember.zeros(0, dtype=ember.float64))
    assert tuple(empty.shape) == (0, 0)
    J, aux = jac(lambda a: (a * 3, a.sum()), has_aux=True)(t64([1.0, 2.0]))
    assert J.tolist() == [[3.0, 0.0], [0.0, 3.0]] and aux.item() == 3.0


def test_jacrev_and_jacfwd_errors():
    with pytest.raises(ValueError, match=re.escape("jacrev: `chunk_size` should be greater than "
                                                   "0.")):
        jacrev(_g, chunk_size=0)
    assert jacrev(_g, chunk_size=1)(t64([1.0, 2.0])).shape == (2, 2)
    with pytest.raises(RuntimeError, match="vjp\\(f, \\*primals\\): output of function f should "
                                           "be a tuple"):
        jacrev(lambda a: a, has_aux=True)(t64([1.0]))
    with pytest.raises(RuntimeError, match="jvp\\(f, primals, tangents\\): expected "
                                           "f\\(\\*primals\\) to return only tensors"):
        jacfwd(lambda a: 3)(t64([1.0]))
    with pytest.raises(ValueError, match="Expected primal to be floating point"):
        jacfwd(lambda a: a)(ember.tensor([1, 2]))


def test_jacfwd_refuses_random_operations_unless_told(engine):
    def noisy(a):
        return a + ember.rand(3, dtype=ember.float64)

    with pytest.raises(RuntimeError, match="vmap: called random operation while in randomness "
                                           "error mode"):
        jacfwd(noisy)(t64([1.0, 2.0, 3.0]))
    for mode in ("same", "different"):
        assert jacfwd(noisy, randomness=mode)(t64([1.0, 2.0, 3.0])).tolist() == np.eye(3).tolist()
    # jacrev evaluates the function once: random operations are fine there, as in torch
    assert jacrev(noisy)(t64([1.0, 2.0, 3.0])).tolist() == np.eye(3).tolist()


# ---------------------------------------------------------------------- Hessians
def _h_np(x):
    return np.sum(np.exp(x[:-1] * x[1:])) + np.sum(x**4) / 4 + np.log(np.sum(np.exp(x)))


def _h(x):
    return (x[:-1] * x[1:]).exp().sum() + (x**4).sum() / 4 + x.exp().sum().log()


def _h_grad_np(x):
    e = np.exp(x[:-1] * x[1:])
    g = x**3 + np.exp(x) / np.sum(np.exp(x))
    g[:-1] += e * x[1:]
    g[1:] += e * x[:-1]
    return g


def test_hessian_matches_finite_differences_of_the_gradient(engine):
    x = np.array([0.3, -0.5, 0.8, 0.1])
    np.testing.assert_allclose(grad(_h)(t64(x)).numpy(), _h_grad_np(x), rtol=1e-12)
    H = hessian(_h)(t64(x)).numpy()
    np.testing.assert_allclose(H, numeric_jacobian(_h_grad_np, x), rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(H, H.T, rtol=1e-12)


def test_hessian_equals_every_composition_of_jacobians(engine):
    x = t64([0.3, -0.5, 0.8, 0.1])
    H = hessian(_h)(x).numpy()
    for composed in (jacfwd(jacrev(_h)), jacrev(jacrev(_h)), jacfwd(jacfwd(_h)),
                     jacrev(jacfwd(_h))):
        np.testing.assert_allclose(composed(x).numpy(), H, rtol=1e-10, atol=1e-12)


def test_hessian_with_several_arguments_is_a_tuple_of_tuples(engine):
    def f(a, b):
        return (a**2 * b).sum() + (b**3).sum()

    a, b = t64([1.0, 2.0]), t64([3.0, 4.0])
    (haa, hab), (hba, hbb) = hessian(f, argnums=(0, 1))(a, b)
    assert haa.tolist() == [[6.0, 0.0], [0.0, 8.0]]
    assert hab.tolist() == [[2.0, 0.0], [0.0, 4.0]] and hba.tolist() == hab.tolist()
    assert hbb.tolist() == [[18.0, 0.0], [0.0, 24.0]]


def test_hessian_refuses_random_operations(engine):
    with pytest.raises(RuntimeError, match="randomness error mode"):
        hessian(lambda a: (a * ember.rand(2, dtype=ember.float64)).sum())(t64([1.0, 2.0]))


# ---------------------------------------------------------------------- compositions
def test_vmap_of_grad_is_a_per_example_gradient():
    w = t64([0.5, -1.0])
    xs = t64([[1.0, 2.0], [3.0, -1.0], [0.0, 4.0]])

    def loss(weights, x):
        return ((x * weights).sum().tanh() - 0.5) ** 2

    per_example = vmap(grad(loss), in_dims=(None, 0))(w, xs)
    looped = ember.stack([grad(loss)(w, x) for x in xs.unbind(0)])
    np.testing.assert_allclose(per_example.numpy(), looped.numpy(), rtol=1e-15)
    # and the mean of per-example gradients is the gradient of the mean loss
    mean_grad = grad(lambda weights: vmap(loss, in_dims=(None, 0))(weights, xs).mean())(w)
    np.testing.assert_allclose(per_example.mean(0).numpy(), mean_grad.numpy(), rtol=1e-12)


def test_vmap_of_jacobians_and_hessians(engine):
    xs = t64([[0.3, -0.5, 0.8], [1.0, 0.2, -0.4]])
    batched = vmap(hessian(_h))(xs)
    for i in range(2):
        np.testing.assert_allclose(batched[i].numpy(), hessian(_h)(xs[i]).numpy(), rtol=1e-12)
    np.testing.assert_allclose(vmap(jacfwd(_g))(xs)[1].numpy(), jacrev(_g)(xs[1]).numpy(),
                               rtol=1e-12)


def test_forward_over_reverse_and_reverse_over_forward(engine):
    x, v = t64([0.3, -0.5, 0.8]), t64([1.0, 2.0, -1.0])
    H = hessian(_h)(x).numpy()
    _, hvp = jvp(grad(_h), (x,), (v,))  # H v
    np.testing.assert_allclose(hvp.numpy(), H @ v.numpy(), rtol=1e-10)
    vhp = grad(lambda a: jvp(_h, (a,), (v,))[1])(x)  # d/dx (grad . v) = H v
    np.testing.assert_allclose(vhp.numpy(), H @ v.numpy(), rtol=1e-10)


# ---------------------------------------------------------------------- example, benchmarks
def test_newton_on_rosenbrock_converges_in_under_25_steps(capsys):
    import newton_rosenbrock

    iterates = newton_rosenbrock.newton()
    assert len(iterates) - 1 < 25
    np.testing.assert_allclose(iterates[-1].numpy(), [1.0, 1.0], atol=1e-9)
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("step  0: p = (-1.5") and len(printed) == len(iterates)


def _load_workloads():
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "workloads.py"
    spec = importlib.util.spec_from_file_location("_bench_func_workloads", path)
    module = importlib.util.module_from_spec(spec)
    saved_environ = dict(os.environ)
    try:
        spec.loader.exec_module(module)
    finally:
        os.environ.clear()
        os.environ.update(saved_environ)
    return module


def test_transform_benchmarks_compute_hessians_and_jacobians():
    workloads = _load_workloads()
    assert set(workloads.TRANSFORM_WORKLOADS) == {"hessian_small", "jacobian_batch"}
    H = workloads.make_torch_like(ember, "hessian_small", 6)().numpy()
    x = workloads.hessian_input(6)

    def gradient(p):  # the chained Rosenbrock plus log-sum-exp, differentiated by hand
        a, b = p[:-1], p[1:]
        g = np.exp(p) / np.exp(p).sum()
        g[:-1] += -400 * a * (b - a**2) - 2 * (1 - a)
        g[1:] += 200 * (b - a**2)
        return g

    np.testing.assert_allclose(H, numeric_jacobian(gradient, x), rtol=1e-6, atol=1e-6)
    J = workloads.make_torch_like(ember, "jacobian_batch", 3)().numpy()
    xs, w = workloads.jacobian_arrays(3)
    expected = numeric_jacobian(lambda a: np.tanh(a @ w.astype(np.float64)), xs)
    assert J.shape == (3, 16, 3, 32)
    np.testing.assert_allclose(J, expected, rtol=1e-3, atol=1e-5)
    if importlib.util.find_spec("autograd") is not None:  # the `bench` extra
        for name, size in (("hessian_small", 6), ("jacobian_batch", 3)):
            ours = workloads.make_torch_like(ember, name, size)().numpy()
            np.testing.assert_allclose(workloads.make_autograd(name, size)(), ours, rtol=1e-5,
                                       atol=1e-6)





def test_linearize_gives_the_jvp_at_the_primals_and_checks_the_tangents():
    x = ember.tensor([0.1, -0.7, 2.0], dtype=ember.float64)
    out, jvp_fn = ember.func.linearize(lambda v: (v.sin() * v).sum(), x)
    assert out.item() == pytest.approx(float((np.sin(x.numpy()) * x.numpy()).sum()))
    t = ember.tensor([1.0, 2.0, -1.0], dtype=ember.float64)
    expected = float(((np.cos(x.numpy()) * x.numpy() + np.sin(x.numpy())) * t.numpy()).sum())
    assert jvp_fn(t).item() == pytest.approx(expected)
    with pytest.raises(RuntimeError, match="tangent:0 with shape"):
        jvp_fn(ember.ones(2, dtype=ember.float64))
    with pytest.raises(RuntimeError, match="tangent:0 with dtype torch.float32"):
        jvp_fn(ember.ones(3))
    with pytest.raises(RuntimeError, match="same argspec as the primals"):
        jvp_fn(t, t)


def test_hessian_of_a_vector_function_has_one_hessian_per_output():
    x = ember.tensor([0.3, -1.2], dtype=ember.float64)
    w = ember.tensor([[1.0, 2.0], [-0.5, 0.25], [3.0, 0.0]], dtype=ember.float64)
    h = hessian(lambda v: ember.tanh(w @ v))(x)
    assert h.shape == (3, 2, 2)
    y = np.tanh(w.numpy() @ x.numpy())
    expected = (-2 * y * (1 - y ** 2))[:, None, None] * np.einsum("oi,oj->oij", w.numpy(),
                                                                  w.numpy())
    np.testing.assert_allclose(h.numpy(), expected, rtol=1e-12)
