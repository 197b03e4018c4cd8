"""Complex programs: complex64/complex128 values made from complex literals, complex random
draws, ``x * 1j``, ``torch.complex``, ``view_as_complex``, ``polar`` and conversions, flowing
through complex-capable ops only (ember's `Op.complex_ok`; `COMPLEX_OPS` names the op-table
entries each call reaches, which test_harness checks against ember's table), now and then
into an op that torch refuses for complex values (``_complex_refusals.py``: ember must raise
torch's exception), and back to real values by ``.real``, ``.imag``, ``abs``, ``angle`` and
``view_as_real``: a real loss for a backward pass or a second derivative, and forward-mode
derivatives through complex ops.

`program` writes the ops of a complex program (`generate` decides which seeds get one): the
real families keep writing real ops on the real variables (`Writer.pick` hides complex ones
from them), these families write the complex ones.
"""

from __future__ import annotations

import math

from .families import FAMILIES, WEIGHTS, _jumpy
from .generator import COMPLEX, FLOATS, INTS, Var, Writer, _fmt_float, _nested, broadcast_shape

_PART = {"complex64": "float32", "complex128": "float64"}
_WHOLE = {"float32": "complex64", "float64": "complex128"}
_SPELLING = {"complex64": ("complex64", "cfloat"), "complex128": ("complex128", "cdouble")}


def _whole(dtype: str) -> str:
    """The complex dtype a real dtype becomes when it meets a complex number."""
    return _WHOLE.get(dtype, "complex64")


def _promote(a: Var, b: Var) -> str:
    """torch's promotion of a complex operand with another (both dimensioned or both 0-d:
    the finer precision; a 0-d complex tensor with a dimensioned float one: the float's)."""
    parts = [_PART.get(v.dtype, v.dtype if v.dtype in FLOATS else "") for v in (a, b)]
    if bool(a.shape) != bool(b.shape):
        strong, weak = (a, b) if a.shape else (b, a)
        if strong.is_complex:
            return strong.dtype
        if strong.dtype in FLOATS:
            return _whole(strong.dtype)
        return weak.dtype
    return "complex128" if "float64" in parts else "complex64"


def _result(w: Writer, inputs: tuple[Var, ...], shape: tuple[int, ...], dtype: str,
            differentiable: bool = True, name: str | None = None) -> Var:
    grad = differentiable and (dtype in FLOATS or dtype in COMPLEX) and any(
        v.grad for v in inputs)
    deps = frozenset().union(*(v.deps for v in inputs)) if grad else frozenset()
    return Var(name or w.name(), shape, dtype, grad=grad, leaf=not grad, deps=deps)


def _number(w: Writer) -> str:
    """A Python complex number as source (a real one now and then)."""
    return w.rng.choice(("1j", "2j", "-1j", "(1+2j)", "(-0.5+1.5j)", "(2-1j)", "0.5j",
                         "(3+0j)", "2", "-1.5"))


def _value(w: Writer) -> str:
    """A complex literal: `(re+imj)`, or `complex(re, im)` where Python's literal syntax
    would lose a signed zero or cannot write nan and inf; a real number now and then."""
    re, im = w.float_value(), w.float_value()
    r = w.rng.random()
    if r < 0.1:
        return _fmt_float(re)
    if r < 0.2:
        im = w.rng.choice((0.0, -0.0))
    elif r < 0.3:
        re = w.rng.choice((0.0, -0.0))
    if any(math.copysign(1, x) < 0 and x == 0 or not math.isfinite(x) for x in (re, im)):
        return f"complex({_fmt_float(re)}, {_fmt_float(im)})"
    return repr(complex(re, im))


def create(w: Writer, shape: tuple[int, ...] | None = None, dtype: str | None = None,
           grad: bool | None = None) -> Var:
    """A complex input, made by one of the ways a program makes one."""
    shape = w.shape() if shape is None else shape
    dtype = dtype or w.rng.choice(COMPLEX)
    grad = w.chance(0.6) if grad is None else grad
    numel = math.prod(shape)
    dims = ", ".join(map(str, shape))
    size = f"({dims},)" if len(shape) == 1 else f"({dims})"
    spelled = w.rng.choice(_SPELLING[dtype])
    rg = ", requires_grad=True" if grad else ""
    name = w.name()
    var = Var(name, shape, dtype, grad=grad, deps=frozenset({name}) if grad else frozenset())
    r = w.rng.random()
    inputs: tuple[Var, ...] = ()
    if numel == 0 or r < 0.08:
        fn = w.rng.choice(("zeros", "ones"))
        source, op = f"{name} = torch.{fn}({size}, dtype=torch.{spelled}{rg})", f"create.{fn}"
    elif r < 0.14:
        source = f"{name} = torch.full({size}, {_number(w)}, dtype=torch.{spelled}{rg})"
        op = "create.full"
    elif r < 0.26:
        seed = w.rng.randint(0, 50)
        source = (f"torch.manual_seed({seed}); {name} = torch.randn({size}, "
                  f"dtype=torch.{spelled}{rg})")
        op = "create.randn"
    elif r < 0.38:
        # a real variable times an imaginary number (float16 would make complex32)
        real = w.pick(lambda v: v.dtype in ("float32", "float64") + INTS and v.shape == shape
                      and v.dtype != "uint8") or w.create(shape, _PART[dtype])
        dtype = _whole(real.dtype)
        number = w.rng.choice(("1j", "2j", "(1+1j)", "(0.5-2j)"))
        var = _result(w, (real,), shape, dtype, name=name)
        source = (f"{name} = {real.name} * {number}" if w.chance(0.7)
                  else f"{name} = {number} * {real.name}")
        op, inputs = "complex.mul_imag", (real,)
    elif r < 0.52:
        part = _PART[dtype]
        re = w.pick(lambda v: v.dtype == part and v.shape == shape) or w.create(shape, part)
        im = w.create(shape if w.chance(0.7) else shape[1:], part)
        var = _result(w, (re, im), shape, dtype, name=name)
        source, op, inputs = f"{name} = torch.complex({re.name}, {im.name})", \
            "complex.complex", (re, im)
    elif r < 0.62:
        part = _PART[dtype]
        pairs = w.create(shape + (2,), part)
        var = _result(w, (pairs,), shape, dtype, name=name)
        source, op, inputs = f"{name} = torch.view_as_complex({pairs.name})", \
            "complex.view_as_complex", (pairs,)
    elif r < 0.68:
        part = _PART[dtype]
        radius = w.create(shape, part)
        angle = w.create(shape, part)
        var = _result(w, (radius, angle), shape, dtype, name=name)
        source, op, inputs = f"{name} = torch.polar({radius.name}, {angle.name})", \
            "complex.polar", (radius, angle)
    elif r < 0.76:
        real = w.pick(lambda v: v.dtype != "float16" and v.shape == shape) or w.create(
            shape, _PART[dtype])
        var = _result(w, (real,), shape, dtype, name=name)
        source = w.rng.choice((f"{name} = {real.name}.to(torch.{spelled})",
                               f"{name} = {real.name}.type(torch.{spelled})"))
        op, inputs = "complex.to_complex", (real,)
    else:
        values = [_value(w) for _ in range(numel)]
        var.wild = any(x in v for v in values for x in ("nan", "inf", "e"))
        typed = "" if dtype == "complex64" and w.chance(0.4) else f", dtype=torch.{spelled}"
        if not typed and all("j" not in v and "complex" not in v for v in values):
            typed = f", dtype=torch.{spelled}"
        source = f"{name} = torch.tensor({_nested(values, shape)}{typed}{rg})"
        op = "create.tensor"
    w.emit(source, op, var, inputs, "arith" if inputs else "exact")
    return var


def _pick(w: Writer) -> Var:
    return w.pick(lambda v: v.is_complex, complex_ok=True) or create(w)


def _other(w: Writer, a: Var) -> Var:
    """A second operand for complex `a`: complex mostly, real float or integer now and then,
    of a shape that broadcasts with it."""
    if w.chance(0.5):
        found = w.pick(lambda v: v is not a and v.dtype != "float16" and broadcast_shape(
            a.shape, v.shape) is not None and (v.is_complex or w.chance(0.3)), complex_ok=True)
        if found:
            return found
    shape = a.shape
    if shape and w.chance(0.3):
        shape = shape[w.rng.randint(0, len(shape)):]
    if w.chance(0.2):
        return w.create(shape, w.rng.choice(("float32", "float64", "int64")))
    return create(w, shape, a.dtype if w.chance(0.8) else None)


# ---------------------------------------------------------------------------- unary
# name: (tolerance, result kind: "same", "real", "bool"); "attr": an attribute, not a call
UNARY = {
    "neg": ("exact", "same"), "conj": ("exact", "same"), "conj_physical": ("exact", "same"),
    "exp": ("trans", "same"), "log": ("trans", "same"), "log2": ("trans", "same"),
    "log10": ("trans", "same"), "log1p": ("trans", "same"), "expm1": ("trans", "same"),
    "exp2": ("trans", "same"), "sqrt": ("trans", "same"), "rsqrt": ("trans", "same"),
    "sin": ("trans", "same"), "cos": ("trans", "same"), "tan": ("trans", "same"),
    "sinh": ("trans", "same"), "cosh": ("trans", "same"), "tanh": ("trans", "same"),
    "asin": ("trans", "same"), "acos": ("trans", "same"), "atan": ("trans", "same"),
    "asinh": ("trans", "same"), "acosh": ("trans", "same"), "atanh": ("trans", "same"),
    "sigmoid": ("trans", "same"), "reciprocal": ("arith", "same"), "sgn": ("arith", "same"),
    "square": ("arith", "same"), "abs": ("arith", "real"), "angle": ("trans", "real"),
    "isnan": ("exact", "bool"), "isinf": ("exact", "bool"), "isfinite": ("exact", "bool"),
    "isreal": ("exact", "bool"), "nan_to_num": ("exact", "same"),
}
# the parts: views (real, imag) and view_as_real, a real tensor with a last dim of 2
PARTS = ("real", "imag", "view_as_real", "real", "imag")


def unary(w: Writer) -> None:
    a = _pick(w)
    name = w.rng.choice(list(UNARY))
    tol, kind = UNARY[name]
    dtype = {"same": a.dtype, "real": _PART[a.dtype], "bool": "bool"}[kind]
    form = w.rng.choice(("function", "method", "method", "inplace"))
    if form == "inplace" and kind == "same" and name not in ("conj",) and (
            not (a.leaf and a.grad) or w.chance(0.05)):
        out = Var(a.name, a.shape, a.dtype, grad=a.grad, leaf=a.leaf and not a.grad,
                  deps=a.deps, tol=a.tol, wild=a.wild)
        w.emit(f"{a.name}.{name}_()", f"complex.{name}_", out, (a,), tol)
        return
    call = f"torch.{name}({a.name})" if form == "function" else f"{a.name}.{name}()"
    out = _result(w, (a,), a.shape, dtype, differentiable=kind != "bool")
    w.emit(f"{out.name} = {call}", f"complex.{name}", out, (a,),
           _jumpy((a,)) if kind == "bool" else tol)


def to_real(w: Writer) -> None:
    """Back to real values: .real, .imag, view_as_real, abs, angle."""
    a = _pick(w)
    name = w.rng.choice(PARTS + ("abs", "angle"))
    part = _PART[a.dtype]
    if name == "view_as_real":
        out = _result(w, (a,), a.shape + (2,), part)
        call = f"torch.view_as_real({a.name})"
    elif name in ("real", "imag"):
        out = _result(w, (a,), a.shape, part)
        call = f"{a.name}.{name}" if w.chance(0.7) else f"torch.{name}({a.name})"
    else:
        out = _result(w, (a,), a.shape, part)
        call = f"{a.name}.{name}()" if w.chance(0.6) else f"torch.{name}({a.name})"
    w.emit(f"{out.name} = {call}", f"complex.{name}", out, (a,),
           "trans" if name == "angle" else "arith" if name == "abs" else "exact")


# ---------------------------------------------------------------------------- binary
BINARY = {"add": ("+", "arith"), "sub": ("-", "arith"), "mul": ("*", "arith"),
          "div": ("/", "arith"), "pow": ("**", "trans"), "eq": ("==", "exact"),
          "ne": ("!=", "exact")}


def binary(w: Writer) -> None:
    a = _pick(w)
    name = w.rng.choice(list(BINARY))
    operator, tol = BINARY[name]
    comparison = name in ("eq", "ne")
    form = w.rng.choice(("function", "method", "operator", "operator", "number_right",
                         "number_left", "inplace"))
    if form.startswith("number"):
        number = _number(w)
        call = (f"{a.name} {operator} {number}" if form == "number_right"
                else f"{number} {operator} {a.name}")
        if w.chance(0.3):
            call = f"torch.{name}({a.name}, {number})"
        out = _result(w, (a,), a.shape, "bool" if comparison else a.dtype, not comparison)
        w.emit(f"{out.name} = {call}", f"complex.{name}", out, (a,),
               _jumpy((a,)) if comparison else tol)
        return
    b = _other(w, a)
    shape = broadcast_shape(a.shape, b.shape) or a.shape
    dtype = "bool" if comparison else _promote(a, b)
    if form == "inplace" and not comparison and (not (a.leaf and a.grad) or w.chance(0.05)):
        grad = a.grad or b.grad
        out = Var(a.name, a.shape, a.dtype, grad=grad, leaf=a.leaf and not grad,
                  deps=a.deps | (b.deps if grad else frozenset()), tol=a.tol, wild=a.wild)
        call = f"{a.name}.{name}_({b.name})" if w.chance(0.5) else \
            f"{a.name} {operator}= {b.name}"
        w.emit(call, f"complex.{name}_", out, (a, b), tol)
        return
    if w.chance(0.3):  # the complex operand on the right
        a, b = b, a
    call = {"function": f"torch.{name}({a.name}, {b.name})",
            "method": f"{a.name}.{name}({b.name})"}.get(form, f"{a.name} {operator} {b.name}")
    out = _result(w, (a, b), shape, dtype, not comparison)
    w.emit(f"{out.name} = {call}", f"complex.{name}", out, (a, b),
           _jumpy((a, b)) if comparison else tol)


def where(w: Writer) -> None:
    a = _pick(w)
    b = _other(w, a)
    shape = broadcast_shape(a.shape, b.shape) or a.shape
    cond = w.rng.choice((f"{a.name}.real > 0", f"{a.name}.abs() > 1", f"{a.name}.imag < 0"))
    out = _result(w, (a, b), shape, _promote(a, b))
    w.emit(f"{out.name} = torch.where({cond}, {a.name}, {b.name})", "complex.where", out,
           (a, b), _jumpy((a, b)))


# ---------------------------------------------------------------------------- reductions
def reduction(w: Writer) -> None:
    a = _pick(w)
    rank = len(a.shape)
    name = w.rng.choice(("sum", "sum", "mean", "prod", "std", "var", "norm", "logsumexp",
                         "cumsum", "cumprod", "vector_norm", "logcumsumexp"))
    dim = w.rng.randrange(-rank, rank) if rank else 0
    keep = w.chance(0.3)
    part = _PART[a.dtype]
    if name in ("cumsum", "cumprod", "logcumsumexp"):
        out = _result(w, (a,), a.shape, a.dtype)
        w.emit(f"{out.name} = torch.{name}({a.name}, {dim})", f"complex.{name}", out, (a,),
               "reduce")
        return
    whole = name != "logsumexp" and (w.chance(0.4) or not rank)
    if whole:
        shape: tuple[int, ...] = ()
        args = ""
    else:
        shape = tuple(1 if i == dim % rank else s for i, s in enumerate(a.shape)) if keep \
            else tuple(s for i, s in enumerate(a.shape) if i != dim % rank)
        args = f"{dim}, keepdim=True" if keep else f"{dim}"
    dtype = part if name in ("std", "var", "norm", "vector_norm") else a.dtype
    if name == "vector_norm":
        ord_ = w.rng.choice(("", ", ord=1", ", ord=float('inf')", ", ord=3"))
        dim_args = f", dim={dim}" + (", keepdim=True" if keep else "") if not whole else ""
        call = f"torch.linalg.vector_norm({a.name}{ord_}{dim_args})"
    elif name == "norm" and whole:
        call = f"{a.name}.norm()"
    else:
        call = f"{a.name}.{name}({args})" if w.chance(0.5) else \
            f"torch.{name}({a.name}{', ' + args if args else ''})"
    out = _result(w, (a,), shape, dtype)
    w.emit(f"{out.name} = {call}", f"complex.{name}", out, (a,), "reduce")


def matrix(w: Writer) -> None:
    name = w.rng.choice(("matmul", "mm", "mv", "dot", "vdot", "bmm", "addmm", "trace"))
    n, k, m, b = (w.rng.randint(1, 3) for _ in range(4))
    dtype = w.rng.choice(COMPLEX)
    shapes = {"matmul": ((n, k), (k, m)), "mm": ((n, k), (k, m)), "mv": ((n, k), (k,)),
              "dot": ((k,), (k,)), "vdot": ((k,), (k,)), "bmm": ((b, n, k), (b, k, m)),
              "addmm": ((n, k), (k, m)), "trace": ((n, m), ())}[name]
    a = w.pick(lambda v: v.is_complex and v.shape == shapes[0], complex_ok=True) or create(
        w, shapes[0], dtype)
    if name == "trace":
        out = _result(w, (a,), (), a.dtype)
        w.emit(f"{out.name} = torch.trace({a.name})", "complex.trace", out, (a,), "reduce")
        return
    other = w.pick(lambda v: v.is_complex and v.shape == shapes[1] and v is not a,
                   complex_ok=True) or create(w, shapes[1], a.dtype)
    dtype = "complex128" if "complex128" in (a.dtype, other.dtype) else "complex64"
    sa, sb = shapes
    shape = {"matmul": (n, m), "mm": (n, m), "mv": (n,), "dot": (), "vdot": (),
             "bmm": (b, n, m), "addmm": (n, m)}[name]
    if name == "addmm":
        bias = create(w, (m,), dtype)
        out = _result(w, (bias, a, other), shape, dtype)
        w.emit(f"{out.name} = torch.addmm({bias.name}, {a.name}, {other.name})",
               "complex.addmm", out, (bias, a, other), "reduce")
        return
    call = f"{a.name} @ {other.name}" if name == "matmul" and w.chance(0.5) else \
        f"torch.{name}({a.name}, {other.name})"
    out = _result(w, (a, other), shape, dtype)
    w.emit(f"{out.name} = {call}", f"complex.{name}", out, (a, other), "reduce")


# ---------------------------------------------------------------------------- shapes
def shape_op(w: Writer) -> None:
    a = _pick(w)
    rank = len(a.shape)
    name = w.rng.choice(("reshape", "flip", "roll", "unsqueeze", "transpose", "index",
                         "slice", "cat", "stack", "clone", "tril", "expand", "index_select",
                         "masked_fill", "diagonal", "repeat", "select", "setitem",
                         "to", "contiguous_conj"))
    shape = a.shape
    tol = "exact"
    inputs: tuple[Var, ...] = (a,)
    dim = w.rng.randrange(-rank, rank) if rank else 0
    if name == "reshape":
        call, shape = f"{a.name}.reshape(-1)", (a.numel,)
    elif name == "flip" and rank:
        call = f"{a.name}.flip({dim})"
    elif name == "roll" and rank:
        call = f"torch.roll({a.name}, 1, {dim})"
    elif name == "unsqueeze":
        call, shape = f"{a.name}.unsqueeze(0)", (1,) + a.shape
    elif name == "transpose" and rank >= 2:
        call, shape = f"{a.name}.mT", a.shape[:-2] + (a.shape[-1], a.shape[-2])
    elif name == "index" and rank and a.shape[0]:
        call, shape = f"{a.name}[0]", a.shape[1:]
    elif name == "slice" and rank:
        call, shape = f"{a.name}[..., :1]", a.shape[:-1] + (min(1, a.shape[-1]),)
    elif name in ("cat", "stack"):
        other = w.pick(lambda v: v.is_complex and v.shape == a.shape and v is not a,
                       complex_ok=True) or create(w, a.shape, a.dtype)
        inputs = (a, other)
        dtype = "complex128" if "complex128" in (a.dtype, other.dtype) else "complex64"
        if name == "cat" and rank:
            call = f"torch.cat([{a.name}, {other.name}])"
            shape = (2 * a.shape[0],) + a.shape[1:]
        else:
            call, shape = f"torch.stack([{a.name}, {other.name}])", (2,) + a.shape
        out = _result(w, inputs, shape, dtype)
        w.emit(f"{out.name} = {call}", f"complex.{name}", out, inputs, tol)
        return
    elif name == "tril" and rank == 2:
        call = f"{a.name}.{w.rng.choice(('tril', 'triu'))}()"
    elif name == "expand" and rank:
        call, shape = f"{a.name}.expand(2, *{a.name}.shape).clone()", (2,) + a.shape
    elif name == "index_select" and rank:
        size = a.shape[dim]
        index = [w.rng.randrange(size) for _ in range(2)] if size else []
        call = f"{a.name}.index_select({dim}, torch.tensor({index}, dtype=torch.long))"
        shape = tuple(len(index) if i == dim % rank else s for i, s in enumerate(a.shape))
    elif name == "masked_fill":
        call = f"{a.name}.masked_fill({a.name}.real < 0, {_number(w)})"
    elif name == "diagonal" and rank >= 2:
        call, shape = f"{a.name}.diagonal()", a.shape[:-2] + (min(a.shape[-2:]),)
    elif name == "repeat":
        call, shape = f"{a.name}.repeat(2)", (2 * a.shape[0],) + a.shape[1:] if rank else (2,)
        if not rank:
            call = f"{a.name}.repeat(2)"
    elif name == "select" and rank and a.shape[-1]:
        call, shape = f"{a.name}.select(-1, 0)", a.shape[:-1]
    elif name == "setitem" and rank and a.shape[0] and (not (a.leaf and a.grad)
                                                        or w.chance(0.05)):
        value = _number(w) if w.chance(0.6) else "torch.tensor(1j)"
        out = Var(a.name, a.shape, a.dtype, grad=a.grad, leaf=a.leaf and not a.grad,
                  deps=a.deps, tol=a.tol, wild=a.wild)
        w.emit(f"{a.name}[0] = {value}", "complex.setitem", out, (a,), tol)
        return
    elif name == "to":
        target = w.rng.choice(COMPLEX)
        call = f"{a.name}.to(torch.{target})"
        out = _result(w, (a,), a.shape, target)
        w.emit(f"{out.name} = {call}", "complex.to", out, (a,),
               "arith" if target == "complex64" else tol)
        return
    elif name == "contiguous_conj":
        call = f"{a.name}.conj().resolve_conj()"
    else:
        call = f"{a.name}.clone()"
    out = _result(w, inputs, shape, a.dtype)
    w.emit(f"{out.name} = {call}", f"complex.{name}", out, inputs, tol)


# ---------------------------------------------------------------------------- refusals
# calls torch refuses for complex values (ember's _complex_refusals.py gives its errors)
REFUSALS = ("torch.sort({a})", "{a}.argsort()", "torch.topk({a}.reshape(-1), 1)",
            "{a}.max()", "{a}.min()", "torch.amax({a})", "torch.maximum({a}, {a})",
            "torch.clamp({a}, 0, 1)", "{a}.clamp(min=0)", "torch.median({a})",
            "torch.unique({a})", "torch.nansum({a})", "{a}.reshape(-1).argmax()",
            "torch.cummax({a}.reshape(-1), 0)", "{a}.reshape(-1).kthvalue(1)",
            "torch.fmax({a}, {a})")


def refusal(w: Writer) -> None:
    a = _pick(w)
    text = w.rng.choice(REFUSALS).replace("{a}", a.name)
    holder = w.name()
    w.emit(f"{holder} = {text}", "complex.refused." + text.split("(")[0].replace(
        a.name, "z").strip("."), None, (a,), "shape", shows=(holder,))


# ---------------------------------------------------------------------------- autograd
_LOSSES = ("{r}.abs().sum()", "{r}.real.sum()", "{r}.imag.sum()",
           "torch.view_as_real({r}).sum()", "({r} * {r}.conj()).real.sum()",
           "{r}.angle().sum()", "({r}.abs() ** 2).sum()", "({r} * {r}).real.mean()")


def backward(w: Writer) -> None:
    """A real loss of a complex result (or of a real result made from complex values):
    backward, or a first and second derivative by autograd.grad."""
    root = w.pick(lambda v: v.grad and v.is_complex and not v.leaf, complex_ok=True) or \
        w.pick(lambda v: v.grad and v.is_complex, complex_ok=True)
    real_root = w.pick(lambda v: v.grad and v.dtype in FLOATS and any(
        d in v.deps for d in _complex_leaves(w)))
    if root is None and real_root is None:
        return
    if root is None or (real_root is not None and w.chance(0.3)):
        loss = f"{real_root.name}.sum()"
        leaves = real_root.deps
    else:
        loss = w.rng.choice(_LOSSES).replace("{r}", root.name)
        leaves = root.deps
    if w.chance(0.6):
        w.emit(f"{loss}.backward()", "autograd.backward", None, (root or real_root,))
        return
    leaf = w.rng.choice(sorted(leaves))
    leaf_var = next(v for v in w.vars if v.name == leaf)
    g1, g2 = w.name(), w.name()
    # (a gradient through complex products sums terms that may cancel: 2 |y|^2 d(angle)
    # is 0 in exact arithmetic, 1e-6 or -2e-7 in float32 from |y| = 3.75: "reduce")
    w.emit(f"{g1}, = torch.autograd.grad({loss}, [{leaf}], create_graph=True)",
           "autograd.grad", None, (root or real_root,), "reduce", shows=(g1,))
    second = "({g} * {g}.conj()).real.sum()" if leaf_var.is_complex else "({g} * {g}).sum()"
    if w.chance(0.7):
        w.emit(f"{g2}, = torch.autograd.grad({second.format(g=g1)}, [{leaf}], "
               "allow_unused=True)", "autograd.grad2", None, (root or real_root,), "reduce",
               shows=(g2,))
        w.vars.append(Var(g2, leaf_var.shape, leaf_var.dtype, tol="reduce"))
    w.vars.append(Var(g1, leaf_var.shape, leaf_var.dtype, tol="reduce"))


def _complex_leaves(w: Writer) -> set[str]:
    """The leaves that complex values were made from (complex leaves and the real inputs of
    torch.complex, polar, view_as_complex...)."""
    return {d for v in w.vars if v.is_complex for d in v.deps}


_FORWARD = ("d.exp()", "d * d", "d.abs()", "d.real", "d.imag", "d.conj()", "d.sum()",
            "torch.view_as_real(d)", "d.angle()", "d.sin()", "d.reshape(-1)", "d.sqrt()",
            "1j * d", "d / (d.abs() + 1)", "d.log()", "d.tanh()", "d.sgn()", "d.reciprocal()")


def forward_ad(w: Writer) -> None:
    """A forward-mode derivative through a complex op (a complex tangent)."""
    a = _pick(w)
    op = w.rng.choice(_FORWARD)
    tangent = w.name()
    direction = w.rng.choice(("torch.ones_like({a})", "torch.ones_like({a}) * (0.5-1j)"))
    source = ("with torch.autograd.forward_ad.dual_level():\n"
              f"    d = torch.autograd.forward_ad.make_dual({a.name}.detach(), "
              f"{direction.format(a=a.name)})\n"
              f"    {tangent} = torch.autograd.forward_ad.unpack_dual({op}).tangent")
    w.emit(source, "forward_ad.complex." + op.split("(")[0].replace("d.", "").strip(), None,
           (a,), "trans", shows=(tangent,))


FAMILIES_C = (create, unary, to_real, binary, where, reduction, matrix, shape_op, refusal,
              forward_ad, backward)
WEIGHTS_C = (3, 10, 6, 10, 2, 6, 3, 7, 2, 2, 2)


def program(w: Writer, max_ops: int) -> None:
    """The ops of a complex program: one or two complex inputs, then ops drawn mostly from
    the complex families (a real op on the real variables now and then), and often a real
    loss's backward pass."""
    for _ in range(w.rng.choice((1, 1, 2))):
        create(w)
    for _ in range(w.rng.randint(1, max_ops)):
        complex_op = w.chance(0.75)
        family = (w.rng.choices(FAMILIES_C, WEIGHTS_C)[0] if complex_op
                  else w.rng.choices(FAMILIES, WEIGHTS)[0])
        try:
            family(w)
        except (ValueError, IndexError):  # the shape model hit a case it cannot write
            pass
    if w.chance(0.6):
        backward(w)
