"""Hooks on tensors and graph nodes, and saved-tensor hooks, as torch 2.13 runs them.

The orders and messages asserted here were observed by running the same code on torch.
"""

import gc
import threading
import weakref

import numpy as np
import pytest

import ember
from ember.autograd import Function
from ember.autograd.graph import (
    Node,
    disable_saved_tensors_hooks,
    save_on_cpu,
    saved_tensors_hooks,
)


def leaf(values, requires_grad=True):
    return ember.tensor(values, requires_grad=requires_grad)


# ---------------------------------------------------------------------- tensor and node hooks
def test_every_kind_of_hook_runs_in_torchs_order():
    log = []
    x = leaf([1.0, 2.0])
    y = x * 2
    z = y * 3
    y.register_hook(lambda g: log.append(("tensor 1", g.tolist())))
    y.retain_grad()
    y.register_hook(lambda g: (log.append(("tensor 2", g.tolist())), g * 10)[1])
    y.grad_fn.register_prehook(
        lambda go: (log.append(("pre", go[0].tolist())), (go[0] + 1,))[1])
    y.grad_fn.register_hook(lambda gi, go: log.append(
        ("post", [None if g is None else g.tolist() for g in gi], go[0].tolist())))
    accumulate = y.grad_fn.next_functions[0][0]
    accumulate.register_hook(lambda gi, go: log.append(("leaf node post", gi, go[0].tolist())))
    accumulate.register_prehook(lambda go: log.append(("leaf node pre", go[0].tolist())))
    x.register_hook(lambda g: log.append(("leaf tensor", g.tolist())))
    x.register_post_accumulate_grad_hook(lambda t: log.append(("accumulated", t.grad.tolist())))
    z.sum().backward()
    assert log == [
        ("tensor 1", [3.0, 3.0]),
        ("tensor 2", [3.0, 3.0]),
        ("pre", [30.0, 30.0]),
        ("post", [[62.0, 62.0], None], [31.0, 31.0]),
        ("leaf tensor", [62.0, 62.0]),
        ("leaf node pre", [62.0, 62.0]),
        ("accumulated", [62.0, 62.0]),
        ("leaf node post", (), [62.0, 62.0]),
    ]
    # retain_grad sees the gradient after the tensor's hooks, before the node's pre-hooks.
    assert y.grad.tolist() == [30.0, 30.0]
    assert x.grad.tolist() == [62.0, 62.0]


def test_post_hooks_replace_the_node_results_and_handles_remove_hooks():
    x = leaf([1.0, 2.0])
    a = x * 2
    a.grad_fn.register_hook(lambda gi, go: (gi[0] * 100, None))
    a.sum().backward()
    assert x.grad.tolist() == [200.0, 200.0]
    x.grad = None
    b = x * 2
    handles = [b.register_hook(lambda g: g * 5),
               b.grad_fn.register_prehook(lambda go: (go[0] * 7,)),
               b.grad_fn.register_hook(lambda gi, go: (gi[0] * 11, None))]
    for handle in handles:
        handle.remove()
    b.sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]


def test_tensor_hooks_chain_in_registration_order():
    x = leaf([1.0, 2.0])
    y = x * 2
    y.register_hook(lambda g: g * 2)
    y.register_hook(lambda g: g + 1)
    y.sum().backward()
    assert x.grad.tolist() == [6.0, 6.0]  # ((1 * 2) + 1) * 2


def test_a_pre_hook_that_removes_every_gradient_stops_the_node():
    x = leaf([1.0, 2.0])
    y = x * 2
    y.grad_fn.register_prehook(lambda go: (None,))
    y.sum().backward()
    assert x.grad is None


@pytest.mark.parametrize("register, error, message", [
    (lambda y: y.register_hook(lambda g: g.sum()), RuntimeError,
     "hook '<lambda>' has changed the size of value"),
    (lambda y: y.register_hook(lambda g: 3), TypeError,
     "expected Variable, but hook returned 'int'"),
    (lambda y: y.register_hook(lambda g: g.double()), RuntimeError,
     "hook '<lambda>' has changed the type of value (was torch.FloatTensor got "
     "torch.DoubleTensor)"),
    (lambda y: y.grad_fn.register_prehook(lambda go: (go[0], go[0])), RuntimeError,
     "hook '<lambda>' has returned an incorrect number of values (got 2, but expected 1)"),
    (lambda y: y.grad_fn.register_prehook(lambda go: go[0]), TypeError,
     "expected tuple, but hook returned 'Tensor'"),
    (lambda y: y.grad_fn.register_hook(lambda gi, go: (gi[0],)), RuntimeError,
     "hook '<lambda>' has returned an incorrect number of values (got 1, but expected 2)"),
    (lambda y: y.grad_fn.register_hook(lambda gi, go: (gi[0].sum(), None)), RuntimeError,
     "hook '<lambda>' has changed the size of value"),
    (lambda y: y.grad_fn.register_hook(lambda gi, go: [gi[0], None]), TypeError,
     "expected tuple, but hook returned 'list'"),
])
def test_bad_hook_results_raise_torchs_errors(register, error, message):
    x = leaf([1.0, 2.0])
    y = x * 2
    register(y)
    with pytest.raises(error) as info:
        y.sum().backward()
    assert str(info.value) == message


def test_registering_hooks_where_torch_refuses_them():
    with ember.no_grad():
        y = leaf([1.0]) * 2
    with pytest.raises(RuntimeError, match="cannot register a hook on a tensor that doesn't "
                       "require gradient"):
        y.register_hook(lambda g: g)
    with pytest.raises(RuntimeError, match="post accumulate grad hooks cannot be registered on "
                       "non-leaf tensors"):
        (leaf([1.0]) * 2).register_post_accumulate_grad_hook(lambda t: None)


def test_hooks_during_autograd_grad():
    x = leaf([1.0, 2.0])
    x.register_hook(lambda g: g * 10)
    y = x * 2
    y.register_hook(lambda g: g + 1)
    y.retain_grad()
    # Leaf hooks apply to captured gradients too, and retain_grad accumulates.
    (gx,) = ember.autograd.grad(y.sum(), x)
    assert gx.tolist() == [40.0, 40.0]
    (gy,) = ember.autograd.grad((y * 3).sum(), y)
    assert gy.tolist() == [4.0, 4.0]
    assert y.grad.tolist() == [6.0, 6.0]  # 2 from the first call, 4 from the second
    # A node whose output is captured and that also runs: torch captures before the hooks.
    z = x * 2
    z.register_hook(lambda g: g + 1)
    gz, gx = ember.autograd.grad((z * 3).sum(), [z, x])
    assert gz.tolist() == [3.0, 3.0] and gx.tolist() == [80.0, 80.0]


def test_hooks_on_several_outputs_of_one_node():
    class Pair(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2, x * 3

        @staticmethod
        def backward(ctx, g1, g2):
            return g1 * 2 + g2 * 3

    x = leaf([1.0])
    a, b = Pair.apply(x)
    seen = []
    b.register_hook(lambda g: seen.append(g.tolist()) or g * 0)
    a.grad_fn.register_prehook(lambda go: seen.append([g.tolist() for g in go]))
    (a + b).sum().backward()
    assert seen == [[1.0], [[1.0], [0.0]]]
    assert x.grad.tolist() == [2.0]


# ---------------------------------------------------------------------- saved tensor hooks
def test_pack_and_unpack_run_for_every_saved_tensor():
    packed, unpacked = [], []

    def pack(t):
        packed.append(tuple(t.shape))
        return ("box", t)

    def unpack(box):
        unpacked.append(box[0])
        return box[1]

    x = leaf([1.0, 2.0])
    with saved_tensors_hooks(pack, unpack):
        y = x.exp()  # saves its output
        z = y * x  # saves y and x
        w = x * 2  # saves nothing: the gradient of 2 is not needed
    assert len(packed) == 3 and w.grad_fn is not None
    x.exp()  # after the block, saving no longer packs
    assert len(packed) == 3
    z.sum().backward()
    assert unpacked == ["box"] * 3
    np.testing.assert_allclose(x.grad.numpy(), np.exp([1.0, 2.0]) * (1 + np.array([1.0, 2.0])),
                               rtol=1e-6)


def test_unpacked_copies_stay_connected_to_the_graph():
    x = leaf([1.0, 2.0])
    with saved_tensors_hooks(lambda t: t.detach().clone(), lambda t: t):
        h = x * 1
        y = (h * h).sum()  # saves a non-leaf twice
        e = x.exp()  # saves its output
        s = (x * x).sum()  # saves a leaf
    for loss, second in ((y, [2.0, 2.0]), (s, [2.0, 2.0]), (e.sum(), np.exp([1.0, 2.0]))):
        (g,) = ember.autograd.grad(loss, x, create_graph=True)
        (gg,) = ember.autograd.grad(g.sum(), x)
        np.testing.assert_allclose(gg.numpy(), second, rtol=1e-6)


def test_packed_copies_are_not_version_checked():
    # With hooks, what the node keeps is the hook's business: torch checks no versions.
    x = leaf([1.0, 2.0])
    with saved_tensors_hooks(lambda t: t.detach().clone(), lambda t: t):
        a = x * 1
        b = a.exp()
    a.mul_(5)
    b.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), np.exp([1.0, 2.0]), rtol=1e-6)


def test_only_the_innermost_hooks_apply_and_custom_functions_use_them():
    log = []
    x = leaf([1.0, 2.0])
    with saved_tensors_hooks(lambda t: ("outer", t), lambda p: p[1]):
        with saved_tensors_hooks(lambda t: ("inner", t), lambda p: (log.append(p[0]), p[1])[1]):
            y = x.exp()

            class Triple(Function):
                @staticmethod
                def forward(ctx, a):
                    out = a * 3
                    ctx.save_for_backward(a, out)
                    return out

                @staticmethod
                def backward(ctx, g):
                    a, out = ctx.saved_tensors
                    assert out.grad_fn is ctx  # the saved output is reconnected to its node
                    return g * 3

            z = Triple.apply(x)
    (y.sum() + z.sum()).backward()
    assert log == ["inner"] * 3


def test_hook_errors_and_scope():
    x = leaf([1.0, 2.0])
    with saved_tensors_hooks(lambda t: t, lambda t: 3):
        y = x.exp()
    with pytest.raises(TypeError, match="Output of saved tensor unpack_hook expected to be a "
                       "Tensor but got result of type int"):
        y.sum().backward()
    packed = []
    with saved_tensors_hooks(lambda t: packed.append(t) or t, lambda t: t):
        with ember.no_grad():
            x.exp()
    assert packed == []  # nothing is saved without a graph
    with disable_saved_tensors_hooks("saved tensors hooks are off here"):
        with pytest.raises(RuntimeError, match="saved tensors hooks are off here"):
            with saved_tensors_hooks(lambda t: t, lambda t: t):
                pass


def test_saved_tensor_hooks_belong_to_their_thread():
    packed = []
    results = []
    started, release = threading.Event(), threading.Event()

    def other_thread():
        started.wait()
        x = leaf([1.0])
        results.append(x.exp().grad_fn is not None)
        release.set()

    thread = threading.Thread(target=other_thread)
    thread.start()
    with saved_tensors_hooks(lambda t: packed.append(t) or t, lambda t: t):
        started.set()
        release.wait()
    thread.join()
    assert results == [True] and packed == []


def test_save_on_cpu_is_transparent():
    x = leaf([1.0, 2.0])
    with save_on_cpu():
        y = x.exp()
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), np.exp([1.0, 2.0]), rtol=1e-6)


def test_hooks_that_keep_the_tensor_do_not_keep_the_graph_alive():
    gc.collect()
    gc.disable()
    try:
        x = leaf([1.0, 2.0])
        with saved_tensors_hooks(lambda t: t, lambda t: t):
            y = x.exp()
        node = weakref.ref(y.grad_fn)
        del y
        assert node() is None
    finally:
        gc.enable()


def test_every_graph_node_is_a_graph_Node():  # noqa: N802 - the class's name
    x = leaf([1.0])
    y = x * 2
    assert isinstance(y.grad_fn, Node)
    assert isinstance(y.grad_fn.next_functions[0][0], Node)  # AccumulateGrad
    assert isinstance(Pair2.apply(x).grad_fn, Node)
    assert not isinstance(x, Node)


class Pair2(Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, g):
        return g * 2


def test_multi_grad_hook_gathers_the_gradients_one_pass_computes():
    w = ember.ones(2, requires_grad=True)
    a, b, c = w * 2, w * 3, w * 4
    seen = []
    handle = ember.autograd.graph.register_multi_grad_hook(
        (a, b, c), lambda grads: seen.append([None if g is None else g.tolist() for g in grads]))
    (a.sum() + b.sum()).backward(retain_graph=True)  # c is not reached: None
    ember.autograd.grad((a * b).sum(), [a], retain_graph=True)  # only a's node runs
    assert seen == [[[1.0, 1.0], [1.0, 1.0], None], [[3.0, 3.0], None, None]]
    handle.remove()
    a.sum().backward(retain_graph=True)
    assert len(seen) == 2
    first = []
    ember.autograd.graph.register_multi_grad_hook((a, b), first.append, mode="any")
    (a.sum() + 2 * b.sum()).backward()
    assert len(first) == 1
    with pytest.raises(ValueError, match="Expects mode to be one of"):
        ember.autograd.graph.register_multi_grad_hook((w,), print, mode="some")
