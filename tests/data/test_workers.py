"""num_workers > 0: real worker processes must give the in-process batches, in order,
call worker_init_fn, re-raise a worker's exception with torch's text, and stop cleanly.
Datasets are tiny and every loop runs under a timeout so a hang fails instead of
blocking the suite."""

from __future__ import annotations

import multiprocessing
import os
import time

import pytest

import ember
from ember.utils.data import DataLoader, IterableDataset, TensorDataset, get_worker_info

# A result slower than this raises (DataLoader's own timeout) instead of hanging.
_TIMEOUT = 30


def _batches(loader: DataLoader) -> list:
    return [repr(b) for b in loader]


class _Pids(ember.utils.data.Dataset):
    """Each item says which process read it."""

    def __len__(self) -> int:
        return 6

    def __getitem__(self, i: int) -> tuple:
        return i, os.getpid()


class _Fails(ember.utils.data.Dataset):
    def __len__(self) -> int:
        return 4

    def __getitem__(self, i: int) -> int:
        if i == 2:
            raise ValueError("bad item 2")
        return i


class _Sharded(IterableDataset):
    """Splits its stream between workers through get_worker_info, as torch documents."""

    def __iter__(self):
        info = get_worker_info()
        if info is None:
            return iter(range(10))
        return iter(range(info.id, 10, info.num_workers))


def test_workers_match_in_process_batches() -> None:
    data = TensorDataset(ember.arange(14.).reshape(7, 2), ember.arange(7))
    expected = _batches(DataLoader(data, batch_size=2))
    loader = DataLoader(data, batch_size=2, num_workers=2, timeout=_TIMEOUT)
    assert _batches(loader) == expected
    assert _batches(DataLoader(data, batch_size=3, num_workers=3, drop_last=True,
                               timeout=_TIMEOUT)) == \
        _batches(DataLoader(data, batch_size=3, drop_last=True))


def test_workers_are_other_processes() -> None:
    batches = list(DataLoader(_Pids(), batch_size=2, num_workers=2, timeout=_TIMEOUT))
    indices = [int(i) for batch in batches for i in batch[0]]
    pids = {int(p) for batch in batches for p in batch[1]}
    assert indices == list(range(6))
    assert os.getpid() not in pids and len(pids) == 2


def test_worker_init_fn_gets_each_worker_id() -> None:
    seen = multiprocessing.get_context("fork").Queue()
    loader = DataLoader(range(4), batch_size=1, num_workers=2,
                        worker_init_fn=lambda worker_id: seen.put(worker_id),
                        timeout=_TIMEOUT)
    assert [int(b) for b in loader] == [0, 1, 2, 3]
    assert sorted(seen.get(timeout=10) for _ in range(2)) == [0, 1]


def test_worker_exception_is_reraised_naming_the_worker() -> None:
    iterator = iter(DataLoader(_Fails(), batch_size=1, num_workers=2, timeout=_TIMEOUT))
    with pytest.raises(ValueError) as info:
        list(iterator)
    message = str(info.value)
    assert message.startswith("Caught ValueError in DataLoader worker process 0.\n"
                              "Original Traceback (most recent call last):\n")
    assert message.endswith("ValueError: bad item 2\n")
    assert all(not w.is_alive() for w in iterator._workers)


def test_iterable_dataset_with_workers() -> None:
    batches = list(DataLoader(_Sharded(), batch_size=2, num_workers=2, timeout=_TIMEOUT))
    values = sorted(int(v) for batch in batches for v in batch)
    assert values == list(range(10))
    # worker 0 gives its first batch, then worker 1, alternating
    assert [b.tolist() for b in batches[:2]] == [[0, 2], [1, 3]]


def test_workers_stop_after_an_epoch() -> None:
    iterator = iter(DataLoader(range(4), batch_size=2, num_workers=2, timeout=_TIMEOUT))
    assert len(list(iterator)) == 2
    assert all(not w.is_alive() for w in iterator._workers)


def test_persistent_workers_are_kept_across_epochs() -> None:
    seen = multiprocessing.get_context("fork").Queue()
    loader = DataLoader(_Pids(), batch_size=2, num_workers=2, persistent_workers=True,
                        worker_init_fn=lambda worker_id: seen.put(worker_id),
                        timeout=_TIMEOUT)
    first, second = list(loader), list(loader)
    assert [b[0].tolist() for b in first] == [b[0].tolist() for b in second] == \
        [[0, 1], [2, 3], [4, 5]]
    assert {int(p) for b in first for p in b[1]} == {int(p) for b in second for p in b[1]}
    assert sorted(seen.get(timeout=10) for _ in range(2)) == [0, 1]
    assert seen.empty()  # worker_init_fn ran once per worker, not once per epoch
    loader._pool.shutdown()


def test_persistent_workers_restart_after_a_partial_epoch() -> None:
    loader = DataLoader(_Sharded(), batch_size=2, num_workers=2, persistent_workers=True,
                        timeout=_TIMEOUT)
    iterator = iter(loader)
    assert next(iterator).tolist() == [0, 2]
    full = [b.tolist() for b in loader]
    assert full == [[0, 2], [1, 3], [4, 6], [5, 7], [8], [9]]
    loader._pool.shutdown()


def test_breaking_out_early_stops_the_workers() -> None:
    iterator = iter(DataLoader(range(20), batch_size=2, num_workers=2, timeout=_TIMEOUT))
    assert next(iterator).tolist() == [0, 1]
    workers = iterator._workers
    del iterator
    for worker in workers:
        worker.join(timeout=10)
    assert all(not w.is_alive() for w in workers)


class _Dies(ember.utils.data.Dataset):
    """Its worker exits abruptly on item 1, as a worker killed by the OS would."""

    def __len__(self) -> int:
        return 4

    def __getitem__(self, i: int) -> int:
        if i == 1:
            os._exit(1)
        return i


class _Slow(ember.utils.data.Dataset):
    def __len__(self) -> int:
        return 2

    def __getitem__(self, i: int) -> int:
        time.sleep(1.0)
        return i


def test_a_dead_worker_raises_instead_of_hanging() -> None:
    with pytest.raises(RuntimeError, match=r"DataLoader worker \(pid\(s\) \d+\) exited "
                                           "unexpectedly"):
        list(DataLoader(_Dies(), num_workers=2))


def test_timeout_raises_torchs_error() -> None:
    with pytest.raises(RuntimeError, match="^DataLoader timed out after 0.2 seconds$"):
        list(DataLoader(_Slow(), num_workers=2, timeout=0.2))


def test_a_multiprocessing_context_object_is_accepted() -> None:
    loader = DataLoader(range(4), batch_size=2, num_workers=1, timeout=_TIMEOUT,
                        multiprocessing_context=multiprocessing.get_context("fork"))
    assert [b.tolist() for b in loader] == [[0, 1], [2, 3]]
