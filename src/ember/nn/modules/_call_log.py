"""Which module call produced which graph nodes, for ember.viz.

Every graph node takes a number from one global counter when it is created
(`autograd.node._sequence`). A module call that runs while gradients are recorded takes a
number before and after its forward, so the nodes it created are exactly those numbered in
between; nested calls give nested intervals. `Module.__call__` appends one entry per such
call to `CALLS`, a bounded log that holds modules weakly, so it costs two counter reads and
one append per call and never keeps a model alive. `ember.viz` reads it to name
parameters by their module path and to draw a box around each module's ops.
"""

from __future__ import annotations

import collections
from typing import NamedTuple

from ...autograd.node import _sequence

__all__ = ["CALLS", "ModuleCall", "depth", "next_number"]


class ModuleCall(NamedTuple):
    """The layout of one entry of CALLS: the interval of node numbers a module call's
    forward created. Module.__call__ appends plain tuples in this order (building the named
    tuple on every call would cost more than the rest of the logging)."""

    first: int        # counter value taken before forward: nodes created after it...
    last: int         # ...and before this one belong to the call
    module: object    # weakref.ref to the module
    depth: int        # 0 for a call made outside any other module's forward


# The most recent calls; older ones fall off (a graph older than this is drawn without
# module boxes).
CALLS: collections.deque[tuple] = collections.deque(maxlen=20_000)

# How many module calls are running on the stack (one list cell: cheap to read and bump).
depth = [0]

next_number = _sequence.__next__
