"""Record tests/reference/printing_reprs.json: tensor reprs printed by real PyTorch.

    /work/torchenv/bin/python scripts/record_printing_reprs.py [--output PATH]

Each case stores a tensor's dtype, shape and values (big tensors as a small generator spec),
the print options in force, the autograd suffixes, and the text ``repr()`` gave in torch.
tests/test_printing.py rebuilds every tensor with NumPy and checks that ember's printer gives
the same text. The values come from a seeded NumPy generator, so re-running the script
reproduces the file exactly (as long as the cases are added in the same order).
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
REFERENCE_FILE = REPO / "tests" / "reference" / "printing_reprs.json"

VALUE_KINDS = ["normal", "scaled", "whole", "mixed_scales", "specials", "big_whole",
               "edge_values", "uniform"]
SHAPES = [(), (13,), (3, 4), (2, 3, 4), (2, 1, 2, 3)]
OPTION_SETS = {
    "default": {}, "precision2": {"precision": 2}, "precision0": {"precision": 0},
    "sci_true": {"sci_mode": True}, "sci_false": {"sci_mode": False},
    "linewidth30": {"linewidth": 30}, "summarize": {"threshold": 5, "edgeitems": 1},
    "edge0": {"threshold": 5, "edgeitems": 0},
}


def _encode_number(value: Any) -> Any:
    """JSON has no NaN or infinity: those are written as 'nan', 'inf', '-inf'."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def encode_values(array: np.ndarray) -> list:
    """The flat values, as short as they can be while reading back to the same array."""
    flat = array.reshape(-1)
    if flat.dtype in (np.float32, np.float16):
        # Shortest decimal that round-trips at the array's own precision.
        out = [_encode_number(float(str(v))) for v in flat]
    else:
        out = [_encode_number(v) for v in flat.tolist()]
    back = np.asarray([float(v) if isinstance(v, str) else v for v in out]).astype(flat.dtype)
    if flat.dtype.kind == "f":
        assert np.array_equal(back, flat, equal_nan=True)
        assert np.array_equal(np.signbit(back), np.signbit(flat))
    else:
        assert np.array_equal(back, flat)
    return out


class Recorder:
    """Collects cases; `torch` is the real torch module."""

    def __init__(self, torch) -> None:
        self.torch = torch
        self.cases: list[dict[str, Any]] = []
        self.rng = np.random.default_rng(2024)

    def ramp(self, n: int, dtype, shape=None, scale=1.0, offset=0.0, overrides=()):
        """A big tensor, stored as a generator spec instead of thousands of literal values."""
        spec = {"arange": n, "scale": scale, "offset": offset,
                "overrides": [list(o) for o in overrides]}
        values = np.arange(n, dtype=np.float64) * scale + offset
        for index, value in overrides:
            values[index] = value
        t = self.torch.tensor(values).to(dtype).reshape(shape or (n,))
        t.spec = spec
        return t

    def add(self, case_id: str, t, options=None, suffix_mode: str = "none") -> None:
        torch = self.torch
        spec = getattr(t, "spec", None)
        options = options or {}
        if suffix_mode == "requires_grad":
            t = t.clone().requires_grad_(True)
        elif suffix_mode == "grad_fn":
            t = t.clone().requires_grad_(True) * 1
        torch.set_printoptions(**options)
        expected = repr(t)
        torch.set_printoptions(profile="default")
        suffixes = []
        if t.grad_fn is not None:
            suffixes.append(f"grad_fn=<{type(t.grad_fn).__name__}>")
        elif t.requires_grad:
            suffixes.append("requires_grad=True")
        array = t.detach().numpy()
        self.cases.append({
            "id": case_id,
            "dtype": str(t.dtype).removeprefix("torch."),
            "default_dtype": str(torch.get_default_dtype()).removeprefix("torch."),
            "shape": list(array.shape),
            "values": spec or encode_values(array),
            "suffixes": suffixes,
            "options": options,
            "expected": expected,
        })

    def values(self, shape: tuple, kind: str) -> np.ndarray:
        rng, n = self.rng, int(np.prod(shape))
        if kind == "normal":
            v = rng.standard_normal(n)
        elif kind == "scaled":
            v = rng.standard_normal(n) * 10.0 ** rng.integers(-12, 12)
        elif kind == "whole":
            v = rng.integers(-50, 50, n).astype(float)
        elif kind == "mixed_scales":
            v = rng.standard_normal(n) * 10.0 ** rng.integers(-12, 12, n)
        elif kind == "specials":
            v = rng.standard_normal(n)
            v[rng.integers(0, n, max(1, n // 3))] = rng.choice(
                [np.nan, np.inf, -np.inf, 0.0, -0.0])
        elif kind == "big_whole":
            v = rng.integers(-3, 3, n) * 10.0 ** rng.integers(0, 10)
        elif kind == "edge_values":
            v = rng.choice(
                [0.0, -0.0, np.nan, np.inf, -np.inf, 1e-5, 9.99996, 99999.5, 1e8, 1e9, 0.5], n)
        else:
            v = rng.uniform(-1e5, 1e5, n)
        return v.reshape(shape)


def _integer_range(torch, dtype) -> tuple[int, int]:
    ranges = {torch.bool: (0, 2), torch.uint8: (0, 256), torch.int8: (-128, 128),
              torch.int16: (-30000, 30000), torch.int32: (-10**9, 10**9)}
    return ranges.get(dtype, (-10**15, 10**15))


def record_option_grid(r: Recorder) -> None:
    """Every print-option set on every shape, float dtype and kind of values."""
    torch = r.torch
    float_dtypes = {"f32": torch.float32, "f64": torch.float64, "f16": torch.float16}
    int_dtypes = [torch.int64, torch.int32, torch.int16, torch.int8, torch.uint8, torch.bool]
    for option_name, options in OPTION_SETS.items():
        for shape in SHAPES:
            shape_name = "x".join(map(str, shape)) or "scalar"
            for dtype_name, dtype in float_dtypes.items():
                for kind in VALUE_KINDS:
                    if option_name != "default" and kind in ("uniform", "big_whole", "whole"):
                        continue
                    if (option_name != "default" and dtype_name != "f32"
                            and shape not in ((3, 4), (13,))):
                        continue
                    if option_name != "default" and shape == (2, 1, 2, 3):
                        continue
                    t = torch.tensor(r.values(shape, kind), dtype=dtype)
                    r.add(f"{option_name}-{shape_name}-{dtype_name}-{kind}", t, options)
            for dtype in int_dtypes:
                low, high = _integer_range(torch, dtype)
                t = torch.tensor(r.rng.integers(low, high, shape)).to(dtype)
                r.add(f"{option_name}-{shape_name}-{str(dtype)[6:]}", t, options)


def record_autograd_suffixes(r: Recorder) -> None:
    """requires_grad=True and grad_fn=<...> suffixes, including wrapping onto a new line."""
    torch = r.torch
    for n in [1, 3, 6, 9]:
        for dtype in [torch.float32, torch.float64]:
            name = str(dtype)[6:]
            t = torch.arange(float(n), dtype=dtype) * 1.5
            r.add(f"requires_grad-{n}-{name}", t, suffix_mode="requires_grad")
            r.add(f"grad_fn-{n}-{name}", t, suffix_mode="grad_fn")
            r.add(f"grad_fn-linewidth40-{n}-{name}", t, {"linewidth": 40},
                  suffix_mode="grad_fn")
    r.add("grad_fn-scalar", torch.tensor(28.0), suffix_mode="grad_fn")
    r.add("grad_fn-matrix", torch.arange(6.0).reshape(2, 3) / 7, suffix_mode="grad_fn")


def record_empty(r: Recorder) -> None:
    torch = r.torch
    for shape in [(0,), (0, 3), (3, 0), (2, 0, 2)]:
        for dtype in [torch.float32, torch.float64, torch.float16, torch.int64, torch.int32,
                      torch.bool]:
            case_id = f"empty-{'x'.join(map(str, shape))}-{str(dtype)[6:]}"
            r.add(case_id, torch.zeros(shape, dtype=dtype))
    r.add("empty-requires_grad", torch.zeros(0), suffix_mode="requires_grad")


def record_big(r: Recorder) -> None:
    """Summarisation, and the formatter fitted to the shown entries only."""
    torch = r.torch
    f32, i64 = torch.float32, torch.int64
    r.add("big-arange-2000", r.ramp(2000, f32))
    r.add("big-arange-2000-int", r.ramp(2000, i64))
    r.add("big-matrix-40x50", r.ramp(2000, f32, (40, 50), scale=0.25))
    r.add("big-4d", r.ramp(1800, f32, (3, 4, 5, 30), scale=0.125, offset=-100.0))
    r.add("big-3d-int32", r.ramp(2000, torch.int32, (10, 10, 20), offset=-1000.0))
    r.add("big-bool", r.ramp(2000, torch.bool, (2, 1000), overrides=[(0, 0.0)]))
    r.add("big-profile-short", r.ramp(2000, f32, scale=0.375), {"profile": "short"})
    r.add("big-profile-full", r.ramp(1200, i64, (30, 40)), {"profile": "full"})
    r.add("big-edgeitems0", r.ramp(2000, f32, (40, 50)), {"edgeitems": 0})
    r.add("big-edgeitems5", r.ramp(2000, i64, (40, 50)), {"edgeitems": 5})
    r.add("big-hidden-outlier",
          r.ramp(2000, f32, scale=0.0, offset=1.0, overrides=[(1000, 1e12)]))
    r.add("big-hidden-fraction", r.ramp(2000, f32, (20, 100), overrides=[(1000, 0.5)]))
    r.add("big-shown-outlier", r.ramp(2000, f32, (20, 100), overrides=[(1999, -1e-9)]))
    r.add("big-grad_fn", r.ramp(2000, f32, (2, 1000), scale=0.5), suffix_mode="grad_fn")


def record_default_float64(r: Recorder) -> None:
    torch = r.torch
    torch.set_default_dtype(torch.float64)
    try:
        r.add("default64-float64", torch.tensor([1.5, 2.0]))
        r.add("default64-float32", torch.tensor([1.5, 2.0], dtype=torch.float32))
        r.add("default64-empty-float64", torch.tensor([]))
        r.add("default64-empty-float32", torch.tensor([], dtype=torch.float32))
    finally:
        torch.set_default_dtype(torch.float32)


def write(cases: list[dict[str, Any]], torch_version: str, path: Path) -> None:
    with open(path, "w") as f:
        # One case per line keeps the file compact yet diff-friendly.
        f.write(f'{{"torch_version": {json.dumps(torch_version)},\n "cases": [\n')
        f.write(",\n".join(json.dumps(c, allow_nan=False) for c in cases))
        f.write("\n]}\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=REFERENCE_FILE,
                        help=f"where to write the JSON (default: {REFERENCE_FILE})")
    args = parser.parse_args(argv)
    import torch  # only the recorder needs real torch

    recorder = Recorder(torch)
    record_option_grid(recorder)
    record_autograd_suffixes(recorder)
    record_empty(recorder)
    record_big(recorder)
    record_default_float64(recorder)
    ids = [case["id"] for case in recorder.cases]
    assert len(set(ids)) == len(ids), "case ids must be unique"
    write(recorder.cases, torch.__version__, args.output)
    print(f"{len(recorder.cases)} cases -> {args.output}")


if __name__ == "__main__":
    main()
