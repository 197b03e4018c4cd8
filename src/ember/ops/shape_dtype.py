"""`Tensor.view(dtype)`: the same bytes read as another dtype.

torch's `view.dtype` keeps the memory and reinterprets it: `arange(4.).view(int32)` gives
the IEEE bit patterns of 0., 1., 2. and 3. With an element size that differs, the last dim
grows or shrinks by the ratio of the sizes, and torch's rules for the layout (the last dim
contiguous, the storage offset and the other strides in whole new elements) decide whether
that is possible; NumPy's `ndarray.view(dtype)` then makes the same layout.

It is a non-differentiable view: the result shares memory and the version counter with its
input (an in-place write through either bumps both), but it is not a view in autograd's
sense: no `_base`, no grad_fn, `requires_grad` False and `is_leaf` True, whatever the input,
so writes through it are not recorded on the input (as `detach()`, which torch's
reinterpreting view resembles).
"""

from __future__ import annotations

from .._dispatch import apply
from .._dtype import dtype as _dtype_class
from .._dtype import scalar_type_name, to_dtype
from .._tensor import Tensor, torch_strides
from . import _empty_views as empty
from ._registry import OPS, declare

__all__ = ["view_as_dtype", "as_view_dtype"]


@declare("view_dtype", view=True,
         formula="not differentiable: the bytes of the input, read as another dtype")
def _view_dtype(x, np_dtype):
    # (np_dtype is the last param, which also keeps NumPy 1's result narrowing in
    # _dispatch._finish away from a float64 view of float32 memory)
    if not x.size:
        x = empty.torch_laid(x)
    return x.view(np_dtype)


# torch gives no tangent to a non-differentiable output, inside a dual level too
_view_dtype.tangent(lambda ctx, *tangents: None)


def as_view_dtype(value) -> _dtype_class | None:
    """The dtype `value` names for view(dtype): an ember dtype or one of Python's float, int
    and bool (torch's argument parser reads those as dtypes); None for anything else."""
    if isinstance(value, _dtype_class):
        return value
    if value is float or value is int or value is bool:
        return to_dtype(value)
    return None


def _check_layout(input: Tensor, target: _dtype_class) -> None:
    """torch's refusals, in torch's order, of a view with another element size."""
    data = input._data
    old, new = data.itemsize, target.itemsize
    if old == new:
        return
    what = (f"to view {scalar_type_name(data.dtype.name)} as "
            f"{scalar_type_name(target.name)} (different element sizes)")
    if data.ndim == 0:
        raise RuntimeError(f"self.dim() cannot be 0 {what}")
    strides = torch_strides(data)
    if old > new:  # smaller elements: each splits into old // new along the last dim
        if strides[-1] != 1:
            raise RuntimeError(f"self.stride(-1) must be 1 {what}, but got {strides[-1]}")
        return
    # larger elements: every `ratio` neighbours along the last dim become one
    ratio = new // old
    if data.shape[-1] % ratio:
        raise RuntimeError(f"self.size(-1) must be divisible by {ratio} {what}, "
                           f"but got {data.shape[-1]}")
    offset = input.storage_offset()
    if offset % ratio:
        raise RuntimeError(f"self.storage_offset() must be divisible by {ratio} {what}, "
                           f"but got {offset}")
    if strides[-1] != 1:
        raise RuntimeError(f"self.stride(-1) must be 1 {what}, but got {strides[-1]}")
    for dim, stride in enumerate(strides[:-1]):
        if stride % ratio:
            raise RuntimeError(f"self.stride({dim}) must be divisible by {ratio} {what}, "
                               f"but got {stride}")


def view_as_dtype(input: Tensor, target: _dtype_class) -> Tensor:
    """input.view(target): input's memory read as `target` (see the module docstring)."""
    _check_layout(input, target)
    return apply(OPS["view_dtype"], (input,), (target.numpy,))
