"""Read the seed notebook (a text export) into cells, and run cells as Jupyter would.

Used by `autodiff_tour.py` (the demo) and by the test that checks every printed output
against the notebook's text.
"""

from __future__ import annotations

import ast
import io
import re
import warnings
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

SEED = Path(__file__).with_name("seed") / "automatic-differentiation.txt"
_CELL_HEADER = re.compile(r"^In \[(\d+)\]:\s*$")


@dataclass
class Cell:
    number: int
    code: str
    outputs: list[str] = field(default_factory=list)  # blocks shown under the cell
    warnings: list[str] = field(default_factory=list)  # source lines shown by warnings


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks, current = [], []
    for line in lines:
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def read_cells(path: Path = SEED) -> list[Cell]:
    """The notebook's code cells with the text displayed under each."""
    lines = path.read_text().splitlines()
    headers = [i for i, line in enumerate(lines) if _CELL_HEADER.match(line)]
    cells = []
    for index, start in enumerate(headers):
        end = headers[index + 1] if index + 1 < len(headers) else len(lines)
        blocks = _blocks(lines[start + 1:end])
        cell = Cell(int(_CELL_HEADER.match(lines[start]).group(1)), "\n".join(blocks[0]))
        for block in blocks[1:]:
            text = "\n".join(block)
            if text.startswith("tensor("):
                cell.outputs.append(text)
            elif block[0].startswith("  ") and len(block) == 1:
                cell.warnings.append(block[0].strip())
            elif not cell.outputs and _parses(cell.code + "\n\n" + text):
                cell.code += "\n\n" + text  # a blank line inside the cell's code
            else:
                break  # prose: the cell's output has ended
        cells.append(cell)
    return cells


def _parses(code: str) -> bool:
    try:
        ast.parse(code)
    except SyntaxError:
        return False
    return True


def run_cell(code: str, namespace: dict) -> tuple[str, list[warnings.WarningMessage]]:
    """Execute a cell; like Jupyter, display the value of a final expression if not None."""
    tree = ast.parse(code)
    last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    body = ast.Module(tree.body[:-1] if last else tree.body, type_ignores=[])
    buffer = io.StringIO()
    with warnings.catch_warnings(record=True) as caught, redirect_stdout(buffer):
        warnings.simplefilter("always")
        exec(compile(body, "<cell>", "exec"), namespace)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)
            if value is not None:
                print(repr(value))
    return buffer.getvalue(), caught
