"""Start a training script on N processes of this machine, torchrun's way, through MPI:

    python -m ember.distributed.run --nproc-per-node 2 train.py --epochs 3

runs ``mpiexec -n 2 python .../ember/distributed/_rank_env.py train.py --epochs 3``: MPI's
launcher starts the processes and wires them together, and each process sets the
environment torchrun would give it (RANK, LOCAL_RANK, WORLD_SIZE, LOCAL_WORLD_SIZE,
MASTER_ADDR, MASTER_PORT) before it becomes ``python train.py``. The exit status is the
launcher's: non-zero when any rank failed (a rank that raises ends the job, see
docs/distributed.md). Across machines, call ``mpiexec`` itself with a host file; the
flags of torchrun that only make sense for its own rendezvous are refused here."""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from ._mpi import INSTALL_HINT


def find_mpiexec(given: str | None = None) -> str:
    """The MPI launcher: the one given, the one beside this Python (the mpich wheel puts
    it in the venv's bin/), or the first on PATH."""
    if given:
        return given
    beside = Path(sys.executable).parent / "mpiexec"
    if beside.exists():
        return str(beside)
    found = shutil.which("mpiexec") or shutil.which("mpirun")
    if found is None:
        raise SystemExit(f"ember.distributed.run: no mpiexec found. {INSTALL_HINT}")
    return found


def _processes(value: str) -> int:
    if value in ("auto", "cpu"):
        return os.cpu_count() or 1
    try:
        count = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid --nproc-per-node {value!r}: a positive "
                                         "integer, 'auto' or 'cpu'") from None
    if count < 1:
        raise argparse.ArgumentTypeError(f"--nproc-per-node must be at least 1, got {count}")
    return count


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m ember.distributed.run",
        description="Start a script on several processes of this machine through mpiexec "
                    "(torchrun's flags). Across machines use mpiexec with a host file.")
    p.add_argument("--nproc-per-node", "--nproc_per_node", type=_processes, default=1,
                   help="processes to start: an integer, or 'auto'/'cpu' for one per core")
    p.add_argument("--nnodes", default="1", help="machines: only 1 (use mpiexec's host file "
                   "for several)")
    p.add_argument("--node-rank", "--node_rank", type=int, default=0)
    p.add_argument("--standalone", action="store_true", help="accepted; always so here")
    p.add_argument("--master-addr", "--master_addr", default="127.0.0.1",
                   help="exported as MASTER_ADDR (MPI itself does not use it)")
    p.add_argument("--master-port", "--master_port", type=int, default=29500,
                   help="exported as MASTER_PORT (MPI itself does not use it)")
    p.add_argument("--max-restarts", "--max_restarts", type=int, default=0)
    p.add_argument("-m", "--module", action="store_true",
                   help="run training_script as a module (python -m)")
    p.add_argument("--no-python", "--no_python", action="store_true",
                   help="run training_script as a program, not with python")
    p.add_argument("--run-path", "--run_path", action="store_true",
                   help="accepted for torchrun's sake (the script runs as with python)")
    p.add_argument("--mpiexec", default=None,
                   help="the MPI launcher to use (default: the venv's, then PATH's)")
    p.add_argument("training_script")
    p.add_argument("training_script_args", nargs=argparse.REMAINDER)
    return p


def command(args: argparse.Namespace) -> list[str]:
    """The mpiexec command line for parsed arguments."""
    mode = ["--module"] if args.module else ["--no-python"] if args.no_python else []
    # The helper runs as a file, not with -m: that would import ember before the script.
    helper = str(Path(__file__).with_name("_rank_env.py"))
    return [find_mpiexec(args.mpiexec), "-n", str(args.nproc_per_node), sys.executable,
            helper, *mode, args.training_script, *args.training_script_args]


def main(argv: list[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if args.nnodes not in ("1", "1:1") or args.node_rank != 0:
        p.error("one machine only: across machines start the job with mpiexec and an MPI "
                "host file (mpiexec -f hosts -n 8 python train.py); see docs/distributed.md")
    if args.max_restarts != 0:
        p.error("--max-restarts: restarting failed ranks is not supported (MPI ends the "
                "whole job when a rank fails)")
    if args.module and args.no_python:
        p.error("--module and --no-python cannot be combined")
    env = dict(os.environ, MASTER_ADDR=args.master_addr, MASTER_PORT=str(args.master_port))
    process = subprocess.Popen(command(args), env=env)
    # Ctrl-C reaches mpiexec too (same process group), and mpiexec stops the ranks; the
    # launcher only waits for it and forwards a SIGTERM.
    signal.signal(signal.SIGTERM, lambda *_: process.terminate())
    while True:
        try:
            code = process.wait()
            break
        except KeyboardInterrupt:
            continue
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    sys.exit(main())
