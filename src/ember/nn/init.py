"""ember.nn.init: parameter initialisers (being written)."""

__all__: list[str] = []
