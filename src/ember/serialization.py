"""`ember.save` / `ember.load` in PyTorch's own zip checkpoint format, so files move both
ways between ember and torch.

Layout (as torch 2.x writes it): a zip archive, entries stored uncompressed, every name
under one folder (`archive/` here): `data.pkl` (the pickled object; tensors appear as
`torch._utils._rebuild_tensor_v2` calls whose first argument is a persistent id
`('storage', torch.FloatStorage, '<key>', 'cpu', numel)`), `data/<key>` (each storage's
raw bytes, aligned to 64 bytes in the file so it can be memory-mapped), `byteorder`,
`version`, `.format_version`, `.storage_alignment` and `.data/serialization_id`.
"""

from __future__ import annotations

import io
import os
import pickle
import struct
import zipfile
from typing import IO, Any

import numpy as np

from ._serialization_pickler import write_checkpoint
from ._serialization_unpickler import StorageType, TorchUnpickler

__all__ = ["save", "load"]

_CORRUPT = (
    "PytorchStreamReader failed reading zip archive: failed finding central directory. This "
    "is an internal miniz error. If you are seeing this error, there is a high likelihood that "
    "your checkpoint file is corrupted. This can happen if the checkpoint was not saved "
    "properly, was transferred incorrectly, or the file was modified after saving."
)
_CUDA_ON_CPU = (
    "Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is "
    "False. If you are running on a CPU-only machine, please use torch.load with "
    "map_location=torch.device('cpu') to map your storages to the CPU."
)


def save(obj: Any, f: str | os.PathLike | IO[bytes], pickle_module: Any = pickle,
         pickle_protocol: int = 2, _use_new_zipfile_serialization: bool = True) -> None:
    """Write `obj` (tensors, parameters, state dicts, nested containers) to a path or a
    binary file object in torch's zip format; tensors sharing memory share one record."""
    if not _use_new_zipfile_serialization:
        raise NotImplementedError("ember.save writes only PyTorch's zip format")
    payload = write_checkpoint(obj, pickle_protocol)
    if isinstance(f, (str, os.PathLike)):
        with open(f, "wb") as out:
            out.write(payload)
    else:
        f.write(payload)


def load(f: str | os.PathLike | IO[bytes], map_location=None, pickle_module: Any = None, *,
         weights_only: bool = True, mmap: bool | None = None, **pickle_load_args) -> Any:
    """Read a checkpoint written by torch.save or ember.save.

    With `weights_only=True` (torch's default) nothing named in the file is imported or
    called except tensor/parameter rebuilding, storages, dtypes and `OrderedDict`; other
    globals raise `pickle.UnpicklingError`. `mmap` is accepted for torch's signature; the
    storages are read into memory either way (same values).
    """
    raw = _read_all(f)
    if not raw:
        raise EOFError("")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError) as err:
        if raw[:2] == b"PK":
            raise RuntimeError(_CORRUPT) from err
        raise RuntimeError(
            "ember.load reads PyTorch's zip checkpoint format only; this file is not a zip "
            "archive (torch's pre-1.6 legacy format is not supported)") from err
    pickles = [n for n in names if n.endswith("data.pkl") and n.count("/") == 1]
    if not pickles:
        raise RuntimeError("PytorchStreamReader failed locating file data.pkl: file not found")
    prefix = pickles[0][: -len("data.pkl")]
    byteorder = "little"
    if prefix + "byteorder" in names:
        byteorder = archive.read(prefix + "byteorder").decode("ascii", "replace").strip()
    storages: dict[str, np.ndarray] = {}

    def load_storage(storage_type: StorageType, key: str, location: str, numel: int):
        _check_location(location, map_location)
        if key not in storages:
            try:
                data = archive.read(f"{prefix}data/{key}")
            except (KeyError, zipfile.BadZipFile, OSError, EOFError) as err:
                raise RuntimeError(
                    f"PytorchStreamReader failed reading record {prefix}data/{key}: the "
                    "checkpoint is corrupted or truncated") from err
            dt = storage_type.dtype.numpy.newbyteorder("<" if byteorder == "little" else ">")
            if len(data) % dt.itemsize:
                raise RuntimeError(f"storage record {key} has a size that is not a whole "
                                   f"number of {storage_type.dtype} elements")
            storages[key] = np.frombuffer(data, dtype=dt).astype(storage_type.dtype.numpy)
        return storages[key]

    try:
        data_pkl = archive.read(pickles[0])
    except (zipfile.BadZipFile, OSError, EOFError) as err:
        raise RuntimeError(_CORRUPT) from err
    unpickler = TorchUnpickler(io.BytesIO(data_pkl), load_storage, weights_only=weights_only)
    try:
        return unpickler.load()
    except pickle.UnpicklingError:
        raise
    except (EOFError, IndexError, KeyError, ValueError, TypeError, struct.error) as err:
        if not weights_only:
            raise
        raise pickle.UnpicklingError(
            f"Weights only load failed: corrupt data.pkl ({err!r})") from err


def _read_all(f) -> bytes:
    if isinstance(f, (str, os.PathLike)):
        with open(f, "rb") as src:
            return src.read()
    return f.read()


def _check_location(location: str, map_location) -> None:
    """ember is CPU-only: a CUDA storage needs map_location naming the CPU, as in torch."""
    target = map_location
    if isinstance(map_location, dict):
        target = map_location.get(location, location)
    elif callable(map_location):
        return
    if target is None:
        target = location
    target = str(target)
    if not target.startswith("cpu"):
        raise RuntimeError(_CUDA_ON_CPU)
