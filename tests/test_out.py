"""`out=` on the namespace functions (ember/_out.py). Torch's own behaviour is replayed in
reference/cases_out.py; here: every function torch gives out= either takes it in ember or
is listed as not yet supported (so additions are tracked), ember adds out= nowhere torch
has none, and each supported function writes what it returns without out= into out."""

from __future__ import annotations

import inspect
import json
import warnings
from pathlib import Path

import numpy as np
import pytest

import ember
from ember._out import NOT_YET, RULES

# tests/reference/out_functions.json: recorded from torch by scripts/record_out_functions.py
TAKES_OUT = json.loads((Path(__file__).parent / "reference" / "out_functions.json")
                       .read_text())["takes_out"]
# The factories honour out= on their own (ember/_factory_out.py, cases_factory_out.py).
FACTORIES = ("zeros ones empty full eye arange linspace logspace rand randn randint normal "
             "bernoulli multinomial randperm range").split()


def _resolve(name: str):
    module = ember
    for part in name.split(".")[:-1]:
        module = getattr(module, part)
    return getattr(module, name.split(".")[-1])


def test_every_function_torch_gives_out_takes_it_or_is_listed():
    missing = [name for name in TAKES_OUT
               if name not in RULES and name not in NOT_YET and name not in FACTORIES]
    assert missing == [], ("torch takes out= here: give a rule in ember/_out.py or list it in "
                           f"NOT_YET: {missing}")


def test_the_lists_name_only_functions_torch_gives_out():
    assert sorted(set(RULES) - set(TAKES_OUT)) == []
    assert sorted(NOT_YET - set(TAKES_OUT)) == [], "stale NOT_YET entries"
    assert sorted(NOT_YET & set(RULES)) == []


@pytest.mark.parametrize("name", sorted(RULES))
def test_supported_functions_are_wrapped(name):
    assert getattr(_resolve(name), "__wrapped__", None) is not None


@pytest.mark.parametrize("name", FACTORIES)
def test_factories_take_out(name):
    assert "out" in inspect.signature(_resolve(name), follow_wrapped=False).parameters


@pytest.mark.parametrize("name", sorted(n for n in NOT_YET if "." not in n))
def test_not_yet_supported_functions_refuse_out(name):
    fn = _resolve(name)
    assert getattr(fn, "__wrapped__", None) is None
    x = ember.tensor([[0.2, 0.5], [0.7, 0.9]])
    with pytest.raises((TypeError, NotImplementedError, RuntimeError)):
        fn(x, out=ember.empty(0))


# ------------------------------------------------------------------ values, per function
_X = ember.tensor([[0.2, 0.5], [0.7, 0.9]])
_Y = ember.tensor([[0.3, 0.1], [0.6, 0.4]])
_I = ember.tensor([[2, 5], [7, 9]])
_J = ember.tensor([[3, 1], [6, 4]])
_C = ember.tensor([[True, False], [False, True]])

_INTEGER_ONLY = ("bitwise_and bitwise_or bitwise_xor bitwise_left_shift bitwise_right_shift "
                 "gcd lcm bitwise_not").split()
_ARGS = {
    "logit": (_X,), "addcmul": (_X, _X, _Y), "addcdiv": (_X, _X, _Y), "lerp": (_X, _Y, 0.5),
    "where": (_C, _X, _Y), "clamp": (_X, 0.3, 0.6), "clip": (_X, 0.3, 0.6),
    "mm": (_X, _Y), "matmul": (_X, _Y), "bmm": (_X[None], _Y[None]), "mv": (_X, _Y[0]),
    "addmm": (_X, _X, _Y), "addmv": (_X[0], _X, _Y[0]), "addr": (_X, _X[0], _Y[0]),
    "baddbmm": (_X[None], _X[None], _Y[None]), "outer": (_X[0], _Y[0]), "ger": (_X[0], _Y[0]),
    "kron": (_X, _Y), "tril": (_X,), "triu": (_X,), "msort": (_X,), "sort": (_X,),
    "topk": (_X, 1), "gather": (_X, 1, ember.tensor([[1], [0]])),
    "take_along_dim": (_X, ember.tensor([[0], [1]]), 1),
    "linalg.multi_dot": ([_X, _Y, _X],),
    "dot": (_X[0], _Y[0]), "vdot": (_X[0], _Y[0]), "inner": (_X, _Y), "tensordot": (_X, _Y),
    "index_select": (_X, 0, ember.tensor([1])), "masked_select": (_X, _C),
    "take": (_X, ember.tensor([0, 3])), "all": (_X, 0), "any": (_X, 0),
    "cross": (ember.ones(3, 2), ember.ones(3, 2), 0), "diag": (_X,), "hardshrink": (_X,),
    "index_add": (_X, 0, ember.tensor([1]), _Y[:1]),
    "index_copy": (_X, 0, ember.tensor([1]), _Y[:1]),
    "scatter": (_X, 0, ember.tensor([[1, 0]]), _Y[:1]),
    "scatter_add": (_X, 0, ember.tensor([[1, 0]]), _Y[:1]), "renorm": (_X, 2, 0, 1.0),
    "clamp_min": (_X, 0.3), "clamp_max": (_X, 0.6), "threshold": (_X, 0.5, 0.0),
    "polygamma": (1, _X), "isin": (_X, _Y), "diff": (_X,), "nan_to_num": (_X, 0.0),
    **{n: ([_X, _Y],) for n in "cat concat concatenate stack hstack vstack dstack column_stack "
       "row_stack".split()},
    **{n: (_X, 0) for n in "sum prod cumsum cumprod mean std var amax amin argmax argmin max "
       "min softmax log_softmax".split()},
    # the *_copy views (list results: tests/reference/cases_api_sixteen.py)
    "view_copy": (_X, (4,)), "permute_copy": (_X, (1, 0)), "expand_copy": (_X, (3, 2, 2)),
    "transpose_copy": (_X, 0, 1), "unsqueeze_copy": (_X, 1), "select_copy": (_X, 0, 1),
    "slice_copy": (_X, 1, 0, 1), "unfold_copy": (_X, 1, 1, 1), "diagonal_copy": (_X,),
    "as_strided_copy": (_X, (2,), (2,)), "narrow_copy": (_X, 0, 1, 1), "squeeze_copy": (_X,),
}
_LIST_RESULTS = ("split_copy", "split_with_sizes_copy", "unbind_copy")


def _args(name: str) -> tuple:
    if name in _ARGS:
        return _ARGS[name]
    x, y = (_I, _J) if name in _INTEGER_ONLY else (_X, _Y)
    try:
        inspect.signature(_resolve(name).__wrapped__).bind(x, y)
        return (x, y)
    except TypeError:
        return (x,)


def _empty_like(result):
    if isinstance(result, tuple):
        return tuple(ember.empty(0, dtype=r.dtype) for r in result)
    return ember.empty(0, dtype=result.dtype)


@pytest.mark.parametrize("name", sorted(n for n in RULES if n not in _LIST_RESULTS))
def test_out_holds_the_result_and_is_returned(name):
    fn = _resolve(name)
    args = _args(name)
    expected = fn(*args)
    out = _empty_like(expected)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an empty out is resized silently
        got = fn(*args, out=out)
    pairs = zip(got, out, expected) if isinstance(out, tuple) else [(got, out, expected)]
    for g, o, e in pairs:
        assert g is o
        assert o.dtype == e.dtype and o.shape == e.shape
        np.testing.assert_array_equal(o.numpy(), e.numpy())
        assert o._version == 1


def test_a_call_without_out_passes_straight_through():
    assert ember.add(_X, _Y, out=None).equal(ember.add.__wrapped__(_X, _Y))
    # methods and operators keep the bare functions: no wrapper on the hot path
    # (the function's check of its tensor arguments, ember._arguments, is not theirs either)
    assert ember.Tensor.sum is ember.sum.__wrapped__.__checked__
