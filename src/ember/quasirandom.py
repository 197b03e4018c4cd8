"""torch.quasirandom: SobolEngine is not provided. Its points come from torch's table of
direction numbers for up to 21201 dimensions (Joe and Kuo's), which ember does not carry;
without it the sequence would not be torch's."""

from __future__ import annotations

__all__ = ["SobolEngine"]


class SobolEngine:
    """torch.quasirandom.SobolEngine: refused (no direction-number table in ember)."""

    __module__ = "ember.quasirandom"

    MAXBIT = 30
    MAXDIM = 21201

    def __init__(self, dimension: int, scramble: bool = False, seed: int | None = None) -> None:
        raise NotImplementedError(
            "torch.quasirandom.SobolEngine is not supported by ember: it needs torch's table "
            "of Sobol direction numbers, which ember does not include. For uniform random "
            "points use torch.rand(n, dimension) instead (pseudo-random, not low-discrepancy)")
