"""Samples of the Fourier transform kernels (ops/spectral.py), reached through torch.fft's
functions: complex128 and float64 inputs, every norm, cut and padded signals, the Hermitian
half of irfft/hfft (odd and even lengths), and a square of the parts so that the second
derivatives are not zero."""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng


def _complex_array(*shape: int, seed: int = 0) -> np.ndarray:
    generator = rng(seed)
    return generator.standard_normal(shape) + 1j * generator.standard_normal(shape)


def _parts(z: np.ndarray) -> np.ndarray:
    return np.stack([z.real, z.imag], axis=-1)


def _squared_parts(z):
    """The parts of a complex tensor (ember) or array (NumPy) squared."""
    if isinstance(z, np.ndarray):
        return _parts(z) ** 2
    # (real and imag, not view_as_real, which torch refuses for ihfft's conjugate view)
    return ember.stack([z.real, z.imag], -1) ** 2


_Z = _complex_array(5, seed=10)
_ZM = _complex_array(3, 4, seed=11)
_X = rng(12).standard_normal(6)
_XM = rng(13).standard_normal((3, 5))

SAMPLES = {
    "fft_c2c": [
        Sample(lambda z: ember.fft.fft(z), (_Z,), np.fft.fft),
        Sample(lambda z: ember.fft.ifft(z, norm="ortho"), (_Z,),
               lambda z: np.fft.ifft(z, norm="ortho")),
        Sample(lambda z: _squared_parts(ember.fft.fft(z, n=7, norm="forward")), (_Z,),
               lambda z: _squared_parts(np.fft.fft(z, n=7, norm="forward"))),
        Sample(lambda z: _squared_parts(ember.fft.ifftn(z, s=(2, 6))), (_ZM,),
               lambda z: _squared_parts(np.fft.ifftn(z, s=(2, 6), axes=(0, 1)))),
        Sample(lambda x: _squared_parts(ember.fft.fft2(x)), (_XM,),
               lambda x: _squared_parts(np.fft.fft2(x))),
    ],
    "fft_r2c": [
        Sample(lambda x: ember.fft.rfft(x), (_X,), np.fft.rfft),
        Sample(lambda x: ember.fft.fft(x, norm="ortho"), (_X,),
               lambda x: np.fft.fft(x, norm="ortho")),
        Sample(lambda x: _squared_parts(ember.fft.rfft(x, n=5)), (_X,),
               lambda x: _squared_parts(np.fft.rfft(x, n=5))),
        Sample(lambda x: _squared_parts(ember.fft.ihfft(x, norm="forward")), (_X,),
               lambda x: _squared_parts(np.fft.ihfft(x, norm="forward"))),
        Sample(lambda x: _squared_parts(ember.fft.rfftn(x, dim=(1, 0))), (_XM,),
               lambda x: _squared_parts(np.fft.rfftn(x, axes=(1, 0)))),
    ],
    "fft_c2r": [
        Sample(lambda z: ember.fft.irfft(z), (_Z,), np.fft.irfft),
        Sample(lambda z: ember.fft.irfft(z, n=9) ** 2, (_Z,),
               lambda z: np.fft.irfft(z, n=9) ** 2),
        Sample(lambda z: ember.fft.hfft(z, n=6, norm="ortho") ** 2, (_Z,),
               lambda z: np.fft.hfft(z, n=6, norm="ortho") ** 2),
        Sample(lambda z: ember.fft.irfft2(z, s=(3, 5)) ** 2, (_ZM,),
               lambda z: np.fft.irfft2(z, s=(3, 5)) ** 2),
        Sample(lambda z: ember.fft.hfftn(z) ** 2, (_ZM,),
               lambda z: np.fft.hfft(np.fft.fft(z, axis=0), axis=1) ** 2),
    ],
    # the resizing of n= and s= on complex signals (marked complex-capable in ops/spectral.py)
    "slice": [
        Sample(lambda z: ember.narrow(z, 0, 1, 3), (_Z,), lambda z: z[1:4]),
        Sample(lambda z: _squared_parts(ember.narrow(z, 1, 0, 2)), (_ZM,),
               lambda z: _squared_parts(z[:, :2])),
    ],
    "constant_pad_nd": [
        Sample(lambda z: ember.nn.functional.pad(z, (1, 2)), (_Z,),
               lambda z: np.pad(z, (1, 2))),
        Sample(lambda z: _squared_parts(ember.nn.functional.pad(z, (0, 1, 2, -1))), (_ZM,),
               lambda z: _squared_parts(np.pad(z, ((2, 0), (0, 1)))[:-1])),
    ],
}
