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

import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _sample_sides  # noqa: E402 - a sibling module

from tests.saved_inputs import REFERENCE_PATH, differences, record  # noqa: E402

KNOWN_PATH = "tests/reference/saved_inputs_known.py"
KNOWN_DOCSTRING = [
    '"""Op samples whose outcome after an input written in place still differs from',
    "torch's, as (torch's outcome, ember's): written by scripts/record_saved_inputs.py",
    "--write, checked by tests/test_saved_inputs.py (see that test for why each is",
    'left)."""']


def report(found: dict, ours: dict) -> None:
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


if __name__ == "__main__":
    _sample_sides.main(__file__, __doc__.splitlines()[0], record, differences, report,
                       REFERENCE_PATH, KNOWN_PATH, KNOWN_DOCSTRING)
