"""Runs every case of a case module of tests/distributed (its CASES dict) on this rank and
writes {case: "ok" | the traceback} to <folder>/rank<R>.json.

    mpiexec -n 2 python run_cases.py collective_cases FOLDER"""

import datetime
import importlib
import json
import sys
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import ember.distributed as dist  # noqa: E402

cases = importlib.import_module(sys.argv[1]).CASES
# A case that fails on one rank only must not leave the others waiting for long.
dist.init_process_group("mpi", timeout=datetime.timedelta(seconds=10))
rank, size = dist.get_rank(), dist.get_world_size()
results = {}
for name, function in cases.items():
    try:
        function(rank, size)
        results[name] = "ok"
    except Exception:
        results[name] = traceback.format_exc()
Path(sys.argv[2], f"rank{rank}.json").write_text(json.dumps(results))
dist.destroy_process_group()
