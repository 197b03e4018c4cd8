"""ember.backends.mkldnn: oneDNN (MKL-DNN), which ember does not use."""

__all__ = ["is_available", "enabled"]

enabled: bool = True  # torch's default; setting it changes nothing in ember


def is_available() -> bool:
    """False: ember computes with NumPy, never with oneDNN kernels."""
    return False
