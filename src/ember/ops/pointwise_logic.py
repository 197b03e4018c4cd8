"""Elementwise comparisons (== != < <= > >= and their aliases), logical and bitwise ops,
and isnan/isinf/isfinite. None of them has a gradient: each answers with a bool tensor
(the bitwise ops keep the promoted integer dtype).

Whole-tensor comparisons answering with one bool (equal, allclose) are in comparison.py.
"""

from __future__ import annotations

import numpy as np

from .._dispatch import _broadcast_error, _record, apply, check_tensors_or_numbers
from .._dtype import can_cast, result_type, scalar_type_name
from .._grad_mode import is_grad_enabled
from .._tensor import Tensor
from .._warnings import warn_once
from ..autograd import forward_ad as _fw
from ..autograd.node import history_first
from . import _xp as xp
from ._registry import COMPARE, OPS, PROMOTE, allow_complex, declare, public, recorded_as
from ._registry import needs_grad as _needs


def _comparison(name: str, numpy_fn) -> None:
    declare(name, dtype=COMPARE)(numpy_fn)


for _name, _fn in (("eq", np.equal), ("ne", np.not_equal), ("lt", np.less),
                   ("le", np.less_equal), ("gt", np.greater), ("ge", np.greater_equal)):
    _comparison(_name, _fn)


# `x.gt_(y)` writes the comparison into x's dtype; on a float x torch records it, with a
# zero gradient, as GtBackward0 (a number y) or GtBackward1 (a tensor y).
@declare("comparison_in_place", grad_fn="GtBackward0", dtype=COMPARE,
         formula="d (x > y, written into x)/dx = 0, d/dy = 0")
def _comparison_in_place(x, other, compare, dtype):
    return compare(x, other).astype(dtype)


@_comparison_in_place.backward
def _(ctx, g):
    return xp.zeros_like(g), xp.zeros_like(g) if _needs(ctx, 1) else None


_comparison_in_place.tangent(_fw.zero)


# torch reads both operands in their common dtype, as the comparisons do: a 0-d int64 256
# beside a uint8 tensor wraps to 0, a 0-d float64 1e-10 beside float16 rounds to 0, so
# neither is true.
declare("logical_and", dtype=COMPARE)(lambda a, b: np.logical_and(a, b))
declare("logical_or", dtype=COMPARE)(lambda a, b: np.logical_or(a, b))
declare("logical_xor", dtype=COMPARE)(lambda a, b: np.logical_xor(a, b))
declare("logical_not")(lambda a: np.logical_not(a))
declare("isnan")(lambda a: np.isnan(a))
declare("isinf")(lambda a: np.isinf(a))
declare("isfinite")(lambda a: np.isfinite(a))
declare("bitwise_not")(lambda a: np.invert(a))
declare("bitwise_and", dtype=PROMOTE)(lambda a, b: np.bitwise_and(a, b))
declare("bitwise_or", dtype=PROMOTE)(lambda a, b: np.bitwise_or(a, b))
declare("bitwise_xor", dtype=PROMOTE)(lambda a, b: np.bitwise_xor(a, b))


def _shift_amounts(a, b):
    """The shift counts as an array, those in range, and where they are out of range
    (negative or at least the width: torch's result is then 0, or the sign for >>)."""
    counts = np.asarray(b)
    bits = np.dtype(a.dtype).itemsize * 8
    outside = (counts < 0) | (counts >= bits)
    return np.where(outside, 0, counts).astype(a.dtype, copy=False), outside, bits


@declare("bitwise_left_shift", dtype=PROMOTE)
def _left_shift(a, b):
    a = np.asarray(a)
    counts, outside, _ = _shift_amounts(a, b)
    return np.where(outside, np.zeros((), a.dtype), np.left_shift(a, counts))


@declare("bitwise_right_shift", dtype=PROMOTE)
def _right_shift(a, b):
    a = np.asarray(a)
    counts, outside, bits = _shift_amounts(a, b)
    # Shifting by the width or more leaves only the sign: -1 for negatives, else 0.
    sign = np.right_shift(a, a.dtype.type(bits - 1)) if a.dtype.kind == "i" else 0
    return np.where(outside, sign, np.right_shift(a, counts)).astype(a.dtype, copy=False)


# ====================================================================== public API
_UNSIGNED_NAMES = {2: "UInt16", 4: "UInt32", 8: "UInt64"}


def equal_in_torch_dtype(x: Tensor, other: np.ndarray, wrapped: bool) -> Tensor:
    """`x == other` for an array of a dtype torch has and ember lacks (uint16/32/64,
    complex) or a Python complex number (`wrapped`), compared in the dtype torch's promotion
    picks (torch converts the array to a tensor and compares). An unsigned array promotes
    with float tensors only: with an integer or bool tensor it is torch's RuntimeError, unless
    one of the two is 0-d and the other's dtype wins (a dimensioned bool tensor with a 0-d
    array still promotes). A complex operand compares in the complex type of a float
    tensor's precision (also with a 0-d array or a number), else in its own (a number:
    complex64)."""
    data = x._data
    error = _broadcast_error((x, Tensor(np.empty(other.shape, np.bool_))))
    if error is not None:
        raise error
    tensor_dims, array_dims = data.ndim > 0, other.ndim > 0
    floating = data.dtype.kind == "f"
    if data.dtype.kind == "c" and other.dtype.kind == "c":
        # two complex values: the wider, but a number or 0-d array beside a tensor with
        # dims takes the tensor's dtype
        keeps = wrapped or (tensor_dims and not array_dims)
        common = data.dtype if keeps else np.promote_types(data.dtype, other.dtype)
    elif other.dtype.kind == "u":
        refused = not floating and (tensor_dims == array_dims or (
            tensor_dims and data.dtype.kind == "b"))
        if refused:
            raise RuntimeError(
                "Promotion for uint16, uint32, uint64 types is not supported, attempted to "
                f"promote {scalar_type_name(data.dtype.name)} and "
                f"{_UNSIGNED_NAMES[other.dtype.itemsize]}")
        common = data.dtype if floating or tensor_dims else other.dtype
    elif wrapped or (tensor_dims and not array_dims):
        if floating:
            common = np.complex128 if data.dtype == np.float64 else np.complex64
            if data.dtype == np.float16:  # (torch's complex32: both parts rounded to float16)
                warn_once("ComplexHalf", "ComplexHalf support is experimental and many "
                          "operators don't support it yet.")
                rounded = np.empty(other.shape, np.complex64)
                with np.errstate(all="ignore"):
                    rounded.real, rounded.imag = (other.real.astype(np.float16),
                                                  other.imag.astype(np.float16))
                other = rounded
        else:
            common = np.complex64 if wrapped else other.dtype
    elif array_dims and not tensor_dims:
        common = other.dtype
    else:
        wide = data.dtype == np.float64 or other.dtype == np.complex128
        common = np.complex128 if wide else np.complex64
    with np.errstate(all="ignore"):
        return Tensor(np.asarray(np.equal(data.astype(common), other.astype(common))))


_COMPLEX_NAMES = {"float16": "ComplexHalf", "float64": "ComplexDouble",
                  "complex128": "ComplexDouble"}


def _complex_comparison(name: str, input: Tensor, other: complex) -> Tensor:
    """A comparison with a Python complex number: torch compares it as a complex tensor
    (== and != only; the orderings have no complex kernel)."""
    if name not in ("eq", "ne"):
        raise NotImplementedError(f"\"{name}_cpu\" not implemented for "
                                  f"'{_COMPLEX_NAMES.get(input._data.dtype.name, 'ComplexFloat')}'")
    equal = equal_in_torch_dtype(input, np.array(other), wrapped=True)
    # (np.asarray: NumPy's logical_not of a 0-d array is a NumPy scalar, which Tensor()
    # would read as a float)
    return equal if name == "eq" else Tensor(np.asarray(np.logical_not(equal._data)))


def _refuse_complex_ordering(name: str, input: Tensor, other) -> None:
    """torch's error for < <= > >= of complex values (its kernels have no complex loop)."""
    dtype = result_type(input, other)
    if dtype.is_complex:
        words = "ComplexDouble" if dtype.numpy == np.complex128 else "ComplexFloat"
        raise NotImplementedError(f"\"{name}_cpu\" not implemented for '{words}'")


def _comparison_public(name: str, operator: str, aliases: tuple = ()):
    op = OPS[name]
    ordering = name not in ("eq", "ne")

    def function(input: Tensor, other) -> Tensor:
        if not isinstance(other, (Tensor, int, float, bool, np.number, np.bool_)):
            if isinstance(other, complex) and isinstance(input, Tensor):
                return _complex_comparison(name, input, other)
            return NotImplemented
        if not isinstance(input, Tensor):  # torch.lt(1, x); the operators swap to x > 1
            raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not "
                            f"{type(input).__name__}")
        if ordering and (input._data.dtype.kind == "c" or (
                isinstance(other, Tensor) and other._data.dtype.kind == "c")):
            _refuse_complex_ordering(name, input, other)
        return apply(op, (input, other))

    def written(input: Tensor, other) -> Tensor:
        """The in-place form's value: the comparison in input's dtype, recorded."""
        if not isinstance(other, (Tensor, int, float, bool, complex, np.number, np.bool_)):
            raise TypeError(f"{name}_(): argument 'other' must be Tensor or Number, not "
                            f"{type(other).__name__}")
        if ordering and (input._data.dtype.kind == "c" or (
                isinstance(other, Tensor) and other._data.dtype.kind == "c")):
            _refuse_complex_ordering(name, input, other)
        params = (op.forward, input._data.dtype)
        out = apply(OPS["comparison_in_place"], (input, other), params)
        if out.grad_fn is None and is_grad_enabled() and any(
                isinstance(x, Tensor) and x._requires_grad for x in (input, other)):
            # torch records it even into an integer or bool tensor (which then requires
            # grad); ember's dispatcher records floating results only
            out = _record(OPS["comparison_in_place"], (input, other), params, out._data, None)
        form = 1 if isinstance(other, Tensor) else 0
        return recorded_as(out, f"{name.capitalize()}Backward{form}")

    def named(input: Tensor, other) -> Tensor:
        # (torch.eq(x, None) and x.eq(None) raise; only the operator gives Python its
        # NotImplemented: x == None is False)
        result = function(input, other)
        if result is NotImplemented:
            raise TypeError(f"{name}(): argument 'other' (position 2) must be Tensor or "
                            f"Number, not {type(other).__name__}")
        return result

    function.__name__ = function.__qualname__ = named.__name__ = named.__qualname__ = name
    function.__doc__ = named.__doc__ = f"Elementwise `{operator}`, as a bool tensor."
    written.__name__ = written.__qualname__ = f"{name}_in_place"
    # ufunc_op: `x < 1000` on a float tensor goes straight to the op's fast path, and
    # `x.lt_(1000)` unrecorded writes with the ufunc's out=
    public(method=False, function=False, operators=(operator,), ufunc_op=op)(function)
    for spelling in (name, *aliases):
        public(name=spelling, ufunc_op=op)(named)
        public(name=f"{spelling}_in_place", method=False, function=False,
               inplace=f"{spelling}_", ufunc_op=op)(written)
    return function


eq = _comparison_public("eq", "__eq__")
ne = _comparison_public("ne", "__ne__", ("not_equal",))
lt = _comparison_public("lt", "__lt__", ("less",))
le = _comparison_public("le", "__le__", ("less_equal",))
gt = _comparison_public("gt", "__gt__", ("greater",))
ge = _comparison_public("ge", "__ge__", ("greater_equal",))


# torch's kernel names, for its error on floating operands of the bitwise ops
_KERNELS = {"bitwise_and": "bitwise_and_cpu", "bitwise_or": "bitwise_or_cpu",
            "bitwise_xor": "bitwise_xor_cpu", "bitwise_not": "bitwise_not_cpu",
            "bitwise_left_shift": "lshift_cpu", "bitwise_right_shift": "rshift_cpu"}


def _check_integral(kernel: str, *operands) -> None:
    """Bitwise ops take integers and bools only (the shifts integers only):
    NotImplementedError, as torch."""
    dtype = result_type(*operands)
    if dtype.is_floating_point:
        raise NotImplementedError(
            f"\"{kernel}\" not implemented for '{scalar_type_name(dtype.name)}'")
    if dtype.name == "bool" and kernel.endswith("shift_cpu"):
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")


def _logical_public(name: str, operators: tuple = ()):
    op = OPS[name]
    arity = 1 if name in ("logical_not", "isnan", "isinf", "isfinite", "bitwise_not") else 2

    kernel = _KERNELS.get(name)
    if arity == 1:
        def function(input: Tensor) -> Tensor:
            if kernel is not None:
                # torch's autograd reads a bitwise op's history before its kernel checks
                # the dtype (a stale split output is refused first)
                history_first(input)
                _check_integral(kernel, input)
            if name == "isfinite" and isinstance(input, Tensor) and input.is_floating_point():
                # torch composes it of x == x and x.abs() != inf: abs reads the history
                # (a stale split output is refused)
                history_first(input)
            return apply(op, (input,))
    else:
        def function(input: Tensor, other) -> Tensor:
            if name.startswith("logical"):  # torch takes no numbers here
                for position, (arg, value) in enumerate((("input", input), ("other", other))):
                    if not isinstance(value, Tensor):
                        raise TypeError(f"{name}(): argument '{arg}' (position {position + 1})"
                                        f" must be Tensor, not {type(value).__name__}")
            if kernel is not None:
                check_tensors_or_numbers(name, input, other)
                history_first(input, other)  # (as the unary form's)
                # torch broadcasts the shapes before it looks for a kernel of the dtype
                error = _broadcast_error((input, other))
                if error is not None:
                    raise error
                _check_integral(kernel, input, other)
            return apply(op, (input, other))

    function.__name__ = function.__qualname__ = name
    in_place = not name.startswith("is")
    if name.startswith("logical"):
        public(inplace=False, operators=operators)(function)
        public(name=f"{name}_in_place", method=False, function=False,
               inplace=f"{name}_")(_keeping_history(function))
        return function
    if kernel is not None and arity == 2:
        public(inplace=False, operators=operators)(function)
        public(name=f"{name}_in_place", method=False, function=False,
               inplace=f"{name}_")(_cast_checked_first(function))
        for operator in operators:  # x |= y is x.bitwise_or_(y)
            if operator in _AUGMENTED:
                public(name=_AUGMENTED[operator], function=False)(_augmented(f"{name}_"))
        return function
    return public(inplace=in_place, operators=operators)(function)


_AUGMENTED = {"__and__": "__iand__", "__or__": "__ior__", "__xor__": "__ixor__",
              "__lshift__": "__ilshift__", "__rshift__": "__irshift__"}


def _augmented(inplace_name: str):
    def method(self: Tensor, other) -> Tensor:
        return getattr(self, inplace_name)(other)

    method.__name__ = method.__qualname__ = inplace_name
    return method


def _cast_checked_first(function):
    """The in-place form of a bitwise op: torch first checks that the result's shape and
    dtype can be written into the tensor (x_int.bitwise_and_(2.5) is that RuntimeError),
    then whether its kernel takes the dtype."""
    def written(input: Tensor, other) -> Tensor:
        check_tensors_or_numbers(f"{function.__name__}_", input, other)
        if isinstance(other, Tensor) and other._data.shape != input._data.shape:
            try:
                shape = np.broadcast_shapes(input._data.shape, other._data.shape)
            except ValueError:
                raise _broadcast_error((input, other)) from None
            if shape != input._data.shape:
                raise RuntimeError(f"output with shape {list(input._data.shape)} doesn't match "
                                   f"the broadcast shape {list(shape)}")
        dtype = result_type(input, other)
        if not can_cast(dtype, input.dtype):
            raise RuntimeError(f"result type {scalar_type_name(dtype.name)} can't be cast to the "
                               f"desired output type {scalar_type_name(input.dtype.name)}")
        return function(input, other)

    written.__name__ = written.__qualname__ = f"{function.__name__}_in_place"
    return written


def _keeping_history(function):
    """The in-place form of a logical op: torch's autograd does not see it, so a tensor that
    requires grad keeps its grad_fn (x.logical_or_(y) on a float x), and a leaf stays a
    leaf that requires grad (no "leaf Variable ... in-place" error): call_inplace writes
    the values and bumps the version, nothing else (`records_nothing`)."""
    def written(input: Tensor, *args) -> Tensor:
        out = function(input, *args)
        kept = Tensor(out._data, input._requires_grad, input.grad_fn)
        kept._output_nr = input._output_nr
        return kept

    written.__name__ = written.__qualname__ = f"{function.__name__}_in_place"
    written.records_nothing = True
    return written


logical_and = _logical_public("logical_and")
logical_or = _logical_public("logical_or")
logical_xor = _logical_public("logical_xor")
logical_not = _logical_public("logical_not")
isnan = _logical_public("isnan")
isinf = _logical_public("isinf")
isfinite = _logical_public("isfinite")
bitwise_not = _logical_public("bitwise_not")


@public(name="__invert__", method="__invert__", function=False)
def _invert(input: Tensor) -> Tensor:
    """`~x`: bitwise_not, but torch's operator refuses floats with a TypeError."""
    if input._data.dtype.kind == "f":
        raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type "
                        "tensors")
    return bitwise_not(input)
bitwise_and = _logical_public("bitwise_and", ("__and__", "__rand__"))
bitwise_or = _logical_public("bitwise_or", ("__or__", "__ror__"))
bitwise_xor = _logical_public("bitwise_xor", ("__xor__", "__rxor__"))
bitwise_left_shift = _logical_public("bitwise_left_shift", ("__lshift__",))
bitwise_right_shift = _logical_public("bitwise_right_shift", ("__rshift__",))


def _reflected_shift(name: str):
    def method(self: Tensor, other) -> Tensor:
        if not isinstance(other, (int, float, np.integer, np.floating, np.bool_)):
            return NotImplemented
        _check_integral(_KERNELS[name], self, other)  # (a float: torch's NotImplementedError)
        # the number in the result's dtype (`3 << bool_tensor` shifts 3 in int64, `300 <<
        # uint8_tensor` wraps 300 to 44 first), as torch wraps it
        dtype = result_type(self, other).numpy
        return apply(OPS[name], (Tensor(np.asarray(int(other)).astype(dtype)), self))

    method.__name__ = method.__qualname__ = name
    return method


public(name="__rlshift__", function=False)(_reflected_shift("bitwise_left_shift"))
public(name="__rrshift__", function=False)(_reflected_shift("bitwise_right_shift"))


# NumPy's equality and its isnan/isinf/isfinite are torch's for complex values too (a
# number is nan or infinite when either part is); the orderings refuse them (above).
allow_complex("eq", "ne", "isnan", "isinf", "isfinite", "comparison_in_place")
