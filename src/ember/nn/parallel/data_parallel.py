"""nn.DataParallel on a machine without accelerators: the wrapped module, run as it is.

torch's DataParallel splits a batch across CUDA devices. Where there are none (ember's only
device is the CPU) torch keeps no device ids and calls the module directly, so scripts
that wrap a model out of habit still run, print `DataParallel((module): ...)` and save
state_dict keys prefixed with `module.`; ember does the same.
"""

from __future__ import annotations

from typing import Any

from ..modules.module import Module

__all__ = ["DataParallel", "data_parallel"]


class DataParallel(Module):
    """Runs `module` on the CPU, as torch's DataParallel does without CUDA devices
    (`device_ids` is then empty whatever was asked for)."""

    def __init__(self, module: Module, device_ids: Any = None, output_device: Any = None,
                 dim: int = 0) -> None:
        super().__init__()
        self.module = module
        self.device_ids: list = []

    def forward(self, *inputs: Any, **kwargs: Any) -> Any:
        return self.module(*inputs, **kwargs)


def data_parallel(module: Module, inputs: Any, device_ids: Any = None, output_device: Any = None,
                  dim: int = 0, module_kwargs: Any = None) -> Any:
    """torch's functional form, which needs an accelerator to tell the device type."""
    raise RuntimeError("device type could not be determined")
