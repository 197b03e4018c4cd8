"""The Mersenne Twister (MT19937) that PyTorch's CPU generator is, with torch's seeding,
its cached normal value and its 5056-byte state layout.

NumPy's MT19937 bit generator runs the twister (in C); this module seeds it the way torch
does (the classic 32-bit `init_genrand` on the seed's low 32 bits), hands out its 32-bit
words in blocks, and converts the state to and from torch's layout:

    offset    0  uint64  the initial seed (the full 64-bit value)
    offset    8  int32   left: 1 + the words left in the current block of 624
    offset   12  int32   seeded flag (1)
    offset   16  uint64  next: the index of the next word in the block
    offset   24  624 x uint64, the twister's words (each below 2**32)
    offset 5016  float64 x 3: unused, the cached normal value, unused
    offset 5040  int32   whether the cached normal is valid (then 4 bytes of padding)
    offset 5048  float32 a cached float normal, bool its flag (then 3 bytes of padding)

(found by reading torch's `get_rng_state()` around seeds and draws.)
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.random.bit_generator import ISeedSequence

from ._normal_f32 import normal_f32

__all__ = ["MT19937", "STATE_SIZE", "DEFAULT_SEED", "draw_hook"]

# While a vmapped function runs, vmap's randomness modes (func/_random.py) see every draw of
# the functions below: 'error' refuses it, 'different' draws a whole batch in one call as
# torch's batched random ops do (`hook.draw(function, mt, args, kwargs, by_count)`).
# None otherwise: then each draw pays one test of this global.
draw_hook: Any = None


def _seen_by_vmap(by_count: bool) -> Callable:
    """Route a draw function through `draw_hook` when one is set. `by_count`: its second
    argument is the number of values, and drawing n * B values in one call gives B batch
    elements' draws (torch's batched draw), so vmap may batch it."""
    def decorate(function: Callable) -> Callable:
        @functools.wraps(function)
        def draw(mt, *args, **kwargs):
            hook = draw_hook
            if hook is None:
                return function(mt, *args, **kwargs)
            return hook.draw(function, mt, args, kwargs, by_count)
        return draw
    return decorate

STATE_SIZE = 5056
DEFAULT_SEED = 67280421310721  # the seed of a fresh torch.Generator()

_N = 624
_WORDS_AT = 24
_CACHE_AT = 5016
_FLOAT_CACHE_AT = 5048


def _init_genrand(seed32: int) -> np.ndarray:
    """The 624 words the classic `init_genrand` makes from a 32-bit seed."""
    key = [0] * _N
    key[0] = seed32
    for i in range(1, _N):
        previous = key[i - 1]
        key[i] = (1812433253 * (previous ^ (previous >> 30)) + i) & 0xFFFFFFFF
    return np.array(key, dtype=np.uint32)


class _PlaceholderSeed(ISeedSequence):
    """A seed for NumPy's MT19937 constructor that costs nothing: the twister is seeded as
    torch seeds it right after, so NumPy's own seed hashing (~0.1 ms) would be wasted."""

    def generate_state(self, n_words: int, dtype=np.uint32) -> np.ndarray:
        return np.zeros(n_words, dtype)


_PLACEHOLDER_SEED = _PlaceholderSeed()


def _numpy_seeds_as_init_genrand() -> bool:
    """Whether NumPy's (private) `_legacy_seeding`, RandomState's seeding, is the classic
    `init_genrand` for 32-bit seeds, leaving a block to be regenerated, as torch seeds."""
    bits = np.random.MT19937(0)
    if not hasattr(bits, "_legacy_seeding"):
        return False
    try:
        for seed in (0, 5489, 0xFFFFFFFF):
            bits._legacy_seeding(seed)
            state = bits.state["state"]
            if state["pos"] != _N or not np.array_equal(state["key"], _init_genrand(seed)):
                return False
    except (TypeError, ValueError):
        return False
    return True


_NUMPY_SEEDS_AS_INIT_GENRAND = _numpy_seeds_as_init_genrand()


class MT19937:
    """One twister: 32-bit words in order, plus the slot where torch keeps a spare normal."""

    def __init__(self, seed: int = DEFAULT_SEED) -> None:
        self._bits = np.random.MT19937(_PLACEHOLDER_SEED)
        # NumPy's Generator over the same bit generator: its full-range integers are the
        # twister's words in order (32-bit) and word pairs high-first (64-bit), drawn in C
        # straight into the result's dtype (checked below, `_NUMPY_DRAWS_WORDS`).
        self._numpy = np.random.Generator(self._bits)
        self.seed(seed)

    # ------------------------------------------------------------------ seeding
    def seed(self, seed: int) -> None:
        """Seed as torch: the twister from the low 32 bits; the full value is remembered."""
        self.initial_seed = int(seed) & 0xFFFFFFFFFFFFFFFF
        if _NUMPY_SEEDS_AS_INIT_GENRAND:
            self._bits._legacy_seeding(self.initial_seed & 0xFFFFFFFF)  # in C: ~1000x faster
        else:
            self._bits.state = {"bit_generator": "MT19937",
                                "state": {"key": _init_genrand(self.initial_seed & 0xFFFFFFFF),
                                          "pos": _N}}
        # torch writes next = 0 right after seeding and next = 624 after a whole block.
        self._fresh = True
        self.normal_cache: float | None = None
        self._float_cache = np.zeros(8, np.uint8)

    # ------------------------------------------------------------------ drawing
    def words(self, count: int) -> np.ndarray:
        """The next `count` 32-bit words, as uint64 (room for the 64-bit combinations)."""
        if count <= 0:
            return np.zeros(0, np.uint64)
        self._fresh = False
        return self._bits.random_raw(count)

    def word(self) -> int:
        self._fresh = False
        return int(self._bits.random_raw())

    def words32(self, count: int) -> np.ndarray:
        """The next `count` words as uint32 (half the memory of `words`, twice as fast)."""
        self._fresh = False
        if _NUMPY_DRAWS_WORDS:
            return self._numpy.integers(0, 1 << 32, max(count, 0), dtype=np.uint32)
        return self.words(count).astype(np.uint32)

    def longs(self, count: int) -> np.ndarray:
        """`count` 64-bit values, each the first word shifted above the second."""
        self._fresh = False
        if _NUMPY_DRAWS_WORDS:
            return self._numpy.integers(0, 1 << 64, max(count, 0), dtype=np.uint64)
        pairs = self.words(2 * count)
        return (pairs[0::2] << np.uint64(32)) | pairs[1::2]

    def doubles(self, count: int) -> np.ndarray:
        """Uniform float64 values in [0, 1): the low 53 bits of a 64-bit value."""
        bits = self.longs(count)
        bits &= np.uint64((1 << 53) - 1)
        values = bits.astype(np.float64)
        values *= 2.0**-53
        return values

    def floats(self, count: int) -> np.ndarray:
        """Uniform float32 values in [0, 1): 24 bits of a word (exact in float32)."""
        bits = self.words32(count)
        bits &= np.uint32(0xFFFFFF)
        values = bits.astype(np.float32)
        values *= np.float32(2.0**-24)
        return values

    # ------------------------------------------------------------------ torch's state
    def get_state(self) -> np.ndarray:
        """The state in torch's 5056-byte layout (a uint8 array)."""
        state = np.zeros(STATE_SIZE, np.uint8)
        inner = self._bits.state["state"]
        position = int(inner["pos"])
        header = np.zeros(3, np.uint64)
        header[0] = self.initial_seed
        header[2] = 0 if self._fresh else position
        state[:24] = header.view(np.uint8)
        state[8:16] = np.array([_N + 1 - position, 1], np.int32).view(np.uint8)
        state[_WORDS_AT:_CACHE_AT] = inner["key"].astype(np.uint64).view(np.uint8)
        cache = np.zeros(3, np.float64)
        if self.normal_cache is not None:
            cache[1] = self.normal_cache
            state[_CACHE_AT + 24:_CACHE_AT + 28] = np.array([1], np.int32).view(np.uint8)
        state[_CACHE_AT:_CACHE_AT + 24] = cache.view(np.uint8)
        state[_FLOAT_CACHE_AT:] = self._float_cache
        return state

    def set_state(self, state: np.ndarray) -> None:
        """Take a state in torch's layout (checked as torch checks it)."""
        state = np.ascontiguousarray(state, np.uint8)
        if state.size != STATE_SIZE:
            raise RuntimeError(f"Expected a CPUGeneratorImplState of size {STATE_SIZE} but "
                               f"found the input RNG state size to be {state.size}")
        left, _ = state[8:16].view(np.int32)
        position = int(state[16:24].view(np.uint64)[0])
        if not 1 <= left <= _N or position > _N:
            raise RuntimeError("Invalid mt19937 state")
        key = state[_WORDS_AT:_CACHE_AT].view(np.uint64).astype(np.uint32)
        self.initial_seed = int(state[:8].view(np.uint64)[0])
        self._bits.state = {"bit_generator": "MT19937",
                            "state": {"key": key, "pos": _N + 1 - int(left)}}
        self._fresh = position == 0 and left == 1
        valid = state[_CACHE_AT + 24:_CACHE_AT + 28].view(np.int32)[0]
        self.normal_cache = (float(state[_CACHE_AT + 8:_CACHE_AT + 16].view(np.float64)[0])
                             if valid else None)
        self._float_cache = state[_FLOAT_CACHE_AT:].copy()


def _numpy_draws_words_in_order() -> bool:
    """Whether NumPy's full-range uint32/uint64 integers are the raw words (and high-first
    pairs), as `words32` and `longs` assume; otherwise they combine `random_raw`'s words."""
    raw, numpy = np.random.MT19937(0), np.random.MT19937(0)
    words = raw.random_raw(12)
    generator = np.random.Generator(numpy)
    as32 = generator.integers(0, 1 << 32, 4, dtype=np.uint32)
    as64 = generator.integers(0, 1 << 64, 4, dtype=np.uint64)
    pairs = (words[4::2] << np.uint64(32)) | words[5::2]
    return (as32.tolist() == words[:4].tolist() and as64.tolist() == pairs.tolist()
            and np.array_equal(numpy.state["state"]["key"], raw.state["state"]["key"])
            and numpy.state["state"]["pos"] == raw.state["state"]["pos"])


_NUMPY_DRAWS_WORDS = _numpy_draws_words_in_order()


# ---------------------------------------------------------------------- torch's samplers
# Each function below consumes the twister's words exactly as torch's CPU kernel for that
# distribution does (the order and the number of words, and the arithmetic on them), and
# returns a flat NumPy array of `count` values.

# ---------------------------------------------------------------------- the C library
# torch's scalar kernels call the C library (glibc) for log, log1p, exp, tan, sin and cos.
# NumPy's SIMD loops for some of them differ from it in the last bit (measured on 2 million
# uniform inputs with NumPy 2.4 on AVX-512: log 0.35%, tan 0.5%, exp 4.6%, log1p 7.4%;
# NumPy 1.26's loops differ in about 20%). NumPy keeps a plain loop, calling the C library
# once per element from C, for inputs and outputs that overlap in memory without being the
# same elements: `c_library` interleaves them in one buffer, which takes that loop. Each
# function is checked once against `math` (the same C library seen from Python) on a fixed
# probe; if a NumPy version ever vectorised this case too, the check fails and that function
# goes through `math` element by element instead (exact, but slow).

_C_LIBRARY_CHUNK = 1 << 14  # elements per interleaved pass (the buffer stays in cache)


def _interleaved(ufunc: np.ufunc, flat: np.ndarray) -> np.ndarray:
    out = np.empty(flat.size)
    buffer = np.empty(2 * min(flat.size, _C_LIBRARY_CHUNK))
    for start in range(0, flat.size, _C_LIBRARY_CHUNK):
        part = flat[start:start + _C_LIBRARY_CHUNK]
        inputs, results = buffer[0:2 * part.size:2], buffer[1:2 * part.size:2]
        inputs[...] = part
        ufunc(inputs, out=results)
        out[start:start + part.size] = results
    return out


def _probe(name: str) -> np.ndarray:
    """Inputs like the samplers' for the function `name` (a fixed, seeded set)."""
    u = (np.random.default_rng(12).integers(1, 1 << 53, 4096) * 2.0**-53).astype(np.float64)
    return {"log": u, "log1p": -u, "exp": (u - 0.5) * 40.0, "tan": np.pi * (u - 0.5),
            "sin": 2.0 * np.pi * u, "cos": 2.0 * np.pi * u}[name]


_VECTORISED_CHECK: dict[str, bool] = {}
# Below this many values c_library calls `math` directly (see there).
_FEWEST_INTERLEAVED = 4


def _interleaving_is_exact(name: str) -> bool:
    if name not in _VECTORISED_CHECK:
        probe = _probe(name)
        expected = np.array([getattr(math, name)(v) for v in probe.tolist()])
        _VECTORISED_CHECK[name] = bool(np.array_equal(
            _interleaved(getattr(np, name), probe), expected))
    return _VECTORISED_CHECK[name]


def c_library(name: str, values) -> np.ndarray:
    """The C library's function `name` ('log', 'log1p', 'exp', 'tan', 'sin' or 'cos') of
    float64 `values`, bit for bit, vectorised (see above); the result has values' shape."""
    values = np.asarray(values, np.float64)
    flat = values.reshape(-1)
    if flat.size == 0:
        return values.copy()
    if flat.size < _FEWEST_INTERLEAVED:
        # One value cannot be interleaved with its result so that the two overlap, and
        # NumPy then takes its own (SIMD) loop: the one-at-a-time normal's single pairs
        # differed from torch in about 2.5% of float64 values. A few calls of `math` are as
        # cheap as the trick.
        return np.array([getattr(math, name)(v) for v in flat.tolist()]).reshape(values.shape)
    if _interleaving_is_exact(name):
        return _interleaved(getattr(np, name), flat).reshape(values.shape)
    return np.frompyfunc(getattr(math, name), 1, 1)(values).astype(np.float64)


def fma(a, b, c) -> np.ndarray:
    """a * b + c in float64 rounded once, as the fused multiply-add torch's kernels are
    compiled to: the product is split exactly (Dekker), then the sum is compensated."""
    a, b, c = (np.asarray(v, np.float64) for v in (a, b, c))
    product = a * b
    split = 134217729.0  # 2**27 + 1
    a_big = a * split
    a_hi = a_big - (a_big - a)
    a_lo = a - a_hi
    b_big = b * split
    b_hi = b_big - (b_big - b)
    b_lo = b - b_hi
    with np.errstate(invalid="ignore", over="ignore"):
        product_error = ((a_hi * b_hi - product) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo
        total = product + c
        back = total - product
        sum_error = (product - (total - back)) + (c - back)
        result = total + (sum_error + product_error)
    return np.where(np.isfinite(result), result, product + c)


@_seen_by_vmap(by_count=True)
def uniform(mt: MT19937, count: int, dtype: np.dtype, low: float = 0.0,
            high: float = 1.0) -> np.ndarray:
    """uniform_(low, high): float64 from 53 bits of two words (u * span + low, fused),
    other dtypes from 24 bits of one word (bounds and span in float32, the rest in double,
    rounded to float32 and then to the dtype). A value that rounds up to `high` becomes
    `low`, keeping the interval half-open as torch does."""
    dtype = np.dtype(dtype)
    if dtype == np.float64:
        if low == 0.0 and high == 1.0:
            return mt.doubles(count)  # fma(u, 1, 0) is u
        values = fma(mt.doubles(count), high - low, low)
        return np.where(values == high, low, values)
    low32, high32 = np.float32(low), np.float32(high)
    span = float(high32 - low32)
    if low32 == 0 and high32 == 1:
        values = mt.floats(count).astype(dtype, copy=False)
        if dtype == np.float32:
            return values  # at most 1 - 2**-24: none reaches 1
    else:
        values = (mt.floats(count).astype(np.float64) * span + float(low32))
        values = values.astype(np.float32).astype(dtype)
    return np.where(values == dtype.type(high32), dtype.type(low32), values)


def _box_muller(u1: np.ndarray, u2: np.ndarray, log_of) -> tuple[np.ndarray, np.ndarray]:
    radius = np.sqrt(-2.0 * log_of(u2))
    theta = 2.0 * np.pi * u1
    return radius * c_library("cos", theta), radius * c_library("sin", theta)


def _scaled(values: np.ndarray, mean: float, std: float) -> np.ndarray:
    """values * std + mean rounded once (torch's fused multiply-add); with std 1 that is a
    plain sum, so the costly emulation is skipped."""
    if std == 1:
        return values + mean
    return fma(values, std, mean)


def _split_blocks(uniforms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first and the second 8 values of every block of 16, each half as one contiguous
    array (rows of 8 copied as single items: no strided arithmetic afterwards)."""
    rows = uniforms.view(np.dtype((np.void, 8 * uniforms.itemsize)))
    return rows[0::2].copy().view(uniforms.dtype), rows[1::2].copy().view(uniforms.dtype)


def _join_blocks(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The inverse of `_split_blocks`: blocks of 16 from their two halves."""
    row = np.dtype((np.void, 8 * first.itemsize))
    out = np.empty(2 * first.size, first.dtype)
    rows = out.view(row)
    rows[0::2], rows[1::2] = first.view(row), second.view(row)
    return out


@_seen_by_vmap(by_count=True)
def standard_normal_scalar(mt: MT19937, count: int) -> np.ndarray:
    """`count` values of torch's one-at-a-time normal (the path for fewer than 16 values or
    a non-contiguous target): each pair of 53-bit uniforms gives r*cos, returned, and r*sin,
    kept in the generator for the next value (a cached value is used first)."""
    values = []
    if count and mt.normal_cache is not None:
        values.append(np.array([mt.normal_cache]))
        mt.normal_cache = None
        count -= 1
    pairs = (count + 1) // 2
    if pairs:
        u = mt.doubles(2 * pairs)
        cos_part, sin_part = _box_muller(u[0::2], u[1::2],
                                         lambda v: c_library("log1p", -v))
        both = np.empty(2 * pairs)
        both[0::2], both[1::2] = cos_part, sin_part
        if count % 2:
            mt.normal_cache = float(both[-1])
        values.append(both[:count])
    return np.concatenate(values) if values else np.zeros(0)


def _normal_blocks(uniforms: np.ndarray, mean: float, std: float) -> np.ndarray:
    """torch's transform of float64 blocks of 16 uniforms: values j and j + 8 of a block
    become the cosine and sine of one Box-Muller pair."""
    first, second = _split_blocks(uniforms)
    radius = np.sqrt(-2.0 * c_library("log", 1.0 - first))
    theta = 2.0 * np.pi * second
    out = _join_blocks(radius * c_library("cos", theta), radius * c_library("sin", theta))
    return _scaled(out, mean, std)


_CHUNK = 1 << 15  # values per vectorised pass (a multiple of 16)


@_seen_by_vmap(by_count=True)
def normal(mt: MT19937, count: int, dtype: np.dtype, mean: float = 0.0, std: float = 1.0,
           contiguous: bool = True) -> np.ndarray:
    """normal_(mean, std) of `count` values of a floating dtype."""
    dtype = np.dtype(dtype)
    if count < 16 or not contiguous:
        return _scaled(standard_normal_scalar(mt, count), mean, std).astype(dtype)
    if dtype != np.float64:
        # torch's 8-lane float32 transform (float16 computes in float32 too)
        return normal_f32(mt.words32, count, dtype, mean, std)
    whole = count // 16 * 16
    out = np.empty(count, dtype)
    # Uniforms are drawn chunk by chunk, in stream order, and transformed while in cache.
    for start in range(0, whole, _CHUNK):
        stop = min(start + _CHUNK, whole)
        out[start:stop] = _normal_blocks(mt.doubles(stop - start), mean, std)
    # Uniforms for the partial block are drawn too; its values are then overwritten.
    mt.doubles(count - whole)
    if whole != count:
        # The tail is recomputed as the last 16 values from 16 fresh uniforms.
        out[count - 16:] = _normal_blocks(mt.doubles(16), mean, std)
    return out


# ---------------------------------------------------------------------- integers and others
@_seen_by_vmap(by_count=True)
def integers(mt: MT19937, count: int, low: int, high: int) -> np.ndarray:
    """random_(low, high) as int64: a word modulo the range, or a 64-bit value modulo it
    for ranges of 2**32 and more."""
    span = high - low
    draws = mt.longs(count) if span >= 1 << 32 else mt.words32(count)
    values = _remainder(draws, span).astype(np.int64)
    if low:
        values += low
    return values


def _remainder(values: np.ndarray, divisor: int) -> np.ndarray:
    """values % divisor for unsigned values, in place, as values - (values // divisor) *
    divisor: NumPy divides an array by one integer with a precomputed multiplier
    (libdivide), about 3x faster than its remainder loop; exact, as the product never
    exceeds the value."""
    d = np.array(divisor, values.dtype)
    quotient = np.floor_divide(values, d)
    np.multiply(quotient, d, quotient)
    np.subtract(values, quotient, values)
    return values


@_seen_by_vmap(by_count=True)
def default_integers(mt: MT19937, count: int, dtype: np.dtype) -> np.ndarray:
    """random_() without bounds: [0, 2**mantissa] for floating dtypes, [0, max] for
    integers (64-bit values for 64-bit dtypes and float64, words otherwise)."""
    dtype = np.dtype(dtype)
    if dtype == np.bool_:
        return (mt.words(count) % np.uint64(2)).astype(np.bool_)
    if dtype.kind == "f":
        top = (1 << np.finfo(dtype).nmant + 1) + 1
    else:
        top = int(np.iinfo(dtype).max) + 1
    draw = mt.longs if top > 1 << 32 else mt.words
    return (draw(count) % np.uint64(top)).astype(dtype)


@_seen_by_vmap(by_count=False)
def permutation(mt: MT19937, n: int) -> np.ndarray:
    """randperm(n): torch's Fisher-Yates pass from 0..n-1, where step i swaps places i and
    i + (word % (n - i)); the result computed for all steps at once (`_swaps_applied`)."""
    if n < 2:
        return np.arange(n, dtype=np.int64)
    remaining = np.arange(n, 1, -1, dtype=np.uint64)
    draws = mt.longs(n - 1) if n > 1 << 32 else mt.words32(n - 1).astype(np.uint64)
    targets = np.empty(n, np.int64)
    targets[:-1] = draws % remaining
    targets[:-1] += np.arange(n - 1)
    targets[-1] = n - 1  # a last step that swaps the last place with itself
    return _swaps_applied(targets)


def _swaps_applied(targets: np.ndarray) -> np.ndarray:
    """The array 0..n-1 after steps i = 0..n-1 swap places i and targets[i] >= i in turn,
    without running the steps one by one.

    Step i puts at place i, for good, what place targets[i] holds just before it. A place p
    at or after i has only been written by earlier steps that targeted p, the last of them
    (`previous`) moving there what its own place held just before it; so the value sits
    where a chain of such steps starts. `origin[k]` (what place k holds just before step
    k: the last earlier step that targeted k, followed back to a place never targeted) is
    found for all k at once by pointer jumping (log n rounds)."""
    n = targets.size
    steps = np.arange(n, dtype=np.int64)
    # Steps grouped by target, each group in step order (one sort of unique keys).
    shift = int(n - 1).bit_length()
    keys = np.sort((targets << shift) | steps)
    target_of, step_of = keys >> shift, keys & ((1 << shift) - 1)
    boundary = target_of[1:] != target_of[:-1]
    inside = np.flatnonzero(~boundary)
    previous = np.full(n, -1, np.int64)  # the last earlier step with the same target
    previous[step_of[inside + 1]] = step_of[inside]
    # The last step before k that targeted place k: the last of k's group, or the one before
    # it when the last is step k itself (a step that swaps k with k).
    ends = np.append(np.flatnonzero(boundary), n - 1)
    place, last = target_of[ends], step_of[ends]
    last = np.where(last < place, last, previous[last])
    origin = steps.copy()
    origin[place] = np.where(last < 0, place, last)
    while True:
        jumped = origin[origin]
        if np.array_equal(jumped, origin):
            break
        origin = jumped
    return np.where(previous < 0, targets, origin[previous])


@_seen_by_vmap(by_count=False)
def rrelu_noise(mt: MT19937, x: np.ndarray, lower: float, upper: float) -> np.ndarray:
    """rrelu's training slopes for `x`, as torch's kernel draws them: walking x in order, a
    non-positive element gets u * (upper - lower) + lower from one 53-bit uniform (in
    double, not fused; the bounds first rounded to x's dtype), then rounded to x's dtype;
    every other element gets 1 and draws nothing."""
    low, high = float(x.dtype.type(lower)), float(x.dtype.type(upper))
    noise = np.ones(x.shape, x.dtype)
    negative = x <= 0
    noise[negative] = mt.doubles(int(np.count_nonzero(negative))) * (high - low) + low
    return noise


@_seen_by_vmap(by_count=False)
def bernoulli_tensor(mt: MT19937, p: np.ndarray) -> np.ndarray:
    """bernoulli(p) for a tensor p: a uniform in p's dtype per element, u < p."""
    return uniform(mt, p.size, p.dtype if p.dtype.kind == "f" else np.float64) < p.ravel()


@_seen_by_vmap(by_count=True)
def bernoulli_scalar(mt: MT19937, count: int, p: float) -> np.ndarray:
    """bernoulli_(p) for a number p: a 53-bit uniform per element, u < p."""
    return mt.doubles(count) < p


@_seen_by_vmap(by_count=True)
def exponential(mt: MT19937, count: int, lambd: float) -> np.ndarray:
    """exponential_(lambd): -1/lambd times log1p(-u), on 53-bit uniforms (any dtype)."""
    return (-1.0 / lambd) * c_library("log1p", -mt.doubles(count))


@_seen_by_vmap(by_count=True)
def cauchy(mt: MT19937, count: int, median: float, sigma: float) -> np.ndarray:
    """cauchy_(median, sigma): median + sigma * tan(pi (u - 1/2)), fused."""
    return fma(sigma, c_library("tan", np.pi * (mt.doubles(count) - 0.5)), median)


@_seen_by_vmap(by_count=True)
def log_normal(mt: MT19937, count: int, mean: float, std: float) -> np.ndarray:
    """log_normal_(mean, std): exp of torch's one-at-a-time normal, for any size."""
    return c_library("exp", fma(standard_normal_scalar(mt, count), std, mean))


@_seen_by_vmap(by_count=True)
def geometric(mt: MT19937, count: int, p: float) -> np.ndarray:
    """geometric_(p): the number of trials to the first success, ceil(log u / log(1 - p))."""
    return np.ceil(c_library("log", mt.doubles(count)) / math.log1p(-p))


@_seen_by_vmap(by_count=False)
def multinomial_with_replacement(mt: MT19937, probabilities: np.ndarray,
                                 count: int) -> np.ndarray:
    """Row by row, `count` 53-bit uniforms each placed in the row's cumulative
    distribution (normalised in the input's dtype): the first category reaching it."""
    rows = []
    for row in probabilities:
        cumulative = np.cumsum(row, dtype=row.dtype)
        cumulative = cumulative / cumulative[-1]
        found = np.searchsorted(cumulative, mt.doubles(count), side="left")
        rows.append(np.minimum(found, row.size - 1))
    return np.array(rows, dtype=np.int64).reshape(probabilities.shape[0], count)


@_seen_by_vmap(by_count=False)
def multinomial_without_replacement(mt: MT19937, probabilities: np.ndarray,
                                    count: int) -> np.ndarray:
    """torch's exponential trick: the `count` largest p / E with E ~ Exp(1) drawn for
    every entry (in the input's dtype); ties go to the lower index, as torch's topk."""
    noise = exponential(mt, probabilities.size, 1.0).astype(probabilities.dtype)
    keys = probabilities / noise.reshape(probabilities.shape)
    return np.argsort(-keys, axis=-1, kind="stable")[:, :count].astype(np.int64)
