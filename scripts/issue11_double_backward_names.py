"""Compare the grad_fn names of first derivatives taken with create_graph=True (issue 11, rc12).

torch's backward formulas often end in a dedicated backward kernel (sigmoid's gradient is
`sigmoid_backward(grad, result)`, recorded as SigmoidBackwardBackward0), so the gradient a
user gets from `torch.autograd.grad(y, x, create_graph=True)` carries that node's name.
For every op sample of tests/samples, tests/double_backward_names.py records the names of
the first derivatives (with a constant cotangent, and with one that requires grad) under
real torch (the sample modules imported with `ember` bound to torch, in a second process)
and under ember; this script prints the differences grouped by torch's name.

    .venv/bin/python scripts/issue11_double_backward_names.py            # the differences
    .venv/bin/python scripts/issue11_double_backward_names.py --op sigmoid
    .venv/bin/python scripts/issue11_double_backward_names.py --write

`--write` stores torch's names in tests/reference/double_backward_names.json and the
differences left in tests/reference/double_backward_known.py, which
tests/test_double_backward_names.py checks ember against without torch (a new difference
fails, and so does a known one that went away until the list is written again).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from issue11_grad_fn_names import _bind_torch_as_ember  # noqa: E402 - a sibling script

from tests.double_backward_names import REFERENCE_PATH, differences, record  # noqa: E402

KNOWN_PATH = "tests/reference/double_backward_known.py"


def collect_side(which: str, only: str | None) -> dict:
    """Every sample on one side ('torch' or 'ember'): {op: [record per sample]}."""
    if which == "torch":
        _bind_torch_as_ember()
    else:
        sys.path.insert(0, str(REPO / "src"))
    import ember  # torch itself in the torch process
    from tests.samples import collect

    return {name: [record(ember, sample) for sample in samples]
            for name, samples in sorted(collect().items()) if only in (None, name)}


def torch_side(torch_python: str, only: str | None) -> dict:
    command = [torch_python, __file__, "--side", "torch"] + (["--op", only] if only else [])
    return json.loads(subprocess.run(command, capture_output=True, text=True, check=True,
                                     cwd=REPO).stdout)


def _known_module(found: dict) -> str:
    lines = ['"""Samples whose double-backward grad_fn names still differ from torch\'s, as',
             "(torch's name, ember's name): written by scripts/issue11_double_backward_names.py",
             "--write, checked by tests/test_double_backward_names.py. Grouped by torch's name;",
             'see that test for why each group is left."""', "",
             "KNOWN: dict[str, tuple] = {"]
    for key, (theirs, ours) in sorted(found.items(), key=lambda item: (str(item[1][0]),
                                                                       item[0])):
        line = f"    {key!r}: ({theirs!r}, {ours!r}),"
        if len(line) > 100:
            line = f"    {key!r}:\n        ({theirs!r}, {ours!r}),"
        lines.append(line)
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", choices=("torch", "ember"), help=argparse.SUPPRESS)
    parser.add_argument("--op", help="only the samples of this op")
    parser.add_argument("--write", action="store_true",
                        help=f"record torch's names in {REFERENCE_PATH} and the differences "
                             f"in {KNOWN_PATH}")
    parser.add_argument("--torch-python", default=sys.executable)
    args = parser.parse_args()
    if args.side:
        json.dump(collect_side(args.side, args.op), sys.stdout)
        return
    if args.write and args.op:
        parser.error("--write records every op; leave out --op")
    theirs = torch_side(args.torch_python, args.op)
    ours = collect_side("ember", args.op)
    found = differences(ours, theirs)
    by_torch_name: dict[str, list] = defaultdict(list)
    for key, (reference, mine) in found.items():
        by_torch_name[str(reference)].append(f"{key}: ember {mine}")
    for reference, where in sorted(by_torch_name.items(), key=lambda item: -len(item[1])):
        print(f"{reference} ({len(where)}):")
        for line in where:
            print(f"    {line}")
    compared = sum(len(r[k]) for records in ours.values() for r in records
                   for k in ("grads", "chained") if isinstance(r.get(k), list))
    print(f"{len(found)} of {compared} names differ, in "
          f"{len({k.split('.')[0] for k in found})} samples of "
          f"{len({k.split('[')[0] for k in found})} ops")
    if args.write:
        rows = [f"{json.dumps(name)}: {json.dumps(records)}"  # one line per op
                for name, records in sorted(theirs.items())]
        (REPO / REFERENCE_PATH).write_text("{\n" + ",\n".join(rows) + "\n}\n")
        (REPO / KNOWN_PATH).write_text(_known_module(found))
        print(f"wrote {REFERENCE_PATH} and {KNOWN_PATH}")


if __name__ == "__main__":
    main()
