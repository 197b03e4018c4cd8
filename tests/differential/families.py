"""The op families a program draws from. Each family writes one or a few statements.

A family picks its operands among the program's variables (or creates new inputs), models
the result's shape, dtype and autograd state, and chooses a call form: function, method,
operator, Python number on either side, in place. Ops whose result jumps (comparisons,
rounding, argmax, sort indices) on inputs that may already differ in the last bit get the
"shape" tolerance: everything but their values is compared.
"""

from __future__ import annotations

import math

from .generator import (
    FLOATS,
    INTS,
    Var,
    Writer,
    _nested,
    broadcast_shape,
    promote,
    promote_weak,
)

_DISCONTINUOUS_TOL = "shape"


def _result(w: Writer, inputs: tuple[Var, ...], shape: tuple[int, ...], dtype: str,
            differentiable: bool = True, name: str | None = None) -> Var:
    grad = differentiable and dtype in FLOATS and any(v.grad for v in inputs)
    deps = frozenset().union(*(v.deps for v in inputs)) if grad else frozenset()
    return Var(name or w.name(), shape, dtype, grad=grad, leaf=not grad, deps=deps)


def _jumpy(inputs: tuple[Var, ...], tol: str = "exact") -> str:
    """The tolerance of a discontinuous op: exact on exact inputs, else values unchecked."""
    return tol if all(v.tol == "exact" for v in inputs) else _DISCONTINUOUS_TOL


def _inplace_target(w: Writer, var: Var) -> bool:
    """Whether `var` may be written in place: not a leaf that requires grad (torch refuses;
    written anyway now and then, for the error)."""
    return not (var.leaf and var.grad) or w.chance(0.05)


# ---------------------------------------------------------------------------- pointwise
# name: (operator, tolerance, result kind, jumps); kind: "promote", "float" (ints give the
# default float dtype), "bool"
BINARY = {
    "add": ("+", "arith", "promote", False), "sub": ("-", "arith", "promote", False),
    "mul": ("*", "arith", "promote", False), "div": ("/", "arith", "float", False),
    "floor_divide": ("//", "arith", "promote", True),
    "remainder": ("%", "arith", "promote", True), "fmod": (None, "arith", "promote", True),
    "pow": ("**", "trans", "promote", False),
    "maximum": (None, "exact", "promote", False), "minimum": (None, "exact", "promote", False),
    "fmax": (None, "exact", "promote", False), "fmin": (None, "exact", "promote", False),
    "atan2": (None, "trans", "float", False), "hypot": (None, "trans", "promote", False),
    "copysign": (None, "exact", "float", False), "xlogy": (None, "trans", "float", False),
    "logaddexp": (None, "trans", "promote", False),
    "eq": ("==", "exact", "bool", True), "ne": ("!=", "exact", "bool", True),
    "lt": ("<", "exact", "bool", True), "le": ("<=", "exact", "bool", True),
    "gt": (">", "exact", "bool", True), "ge": (">=", "exact", "bool", True),
    "logical_and": (None, "exact", "bool", True), "logical_or": (None, "exact", "bool", True),
    "logical_xor": (None, "exact", "bool", True),
    "bitwise_and": ("&", "exact", "promote", False), "bitwise_or": ("|", "exact", "promote", False),
    "bitwise_xor": ("^", "exact", "promote", False),
    "heaviside": (None, "exact", "promote", True),
}


def _binary_dtype(kind: str, dtype: str) -> str:
    if kind == "bool":
        return "bool"
    if kind == "float" and dtype not in FLOATS:
        return "float32"
    return dtype


def binary(w: Writer) -> None:
    a = w.pick()
    name = w.rng.choice(list(BINARY))
    operator, tol, kind, jumps = BINARY[name]
    form = w.rng.choice(("function", "method", "operator", "operator", "number_right",
                         "number_left", "inplace", "inplace"))
    if form == "operator" and operator is None:
        form = "function"
    if form == "number_left" and operator is None:
        form = "number_right"
    extra = ""
    if name in ("add", "sub") and w.chance(0.2):
        extra = f", alpha={w.rng.choice(('2', '-1', '0.5', '3'))}"
    if name == "div" and w.chance(0.25):
        extra = f", rounding_mode={w.rng.choice(('trunc', 'floor'))!r}"
        jumps = True
    if form.startswith("number"):
        number, number_dtype = w.scalar()
        dtype = promote_weak(a.dtype, number_dtype, True)
        inputs = (a,)
        if form == "number_right":
            call = w.rng.choice((f"torch.{name}({a.name}, {number}{extra})",
                                 f"{a.name}.{name}({number}{extra})"))
            if operator and not extra and w.chance(0.6):
                call = f"{a.name} {operator} {number}"
        else:
            call = (f"{number} {operator} {a.name}" if w.chance(0.8)
                    else f"torch.{name}({number}, {a.name}{extra})")
        out = _result(w, inputs, a.shape, _binary_dtype(kind, dtype))
        w.emit(f"{out.name} = {call}", f"binary.{name}", out, inputs,
               _jumpy(inputs) if jumps else tol)
        return
    b = w.operand_like(a)
    shape = broadcast_shape(a.shape, b.shape) or a.shape
    strong_a, strong_b = bool(a.shape), bool(b.shape)
    if strong_a == strong_b:
        dtype = promote(a.dtype, b.dtype)
    else:
        strong, weak = (a, b) if strong_a else (b, a)
        dtype = promote_weak(strong.dtype, weak.dtype, False)
    inputs = (a, b)
    tol = _jumpy(inputs) if jumps else tol
    if form == "inplace" and _inplace_target(w, a):
        call = (f"{a.name}.{name}_({b.name}{extra})" if operator is None or extra
                or w.chance(0.5) or name in ("eq", "ne", "lt", "le", "gt", "ge")
                else f"{a.name} {operator}= {b.name}")
        grad = a.dtype in FLOATS and (a.grad or b.grad)
        out = Var(a.name, a.shape, a.dtype, grad=grad, leaf=a.leaf and not grad,
                  deps=a.deps | (b.deps if grad else frozenset()), tol=a.tol, wild=a.wild)
        w.emit(call, f"binary.{name}_", out, inputs, tol)
        return
    call = {"function": f"torch.{name}({a.name}, {b.name}{extra})",
            "method": f"{a.name}.{name}({b.name}{extra})",
            "operator": f"{a.name} {operator} {b.name}"}.get(form,
                                                           f"torch.{name}({a.name}, {b.name})")
    out = _result(w, inputs, shape, _binary_dtype(kind, dtype))
    w.emit(f"{out.name} = {call}", f"binary.{name}", out, inputs, tol)


# name: (tolerance, result kind, jumps); "same" keeps the dtype, "float" makes ints float32
UNARY = {
    "neg": ("exact", "same", False), "abs": ("exact", "same", False),
    "exp": ("trans", "float", False), "log": ("trans", "float", False),
    "log2": ("trans", "float", False), "log10": ("trans", "float", False),
    "log1p": ("trans", "float", False), "expm1": ("trans", "float", False),
    "sqrt": ("arith", "float", False), "rsqrt": ("trans", "float", False),
    "sin": ("trans", "float", False), "cos": ("trans", "float", False),
    "tan": ("trans", "float", False), "asin": ("trans", "float", False),
    "acos": ("trans", "float", False), "atan": ("trans", "float", False),
    "sinh": ("trans", "float", False), "cosh": ("trans", "float", False),
    "tanh": ("trans", "float", False), "asinh": ("trans", "float", False),
    "acosh": ("trans", "float", False), "atanh": ("trans", "float", False),
    "sigmoid": ("trans", "float", False), "relu": ("exact", "same", False),
    "floor": ("exact", "same", True), "ceil": ("exact", "same", True),
    "trunc": ("exact", "same", True), "round": ("exact", "same", True),
    # (frac is x - trunc(x): exact, but it jumps at integers)
    "frac": ("exact", "same", True), "sign": ("exact", "same", True),
    "sgn": ("exact", "same", True), "signbit": ("exact", "bool", True),
    "reciprocal": ("arith", "float", False), "square": ("arith", "same", False),
    "erf": ("trans", "float", False), "exp2": ("trans", "float", False),
    "isnan": ("exact", "bool", True), "isinf": ("exact", "bool", True),
    "isfinite": ("exact", "bool", True), "logical_not": ("exact", "bool", True),
    "bitwise_not": ("exact", "same", False), "nan_to_num": ("exact", "same", False),
    "sinc": ("trans", "float", False), "deg2rad": ("arith", "float", False),
    "rad2deg": ("arith", "float", False), "logit": ("trans", "float", False),
    "positive": ("exact", "same", False),
}


def unary(w: Writer) -> None:
    a = w.pick()
    name = w.rng.choice(list(UNARY))
    tol, kind, jumps = UNARY[name]
    dtype = a.dtype if kind == "same" else "bool" if kind == "bool" else (
        a.dtype if a.dtype in FLOATS else "float32")
    tol = _jumpy((a,)) if jumps else tol
    args = ""
    if name == "round" and w.chance(0.3):
        args = f"decimals={w.rng.choice((1, 2, -1))}"
    if name == "nan_to_num" and w.chance(0.5):
        args = "nan=0.5, posinf=100.0"
    if name == "logit" and w.chance(0.5):
        args = "eps=0.01"
    form = w.rng.choice(("function", "method", "method", "inplace"))
    if form == "inplace" and kind != "bool" and _inplace_target(w, a):
        out = Var(a.name, a.shape, a.dtype, grad=a.grad, leaf=a.leaf and not a.grad,
                  deps=a.deps, tol=a.tol, wild=a.wild)
        w.emit(f"{a.name}.{name}_({args})", f"unary.{name}_", out, (a,), tol)
        return
    call = f"torch.{name}({a.name}{', ' + args if args else ''})" if form == "function" \
        else f"{a.name}.{name}({args})"
    out = _result(w, (a,), a.shape, dtype, differentiable=kind != "bool")
    w.emit(f"{out.name} = {call}", f"unary.{name}", out, (a,), tol)


def clamp(w: Writer) -> None:
    a = w.pick()
    name = w.rng.choice(("clamp", "clamp", "clamp_min", "clamp_max", "clip"))
    inputs: tuple[Var, ...] = (a,)
    if w.chance(0.3):
        bound = w.operand_like(a, dtype=a.dtype if w.chance(0.7) else None)
        inputs = (a, bound)
        low, high = bound.name, None
    else:
        low, high = w.scalar(w.rng.choice(("int", "float")))[0], w.scalar("float")[0]
    if name == "clamp_min":
        args = low
    elif name == "clamp_max":
        args = low
    else:
        args = w.rng.choice((f"{low}", f"min={low}", f"max={low}",
                             f"{low}, {high}" if high else f"max={low}"))
    inplace = w.chance(0.3) and _inplace_target(w, a)
    if inplace:
        grad = a.dtype in FLOATS and any(v.grad for v in inputs)
        out = Var(a.name, a.shape, a.dtype, grad=grad, leaf=a.leaf and not grad,
                  deps=frozenset().union(*(v.deps for v in inputs)), tol=a.tol, wild=a.wild)
        w.emit(f"{a.name}.{name}_({args})", f"pointwise.{name}_", out, inputs)
        return
    dtype = a.dtype
    if len(inputs) > 1:
        dtype = promote(a.dtype, inputs[1].dtype)
    elif "." in args and a.dtype not in FLOATS:
        dtype = "float32"
    out = _result(w, inputs, a.shape, dtype)
    call = f"torch.{name}({a.name}, {args})" if w.chance(0.5) else f"{a.name}.{name}({args})"
    w.emit(f"{out.name} = {call}", f"pointwise.{name}", out, inputs)


def ternary(w: Writer) -> None:
    """where, lerp, addcmul, addcdiv."""
    a = w.pick()
    name = w.rng.choice(("where", "where", "lerp", "addcmul", "addcdiv"))
    b = w.operand_like(a)
    if name == "where":
        cond_var = w.pick(lambda v: v.dtype == "bool" and broadcast_shape(v.shape, a.shape))
        cond = cond_var.name if cond_var and w.chance(0.5) else f"{a.name} > 0"
        if w.chance(0.2):
            b_text, inputs = w.scalar()[0], (a,)
            shape, dtype = a.shape, a.dtype
        else:
            b_text, inputs = b.name, (a, b)
            shape = broadcast_shape(a.shape, b.shape) or a.shape
            dtype = promote(a.dtype, b.dtype)
        tol = _jumpy(inputs)
        out = _result(w, inputs, shape, dtype)
        w.emit(f"{out.name} = torch.where({cond}, {a.name}, {b_text})", "ternary.where", out,
               inputs, tol)
        return
    c = w.operand_like(a)
    shape = broadcast_shape(a.shape, b.shape) or a.shape
    shape = broadcast_shape(shape, c.shape) or shape
    dtype = promote(promote(a.dtype, b.dtype), c.dtype)
    inputs = (a, b, c)
    if name == "lerp":
        weight = c.name if w.chance(0.5) else w.rng.choice(("0.5", "0.25", "2.0", "-1.0"))
        inputs = (a, b, c) if weight == c.name else (a, b)
        call = f"torch.lerp({a.name}, {b.name}, {weight})"
    else:
        value = f", value={w.rng.choice(('2', '0.5', '-1'))}" if w.chance(0.4) else ""
        call = f"torch.{name}({a.name}, {b.name}, {c.name}{value})"
    out = _result(w, inputs, shape, dtype)
    w.emit(f"{out.name} = {call}", f"ternary.{name}", out, inputs, "arith")


# ---------------------------------------------------------------------------- reductions
def _dims(w: Writer, rank: int, multi: bool) -> tuple[int, ...] | None:
    if rank == 0:
        return w.rng.choice((None, (0,), (-1,))) if w.chance(0.5) else None
    r = w.rng.random()
    if r < 0.3:
        return None
    if multi and r < 0.5 and rank >= 2:
        count = w.rng.randint(2, rank)
        return tuple(w.rng.sample(range(rank), count))
    dim = w.rng.randrange(rank)
    return (dim - rank if w.chance(0.3) else dim,)


def _reduced(shape: tuple[int, ...], dims: tuple[int, ...] | None, keep: bool):
    if dims is None:
        return tuple(1 for _ in shape) if keep else ()
    rank = max(len(shape), 1)
    norm = {d % rank for d in dims}
    if not shape:
        return ()
    return tuple(1 if i in norm else s for i, s in enumerate(shape) if keep or i not in norm)


def _dim_text(dims: tuple[int, ...], multi_form: bool) -> str:
    return str(dims[0]) if len(dims) == 1 and not multi_form else str(tuple(dims))


# name: (multiple dims, dtype=, tolerance, result kind: "same", "float", "long", "bool")
REDUCTIONS = {
    "sum": (True, True, "reduce", "sum"), "mean": (True, True, "reduce", "same"),
    "nansum": (True, True, "reduce", "sum"), "nanmean": (True, True, "reduce", "same"),
    "prod": (False, True, "reduce", "sum"), "amax": (True, False, "exact", "same"),
    "amin": (True, False, "exact", "same"), "std": (True, False, "reduce", "float"),
    "var": (True, False, "reduce", "float"), "logsumexp": (True, False, "reduce", "float"),
    "norm": (True, False, "reduce", "float"), "all": (True, False, "exact", "bool"),
    "any": (True, False, "exact", "bool"), "count_nonzero": (True, False, "exact", "long"),
    "argmax": (False, False, "exact", "long"), "argmin": (False, False, "exact", "long"),
    "max": (False, False, "exact", "pair"), "min": (False, False, "exact", "pair"),
    "median": (False, False, "exact", "pair"), "var_mean": (True, False, "reduce", "float2"),
    "std_mean": (True, False, "reduce", "float2"), "aminmax": (False, False, "exact", "same2"),
}


def reduction(w: Writer) -> None:
    a = w.pick()
    name = w.rng.choice(list(REDUCTIONS))
    multi, has_dtype, tol, kind = REDUCTIONS[name]
    dims = _dims(w, len(a.shape), multi)
    if name == "logsumexp" and dims is None:
        dims = (0,) if a.shape else (0,)
    keep = w.chance(0.35)
    args = []
    if dims is not None:
        key = "dim=" if w.chance(0.3) else ""
        args.append(key + _dim_text(dims, multi and w.chance(0.3)))
        if w.chance(0.6):
            args.append(f"keepdim={keep}")
        else:
            keep = False
    else:
        keep = False
    if name in ("std", "var", "var_mean", "std_mean") and w.chance(0.4):
        args.append(w.rng.choice(("correction=0", "unbiased=False", "correction=2")))
    if name == "norm":  # norm's first positional parameter is p: dims go by keyword
        args = [("dim=" + a if a[0] in "(-0123456789" else a) for a in args]
        if w.chance(0.5):
            args.append("p=" + w.rng.choice(("1", "float('inf')", "3", "0")))
    dtype_arg = None
    if has_dtype and w.chance(0.25):
        dtype_arg = w.rng.choice(("float64", "float32", "int64", "float16", "int32"))
        args.append(f"dtype=torch.{dtype_arg}")
    shape = _reduced(a.shape, dims, keep)
    if kind == "same" and a.dtype not in FLOATS and name in ("mean", "nanmean"):
        dtype = a.dtype
    elif kind == "sum":
        dtype = "int64" if a.dtype in INTS or a.dtype == "bool" else a.dtype
    elif kind in ("float", "float2"):
        dtype = a.dtype if a.dtype in FLOATS else "float32"
    elif kind == "long":
        dtype = "int64"
    elif kind == "bool":
        dtype = "bool"
    else:
        dtype = a.dtype
    dtype = dtype_arg or dtype
    if name in ("argmax", "argmin", "max", "min", "median", "aminmax"):
        tol = _jumpy((a,), tol)
    call = (f"torch.{name}({', '.join([a.name] + args)})" if w.chance(0.5)
            else f"{a.name}.{name}({', '.join(args)})")
    if name == "aminmax":
        kept = [x for x in args if x.startswith(("dim=", "keepdim="))]
        call = f"torch.aminmax({', '.join([a.name] + kept)})"
    if kind in ("pair", "float2", "same2") and (dims is not None or kind != "pair"):
        out = _result(w, (a,), shape, dtype, differentiable=name != "aminmax")
        w.emit(f"{out.name} = {call}", f"reduce.{name}", out, (a,), tol)
        out.shape = shape  # a tuple: the model only needs its name
        w.vars = [v for v in w.vars if v.name != out.name]
        first = _result(w, (a,), shape, dtype)
        w.emit(f"{first.name} = {out.name}[0]", "reduce.item0", first, (out,), tol)
        return
    out = _result(w, (a,), shape, dtype, differentiable=kind not in ("long", "bool"))
    w.emit(f"{out.name} = {call}", f"reduce.{name}", out, (a,), tol)


def cumulative(w: Writer) -> None:
    a = w.pick()
    name = w.rng.choice(("cumsum", "cumprod", "cummax", "cummin"))
    rank = len(a.shape)
    dim = w.rng.randrange(-max(rank, 1), max(rank, 1))
    args = [str(dim) if w.chance(0.7) else f"dim={dim}"]
    dtype = a.dtype
    if name in ("cumsum", "cumprod"):
        dtype = "int64" if a.dtype in INTS or a.dtype == "bool" else a.dtype
        if w.chance(0.25):
            dtype = w.rng.choice(("float64", "int64", "float32"))
            args.append(f"dtype=torch.{dtype}")
    if name in ("cumsum", "cumprod") and w.chance(0.15) and _inplace_target(w, a):
        out = Var(a.name, a.shape, a.dtype, grad=a.grad, leaf=a.leaf and not a.grad,
                  deps=a.deps, tol=a.tol, wild=a.wild)
        w.emit(f"{a.name}.{name}_({args[0]})", f"cumulative.{name}_", out, (a,), "reduce")
        return
    call = f"torch.{name}({a.name}, {', '.join(args)})" if w.chance(0.5) else \
        f"{a.name}.{name}({', '.join(args)})"
    tol = "reduce" if name in ("cumsum", "cumprod") else _jumpy((a,))
    out = _result(w, (a,), a.shape, dtype)
    w.emit(f"{out.name} = {call}", f"cumulative.{name}", out, (a,), tol)
    if name in ("cummax", "cummin"):
        w.vars = [v for v in w.vars if v.name != out.name]
        values = _result(w, (a,), a.shape, a.dtype)
        w.emit(f"{values.name} = {out.name}.values", "cumulative.values", values, (out,), tol)


def softmax(w: Writer) -> None:
    a = w.pick()
    name = w.rng.choice(("softmax", "log_softmax"))
    rank = max(len(a.shape), 1)
    dim = w.rng.randrange(-rank, rank)
    dtype = a.dtype if a.dtype in FLOATS else "float32"
    extra = ""
    if w.chance(0.25):
        dtype = w.rng.choice(("float64", "float32"))
        extra = f", dtype=torch.{dtype}"
    call = w.rng.choice((f"torch.{name}({a.name}, {dim}{extra})",
                         f"{a.name}.{name}({dim}{extra})",
                         f"torch.nn.functional.{name}({a.name}, dim={dim}{extra})"))
    out = _result(w, (a,), a.shape, dtype)
    w.emit(f"{out.name} = {call}", f"nn.{name}", out, (a,), "reduce")


# ---------------------------------------------------------------------------- shapes
def shape_op(w: Writer) -> None:
    a = w.pick()
    shape, rank = a.shape, len(a.shape)
    options = ["reshape", "flatten", "unsqueeze", "clone", "contiguous", "flip", "roll",
               "repeat", "expand", "cat", "stack", "detach"]
    if rank >= 1:
        options += ["squeeze", "narrow", "select", "unbind", "split", "chunk", "movedim",
                    "view_flat"]
    if rank >= 2:
        options += ["transpose", "t", "permute", "mT", "tril", "triu", "diagonal", "swapaxes",
                    "T"]
    if rank <= 2:
        options += ["t"]
    name = w.rng.choice(options)
    out_shape, call, differentiable = shape, "", True
    tuple_out = False
    if name == "reshape":
        out_shape = tuple(reversed(shape)) if w.chance(0.5) else (a.numel,)
        text = ", ".join(map(str, out_shape)) if out_shape else "()"
        if w.chance(0.3) and out_shape:
            text = "-1" if len(out_shape) == 1 else text
        call = w.rng.choice((f"{a.name}.reshape({text})", f"torch.reshape({a.name}, ({text},))",
                             f"{a.name}.view({text})"))
        if "((" in call or "(()," in call:
            call = f"{a.name}.reshape({text})"
    elif name == "view_flat":
        if w.chance(0.3):
            _view_dtype(w, a)
            return
        out_shape, call = (a.numel,), f"{a.name}.view(-1)"
    elif name == "flatten":
        out_shape = (a.numel,) if rank else (1,)
        call = f"{a.name}.flatten()" if w.chance(0.5) else f"torch.flatten({a.name})"
    elif name == "unsqueeze":
        dim = w.rng.randint(-rank - 1, rank)
        d = dim % (rank + 1)
        out_shape = shape[:d] + (1,) + shape[d:]
        call = f"{a.name}.unsqueeze({dim})"
    elif name == "squeeze":
        if w.chance(0.5):
            out_shape, call = tuple(s for s in shape if s != 1), f"{a.name}.squeeze()"
        else:
            dim = w.rng.randrange(rank)
            out_shape = shape[:dim] + shape[dim + 1:] if shape[dim] == 1 else shape
            call = f"torch.squeeze({a.name}, {dim})"
    elif name in ("clone", "contiguous", "detach"):
        call = f"{a.name}.{name}()"
        differentiable = name != "detach"
    elif name == "flip":
        dims = tuple(w.rng.sample(range(rank), w.rng.randint(1, rank))) if rank else ()
        call = f"torch.flip({a.name}, {dims})"
    elif name == "roll":
        call = f"torch.roll({a.name}, {w.rng.randint(-3, 3)}" + (
            f", {w.rng.randrange(rank)})" if rank and w.chance(0.6) else ")")
    elif name == "repeat":
        reps = tuple(w.rng.randint(1, 2) for _ in range(rank + w.rng.randint(0, 1))) or (2,)
        padded = (1,) * (len(reps) - rank) + shape
        out_shape = tuple(s * r for s, r in zip(padded, reps))
        call = f"{a.name}.repeat{reps if len(reps) > 1 else '(' + str(reps[0]) + ')'}"
    elif name == "expand":
        target = tuple(2 if s == 1 and w.chance(0.6) else s for s in shape)
        if w.chance(0.3):
            target = (2,) + target
        out_shape = target
        text = ", ".join(str(-1 if (i >= len(target) - rank and w.chance(0.2)) else t)
                         for i, t in enumerate(target))
        call = f"{a.name}.expand({text})" if target else f"{a.name}.expand(())"
    elif name in ("cat", "stack"):
        b = w.pick(lambda v: v.shape == shape and v is not a) or w.create(shape, a.dtype)
        if name == "cat":
            if rank == 0:
                out_shape = ()
                dim = 0
            else:
                dim = w.rng.randrange(rank)
                out_shape = shape[:dim] + (shape[dim] * 2,) + shape[dim + 1:]
        else:
            dim = w.rng.randint(0, rank)
            out_shape = shape[:dim] + (2,) + shape[dim:]
        dtype = promote(a.dtype, b.dtype)
        out = _result(w, (a, b), out_shape, dtype)
        w.emit(f"{out.name} = torch.{name}([{a.name}, {b.name}], {dim})", f"shape.{name}", out,
               (a, b))
        return
    elif name == "narrow":
        dim = w.rng.randrange(rank)
        length = w.rng.randint(0, shape[dim]) if shape[dim] else 0
        start = w.rng.randint(0, shape[dim] - length)
        out_shape = shape[:dim] + (length,) + shape[dim + 1:]
        call = f"{a.name}.narrow({dim}, {start}, {length})"
    elif name == "select":
        dim = w.rng.randrange(rank)
        index = w.rng.randint(-shape[dim], max(shape[dim] - 1, 0)) if shape[dim] else 0
        out_shape = shape[:dim] + shape[dim + 1:]
        call = f"{a.name}.select({dim}, {index})"
    elif name in ("unbind", "split", "chunk"):
        dim = w.rng.randrange(rank)
        args = {"unbind": f"{dim}", "split": f"{w.rng.randint(1, 2)}, {dim}",
                "chunk": f"{w.rng.randint(1, 3)}, {dim}"}[name]
        call = f"torch.{name}({a.name}, {args})"
        tuple_out = True
    elif name == "movedim":
        src, dst = w.rng.randrange(rank), w.rng.randrange(rank)
        dims = list(shape)
        dims.insert(dst, dims.pop(src))
        out_shape = tuple(dims)
        call = f"torch.movedim({a.name}, {src}, {dst})"
    elif name in ("transpose", "swapaxes"):
        d0, d1 = w.rng.sample(range(rank), 2)
        dims = list(shape)
        dims[d0], dims[d1] = dims[d1], dims[d0]
        out_shape = tuple(dims)
        call = f"{a.name}.{name}({d0}, {d1})"
    elif name == "t":
        out_shape = tuple(reversed(shape)) if rank <= 2 else shape
        call = f"{a.name}.t()"
    elif name == "T":
        out_shape = tuple(reversed(shape))
        call = f"{a.name}.T"
    elif name == "mT":
        out_shape = shape[:-2] + (shape[-1], shape[-2])
        call = f"{a.name}.mT"
    elif name == "permute":
        order = list(range(rank))
        w.rng.shuffle(order)
        out_shape = tuple(shape[i] for i in order)
        call = f"{a.name}.permute{tuple(order)}"
    elif name in ("tril", "triu"):
        call = f"torch.{name}({a.name}, {w.rng.randint(-1, 1)})"
    elif name == "diagonal":
        offset = w.rng.randint(-1, 1)
        length = max(0, min(shape[0] + min(offset, 0), shape[1] - max(offset, 0)))
        out_shape = shape[2:] + (length,)
        call = f"{a.name}.diagonal({offset})"
    if tuple_out:
        out = Var(w.name(), (), a.dtype)
        w.emit(f"{out.name} = {call}", f"shape.{name}", None, (a,), shows=(out.name,))
        piece = _result(w, (a,), shape, a.dtype)
        piece.shape = shape[:dim] + shape[dim + 1:] if name == "unbind" else None
        if piece.shape is None:
            piece.shape = shape  # unknown split size; a wrong model only makes an error case
        w.emit(f"{piece.name} = {out.name}[0]", "shape.piece", piece, (a,))
        return
    out = _result(w, (a,), out_shape, a.dtype, differentiable=differentiable)
    w.emit(f"{out.name} = {call}", f"shape.{name}", out, (a,))


_ITEMSIZE = {"bool": 1, "uint8": 1, "int8": 1, "int16": 2, "int32": 4, "int64": 8,
             "float16": 2, "float32": 4, "float64": 8}


def _view_dtype(w: Writer, a: Var) -> None:
    """a.view(dtype): the same bytes as another dtype, mostly of the same element size
    (another size grows or shrinks the last dim, or raises). Its values show a float's bits,
    so they are compared only where the source's are exact and ordinary (the last bit of an
    inexact op, or a nan's sign, would show as another integer)."""
    size = _ITEMSIZE[a.dtype]
    same = [d for d, n in _ITEMSIZE.items() if n == size and d != a.dtype]
    dtype = w.rng.choice(same) if same and w.chance(0.7) else w.rng.choice(tuple(_ITEMSIZE))
    shape, new = a.shape, _ITEMSIZE[dtype]
    if shape and new != size:
        last = shape[-1] * size // new
        shape = shape[:-1] + (last if last * new == shape[-1] * size else shape[-1],)
    tol = "exact" if a.tol == "exact" and not a.wild else _DISCONTINUOUS_TOL
    call = f"{a.name}.view(torch.{dtype})" if w.chance(0.8) else \
        f"{a.name}.view(dtype=torch.{dtype})"
    out = _result(w, (a,), shape, dtype, differentiable=False)
    w.emit(f"{out.name} = {call}", "shape.view_dtype", out, (a,), tol)


# ---------------------------------------------------------------------------- indexing
def _index(w: Writer, shape: tuple[int, ...]) -> tuple[str, tuple[int, ...], bool]:
    """An index expression for a tensor of `shape`, the result's shape, and whether the
    result is a view."""
    rank = len(shape)
    r = w.rng.random()
    if rank == 0:
        return w.rng.choice((("...", shape, True), ("None", (1,), True), ("()", (), True))) \
            if r < 0.8 else ("0", (), True)
    if r < 0.25:
        i = w.rng.randint(-shape[0], shape[0] - 1) if shape[0] else 0
        if w.chance(0.05):
            i = shape[0]  # out of range: IndexError
        return str(i), shape[1:], True
    if r < 0.45:
        start = w.rng.choice((None, 0, 1, -1))
        stop = w.rng.choice((None, 2, -1, 3))
        step = w.rng.choice((None, None, 2))
        text = f"{'' if start is None else start}:{'' if stop is None else stop}" + (
            f":{step}" if step else "")
        length = len(range(shape[0])[slice(start, stop, step)])
        return text, (length,) + shape[1:], True
    if r < 0.55:
        i = w.rng.randrange(shape[-1]) if shape[-1] else 0
        return f"..., {i}", shape[:-1], True
    if r < 0.62:
        return ":, None" if rank >= 1 else "None", shape[:1] + (1,) + shape[1:], True
    if r < 0.78:
        count = w.rng.randint(0, 3)
        values = [w.rng.randint(-shape[0], shape[0] - 1) for _ in range(count)] if shape[0] \
            else []
        return f"torch.tensor({values}, dtype=torch.long)", (count,) + shape[1:], False
    if r < 0.9:
        mask = [w.chance(0.5) for _ in range(shape[0])]
        return f"torch.tensor({mask})", (sum(mask),) + shape[1:], False
    if rank >= 2:
        i = w.rng.randrange(shape[1]) if shape[1] else 0
        return f"1:, {i}", (max(shape[0] - 1, 0),) + shape[2:], True
    return ":", shape, True


def getitem(w: Writer) -> None:
    a = w.pick()
    index, shape, _ = _index(w, a.shape)
    out = _result(w, (a,), shape, a.dtype)
    w.emit(f"{out.name} = {a.name}[{index}]", "index.getitem", out, (a,))


def setitem(w: Writer) -> None:
    a = w.pick(lambda v: _inplace_target(w, v)) or w.pick()
    index, shape, _ = _index(w, a.shape)
    if w.chance(0.5):
        value, inputs = w.scalar()[0], (a,)
    else:
        source = w.create(shape[w.rng.randint(0, len(shape)):] if shape else (),
                          w.rng.choice((a.dtype, a.dtype, w.dtype())))
        value, inputs = source.name, (a, source)
    grad = a.dtype in FLOATS and any(v.grad for v in inputs)
    out = Var(a.name, a.shape, a.dtype, grad=grad, leaf=a.leaf and not grad,
              deps=frozenset().union(*(v.deps for v in inputs)), tol=a.tol, wild=a.wild)
    w.emit(f"{a.name}[{index}] = {value}", "index.setitem", out, inputs)


def index_op(w: Writer) -> None:
    a = w.pick(lambda v: len(v.shape) >= 1) or w.create((3,))
    name = w.rng.choice(("index_select", "gather", "masked_fill", "masked_select", "take",
                         "take_along_dim", "scatter", "index_add", "index_fill",
                         "masked_fill_", "index_fill_", "where1", "nonzero"))
    rank, shape = len(a.shape), a.shape
    dim = w.rng.randrange(rank)
    size = shape[dim]
    index = [w.rng.randrange(size) for _ in range(w.rng.randint(0, 3))] if size else []
    idx = f"torch.tensor({index}, dtype=torch.long)"
    inputs: tuple[Var, ...] = (a,)
    differentiable = True
    tol = "exact"
    if name == "index_select":
        out_shape = shape[:dim] + (len(index),) + shape[dim + 1:]
        call = f"torch.index_select({a.name}, {dim}, {idx})"
    elif name in ("gather", "take_along_dim"):
        ishape = tuple(w.rng.randint(1, 2) if i != dim else w.rng.randint(1, 3)
                       for i in range(rank))
        ishape = tuple(min(s, t) if i != dim else s for i, (s, t) in enumerate(zip(ishape, shape)))
        values = [w.rng.randrange(size) if size else 0 for _ in range(math.prod(ishape))]
        literal = _nested([str(v) for v in values], ishape)
        call = f"torch.{name}({a.name}, {'' if name == 'take_along_dim' else str(dim) + ', '}" \
               f"torch.tensor({literal}){', dim=' + str(dim) if name == 'take_along_dim' else ''})"
        out_shape = ishape
    elif name in ("masked_fill", "masked_fill_"):
        cond = f"{a.name} > 0" if w.chance(0.7) else "torch.tensor(True)"
        value = w.scalar()[0]
        if w.chance(0.2):
            value = "torch.tensor(2.5, requires_grad=True)"
        if name.endswith("_") and _inplace_target(w, a):
            out = Var(a.name, a.shape, a.dtype, grad=a.grad, leaf=a.leaf and not a.grad,
                      deps=a.deps, tol=a.tol, wild=a.wild)
            w.emit(f"{a.name}.masked_fill_({cond}, {value})", "index.masked_fill_", out, (a,),
                   _jumpy((a,)))
            return
        out_shape, call = shape, f"{a.name}.masked_fill({cond}, {value})"
        tol = _jumpy((a,))
    elif name == "masked_select":
        out_shape, call = (-1,), f"torch.masked_select({a.name}, {a.name} > 0)"
        tol = _jumpy((a,))
    elif name == "take":
        flat = [w.rng.randrange(a.numel) for _ in range(2)] if a.numel else []
        out_shape, call = (len(flat),), f"torch.take({a.name}, torch.tensor({flat}))"
    elif name in ("scatter", "index_add"):
        src = w.create(shape, a.dtype if w.chance(0.8) else w.dtype())
        inputs = (a, src)
        if name == "scatter":
            values = [w.rng.randrange(size) if size else 0 for _ in range(a.numel)]
            literal = _nested([str(v) for v in values], shape)
            reduce = w.rng.choice(("", "", ", reduce='add'", ", reduce='multiply'"))
            call = f"{a.name}.scatter({dim}, torch.tensor({literal}), {src.name}{reduce})"
            tol = "arith"
        else:
            values = [w.rng.randrange(size) for _ in range(size)] if size else []
            call = f"{a.name}.index_add({dim}, torch.tensor({values}), {src.name})"
            tol = "arith"
        out_shape = shape
    elif name in ("index_fill", "index_fill_"):
        value = w.scalar()[0]
        if name.endswith("_") and _inplace_target(w, a):
            out = Var(a.name, a.shape, a.dtype, grad=a.grad, leaf=a.leaf and not a.grad,
                      deps=a.deps, tol=a.tol, wild=a.wild)
            w.emit(f"{a.name}.index_fill_({dim}, {idx}, {value})", "index.index_fill_", out,
                   (a,))
            return
        out_shape, call = shape, f"{a.name}.index_fill({dim}, {idx}, {value})"
    elif name == "where1":
        out = Var(w.name(), (), "int64")
        w.emit(f"{out.name} = torch.where({a.name} > 0)", "index.where_cond", None, (a,),
               _jumpy((a,)), shows=(out.name,))
        return
    else:
        out_shape, call = (-1, rank), f"torch.nonzero({a.name})"
        differentiable, tol = False, _jumpy((a,))
    out = _result(w, inputs, out_shape, a.dtype if name not in ("nonzero",) else "int64",
                  differentiable=differentiable)
    w.emit(f"{out.name} = {call}", f"index.{name}", out, inputs, tol)


# ---------------------------------------------------------------------------- in place on views
_VIEWS = ("[0]", "[:, 1]", ".t()", ".diagonal()", ".narrow(0, 0, 1)", ".view(-1)", "[1:]",
          ".unsqueeze(0)", ".transpose(0, 1)", ".expand(2, {s})", "[..., ::2]", ".T", ".mT",
          ".select(-1, 0)", ".squeeze()", ".unbind()[0]", ".split(1)[0]", ".detach()")
_VIEW_WRITES = ("mul_(2)", "add_({o})", "zero_()", "fill_({n})", "copy_({o})", "clamp_(-1, 1)",
                "sub_({o}, alpha=2)", "exp_()", "neg_()", "div_(2)", "pow_(2)", "sqrt_()",
                "relu_()", "masked_fill_({v} > 0, 0.5)", "t_()", "transpose_(0, -1)",
                "squeeze_()", "unsqueeze_(0)", "gt_(0)", "abs_()", "floor_()", "sigmoid_()",
                "tanh_()", "lerp_({o}, 0.5)", "addcmul_({o}, {o})", "mul_({o})")


def view_inplace(w: Writer) -> None:
    """A view of a tensor (often a non-leaf that requires grad), written in place."""
    a = w.pick(lambda v: len(v.shape) >= 2) or w.pick(lambda v: len(v.shape) >= 1)
    if a is None:
        return
    if a.leaf and a.grad and w.chance(0.85):
        base = _result(w, (a,), a.shape, a.dtype)
        w.emit(f"{base.name} = {a.name} * 1" if w.chance(0.5) else f"{base.name} = "
               f"{a.name}.clone()", "view.base", base, (a,))
        a = base
    view = w.rng.choice(_VIEWS).replace("{s}", ", ".join(map(str, a.shape)))
    context = w.chance(0.15)  # under no_grad
    v = Var(w.name(), (), a.dtype, grad=a.grad, leaf=False, deps=a.deps)
    write = w.rng.choice(_VIEW_WRITES)
    other = w.create((), a.dtype if w.chance(0.7) else w.dtype(), grad=w.chance(0.3)) \
        if "{o}" in write else None
    write = write.replace("{o}", other.name if other else "").replace("{v}", v.name)
    write = write.replace("{n}", w.scalar()[0])
    source = f"{v.name} = {a.name}{view}\n{v.name}.{write}"
    if context:
        source = "with torch.no_grad():\n    " + source.replace("\n", "\n    ")
    inputs = (a, other) if other else (a,)
    grad = a.dtype in FLOATS and any(x.grad for x in inputs) and not context
    out = Var(a.name, a.shape, a.dtype, grad=grad or a.grad, leaf=a.leaf and not grad,
              deps=frozenset().union(*(x.deps for x in inputs)), tol=a.tol, wild=a.wild)
    tol = "trans" if any(f in write for f in ("exp", "sqrt", "sigmoid", "tanh", "pow")) \
        else "arith"
    w.emit(source, f"view.{view.split('(')[0].strip('.[]') or 'index'}.{write.split('(')[0]}",
           out, inputs, tol, shows=(v.name, a.name))


# ---------------------------------------------------------------------------- matrices
def matmul(w: Writer) -> None:
    name = w.rng.choice(("matmul", "matmul_op", "mm", "bmm", "mv", "dot", "outer", "inner",
                         "addmm", "einsum", "vdot", "matmul_batched", "trace"))
    n, k, m, b = (w.rng.choice((0, 1, 2, 3)) if w.empty else w.rng.randint(1, 3)
                  for _ in range(4))
    dtype = w.rng.choice(("float32", "float32", "float64", "float16", "int64", "int32"))
    shapes = {"matmul": ((n, k), (k,) if w.chance(0.3) else (k, m)),
              "matmul_op": ((k,), (k, m)), "matmul_batched": ((b, n, k), (k, m)),
              "mm": ((n, k), (k, m)), "bmm": ((b, n, k), (b, k, m)), "mv": ((n, k), (k,)),
              "dot": ((k,), (k,)), "vdot": ((k,), (k,)), "outer": ((n,), (m,)),
              "inner": ((n, k), (m, k)), "addmm": ((n, k), (k, m)), "einsum": ((n, k), (k, m)),
              "trace": ((n, m), ())}[name]
    a = w.pick(lambda v: v.shape == shapes[0]) or w.create(shapes[0], dtype)
    if name == "trace":
        out = _result(w, (a,), (), a.dtype if a.dtype in FLOATS else "int64")
        w.emit(f"{out.name} = torch.trace({a.name})", "matrix.trace", out, (a,), "reduce")
        return
    if w.chance(0.05):  # mismatched inner dimensions: torch's error
        shapes = (shapes[0], tuple(s + 1 for s in shapes[1]))
    other = w.pick(lambda v: v.shape == shapes[1] and v is not a) or w.create(
        shapes[1], a.dtype if w.chance(0.85) else w.dtype())
    dtype = promote(a.dtype, other.dtype)
    sa, sb = shapes
    if name == "matmul_op":
        call, shape = f"{a.name} @ {other.name}", (sb[1],)
    elif name in ("matmul", "mm"):
        call = f"torch.{name}({a.name}, {other.name})"
        shape = (sa[0],) + sb[1:]
    elif name == "matmul_batched":
        call, shape = f"torch.matmul({a.name}, {other.name})", (sa[0], sa[1], sb[1])
    elif name == "bmm":
        call, shape = f"torch.bmm({a.name}, {other.name})", (sa[0], sa[1], sb[2])
    elif name == "mv":
        call, shape = f"{a.name}.mv({other.name})", (sa[0],)
    elif name in ("dot", "vdot"):
        call, shape = f"torch.{name}({a.name}, {other.name})", ()
    elif name == "outer":
        call, shape = f"torch.outer({a.name}, {other.name})", (sa[0], sb[0])
    elif name == "inner":
        call, shape = f"torch.inner({a.name}, {other.name})", (sa[0], sb[0])
    elif name == "addmm":
        bias = w.create((sb[1],), dtype)
        out = _result(w, (bias, a, other), (sa[0], sb[1]), dtype)
        beta = w.rng.choice(("", ", beta=0.5", ", alpha=2"))
        w.emit(f"{out.name} = torch.addmm({bias.name}, {a.name}, {other.name}{beta})",
               "matrix.addmm", out, (bias, a, other), "reduce")
        return
    else:
        call, shape = f"torch.einsum('ij,jk->ik', {a.name}, {other.name})", (sa[0], sb[1])
    out = _result(w, (a, other), shape, dtype)
    w.emit(f"{out.name} = {call}", f"matrix.{name}", out, (a, other), "reduce")


def linalg(w: Writer) -> None:
    n = w.rng.randint(1, 3)
    a = w.pick(lambda v: v.shape == (n, n) and v.dtype in FLOATS) or w.create(
        (n, n), w.rng.choice(("float32", "float64")))
    name = w.rng.choice(("det", "inverse", "matrix_norm", "vector_norm", "solve", "norm"))
    if name == "det":
        out, call, tol = _result(w, (a,), (), a.dtype), f"torch.det({a.name})", "reduce"
    elif name == "inverse":
        out, call, tol = _result(w, (a,), (n, n), a.dtype), f"torch.inverse({a.name})", "shape"
    elif name == "matrix_norm":
        ord_ = w.rng.choice(("'fro'", "'nuc'", "2", "1", "float('inf')", "-1"))
        out = _result(w, (a,), (), a.dtype)
        call, tol = f"torch.linalg.matrix_norm({a.name}, ord={ord_})", "reduce"
    elif name == "vector_norm":
        ord_ = w.rng.choice(("2", "1", "float('inf')", "0", "3.5"))
        out = _result(w, (a,), (), a.dtype)
        call, tol = f"torch.linalg.vector_norm({a.name}, ord={ord_})", "reduce"
    elif name == "norm":
        out = _result(w, (a,), (), a.dtype)
        call, tol = f"torch.linalg.norm({a.name})", "reduce"
    else:
        b = w.create((n,), a.dtype)
        out = _result(w, (a, b), (n,), a.dtype)
        w.emit(f"{out.name} = torch.linalg.solve({a.name}, {b.name})", "linalg.solve", out,
               (a, b), "shape")
        return
    w.emit(f"{out.name} = {call}", f"linalg.{name}", out, (a,), tol)


# ---------------------------------------------------------------------------- sorting
def sorting(w: Writer) -> None:
    a = w.pick()
    rank = len(a.shape)
    name = w.rng.choice(("sort", "argsort", "topk", "kthvalue", "msort", "unique",
                         "searchsorted", "sort_values"))
    dim = w.rng.randrange(-max(rank, 1), max(rank, 1))
    size = a.shape[dim] if rank else 1
    tol = _jumpy((a,))
    if name in ("sort", "sort_values"):
        desc = ", descending=True" if w.chance(0.4) else ""
        stable = ", stable=True" if w.chance(0.3) else ""
        out = Var(w.name(), a.shape, a.dtype)
        w.emit(f"{out.name} = torch.sort({a.name}, {dim}{desc}{stable})", "sort.sort", None,
               (a,), tol, shows=(out.name,))
        values = _result(w, (a,), a.shape, a.dtype)
        w.emit(f"{values.name} = {out.name}.values", "sort.values", values, (a,), tol)
        return
    if name == "argsort":
        out = _result(w, (a,), a.shape, "int64", differentiable=False)
        call = f"torch.argsort({a.name}, dim={dim}, descending={w.chance(0.5)})"
    elif name in ("topk", "kthvalue"):
        k = w.rng.randint(1, max(size, 1)) if w.chance(0.95) else size + 1
        holder = Var(w.name(), (), a.dtype)
        call = (f"torch.topk({a.name}, {k}, dim={dim}, largest={w.chance(0.7)})"
                if name == "topk" else f"torch.kthvalue({a.name}, {k}, {dim})")
        w.emit(f"{holder.name} = {call}", f"sort.{name}", None, (a,), tol, shows=(holder.name,))
        shape = list(a.shape)
        if rank:
            if name == "topk":
                shape[dim] = k
            else:
                shape.pop(dim)
        values = _result(w, (a,), tuple(shape), a.dtype)
        w.emit(f"{values.name} = {holder.name}[0]", "sort.values", values, (a,), tol)
        return
    elif name == "msort":
        out = _result(w, (a,), a.shape, a.dtype)
        call = f"torch.msort({a.name})"
    elif name == "unique":
        options = w.rng.choice(("", ", return_inverse=True", ", return_counts=True",
                                ", return_inverse=True, return_counts=True"))
        if options:
            holder = Var(w.name(), (), a.dtype)
            w.emit(f"{holder.name} = torch.unique({a.name}{options})", "sort.unique", None,
                   (a,), tol, shows=(holder.name,))
            return
        out = _result(w, (a,), (-1,), a.dtype, differentiable=False)
        call = f"torch.unique({a.name})"
    else:
        seq = w.create((w.rng.randint(0, 4),), a.dtype if w.chance(0.8) else w.dtype(),
                       grad=False)
        w.emit(f"{seq.name} = {seq.name}.sort().values", "sort.prepare", seq, (seq,))
        out = _result(w, (a,), a.shape, "int64", differentiable=False)
        right = ", right=True" if w.chance(0.3) else ""
        call = f"torch.searchsorted({seq.name}, {a.name}{right})"
        if rank > 1:
            call = f"torch.searchsorted({seq.name}, {a.name}.flatten(){right})"
    w.emit(f"{out.name} = {call}", f"sort.{name}", out, (a,), tol)


# ---------------------------------------------------------------------------- conversions
def conversion(w: Writer) -> None:
    a = w.pick()
    target = w.dtype()
    form = w.rng.choice(("to", "method", "type_as", "item", "tolist", "to_kw"))
    short = {"float32": "float", "float64": "double", "float16": "half", "int64": "long",
             "int32": "int", "int16": "short", "uint8": "byte", "int8": "char", "bool": "bool"}
    if form in ("item", "tolist"):
        holder = Var(w.name(), (), a.dtype)
        call = f"{a.name}.item()" if form == "item" else f"{a.name}.tolist()"
        w.emit(f"{holder.name} = {call}", f"convert.{form}", None, (a,), a.tol,
               shows=(holder.name,))
        return
    if form == "type_as":
        other = w.pick(lambda v: v is not a) or a
        target = other.dtype
        call = f"{a.name}.type_as({other.name})"
    elif form == "method":
        call = f"{a.name}.{short[target]}()"
    elif form == "to_kw":
        call = f"{a.name}.to(dtype=torch.{target})"
    else:
        call = f"{a.name}.to(torch.{target})"
    tol = a.tol if a.dtype in FLOATS and target in FLOATS else _jumpy((a,))
    if target == "float16" and a.dtype != "float16":
        tol = tol if tol != "exact" else "exact"
    out = _result(w, (a,), a.shape, target)
    w.emit(f"{out.name} = {call}", f"convert.{form}", out, (a,), tol)


# ---------------------------------------------------------------------------- autograd
def _grad_root(w: Writer) -> Var | None:
    return (w.pick(lambda v: v.grad and not v.leaf and v.dtype in FLOATS)
            or w.pick(lambda v: v.grad and v.dtype in FLOATS))


def backward(w: Writer) -> None:
    """A backward pass (sum, weighted, with retain_grad) or a first and second derivative
    by autograd.grad."""
    root = _grad_root(w)
    if root is None:
        return
    r = w.rng.random()
    if r < 0.15 and not root.leaf:
        w.emit(f"{root.name}.retain_grad()", "autograd.retain_grad", None, (root,))
    r = w.rng.random()
    if r < 0.45:
        reduce = w.rng.choice((".sum()", ".mean()", ".sum()", ".square().sum()", ".abs().sum()"))
        w.emit(f"{root.name}{reduce}.backward()", "autograd.backward", None, (root,))
    elif r < 0.6:
        upstream = "torch.ones_like({r})" if not w.wild or w.chance(0.5) else \
            "torch.full_like({r}, inf)"
        w.emit(f"{root.name}.backward({upstream.format(r=root.name)})",
               "autograd.backward_gradient", None, (root,))
    elif r < 0.7:
        w.emit(f"{root.name}.backward()", "autograd.backward_nonscalar", None, (root,))
    else:
        leaves = sorted(root.deps) or [root.name]
        leaf = w.rng.choice(leaves)
        g1, g2 = w.name(), w.name()
        # a gradient sums contributions in another order than torch's: at least "arith"
        tol = "reduce" if root.prec == "float16" else "arith"
        w.emit(f"{g1}, = torch.autograd.grad({root.name}.sum(), [{leaf}], create_graph=True)",
               "autograd.grad", None, (root,), tol, shows=(g1,))
        if w.chance(0.7):
            w.emit(f"{g2}, = torch.autograd.grad(({g1} * {g1}).sum(), [{leaf}], "
                   "allow_unused=True)", "autograd.grad2", None, (root,), tol, shows=(g2,))
            w.vars.append(Var(g2, root.shape, root.dtype, tol="reduce"))
        w.vars.append(Var(g1, root.shape, root.dtype, tol="reduce"))


def forward_ad(w: Writer) -> None:
    """A forward-mode derivative through a unary op, a view or a reduction."""
    a = w.pick(lambda v: v.dtype in FLOATS)
    if a is None:
        return
    op = w.rng.choice(("d.exp()", "d.sin()", "d * d", "d.t()", "d.sum()", "d.T * 2",
                       "d.flip(0)", "d.reshape(-1)", "torch.tanh(d)", "d.mT.exp()",
                       "d.transpose(0, -1).sqrt()", "d[0]", "d.max()", "d.softmax(-1)",
                       "d.relu()", "d.abs()", "d.clamp(-1, 1)", "d.cumsum(0)"))
    tangent = w.name()
    source = ("with torch.autograd.forward_ad.dual_level():\n"
              f"    d = torch.autograd.forward_ad.make_dual({a.name}.detach(), "
              f"torch.ones_like({a.name}))\n"
              f"    {tangent} = torch.autograd.forward_ad.unpack_dual({op}).tangent")
    w.emit(source, f"forward_ad.{op.split('(')[0].replace('d.', '').strip()}", None, (a,),
           "trans", shows=(tangent,))


# ---------------------------------------------------------------------------- errors
_ERRORS = (
    "{f} + torch.ones(5, 7)", "{f}.sum(7)", "{f}.sum((0, 0))", "{f}.t().view(-1, 7)",
    "torch.tensor([True]) - torch.tensor([False])", "1.0 - torch.tensor([True, False])",
    "torch.tensor([1, 2], requires_grad=True)", "torch.randperm(-1)",
    "torch.ones(2, 3) @ torch.ones(2, 3)", "{f}[99]", "{f}.reshape(7, -1, 5)",
    "torch.tensor([1, 2], dtype=torch.uint8).fill_(-1)",
    "torch.tensor([1, 2], dtype=torch.uint8).clamp(-1, 3)",
    "torch.full((2,), -1, dtype=torch.uint8)", "torch.zeros(2).expand(3, 2).add_(1)",
    "torch.zeros(3, 1).add_(torch.ones(3, 4))", "torch.where(torch.tensor(True))",
    "torch.tensor([1, 2]) ** torch.tensor([-1, 2])", "torch.zeros(2, 0) @ torch.zeros(0, 3)",
    "torch.tensor(3.).movedim(0, 0)", "torch.tensor(3.).mT", "torch.sub(1.5, {f})",
    "torch.ones(2).unbind()[0].mul_(2)", "{f}.permute(0, 0)", "torch.ones(2, 2).gt_(0)",
    "torch.cat([])", "torch.stack([torch.ones(2), torch.ones(3)])", "{f}.unsqueeze(9)",
    "torch.tensor([1., 2.]).long().mean()", "torch.tensor([[1., 2.]]).squeeze(5)",
    "torch.ones(2, 3).split(0)", "torch.arange(5).view(2, 3)",
    "torch.tensor([1, 2]).masked_fill(torch.tensor([True, False]), 1.5)",
    "torch.tensor([1., 2.]).index_select(0, torch.tensor([2]))",
    "torch.ones(3).topk(4)", "torch.ones(3).kthvalue(0)",
    "torch.ones(2, requires_grad=True).sum().backward(torch.ones(2))",
    "torch.empty(2, 3).narrow(1, 2, 3)", "torch.ones(2)[torch.tensor([True])]",
    "torch.zeros(2, dtype=torch.int8) + 1000", "torch.tensor([250], dtype=torch.uint8) * 2",
    "torch.linspace(0, 1, -1)", "torch.arange(0, 5, 0)", "torch.eye(-1)",
)


def error_case(w: Writer) -> None:
    f = w.pick(lambda v: v.dtype in FLOATS) or w.create((2, 3), "float32")
    text = w.rng.choice(_ERRORS).replace("{f}", f.name)
    holder = w.name()
    w.emit(f"{holder} = {text}", "error." + text.replace(f.name, "f")[:40], None, (f,),
           "shape", shows=(holder,))


FAMILIES = (binary, unary, clamp, ternary, reduction, cumulative, softmax, shape_op, getitem,
            setitem, index_op, view_inplace, matmul, linalg, sorting, conversion, forward_ad,
            error_case, backward)
WEIGHTS = (14, 10, 3, 3, 9, 3, 2, 9, 4, 4, 4, 6, 4, 1, 3, 3, 1, 2, 2)
