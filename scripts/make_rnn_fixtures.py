"""Write the torch-made recurrent-layer fixtures that tests/nn/test_rnn.py loads into ember.

Run with a real torch: /work/torchenv/bin/python scripts/make_rnn_fixtures.py

tests/fixtures/rnn_lstm_2layer_bidir.pt        the state_dict of a randomly initialised
                                               nn.LSTM(5, 6, num_layers=2, bidirectional=True,
                                               batch_first=True), as torch.save writes it
tests/fixtures/rnn_lstm_2layer_bidir_io.pt     an input and torch's outputs for it: padded
                                               (output, h_n, c_n, the input's gradient of
                                               output.sum()) and packed (lengths 4, 7, 2,
                                               unsorted)
"""

from __future__ import annotations

from pathlib import Path

import torch

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures"


def main() -> None:
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(5, 6, num_layers=2, bidirectional=True, batch_first=True)
    x = torch.randn(3, 7, 5, requires_grad=True)
    output, (h_n, c_n) = lstm(x)
    (grad_input,) = torch.autograd.grad(output.sum(), x)
    lengths = torch.tensor([4, 7, 2])
    packed = torch.nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True,
                                                     enforce_sorted=False)
    packed_out, (packed_h, packed_c) = lstm(packed)
    padded, _ = torch.nn.utils.rnn.pad_packed_sequence(packed_out, batch_first=True)
    OUT.mkdir(parents=True, exist_ok=True)
    torch.save(lstm.state_dict(), OUT / "rnn_lstm_2layer_bidir.pt")
    torch.save({
        "input": x.detach(),
        "output": output.detach(),
        "h_n": h_n.detach(),
        "c_n": c_n.detach(),
        "grad_input": grad_input,
        "lengths": lengths,
        "packed_output": padded.detach(),
        "packed_h_n": packed_h.detach(),
        "packed_c_n": packed_c.detach(),
    }, OUT / "rnn_lstm_2layer_bidir_io.pt")


if __name__ == "__main__":
    main()
