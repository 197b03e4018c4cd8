"""Learning-rate schedulers (being written)."""

__all__: list[str] = []
