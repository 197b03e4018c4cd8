"""ember.distributed: torch.distributed's API on MPI (through mpi4py).

    import ember.distributed as dist
    dist.init_process_group()              # rank and world size come from the launcher
    t = ember.ones(3) * dist.get_rank()
    dist.all_reduce(t)                     # in place on every rank

Start the processes with ``mpiexec -n 4 python train.py`` or
``python -m ember.distributed.run --nproc-per-node 4 train.py`` (torchrun's flags). This
package imports without mpi4py; ``init_process_group`` then says how to install it
(``pip install 'ember[distributed]'``). docs/distributed.md has the details: launching on
one or many machines, what happens when a rank fails, and scaling.
"""

from ._collectives import (
    all_gather,
    all_gather_into_tensor,
    all_reduce,
    barrier,
    broadcast,
    gather,
    reduce,
    reduce_scatter_tensor,
    scatter,
)
from ._group import (
    Backend,
    DistBackendError,
    DistError,
    GroupMember,
    ProcessGroup,
    destroy_process_group,
    get_backend,
    get_node_local_rank,
    get_rank,
    get_world_size,
    group,
    init_process_group,
    is_available,
    is_gloo_available,
    is_initialized,
    is_mpi_available,
    is_nccl_available,
)
from ._objects import (
    all_gather_object,
    broadcast_object_list,
    gather_object,
    scatter_object_list,
)
from ._p2p import irecv, isend, recv, send
from ._reduce_op import ReduceOp
from ._work import Work

__all__ = [
    "Backend", "DistBackendError", "DistError", "GroupMember", "ProcessGroup", "ReduceOp",
    "Work", "all_gather", "all_gather_into_tensor", "all_gather_object", "all_reduce",
    "barrier", "broadcast", "broadcast_object_list", "destroy_process_group", "gather",
    "gather_object", "get_backend", "get_node_local_rank", "get_rank", "get_world_size",
    "group", "init_process_group", "irecv", "is_available", "is_gloo_available",
    "is_initialized", "is_mpi_available", "is_nccl_available", "isend", "new_group", "recv",
    "reduce", "reduce_scatter_tensor", "scatter", "scatter_object_list", "send",
]


def new_group(ranks=None, timeout=None, backend=None, pg_options=None, **kwargs):
    """Subgroups are not implemented: ember's collectives run on the default group."""
    raise NotImplementedError("ember.distributed.new_group: subgroups are not implemented; "
                              "every collective runs on the default group (all ranks)")
