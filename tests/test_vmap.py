"""ember.func.vmap: results equal a Python loop over the mapped dimension, for any in_dims,
out_dims, nesting and pytree; randomness modes; torch's error messages."""

from __future__ import annotations

import functools
import re

import numpy as np
import pytest

import ember
from ember.func import grad, jacrev, vmap


def values(*shape, offset: float = 0.0) -> ember.Tensor:
    """Distinct float64 values in the given shape."""
    n = int(np.prod(shape))
    return ember.tensor(np.sin(np.arange(n) + offset).reshape(shape) * 3, dtype=ember.float64)


def loop(func, args, in_dims, out_dim: int = 0):
    """The definition of vmap for flat tensor arguments: slice, call, stack."""
    sizes = {a.shape[d] for a, d in zip(args, in_dims) if d is not None}
    (batch,) = sizes
    outs = [func(*(a if d is None else a.select(d, b) for a, d in zip(args, in_dims)))
            for b in range(batch)]
    return ember.stack(outs, dim=out_dim)


FUNCTIONS = {
    "sum": lambda a, b: (a * b).sum(),
    "matmul": lambda a, b: a @ b.T,
    "softmax": lambda a, b: (a + b).softmax(-1),
    "outer": lambda a, b: a.flatten()[:, None] * b.flatten()[None, :2],
    "index": lambda a, b: a[..., 1:] - b[..., :1],
}


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("in_dims", [(0, 0), (1, 0), (-1, None), (None, 2), (0, -2)])
@pytest.mark.parametrize("out_dims", [0, -1, 1])
def test_vmap_equals_the_loop(name, in_dims, out_dims):
    func = FUNCTIONS[name]
    # operands with a mapped dimension of size 3 wherever in_dims points
    shapes = {0: (3, 2, 4), 1: (2, 3, 4), -1: (2, 4, 3), None: (2, 4), 2: (2, 4, 3), -2: (2, 3, 4)}
    a, b = values(*shapes[in_dims[0]]), values(*shapes[in_dims[1]], offset=5)
    expected = loop(func, (a, b), in_dims)
    if out_dims != 0 and expected.dim() < 2:
        out_dims = 0  # a 1-d result has no dim 1
    expected = expected.movedim(0, out_dims)
    result = vmap(func, in_dims=in_dims, out_dims=out_dims)(a, b)
    assert result.shape == expected.shape
    np.testing.assert_array_equal(result.numpy(), expected.numpy())


def test_nested_vmap_is_a_double_loop():
    x, y = values(3, 4, 5), values(4, 5, offset=2)

    def f(row, vec):
        return (row * vec).sum().exp()

    result = vmap(vmap(f, in_dims=(0, 0)), in_dims=(0, None))(x, y)
    expected = [[f(x[i, j], y[j]).item() for j in range(4)] for i in range(3)]
    np.testing.assert_allclose(result.numpy(), expected, rtol=1e-15)
    # the same values with the loops swapped, the outer result dimension moved to 1
    other = vmap(vmap(f, in_dims=(0, None)), in_dims=(1, 0), out_dims=1)(x, y)
    np.testing.assert_array_equal(other.numpy(), result.numpy())


def test_pytree_inputs_with_nested_in_dims():
    d = {"a": values(3, 2), "b": values(2, 3)}
    pair = [values(3), values(4, offset=1)]

    def f(d, pair, scale):
        return {"x": d["a"] + d["b"] * scale, "y": (pair[0] * pair[1]).sum()}

    out = vmap(f, in_dims=({"a": 0, "b": 1}, [0, None], None))(d, pair, 2.0)
    for i in range(3):
        np.testing.assert_array_equal(out["x"][i].numpy(), (d["a"][i] + d["b"][:, i] * 2).numpy())
        assert out["y"][i].item() == (pair[0][i] * pair[1]).sum().item()
    # an int in_dims applies to every tensor of every argument
    tuple_out = vmap(lambda t: t[0] * t[1])((values(2, 3), values(2, 3, offset=1)))
    assert tuple_out.shape == (2, 3)


def test_keyword_arguments_are_not_mapped():
    out = vmap(lambda a, *, b: a + b)(values(2, 3), b=values(2, 3, offset=1))
    # b is passed whole: every element adds the whole (2, 3) b
    assert out.shape == (2, 2, 3)


def test_outputs_may_be_pytrees_with_their_own_out_dims():
    x = values(2, 3)
    out = vmap(lambda a: {"q": (a.sum(), a * 2), "r": [a[:1]]},
               out_dims={"q": (0, 1), "r": -1})(x)
    assert out["q"][0].tolist() == x.sum(1).tolist()
    np.testing.assert_array_equal(out["q"][1].numpy(), (x * 2).T.numpy())
    assert out["r"][0].shape == (1, 2)


def test_out_dims_none_for_outputs_that_do_not_vary():
    x, const = values(2, 3), values(3, offset=7)
    mapped, same, number = vmap(lambda a: (a * 2, const, 3), out_dims=(0, None, None))(x)
    assert same is const and number == 3 and mapped.shape == (2, 3)
    # an unmapped output with an integer out_dim is repeated along the mapped dimension
    repeated = vmap(lambda a: const)(x)
    assert repeated.shape == (2, 3) and repeated[1].tolist() == const.tolist()
    with pytest.raises(ValueError, match=re.escape(
            "vmap(<lambda>, ...): `<lambda>` can not return a BatchedTensor when out_dim is "
            "None")):
        vmap(lambda a: a * 2, out_dims=None)(x)


@pytest.mark.parametrize("chunk_size", [None, 1, 2, 5])
def test_chunk_size_does_not_change_the_result(chunk_size):
    x = values(5, 3)
    out = vmap(lambda a: a.cumsum(0), chunk_size=chunk_size)(x)
    np.testing.assert_array_equal(out.numpy(), x.cumsum(1).numpy())


def test_an_empty_batch_gives_empty_outputs_of_the_right_shape():
    out = vmap(lambda a: (a.sum(), a * 2, a.outer(a)))(ember.zeros(0, 3))
    assert [tuple(t.shape) for t in out] == [(0,), (0, 3), (0, 3, 3)]
    assert tuple(vmap(lambda a: a * 2, in_dims=1, out_dims=1)(ember.zeros(3, 0)).shape) == (3, 0)


def test_an_input_returned_unchanged_is_the_input_itself():
    # as torch: unwrapping the batched input gives back the tensor it wraps
    x = values(2, 3)
    assert vmap(lambda a: a)(x) is x
    assert vmap(lambda a: a, in_dims=1, out_dims=1)(x) is x
    moved = vmap(lambda a: a, in_dims=1)(x)
    assert moved is not x and moved._base is x and tuple(moved.shape) == (3, 2)
    out = vmap(lambda a: a * 1)(x)
    out.add_(1)
    assert x.tolist() == values(2, 3).tolist()


def test_gradients_flow_through_vmap():
    w = ember.tensor([0.5, -1.0, 2.0], dtype=ember.float64, requires_grad=True)
    xs = values(4, 3)
    vmap(lambda x: (x * w).sum().sin(), in_dims=0)(xs).sum().backward()
    expected = sum(((x * w.detach()).sum().cos() * x).numpy() for x in xs.unbind(0))
    np.testing.assert_allclose(w.grad.numpy(), expected, rtol=1e-14)
    # and through the transforms: the Jacobian of a vmapped function is block diagonal
    J = jacrev(vmap(lambda r: r.exp().sum()))(values(2, 3))
    assert J.shape == (2, 2, 3)
    np.testing.assert_allclose(J[0, 1].numpy(), 0.0)
    per_row = vmap(grad(lambda r: r.exp().sum()))(values(2, 3))
    np.testing.assert_allclose(J[[0, 1], [0, 1]].numpy(), per_row.numpy(), rtol=1e-15)


def test_randomness_modes():
    x = ember.zeros(3, 2, dtype=ember.float64)

    def noisy(a):
        return a + ember.rand(2, dtype=ember.float64)

    with pytest.raises(RuntimeError, match=re.escape(
            "vmap: called random operation while in randomness error mode. Please either use "
            "the 'same' or 'different' randomness flags on vmap or perform the randomness "
            "operation out of vmap")):
        vmap(noisy)(x)
    ember.manual_seed(0)
    same = vmap(noisy, randomness="same")(x)
    assert same[0].tolist() == same[1].tolist() == same[2].tolist()
    after_same = ember.rand(1).item()
    ember.manual_seed(0)
    first = ember.rand(2, dtype=ember.float64)
    assert same[0].tolist() == first.tolist()
    assert ember.rand(1).item() == after_same  # the generator moved on by one draw
    different = vmap(noisy, randomness="different")(x)
    assert different[0].tolist() != different[1].tolist()
    with pytest.raises(RuntimeError, match="Only allowed values for randomness are 'error', "
                                           "'different', or 'same'. Got x"):
        vmap(noisy, randomness="x")


@pytest.mark.parametrize("call, message", [
    (lambda: vmap(ember.sum, in_dims=2)(values(2, 3)),
     "vmap(sum, in_dims=2, ...)(<inputs>): Got in_dim=2 for some input, but that input is a "
     "Tensor of dimensionality 2 so expected in_dim to satisfy -2 <= in_dim < 2."),
    (lambda: vmap(ember.add)(values(2, 3), values(3)),
     "vmap: Expected all tensors to have the same size in the mapped dimension, got sizes "
     "[2, 3] for the mapped dimension"),
    (lambda: vmap(ember.add, in_dims=(None, None))(values(2), values(2)),
     "vmap: Expected at least one Tensor to vmap over"),
    (lambda: vmap(ember.add, in_dims=(0,))(values(2), values(2)),
     "vmap(add, in_dims=(0,), ...)(<inputs>): in_dims is not compatible with the structure of "
     "`inputs`. in_dims has structure TreeSpec(tuple, None, [*]) but inputs has structure "
     "TreeSpec(tuple, None, [*,\n  *])."),
    (lambda: vmap(ember.add, in_dims=[0, None])(values(2), values(2)),
     "vmap(add, in_dims=[0, None], ...)(<inputs>): expected `in_dims` to be int or a "
     "(potentially nested) tuple matching the structure of inputs, got: <class 'list'>."),
    (lambda: vmap(ember.add, in_dims=(0.5, None))(values(2), values(2)),
     "vmap(add, in_dims=(0.5, None), ...)(<inputs>): Got in_dim=0.5 for an input but in_dim "
     "must be either an integer dimension or None."),
    (lambda: vmap(lambda a, b: a * b)(values(2), 2.0),
     "vmap(<lambda>, in_dims=0, ...)(<inputs>): Got in_dim=0 for an input but the input is of "
     "type <class 'float'>. We cannot vmap over non-Tensor arguments, please use None as the "
     "respective in_dim"),
    (lambda: vmap(lambda: 1)(),
     "vmap(<lambda>)(<inputs>): got no inputs. Maybe you forgot to add inputs, or you are "
     "trying to vmap over a function with no inputs. The latter is unsupported."),
    (lambda: vmap(lambda a: None)(values(2)),
     "vmap(<lambda>, ...): `<lambda>` must only return Tensors, got type <class 'NoneType'>. "
     "Did you mean to set out_dims= to None for output?"),
    (lambda: vmap(functools.partial(lambda a, b: 1, b=2))(values(2)),
     "vmap(functools.partial(<lambda>, ...), ...): `functools.partial(<lambda>, ...)` must "
     "only return Tensors"),
    (lambda: vmap(lambda a: (a, a), out_dims=(0, 1, 0))(values(2, 2)),
     "vmap(<lambda>, ..., out_dims=(0, 1, 0))(<inputs>): out_dims is not compatible with the "
     "structure of `outputs`. out_dims has structure TreeSpec(tuple, None, [*,\n  *,\n  *]) "
     "but outputs has structure TreeSpec(tuple, None, [*,\n  *])."),
    (lambda: vmap(lambda a: a, out_dims="a")(values(2)),
     "vmap(<lambda>, ..., out_dims=a): `out_dims` must be an int, None or a python collection "
     "of ints representing where in the outputs the vmapped dimension should appear."),
    (lambda: vmap(ember.sum, chunk_size=0),
     "vmap: chunk_size should be None or greater than 0. (got 0)"),
])
def test_vmap_errors_are_torchs(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


def test_out_dims_out_of_range_is_torchs_dimension_error():
    with pytest.raises(IndexError, match=re.escape(
            "Dimension out of range (expected to be in range of [-2, 1], but got 2)")):
        vmap(lambda a: a * 2, out_dims=2)(values(2, 3))


def test_marks_and_hooks_are_gone_after_the_call_even_when_it_raises():
    from ember import _mt19937
    from ember._batched_array import running_calls
    from ember.autograd import forward_ad

    x = values(2, 3)
    with pytest.raises(RuntimeError, match=r"vmap: It looks like you're calling \.item\(\)"):
        vmap(lambda a: a.sum().item())(x)
    with pytest.raises(RuntimeError, match="randomness error mode"):
        vmap(lambda a: a + ember.rand(3))(x)
    assert not running_calls and _mt19937.draw_hook is None
    assert not forward_ad.state.active and forward_ad.state.marking == 0
    out = vmap(lambda a: a * 2)(x)
    assert type(out._data) is np.ndarray and out.sum().item() == pytest.approx(2 * x.sum().item())


def test_an_inner_vmap_refuses_values_batched_by_the_outer_one():
    x = values(2, 3)
    with pytest.raises(RuntimeError, match="data-dependent control flow"):
        vmap(lambda row, w: vmap(lambda c: c if w.sum() > 0 else -c)(row),
             in_dims=(0, 0))(x, x)
    # unmapped by the inner vmap but mapped by the outer: still batched
    with pytest.raises(RuntimeError, match=r"calling \.item\(\)"):
        vmap(lambda row: vmap(lambda c, r: c * r.sum().item(), in_dims=(0, None))(row, row))(x)
    # unmapped by both: a plain value
    y = values(3)
    out = vmap(lambda row: vmap(lambda c: c * y.sum().item())(row))(x)
    np.testing.assert_allclose(out.numpy(), x.numpy() * y.sum().item())


def test_forward_mode_inside_and_around_vmap_still_carries_tangents():
    from ember.func import jvp

    x, t = values(2, 3), values(2, 3, offset=1)
    primal, tangent = jvp(vmap(lambda a: (a.sin() * 2).sum()), (x,), (t,))
    np.testing.assert_allclose(tangent.numpy(), (t * x.cos() * 2).sum(1).numpy())
    pairs = vmap(lambda a, b: jvp(lambda c: c.exp(), (a,), (b,)))(x, t)
    np.testing.assert_allclose(pairs[1].numpy(), (t * x.exp()).numpy())


def test_fallback_inplace_ops_into_unmapped_tensors_name_the_vmap_level():
    # torch's fallback wording (read off torch 2.13, which also warns about the fallback's
    # speed, so the reference cases leave these out)
    x = values(2, 3)
    with pytest.raises(RuntimeError, match=r"vmap: aten::pow_\(self, \*extra_args\) is not "
                                           r"possible .* not being vmapped over at level 1\. "
                                           r"Please try to use out-of-place operators instead "
                                           r"of aten::pow_\."):
        vmap(lambda t: ember.zeros(3).pow_(t))(x)
    with pytest.raises(RuntimeError, match="at level 2"):
        vmap(lambda t: vmap(lambda u: ember.zeros(1).pow_(u))(t))(x)
    with pytest.raises(RuntimeError, match=r"vmap: aten::lerp_\(self"):
        vmap(lambda t: ember.zeros(3, dtype=ember.float64).lerp_(t, 0.5))(x)
