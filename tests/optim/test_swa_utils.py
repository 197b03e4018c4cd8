"""ember.optim.swa_utils: names and the cases the recorded user code does not reach.

The behaviour against torch 2.13 (the SWA tutorial's loop, EMA, averaged BatchNorm buffers,
state_dicts, SWALR, errors) is recorded in tests/reference/cases_optim_swa.py and replayed
by tests/test_torch_reference.py; SWALR's schedules and state_dicts are also cases of
tests/optim/test_lr_scheduler.py.
"""

from __future__ import annotations

import numpy as np

import ember
from ember import nn
from ember.optim import swa_utils

# torch 2.13's names (torch.optim.__all__, torch.optim.swa_utils.__all__).
TORCH_OPTIM = ["Adafactor", "Adadelta", "Adagrad", "Adam", "Adamax", "AdamW", "ASGD", "LBFGS",
               "lr_scheduler", "Muon", "NAdam", "Optimizer", "RAdam", "RMSprop", "Rprop",
               "SGD", "SparseAdam", "swap_in_optimizer_params_and_state", "swa_utils"]
# Left out, with the reason in docs/differences.md: it traces optimizer.step() over
# FakeTensors. (Muon is there, refusing: it computes in bfloat16.)
NOT_PROVIDED = {"swap_in_optimizer_params_and_state"}


def test_names_are_torchs() -> None:
    assert swa_utils.__all__ == [
        "AveragedModel", "update_bn", "SWALR", "get_ema_multi_avg_fn", "get_swa_multi_avg_fn",
        "get_ema_avg_fn", "get_swa_avg_fn",
    ]
    assert set(ember.optim.__all__) == set(TORCH_OPTIM) - NOT_PROVIDED
    assert all(hasattr(ember.optim, name) for name in ember.optim.__all__)
    assert issubclass(swa_utils.SWALR, ember.optim.lr_scheduler.LRScheduler)


def test_multi_avg_fn_sees_each_dtype_group_once_newest_first() -> None:
    class Mixed(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.a = nn.Parameter(ember.ones(2, dtype=ember.float64))
            self.b = nn.Parameter(ember.ones(3))
            self.c = nn.Parameter(ember.ones(4, dtype=ember.float64))
            self.register_buffer("count", ember.tensor([1, 2]))

    seen = []
    model = Mixed()
    averaged = swa_utils.AveragedModel(
        model, use_buffers=True,
        multi_avg_fn=lambda avg, cur, n: seen.append(([t.shape for t in avg], n.item())))
    averaged.update_parameters(model)
    assert seen == []  # the first update copies
    averaged.update_parameters(model)
    assert seen == [([(2,)], 1), ([(3,)], 1), ([(2,), (4,)], 1)]


def test_swa_weight_of_a_count_tensor_is_read_in_the_default_dtype() -> None:
    """1 / (n + 1) of a count tensor is float32, read back as a number: float64 weights move
    by float32's 1/3 (torch's _foreach_lerp_ does the same)."""
    start = ember.tensor([1.0, 2.0], dtype=ember.float64)
    end = ember.tensor([3.0, 6.0], dtype=ember.float64)
    by_tensor = [start.clone()]
    swa_utils.get_swa_multi_avg_fn()(by_tensor, [end], ember.tensor(2))
    by_number = [start.clone()]
    swa_utils.get_swa_multi_avg_fn()(by_number, [end], 2)
    third = float(np.float32(1) / np.float32(3))
    assert by_tensor[0].tolist() == start.lerp(end, third).tolist()
    assert by_number[0].tolist() == start.lerp(end, 1 / 3).tolist()
    assert by_tensor[0].tolist() != by_number[0].tolist()
