"""ember.autograd.forward_ad: levels, dual tensors, errors, in-place ops, and how forward
mode works together with reverse mode. Expected values marked "recorded from torch 2.13"
were printed by torch.autograd.forward_ad on the same inputs."""

from __future__ import annotations

import gc
import math
import weakref

import numpy as np
import pytest

import ember
from ember.autograd import forward_ad as fwAD


def T(values) -> ember.Tensor:
    return ember.tensor(values, dtype=ember.float64)


def close(tensor, expected, tol: float = 1e-12) -> None:
    np.testing.assert_allclose(tensor.detach().numpy(), expected, rtol=tol, atol=tol)


def jvp(function, primals: list, tangents: list):
    """(value, jvp) of `function` through make_dual / unpack_dual."""
    with fwAD.dual_level():
        out = function(*[fwAD.make_dual(p, t) for p, t in zip(primals, tangents)])
        primal, tangent = fwAD.unpack_dual(out)
    return primal, tangent


# ---------------------------------------------------------------------- levels
def test_dual_level_enters_level_zero_and_exits():
    assert fwAD.state.level is None
    with fwAD.dual_level() as level:
        assert level == 0
        assert fwAD.state.active
    assert fwAD.state.level is None and not fwAD.state.active


def test_nested_levels_are_refused_as_in_torch():
    with fwAD.dual_level():
        with pytest.raises(RuntimeError, match="Nested forward mode AD is not supported"):
            fwAD.enter_dual_level()
        with pytest.raises(RuntimeError, match="Nested forward mode AD"):
            with fwAD.dual_level():
                pass
    assert fwAD.state.level is None


def test_enter_and_exit_functions():
    assert fwAD.enter_dual_level() == 0
    with pytest.raises(RuntimeError, match="not the last one that was created"):
        fwAD.exit_dual_level(level=3)
    fwAD.exit_dual_level(level=0)
    with pytest.raises(RuntimeError, match="Dual level must be a positive number"):
        fwAD.exit_dual_level()
    assert fwAD.enter_dual_level() == 0  # a new level reuses index 0, as in torch
    fwAD.exit_dual_level()


def test_dual_level_works_as_a_decorator():
    @fwAD.dual_level()
    def derivative_of_square(x):
        return fwAD.unpack_dual(fwAD.make_dual(x, ember.ones_like(x)) ** 2).tangent

    close(derivative_of_square(T([1.0, -3.0])), [2.0, -6.0])
    assert fwAD.state.level is None


def test_exiting_a_level_deletes_its_tangents():
    x = T([1.0, 2.0])
    with fwAD.dual_level():
        dual = fwAD.make_dual(x, T([1.0, 1.0]))
        y = dual.sin()
        assert fwAD.unpack_dual(y).tangent is not None
    assert fwAD.unpack_dual(y).tangent is None
    assert fwAD.unpack_dual(dual).tangent is None
    assert dual._extra.get("tangent") is None  # removed, not only hidden
    with fwAD.dual_level():  # a new level does not see the old tangents
        assert fwAD.unpack_dual(y).tangent is None
        assert (y * 2)._extra is None or "tangent" not in (y * 2)._extra


# ---------------------------------------------------------------------- make_dual / unpack
def test_make_dual_is_a_view_and_keeps_the_tangent_object():
    x = T([1.0, 2.0, 3.0]).requires_grad_()
    v = T([0.1, 0.2, 0.3])
    with fwAD.dual_level():
        dual = fwAD.make_dual(x, v)
        assert dual is not x and dual._base is x
        assert type(dual.grad_fn).__name__ == "ViewBackward0"  # as in torch
        unpacked = fwAD.unpack_dual(dual)
        assert isinstance(unpacked, fwAD.UnpackedDualTensor)
        assert unpacked._fields == ("primal", "tangent")
        assert unpacked.tangent is v
        close(unpacked.primal, [1.0, 2.0, 3.0])
        assert fwAD.unpack_dual(unpacked.primal).tangent is None
        assert fwAD.unpack_dual(x).tangent is None  # the original tensor has none


def test_unpack_dual_without_tangent_or_level_returns_the_tensor():
    x = T([1.0, 2.0])
    assert fwAD.unpack_dual(x) == (x, None)
    assert fwAD.unpack_dual(x).primal is x
    with fwAD.dual_level():
        assert fwAD.unpack_dual(x).primal is x
        assert fwAD.unpack_dual(x).tangent is None
    assert repr(fwAD.UnpackedDualTensor(1, None)) == "UnpackedDualTensor(primal=1, tangent=None)"


def test_make_dual_errors_match_torch():
    x, v = T([1.0, 2.0, 3.0]), T([1.0, 1.0, 1.0])
    with pytest.raises(RuntimeError, match="no level exists, make sure to enter_dual_level"):
        fwAD.make_dual(x, v)
    with fwAD.dual_level():
        with pytest.raises(RuntimeError, match="Tensor is of size \\[3\\] while the given "
                                               "forward gradient is of size \\[4\\]"):
            fwAD.make_dual(x, T([1.0, 2.0, 3.0, 4.0]))
        with pytest.raises(RuntimeError, match="size \\[1, 3\\]"):
            fwAD.make_dual(x, v.view(1, 3))
        with pytest.raises(ValueError, match="Expected primal to be floating point or "
                                             "complex, but got: torch.int64"):
            fwAD.make_dual(ember.arange(3), v)
        with pytest.raises(ValueError, match="Expected tangent to be floating point or "
                                             "complex, but got: torch.int64"):
            fwAD.make_dual(x, ember.arange(3))
        with pytest.raises(AttributeError, match="'float' object has no attribute"):
            fwAD.make_dual(x, 3.0)
        with pytest.raises(RuntimeError, match="Invalid level given to _make_dual"):
            fwAD.make_dual(x, v, level=1)
        with pytest.raises(RuntimeError, match="Invalid level given to _fw_primal"):
            fwAD.unpack_dual(x, level=1)
        dual = fwAD.make_dual(x, v, level=0)
        with pytest.raises(RuntimeError, match="already has a forward gradient at the same "
                                               "level 0 is not supported"):
            fwAD.make_dual(dual, v)
    with pytest.raises(RuntimeError, match="invalid index. This index was either not "
                                           "created or is already deleted"):
        fwAD.make_dual(x, v, level=0)


def test_a_float32_tangent_stays_float32_on_a_float64_primal():
    # As torch: make_dual keeps the tangent as given.
    with fwAD.dual_level():
        dual = fwAD.make_dual(T([1.0]), ember.ones(1))
        assert fwAD.unpack_dual(dual).tangent.dtype == ember.float32


# ---------------------------------------------------------------------- propagation
def test_values_recorded_from_torch():
    # recorded from torch 2.13
    x, v = T([-1.5, 2.0, 0.5]), T([0.3, -0.2, 1.0])
    value, tangent = jvp(_rosenbrock, [x], [v])
    close(value, 1238.5)
    close(tangent, -1296.9, 1e-10)

    z = T([[1.0, -0.5, 2.0], [0.1, 0.2, -0.3]])
    vz = T([[0.5, 0.1, -0.2], [1.0, 0.0, 0.3]])

    def cross_entropy(logits):
        picked = ember.log_softmax(logits, 1)[ember.arange(2), ember.tensor([2, 0])]
        return -picked.mean()

    value, tangent = jvp(cross_entropy, [z], [vz])
    close(value, 0.6961833437029711)
    close(tangent, -0.1863321624142219)

    w1 = T([[0.2, -0.4], [0.7, 0.1], [-0.3, 0.5]])
    b1, w2 = T([0.1, -0.2, 0.05]), T([[1.0, -1.0, 0.5]])
    inputs = T([[0.5, -1.0], [1.5, 0.25]])

    def mlp_loss(weight):
        return ((ember.tanh(inputs @ weight.T + b1) @ w2.T) ** 2).mean()

    value, tangent = jvp(mlp_loss, [w1], [T([[1.0, 0.0], [0.0, 1.0], [0.5, -0.5]])])
    close(value, 0.17334170893023593)
    close(tangent, -0.4859883373858112)


def test_linear_algebra_recorded_from_torch():
    # recorded from torch 2.13
    a, da = T([[2.0, 1.0], [0.5, 3.0]]), T([[0.1, -0.3], [0.2, 0.4]])
    b, db = T([1.0, -2.0]), T([0.5, 0.5])
    value, tangent = jvp(ember.det, [a], [da])
    close(value, 5.5)
    close(tangent, 1.0500000000000003)
    _, tangent = jvp(ember.inverse, [a], [da])
    close(tangent, [[-0.031404958677685946, 0.08925619834710742],
                    [-0.019008264462809912, -0.051239669421487624]])
    value, tangent = jvp(ember.linalg.solve, [a, b], [da, db])
    close(value, [0.9090909090909092, -0.8181818181818182])
    close(tangent, [-0.02809917355371902, 0.21983471074380168])


def test_reductions_and_orderings_recorded_from_torch():
    # recorded from torch 2.13
    s, vs = T([3.0, -1.0, 0.0, 2.0]), T([0.1, 0.2, 0.3, 0.4])
    close(jvp(lambda a: a.cumprod(0), [s], [vs])[1], [0.1, 0.5, -0.9, -1.8])  # with a zero
    close(jvp(lambda a: a.sort().values, [s], [vs])[1], [0.2, 0.3, 0.4, 0.1])
    close(jvp(lambda a: a.norm(), [s], [vs])[1], 0.240535117721182)
    close(jvp(lambda a: a.max(), [s], [vs])[1], 0.1)
    m, vm = T([[1.0, 5.0], [5.0, 2.0]]), T([[0.1, 0.2], [0.3, 0.4]])
    close(jvp(lambda a: a.max(), [m], [vm])[1], 0.25)  # ties share the tangent
    close(jvp(lambda a: a.std(1), [m], [vm])[1], [0.07071067811865475, -0.07071067811865482])


def _rosenbrock(x):
    return (100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2).sum()


def test_integer_and_bool_results_carry_no_tangent():
    with fwAD.dual_level():
        dual = fwAD.make_dual(T([1.5, -2.0]), T([1.0, 1.0]))
        assert fwAD.unpack_dual(dual > 0).tangent is None
        assert fwAD.unpack_dual(dual.long()).tangent is None
        assert fwAD.unpack_dual(dual.argmax()).tangent is None
        close(fwAD.unpack_dual(dual.floor()).tangent, [0.0, 0.0])  # zeros, as torch
        tangent = fwAD.unpack_dual(dual.float()).tangent
        assert tangent.dtype == ember.float32


def test_tangents_follow_promotion_and_broadcasting():
    # recorded from torch 2.13: the tangent of float32 + float64 is float64, and a broadcast
    # input's tangent is expanded to the output's shape.
    with fwAD.dual_level():
        single = fwAD.make_dual(ember.ones(2), ember.ones(2))
        assert fwAD.unpack_dual(single + ember.ones(2, dtype=ember.float64)).tangent.dtype \
            == ember.float64
        column = fwAD.make_dual(T([[1.0], [2.0]]), T([[1.0], [-1.0]]))
        tangent = fwAD.unpack_dual(column + ember.zeros(2, 3, dtype=ember.float64)).tangent
        assert tuple(tangent.shape) == (2, 3)
        close(tangent, [[1.0, 1.0, 1.0], [-1.0, -1.0, -1.0]])


def test_forward_mode_ignores_grad_mode_but_not_inference_mode():
    with fwAD.dual_level():
        dual = fwAD.make_dual(T([0.5]), T([2.0]))
        with ember.no_grad():
            close(fwAD.unpack_dual(dual.sin()).tangent, [2.0 * math.cos(0.5)])
        with ember.inference_mode():
            assert fwAD.unpack_dual(dual.sin()).tangent is None


def test_an_op_without_a_rule_raises_naming_it():
    with fwAD.dual_level():
        dual = fwAD.make_dual(T([2.0, 1.0, 2.0]), T([1.0, 1.0, 1.0]))
        with pytest.raises(NotImplementedError,
                           match="forward AD with _unique2 that does not support it because"):
            ember.unique(dual)
        ember.unique(T([2.0, 1.0]))  # without a tangent nothing is needed
        # torch has no forward formula for floor_divide either
        with pytest.raises(NotImplementedError,
                           match="forward AD with aten::floor_divide that does not support it"):
            dual // 2


def test_no_tangent_work_happens_outside_a_level(monkeypatch):
    """The hot path only reads a flag: outside a level the tangent machinery never runs."""
    def fail(*args):
        raise AssertionError("attach_tangent ran outside a dual level")

    monkeypatch.setattr(fwAD, "attach_tangent", fail)
    x = T([1.0, 2.0]).requires_grad_()
    (x.exp() * x).sum().backward()
    close(x.grad, np.exp([1.0, 2.0]) * np.array([2.0, 3.0]))


# ---------------------------------------------------------------------- with reverse mode
def test_backward_through_the_primal_still_works():
    x = T([1.5, -2.0, 3.0]).requires_grad_()
    with fwAD.dual_level():
        dual = fwAD.make_dual(x, T([0.1, 0.2, 0.3]))
        y = dual.exp() * dual
        y.sum().backward()
        close(fwAD.unpack_dual(y).tangent,
              (np.exp([1.5, -2.0, 3.0]) * np.array([2.5, -1.0, 4.0])) * [0.1, 0.2, 0.3])
    close(x.grad, np.exp([1.5, -2.0, 3.0]) * np.array([2.5, -1.0, 4.0]))


def test_reverse_over_forward_and_forward_over_reverse_recorded_from_torch():
    # recorded from torch 2.13: both give the Hessian-vector product H v of Rosenbrock.
    hvp = [450.6, -1580.4, 360.0]
    v = T([0.3, -0.2, 1.0])
    x = T([-1.5, 2.0, 0.5]).requires_grad_()
    with fwAD.dual_level():
        dual = fwAD.make_dual(x, v)
        fwAD.unpack_dual(_rosenbrock(dual)).tangent.backward()  # d/dx (grad f . v)
    close(x.grad, hvp, 1e-10)

    x = T([-1.5, 2.0, 0.5]).requires_grad_()
    with fwAD.dual_level():
        dual = fwAD.make_dual(x, v)
        (gradient,) = ember.autograd.grad(_rosenbrock(dual), dual, create_graph=True)
        close(fwAD.unpack_dual(gradient).tangent, hvp, 1e-10)


def test_gradient_tangents_use_the_saved_outputs_tangents():
    """These backwards read their op's saved output: inside a level that output has a
    tangent, so the gradient's tangent is the second derivative times v (not 0)."""
    values, v = np.array([0.5, -1.0]), np.array([2.0, 3.0])
    exp, tanh = np.exp(values), np.tanh(values)
    sigmoid = 1 / (1 + np.exp(-values))
    second_derivatives = {
        ember.exp: exp,
        ember.tanh: -2 * tanh * (1 - tanh ** 2),
        ember.sigmoid: sigmoid * (1 - sigmoid) * (1 - 2 * sigmoid),
    }
    x = T(values).requires_grad_()
    with fwAD.dual_level():
        dual = fwAD.make_dual(x, T(v))
        for activation, second in second_derivatives.items():
            (gradient,) = ember.autograd.grad(activation(dual).sum(), dual, create_graph=True)
            close(fwAD.unpack_dual(gradient).tangent, second * v)


# ---------------------------------------------------------------------- in-place ops
def test_inplace_ops_recorded_from_torch():
    # recorded from torch 2.13
    v = T([0.1, 0.2, 0.3])
    with fwAD.dual_level():
        a = fwAD.make_dual(T([1.0, 2.0, 3.0]), v)
        b = ember.zeros(3, dtype=ember.float64)
        b.add_(a)
        close(fwAD.unpack_dual(b).tangent, [0.1, 0.2, 0.3])
        a.mul_(3)
        close(fwAD.unpack_dual(a).tangent, [0.3, 0.6, 0.9])
        c = ember.zeros(4, 3, dtype=ember.float64)
        c[1] = a
        close(fwAD.unpack_dual(c).tangent, [[0, 0, 0], [0.3, 0.6, 0.9], [0, 0, 0], [0, 0, 0]])
        c[2].copy_(a * 2)  # through a view: the base's tangent changes in the window
        close(fwAD.unpack_dual(c).tangent,
              [[0, 0, 0], [0.3, 0.6, 0.9], [0.6, 1.2, 1.8], [0, 0, 0]])
        c[:, 0] = 5.0
        close(fwAD.unpack_dual(c).tangent,
              [[0, 0, 0], [0, 0.6, 0.9], [0, 1.2, 1.8], [0, 0, 0]])
        e = a.clone()
        e.exp_()
        close(fwAD.unpack_dual(e).tangent,
              [6.025661076956301, 242.0572760956411, 7292.775534817845])
        f = a.clone()
        f.unsqueeze_(0)
        close(fwAD.unpack_dual(f).tangent, [[0.3, 0.6, 0.9]])
        close(fwAD.unpack_dual(a.clone().zero_()).tangent, [0.0, 0.0, 0.0])
    # Unlike torch, ember does not write the new tangent into the old one's memory: the
    # tangent given to make_dual is left as it was.
    close(v, [0.1, 0.2, 0.3])


def test_inplace_on_a_recorded_tensor_keeps_tangent_and_gradient():
    x = T([0.5, 1.5]).requires_grad_()
    with fwAD.dual_level():
        y = fwAD.make_dual(x, T([1.0, -1.0])) * 1
        y.sin_()
        close(fwAD.unpack_dual(y).tangent, np.cos([0.5, 1.5]) * [1.0, -1.0])
        y.sum().backward()
    close(x.grad, np.cos([0.5, 1.5]))


def test_integer_targets_of_inplace_writes_get_no_tangent():
    with fwAD.dual_level():
        target = ember.zeros(2, dtype=ember.int64)
        target[0] = fwAD.make_dual(T(3.0), T(1.0))
        assert fwAD.unpack_dual(target).tangent is None
        assert target.tolist() == [3, 0]


# ---------------------------------------------------------------------- memory
def test_tangents_die_with_their_tensors():
    gc.collect()
    with fwAD.dual_level():
        tangent = T([1.0, 2.0])
        probe = []
        dual = fwAD.make_dual(T([0.5, 0.25]), tangent)
        y = dual.exp().sin()
        probe.append(fwAD.unpack_dual(y).tangent)
        ref = weakref.ref(probe.pop())
        del y
        assert ref() is None  # freed by reference counting alone
        del dual


def test_another_threads_ops_do_not_drop_tangents():
    """Each op pauses forward mode for its own thread only while computing: a thread running
    ops beside a jvp must not make the jvp lose tangents."""
    import threading

    stop = threading.Event()

    def busy():
        plain = T([1.0, 2.0])
        while not stop.is_set():
            (plain * 2).exp().sum()

    worker = threading.Thread(target=busy)
    with fwAD.dual_level():
        worker.start()
        try:
            x = fwAD.make_dual(T([0.5, 1.0]), T([1.0, 1.0]))
            for _ in range(300):
                close(fwAD.unpack_dual((x * x).sin()).tangent,
                      np.cos([0.25, 1.0]) * [1.0, 2.0])
        finally:
            stop.set()
            worker.join()


def test_dual_tensors_print_their_tangent_as_torch_does():
    # recorded from torch 2.13
    with fwAD.dual_level():
        x = fwAD.make_dual(ember.tensor([1.0, 2.0]), ember.tensor([3.0, 4.0]))
        assert repr(x) == "tensor([1., 2.], tangent=tensor([3., 4.]))"
        assert repr(x * 2) == "tensor([2., 4.], tangent=tensor([6., 8.]))"
    assert repr(x) == "tensor([1., 2.])"  # the level has ended
