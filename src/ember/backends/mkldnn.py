"""ember.backends.mkldnn: oneDNN (MKL-DNN), which ember does not use. `enabled` keeps
torch's meaning where it shows: an LSTM's output is named after oneDNN's layer
(MkldnnRnnLayerBackward0) while it is set, as torch's is."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

__all__ = ["is_available", "enabled", "deterministic", "flags"]

enabled: bool = True  # torch's default
deterministic: bool = False


def is_available() -> bool:
    """False: ember computes with NumPy, never with oneDNN kernels."""
    return False


@contextlib.contextmanager
def flags(enabled: bool = False, deterministic: bool = False) -> Iterator[None]:
    """Set the flags for the duration of a `with` block, then restore them."""
    module = sys.modules[__name__]
    saved = module.enabled, module.deterministic
    module.enabled, module.deterministic = enabled, deterministic
    try:
        yield
    finally:
        module.enabled, module.deterministic = saved
