# ruff: noqa: E501  (case sources are programs; their long lines read better whole)
"""What the differential fuzzer of ``utils.data`` and ``save``/``load`` (scripts/fuzz_data.py,
helper-125) found, recorded from torch 2.13: one case per fix (ChainDataset's len, the
default sampler under a batch_sampler, an empty batch of a TensorDataset, Subset and
StackDataset ``__getitems__``, multinomial's messages with replacement and for empty
input, ``tensor()`` of ragged data and of 0-d arrays inside lists, map_location tags,
randperm's generator type, an empty file under the full unpickler, C pickler's words
for a local class or a lambda) and a few
representative fuzz programs (shuffled loaders after a seed, random_split by fractions,
default_collate's refusals, save/load round trips of views and state dicts).

Ids start with ``dfz_``.
"""

from __future__ import annotations

_SHOW = '''\
import collections, io, warnings
import numpy as np
data = torch.utils.data
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

def lab(x):  # (repr, but NumPy scalars as NumPy 2 writes them on NumPy 1 too)
    if isinstance(x, np.generic):
        return "np.%s(%r)" % (type(x).__name__, x.item())
    if isinstance(x, list):
        return "[" + ", ".join(lab(v) for v in x) + "]"
    return repr(x)

def show(label, fn):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        try:
            out = desc(fn())
        except Exception as e:
            out = "EXC %s: %s" % (type(e).__name__, e)
    for m in w:
        print("  WARN", m.category.__name__, str(m.message).split(" (Triggered internally")[0])
    # (a pickled array names numpy.core on NumPy 1, numpy._core on NumPy 2)
    print(label, out.replace("numpy.core.", "numpy._core."))
'''

CASES = [
    # ---- one case per fix
    ("dfz_chain_len_map_style", _SHOW + '''\
class It(data.IterableDataset):
    def __iter__(self):
        return iter(range(3))
    def __len__(self):
        return 3
show("len ok", lambda: len(data.ChainDataset([It(), It()])))
show("len map", lambda: len(data.ChainDataset([It(), [1, 2]])))
show("iter map", lambda: list(data.ChainDataset([It(), [1, 2]])))
show("loader len", lambda: len(data.DataLoader(data.ChainDataset([[1, 2]]), batch_size=2)))
'''),
    ("dfz_default_sampler_under_batch_sampler", _SHOW + '''\
torch.manual_seed(5)
ds = list(range(10, 15))
for bs in (data.BatchSampler(data.RandomSampler(ds), 2, False), [[0, 1], [4]]):
    dl = data.DataLoader(ds, batch_sampler=bs)
    show("sampler", lambda: (type(dl.sampler).__name__, dl.batch_size, dl.drop_last))
    show("len", lambda: len(dl))
    show("batches", lambda: list(dl))
td = data.TensorDataset(torch.arange(4), torch.ones(4, 2))
show("empty batch", lambda: list(data.DataLoader(td, batch_sampler=[[0, 1], [], [3]])))
show("empty batch plain", lambda: list(data.DataLoader(list(range(4)), batch_sampler=[[0, 1], []])))
'''),
    ("dfz_getitems_subset_stack", _SHOW + '''\
class G(data.Dataset):
    def __len__(self):
        return 4
    def __getitem__(self, i):
        return i
    def __getitems__(self, idx):
        return ["g%d" % i for i in idx]
class Short(G):
    def __getitems__(self, idx):
        return [1]
show("subset", lambda: data.Subset(G(), [3, 1, 2]).__getitems__([0, 2]))
show("subset plain", lambda: data.Subset(data.TensorDataset(torch.arange(5)), [4, 1]).__getitems__([1, 0]))
show("stack tuple", lambda: data.StackDataset(G(), [5, 6, 7, 8]).__getitems__([0, 2]))
show("stack dict", lambda: data.StackDataset(a=G(), b=torch.arange(4)).__getitems__([3, 1]))
show("stack short", lambda: data.StackDataset(Short(), G()).__getitems__([0, 2]))
show("loader subset", lambda: list(data.DataLoader(data.Subset(G(), [3, 1, 2]), batch_size=2)))
show("loader stack", lambda: list(data.DataLoader(data.StackDataset(a=G(), b=torch.arange(4)), batch_size=3)))
'''),
    ("dfz_weighted_sampler_bad_weights", _SHOW + '''\
for w in ([1., -1.], [-1., 2.], [1., float("inf")], [float("nan"), 1.], [0., 0.], []):
    for r in (True, False):
        show("w=%s r=%s" % (w, r), lambda: list(data.WeightedRandomSampler(w, 2, replacement=r)))
    show("one w=%s" % w, lambda: list(data.WeightedRandomSampler(w, 1)))
'''),
    ("dfz_multinomial_replacement_messages", _SHOW + '''\
nan, inf = float("nan"), float("inf")
for w in ([1., nan], [inf, -1.], [-1., inf], [[1., 1.], [1., -1.]], [[0., 0.], [1., -1.]],
          [[1., -1.], [0., 0.]], [], [[]]):
    for n, r in ((2, True), (1, True), (1, False)):
        show("%s n=%d r=%s" % (w, n, r), lambda: torch.multinomial(torch.tensor(w), n, r))
'''),
    ("dfz_tensor_ragged_messages", _SHOW + '''\
for b, dt in (([1, (1,)], None), ([True, (1,)], None), ([1j, (1,)], None), ([1., [1]], torch.int32),
              ([1, [1]], torch.float16), ([1, [1]], torch.bool), ([1, [1.5]], None), ([1, []], None),
              ([[1, 2], [3, [4]]], None), ([[1], [[1]]], None), ([[[1]], [1]], None), ([[1], 2], None),
              ([1, np.array([1, 2])], None), ([1., np.array([1, 2])], None), ([np.int64(0), Point(1, 2)], None),
              ([1, np.array(2)], None), ([[1], [np.array(2)]], None), ([np.array(2), 1], None),
              ([1, np.array(2.5)], None), ([[np.array(1.5)]], None)):
    show("%s %s" % (lab(b), dt), lambda: torch.tensor(b, dtype=dt))
show("collate", lambda: data.default_collate([np.int64(0), Point(np.int64(1), 2)]))
'''),
    ("dfz_load_map_location_tags", _SHOW + '''\
f = io.BytesIO()
torch.save({"w": torch.ones(2)}, f)
for ml in ("cpu", torch.device("cpu"), "CPU", "cpu:0", torch.device("cpu", 0), "cuda", "cuda:1",
           "foo", {"cpu": "cpu:0"}, {"cpu": "cuda"}, {"cuda": "cpu"}, "mps"):
    f.seek(0)
    show(repr(ml), lambda: torch.load(f, map_location=ml))
'''),
    ("dfz_randperm_generator_type", _SHOW + '''\
show("split", lambda: data.random_split(list(range(4)), [2, 2], generator=5))
show("randperm", lambda: torch.randperm(3, generator="g"))
'''),
    ("dfz_load_empty_file", _SHOW + '''\
for wo in (None, True, False):
    show("wo=%s" % wo, lambda: torch.load(io.BytesIO(b""), weights_only=wo))
'''),
    ("dfz_save_unpicklable_globals", _SHOW + '''\
import re
def make():
    class Local:
        pass
    return Local()
for obj in (make(), {"f": lambda: 0}, [(x for x in [])], torch.nn.ReLU, len):
    f = io.BytesIO()
    try:
        torch.save(obj, f)
        print("saved", f.tell() > 0)
    except Exception as e:
        print(type(e).__name__, re.sub(" at 0x[0-9a-f]+", "", str(e)))
'''),
    # ---- representative fuzz programs
    ("dfz_shuffled_loader_streams", _SHOW + '''\
torch.manual_seed(7)
ds = data.TensorDataset(torch.arange(7), torch.arange(14).reshape(7, 2).to(torch.float64))
dl = data.DataLoader(ds, batch_size=3, shuffle=True)
show("epoch1", lambda: list(dl))
show("epoch2", lambda: list(dl))
g = torch.Generator().manual_seed(3)
dl = data.DataLoader(list(range(6)), batch_size=4, shuffle=True, generator=g, drop_last=True)
show("gen", lambda: (len(dl), list(dl), list(dl)))
show("samplers", lambda: (list(data.RandomSampler(range(5), replacement=True, num_samples=8)),
                          list(data.RandomSampler(range(3), num_samples=7)),
                          list(data.SubsetRandomSampler([4, 9, 2])),
                          list(data.WeightedRandomSampler([0.1, 0.5, 0.4], 5, replacement=False))))
show("after", lambda: torch.randint(0, 1000, (3,)))
'''),
    ("dfz_random_split_fractions", _SHOW + '''\
torch.manual_seed(0)
for n, lens in ((10, [0.3, 0.3, 0.4]), (5, [1 / 3, 1 / 3, 1 / 3]), (3, [0.1, 0.9]), (2, [0.0, 1.0]),
                (4, [0.5, 0.6]), (4, [1.5, -0.5]), (4, [2, 3])):
    show("n=%d %s" % (n, lens), lambda: [s.indices for s in data.random_split(range(n), lens)])
'''),
    ("dfz_loader_map_dataset_mixed_items", _SHOW + '''\
torch.manual_seed(3)
class M(data.Dataset):
    def __len__(self):
        return 5
    def __getitem__(self, i):
        return {"x": torch.full((2,), i % 4).to(torch.int16), "p": Point(i / 4, np.float32(i)),
                "s": "s%d" % i, "l": [i, np.full((1, 2), i % 3).astype("uint8")]}
dl = data.DataLoader(M(), batch_size=2, sampler=data.RandomSampler(M(), replacement=True, num_samples=5))
show("len", lambda: len(dl))
show("batches", lambda: list(dl))
show("no batching", lambda: list(data.DataLoader(M(), batch_size=None))[:2])
'''),
    ("dfz_collate_refusals", _SHOW + '''\
for batch in ([torch.zeros(2), torch.zeros(3)], [np.zeros((2, 1)), np.zeros((2, 2))],
              [{"a": 1, "b": 2}, {"a": 3}], [{"a": 1}, {"c": 3}], [[1, 2], [3]], [None, None],
              [object(), object()], [np.array(["a"], dtype=object)] * 2, [1, 2.5], [True, 1],
              [torch.zeros(2), torch.zeros(2, dtype=torch.float64)]):
    show("collate", lambda: data.default_collate(batch))
'''),
    ("dfz_loader_bad_arguments", _SHOW + '''\
class It(data.IterableDataset):
    def __iter__(self):
        return iter(range(3))
for kw in ({"batch_size": 0}, {"batch_size": True}, {"num_workers": -1}, {"prefetch_factor": 2},
           {"persistent_workers": True}, {"shuffle": True, "sampler": [0]},
           {"batch_sampler": [[0]], "batch_size": 2}, {"batch_size": None, "drop_last": True}):
    show(repr(kw), lambda: data.DataLoader(list(range(4)), **kw))
show("iterable shuffle", lambda: data.DataLoader(It(), shuffle=True))
show("iterable len", lambda: len(data.DataLoader(It(), batch_size=2)))
'''),
    ("dfz_save_views_state_dicts", _SHOW + '''\
base = torch.arange(6.).reshape(2, 3)
f = io.BytesIO()
torch.save({"base": base, "v": base.t(), "w": base[0]}, f)
for wo in (True, False):
    f.seek(0)
    r = torch.load(f, weights_only=wo)
    r["v"][0, 1].fill_(99.)
    show("shared", lambda: r)
    show("meta", lambda: [(r[k].storage_offset(), r[k].stride()) for k in r])
m = torch.nn.Linear(2, 2)
with torch.no_grad():
    m.weight.fill_(0.5)
    m.bias.fill_(-1.)
opt = torch.optim.Adam(m.parameters(), lr=0.01)
m(torch.ones(3, 2)).sum().backward()
opt.step()
f = io.BytesIO()
torch.save({"model": m.state_dict(), "opt": opt.state_dict(), "epoch": 3}, f)
f.seek(0)
show("ckpt", lambda: torch.load(f, map_location="cpu"))
f = io.BytesIO()
torch.save({"c": collections.Counter("aab"), "n": np.arange(2)}, f)
f.seek(0)
show("unsafe", lambda: torch.load(f))
'''),
]
