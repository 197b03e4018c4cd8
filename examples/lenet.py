"""LeNet, the book's first convolutional network, trained on handwritten digits.

    python examples/lenet.py [epochs]

The model is the book's LeNet-5 (two 5x5 convolutions with sigmoid activations and 2x2
average pooling, then three linear layers). The example first prints each layer's output
shape for one 28x28 image, as the book's `layer_summary` does. Then it trains, with
minibatch SGD, the book's batch-normalised LeNet (the same layers, lazily sized, with
BatchNorm after each convolution and hidden linear layer) on the 1,797 8x8 digit images
bundled with scikit-learn (no download), each scaled up to 24x24 and padded to 28x28, and
prints the loss and accuracies per epoch. (The plain sigmoid LeNet needs far more images
and epochs than this small data set offers before it starts to learn; batch normalisation
gets it there in two or three epochs.)

It is plain torch code: `import torch` instead of `import ember as torch` runs it unchanged
and prints the same numbers.
"""

from __future__ import annotations

import sys

import numpy as np

import ember as torch
from ember import nn
from ember.utils.data import DataLoader, TensorDataset

EPOCHS = 5
BATCH_SIZE = 64
LEARNING_RATE = 0.5


def lenet() -> nn.Sequential:
    """The book's LeNet-5."""
    return nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(),
        nn.Linear(120, 84), nn.Sigmoid(),
        nn.Linear(84, 10))


def lenet_batch_norm() -> nn.Sequential:
    """The book's LeNet with batch normalisation, its layers sized by the first batch."""
    return nn.Sequential(
        nn.LazyConv2d(6, kernel_size=5, padding=2), nn.LazyBatchNorm2d(), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.LazyConv2d(16, kernel_size=5), nn.LazyBatchNorm2d(), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Flatten(),
        nn.LazyLinear(120), nn.LazyBatchNorm1d(), nn.Sigmoid(),
        nn.LazyLinear(84), nn.LazyBatchNorm1d(), nn.Sigmoid(),
        nn.LazyLinear(10))


def layer_summary(net: nn.Sequential, shape=(1, 1, 28, 28)) -> None:
    """Each layer's output shape for one input, as the book prints it."""
    X = torch.rand(size=shape, dtype=torch.float32)
    for layer in net:
        X = layer(X)
        print(layer.__class__.__name__, "output shape: \t", X.shape)


def load_digits(limit: int | None = None):
    """(X_train, y_train, X_test, y_test): 1x28x28 images in [0, 1], a fixed 80/20 split."""
    try:
        from sklearn.datasets import load_digits as sklearn_digits
    except ImportError:
        sys.exit("This example needs scikit-learn for its data: pip install scikit-learn "
                 "(or pip install 'ember[examples]').")
    digits = sklearn_digits()
    images = digits.images / 16.0
    if limit is not None:
        images = images[:limit]
    # Each pixel becomes a 3x3 block (8x8 -> 24x24), then a 2-pixel border (-> 28x28).
    images = np.kron(images, np.ones((3, 3)))
    images = np.pad(images, ((0, 0), (2, 2), (2, 2)))[:, None].astype(np.float32)
    labels = digits.target[:len(images)]
    split = int(0.8 * len(images))
    X, y = torch.tensor(images), torch.tensor(labels)
    return X[:split], y[:split], X[split:], y[split:]


def accuracy(net: nn.Module, X, y) -> float:
    with torch.no_grad():
        return (net(X).argmax(dim=1) == y).float().mean().item()


def train(epochs: int = EPOCHS, limit: int | None = None, verbose: bool = True):
    """Train the batch-normalised LeNet; returns it and the per-epoch (loss, train accuracy,
    test accuracy)."""
    torch.manual_seed(0)
    if verbose:
        layer_summary(lenet())
    X_train, y_train, X_test, y_test = load_digits(limit)
    net = lenet_batch_norm()
    net(X_train[:2])  # the lazy layers take their sizes from a first batch
    loader = DataLoader(TensorDataset(X_train, y_train), batch_size=BATCH_SIZE, shuffle=True,
                        generator=torch.Generator().manual_seed(0))
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(net.parameters(), lr=LEARNING_RATE)
    history = []
    for epoch in range(epochs):
        net.train()
        total, count = 0.0, 0
        for X, y in loader:
            loss = loss_fn(net(X), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(y)
            count += len(y)
        net.eval()
        record = (total / count, accuracy(net, X_train, y_train), accuracy(net, X_test, y_test))
        history.append(record)
        if verbose:
            print(f"epoch {epoch + 1}, loss {record[0]:.3f}, train acc {record[1]:.3f}, "
                  f"test acc {record[2]:.3f}")
    return net, history


if __name__ == "__main__":
    train(int(sys.argv[1]) if len(sys.argv) > 1 else EPOCHS)
