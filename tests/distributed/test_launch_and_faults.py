"""The launcher (python -m ember.distributed.run, torchrun's flags, through mpiexec) and
what happens when a rank fails: the job ends non-zero within a time limit, with a
message, whichever way the rank fails (tests/distributed/workers/faults.py)."""

from __future__ import annotations

import sys
import time

import pytest

from ember.distributed import run as launcher

from . import _launch

LIMIT_S = 45  # each failing job must be over well within this (it takes a few seconds)


def _launch_module(*args: str, timeout: float = 60):
    return _launch.run([sys.executable, "-m", "ember.distributed.run", *args], timeout)


def test_run_starts_processes_with_torchruns_environment():
    result = _launch_module("--nproc-per-node", "2", "--master-port", "29511",
                            str(_launch.WORKERS / "launched.py"), "--lr", "0.1")
    _launch.check_ok(result)
    for r in range(2):  # the ranks' lines may come in either order
        assert (f"rank {r} of 2 RANK={r} LOCAL_RANK={r} WORLD_SIZE=2 LOCAL_WORLD_SIZE=2 "
                f"MASTER_ADDR=127.0.0.1 MASTER_PORT=29511 argv ['--lr', '0.1']"
                in result.stdout), result.stdout + result.stderr


def test_run_builds_the_mpiexec_command():
    args = launcher.parser().parse_args(["--nproc_per_node", "3", "-m", "pkg.train", "--x"])
    command = launcher.command(args)
    assert command[1:4] == ["-n", "3", sys.executable]
    assert command[4].endswith("_rank_env.py")
    assert command[5:] == ["--module", "pkg.train", "--x"]


@pytest.mark.parametrize("flags, message", [
    (["--nnodes", "2"], "one machine only"),
    (["--node-rank", "1"], "one machine only"),
    (["--max-restarts", "3"], "restarting failed ranks is not supported"),
    (["--nproc-per-node", "0"], "--nproc-per-node must be at least 1"),
])
def test_run_refuses_what_it_cannot_do(flags, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        launcher.main([*flags, "train.py"])
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def _timed(function, *args, **kwargs):
    start = time.monotonic()
    result = function(*args, **kwargs)
    return result, time.monotonic() - start


def test_a_rank_that_raises_ends_the_job_through_the_launcher():
    result, seconds = _timed(_launch_module, "--nproc-per-node", "2",
                             str(_launch.WORKERS / "faults.py"), "raise", timeout=LIMIT_S)
    assert result.returncode != 0
    assert seconds < LIMIT_S
    assert "ValueError: rank 1 fails on purpose" in result.stderr
    assert "rank 1 of 2 raised ValueError; aborting all ranks (MPI_Abort)" in result.stderr
    assert "finished" not in result.stdout


def test_a_killed_rank_ends_the_job():
    result, seconds = _timed(_launch.run_ranks, 2, "faults.py", "kill", timeout=LIMIT_S)
    assert result.returncode != 0
    assert seconds < LIMIT_S
    assert "Killed (signal 9)" in result.stdout + result.stderr
    assert "rank 0 finished" not in result.stdout


def test_a_rank_that_leaves_early_makes_the_others_time_out_and_abort():
    result, seconds = _timed(_launch.run_ranks, 2, "faults.py", "exit", timeout=LIMIT_S)
    assert result.returncode != 0
    assert seconds < LIMIT_S
    assert "gradient allreduce timed out after 3 s" in result.stderr
    assert "rank 0 of 2 raised DistBackendError; aborting all ranks" in result.stderr
