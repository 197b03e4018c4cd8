"""Backward formulas for a batch of gradients: many cotangents pushed through a graph at once.

A Jacobian is one vector-Jacobian product per output element. Rather than one backward pass
per row, `autograd/batched.py` pushes all rows through the graph together: every gradient
array gets a leading batch dimension. For most ops nothing changes: an elementwise formula
(`g * cos(x)`) broadcasts a gradient of shape (B, *out) against saved values of shape
(*out) as it is, and the engine undoes broadcasting below the batch dimension. Only
formulas that address dimensions or shapes must know about the batch; they are written
again in this package (one module per family of ops), for arrays only, with every
dimension moved one place to the right.

`batched_formula(op)` says how an op's gradient is batched: its own formula (elementwise
ops with array formulas), a rule from this package, or None (the Jacobian then falls back to
one backward pass per row). tests/test_batched_jacobians.py compares the batched and the
per-row results for every op of the table.
"""

from __future__ import annotations

from .._registry import OPS
from . import (  # noqa: F401 - register the rules
    backward_primitives,
    conv,
    indexing,
    nn,
    normalization,
    products,
    reductions,
    shapes,
)
from ._common import (
    DECLINING,
    ELEMENTWISE_MODULES,
    ELEMENTWISE_OPS,
    FROM_THE_END_OPS,
    RULES,
    Decline,
    batched_formula,
    rule,
    sum_below_batch,
)

__all__ = ["batched_formula", "rule", "Decline", "DECLINING", "ELEMENTWISE_MODULES",
           "ELEMENTWISE_OPS", "FROM_THE_END_OPS", "RULES", "sum_below_batch", "_check_names"]


def _check_names() -> None:
    """Every rule names an op of the table (called by the tests)."""
    unknown = sorted(set(RULES) - set(OPS))
    if unknown:
        raise AssertionError(f"batched rules for ops that do not exist: {unknown}")
