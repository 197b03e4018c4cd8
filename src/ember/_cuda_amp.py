"""torch.cuda.amp: the deprecated CUDA spellings of autocast and GradScaler.

Older scripts write ``torch.cuda.amp.GradScaler(enabled=use_amp)`` and
``torch.cuda.amp.autocast(enabled=use_amp)``; torch 2.13 warns that they are deprecated and
then behaves as ``torch.amp``'s "cuda" forms, which in a CPU-only build (and so in ember)
warn and disable themselves when enabled.
"""

from __future__ import annotations

from typing import Any

from . import _dtype
from ._warnings import warn
from .amp import autocast_mode, grad_scaler

__all__ = ["autocast", "GradScaler"]


class autocast(autocast_mode.autocast):  # noqa: N801 - torch's name
    """`torch.amp.autocast("cuda", ...)`, after torch's deprecation warning."""

    def __init__(self, enabled: bool = True, dtype: Any = _dtype.float16,
                 cache_enabled: bool = True) -> None:
        warn("`torch.cuda.amp.autocast(args...)` is deprecated. Please use "
             "`torch.amp.autocast('cuda', args...)` instead.", FutureWarning)
        super().__init__("cuda", enabled=enabled, dtype=dtype, cache_enabled=cache_enabled)


class GradScaler(grad_scaler.GradScaler):
    """`torch.amp.GradScaler("cuda", ...)`, after torch's deprecation warning."""

    def __init__(self, init_scale: float = 2.0 ** 16, growth_factor: float = 2.0,
                 backoff_factor: float = 0.5, growth_interval: int = 2000,
                 enabled: bool = True) -> None:
        warn("`torch.cuda.amp.GradScaler(args...)` is deprecated. Please use "
             "`torch.amp.GradScaler('cuda', args...)` instead.", FutureWarning)
        super().__init__("cuda", init_scale=init_scale, growth_factor=growth_factor,
                         backoff_factor=backoff_factor, growth_interval=growth_interval,
                         enabled=enabled)
