"""Linear regression, the concise way: nn.LazyLinear, nn.MSELoss and minibatch SGD.

    python examples/linear_regression.py

The book's "concise implementation" chapter: synthetic data y = X w + b + noise with
w = [2, -3.4], b = 4.2, a one-output `nn.LazyLinear` (its input size is inferred from the
first batch), its weight drawn from N(0, 0.01^2) and its bias zeroed, the mean squared
error, and three epochs of minibatch stochastic gradient descent. The estimates end close
to the true parameters.

The code is plain torch (`import torch; from torch import nn` runs it unchanged); the SGD
step is written out because ember has no `torch.optim` yet.
"""

from __future__ import annotations

import ember as torch
from ember import nn

TRUE_W = torch.tensor([2.0, -3.4])
TRUE_B = 4.2
NUM_EXAMPLES = 1000
BATCH_SIZE = 10
LEARNING_RATE = 0.03
EPOCHS = 3


def synthetic_data(w: torch.Tensor, b: float, num_examples: int):
    """X ~ N(0, 1), y = X w + b + N(0, 0.01^2) noise; y is a column."""
    X = torch.randn(num_examples, len(w))
    y = torch.matmul(X, w) + b
    y += torch.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))


def minibatches(X: torch.Tensor, y: torch.Tensor, batch_size: int):
    """Shuffled (X, y) batches covering the data once."""
    order = torch.randperm(len(X))
    for start in range(0, len(X), batch_size):
        batch = order[start:start + batch_size]
        yield X[batch], y[batch]


def train(epochs: int = EPOCHS, seed: int = 0, verbose: bool = True):
    """Fit the model; returns (net, list of full-data losses after each epoch)."""
    torch.manual_seed(seed)
    X, y = synthetic_data(TRUE_W, TRUE_B, NUM_EXAMPLES)
    net = nn.LazyLinear(1)
    net(X[:1])  # the first call infers in_features = 2 and creates the parameters
    net.weight.data.normal_(0, 0.01)
    net.bias.data.fill_(0)
    loss = nn.MSELoss()
    history = []
    for epoch in range(epochs):
        for X_batch, y_batch in minibatches(X, y, BATCH_SIZE):
            batch_loss = loss(net(X_batch), y_batch)
            net.zero_grad()
            batch_loss.backward()
            with torch.no_grad():
                for param in net.parameters():
                    param -= LEARNING_RATE * param.grad
        with torch.no_grad():
            history.append(loss(net(X), y).item())
        if verbose:
            print(f"epoch {epoch + 1}, loss {history[-1]:f}")
    return net, history


def main() -> None:
    net, _ = train()
    print(net)
    w, b = net.weight.data, net.bias.data
    print(f"error in estimating w: {TRUE_W - w.reshape(TRUE_W.shape)}")
    print(f"error in estimating b: {TRUE_B - b}")


if __name__ == "__main__":
    main()
