"""torch.utils.benchmark.utils.compare: not in ember."""

from __future__ import annotations

from .common import Measurement

__all__ = ["Compare"]


class Compare:
    """torch.utils.benchmark.Compare (a table of many measurements): not in ember."""

    def __init__(self, results: list[Measurement]) -> None:
        raise NotImplementedError("torch.utils.benchmark.Compare is not implemented in ember; "
                                  "print each Measurement instead")
