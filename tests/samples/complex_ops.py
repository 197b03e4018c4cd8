"""Samples of the complex-number ops: building complex tensors from real ones, taking them
apart, conjugates. Complex inputs are complex128 (differentiable, like float64)."""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng


def _complex_array(*shape: int, seed: int = 0) -> np.ndarray:
    generator = rng(seed)
    return generator.standard_normal(shape) + 1j * generator.standard_normal(shape)


def _parts(z: np.ndarray) -> np.ndarray:
    return np.stack([z.real, z.imag], axis=-1)


_Z = _complex_array(3, 2)
_PAIRS = rng(3).standard_normal((2, 3, 2))
_RADIUS = np.abs(rng(4).standard_normal((2, 3))) + 0.5
_ANGLE = rng(5).standard_normal((2, 3))

SAMPLES = {
    "view_as_real": [
        Sample(lambda z: ember.view_as_real(z), (_Z,), _parts),
        Sample(lambda z: ember.view_as_real(z) * ember.view_as_real(z), (_Z,),
               lambda z: _parts(z) ** 2),
        Sample(lambda z: z.real * z.imag, (_Z,), lambda z: z.real * z.imag),
    ],
    "view_as_complex": [
        Sample(lambda x: ember.view_as_complex(x), (_PAIRS,),
               lambda x: x[..., 0] + 1j * x[..., 1]),
        Sample(lambda x: ember.view_as_real(ember.view_as_complex(x * x)), (_PAIRS,),
               lambda x: x * x),
    ],
    "complex": [
        Sample(lambda a, b: ember.complex(a, b), (_RADIUS, _ANGLE), lambda a, b: a + 1j * b),
        Sample(lambda a, b: ember.view_as_real(ember.complex(a * b, b)), (_RADIUS, _ANGLE),
               lambda a, b: np.stack([a * b, b], axis=-1)),
    ],
    "polar": [
        Sample(lambda r, t: ember.polar(r, t), (_RADIUS, _ANGLE),
               lambda r, t: r * np.cos(t) + 1j * r * np.sin(t)),
        Sample(lambda r, t: ember.view_as_real(ember.polar(r, t)), (_RADIUS, _ANGLE),
               lambda r, t: np.stack([r * np.cos(t), r * np.sin(t)], axis=-1)),
    ],
    "conj_physical": [
        Sample(lambda z: ember.conj_physical(z), (_Z,), np.conj),
        Sample(lambda z: ember.view_as_real(z.conj_physical()) ** 2, (_Z,),
               lambda z: _parts(np.conj(z)) ** 2),
    ],
    "conj": [
        Sample(lambda z: z.conj(), (_Z,), np.conj),
        Sample(lambda z: ember.conj(z).real * ember.conj(z).imag ** 2, (_Z,),
               lambda z: z.real * (-z.imag) ** 2),
    ],
}

_SQUARE = _complex_array(3, 3, seed=11)
SAMPLES["trace"] = [Sample(lambda z: z.trace(), (_SQUARE,), np.trace)]
SAMPLES["block_diag"] = [
    Sample(lambda a, b: ember.block_diag(a, b), (_Z, _SQUARE),
           lambda a, b: np.block([[a, np.zeros((3, 3))], [np.zeros((3, 2)), b]])),
]
SAMPLES["prod"] = [Sample(lambda z: z.prod(), (_Z,), np.prod)]
SAMPLES["prod_dim"] = [Sample(lambda z: z.prod(1), (_Z,), lambda z: np.prod(z, axis=1)),
                       Sample(lambda z: z.prod(0, keepdim=True), (_SQUARE,),
                              lambda z: np.prod(z, axis=0, keepdims=True))]
