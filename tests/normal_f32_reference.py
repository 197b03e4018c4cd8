"""The float32 normal transform as ember computed it before it was rewritten for speed
(commit ea31f7c): a direct, pass-by-pass emulation of torch's 8-lane AVX2 code (Cephes'
single-precision log and sincos with fused multiply-adds), checked against recorded torch
values. tests/test_normal_float32.py compares the fast transform with it, exhaustively on
the 2**24 possible inputs of each half and on large random draws."""

from __future__ import annotations

import numpy as np

# the block layout helpers are shared with the fast transform; only the maths is frozen here
from ember._mt19937 import _join_blocks, _split_blocks

_F32 = np.float32
_F64 = np.float64

# NumPy has no fused multiply-add. For float32 operands one is exact in float64: the product
# of two float32 values is exact there, and the sum is rounded to float64 and then to
# float32 (as the reference implementation before this one did; both agree with torch on
# every one of the 2**24 possible uniforms). Where one factor has few significant bits (a
# small integer times a short constant), the product is exact in float32 too and plain
# float32 arithmetic is the fused step. The work stays in float32/float64 arrays with plain
# ufuncs: no mixed-dtype ufunc (NumPy casts those through buffers, 5-10x slower) and no
# np.where on random masks (a branch per element, 50x slower than a bit operation).


def _fma32(a: np.ndarray, b, c) -> np.ndarray:
    """a * b + c rounded once, for float32 arrays a (and c) and a float32 number b."""
    work = a.astype(_F64)
    work *= float(b)
    work += c.astype(_F64) if isinstance(c, np.ndarray) else float(c)
    return work.astype(_F32)


def _fma32_product(ab: np.ndarray, other: np.ndarray, c: np.ndarray) -> np.ndarray:
    """ab * other + c rounded once, for float32 arrays."""
    work = ab.astype(_F64)
    work *= other.astype(_F64)
    work += c.astype(_F64)
    return work.astype(_F32)


def _horner32(x64: np.ndarray, coefficients: tuple[float, ...]) -> np.ndarray:
    """The polynomial c0 x^n + ... + cn by Horner's rule with one float32 fused
    multiply-add per step; `x64` holds float32 values in float64. Returns float32."""
    work = x64 * float(_F32(coefficients[0]))
    result = np.empty(x64.shape, _F32)
    result64 = np.empty(x64.shape)
    for i, coefficient in enumerate(coefficients[1:], start=2):
        work += float(_F32(coefficient))
        np.copyto(result, work, casting="unsafe")  # rounded to float32
        if i < len(coefficients):
            np.copyto(result64, result)
            np.multiply(result64, x64, out=work)
    return result


_LOG_POLY = (7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1,
             1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1,
             3.3333331174e-1)
_SQRT_HALF_BITS = int(np.array(0.707106781186547524, _F32).view(np.int32))


def _log_f32(x: np.ndarray) -> np.ndarray:
    """Natural log of positive float32 values: mantissa in [sqrt(1/2), sqrt(2)) by the
    exponent, a degree-9 polynomial in (m - 1), and the exponent times ln 2 in two parts."""
    bits = np.asarray(x, _F32).view(np.int32)
    mantissa = (bits & 0x007FFFFF) | 0x3F000000  # the bits of a value in [0.5, 1)
    small = (mantissa < _SQRT_HALF_BITS).view(np.int8).astype(np.int32)
    exponent = (bits >> 23) - 0x7E
    exponent -= small
    e = exponent.astype(_F32)
    small <<= 23
    mantissa += small  # doubled below sqrt(1/2): 2m - 1 is then exact in float32
    m = mantissa.view(_F32)
    m -= _F32(1)
    z = m * m
    y = _horner32(m.astype(_F64), _LOG_POLY)
    y *= m
    y = _fma32_product(y, z, e * _F32(-2.12194440e-4))
    y += z * _F32(-0.5)  # z * -0.5 is exact: the fused step is this one rounding
    y += m
    y += e * _F32(0.693359375)  # exact: e is a small integer, the constant has 9 bits
    return y


def _sincos_f32(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sine and cosine of float32 values in [0, 2 pi): reduction by multiples of pi/4 (pi/4
    in three parts), then the sine or cosine polynomial depending on the octant."""
    x = np.asarray(x, _F32)
    octant = (x * _F32(1.27323954473516)).astype(np.int32)
    octant += 1
    octant &= ~1
    y = octant.astype(_F32)
    x = x + y * _F32(-0.78515625)  # exact products (8 and 11 significant bits)
    x += y * _F32(-2.4187564849853515625e-4)
    x = _fma32(y, _F32(-3.77489497744594108e-8), x)
    z = x * x
    z64 = z.astype(_F64)
    cos_poly = _horner32(z64, (2.443315711809948e-5, -1.388731625493765e-3,
                               4.166664568298827e-2))
    cos_poly *= z
    cos_poly = _fma32_product(cos_poly, z, -(z * _F32(0.5)))
    cos_poly += _F32(1)
    sin_poly = _horner32(z64, (-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1))
    sin_poly *= z
    sin_poly = _fma32_product(sin_poly, x, x)
    # Octants 2, 3, 6, 7 swap the polynomials, 4-7 negate the sine, 2-5 the cosine: done
    # on the bits.
    swap = -((octant >> 1) & 1)  # all ones where the polynomials swap
    cos_bits, sin_bits = cos_poly.view(np.int32), sin_poly.view(np.int32)
    difference = (cos_bits ^ sin_bits) & swap
    sine, cosine = sin_bits ^ difference, cos_bits ^ difference
    sine ^= (octant & 4) << 29
    cosine ^= (~(octant - 2) & 4) << 29
    return sine.view(_F32), cosine.view(_F32)


def _normal_blocks_f32(uniforms: np.ndarray, mean: float, std: float) -> np.ndarray:
    first, second = _split_blocks(uniforms)
    np.subtract(_F32(1), first, out=first)
    radius = _log_f32(first)
    radius *= _F32(-2)
    np.sqrt(radius, out=radius)
    second *= _F32(2 * np.pi)
    sine, cosine = _sincos_f32(second)
    sine *= radius
    cosine *= radius
    out = _join_blocks(cosine, sine)
    if _F32(std) == 1:  # fma(v, 1, mean) is v + mean
        out += _F32(mean)
        return out
    return _fma32(out, _F32(std), _F32(mean))


