"""Functional resampling: interpolate, upsample, upsample_nearest, upsample_bilinear,
pixel_shuffle, pixel_unshuffle.

interpolate resolves the output size and the scale of each spatial dim as torch does (a
given scale_factor is used for the positions unless recompute_scale_factor), builds one
map per spatial dim (ops/nn_padding.py) and applies torch's kernel for the mode.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ..._arguments import not_a_tensor
from ..._dtype import scalar_type_name
from ..._tensor import Tensor
from ..._warnings import warn
from ...ops.nn_padding import antialias_map, cubic_map, linear_map, nearest_map, separable
from ...ops.nn_padding import pixel_shuffle as _pixel_shuffle
from ...ops.nn_padding import pixel_unshuffle as _pixel_unshuffle

__all__ = ["interpolate", "upsample", "upsample_nearest", "upsample_bilinear",
           "pixel_shuffle", "pixel_unshuffle"]

_INTERPOLATING = ("linear", "bilinear", "bicubic", "trilinear")
# (bicubic of another rank meets torch's last "Input Error", not a rank message of its own)
_MODE_RANK = {"linear": 3, "bilinear": 4, "trilinear": 5}
_LINEAR_OP = {3: "upsample_linear1d", 4: "upsample_bilinear2d", 5: "upsample_trilinear3d"}


def _spatial_sizes(input: Tensor, size, scale_factor, recompute: bool | None):
    """(output sizes, scale factors or None) as torch's interpolate resolves them."""
    dim = input.dim() - 2  # (dim(): a non-tensor raises torch's AttributeError)
    spatial = list(input.shape[2:])
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is not None:
        if recompute:
            raise ValueError("recompute_scale_factor is not meaningful with an explicit "
                             "size.")
        if isinstance(size, (list, tuple)):
            if len(size) != dim:
                raise ValueError(
                    "Input and output must have the same number of spatial dimensions, but "
                    f"got input with spatial dimensions of {spatial} and output size of "
                    f"{size}. Please provide input tensor in (N, C, d1, d2, ...,dK) format "
                    "and output size in (o1, o2, ...,oK) format.")
            return [int(s) for s in size], None
        return [int(size)] * dim, None
    if scale_factor is None:
        raise ValueError("either size or scale_factor should be defined")
    if isinstance(scale_factor, (list, tuple)):
        if len(scale_factor) != dim:
            raise ValueError(
                "Input and scale_factor must have the same number of spatial dimensions, but "
                f"got input with spatial dimensions of {spatial} and scale_factor of shape "
                f"{scale_factor}. Please provide input tensor in (N, C, d1, d2, ...,dK) "
                "format and scale_factor in (s1, s2, ...,sK) format.")
        factors = [float(s) for s in scale_factor]
    else:
        factors = [float(scale_factor)] * dim
    sizes = [math.floor(s * f) for s, f in zip(spatial, factors)]
    return sizes, (None if recompute else factors)


def _check_sizes(spatial: list, sizes: list) -> None:
    letters = {1: "W", 2: "HW", 3: "DHW"}[len(spatial)]
    if any(s <= 0 for s in spatial) or any(s <= 0 for s in sizes):
        inside = ", ".join(f"{c}: {s}" for c, s in zip(letters, spatial))
        outside = ", ".join(f"{c}: {s}" for c, s in zip(letters, sizes))
        joint = " and" if len(spatial) == 1 else ""  # (torch's 1-d kernels say "and")
        raise RuntimeError(f"Input and output sizes should be greater than 0, but got input "
                           f"({inside}){joint} output ({outside})")


def _check_dtype(input: Tensor, mode: str) -> None:
    """Nearest modes take floats and uint8, the interpolating ones floats (torch's uint8
    bilinear kernel rounds in fixed point, which ember does not reproduce)."""
    dtype = input._data.dtype
    if dtype.kind == "f" or (dtype == np.uint8 and mode.startswith("nearest")):
        return
    if dtype == np.uint8 and mode in ("bilinear", "bicubic"):
        raise NotImplementedError(f"interpolate: {mode} mode on uint8 tensors is not "
                                  "implemented in ember; convert to float first")
    name = scalar_type_name(str(dtype))
    if mode == "bicubic":
        kernel = "compute_indices_weights_cubic"
    elif input.ndim == 4:  # (torch's 2-d kernels refuse other dtypes in their own name)
        kernel = f"upsample_{'nearest' if mode.startswith('nearest') else mode}2d_channels_last"
    else:
        kernel = f"compute_indices_weights_{'nearest' if mode.startswith('nearest') else 'linear'}"
    raise NotImplementedError(f'"{kernel}" not implemented for \'{name}\'')


def _scale(size: int, out: int, factor: float | None) -> float:
    """Input positions per output position: 1 / the given factor, or the ratio of sizes."""
    if factor is not None and factor > 0:
        return 1.0 / factor
    return size / out


def interpolate(input: Tensor, size: int | Sequence[int] | None = None,
                scale_factor: float | Sequence[float] | None = None, mode: str = "nearest",
                align_corners: bool | None = None,
                recompute_scale_factor: bool | None = None, antialias: bool = False) -> Tensor:
    """Resample the spatial dims of input (N, C, *spatial) to `size`, or by `scale_factor`:
    mode "nearest", "nearest-exact", "linear" (3-D), "bilinear" (4-D) or "trilinear"
    (5-D), with align_corners for the interpolating modes."""
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError("align_corners option can only be set with the interpolating "
                             "modes: linear | bilinear | bicubic | trilinear")
    elif align_corners is None:
        align_corners = False
    sizes, factors = _spatial_sizes(input, size, scale_factor, recompute_scale_factor)
    if antialias and not (mode in ("bilinear", "bicubic") and input.ndim == 4):
        raise ValueError("Anti-alias option is restricted to bilinear, bicubic, and lanczos "
                         "modes and requires a 4-D tensor as input")
    rank = input.ndim
    if mode in _MODE_RANK and rank != _MODE_RANK[mode] and rank in (3, 4, 5):
        raise NotImplementedError(f"Got {rank}D input, but {mode} mode needs "
                                  f"{_MODE_RANK[mode]}D input")
    if rank not in (3, 4, 5) or mode not in ("nearest", "nearest-exact", *_INTERPOLATING,
                                             "area") or (mode == "bicubic" and rank != 4):
        raise NotImplementedError(
            f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {rank}D) for the "
            "modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | "
            f"nearest-exact (got {mode})")
    spatial = list(input.shape[2:])
    if mode == "area":  # (adaptive pooling takes an empty output; its backward refuses it)
        return _area(input, sizes)  # (which refuses integers in its own words)
    _check_sizes(spatial, sizes)
    _check_dtype(input, mode)
    factors = factors or [None] * len(sizes)
    k = rank - 2
    if mode in ("nearest", "nearest-exact"):
        exact = mode == "nearest-exact"
        # torch's 2-d nearest kernel and every nearest backward take shortcuts where the
        # output is as long as the input (a copy) or twice as long (o // 2), whatever the
        # scale factor; its 1-d and 3-d forward kernels do not
        maps = tuple(nearest_map(s, o, _scale(s, o, f), exact, shortcut=k == 2)
                     for s, o, f in zip(spatial, sizes, factors))
        name = f"upsample_nearest{'_exact' if exact else ''}{k}d"
        return separable(name, input, maps)
    dtype = input._data.dtype
    if antialias:
        cubic = mode == "bicubic"
        maps = tuple(antialias_map(s, o, ((s - 1) / (o - 1) if o > 1 else 0.0)
                                   if align_corners else _scale(s, o, f), cubic, dtype)
                     for s, o, f in zip(spatial, sizes, factors))
        return separable(f"upsample_{'bicubic' if cubic else 'bilinear'}2d_aa", input, maps)
    maps = []
    for s, o, f in zip(spatial, sizes, factors):
        if align_corners:
            scale = (s - 1) / (o - 1) if o > 1 else 0.0
        elif s == o and mode != "bicubic":
            scale = 1.0  # (torch's linear kernels copy a dim whose size is kept)
        else:
            scale = _scale(s, o, f)
        make = cubic_map if mode == "bicubic" else linear_map
        maps.append(make(s, o, scale, align_corners, dtype))
    name = "upsample_bicubic2d" if mode == "bicubic" else _LINEAR_OP[rank]
    return separable(name, input, tuple(maps))


def _area(input: Tensor, sizes: list) -> Tensor:
    """Mode "area" is adaptive average pooling to the output size, as in torch."""
    from . import pooling  # the pooling family is built beside this one

    pool = getattr(pooling, f"adaptive_avg_pool{len(sizes)}d", None)
    if pool is None:
        raise NotImplementedError(f"interpolate: mode 'area' needs "
                                  f"adaptive_avg_pool{len(sizes)}d, which ember does not have")
    return pool(input, sizes)


def upsample(input: Tensor, size=None, scale_factor=None, mode: str = "nearest",
             align_corners: bool | None = None) -> Tensor:
    """Deprecated name of interpolate."""
    warn("`nn.functional.upsample` is deprecated. Use `nn.functional.interpolate` "
         "instead.")
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input: Tensor, size=None, scale_factor=None) -> Tensor:
    """Deprecated: interpolate with mode "nearest"."""
    warn("`nn.functional.upsample_nearest` is deprecated. Use "
         "`nn.functional.interpolate` instead.")
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input: Tensor, size=None, scale_factor=None) -> Tensor:
    """Deprecated: interpolate with mode "bilinear" and align_corners=True."""
    warn("`nn.functional.upsample_bilinear` is deprecated. Use "
         "`nn.functional.interpolate` instead.")
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)


def pixel_shuffle(input: Tensor, upscale_factor: int) -> Tensor:
    """(*, C r^2, H, W) -> (*, C, H r, W r)."""
    if not isinstance(input, Tensor):
        raise not_a_tensor("pixel_shuffle", "input", 1, input)
    if input.ndim < 3:
        raise RuntimeError("pixel_shuffle expects input to have at least 3 dimensions, but "
                           f"got input with {input.ndim} dimension(s)")
    if upscale_factor <= 0:
        raise RuntimeError(f"pixel_shuffle expects a positive upscale_factor, but got "
                           f"{upscale_factor}")
    channels = input.shape[-3]
    if channels % (upscale_factor * upscale_factor):
        raise RuntimeError("pixel_shuffle expects its input's 'channel' dimension to be "
                           "divisible by the square of upscale_factor, but input.size(-3)="
                           f"{channels} is not divisible by {upscale_factor * upscale_factor}")
    return _pixel_shuffle(input, upscale_factor)


def pixel_unshuffle(input: Tensor, downscale_factor: int) -> Tensor:
    """(*, C, H r, W r) -> (*, C r^2, H, W)."""
    if not isinstance(input, Tensor):
        raise not_a_tensor("pixel_unshuffle", "input", 1, input)
    if input.ndim < 3:
        raise RuntimeError("pixel_unshuffle expects input to have at least 3 dimensions, "
                           f"but got input with {input.ndim} dimension(s)")
    if downscale_factor <= 0:
        raise RuntimeError(f"pixel_unshuffle expects a positive downscale_factor, but got "
                           f"{downscale_factor}")
    for dim, name in ((-2, "height"), (-1, "width")):
        if input.shape[dim] % downscale_factor:
            raise RuntimeError(f"pixel_unshuffle expects {name} to be divisible by "
                               f"downscale_factor, but input.size({dim})={input.shape[dim]} "
                               f"is not divisible by {downscale_factor}")
    return _pixel_unshuffle(input, downscale_factor)
