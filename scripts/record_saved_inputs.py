"""Compare which inputs ember's nodes keep with torch's, for every op sample.

For every op sample of tests/samples, tests/saved_inputs.py runs the sample with each float
input alone requiring grad (and all together), writes one tensor input (or the result) in
place under no_grad without changing its values, and differentiates: a node that kept what
was written refuses ("modified by an inplace operation"), one that did not runs. This is
done under real torch (the sample modules imported with `ember` bound to torch, in a second
process) and under ember; the script prints the differences.

    .venv/bin/python scripts/record_saved_inputs.py            # the differences
    .venv/bin/python scripts/record_saved_inputs.py --op mul
    .venv/bin/python scripts/record_saved_inputs.py --write

`--write` stores torch's outcomes in tests/reference/saved_inputs.json and the differences
left in tests/reference/saved_inputs_known.py, which tests/test_saved_inputs.py checks
ember against without torch (a new difference fails, and so does a known one that went
away until the list is written again).
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

from tests.saved_inputs import REFERENCE_PATH, differences, record  # noqa: E402

KNOWN_PATH = "tests/reference/saved_inputs_known.py"


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
    lines = ['"""Op samples whose outcome after an input written in place still differs from',
             "torch's, as (torch's outcome, ember's): written by scripts/record_saved_inputs.py",
             "--write, checked by tests/test_saved_inputs.py (see that test for why each is",
             'left)."""', "",
             "KNOWN: dict[str, tuple] = {"]
    for key, (theirs, ours) in sorted(found.items()):
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
                        help=f"record torch's outcomes in {REFERENCE_PATH} and the differences "
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
    by_op: dict[str, list] = defaultdict(list)
    for key, (reference, mine) in found.items():
        by_op[key.split("[")[0]].append(f"{key}: torch {reference}, ember {mine}")
    for name, where in sorted(by_op.items()):
        print(f"{name} ({len(where)}):")
        for line in where:
            print(f"    {line}")
    compared = sum(len(runs) for records in ours.values() for r in records
                   for runs in r.values())
    samples = sum(len(records) for records in ours.values())
    print(f"{len(found)} of {compared} outcomes differ, in "
          f"{len({k.split('.')[0] for k in found})} of {samples} samples, "
          f"{len(by_op)} of {len(ours)} ops")
    if args.write:
        rows = [f"{json.dumps(name)}: {json.dumps(records)}"  # one line per op
                for name, records in sorted(theirs.items())]
        (REPO / REFERENCE_PATH).write_text("{\n" + ",\n".join(rows) + "\n}\n")
        (REPO / KNOWN_PATH).write_text(_known_module(found))
        print(f"wrote {REFERENCE_PATH} and {KNOWN_PATH}")


if __name__ == "__main__":
    main()
