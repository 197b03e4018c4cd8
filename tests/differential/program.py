"""A program: statements of source text, each with what the comparison needs to know.

Source text is the program (a failing case prints a program to paste); the metadata beside
each statement says which op family it exercises (for grouping differences by cause), how
closely its results must agree, and which variables to observe after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Tolerance classes, from strictest to loosest. `compare.TOLERANCES` gives their numbers;
# "shape" compares everything but values (results of a discontinuous op, such as a
# comparison or argmax, applied to values that may already differ in the last bit).
TOLERANCE_ORDER = ("exact", "arith", "trans", "reduce", "shape")
# A value computed through float16 somewhere is only as precise as float16, whatever its
# dtype now: tolerances use the least precise float dtype a value went through.
PRECISION_ORDER = ("", "float64", "float32", "float16")
# a complex value is as precise as its parts
COMPLEX_PARTS = {"complex64": "float32", "complex128": "float64"}


def coarser(*dtypes: str) -> str:
    """The least precise of some dtypes (non-float dtypes count as exact: "", a complex
    dtype as the float dtype of its parts)."""
    return max((COMPLEX_PARTS.get(d, d) if COMPLEX_PARTS.get(d, d) in PRECISION_ORDER else ""
                for d in dtypes), key=PRECISION_ORDER.index, default="")


def looser(*classes: str) -> str:
    """The loosest of some tolerance classes."""
    return max(classes, key=TOLERANCE_ORDER.index, default="exact")


@dataclass(frozen=True)
class Statement:
    """One statement: its source (one or more lines), the op it exercises (``family.name``),
    the tolerance class of what it computes, whether extreme values (huge, tiny, inf, nan)
    reach it, the variables whose values are observed right after it runs, and the least
    precise float dtype its values went through."""

    source: str
    op: str
    tol: str = "exact"
    wild: bool = False
    shows: tuple[str, ...] = ()
    prec: str = ""

    def to_json(self) -> list:
        return [self.source, self.op, self.tol, self.wild, list(self.shows), self.prec]

    @classmethod
    def from_json(cls, data: list) -> Statement:
        source, op, tol, wild, shows, prec = data
        return cls(source, op, tol, wild, tuple(shows), prec)


@dataclass
class Program:
    """Statements, plus the variables observed at the end (with their gradients)."""

    statements: list[Statement]
    # name -> (tolerance class, wild, precision)
    finals: dict[str, tuple[str, bool, str]] = field(default_factory=dict)
    seed: str = ""

    def source(self) -> str:
        return "\n".join(statement.source for statement in self.statements) + "\n"

    def grad_tolerance(self) -> tuple[str, bool, str]:
        """Gradients flow through every statement: they get the program's loosest class, and
        at least "reduce": a backward sums over broadcast dims (a 0-d input used with a
        (2, 3) one gets the sum of six products, which may cancel) in its own order."""
        tol = looser("reduce", *(s.tol for s in self.statements))
        prec = coarser(*(s.prec for s in self.statements))
        return tol, any(s.wild for s in self.statements), prec

    def without(self, index: int) -> Program:
        """The program with one statement dropped (for shrinking)."""
        statements = self.statements[:index] + self.statements[index + 1:]
        return Program(statements, dict(self.finals), self.seed)

    def to_json(self) -> dict:
        return {"seed": self.seed,
                "statements": [s.to_json() for s in self.statements],
                "finals": {name: list(value) for name, value in self.finals.items()}}

    @classmethod
    def from_json(cls, data: dict) -> Program:
        return cls([Statement.from_json(s) for s in data["statements"]],
                   {name: tuple(value) for name, value in data["finals"].items()},
                   data.get("seed", ""))

    def ops(self) -> tuple[str, ...]:
        """The ops the program exercises, beyond creating its inputs (sorted, unique)."""
        return tuple(sorted({s.op for s in self.statements
                             if not s.op.startswith(("create.", "setup"))}))
