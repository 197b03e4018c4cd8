"""How torch lays out the result of an elementwise op: its memory order, not its values.

NumPy's ufuncs and torch's TensorIterator both give a fresh result the memory order of
their operands, but they settle a disagreement differently. For two dims, torch asks the
operands in order and the first that tells the dims apart (both strides nonzero and
different) decides; NumPy lets C order win any conflict. So with `x = a.t()` and a
C-ordered `y`, torch's `x * y` is laid out as `x` (transposed) and `y * x` as `y`, where
NumPy gives C order to both. The order shows: `(x * y).view(-1)` is refused in torch, a
reshape of it copies (UnsafeViewBackward0), and `stride()` differs.

`OPERANDS` lists the ops whose results follow torch's rule, each with its operands in the
order torch's kernel hands them to TensorIterator (`where`'s condition first). The
dispatcher (`_dispatch._finish`) lays out such an op's result as torch does whenever an
operand or the result is not C-ordered; all-C operands give C order in both libraries.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .._dtype import get_default_dtype, result_type
from .._memory_format import empty_in_order
from .._memory_format import iterator_order as _iterator_order
from .._tensor import Tensor
from ._registry import PROMOTE_FLOAT

__all__ = ["OPERANDS", "install", "relaid", "relaid_like_torch"]

_ndarray = np.ndarray


def _inputs(inputs: tuple, params: tuple) -> tuple:
    return inputs


def _condition_first(inputs: tuple, params: tuple) -> tuple:
    return (params[0], *inputs)  # where(condition, x, y): the condition is a param


def _target(inputs: tuple, params: tuple) -> tuple:
    # torch's binary_cross_entropy_with_logits is (1 - target) updated in place
    return inputs[1:2]


def _none(inputs: tuple, params: tuple) -> tuple:
    # torch's pow(number, tensor) allocates a C-ordered result, whatever the exponent's order
    return ()


def _input(inputs: tuple, params: tuple) -> tuple:
    # torch's huber_loss writes into empty_like(input), the input broadcast first
    # (F.huber_loss): that fresh tensor, laid out as the input is, decides every dim
    return inputs[:1]


def _power_of_two(inputs: tuple, params: tuple) -> tuple:
    # torch's ldexp: a floating self with integer exponents (given as params) has a kernel
    # of its own writing into empty_like(self), which decides every dim when self has the
    # result's shape; else it is self * 2**other with the power made first: pow(2.0, other),
    # C-ordered, for a float32, integer or bool self, and pow(two, other) for a float64 or
    # float16 self (a 0-d two: laid out as TensorIterator lays out other alone, which
    # differs from other's own order only where other is broadcast)
    x, e = inputs
    if not isinstance(x, Tensor) or not isinstance(e, Tensor):
        return inputs
    data, e = x._data, e._data
    if params:
        shape = data.shape
        return (x,) if e.shape == shape or np.broadcast_shapes(shape, e.shape) == shape \
            else inputs
    if e.flags.c_contiguous:
        return inputs  # (so is the power of two)
    if data.dtype == np.float64 or data.dtype == np.float16:
        power = empty_in_order(e.shape, np.bool_, _iterator_order(e.shape, [e]))
    else:
        power = np.empty(e.shape, np.bool_)
    return (x, power)


_ELEMENTWISE = (
    "add", "sub", "mul", "div", "add_alpha", "sub_alpha", "div_floor", "div_trunc",
    "floor_divide", "remainder", "fmod", "pow_tensor", "maximum", "minimum", "fmax", "fmin",
    "copysign", "atan2", "hypot", "logaddexp", "logaddexp2", "heaviside", "nextafter",
    "xlogy", "special_xlog1py", "gcd", "lcm", "lerp", "lerp_tensor", "clamp_tensor",
    "clamp_min_tensor", "clamp_max_tensor", "addcmul", "addcdiv",
    "eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or", "logical_xor",
    "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_left_shift", "bitwise_right_shift",
    "mse_loss", "smooth_l1_loss", "soft_margin_loss", "binary_cross_entropy",
    # one-input ops whose forwards are not one ufunc: their NumPy steps (empty_like, astype)
    # order an expanded input's broadcast dims by stride 0, where TensorIterator skips them
    "sigmoid", "lgamma", "nan_to_num",
)
OPERANDS: dict[str, Callable] = {
    **dict.fromkeys(_ELEMENTWISE, _inputs),
    "where": _condition_first,
    "binary_cross_entropy_with_logits": _target,
    "rpow": _none,
    "huber_loss": _input,
    "ldexp": _power_of_two,
}


def install(ops: dict) -> None:
    """Give each op of OPERANDS its operand order (Op.layout_operands)."""
    for name, operands in OPERANDS.items():
        ops[name].layout_operands = operands


def relaid_like_torch(op, inputs: tuple, params: tuple, out: _ndarray) -> _ndarray:
    """`out`, or a copy of it in the memory order torch gives `op`'s result (the same
    values). Called for results of more than one dim."""
    pick = op.layout_operands
    operands = inputs if pick is _inputs else pick(inputs, params)
    if pick is _inputs and len(operands) > 1:
        operands = _cast_copies(op, operands)
    # C-ordered operands give a C-ordered result, unless the result has a dim of one
    # element: an operand's stride there (any value) may reorder the others in torch.
    if 1 not in out.shape and out.flags.c_contiguous:
        for x in operands:
            data = x._data if isinstance(x, Tensor) else x
            if type(data) is _ndarray and data.ndim > 1 and not data.flags.c_contiguous \
                    and not _in_c_order(data):
                break
        else:
            return out  # (the common case, checked first: ~0.3 us)
    return relaid(out, [x._data if isinstance(x, Tensor) else x for x in operands])


def _cast_copies(op, operands: tuple) -> tuple:
    """The operands as torch's CPU TensorIterator orders dims by: one of another dtype than
    the op computes in is cast first (a copy, `.to()`), so an expanded one counts with the
    order of its dense copy (memory_format.cast_as_torch) rather than its stride 0."""
    if not any(isinstance(x, Tensor) and 0 in x._data.strides and x._data.ndim > 1
               for x in operands):
        return operands  # (the usual case: nothing expanded, nothing to ask)
    common = result_type(*operands)
    if op.dtype_rule == PROMOTE_FLOAT and not common.is_floating_point:
        common = get_default_dtype()
    copies = []
    for x in operands:
        data = x._data if isinstance(x, Tensor) else None
        if data is not None and data.dtype != common.numpy and data.ndim > 1 and \
                0 in data.strides:
            x = empty_in_order(data.shape, np.bool_, _iterator_order(data.shape, [data]))
        copies.append(x)
    return tuple(copies)


def relaid(out: _ndarray, operands: list) -> _ndarray:
    """`out`, or a copy of it in the memory order torch gives an elementwise result of
    these operands (arrays and numbers, in torch's order)."""
    if out.size == 0:
        return out
    arrays = [a for a in operands if type(a) is _ndarray and a.ndim]  # (numbers: no order)
    order = _iterator_order(out.shape, arrays)
    if _memory_order(out.shape, out.strides) == [d for d in order if out.shape[d] != 1]:
        return out
    laid_out = empty_in_order(out.shape, out.dtype, order)
    laid_out[...] = out
    return laid_out


def _in_c_order(array: _ndarray) -> bool:
    """Whether the array's strides decrease along its dims, leaving out dims of one
    element and broadcast ones (stride 0): a slice `x[:, ::2]` is not contiguous, but no
    operand in C order can make torch order two dims otherwise."""
    last = None
    for size, stride in zip(array.shape, array.strides):
        if size != 1 and stride != 0:
            if last is not None and stride >= last:
                return False
            last = stride
    return True


def _memory_order(shape: tuple, strides: tuple) -> list:
    """The dims of more than one element, slowest first (a dense array's memory order)."""
    return sorted((d for d in range(len(shape)) if shape[d] != 1),
                  key=lambda d: strides[d], reverse=True)
