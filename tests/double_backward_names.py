"""The grad_fn names of first derivatives taken with create_graph=True, for one op sample.

Shared by scripts/issue11_double_backward_names.py (which runs it under torch too, with the
module `torch` passed in place of `ember`) and tests/test_double_backward_names.py.

For each float64 or complex128 input that requires grad (the op tests' rule), the sample's
result is differentiated with create_graph=True, twice:
- "grads": with a cotangent of ones that requires no grad (`y.sum()` then grad, the usual
  case): the gradient's node is the last op of the op's backward formula that involves a
  saved value requiring grad;
- "chained": with a cotangent that requires grad itself (the op inside a longer graph,
  whose later formulas made the incoming gradient depend on the inputs).
Each name is the gradient's `type(grad_fn).__name__`, "" for a gradient that does not
require grad, None for an unused input.
"""

from __future__ import annotations

import numpy as np

REFERENCE_PATH = "tests/reference/double_backward_names.json"
_DIFFERENTIABLE = (np.dtype(np.float64), np.dtype(np.complex128))


def _names(grads) -> list:
    names = []
    for grad in grads:
        if grad is None:
            names.append(None)
        else:
            names.append(type(grad.grad_fn).__name__ if grad.grad_fn is not None else "")
    return names


def record(module, sample) -> dict:
    """The names for one sample under `module` (ember, or torch bound in its place)."""
    tensors, wrt = [], []
    for i, value in enumerate(sample.inputs):
        if not isinstance(value, np.ndarray):
            tensors.append(value)
            continue
        wants = value.dtype in _DIFFERENTIABLE and i not in sample.nondiff
        tensor = module.tensor(value.copy(), requires_grad=wants)
        tensors.append(tensor)
        if wants:
            wrt.append(tensor)
    if not wrt:
        return {}
    result: dict = {}
    for key in ("grads", "chained"):
        try:
            module.manual_seed(0)
            out = sample.fn(*tensors)
            out = out[0] if isinstance(out, tuple) else out
            if not getattr(out, "requires_grad", False):
                return {"result": "no grad"}
            cotangent = module.ones_like(out)
            if key == "chained":
                cotangent.requires_grad_()
            grads = module.autograd.grad(out, wrt, grad_outputs=cotangent,
                                         create_graph=True, allow_unused=True)
        except Exception as error:  # noqa: BLE001 - a difference to report, not to hide
            result[key] = type(error).__name__
            continue
        result[key] = _names(grads)
    return result


def differences(ours: dict, theirs: dict) -> dict[str, tuple]:
    """{"op[sample].key[input]": (torch's name, ember's name)} for each name that differs
    (a whole record, "op[sample].key", where one side raised)."""
    found = {}
    for name, records in sorted(ours.items()):
        for index, (mine, reference) in enumerate(zip(records, theirs.get(name, []))):
            for key in sorted(set(mine) | set(reference)):
                a, b = reference.get(key), mine.get(key)
                if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
                    for position, (x, y) in enumerate(zip(a, b)):
                        if x != y:
                            found[f"{name}[{index}].{key}[{position}]"] = (x, y)
                elif a != b:
                    found[f"{name}[{index}].{key}"] = (a, b)
    return found
