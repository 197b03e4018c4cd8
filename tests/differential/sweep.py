"""Run many random programs under torch and ember; report the differences grouped by cause.

    PYTHONPATH=src /work/torchenv/bin/python -m tests.differential.sweep --count 2000 --seed 1
    make fuzz        # a large sweep (installs torch 2.13 from /opt/wheels when it lies there)

Program ``i`` of a sweep with seed ``S`` is ``generate(f"{S}:{i}")``: any program of a sweep
can be regenerated alone (``--show S:i`` prints it). Each failing program is shrunk to a
1-minimal one that still shows its first difference; differences are grouped by what
differs (field and values) and the ops of the shrunk program, each group with a count and
its shortest program to paste. ``--out FILE`` writes everything as JSON.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import signal
import sys
import time
from collections import defaultdict
from typing import Any

from .causes import classify, culprit, describe
from .compare import Difference, differences
from .execute import reset_global_state, run_program
from .generator import generate
from .program import Program, Statement
from .shrink import pasteable, shrink

_TIMEOUT_S = 10
_SHRINK_PER_KIND = 1  # per chunk of programs: shrinking one costs dozens of runs


class _Timeout(Exception):
    pass


def _on_alarm(signum, frame):
    raise _Timeout()


def _modules():
    import torch

    import ember
    return torch, ember


def observe_both(program: Program, torch, ember) -> tuple[dict, dict]:
    reset_global_state(torch)
    want = run_program(torch, program)
    reset_global_state(ember)
    got = run_program(ember, program)
    return want, got


def check(program: Program, torch, ember, shrinking: bool = True,
          seen: dict[str, int] | None = None) -> dict[str, Any] | None:
    """None if ember agrees with torch on `program`; else the first difference, with the
    shrunk program. With `seen` (counts per difference and op), only the first few
    programs of each kind are shrunk: shrinking costs dozens of runs."""
    want, got = observe_both(program, torch, ember)
    found = differences(program, want, got)
    if not found:
        return None
    first = found[0]
    small = program
    if seen is not None:
        kind = f"{first.key()} | {culprit(program, first)}"
        seen[kind] = seen.get(kind, 0) + 1
        shrinking = shrinking and seen[kind] <= _SHRINK_PER_KIND
    if shrinking:
        def keys_of(candidate: Program) -> set[str]:
            w, g = observe_both(candidate, torch, ember)
            return {d.key() for d in differences(candidate, w, g)}
        small = shrink(program, keys_of, first.key())
        w, g = observe_both(small, torch, ember)
        matching = [d for d in differences(small, w, g) if d.key() == first.key()]
        first = matching[0] if matching else first
    ops = small.ops()
    op = culprit(small, first)
    return {"seed": program.seed, "key": first.key(), "field": first.field,
            "ops": list(ops), "group": f"{first.key()} | {op}",
            "cause": describe(classify(small, first, op) or "unexplained"),
            "where": first.where, "detail": first.detail[:4000],
            "program": pasteable(small, first), "statements": len(small.statements),
            "all_keys": sorted({d.key() for d in found})}


def _work(args: tuple[list[str], bool]) -> tuple[int, list[dict[str, Any]]]:
    """Check the programs of some program seeds; return their number and the failures.

    The checks run in a forked child, so that a program which crashes the interpreter
    (torch 2.13 has segfaults, e.g. sgn's double backward of a stacked tensor) costs that
    program only: the child announces each program before it runs it, and after a crash
    the parent records the program it was on and starts a new child on the rest."""
    seeds, shrinking = args
    failures: list[dict[str, Any]] = []
    start = 0
    while start < len(seeds):
        done, part, crashed = _in_child(seeds[start:], shrinking)
        failures += part
        if crashed is None:
            break
        failures.append(_crash_failure(seeds[start + crashed]))
        start += crashed + 1
    return len(seeds), failures


def _in_child(seeds: list[str], shrinking: bool):
    """_check_all on `seeds` in a forked child: (programs finished, their failures, the
    index of the program it crashed on or None)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report on the pipe, never return into the caller's code
        os.close(read_end)
        try:
            with os.fdopen(write_end, "w") as pipe:
                _check_all(seeds, shrinking, pipe)
        finally:
            os._exit(0)
    os.close(write_end)
    started, finished, failures = None, 0, []
    with os.fdopen(read_end) as pipe:
        for line in pipe:
            kind, _, payload = line.partition(" ")
            if kind == "start":
                started = int(payload)
            elif kind == "failure":
                failures.append(json.loads(payload))
            elif kind == "end":
                finished, started = int(payload) + 1, None
    os.waitpid(pid, 0)
    # (a program started and never ended: the child died on it, by a signal or otherwise)
    return finished, failures, started


def _crash_failure(program_seed: str) -> dict[str, Any]:
    """A program that killed the process: torch's crash if torch alone crashes on it."""
    program = generate(program_seed)
    pid = os.fork()
    if pid == 0:
        try:
            torch, _ = _modules()
            reset_global_state(torch)
            run_program(torch, program)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    side = "torch" if os.WIFSIGNALED(status) else "ember"
    return {"seed": program.seed, "key": f"crash: {side}", "field": "crash", "ops": [],
            "group": f"crash: {side}", "where": "", "detail": f"signal in {side}",
            "program": program.source(), "statements": len(program.statements),
            "all_keys": [f"crash: {side}"],
            "cause": describe("deliberate.torch_crash") if side == "torch" else "unexplained"}


def _check_all(seeds: list[str], shrinking: bool, pipe) -> None:
    """Check each program, writing `start i`, each failure and `end i` lines to `pipe`."""
    torch, ember = _modules()
    signal.signal(signal.SIGALRM, _on_alarm)
    seen: dict[str, int] = {}
    for index, program_seed in enumerate(seeds):
        pipe.write(f"start {index}\n")
        pipe.flush()
        program = generate(program_seed)
        signal.alarm(_TIMEOUT_S * (6 if shrinking else 1))
        try:
            failure = check(program, torch, ember, shrinking, seen)
        except _Timeout:
            failure = {"seed": program.seed, "key": "timeout", "field": "timeout", "ops": [],
                       "group": "timeout", "where": "", "detail": "",
                       "program": program.source(), "statements": len(program.statements),
                       "all_keys": ["timeout"], "cause": "unexplained"}
        except Exception as error:  # noqa: BLE001 - a harness failure is reported, not fatal
            failure = {"seed": program.seed, "key": f"harness {type(error).__name__}",
                       "field": "harness", "ops": [], "group": f"harness {error}"[:200],
                       "where": "", "detail": "", "program": program.source(),
                       "statements": len(program.statements), "all_keys": [],
                       "cause": "unexplained"}
        finally:
            signal.alarm(0)
        if failure:
            pipe.write(f"failure {json.dumps(failure)}\n")
        pipe.write(f"end {index}\n")
        pipe.flush()


def run_seeds(tasks: list[list[str]], jobs: int, shrinking: bool, label: str,
              progress: str | None = None) -> tuple[list[dict[str, Any]], int]:
    """Check the programs of each task (a list of program seeds) in `jobs` processes; return
    the failures and the number run. With `progress`, each finished task is appended to
    that file as a JSON line, so a long sweep that is stopped keeps what it did."""
    failures, done = [], 0
    context = multiprocessing.get_context("fork")
    pool = context.Pool(jobs, maxtasksperchild=20) if jobs > 1 else None
    work = [(task, shrinking) for task in tasks]
    parts = pool.imap_unordered(_work, work) if pool else map(_work, work)
    try:
        for count, part in parts:
            failures += part
            done += count
            if progress:
                with open(progress, "a") as f:
                    f.write(json.dumps({"seed": label, "count": count, "failures": part}) + "\n")
    finally:
        if pool:
            pool.terminate()
    return failures, done


def sweep(seed: str, count: int, jobs: int, shrinking: bool = True, chunk: int = 2000,
          progress: str | None = None) -> tuple[list[dict[str, Any]], int]:
    """Run programs 0..count-1 of `seed`; return the failures and the number run."""
    tasks = [[f"{seed}:{i}" for i in range(start, min(start + chunk, count))]
             for start in range(0, count, chunk)]
    return run_seeds(tasks, jobs, shrinking, seed, progress)


def reclassify(failure: dict[str, Any]) -> dict[str, Any]:
    """A recorded failure with its cause found again by today's rules (causes.py)."""
    if failure["field"] in ("timeout", "harness", "crash"):
        return failure
    program = Program([Statement(failure["program"], "")])
    summary = failure["key"].split(": ", 1)[1]
    difference = Difference(failure["field"], summary, failure["where"], failure["detail"])
    op = failure["group"].split(" | ", 1)[1]
    return {**failure, "cause": describe(classify(program, difference, op) or "unexplained")}


def from_progress(path: str) -> tuple[list[dict[str, Any]], int, str]:
    """The failures (causes by today's rules) and program count a progress file records."""
    failures, done, seed = [], 0, ""
    with open(path) as f:
        for line in f:
            chunk = json.loads(line)
            failures += [reclassify(failure) for failure in chunk["failures"]]
            done += chunk["count"] if "count" in chunk else chunk["stop"] - chunk["start"]
            seed = chunk["seed"]
    return failures, done, seed


def recheck(path: str, jobs: int, shrinking: bool) -> tuple[list[dict[str, Any]], int, str]:
    """Run again, on the ember imported now, the programs that differed in a progress file:
    the sweep's result after fixes (programs that agreed are taken to agree still)."""
    failures, done, seed = from_progress(path)
    seeds = [f["seed"] for f in failures]
    tasks = [seeds[i:i + 500] for i in range(0, len(seeds), 500)]
    return run_seeds(tasks, jobs, shrinking, seed)[0], done, seed


def report(failures: list[dict[str, Any]], count: int, seconds: float, seed: str = "") -> str:
    """Counts per cause, then every group (what differs, and where) with an example; the
    unexplained groups first."""
    causes: dict[str, int] = defaultdict(int)
    groups: dict[str, list[dict]] = defaultdict(list)
    for failure in failures:
        causes[failure["cause"]] += 1
        groups[(failure["cause"] != "unexplained", failure["group"])].append(failure)
    share = 100 * len(failures) / max(count, 1)
    lines = [f"{count} programs (seed {seed!r}), {len(failures)} differ ({share:.2f}%), "
             f"{len(groups)} groups, {seconds:.0f} s", "", "programs per cause:"]
    for cause, number in sorted(causes.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {number:6d}  {cause}")
    for (_explained, group), members in sorted(groups.items(),
                                              key=lambda kv: (kv[0][0], -len(kv[1]))):
        example = min(members, key=lambda f: (f["statements"], len(f["program"])))
        lines.append(f"\n=== {len(members)} x {group}\n    cause: {members[0]['cause']}")
        lines.append(f"    seeds: {', '.join(m['seed'] for m in members[:5])}")
        lines.append(f"    {example['where']}: {example['detail'][:300]}".replace("\n", "\n    "))
        lines.append("    " + example["program"].rstrip().replace("\n", "\n    "))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="programs to run")
    parser.add_argument("--seed", default="0", help="the sweep's seed (any string)")
    parser.add_argument("--jobs", type=int, default=max(1, min(2, os.cpu_count() or 1)))
    parser.add_argument("--no-shrink", action="store_true", help="report programs unshrunk")
    parser.add_argument("--out", help="write the failures as JSON to this file")
    parser.add_argument("--show", metavar="SEED:I", help="print one program and exit")
    parser.add_argument("--progress", metavar="FILE",
                        help="append each finished chunk of programs to FILE (JSON lines)")
    parser.add_argument("--from-progress", metavar="FILE",
                        help="report the chunks recorded in FILE instead of running")
    parser.add_argument("--recheck", metavar="FILE",
                        help="run again the programs that differed in a progress FILE")
    args = parser.parse_args(argv)
    if args.show:
        print(generate(args.show).source(), end="")
        return 0
    if args.from_progress or args.recheck:
        if args.recheck:
            failures, done, seed = recheck(args.recheck, args.jobs, not args.no_shrink)
        else:
            failures, done, seed = from_progress(args.from_progress)
        print(report(failures, done, 0.0, seed), end="")
        if args.out:
            with open(args.out, "w") as f:
                json.dump({"seed": seed, "count": done, "failures": failures}, f, indent=1)
        return 1 if any(f["cause"] == "unexplained" for f in failures) else 0
    try:
        _modules()
    except ImportError as error:
        print(f"the sweep needs torch and ember importable: {error}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    failures, done = sweep(args.seed, args.count, args.jobs, not args.no_shrink,
                           progress=args.progress)
    seconds = time.perf_counter() - started
    text = report(failures, done, seconds, args.seed)
    print(text, end="")
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"seed": args.seed, "count": done, "seconds": seconds,
                       "failures": failures}, f, indent=1)
    # explained differences are listed (docs/differences.md); unexplained ones fail the run
    return 1 if any(f["cause"] == "unexplained" for f in failures) else 0


if __name__ == "__main__":
    sys.exit(main())
