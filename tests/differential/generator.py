"""Random small torch programs over ember's public surface, reproducible from a seed.

`generate(seed)` writes a `Program`: a few input tensors (literals with every dtype, special
values, size-0 and size-1 dims, creation functions), then a handful of ops drawn from the
families below on those tensors and on each other's results, and often a backward pass,
a second derivative or a forward-mode derivative. The generator models shapes, dtypes and
requires_grad well enough that most programs are valid; when its model is wrong, or when it
writes an invalid call on purpose (the ``error`` family and small odds elsewhere), torch's
exception type is the observation.

The only randomness is ``random.Random(seed)``: a seed gives the same program on any machine.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from .program import Program, Statement, coarser, looser

FLOATS = ("float16", "float32", "float64")
INTS = ("uint8", "int8", "int16", "int32", "int64")
DTYPES = ("bool",) + INTS + FLOATS
# complex dtypes appear only in complex programs (complex_families.py), never in DTYPES: the
# real programs, and the random draws that write them, stay what they were
COMPLEX = ("complex64", "complex128")
# the share of programs that use complex values, decided by a random stream of its own
COMPLEX_SHARE = 0.12
_ORDER = DTYPES  # torch's order within a category is this one (uint8 + int8 -> int16)
_INT_RANGE = {"uint8": (0, 255), "int8": (-128, 127), "int16": (-32768, 32767),
              "int32": (-2**31, 2**31 - 1), "int64": (-2**63, 2**63 - 1)}
def _extreme(value: int, dtype: str) -> bool:
    """Whether an integer is one of the extremes int_value picks for its dtype (an unsigned
    dtype's low ones, 0 and 1, are ordinary)."""
    low, high = _INT_RANGE[dtype]
    return value >= high - 1 or (low < 0 and value <= low + 1)


SPECIALS = (math.nan, math.inf, -math.inf, -0.0, 0.0, 1e30, -1e30, 3e38, 1e-30, 1e-40,
            65504.0, 70000.0, 1e-7, 1e300)


def category(dtype: str) -> int:
    return 0 if dtype == "bool" else 1 if dtype in INTS else 2


def promote(a: str, b: str) -> str:
    """torch's promotion of two dimensioned tensors."""
    if category(a) != category(b):
        return a if category(a) > category(b) else b
    if {a, b} == {"uint8", "int8"}:
        return "int16"
    return max(a, b, key=_ORDER.index)


def promote_weak(strong: str, weak: str, weak_is_number: bool) -> str:
    """A dimensioned tensor with a 0-d tensor or a Python number: the weak operand matters
    only if its category is higher (then a number gives the default dtype of its kind)."""
    if category(weak) <= category(strong):
        return strong
    if weak_is_number:
        return "float32" if category(weak) == 2 else "int64"
    return weak


@dataclass
class Var:
    """The generator's model of a variable: shape, dtype, autograd state, tolerance."""

    name: str
    shape: tuple[int, ...]
    dtype: str
    grad: bool = False          # requires_grad
    leaf: bool = True
    tol: str = "exact"
    wild: bool = False          # extreme values may be in it
    prec: str = ""              # the least precise float dtype it went through
    deps: frozenset = field(default_factory=frozenset)  # leaves requiring grad it depends on

    @property
    def numel(self) -> int:
        return math.prod(self.shape)

    @property
    def is_float(self) -> bool:
        return self.dtype in FLOATS

    @property
    def is_complex(self) -> bool:
        return self.dtype in COMPLEX


# ---------------------------------------------------------------------------- literals
def _fmt_float(value: float) -> str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(value)


def _nested(values: list[str], shape: tuple[int, ...]) -> str:
    if not shape:
        return values[0]
    step = len(values) // shape[0] if shape[0] else 0
    parts = [_nested(values[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]
    return "[" + ", ".join(parts) + "]"


class Writer:
    """Writes one program: keeps the variables, names new ones, appends statements."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.vars: list[Var] = []
        self.statements: list[Statement] = []
        self.count = 0
        self.wild = rng.random() < 0.3      # this program uses extreme values
        self.empty = rng.random() < 0.12    # this program may use size-0 dims
        self.aliased = ("exact", False, "")  # what in-place writes so far may have spread

    # -------------------------------------------------------------- plumbing
    def name(self) -> str:
        self.count += 1
        return f"t{self.count}"

    def emit(self, source: str, op: str, out: Var | list[Var] | None = None,
             inputs: tuple[Var, ...] = (), tol: str = "exact", shows: tuple[str, ...] = ()):
        outs = out if isinstance(out, list) else [out] if out is not None else []
        # an in-place write (a variable written again) may reach every view sharing its
        # memory, which the model does not follow: from then on, every statement gets its
        # tolerance, extreme values and precision
        tol = looser(tol, self.aliased[0], *(v.tol for v in inputs))
        wild = self.aliased[1] or any(v.wild for v in inputs) or any(v.wild for v in outs)
        prec = coarser(self.aliased[2], *(v.prec for v in inputs), *(v.dtype for v in inputs),
                       *(v.dtype for v in outs), *(v.prec for v in outs))
        if any(v.name == known.name for v in outs for known in self.vars):
            self.aliased = (tol, wild, prec)
        for var in outs:
            # an unknown size (-1: masked_select, nonzero) is modelled as 2: a wrong guess
            # only turns a later statement into an error case
            var.shape = tuple(2 if d < 0 else d for d in var.shape)
            var.tol = looser(var.tol, tol)
            var.wild = var.wild or wild
            var.prec = prec
            self.vars = [v for v in self.vars if v.name != var.name] + [var]
        shown = shows or tuple(v.name for v in outs)
        self.statements.append(Statement(source, op, tol, wild, shown, prec))

    def pick(self, predicate=lambda v: True, complex_ok: bool = False) -> Var | None:
        """A random variable that satisfies `predicate`; a complex one only where the
        caller writes complex-capable ops (`complex_ok`: the real families never see one)."""
        chosen = [v for v in self.vars if predicate(v) and (complex_ok or not v.is_complex)]
        return self.rng.choice(chosen) if chosen else None

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    # -------------------------------------------------------------- values
    def shape(self, max_rank: int = 3) -> tuple[int, ...]:
        rank = self.rng.choices(range(max_rank + 1), [1, 3, 3, 2][:max_rank + 1])[0]
        sizes = [1, 2, 3, 4] + ([0] if self.empty else [])
        weights = [2, 3, 3, 1] + ([1] if self.empty else [])
        return tuple(self.rng.choices(sizes, weights)[0] for _ in range(rank))

    def float_value(self) -> float:
        r = self.rng.random()
        if self.wild and r < 0.25:
            return self.rng.choice(SPECIALS)
        if r < 0.45:
            return float(self.rng.randint(-4, 4))
        if r < 0.6:
            return self.rng.choice((0.5, -0.5, 1.5, -2.5, 0.25, 3.75, -0.125))
        return round(self.rng.uniform(-3, 3), self.rng.choice((1, 2, 4)))

    def int_value(self, dtype: str) -> int:
        low, high = _INT_RANGE[dtype]
        if self.wild and self.chance(0.15):
            return self.rng.choice((low, high, low + 1, high - 1))
        if dtype == "uint8":
            return self.rng.choice((self.rng.randint(0, 6), self.rng.randint(0, 255)))
        return self.rng.randint(-5, 6)

    def value_text(self, dtype: str) -> str:
        if dtype == "bool":
            return repr(self.chance(0.5))
        if dtype in INTS:
            return str(self.int_value(dtype))
        return _fmt_float(self.float_value())

    def scalar(self, kind: str | None = None) -> tuple[str, str]:
        """A Python number as source, with the dtype kind it promotes as."""
        kind = kind or self.rng.choice(("int", "int", "float", "float", "bool"))
        if kind == "bool":
            return repr(self.chance(0.5)), "bool"
        if kind == "int":
            value = self.rng.choice((2, 3, -1, 0, 1, 5, -3, 7)) if not (
                self.wild and self.chance(0.2)) else self.rng.choice((300, -129, 2**31, 2**40))
            return str(value), "int64"
        return _fmt_float(self.float_value()), "float32"

    def dtype(self) -> str:
        return self.rng.choices(DTYPES, (1, 1, 1, 1, 1, 3, 1, 5, 3))[0]

    # -------------------------------------------------------------- inputs
    def create(self, shape: tuple[int, ...] | None = None, dtype: str | None = None,
               grad: bool | None = None) -> Var:
        shape = self.shape() if shape is None else shape
        dtype = dtype or self.dtype()
        if grad is None:
            grad = dtype in FLOATS and self.chance(0.65)
        name = self.name()
        var = Var(name, shape, dtype, grad=grad)
        if grad:
            var.deps = frozenset({name})
        rg = ", requires_grad=True" if grad else ""
        r = self.rng.random()
        numel = math.prod(shape)
        dims = ", ".join(map(str, shape)) if shape else ""
        size = f"({dims},)" if len(shape) == 1 else f"({dims})"
        if numel == 0 or r < 0.1:
            fn = self.rng.choice(("zeros", "ones"))
            source = f"{name} = torch.{fn}({size}, dtype=torch.{dtype}{rg})"
            op = f"create.{fn}"
        elif r < 0.18:
            fill = self.value_text(dtype)
            source = f"{name} = torch.full({size}, {fill}, dtype=torch.{dtype}{rg})"
            op = "create.full"
            var.wild = fill in ("nan", "inf", "-inf") or "e" in fill
        elif r < 0.26 and dtype != "bool":
            start = self.rng.choice((0, -2, 1))
            source = (f"{name} = torch.arange({start}, {start + numel}, dtype=torch.{dtype})"
                      f".reshape({size}){'.requires_grad_()' if grad else ''}")
            op = "create.arange"
        elif r < 0.31 and dtype in FLOATS and len(shape) == 1:
            start, end = self.rng.choice(((-1, 1), (0, 3), (-2.5, 4)))
            source = (f"{name} = torch.linspace({start}, {end}, {numel}, dtype=torch.{dtype}"
                      f"{rg})")
            op = "create.linspace"
        elif r < 0.36 and dtype in ("float32", "float64"):
            seed = self.rng.randint(0, 50)
            fn = self.rng.choice(("randn", "rand"))
            source = (f"torch.manual_seed({seed}); {name} = torch.{fn}({size}, "
                      f"dtype=torch.{dtype}{rg})")
            op = f"create.{fn}"
        else:
            values = [self.value_text(dtype) for _ in range(numel)]
            # (an integer extreme is a huge value too once made float or exponentiated:
            # which finite number a sum cancelling 2**63s gives depends on the order of
            # additions, tan(2.0 ** 127) on the argument reduction)
            var.wild = any(v in ("nan", "inf", "-inf") or "e" in v for v in values) or (
                dtype in INTS and any(_extreme(int(v), dtype) for v in values))
            typed = "" if (dtype == "float32" and self.chance(0.3)) or (
                dtype == "int64" and self.chance(0.3)) or (
                dtype == "bool" and self.chance(0.5)) else f", dtype=torch.{dtype}"
            if typed == "" and dtype == "float32":
                values = [v if any(c in v for c in ".ena") else v + "." for v in values]
            if typed == "" and dtype == "int64" and not values:
                typed = ", dtype=torch.int64"
            source = f"{name} = torch.tensor({_nested(values, shape)}{typed}{rg})"
            op = "create.tensor"
        self.emit(source, op, var)
        return var

    def operand_like(self, var: Var, broadcast: bool = True, dtype: str | None = None) -> Var:
        """A second operand for `var`: an existing variable of a shape that broadcasts with
        it, or a new input of such a shape."""
        def fits(other: Var) -> bool:
            return other is not var and broadcast_shape(var.shape, other.shape) is not None
        if self.chance(0.4):
            found = self.pick(lambda v: fits(v) and (dtype is None or v.dtype == dtype))
            if found:
                return found
        shape = var.shape
        if broadcast and shape and self.chance(0.5):
            shape = tuple(1 if self.chance(0.3) else d for d in shape)
            shape = shape[self.rng.randint(0, len(shape)):]
        elif broadcast and self.chance(0.15):
            shape = (self.rng.choice((1, 2)),) + shape
        return self.create(shape, dtype or self.rng.choice((var.dtype, self.dtype())))


def broadcast_shape(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...] | None:
    out = []
    for x, y in zip(reversed((1,) * (len(b) - len(a)) + a),
                    reversed((1,) * (len(a) - len(b)) + b)):
        if x != y and 1 not in (x, y):
            return None
        out.append(y if x == 1 else x)
    return tuple(reversed(out))


# ---------------------------------------------------------------------------- families
from . import complex_families, families  # noqa: E402  (they need Writer and the helpers above)


def is_complex_program(seed: int | str) -> bool:
    """Whether program `seed` uses complex values: about COMPLEX_SHARE of the seeds, and
    every seed that starts with ``complex:`` (a sweep of complex programs only)."""
    if str(seed).startswith("complex:"):
        return True
    return random.Random(f"ember-differential-complex:{seed}").random() < COMPLEX_SHARE


def generate(seed: int | str, max_ops: int = 6) -> Program:
    """A random program; the same seed always gives the same program."""
    rng = random.Random(f"ember-differential:{seed}")
    writer = Writer(rng)
    if writer.wild:
        writer.statements.append(Statement("nan, inf = float('nan'), float('inf')", "setup"))
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        writer.create()
    if is_complex_program(seed):
        complex_families.program(writer, max_ops)
    else:
        for _ in range(rng.randint(1, max_ops)):
            family = rng.choices(families.FAMILIES, families.WEIGHTS)[0]
            try:
                family(writer)
            except (ValueError, IndexError):  # the shape model hit a case it cannot write
                pass
        if rng.random() < 0.55:
            families.backward(writer)
    finals = {v.name: (v.tol, v.wild, v.prec) for v in writer.vars}
    return Program(writer.statements, finals, str(seed))
