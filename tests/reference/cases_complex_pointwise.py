"""Elementwise arithmetic and math on complex values, recorded from torch 2.13: Python complex
numbers as operands of real and complex tensors (the result dtypes), mul/div/pow/rsub/add and
sub with alpha, the unary functions (exp, log, sqrt, trigonometric and hyperbolic, sigmoid),
abs/angle/sgn, their gradients in torch's convention (grad * conj(derivative)) and second
derivatives, comparisons and isnan/isinf/isfinite, in-place forms, and torch's errors for
what it refuses (orderings, rounding divisions, complex results written into real tensors).

Ids start with ``cpw_``.
"""

from __future__ import annotations

_SHOW = '''\
def show(label, fn):
    try:
        r = fn()
    except Exception as e:
        print(label, type(e).__name__, str(e).split(chr(10))[0])
        return
    if isinstance(r, torch.Tensor):
        values = rounded(r) if r.is_complex() or r.is_floating_point() else r.tolist()
        print(label, r.dtype, list(r.shape), values, r.requires_grad,
              type(r.grad_fn).__name__ if r.grad_fn is not None else None)
    else:
        print(label, type(r).__name__, r)
def rounded(t, digits=10):
    # (10 digits, and 0.0 for -0.0: complex division and power may differ from torch's in
    # the last bits and in the sign of a zero part)
    return [complex(round(v.real, digits) + 0.0, round(v.imag, digits) + 0.0)
            if isinstance(v, complex) else round(v, digits) + 0.0
            for v in t.detach().flatten().tolist()]
z = torch.tensor([1 + 2j, -3 + 0.5j, 0.25 - 0.75j], dtype=torch.complex128, requires_grad=True)
w = torch.tensor([0.5 - 1j, 2 + 1j, -1 + 0.5j], dtype=torch.complex128)
x = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
c64 = torch.tensor([1 + 2j, -3 + 0.5j, 0.25 - 0.75j])
w64 = torch.tensor([0.5 - 1j, 2 + 1j, -1 + 0.5j])
def grads(label, y, inputs, seed):
    # the gradient for the upstream gradient `seed`, then the second derivative of the sum
    # of the gradient's parts
    g = torch.autograd.grad(y, inputs, seed, create_graph=True)
    print(label, [rounded(t) for t in g], [t.dtype for t in g])
    total = sum((t.real.sum() + t.imag.sum()) if t.is_complex() else t.sum() for t in g)
    if total.requires_grad:
        gg = torch.autograd.grad(total, inputs, allow_unused=True)
        print(label, [None if t is None else rounded(t) for t in gg])
'''

CASES: list[tuple[str, str]] = [
    ("cpw_python_complex_operands", _SHOW + """
for label, fn in [("x*1j", lambda: x * 1j), ("1j*x", lambda: 1j * x),
                  ("x+(1+2j)", lambda: x + (1 + 2j)), ("x/2j", lambda: x / 2j),
                  ("2j-x", lambda: 2j - x), ("x-1j", lambda: x - 1j),
                  ("(1+2j)-x", lambda: (1 + 2j) - x), ("x**1j", lambda: x ** 1j),
                  ("double*(1+1j)", lambda: x.double() * (1 + 1j)),
                  ("int*1j", lambda: torch.tensor([1, 2]) * 1j),
                  ("bool*1j", lambda: torch.tensor([True, False]) * 1j),
                  ("int/1j", lambda: torch.tensor([1, 2]) / 1j),
                  ("int+1j", lambda: torch.tensor([1, 2]) + 1j),
                  ("mul(x,1j)", lambda: torch.mul(x, 1j)),
                  ("z*1j", lambda: z * 1j), ("z+1", lambda: z + 1), ("z/2", lambda: z / 2),
                  ("z-2.5", lambda: z - 2.5), ("3-z", lambda: 3 - z),
                  ("c64*c128 number", lambda: c64 * (1 + 1j)),
                  ("c64*z", lambda: c64 * z),
                  ("c64*float64", lambda: torch.tensor([1j]) * torch.tensor([2.0],
                                                                              dtype=torch.float64)),
                  ("float32*c128 0-d", lambda: x * torch.tensor(1j, dtype=torch.complex128))]:
    show(label, fn)
"""),
    ("cpw_real_input_gradients", _SHOW + """
for label, fn in [("x*1j", lambda: x * 1j), ("1j*x", lambda: 1j * x),
                  ("x/2j", lambda: x / 2j), ("2j-x", lambda: 2j - x),
                  ("x+(1+2j)", lambda: x + (1 + 2j)), ("x*w", lambda: x * w64),
                  ("x/w", lambda: x / w64)]:
    y = fn()
    g, = torch.autograd.grad(y, x, torch.ones_like(y) * (1 - 2j))
    print(label, y.dtype, type(y.grad_fn).__name__, g.dtype, rounded(g))
"""),
    ("cpw_binary_gradients", _SHOW + """
for label, fn in [("z*w", lambda: z * w), ("z*1j", lambda: z * 1j), ("1j*z", lambda: 1j * z),
                  ("z*z", lambda: z * z), ("z/w", lambda: z / w), ("w/z", lambda: w / z),
                  ("z/2j", lambda: z / 2j), ("2j/z", lambda: 2j / z), ("z/z", lambda: z / z),
                  ("z+(1+2j)", lambda: z + (1 + 2j)), ("(1+2j)-z", lambda: (1 + 2j) - z),
                  ("add alpha", lambda: torch.add(z, w, alpha=1j)),
                  ("sub alpha", lambda: torch.sub(z, w, alpha=2 - 1j)),
                  ("add alpha other", lambda: torch.add(w, z, alpha=1j)),
                  ("sub alpha other", lambda: torch.sub(w, z, alpha=2 - 1j)),
                  ("add alpha real", lambda: torch.add(w, z, alpha=2.5))]:
    y = fn()
    print(label, rounded(y), y.dtype, type(y.grad_fn).__name__)
    grads(label, y, (z,), w)
"""),
    ("cpw_powers", _SHOW + """
for label, fn in [("z**2", lambda: z ** 2), ("z**3", lambda: z ** 3), ("z**0.5", lambda: z ** 0.5),
                  ("z**-1", lambda: z ** -1), ("z**(1+1j)", lambda: z ** (1 + 1j)),
                  ("z**w", lambda: z ** w), ("2**z", lambda: 2 ** z),
                  ("(-2)**z", lambda: (-2) ** z), ("1j**z", lambda: 1j ** z),
                  ("square", lambda: torch.square(z)), ("pow(z,w)", lambda: torch.pow(z, w))]:
    y = fn()
    print(label, rounded(y), y.dtype, type(y.grad_fn).__name__)
    grads(label, y, (z,), w)
y = z ** 0
print("z**0", rounded(y), [rounded(t) for t in torch.autograd.grad(y, z, w)])
r = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
for label, fn in [("1j**r", lambda: 1j ** r), ("r**1j", lambda: r ** 1j)]:
    y = fn()
    g, = torch.autograd.grad(y.imag.sum(), r)
    print(label, rounded(y), y.dtype, type(y.grad_fn).__name__, rounded(g))
"""),
    ("cpw_power_at_zero", _SHOW + """
# (the exponent's gradient at a zero base: 0 for a real exponent >= 0, else nan; the base's
# gradient there, and 0 ** 0 and 0 ** -1, follow NumPy's complex power: docs/differences.md)
a = torch.tensor([0j, 0j, 1 + 1j], dtype=torch.complex128, requires_grad=True)
b = torch.tensor([2 + 1j, 2 + 0j, 0j], dtype=torch.complex128, requires_grad=True)
out = a ** b
print(rounded(out))
gb, = torch.autograd.grad(out.real.sum(), b)
print(rounded(gb))
e = torch.tensor([1 + 1j, 2 + 0j, 0.5 - 1j], dtype=torch.complex128, requires_grad=True)
y = 0 ** e
print(rounded(y), rounded(torch.autograd.grad(y.real.sum(), e)[0]))
"""),
    ("cpw_unary_functions", _SHOW + """
for name in ["exp", "expm1", "log", "log1p", "sqrt", "rsqrt", "reciprocal", "sin", "cos",
             "tan", "sinh", "cosh", "tanh", "sigmoid", "sgn"]:
    y = getattr(torch, name)(z)
    print(name, rounded(y), y.dtype, type(y.grad_fn).__name__)
    grads(name, y, (z,), w)
for name in ["abs", "angle"]:
    y = getattr(torch, name)(z)
    print(name, rounded(y), y.dtype, type(y.grad_fn).__name__)
    grads(name, y, (z,), torch.tensor([1.0, -2.0, 3.0], dtype=torch.float64))
"""),
    ("cpw_abs_angle_sgn_special_values", _SHOW + """
s = torch.tensor([0j, complex(-0.0, 0.0), complex('nan'), complex('inf'), -1 + 0j, 3 + 4j,
                  complex(0.0, -2.0)], dtype=torch.complex128, requires_grad=True)
for name in ["abs", "angle", "sgn"]:
    y = getattr(torch, name)(s)
    seed = torch.ones_like(y) * (1.5 if not y.is_complex() else (1 - 0.5j))
    g, = torch.autograd.grad(y, s, seed)
    print(name, y.dtype, rounded(y, 12), rounded(g, 12))
f = torch.tensor([1 + 2j, -3 + 0.5j], dtype=torch.complex64)
# (complex64's |z| may be an ulp off torch's: docs/differences.md)
for label, r in [("abs c64", torch.abs(f)), ("angle c64", torch.angle(f)),
                 ("sgn c64", torch.sgn(f)), ("abs method", f.abs()),
                 ("absolute", torch.absolute(f))]:
    print(label, r.dtype, rounded(r, 6))
"""),
    ("cpw_comparisons", _SHOW + """
v = z.detach()
for label, fn in [("z==w", lambda: v == w), ("z==z", lambda: v == v),
                  ("z==(1+2j)", lambda: v == (1 + 2j)), ("z!=(1+2j)", lambda: v != (1 + 2j)),
                  ("x==1j", lambda: x == 1j), ("x==(1+0j)", lambda: x == (1 + 0j)),
                  ("eq", lambda: torch.eq(v, 1 + 2j)), ("ne", lambda: torch.ne(v, w)),
                  ("eq method", lambda: v.eq(v)), ("c64==c128", lambda: c64 == v),
                  ("z==real", lambda: v == torch.tensor([1.0, -3.0, 0.25], dtype=torch.float64)),
                  ("z<w", lambda: v < w), ("z>1j", lambda: v > 1j), ("z<=1", lambda: v <= 1),
                  ("ge", lambda: torch.ge(v, w)), ("lt c64", lambda: torch.lt(c64, 0)),
                  ("isclose", lambda: torch.isclose(v, v + 1e-9)),
                  ("isclose far", lambda: torch.isclose(v, w)),
                  ("allclose", lambda: torch.allclose(v, v + 1e-12j)),
                  ("allclose far", lambda: torch.allclose(v, w)),
                  ("isclose real", lambda: torch.isclose(v, torch.tensor([1.0, 2.0, 3.0],
                                                                          dtype=torch.float64)))]:
    show(label, fn)
special = torch.tensor([complex('inf'), 1j, complex('nan'), complex(1, float('-inf')),
                        complex(float('nan'), 1)])
for name in ["isfinite", "isnan", "isinf"]:
    show(name, lambda: getattr(torch, name)(special))
show("nan_to_num", lambda: torch.nan_to_num(special))
show("nan_to_num values", lambda: torch.nan_to_num(special, nan=1.0, posinf=2.0, neginf=-3.0))
show("nan_to_num grad", lambda: torch.nan_to_num(special.requires_grad_()))
show("where", lambda: torch.where(v.real > 0, v, w))
show("where number", lambda: torch.where(v.real > 0, v, 1j))
"""),
    ("cpw_in_place", _SHOW + """
def fresh():
    return torch.tensor([1 + 2j, -3 + 0.5j, 0.25 - 0.75j], dtype=torch.complex128)
for label, fn in [("mul_", lambda t: t.mul_(2)), ("mul_ w", lambda t: t.mul_(w)),
                  ("add_", lambda t: t.add_(1j)), ("sub_ alpha", lambda t: t.sub_(w, alpha=2j)),
                  ("div_", lambda t: t.div_(w)), ("pow_", lambda t: t.pow_(2)),
                  ("pow_ w", lambda t: t.pow_(w)), ("exp_", lambda t: t.exp_()),
                  ("sqrt_", lambda t: t.sqrt_()), ("sgn_", lambda t: t.sgn_()),
                  ("sin_", lambda t: t.sin_()), ("reciprocal_", lambda t: t.reciprocal_()),
                  ("tanh_", lambda t: t.tanh_()), ("sigmoid_", lambda t: t.sigmoid_()),
                  ("square_", lambda t: t.square_()), ("abs_", lambda t: t.abs_()),
                  ("mul_ real", lambda t: t.mul_(torch.tensor([1.0, 2.0, 3.0]))),
                  ("add_ int", lambda t: t.add_(torch.tensor([1, 2, 3]))),
                  ("ne_", lambda t: t.ne_(t)), ("eq_ number", lambda t: t.eq_(1 + 2j)),
                  ("lt_", lambda t: t.lt_(w))]:
    show(label, lambda: fn(fresh()))
t = fresh(); t *= 1j; show("*=", lambda: t)
t = fresh(); t += w; show("+=", lambda: t)
t = fresh(); t /= 2; show("/=", lambda: t)
t = fresh(); t **= 2; show("**=", lambda: t)
v = z * 1
v.mul_(w)
print(type(v.grad_fn).__name__, rounded(torch.autograd.grad(v, z, w)[0]))
v = z * 1
v.exp_()
print(type(v.grad_fn).__name__, rounded(torch.autograd.grad(v, z, w)[0]))
for label, fn in [("add_ 1j", lambda r: r.add_(1j)), ("mul_ complex", lambda r: r.mul_(w)),
                  ("mul_ 1j", lambda r: r.mul_(1j)), ("div_ 1j", lambda r: r.div_(1j)),
                  ("sub_ 1j", lambda r: r.sub_(1j)), ("pow_ 1j", lambda r: r.pow_(1j)),
                  ("double mul_", lambda r: r.double().mul_(1j))]:
    show(label, lambda: fn(torch.tensor([1.0, -2.0, 0.5])))
r = torch.tensor([1.0, -2.0, 0.5])
show("*= 1j", lambda: r.__imul__(1j))
"""),
    ("cpw_refusals", _SHOW + """
v = z.detach()
for label, fn in [("//", lambda: v // 2), ("%", lambda: v % 2),
                  ("div floor", lambda: torch.div(v, 2, rounding_mode='floor')),
                  ("div trunc", lambda: torch.div(v, 2, rounding_mode='trunc')),
                  ("fmod", lambda: torch.fmod(v, 2)),
                  ("floor_divide", lambda: torch.floor_divide(v, 1j)),
                  ("remainder", lambda: torch.remainder(v, w)),
                  ("real // 1j", lambda: torch.tensor([1.0]) // 1j),
                  ("real % 1j", lambda: torch.tensor([1.0]) % 1j),
                  ("real fmod 1j", lambda: torch.tensor([1.0]).fmod(1j)),
                  ("sign", lambda: torch.sign(v)), ("sign method", lambda: v.sign()),
                  ("add alpha 1j real", lambda: torch.add(x, x, alpha=1j)),
                  ("sub alpha 1j real", lambda: torch.sub(x, 1, alpha=1j))]:
    show(label, fn)
"""),
    ("cpw_function_forms_and_out", _SHOW + """
c = torch.tensor([1 + 2j, -1j])
show("mul out real", lambda: torch.mul(x, 1j, out=torch.empty(3)))
show("mul out complex", lambda: torch.mul(x, 1j, out=torch.empty(3, dtype=torch.complex64)))
show("exp out", lambda: torch.exp(c, out=torch.empty(2, dtype=torch.complex64)))
show("abs out real", lambda: torch.abs(c, out=torch.empty(2)))
show("pow number first", lambda: torch.pow(2, c))
show("true_divide", lambda: torch.true_divide(x, 1j))
show("divide", lambda: torch.divide(c, 2j))
show("multiply", lambda: torch.multiply(c, c))
show("subtract alpha", lambda: torch.subtract(c, 1j, alpha=2))
show("rsub", lambda: torch.rsub(x, 1j))
show("square method", lambda: c.square())
show("pow method", lambda: x.pow(1j))
show("neg", lambda: -c)
show("add real", lambda: c.add(torch.tensor([1.0, -2.0])))
show("real add alpha", lambda: torch.tensor([1.0, -2.0]).add(c, alpha=2))
show("int add alpha", lambda: torch.tensor([1, 2]).add(c, alpha=2.5))
show("isclose nan", lambda: torch.isclose(torch.tensor([complex('nan')]),
                                          torch.tensor([complex('nan')]), equal_nan=True))
show("eq int", lambda: c == torch.tensor([1, 0]))
show("where mixed", lambda: torch.where(torch.tensor([True, False]), c,
                                        torch.tensor([1.0, -2.0])))
show("leaf mul_", lambda: torch.ones(2, requires_grad=True).mul_(c))
show("complex leaf mul_", lambda: torch.ones(2, dtype=torch.complex64,
                                             requires_grad=True).mul_(c))
show("sqrt negative", lambda: torch.sqrt(torch.tensor([-4.0 + 0j])))
show("log zero", lambda: torch.log(torch.tensor([0j])))
show("z**0", lambda: c ** 0)
show("z**-2", lambda: c ** -2)
show("z/0", lambda: c / 0)
"""),
    ("cpw_inverse_trigonometric_and_logarithms", _SHOW + """
for name in ["log2", "log10", "exp2", "asin", "acos", "atan", "asinh", "acosh", "atanh"]:
    y = getattr(torch, name)(z)
    print(name, rounded(y), y.dtype, type(y.grad_fn).__name__)
    grads(name, y, (z,), w)
s = torch.tensor([2.0 + 0j, -2.0 + 0j, 0.5 + 0j, 1j])
for name in ["asin", "acos", "acosh", "atanh"]:
    print(name, getattr(torch, name)(s).dtype, rounded(getattr(torch, name)(s), 5))
"""),
]
