"""Instance normalisation modules: InstanceNorm1d/2d/3d and their lazy forms.

Each channel of each sample is normalised over its own positions. Unlike batch norm, the
affine parameters and running statistics are off by default; with track_running_stats
the running statistics are used in evaluation.
"""

from __future__ import annotations

from typing import Any

from ..._tensor import Tensor
from ..._warnings import warn
from ..functional.normalization import instance_norm
from .batchnorm import LazyNormMixin, NormBase, _expect_dims

__all__ = ["InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d", "LazyInstanceNorm1d",
           "LazyInstanceNorm2d", "LazyInstanceNorm3d"]


class _InstanceNorm(NormBase):
    _spatial_dims = 1  # dims after the channel dim

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.1,
                 affine: bool = False, track_running_stats: bool = False, device: Any = None,
                 dtype: Any = None, *, bias: bool = True) -> None:
        super().__init__(num_features, eps, momentum, affine, track_running_stats, device,
                         dtype, bias=bias)

    def _check_input_dim(self, input: Tensor) -> None:
        _expect_dims(input, (self._spatial_dims + 1, self._spatial_dims + 2))

    def forward(self, input: Tensor) -> Tensor:
        self._check_input_dim(input)
        unbatched = input.dim() == self._spatial_dims + 1
        channel_dim = 0 if unbatched else 1
        channels = input.size(channel_dim)
        if channels != self.num_features:
            if self.affine:
                raise ValueError(f"expected input's size at dim={channel_dim} to match "
                                 f"num_features ({self.num_features}), but got: {channels}.")
            warn(f"input's size at dim={channel_dim} does not match num_features. "
                 "You can silence this warning by not passing in num_features, "
                 "which is not used because affine=False")
        if unbatched:
            return self._normalise(input.unsqueeze(0)).squeeze(0)
        return self._normalise(input)

    def _normalise(self, input: Tensor) -> Tensor:
        momentum = self.momentum if self.momentum is not None else 0.0
        return instance_norm(input, self.running_mean, self.running_var, self.weight,
                             self.bias, self.training or not self.track_running_stats,
                             momentum, self.eps)


class InstanceNorm1d(_InstanceNorm):
    """Instance norm of (N, C, L) or (C, L) inputs."""

    _spatial_dims = 1


class InstanceNorm2d(_InstanceNorm):
    """Instance norm of (N, C, H, W) or (C, H, W) inputs."""

    _spatial_dims = 2


class InstanceNorm3d(_InstanceNorm):
    """Instance norm of (N, C, D, H, W) or (C, D, H, W) inputs."""

    _spatial_dims = 3


def _lazy(name: str, real: type) -> type:
    def __init__(self, eps: float = 1e-5, momentum: float = 0.1, affine: bool = True,
                 track_running_stats: bool = True, device: Any = None, dtype: Any = None, *,
                 bias: bool = True) -> None:
        self._setup_lazy(eps, momentum, affine, track_running_stats, dtype, bias)

    def initialize_parameters(self, input: Tensor, *args: Any) -> None:
        # The channel dim is 0 for an unbatched input.
        unbatched = input.dim() == real._spatial_dims + 1
        LazyNormMixin.initialize_parameters(self, input.unsqueeze(0) if unbatched else input)

    doc = (f"An {real.__name__} whose num_features is read from the first input; it then "
           f"becomes an {real.__name__}.")
    return type(name, (LazyNormMixin, real), {
        "__init__": __init__, "initialize_parameters": initialize_parameters,
        "cls_to_become": real, "__doc__": doc, "__module__": __name__})


LazyInstanceNorm1d = _lazy("LazyInstanceNorm1d", InstanceNorm1d)
LazyInstanceNorm2d = _lazy("LazyInstanceNorm2d", InstanceNorm2d)
LazyInstanceNorm3d = _lazy("LazyInstanceNorm3d", InstanceNorm3d)
