"""torch.backends.mkl: ember never calls Intel's MKL itself."""


def is_available() -> bool:
    """False: ember's kernels are NumPy's (whose BLAS may be any)."""
    return False
