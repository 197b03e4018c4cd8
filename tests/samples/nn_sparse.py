"""Samples for src/ember/ops/nn_sparse.py: embedding (with padding_idx and
scale_grad_by_freq), its gradient embedding_dense_backward (reached through a gradient
taken with create_graph=True) and embedding_bag (sum, mean, max, per-sample weights,
padding_idx), with NumPy references."""

from __future__ import annotations

import numpy as np

import ember
import ember.nn.functional as F
from tests.samples import Sample, rng

_R = rng(97)

table = _R.standard_normal((5, 3))
indices = np.array([[1, 2, 1], [0, 4, 1]])
flat = np.array([1, 2, 4, 0, 4, 3])
offsets = np.array([0, 2, 2, 5])
bag_weights = _R.uniform(0.5, 1.5, 6)
# Distinct values within each feature, so each bag's maximum is strict.
spread = np.arange(15.0).reshape(5, 3) * np.array([1.0, -1.0, 0.5]) + _R.uniform(0, 0.2,
                                                                                    (5, 3))
upstream = _R.standard_normal((2, 3, 3))


def dense_backward_reference(g, idx, rows, padding_idx=None, by_freq=False):
    out = np.zeros((rows, g.shape[-1]))
    np.add.at(out, idx.reshape(-1), g.reshape(-1, g.shape[-1]))
    if by_freq:
        out /= np.maximum(np.bincount(idx.reshape(-1), minlength=rows), 1)[:, None]
    if padding_idx is not None:
        out[padding_idx] = 0
    return out


def _bags(offs, n):
    ends = list(offs[1:]) + [n]
    return [list(range(s, e)) for s, e in zip(offs, ends)]


def bag_reference(w, idx, offs, mode, psw=None, padding_idx=None):
    out = np.zeros((len(offs), w.shape[1]))
    for b, members in enumerate(_bags(offs, len(idx))):
        members = [k for k in members if idx[k] != padding_idx]
        if not members:
            continue
        rows = w[idx[members]]
        if psw is not None:
            rows = rows * psw[members, None]
        out[b] = {"sum": rows.sum(0), "mean": rows.mean(0), "max": rows.max(0)}[mode]
    return out


def _dense_backward(w, g, padding_idx=None, by_freq=False):
    """The gradient of a lookup with respect to the table, as a function of the upstream
    gradient g (the table is a fresh leaf, so the result depends on g only)."""
    leaf = w.detach().requires_grad_()
    with ember.enable_grad():
        y = F.embedding(ember.tensor(indices), leaf, padding_idx=padding_idx,
                        scale_grad_by_freq=by_freq)
        return ember.autograd.grad(y, leaf, g, create_graph=True)[0]


def _bag(mode, padding_idx=None):
    return lambda w: F.embedding_bag(ember.tensor(flat), w, ember.tensor(offsets), mode=mode,
                                     padding_idx=padding_idx)


_bag_of = np.searchsorted(offsets, np.arange(len(flat)), side="right") - 1
bag_upstream = _R.standard_normal((len(offsets), 3))


def _cut(t):
    return t.detach()


def _bag_gradient(mode, wrt: int):
    """fn(g, w, p=None): the gradient of embedding_bag for the cotangent g with respect to
    w (wrt 0) or the per-sample weights p (wrt 1), taken with create_graph=True."""
    def fn(g, w, p=None):
        outer = any(t is not None and t.requires_grad for t in (g, w, p))
        with ember.enable_grad():
            args = [w, p]
            if not args[wrt].requires_grad:
                args[wrt] = args[wrt].clone().requires_grad_()
            y = F.embedding_bag(ember.tensor(flat), args[0], ember.tensor(offsets), mode=mode,
                                per_sample_weights=args[1])
            (grad,) = ember.autograd.grad(y, args[wrt], g, create_graph=True)
        return grad if outer else _cut(grad)
    return fn


def _np_bag_gradient(g, w, p=None, mean=False):
    sizes = np.bincount(_bag_of, minlength=len(offsets))
    rows = g[_bag_of] / (sizes[_bag_of, None] if mean else 1)
    if p is not None:
        rows = rows * p[:, None]
    out = np.zeros_like(w)
    np.add.at(out, flat, rows)
    return out


SAMPLES: dict[str, list[Sample]] = {
    # torch's kernels of embedding_bag's gradients, which it does not differentiate: values
    "embedding_bag_backward": [
        Sample(_bag_gradient("sum", 0), (bag_upstream, table), _np_bag_gradient),
        Sample(_bag_gradient("mean", 0), (bag_upstream, table),
               lambda g, w: _np_bag_gradient(g, w, mean=True)),
        Sample(_bag_gradient("sum", 0), (bag_upstream, table, bag_weights), _np_bag_gradient,
               note="per-sample weights"),
    ],
    "embedding_bag_per_sample_weights_backward": [
        Sample(_bag_gradient("sum", 1), (bag_upstream, table, bag_weights),
               lambda g, w, p: (g[_bag_of] * w[flat]).sum(1)),
    ],
    "embedding": [
        Sample(lambda w, i: F.embedding(i, w), (table, indices), lambda w, i: w[i]),
        # padding_idx and scale_grad_by_freq change the gradient on purpose (it is no longer
        # the derivative): forward only here; tests/nn/test_embedding.py checks the gradient
        # against torch's, and embedding_dense_backward's samples check it below.
        Sample(lambda w, i: F.embedding(i, w, padding_idx=1, scale_grad_by_freq=True),
               (table, indices), lambda w, i: w[i], nondiff=(0,)),
        Sample(lambda w, i: F.embedding(i, w, padding_idx=-1), (table, flat),
               lambda w, i: w[i], nondiff=(0,)),
        Sample(lambda w, i: F.embedding(i, w), (table.astype(np.float32), np.array(3)),
               lambda w, i: w[i]),
    ],
    "embedding_dense_backward": [
        Sample(lambda w, g: _dense_backward(w, g), (table, upstream),
               lambda w, g: dense_backward_reference(g, indices, 5), nondiff=(0,)),
        Sample(lambda w, g: _dense_backward(w, g, 1, True), (table, upstream),
               lambda w, g: dense_backward_reference(g, indices, 5, 1, True), nondiff=(0,)),
    ],
    # torch implements no second derivative of embedding_bag (its kernels refuse one)
    "embedding_bag": [
        Sample(_bag("sum"), (table,), lambda w: bag_reference(w, flat, offsets, "sum"),
               second_order=False),
        Sample(_bag("mean"), (table,), lambda w: bag_reference(w, flat, offsets, "mean"),
               second_order=False),
        Sample(_bag("max"), (spread,), lambda w: bag_reference(w, flat, offsets, "max"),
               second_order=False),
        Sample(_bag("mean", padding_idx=4), (table,),
               lambda w: bag_reference(w, flat, offsets, "mean", padding_idx=4),
               nondiff=(0,), second_order=False),
        Sample(lambda w, p: F.embedding_bag(ember.tensor(flat), w, ember.tensor(offsets),
                                            mode="sum", per_sample_weights=p),
               (table, bag_weights),
               lambda w, p: bag_reference(w, flat, offsets, "sum", p), second_order=False),
        Sample(lambda w: F.embedding_bag(ember.tensor(indices), w, mode="max"), (spread,),
               lambda w: np.stack([w[r].max(0) for r in indices]), second_order=False),
    ],
}
