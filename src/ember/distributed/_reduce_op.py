"""ReduceOp: torch's names and numbers for the reductions of all_reduce, reduce and
reduce_scatter_tensor (``ReduceOp.SUM`` prints as ``<RedOpType.SUM: 0>``)."""

from __future__ import annotations

import enum


class RedOpType(enum.IntEnum):
    SUM = 0
    AVG = 1
    PRODUCT = 2
    MIN = 3
    MAX = 4
    BAND = 5
    BOR = 6
    BXOR = 7
    PREMUL_SUM = 8

    def __str__(self) -> str:
        return f"RedOpType.{self.name}"


RedOpType.__qualname__ = "ReduceOp.RedOpType"


class ReduceOp:
    """The namespace of reductions: ``ReduceOp.SUM``, ``AVG``, ``PRODUCT``, ``MIN``,
    ``MAX``, and the bitwise ``BAND``, ``BOR``, ``BXOR`` (integer and bool tensors)."""

    __module__ = "ember.distributed.distributed_c10d"  # torch's module for it

    RedOpType = RedOpType
    SUM = RedOpType.SUM
    AVG = RedOpType.AVG
    PRODUCT = RedOpType.PRODUCT
    MIN = RedOpType.MIN
    MAX = RedOpType.MAX
    BAND = RedOpType.BAND
    BOR = RedOpType.BOR
    BXOR = RedOpType.BXOR
    PREMUL_SUM = RedOpType.PREMUL_SUM


def check_op(op, function: str) -> RedOpType:
    """The op as a RedOpType, or torch's TypeError for anything else."""
    if isinstance(op, RedOpType):
        return op
    raise TypeError(f"{function}(): the reduction must be a ReduceOp (ReduceOp.SUM, "
                    f"ReduceOp.AVG, ...), not {op!r}")
