"""Inside each process that ``python -m ember.distributed.run`` starts: set torchrun's
environment variables from what the MPI launcher put there, then become the training
script (exec, so the process MPI watches is the script itself).

    python .../ember/distributed/_rank_env.py [--module | --no-python] script args..."""

from __future__ import annotations

import os
import sys

# Where MPICH's hydra and Open MPI's launcher put each process's place in the job.
_FROM_LAUNCHER = {
    "RANK": ("PMI_RANK", "OMPI_COMM_WORLD_RANK"),
    "WORLD_SIZE": ("PMI_SIZE", "OMPI_COMM_WORLD_SIZE"),
    "LOCAL_RANK": ("MPI_LOCALRANKID", "OMPI_COMM_WORLD_LOCAL_RANK"),
    "LOCAL_WORLD_SIZE": ("MPI_LOCALNRANKS", "OMPI_COMM_WORLD_LOCAL_SIZE"),
}


def torchrun_environment(environ: dict) -> dict:
    """torchrun's variables for this process (empty where the launcher gave nothing)."""
    found = {}
    for name, sources in _FROM_LAUNCHER.items():
        for source in sources:
            if source in environ:
                found[name] = environ[source]
                break
    if found:
        found.setdefault("GROUP_RANK", "0")
        found.setdefault("ROLE_RANK", found.get("RANK", "0"))
        found.setdefault("ROLE_WORLD_SIZE", found.get("WORLD_SIZE", "1"))
    return found


def main(argv: list[str]) -> None:
    os.environ.update(torchrun_environment(os.environ))
    if argv and argv[0] == "--no-python":
        os.execvp(argv[1], argv[1:])
    if argv and argv[0] == "--module":
        os.execv(sys.executable, [sys.executable, "-m", *argv[1:]])
    os.execv(sys.executable, [sys.executable, *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
