"""ember.utils.data: datasets, samplers and DataLoader with torch's semantics."""

__all__: list[str] = []
