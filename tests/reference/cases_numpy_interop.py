"""NumPy arrays, NumPy scalars and NumPy functions meeting tensors, recorded from torch 2.13
(twelfth session). torch's binary operators answer NotImplemented where their function
refuses the other operand (an ndarray, a list, None), so `x * array` is NumPy's
`array.__rmul__(x)`: NumPy reads the tensor through `Tensor.__array__` (refused, as
`numpy()`, when it requires grad) and hands its result back through `__array_wrap__` as a
tensor, in NumPy's promotion (`x_float32 * np.ones(2)` is float64, `x_int64 *
int32_array` int64); `array * x` ends in Python's TypeError, except `array / x`
(`x.reciprocal() * array`) and `==`, whose operator converts an array as a tensor. NumPy's
ufuncs and the functions that call them give tensors (bool results as uint8); the named
functions and methods refuse arrays.

The cases hold on NumPy 1.26 and 2.x alike: no 0-d array meets a dimensioned tensor in an
operator (NumPy 1 promotes those by value). torch's own `__array_wrap__` takes no
`return_scalar`, which NumPy 2 reports with a DeprecationWarning: the cases that call
ufuncs ignore it. Ids start with ``np_``.
"""

from __future__ import annotations

_SETUP = '''\
import warnings
import numpy as np
warnings.filterwarnings('ignore', message='__array_wrap__', category=DeprecationWarning)
def show(label, fn):
    try:
        r = fn()
    except Exception as e:
        print(label, type(e).__name__)
        return
    if isinstance(r, torch.Tensor):
        print(label, 'tensor', r.dtype, list(r.shape), r.tolist(), r.requires_grad)
    elif isinstance(r, tuple) and all(isinstance(v, torch.Tensor) for v in r):
        print(label, 'tuple', [(type(v).__name__, v.dtype, v.tolist()) for v in r])
    else:
        value = r.tolist() if hasattr(r, 'tolist') else r
        print(label, type(r).__name__, getattr(r, 'dtype', ''), value)
def message(label, fn):
    try:
        r = fn()
        print(label, 'ok', r)
    except Exception as e:
        print(label, type(e).__name__, str(e).split(chr(10))[0])
t = torch.tensor([1.0, 2.0])
i = torch.tensor([1, 2])
s = torch.tensor(2.5)
a = np.ones(2)
a32 = np.ones(2, dtype=np.float32)
ai = np.ones(2, dtype=np.int32)
OPS = {'+': lambda x, y: x + y, '-': lambda x, y: x - y, '*': lambda x, y: x * y,
       '/': lambda x, y: x / y, '//': lambda x, y: x // y, '%': lambda x, y: x % y,
       '**': lambda x, y: x ** y, '@': lambda x, y: x @ y}
'''

CASES: list[tuple[str, str]] = [
    ("np_operators_with_array_operands", _SETUP + """
for name, op in OPS.items():
    for left_name, left in (('t', t), ('i', i), ('s', s)):
        for right_name, right in (('a', a), ('a32', a32), ('ai', ai)):
            show(left_name + name + right_name, lambda: op(left, right))
show('0-d * 2-d f32', lambda: torch.tensor(2.0) * np.ones((2, 2), dtype=np.float32))
show('f16 + f64', lambda: torch.tensor([1.0, 2.0], dtype=torch.float16) + a)
show('bool * f32', lambda: torch.tensor([True, False]) * a32)
show('non-contiguous', lambda: t * np.arange(4.0)[::2])
show('broadcast', lambda: t + np.ones((3, 1)))
show('shape mismatch', lambda: t + np.ones(3))
result = t * np.array([0.1, 0.2])
"""),
    ("np_reflected_operators_with_arrays", _SETUP + """
for name, op in OPS.items():
    for tensor_name, tensor in (('t', t), ('i', i), ('s', s)):
        message('a' + name + tensor_name, lambda: op(a, tensor))
for tensor_name, tensor in (('t', t), ('i', i), ('s', s)):
    show('a/' + tensor_name, lambda: a / tensor)
    show('a32/' + tensor_name, lambda: a32 / tensor)
    show('ai/' + tensor_name, lambda: ai / tensor)
"""),
    ("np_comparisons_with_arrays", _SETUP + """
show('t == a', lambda: t == a)
show('a == t', lambda: a == t)
show('i == floats', lambda: i == np.array([1.5, 2.0]))
show('f32 == close f64', lambda: torch.tensor([1.0]) == np.array([1.0000000001]))
show('int8 == 257', lambda: torch.tensor([1], dtype=torch.int8) == np.array([257]))
show('int8 == 0-d 257', lambda: torch.tensor([1], dtype=torch.int8) == np.array(257))
show('f16 == 0-d f64', lambda: torch.tensor([0.1], dtype=torch.float16) == np.array(0.1))
show('f16 == 1-d f64', lambda: torch.tensor([0.1], dtype=torch.float16) == np.array([0.1]))
show('t == uint16', lambda: t == np.ones(2, dtype=np.uint16))
show('t == uint32', lambda: t == np.ones(2, dtype=np.uint32))
show('t == 2-d', lambda: t == np.ones((3, 2)))
show('t == empty', lambda: torch.tensor([1.0]) == np.array([]))
show('t == size 3', lambda: t == np.ones(3))
show('t == strings', lambda: t == np.array(['a', 'b']))
show('t == objects', lambda: t == np.array([1, None], dtype=object))
show('t != a', lambda: t != a)
show('a != t', lambda: a != t)
for name in ('<', '<=', '>', '>='):
    message('t ' + name + ' a', lambda: eval('t ' + name + ' a'))
    message('a ' + name + ' t', lambda: eval('a ' + name + ' t'))
show('requires grad == a', lambda: torch.tensor([1.0, 2.0], requires_grad=True) == a)
"""),
    ("np_bitwise_operators_with_arrays", _SETUP + """
for name in ('&', '|', '^', '<<', '>>'):
    show('i ' + name + ' ai', lambda: eval('i ' + name + ' ai'))
    show('i ' + name + ' int64', lambda: eval('i ' + name + ' np.array([3, 4])'))
    show('t ' + name + ' a', lambda: eval('t ' + name + ' a'))
    message('ai ' + name + ' i', lambda: eval('ai ' + name + ' i'))
show('bool & bool', lambda: torch.tensor([True, False]) & np.array([True, True]))
"""),
    ("np_augmented_assignment_with_arrays", _SETUP + """
y = t.clone()
y += a
print('float += f64 array:', type(y).__name__, y.dtype, y.tolist())
y = i.clone()
y *= a32
print('int *= f32 array:', y.dtype, y.tolist())
x = torch.ones(2)
y = x
y -= a32
print('same object?', y is x, x.tolist(), y.tolist())
y = t.clone()
y @= np.eye(2)
print('@=', y.dtype, y.tolist())
y = i.clone()
y |= np.array([2, 4])
print('|=', y.dtype, y.tolist())
r = torch.ones(2, requires_grad=True)
z = r * 2
try:
    z += a
except RuntimeError as e:
    print('requires grad:', type(e).__name__, e)
"""),
    ("np_non_numbers_as_operands", _SETUP + """
message('t + list', lambda: t + [1, 2])
message('list + t', lambda: [1, 2] + t)
message('t * list', lambda: t * [1, 2])
message('t - None', lambda: t - None)
message('None - t', lambda: None - t)
message('t ** str', lambda: t ** 'a')
message('t / tuple', lambda: t / (1, 2))
message('tuple / t', lambda: (1, 2) / t)
message('t @ list', lambda: t @ [1.0, 2.0])
message('i & list', lambda: i & [1, 2])
message('i << None', lambda: i << None)
message('t < list', lambda: t < [1, 2])
message('t == list', lambda: t == [1, 2])
message('t == None', lambda: t == None)
message('t != None', lambda: t != None)
message('t.__add__(list)', lambda: t.__add__([1, 2]))
message('t.__radd__(a)', lambda: t.__radd__(a))
message('t.__eq__(a)', lambda: t.__eq__(a).tolist())
message('t.__ne__(a)', lambda: t.__ne__(a))
message('t.__rtruediv__(a)', lambda: t.__rtruediv__(a).tolist())
message('t.__iadd__(a)', lambda: t.__iadd__(a))
x = t.clone()
try:
    x += [1, 2]
except TypeError as e:
    print('+= list:', e)
"""),
    ("np_named_functions_refuse_arrays", _SETUP + """
show('t.add(a)', lambda: t.add(a))
show('torch.add(t, a)', lambda: torch.add(t, a))
show('torch.mul(t, a)', lambda: torch.mul(t, a))
show('t.sub(a)', lambda: t.sub(a))
show('t.div(a)', lambda: t.div(a))
show('t.pow(a)', lambda: t.pow(a))
show('t.eq(a)', lambda: t.eq(a))
show('torch.eq(t, a)', lambda: torch.eq(t, a))
show('t.lt(a)', lambda: t.lt(a))
show('torch.where', lambda: torch.where(t > 1, t, a))
show('torch.cat', lambda: torch.cat([t, a]))
show('torch.matmul', lambda: torch.matmul(t, a))
show('t.add_(a)', lambda: t.clone().add_(a))
show('t.mul_(a)', lambda: t.clone().mul_(a))
show('torch.maximum', lambda: torch.maximum(t, a))
show('torch.floor_divide', lambda: torch.floor_divide(t, a))
show('torch.bitwise_and', lambda: torch.bitwise_and(i, ai))
"""),
    ("np_ufuncs_on_tensors", _SETUP + """
show('np.exp(t)', lambda: np.exp(t))
show('np.exp(i)', lambda: np.exp(i))
show('np.sqrt(s)', lambda: np.sqrt(s))
show('np.sin(s)', lambda: np.sin(s))
show('np.maximum(t, 0)', lambda: np.maximum(t, 0))
show('np.add(t, t)', lambda: np.add(t, t))
show('np.add(t, a)', lambda: np.add(t, a))
show('np.add(a, t)', lambda: np.add(a, t))
show('np.round(s, 2)', lambda: np.round(torch.tensor(2.345), 2))
show('np.round(t)', lambda: np.round(torch.tensor([1.4, 2.6])))
show('np.clip(t, 0, 1)', lambda: np.clip(t, 0, 1))
show('np.abs(t)', lambda: np.abs(-t))
show('np.isnan(t)', lambda: np.isnan(t))
show('np.isnan(s)', lambda: np.isnan(s))
show('np.isfinite(t)', lambda: np.isfinite(torch.tensor([1.0, float('inf')])))
show('np.greater(t, 1)', lambda: np.greater(t, 1))
show('np.logical_not', lambda: np.logical_not(torch.tensor([True, False])))
show('np.modf(t)', lambda: np.modf(torch.tensor([1.5, -2.25])))
show('np.matmul(t, t)', lambda: np.matmul(t, t))
show('np.cumsum(t)', lambda: np.cumsum(t))
show('np.argmax(t)', lambda: np.argmax(t))
show('np.reshape(t)', lambda: np.reshape(t, (2, 1)))
show('np.transpose(t)', lambda: np.transpose(t))
show('np.squeeze', lambda: np.squeeze(torch.ones(1, 2)))
show('np.add out=array', lambda: np.add(t, 1, out=np.zeros(2, dtype=np.float32)))
y = np.exp(t)
print('owns its memory:', y.tolist(), t.tolist())
"""),
    ("np_functions_giving_arrays", _SETUP + """
show('np.concatenate', lambda: np.concatenate([t, t]))
show('np.stack', lambda: np.stack([t, t]))
show('np.dot', lambda: np.dot(t, t))
show('np.array([t, t])', lambda: np.array([t, t]))
show('np.array([1.0, t[0]])', lambda: np.array([1.0, t[0]]))
show('np.sort', lambda: np.sort(torch.tensor([2.0, 1.0])))
show('np.where', lambda: np.where(t > 1, t, 0))
show('np.outer', lambda: np.outer(t, t))
show('np.linalg.norm', lambda: np.linalg.norm(torch.tensor([3.0, 4.0])))
show('np.float64(s)', lambda: np.float64(s))
show('np.float32(s)', lambda: np.float32(s))
show('np.int64(0-d)', lambda: np.int64(torch.tensor(3)))
show('np.float64(1-elem)', lambda: np.float64(torch.tensor([2.5])))
show('np.asarray(t)', lambda: np.asarray(t))
show('np.asarray(t, f64)', lambda: np.asarray(t, dtype=np.float64))
show('np.array(s)', lambda: np.array(s))
show('np.shape', lambda: np.shape(torch.ones(2, 3)))
show('np.ndim', lambda: np.ndim(torch.ones(2, 3)))
show('np.allclose', lambda: np.allclose(t, t))
show('np.mean(t)', lambda: np.mean(t))
show('np.sum(t)', lambda: np.sum(t))
show('np.sum(t, 0)', lambda: np.sum(t, 0))
show('np.max(t)', lambda: np.max(t))
show('np.prod(t)', lambda: np.prod(t))
show('np.std(t)', lambda: np.std(t))
x = torch.zeros(2)
np.asarray(x)[0] = 5.0
print('asarray shares memory:', x.tolist())
np.array(x)[1] = 7.0
print('array copies:', x.tolist())
"""),
    ("np_requires_grad_refused", _SETUP + """
r = torch.tensor([1.0, 2.0], requires_grad=True)
message('np.asarray(r)', lambda: np.asarray(r))
message('np.array(r)', lambda: np.array(r))
message('np.asarray(r, f64)', lambda: np.asarray(r, dtype=np.float64))
message('np.exp(r)', lambda: np.exp(r))
message('np.isnan(r)', lambda: np.isnan(r))
message('np.add(t, r)', lambda: np.add(t, r))
message('np.array([r0, r1])', lambda: np.array([r[0], r[1]]))
message('np.asarray(r[0])', lambda: np.asarray(r[0]))
message('np.concatenate', lambda: np.concatenate([r, r]))
message('r * a', lambda: r * a)
message('(r * 2) + a', lambda: (r * 2) + a)
message('a / r', lambda: a / r)
message('np.asarray(parameter)', lambda: np.asarray(torch.nn.Parameter(torch.ones(2))))
show('np.asarray(r.detach())', lambda: np.asarray(r.detach()))
show('np.exp(r.detach())', lambda: np.exp(r.detach()))
show('r == a', lambda: r == a)
with warnings.catch_warnings():  # (torch warns of converting r[0] to a number)
    warnings.simplefilter('ignore')
    show('torch.Tensor([r0, r1])', lambda: torch.Tensor([r[0], r[1]]))
show('torch.tensor([r0, r1])', lambda: torch.tensor([r[0], r[1]]))
show('float(r0)', lambda: float(r[0].detach()))
with torch.no_grad():  # (torch's numpy() refuses only while grad mode is on)
    message('no_grad asarray', lambda: np.asarray(r).tolist())
    message('no_grad numpy()', lambda: r.numpy().tolist())
    show('no_grad exp', lambda: np.exp(r))
with torch.inference_mode():
    message('inference_mode asarray', lambda: np.asarray(r).tolist())
"""),
    ("np_scalars_keep_working", _SETUP + """
show('np.float64(2) * t', lambda: np.float64(2) * t)
show('t * np.float64(2)', lambda: t * np.float64(2))
show('np.float32(2) + i', lambda: np.float32(2) + i)
show('np.int64(2) - i', lambda: np.int64(2) - i)
show('np.int32(3) * i', lambda: np.int32(3) * i)
show('t / np.float16(2)', lambda: t / np.float16(2))
show('np.float64(2) ** t', lambda: np.float64(2) ** t)
show('t == np.float64(1)', lambda: t == np.float64(1))
show('np.float32(2) ** i', lambda: np.float32(2) ** i)
show('np.int64(2) ** i', lambda: np.int64(2) ** i)
show('torch.pow(np.float64(2), t)', lambda: torch.pow(np.float64(2), t))
show('t.add(np.float64(1))', lambda: t.add(np.float64(1)))
show('torch.mul(t, np.int64(3))', lambda: torch.mul(t, np.int64(3)))
"""),
]
