"""Transforms onto sets of matrices: CorrCholeskyTransform (vectors to Cholesky factors of
correlation matrices) and PositiveDefiniteTransform (square matrices to positive-definite
ones, through LowerCholeskyTransform)."""

from __future__ import annotations

import math

import ember

from . import constraints
from .transforms import LowerCholeskyTransform, Transform
from .utils import tril_matrix_to_vec, vec_to_tril_matrix

__all__ = ["CorrCholeskyTransform", "PositiveDefiniteTransform"]


class CorrCholeskyTransform(Transform):
    """A vector of D(D-1)/2 reals to the lower Cholesky factor of a D x D correlation matrix:
    tanh maps each entry into (-1, 1), then each row is a stick broken so that its squares
    sum to 1 (the diagonal entry takes what is left)."""

    domain = constraints.real_vector
    codomain = constraints.corr_cholesky
    bijective = True

    def _call(self, x):
        x = ember.tanh(x)
        eps = ember.finfo(x.dtype).eps
        x = x.clamp(min=-1 + eps, max=1 - eps)
        r = vec_to_tril_matrix(x, diag=-1)
        # row i, column j keeps the share sqrt(prod_{k<j} (1 - r_ik^2)) of its stick
        remaining = (1 - r ** 2).sqrt().cumprod(-1)
        r = r + ember.eye(r.shape[-1], dtype=r.dtype)
        pad = ember.nn.functional.pad
        return r * pad(remaining[..., :-1], [1, 0], value=1)

    def _inverse(self, y):
        pad = ember.nn.functional.pad
        left = 1 - ember.cumsum(y * y, dim=-1)
        left_before = pad(left[..., :-1], [1, 0], value=1)
        t = tril_matrix_to_vec(y, diag=-1) / tril_matrix_to_vec(left_before, diag=-1).sqrt()
        return (t.log1p() - t.neg().log1p()) / 2  # atanh

    def log_abs_det_jacobian(self, x, y, intermediates=None):
        left = 1 - (y * y).cumsum(dim=-1)
        stick_breaking_logdet = 0.5 * tril_matrix_to_vec(left, diag=-2).log().sum(-1)
        softplus = ember.nn.functional.softplus
        tanh_logdet = -2 * (x + softplus(-2 * x) - math.log(2.0)).sum(dim=-1)
        return stick_breaking_logdet + tanh_logdet

    def forward_shape(self, shape):
        if len(shape) < 1:
            raise ValueError("Too few dimensions on input")
        count = shape[-1]
        size = round((0.25 + 2 * count) ** 0.5 + 0.5)
        if size * (size - 1) // 2 != count:
            raise ValueError("Input is not a flattened lower-diagonal number")
        return shape[:-1] + (size, size)

    def inverse_shape(self, shape):
        if len(shape) < 2:
            raise ValueError("Too few dimensions on input")
        if shape[-2] != shape[-1]:
            raise ValueError("Input is not square")
        size = shape[-1]
        return shape[:-2] + (size * (size - 1) // 2,)


class PositiveDefiniteTransform(Transform):
    """Square matrices to positive-definite ones: L @ L.mT for L the lower-Cholesky image."""

    domain = constraints.independent(constraints.real, 2)
    codomain = constraints.positive_definite

    def __eq__(self, other) -> bool:
        return isinstance(other, PositiveDefiniteTransform)

    __hash__ = object.__hash__

    def _call(self, x):
        lower = LowerCholeskyTransform()(x)
        return lower @ lower.mT

    def _inverse(self, y):
        return LowerCholeskyTransform().inv(ember.linalg.cholesky(y))


# (torch's classes live in torch.distributions.transforms, which re-exports these: their
# reprs, pickles and type names say so)
for _class in (CorrCholeskyTransform, PositiveDefiniteTransform):
    _class.__module__ = "ember.distributions.transforms"
del _class
