"""Record torch's vector norms whose last bit depends on its order of operations
(tests/norm_bits_cases.py: x.norm(), vector_norm over dims, F.normalize, clip_grad_norm_)
into tests/fixtures/norm_bits.json, for tests/test_norm_order.py.

Run with a real torch on a CPU whose capability (torch.backends.cpu.get_cpu_capability())
is AVX2, as ember's last-dim rule is: `PYTHONPATH=src:. python scripts/record_norm_bits.py`.
Inputs are regenerated from seeds by NumPy in the test, so the file only holds torch's
results, as the hex of their bytes.
"""

from __future__ import annotations

import json
import pathlib
import sys

import numpy as np
import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from tests import norm_bits_cases as cases  # noqa: E402 - the inputs and calls the test replays

OUT = pathlib.Path(__file__).resolve().parents[1] / "tests/fixtures/norm_bits.json"


def main() -> None:
    capability = torch.backends.cpu.get_cpu_capability()
    if capability != "AVX2":
        sys.exit(f"torch runs its {capability} kernels here; the recorded rule is AVX2's")
    # one thread: a single result of 32768 elements or more in torch's plain reduction is
    # split between threads (ember uses NumPy's sum there, and these cases avoid it)
    torch.set_num_threads(1)
    results = {case[0]: cases.bits(cases.run_case(torch, case)) for case in cases.CASES}
    for seed in cases.CLIP_SEEDS:
        results[f"clip-{seed}"] = [cases.bits(t) for t in cases.run_clip(torch, seed)]
    OUT.write_text(json.dumps({"torch": torch.__version__, "numpy": np.__version__,
                               "capability": capability, "results": results}, indent=0)
                   + "\n")
    print(f"wrote {OUT} ({len(results)} cases)")


if __name__ == "__main__":
    main()
