"""torch.func's helpers around the transforms: replace_all_batch_norm_modules_,
functionalize, debug_unwrap.

ember's transforms run the user's function on ordinary tensors (no wrapper tensors, no
traced programs), so functionalize and debug_unwrap have nothing to remove: they keep
torch's signatures and checks and return what torch returns for eager code.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from .._tensor import Tensor

__all__ = ["replace_all_batch_norm_modules_", "functionalize", "debug_unwrap"]


def replace_all_batch_norm_modules_(root: Any) -> Any:
    """In place, make every batch-norm module under `root` keep no running statistics
    (running_mean/running_var/num_batches_tracked None, track_running_stats False), so it
    normalises with the batch's own statistics, as vmap needs. Returns `root`."""
    from ..nn.modules.batchnorm import _BatchNorm

    for module in root.modules():
        if isinstance(module, _BatchNorm):
            module.running_mean = None
            module.running_var = None
            module.num_batches_tracked = None
            module.track_running_stats = False
    return root


def functionalize(func: Callable[..., Any], *, remove: str = "mutations") -> Callable[..., Any]:
    """`func` with its mutations removed (torch.func.functionalize). torch rewrites the
    traced program without in-place ops and writes the inputs' mutations back at the end;
    run eagerly that gives `func`'s own results and input mutations, which is what ember's
    wrapper does by calling `func`."""
    if remove not in ("mutations", "mutations_and_views"):
        raise RuntimeError(f"functionalize(f, remove='mutations'): received invalid argument "
                           f"for remove={remove}. Valid options are:\n"
                           "     remove='mutations': all inplace and out= operators will be "
                           "removed from the program, and replaced with their out-of-place "
                           "equivalents.\n"
                           "     remove='mutations_and_views': In addition to the above, all "
                           "aliasing operators {view} will be replaced with their non-aliasing "
                           "counterparts, {view}_copy.\n")

    @functools.wraps(func)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapped


def debug_unwrap(tensor: Tensor, *, recurse: bool = True) -> Tensor:
    """The plain tensor under torch.func's wrappers: ember's transforms wrap nothing, so
    the tensor itself."""
    return tensor
