"""Samples for src/ember/ops/nn_rnn.py: `gru_layer`, the recurrence of nn.GRU, reached
through the module itself (`ember.func.functional_call` with the sample's tensors as the
parameters), with a NumPy reference written step by step from torch's documented
equations (r = sigmoid(W_ir x + b_ir + W_hr h + b_hr), z likewise,
n = tanh(W_in x + b_in + r (W_hn h + b_hn)), h' = (1 - z) n + z h).
"""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng

_R = rng(211)
_T, _B, _F, _H = 3, 2, 2, 3


def _sigmoid(v):
    return 1 / (1 + np.exp(-v))


def gru_reference(x, h, w_ih, w_hh, b_ih=None, b_hh=None, reverse=False):
    """Every step's h (T, B, H) of one GRU direction, from h (B, H)."""
    hidden = h.shape[-1]
    b_ih = np.zeros(3 * hidden) if b_ih is None else b_ih
    b_hh = np.zeros(3 * hidden) if b_hh is None else b_hh
    out = np.zeros(x.shape[:2] + (hidden,), x.dtype)
    for t in (range(len(x) - 1, -1, -1) if reverse else range(len(x))):
        gi, gh = x[t] @ w_ih.T + b_ih, h @ w_hh.T + b_hh
        r = _sigmoid(gi[:, :hidden] + gh[:, :hidden])
        z = _sigmoid(gi[:, hidden:2 * hidden] + gh[:, hidden:2 * hidden])
        n = np.tanh(gi[:, 2 * hidden:] + r * gh[:, 2 * hidden:])
        h = (1 - z) * n + z * h
        out[t] = h
    return out


def _gru(names: tuple[str, ...], **options):
    """fn(x, h0, *parameters): an nn.GRU's output with the given parameters."""
    module = ember.nn.GRU(_F, _H, **options)

    def fn(x, h0, *parameters):
        return ember.func.functional_call(module, dict(zip(names, parameters, strict=True)),
                                          (x, h0))[0]

    return fn


_WEIGHTS = ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")
_REVERSE = tuple(name + "_reverse" for name in _WEIGHTS)

x = _R.standard_normal((_T, _B, _F))
h0 = _R.standard_normal((1, _B, _H))
h0_both = _R.standard_normal((2, _B, _H))
w_ih, w_hh = _R.standard_normal((3 * _H, _F)), _R.standard_normal((3 * _H, _H))
b_ih, b_hh = _R.standard_normal(3 * _H), _R.standard_normal(3 * _H)
w_ih_r, w_hh_r = _R.standard_normal((3 * _H, _F)), _R.standard_normal((3 * _H, _H))
b_ih_r, b_hh_r = _R.standard_normal(3 * _H), _R.standard_normal(3 * _H)


def _bidirectional_reference(x, h, *p):
    return np.concatenate([gru_reference(x, h[0], *p[:4]),
                           gru_reference(x, h[1], *p[4:], reverse=True)], -1)


SAMPLES: dict[str, list[Sample]] = {
    "gru_layer": [
        Sample(_gru(_WEIGHTS), (x, h0, w_ih, w_hh, b_ih, b_hh),
               lambda x, h, *p: gru_reference(x, h[0], *p)),
        Sample(_gru(_WEIGHTS[:2], bias=False), (x, h0, w_ih, w_hh),
               lambda x, h, *p: gru_reference(x, h[0], *p), note="without biases"),
        Sample(_gru(_WEIGHTS + _REVERSE, bidirectional=True),
               (x, h0_both, w_ih, w_hh, b_ih, b_hh, w_ih_r, w_hh_r, b_ih_r, b_hh_r),
               _bidirectional_reference, note="the reverse direction runs backwards in time"),
        Sample(_gru(_WEIGHTS), tuple(a.astype(np.float32) for a in
                                     (x, h0, w_ih, w_hh, b_ih, b_hh)),
               lambda x, h, *p: gru_reference(x, h[0], *p).astype(np.float32),
               atol=1e-5, note="float32 stays float32"),
    ],
}
