"""torch.save / torch.load in PyTorch's own zip format (being written)."""

__all__: list[str] = []
