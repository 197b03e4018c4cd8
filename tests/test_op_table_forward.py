"""Forward-mode tests generated from the op table's samples (tests/samples).

For every (op, sample) with a differentiable float64 input and a floating result:
- the JVP from forward mode (make_dual with random tangents on every differentiable input,
  unpack_dual of the result) equals J v, with the Jacobian J built row by row by reverse
  mode (ember.autograd.grad), which test_op_table.py checks against finite differences;
- forward-over-reverse: the tangent of a gradient computed inside a dual level equals the
  second derivative that reverse-over-reverse gives (projected on random directions);
- reverse-over-forward: the gradient of a tangent (tangent rules are recorded) equals the
  same second derivative by reverse-over-reverse;
- in-place variants leave their target with the out-of-place result's tangent;
and every differentiable op has a tangent rule, except the ones torch has none for either.
"""

from __future__ import annotations

import numpy as np
import pytest

import ember
from ember.autograd import forward_ad as fwAD
from ember.ops import OPS
from tests.gradcheck_util import (
    SAMPLE_SEED,
    as_pairs,
    differentiable_indices,
    evaluate,
    gradient_values,
    random_like,
    to_tensors,
    working_precision,
)
from tests.samples import Sample, collect

SAMPLES = collect()

# Differentiable ops deliberately left without a tangent rule. Each raises
# NotImplementedError ("Trying to use forward AD with <name> ...", torch's) when a tangent
# reaches it.
NO_TANGENT_RULE = {
    # torch has no forward-mode formula for unique either (it raises NotImplementedError),
    # and its backward raises too: the result's values are not differentiable functions
    # worth defining (which elements survive changes discontinuously).
    "unique": "torch raises NotImplementedError for _unique2 in forward mode",
    "unique_dim": "torch raises NotImplementedError for unique_dim in forward mode",
    "unique_consecutive": "torch raises NotImplementedError for it in forward mode",
    # torch's fused weight-norm kernel has no forward-mode formula (NotImplementedError);
    # the composed path of other dims does
    "weight_norm_interface": "torch raises NotImplementedError for _weight_norm_interface in "
                             "forward mode",
    # torch's CrossMapLRN2d is a custom Function without a jvp: forward mode raises there
    "cross_map_lrn2d": "torch's CrossMapLRN2d Function has no forward-mode formula",
    # torch's margin-loss kernels have no forward-mode formula (NotImplementedError)
    "multi_margin_loss": "torch raises NotImplementedError for multi_margin_loss in forward "
                         "mode",
    "multilabel_margin_loss": "torch raises NotImplementedError for "
                              "multilabel_margin_loss_forward in forward mode",
    "_standard_gamma": "torch raises NotImplementedError for _standard_gamma in forward mode",
    "_dirichlet_rsample": "torch's _Dirichlet Function (Dirichlet.rsample) has no jvp",
    "special_zeta": "torch raises NotImplementedError for special_zeta in forward mode",
    "special_zeta_scalar_self": "torch raises NotImplementedError for special_zeta in "
                                "forward mode",
    "special_zeta_scalar_other": "torch raises NotImplementedError for special_zeta in "
                                 "forward mode",
    "scaled_dot_product_flash_attention_for_cpu": "torch raises NotImplementedError for "
                                                  "_scaled_dot_product_flash_attention_for_cpu "
                                                  "in forward mode",
    "segment_reduce": "torch raises NotImplementedError for segment_reduce in forward mode",
}


def _float_result(sample: Sample) -> bool:
    with ember.no_grad():
        out = evaluate(sample, to_tensors(sample, requires_grad=False))
    return out.is_floating_point() or out.is_complex()


# Complex values are compared as pairs of reals (tests/gradcheck_util.as_pairs): a complex
# gradient's pairs are a row of the real Jacobian of the pairs.
def _random_tangents(generator, sample: Sample, indices) -> dict:
    return {i: random_like(generator, sample.inputs[i].shape, sample.inputs[i].dtype)
            for i in indices}


def _real_view(t):
    """A complex tensor as its (re, im) pairs (recorded), a real one as itself (a lazy
    conjugate, as some of torch's gradients are, resolved first: view_as_real refuses it)."""
    return ember.view_as_real(t.resolve_conj()) if t.is_complex() else t


def _cases(second_order: bool = False) -> list:
    cases = []
    for name in sorted(SAMPLES):
        op = OPS.get(name)
        if op is None or not op.differentiable or name in NO_TANGENT_RULE:
            continue
        for i, sample in enumerate(SAMPLES[name]):
            if not differentiable_indices(sample) or not _float_result(sample):
                continue
            if second_order and not sample.second_order:
                continue
            cases.append(pytest.param(name, sample, id=f"{name}-{i}"))
    return cases


CASES = _cases()
SECOND_ORDER_CASES = _cases(second_order=True)


def _tolerance(sample: Sample, out) -> float:
    # Both sides are exact formulas: only rounding separates them, more of it when the
    # result went through float32.
    low_precision = working_precision(out).itemsize < 8
    return max(1e-3 if low_precision else 1e-8, sample.atol, sample.rtol)


def _dual_inputs(sample: Sample, tensors: list, tangents: dict) -> list:
    return [fwAD.make_dual(t, ember.tensor(tangents[i])) if i in tangents else t
            for i, t in enumerate(tensors)]


def reverse_jacobians(sample: Sample) -> tuple[list[np.ndarray], object]:
    """d output / d input_i for each differentiable input, one reverse pass per output
    element: matrices of shape (output size, input size)."""
    indices = differentiable_indices(sample)
    tensors = to_tensors(sample)
    inputs = [tensors[i] for i in indices]
    out = evaluate(sample, tensors)
    rows = [[] for _ in indices]
    dtype = out.detach().numpy().dtype
    parts = (1, 1j) if dtype.kind == "c" else (1,)
    for k in range(out.numel()):
        for part in parts:
            basis = np.zeros(out.numel(), dtype)
            basis[k] = part
            grads = ember.autograd.grad(out, inputs, grad_outputs=ember.tensor(basis.reshape(
                tuple(out.shape))), retain_graph=True, allow_unused=True)
            for row, value in zip(rows, gradient_values(grads, inputs)):
                row.append(value.reshape(-1))
    return [np.array(r).reshape(out.numel() * len(parts), -1) for r in rows], out


def check_jvp(sample: Sample) -> None:
    indices = differentiable_indices(sample)
    generator = np.random.default_rng(SAMPLE_SEED)
    tangents = _random_tangents(generator, sample, indices)
    jacobians, reverse_out = reverse_jacobians(sample)
    expected = sum(j @ as_pairs(tangents[i]).reshape(-1) for i, j in zip(indices, jacobians))

    with fwAD.dual_level():
        out = evaluate(sample, _dual_inputs(sample, to_tensors(sample, requires_grad=False),
                                            tangents))
        primal, tangent = fwAD.unpack_dual(out)
    assert tangent is not None, "the result of forward mode carries no tangent"
    assert tuple(tangent.shape) == tuple(out.shape), (
        f"the tangent has shape {tuple(tangent.shape)}, the result {tuple(out.shape)}")
    assert tangent.dtype == out.dtype, f"tangent dtype {tangent.dtype}, result {out.dtype}"
    np.testing.assert_allclose(primal.detach().numpy(), reverse_out.detach().numpy(),
                               rtol=1e-12, atol=0, err_msg="the primal changed")
    tolerance = _tolerance(sample, reverse_out)
    np.testing.assert_allclose(as_pairs(tangent.numpy()).reshape(-1),
                               np.ravel(expected), rtol=tolerance, atol=tolerance,
                               err_msg="forward-mode JVP vs reverse-mode Jacobian @ v")


@pytest.mark.parametrize("name, sample", CASES)
def test_jvp_matches_reverse_jacobian(name, sample):
    check_jvp(sample)


def check_forward_over_reverse(sample: Sample) -> None:
    """w . (tangent of g) == (d(w . g)/dx) . v, for g = J^T u the gradient of the sample
    against a random cotangent u, v the input tangents and w a random direction."""
    indices = differentiable_indices(sample)
    generator = np.random.default_rng(SAMPLE_SEED + 2)
    tensors = to_tensors(sample)
    out = evaluate(sample, tensors)
    cotangent = ember.tensor(random_like(generator, tuple(out.shape),
                                         out.detach().numpy().dtype))
    tangents = _random_tangents(generator, sample, indices)
    directions = [random_like(generator, sample.inputs[i].shape, sample.inputs[i].dtype)
                  for i in indices]

    # reverse over reverse
    inputs = [tensors[i] for i in indices]
    grads = ember.autograd.grad(out, inputs, grad_outputs=cotangent, create_graph=True,
                                allow_unused=True)
    pairs = [(g, w) for g, w in zip(grads, directions) if g is not None and g.requires_grad]
    expected = 0.0
    if pairs:
        second = ember.autograd.grad([g for g, _ in pairs], inputs,
                                     grad_outputs=[ember.tensor(w) for _, w in pairs],
                                     allow_unused=True)
        expected = sum(float(np.sum(s * as_pairs(tangents[i])))
                       for s, i in zip(gradient_values(second, inputs), indices))

    # forward over reverse
    with fwAD.dual_level():
        duals = _dual_inputs(sample, to_tensors(sample), tangents)
        wrt = [duals[i] for i in indices]
        dual_grads = ember.autograd.grad(evaluate(sample, duals), wrt, grad_outputs=cotangent,
                                         create_graph=True, allow_unused=True)
        got = 0.0
        for g, w in zip(dual_grads, directions):
            tangent = None if g is None else fwAD.unpack_dual(g).tangent
            if tangent is not None:
                got += float(np.sum(as_pairs(tangent.detach().numpy()) * as_pairs(w)))
    tolerance = _tolerance(sample, out)
    if np.isnan(expected):  # a nan derivative (a negative base's log): both must say so
        assert np.isnan(got), f"forward-over-reverse gives {got}, reverse-over-reverse nan"
        return
    assert abs(got - expected) <= tolerance * (1 + abs(expected)), (
        f"forward-over-reverse gives {got}, reverse-over-reverse {expected}")


@pytest.mark.parametrize("name, sample", SECOND_ORDER_CASES)
def test_forward_over_reverse_matches_reverse_over_reverse(name, sample):
    check_forward_over_reverse(sample)


def check_reverse_over_forward(sample: Sample) -> None:
    """d/dx (w . J(x) v) by reverse mode through the tangent's graph, against the same
    derivative by reverse over reverse: d/dx ((J(x)^T w) . v)."""
    indices = differentiable_indices(sample)
    generator = np.random.default_rng(SAMPLE_SEED + 3)
    tensors = to_tensors(sample)
    inputs = [tensors[i] for i in indices]
    out = evaluate(sample, tensors)
    w = ember.tensor(random_like(generator, tuple(out.shape), out.detach().numpy().dtype))
    tangents = _random_tangents(generator, sample, indices)

    grads = ember.autograd.grad(out, inputs, grad_outputs=w, create_graph=True,
                                allow_unused=True)
    terms = [(_real_view(g) * ember.tensor(as_pairs(tangents[i]))).sum()
             for g, i in zip(grads, indices) if g is not None and g.requires_grad]
    expected = [np.zeros(as_pairs(sample.inputs[i]).shape) for i in indices]
    if terms:
        expected = gradient_values(ember.autograd.grad(
            sum(terms[1:], terms[0]), inputs, allow_unused=True), inputs)

    leaves = to_tensors(sample)
    wrt = [leaves[i] for i in indices]
    with fwAD.dual_level():
        tangent = fwAD.unpack_dual(evaluate(sample, _dual_inputs(sample, leaves,
                                                                 tangents))).tangent
        got = [np.zeros(as_pairs(sample.inputs[i]).shape) for i in indices]
        if tangent is not None and tangent.requires_grad:
            got = gradient_values(ember.autograd.grad(tangent, wrt, grad_outputs=w,
                                                      allow_unused=True), wrt)
    tolerance = _tolerance(sample, out)
    for i, g, e in zip(indices, got, expected):
        np.testing.assert_allclose(g, e, rtol=tolerance, atol=tolerance, equal_nan=True,
                                   err_msg=f"reverse-over-forward w.r.t. input {i}")


@pytest.mark.parametrize("name, sample", SECOND_ORDER_CASES)
def test_reverse_over_forward_matches_reverse_over_reverse(name, sample):
    check_reverse_over_forward(sample)


# ---------------------------------------------------------------------- in-place variants
INPLACE_CASES = [param for param in CASES if param.values[1].inplace
                 and 0 in differentiable_indices(param.values[1])]


def check_inplace_tangent(sample: Sample) -> None:
    """The in-place method leaves its target with the out-of-place result's tangent."""
    indices = differentiable_indices(sample)
    generator = np.random.default_rng(SAMPLE_SEED)
    tangents = _random_tangents(generator, sample, indices)
    with fwAD.dual_level():
        duals = _dual_inputs(sample, to_tensors(sample, requires_grad=False), tangents)
        expected = fwAD.unpack_dual(evaluate(sample, duals)).tangent
        duals = _dual_inputs(sample, to_tensors(sample, requires_grad=False), tangents)
        target = duals[0].clone()
        ember.manual_seed(SAMPLE_SEED)
        method = getattr(target, sample.inplace)
        returned = method(*duals[1:], *sample.inplace_args, **sample.inplace_kwargs)
        assert returned is target
        got = fwAD.unpack_dual(target).tangent
    assert got is not None, f"{sample.inplace} left its target without a tangent"
    np.testing.assert_allclose(got.numpy(), expected.numpy(), rtol=1e-12, atol=1e-12,
                               err_msg=f"tangent after {sample.inplace} vs out of place")


@pytest.mark.parametrize("name, sample", INPLACE_CASES)
def test_inplace_tangent_matches_out_of_place(name, sample):
    check_inplace_tangent(sample)


# ---------------------------------------------------------------------- coverage
def test_every_differentiable_op_has_a_tangent_rule():
    missing = sorted(name for name, op in OPS.items()
                     if op.differentiable and op.tangent_fn is None
                     and name not in NO_TANGENT_RULE)
    assert not missing, (
        f"{len(missing)} differentiable ops have no tangent rule: {', '.join(missing)}. "
        "Declare one with @op.tangent beside the op's backward.")


def test_allow_listed_ops_have_no_rule_and_raise():
    for name in NO_TANGENT_RULE:
        assert OPS[name].tangent_fn is None, f"{name} has a rule: remove it from the list"
    x = ember.tensor([3.0, 1.0, 3.0, 2.0])
    with fwAD.dual_level():
        dual = fwAD.make_dual(x, ember.ones(4))
        with pytest.raises(NotImplementedError, match="forward AD with _unique2 that does not"):
            ember.unique(dual)


def test_jvp_cases_cover_every_op_with_a_rule():
    """Every differentiable op with a tangent rule has at least one sample whose JVP is
    checked. (A non-differentiable op's rule says there is no tangent, view(dtype)'s, as
    torch: there is no reverse mode to check it against; tests/reference checks it.)"""
    covered = {param.values[0] for param in CASES}
    unchecked = sorted(name for name, op in OPS.items()
                       if op.tangent_fn is not None and op.differentiable
                       and name not in covered)
    assert not unchecked, f"tangent rules never checked against reverse mode: {unchecked}"


def test_check_jvp_catches_a_wrong_rule():
    """The JVP check fails when a rule is wrong (here: exp's rule off by 0.1%)."""
    sample = Sample(lambda t: t.exp(), (np.array([0.3, -0.8, 1.2]),), np.exp)
    check_jvp(sample)
    op = OPS["exp"]
    rule = op.tangent_fn
    op.tangent_fn = lambda ctx, t: rule(ctx, t) * 1.001
    try:
        with pytest.raises(AssertionError, match="JVP"):
            check_jvp(sample)
    finally:
        op.tangent_fn = rule
