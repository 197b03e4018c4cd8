"""Write the torch-made transformer fixtures that tests/nn/test_transformer.py loads into ember.

Run with a real torch: /work/torchenv/bin/python scripts/make_transformer_fixtures.py

tests/fixtures/transformer_enc_dec.pt      the state_dicts of a randomly initialised
                                           nn.TransformerEncoder (2 layers of d_model 8,
                                           4 heads, feed-forward 16, gelu, batch_first, a
                                           final LayerNorm) under "encoder" and of an
                                           nn.TransformerDecoder (2 norm_first layers)
                                           under "decoder", as torch.save writes them
tests/fixtures/transformer_enc_dec_io.pt   inputs, masks and torch's outputs for them: the
                                           memory, the decoder's output, the gradients of
                                           output.sum() for src and tgt, and the eval-mode
                                           memory of a padded batch (torch's nested-tensor
                                           path, zeros at the padded positions)
"""

from __future__ import annotations

import warnings
from pathlib import Path

import torch

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures"


def main() -> None:
    torch.manual_seed(0)
    nn = torch.nn
    encoder = nn.TransformerEncoder(
        nn.TransformerEncoderLayer(8, 4, 16, dropout=0.0, activation="gelu", batch_first=True),
        2, norm=nn.LayerNorm(8))
    decoder = nn.TransformerDecoder(
        nn.TransformerDecoderLayer(8, 4, 16, dropout=0.0, batch_first=True, norm_first=True),
        2, norm=nn.LayerNorm(8))
    src = torch.randn(3, 6, 8, requires_grad=True)
    tgt = torch.randn(3, 5, 8, requires_grad=True)
    padding = torch.tensor([[False] * 6, [False] * 4 + [True] * 2, [False] * 5 + [True]])
    tgt_mask = nn.Transformer.generate_square_subsequent_mask(5)
    memory = encoder(src, src_key_padding_mask=padding)
    output = decoder(tgt, memory, tgt_mask=tgt_mask, memory_key_padding_mask=padding)
    grad_src, grad_tgt = torch.autograd.grad(output.sum(), (src, tgt))
    encoder.eval()
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the nested-tensor prototype note
        eval_memory = encoder(src, src_key_padding_mask=padding)
    OUT.mkdir(parents=True, exist_ok=True)
    torch.save({"encoder": encoder.state_dict(), "decoder": decoder.state_dict()},
               OUT / "transformer_enc_dec.pt")
    torch.save({
        "src": src.detach(),
        "tgt": tgt.detach(),
        "padding": padding,
        "tgt_mask": tgt_mask,
        "memory": memory.detach(),
        "output": output.detach(),
        "grad_src": grad_src,
        "grad_tgt": grad_tgt,
        "eval_memory": eval_memory,
    }, OUT / "transformer_enc_dec_io.pt")


if __name__ == "__main__":
    main()
