"""Copies and casts: clone, contiguous, to(dtype), float()/double()/long()..., type()."""

from __future__ import annotations

import numpy as np

from .._device import check_device
from .._device import device as _device_class
from .._dispatch import apply
from .._dtype import cast_array, to_dtype
from .._dtype import dtype as _dtype_class
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from ._registry import OPS, declare, public


@declare("clone", grad_fn="CloneBackward0", formula="d clone(x)/dx = 1")
def _clone(x, order="C"):
    return np.array(x, copy=True, order=order)


@_clone.backward
def _(ctx, g):
    return (g,)


_clone.tangent(_fw.linear)


@public()
def clone(input: Tensor, *, memory_format=None) -> Tensor:
    """A copy with its own memory, still connected to the graph. As torch's (its default
    preserve_format), it keeps the order of input's strides: a transposed or column-major
    (LAPACK) input gives a column-major copy, which NumPy's order "K" makes."""
    return apply(OPS["clone"], (input,), ("K",))


@public(function=False)
def contiguous(input: Tensor, memory_format=None) -> Tensor:
    """self if already contiguous in memory, else a contiguous copy."""
    if input._data.flags.c_contiguous:
        return input
    return apply(OPS["clone"], (input,))


@declare("to_dtype", grad_fn="ToCopyBackward0", broadcasts=True, formula="gradient cast back")
def _to_dtype(x, np_dtype):
    return cast_array(x, np_dtype)  # (float64 to float16 through float32, as torch)


@_to_dtype.backward
def _(ctx, g):
    return (g,)  # the engine casts it back to the input's dtype


_to_dtype.tangent(_fw.linear)


def _cast(input: Tensor, dtype) -> Tensor:
    target = to_dtype(dtype)
    if input._data.dtype == target.numpy:
        return input
    out = apply(OPS["to_dtype"], (input,), (target.numpy,))
    if not target.is_floating_point and out._requires_grad:
        # Integer results cannot carry gradients: torch returns a plain tensor.
        out = Tensor(out._data)
    return out


@public(function=False)
def to(input: Tensor, *args, **kwargs) -> Tensor:
    """Cast to a dtype (device arguments are accepted and must be the CPU)."""
    dtype = kwargs.pop("dtype", None)
    kwargs.pop("non_blocking", None)
    kwargs.pop("copy", None)
    kwargs.pop("memory_format", None)
    device = kwargs.pop("device", None)
    if kwargs:
        raise TypeError(f"to() got an unexpected keyword argument '{next(iter(kwargs))}'")
    for arg in args:
        if isinstance(arg, _dtype_class):
            dtype = arg
        elif isinstance(arg, Tensor):
            dtype = arg.dtype
        elif isinstance(arg, (str, _device_class)):
            device = arg
        elif arg in (float, int, bool):  # Python types name dtypes too
            dtype = arg
        elif isinstance(arg, bool):
            continue
        else:
            raise TypeError(f"to() received an invalid combination of arguments: {arg!r}")
    if device is not None:
        check_device(device)
    return input if dtype is None else _cast(input, dtype)


def _caster(name: str, dtype_name: str):
    def method(input: Tensor, memory_format=None) -> Tensor:
        return _cast(input, dtype_name)

    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"Cast to torch.{dtype_name}."
    return public(function=False)(method)


_float = _caster("float", "float32")
_double = _caster("double", "float64")
_half = _caster("half", "float16")
_long = _caster("long", "int64")
_int = _caster("int", "int32")
_short = _caster("short", "int16")
_char = _caster("char", "int8")
_byte = _caster("byte", "uint8")
_bool = _caster("bool", "bool")

_TYPE_NAMES = {"float32": "FloatTensor", "float64": "DoubleTensor", "float16": "HalfTensor",
               "int64": "LongTensor", "int32": "IntTensor", "int16": "ShortTensor",
               "int8": "CharTensor", "uint8": "ByteTensor", "bool": "BoolTensor"}


@public(name="type", function=False)
def _type(input: Tensor, dtype=None, non_blocking: bool = False):
    """With no argument, the type name ('torch.FloatTensor'); otherwise a cast."""
    if dtype is None:
        return f"torch.{_TYPE_NAMES[input.dtype.name]}"
    if isinstance(dtype, str) and dtype.startswith("torch.") and dtype.endswith("Tensor"):
        names = {v: k for k, v in _TYPE_NAMES.items()}
        dtype = names[dtype.removeprefix("torch.")]
    return _cast(input, dtype)


@public(function=False)
def type_as(input: Tensor, other: Tensor) -> Tensor:
    return _cast(input, other.dtype)


@public(function=False)
def cpu(input: Tensor, memory_format=None) -> Tensor:
    return input


@public(function=False)
def cuda(input: Tensor, *args, **kwargs) -> Tensor:
    check_device("cuda")
