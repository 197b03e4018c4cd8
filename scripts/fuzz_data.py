# ruff: noqa: E501  (a throwaway harness: long draw lines read better whole)
"""Randomised differential fuzzing of ``utils.data`` and ``save``/``load``: ember against torch.

A throwaway harness (not part of the test suite), in the manner of scripts/fuzz_nn.py. For
each seed it picks a family and draws a small program text (datasets, DataLoader options,
samplers, random_split, default_collate, save/load round trips; sometimes a deliberately
invalid argument). The text runs once with ``torch`` bound to torch and once with ``torch``
bound to ember (``data`` is ``torch.utils.data``, ``nn`` is ``torch.nn``), after
``torch.manual_seed(seed)``, so shuffles must follow torch's random streams bit for bit.
Each probe prints a structural description of its value (types, dtypes, shapes, values),
the warnings it raised, or ``EXC Type: message``; the two transcripts must be equal.

Run from the repository root:

    PYTHONPATH=src:. /work/main/.venv/bin/python scripts/fuzz_data.py --seeds 500
    PYTHONPATH=src:. /work/main/.venv/bin/python scripts/fuzz_data.py --family collate --seeds 200
    PYTHONPATH=src:. /work/main/.venv/bin/python scripts/fuzz_data.py --only 17 -v   # show program

It prints one block per differing seed (family, seed, differing lines: torch's `-`, ember's
`+`) and a summary by family. Families: loader (datasets x DataLoader options, two epochs),
sampler, split (random_split), collate (default_collate/default_convert), serial
(save/load round trips, views, state dicts, weights_only refusals, map_location) and misc
(a pool of single probes of edge cases). Left out on purpose (documented differences):
map_location='meta' and non-zip files given to load.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import difflib
import io
import os
import pickle
import re
import sys
import traceback
import types
from collections.abc import Callable

import numpy as np
import torch

import ember

torch.set_num_threads(1)

FAMILIES: dict[str, Callable] = {}


def family(fn: Callable) -> Callable:
    FAMILIES[fn.__name__] = fn
    return fn


# The helpers every program sees: `desc` names a value's structure without library names
# (ember prints dtypes as torch does; class names are compared bare).
PRELUDE = '''
import collections, io, math, pickle, warnings
import numpy as np
Point = collections.namedtuple("Point", "x y")

def desc(x):
    if isinstance(x, torch.Tensor):
        return "T(%s,%s,%s)" % (x.dtype, tuple(x.shape), x.tolist())
    if isinstance(x, np.ndarray):
        return "np(%s,%s,%s)" % (x.dtype, x.shape, x.tolist())
    if isinstance(x, dict):
        return type(x).__name__ + "{" + ", ".join("%r: %s" % (k, desc(v)) for k, v in x.items()) + "}"
    if isinstance(x, tuple) and hasattr(x, "_fields"):
        return type(x).__name__ + "(" + ", ".join(desc(v) for v in x) + ")"
    if isinstance(x, (list, tuple)):
        return type(x).__name__ + "[" + ", ".join(desc(v) for v in x) + "]"
    return "%s:%r" % (type(x).__name__, x)

def show(label, fn):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        try:
            out = desc(fn())
        except Exception as e:
            out = "EXC %s: %s" % (type(e).__name__, e)
    for m in w:
        print("  WARN", m.category.__name__, str(m.message).split(" (Triggered internally")[0])
    print(label, out)
'''


def run_program(src: str, T, seed: int) -> str:
    """The transcript of `src` with `torch` bound to `T` (a crash of the harness itself,
    outside every `show`, is part of the transcript too)."""
    buf = io.StringIO()
    # A real module, so that classes the program defines can be pickled by reference.
    mod = types.ModuleType("fuzzcase")
    sys.modules["fuzzcase"] = mod
    ns = mod.__dict__
    ns.update({"torch": T, "data": T.utils.data, "nn": T.nn})
    T.manual_seed(seed)
    with contextlib.redirect_stdout(buf):
        try:
            exec(compile(PRELUDE + src, "<case>", "exec"), ns)
        except Exception as e:  # noqa: BLE001
            print(f"TOPLEVEL EXC {type(e).__name__}: {e}")
    out = re.sub(r" at 0x[0-9a-f]+", " at 0xADDR", buf.getvalue())
    # class paths in messages name the library's own module
    # (and whole pickled modules name ember's classes: docs/differences.md)
    out = re.sub(r"\bember\.(?=nn\.|utils\.|optim\.)", "torch.", out)
    return out.replace("<ember.", "<torch.").replace("'ember.", "'torch.")


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


_DTYPES = ["float32", "float64", "int64", "int32", "int16", "uint8", "bool", "float16", "complex64"]


def tensor_expr(d: Draw, n_expr: str, tail=()) -> str:
    """A deterministic tensor of `n_expr` rows (values fixed by the draw, not by RNG)."""
    dt = d.c(*_DTYPES)
    shape = "(" + ", ".join([n_expr, *map(str, tail)]) + ",)"
    return f"(torch.arange(math.prod({shape})).reshape({shape}) % 5 - 1).to(torch.{dt})"


def item_expr(d: Draw, depth=0) -> str:
    """An expression of `i` (the index): one element of a map-style dataset."""
    kinds = ["tensor", "int", "float", "str", "none", "bool", "nparr", "npscalar", "tuple",
             "dict", "point", "list", "bytes", "complex"]
    if depth > 1:
        kinds = kinds[:8]
    k = d.c(*kinds)
    if k == "tensor":
        dt = d.c(*_DTYPES)
        shp = d.c("()", "(2,)", "(2, 3)", "(1,)")
        return f"torch.full({shp}, i % 4).to(torch.{dt})"
    if k == "int":
        return "i * 3 - 2"
    if k == "float":
        return "i / 4"
    if k == "str":
        return '"s%d" % i'
    if k == "none":
        return "None"
    if k == "bool":
        return "i % 2 == 0"
    if k == "nparr":
        dt = d.c("float32", "float64", "int64", "int32", "bool", "uint8", "object", "<U2")
        return f"np.full({d.c('(2,)', '(1, 2)', '()')}, i % 3).astype({dt!r})"
    if k == "npscalar":
        return f"np.{d.c('float32', 'int64', 'float64', 'int16', 'bool_')}(i % 3)"
    if k == "bytes":
        return "b'x%d' % i"
    if k == "complex":
        return "complex(i, 1)"
    if k == "tuple":
        return "(" + ", ".join(item_expr(d, depth + 1) for _ in range(d.i(1, 3))) + ",)"
    if k == "list":
        return "[" + ", ".join(item_expr(d, depth + 1) for _ in range(d.i(1, 3))) + "]"
    if k == "point":
        return f"Point({item_expr(d, depth + 1)}, {item_expr(d, depth + 1)})"
    cls = d.c("dict", "collections.OrderedDict")
    keys = d.c(["a"], ["a", "b"], ["x", "y", "z"])
    body = ", ".join(f"({k!r}, {item_expr(d, depth + 1)})" for k in keys)
    return f"{cls}([{body}])"


def dataset_src(d: Draw, n: int, name="ds", depth=0) -> tuple[str, bool]:
    """Source defining `name`; returns (source, is_iterable)."""
    kinds = ["tensor", "map", "iter", "iter_len", "concat", "chain", "subset", "stack"]
    if depth > 0:
        kinds = kinds[:4]
    k = d.c(*kinds)
    if k == "tensor":
        ts = ", ".join(tensor_expr(d, str(n), d.c((), (2,), (1, 3))) for _ in range(d.i(1, 3)))
        return f"{name} = data.TensorDataset({ts})\n", False
    if k == "map":
        item = item_expr(d)
        return (f"class C_{name}(data.Dataset):\n    def __len__(self):\n        return {n}\n"
                f"    def __getitem__(self, i):\n        return {item}\n{name} = C_{name}()\n"), False
    if k in ("iter", "iter_len"):
        item = item_expr(d)
        src = (f"class C_{name}(data.IterableDataset):\n    def __iter__(self):\n"
               f"        for i in range({n}):\n            yield {item}\n")
        if k == "iter_len":
            src += f"    def __len__(self):\n        return {n}\n"
        return src + f"{name} = C_{name}()\n", True
    if k == "concat":
        m = d.i(0, n)
        a, _ = dataset_src(d, m, name + "a", 1)
        b, _ = dataset_src(d, n - m, name + "b", 1)
        while "Iterable" in a + b and d.p(0.8):  # mostly map-style parts
            a, _ = dataset_src(d, m, name + "a", 1)
            b, _ = dataset_src(d, n - m, name + "b", 1)
        op = d.c("data.ConcatDataset([{0}a, {0}b])", "{0}a + {0}b")
        return a + b + f"{name} = {op.format(name)}\n", False
    if k == "chain":
        m = d.i(0, n)
        a, _ = dataset_src(d, m, name + "a", 1)
        b, _ = dataset_src(d, n - m, name + "b", 1)
        return a + b + f"{name} = data.ChainDataset([{name}a, {name}b])\n", True
    if k == "subset":
        big = n + d.i(0, 4)
        a, it = dataset_src(d, big, name + "a", 1)
        idx = [int(x) for x in d.rng.integers(0, big, n)] if d.p(0.5) else list(range(n))
        idx_e = d.c(repr(idx), f"torch.tensor({idx}, dtype=torch.int64)", f"np.array({idx})") if idx else "[]"
        return a + f"{name} = data.Subset({name}a, {idx_e})\n", it
    # stack
    a, _ = dataset_src(d, n, name + "a", 1)
    b, _ = dataset_src(d, n if d.p(0.85) else n + 1, name + "b", 1)
    form = d.c("data.StackDataset({0}a, {0}b)", "data.StackDataset(p={0}a, q={0}b)",
               "data.StackDataset({0}a, q={0}b)", "data.StackDataset()")
    return a + b + f"{name} = {form.format(name)}\n", False


def sampler_expr(d: Draw, n: int, gen: str) -> str:
    k = d.c("seq", "rand", "rand_repl", "subset", "weighted", "list")
    g = f", generator={gen}" if gen and d.p(0.6) else ""
    if k == "seq":
        return "data.SequentialSampler(ds)"
    if k == "rand":
        ns = d.c("", f", num_samples={d.i(1, 2 * n + 2)}", ", num_samples=0", "")
        return f"data.RandomSampler(ds{ns}{g})"
    if k == "rand_repl":
        ns = d.c("", f", num_samples={d.i(1, 2 * n + 2)}")
        return f"data.RandomSampler(ds, replacement=True{ns}{g})"
    if k == "subset":
        idx = [int(x) for x in d.rng.integers(0, max(n, 1), d.i(0, n + 1))]
        return f"data.SubsetRandomSampler({idx}{g})"
    if k == "weighted":
        w = [round(float(x), 2) for x in d.rng.random(max(n, 1))]
        we = d.c(repr(w), f"torch.tensor({w})", f"torch.tensor({w}, dtype=torch.float64)", f"[{w}]")
        ns = d.i(1, 2 * n + 1)
        return f"data.WeightedRandomSampler({we}, {ns}, replacement={d.p(0.5)}{g})"
    return repr([int(x) for x in d.rng.integers(0, max(n, 1), d.i(0, n + 1))])


@family
def loader(d: Draw) -> str:
    n = d.i(0, 9)
    src, iterable = dataset_src(d, n)
    src += "show('len(ds)', lambda: len(ds))\n"
    gen = ""
    if d.p(0.4):
        src += f"g = torch.Generator().manual_seed({d.i(0, 99)})\n"
        gen = "g"
    kw = []
    mode = d.c("plain", "plain", "sampler", "batch_sampler")
    if mode == "plain" or mode == "sampler":
        kw.append(f"batch_size={d.c(None, 1, 2, 3, 4, 7)}")
        if d.p(0.5):
            kw.append(f"shuffle={d.c(True, False, None)}")
        if d.p(0.4):
            kw.append(f"drop_last={d.p(0.6)}")
    if mode == "sampler":
        kw.append(f"sampler={sampler_expr(d, n, gen)}")
    if mode == "batch_sampler":
        inner = sampler_expr(d, n, gen)
        bs = f"data.BatchSampler({inner}, {d.c(1, 2, 3)}, {d.p(0.5)})" if d.p(0.8) else "[[0, 1], [2], []]"
        kw.append(f"batch_sampler={bs}")
        if d.p(0.15):
            kw.append(d.c("batch_size=2", "shuffle=True", "drop_last=True", "sampler=[0]"))
    if gen and d.p(0.7):
        kw.append(f"generator={gen}")
    if d.p(0.35):
        kw.append("collate_fn=" + d.c("lambda b: b", "lambda b: (len(b), b)", "data.default_convert",
                                      "data.default_collate", "lambda b: [type(x).__name__ for x in b]"))
    if d.p(0.2):
        kw.append("pin_memory=True")
    if d.p(0.08):
        kw.append(d.c("prefetch_factor=2", "persistent_workers=True", "num_workers=-1", "timeout=-1",
                      "batch_size=0", "batch_size=-1", "batch_size=1.5", "batch_size=True",
                      "num_workers=0", "drop_last=1"))
    src += f"try:\n    dl = data.DataLoader(ds, {', '.join(kw)})\nexcept Exception as e:\n    print('ctor EXC', type(e).__name__, e)\n    dl = None\n"
    src += "if dl is not None:\n"
    src += "    show('len(dl)', lambda: len(dl))\n"
    src += "    show('epoch1', lambda: list(dl))\n"
    src += "    show('epoch2', lambda: list(dl))\n"
    src += "    show('attrs', lambda: (dl.batch_size, dl.drop_last, type(dl.sampler).__name__, type(dl.batch_sampler).__name__))\n"
    if not iterable and n > 0:
        src += "show('ds[0]', lambda: ds[0])\nshow('ds[-1]', lambda: ds[-1])\n"
        src += f"show('ds[oob]', lambda: ds[{n + d.i(0, 3)}])\n"
    return src


@family
def sampler(d: Draw) -> str:
    n = d.i(0, 8)
    src = f"ds = list(range(10, {10 + n}))\n"
    gen = ""
    if d.p(0.5):
        src += f"g = torch.Generator().manual_seed({d.i(0, 99)})\n"
        gen = "g"
    s = sampler_expr(d, n, gen)
    if d.p(0.2):  # bad arguments
        s = d.c("data.RandomSampler(ds, replacement=1)", "data.RandomSampler(ds, num_samples=-2)",
                "data.RandomSampler(ds, num_samples=2.0)", "data.WeightedRandomSampler([1., 2.], 0)",
                "data.WeightedRandomSampler([[1., 2.]], 2)", "data.WeightedRandomSampler([1., 2.], 3, replacement=False)",
                "data.WeightedRandomSampler([1., 2.], 2, replacement=0)", "data.WeightedRandomSampler([0., 0.], 2)",
                "data.WeightedRandomSampler([1., -1.], 2)", "data.WeightedRandomSampler(torch.ones(2, 2), 2)",
                "data.BatchSampler(range(5), 0, False)", "data.BatchSampler(range(5), 2, None)",
                "data.BatchSampler(range(5), '2', False)", "data.RandomSampler([])",
                "data.SequentialSampler(ds)", "data.WeightedRandomSampler([], 1)")
    if d.p(0.4):
        s = f"data.BatchSampler({s}, {d.c(1, 2, 3, 4)}, {d.p(0.5)})"
    src += f"try:\n    s = {s}\nexcept Exception as e:\n    print('ctor EXC', type(e).__name__, e)\n    s = None\n"
    src += "if s is not None:\n    show('len', lambda: len(s))\n    show('it1', lambda: list(s))\n    show('it2', lambda: list(s))\n"
    src += "show('after', lambda: torch.randint(0, 1000, (3,)))\n"
    return src


@family
def split(d: Draw) -> str:
    n = d.i(0, 12)
    src = f"ds = list(range(100, {100 + n}))\n"
    k = d.c("ints", "fracs", "fracs", "bad")
    parts = d.i(1, 4)
    if k == "ints":
        cuts = sorted(int(x) for x in d.rng.integers(0, n + 1, parts - 1))
        lens = [b - a for a, b in zip([0, *cuts], [*cuts, n])]
        if d.p(0.2):
            lens[0] += d.c(1, -1)
    elif k == "fracs":
        w = d.rng.random(parts) + d.c(0, 0.01, 0.5)
        fr = [round(float(x), 3) for x in w / w.sum()]
        fr[-1] = round(1 - sum(fr[:-1]), 3)
        if d.p(0.3):
            fr = d.c([0.5, 0.5], [1.0], [0.3, 0.3, 0.4], [0.0, 1.0], [0.1, 0.9], [1 / 3, 1 / 3, 1 / 3])
        lens = fr
    else:
        lens = d.c([0.5, 0.6], [1.5, -0.5], [0.5, 2], [-1, n + 1], [], [0.5, 0.4], ["1", 2])
    gen = f", generator=torch.Generator().manual_seed({d.i(0, 50)})" if d.p(0.5) else ""
    src += f"show('split', lambda: [(len(s), list(s), s.indices) for s in data.random_split(ds, {lens!r}{gen})])\n"
    src += "show('after', lambda: torch.randint(0, 1000, (2,)))\n"
    return src


@family
def collate(d: Draw) -> str:
    bs = d.i(1, 4)
    src = ""
    k = d.c("same", "same", "mismatch", "keys", "refuse", "convert", "lens")
    if k == "same":
        src += f"batch = [(lambda i: {item_expr(d)})(i) for i in range({bs})]\n"
    elif k == "mismatch":
        src += f"batch = [torch.zeros({d.c('i + 1', '(2, i % 2 + 1)', '(i,)')}, dtype=torch.{d.c(*_DTYPES)}) for i in range({max(bs, 2)})]\n"
        if d.p(0.4):
            src += "batch = [np.asarray(b) for b in batch]\n"
    elif k == "keys":
        src += d.c("batch = [{'a': 1, 'b': 2}, {'a': 3}]\n", "batch = [{'a': 1}, {'a': 3, 'b': 2}]\n",
                   "batch = [{'a': 1, 'b': 2}, {'b': 3, 'a': 4}]\n", "batch = [{'a': 1}, {'c': 3}]\n")
    elif k == "refuse":
        src += "batch = [" + d.c("object()", "{1, 2}", "Ellipsis", "slice(1)", "np.array(['a', 'b'], dtype=object)",
                                 "np.array([b'x'])", "(lambda: 0)", "range(3)", "frozenset()", "np.array(['ab'])") + "] * 2\n"
    elif k == "lens":
        src += d.c("batch = [[1, 2], [3]]\n", "batch = [(1, 2), (3, 4, 5)]\n", "batch = [Point(1, 2), (3, 4)]\n",
                   "batch = [[1, 2], 'ab']\n", "batch = [1, 2.5]\n", "batch = [2.5, 1]\n", "batch = [True, 1]\n",
                   "batch = [1, torch.tensor(1)]\n", "batch = [torch.tensor(1), 1]\n", "batch = []\n",
                   "batch = [np.float32(1), np.float64(2)]\n", "batch = [torch.zeros(2), torch.zeros(2, dtype=torch.float64)]\n")
    else:
        src += f"batch = (lambda i: {item_expr(d)})(1)\n"
        src += "show('convert', lambda: data.default_convert(batch))\n"
    if k != "convert":
        src += "show('collate', lambda: data.default_collate(batch))\n"
        src += "show('convert', lambda: data.default_convert(batch))\n"
    return src


# --- save / load

def saved_obj_expr(d: Draw, depth=0) -> str:
    kinds = ["tensor", "int", "float", "str", "none", "bool", "list", "tuple", "dict", "odict",
             "view", "dtype", "complex", "bytes", "param", "big", "size", "device"]
    if depth > 1:
        kinds = kinds[:6]
    k = d.c(*kinds)
    if k == "tensor":
        return tensor_expr(d, str(d.i(0, 3)), d.c((), (2,)))
    if k == "view":
        return d.c("base[1:]", "base.t()", "base[:, 0]", "base.view(-1)", "base", "base[0, 1]")
    if k == "param":
        return f"nn.Parameter(torch.ones(2), requires_grad={d.p(0.5)})"
    if k == "big":
        return f"torch.arange({d.i(60, 200)}, dtype=torch.int64)"
    table = {
        "int": lambda: str(d.i(-5, 2**40)), "float": lambda: repr(d.c(0.5, -1e300, float('inf'), 3.0)),
        "str": lambda: repr(d.c("abc", "", "é")), "none": lambda: "None", "bool": lambda: repr(d.p(0.5)),
        "dtype": lambda: d.c("torch.float32", "torch.int8", "torch.bool"), "complex": lambda: "complex(1, 2)",
        "bytes": lambda: "b'ab'", "size": lambda: "torch.Size([2, 3])", "device": lambda: "torch.device('cpu')",
        "list": lambda: "[" + ", ".join(saved_obj_expr(d, depth + 1) for _ in range(d.i(0, 3))) + "]",
        "tuple": lambda: "(" + ", ".join(saved_obj_expr(d, depth + 1) for _ in range(d.i(1, 3))) + ",)",
        "dict": lambda: "{" + ", ".join(f"{k!r}: {saved_obj_expr(d, depth + 1)}" for k in d.c(["a"], ["a", "b"], [1, "x"])) + "}",
        "odict": lambda: "collections.OrderedDict([" + ", ".join(f"({k!r}, {saved_obj_expr(d, depth + 1)})" for k in ["w", "b"]) + "])",
    }
    return table[k]()


@family
def serial(d: Draw) -> str:
    k = d.c("obj", "obj", "views", "model", "optim", "unsafe", "maploc")
    src = "base = torch.arange(6.).reshape(2, 3)\n"
    if k in ("obj", "maploc"):
        src += f"obj = {saved_obj_expr(d)}\n"
    elif k == "views":
        src += "obj = {'base': base, 'v': " + d.c("base[1:]", "base.t()", "base[:, 1]", "base.view(3, 2)") + ", 'w': base[0]}\n"
    elif k == "model":
        src += ("m = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2), nn.ReLU())\n"
                "with torch.no_grad():\n    for p in m.parameters():\n        p.copy_(torch.arange(p.numel()).reshape(p.shape) * 0.25)\n"
                "m(torch.ones(4, 3))\nobj = m.state_dict()\n")
    elif k == "optim":
        opt = d.c("torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)", "torch.optim.Adam(m.parameters(), lr=0.01)",
                  "torch.optim.AdamW(m.parameters())", "torch.optim.RMSprop(m.parameters())")
        src += ("m = nn.Linear(2, 2)\nwith torch.no_grad():\n    m.weight.fill_(0.5)\n    m.bias.fill_(-1.)\n"
                f"opt = {opt}\nm(torch.ones(3, 2)).sum().backward()\nopt.step()\n"
                "obj = {'model': m.state_dict(), 'opt': opt.state_dict(), 'epoch': 3}\n")
    else:
        src += "class Thing:\n    def __init__(self):\n        self.v = 3\n    def __repr__(self):\n        return 'Thing(%r)' % self.v\n"
        src += "obj = " + d.c("Thing()", "{'t': Thing()}", "[np.arange(3)]", "np.float64(2.5)", "{'f': len}",
                              "collections.Counter('aab')", "nn.Linear(1, 1)", "set([1])", "slice(1, 2)",
                              "collections.defaultdict(int)", "torch.nn.ReLU") + "\n"
    wo = d.c(True, False, None)
    ml = ""
    if k == "maploc" or d.p(0.2):
        ml = ", map_location=" + d.c("'cpu'", "torch.device('cpu')", "lambda s, loc: s", "{'cpu': 'cpu'}", "'cuda'", "'cpu:0'", "{'cpu': 'cuda:1'}")
    src += "f = io.BytesIO()\nshow('save', lambda: torch.save(obj, f))\nf.seek(0)\n"
    src += f"show('load', lambda: torch.load(f{ml}, weights_only={wo}))\n"
    if k == "views":
        src += f"f.seek(0)\nr = torch.load(f, weights_only={wo})\nr['v'].view(-1)[0] = 99.\nshow('after write', lambda: r)\n"
        src += "show('storages', lambda: [r[x].untyped_storage().data_ptr() == r['base'].untyped_storage().data_ptr() for x in r])\n"
        src += "show('meta', lambda: [(r[x].storage_offset(), r[x].stride(), r[x].is_contiguous()) for x in r])\n"
    if k in ("model", "optim"):
        src += f"f.seek(0)\nr = torch.load(f, weights_only={wo})\n"
        if k == "model":
            src += "m2 = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2), nn.ReLU())\nshow('lsd', lambda: str(m2.load_state_dict(r)))\nshow('m2', lambda: m2.state_dict())\n"
        else:
            src += "show('types', lambda: [type(v).__name__ for v in r['opt']['state'][0].values()])\n"
    return src


_MISC = [
    "show('td mismatch', lambda: data.TensorDataset(torch.zeros(3), torch.zeros(4)))",
    "show('td empty', lambda: len(data.TensorDataset()))",
    "show('concat empty', lambda: data.ConcatDataset([]))",
    "show('concat iterable', lambda: data.ConcatDataset([It(3)]))",
    "show('concat neg', lambda: data.ConcatDataset([[1, 2], [3]])[-1])",
    "show('concat neg oob', lambda: data.ConcatDataset([[1, 2], [3]])[-4])",
    "show('concat oob', lambda: data.ConcatDataset([[1, 2], [3]])[3])",
    "show('concat sizes', lambda: data.ConcatDataset([[1, 2], [], [3]]).cumulative_sizes)",
    "show('iter len', lambda: len(It(3)))",
    "show('ds len', lambda: len(data.Dataset()))",
    "show('ds getitem', lambda: data.Dataset()[0])",
    "show('ds add', lambda: type(data.TensorDataset(torch.zeros(2)) + data.TensorDataset(torch.ones(1))).__name__)",
    "show('it add', lambda: type(It(2) + It(3)).__name__)",
    "show('it add list', lambda: list(It(2) + It(3)))",
    "show('subset of subset', lambda: list(data.Subset(data.Subset(list(range(10)), [5, 6, 7]), [2, 0])))",
    "show('subset list idx', lambda: data.Subset(list(range(10)), [5, 6, 7])[[0, 2]])",
    "show('subset getitems', lambda: data.Subset(data.TensorDataset(torch.arange(5)), [4, 1]).__getitems__([0, 1]))",
    "show('stack getitems', lambda: data.StackDataset(a=[1, 2], b=[3, 4]).__getitems__([1, 0]))",
    "show('stack mismatch', lambda: data.StackDataset([1, 2], [3]))",
    "show('stack mixed', lambda: data.StackDataset([1], b=[3]))",
    "show('stack empty', lambda: data.StackDataset())",
    "show('iter loader bs None', lambda: list(data.DataLoader(It(3), batch_size=None)))",
    "show('iter loader len', lambda: len(data.DataLoader(It(3), batch_size=2)))",
    "show('iter loader sized len', lambda: len(data.DataLoader(SIt(5), batch_size=2, drop_last=True)))",
    "show('iter loader sized over', lambda: list(data.DataLoader(SIt(5), batch_size=2, drop_last=True)))",
    "show('shuffle iterable', lambda: data.DataLoader(It(3), shuffle=True))",
    "show('shuffle false iterable', lambda: list(data.DataLoader(It(3), shuffle=False)))",
    "show('sampler iterable', lambda: data.DataLoader(It(3), sampler=[0]))",
    "show('worker info', lambda: data.get_worker_info())",
    "show('next iter', lambda: next(iter(data.DataLoader(list(range(5)), batch_size=2, shuffle=True))))",
    "show('enumerate', lambda: list(enumerate(data.DataLoader([1., 2., 3.], batch_size=2))))",
    "show('loader attrs', lambda: (lambda dl: (dl.num_workers, dl.prefetch_factor, dl.pin_memory, dl.timeout, dl.persistent_workers, dl.generator))(data.DataLoader([1, 2])))",
    "show('split dataset obj', lambda: [list(s) for s in data.random_split(data.TensorDataset(torch.arange(5)), [2, 3])])",
    "show('split generator type', lambda: data.random_split(list(range(4)), [2, 2], generator=5))",
    "show('seq sampler list', lambda: list(data.SequentialSampler('abc')))",
    "show('batch sampler list', lambda: list(data.BatchSampler([5, 6, 7, 8, 9], 2, False)))",
    "show('batch sampler len', lambda: len(data.BatchSampler([5, 6, 7, 8, 9], 2, True)))",
    "show('rand sampler gen', lambda: list(data.RandomSampler(range(6), generator=torch.Generator().manual_seed(3))))",
    "show('collate nested', lambda: data.default_collate([[(1, 2.), {'a': np.zeros(2)}]] * 2))",
    "show('collate tensor list', lambda: data.default_collate([torch.ones(2, dtype=torch.int8)] * 3))",
    "show('collate str', lambda: data.default_collate(['a', 'b']))",
    "show('collate bytes', lambda: data.default_collate([b'a', b'b']))",
    "show('collate none', lambda: data.default_collate([None, None]))",
    "show('collate bool', lambda: data.default_collate([True, False]))",
    "show('collate np bool', lambda: data.default_collate([np.bool_(True), np.bool_(False)]))",
    "show('collate 0d arrays', lambda: data.default_collate([np.array(1.5), np.array(2.5)]))",
    "show('collate requires_grad', lambda: data.default_collate([torch.ones(2, requires_grad=True)] * 2).requires_grad)",
    "show('convert nested', lambda: data.default_convert([np.zeros(2), (np.float32(1), 'x'), {'k': np.ones(1, dtype=np.int32)}]))",
    "show('convert np str', lambda: data.default_convert(np.array(['a'])))",
    "show('convert point', lambda: data.default_convert(Point(np.zeros(1), 2)))",
    "show('save path', lambda: (torch.save({'a': torch.ones(2)}, '/tmp/_fuzz_data_ck.pt'), torch.load('/tmp/_fuzz_data_ck.pt')))",
    "show('load missing', lambda: torch.load('/tmp/_fuzz_data_missing_file.pt'))",
    "show('load empty', lambda: torch.load(io.BytesIO(b'')))",
    "show('save requires_grad', lambda: (lambda f: (torch.save(torch.ones(2, requires_grad=True), f), f.seek(0), torch.load(f).requires_grad))(io.BytesIO()))",
    "show('save param', lambda: (lambda f: (torch.save(nn.Parameter(torch.ones(2)), f), f.seek(0), type(torch.load(f)).__name__))(io.BytesIO()))",
    "show('save int tensors', lambda: (lambda f: (torch.save([torch.tensor(3), torch.tensor([], dtype=torch.int16)], f), f.seek(0), torch.load(f)))(io.BytesIO()))",
    "show('save view alone', lambda: (lambda f: (torch.save(torch.arange(10.)[2:5], f), f.seek(0), (lambda t: (t, t.storage_offset(), len(t.untyped_storage())))(torch.load(f))))(io.BytesIO()))",
    "show('save shared twice', lambda: (lambda f, a: (torch.save([a, a], f), f.seek(0), (lambda r: r[0] is r[1])(torch.load(f))))(io.BytesIO(), torch.ones(2)))",
    "show('wo pickle_module', lambda: torch.load(io.BytesIO(b'x'), pickle_module=pickle, weights_only=True))",
    "show('wo numpy', lambda: (lambda f: (torch.save({'n': np.arange(3)}, f), f.seek(0), torch.load(f, weights_only=True)))(io.BytesIO()))",
    "show('wo numpy scalar', lambda: (lambda f: (torch.save(np.float32(2.5), f), f.seek(0), torch.load(f, weights_only=True)))(io.BytesIO()))",
    "show('wo set', lambda: (lambda f: (torch.save({1, 2}, f), f.seek(0), torch.load(f, weights_only=True)))(io.BytesIO()))",
    "show('wo complex', lambda: (lambda f: (torch.save([1j, torch.tensor([1j])], f), f.seek(0), torch.load(f, weights_only=True)))(io.BytesIO()))",
    "show('wo odict', lambda: (lambda f: (torch.save(collections.OrderedDict(a=torch.ones(1)), f), f.seek(0), type(torch.load(f, weights_only=True)).__name__))(io.BytesIO()))",
    "show('wo namedtuple', lambda: (lambda f: (torch.save(Point(1, 2), f), f.seek(0), torch.load(f, weights_only=True)))(io.BytesIO()))",
]


@family
def misc(d: Draw) -> str:
    src = ("class It(data.IterableDataset):\n    def __init__(self, n):\n        self.n = n\n"
           "    def __iter__(self):\n        return iter(range(self.n))\n"
           "class SIt(It):\n    def __len__(self):\n        return self.n\n")
    picks = d.rng.choice(len(_MISC), size=4, replace=False)
    return src + "".join(_MISC[int(k)] + "\n" for k in picks)


# ----------------------------------------------------------------------------- driver

def program(seed: int, fam: str | None) -> tuple[str, str]:
    names = sorted(FAMILIES)
    name = fam or names[seed % len(names)]
    return name, FAMILIES[name](Draw(seed))


def diff_lines(a: str, b: str) -> list[str]:
    """The differing lines, torch's marked `-` and ember's `+` (aligned by difflib, so a
    message one side spreads over more lines does not shift every later line)."""
    return [x for x in difflib.unified_diff(a.splitlines(), b.splitlines(), "torch", "ember",
                                            n=0, lineterm="")
            if x[:1] in "+-" and not x.startswith(("---", "+++"))]


def run_seed(seed: int, fam: str | None) -> tuple[str, str, list[str]]:
    name, src = program(seed, fam)
    try:
        ot = run_program(src, torch, seed)
        oe = run_program(src, ember, seed)
    except BaseException:  # noqa: BLE001
        return name, src, ["harness crash: " + traceback.format_exc(limit=3)]
    return name, src, diff_lines(ot, oe)


def run_forked(seed: int, fam: str | None) -> tuple[str, str, list[str]]:
    """One seed in a forked child, so a hang or crash ends only that seed."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            payload = pickle.dumps(run_seed(seed, fam))
        except BaseException:  # noqa: BLE001
            payload = pickle.dumps(("?", "?", ["harness crash: " + traceback.format_exc(limit=3)]))
        os.write(w, payload)
        os._exit(0)
    os.close(w)
    chunks = []
    while b := os.read(r, 1 << 16):
        chunks.append(b)
    os.close(r)
    _, status = os.waitpid(pid, 0)
    if chunks:
        return pickle.loads(b"".join(chunks))
    name, src = program(seed, fam)
    return name, src, [f"crash: child died (status {status})"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=400)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--family")
    ap.add_argument("--only", type=int)
    ap.add_argument("-v", action="store_true")
    a = ap.parse_args()
    seeds = [a.only] if a.only is not None else range(a.start, a.start + a.seeds)
    per_family = collections.Counter()
    bad = collections.Counter()
    for s in seeds:
        name, src, diffs = run_forked(s, a.family)
        per_family[name] += 1
        if a.v and a.only is not None:
            print(src)
            print(run_program(src, torch, s))
        if diffs:
            bad[name] += 1
            print(f"[{name} seed={s}]")
            if a.v:
                print("    " + src.replace("\n", "\n    "))
            for x in diffs[: 8 if a.v else 3]:
                print("      " + x[:700])
            sys.stdout.flush()
    total = sum(per_family.values())
    print(f"\n{total} seeds, {sum(bad.values())} differing")
    for name in sorted(per_family):
        print(f"  {name:8s} {per_family[name]:4d} run, {bad[name]:4d} differ")


if __name__ == "__main__":
    main()
