"""torch.device: ember runs on the CPU only, but code that names devices should still work.

Describing a device (`torch.device("cuda")`) works as in torch; using one that is not the
CPU (creating a tensor there, moving a tensor or module to it) fails with the exception
type a CPU-only torch raises and a message that says what to do.
"""

from __future__ import annotations

__all__ = ["device", "cpu", "meta", "check_device", "is_meta_device"]

# The device types torch knows, in the order its error message lists them.
_KNOWN_TYPES = ("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip",
                "ve", "fpga", "maia", "xla", "lazy", "vulkan", "mps", "meta", "hpu", "mtia",
                "privateuseone")


class device:  # noqa: N801 - torch's name
    """A device description (type and optional index); only "cpu" can hold tensors."""

    __module__ = "ember"  # shown as torch's: <class 'torch.device'>

    __slots__ = ("type", "index")

    def __init__(self, type: str | device = "cpu", index: int | None = None) -> None:
        if isinstance(type, device):
            type, index = type.type, type.index
        elif isinstance(type, int) and not isinstance(type, bool):
            # a bare index names the current accelerator, and ember has none (as torch
            # on a machine without one)
            raise RuntimeError("Cannot access accelerator device when none is available.")
        kind, _, number = str(type).partition(":")
        if kind not in _KNOWN_TYPES:
            raise RuntimeError(
                f"Expected one of {', '.join(_KNOWN_TYPES)} device type at start of device "
                f"string: {type}")
        self.type = kind
        self.index = int(number) if number else index

    def __repr__(self) -> str:
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __str__(self) -> str:
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other) -> bool:
        if isinstance(other, str):
            other = device(other)
        return (isinstance(other, device) and other.type == self.type
                and other.index == self.index)

    def __hash__(self) -> int:
        return hash((self.type, self.index))


cpu = device("cpu")
meta = device("meta")  # (tensors there: _meta.py)


def is_meta_device(value) -> bool:
    """Whether `value` (a device argument) names the meta device (see _meta.py)."""
    return isinstance(value, (str, device)) and device(value).type == "meta"


def check_device(value) -> None:
    """Accept device=None/'cpu'/device('cpu') where tensors are created or moved; anything
    else raises what a CPU-only torch raises (AssertionError for CUDA)."""
    if value is None:
        return
    wanted = device(value)
    if wanted.type == "cpu":
        return
    if wanted.type == "meta":
        raise NotImplementedError(
            "ember supports the meta device only for moving existing tensors and modules "
            "there (tensor.to('meta'), module.to('meta'), as torch.func's model-ensembling "
            "recipe does); creating tensors on it is not implemented")
    message = (f"ember runs on the CPU only; device '{wanted}' is not available. Use "
               "device='cpu' (or leave the device out), e.g. "
               "`device = 'cuda' if torch.cuda.is_available() else 'cpu'`.")
    if wanted.type == "cuda":
        raise AssertionError("Torch not compiled with CUDA enabled: " + message)
    raise RuntimeError(message)
