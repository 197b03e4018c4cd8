"""Small API gaps of the differential testing (issue 11, thirteenth session), recorded from
torch 2.13: `torch.linalg.multi_dot` (the multiplication order it picks, shown by its graph;
1-D ends; values and gradients; out=; its argument checks), tensors where torch takes
numbers (`full`'s fill value, `arange`'s bounds) or dims (`sum(dim=tensor)`), and NumPy
arrays of dtypes ember lacks meeting tensors.

Ids start with ``gap_``.
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

# The graph of a product below its ViewBackward0, written as the parenthesised chain of the
# leaves' names (A..H): shows the order torch multiplies in, and the nodes it records.
_ORDER = _SHOW + '''\
def chain(node, names):
    kind = type(node).__name__
    if kind == 'AccumulateGrad':
        return names[id(node.variable)]
    inner = [chain(f, names) for f, _ in node.next_functions if f is not None]
    if kind == 'MmBackward0':
        return '(' + ' '.join(inner) + ')'
    return kind.replace('Backward0', '') + '[' + ' '.join(inner) + ']'
def order(sizes, first_vector=False, last_vector=False):
    ts = [torch.linspace(-1, 1, sizes[i] * sizes[i + 1]).reshape(sizes[i], sizes[i + 1])
          .requires_grad_() for i in range(len(sizes) - 1)]
    if first_vector:
        ts[0] = torch.linspace(-1, 1, sizes[1]).requires_grad_()
    if last_vector:
        ts[-1] = torch.linspace(-1, 1, sizes[-2]).requires_grad_()
    names = {id(t): 'ABCDEFGH'[i] for i, t in enumerate(ts)}
    r = torch.linalg.multi_dot(ts)
    print(sizes, first_vector, last_vector, list(r.shape), type(r.grad_fn).__name__,
          chain(r.grad_fn.next_functions[0][0], names), r._base is not None)
'''

_MATRICES = '''\
A = torch.tensor([[0.5, -1.25, 2.0], [3.0, 0.75, -0.5]], dtype=torch.float64, requires_grad=True)
B = torch.tensor([[1.5, -2.0, 0.25, 1.0], [0.5, 1.0, -1.0, 2.0], [-0.75, 0.5, 3.0, -1.5]],
                 dtype=torch.float64, requires_grad=True)
C = torch.tensor([[2.0, -1.0], [0.5, 0.25], [-1.5, 1.0], [1.0, 3.0]], dtype=torch.float64,
                 requires_grad=True)
u = torch.tensor([1.0, -2.0], dtype=torch.float64, requires_grad=True)
w = torch.tensor([0.5, 4.0], dtype=torch.float64, requires_grad=True)
'''

CASES: list[tuple[str, str]] = [
    ("gap_multi_dot_order", _ORDER + """
for sizes in [(2, 3, 4), (2, 2, 2, 2), (1, 2, 3, 4), (4, 3, 2, 1), (3, 3, 3, 3, 3),
              (2, 2, 2, 2, 2, 2), (2, 3, 2, 3, 2), (5, 1, 5, 1, 5), (1, 5, 1, 5, 1),
              (3, 2, 3, 2, 3, 2), (2, 0, 3, 4), (0, 2, 3, 1), (2, 3, 4, 0), (2, 0, 3, 0, 2),
              (6, 2, 7, 3, 1, 8, 2, 4)]:
    order(sizes)
order((1, 3, 4), first_vector=True)
order((3, 4, 1), last_vector=True)
order((1, 3, 1), first_vector=True, last_vector=True)
order((1, 3, 4, 5, 1), first_vector=True, last_vector=True)
order((1, 2, 3, 4, 2), first_vector=True)
order((5, 2, 3, 4, 1), last_vector=True)
"""),
    ("gap_multi_dot_values_and_gradients", _MATRICES + """
r = torch.linalg.multi_dot([A, B, C])
s = torch.linalg.multi_dot([u, A, B, C, w])
t = torch.linalg.multi_dot((A, B))
(r.sum() + 2 * s + (t * t).sum()).backward()
print(r.dtype, list(r.shape), s.dtype, list(s.shape), t.is_contiguous(), t.stride())
result = torch.cat([r.detach().flatten(), s.detach().reshape(1), t.detach().flatten(),
                    A.grad.flatten(), B.grad.flatten(), C.grad.flatten(), u.grad, w.grad])
"""),
    ("gap_multi_dot_second_order", _MATRICES + """
s = torch.linalg.multi_dot([u, A, B, C])
gA, gB = torch.autograd.grad((s * s).sum(), (A, B), create_graph=True)
hA, = torch.autograd.grad((gA * gA).sum() + gB.sum(), A)
print(type(gA.grad_fn).__name__, type(gB.grad_fn).__name__)
result = torch.cat([gA.detach().flatten(), gB.detach().flatten(), hA.flatten()])
"""),
    ("gap_multi_dot_dtypes", _SHOW + """
i = torch.tensor([[1, 2], [3, 4]])
message('int64', lambda: torch.linalg.multi_dot([i, i, i]))
message('int32', lambda: torch.linalg.multi_dot([i.int(), i.int()]))
message('uint8 wraps', lambda: torch.linalg.multi_dot([torch.full((2, 3), 200, dtype=torch.uint8),
                                                        torch.ones(3, 2, dtype=torch.uint8)]))
message('float16', lambda: torch.linalg.multi_dot([torch.full((2, 3), 0.1, dtype=torch.half),
                                                    torch.full((3, 2), 0.1, dtype=torch.half),
                                                    torch.full((2, 2), 3., dtype=torch.half)]))
message('bool', lambda: torch.linalg.multi_dot([torch.ones(2, 2, dtype=torch.bool)] * 3))
message('bool vectors', lambda: torch.linalg.multi_dot([torch.ones(2, dtype=torch.bool)] * 2))
message('bool empty', lambda: torch.linalg.multi_dot([torch.ones(2, 0, dtype=torch.bool),
                                                       torch.ones(0, 2, dtype=torch.bool)]))
message('empty', lambda: torch.linalg.multi_dot([torch.ones(2, 0), torch.ones(0, 3)]))
message('empty vectors', lambda: torch.linalg.multi_dot([torch.ones(0), torch.ones(0)]))
message('no grad', lambda: torch.linalg.multi_dot([torch.ones(2, 2), torch.ones(2, 2)]))
"""),
    ("gap_multi_dot_refusals", _SHOW + """
A = torch.ones(2, 3); B = torch.ones(3, 4); C = torch.ones(4, 4); v = torch.ones(3)
for label, ts in [('none', []), ('one', [A]), ('first 3d', [A.unsqueeze(0), B]),
                  ('last 3d', [A, B.unsqueeze(0)]), ('first 0d', [torch.tensor(1.), A]),
                  ('last 0d', [A, B, torch.tensor(1.)]), ('middle 1d', [A, v, B]),
                  ('middle 3d', [A, B.unsqueeze(0), C]), ('middle 0d', [C, torch.tensor(1.), C]),
                  ('last 3d before middle', [B, C.unsqueeze(0), C.unsqueeze(0)]),
                  ('middle dims before dtypes', [B, C.double(), C.unsqueeze(0), C]),
                  ('dtype', [A, B.double()]), ('dtype long', [C.long(), C.int()]),
                  ('dtype of a vector end', [v.double(), B]),
                  ('dtype before shape', [B, B.double()]),
                  ('shape before a later dtype', [B, B, C.double()]),
                  ('shapes', [A, C]), ('shapes later', [A, B, B]),
                  ('vectors', [torch.ones(3), torch.ones(4)]),
                  ('vector first', [torch.ones(2), B, C]), ('vector last', [B, C, v])]:
    message(label, lambda: torch.linalg.multi_dot(ts))
message('tensor', lambda: torch.linalg.multi_dot(A))
message('generator', lambda: torch.linalg.multi_dot(t for t in [A, B]))
message('None', lambda: torch.linalg.multi_dot(None))
message('a number', lambda: torch.linalg.multi_dot([A, 2]))
message('None in list', lambda: torch.linalg.multi_dot([A, None]))
message('keyword', lambda: torch.linalg.multi_dot(tensors=[A, B]))
"""),
    ("gap_multi_dot_out", _SHOW + """
import warnings
A = torch.tensor([[1., 2., 3.], [4., 5., 6.]]); B = torch.tensor([[1., 0.], [0., 1.], [1., 1.]])
v = torch.tensor([1., -1.])
o = torch.empty(2, 2)
r = torch.linalg.multi_dot([A, B], out=o)
print(r is o, o.tolist(), o._version)
o = torch.empty(0)
r = torch.linalg.multi_dot([v, A, B], out=o)
print(r is o, o.shape, o.tolist())
o = torch.empty(3, 3)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    torch.linalg.multi_dot([A, B], out=o)
print(o.shape, o.tolist(), len(caught))
o = torch.empty(2, 2).t()
torch.linalg.multi_dot([A, B], out=o)
print(o.stride(), o.tolist())
f64 = torch.empty(2, 2, dtype=torch.float64)
message('out dtype', lambda: torch.linalg.multi_dot([A, B], out=f64))
message('out long', lambda: torch.linalg.multi_dot([A.long(), B.long()], out=torch.empty(2, 2)))
message('out int', lambda: torch.linalg.multi_dot([A, B], out=3))
message('out before the shapes',
        lambda: torch.linalg.multi_dot([A, A], out=torch.empty(0, dtype=torch.int64)))
Ag = A.clone().requires_grad_()
message('out, grad', lambda: torch.linalg.multi_dot([Ag, B], out=torch.empty(2, 2)))
message('out, grad, dtype', lambda: torch.linalg.multi_dot([Ag, B], out=f64))
message('out requires grad',
        lambda: torch.linalg.multi_dot([A, B], out=torch.empty(2, 2, requires_grad=True)))
with torch.no_grad():
    message('out, grad, no_grad', lambda: torch.linalg.multi_dot([Ag, B], out=torch.empty(2, 2)))
"""),
]

CASES += [
    ("gap_tensor_fill_values", _SHOW + """
import numpy as np
T = torch.tensor
for label, value in [('int', T(3)), ('float', T(3.5)), ('float64', T(0.1, dtype=torch.float64)),
                     ('float16', T(0.1, dtype=torch.float16)), ('bool', T(True)),
                     ('uint8', T(3, dtype=torch.uint8)), ('int32', T(-3, dtype=torch.int32)),
                     ('a view', T([1., 2.])[1]), ('one element', T([3])), ('two', T([1., 2.])),
                     ('empty', T([])), ('1x1', T([[3.5]])),
                     ('requires grad', T(3.5, requires_grad=True)), ('np.float32', np.float32(3)),
                     ('np.int32', np.int32(3)), ('np.bool_', np.bool_(True)),
                     ('0-d array', np.array(3.)), ('None', None), ('str', 'a'),
                     ('complex, imag 0', complex(3, 0)), ('complex', complex(3, 1))]:
    message('full ' + label, lambda: torch.full((2,), value))
    message('full_like ' + label, lambda: torch.full_like(torch.zeros(2), value))
    message('new_full ' + label, lambda: torch.zeros(2, dtype=torch.int64).new_full((2,), value))
message('full dtype=', lambda: torch.full((2,), T(3.7), dtype=torch.int64))
message('full float16 dtype=', lambda: torch.full((2,), T(3), dtype=torch.float16))
message('full nan into int64', lambda: torch.full((2,), T(float('nan')), dtype=torch.int64))
message('full out=', lambda: torch.full((2,), T(3), out=torch.empty(2)))
"""),
    ("gap_tensor_arange_bounds", _SHOW + """
import numpy as np
T = torch.tensor
for label, value in [('int', T(3)), ('float', T(3.)), ('float64', T(3., dtype=torch.float64)),
                     ('uint8', T(3, dtype=torch.uint8)), ('float16', T(3, dtype=torch.half)),
                     ('bool', T(True)), ('one element', T([3])), ('two', T([3, 4])),
                     ('empty', T([])), ('requires grad', T(3., requires_grad=True)),
                     ('np.int32', np.int32(3)), ('np.float32', np.float32(3)),
                     ('np.bool_', np.bool_(True)), ('0-d array', np.array(3)), ('None', None),
                     ('str', '3'), ('complex, imag 0', complex(3, 0)), ('complex', complex(3, 1))]:
    message('arange(end) ' + label, lambda: torch.arange(value))
    message('arange(0, end) ' + label, lambda: torch.arange(0, value))
    message('arange(0, 7, step) ' + label, lambda: torch.arange(0, 7, value))
    message('arange(end=) ' + label, lambda: torch.arange(end=value))
message('three tensors', lambda: torch.arange(T(1), T(7), T(2)))
message('a float among them', lambda: torch.arange(T(1), T(7.), T(2)))
message('mixed', lambda: torch.arange(1, T(7), 2.5))
message('step=', lambda: torch.arange(0, 5, step=T(2)))
message('no arguments', lambda: torch.arange())
message('end None', lambda: torch.arange(0, None))
message('float64 start', lambda: torch.arange(T(0.1, dtype=torch.float64), 1, 0.3))
message('nan end', lambda: torch.arange(T(float('nan'))))
message('out=', lambda: torch.arange(T(3), out=torch.empty(3)))
"""),
    ("gap_arange_integer_dtypes", _SHOW + """
T = torch.tensor
for args in [(3.5,), (T(3.5),), (0.5, 3.5), (0, 3, 0.5), (0, 3, T(0.5)), (0.0, 2.9, 0.7),
             (-0.5, 2.5), (0.9, 3.9), (-3.5, 3.5, 1.5), (3.5, -3.5, -1.5), (0, 300, 100),
             (0, 10, 3), (10, 0, -3), (0.5, 0.7), (0, 1e10, 1e9), (0, 3, -0.5), (3, 0, 0.5),
             (float('nan'),), (0, 5, float('nan')), (2**62, 2**62 + 3)]:
    for dtype in [torch.int64, torch.int32, torch.int16, torch.int8, torch.uint8]:
        message(f'{args} {dtype}', lambda: torch.arange(*args, dtype=dtype))
    message(f'{args}', lambda: torch.arange(*args))
"""),
]

# A dim given as a tensor: a 0-d integer tensor reads as an int everywhere; where torch takes
# int[] (sum, amax, std, flip, roll, squeeze, permute, count_nonzero, vector_norm) also a
# tensor of one element of an integer or bool dtype; floats, several elements and tensors
# requiring grad are TypeErrors (torch's words name the function and position: only the
# type is compared here). `x.max(tensor)` alone is the elementwise maximum; with dim= or
# keepdim the tensor is a dim.
_DIMS = '''\
def show(label, fn):
    try:
        r = fn()
    except Exception as e:
        print(label, type(e).__name__)
        return
    if isinstance(r, torch.Tensor):
        print(label, r.dtype, list(r.shape), [round(v, 4) for v in r.flatten().tolist()],
              type(r.grad_fn).__name__ if r.grad_fn is not None else None)
    else:
        print(label, type(r).__name__, r)
T = torch.tensor
x = torch.arange(6.).reshape(2, 3).requires_grad_()
CALLS = {
    'sum': lambda d: x.sum(dim=d), 'sum pos': lambda d: x.sum(d), 'mean': lambda d: x.mean(d),
    'softmax': lambda d: x.softmax(d), 'log_softmax': lambda d: x.log_softmax(d),
    'cumsum': lambda d: x.cumsum(d), 'squeeze': lambda d: x.squeeze(d),
    'unsqueeze': lambda d: x.unsqueeze(d), 'transpose': lambda d: x.transpose(d, 0),
    'select': lambda d: x.select(d, 0), 'flip': lambda d: x.flip(d), 'std': lambda d: x.std(d),
    'argmax': lambda d: x.argmax(d), 'cat': lambda d: torch.cat([x, x], d),
    'narrow': lambda d: x.narrow(d, 0, 1), 'size': lambda d: x.size(d),
    'movedim': lambda d: x.movedim(d, 0), 'gather': lambda d: x.gather(d, T([[0]])),
    'sort': lambda d: x.sort(d)[0], 'amax': lambda d: x.amax(d), 'any': lambda d: x.any(d),
    'chunk': lambda d: x.chunk(2, d)[0], 'split': lambda d: x.split(1, d)[0],
    'roll': lambda d: x.roll(1, d), 'index_select': lambda d: x.index_select(d, T([0])),
    'topk': lambda d: x.topk(1, d)[0], 'diff': lambda d: x.diff(dim=d),
    'count_nonzero': lambda d: x.count_nonzero(d), 'var': lambda d: x.var(d),
    'prod': lambda d: x.prod(d), 'stack': lambda d: torch.stack([x, x], d),
    'flatten': lambda d: x.flatten(d), 'permute': lambda d: x.permute(d, 0),
    'vector_norm': lambda d: torch.linalg.vector_norm(x, dim=d),
    'cummax': lambda d: x.cummax(d)[0], 'max': lambda d: x.max(dim=d)[0],
    'min keepdim': lambda d: x.min(d, keepdim=True)[0], 'max other': lambda d: x.max(d),
}
'''

CASES += [
    (f"gap_tensor_dims_{label.replace(' ', '_')}", _DIMS + f"""
d = {value}
for name, call in CALLS.items():
    show(name, lambda: call(d))
""") for label, value in [
        ("int64", "T(1)"), ("int32", "T(1, dtype=torch.int32)"),
        ("uint8", "T(1, dtype=torch.uint8)"), ("negative", "T(-1)"), ("bool", "T(True)"),
        ("float", "T(1.)"), ("one_element", "T([1])"), ("two_elements", "T([0, 1])"),
        ("no_elements", "T([], dtype=torch.long)"), ("1x1", "T([[1]])"),
        ("requires_grad", "T(1., requires_grad=True)"), ("tuple", "(T(0), T(1))"),
        ("numpy_int", "__import__('numpy').int64(1)"),
        ("numpy_array", "__import__('numpy').array([0, 1])")]
]

CASES += [
    ("gap_numpy_unsigned_and_complex_equality", _SHOW + """
import itertools
import warnings
import numpy as np
warnings.filterwarnings('ignore', message='__array_wrap__', category=DeprecationWarning)
values = [16777217, 1, 3]
for dtype, t_dims, a_dtype, a_dims in itertools.product(
        ['bool', 'uint8', 'int32', 'int64', 'float16', 'float32', 'float64'], [0, 1],
        ['uint16', 'uint32', 'uint64', 'complex64', 'complex128', 'complex'], [0, 1]):
    if a_dtype == 'complex' and a_dims:
        continue
    t = torch.tensor(values if t_dims else 16777217).to(getattr(torch, dtype))
    a = (complex(16777217, 0) if a_dtype == 'complex'
         else np.array([16777217, 2, 3] if a_dims else 16777217).astype(a_dtype))
    label = f'{dtype}{"[3]" if t_dims else ""} {a_dtype}{"[3]" if a_dims else ""}'
    message(label + ' ==', lambda: t == a)
    message(label + ' reflected', lambda: a == t)
x = torch.tensor([1., 2.])
message('!= array (not converted)', lambda: x != np.array([1, 2], dtype=np.uint64))
message('!= complex', lambda: x != (1 + 0j))
message('eq(complex)', lambda: torch.eq(x, 1 + 0j))
message('ne(complex)', lambda: x.ne(2 + 0j))
message('< complex', lambda: x < 1j)
message('ge(float64, complex)', lambda: torch.ge(x.double(), 1 + 0j))
message('complex imag', lambda: x == (1 + 1j))
message('broadcast', lambda: x == np.array([1, 2, 3], dtype=np.uint64))
message('rows', lambda: x == np.array([[1], [2]], dtype=np.complex64))
message('requires grad', lambda: x.requires_grad_() == np.array([1, 2], dtype=np.uint32))
"""),
]

CASES += [
    # NumPy's bool meets tensors as a double (torch's parser reads it so): np.bool_(True) &
    # int_tensor is "bitwise_and_cpu" for Float, np.bool_(True) + int_tensor is float32;
    # reflected shifts shift the number in the result's dtype.
    ("gap_numpy_bool_and_reflected_shifts", _SHOW + """
import numpy as np
T = np.bool_(True)
tensors = {'int64': torch.tensor([1, 2]), 'bool': torch.tensor([True, False]),
           'float32': torch.tensor([1., 2.]), 'float16': torch.tensor([1., 2.], dtype=torch.half),
           'uint8': torch.tensor([1, 2], dtype=torch.uint8)}
ops = {'+': lambda a, b: a + b, '-': lambda a, b: a - b, '*': lambda a, b: a * b,
       '/': lambda a, b: a / b, '//': lambda a, b: a // b, '%': lambda a, b: a % b,
       '**': lambda a, b: a ** b, '&': lambda a, b: a & b, '|': lambda a, b: a | b,
       '^': lambda a, b: a ^ b, '<<': lambda a, b: a << b, '>>': lambda a, b: a >> b,
       '==': lambda a, b: a == b}
for name, x in tensors.items():
    for symbol, op in ops.items():
        message(f'{name} {symbol} np.bool_', lambda: op(x, T))
        message(f'np.bool_ {symbol} {name}', lambda: op(T, x))
    message(f'add({name}, np.bool_)', lambda: torch.add(x, T))
    message(f'sub({name}, np.bool_, alpha=2)', lambda: torch.sub(x, T, alpha=2))
    message(f'where({name})', lambda: torch.where(x > 1, x, T))
    message(f'full_like({name})', lambda: torch.full_like(x, T))
b = torch.tensor([True, False]); u = torch.tensor([1, 2], dtype=torch.uint8)
message('3 << bool', lambda: 3 << b)
message('3 >> bool', lambda: 3 >> b)
message('np.int64 << bool', lambda: np.int64(3) << b)
message('300 << uint8', lambda: 300 << u)
message('3 << 0-d bool', lambda: 3 << torch.tensor(True))
message('2.0 << int', lambda: 2.0 << u.long())
message('np.float64 >> double', lambda: np.float64(2) >> u.double())
message('True << int', lambda: True << u.long())
message('False >> bool', lambda: False >> b)
"""),
]

CASES += [
    ("gap_tensor_linspace_logspace_bounds", _SHOW + """
import numpy as np
T = torch.tensor
for label, call in [
        ('0-d bounds', lambda: torch.linspace(T(0.), T(1.), 3)),
        ('0-d steps', lambda: torch.linspace(0, 1, T(3))),
        ('bounds with dims', lambda: torch.linspace(T([0.]), 1, 3)),
        ('end with dims', lambda: torch.linspace(0, T([1.]), 3)),
        ('bound requiring grad', lambda: torch.linspace(T(0., requires_grad=True), 1, 3)),
        ('integer bounds', lambda: torch.linspace(T(0), T(5), 3)),
        ('uint8 bound', lambda: torch.linspace(T(0, dtype=torch.uint8), 5, 3)),
        ('float64 bound', lambda: torch.linspace(T(0.5, dtype=torch.float64), 1, 3)),
        ('bool bound', lambda: torch.linspace(T(True), 2, 3)),
        ('float steps tensor', lambda: torch.linspace(0, 1, T(3.))),
        ('steps with dims', lambda: torch.linspace(0, 1, T([3]))),
        ('bool steps tensor', lambda: torch.linspace(0, 1, T(True))),
        ('None start', lambda: torch.linspace(None, 1, 3)),
        ('None steps', lambda: torch.linspace(0, 1, None)),
        ('float steps', lambda: torch.linspace(0, 1, 3.0)),
        ('0-d array', lambda: torch.linspace(np.array(0.), 1, 3)),
        ('np.int64 steps', lambda: torch.linspace(0, 1, np.int64(3))),
        ('negative steps tensor', lambda: torch.linspace(0, 1, T(-1))),
        ('dims and None', lambda: torch.linspace(T([0.]), 1, None)),
        ('logspace 0-d', lambda: torch.logspace(T(0.), T(1.), 3)),
        ('logspace steps', lambda: torch.logspace(0, 1, T(3))),
        ('logspace dims', lambda: torch.logspace(T([0.]), 1, 3)),
        ('logspace base tensor', lambda: torch.logspace(0, 1, 3, base=T(2.))),
        ('logspace base with dims', lambda: torch.logspace(0, 1, 3, base=T([2.]))),
        ('logspace base None', lambda: torch.logspace(0, 1, 3, base=None))]:
    message(label, call)
"""),
]

CASES += [
    ("gap_sizes_and_fill_values", _SHOW + """
import numpy as np
T = torch.tensor
x = torch.zeros(2)
for label, call in [
        ('zeros(1-D tensor)', lambda: torch.zeros(T([2, 3]))),
        ('ones(1-D tensor)', lambda: torch.ones(T([2, 3]))),
        ('full(1-D tensor)', lambda: torch.full(T([2, 3]), 1.)),
        ('zeros(0-d tensor)', lambda: torch.zeros(T(2))),
        ('zeros(0-d tensors)', lambda: torch.zeros((T(2), T(3)))),
        ('zeros(0-d float)', lambda: torch.zeros(T(2.))),
        ('full(float element)', lambda: torch.full([T(2.), T(3)], 1.)),
        ('fill_(None)', lambda: x.fill_(None)), ('fill(None)', lambda: torch.fill(x, None)),
        ('fill_(str)', lambda: x.fill_('a')), ('fill_(array)', lambda: x.fill_(np.array(1.))),
        ('fill_(list)', lambda: x.fill_([1.])), ('fill_(complex)', lambda: x.fill_(1 + 0j)),
        ('fill_(complex imag)', lambda: x.fill_(1 + 1j)),
        ('int fill_(complex imag)', lambda: torch.zeros(2, dtype=torch.long).fill_(2 + 1j)),
        ('int fill_(np.bool_)', lambda: torch.zeros(2, dtype=torch.long).fill_(np.bool_(True))),
        ('bool fill_(np.bool_)', lambda: torch.zeros(2, dtype=torch.bool).fill_(np.bool_(True))),
        ('fill_(np.float32)', lambda: x.fill_(np.float32(2.5))),
        ('fill_(1-D tensor)', lambda: x.fill_(T([3.])))]:
    message(label, call)
"""),
]
