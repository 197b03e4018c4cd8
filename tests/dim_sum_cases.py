"""Cases shared by scripts/record_dim_sum_reference.py (run on torch) and
tests/test_dim_sum_order.py (run on ember): sums and means over dims whose last bits depend
on torch's order of additions. Inputs are regenerated from seeds by NumPy, so the recorded
file holds only torch's outputs."""

from __future__ import annotations

import base64

import numpy as np

# (shape, dtype, layout, dims, keepdim): layout "c" contiguous, "t" the dims reversed (a
# transposed view), "s" every other element of the first dim (a strided view), "p" the
# first two dims swapped in memory (a contiguous array's transpose(0, 1))
REDUCTIONS = [
    ((210, 4), "float32", "c", 0, False),  # the practitioner's X.mean(0)
    ((40, 5), "float32", "c", 1, False),
    ((128, 96), "float32", "c", 0, False),  # the cascade's blocks down columns
    ((40, 256), "float32", "c", 1, True),  # vectors along rows, four side by side
    ((1000, 21), "float64", "c", 0, False),  # columns past the last group of four vectors
    ((21, 1000), "float64", "c", -1, False),
    ((3, 40000), "float32", "c", 1, False),  # a long row: the cascade's upper levels
    ((100000,), "float32", "c", 0, False),
    ((100000,), "float64", "c", 0, True),
    ((20000, 3), "float32", "c", 0, False),  # fewer columns than a vector: scalars
    ((1, 100), "float32", "c", 0, False),  # a dim of one element: x + 0
    ((7, 9, 11), "float32", "c", (0, 2), False),  # rows added one after another
    ((6, 50, 33), "float64", "c", (1, 2), True),
    ((17, 12, 37), "float64", "p", 0, False),
    ((300, 70), "float32", "t", 0, False),  # a transposed view: strided rows
    ((70, 300), "float32", "t", 1, False),
    ((301, 45), "float32", "s", 0, False),
    ((5, 64, 3), "float32", "t", (0, 1), False),
    ((2, 3, 4, 5), "float64", "c", (0, 1, 2, 3), False),
    ((999,), "float32", "c", -1, False),
]

OPS = ("sum", "mean", "nansum", "nanmean")


def inputs(index: int, lib):
    """The input of case `index` as a `lib` tensor (torch or ember), in its layout: values
    of magnitudes from e^-6 to e^6, so that every order of additions shows; a few nan."""
    shape, dtype, layout, _, _ = REDUCTIONS[index]
    rng = np.random.default_rng(1000 + index)
    base_shape = {"t": shape[::-1], "s": (shape[0] * 2,) + shape[1:],
                  "p": shape[1::-1] + shape[2:]}.get(layout, shape)
    values = rng.standard_normal(base_shape) * np.exp(rng.uniform(-6, 6, base_shape))
    values[rng.random(base_shape) < 0.01] = np.nan
    t = lib.tensor(values.astype(dtype))
    if layout == "t":
        return t.permute(*reversed(range(len(shape))))
    if layout == "p":
        return t.transpose(0, 1)
    return t[::2] if layout == "s" else t


def run(lib, index: int, op: str):
    """torch's or ember's `op` of case `index` (sum and mean of the input with nan as 0)."""
    _, _, _, dims, keepdim = REDUCTIONS[index]
    x = inputs(index, lib)
    if op in ("sum", "mean"):
        x = lib.nan_to_num(x, nan=0.0)
    return getattr(lib, op)(x, dims, keepdim=keepdim)


# gradients summed over broadcast dims (torch's sum_to runs its sum kernel): a Linear
# layer's bias and a broadcast addend, (batch, in, out)
GRADIENTS = [(128, 20, 96), (128, 20, 10), (64, 5, 45), (1000, 3, 37), (33, 4, 7)]


def run_gradient(lib, index: int):
    """The bias gradient and a broadcast (1, out) addend's gradient, concatenated."""
    batch, fan_in, fan_out = GRADIENTS[index]
    rng = np.random.default_rng(2000 + index)
    x = lib.tensor(rng.standard_normal((batch, fan_in)).astype(np.float32))
    weight = lib.tensor(rng.standard_normal((fan_out, fan_in)).astype(np.float32),
                        requires_grad=True)
    bias = lib.zeros(fan_out, requires_grad=True)
    addend = lib.zeros(1, fan_out, requires_grad=True)
    grad = rng.standard_normal((batch, fan_out)) * np.exp(rng.uniform(-5, 5, (batch, fan_out)))
    out = lib.nn.functional.linear(x, weight, bias) + addend
    out.backward(lib.tensor(grad.astype(np.float32)))
    return lib.cat([bias.grad, addend.grad[0]])


def bits(value) -> str:
    """A result's bytes (little-endian, its own dtype), as the recorded file holds them."""
    array = np.ascontiguousarray(value.detach().numpy() if hasattr(value, "detach") else value)
    return base64.b64encode(array.astype(array.dtype.newbyteorder("<")).tobytes()).decode()
