"""The connectionist temporal classification loss (torch's `_ctc_loss`, CtcLossBackward0).

For each sample n, the loss is -log of the total probability of every alignment of the
target l (length L_n) to the first T_n frames of `log_probs` (T, N, C): the extended label
sequence l' = (blank, l_1, blank, l_2, ..., l_L, blank) of length 2 L_n + 1 is walked
frame by frame, staying on a symbol, moving to the next, or skipping a blank between two
different labels. The forward variables alpha[t, s] (log-probability of the prefixes that
end at l'[s] at frame t) and the backward variables beta[t, s] (of the suffixes that start
there) follow the usual recursions in log space, vectorised over the batch and the
extended labels; only the time loop is in Python.

The gradient is torch's, which is *not* the derivative with respect to `log_probs`: torch
returns exp(log_probs) - posterior (the derivative with respect to the logits before a
log_softmax), and differs from the true one by exp(log_probs) per element. Composed with
log_softmax (as CTC is used) both give the same gradient of the logits; the tangent rule
below uses the true derivative (-posterior), which gives the same result there too. The
gradient is computed by a second op (`ctc_loss_backward`) that, as in torch, cannot be
differentiated again.
"""

from __future__ import annotations

import numpy as np

from .._dispatch import apply
from .._tensor import Tensor
from . import _xp as xp
from ._registry import OUT, SAME, declare

__all__ = ["ctc_loss"]

_NEG_INF = -np.inf


# ---------------------------------------------------------------------- recursions
def _logsumexp(*terms: np.ndarray) -> np.ndarray:
    """log(sum(exp(terms))) elementwise, -inf where every term is -inf."""
    stacked = np.stack(terms)
    top = stacked.max(axis=0)
    safe = np.where(np.isfinite(top), top, 0.0)
    with np.errstate(divide="ignore"):
        return np.log(np.exp(stacked - safe).sum(axis=0)) + safe


class _Lattice:
    """The extended labels of a batch and what the recursions need of them."""

    def __init__(self, log_probs: np.ndarray, targets: tuple, input_lengths: tuple,
                 target_lengths: tuple, blank: int) -> None:
        frames, batch, _ = log_probs.shape
        longest = max(target_lengths, default=0)
        width = 2 * longest + 1
        labels = np.full((batch, width), blank, dtype=np.intp)
        for n, (row, length) in enumerate(zip(targets, target_lengths)):
            labels[n, 1:2 * length:2] = row[:length]
        self.labels = labels
        self.input_lengths = np.asarray(input_lengths, dtype=np.intp).reshape(batch)
        self.target_lengths = np.asarray(target_lengths, dtype=np.intp).reshape(batch)
        self.ext_lengths = 2 * self.target_lengths + 1
        position = np.arange(width)
        self.inside = position[None, :] < self.ext_lengths[:, None]        # (N, S')
        # a label may be reached from two places back when it differs from that label
        skip = np.zeros((batch, width), dtype=bool)
        skip[:, 2:] = (position[2:] % 2 == 1) & (labels[:, 2:] != labels[:, :-2])
        self.skip = skip
        # log-probability of each extended label at each frame: (T, N, S')
        self.emit = np.where(self.inside[None], np.take_along_axis(
            log_probs, np.broadcast_to(labels[None], (frames, batch, width)), axis=2),
            _NEG_INF)
        self.frames = frames

    def alpha(self) -> np.ndarray:
        """log alpha[t, n, s], including the emission at frame t."""
        emit, skip = self.emit, self.skip
        out = np.full(emit.shape, _NEG_INF)
        if self.frames == 0:
            return out
        out[0, :, :2] = emit[0, :, :2]
        for t in range(1, self.frames):
            previous = out[t - 1]
            one_back = np.concatenate([np.full_like(previous[:, :1], _NEG_INF),
                                       previous[:, :-1]], axis=1)
            two_back = np.concatenate([np.full_like(previous[:, :2], _NEG_INF),
                                       previous[:, :-2]], axis=1)
            two_back = np.where(skip, two_back, _NEG_INF)
            out[t] = _logsumexp(previous, one_back, two_back) + emit[t]
        return out

    def beta(self) -> np.ndarray:
        """log beta[t, n, s], including the emission at frame t; -inf from T_n on."""
        emit, skip = self.emit, self.skip
        batch, width = emit.shape[1:]
        out = np.full(emit.shape, _NEG_INF)
        last = self.input_lengths - 1
        rows = np.arange(batch)
        end = self.ext_lengths - 1
        for t in range(self.frames - 1, -1, -1):
            if t + 1 < self.frames:
                following = out[t + 1]
                one_ahead = np.concatenate([following[:, 1:],
                                            np.full_like(following[:, :1], _NEG_INF)], axis=1)
                two_ahead = np.concatenate([following[:, 2:],
                                            np.full_like(following[:, :2], _NEG_INF)], axis=1)
                skip_ahead = np.concatenate([skip[:, 2:], np.zeros((batch, min(2, width)), bool)],
                                            axis=1)  # (width 1: no targets)
                two_ahead = np.where(skip_ahead, two_ahead, _NEG_INF)
                out[t] = np.where((t < last)[:, None],
                                  _logsumexp(following, one_ahead, two_ahead) + emit[t],
                                  _NEG_INF)
            starts = rows[last == t]
            if starts.size:
                out[t, starts] = _NEG_INF
                out[t, starts, end[starts]] = emit[t, starts, end[starts]]
                has_label = starts[self.target_lengths[starts] > 0]
                out[t, has_label, end[has_label] - 1] = emit[t, has_label, end[has_label] - 1]
        return out

    def negative_log_likelihood(self, alpha: np.ndarray) -> np.ndarray:
        batch = alpha.shape[1]
        nll = np.zeros(batch)
        for n in range(batch):
            frames, end = self.input_lengths[n], self.ext_lengths[n] - 1
            if frames == 0:
                nll[n] = -0.0 if self.target_lengths[n] == 0 else np.inf
                continue
            final = alpha[frames - 1, n]
            tail = final[end] if end == 0 else np.logaddexp(final[end], final[end - 1])
            nll[n] = -tail
        return nll

    def log_occupancy(self, alpha: np.ndarray, beta: np.ndarray, classes: int) -> np.ndarray:
        """log of the summed alpha * beta over the extended positions of each class:
        (T, N, C), -inf for classes not in the target (and frames past T_n)."""
        both = alpha + beta                                       # (T, N, S')
        top = both.max(axis=2, keepdims=True)
        top = np.where(np.isfinite(top), top, 0.0)
        onehot = self.labels[:, :, None] == np.arange(classes)   # (N, S', C)
        total = np.einsum("tns,nsc->tnc", np.exp(both - top), onehot.astype(both.dtype))
        with np.errstate(divide="ignore"):
            occupancy = np.log(total) + top
        # torch's kernel sets (does not add) the last label's term at each sample's last
        # frame, which differs only when that label is the blank itself
        for n in range(both.shape[1]):
            frame, length = self.input_lengths[n] - 1, self.target_lengths[n]
            if frame >= 0 and length > 0:
                end = 2 * length - 1
                label = self.labels[n, end]
                if label == self.labels[n, end + 1]:
                    occupancy[frame, n, label] = both[frame, n, end]
        return occupancy


def _posterior_parts(log_probs: np.ndarray, params: tuple):
    lattice = _Lattice(np.asarray(log_probs, np.float64), *params[:4])
    alpha = lattice.alpha()
    return lattice, alpha, lattice.negative_log_likelihood(alpha)


# ---------------------------------------------------------------------- the ops
@declare("ctc_loss", grad_fn="CtcLossBackward0", saves=(0, OUT), dtype=SAME,
         saves_params={0: (0,)},
         formula="loss_n = -log sum over alignments of prod_t p[t, n, l'(s_t)] (alpha-beta "
                 "recursions); torch's gradient: exp(lp) - exp(log alpha + log beta + "
                 "loss - lp) summed per class")
def _ctc_loss(log_probs, targets, input_lengths, target_lengths, blank, zero_infinity):
    _, _, nll = _posterior_parts(log_probs, (targets, input_lengths, target_lengths, blank))
    return nll.astype(log_probs.dtype)


@_ctc_loss.backward
def _(ctx, g):
    log_probs, nll = ctx.saved
    return (xp.op("ctc_loss_backward", (g, log_probs, nll), *ctx.params),)


@_ctc_loss.tangent
def _(ctx, tangent, *_):
    log_probs = ctx.inputs[0]._data
    lattice, alpha, nll = _posterior_parts(log_probs, ctx.params)
    occupancy = lattice.log_occupancy(alpha, lattice.beta(), log_probs.shape[2])
    with np.errstate(invalid="ignore", over="ignore"):
        posterior = np.exp(occupancy + nll[None, :, None] - log_probs)
    posterior = _past_the_end_zero(posterior, lattice.input_lengths)
    weights = Tensor(-posterior.astype(log_probs.dtype))
    return (tangent * weights).sum((0, 2))


def _past_the_end_zero(values: np.ndarray, input_lengths: np.ndarray) -> np.ndarray:
    frames = np.arange(values.shape[0])[:, None]
    return np.where((frames < input_lengths[None, :])[:, :, None], values, 0.0)


@declare("ctc_loss_backward", dtype=SAME, grad_not_implemented="aten::_ctc_loss_backward")
def _ctc_loss_backward(grad, log_probs, nll, targets, input_lengths, target_lengths, blank,
                       zero_infinity):
    """torch's gradient of ctc_loss for log_probs: (exp(lp) - exp(occupancy + nll - lp))
    times the sample's output gradient, zero past each sample's frames (and for infinite
    losses with zero_infinity)."""
    lp = np.asarray(log_probs, np.float64)
    lattice, alpha, _ = _posterior_parts(lp, (targets, input_lengths, target_lengths, blank))
    occupancy = lattice.log_occupancy(alpha, lattice.beta(), lp.shape[2])
    saved_nll = np.asarray(nll, np.float64).reshape(-1)
    with np.errstate(invalid="ignore", over="ignore"):
        result = (np.exp(lp) - np.exp(occupancy + saved_nll[None, :, None] - lp)) \
            * np.broadcast_to(np.asarray(grad, np.float64), saved_nll.shape)[None, :, None]
    result = _past_the_end_zero(result, lattice.input_lengths)
    if zero_infinity:
        result = np.where(np.isinf(saved_nll)[None, :, None], 0.0, result)
    return result.astype(np.asarray(log_probs).dtype)


def ctc_loss(log_probs: Tensor, targets: tuple, input_lengths: tuple, target_lengths: tuple,
             blank: int, zero_infinity: bool) -> Tensor:
    """The per-sample losses (N,) of log_probs (T, N, C) against targets given as one
    tuple of class indices per sample (checked by the caller)."""
    return apply(_ctc_loss, (log_probs,),
                 (targets, input_lengths, target_lengths, blank, zero_infinity))
