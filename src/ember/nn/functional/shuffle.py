"""channel_shuffle: channels regrouped as in ShuffleNet."""

from __future__ import annotations

from ..._arguments import not_a_tensor
from ..._tensor import Tensor
from ...ops.nn_padding import channel_shuffle as _channel_shuffle

__all__ = ["channel_shuffle", "native_channel_shuffle"]


def channel_shuffle(input: Tensor, groups: int) -> Tensor:
    """Split the C channels (dim 1) into `groups` groups of C/groups and interleave them:
    output channel k * groups + g is input channel g * (C / groups) + k. torch records
    one ChannelShuffleBackward0 node, as ember's op does."""
    if not isinstance(input, Tensor):
        raise not_a_tensor("channel_shuffle", "input", 1, input)
    if input.ndim <= 2:
        raise RuntimeError("channel_shuffle expects input with > 2 dims, but got input with "
                           f"sizes {list(input.shape)}")
    if groups <= 0:
        raise RuntimeError("Number of groups to divide channels in must be positive. Value "
                           f"of groups:{groups}")
    channels = input.shape[1]
    if channels % groups:
        raise RuntimeError(f"Number of channels must be divisible by groups. Got {channels} "
                           f"channels and {groups} groups.")
    return _channel_shuffle(input, groups)


def native_channel_shuffle(input: Tensor, groups: int) -> Tensor:
    """The same as channel_shuffle (torch's kernel without autograd support)."""
    return channel_shuffle(input, groups)
