"""nn.Parameter and friends: tensors that a Module registers as its learnable state.

A Parameter is an ordinary leaf tensor (ops on it return plain Tensors) whose type tells
`Module.__setattr__` to register it. `UninitializedParameter` is the placeholder a lazy
module holds until its first call reveals the shapes; `Buffer` marks a tensor to register
as a buffer.
"""

from __future__ import annotations

import numpy as np

from .. import _dtype
from .._inference import inherit
from .._tensor import PLAIN_CLASSES, Tensor

__all__ = ["Parameter", "UninitializedParameter", "Buffer", "UninitializedBuffer",
           "is_lazy"]


def _share(target: Tensor, data: Tensor | None, requires_grad: bool) -> None:
    """Make `target` a leaf over `data`'s memory (and version counter), as torch's
    Parameter(data) does; no data means an empty float tensor."""
    if data is None:
        Tensor.__init__(target, np.empty((0,), _dtype.get_default_dtype().numpy))
    elif not isinstance(data, Tensor):
        # torch starts with data.detach(): anything but a tensor fails as Python says
        kind = type(data)
        name = (kind.__qualname__ if kind.__module__ == "builtins"
                else f"{kind.__module__}.{kind.__qualname__}")
        raise AttributeError(f"'{name}' object has no attribute 'detach'")
    else:
        Tensor.__init__(target, data._data, False, None, data._version_counter)
        if data._extra is not None:
            inherit(target, data)  # (of an inference tensor: an inference tensor)
    target._set_requires_grad(requires_grad, "Only Tensors of floating point and complex dtype "
                                             "can require gradients")


class Parameter(Tensor):
    """A tensor that is a module parameter: `requires_grad=True` by default, and assigning
    it as a module attribute registers it (it then appears in `parameters()`)."""

    __slots__ = ()

    def __init__(self, data: Tensor | None = None, requires_grad: bool = True) -> None:
        _share(self, data, requires_grad)

    def __repr__(self, *, tensor_contents=None) -> str:
        return "Parameter containing:\n" + Tensor.__repr__(self)

    def __reduce_ex__(self, protocol):
        return (_rebuild_parameter, (type(self), self._data.copy(), self._requires_grad))

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        copy = type(self)(Tensor(self._data.copy()), self._requires_grad)
        if self._grad is not None:
            copy._grad = Tensor(self._grad._data.copy())
        memo[id(self)] = copy
        return copy


PLAIN_CLASSES.add(Parameter)  # (prints as a plain tensor, under its heading)


def _rebuild_parameter(cls: type, data: np.ndarray, requires_grad: bool) -> Parameter:
    return cls(Tensor(data), requires_grad)


class Buffer(Tensor):
    """Marks a tensor to be registered as a buffer when assigned to a module attribute
    (`self.running_mean = nn.Buffer(torch.zeros(3))`); `persistent=False` keeps it out of
    the state_dict. The module stores a plain Tensor."""

    __slots__ = ("persistent",)

    def __init__(self, data: Tensor | None = None, *, persistent: bool = True) -> None:
        _share(self, data, False)
        self.persistent = persistent


PLAIN_CLASSES.add(Buffer)  # (torch's Buffer is a plain tensor)


_UNINITIALIZED_USE = (
    "Attempted to use an uninitialized parameter in an operation. This error happens when "
    "you are using a `LazyModule` or explicitly manipulating "
    "`torch.nn.parameter.UninitializedParameter` objects. When using LazyModules Call "
    "`forward` with a dummy batch to initialize the parameters before calling torch functions"
)


class _NoData:
    """The `_data` of a placeholder: every use by an op (which always starts by reading an
    attribute of the array) raises torch's ValueError, at no cost to ordinary tensors."""

    __slots__ = ()

    def __getattr__(self, name: str):
        raise ValueError(_UNINITIALIZED_USE)

    def __array__(self, *args, **kwargs):
        raise ValueError(_UNINITIALIZED_USE)


class _Uninitialized:
    """Shared behaviour of the lazy placeholders: no shape yet, and every use that needs
    one says so; `materialize(shape)` turns the object into its real class in place."""

    __slots__ = ()  # no __dict__, so that __class__ can change to the real class
    cls_to_become: type = Tensor

    def _forget_data(self, np_dtype: np.dtype) -> None:
        self._get_extra()["uninitialized_dtype"] = np.dtype(np_dtype)
        self._data = _NoData()

    def materialize(self, shape, device=None, dtype=None) -> None:
        """Allocate memory of `shape` (zeros) and become a `cls_to_become`."""
        if isinstance(shape, int):
            shape = (shape,)
        np_dtype = self._extra.pop("uninitialized_dtype")
        if dtype is not None:
            np_dtype = _dtype.to_dtype(dtype).numpy
        self._data = np.zeros(tuple(shape), np_dtype)
        self.__class__ = self.cls_to_become

    @property
    def dtype(self) -> _dtype.dtype:
        return _dtype.from_numpy_dtype(self._extra["uninitialized_dtype"])

    @property
    def data(self) -> Tensor:
        """An empty 1-d tensor, as torch's placeholder storage: the book's
        `LazyLinear(1).weight.data.normal_(0, 0.01)` before the first call is a no-op."""
        if isinstance(self._data, _NoData):
            return Tensor(np.empty((0,), self._extra["uninitialized_dtype"]))
        return Tensor(self._data)

    @data.setter
    def data(self, value: Tensor) -> None:
        Tensor.data.fset(self, value)

    def size(self, dim: int | None = None):
        """torch answers for the empty storage: `torch.Size([0])` (while `.shape` raises)."""
        return self.data.size(dim)

    @property
    def shape(self):
        raise RuntimeError(
            "Can't access the shape of an uninitialized parameter or buffer. This error "
            "usually happens in `load_state_dict` when trying to load an uninitialized "
            "parameter into an initialized one. Call `forward` to initialize the parameters "
            "before accessing their attributes."
        )

    def requires_grad_(self, requires_grad: bool = True):
        self._requires_grad = bool(requires_grad)
        return self

    def is_floating_point(self) -> bool:
        return self._extra["uninitialized_dtype"].kind == "f"

    def to(self, *args, **kwargs):
        """Placeholders take a new dtype (Module.double() before the first call)."""
        for arg in (*args, kwargs.get("dtype")):
            if isinstance(arg, _dtype.dtype):
                self._extra["uninitialized_dtype"] = np.dtype(arg.numpy)
        return self

    def detach(self):
        """Another placeholder (what state_dict() holds for a lazy module)."""
        return _rebuild_uninitialized(type(self), False, self._extra["uninitialized_dtype"])

    def __repr__(self, *, tensor_contents=None) -> str:
        return f"<{type(self).__name__}>"

    def __reduce_ex__(self, protocol):
        return (_rebuild_uninitialized, (type(self), self._requires_grad,
                                         self._extra["uninitialized_dtype"]))

    def __deepcopy__(self, memo):
        copy = _rebuild_uninitialized(type(self), self._requires_grad,
                                      self._extra["uninitialized_dtype"])
        memo[id(self)] = copy
        return copy


def _rebuild_uninitialized(cls: type, requires_grad: bool, np_dtype) -> Tensor:
    return cls(requires_grad=requires_grad, dtype=_dtype.from_numpy_dtype(np_dtype))


class UninitializedParameter(_Uninitialized, Parameter):
    """A parameter whose shape is not known yet (held by lazy modules such as LazyLinear)."""

    __slots__ = ()
    cls_to_become = Parameter

    def __init__(self, requires_grad: bool = True, device: object = None,
                 dtype: _dtype.dtype | None = None) -> None:
        Parameter.__init__(self, None, requires_grad)
        if dtype is not None:
            self._data = self._data.astype(_dtype.to_dtype(dtype).numpy)
        self._forget_data(self._data.dtype)


class UninitializedBuffer(_Uninitialized, Tensor):
    """A buffer whose shape is not known yet (held by lazy normalisation modules)."""

    __slots__ = ()
    cls_to_become = Tensor

    def __init__(self, requires_grad: bool = False, device: object = None,
                 dtype: _dtype.dtype | None = None) -> None:
        np_dtype = (_dtype.get_default_dtype() if dtype is None else _dtype.to_dtype(dtype))
        Tensor.__init__(self, np.empty((0,), np_dtype.numpy), requires_grad)
        self._forget_data(np_dtype.numpy)


def is_lazy(param: object) -> bool:
    """Whether `param` is a placeholder that a lazy module has not materialised yet."""
    return isinstance(param, _Uninitialized)
