"""Copies and casts: clone, contiguous, to(dtype), float()/double()/long()..., type()."""

from __future__ import annotations

import numpy as np

from .._device import check_device, is_meta_device
from .._device import device as _device_class
from .._dispatch import apply
from .._dtype import cast_array, to_dtype
from .._dtype import dtype as _dtype_class
from .._grad_mode import is_grad_enabled
from .._legacy_types import tensortype
from .._memory_format import (
    channels_last,
    channels_last_3d,
    checked_format,
    contiguous_format,
    empty_in_order,
    is_contiguous_as,
    order_of_format,
    preserve_format,
    preserved_order,
)
from .._meta import NO_DATA, MetaArray, meta_array
from .._tensor import Tensor
from .._warnings import warn_once
from ..autograd import forward_ad as _fw
from . import _empty_views as empty
from ._registry import OPS, allow_complex, declare, public


@declare("clone", grad_fn="CloneBackward0", formula="d clone(x)/dx = 1")
def _clone(x, order="C"):
    if order == "K" and not x.size:  # (preserve_format keeps an empty input's strides)
        return empty.copy_laid_as(x, x.dtype)
    if order == "K":  # (torch's preserve_format: NumPy's "K" but for broadcast dims)
        order = preserved_order(x) or "K"
    if isinstance(order, tuple):  # the dims in memory, slowest first (channels_last)
        copied = empty_in_order(x.shape, x.dtype, order)
        copied[...] = x
        return copied
    return np.array(x, copy=True, order=order)


@_clone.backward
def _(ctx, g):
    return (g,)


_clone.tangent(_fw.linear)


@public()
def clone(input: Tensor, *, memory_format=None) -> Tensor:
    """A copy with its own memory, still connected to the graph. As torch's (its default
    preserve_format), it keeps the order of input's strides: a transposed or column-major
    (LAPACK) input gives a column-major copy, which NumPy's order "K" makes;
    contiguous_format gives C order, channels_last the channels innermost."""
    fmt = checked_format(memory_format, "clone")
    if fmt is None or fmt is preserve_format:
        return apply(OPS["clone"], (input,), ("K",))
    return apply(OPS["clone"], (input,), (order_of_format(fmt, input._data.ndim) or "C",))


def _no_positional(name: str, args: tuple) -> TypeError:
    """torch's error for positional arguments given to a method that takes only keywords
    (x.float(None), x.contiguous(torch.channels_last))."""
    were = "was" if len(args) == 1 else "were"
    return TypeError(f"{name}() takes 0 positional arguments but {len(args)} {were} given")


@public(function=False)
def contiguous(input: Tensor, *args, memory_format=None) -> Tensor:
    """self if already contiguous in memory (in `memory_format`'s sense: C order, or the
    channels innermost), else such a copy."""
    if args:
        raise _no_positional("contiguous", args)
    fmt = checked_format(memory_format, "contiguous")
    if fmt is None or fmt is contiguous_format:
        if input._data.flags.c_contiguous:
            return input
        return apply(OPS["clone"], (input,))
    if fmt is preserve_format:
        raise RuntimeError("preserve memory format is unsupported by the contiguous operator")
    if is_contiguous_as(input._data, fmt):
        return input
    return apply(OPS["clone"], (input,), (order_of_format(fmt, input._data.ndim),))


@declare("to_dtype", grad_fn="ToCopyBackward0", broadcasts=True, formula="gradient cast back")
def _to_dtype(x, np_dtype, order=None):
    if x.dtype.kind == "c" and np_dtype.kind not in "cb":
        # torch keeps the real part (a bool cast asks for a nonzero value instead)
        warn_once("complex to real", "Casting complex values to real discards the imaginary "
                  "part")
        x = x.real
    if order is None and not x.size:  # (preserve_format keeps an empty input's strides)
        return empty.copy_laid_as(x, np_dtype)
    cast = cast_array(x, np_dtype)  # (float64 to float16 through float32, as torch)
    if order is None:  # (NumPy's casts keep the input's order, as torch's preserve_format,
        order = preserved_order(x)  # but for broadcast dims)
        if order is None:
            return cast
    return _clone.forward(cast, order)  # (to(..., memory_format=): C, channels innermost)


@_to_dtype.backward
def _(ctx, g):
    return (g,)  # the engine casts it back to the input's dtype


_to_dtype.tangent(_fw.linear)


def _cast(input: Tensor, dtype, fmt=None) -> Tensor:
    """input as `dtype` (itself if it has it), in memory_format `fmt` when a copy is made."""
    target = to_dtype(dtype)
    if input._data.dtype == target.numpy:
        return input
    if type(input._data) is MetaArray:
        return _meta_to(input, None, dtype)
    if fmt is None or fmt is preserve_format:
        out = apply(OPS["to_dtype"], (input,), (target.numpy,))
    else:
        order = order_of_format(fmt, input._data.ndim) or "C"
        out = apply(OPS["to_dtype"], (input,), (target.numpy, order))
    if not (target.is_floating_point or target.is_complex) and out._requires_grad:
        # Integer results cannot carry gradients: torch returns a plain tensor.
        out = Tensor(out._data)
    return out


@public(function=False)
def to(input: Tensor, *args, **kwargs) -> Tensor:
    """Cast to a dtype (device arguments are accepted and must be the CPU)."""
    dtype = kwargs.pop("dtype", None)
    kwargs.pop("non_blocking", None)
    kwargs.pop("copy", None)
    fmt = checked_format(kwargs.pop("memory_format", None), "to")
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
        elif isinstance(arg, int):  # an accelerator's index (torch.device(0))
            device = arg
        else:
            raise TypeError(f"to() received an invalid combination of arguments: {arg!r}")
    if is_meta_device(device) or type(input._data) is MetaArray:
        return _meta_to(input, device, dtype)
    if device is not None:
        check_device(device)
    if dtype is None or to_dtype(dtype).numpy == input._data.dtype:
        # torch returns self unless a format is asked for that self does not suggest (a
        # 4-d tensor's channels_last; any other tensor suggests contiguous_format, so a
        # transposed matrix's to(memory_format=contiguous_format) is itself)
        if fmt is None or fmt is preserve_format or fmt is _suggested_format(input._data):
            return input
        order = order_of_format(fmt, input._data.ndim) or "C"
        return apply(OPS["to_dtype"], (input,), (input._data.dtype, order))
    return _cast(input, dtype, fmt)


def _meta_to(input: Tensor, device, dtype) -> Tensor:
    """to() onto the meta device, or of a meta tensor (see _meta.py): the values cannot come
    back, a dtype is only recorded."""
    if device is not None and not is_meta_device(device):
        check_device(device)
        raise NotImplementedError(NO_DATA)
    np_dtype = input._data.dtype if dtype is None else to_dtype(dtype).numpy
    if type(input._data) is MetaArray and np_dtype == input._data.dtype:
        return input
    if input._requires_grad and is_grad_enabled() and type(input._data) is not MetaArray:
        out = apply(OPS["to_dtype"], (input,), (np_dtype,))  # (ToCopyBackward0, as torch)
        out._data = meta_array(out._data)
        return out
    out = Tensor(np.empty(0, np_dtype))
    out._data = meta_array(np.empty(input._data.shape, np_dtype))  # (Tensor() would copy)
    return out


def _suggested_format(array: np.ndarray):
    """torch's suggest_memory_format: a channels-last format for a tensor laid out so,
    contiguous_format for any other."""
    for fmt in (channels_last, channels_last_3d):
        if is_contiguous_as(array, fmt) and not array.flags.c_contiguous:
            return fmt
    return contiguous_format


def _caster(name: str, dtype_name: str):
    def method(input: Tensor, *args, memory_format=None) -> Tensor:
        if args:
            raise _no_positional(name, args)
        checked_format(memory_format, name)
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
_cfloat = _caster("cfloat", "complex64")
_cdouble = _caster("cdouble", "complex128")

_TYPE_NAMES = {"float32": "FloatTensor", "float64": "DoubleTensor", "float16": "HalfTensor",
               "int64": "LongTensor", "int32": "IntTensor", "int16": "ShortTensor",
               "int8": "CharTensor", "uint8": "ByteTensor", "bool": "BoolTensor",
               "complex64": "ComplexFloatTensor", "complex128": "ComplexDoubleTensor"}


@public(name="type", function=False)
def _type(input: Tensor, dtype=None, non_blocking: bool = False):
    """With no argument, the type name ('torch.FloatTensor'); otherwise a cast."""
    if dtype is None:
        return f"torch.{_TYPE_NAMES[input.dtype.name]}"
    if isinstance(dtype, tensortype):  # x.type(torch.LongTensor)
        dtype = dtype.dtype
    if isinstance(dtype, type):  # (any other class is named as torch names it)
        module = dtype.__module__
        dtype = dtype.__name__ if module == "builtins" else f"{module}.{dtype.__name__}"
    if isinstance(dtype, str):  # only the tensor types' names: 'torch.LongTensor'
        names = {f"torch.{v}": k for k, v in _TYPE_NAMES.items()}
        if dtype not in names:
            raise ValueError(f"invalid type: {dtype!r}")
        dtype = names[dtype]
    elif not isinstance(dtype, _dtype_class):
        raise TypeError("dtype must be a type, str, or dtype object")
    return _cast(input, dtype)


@public(function=False)
def type_as(input: Tensor, other: Tensor) -> Tensor:
    return _cast(input, other.dtype)


@public(function=False)
def cpu(input: Tensor, *args, memory_format=None) -> Tensor:
    if args:
        raise _no_positional("cpu", args)
    checked_format(memory_format, "cpu")
    if type(input._data) is MetaArray:
        raise NotImplementedError(NO_DATA)
    return input


@public(function=False)
def cuda(input: Tensor, *args, **kwargs) -> Tensor:
    check_device("cuda")

# Copies and casts pass the gradient through (cast back by the engine: a real input of a
# complex cast keeps the real part of its gradient, as torch).
allow_complex("clone", "to_dtype")
