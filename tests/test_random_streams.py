"""ember's generator is torch's CPU generator: seeding, state and the draws' word order.

The values themselves are compared with torch's in tests/reference/cases_random.py (run by
tests/test_torch_reference.py -k random); these tests pin the generator's own behaviour:
the twister's words against the classic reference sequence, the state round trips, the
normal cache, and that every sampler accepts an explicit generator.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import ember
from ember import _mt19937
from ember._creation import fork_rng, get_rng_state, set_rng_state


def test_first_words_of_seed_5489_are_the_reference_mt19937_output():
    # The published first outputs of MT19937 seeded with init_genrand(5489).
    twister = _mt19937.MT19937(5489)
    assert twister.words(3).tolist() == [3499211612, 581869302, 3890346734]


def test_a_fresh_generator_has_torchs_default_seed():
    assert ember.Generator().initial_seed() == 67280421310721
    fresh = ember.Generator().get_state()
    seeded = ember.Generator().manual_seed(67280421310721).get_state()
    assert ember.equal(fresh, seeded)


def test_the_default_generator_is_seeded_from_entropy_at_import():
    # torch's default generator takes a random seed at start-up: two processes without
    # manual_seed draw different numbers (and report different initial seeds)
    code = ("import ember; print(ember.initial_seed(), ember.rand(1).item(), "
            "ember.Generator().initial_seed())")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout.split() for _ in range(2)]
    assert runs[0][0] != runs[1][0] and runs[0][1] != runs[1][1]
    assert runs[0][2] == runs[1][2] == "67280421310721"
    assert all(0 <= int(run[0]) < 2**64 for run in runs)


def test_state_is_torchs_5056_bytes_with_seed_and_counters():
    g = ember.Generator().manual_seed(2**40 + 7)
    state = g.get_state()
    assert state.dtype == ember.uint8 and tuple(state.shape) == (5056,)
    raw = state.numpy()
    assert int(raw[:8].view(np.uint64)[0]) == 2**40 + 7
    assert raw[8:16].view(np.int32).tolist() == [1, 1]  # one word "left": a fresh block
    ember.rand(5, generator=g)
    raw = g.get_state().numpy()
    assert raw[8:12].view(np.int32)[0] == 620
    assert int(raw[16:24].view(np.uint64)[0]) == 5


def test_seed_uses_the_low_32_bits_but_remembers_all_of_them():
    a = ember.Generator().manual_seed(2**32 + 9)
    b = ember.Generator().manual_seed(9)
    assert ember.equal(ember.rand(6, generator=a), ember.rand(6, generator=b))
    assert a.initial_seed() == 2**32 + 9
    assert ember.Generator().manual_seed(-1).initial_seed() == 2**64 - 1
    with pytest.raises(ValueError, match="Overflow"):
        ember.Generator().manual_seed(2**64)


def test_get_and_set_rng_state_round_trip_with_the_cached_normal():
    ember.manual_seed(4)
    ember.randn(1)  # leaves r*sin(theta) in the cache
    state = get_rng_state()
    first = ember.randn(3).tolist()
    set_rng_state(state)
    assert ember.randn(3).tolist() == first
    assert get_rng_state().numpy()[5040] == 0  # the cache was used up
    ember.manual_seed(4)
    assert ember.default_generator.get_state().numpy()[5040] == 0  # seeding clears it


def test_the_cached_normal_is_the_second_of_a_pair():
    ember.manual_seed(12)
    pair = ember.randn(2, dtype=ember.float64).tolist()
    ember.manual_seed(12)
    first = ember.randn(1, dtype=ember.float64).item()
    second = ember.randn(1, dtype=ember.float64).item()
    assert [first, second] == pair


def test_set_state_checks_like_torch():
    g = ember.Generator()
    with pytest.raises(RuntimeError, match="of size 5056"):
        g.set_state(ember.zeros(10, dtype=ember.uint8))
    with pytest.raises(TypeError, match="ByteTensor"):
        g.set_state(ember.zeros(5056))
    with pytest.raises(RuntimeError, match="Invalid mt19937 state"):
        g.set_state(ember.zeros(5056, dtype=ember.uint8))


def test_fork_rng_restores_the_default_generator():
    ember.manual_seed(3)
    before = get_rng_state()
    with fork_rng():
        ember.randn(40)
    assert ember.equal(get_rng_state(), before)


@pytest.mark.parametrize("draw", [
    lambda g: ember.rand(20, generator=g),
    lambda g: ember.randn(20, generator=g),
    lambda g: ember.randn(3, dtype=ember.float64, generator=g),
    lambda g: ember.randint(0, 7, (9,), generator=g),
    lambda g: ember.randperm(30, generator=g),
    lambda g: ember.normal(0.0, 2.0, (5,), generator=g),
    lambda g: ember.normal(ember.zeros(18), 1.0, generator=g),
    lambda g: ember.bernoulli(ember.full((8,), 0.5), generator=g),
    lambda g: ember.multinomial(ember.ones(6), 3, generator=g),
    lambda g: ember.empty(17).normal_(generator=g),
    lambda g: ember.empty(17).uniform_(-1, 1, generator=g),
    lambda g: ember.rand_like(ember.zeros(4), generator=g),
], ids=range(12))
def test_every_sampler_draws_from_the_generator_it_is_given(draw):
    ember.manual_seed(1)
    default_before = get_rng_state()
    a = draw(ember.Generator().manual_seed(21))
    b = draw(ember.Generator().manual_seed(21))
    assert ember.equal(a, b)
    assert ember.equal(get_rng_state(), default_before)


def test_fused_multiply_add_is_rounded_once():
    a, b = 1.0 + 2.0**-30, 1.0 - 2.0**-30
    # a * b = 1 - 2**-60 exactly; adding -1 keeps the tiny term only when fused.
    assert _mt19937.fma(a, b, -1.0) == -(2.0**-60)


def test_randperm_is_a_permutation_for_sizes_around_the_edges():
    for n in (0, 1, 2, 17, 1000):
        assert sorted(ember.randperm(n).tolist()) == list(range(n))


def test_float32_uniforms_use_24_bits_and_float64_ones_53():
    g = ember.Generator().manual_seed(0)
    single = ember.rand(1000, generator=g).numpy().astype(np.float64)
    assert np.all(single * 2**24 == np.floor(single * 2**24))
    double = ember.rand(1000, dtype=ember.float64, generator=g).numpy()
    assert np.any(double * 2**24 != np.floor(double * 2**24))


def test_torch_random_names_and_top_level_state_functions():
    """torch.get_rng_state/set_rng_state, and the torch.random module's names."""
    state = ember.get_rng_state()
    first = ember.rand(5)
    ember.set_rng_state(state)
    assert ember.equal(ember.rand(5), first)
    assert ember.random.default_generator is ember.default_generator
    ember.random.manual_seed(3)
    assert ember.random.initial_seed() == 3
    with ember.random.fork_rng():
        inside = ember.rand(2)
    assert ember.equal(ember.rand(2), inside)  # the block's draws did not move the state
    assert ember.equal(ember.random.get_rng_state(), ember.default_generator.get_state())


@pytest.mark.parametrize("name", ["log", "log1p", "exp", "tan", "sin", "cos"])
def test_c_library_functions_are_the_c_librarys_and_vectorised(name):
    """torch's scalar kernels call the C library; `c_library` gives its results bit for bit
    without a Python call per element (the interleaved-buffer route passes its check)."""
    import math
    u = np.random.default_rng(3).integers(1, 1 << 53, 20000) * 2.0**-53
    inputs = {"log": u, "log1p": -u, "exp": (u - 0.5) * 60, "tan": np.pi * (u - 0.5),
              "sin": 2 * np.pi * u, "cos": 2 * np.pi * u}[name]
    expected = [getattr(math, name)(v) for v in inputs.tolist()]
    assert _mt19937.c_library(name, inputs).tolist() == expected
    assert _mt19937._interleaving_is_exact(name)
    # one or a few values at a time (the one-at-a-time normal's pairs), where no
    # interleaving can make input and output overlap
    for size in (1, 2, 3, 5):
        for start in range(0, 400, size):
            part = inputs[start:start + size]
            assert _mt19937.c_library(name, part).tolist() == expected[start:start + size]


def test_numpy_words_equal_the_raw_words(monkeypatch):
    """words32/longs draw through NumPy's Generator; the raw-word fallback gives the same."""
    assert _mt19937._NUMPY_DRAWS_WORDS
    fast = _mt19937.MT19937(77)
    draws = [fast.words32(5).tolist(), fast.longs(3).tolist(), fast.doubles(4).tolist()]
    monkeypatch.setattr(_mt19937, "_NUMPY_DRAWS_WORDS", False)
    slow = _mt19937.MT19937(77)
    assert [slow.words32(5).tolist(), slow.longs(3).tolist(), slow.doubles(4).tolist()] == draws
    assert np.array_equal(fast.get_state(), slow.get_state())


def test_randperm_swaps_computed_at_once_equal_the_sequential_pass():
    """`_swaps_applied` gives what the Fisher-Yates swaps give one by one, for random
    targets and for the longest chains (every step swapping with the next place)."""
    rng = np.random.default_rng(5)
    cases = [np.append(np.arange(n - 1) + rng.integers(0, 1 << 32, n - 1) % np.arange(n, 1, -1),
                       n - 1) for n in list(range(2, 40)) * 5 + [1000, 5000]]
    cases += [np.minimum(np.arange(50) + 1, 49), np.full(30, 29), np.arange(30)]
    for targets in cases:
        order = list(range(targets.size))
        for i, j in enumerate(targets.tolist()):
            order[i], order[j] = order[j], order[i]
        assert _mt19937._swaps_applied(targets.astype(np.int64)).tolist() == order


def test_seeding_in_c_equals_the_classic_init_genrand(monkeypatch):
    """manual_seed seeds through NumPy's `_legacy_seeding` when it is init_genrand (checked
    at import); the Python recurrence it replaces gives the same state."""
    assert _mt19937._NUMPY_SEEDS_AS_INIT_GENRAND
    fast = _mt19937.MT19937(2**40 + 123)
    monkeypatch.setattr(_mt19937, "_NUMPY_SEEDS_AS_INIT_GENRAND", False)
    slow = _mt19937.MT19937(2**40 + 123)
    assert np.array_equal(fast.get_state(), slow.get_state())
    assert fast.words32(3).tolist() == slow.words32(3).tolist()
