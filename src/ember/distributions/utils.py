"""Helpers shared by the distributions (torch.distributions.utils): broadcasting of
parameters, probabilities <-> logits, cached properties."""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from numbers import Number
from typing import Any

import ember
from ember._tensor import Tensor

__all__ = ["broadcast_all", "clamp_probs", "lazy_property", "logits_to_probs",
           "probs_to_logits", "tril_matrix_to_vec", "vec_to_tril_matrix"]

euler_constant = 0.57721566490153286060  # Euler-Mascheroni constant


def broadcast_all(*values) -> tuple[Tensor, ...]:
    """The values broadcast to one shape; numbers become tensors of the first tensor's dtype
    (the default dtype when every value is a number)."""
    if not all(isinstance(v, (Tensor, Number)) for v in values):
        raise ValueError("Input arguments must all be instances of Number, torch.Tensor or "
                         "objects implementing __torch_function__.")
    dtype = next((v.dtype for v in values if isinstance(v, Tensor)),
                 ember.get_default_dtype())
    tensors = [v if isinstance(v, Tensor) else ember.tensor(v, dtype=dtype) for v in values]
    return ember.broadcast_tensors(*tensors)


def _standard_normal(shape, dtype, device=None) -> Tensor:
    """Standard normal draws of `shape`, consuming the stream as torch's `empty().normal_()`."""
    return ember.empty(tuple(shape), dtype=dtype).normal_()


def _sum_rightmost(value: Tensor, dim: int) -> Tensor:
    """`value` summed over its rightmost `dim` dims."""
    if dim == 0:
        return value
    return value.reshape(tuple(value.shape[:-dim]) + (-1,)).sum(-1)


def _sigmoid(x: Tensor) -> Tensor:
    """ember.sigmoid, except on 0-d tensors, where ember's sigmoid currently raises a
    TypeError (NumPy gives a scalar where the op expects an array): there it runs on a
    1-element view."""
    if x.dim() == 0:
        return ember.sigmoid(x.reshape(1)).reshape(())
    return ember.sigmoid(x)


def logits_to_probs(logits: Tensor, is_binary: bool = False) -> Tensor:
    """Probabilities from log-odds (binary) or from unnormalised log-probabilities."""
    if is_binary:
        return _sigmoid(logits)
    return ember.nn.functional.softmax(logits, dim=-1)


def clamp_probs(probs: Tensor) -> Tensor:
    """`probs` clamped into [eps, 1 - eps] for their dtype's machine epsilon."""
    eps = ember.finfo(probs.dtype).eps
    return probs.clamp(min=eps, max=1 - eps)


def probs_to_logits(probs: Tensor, is_binary: bool = False) -> Tensor:
    """Log-odds (binary) or log-probabilities of (clamped) probabilities."""
    clamped = clamp_probs(probs)
    if is_binary:
        return ember.log(clamped) - ember.log1p(-clamped)
    return ember.log(clamped)


class lazy_property:
    """A property computed on first read (with gradients recorded) and then stored on the
    instance, so later reads and `repr` see the stored tensor."""

    def __init__(self, wrapped: Callable[[Any], Any]) -> None:
        self.wrapped = wrapped
        update_wrapper(self, wrapped)  # type: ignore[arg-type]

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        with ember.enable_grad():
            value = self.wrapped(instance)
        setattr(instance, self.wrapped.__name__, value)
        return value


def tril_matrix_to_vec(mat: Tensor, diag: int = 0) -> Tensor:
    """The lower-triangular entries (below diagonal `diag`) of each matrix, row by row."""
    n = mat.shape[-1]
    if diag < -n or diag >= n:
        raise ValueError(f"diag ({diag}) provided is outside [{-n}, {n - 1}].")
    index = ember.arange(n)
    mask = index < index.view(-1, 1) + (diag + 1)
    return mat[..., mask]


def _tril_count(n: int, diag: int) -> int:
    """How many entries of an n x n matrix lie on or below diagonal `diag`."""
    return sum(max(0, min(n, row + diag + 1)) for row in range(n))


def vec_to_tril_matrix(vec: Tensor, diag: int = 0) -> Tensor:
    """The inverse of `tril_matrix_to_vec`: a lower-triangular matrix from its entries."""
    count = vec.shape[-1]
    n = 0
    while _tril_count(n, diag) < count:
        n += 1
    if _tril_count(n, diag) != count:
        raise ValueError(f"The size of last dimension is {count} which cannot be expressed "
                         "as the lower triangular part of a square D x D matrix.")
    index = ember.arange(n)
    mask = index < index.view(-1, 1) + (diag + 1)
    mat = ember.zeros(tuple(vec.shape[:-1]) + (n, n), dtype=vec.dtype)
    mat[..., mask] = vec
    return mat


def _special_function(name: str) -> Callable[..., Tensor]:
    """ember.<name> (lgamma, digamma...), or a clear NotImplementedError while ember lacks
    it: the Gamma-family scores are written with torch's special functions."""
    function = getattr(ember, name, None)
    if function is None:
        function = getattr(getattr(ember, "special", None), name, None)
    if function is None:
        raise NotImplementedError(f"this needs torch.{name}, which ember does not have yet")
    return function


def _lgamma(x: Tensor) -> Tensor:
    return _special_function("lgamma")(x)


def _digamma(x: Tensor) -> Tensor:
    return _special_function("digamma")(x)
