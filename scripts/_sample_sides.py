"""What the scripts comparing every op sample with torch share
(issue11_double_backward_names.py, record_saved_inputs.py).

Each records something about every sample of tests/samples twice: under real torch (a
second process, the sample modules' `import ember` bound to torch) and under ember. Without
--write it prints the differences; with --write it stores torch's records as JSON and the
differences left as a Python module of KNOWN entries, which a test checks ember against
without torch."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from issue11_grad_fn_names import _bind_torch_as_ember  # noqa: E402 - a sibling script


def collect_side(record: Callable, which: str, only: str | None) -> dict:
    """Every sample on one side ('torch' or 'ember'): {op: [record per sample]}."""
    if which == "torch":
        _bind_torch_as_ember()
    else:
        sys.path.insert(0, str(REPO / "src"))
    import ember  # torch itself in the torch process
    from tests.samples import collect

    return {name: [record(ember, sample) for sample in samples]
            for name, samples in sorted(collect().items()) if only in (None, name)}


def known_module(docstring: list[str], found: dict, order: Callable | None = None) -> str:
    """The module listing the differences left: KNOWN = {key: (torch's, ember's)}."""
    lines = [*docstring, "", "KNOWN: dict[str, tuple] = {"]
    for key, (theirs, ours) in sorted(found.items(), key=order):
        line = f"    {key!r}: ({theirs!r}, {ours!r}),"
        if len(line) > 100:
            line = f"    {key!r}:\n        ({theirs!r}, {ours!r}),"
        lines.append(line)
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(script: str, description: str, record: Callable, differences: Callable,
         report: Callable, reference_path: str, known_path: str, known_docstring: list[str],
         known_order: Callable | None = None) -> None:
    """The command line: `--side` (the torch process's part), `--op`, `--write`.
    `report(found, ours)` prints the differences found."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--side", choices=("torch", "ember"), help=argparse.SUPPRESS)
    parser.add_argument("--op", help="only the samples of this op")
    parser.add_argument("--write", action="store_true",
                        help=f"record torch's side in {reference_path} and the differences "
                             f"in {known_path}")
    parser.add_argument("--torch-python", default=sys.executable)
    args = parser.parse_args()
    if args.side:
        json.dump(collect_side(record, args.side, args.op), sys.stdout)
        return
    if args.write and args.op:
        parser.error("--write records every op; leave out --op")
    command = [args.torch_python, script, "--side", "torch"] + (
        ["--op", args.op] if args.op else [])
    theirs = json.loads(subprocess.run(command, capture_output=True, text=True, check=True,
                                       cwd=REPO).stdout)
    ours = collect_side(record, "ember", args.op)
    found = differences(ours, theirs)
    report(found, ours)
    if args.write:
        rows = [f"{json.dumps(name)}: {json.dumps(records)}"  # one line per op
                for name, records in sorted(theirs.items())]
        (REPO / reference_path).write_text("{\n" + ",\n".join(rows) + "\n}\n")
        (REPO / known_path).write_text(known_module(known_docstring, found, known_order))
        print(f"wrote {reference_path} and {known_path}")
