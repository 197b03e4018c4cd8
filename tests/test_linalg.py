"""Linear algebra beyond the generated op tests (tests/samples/linalg.py covers values and
gradients): torch's error types and messages, grad_fn names, dtypes, einsum against
np.einsum on many equations (with gradients by finite differences), and ember.linalg.

Expected messages and grad_fn names are what torch 2.13 prints for the same calls.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import ember
from ember.ops import OPS

R = np.random.default_rng(5)


def t(*shape: int, dtype=ember.float32, grad: bool = False) -> ember.Tensor:
    return ember.tensor(R.standard_normal(shape), dtype=dtype, requires_grad=grad)


def raises(kind: type, message: str):
    return pytest.raises(kind, match=f"^{re.escape(message)}$")


def numeric_gradient(f, arrays: list[np.ndarray], index: int, step: float = 1e-6) -> np.ndarray:
    """d f(arrays) / d arrays[index] for a scalar f, by central differences."""
    base = arrays[index]
    grad = np.zeros_like(base)
    for k in range(base.size):
        values = []
        for sign in (1.0, -1.0):
            shifted = base.copy()
            shifted.flat[k] += sign * step
            values.append(f(arrays[:index] + [shifted] + arrays[index + 1:]))
        grad.flat[k] = (values[0] - values[1]) / (2 * step)
    return grad


# ---------------------------------------------------------------------- matmul dispatch
MATMUL_GRAD_FNS = [  # (shape a, shape b, a requires grad, b requires grad, torch's grad_fn)
    ((3,), (3,), True, True, "DotBackward0"),
    ((2, 3), (3,), True, False, "MvBackward0"),
    ((3,), (3, 2), True, True, "SqueezeBackward4"),
    ((2, 3), (3, 2), False, True, "MmBackward0"),
    ((4, 2, 3), (3, 2), True, True, "UnsafeViewBackward0"),
    ((4, 2, 3), (3,), True, True, "UnsafeViewBackward0"),
    ((3,), (4, 3, 2), True, True, "UnsafeViewBackward0"),
    ((2, 3), (4, 3, 2), True, False, "CloneBackward0"),
    ((2, 3), (4, 3, 2), False, True, "UnsafeViewBackward0"),
    ((1, 2, 3), (4, 3, 2), True, False, "CloneBackward0"),
    ((1, 2, 3), (1, 3, 2), True, False, "UnsafeViewBackward0"),
    ((4, 2, 3), (1, 3, 2), True, True, "UnsafeViewBackward0"),
    ((2, 1, 2, 3), (4, 3, 2), True, True, "UnsafeViewBackward0"),
]


@pytest.mark.parametrize("sa, sb, ga, gb, name", MATMUL_GRAD_FNS)
def test_matmul_grad_fn_names_follow_torchs_dispatch(sa, sb, ga, gb, name):
    a, b = t(*sa, grad=ga), t(*sb, grad=gb)
    out = a @ b
    assert type(out.grad_fn).__name__ == name
    np.testing.assert_allclose(out.detach().numpy(), a.detach().numpy() @ b.detach().numpy(),
                               rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("sa, sb", [
    ((3,), (3,)), ((3,), (2, 3, 2)), ((2, 3), (2, 3, 2)), ((2, 2, 3), (3,)), ((2, 2, 3), (3, 2)),
    ((1, 2, 3), (2, 3, 2)), ((2, 1, 2, 3), (1, 2, 3, 2)), ((3, 2, 3), (2, 1, 3, 2)),
])
def test_matmul_gradients_match_finite_differences(sa, sb):
    arrays = [R.standard_normal(sa), R.standard_normal(sb)]
    weights = R.standard_normal(np.matmul(*arrays).shape)

    def loss(values):
        return float(np.sum(np.matmul(*values) * weights))

    a, b = (ember.tensor(x, requires_grad=True) for x in arrays)
    ((a @ b) * ember.tensor(weights)).sum().backward()
    for tensor, i in ((a, 0), (b, 1)):
        np.testing.assert_allclose(tensor.grad.numpy(), numeric_gradient(loss, arrays, i),
                                   rtol=1e-6, atol=1e-8)


MATMUL_ERRORS = [
    ((2, 3), (2, 3), "mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)"),
    ((3,), (4,), "inconsistent tensor size, expected tensor [3] and src [4] to have the same "
                 "number of elements, but got 3 and 4 elements respectively"),
    ((2, 3), (4,), "size mismatch, got input (2), mat (2x3), vec (4)"),
    ((4,), (2, 3), "mat1 and mat2 shapes cannot be multiplied (1x4 and 2x3)"),
    ((4, 2, 3), (4,), "size mismatch, got input (8), mat (8x3), vec (4)"),
    ((4,), (4, 2, 3), "Expected size for first two dimensions of batch2 tensor to be: [4, 4] but "
                      "got: [4, 2]."),
    ((4, 2, 3), (4, 2), "mat1 and mat2 shapes cannot be multiplied (8x3 and 4x2)"),
    ((2, 3), (4, 4, 2), "Expected size for first two dimensions of batch2 tensor to be: [4, 3] "
                        "but got: [4, 4]."),
    ((4, 2, 3), (1, 4, 2), "Expected size for first two dimensions of batch2 tensor to be: "
                           "[4, 3] but got: [4, 4]."),
    ((6, 5, 2, 3), (7, 5, 3, 2), "The size of tensor a (6) must match the size of tensor b (7) "
                                 "at non-singleton dimension 0"),
    ((5, 2, 3), (2, 4, 3, 2), "The size of tensor a (5) must match the size of tensor b (4) at "
                              "non-singleton dimension 1"),
]


@pytest.mark.parametrize("sa, sb, message", MATMUL_ERRORS)
def test_matmul_shape_errors(sa, sb, message):
    with raises(RuntimeError, message):
        ember.matmul(t(*sa), t(*sb))


MATMUL_DTYPE_ERRORS = [  # float32 @ float64 in each of torch's kernels
    ((3,), (3,), "dot : expected both vectors to have same dtype, but found Float and Double"),
    ((2, 3), (3,), "addmv input tensors must have the same dtype, but got Double, Float, and "
                   "Double"),
    ((3,), (3, 2), "expected m1 and m2 to have the same dtype, but got: float != double"),
    ((4, 2, 3), (3, 2), "expected m1 and m2 to have the same dtype, but got: float != double"),
    ((4, 2, 3), (3,), "addmv input tensors must have the same dtype, but got Double, Float, and "
                      "Double"),
    ((3,), (4, 3, 2), "expected scalar type Float but found Double"),
    ((4, 2, 3), (4, 3, 2), "expected scalar type Float but found Double"),
]


@pytest.mark.parametrize("sa, sb, message", MATMUL_DTYPE_ERRORS)
def test_matmul_never_promotes(sa, sb, message):
    with raises(RuntimeError, message):
        ember.matmul(t(*sa), t(*sb, dtype=ember.float64))


@pytest.mark.parametrize("sa, sb, kernel", [
    ((3,), (3,), "dot"), ((2, 3), (3,), "addmv_impl_cpu"), ((2, 3), (3, 2), "addmm_impl_cpu_"),
    ((4, 2, 3), (3, 2), "addmm_impl_cpu_"), ((4, 2, 3), (4, 3, 2), "bmm"),
])
def test_matmul_of_bools_is_not_implemented(sa, sb, kernel):
    a, b = (ember.ones(s, dtype=ember.bool) for s in (sa, sb))
    with raises(NotImplementedError, f"\"{kernel}\" not implemented for 'Bool'"):
        ember.matmul(a, b)


def test_matmul_of_integers_stays_integer():
    a = ember.arange(6).reshape(2, 3)
    out = a @ a.t()
    assert out.dtype == ember.int64
    assert out.tolist() == [[5, 14], [14, 50]]
    batch = ember.arange(12, dtype=ember.int32).reshape(2, 2, 3)
    assert ember.matmul(batch, ember.ones(3, 2, dtype=ember.int32)).dtype == ember.int32


def test_matmul_argument_errors():
    with raises(RuntimeError, "both arguments to matmul need to be at least 1D, but they are 0D "
                              "and 1D"):
        ember.matmul(ember.tensor(1.0), t(3))
    with raises(TypeError, "matmul(): argument 'other' (position 2) must be Tensor, not int"):
        ember.matmul(t(3), 3)
    with raises(TypeError, "unsupported operand type(s) for @: 'Tensor' and 'int'"):
        t(3) @ 3
    with raises(TypeError, "unsupported operand type(s) for @: 'int' and 'Tensor'"):
        3 @ t(3)


def test_matmul_without_grad_records_nothing():
    a, b = t(2, 3, grad=True), t(4, 3, 2)
    with ember.no_grad():
        out = a @ b
    assert out.grad_fn is None and not out.requires_grad


def test_matmul_float16_accumulates_in_float32():
    a = ember.full((1, 4096), 1.0, dtype=ember.float16)
    b = ember.full((4096, 1), 1.0, dtype=ember.float16)
    # Summing 4096 ones in float16 gets stuck at 2048; torch accumulates in float32.
    assert (a @ b).item() == 4096.0
    assert (a @ b).dtype == ember.float16


# ---------------------------------------------------------------------- dot, mv, mm, bmm, ...
PRODUCT_ERRORS = [
    (lambda: ember.dot(t(2, 3), t(2, 3)), RuntimeError,
     "1D tensors expected, but got 2D and 2D tensors"),
    (lambda: ember.dot(t(3), t(4, dtype=ember.float64)), RuntimeError,
     "dot : expected both vectors to have same dtype, but found Float and Double"),
    (lambda: ember.vdot(t(2, 3), t(2, 3)), RuntimeError,
     "1D tensors expected, but got 2D and 2D tensors"),
    (lambda: ember.dot(ember.ones(2, dtype=ember.bool), ember.ones(2, dtype=ember.bool)),
     NotImplementedError, "\"dot\" not implemented for 'Bool'"),
    (lambda: ember.mv(t(3), t(3)), RuntimeError, "vector + matrix @ vector expected, got 1, 1, 1"),
    (lambda: ember.mv(t(2, 3), t(3, dtype=ember.float64)), RuntimeError,
     "addmv input tensors must have the same dtype, but got Double, Float, and Double"),
    (lambda: ember.mm(t(3), t(3, 2)), RuntimeError, "self must be a matrix"),
    (lambda: ember.mm(t(2, 3), t(3)), RuntimeError, "mat2 must be a matrix"),
    (lambda: ember.mm(t(2, 3, dtype=ember.int64), t(3, 2, dtype=ember.float16)), RuntimeError,
     "expected m1 and m2 to have the same dtype, but got: long int != c10::Half"),
    (lambda: ember.mm(t(2, 3), t(4, 2, dtype=ember.float64)), RuntimeError,
     "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x2)"),
    (lambda: ember.bmm(t(2, 3), t(2, 3, 2)), RuntimeError, "batch1 must be a 3D tensor"),
    (lambda: ember.bmm(t(1, 2, 3), t(3, 2)), RuntimeError, "batch2 must be a 3D tensor"),
    (lambda: ember.bmm(t(1, 2, 3), t(2, 3, 2)), RuntimeError,
     "Expected size for first two dimensions of batch2 tensor to be: [1, 3] but got: [2, 3]."),
    (lambda: ember.bmm(t(2, 2, 3), t(2, 4, 2)), RuntimeError,
     "Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [2, 4]."),
    (lambda: ember.bmm(t(1, 2, 3), t(1, 3, 2, dtype=ember.float64)), RuntimeError,
     "expected scalar type Float but found Double"),
    (lambda: ember.outer(t(3, 2), t(2)), RuntimeError,
     "outer: Expected 1-D argument self, but got 2-D"),
    (lambda: ember.outer(t(3), t(1, 2)), RuntimeError,
     "outer: Expected 1-D argument vec2, but got 2-D"),
    (lambda: ember.inner(t(2, 3), t(3, 2)), RuntimeError,
     "inner() the last dimension must match on both input tensors but got shapes [2, 3] and "
     "[3, 2]"),
    (lambda: ember.inner(t(3), t(3, dtype=ember.float64)), RuntimeError,
     "both inputs should have same dtype"),
    (lambda: ember.trace(t(3)), RuntimeError,
     "trace: expected a matrix, but got tensor with dim 1"),
    (lambda: ember.trace(ember.ones(2, 2, dtype=ember.bool)), NotImplementedError,
     "\"trace\" not implemented for 'Bool'"),
]


@pytest.mark.parametrize("call, kind, message", PRODUCT_ERRORS)
def test_product_errors(call, kind, message):
    with raises(kind, message):
        call()


def test_product_grad_fn_names():
    v, m = t(3, grad=True), t(2, 3, grad=True)
    assert type(ember.vdot(v, v).grad_fn).__name__ == "VdotBackward0"
    assert type(ember.outer(v, v).grad_fn).__name__ == "MulBackward0"
    assert type(ember.inner(m, t(4, 3)).grad_fn).__name__ == "ViewBackward0"
    assert type(ember.inner(v, v).grad_fn).__name__ == "ViewBackward0"
    assert type(ember.trace(m).grad_fn).__name__ == "TraceBackward0"


def test_outer_promotes_like_multiplication():
    assert ember.outer(ember.arange(3), t(2)).dtype == ember.float32
    assert ember.outer(t(3), t(2, dtype=ember.float64)).dtype == ember.float64


def test_trace_of_integers_is_int64_and_of_a_wide_matrix_uses_the_short_diagonal():
    assert ember.trace(ember.ones(2, 2, dtype=ember.int32)).dtype == ember.int64
    m = ember.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    ember.trace(m).backward()
    assert m.grad.tolist() == [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]


# ---------------------------------------------------------------------- einsum
# NumPy refuses to sum dims of an ellipsis the output leaves out; torch sums them.
NUMPY_SPELLING = {"b...,b...->b": "bxy,bxy->b", "...ij->ij": "xij->ij"}

EINSUM_EQUATIONS = [  # equation, operand shapes, torch's grad_fn name
    ("ij->ij", [(2, 3)], "PermuteBackward0"),
    ("ji", [(2, 3)], "PermuteBackward0"),
    ("ij->j", [(2, 3)], "SumBackward1"),
    ("ii->i", [(3, 3)], "PermuteBackward0"),
    ("iij->ji", [(3, 3, 2)], "PermuteBackward0"),
    ("ii", [(3, 3)], "SumBackward1"),
    ("iji->j", [(2, 3, 2)], "SumBackward1"),
    ("i->", [(3,)], "SumBackward1"),
    ("i,i->i", [(3,), (3,)], "MulBackward0"),
    ("i,i", [(3,), (3,)], "ViewBackward0"),
    ("ij,ij->ji", [(2, 3), (2, 3)], "MulBackward0"),
    ("ij,ij->i", [(2, 3), (2, 3)], "ViewBackward0"),
    ("ij,jk->ki", [(2, 3), (3, 4)], "ViewBackward0"),
    ("ij,k->ijk", [(2, 3), (4,)], "MulBackward0"),
    ("ij,jk->ijk", [(2, 3), (3, 4)], "MulBackward0"),
    ("ij,k->", [(2, 3), (4,)], "ViewBackward0"),
    ("i,i,i->", [(3,), (3,), (3,)], "ViewBackward0"),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)], "ViewBackward0"),
    ("i,j,k->ijk", [(2,), (3,), (4,)], "MulBackward0"),
    ("...i,...i->...", [(2, 3), (2, 3)], "ViewBackward0"),
    ("b...,b...->b", [(2, 3, 2), (2, 3, 2)], "ViewBackward0"),
    ("ii,i->i", [(3, 3), (3,)], "MulBackward0"),
    ("bA", [(2, 3)], "PermuteBackward0"),
    ("ij,jk", [(2, 1), (3, 4)], "ViewBackward0"),
    ("...i,...i->...", [(2, 3), (1, 3)], "ViewBackward0"),
    ("...ij->ij", [(2, 2, 3)], "SumBackward1"),
    ("i...->...", [(2, 3)], "SumBackward1"),
    (",", [(), ()], "MulBackward0"),
    ("iii->i", [(2, 2, 2)], "PermuteBackward0"),
    ("ab,cd,bd->ac", [(2, 3), (2, 4), (3, 4)], "ViewBackward0"),
]


@pytest.mark.parametrize("equation, shapes, name", EINSUM_EQUATIONS)
def test_einsum_matches_numpy_with_torchs_grad_fn(equation, shapes, name):
    arrays = [R.standard_normal(s) for s in shapes]
    tensors = [ember.tensor(a, requires_grad=True) for a in arrays]
    out = ember.einsum(equation, *tensors)
    assert type(out.grad_fn).__name__ == name
    expected = np.einsum(NUMPY_SPELLING.get(equation, equation), *arrays)
    np.testing.assert_allclose(out.detach().numpy(), expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("equation, shapes", [(e, s) for e, s, _ in EINSUM_EQUATIONS])
def test_einsum_gradients_match_finite_differences(equation, shapes):
    arrays = [R.standard_normal(s) for s in shapes]
    reference = NUMPY_SPELLING.get(equation, equation)
    weights = R.standard_normal(np.einsum(reference, *arrays).shape)

    def loss(values):
        return float(np.sum(np.einsum(reference, *values) * weights))

    tensors = [ember.tensor(a, requires_grad=True) for a in arrays]
    (ember.einsum(equation, *tensors) * ember.tensor(weights)).sum().backward()
    for i, tensor in enumerate(tensors):
        np.testing.assert_allclose(tensor.grad.numpy(), numeric_gradient(loss, arrays, i),
                                   rtol=1e-6, atol=1e-8, err_msg=f"{equation}: operand {i}")


def test_einsum_is_twice_differentiable_through_a_diagonal():
    # f(A, v) = sum_i A_ii^2 v_i: d2f/dA_ii dv_i = 2 A_ii.
    a = ember.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    v = ember.tensor([0.5, -1.5], requires_grad=True)
    diag = ember.einsum("ii->i", a)
    f = ember.einsum("i,i,i->", diag, diag, v)
    (grad_a,) = ember.autograd.grad(f, a, create_graph=True)
    np.testing.assert_allclose(grad_a.detach().numpy(), [[1.0, 0.0], [0.0, -12.0]])
    (grad_v,) = ember.autograd.grad(grad_a.sum(), v)
    np.testing.assert_allclose(grad_v.numpy(), [2.0, 8.0])


def test_einsum_diagonal_gradient_has_no_negative_zeros():
    a = ember.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    (ember.einsum("ii->i", a) * ember.tensor([-1.0, -2.0])).sum().backward()
    assert not np.signbit(a.grad.numpy()[0, 1]), "torch writes +0.0 off the diagonal"


def test_einsum_argument_forms():
    a, b = t(2, 3), t(3, 4)
    expected = np.einsum("ij,jk->ik", a.numpy(), b.numpy())
    for out in (ember.einsum("ij,jk->ik", [a, b]), ember.einsum("ij,jk->ik", (a, b)),
                ember.einsum(" ij , jk -> ik ", a, b),
                ember.einsum(a, [0, 1], b, [1, 2], [0, 2]), ember.einsum(a, [0, 1], b, [1, 2])):
        np.testing.assert_allclose(out.numpy(), expected, rtol=1e-5)
    ellipsis = ember.einsum(a, [0, Ellipsis], [Ellipsis])
    np.testing.assert_allclose(ellipsis.numpy(), a.numpy().sum(0), rtol=1e-5)


def test_einsum_dtypes():
    ints = ember.arange(3, dtype=ember.int32)
    assert ember.einsum("i->", ints).dtype == ember.int64  # a sum
    assert ember.einsum("i,i->", ints, ints).dtype == ember.int32  # a product
    bools = ember.ones(3, dtype=ember.bool)
    assert ember.einsum("i,i->i", bools, bools).dtype == ember.bool
    assert ember.einsum("i->", bools).item() == 3
    half = ember.full((4096,), 1.0, dtype=ember.float16)
    assert ember.einsum("i,i->", half, half).item() == 4096.0


def test_einsum_permutation_or_diagonal_is_a_view_of_its_operand():
    # torch 2.13 returns its permute (and diagonal) of the operand itself: writes reach it
    a = ember.zeros(2, 2)
    ember.einsum("ij->ji", a).add_(1.0)
    assert a.tolist() == [[1.0, 1.0], [1.0, 1.0]]
    b = ember.zeros(2, 2)
    ember.einsum("ii->i", b).add_(1.0)
    assert b.tolist() == [[1.0, 0.0], [0.0, 1.0]]


EINSUM_ERRORS = [
    ("i,i", [(3,), (3,)], [ember.float32, ember.float64], RuntimeError,
     "expected scalar type Float but found Double"),
    ("ij,jk", [(2, 3), (4, 4)], None, RuntimeError,
     "einsum(): subscript j has size 4 for operand 1 which does not broadcast with previously "
     "seen size 3"),
    ("ij,jk", [(2, 3)], None, RuntimeError,
     "einsum(): fewer operands were provided than specified in the equation"),
    ("ij", [(2, 3), (3,)], None, RuntimeError,
     "einsum(): more operands were provided than specified in the equation"),
    ("ijk", [(2, 3)], None, RuntimeError,
     "einsum(): the number of subscripts in the equation (3) does not match the number of "
     "dimensions (2) for operand 0 and no ellipsis was given"),
    ("i->j", [(2,)], None, RuntimeError,
     "einsum(): output subscript j does not appear in the equation for any input operand"),
    ("i->ii", [(2,)], None, RuntimeError,
     "einsum(): output subscript i appears more than once in the output"),
    ("i1", [(2, 2)], None, RuntimeError,
     "einsum(): invalid subscript given at index 1 in the equation string, subscripts must be "
     "in [a-zA-Z]"),
    ("i->i->i", [(2,)], None, RuntimeError,
     "einsum(): invalid subscript given at index 4 in the equation string, subscripts must be "
     "in [a-zA-Z]"),
    ("...i...", [(2, 3)], None, RuntimeError,
     "einsum(): found '.' for operand 0 for which an ellipsis was already found"),
    ("..i", [(2,)], None, RuntimeError,
     "einsum(): found '.' for operand 0 that is not part of any ellipsis"),
    ("i->..", [(2,)], None, RuntimeError,
     "einsum(): found '.' for output that is not part of any ellipsis (...)"),
    ("i->...i...", [(2,)], None, RuntimeError,
     "einsum(): found '.' for output but an ellipsis (...) was already found"),
    ("...ijk", [(2, 3)], None, RuntimeError,
     "einsum(): the number of subscripts in the equation (3) is more than the number of "
     "dimensions (2) for operand 0"),
    ("ii->i", [(2, 3)], None, RuntimeError,
     "einsum(): subscript i is repeated for operand 0 but the sizes don't match, 3 != 2"),
    ("i...,i...", [(3, 2, 5), (3, 4)], None, RuntimeError,
     "einsum(): dimension 1 covered by ellipsis in operand 1has size 4 which does not broadcast "
     "with previously seen ellipsis with size 5 for the respective dimension"),
    ("i,i", [(3,), (3,)], [ember.bool, ember.bool], NotImplementedError,
     "\"bmm\" not implemented for 'Bool'"),
]


@pytest.mark.parametrize("equation, shapes, dtypes, kind, message", EINSUM_ERRORS)
def test_einsum_errors(equation, shapes, dtypes, kind, message):
    operands = [ember.ones(s, dtype=dtypes[i] if dtypes else ember.float32)
                for i, s in enumerate(shapes)]
    with raises(kind, message):
        ember.einsum(equation, *operands)


def test_einsum_argument_errors():
    with raises(ValueError, "einsum(): must specify the equation string and at least one "
                            "operand, or at least one operand and its subscripts list"):
        ember.einsum("i")
    with raises(TypeError, "expected Tensor as element 1 in argument 1, but got int"):
        ember.einsum("i,i", t(2), 3)
    with raises(ValueError, "einsum(): subscript in subscript list is not within the valid range "
                            "[0, 52)"):
        ember.einsum(t(2, 3), [0, 52])


# ---------------------------------------------------------------------- det, inverse, solve
def test_linalg_grad_fn_names():
    a = ember.tensor([[2.0, 1.0], [0.5, 3.0]], requires_grad=True)
    assert type(ember.det(a).grad_fn).__name__ == "LinalgDetBackward0"
    assert type(ember.linalg.inv(a).grad_fn).__name__ == "LinalgInvExBackward0"
    assert type(a.inverse().grad_fn).__name__ == "LinalgInvExBackward0"
    assert type(ember.linalg.solve(a, t(2)).grad_fn).__name__ == "LinalgSolveExBackward0"
    assert ember.linalg.det(a).item() == pytest.approx(5.5)


SINGULAR = "the inversion could not be completed because the input matrix is singular."


def test_singular_matrices_raise_linalg_error():
    error = ember.linalg.LinAlgError
    assert issubclass(error, RuntimeError)
    with raises(error, f"linalg.inv: The diagonal element 1 is zero, {SINGULAR}"):
        ember.linalg.inv(ember.zeros(2, 2))
    rank_two = ember.tensor([[1.0, 2.0, 0.0], [4.0, 5.0, 0.0], [7.0, 8.0, 0.0]])
    with raises(error, f"linalg.inv: The diagonal element 3 is zero, {SINGULAR}"):
        ember.inverse(rank_two)
    batch = ember.tensor([[[1.0, 0.0], [0.0, 1.0]], [[1.0, 2.0], [2.0, 4.0]]])
    with raises(error, "linalg.inv: (Batch element 1): The diagonal element 2 is zero, "
                       + SINGULAR):
        ember.linalg.inv(batch)
    with raises(error, "torch.linalg.solve: The solver failed because the input matrix is "
                       "singular."):
        ember.linalg.solve(ember.tensor([[1.0, 2.0], [2.0, 4.0]]), t(2))
    assert ember.det(ember.tensor([[1.0, 2.0], [2.0, 4.0]])).item() == 0.0


def test_det_gradient_at_a_singular_matrix():
    # torch: zeros from its LU solve; with create_graph, the cofactors from an SVD
    a = ember.tensor([[1.0, 2.0], [2.0, 4.0]], requires_grad=True)
    ember.det(a).backward()
    assert a.grad.tolist() == [[0.0, 0.0], [0.0, 0.0]]
    (g,) = ember.autograd.grad(ember.det(a), a, create_graph=True)
    assert type(g.grad_fn).__name__ == "MmBackward0"
    np.testing.assert_allclose(g.detach().numpy(), [[4.0, -2.0], [-2.0, 1.0]], atol=1e-6)
    (gg,) = ember.autograd.grad(g.sum(), a)
    np.testing.assert_allclose(gg.numpy(), [[1.0, -1.0], [-1.0, 1.0]], atol=1e-6)


LINALG_ERRORS = [
    (lambda: ember.linalg.det(t(2, 3)), "linalg.det: A must be batches of square matrices, but "
                                        "they are 2 by 3 matrices"),
    (lambda: ember.linalg.inv(t(2, 3)), "linalg.inv: A must be batches of square matrices, but "
                                        "they are 2 by 3 matrices"),
    (lambda: ember.linalg.det(ember.ones(2, 2, dtype=ember.int64)),
     "linalg.det: Expected a floating point or complex tensor as input. Got Long"),
    (lambda: ember.linalg.det(t(3)), "linalg.det: The input tensor A must have at least 2 "
                                     "dimensions."),
    (lambda: ember.inverse(t(3)), "linalg.inv: The input tensor A must have at least 2 "
                                  "dimensions."),
    (lambda: ember.linalg.solve(t(2, 2), t(3, 2)),
     "linalg.solve: Incompatible shapes of A and B for the equation AX = B (2x2 and 3x2)"),
    (lambda: ember.linalg.solve(t(2, 2), t(3)),
     "linalg.solve: Incompatible shapes of A and B for the equation AX = B (2x2 and 3x1)"),
    (lambda: ember.linalg.solve(t(2, 3), t(2)),
     "linalg.solve: A must be batches of square matrices, but they are 2 by 3 matrices"),
    (lambda: ember.linalg.solve(t(2, 2), t(2, dtype=ember.float64)),
     "linalg.solve: Expected A and B to have the same dtype, but found A of type Float and B of "
     "type Double instead"),
    (lambda: ember.linalg.solve(t(4, 2, 2), t(3, 2, 1)),
     "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0"),
]


@pytest.mark.parametrize("call, message", LINALG_ERRORS)
def test_linalg_errors(call, message):
    with raises(RuntimeError, message):
        call()


def test_solve_vector_or_matrix_right_hand_side():
    a = ember.tensor(3 * np.eye(2) + R.standard_normal((3, 2, 2)), dtype=ember.float32)
    assert ember.linalg.solve(a, t(2)).shape == (3, 2)  # one vector, broadcast
    assert ember.linalg.solve(a, t(3, 2)).shape == (3, 2)  # a batch of vectors
    assert ember.linalg.solve(a, t(2, 2)).shape == (3, 2, 2)  # one matrix, broadcast
    assert ember.linalg.det(ember.zeros(0, 0)).item() == 1.0


# ---------------------------------------------------------------------- ember.linalg norms
def test_linalg_is_a_namespace_of_ember():
    import ember.linalg as linalg_module

    assert ember.linalg is linalg_module
    assert ember.linalg.matmul is ember.matmul


NORM_ERRORS = [
    (lambda: ember.linalg.norm(t(2, 3, 4), ord=2), RuntimeError,
     "linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got 3D."),
    (lambda: ember.linalg.norm(t(3), "fro"), RuntimeError,
     "linalg.matrix_norm: The input tensor A must have at least 2 dimensions."),
    (lambda: ember.linalg.norm(t(2, 2), 3), RuntimeError,
     "linalg.matrix_norm: Order 3 not supported."),
    (lambda: ember.linalg.norm(t(2, 3), "abc"), RuntimeError,
     "linalg.matrix_norm: Order abc not supported."),
    (lambda: ember.linalg.norm(t(2, 3), "fro", dim=1), RuntimeError,
     "linalg.matrix_norm: dim must be a 2-tuple. Got 1"),
    (lambda: ember.linalg.norm(t(2, 3), dim=(0, 1, 1)), RuntimeError,
     "linalg.norm: If dim is specified, it must be of length 1 or 2. Got [0, 1, 1]"),
    (lambda: ember.linalg.norm(t(2, 3), dim=(1, 1)), RuntimeError,
     "dim 1 appears multiple times in the list of dims"),
    (lambda: ember.linalg.norm(ember.arange(3)), RuntimeError,
     "linalg.vector_norm: Expected a floating point or complex tensor as input. Got Long"),
    (lambda: ember.linalg.vector_norm(t(3), ord="fro"), TypeError,
     "linalg_vector_norm(): argument 'ord' must be Number, not str"),
    (lambda: ember.linalg.matrix_norm(t(2, 3), dim=(0, 0)), RuntimeError,
     "linalg.matrix_norm: dims must be different. Got (0, 0)"),
    (lambda: ember.linalg.matrix_norm(t(2, 3), dim=(0, 1, 2)), RuntimeError,
     "linalg.matrix_norm: dim must be a 2-tuple. Got 0 1 2"),
]


@pytest.mark.parametrize("call, kind, message", NORM_ERRORS)
def test_norm_errors(call, kind, message):
    with raises(kind, message):
        call()


@pytest.mark.parametrize("ord", ["nuc", 2, -2])
def test_matrix_norms_of_singular_values(ord):
    a = np.random.default_rng(5).standard_normal((2, 3))
    got = ember.linalg.matrix_norm(ember.tensor(a), ord)
    np.testing.assert_allclose(got.numpy(), np.linalg.norm(a, ord), rtol=1e-6)
    name = {"nuc": "SumBackward1", 2: "AmaxBackward0", -2: "AminBackward0"}[ord]
    x = ember.tensor(a, requires_grad=True)
    assert type(ember.linalg.matrix_norm(x, ord).grad_fn).__name__ == name
    batch = np.random.default_rng(6).standard_normal((2, 4, 3))  # the matrices over dims 0, 2
    got = ember.linalg.matrix_norm(ember.tensor(batch), ord, dim=(0, 2), keepdim=True)
    expected = [np.linalg.norm(batch[:, i, :], ord) for i in range(4)]
    assert tuple(got.shape) == (1, 4, 1)
    np.testing.assert_allclose(got.numpy().reshape(4), expected, rtol=1e-6)


def test_norm_values_and_grad_fns():
    v = ember.tensor([3.0, -4.0, 0.5], requires_grad=True)
    a = ember.tensor([[2.0, -1.0], [0.5, 3.0]], requires_grad=True)
    cases = [
        (ember.linalg.norm(v), np.linalg.norm([3.0, -4.0, 0.5]), "LinalgVectorNormBackward0"),
        (ember.linalg.norm(v, 0), 3.0, "LinalgVectorNormBackward0"),
        (ember.linalg.norm(v, float("inf")), 4.0, "LinalgVectorNormBackward0"),
        (ember.linalg.norm(a, 1), 4.0, "AmaxBackward0"),
        (ember.linalg.norm(a, -1), 2.5, "AminBackward0"),
        (ember.linalg.norm(a, float("inf")), 3.5, "AmaxBackward0"),
        (ember.linalg.norm(a, "fro"), np.sqrt(14.25), "LinalgVectorNormBackward0"),
    ]
    for result, value, name in cases:
        assert result.item() == pytest.approx(value, rel=1e-6)
        assert type(result.grad_fn).__name__ == name
    assert ember.linalg.norm(t(3), dtype=ember.float64).dtype == ember.float64
    assert ember.linalg.matrix_norm(t(2, 2, 3), keepdim=True).shape == (2, 1, 1)


def test_matrix_one_norm_gradient_is_the_sign_of_the_largest_column():
    a = ember.tensor([[2.0, -1.0], [0.5, 3.0]], requires_grad=True)
    ember.linalg.matrix_norm(a, 1).backward()
    assert a.grad.tolist() == [[0.0, -1.0], [0.0, 1.0]]


def test_every_linalg_op_is_declared_with_a_formula():
    for name in ("dot", "vdot", "mv", "mm", "bmm", "matmul", "trace", "det", "inverse",
                 "solve"):
        assert OPS[name].formula, name


def test_det_gradient_where_the_inverse_finds_the_matrix_singular():
    # arange(1, 10) as 3 x 3 is singular in exact arithmetic: NumPy's det rounds to ~7e-16,
    # and the inverse's own LU then meets an exactly zero pivot. torch's solve_ex raises
    # nothing there, so neither may the gradient: it is the cofactor matrix (adjugate^T),
    # times the upstream gradient
    a = ember.arange(1.0, 10.0, dtype=ember.float64).reshape(3, 3).requires_grad_()
    d = ember.linalg.det(a)
    d.backward()
    m = np.arange(1.0, 10.0).reshape(3, 3)
    cofactors = np.array([[np.linalg.det(np.delete(np.delete(m, i, 0), j, 1)) * (-1) ** (i + j)
                           for j in range(3)] for i in range(3)])
    np.testing.assert_allclose(a.grad.numpy(), cofactors, atol=1e-12)
    batch = ember.stack([a.detach(), a.detach() + ember.eye(3, dtype=ember.float64)])
    batch.requires_grad_()
    ember.linalg.det(batch).sum().backward()
    np.testing.assert_allclose(batch.grad.numpy()[0], cofactors, atol=1e-12)
