# ruff: noqa: E501  (a throwaway harness: long draw lines read better whole)
"""Randomised differential fuzzing of ``nn`` modules and ``nn.functional``: ember against torch.

A throwaway harness (not part of the test suite). For each seed it picks a family, draws a
random configuration (hyperparameters, shapes, dtypes; sometimes a deliberately invalid one),
and runs the same program under torch and under ember in one process: inputs come from NumPy,
``manual_seed(seed)`` precedes module construction so default initialisation matches. It
compares the forward results (dtype, shape, grad_fn name, values), module buffers, the
gradients of inputs and parameters after backward of a random cotangent, and the exception
type and message when torch raises.

Run from the repository root:

    PYTHONPATH=src:. /work/main/.venv/bin/python scripts/fuzz_nn.py --seeds 2000
    PYTHONPATH=src:. /work/main/.venv/bin/python scripts/fuzz_nn.py --family conv --seeds 300 -v
    PYTHONPATH=src:. /work/main/.venv/bin/python scripts/fuzz_nn.py --only 1234 -v   # one seed

It prints one line per differing seed (family, seed, what differs) and a summary grouped by
family and kind of difference. Float32 differences within ~1e-5 relative are ignored.
"""

from __future__ import annotations

import argparse
import collections
import os
import pickle
import sys
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch

import ember

warnings.filterwarnings("ignore")
torch.set_num_threads(1)

FAMILIES: dict[str, Callable] = {}
FORCE_F64 = False  # --f64: every draw in float64 (tells rounding from a real difference)


def family(fn: Callable) -> Callable:
    FAMILIES[fn.__name__] = fn
    return fn


@dataclass
class Prog:
    """What one family drew: `run(T)` builds and runs the program under library `T` and
    returns (outputs, {name: tensor whose grad is compared}, module or None)."""

    desc: str
    run: Callable[[Any], tuple]
    backward: bool = True


@dataclass
class Obs:
    stage: str = "ok"
    error: tuple[str, str] | None = None
    outs: list = field(default_factory=list)
    grads: dict = field(default_factory=dict)
    buffers: dict = field(default_factory=dict)


# ----------------------------------------------------------------------------- helpers

def fdtype(T, name):
    return getattr(T, name)


def tens(T, arr, grad=False):
    t = T.tensor(arr)
    if grad:
        t.requires_grad_(True)
    return t


def _flatten(out):
    if isinstance(out, (tuple, list)):
        res = []
        for o in out:
            res.extend(_flatten(o))
        return res
    return [out]


def observe(prog: Prog, T, seed: int) -> Obs:
    obs = Obs()
    T.manual_seed(seed)
    try:
        out, targets, mod = prog.run(T)
    except Exception as e:  # noqa: BLE001
        obs.stage, obs.error = "forward", (type(e).__name__, str(e))
        return obs
    flat = _flatten(out)
    crng = np.random.default_rng(seed + 7)
    loss = None
    for o in flat:
        if o is None or not hasattr(o, "dtype"):
            obs.outs.append(repr(o))
            continue
        fn = type(o.grad_fn).__name__ if o.grad_fn is not None else None
        vals = o.detach().numpy().copy()
        obs.outs.append((str(o.dtype).replace("ember.", "torch."), tuple(o.shape), fn, vals))
        if o.requires_grad and o.dtype.is_floating_point:
            cot = crng.standard_normal(vals.shape)
            term = (o * tens(T, cot).to(o.dtype)).sum()
            loss = term if loss is None else loss + term
    if mod is not None:
        for name, b in mod.named_buffers():
            if b is not None:
                obs.buffers[name] = b.detach().numpy().copy()
    if loss is not None and prog.backward:
        try:
            loss.backward()
        except Exception as e:  # noqa: BLE001
            obs.stage, obs.error = "backward", (type(e).__name__, str(e))
            return obs
        for name, t in targets.items():
            g = t.grad
            obs.grads[name] = None if g is None else g.detach().numpy().copy()
    return obs


def _tol(dtype_str):
    if "float64" in dtype_str or "complex128" in dtype_str:
        return 1e-10, 1e-10
    if "float16" in dtype_str or "bfloat16" in dtype_str:
        return 1e-2, 1e-2
    return 2e-5, 2e-5


def _close(a, b, dtype_str):
    if a.shape != b.shape:
        return False
    if a.dtype.kind in "biu":
        return np.array_equal(a, b)
    rtol, atol = _tol(dtype_str)
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    if not np.array_equal(np.isnan(a64), np.isnan(b64)):
        return False
    if not np.array_equal(np.isinf(a64) & (a64 > 0), np.isinf(b64) & (b64 > 0)) or \
            not np.array_equal(np.isinf(a64) & (a64 < 0), np.isinf(b64) & (b64 < 0)):
        return False
    ok = np.isfinite(a64)  # (equal infinities are equal: inf - inf is nan)
    scale = max(1.0, float(np.max(np.abs(a64[ok]), initial=0.0)))
    return bool(np.all(np.abs(a64[ok] - b64[ok]) <= atol * scale + rtol * np.abs(a64[ok])))


def compare(ot: Obs, oe: Obs) -> list[str]:
    if ot.error or oe.error:
        if ot.error != oe.error or ot.stage != oe.stage:
            return [f"error: torch {ot.stage} {ot.error} / ember {oe.stage} {oe.error}"]
        return []
    diffs = []
    if len(ot.outs) != len(oe.outs):
        return [f"n_outputs {len(ot.outs)} vs {len(oe.outs)}"]
    for i, (a, b) in enumerate(zip(ot.outs, oe.outs)):
        if isinstance(a, str) or isinstance(b, str):
            if a != b:
                diffs.append(f"out{i}: {a!r} vs {b!r}")
            continue
        for k, nm in enumerate(("dtype", "shape", "grad_fn")):
            if a[k] != b[k]:
                diffs.append(f"out{i} {nm}: {a[k]} vs {b[k]}")
        if a[1] == b[1] and not _close(a[3], b[3], a[0]):
            err = np.nanmax(np.abs(a[3].astype(float) - b[3].astype(float)), initial=0)
            diffs.append(f"out{i} values (max abs diff {err:.3g})")
    loose = any(isinstance(o, tuple) and "float32" in o[0] for o in ot.outs)
    for name in sorted(set(ot.buffers) | set(oe.buffers)):
        a, b = ot.buffers.get(name), oe.buffers.get(name)
        # (float64 buffers updated from float32 statistics carry float32's rounding)
        if a is None or b is None or not _close(a, b, "float32" if loose else str(a.dtype)):
            diffs.append(f"buffer {name}")
    for name in ot.grads:
        a, b = ot.grads[name], oe.grads.get(name)
        if (a is None) != (b is None):
            diffs.append(f"grad {name}: None-ness {a is None} vs {b is None}")
        elif a is not None and not _close(a, b, "float32" if a.dtype == np.float32 or loose else "float64"):
            err = np.nanmax(np.abs(a.astype(float) - b.astype(float)), initial=0) if a.shape == b.shape else "shape"
            diffs.append(f"grad {name} ({err})")
    return diffs


# ----------------------------------------------------------------------------- draws

class Draw:
    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)

    def c(self, *opts):
        return opts[int(self.rng.integers(len(opts)))]

    def i(self, lo, hi):
        return int(self.rng.integers(lo, hi + 1))

    def p(self, prob):
        return bool(self.rng.random() < prob)

    def f(self, lo, hi):
        return float(np.round(self.rng.uniform(lo, hi), 3))

    def arr(self, shape, dtype="float64", lo=None):
        a = np.asarray(self.rng.standard_normal(shape))
        if lo is not None:
            a = np.asarray(self.rng.uniform(lo[0], lo[1], shape))
        return a.astype(dtype)

    def dtype(self):
        d = self.c("float64", "float64", "float32")
        return "float64" if FORCE_F64 else d


def ntuple(d, val):
    return tuple(val for _ in range(d)) if not isinstance(val, tuple) else val


def _module(T, path, *args, dtype="float64", **kw):
    obj = T.nn
    for part in path.split("."):
        obj = getattr(obj, part)
    m = obj(*args, **kw)
    return m.to(getattr(T, dtype))


def _mod_prog(desc, path, args, kw, inputs, dtype, train=True, call_kw=None, grads=True,
              extra=None):
    """A module program: construct `path(*args, **kw)`, call on `inputs` (arrays; float ones
    require grad), compare grads of inputs and parameters."""

    def run(T):
        m = _module(T, path, *args, dtype=dtype, **kw)
        m.train(train)
        xs = []
        targets = {}
        for k, a in enumerate(inputs):
            if isinstance(a, np.generic):
                a = np.asarray(a)
            if a is None:
                xs.append(None)
                continue
            if isinstance(a, (int, float, bool, str)):
                xs.append(a)
                continue
            g = grads and a.dtype.kind == "f"
            t = tens(T, a, g)
            if g:
                targets[f"in{k}"] = t
            xs.append(t)
        ckw = {}
        for k, v in (call_kw or {}).items():
            ckw[k] = tens(T, v) if isinstance(v, np.ndarray) else v
        out = m(*xs, **ckw)
        for name, p in m.named_parameters():
            targets[name] = p
        if extra:
            out = extra(T, out)
        return out, targets, m

    return Prog(f"{path}({args}, {kw}) train={train} in={[getattr(a, 'shape', a) for a in inputs]} {call_kw or ''}", run)


def _fn_prog(desc, fname, inputs, kw, grads=True):
    def run(T):
        F = T.nn.functional
        xs, targets = [], {}
        for k, a in enumerate(inputs):
            if isinstance(a, np.ndarray):
                g = grads and a.dtype.kind == "f"
                t = tens(T, a, g)
                if g:
                    targets[f"in{k}"] = t
                xs.append(t)
            else:
                xs.append(a)
        kws = {k: (tens(T, v) if isinstance(v, np.ndarray) else v) for k, v in kw.items()}
        return getattr(F, fname)(*xs, **kws), targets, None

    shapes = [getattr(a, "shape", a) if not isinstance(a, np.ndarray) else (a.shape, str(a.dtype)) for a in inputs]
    kwd = {k: (v.shape if isinstance(v, np.ndarray) else v) for k, v in kw.items()}
    return Prog(f"F.{fname}{shapes} {kwd} {desc}", run)


# ----------------------------------------------------------------------------- families

@family
def conv(d: Draw):
    nd = d.i(1, 3)
    transposed = d.p(0.35)
    groups = d.c(1, 1, 2, 3)
    cin = groups * d.i(1, 2)
    cout = groups * d.i(1, 2)
    k = tuple(d.i(1, 3) for _ in range(nd)) if d.p(0.5) else d.i(1, 3)
    stride = d.c(1, 1, 2, tuple(d.i(1, 3) for _ in range(nd)))
    dil = d.c(1, 1, 2, tuple(d.i(1, 2) for _ in range(nd)))
    kw = dict(stride=stride, dilation=dil, groups=groups, bias=d.p(0.7))
    if transposed:
        kw["padding"] = d.c(0, 1, tuple(d.i(0, 2) for _ in range(nd)))
        kw["output_padding"] = d.c(0, 0, 1)
        path = f"ConvTranspose{nd}d"
    else:
        kw["padding"] = d.c(0, 1, 2, "same", "valid", tuple(d.i(0, 2) for _ in range(nd)))
        kw["padding_mode"] = d.c("zeros", "zeros", "reflect", "circular", "replicate")
        path = f"Conv{nd}d"
    dt = d.dtype()
    spatial = tuple(d.i(2 if nd == 3 else 3, 4 if nd == 3 else 7) for _ in range(nd))
    batched = d.p(0.8)
    shape = ((d.i(1, 2),) if batched else ()) + (cin,) + spatial
    err = d.p(0.12)
    if err:
        which = d.c("rank", "chan", "int", "neg")
        if which == "rank":
            shape = shape + (2,)
        elif which == "chan":
            shape = shape[:-nd - 1] + (cin + 1,) + spatial
        elif which == "int":
            pass  # (the input is cast below)
        elif which == "neg":
            kw["stride"] = d.c(0, -1)
    x = d.arr(shape, dt)
    if err and which == "int":
        x = (x * 3).astype("int64")
    return _mod_prog("", path, (cin, cout, k), kw, [x], dt)


@family
def conv_functional(d: Draw):
    nd = d.i(1, 3)
    groups = d.c(1, 2)
    cin, cout = groups * d.i(1, 2), groups * d.i(1, 2)
    k = tuple(d.i(1, 3) for _ in range(nd))
    dt = d.dtype()
    spatial = tuple(d.i(3, 5) for _ in range(nd))
    x = d.arr((d.i(1, 2), cin) + spatial, dt)
    transposed = d.p(0.4)
    if transposed:
        w = d.arr((cin, cout // groups) + k, dt)
        kw = dict(stride=d.c(1, 2), padding=d.c(0, 1), output_padding=d.c(0, 0, 1), groups=groups,
                  dilation=d.c(1, 2))
        b = d.arr((cout,), dt) if d.p(0.5) else None
        return _fn_prog("", f"conv_transpose{nd}d", [x, w, b], kw)
    w = d.arr((cout, cin // groups) + k, dt)
    if d.p(0.1):
        w = d.arr((cout, cin // groups + 1) + k, dt)
    b = d.arr((cout,), dt) if d.p(0.5) else None
    kw = dict(stride=d.c(1, 2), padding=d.c(0, 1, "same", "valid"), dilation=d.c(1, 2), groups=groups)
    return _fn_prog("", f"conv{nd}d", [x, w, b], kw)


@family
def pool(d: Draw):
    nd = d.i(1, 3)
    kind = d.c("Max", "Avg", "AdaptiveMax", "AdaptiveAvg", "LP")
    dt = d.dtype()
    C = d.i(1, 3)
    spatial = tuple(d.i(2, 7) for _ in range(nd))
    batched = d.p(0.8)
    shape = ((d.i(1, 2),) if batched else ()) + (C,) + spatial
    if kind.startswith("Adaptive"):
        osz = d.c(d.i(1, 4), tuple(d.c(None, d.i(1, 5)) for _ in range(nd)))
        if nd == 1 and isinstance(osz, tuple):
            osz = osz[0] if osz[0] is not None else 2
        kw = {}
        if kind == "AdaptiveMax":
            kw["return_indices"] = d.p(0.4)
        args = (osz,)
    else:
        k = d.c(d.i(1, 3), tuple(d.i(1, 3) for _ in range(nd)))
        kw = dict(stride=d.c(None, 1, 2, tuple(d.i(1, 3) for _ in range(nd))), ceil_mode=d.p(0.4))
        kmin = min(ntuple(nd, k))
        if kind != "LP":
            kw["padding"] = d.c(0, 0, d.i(0, kmin // 2 + (1 if d.p(0.1) else 0)))
        if kind == "Max":
            kw["dilation"] = d.c(1, 1, 2)
            kw["return_indices"] = d.p(0.4)
        if kind == "Avg":
            kw["count_include_pad"] = d.p(0.5)
            if nd > 1 and d.p(0.3):
                kw["divisor_override"] = d.c(1, 2, 3, 0)
        args = (k,)
        if kind == "LP":
            args = (d.c(1, 2, 3, 1.5, float("inf")), k)
            dt = "float64"
            if nd == 3 and d.p(0.5):
                pass
    if d.p(0.07):
        shape = shape[1:] if batched else (1, 1) + shape
    x = d.arr(shape, dt)
    if kind == "LP":
        x = np.abs(x) + 0.1
    path = f"{kind}Pool{nd}d"
    return _mod_prog("", path, args, kw, [x], dt)


@family
def norm(d: Draw):
    kind = d.c("BatchNorm", "InstanceNorm", "LayerNorm", "GroupNorm", "LocalResponseNorm", "RMSNorm")
    dt = d.dtype()
    train = d.p(0.6)
    C = d.i(1, 4)
    if kind in ("BatchNorm", "InstanceNorm"):
        nd = d.i(1, 3)
        kw = dict(affine=d.p(0.6), track_running_stats=d.p(0.6), momentum=d.c(0.1, None, 0.3),
                  eps=d.c(1e-5, 1e-3))
        spatial = tuple(d.i(1, 4) for _ in range(nd if kind == "InstanceNorm" or nd > 1 else d.i(0, 1)))
        if kind == "BatchNorm" and nd == 1:
            shape = (d.i(1, 4), C) + spatial
        else:
            shape = ((d.i(1, 3),) if d.p(0.8) or kind == "BatchNorm" else ()) + (C,) + spatial
        if d.p(0.08):
            shape = (shape[0], C + 1) + shape[2:]
        path, args = f"{kind}{nd}d", (C,)
    elif kind == "LayerNorm":
        shape = tuple(d.i(1, 4) for _ in range(d.i(1, 4)))
        n = d.i(1, len(shape))
        ns = shape[-n:]
        if d.p(0.08):
            ns = ns[:-1] + (ns[-1] + 1,)
        kw = dict(elementwise_affine=d.p(0.7), bias=d.p(0.7), eps=d.c(1e-5, 1e-2))
        path, args = "LayerNorm", (ns if len(ns) > 1 or d.p(0.5) else ns[0],)
    elif kind == "RMSNorm":
        shape = tuple(d.i(1, 4) for _ in range(d.i(1, 4)))
        ns = shape[-d.i(1, len(shape)):]
        kw = dict(elementwise_affine=d.p(0.7), eps=d.c(None, 1e-5, 1e-2))
        path, args = "RMSNorm", (ns,)
    elif kind == "GroupNorm":
        G = d.i(1, 3)
        C = G * d.i(1, 3) + (1 if d.p(0.08) else 0)
        shape = (d.i(1, 3), C) + tuple(d.i(1, 3) for _ in range(d.i(0, 2)))
        kw = dict(affine=d.p(0.7), eps=d.c(1e-5, 1e-3))
        path, args = "GroupNorm", (G, C)
    else:
        shape = (d.i(1, 3), C) + tuple(d.i(1, 4) for _ in range(d.i(0, 2)))
        kw = dict(alpha=d.c(1e-4, 0.5), beta=d.c(0.75, 1.5), k=d.c(1.0, 2.0))
        path, args = "LocalResponseNorm", (d.i(1, 4),)
    x = d.arr(shape, dt)
    return _mod_prog("", path, args, kw, [x], dt, train=train)


@family
def rnn(d: Draw):
    kind = d.c("RNN", "LSTM", "GRU")
    dt = d.dtype()
    I, H = d.i(1, 4), d.i(1, 4)
    L = d.i(1, 3)
    bi = d.p(0.5)
    bf = d.p(0.5)
    kw = dict(num_layers=L, bidirectional=bi, batch_first=bf, bias=d.p(0.8))
    proj = 0
    if kind == "RNN":
        kw["nonlinearity"] = d.c("tanh", "relu")
    if kind == "LSTM" and d.p(0.3):
        proj = d.i(1, H)
        if d.p(0.1):
            proj = H
        kw["proj_size"] = proj
    S, B = d.i(1, 4), d.i(1, 3)
    batched = d.p(0.75)
    D = 2 if bi else 1
    shape = ((B, S) if bf else (S, B)) + (I,) if batched else (S, I)
    if d.p(0.06):
        shape = shape[:-1] + (I + 1,)
    x = d.arr(shape, dt)
    inputs = [x]
    if d.p(0.5):
        hout = proj or H
        hshape = (D * L, B, hout) if batched else (D * L, hout)
        if d.p(0.06):
            hshape = (D * L + 1,) + hshape[1:]
        h = d.arr(hshape, dt)
        if kind == "LSTM":
            cshape = (D * L, B, H) if batched else (D * L, H)
            inputs.append((h, d.arr(cshape, dt)))
        else:
            inputs.append(h)

    def run(T):
        m = _module(T, kind, I, H, dtype=dt, **kw)
        targets = {}
        xs = []
        for k, a in enumerate(inputs):
            if isinstance(a, tuple):
                t = tuple(tens(T, z, True) for z in a)
                targets.update({f"in{k}_{j}": z for j, z in enumerate(t)})
            else:
                t = tens(T, a, True)
                targets[f"in{k}"] = t
            xs.append(t)
        out = m(*xs)
        targets.update(dict(m.named_parameters()))
        return out, targets, m

    return Prog(f"{kind}({I},{H},{kw}) in={[getattr(a, 'shape', None) for a in inputs]}", run)


@family
def rnn_cell(d: Draw):
    kind = d.c("RNNCell", "LSTMCell", "GRUCell")
    dt = d.dtype()
    I, H = d.i(1, 4), d.i(1, 4)
    kw = dict(bias=d.p(0.8))
    if kind == "RNNCell":
        kw["nonlinearity"] = d.c("tanh", "relu")
    batched = d.p(0.7)
    B = d.i(1, 3)
    x = d.arr((B, I) if batched else (I,), dt)
    if d.p(0.06):
        x = d.arr((B, I + 1), dt)
    inputs = [x]
    if d.p(0.5):
        hs = (B, H) if batched else (H,)
        if d.p(0.06):
            hs = (B + 1, H)
        inputs.append((d.arr(hs, dt), d.arr(hs, dt)) if kind == "LSTMCell" else d.arr(hs, dt))

    def run(T):
        m = _module(T, kind, I, H, dtype=dt, **kw)
        targets, xs = {}, []
        for k, a in enumerate(inputs):
            if isinstance(a, tuple):
                t = tuple(tens(T, z, True) for z in a)
                targets.update({f"in{k}_{j}": z for j, z in enumerate(t)})
            else:
                t = tens(T, a, True)
                targets[f"in{k}"] = t
            xs.append(t)
        out = m(*xs)
        targets.update(dict(m.named_parameters()))
        return out, targets, m

    return Prog(f"{kind}({I},{H},{kw}) in={inputs}", run)


def _mask(d: Draw, shape, kind):
    if kind == "bool":
        m = d.rng.random(shape) < 0.3
        return m
    return d.arr(shape, "float64")


@family
def mha(d: Draw):
    dt = d.dtype()
    nh = d.i(1, 3)
    E = nh * d.i(1, 3)
    kdim = d.c(None, None, d.i(1, 4))
    vdim = d.c(None, None, d.i(1, 4))
    bf = d.p(0.5)
    kw = dict(bias=d.p(0.8), add_bias_kv=d.p(0.25), add_zero_attn=d.p(0.25), kdim=kdim,
              vdim=vdim, batch_first=bf)
    if d.p(0.05):
        args = (E + 1, nh) if nh > 1 else (E, 0)
    else:
        args = (E, nh)
    L, S, N = d.i(1, 4), d.i(1, 4), d.i(1, 3)
    batched = d.p(0.8)

    def shp(len_, dim):
        if not batched:
            return (len_, dim)
        return (N, len_, dim) if bf else (len_, N, dim)

    q = d.arr(shp(L, E), dt)
    k = d.arr(shp(S, kdim or E), dt)
    v = d.arr(shp(S, vdim or E), dt)
    call = dict(need_weights=d.p(0.6), average_attn_weights=d.p(0.5))
    if d.p(0.4):
        mk = d.c("bool", "float")
        am = _mask(d, d.c((L, S), (N * nh, L, S)) if batched else (L, S), mk)
        if mk == "float":
            am = am.astype(dt)
        call["attn_mask"] = am
    if d.p(0.4):
        mk = d.c("bool", "float", "bool")
        kpm = _mask(d, (N, S) if batched else (S,), mk)
        if mk == "float":
            kpm = kpm.astype(dt)
        call["key_padding_mask"] = kpm
    if d.p(0.15) and "attn_mask" in call:
        call["is_causal"] = True
    return _mod_prog("", "MultiheadAttention", args, kw, [q, k, v], dt, call_kw=call)


@family
def transformer(d: Draw):
    dt = d.dtype()
    nh = d.i(1, 2)
    E = nh * d.i(1, 3)
    dec = d.p(0.4)
    bf = d.p(0.5)
    kw = dict(dim_feedforward=d.i(1, 6), dropout=0.0, activation=d.c("relu", "gelu"),
              batch_first=bf, norm_first=d.p(0.5), bias=d.p(0.8), layer_norm_eps=d.c(1e-5, 1e-3))
    L, S, N = d.i(1, 4), d.i(1, 4), d.i(1, 2)
    batched = d.p(0.8)

    def shp(len_):
        if not batched:
            return (len_, E)
        return (N, len_, E) if bf else (len_, N, E)

    src = d.arr(shp(S), dt)
    call = {}
    if d.p(0.4):
        mk = d.c("bool", "float")
        call["src_mask" if not dec else "tgt_mask"] = _mask(d, (S, S) if not dec else (L, L), mk).astype(
            bool if mk == "bool" else dt)
    if d.p(0.3):
        call["src_key_padding_mask" if not dec else "tgt_key_padding_mask"] = (
            d.rng.random((N, S if not dec else L) if batched else (S if not dec else L,)) < 0.3)
    if dec:
        tgt = d.arr(shp(L), dt)
        if d.p(0.3):
            call["memory_key_padding_mask"] = d.rng.random((N, S) if batched else (S,)) < 0.3
        if d.p(0.2):
            call["tgt_is_causal"] = True
            call["tgt_mask"] = np.triu(np.full((L, L), -np.inf), 1).astype(dt)
        return _mod_prog("", "TransformerDecoderLayer", (E, nh), kw, [tgt, src], dt, call_kw=call)
    if d.p(0.2):
        call["is_causal"] = True
        call["src_mask"] = np.triu(np.full((S, S), -np.inf), 1).astype(dt)
    return _mod_prog("", "TransformerEncoderLayer", (E, nh), kw, [src], dt, call_kw=call)


@family
def embedding(d: Draw):
    num, dim = d.i(2, 6), d.i(1, 4)
    dt = d.dtype()
    bag = d.p(0.5)
    pad = d.c(None, None, d.i(-num, num - 1))
    if d.p(0.05):
        pad = num
    kw = dict(padding_idx=pad, max_norm=d.c(None, None, 1.0, 0.5), norm_type=d.c(2.0, 1.0, 3.0),
              scale_grad_by_freq=d.p(0.3))
    if bag:
        kw["mode"] = d.c("sum", "mean", "max")
        if kw["mode"] == "max" and d.p(0.8):
            kw["scale_grad_by_freq"] = False
        kw["include_last_offset"] = d.p(0.3)  # (torch segfaults with a single offset)
        if d.p(0.5):
            idx = d.rng.integers(0, num, size=(d.i(1, 3), d.i(1, 4)))
            call = {}
            if kw["mode"] == "sum" and d.p(0.4):
                call["per_sample_weights"] = d.arr(idx.shape, dt)
        else:
            n = d.i(1, 8)
            idx = d.rng.integers(0, num, size=(n,))
            nb = d.i(1, 3)
            offs = np.sort(d.rng.integers(0, n + 1, size=(nb,)))
            offs[0] = 0
            if kw["include_last_offset"] and nb == 1:
                offs = np.array([0, n])
            if kw["include_last_offset"]:
                # (a last offset short of the end is a misuse: torch's kernels disagree on
                # it, some reading past it; tests/reference's nn_fuzz_found has the sum's)
                offs[-1] = n
            if d.p(0.05):
                offs[0] = 1
            call = {"offsets": offs}
            if kw["mode"] == "sum" and d.p(0.4):
                call["per_sample_weights"] = d.arr(idx.shape, dt)
        if d.p(0.05):
            idx = idx.astype(np.float64)
        return _mod_prog("", "EmbeddingBag", (num, dim), kw, [idx], dt, call_kw=call)
    idx = d.rng.integers(0, num, size=tuple(d.i(1, 3) for _ in range(d.i(0, 2))))
    if d.p(0.05):
        idx = np.asarray(idx + num)
    if d.p(0.05):
        idx = np.asarray(idx, dtype=np.int32)
    return _mod_prog("", "Embedding", (num, dim), kw, [np.asarray(idx)], dt)


_POINTWISE_LOSSES = ["L1Loss", "MSELoss", "SmoothL1Loss", "HuberLoss", "SoftMarginLoss",
                     "BCELoss", "BCEWithLogitsLoss", "KLDivLoss", "PoissonNLLLoss",
                     "HingeEmbeddingLoss", "GaussianNLLLoss"]


@family
def loss(d: Draw):
    dt = d.dtype()
    red = d.c("none", "mean", "sum")
    kind = d.c(*(_POINTWISE_LOSSES + ["CrossEntropyLoss", "CrossEntropyLoss", "NLLLoss",
                                      "MultiLabelMarginLoss", "MultiLabelSoftMarginLoss",
                                      "MultiMarginLoss", "CosineEmbeddingLoss", "MarginRankingLoss",
                                      "TripletMarginLoss"]))
    kw = dict(reduction=red)
    shape = tuple(d.i(1, 4) for _ in range(d.i(0, 3)))
    inputs = None
    if kind in _POINTWISE_LOSSES:
        x = d.arr(shape, dt)
        y = d.arr(shape, dt)
        if d.p(0.1) and shape:
            y = d.arr(shape[:-1] + (shape[-1] + 1,), dt)
        if kind == "SmoothL1Loss":
            kw["beta"] = d.c(1.0, 0.5, 0.0, 2.0)
        if kind == "HuberLoss":
            kw["delta"] = d.c(1.0, 0.5, 2.0)
        if kind in ("BCELoss",):
            x = d.arr(shape, dt, lo=(0.05, 0.95))
            y = d.arr(shape, dt, lo=(0, 1))
            if d.p(0.4):
                kw["weight"] = d.arr(shape[-1:] if shape else (), dt, lo=(0.1, 2))
        if kind == "BCEWithLogitsLoss":
            y = d.arr(shape, dt, lo=(0, 1))
            if d.p(0.4):
                kw["weight"] = d.arr(shape[-1:] if shape else (), dt, lo=(0.1, 2))
            if d.p(0.4):
                kw["pos_weight"] = d.arr(shape[-1:] if shape else (), dt, lo=(0.1, 2))
        if kind == "KLDivLoss":
            kw["log_target"] = d.p(0.5)
            if kw["reduction"] == "mean" and d.p(0.5):
                kw["reduction"] = "batchmean"
        if kind == "PoissonNLLLoss":
            kw["log_input"] = d.p(0.5)
            kw["full"] = d.p(0.5)
            y = np.abs(y) * 3
            if not kw["log_input"]:
                x = np.abs(x) + 0.1
        if kind == "HingeEmbeddingLoss":
            kw["margin"] = d.c(1.0, 0.5)
            y = np.sign(y)
        if kind == "SoftMarginLoss":
            y = np.sign(y)
        if kind == "GaussianNLLLoss":
            kw["full"] = d.p(0.5)
            kw["eps"] = d.c(1e-6, 0.1)
            var = d.arr(d.c(shape, shape[:-1] + (1,) if shape else shape), dt, lo=(0.1, 2))
            inputs = [x, y, var]
        if d.p(0.05):
            y = (y * 3).astype("int64")
        for k in ("weight", "pos_weight"):
            if k in kw:
                kw[k] = kw[k]
        return _loss_prog(kind, kw, inputs or [x, y], dt)
    if kind in ("CrossEntropyLoss", "NLLLoss"):
        N, C = d.i(1, 4), d.i(2, 5)
        extra = tuple(d.i(1, 3) for _ in range(d.c(0, 0, 1, 2)))
        batched = d.p(0.85) or extra
        xs = ((N,) if batched else ()) + (C,) + extra
        x = d.arr(xs, dt)
        if kind == "NLLLoss":
            x = x - np.log(np.exp(x).sum(axis=1 if batched else 0, keepdims=True))
        probs = kind == "CrossEntropyLoss" and d.p(0.3)
        if probs:
            y = d.arr(xs, dt, lo=(0, 1))
        else:
            y = d.rng.integers(0, C, size=((N,) if batched else ()) + extra)
            if d.p(0.3):
                kw["ignore_index"] = d.c(0, -100, 1, -1)
                if d.p(0.5):
                    y.flat[0] = kw["ignore_index"]
            if d.p(0.05):
                y = y.astype(np.float64)
            if d.p(0.04):
                y = y + C
        if d.p(0.4):
            kw["weight"] = d.arr((C,) if not d.p(0.05) else (C + 1,), dt, lo=(0.1, 2))
        if kind == "CrossEntropyLoss" and d.p(0.4):
            kw["label_smoothing"] = d.c(0.1, 0.5, 0.0, 1.0)
        return _loss_prog(kind, kw, [x, np.asarray(y)], dt)
    N, C = d.i(1, 4), d.i(1, 5)
    if kind == "MultiLabelMarginLoss":
        batched = d.p(0.8)
        x = d.arr((N, C) if batched else (C,), dt)
        y = np.full(x.shape, -1, dtype=np.int64)
        for row in (y if batched else [y]):
            k = d.i(0, C)
            row[:k] = d.rng.permutation(C)[:k]
        return _loss_prog(kind, kw, [x, y], dt)
    if kind == "MultiLabelSoftMarginLoss":
        x = d.arr((N, C), dt)
        y = (d.rng.random((N, C)) < 0.5).astype(dt)
        if d.p(0.4):
            kw["weight"] = d.arr((C,), dt, lo=(0.1, 2))
        return _loss_prog(kind, kw, [x, y], dt)
    if kind == "MultiMarginLoss":
        batched = d.p(0.8)
        x = d.arr((N, C) if batched else (C,), dt)
        y = d.rng.integers(0, C, size=(N,) if batched else ())
        kw["p"] = d.c(1, 2, 1, 3 if d.p(0.05) else 1)
        kw["margin"] = d.c(1.0, 0.5, 2.0)
        if d.p(0.4):
            kw["weight"] = d.arr((C,), dt, lo=(0.1, 2))
        return _loss_prog(kind, kw, [x, np.asarray(y)], dt)
    if kind == "CosineEmbeddingLoss":
        batched = d.p(0.8)
        a, b = d.arr((N, C) if batched else (C,), dt), d.arr((N, C) if batched else (C,), dt)
        y = np.sign(d.arr((N,) if batched else (), dt))
        kw["margin"] = d.c(0.0, 0.5, -0.2)
        return _loss_prog(kind, kw, [a, b, np.asarray(y)], dt)
    if kind == "MarginRankingLoss":
        a, b = d.arr(shape, dt), d.arr(shape, dt)
        y = np.sign(d.arr(shape, dt))
        kw["margin"] = d.c(0.0, 0.5)
        return _loss_prog(kind, kw, [a, b, np.asarray(y)], dt)
    # TripletMarginLoss
    batched = d.p(0.8)
    s = (N, C) if batched else (C,)
    kw.update(margin=d.c(1.0, 0.5), p=d.c(2.0, 1.0, 3.0), swap=d.p(0.4), eps=d.c(1e-6, 1e-3))
    return _loss_prog(kind, kw, [d.arr(s, dt), d.arr(s, dt), d.arr(s, dt)], dt)


def _loss_prog(kind, kw, inputs, dt):
    def run(T):
        kws = {k: (tens(T, v) if isinstance(v, np.ndarray) else v) for k, v in kw.items()}
        m = getattr(T.nn, kind)(**kws)
        targets, xs = {}, []
        for k, a in enumerate(inputs):
            a = np.asarray(a)
            g = a.dtype.kind == "f" and (k == 0 or kind in ("GaussianNLLLoss", "CosineEmbeddingLoss", "MarginRankingLoss", "TripletMarginLoss", "KLDivLoss", "L1Loss", "MSELoss", "BCEWithLogitsLoss", "SmoothL1Loss", "HuberLoss") and k < 3)
            if kind in ("CosineEmbeddingLoss", "MarginRankingLoss") and k == 2:
                g = False
            t = tens(T, a, g)
            if g:
                targets[f"in{k}"] = t
            xs.append(t)
        return m(*xs), targets, None

    kwd = {k: (v.shape if isinstance(v, np.ndarray) else v) for k, v in kw.items()}
    return Prog(f"{kind}({kwd}) in={[(np.asarray(a).shape, str(np.asarray(a).dtype)) for a in inputs]}", run)


_ACTS = {
    "ELU": lambda d: dict(alpha=d.c(1.0, 0.5, 2.0)), "Hardshrink": lambda d: dict(lambd=d.c(0.5, 0.0, 1.0)),
    "Hardsigmoid": lambda d: {}, "Hardtanh": lambda d: dict(min_val=d.c(-1.0, -2.0, 0.5), max_val=d.c(1.0, 2.0, 0.0)),
    "Hardswish": lambda d: {}, "LeakyReLU": lambda d: dict(negative_slope=d.c(0.01, 0.2, -0.5)),
    "LogSigmoid": lambda d: {}, "ReLU": lambda d: {}, "ReLU6": lambda d: {},
    "RReLU": lambda d: dict(lower=d.c(0.125, 0.1), upper=d.c(1 / 3, 0.5)), "SELU": lambda d: {},
    "CELU": lambda d: dict(alpha=d.c(1.0, 0.5, 2.0, 0.0)), "GELU": lambda d: dict(approximate=d.c("none", "tanh")),
    "Sigmoid": lambda d: {}, "SiLU": lambda d: {}, "Mish": lambda d: {},
    "Softplus": lambda d: dict(beta=d.c(1.0, 2.0, 0.5, -1.0), threshold=d.c(20.0, 1.0, 0.5)),
    "Softshrink": lambda d: dict(lambd=d.c(0.5, 0.0, 1.0, -1.0)), "Softsign": lambda d: {}, "Tanh": lambda d: {},
    "Tanhshrink": lambda d: {}, "Threshold": lambda d: dict(threshold=d.c(0.1, 0.0, -0.5), value=d.c(0.0, 2.0)),
    "GLU": lambda d: dict(dim=d.c(-1, 0, 1)), "Softmax": lambda d: dict(dim=d.c(None, -1, 0, 1)),
    "Softmin": lambda d: dict(dim=d.c(None, -1, 0, 1)), "LogSoftmax": lambda d: dict(dim=d.c(None, -1, 0, 1)),
    "Softmax2d": lambda d: {}, "PReLU": lambda d: dict(num_parameters=d.c(1, 1, 2, 3), init=d.c(0.25, -0.1)),
}


@family
def activation(d: Draw):
    kind = d.c(*_ACTS)
    kw = _ACTS[kind](d)
    dt = d.dtype()
    shape = tuple(d.i(1, 4) for _ in range(d.i(0, 4)))
    if kind == "GLU" and shape:
        shape = tuple(2 * s for s in shape)
    if kind == "PReLU" and kw["num_parameters"] > 1 and len(shape) >= 2:
        shape = (shape[0], kw["num_parameters"]) + shape[2:]
    x = d.arr(shape, dt) * 3
    if d.p(0.05):
        x = x.astype(np.int64)
    train = kind != "RReLU" or d.p(0.3)
    return _mod_prog("", kind, (), kw, [x], dt, train=train)


@family
def functional_act(d: Draw):
    dt = d.dtype()
    shape = tuple(d.i(1, 4) for _ in range(d.i(1, 3)))
    x = d.arr(shape, dt) * 3
    name = d.c("softmax", "log_softmax", "softmin", "gumbel_softmax_no", "normalize", "glu", "hardtanh",
               "elu", "celu", "leaky_relu", "softplus", "threshold", "relu6", "rrelu", "logsigmoid",
               "silu", "mish", "hardswish", "gelu", "selu", "softsign", "tanhshrink", "softshrink",
               "hardshrink", "prelu")
    kw = {}
    args = [x]
    if name in ("softmax", "log_softmax", "softmin"):
        kw["dim"] = d.i(-len(shape), len(shape) - 1)
        if d.p(0.3):
            kw["dtype"] = getattr(torch, d.c("float32", "float64"))
            kw["_dtype_name"] = str(kw.pop("dtype")).split(".")[1]
    elif name == "gumbel_softmax_no":
        name = "softmax"
        kw["dim"] = -1
    elif name == "normalize":
        kw.update(p=d.c(2.0, 1.0, 3.0, float("inf"), 0.5), dim=d.i(-len(shape), len(shape) - 1), eps=d.c(1e-12, 0.5))
        if d.p(0.2):
            x[...] = 0
    elif name == "glu":
        x = d.arr(tuple(2 * s for s in shape), dt)
        args = [x]
        kw["dim"] = d.i(-len(shape), len(shape) - 1)
    elif name == "hardtanh":
        kw.update(min_val=d.c(-1.0, 0.3), max_val=d.c(1.0, 0.3, 2.0))
    elif name == "threshold":
        args += [d.c(0.1, 0.0), d.c(0.0, 5.0)]
    elif name == "rrelu":
        kw["training"] = False
    elif name == "prelu":
        args.append(d.arr(d.c((1,), (shape[1],) if len(shape) > 1 else (1,), ()), dt))
    elif name == "gelu":
        kw["approximate"] = d.c("none", "tanh", "bad")
    elif name == "softplus":
        kw.update(beta=d.c(1.0, 3.0), threshold=d.c(20.0, 0.5))
    elif name in ("softshrink", "hardshrink"):
        kw["lambd"] = d.c(0.5, 1.2)

    def run(T):
        F = T.nn.functional
        kws = dict(kw)
        if "_dtype_name" in kws:
            kws["dtype"] = getattr(T, kws.pop("_dtype_name"))
        ts = [tens(T, a, True) if isinstance(a, np.ndarray) else a for a in args]
        tg = {f"in{k}": t for k, t in enumerate(ts) if hasattr(t, "grad")}
        return getattr(F, name)(*ts, **kws), tg, None

    return Prog(f"F.{name}({[getattr(a, 'shape', a) for a in args]}, {kw})", run)


@family
def dropout(d: Draw):
    kind = d.c("Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout")
    p = d.c(0.0, 0.5, 0.2, 1.0, 1.5)
    train = d.p(0.4)
    dt = d.dtype()
    shape = tuple(d.i(1, 4) for _ in range(d.i(1, 5)))
    x = d.arr(shape, dt)
    return _mod_prog("", kind, (), dict(p=p), [x], dt, train=train)


@family
def interpolate(d: Draw):
    nd = d.i(1, 3)
    mode = d.c("nearest", "nearest-exact", "area", {1: "linear", 2: "bilinear", 3: "trilinear"}[nd],
               "bicubic" if nd == 2 else "nearest", "linear")
    dt = d.dtype()
    x = d.arr((d.i(1, 2), d.i(1, 2)) + tuple(d.i(1, 5) for _ in range(nd)), dt)
    kw = dict(mode=mode)
    if d.p(0.5):
        kw["size"] = d.c(d.i(1, 8), tuple(d.i(1, 8) for _ in range(nd)))
    else:
        kw["scale_factor"] = d.c(2, 0.5, 1.5, 3.0, 2.3, tuple(d.c(2.0, 0.7, 1.3) for _ in range(nd)))
        if d.p(0.4):
            kw["recompute_scale_factor"] = d.c(True, False)
    if mode in ("linear", "bilinear", "bicubic", "trilinear") or d.p(0.1):
        kw["align_corners"] = d.c(True, False, None)
    if mode in ("bilinear", "bicubic") and d.p(0.3):
        kw["antialias"] = True
    if d.p(0.2):
        path = "Upsample"
        kw2 = {k: v for k, v in kw.items() if k in ("size", "scale_factor", "mode", "align_corners", "recompute_scale_factor")}
        return _mod_prog("", path, (), kw2, [x], dt)
    return _fn_prog("", "interpolate", [x], kw)


@family
def shape_ops(d: Draw):
    dt = d.dtype()
    which = d.c("pixel_shuffle", "pixel_unshuffle", "fold", "unfold", "pad", "pad", "channel_shuffle")
    if which == "pixel_shuffle":
        r = d.i(1, 3)
        x = d.arr(tuple(d.i(1, 2) for _ in range(d.i(0, 2))) + (d.i(1, 2) * r * r * (1 if not d.p(0.08) else 2) + (1 if d.p(0.05) else 0), d.i(1, 3), d.i(1, 3)), dt)
        return _fn_prog("", "pixel_shuffle", [x, r], {})
    if which == "pixel_unshuffle":
        r = d.i(1, 3)
        x = d.arr((d.i(1, 2), d.i(1, 2), r * d.i(1, 2) + (1 if d.p(0.08) else 0), r * d.i(1, 2)), dt)
        return _fn_prog("", "pixel_unshuffle", [x, r], {})
    if which == "channel_shuffle":
        g = d.i(1, 3)
        x = d.arr((d.i(1, 2), g * d.i(1, 2), d.i(1, 3)), dt)
        return _mod_prog("", "ChannelShuffle", (g,), {}, [x], dt)
    if which in ("fold", "unfold"):
        k = d.c(d.i(1, 3), (d.i(1, 3), d.i(1, 3)))
        kw = dict(kernel_size=k, dilation=d.c(1, 2, (1, 2)), padding=d.c(0, 1, (0, 1)), stride=d.c(1, 2, (2, 1)))
        kk = ntuple(2, k)
        dil, pad, st = ntuple(2, kw["dilation"]), ntuple(2, kw["padding"]), ntuple(2, kw["stride"])
        if which == "unfold":
            x = d.arr(((d.i(1, 2),) if d.p(0.8) else ()) + (d.i(1, 3), d.i(2, 6), d.i(2, 6)), dt)
            return _fn_prog("", "unfold", [x], kw)
        osz = (d.i(2, 6), d.i(2, 6))
        nb = 1
        for j in range(2):
            nb *= (osz[j] + 2 * pad[j] - dil[j] * (kk[j] - 1) - 1) // st[j] + 1
        if d.p(0.08):
            nb += 1
        C = d.i(1, 2)
        x = d.arr(((d.i(1, 2),) if d.p(0.8) else ()) + (C * kk[0] * kk[1], max(nb, 0)), dt)
        return _fn_prog("", "fold", [x], dict(kw, output_size=osz))
    # pad
    mode = d.c("constant", "reflect", "replicate", "circular")
    nd = d.i(1, 3) if mode != "constant" else d.i(1, 4)
    shape = tuple(d.i(1, 2) for _ in range(d.i(0, 2) if mode == "constant" else d.c(1, 1, 0))) + tuple(d.i(1, 5) for _ in range(nd))
    x = d.arr(shape, dt)
    npad = d.i(1, nd) * 2 if mode == "constant" else nd * 2
    pad = tuple(d.i(-1, 3) for _ in range(npad))
    kw = dict(mode=mode)
    if mode == "constant" and d.p(0.5):
        kw["value"] = d.c(0.0, 1.5, -2.0)
    return _fn_prog("", "pad", [x, pad], kw)


@family
def sdpa(d: Draw):
    dt = d.dtype()
    B = tuple(d.i(1, 2) for _ in range(d.i(0, 2)))
    L, S, E, Ev = d.i(1, 4), d.i(1, 4), d.i(1, 4), d.i(1, 4)
    q, k, v = d.arr(B + (L, E), dt), d.arr(B + (S, E), dt), d.arr(B + (S, Ev), dt)
    kw = {}
    if d.p(0.3):
        kw["is_causal"] = True
    if d.p(0.4):
        mk = d.c("bool", "float")
        m = _mask(d, d.c((L, S), B + (L, S), (1, S)), mk)
        kw["attn_mask"] = m if mk == "bool" else m.astype(dt)
    if d.p(0.3):
        kw["scale"] = d.c(0.5, 2.0, 1.0)
    if d.p(0.1):
        kw["enable_gqa"] = False
    return _fn_prog("", "scaled_dot_product_attention", [q, k, v], kw)


@family
def distance(d: Draw):
    dt = d.dtype()
    which = d.c("cosine_similarity", "pairwise_distance", "one_hot", "normalize", "pdist", "CosineSimilarity", "PairwiseDistance")
    shape = tuple(d.i(1, 4) for _ in range(d.i(1, 3)))
    if which == "one_hot":
        n = d.i(1, 5)
        idx = d.rng.integers(0, n, size=shape)
        if d.p(0.1):
            idx[...] = -1 if d.p(0.5) else n
        nc = d.c(-1, n, n + 2, n - 1)
        if d.p(0.05):
            idx = idx.astype(np.float64)
        return _fn_prog("", "one_hot", [idx], dict(num_classes=nc))
    if which == "pdist":
        x = d.arr((d.i(1, 4), d.i(1, 4)), dt)
        return _fn_prog("", "pdist", [x], dict(p=d.c(2.0, 1.0, 3.0, 0.0, float("inf"))))
    a = d.arr(shape, dt)
    bshape = tuple(s if d.p(0.8) else 1 for s in shape)
    if d.p(0.15):
        bshape = bshape[1:] if len(bshape) > 1 else bshape
    b = d.arr(bshape, dt)
    if d.p(0.1):
        b[...] = 0
    if which in ("cosine_similarity", "CosineSimilarity"):
        kw = dict(dim=d.i(-1, len(shape) - 1) if len(shape) else 0, eps=d.c(1e-8, 0.5))
        if which == "CosineSimilarity":
            return _mod_prog("", which, (), kw, [a, b], dt)
        return _fn_prog("", which, [a, b], kw)
    if which == "normalize":
        return _fn_prog("", which, [a], dict(p=d.c(2.0, 1.0), dim=d.i(-1, len(shape) - 1)))
    kw = dict(p=d.c(2.0, 1.0, 3.0, 0.0, float("inf")), eps=d.c(1e-6, 0.1), keepdim=d.p(0.4))
    if which == "PairwiseDistance":
        kw["norm"] = kw.pop("p")
        return _mod_prog("", which, (), kw, [a, b], dt)
    return _fn_prog("", which, [a, b], kw)


# ----------------------------------------------------------------------------- driver

def run_seed(seed: int, fam: str | None, verbose: bool):
    names = sorted(FAMILIES)
    name = fam or names[seed % len(names)]
    d = Draw(seed)
    prog = FAMILIES[name](d)
    try:
        ot = observe(prog, torch, seed)
        oe = observe(prog, ember, seed)
    except Exception:  # noqa: BLE001
        return name, prog, ["harness crash: " + traceback.format_exc(limit=3)]
    return name, prog, compare(ot, oe)


def run_forked(seed: int, fam: str | None, verbose: bool):
    """Run one seed in a forked child: a crash (segfault) in either library must not end the
    whole sweep; it is reported for that seed instead, with the library that crashed."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            name, prog, diffs = run_seed(seed, fam, verbose)
            payload = pickle.dumps((name, prog.desc, diffs))
        except BaseException:  # noqa: BLE001
            payload = pickle.dumps(("?", "?", ["harness crash: " + traceback.format_exc(limit=3)]))
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
    names = sorted(FAMILIES)
    name = fam or names[seed % len(names)]
    prog = FAMILIES[name](Draw(seed))
    pid = os.fork()
    if pid == 0:
        observe(prog, torch, seed)
        os._exit(0)
    _, st2 = os.waitpid(pid, 0)
    who = "torch" if st2 != 0 else "ember"
    return name, prog.desc, [f"crash: {who} died (status {status})"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=500)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--family")
    ap.add_argument("--only", type=int)
    ap.add_argument("-v", action="store_true")
    ap.add_argument("--f64", action="store_true")
    a = ap.parse_args()
    global FORCE_F64
    FORCE_F64 = a.f64
    seeds = [a.only] if a.only is not None else range(a.start, a.start + a.seeds)
    summary = collections.Counter()
    total = 0
    for s in seeds:
        name, desc, diffs = run_forked(s, a.family, a.v)
        total += 1
        if diffs:
            for x in diffs:
                summary[(name, x.split(":")[0].split(" (")[0][:60])] += 1
            print(f"[{name} seed={s}] {desc}")
            for x in diffs[: 6 if a.v else 3]:
                print("    ", x[:600])
            sys.stdout.flush()
    print(f"\n{total} seeds, {sum(1 for _ in summary)} kinds of difference")
    for (name, k), n in summary.most_common():
        print(f"  {n:4d}  {name}: {k}")


if __name__ == "__main__":
    main()
