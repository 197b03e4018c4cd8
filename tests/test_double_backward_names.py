"""grad_fn names of gradients taken with create_graph=True, against torch's (issue 11, rc12).

For every op sample, tests/double_backward_names.py records the grad_fn name of each
first derivative (with a cotangent that requires no grad, and with one that does);
tests/reference/double_backward_names.json holds torch 2.13's names for the same samples
(scripts/issue11_double_backward_names.py --write). Each op's names must equal torch's,
except the differences listed in tests/reference/double_backward_known.py: a new
difference fails, and so does a listed one that went away (rewrite the list).

Where torch's backward formula ends in a kernel of its own, ember has it as an op
(ops/backward_primitives.py: SigmoidBackwardBackward0, ThresholdBackwardBackward0,
SoftmaxBackwardDataBackward0, GluBackwardBackward0, PreluKernelBackwardBackward0,
RreluWithNoiseBackwardBackward0, ...;
ops/nn_loss_backward.py: MseLossBackwardBackward0,
NllLossBackwardBackward0, ...; ops/nn_conv_backward.py and the pooling and padding
kernels; ops/distance_backward.py: CdistBackwardBackward0, PdistBackwardBackward0, and
ops/nn_sparse.py: EmbeddingBagBackwardBackward0, which refuse a derivative as torch's).
What the list still holds, by torch's name:
- the new kernels' own derivatives where torch composes them otherwise (the
  convolution's weight term: TransposeBackward0, SliceBackward0; binary cross-entropy's
  for its output gradient: MulBackward0);
- other compositions: addmm/addmv/baddbmm with alpha or beta (MulBackward1), prod, norm
  and std (a final product or division in another order), maximum/minimum and xlogy
  (masked_fill where ember uses where), cumprod (CopySlices), the in-place scatter family;
- torch's own compositions elsewhere: gru's steps, scatter_reduce, a few view chains;
- complex samples (complex128 inputs are differentiated too): conj (ConjPhysicalBackward0
  where torch's lazy view records ConjBackward0), fft_c2r, sgn, polar, add/sub with alpha,
  slogdet (torch's LinalgSolveExBackward0), linalg.eig's second derivative (NotImplemented)
  and trace under a chained cotangent.
hardsigmoid's kernel, which torch cannot differentiate, is an op recorded with torch's
NotImplemented node (as cdist's and pdist's kernels are with their own names).
"""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pytest

import ember
from tests import sample_reference
from tests.double_backward_names import REFERENCE_PATH, differences, record
from tests.reference.double_backward_known import KNOWN
from tests.samples import collect

REFERENCE = sample_reference.load(REFERENCE_PATH)
SAMPLES = collect()


def test_ops_not_recorded_yet():
    """Ops (or samples) added since the names were recorded are not compared: rerun
    scripts/issue11_double_backward_names.py --write where torch is installed."""
    missing = sample_reference.not_recorded(SAMPLES, REFERENCE)
    if missing:
        pytest.skip(f"not recorded from torch yet: {', '.join(missing)}")


def test_known_differences_are_keyed_by_recorded_samples():
    assert not sample_reference.unknown_keys(KNOWN, REFERENCE)


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_double_backward_names_match_torch(name):
    if name not in SAMPLES:
        pytest.skip(f"{name} has no samples in this checkout")
    new, gone = sample_reference.compare(name, SAMPLES, REFERENCE, KNOWN, record, differences)
    assert not new, f"names that differ from torch's (torch, ember): {new}"
    assert not gone, f"fixed, remove from double_backward_known.py: {gone}"


def test_the_kernels_names_for_common_activations():
    """The cases of the issue, spelled out (recorded from torch 2.13)."""
    import ember.nn.functional as F

    cases = {
        ember.sigmoid: "SigmoidBackwardBackward0", ember.tanh: "TanhBackwardBackward0",
        ember.relu: "ThresholdBackwardBackward0",
        (lambda x: ember.softmax(x, 0)): "SoftmaxBackwardDataBackward0",
        (lambda x: ember.log_softmax(x, 0)): "LogSoftmaxBackwardDataBackward0",
        F.elu: "EluBackwardBackward0", F.leaky_relu: "LeakyReluBackwardBackward0",
        F.gelu: "GeluBackwardBackward0", F.softplus: "SoftplusBackwardBackward0",
        F.logsigmoid: "LogSigmoidBackwardBackward0", F.hardtanh: "HardtanhBackwardBackward0",
    }
    for function, expected in cases.items():
        x = ember.tensor([0.5, -1.5, 2.0], requires_grad=True)
        (g,) = ember.autograd.grad(function(x).sum(), x, create_graph=True)
        assert type(g.grad_fn).__name__ == expected
        # relu's kernel reads the result only for its mask: the second derivative is zeros,
        # not an error (the gradient requires grad, as in torch)
        (h,) = ember.autograd.grad(g.sum(), x)
        assert h.shape == x.shape


def test_the_pieces_of_one_call_share_one_node():
    """split/chunk/unbind pieces and svd's factors share one node, as in torch: its backward
    combines every piece's gradient (one cat or stack under create_graph; torch 2.13)."""
    cases = [
        (lambda x: x.split(2), "SplitBackward0", "CatBackward0"),
        (lambda x: x.chunk(3, 1), "SplitBackward0", "CatBackward0"),
        (lambda x: x.split([1, 3, 2]), "SplitWithSizesBackward0", "CatBackward0"),
        (lambda x: x.unbind(1), "UnbindBackward0", "StackBackward0"),
        (lambda x: tuple(x), "UnbindBackward0", "StackBackward0"),
    ]
    data = np.arange(18.0).reshape(6, 3) / 7
    for pieces_of, node_name, gradient_name in cases:
        x = ember.tensor(data, requires_grad=True)
        first, second, *rest = pieces_of(x)
        assert first.grad_fn is second.grad_fn and type(first.grad_fn).__name__ == node_name
        assert (first.output_nr, second.output_nr) == (0, 1)
        loss = (first * first).sum() + (second * 3).sum()
        (g,) = ember.autograd.grad(loss, x, create_graph=True)
        assert type(g.grad_fn).__name__ == gradient_name
        # the same values without create_graph, and without the pieces sharing anything
        (plain,) = ember.autograd.grad(loss, x)
        target = ember.zeros(data.shape, dtype=ember.float64)
        expected_pieces = pieces_of(target)
        expected_pieces[0].numpy()[...] = 2 * first.detach().numpy()
        expected_pieces[1].numpy()[...] = 3
        expected = target.numpy()
        np.testing.assert_array_equal(g.detach().numpy(), expected)
        np.testing.assert_array_equal(plain.numpy(), expected)
    a = ember.tensor(data, requires_grad=True)
    u, s, vh = ember.linalg.svd(a, full_matrices=False)
    assert u.grad_fn is s.grad_fn is vh.grad_fn
    assert [t.output_nr for t in (u, s, vh)] == [0, 1, 2]
    (g,) = ember.autograd.grad((u * s).sum() + vh.sum(), a, create_graph=True)
    assert type(g.grad_fn).__name__ == "MmBackward0"


def _reaches(node, target) -> bool:
    seen, stack = set(), [node]
    while stack:
        current = stack.pop()
        if current is target:
            return True
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        stack.extend(n for n, _ in current.next_functions)
    return False


def test_the_svd_gradient_graph_goes_through_the_svd_node():
    """The SVD's node saves its own U, S, Vh (svdvals' S is output 1 of it, U and Vh hidden)
    and its backward reads them, as torch's: a create_graph gradient's graph leads back to
    that node, a pass through it frees the node, and a factor written in place since is
    refused by name (torch 2.13)."""
    data = np.array([[-3.0, -0.8, -4.0], [3.0, 1.3, -2.0], [-0.1083, 2.0, -3.0]])
    a = ember.tensor(data, requires_grad=True)
    s = ember.linalg.svdvals(a)
    assert s.output_nr == 1
    (g,) = ember.autograd.grad(s.sum(), a, create_graph=True)
    assert _reaches(g.grad_fn, s.grad_fn)
    ember.autograd.grad((g * g).sum(), a)  # runs (and frees) s's node
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        s.sum().backward()
    u, s, vh = ember.linalg.svd(a, full_matrices=False)
    vh.mul_(2)
    with pytest.raises(RuntimeError, match=r"\[3, 3\]\], which is output 2 of LinalgSvd, is at"):
        s.sum().backward()
    # the node holds no Tensor of its outputs: it dies with them, no cycle to collect
    gc.disable()
    try:
        s = ember.linalg.svdvals(ember.tensor(data, requires_grad=True))
        node = weakref.ref(s.grad_fn)
        del s
        assert node() is None
    finally:
        gc.enable()
