"""ember.fft: torch.fft's names. The transforms give complex tensors, which ember does not
have yet: they raise NotImplementedError. The helpers that stay real work as torch's:
`fftfreq`, `rfftfreq` (sample frequencies) and `fftshift`, `ifftshift` (rolls)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from ._creation import arange
from ._tensor import Tensor
from .ops.shape_copies import cat, roll

__all__ = ["fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "irfft", "rfft2", "irfft2",
           "rfftn", "irfftn", "hfft", "ihfft", "hfft2", "ihfft2", "hfftn", "ihfftn",
           "fftfreq", "rfftfreq", "fftshift", "ifftshift"]


def _needs_complex(name: str):
    def transform(*args, **kwargs):
        raise NotImplementedError(f"torch.fft.{name} needs complex tensors, which ember does "
                                  "not have yet: compute it with NumPy (numpy.fft) for now")

    transform.__name__ = transform.__qualname__ = name
    transform.__doc__ = f"torch.fft.{name}: not available in ember (no complex dtypes)."
    return transform


fft, ifft, fft2, ifft2, fftn, ifftn = (_needs_complex(name) for name in (
    "fft", "ifft", "fft2", "ifft2", "fftn", "ifftn"))
rfft, irfft, rfft2, irfft2, rfftn, irfftn = (_needs_complex(name) for name in (
    "rfft", "irfft", "rfft2", "irfft2", "rfftn", "irfftn"))
hfft, ihfft, hfft2, ihfft2, hfftn, ihfftn = (_needs_complex(name) for name in (
    "hfft", "ihfft", "hfft2", "ihfft2", "hfftn", "ihfftn"))


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
