"""ember.backends.openmp: ember itself runs no OpenMP parallel regions."""

__all__ = ["is_available"]


def is_available() -> bool:
    """False: ember is not built with OpenMP (NumPy's BLAS may still use threads)."""
    return False
