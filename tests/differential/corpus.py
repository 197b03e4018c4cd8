"""The committed corpus: programs with torch's observations stored as data.

    PYTHONPATH=src /work/torchenv/bin/python -m tests.differential.corpus          # record
    python -m tests.differential.corpus --triage        # the cases ember fails, with causes
    python -m tests.differential.corpus --write-known   # ... written to known_failures.py

The corpus holds the reproducers of issue 11's root causes (`reproducers.py`) and the
random programs ``generate(f"corpus:{i}")`` for ``i < RANDOM_PROGRAMS``. ``test_corpus.py``
replays each on ember without torch; the cases in `known_failures.KNOWN` are expected to
fail (strictly: once one passes, the test says so and the entry must go).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .execute import reset_global_state, run_program
from .generator import generate
from .program import Program
from .reproducers import FOUND, REPRODUCERS, to_program

CORPUS_FILE = Path(__file__).resolve().parent / "corpus" / "corpus.json"
RANDOM_PROGRAMS = 600


def programs() -> list[tuple[str, Program]]:
    """Every corpus program, by id, in a fixed order."""
    cases = [(case_id, to_program(case_id, tol, source))
             for case_id, _, tol, source in REPRODUCERS]
    cases += [(case_id, to_program(case_id, tol, source)) for case_id, tol, source in FOUND]
    cases += [(f"random_{i}", generate(f"corpus:{i}")) for i in range(RANDOM_PROGRAMS)]
    return cases


def load() -> dict[str, Any]:
    return json.loads(CORPUS_FILE.read_text())


def record(torch) -> dict[str, Any]:
    entries = []
    for case_id, program in programs():
        reset_global_state(torch)
        entries.append({"id": case_id, "program": program.to_json(),
                        "torch": run_program(torch, program)})
    return {"torch_version": torch.__version__, "cases": entries}


def write(data: dict[str, Any]) -> None:
    CORPUS_FILE.parent.mkdir(exist_ok=True)
    with open(CORPUS_FILE, "w") as f:
        # one case per line: compact, and a re-recording diffs case by case
        f.write(f'{{"torch_version": {json.dumps(data["torch_version"])},\n "cases": [\n')
        f.write(",\n".join(json.dumps(c, allow_nan=False) for c in data["cases"]))
        f.write("\n]}\n")


def failures() -> dict[str, str]:
    """The corpus cases ember fails now, each with the causes of its differences."""
    import ember

    from .causes import classify, culprit
    from .compare import differences
    failing = {}
    for case in load()["cases"]:
        program = Program.from_json(case["program"])
        reset_global_state(ember)
        found = differences(program, case["torch"], run_program(ember, program))
        if found:
            labels = []
            for difference in found:
                label = classify(program, difference, culprit(program, difference)) or \
                    f"unexplained: {difference.key()}"
                if label not in labels:
                    labels.append(label)
            failing[case["id"]] = "; ".join(labels)
    return failing


def write_known(failing: dict[str, str]) -> None:
    path = Path(__file__).resolve().parent / "known_failures.py"
    text = path.read_text()
    head = text[:text.index("KNOWN: dict[str, str] = {")]
    lines = [f"    {case_id!r}: {reason!r}," for case_id, reason in failing.items()]
    path.write_text(head + "KNOWN: dict[str, str] = {\n" + "\n".join(lines) + "\n}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triage", action="store_true",
                        help="list the corpus cases ember fails (no torch needed)")
    parser.add_argument("--write-known", action="store_true",
                        help="write known_failures.py from the cases ember fails now")
    args = parser.parse_args(argv)
    if args.triage or args.write_known:
        failing = failures()
        for case_id, reason in failing.items():
            print(f"{case_id} | {reason}")
        if args.write_known:
            write_known(failing)
        return 0
    import torch
    write(record(torch))
    print(f"recorded {len(programs())} programs into {CORPUS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
