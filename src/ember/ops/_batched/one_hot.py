"""Identity cotangents kept compact: the rows a Jacobian starts from, until they must spread.

A reverse-mode Jacobian pushes the rows of an identity through the graph. Each row is zero
but for one element, so stored densely a chunk of B rows of an n-element output costs B*n
values, nearly all zeros, and every formula on the way does B*n multiplications.
`OneHotRows` keeps such a batch as two vectors instead: row r is `values[r]` at flat
position `positions[r]` (positions distinct), zero elsewhere. "Zero" keeps its sign: a
formula on the way may turn a row's zeros into -0 (`0 * y` for a negative y), as the dense
pass and torch show (`jacobian(lambda x: x * x, x)` prints -0. off the diagonal where x is
negative), so the rows also carry their `background`, the signed zeros every row holds
off its own position (one array of the output's shape, shared by the rows).

It stays compact through elementwise formulas: an elementwise formula treats each element
on its own, so the B rows can be packed into ONE array of the output's shape (row r's value
at its position) and the formula run once on it. Then `mm`/`matmul`/`addmm` turn it into
dense gradients by writing each row's single product (`value * row of the other factor`)
into zeros, instead of B*n*k multiply-adds. Any other op receives the dense rows
(`OneHotRows.dense()`), exactly what the plain batched pass would have given it.

The results are bit-identical to the dense pass (tests/test_one_hot_rows.py checks every
op): the formulas see the same products, and where the dense pass would turn the zeros of
a row into something else (a formula giving nan or nonzero for a zero gradient, inf or nan
in the other factor of a product, 0 * inf), the rows go dense first.
"""

from __future__ import annotations

import numpy as np

from .._registry import needs_grad as _needs
from .._symbolic_zero import is_symbolic, symbolic_zeros
from ._common import ELEMENTWISE_MODULES, ELEMENTWISE_OPS

__all__ = ["OneHotRows", "one_hot_step"]


class OneHotRows:
    """A batch of cotangent rows of shape `shape`, row r `background` except `values[r]` at
    flat position `positions[r]`; no two rows share a position. `background` is None for
    +0 everywhere (an identity's rows), else an array of `shape` holding signed zeros."""

    __slots__ = ("positions", "values", "shape", "background")

    def __init__(self, positions: np.ndarray, values: np.ndarray, shape: tuple,
                 background: np.ndarray | None = None) -> None:
        self.positions = positions
        self.values = values
        self.shape = tuple(shape)
        self.background = background

    @classmethod
    def identity_rows(cls, start: int, stop: int, shape: tuple, dtype) -> OneHotRows:
        """Rows start..stop of the identity of an output of `shape`."""
        return cls(np.arange(start, stop), np.ones(stop - start, dtype=dtype), shape)

    @property
    def dtype(self) -> np.dtype:
        return self.values.dtype

    def __len__(self) -> int:
        return len(self.positions)

    def dense(self) -> np.ndarray:
        """The rows as one (B, *shape) array."""
        rows = np.zeros((len(self), _size(self.shape)), dtype=self.dtype)
        if self.background is not None:
            rows[...] = self.background.reshape(-1)
        rows[np.arange(len(self)), self.positions] = self.values
        return rows.reshape((len(self),) + self.shape)

    def packed(self) -> np.ndarray:
        """Every row's value at its position in one array of `shape` (the background
        elsewhere)."""
        packed = np.zeros(_size(self.shape), dtype=self.dtype)
        if self.background is not None:
            packed[...] = self.background.reshape(-1)
        packed[self.positions] = self.values
        return packed.reshape(self.shape)

    def plus(self, other: OneHotRows) -> OneHotRows | None:
        """The sum of two batches with the same positions (None for other positions)."""
        if self.positions is not other.positions and not np.array_equal(self.positions,
                                                                         other.positions):
            return None
        # (+0 + -0 is +0: the sum's zeros are negative only where both rows' are)
        background = None
        if self.background is not None and other.background is not None:
            background = _signed(self.background + other.background)
        return OneHotRows(self.positions, self.values + other.values, self.shape, background)


def _size(shape: tuple) -> int:
    size = 1
    for n in shape:
        size *= n
    return size


def _signed(zeros: np.ndarray) -> np.ndarray | None:
    """A background of zeros, or None where none of them is -0 (the rows' own zeros)."""
    return zeros if np.signbit(zeros).any() else None


def one_hot_step(node, g: OneHotRows) -> tuple | None:
    """The gradients of node's inputs for the rows `g`, OneHotRows where they stay compact
    and (B, ...) arrays where they spread; None when the node needs the dense rows."""
    op = node.op
    if op.name in _PRODUCTS:
        return _PRODUCTS[op.name](node, g)
    fn = op.backward_fn
    if fn is not None and op.formula_takes_arrays and (
            fn.__module__ in ELEMENTWISE_MODULES or op.name in ELEMENTWISE_OPS):
        return _elementwise(node, g)
    return None


def _elementwise(node, g: OneHotRows) -> tuple | None:
    meta = node.input_meta
    if meta is not None and any(m is not None and tuple(m[0]) != g.shape for m in meta):
        return None  # a broadcast input: its rows would be summed
    formula = node.op.backward_fn
    # The dense pass gives formula(zero) off each row's position: it must be a zero there
    # too, whose sign becomes the input's background.
    background = g.background
    at_zero = formula(node, np.zeros(g.shape, dtype=g.dtype) if background is None
                      else background)
    if any(r is not None and not is_symbolic(r) and np.any(r) for r in at_zero):
        return None
    grads = []
    for i, grad in enumerate(formula(node, g.packed())):
        if grad is None:
            grads.append(None)
            continue
        if is_symbolic(grad):  # (sgn's gradient: every row symbolic zeros)
            grads.append(symbolic_zeros((len(g),) + g.shape, grad.dtype))
            continue
        flat = np.broadcast_to(np.asarray(grad), g.shape).reshape(-1)
        values = flat[g.positions]
        dtype = g.dtype if meta is None or meta[i] is None else meta[i][1]
        zeros = at_zero[i]
        if zeros is not None and not is_symbolic(zeros):
            zeros = _signed(np.broadcast_to(np.asarray(zeros), g.shape).astype(dtype))
        else:
            zeros = None
        grads.append(OneHotRows(g.positions, values.astype(dtype, copy=False), g.shape,
                                zeros))
    return tuple(grads)


def _spread_left(g: OneHotRows, b: np.ndarray, scale=None) -> np.ndarray | None:
    """The rows of g (shape (n, m)) times b.T: row r is values[r] * b[:, j] at row i of an
    (n, k) zero matrix, (i, j) being r's position."""
    rows, cols = divmod(g.positions, g.shape[1])
    values = g.values if scale is None else g.values * scale
    out = np.zeros((len(g), g.shape[0], b.shape[0]), dtype=np.result_type(values, b))
    out[np.arange(len(g)), rows, :] = values[:, None] * b.T[cols]
    return out


def _spread_right(g: OneHotRows, a: np.ndarray, scale=None) -> np.ndarray | None:
    """a.T times the rows of g: row r is values[r] * a[i, :] in column j of (k, m) zeros."""
    rows, cols = divmod(g.positions, g.shape[1])
    values = g.values if scale is None else g.values * scale
    out = np.zeros((len(g), a.shape[1], g.shape[1]), dtype=np.result_type(values, a))
    out[np.arange(len(g)), :, cols] = values[:, None] * a[rows]
    return out


def _usable(*factors) -> bool:
    # Matrices only (a node keeps None for a factor no gradient needs); and finite: a dense
    # product of the zeros of a row with inf or nan gives nan, which the single products
    # written here would not, so such factors take the dense pass.
    return all(f is None or (f.ndim == 2 and np.isfinite(f).all()) for f in factors)


def _mm(node, g: OneHotRows) -> tuple | None:
    a, b = node.saved
    if len(g.shape) != 2 or not _usable(a, b):
        return None
    return (_spread_left(g, b) if _needs(node, 0) else None,
            _spread_right(g, a) if _needs(node, 1) else None)


def _addmm(node, g: OneHotRows) -> tuple | None:
    a, b = node.saved
    beta, alpha = node.params[:2]
    if not _usable(a, b):
        return None
    scale = None if alpha == 1 else alpha
    bias = None
    if _needs(node, 0):
        bias = g.dense()
        if beta != 1:
            bias = bias * beta
    return (bias,
            _spread_left(g, b, scale) if _needs(node, 1) else None,
            _spread_right(g, a, scale) if _needs(node, 2) else None)


_PRODUCTS = {"mm": _mm, "matmul": _mm, "addmm": _addmm}
