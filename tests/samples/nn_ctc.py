"""Samples for src/ember/ops/nn_ctc.py: the CTC loss through ember.nn.functional.ctc_loss,
with a NumPy reference that walks each sample's alignment lattice one cell at a time.

CTC's torch gradient is that of the logits before a log_softmax (see the op's docstring),
so the differentiated samples apply log_softmax first, as CTC is used; then finite
differences agree. torch cannot differentiate the gradient again: second_order=False.
"""

from __future__ import annotations

import numpy as np

import ember
import ember.nn.functional as F
from tests.samples import Sample, rng

_R = rng(83)

logits = _R.standard_normal((6, 3, 5))
padded = np.array([[1, 2, 2], [3, 1, 0], [4, 4, 4]])
input_lengths = (6, 5, 3)
target_lengths = (3, 2, 0)


def _log_softmax(x: np.ndarray) -> np.ndarray:
    return x - np.log(np.exp(x).sum(-1, keepdims=True))


def _lattice(lp: np.ndarray, target: list, blank: int = 0):
    """alpha, beta (both including the frame's emission) and the loss of one sample, cell
    by cell: lp (T, C) for its frames only."""
    ext = [blank]
    for label in target:
        ext += [label, blank]
    frames, width = lp.shape[0], len(ext)
    alpha = np.full((frames, width), -np.inf)
    beta = np.full((frames, width), -np.inf)
    alpha[0, 0] = lp[0, ext[0]]
    if width > 1:
        alpha[0, 1] = lp[0, ext[1]]
    for t in range(1, frames):
        for s in range(width):
            terms = [alpha[t - 1, s]] + ([alpha[t - 1, s - 1]] if s >= 1 else [])
            if s >= 2 and ext[s] != blank and ext[s] != ext[s - 2]:
                terms.append(alpha[t - 1, s - 2])
            alpha[t, s] = np.logaddexp.reduce(terms) + lp[t, ext[s]]
    beta[-1, -1] = lp[-1, ext[-1]]
    if width > 1:
        beta[-1, -2] = lp[-1, ext[-2]]
    for t in range(frames - 2, -1, -1):
        for s in range(width):
            terms = [beta[t + 1, s]] + ([beta[t + 1, s + 1]] if s + 1 < width else [])
            if s + 2 < width and ext[s + 2] != blank and ext[s + 2] != ext[s]:
                terms.append(beta[t + 1, s + 2])
            beta[t, s] = np.logaddexp.reduce(terms) + lp[t, ext[s]]
    ends = alpha[-1, -2:] if width > 1 else alpha[-1, -1:]
    return ext, alpha, beta, -np.logaddexp.reduce(ends)


def ctc_reference(lp: np.ndarray, targets=padded, lengths=input_lengths,
                  target_lens=target_lengths) -> np.ndarray:
    losses = []
    for n, (frames, length) in enumerate(zip(lengths, target_lens)):
        losses.append(_lattice(lp[:frames, n], list(targets[n][:length]))[3])
    return np.array(losses)


def ctc_gradient_reference(lp: np.ndarray) -> np.ndarray:
    """torch's gradient of sum(losses): exp(lp) - posterior, zero past each sample's
    frames."""
    grad = np.zeros_like(lp)
    for n, (frames, length) in enumerate(zip(input_lengths, target_lengths)):
        ext, alpha, beta, nll = _lattice(lp[:frames, n], list(padded[n][:length]))
        posterior = np.zeros((frames, lp.shape[2]))
        for s, label in enumerate(ext):
            posterior[:, label] += np.exp(alpha[:, s] + beta[:, s] + nll - lp[:frames, n, label])
        grad[:frames, n] = np.exp(lp[:frames, n]) - posterior
    return grad


def _ctc(x: ember.Tensor, reduction: str = "none") -> ember.Tensor:
    return F.ctc_loss(x.log_softmax(2), ember.tensor(padded), ember.tensor(input_lengths),
                      ember.tensor(target_lengths), reduction=reduction)


def _ctc_gradient(x: ember.Tensor) -> ember.Tensor:
    with ember.enable_grad():  # the op runs in the backward pass of a leaf of its own
        leaf = x.detach().requires_grad_()
        loss = F.ctc_loss(leaf, ember.tensor(padded), input_lengths, target_lengths,
                          reduction="sum")
        return ember.autograd.grad(loss, leaf)[0]


SAMPLES = {
    "ctc_loss": [
        Sample(_ctc, (logits,), lambda x: ctc_reference(_log_softmax(x)), second_order=False),
        Sample(lambda x: _ctc(x, "mean"), (logits,),
               lambda x: np.mean(ctc_reference(_log_softmax(x))
                                 / np.maximum(target_lengths, 1)),
               second_order=False, note="mean: each loss divided by its target length"),
        Sample(lambda x: F.ctc_loss(x.log_softmax(2), ember.tensor([1, 2, 2, 3, 1]),
                                    (6, 4, 2), (3, 2, 0), reduction="sum"),
               (logits,),
               lambda x: np.sum(ctc_reference(_log_softmax(x), [[1, 2, 2], [3, 1], []],
                                              (6, 4, 2), (3, 2, 0))),
               second_order=False, note="concatenated targets, lengths as tuples"),
    ],
    "ctc_loss_backward": [
        Sample(_ctc_gradient, (_log_softmax(logits),), ctc_gradient_reference,
               second_order=False, note="torch's gradient formula, not differentiable"),
    ],
}
