"""Text rendering of tensors, matching what PyTorch prints character for character.

This module is pure NumPy and knows nothing about ember's tensor class: the tensor code hands
``tensor_repr`` the raw array, the dtype name and any ``grad_fn``/``requires_grad`` suffixes.

How PyTorch lays a tensor out (reproduced here from its observable behaviour):

* One formatter is chosen for the whole tensor, so every element gets the same width.
  For floating tensors it looks only at the finite, non-zero values:
  - if they are all whole numbers it prints them as ``3.`` ("int mode");
  - it switches to scientific notation when the largest magnitude exceeds 1e8, when the
    largest is more than 1000 times the smallest, or (outside int mode) when the smallest
    is below 1e-4;
  - otherwise it prints ``precision`` digits after the point.
  ``set_printoptions(sci_mode=...)`` can force the notation (except for tensors with no
  finite non-zero value, which always print like ``0.``).
* Tensors with more than ``threshold`` elements are summarised: along every dimension longer
  than ``2 * edgeitems`` only the first and last ``edgeitems`` entries are shown, around ``...``.
  The formatter is then fitted to the shown entries only.
* Rows wrap so that each line fits ``linewidth``; 3-D and larger tensors separate their
  sub-blocks with blank lines; trailing keywords (``dtype=``, ``size=``, ``grad_fn=``...) wrap
  onto a new line when they would overflow.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["get_printoptions", "set_printoptions", "tensor_repr", "meta_repr"]


@dataclasses.dataclass
class _PrintOptions:
    precision: int = 4
    threshold: float = 1000
    edgeitems: int = 3
    linewidth: int = 80
    sci_mode: bool | None = None


# (precision, threshold, edgeitems, linewidth) for each named profile.
_PROFILES: dict[str, tuple[int, float, int, int]] = {
    "default": (4, 1000, 3, 80),
    "short": (2, 1000, 2, 80),
    "full": (4, math.inf, 3, 80),
}

_OPTIONS = _PrintOptions()

_FLOAT_DTYPES = frozenset({"float16", "bfloat16", "float32", "float64"})
_PREFIX = "tensor("


def set_printoptions(
    precision: int | None = None,
    threshold: float | None = None,
    edgeitems: int | None = None,
    linewidth: int | None = None,
    profile: str | None = None,
    sci_mode: bool | None = None,
) -> None:
    """Change how tensors are printed; same arguments and semantics as torch.set_printoptions.

    A profile ("default", "short" or "full") is applied first and explicit arguments override
    it. An unknown profile name is silently ignored, as in PyTorch. ``sci_mode`` is always
    assigned, so any call that omits it returns to automatic notation, again as PyTorch does.
    """
    if profile in _PROFILES:
        (
            _OPTIONS.precision,
            _OPTIONS.threshold,
            _OPTIONS.edgeitems,
            _OPTIONS.linewidth,
        ) = _PROFILES[profile]
    if precision is not None:
        _OPTIONS.precision = precision
    if threshold is not None:
        _OPTIONS.threshold = threshold
    if edgeitems is not None:
        _OPTIONS.edgeitems = edgeitems
    if linewidth is not None:
        _OPTIONS.linewidth = linewidth
    _OPTIONS.sci_mode = sci_mode


def get_printoptions() -> dict[str, Any]:
    """Return the current print options as a dict (like torch._tensor_str.get_printoptions)."""
    return dataclasses.asdict(_OPTIONS)


def tensor_repr(
    data: np.ndarray,
    dtype_name: str,
    default_dtype_name: str,
    suffixes: Sequence[str] = (),
    prefix: str = _PREFIX,
) -> str:
    """Return what PyTorch prints for ``repr(t)`` of a CPU tensor holding ``data``.

    ``dtype_name`` is the torch dtype without the ``torch.`` prefix (e.g. "float32"),
    ``default_dtype_name`` the current default floating dtype, and ``suffixes`` already
    formatted keywords such as "requires_grad=True" that go after any dtype/size keyword.
    ``prefix`` opens it: "tensor(", or a Tensor subclass's name and "(".
    """
    data = np.asarray(data)
    indent = len(prefix)
    keywords: list[str] = []

    if data.size == 0:
        body = "[]"
        # Nothing shows the shape or the dtype, so both are spelled out (a 1-D shape is implied).
        if data.ndim != 1:
            keywords.append(f"size={tuple(data.shape)}")
        if dtype_name != default_dtype_name:
            keywords.append(f"dtype=torch.{dtype_name}")
    else:
        # With edgeitems=0 a summarised tensor shows no entries at all, so give its shape.
        if not _OPTIONS.edgeitems:
            keywords.append(f"size={tuple(data.shape)}")
        if dtype_name not in _implied_dtypes(default_dtype_name):
            keywords.append(f"dtype=torch.{dtype_name}")
        body = _format_body(data, dtype_name in _FLOAT_DTYPES, indent)

    return _append_keywords(prefix + body, [*keywords, *suffixes], indent)


def meta_repr(shape: tuple, dtype_name: str, default_dtype_name: str,
              suffixes: Sequence[str] = (), prefix: str = _PREFIX) -> str:
    """What PyTorch prints for a tensor on the meta device: no values, its size, and its
    dtype unless it is the default floating dtype (int64 included)."""
    keywords = ["device='meta'", f"size={tuple(shape)}"]
    if dtype_name != default_dtype_name:
        keywords.append(f"dtype=torch.{dtype_name}")
    return _append_keywords(prefix + "...", [*keywords, *suffixes], len(prefix))


def _implied_dtypes(default_dtype_name: str) -> tuple[str, ...]:
    """Dtypes whose values are recognisable from the printed text, so no dtype= is needed."""
    default_complex = "complex128" if default_dtype_name == "float64" else "complex64"
    return (default_dtype_name, default_complex, "int64", "bool")


def _format_body(data: np.ndarray, is_float: bool, indent: int) -> str:
    """Format the bracketed contents of a non-empty tensor."""
    if data.dtype.kind == "c":
        data = data.astype(np.complex128)
    elif is_float:
        # Every float dtype is exactly representable in float64, and Python formats floats
        # the way PyTorch does after converting each element with .item().
        data = data.astype(np.float64)
    summarize = data.size > _OPTIONS.threshold
    shown = _shown_entries(data) if summarize else data
    if data.dtype.kind == "c":
        formatter = _ComplexFormatter(_Formatter.fit(shown.real, True),
                                      _Formatter.fit(shown.imag, True))
    else:
        formatter = _Formatter.fit(shown, is_float)
    return _format_block(data, formatter, indent, summarize)


def _shown_entries(data: np.ndarray) -> np.ndarray:
    """The entries that survive summarisation; the shared formatter is fitted to these only."""
    edge = _OPTIONS.edgeitems
    if data.ndim == 0:
        return data
    if edge == 0:
        # PyTorch quirk: a 1-D tensor keeps all its values here (its "last 0" slice is the
        # whole tensor), while higher dimensions keep none.
        return data if data.ndim == 1 else data.reshape(-1)[:0]
    for axis, length in enumerate(data.shape):
        if length > 2 * edge:
            kept = np.r_[0:edge, length - edge : length]
            data = np.take(data, kept, axis=axis)
    return data


@dataclasses.dataclass
class _Formatter:
    """Turns single elements into equal-width strings, following PyTorch's choices."""

    is_float: bool
    int_mode: bool = True
    sci_mode: bool = False
    width: int = 1

    @classmethod
    def fit(cls, values: np.ndarray, is_float: bool) -> _Formatter:
        """Choose notation and width for a tensor whose displayed entries are ``values``."""
        if not is_float:
            widths = [len(str(v)) for v in np.unique(values).tolist()]
            return cls(is_float=False, width=max([1, *widths]))

        candidates = values[np.isfinite(values) & (values != 0)]
        if candidates.size == 0:
            # PyTorch stops early here: zeros, nan and inf print in int mode ("0.", "nan"),
            # and even a forced sci_mode is not applied.
            return cls(is_float=True)

        magnitudes = np.abs(candidates)
        smallest, largest = float(magnitudes.min()), float(magnitudes.max())
        int_mode = bool(np.all(candidates == np.ceil(candidates)))
        sci_mode = largest / smallest > 1000.0 or largest > 1.0e8
        if not int_mode:
            sci_mode = sci_mode or smallest < 1.0e-4

        # A notation forced through set_printoptions wins, and widths are measured in it.
        if _OPTIONS.sci_mode is not None:
            sci_mode = _OPTIONS.sci_mode

        formatter = cls(is_float=True, int_mode=int_mode, sci_mode=sci_mode)
        # Only finite non-zero values count; a wider "nan", "-inf" or "-0." just overflows.
        formatter.width = max(len(formatter.format(v)) for v in np.unique(candidates).tolist())
        return formatter

    def format(self, value: float | int | bool) -> str:
        """Format one element, right-aligned to the common width."""
        if not self.is_float:
            text = str(value)
        elif self.sci_mode:
            text = f"{value:.{_OPTIONS.precision}e}"
        elif self.int_mode:
            text = f"{value:.0f}"
            if math.isfinite(value):
                text += "."
        else:
            text = f"{value:.{_OPTIONS.precision}f}"
        return text.rjust(self.width)


class _ComplexFormatter:
    """torch's complex elements: the real part by a formatter fitted to the real parts, then
    the imaginary part by one fitted to the imaginary parts, its padding dropped, with its
    sign ("+" added unless it has one) and "j". A row counts both widths and the "j"."""

    def __init__(self, real: _Formatter, imag: _Formatter) -> None:
        self.real, self.imag = real, imag
        self.width = real.width + imag.width + 1

    def format(self, value: complex) -> str:
        imag = (self.imag.format(value.imag) + "j").lstrip()
        return self.real.format(value.real) + (imag if imag[0] in "+-" else "+" + imag)


def _format_block(block: np.ndarray, formatter: _Formatter, indent: int, summarize: bool) -> str:
    """Recursively format ``block``, whose opening bracket sits in column ``indent``."""
    if block.ndim == 0:
        return formatter.format(block.item())
    if block.ndim == 1:
        return _format_row(block, formatter, indent, summarize)

    edge = _OPTIONS.edgeitems
    length = block.shape[0]
    if summarize and length > 2 * edge:
        parts = [
            *(_format_block(block[i], formatter, indent + 1, summarize) for i in range(edge)),
            "...",
            *(
                _format_block(block[i], formatter, indent + 1, summarize)
                for i in range(length - edge, length)
            ),
        ]
    else:
        parts = [_format_block(sub, formatter, indent + 1, summarize) for sub in block]
    # Sub-blocks of an n-D tensor are separated by n-2 blank lines.
    separator = "," + "\n" * (block.ndim - 1) + " " * (indent + 1)
    return "[" + separator.join(parts) + "]"


def _format_row(row: np.ndarray, formatter: _Formatter, indent: int, summarize: bool) -> str:
    """Format a 1-D block, wrapping it so lines fit the configured line width."""
    edge = _OPTIONS.edgeitems
    if summarize and not edge:
        items = ["..."]
    elif summarize and row.shape[0] > 2 * edge:
        items = [
            *(formatter.format(v) for v in row[:edge].tolist()),
            " ...",
            *(formatter.format(v) for v in row[-edge:].tolist()),
        ]
    else:
        items = [formatter.format(v) for v in row.tolist()]

    # Each element costs its width plus ", "; at least one element goes on every line.
    per_line = max(1, (_OPTIONS.linewidth - indent) // (formatter.width + 2))
    lines = [", ".join(items[i : i + per_line]) for i in range(0, len(items), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _append_keywords(text: str, keywords: Sequence[str], indent: int) -> str:
    """Add ", keyword" entries and the closing parenthesis, wrapping long lines."""
    # PyTorch's running measure of the current line starts 2 above its real length.
    line_length = len(text) - text.rfind("\n") + 1
    pieces = [text]
    for keyword in keywords:
        if line_length + len(keyword) + 2 > _OPTIONS.linewidth:
            pieces.append(",\n" + " " * indent + keyword)
            line_length = indent + len(keyword)
        else:
            pieces.append(", " + keyword)
            line_length += len(keyword) + 2
    pieces.append(")")
    return "".join(pieces)
