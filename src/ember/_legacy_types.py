"""torch's typed legacy constructors: torch.FloatTensor, torch.LongTensor, ... .

Each is a class whose metaclass (torch's `tensortype`) makes calling it build a tensor of its
dtype with the legacy constructor's rules (`_tensor.legacy_data`: sizes, a sequence, or a
tensor of that dtype), and makes `isinstance(x, torch.LongTensor)` a check of x's dtype.
`x.type(torch.LongTensor)` casts to it. Old tutorials still write `torch.LongTensor(idxs)`.
"""

from __future__ import annotations

from . import _dtype
from ._tensor import _NO_DATA, Tensor, legacy_data

__all__ = ["FloatTensor", "DoubleTensor", "HalfTensor", "LongTensor",
           "IntTensor", "ShortTensor", "CharTensor", "ByteTensor", "BoolTensor"]


class tensortype(type):
    """The class of torch.LongTensor and kin (torch names it `tensortype`)."""

    dtype: _dtype.dtype

    def __call__(cls, data=_NO_DATA, *sizes: int, **kwargs) -> Tensor:
        if kwargs:
            got = [type(a).__name__ for a in (data, *sizes) if a is not _NO_DATA]
            got += [f"{k}={type(v).__name__}" for k, v in kwargs.items()]
            raise TypeError(f"new() received an invalid combination of arguments - got "
                            f"({', '.join(got)})")
        array, version = legacy_data(data, sizes, cls.dtype)
        return Tensor(array, False, None, version)

    def __instancecheck__(cls, instance) -> bool:
        return isinstance(instance, Tensor) and instance.dtype is cls.dtype

    def __subclasscheck__(cls, subclass) -> bool:
        return subclass is cls


def _typed(name: str, dtype: _dtype.dtype) -> tensortype:
    cls = tensortype(name, (), {"dtype": dtype, "__doc__": f"torch.{name}: tensors of {dtype}."})
    cls.__module__ = "torch"  # printed <class 'torch.LongTensor'>, the name .type() returns
    return cls


FloatTensor = _typed("FloatTensor", _dtype.float32)
DoubleTensor = _typed("DoubleTensor", _dtype.float64)
HalfTensor = _typed("HalfTensor", _dtype.float16)
LongTensor = _typed("LongTensor", _dtype.int64)
IntTensor = _typed("IntTensor", _dtype.int32)
ShortTensor = _typed("ShortTensor", _dtype.int16)
CharTensor = _typed("CharTensor", _dtype.int8)
ByteTensor = _typed("ByteTensor", _dtype.uint8)
BoolTensor = _typed("BoolTensor", _dtype.bool_)
