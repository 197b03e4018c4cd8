"""Shrink a failing program: drop statements while the same difference persists.

Dropping a statement that a later one needs makes both libraries raise NameError at the
same place, which is no difference, so such a drop is refused by itself. The result is
1-minimal: no single statement can be dropped without losing the difference.
"""

from __future__ import annotations

from collections.abc import Callable

from .compare import Difference
from .program import Program


def shrink(program: Program, keys_of: Callable[[Program], set[str]], key: str,
           budget: int = 200) -> Program:
    """The smallest program found (at most `budget` runs) whose differences still include
    `key`; `keys_of(program)` runs a program on both sides and returns its difference keys."""
    changed = True
    while changed and budget > 0:
        changed = False
        for index in reversed(range(len(program.statements))):
            if budget <= 0 or index >= len(program.statements):
                break
            candidate = program.without(index)
            budget -= 1
            if key in keys_of(candidate):
                program, changed = candidate, True
    return program


def pasteable(program: Program, difference: Difference | None = None) -> str:
    """The program as source to paste, with prints of what differs (nan and inf defined
    when it uses them)."""
    source = program.source()
    if ("nan" in source or "inf" in source) and "nan, inf = " not in source:
        source = "nan, inf = float('nan'), float('inf')\n" + source
    lines = [source.rstrip("\n")]
    if difference is not None and ":" in difference.where:
        name = difference.where.split(":", 1)[1].strip().split("[")[0]
        attribute = ""
        if name.endswith(".grad"):
            name, attribute = name[:-5], ".grad"
        if difference.field == "grad" or attribute:
            lines.append(f"print({name}.grad)")
        else:
            lines.append(f"print({name})")
    return "\n".join(lines) + "\n"
