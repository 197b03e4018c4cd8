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
import sys
import zipfile
import zlib
from typing import IO, Any

import numpy as np

from ._serialization_allowlist import (
    add_safe_globals,
    allowed_global,
    clear_safe_globals,
    get_safe_globals,
    safe_globals,
)
from ._serialization_pickler import write_checkpoint
from ._serialization_unpickler import StorageType, TorchUnpickler, known_global

__all__ = ["save", "load", "add_safe_globals", "get_safe_globals", "clear_safe_globals",
           "safe_globals", "get_unsafe_globals_in_checkpoint"]

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
         weights_only: bool | None = None, mmap: bool | None = None,
         **pickle_load_args) -> Any:
    """Read a checkpoint written by torch.save or ember.save.

    With `weights_only=True` (torch's default) nothing named in the file is imported or
    called except tensor/parameter rebuilding, storages, dtypes and plain containers; other
    globals raise `pickle.UnpicklingError`. The storages are memory-mapped copy-on-write
    when `mmap=True` (a path is needed, as in torch), otherwise read into memory.
    As in torch, `weights_only=None` means True unless a `pickle_module` is given (a custom
    pickle module implies a trusted full load; the unpickler is still built on `pickle`).
    """
    if weights_only is None:
        weights_only = pickle_module is None
    elif weights_only and pickle_module is not None:
        raise RuntimeError("Can not safely load weights when explicit pickle_module is specified")
    is_path = isinstance(f, (str, os.PathLike))
    if mmap and not is_path:
        raise ValueError("f must be a file path in order to use the mmap argument")
    source = os.fspath(f) if is_path else io.BytesIO(f.read())
    try:
        archive, names = _open_archive(source)
    except EOFError:
        if weights_only:
            raise
        raise EOFError("Ran out of input") from None  # (the full unpickler's words)
    pickles = [n for n in names if n.endswith("data.pkl") and n.count("/") == 1]
    if not pickles:
        raise RuntimeError("PytorchStreamReader failed locating file data.pkl: file not found")
    prefix = pickles[0][: -len("data.pkl")]
    byteorder = "little"
    if prefix + "byteorder" in names:
        byteorder = _read_record(archive, prefix + "byteorder").decode("ascii", "replace")
        byteorder = byteorder.strip()
    storages: dict[str, np.ndarray] = {}

    def load_storage(storage_type: StorageType, key: str, location: str, numel: int):
        _check_location(location, map_location)
        if key not in storages:
            name = f"{prefix}data/{key}"
            if mmap and byteorder == sys.byteorder:
                storages[key] = _mapped_record(source, archive, name, storage_type)
                return storages[key]
            data = _read_record(archive, name)
            dt = storage_type.dtype.numpy.newbyteorder("<" if byteorder == "little" else ">")
            if len(data) % dt.itemsize:
                raise RuntimeError(f"storage record {key} has a size that is not a whole "
                                   f"number of {storage_type.dtype} elements")
            storages[key] = np.frombuffer(data, dtype=dt).astype(storage_type.dtype.numpy)
        return storages[key]

    try:
        data_pkl = _read_record(archive, pickles[0])
    except RuntimeError:
        archive.close()
        raise
    unpickler = TorchUnpickler(io.BytesIO(data_pkl), load_storage, weights_only=weights_only)
    try:
        return unpickler.load()
    except pickle.UnpicklingError:
        raise
    except (EOFError, IndexError, KeyError, ValueError, TypeError, AttributeError,
            OverflowError, RecursionError, MemoryError, struct.error) as err:
        if not weights_only:
            raise
        raise pickle.UnpicklingError(
            f"Weights only load failed: corrupt data.pkl ({err!r})") from err
    finally:
        archive.close()


def _read_record(archive: zipfile.ZipFile, name: str) -> bytes:
    """One entry's bytes; any damage zipfile reports (bad CRC, header, offsets, unknown
    compression) becomes torch's RuntimeError about a corrupted checkpoint."""
    try:
        return archive.read(name)
    except KeyError as err:
        raise RuntimeError(f"PytorchStreamReader failed locating file {name}: file not found"
                           ) from err
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError,
            zlib.error) as err:
        raise RuntimeError(f"PytorchStreamReader failed reading file {name}: {err}. "
                           f"{_CORRUPT}") from err


def _open_archive(source: str | io.BytesIO) -> tuple[zipfile.ZipFile, list[str]]:
    """The zip archive and its entry names; torch's errors for empty, truncated or non-zip
    input (a path is opened lazily, so large checkpoints are not read twice)."""
    if isinstance(source, str):
        with open(source, "rb") as probe:
            head = probe.read(4)
    else:
        head = source.getvalue()[:4]
    if not head:
        raise EOFError("")
    try:
        archive = zipfile.ZipFile(source)
        return archive, archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as err:
        if head[:2] == b"PK":
            raise RuntimeError(_CORRUPT) from err
        raise RuntimeError(
            "ember.load reads PyTorch's zip checkpoint format only; this file is not a zip "
            "archive (torch's pre-1.6 legacy format is not supported)") from err


def _mapped_record(path: str, archive: zipfile.ZipFile, name: str,
                   storage_type: StorageType) -> np.ndarray:
    """A storage record memory-mapped copy-on-write (writes never reach the file), as
    torch.load(mmap=True) maps it. Records are stored uncompressed, so the bytes sit in
    the file right after the entry's local header."""
    try:
        info = archive.getinfo(name)
    except KeyError as err:
        raise RuntimeError(f"PytorchStreamReader failed locating file {name}: file not found"
                           ) from err
    if info.compress_type != zipfile.ZIP_STORED:
        raise RuntimeError(f"record {name} is compressed and cannot be memory-mapped")
    with open(path, "rb") as src:
        src.seek(info.header_offset + 26)
        name_len, extra_len = struct.unpack("<HH", src.read(4))
    start = info.header_offset + 30 + name_len + extra_len
    dt = storage_type.dtype.numpy
    if info.file_size % dt.itemsize:
        raise RuntimeError(f"storage record {name} has a size that is not a whole "
                           f"number of {storage_type.dtype} elements")
    if info.file_size == 0:
        return np.empty(0, dt)
    return np.memmap(path, dtype=dt, mode="c", offset=start,
                     shape=(info.file_size // dt.itemsize,))


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
    if target == "cpu":
        return
    if target.startswith("cuda"):
        raise RuntimeError(_CUDA_ON_CPU)
    if target == "meta":
        raise NotImplementedError("ember.load cannot map storages to the meta device "
                                  "(map_location='meta'); load on the CPU and move the "
                                  "result with .to('meta')")
    if target == "mps":
        raise RuntimeError("torch.UntypedStorage(): Storage device not recognized: mps")
    # torch knows only the bare "cpu" tag: "cpu:0", "CPU" and unknown names are refused
    raise RuntimeError("don't know how to restore data location of "
                       f"torch.storage.UntypedStorage (tagged with {target})")


def get_unsafe_globals_in_checkpoint(f: str | os.PathLike | IO[bytes]) -> list[str]:
    """The globals ("module.name") in a checkpoint that `load(weights_only=True)` would
    refuse, found by reading the pickle's opcodes without running any of them (in the
    order of their first appearance; torch's list is in a set's order)."""
    source = os.fspath(f) if isinstance(f, (str, os.PathLike)) else io.BytesIO(f.read())
    archive, names = _open_archive(source)
    try:
        pickles = [n for n in names if n.endswith("data.pkl") and n.count("/") == 1]
        if not pickles:
            raise RuntimeError("PytorchStreamReader failed locating file data.pkl: file not "
                               "found")
        data = _read_record(archive, pickles[0])
    finally:
        archive.close()
    unsafe = []
    for module, name in _globals_in_pickle(data):
        full = f"{module}.{name}"
        if not known_global(module, name) and not allowed_global(module, name)[0] and (
                full not in unsafe):
            unsafe.append(full)
    return unsafe


def _globals_in_pickle(data: bytes) -> list[tuple[str, str]]:
    """(module, name) of each GLOBAL and STACK_GLOBAL opcode; for the latter the two
    strings on top of the stack, followed through the memo."""
    import pickletools

    found, pushed, memo = [], [], {}
    for opcode, arg, _ in pickletools.genops(data):
        if opcode.name == "GLOBAL":
            module, name = arg.split(" ", 1)
            found.append((module, name))
        elif opcode.name == "STACK_GLOBAL" and len(pushed) >= 2:
            found.append((str(pushed[-2]), str(pushed[-1])))
        elif opcode.name in ("SHORT_BINUNICODE", "BINUNICODE", "BINUNICODE8", "UNICODE"):
            pushed.append(arg)
        elif opcode.name == "MEMOIZE" and pushed:
            memo[len(memo)] = pushed[-1]
        elif opcode.name in ("BINPUT", "LONG_BINPUT", "PUT") and pushed:
            memo[arg] = pushed[-1]
        elif opcode.name in ("BINGET", "LONG_BINGET", "GET"):
            pushed.append(memo.get(arg))
        else:
            pushed.append(None)  # (anything else on the stack breaks a string pair)
    return found
