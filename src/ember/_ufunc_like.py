"""Forwards that behave as NumPy ufuncs for ember's fast paths.

The fast paths (`_dispatch`: the generated apply and method paths, in-place writes with
`out=`) take an op whose forward is a NumPy ufunc: they read its `nin`/`nout`/`types` and
call it with `out=`. A forward that wraps a ufunc to round as torch does
(ops/_torch_libm.py) keeps that interface: it is a plain function taking `(x, out=None)`,
marked by `ufunc_like` with the ufunc's attributes, so `x.exp()` and `p.exp_()` stay on the
fast paths. (A function, not an object with `__call__`: that call would add a Python frame
to every `x.exp()`, ~5% of a small op.)
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["deliver", "is_ufunc_like", "ufunc_like"]


def ufunc_like(ufunc: np.ufunc, forward: Callable, description: str) -> Callable:
    """`forward` (taking `(x, out=None)`, with the ufunc's inputs, outputs, loops and dtypes;
    its values may differ in the last bit: that is its purpose), marked as standing in for
    `ufunc`."""
    forward.ufunc = ufunc
    forward.nin, forward.nout, forward.types = ufunc.nin, ufunc.nout, ufunc.types
    forward.__name__ = ufunc.__name__
    forward.description = description
    return forward


def deliver(result: np.ndarray, out: np.ndarray | None) -> np.ndarray:
    """A ufunc-like forward's result, written into `out` where one was given."""
    if out is None:
        return result
    np.copyto(out, result)
    return out


def is_ufunc_like(forward) -> bool:
    """Whether the fast paths may treat `forward` as a NumPy ufunc."""
    return isinstance(forward, np.ufunc) or getattr(forward, "ufunc", None) is not None
