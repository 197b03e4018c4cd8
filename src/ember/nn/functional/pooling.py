"""Functional pooling: max/avg/adaptive/fractional/power-average pooling, max_unpool.

The primitives are in ops/nn_pooling.py (2-D, and the ops of any number of dims),
ops/nn_pooling3d.py (3-D checks) and ops/nn_pooling_fractional.py; the `*_with_indices`
names and the `return_indices` forms return (values, indices) as torch's do. As in torch,
`lp_pool*d` compose public ops (an average pooling of x ** p, scaled back to a sum and
raised to 1 / p), `max_unpool1d` is max_unpool2d on a width of 1, and fractional max
pooling draws its samples with `rand` here, before the kernel, so the stream is torch's.
"""

from __future__ import annotations

import math

from ... import _creation
from ..._arguments import called_first
from ..._tensor import Tensor
from ...ops.nn_pooling import (
    adaptive_avg_pool1d,
    adaptive_avg_pool2d,
    adaptive_max_pool1d,
    adaptive_max_pool2d,
    avg_pool1d,
    avg_pool2d,
    max_pool1d,
    max_pool2d,
    max_unpool2d,
)
from ...ops.nn_pooling3d import (
    adaptive_avg_pool3d,
    adaptive_max_pool3d,
    avg_pool3d,
    max_pool3d,
    max_unpool3d,
    unpool_output_size,
)
from ...ops.nn_pooling_fractional import (
    fractional_max_pool2d_kernel,
    fractional_max_pool3d_kernel,
)
from .activation import relu

__all__ = ["max_pool1d", "max_pool2d", "max_pool3d", "avg_pool1d", "avg_pool2d", "avg_pool3d",
           "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d",
           "adaptive_max_pool1d", "adaptive_max_pool2d", "adaptive_max_pool3d",
           "max_pool1d_with_indices", "max_pool2d_with_indices", "max_pool3d_with_indices",
           "adaptive_max_pool1d_with_indices", "adaptive_max_pool2d_with_indices",
           "adaptive_max_pool3d_with_indices", "max_unpool1d", "max_unpool2d", "max_unpool3d",
           "lp_pool1d", "lp_pool2d", "lp_pool3d", "fractional_max_pool2d",
           "fractional_max_pool2d_with_indices", "fractional_max_pool3d",
           "fractional_max_pool3d_with_indices"]


def max_pool1d_with_indices(input: Tensor, kernel_size, stride=None, padding=0, dilation=1,
                            ceil_mode: bool = False,
                            return_indices: bool = True) -> tuple[Tensor, Tensor]:
    """max_pool1d with its indices."""
    return max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool2d_with_indices(input: Tensor, kernel_size, stride=None, padding=0, dilation=1,
                            ceil_mode: bool = False,
                            return_indices: bool = True) -> tuple[Tensor, Tensor]:
    """max_pool2d with its indices."""
    return max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool3d_with_indices(input: Tensor, kernel_size, stride=None, padding=0, dilation=1,
                            ceil_mode: bool = False,
                            return_indices: bool = True) -> tuple[Tensor, Tensor]:
    """max_pool3d with its indices."""
    return max_pool3d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def adaptive_max_pool1d_with_indices(input: Tensor, output_size,
                                     return_indices: bool = True) -> tuple[Tensor, Tensor]:
    """adaptive_max_pool1d with its indices."""
    return adaptive_max_pool1d(input, output_size, True)


def adaptive_max_pool2d_with_indices(input: Tensor, output_size,
                                     return_indices: bool = True) -> tuple[Tensor, Tensor]:
    """adaptive_max_pool2d with its indices."""
    return adaptive_max_pool2d(input, output_size, True)


def adaptive_max_pool3d_with_indices(input: Tensor, output_size,
                                     return_indices: bool = True) -> tuple[Tensor, Tensor]:
    """adaptive_max_pool3d with its indices."""
    return adaptive_max_pool3d(input, output_size, True)


# ---------------------------------------------------------------------- unpooling
def _ints(value, n: int) -> tuple:
    """torch's _single/_pair/_triple: a sequence as given, anything else repeated n times."""
    if isinstance(value, (tuple, list)):
        return tuple(value)
    return (value,) * n


def max_unpool1d(input: Tensor, indices: Tensor, kernel_size, stride=None, padding=0,
                 output_size=None) -> Tensor:
    """The values of max_pool1d written back at their indices into zeros: max_unpool2d on a
    width of 1, as torch computes it."""
    called_first(input, "size", "max_unpool1d")  # (torch's Python code: input.size())
    kernel = _ints(kernel_size, 1)
    stride = kernel if stride is None else _ints(stride, 1)
    padding = _ints(padding, 1)
    size = unpool_output_size(input, kernel, stride, padding, output_size)
    return max_unpool2d(input.unsqueeze(-1), indices.unsqueeze(-1), (kernel[0], 1),
                        (stride[0], 1), (padding[0], 0), tuple(size) + (1,)).squeeze(-1)


# ---------------------------------------------------------------------- power-average pooling
def _lp_pool(pool, max_pool, input: Tensor, norm_type, kernel_size, window: int, stride,
             ceil_mode: bool) -> Tensor:
    """torch's composition: (sign(s) * relu(|s|)) * window ** (1 / p) where s is the
    average pooling of x ** p (so the window's sum of x ** p), inf norms by max pooling."""
    if isinstance(norm_type, (int, float)):
        if norm_type == math.inf:
            return max_pool(input.abs(), kernel_size, stride, 0, 1, ceil_mode)
        if norm_type == -math.inf:
            return -max_pool(-input.abs(), kernel_size, stride, 0, 1, ceil_mode)
    if stride is not None:
        out = pool(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    else:
        out = pool(input.pow(norm_type), kernel_size, padding=0, ceil_mode=ceil_mode)
    return (out.sign() * relu(out.abs())).mul(window).pow(1.0 / norm_type)


def lp_pool1d(input: Tensor, norm_type, kernel_size: int, stride=None,
              ceil_mode: bool = False) -> Tensor:
    """Power-average pooling of (N, C, L) or (C, L): (sum of x ** p over each window) **
    (1 / p)."""
    return _lp_pool(avg_pool1d, max_pool1d, input, norm_type, kernel_size, kernel_size,
                    stride, ceil_mode)


def lp_pool2d(input: Tensor, norm_type, kernel_size, stride=None,
              ceil_mode: bool = False) -> Tensor:
    """Power-average pooling of (N, C, H, W) or (C, H, W)."""
    kw, kh = _ints(kernel_size, 2)
    return _lp_pool(avg_pool2d, max_pool2d, input, norm_type, kernel_size, kw * kh, stride,
                    ceil_mode)


def lp_pool3d(input: Tensor, norm_type, kernel_size, stride=None,
              ceil_mode: bool = False) -> Tensor:
    """Power-average pooling of (N, C, D, H, W) or (C, D, H, W)."""
    kd, kw, kh = _ints(kernel_size, 3)
    return _lp_pool(avg_pool3d, max_pool3d, input, norm_type, kernel_size, kd * kw * kh,
                    stride, ceil_mode)


# ---------------------------------------------------------------------- fractional max pooling
def fractional_max_pool2d_with_indices(input: Tensor, kernel_size, output_size=None,
                                       output_ratio=None, return_indices: bool = False,
                                       _random_samples: Tensor | None = None
                                       ) -> tuple[Tensor, Tensor]:
    """Fractional max pooling of (N, C, H, W) or (C, H, W) with its indices; without
    `_random_samples`, one uniform sample per plane and dim is drawn from the global
    generator (torch's `rand(N, C, 2)`)."""
    if output_size is None and output_ratio is None:
        raise ValueError("fractional_max_pool2d requires specifying either an output_size or "
                         "an output_ratio")
    if output_size is None:
        if len(output_ratio) > 2:  # (a float has no len(): torch's TypeError)
            raise ValueError("fractional_max_pool2d requires output_ratio to either be a "
                             "single Int or tuple of Ints.")
        ratio = _ints(output_ratio, 2)
        output_size = [int(input.shape[-2] * ratio[0]), int(input.shape[-1] * ratio[1])]
    if _random_samples is None:
        batch = 1 if input.ndim == 3 else input.shape[0]
        _random_samples = _creation.rand(batch, input.shape[-3], 2, dtype=input.dtype)
    return fractional_max_pool2d_kernel(input, kernel_size, output_size, _random_samples)


def fractional_max_pool2d(input: Tensor, kernel_size, output_size=None, output_ratio=None,
                          return_indices: bool = False,
                          _random_samples: Tensor | None = None):
    """Fractional max pooling of (N, C, H, W) or (C, H, W) (with return_indices, also the
    indices)."""
    result = fractional_max_pool2d_with_indices(input, kernel_size, output_size,
                                                output_ratio, return_indices, _random_samples)
    return result if return_indices else result[0]


def fractional_max_pool3d_with_indices(input: Tensor, kernel_size, output_size=None,
                                       output_ratio=None, return_indices: bool = False,
                                       _random_samples: Tensor | None = None
                                       ) -> tuple[Tensor, Tensor]:
    """Fractional max pooling of (N, C, D, H, W) or (C, D, H, W) with its indices; without
    `_random_samples`, torch's `rand(N, C, 3)` is drawn."""
    if output_size is None and output_ratio is None:
        raise ValueError("fractional_max_pool3d requires specifying either an output_size or "
                         "an output_ratio")
    if output_size is None:
        ratio = _ints(output_ratio, 3)
        output_size = [int(input.shape[-3] * ratio[0]), int(input.shape[-2] * ratio[1]),
                       int(input.shape[-1] * ratio[2])]
    if _random_samples is None:
        batch = 1 if input.ndim == 4 else input.shape[0]
        _random_samples = _creation.rand(batch, input.size(-4), 3, dtype=input.dtype)
    return fractional_max_pool3d_kernel(input, kernel_size, output_size, _random_samples)


def fractional_max_pool3d(input: Tensor, kernel_size, output_size=None, output_ratio=None,
                          return_indices: bool = False,
                          _random_samples: Tensor | None = None):
    """Fractional max pooling of (N, C, D, H, W) or (C, D, H, W) (with return_indices, also
    the indices)."""
    result = fractional_max_pool3d_with_indices(input, kernel_size, output_size,
                                                output_ratio, return_indices, _random_samples)
    return result if return_indices else result[0]
