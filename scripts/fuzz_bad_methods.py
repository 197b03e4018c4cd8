"""Call Tensor methods, nn modules and optimizers with bad input under torch and ember, and
report where ember behaves differently.

Bad input must raise the exception type torch raises (with a message that says what was
wrong), never an internal error leaking from ember's code, a hang or a silently wrong
answer. This script walks every public method and property that `torch.Tensor` and
`ember.Tensor` both have (the operator dunders included; storage internals, CUDA, sparse,
quantized and named-tensor API left out) and calls each, in one process, under both
libraries with the same NumPy-built inputs:

- each method on bad `self` tensors (bool, int64, float16, float64, 0-d, 1-d, 4-d, empty, a
  leaf requiring grad, a view of such a leaf), with no arguments and with a call torch
  accepts on a float32 3x4 tensor (found by trying a list of candidate argument lists);
- each argument of such a call replaced by None, a str, a list, a number, tensors of other
  dtypes, ranks and shapes, empty tensors, out-of-range dims and negative sizes; an extra
  positional argument; an unknown keyword; ``dim=5`` and ``dim=-5``;
- scenario cases written as source (`SCENARIOS`): indexing with bad indices, assignment
  through bad indices, in-place dtype changes, autograd misuse, nn layer constructors and
  forwards with invalid arguments, the Module API (load_state_dict, register_buffer, ...),
  optimizers with invalid arguments.

Each call runs under a per-call time limit. Outcomes are compared: whether each raised, the
exception class name (as tests/differential/compare.py compares errors), the messages (logged
when they differ), and the results' dtype, shape and values where both returned.

    PYTHONPATH=src:. nice python scripts/fuzz_bad_methods.py               # everything
    PYTHONPATH=src:. nice python scripts/fuzz_bad_methods.py --only add_,gather
    PYTHONPATH=src:. nice python scripts/fuzz_bad_methods.py --scenarios-only
    ... --out DIR (default /tmp/fuzz_bad_methods) --limit SECONDS (per call, default 5)

It prints counts and the most common kinds of difference; DIR/differences.jsonl holds every
difference, DIR/messages.jsonl every pair of same-class exceptions whose messages differ.
"""

# ruff: noqa: E501 - the scenario tables hold one case of source per line
from __future__ import annotations

import argparse
import collections
import inspect
import json
import operator
import re
import signal
import sys
import types
import warnings
from pathlib import Path
from typing import Any

import numpy as np

sys.setrecursionlimit(10000)


# ---------------------------------------------------------------------------- inputs
class T:
    """A tensor to build from a NumPy array under each library: `grad` makes it a leaf that
    requires grad, `view` a view (``[:]``) of such a leaf, `param` an nn.Parameter."""

    def __init__(self, array: np.ndarray, grad: bool = False, view: bool = False,
                 param: bool = False):
        self.array, self.grad, self.view, self.param = array, grad, view, param

    def __repr__(self) -> str:
        extra = "".join(f",{k}" for k in ("grad", "view", "param") if getattr(self, k))
        return f"T({self.array.dtype},{list(self.array.shape)}{extra})"


class D:
    """A dtype named in each library (`torch.float64`)."""

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return f"D({self.name})"


def build(value: Any, lib: types.ModuleType) -> Any:
    """`value` with every T and D made under `lib`."""
    if isinstance(value, T):
        tensor = lib.tensor(value.array.copy())
        if value.param:
            return lib.nn.Parameter(tensor)
        if value.grad or value.view:
            tensor.requires_grad_()
        return tensor[:] if value.view else tensor
    if isinstance(value, D):
        return getattr(lib, value.name)
    if isinstance(value, list):
        return [build(v, lib) for v in value]
    if isinstance(value, tuple):
        return tuple(build(v, lib) for v in value)
    if isinstance(value, dict):
        return {k: build(v, lib) for k, v in value.items()}
    return value


_RNG = np.random.default_rng(0)


def _f32(*shape: int) -> np.ndarray:
    return _RNG.standard_normal(shape).astype(np.float32)


X = _f32(3, 4)
W = _f32(4, 3)
V = _f32(4)
S = _f32(2, 4)
V2 = _f32(2)
I = np.array([0, 2], dtype=np.int64)  # noqa: E741 - an index, as in the maths
IG = np.array([[0, 1, 2, 0], [2, 1, 0, 1], [1, 1, 2, 2]], dtype=np.int64)
M = X > 0

SELVES = {
    "f32": T(X), "bool": T(M.copy()), "int64": T(IG.copy()), "f16": T(X.astype(np.float16)),
    "f64": T(X.astype(np.float64)), "0d": T(np.array(1.5, np.float32)), "1d": T(V.copy()),
    "4d": T(_f32(2, 1, 3, 2)), "empty": T(np.zeros(0, np.float32)),
    "empty04": T(np.zeros((0, 4), np.float32)), "leaf": T(X, grad=True),
    "leafview": T(X, view=True),
}

# Argument lists tried on a float32 3x4 tensor; those torch accepts are mutated.
CANDIDATES: list[tuple] = [
    (), (T(X),), (1,), (0,), (1.5,), (-1,), (T(X), T(X)), (T(X), 0.5), (0.5, 0.5), (0, 1),
    (1, 0), (T(W),), (T(V),), (0, T(I)), (1, T(I)), (0, T(IG)), (1, T(IG)), (T(M),),
    (T(M), 0.0), (T(M), T(X)), (0, T(I), T(S)), (0, T(IG), T(X)), (0, T(I), 0.0),
    ((T(I),), T(S)), (T(I), T(V2)), ((3, 4),), (12,), (4, 3), (2, 6), (3, 4), (0, 1, 2),
    (2,), (D("float64"),), (T(X), 1), (1, True),
]

# What replaces one argument of an accepted call.
BAD_ARGUMENTS: dict[str, Any] = {
    "None": None, "str": "abc", "list": [1, 2], "float": 1.5, "int": 2, "tensor": T(X),
    "bool_t": T(M.copy()), "int64_t": T(IG.copy()), "f16_t": T(X.astype(np.float16)),
    "f64_t": T(X.astype(np.float64)), "0d_t": T(np.array(2.0, np.float32)),
    "5_t": T(_f32(5)), "4d_t": T(_f32(2, 1, 3, 2)), "empty_t": T(np.zeros(0, np.float32)),
    "5": 5, "-5": -5, "-1": -1, "neg_size": (-1, 2), "nan": float("nan"),
}

OPERATOR_DUNDERS = {
    f"__{n}__" for n in (
        "abs add and bool complex contains eq float floordiv ge getitem gt iadd iand "
        "ifloordiv ilshift imod imul index int invert ior ipow irshift isub itruediv ixor le "
        "len lshift lt matmul mod mul ne neg or pow radd rand rfloordiv rlshift rmatmul rmod "
        "rmul ror rpow rrshift rshift rsub rtruediv rxor setitem sub truediv xor iter "
        "reversed pos").split()}
SKIPPED = re.compile(
    r"storage|data_ptr|cuda|sparse|quantiz|^q_|^is_pinned$|pin_memory|share_memory|"
    r"is_shared|names|^rename|^refine_names|^align_|^to_mkldnn|^ipu$|^xpu$|^mps$|^hpu$|"
    r"^mtia$|^nested|^indices$|^values$|^crow_|^col_indices|^row_indices|^ccol|^coalesce|"
    r"^is_coalesced|^dense_dim|^to_dense|^_|^dequantize|^int_repr|^record_stream|^is_meta|"
    r"^module_load$|^smm$|^sspaddmm$|^sub_|^resize|^set_$|^new_empty")
# Results that are random or uninitialised: only dtype and shape are compared.
RANDOM = re.compile(r"random|normal|uniform|bernoulli|cauchy|exponential|geometric|"
                    r"multinomial|empty|rand")


def walked_names(torch: types.ModuleType, ember: types.ModuleType) -> list[str]:
    """The public methods and properties both Tensors have, plus the operator dunders."""
    names = set(dir(torch.Tensor)) & set(dir(ember.Tensor))
    keep = {n for n in names if n in OPERATOR_DUNDERS
            or (not n.startswith("_") and not SKIPPED.search(n))}
    return sorted(keep)


def is_property(torch: types.ModuleType, name: str) -> bool:
    found = inspect.getattr_static(torch.Tensor, name)
    return isinstance(found, (property, types.GetSetDescriptorType,
                              types.MemberDescriptorType))


# ---------------------------------------------------------------------------- running
class _Skip(BaseException):
    """A call that makes no sense to make (an operator with the wrong number of operands)."""


class CallTimeout(BaseException):
    """The per-call time limit ran out (a BaseException, so no `except Exception` in the
    library under test can swallow it)."""


def _on_alarm(signum, frame):
    raise CallTimeout


def summarize(value: Any, lib: types.ModuleType, depth: int = 0) -> Any:
    """A comparable description of a result."""
    if depth > 4:
        return "..."
    if isinstance(value, lib.Tensor):
        try:
            plain = value.detach()
            if str(value.dtype) == "torch.bfloat16":
                plain = plain.float()
            data = plain.numpy()
        except Exception as error:  # noqa: BLE001 - a result we cannot read is recorded
            data = f"<unreadable: {type(error).__name__}>"
        return {"tensor": str(value.dtype).rsplit(".", 1)[-1], "shape": list(value.shape),
                "values": data, "requires_grad": value.requires_grad}
    if isinstance(value, np.ndarray):
        return {"tensor": str(value.dtype), "shape": list(value.shape), "values": value,
                "requires_grad": False}
    if isinstance(value, (bool, int, float, complex, str, type(None))):
        return value
    if isinstance(value, (np.generic,)):
        return value.item()
    if isinstance(value, (lib.dtype, lib.device, lib.Size)) or type(value).__name__ == "layout":
        return str(value)
    if isinstance(value, (tuple, list)):
        return [summarize(v, lib, depth + 1) for v in value]
    if isinstance(value, (lib.nn.Module, lib.optim.Optimizer)):
        return {"repr": re.sub(r"0x[0-9a-f]+", "0x", repr(value))}
    return {"type": type(value).__name__}


def run_call(thunk, lib: types.ModuleType, limit: float) -> dict[str, Any]:
    """Run `thunk(lib)` under the time limit; what it returned or raised."""
    lib.manual_seed(0)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        result = thunk(lib)
        if hasattr(result, "__next__"):
            result = list(result)
        out = {"ok": summarize(result, lib)}
    except CallTimeout:
        out = {"timeout": True}
    except _Skip:
        out = {"skip": True}
    except Exception as error:  # noqa: BLE001 - what bad input raises is the observation
        out = {"raise": type(error).__name__, "message": str(error)[:400]}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return out


def _close(want: Any, got: Any, loose: bool) -> bool:
    if isinstance(want, dict) and isinstance(got, dict):
        if want.keys() != got.keys():
            return False
        if "tensor" in want:
            if (want["tensor"], want["shape"], want["requires_grad"]) != (
                    got["tensor"], got["shape"], got["requires_grad"]):
                return False
            if loose:
                return True
            a, b = want["values"], got["values"]
            if not isinstance(a, np.ndarray) or not isinstance(b, np.ndarray):
                return str(a) == str(b)
            if a.dtype.kind in "fc":
                tol = 1e-2 if a.dtype == np.float16 else 1e-4
                return bool(np.allclose(a, b.astype(a.dtype), rtol=tol, atol=tol,
                                        equal_nan=True))
            return bool(np.array_equal(a, b))
        return all(_close(want[k], got[k], loose) for k in want)
    if isinstance(want, list) and isinstance(got, list):
        return len(want) == len(got) and all(_close(a, b, loose) for a, b in zip(want, got))
    if isinstance(want, float) and isinstance(got, float):
        return loose or bool(np.isclose(want, got, rtol=1e-4, atol=1e-4, equal_nan=True))
    if type(want) is not type(got):
        return False
    return loose or want == got


def compare(want: dict, got: dict, loose: bool) -> str | None:
    """The kind of difference between torch's outcome and ember's, or None."""
    if "skip" in want:
        return None
    if "timeout" in got:
        return "ember_timeout"
    if "timeout" in want:
        return None
    if "raise" in want and "raise" in got:
        return None if want["raise"] == got["raise"] else "class"
    if "raise" in want:
        return "torch_raises"
    if "raise" in got:
        return "ember_raises"
    return None if _close(want["ok"], got["ok"], loose) else "values"


def _jsonable(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.tolist() if value.size <= 24 else f"<array {value.shape}>"
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, complex) or (isinstance(value, float) and not np.isfinite(value)):
        return repr(value)
    return value


# ---------------------------------------------------------------------------- method calls
# Operator dunders are called as Python calls them (`x + a`, `a + x`, `x[i] = v`, `len(x)`),
# since torch's binary dunders return NotImplemented where Python then raises the TypeError.
_UNARY = {"__abs__": abs, "__bool__": bool, "__complex__": complex, "__float__": float,
          "__int__": int, "__index__": operator.index, "__invert__": operator.invert,
          "__len__": len, "__neg__": operator.neg, "__pos__": operator.pos,
          "__iter__": lambda x: list(iter(x)), "__reversed__": lambda x: list(reversed(x))}


def _operator(name: str):
    """The Python-level call for an operator dunder: (function, arity)."""
    if name in _UNARY:
        return _UNARY[name], 0
    if name == "__setitem__":
        return operator.setitem, 2
    bare = name.strip("_")
    if bare in ("getitem", "contains"):
        return getattr(operator, bare), 1
    if hasattr(operator, name):
        return getattr(operator, name), 1
    if bare.startswith("r") and hasattr(operator, f"__{bare[1:]}__"):
        forward = getattr(operator, f"__{bare[1:]}__")
        return (lambda x, other: forward(other, x)), 1
    raise KeyError(name)


def method_call(name: str, self_spec: T, args: tuple, kwargs: dict, prop: bool):
    def thunk(lib):
        target = build(self_spec, lib)
        if prop:
            return getattr(target, name)
        if name in OPERATOR_DUNDERS:
            function, arity = _operator(name)
            if len(args) != arity or kwargs:
                raise _Skip
            result = function(target, *build(args, lib))
            return target if name == "__setitem__" or name.startswith("__i") else result
        result = getattr(target, name)(*build(args, lib), **build(kwargs, lib))
        if name in ("__setitem__",) or (result is None and name.endswith("_")):
            return target
        return result
    return thunk


def method_cases(name: str, torch, limit: float):
    """(label, thunk, loose) for every bad call of method `name`."""
    if is_property(torch, name):
        for label, spec in SELVES.items():
            yield f"{name} on {label}", method_call(name, spec, (), {}, True), False
        return
    accepted = []
    for args in CANDIDATES:
        outcome = run_call(method_call(name, SELVES["f32"], args, {}, False), torch, limit)
        if "ok" in outcome:
            accepted.append(args)
    with_args = [a for a in accepted if a][:2]
    loose = bool(RANDOM.search(name))
    seen = set()

    def case(label, self_spec, args, kwargs):
        if label not in seen:
            seen.add(label)
            return label, method_call(name, self_spec, args, kwargs, False), loose
        return None

    calls = []
    for slabel, spec in SELVES.items():
        calls.append(case(f"{slabel}.{name}()", spec, (), {}))
        for args in with_args:
            calls.append(case(f"{slabel}.{name}{args}", spec, args, {}))
    calls.append(case(f"f32.{name}(bogus=1)", SELVES["f32"], (), {"bogus": 1}))
    calls.append(case(f"f32.{name}(dim=5)", SELVES["f32"], (), {"dim": 5}))
    calls.append(case(f"f32.{name}(dim=-5)", SELVES["f32"], (), {"dim": -5}))
    for bad_label, bad in BAD_ARGUMENTS.items():
        calls.append(case(f"f32.{name}(<{bad_label}>)", SELVES["f32"], (bad,), {}))
    calls.append(case(f"f32.{name}(0,0,0,0,0,0,0,0)", SELVES["f32"], (0,) * 8, {}))
    for args in with_args:
        calls.append(case(f"f32.{name}{args}+(T,)", SELVES["f32"], (*args, T(X)), {}))
        calls.append(case(f"f32.{name}{args}+(bogus=1)", SELVES["f32"], args, {"bogus": 1}))
        calls.append(case(f"f32.{name}{args}+(dim=5)", SELVES["f32"], args, {"dim": 5}))
        for i in range(len(args)):
            for bad_label, bad in BAD_ARGUMENTS.items():
                changed = args[:i] + (bad,) + args[i + 1:]
                calls.append(case(f"f32.{name}{args}[{i}]=<{bad_label}>", SELVES["f32"],
                                  changed, {}))
    yield from (c for c in calls if c is not None)


# ---------------------------------------------------------------------------- scenarios
# Each is source: every line but the last is run, the last is evaluated (its value is the
# result); `torch` is the library under test, `x` a float32 3x4 tensor.
_INDICES = [
    "1.5", "[True, False]", "[True] * 5", "torch.tensor([0.0, 1.0])", "(0, 0, 0)",
    "(..., ..., 0)", "'a'", "[0, 5]", "5", "-5", "slice(None, None, 0)",
    "slice(None, None, -1)", "torch.ones(2, 2, dtype=torch.bool)",
    "torch.tensor([0, 7])", "[[0, 1], [0]]", "{}", "[1.5, 0]", "(0, 1.5)",
    "torch.tensor(7)", "(None, 0, 0, 0)", "torch.tensor([[0, 1]], dtype=torch.int32)",
    "torch.tensor([0, 1], dtype=torch.uint8)", "(torch.tensor([0, 1]), torch.tensor([0, 1, 2]))",
    "[None, 'a']", "(slice(0, 2), [0, 5])", "x > 0", "(x > 0)[0]", "torch.tensor([True])",
    "(1, ..., 0, 0)", "torch.tensor([], dtype=torch.float32)", "[]", "()", "(0, -5)",
    "torch.tensor([1], dtype=torch.int16)", "np.array([0.5])", "np.array([0, 5])",
]
_VALUES = ["'a'", "None", "torch.ones(5)", "torch.ones(4, dtype=torch.bool)",
           "torch.ones(4, dtype=torch.float64)", "[1, 2]", "[1.0, 2.0, 3.0, 4.0]",
           "torch.ones(2, 4)", "torch.ones(1, 4)", "1e40", "float('nan')", "object()",
           "torch.ones(4, requires_grad=True)", "torch.ones(3, 4, 1)"]
_SELF = {"x": "x = torch.tensor(np.arange(12, dtype=np.float32).reshape(3, 4))",
         "i": "x = torch.arange(12).reshape(3, 4)",
         "b": "x = torch.arange(12).reshape(3, 4) > 5",
         "z": "x = torch.tensor(2.5)", "e": "x = torch.zeros(0, 4)",
         "leaf": "x = torch.ones(3, 4, requires_grad=True)"}


def _indexing_scenarios() -> list[str]:
    out = []
    for key in ("x", "z", "e", "i"):
        for index in _INDICES:
            out.append(f"{_SELF[key]}\nx[{index}]")
    for key in ("x", "i", "b", "leaf"):
        for index in _INDICES + ["0", "slice(None)", "x > 5" if key != "leaf" else "0"]:
            out.append(f"{_SELF[key]}\nx[{index}] = 0.5\nx")
        for value in _VALUES:
            out.append(f"{_SELF[key]}\nx[0] = {value}\nx")
            out.append(f"{_SELF[key]}\nx[:, 1] = {value}\nx")
    return out


_INPLACE = ["add_(1.5)", "mul_(1.5)", "div_(2)", "sub_(0.5)", "add_(torch.ones(3, 4))",
            "mul_(torch.ones(3, 4, dtype=torch.float64))", "add_(torch.ones(5))",
            "add_(torch.ones(2, 3, 4))", "pow_(0.5)", "sqrt_()", "exp_()", "clamp_(0.5)",
            "copy_(torch.ones(5))", "copy_('a')", "fill_(1.5)", "fill_(torch.ones(2))",
            "masked_fill_(torch.ones(3, 4), 1.0)", "__iadd__(1.5)", "__imul__(True)",
            "__itruediv__(2)", "__ifloordiv__(0)", "__imod__(0)", "__ior__(1)",
            "__iand__(1.5)", "__ilshift__(1)", "__ipow__(-1)", "abs_()", "neg_()",
            "sigmoid_()", "zero_()", "addcmul_(torch.ones(3, 4), torch.ones(3, 4), value=0.5)",
            "lerp_(torch.ones(3, 4), 0.5)", "clamp_(min=torch.ones(5))", "round_()",
            "floor_()", "t_()", "squeeze_(5)", "unsqueeze_(5)", "transpose_(0, 5)",
            "relu_()", "requires_grad_()", "requires_grad_('a')", "detach_()",
            "fill_diagonal_(1.5)", "index_fill_(0, torch.tensor([0]), 1.5)",
            "scatter_(0, torch.tensor([[0]]), 1.5)", "__isub__(True)", "logical_not_()",
            "bitwise_not_()", "__ixor__(1)", "uniform_()", "normal_()", "random_(5, 2)"]
_INPLACE_SELVES = {
    "int": "t = torch.arange(12).reshape(3, 4)",
    "bool": "t = torch.arange(12).reshape(3, 4) > 5",
    "f16": "t = torch.ones(3, 4, dtype=torch.float16)",
    "leaf": "t = torch.ones(3, 4, requires_grad=True)",
    "leafview": "l = torch.ones(3, 4, requires_grad=True)\nt = l[:]",
    "leafview0": "l = torch.ones(3, 4, requires_grad=True)\nt = l[0]",
    "expanded": "t = torch.ones(1, 4).expand(3, 4)",
    "int32": "t = torch.arange(12, dtype=torch.int32).reshape(3, 4)",
    "uint8": "t = torch.arange(12, dtype=torch.uint8).reshape(3, 4)",
}


def _inplace_scenarios() -> list[str]:
    return [f"{setup}\nt.{op}" if op.startswith("requires") else f"{setup}\nt.{op}\nt"
            for setup in _INPLACE_SELVES.values() for op in _INPLACE]


_AUTOGRAD = [
    "x = torch.ones(3, requires_grad=True)\ny = (x * 2).sum()\ny.backward()\ny.backward()",
    "x = torch.ones(3, requires_grad=True)\n(x * 2).backward()",
    "x = torch.ones(3)\nx.sum().backward()",
    "x = torch.ones(3)\nx.backward()",
    "x = torch.ones(3, requires_grad=True)\n(x * 2).backward(torch.ones(2))",
    "x = torch.ones(3, requires_grad=True)\n(x * 2).backward(torch.ones(3, dtype=torch.float64))\nx.grad",
    "x = torch.ones(3, requires_grad=True)\n(x * 2).backward(torch.ones(3, dtype=torch.int64))\nx.grad",
    "x = torch.ones(3, requires_grad=True)\n(x * 2).backward('a')",
    "x = torch.ones(3, requires_grad=True)\n(x * 2).backward(1.0)",
    "x = torch.ones(3, requires_grad=True)\n(x * 2).sum().backward(torch.ones(3))",
    "x = torch.ones(3, requires_grad=True)\n(x * 2).sum().backward(inputs=[])",
    "x = torch.ones(3, requires_grad=True)\n(x * 2).sum().backward(inputs=[torch.ones(2)])",
    "x = torch.ones(3, requires_grad=True)\n(x * 2).sum().backward(inputs='a')",
    "x = torch.ones(3, requires_grad=True)\n(x * 2).sum().backward(retain_graph='a')\nx.grad",
    "x = torch.ones(3, requires_grad=True)\nx.grad = torch.ones(2)",
    "x = torch.ones(3, requires_grad=True)\nx.grad = torch.ones(3, dtype=torch.float64)",
    "x = torch.ones(3, requires_grad=True)\nx.grad = 'a'",
    "x = torch.ones(3, requires_grad=True)\nx.grad = [1.0, 2.0, 3.0]",
    "x = torch.ones(3, requires_grad=True)\nx.grad = torch.ones(3, dtype=torch.int64)",
    "x = torch.ones(3, requires_grad=True)\nx.grad = torch.ones(3, 1)",
    "x = torch.ones(3)\nx.grad = torch.ones(3)\nx.grad",
    "x = torch.ones(3, dtype=torch.int64)\nx.requires_grad_()",
    "x = torch.ones(3, dtype=torch.int64)\nx.requires_grad = True",
    "x = torch.ones(3)\nx.requires_grad = 'a'",
    "x = torch.ones(3)\nx.requires_grad = None",
    "x = torch.ones(3, requires_grad=True)\ny = x * 2\ny.requires_grad = False",
    "x = torch.ones(3, requires_grad=True)\ny = x * 2\ny.requires_grad_(False)",
    "x = torch.ones(3)\nx.retain_grad()",
    "x = torch.ones(3)\nx.register_hook(lambda g: g)",
    "x = torch.ones(3, requires_grad=True)\nx.register_hook('a')",
    "x = torch.ones(3, requires_grad=True)\nx.register_hook(None)",
    "x = torch.ones(3, requires_grad=True)\n(x * 2).register_post_accumulate_grad_hook(lambda t: None)",
    "x = torch.ones(3, requires_grad=True)\nx.register_post_accumulate_grad_hook(5)",
    "x = torch.ones(3, requires_grad=True)\nx.numpy()",
    "x = torch.ones(3, requires_grad=True)\nx.tolist()",
    "x = torch.ones(3, requires_grad=True)\nx.item()",
    "x = torch.ones(3)\nx.item()",
    "x = torch.ones(0)\nx.item()",
    "x = torch.ones(3)\nbool(x)",
    "x = torch.ones(0)\nbool(x)",
    "x = torch.ones(3)\nint(x)",
    "x = torch.ones(3)\nfloat(x)",
    "x = torch.ones(3)\nx.__index__()",
    "x = torch.tensor(1.5)\nx.__index__()",
    "x = torch.tensor(1.5)\nlen(x)",
    "x = torch.tensor(1.5)\nlist(x)",
    "x = torch.ones(3)\n'a' in x",
    "x = torch.ones(3)\nNone in x",
    "x = torch.ones(3)\n[1] in x",
    "x = torch.ones(3, requires_grad=True)\ny = x * 2\nx.data = torch.ones(4)\ny.sum().backward()\nx.grad",
    "x = torch.ones(3, requires_grad=True)\nx.data = 'a'",
    "x = torch.ones(3, requires_grad=True)\nx.data = torch.ones(3, dtype=torch.int64)\nx",
    "x = torch.ones(3, requires_grad=True)\ny = x.exp()\nx.add_(1) if False else None\nwith torch.no_grad():\n    x.add_(1)\ny.sum().backward()",
    "x = torch.ones(3, requires_grad=True)\ny = x * 2\ny.grad",
    "x = torch.ones(3, requires_grad=True)\ntorch.autograd.grad(x.sum(), x, create_graph='a')",
    "x = torch.ones(3, requires_grad=True)\ntorch.autograd.grad((x * 2), x)",
    "x = torch.ones(3, requires_grad=True)\ntorch.autograd.grad(x.sum(), torch.ones(3))",
    "x = torch.ones(3, requires_grad=True)\ny = torch.ones(3, requires_grad=True)\ntorch.autograd.grad(x.sum(), y)",
    "x = torch.ones(3, requires_grad=True)\ny = x.sum()\ntorch.autograd.grad(y, x)\ntorch.autograd.grad(y, x)",
    "x = torch.ones(3, requires_grad=True)\ntorch.autograd.grad(x.sum(), [x, 'a'])",
    "x = torch.ones(3, requires_grad=True)\ntorch.autograd.grad(x.sum(), x, grad_outputs=torch.ones(2))",
    "x = torch.ones(3, requires_grad=True)\nx.detach_()",
    "x = torch.ones(3, requires_grad=True)\nx[:].detach_()",
    "x = torch.ones(3, requires_grad=True)\nwith torch.no_grad():\n    v = x[:]\nv.mul_(2)\nx",
    "x = torch.ones(3, requires_grad=True)\ny = x[:2]\nx.mul_(2)",
    "x = torch.ones(3, requires_grad=True)\ny = x.sigmoid()\ny.mul_(2)\ny.sum().backward()",
    "x = torch.ones(3, requires_grad=True)\ny = x * 1\nz = y.exp()\ny.mul_(2)\nz.sum().backward()",
    "x = torch.ones(3, requires_grad=True)\nx.backward(gradient=torch.ones(3))\nx.grad",
    "x = torch.ones(3, requires_grad=True)\nx.sum().backward(create_graph=True, retain_graph=False)\nx.grad",
]

_NN = [
    "torch.nn.Linear(-1, 2)", "torch.nn.Linear(2, -1)", "torch.nn.Linear(2.5, 3)",
    "torch.nn.Linear('a', 2)", "torch.nn.Linear(None, 2)", "torch.nn.Linear(0, 2)",
    "torch.nn.Linear(2, 3, bias='x')", "torch.nn.Bilinear(2, -1, 3)",
    "torch.nn.Conv2d(3, 4, 0)", "torch.nn.Conv2d(3, 4, -1)", "torch.nn.Conv2d(3, 4, 3, stride=0)",
    "torch.nn.Conv2d(3, 4, 3, groups=2)", "torch.nn.Conv2d(4, 3, 3, groups=2)",
    "torch.nn.Conv2d(3, 4, 3, padding='bogus')", "torch.nn.Conv2d(3, 4, 3, padding='same', stride=2)",
    "torch.nn.Conv2d(3, 4, 3, padding=-1)", "torch.nn.Conv2d(3, 4, 3, dilation=0)",
    "torch.nn.Conv2d(3, 4, 3, padding_mode='bogus')", "torch.nn.Conv2d(3, 4, 3, groups=0)",
    "torch.nn.Conv2d(0, 4, 3)", "torch.nn.Conv2d(3, 0, 3)", "torch.nn.Conv2d(3, 4, (3, 3, 3))",
    "torch.nn.Conv1d(3, 4, 3, padding='valid', stride=2)", "torch.nn.Conv2d(3, 4, 'a')",
    "torch.nn.ConvTranspose2d(3, 4, 3, output_padding=3)", "torch.nn.ConvTranspose2d(3, 4, 3, padding='same')",
    "torch.nn.Dropout(1.5)", "torch.nn.Dropout(-0.1)", "torch.nn.Dropout('a')",
    "torch.nn.Dropout2d(2.0)", "torch.nn.AlphaDropout(1.5)",
    "torch.nn.LSTM(3, 0)", "torch.nn.LSTM(0, 3)", "torch.nn.LSTM(3, 4, num_layers=0)",
    "torch.nn.LSTM(3, 4, dropout=2)", "torch.nn.LSTM(3, 4, dropout=0.5)", "torch.nn.LSTM(3, 4, proj_size=4)",
    "torch.nn.LSTM(3, 4, proj_size=-1)", "torch.nn.LSTM(3, 4.5)", "torch.nn.LSTM(3, 4, num_layers=1.5)",
    "torch.nn.GRU(3, -2)", "torch.nn.RNN(3, 4, nonlinearity='bad')", "torch.nn.RNN(3, 4, bogus=1)",
    "torch.nn.LSTMCell(3, 0)", "torch.nn.GRUCell(-1, 3)", "torch.nn.RNNCell(3, 4, nonlinearity='bad')",
    "torch.nn.BatchNorm1d(0)", "torch.nn.BatchNorm1d(-1)", "torch.nn.BatchNorm2d(3, momentum='a')",
    "torch.nn.LayerNorm(0)", "torch.nn.LayerNorm([])", "torch.nn.GroupNorm(3, 4)",
    "torch.nn.GroupNorm(0, 4)", "torch.nn.InstanceNorm1d(-1)",
    "torch.nn.Embedding(10, 3, padding_idx=20)", "torch.nn.Embedding(10, 3, padding_idx=-11)",
    "torch.nn.Embedding(-1, 3)", "torch.nn.Embedding(10, -3)", "torch.nn.Embedding(10, 3, max_norm=-1)",
    "torch.nn.Embedding.from_pretrained(torch.ones(3))", "torch.nn.EmbeddingBag(10, 3, mode='bad')",
    "torch.nn.MaxPool2d(0)", "torch.nn.MaxPool2d(2, stride=0)", "torch.nn.MaxPool2d(2, padding=2)",
    "torch.nn.AvgPool2d(-1)", "torch.nn.AdaptiveAvgPool2d(-1)", "torch.nn.AdaptiveAvgPool2d('a')",
    "torch.nn.MultiheadAttention(5, 2)", "torch.nn.MultiheadAttention(0, 1)",
    "torch.nn.MultiheadAttention(4, 0)", "torch.nn.TransformerEncoderLayer(5, 2)",
    "torch.nn.TransformerEncoderLayer(4, 2, activation='bogus')",
    "torch.nn.Softmax(dim='a')", "torch.nn.PReLU(0)", "torch.nn.PReLU(-1)",
    "torch.nn.Upsample()", "torch.nn.Upsample(scale_factor=2, mode='bogus')",
    "torch.nn.Flatten(0, 'a')", "torch.nn.Unflatten(1, (2, -2))", "torch.nn.Threshold()",
    "torch.nn.Hardtanh(2, 1)", "torch.nn.ELU(alpha='a')", "torch.nn.LeakyReLU('a')",
    "torch.nn.CrossEntropyLoss(reduction='bogus')", "torch.nn.MSELoss(reduction=None)",
    "torch.nn.CrossEntropyLoss(label_smoothing=2.0)", "torch.nn.NLLLoss(weight=[1, 2])",
    "torch.nn.Sequential(1)", "torch.nn.Sequential(torch.nn.ReLU(), 'a')",
    "torch.nn.ModuleList([1])", "torch.nn.ModuleList(5)", "torch.nn.ModuleDict({'a': 1})",
    "torch.nn.ModuleDict({1: torch.nn.ReLU()})", "torch.nn.ParameterList([1.0])",
    "torch.nn.ParameterDict({'a': 'b'})", "torch.nn.Identity(1, 2, bogus=3)",
    "torch.nn.Parameter('a')", "torch.nn.Parameter([1.0])", "torch.nn.Parameter(torch.ones(2, dtype=torch.int64))",
    "torch.nn.Linear(3, 2)(torch.ones(2, 4))", "torch.nn.Linear(3, 2)(torch.ones(2, 3, dtype=torch.float64))",
    "torch.nn.Linear(3, 2)(torch.ones(2, 3, dtype=torch.int64))", "torch.nn.Linear(3, 2)('a')",
    "torch.nn.Linear(3, 2)(None)", "torch.nn.Linear(3, 2)(torch.tensor(1.0))", "torch.nn.Linear(3, 2)()",
    "torch.nn.Linear(3, 2)(torch.ones(0, 3))", "torch.nn.Linear(3, 2)(torch.ones(2, 3), torch.ones(2, 3))",
    "torch.nn.Conv2d(3, 4, 3)(torch.ones(1, 2, 5, 5))", "torch.nn.Conv2d(3, 4, 3)(torch.ones(1, 3, 2, 2))",
    "torch.nn.Conv2d(3, 4, 3)(torch.ones(3, 5))", "torch.nn.Conv2d(3, 4, 3)(torch.ones(1, 1, 3, 5, 5))",
    "torch.nn.Conv2d(3, 4, 3)(torch.ones(1, 3, 5, 5, dtype=torch.float64))",
    "torch.nn.Conv1d(3, 4, 3)(torch.ones(2, 3, 2))", "torch.nn.Conv1d(3, 4, 3)(torch.ones(0, 3, 5))",
    "torch.nn.MaxPool2d(3)(torch.ones(1, 1, 2, 2))", "torch.nn.MaxPool2d(2)(torch.ones(4))",
    "torch.nn.AvgPool2d(3)(torch.ones(1, 1, 2, 2))", "torch.nn.AdaptiveAvgPool2d(2)(torch.ones(3))",
    "torch.nn.LSTM(3, 4)(torch.ones(2, 5))", "torch.nn.LSTM(3, 4)(torch.ones(2, 2, 5))",
    "torch.nn.LSTM(3, 4)(torch.ones(2, 2, 3), torch.ones(1, 2, 4))",
    "torch.nn.LSTM(3, 4)(torch.ones(2, 2, 3), (torch.ones(1, 2, 5), torch.ones(1, 2, 4)))",
    "torch.nn.GRU(3, 4)(torch.ones(2, 2, 3), torch.ones(2, 2, 4))",
    "torch.nn.RNN(3, 4)(torch.ones(2, 2, 3, 1))", "torch.nn.LSTM(3, 4)(torch.ones(2, 2, 3, dtype=torch.float64))",
    "torch.nn.LSTMCell(3, 4)(torch.ones(2, 5))", "torch.nn.GRUCell(3, 4)(torch.ones(2, 3), torch.ones(3, 4))",
    "torch.nn.BatchNorm1d(3)(torch.ones(1, 3))", "torch.nn.BatchNorm1d(3)(torch.ones(2, 4))",
    "torch.nn.BatchNorm2d(3)(torch.ones(2, 3, 4))", "torch.nn.BatchNorm1d(3)(torch.ones(2, 3, 4, 5))",
    "torch.nn.LayerNorm(4)(torch.ones(2, 3))", "torch.nn.GroupNorm(2, 4)(torch.ones(2, 3, 5))",
    "torch.nn.InstanceNorm1d(3)(torch.ones(2, 3, 1))", "torch.nn.Embedding(10, 3)(torch.tensor([10]))",
    "torch.nn.Embedding(10, 3)(torch.tensor([-1]))", "torch.nn.Embedding(10, 3)(torch.tensor([1.0]))",
    "torch.nn.Embedding(10, 3)([1, 2])", "torch.nn.Embedding(10, 3)(torch.tensor([1], dtype=torch.int32))",
    "torch.nn.Dropout(0.5)(torch.ones(3, dtype=torch.int64))", "torch.nn.Softmax(dim=5)(torch.ones(3))",
    "torch.nn.Softmax()(torch.ones(3))", "torch.nn.ReLU()(torch.ones(3), torch.ones(3))",
    "torch.nn.ReLU()('a')", "torch.nn.Flatten(3)(torch.ones(2, 3))", "torch.nn.Unflatten(1, (2, 3))(torch.ones(2, 5))",
    "torch.nn.MultiheadAttention(4, 2)(torch.ones(2, 3, 4), torch.ones(2, 3, 5), torch.ones(2, 3, 4))",
    "torch.nn.MultiheadAttention(4, 2)(torch.ones(2, 3, 4), torch.ones(2, 3, 4), torch.ones(2, 3, 4), attn_mask=torch.ones(5, 5))",
    "torch.nn.TransformerEncoderLayer(4, 2)(torch.ones(2, 3, 5))",
    "torch.nn.CrossEntropyLoss()(torch.ones(2, 3), torch.tensor([0, 3]))",
    "torch.nn.CrossEntropyLoss()(torch.ones(2, 3), torch.tensor([0.0, 1.0]))",
    "torch.nn.CrossEntropyLoss()(torch.ones(2, 3), torch.tensor([0, 1, 1]))",
    "torch.nn.MSELoss()(torch.ones(2, 3), torch.ones(2, 4))", "torch.nn.MSELoss()(torch.ones(2, 3), 'a')",
    "torch.nn.NLLLoss()(torch.ones(2, 3), torch.tensor([0, -2]))", "torch.nn.BCELoss()(torch.ones(2) * 2, torch.ones(2))",
    "torch.nn.BCELoss()(torch.ones(2), torch.ones(3))", "torch.nn.BCEWithLogitsLoss()(torch.ones(2), torch.ones(2, dtype=torch.int64))",
    "torch.nn.L1Loss()(torch.ones(2), torch.ones(2, dtype=torch.int64))",
    "torch.nn.Upsample(scale_factor=2)(torch.ones(3))",
]

_MODULE_API = [
    "m = torch.nn.Linear(3, 2)\nm.load_state_dict({'weight': torch.ones(2, 3)})",
    "m = torch.nn.Linear(3, 2)\nm.load_state_dict({'weight': torch.ones(2, 3), 'bias': torch.ones(2), 'extra': torch.ones(1)})",
    "m = torch.nn.Linear(3, 2)\nm.load_state_dict({'weight': torch.ones(3, 3), 'bias': torch.ones(2)})",
    "m = torch.nn.Linear(3, 2)\nm.load_state_dict({'weight': torch.ones(3, 3), 'bias': torch.ones(2)}, strict=False)",
    "m = torch.nn.Linear(3, 2)\nm.load_state_dict({'weight': torch.ones(2, 3)}, strict=False)",
    "m = torch.nn.Linear(3, 2)\nm.load_state_dict({'weight': 'a', 'bias': torch.ones(2)})",
    "m = torch.nn.Linear(3, 2)\nm.load_state_dict({'weight': [[1.0] * 3] * 2, 'bias': torch.ones(2)})",
    "m = torch.nn.Linear(3, 2)\nm.load_state_dict({'weight': torch.ones(2, 3, dtype=torch.float64), 'bias': torch.ones(2)})\nm.weight",
    "m = torch.nn.Linear(3, 2)\nm.load_state_dict({'weight': torch.ones(2, 3, dtype=torch.int64), 'bias': torch.ones(2)})\nm.weight",
    "m = torch.nn.Linear(3, 2)\nm.load_state_dict('a')",
    "m = torch.nn.Linear(3, 2)\nm.load_state_dict(None)",
    "m = torch.nn.Linear(3, 2)\nm.load_state_dict([('weight', torch.ones(2, 3))])",
    "m = torch.nn.Sequential(torch.nn.Linear(3, 2))\nm.load_state_dict({'0.weight': torch.ones(2, 3), '1.bias': torch.ones(2)})",
    "m = torch.nn.BatchNorm1d(3)\nm.load_state_dict({'weight': torch.ones(3), 'bias': torch.ones(3), 'running_mean': torch.ones(4), 'running_var': torch.ones(3), 'num_batches_tracked': torch.tensor(0)})",
    "m = torch.nn.BatchNorm1d(3)\nm.load_state_dict({'weight': torch.ones(3), 'bias': torch.ones(3), 'running_mean': torch.ones(3), 'running_var': torch.ones(3)})",
    "m = torch.nn.Linear(3, 2)\nm.load_state_dict({'weight': torch.ones(2, 3), 'bias': torch.ones(2)}, strict='a')",
    "m = torch.nn.Linear(3, 2)\nm.load_state_dict({'weight': torch.ones(2, 3), 'bias': torch.ones(2)}, assign=True)\nm.weight",
    "m = torch.nn.Linear(3, 2)\nm.register_buffer('a.b', torch.ones(1))",
    "m = torch.nn.Linear(3, 2)\nm.register_buffer('', torch.ones(1))",
    "m = torch.nn.Linear(3, 2)\nm.register_buffer('weight', torch.ones(1))",
    "m = torch.nn.Linear(3, 2)\nm.register_buffer(1, torch.ones(1))",
    "m = torch.nn.Linear(3, 2)\nm.register_buffer('x', 'a')",
    "m = torch.nn.Linear(3, 2)\nm.register_buffer('x', [1.0])",
    "m = torch.nn.Linear(3, 2)\nm.register_buffer('x', None)\nm.x",
    "m = torch.nn.Linear(3, 2)\nm.register_buffer('forward', torch.ones(1))",
    "m = torch.nn.Linear(3, 2)\nm.register_buffer('x', torch.ones(1), persistent='a')\nm.x",
    "torch.nn.Module.register_buffer(object(), 'x', torch.ones(1))",
    "m = torch.nn.Linear(3, 2)\nm.register_parameter('a.b', torch.nn.Parameter(torch.ones(1)))",
    "m = torch.nn.Linear(3, 2)\nm.register_parameter('', torch.nn.Parameter(torch.ones(1)))",
    "m = torch.nn.Linear(3, 2)\nm.register_parameter('x', torch.ones(1))",
    "m = torch.nn.Linear(3, 2)\nm.register_parameter('x', 'a')",
    "m = torch.nn.Linear(3, 2)\nm.register_parameter(1, torch.nn.Parameter(torch.ones(1)))",
    "m = torch.nn.Linear(3, 2)\nm.register_parameter('forward', torch.nn.Parameter(torch.ones(1)))",
    "m = torch.nn.Linear(3, 2)\nm.register_buffer('b', torch.ones(1))\nm.register_parameter('b', torch.nn.Parameter(torch.ones(1)))",
    "m = torch.nn.Linear(3, 2)\nm.register_parameter('x', torch.nn.Parameter(torch.ones(1)))\nm.register_buffer('x', torch.ones(1))",
    "m = torch.nn.Linear(3, 2)\nm.weight = torch.ones(2, 3)",
    "m = torch.nn.Linear(3, 2)\nm.weight = 'a'",
    "m = torch.nn.Linear(3, 2)\nm.weight = None\nm.weight",
    "m = torch.nn.Linear(3, 2)\nm.weight = torch.nn.Parameter(torch.ones(5))\nm(torch.ones(1, 3))",
    "m = torch.nn.Linear(3, 2)\nm.add_module('a.b', torch.nn.ReLU())",
    "m = torch.nn.Linear(3, 2)\nm.add_module('', torch.nn.ReLU())",
    "m = torch.nn.Linear(3, 2)\nm.add_module('x', 'a')",
    "m = torch.nn.Linear(3, 2)\nm.add_module(1, torch.nn.ReLU())",
    "m = torch.nn.Linear(3, 2)\nm.add_module('weight', torch.nn.ReLU())",
    "m = torch.nn.Linear(3, 2)\nm.register_module('x', 5)",
    "m = torch.nn.Linear(3, 2)\nm.get_submodule('nope')",
    "m = torch.nn.Sequential(torch.nn.Linear(3, 2))\nm.get_submodule('0.nope')",
    "m = torch.nn.Sequential(torch.nn.Linear(3, 2))\nm.get_submodule('0.weight')",
    "m = torch.nn.Linear(3, 2)\nm.get_parameter('nope')",
    "m = torch.nn.Linear(3, 2)\nm.get_parameter('training')",
    "m = torch.nn.Linear(3, 2)\nm.get_buffer('weight')",
    "m = torch.nn.Linear(3, 2)\nm.get_buffer('nope')",
    "m = torch.nn.Linear(3, 2)\nm.train('a')",
    "m = torch.nn.Linear(3, 2)\nm.train(None)",
    "m = torch.nn.Linear(3, 2)\nm.eval(True)",
    "m = torch.nn.Linear(3, 2)\nm.to('bogus')",
    "m = torch.nn.Linear(3, 2)\nm.to(torch.int64)",
    "m = torch.nn.Linear(3, 2)\nm.to(1, 2, 3, 4)",
    "m = torch.nn.Linear(3, 2)\nm.to()",
    "m = torch.nn.Linear(3, 2)\nm.apply(None)",
    "m = torch.nn.Linear(3, 2)\nm.apply(5)",
    "m = torch.nn.Linear(3, 2)\nm.requires_grad_('a')\nm.weight.requires_grad",
    "m = torch.nn.Linear(3, 2)\nm.nope",
    "m = torch.nn.Linear(3, 2)\ndel m.nope",
    "m = torch.nn.Linear(3, 2)\nm.zero_grad('a')\nm.weight.grad",
    "m = torch.nn.Linear(3, 2)\nm.register_forward_hook(5)\nm(torch.ones(1, 3))",
    "m = torch.nn.Linear(3, 2)\nm.register_forward_pre_hook(None)\nm(torch.ones(1, 3))",
    "m = torch.nn.Linear(3, 2)\nm.register_forward_hook(lambda m, i: None)\nm(torch.ones(1, 3))",
    "m = torch.nn.Linear(3, 2)\nm.register_forward_pre_hook(lambda m, i: 5)\nm(torch.ones(1, 3))",
    "m = torch.nn.Linear(3, 2)\nm.register_full_backward_hook(lambda m, gi, go: 5)\nm(torch.ones(1, 3, requires_grad=True)).sum().backward()",
    "m = torch.nn.Linear(3, 2)\nm.state_dict(prefix=5)",
    "m = torch.nn.Linear(3, 2)\nm.state_dict(None, 'p.')\n",
    "m = torch.nn.Linear(3, 2)\nlist(m.named_parameters(prefix=5))",
    "m = torch.nn.Linear(3, 2)\nm.parameters(5)",
    "m = torch.nn.Linear(3, 2)\nm.type('bogus')",
    "m = torch.nn.Linear(3, 2)\nm.half().double()(torch.ones(1, 3))",
    "m = torch.nn.Linear(3, 2)\nm.double()(torch.ones(1, 3))",
    "m = torch.nn.Linear(3, 2)\nm.forward()",
    "torch.nn.Module()(torch.ones(1))",
    "torch.nn.Module().forward(torch.ones(1))",
    "m = torch.nn.Sequential()\nm(torch.ones(1))",
    "m = torch.nn.Sequential(torch.nn.ReLU())\nm[5]",
    "m = torch.nn.Sequential(torch.nn.ReLU())\nm['a']",
    "m = torch.nn.Sequential(torch.nn.ReLU())\nm[1.5]",
    "m = torch.nn.Sequential(torch.nn.ReLU())\nm[0] = 5",
    "m = torch.nn.Sequential(torch.nn.ReLU())\ndel m[5]",
    "m = torch.nn.Sequential(torch.nn.ReLU())\nm.append(5)",
    "m = torch.nn.Sequential(torch.nn.ReLU())\nm.insert(5, torch.nn.ReLU())\nm",
    "m = torch.nn.Sequential(torch.nn.ReLU())\nm.insert(0, 5)",
    "m = torch.nn.ModuleList([torch.nn.ReLU()])\nm[3]",
    "m = torch.nn.ModuleList([torch.nn.ReLU()])\nm.append(3)",
    "m = torch.nn.ModuleList([torch.nn.ReLU()])\nm.extend(3)",
    "m = torch.nn.ModuleList([torch.nn.ReLU()])\nm.insert(0, 3)",
    "m = torch.nn.ModuleList([torch.nn.ReLU()])\nm(torch.ones(1))",
    "m = torch.nn.ModuleDict({'a': torch.nn.ReLU()})\nm['b']",
    "m = torch.nn.ModuleDict({'a': torch.nn.ReLU()})\nm[1]",
    "m = torch.nn.ModuleDict({'a': torch.nn.ReLU()})\nm.update(5)",
    "m = torch.nn.ModuleDict({'a': torch.nn.ReLU()})\nm.update([1, 2])",
    "m = torch.nn.ModuleDict({'a': torch.nn.ReLU()})\nm.pop('z')",
    "m = torch.nn.ParameterList([torch.nn.Parameter(torch.ones(1))])\nm[3]",
    "m = torch.nn.ParameterList([torch.nn.Parameter(torch.ones(1))])\nm.append('a')\nm",
    "m = torch.nn.ParameterDict({'a': torch.nn.Parameter(torch.ones(1))})\nm['z']",
]

_OPTIM = [
    "torch.optim.SGD([torch.nn.Parameter(torch.ones(2))], lr=-1)",
    "torch.optim.SGD([torch.nn.Parameter(torch.ones(2))], lr='a')",
    "torch.optim.SGD([torch.nn.Parameter(torch.ones(2))], lr=None)",
    "torch.optim.SGD([torch.nn.Parameter(torch.ones(2))], lr=0.1, momentum=-1)",
    "torch.optim.SGD([torch.nn.Parameter(torch.ones(2))], lr=0.1, weight_decay=-1)",
    "torch.optim.SGD([torch.nn.Parameter(torch.ones(2))], lr=0.1, nesterov=True)",
    "torch.optim.SGD([torch.nn.Parameter(torch.ones(2))], lr=0.1, momentum=0.9, dampening=0.5, nesterov=True)",
    "torch.optim.SGD([torch.nn.Parameter(torch.ones(2))], lr=0.1, bogus=1)",
    "torch.optim.SGD(torch.nn.Parameter(torch.ones(2)), lr=0.1)",
    "torch.optim.SGD(torch.ones(2), lr=0.1)",
    "torch.optim.SGD(5, lr=0.1)", "torch.optim.SGD(None, lr=0.1)", "torch.optim.SGD('ab', lr=0.1)",
    "torch.optim.SGD([], lr=0.1)", "torch.optim.SGD(iter([]), lr=0.1)",
    "torch.optim.SGD([5], lr=0.1)", "torch.optim.SGD(['a'], lr=0.1)",
    "torch.optim.SGD([torch.ones(2)], lr=0.1)",
    "x = torch.ones(2, requires_grad=True)\ntorch.optim.SGD([x * 2], lr=0.1)",
    "p = torch.nn.Parameter(torch.ones(2))\ntorch.optim.SGD([p, p], lr=0.1)",
    "p = torch.nn.Parameter(torch.ones(2))\ntorch.optim.SGD([{'params': p}, {'params': p}], lr=0.1)",
    "p = torch.nn.Parameter(torch.ones(2))\ntorch.optim.SGD([{'params': [p]}, {'params': []}], lr=0.1)",
    "torch.optim.SGD([{'lr': 0.1}], lr=0.1)",
    "torch.optim.SGD([{'params': 5}], lr=0.1)",
    "p = torch.nn.Parameter(torch.ones(2))\ntorch.optim.SGD([{'params': [p], 'lr': -1}], lr=0.1)",
    "p = torch.nn.Parameter(torch.ones(2))\ntorch.optim.SGD([{'params': [p]}, p], lr=0.1)",
    "p = torch.nn.Parameter(torch.ones(2))\no = torch.optim.SGD([p], lr=0.1)\no.add_param_group({'params': p})",
    "p = torch.nn.Parameter(torch.ones(2))\no = torch.optim.SGD([p], lr=0.1)\no.add_param_group(5)",
    "p = torch.nn.Parameter(torch.ones(2))\no = torch.optim.SGD([p], lr=0.1)\no.add_param_group({'params': [torch.nn.Parameter(torch.ones(1))], 'lr': 'a'})\no.param_groups[1]['lr']",
    "p = torch.nn.Parameter(torch.ones(2))\no = torch.optim.SGD([p], lr=0.1)\no.load_state_dict({'state': {}, 'param_groups': []})",
    "p = torch.nn.Parameter(torch.ones(2))\no = torch.optim.SGD([p], lr=0.1)\no.load_state_dict({'state': {}})",
    "p = torch.nn.Parameter(torch.ones(2))\no = torch.optim.SGD([p], lr=0.1)\no.load_state_dict('a')",
    "p = torch.nn.Parameter(torch.ones(2))\no = torch.optim.SGD([p], lr=0.1)\no.load_state_dict({'state': {}, 'param_groups': [{'params': [0, 1], 'lr': 0.1}]})",
    "p = torch.nn.Parameter(torch.ones(2))\no = torch.optim.SGD([p], lr=0.1)\no.step(5)",
    "p = torch.nn.Parameter(torch.ones(2))\no = torch.optim.SGD([p], lr=0.1)\no.step(lambda: 'a')",
    "p = torch.nn.Parameter(torch.ones(2))\no = torch.optim.SGD([p], lr=0.1)\no.zero_grad('a')\np.grad",
    "p = torch.nn.Parameter(torch.ones(2))\no = torch.optim.SGD([p], lr=0.1)\np.grad = torch.ones(2)\no.step()\np",
    "p = torch.nn.Parameter(torch.ones(2))\no = torch.optim.SGD([p], lr=0.1, momentum=0.9)\np.grad = torch.ones(2)\no.param_groups[0]['lr'] = 'a'\no.step()",
    "torch.optim.Adam([torch.nn.Parameter(torch.ones(2))], lr=-1)",
    "torch.optim.Adam([torch.nn.Parameter(torch.ones(2))], betas=(1.0, 0.9))",
    "torch.optim.Adam([torch.nn.Parameter(torch.ones(2))], betas=(0.9, -0.1))",
    "torch.optim.Adam([torch.nn.Parameter(torch.ones(2))], betas=(0.9,))",
    "torch.optim.Adam([torch.nn.Parameter(torch.ones(2))], betas=0.9)",
    "torch.optim.Adam([torch.nn.Parameter(torch.ones(2))], eps=-1)",
    "torch.optim.Adam([torch.nn.Parameter(torch.ones(2))], weight_decay=-1)",
    "torch.optim.Adam([torch.nn.Parameter(torch.ones(2))], amsgrad='a')",
    "torch.optim.Adam([torch.nn.Parameter(torch.ones(2))], lr=torch.tensor([0.1, 0.2]))",
    "torch.optim.Adam([], lr=0.1)", "torch.optim.Adam(5)",
    "torch.optim.AdamW([torch.nn.Parameter(torch.ones(2))], weight_decay=-1)",
    "torch.optim.AdamW([torch.nn.Parameter(torch.ones(2))], betas=(0.9, 1.5))",
    "torch.optim.AdamW([torch.nn.Parameter(torch.ones(2))], lr=-0.1)",
    "torch.optim.RMSprop([torch.nn.Parameter(torch.ones(2))], alpha=-1)",
    "torch.optim.RMSprop([torch.nn.Parameter(torch.ones(2))], momentum=-1)",
    "torch.optim.RMSprop([torch.nn.Parameter(torch.ones(2))], eps=-1)",
    "torch.optim.RMSprop([torch.nn.Parameter(torch.ones(2))], lr=-1)",
    "torch.optim.Adagrad([torch.nn.Parameter(torch.ones(2))], lr_decay=-1)",
    "torch.optim.Adagrad([torch.nn.Parameter(torch.ones(2))], initial_accumulator_value=-1)",
    "torch.optim.Adagrad([torch.nn.Parameter(torch.ones(2))], lr=-1)",
    "torch.optim.Adadelta([torch.nn.Parameter(torch.ones(2))], rho=1.5)",
    "torch.optim.Adadelta([torch.nn.Parameter(torch.ones(2))], lr=-1)",
    "torch.optim.Adamax([torch.nn.Parameter(torch.ones(2))], betas=(1.0, 0.9))",
    "torch.optim.NAdam([torch.nn.Parameter(torch.ones(2))], momentum_decay=-1)",
    "torch.optim.RAdam([torch.nn.Parameter(torch.ones(2))], betas=(0.9, 1.0))",
    "torch.optim.Rprop([torch.nn.Parameter(torch.ones(2))], etas=(1.5, 1.2))",
    "torch.optim.Rprop([torch.nn.Parameter(torch.ones(2))], step_sizes=(1, 0.5))",
    "torch.optim.ASGD([torch.nn.Parameter(torch.ones(2))], lr=-1)",
    "torch.optim.ASGD([torch.nn.Parameter(torch.ones(2))], weight_decay=-1)",
    "torch.optim.LBFGS([torch.nn.Parameter(torch.ones(2))], lr=-1)",
    "torch.optim.LBFGS([torch.nn.Parameter(torch.ones(2)), torch.nn.Parameter(torch.ones(2))], lr=1)\n",
    "torch.optim.LBFGS([{'params': [torch.nn.Parameter(torch.ones(2))]}, {'params': [torch.nn.Parameter(torch.ones(2))]}])",
    "p = torch.nn.Parameter(torch.ones(2))\no = torch.optim.LBFGS([p])\no.step()",
    "p = torch.nn.Parameter(torch.ones(2))\no = torch.optim.LBFGS([p], line_search_fn='bogus')\np.grad = torch.ones(2)\no.step(lambda: p.sum())",
    "torch.optim.Adafactor([torch.nn.Parameter(torch.ones(2))], lr=-1)",
    "torch.optim.Adafactor([torch.nn.Parameter(torch.ones(2))], beta2_decay=1)",
    "torch.optim.SparseAdam([torch.nn.Parameter(torch.ones(2))], lr=-1)",
    "torch.optim.SparseAdam([torch.nn.Parameter(torch.ones(2))], betas=(1.0, 0.9))",
    "torch.optim.Adam([torch.nn.Parameter(torch.ones(2, dtype=torch.int64))])",
    "p = torch.nn.Parameter(torch.ones(2))\no = torch.optim.Adam([p])\np.grad = torch.ones(3)\no.step()",
    "p = torch.nn.Parameter(torch.ones(2))\no = torch.optim.SGD([p], lr=0.1)\np.grad = torch.ones(2)\no.step()\no.state_dict()['param_groups'][0]['lr']",
    "torch.optim.lr_scheduler.StepLR(5, 1)",
    "p = torch.nn.Parameter(torch.ones(2))\no = torch.optim.SGD([p], lr=0.1)\ntorch.optim.lr_scheduler.StepLR(o, 0)",
    "p = torch.nn.Parameter(torch.ones(2))\no = torch.optim.SGD([p], lr=0.1)\ntorch.optim.lr_scheduler.LambdaLR(o, 5)",
    "p = torch.nn.Parameter(torch.ones(2))\no = torch.optim.SGD([p], lr=0.1)\ntorch.optim.lr_scheduler.MultiStepLR(o, [3, 1])",
    "p = torch.nn.Parameter(torch.ones(2))\no = torch.optim.SGD([p], lr=0.1)\ntorch.optim.lr_scheduler.ReduceLROnPlateau(o, mode='bogus')",
    "p = torch.nn.Parameter(torch.ones(2))\no = torch.optim.SGD([p], lr=0.1)\ntorch.optim.lr_scheduler.ReduceLROnPlateau(o, factor=1.5)",
    "p = torch.nn.Parameter(torch.ones(2))\no = torch.optim.SGD([p], lr=0.1)\ntorch.optim.lr_scheduler.OneCycleLR(o, max_lr=0.1)",
    "p = torch.nn.Parameter(torch.ones(2))\no = torch.optim.SGD([p], lr=0.1)\ntorch.optim.lr_scheduler.CosineAnnealingWarmRestarts(o, T_0=0)",
]


def _run_source(source: str):
    def thunk(lib):
        lines = source.rstrip("\n").split("\n")
        namespace = {"torch": lib, "np": np}
        # the last top-level statement is the result (an expression, or None)
        last = len(lines) - 1
        while last > 0 and lines[last].startswith(" "):
            last -= 1
        exec("\n".join(lines[:last]), namespace)  # noqa: S102 - the fuzzer's own cases
        tail = "\n".join(lines[last:])
        try:
            code = compile(tail, "<case>", "eval")
        except SyntaxError:
            exec(tail, namespace)  # noqa: S102
            return None
        return eval(code, namespace)  # noqa: S307
    return thunk


def scenario_cases():
    groups = {"index": _indexing_scenarios(), "inplace": _inplace_scenarios(),
              "autograd": _AUTOGRAD, "nn": _NN, "module": _MODULE_API, "optim": _OPTIM}
    for group, sources in groups.items():
        for source in sources:
            loose = bool(re.search(r"uniform_|normal_|random_", source))
            yield group, source.replace("\n", "; "), _run_source(source), loose


# ---------------------------------------------------------------------------- main
def _message_key(message: str) -> str:
    return re.sub(r"\d+", "N", message.split("\n")[0])[:70]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated method names")
    parser.add_argument("--scenarios-only", action="store_true")
    parser.add_argument("--no-scenarios", action="store_true")
    parser.add_argument("--out", default="/tmp/fuzz_bad_methods")
    parser.add_argument("--limit", type=float, default=5.0, help="seconds per call")
    parser.add_argument("--top", type=int, default=40, help="difference kinds to print")
    options = parser.parse_args(argv)

    import torch

    import ember
    warnings.simplefilter("ignore")
    signal.signal(signal.SIGALRM, _on_alarm)
    out_dir = Path(options.out)
    out_dir.mkdir(parents=True, exist_ok=True)

    names = walked_names(torch, ember)
    if options.only:
        names = [n for n in names if n in set(options.only.split(","))]
    work: list[tuple[str, str, Any, bool]] = []
    if not options.scenarios_only:
        for name in names:
            work.extend((name, label, thunk, loose)
                        for label, thunk, loose in method_cases(name, torch, options.limit))
    if not options.no_scenarios and not options.only:
        work.extend(scenario_cases())

    counts: collections.Counter = collections.Counter()
    kinds: dict[tuple, list[str]] = collections.defaultdict(list)
    with open(out_dir / "differences.jsonl", "w") as diffs, \
            open(out_dir / "messages.jsonl", "w") as messages:
        for group, label, thunk, loose in work:
            want = run_call(thunk, torch, options.limit)
            got = run_call(thunk, ember, options.limit)
            if "skip" in want:
                continue
            counts["calls"] += 1
            kind = compare(want, got, loose)
            if kind is None:
                if "raise" in want and "raise" in got and want["message"] != got["message"]:
                    counts["messages differ"] += 1
                    messages.write(json.dumps({"group": group, "call": label,
                                               "torch": want["message"],
                                               "ember": got["message"]}) + "\n")
                continue
            counts[kind] += 1
            record = {"group": group, "call": label, "kind": kind,
                      "torch": _jsonable(want), "ember": _jsonable(got)}
            diffs.write(json.dumps(record) + "\n")
            key = (kind, want.get("raise", "-"), got.get("raise", "-"),
                   _message_key(got.get("message", "")))
            kinds[key].append(label)

    print(f"methods walked: {len(names)}; calls: {counts['calls']}")
    print("differences:", {k: v for k, v in counts.items() if k != "calls"})
    print(f"difference kinds: {len(kinds)} (most common first)")
    for key, labels in sorted(kinds.items(), key=lambda kv: -len(kv[1]))[:options.top]:
        print(f"{len(labels):5d} {key[0]}: torch {key[1]} / ember {key[2]} {key[3]!r}")
        print(f"        e.g. {labels[0]}  |  {labels[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
