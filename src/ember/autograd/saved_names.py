"""torch's `grad_fn._saved_<name>` attributes: what a node saved, under torch's names.

Autograd tutorials print `y.grad_fn._saved_self` or check `y.grad_fn._saved_result is y`.
A node keeps its saved values in the order of its op's `saves` (input positions, or OUT
for the op's own output); this module names those positions as torch does. torch's
argument names differ between ops (`other` of mul, `mat2` of mm, `exponent` of pow), so
only the ops listed below and the one-input ops (a saved input is `self`, a saved
output `result`) are named; other names raise AttributeError, as a name the node does
not have does in torch.
"""

from __future__ import annotations

import math
from typing import Any

from .. import _creation, _dtype

OUT = "out"  # the ops' marker for their own output in `saves` (ops/_registry.py)

# grad_fn name -> torch's name for each position of the op's `saves`.
_SAVED_NAMES: dict[str, tuple[str, ...]] = {
    "MulBackward0": ("self", "other"),
    "DivBackward0": ("self", "other"),
    "MaximumBackward0": ("self", "other"),
    "MinimumBackward0": ("self", "other"),
    "FmaxBackward0": ("self", "other"),
    "FminBackward0": ("self", "other"),
    "Atan2Backward0": ("self", "other"),
    "HypotBackward0": ("self", "other"),
    "MmBackward0": ("self", "mat2"),
    "BmmBackward0": ("self", "mat2"),
    "DotBackward0": ("self", "tensor"),
    "PowBackward1": ("self", "exponent", "result"),
    "MaxBackward1": ("self", "result"),
    "MinBackward1": ("self", "result"),
}

# grad_fn name -> torch's name for each of the node's non-tensor params kept as saved
# (None: a param torch keeps under no name, or differently). Dims are not named: ember
# keeps them made non-negative, torch as they were passed.
_PARAM_NAMES: dict[str, tuple[str | None, ...]] = {
    "PowBackward0": ("exponent",),
    "ClampBackward1": ("min", "max"),
    "SumBackward1": (None, None, "keepdim"),
    "MeanBackward1": (None, None, "keepdim"),
    "MaxBackward0": (None, "keepdim"),
    "MinBackward0": (None, "keepdim"),
}

# Nodes that keep their input's shape as torch's `_saved_self_sym_sizes` (and a mean's
# element count as `_saved_self_sym_numel`): ember has it in the node's input metadata or,
# for squeeze, as its last param.
_SIZES_KEPT = frozenset({
    "SumBackward0", "SumBackward1", "MeanBackward0", "MeanBackward1", "ViewBackward0",
    "ExpandBackward0", "SelectBackward0", "MaxBackward0", "MinBackward0", "SqueezeBackward0",
    "SqueezeBackward1", "SqueezeBackward2",
})


def _input_sizes(node: Any, kind: str) -> tuple[int, ...] | None:
    if kind not in _SIZES_KEPT:
        return None
    if kind.startswith("Squeeze"):
        return tuple(node.params[-1])
    meta = node.input_meta
    return tuple(meta[0][0]) if meta else None


def _as_torch_saves(value: Any) -> Any:
    """A number saved in place of a tensor operand, as torch's wrapped-number tensor."""
    if isinstance(value, bool):
        return _creation.tensor(value)
    if isinstance(value, int):
        return _creation.tensor(value, dtype=_dtype.int64)
    if isinstance(value, float):
        return _creation.tensor(value, dtype=_dtype.float64)
    if isinstance(value, complex):
        return _creation.tensor(value, dtype=_dtype.complex128)
    return value


def _names_of(node: Any) -> tuple[str, ...] | None:
    op = getattr(node, "op", None)
    saves = getattr(op, "saves", None)
    if not saves:
        return None
    names = _SAVED_NAMES.get(op.grad_fn_name)
    if names is not None:
        return names if len(names) == len(saves) else None
    # A one-input op: its input is torch's `self`, its output `result`.
    if len(saves) == 1:
        return ("result",) if saves[0] == OUT else ("self",) if saves[0] == 0 else None
    return None


def saved_attribute(node: Any, name: str) -> Any:
    """The value of `node._saved_<name>`; AttributeError where torch's node has none (or
    ember cannot tell which of its saved values torch's name means)."""
    wanted = name[len("_saved_"):]
    names = _names_of(node)
    if names is not None and wanted in names:
        # Checked like the backward's own unpacking: freed by a backward, or modified in
        # place since, raises torch's error.
        return _as_torch_saves(node._checked_saved()[names.index(wanted)])
    op = getattr(node, "op", None)
    kind = getattr(op, "grad_fn_name", None)
    params = _PARAM_NAMES.get(kind, ())
    if wanted in params:
        return node.params[params.index(wanted)]
    if wanted in ("self_sym_sizes", "self_sym_numel"):
        sizes = _input_sizes(node, kind)
        if sizes is not None and (wanted == "self_sym_sizes" or kind.startswith("Mean")):
            return sizes if wanted == "self_sym_sizes" else math.prod(sizes)
    raise AttributeError(f"'{type(node).__name__}' object has no attribute '{name}'")
