"""ember.backends: the switches torch exposes per backend, answered for ember.

ember computes with NumPy on the CPU, so no accelerator backend is available
(`backends.mps.is_available()`, `backends.cudnn.is_available()` and
`backends.cuda.is_built()` are False). The flags scripts commonly set
(`cudnn.deterministic`, `cudnn.benchmark`, `cuda.matmul.allow_tf32`) exist with torch's
defaults and can be set; they change nothing.
"""

from . import cuda, cudnn, mha, mkl, mkldnn, mps, openmp

__all__ = ["cuda", "cudnn", "mha", "mkl", "mkldnn", "mps", "openmp"]
