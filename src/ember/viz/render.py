"""Writing a Graph to files: .svg and .dot always; .png with Graphviz or cairosvg.

The SVG comes from the pure-Python layout unless engine="graphviz" asks for Graphviz's
`dot` program. PNG needs a rasterizer: `dot` when it is on PATH, else the cairosvg
package; with neither, a RuntimeError says what to install.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
from pathlib import Path

from .graph import Graph

__all__ = ["save", "svg_text"]

ENGINES = ("python", "graphviz")
_NEEDS_GRAPHVIZ = (
    "engine='graphviz' needs Graphviz's `dot` program on PATH (install the `graphviz` "
    "system package, e.g. `apt install graphviz` or `brew install graphviz`); the default "
    "engine='python' needs nothing."
)
_NEEDS_RASTERIZER = (
    "saving a .png needs Graphviz's `dot` program on PATH (install the `graphviz` system "
    "package, e.g. `apt install graphviz` or `brew install graphviz`) or the Python package "
    "cairosvg (`pip install cairosvg`). Saving .svg or .dot needs neither."
)


def _dot_program() -> str | None:
    return shutil.which("dot")


def _run_dot(g: Graph, fmt: str) -> bytes:
    program = _dot_program()
    if program is None:
        raise RuntimeError(_NEEDS_GRAPHVIZ)
    done = subprocess.run([program, f"-T{fmt}"], input=g.to_dot().encode(),
                          capture_output=True, check=False, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"Graphviz's dot failed: {done.stderr.decode(errors='replace')}")
    return done.stdout


def svg_text(g: Graph, engine: str = "python") -> str:
    if engine == "python":
        from .svg import to_svg

        return to_svg(g)
    if engine == "graphviz":
        return _run_dot(g, "svg").decode()
    raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")


def _png(g: Graph, engine: str) -> bytes:
    if _dot_program() is not None:
        return _run_dot(g, "png")
    try:
        cairosvg = importlib.import_module("cairosvg")
    except ImportError:
        raise RuntimeError(_NEEDS_RASTERIZER) from None
    return cairosvg.svg2png(bytestring=svg_text(g, engine).encode())


def save(g: Graph, path, engine: str = "python") -> str:
    """Write the graph to `path`; the format follows the suffix. Returns the path."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".svg":
        path.write_text(svg_text(g, engine), encoding="utf-8")
    elif suffix == ".dot" or suffix == ".gv":
        path.write_text(g.to_dot(), encoding="utf-8")
    elif suffix == ".png":
        path.write_bytes(_png(g, engine))
    else:
        raise ValueError(f"cannot save a graph as {suffix or 'a file without suffix'!r}: "
                         "use .svg, .dot or .png")
    return str(path)
