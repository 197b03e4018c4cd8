"""What ember answers for torch's sparse tensors, which it does not have: every tensor is
dense (`torch.strided`). The constructors (`torch.sparse_coo_tensor`, ...), the
conversions (`Tensor.to_sparse`, ...) and torch.sparse's functions raise a
NotImplementedError that says so and what to do instead; a dense tensor answers the
sparse metadata questions as torch's dense tensors do (`sparse_dim()` is 0).

No sparse tensor is faked by a dense one: it would report layout=torch.strided where the
program asked for a sparse layout, and cost the dense memory the program meant to save.
"""

from __future__ import annotations

from ._tensor import Tensor

__all__ = ["refusal", "sparse_coo_tensor", "sparse_csr_tensor", "sparse_csc_tensor",
           "sparse_bsr_tensor", "sparse_bsc_tensor", "sparse_compressed_tensor", "install"]


def refusal(name: str) -> NotImplementedError:
    """The error for `name`, a sparse-tensor feature."""
    return NotImplementedError(
        f"{name} is not supported by ember: it has no sparse tensors (every tensor is dense, "
        "layout=torch.strided). Use dense tensors instead: build the dense matrix (for "
        "example with torch.zeros and index_put_ from the indices and values, or keep the "
        "data's .to_dense()) and use the dense ops (torch.mm, torch.sum, softmax...)")


def _refusing(name: str, qualified: str):
    def refuse(*args, **kwargs):
        raise refusal(qualified)

    refuse.__name__ = refuse.__qualname__ = name
    refuse.__doc__ = f"Not supported: ember has no sparse tensors ({qualified})."
    return refuse


sparse_coo_tensor = _refusing("sparse_coo_tensor", "torch.sparse_coo_tensor")
sparse_csr_tensor = _refusing("sparse_csr_tensor", "torch.sparse_csr_tensor")
sparse_csc_tensor = _refusing("sparse_csc_tensor", "torch.sparse_csc_tensor")
sparse_bsr_tensor = _refusing("sparse_bsr_tensor", "torch.sparse_bsr_tensor")
sparse_bsc_tensor = _refusing("sparse_bsc_tensor", "torch.sparse_bsc_tensor")
sparse_compressed_tensor = _refusing("sparse_compressed_tensor",
                                     "torch.sparse_compressed_tensor")

_CONVERSIONS = ("to_sparse", "to_sparse_coo", "to_sparse_csr", "to_sparse_csc",
                "to_sparse_bsr", "to_sparse_bsc", "sparse_mask", "sparse_resize_",
                "sparse_resize_and_clear_")


def sparse_dim(self: Tensor) -> int:
    """0: a dense tensor has no sparse dims."""
    return 0


def dense_dim(self: Tensor) -> int:
    """All of a dense tensor's dims are dense."""
    return self.ndim


def install() -> None:
    """Put the refusing conversions and the dense answers on Tensor."""
    for name in _CONVERSIONS:
        if not hasattr(Tensor, name):
            setattr(Tensor, name, _refusing(name, f"Tensor.{name}"))
    for function in (sparse_dim, dense_dim):
        if not hasattr(Tensor, function.__name__):
            setattr(Tensor, function.__name__, function)
