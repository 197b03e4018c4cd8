"""Waiting for MPI requests with a deadline, and the work handle ``async_op=True`` returns.

Every wait polls its requests instead of blocking in MPI, so a rank whose partners stopped
calling collectives (they exited, or hang) raises after the group's timeout rather than
waiting forever. The first ~2 ms spin (MPI's own waits spin too); after that each poll
sleeps 0.1 ms so that idle ranks leave the cores to the ranks still computing."""

from __future__ import annotations

import time
from collections.abc import Callable

from . import _mpi
from ._group import DistBackendError

_SPIN_SECONDS = 0.002
_SLEEP_SECONDS = 0.0001


def wait_requests(requests: list, timeout_s: float, what: str) -> None:
    """Return when every request is complete; DistBackendError after ``timeout_s``."""
    if not requests:
        return
    testall = _mpi.mpi().Request.Testall
    if testall(requests):
        return
    start = time.monotonic()
    spin_until = start + _SPIN_SECONDS
    deadline = start + timeout_s
    while not testall(requests):
        now = time.monotonic()
        if now > deadline:
            raise DistBackendError(
                f"{what} timed out after {timeout_s:g} s waiting for the other ranks (the "
                "timeout of init_process_group): a rank may have exited, crashed or stopped "
                "calling the same collectives in the same order")
        if now > spin_until:
            time.sleep(_SLEEP_SECONDS)


class Work:
    """A collective in flight: ``wait()`` blocks until it is done (then the tensors hold
    the result), ``is_completed()`` asks without blocking, ``result()`` gives the tensors."""

    __module__ = "ember.distributed.distributed_c10d"  # torch's module for it

    def __init__(self, requests: list, finish: Callable[[], None] | None, result: list,
                 timeout_s: float, what: str) -> None:
        self._requests = requests
        self._finish = finish
        self._result = result
        self._timeout_s = timeout_s
        self._what = what
        self._done = False
        self._exception: BaseException | None = None
        self._source_rank: int | None = None

    def wait(self, timeout=None) -> bool:
        """Block until the operation is complete; True. ``timeout`` (a timedelta) overrides
        the group's timeout for this wait."""
        if not self._done:
            seconds = self._timeout_s if timeout is None else _seconds(timeout)
            try:
                wait_requests(self._requests, seconds, self._what)
                self._complete()
            except BaseException as error:
                self._exception = error
                raise
        return True

    def is_completed(self) -> bool:
        if not self._done and _mpi.mpi().Request.Testall(self._requests):
            self._complete()
        return self._done

    def is_success(self) -> bool:
        return self.is_completed() and self._exception is None

    def exception(self) -> BaseException | None:
        return self._exception

    def result(self) -> list:
        self.wait()
        return list(self._result)

    def source_rank(self) -> int:
        """For a receive from any source: the rank the message came from."""
        self.wait()
        if self._source_rank is None:
            raise RuntimeError("source_rank() is only meaningful for a receive")
        return self._source_rank

    def synchronize(self) -> None:
        self.wait()

    def get_future(self):
        raise NotImplementedError("Work.get_future() is not implemented in ember.distributed: "
                                  "use wait()")

    def _complete(self) -> None:
        self._done = True
        if self._finish is not None:
            finish, self._finish = self._finish, None
            finish()


def _seconds(timeout) -> float:
    return timeout.total_seconds() if hasattr(timeout, "total_seconds") else float(timeout)
