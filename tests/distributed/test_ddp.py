"""DistributedDataParallel under mpiexec with 2 and 3 processes (tests/distributed/ddp_cases.py):
equivalence with one process on the whole batch, no_sync accumulation, unused parameters,
buffers, state_dict keys, torch's errors."""

from __future__ import annotations

import pytest

import ember
from ember import nn
from ember.nn.parallel import DistributedDataParallel

from . import _launch
from .ddp_cases import CASES

SIZES = (2, 3)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict:
    return {size: _launch.run_cases(size, "ddp_cases", tmp_path_factory.mktemp(f"ddp{size}"))
            for size in SIZES}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", list(CASES))
def test_ddp(outcomes, size, name):
    for rank, results in enumerate(outcomes[size]):
        assert results[name] == "ok", f"rank {rank} of {size}:\n{results[name]}"


def test_ddp_before_init_process_group_raises_torchs_error():
    with pytest.raises(ValueError, match="Default process group has not been initialized"):
        DistributedDataParallel(nn.Linear(2, 2))


def test_nn_parallel_is_reachable_as_in_torch():
    assert ember.nn.parallel.DistributedDataParallel is DistributedDataParallel
