"""Compare the grad_fn names ember records with torch's, for every op sample (issue 11, item 12).

Every sample of tests/samples runs once under ember and once under real torch (the sample
modules are imported with `ember` bound to torch in the torch process). For each sample
the script records the result's grad_fn name, the names of every node of its graph, and
the grad_fn of the sample's in-place form on a non-leaf copy; then it prints each sample
whose names differ, with the difference.

    .venv/bin/python scripts/issue11_grad_fn_names.py          # needs /work/torchenv
    .venv/bin/python scripts/issue11_grad_fn_names.py --op sort --all

`--torch-python` names the interpreter that has torch (default /work/torchenv/bin/python).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _bind_torch_as_ember() -> None:
    """In the torch process: sample modules say `import ember` and mean torch (constants
    they import from ember's own modules still come from ember)."""
    sys.path.insert(0, str(REPO / "src"))
    import torch
    import torch.nn.functional

    import ember.ops.nn_activation  # noqa: F401 - kept in sys.modules for the samples
    import ember.ops.nn_padding  # noqa: F401

    sys.modules["ember"] = torch
    sys.modules["ember.nn"] = torch.nn
    sys.modules["ember.nn.functional"] = torch.nn.functional


def _graph_names(root) -> list[str]:
    """The type names of every node reachable from `root` (each node once)."""
    seen, stack, names = set(), [root], []
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        names.append(type(node).__name__)
        stack.extend(child for child, _ in node.next_functions)
    return sorted(names)


def _record(torch, sample) -> dict:
    import numpy as np

    def tensors(leaf_grad: bool) -> list:
        made = []
        for i, value in enumerate(sample.inputs):
            if not isinstance(value, np.ndarray):
                made.append(value)
                continue
            wants = value.dtype == np.float64 and i not in sample.nondiff and leaf_grad
            made.append(torch.tensor(value.copy(), requires_grad=wants))
        return made

    record: dict = {}
    try:
        torch.manual_seed(0)
        out = sample.fn(*tensors(True))
        out = out[0] if isinstance(out, tuple) else out
        node = getattr(out, "grad_fn", None)
        record["root"] = type(node).__name__ if node is not None else None
        record["graph"] = _graph_names(node) if node is not None else []
    except Exception as error:  # noqa: BLE001 - a difference to report, not to hide
        record["error"] = type(error).__name__
    if sample.inplace:
        try:
            made = tensors(True)
            target = made[0] * 1 if getattr(made[0], "requires_grad", False) else made[0]
            result = getattr(target, sample.inplace)(*made[1:], *sample.inplace_args,
                                                     **sample.inplace_kwargs)
            node = result.grad_fn
            record["inplace"] = type(node).__name__ if node is not None else None
        except Exception as error:  # noqa: BLE001
            record["inplace_error"] = type(error).__name__
    return record


def collect_side(which: str, only: str | None) -> dict:
    """Run every sample on one side ('torch' or 'ember'); {op: [record per sample]}."""
    sys.path.insert(0, str(REPO))
    if which == "torch":
        _bind_torch_as_ember()
    import ember  # torch itself in the torch process
    from tests.samples import collect

    records = {}
    for name, samples in sorted(collect().items()):
        if only is not None and name != only:
            continue
        records[name] = [_record(ember, sample) for sample in samples]
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", choices=("torch", "ember"), help=argparse.SUPPRESS)
    parser.add_argument("--op", help="only the samples of this op")
    parser.add_argument("--all", action="store_true", help="also print samples that agree")
    parser.add_argument("--torch-python", default="/work/torchenv/bin/python")
    args = parser.parse_args()
    if args.side:
        json.dump(collect_side(args.side, args.op), sys.stdout)
        return
    command = ["--side", "torch"] + (["--op", args.op] if args.op else [])
    torch_side = json.loads(subprocess.run(
        [args.torch_python, __file__, *command], capture_output=True, text=True,
        check=True, cwd=REPO).stdout)
    ember_side = collect_side("ember", args.op)
    differing = Counter()
    for name, records in ember_side.items():
        for index, (ours, theirs) in enumerate(zip(records, torch_side.get(name, []))):
            if ours == theirs and not args.all:
                continue
            if ours != theirs:
                differing[name] += 1
            print(f"{name}[{index}]:")
            for key in sorted(set(ours) | set(theirs)):
                if ours.get(key) != theirs.get(key) or args.all:
                    print(f"    {key}: torch {theirs.get(key)}  ember {ours.get(key)}")
    print(f"{sum(differing.values())} samples of {len(differing)} ops differ")


if __name__ == "__main__":
    main()
