"""The memory order torch 2.13 gives results of elementwise ops whose operands have
different memory orders (a transposed matrix beside a C-ordered one, a permuted batch,
broadcast rows and columns): TensorIterator's rule, in which the first operand that tells
two dims apart orders them, so `x.t() * y` is transposed and `y * x.t()` is C-ordered
(NumPy would give C order to both). Each case prints, per operand pair, the result's
shape, its dims of more than one element from slowest to fastest in memory, its
contiguity, the grad_fn of its `reshape(-1)` (ViewBackward0, or UnsafeViewBackward0 when
the reshape copies) and whether `view(-1)` is refused. The strides of dims of one element
are not compared: ember does not reproduce them (docs/differences.md). Values are checked
by the ops' own reference cases.

Ids start with ``elementwise_layout_``.
"""

from __future__ import annotations

_PRELUDE = """
import numpy as np
F = torch.nn.functional
def operands(kind):
    x = torch.tensor(np.arange(1.0, 13.0).reshape(4, 3) / 13).t()
    y = torch.tensor(np.arange(12.0, 0.0, -1.0).reshape(3, 4) / 13)
    row = torch.tensor(np.arange(1.0, 5.0) / 5)
    col = torch.tensor(np.arange(1.0, 4.0).reshape(3, 1) / 4)
    p = torch.tensor(np.arange(1.0, 25.0).reshape(2, 3, 4) / 25).permute(2, 0, 1)
    q = torch.tensor(np.arange(24.0, 0.0, -1.0).reshape(4, 2, 3) / 25)
    r = torch.tensor(np.arange(1.0, 25.0).reshape(4, 3, 2) / 25).transpose(1, 2)
    pairs = {'x.t(), y': (x, y), 'y, x.t()': (y, x), 'x.t(), row': (x, row),
             'row, x.t()': (row, x), 'col, x.t()': (col, x), 'x.t(), col': (x, col),
             'p, q': (p, q), 'q, p': (q, p), 'r, p': (r, p), 'p, r': (p, r),
             'p[:, :1], r': (p[:, :1], r)}
    for label, (a, b) in pairs.items():
        if kind == 'same' and a.shape != b.shape:
            continue  # (losses: torch warns of broadcasting, and lays some out otherwise)
        if kind == 'int':
            a, b = (a * 13).to(torch.int64), (b * 13).to(torch.int64)
        elif kind == 'bool':
            a, b = a > 0.4, b > 0.6
        else:
            a, b = a.detach().requires_grad_(), b.detach().requires_grad_()
        yield label, a, b
def layout(t):
    dims = sorted((d for d in range(t.dim()) if t.shape[d] != 1), key=lambda d: -t.stride(d))
    flat = type(t.reshape(-1).grad_fn).__name__
    try:
        t.view(-1)
        view = 'view ok'
    except RuntimeError:
        view = 'view refused'
    return f'{tuple(t.shape)} {dims} {t.is_contiguous()} {flat} {view}'
def each(name, f, kind='float'):
    for label, a, b in operands(kind):
        print(name, label, layout(f(a, b)))
"""


def _case(name: str, call: str, kind: str = "float") -> tuple[str, str]:
    return (f"elementwise_layout_{name}",
            _PRELUDE + f"each({name!r}, lambda a, b: {call}, {kind!r})\n")


CASES: list[tuple[str, str]] = [
    _case("mul", "a * b"),
    _case("add", "a + b"),
    _case("add_alpha", "torch.add(a, b, alpha=2)"),
    _case("sub", "a - b"),
    _case("sub_alpha", "torch.sub(a, b, alpha=3)"),
    _case("div", "a / b"),
    _case("div_floor", "torch.div(a, b, rounding_mode='floor')"),
    _case("div_trunc", "torch.div(a, b, rounding_mode='trunc')"),
    _case("floor_divide", "a // b"),
    _case("remainder", "a % b"),
    _case("fmod", "torch.fmod(a, b)"),
    _case("pow", "a ** b"),
    _case("float_power", "torch.float_power(a, b)"),
    _case("rpow", "2.0 ** b + a"),
    _case("number_pow", "torch.pow(3, a)"),
    _case("maximum", "torch.maximum(a, b)"),
    _case("minimum", "torch.minimum(a, b)"),
    _case("fmax", "torch.fmax(a, b)"),
    _case("fmin", "torch.fmin(a, b)"),
    _case("copysign", "torch.copysign(a, b - 0.5)"),
    _case("atan2", "torch.atan2(a, b)"),
    _case("hypot", "torch.hypot(a, b)"),
    _case("logaddexp", "torch.logaddexp(a, b)"),
    _case("logaddexp2", "torch.logaddexp2(a, b)"),
    _case("heaviside", "torch.heaviside(a - 0.5, b)"),
    _case("nextafter", "torch.nextafter(a, b)"),
    _case("xlogy", "torch.xlogy(a, b)"),
    _case("xlog1py", "torch.special.xlog1py(a, b)"),
    _case("ldexp", "torch.ldexp(a, torch.round(b * 4))"),
    _case("ldexp_integer_exponent", "torch.ldexp(a, (b * 4).to(torch.int64))", "same"),
    _case("lerp", "torch.lerp(a, b, 0.3)"),
    _case("lerp_tensor", "torch.lerp(a, b, b)"),
    _case("lerp_weight_first", "torch.lerp(b, b, a)"),
    _case("clamp_min", "torch.clamp(a, min=b)"),
    _case("clamp_max", "torch.clamp(a, max=b)"),
    _case("clamp_both", "torch.clamp(a, min=b, max=b + 1)"),
    _case("clamp_self_second", "torch.clamp(b, min=a)"),
    _case("addcmul", "torch.addcmul(a, b, b)"),
    _case("addcmul_second", "torch.addcmul(b, a, b, value=0.5)"),
    _case("addcdiv", "torch.addcdiv(a, b, b + 1)"),
    _case("where", "torch.where(a > 0.5, a, b)"),
    _case("where_condition_second", "torch.where(b > 0.5, a, b)"),
    _case("where_number", "torch.where(a > 0.5, 1.0, b)"),
    _case("eq", "a == b"),
    _case("ne", "a != b"),
    _case("lt", "a < b"),
    _case("ge", "torch.ge(a, b)"),
    _case("isclose", "torch.isclose(a, b)"),
    _case("mse_loss", "F.mse_loss(a, b, reduction='none')", "same"),
    _case("l1_loss", "F.l1_loss(a, b, reduction='none')", "same"),
    _case("huber_loss", "F.huber_loss(a, b, reduction='none')", "same"),
    _case("smooth_l1_loss", "F.smooth_l1_loss(a, b, reduction='none')", "same"),
    _case("soft_margin_loss", "F.soft_margin_loss(a, b, reduction='none')", "same"),
    _case("binary_cross_entropy", "F.binary_cross_entropy(a, b.detach(), reduction='none')",
          "same"),
    _case("bce_with_logits", "F.binary_cross_entropy_with_logits(a, b, reduction='none')"),
    _case("kl_div", "F.kl_div(a, b, reduction='none')"),
    _case("int_mul", "a * b", "int"),
    _case("int_floor_divide", "a // (b + 1)", "int"),
    _case("int_remainder", "a % (b + 1)", "int"),
    _case("bitwise_and", "a & b", "int"),
    _case("bitwise_xor", "torch.bitwise_xor(a, b)", "int"),
    _case("left_shift", "a << (b % 5)", "int"),
    _case("right_shift", "a >> (b % 5)", "int"),
    _case("gcd", "torch.gcd(a, b)", "int"),
    _case("lcm", "torch.lcm(a, b)", "int"),
    _case("int_lt", "a < b", "int"),
    _case("logical_and", "torch.logical_and(a, b)", "bool"),
    _case("logical_or", "torch.logical_or(a, b)", "bool"),
    _case("logical_xor", "torch.logical_xor(a, b)", "bool"),
    _case("bool_ne", "a != b", "bool"),
    ("elementwise_layout_issue_programs",
     "x = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]], requires_grad=True)\n"
     "y = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])\n"
     "z = x.t() * y\n"
     "print(z.is_contiguous(), z.stride(), type(z.reshape(6).grad_fn).__name__)\n"
     "try:\n"
     "    (x.t() != y).view(-1)\n"
     "except RuntimeError as error:\n"
     "    print('refused:', str(error)[:40])\n"
     "w = y * x.t()\n"
     "print(w.is_contiguous(), w.stride(), type(w.reshape(6).grad_fn).__name__)\n"
     "z.reshape(6).sum().backward()\n"
     "print(x.grad)\n"),
]

# ldexp makes its power of two first, in a layout that depends on self's dtype (pow(2.0,
# other), C-ordered, for a float32, integer or bool self; pow(two, other) with a 0-d two,
# laid out as other alone, for float64 and float16; an integer exponent's own kernel writes
# into empty_like(self)); huber_loss writes into empty_like of the broadcast input. Pairs
# with broadcast (stride 0) operands too, where other's own order and TensorIterator's for
# other alone differ.
_CAST = _PRELUDE + """
def pairs_with_expanded():
    yield from operands('float')
    x = torch.tensor(np.arange(1.0, 13.0).reshape(4, 3) / 13).t()
    row = torch.tensor(np.arange(1.0, 5.0) / 5)
    col = torch.tensor(np.arange(1.0, 4.0).reshape(3, 1) / 4)
    q = torch.tensor(np.arange(24.0, 0.0, -1.0).reshape(4, 2, 3) / 25)
    p = torch.tensor(np.arange(1.0, 25.0).reshape(2, 3, 4) / 25).permute(2, 0, 1)
    yield 'x.t(), row.expand', x, row.expand(3, 4)
    yield 'row.expand, x.t()', row.expand(3, 4), x
    yield 'col.expand, x.t()', col.expand(3, 4), x
    yield 'x.t(), col.expand', x, col.expand(3, 4)
    yield 'p, q[:, :1].expand', p, q[:, :1].expand(4, 2, 3)
    yield 'q[:, :1].expand, p', q[:, :1].expand(4, 2, 3), p
    yield 'row, p[:, :1].expand', row[:3], p[:, :1].expand(4, 2, 3)
def each_cast(name, f, dtype, grad=False):
    for label, a, b in pairs_with_expanded():
        a = a.detach().to(dtype)
        if grad:
            a.requires_grad_()
        print(name, dtype, grad, label, layout(f(a, b.detach())))
"""


def _cast_case(name: str, call: str, dtype: str, grad: bool = False) -> tuple[str, str]:
    return (f"elementwise_layout_{name}",
            _CAST + f"each_cast({name!r}, lambda a, b: {call}, torch.{dtype}, {grad})\n")


CASES += [
    _cast_case("ldexp_float64_self", "torch.ldexp(a, b)", "float64"),
    _cast_case("ldexp_float32_self", "torch.ldexp(a, b)", "float32"),
    _cast_case("ldexp_float16_self", "torch.ldexp(a, b.to(torch.float16))", "float16"),
    _cast_case("ldexp_float32_self_grad", "torch.ldexp(a, b.to(torch.float32))", "float32",
               True),
    _cast_case("ldexp_float16_self_grad", "torch.ldexp(a, b.to(torch.float32))", "float16",
               True),
    _cast_case("ldexp_int_self", "torch.ldexp(a, b)", "int64"),
    _cast_case("ldexp_bool_self", "torch.ldexp(a, b)", "bool"),
    _cast_case("ldexp_integer_exponent_broadcast", "torch.ldexp(a, b.to(torch.int32))",
               "float64"),
    _cast_case("ldexp_integer_exponent_float32", "torch.ldexp(a, b.to(torch.int64))",
               "float32", True),
    _cast_case("huber_loss_broadcast", "F.huber_loss(a, b, reduction='none')", "float64"),
    _cast_case("huber_loss_broadcast_grad", "F.huber_loss(a, b, reduction='none', delta=0.3)",
               "float64", True),
    _cast_case("huber_loss_broadcast_float32",
               "F.huber_loss(a, b.to(torch.float32), reduction='none')", "float32"),
    _cast_case("huber_loss_weight", "F.huber_loss(a, b, reduction='none', "
               "weight=torch.ones(a.shape, dtype=a.dtype))", "float64"),
]

# (found beside: the weight of mse_loss, l1_loss and huber_loss has the input's own shape,
# before broadcasting)
CASES.append(("elementwise_layout_loss_weight_of_the_input_shape", """
import warnings
warnings.simplefilter('ignore')
F = torch.nn.functional
row = torch.tensor([0.5, 1.0, 2.0, 4.0])
x = torch.arange(12.0).reshape(3, 4).t().contiguous().t() / 7
for name, f in [('mse', F.mse_loss), ('l1', F.l1_loss), ('huber', F.huber_loss)]:
    for label, w in [('input', torch.full((4,), 2.0)), ('broadcast', torch.full((3, 4), 2.0))]:
        for reduction in ('none', 'sum', 'mean'):
            try:
                loss = f(row, x, reduction=reduction, weight=w)
                print(name, label, reduction, tuple(loss.shape), loss.stride(),
                      round(float(loss.sum()), 4))
            except Exception as e:
                print(name, label, reduction, type(e).__name__, e)
"""))
