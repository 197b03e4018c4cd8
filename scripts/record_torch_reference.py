"""Record tests/reference/recorded/<topic>.json by running the reference cases with real PyTorch.

Each ``tests/reference/cases_<topic>.py`` defines ``CASES: list[tuple[str, str]]`` of
``(case_id, python_source)``. A source refers to the global name ``torch`` and prints what must
match; it may also set ``result`` (a tensor, number or nested list of numbers) for a comparison
with a tolerance. For every case this script records the printed text, the type name of the
exception the case raised (the text printed before it is kept), the categories of the warnings
it raised, and ``result``.

    /work/torchenv/bin/python scripts/record_torch_reference.py             # every topic
    /work/torchenv/bin/python scripts/record_torch_reference.py --topic T   # cases_T.py only
    /work/torchenv/bin/python scripts/record_torch_reference.py --check ID  # print fresh records

Each topic has its own JSON file, so recording one topic takes seconds and leaves the others'
files alone (two people adding cases to different topics never touch the same file).

Every case runs in a freshly forked process, so global state (the default dtype, grad mode,
print options) cannot leak from one case into the next, and torch's warn-once warnings fire in
each case that triggers them.

The test suite imports this module (without torch) to run cases against ember exactly as they
were recorded, so everything above ``main`` must work with any torch-like module.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import math
import os
import sys
import traceback
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
REFERENCE_DIR = REPO / "tests" / "reference"
RECORDED_DIR = REFERENCE_DIR / "recorded"


def recorded_file(topic: str) -> Path:
    """Where the records of ``cases_<topic>.py`` are kept."""
    return RECORDED_DIR / f"{topic}.json"


def load_records() -> tuple[list[str], list[dict[str, Any]]]:
    """The torch versions and the records of every recorded topic, in topic order."""
    versions, records = [], []
    for path in sorted(RECORDED_DIR.glob("*.json")):
        stored = json.loads(path.read_text())
        versions.append(stored["torch_version"])
        records.extend(stored["cases"])
    return versions, records


# ---------------------------------------------------------------------------- the cases
def load_cases() -> list[dict[str, str]]:
    """Every case of every ``cases_<topic>.py``, as dicts with id, topic and source."""
    cases = []
    for path in sorted(REFERENCE_DIR.glob("cases_*.py")):
        topic = path.stem.removeprefix("cases_")
        spec = importlib.util.spec_from_file_location(f"_reference_{topic}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for case_id, source in module.CASES:
            cases.append({"id": case_id, "topic": topic, "source": source})
    ids = [case["id"] for case in cases]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"case ids must be unique across all case files: {duplicates}")
    return cases


# ---------------------------------------------------------------------------- running one case
def _encode_number(value: Any) -> Any:
    """JSON has no NaN or infinity: write those as the strings 'nan', 'inf', '-inf'."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def _encode_values(values: Any) -> Any:
    if isinstance(values, (list, tuple)):
        return [_encode_values(v) for v in values]
    return _encode_number(values)


def encode_result(result: Any) -> dict[str, Any]:
    """``result`` as JSON data: values (nested lists), dtype name and shape for tensors."""
    if hasattr(result, "tolist") and hasattr(result, "dtype"):
        return {
            "dtype": str(result.dtype).removeprefix("torch."),
            "shape": list(result.shape),
            "values": _encode_values(result.detach().tolist()),
        }
    if isinstance(result, (list, tuple)):
        result = [r.tolist() if hasattr(r, "tolist") else r for r in result]
    return {"dtype": None, "shape": None, "values": _encode_values(result)}


def run_case(torch_module: ModuleType, source: str, name: str = "<case>") -> dict[str, Any]:
    """Run one case's source with ``torch`` bound to ``torch_module``; return what it showed.

    The keys are ``stdout`` (text printed, up to an exception), ``error`` (the exception's type
    name, or None), ``traceback`` (its text, for diagnosis only), ``warnings`` (category names
    of the warnings raised, each once, in order of first appearance) and ``result`` (see
    `encode_result`, or None when the case sets none).
    """
    namespace: dict[str, Any] = {"torch": torch_module, "__name__": "__reference_case__"}
    stdout = io.StringIO()
    error = failure = None
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(stdout):
        # Appended, so filters that the library installed itself (torch's, or ember's silencing
        # of NumPy's floating-point warnings) still apply; only unfiltered warnings are shown
        # every time instead of once per code location.
        warnings.simplefilter("always", append=True)
        try:
            exec(compile(source, name, "exec"), namespace)
        except Exception as exc:  # noqa: BLE001 - the type of any failure is the observation
            error = type(exc).__name__
            failure = traceback.format_exc()
    categories = []
    for warning in caught:
        category = warning.category.__name__
        if category not in categories:
            categories.append(category)
    result = namespace.get("result")
    return {
        "stdout": stdout.getvalue(),
        "error": error,
        "warnings": categories,
        "result": None if result is None else encode_result(result),
        "traceback": failure,
    }


# ---------------------------------------------------------------------------- recording
def _record_in_fresh_process(torch_module: ModuleType, case: dict[str, str]) -> dict[str, Any]:
    """Fork, run the case in the child, and read its record back through a pipe."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run, report, and leave without running any cleanup
        os.close(read_end)
        try:
            observed = run_case(torch_module, case["source"], f"<case {case['id']}>")
            payload = json.dumps(observed, allow_nan=False).encode()
        except BaseException:  # noqa: BLE001 - the parent reports whatever went wrong
            payload = json.dumps({"crash": traceback.format_exc()}).encode()
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    os.waitpid(pid, 0)
    observed = json.loads(payload)
    if "crash" in observed:
        raise RuntimeError(f"case {case['id']} could not be recorded:\n{observed['crash']}")
    return observed


def record(torch_module: ModuleType, case: dict[str, str]) -> dict[str, Any]:
    """The JSON record of one case: its id, topic and source, and what real torch showed."""
    observed = _record_in_fresh_process(torch_module, case)
    return {
        "id": case["id"],
        "topic": case["topic"],
        "source": case["source"],
        "stdout": observed["stdout"],
        "error": observed["error"],
        "warnings": observed["warnings"],
        "result": observed["result"],
    }


def write_reference(topic: str, records: list[dict[str, Any]], torch_version: str) -> Path:
    path = recorded_file(topic)
    path.parent.mkdir(exist_ok=True)
    with open(path, "w") as f:
        # One case per line keeps the file compact yet diff-friendly.
        f.write(f'{{"torch_version": {json.dumps(torch_version)},\n "cases": [\n')
        f.write(",\n".join(json.dumps(r, allow_nan=False) for r in records))
        f.write("\n]}\n")
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", nargs="+", metavar="ID",
                        help="print fresh records of these cases as JSON instead of writing")
    parser.add_argument("--topic", action="append", metavar="TOPIC",
                        help="record only cases_TOPIC.py (repeatable; default: every topic)")
    args = parser.parse_args(argv)
    import torch  # only the recorder needs real torch

    cases = load_cases()
    if args.check:
        by_id = {case["id"]: case for case in cases}
        missing = [i for i in args.check if i not in by_id]
        if missing:
            parser.error(f"no such case: {missing}")
        records = [record(torch, by_id[i]) for i in args.check]
        json.dump({"torch_version": torch.__version__, "cases": records}, sys.stdout)
        return
    topics = sorted({case["topic"] for case in cases})
    unknown = sorted(set(args.topic or ()) - set(topics))
    if unknown:
        parser.error(f"no cases_<topic>.py for {unknown}; topics: {topics}")
    for topic in args.topic or topics:
        records = [record(torch, case) for case in cases if case["topic"] == topic]
        path = write_reference(topic, records, torch.__version__)
        errors = sum(r["error"] is not None for r in records)
        print(f"{len(records)} cases recorded with torch {torch.__version__} "
              f"({errors} raise) -> {path.relative_to(REPO)}")
    for stale in sorted(set(RECORDED_DIR.glob("*.json")) - {recorded_file(t) for t in topics}):
        print(f"note: {stale.relative_to(REPO)} has no cases file any more; delete it")

if __name__ == "__main__":
    main()
