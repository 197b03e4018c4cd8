"""The classical orthogonal polynomials of torch.special, evaluated at x for a degree n
(both arrays, broadcast): Chebyshev T, U, V, W and their shifted forms on [0, 1], the
physicists' and probabilists' Hermite H and He, Laguerre L and Legendre P.

They compute in the input's dtype, as torch's kernels do, with their three-term
recurrences (A&S 22.7) written as torch's compiled kernels round them: the product and the
sum of each step are one fused multiply-add. Inside (-1, 1) a Chebyshev polynomial of a
degree above 6 (T) or 8 (U, V, W; shifted: 6, and 4 for W) is its trigonometric form
instead (cos(n theta) with
x = cos(theta)...), as torch's are. A negative degree gives 0; a degree given as a float
is truncated to an integer.
"""

from __future__ import annotations

import numpy as np

__all__ = ["chebyshev", "hermite_h", "hermite_he", "laguerre", "legendre"]

_SPLIT = 134217729.0  # 2**27 + 1: Veltkamp's split of a float64 into two 26-bit halves


def fma(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """a * b + c rounded once, in the arrays' dtype. float32: the product is exact in
    float64; float64: the product as an exact pair (Dekker), the sum as an exact pair
    (Knuth), the low parts added last (exact but in rare double-rounding cases)."""
    if a.dtype != np.float64:
        wide = a.astype(np.float64) * b.astype(np.float64) + c.astype(np.float64)
        return wide.astype(a.dtype)
    with np.errstate(all="ignore"):
        p = a * b
        ca, cb = _SPLIT * a, _SPLIT * b
        ah, bh = ca - (ca - a), cb - (cb - b)
        al, bl = a - ah, b - bh
        p_err = ((ah * bh - p) + ah * bl + al * bh) + al * bl
        s = p + c
        bv = s - p
        s_err = (p - (s - bv)) + (c - bv)
        low = s_err + p_err
        fused = np.where(low == 0, s, s + low)  # (keeps the sign of a zero sum: -0 + -0)
    # where the pair is not exact (overflow, inf, nan), the plain expression
    return np.where(np.isfinite(fused), fused, a * b + c)


def _degrees(n: np.ndarray) -> np.ndarray:
    """The degree as torch's kernels take it: truncated to int64 (nan gives a huge
    negative value, so 0)."""
    with np.errstate(invalid="ignore"):
        return n.astype(np.int64) if n.dtype.kind == "f" else n.astype(np.int64)


def _recur(x, n, first, second, step) -> np.ndarray:
    """p_0 = first, p_1 = second, p_(k+1) = step(k, p_k, p_(k-1)) up to each element's n
    (only the elements whose degree is not reached yet are stepped)."""
    result = np.where(n == 0, first, second)
    top = int(n.max()) if n.size else 0
    if top < 2:
        return result
    idx = np.nonzero(n >= 2)
    xs, ns = x[idx], n[idx]
    before, now = first[idx] if first.ndim else np.full(xs.shape, first), second[idx]
    for k in range(1, top):
        if k > 1:
            keep = ns >= k + 1
            xs, ns, before, now = xs[keep], ns[keep], before[keep], now[keep]
            idx = tuple(i[keep] for i in idx)
        before, now = now, step(k, xs, now, before)
        done = ns == k + 1
        result[tuple(i[done] for i in idx)] = now[done]
    return result


# the degrees above which torch's kernels use the angle inside (-1, 1) (observed)
_ANGLE_FROM = {"t": 6, "u": 8, "v": 8, "w": 8}
_SHIFTED_ANGLE_FROM = {"t": 6, "u": 6, "v": 6, "w": 4}


def chebyshev(kind: str, x: np.ndarray, n: np.ndarray, shifted: bool = False) -> np.ndarray:
    """T, U, V or W (kind) of degree n at x (at 2x - 1 when shifted), in x's dtype."""
    x, n = np.broadcast_arrays(x, _degrees(n))
    dt = x.dtype.type
    one = dt(1)
    with np.errstate(all="ignore"):
        t = (x + x - one) if shifted else x  # torch's kernels shift as x + x - 1
        t = np.array(t, copy=True)
        first = np.ones_like(t)
        second = {"t": t, "u": t + t, "v": t + t - one, "w": t + t + one}[kind]
        two_t = t + t
        result = _recur(t, n, first, np.array(second),
                        lambda k, xs, now, before: fma(xs + xs, now, -before))
        # inside (-1, 1), higher degrees by the angle: x = cos(theta)
        theta = np.arccos(np.clip(t, -one, one))
        m = n.astype(t.dtype)
        half = dt(0.5)
        trig = {"t": lambda: np.cos(m * theta),
                "u": lambda: np.sin((m + one) * theta) / np.sin(theta),
                "v": lambda: np.cos((m + half) * theta) / np.cos(theta / dt(2)),
                "w": lambda: np.sin((m + half) * theta) / np.sin(theta / dt(2))}[kind]()
        threshold = (_SHIFTED_ANGLE_FROM if shifted else _ANGLE_FROM)[kind]
        angle = (np.abs(t) < one) & (n > threshold)
        result = np.where(angle, trig, result)
        del two_t
        # at +-1 the values torch's kernels give exactly
        at_one, at_minus = t == one, t == -one
        even = n % 2 == 0
        ends = {"t": (one, np.where(even, one, -one)),
                "u": (m + one, np.where(even, m + one, -(m + one))),
                "v": (one, np.where(even, dt(2) * m + one, -(dt(2) * m + one))),
                "w": (dt(2) * m + one, np.where(even, one, -one))}[kind]
        result = np.where(at_one, ends[0], np.where(at_minus, ends[1], result))
        return np.where(n < 0, dt(0), result).astype(x.dtype, copy=False)


def hermite_h(x: np.ndarray, n: np.ndarray) -> np.ndarray:
    """H_(k+1) = 2x H_k - 2k H_(k-1)."""
    x, n = np.broadcast_arrays(x, _degrees(n))
    dt = x.dtype.type
    with np.errstate(all="ignore"):
        result = _recur(x, n, np.ones_like(x), np.array(x + x),
                        lambda k, xs, now, before: fma(xs + xs, now,
                                                       -(dt(2 * k) * before)))
        return np.where(n < 0, dt(0), result)


def hermite_he(x: np.ndarray, n: np.ndarray) -> np.ndarray:
    """He_(k+1) = x He_k - k He_(k-1)."""
    x, n = np.broadcast_arrays(x, _degrees(n))
    dt = x.dtype.type
    with np.errstate(all="ignore"):
        result = _recur(x, n, np.ones_like(x), np.array(x, copy=True),
                        lambda k, xs, now, before: fma(xs, now, -(dt(k) * before)))
        return np.where(n < 0, dt(0), result)


def laguerre(x: np.ndarray, n: np.ndarray) -> np.ndarray:
    """L_(k+1) = ((2k + 1 - x) L_k - k L_(k-1)) / (k + 1)."""
    x, n = np.broadcast_arrays(x, _degrees(n))
    dt = x.dtype.type
    with np.errstate(all="ignore"):
        result = _recur(x, n, np.ones_like(x), np.array(dt(1) - x),
                        lambda k, xs, now, before: fma(dt(2 * k + 1) - xs, now,
                                                       -(dt(k) * before)) / dt(k + 1))
        result = np.where(x == 0, dt(1), result)
        return np.where(n < 0, dt(0), result)


def legendre(x: np.ndarray, n: np.ndarray) -> np.ndarray:
    """P_(k+1) = ((2k + 1) x P_k - k P_(k-1)) / (k + 1)."""
    x, n = np.broadcast_arrays(x, _degrees(n))
    dt = x.dtype.type
    with np.errstate(all="ignore"):
        result = _recur(x, n, np.ones_like(x), np.array(x, copy=True),
                        lambda k, xs, now, before: fma(dt(2 * k + 1) * xs, now,
                                                       -(dt(k) * before)) / dt(k + 1))
        return np.where(n < 0, dt(0), result)
