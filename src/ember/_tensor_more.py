"""Tensor methods and properties of torch's that concern layouts ember does not have, or
legacy spellings: the `is_nested`/`is_quantized`/... flags (False for every
strided CPU tensor), `const_data_ptr`, `dim_order`, `to_dense`, `as_subclass`, the legacy
`new`, `resize_`/`resize_as_`, `nonzero_static`, and `apply_`/`map_`/`map2_`, which call
a Python function per element (CPU tensors only, never recorded).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._dispatch import apply, check_view_write
from ._grad_mode import is_grad_enabled
from ._tensor import Size, Tensor
from .ops import OPS
from .ops.shape import _as_view

__all__ = ["install", "nonzero_static", "resize_as_"]

# torch's layout and backend flags: a strided CPU tensor is none of these
_FALSE_FLAGS = ("is_nested", "is_quantized", "is_sparse_csr", "is_mkldnn",
                "is_vulkan", "is_xla", "is_xpu", "is_mps", "is_mtia", "is_maia", "is_ipu")


def const_data_ptr(self: Tensor) -> int:
    """The address of the first element (data_ptr, promised not to be written through)."""
    return self.data_ptr()


def dim_order(self: Tensor, *, ambiguity_check: bool | list = False) -> tuple[int, ...]:
    """The dims from outermost to innermost in memory (by decreasing stride; ties keep
    their order). With ambiguity_check, torch's error where equal strides or dims of size
    1 leave the order open."""
    strides = self.stride()
    order = tuple(sorted(range(self.ndim), key=lambda d: -strides[d]))
    if ambiguity_check is not False:
        if not isinstance(ambiguity_check, (bool, list)):
            raise ValueError("ambiguity_check should be a boolean or a list of memory formats")
        if len(set(strides)) < len(strides) or 1 in self.shape:
            raise RuntimeError("The tensor does not have unique dim order, or cannot map to "
                               "exact one of the given memory formats.")
    return order


def to_dense(self: Tensor, dtype=None, *, masked_grad: bool | None = None) -> Tensor:
    """A strided tensor is dense already: itself (converted when a dtype is given)."""
    return self if dtype is None or dtype == self.dtype else self.to(dtype)


def as_subclass(self: Tensor, cls: type) -> Tensor:
    """An alias of self (AliasBackward0 when recorded) as an instance of `cls`, a subclass
    of Tensor: same memory and version counter."""
    if not (isinstance(cls, type) and issubclass(cls, Tensor)):
        raise TypeError("Creating a Tensor subclass from a class that does not inherit from "
                        "Tensor is not possible. Make sure your class inherits from Tensor.")
    alias = _as_view(apply(OPS["alias"], (self,)), self)
    if cls is Tensor:
        return alias
    out = object.__new__(cls)
    for slot in Tensor.__slots__:
        if slot != "__weakref__":
            setattr(out, slot, getattr(alias, slot))
    return out


def new(self: Tensor, *args, device=None) -> Tensor:
    """The legacy constructor in self's dtype: sizes (ints or a torch.Size) give an
    uninitialised tensor (zeros in ember), a sequence gives a tensor of its values, a
    tensor gives an alias of it (of self's dtype only); nothing gives an empty tensor."""
    import ember

    dtype = self.dtype
    if not args:
        return ember.empty(0, dtype=dtype)
    first = args[0]
    if len(args) == 1 and isinstance(first, Tensor):
        if first.dtype != dtype:
            raise TypeError(f"expected {_options(dtype)} (got {_options(first.dtype)})")
        return first.detach()
    if all(isinstance(a, int) and not isinstance(a, bool) for a in args) or (
            len(args) == 1 and isinstance(first, Size)):
        return ember.empty(*args, dtype=dtype)
    if len(args) == 1:
        return ember.tensor(first, dtype=dtype)
    raise TypeError(f"new() received an invalid combination of arguments - got "
                    f"({', '.join(type(a).__name__ for a in args)}), but expected one of:")


def _options(dtype) -> str:
    from ._out import _CPP_NAMES

    return (f"TensorOptions(dtype={_CPP_NAMES[dtype.numpy.name]}, device=cpu, layout=Strided, "
            "requires_grad=false (default), pinned_memory=false (default), "
            "memory_format=(nullopt))")


def resize_(self: Tensor, *sizes, memory_format=None) -> Tensor:
    """Give self the shape `sizes`, keeping its memory's first elements in order (new ones,
    past the old end, are uninitialised: zeros in ember). Not for tensors that require
    grad."""
    import ember

    shape = tuple(sizes[0]) if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)) \
        else tuple(int(s) for s in sizes)
    if any(s < 0 for s in shape):
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(shape)}: "
                           f"{list(shape)}")
    if self.requires_grad and is_grad_enabled():
        raise RuntimeError("cannot resize variables that require grad")
    if shape == tuple(self.shape):
        return self
    self._version_counter[0] += 1
    if self._extra:
        check_view_write(self, ())
    flat = np.ravel(self._data, order="K")  # (torch's storage order)
    count = int(np.prod(shape))
    if count <= flat.size:
        self._data = flat[:count].reshape(shape)
    else:
        grown = np.zeros(count, self._data.dtype)
        grown[:flat.size] = flat
        self._data = grown.reshape(shape)
    if memory_format is not None and memory_format is not ember.contiguous_format:
        self._data = self._data.copy()  # (ember lays a resized tensor out in C order)
    return self


def resize_as_(input: Tensor, the_template: Tensor, *, memory_format=None) -> Tensor:
    """input.resize_(the_template.shape)."""
    return resize_(input, tuple(the_template.shape), memory_format=memory_format)


def nonzero_static(input: Tensor, *, size: int, fill_value: int = -1) -> Tensor:
    """nonzero's (n, ndim) indices cut or padded with fill_value to exactly `size` rows."""
    if size < 0:
        raise RuntimeError(f"nonzero_static: 'size' must be an non-negative integer, but got "
                           f"size: {size}")
    found = np.argwhere(input._data)[:size]
    out = np.full((size, input.ndim), fill_value, np.int64)
    out[:len(found)] = found
    return Tensor(out)


def _scalar_kind(dtype: np.dtype) -> type:
    return bool if dtype.kind == "b" else int if dtype.kind in "iu" else float


def _elementwise(self: Tensor, name: str, function: Callable, *others: Tensor) -> Tensor:
    """self's elements replaced by function(self's, others'...) (others broadcast to self),
    each read and written as a Python number of self's kind, as torch's apply_ family."""
    if self.requires_grad:
        raise RuntimeError(f"Can't call {name}() on Variable that requires grad. Use "
                           f"var.detach().{name}() instead.")
    data = self._data
    kind = _scalar_kind(data.dtype)
    columns = [np.broadcast_to(o._data, data.shape).ravel().tolist() for o in others]
    values = [kind(function(*items)) if kind is not float else function(*items)
              for items in zip(data.ravel().tolist(), *columns)]
    result = np.array(values, dtype=np.float64 if kind is float else None).reshape(data.shape)
    if kind is int:  # (C++'s conversion of the callable's result: truncation)
        result = np.trunc(result)
    data[...] = result.astype(data.dtype, copy=False)  # (torch counts no new version)
    return self


def apply_(self: Tensor, callable: Callable) -> Tensor:  # noqa: A002 - torch's name
    """Each element replaced by callable(element), in place (slow: a Python call each)."""
    return _elementwise(self, "apply_", callable)


def map_(self: Tensor, tensor: Tensor, callable: Callable) -> Tensor:  # noqa: A002
    """Each element replaced by callable(element, tensor's element), in place."""
    return _elementwise(self, "map_", callable, tensor)


def map2_(self: Tensor, x: Tensor, y: Tensor, callable: Callable) -> Tensor:  # noqa: A002
    """Each element replaced by callable(element, x's, y's), in place."""
    return _elementwise(self, "map2_", callable, x, y)


def __dlpack__(self: Tensor, *, stream=None, max_version=None, dl_device=None,
               copy=None):
    """A DLPack capsule of self's memory (NumPy's exporter: CPU memory, shared)."""
    if self.requires_grad:
        raise BufferError("Can't export tensors that require gradient, use "
                           "tensor.detach()")
    return self._data.__dlpack__()


def __dlpack_device__(self: Tensor) -> tuple[int, int]:
    return (1, 0)  # (kDLCPU, device 0)


def install() -> None:
    """Put these on Tensor (where Tensor lacks them)."""
    for name in _FALSE_FLAGS:
        if not hasattr(Tensor, name):
            setattr(Tensor, name, property(lambda self: False))
    for function in (const_data_ptr, dim_order, to_dense, as_subclass, new, resize_,
                     resize_as_, nonzero_static, apply_, map_, map2_, __dlpack__,
                     __dlpack_device__):
        if not hasattr(Tensor, function.__name__):
            setattr(Tensor, function.__name__, function)

