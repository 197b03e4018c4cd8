"""Padding modules: ZeroPad, ConstantPad, ReflectionPad, ReplicationPad, CircularPad (1d,
2d and 3d), each a fixed call of nn.functional.pad."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..._tensor import Tensor
from ..functional.padding import pad
from .module import Module

__all__ = ["ZeroPad1d", "ZeroPad2d", "ZeroPad3d", "ConstantPad1d", "ConstantPad2d",
           "ConstantPad3d", "ReflectionPad1d", "ReflectionPad2d", "ReflectionPad3d",
           "ReplicationPad1d", "ReplicationPad2d", "ReplicationPad3d", "CircularPad1d",
           "CircularPad2d", "CircularPad3d"]


def _pads(padding: int | Sequence[int], count: int) -> tuple[int, ...]:
    """One int for every side, or the pads themselves (last dim first). As torch, anything
    not iterable (a float too) is repeated, and kept as given."""
    if not isinstance(padding, Iterable):
        return (padding,) * count
    return tuple(padding)


class _PadNd(Module):
    """nn.functional.pad with a fixed padding and mode."""

    _mode = "constant"
    _sides = 2  # 2 per padded dim

    def __init__(self, padding: int | Sequence[int]) -> None:
        super().__init__()
        self.padding = _pads(padding, self._sides)

    def forward(self, input: Tensor) -> Tensor:
        return pad(input, self.padding, self._mode)

    def extra_repr(self) -> str:
        return f"{self.padding}"


class _ConstantPadNd(_PadNd):
    def __init__(self, padding: int | Sequence[int], value: float) -> None:
        super().__init__(padding)
        self.value = value

    def forward(self, input: Tensor) -> Tensor:
        return pad(input, self.padding, "constant", self.value)

    def extra_repr(self) -> str:
        return f"padding={self.padding}, value={self.value}"


def _family(base: type, mode: str, stem: str, doc: str, zero: bool = False) -> list[type]:
    classes = []
    for dims in (1, 2, 3):
        attributes = {"_mode": mode, "_sides": 2 * dims, "__module__": __name__,
                      "__doc__": doc.format(dims=dims)}
        if zero:
            def __init__(self, padding: int | Sequence[int]) -> None:
                _ConstantPadNd.__init__(self, padding, 0.0)

            attributes["__init__"] = __init__
            attributes["extra_repr"] = _PadNd.extra_repr
        classes.append(type(f"{stem}{dims}d", (base,), attributes))
    return classes


ZeroPad1d, ZeroPad2d, ZeroPad3d = _family(
    _ConstantPadNd, "constant", "ZeroPad", "Pads the last {dims} dim(s) with zeros.", zero=True)
ConstantPad1d, ConstantPad2d, ConstantPad3d = _family(
    _ConstantPadNd, "constant", "ConstantPad", "Pads the last {dims} dim(s) with a value.")
ReflectionPad1d, ReflectionPad2d, ReflectionPad3d = _family(
    _PadNd, "reflect", "ReflectionPad",
    "Pads the last {dims} dim(s) with their reflection at the edges.")
ReplicationPad1d, ReplicationPad2d, ReplicationPad3d = _family(
    _PadNd, "replicate", "ReplicationPad", "Pads the last {dims} dim(s) by repeating the edges.")
class _CircularPadNd(_PadNd):
    def forward(self, input: Tensor) -> Tensor:
        # (torch's circular padding modules check the input's dims themselves)
        dims = self._sides // 2
        if input.dim() not in (dims + 1, dims + 2):
            raise ValueError(f"expected {dims + 1}D or {dims + 2}D input (got {input.dim()}D "
                             "input)")
        return pad(input, self.padding, self._mode)


CircularPad1d, CircularPad2d, CircularPad3d = _family(
    _CircularPadNd, "circular", "CircularPad",
    "Pads the last {dims} dim(s) with the values from the opposite edge.")
