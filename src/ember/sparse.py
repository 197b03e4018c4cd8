"""torch.sparse: ember has no sparse tensors, so each of torch.sparse's functions raises a
NotImplementedError saying so and pointing to the dense ops (ember/_sparse.py)."""

from __future__ import annotations

from ._sparse import _refusing

__all__ = ["mm", "addmm", "sum", "softmax", "log_softmax", "spdiags", "sampled_addmm",
           "spsolve", "to_sparse_semi_structured", "as_sparse_gradcheck",
           "check_sparse_tensor_invariants"]

mm = _refusing("mm", "torch.sparse.mm")
addmm = _refusing("addmm", "torch.sparse.addmm")
sum = _refusing("sum", "torch.sparse.sum")  # noqa: A001 - torch's name
softmax = _refusing("softmax", "torch.sparse.softmax")
log_softmax = _refusing("log_softmax", "torch.sparse.log_softmax")
spdiags = _refusing("spdiags", "torch.sparse.spdiags")
sampled_addmm = _refusing("sampled_addmm", "torch.sparse.sampled_addmm")
spsolve = _refusing("spsolve", "torch.sparse.spsolve")
to_sparse_semi_structured = _refusing("to_sparse_semi_structured",
                                      "torch.sparse.to_sparse_semi_structured")
as_sparse_gradcheck = _refusing("as_sparse_gradcheck", "torch.sparse.as_sparse_gradcheck")
check_sparse_tensor_invariants = _refusing("check_sparse_tensor_invariants",
                                           "torch.sparse.check_sparse_tensor_invariants")
