"""Install the op table's public functions as ember functions, Tensor methods, operators
and in-place methods. Nothing here computes anything: it only names things."""

from __future__ import annotations

import numpy as np

from ._arguments import SEQUENCE_ONLY, checked, checks_scalars, sequence_only
from ._creation import from_numpy
from ._dispatch import (
    call_inplace,
    make_direct_method,
    make_fast_apply,
    scaled_add_inplace,
    ufunc_inplace,
)
from ._out import RULES as _OUT_RULES
from ._out import with_out
from ._tensor import Tensor
from .ops._registry import API, OPS, allow_complex
from .ops.pointwise_logic import equal_in_torch_dtype

__all__ = ["install"]


def _inplace_method(function, name: str, ufunc_op=None, alpha_sign=None):
    if ufunc_op is None:
        def method(self, *args, **kwargs):
            return call_inplace(function, self, args, kwargs)
    else:
        def method(self, *args, **kwargs):
            done = None
            if not kwargs:
                done = ufunc_inplace(ufunc_op, self, args)
            elif alpha_sign is not None and len(args) == 1 and kwargs.keys() == {"alpha"}:
                done = scaled_add_inplace(self, args[0], alpha_sign * kwargs["alpha"])
            if done is not None:
                return done
            return call_inplace(function, self, args, kwargs)

    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"In-place version of `{function.__name__}`: writes into self, returns self."
    return method


def _checked_inplace(method, entry):
    """The in-place method behind its own argument checks (named `add_`, not `add`), made
    before it looks at self: torch refuses `leaf.tril_(1.5)` for its 1.5, not for the leaf.
    The method itself where there is no such argument, and for the ufunc ops (add_: their
    fast path takes its arguments as they came)."""
    if entry.ufunc_op is not None or not checks_scalars(entry.function):
        return method
    wrapped = checked(entry.function, entry.inplace, method=True, scalars=True)
    if wrapped is entry.function:
        return method
    function = wrapped.__checked__
    wrapped.__globals__["_function"] = method  # (the check calls the in-place method)
    wrapped.__name__ = wrapped.__qualname__ = entry.inplace
    wrapped.__doc__ = method.__doc__
    wrapped.__checked__ = function
    return wrapped


# torch's binary operators answer NotImplemented where their function refuses the other
# operand with a TypeError (a list, None, a NumPy array...), so Python asks the other operand
# next and then raises its "unsupported operand type(s)" TypeError. For an ndarray that other
# operand is NumPy: `x * array` is NumPy's `array.__rmul__(x)`, which reads x through
# Tensor.__array__ (refused if x requires grad) and gives its result back as a tensor
# (Tensor.__array_wrap__), in NumPy's promotion; `array * x` has NumPy defer to Tensor's
# reflected operator, whose NotImplemented ends in Python's TypeError. `x == array` alone
# compares the array as a tensor (torch's __eq__ converts it; __ne__ does not).
_BINARY_OPERATORS = frozenset(
    f"__{prefix}{name}__" for name in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow",
                                       "matmul", "and", "or", "xor", "lshift", "rshift")
    for prefix in ("", "r", "i")) | {"__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"}


def _operator(function, name: str, keywords: bool = False):
    """The operator `name` calling `function(self, other)`: NotImplemented where that raises
    a TypeError. Operators with a fast path (ember._fast_paths) call it (`keywords`: it
    passes them on, as in `x.__add__(y, alpha=2)`) only for the operands that path does not
    take; the others, one call more (no keywords: a call with **kwargs costs several)."""
    if name == "__eq__":
        def operator(self, other, **kwargs):
            if isinstance(other, np.ndarray):
                if other.dtype.kind == "c" or (other.dtype.kind == "u"
                                               and other.dtype.itemsize > 1):
                    return equal_in_torch_dtype(self, other, wrapped=False)
                other = _array_operand(other)
                if other is None:  # (an array of strings, objects...: Python's `is`)
                    return NotImplemented
            try:
                return function(self, other, **kwargs)
            except TypeError:
                return NotImplemented
    elif keywords:
        def operator(self, other, **kwargs):
            try:
                return function(self, other, **kwargs)
            except TypeError:
                return NotImplemented
    else:
        def operator(self, other):
            try:
                return function(self, other)
            except TypeError:
                return NotImplemented

    operator.__name__ = operator.__qualname__ = name
    operator.__doc__ = function.__doc__
    return operator


def _array_operand(array: np.ndarray):
    """`x == array`'s array as a tensor sharing its memory, or None for a dtype ember lacks."""
    try:
        return from_numpy(array)
    except TypeError:
        return None


# In-place forms of ops whose complex result is real: torch refuses them on complex tensors.
_REAL_RESULT_INPLACE = frozenset({"abs_", "absolute_"})


def _refusing_complex(method):
    """`method` (abs_) refusing a complex self, as torch does."""
    def refusing(self, *args, **kwargs):
        if self._data.dtype.kind == "c":
            raise RuntimeError("In-place abs is not supported for complex tensors.")
        return method(self, *args, **kwargs)

    refusing.__name__ = refusing.__qualname__ = method.__name__
    refusing.__doc__ = method.__doc__
    return refusing


_AUGMENTED = {"__add__": "__iadd__", "__sub__": "__isub__", "__mul__": "__imul__",
              "__truediv__": "__itruediv__", "__floordiv__": "__ifloordiv__",
              "__mod__": "__imod__", "__pow__": "__ipow__", "__and__": "__iand__",
              "__or__": "__ior__", "__xor__": "__ixor__"}


def install() -> dict:
    """Bind everything declared in `ops` onto Tensor; return the functions for the namespace.
    Each op also gets its specialised fast path (`_dispatch.make_fast_apply`)."""
    # ops of modules outside the pointwise ones that the complex arithmetic's gradients call
    # (products by real factors; a broadcast gradient's sum and its expand) or that their
    # in-place forms need (clone): linear with real coefficients, so right for complex
    # values as they stand
    allow_complex("mul_scalar", "div_scalar", "sum_to_size", "expand", "clone")
    for op in OPS.values():
        op.fast_apply = make_fast_apply(op)
    namespace = {}
    for entry in API:
        # A non-tensor where a tensor argument is required is torch's TypeError, and so is a
        # bad bool, int, float, Number or dtype (ember._arguments: a generated check, only for
        # functions with such parameters besides a method's self)
        fn = checked(entry.function, entry.name, method=True, scalars=True)
        if entry.in_namespace:
            # torch's functions with out= get it here, once for all (ember._out); methods
            # and operators keep the bare function
            function = checked(entry.function, entry.name, scalars=True)
            if entry.name in SEQUENCE_ONLY:  # (torch.flip(x, (0, 1)), not flip(x, 0, 1))
                function = sequence_only(function, entry.name)
            rule = _OUT_RULES.get(entry.name)
            namespace[entry.name] = function if rule is None else with_out(function, entry.name,
                                                                           rule)
        # Functions taking the tensor first work as methods unchanged; those that apply one
        # ufunc op get a method that skips their checks for the plain float case.
        method = fn if entry.ufunc_op is None else make_direct_method(entry.ufunc_op, fn)
        if entry.method in _BINARY_OPERATORS:  # (__rsub__, __matmul__, __iand__...)
            method = _operator(fn, entry.method)
        if entry.method:
            setattr(Tensor, entry.method, method)
        inplace = None
        if entry.inplace:
            inplace = _checked_inplace(
                _inplace_method(fn, entry.inplace, entry.ufunc_op, entry.alpha_sign), entry)
            if entry.inplace in _REAL_RESULT_INPLACE:
                inplace = _refusing_complex(inplace)
            setattr(Tensor, entry.inplace, inplace)
        for operator in entry.operators:
            fast = entry.ufunc_op is not None  # (the fast path, `form` its way out)
            form = _operator(fn, operator, fast) if operator in _BINARY_OPERATORS else fn
            if fast:
                form = make_direct_method(entry.ufunc_op, form, operator=True)
            setattr(Tensor, operator, form)
            if inplace is not None and operator in _AUGMENTED:
                # `x += y` is `x.add_(y)`: same object, same storage
                setattr(Tensor, _AUGMENTED[operator], _operator(inplace, _AUGMENTED[operator]))
    from . import linalg  # (imports only ops, already declared)

    linalg.matmul = namespace["matmul"]  # torch.linalg.matmul is matmul, out= included
    return namespace
