"""digamma as torch's CPU kernel computes it, in the input's own precision.

torch's kernel is Cephes' psi: for x < 0 the reflection psi(1 - x) - pi / tan(pi r) (r the
fractional part, in double), then steps x up to 10 subtracting 1/x each time, then the
asymptotic series log(x) - 1/(2x) - z P(z) in z = 1/x^2, P's Horner steps fused
multiply-adds (the kernel is compiled for FMA). It does all of this in float for a float32
(and float16) input and in double for float64, so its float32 values carry float
rounding: up to thousands of ulps from the true value near digamma's root at 1.4616. ember's
former float64 computation rounded once differed from torch in ~49% of float32 values and,
through the C library's log and the fused steps, ~17% of float64 ones; this one differs in
~0.05% of float32 values (glibc's logf, not correctly rounded there, against log rounded from
double) and none of the float64 ones measured (tests/test_torch_digamma.py).
"""

from __future__ import annotations

import math

import numpy as np

from .._mt19937 import c_library
from .._mt19937 import fma as fma64

__all__ = ["digamma"]

# B_2k / (2k), highest power of z first (Cephes' table)
_SERIES = (8.33333333333333333333e-2, -2.10927960927960927961e-2, 7.57575757575757575758e-3,
           -4.16666666666666666667e-3, 3.96825396825396825397e-3, -8.33333333333333333333e-3,
           8.33333333333333333333e-2)
_PSI_10 = 2.25175258906672110764  # digamma(10), returned as it is when the steps land on 10


def _fma32(a: np.ndarray, b: np.ndarray, c) -> np.ndarray:
    # float32 operands: their float64 product is exact, the sum rounds once more (a tie
    # there that float32 would break otherwise is ~1 in 2^29: not emulated)
    return (a.astype(np.float64) * b.astype(np.float64) + np.float64(c)).astype(np.float32)


def digamma(x: np.ndarray) -> np.ndarray:
    """psi(x) of a float32 or float64 array, with torch's roundings; float16 goes through
    float32 as torch's kernel does."""
    if x.dtype == np.float16:
        return digamma(x.astype(np.float32)).astype(np.float16)
    single = x.dtype == np.float32
    kind = x.dtype.type
    with np.errstate(all="ignore"):
        wide = x.astype(np.float64)
        negative = x < 0
        fraction = wide - np.trunc(wide)
        pi_over_tan = math.pi / c_library("tan", math.pi * fraction)
        y = np.where(negative, kind(1) - x, x)
        result = np.zeros_like(y)
        for _ in range(10):  # (no value needs more steps: y >= 0 here)
            below = y < 10
            if not below.any():
                break
            result = np.where(below, result - kind(1) / y, result)
            y = np.where(below, y + kind(1), y)
        z = kind(1) / (y * y)
        poly = np.full_like(z, kind(_SERIES[0]))
        for coefficient in _SERIES[1:]:
            poly = _fma32(poly, z, coefficient) if single else fma64(poly, z, coefficient)
        series = np.where(y < kind(1e17), z * poly, kind(0))
        log = (np.log(y.astype(np.float64)).astype(np.float32) if single
               else c_library("log", y))
        out = ((result + log) - kind(0.5) / y) - series
        out = np.where(y == 10, result + kind(_PSI_10), out)
        out = np.where(negative, out - pi_over_tan.astype(x.dtype), out)
        out = np.where(x == 0, np.copysign(kind(np.inf), -x), out)
        out = np.where(negative & (wide == np.trunc(wide)), kind(np.nan), out)
    return np.where(np.isnan(x), x, out).astype(x.dtype, copy=False)
