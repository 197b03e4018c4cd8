"""Fetchers: turn one entry of the index sampler into one batch (or one sample).

Shared by the in-process loader and the worker processes, so that both build every
batch the same way and so yield the same batches in the same order."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ._collate import default_collate
from .dataset import TensorDataset

__all__ = ["IterableEnd", "IterableFetcher", "MapFetcher", "make_fetcher"]


class IterableEnd:
    """Marker a worker sends when its copy of an iterable dataset is exhausted."""


class MapFetcher:
    """Reads ``dataset[i]`` for each index of a batch (or one index), then collates."""

    def __init__(self, dataset: Any, auto_collation: bool, collate_fn: Callable,
                 drop_last: bool) -> None:
        self.dataset = dataset
        self.auto_collation = auto_collation
        self.collate_fn = collate_fn
        # The most common loader, TensorDataset with default_collate: its batch is every
        # tensor's rows at the batch's indices, which one indexing op per tensor gives
        # (the same values, dtypes and shapes as stacking rows read one by one).
        self.rows_at_once = (auto_collation and type(dataset) is TensorDataset
                             and collate_fn is default_collate)

    def fetch(self, index: Any) -> Any:
        # (an empty batch goes the slow way: default_collate([]) raises torch's IndexError)
        if (self.rows_at_once and len(index)
                and not any(t.requires_grad for t in self.dataset.tensors)):
            return [t[index] for t in self.dataset.tensors]
        if self.auto_collation:
            getitems = getattr(self.dataset, "__getitems__", None)
            data = getitems(index) if getitems else [self.dataset[i] for i in index]
        else:
            data = self.dataset[index]
        return self.collate_fn(data)


class IterableFetcher:
    """Pulls the next ``batch_size`` items of an iterable dataset's stream."""

    def __init__(self, dataset: Any, auto_collation: bool, collate_fn: Callable,
                 drop_last: bool) -> None:
        self.iterator: Iterator[Any] = iter(dataset)
        self.auto_collation = auto_collation
        self.collate_fn = collate_fn
        self.drop_last = drop_last

    def fetch(self, index: Any) -> Any:
        """``index`` is a list as long as the batch (its values unused), or None."""
        if not self.auto_collation:
            return self.collate_fn(next(self.iterator))
        data = []
        for _ in index:
            try:
                data.append(next(self.iterator))
            except StopIteration:
                break
        if not data or (self.drop_last and len(data) < len(index)):
            raise StopIteration
        return self.collate_fn(data)


def make_fetcher(dataset: Any, iterable: bool, auto_collation: bool,
                 collate_fn: Callable, drop_last: bool) -> MapFetcher | IterableFetcher:
    kind = IterableFetcher if iterable else MapFetcher
    return kind(dataset, auto_collation, collate_fn, drop_last)
