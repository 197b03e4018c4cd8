"""The seed notebook, cell by cell, on ember: `import ember as torch` and nothing else changes.

Run with `make demo`. Each cell's code is shown, then what it displays, as in the notebook.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from notebook_runner import read_cells, run_cell  # noqa: E402

import ember  # noqa: E402

# The last cell draws a random number; this seed makes it draw one for which the
# notebook's printed gradient (1024) comes out. Any other draw is just as correct.
SEED_FOR_THE_RANDOM_CELL = 6


def main() -> None:
    namespace: dict = {}
    sys.modules.setdefault("torch", ember)  # the notebook's `import torch` gets ember
    ember.manual_seed(SEED_FOR_THE_RANDOM_CELL)
    try:
        for cell in read_cells():
            print(f"In [{cell.number}]:")
            print(cell.code)
            printed, caught = run_cell(cell.code, namespace)
            lines = cell.code.splitlines()
            for warning in caught:
                # Shown as Jupyter shows it: the warning, then the line that caused it.
                print(f"<cell>:{warning.lineno}: {warning.category.__name__}: {warning.message}")
                print(f"  {lines[warning.lineno - 1]}")
            if printed:
                print()
                print(printed, end="")
            print()
    finally:
        if sys.modules.get("torch") is ember:
            del sys.modules["torch"]


if __name__ == "__main__":
    main()
