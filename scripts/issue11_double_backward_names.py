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

import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _sample_sides  # noqa: E402 - a sibling module

from tests.double_backward_names import REFERENCE_PATH, differences, record  # noqa: E402

KNOWN_PATH = "tests/reference/double_backward_known.py"
KNOWN_DOCSTRING = [
    '"""Samples whose double-backward grad_fn names still differ from torch\'s, as',
    "(torch's name, ember's name): written by scripts/issue11_double_backward_names.py",
    "--write, checked by tests/test_double_backward_names.py. Grouped by torch's name;",
    'see that test for why each group is left."""']


def report(found: dict, ours: dict) -> None:
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


if __name__ == "__main__":
    _sample_sides.main(__file__, __doc__.splitlines()[0], record, differences, report,
                       REFERENCE_PATH, KNOWN_PATH, KNOWN_DOCSTRING,
                       known_order=lambda item: (str(item[1][0]), item[0]))
