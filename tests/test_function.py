"""Custom differentiable functions (ember.autograd.Function), checked against torch's behaviour.

Error messages quoted here are torch 2.13's, observed by running the same code on torch.
"""

import gc
import weakref

import numpy as np
import pytest

import ember
from ember.autograd import Function, gradcheck, gradgradcheck
from ember.autograd import forward_ad as fwad
from ember.autograd.function import once_differentiable
from ember.autograd.gradcheck import GradcheckError


@pytest.fixture
def no_cycle_collector():
    """Graphs must die by reference counting alone."""
    gc.collect()
    gc.disable()
    yield
    gc.enable()


def leaf(values, requires_grad=True):
    return ember.tensor(values, dtype=ember.float64, requires_grad=requires_grad)


class ScaledProduct(Function):
    """x * y * k with k a Python number: two tensor inputs, one non-tensor argument."""

    @staticmethod
    def forward(ctx, x, y, k):
        ctx.save_for_backward(x, y)
        ctx.k = k
        return x * y * k

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        return grad * y * ctx.k, grad * x * ctx.k, None


class Cube(Function):
    """x ** 3 with a backward written in ember ops, so it can be differentiated again."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * 3 * x ** 2


class ExpSavingOutput(Function):
    @staticmethod
    def forward(ctx, x):
        out = x.exp()
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * out


def function_class(name, backward, arity=1):
    """A Function named `name` computing a*b (arity 2) or a*2 with the given backward."""
    forward = (lambda ctx, a, b: a * b) if arity == 2 else (lambda ctx, a: a * 2)
    return type(name, (Function,), {"forward": staticmethod(forward),
                                    "backward": staticmethod(backward)})


# ---------------------------------------------------------------------- the basics
def test_gradients_of_a_custom_function_follow_its_backward():
    x, y = leaf([0.5, -1.0, 2.0]), leaf([1.5, 2.0, -3.0])
    ScaledProduct.apply(x, y, 2.0).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [3.0, 4.0, -6.0])
    np.testing.assert_allclose(y.grad.numpy(), [1.0, -2.0, 4.0])


def test_the_node_is_named_after_the_function_and_edges_only_lead_to_tensors():
    x, y = leaf([1.0, 2.0]), leaf([3.0, 4.0], requires_grad=False)
    z = ScaledProduct.apply(x, y, 2.0)
    assert repr(z) == "tensor([ 6., 16.], dtype=torch.float64, grad_fn=<ScaledProductBackward>)"
    assert type(z.grad_fn).__name__ == "ScaledProductBackward"
    assert z.grad_fn.name() == "ScaledProductBackward"
    assert repr(z.grad_fn).startswith("<torch.autograd.function.ScaledProductBackward object")
    # As torch: one edge per tensor argument (none for k), None where no grad is needed.
    (first, nr0), (second, nr1) = z.grad_fn.next_functions
    assert first.variable is x and second is None and (nr0, nr1) == (0, 0)
    assert z.grad_fn.needs_input_grad == (True, False, False)


def test_forward_runs_without_grad_mode_and_backward_with_create_graph():
    seen = {}

    class Spy(Function):
        @staticmethod
        def forward(ctx, x):
            seen["forward"] = ember.is_grad_enabled()
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            seen.setdefault("backward", []).append(ember.is_grad_enabled())
            return grad * 2

    x = leaf([1.0])
    out = Spy.apply(x)
    assert seen["forward"] is False and out.grad_fn is not None
    ember.autograd.grad(out, x, retain_graph=True)
    ember.autograd.grad(out, x, create_graph=True)
    assert seen["backward"] == [False, True]


def test_custom_functions_are_differentiable_twice_when_backward_uses_ember_ops():
    x = leaf([0.5, -1.5])
    (g,) = ember.autograd.grad(Cube.apply(x).sum(), x, create_graph=True)
    assert g.grad_fn is not None
    (gg,) = ember.autograd.grad(g.sum(), x)
    np.testing.assert_allclose(gg.numpy(), 6 * x.detach().numpy())
    assert gradgradcheck(Cube.apply, (x,))


def test_no_node_without_grad_mode_or_inputs_requiring_grad():
    x = leaf([1.0, 2.0])
    with ember.no_grad():
        assert Cube.apply(x).grad_fn is None
    out = Cube.apply(leaf([1.0, 2.0], requires_grad=False))
    assert out.grad_fn is None and not out.requires_grad


# ---------------------------------------------------------------------- several outputs
class TwoOutputs(Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2, x * 3

    @staticmethod
    def backward(ctx, g1, g2):
        ctx.received = (g1, g2)
        return g1 * 2 + (0 if g2 is None else g2 * 3)


def test_several_outputs_share_one_node():
    x = leaf([1.0, 2.0])
    a, b = TwoOutputs.apply(x)
    assert a.grad_fn is b.grad_fn and a.grad_fn.num_outputs == 2
    assert (a._output_nr, b._output_nr) == (0, 1)
    (a.sum() + b.sum() * 10).backward()
    np.testing.assert_allclose(x.grad.numpy(), [32.0, 32.0])


def test_gradients_of_unused_outputs_arrive_as_zeros_unless_materializing_is_off():
    x = leaf([1.0, 2.0])
    a, _ = TwoOutputs.apply(x)
    a.sum().backward()
    node_grads = a.grad_fn.received
    assert node_grads[1].tolist() == [0.0, 0.0]

    class Lazy(TwoOutputs):
        @staticmethod
        def forward(ctx, x):
            ctx.set_materialize_grads(False)
            return x * 2, x * 3

    a, _ = Lazy.apply(x)
    a.sum().backward()
    assert a.grad_fn.received[1] is None


def test_non_tensor_outputs_pass_through_and_integer_outputs_do_not_require_grad():
    class Mixed(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2, 5, ember.arange(3)

        @staticmethod
        def backward(ctx, g, g_number, g_index):
            assert g_number is None and g_index.tolist() == [0, 0, 0]
            return g * 2

    x = leaf([1.0, 2.0, 3.0])
    out, number, index = Mixed.apply(x)
    assert number == 5 and not index.requires_grad and index.grad_fn is None
    out.sum().backward()
    assert x.grad.tolist() == [2.0, 2.0, 2.0]


def test_mark_non_differentiable():
    class ValueAndDouble(Function):
        @staticmethod
        def forward(ctx, x):
            twice = x * 2
            ctx.mark_non_differentiable(twice)
            return x * 1, twice

        @staticmethod
        def backward(ctx, g, g_twice):
            assert g_twice.tolist() == [0.0, 0.0]  # materialized zeros, as torch
            return g

    value, twice = ValueAndDouble.apply(leaf([1.0, 2.0]))
    assert value.requires_grad and not twice.requires_grad and twice.grad_fn is None


# ---------------------------------------------------------------------- backward's results
@pytest.mark.parametrize("name, backward, arity, message", [
    ("TooMany", lambda ctx, g: (g, g, g), 2,
     "function TooManyBackward returned an incorrect number of gradients (expected 2, got 3)"),
    ("TooFew", lambda ctx, g: (g,), 2,
     "function TooFewBackward returned an incorrect number of gradients (expected 2, got 1)"),
    ("NotATuple", lambda ctx, g: g, 2,
     "function NotATupleBackward returned an incorrect number of gradients (expected 2, got 1)"),
    ("Short", lambda ctx, g: (g[:2], g), 2,
     "Function ShortBackward returned an invalid gradient at index 0 - got [2] but expected "
     "shape compatible with [3]"),
    ("Summed", lambda ctx, g: g.sum(), 1,
     "Function SummedBackward returned an invalid gradient at index 0 - got [] but expected "
     "shape compatible with [3]"),
    ("Number", lambda ctx, g: 3, 1, "expected Variable or None (got int)"),
])
def test_wrong_gradients_raise_torchs_errors_naming_the_function(name, backward, arity,
                                                                  message):
    fn = function_class(name, backward, arity)
    x, y = leaf([0.5, -1.0, 2.0]), leaf([1.5, 2.0, -3.0])
    out = fn.apply(x, y) if arity == 2 else fn.apply(x)
    with pytest.raises(RuntimeError) as info:
        out.sum().backward()
    assert str(info.value) == message


def test_a_gradient_for_a_non_tensor_argument_is_an_error():
    fn = function_class("Scale", lambda ctx, g: (g, g), 2)
    with pytest.raises(RuntimeError, match=r"^function ScaleBackward returned a gradient "
                       r"different than None at position 2, but the corresponding forward "
                       r"input was not a Variable$"):
        fn.apply(leaf([1.0, 2.0]), 3.0).sum().backward()


def test_extra_trailing_nones_broadcast_gradients_and_dtypes_are_accepted_as_torch_does():
    x = leaf([1.0, 2.0, 3.0])
    function_class("Extra", lambda ctx, g: (g, None, None)).apply(x).sum().backward()
    assert x.grad.tolist() == [1.0, 1.0, 1.0]
    x.grad = None
    wide = function_class("Wide", lambda ctx, g: g.reshape(3, 1) * ember.ones(3, 3,
                                                                           dtype=ember.float64))
    wide.apply(x).sum().backward()
    assert x.grad.tolist() == [3.0, 3.0, 3.0]  # summed back to the input's shape
    x.grad = None
    function_class("Narrow", lambda ctx, g: g.float()).apply(x).sum().backward()
    assert x.grad.dtype == ember.float64  # cast to the input's dtype
    x.grad = None
    # A gradient for a tensor input that does not require grad is ignored.
    fn = function_class("Ignored", lambda ctx, g: (g, g[:1]), 2)
    fn.apply(x, leaf([1.0, 1.0, 1.0], requires_grad=False)).sum().backward()
    assert x.grad.tolist() == [1.0, 1.0, 1.0]


def test_missing_and_duplicate_methods():
    class NoBackward(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

    class NoForward(Function):
        pass

    class Both(Cube):
        @staticmethod
        def vjp(ctx, g):
            return g

    class VjpOnly(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def vjp(ctx, g):
            return g * 2

    x = leaf([1.0])
    with pytest.raises(NotImplementedError, match="You must implement either the backward or "
                       "vjp method"):
        NoBackward.apply(x).backward()
    with pytest.raises(NotImplementedError, match="You must implement the forward function"):
        NoForward.apply(x)
    with pytest.raises(RuntimeError, match="Implementing both 'backward' and 'vjp'"):
        Both.apply(x).backward()
    VjpOnly.apply(x).backward()
    assert x.grad.tolist() == [2.0]


def test_instantiating_warns_and_calling_an_instance_fails_as_in_torch():
    with pytest.warns(DeprecationWarning, match="should not be instantiated"):
        instance = Cube()
    with pytest.raises(RuntimeError, match="Legacy autograd function with non-static forward"):
        instance(leaf([1.0]))


# ---------------------------------------------------------------------- saved tensors
def test_saved_tensors_are_checked_against_in_place_changes():
    x = leaf([1.0, 2.0])
    y = x * 1
    out = Cube.apply(y)
    y.add_(1)
    with pytest.raises(RuntimeError, match=r"one of the variables needed for gradient "
                       r"computation has been modified by an inplace operation: "
                       r"\[torch.DoubleTensor \[2\]\], which is output 0 of Add, is at "
                       r"version 1; expected version 0 instead"):
        out.sum().backward()


def test_a_saved_output_reconnects_to_the_node_and_is_version_checked():
    x = leaf([0.5, -1.0])
    out = ExpSavingOutput.apply(x)
    (g,) = ember.autograd.grad(out.sum(), x, create_graph=True)
    (gg,) = ember.autograd.grad(g.sum(), x)
    np.testing.assert_allclose(gg.numpy(), np.exp([0.5, -1.0]))
    out = ExpSavingOutput.apply(x)
    with ember.no_grad():
        out.mul_(2)
    with pytest.raises(RuntimeError, match="which is output 0 of ExpSavingOutput, is at "
                       "version 1; expected version 0"):
        out.sum().backward()


def test_saved_tensors_are_freed_by_backward_unless_retained():
    x = leaf([1.0, 2.0])
    out = Cube.apply(x)
    out.sum().backward(retain_graph=True)
    assert len(out.grad_fn.saved_tensors) == 1
    out.sum().backward()
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second "
                       "time"):
        out.grad_fn.saved_tensors  # noqa: B018 - the access is what fails


def test_only_tensors_can_be_saved():
    class SavesNumber(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(3)
            return x

    with pytest.raises(TypeError, match="save_for_backward can only save variables, but "
                       "argument 0 is of type int"):
        SavesNumber.apply(leaf([1.0]))


def test_a_saved_output_does_not_keep_the_graph_alive(no_cycle_collector):
    x = leaf([1.0, 2.0])
    out = ExpSavingOutput.apply(x)
    node = weakref.ref(out.grad_fn)
    del out
    assert node() is None  # no reference cycle node -> saved output -> node


# ---------------------------------------------------------------------- in-place, identity
class DoubleInPlace(Function):
    @staticmethod
    def forward(ctx, x):
        x.mul_(2)
        ctx.mark_dirty(x)
        return x

    @staticmethod
    def backward(ctx, grad):
        return grad * 2


def test_mark_dirty_makes_the_input_object_an_output_of_the_node():
    x = leaf([1.0, 2.0])
    y = x * 1
    out = DoubleInPlace.apply(y)
    assert out is y and type(y.grad_fn).__name__ == "DoubleInPlaceBackward"
    assert y._version == 2  # the write and the marking, as torch counts them
    assert y.tolist() == [2.0, 4.0]
    out.sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]


def test_mark_dirty_on_a_leaf_that_requires_grad_is_refused():
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad has been used "
                       "in an in-place operation."):
        DoubleInPlace.apply(leaf([1.0]))


def test_an_input_returned_as_is_comes_back_as_a_new_tensor():
    class Identity(Function):
        @staticmethod
        def forward(ctx, x):
            return x

        @staticmethod
        def backward(ctx, grad):
            return grad * 2

    x = leaf([1.0, 2.0])
    out = Identity.apply(x)
    assert out is not x and x.grad_fn is None
    assert out.data_ptr() == x.data_ptr()
    out.sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]


# ---------------------------------------------------------------------- once_differentiable
class OnceCube(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3

    @staticmethod
    @once_differentiable
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        assert not ember.is_grad_enabled()
        return grad * 3 * x ** 2


def test_once_differentiable_backward_cannot_be_differentiated_again():
    x = leaf([1.0, 2.0])
    (g,) = ember.autograd.grad(OnceCube.apply(x).sum(), x, create_graph=True)
    assert g.grad_fn is None  # its incoming gradient did not require grad
    np.testing.assert_allclose(g.numpy(), [3.0, 12.0])
    cotangent = leaf([1.0, 1.0])
    (g,) = ember.autograd.grad(OnceCube.apply(x), x, cotangent, create_graph=True)
    assert g.grad_fn.name() == "torch::autograd::Error"
    with pytest.raises(RuntimeError, match="^trying to differentiate twice a function that "
                       "was marked with @once_differentiable$"):
        g.sum().backward()


# ---------------------------------------------------------------------- setup_context style
class ScaleBy(Function):
    @staticmethod
    def forward(x, k=2.0):
        return x * k

    @staticmethod
    def setup_context(ctx, inputs, output):
        x, k = inputs
        assert not ember.is_grad_enabled() and not output.requires_grad
        ctx.k = k

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.k, None


def test_setup_context_style_with_keyword_and_default_arguments():
    x = leaf([1.0, 2.0])
    ScaleBy.apply(x).sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]
    x.grad = None
    out = ScaleBy.apply(x, k=5.0)
    assert out.tolist() == [5.0, 10.0]
    out.sum().backward()
    assert x.grad.tolist() == [5.0, 5.0]


def test_gradcheck_accepts_the_custom_functions():
    x, y = leaf([0.5, -1.0, 2.0]), leaf([1.5, 2.0, -3.0])
    assert gradcheck(lambda a, b: ScaledProduct.apply(a, b, 3.0), (x, y))
    assert gradcheck(TwoOutputs.apply, (x,))
    assert gradcheck(ExpSavingOutput.apply, (x,))
    assert gradgradcheck(ExpSavingOutput.apply, (x,))


# ---------------------------------------------------------------------- forward mode
class ProductWithJvp(Function):
    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_forward(x, y)
        return x * y, x + 1

    @staticmethod
    def jvp(ctx, tx, ty):
        x, y = ctx.saved_tensors
        return tx * y + x * ty, tx

    @staticmethod
    def backward(ctx, g1, g2):
        raise AssertionError("not used")


def test_jvp_gives_forward_mode_tangents():
    x, y = leaf([1.0, 2.0], False), leaf([3.0, 4.0], False)
    with fwad.dual_level():
        dual = fwad.make_dual(x, leaf([1.0, 0.0], False))
        product, shifted = ProductWithJvp.apply(dual, y)
        assert fwad.unpack_dual(product).primal.tolist() == [3.0, 8.0]
        # y has no tangent: the jvp receives zeros for it, as in torch.
        assert fwad.unpack_dual(product).tangent.tolist() == [3.0, 0.0]
        assert fwad.unpack_dual(shifted).tangent.tolist() == [1.0, 0.0]


def test_forward_mode_errors():
    x = leaf([1.0, 2.0], False)
    with fwad.dual_level():
        dual = fwad.make_dual(x, leaf([1.0, 0.0], False))
        with pytest.raises(NotImplementedError, match="You must implement the jvp function"):
            Cube.apply(dual)

        class WrongCount(Cube):
            @staticmethod
            def jvp(ctx, t):
                return t, t

        with pytest.raises(RuntimeError, match=r"Function's jvp returned an invalid number of "
                           r"forward gradients \(expected 1 but got 2\)"):
            WrongCount.apply(dual)


def test_gradcheck_checks_a_custom_jvp_against_finite_differences():
    class GoodJvp(Cube):
        @staticmethod
        def jvp(ctx, t):
            (x,) = ctx.saved_tensors
            return 3 * x ** 2 * t

        @staticmethod
        def forward(ctx, x):
            ctx.save_for_forward(x)
            ctx.save_for_backward(x)
            return x ** 3

    class BadJvp(GoodJvp):
        @staticmethod
        def jvp(ctx, t):
            (x,) = ctx.saved_tensors
            return 3.01 * x ** 2 * t

    x = leaf([0.5, -1.5])
    assert gradcheck(GoodJvp.apply, (x,), check_forward_ad=True)
    with pytest.raises(GradcheckError, match="Jacobian computed with forward mode mismatch "
                       "for output 0 with respect to input 0"):
        gradcheck(BadJvp.apply, (x,), check_forward_ad=True)
