"""Three-dimensional pooling of (N, C, D, H, W) or (C, D, H, W): max, average and adaptive
pooling and max unpooling, with torch's argument checks and messages.

The ops are those of ops/nn_pooling.py, declared there for any number of pooled dims
(max_pool3d: MaxPool3DWithIndicesBackward0, avg_pool3d: AvgPool3DBackward0,
adaptive_avg_pool3d: AdaptiveAvgPool3DBackward0, adaptive_max_pool3d:
AdaptiveMaxPool3DBackward0, max_unpool3d: MaxUnpool3DBackward0, and their gradient ops);
this module finds the maxima, works out the sizes and checks the arguments as torch's 3-D
kernels do (their order of checks differs from the 2-D ones').
"""

from __future__ import annotations

import math

import numpy as np

from .._arguments import int_list
from .._dispatch import apply
from .._dtype import scalar_type_name
from .._tensor import Tensor
from ..autograd.node import keep_versions
from ._registry import OPS, public
from .nn_pooling import (
    POSITIONS,
    _adaptive_max_indices,
    _max_pool_indices,
    _shape_text,
    pool_output_size,
    size_read_first,
)

__all__ = ["max_pool3d", "avg_pool3d", "adaptive_avg_pool3d", "adaptive_max_pool3d",
           "max_unpool3d", "unpool_output_size"]


def _word(input: Tensor) -> str:
    return scalar_type_name(input._data.dtype.name)


def _three(value, message: str) -> tuple:
    """An int or a sequence of one or three ints, as three ints (else `message`, which
    starts with the function's and the argument's names)."""
    function, rest = message.split(": ", 1)
    what = rest.split()[0]
    values = int_list(value, function, what, POSITIONS.get(what))
    if len(values) not in (1, 3):
        raise RuntimeError(message)
    return values * 3 if len(values) == 1 else values


def _omitted(stride) -> bool:
    return stride is None or (not isinstance(stride, (int, np.integer)) and len(stride) == 0)


def _check_rank(input: Tensor) -> None:
    if input.ndim not in (4, 5):
        raise RuntimeError("non-empty 4D or 5D (batch mode) tensor expected for input")


def _check_sizes(input: Tensor, function: str, kernel, stride, padding, dilation,
                 ceil_mode: bool, check_input_size: bool) -> tuple:
    """torch's pooling_output_shape and pool3d_shape_check, in their order; the output's
    spatial size."""
    for s in stride:
        if s == 0:
            raise RuntimeError("stride should not be zero")
    for p in padding:
        if p < 0:
            raise RuntimeError(f"pad must be non-negative, but got pad: {p}")
    for p, k, d in zip(padding, kernel, dilation):
        if p > (d * (k - 1) + 1) // 2:
            raise RuntimeError(f"pad should be at most half of effective kernel size, but got "
                               f"pad={p}, kernel_size={k} and dilation={d}")
    size = tuple(input.shape[-3:])
    out = tuple(pool_output_size(n, k, s, p, d, ceil_mode)
                for n, k, s, p, d in zip(size, kernel, stride, padding, dilation))
    if min(kernel) <= 0:
        raise RuntimeError(f"kernel size should be greater than zero, but got kT: {kernel[0]} "
                           f"kH: {kernel[1]} kW: {kernel[2]}")
    if min(stride) <= 0:
        raise RuntimeError(f"stride should be greater than zero, but got dT: {stride[0]} "
                           f"dH: {stride[1]} dW: {stride[2]}")
    if min(dilation) <= 0:
        raise RuntimeError(f"dilation should be greater than zero, but got dilationT: "
                           f"{dilation[0]} dilationH: {dilation[1]} dilationW: {dilation[2]}")
    checked = tuple(input.shape) if input.ndim == 4 else tuple(input.shape)[1:]
    if 0 in checked:
        raise RuntimeError(f"{function}Expected input's non-batch dimensions to have positive "
                           f"length, but input has a shape of {_shape_text(input.shape)} and "
                           f"non-batch dimension 0 has length zero!")
    if check_input_size and any(n < k for n, k in zip(size, kernel)):
        raise RuntimeError(f"input image (T: {size[0]} H: {size[1]} W: {size[2]}) smaller than "
                           f"kernel size (kT: {kernel[0]} kH: {kernel[1]} kW: {kernel[2]})")
    if min(out) < 1:
        planes = input.shape[-4]
        raise RuntimeError(f"Given input size: ({planes}x{size[0]}x{size[1]}x{size[2]}). "
                           f"Calculated output size: ({planes}x{out[0]}x{out[1]}x{out[2]}). "
                           "Output size is too small")
    return size, out


@public(method=False)
def max_pool3d(input: Tensor, kernel_size, stride=None, padding=0, dilation=1,
               ceil_mode: bool = False, return_indices: bool = False):
    """Maximum over each window of (N, C, D, H, W) or (C, D, H, W); ties and nan: the first
    in scan order. With return_indices, also each maximum's flat index into D x H x W."""
    kernel = _three(kernel_size, "max_pool3d: kernel_size must either be a single int, or a "
                                 "tuple of three ints")
    stride = kernel if _omitted(stride) else _three(
        stride, "max_pool3d: stride must either be omitted, a single int, or a tuple of "
                "three ints")
    padding = _three(padding, "max_pool3d: padding must either be a single int, or a tuple "
                              "of three ints")
    dilation = _three(dilation, "max_pool3d: dilation must be either a single int, or a tuple "
                                "of three ints")
    _check_rank(input)
    size, out = _check_sizes(input, "max_pool3d_with_indices_out_cpu_template(): ", kernel,
                             stride, padding, dilation, ceil_mode, False)
    if input._data.dtype.kind == "b":
        raise NotImplementedError(f"\"max_pool3d\" not implemented for '{_word(input)}'")
    indices = _max_pool_indices(input._data, kernel, stride, padding, dilation, out)
    disjoint = all(d * (k - 1) + 1 <= s for k, s, d in zip(kernel, stride, dilation))
    result = apply(OPS["max_pool3d"], (input,), (indices, size, disjoint))
    if not return_indices:
        return result
    returned = Tensor(indices)  # (saved by torch: its version is checked)
    return keep_versions(result, returned), returned


def avg_pool3d(input: Tensor, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True, divisor_override: int | None = None) -> Tensor:
    """Mean over each window of (N, C, D, H, W) or (C, D, H, W), with torch's divisor
    (padding counted with count_include_pad, never what ceil_mode adds past it)."""
    kernel = _three(kernel_size, "avg_pool3d: kernel_size must be a single int, or a tuple of "
                                 "three ints")
    stride = kernel if _omitted(stride) else _three(
        stride, "avg_pool3d: stride must be omitted, a single int, or a tuple of three ints")
    padding = _three(padding, "avg_pool3d: padding must be a single int, or a tuple of three "
                              "ints")
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    _check_rank(input)
    size, _ = _check_sizes(input, "avg_pool3d(): ", kernel, stride, padding, (1, 1, 1),
                           ceil_mode, True)
    if input._data.dtype not in (np.float32, np.float64, np.int64):  # torch's kernel's
        raise NotImplementedError(f"\"avg_pool3d_out_frame\" not implemented for "
                                  f"'{_word(input)}'")
    return apply(OPS["avg_pool3d"], (input,), (kernel, stride, padding, bool(ceil_mode),
                                               bool(count_include_pad), divisor_override, size))


def _adaptive_input(input: Tensor, function: str, colon: str) -> None:
    if input.ndim not in (4, 5):
        raise RuntimeError(f"{function}(): Expected 4D or 5D tensor, but got{colon} "
                           f"{_shape_text(input.shape)}")
    for dim in range(1, input.ndim):
        if input.shape[dim] == 0:
            raise RuntimeError(f"{function}(): Expected input to have non-zero size for "
                               f"non-batch dimensions, but input has sizes "
                               f"{_shape_text(input.shape)} with dimension {dim} being empty")


def _adaptive_sizes(input: Tensor, output_size) -> tuple:
    """output_size as given (an int for all three dims, None keeping a dim's size)."""
    if isinstance(output_size, (int, np.integer)):
        return (int(output_size),) * 3
    sizes = tuple(output_size)  # (None alone is torch's TypeError from len())
    if len(sizes) != 3:
        return sizes
    return tuple(int(n if s is None else s) for s, n in zip(sizes, input.shape[-3:]))


def adaptive_avg_pool3d(input: Tensor, output_size) -> Tensor:
    """Mean over torch's adaptive windows, giving (..., *output_size); a 1 x 1 x 1 output is
    the mean over the three dims (MeanBackward1), as in torch."""
    size_read_first(input, "adaptive_avg_pool3d")
    if output_size is None:
        raise TypeError("object of type 'NoneType' has no len()")
    out = _adaptive_sizes(input, output_size)
    _adaptive_input(input, "adaptive_avg_pool3d", "")
    if len(out) != 3:
        raise RuntimeError("adaptive_avg_pool3d: output_size must be 3")
    if min(out) < 0:
        raise RuntimeError(f"adaptive_avg_pool3d: elements of output_size must be greater than "
                           f"or equal to 0 but received {{{out[0]}, {out[1]},{out[2]}}}")
    if input._data.dtype.kind != "f":
        raise NotImplementedError(f"\"adaptive_avg_pool3d_cpu\" not implemented for "
                                  f"'{_word(input)}'")
    if out == (1, 1, 1):
        return input.mean((-1, -2, -3), keepdim=True)
    return apply(OPS["adaptive_avg_pool3d"], (input,), (out, tuple(input.shape[-3:])))


def adaptive_max_pool3d(input: Tensor, output_size, return_indices: bool = False):
    """Maximum over torch's adaptive windows (the first maximum in scan order)."""
    size_read_first(input, "adaptive_max_pool3d")
    if output_size is None:
        raise TypeError("object of type 'NoneType' has no len()")
    out = _adaptive_sizes(input, output_size)
    _adaptive_input(input, "adaptive_max_pool3d", ":")
    if len(out) != 3:
        raise RuntimeError("adaptive_max_pool3d(): internal error: output_size.size() must be 3")
    if min(out) < 0:
        shape = tuple(input.shape[:-3]) + out
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(out)}: "
                           f"{_shape_text(shape)}")
    if input._data.dtype.kind != "f":
        raise NotImplementedError(f"\"adaptive_max_pool3d_cpu\" not implemented for "
                                  f"'{_word(input)}'")
    size = tuple(input.shape[-3:])
    indices = _adaptive_max_indices(input._data, out)
    disjoint = all(n % max(o, 1) == 0 and o <= n for n, o in zip(size, out))
    result = apply(OPS["adaptive_max_pool3d"], (input,), (indices, size, disjoint))
    if not return_indices:
        return result
    returned = Tensor(indices)  # (saved by torch: its version is checked)
    return keep_versions(result, returned), returned


# ---------------------------------------------------------------------- max unpooling
def unpool_output_size(input: Tensor, kernel: tuple, stride: tuple, padding: tuple,
                       output_size) -> tuple:
    """torch.nn.functional's _unpool_output_size: the default (in - 1) * stride + kernel -
    2 * padding per dim, or output_size (with or without its two leading dims) if it lies
    within a stride of that."""
    nd = len(kernel)
    default = tuple((input.shape[-nd + d] - 1) * stride[d] + kernel[d] - 2 * padding[d]
                    for d in range(nd))
    if output_size is None:
        size = default
    else:
        given = list(output_size)
        if len(given) == nd + 2:
            given = given[2:]
        if len(given) != nd:
            raise ValueError(f"output_size should be a sequence containing {nd} or {nd + 2} "
                             f"elements, but it has a length of '{len(given)}'")
        for d in range(nd):
            low, high = default[d] - stride[d], default[d] + stride[d]
            if not low < given[d] < high:
                raise ValueError(f'invalid output_size "{output_size}" (dim {d} must be '
                                 f"between {low} and {high})")
        size = tuple(int(s) for s in given)
    for d in range(nd):
        if size[d] < 0:
            raise ValueError("max_unpooling: output_size must contain non-negative spatial "
                             f"dimensions, but got output_size[{d}]={size[d]}")
    return size


def _single_or_three(value) -> tuple:
    values = (value,) if isinstance(value, (int, np.integer)) else tuple(value)
    return tuple(int(v) for v in values) * (3 if len(values) == 1 else 1)


def max_unpool3d(input: Tensor, indices: Tensor, kernel_size, stride=None, padding=0,
                 output_size=None) -> Tensor:
    """The values of max_pool3d written back at their indices into zeros (elsewhere 0)."""
    size_read_first(input, "max_unpool3d")  # (torch's Python code: input.size())
    kernel = _single_or_three(kernel_size)
    stride = kernel if stride is None else _single_or_three(stride)
    padding = _single_or_three(padding)
    size = unpool_output_size(input, kernel, stride, padding, output_size)
    if indices._data.dtype != np.int64:  # (torch's kernel checks it first)
        raise RuntimeError("elements in indices should be type int64")
    if input.ndim not in (4, 5):
        raise RuntimeError("Input to max_unpooling3d should be a 4d or 5d Tensor, but got a "
                           f"tensor with {input.ndim} dimensions.")
    if tuple(indices.shape) != tuple(input.shape):
        raise RuntimeError("Expected shape of indices to be same as that of the input tensor "
                           f"({_shape_text(input.shape)}) but got indices tensor with shape: "
                           f"{_shape_text(indices.shape)}")
    index = indices._data
    volume = math.prod(size)
    if index.size and (index.min() < 0 or index.max() >= volume):
        bad = int(index[(index < 0) | (index >= volume)].flat[-1])  # torch names the last
        raise RuntimeError(f"Found an invalid max index: {bad} (output volumes are of size "
                           f"{size[0]}x{size[1]}x{size[2]})")
    return keep_versions(apply(OPS["max_unpool3d"], (input,), (index, size)), indices)
