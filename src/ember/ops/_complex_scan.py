"""logcumsumexp of complex values, as torch's CPU kernel scans them (NumPy has no complex
logaddexp): each step adds exp(x_k) to the running value in the log domain, the operand of
larger real part kept outside the log1p. The imaginary part is not wrapped into (-pi, pi]:
it is that operand's plus log1p's principal angle, as torch's."""

from __future__ import annotations

import numpy as np


def complex_log_add_exp(x: np.ndarray, acc: np.ndarray) -> np.ndarray:
    """log(exp(x) + exp(acc)) elementwise, torch's helper: max + log1p(exp(min - max))
    with min/max ordered by real part (acc is min unless x's real part is smaller: so on a
    tie); nan if either real part is nan; where both real parts are the same infinity,
    -inf gives min itself (acc: -inf+0j after -inf+1j) and +inf log(exp(min) + exp(max))."""
    x_smaller = x.real < acc.real
    low = np.where(x_smaller, x, acc)
    high = np.where(x_smaller, acc, x)
    with np.errstate(all="ignore"):
        out = np.log1p(np.exp(low - high)) + high
        both_infinite = ~np.isfinite(low.real) & (low.real == high.real)
        if both_infinite.any():
            minus = both_infinite & (low.real < 0)
            plus = both_infinite & (low.real > 0)
            out = np.where(minus, low, out)
            if plus.any():
                out = np.where(plus, np.log(np.exp(low) + np.exp(high)), out)
        nan = np.isnan(low.real) | np.isnan(high.real)
        if nan.any():
            out = np.where(nan, np.complex128(complex(np.nan, np.nan)), out)
    return out.astype(x.dtype, copy=False)


def complex_logcumsumexp(x: np.ndarray, dim: int) -> np.ndarray:
    """The running log-sum-exp along dim (C-ordered, as torch's result), starting from
    -inf (so the first value is x's first element, +0.0 for a -0.0 real part)."""
    moved = np.moveaxis(x, dim, 0)
    out = np.empty(moved.shape, x.dtype)
    acc = np.full(moved.shape[1:], complex(-np.inf, 0.0), x.dtype)
    for k in range(moved.shape[0]):
        acc = complex_log_add_exp(moved[k], acc)
        out[k] = acc
    return np.ascontiguousarray(np.moveaxis(out, 0, dim))
