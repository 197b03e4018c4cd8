"""ember.backends.cuda: CUDA's switches. ember is not built with CUDA; the matmul precision
flags exist with torch's defaults and may be set, with no effect."""

from __future__ import annotations

from typing import Any

__all__ = ["is_built", "matmul"]


def is_built() -> bool:
    """False: ember has no CUDA support built in."""
    return False


class _MatmulFlags:
    """`backends.cuda.matmul`: a fixed set of flags; other names raise AttributeError."""

    _DEFAULTS = {"allow_tf32": False, "allow_fp16_reduced_precision_reduction": True,
                 "allow_bf16_reduced_precision_reduction": True}

    def __init__(self) -> None:
        object.__setattr__(self, "_values", dict(self._DEFAULTS))

    def __getattr__(self, name: str) -> Any:
        values = object.__getattribute__(self, "_values")
        if name in values:
            return values[name]
        raise AttributeError(f"Unknown attribute {name}")

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in self._values:
            raise AttributeError(f"Unknown attribute {name}")
        self._values[name] = value


matmul = _MatmulFlags()
