"""Write the torch-made LeNet fixtures that tests/nn/test_conv.py loads into ember.

Run with a real torch: /work/torchenv/bin/python scripts/make_lenet_fixtures.py

tests/fixtures/lenet.pt       the state_dict of the book's LeNet (two 5x5 convolutions with
                              sigmoid and 2x2 average pooling, then 120-84-10 linear layers),
                              randomly initialised after manual_seed(0), as torch.save
                              writes it
tests/fixtures/lenet_io.pt    a batch of four 1x28x28 inputs, torch's logits for it, and the
                              gradient of the cross-entropy (labels 0-3) with respect to
                              the first convolution's weight
"""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures"


def lenet() -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(),
        nn.Linear(120, 84), nn.Sigmoid(),
        nn.Linear(84, 10))


def main() -> None:
    torch.manual_seed(0)
    net = lenet()
    x = torch.rand(4, 1, 28, 28)
    logits = net(x)
    loss = nn.functional.cross_entropy(logits, torch.arange(4))
    (grad_weight,) = torch.autograd.grad(loss, net[0].weight)
    OUT.mkdir(parents=True, exist_ok=True)
    torch.save(net.state_dict(), OUT / "lenet.pt")
    torch.save({"input": x, "logits": logits.detach(), "loss": loss.detach(),
                "grad_conv1_weight": grad_weight}, OUT / "lenet_io.pt")


if __name__ == "__main__":
    main()
