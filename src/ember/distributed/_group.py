"""The default process group: MPI's COMM_WORLD, its rank and size, the timeout every wait
honours, and the abort that turns one rank's uncaught exception into the whole job's end."""

from __future__ import annotations

import datetime
import os
import sys
import time

from . import _mpi

NOT_INITIALIZED = ("Default process group has not been initialized, please make sure to "
                   "call init_process_group.")
DEFAULT_TIMEOUT = datetime.timedelta(minutes=30)  # torch's default_pg_timeout


class DistError(RuntimeError):
    """A failure of the distributed machinery (torch.distributed.DistError)."""


class DistBackendError(DistError):
    """The communication itself failed or timed out (torch.distributed.DistBackendError)."""


DistError.__module__ = DistBackendError.__module__ = "ember.distributed"


class Backend(str):
    """A backend's name as torch spells it; ember has one backend, ``"mpi"``."""

    __module__ = "ember.distributed.distributed_c10d"  # torch's module for it

    UNDEFINED = "undefined"
    GLOO = "gloo"
    NCCL = "nccl"
    UCC = "ucc"
    MPI = "mpi"

    def __new__(cls, name: str) -> Backend:
        if not isinstance(name, str):
            raise ValueError(f"Backend name must be a string, but got: {name}")
        return str.__new__(cls, name.lower())


class ProcessGroup:
    """The group of all ranks (ember has no subgroups): an MPI communicator, a timeout."""

    __module__ = "ember.distributed.distributed_c10d"  # torch's module for it

    __slots__ = ("comm", "rank", "size", "timeout_s", "checks")

    def __init__(self, comm, rank: int, size: int, timeout_s: float, checks: bool = True):
        self.comm = comm
        self.rank = rank
        self.size = size
        self.timeout_s = timeout_s
        self.checks = checks  # cross-rank agreement checks before collectives (_checks)

    def __repr__(self) -> str:
        return f"ProcessGroup(backend='mpi', rank={self.rank}, size={self.size})"

    def name(self) -> str:
        return "mpi"


class _State:
    group: ProcessGroup | None = None
    previous_excepthook = None


state = _State()


class GroupMember:
    """``GroupMember.WORLD``: the default group once initialised (``group.WORLD``)."""

    __module__ = "ember.distributed.distributed_c10d"  # torch's module for it

    NON_GROUP_MEMBER = -100

    @property
    def WORLD(self) -> ProcessGroup | None:  # noqa: N802 (torch's name)
        return state.group


group = GroupMember()


def is_available() -> bool:
    """True when the MPI binding (mpi4py) is installed."""
    return _mpi.available()


def is_mpi_available() -> bool:
    return _mpi.available()


def is_gloo_available() -> bool:
    return False


def is_nccl_available() -> bool:
    return False


def is_initialized() -> bool:
    return state.group is not None


def default_group(group: ProcessGroup | None = None) -> ProcessGroup:
    """The group a call works on: the default one (torch's ValueError before init)."""
    if state.group is None:
        raise ValueError(NOT_INITIALIZED)
    if group is not None and group is not state.group:
        raise NotImplementedError("ember.distributed has only the default group (all ranks); "
                                  "new_group and subgroups are not implemented")
    return state.group


def init_process_group(backend: str | None = None, init_method: str | None = None,
                       timeout: datetime.timedelta | None = None, world_size: int = -1,
                       rank: int = -1, store=None, group_name: str = "", pg_options=None,
                       device_id=None) -> None:
    """Join the job's processes: rank and world size come from the MPI launcher
    (``mpiexec -n N python script.py`` or ``python -m ember.distributed.run``); a script run
    without a launcher is a world of one. ``backend`` may be ``"mpi"`` or left unset."""
    if state.group is not None:
        raise ValueError("trying to initialize the default process group twice!")
    if backend is not None:
        name = Backend(backend)
        if name not in ("mpi", "cpu:mpi"):
            raise RuntimeError(
                f"ember.distributed has no {str(backend)!r} backend: it communicates through "
                "MPI only, so use init_process_group(backend='mpi') (or leave backend unset) "
                "and start the processes with mpiexec or python -m ember.distributed.run")
    if init_method is not None and not str(init_method).startswith("env://"):
        raise ValueError(f"init_method={init_method!r}: with MPI the launcher connects the "
                         "processes; leave init_method unset")
    if timeout is not None and not isinstance(timeout, datetime.timedelta):
        raise TypeError(f"Expected timeout argument to be of type datetime.timedelta, got "
                        f"{type(timeout)}")
    MPI = _mpi.mpi()
    comm = MPI.COMM_WORLD
    _agree(world_size, comm.Get_size(), "world_size")
    _agree(rank, comm.Get_rank(), "rank")
    _agree_with_environment(comm.Get_size())
    seconds = (timeout or DEFAULT_TIMEOUT).total_seconds()
    # Each group owns a duplicate of COMM_WORLD, so ember's messages never mix with the
    # user's own mpi4py traffic.
    checks = os.environ.get("EMBER_DISTRIBUTED_CHECKS", "1") not in ("0", "false", "False")
    state.group = ProcessGroup(comm.Dup(), comm.Get_rank(), comm.Get_size(), seconds, checks)
    _install_abort_on_uncaught_exception()


def _agree(given: int, actual: int, name: str) -> None:
    if given not in (-1, None) and int(given) != actual:
        raise ValueError(f"init_process_group({name}={given}) disagrees with the MPI "
                         f"launcher, which gives {name} {actual}")


def _agree_with_environment(size: int) -> None:
    """A WORLD_SIZE that MPI does not see means another launcher (torchrun) started the
    processes: each would be a job of its own, training alone. Say so instead."""
    expected = os.environ.get("WORLD_SIZE")
    if expected is not None and expected.isdigit() and int(expected) != size:
        raise RuntimeError(
            f"WORLD_SIZE={expected} in the environment, but MPI started {size} process(es) "
            "in this job: ember.distributed connects processes through MPI, so start them "
            "with mpiexec or python -m ember.distributed.run, not torchrun")


def destroy_process_group(group: ProcessGroup | None = None) -> None:
    """Leave the group (MPI itself stays initialised until the process exits)."""
    current = default_group(group)
    current.comm.Free()
    state.group = None
    if state.previous_excepthook is not None:
        sys.excepthook = state.previous_excepthook
        state.previous_excepthook = None


def get_rank(group: ProcessGroup | None = None) -> int:
    return default_group(group).rank


def get_world_size(group: ProcessGroup | None = None) -> int:
    return default_group(group).size


def get_backend(group: ProcessGroup | None = None) -> Backend:
    default_group(group)
    return Backend("mpi")


def get_node_local_rank(fallback_rank: int | None = None) -> int:
    """This process's rank on its machine (the launchers' LOCAL_RANK / MPI_LOCALRANKID)."""
    for name in ("LOCAL_RANK", "MPI_LOCALRANKID", "OMPI_COMM_WORLD_LOCAL_RANK"):
        if name in os.environ:
            return int(os.environ[name])
    if fallback_rank is not None:
        return int(fallback_rank)
    raise RuntimeError("LOCAL_RANK is not in the environment. Consider passing fallback_rank "
                       "to allow `get_node_local_rank` to work, assuming you are not running "
                       "in a multi-device context and want the code to run locally instead.")


# Seconds an aborting rank waits for the launcher to forward what it printed.
_ABORT_GRACE_S = 1.0


def _install_abort_on_uncaught_exception() -> None:
    """An uncaught exception on one rank would leave the others waiting in their next
    collective forever; printing it and calling MPI_Abort ends every rank, and the launcher
    exits non-zero."""
    previous = sys.excepthook
    state.previous_excepthook = previous

    def abort_job(kind, value, traceback) -> None:
        previous(kind, value, traceback)
        group = state.group
        if group is None or group.size == 1:
            return
        print(f"ember.distributed: rank {group.rank} of {group.size} raised "
              f"{kind.__name__}; aborting all ranks (MPI_Abort)", file=sys.stderr)
        sys.stderr.flush()
        sys.stdout.flush()
        # MPICH's launcher forwards a rank's output asynchronously and stops forwarding
        # once an abort kills the job: without a pause the traceback above could be lost
        # (seen on a loaded CI machine: the job ended non-zero with nothing printed).
        time.sleep(_ABORT_GRACE_S)
        _mpi.mpi().COMM_WORLD.Abort(1)

    sys.excepthook = abort_job
