"""nn.GRU's two roads agree: padded input runs the fused recurrence (ops/nn_rnn.py:
gru_layer), packed input the step-by-step composition of public ops."""

from __future__ import annotations

import numpy as np
import pytest

import ember
from ember.nn.utils.rnn import pack_padded_sequence


@pytest.mark.parametrize("options", [
    {}, {"num_layers": 2}, {"bidirectional": True}, {"num_layers": 2, "bidirectional": True,
                                                     "bias": False}])
def test_padded_and_packed_give_the_same_outputs_and_gradients(options):
    ember.manual_seed(0)
    gru = ember.nn.GRU(3, 4, **options).double()
    rng = np.random.default_rng(0)
    x = rng.standard_normal((5, 2, 3))
    layers = gru.num_layers * (2 if gru.bidirectional else 1)
    h0 = rng.standard_normal((layers, 2, 4))
    v = rng.standard_normal((5, 2, 4 * (2 if gru.bidirectional else 1)))
    results = []
    for packed in (False, True):
        gru.zero_grad()
        xt, ht = ember.tensor(x, requires_grad=True), ember.tensor(h0, requires_grad=True)
        data = pack_padded_sequence(xt, [5, 5]) if packed else xt
        out, h_n = gru(data, ht)
        out = out.data.reshape(5, 2, -1) if packed else out
        ((out * ember.tensor(v)).sum() + h_n.sum()).backward()
        results.append([out.detach().numpy(), h_n.detach().numpy(), xt.grad.numpy(),
                        ht.grad.numpy()] + [p.grad.numpy() for p in gru.parameters()])
    for fused, composed in zip(*results, strict=True):
        np.testing.assert_allclose(fused, composed, rtol=1e-10, atol=1e-12)


def test_padded_output_is_the_fused_op_under_torchs_grad_fn():
    gru = ember.nn.GRU(3, 4)
    out, h_n = gru(ember.randn(4, 2, 3))
    assert type(out.grad_fn).__name__ == "StackBackward0"
    assert out.grad_fn.op.name == "gru_layer"
    assert type(h_n.grad_fn).__name__ == "StackBackward0"


def test_second_derivatives_through_the_recurrence():
    gru = ember.nn.GRU(2, 3).double()
    x = ember.tensor(np.random.default_rng(1).standard_normal((3, 2, 2)), requires_grad=True)
    assert ember.autograd.gradgradcheck(lambda x: gru(x)[0], (x,))


@pytest.mark.parametrize("reverse", [False, True])
def test_backward_reads_the_gates_the_forward_kept(monkeypatch, reverse):
    """With a gradient wanted, the forward keeps every step's gates and the backward on
    arrays reads them: the gradients are the recomputing backward's (float32: to its last
    bits' noise), and a second backward (retain_graph) gives the first one's bits."""
    from ember.ops import nn_rnn

    rng = np.random.default_rng(1)
    gi = rng.standard_normal((6, 3, 12)).astype(np.float32)
    h0 = rng.standard_normal((3, 4)).astype(np.float32)
    w = (rng.standard_normal((12, 4)) * 0.5).astype(np.float32)
    b = rng.standard_normal(12).astype(np.float32)
    v = ember.tensor(rng.standard_normal((6, 3, 4)).astype(np.float32))
    read = []
    kept_gates = nn_rnn._kept_gates
    monkeypatch.setattr(nn_rnn, "_kept_gates",
                        lambda *args: read.append(kept_gates(*args)) or read[-1])

    def gradients(keep: bool, times: int = 1):
        inputs = [ember.tensor(a, requires_grad=True) for a in (gi, h0, w, b)]
        if not keep:  # the op without its KeptInput param: the gates are recomputed
            out = ember._dispatch.apply(ember.ops.OPS["gru_layer"], tuple(inputs), (reverse,))
        else:
            out = nn_rnn.gru_layer(*inputs, reverse=reverse)
        results = []
        for _ in range(times):
            for x in inputs:
                x.grad = None
            (out * v).sum().backward(retain_graph=True)
            results.append([x.grad.numpy() for x in inputs])
        return results

    recomputed = gradients(False)[0]
    assert read == [None]
    first, second = gradients(True, times=2)
    assert len(read) == 3 and all(r is not None for r in read[1:])
    for kept, again, other in zip(first, second, recomputed, strict=True):
        np.testing.assert_array_equal(kept, again)
        np.testing.assert_allclose(kept, other, rtol=1e-5, atol=1e-5)
