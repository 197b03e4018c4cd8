"""The collectives under mpiexec with 2 and 3 processes, every op and dtype, against the
same reduction computed locally (tests/distributed/collective_cases.py); and what a
machine without mpi4py sees."""

from __future__ import annotations

import subprocess
import sys

import pytest

from . import _launch
from .collective_cases import CASES

SIZES = (2, 3)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict:
    """{size: [each rank's {case: outcome}]}: one mpiexec run per size, all cases."""
    found = {}
    for size in SIZES:
        folder = tmp_path_factory.mktemp(f"collectives{size}")
        found[size] = _launch.run_cases(size, "collective_cases", folder)
    return found


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", list(CASES))
def test_collective(outcomes, size, name):
    for rank, results in enumerate(outcomes[size]):
        assert results[name] == "ok", f"rank {rank} of {size}:\n{results[name]}"


_WITHOUT_MPI4PY = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "mpi4py":
            raise ModuleNotFoundError("No module named 'mpi4py'")
sys.meta_path.insert(0, Block())
import ember
import ember.distributed as dist
import ember.nn.parallel
from ember.utils.data.distributed import DistributedSampler
print(dist.is_available())
try:
    dist.init_process_group()
except RuntimeError as error:
    print(error)
"""


def test_without_mpi4py_the_package_imports_and_init_says_how_to_install():
    result = subprocess.run([sys.executable, "-c", _WITHOUT_MPI4PY], capture_output=True,
                            text=True, timeout=60, env=_launch.environment())
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "False"
    assert "pip install 'ember[distributed]'" in lines[1]


def test_processes_started_by_another_launcher_are_refused():
    env = dict(_launch.environment(), WORLD_SIZE="2", RANK="1")
    code = "import ember.distributed as d\ntry:\n    d.init_process_group()\n" \
           "except RuntimeError as e:\n    print(e)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, env=env)
    assert "WORLD_SIZE=2 in the environment, but MPI started 1 process(es)" in result.stdout, (
        result.stdout + result.stderr)


@pytest.mark.parametrize("backend", ["gloo", "nccl", "GLOO"])
def test_other_backends_are_refused_naming_mpi(backend):
    import ember.distributed as dist

    with pytest.raises(RuntimeError, match=r"no '\w+' backend.*backend='mpi'"):
        dist.init_process_group(backend)
    assert not dist.is_initialized()
