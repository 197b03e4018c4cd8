"""Norms and distances between vectors: normalize, cosine_similarity, pairwise_distance.

Each composes ember's public ops in the order torch's kernels use, so values round alike
and the grad_fn chain reads the same (`DivBackward0` for normalize, `SumBackward1` for
cosine_similarity).
"""

from __future__ import annotations

from ..._dispatch import _broadcast_error, _type_name
from ..._dtype import result_type
from ..._grad_mode import no_grad
from ..._tensor import Tensor
from ...linalg import vector_norm
from ...ops.linalg_extra import pdist as _pdist
from ...ops.reduction import norm_dim
from ...ops.shape import broadcast_shapes

__all__ = ["normalize", "cosine_similarity", "pairwise_distance", "pdist"]


def _check_tensor(name: str, argument: str, position: int, value) -> None:
    if not isinstance(value, Tensor):
        raise TypeError(f"{name}(): argument '{argument}' (position {position}) must be Tensor, "
                        f"not {type(value).__name__}")


def normalize(input: Tensor, p: float = 2.0, dim: int = 1, eps: float = 1e-12,
              out: Tensor | None = None) -> Tensor:
    """`input` divided by its `p`-norm along `dim` (the norm clamped below by `eps`)."""
    if out is not None:
        raise NotImplementedError("normalize(out=...) is not supported by ember; assign the "
                                  "result instead")
    denominator = input.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(input)
    return input / denominator


def broadcast_pair(x1: Tensor, x2: Tensor) -> tuple[Tensor, Tensor]:
    """torch.broadcast_tensors of two tensors (with its error): a tensor that already has
    the common shape stays itself (no node), the other is expanded."""
    if x1.shape == x2.shape:
        return x1, x2
    error = _broadcast_error((x1, x2))
    if error is not None:
        raise error
    shape = broadcast_shapes(x1.shape, x2.shape)
    return (x1 if x1.shape == shape else x1.expand(shape),
            x2 if x2.shape == shape else x2.expand(shape))


def cosine_similarity(x1: Tensor, x2: Tensor, dim: int = 1, eps: float = 1e-8) -> Tensor:
    """The cosine of the angle between `x1` and `x2` along `dim` (broadcasting).

    As torch 2.13 computes it: each input is divided by its own 2-norm, clamped below by
    `eps`, and the products are summed. The clamp happens outside autograd (as torch's,
    under no_grad), so the gradient treats the norm as unclamped: near zero vectors it is
    large rather than zero, exactly as torch's.
    """
    _check_tensor("cosine_similarity", "x1", 1, x1)
    _check_tensor("cosine_similarity", "x2", 2, x2)
    common = result_type(x1, x2)
    if not common.is_floating_point:
        raise RuntimeError("expected common dtype to be floating point, yet common dtype is "
                           f"{_type_name(common.numpy)}")
    if eps < 0:
        raise RuntimeError(f"eps must be non-negative, got: {eps:g}")
    # integer (and bool) inputs join the float dtype; float inputs keep theirs
    x1 = x1 if x1.is_floating_point() else x1.to(common)
    x2 = x2 if x2.is_floating_point() else x2.to(common)
    x1, x2 = broadcast_pair(x1, x2)
    norm1 = vector_norm(x1, 2, dim, keepdim=True).clone()
    norm2 = vector_norm(x2, 2, dim, keepdim=True).clone()
    with no_grad():
        norm1.clamp_min_(eps)
        norm2.clamp_min_(eps)
    return ((x1 / norm1) * (x2 / norm2)).sum(dim)


def pairwise_distance(x1: Tensor, x2: Tensor, p: float = 2.0, eps: float = 1e-6,
                      keepdim: bool = False) -> Tensor:
    """The `p`-norm of x1 - x2 + eps along the last dim (of the broadcast shape), with
    torch's grad_fn NormBackward1."""
    _check_tensor("pairwise_distance", "x1", 1, x1)
    _check_tensor("pairwise_distance", "x2", 2, x2)
    last_dim = max(x1.dim(), x2.dim()) - 1
    # eps is a float in torch's signature: integer inputs become float even with eps=0
    return norm_dim(x1 - x2 + float(eps), p, last_dim, keepdim)


def pdist(input: Tensor, p: float = 2.0) -> Tensor:
    """The p-norm distances between every pair of rows of `input` (N, M), as the N(N-1)/2
    entries of the upper triangle (PdistBackward0): torch.pdist."""
    return _pdist(input, p)
