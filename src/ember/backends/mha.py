"""ember.backends.mha: the switch for torch's fused multi-head-attention inference path.

torch runs eval-mode `TransformerEncoderLayer` calls through a fused kernel when this is on
(the default); ember reproduces that path's visible differences (nn/modules/transformer.py)
only while it is on, so turning it off gives the regular path's results, as in torch.
"""

__all__ = ["get_fastpath_enabled", "set_fastpath_enabled"]

_enabled = True


def get_fastpath_enabled() -> bool:
    """Whether the fused inference path may be taken (True unless turned off)."""
    return _enabled


def set_fastpath_enabled(value: bool) -> None:
    """Allow or forbid the fused inference path."""
    global _enabled
    _enabled = bool(value)
