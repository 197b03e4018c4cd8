"""torch.has_lapack, has_mkl, has_openmp, has_spectral: what the build provides, answered
for ember. torch's flags are its `torch.backends.*.is_available()`; ember's follow its own
backends: LAPACK (through NumPy) and FFTs (torch.fft) yes, MKL and OpenMP no, as
`torch.backends.openmp.is_available()` already answers."""

from __future__ import annotations

from .backends import mkl as _mkl
from .backends import openmp as _openmp

__all__ = ["has_lapack", "has_mkl", "has_openmp", "has_spectral"]

has_lapack = True  # NumPy's linalg is LAPACK (ember's decompositions follow its routines)
has_spectral = True  # torch.fft is provided
has_mkl = _mkl.is_available()  # ember never calls MKL itself (NumPy's BLAS may be any)
has_openmp = _openmp.is_available()
