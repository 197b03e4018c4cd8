"""Writing a checkpoint that torch.load(weights_only=True) accepts, without importing torch.

The pickle must name torch's globals (`torch._utils._rebuild_tensor_v2`, `torch.FloatStorage`,
`torch.float32`, ...). The standard pickler only writes a global after importing it to check
the name, so this subclass of the pure-Python pickler writes those few GLOBAL opcodes itself.
Storages are the NumPy buffers that tensors view: tensors over one buffer (tied weights,
views) become one `data/<key>` record, as in torch.
"""

from __future__ import annotations

import collections
import io
import pickle
import secrets
import struct
import sys
import types
import zipfile
from typing import Any

import numpy as np

from . import _dtype
from ._device import device
from ._tensor import Size, Tensor

__all__ = ["write_checkpoint"]

_STORAGE_NAMES = {
    "float16": "HalfStorage", "float32": "FloatStorage", "float64": "DoubleStorage",
    "int8": "CharStorage", "int16": "ShortStorage", "int32": "IntStorage",
    "int64": "LongStorage", "uint8": "ByteStorage", "bool": "BoolStorage",
    "complex64": "ComplexFloatStorage", "complex128": "ComplexDoubleStorage",
}
_ALIGNMENT = 64
_ARCHIVE = "archive"


class _Global:
    """Stands for a torch function or class in the pickle; never called by ember."""

    __slots__ = ("module", "name")

    def __init__(self, module: str, name: str) -> None:
        self.module = module
        self.name = name

    def __call__(self, *args):  # pickle insists that a reduce function is callable
        raise TypeError(f"{self.module}.{self.name} exists only inside checkpoints")


_REBUILD_TENSOR = _Global("torch._utils", "_rebuild_tensor_v2")
_REBUILD_PARAMETER = _Global("torch._utils", "_rebuild_parameter")
_SIZE = _Global("torch", "Size")
_DEVICE = _Global("torch", "device")
_STORAGE_GLOBALS = {name: _Global("torch", storage) for name, storage in _STORAGE_NAMES.items()}
_DTYPE_GLOBALS = {dt.name: _Global("torch", dt.name) for dt in _dtype.ALL_DTYPES}


class _Storages:
    """Assigns one record key per distinct NumPy buffer and keeps its bytes."""

    def __init__(self) -> None:
        self.records: list[tuple[str, bytes]] = []
        self._keys: dict[int, tuple[str, np.ndarray, int, np.dtype]] = {}

    def locate(self, data: np.ndarray) -> tuple[str, int, int, tuple[int, ...]]:
        """(key, numel, offset, strides) of `data` in its storage, in elements. A tensor
        read as another dtype (`view(dtype)`) is stored as its memory in its own dtype;
        two tensors reading one memory as different dtypes are torch's error."""
        root = data
        while isinstance(root.base, np.ndarray):
            root = root.base
        item = data.itemsize
        usable = (root.size > 0 and (root.flags.c_contiguous or root.flags.f_contiguous)
                  and root.nbytes % item == 0
                  and all(s >= 0 and s % item == 0 for s in data.strides))
        if usable:
            start = root.__array_interface__["data"][0]
            offset_bytes = data.__array_interface__["data"][0] - start
            usable = offset_bytes >= 0 and offset_bytes % item == 0
        if not usable:  # a layout torch cannot describe (negative strides)
            root = data = np.array(data, order="C")
            offset_bytes = 0
        entry = self._keys.get(id(root))
        if entry is None:
            key = str(len(self.records))
            flat = root.ravel(order="K").view(data.dtype)  # (the same bytes)
            self.records.append((key, flat.astype(flat.dtype.newbyteorder("<")).tobytes()))
            # (keeps root alive, so ids stay unique)
            entry = self._keys[id(root)] = (key, root, flat.size, data.dtype)
        elif entry[3] != data.dtype:
            raise RuntimeError("Cannot save multiple tensors or storages that view the same "
                               "data as different types")
        strides = tuple(s // item for s in data.strides)
        return entry[0], entry[2], offset_bytes // item, strides


def _check_global_lookup(obj: Any, name: str | None) -> None:
    """torch.save runs C's pickler; this one is Python's, whose refusals of a class or
    function it cannot name are worded otherwise: raise C's errors for them first."""
    qualname = name or getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None)
    if qualname is None:
        return
    if "<locals>" in qualname.split("."):
        raise AttributeError(f"Can't pickle local object {qualname!r}")
    module_name = pickle.whichmodule(obj, qualname)
    try:
        __import__(module_name, level=0)
    except ImportError:
        raise pickle.PicklingError(
            f"Can't pickle {obj!r}: import of module {module_name!r} failed") from None
    target = sys.modules[module_name]
    for part in qualname.split("."):
        try:
            target = getattr(target, part)
        except AttributeError:
            raise pickle.PicklingError(f"Can't pickle {obj!r}: attribute lookup {qualname} "
                                       f"on {module_name} failed") from None
    if target is not obj:
        raise pickle.PicklingError(f"Can't pickle {obj!r}: it's not the same object as "
                                   f"{module_name}.{qualname}")


class _CheckpointPickler(pickle._Pickler):
    """Protocol-2 pickler that turns ember tensors, parameters and dtypes into torch's names."""

    dispatch = dict(pickle._Pickler.dispatch)

    def __init__(self, file, protocol: int, storages: _Storages) -> None:
        super().__init__(file, protocol)
        self._storages = storages

    def save_torch_global(self, obj: _Global) -> None:
        self.write(pickle.GLOBAL + f"{obj.module}\n{obj.name}\n".encode("ascii"))
        self.memoize(obj)

    dispatch[_Global] = save_torch_global

    def save_global(self, obj, name=None) -> None:
        _check_global_lookup(obj, name)
        super().save_global(obj, name)

    dispatch[types.FunctionType] = save_global  # (the base table holds the base method)

    def save_dtype(self, obj: _dtype.dtype) -> None:
        self.save(_DTYPE_GLOBALS[obj.name])

    dispatch[_dtype.dtype] = save_dtype

    def reducer_override(self, obj):
        if isinstance(obj, Tensor):
            return self._reduce_tensor(obj)
        if type(obj) is Size:
            return (_SIZE, (tuple(obj),))
        if type(obj) is device:
            return (_DEVICE, (str(obj),))
        return NotImplemented

    def _reduce_tensor(self, tensor: Tensor):
        from .nn.parameter import Parameter

        if isinstance(tensor, Parameter):
            plain = Tensor(tensor._data)
            return (_REBUILD_PARAMETER,
                    (plain, tensor.requires_grad, collections.OrderedDict()))
        data = tensor._data
        key, numel, offset, strides = self._storages.locate(data)
        storage = ("storage", _STORAGE_GLOBALS[tensor.dtype.name], key, "cpu", numel)
        return (_REBUILD_TENSOR, (_PersistentStorage(storage), offset, tuple(data.shape),
                                  strides, tensor.requires_grad, collections.OrderedDict()))

    def persistent_id(self, obj):
        if isinstance(obj, _PersistentStorage):
            return obj.pid
        return None


class _PersistentStorage:
    """A storage reference, written as a persistent id rather than pickled."""

    __slots__ = ("pid",)

    def __init__(self, pid: tuple) -> None:
        self.pid = pid


def write_checkpoint(obj: Any, protocol: int = 2) -> bytes:
    """The bytes of a torch-format zip checkpoint holding `obj`."""
    storages = _Storages()
    buffer = io.BytesIO()
    _CheckpointPickler(buffer, protocol, storages).dump(obj)
    entries = [("data.pkl", buffer.getvalue()), (".format_version", b"1"),
               (".storage_alignment", str(_ALIGNMENT).encode()),
               ("byteorder", sys.byteorder.encode())]
    entries += [(f"data/{key}", payload) for key, payload in storages.records]
    entries += [("version", b"3\n"),
                (".data/serialization_id", str(secrets.randbits(128)).zfill(40).encode())]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, payload in entries:
            _write_aligned(archive, out, f"{_ARCHIVE}/{name}", payload)
    return out.getvalue()


def _write_aligned(archive: zipfile.ZipFile, out: io.BytesIO, name: str, payload: bytes) -> None:
    """Store one entry with its data at a multiple of 64 bytes (padding in an extra field,
    as torch's writer does), so readers may memory-map storages."""
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED
    header_end = out.tell() + 30 + len(name.encode()) + 4
    pad = (-header_end) % _ALIGNMENT
    info.extra = b"FB" + struct.pack("<H", pad) + b"Z" * pad
    archive.writestr(info, payload)
