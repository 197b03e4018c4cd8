"""Samples for ops/nn_grid_sample.py: grid_sampler_2d/3d over their modes, paddings and
align_corners, their two gradient ops (reached through create_graph=True, with g, the input
and the grid all requiring grad, so that the tests check the second- and third-order
formulas), and affine_grid_generator. The references are loops over output points written
from torch's documentation of grid_sample; the gradient ops' references are the adjoint of
the (linear in x) reference and central differences of it in the grid.

Grid values are random in [-1.2, 1.2]: no point lies within a finite-difference step of an
integer coordinate or a border, where the interpolation's derivatives jump.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

import ember
import ember.nn.functional as F
from tests.samples import Sample, rng
from tests.samples.backward_primitives import _cut

_R = rng(404)
_MODES = {"bilinear": 0, "nearest": 1, "bicubic": 2}


# ---------------------------------------------------------------------- references
def _source(v, n, align):
    return (v + 1) / 2 * (n - 1) if align else ((v + 1) * n - 1) / 2


def _reflect(c, n, align):
    low, high = (0.0, n - 1.0) if align else (-0.5, n - 0.5)
    if high <= low:
        return 0.0
    span = high - low
    c = abs(c - low) % (2 * span)
    return (c if c <= span else 2 * span - c) + low


def _padded(c, n, padding, align):
    if padding == "border":
        return min(max(c, 0.0), n - 1.0)
    if padding == "reflection":
        return min(max(_reflect(c, n, align), 0.0), n - 1.0)
    return c


def _cubic(d):
    a, d = -0.75, abs(d)
    if d <= 1:
        return ((a + 2) * d - (a + 3)) * d * d + 1
    if d < 2:
        return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a
    return 0.0


def grid_sample_reference(x, grid, mode="bilinear", padding="zeros", align=False):
    """torch's grid_sample by its definition, one output point at a time."""
    nd = x.ndim - 2
    size = x.shape[2:]
    out = np.zeros(x.shape[:2] + grid.shape[1:-1])
    for n in range(x.shape[0]):
        for point in itertools.product(*(range(s) for s in grid.shape[1:-1])):
            coords = [_source(grid[(n,) + point + (nd - 1 - d,)], size[d], align)
                      for d in range(nd)]
            taps = []  # (position, weight)
            if mode == "bicubic":
                base = [math.floor(c) for c in coords]
                for offsets in itertools.product(range(-1, 3), repeat=nd):
                    weight = math.prod(_cubic(c - (b + o)) for c, b, o in
                                       zip(coords, base, offsets))
                    position = [_padded(b + o, s, padding, align)
                                for b, o, s in zip(base, offsets, size)]
                    taps.append((position, weight))
            else:
                coords = [_padded(c, s, padding, align) for c, s in zip(coords, size)]
                if mode == "nearest":
                    taps.append(([float(np.rint(c)) for c in coords], 1.0))
                else:
                    base = [math.floor(c) for c in coords]
                    for offsets in itertools.product(range(2), repeat=nd):
                        weight = math.prod(1 - abs(c - (b + o)) for c, b, o in
                                           zip(coords, base, offsets))
                        taps.append(([b + o for b, o in zip(base, offsets)], weight))
            for position, weight in taps:
                index = tuple(int(p) for p in position)
                if all(0 <= i < s for i, s in zip(index, size)):
                    out[(n, slice(None)) + point] += weight * x[(n, slice(None)) + index]
    return out


def _input_gradient_reference(g, x, grid, *options):
    """The adjoint of the reference in x (it is linear in x)."""
    result = np.zeros(x.shape)
    for index in np.ndindex(*x.shape):
        unit = np.zeros(x.shape)
        unit[index] = 1.0
        result[index] = np.sum(grid_sample_reference(unit, grid, *options) * g)
    return result


def _grid_gradient_reference(g, x, grid, *options, step=1e-6):
    """d/dgrid <g, reference(x, grid)> by central differences."""
    result = np.zeros(grid.shape)
    for index in np.ndindex(*grid.shape):
        up, down = grid.copy(), grid.copy()
        up[index] += step
        down[index] -= step
        result[index] = np.sum((grid_sample_reference(x, up, *options)
                                - grid_sample_reference(x, down, *options)) * g) / (2 * step)
    return result


def affine_grid_reference(theta, size, align):
    spatial = size[2:]
    nd = len(spatial)
    lines = []
    for n in spatial:
        line = np.linspace(-1, 1, n) if n > 1 else np.zeros(1)
        lines.append(line if align or n <= 1 else line * (n - 1) / n)
    grid = np.zeros((size[0],) + tuple(spatial) + (nd,))
    for point in itertools.product(*(range(n) for n in spatial)):
        base = np.array([lines[nd - 1 - k][point[nd - 1 - k]] for k in range(nd)] + [1.0])
        grid[(slice(None),) + point] = theta @ base
    return grid


# ---------------------------------------------------------------------- samples
def _sampler(mode, padding, align):
    return lambda x, grid: F.grid_sample(x, grid, mode=mode, padding_mode=padding,
                                         align_corners=align)


def _grid(shape):
    return _R.random(shape) * 2.4 - 1.2


def _gradient_of(wrt: int, mode, padding, align):
    """fn(g, x, grid): the gradient of grid_sample w.r.t. input `wrt` (0: x, 1: grid) with
    cotangent g, taken with create_graph=True (g, x and grid all require grad)."""

    def fn(g, x, grid):
        outer = g.requires_grad or x.requires_grad or grid.requires_grad
        inputs = [x, grid]
        with ember.enable_grad():
            if not inputs[wrt].requires_grad:
                inputs[wrt] = inputs[wrt].clone().requires_grad_()
            y = F.grid_sample(*inputs, mode=mode, padding_mode=padding, align_corners=align)
            (grad,) = ember.autograd.grad(y, inputs[wrt], g, create_graph=True)
        return grad if outer else _cut(grad)

    return fn


x2 = _R.standard_normal((2, 2, 4, 5))
grid2 = _grid((2, 3, 2, 2))
x3 = _R.standard_normal((2, 2, 3, 4, 3))
grid3 = _grid((2, 2, 2, 2, 3))
g2 = _R.standard_normal((2, 2, 3, 2))
g3 = _R.standard_normal((2, 2, 2, 2, 2))

_OPTIONS_2D = [("bilinear", "zeros", False), ("bilinear", "border", True),
               ("bilinear", "reflection", False), ("nearest", "zeros", True),
               ("bicubic", "zeros", False), ("bicubic", "reflection", True),
               ("bicubic", "border", False)]
_OPTIONS_3D = [("bilinear", "zeros", True), ("bilinear", "reflection", False),
               ("nearest", "border", False)]
_GRADIENT_2D = [("bilinear", "zeros", False), ("bilinear", "reflection", True),
                ("bicubic", "border", False), ("nearest", "zeros", False)]
_GRADIENT_3D = [("bilinear", "border", True), ("bilinear", "zeros", False)]


def _forward_samples(x, grid, options):
    return [Sample(_sampler(*o), (x, grid),
                   lambda x, grid, o=o: grid_sample_reference(x, grid, *o),
                   note=f"{o[0]}, {o[1]}, align_corners={o[2]}") for o in options]


def _gradient_samples(wrt, g, x, grid, options):
    reference = _input_gradient_reference if wrt == 0 else _grid_gradient_reference
    return [Sample(_gradient_of(wrt, *o), (g, x, grid),
                   lambda g, x, grid, o=o: reference(g, x, grid, *o),
                   atol=1e-5 if wrt else 1e-6,
                   note=f"{o[0]}, {o[1]}, align_corners={o[2]}") for o in options]


def _theta(n, nd):
    return np.eye(nd, nd + 1)[None] + 0.3 * _R.standard_normal((n, nd, nd + 1))


_THETA2 = _theta(2, 2)
_THETA3 = _theta(2, 3)

SAMPLES: dict[str, list[Sample]] = {
    "grid_sampler_2d": _forward_samples(x2, grid2, _OPTIONS_2D) + [
        Sample(_sampler("bilinear", "zeros", False), (x2.astype(np.float32),
                                                      grid2.astype(np.float32)),
               lambda x, grid: grid_sample_reference(x, grid).astype(np.float32),
               atol=1e-5, note="float32 stays float32"),
    ],
    "grid_sampler_2d_input_backward": _gradient_samples(0, g2, x2, grid2, _GRADIENT_2D),
    "grid_sampler_2d_grid_backward": _gradient_samples(1, g2, x2, grid2, _GRADIENT_2D),
    "grid_sampler_3d": _forward_samples(x3, grid3, _OPTIONS_3D),
    "grid_sampler_3d_input_backward": _gradient_samples(0, g3, x3, grid3, _GRADIENT_3D),
    "grid_sampler_3d_grid_backward": _gradient_samples(1, g3, x3, grid3, _GRADIENT_3D),
    "affine_grid_generator": [
        Sample(lambda t: F.affine_grid(t, (2, 3, 4, 5), align_corners=False), (_THETA2,),
               lambda t: affine_grid_reference(t, (2, 3, 4, 5), False)),
        Sample(lambda t: F.affine_grid(t, [2, 1, 3, 2, 4], align_corners=True), (_THETA3,),
               lambda t: affine_grid_reference(t, (2, 1, 3, 2, 4), True),
               note="3-D"),
        Sample(lambda t: F.grid_sample(_const(x2), F.affine_grid(t, (2, 2, 3, 3),
                                                                  align_corners=False),
                                       align_corners=False), (_THETA2,),
               lambda t: grid_sample_reference(x2, affine_grid_reference(t, (2, 2, 3, 3),
                                                                         False)),
               note="a spatial transformer's sampler: the gradient reaches theta"),
    ],
}


def _const(array):
    return ember.tensor(array)
