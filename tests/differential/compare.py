"""Compare two observations of one program (torch's and ember's) field by field.

Dtypes, shapes, requires_grad, is_leaf, grad_fn names, exception types, the kinds of
results and floating-point warnings must be equal. Values are compared per tolerance class,
chosen per op family by the generator (see `TOLERANCES`):

- ``exact``: bit for bit, the sign of zero included. Creation, shapes, indexing, integer and
  bool results, comparisons, max/min, sorting: there is one right answer.
- ``arith``: + - * / and friends are correctly rounded in both libraries, but torch
  vectorises (float16 through float32, fused multiply-adds in addcmul/lerp, a reciprocal
  for some divisions): a few units in the last place.
- ``trans``: exp, log, trig, pow... come from different math libraries (SLEEF or the C
  library in torch, NumPy's own loops in ember): several ulps.
- ``reduce``: sums, means, norms, matrix products and their gradients add in a different
  order (torch's cascade sums and BLAS blocking): an error that grows with the number of
  terms and the size of the terms.
- ``shape``: a discontinuous op (comparison, floor, argmax, sort indices) applied to inputs
  that may already differ in the last place: values are not compared.

Where extreme values (1e30, 3e38, subnormals) flow into an inexact op, which finite number
comes out depends on rounding order: only the positions and signs of nan and inf are
compared. Printed text (repr) is compared whenever the values agree bit for bit (it shows
the same numbers); otherwise the value comparison within tolerance decides.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from .program import COMPLEX_PARTS, Program, coarser

# (rtol, atol) per tolerance class and float dtype.
TOLERANCES = {
    "arith": {"float16": (1e-3, 1e-3), "float32": (1e-6, 1e-6), "float64": (1e-14, 1e-14)},
    "trans": {"float16": (2e-3, 2e-3), "float32": (1e-5, 1e-5), "float64": (1e-12, 1e-12)},
    "reduce": {"float16": (1e-2, 1e-2), "float32": (1e-4, 1e-4), "float64": (1e-10, 1e-10)},
}
_FIELDS = ("dtype", "shape", "requires_grad", "is_leaf", "grad_fn")


@dataclass(frozen=True)
class Difference:
    """One way in which ember's observation differs from torch's. `summary` says what
    differs without saying where (so differences with one cause share it); `where` is the
    statement and variable; `detail` carries both values."""

    field: str
    summary: str
    where: str
    detail: str

    def key(self) -> str:
        return f"{self.field}: {self.summary}"


def _flat(values: Any) -> list:
    if isinstance(values, list):
        out = []
        for v in values:
            out.extend(_flat(v))
        return out
    return [values]


def _number(value: Any) -> float:
    return float(value) if isinstance(value, str) else float(value)


def values_agree(want: Any, got: Any, dtype: str, tol: str, wild: bool,
                 propagated: list[float] | None = None, is_complex: bool = False) -> bool:
    """Whether two recorded value lists agree under a tolerance class; `propagated`: per
    element, the difference the inputs' own differences explain (`_propagated`);
    `is_complex`: the values are [re, im] pairs (`dtype` the dtype of the parts)."""
    if json.dumps(want) == json.dumps(got):
        return True
    if tol == "shape":
        return True
    if tol == "exact" or dtype not in TOLERANCES["arith"]:
        return False
    if is_complex:
        return _complex_agree(want, got, *TOLERANCES[tol][dtype], wild)
    flat_want, flat_got = _flat(want), _flat(got)
    if len(flat_want) != len(flat_got):
        return False
    rtol, atol = TOLERANCES[tol][dtype]
    if propagated is not None and len(propagated) != len(flat_want):
        propagated = None
    for i, (w, g) in enumerate(zip(flat_want, flat_got)):
        if isinstance(w, bool) or isinstance(g, bool):
            if w != g:
                return False
            continue
        a, b = _number(w), _number(g)
        if math.isnan(a) or math.isnan(b):
            if math.isnan(a) != math.isnan(b):
                return False
            continue
        if math.isinf(a) or math.isinf(b):
            if a != b:
                return False
            continue
        if wild:
            continue
        if abs(a - b) > atol + rtol * abs(a) + (propagated[i] if propagated else 0.0):
            return False
    return True


def _pairs(values: Any) -> list:
    """The [re, im] pairs of a recorded complex tensor's nested values."""
    if isinstance(values, list) and len(values) == 2 and not isinstance(values[0], list):
        return [values]
    return [pair for part in values for pair in _pairs(part)] if isinstance(values, list) \
        else []


def _complex_agree(want: Any, got: Any, rtol: float, atol: float, wild: bool) -> bool:
    """Complex values agree part by part, each within the tolerance relative to the
    element's modulus: a product's real part ac - bd may cancel to a tiny number whose
    last-bit errors are those of ac and bd (torch's vectorised complex kernels and NumPy's
    round differently), so its error is relative to |z|, not to the part."""
    pairs_want, pairs_got = _pairs(want), _pairs(got)
    if len(pairs_want) != len(pairs_got):
        return False
    for w, g in zip(pairs_want, pairs_got):
        parts = [(_number(a), _number(b)) for a, b in zip(w, g)]
        if any(math.isnan(a) != math.isnan(b) for a, b in parts):
            return False
        if any((math.isinf(a) or math.isinf(b)) and a != b for a, b in parts):
            return False
        finite = [(a, b) for a, b in parts if math.isfinite(a) and math.isfinite(b)]
        if wild or len(finite) < 2:
            continue
        scale = math.hypot(*(a for a, _ in finite))
        if any(abs(a - b) > atol + rtol * scale for a, b in finite):
            return False
    return True


# An op's result differs where its input already differed (in the last bits of an inexact
# op's result), by the input's difference times |f'(x)|: for tan near a pole (1 + tan^2)
# amplifies a last-bit difference of exp(6.) a hundredfold. So for these unary ops the
# tolerance adds, per element, twice |f'| (a bound, from the result y) times the inputs'
# actual difference; elsewhere the tolerance is unchanged.
_DERIVATIVE_BOUNDS = {
    "tan": lambda y: 1.0 + y * y, "exp": abs, "exp2": lambda y: 0.7 * abs(y),
    "expm1": lambda y: abs(y) + 1.0, "sinh": lambda y: abs(y) + 1.0, "cosh": abs,
    "sin": lambda y: 1.0, "cos": lambda y: 1.0, "tanh": lambda y: 1.0,
    "sigmoid": lambda y: 0.25,
}
# (the op and its input in `y = torch.tan(x)`, `y = x.tan()`, `x.tan_()`)
_UNARY_INPUT = re.compile(r"torch\.(\w+)\((\w+)[,)]|(\w+)\.(\w+?)_?\(\)")


def _propagated_at_end(program: Program, name: str, want: dict, got: dict) -> list | None:
    """`_propagated` for a variable at the end, if unchanged since the last statement that
    showed it."""
    for index in range(len(want["steps"]) - 1, -1, -1):
        step_want, step_got = want["steps"][index], got["steps"][index]
        if name in step_want and name in step_got:
            if json.dumps(step_want[name].get("values")) != json.dumps(
                    want["finals"][name].get("values")) or json.dumps(
                    step_got[name].get("values")) != json.dumps(
                    got["finals"][name].get("values")):
                return None
            return _propagated(program.statements[index], index, want, got, step_want[name])
    return None


# (base and exponent in `y = a ** b`, `y = torch.pow(a, b)`, `y = a.pow(b)`, `a.pow_(b)`)
_POWER_INPUTS = re.compile(r"(\w+) \*\* (\w+)|torch\.pow\((\w+), (\w+)\)|"
                           r"(\w+)\.pow_?\((\w+)\)")


def _observed_before(name: str, index: int, want: dict, got: dict) -> tuple | None:
    """A variable's values (flat: torch's, ember's) at its last observation before
    statement `index`, or None."""
    for step in range(index - 1, -1, -1):
        if name in want["steps"][step] and name in got["steps"][step]:
            shots = want["steps"][step][name], got["steps"][step][name]
            if any(shot.get("kind") != "tensor" for shot in shots):
                return None
            return _flat(shots[0]["values"]), _flat(shots[1]["values"])
    return None


def _power_propagated(statement, index: int, want: dict, got: dict, shot: dict
                      ) -> list | None:
    """`_propagated` for a ** b of tensors of the result's shape: b * y / a times a's
    difference plus y * ln|a| times b's (a float base of 0.3 to the power 216 turns a
    last-bit difference of the base into 216 of them)."""
    match = _POWER_INPUTS.search(statement.source.split("=", 1)[-1])
    names = match and [g for g in match.groups() if g]
    if not names or len(names) != 2 or shot.get("kind") != "tensor":
        return None
    base, exponent = (_observed_before(n, index, want, got) for n in names)
    results = _flat(shot["values"])
    if base is None or exponent is None:
        return None
    # (a one-element base or exponent broadcast against the other: h11-s11-f-100k:11194)
    base, exponent = ([side * len(results) for side in pair] if len(pair[0]) == 1 else pair
                      for pair in (base, exponent))
    if not len(base[0]) == len(exponent[0]) == len(results):
        return None
    out = []
    for a, a2, b, b2, y in zip(*base, *exponent, results):
        try:
            a, a2, b, b2, y = map(_number, (a, a2, b, b2, y))
            value = 2.0 * (abs(b * y / a) * abs(a - a2) + abs(y * math.log(abs(a))) * abs(b - b2))
        except (TypeError, ValueError, OverflowError, ZeroDivisionError):
            value = 0.0
        out.append(value if math.isfinite(value) else 0.0)
    return out


def _propagated(statement, index: int, want: dict, got: dict, shot: dict) -> list | None:
    """Per element of a unary op's result (torch's, `shot`), how much of its difference
    the difference of its input explains (None: not such an op, or nothing to go by)."""
    if shot.get("kind") != "tensor":
        return None
    if "pow" in statement.source or "**" in statement.source:
        return _power_propagated(statement, index, want, got, shot)
    match = _UNARY_INPUT.search(statement.source.split("=", 1)[-1])
    bound = match and _DERIVATIVE_BOUNDS.get(match.group(1) or match.group(4))
    if not bound:
        return None
    before = _observed_before(match.group(2) or match.group(3), index, want, got)
    if before is None:
        return None
    xs, ys = before
    results = _flat(shot["values"])
    if not len(xs) == len(ys) == len(results):
        return None
    out = []
    for x, x2, y in zip(xs, ys, results):
        try:
            delta = abs(_number(x) - _number(x2))
            value = 2.0 * bound(_number(y)) * delta
        except (TypeError, ValueError, OverflowError):
            value = 0.0
        out.append(value if math.isfinite(value) else 0.0)
    return out


def compare_snapshots(want: dict, got: dict, where: str, tol: str, wild: bool, prec: str,
                      grad_tol: tuple[str, bool, str], propagated: list | None = None
                      ) -> list[Difference]:
    """The differences between two snapshots of one value (`prec`: the least precise float
    dtype it went through; its tolerance applies; `propagated`: see values_agree)."""
    if want.get("kind") != got.get("kind") or want.get("type") != got.get("type"):
        return [Difference("kind", f"{_kind(want)} -> {_kind(got)}", where,
                           f"torch {want}\nember {got}")]
    found = []
    if want["kind"] == "tensor":
        for field in _FIELDS:
            if want[field] != got[field]:
                found.append(Difference(field, f"{want[field]} -> {got[field]}", where,
                                        f"torch {want[field]}, ember {got[field]}"))
        if want["dtype"] == got["dtype"] and want["shape"] == got["shape"]:
            is_complex = want["dtype"] in COMPLEX_PARTS
            if not values_agree(want["values"], got["values"], coarser(want["dtype"], prec),
                                tol, wild, None if is_complex else propagated, is_complex):
                field = "values"
                if _same_but_zero_signs(want["values"], got["values"]):
                    field = "signed_zero"
                found.append(Difference(field, want["dtype"], where,
                                        f"torch {want['values']}\nember {got['values']}"))
            elif json.dumps(want["values"]) == json.dumps(got["values"]) and \
                    want["repr"] != got["repr"] and not found:
                found.append(Difference("repr", want["dtype"], where,
                                        f"torch {want['repr']}\nember {got['repr']}"))
        if "grad" in want:
            if (want["grad"] is None) != (got.get("grad") is None):
                found.append(Difference("grad", "None" if want["grad"] is None else "missing",
                                        where + ".grad",
                                        f"torch {want['grad']}\nember {got.get('grad')}"))
            elif want["grad"] is not None:
                found += compare_snapshots(want["grad"], got["grad"], where + ".grad",
                                           *grad_tol, grad_tol)
    elif want["kind"] == "number":
        # a Python float from item()/tolist() may come from a float32 tensor: its tolerance
        if not values_agree([want["value"]], [got["value"]], coarser(
                "float32" if want["type"] in ("float", "complex") else "", prec), tol, wild,
                is_complex=want["type"] == "complex"):
            found.append(Difference("values", f"python {want['type']}", where,
                                    f"torch {want['value']}, ember {got['value']}"))
    elif "items" in want:
        if len(want["items"]) != len(got["items"]):
            found.append(Difference("kind", f"{len(want['items'])} items -> "
                                    f"{len(got['items'])}", where, ""))
        else:
            for i, (w, g) in enumerate(zip(want["items"], got["items"])):
                found += compare_snapshots(w, g, f"{where}[{i}]", tol, wild, prec, grad_tol)
    return found


def _kind(shot: dict) -> str:
    return shot.get("type") or shot.get("kind")


def _same_but_zero_signs(want: Any, got: Any) -> bool:
    return json.dumps(want).replace("-0.0", "0.0") == json.dumps(got).replace("-0.0", "0.0")


def _order(difference: Difference) -> int:
    """Differences in program order (the first one is the likeliest cause)."""
    where = difference.where
    return int(where.split()[1].rstrip(":")) if where.startswith("statement ") else 10**9


def _step_differences(program: Program, want: dict, got: dict,
                      grad_tol: tuple[str, bool, str]) -> list[Difference]:
    found = []
    for index, (w_step, g_step) in enumerate(zip(want["steps"], got["steps"])):
        statement = program.statements[index]
        for name, shot in w_step.items():
            if name in g_step:
                found += compare_snapshots(shot, g_step[name], f"statement {index}: {name}",
                                           statement.tol, statement.wild, statement.prec,
                                           grad_tol, _propagated(statement, index, want, got,
                                                                 shot))
    return found


def differences(program: Program, want: dict, got: dict) -> list[Difference]:
    """Every way in which `got` (ember's observation) differs from `want` (torch's)."""
    found = []
    if want["error"] != got["error"]:
        w = want["error"] or {"at": None, "type": None}
        g = got["error"] or {"at": None, "type": None}
        at = min(a for a in (w["at"], g["at"]) if a is not None)
        summary = f"{w['type']} -> {g['type']}"
        if w["type"] == g["type"]:
            first = "torch" if w["at"] < g["at"] else "ember"
            summary = f"{w['type']} raised by {first} first"
        found.append(Difference("error", summary, f"statement {at}",
                                f"torch raised {w['type']} at {w['at']}, ember {g['type']} "
                                f"at {g['at']}"))
    grad_tol = program.grad_tolerance()
    if found:  # after one side raised, what follows is a consequence: compare up to there
        return sorted(found + _step_differences(program, want, got, grad_tol), key=_order)
    found += _step_differences(program, want, got, grad_tol)
    for name, shot in want["finals"].items():
        if name in got["finals"]:
            # at the end, a variable may have been written through a view of another one:
            # it gets the program's tolerance, as gradients do (and, unchanged since the
            # statement that made it, what its input's difference explains there)
            found += compare_snapshots(shot, got["finals"][name], f"end: {name}", *grad_tol,
                                       grad_tol, _propagated_at_end(program, name, want, got))
    if want["warnings"] != got["warnings"]:
        found.append(Difference("warning", "RuntimeWarning", "run",
                                f"torch {want['warnings']}, ember {got['warnings']}"))
    return found
