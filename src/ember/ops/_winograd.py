"""Winograd's minimal filtering F(4x4, 3x3) for stride-1 3x3 convolutions (used by
ops/nn_conv.py for the forward, the input gradient and the weight gradient).

A 3x3 convolution producing a 4x4 block of outputs from a 6x6 tile of the input costs 36
multiplications per (input, output) channel pair instead of 144: the tile d and the
kernel g are taken to a 6x6 "transform domain", y = AT [(G g G^T) * (BT d B)] A, where the
elementwise product summed over input channels becomes 36 matrix products (one per
transform position) of (tiles x samples, C_in) by (C_in, C_out). So the products, the
bulk of a convolution's time, shrink 4x; the transforms are small matrix products too.

Layout. The transforms need one tile element of every sample and channel to be a
contiguous run, so the input is copied to (H, W, N, C) (a transposing copy, a few
channels of one sample at a time, with W's step skewed off 4 KiB) and the result copied
back from (H, W, N, O). Transposing inside BLAS instead (a strided operand) measured
slower. Samples go through in chunks of about 1 MiB of input, so that each step's arrays
stay in the core's L2 cache; the weight gradient sums its 36 products over the chunks.

Points. The matrices come from the Cook-Toom construction with the points 0, 1, -1, 1/2,
-2 and infinity: in float32 the result is 2x more accurate than with the customary
0, +-1, +-2 and about 10x less accurate than a direct product (relative error ~3e-6 of
the output's scale for 64 input channels); in float64 the difference is ~1e-15.

The weight gradient is the same algebra transposed: the output gradient's 4x4 blocks go
to the transform domain by A (the adjoint of the output transform), the input's tiles by
BT, 36 products (C_out, tiles x samples) by (tiles x samples, C_in) sum over tiles and
samples, and G^T (.) G brings the 6x6 result back to the 3x3 kernel.
"""

from __future__ import annotations

import math

import numpy as np

from ._conv_kept import KeptInput
from ._strided import strided

__all__ = ["suitable", "output_size", "convolve", "weight_gradient", "gradients"]

_POINTS = (0.0, 1.0, -1.0, 0.5, -2.0)  # and infinity
_M, _R = 4, 3  # outputs per tile side, kernel side
_N = _M + _R - 1  # tile side


def _matrices() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """AT (4x6), G (6x3), BT (6x6) of F(4, 3) for _POINTS: AT and G from the points, BT
    solved from the identity sum_i AT[k, i] G[i, j] BT[i, l] = [l == k + j] (one output
    k of the 1-D correlation y[k] = sum_j g[j] d[k + j])."""
    points = np.array(_POINTS)
    at = np.zeros((_M, _N))
    g = np.zeros((_N, _R))
    for i, p in enumerate(points):
        at[:, i] = p ** np.arange(_M)
        g[i] = p ** np.arange(_R) / np.prod([p - q for q in points if q != p])
    at[_M - 1, _N - 1] = g[_N - 1, _R - 1] = 1.0  # the point at infinity
    equations = np.zeros((_M * _R * _N, _N * _N))
    wanted = np.zeros(_M * _R * _N)
    row = 0
    for k in range(_M):
        for j in range(_R):
            for col in range(_N):
                equations[row].reshape(_N, _N)[:, col] = at[k] * g[:, j]
                wanted[row] = float(col == k + j)
                row += 1
    bt = np.linalg.lstsq(equations, wanted, rcond=None)[0].reshape(_N, _N)
    return at, g, np.round(bt, 12)


_AT, _G, _BT = _matrices()
_CAST = {}  # dtype -> (AT, G, BT, A) in that dtype, contiguous


def _cast(dtype: np.dtype):
    if dtype not in _CAST:
        _CAST[dtype] = tuple(np.ascontiguousarray(m.astype(dtype))
                             for m in (_AT, _G, _BT, _AT.T))
    return _CAST[dtype]


# Input and output channels: with under ~8 the transforms cost more than the products
# they save; 8-15 gain 20-30% (measured), kept on the direct path, which rounds ~10x less
# in float32.
_MIN_CHANNELS = 16
_MIN_OUTPUT = 8  # smaller images: the tiles' padding to multiples of 4 wastes too much


def suitable(x_shape: tuple, w_shape: tuple, padding, dilation: tuple, groups: int,
             dtype: np.dtype) -> bool:
    """Whether a stride-1 convolution of x_shape (N, C, H, W) with w_shape (O, C, kh, kw)
    and the given padding is one this module computes, and faster than the direct way."""
    if len(w_shape) != 4 or len(x_shape) != 4 or tuple(w_shape[2:]) != (3, 3):
        return False
    if tuple(dilation) != (1, 1) or groups != 1 or dtype not in (np.float32, np.float64):
        return False
    if min(w_shape[0], w_shape[1]) < _MIN_CHANNELS:
        return False
    return min(_geometry(x_shape, padding)[0]) >= _MIN_OUTPUT


def _tiles(size: int) -> int:
    return -(-size // _M)


# Layout copies. A spatial-major array (H, W, N, C) built here puts one pixel's N C values
# in a run and steps W by N C values plus _SKEW: with N C a multiple of 1024 (the block's
# 16 x 64) an unskewed step is 4 KiB, so the runs a transposing copy walks at once all fall
# in one set of the L1 cache and evict each other (copies measured 2.5x slower).
_SKEW = 16  # values
# channels per transposing copy: their rows stay in L1 together. 16 on the AMD EPYC of the
# fifth session; on the Intel SkylakeX 64 (one copy per sample of the block): the block's
# 16 copies a step 12.7 -> 11.2, 13.3 -> 9.5, 11.6 -> 10.7 ms in the step at load 6-7
_CHANNEL_BLOCK = 64


def _spatial_buffer(shape: tuple, n: int, c: int, dtype, fill_zeros: bool) -> np.ndarray:
    """An array (*shape, N, C) whose W step is N C + _SKEW values (see above)."""
    step = n * c + _SKEW
    flat = (np.zeros if fill_zeros else np.empty)(shape[0] * shape[1] * step, dtype)
    s = flat.itemsize
    return strided(flat, tuple(shape) + (n, c), (shape[1] * step * s, step * s, c * s, s))


def _to_spatial_major(x: np.ndarray, offset: tuple, shape: tuple) -> np.ndarray:
    """x (N, C, H, W) copied into zeros of shape (*shape, N, C) at the spatial offset."""
    n, c, h, w = x.shape
    out = _spatial_buffer(shape, n, c, x.dtype, True)
    inner = out[offset[0]:offset[0] + h, offset[1]:offset[1] + w]
    for i in range(n):  # one sample and a few channels at a time: both sides stay in cache
        for start in range(0, c, _CHANNEL_BLOCK):
            stop = start + _CHANNEL_BLOCK
            inner[:, :, i, start:stop] = x[i, start:stop].transpose(1, 2, 0)
    return out


def _from_spatial_major(y: np.ndarray, size: tuple, out: np.ndarray) -> None:
    """y (H', W', N, O) cut to `size` and copied into out (N, O, *size), one sample at a
    time: each copy writes one contiguous (O, *size) block. (One output row at a time
    wrote runs of one row, a plane apart: on an Intel SkylakeX, where the result's planes
    are 4 KiB apart, the block's convolution and its gradients took 66 ms instead of 57.)"""
    for i in range(out.shape[0]):
        out[i] = y[:size[0], :size[1], i, :].transpose(2, 0, 1)


def _input_transform(p: np.ndarray, th: int, tw: int) -> np.ndarray:
    """p (4 th + 2, 4 tw + 2, N, C), spatial-major (one image row a run, W stepped by at
    least N C values) -> V (6, 6, th, tw, N C) = BT d B for every tile d: rows first (one
    6x6 product per tile row), then columns (one per tile)."""
    n, c = p.shape[2:]
    nc, s = n * c, p.itemsize
    bt = _cast(p.dtype)[2]
    row, step = p.strides[0] // s, p.strides[1] // s
    rows = np.matmul(bt, strided(p, (th, _N, row), (_M * row * s, row * s, s)))
    v = np.empty((_N, _N, th, tw, nc), p.dtype)
    windows = strided(rows, (th, _N, tw, _N, nc),
                         (_N * row * s, row * s, _M * step * s, step * s, s))
    np.matmul(bt, windows, out=v.transpose(2, 0, 3, 1, 4))  # [ty, i, tx, j]
    return v


def _output_transform(m: np.ndarray, th: int, tw: int, n: int, o: int) -> np.ndarray:
    """m (6, 6, th, tw, N O) -> y (4 th, 4 tw, N, O) = AT m A per tile (spatial-major,
    W skewed as _spatial_buffer's)."""
    no, s = n * o, m.itemsize
    at = _cast(m.dtype)[0]
    half = np.empty((th, _M, _N, tw * no), m.dtype)  # (ty, a, j, tx no)
    np.matmul(at, strided(m, (th, _N, _N, tw * no),
                             (tw * no * s, th * tw * no * s, _N * th * tw * no * s, s)),
              out=half.transpose(0, 2, 1, 3))
    y = _spatial_buffer((_M * th, _M * tw), n, o, m.dtype, False)
    row, step = y.strides[0], y.strides[1]
    np.matmul(at, strided(half, (th, _M, tw, _N, no),
                             (_M * _N * tw * no * s, _N * tw * no * s, no * s, tw * no * s, s)),
              out=strided(y, (th, _M, tw, _M, no), (_M * row, row, _M * step, step, s)))
    return y


def _gradient_transform(g: np.ndarray, th: int, tw: int) -> np.ndarray:
    """g (4 th, 4 tw, N, O), spatial-major, possibly a window of a larger such array ->
    (6, 6, th, tw, N O) = A g AT per 4x4 block (the adjoint of the output transform)."""
    n, o = g.shape[2:]
    no, s = n * o, g.itemsize
    a = _cast(g.dtype)[3]
    stride, step = g.strides[0], g.strides[1] // s
    row = _M * tw * step
    rows = np.matmul(a, strided(g, (th, _M, row), (_M * stride, stride, s)))  # (ty, i, w no)
    out = np.empty((_N, _N, th, tw, no), g.dtype)
    np.matmul(a, strided(rows, (th, _N, tw, _M, no),
                            (_N * row * s, row * s, _M * step * s, step * s, s)),
              out=out.transpose(2, 0, 3, 1, 4))
    return out


def output_size(x_shape: tuple, padding) -> tuple[int, int]:
    """The output size of a stride-1 3x3 convolution of x_shape with this padding."""
    h, w = x_shape[2:]
    return (h + padding[0][0] + padding[0][1] - 2, w + padding[1][0] + padding[1][1] - 2)


def _geometry(x_shape: tuple, padding) -> tuple:
    out = output_size(x_shape, padding)
    return out, _tiles(out[0]), _tiles(out[1])


def _kernel_transform(w: np.ndarray, g: np.ndarray) -> np.ndarray:
    """U = G w G^T for every (o, c), as (36, O, C): the kernels' entries moved to the
    front once, then two products from the left over all kernels at once (a batched
    product of 3x3 matrices costs one call per kernel)."""
    o, c = w.shape[:2]
    entries = np.ascontiguousarray(w.reshape(o * c, _R * _R).T)  # (a, b o c)
    half = np.matmul(g, entries.reshape(_R, _R * o * c)).reshape(_N, _R, o * c)
    return np.matmul(g, half).reshape(_N * _N, o, c)  # (i, j, o c)


# Samples go through a convolution a few at a time: each step's arrays (the laid-out
# input, its tiles, the products, the output's tiles) then stay in the core's L2 cache
# instead of streaming through L3 (the block's convolutions measured ~10% faster).
# 512 KiB of float32: two of the ResNet block's samples, whose transformed tiles and
# products (1.2 MB each) then fit the Intel SkylakeX's 2 MiB L2 together, where four
# samples' (2.4 MB each) did not. With other jobs on the machine (load 5-6): one
# convolution of the block 20.4 -> 16.9 ms forward, 33.4 -> 28.5 with its gradients; the
# block's step 0.89-0.95 of four samples' (in-process A/B). One sample: 17.8 / 29.4 ms
# (products of 64 rows are less efficient).
_CHUNK_VALUES = 1 << 17  # input values per chunk of samples


def _chunks(x_shape: tuple) -> list[slice]:
    """Consecutive samples of x_shape (N, C, H, W) holding about _CHUNK_VALUES values (one
    empty chunk for an empty batch, whose weight gradient is zeros)."""
    n = x_shape[0]
    step = max(1, _CHUNK_VALUES // max(1, math.prod(x_shape[1:])))
    return [slice(start, min(start + step, n)) for start in range(0, max(n, 1), step)]


def _kernel_products(w: np.ndarray) -> np.ndarray:
    """w (O, C, 3, 3) in the transform domain as the products take it: (36, C, O),
    contiguous. (A transposed view costs OpenBLAS ~10% on the block's (256 x 64) by
    (64 x 64) products, ~1.4 ms a convolution with its gradients; the copy ~0.05 ms.
    The same bits.)"""
    return np.ascontiguousarray(np.swapaxes(_kernel_transform(w, _cast(w.dtype)[1]), 1, 2))


def _convolve_laid_out(p: np.ndarray, u: np.ndarray, out: tuple, result: np.ndarray
                       ) -> np.ndarray:
    """The convolution of the padded input p (at least (4 th + 2, 4 tw + 2), N, C) with
    the kernels u (_kernel_products), written into result (N, O, *out); returns p's
    transformed tiles (36, tiles x N, C)."""
    n, c = p.shape[2:]
    o = u.shape[2]
    th, tw = _tiles(out[0]), _tiles(out[1])
    v = _input_transform(p, th, tw).reshape(_N * _N, th * tw * n, c)
    products = np.matmul(v, u)
    y = _output_transform(products.reshape(_N, _N, th, tw, n * o), th, tw, n, o)
    _from_spatial_major(y, out, result)
    return v


def convolve(x: np.ndarray, w: np.ndarray, padding, keep: KeptInput | None = None
             ) -> np.ndarray:
    """The stride-1 convolution of x (N, C, H, W) with w (O, C, 3, 3), zero padding
    ((top, bottom), (left, right)), as (N, O, H', W'). An empty `keep` receives x's
    transformed tiles (the weight gradient needs them again), a list by chunk of samples."""
    out, th, tw = _geometry(x.shape, padding)
    u = _kernel_products(w)
    y = np.empty((x.shape[0], w.shape[0]) + out, x.dtype)
    tiles = []
    for part in _chunks(x.shape):
        p = _to_spatial_major(x[part], (padding[0][0], padding[1][0]),
                              (_M * th + 2, _M * tw + 2))
        tiles.append(_convolve_laid_out(p, u, out, y[part]))
    if keep is not None:
        keep.put(x, ("winograd", padding), tiles)
    return y


def _input_tiles(x: np.ndarray, padding) -> list[np.ndarray]:
    """x's transformed tiles, by chunk of samples, as convolve(x, ., padding) keeps them."""
    c = x.shape[1]
    _, th, tw = _geometry(x.shape, padding)
    tiles = []
    for part in _chunks(x.shape):
        p = _to_spatial_major(x[part], (padding[0][0], padding[1][0]),
                              (_M * th + 2, _M * tw + 2))
        tiles.append(_input_transform(p, th, tw).reshape(_N * _N, -1, c))
    return tiles


def _tile_products(spread: np.ndarray, tiles: np.ndarray, th: int, tw: int) -> np.ndarray:
    """sum over tiles and samples of the output gradient's and the input's transformed
    tiles, (36, O, C), for one chunk: spread is its output gradient laid out (at least
    (4 th, 4 tw), N, O; zeros past the output)."""
    gt = _gradient_transform(spread[:_M * th, :_M * tw], th, tw).reshape(
        _N * _N, -1, spread.shape[3])
    return np.matmul(np.swapaxes(gt, 1, 2), tiles)


def _kernel_gradient(products: np.ndarray) -> np.ndarray:
    """(36, O, C) summed products -> the weight gradient (O, C, 3, 3): G^T (.) G."""
    o, c = products.shape[1:]
    g = _cast(products.dtype)[1]
    half = np.matmul(g.T, products.reshape(_N, _N * o * c)).reshape(_R, _N, o * c)
    kernel = np.matmul(g.T, half)  # (a, b, o c)
    return np.ascontiguousarray(kernel.reshape(_R, _R, o, c).transpose(2, 3, 0, 1))


def weight_gradient(x: np.ndarray, grad: np.ndarray, padding,
                    tiles: list | None = None) -> np.ndarray:
    """The gradient (O, C, 3, 3) of sum(grad * convolve(x, w, padding)) with respect to w,
    for x (N, C, H, W) and grad (N, O, H', W'); `tiles`: x's transformed tiles if kept."""
    _, th, tw = _geometry(x.shape, padding)
    tiles = _input_tiles(x, padding) if tiles is None else tiles
    total = None
    for index, part in enumerate(_chunks(x.shape)):
        spread = _to_spatial_major(grad[part], (0, 0), (_M * th, _M * tw))
        products = _tile_products(spread, tiles[index], th, tw)
        total = products if total is None else np.add(total, products, out=total)
    return _kernel_gradient(total)


def gradients(x: np.ndarray, w: np.ndarray, grad: np.ndarray, padding,
              tiles: list | None = None) -> tuple | None:
    """(input gradient, weight gradient) of convolve(x, w, padding) given the output
    gradient, with one (H, W, N, O) copy of grad (per chunk of samples) serving both: the
    input gradient is the convolution of grad with the flipped kernel and padding
    2 - padding (None when some padding is over 2). `tiles`: x's transformed tiles if the
    forward kept them."""
    if any(p > 2 for pair in padding for p in pair):
        return None
    size = x.shape[2:]
    _, th, tw = _geometry(x.shape, padding)
    flipped = ((2 - padding[0][0], 2 - padding[0][1]), (2 - padding[1][0], 2 - padding[1][1]))
    offset = (flipped[0][0], flipped[1][0])
    shape = (max(_M * _tiles(size[0]) + 2, offset[0] + _M * th),
             max(_M * _tiles(size[1]) + 2, offset[1] + _M * tw))
    u = _kernel_products(np.ascontiguousarray(np.swapaxes(w[:, :, ::-1, ::-1], 0, 1)))
    tiles = _input_tiles(x, padding) if tiles is None else tiles
    gx = np.empty(x.shape, x.dtype)
    total = None
    for index, part in enumerate(_chunks(x.shape)):
        spread = _to_spatial_major(grad[part], offset, shape)
        _convolve_laid_out(spread, u, tuple(size), gx[part])
        products = _tile_products(spread[offset[0]:, offset[1]:], tiles[index], th, tw)
        total = products if total is None else np.add(total, products, out=total)
    return gx, _kernel_gradient(total)
