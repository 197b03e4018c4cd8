"""Fractional max pooling (Graham, 2014): the maximum over windows of a fixed size whose
starts follow a pseudo-random sequence drawn per plane from given samples in [0, 1).

torch's kernels (FractionalMaxPool2d.cpp / FractionalMaxPool3d.cpp) compute each plane's
window starts from its sample u as int((i + u) * alpha) - int(u * alpha) for i < out - 1,
alpha = (in - k) / (out - 1) in the input's dtype, and in - k for the last window; the
maximum is the first in scan order (a nan wins, the last one seen). The samples come from
torch.rand in nn.functional (`_random_samples`), so ember's torch-equal random stream gives
torch's windows. The values are the selection ops of ops/nn_pooling.py
(FractionalMaxPool2DBackward0 / FractionalMaxPool3DBackward0), whose gradient adds g back
at the indices.
"""

from __future__ import annotations

import math

import numpy as np

from .._dispatch import apply
from .._tensor import Tensor
from ..autograd.node import keep_versions
from ._registry import OPS
from .nn_pooling import _places, _shape_text

__all__ = ["fractional_max_pool2d_kernel", "fractional_max_pool3d_kernel"]

_DIM_WORDS = ("time", "height", "width")


def _starts(samples: np.ndarray, size: int, out: int, kernel: int) -> np.ndarray:
    """The window starts along one dim, (*samples.shape, out), computed in the samples'
    dtype as torch's generate_intervals."""
    dtype = samples.dtype.type
    starts = np.empty(samples.shape + (out,), np.int64)
    if out > 1:
        alpha = dtype(size - kernel) / dtype(out - 1)
        steps = np.arange(out - 1).astype(samples.dtype)
        starts[..., :-1] = (((steps + samples[..., None]) * alpha).astype(np.int64)
                            - (samples * alpha).astype(np.int64)[..., None])
    if out > 0:
        starts[..., -1] = size - kernel
    return starts


def _fractional_indices(x: np.ndarray, kernel: tuple, out: tuple,
                        samples: np.ndarray) -> np.ndarray:
    """Flat indices into x's trailing dims of each window's first maximum; x is (N, C,
    *size), samples (N, C, nd) with sample d for dim d (for 2-D torch reads sample 0 for the
    width and sample 1 for the height)."""
    nd = len(kernel)
    size = x.shape[2:]
    places = _places(size)
    order = (1, 0) if nd == 2 else (0, 1, 2)
    flat = np.zeros(x.shape[:2] + (1,) * (2 * nd), np.int64)
    for d in range(nd):
        starts = _starts(samples[..., order[d]], size[d], out[d], kernel[d])  # (N, C, o_d)
        positions = starts[..., :, None] + np.arange(kernel[d])  # (N, C, o_d, k_d)
        flat = flat + _spread(positions * places[d], d, nd)
    count = math.prod(kernel)
    flat = flat.reshape(x.shape[:2] + (math.prod(out), count))
    values = np.take_along_axis(x.reshape(x.shape[:2] + (math.prod(size),)),
                                flat.reshape(x.shape[:2] + (flat.shape[2] * count,)), axis=-1)
    values = values.reshape(flat.shape)
    best = np.argmax(values, axis=-1) if count else np.zeros(flat.shape[:-1], np.int64)
    if x.dtype.kind == "f":
        missing = np.isnan(values)
        if missing.any():  # a nan wins; the kernel keeps the last one it meets
            last = count - 1 - np.argmax(missing[..., ::-1], axis=-1)
            best = np.where(missing.any(axis=-1), last, best)
    chosen = np.take_along_axis(flat, best[..., None], axis=-1)[..., 0]
    return chosen.reshape(x.shape[:2] + tuple(out))


def _spread(positions: np.ndarray, d: int, nd: int) -> np.ndarray:
    """(N, C, o_d, k_d) laid out as (N, C, 1.., o_d, 1.., 1.., k_d, 1..) for dim d of nd."""
    n, c, o, k = positions.shape
    shape = (n, c) + tuple(o if e == d else 1 for e in range(nd)) + tuple(
        k if e == d else 1 for e in range(nd))
    return positions.reshape(shape)


def _pair_or_triple(value, nd: int, message: str) -> tuple:
    values = (value,) if isinstance(value, (int, np.integer)) else tuple(value)
    if len(values) not in (1, nd):
        raise RuntimeError(message)
    return tuple(int(v) for v in values) * (nd if len(values) == 1 else 1)


def _fractional(input: Tensor, kernel_size, output_size, random_samples: Tensor, nd: int):
    """torch._C._nn.fractional_max_pool{nd}d: (values, indices), with torch's checks."""
    name = f"fractional_max_pool{nd}d"
    where = "fractional_max_pool2d(): " if nd == 2 else "fractional_max_pool3d_out(): "
    words = "tuple of Ints" if nd == 2 else "tuple of three Ints"
    kernel = _pair_or_triple(kernel_size, nd, f"{name}: kernel_size must either be a single "
                                              f"Int or {words}")
    out = _pair_or_triple(output_size, nd, f"{name}: output_size must either be a single Int "
                                           f"or {words}")
    if input.ndim not in (nd + 1, nd + 2):
        raise RuntimeError(f"{where}Expected {nd + 1}D or {nd + 2}D tensor, but got: "
                           f"{_shape_text(input.shape)}")
    for dim in range(1, input.ndim):
        if input.shape[dim] == 0:
            raise RuntimeError(f"{where}Expected input to have non-zero size for non-batch "
                               f"dimensions, but got{_shape_text(input.shape)} with dimension "
                               f"{dim} being empty.")
    samples = random_samples
    if samples._data.dtype != input._data.dtype:
        raise RuntimeError("Expect _random_samples to have the same dtype as input")
    if samples.ndim != 3:
        raise RuntimeError(f"Expect _random_samples to have 3 dimensions, got {samples.ndim}")
    batched = input.ndim == nd + 2
    batch = input.shape[0] if batched else 1
    planes = input.shape[-nd - 1]
    if samples.shape[0] < batch:
        raise RuntimeError("Expect _random_samples.size(0) no less then input batch size.")
    if samples.shape[1] != planes:
        raise RuntimeError("Expect _random_samples.size(1) equals to input channel size.")
    if samples.shape[2] != nd:
        raise RuntimeError(f"Expect _random_samples.size(2) equals to {nd}; got "
                           f"{samples.shape[2]}.")
    size = tuple(input.shape[-nd:])
    for d in range(nd):
        fits = out[d] + kernel[d] - 1 <= size[d] if nd == 2 else \
            out[d] + kernel[d] - 1 < size[d]
        if not fits:
            word = _DIM_WORDS[d + 3 - nd]
            raise RuntimeError(f"{where}pool {word} {kernel[d]} too large relative to input "
                               f"{word} {size[d]}")
    if min(out) < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(out)}: "
                           f"{_shape_text(tuple(input.shape[:-nd]) + out)}")
    data = input._data if batched else input._data[None]
    indices = _fractional_indices(data, kernel, out, samples._data[:batch])
    if not batched:
        indices = indices[0]
    result = apply(OPS[name], (input,), (indices, size, False))
    returned = Tensor(indices)  # (saved by torch: its version is checked)
    return keep_versions(result, returned), returned


def fractional_max_pool2d_kernel(input: Tensor, kernel_size, output_size,
                                 random_samples: Tensor):
    """torch._C._nn.fractional_max_pool2d: (values, indices) of (N, C, H, W) or (C, H, W)."""
    return _fractional(input, kernel_size, output_size, random_samples, 2)


def fractional_max_pool3d_kernel(input: Tensor, kernel_size, output_size,
                                 random_samples: Tensor):
    """torch._C._nn.fractional_max_pool3d: (values, indices) of (N, C, D, H, W) or
    (C, D, H, W)."""
    return _fractional(input, kernel_size, output_size, random_samples, 3)
