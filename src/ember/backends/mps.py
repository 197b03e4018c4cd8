"""ember.backends.mps: Apple's Metal backend, which ember does not have."""

__all__ = ["is_available", "is_built"]


def is_available() -> bool:
    """False: ember cannot run on MPS devices."""
    return False


def is_built() -> bool:
    """False: ember has no MPS support built in."""
    return False
