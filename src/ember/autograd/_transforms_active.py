"""Which torch.func transforms are running, for the checks custom Functions make.

torch refuses, inside any torch.func transform (grad, vjp, jvp, jacrev, jacfwd, hessian,
vmap), a custom autograd.Function that does not override `setup_context`, and inside vmap
(torch's jacfwd and hessian vmap too) one that has neither a `vmap` staticmethod nor
`generate_vmap_rule = True`. ember's transforms run the user's function directly, so they
count themselves here while it runs, and `Function.apply` reads the counts.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

__all__ = ["state", "running"]


class _State:
    __slots__ = ("transforms", "vmaps")

    def __init__(self) -> None:
        self.transforms = 0  # transforms of any kind running the user's function now
        self.vmaps = 0  # of which vmaps (or transforms torch builds on vmap)


state = _State()


@contextlib.contextmanager
def running(vmap: bool = False) -> Iterator[None]:
    """Count one transform (a vmap if `vmap`) while the block runs the user's function."""
    state.transforms += 1
    state.vmaps += vmap
    try:
        yield
    finally:
        state.transforms -= 1
        state.vmaps -= vmap
