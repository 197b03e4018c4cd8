"""The fast float32 normal (src/ember/_normal_f32.py) against the step-by-step emulation of
torch's AVX2 transform it replaced (tests/normal_f32_reference.py, itself checked against
recorded torch values in tests/reference/cases_random.py).

Each half of a block of 16 depends on one 24-bit word only (the radius on the first eight,
the sine and cosine on the second eight), so the two transforms are compared on every one
of the 2**24 possible inputs of each half: equal there, they are equal for every draw.
The rest checks the plumbing around them: chunk boundaries, partial blocks, the words
drawn for them, mean and std (the fused multiply-add, a zero radius's sign), float16,
out= and normal_ on views, and whole draws from large seeds.
"""

from __future__ import annotations

import numpy as np
import pytest

import ember
from ember import _mt19937, _normal_f32
from tests import normal_f32_reference as reference

F32 = np.float32
PAIRS = _normal_f32.CHUNK_PAIRS
BLOCK = 2 * PAIRS  # values per chunk


def _bits(values: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(values).view(np.int32 if values.itemsize == 4 else np.int16)


def test_every_radius_and_every_sine_and_cosine_equal_the_reference():
    chunk = 1 << 16
    ws = _normal_f32._Workspace(chunk)
    half = np.full(chunk, 0.5, F32)  # the transform returns half radii: this gives 1 * poly
    junk = np.random.default_rng(0).integers(0, 256, chunk, dtype=np.uint32) << np.uint32(24)
    radius_off = sine_off = cosine_off = 0
    for start in range(0, 1 << 24, chunk):
        k = np.arange(start, start + chunk, dtype=np.uint32)
        u = k.astype(F32) * F32(2.0**-24)
        expected_radius = np.sqrt(reference._log_f32(F32(1) - u) * F32(-2))
        radius = _normal_f32._half_radius(k | junk, ws) * F32(2)
        radius_off += np.count_nonzero(_bits(radius) != _bits(expected_radius))
        expected_sine, expected_cosine = reference._sincos_f32(u * F32(2 * np.pi))
        cosine, sine = _normal_f32._sincos_times(k | junk, half, ws)
        cosine_off += np.count_nonzero(_bits(cosine) != _bits(expected_cosine))
        sine_off += np.count_nonzero(_bits(sine) != _bits(expected_sine))
    assert (radius_off, cosine_off, sine_off) == (0, 0, 0)


def test_the_octant_is_an_integer_function_of_the_word():
    # torch: j = (int(fl32(t * 4/pi)) + 1) & ~1 with t = fl32(fl32(2 pi) * u); the fast
    # transform takes j / 2 = (k + 2**21) >> 22 straight from the word's low 24 bits.
    k = np.arange(1 << 24, dtype=np.int32)
    t = (k.astype(F32) * F32(2.0**-24)) * F32(2 * np.pi)
    j = ((t * F32(1.27323954473516)).astype(np.int32) + 1) & ~1
    assert np.array_equal(j, 2 * ((k + (1 << 21)) >> 22))


def _reference_normal(seed: int, count: int, dtype=F32, mean: float = 0.0,
                      std: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """The previous implementation's draw of `count` >= 16 contiguous values and the three
    words that follow it in the stream."""
    mt = _mt19937.MT19937(seed)
    whole = count // 16 * 16
    out = np.empty(count, dtype)
    for start in range(0, whole, 1 << 15):
        stop = min(start + (1 << 15), whole)
        out[start:stop] = reference._normal_blocks_f32(mt.floats(stop - start), mean, std)
    if np.dtype(dtype).itemsize >= 4:
        mt.floats(count - whole)
    if whole != count:
        out[count - 16:] = reference._normal_blocks_f32(mt.floats(16), mean, std)
    return out, mt.words32(3)


def _drawn(seed: int, draw) -> tuple[np.ndarray, np.ndarray]:
    g = ember.Generator().manual_seed(seed)
    values = draw(g).numpy().reshape(-1)
    after = g.get_state()
    mt = _mt19937.MT19937()
    mt.set_state(after.numpy())
    return values, mt.words32(3)


SIZES = [16, 17, 31, 32, 40, 1000, BLOCK - 16, BLOCK, BLOCK + 1, BLOCK + 16, BLOCK + 17,
         3 * BLOCK + 5, 5 * BLOCK + 24]


@pytest.mark.parametrize("count", SIZES)
def test_randn_equals_the_reference_across_chunks_and_partial_blocks(count):
    seed = 2**40 + count
    expected, expected_next = _reference_normal(seed, count)
    values, following = _drawn(seed, lambda g: ember.randn(count, generator=g))
    assert np.array_equal(_bits(values), _bits(expected))
    assert np.array_equal(following, expected_next)  # as many words drawn


@pytest.mark.parametrize("mean,std", [(2.0, 3.0), (-1.5, 0.25), (0.0, 1.0), (0.3, 1.0),
                                      (-0.0, 1.0), (-0.0, 2.0), (1e-3, 1e5)])
def test_mean_and_std_equal_the_reference(mean, std):
    count = BLOCK + 37
    expected, expected_next = _reference_normal(77, count, mean=mean, std=std)
    values, following = _drawn(77, lambda g: ember.normal(mean, std, (count,), generator=g))
    assert np.array_equal(_bits(values), _bits(expected))
    assert np.array_equal(following, expected_next)


@pytest.mark.parametrize("mean,std", [(0.0, 1.0), (-0.0, 1.0), (-0.0, 3.0), (0.0, 3.0),
                                      (1.0, 1.0)])
def test_edge_words_equal_the_reference(mean, std):
    # Words whose low 24 bits are 0 (a zero radius: torch's -0.0, whose sign a mean of -0.0
    # keeps), the largest, and the sine/cosine octant boundaries; high bytes must not matter.
    rng = np.random.default_rng(5)
    edges = [0, 1, 2, (1 << 24) - 1, 1 << 23, (1 << 23) - 1, 1 << 22, 3 << 22, 5 << 21,
             7 << 21, 1 << 21, 3 << 21]
    low = np.array(edges * 4 + list(rng.integers(0, 1 << 24, 16 * 20)), np.uint32)
    low = low[:low.size // 16 * 16]
    words = low | (rng.integers(0, 256, low.size, dtype=np.uint32) << np.uint32(24))
    flipped = np.concatenate([words.reshape(-1, 2, 8)[:, ::-1].reshape(-1), words])
    for w in (words, flipped):
        out = np.empty(w.size, F32)
        _normal_f32.normal_blocks_f32(w, out, mean, std)
        uniforms = (w & np.uint32(0xFFFFFF)).astype(F32) * F32(2.0**-24)
        expected = reference._normal_blocks_f32(uniforms, mean, std)
        assert np.array_equal(_bits(out), _bits(expected))


def test_float16_computes_in_float32_and_draws_no_words_for_the_partial_block():
    count = BLOCK + 21
    expected, expected_next = _reference_normal(9, count, np.float16, 0.5, 2.0)
    values, following = _drawn(
        9, lambda g: ember.empty(count, dtype=ember.float16).normal_(0.5, 2.0, generator=g))
    assert np.array_equal(_bits(values), _bits(expected))
    assert np.array_equal(following, expected_next)


def test_normal_on_contiguous_views_equals_the_reference():
    count = BLOCK + 8
    expected, _ = _reference_normal(11, count, mean=1.0, std=2.0)
    base = ember.zeros(3, count)
    base[1].normal_(1.0, 2.0, generator=ember.Generator().manual_seed(11))
    assert np.array_equal(_bits(base[1].numpy()), _bits(expected))
    assert not base[0].any().item() and not base[2].any().item()  # neighbours untouched
    expected, expected_next = _reference_normal(12, count - 3)
    flat = ember.zeros(count + 2)
    values, following = _drawn(12, lambda g: flat[3:count].normal_(generator=g))
    assert np.array_equal(_bits(flat[3:count].numpy()), _bits(expected))
    assert np.array_equal(following, expected_next)
    assert flat[:3].tolist() == [0.0] * 3 and flat[count:].tolist() == [0.0] * 2


@pytest.mark.parametrize("seed", [0, 123456789, 2**32 + 5, 2**63 + 11])
def test_large_draws_from_large_seeds_equal_the_reference(seed):
    count = 400_003
    expected, expected_next = _reference_normal(seed, count)
    values, following = _drawn(seed, lambda g: ember.randn(count, generator=g))
    assert np.array_equal(_bits(values), _bits(expected))
    assert np.array_equal(following, expected_next)


def test_unsigned_remainder_by_division_equals_numpys_remainder():
    # randint's modulo (torch's word % range) is computed as w - (w // range) * range.
    rng = np.random.default_rng(3)
    for dtype, top in ((np.uint32, 2**32), (np.uint64, 2**64)):
        values = np.concatenate([rng.integers(0, top, 5000, dtype=dtype),
                                 np.array([0, 1, top - 1, top - 2, 999, 1000, 1001], dtype)])
        for divisor in (1, 2, 3, 1000, 2**31 + 7, top - 1, 2**33 + 1):
            if divisor >= top:
                continue
            expected = values % dtype(divisor)
            assert np.array_equal(_mt19937._remainder(values.copy(), divisor), expected)
