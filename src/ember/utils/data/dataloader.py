"""DataLoader: batches of a dataset, read in process or by worker processes.

Argument checks, lengths and batching follow torch 2.13, messages included. Workers
(``num_workers > 0``) are real processes (fork on Linux) whose batches come back in the
same order as with ``num_workers=0``."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from ..._creation import _twister
from ..._mt19937 import default_integers
from ..._warnings import warn
from ._collate import default_collate, default_convert
from ._fetch import make_fetcher
from ._worker import MultiProcessIterator, WorkerPool
from .dataset import IterableDataset
from .sampler import BatchSampler, RandomSampler, Sampler, SequentialSampler

__all__ = ["DataLoader"]


class _InfiniteConstantSampler(Sampler):
    """The index sampler of an iterable dataset: endless ``None``s, one per sample."""

    def __iter__(self) -> Iterator[None]:
        return itertools.repeat(None)


def _check_options(dataset: Any, batch_size: int | None, shuffle: bool | None,
                   sampler: Any, batch_sampler: Any, num_workers: int, drop_last: bool,
                   timeout: float, prefetch_factor: int | None,
                   persistent_workers: bool) -> None:
    """Raise torch's ValueError for each option combination torch refuses."""
    if num_workers < 0:
        raise ValueError("num_workers option should be non-negative; "
                         "use num_workers=0 to disable multiprocessing.")
    if timeout < 0:
        raise ValueError("timeout option should be non-negative")
    if num_workers == 0 and prefetch_factor is not None:
        raise ValueError("prefetch_factor option could only be specified in "
                         "multiprocessing.let num_workers > 0 to enable multiprocessing, "
                         "otherwise set prefetch_factor to None.")
    if prefetch_factor is not None and prefetch_factor < 0:
        raise ValueError("prefetch_factor option should be non-negative")
    if persistent_workers and num_workers == 0:
        raise ValueError("persistent_workers option needs num_workers > 0")
    if isinstance(dataset, IterableDataset):
        for name, value in (("shuffle", shuffle), ("sampler", sampler),
                            ("batch_sampler", batch_sampler)):
            if value not in (None, False):
                raise ValueError("DataLoader with IterableDataset: expected unspecified "
                                 f"{name} option, but got {name}={value}")
    if sampler is not None and shuffle:
        raise ValueError("sampler option is mutually exclusive with shuffle")
    if batch_sampler is not None and (batch_size != 1 or shuffle or sampler is not None
                                      or drop_last):
        raise ValueError("batch_sampler option is mutually exclusive with batch_size, "
                         "shuffle, sampler, and drop_last")
    if batch_sampler is None and batch_size is None and drop_last:
        raise ValueError("batch_size=None option disables auto-batching and is mutually "
                         "exclusive with drop_last")


class DataLoader:
    """Iterates over ``dataset`` in batches (see torch.utils.data.DataLoader)."""

    def __init__(self, dataset: Any, batch_size: int | None = 1,
                 shuffle: bool | None = None, sampler: Any = None,
                 batch_sampler: Any = None, num_workers: int = 0,
                 collate_fn: Callable | None = None, pin_memory: bool = False,
                 drop_last: bool = False, timeout: float = 0,
                 worker_init_fn: Callable | None = None, multiprocessing_context: Any = None,
                 generator: Any = None, *, prefetch_factor: int | None = None,
                 persistent_workers: bool = False, pin_memory_device: str = "",
                 in_order: bool = True) -> None:
        _check_options(dataset, batch_size, shuffle, sampler, batch_sampler, num_workers,
                       drop_last, timeout, prefetch_factor, persistent_workers)
        self.dataset = dataset
        self.num_workers = num_workers
        self.prefetch_factor = 2 if num_workers > 0 and prefetch_factor is None \
            else prefetch_factor
        self.pin_memory = pin_memory  # CPU only: pinning is a no-op
        self.pin_memory_device = pin_memory_device
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self.persistent_workers = persistent_workers
        self.in_order = in_order
        self.generator = generator
        self._pool: WorkerPool | None = None  # the kept workers of persistent_workers
        self._is_iterable = isinstance(dataset, IterableDataset)
        if batch_sampler is not None:
            batch_size, drop_last = None, False
        if sampler is None:  # torch makes the default sampler even under a batch_sampler
            if self._is_iterable:
                sampler = _InfiniteConstantSampler()
            elif shuffle:
                sampler = RandomSampler(dataset, generator=generator)
            else:
                sampler = SequentialSampler(dataset)
        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        if collate_fn is None:
            collate_fn = default_collate if self._auto_collation else default_convert
        self.collate_fn = collate_fn

    @property
    def _auto_collation(self) -> bool:
        return self.batch_sampler is not None

    @property
    def _index_sampler(self) -> Any:
        return self.batch_sampler if self._auto_collation else self.sampler

    def __iter__(self) -> Iterator[Any]:
        if self.pin_memory:
            warn("'pin_memory' argument is set as true but no accelerator is "
                 "found, then device pinned memory won't be used.")
        if self.num_workers > 0:
            return self._multi_process()
        indices = iter(self._index_sampler)
        # torch draws the workers' base seed even without workers: one int64 random_()
        # per epoch from the loader's generator (two words), before the sampler's draws.
        self._base_seed = int(default_integers(_twister(self.generator), 1,
                                               np.dtype(np.int64))[0])
        return self._single_process(indices)

    def _multi_process(self) -> MultiProcessIterator:
        """A new epoch over fresh workers, or over the kept ones (persistent_workers)."""
        if not self.persistent_workers:
            return MultiProcessIterator(self, WorkerPool(self), persistent=False)
        if self._pool is None:
            self._pool = WorkerPool(self)
        else:
            self._pool.reset()
        return MultiProcessIterator(self, self._pool, persistent=True)

    def _single_process(self, indices: Iterator[Any]) -> _SingleProcessDataLoaderIter:
        fetcher = make_fetcher(self.dataset, self._is_iterable, self._auto_collation,
                               self.collate_fn, self.drop_last)
        return _SingleProcessDataLoaderIter(self, fetcher, indices)

    def __len__(self) -> int:
        if self._is_iterable:
            length = len(self.dataset)
            if self.batch_size is not None:
                if self.drop_last:
                    return length // self.batch_size
                return math.ceil(length / self.batch_size)
            return length
        return len(self._index_sampler)


class _SingleProcessDataLoaderIter:
    """One epoch of a loader without workers; torch's class of the same name, which
    scripts see in ``type(iter(loader))`` and whose ``len`` is the loader's."""

    def __init__(self, loader: DataLoader, fetcher: Any, indices: Iterator[Any]) -> None:
        self._loader = loader
        self._fetcher = fetcher
        self._indices = indices
        self._num_yielded = 0

    def __iter__(self) -> _SingleProcessDataLoaderIter:
        return self

    def __next__(self) -> Any:
        index = next(self._indices)  # (its StopIteration ends the epoch)
        batch = self._fetcher.fetch(index)  # (an iterable dataset's ends it too)
        self._num_yielded += 1
        return batch

    def __len__(self) -> int:
        return len(self._loader)
