"""Reading the pickle inside a PyTorch checkpoint without running anything from the file.

A checkpoint's `data.pkl` names torch's rebuild functions, storage classes and dtypes as
pickle globals. Ember maps each of those names to its own equivalent. With
`weights_only=True` the unpickler admits nothing else (plain containers and numbers come
from pickle opcodes, not globals), so a file cannot make `find_class` import `os.system`
or any other callable; the refusal names the global as torch's does.
"""

from __future__ import annotations

import codecs
import collections
import pickle
from typing import Any

import numpy as np

from . import _dtype
from ._device import device
from ._serialization_allowlist import allowed_global
from ._tensor import Size, Tensor

__all__ = ["StorageType", "TorchUnpickler", "rebuild_tensor_v2", "rebuild_parameter",
           "STORAGE_TYPES"]


class StorageType:
    """What `torch.FloatStorage` and friends unpickle to: just the element dtype."""

    __module__ = "ember.serialization"  # torch's module for it

    __slots__ = ("name", "dtype")

    def __init__(self, name: str, dtype: _dtype.dtype) -> None:
        self.name = name
        self.dtype = dtype

    def __repr__(self) -> str:
        return f"<storage type torch.{self.name}>"


# torch's legacy typed-storage class names, which checkpoints still use as storage tags.
STORAGE_TYPES: dict[str, StorageType] = {
    name: StorageType(name, dt) for name, dt in (
        ("HalfStorage", _dtype.float16), ("FloatStorage", _dtype.float32),
        ("DoubleStorage", _dtype.float64), ("CharStorage", _dtype.int8),
        ("ShortStorage", _dtype.int16), ("IntStorage", _dtype.int32),
        ("LongStorage", _dtype.int64), ("ByteStorage", _dtype.uint8),
        ("BoolStorage", _dtype.bool_), ("ComplexFloatStorage", _dtype.complex64),
        ("ComplexDoubleStorage", _dtype.complex128),
    )
}


def rebuild_tensor_v2(storage: np.ndarray, storage_offset: int, size, stride,
                      requires_grad: bool = False, backward_hooks=None, metadata=None) -> Tensor:
    """A tensor viewing `storage` (a flat array) as torch describes it: offset, sizes and
    strides in elements. Tensors of one storage come back as views of one array."""
    size = tuple(int(s) for s in size)
    stride = tuple(int(s) for s in stride)
    numel = int(np.prod(size, dtype=np.int64))
    if numel == 0:
        data = np.empty(size, dtype=storage.dtype)
    else:
        extent = storage_offset + sum((n - 1) * s for n, s in zip(size, stride)) + 1
        if storage_offset < 0 or min(stride, default=0) < 0 or extent > storage.size:
            raise RuntimeError(
                f"setStorage: sizes {list(size)}, strides {list(stride)}, storage offset "
                f"{storage_offset} require more than the storage's {storage.size} elements"
            )
        item = storage.itemsize
        # np.ndarray over the storage keeps `.base` pointing at it, so a later save sees
        # the sharing again.
        data = np.ndarray(size, storage.dtype, buffer=storage, offset=storage_offset * item,
                          strides=tuple(s * item for s in stride))
    tensor = Tensor(data)
    if requires_grad:
        tensor.requires_grad_(True)
    return tensor


def rebuild_parameter(data: Tensor, requires_grad: bool, backward_hooks=None):
    """An `nn.Parameter` over the rebuilt tensor's memory."""
    from .nn.parameter import Parameter

    return Parameter(data, requires_grad)


def _size(*args):
    return Size(*args)


_TORCH_GLOBALS: dict[tuple[str, str], Any] = {
    ("torch._utils", "_rebuild_tensor_v2"): rebuild_tensor_v2,
    ("torch._utils", "_rebuild_parameter"): rebuild_parameter,
    ("torch", "Size"): _size,
    ("torch", "device"): device,
    ("collections", "OrderedDict"): collections.OrderedDict,
    ("collections", "Counter"): collections.Counter,
    ("_codecs", "encode"): codecs.encode,  # how protocol 2 spells a bytes object
    **{(module, kind.__name__): kind for module in ("builtins", "__builtin__")
       for kind in (set, complex, bytearray)},
    **{("torch", name): st for name, st in STORAGE_TYPES.items()},
    **{("torch", dt.name): dt for dt in _dtype.ALL_DTYPES},
}

# Modules torch refuses with a sharper message: importing from them is never a weights file.
_BLOCKED_MODULES = ("sys", "os", "posix", "nt")

_HEAD = (
    "Weights only load failed. In PyTorch 2.6, we changed the default value of the "
    "`weights_only` argument in `torch.load` from `False` to `True`. Re-running `torch.load` "
    "with `weights_only` set to `False` will likely succeed, but it can result in arbitrary "
    "code execution. Do it only if you got the file from a trusted source."
)
_TWO_OPTIONS = (
    "Weights only load failed. This file can still be loaded, to do so you have two options, "
    "\x1b[1mdo those steps only if you trust the source of the checkpoint\x1b[0m. \n\t(1) In "
    "PyTorch 2.6, we changed the default value of the `weights_only` argument in `torch.load` "
    "from `False` to `True`. Re-running `torch.load` with `weights_only` set to `False` will "
    "likely succeed, but it can result in arbitrary code execution. Do it only if you got the "
    "file from a trusted source.\n\t(2) Alternatively, to load with `weights_only=True` please "
    "check the recommended steps in the following error message.\n\tWeightsUnpickler error: "
)
_TAIL = (
    "\n\nCheck the documentation of torch.load to learn more about types accepted by default "
    "with weights_only https://pytorch.org/docs/stable/generated/torch.load.html."
)


def known_global(module: str, name: str) -> bool:
    """Whether `module.name` is one of the globals every weights-only load admits."""
    return (module, name) in _TORCH_GLOBALS


def refused_global_message(module: str, name: str) -> str:
    """torch 2.13's wording for a global that `weights_only=True` does not admit."""
    if module.split(".")[0] in _BLOCKED_MODULES:
        return (f"{_HEAD}\n\n\nTrying to load unsupported GLOBAL {module}.{name} whose module "
                f"{module} is blocked.{_TAIL}")
    full = name if module in ("builtins", "__builtin__") else f"{module}.{name}"
    return (f"{_TWO_OPTIONS}Unsupported global: GLOBAL {full} was not an allowed global by "
            f"default. Please use `torch.serialization.add_safe_globals([{full}])` or the "
            f"`torch.serialization.safe_globals([{full}])` context manager to allowlist this "
            f"global if you trust this class/function.{_TAIL}")


def weights_only_failure(detail: str) -> str:
    """torch's wording when the restricted unpickler meets something else it refuses."""
    return (f"{_HEAD}\nPlease file an issue with the following so that we can make "
            f"`weights_only=True` compatible with your use case: WeightsUnpickler error: "
            f"\n\n{detail}{_TAIL}")


class TorchUnpickler(pickle.Unpickler):
    """Unpickles `data.pkl`, mapping torch's globals to ember's and fetching storages
    through `load_storage(storage_type, key, location, numel)`.

    `weights_only=True` admits only the globals above; anything else raises
    `pickle.UnpicklingError` before it is imported. `weights_only=False` falls back to
    ordinary pickle lookup (a trusted file may hold any Python object).
    """

    __module__ = "ember.serialization"  # (where it is public)

    def __init__(self, file, load_storage, *, weights_only: bool) -> None:
        super().__init__(file)
        self._load_storage = load_storage
        self._weights_only = weights_only

    def find_class(self, module: str, name: str):
        found = _TORCH_GLOBALS.get((module, name))
        if found is not None:
            return found
        if self._weights_only:
            admitted, obj = allowed_global(module, name)
            if admitted:
                return obj
            raise pickle.UnpicklingError(refused_global_message(module, name))
        if module == "torch" or module.startswith("torch."):
            raise pickle.UnpicklingError(
                f"ember cannot rebuild torch's {module}.{name}: only tensors, parameters, "
                "storages, dtypes and plain Python objects are supported")
        return super().find_class(module, name)

    def persistent_load(self, pid):
        if (not isinstance(pid, tuple) or len(pid) != 5 or pid[0] != "storage"
                or not isinstance(pid[1], StorageType)):
            raise pickle.UnpicklingError(
                weights_only_failure("unsupported persistent id encountered"))
        _, storage_type, key, location, numel = pid
        return self._load_storage(storage_type, str(key), str(location), int(numel))
