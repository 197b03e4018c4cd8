"""Record torch's sums and means over dims, and its gradients summed over broadcast dims,
whose last bits depend on its order of additions (tests/dim_sum_cases.py).

Run with a real torch (`PYTHONPATH=src:. python scripts/record_dim_sum_reference.py`); it
writes tests/reference/dim_sum_bits.json. torch runs on one thread (with more, a reduction
of 32,768 elements or more to one value is split between them: another order). Inputs are
regenerated from seeds by NumPy in the test, so the file holds only torch's outputs (their
bytes, base64).
"""

from __future__ import annotations

import json
import pathlib
import sys

import numpy as np
import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from tests import dim_sum_cases  # noqa: E402 - the inputs and calls the test replays

OUT = pathlib.Path(__file__).resolve().parents[1] / "tests/reference/dim_sum_bits.json"


def main() -> None:
    torch.set_num_threads(1)
    results = {}
    for index in range(len(dim_sum_cases.REDUCTIONS)):
        for op in dim_sum_cases.OPS:
            value = dim_sum_cases.run(torch, index, op)
            results[f"{index}-{op}"] = [list(value.shape), str(value.dtype).split(".")[1],
                                        dim_sum_cases.bits(value)]
    for index in range(len(dim_sum_cases.GRADIENTS)):
        results[f"gradient-{index}"] = dim_sum_cases.bits(
            dim_sum_cases.run_gradient(torch, index))
    OUT.write_text(json.dumps({"torch": torch.__version__, "numpy": np.__version__,
                               "results": results}, indent=0) + "\n")
    print(f"wrote {OUT} ({len(results)} cases)")


if __name__ == "__main__":
    main()
