"""A GRU layer's recurrence as one op-table primitive: `gru_layer`; and the data of a
PackedSequence (at the end).

nn.GRU projects a whole sequence's input in one product (gi = x W_ih^T + b_ih for every
step, (T, B, 3H)), then runs this op over the steps: for t in time order (or reversed),

    gh = h W_hh^T + b_hh;  r = sigmoid(gi_r + gh_r);  z = sigmoid(gi_z + gh_z)
    n = tanh(gi_n + r * gh_n);  h = n + z * (h - n)          ((1 - z) n + z h, as torch)

and returns every step's h, stacked (T, B, H). Gate order r, z, n and b_hn inside
r * (W_hn h + b_hn) are torch's. torch's CPU kernel runs the same steps and stacks the step
outputs, which is the grad_fn its users see (StackBackward0): this op takes that name, as
batched matmul takes its top-level one. torch's backward reads nothing of that stacked
result (each step's nodes saved their own values), so its callers may write into it
(nn.GRU with batch_first transposes it in place, as torch's kernel does); this op's
backward reads every step's state from it, so it saves a copy (`out_apart`).

Why one op for the whole recurrence rather than one per step: the backward needs the gates
of every step, which the forward keeps when a gradient will be wanted (~4 x T B H values;
recomputing them, one product for all steps and the gates' passes, was ~10% of a
training step) and which a backward on Tensors recomputes from the saved inputs and
outputs with one product for all steps, so that only the unavoidable sequential part
(dh_{t-1} = dh_t z_t + dgh_t W_hh, one small product per step) runs step by step. The
weight's gradient is then one product over all steps instead of one per step, and no
step's slice of a sequence-sized tensor is ever cut out in the graph (a slice's backward
writes a zero-padded gradient of its base's size).

The backward is written against ops/_xp.py, so it runs on Tensors as well (create_graph):
second derivatives come from differentiating its loop. The tangent rule runs the
linearised recurrence in ember ops. There is no batched (Jacobian) rule: Jacobians through
this op take one backward pass per row.
"""

from __future__ import annotations

import numpy as np

from .._dispatch import apply
from .._grad_mode import is_grad_enabled
from .._tensor import Tensor
from . import _xp as xp
from ._conv_kept import KeptInput
from ._registry import OPS, OUT, SAME, declare, recorded_as
from ._registry import needs_grad as _needs

__all__ = ["gru_layer", "pack_padded_sequence_data"]


def _steps(length: int, reverse: bool) -> range:
    return range(length - 1, -1, -1) if reverse else range(length)


@declare("gru_layer", grad_fn="StackBackward0", saves=(0, 1, 2, 3, OUT), dtype=SAME,
         out_apart=True,
         formula="h_t = n + z (h_{t-1} - n), r, z = sigmoid(gi + h_{t-1} W^T + b), "
                 "n = tanh(gi_n + r (h_{t-1} W_n^T + b_n)); backward through time: "
                 "dh_{t-1} = dh_t z + dgh_t W, dW = sum_t dgh_t^T h_{t-1}")
def _gru_layer(gi, h0, w_hh, b_hh, reverse, keep=None):
    # keep: an optional KeptInput the public function passes when a gradient will be
    # wanted; it receives every step's gates (r z, n, and the hidden product's n part),
    # which the backward on arrays then reads instead of recomputing them
    hidden = h0.shape[-1]
    sigmoid, tanh = OPS["sigmoid"].forward, OPS["tanh"].forward
    weight_t = np.ascontiguousarray(w_hh.T)  # BLAS is faster on a contiguous operand
    dtype = np.result_type(gi, h0, w_hh)
    # b_hr and b_hz add to the input's r and z parts once for all steps; b_hn stays inside
    rz_in = gi[..., :2 * hidden]
    if b_hh is not None:
        rz_in = rz_in + b_hh[:2 * hidden]
        b_n = b_hh[2 * hidden:]
    out = np.empty(gi.shape[:-1] + (hidden,), dtype)
    gates = None
    if keep is not None:
        gates = tuple(np.empty(gi.shape[:-1] + (size,), dtype)
                      for size in (2 * hidden, hidden, hidden))  # r z, n, gh_n
    h = h0
    for t in _steps(gi.shape[0], reverse):
        gh = h @ weight_t
        rz = np.add(rz_in[t], gh[:, :2 * hidden], out=gh[:, :2 * hidden])
        rz = sigmoid(rz)
        gh_n = gh[:, 2 * hidden:]
        if b_hh is not None:
            gh_n += b_n
        if gates is not None:
            gates[0][t] = rz
            gates[2][t] = gh_n
        gh_n *= rz[:, :hidden]
        gh_n += gi[t, :, 2 * hidden:]
        n = tanh(gh_n)
        if gates is not None:
            gates[1][t] = n
        step = np.subtract(h, n, out=out[t])
        step *= rz[:, hidden:]
        step += n
        h = step
    if gates is not None:
        keep.put(gi, ("gru gates", reverse), gates)
    return out


def _part(x, start: int, stop: int):
    """x[..., start:stop] along the last of its three dims."""
    return xp.view("slice", x, 2, start, stop, 1, tuple(x.shape))


def _columns(x, start: int, stop: int):
    """x[:, start:stop] of a 2-D x."""
    return xp.view("slice", x, 1, start, stop, 1, tuple(x.shape))


def _row(x, t: int):
    """x[t] (a view)."""
    return xp.view("select", x, 0, t, tuple(x.shape))


def _previous_states(h0, hs, reverse: bool):
    """The state each step started from, in time order: h0 then the outputs but the last
    (reversed: the outputs but the first, then h0)."""
    length = hs.shape[0]
    first = xp.unsqueeze(h0, 0)
    if length == 1:
        return first
    if reverse:
        return xp.cat([xp.view("slice", hs, 0, 1, length, 1, tuple(hs.shape)), first], 0)
    return xp.cat([first, xp.view("slice", hs, 0, 0, length - 1, 1, tuple(hs.shape))], 0)


def _gates(gi, previous, w_hh, b_hh, hidden: int):
    """r, z, n and the hidden product's n part of every step, from one product."""
    length, batch = gi.shape[0], gi.shape[1]
    gh = xp.matmul(xp.reshape(previous, (length * batch, hidden)), xp.transpose(w_hh, 0, 1))
    gh = xp.reshape(gh, (length, batch, 3 * hidden))
    if b_hh is not None:
        gh = gh + b_hh
    rz = xp.sigmoid(_part(gi, 0, 2 * hidden) + _part(gh, 0, 2 * hidden))
    r, z = _part(rz, 0, hidden), _part(rz, hidden, 2 * hidden)
    gh_n = _part(gh, 2 * hidden, 3 * hidden)
    n = xp.tanh(_part(gi, 2 * hidden, 3 * hidden) + r * gh_n)
    return r, z, n, gh_n


def _kept_gates(ctx, gi, g, hidden: int):
    """r, z, n, gh_n as the forward computed them, if it kept them and the backward runs
    on arrays (on Tensors the gates must be recorded ops of the inputs: recomputed)."""
    keep = ctx.params[1] if len(ctx.params) > 1 else None
    if keep is None or xp.is_tensor(g) or xp.is_tensor(gi):
        return None
    # (peek, not take: the gates live as long as the graph, so that a second backward with
    # retain_graph gives the same bits as the first; recomputed with one product for all
    # steps, they differ from the forward's step-by-step ones in the last bits)
    gates = keep.peek(gi, ("gru gates", ctx.params[0]))
    if gates is None:
        return None
    rz, n, gh_n = gates
    return rz[..., :hidden], rz[..., hidden:], n, gh_n


@_gru_layer.backward
def _(ctx, g):
    gi, h0, w_hh, b_hh, hs = ctx.saved
    reverse = ctx.params[0]
    length, batch, hidden = hs.shape
    previous = _previous_states(h0, hs, reverse)
    gates = _kept_gates(ctx, gi, g, hidden)
    r, z, n, gh_n = gates if gates is not None else _gates(gi, previous, w_hh, b_hh, hidden)
    # With dh the gradient reaching h_t: da_n = dh (1 - z)(1 - n^2) (tanh's input),
    # da_r = da_n gh_n r (1 - r), da_z = dh (h_{t-1} - n) z (1 - z); the hidden product's
    # gradient is (da_r, da_z, da_n r), the input's (da_r, da_z, da_n). Per step only the
    # factors multiplying dh are needed: computed for all steps at once.
    a_n = (1 - z) * (1 - n * n)
    to_input = xp.cat([a_n * gh_n * r * (1 - r), (previous - n) * z * (1 - z), a_n], 2)
    to_hidden = xp.cat([_part(to_input, 0, 2 * hidden), a_n * r], 2)
    factors = xp.reshape(to_hidden, (length, batch, 3, hidden))
    dh = None
    steps = [None] * length
    for t in _steps(length, not reverse):
        dh = _row(g, t) if dh is None else _row(g, t) + dh
        steps[t] = dh
        spread = xp.reshape(xp.unsqueeze(dh, 1) * _row(factors, t), (batch, 3 * hidden))
        dh = dh * _row(z, t) + xp.matmul(spread, w_hh)
    # dh now reaches h0; the gradients of every step, stacked in time order
    reached = xp.cat([xp.unsqueeze(s, 0) for s in steps], 0)
    spread = xp.unsqueeze(reached, 2)
    d_hidden = xp.reshape(spread * factors, (length, batch, 3 * hidden))
    d_gi = xp.reshape(spread * xp.reshape(to_input, (length, batch, 3, hidden)),
                      (length, batch, 3 * hidden)) if _needs(ctx, 0) else None
    d_w = d_b = None
    if _needs(ctx, 2):
        rows = xp.reshape(d_hidden, (length * batch, 3 * hidden))
        d_w = xp.matmul(xp.transpose(rows, 0, 1),
                        xp.reshape(previous, (length * batch, hidden)))
    if _needs(ctx, 3):
        d_b = xp.sum(d_hidden, dim=(0, 1))
    return d_gi, dh if _needs(ctx, 1) else None, d_w, d_b


@_gru_layer.tangent
def _(ctx, t_gi, t_h0, t_w, t_b):
    gi, h0, w_hh, b_hh = ctx.inputs
    reverse = ctx.params[0]
    hs = ctx.output
    length, batch, hidden = tuple(hs.shape)
    previous = _previous_states(h0, hs, reverse)
    r, z, n, gh_n = _gates(gi, previous, w_hh, b_hh, hidden)
    # d(gh) of step t = dh_{t-1} W^T + h_{t-1} dW^T + db; the last two for all steps at once
    fixed = None
    if t_w is not None:
        fixed = xp.reshape(xp.matmul(xp.reshape(previous, (length * batch, hidden)),
                                     xp.transpose(t_w, 0, 1)), (length, batch, 3 * hidden))
    if t_b is not None:
        fixed = t_b if fixed is None else fixed + t_b
    dh = t_h0 if t_h0 is not None else xp.zeros((batch, hidden), like=hs)
    weight_t = xp.transpose(w_hh, 0, 1)
    steps = [None] * length
    for t in _steps(length, reverse):
        d_gh = xp.matmul(dh, weight_t)
        if fixed is not None:
            d_gh = d_gh + _row(fixed, t)
        d_pre = d_gh if t_gi is None else d_gh + _row(t_gi, t)
        r_t, z_t, n_t = _row(r, t), _row(z, t), _row(n, t)
        d_r = r_t * (1 - r_t) * _columns(d_pre, 0, hidden)
        d_z = z_t * (1 - z_t) * _columns(d_pre, hidden, 2 * hidden)
        d_n_in = r_t * _columns(d_gh, 2 * hidden, 3 * hidden) + d_r * _row(gh_n, t)
        if t_gi is not None:
            d_n_in = d_n_in + _columns(_row(t_gi, t), 2 * hidden, 3 * hidden)
        d_n = (1 - n_t * n_t) * d_n_in
        dh = d_n + d_z * (_row(previous, t) - n_t) + z_t * (dh - d_n)
        steps[t] = dh
    return xp.cat([xp.unsqueeze(s, 0) for s in steps], 0)


def gru_layer(gi: Tensor, h0: Tensor, w_hh: Tensor, b_hh: Tensor | None,
              reverse: bool = False) -> Tensor:
    """Every step's state (T, B, H) of a GRU layer over input projections gi (T, B, 3H)
    (x W_ih^T + b_ih), from h0 (B, H) with hidden weights w_hh (3H, H) and bias b_hh."""
    params: tuple = (bool(reverse),)
    if is_grad_enabled() and any(
            v is not None and v.requires_grad for v in (gi, h0, w_hh, b_hh)):
        params += (KeptInput(),)  # the forward's gates, for the backward (see _gru_layer)
    return apply(OPS["gru_layer"], (gi, h0, w_hh, b_hh), params)


# ---------------------------------------------------------------------- packing
def pack_padded_sequence_data(input: Tensor, batch_sizes: np.ndarray,
                              batch_first: bool) -> Tensor:
    """The data of a PackedSequence: for every step t, the first batch_sizes[t] sequences'
    rows of a padded (T, B, *) input ((B, T, *) with batch_first). One gather (the `index`
    op), shown under the grad_fn of torch's native op (users see it whenever they print a
    PackedSequence made from something that needs a gradient)."""
    steps = np.repeat(np.arange(batch_sizes.size), batch_sizes)
    sequences = np.concatenate([np.arange(n) for n in batch_sizes]) if batch_sizes.size \
        else np.zeros(0, np.int64)
    positions = (sequences, steps) if batch_first else (steps, sequences)
    data = apply(OPS["index"], (input,), (positions, tuple(input.shape)))
    return recorded_as(data, "PackPaddedSequenceBackward0")
