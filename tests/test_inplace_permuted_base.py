"""In-place ops on views of a base whose memory is not in C order: a transposed or permuted
base (`w.t().clone()`, `x.permute(2, 0, 1).sin()` keep their input's layout) or one with
gaps (`from_numpy` of a strided array). The write is recorded on the base (CopySlices) as a
window of the base's memory, as torch's as_strided windows its storage, also where the view
is no strided window of the base's C order (`b.t().view(-1)`), which ember refused with a
NotImplementedError before (h11-s12-e-100k:81414). The expected values are the maths of
each program; names, versions and values were checked against torch 2.13."""

from __future__ import annotations

import numpy as np
import pytest

import ember as torch

D = torch.float64


def _names(fn) -> list:
    return [None if f is None else type(f).__name__ for f, _ in fn.next_functions]


def _transposed_base():
    w = torch.arange(1., 13., dtype=D).reshape(3, 4).requires_grad_()
    b = w.t().clone()  # (4, 3), its memory in w's C order
    assert not b.is_contiguous() and b.stride() == (1, 4)
    return w, b


def test_write_across_a_transposed_base_is_recorded_on_it():
    w, b = _transposed_base()
    s = torch.linspace(-1, 1, 12, dtype=D).requires_grad_()
    v = b.t().view(-1)  # w's order: not a strided window of b's C order
    v.mul_(s)
    expected = w.detach().numpy().reshape(-1) * s.detach().numpy()
    np.testing.assert_array_equal(v.detach().numpy(), expected)
    np.testing.assert_array_equal(b.detach().numpy(), expected.reshape(3, 4).T)
    assert (v._version, b._version) == (1, 1)
    assert type(b.grad_fn).__name__ == "CopySlices"
    assert _names(b.grad_fn) == ["CloneBackward0", "AccumulateGrad"]
    assert type(v.grad_fn).__name__ == "AsStridedBackward0"
    assert _names(v.grad_fn) == ["CopySlices"]
    k = torch.arange(12., dtype=D).reshape(4, 3)
    (b * k).sum().backward()
    k_in_w_order = k.numpy().T.reshape(-1)
    np.testing.assert_array_equal(w.grad.numpy().reshape(-1), k_in_w_order * s.detach().numpy())
    np.testing.assert_array_equal(s.grad.numpy(), k_in_w_order * w.detach().numpy().reshape(-1))


def test_write_across_a_permuted_base_reshaped_and_sliced():
    x = torch.arange(24., dtype=D).reshape(2, 3, 4).requires_grad_()
    b = x.permute(2, 0, 1).sin()  # (4, 2, 3), its memory in x's C order
    assert b.stride() == (1, 12, 4)
    v = b.permute(1, 2, 0).reshape(2, 12)[:, 1:7]
    v.add_(1)
    flat = np.sin(np.arange(24.))
    flat.reshape(2, 12)[:, 1:7] += 1
    np.testing.assert_allclose(b.detach().numpy(), flat.reshape(2, 3, 4).transpose(2, 0, 1))
    assert _names(b.grad_fn) == ["SinBackward0", None]  # (add_'s number has no edge)
    b.cos().sum().backward()
    np.testing.assert_allclose(x.grad.numpy().reshape(-1), -np.sin(flat) * np.cos(np.arange(24.)))


@pytest.mark.parametrize("write", [
    lambda c, q, r: c.view(-1)[1:9].view(2, 4).copy_(q),
    lambda c, q, r: c.view(2, 6)[:, ::4].zero_(),
    lambda c, q, r: c.reshape(-1)[::5].fill_(r),
    lambda c, q, r: c.view(-1)[2:7].mul_(r).add_(q.view(-1)[:5], alpha=2),
])
def test_writes_match_the_same_writes_into_a_contiguous_base(write):
    """The same program on w.clone() (a C-order base, the path that always worked) gives
    the same values and gradients, first and second order."""
    results = []
    for transposed in (True, False):
        w = torch.arange(1., 13., dtype=D).reshape(3, 4).requires_grad_()
        q = torch.arange(8., dtype=D).reshape(2, 4).requires_grad_()
        r = torch.tensor(3., dtype=D, requires_grad=True)
        b = w.t().clone() if transposed else w.clone()
        c = b.t() if transposed else b  # (3, 4), w's order in memory either way
        write(c, q, r)
        g = torch.autograd.grad((c ** 3).sum(), [w, q, r], create_graph=True,
                                allow_unused=True)
        total = sum((t * t).sum() for t in g if t is not None)
        h = torch.autograd.grad(total, [w, q, r], allow_unused=True)
        results.append([c.detach().numpy()] + [None if t is None else t.detach().numpy()
                                               for t in g + h])
    for got, want in zip(*results):
        if want is None:
            assert got is None
        else:
            np.testing.assert_allclose(got, want, rtol=1e-12)


def _through_write(x, s):
    b = x.permute(2, 0, 1).sin()
    v = b.permute(1, 2, 0).reshape(2, 12)[:, 1:7]
    v.mul_(s)
    v.div_(v.detach() * 0 + 2)
    return b * b


def test_gradcheck_and_gradgradcheck_through_a_write_across_a_permuted_base():
    x = (torch.arange(24., dtype=D).reshape(2, 3, 4) / 17).requires_grad_()
    s = (torch.arange(12., dtype=D).reshape(2, 6) / 5 - 0.7).requires_grad_()
    assert torch.autograd.gradcheck(_through_write, (x, s))
    assert torch.autograd.gradgradcheck(_through_write, (x, s))


def test_vectorized_jacobian_and_hessian_through_the_write():
    x = torch.arange(24., dtype=D).reshape(2, 3, 4) / 17
    s = torch.arange(12., dtype=D).reshape(2, 6) / 5 - 0.7
    def hessian(vectorize):
        return torch.autograd.functional.hessian(
            lambda x, s: _through_write(x, s).sum(), (x, s), vectorize=vectorize)

    jacobian = torch.autograd.functional.jacobian
    for a, b in zip(jacobian(_through_write, (x, s), vectorize=True),
                    jacobian(_through_write, (x, s))):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-12)
    for a, b in zip(sum(hessian(True), ()), sum(hessian(False), ())):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-12)


def test_write_under_no_grad_regrows_the_views_paths():
    w, b = _transposed_base()
    v = b.t().view(-1)
    u = b[1:3]  # another view, made before the write
    with torch.no_grad():
        v[2:5].fill_(7)
    assert type(v.grad_fn).__name__ == "AsStridedBackward0"
    assert type(u.grad_fn).__name__ == "AsStridedBackward0"
    assert _names(u.grad_fn) == ["CloneBackward0"]
    (u * 2).sum().backward()
    expected = np.zeros((4, 3))
    expected[1:3] = 2
    expected.T.reshape(-1)[2:5] = 0  # (7 does not depend on w)
    np.testing.assert_array_equal(w.grad.numpy(), expected.T)


def test_forward_mode_through_a_write_across_a_transposed_base():
    fw = torch.autograd.forward_ad
    with fw.dual_level():
        w = fw.make_dual(torch.arange(12., dtype=D).reshape(3, 4), torch.ones(3, 4, dtype=D))
        b = w.t().clone()
        v = b.t().view(-1)
        s = fw.make_dual(torch.arange(12., dtype=D), torch.arange(12., dtype=D) / 10)
        v.mul_(s)
        tangent = np.arange(12.) + np.arange(12.) * np.arange(12.) / 10
        np.testing.assert_allclose(fw.unpack_dual(v).tangent.numpy(), tangent)
        np.testing.assert_allclose(fw.unpack_dual(b).tangent.numpy(), tangent.reshape(3, 4).T)


def test_write_into_a_view_of_a_base_with_gaps():
    a = np.arange(24.).reshape(4, 6)
    b = torch.from_numpy(a[:, ::2])  # strides (6, 2): gaps between the elements
    w = torch.arange(1., 5., dtype=D, requires_grad=True)
    v = b.t()[1]
    v.mul_(w)
    np.testing.assert_array_equal(a[:, 2], (np.arange(4) * 6 + 2.0) * np.arange(1, 5))
    np.testing.assert_array_equal(a[:, 1], np.arange(4) * 6 + 1.0)  # a gap: untouched
    assert type(b.grad_fn).__name__ == "CopySlices"
    assert type(v.grad_fn).__name__ == "AsStridedBackward0"
    (b * 2).sum().backward()
    np.testing.assert_array_equal(w.grad.numpy(), 2 * (np.arange(4) * 6 + 2.0))


def test_a_base_whose_elements_overlap_is_still_refused():
    memory = np.arange(3.)
    b = torch.from_numpy(np.lib.stride_tricks.as_strided(memory, (2, 3), (0, 8)))
    w = torch.ones(3, dtype=D, requires_grad=True)
    with pytest.raises(NotImplementedError, match="elements lie apart"):
        b[0].mul_(w)


def test_vectorized_jacobian_of_a_two_dim_window_of_a_contiguous_base():
    """The batched CopySlices rule wrote the op's gradient for a window of more than one
    dim flattened (a shape error before, whatever the base's layout)."""
    def f(x, s):
        b = x.sin()
        b.view(2, 12)[:, 1:7].mul_(s)
        return b * b

    x = torch.arange(24., dtype=D).reshape(2, 3, 4) / 17
    s = torch.arange(12., dtype=D).reshape(2, 6) / 5 - 0.7
    plain = torch.autograd.functional.jacobian(f, (x, s))
    batched = torch.autograd.functional.jacobian(f, (x, s), vectorize=True)
    for a, b in zip(batched, plain):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-12)


def test_as_strided_of_a_transposed_input_windows_its_memory():
    """As torch's, over the memory (w's C order here), with the gradient sent back to the
    elements read; values read off torch 2.13."""
    x = torch.arange(12., dtype=D).reshape(3, 4).requires_grad_()
    a = x.t().as_strided((2, 2), (1, 4))
    np.testing.assert_array_equal(a.detach().numpy(), [[0., 4.], [1., 5.]])
    assert type(a.grad_fn).__name__ == "AsStridedBackward0"
    (a * torch.tensor([[1., 2.], [3., 4.]], dtype=D)).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [[1, 3, 0, 0], [2, 4, 0, 0], [0, 0, 0, 0]])
    c = x.detach().t().clone()  # a base laid out transposed
    np.testing.assert_array_equal(c.as_strided((2, 3), (3, 1), 2).numpy(),
                                  [[2, 3, 4], [5, 6, 7]])

    def f(x):
        return x.t().as_strided((2, 3), (1, 4), 1).exp()

    assert torch.autograd.gradcheck(f, (torch.rand(3, 4, dtype=D, requires_grad=True),))
    assert torch.autograd.gradgradcheck(f, (torch.rand(3, 4, dtype=D, requires_grad=True),))


def test_as_strided_of_an_input_with_gaps_is_still_refused():
    x = torch.arange(12., dtype=D).reshape(3, 4).requires_grad_()
    with pytest.raises(NotImplementedError, match="gaps"):
        x[:, ::2].as_strided((2,), (1,))


def test_as_strided_of_an_input_with_gaps_windows_its_memory_without_grad():
    x = torch.arange(12., dtype=D).reshape(3, 4)
    window = x[:, 1::2].as_strided((2, 2), (1, 4))  # torch: the storage from x's start
    assert window.tolist() == [[1.0, 5.0], [2.0, 6.0]]
    assert window._base is x._base and window.storage_offset() == 1
