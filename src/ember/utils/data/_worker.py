"""DataLoader worker processes: each fetches the batches it is asked for and sends them
back tagged with their position, so the main process can yield them in sampler order.

Exceptions are caught in the worker and re-raised in the main process with torch's text
("Caught ValueError in DataLoader worker process 0.") and the worker's traceback."""

from __future__ import annotations

import multiprocessing
import queue
import random
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._fetch import IterableEnd, make_fetcher

__all__ = ["WorkerInfo", "get_worker_info"]

# How long the main process waits on the result queue before checking its workers are
# still alive (so a worker killed by the OS raises instead of hanging the loop).
_POLL_SECONDS = 0.5
_worker_info: WorkerInfo | None = None


@dataclass(frozen=True)
class WorkerInfo:
    """What a worker process knows about itself (see ``get_worker_info``)."""

    __module__ = "ember.utils.data._utils.worker"  # torch's module for it

    id: int
    num_workers: int
    seed: int
    dataset: Any


def get_worker_info() -> WorkerInfo | None:
    """The current worker's WorkerInfo, or None in the main process; an iterable dataset
    uses it to split its stream between workers."""
    return _worker_info


class _WorkerError:
    """An exception raised in a worker, carried to the main process as text."""

    def __init__(self, worker_id: int, exc_info: Any) -> None:
        self.exc_type = exc_info[0]
        self.where = f"in DataLoader worker process {worker_id}"
        self.exc_msg = "".join(traceback.format_exception(*exc_info))

    def reraise(self) -> None:
        message = f"Caught {self.exc_type.__name__} {self.where}.\nOriginal {self.exc_msg}"
        try:
            exception = self.exc_type(message)
        except TypeError:
            raise RuntimeError(message) from None
        raise exception


def _make_fetcher_or_error(worker_id: int, dataset: Any, options: tuple) -> Any:
    """A fresh fetcher (a new pass over an iterable dataset), or the error making it."""
    try:
        return make_fetcher(dataset, *options)
    except Exception:  # noqa: BLE001 - reported to the main process on the next task
        return _WorkerError(worker_id, sys.exc_info())


def _worker_loop(worker_id: int, num_workers: int, seed: int, dataset: Any,
                 options: tuple, init_fn: Callable | None,
                 tasks: multiprocessing.Queue, results: multiprocessing.Queue) -> None:
    """Serve tasks ``(epoch, position, index)`` until told to stop (``None``); ``_RESET``
    starts a new epoch (persistent workers) with a fresh fetcher."""
    global _worker_info
    from ... import manual_seed

    random.seed(seed)
    manual_seed(seed)
    _worker_info = WorkerInfo(worker_id, num_workers, seed, dataset)
    try:
        if init_fn is not None:
            init_fn(worker_id)
    except Exception:  # noqa: BLE001 - reported to the main process on every task
        init_error = _WorkerError(worker_id, sys.exc_info())
    else:
        init_error = None
    fetcher = init_error or _make_fetcher_or_error(worker_id, dataset, options)
    exhausted = False
    while True:
        task = tasks.get()
        if task is None:
            break
        if task == _RESET:
            fetcher = init_error or _make_fetcher_or_error(worker_id, dataset, options)
            exhausted = False
            continue
        epoch, position, index = task
        if isinstance(fetcher, _WorkerError) or exhausted:
            results.put((epoch, position, fetcher if not exhausted else IterableEnd()))
            continue
        try:
            data = fetcher.fetch(index)
        except StopIteration:
            exhausted = True
            data = IterableEnd()
        except Exception:  # noqa: BLE001 - re-raised in the main process
            data = _WorkerError(worker_id, sys.exc_info())
        results.put((epoch, position, data))


_RESET = "reset"


class WorkerPool:
    """The worker processes of one DataLoader: started once, then either shut down after
    one epoch or (persistent_workers) reset at the start of each new one."""

    def __init__(self, loader: Any) -> None:
        context = loader.multiprocessing_context
        if context is None or isinstance(context, str):  # else a context object already
            method = context or (
                "fork" if "fork" in multiprocessing.get_all_start_methods() else None)
            context = multiprocessing.get_context(method)
        from ..._creation import _twister
        from ..._mt19937 import default_integers

        # torch's base seed: one int64 random_() from the loader's generator (worker i
        # then seeds with base + i, as torch's workers do).
        base_seed = int(default_integers(_twister(loader.generator), 1, np.dtype(np.int64))[0])
        options = (loader._is_iterable, loader._auto_collation, loader.collate_fn,
                   loader.drop_last)
        self.results = context.Queue()
        self.tasks: list[Any] = []
        self.workers: list[Any] = []
        self.epoch = 0
        self.closed = False
        for worker_id in range(loader.num_workers):
            tasks = context.Queue()
            process = context.Process(
                target=_worker_loop, daemon=True,
                args=(worker_id, loader.num_workers, base_seed + worker_id,
                      loader.dataset, options, loader.worker_init_fn, tasks, self.results))
            process.start()
            self.tasks.append(tasks)
            self.workers.append(process)

    def reset(self) -> None:
        """Start a new epoch: results still in flight from the last one are ignored."""
        self.epoch += 1
        for tasks in self.tasks:
            tasks.put(_RESET)

    def shutdown(self, patience: float = 5.0) -> None:
        """Ask every worker to stop, wait up to ``patience`` seconds each, then terminate
        stragglers (a worker stuck in a slow item after a timeout, say)."""
        if self.closed:
            return
        self.closed = True
        for tasks in self.tasks:
            tasks.put(None)
        for process in self.workers:
            process.join(timeout=patience)
            if process.is_alive():
                process.terminate()
        for q in [*self.tasks, self.results]:
            q.cancel_join_thread()
            q.close()

    def __del__(self) -> None:
        self.shutdown()


class MultiProcessIterator:
    """One epoch over a WorkerPool: feeds indices to the workers round robin and yields
    their batches in the order of the index sampler, keeping ``prefetch_factor`` tasks
    per worker in flight."""

    def __init__(self, loader: Any, pool: WorkerPool, persistent: bool) -> None:
        self._loader = loader
        self._pool = pool
        self._persistent = persistent
        self._indices = iter(loader._index_sampler)
        self._workers = pool.workers
        self._active = [True] * len(pool.workers)
        self._sent = 0       # tasks handed out
        self._next = 0       # position of the next batch to yield
        self._owner: dict[int, int] = {}
        self._ready: dict[int, Any] = {}
        self._turn = 0
        self._done = False
        for _ in range(loader.prefetch_factor * len(pool.workers)):
            self._send()

    def _send(self) -> None:
        """Hand the next index to the next still-active worker, if any remain."""
        if not any(self._active):
            return
        try:
            index = next(self._indices)
        except StopIteration:
            return
        while not self._active[self._turn]:
            self._turn = (self._turn + 1) % len(self._workers)
        self._pool.tasks[self._turn].put((self._pool.epoch, self._sent, index))
        self._owner[self._sent] = self._turn
        self._sent += 1
        self._turn = (self._turn + 1) % len(self._workers)

    def _receive(self) -> None:
        timeout = self._loader.timeout
        while True:
            try:
                epoch, position, data = self._pool.results.get(
                    timeout=timeout if timeout > 0 else _POLL_SECONDS)
            except queue.Empty:
                if timeout > 0:
                    self.shutdown(patience=0.1)
                    raise RuntimeError(
                        f"DataLoader timed out after {timeout} seconds") from None
                dead = [str(w.pid) for w in self._workers if not w.is_alive()]
                if dead:
                    self.shutdown(patience=0.1)
                    raise RuntimeError(f"DataLoader worker (pid(s) {', '.join(dead)}) "
                                       "exited unexpectedly") from None
                continue
            if epoch == self._pool.epoch:
                self._ready[position] = data
                return

    def __iter__(self) -> MultiProcessIterator:
        return self

    def __next__(self) -> Any:
        while True:
            if self._done or self._next >= self._sent:
                self._finish()
                raise StopIteration
            while self._next not in self._ready:
                self._receive()
            data = self._ready.pop(self._next)
            worker = self._owner.pop(self._next)
            self._next += 1
            if isinstance(data, IterableEnd):
                self._active[worker] = False
                self._send()
                continue
            self._send()
            if isinstance(data, _WorkerError):
                self.shutdown()
                data.reraise()
            return data

    def __len__(self) -> int:
        return len(self._loader)

    def _finish(self) -> None:
        """End of the epoch: persistent workers wait for the next one, others stop."""
        self._done = True
        if not self._persistent:
            self._pool.shutdown()

    def shutdown(self, patience: float = 5.0) -> None:
        """Stop the workers for good (after an error or a timeout)."""
        self._done = True
        self._pool.shutdown(patience)
        if self._persistent:
            self._loader._pool = None

    def __del__(self) -> None:
        if not self._persistent:
            self._pool.shutdown()
