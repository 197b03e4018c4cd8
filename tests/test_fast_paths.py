"""apply()'s generated fast paths (`_dispatch.make_fast_apply`) against its general path.

Every sample of every op of the table runs twice, with the fast paths on and off; the two
must agree on the result (values, dtype, shape), the graph recorded (grad_fn, edges, input
metadata), the values saved for the backward, version counters and the gradients.
"""

from __future__ import annotations

import numpy as np
import pytest

import ember
from ember import _dispatch
from ember._bind import _BINARY_OPERATORS
from ember.autograd.node import SavedOutput
from ember.ops import OPS
from tests.gradcheck_util import differentiable_indices, run, to_tensors
from tests.test_op_table import _all_cases, _wants_gradient

CASES = [pytest.param(name, sample, id=f"{name}-{i}") for name, i, sample in _all_cases()]


def _outcome(name: str, sample, fast: bool, monkeypatch) -> dict:
    monkeypatch.setattr(_dispatch, "use_fast_paths", fast)
    grad = _wants_gradient(name, sample)
    tensors = to_tensors(sample, requires_grad=grad)
    with ember.enable_grad() if grad else ember.no_grad():
        result = run(sample, tensors)
    out = result[0] if isinstance(result, tuple) else result
    if not isinstance(out, ember.Tensor):
        return {"value": out}
    node = out.grad_fn
    outcome = {
        "value": out.detach().numpy().copy(), "dtype": out.dtype, "shape": tuple(out.shape),
        "requires_grad": out.requires_grad, "version": out._version,
        "grad_fn": type(node).__name__ if node is not None else None,
    }
    if node is not None and hasattr(node, "_saved"):
        outcome["edges"] = [(type(n).__name__, nr) for n, nr in node.next_functions]
        outcome["meta"] = node.input_meta
        outcome["saved"] = [_saved_value(entry) for entry in node._saved]
        outcome["saved_versions"] = node._versions
    if grad and out.requires_grad and out.dtype.is_floating_point:
        inputs = [tensors[i] for i in differentiable_indices(sample)]
        cotangent = np.linspace(-1.0, 1.0, out.numel()).reshape(tuple(out.shape))
        grads = ember.autograd.grad(out, inputs, ember.tensor(cotangent, dtype=out.dtype),
                                    allow_unused=True)
        outcome["grads"] = [None if g is None else g.numpy() for g in grads]
    return outcome


def _saved_value(entry):
    if isinstance(entry, ember.Tensor):
        return ("tensor", entry.detach().numpy().copy(), entry._version)
    if type(entry) is SavedOutput:
        return ("output", np.array(entry.data), entry.expected)
    return ("other", entry if not isinstance(entry, np.ndarray) else entry.tolist())


def _assert_same(a, b, where: str) -> None:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b), err_msg=where)
        assert np.asarray(a).dtype == np.asarray(b).dtype, where
    elif isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            _assert_same(x, y, f"{where}[{i}]")
    elif isinstance(a, float) and isinstance(b, float) and np.isnan(a) and np.isnan(b):
        pass
    else:
        assert a == b, f"{where}: {a!r} != {b!r}"


@pytest.mark.parametrize("name, sample", CASES)
def test_fast_path_agrees_with_general_path(name, sample, monkeypatch):
    fast = _outcome(name, sample, True, monkeypatch)
    general = _outcome(name, sample, False, monkeypatch)
    assert fast.keys() == general.keys()
    for key in fast:
        _assert_same(fast[key], general[key], key)


def test_common_ops_take_the_fast_path(monkeypatch):
    """The fast path really serves the usual calls: the general one is never entered.
    (NumPy 1 promotes Python numbers by value: there `x * 2.0` takes the general path.)"""
    entered = []
    original = _dispatch._apply
    monkeypatch.setattr(_dispatch, "_apply", lambda *a: entered.append(a[0].name) or
                        original(*a))
    x = ember.tensor([0.5, 1.5], requires_grad=True)
    w = ember.nn.Parameter(ember.tensor([2.0, 3.0]))
    y = ((x * w + 1.0).exp().sin() - x / 2.0).relu()
    y.sum().backward()
    with_numbers = ["add", "div"] if not _dispatch._WEAK_PYTHON_SCALARS else []
    assert entered == with_numbers
    assert OPS["mul"].fast_apply is not None


def test_edges_to_a_later_output_take_the_general_path():
    class Pair(ember.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 1.0, x * 3.0

        @staticmethod
        def backward(ctx, ga, gb):
            return ga + 3.0 * gb

    x = ember.tensor([1.0, 2.0], requires_grad=True)
    _, second = Pair.apply(x)
    assert second._output_nr == 1
    y = second * 2.0
    assert y.grad_fn.next_functions[0][1] == 1
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [6.0, 6.0])


# ---------------------------------------------------------------------- direct methods
def _direct_entries():
    """(method or operator name, function) for every public function declared with ufunc_op:
    those get a method that skips the function for plain float operands."""
    from ember.ops._registry import API

    pairs = []
    for entry in API:
        if entry.ufunc_op is None:
            continue
        for name in (entry.method, *entry.operators):
            if name:
                pairs.append(pytest.param(name, entry.function, entry.ufunc_op.forward.nin,
                                          id=name))
    return pairs


def _call_outcome(callable_, args: tuple, kwargs: dict):
    try:
        out = callable_(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - the type and message are the outcome
        return ("raises", type(error).__name__, str(error))
    if out is NotImplemented:  # a comparison with a non-number: Python's operator fallback
        return ("NotImplemented",)
    node = out.grad_fn
    return ("value", repr(out.detach().numpy().tolist()), str(out.dtype), out.requires_grad,
            type(node).__name__ if node is not None else None,
            [(type(n).__name__, nr) for n, nr in node.next_functions] if node else None)


def _selves():
    return [ember.tensor([0.5, -1.5], requires_grad=True),
            ember.tensor([0.5, -1.5], dtype=ember.float64),
            ember.nn.Parameter(ember.tensor([2.0, 3.0])),
            ember.tensor([1, -2]), ember.tensor([True, False])]


def _others():
    return [0.5, 2, True, "a", None, ember.tensor([2.0, 4.0]),
            ember.tensor([2.0, 4.0], requires_grad=True), ember.tensor([2.0, 4.0]).double(),
            ember.tensor(3.0), ember.tensor([[1.0], [2.0]]), ember.tensor([1, 2]),
            ember.tensor([True, False]), ember.tensor([1.0, 2.0, 3.0])]


@pytest.mark.parametrize("name, function, arity", _direct_entries())
@pytest.mark.parametrize("fast", [True, False], ids=["fast", "general"])
def test_direct_methods_behave_as_their_function(name, function, arity, fast, monkeypatch):
    """The method (and operator) agrees with the public function on every kind of operand,
    values, dtypes, graph and errors alike."""
    monkeypatch.setattr(_dispatch, "use_fast_paths", fast)
    method = getattr(ember.Tensor, name)
    assert method is not function
    calls = []
    for self_ in _selves():
        if arity == 1:
            calls += [((self_,), {}), ((self_, 1.0), {})]
        else:
            calls += [((self_, other), {}) for other in _others()]
            calls += [((self_,), {}), ((self_, 2.0), {"alpha": 2})]
    for args, kwargs in calls:
        expected = _call_outcome(function, args, kwargs)
        actual = _call_outcome(method, args, kwargs)
        if expected[0] == "raises" and expected[1] == "TypeError":
            if name in _BINARY_OPERATORS and len(args) == 2:
                # torch's binary operators answer NotImplemented where their function
                # raises a TypeError (x + "a": Python's own TypeError then)
                assert actual == ("NotImplemented",), (name, args, kwargs)
                continue
            # Python's own argument errors name the callable: the method's is the function's.
            assert actual[:2] == expected[:2], (name, args, kwargs)
        else:
            assert actual == expected, (name, args, kwargs)


def test_fast_path_templates_name_only_known_flags():
    """Lines of ember._fast_paths' templates are kept where their flags hold (`#if`, `#?`):
    a flag misspelled there would drop them from every op without an error."""
    from ember import _fast_paths

    known = {"apply", "method", "saves_otherwise"}
    for op in OPS.values():
        known |= _dispatch._fast_path_flags(op)
    for template in (_fast_paths._UNARY, _fast_paths._BINARY):
        for line in template.splitlines():
            _, _, conditions = line.partition("  #? ")
            if line.strip().startswith("#if "):
                conditions = line.strip()[4:]
            for term in conditions.split():
                assert term.lstrip("!") in known, (term, line)
