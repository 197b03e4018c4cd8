"""How often ember's nn activations and losses give torch 2.13's bits (needs torch).

    PYTHONPATH=src:. .venv/bin/python scripts/measure_activation_bits.py [--only NAME...]
    PYTHONPATH=src:. .venv/bin/python scripts/measure_activation_bits.py --record

For each function, dtype (float32, float64) and shape (3 to 4,032 values), the same random
inputs go through torch and ember; the table gives the percent of forward values, and of
gradients of a random weighted sum of the output, that differ from torch's bit for bit
(nan equal to nan). torch runs on one thread (as tests/reference records).

`--record` stores torch's outputs on the small shapes (SMALL) in
tests/fixtures/activation_bits.json for tests/test_activation_bits.py; the inputs are
rebuilt from their seeds (NumPy's default_rng), so only torch's results are stored.
"""

from __future__ import annotations

import argparse
import base64
import json
import pathlib
import sys
import zlib

import numpy as np

OUT = pathlib.Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "activation_bits.json"
SHAPES = [(3,), (16,), (17,), (37,), (8, 37), (64, 63)]
SMALL = [(3,), (17,), (37,), (4, 37)]


def _u(low, high):
    return ("uniform", low, high)


# name: (call(F, torch-like module, *tensors), per-argument input kinds, which args need
# grad). An input kind is ("uniform", low, high), ("prob",) (in (0, 1)), ("class", dim)
# (class indices along that dim of the first input), ("positive", low, high).
CASES = {
    "softmax": (lambda F, t, x: F.softmax(x, -1), [_u(-8, 8)], (0,)),
    "log_softmax": (lambda F, t, x: F.log_softmax(x, -1), [_u(-8, 8)], (0,)),
    "softmin": (lambda F, t, x: F.softmin(x, -1), [_u(-8, 8)], (0,)),
    "softmax2d": (lambda F, t, x: t.nn.Softmax2d()(x.reshape(1, -1, 1, 1) if x.ndim == 1
                                                   else x.reshape(1, x.shape[0], -1, 1)),
                  [_u(-8, 8)], (0,)),
    "logsumexp": (lambda F, t, x: t.logsumexp(x, -1), [_u(-8, 8)], (0,)),
    "logaddexp": (lambda F, t, x, y: t.logaddexp(x, y), [_u(-8, 8), _u(-8, 8)], (0, 1)),
    "silu": (lambda F, t, x: F.silu(x), [_u(-10, 10)], (0,)),
    "softplus": (lambda F, t, x: F.softplus(x), [_u(-25, 25)], (0,)),
    "softplus_beta": (lambda F, t, x: F.softplus(x, beta=2.0, threshold=5.0), [_u(-6, 6)],
                      (0,)),
    "elu": (lambda F, t, x: F.elu(x), [_u(-6, 6)], (0,)),
    "selu": (lambda F, t, x: F.selu(x), [_u(-6, 6)], (0,)),
    "celu": (lambda F, t, x: F.celu(x, alpha=0.7), [_u(-6, 6)], (0,)),
    "mish": (lambda F, t, x: F.mish(x), [_u(-10, 10)], (0,)),
    "logsigmoid": (lambda F, t, x: F.logsigmoid(x), [_u(-20, 20)], (0,)),
    "tanhshrink": (lambda F, t, x: F.tanhshrink(x), [_u(-4, 4)], (0,)),
    "gelu_tanh": (lambda F, t, x: F.gelu(x, approximate="tanh"), [_u(-6, 6)], (0,)),
    "hardswish": (lambda F, t, x: F.hardswish(x), [_u(-5, 5)], (0,)),
    "hardsigmoid": (lambda F, t, x: F.hardsigmoid(x), [_u(-5, 5)], (0,)),
    "binary_cross_entropy": (
        lambda F, t, x, y: F.binary_cross_entropy(x, y, reduction="none"),
        [("prob",), ("prob",)], (0,)),
    "bce_mean": (lambda F, t, x, y: F.binary_cross_entropy(x, y),
                 [("prob",), ("prob",)], (0,)),
    "bce_with_logits": (
        lambda F, t, x, y: F.binary_cross_entropy_with_logits(x, y, reduction="none"),
        [_u(-8, 8), ("prob",)], (0,)),
    "bce_with_logits_pos_weight": (
        lambda F, t, x, y: F.binary_cross_entropy_with_logits(
            x, y, reduction="none", pos_weight=t.full(x.shape[-1:], 1.7, dtype=x.dtype)),
        [_u(-8, 8), ("prob",)], (0,)),
    "cross_entropy": (lambda F, t, x, y: F.cross_entropy(x.reshape(-1, x.shape[-1]),
                                                         y.reshape(-1), reduction="none"),
                      [_u(-8, 8), ("class", -1)], (0,)),
    "cross_entropy_mean": (lambda F, t, x, y: F.cross_entropy(x.reshape(-1, x.shape[-1]),
                                                              y.reshape(-1)),
                           [_u(-8, 8), ("class", -1)], (0,)),
    "cross_entropy_probs": (lambda F, t, x, y: F.cross_entropy(x, y.softmax(-1),
                                                               reduction="none"),
                            [_u(-8, 8), _u(-3, 3)], (0,)),
    "kl_div": (lambda F, t, x, y: F.kl_div(x, y, reduction="none"), [_u(-5, 0), ("prob",)],
               (0,)),
    "kl_div_log_target": (lambda F, t, x, y: F.kl_div(x, y, reduction="none", log_target=True),
                          [_u(-5, 0), _u(-5, 0)], (0, 1)),
    "poisson_nll_loss": (lambda F, t, x, y: F.poisson_nll_loss(x, y, reduction="none"),
                         [_u(-4, 4), ("positive", 0, 6)], (0,)),
    "poisson_nll_full": (lambda F, t, x, y: F.poisson_nll_loss(
        x, y, log_input=False, full=True, reduction="none"),
        [("positive", 0.1, 6), ("positive", 0, 6)], (0,)),
    "gaussian_nll_loss": (lambda F, t, x, y, v: F.gaussian_nll_loss(x, y, v, reduction="none"),
                          [_u(-3, 3), _u(-3, 3), ("positive", 0.05, 3)], (0, 2)),
    "mse_loss": (lambda F, t, x, y: F.mse_loss(x, y), [_u(-3, 3), _u(-3, 3)], (0,)),
    "smooth_l1_loss": (lambda F, t, x, y: F.smooth_l1_loss(x, y), [_u(-3, 3), _u(-3, 3)], (0,)),
    "huber_loss": (lambda F, t, x, y: F.huber_loss(x, y, delta=0.5), [_u(-3, 3), _u(-3, 3)],
                   (0,)),
    "soft_margin_loss": (lambda F, t, x, y: F.soft_margin_loss(x, y.sign()),
                         [_u(-3, 3), _u(-1, 1)], (0,)),
    # (the backward kernels the activations share)
    "tanh": (lambda F, t, x: t.tanh(x), [_u(-4, 4)], (0,)),
    "sigmoid": (lambda F, t, x: t.sigmoid(x), [_u(-10, 10)], (0,)),
}


def seed_of(name: str, dtype: str, shape: tuple, arg: int) -> int:
    return zlib.crc32(f"{name}|{dtype}|{shape}|{arg}".encode())


def inputs(name: str, dtype: str, shape: tuple) -> list:
    """The arrays one measurement feeds both libraries (the same on every machine)."""
    arrays = []
    for arg, kind in enumerate(CASES[name][1]):
        rng = np.random.default_rng(seed_of(name, dtype, shape, arg))
        if kind[0] == "uniform":
            a = rng.uniform(kind[1], kind[2], shape)
        elif kind[0] == "positive":
            a = rng.uniform(kind[1], kind[2], shape)
        elif kind[0] == "prob":
            a = rng.uniform(0.001, 0.999, shape)
        else:  # class indices along the last dim of the first input
            a = rng.integers(0, shape[-1], shape[:-1] if len(shape) > 1 else (1,))
            arrays.append(a.astype(np.int64))
            continue
        arrays.append(a.astype(dtype))
    return arrays


def weights(name: str, dtype: str, shape: tuple) -> np.ndarray:
    return np.random.default_rng(seed_of(name, dtype, shape, 99)).uniform(-1, 1, 64).astype(
        dtype)


def run(lib, name: str, arrays: list, dtype: str, shape: tuple):
    """(forward values, [gradients]) of one case in `lib` (torch or ember), as NumPy."""
    call, _, grad_args = CASES[name]
    F = lib.nn.functional
    ts = []
    for i, a in enumerate(arrays):
        t = lib.tensor(a)
        if i in grad_args:
            t.requires_grad_(True)
        ts.append(t)
    out = call(F, lib, *ts)
    flat = out.reshape(-1)
    w = weights(name, dtype, shape)
    w = np.resize(w, flat.shape[0]).astype(dtype)
    (flat * lib.tensor(w)).sum().backward()
    grads = [ts[i].grad.detach().numpy().copy() for i in grad_args]
    return out.detach().numpy().copy(), grads


def _differ(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a, b = np.asarray(a).ravel(), np.asarray(b).ravel()
    return (a != b) & ~(np.isnan(a) & np.isnan(b))


def measure(names, shapes=SHAPES) -> list:
    import torch

    import ember

    rows = []
    for name in names:
        for dtype in ("float32", "float64"):
            fwd_n = fwd_d = grad_n = grad_d = 0
            per_shape = []
            for shape in shapes:
                arrays = inputs(name, dtype, shape)
                t_out, t_grads = run(torch, name, arrays, dtype, shape)
                e_out, e_grads = run(ember, name, arrays, dtype, shape)
                d = _differ(t_out, e_out)
                fwd_n += d.size
                fwd_d += d.sum()
                gd = sum(int(_differ(a, b).sum()) for a, b in zip(t_grads, e_grads))
                grad_n += sum(g.size for g in t_grads)
                grad_d += gd
                per_shape.append(f"{int(d.sum())}/{gd}")
            rows.append((name, dtype, 100.0 * fwd_d / fwd_n, 100.0 * grad_d / grad_n,
                         " ".join(per_shape)))
    return rows


def record() -> None:
    import torch

    records = []
    for name in CASES:
        for dtype in ("float32", "float64"):
            for shape in SMALL:
                out, grads = run(torch, name, inputs(name, dtype, shape), dtype, shape)
                records.append({"name": name, "dtype": dtype, "shape": list(shape),
                                "out": base64.b64encode(np.ascontiguousarray(out).tobytes())
                                .decode(),
                                "grads": [base64.b64encode(np.ascontiguousarray(g).tobytes())
                                          .decode() for g in grads]})
    OUT.write_text(json.dumps({"torch": torch.__version__, "records": records}, indent=0))
    print(f"{len(records)} records from torch {torch.__version__} -> {OUT}", file=sys.stderr)


def main() -> None:
    import torch

    torch.set_num_threads(1)
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--record", action="store_true")
    args = parser.parse_args()
    if args.record:
        record()
        return
    rows = measure(args.only or list(CASES))
    print(f"{'function':28} {'dtype':8} {'fwd %':>7} {'grad %':>7}  differing fwd/grad per "
          f"shape {SHAPES}")
    for name, dtype, f, g, per in rows:
        print(f"{name:28} {dtype:8} {f:7.2f} {g:7.2f}  {per}")


if __name__ == "__main__":
    main()
