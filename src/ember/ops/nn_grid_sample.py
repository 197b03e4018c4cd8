"""Grid sampling and affine grids: the ops behind F.grid_sample and F.affine_grid.

- `grid_sampler_2d` (GridSampler2DBackward0) and `grid_sampler_3d` (GridSampler3DBackward0)
  read the input at the points a grid gives, in [-1, 1] across the input, with bilinear
  (trilinear for 3-D), nearest or bicubic (2-D) interpolation and zeros, border or
  reflection padding. The forwards and first gradients compute as torch's CPU kernels do
  (GridSamplerKernel.cpp's vectorised 2-D kernel, GridSampler.cpp's scalar 3-D one): the
  same coordinate formulas, weights, and order of products and sums, including the fused
  multiply-adds the 2-D kernel is compiled into, so bilinear and nearest results are
  torch's bit for bit (bicubic agrees to rounding: docs/differences.md).
- Their gradient is two ops, one per output of torch's `grid_sampler_*_backward`
  (GridSampler2DBackwardBackward0 for both, as torch's one node): the input gradient,
  linear in g (scatter-added weighted g), and the grid gradient (the weights' derivatives
  times the values at the taps). Their own gradients compose ops: the input gradient's is
  the sampler again (for g) and the grid gradient with g as the input (for the grid); the
  grid gradient's comes from `_second_order`, which writes the sampler as
  sum_k W_k(grid) * x[tap k] with the taps' positions fixed (they move only where the
  weights are continuous) and the weights products of one-dim polynomials in each
  coordinate's fractional part t_d = slope_d * grid_d + const. Written in `_xp`, those
  formulas record on Tensors, so every higher derivative comes from the op table.
- `affine_grid_generator` (AffineGridGeneratorBackward0): the base grid of linspace
  coordinates (and ones) times theta transposed; its gradient is the base grid transposed
  times g, transposed (torch's bmm and transpose, which create_graph records).
"""

from __future__ import annotations

import math

import numpy as np

from .. import _creation
from .._dispatch import apply
from .._dtype import scalar_type_name
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from . import _xp as xp
from ._pointwise_common import fused_multiply_add
from ._registry import OPS, SAME, declare, needs_grad, public

__all__ = ["grid_sampler", "grid_sampler_2d", "grid_sampler_3d", "affine_grid_generator"]

BILINEAR, NEAREST, BICUBIC = 0, 1, 2
ZEROS, BORDER, REFLECTION = 0, 1, 2
_A = -0.75  # the cubic convolution's constant


# ---------------------------------------------------------------------- source coordinates
# 2-D: the vectorised kernel's ComputeLocation. `coord` is where along a dim of `size` a grid
# value points (after padding), `mult` d coord / d grid (0 where a clip holds it).
def _scaling(size: int, align: bool, dtype) -> np.generic:
    return dtype(size - 1) / dtype(2) if align else dtype(size) / dtype(2)


def _fma(a, b, c):
    """a * b + c rounded once: the vectorised 2-D kernel is compiled with contraction, so
    a product followed by a sum is one fused multiply-add there."""
    if not isinstance(b, np.ndarray):
        a, b = b, a
    return fused_multiply_add(a, b, c)


def _unnormalize_2d(g, size, align):
    dtype = g.dtype.type
    scale = _scaling(size, align, dtype)
    if align:
        return (g + dtype(1)) * scale
    return _fma(g + dtype(1), np.full(g.shape, scale), dtype(-0.5))


def _clip(coord, size):
    """Clamped to [0, size - 1] (nan to 0, as the kernel's operand order gives)."""
    return np.fmin(np.fmax(coord, coord.dtype.type(0)), coord.dtype.type(size - 1))


def _clip_grad(coord, size):
    """(clamped, 1 strictly inside, 0 at or past a border)."""
    inside = (coord > 0) & (coord < size - 1)
    return _clip(coord, size), inside


def _reflect_2d(coord, size, align):
    """(reflected, the sign the reflection gives the derivative)."""
    dtype = coord.dtype.type
    if align:
        if size <= 1:
            return np.zeros_like(coord), np.zeros_like(coord)
        low, twice_span = dtype(0), dtype(size - 1) * dtype(2)
    else:
        low, twice_span = dtype(-0.5), dtype(size) * dtype(2)
    shifted = coord - low
    flat = np.abs(shifted)
    extra = _fma(-np.trunc(flat / twice_span), np.full(flat.shape, twice_span), flat)
    reflected = twice_span - extra
    flip = extra > reflected
    sign = np.where(flip ^ (shifted < 0), dtype(-1), dtype(1))
    return np.where(flip, reflected, extra) + low, sign


def _location_2d(g, size, padding, align, grad: bool = False):
    """The coordinate (and with `grad`, d coordinate / d grid) along one input dim."""
    coord = _unnormalize_2d(g, size, align)
    mult = np.full(g.shape, _scaling(size, align, g.dtype.type)) if grad else None
    if padding == BORDER:
        coord, inside = _clip_grad(coord, size)
        mult = np.where(inside, mult, 0) if grad else None
    elif padding == REFLECTION:
        coord, sign = _reflect_2d(coord, size, align)
        coord, inside = _clip_grad(coord, size)
        mult = np.where(inside, sign * mult, 0) if grad else None
    return coord, mult


def _pad_tap_2d(coord, size, padding, align):
    """compute_coordinates for bicubic's taps: the padding applied to a tap's coordinate."""
    if padding == BORDER:
        return _clip(coord, size)
    if padding == REFLECTION:
        return _clip(_reflect_2d(coord, size, align)[0], size)
    return coord


# 3-D: GridSampler.h's scalar grid_sampler_compute_source_index(_set_grad).
def _location_3d(g, size, padding, align, grad: bool = False):
    dtype = g.dtype.type
    if align:
        coord = ((g + dtype(1)) / dtype(2)) * dtype(size - 1)
        mult = dtype(size - 1) / dtype(2)
    else:
        coord = ((g + dtype(1)) * dtype(size) - dtype(1)) / dtype(2)
        mult = dtype(size) / dtype(2)
    mult = np.full(g.shape, mult)
    if padding == REFLECTION:
        low, high = (0, 2 * (size - 1)) if align else (-1, 2 * size - 1)
        if low == high:
            coord, sign = np.zeros_like(coord), np.zeros_like(coord)
        else:
            least, span = dtype(low) / dtype(2), dtype(high - low) / dtype(2)
            shifted = coord - least
            sign = np.where(shifted < 0, dtype(-1), dtype(1))
            shifted = np.abs(shifted)
            extra = np.fmod(shifted, span)
            odd = np.floor(shifted / span) % 2 == 1
            coord = np.where(odd, span - extra + least, extra + least)
            sign = np.where(odd, -sign, sign)
        mult = sign * mult
    if padding in (BORDER, REFLECTION):
        inside = (coord > 0) & (coord < size - 1)
        coord = np.where(coord <= 0, dtype(0), np.where(coord >= size - 1, dtype(size - 1),
                                                       coord))
        mult = np.where(inside, mult, dtype(0))
    return coord, (mult if grad else None)


# ---------------------------------------------------------------------- values at the taps
def _flat_positions(points, size):
    """(flat index into the spatial dims, in bounds) for integer coordinates given as floats,
    one array per dim in the input's dim order."""
    valid = np.ones(points[0].shape, bool)
    for p, n in zip(points, size):
        valid &= (p >= 0) & (p < n)
    flat = np.zeros(points[0].shape, np.int64)
    for p, n in zip(points, size):
        flat = flat * n + np.where(valid, p, 0).astype(np.int64)
    return flat, valid


def _gather(x_flat, flat, valid):
    """x (N, C, L) at flat (N, P), zero where not valid: (N, C, P)."""
    n, c, length = x_flat.shape
    planes = (np.arange(n * c) * length).reshape(n, c, 1)
    values = np.take(x_flat.reshape(-1), planes + flat[:, None, :])
    return np.where(valid[:, None, :], values, x_flat.dtype.type(0))


def _scatter_add(target, flat, valid, values, chunk: int = 1):
    """values (N, C, P) of each tap added into target (N, C, L) at the tap's flat (N, P)
    where valid (in place, in target's dtype), one value after the other in the kernel's
    order: positions in chunks of `chunk` (the 2-D kernel's vector width), then taps, then
    the positions of a chunk (the 3-D kernel: chunk = 1, position by position)."""
    n, c, length = target.shape
    taps, points = len(flat), flat[0].shape[1]
    key = (np.arange(points) // chunk)[None, :] * taps + np.arange(taps)[:, None]
    order = np.argsort(key.ravel(), kind="stable")
    offsets = np.stack([np.where(v, f, 0) for f, v in zip(flat, valid)], axis=1)  # (N, K, P)
    offsets = (offsets[:, None] + (np.arange(n * c) * length).reshape(n, c, 1, 1))
    offsets = offsets.reshape(n, c, taps * points)[..., order]
    masks = np.stack(valid, axis=1).reshape(n, 1, taps * points)[..., order]
    masks = np.broadcast_to(masks, offsets.shape)
    stacked = np.stack(values, axis=2).reshape(n, c, taps * points)[..., order]
    np.add.at(target.reshape(-1), offsets[masks], stacked[masks])
    return target


_LANES_BYTES = 32  # torch's 2-D kernel on AVX2: vectors of 256 bits (8 floats, 4 doubles)


def _split(grid, nd):
    """The grid (N, *out, nd) as one (N, P) array per input dim, in the input's dim order
    (the grid's last coordinate is the first spatial dim)."""
    flat = grid.reshape(grid.shape[0], math.prod(grid.shape[1:-1]), nd)
    return [flat[..., nd - 1 - d] for d in range(nd)]


def _cubic(t):
    """The cubic convolution's four coefficients at offsets -1, 0, 1, 2 (the kernel's
    expressions, in its order)."""
    dtype = t.dtype.type
    a = dtype(_A)
    one, two, three = dtype(1), dtype(2), dtype(3)
    x = t + one
    c0 = ((a * x - dtype(5) * a) * x + dtype(8) * a) * x - dtype(4) * a
    c1 = ((a + two) * t - (a + three)) * t * t + one
    x = one - t
    c2 = ((a + two) * x - (a + three)) * x * x + one
    x = two - t
    c3 = ((a * x - dtype(5) * a) * x + dtype(8) * a) * x - dtype(4) * a
    return c0, c1, c2, c3


def _cubic_grad(t):
    """d coefficient / d x of the kernel (x the distance to each tap: minus d/dt)."""
    dtype = t.dtype.type
    a = dtype(_A)
    two, three = dtype(2), dtype(3)
    x = dtype(-1) - t
    g0 = (dtype(-3) * a * x - dtype(10) * a) * x - dtype(8) * a
    x = dtype(0) - t
    g1 = (dtype(-3) * (a + two) * x - two * (a + three)) * x
    x = dtype(1) - t
    g2 = (three * (a + two) * x - two * (a + three)) * x
    x = two - t
    g3 = (three * a * x - dtype(10) * a) * x + dtype(8) * a
    return g0, g1, g2, g3


# ---------------------------------------------------------------------- forward kernels
def _forward(x, grid, mode, padding, align):
    """grid_sample's forward on arrays, as torch's kernels compute it."""
    nd = x.ndim - 2
    if x.dtype == np.float16:  # computed in float32, rounded once
        return _forward(x.astype(np.float32), grid.astype(np.float32), mode, padding,
                        align).astype(np.float16)
    size = x.shape[2:]
    n, c = x.shape[:2]
    out_shape = (n, c) + grid.shape[1:-1]
    x_flat = x.reshape(n, c, math.prod(size))
    coords = _split(grid, nd)
    if mode == BICUBIC:
        return _bicubic_forward(x_flat, coords, size, padding, align).reshape(out_shape)
    locate = _location_2d if nd == 2 else _location_3d
    points = [locate(g, s, padding, align)[0] for g, s in zip(coords, size)]
    if mode == NEAREST:
        return _gather(x_flat, *_flat_positions([np.rint(p) for p in points],
                                                size)).reshape(out_shape)
    corners = [np.floor(p) for p in points]
    weights = _linear_weights(points, corners, nd)
    total = None
    for offsets in np.ndindex(*(2,) * nd):
        flat, valid = _flat_positions([f + o for f, o in zip(corners, offsets)], size)
        values, weight = _gather(x_flat, flat, valid), weights[offsets][:, None, :]
        if total is None:
            total = values * weight
        else:  # (the 2-D kernel's sum of products is a chain of fused multiply-adds)
            total = _fma(values, weight, total) if nd == 2 else total + values * weight
    return total.reshape(out_shape)


def _linear_weights(points, corners, nd):
    """{tap offsets: weight}: 2-D as the vectorised kernel (x - floor and 1 - that), 3-D as
    the scalar one ((floor + 1) - x and x - floor), products from the last dim (x) up."""
    if nd == 2:
        low = [p - f for p, f in zip(points, corners)]
        one = points[0].dtype.type(1)
        sides = [(one - t, t) for t in low]
    else:
        sides = [((f + 1) - p, p - f) for p, f in zip(points, corners)]
    weights = {}
    for offsets in np.ndindex(*(2,) * nd):
        w = None
        for d in range(nd - 1, -1, -1):
            side = sides[d][offsets[d]]
            w = side if w is None else w * side
        weights[offsets] = w
    return weights


def _bicubic_forward(x_flat, coords, size, padding, align):
    (gy, gx), (h, w) = coords, size
    x_pos, y_pos = _unnormalize_2d(gx, w, align), _unnormalize_2d(gy, h, align)
    ix, iy = np.floor(x_pos), np.floor(y_pos)
    cx, cy = _cubic(x_pos - ix), _cubic(y_pos - iy)
    rows = []
    for i in range(4):
        row = None
        for j in range(4):
            value = _bicubic_value(x_flat, ix + (j - 1), iy + (i - 1), size, padding, align)
            term = cx[j][:, None, :] * value
            row = term if row is None else row + term
        rows.append(row)
    total = None
    for i in range(4):
        term = cy[i][:, None, :] * rows[i]
        total = term if total is None else total + term
    return total


def _bicubic_tap(x_pos, y_pos, size, padding, align):
    h, w = size
    px = _pad_tap_2d(x_pos, w, padding, align)
    py = _pad_tap_2d(y_pos, h, padding, align)
    return _flat_positions([np.trunc(py), np.trunc(px)], size)


def _bicubic_value(x_flat, x_pos, y_pos, size, padding, align):
    return _gather(x_flat, *_bicubic_tap(x_pos, y_pos, size, padding, align))


# ---------------------------------------------------------------------- gradient kernels
def _backward(g, x, grid, mode, padding, align, want_input: bool, want_grid: bool):
    """(input gradient, grid gradient) as torch's backward kernels compute them."""
    nd = x.ndim - 2
    if x.dtype == np.float16:
        gi, gg = _backward(g.astype(np.float32), x.astype(np.float32),
                           grid.astype(np.float32), mode, padding, align, want_input,
                           want_grid)
        return (None if gi is None else gi.astype(np.float16),
                None if gg is None else gg.astype(np.float16))
    size = x.shape[2:]
    n, c = x.shape[:2]
    x_flat = x.reshape(n, c, math.prod(size))
    g = np.ascontiguousarray(g).reshape(n, c, math.prod(grid.shape[1:-1]))
    coords = _split(grid, nd)
    grad_input = np.zeros(x_flat.shape, x.dtype) if want_input else None
    grad_grid = None
    if mode == BICUBIC:
        grad_grid = _bicubic_backward(g, x_flat, coords, size, padding, align, grad_input,
                                      want_grid)
    else:
        locate = _location_2d if nd == 2 else _location_3d
        located = [locate(v, s, padding, align, grad=True) for v, s in zip(coords, size)]
        points = [p for p, _ in located]
        mults = [m for _, m in located]
        if mode == NEAREST:
            if want_input:
                flat, valid = _flat_positions([np.rint(p) for p in points], size)
                _scatter_add(grad_input, [flat], [valid], [g])
            if want_grid:
                grad_grid = np.zeros(grid.shape, grid.dtype)
        else:
            grad_grid = (_bilinear_backward if nd == 2 else _trilinear_backward)(
                g, x_flat, points, mults, size, grad_input, want_grid)
    if grad_grid is not None:
        grad_grid = grad_grid.reshape(grid.shape)
    return (None if grad_input is None else grad_input.reshape(x.shape)), grad_grid


def _in_order(terms: list) -> np.ndarray:
    """The sum of the tap terms (each (N, C, P)) over channels and taps, channels outer and
    taps inner, one after the other as the kernel accumulates them."""
    stacked = np.stack(terms, axis=2)  # (N, C, taps, P)
    n, c, k, p = stacked.shape
    return np.sum(stacked.reshape(n, c * k, p), axis=1)


def _stack_coordinates(parts, nd):
    """Per-dim (N, P) gradients stacked as the grid's last dim (x first)."""
    return np.stack([parts[nd - 1 - e] for e in range(nd)], axis=-1)


def _bilinear_backward(g, x_flat, points, mults, size, grad_input, want_grid):
    corners = [np.floor(p) for p in points]
    weights = _linear_weights(points, corners, 2)
    taps = {o: _flat_positions([f + d for f, d in zip(corners, o)], size)
            for o in np.ndindex(2, 2)}
    if grad_input is not None:
        order = list(np.ndindex(2, 2))
        _scatter_add(grad_input, [taps[o][0] for o in order], [taps[o][1] for o in order],
                     [weights[o][:, None, :] * g for o in order], _LANES_BYTES // g.itemsize)
    if not want_grid:
        return None
    v = {o: _gather(x_flat, *taps[o]) for o in taps}
    n_dist = points[0] - corners[0]
    w_dist = points[1] - corners[1]
    one = n_dist.dtype.type(1)
    s_dist, e_dist = one - n_dist, one - w_dist
    nw, ne, sw, se = v[0, 0], v[0, 1], v[1, 0], v[1, 1]
    # per channel, as the kernel: gx += ((ne - nw) * s + (se - sw) * n) * g, both sums fused
    across = _fma(se - sw, n_dist[:, None], (ne - nw) * s_dist[:, None])
    down = _fma(se - ne, w_dist[:, None], (sw - nw) * e_dist[:, None])
    gx = np.zeros(g.shape[::2], g.dtype)
    gy = np.zeros(g.shape[::2], g.dtype)
    for c in range(g.shape[1]):
        gx = _fma(across[:, c], g[:, c], gx)
        gy = _fma(down[:, c], g[:, c], gy)
    return _stack_coordinates([gy * mults[0], gx * mults[1]], 2)


def _trilinear_backward(g, x_flat, points, mults, size, grad_input, want_grid):
    corners = [np.floor(p) for p in points]
    weights = _linear_weights(points, corners, 3)
    sides = [((f + 1) - p, p - f) for p, f in zip(points, corners)]
    order = list(np.ndindex(2, 2, 2))
    taps = {o: _flat_positions([f + d for f, d in zip(corners, o)], size) for o in order}
    if grad_input is not None:
        _scatter_add(grad_input, [taps[o][0] for o in order], [taps[o][1] for o in order],
                     [weights[o][:, None, :] * g for o in order])
    if not want_grid:
        return None
    # the kernel's terms in its order (channels outer, taps inner), each
    # ((value * factor) * factor) * g, factors from the last dim up
    terms = {d: [] for d in range(3)}
    for o in order:
        value = _gather(x_flat, *taps[o])
        for d in range(3):
            term = value
            for e in range(2, -1, -1):
                if e != d:
                    term = term * sides[e][o[e]][:, None, :]
            term = term * g
            terms[d].append(term if o[d] else -term)
    parts = []
    for d in range(3):
        parts.append(_in_order(terms[d]) * mults[d])
    return _stack_coordinates(parts, 3)


def _bicubic_backward(g, x_flat, coords, size, padding, align, grad_input, want_grid):
    (gy, gx), (h, w) = coords, size
    dtype = gx.dtype.type
    x_pos, y_pos = _unnormalize_2d(gx, w, align), _unnormalize_2d(gy, h, align)
    ix, iy = np.floor(x_pos), np.floor(y_pos)
    cx, cy = _cubic(x_pos - ix), _cubic(y_pos - iy)
    cxg, cyg = _cubic_grad(x_pos - ix), _cubic_grad(y_pos - iy)
    flats, valids, adds, taps = [], [], [], []
    for i in range(4):
        for j in range(4):
            flat, valid = _bicubic_tap(ix + (i - 1), iy + (j - 1), size, padding, align)
            if grad_input is not None:
                flats.append(flat)
                valids.append(valid)
                adds.append(g * cx[i][:, None, :] * cy[j][:, None, :])
            taps.append((i, j, flat, valid))
    if grad_input is not None:
        _scatter_add(grad_input, flats, valids, adds, _LANES_BYTES // g.itemsize)
    if not want_grid:
        return None
    # channels outer, taps inner, as the kernel: gx = gx - val * g * cxg[i] * cy[j]
    x_terms, y_terms = [], []
    for i, j, flat, valid in taps:
        value = _gather(x_flat, flat, valid)
        x_terms.append(value * g * cxg[i][:, None, :] * cy[j][:, None, :])
        y_terms.append(value * g * cyg[j][:, None, :] * cx[i][:, None, :])
    gx, gy = -_in_order(x_terms), -_in_order(y_terms)
    return _stack_coordinates([gy * _scaling(h, align, dtype), gx * _scaling(w, align, dtype)],
                              2)


# ---------------------------------------------------------------------- the second order
def _plan(grid: np.ndarray, size: tuple, mode: int, padding: int, align: bool):
    """The bilinear or bicubic sampler as taps: (taps, t, slopes), taps a list of (offsets
    from the floor of the coordinate per dim, flat positions, in bounds), t and slopes per
    input dim (N, P): the fractional coordinate and its derivative in the grid value."""
    nd = len(size)
    coords = _split(grid, nd)
    if mode == BICUBIC:
        points = [_unnormalize_2d(v, s, align) for v, s in zip(coords, size)]
        slopes = [np.full(v.shape, _scaling(s, align, v.dtype.type)) for v, s in
                  zip(coords, size)]
        base = [np.floor(p) for p in points]
        taps = []
        for offsets in np.ndindex(4, 4):
            pos = [b + (o - 1) for b, o in zip(base, offsets)]
            flat, valid = _bicubic_tap(pos[1], pos[0], size, padding, align)
            taps.append((tuple(o - 1 for o in offsets), flat, valid))
        return taps, [p - b for p, b in zip(points, base)], slopes
    locate = _location_2d if nd == 2 else _location_3d
    located = [locate(v, s, padding, align, grad=True) for v, s in zip(coords, size)]
    points, slopes = [p for p, _ in located], [m for _, m in located]
    base = [np.floor(p) for p in points]
    taps = []
    for offsets in np.ndindex(*(2,) * nd):
        flat, valid = _flat_positions([b + o for b, o in zip(base, offsets)], size)
        taps.append((offsets, flat, valid))
    return taps, [p - b for p, b in zip(points, base)], slopes


def _weight_1d(t, offset: int, mode: int, order: int):
    """The one-dim weight of a tap at `offset` from floor, or its order-th derivative in t,
    as an xp expression in t."""
    if mode == BILINEAR:
        if order == 0:
            return 1 - t if offset == 0 else t
        return (-1.0 if offset == 0 else 1.0) if order == 1 else 0.0
    a = _A
    if offset in (1, 0):  # |distance| <= 1: (a + 2) x^3 - (a + 3) x^2 + 1, x = t or 1 - t
        x, sign = (t, 1.0) if offset == 0 else (1 - t, -1.0)
        if order == 0:
            return ((a + 2) * x - (a + 3)) * x * x + 1
        if order == 1:
            return sign * ((3 * (a + 2)) * x - 2 * (a + 3)) * x
        return (6 * (a + 2)) * x - 2 * (a + 3)
    # 1 < |distance| < 2: a x^3 - 5a x^2 + 8a x - 4a, x = 1 + t or 2 - t
    x, sign = (t + 1, 1.0) if offset == -1 else (2 - t, -1.0)
    if order == 0:
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
    if order == 1:
        return sign * (((3 * a) * x - 10 * a) * x + 8 * a)
    return (6 * a) * x - 10 * a


def _fractions(grid, plan_t, slopes, nd):
    """t_d as xp values: the plan's arrays on arrays; slope * grid_d + constant on Tensors,
    so that recorded derivatives in the grid are the slopes (the positions stay fixed)."""
    if not xp.is_tensor(grid):
        return plan_t
    flat = xp.reshape(grid, (grid.shape[0], math.prod(grid.shape[1:-1]), nd))
    fractions = []
    for d in range(nd):
        value = xp.view("select", flat, 2, nd - 1 - d, tuple(flat.shape))
        rest = plan_t[d] - slopes[d] * xp.numpy_value(value)
        fractions.append(value * xp.constant(slopes[d], like=grid) + xp.constant(rest,
                                                                                  like=grid))
    return fractions


def _weight_derivatives(fractions, slopes, offsets, mode, nd, grid):
    """(first, second): d W / d grid_e for each e, and d2 W / d grid_e d grid_f as a dict,
    W = prod_d w(t_d), as xp values."""
    w = [_weight_1d(fractions[d], offsets[d], mode, 0) for d in range(nd)]
    w1 = [_weight_1d(fractions[d], offsets[d], mode, 1) for d in range(nd)]
    w2 = [_weight_1d(fractions[d], offsets[d], mode, 2) for d in range(nd)]
    s = [xp.constant(slopes[d], like=grid) for d in range(nd)]

    def product(factors):
        total = 1.0
        for f in factors:
            total = total * f
        return total

    first = [product([w1[e] * s[e]] + [w[d] for d in range(nd) if d != e]) for e in range(nd)]
    second = {}
    for e in range(nd):
        for f in range(e, nd):
            if e == f:
                factors = [w2[e] * (s[e] * s[e])]
            else:
                factors = [w1[e] * s[e], w1[f] * s[f]]
            second[e, f] = product(factors + [w[d] for d in range(nd) if d not in (e, f)])
    return first, second


def _tap_values(x, flat, valid):
    """x (N, C, *size) at one tap's positions (N, P), zero out of bounds, as xp values:
    (N, C, P)."""
    n, c = x.shape[:2]
    x_flat = xp.reshape(x, (n, c, math.prod(x.shape[2:])))
    index = np.ascontiguousarray(np.broadcast_to(flat[:, None, :], (n, c, flat.shape[1])))
    values = xp.op("gather", (x_flat,), 2, index, tuple(x_flat.shape))
    return values * xp.constant(valid[:, None, :].astype(xp.numpy_dtype(x)), like=x)


def _second_order(g, x, grid, h, params, want: tuple):
    """For the grid gradient G(g, x, grid) = d/dgrid <g, sample(x, grid)> and a grid-shaped
    h: (d/dg <h, G>, d/dx <h, G>, d/dgrid <h, G>), each computed where `want` says (None
    otherwise). d/dg <h, G> is also the sampler's directional derivative along h (its JVP in
    the grid), d/dx <h, G> the input gradient's derivative along h, d/dgrid <h, G> the
    grid gradient's: the tangent rules use them too."""
    mode, padding, align = params
    nd = grid.shape[-1]
    size = tuple(x.shape[2:])
    n, c = x.shape[:2]
    out_shape = (n, c) + tuple(grid.shape[1:-1])
    want_g, want_x, want_grid = want
    if mode == NEAREST:  # the weights are constant: every term is zero (none, as torch's)
        return None, None, None
    taps, plan_t, slopes = _plan(xp.numpy_value(grid), size, mode, padding, align)
    fractions = _fractions(grid, plan_t, slopes, nd)
    points = math.prod(grid.shape[1:-1])
    h_flat = xp.reshape(h, (n, points, nd))
    hs = [xp.view("select", h_flat, 2, nd - 1 - e, tuple(h_flat.shape)) for e in range(nd)]
    g_flat = xp.reshape(g, (n, c, points)) if (want_x or want_grid) else None
    along_g = along_x = None
    along_grid = [None] * nd
    for offsets, flat, valid in taps:
        first, second = _weight_derivatives(fractions, slopes, offsets, mode, nd, grid)
        directional = None  # sum_e dW/dgrid_e h_e
        for e in range(nd):
            term = first[e] * hs[e]
            directional = term if directional is None else directional + term
        if want_g or want_grid:
            values = _tap_values(x, flat, valid)
        if want_g:
            term = xp.unsqueeze(directional, 1) * values
            along_g = term if along_g is None else along_g + term
        if want_x:
            spread = xp.unsqueeze(directional, 1) * g_flat
            spread = spread * xp.constant(valid[:, None, :].astype(xp.numpy_dtype(g)), like=g)
            index = np.ascontiguousarray(np.broadcast_to(flat[:, None, :],
                                                         (n, c, flat.shape[1])))
            zeros = xp.zeros((n, c, math.prod(size)), like=spread)
            term = xp.op("scatter_add", (zeros, spread), 2, index, tuple(spread.shape))
            along_x = term if along_x is None else along_x + term
        if want_grid:
            weight = xp.sum(values * g_flat, 1)  # sum over channels of g * x at the tap
            for f in range(nd):
                curvature = None
                for e in range(nd):
                    term = second[min(e, f), max(e, f)] * hs[e]
                    curvature = term if curvature is None else curvature + term
                term = curvature * weight
                along_grid[f] = term if along_grid[f] is None else along_grid[f] + term
    results = [None, None, None]
    if want_g:
        results[0] = xp.reshape(along_g, out_shape)
    if want_x:
        results[1] = xp.reshape(along_x, tuple(x.shape))
    if want_grid:
        parts = [along_grid[nd - 1 - e] for e in range(nd)]
        results[2] = xp.reshape(xp.op("stack", tuple(parts), 2), tuple(grid.shape))
    return tuple(results)


# ---------------------------------------------------------------------- the ops
def _sampler_ops(nd: int):
    name = f"grid_sampler_{nd}d"
    grad_fn = f"GridSampler{nd}DBackward0"
    kernel_name = f"GridSampler{nd}DBackwardBackward0"
    op = declare(name, grad_fn=grad_fn, dtype=SAME, saves=(0, 1),
                 formula="y = sum over taps of weight(grid) * x[tap]; dx = weighted g "
                         "added at the taps; dgrid = sum of g * x[tap] * d weight / d grid")(
        lambda x, grid, mode, padding, align: _forward(x, grid, mode, padding, align))
    input_op = declare(f"{name}_input_backward", grad_fn=kernel_name, dtype=SAME,
                       saves=(0, 1, 2),
                       formula=f"weighted g added at the taps; d/dg = {name}; d/dgrid = "
                               f"the grid gradient with g as input")(
        lambda g, x, grid, mode, padding, align:
        _backward(g, x, grid, mode, padding, align, True, False)[0])
    grid_op = declare(f"{name}_grid_backward", grad_fn=kernel_name, dtype=SAME,
                      saves=(0, 1, 2),
                      formula="sum over taps of g * x[tap] * d weight / d grid; its "
                              "derivatives: the weights' first and second derivatives")(
        lambda g, x, grid, mode, padding, align:
        _backward(g, x, grid, mode, padding, align, False, True)[1])

    @op.backward
    def _(ctx, g):
        x, grid = ctx.saved
        return (xp.op(f"{name}_input_backward", (g, x, grid), *ctx.params)
                if needs_grad(ctx, 0) else None,
                xp.op(f"{name}_grid_backward", (g, x, grid), *ctx.params)
                if needs_grad(ctx, 1) else None)

    @input_op.backward
    def _(ctx, h):
        g, x, grid = ctx.saved
        return (xp.op(name, (h, grid), *ctx.params) if needs_grad(ctx, 0) else None,
                None,
                xp.op(f"{name}_grid_backward", (g, h, grid), *ctx.params)
                if needs_grad(ctx, 2) else None)

    @grid_op.backward
    def _(ctx, h):
        g, x, grid = ctx.saved
        return _second_order(g, x, grid, h, ctx.params,
                             tuple(needs_grad(ctx, i) for i in range(3)))

    @op.tangent
    def _(ctx, tx, tgrid):
        x, grid = ctx.inputs
        terms = []
        if tx is not None:
            terms.append(ctx.run(tx, grid))
        if tgrid is not None:
            g = Tensor(np.zeros(ctx._result._data.shape, x._data.dtype))
            terms.append(_second_order(g, x, grid, tgrid, ctx.params, (True, False,
                                                                       False))[0])
        return _fw.tangent_sum(*terms)

    @input_op.tangent
    def _(ctx, tg, tx, tgrid):
        g, x, grid = ctx.inputs
        terms = []
        if tg is not None:
            terms.append(ctx.run(tg, x, grid))
        if tgrid is not None:
            terms.append(_second_order(g, x, grid, tgrid, ctx.params, (False, True,
                                                                       False))[1])
        total = _fw.tangent_sum(*terms)
        return ctx.zeros() if total is None else total

    @grid_op.tangent
    def _(ctx, tg, tx, tgrid):
        g, x, grid = ctx.inputs
        terms = []
        if tg is not None:
            terms.append(ctx.run(tg, x, grid))
        if tx is not None:
            terms.append(ctx.run(g, tx, grid))
        if tgrid is not None:
            terms.append(_second_order(g, x, grid, tgrid, ctx.params, (False, False,
                                                                       True))[2])
        total = _fw.tangent_sum(*terms)
        return ctx.zeros() if total is None else total

    return op


_sampler_ops(2)
_sampler_ops(3)


# ---------------------------------------------------------------------- affine grids
def _base_grid(size: tuple, align: bool, dtype) -> np.ndarray:
    """(*spatial, nd + 1): the linspace coordinates of each output point (x first), then 1,
    as torch's make_base_grid_4D/5D."""
    spatial = tuple(size[2:])
    nd = len(spatial)
    base = np.empty(spatial + (nd + 1,), dtype)
    for k in range(nd):
        steps = spatial[nd - 1 - k]
        line = _line(steps, align, dtype)
        shape = [1] * nd
        shape[nd - 1 - k] = -1 if steps > 1 else 1
        base[..., k] = line.reshape(shape)
    base[..., nd] = 1
    return base


def _line(steps: int, align: bool, dtype) -> np.ndarray:
    """torch's linspace_from_neg_one."""
    kind = np.dtype(dtype).type
    if steps <= 1:
        return np.zeros(1, dtype)
    line = _creation._torch_linspace(-1.0, 1.0, steps, kind)
    if not align:
        line = (line * kind(steps - 1)) / kind(steps)
    return line


@declare("affine_grid_generator", grad_fn="AffineGridGeneratorBackward0", dtype=SAME,
         formula="grid = base grid @ theta^T; dtheta = (base grid^T @ g)^T")
def _affine_grid_generator(theta, size, align):
    n, nd = size[0], len(size) - 2
    dtype = np.float32 if theta.dtype == np.float16 else theta.dtype
    points = _base_grid(size, align, theta.dtype).astype(dtype).reshape(1, -1, nd + 1)
    matrix = theta.astype(dtype)
    # each coordinate one product after the other (torch's bmm: three or four terms)
    grid = points[..., :1] * matrix[:, None, :, 0]
    for k in range(1, nd + 1):
        grid = grid + points[..., k:k + 1] * matrix[:, None, :, k]
    return grid.astype(theta.dtype, copy=False).reshape((n,) + tuple(size[2:]) + (nd,))


@_affine_grid_generator.backward
def _(ctx, g):
    size, align = ctx.params
    n, nd = size[0], len(size) - 2
    base = _base_grid(size, align, xp.numpy_dtype(g)).reshape(1, -1, nd + 1)
    shape = (n, base.shape[1], nd)
    if not xp.is_tensor(g):  # the sum over the points, one after the other
        products = base[:, :, :, None] * np.reshape(g, shape)[:, :, None, :]
        return (np.swapaxes(np.sum(products, axis=1), 1, 2),)
    transposed = np.ascontiguousarray(np.broadcast_to(np.swapaxes(base, 1, 2),
                                                      (n, nd + 1, base.shape[1])))
    product = xp.op("bmm", (xp.constant(transposed, like=g), xp.view("view", g, shape,
                                                                        tuple(g.shape))))
    return (xp.transpose(product, 1, 2),)


_affine_grid_generator.tangent(_fw.linear)


# ---------------------------------------------------------------------- public functions
def _shape_text(shape) -> str:
    return "[" + ", ".join(str(s) for s in shape) + "]"


def _check_common(input: Tensor, grid: Tensor) -> None:
    if input.shape[0] != grid.shape[0]:
        raise RuntimeError(f"grid_sampler(): expected grid and input to have same batch size, "
                           f"but got input with sizes {_shape_text(input.shape)} and grid "
                           f"with sizes {_shape_text(grid.shape)}")
    if grid.shape[-1] != input.ndim - 2:
        raise RuntimeError(f"grid_sampler(): expected grid to have size {input.ndim - 2} in "
                           f"last dimension, but got grid with sizes "
                           f"{_shape_text(grid.shape)}")
    for dim in range(2, input.ndim):
        if input.shape[dim] <= 0:
            raise RuntimeError(f"grid_sampler(): expected input to have non-empty spatial "
                               f"dimensions, but input has sizes {_shape_text(input.shape)} "
                               f"with dimension {dim} being empty")


def _sample(input: Tensor, grid: Tensor, mode: int, padding: int, align: bool, nd: int):
    _check_common(input, grid)
    if input.ndim != nd + 2 or grid.ndim != input.ndim:
        raise RuntimeError(f"grid_sampler(): expected {nd + 2}D input and grid with same number "
                           f"of dimensions, but got input with sizes "
                           f"{_shape_text(input.shape)} and grid with sizes "
                           f"{_shape_text(grid.shape)}")
    if nd == 3 and mode == BICUBIC:
        raise RuntimeError("grid_sampler(): bicubic interpolation only supports 4D input")
    kind = input._data.dtype
    if kind.kind != "f":
        kernel = "grid_sampler_2d_cpu_kernel_impl" if nd == 2 else "grid_sampler3d_cpu"
        raise NotImplementedError(f"\"{kernel}\" not implemented for "
                                  f"'{scalar_type_name(kind.name)}'")
    if grid._data.dtype != kind:
        raise RuntimeError(f"expected scalar type {scalar_type_name(kind.name)} but found "
                           f"{scalar_type_name(grid._data.dtype.name)}")
    return apply(OPS[f"grid_sampler_{nd}d"], (input, grid), (int(mode), int(padding),
                                                             bool(align)))


@public(method=False)
def grid_sampler_2d(input: Tensor, grid: Tensor, interpolation_mode: int, padding_mode: int,
                    align_corners: bool) -> Tensor:
    """torch.grid_sampler_2d: (N, C, H, W) sampled at grid (N, H_out, W_out, 2)."""
    return _sample(input, grid, interpolation_mode, padding_mode, align_corners, 2)


@public(method=False)
def grid_sampler_3d(input: Tensor, grid: Tensor, interpolation_mode: int, padding_mode: int,
                    align_corners: bool) -> Tensor:
    """torch.grid_sampler_3d: (N, C, D, H, W) sampled at grid (N, D_out, H_out, W_out, 3)."""
    return _sample(input, grid, interpolation_mode, padding_mode, align_corners, 3)


@public(method=False)
def grid_sampler(input: Tensor, grid: Tensor, interpolation_mode: int, padding_mode: int,
                 align_corners: bool) -> Tensor:
    """torch.grid_sampler: the 2-D sampler for a 4-D input, else the 3-D one (whose checks
    then speak)."""
    nd = 2 if input.ndim == 4 else 3
    return _sample(input, grid, interpolation_mode, padding_mode, align_corners, nd)


@public(method=False)
def affine_grid_generator(theta: Tensor, size, align_corners: bool) -> Tensor:
    """torch.affine_grid_generator: the grid of (N, H, W, 2) or (N, D, H, W, 3) points that
    theta (N, 2, 3) or (N, 3, 4) maps the output's coordinates to."""
    size = tuple(int(s) for s in size)
    nd = len(size) - 2
    if theta.shape[0] != size[0]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{size[0]}, {nd + 1}] but got: [{theta.shape[0]}, {nd + 1}].")
    return apply(OPS["affine_grid_generator"], (theta,), (size, bool(align_corners)))
