"""torch namespaces that training scripts and tutorials touch (recorded from torch 2.13):
`torch.version` and comparisons of `torch.__version__` (a TorchVersion string),
`torch.layout` and its constants with factories' `layout=`, the deterministic debug mode,
`torch.angle` of real tensors (values, dtypes, gradient), the `has_*` build flags' types,
torch.multiprocessing's sharing strategies and spawn's exception classes, and torch.hub's
cache directory. What a CPU-only torch and ember answer differently by design (a version
number, MKL) is printed as its type only; docs/differences.md lists those.

Ids start with ``mod_``.
"""

from __future__ import annotations

_SHOW = '''\
def message(label, fn):
    try:
        r = fn()
    except Exception as e:
        print(label, type(e).__name__, str(e).split(chr(10))[0])
        return
    if isinstance(r, torch.Tensor):
        print(label, r.dtype, list(r.shape), r.tolist(), r.requires_grad,
              type(r.grad_fn).__name__ if r.grad_fn is not None else None)
    else:
        print(label, type(r).__name__, r)
'''

CASES = [
    ("mod_version", """
import torch.version
print(torch.version.cuda, torch.version.hip, torch.version.rocm, torch.version.xpu,
      torch.version.debug)
print(type(torch.version.git_version).__name__, torch.version.__version__ is torch.__version__
      or torch.version.__version__ == torch.__version__)
print(sorted(n for n in torch.version.__all__))
v = torch.__version__
print(type(v).__name__, isinstance(v, str), type(v).__module__.split('.')[-1])
print(v >= '0.0.1', v < '99', v > (0, 0, 1), v <= [99, 1], v == v, v != v + 'x')
print(v.split('.')[0].isdigit(), hash(v) == hash(str(v)), {v: 1}[str(v)])
from torch.torch_version import TorchVersion
for a, b in [('2.13.0+cpu', '2.13'), ('2.13.0', '2.13'), ('2.13.0a0', '2.13.0'),
             ('2.13.0rc1', '2.13.0b2'), ('2.13.0.post1', '2.13.0'), ('1!0.1', '2.0'),
             ('2.13.0.dev1', '2.13.0a0'), ('2.13.0+cpu.10', '2.13.0+cpu.9'), ('abc', '2.0'),
             ('2.13', (2, 13)), ('2.1', ['2', '1'])]:
    t = TorchVersion(a)
    print(a, b, t < b, t <= b, t == b, t != b, t > b, t >= b)
for other in (2, 2.5, None):
    try:
        TorchVersion('2.1') >= other
    except TypeError as e:
        print(type(e).__name__, str(e).replace('ember', 'torch'))
print(TorchVersion('2.1') == 2, TorchVersion('2.1') != None)
"""),
    ("mod_layout", _SHOW + """
import copy
x = torch.ones(2, 3)
print(torch.strided, repr(torch.sparse_coo), str(torch.sparse_csr), torch.sparse_csc,
      torch.sparse_bsr, torch.sparse_bsc, torch.jagged)
print(torch.layout.__name__, type(torch.strided) is torch.layout, x.layout,
      x.layout == torch.strided, x.layout is torch.strided, x.layout != torch.sparse_coo,
      torch.strided == 'torch.strided')
print(copy.deepcopy(torch.strided) is torch.strided, copy.copy(torch.strided) is torch.strided,
      {torch.strided: 1}[x.layout], x[0].layout, x.t().layout)
for label, call in [
        ('layout()', lambda: torch.layout()),
        ('pickle', lambda: __import__('pickle').loads(__import__('pickle').dumps(
            [torch.strided, torch.sparse_coo]))),
        ('<', lambda: torch.strided < torch.sparse_coo),
        ('zeros strided', lambda: torch.zeros(2, layout=torch.strided)),
        ('ones None', lambda: torch.ones(2, layout=None)),
        ('full strided', lambda: torch.full((2,), 1.5, layout=torch.strided)),
        ('arange strided', lambda: torch.arange(3, layout=torch.strided)),
        ('eye strided', lambda: torch.eye(2, layout=torch.strided)),
        ('linspace strided', lambda: torch.linspace(0, 1, 3, layout=torch.strided)),
        ('logspace strided', lambda: torch.logspace(0, 1, 2, layout=torch.strided)),
        ('empty strided', lambda: torch.empty(2, layout=torch.strided).shape),
        ('rand strided', lambda: torch.rand(2, layout=torch.strided).shape),
        ('randn strided', lambda: torch.randn(2, layout=torch.strided).shape),
        ('randint strided', lambda: torch.randint(3, (2,), layout=torch.strided).shape),
        ('zeros_like strided', lambda: torch.zeros_like(x, layout=torch.strided)),
        ('full_like strided', lambda: torch.full_like(x, 2, layout=torch.strided)),
        ('new_zeros strided', lambda: x.new_zeros(2, layout=torch.strided)),
        ('new_full strided', lambda: x.new_full((2,), 3., layout=torch.strided)),
        ('empty_strided strided',
         lambda: torch.empty_strided((2,), (1,), layout=torch.strided).shape),
        ('zeros str', lambda: torch.zeros(2, layout='strided')),
        ('ones int', lambda: torch.ones(2, layout=0)),
        ('zeros_like int', lambda: torch.zeros_like(x, layout=1)),
        ('full_like str', lambda: torch.full_like(x, 1, layout='x')),
        ('empty str', lambda: torch.empty(2, layout='x'))]:
    message(label, call)
"""),
    ("mod_deterministic_debug_mode", """
print(torch.get_deterministic_debug_mode(), type(torch.get_deterministic_debug_mode()).__name__)
for mode in ['warn', 'error', 'default', 1, 2, 0, True, False]:
    torch.set_deterministic_debug_mode(mode)
    print(repr(mode), torch.get_deterministic_debug_mode(),
          torch.are_deterministic_algorithms_enabled(),
          torch.is_deterministic_algorithms_warn_only_enabled())
for mode in ['bogus', 'Warn', 3, -1, 1.0, None, [1]]:
    try:
        torch.set_deterministic_debug_mode(mode)
        print('accepted', mode)
    except Exception as e:
        print(repr(mode), type(e).__name__, e)
print(torch.get_deterministic_debug_mode())
for mode, warn_only in [(True, True), (True, False), (False, True), (False, False)]:
    torch.use_deterministic_algorithms(mode, warn_only=warn_only)
    print(mode, warn_only, torch.get_deterministic_debug_mode())
"""),
    ("mod_angle", _SHOW + """
x = torch.tensor([-2.0, -0.0, 0.0, 3.0, float('nan'), float('-inf'), float('inf')],
                 requires_grad=True)
y = torch.angle(x)
print(y)
print(x.angle().grad_fn.name(), [type(f).__name__ for f, _ in y.grad_fn.next_functions])
y.sum().backward()
print(x.grad)
d = torch.tensor([-1.0, 2.0], dtype=torch.float64, requires_grad=True)
g, = torch.autograd.grad(torch.angle(d).sum(), d, create_graph=True)
print(g, g.requires_grad, g.grad_fn)
big = torch.tensor([1000.0], requires_grad=True)
torch.exp(big).angle().sum().backward()
print(big.grad)
for dtype in [torch.int64, torch.int32, torch.int16, torch.int8, torch.uint8, torch.bool,
              torch.float16, torch.float32, torch.float64]:
    t = torch.tensor([-1, 0, 1], dtype=dtype) if dtype not in (torch.uint8, torch.bool) \\
        else torch.tensor([0, 1], dtype=dtype)
    message(str(dtype), lambda: t.angle())
print(torch.angle(torch.tensor(-1.5)), torch.tensor(2).angle())
out = torch.empty(3)
print(torch.angle(torch.tensor([-1, 0, 1]), out=out) is out, out)
for label, call in [
        ('out long', lambda: torch.angle(torch.tensor([1.0]),
                                         out=torch.empty(1, dtype=torch.long))),
        ('out double', lambda: torch.angle(torch.tensor([-1.0]),
                                           out=torch.empty(1, dtype=torch.double))),
        ('angle_', lambda: torch.ones(1).angle_()),
        ('list', lambda: torch.angle([1.0]))]:
    message(label, call)
w = torch.tensor([1., -1.], requires_grad=True)
v = w * 1
z = v.angle()
v.add_(1)
message('modified', lambda: z.sum().backward())
with torch.autograd.forward_ad.dual_level():
    dual = torch.autograd.forward_ad.make_dual(torch.tensor([-1.0, 2.0]), torch.tensor([1., 1.]))
    print(torch.autograd.forward_ad.unpack_dual(torch.angle(dual)).tangent)
"""),
    ("mod_build_flags", """
import warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    flags = [torch.has_lapack, torch.has_mkl, torch.has_openmp, torch.has_spectral]
print([type(f).__name__ for f in flags], torch.has_lapack, torch.has_spectral, len(caught))
print(torch.has_openmp == torch.backends.openmp.is_available(),
      torch.has_mkl == torch.backends.mkl.is_available())
"""),
    ("mod_multiprocessing_names", """
import torch.multiprocessing as mp
import multiprocessing
print(mp.get_sharing_strategy(), sorted(mp.get_all_sharing_strategies()))
mp.set_sharing_strategy('file_system')
print(mp.get_sharing_strategy())
mp.set_sharing_strategy('file_descriptor')
try:
    mp.set_sharing_strategy('bogus')
except AssertionError as e:
    print('AssertionError', str(e).startswith("invalid sharing strategy 'bogus', expected one of"))
print(mp.Queue is not None, mp.Process is multiprocessing.Process, mp.cpu_count() > 0,
      callable(mp.set_start_method), callable(mp.spawn), callable(mp.start_processes))
print([c.__name__ for c in mp.ProcessRaisedException.__mro__[:3]],
      [c.__name__ for c in mp.ProcessExitedException.__mro__[:3]])
e = mp.ProcessExitedException('process 0 terminated with exit code 3', 0, 123, 3)
print(e, e.error_index, e.exit_code, e.signal_name, isinstance(e, Exception))
e = mp.ProcessRaisedException('boom', 1, 42)
print(e, e.error_index)
print(sorted(set(mp.__all__) - set(multiprocessing.__all__)))
"""),
    ("mod_hub_dir", """
import os
import torch.hub
old = {k: os.environ.pop(k, None) for k in ('TORCH_HOME', 'XDG_CACHE_HOME')}
try:
    print(torch.hub.get_dir() == os.path.expanduser('~/.cache/torch/hub'))
    os.environ['XDG_CACHE_HOME'] = '/tmp/xdg'
    print(torch.hub.get_dir())
    os.environ['TORCH_HOME'] = '/tmp/th'
    print(torch.hub.get_dir())
    torch.hub.set_dir('/tmp/hubdir')
    print(torch.hub.get_dir())
finally:
    for k, v in old.items():
        os.environ.pop(k, None)
        if v is not None:
            os.environ[k] = v
"""),
]
