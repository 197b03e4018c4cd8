"""Modules and functional losses given a list or a number where a tensor belongs: torch's
exception type and message (the checked functional forms raise TypeError, the Python
ones AttributeError about `size`)."""

from __future__ import annotations

CASES = [
    ("module_bad_inputs_losses", """
import torch.nn as nn
import torch.nn.functional as F
def show(f):
    try:
        print("ok", f())
    except Exception as e:
        print(type(e).__name__, str(e).split(chr(10))[0])
t = torch.tensor([[1.0, 2.0]])
show(lambda: nn.CrossEntropyLoss()([[1.0, 2.0]], torch.tensor([0])))
show(lambda: F.cross_entropy([[1.0, 2.0]], torch.tensor([0])))
show(lambda: nn.CrossEntropyLoss()(t, [0]))
show(lambda: nn.MSELoss()([1.0], torch.tensor([1.0])))
show(lambda: nn.NLLLoss()([[1.0, 2.0]], torch.tensor([0])))
show(lambda: nn.BCELoss()([0.5], torch.tensor([1.0])))
show(lambda: nn.L1Loss()(torch.tensor([1.0]), 2.0))
show(lambda: nn.HuberLoss()([1.0], torch.tensor([1.0])))
show(lambda: nn.SmoothL1Loss()(torch.tensor([1.0]), [1.0]))
show(lambda: nn.BCEWithLogitsLoss()([1.0], torch.tensor([1.0])))
"""),
    ("module_bad_inputs_layers", """
import torch.nn as nn
def show(f):
    try:
        print("ok", f())
    except Exception as e:
        print(type(e).__name__, str(e).split(chr(10))[0])
x = [[1.0, 2.0]]
for m in [nn.MaxPool2d(2), nn.AvgPool1d(2), nn.MaxPool1d(2), nn.AvgPool2d(2), nn.LayerNorm(2),
          nn.Dropout(), nn.Embedding(3, 2), nn.ConvTranspose2d(1, 1, 1), nn.Linear(2, 1),
          nn.ReLU(), nn.Sigmoid(), nn.PReLU(), nn.BatchNorm1d(2), nn.InstanceNorm1d(2),
          nn.RNN(2, 2), nn.LSTM(2, 2), nn.GRU(2, 2), nn.GroupNorm(1, 2),
          nn.Upsample(scale_factor=2)]:
    print(type(m).__name__, end=" ")
    show(lambda: m(x))
print("MultiheadAttention", end=" ")
show(lambda: nn.MultiheadAttention(2, 1)(x, x, x))
print("Conv2d", end=" ")
try:
    nn.Conv2d(1, 1, 1)(x)
except TypeError as e:
    print("TypeError")
"""),
]
