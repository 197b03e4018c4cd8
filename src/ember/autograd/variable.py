"""torch.autograd.Variable: the pre-0.4 wrapper, kept for old code. `Variable(t)` is a
tensor (t detached: the same memory and version counter), requiring grad if asked;
`isinstance(x, Variable)` holds for every tensor, as in torch."""

from __future__ import annotations

from .._tensor import Tensor
from .._warnings import warn

__all__ = ["Variable"]


class VariableMeta(type):
    def __instancecheck__(cls, other) -> bool:
        return isinstance(other, Tensor)


class Variable(metaclass=VariableMeta):
    """Variable(data, requires_grad=False, volatile=False): `data` as a new leaf tensor."""

    def __new__(cls, data=None, requires_grad: bool = False, volatile: bool = False,
                **kwargs):
        if kwargs:
            name = next(iter(kwargs))
            raise TypeError(f"'{name}' is an invalid keyword argument for this function")
        if volatile:
            warn("volatile was removed and now has no effect. Use `with torch.no_grad():` "
                 "instead.")
        if data is None:
            from .._creation import empty

            data = empty(0)
        if not isinstance(data, Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got {type(data).__name__}")
        result = data.detach()
        if requires_grad:
            if result._data.dtype.kind not in "fc":
                raise RuntimeError("Only Tensors of floating point and complex dtype can "
                                   "require gradients")
            result.requires_grad_(True)
        return result
