"""Discrete Fourier transforms: the three kernels torch.fft's functions are built from.

torch computes every transform of torch.fft with one of three ops (ember.fft composes
them with slices, pads and conjugates, as torch does, so the graphs carry torch's names):

- `fft_c2c`: complex to complex, forward (e^-i) or inverse (e^+i), over some dims;
- `fft_r2c`: real to complex, forward, all n bins or the first n // 2 + 1 of the last dim
  (`onesided`: the others are the conjugates of these);
- `fft_c2r`: a Hermitian half to real, inverse, n points in the last dim.

`scale` says how a transform is normalised, whatever its direction: "none", "sqrt" (by
1/sqrt(n)) or "n" (by 1/n), n the number of points transformed (torch's
fft_norm_mode). The gradients, in torch's convention (grad = dL/dRe + i dL/dIm), are the
adjoint maps: a transform's conjugate transpose is the transform of the other direction
with the same scale. r2c's input is real: it takes the real part of that (the bins it left
out count as zero gradients); c2r's adjoint is r2c, with the bins c2r used twice (as
themselves and as their conjugates) doubled.
"""

from __future__ import annotations

import numpy as np

from .._dtype import NUMPY_COMPLEX_OF, NUMPY_REAL_OF
from ..autograd import forward_ad as _fw
from . import _xp as xp
from ._registry import allow_complex, declare

__all__ = ["numpy_norm"]

# NumPy's norm= for each scale: NumPy names the direction that carries the factor
_FORWARD_NORM = {"none": "backward", "sqrt": "ortho", "n": "forward"}
_INVERSE_NORM = {"none": "forward", "sqrt": "ortho", "n": "backward"}


def numpy_norm(scale: str, forward: bool) -> str:
    """NumPy's norm= argument for a transform in this direction with this scale."""
    return (_FORWARD_NORM if forward else _INVERSE_NORM)[scale]


@declare("fft_c2c", grad_fn="FftC2CBackward0", complex_ok=True,
         formula="y = F x (F the DFT over dims, scaled); dx = F^H g: the transform of the "
                 "other direction, same scale")
def _c2c(x, dims, scale, forward):
    transform = np.fft.fftn if forward else np.fft.ifftn
    out = transform(x, axes=dims, norm=numpy_norm(scale, forward))
    return out.astype(NUMPY_COMPLEX_OF[x.dtype], copy=False)  # (NumPy 1 computes in complex128)


@_c2c.backward
def _(ctx, g):
    dims, scale, forward = ctx.params
    return (xp.op("fft_c2c", (g,), dims, scale, not forward),)


_c2c.tangent(_fw.linear)


# (r2c saves its input as torch's node does: writing into it before backward raises
# torch's in-place error, though the formula reads only its size)
@declare("fft_r2c", grad_fn="FftR2CBackward0", saves=(0,), complex_ok=True,
         formula="y = F x for real x (onesided: the last dim's first n // 2 + 1 bins); "
                 "dx = Re(F^H g), the bins left out zero")
def _r2c(x, dims, scale, onesided, size):
    # (size: the last dim's length, x.shape[dims[-1]], kept for the gradient's shape)
    half = np.fft.rfftn(x, axes=dims, norm=numpy_norm(scale, True))
    half = half.astype(NUMPY_COMPLEX_OF[x.dtype], copy=False)  # (NumPy 1 computes in complex128)
    return half if onesided else _with_conjugate_half(half, dims, size)


def _with_conjugate_half(half: np.ndarray, dims: tuple, n: int) -> np.ndarray:
    """The whole transform of a real signal from its last dim's first n // 2 + 1 bins, the
    others filled as torch fills them: X[k1, ..., j] = conj(X[-k1, ..., n - j]) (so the
    zero and Nyquist bins keep rfft's exactly real values)."""
    last = dims[-1]
    kept = half.shape[last]
    out = np.empty(half.shape[:last] + (n,) + half.shape[last + 1:], half.dtype)
    window = [slice(None)] * half.ndim
    window[last] = slice(0, kept)
    out[tuple(window)] = half
    if n > kept:
        mirrored = np.take(half, n - np.arange(kept, n), axis=last)
        for d in dims[:-1]:  # (index k of the other dims read at -k)
            mirrored = np.roll(np.flip(mirrored, axis=d), 1, axis=d)
        window[last] = slice(kept, n)
        out[tuple(window)] = np.conj(mirrored)
    return out


@_r2c.backward
def _(ctx, g):
    dims, scale, onesided, size = ctx.params
    ctx.saved  # noqa: B018 - unpacked for torch's check that the input was not written to
    if onesided:  # the bins rfft left out: zero gradients, before the adjoint transform
        last = dims[-1]
        pads = [0] * (2 * (len(g.shape) - 1 - last)) + [0, size - g.shape[last]]
        g = xp.op("constant_pad_nd", (g,), tuple(pads), 0)
    return (xp.real(xp.op("fft_c2c", (g,), dims, scale, False)),)


_r2c.tangent(_fw.linear)


@declare("fft_c2r", grad_fn="FftC2RBackward0", complex_ok=True,
         formula="y = F^-1 of the Hermitian x (n points in the last dim); dx = r2c(g), the "
                 "bins y uses twice doubled")
def _c2r(x, dims, scale, last_dim_size):
    sizes = [x.shape[d] for d in dims[:-1]] + [last_dim_size]
    out = np.fft.irfftn(x, s=sizes, axes=dims, norm=numpy_norm(scale, False))
    return out.astype(NUMPY_REAL_OF[x.dtype], copy=False)


@_c2r.backward
def _(ctx, g):
    dims, scale, last_dim_size = ctx.params
    half = xp.op("fft_r2c", (g,), dims, scale, True, last_dim_size)
    last, kept = dims[-1], last_dim_size // 2 + 1
    # bins 1 .. n - kept stand for themselves and for their conjugates n - k
    doubled = last_dim_size - kept
    if doubled <= 0:
        return (half,)
    shape = tuple(half.shape)
    twice = xp.view("slice", half, last, 1, 1 + doubled, 1, shape)
    pads = [0] * (2 * (len(shape) - 1 - last)) + [1, kept - 1 - doubled]
    return (half + xp.op("constant_pad_nd", (twice,), tuple(pads), 0),)


_c2r.tangent(_fw.linear)


# Linear maps with real coefficients that the transforms' graphs use on complex values:
# the resizing of torch.fft's n= and s= (a slice or a zero pad) and their gradients. Their
# forwards and formulas hold for complex values as they stand (checked against torch in
# tests/reference/cases_complex_fft.py).
allow_complex("slice", "slice_backward", "constant_pad_nd")
