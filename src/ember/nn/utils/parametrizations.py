"""torch.nn.utils.parametrizations: orthogonal, spectral_norm and weight_norm, each a small
module registered with parametrize.register_parametrization, as in torch.

- `weight_norm`: w = g v / ||v|| through ember._weight_norm (WeightNormInterfaceBackward0
  for dim 0 and the last dim), the originals `original0` (g) and `original1` (v); a
  state_dict of the old hook-based weight_norm (`weight_g`, `weight_v`) loads into it.
- `spectral_norm`: w / sigma, sigma estimated by power iteration on buffers `_u` and `_v`
  drawn with `normal_` when registered (so `manual_seed` gives torch's vectors) and
  refined 15 times; one more iteration (n_power_iterations) per access in training mode.
- `orthogonal`: Q from the matrix exponential or Cayley map of a skew-symmetric matrix,
  or from Householder reflectors (linalg.householder_product), times a `base` buffer
  (the "dynamic trivialization"); torch's choice of map: matrix_exp for square matrices,
  householder otherwise. Initialising from a non-orthogonal matrix orthogonalises it by a
  QR (geqrf and householder_product): LAPACK's QR, where torch's is MKL's, so Q agrees with
  torch's to rounding (see docs/differences.md).
"""

from __future__ import annotations

from enum import Enum, auto

import ember

from ..._grad_mode import no_grad
from ..._tensor import Tensor
from .. import functional as F
from ..modules.module import Module
from . import parametrize
from .spectral_norm import output_dim

__all__ = ["orthogonal", "spectral_norm", "weight_norm"]


def _is_orthogonal(Q: Tensor, eps=None) -> bool:
    n, k = Q.size(-2), Q.size(-1)
    Id = ember.eye(k, dtype=Q.dtype, device=Q.device)
    # a reasonable eps, but not too large
    eps = 10.0 * n * ember.finfo(Q.dtype).eps
    return ember.allclose(Q.mH @ Q, Id, atol=eps)


def _make_orthogonal(A: Tensor) -> Tensor:
    """The Q of A = QR for a tall A, with R's diagonal made non-negative."""
    X, tau = ember.geqrf(A)
    Q = ember.linalg.householder_product(X, tau)
    # the diagonal of X is the diagonal of R (real here); its signs make it non-negative
    Q *= X.diagonal(dim1=-2, dim2=-1).sgn().unsqueeze(-2)
    return Q


class _OrthMaps(Enum):
    matrix_exp = auto()
    cayley = auto()
    householder = auto()


class _Orthogonal(Module):
    base: Tensor

    def __init__(self, weight: Tensor, orthogonal_map: _OrthMaps, *,
                 use_trivialization: bool = True) -> None:
        super().__init__()
        # ember has no complex tensors: torch's refusal of complex householder never applies
        self.shape = weight.shape
        self.orthogonal_map = orthogonal_map
        if use_trivialization:
            self.register_buffer("base", None)

    def forward(self, X: Tensor) -> Tensor:
        n, k = X.size(-2), X.size(-1)
        transposed = n < k
        if transposed:
            X = X.mT
            n, k = k, n
        # here n >= k and X is a tall matrix
        if self.orthogonal_map in (_OrthMaps.matrix_exp, _OrthMaps.cayley):
            # only the lower triangle is used; the matrix is completed to n x n with zeros
            X = X.tril()
            if n != k:
                X = ember.cat([X, X.new_zeros(n, n - k).expand(*X.shape[:-2], -1, -1)], dim=-1)
            A = X - X.mH
            # A is skew-symmetric
            if self.orthogonal_map == _OrthMaps.matrix_exp:
                Q = ember.matrix_exp(A)
            else:
                # the Cayley map: (I + A/2)(I - A/2)^{-1}, computed as a solve
                Id = ember.eye(n, dtype=A.dtype, device=A.device)
                Q = ember.linalg.solve(ember.add(Id, A, alpha=-0.5),
                                       ember.add(Id, A, alpha=0.5))
            # Q is now orthogonal of size n x n
            if n != k:
                Q = Q[..., :k]
        else:
            # the Householder reflectors below the diagonal, each scaled to be a reflection
            A = X.tril(diagonal=-1)
            tau = 2.0 / (1.0 + (A * A).sum(dim=-2))
            Q = ember.linalg.householder_product(A, tau)
            # the diagonal of X is 1's and -1's: which columns to flip
            Q = Q * X.diagonal(dim1=-2, dim2=-1).int().unsqueeze(-2)
        if hasattr(self, "base"):
            Q = self.base @ Q
        if transposed:
            Q = Q.mT
        return Q

    @no_grad()
    def right_inverse(self, Q: Tensor) -> Tensor:
        if Q.shape != self.shape:
            raise ValueError(f"Expected a matrix or batch of matrices of shape {self.shape}. "
                             f"Got a tensor of shape {Q.shape}.")
        Q_init = Q
        n, k = Q.size(-2), Q.size(-1)
        transpose = n < k
        if transpose:
            Q = Q.mT
            n, k = k, n
        # we always make sure to always copy Q in every path
        if not hasattr(self, "base"):
            # without the trivialization only Householder can be assigned to: its
            # reflectors are found from a QR of Q
            if self.orthogonal_map in (_OrthMaps.cayley, _OrthMaps.matrix_exp):
                raise NotImplementedError(
                    "It is not possible to assign to the matrix exponential or the Cayley "
                    "parametrizations when use_trivialization=False.")
            A, tau = ember.geqrf(Q)
            # the diagonal of A holds R's; its signs say which columns Householder flips
            A.diagonal(dim1=-2, dim2=-1).sign_()
            # tau == 0 leaves the column as it is: flip it back
            A.diagonal(dim1=-2, dim2=-1)[tau == 0.0] *= -1
            return A.mT if transpose else A
        if n == k:
            # an orthogonal Q is kept as it is (a copy); any other is orthogonalised
            if not _is_orthogonal(Q):
                Q = _make_orthogonal(Q)
            else:
                Q = Q.clone()
        else:
            # completed to an n x n orthogonal matrix with random columns (torch's draws)
            N = ember.randn(*(Q.size()[:-2] + (n, n - k)), dtype=Q.dtype, device=Q.device)
            Q = ember.cat([Q, N], dim=-1)
            Q = _make_orthogonal(Q)
        self.base = Q
        # the original that gives the identity under each map: -Id (the identity for
        # matrix_exp and cayley on its lower triangle; householder's diagonal of -1)
        neg_Id = ember.zeros_like(Q_init)
        neg_Id.diagonal(dim1=-2, dim2=-1).fill_(-1.0)
        return neg_Id


def orthogonal(module: Module, name: str = "weight", orthogonal_map: str | None = None, *,
               use_trivialization: bool = True) -> Module:
    """Make `module.<name>` an orthogonal matrix (or batch of them): orthonormal columns
    when it is tall, orthonormal rows when it is wide.

    `orthogonal_map`: "matrix_exp", "cayley" or "householder"; the default is matrix_exp
    for a square matrix, householder otherwise. With `use_trivialization` (the default) a
    `base` buffer holds the current orthogonal matrix and the original is a correction
    applied to it (parametrizations.<name>[0].base); the initial value is the tensor
    itself if it is orthogonal, else its Q from a QR decomposition."""
    weight = getattr(module, name, None)
    if not isinstance(weight, Tensor):
        raise ValueError(f"Module '{module}' has no parameter or buffer with name '{name}'")
    # we could implement this for 1-dim tensors as the maps on the sphere, as torch says
    if weight.ndim < 2:
        raise ValueError("Expected a matrix or batch of matrices. "
                         f"Got a tensor of {weight.ndim} dimensions.")
    if orthogonal_map is None:
        orthogonal_map = ("matrix_exp" if weight.size(-2) == weight.size(-1)
                          or weight.is_complex() else "householder")
    orth_enum = getattr(_OrthMaps, orthogonal_map, None)
    if orth_enum is None:
        raise ValueError('orthogonal_map has to be one of "matrix_exp", "cayley", '
                         f'"householder". Got: {orthogonal_map}')
    orth = _Orthogonal(weight, orth_enum, use_trivialization=use_trivialization)
    parametrize.register_parametrization(module, name, orth, unsafe=True)
    return module


class _WeightNorm(Module):
    def __init__(self, dim: int | None = 0) -> None:
        super().__init__()
        if dim is None:
            dim = -1
        self.dim = dim

    def forward(self, weight_g: Tensor, weight_v: Tensor) -> Tensor:
        return ember._weight_norm(weight_v, weight_g, self.dim)

    def right_inverse(self, weight: Tensor) -> tuple[Tensor, Tensor]:
        weight_g = ember.norm_except_dim(weight, 2, self.dim)
        weight_v = weight
        return weight_g, weight_v


def weight_norm(module: Module, name: str = "weight", dim: int = 0) -> Module:
    """Weight normalisation of `module.<name>`: w = g v / ||v||, the norm over every dim
    but `dim` (None: one norm of the whole tensor). g and v are the parametrization's
    `original0` and `original1`."""
    _weight_norm = _WeightNorm(dim)
    parametrize.register_parametrization(module, name, _weight_norm, unsafe=True)

    def _weight_norm_compat_hook(state_dict, prefix, local_metadata, strict, missing_keys,
                                 unexpected_keys, error_msgs) -> None:
        g_key = f"{prefix}{name}_g"
        v_key = f"{prefix}{name}_v"
        if g_key in state_dict and v_key in state_dict:
            original0 = state_dict.pop(g_key)
            original1 = state_dict.pop(v_key)
            state_dict[f"{prefix}parametrizations.{name}.original0"] = original0
            state_dict[f"{prefix}parametrizations.{name}.original1"] = original1

    module._register_load_state_dict_pre_hook(_weight_norm_compat_hook)
    return module


class _SpectralNorm(Module):
    def __init__(self, weight: Tensor, n_power_iterations: int = 1, dim: int = 0,
                 eps: float = 1e-12) -> None:
        super().__init__()
        ndim = weight.ndim
        if dim >= ndim or dim < -ndim:
            raise IndexError("Dimension out of range (expected to be in range of "
                             f"[-{ndim}, {ndim - 1}] but got {dim})")
        if n_power_iterations <= 0:
            raise ValueError("Expected n_power_iterations to be positive, but "
                             f"got n_power_iterations={n_power_iterations}")
        self.dim = dim if dim >= 0 else dim + ndim
        self.eps = eps
        if ndim > 1:
            # a vector needs no power iteration: it is just normalised
            self.n_power_iterations = n_power_iterations
            weight_mat = self._reshape_weight_to_matrix(weight)
            h, w = weight_mat.size()
            u = weight_mat.new_empty(h).normal_(0, 1)
            v = weight_mat.new_empty(w).normal_(0, 1)
            self.register_buffer("_u", F.normalize(u, dim=0, eps=self.eps))
            self.register_buffer("_v", F.normalize(v, dim=0, eps=self.eps))
            # start from good estimates of the singular vectors
            self._power_method(weight_mat, 15)

    def _reshape_weight_to_matrix(self, weight: Tensor) -> Tensor:
        if weight.ndim <= 1:
            raise AssertionError(
                f"Expected weight to have more than 1 dimension, got {weight.ndim}")
        if self.dim != 0:
            # permute dim to the front
            weight = weight.permute(self.dim, *(d for d in range(weight.dim()) if d != self.dim))
        return weight.flatten(1)

    @no_grad()
    def _power_method(self, weight_mat: Tensor, n_power_iterations: int) -> None:
        # the vectors are updated in place (out=): DataParallel's replicas share them in
        # torch; the weight's graph never includes them
        if weight_mat.ndim <= 1:
            raise AssertionError(
                f"Expected weight_mat to have more than 1 dimension, got {weight_mat.ndim}")
        for _ in range(n_power_iterations):
            self._u = F.normalize(ember.mv(weight_mat, self._v), dim=0, eps=self.eps,
                                  out=self._u)
            self._v = F.normalize(ember.mv(weight_mat.H, self._u), dim=0, eps=self.eps,
                                  out=self._v)

    def forward(self, weight: Tensor) -> Tensor:
        if weight.ndim == 1:
            # faster and more exact path: no need to approximate anything
            return F.normalize(weight, dim=0, eps=self.eps)
        weight_mat = self._reshape_weight_to_matrix(weight)
        if self.training:
            self._power_method(weight_mat, self.n_power_iterations)
        # clones: the backward must not see the vectors' later in-place updates
        u = self._u.clone(memory_format=ember.contiguous_format)
        v = self._v.clone(memory_format=ember.contiguous_format)
        sigma = ember.vdot(u, ember.mv(weight_mat, v))
        return weight / sigma

    def right_inverse(self, value: Tensor) -> Tensor:
        # assigning a weight does not touch u and v: they are estimates improved in training
        return value


def spectral_norm(module: Module, name: str = "weight", n_power_iterations: int = 1,
                  eps: float = 1e-12, dim: int | None = None) -> Module:
    """Spectral normalisation of `module.<name>`: the weight divided by an estimate of its
    largest singular value (power iteration on `parametrizations.<name>[0]._u` and `_v`,
    one more step per access in training mode). `dim`: the output dim (1 for ConvTranspose,
    0 otherwise, by default)."""
    weight = getattr(module, name, None)
    if not isinstance(weight, Tensor):
        raise ValueError(f"Module '{module}' has no parameter or buffer with name '{name}'")
    if dim is None:
        dim = output_dim(module)
    parametrize.register_parametrization(
        module, name, _SpectralNorm(weight, n_power_iterations, dim, eps))
    return module
