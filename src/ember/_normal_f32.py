"""torch's float32 normal transform for 16 or more contiguous values, bit for bit, fast.

torch fills the tensor with float32 uniforms u = (word & 0xFFFFFF) * 2**-24, then turns each
block of 16 into normals with 8-lane AVX2 code: values j and j + 8 of a block are the
Box-Muller pair r cos(t), r sin(t) with r = sqrt(-2 log(1 - u_j)) and t = 2 pi u_{j+8}. Its
log and sincos are Cephes' single-precision polynomials (as in the public avx_mathfun),
compiled with fused multiply-adds wherever a product feeds a sum. This module computes the
same roundings in NumPy, straight from the twister's words, over cache-sized chunks with
preallocated buffers (`_Workspace`): one NumPy pass per step, no temporaries.

How each rounding is reproduced. Every step below is a single rounding of the value torch
rounds, by construction, except two marked "by exhaustion"; tests/test_normal_float32.py
compares both halves with the step-by-step emulation that came before this one (itself
checked against recorded torch values) on every one of the 2**24 possible inputs of each.

- A fused multiply-add of float32 values a * b + c rounds once. The product of two float32
  values is exact in float64. For the polynomial steps, whose results stay within two
  adjacent binades [2**(E-1), 2**(E+1)), the sum is rounded to float32 *inside* float64 by
  a bias: with M = 2**(E+29) - 2**E, M + v lies in the binade whose float64 spacing is the
  float32 spacing of v (2**(E-23) above 2**E, 2**(E-24) below), so the one float64
  rounding of a * b + (c + M) is the float32 rounding of a * b + c, ties to even, and
  subtracting M is exact. Each Horner step is then three passes (subtract the previous
  bias, multiply, add coefficient plus bias) with no conversion (NumPy's conversions
  between float32 and float64 are scalar loops, slower than its SIMD arithmetic). The
  other fused steps add in float64 and convert to float32 (a float64 rounding first: by
  exhaustion, as the previous emulation), the cosine's last one as (c - 1/4) * 4z and the
  sine's as (s + 1) * 2x, both rows in one call.
- Plain float32 arithmetic is used where torch's step is a single float32 rounding: a
  product exact in float32 (a small integer times a constant of few bits), or an addition
  or a multiplication that torch does not fuse.
- Scaling by a power of two (with a sign) commutes with rounding, so values are carried
  scaled wherever that saves a pass: the log on -m/2, whose square z/4 is then its own
  -z/2 term (times -1/2); t and x doubled, so the polynomials come out doubled and make up
  for a halved radius; the Horner constants scaled to match.
- The three-part reduction by multiples of pi/4 is one float64 subtraction: its first two
  parts are exact in float32 (the product has few bits and the difference cancels), so
  t - j (DP1 + DP2 + DP3) is exact in float64 and one conversion rounds it as torch's last
  fused step does.
- The log's exponent and mantissa come from integer arithmetic on the bits (adding
  0x3F800000 - 0x3F3504F3 carries into the exponent exactly when the mantissa is at least
  sqrt(1/2)); its input 1 - u is 2**24 - k scaled, so no uniform is materialised.
- The octant is an integer function of the word, (k + 2**21) >> 22 (checked on all 2**24
  words: no float32 rounding of t or t * 4/pi moves it), so it costs two integer passes.
- The octant's swaps and signs are bit operations on the octant (no masks, no branches).
- Values that go from float32 to float64 together sit in adjacent rows and convert in one
  call (NumPy's per-call cost is about as large as a pass over a thousand values).
- Constants are 0-d arrays of the operands' dtype (NumPy takes them faster than Python
  numbers) and every call writes into the chunk's preallocated arrays.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["normal_f32", "normal_blocks_f32"]

_F32 = np.float32
_F64 = np.float64
_I32 = np.int32


def _c32(value) -> np.ndarray:
    """A float32 constant as a 0-d array: NumPy's ufuncs take it ~0.3 us faster than a
    Python or NumPy scalar, which counts over a hundred calls per chunk."""
    return np.array(value, _F32)


def _c64(value) -> np.ndarray:
    return np.array(value, _F64)


def _ci32(value: int) -> np.ndarray:
    return np.array(np.int64(value).astype(np.uint32).view(_I32))  # wraps, as the bits do


# Pairs per chunk: large enough that NumPy's per-call cost (~0.45 us, ~100 calls a chunk) is
# small against the work, small enough that the working arrays (72 bytes a pair, 2.4 MB)
# stay near the core. On a Zen 5 EPYC with 1 MB of L2, 2**15 measured ~5% faster end to end
# than 2**14 (which fits L2 no better, at 1.2 MB) and than 2**16.
CHUNK_PAIRS = 1 << 15

_LOG_POLY = (7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1,
             1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1,
             3.3333331174e-1)
_COS_POLY = (2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2)
_SIN_POLY = (-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1)
# The binade E of each Horner step's results (all within [2**(E-1), 2**(E+1)), with the
# sign of the step's coefficient) by the polynomials' ranges on their domains: m in
# [sqrt(1/2) - 1, sqrt(2) - 1), z in [0, (pi/4)**2].
_LOG_BINADES = (-3, -3, -3, -3, -3, -2, -2, -1)
_COS_BINADES = (-9, -4)
_SIN_BINADES = (-6, -2)


def _scaled_horner(coefficients: tuple[float, ...], binades: tuple[int, ...],
                   scale_of_last: float, ratio: float) -> tuple[float, list[tuple]]:
    """Constants for Horner's rule on a scaled variable, reproducing the float32 fused
    steps p_i = fma(p_{i-1}, v, c_i) through biased float64 sums (see the module).

    The arrays hold w = v * ratio instead of v, and each p_i is carried as a_i * p_i with
    a_i = a_{i-1} / ratio, so that a_i * p_i = (a_{i-1} p_{i-1}) * w + a_i * c_i; a_n is
    `scale_of_last`. All factors are powers of two (with a sign), which commute with
    rounding. Returns the leading term a_0 * c_0 and, per step, (a_i c_i + M_i, M_i)."""
    n = len(coefficients) - 1
    factors = [scale_of_last * ratio ** (n - i) for i in range(n + 1)]
    for factor in factors:
        if abs(np.frexp(factor)[0]) != 0.5:  # pragma: no cover - fixed constants
            raise AssertionError("a Horner scale is not a power of two")
    steps = []
    for i, binade in enumerate(binades, start=1):
        c = float(_F32(coefficients[i])) * factors[i]
        scaled_binade = binade + int(np.log2(abs(factors[i])))
        bias = np.copysign(2.0 ** (scaled_binade + 29) - 2.0 ** scaled_binade, c)
        if (c + bias) - bias != c:  # pragma: no cover - fixed constants
            raise AssertionError("a biased coefficient is not exact")
        steps.append((c + bias, bias))
    return float(_F32(coefficients[0])) * factors[0], steps


# The log works on w = -m/2 (so its tail needs no scaling passes, see `_half_radius`) and
# ends with 4 p; the sine and cosine on w = 4 z (the square of 2x) and end with p/4 and
# p/8 (see `_sincos_times`).
_LOG_LEAD, _LOG_STEPS = _scaled_horner(_LOG_POLY, _LOG_BINADES, 4.0, -2.0)
_COS_LEAD, _COS_STEPS = _scaled_horner(_COS_POLY, _COS_BINADES, 1 / 8, 0.25)
_SIN_LEAD, _SIN_STEPS = _scaled_horner(_SIN_POLY, _SIN_BINADES, 1 / 4, 0.25)
_LOG_LEAD_C = _c64(_LOG_LEAD)
_LOG_STEPS_C = [(_c64(step), _c64(bias)) for step, bias in _LOG_STEPS]
# Both trigonometric polynomials in one (2, n) array: row 0 the cosine's, row 1 the sine's.
_SINCOS_LEAD = np.array([[_COS_LEAD], [_SIN_LEAD]])
_SINCOS_STEPS = [(np.array([[c_step], [s_step]]), np.array([[c_bias], [s_bias]]))
                 for (c_step, c_bias), (s_step, s_bias) in zip(_COS_STEPS, _SIN_STEPS)]

# log: the bits of x = 1 - u = j * 2**-24 are those of float32(j) less 24 << 23; float32(j)
# comes as -float32(j) (its sign bit set) from the word with its top byte set, which as an
# int32 is k - 2**24 = -j. Adding 0x3F800000 - 0x3F3504F3 carries into the exponent exactly
# when the mantissa is at least sqrt(1/2), splitting x into 2**e times a mantissa in
# [sqrt(1/2), sqrt(2)); subtracting 127 << 23 leaves e itself in the top bits.
_WORD_TOP_BYTE = np.array(0xFF000000, np.uint32)
_WORD_LOW_24 = np.array(0x00FFFFFF, np.uint32)
_LOG_BITS_OFFSET = _ci32(2**31 - (24 << 23) + (0x3F800000 - 0x3F3504F3) - (127 << 23))
_MANTISSA_BITS = _ci32(0x007FFFFF)
_HALF_MANTISSA_BITS = _ci32(0x3F3504F3 - (1 << 23))  # the mantissa halved
_23 = _ci32(23)
_HALF = _c32(0.5)
# e q1 and e q2 in one call, rows 0 and 1 (e q1 a float32 product, e q2 exact).
_LOG_Q_SCALED = np.array([[_F32(-2.12194440e-4) * _F32(-0.5)],
                          [_F32(0.693359375) * _F32(-0.5)]], _F32)

# sincos: theta = fl32(u * fl32(2 pi)) with u = k * 2**-24; it is carried doubled.
_TWO_THETA_PER_K = _c32(_F32(2 * np.pi) * _F32(2.0**-23))
_DP = (_F32(0.78515625), _F32(2.4187564849853515625e-4), _F32(3.77489497744594108e-8))
_REDUCTION = float(_DP[0]) + float(_DP[1]) + float(_DP[2])
if _REDUCTION - float(_DP[0]) - float(_DP[1]) != float(_DP[2]):  # pragma: no cover
    raise AssertionError("pi/4 in three parts does not sum exactly")
# The octant j = (int(fl32(t * 4/pi)) + 1) & ~1 is 2 ((k + 2**21) >> 22) for every one of
# the 2**24 words (checked by exhaustion: t and t * 4/pi round monotonically and no
# rounding crosses an odd multiple of pi/4 away from k = (2i + 1) 2**21), so its half o
# comes from the word in two integer passes.
_OCTANT_ROUNDING = _ci32(1 << 21)
_22 = _ci32(22)
_MINUS_FOUR_REDUCTION = _c64(-4 * _REDUCTION)  # 2t - j (2 pi/4) = 2t - o (4 pi/4)
# The last fused steps, both rows at once: 2 cos - 2 = (c/2 - 1/4)(4z) and 2 sin =
# (s + 1)(2x) (see `_sincos_times`).
_FINISH = np.array([[-0.25], [1.0]])
_TWO = _c32(2)
_ONE_I = _ci32(1)
_31 = _ci32(31)


def _horner(acc: np.ndarray, variable: np.ndarray, lead: np.ndarray,
            steps: list[tuple[np.ndarray, np.ndarray]], result: np.ndarray) -> None:
    """The polynomial of `variable` (float64 holding float32 values) into float32 `result`,
    each step a float32 fused multiply-add by the bias (three passes, no conversion);
    `acc` is float64 work space."""
    np.multiply(variable, lead, acc)
    previous = None
    for step, bias in steps:
        if previous is not None:
            np.subtract(acc, previous, acc)
            np.multiply(acc, variable, acc)
        np.add(acc, step, acc)
        previous = bias
    np.subtract(acc, previous, acc)
    np.copyto(result, acc, casting="unsafe")  # exact: already a float32 value


class _Workspace:
    """The working arrays for one chunk of `pairs` Box-Muller pairs (72 bytes a pair)."""

    def __init__(self, pairs: int) -> None:
        self.pairs = pairs
        self.zero_radius = False  # whether the last chunk had a zero radius
        self.words = np.empty((2, pairs), np.uint32)  # the first and second halves
        self.f32 = np.empty((6, pairs), _F32)
        self.i32 = np.empty((2, pairs), _I32)
        self.f64 = np.empty((4, pairs), _F64)

    def view(self, pairs: int) -> _Workspace:
        """The same arrays cut to a smaller chunk."""
        if pairs == self.pairs:
            return self
        smaller = object.__new__(_Workspace)
        smaller.pairs = pairs
        smaller.zero_radius = False
        for name in ("words", "f32", "i32", "f64"):
            setattr(smaller, name, getattr(self, name)[:, :pairs])
        return smaller


def _half_radius(words: np.ndarray, ws: _Workspace) -> np.ndarray:
    """Half of r = sqrt(-2 log(1 - u)), u = (word & 0xFFFFFF) * 2**-24, as torch's
    vectorised Cephes log and its square root compute r (float32, in ws.f32[3]).

    Cephes: x = 2**e (1 + m), m in [sqrt(1/2) - 1, sqrt(2) - 1); z = m*m; y = P(m) m
    (Horner, fused); y = fma(y, z, e q1); y += -z/2; y += m; y += e q2; r = sqrt(-2 y).
    Everything is carried multiplied by -1/2 (exact, and rounding commutes with it): the
    array w = -m/2 gives w*w = z/4, which is then exactly the -z/2 term, and w is the m
    term; r = 2 sqrt(y * -1/2), the 2 going into the sine and cosine."""
    # float32 rows: x (then w), e, z/4, y, e q1, e q2; rows 2-4 go to float64 in one call.
    x, e, w2, y, _, eq2 = ws.f32
    bits, exponent = x.view(_I32), ws.i32[0]
    w64, s64 = ws.f64[0], ws.f64[1]
    np.bitwise_or(words, _WORD_TOP_BYTE, words)
    np.copyto(x, words.view(_I32), casting="unsafe")  # -j, exactly
    np.add(bits, _LOG_BITS_OFFSET, bits)
    np.right_shift(bits, _23, exponent)
    np.copyto(e, exponent, casting="unsafe")
    np.bitwise_and(bits, _MANTISSA_BITS, bits)
    np.add(bits, _HALF_MANTISSA_BITS, bits)
    w = x
    np.subtract(_HALF, w, w)  # -m/2 = 1/2 - mantissa/2, exact
    np.multiply(w, w, w2)  # z/4
    np.copyto(w64, w)
    _horner(s64, w64, _LOG_LEAD_C, _LOG_STEPS_C, y)  # 4 P(m)
    np.multiply(y, w, y)  # torch's plain product y = P(m) m, here times -2
    # e q1 (a float32 product) and e q2 (exact: a small integer times 9 bits), scaled.
    np.multiply(e, _LOG_Q_SCALED, ws.f32[4:6])
    # fma(y, z, e q1) times -1/2: (-2 y)(z/4) + e (q1 * -1/2), in float64.
    z64, y64, eq64 = wide = ws.f64[0:3]
    np.copyto(wide, ws.f32[2:5])
    np.multiply(y64, z64, y64)
    np.add(y64, eq64, y64)
    np.copyto(y, y64, casting="unsafe")
    np.add(y, w2, y)  # + (-z/2) * (-1/2)
    np.add(y, w, y)  # + m * (-1/2)
    np.add(y, eq2, y)
    np.sqrt(y, y)
    ws.zero_radius = bool(np.minimum.reduce(y) == 0)
    if ws.zero_radius:
        # u = 0: torch's radius is sqrt(-2 * 0.0) = -0.0 (the sign shows after a mean of
        # -0.0); the scaled sums above give 0.0.
        y[y == 0] = -0.0
    return y


def _sincos_times(words: np.ndarray, half_radius: np.ndarray, ws: _Workspace
                  ) -> tuple[np.ndarray, np.ndarray]:
    """r cos(t) and r sin(t), t = 2 pi u, u = (word & 0xFFFFFF) * 2**-24, as torch's
    vectorised Cephes sincos and its products compute them (float32 work arrays).

    Cephes: octant j = (int(t * 4/pi) + 1) & ~1; x = t - j pi/4 (pi/4 in three parts, the
    last fused); z = x*x; cos = 1 - z/2 + z*z*C(z), sin = x + x*z*S(z) (Horner, fused, in
    the order of the code below); octants 2 and 6 swap them, 4 and 6 negate the sine, 2
    and 4 the cosine. Here t and x are carried doubled (2x squared is 4z), so both
    polynomials come out doubled, which makes up for the halved radius."""
    # The arrays are shared with _half_radius (whose result, in ws.f32[3], is kept) and
    # reused as values die: 72 bytes a pair in all.
    theta, difference = ws.f32[0], ws.f32[5].view(_I32)
    z4_x = ws.f32[1:3]  # 4z and 2x, converted to float64 in one call
    z4, x = z4_x
    first, second = z4, x
    k, octant = words.view(_I32), ws.i32[0]
    y64, theta64 = ws.f64[0], ws.f64[1]
    wide = ws.f64[2:4]  # 4z and 2x in float64
    poly, poly32 = ws.f64[0:2], ws.f32[0::4]  # rows 0 and 4
    np.bitwise_and(words, _WORD_LOW_24, words)
    np.copyto(theta, k, casting="unsafe")
    np.multiply(theta, _TWO_THETA_PER_K, theta)  # 2 t
    np.add(k, _OCTANT_ROUNDING, octant)
    np.right_shift(octant, _22, octant)  # o = j/2, 0..4
    # 2x = 2t - j (2 DP1 + 2 DP2 + 2 DP3): the first two parts are exact in float32 and
    # the whole difference is exact in float64, so one rounding is torch's fused last part.
    np.copyto(y64, octant)
    np.multiply(y64, _MINUS_FOUR_REDUCTION, y64)
    np.copyto(theta64, theta)
    np.add(y64, theta64, y64)
    np.copyto(x, y64, casting="unsafe")  # 2x, x in [-pi/4, pi/4]
    np.multiply(x, x, z4)  # 4z
    np.copyto(wide, z4_x)
    z64 = wide[0]
    _horner(poly, z64, _SINCOS_LEAD, _SINCOS_STEPS, poly32)  # C(z)/8, S(z)/4
    np.multiply(poly32, z4, poly32)  # torch's plain products, here c/2 and s
    np.copyto(poly, poly32)
    # 2 cos - 2: fma(c, z, -z/2) doubled is (c/2 - 1/4)(4z); 2 sin: fma(s, x, x) doubled
    # is (s + 1)(2x). Both sums and products are exact in float64 where the final
    # rounding can depend on them (checked by exhaustion, with the conversion's rounding).
    np.add(poly, _FINISH, poly)
    np.multiply(poly, wide, poly)
    np.copyto(poly32, poly, casting="unsafe")
    cosine, sine = poly32[0], poly32[1]
    np.add(cosine, _TWO, cosine)
    # Octants 2 and 6 (o odd) swap the two; the signs go onto the radius (bits, no
    # branches). The cosine's sign (o = 1, 2) is the sine's (o = 2, 3) flipped where
    # they swap.
    cos_bits, sin_bits = cosine.view(_I32), sine.view(_I32)
    swap_sign, signs = ws.i32[1], octant
    np.left_shift(octant, _31, swap_sign)  # the sign bit set where o is odd
    np.right_shift(octant, _ONE_I, signs)
    np.left_shift(signs, _31, signs)  # the sine's sign (o = 4 shifts out)
    np.bitwise_xor(half_radius.view(_I32), signs, second.view(_I32))
    np.bitwise_xor(second.view(_I32), swap_sign, first.view(_I32))
    np.right_shift(swap_sign, _31, swap_sign)  # all ones where the polynomials swap
    np.bitwise_xor(cos_bits, sin_bits, difference)
    np.bitwise_and(difference, swap_sign, difference)
    np.bitwise_xor(cos_bits, difference, cos_bits)
    np.bitwise_xor(sin_bits, difference, sin_bits)
    np.multiply(first, cosine, first)
    np.multiply(second, sine, second)
    return first, second


_ROW = np.dtype((np.void, 32))  # 8 float32 values: half a block


def normal_blocks_f32(words: np.ndarray, out: np.ndarray, mean: float, std: float,
                      ws: _Workspace | None = None) -> None:
    """Write into float32 `out` torch's normals from `words` (uint32, as many as `out`, a
    multiple of 16 and at most 2 * CHUNK_PAIRS), times std plus mean."""
    pairs = words.size // 2
    ws = (ws or _Workspace(pairs)).view(pairs)
    halves = ws.words.view(_ROW)
    blocks = words.view(_ROW)
    halves[0] = blocks[0::2]
    halves[1] = blocks[1::2]
    half_radius = _half_radius(ws.words[0], ws)
    first, second = _sincos_times(ws.words[1], half_radius, ws)
    rows = out.view(_ROW)
    rows[0::2] = first.view(_ROW)
    rows[1::2] = second.view(_ROW)
    if _F32(std) == 1:  # fma(v, 1, mean) is v + mean
        if mean != 0 or ws.zero_radius:
            # (only a zero radius makes a -0.0, which adding 0.0 turns into 0.0)
            out += _F32(mean)
        return
    scaled = ws.f64[0]
    for half in (out[:pairs], out[pairs:]):
        np.copyto(scaled, half)
        scaled *= float(_F32(std))
        scaled += float(_F32(mean))
        np.copyto(half, scaled, casting="unsafe")


def normal_f32(words32: Callable[[int], np.ndarray], count: int, dtype: np.dtype,
               mean: float = 0.0, std: float = 1.0) -> np.ndarray:
    """normal_(mean, std) of `count` >= 16 contiguous values of a dtype other than float64,
    as torch fills them: the words of the whole blocks chunk by chunk (each transformed
    while in cache), then, for float32, the words of the partial block, whose values are
    then overwritten (float16 draws none for it); a partial last block is recomputed as the
    last 16 values from 16 fresh words. `words32(n)` gives the twister's next n words."""
    dtype = np.dtype(dtype)
    whole = count // 16 * 16
    out = np.empty(count, dtype)
    direct = dtype == np.float32
    step = 2 * CHUNK_PAIRS
    ws = _Workspace(min(whole, step) // 2)
    scratch = None if direct else np.empty(min(whole, step), _F32)
    for start in range(0, whole, step):
        stop = min(start + step, whole)
        target = out[start:stop] if direct else scratch[:stop - start]
        normal_blocks_f32(words32(stop - start), target, mean, std, ws)
        if not direct:
            out[start:stop] = target
    if dtype.itemsize >= 4:
        words32(count - whole)
    if whole != count:
        tail = np.empty(16, _F32)
        normal_blocks_f32(words32(16), tail, mean, std, ws)
        out[count - 16:] = tail
    return out
