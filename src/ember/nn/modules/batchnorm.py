"""Batch normalisation modules: BatchNorm1d/2d/3d and their lazy forms.

`NormBase` holds what batch and instance norm share: the affine weight and bias, the
running statistics (running_mean, running_var and the int64 count num_batches_tracked),
their reset, and the repr.
"""

from __future__ import annotations

from typing import Any

import ember

from ..._tensor import Tensor
from .. import init
from ..functional.normalization import batch_norm
from ..parameter import Parameter, UninitializedBuffer, UninitializedParameter
from .lazy import LazyModuleMixin
from .module import Module

__all__ = ["BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LazyBatchNorm1d", "LazyBatchNorm2d",
           "LazyBatchNorm3d", "SyncBatchNorm"]


class NormBase(Module):
    """Affine parameters (ones and zeros) and running statistics (zeros, ones, and a count
    of the batches seen) of a normalisation over channels."""

    _version = 2

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1,
                 affine: bool = True, track_running_stats: bool = True, device: Any = None,
                 dtype: Any = None, *, bias: bool = True) -> None:
        super().__init__()
        self.num_features = num_features
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        if affine:
            self.weight = Parameter(ember.empty(num_features, dtype=dtype))
            if bias:
                self.bias = Parameter(ember.empty(num_features, dtype=dtype))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if track_running_stats:
            self.register_buffer("running_mean", ember.zeros(num_features, dtype=dtype))
            self.register_buffer("running_var", ember.ones(num_features, dtype=dtype))
            self.register_buffer("num_batches_tracked", ember.tensor(0, dtype=ember.long))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)
        self.reset_parameters()

    def reset_running_stats(self) -> None:
        if self.track_running_stats:
            self.running_mean.zero_()
            self.running_var.fill_(1)
            self.num_batches_tracked.zero_()

    def reset_parameters(self) -> None:
        self.reset_running_stats()
        if self.affine:
            init.ones_(self.weight)
            if self.bias is not None:
                init.zeros_(self.bias)

    def _check_input_dim(self, input: Tensor) -> None:
        raise NotImplementedError

    def extra_repr(self) -> str:
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
                f"affine={self.affine}, bias={self.bias is not None}, "
                f"track_running_stats={self.track_running_stats}")

    def _load_from_state_dict(self, state_dict, prefix, local_metadata, strict, missing_keys,
                              unexpected_keys, error_msgs, assign: bool = False) -> None:
        # Checkpoints from before the count existed (version < 2) load with a count of 0.
        version = local_metadata.get("version") if local_metadata else None
        key = prefix + "num_batches_tracked"
        if (version is None or version < 2) and self.track_running_stats \
                and key not in state_dict:
            state_dict[key] = ember.tensor(0, dtype=ember.long)
        super()._load_from_state_dict(state_dict, prefix, local_metadata, strict,
                                      missing_keys, unexpected_keys, error_msgs, assign)


class _BatchNorm(NormBase):
    """Batch norm: batch statistics in training (updating the running ones), running
    statistics in evaluation unless none are tracked."""

    def forward(self, input: Tensor) -> Tensor:
        self._check_input_dim(input)
        factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats and self.num_batches_tracked is not None:
            self.num_batches_tracked.add_(1)
            if self.momentum is None:  # a cumulative moving average
                factor = 1.0 / float(self.num_batches_tracked)
        use_batch = self.training or (self.running_mean is None and self.running_var is None)
        # Untracked statistics are never handed over in training, so nothing updates them.
        hand_over = not self.training or self.track_running_stats
        return batch_norm(input, self.running_mean if hand_over else None,
                          self.running_var if hand_over else None, self.weight, self.bias,
                          use_batch, factor, self.eps)


def _expect_dims(input: Tensor, allowed: tuple[int, ...]) -> None:
    if input.dim() not in allowed:
        words = " or ".join(f"{d}D" for d in allowed)
        raise ValueError(f"expected {words} input (got {input.dim()}D input)")


class BatchNorm1d(_BatchNorm):
    """Batch norm of (N, C) or (N, C, L) inputs over N (and L) per channel."""

    def _check_input_dim(self, input: Tensor) -> None:
        _expect_dims(input, (2, 3))


class BatchNorm2d(_BatchNorm):
    """Batch norm of (N, C, H, W) inputs over N, H, W per channel."""

    def _check_input_dim(self, input: Tensor) -> None:
        _expect_dims(input, (4,))


class BatchNorm3d(_BatchNorm):
    """Batch norm of (N, C, D, H, W) inputs over N, D, H, W per channel."""

    def _check_input_dim(self, input: Tensor) -> None:
        _expect_dims(input, (5,))


class LazyNormMixin(LazyModuleMixin):
    """Lazy normalisation: num_features (and the shapes of the parameters and running
    statistics) come from dim 1 of the first input."""

    def _setup_lazy(self, eps: float, momentum: float | None, affine: bool,
                    track_running_stats: bool, dtype: Any, bias: bool) -> None:
        # NormBase with 0 features, then placeholders for everything sized by them.
        NormBase.__init__(self, 0, eps, momentum, False, False, None, dtype)
        LazyModuleMixin.__init__(self)
        self.affine = affine
        self.track_running_stats = track_running_stats
        if affine:
            self.weight = UninitializedParameter(dtype=dtype)
            if bias:
                self.bias = UninitializedParameter(dtype=dtype)
        if track_running_stats:
            self.running_mean = UninitializedBuffer(dtype=dtype)
            self.running_var = UninitializedBuffer(dtype=dtype)
            self.num_batches_tracked = ember.tensor(0, dtype=ember.long)

    def reset_parameters(self) -> None:
        if not self.has_uninitialized_params() and self.num_features != 0:
            super().reset_parameters()

    def initialize_parameters(self, input: Tensor, *args: Any) -> None:
        if self.has_uninitialized_params():
            self.num_features = input.shape[1]
            with ember.no_grad():
                for tensor in (self.weight, self.bias, self.running_mean, self.running_var):
                    if tensor is not None and hasattr(tensor, "materialize"):
                        tensor.materialize((self.num_features,))
                self.reset_parameters()


class SyncBatchNorm(_BatchNorm):
    """Batch norm over every process of a group. ember runs in one CPU process with no
    process group, where torch's SyncBatchNorm is a plain batch norm of any input of at
    least 2 dims; models built for DistributedDataParallel therefore print and run as in
    torch."""

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1,
                 affine: bool = True, track_running_stats: bool = True,
                 process_group: Any = None, device: Any = None, dtype: Any = None, *,
                 bias: bool = True) -> None:
        super().__init__(num_features, eps, momentum, affine, track_running_stats, device,
                         dtype, bias=bias)
        self.process_group = process_group

    def _check_input_dim(self, input: Tensor) -> None:
        if input.dim() < 2:
            raise ValueError(f"expected at least 2D input (got {input.dim()}D input)")

    @classmethod
    def convert_sync_batchnorm(cls, module: Module, process_group: Any = None) -> Module:
        """`module` with every batch norm in it replaced by a SyncBatchNorm that shares its
        parameters, running statistics and training flag (the module itself when it is a
        batch norm); other modules are kept, their children converted in place."""
        converted = module
        if isinstance(module, _BatchNorm) and not isinstance(module, SyncBatchNorm):
            converted = SyncBatchNorm(module.num_features, module.eps, module.momentum,
                                      module.affine, module.track_running_stats,
                                      process_group)
            if module.affine:
                with ember.no_grad():
                    converted.weight = module.weight
                    converted.bias = module.bias
            converted.running_mean = module.running_mean
            converted.running_var = module.running_var
            converted.num_batches_tracked = module.num_batches_tracked
            converted.training = module.training
            if hasattr(module, "qconfig"):
                converted.qconfig = module.qconfig
        for name, child in module.named_children():
            converted.add_module(name, cls.convert_sync_batchnorm(child, process_group))
        return converted


def _lazy(name: str, real: type) -> type:
    def __init__(self, eps: float = 1e-5, momentum: float | None = 0.1, affine: bool = True,
                 track_running_stats: bool = True, device: Any = None, dtype: Any = None, *,
                 bias: bool = True) -> None:
        self._setup_lazy(eps, momentum, affine, track_running_stats, dtype, bias)

    doc = (f"A {real.__name__} whose num_features is read from the first input; it then "
           f"becomes a {real.__name__}.")
    return type(name, (LazyNormMixin, real), {"__init__": __init__, "cls_to_become": real,
                                              "__doc__": doc, "__module__": __name__})


LazyBatchNorm1d = _lazy("LazyBatchNorm1d", BatchNorm1d)
LazyBatchNorm2d = _lazy("LazyBatchNorm2d", BatchNorm2d)
LazyBatchNorm3d = _lazy("LazyBatchNorm3d", BatchNorm3d)

# torch's private names, which user code tests against (isinstance(m, _BatchNorm) to find
# the batch norms of a model, for instance).
_NormBase = NormBase
_LazyNormBase = LazyNormMixin
