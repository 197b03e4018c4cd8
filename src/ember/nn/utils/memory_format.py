"""torch.nn.utils.convert_conv2d_weight_memory_format / convert_conv3d_weight_memory_format:
lay out the weights of the (transposed) convolutions of a model in a memory format
(channels_last: the channels innermost), leaving everything else as it is."""

from __future__ import annotations

from typing import TypeVar

import ember

from ..modules.module import Module

__all__ = ["convert_conv2d_weight_memory_format", "convert_conv3d_weight_memory_format"]

_M = TypeVar("_M", bound=Module)



def _convert(module: Module, memory_format, kinds: tuple) -> None:
    if isinstance(module, kinds):
        weight_data = module.weight.detach().clone(memory_format=memory_format)
        if memory_format is ember.preserve_format:
            # torch's resize_(size, memory_format=preserve_format) refuses
            raise RuntimeError("Unsupported memory formatPreserve")
        module.weight.data = weight_data
    for child in module.children():
        _convert(child, memory_format, kinds)


def convert_conv2d_weight_memory_format(module: _M, memory_format) -> _M:
    """Lay out the weight of every nn.Conv2d and nn.ConvTranspose2d in `module` (itself
    included, children recursively) in `memory_format` (channels_last, or
    contiguous_format); values and shapes stay. Returns module."""
    _convert(module, memory_format, (ember.nn.Conv2d, ember.nn.ConvTranspose2d))
    return module


def convert_conv3d_weight_memory_format(module: _M, memory_format) -> _M:
    """As convert_conv2d_weight_memory_format, for nn.Conv3d and nn.ConvTranspose3d
    (channels_last_3d)."""
    _convert(module, memory_format, (ember.nn.Conv3d, ember.nn.ConvTranspose3d))
    return module
