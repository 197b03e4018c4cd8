"""L-BFGS: quasi-Newton steps from a short history of gradient and step differences."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import _creation as creation
from .._grad_mode import enable_grad, no_grad
from .._tensor import Tensor
from ..ops.shape_copies import cat
from ._line_search import strong_wolfe
from .optimizer import Optimizer, _check_lr, _real_views

__all__ = ["LBFGS"]


class LBFGS(Optimizer):
    """torch.optim.LBFGS, with a fixed step or `line_search_fn='strong_wolfe'`.

    One `step(closure)` runs up to `max_iter` inner iterations; every inner iteration but the
    last re-evaluates the closure. The two-loop recursion's scalars (`ro`, `H_diag`, the
    alphas) stay 0-dim tensors as in torch, so rounding follows the parameters' dtype.
    """

    def __init__(
        self,
        params: Any,
        lr: float = 1,
        max_iter: int = 20,
        max_eval: int | None = None,
        tolerance_grad: float = 1e-7,
        tolerance_change: float = 1e-9,
        history_size: int = 100,
        line_search_fn: str | None = None,
    ) -> None:
        _check_lr(lr)
        if max_eval is None:
            max_eval = max_iter * 5 // 4
        defaults = dict(
            lr=lr, max_iter=max_iter, max_eval=max_eval, tolerance_grad=tolerance_grad,
            tolerance_change=tolerance_change, history_size=history_size,
            line_search_fn=line_search_fn,
        )
        super().__init__(params, defaults)
        if len(self.param_groups) != 1:
            raise ValueError(
                "LBFGS doesn't support per-parameter options (parameter groups)"
            )
        self._params = self.param_groups[0]["params"]

    def _flat_grad(self) -> Tensor:
        """All gradients as one real vector: a complex gradient gives its (re, im) pairs,
        as torch's; a parameter without one gives p.numel() zeros of its own dtype."""
        parts = [
            creation.zeros(p.numel(), dtype=p.dtype) if p.grad is None
            else _real_views(p.grad)[0].reshape(-1)
            for p in self._params
        ]
        return cat(parts, 0) if len(parts) > 1 else parts[0].clone()

    def _add_to_params(self, step_size: Any, direction: Tensor) -> None:
        """p += step_size * (p's slice of direction), under no_grad; a complex p takes
        2 * numel entries through its real view."""
        offset = 0
        with no_grad():
            for (p,) in map(_real_views, self._params):
                n = p.numel()
                p.add_(direction[offset:offset + n].view_as(p) * step_size)
                offset += n

    def step(self, closure: Callable[[], Any]) -> Any:  # type: ignore[override]
        """Run up to `max_iter` L-BFGS iterations; returns the closure's first loss. As
        torch's, the step runs under no_grad and only the closure's calls record a graph
        (so reading the loss as a float does not warn)."""
        with no_grad():
            return self._step(closure)

    def _step(self, closure: Callable[[], Any]) -> Any:
        # add_param_group is not refused, but torch's step asserts the single group
        if len(self.param_groups) != 1:
            raise AssertionError(
                f"Expected exactly one param_group, but got {len(self.param_groups)}")
        group = self.param_groups[0]
        lr, max_iter, max_eval = group["lr"], group["max_iter"], group["max_eval"]
        tol_grad, tol_change = group["tolerance_grad"], group["tolerance_change"]
        state = self.state[self._params[0]]
        state.setdefault("func_evals", 0)
        state.setdefault("n_iter", 0)
        with enable_grad():
            orig_loss = closure()
        loss = float(orig_loss)
        current_evals = 1
        state["func_evals"] += 1
        with no_grad():
            flat_grad = self._flat_grad()
        if flat_grad.abs().max() <= tol_grad:
            return orig_loss
        d, t = state.get("d"), state.get("t")
        old_dirs, old_stps, ro = state.get("old_dirs"), state.get("old_stps"), state.get("ro")
        h_diag, prev_flat_grad = state.get("H_diag"), state.get("prev_flat_grad")
        prev_loss = state.get("prev_loss")
        n_iter = 0
        while n_iter < max_iter:
            n_iter += 1
            state["n_iter"] += 1
            with no_grad():
                if state["n_iter"] == 1:
                    d = flat_grad.neg()
                    old_dirs, old_stps, ro, h_diag = [], [], [], 1
                else:
                    # H_diag stays local until the step ends (as torch: the state's key
                    # order, printed by state_dict(), depends on it)
                    d, h_diag = self._direction(state, flat_grad, prev_flat_grad, d, t,
                                                old_dirs, old_stps, ro, h_diag,
                                                group["history_size"])
                if prev_flat_grad is None:
                    prev_flat_grad = flat_grad.clone()
                else:
                    prev_flat_grad.copy_(flat_grad)
                prev_loss = loss
                if state["n_iter"] == 1:
                    t = min(1.0, 1.0 / flat_grad.abs().sum()) * lr
                else:
                    t = lr
                gtd = flat_grad.dot(d)
            if gtd > -tol_change:
                break
            ls_func_evals = 0
            opt_cond = False
            if group["line_search_fn"] is not None:
                if group["line_search_fn"] != "strong_wolfe":
                    raise RuntimeError("only 'strong_wolfe' is supported")
                loss, flat_grad, t, ls_func_evals = strong_wolfe(
                    self._evaluator(closure, d), t, d, loss, flat_grad, gtd,
                    max_ls=max_eval - current_evals,
                )
                self._add_to_params(t, d)
                opt_cond = bool(flat_grad.abs().max() <= tol_grad)
            elif n_iter != max_iter:
                self._add_to_params(t, d)
                with enable_grad():
                    loss = closure()
                loss = float(loss)
                with no_grad():
                    flat_grad = self._flat_grad()
                opt_cond = bool(flat_grad.abs().max() <= tol_grad)
                ls_func_evals = 1
            else:
                self._add_to_params(t, d)
            current_evals += ls_func_evals
            state["func_evals"] += ls_func_evals
            if n_iter == max_iter or current_evals >= max_eval or opt_cond:
                break
            with no_grad():
                if (d * t).abs().max() <= tol_change:
                    break
            if abs(loss - prev_loss) < tol_change:
                break
        state.update(d=d, t=t, old_dirs=old_dirs, old_stps=old_stps, ro=ro, H_diag=h_diag,
                     prev_flat_grad=prev_flat_grad, prev_loss=prev_loss)
        return orig_loss

    def _evaluator(self, closure: Callable[[], Any], d: Tensor) -> Callable[[Any], Any]:
        """(loss, flat grad) at x + t d for the line search, leaving the parameters at x."""
        def evaluate(t: Any) -> tuple[float, Tensor]:
            with no_grad():
                saved = [p.clone() for p in self._params]
            self._add_to_params(t, d)
            with enable_grad():
                loss = closure()
            loss = float(loss)
            with no_grad():
                flat_grad = self._flat_grad()
                for p, x in zip(self._params, saved):
                    p.copy_(x)
            return loss, flat_grad
        return evaluate

    @staticmethod
    def _direction(state: dict[str, Any], flat_grad: Tensor, prev_flat_grad: Tensor,
                   d: Tensor, t: Any, old_dirs: list, old_stps: list, ro: list,
                   h_diag: Any, history_size: int) -> tuple[Tensor, Any]:
        """Update the curvature history, then the two-loop recursion for -H g; the
        direction and the (possibly updated) H_diag."""
        y = flat_grad.sub(prev_flat_grad)
        s = d * t
        ys = y.dot(s)
        if ys > 1e-10:
            if len(old_dirs) == history_size:
                old_dirs.pop(0)
                old_stps.pop(0)
                ro.pop(0)
            old_dirs.append(y)
            old_stps.append(s)
            ro.append(1.0 / ys)
            h_diag = ys / y.dot(y)
        if "al" not in state:
            state["al"] = [None] * history_size
        al = state["al"]
        q = flat_grad.neg()
        for i in range(len(old_dirs) - 1, -1, -1):
            al[i] = old_stps[i].dot(q) * ro[i]
            q.add_(old_dirs[i] * -al[i])
        r = q * h_diag
        for i in range(len(old_dirs)):
            be_i = old_dirs[i].dot(r) * ro[i]
            r.add_(old_stps[i] * (al[i] - be_i))
        return r, h_diag
