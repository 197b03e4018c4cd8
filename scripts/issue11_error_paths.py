"""Exercise error paths of every op sample under ember and torch (issue 11, item 15).

Each sample of tests/samples is called again with one input spoiled: a shape that cannot
broadcast (an extra trailing dim of 7), a bool tensor, an int64 tensor, a 0-d tensor. The
exception type each library raises (or "ok") is recorded, and every case where they differ
is printed, NumPy's own exceptions first: those must never reach a user.

    .venv/bin/python scripts/issue11_error_paths.py [--op NAME]

`--torch-python` names the interpreter that has torch (default /work/torchenv/bin/python).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from issue11_grad_fn_names import REPO, _bind_torch_as_ember  # noqa: E402

SPOILERS = ("extra_dim", "bool", "int64", "zero_dim")


def _spoiled(value, how: str):
    import numpy as np

    if how == "extra_dim":
        return np.zeros(value.shape + (7,), value.dtype) + 0.5
    if how == "bool":
        return value != 0
    if how == "int64":
        return value.astype(np.int64)
    return np.asarray(value.reshape(-1)[:1].reshape(()) if value.size else 0.5)


def _outcome(torch, sample, index: int, how: str) -> str:
    import numpy as np

    made = []
    for i, value in enumerate(sample.inputs):
        if isinstance(value, np.ndarray):
            if i == index:
                value = _spoiled(value, how)
            made.append(torch.tensor(value.copy()))
        else:
            made.append(value)
    try:
        torch.manual_seed(0)
        sample.fn(*made)
        return "ok"
    except Exception as error:  # noqa: BLE001 - the exception type is what is compared
        module = type(error).__module__
        return type(error).__name__ + (" (numpy)" if module.startswith("numpy") else "")


def collect_side(which: str, only: str | None) -> dict:
    sys.path.insert(0, str(REPO))
    if which == "torch":
        _bind_torch_as_ember()
    import warnings

    import numpy as np

    import ember  # torch itself in the torch process
    from tests.samples import collect

    warnings.simplefilter("ignore")
    records = {}
    for name, samples in sorted(collect().items()):
        if only is not None and name != only:
            continue
        for s, sample in enumerate(samples):
            for i, value in enumerate(sample.inputs):
                if not isinstance(value, np.ndarray):
                    continue
                for how in SPOILERS:
                    records[f"{name}[{s}] input {i} {how}"] = _outcome(ember, sample, i, how)
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", choices=("torch", "ember"), help=argparse.SUPPRESS)
    parser.add_argument("--op", help="only the samples of this op")
    parser.add_argument("--torch-python", default="/work/torchenv/bin/python")
    args = parser.parse_args()
    if args.side:
        json.dump(collect_side(args.side, args.op), sys.stdout)
        return
    command = ["--side", "torch"] + (["--op", args.op] if args.op else [])
    theirs = json.loads(subprocess.run(
        [args.torch_python, __file__, *command], capture_output=True, text=True,
        check=True, cwd=REPO).stdout)
    ours = collect_side("ember", args.op)
    differing = [(key, theirs.get(key), ours[key]) for key in ours if theirs.get(key) != ours[key]]
    differing.sort(key=lambda row: ("numpy" not in row[2], row[0]))
    for key, torch_outcome, ember_outcome in differing:
        print(f"{key}: torch {torch_outcome}  ember {ember_outcome}")
    numpy_leaks = sum("numpy" in row[2] for row in differing)
    print(f"{len(differing)} of {len(ours)} cases differ; {numpy_leaks} raise NumPy's exceptions")


if __name__ == "__main__":
    main()
