"""Samples for src/ember/ops/nn_attention_flash.py: scaled_dot_product_attention of 4-d
inputs (torch's CPU flash kernel) through ember.nn.functional, with a NumPy reference, and
the kernel's three gradients (which torch does not differentiate)."""

from __future__ import annotations

import numpy as np

import ember
import ember.nn.functional as F
from tests.samples import Sample, rng

_R = rng(137)

q = _R.standard_normal((1, 2, 3, 4))
k = _R.standard_normal((1, 2, 5, 4))
v = _R.standard_normal((1, 2, 5, 4))
g = _R.standard_normal((1, 2, 3, 4))
allowed = _R.random((3, 5)) < 0.7
allowed[:, 0] = True


def _attention(q, k, v, mask=None, causal=False):
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf) if mask.dtype == bool else scores + mask
    if causal:
        scores = np.where(np.tri(*scores.shape[-2:], dtype=bool), scores, -np.inf)
    weights = np.exp(scores - scores.max(-1, keepdims=True))
    return weights / weights.sum(-1, keepdims=True) @ v


def _gradient(which: int, **kw):
    """fn(g, q, k, v): the attention's gradient for input `which` at the cotangent g,
    taken with create_graph=True (cut when nothing outside requires grad)."""
    def fn(g, q, k, v):
        outer = any(t.requires_grad for t in (g, q, k, v))
        with ember.enable_grad():
            inputs = [t if t.requires_grad else t.clone().requires_grad_() for t in (q, k, v)]
            out = F.scaled_dot_product_attention(*inputs, **kw)
            (grad,) = ember.autograd.grad(out, inputs[which], g, create_graph=True)
        return grad if outer else grad.detach()
    return fn


def _numeric(which: int, **kw):
    def gradient(g, *qkv):
        out = np.zeros_like(qkv[which])
        for index in np.ndindex(out.shape):
            step = [np.zeros_like(t) for t in qkv]
            step[which][index] = 1e-6
            up = _attention(*[t + s for t, s in zip(qkv, step)], **kw)
            down = _attention(*[t - s for t, s in zip(qkv, step)], **kw)
            out[index] = np.sum(g * (up - down)) / 2e-6
        return out
    return gradient


SAMPLES: dict[str, list[Sample]] = {
    # torch does not differentiate the kernel's gradients: no second derivatives
    "scaled_dot_product_flash_attention_for_cpu": [
        Sample(lambda q, k, v: F.scaled_dot_product_attention(q, k, v), (q, k, v), _attention,
               second_order=False),
        Sample(lambda q, k, v: F.scaled_dot_product_attention(
            q, k, v, attn_mask=ember.tensor(allowed)), (q, k, v),
            lambda q, k, v: _attention(q, k, v, allowed), second_order=False),
        Sample(lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True),
               (q, k, v), lambda q, k, v: _attention(q, k, v, causal=True),
               second_order=False),
    ],
    "scaled_dot_product_flash_attention_for_cpu_backward_query": [
        Sample(_gradient(0), (g, q, k, v), _numeric(0), nondiff=(2, 3)),
    ],
    "scaled_dot_product_flash_attention_for_cpu_backward_key": [
        Sample(_gradient(1, is_causal=True), (g, q, k, v), _numeric(1, causal=True),
               nondiff=(1, 3)),
    ],
    "scaled_dot_product_flash_attention_for_cpu_backward_value": [
        Sample(_gradient(2), (g, q, k, v), _numeric(2), nondiff=(1, 2)),
    ],
}
