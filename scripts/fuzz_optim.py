# ruff: noqa: E501  (a throwaway harness: long draw lines read better whole)
"""Randomised differential fuzzing of ``optim`` and ``optim.lr_scheduler``: ember against torch.

A throwaway harness (not part of the test suite), in the style of scripts/fuzz_nn.py. Each
seed draws one small program *text* (an optimizer with random hyperparameters, flags and
parameter groups stepping a seeded toy loss; or a learning-rate scheduler stepped many
times) and runs it twice in a forked child: once with ``torch`` bound to real torch and once
with ``torch`` bound to ember. Everything the program prints is compared line by line:
parameter values (``tolist()``, so every bit shows), losses, ``state_dict()`` contents and
reprs, ``get_last_lr()``, warnings (category and text, printed where they happen) and the
exception type and message that ends a program.

Run from the repository root:

    PYTHONPATH=src:. /work/main/.venv/bin/python scripts/fuzz_optim.py --seeds 400
    PYTHONPATH=src:. /work/main/.venv/bin/python scripts/fuzz_optim.py --family sched --seeds 200
    PYTHONPATH=src:. /work/main/.venv/bin/python scripts/fuzz_optim.py --only 17 -v   # one seed, with the program

It prints one block per differing seed (family, seed, first differing lines) and a summary
of the kinds of difference.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import io
import os
import pickle
import re
import signal
import sys
import traceback
import warnings
from collections.abc import Callable

import numpy as np
import torch

import ember

torch.set_num_threads(1)

FORCE_F64 = False  # --f64: float64 parameters only (tells float32 rounding from a real difference)
OPTIMIZERS = ["SGD", "Adam", "AdamW", "Adamax", "NAdam", "RAdam", "Adagrad", "Adadelta",
              "RMSprop", "Rprop", "ASGD", "LBFGS", "SparseAdam"]


class Draw:
    def __init__(self, seed: int) -> None:
        self.r = np.random.default_rng(seed)

    def p(self, prob: float) -> bool:
        return bool(self.r.random() < prob)

    def c(self, *xs):
        return xs[int(self.r.integers(len(xs)))]

    def i(self, lo: int, hi: int) -> int:
        return int(self.r.integers(lo, hi + 1))

    def f(self, lo: float, hi: float, nd: int = 4) -> float:
        return round(float(self.r.uniform(lo, hi)), nd)

    def vals(self, shape) -> list:
        return np.round(self.r.standard_normal(shape), 3).tolist()


# ----------------------------------------------------------------------------- program parts

PRELUDE = '''
import math
def show(o):
    if isinstance(o, torch.Tensor):
        return ('T', str(o.dtype), tuple(o.shape), o.tolist())
    if isinstance(o, dict):
        return {k: show(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return type(o)(show(v) for v in o)
    return o
'''


def _lr(d: Draw, base: float) -> str:
    """A learning rate: usually a float, sometimes a 0-d tensor, rarely invalid."""
    if d.p(0.04):
        return d.c("-1", "-0.5", "-1e-3")
    v = d.c(base, base * 0.5, base * 3, round(base * d.f(0.1, 2), 6))
    if d.p(0.2):
        return f"torch.tensor({v!r})"
    return repr(v)


def _foreach(d: Draw, kw: dict) -> None:
    r = d.c(None, None, True, False, "omit")
    if r != "omit":
        kw["foreach"] = repr(r)


def _bad(d: Draw, kw: dict, key: str, *bad) -> None:
    if d.p(0.04):
        kw[key] = repr(d.c(*bad))


def optimizer_kwargs(d: Draw, name: str) -> dict[str, str]:
    """Keyword arguments as source text, drawn per optimizer."""
    kw: dict[str, str] = {}
    if name == "SGD":
        kw["lr"] = _lr(d, 0.05)
        if d.p(0.6):
            kw["momentum"] = repr(d.c(0.0, 0.9, 0.5, d.f(0, 0.99)))
        if d.p(0.3):
            kw["dampening"] = repr(d.c(0.0, 0.1, 0.5))
        if d.p(0.3):
            kw["nesterov"] = repr(d.p(0.6))
        if d.p(0.4):
            kw["weight_decay"] = repr(d.c(0.01, 0.1, 1e-4))
        if d.p(0.3):
            kw["maximize"] = repr(d.p(0.5))
        _foreach(d, kw)
        _bad(d, kw, "momentum", -0.5)
        _bad(d, kw, "weight_decay", -0.1)
    elif name in ("Adam", "AdamW", "Adamax", "NAdam", "RAdam"):
        kw["lr"] = _lr(d, 0.01)
        if d.p(0.4):
            b = (d.c(0.9, 0.8, 0.0, 0.5), d.c(0.999, 0.99, 0.9))
            if d.p(0.15) and name in ("Adam", "AdamW"):
                kw["betas"] = f"(torch.tensor({b[0]!r}), torch.tensor({b[1]!r}))"
            else:
                kw["betas"] = repr(b)
        if d.p(0.3):
            kw["eps"] = repr(d.c(1e-8, 1e-6, 0.1, 1e-3))
        if d.p(0.4):
            kw["weight_decay"] = repr(d.c(0.0, 0.01, 0.1, 0.5))
        if name in ("Adam", "AdamW") and d.p(0.4):
            kw["amsgrad"] = repr(d.p(0.6))
        if name in ("Adam", "NAdam", "RAdam") and d.p(0.3):
            kw["decoupled_weight_decay"] = repr(d.p(0.6))
        if name == "NAdam" and d.p(0.4):
            kw["momentum_decay"] = repr(d.c(0.004, 0.01, 0.0))
        if d.p(0.3):
            kw["maximize"] = repr(d.p(0.5))
        if d.p(0.15):
            kw["capturable"] = repr(d.p(0.5))
        if d.p(0.1):
            kw["differentiable"] = repr(d.p(0.5))
        _foreach(d, kw)
        _bad(d, kw, "betas", (1.0, 0.999), (0.9, -0.1), (0.9, 1.5))
        _bad(d, kw, "eps", -1e-8)
        _bad(d, kw, "weight_decay", -0.1)
        if name == "NAdam":
            _bad(d, kw, "momentum_decay", -0.1)
    elif name == "Adagrad":
        kw["lr"] = _lr(d, 0.1)
        if d.p(0.4):
            kw["lr_decay"] = repr(d.c(0.0, 0.01, 0.5))
        if d.p(0.4):
            kw["weight_decay"] = repr(d.c(0.0, 0.01, 0.1))
        if d.p(0.4):
            kw["initial_accumulator_value"] = repr(d.c(0.0, 0.1, 1.0))
        if d.p(0.3):
            kw["eps"] = repr(d.c(1e-10, 1e-3))
        if d.p(0.3):
            kw["maximize"] = repr(d.p(0.5))
        if d.p(0.1):
            kw["differentiable"] = repr(d.p(0.5))
        _foreach(d, kw)
        _bad(d, kw, "lr_decay", -0.1)
        _bad(d, kw, "initial_accumulator_value", -1.0)
    elif name == "Adadelta":
        kw["lr"] = _lr(d, 1.0)
        if d.p(0.4):
            kw["rho"] = repr(d.c(0.9, 0.5, 0.0, 1.0))
        if d.p(0.3):
            kw["eps"] = repr(d.c(1e-6, 1e-3))
        if d.p(0.4):
            kw["weight_decay"] = repr(d.c(0.0, 0.01, 0.1))
        if d.p(0.3):
            kw["maximize"] = repr(d.p(0.5))
        if d.p(0.15):
            kw["capturable"] = repr(d.p(0.5))
        _foreach(d, kw)
        _bad(d, kw, "rho", -0.1, 1.5)
    elif name == "RMSprop":
        kw["lr"] = _lr(d, 0.01)
        if d.p(0.4):
            kw["alpha"] = repr(d.c(0.99, 0.9, 0.5))
        if d.p(0.3):
            kw["eps"] = repr(d.c(1e-8, 1e-3))
        if d.p(0.4):
            kw["weight_decay"] = repr(d.c(0.0, 0.01, 0.1))
        if d.p(0.5):
            kw["momentum"] = repr(d.c(0.0, 0.9, 0.5))
        if d.p(0.5):
            kw["centered"] = repr(d.p(0.6))
        if d.p(0.3):
            kw["maximize"] = repr(d.p(0.5))
        if d.p(0.15):
            kw["capturable"] = repr(d.p(0.5))
        _foreach(d, kw)
        _bad(d, kw, "alpha", -0.1)
        _bad(d, kw, "momentum", -0.1)
    elif name == "Rprop":
        kw["lr"] = _lr(d, 0.01)
        if d.p(0.4):
            kw["etas"] = repr(d.c((0.5, 1.2), (0.3, 1.5), (0.9, 1.1)))
        if d.p(0.4):
            kw["step_sizes"] = repr(d.c((1e-6, 50), (1e-3, 0.05), (0.0, 1.0)))
        if d.p(0.3):
            kw["maximize"] = repr(d.p(0.5))
        if d.p(0.15):
            kw["capturable"] = repr(d.p(0.5))
        _foreach(d, kw)
        _bad(d, kw, "etas", (1.5, 1.2), (0.5, 0.9))
    elif name == "ASGD":
        kw["lr"] = _lr(d, 0.05)
        if d.p(0.4):
            kw["lambd"] = repr(d.c(1e-4, 0.01, 0.1))
        if d.p(0.4):
            kw["alpha"] = repr(d.c(0.75, 0.5, 1.0))
        if d.p(0.5):
            kw["t0"] = repr(d.c(1e6, 1.0, 2.0, 0.0))
        if d.p(0.4):
            kw["weight_decay"] = repr(d.c(0.0, 0.01, 0.1))
        if d.p(0.3):
            kw["maximize"] = repr(d.p(0.5))
        if d.p(0.15):
            kw["capturable"] = repr(d.p(0.5))
        _foreach(d, kw)
        _bad(d, kw, "weight_decay", -0.1)
    elif name == "LBFGS":
        kw["lr"] = _lr(d, 1.0) if d.p(0.5) else repr(d.c(0.1, 0.5, 1))
        if d.p(0.5):
            kw["max_iter"] = repr(d.c(1, 3, 5, 20))
        if d.p(0.3):
            kw["max_eval"] = repr(d.c(None, 2, 10))
        if d.p(0.3):
            kw["history_size"] = repr(d.c(1, 2, 10))
        if d.p(0.3):
            kw["tolerance_grad"] = repr(d.c(1e-7, 1e-3))
        if d.p(0.3):
            kw["tolerance_change"] = repr(d.c(1e-9, 1e-4))
        if d.p(0.4):
            kw["line_search_fn"] = repr(d.c(None, "strong_wolfe", "strong_wolfe"))
        _bad(d, kw, "line_search_fn", "armijo")
    elif name == "SparseAdam":
        kw["lr"] = _lr(d, 0.01)
        if d.p(0.4):
            kw["betas"] = repr(d.c((0.9, 0.999), (0.5, 0.9)))
        if d.p(0.3):
            kw["eps"] = repr(d.c(1e-8, 1e-3))
        if d.p(0.3):
            kw["maximize"] = repr(d.p(0.5))
        _bad(d, kw, "eps", -1.0)
    return kw


def _call(name: str, params: str, kw: dict[str, str]) -> str:
    args = "".join(f", {k}={v}" for k, v in kw.items())
    return f"torch.optim.{name}({params}{args})"


def _group_override(d: Draw, name: str) -> dict[str, str]:
    """Per-group options for a second group (a subset of the optimizer's own)."""
    kw = optimizer_kwargs(d, name)
    keep = [k for k in kw if k not in ("foreach", "capturable", "differentiable")]
    picked = [k for k in keep if d.p(0.4)]
    return {k: kw[k] for k in picked}


def _dict_text(kw: dict[str, str]) -> str:
    return "{" + ", ".join(f"{k!r}: {v}" for k, v in kw.items()) + "}"


# ----------------------------------------------------------------------------- families

FAMILIES: dict[str, Callable[[Draw], str]] = {}


def family(fn: Callable[[Draw], str]) -> Callable[[Draw], str]:
    FAMILIES[fn.__name__] = fn
    return fn


def _params(d: Draw, n: int, sparse: bool = False) -> tuple[list[str], list[str]]:
    """Lines creating parameters p0..p{n-1} and the loss, and flags of which are frozen."""
    lines = []
    dt = "float64" if FORCE_F64 else d.c("float32", "float32", "float64")
    for k in range(n):
        shape = d.c((3,), (2, 2), (4,), (1,), ())
        pdt = dt if FORCE_F64 or not d.p(0.1) else d.c("float32", "float64")
        frozen = k > 0 and d.p(0.1)
        lines.append(f"p{k} = torch.tensor({d.vals(shape)!r}, dtype=torch.{pdt}, requires_grad={not frozen})")
        lines.append(f"a{k} = torch.tensor({d.vals(shape)!r}, dtype=torch.{pdt})")
    unused = n - 1 if n > 1 and d.p(0.15) else None
    terms = []
    for k in range(n):
        if k == unused:
            continue
        # polynomial terms only: their gradients are exact in both libraries, so any
        # difference in the parameters comes from the optimizer's own arithmetic
        form = d.c("((p{k} - a{k}).pow(2)).sum()",
                   "((p{k} - a{k}).pow(2) * 0.5).sum() + (p{k} * a{k}).sum()",
                   "((p{k} * a{k} - 1).pow(2) * 0.25).sum()")
        terms.append(form.format(k=k))
    lines.append("def loss_fn():\n    return " + " + ".join(f"({t}).double()" for t in terms))
    return lines, []


@family
def optim(d: Draw) -> str:
    name = d.c(*OPTIMIZERS[:-1]) if d.p(0.95) else "SparseAdam"
    if name == "SparseAdam":
        return _sparse_adam(d)
    n = d.i(1, 4)
    lines, _ = _params(d, n)
    kw = optimizer_kwargs(d, name)
    plist = [f"p{k}" for k in range(n)]
    late = None
    if n >= 3 and d.p(0.25):
        late = plist.pop()  # added later with add_param_group
    style = d.c("list", "groups", "groups", "named") if name != "LBFGS" else "list"
    if style == "list" or len(plist) == 1:
        ptext = "[" + ", ".join(plist) + "]"
    elif style == "named":
        ptext = "[" + ", ".join(f"({x!r}, {x})" for x in plist) + "]"
    else:
        cut = d.i(1, len(plist) - 1)
        g1 = {"params": "[" + ", ".join(plist[:cut]) + "]"}
        g2 = {"params": "[" + ", ".join(plist[cut:]) + "]", **_group_override(d, name)}
        ptext = f"[{_dict_text(g1)}, {_dict_text(g2)}]"
    lines.append("opt_args = dict(" + ", ".join(f"{k}={v}" for k, v in kw.items()) + ")")
    lines.append(f"opt = torch.optim.{name}({ptext}, **opt_args)")
    lines.append("params = [p for g in opt.param_groups for p in g['params']]")
    use_closure = name == "LBFGS" or d.p(0.3)
    steps = d.i(1, 4) if name == "LBFGS" else d.i(1, 6)
    set_none = d.c("True", "False", None)
    lines.append("def closure():\n    opt.zero_grad()\n    l = loss_fn()\n    l.backward()\n    return l")
    lines.append(f"for i in range({steps}):")
    if late is not None:
        extra = _group_override(d, name)
        lines.append(f"    if i == 1:\n        opt.add_param_group({_dict_text({'params': late, **extra})})\n        params.append({late})")
    if use_closure:
        lines.append("    l = opt.step(closure)")
        lines.append("    print(i, repr(l.item()) if l is not None else None)")
    else:
        z = "" if set_none is None else f"set_to_none={set_none}"
        lines.append(f"    opt.zero_grad({z})")
        lines.append("    l = loss_fn()\n    l.backward()\n    opt.step()")
        lines.append("    print(i, repr(l.item()), [None if p.grad is None else p.grad.tolist() for p in params])")
    lines.append("    print([p.tolist() for p in params])")
    lines.append("sd = opt.state_dict()")
    lines.append("print(show(sd))")
    if d.p(0.5):
        lines.append("print(sd)")
    if d.p(0.3):
        lines.append("print(opt)")
    if d.p(0.6):
        # a fresh optimizer over clones, loaded from the state dict, continues identically
        lines.append("q = [p.detach().clone().requires_grad_(p.requires_grad) for p in params]")
        lines.append(_reload_text(name, style, n))
        lines.append("def closure2():\n    opt2.zero_grad()\n    l = sum(((x - 0.5) ** 2).sum() for x in q if x.requires_grad)\n    l.backward()\n    return l")
        lines.append("for i in range(2):\n    opt2.step(closure2)\n    print([x.tolist() for x in q])")
        lines.append("print(show(opt2.state_dict()))")
    return PRELUDE + "\n".join(lines) + "\n"


def _reload_text(name: str, style: str, n: int) -> str:
    """A fresh optimizer with the same group layout over clones q, then load_state_dict."""
    return (
        "groups2 = []\nk = 0\n"
        "for g in opt.param_groups:\n"
        "    m = len(g['params'])\n"
        "    groups2.append({'params': q[k:k + m]})\n"
        "    k += m\n"
        f"opt2 = torch.optim.{name}(groups2, **opt_args)\n"
        "opt2.load_state_dict(sd)\n"
        "print(show(opt2.state_dict()['param_groups']))"
    )


def _sparse_adam(d: Draw) -> str:
    kw = optimizer_kwargs(d, "SparseAdam")
    w = d.vals((5, 3))
    lines = [
        "emb = torch.nn.Embedding(5, 3, sparse=False)"  # ember has no sparse gradients (nn),
        f"with torch.no_grad():\n    emb.weight.copy_(torch.tensor({w!r}))",
        "opt = torch.optim.SparseAdam(emb.parameters(" + ")" + "".join(f", {k}={v}" for k, v in kw.items()) + ")",
    ]
    for _ in range(d.i(1, 4)):
        idx = d.r.integers(0, 5, size=d.i(1, 4)).tolist()
        lines.append("opt.zero_grad()")
        lines.append(f"emb(torch.tensor({idx!r})).pow(2).sum().backward()")
        lines.append("opt.step()")
        lines.append("print(emb.weight.tolist())")
    lines.append("print(show(opt.state_dict()))")
    return PRELUDE + "\n".join(lines) + "\n"


@family
def invalid(d: Draw) -> str:
    """Optimizer constructors with out-of-range arguments: torch's ValueError texts."""
    name = d.c(*OPTIMIZERS[:-2])
    kw = optimizer_kwargs(d, name)
    key, bad = d.c(("lr", "-1"), ("lr", "-0.01"), ("eps", "-1e-8"), ("weight_decay", "-1"),
                   ("momentum", "-0.1"), ("betas", "(1.0, 0.9)"), ("betas", "(0.9, 1.0)"),
                   ("rho", "1.1"), ("lr_decay", "-1"), ("alpha", "-1"), ("etas", "(1.2, 0.5)"),
                   ("initial_accumulator_value", "-1"), ("momentum_decay", "-1"),
                   ("nesterov", "True"), ("lr", "torch.tensor([0.1, 0.2])"),
                   ("max_iter", "0"), ("line_search_fn", "'armijo'"))
    kw[key] = bad
    return PRELUDE + (
        "p = torch.tensor([1.0, 2.0], requires_grad=True)\n"
        f"opt = {_call(name, '[p]', kw)}\n"
        "p.sum().backward()\nopt.step(lambda: p.sum()) if isinstance(opt, torch.optim.LBFGS) else opt.step()\n"
        "print(p.tolist())\n"
    )


def _sched_text(d: Draw, opt_name: str, n_groups: int) -> tuple[list[str], str]:
    """Lines building `sched` and the expression stepping it."""
    kind = d.c("StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR",
               "CosineAnnealingWarmRestarts", "CyclicLR", "OneCycleLR", "LambdaLR",
               "MultiplicativeLR", "LinearLR", "ConstantLR", "PolynomialLR",
               "ReduceLROnPlateau", "SequentialLR", "ChainedScheduler")
    S = "torch.optim.lr_scheduler."

    def simple() -> str:
        k = d.c("StepLR", "ExponentialLR", "LinearLR", "ConstantLR", "MultiStepLR",
                "CosineAnnealingLR", "PolynomialLR")
        if k == "StepLR":
            return f"{S}StepLR(opt, step_size={d.c(1, 2, 3)}, gamma={d.c(0.1, 0.5, 0.9)})"
        if k == "ExponentialLR":
            return f"{S}ExponentialLR(opt, gamma={d.c(0.9, 0.5, 0.99)})"
        if k == "LinearLR":
            return f"{S}LinearLR(opt, start_factor={d.c(0.1, 0.5, 1/3)!r}, end_factor={d.c(1.0, 0.5)}, total_iters={d.c(2, 4, 5)})"
        if k == "ConstantLR":
            return f"{S}ConstantLR(opt, factor={d.c(0.5, 1/3, 0.1)!r}, total_iters={d.c(2, 3, 5)})"
        if k == "MultiStepLR":
            return f"{S}MultiStepLR(opt, milestones={d.c([2, 4], [1, 1, 3], [3])}, gamma={d.c(0.1, 0.5)})"
        if k == "CosineAnnealingLR":
            return f"{S}CosineAnnealingLR(opt, T_max={d.c(3, 5, 10)}, eta_min={d.c(0.0, 0.001)})"
        return f"{S}PolynomialLR(opt, total_iters={d.c(3, 5)}, power={d.c(1.0, 2.0, 0.5)})"

    step = "sched.step()"
    lines = []
    if kind in ("StepLR", "ExponentialLR", "LinearLR", "ConstantLR", "MultiStepLR",
                "CosineAnnealingLR", "PolynomialLR"):
        lines.append("sched = " + simple())
    elif kind == "CosineAnnealingWarmRestarts":
        lines.append(f"sched = {S}CosineAnnealingWarmRestarts(opt, T_0={d.c(1, 2, 3, 0)}, T_mult={d.c(1, 2, 3)}, eta_min={d.c(0.0, 1e-3)})")
        if d.p(0.3):
            step = f"sched.step(i * {d.c(0.5, 0.3, 1.25)})"
    elif kind == "CyclicLR":
        mode = d.c("triangular", "triangular2", "exp_range")
        base = d.c("0.001", "[0.001] * len(opt.param_groups)")
        lines.append(f"sched = {S}CyclicLR(opt, base_lr={base}, max_lr={d.c(0.01, 0.1)}, step_size_up={d.c(2, 3)}, step_size_down={d.c(None, 1, 4)}, mode={mode!r}, gamma={d.c(1.0, 0.9)}, cycle_momentum={d.p(0.5)}, scale_mode={d.c('cycle', 'iterations')!r})")
    elif kind == "OneCycleLR":
        total = d.c("total_steps=12", "epochs=3, steps_per_epoch=4")
        lines.append(f"sched = {S}OneCycleLR(opt, max_lr={d.c(0.1, 1.0)}, {total}, pct_start={d.c(0.3, 0.25, 0.5)}, anneal_strategy={d.c('cos', 'linear')!r}, cycle_momentum={d.p(0.6)}, div_factor={d.c(25.0, 10.0)}, final_div_factor={d.c(1e4, 100.0)}, three_phase={d.p(0.4)})")
    elif kind in ("LambdaLR", "MultiplicativeLR"):
        fn = d.c("lambda e: 0.95 ** e", "lambda e: 1.0 / (e + 1)", "lambda e: 0.9")
        arg = fn if d.p(0.7) else f"[{fn}] * len(opt.param_groups)"
        lines.append(f"sched = {S}{kind}(opt, {arg})")
    elif kind == "ReduceLROnPlateau":
        minlr = d.c("0", "1e-3", "[1e-4] * len(opt.param_groups)")
        lines.append(f"sched = {S}ReduceLROnPlateau(opt, mode={d.c('min', 'max')!r}, factor={d.c(0.1, 0.5)}, patience={d.c(0, 1, 2)}, threshold={d.c(1e-4, 0.1)}, threshold_mode={d.c('rel', 'abs')!r}, cooldown={d.c(0, 1, 2)}, min_lr={minlr}, eps={d.c(1e-8, 1e-3)})")
        step = "sched.step(" + d.c("[1.0, 1.0, 0.9, 0.95, 0.95, 0.8][i % 6]", "1.0 / (i + 1)", "float(i % 3)") + ")"
    elif kind == "SequentialLR":
        lines.append(f"s1 = {simple()}\ns2 = {simple()}")
        lines.append(f"sched = {S}SequentialLR(opt, schedulers=[s1, s2], milestones=[{d.c(2, 3)}])")
    else:
        lines.append(f"s1 = {simple()}\ns2 = {simple()}")
        lines.append(f"sched = {S}ChainedScheduler([s1, s2]{d.c('', ', optimizer=opt')})")
    return lines, step


@family
def sched(d: Draw) -> str:
    opt_name = d.c("SGD", "SGD", "Adam", "RMSprop", "Adagrad")
    groups = d.i(1, 2)
    mom = ", momentum=0.9" if opt_name in ("SGD", "RMSprop") and d.p(0.6) else ""
    lines = ["p0 = torch.tensor([1.0, -2.0], requires_grad=True)",
             "p1 = torch.tensor([0.5], dtype=torch.float64, requires_grad=True)"]
    ptext = "[p0, p1]" if groups == 1 else f"[{{'params': [p0]}}, {{'params': [p1], 'lr': {d.c(0.05, 0.2)}}}]"
    lines.append(f"opt = torch.optim.{opt_name}({ptext}, lr={d.c(0.1, 0.01, 1.0)}{mom})")
    slines, step = _sched_text(d, opt_name, groups)
    lines += slines
    lines.append("print(sched.get_last_lr() if hasattr(sched, 'get_last_lr') else None, [g['lr'] for g in opt.param_groups])")
    skip_first = d.p(0.15)
    n = d.i(5, 14)
    lines.append(f"for i in range({n}):")
    lines.append("    opt.zero_grad()\n    (p0.pow(2).sum() + p1.pow(2).sum()).backward()")
    if skip_first:
        lines.append("    if i > 0:\n        opt.step()")
    else:
        lines.append("    opt.step()")
    lines.append(f"    {step}")
    lines.append("    print(i, sched.get_last_lr(), [g['lr'] for g in opt.param_groups], [g.get('momentum', g.get('betas')) for g in opt.param_groups])")
    lines.append("print(p0.tolist(), p1.tolist())")
    if d.p(0.6):
        lines.append("sd = sched.state_dict()")
        lines.append("print(sorted(k for k in sd))")
        lines.append("print({k: v for k, v in sd.items() if k not in ('lr_lambdas', '_schedulers', 'base_lrs', '_last_lr') and not callable(v)})")
        lines.append("sched.load_state_dict(sd)")
        lines.append(f"for i in range({n}, {n + 3}):\n    opt.step()\n    {step}")
        lines.append("    print(sched.get_last_lr())")
    return PRELUDE + "\n".join(lines) + "\n"


@family
def sched_bad(d: Draw) -> str:
    """Scheduler constructors and calls that torch refuses or warns about."""
    S = "torch.optim.lr_scheduler."
    body = d.c(
        f"{S}StepLR(opt, step_size=2, gamma=0.5, last_epoch=3)",
        f"{S}LinearLR(opt, start_factor=0, total_iters=3)",
        f"{S}LinearLR(opt, start_factor=0.5, end_factor=1.5)",
        f"{S}ConstantLR(opt, factor=2.0)",
        f"{S}CosineAnnealingWarmRestarts(opt, T_0=0)",
        f"{S}CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=0)",
        f"{S}CosineAnnealingWarmRestarts(opt, T_0=2, eta_min='a')",
        f"{S}CyclicLR(opt, base_lr=0.1, max_lr=1.0, mode='bogus')",
        f"{S}CyclicLR(opt, base_lr=[0.1, 0.2], max_lr=1.0)",
        f"{S}OneCycleLR(opt, max_lr=1.0)",
        f"{S}OneCycleLR(opt, max_lr=1.0, total_steps=0)",
        f"{S}OneCycleLR(opt, max_lr=1.0, total_steps=10, pct_start=1.5)",
        f"{S}OneCycleLR(opt, max_lr=1.0, total_steps=10, anneal_strategy='quad')",
        f"{S}OneCycleLR(opt, max_lr=1.0, epochs=-1, steps_per_epoch=2)",
        f"{S}ReduceLROnPlateau(opt, factor=1.0)",
        f"{S}ReduceLROnPlateau(opt, mode='avg')",
        f"{S}ReduceLROnPlateau(opt, threshold_mode='x')",
        f"{S}ReduceLROnPlateau(opt, min_lr=[0.1, 0.2])",
        f"{S}LambdaLR(opt, [lambda e: 1.0, lambda e: 2.0])",
        f"{S}MultiplicativeLR(opt, [lambda e: 1.0, lambda e: 2.0])",
        f"{S}SequentialLR(opt, schedulers=[{S}StepLR(opt, 2)], milestones=[1])",
        f"{S}SequentialLR(opt, schedulers=[{S}StepLR(opt, 2), {S}StepLR(opt, 3)], milestones=[1, 2])",
        f"{S}PolynomialLR(opt, total_iters=3, power=2.0)",
        f"{S}ExponentialLR(opt, gamma=0.5, last_epoch=0)",
        f"{S}MultiStepLR(opt, milestones=[3, 1])",
        f"{S}CyclicLR(torch.optim.Adagrad([p], lr=0.1), base_lr=0.1, max_lr=1.0)",
        f"{S}OneCycleLR(torch.optim.Adagrad([p], lr=0.1), max_lr=1.0, total_steps=5)",
        f"{S}StepLR(42, 2)",
    )
    return PRELUDE + (
        "p = torch.tensor([1.0, 2.0], requires_grad=True)\n"
        f"opt = torch.optim.SGD([p], lr=0.1, momentum={d.c(0.0, 0.9)})\n"
        f"sched = {body}\n"
        "print(sched.get_last_lr() if hasattr(sched, 'get_last_lr') else None)\n"
        "for i in range(3):\n"
        f"    {d.c('opt.step()', '')}\n"
        "    sched.step(1.0) if isinstance(sched, torch.optim.lr_scheduler.ReduceLROnPlateau) else sched.step()\n"
        "    print(sched.get_last_lr() if hasattr(sched, 'get_last_lr') else None, opt.param_groups[0]['lr'])\n"
    )


# ----------------------------------------------------------------------------- runner

def run_program(src: str, lib) -> list[str]:
    """Run `src` with `torch` bound to `lib`; the printed lines, warnings and the ending
    exception (type and message)."""
    out = io.StringIO()

    def showwarning(message, category, filename, lineno, file=None, line=None):
        print(f"WARNING {category.__name__}: {message}", file=out)

    g = {"torch": lib, "__name__": "__fuzz__"}
    with warnings.catch_warnings(), contextlib.redirect_stdout(out):
        warnings.simplefilter("always")
        warnings.showwarning = showwarning
        try:
            exec(compile(src, "<fuzz>", "exec"), g)
        except Exception as e:  # noqa: BLE001
            msg = str(e).replace("ember.", "torch.")
            print(f"EXCEPTION {type(e).__name__}: {msg}")
    return out.getvalue().replace("ember.", "torch.").splitlines()


_NUM = re.compile(r"-?\d+\.\d*(?:e-?\d+)?|-?\d+e-?\d+")


def _near(x: str, y: str) -> bool:
    """Lines equal but for float values within float32 rounding (relative 1e-5): torch's
    float32 sqrt is not correctly rounded (docs/differences.md), so optimizers dividing by a
    root differ from ember in the last bits; those are counted apart."""
    if _NUM.sub("#", x) != _NUM.sub("#", y):
        return False
    for u, v in zip(_NUM.findall(x), _NUM.findall(y)):
        fu, fv = float(u), float(v)
        if abs(fu - fv) > 1e-5 * max(abs(fu), abs(fv), 1e-3):
            return False
    return True


def compare(a: list[str], b: list[str]) -> list[str]:
    diffs = []
    for k in range(max(len(a), len(b))):
        x = a[k] if k < len(a) else "<missing>"
        y = b[k] if k < len(b) else "<missing>"
        if x != y:
            kind = "exception" if "EXCEPTION" in x + y else "warning" if "WARNING" in x + y else \
                "rounding" if _near(x, y) else "value"
            diffs.append(f"{kind}: line {k}\n        torch: {x[:700]}\n        ember: {y[:700]}")
            if len(diffs) >= 3:
                break
    return diffs


def run_seed(seed: int, fam: str | None):
    names = sorted(FAMILIES)
    name = fam or d_choice(names, seed)
    src = FAMILIES[name](Draw(seed))

    def alarm(*_):
        raise TimeoutError("case ran over 20 s")

    signal.signal(signal.SIGALRM, alarm)
    signal.alarm(20)
    try:
        a = run_program(src, torch)
        b = run_program(src, ember)
    finally:
        signal.alarm(0)
    return name, src, compare(a, b), (a, b)


def d_choice(names: list[str], seed: int) -> str:
    # weights: optimizers most, schedulers next, refusals least
    weights = {"optim": 5, "sched": 3, "sched_bad": 1, "invalid": 1}
    pool = [n for n in names for _ in range(weights.get(n, 1))]
    return pool[seed % len(pool)]


def run_forked(seed: int, fam: str | None):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            payload = pickle.dumps(run_seed(seed, fam))
        except BaseException:  # noqa: BLE001
            payload = pickle.dumps(("?", "?", ["harness crash: " + traceback.format_exc(limit=3)], None))
        os.write(w, payload)
        os._exit(0)
    os.close(w)
    chunks = []
    while True:
        b = os.read(r, 1 << 16)
        if not b:
            break
        chunks.append(b)
    os.close(r)
    _, status = os.waitpid(pid, 0)
    if chunks:
        return pickle.loads(b"".join(chunks))
    return "?", "?", [f"crash: child died (status {status})"], None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=300)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--family")
    ap.add_argument("--only", type=int)
    ap.add_argument("-v", action="store_true")
    ap.add_argument("--f64", action="store_true")
    a = ap.parse_args()
    global FORCE_F64
    FORCE_F64 = a.f64
    seeds = [a.only] if a.only is not None else range(a.start, a.start + a.seeds)
    summary: collections.Counter = collections.Counter()
    total = bad = 0
    for s in seeds:
        name, src, diffs, outs = run_forked(s, a.family)
        total += 1
        if a.v:
            print(src)
            if outs:
                print("\n".join(outs[0]))
        if diffs:
            bad += 1
            desc = [ln for ln in src.splitlines() if ln.startswith(("opt_args", "opt = ", "sched = "))]
            kinds = {x.split(":")[0] for x in diffs}
            kind = next((k for k in ("exception", "warning", "value") if k in kinds), "rounding")
            summary[(name, kind)] += 1
            if kind == "rounding" and not a.v:
                print(f"  (rounding) [{name} seed={s}] " + " | ".join(desc)[:200])
                continue
            desc = [ln for ln in src.splitlines() if ln.startswith(("opt_args", "opt = ", "sched = "))]
            print(f"[{name} seed={s}] " + " | ".join(desc)[:400])
            for x in diffs:
                print("    ", x)
            sys.stdout.flush()
    print(f"\n{total} seeds, {bad} differing")
    for (name, k), n in summary.most_common():
        print(f"  {n:4d}  {name}: {k}")


if __name__ == "__main__":
    main()
