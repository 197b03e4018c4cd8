"""Replay the corpus on ember: every program must show what it showed under torch 2.13.

torch's observations are stored in ``corpus/corpus.json`` (recorded by
``python -m tests.differential.corpus`` with torch installed), so this runs without torch.
Cases listed in `known_failures.KNOWN` are strict expected failures: when a fix makes one
pass, the test fails until its entry is removed.
"""

from __future__ import annotations

import pytest

import ember

from .causes import describe
from .compare import differences
from .corpus import load, programs
from .execute import reset_global_state, run_program
from .known_failures import KNOWN
from .program import Program
from .shrink import pasteable

CORPUS = load()


def _param(case: dict):
    marks = [pytest.mark.xfail(strict=True, reason=describe(KNOWN[case["id"]]))] \
        if case["id"] in KNOWN else []
    return pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CORPUS["cases"]])
def test_ember_shows_what_torch_showed(case):
    program = Program.from_json(case["program"])
    reset_global_state(ember)
    found = differences(program, case["torch"], run_program(ember, program))
    assert not found, (pasteable(program, found[0]) + "\n" + "\n".join(
        f"{d.where}: {d.key()}\n    {d.detail[:400]}" for d in found))


def test_the_corpus_is_recorded_from_the_current_programs():
    # Changing the generator or a reproducer without re-recording would test stale data.
    stored = [(c["id"], c["program"]) for c in CORPUS["cases"]]
    current = [(case_id, program.to_json()) for case_id, program in programs()]
    assert stored == current, (
        "tests/differential/corpus/corpus.json is out of date: run "
        "`PYTHONPATH=src python -m tests.differential.corpus` with torch installed")
    assert CORPUS["torch_version"].startswith("2.13.")


def test_every_known_failure_is_a_corpus_case():
    ids = {c["id"] for c in CORPUS["cases"]}
    assert set(KNOWN) <= ids, sorted(set(KNOWN) - ids)
