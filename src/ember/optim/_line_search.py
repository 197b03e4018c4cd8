"""The strong-Wolfe line search LBFGS uses with `line_search_fn='strong_wolfe'`.

Two phases, as in torch (after minFunc): first grow the step until an interval is known to
hold a point satisfying the strong Wolfe conditions, then shrink that interval by safeguarded
cubic interpolation. Scalars stay 0-dim tensors wherever torch's do, so float32 runs round
the same way.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from .._tensor import Tensor

__all__ = ["strong_wolfe"]

Evaluate = Callable[[Any], tuple[float, Tensor]]


def _sqrt(value: Any) -> Any:
    return value.sqrt() if isinstance(value, Tensor) else math.sqrt(value)


def cubic_minimum(x1: Any, f1: Any, g1: Any, x2: Any, f2: Any, g2: Any,
                  bounds: tuple[Any, Any] | None = None) -> Any:
    """Minimiser of the cubic through (x1, f1, g1) and (x2, f2, g2), clipped to bounds.

    Without a real minimiser the cubic gives no advice, and the bounds' midpoint is used.
    """
    lo, hi = bounds if bounds is not None else ((x1, x2) if x1 <= x2 else (x2, x1))
    d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
    d2_square = d1**2 - g1 * g2
    if not d2_square >= 0:
        return (lo + hi) / 2.0
    d2 = _sqrt(d2_square)
    if x1 <= x2:
        t = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
    else:
        t = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
    return min(max(t, lo), hi)


def strong_wolfe(evaluate: Evaluate, t: Any, d: Tensor, f: float, g: Tensor, gtd: Any,
                 c1: float = 1e-4, c2: float = 0.9, tolerance_change: float = 1e-9,
                 max_ls: int = 25) -> tuple[float, Tensor, Any, int]:
    """Search along `d` from step `t`; returns (loss, flat grad, step, evaluations).

    `evaluate(t)` returns the loss and flat gradient at x + t d without moving x.
    Each point is kept as [step, loss, grad, directional derivative].
    """
    d_norm = d.abs().max()
    start = [0, f, g.clone(), gtd]
    f_new, g_new = evaluate(t)
    evals, ls_iter = 1, 0
    new = [t, f_new, g_new, g_new.dot(d)]
    prev = start
    done = False
    bracket: list[list[Any]] | None = None
    while ls_iter < max_ls:
        if new[1] > f + c1 * new[0] * gtd or (ls_iter > 1 and new[1] >= prev[1]):
            bracket = [prev, [new[0], new[1], new[2].clone(), new[3]]]
            break
        if abs(new[3]) <= -c2 * gtd:
            bracket, done = [new], True
            break
        if new[3] >= 0:
            bracket = [prev, [new[0], new[1], new[2].clone(), new[3]]]
            break
        step = new[0]
        t = cubic_minimum(prev[0], prev[1], prev[3], step, new[1], new[3],
                          bounds=(step + 0.01 * (step - prev[0]), step * 10))
        prev = [step, new[1], new[2].clone(), new[3]]
        f_new, g_new = evaluate(t)
        evals += 1
        ls_iter += 1
        new = [t, f_new, g_new, g_new.dot(d)]
    if ls_iter == max_ls:
        bracket = [[0, f, g, None], [new[0], new[1], new[2], None]]
    assert bracket is not None
    if len(bracket) == 1:
        step, loss, grad, _ = bracket[0]
        return loss, grad, step, evals
    return _zoom(evaluate, bracket, d, d_norm, f, gtd, c1, c2, tolerance_change, max_ls,
                 ls_iter, evals, done)


def _zoom(evaluate: Evaluate, bracket: list[list[Any]], d: Tensor, d_norm: Any, f: float,
          gtd: Any, c1: float, c2: float, tolerance_change: float, max_ls: int,
          ls_iter: int, evals: int, done: bool) -> tuple[float, Tensor, Any, int]:
    """Shrink [low, high] by safeguarded cubic steps until a strong-Wolfe point is found."""
    low, high = (0, 1) if bracket[0][1] <= bracket[-1][1] else (1, 0)
    insufficient_progress = False
    while not done and ls_iter < max_ls:
        if abs(bracket[1][0] - bracket[0][0]) * d_norm < tolerance_change:
            break
        a, b = bracket
        t = cubic_minimum(a[0], a[1], a[3], b[0], b[1], b[3])
        top, bottom = max(a[0], b[0]), min(a[0], b[0])
        eps = 0.1 * (top - bottom)
        if min(top - t, t - bottom) < eps:
            # Too close to an end: after a second such step (or when outside), move in by eps.
            if insufficient_progress or t >= top or t <= bottom:
                t = top - eps if abs(t - top) < abs(t - bottom) else bottom + eps
                insufficient_progress = False
            else:
                insufficient_progress = True
        else:
            insufficient_progress = False
        f_new, g_new = evaluate(t)
        evals += 1
        ls_iter += 1
        gtd_new = g_new.dot(d)
        if f_new > f + c1 * t * gtd or f_new >= bracket[low][1]:
            bracket[high] = [t, f_new, g_new.clone(), gtd_new]
            low, high = (0, 1) if bracket[0][1] <= bracket[1][1] else (1, 0)
        else:
            if abs(gtd_new) <= -c2 * gtd:
                done = True
            elif gtd_new * (bracket[high][0] - bracket[low][0]) >= 0:
                bracket[high] = bracket[low]
            bracket[low] = [t, f_new, g_new.clone(), gtd_new]
    step, loss, grad, _ = bracket[low]
    return loss, grad, step, evals
