"""Which inputs an op's node keeps, seen through the version check, for one op sample.

Shared by scripts/record_saved_inputs.py (which runs it under torch too, with the module
`torch` passed in place of `ember`) and tests/test_saved_inputs.py.

torch's nodes keep an input only when a gradient that reads it is wanted (mul keeps `self`
only if `other` requires grad). A kept input written in place after the forward makes the
backward refuse ("... modified by an inplace operation"); one that is not kept can be
written freely. So for each configuration of what requires grad - each float64 input alone
(the others plain), and all of them together - and for each tensor input j (and the
sample's result), the sample runs forward, j is written in place under no_grad with its
values unchanged (a version bump only), and the result is differentiated:
    {"only<i>" | "all": {"-" (nothing written) | "<j>" | "out": outcome}}
An outcome is "ok", "no grad" (the result does not require grad), or the exception's type,
suffixed ":inplace" for the modified-by-an-inplace-operation error.
"""

from __future__ import annotations

import numpy as np

REFERENCE_PATH = "tests/reference/saved_inputs.json"
_INPLACE_ERROR = "modified by an inplace operation"


def _outcome(error: BaseException) -> str:
    name = type(error).__name__
    return f"{name}:inplace" if _INPLACE_ERROR in str(error) else name


def _bump(module, tensor) -> None:
    """A version bump that keeps the values (and works for every dtype)."""
    with module.no_grad():
        tensor.copy_(tensor.detach().clone())


def _run(module, sample, wanted: set, target) -> str:
    tensors = []
    for i, value in enumerate(sample.inputs):
        if isinstance(value, np.ndarray):
            tensors.append(module.tensor(value.copy(), requires_grad=i in wanted))
        else:
            tensors.append(value)
    try:
        module.manual_seed(0)
        out = sample.fn(*tensors)
    except Exception as error:  # noqa: BLE001 - a difference to report, not to hide
        return f"forward {_outcome(error)}"
    out = out[0] if isinstance(out, tuple) else out
    if not getattr(out, "requires_grad", False):
        return "no grad"
    try:
        if target == "out":
            _bump(module, out)
        elif target is not None:
            _bump(module, tensors[target])
    except Exception as error:  # noqa: BLE001
        return f"write {_outcome(error)}"
    try:
        out.backward(module.ones_like(out))
    except Exception as error:  # noqa: BLE001
        return _outcome(error)
    return "ok"


def record(module, sample) -> dict:
    """The outcomes for one sample under `module` (ember, or torch bound in its place)."""
    arrays = [i for i, value in enumerate(sample.inputs) if isinstance(value, np.ndarray)]
    floats = [i for i in arrays
              if sample.inputs[i].dtype == np.float64 and i not in sample.nondiff]
    configurations = {f"only{i}": {i} for i in floats}
    if len(floats) > 1:
        configurations["all"] = set(floats)
    result: dict = {}
    for key, wanted in configurations.items():
        result[key] = {("-" if target is None else str(target)): _run(module, sample, wanted,
                                                                       target)
                       for target in (None, *arrays, "out")}
    return result


def differences(ours: dict, theirs: dict) -> dict[str, tuple]:
    """{"op[sample].configuration.target": (torch's outcome, ember's)} for each that differs."""
    found = {}
    for name, records in sorted(ours.items()):
        for index, (mine, reference) in enumerate(zip(records, theirs.get(name, []))):
            for key in sorted(set(mine) | set(reference)):
                a, b = reference.get(key, {}), mine.get(key, {})
                for target in sorted(set(a) | set(b)):
                    if a.get(target) != b.get(target):
                        found[f"{name}[{index}].{key}.{target}"] = (a.get(target),
                                                                     b.get(target))
    return found
