"""Record torch 2.13's float32/float64 exp, tanh, sinh... of fixed random inputs, for
tests/test_torch_libm.py: how often ember's ops/_torch_libm.py forwards give torch's bits.

Run with torch installed (ember's suite reads the data and never imports torch):

    .venv/bin/python scripts/record_libm_reference.py   # -> tests/fixtures/libm_reference.json

Inputs come from NumPy's default_rng(seed), so only torch's outputs are stored (base64 of
their bytes). Each function is recorded on rows of 3 values (torch's scalar tail, or MKL/SLEEF
through a partial vector), rows of 37 (two vectorised steps of 16 float32 and a tail) and
the columns of a transposed (37, 12) matrix (a strided input).
"""

from __future__ import annotations

import base64
import json
import pathlib
import sys

import numpy as np

OUT = pathlib.Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "libm_reference.json"
# function: the range its inputs are drawn from (uniformly)
RANGES = {"exp": (-20.0, 20.0), "expm1": (-3.0, 3.0), "log1p": (-0.9, 3.0),
          "log10": (0.01, 100.0), "tanh": (-5.0, 5.0), "sinh": (-5.0, 5.0),
          "cosh": (-5.0, 5.0), "atanh": (-0.99, 0.99), "sigmoid": (-10.0, 10.0),
          "digamma": (-20.0, 30.0), "sinc": (-5.0, 5.0)}
LAYOUTS = {"rows_of_3": (256, 3), "rows_of_37": (16, 37), "transposed": (37, 12)}


def inputs(name: str, dtype: str, layout: str) -> np.ndarray:
    """The inputs of one record: the same on every machine and NumPy version."""
    seed = sorted(RANGES).index(name) * 100 + sorted(LAYOUTS).index(layout) * 10 + (
        dtype == "float64")
    low, high = RANGES[name]
    return np.random.default_rng(seed).uniform(low, high, LAYOUTS[layout]).astype(dtype)


def main() -> None:
    import torch

    torch.set_num_threads(1)
    records = []
    for name in RANGES:
        for dtype in ("float32", "float64"):
            for layout in LAYOUTS:
                x = inputs(name, dtype, layout)
                fn = getattr(torch, name)
                if layout == "transposed":
                    out = fn(torch.from_numpy(x).t()).numpy()
                else:  # one call per row: each row is a tensor of its own
                    out = np.stack([fn(torch.from_numpy(row)).numpy() for row in x])
                records.append({"function": name, "dtype": dtype, "layout": layout,
                                "torch": base64.b64encode(
                                    np.ascontiguousarray(out).tobytes()).decode()})
    OUT.write_text(json.dumps({"torch": torch.__version__, "records": records}, indent=0))
    print(f"{len(records)} records from torch {torch.__version__} -> {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
