"""torch.device: ember runs on the CPU only, but code that names devices should still work."""

from __future__ import annotations


class device:  # noqa: N801 - torch's name
    """A device description; only "cpu" exists in ember."""

    __slots__ = ("type", "index")

    def __init__(self, type: str | device = "cpu", index: int | None = None) -> None:
        if isinstance(type, device):
            type, index = type.type, type.index
        kind, _, number = str(type).partition(":")
        if kind != "cpu":
            raise RuntimeError(
                f"ember runs on the CPU only; device {type!r} is not available. "
                "Use device='cpu' (or leave the device out)."
            )
        self.type = kind
        self.index = int(number) if number else index

    def __repr__(self) -> str:
        return f"device(type='{self.type}')"

    def __str__(self) -> str:
        return self.type

    def __eq__(self, other) -> bool:
        if isinstance(other, str):
            other = device(other)
        return isinstance(other, device) and other.type == self.type

    def __hash__(self) -> int:
        return hash(self.type)


cpu = device("cpu")


def check_device(value) -> None:
    """Accept device=None/'cpu'/device('cpu') in creation functions; reject anything else."""
    if value is not None:
        device(value)
