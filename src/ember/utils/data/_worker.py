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

from ._fetch import IterableEnd, make_fetcher

__all__ = ["WorkerInfo", "get_worker_info"]

# How long the main process waits on the result queue before checking its workers are
# still alive (so a worker killed by the OS raises instead of hanging the loop).
_POLL_SECONDS = 2.0
_worker_info: WorkerInfo | None = None


@dataclass(frozen=True)
class WorkerInfo:
    """What a worker process knows about itself (see ``get_worker_info``)."""

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


def _worker_loop(worker_id: int, num_workers: int, seed: int, dataset: Any,
                 iterable: bool, auto_collation: bool, collate_fn: Callable,
                 drop_last: bool, init_fn: Callable | None,
                 tasks: multiprocessing.Queue, results: multiprocessing.Queue) -> None:
    global _worker_info
    from ... import manual_seed

    random.seed(seed)
    manual_seed(seed)
    _worker_info = WorkerInfo(worker_id, num_workers, seed, dataset)
    try:
        if init_fn is not None:
            init_fn(worker_id)
        fetcher = make_fetcher(dataset, iterable, auto_collation, collate_fn, drop_last)
    except Exception:  # noqa: BLE001 - reported to the main process on the first task
        fetcher, setup_error = None, _WorkerError(worker_id, sys.exc_info())
    exhausted = False
    while True:
        task = tasks.get()
        if task is None:
            break
        position, index = task
        if fetcher is None:
            results.put((position, setup_error))
            continue
        if exhausted:
            results.put((position, IterableEnd()))
            continue
        try:
            data = fetcher.fetch(index)
        except StopIteration:
            exhausted = True
            data = IterableEnd()
        except Exception:  # noqa: BLE001 - re-raised in the main process
            data = _WorkerError(worker_id, sys.exc_info())
        results.put((position, data))


class MultiProcessIterator:
    """Feeds indices to ``num_workers`` processes round robin and yields their batches
    in the order of the index sampler, keeping ``prefetch_factor`` tasks per worker in
    flight."""

    def __init__(self, loader: Any) -> None:
        self._loader = loader
        self._indices = iter(loader._index_sampler)
        self._iterable = loader._is_iterable
        context = multiprocessing.get_context(
            loader.multiprocessing_context or
            ("fork" if "fork" in multiprocessing.get_all_start_methods() else None))
        self._results = context.Queue()
        self._tasks: list[Any] = []
        self._workers: list[Any] = []
        self._active = [True] * loader.num_workers
        from ..._creation import randint
        base_seed = int(randint(0, 2**62, (1,), generator=loader.generator).item())
        for worker_id in range(loader.num_workers):
            tasks = context.Queue()
            process = context.Process(
                target=_worker_loop, daemon=True,
                args=(worker_id, loader.num_workers, base_seed + worker_id,
                      loader.dataset, self._iterable, loader._auto_collation,
                      loader.collate_fn, loader.drop_last, loader.worker_init_fn,
                      tasks, self._results))
            process.start()
            self._tasks.append(tasks)
            self._workers.append(process)
        self._sent = 0       # tasks handed out
        self._next = 0       # position of the next batch to yield
        self._owner: dict[int, int] = {}
        self._ready: dict[int, Any] = {}
        self._turn = 0
        self._shut = False
        for _ in range(loader.prefetch_factor * loader.num_workers):
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
        self._tasks[self._turn].put((self._sent, index))
        self._owner[self._sent] = self._turn
        self._sent += 1
        self._turn = (self._turn + 1) % len(self._workers)

    def _receive(self) -> None:
        timeout = self._loader.timeout
        while True:
            try:
                position, data = self._results.get(
                    timeout=timeout if timeout > 0 else _POLL_SECONDS)
                self._ready[position] = data
                return
            except queue.Empty:
                if timeout > 0:
                    self.shutdown()
                    raise RuntimeError(
                        f"DataLoader timed out after {timeout} seconds") from None
                dead = [str(w.pid) for w in self._workers if not w.is_alive()]
                if dead:
                    self.shutdown()
                    raise RuntimeError(f"DataLoader worker (pid(s) {', '.join(dead)}) "
                                       "exited unexpectedly") from None

    def __iter__(self) -> MultiProcessIterator:
        return self

    def __next__(self) -> Any:
        while True:
            if self._next >= self._sent:
                self.shutdown()
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

    def shutdown(self) -> None:
        """Ask every worker to stop, then make sure it has (terminate stragglers)."""
        if self._shut:
            return
        self._shut = True
        for tasks in self._tasks:
            tasks.put(None)
        for process in self._workers:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
        for q in [*self._tasks, self._results]:
            q.cancel_join_thread()
            q.close()

    def __del__(self) -> None:
        self.shutdown()
