"""Complex samples of the shape, indexing, filling, conversion, reduction and product ops:
complex128 inputs (differentiable, like float64), so the generated tests check the forward,
the gradient (torch's convention: dL/dRe + i dL/dIm) and the second derivative on complex
values. Products conjugate the other factor in their backward (grad_a = grad @ b^H)."""

from __future__ import annotations

import numpy as np

import ember
from tests.samples import Sample, rng


def _z(*shape: int, seed: int = 0) -> np.ndarray:
    generator = rng(100 + seed)
    return generator.standard_normal(shape) + 1j * generator.standard_normal(shape)


_A = _z(2, 3)
_B = _z(3, 4, seed=1)
_C = _z(2, 4, seed=2)
_V3 = _z(3, seed=3)
_W3 = _z(3, seed=4)
_BA = _z(2, 2, 3, seed=5)
_BB = _z(2, 3, 2, seed=6)
_SQ = _z(3, 3, seed=7)
_REAL = rng(108).standard_normal((2, 3))
_IDX = np.array([2, 0, 2])
_MASK = np.array([[True, False, True], [False, False, True]])


def _set_first_row(z, v):
    out = z.clone()
    out[0] = v
    return out


def _index_put(z, v):
    out = z.clone()
    out[ember.tensor([1, 0]), ember.tensor([2, 2])] = v
    return out


SAMPLES = {
    # ---------------------------------------------------------------- shapes
    "view": [Sample(lambda z: z.view(3, 2), (_A,), lambda z: z.reshape(3, 2)),
             Sample(lambda z: z.reshape(6), (_A,), lambda z: z.reshape(6))],
    "permute": [Sample(lambda z: z.unsqueeze(0).permute(2, 0, 1), (_A,),
                       lambda z: z[None].transpose(2, 0, 1))],
    "transpose": [Sample(lambda z: z.transpose(0, 1), (_A,), lambda z: z.T)],
    "t": [Sample(lambda z: z.t(), (_A,), lambda z: z.T)],
    "expand": [Sample(lambda z: z[:1].expand(3, 3), (_A,),
                      lambda z: np.broadcast_to(z[:1], (3, 3)))],
    "unsqueeze": [Sample(lambda z: z.unsqueeze(1), (_A,), lambda z: z[:, None])],
    "squeeze_dim": [Sample(lambda z: z[:1].squeeze(0), (_A,), lambda z: z[0])],
    "squeeze": [Sample(lambda z: z[:1].squeeze(), (_A,), lambda z: z[0])],
    "flip": [Sample(lambda z: z.flip(1), (_A,), lambda z: z[:, ::-1])],
    "roll": [Sample(lambda z: z.roll(1, 1), (_A,), lambda z: np.roll(z, 1, 1))],
    "repeat": [Sample(lambda z: z.repeat(2, 1), (_A,), lambda z: np.tile(z, (2, 1)))],
    "cat": [Sample(lambda a, b: ember.cat([a, b.t()[:, :3]]), (_A, _B),
                   lambda a, b: np.concatenate([a, b.T[:, :3]]))],
    "stack": [Sample(lambda a, b: ember.stack([a, b]), (_A, _C[:, :3].copy()),
                     lambda a, b: np.stack([a, b]))],
    "split": [Sample(lambda z: z.split(2, 1)[0], (_A,), lambda z: z[:, :2]),
              Sample(lambda z: z.chunk(3, 1)[2], (_A,), lambda z: z[:, 2:])],
    "slice": [Sample(lambda z: z.narrow(1, 1, 2), (_A,), lambda z: z[:, 1:3]),
              Sample(lambda z: z[:, ::2], (_A,), lambda z: z[:, ::2])],
    "unbind": [Sample(lambda z: z.unbind(1)[1], (_A,), lambda z: z[:, 1])],
    "diagonal": [Sample(lambda z: z.diagonal(), (_SQ,), np.diagonal)],
    "diag_copy": [Sample(lambda z: ember.diag(z), (_SQ,), np.diag)],
    "diag_embed": [Sample(lambda v: ember.diag(v), (_V3,), np.diag)],
    "split_with_sizes": [Sample(lambda z: z.split([1, 2], 1)[1], (_A,), lambda z: z[:, 1:])],
    "tril": [Sample(lambda z: z.tril(), (_SQ,), np.tril)],
    "triu": [Sample(lambda z: z.triu(1), (_SQ,), lambda z: np.triu(z, 1))],
    "as_strided": [Sample(lambda z: z.as_strided((2, 2), (1, 2)), (_A,),
                          lambda z: np.lib.stride_tricks.as_strided(
                              z.reshape(-1), (2, 2), (16, 32)))],
    "permute_copy": [Sample(lambda z: ember.permute_copy(z, (1, 0)), (_A,), lambda z: z.T)],
    "narrow_copy": [Sample(lambda z: z.narrow_copy(1, 1, 2), (_A,), lambda z: z[:, 1:])],
    # ---------------------------------------------------------------- copies and casts
    "clone": [Sample(lambda z: z.clone(), (_A,), np.copy),
              Sample(lambda z: z.t().contiguous(), (_A,), lambda z: z.T.copy())],
    "to_dtype": [Sample(lambda z: z.to(ember.complex64), (_A,),
                        lambda z: z.astype(np.complex64), atol=1e-5, rtol=1e-4),
                 Sample(lambda x: x.to(ember.complex128).flip(0), (_REAL,),
                        lambda x: x[::-1] + 0j),
                 Sample(lambda x: x.cdouble().sum(), (_REAL,),
                        lambda x: x.sum() + 0j)],
    # ---------------------------------------------------------------- indexing
    "index": [Sample(lambda z: z[:, ember.tensor([2, 0, 2])], (_A,), lambda z: z[:, _IDX])],
    "index_put": [Sample(_index_put, (_A, _V3[:2].copy()),
                         lambda z, v: _np_index_put(z, v))],
    "copy_slices": [Sample(_set_first_row, (_A, _V3), lambda z, v: np.stack([v, z[1]]))],
    "index_select": [Sample(lambda z: z.index_select(1, ember.tensor([2, 0, 2])), (_A,),
                            lambda z: z[:, _IDX])],
    "gather": [Sample(lambda z: z.gather(1, ember.tensor([[0, 2], [1, 1]])), (_A,),
                      lambda z: np.take_along_axis(z, np.array([[0, 2], [1, 1]]), 1))],
    "masked_fill": [Sample(lambda z: z.masked_fill(ember.tensor(_MASK), 0.5), (_A,),
                           lambda z: np.where(_MASK, 0.5, z))],
    "masked_select": [Sample(lambda z: z.masked_select(ember.tensor(_MASK)), (_A,),
                             lambda z: z[_MASK])],
    "take": [Sample(lambda z: z.take(ember.tensor([5, 0, 5])), (_A,),
                    lambda z: z.reshape(-1)[[5, 0, 5]])],
    "index_put_accumulate": [Sample(
        lambda z, v: z.index_put((ember.tensor([0, 0]),), v, accumulate=True), (_A, _B[:2, :3]),
        lambda z, v: z + np.concatenate([(v[0] + v[1])[None], 0 * z[1:]]))],
    "index_copy": [Sample(lambda z, v: z.index_copy(1, ember.tensor([2, 0]), v),
                          (_A, _C[:, :2].copy()),
                          lambda z, v: np.stack([v[:, 1], z[:, 1], v[:, 0]], 1))],
    "masked_scatter": [Sample(lambda z, v: z.masked_scatter(ember.tensor(_MASK), v),
                              (_A, _V3), lambda z, v: _np_masked_scatter(z, v))],
    "index_add": [Sample(lambda z, v: z.index_add(1, ember.tensor([2, 0, 2]), v),
                         (_A, _C[:, :3].copy()),
                         lambda z, v: z + np.stack([v[:, 1], 0 * v[:, 0], v[:, 0] + v[:, 2]], 1))],
    "index_fill": [Sample(lambda z: z.index_fill(1, ember.tensor([1]), 2.0), (_A,),
                          lambda z: np.stack([z[:, 0], 2 + 0 * z[:, 1], z[:, 2]], 1))],
    "scatter": [Sample(lambda z, v: z.scatter(1, ember.tensor([[2], [0]]), v),
                       (_A, _C[:, :1].copy()),
                       lambda z, v: _np_scatter(z, v))],
    "scatter_add": [Sample(lambda z, v: z.scatter_add(1, ember.tensor([[2, 2], [0, 1]]), v),
                           (_A, _C[:, :2].copy()),
                           lambda z, v: z + np.array([[0, 0, v[0, 0] + v[0, 1]],
                                                      [v[1, 0], v[1, 1], 0]]))],
    "diagonal_scatter": [Sample(lambda z, v: ember.diagonal_scatter(z, v), (_SQ, _V3),
                                lambda z, v: z - np.diag(np.diag(z)) + np.diag(v))],
    "rot90": [Sample(lambda z: z.rot90(1, (0, 1)), (_A,), lambda z: np.rot90(z, 1, (0, 1)))],
    "unfold": [Sample(lambda z: z.unfold(1, 2, 1), (_A,),
                      lambda z: np.stack([z[:, 0:2], z[:, 1:3]], 1))],
    # (the 1-d pads torch.stft runs on complex signals: index maps with 0/1 weights)
    "reflection_pad1d": [Sample(lambda z: ember.nn.functional.pad(z, (2, 1), mode="reflect"),
                                (_BA,), lambda z: np.pad(z, ((0, 0), (0, 0), (2, 1)),
                                                         mode="reflect"))],
    "replication_pad1d": [Sample(lambda z: ember.nn.functional.pad(z, (1, 2), mode="replicate"),
                                 (_BA,), lambda z: np.pad(z, ((0, 0), (0, 0), (1, 2)),
                                                          mode="edge"))],
    "sum_to_size": [Sample(lambda z: z.sum_to_size(1, 3), (_A,),
                           lambda z: z.sum(0, keepdims=True))],
    "copy": [Sample(lambda z, v: z.clone().copy_(v), (_A, _V3),
                    lambda z, v: np.broadcast_to(v, z.shape))],
    "zero": [Sample(lambda z: z.clone().zero_() + z, (_A,), lambda z: z)],
    # ---------------------------------------------------------------- reductions
    "sum": [Sample(lambda z: z.sum(), (_A,), np.sum)],
    "sum_dim": [Sample(lambda z: z.sum(1), (_A,), lambda z: z.sum(1))],
    "cumsum": [Sample(lambda z: z.cumsum(1), (_A,), lambda z: np.cumsum(z, 1))],
    # ---------------------------------------------------------------- products
    "mm": [Sample(lambda a, b: a.mm(b), (_A, _B), np.matmul),
           Sample(lambda a, b: a.t().mm(b.t()), (_A.T.copy(), _B.T.copy()),
                  lambda a, b: a.T @ b.T)],
    "addmm": [Sample(lambda c, a, b: ember.addmm(c, a, b), (_C, _A, _B),
                     lambda c, a, b: c + a @ b)],
    "bmm": [Sample(lambda a, b: ember.bmm(a, b), (_BA, _BB), np.matmul)],
    "matmul": [Sample(lambda a, b: a @ b, (_BA, _B), np.matmul),
               Sample(lambda a, b: a @ b, (_BA, _BB[0]), np.matmul)],
}

# Products whose backward formulas multiply by a conjugate elementwise (mul, and
# alpha/beta's mul_scalar), and the mean (div_scalar).
_NEED_MUL = {
    "dot": [Sample(lambda a, b: ember.dot(a, b), (_V3, _W3), np.dot)],
    "vdot": [Sample(lambda a, b: ember.vdot(a, b), (_V3, _W3), np.vdot)],
    "mv": [Sample(lambda a, v: ember.mv(a, v), (_A, _V3), np.matmul)],
    "addmm": [Sample(lambda c, a, b: ember.addmm(c, a, b, beta=0.5, alpha=2), (_C, _A, _B),
                     lambda c, a, b: 0.5 * c + 2 * (a @ b))],
    "matmul": [Sample(lambda a, b: a @ b, (_V3, _BB), np.matmul)],
    "mean": [Sample(lambda z: z.mean(), (_A,), np.mean)],  # (div_scalar, as mul)
    "mean_dim": [Sample(lambda z: z.mean(0), (_A,), lambda z: z.mean(0))],
}
for _name, _samples in _NEED_MUL.items():
    SAMPLES.setdefault(_name, []).extend(_samples)


def _np_index_put(z, v):
    out = z.copy()
    out[[1, 0], [2, 2]] = v
    return out


def _np_masked_scatter(z, v):
    out = z.copy()
    out[_MASK] = v[:_MASK.sum()]
    return out


def _np_scatter(z, v):
    out = z.copy()
    out[0, 2], out[1, 0] = v[0, 0], v[1, 0]
    return out
