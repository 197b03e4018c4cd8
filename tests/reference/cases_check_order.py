"""torch's order of checks, recorded from torch 2.13, where ember's order differed (issue
11's seventh session, root causes 11 and 15): an in-place binary op checks the broadcast
shape against self's, then whether the operands' common dtype casts into self's, and only
then whether a kernel exists for that dtype (floor_divide_, fmod_, remainder_, pow_ of
bools; hypot_, gcd_, lcm_, nextafter_ pick the kernel by the common dtype, not by each
operand's); the shifts have no bool kernel; ldexp refuses a bool exponent of a floating
input, and in place a self that is not floating before anything else; cumsum/cumprod with
a bool result refuse only an input that reaches the kernel (0-d and empty ones do not).
Ids start with ``co_``.
"""

from __future__ import annotations

_ERROR = '''\
def error(fn):
    try:
        r = fn()
        print('ok', r.dtype, r.tolist())
    except Exception as e:
        print(type(e).__name__, str(e).split("\\n")[0])
'''

CASES: list[tuple[str, str]] = [
    ("co_binary_inplace_shape_cast_kernel", _ERROR + """
dtypes = (torch.bool, torch.uint8, torch.int16, torch.float32)
for name in ('floor_divide', 'fmod', 'remainder', 'pow', 'hypot', 'gcd', 'lcm', 'nextafter',
             'ldexp', 'bitwise_left_shift', 'bitwise_right_shift'):
    for target in dtypes:
        for other in dtypes:
            for shapes in (((), (1,)), ((1, 1), (2, 1)), ((2,), (2,))):
                x = torch.ones(shapes[0], dtype=target)
                y = torch.ones(shapes[1], dtype=other)
                print(name, target, other, shapes)
                error(lambda: getattr(x.clone(), name + '_')(y))
                if shapes[0] == (2,):
                    error(lambda: getattr(torch, name)(x, y))
"""),
    ("co_bool_operators_shapes_first", _ERROR + """
a, b = torch.ones(2, dtype=torch.bool), torch.ones(3, dtype=torch.bool)
error(lambda: a // b)
error(lambda: a % b)
error(lambda: a ** b)
error(lambda: torch.fmod(a, b))
error(lambda: a << a)
error(lambda: a >> a)
error(lambda: a << 1)
error(lambda: torch.ones(2, dtype=torch.uint8) << a)
c = torch.ones((), dtype=torch.bool)
def f():
    c.__ifloordiv__(a)
error(f)
"""),
    ("co_cumulative_bool_result", _ERROR + """
for shape in ((), (0,), (1,), (2, 0), (3,)):
    for name in ('cumsum', 'cumprod'):
        x = torch.ones(shape, dtype=torch.bool)
        error(lambda: getattr(x.clone(), name + '_')(0))
        error(lambda: getattr(torch, name)(x, 0, dtype=torch.bool))
        error(lambda: getattr(torch, name)(x.float(), 0, dtype=torch.bool))
        error(lambda: getattr(torch, name)(x, 0))
"""),
]
CASES += [
    ("co_bernoulli_probability_shapes", """
def error(f):
    try:
        r = f()
        print('ok', r.shape, r.dtype)
    except Exception as e:
        print(type(e).__name__, str(e).split("\\n")[0])
torch.manual_seed(0)
for shape, p_shape, p in (((3,), (2,), 0.5), ((3,), (1,), 0.5), ((3,), (2, 3), 0.5),
                          ((2, 3), (3,), 0.5), ((2, 3), (2, 1), 0.5), ((2, 3), (4,), 0.5),
                          ((3,), (), 0.5), ((0,), (2,), 0.5), ((0,), (2,), 1.5),
                          ((3,), (3,), 1.5), ((3,), (2,), 1.5)):
    error(lambda: torch.zeros(shape).bernoulli_(torch.full(p_shape, p)))
    error(lambda: torch.zeros(shape, dtype=torch.int64).bernoulli_(torch.full(p_shape, p)))
"""),
]
CASES += [
    ("co_index_count_before_index_dtype", """
def error(f):
    try:
        r = f()
        print('ok', r.shape)
    except Exception as e:
        print(type(e).__name__, str(e)[:80])
x = torch.ones(3)
for idx in (torch.tensor([1.0]), (torch.tensor([1.0]), 0), (0, torch.tensor([1.0])),
            (torch.tensor([0]), torch.tensor([1.0])), (torch.tensor([1.0]), torch.tensor([1.5])),
            (Ellipsis, torch.tensor([1.0])), (None, torch.tensor([1.0]))):
    error(lambda: x[idx])
y = torch.ones(())
for idx in (torch.tensor([1.0]), (0, torch.tensor([1.0])), (0, torch.tensor([0])), (0, 0),
            (torch.tensor([0]), 0), (torch.tensor(1.5),), 0, (0,), slice(None),
            (slice(None), 0), (slice(None), slice(None)), (None, 0), (Ellipsis, 0),
            torch.tensor([0]), torch.tensor(True)):
    error(lambda: y[idx])
def put(t, i, v):
    def f():
        t[i] = v
        return t
    return f
u = torch.ones(3, dtype=torch.uint8)
error(put(u, (torch.tensor([5]), torch.tensor([0.0])), torch.tensor([2.0])))
error(put(u, (0, torch.tensor([0.0])), torch.tensor([2.0])))
error(put(y, (0, 0), 1.0))
error(put(y, 0, 1.0))
"""),
]
CASES += [
    ("co_index_into_empty_dim", """
def error(f):
    try:
        f()
        print('ok')
    except Exception as e:
        print(type(e).__name__, str(e)[:70])
def put(x, i, v):
    def f():
        x[i] = v
    return f
for n in (0, 1):
    for idx in ([5], [1, 1, -2], [0], [-1]):
        error(put(torch.zeros(n, dtype=torch.float16), torch.tensor(idx),
                  torch.ones(len(idx), dtype=torch.float64)))
        error(put(torch.zeros(n, dtype=torch.float16), torch.tensor(idx),
                  torch.ones(len(idx), dtype=torch.float16)))
        error(lambda: torch.zeros(n)[torch.tensor(idx)])
error(put(torch.zeros(0, 3, dtype=torch.float16), torch.tensor([1]),
          torch.ones(3, dtype=torch.float64)))
error(lambda: torch.zeros(2, 0)[:, torch.tensor([0])])
error(lambda: torch.zeros(2, 0)[torch.tensor([0]), torch.tensor([0])])
error(lambda: torch.zeros(0, 3)[torch.tensor([], dtype=torch.long), torch.tensor([1])])
error(lambda: torch.zeros(0, 3)[torch.zeros(0, 3, dtype=torch.bool)])
"""),
]
