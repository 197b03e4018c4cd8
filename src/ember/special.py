"""ember.special: torch.special's names (being written)."""
