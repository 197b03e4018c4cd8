"""Forwards that behave as NumPy ufuncs for ember's fast paths.

The fast paths (`_dispatch`: the generated apply and method paths, in-place writes with
`out=`) take an op whose forward is a NumPy ufunc: they read its `nin`/`nout`/`types` and
call it with `out=`. A forward that wraps a ufunc to round as torch does
(ops/_torch_libm.py) keeps that interface by being a `UfuncLike`, so `x.exp()` and
`p.exp_()` stay on the fast paths.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["UfuncLike", "is_ufunc_like"]


class UfuncLike:
    """`compute(x)` in place of `ufunc(x)`: same inputs, outputs, loops and dtypes; the
    values may differ in the last bit (that is its purpose)."""

    __slots__ = ("ufunc", "compute", "nin", "nout", "types", "__name__", "description")

    def __init__(self, ufunc: np.ufunc, compute: Callable, description: str) -> None:
        self.ufunc = ufunc
        self.compute = compute
        self.nin, self.nout, self.types = ufunc.nin, ufunc.nout, ufunc.types
        self.__name__ = ufunc.__name__
        self.description = description

    def __call__(self, *arrays, out=None):
        result = self.compute(*arrays)
        if out is None:
            return result
        np.copyto(out, result)
        return out

    def __repr__(self) -> str:
        return f"<torch-rounded {self.__name__}>"


def is_ufunc_like(forward) -> bool:
    """Whether the fast paths may treat `forward` as a NumPy ufunc."""
    return isinstance(forward, (np.ufunc, UfuncLike))
