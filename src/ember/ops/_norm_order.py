"""torch's CPU vector norms (float32/float64) in torch's order of operations.

A norm's last bit depends on the order in which the squares (or |x|^p) are added, and on
which of those additions are fused multiply-adds; `print(clip_grad_norm_(...).item())`
shows 17 digits of it. torch 2.13's two CPU kernels, found by experiment (bit for bit
against torch on random inputs of 1 to 100,000 elements, several rows, slices, transposes,
float32 and float64, zeros, infs and nans):

- p = 2, float32/float64, where the reduced elements lie side by side in memory (the
  innermost dim, or dims that merge into one: a contiguous x.norm(), a row norm of a
  matrix, F.normalize over the last dim, clip_grad_norm_'s per-tensor norms) -- torch's
  vectorised "last dim" kernel, per result:
  - the row is read as vectors of 32 bytes (8 float32 or 4 float64 lanes); each lane adds
    its squares one after another from 0, the square rounded first (a multiply, then an
    add: no fusing);
  - the lanes are added first to last into one number;
  - the elements after the last full vector follow one by one: each a fused multiply-add
    (x*x + acc rounded once), except that for float32 a tail of 4 or more starts with 4
    squares rounded and added one by one (the compiler's 4-lane loop);
  - the square root, correctly rounded.
  This is the AVX2 kernel (torch.backends.cpu.get_cpu_capability() == "AVX2"): it is used
  where NumPy reports AVX2 and FMA3 and no AVX-512 (torch would pick its AVX512 kernel, of
  16 float32 lanes); elsewhere NumPy's sum stands in (docs/differences.md).
- every other p = 2 norm (the reduced elements strided: a column norm, F.normalize over
  dim 1 of an image batch, a slice's norm), and p = 1 and the other finite p != 0 in any
  layout -- torch's plain reduction: per result, the terms x*x, |x| or |x|^p (the C
  library's pow, as NumPy's with an array of exponents) added one after another from 0 in
  memory order (the reduced dims walked innermost first by stride), no fusing; then sqrt,
  nothing, or acc^(1/p). One result of 32768 elements or more is split between torch's
  threads (their number decides the order), so NumPy's sum stands in there.
p = 0 counts and p = +-inf takes a maximum or minimum: exact in any order, NumPy's.
"""

from __future__ import annotations

import math
import struct
from fractions import Fraction

import numpy as np

try:  # einsum without its Python wrapper (a microsecond)
    from numpy._core.multiarray import c_einsum as _einsum
except ImportError:  # NumPy 1
    from numpy.core.multiarray import c_einsum as _einsum

_VECTOR_BYTES = 32  # AVX2: 8 float32 or 4 float64 lanes
_FLOAT32_STEP = 4  # the compiler's 4-lane loop over a float32 tail of 4 or more
_SERIAL = 32768  # torch's grain size: one result this large is split between threads
_FEW = 16  # vectors that add.reduce sums faster than einsum


def _capability_is_avx2() -> bool:
    """Whether this CPU runs torch's AVX2 kernels (AVX2 and FMA, no AVX-512), as NumPy
    reports its features (torch asks cpuinfo the same)."""
    try:
        from numpy._core._multiarray_umath import __cpu_features__ as features
    except ImportError:  # NumPy 1
        from numpy.core._multiarray_umath import __cpu_features__ as features
    avx512 = all(features.get(name, False) for name in ("AVX512F", "AVX512BW", "AVX512DQ",
                                                        "AVX512VL"))
    return bool(features.get("AVX2") and features.get("FMA3")) and not avx512


AVX2 = _capability_is_avx2()


# ---------------------------------------------------------------- fused x*x + acc
# Written once for arrays (several rows) and Python floats (one row: a tenth of the
# cost), told apart by the rounding-to-odd step they are given.
def _two_sum_error(a, b, s):
    """The exact a + b - s for s = a + b rounded (Knuth's TwoSum)."""
    b_part = s - a
    return (a - (s - b_part)) + (b - b_part)


_LAST_BIT = np.uint64(1)


def _odd_array(s: np.ndarray, error: np.ndarray) -> np.ndarray:
    """s (a rounded sum whose exact value is s + error) rounded to odd instead: where
    inexact and s's last bit is even, its neighbour towards the exact value."""
    even = (error != 0) & ((s.view(np.uint64) & _LAST_BIT) == 0) & np.isfinite(s)
    if even.any():
        s = s.copy()
        s[even] = np.nextafter(s[even], np.where(error[even] > 0, np.inf, -np.inf))
    return s


def _odd_float(s: float, error: float) -> float:
    """_odd_array for one Python float."""
    if error and math.isfinite(s) and not struct.unpack("<q", struct.pack("<d", s))[0] & 1:
        return math.nextafter(s, math.copysign(math.inf, error))
    return s


def _fused_float32(acc, x, odd):
    """float32 x*x + acc rounded once, in float64 (then to be rounded to float32): the
    square is exact there and the sum, rounded to odd, rounds to float32 as the exact sum
    would (53 >= 24 + 2)."""
    square = x * x
    total = acc + square
    return odd(total, _two_sum_error(acc, square, total))


_SPLIT = 134217729.0  # 2**27 + 1: Veltkamp's split of a float64 into two 26-bit halves


def _fused_float64(acc, x, odd):
    """float64 x*x + acc rounded once (Boldo and Melquiond's emulation: the square as an
    exact pair, the sum as an exact pair, the low parts added rounding to odd, then the
    high part and that added); exact where x and acc are finite and not _awkward."""
    square = x * x
    c = _SPLIT * x
    high = c - (c - x)
    low = x - high
    square_error = ((high * high - square) + 2 * high * low) + low * low
    total = acc + square
    total_error = _two_sum_error(acc, square, total)
    low_sum = total_error + square_error
    return total + odd(low_sum, _two_sum_error(total_error, square_error, low_sum))


def _awkward(x, acc):
    """Where _fused_float64's pairs may not be exact: squares that leave the normal range,
    sums near its ends (for finite x and acc)."""
    magnitude, size = abs(x), abs(acc)
    return ~((magnitude == 0) | ((magnitude > 2.0 ** -400) & (magnitude < 2.0 ** 400))) | (
        (size != 0) & ((size < 2.0 ** -800) | (size > 2.0 ** 900)))


def _exact_fma(x: float, acc: float) -> float:
    try:
        return float(Fraction(x) * Fraction(x) + Fraction(acc))
    except OverflowError:
        return math.inf


def _fma_square(acc: np.ndarray, x: np.ndarray) -> np.ndarray:
    """x*x + acc rounded once, elementwise (float32 or float64 arrays)."""
    if acc.dtype == np.float32:
        wide = _fused_float32(acc.astype(np.float64), x.astype(np.float64), _odd_array)
        return wide.astype(np.float32)
    finite = np.isfinite(x) & np.isfinite(acc)
    fused = np.where(finite, _fused_float64(acc, x, _odd_array), acc + x * x)
    for index in zip(*np.nonzero(_awkward(x, acc) & finite)):  # (rare)
        fused[index] = _exact_fma(float(x[index]), float(acc[index]))
    return fused


def _fma_square_one(acc: float, x: float, single: bool) -> float:
    """_fma_square for one float32 (single) or float64 value, as Python floats."""
    if single:
        return float(np.float32(_fused_float32(acc, x, _odd_float)))
    if not (math.isfinite(x) and math.isfinite(acc)):
        return acc + x * x
    if _awkward(np.float64(x), np.float64(acc)):
        return _exact_fma(x, acc)
    return _fused_float64(acc, x, _odd_float)


# ---------------------------------------------------------------- layouts
def _reduced_by_stride(x: np.ndarray, dims: tuple) -> list[int] | None:
    """The reduced dims of more than one element, innermost first in memory (equal strides:
    the later dim inner, as torch's iterator leaves them); None for a broadcast one."""
    reduced = [d for d in dims if x.shape[d] != 1]
    if any(x.strides[d] == 0 for d in reduced):
        return None
    return sorted(reduced, key=lambda d: (abs(x.strides[d]), -d))


def _side_by_side(x: np.ndarray, reduced: list[int]) -> bool:
    """Whether the reduced dims merge into one run of adjacent elements, innermost in
    memory: torch's last-dim kernel then reads each result's elements as a row."""
    step = x.itemsize
    for d in reduced:
        if abs(x.strides[d]) != step:
            return False
        step *= x.shape[d]
    return all(abs(x.strides[d]) > x.itemsize for d in range(x.ndim)
               if d not in reduced and x.shape[d] != 1)


def _rows(x: np.ndarray, reduced: list[int]) -> np.ndarray:
    """x as (results, reduced elements), the elements in memory order (outermost first)."""
    kept = [d for d in range(x.ndim) if d not in reduced]
    view = np.transpose(x, kept + reduced[::-1])
    return view.reshape(-1, math.prod(x.shape[d] for d in reduced))


def _columns(x: np.ndarray, reduced: list[int]) -> np.ndarray:
    """x as (reduced elements, results), the elements in memory order (outermost first)."""
    kept = [d for d in range(x.ndim) if d not in reduced]
    view = np.transpose(x, reduced[::-1] + kept)
    return view.reshape(math.prod(x.shape[d] for d in reduced), -1)


# ---------------------------------------------------------------- the two kernels
# NumPy's einsum adds along an axis that is not adjacent in memory term by term, from the
# first term (its add.reduce too, but one call per output row: einsum runs down each column
# in one loop, ten times faster); an axis of adjacent elements it sums in several partial
# sums. tests/test_norm_order.py checks both against add.accumulate, one after another.
def _lane_sums(squares: np.ndarray, lanes: int, out: np.ndarray | None = None) -> np.ndarray:
    """The lanes' sums (R, lanes) of squares (R, n * lanes), each lane's squares added one
    after another from the first (einsum's set-up costs more than add.reduce's loop over
    a few vectors)."""
    vectors = squares.reshape(squares.shape[0], -1, lanes)
    if vectors.shape[0] * vectors.shape[1] <= _FEW:
        return np.add.reduce(vectors, axis=1, out=out)
    return _einsum("ijk->ik", vectors) if out is None else _einsum("ijk->ik", vectors, out=out)


def _last_dim_sum_of_squares(rows: np.ndarray) -> np.ndarray:
    """Each row's sum of squares (R,) as torch's AVX2 last-dim kernel adds them."""
    count, size = rows.shape
    single = rows.dtype == np.float32
    lanes = _VECTOR_BYTES // rows.itemsize
    full = size - size % lanes
    step = _FLOAT32_STEP if single and size - full >= _FLOAT32_STEP else 0
    squares = np.square(rows[:, :full + step])
    # the lanes first to last, then a float32 tail's first 4 squares (one vector: its
    # squares are the lanes' sums)
    if full > lanes:
        terms = np.empty((count, lanes + step), rows.dtype)
        _lane_sums(squares[:, :full], lanes, terms[:, :lanes])
        terms[:, lanes:] = squares[:, full:]
    else:
        terms = squares
    total = np.add.accumulate(terms, axis=1)[:, -1] if terms.shape[1] else np.zeros(
        count, rows.dtype)
    for column in range(full + step, size):  # the rest of the tail (3 at most) fused
        total = _fma_square(total, rows[:, column])
    return total


def _row_norm(row: np.ndarray) -> float:
    """_last_dim_sum_of_squares's norm for one contiguous row (x.norm(), a parameter's
    norm), with Python floats where they cost less than arrays."""
    size = row.shape[0]
    single = row.itemsize == 4
    lanes = _VECTOR_BYTES // row.itemsize
    full = size - size % lanes
    step = _FLOAT32_STEP if single and size - full >= _FLOAT32_STEP else 0
    terms = np.square(row[:full + step])
    if full > lanes:  # the lanes' sums, then a float32 tail's first 4 squares
        squares, terms = terms, np.empty(lanes + step, row.dtype)
        vectors = squares[:full].reshape(-1, lanes)
        if vectors.shape[0] > _FEW:
            _einsum("ij->j", vectors, out=terms[:lanes])
        else:
            np.add.reduce(vectors, axis=0, out=terms[:lanes])
        terms[lanes:] = squares[full:]
    total = float(np.add.accumulate(terms)[-1]) if terms.size else 0.0
    for value in row[full + step:].tolist():
        total = _fma_square_one(total, value, single)
    return math.sqrt(total)  # (float32's root: rounded twice, as once: 53 >= 2 * 24 + 2)


def _in_order_sum(terms: np.ndarray) -> np.ndarray:
    """Each column's sum (R,) of terms (m, R) in C order, added one after another from 0."""
    if terms.shape[1] == 1:
        return np.add.accumulate(terms[:, 0])[-1:] + terms.dtype.type(0)
    return _einsum("ij->j", terms) + terms.dtype.type(0)


def _plain_norm(columns: np.ndarray, p: float) -> np.ndarray:
    """Each column's p-norm (R,) of columns (m, R) as torch's plain reduction: the terms
    added one after another."""
    if p == 2:
        return np.sqrt(_in_order_sum(np.square(columns, order="C")))
    magnitude = np.abs(columns, order="C")
    if p == 1:
        return _in_order_sum(magnitude)
    # an array of exponents: NumPy's power then calls the C library's pow for every p
    # (a single exponent of 0.5, 2 or -1 takes sqrt, a square or a reciprocal instead)
    powers = np.power(magnitude, np.full_like(magnitude, p))
    sums = _in_order_sum(powers)
    return np.power(sums, np.full_like(sums, columns.dtype.type(1) / columns.dtype.type(p)))


def torch_norm(x: np.ndarray, p: float, dims: tuple, keepdim: bool,
               plain: bool = False) -> np.ndarray | None:
    """x's p-norm over `dims` (float32/float64) in torch's order of operations, or None
    where that order is not known (p = 0 or +-inf, whose order does not matter; one result
    of 32768 or more elements outside the last-dim kernel; another CPU's kernels).
    plain: torch's plain reduction in any layout (float16's, accumulated in float32).
    NumPy's floating-point errors are to be silenced by the caller (ember's forwards run
    quietly)."""
    if x.dtype not in (np.float32, np.float64) or p == 0 or math.isinf(p) or not x.size:
        return None
    if x.ndim == 1 and dims and p == 2 and not plain and AVX2 and x.size > 1 \
            and x.strides[0] == x.itemsize:  # one row (x.norm()): fewer NumPy calls
        return np.array(_row_norm(x), x.dtype).reshape((1,) if keepdim else ())
    reduced = _reduced_by_stride(x, dims)
    if reduced is None or not reduced:
        return None
    if p == 2 and not plain and _side_by_side(x, reduced):
        if not AVX2:
            return None
        norms = np.sqrt(_last_dim_sum_of_squares(_rows(x, reduced)))
    else:
        columns = _columns(x, reduced)
        if columns.shape[1] == 1 and columns.shape[0] >= _SERIAL:
            return None
        norms = _plain_norm(columns, p)
    shape = tuple(1 if d in dims else size for d, size in enumerate(x.shape)) if keepdim \
        else tuple(size for d, size in enumerate(x.shape) if d not in dims)
    return norms.reshape(shape)
