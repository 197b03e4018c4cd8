"""torch._tensor_str's public corner: the print options object and a context manager.

Code written for torch reads `torch._tensor_str.PRINT_OPTS.precision` or prints inside
`with torch._tensor_str.printoptions(precision=2):`; both work on ember's print options,
which live in _printing (where the layout itself is done).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from ._printing import _OPTIONS as PRINT_OPTS
from ._printing import get_printoptions, set_printoptions

__all__ = ["PRINT_OPTS", "get_printoptions", "printoptions", "set_printoptions"]


@contextlib.contextmanager
def printoptions(**kwargs: Any) -> Iterator[None]:
    """set_printoptions(**kwargs) for the block; the options before it come back after."""
    old = get_printoptions()
    set_printoptions(**kwargs)
    try:
        yield
    finally:
        set_printoptions(**old)
