"""Record torch's results for the formulas its CPU kernels round once (fused multiply-add):
lerp, add/sub with alpha, addcmul; and the parameters of optimizers stepped with fixed
gradients, which chain those formulas.

Run with a real torch (`/work/torchenv/bin/python scripts/record_fused_reference.py`); it
writes tests/reference/fused_rounding.json. Inputs are regenerated from the seeds below by
NumPy in the test, so the file only holds torch's outputs (exact float values).
"""

from __future__ import annotations

import json
import pathlib
import sys

import numpy as np
import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from tests import fused_cases  # noqa: E402 - the inputs and calls the test replays

OUT = pathlib.Path(__file__).resolve().parents[1] / "tests/reference/fused_rounding.json"


def main() -> None:
    torch.set_num_threads(1)
    results = {}
    for name, dtype in fused_cases.POINTWISE:
        results[f"{name}-{dtype}"] = fused_cases.run_pointwise(torch, name, dtype).tolist()
    for index, (name, kwargs) in enumerate(fused_cases.OPTIMIZERS):
        results[fused_cases.optimizer_key(index)] = fused_cases.run_optimizer(
            torch, name, kwargs).tolist()
    OUT.write_text(json.dumps({"torch": torch.__version__, "numpy": np.__version__,
                               "results": results}, indent=0) + "\n")
    print(f"wrote {OUT} ({len(results)} cases)")


if __name__ == "__main__":
    main()
