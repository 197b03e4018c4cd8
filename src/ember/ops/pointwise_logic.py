"""Elementwise comparisons (== != < <= > >= and their aliases), logical and bitwise ops,
and isnan/isinf/isfinite. None of them has a gradient: each answers with a bool tensor
(the bitwise ops keep the promoted integer dtype).

Whole-tensor comparisons answering with one bool (equal, allclose) are in comparison.py.
"""

from __future__ import annotations

import numpy as np

from .._dispatch import apply
from .._tensor import Tensor
from ._registry import COMPARE, OPS, PROMOTE, declare, public


def _comparison(name: str, numpy_fn) -> None:
    declare(name, dtype=COMPARE)(lambda a, b: numpy_fn(a, b))


for _name, _fn in (("eq", np.equal), ("ne", np.not_equal), ("lt", np.less),
                   ("le", np.less_equal), ("gt", np.greater), ("ge", np.greater_equal)):
    _comparison(_name, _fn)

declare("logical_and")(lambda a, b: np.logical_and(a, b))
declare("logical_or")(lambda a, b: np.logical_or(a, b))
declare("logical_xor")(lambda a, b: np.logical_xor(a, b))
declare("logical_not")(lambda a: np.logical_not(a))
declare("isnan")(lambda a: np.isnan(a))
declare("isinf")(lambda a: np.isinf(a))
declare("isfinite")(lambda a: np.isfinite(a))
declare("bitwise_not")(lambda a: np.invert(a))
declare("bitwise_and", dtype=PROMOTE)(lambda a, b: np.bitwise_and(a, b))
declare("bitwise_or", dtype=PROMOTE)(lambda a, b: np.bitwise_or(a, b))
declare("bitwise_xor", dtype=PROMOTE)(lambda a, b: np.bitwise_xor(a, b))


# ====================================================================== public API
def _comparison_public(name: str, operator: str, aliases: tuple = ()):
    op = OPS[name]

    def function(input: Tensor, other) -> Tensor:
        if not isinstance(other, (Tensor, int, float, bool, np.number, np.bool_)):
            return NotImplemented
        return apply(op, (input, other))

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"Elementwise `{operator}`, as a bool tensor."
    public(inplace=True, operators=(operator,))(function)
    for alias in aliases:
        public(name=alias, inplace=True)(function)
    return function


eq = _comparison_public("eq", "__eq__")
ne = _comparison_public("ne", "__ne__", ("not_equal",))
lt = _comparison_public("lt", "__lt__", ("less",))
le = _comparison_public("le", "__le__", ("less_equal",))
gt = _comparison_public("gt", "__gt__", ("greater",))
ge = _comparison_public("ge", "__ge__", ("greater_equal",))


def _logical_public(name: str, operators: tuple = ()):
    op = OPS[name]
    arity = 1 if name in ("logical_not", "isnan", "isinf", "isfinite", "bitwise_not") else 2

    if arity == 1:
        def function(input: Tensor) -> Tensor:
            return apply(op, (input,))
    else:
        def function(input: Tensor, other) -> Tensor:
            return apply(op, (input, other))

    function.__name__ = function.__qualname__ = name
    in_place = not name.startswith("is")
    return public(inplace=in_place, operators=operators)(function)


logical_and = _logical_public("logical_and")
logical_or = _logical_public("logical_or")
logical_xor = _logical_public("logical_xor")
logical_not = _logical_public("logical_not")
isnan = _logical_public("isnan")
isinf = _logical_public("isinf")
isfinite = _logical_public("isfinite")
bitwise_not = _logical_public("bitwise_not", ("__invert__",))
bitwise_and = _logical_public("bitwise_and", ("__and__", "__rand__"))
bitwise_or = _logical_public("bitwise_or", ("__or__", "__ror__"))
bitwise_xor = _logical_public("bitwise_xor", ("__xor__", "__rxor__"))
