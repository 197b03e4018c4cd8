"""Newton's method on the Rosenbrock function, with derivatives from ember.func.

    python examples/newton_rosenbrock.py

The Rosenbrock function f(x, y) = (1 - x)^2 + 100 (y - x^2)^2 has its minimum f = 0 at
(1, 1), at the end of a long curved valley where gradient descent crawls. Newton's method
steps to the minimum of the local quadratic model, solving H(p) s = -g(p) with the gradient
`grad(f)` and the Hessian `hessian(f)`, both computed by automatic differentiation, and
gets there in a handful of steps from (-1.5, 2).

The code is plain torch: `import torch` and `from torch.func import grad, hessian` would
run it unchanged.
"""

from __future__ import annotations

import ember as torch
from ember.func import grad, hessian

START = (-1.5, 2.0)
TOLERANCE = 1e-10   # stop when the gradient's norm is below this
MAX_STEPS = 50


def rosenbrock(p: torch.Tensor) -> torch.Tensor:
    x, y = p[0], p[1]
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def newton(f=rosenbrock, start=START, tolerance: float = TOLERANCE,
           max_steps: int = MAX_STEPS, verbose: bool = True) -> list[torch.Tensor]:
    """Newton's method from `start`; returns the iterates, the start included."""
    gradient, curvature = grad(f), hessian(f)
    p = torch.tensor(start, dtype=torch.float64)
    iterates = [p]
    if verbose:
        print(f"step  0: p = ({p[0].item(): .12f}, {p[1].item(): .12f})  f = {f(p).item():.3e}")
    for step in range(1, max_steps + 1):
        g = gradient(p)
        if g.norm().item() < tolerance:
            break
        # The Newton step solves H s = -g: the minimum of the local quadratic model.
        p = p - torch.linalg.solve(curvature(p), g)
        iterates.append(p)
        if verbose:
            print(f"step {step:2d}: p = ({p[0].item(): .12f}, {p[1].item(): .12f})  "
                  f"f = {f(p).item():.3e}  |grad| = {gradient(p).norm().item():.3e}")
    return iterates


if __name__ == "__main__":
    path = newton()
    print(f"converged to ({path[-1][0].item():.6f}, {path[-1][1].item():.6f}) "
          f"in {len(path) - 1} Newton steps")
