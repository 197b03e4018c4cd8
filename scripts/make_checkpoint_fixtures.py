"""Write the small torch checkpoints that tests/test_serialization.py loads into ember.

Run with a real torch: /work/torchenv/bin/python scripts/make_checkpoint_fixtures.py
Each file's expected contents are rebuilt in the test from the same deterministic recipe
(arange values), so no second copy of the data is needed.
"""

from __future__ import annotations

import collections
from pathlib import Path

import torch

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "checkpoints"
DTYPES = ["float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool"]


def model() -> torch.nn.Sequential:
    """Linear(3, 4) -> ReLU -> Linear(4, 2), weights arange/10 so the test can rebuild them."""
    net = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    with torch.no_grad():
        for p in net.parameters():
            p.copy_(torch.arange(p.numel(), dtype=torch.float32).reshape(p.shape) / 10 - 0.5)
    return net


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    torch.save(model().state_dict(), OUT / "sequential_state_dict.pt")

    dtypes = {}
    for name in DTYPES:
        values = torch.arange(-3, 3).reshape(2, 3) if name not in ("uint8", "bool") \
            else torch.arange(6).reshape(2, 3)
        dtypes[name] = (values % 2 == 0) if name == "bool" else values.to(getattr(torch, name))
    torch.save(dtypes, OUT / "dtypes.pt")

    base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    torch.save({
        "base": base,
        "row": base[1],
        "strided": base[1:, ::2],
        "transposed": base.t(),
        "scalar": torch.tensor(3.5, dtype=torch.float64),
        "empty": torch.zeros(0, 3),
    }, OUT / "views.pt")

    exp_avg = torch.arange(6, dtype=torch.float32).reshape(2, 3) / 4
    torch.save({
        "state": {0: {"step": torch.tensor(3.0), "exp_avg": exp_avg, "exp_avg_sq": exp_avg ** 2},
                  1: {"step": torch.tensor(3.0), "exp_avg": torch.ones(3),
                      "exp_avg_sq": torch.full((3,), 0.5)}},
        "param_groups": [{"lr": 0.001, "betas": (0.9, 0.999), "eps": 1e-08,
                          "weight_decay": 0, "amsgrad": False, "maximize": False,
                          "foreach": None, "capturable": False, "differentiable": False,
                          "fused": None, "params": [0, 1]}],
    }, OUT / "adam_like_state.pt")

    torch.save({"set": {1, 2}, "bytes": b"xy", "complex": 1 + 2j, "device": torch.device("cpu"),
                "bytearray": bytearray(b"q"), "size": torch.Size([2, 3]),
                "counter": collections.Counter(a=1), "dtype": torch.float16},
               OUT / "python_objects.pt")

    tied = torch.nn.Parameter(torch.arange(4, dtype=torch.float32))
    torch.save(collections.OrderedDict(a=tied, b=tied, grad_free=torch.nn.Parameter(
        torch.ones(2), requires_grad=False)), OUT / "parameters.pt")


if __name__ == "__main__":
    main()
