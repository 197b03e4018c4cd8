"""Random samplers and random_split: ember's random streams are not torch's (issue 12),
so these check properties (coverage, lengths, seeding) rather than recorded values."""

from __future__ import annotations

import ember
from ember.utils.data import (
    BatchSampler,
    DataLoader,
    RandomSampler,
    SubsetRandomSampler,
    WeightedRandomSampler,
    random_split,
)


def _seeded(seed: int) -> ember.Generator:
    return ember.Generator().manual_seed(seed)


def test_random_sampler_is_a_permutation_and_follows_its_generator() -> None:
    order = list(RandomSampler(range(20), generator=_seeded(3)))
    assert sorted(order) == list(range(20))
    assert order == list(RandomSampler(range(20), generator=_seeded(3)))
    assert order != list(range(20))


def test_random_sampler_without_generator_follows_manual_seed() -> None:
    ember.manual_seed(5)
    first = list(RandomSampler(range(30)))
    ember.manual_seed(5)
    assert list(RandomSampler(range(30))) == first
    assert list(RandomSampler(range(30))) != first  # a new epoch, a new order


def test_random_sampler_num_samples_without_replacement_repeats_whole_permutations() -> None:
    drawn = list(RandomSampler(range(4), num_samples=10, generator=_seeded(0)))
    assert len(drawn) == 10
    assert sorted(drawn[:4]) == sorted(drawn[4:8]) == [0, 1, 2, 3]
    assert len(set(drawn[8:])) == 2


def test_random_sampler_with_replacement_draws_in_range() -> None:
    drawn = list(RandomSampler(range(3), replacement=True, num_samples=50,
                               generator=_seeded(1)))
    assert len(drawn) == 50 and set(drawn) == {0, 1, 2}


def test_subset_random_sampler_permutes_its_indices() -> None:
    drawn = list(SubsetRandomSampler([10, 20, 30, 40], generator=_seeded(2)))
    assert sorted(drawn) == [10, 20, 30, 40]


def test_weighted_sampler_never_draws_zero_weight() -> None:
    drawn = list(WeightedRandomSampler([0.0, 1.0, 3.0], 200, generator=_seeded(4)))
    assert set(drawn) == {1, 2}
    assert drawn.count(2) > drawn.count(1)


def test_weighted_sampler_without_replacement_gives_distinct_indices() -> None:
    drawn = list(WeightedRandomSampler([1.0, 1.0, 1.0, 1.0], 4, replacement=False,
                                       generator=_seeded(5)))
    assert sorted(drawn) == [0, 1, 2, 3]


def test_batch_sampler_over_random_sampler_covers_everything() -> None:
    batches = list(BatchSampler(RandomSampler(range(7), generator=_seeded(6)), 3, False))
    assert [len(b) for b in batches] == [3, 3, 1]
    assert sorted(i for b in batches for i in b) == list(range(7))


def test_random_split_is_disjoint_and_reproducible() -> None:
    parts = random_split(range(10), [0.5, 0.3, 0.2], generator=_seeded(7))
    assert [len(p) for p in parts] == [5, 3, 2]
    assert sorted(i for p in parts for i in p) == list(range(10))
    again = random_split(range(10), [0.5, 0.3, 0.2], generator=_seeded(7))
    assert [p.indices for p in parts] == [p.indices for p in again]


def test_shuffled_loader_uses_its_generator() -> None:
    def epoch(seed: int) -> list[int]:
        loader = DataLoader(range(12), batch_size=4, shuffle=True, generator=_seeded(seed))
        return [int(i) for batch in loader for i in batch]

    assert sorted(epoch(8)) == list(range(12))
    assert epoch(8) == epoch(8)
