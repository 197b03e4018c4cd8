"""The one door to mpi4py: imported on first use, so `import ember.distributed` works
without it, and its absence is reported with the command that installs it."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import numpy as np

INSTALL_HINT = ("ember.distributed runs on MPI through mpi4py, which is not installed: "
                "pip install 'ember[distributed]' (mpi4py and the mpich wheel)")

_module: ModuleType | None = None


def available() -> bool:
    """Whether mpi4py can be imported (without importing it: that would start MPI)."""
    if _module is not None:
        return True
    try:
        return importlib.util.find_spec("mpi4py") is not None
    except (ImportError, ValueError):
        return False


def mpi() -> ModuleType:
    """mpi4py.MPI, importing (and so initialising MPI) on the first call."""
    global _module
    if _module is None:
        try:
            from mpi4py import MPI
        except ImportError as error:
            raise RuntimeError(INSTALL_HINT) from error
        _module = MPI
    return _module


def datatype(dtype: np.dtype):
    """The MPI datatype that reduces values of a NumPy dtype (float16 has none in the MPI
    standard: callers reduce it in float32)."""
    MPI = mpi()
    table = {
        np.dtype(np.float32): MPI.FLOAT, np.dtype(np.float64): MPI.DOUBLE,
        np.dtype(np.int8): MPI.INT8_T, np.dtype(np.int16): MPI.INT16_T,
        np.dtype(np.int32): MPI.INT32_T, np.dtype(np.int64): MPI.INT64_T,
        np.dtype(np.uint8): MPI.UINT8_T, np.dtype(np.bool_): MPI.C_BOOL,
    }
    return table[np.dtype(dtype)]


def as_bytes(array: np.ndarray) -> list:
    """A contiguous array as an MPI message of raw bytes (moving data needs no datatype:
    the ranks' dtypes were checked to agree)."""
    return [array.reshape(-1).view(np.uint8), mpi().BYTE]
