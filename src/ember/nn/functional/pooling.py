"""Functional pooling: max/avg/adaptive/power-average pooling, max_unpool.

The primitives are in ops/nn_pooling.py; the `*_with_indices` names and the
`return_indices` forms return (values, indices) as torch's do. Power-average (LP) pooling
composes them as torch's functional does, so its values and grad_fns are torch's.
"""

from __future__ import annotations

from ..._tensor import Tensor
from ...ops import pointwise_unary as _unary
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

__all__ = ["max_pool1d", "max_pool2d", "avg_pool1d", "avg_pool2d", "adaptive_avg_pool1d",
           "adaptive_avg_pool2d", "adaptive_max_pool1d", "adaptive_max_pool2d",
           "max_pool1d_with_indices", "max_pool2d_with_indices",
           "adaptive_max_pool1d_with_indices", "adaptive_max_pool2d_with_indices",
           "max_unpool2d", "lp_pool1d", "lp_pool2d"]


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


def adaptive_max_pool1d_with_indices(input: Tensor, output_size,
                                     return_indices: bool = True) -> tuple[Tensor, Tensor]:
    """adaptive_max_pool1d with its indices."""
    return adaptive_max_pool1d(input, output_size, True)


def adaptive_max_pool2d_with_indices(input: Tensor, output_size,
                                     return_indices: bool = True) -> tuple[Tensor, Tensor]:
    """adaptive_max_pool2d with its indices."""
    return adaptive_max_pool2d(input, output_size, True)


def _lp_root(out: Tensor, window: int, norm_type) -> Tensor:
    """The p-th root of each window's sum of powers, from the average: a negative average
    (odd p) gives 0, whose gradient is 0 (sign * relu(abs), as torch computes it)."""
    return (_unary.sign(out) * _unary.relu(_unary.abs(out))).mul(window).pow(1.0 / norm_type)


def lp_pool2d(input: Tensor, norm_type, kernel_size, stride=None,
              ceil_mode: bool = False) -> Tensor:
    """The p-norm of each window of (N, C, H, W) or (C, H, W); p = inf is max pooling of
    the absolute values."""
    kw, kh = kernel_size if isinstance(kernel_size, (tuple, list)) else (kernel_size,) * 2
    if isinstance(norm_type, (int, float)):
        if norm_type == float("inf"):
            return max_pool2d(_unary.abs(input), kernel_size, stride, 0, 1, ceil_mode)
        if norm_type == -float("inf"):
            return -max_pool2d(-_unary.abs(input), kernel_size, stride, 0, 1, ceil_mode)
    if stride is not None:
        out = avg_pool2d(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    else:
        out = avg_pool2d(input.pow(norm_type), kernel_size, padding=0, ceil_mode=ceil_mode)
    return _lp_root(out, kw * kh, norm_type)


def lp_pool1d(input: Tensor, norm_type, kernel_size: int, stride=None,
              ceil_mode: bool = False) -> Tensor:
    """The p-norm of each window of (N, C, L) or (C, L)."""
    if isinstance(norm_type, (int, float)):
        if norm_type == float("inf"):
            return max_pool1d(_unary.abs(input), kernel_size, stride, 0, 1, ceil_mode)
        if norm_type == -float("inf"):
            return -max_pool1d(-_unary.abs(input), kernel_size, stride, 0, 1, ceil_mode)
    if stride is not None:
        out = avg_pool1d(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    else:
        out = avg_pool1d(input.pow(norm_type), kernel_size, padding=0, ceil_mode=ceil_mode)
    return _lp_root(out, kernel_size, norm_type)
