"""torch's list ("foreach") functions: `torch._foreach_mul_(params, 0.9)` and the like.

torch fuses each into one multi-tensor kernel; scripts call them directly for an EMA of
weights or a hand-written optimizer step. Here each applies the tensor method of the same
name to every tensor in turn (NumPy already vectorises each one), so values, dtypes and
in-place semantics are the per-tensor op's. The in-place forms return the list they were
given; the out-of-place ones a tuple, as torch's. One difference: under autograd a result's
grad_fn is the per-tensor op's node (`MulBackward0`), not torch's `ForeachMulBackward...`
(docs/differences.md).
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from typing import Any

from ._tensor import Tensor

__all__: list[str] = []  # the names are installed by `install`, all private as in torch

_UNARY = ("abs", "acos", "asin", "atan", "ceil", "cos", "cosh", "erf", "erfc", "exp",
          "expm1", "floor", "frac", "lgamma", "log", "log10", "log1p", "log2", "neg",
          "reciprocal", "round", "rsqrt", "sigmoid", "sign", "sin", "sinh", "sqrt", "tan",
          "tanh", "trunc")
# binary ops: a second list of tensors, one scalar, a list of scalars, or a 0-d tensor;
# add and sub take alpha=
# (Tensor.maximum takes only tensors; with a number it is clamp_min, NaNs included)
_NUMBER_FORMS = {"maximum": "clamp_min", "maximum_": "clamp_min_", "minimum": "clamp_max",
                 "minimum_": "clamp_max_"}
_BINARY = ("add", "sub", "mul", "div", "maximum", "minimum", "clamp_min", "clamp_max", "pow")


def _tensors(name: str, tensors: Any) -> list[Tensor]:
    if not isinstance(tensors, (list, tuple)) or not all(isinstance(t, Tensor)
                                                         for t in tensors):
        raise TypeError(f"{name}(): argument 'self' (position 1) must be tuple of Tensors, "
                        f"not {type(tensors).__name__}")
    if not tensors:
        raise RuntimeError("Tensor list must have at least one tensor.")
    return list(tensors)


def _same_length(tensors: list[Tensor], others: Sequence) -> None:
    if len(others) != len(tensors):
        raise RuntimeError("Tensor lists must have the same number of tensors, got "
                           f"{len(tensors)} and {len(others)}")


def _per_tensor(tensors: list[Tensor], other: Any) -> list[Any]:
    """`other` spread over the tensors: a list of tensors or of scalars one each, a single
    scalar or 0-d tensor for all of them."""
    if isinstance(other, (list, tuple)):
        if all(isinstance(o, Tensor) for o in other):
            _same_length(tensors, other)
        elif len(other) != len(tensors):
            raise RuntimeError("Tensor list must have same number of elements as scalar list.")
        return list(other)
    if isinstance(other, Tensor):
        if other.dim() != 0:
            raise RuntimeError(f"scalar tensor expected to be 0 dim but it has {other.dim()} "
                               f"dimensions and {other.numel()} elements.")
        return [other] * len(tensors)
    if isinstance(other, numbers.Number):
        return [other] * len(tensors)
    raise TypeError(f"foreach: expected a list of tensors, a list of scalars, a 0-d tensor "
                    f"or a number, not {type(other).__name__}")


def _unary(name: str, inplace: bool) -> Callable:
    method = name + "_" if inplace else name
    public = f"_foreach_{method}"

    def function(self: Sequence[Tensor]) -> Any:
        tensors = _tensors(public, self)
        results = tuple(getattr(t, method)() for t in tensors)
        return self if inplace else results

    function.__name__ = function.__qualname__ = public
    function.__doc__ = f"`Tensor.{method}` of every tensor in the list."
    return function


def _binary(name: str, inplace: bool) -> Callable:
    method = name + "_" if inplace else name
    public = f"_foreach_{method}"

    def function(self: Sequence[Tensor], other: Any, **kwargs: Any) -> Any:
        tensors = _tensors(public, self)
        others = _per_tensor(tensors, other)
        results = tuple(getattr(t, _NUMBER_FORMS.get(method, method) if
                                isinstance(o, numbers.Number) else method)(o, **kwargs)
                        for t, o in zip(tensors, others))
        return self if inplace else results

    function.__name__ = function.__qualname__ = public
    function.__doc__ = f"`Tensor.{method}` of every tensor with its own `other` (or a shared one)."
    return function


def _scalar_pow(base: numbers.Number, exponent: Sequence[Tensor]) -> tuple[Tensor, ...]:
    """`_foreach_pow(2.0, tensors)`: a number raised to each tensor."""
    from .ops.pointwise import pow as pow_  # noqa: PLC0415 - the op table's pow

    return tuple(pow_(base, t) for t in _tensors("_foreach_pow", exponent))


def _lerp(inplace: bool) -> Callable:
    method = "lerp_" if inplace else "lerp"

    def function(self: Sequence[Tensor], tensors1: Sequence[Tensor], weight: Any) -> Any:
        tensors = _tensors(f"_foreach_{method}", self)
        _same_length(tensors, tensors1)
        weights = _per_tensor(tensors, weight)
        results = tuple(getattr(t, method)(e, w) for t, e, w in zip(tensors, tensors1, weights))
        return self if inplace else results

    function.__name__ = function.__qualname__ = f"_foreach_{method}"
    return function


def _addc(name: str, inplace: bool) -> Callable:
    method = name + "_" if inplace else name

    def function(self: Sequence[Tensor], tensor1: Sequence[Tensor], tensor2: Sequence[Tensor],
                 value: Any = 1) -> Any:
        tensors = _tensors(f"_foreach_{method}", self)
        _same_length(tensors, tensor1)
        _same_length(tensors, tensor2)
        if isinstance(value, Tensor) and value.dim() == 1:  # one scalar per tensor
            value = value.tolist()
        values = _per_tensor(tensors, value)
        results = tuple(getattr(t, method)(a, b, value=v)
                        for t, a, b, v in zip(tensors, tensor1, tensor2, values))
        return self if inplace else results

    function.__name__ = function.__qualname__ = f"_foreach_{method}"
    return function


def _foreach_norm(self: Sequence[Tensor], ord: float = 2, dtype: Any = None) -> tuple:  # noqa: A002
    """The `ord`-norm of each tensor (all its elements), as 0-d tensors."""
    from .linalg import vector_norm  # noqa: PLC0415 - linalg imports the namespace

    return tuple(vector_norm(t, ord, dtype=dtype) for t in _tensors("_foreach_norm", self))


def _foreach_max(self: Sequence[Tensor]) -> tuple:
    """The largest element of each tensor."""
    return tuple(t.max() for t in _tensors("_foreach_max", self))


def _foreach_zero_(self: Sequence[Tensor]) -> Sequence[Tensor]:
    for t in _tensors("_foreach_zero_", self):
        t.zero_()
    return self


def _foreach_copy_(self: Sequence[Tensor], src: Sequence[Tensor],
                   non_blocking: bool = False) -> Sequence[Tensor]:
    tensors = _tensors("_foreach_copy_", self)
    _same_length(tensors, src)
    for t, s in zip(tensors, src):
        t.copy_(s)
    return self


def _foreach_clone(self: Sequence[Tensor]) -> tuple:
    return tuple(t.clone() for t in _tensors("_foreach_clone", self))


def install() -> dict[str, Callable]:
    """Every `_foreach_*` function, by name, for the torch-like namespace."""
    functions: dict[str, Callable] = {}
    for name in _UNARY:
        for inplace in (False, True):
            function = _unary(name, inplace)
            functions[function.__name__] = function
    for name in _BINARY:
        for inplace in (False, True):
            function = _binary(name, inplace)
            functions[function.__name__] = function
    for inplace in (False, True):
        for function in (_lerp(inplace), _addc("addcmul", inplace), _addc("addcdiv", inplace)):
            functions[function.__name__] = function
    out_of_place_pow = functions["_foreach_pow"]

    def _foreach_pow(self: Any, exponent: Any) -> tuple:
        """Each tensor to a power (or, with a number first, the number to each tensor)."""
        if isinstance(self, numbers.Number):
            return _scalar_pow(self, exponent)
        return out_of_place_pow(self, exponent)

    functions["_foreach_pow"] = _foreach_pow
    for function in (_foreach_norm, _foreach_max, _foreach_zero_, _foreach_copy_,
                     _foreach_clone):
        functions[function.__name__] = function
    assert all(name.startswith("_foreach_") for name in functions)
    return functions
