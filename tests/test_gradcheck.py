"""gradcheck and gradgradcheck: they accept correct gradients and reject wrong ones.

The checker is tested on custom Functions whose backward is wrong by a known amount.
Messages are torch 2.13's, observed by running the same calls on torch.
"""

import random
import re
import warnings

import numpy as np
import pytest

import ember
from ember.autograd import Function, gradcheck, gradgradcheck
from ember.autograd.gradcheck import GradcheckError


def leaf(values, requires_grad=True):
    return ember.tensor(values, dtype=ember.float64, requires_grad=requires_grad)


X = [0.3, -1.2]
Y = [[1.5, 0.5], [-0.7, 2.0], [0.1, 0.9]]


def product_and_sum(factor_x: float = 1.0, factor_y: float = 1.0):
    """A Function computing (x * y, x + y) (x broadcast along y's rows) whose backward
    scales the product's gradient w.r.t. x and y by the given factors (1: correct)."""

    class ProductAndSum(Function):
        @staticmethod
        def forward(ctx, x, y):
            ctx.save_for_backward(x, y)
            return x * y, x + y

        @staticmethod
        def backward(ctx, g_product, g_sum):
            x, y = ctx.saved_tensors
            return (g_product * y * factor_x + g_sum, g_product * x * factor_y + g_sum)

    return ProductAndSum


def test_correct_gradients_pass_in_slow_and_fast_mode():
    x, y = leaf(X), leaf(Y)
    fn = product_and_sum().apply
    assert gradcheck(fn, (x, y)) is True
    assert gradcheck(fn, (x, y), fast_mode=True) is True
    assert gradcheck(lambda a, b: (a * b + (a - b).exp()).sum(dim=0), (x, y))
    assert gradcheck(lambda a: a.sum(), leaf(X))  # one tensor instead of a tuple


def test_a_backward_off_by_a_tenth_of_a_percent_is_rejected():
    x, y = leaf(X), leaf(Y)
    off = product_and_sum(factor_y=1.001).apply
    # torch's default tolerance (|a - n| <= 1e-5 + 1e-3 |n|) lets a relative error of exactly
    # 1e-3 through, as torch's does; a tighter rtol catches it, in both modes.
    for fast in (False, True):
        with pytest.raises(GradcheckError, match="Jacobian mismatch for output 0 with respect "
                           "to input 1"):
            gradcheck(off, (x, y), rtol=1e-4, fast_mode=fast)
    # With the defaults, a 1% error is caught.
    with pytest.raises(GradcheckError):
        gradcheck(product_and_sum(factor_x=1.01).apply, (x, y))


def test_the_message_shows_both_jacobians_with_one_row_per_input_element():
    x, y = leaf(X), leaf(Y)
    with pytest.raises(GradcheckError) as info:
        gradcheck(product_and_sum(factor_y=1.1).apply, (x, y))
    message = str(info.value)
    assert isinstance(info.value, RuntimeError)
    header, numerical, analytical = re.match(
        r"(.*),\nnumerical:(tensor\(.*\))\nanalytical:(tensor\(.*\))\n$", message,
        re.S).groups()
    assert header == "Jacobian mismatch for output 0 with respect to input 1"
    # d(x*y)[i, j] / dy[i, j] = x[j]: diagonal 6x6 Jacobians, the analytical one 1.1 times off.
    expected = np.diag(np.tile(X, 3))
    for text, factor in ((numerical, 1.0), (analytical, 1.1)):
        assert text.endswith("dtype=torch.float64)")
        values = [float(v) for v in re.findall(r"-?\d+\.\d*", text)]
        np.testing.assert_allclose(np.reshape(values, (6, 6)), expected * factor, atol=1e-4)


def test_fast_mode_failures_show_the_slow_mode_jacobians():
    with pytest.raises(GradcheckError) as info:
        gradcheck(product_and_sum(factor_x=1.1).apply, (leaf(X), leaf(Y)), fast_mode=True)
    message = str(info.value)
    assert message.startswith("Jacobian mismatch for output 0 with respect to input 0,\n"
                              "numerical:")
    assert "Numerical:\n tensor(" in message and "\nAnalytical:\ntensor(" in message
    assert "The max per-element difference (slow mode) is:" in message


def test_fast_mode_leaves_the_random_state_alone():
    ember.manual_seed(3)
    expected = ember.rand(3).tolist()
    ember.manual_seed(3)
    gradcheck(product_and_sum().apply, (leaf(X), leaf(Y)), fast_mode=True)
    assert ember.rand(3).tolist() == expected


def test_raise_exception_false_returns_false():
    off = product_and_sum(factor_x=1.1).apply
    assert gradcheck(off, (leaf(X), leaf(Y)), raise_exception=False) is False


def test_inputs_are_checked_as_torch_does():
    with pytest.warns(UserWarning, match=r"Input #0 requires gradient and is not a double "
                      r"precision floating point or complex\."):
        gradcheck(lambda a: a * 2, (ember.tensor([0.3, 1.2], requires_grad=True),),
                  raise_exception=False)
    with pytest.raises(ValueError, match="gradcheck expects at least one input tensor to "
                       "require gradient, but none of them have requires_grad=True."):
        gradcheck(lambda a: a * 2, (leaf(X, requires_grad=False),))
    expanded = leaf(X).unsqueeze(0).expand(3, 2)
    with pytest.raises(RuntimeError, match="The 0th input has a dimension with stride 0"):
        gradcheck(lambda a: a * 2, (expanded,))
    # Non-contiguous (but not overlapping) inputs are fine.
    transposed = leaf(X).unsqueeze(1).expand(2, 3).contiguous().t()
    assert gradcheck(lambda a: a * 2, (transposed,))


def test_the_checks_beyond_the_jacobian():
    x = leaf(X)

    class NotMultiplied(Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, g):
            return ember.ones_like(g) * 2  # right only when the incoming gradient is 1

    with pytest.raises(GradcheckError, match="^backward not multiplied by grad_output$"):
        gradcheck(NotMultiplied.apply, (leaf([0.5]),))

    rng = random.Random(0)

    class Noisy(Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2 + rng.random() * 1e-9

    with pytest.raises(GradcheckError, match="^Backward is not reentrant"):
        gradcheck(Noisy.apply, (x,))
    # Within nondet_tol the noise passes the reentrancy check (then fails the next one).
    with pytest.raises(GradcheckError, match="^backward not multiplied by grad_output$"):
        gradcheck(Noisy.apply, (x,), nondet_tol=1e-7)


def test_functions_without_differentiable_outputs():
    x = leaf(X)
    assert gradcheck(lambda a: (a * 0).detach(), (x,))
    with pytest.raises(GradcheckError, match="^Numerical gradient for function expected to "
                       "be zero$"):
        gradcheck(lambda a: (a * 2).detach(), (x,))


def test_missing_output_gradients_are_checked_with_the_engine():
    class Careful(Function):
        @staticmethod
        def forward(ctx, a):
            ctx.set_materialize_grads(False)
            return a * 2, a * 3

        @staticmethod
        def backward(ctx, g1, g2):
            total = None
            for g, factor in ((g1, 2), (g2, 3)):
                if g is not None:
                    total = g * factor if total is None else total + g * factor
            return total

    # The check runs backward with some or all output gradients missing (None); the engine
    # does not call a node whose gradients are all missing, as torch's.
    assert gradcheck(Careful.apply, (leaf(X),), check_undefined_grad=True)


class WrongSecondDerivative(Function):
    """x ** 3 with a right first derivative whose own derivative is wrong: the backward
    uses x.detach(), so differentiating it again misses the dependence on x."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * 3 * x.detach() ** 2


def test_gradgradcheck_accepts_true_second_derivatives_and_rejects_wrong_ones():
    x, y = leaf(X), leaf(Y)
    assert gradgradcheck(lambda a, b: a * b * (a + b).exp(), (x, y))
    assert gradgradcheck(lambda a, b: a * b * (a + b).exp(), (x, y), fast_mode=True)
    assert gradgradcheck(lambda a, b: (a * b).sin(), (x, y), gen_non_contig_grad_outputs=True)
    assert gradcheck(WrongSecondDerivative.apply, (x,))  # first derivatives are right
    with pytest.raises(GradcheckError, match="Jacobian mismatch for output 0 with respect to "
                       "input 0"):
        gradgradcheck(WrongSecondDerivative.apply, (x,))
    cotangent = leaf([1.0, -2.0])
    assert not gradgradcheck(WrongSecondDerivative.apply, (x,), (cotangent,),
                             raise_exception=False)


def test_forward_mode_can_be_checked_too():
    x, y = leaf(X), leaf(Y)
    fn = lambda a, b: a * b + (a + b).exp()  # noqa: E731
    assert gradcheck(fn, (x, y), check_forward_ad=True)
    assert gradcheck(fn, (x, y), check_forward_ad=True, check_backward_ad=False,
                     fast_mode=True)


@pytest.mark.parametrize("flag", ["check_batched_grad", "check_batched_forward_grad",
                                  "masked"])
def test_unsupported_flags_say_so(flag):
    with pytest.raises(NotImplementedError, match=flag):
        gradcheck(lambda a: a * 2, (leaf(X),), **{flag: True})


def test_float32_checks_warn_but_still_compare():
    x = ember.tensor([0.3, -1.2], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # Central differences in float32 are far from the analytical Jacobian: torch fails
        # such checks too; a loose tolerance lets them through.
        assert not gradcheck(lambda a: a * 2, (x,), raise_exception=False)
        assert gradcheck(lambda a: a * 2, (x,), eps=1e-2, atol=1e-2)
