"""Tensor methods and torch functions that describe or make tensors without computing:
new_zeros/new_ones/new_full/new_empty/new_tensor, the metadata queries (is_cpu, nbytes,
storage_offset, output_nr, is_signed, is_nonzero, is_same_size, ...), the memory-placement
no-ops of a CPU-only torch (share_memory_, is_pinned, is_shared), and torch.detach, ravel,
asarray, scalar_tensor, typename, is_complex.

The methods are installed on Tensor by `install()` (ember/__init__.py calls it once);
the functions are this module's public names.
"""

from __future__ import annotations

import numbers

import numpy as np

from . import _dtype
from ._arguments import number_argument
from ._batched_array import refuse_control_flow
from ._creation import _finish, _size, tensor
from ._device import check_device
from ._inference import write_then_refuse, written_outside
from ._layout import checked_layout
from ._tensor import Tensor
from ._warnings import warn, warn_once

__all__ = ["get_device", "detach", "ravel", "asarray", "scalar_tensor", "typename", "is_complex",
           "is_nonzero", "is_same_size", "is_signed", "install"]


def _require_tensor(function: str, value, argument: str = "input", position: int = 1) -> None:
    if not isinstance(value, Tensor):
        raise TypeError(f"{function}(): argument '{argument}' (position {position}) must be "
                        f"Tensor, not {type(value).__name__}")


def _dtype_or_own(self: Tensor, dtype) -> np.dtype:
    return _dtype.to_dtype(dtype).numpy if dtype is not None else self._data.dtype


# ---------------------------------------------------------------------- new_* factories
# They make a tensor of self's dtype (unless dtype= says otherwise) on self's device.
def _new_filled(self: Tensor, size: tuple, keyword, fill, dtype, device,
                requires_grad: bool, function: str) -> Tensor:
    check_device(device)
    try:
        shape = _size(size, keyword)
    except TypeError:
        wrong = size[0] if size and not isinstance(size[0], (tuple, list)) else size
        raise TypeError(f"{function}(): argument 'size' (position 1) must be tuple of ints, "
                        f"not {type(wrong).__name__}") from None
    np_dtype = _dtype_or_own(self, dtype)
    if fill is None:
        array = np.zeros(shape, np_dtype)
    else:
        # (torch's fill_ of a single element does not check float16's range: inf)
        fill = _dtype.number_in_dtype(fill, np_dtype, half_range=int(np.prod(shape)) != 1)
        array = np.full(shape, fill, np_dtype)
    return _finish(array, requires_grad)


def new_zeros(self: Tensor, *size, dtype=None, device=None, requires_grad: bool = False,
              layout=None, pin_memory: bool = False, **kwargs) -> Tensor:
    """Zeros of the given size, with self's dtype unless `dtype` is given."""
    checked_layout(layout, "new_zeros")
    return _new_filled(self, size, kwargs.pop("size", None), 0, dtype, device, requires_grad,
                       "new_zeros")


def new_ones(self: Tensor, *size, dtype=None, device=None, requires_grad: bool = False,
             layout=None, pin_memory: bool = False, **kwargs) -> Tensor:
    """Ones of the given size, with self's dtype unless `dtype` is given."""
    checked_layout(layout, "new_ones")
    return _new_filled(self, size, kwargs.pop("size", None), 1, dtype, device, requires_grad,
                       "new_ones")


def new_empty(self: Tensor, *size, dtype=None, device=None, requires_grad: bool = False,
              layout=None, pin_memory: bool = False, **kwargs) -> Tensor:
    """An uninitialised tensor of the given size (ember fills it with zeros), with self's
    dtype unless `dtype` is given."""
    checked_layout(layout, "new_empty")
    return _new_filled(self, size, kwargs.pop("size", None), None, dtype, device,
                       requires_grad, "new_empty")


def new_full(self: Tensor, size, fill_value, *, dtype=None, device=None,
             requires_grad: bool = False, layout=None, pin_memory: bool = False) -> Tensor:
    """`fill_value` everywhere, with self's dtype unless `dtype` is given (3.7 in an int
    tensor's new_full is 3, as in torch)."""
    checked_layout(layout, "new_full")
    np_dtype = _dtype_or_own(self, dtype)
    if np_dtype.kind == "c" and isinstance(fill_value, (complex, np.complexfloating)):
        fill_value = complex(fill_value)  # (a complex tensor takes a complex number as it is)
    else:
        fill_value = number_argument(fill_value, "new_full", "fill_value", 2,
                                     real_type=np_dtype)
    if np_dtype.kind in "iu" and isinstance(fill_value, float):
        fill_value = int(fill_value)  # truncated toward zero, as torch converts
    return _new_filled(self, (size,), None, fill_value, dtype, device, requires_grad,
                       "new_full")


def new_tensor(self: Tensor, data, *, dtype=None, device=None, requires_grad: bool = False,
               layout=None, pin_memory: bool = False) -> Tensor:
    """A new tensor holding a copy of `data`, with self's dtype unless `dtype` is given."""
    check_device(device)
    checked_layout(layout, "new_tensor")
    if isinstance(data, Tensor):
        warn(
            "To copy construct from a tensor, it is recommended to use "
            "sourceTensor.detach().clone() or sourceTensor.detach().clone()."
            "requires_grad_(True), rather than tensor.new_tensor(sourceTensor).",
            UserWarning)
        data = data.detach().numpy().copy()
    np_dtype = _dtype_or_own(self, dtype)
    array = np.asarray(tensor(data)._data)
    if np_dtype.kind in "iu" and array.dtype.kind == "f":
        array = np.trunc(array)  # torch converts floats to integers toward zero
    # (to bool: nonzero is True, 0.12 included)
    result = tensor(array.astype(np_dtype))
    return result.requires_grad_() if requires_grad else result


# ---------------------------------------------------------------------- metadata
def _root_array(a: np.ndarray) -> np.ndarray:
    """The array that owns the memory `a` views (its "storage"). Bases that are not arrays
    are passed through: as_strided's windows (expand, diagonal, as_strided) have NumPy's
    DummyArray as base, whose own base is the array they view."""
    base = a.base
    while base is not None:
        if isinstance(base, np.ndarray):
            a = base
        base = getattr(base, "base", None)
    return a


def storage_offset(self: Tensor) -> int:
    """Where self's first element sits in its storage, in elements."""
    root = _root_array(self._data)
    start = self._data.__array_interface__["data"][0]
    begin = root.__array_interface__["data"][0]
    return (start - begin) // self._data.itemsize


def get_device(self: Tensor) -> int:
    """-1: the CPU (torch's answer for CPU tensors)."""
    _require_tensor("get_device", self)
    return -1


def is_nonzero(input: Tensor) -> bool:
    """Whether the single element of a one-element tensor is not zero (nan counts as not
    zero); more or fewer elements are torch's RuntimeError."""
    _require_tensor("is_nonzero", input)
    refuse_control_flow(input._data)  # (a vmapped value: torch's vmap error)
    size = input._data.size
    if size != 1:
        raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous"
                           if size > 1 else "Boolean value of Tensor with no values is ambiguous")
    return bool(input._data.reshape(()) != 0)


def is_same_size(input: Tensor, other: Tensor) -> bool:
    """Whether both tensors have the same shape."""
    _require_tensor("is_same_size", input)
    _require_tensor("is_same_size", other, "other", 2)
    return input._data.shape == other._data.shape


def is_signed(input: Tensor) -> bool:
    """Whether the dtype holds negative numbers (False for uint8 and bool)."""
    _require_tensor("is_signed", input)
    return input._data.dtype.kind in "if"


def is_complex(input: Tensor) -> bool:
    """Whether input's dtype is complex."""
    _require_tensor("is_complex", input)
    return input._data.dtype.kind == "c"


def pin_memory(self: Tensor, device=None) -> Tensor:
    """What a CPU-only torch does: pinning needs an accelerator, so it raises."""
    raise RuntimeError("Cannot access accelerator device when none is available.")


def is_pinned(self: Tensor, device=None) -> bool:
    return False


def share_memory_(self: Tensor) -> Tensor:
    """Marks self as shared (ember's DataLoader workers get tensors by pickling, so
    nothing moves); returns self."""
    self._get_extra()["shared"] = True
    return self


def is_shared(self: Tensor) -> bool:
    return bool(self._extra and self._extra.get("shared"))


def set_(self: Tensor, source=None, *args, **kwargs) -> Tensor:
    """Make self a tensor over `source`'s memory (its shape, strides and values: a later
    write to either shows in both), or an empty tensor when no source is given; self keeps
    its identity (a Parameter stays the object an optimizer holds) and its version counter
    moves, as an in-place op's. torch's storage forms (a storage, offset, size, stride) are
    not in ember."""
    from ._grad_mode import state

    if args or kwargs or (source is not None and not isinstance(source, Tensor)):
        got = ", ".join([type(source).__name__, *(type(a).__name__ for a in args)])
        raise TypeError(f"set_() received an invalid combination of arguments - got ({got}); "
                        "ember's set_ takes a Tensor (or nothing)")
    if self._extra is not None and written_outside(self):  # (an inference tensor)
        return write_then_refuse(self, lambda: set_(self, source))
    if self._requires_grad and self._grad_fn is None and state.enabled:
        raise RuntimeError("a leaf Variable that requires grad is being used in an in-place "
                           "operation.")
    if source is None:
        data = np.zeros((0,), self._data.dtype)
    else:
        if source._data.dtype != self._data.dtype:
            raise RuntimeError(f"Could not set tensor of type "
                               f"{_C_TYPE[source._data.dtype.name]} to a tensor of type "
                               f"{_C_TYPE[self._data.dtype.name]}")
        if source._requires_grad and state.enabled:
            raise NotImplementedError(
                "set_ with a source that requires grad (torch records a NotImplemented node) "
                "is not in ember: call it under no_grad, or use the source itself")
        data = source._data
    self._data = data
    self._version_counter[0] += 1
    return self


_C_TYPE = {"float16": "c10::Half", "float32": "float", "float64": "double",
           "int8": "signed char", "int16": "short int", "int32": "int", "int64": "long int",
           "uint8": "unsigned char", "bool": "bool"}


def bfloat16(self: Tensor, memory_format=None) -> Tensor:
    """Refused: ember has no bfloat16 dtype (the namespace's `bfloat16` says why)."""
    raise _dtype.missing_dtype("bfloat16")


_PROPERTIES = {
    "is_cpu": lambda self: True,
    "nbytes": lambda self: self._data.size * self._data.itemsize,
    "itemsize": lambda self: self._data.itemsize,
    "output_nr": lambda self: self._output_nr if self.grad_fn is not None else 0,
}
_METHODS = {
    "new_zeros": new_zeros, "new_ones": new_ones, "new_empty": new_empty,
    "new_full": new_full, "new_tensor": new_tensor, "storage_offset": storage_offset,
    "get_device": get_device, "is_nonzero": is_nonzero, "is_same_size": is_same_size,
    "is_signed": is_signed, "pin_memory": pin_memory, "is_pinned": is_pinned,
    "share_memory_": share_memory_, "is_shared": is_shared,
    "set_": set_, "bfloat16": bfloat16,
    "ravel": lambda self: ravel(self),
}


def install() -> None:
    """Put the methods and properties above on Tensor (missing ones only: Tensor's own
    definitions win)."""
    from .storage import storage, untyped_storage

    _METHODS.update(storage=storage, untyped_storage=untyped_storage)
    for name, getter in _PROPERTIES.items():
        if not hasattr(Tensor, name):
            setattr(Tensor, name, property(getter))
    for name, method in _METHODS.items():
        if not hasattr(Tensor, name):
            setattr(Tensor, name, method)


# ---------------------------------------------------------------------- torch functions
def detach(input: Tensor) -> Tensor:
    """input.detach(): the same memory, without a graph."""
    _require_tensor("detach", input)
    return input.detach()


def ravel(input: Tensor) -> Tensor:
    """The elements as one dim: a view when the memory allows, else a copy (torch makes it
    contiguous, then views it, so the grad_fn is ViewBackward0 either way)."""
    _require_tensor("ravel", input)
    return input.contiguous().view(-1)


def asarray(obj, *, dtype=None, device=None, copy: bool | None = None,
            requires_grad: bool | None = None) -> Tensor:
    """A tensor from `obj`, sharing memory where it can: a tensor itself (or a converted
    copy for another dtype), a NumPy array's memory, or a new tensor from numbers and
    lists. copy=True always copies, copy=False refuses to copy.

    A tensor passed as it is keeps its requires_grad when `requires_grad` is not given
    (torch warns about that default); given, it is set on the tensor itself if that is a
    leaf (as torch does), else on a detached alias."""
    check_device(device)
    wanted = _dtype.to_dtype(dtype).numpy if dtype is not None else None
    if isinstance(obj, Tensor):
        if requires_grad is None and obj.requires_grad:
            warn_once(
                "asarray of a tensor requiring grad",
                "torch.asarray: unspecified requires_grad now defaults to obj.requires_grad "
                "instead of False. Pass requires_grad=False explicitly to get the old behavior "
                "and silence this warning.")
        result = obj
        if wanted is not None and obj._data.dtype != wanted:
            if copy is False:
                raise ValueError("can't alias tensor into a tensor of a different dtype")
            result = obj.to(_dtype.to_dtype(dtype))
        elif copy:
            result = obj.clone()
        if requires_grad is not None and result.requires_grad != requires_grad:
            if result.grad_fn is not None:
                result = result.detach()
            result.requires_grad_(requires_grad)
        return result
    if isinstance(obj, np.generic):
        obj, copy = np.asarray(obj), True
    if isinstance(obj, np.ndarray):
        array = obj if wanted is None else obj.astype(wanted, copy=bool(copy))
        if copy and array is obj:
            array = obj.copy()
        if array.dtype.kind not in "biufc":
            _dtype.from_numpy_dtype(array.dtype)  # (raises torch's TypeError)
        result = Tensor(array)
    else:
        if copy is False:
            raise ValueError("can't alias arbitrary sequence into a tensor.")
        result = tensor(obj, dtype=dtype)
    return result.requires_grad_() if requires_grad else result


def scalar_tensor(s, *, dtype=None, device=None, requires_grad: bool = False,
                  layout=None, pin_memory: bool = False) -> Tensor:
    """A 0-d tensor holding the number `s`, in the default float dtype unless `dtype` is
    given (an int or bool becomes a float, as in torch)."""
    check_device(device)
    checked_layout(layout, "scalar_tensor")
    if isinstance(s, Tensor):
        s = s.item()
    if not isinstance(s, numbers.Number):
        raise TypeError(f"scalar_tensor(): argument 's' (position 1) must be Number, not "
                        f"{type(s).__name__}")
    np_dtype = (_dtype.to_dtype(dtype).numpy if dtype is not None
                else _dtype.get_default_dtype().numpy)
    return _finish(np.array(_dtype.number_in_dtype(s, np_dtype, half_range=False), np_dtype),
                   requires_grad)


def typename(obj) -> str:
    """torch's name for the type of `obj`: torch.FloatTensor for a float32 tensor, the
    qualified class name of anything else."""
    if isinstance(obj, Tensor):
        return obj.type()
    module = type(obj).__module__
    name = type(obj).__qualname__
    if module == "builtins":
        return name
    if module.startswith("ember"):
        module = "torch" + module[len("ember"):]
    return f"{module}.{name}"
