"""Train an MLP on real handwritten digits: DataLoader, Adam, a schedule, a checkpoint.

    python examples/train_digits.py [output folder]      (or: make train)

The 1,797 8x8 digit images bundled with scikit-learn (no download) are split 80/20 into
training and test sets and fed through `DataLoader(TensorDataset(X, y), batch_size=64,
shuffle=True)` to a 64-128-10 MLP trained with `optim.Adam` and a `StepLR` schedule. Each
epoch shows a progress bar (tqdm, if installed; plain lines otherwise); at the end the
training loss and test accuracy are plotted to `digits_training.svg` (matplotlib, if
installed), the model is saved with `torch.save(model.state_dict(), ...)` in PyTorch's own
format, loaded into a fresh model, and evaluated again: the same accuracy, above 95%.

It is plain torch code: `import torch` instead of `import ember as torch` runs it unchanged,
and the checkpoint it writes loads in PyTorch.
"""

from __future__ import annotations

import sys
from pathlib import Path

import ember as torch
from ember import nn
from ember.utils.data import DataLoader, TensorDataset

DEFAULT_FOLDER = Path(__file__).resolve().parent.parent / "out"
EPOCHS = 10
BATCH_SIZE = 64


def load_digits(limit: int | None = None):
    """(X_train, y_train, X_test, y_test): pixels scaled to [0, 1], a fixed 80/20 split."""
    try:
        from sklearn.datasets import load_digits as sklearn_digits
    except ImportError:
        sys.exit("This example needs scikit-learn for its data: pip install scikit-learn "
                 "(or pip install 'ember[examples]').")
    digits = sklearn_digits()
    X = torch.tensor(digits.data, dtype=torch.float32) / 16.0
    y = torch.tensor(digits.target)
    order = torch.randperm(len(X), generator=torch.Generator().manual_seed(0))
    if limit is not None:
        order = order[:limit]
    split = int(0.8 * len(order))
    train, test = order[:split], order[split:]
    return X[train], y[train], X[test], y[test]


def make_model() -> nn.Module:
    return nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))


def accuracy(model: nn.Module, X: torch.Tensor, y: torch.Tensor) -> float:
    model.eval()
    with torch.no_grad():
        return (model(X).argmax(dim=1) == y).float().mean().item()


def _batches(loader: DataLoader, description: str):
    """The loader, wrapped in a tqdm progress bar when tqdm is installed."""
    try:
        from tqdm import tqdm
    except ImportError:
        return loader
    return tqdm(loader, desc=description, leave=False)


def _plot(losses: list[float], accuracies: list[float], path: Path) -> Path | None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("(pip install matplotlib for a plot of the training curves)")
        return None
    epochs = range(1, len(losses) + 1)
    figure, loss_axis = plt.subplots(figsize=(6, 3.5))
    loss_axis.plot(epochs, losses, color="tab:blue", label="training loss")
    loss_axis.set_xlabel("epoch")
    loss_axis.set_ylabel("training loss")
    accuracy_axis = loss_axis.twinx()
    accuracy_axis.plot(epochs, accuracies, color="tab:orange", label="test accuracy")
    accuracy_axis.set_ylabel("test accuracy")
    figure.legend(loc="center right")
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return path


def train(folder: Path = DEFAULT_FOLDER, epochs: int = EPOCHS, limit: int | None = None,
          seed: int = 0) -> dict:
    """Train, plot, save, reload; returns what happened (for the tests)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(seed)
    X_train, y_train, X_test, y_test = load_digits(limit)
    loader = DataLoader(TensorDataset(X_train, y_train), batch_size=BATCH_SIZE, shuffle=True)
    model = make_model()
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=4, gamma=0.5)
    losses, accuracies = [], []
    for epoch in range(epochs):
        model.train()
        total, count = 0.0, 0
        for X, y in _batches(loader, f"epoch {epoch + 1}"):
            loss = loss_fn(model(X), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total, count = total + loss.item() * len(y), count + len(y)
        scheduler.step()
        losses.append(total / count)
        accuracies.append(accuracy(model, X_test, y_test))
        print(f"epoch {epoch + 1:2d}: loss {losses[-1]:.4f}, test accuracy "
              f"{accuracies[-1]:.3f}, lr {scheduler.get_last_lr()[0]:g}")
    plot = _plot(losses, accuracies, folder / "digits_training.svg")
    checkpoint = folder / "digits_mlp.pt"
    torch.save(model.state_dict(), checkpoint)
    restored = make_model()
    restored.load_state_dict(torch.load(checkpoint, weights_only=True))
    reloaded_accuracy = accuracy(restored, X_test, y_test)
    print(f"saved {checkpoint}; reloaded model's test accuracy {reloaded_accuracy:.3f}")
    if plot is not None:
        print(f"training curves: {plot}")
    return {"losses": losses, "accuracies": accuracies, "checkpoint": checkpoint,
            "reloaded_accuracy": reloaded_accuracy, "plot": plot}


if __name__ == "__main__":
    train(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FOLDER)
