"""Triage: which known cause explains a difference.

Issue 11 names its open root causes by symptom (9: writes into expanded tensors, 10: uint8
with negative numbers, 11: valid code that fails, 12: grad_fn names, 13: lost
requires_grad, 14: code torch rejects, 15: NumPy's exception types, 16: NumPy's warnings),
so most rules here read the symptom; a few name a specific op. `classify` returns the first
matching cause, or None: an *unexplained* difference, which someone must look at. Causes
marked deliberate are listed in docs/differences.md with their reasons.
"""

from __future__ import annotations

import re

from .compare import Difference
from .program import Program

# (label, field regex, summary regex, op regex, source regex); every regex must match
# (an empty one matches anything). The first matching rule wins.
RULES: list[tuple[str, str, str, str, str]] = [
    # deliberate, or outside issue 11
    ("deliberate: tie order of topk/kthvalue/median indices (unspecified in torch)",
     "values", "int64", r"sort\.(topk|kthvalue)|reduce\.(median|max|min|mode)", ""),
    ("issue 12: float64 normal draws differ in the last bit", "values", "float64",
     r"create\.randn", ""),
    ("deliberate: torch returns a tensor without storage for a second derivative that is "
     "all zeros", "kind", "RuntimeError -> tensor", r"autograd|linalg", ""),
    ("open: the sign of zero where +0 and -0 tie (clamp to 0, amin/amax)", "signed_zero",
     "", r"clamp|amin|amax|max|min", ""),
    # open root causes of issue 11
    ("rc09: in-place writes into expand()ed tensors", "error", "", r"expand|view\.expand", ""),
    ("rc16: NumPy floating-point warnings reach users", "warning", "", "", ""),
    ("rc12: views created under no_grad and written in place (torch forbids their use; "
     "AsStridedBackward0 after writes)", "kind", r"RuntimeError -> tensor", r"^view\.", ""),
    ("rc12: views created under no_grad and written in place (torch forbids their use; "
     "AsStridedBackward0 after writes)", "grad_fn", r"AsStridedBackward0", "", ""),
    ("rc12: grad_fn names", "grad_fn", "", "", ""),
    ("rc13: results that require grad in torch do not in ember", r"requires_grad|is_leaf",
     r"True -> False|False -> True", "", ""),
    ("rc10: uint8 with negative numbers", "error|values", "", "", r"(?s)uint8.*[(\[, =]-\d"),
    ("rc14: in place on outputs of unbind/split/chunk (torch raises)", "error|kind",
     "", r"view\.(unbind|split|chunk)|shape\.(unbind|split|chunk)", ""),
    ("rc14: code torch rejects, ember accepts", "error", r"-> None$", "", ""),
    ("rc11: valid torch code that fails in ember", "error", r"^None ->", "", ""),
    ("rc15: NumPy's exception types leak (or another type than torch's)", "error", "", "", ""),
]


def culprit(program: Program, difference: Difference) -> str:
    """The op a difference is blamed on: the statement where it shows, unless that is an
    autograd call or the end of the program (then the ops of the program)."""
    where = difference.where
    op = None
    if where.startswith("statement "):
        index = int(where.split()[1].rstrip(":"))
        if index < len(program.statements):
            op = program.statements[index].op
    elif where.startswith("end: ") and ".grad" not in where:
        name = where[5:].split("[")[0]
        for statement in program.statements:
            if name in statement.shows:
                op = statement.op
    if op is None or op.startswith(("autograd.", "setup")) or difference.field == "grad":
        ops = [o for o in program.ops() if not o.startswith("autograd.")]
        return " ".join(ops) or op or "creation"
    return op


def classify(program: Program, difference: Difference, op: str) -> str | None:
    """The label of the known cause of `difference` (blamed on `op`), or None."""
    source = program.source()
    for label, field, summary, op_pattern, source_pattern in RULES:
        if (re.search(field, difference.field) and re.search(summary, difference.summary)
                and re.search(op_pattern, op) and re.search(source_pattern, source)):
            return label
    return None
