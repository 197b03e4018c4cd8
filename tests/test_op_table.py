"""Tests generated from the op table: for every op, for every sample of it (tests/samples).

For each (op, sample) pair:
- the sample reaches the op (its node is in the graph, or its forward runs);
- the forward matches the sample's NumPy reference, values and dtype;
- for differentiable ops, the gradient matches central finite differences in float64,
  and so does the second derivative taken through create_graph=True;
- binary broadcasting ops are rerun with one input shrunk to broadcast against the other;
- the in-place method named by the sample matches the out-of-place result and gradient.
"""

from __future__ import annotations

import dataclasses
from contextlib import nullcontext

import numpy as np
import pytest

import ember
from ember.autograd import engine
from ember.ops import OPS
from tests.gradcheck_util import (
    SAMPLE_SEED,
    as_pairs,
    assert_gradients_close,
    differentiable_indices,
    evaluate,
    gradient_values,
    numeric_jacobians,
    output_values,
    pair_shape,
    random_like,
    run,
    step_and_tolerance,
    to_tensors,
    version_of,
    vjp,
    working_precision,
)
from tests.samples import Sample, collect

SAMPLES = collect()


def _op(name: str):
    if name not in OPS:
        pytest.fail(f"samples are filed under {name!r}, which is not an op in ember.ops.OPS")
    return OPS[name]


# id(sample) -> (sample, whether its result is floating); holding the sample keeps its id
# from being reused by another one.
_FLOATING_RESULT: dict[int, tuple[Sample, bool]] = {}


def _result_is_floating(sample: Sample) -> bool:
    """Whether the sample's result is a float tensor (computed once, without a graph)."""
    cached = _FLOATING_RESULT.get(id(sample))
    if cached is None:
        try:
            with ember.no_grad():
                out = evaluate(sample, to_tensors(sample, requires_grad=False))
            floating = out.is_floating_point() or out.is_complex()
        except Exception:  # noqa: BLE001 - let the tests themselves show the error
            floating = True
        cached = _FLOATING_RESULT[id(sample)] = (sample, floating)
    return cached[1]


def _has_gradient_inputs(name: str, sample: Sample) -> bool:
    op = OPS.get(name)
    return op is not None and op.differentiable and bool(differentiable_indices(sample))


def _wants_gradient(name: str, sample: Sample) -> bool:
    """Gradient checks run for differentiable ops on samples with float64 inputs and a float
    result (an integer result, as of `x.long()`, never requires grad)."""
    return _has_gradient_inputs(name, sample) and _result_is_floating(sample)


def _grad_context(name: str, sample: Sample):
    return nullcontext() if _wants_gradient(name, sample) else ember.no_grad()


# ---------------------------------------------------------------------- parameters
def _all_cases() -> list[tuple[str, int, Sample]]:
    return [(name, i, sample) for name in sorted(SAMPLES)
            for i, sample in enumerate(SAMPLES[name])]


def _params(cases) -> list:
    return [pytest.param(name, sample, id=f"{name}-{i}") for name, i, sample in cases]


def _first(value):
    return value[0] if isinstance(value, tuple) else value


def _reference_broadcasts(sample: Sample, arrays: list) -> bool:
    """Whether the NumPy reference accepts the shrunk inputs, broadcasting them all together.

    An op that broadcasts only some of its inputs (copy_ broadcasts src to self's shape)
    has a reference that refuses the other shrinkings, so no case is made of them.
    """
    shapes = [a.shape for a in arrays if isinstance(a, np.ndarray)]
    try:
        expected_shape = np.broadcast_shapes(*shapes)
        result = _first(sample.reference(*[np.copy(a) for a in arrays]))
    except Exception:  # noqa: BLE001 - any refusal of the reference means "not broadcastable"
        return False
    return np.shape(result) == expected_shape


def _broadcast_variants(name: str, sample: Sample) -> list[tuple[int, Sample]]:
    """The sample with one of its first two same-shaped float inputs cut to length 1 along
    the first axis, so that it broadcasts against the other: one variant per input."""
    op = OPS.get(name)
    if op is None or not op.broadcasts or sample.reference is None:
        return []
    if not _wants_gradient(name, sample):
        return []
    candidates = [i for i in differentiable_indices(sample)
                  if sample.inputs[i].ndim >= 1 and sample.inputs[i].shape[0] > 1]
    pair = next(((i, j) for i in candidates for j in candidates
                 if i < j and sample.inputs[i].shape == sample.inputs[j].shape), None)
    if pair is None:
        return []
    variants = []
    for index in pair:
        arrays = list(sample.inputs)
        arrays[index] = arrays[index][:1].copy()
        if _reference_broadcasts(sample, arrays):
            variants.append((index, dataclasses.replace(sample, inputs=tuple(arrays))))
    return variants


ALL = _params(_all_cases())
WITH_REFERENCE = _params(c for c in _all_cases() if c[2].reference is not None)
DIFFERENTIABLE = _params(c for c in _all_cases() if _wants_gradient(c[0], c[2]))
SECOND_ORDER = _params(c for c in _all_cases()
                       if _wants_gradient(c[0], c[2]) and c[2].second_order)
INPLACE = _params(c for c in _all_cases() if c[2].inplace)
BROADCAST = [pytest.param(name, variant, id=f"{name}-{i}-shrink{index}")
             for name, i, sample in _all_cases()
             for index, variant in _broadcast_variants(name, sample)]


# ---------------------------------------------------------------------- coverage
def test_every_op_has_samples():
    missing = sorted(name for name in OPS if not SAMPLES.get(name))
    assert not missing, (
        f"{len(missing)} ops have no sample in tests/samples: {', '.join(missing)}. "
        "Add a Sample that calls each through ember's public API."
    )


def test_every_sample_names_an_op():
    unknown = sorted(set(SAMPLES) - set(OPS))
    assert not unknown, f"samples are filed under names that are not ops: {unknown}"


# ---------------------------------------------------------------------- reaching the op
def _ops_in_graph(root) -> set:
    """Every op recorded in the graph below `root`, walked with an explicit stack."""
    found, seen, stack = set(), {id(root)}, [root]
    while stack:
        node = stack.pop()
        op = getattr(node, "op", None)
        if op is not None:
            found.add(op)
        for child, _ in node.next_functions:
            if child is not None and id(child) not in seen:
                seen.add(id(child))
                stack.append(child)
    return found


def _forward_calls(op, sample: Sample) -> int:
    """How often `op`'s forward runs while the sample is evaluated without grad."""
    original = op.forward
    calls = []

    def counting_forward(*args):
        calls.append(None)
        return original(*args)

    op.forward = counting_forward
    try:
        with ember.no_grad():
            run(sample, to_tensors(sample, requires_grad=False))
    finally:
        op.forward = original
    return len(calls)


def check_reaches(name: str, sample: Sample) -> None:
    op = _op(name)
    if not _wants_gradient(name, sample):
        # Nothing records a node here (non-differentiable op, no float64 input or an
        # integer result): watch the op's forward instead.
        assert _forward_calls(op, sample) > 0, f"the sample never runs op {name!r}"
        if _has_gradient_inputs(name, sample):
            out = evaluate(sample, to_tensors(sample))
            assert not out.requires_grad, (
                f"the result has dtype {out.dtype} but requires grad: torch never records "
                "integer results (only floating point tensors can require gradients)")
        return
    out = evaluate(sample, to_tensors(sample))
    assert isinstance(out, ember.Tensor), f"the sample returned {type(out).__name__}"
    assert out.requires_grad, (
        f"{name} is differentiable, but the sample's result does not require grad")
    recorded = _ops_in_graph(out.grad_fn)
    assert op in recorded, (
        f"the sample's graph does not contain op {name!r}; it records "
        f"{sorted(o.name for o in recorded)}")


@pytest.mark.parametrize("name, sample", ALL)
def test_sample_reaches_op(name, sample):
    check_reaches(name, sample)


# ---------------------------------------------------------------------- forward
def _ember_dtype(np_dtype: np.dtype):
    dtype = getattr(ember, np.dtype(np_dtype).name, None)
    assert isinstance(dtype, ember.dtype), f"ember has no dtype for NumPy's {np_dtype}"
    return dtype


def _assert_matches_reference(got, want, sample: Sample, label: str) -> None:
    want = np.asarray(want)
    assert isinstance(got, ember.Tensor), f"{label} is a {type(got).__name__}, not a Tensor"
    assert got.dtype == _ember_dtype(want.dtype), (
        f"{label} has dtype {got.dtype}; the reference computes {want.dtype}. (If NumPy "
        "promotes differently from torch here, cast the reference to torch's dtype.)")
    values = got.detach().numpy()
    assert values.shape == want.shape, f"{label} has shape {values.shape}, not {want.shape}"
    if want.dtype.kind in "fc":
        np.testing.assert_allclose(values, want, atol=sample.atol, rtol=sample.rtol,
                                   equal_nan=True, err_msg=label)
    else:
        np.testing.assert_array_equal(values, want, err_msg=label)


def check_forward(name: str, sample: Sample) -> None:
    with _grad_context(name, sample):
        result = run(sample, to_tensors(sample, requires_grad=_wants_gradient(name, sample)))
    expected = sample.reference(*[np.copy(a) for a in sample.inputs])
    results = result if isinstance(result, tuple) else (result,)
    expecteds = expected if isinstance(expected, tuple) else (expected,)
    if len(expecteds) == 1:
        results = results[:1]  # a reference of the first output only
    assert len(results) == len(expecteds), (
        f"the sample returns {len(results)} results, the reference {len(expecteds)}")
    for k, (got, want) in enumerate(zip(results, expecteds)):
        _assert_matches_reference(got, want, sample, f"{name}: result {k}")


@pytest.mark.parametrize("name, sample", WITH_REFERENCE)
def test_forward_matches_reference(name, sample):
    check_forward(name, sample)


# ---------------------------------------------------------------------- gradients
def _tolerances(sample: Sample, out) -> tuple[float, float]:
    step, tolerance = step_and_tolerance(working_precision(out))
    return step, max(tolerance, sample.atol, sample.rtol)


def check_gradient(sample: Sample, trials: int = 3) -> None:
    """ember's vector-Jacobian products against the finite-difference Jacobian."""
    indices = differentiable_indices(sample)
    tensors = to_tensors(sample)
    inputs = [tensors[i] for i in indices]
    out = evaluate(sample, tensors)
    assert out.requires_grad, "the sample's result does not require grad"
    out_dtype = out.detach().numpy().dtype
    step, tolerance = _tolerances(sample, out)
    if sample.jacobian is not None:
        jacobians = sample.jacobian(out.detach().numpy(), *sample.inputs)
    else:
        jacobians = numeric_jacobians(lambda arrays: output_values(sample, arrays),
                                      sample.inputs, indices, step)
    generator = np.random.default_rng(SAMPLE_SEED)
    labels = [f"input {i}" for i in indices]
    for _ in range(trials):
        cotangent = random_like(generator, tuple(out.shape), out_dtype)
        grads = vjp(out, inputs, cotangent)
        for grad, tensor, label in zip(grads, inputs, labels):
            if grad is not None:
                assert grad.dtype == tensor.dtype, (
                    f"gradient w.r.t. {label} has dtype {grad.dtype}, the input {tensor.dtype}")
        expected = [(np.ravel(as_pairs(cotangent)) @ jacobian).reshape(
            pair_shape(sample.inputs[i])) for i, jacobian in zip(indices, jacobians)]
        assert_gradients_close(gradient_values(grads, inputs), expected, labels, tolerance,
                               "gradient")


@pytest.fixture(params=["arrays", "tensors"])
def formula_values(request, monkeypatch):
    """Run backward formulas on NumPy arrays (the engine's default without create_graph) or
    on Tensors (as with create_graph, hooks or anomaly mode): both must be right."""
    monkeypatch.setattr(engine, "use_array_formulas", request.param == "arrays")
    return request.param


@pytest.mark.parametrize("name, sample", DIFFERENTIABLE)
def test_gradient_matches_finite_differences(name, sample, formula_values):
    check_gradient(sample)


def check_second_derivative(sample: Sample) -> None:
    """Hessian-vector products: ember through create_graph=True, against finite differences
    of the first derivative (itself from ember, without create_graph)."""
    indices = differentiable_indices(sample)
    generator = np.random.default_rng(SAMPLE_SEED + 1)
    tensors = to_tensors(sample)
    inputs = [tensors[i] for i in indices]
    out = evaluate(sample, tensors)
    out_dtype = out.detach().numpy().dtype
    step, tolerance = _tolerances(sample, out)
    cotangent = random_like(generator, tuple(out.shape), out_dtype)
    directions = [random_like(generator, sample.inputs[i].shape, sample.inputs[i].dtype)
                  for i in indices]

    grads = vjp(out, inputs, cotangent, create_graph=True)
    # A gradient that is None or constant (linear ops) has a zero derivative.
    pairs = [(g, v) for g, v in zip(grads, directions) if g is not None and g.requires_grad]
    hessian_vector = [None] * len(inputs)
    if pairs:
        hessian_vector = ember.autograd.grad(
            [g for g, _ in pairs], inputs, grad_outputs=[ember.tensor(v) for _, v in pairs],
            allow_unused=True)

    def directional_derivative(arrays: list) -> np.ndarray:
        leaves = to_tensors(sample, arrays)
        wrt = [leaves[i] for i in indices]
        first = gradient_values(vjp(evaluate(sample, leaves), wrt, cotangent), wrt)
        return np.array([sum(float(np.sum(g * as_pairs(v)))
                              for g, v in zip(first, directions))])

    numeric = numeric_jacobians(directional_derivative, sample.inputs, indices, step)
    expected = [j.reshape(pair_shape(sample.inputs[i])) for i, j in zip(indices, numeric)]
    assert_gradients_close(gradient_values(hessian_vector, inputs), expected,
                           [f"input {i}" for i in indices], tolerance, "second derivative")


@pytest.mark.parametrize("name, sample", SECOND_ORDER)
def test_second_derivative_matches_finite_differences(name, sample):
    check_second_derivative(sample)


# ---------------------------------------------------------------------- broadcasting
@pytest.mark.parametrize("name, sample", BROADCAST)
def test_broadcast_pair(name, sample, formula_values):
    check_forward(name, sample)
    check_gradient(sample)


def test_broadcast_pairs_are_generated():
    """The binary arithmetic samples must yield broadcast cases, or this file tests nothing."""
    names = {param.values[0] for param in BROADCAST}
    assert {"add", "mul", "div"} <= names, sorted(names)


# ---------------------------------------------------------------------- in-place variants
def _call_inplace(sample: Sample, target, others: list):
    ember.manual_seed(SAMPLE_SEED)
    method = getattr(target, sample.inplace)
    return method(*others, *sample.inplace_args, **sample.inplace_kwargs)


# Ops torch cannot differentiate in their in-place form ("the derivative for 'inplace
# version of asinh' is not implemented"), though it can out of place.
_INPLACE_NOT_DIFFERENTIABLE = {"asinh", "acosh", "atanh"}


def check_inplace(name: str, sample: Sample) -> None:
    with ember.no_grad():
        expected = evaluate(sample, to_tensors(sample, requires_grad=False))
    tensors = to_tensors(sample, requires_grad=False)
    target = tensors[0]
    version, dtype = version_of(target), target.dtype
    returned = _call_inplace(sample, target, tensors[1:])
    assert returned is target, f"{sample.inplace} must return the tensor it modified"
    assert version_of(target) > version, f"{sample.inplace} did not bump the version counter"
    assert target.dtype == dtype, f"{sample.inplace} changed the dtype to {target.dtype}"
    want = expected.detach().numpy().astype(target.detach().numpy().dtype)
    np.testing.assert_allclose(target.detach().numpy(), want, atol=sample.atol,
                               rtol=sample.rtol, err_msg=f"{sample.inplace} vs {name}")

    indices = differentiable_indices(sample)
    if not _wants_gradient(name, sample) or 0 not in indices:
        return
    if name in _INPLACE_NOT_DIFFERENTIABLE:  # torch records the in-place form, whose
        leaves = to_tensors(sample)           # backward raises
        result = _call_inplace(sample, leaves[0] * 1, leaves[1:])
        with pytest.raises(NotImplementedError, match=f"inplace version of {name}"):
            result.sum().backward()
        return
    # On a non-leaf that requires grad, the in-place result carries the same gradient.
    generator = np.random.default_rng(SAMPLE_SEED)
    cotangent = random_like(generator, tuple(expected.shape), want.dtype)
    leaves = to_tensors(sample)
    wrt = [leaves[i] for i in indices]
    out_of_place = gradient_values(vjp(evaluate(sample, leaves), wrt, cotangent), wrt)
    leaves = to_tensors(sample)
    wrt = [leaves[i] for i in indices]
    non_leaf = leaves[0] * 1
    result = _call_inplace(sample, non_leaf, leaves[1:])
    assert result is non_leaf
    in_place = gradient_values(vjp(result, wrt, cotangent), wrt)
    assert_gradients_close(in_place, out_of_place, [f"input {i}" for i in indices], 1e-10,
                           f"gradient through {sample.inplace}")


@pytest.mark.parametrize("name, sample", INPLACE)
def test_inplace_matches_out_of_place(name, sample, formula_values):
    check_inplace(name, sample)


# ---------------------------------------------------------------------- third derivatives
_THIRD_DERIVATIVES = {
    "sin": (lambda x: x.sin(), lambda x: -np.cos(x)),
    "exp": (lambda x: x.exp(), np.exp),
    "tanh": (lambda x: x.tanh(),
             lambda x: (1 - np.tanh(x) ** 2) * (6 * np.tanh(x) ** 2 - 2)),
    "cube": (lambda x: x ** 3, lambda x: np.full_like(x, 6.0)),
}


@pytest.mark.parametrize("function, third", _THIRD_DERIVATIVES.values(),
                         ids=list(_THIRD_DERIVATIVES))
def test_third_derivative(function, third):
    values = np.array([-1.3, -0.4, 0.2, 0.9, 1.7])
    x = ember.tensor(values, requires_grad=True)
    derivative = function(x)
    for _ in range(3):
        # Elementwise functions: the gradient of the sum is the derivative at each point.
        (derivative,) = ember.autograd.grad(derivative.sum(), x, create_graph=True)
    np.testing.assert_allclose(derivative.detach().numpy(), third(values), rtol=1e-12,
                               atol=1e-12)


# ---------------------------------------------------------------------- the checks themselves
def test_checks_catch_wrong_results():
    """Each check fails on a sample that is wrong in the way it looks for."""
    x = np.array([0.3, -0.8, 1.2])
    honest = Sample(lambda t: t.exp(), (x,), np.exp)
    check_reaches("exp", honest)
    check_forward("exp", honest)
    check_gradient(honest)
    check_second_derivative(honest)
    with pytest.raises(AssertionError, match="does not contain op 'sin'"):
        check_reaches("sin", honest)
    with pytest.raises(AssertionError):
        check_forward("exp", dataclasses.replace(honest, reference=np.expm1))
    # The detached factor hides half of d(x*x)/dx from ember but not from the differences.
    with pytest.raises(AssertionError, match="gradient"):
        check_gradient(Sample(lambda t: t * t.detach(), (x,), np.square))
    with pytest.raises(AssertionError, match="second derivative"):
        check_second_derivative(Sample(lambda t: t * (t * t).detach(), (x,), np.square))
