"""Samples for src/ember/ops/nn_padding.py: constant, reflection and replication padding,
nearest and linear resampling, pixel shuffle, called through ember.nn.functional, with
NumPy references (np.pad, and resampling written out position by position)."""

from __future__ import annotations

import numpy as np

import ember
import ember.nn.functional as F
from ember.ops.nn_padding import SEPARABLE_OPS
from tests.samples import Sample, rng
from tests.samples.backward_primitives import _cut

_R = rng(89)

x3 = _R.standard_normal((2, 2, 4))
x4 = _R.standard_normal((1, 2, 3, 4))
x5 = _R.standard_normal((1, 1, 2, 3, 3))
x2 = _R.standard_normal((2, 5))
shuffled = _R.standard_normal((1, 8, 2, 3))


def _np_pad(x, pads, mode, value=0.0):
    """torch's pads (last dim first) with np.pad; negative pads crop afterwards."""
    k = len(pads) // 2
    widths = [(0, 0)] * (x.ndim - k) + [
        (max(pads[2 * i], 0), max(pads[2 * i + 1], 0)) for i in reversed(range(k))]
    kwargs = {"constant_values": value} if mode == "constant" else {}
    out = np.pad(x, widths, mode=mode, **kwargs)
    crop = [slice(None)] * (x.ndim - k) + [
        slice(max(-pads[2 * i], 0), out.shape[x.ndim - 1 - i] - max(-pads[2 * i + 1], 0))
        for i in reversed(range(k))]
    return out[tuple(crop)]


def _pad_sample(x, pads, mode, value=None):
    np_mode = {"reflect": "reflect", "replicate": "edge", "constant": "constant"}[mode]
    return Sample(lambda t: F.pad(t, pads, mode, value), (x,),
                  lambda a: _np_pad(a, pads, np_mode, 0.0 if value is None else value))


def _source_nearest(out, size, scale, exact):
    o = np.arange(out, dtype=np.float32)
    s = np.float32(scale)
    return np.minimum(np.floor((o + np.float32(0.5)) * s if exact else o * s).astype(int),
                      size - 1)


def nearest_reference(x, sizes, scales=None, exact=False):
    out = x
    for j, o in enumerate(sizes):
        axis = x.ndim - len(sizes) + j
        size = x.shape[axis]
        scale = 1 / scales[j] if scales else size / o
        out = np.take(out, _source_nearest(o, size, scale, exact), axis=axis)
    return out


def linear_reference(x, sizes, align_corners=False, scales=None):
    out = x
    for j, o in enumerate(sizes):
        axis = x.ndim - len(sizes) + j
        size = x.shape[axis]
        if align_corners:
            scale = (size - 1) / (o - 1) if o > 1 else 0.0
            src = np.arange(o) * scale
        else:
            scale = 1 / scales[j] if scales else size / o
            src = np.maximum((np.arange(o) + 0.5) * scale - 0.5, 0)
        low = np.minimum(np.floor(src).astype(int), size - 1)
        high = np.minimum(low + 1, size - 1)
        lam = (src - low).reshape((-1,) + (1,) * (x.ndim - 1 - axis))
        out = np.take(out, low, axis=axis) * (1 - lam) + np.take(out, high, axis=axis) * lam
    return out


def _cubic_weights(t, a=-0.75):
    def near(d):
        return ((a + 2) * d - (a + 3)) * d * d + 1

    def far(d):
        return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a

    return far(t + 1), near(t), near(1 - t), far(2 - t)


def aa_reference(x, sizes, cubic, align_corners=False):
    """Antialiased resampling written out output by output: the filter (triangle, or cubic
    with a = -0.5) stretched by the scale when downsampling, over the inputs within its
    support, weights normalised."""
    out = x
    for j, o in enumerate(sizes):
        axis = x.ndim - len(sizes) + j
        n = out.shape[axis]
        scale = ((n - 1) / (o - 1) if o > 1 else 0.0) if align_corners else n / o
        stretch = max(scale, 1.0)
        support = (2.0 if cubic else 1.0) * stretch
        matrix = np.zeros((o, n))
        for i in range(o):
            centre = scale * (i + 0.5)
            lo, hi = max(int(centre - support + 0.5), 0), min(int(centre + support + 0.5), n)
            for k in range(lo, hi):
                d = abs((k - centre + 0.5) / stretch)
                if cubic:
                    w = (1.5 * d - 2.5) * d * d + 1 if d < 1 else \
                        ((-0.5 * d + 2.5) * d - 4) * d + 2 if d < 2 else 0.0
                else:
                    w = max(0.0, 1 - d)
                matrix[i, k] = w
            if matrix[i].sum():
                matrix[i] /= matrix[i].sum()
        out = np.moveaxis(np.tensordot(matrix, np.moveaxis(out, axis, 0), axes=1), 0, axis)
    return out


def cubic_reference(x, sizes, align_corners=False):
    out = x
    for j, o in enumerate(sizes):
        axis = x.ndim - len(sizes) + j
        size = x.shape[axis]
        if align_corners:
            src = np.arange(o) * ((size - 1) / (o - 1) if o > 1 else 0.0)
        else:
            src = (np.arange(o) + 0.5) * (size / o) - 0.5
        base = np.floor(src).astype(int)
        shape = (-1,) + (1,) * (x.ndim - 1 - axis)
        terms = [np.take(out, np.clip(base - 1 + k, 0, size - 1), axis=axis)
                 * w.reshape(shape) for k, w in enumerate(_cubic_weights(src - base))]
        out = sum(terms)
    return out


def shuffle_reference(x, r):
    n, c, h, w = x.shape
    return x.reshape(n, c // (r * r), r, r, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(
        n, c // (r * r), h * r, w * r)


def unshuffle_reference(x, r):
    n, c, h, w = x.shape
    return x.reshape(n, c, h // r, r, w // r, r).transpose(0, 1, 3, 5, 2, 4).reshape(
        n, c * r * r, h // r, w // r)


_SAMPLES: dict[str, list[Sample]] = {
    "constant_pad_nd": [
        _pad_sample(x3, (1, 2), "constant"),
        _pad_sample(x4, (1, 0, 2, 1), "constant", 1.5),
        _pad_sample(x4, (-1, 2, 1, -1), "constant"),
        _pad_sample(x3, (1, 1, 0, 1, 1, 0), "constant", -2.0),
        _pad_sample(x3.astype(np.float32), (2, 1), "constant", 0.5),
    ],
    "reflection_pad1d": [_pad_sample(x3, (2, 3), "reflect"),
                         _pad_sample(x2, (-1, 2), "reflect")],
    "reflection_pad2d": [_pad_sample(x4, (1, 3, 2, 1), "reflect"),
                         _pad_sample(x4[0], (1, 0, 0, 2), "reflect")],
    "reflection_pad3d": [_pad_sample(x5, (1, 2, 2, 1, 1, 1), "reflect")],
    "replication_pad1d": [_pad_sample(x3, (2, 3), "replicate"),
                          _pad_sample(x2, (3, -1), "replicate")],
    "replication_pad2d": [_pad_sample(x4, (1, 3, 2, 1), "replicate"),
                          _pad_sample(x4.astype(np.float32), (1, 1, 1, 1), "replicate")],
    "replication_pad3d": [_pad_sample(x5, (1, 2, 2, 0, 1, 1), "replicate")],
    "upsample_nearest1d": [
        Sample(lambda t: F.interpolate(t, scale_factor=2), (x3,),
               lambda a: nearest_reference(a, (8,))),
        Sample(lambda t: F.interpolate(t, size=3), (x3,), lambda a: nearest_reference(a, (3,))),
    ],
    "upsample_nearest2d": [
        Sample(lambda t: F.interpolate(t, size=(5, 7)), (x4,),
               lambda a: nearest_reference(a, (5, 7))),
        Sample(lambda t: F.interpolate(t, scale_factor=1.7), (x4,),
               lambda a: nearest_reference(a, (5, 6), (1.7, 1.7))),
    ],
    "upsample_nearest3d": [
        Sample(lambda t: F.interpolate(t, size=(3, 4, 2)), (x5,),
               lambda a: nearest_reference(a, (3, 4, 2))),
    ],
    "upsample_nearest_exact1d": [
        Sample(lambda t: F.interpolate(t, size=7, mode="nearest-exact"), (x3,),
               lambda a: nearest_reference(a, (7,), exact=True)),
    ],
    "upsample_nearest_exact2d": [
        Sample(lambda t: F.interpolate(t, scale_factor=1.5, mode="nearest-exact"), (x4,),
               lambda a: nearest_reference(a, (4, 6), (1.5, 1.5), exact=True)),
    ],
    "upsample_nearest_exact3d": [
        Sample(lambda t: F.interpolate(t, size=(3, 2, 5), mode="nearest-exact"), (x5,),
               lambda a: nearest_reference(a, (3, 2, 5), exact=True)),
    ],
    "upsample_linear1d": [
        Sample(lambda t: F.interpolate(t, scale_factor=2.5, mode="linear"), (x3,),
               lambda a: linear_reference(a, (10,), scales=(2.5,))),
        Sample(lambda t: F.interpolate(t, size=3, mode="linear", align_corners=True), (x3,),
               lambda a: linear_reference(a, (3,), True)),
    ],
    "upsample_bilinear2d": [
        Sample(lambda t: F.interpolate(t, size=(5, 7), mode="bilinear"), (x4,),
               lambda a: linear_reference(a, (5, 7))),
        Sample(lambda t: F.interpolate(t, scale_factor=2, mode="bilinear",
                                       align_corners=True), (x4,),
               lambda a: linear_reference(a, (6, 8), True)),
        Sample(lambda t: F.interpolate(t, size=(2, 3), mode="bilinear"), (x4,),
               lambda a: linear_reference(a, (2, 3))),
        Sample(lambda t: F.interpolate(t, scale_factor=1.5, mode="bilinear"),
               (x4.astype(np.float32),),
               lambda a: linear_reference(a.astype(np.float64), (4, 6),
                                          scales=(1.5, 1.5)).astype(np.float32)),
    ],
    "upsample_trilinear3d": [
        Sample(lambda t: F.interpolate(t, size=(3, 4, 2), mode="trilinear"), (x5,),
               lambda a: linear_reference(a, (3, 4, 2))),
        Sample(lambda t: F.interpolate(t, size=(3, 5, 4), mode="trilinear",
                                       align_corners=True), (x5,),
               lambda a: linear_reference(a, (3, 5, 4), True)),
    ],
    "upsample_bicubic2d": [
        Sample(lambda t: F.interpolate(t, size=(5, 7), mode="bicubic"), (x4,),
               lambda a: cubic_reference(a, (5, 7))),
        Sample(lambda t: F.interpolate(t, size=(2, 6), mode="bicubic", align_corners=True),
               (x4,), lambda a: cubic_reference(a, (2, 6), True)),
    ],
    "upsample_bilinear2d_aa": [
        Sample(lambda t: F.interpolate(t, size=(2, 3), mode="bilinear", antialias=True), (x4,),
               lambda a: aa_reference(a, (2, 3), False)),
        Sample(lambda t: F.interpolate(t, size=(5, 2), mode="bilinear", antialias=True,
                                       align_corners=True), (x4,),
               lambda a: aa_reference(a, (5, 2), False, True)),
    ],
    "upsample_bicubic2d_aa": [
        Sample(lambda t: F.interpolate(t, size=(2, 3), mode="bicubic", antialias=True), (x4,),
               lambda a: aa_reference(a, (2, 3), True)),
        Sample(lambda t: F.interpolate(t, size=(6, 7), mode="bicubic", antialias=True), (x4,),
               lambda a: aa_reference(a, (6, 7), True)),
    ],
    "pixel_shuffle": [
        Sample(lambda t: F.pixel_shuffle(t, 2), (shuffled,), lambda a: shuffle_reference(a, 2)),
        Sample(lambda t: F.pixel_shuffle(t, 2), (shuffled[0],),
               lambda a: shuffle_reference(a[None], 2)[0]),
    ],
    "channel_shuffle": [
        Sample(lambda t: F.channel_shuffle(t, 2), (shuffled,),
               lambda a: a.reshape(1, 2, 4, 2, 3).swapaxes(1, 2).reshape(a.shape)),
        Sample(lambda t: F.channel_shuffle(t, 3), (_R.standard_normal((2, 6, 2)),),
               lambda a: a.reshape(2, 3, 2, 2).swapaxes(1, 2).reshape(a.shape)),
    ],
    "pixel_unshuffle": [
        Sample(lambda t: F.pixel_unshuffle(t, 2), (x4[:, :, :2].copy(),),
               lambda a: unshuffle_reference(a, 2)),
        Sample(lambda t: F.pixel_unshuffle(t, 3), (_R.standard_normal((1, 1, 3, 6)),),
               lambda a: unshuffle_reference(a, 3)),
    ],
}



def _adjoint_reference(reference):
    """J^T v of a linear reference, J built column by column from basis inputs."""
    def adjoint(x, v):
        out = np.zeros(x.size)
        for j in range(x.size):
            basis = np.zeros(x.size)
            basis[j] = 1
            out[j] = np.sum(v * reference(basis.reshape(x.shape)))
        return out.reshape(x.shape)
    return adjoint


def _gradient_sample(sample: Sample) -> Sample:
    """The sample's gradient as a function of the upstream gradient v (taken with
    create_graph=True, so the op's backward op is recorded with v as its input)."""
    x = sample.inputs[0]
    v = _R.standard_normal(np.shape(sample.reference(x)))

    def fn(t, upstream):
        with ember.enable_grad():
            leaf = t.detach().requires_grad_()
            (grad,) = ember.autograd.grad(sample.fn(leaf), leaf, upstream, create_graph=True)
        # (the padding kernels take the input too, as torch's: cut from the inner leaf's
        # graph when nothing outside requires grad)
        return grad if upstream.requires_grad else _cut(grad)

    return Sample(fn, (x, v), _adjoint_reference(sample.reference), nondiff=(0,))


SAMPLES: dict[str, list[Sample]] = dict(_SAMPLES)
for _name in SEPARABLE_OPS:
    SAMPLES[f"{_name}_backward"] = [_gradient_sample(s) for s in _SAMPLES[_name][:1]]
