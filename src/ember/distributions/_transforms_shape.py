"""Transforms that rearrange or split their input: ReshapeTransform, and CatTransform /
StackTransform, which apply one transform per piece of a dimension (torch.cat / torch.stack
of the pieces' images)."""

from __future__ import annotations

from collections.abc import Sequence

import ember

from . import constraints
from .transforms import Transform
from .utils import _sum_rightmost, lazy_property

__all__ = ["CatTransform", "ReshapeTransform", "StackTransform"]


class ReshapeTransform(Transform):
    """The rightmost dims of shape `in_shape` reshaped to `out_shape` (a bijection with
    log |det J| = 0)."""

    bijective = True

    def __init__(self, in_shape, out_shape, cache_size: int = 0) -> None:
        self.in_shape = ember.Size(in_shape)
        self.out_shape = ember.Size(out_shape)
        if self.in_shape.numel() != self.out_shape.numel():
            raise ValueError("in_shape, out_shape have different numbers of elements")
        super().__init__(cache_size=cache_size)

    @constraints.dependent_property
    def domain(self):
        return constraints.independent(constraints.real, len(self.in_shape))

    @constraints.dependent_property
    def codomain(self):
        return constraints.independent(constraints.real, len(self.out_shape))

    def with_cache(self, cache_size: int = 1) -> Transform:
        if self._cache_size == cache_size:
            return self
        return ReshapeTransform(self.in_shape, self.out_shape, cache_size=cache_size)

    def _call(self, x):
        batch_shape = x.shape[:x.dim() - len(self.in_shape)]
        return x.reshape(batch_shape + self.out_shape)

    def _inverse(self, y):
        batch_shape = y.shape[:y.dim() - len(self.out_shape)]
        return y.reshape(batch_shape + self.in_shape)

    def log_abs_det_jacobian(self, x, y):
        return x.new_zeros(x.shape[:x.dim() - len(self.in_shape)])

    @staticmethod
    def _swap_tail(shape, old, new):
        if len(shape) < len(old):
            raise ValueError("Too few dimensions on input")
        cut = len(shape) - len(old)
        if shape[cut:] != old:
            raise ValueError(f"Shape mismatch: expected {shape[cut:]} but got {old}")
        return shape[:cut] + new

    def forward_shape(self, shape):
        return self._swap_tail(shape, self.in_shape, self.out_shape)

    def inverse_shape(self, shape):
        return self._swap_tail(shape, self.out_shape, self.in_shape)


def _check_transforms(tseq) -> None:
    if not all(isinstance(t, Transform) for t in tseq):
        raise AssertionError("All elements of tseq must be Transform instances")


def _check_dim_size(dim: int, tensor, name: str, owner: str, size: int, what: str) -> None:
    """torch's AssertionErrors for a dim out of range of `tensor` (called `owner` in the
    message) or a size of that dim that the pieces do not cover."""
    if not -tensor.dim() <= dim < tensor.dim():
        raise AssertionError(f"dim {dim} out of range for {owner} with {tensor.dim()} "
                             "dimensions")
    if tensor.size(dim) != size:
        raise AssertionError(f"{name}.size({dim}) = {tensor.size(dim)} must equal "
                             f"{what} {size}")


class CatTransform(Transform):
    """tseq[i] applied to the i-th consecutive piece (of length lengths[i]) along `dim`."""

    def __init__(self, tseq: Sequence[Transform], dim: int = 0,
                 lengths: Sequence[int] | None = None, cache_size: int = 0) -> None:
        _check_transforms(tseq)
        if cache_size:
            tseq = [t.with_cache(cache_size) for t in tseq]
        super().__init__(cache_size=cache_size)
        self.transforms = list(tseq)
        self.lengths = [1] * len(self.transforms) if lengths is None else list(lengths)
        if len(self.lengths) != len(self.transforms):
            raise AssertionError(f"lengths ({len(self.lengths)}) must match transforms "
                                 f"({len(self.transforms)})")
        self.dim = dim

    @lazy_property
    def event_dim(self) -> int:  # type: ignore[override]
        return max(t.event_dim for t in self.transforms)

    @lazy_property
    def length(self) -> int:
        return sum(self.lengths)

    def with_cache(self, cache_size: int = 1) -> Transform:
        if self._cache_size == cache_size:
            return self
        return CatTransform(self.transforms, self.dim, self.lengths, cache_size)

    def _pieces(self, tensor):
        start = 0
        for length in self.lengths:
            yield tensor.narrow(self.dim, start, length)
            start = start + length

    def _call(self, x):
        _check_dim_size(self.dim, x, "x", "tensor", self.length, "length")
        return ember.cat([t(piece) for t, piece in zip(self.transforms, self._pieces(x))],
                         dim=self.dim)

    def _inverse(self, y):
        _check_dim_size(self.dim, y, "y", "tensor", self.length, "length")
        return ember.cat([t.inv(piece)
                          for t, piece in zip(self.transforms, self._pieces(y))], dim=self.dim)

    def log_abs_det_jacobian(self, x, y):
        _check_dim_size(self.dim, x, "x", "x", self.length, "length")
        _check_dim_size(self.dim, y, "y", "y", self.length, "length")
        terms = []
        for t, x_piece, y_piece in zip(self.transforms, self._pieces(x), self._pieces(y)):
            term = t.log_abs_det_jacobian(x_piece, y_piece)
            if t.event_dim < self.event_dim:
                term = _sum_rightmost(term, self.event_dim - t.event_dim)
            terms.append(term)
        # `dim` counted from the right, then moved past the event dims summed away: a dim
        # still in the batch concatenates the pieces' terms, one inside the event adds them
        dim = self.dim - x.dim() if self.dim >= 0 else self.dim
        dim = dim + self.event_dim
        if dim < 0:
            return ember.cat(terms, dim=dim)
        return sum(terms)

    @property
    def bijective(self) -> bool:  # type: ignore[override]
        return all(t.bijective for t in self.transforms)

    @constraints.dependent_property
    def domain(self):
        return constraints.cat([t.domain for t in self.transforms], self.dim, self.lengths)

    @constraints.dependent_property
    def codomain(self):
        return constraints.cat([t.codomain for t in self.transforms], self.dim, self.lengths)


class StackTransform(Transform):
    """tseq[i] applied to index i of `dim`."""

    def __init__(self, tseq: Sequence[Transform], dim: int = 0, cache_size: int = 0) -> None:
        _check_transforms(tseq)
        if cache_size:
            tseq = [t.with_cache(cache_size) for t in tseq]
        super().__init__(cache_size=cache_size)
        self.transforms = list(tseq)
        self.dim = dim

    def with_cache(self, cache_size: int = 1) -> Transform:
        if self._cache_size == cache_size:
            return self
        return StackTransform(self.transforms, self.dim, cache_size)

    def _slice(self, z):
        return [z.select(self.dim, i) for i in range(z.size(self.dim))]

    def _call(self, x):
        _check_dim_size(self.dim, x, "x", "tensor", len(self.transforms), "len(transforms)")
        return ember.stack([t(piece) for piece, t in zip(self._slice(x), self.transforms)],
                           dim=self.dim)

    def _inverse(self, y):
        _check_dim_size(self.dim, y, "y", "tensor", len(self.transforms), "len(transforms)")
        return ember.stack([t.inv(piece) for piece, t in zip(self._slice(y), self.transforms)],
                           dim=self.dim)

    def log_abs_det_jacobian(self, x, y):
        size = len(self.transforms)
        _check_dim_size(self.dim, x, "x", "x", size, "len(transforms)")
        _check_dim_size(self.dim, y, "y", "y", size, "len(transforms)")
        return ember.stack([t.log_abs_det_jacobian(x_piece, y_piece) for x_piece, y_piece, t
                            in zip(self._slice(x), self._slice(y), self.transforms)],
                           dim=self.dim)

    @property
    def bijective(self) -> bool:  # type: ignore[override]
        return all(t.bijective for t in self.transforms)

    @constraints.dependent_property
    def domain(self):
        return constraints.stack([t.domain for t in self.transforms], self.dim)

    @constraints.dependent_property
    def codomain(self):
        return constraints.stack([t.codomain for t in self.transforms], self.dim)


# (torch's classes live in torch.distributions.transforms, which re-exports these: their
# reprs, pickles and type names say so)
for _class in (ReshapeTransform, CatTransform, StackTransform):
    _class.__module__ = "ember.distributions.transforms"
del _class
