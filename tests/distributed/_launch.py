"""Start a worker script under the MPI launcher of the test's own venv, bounded in time."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

WORKERS = Path(__file__).resolve().parent / "workers"
SRC = Path(__file__).resolve().parents[2] / "src"


def mpiexec() -> str:
    """The venv's mpiexec (the mpich wheel puts it beside python), else one on PATH."""
    beside = Path(sys.executable).parent / "mpiexec"
    if beside.exists():
        return str(beside)
    found = shutil.which("mpiexec")
    if found is None:
        pytest.fail("no mpiexec: pip install 'ember[distributed]' (make test installs it)")
    return found


def environment() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    env.setdefault("OMP_NUM_THREADS", "1")  # two ranks on two cores: no BLAS threads
    return env


def run(command: list[str], timeout: float) -> subprocess.CompletedProcess:
    """Run a command in its own session; on timeout kill the whole session (launcher and
    ranks) and fail the test."""
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=environment(),
                               start_new_session=True)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        pytest.fail(f"{' '.join(command)} did not finish within {timeout} s\n"
                    f"stdout:\n{out}\nstderr:\n{err}")
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def run_ranks(nprocs: int, script: str, *args: str,
              timeout: float = 60) -> subprocess.CompletedProcess:
    """``mpiexec -n nprocs python workers/script args...``."""
    command = [mpiexec(), "-n", str(nprocs), sys.executable, str(WORKERS / script), *args]
    return run(command, timeout)


def run_cases(nprocs: int, module: str, folder: Path, timeout: float = 90) -> list[dict]:
    """Each rank's {case: outcome} after running a case module under mpiexec."""
    result = run_ranks(nprocs, "run_cases.py", module, str(folder), timeout=timeout)
    check_ok(result)
    return [json.loads((folder / f"rank{r}.json").read_text()) for r in range(nprocs)]


def check_ok(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 0, (f"exit {result.returncode}\nstdout:\n{result.stdout}\n"
                                    f"stderr:\n{result.stderr}")
