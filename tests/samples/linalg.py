"""Samples for the linear algebra of src/ember/ops/linalg.py and ember.linalg.

Products: every case of matmul's dispatch (1-D and 2-D operands, folded and broadcast
batches). einsum (filed under view, mul, permute and sum_dim, the ops that end it): a
range of equations against np.einsum, including ellipses, diagonals, size-1 broadcasting,
three operands and the sublist form. det / inverse / solve use well-conditioned matrices
(the identity times 3 plus small noise), so finite differences are accurate. Error types
and messages are tested in tests/test_linalg.py.
"""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng

_R = rng(31)


def normal(*shape: int) -> np.ndarray:
    return _R.standard_normal(shape)


def well_conditioned(*shape: int) -> np.ndarray:
    """(Batches of) n x n matrices close to 3 * identity: far from singular."""
    n = shape[-1]
    return 3 * np.eye(n) + 0.4 * _R.standard_normal(shape)


def separated(*shape: int) -> np.ndarray:
    """Values at least 0.1 apart and away from zero: no ties, no kinks of abs."""
    count = int(np.prod(shape))
    grid = np.arange(-2.0, 2.01, 0.1)
    grid = grid[np.abs(grid) > 0.15]
    return _R.choice(grid, count, replace=False).reshape(shape) + _R.uniform(0, 0.01, shape)


v3, w3, v2 = normal(3), normal(3), normal(2)
m23, m32, m34, m33 = normal(2, 3), normal(3, 2), normal(3, 4), normal(3, 3)
b233, b232, b223 = normal(2, 3, 3), normal(2, 3, 2), normal(2, 2, 3)
ints23 = _R.integers(-3, 4, (2, 3)).astype(np.int64)
ints32 = _R.integers(-3, 4, (3, 2)).astype(np.int64)
int32_3 = _R.integers(-3, 4, (3,)).astype(np.int32)


def _einsum(equation: str):
    return lambda *xs: ember.einsum(equation, *xs)


def _np_einsum(equation: str):
    return lambda *xs: np.einsum(equation, *xs)


def einsum_sample(equation: str, *inputs: np.ndarray, note: str = "") -> Sample:
    return Sample(_einsum(equation), inputs, _np_einsum(equation), note=note or equation)


SAMPLES: dict[str, list[Sample]] = {
    "dot": [
        Sample(lambda a, b: ember.dot(a, b), (v3, w3), np.dot),
        Sample(lambda a, b: a.dot(b), (int32_3, int32_3), np.dot, note="int32 stays int32"),
        Sample(lambda a, b: ember.matmul(a, b), (v3, w3), np.matmul, note="1-D @ 1-D"),
        Sample(lambda a, b: a @ b, (v3, w3), np.matmul),
    ],
    "vdot": [
        Sample(lambda a, b: ember.vdot(a, b), (v3, w3), np.vdot),
    ],
    "mv": [
        Sample(lambda a, v: ember.mv(a, v), (m23, v3), np.matmul),
        Sample(lambda a, v: a @ v, (m23, v3), np.matmul, note="2-D @ 1-D"),
    ],
    "mm": [
        Sample(lambda a, b: ember.mm(a, b), (m23, m34), np.matmul),
        Sample(lambda a, b: a.mm(b), (ints23, ints32), np.matmul, note="int64"),
        Sample(lambda a, b: a @ b, (m23, m34), np.matmul, note="2-D @ 2-D"),
        Sample(lambda v, b: ember.matmul(v, b), (v3, m34), np.matmul, note="1-D @ 2-D"),
        Sample(lambda a, b: ember.inner(a, b), (m23, normal(4, 3)), np.inner,
               note="inner of matrices"),
        Sample(lambda a, b: ember.inner(a, b), (v3, w3), np.inner, note="inner of vectors"),
    ],
    "addmm": [
        Sample(lambda c, a, b: ember.addmm(c, a, b), (normal(2, 4), m23, m34),
               lambda c, a, b: c + a @ b),
        Sample(lambda c, a, b: ember.addmm(c, a, b, beta=0.5, alpha=-2.0), (normal(4), m23, m34),
               lambda c, a, b: 0.5 * c + -2.0 * (a @ b), note="input broadcast over rows"),
        Sample(lambda c, a, b: c.addmm(a, b, beta=0), (normal(1, 4), m23, m34),
               lambda c, a, b: a @ b, note="beta=0 ignores input"),
    ],
    "bmm": [
        Sample(lambda a, b: ember.bmm(a, b), (b223, b233), np.matmul),
        Sample(lambda a, b: a.bmm(b), (b233, b232), np.matmul),
    ],
    "matmul": [
        Sample(lambda a, b: a @ b, (b223, m34), np.matmul, note="3-D @ 2-D (batch folded)"),
        Sample(lambda a, b: ember.matmul(a, b), (b223, v3), np.matmul, note="3-D @ 1-D"),
        Sample(lambda a, b: ember.matmul(a, b), (v3, b232), np.matmul, note="1-D @ 3-D"),
        Sample(lambda a, b: a.matmul(b), (m23, b232), np.matmul,
               note="2-D @ 3-D (torch's transposed fold, CloneBackward0)"),
        Sample(lambda a, b: a @ b, (b233, b232), np.matmul, note="3-D @ 3-D"),
        Sample(lambda a, b: a @ b, (normal(2, 1, 2, 3), normal(3, 3, 2)), np.matmul,
               note="batch dims broadcast (2, 1) with (3,)"),
        Sample(lambda a, b: a @ b, (normal(1, 2, 3), b232), np.matmul,
               note="a batch of one against a batch of two"),
        Sample(lambda a, b: a @ b, (normal(3, 1, 2, 3), normal(1, 2, 3, 2)), np.matmul,
               note="both sides broadcast"),
        Sample(lambda a, b: a @ b, (normal(2, 2, 2, 3), v3), np.matmul, note="4-D @ 1-D"),
        Sample(lambda a, b: a @ b, (ints23[None].repeat(2, 0), ints32), np.matmul,
               note="int64 batch"),
    ],
    "mul": [
        Sample(lambda a, b: ember.outer(a, b), (v3, v2), np.outer),
        Sample(lambda a, b: a.ger(b), (v2, w3), np.outer),
        Sample(lambda a, b: ember.inner(a, b), (m23, np.array(1.5)), np.inner,
               note="inner with a 0-d tensor is a product"),
        # einsum: a pair with no letter summed is multiplied (MulBackward0), as in torch
        einsum_sample("i,j->ij", v3, v2),
        einsum_sample("ij,ij->ij", m23, normal(2, 3)),
        einsum_sample("ij,ij->ji", m23, normal(2, 3)),
        einsum_sample("i,j,k->ijk", v2, v3, normal(2)),
        einsum_sample("ii,i->i", m33, v3, note="diagonal times a vector"),
    ],
    # ---------------------------------------------------------------- einsum
    # einsum is composed of ops as torch composes it (ops/linalg_einsum.py): its samples
    # are filed under the op that ends each kind of equation: a contraction's final view,
    # a bare permutation or diagonal's permute, a single operand's sum.
    "view": [
        einsum_sample("ij,jk->ik", m23, m34),
        einsum_sample("ij,jk", m23, m34, note="implicit output"),
        einsum_sample("bij,bjk->bik", b223, b233),
        einsum_sample("i,i->", v3, w3),
        einsum_sample("ij,ij->i", m23, normal(2, 3)),
        einsum_sample("ij,jk->ki", m23, m34, note="permuted output"),
        einsum_sample("ij,k->", m23, v2, note="letters summed within one operand"),
        einsum_sample("ij,jk,kl->il", m23, m34, normal(4, 2), note="three operands"),
        einsum_sample("bn,anm,bm->ba", normal(2, 3), normal(2, 3, 4), normal(2, 4),
                      note="bilinear form"),
        einsum_sample("...ij,...jk->...ik", normal(2, 1, 2, 3), normal(3, 3, 2),
                      note="ellipsis batch dims broadcast"),
        einsum_sample("...i,...i", normal(2, 3), normal(1, 3), note="implicit with ellipsis"),
        einsum_sample("ij,jk", normal(2, 1), m34, note="size-1 letter broadcasts"),
        einsum_sample("ii,ij->j", m33, m34, note="diagonal inside a contraction"),
        einsum_sample("Ab,bC->CA", m23, m34, note="upper-case letters"),
        Sample(lambda a, b: ember.einsum("ij,jk->ik", [a, b]), (m23, m34),
               _np_einsum("ij,jk->ik"), note="operands as a list"),
        Sample(lambda a, b: ember.einsum(a, [0, 1], b, [1, 2], [0, 2]), (m23, m34),
               _np_einsum("ij,jk->ik"), note="sublist format"),
        einsum_sample("i,i", int32_3, int32_3, note="int32 contraction stays int32"),
    ],
    "permute": [
        einsum_sample("ij->ji", m23),
        einsum_sample("ijk->kij", normal(2, 3, 2)),
        einsum_sample("ba", m23, note="implicit output sorts the letters"),
        einsum_sample("ii->i", m33, note="diagonal"),
        einsum_sample("iij->ji", normal(3, 3, 2), note="batched diagonal"),
        einsum_sample("i...->...i", normal(2, 3, 2)),
    ],
    "sum_dim": [
        einsum_sample("ij->j", m23),
        einsum_sample("ij->", m23),
        einsum_sample("ii", m33, note="trace"),
        einsum_sample("iii->", normal(2, 2, 2), note="a letter three times"),
        einsum_sample("i...->...", normal(2, 3, 2)),
        Sample(_einsum("i->"), (int32_3,), lambda x: np.sum(x, dtype=np.int64),
               note="integer sums are int64"),
    ],
    # ---------------------------------------------------------------- trace, det, inv, solve
    "trace": [
        Sample(lambda a: ember.trace(a), (m33,), np.trace),
        Sample(lambda a: a.trace(), (m23,), np.trace, note="not square"),
        Sample(lambda a: a.trace(), (ints23,), np.trace, note="int64"),
        Sample(lambda a: a.trace(), (normal(3, 1),), np.trace, note="a column: one element"),
    ],
    "det": [
        Sample(lambda a: ember.det(a), (well_conditioned(3, 3),), np.linalg.det),
        Sample(lambda a: ember.linalg.det(a), (well_conditioned(2, 2, 2),), np.linalg.det,
               note="batch"),
        Sample(lambda a: a.det(), (well_conditioned(1, 1),), np.linalg.det),
    ],
    "inverse": [
        Sample(lambda a: ember.inverse(a), (well_conditioned(3, 3),), np.linalg.inv),
        Sample(lambda a: ember.linalg.inv(a), (well_conditioned(2, 2, 2),), np.linalg.inv,
               note="batch"),
    ],
    "solve": [
        Sample(lambda a, b: ember.linalg.solve(a, b), (well_conditioned(3, 3), v3),
               np.linalg.solve, note="vector right-hand side"),
        Sample(lambda a, b: ember.linalg.solve(a, b), (well_conditioned(3, 3), m32),
               np.linalg.solve, note="matrix right-hand side"),
        Sample(lambda a, b: ember.linalg.solve(a, b), (well_conditioned(2, 3, 3), v3),
               lambda a, b: np.stack([np.linalg.solve(m, b) for m in a]),
               note="batch of matrices, one vector"),
        Sample(lambda a, b: ember.linalg.solve(a, b), (well_conditioned(2, 3, 3), normal(2, 3)),
               lambda a, b: np.linalg.solve(a, b[..., None])[..., 0],
               note="batch of vectors: B has A's shape without the last dim"),
        Sample(lambda a, b: ember.linalg.solve(a, b), (well_conditioned(3, 3), b232),
               np.linalg.solve, note="the matrix broadcasts over B's batch"),
    ],
    # ---------------------------------------------------------------- ember.linalg norms
    "norm": [
        Sample(lambda x: ember.linalg.norm(x), (separated(2, 3),), np.linalg.norm),
        Sample(lambda x: ember.linalg.norm(x), (separated(2, 3, 2),),
               lambda x: np.linalg.norm(x.ravel()), note="any ndim when ord is None"),
        Sample(lambda x: ember.linalg.norm(x, 1), (separated(4),),
               lambda x: np.linalg.norm(x, 1)),
        Sample(lambda x: ember.linalg.norm(x, 3, dim=1, keepdim=True), (separated(2, 3),),
               lambda x: np.linalg.norm(x, 3, axis=1, keepdims=True)),
        Sample(lambda x: ember.linalg.norm(x, "fro"), (separated(2, 3),),
               lambda x: np.linalg.norm(x, "fro")),
        Sample(lambda x: ember.linalg.norm(x, dim=(0, 2)), (separated(2, 3, 2),),
               lambda x: np.sqrt(np.sum(x * x, axis=(0, 2)))),
        Sample(lambda x: ember.linalg.vector_norm(x), (separated(2, 3),),
               lambda x: np.linalg.norm(x.ravel())),
        Sample(lambda x: ember.linalg.vector_norm(x, 2.5, dim=0), (separated(3, 2),),
               lambda x: np.sum(np.abs(x) ** 2.5, axis=0) ** (1 / 2.5)),
        Sample(lambda x: ember.linalg.matrix_norm(x), (separated(2, 2, 3),),
               lambda x: np.linalg.norm(x, "fro", axis=(-2, -1))),
        Sample(lambda x: ember.linalg.matrix_norm(x, dim=(0, 2), keepdim=True),
               (separated(2, 2, 3),),
               lambda x: np.linalg.norm(x, "fro", axis=(0, 2), keepdims=True)),
    ],
    "amax": [
        Sample(lambda x: ember.linalg.matrix_norm(x, 1), (separated(3, 3),),
               lambda x: np.linalg.norm(x, 1)),
        Sample(lambda x: ember.linalg.norm(x, float("inf")), (separated(3, 3),),
               lambda x: np.linalg.norm(x, np.inf)),
        Sample(lambda x: ember.linalg.matrix_norm(x, 1, dim=(2, 0), keepdim=True),
               (separated(3, 2, 3),),
               lambda x: np.linalg.norm(x, 1, axis=(2, 0), keepdims=True)),
    ],
    "amin": [
        Sample(lambda x: ember.linalg.matrix_norm(x, -1), (separated(2, 3, 3),),
               lambda x: np.linalg.norm(x, -1, axis=(-2, -1))),
        Sample(lambda x: ember.linalg.norm(x, -float("inf")), (separated(3, 3),),
               lambda x: np.linalg.norm(x, -np.inf)),
    ],
}
