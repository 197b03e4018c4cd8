"""ember.fft: torch.fft's functions. The transforms are compositions of three ops
(ops/spectral.py: c2c, r2c, c2r) with the slices, zero pads, casts and conjugates torch
puts around them, so results, gradients and graphs match torch's; they are built in
`_fft_transforms`. The helpers that stay real: `fftfreq`, `rfftfreq` (sample frequencies)
and `fftshift`, `ifftshift` (rolls)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from ._creation import arange
from ._fft_transforms import (
    fft,
    fft2,
    fftn,
    hfft,
    hfft2,
    hfftn,
    ifft,
    ifft2,
    ifftn,
    ihfft,
    ihfft2,
    ihfftn,
    irfft,
    irfft2,
    irfftn,
    rfft,
    rfft2,
    rfftn,
)
from ._tensor import Tensor
from .ops.shape_copies import cat, roll

__all__ = ["fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "irfft", "rfft2", "irfft2",
           "rfftn", "irfftn", "hfft", "ihfft", "hfft2", "ihfft2", "hfftn", "ihfftn",
           "fftfreq", "rfftfreq", "fftshift", "ifftshift"]


def fftfreq(n: int, d: float = 1.0, *, dtype=None, layout=None, device=None,
            requires_grad: bool = False) -> Tensor:
    """The sample frequencies of an n-point transform with spacing d: 0, 1, ..., then the
    negative ones, over n * d (each index times 1 / (n * d), as torch's)."""
    positive = arange((n - 1) // 2 + 1, dtype=dtype, device=device)
    negative = arange(-(n // 2), 0, dtype=dtype, device=device)
    return (cat([positive, negative]) * _reciprocal(n * d)).requires_grad_(requires_grad)


def rfftfreq(n: int, d: float = 1.0, *, dtype=None, layout=None, device=None,
             requires_grad: bool = False) -> Tensor:
    """The non-negative sample frequencies of rfft: 0, 1, ..., n // 2 over n * d."""
    return (arange(n // 2 + 1, dtype=dtype, device=device) * _reciprocal(n * d)
            ).requires_grad_(requires_grad)


def _reciprocal(x: float) -> float:
    """1 / x as C computes it: +-inf for a zero (rfftfreq(0) is then [0 * inf] = [nan])."""
    return 1.0 / x if x else math.copysign(math.inf, x)


def _dims(input: Tensor, dim) -> tuple[int, ...]:
    if dim is None:
        return tuple(range(input.ndim))
    return (dim,) if isinstance(dim, int) else tuple(dim)


def fftshift(input: Tensor, dim: int | Sequence[int] | None = None) -> Tensor:
    """The zero frequency moved to the middle: a roll by half of each dim's size."""
    dims = _dims(input, dim)
    return roll(input, [input.shape[d] // 2 for d in dims], dims)


def ifftshift(input: Tensor, dim: int | Sequence[int] | None = None) -> Tensor:
    """fftshift's inverse: a roll back by half of each dim's size."""
    dims = _dims(input, dim)
    return roll(input, [-(input.shape[d] // 2) for d in dims], dims)
