"""Run a program with ``torch`` bound to a module and record what it showed, as JSON data.

The record of a run (an *observation*):

- ``steps``: per statement run, the snapshots of the variables it names in ``shows``;
- ``error``: ``{"at": index, "type": name}`` of the first exception (the run stops there);
- ``finals``: snapshots of the program's variables at the end, with their ``.grad``;
- ``warnings``: the floating-point warnings (RuntimeWarning) the program raised, which a
  user recording warnings would see (torch raises none).

A tensor's snapshot holds its dtype, shape, requires_grad, is_leaf, grad_fn name, values
(nested lists; nan and infinities as strings; a complex number as its [re, im] pair)
and repr; tuples, named tuples, sizes and Python numbers are recorded by kind. Everything
is plain data, so torch's observations can be stored in the corpus and compared with
ember's later without torch.
"""

from __future__ import annotations

import math
import warnings
from types import ModuleType
from typing import Any

from .program import Program


def _encode(values: Any) -> Any:
    if isinstance(values, (list, tuple)):
        return [_encode(v) for v in values]
    if isinstance(values, float) and not math.isfinite(values):
        return str(values)
    if isinstance(values, complex):  # (JSON has no complex numbers: a [re, im] pair)
        return [_encode(values.real), _encode(values.imag)]
    return values


def snapshot(value: Any, torch: ModuleType, with_grad: bool = False) -> dict[str, Any]:
    """What a user could see of `value`, as JSON data."""
    try:
        if isinstance(value, torch.Tensor):
            shot = {"kind": "tensor", "dtype": str(value.dtype).removeprefix("torch."),
                    "shape": list(value.shape), "requires_grad": bool(value.requires_grad),
                    "is_leaf": bool(value.is_leaf),
                    "grad_fn": None if value.grad_fn is None else type(value.grad_fn).__name__,
                    "values": _encode(value.detach().tolist()), "repr": repr(value)}
            if with_grad:
                grad = value.grad if value.is_leaf or value.retains_grad else None
                shot["grad"] = None if grad is None else snapshot(grad, torch)
            return shot
        if isinstance(value, (bool, int, float, complex)):
            return {"kind": "number", "type": type(value).__name__, "value": _encode(value)}
        if isinstance(value, (tuple, list)):
            return {"kind": type(value).__name__,
                    "items": [snapshot(item, torch) for item in value]}
        if value is None:
            return {"kind": "None"}
        return {"kind": "other", "type": type(value).__name__}
    except Exception as error:  # noqa: BLE001 - a failing repr/tolist is an observation too
        return {"kind": "snapshot_error", "type": type(error).__name__,
                "message": str(error)[:300]}


def run_program(torch: ModuleType, program: Program) -> dict[str, Any]:
    """Run `program` with ``torch`` bound to `torch`; return its observation."""
    namespace: dict[str, Any] = {"torch": torch, "__name__": "__differential__"}
    steps: list[dict[str, Any]] = []
    error = None
    fp_warnings: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for index, statement in enumerate(program.statements):
            try:
                exec(compile(statement.source, f"<statement {index}>", "exec"), namespace)
            except Exception as exc:  # noqa: BLE001 - the exception's type is the observation
                error = {"at": index, "type": type(exc).__name__}
                break
            steps.append({name: snapshot(namespace[name], torch)
                          for name in statement.shows if name in namespace})
        finals = {name: snapshot(namespace[name], torch, with_grad=True)
                  for name in program.finals if name in namespace}
        for warning in caught:
            if issubclass(warning.category, RuntimeWarning):
                text = f"{warning.category.__name__}: {warning.message}"
                if text not in fp_warnings:
                    fp_warnings.append(text)
    return {"steps": steps, "error": error, "finals": finals, "warnings": fp_warnings}


def reset_global_state(torch: ModuleType) -> None:
    """torch's defaults, whatever a previous program changed."""
    torch.set_default_dtype(torch.float32)
    torch.set_grad_enabled(True)
    torch.set_printoptions(profile="default")
