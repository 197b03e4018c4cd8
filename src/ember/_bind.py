"""Install the op table's public functions as ember functions, Tensor methods, operators
and in-place methods. Nothing here computes anything: it only names things."""

from __future__ import annotations

from ._arguments import checked
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
from .ops._registry import API, OPS

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


def _augmented_assignment(inplace_method):
    """`x += y` is `x.add_(y)`: same object, same storage."""

    def operator(self, other):
        return inplace_method(self, other)

    return operator


_AUGMENTED = {"__add__": "__iadd__", "__sub__": "__isub__", "__mul__": "__imul__",
              "__truediv__": "__itruediv__", "__floordiv__": "__ifloordiv__",
              "__mod__": "__imod__", "__pow__": "__ipow__", "__and__": "__iand__",
              "__or__": "__ior__", "__xor__": "__ixor__"}


def install() -> dict:
    """Bind everything declared in `ops` onto Tensor; return the functions for the namespace.
    Each op also gets its specialised fast path (`_dispatch.make_fast_apply`)."""
    for op in OPS.values():
        op.fast_apply = make_fast_apply(op)
    namespace = {}
    for entry in API:
        # A non-tensor where a tensor argument is required is torch's TypeError (ember._arguments:
        # a generated check, only for functions with tensor parameters besides a method's self)
        fn = checked(entry.function, entry.name, method=True)
        if entry.in_namespace:
            # torch's functions with out= get it here, once for all (ember._out); methods
            # and operators keep the bare function
            function = checked(entry.function, entry.name)
            rule = _OUT_RULES.get(entry.name)
            namespace[entry.name] = function if rule is None else with_out(function, entry.name,
                                                                           rule)
        # Functions taking the tensor first work as methods unchanged; those that apply one
        # ufunc op get a method that skips their checks for the plain float case.
        method = fn if entry.ufunc_op is None else make_direct_method(entry.ufunc_op, fn)
        operator_form = fn if entry.ufunc_op is None or not entry.operators else (
            make_direct_method(entry.ufunc_op, fn, operator=True))
        if entry.method:
            setattr(Tensor, entry.method, method)
        inplace = None
        if entry.inplace:
            inplace = _inplace_method(fn, entry.inplace, entry.ufunc_op, entry.alpha_sign)
            setattr(Tensor, entry.inplace, inplace)
        for operator in entry.operators:
            setattr(Tensor, operator, operator_form)
            if inplace is not None and operator in _AUGMENTED:
                setattr(Tensor, _AUGMENTED[operator], _augmented_assignment(inplace))
    from . import linalg  # (imports only ops, already declared)

    linalg.matmul = namespace["matmul"]  # torch.linalg.matmul is matmul, out= included
    return namespace
