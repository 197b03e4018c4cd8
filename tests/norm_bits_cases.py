"""Cases shared by scripts/record_norm_bits.py (run on torch) and tests/test_norm_order.py
(run on ember): vector norms whose last bit depends on torch's order of operations, on
inputs built by NumPy from fixed seeds, so the recorded file holds only torch's results
(their bytes, in hex).

A case is (id, dtype, shape, view, call): `view` turns the contiguous input into the
layout the call sees (a transpose, a slice...), `call` is one of CALLS."""

from __future__ import annotations

import hashlib
from types import ModuleType
from typing import Any

import numpy as np

# 1-D lengths: every tail of a vector of 8 float32 or 4 float64 lanes, one vector and
# several, a few runs of the lanes' loop, and lengths past torch's grain size (32768)
LENGTHS = list(range(1, 41)) + [47, 63, 64, 65, 100, 257, 1000, 4099, 33000, 100000]

VIEWS = {
    "contiguous": lambda t: t,
    "transposed": lambda t: t.t(),  # dims swapped: a row of the input is a column here
    "sliced": lambda t: t[:, 1:],  # rows with gaps between them
    "strided": lambda t: t[:, ::2],
    "permuted": lambda t: t.permute(2, 0, 1),
}


def _vector_norm(T: ModuleType, x, p=2, dim=None, keepdim=False, dtype=None):
    return T.linalg.vector_norm(x, p, dim, keepdim, dtype=None if dtype is None else
                                getattr(T, dtype))


CALLS = {
    "norm": lambda T, x: x.norm(),
    "norm_p1": lambda T, x: x.norm(p=1),
    "norm_p3": lambda T, x: x.norm(p=3),
    "norm_p0.5": lambda T, x: x.norm(p=0.5),
    "norm_p-1.5": lambda T, x: x.norm(p=-1.5),
    "torch.norm_dim1": lambda T, x: T.norm(x, dim=1),
    "vector_norm_dim0_keepdim": lambda T, x: _vector_norm(T, x, 2, 0, True),
    "vector_norm_dim1": lambda T, x: _vector_norm(T, x, 2, 1),
    "vector_norm_dim(0,2)": lambda T, x: _vector_norm(T, x, 2, (0, 2)),
    "vector_norm_dim(1,2)": lambda T, x: _vector_norm(T, x, 2, (1, 2), True),
    "vector_norm_p1_dim1": lambda T, x: _vector_norm(T, x, 1, 1),
    "vector_norm_p3_dim0": lambda T, x: _vector_norm(T, x, 3, 0),
    "vector_norm_float64": lambda T, x: _vector_norm(T, x, dtype="float64"),
    "vector_norm_float32": lambda T, x: _vector_norm(T, x, 2, -1, dtype="float32"),
    "linalg.norm": lambda T, x: T.linalg.norm(x),
    "matrix_norm_fro": lambda T, x: T.linalg.matrix_norm(x),
    "normalize": lambda T, x: T.nn.functional.normalize(x),
    "normalize_dim0": lambda T, x: T.nn.functional.normalize(x, dim=0),
    "normalize_last": lambda T, x: T.nn.functional.normalize(x, dim=-1),
}


# the calls of torch's plain loop on any CPU (p != 2)
PLAIN_CALLS = {"norm_p1", "norm_p3", "norm_p0.5", "norm_p-1.5", "vector_norm_p1_dim1",
               "vector_norm_p3_dim0"}


def _cases() -> list[tuple[str, str, tuple, str, str]]:
    cases = []
    for dtype in ("float32", "float64"):
        for n in LENGTHS:
            cases.append((f"1d-{dtype}-{n}", dtype, (n,), "contiguous", "norm"))
        for n in (3, 5, 7, 8, 13, 100, 1000):
            for call in ("norm_p1", "norm_p3", "norm_p0.5", "norm_p-1.5"):
                cases.append((f"1d-{dtype}-{n}-{call}", dtype, (n,), "contiguous", call))
        for shape in ((5, 3), (7, 8), (4, 13), (6, 29), (3, 100), (40, 33), (2, 1000)):
            for view in ("contiguous", "transposed", "sliced", "strided"):
                for call in ("norm", "torch.norm_dim1", "vector_norm_dim0_keepdim",
                             "vector_norm_p1_dim1", "vector_norm_p3_dim0", "linalg.norm",
                             "matrix_norm_fro", "normalize", "normalize_dim0"):
                    cases.append((f"2d-{dtype}-{shape}-{view}-{call}", dtype, shape, view,
                                  call))
        for shape in ((3, 4, 13), (2, 5, 8), (4, 3, 37)):
            for view in ("contiguous", "permuted"):
                for call in ("norm", "vector_norm_dim1", "vector_norm_dim(0,2)",
                             "vector_norm_dim(1,2)", "normalize", "normalize_last"):
                    cases.append((f"3d-{dtype}-{shape}-{view}-{call}", dtype, shape, view,
                                  call))
    cases.append(("1d-float32-257-as-float64", "float32", (257,), "contiguous",
                  "vector_norm_float64"))
    for n in (3, 21, 300):  # float16: added in float32 one by one; and with dtype=float32
        cases.append((f"1d-float16-{n}", "float16", (n,), "contiguous", "norm"))
        cases.append((f"2d-float16-{n}-as-float32", "float16", (3, n), "contiguous",
                      "vector_norm_float32"))
    for kind in ("zeros", "inf", "nan", "huge", "tiny"):
        for dtype in ("float32", "float64"):
            for n in (5, 13, 29):
                cases.append((f"{kind}-{dtype}-{n}", dtype, (n,), "contiguous", "norm"))
                cases.append((f"{kind}-{dtype}-(3,{n})", dtype, (3, n), "contiguous",
                              "vector_norm_dim1"))
    return cases


CASES = _cases()

# clip_grad_norm_: gradients of these shapes (a small network's), each row of GRAD_SEEDS
# one call; its total norm and the clipped gradients
CLIP_SHAPES = [(64, 20), (64,), (10, 64), (10,)]
CLIP_SEEDS = [1, 2, 3, 4, 5]


def make_input(case_id: str, dtype: str, shape: tuple) -> np.ndarray:
    """The contiguous input of a case, from a seed made from its id."""
    rng = np.random.default_rng([ord(c) for c in case_id])
    scale = 10.0 ** rng.integers(-3, 4)
    x = rng.standard_normal(shape) * scale
    kind = case_id.split("-")[0]
    flat = x.reshape(-1)
    spots = rng.integers(0, flat.size, 2)
    if kind == "zeros":
        flat[::3] = 0.0
    elif kind in ("inf", "nan"):
        flat[spots[0]] = np.inf if kind == "inf" else np.nan
    elif kind == "huge":  # squares beyond the dtype: inf, or just inside it
        x *= 1e18 if dtype == "float32" else 1e153
    elif kind == "tiny":  # squares among the subnormals, or below them
        x *= 1e-21 if dtype == "float32" else 1e-160
    return x.astype(dtype)


def run_case(T: ModuleType, case: tuple) -> Any:
    """The tensor a case's call gives under T (torch or ember)."""
    case_id, dtype, shape, view, call = case
    x = VIEWS[view](T.from_numpy(make_input(case_id, dtype, shape)))
    return CALLS[call](T, x)


def run_clip(T: ModuleType, seed: int) -> list:
    """clip_grad_norm_ over parameters with seeded float32 gradients: [total norm, *grads]."""
    rng = np.random.default_rng(seed)
    params = []
    for shape in CLIP_SHAPES:
        p = T.nn.Parameter(T.zeros(shape))
        p.grad = T.from_numpy((rng.standard_normal(shape) * 0.3).astype("float32"))
        params.append(p)
    total = T.nn.utils.clip_grad_norm_(params, max_norm=1.0)
    return [total] + [p.grad for p in params]


_SHOWN = 16  # values kept as such; a larger result is kept as a digest of its bytes


def bits(t) -> str:
    """A tensor's values as the hex of its bytes (C order), or the start of their SHA-256
    where there are many, with its shape and dtype."""
    array = t.detach().numpy()
    data = np.ascontiguousarray(array).tobytes()
    shown = data.hex() if array.size <= _SHOWN else "sha256:" + hashlib.sha256(
        data).hexdigest()[:32]
    return f"{array.dtype}{list(array.shape)}:{shown}"
