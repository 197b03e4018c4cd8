"""Optimizer base and optimizers (being written)."""

__all__: list[str] = []
