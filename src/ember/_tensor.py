"""class Tensor: a NumPy array plus the autograd bookkeeping. No maths lives here.

Every operation (arithmetic, reductions, indexing...) is declared once in `ember.ops` and
installed onto this class as methods and operators by `ember._bind`. What stays here is
state, properties, conversions to Python and NumPy, and the entry points into autograd.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from numbers import Number

import numpy as np

from . import _dtype, _grad_mode, _inference
from ._batched_array import BatchedArray, refuse_control_flow, refuse_item, refuse_storage
from ._batched_array import running_calls as _vmap_running
from ._dtype import from_numpy_dtype
from ._grad_mode import threads_in_inference as _in_inference
from ._layout import layout, strided
from ._meta import MetaArray
from ._warnings import warn, warn_once

__all__ = ["Tensor", "Size", "new_tensor"]


class Size(tuple):
    """A tensor's shape: a tuple that prints as ``torch.Size([2, 3])``."""

    __module__ = "ember"  # shown as torch's: <class 'torch.Size'>

    __slots__ = ()

    def __repr__(self) -> str:
        return f"torch.Size({list(self)})"

    def numel(self) -> int:
        n = 1
        for s in self:
            n *= s
        return n

    def __getitem__(self, item):
        result = tuple.__getitem__(self, item)
        return Size(result) if isinstance(item, slice) else result

    # joined or repeated, a Size stays a Size (also tuple + Size: a subclass's reflected
    # operator runs first), as torch.Size does
    def __add__(self, other):
        if not isinstance(other, tuple):
            raise TypeError(f"can only concatenate tuple (not {type(other).__name__}) to "
                            "torch.Size")
        return Size(tuple.__add__(self, other))

    def __radd__(self, other):
        if not isinstance(other, tuple):
            return NotImplemented
        return Size(tuple.__add__(other, self))

    def __mul__(self, count):
        result = tuple.__mul__(self, count)
        return result if result is NotImplemented else Size(result)

    __rmul__ = __mul__


_SETTER_MESSAGE = "only Tensors of floating point and complex dtype can require gradients"


_NO_DATA = object()  # torch.Tensor() without arguments: an empty tensor


class Tensor:
    """An n-dimensional array that can record the operations applied to it.

    Create tensors with `ember.tensor(...)`, `ember.zeros(...)` and friends. The
    constructor takes a NumPy array (other data is converted with the default dtype).
    """

    __module__ = "ember"  # shown as torch's: <class 'torch.Tensor'>

    __slots__ = (
        "_data",           # np.ndarray holding the values (never a NumPy scalar)
        "_requires_grad",  # bool
        "_grad",           # Tensor | None: accumulated gradient (leaves, retain_grad)
        "_grad_fn",        # Node | None: the node that produced this tensor (grad_fn)
        "_version_counter",  # one-element list shared with views; in-place ops bump it
        "_output_nr",      # which output of grad_fn this tensor is
        "_accumulator",    # weakref to the leaf's AccumulateGrad node, or None
        "_extra",          # dict | None: rarely used state (hooks, retain_grad, base, name)
        "__weakref__",
    )

    # Tensor arithmetic with NumPy arrays on the left should defer to Tensor's operators.
    __array_priority__ = 1000

    def __init__(self, data=_NO_DATA, requires_grad: bool = False, grad_fn=None, version=None,
                 *more_sizes: int) -> None:
        if type(data) is not np.ndarray and type(data) is not MetaArray \
                and type(data) is not BatchedArray:
            # torch.Tensor(...), the legacy constructor: sizes, data or another tensor
            sizes = tuple(a for a in (requires_grad, grad_fn, version)
                          if a is not None and a is not False) + more_sizes
            if sizes and sizes[0] is True:  # (ember's own Tensor(list, requires_grad=True))
                sizes = sizes[1:]
            else:
                requires_grad = False
            data, version = legacy_data(data, sizes, None)
            grad_fn = None
        self._data = data
        self._requires_grad = requires_grad
        self._grad = None
        self._grad_fn = grad_fn
        self._version_counter = [0] if version is None else version
        self._output_nr = 0
        self._accumulator = None
        # a new tensor made in inference mode is an inference tensor (an alias, given its
        # source's version counter, is what its source is: _inference.inherit)
        self._extra = None if version is not None or not _in_inference[0] or \
            not _grad_mode.state.inference else {"inference": True}

    # ------------------------------------------------------------------ metadata
    @property
    def dtype(self) -> _dtype.dtype:
        return from_numpy_dtype(self._data.dtype)

    @property
    def shape(self) -> Size:
        return Size(self._data.shape)

    def size(self, dim: int | None = None, *, axis: int | None = None):
        if axis is not None:  # (NumPy's name, which torch's argument parser takes too)
            if dim is not None:
                raise TypeError("size() got an unexpected keyword argument 'axis'")
            dim = axis
        if dim is None:
            return Size(self._data.shape)
        if type(dim) is not int:
            _check_int_dim("size", dim)
        if not self._data.ndim:
            raise _no_dimensions(dim)
        return self._data.shape[_wrap_dim(dim, self._data.ndim)]

    def dim(self) -> int:
        return self._data.ndim

    ndimension = dim

    @property
    def ndim(self) -> int:
        return self._data.ndim

    def numel(self) -> int:
        return self._data.size

    nelement = numel

    def element_size(self) -> int:
        return self._data.itemsize

    @property
    def device(self) -> str:
        from ._device import cpu, meta

        return meta if type(self._data) is MetaArray else cpu

    @property
    def is_meta(self) -> bool:
        return type(self._data) is MetaArray

    @property
    def is_cuda(self) -> bool:
        return False

    @property
    def is_sparse(self) -> bool:
        return False  # ember's tensors are all dense (strided)

    @property
    def layout(self) -> layout:
        return strided  # (every ember tensor is dense)

    def is_floating_point(self) -> bool:
        return self._data.dtype.kind == "f"

    def is_complex(self) -> bool:
        return self._data.dtype.kind == "c"

    def is_contiguous(self, *args, memory_format=None) -> bool:
        if args:
            raise TypeError(f"is_contiguous() takes 0 positional arguments but {len(args)} "
                            f"{'was' if len(args) == 1 else 'were'} given")
        if memory_format is None:
            return self._data.flags.c_contiguous
        from ._memory_format import checked_format, is_contiguous_as

        return is_contiguous_as(self._data, checked_format(memory_format, "is_contiguous"))

    def stride(self, dim: int | None = None):
        strides = torch_strides(self._data)
        if dim is None:
            return strides
        if type(dim) is not int:
            _check_int_dim("stride", dim)
        if not self._data.ndim:
            raise _no_dimensions(dim)
        return strides[_wrap_dim(dim, self._data.ndim)]

    def data_ptr(self) -> int:
        return self._data.__array_interface__["data"][0]

    @property
    def _base(self):
        return self._extra.get("base") if self._extra else None

    def is_inference(self) -> bool:
        """Whether this tensor was made in inference mode (or is a view of one that was)."""
        return _inference.is_inference(self)

    def _is_view(self) -> bool:
        """Whether this tensor is a view of another (it has a `_base`), as torch's."""
        return bool(self._extra) and self._extra.get("base") is not None

    @property
    def grad(self) -> Tensor | None:
        """The accumulated gradient: None until a backward pass reaches this tensor."""
        grad = self._grad
        if grad is None and self.grad_fn is not None and not self.retains_grad:
            warn(_NON_LEAF_GRAD, UserWarning)
        return grad

    @grad.setter
    def grad(self, value: Tensor | None) -> None:
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(
                    "assigned grad expected to be a Tensor or None but got grad of type "
                    f"{type(value).__name__}"
                )
            if value._data.shape != self._data.shape:
                raise RuntimeError(
                    f"attempting to assign a gradient of size '{list(value._data.shape)}' to "
                    f"a tensor of size '{list(self._data.shape)}'. Please ensure that the "
                    "gradient and the tensor are the same size"
                )
            if value._data.dtype != self._data.dtype:
                raise RuntimeError(
                    f"attempting to assign a gradient with dtype '{value.dtype.name}' to a "
                    f"tensor with dtype '{self.dtype.name}'. Cast the gradient with "
                    ".to(tensor.dtype) first."
                )
        self._grad = value

    @grad.deleter
    def grad(self) -> None:
        self._grad = None

    @property
    def grad_fn(self):
        """The node that produced this tensor (None for a leaf). A view whose memory was
        written in place since its history was made gets a new one first, as torch
        regenerates it (AsStridedBackward0), or refuses one torch cannot regenerate."""
        extra = self._extra
        if extra is not None and "grad_version" in extra:
            _refresh_stale_view(self, True)
        node = self._grad_fn
        if type(node) is _Node:  # (the hot paths leave a node's class to be set on sight)
            _settle(node)
        return node

    @grad_fn.setter
    def grad_fn(self, node) -> None:
        self._grad_fn = node

    @property
    def is_leaf(self) -> bool:
        return self.grad_fn is None

    @property
    def requires_grad(self) -> bool:
        if self._requires_grad:
            return True
        extra = self._extra  # a view requires grad when its base does, as in torch
        if extra is not None and "grad_version" in extra:
            base = extra.get("base")
            return base is not None and base._requires_grad
        return False

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        if value is not True and value is not False:  # (torch takes no 1, np.bool_ or None)
            raise RuntimeError("requires_grad must be a bool")
        self._set_requires_grad(value, _SETTER_MESSAGE)

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Start (or stop) recording operations on this leaf tensor. Returns self."""
        if requires_grad is not True and requires_grad is not False:
            from ._arguments import type_name  # (it imports this module)
            raise TypeError("requires_grad_(): argument 'requires_grad' (position 1) must be "
                            f"bool, not {type_name(requires_grad)}")
        return self._set_requires_grad(
            requires_grad, "only Tensors of floating point dtype can require gradients")

    def _set_requires_grad(self, requires_grad: bool, integer_message: str) -> Tensor:
        requires_grad = bool(requires_grad)
        if self.grad_fn is not None:
            if requires_grad and integer_message is _SETTER_MESSAGE:
                # (the property refuses any change of a non-leaf, requires_grad_() only
                # turning it off)
                raise RuntimeError("you can only change requires_grad flags of leaf variables.")
            if not requires_grad:
                raise RuntimeError(
                    "you can only change requires_grad flags of leaf variables. If you want to "
                    "use a computed variable in a subgraph that doesn't require differentiation "
                    "use var_no_grad = var.detach()."
                )
            if self._data.dtype.kind in "fc":
                return self
            # (integers made to require grad in place: torch refuses the request anyway)
        if requires_grad and self._extra is not None and "inference" in self._extra and \
                not _grad_mode.state.inference:
            raise RuntimeError(_inference.REQUIRES_GRAD_ERROR)
        if requires_grad and self._data.dtype.kind not in "fc":
            raise RuntimeError(integer_message)
        self._requires_grad = requires_grad
        return self

    @property
    def _version(self) -> int:
        """How many in-place modifications this tensor's memory has seen (as torch's)."""
        if self._extra is not None and "inference" in self._extra:
            raise RuntimeError(_inference.VERSION_ERROR)
        return self._version_counter[0]

    @property
    def data(self) -> Tensor:
        """The same values, detached from the graph; changes to it are not tracked by autograd."""
        alias = Tensor(self._data)
        if alias._extra is not None or self._extra is not None:
            _inference.inherit(alias, self)
        return alias

    @data.setter
    def data(self, value: Tensor) -> None:
        if not isinstance(value, Tensor):
            from ._arguments import type_name  # (it imports this module)
            raise TypeError(f"Variable data has to be a tensor, but got {type_name(value)}")
        if self._requires_grad and value._data.dtype.kind not in "fc":
            raise RuntimeError("data set to a tensor that requires gradients must be floating "
                               "point or complex dtype")
        self._data = value._data

    @property
    def name(self) -> str | None:
        return self._extra.get("name") if self._extra else None

    @property
    def retains_grad(self) -> bool:
        return bool(self._extra and self._extra.get("retains_grad"))

    def _get_extra(self) -> dict:
        if self._extra is None:
            self._extra = {}
        return self._extra

    # ------------------------------------------------------------------ autograd
    def backward(self, gradient=None, retain_graph=None, create_graph: bool = False,
                 inputs=None) -> None:
        """Compute the gradient of this tensor w.r.t. graph leaves and accumulate it in `.grad`."""
        from .autograd import backward

        # (a gradient that is not a tensor is read as a sequence of them, as torch reads it)
        backward((self,), gradient, retain_graph, create_graph, inputs=inputs)

    def detach(self) -> Tensor:
        """A tensor sharing this one's memory (and version counter) that does not require grad."""
        alias = Tensor(self._data, False, None, self._version_counter)
        if self._extra is not None and "inference" in self._extra:
            alias._extra = {"inference": True}
        return alias

    def detach_(self) -> Tensor:
        """Detach this tensor from the graph that created it, making it a leaf. A view
        cannot be (its base's graph would still reach through it), as in torch."""
        if self._base is not None:
            raise RuntimeError(
                "Can't detach views in-place. Use detach() instead. If you are using "
                "DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is "
                "set as True, gradients are views of DDP buckets, and hence detach_() cannot "
                "be called on these gradients. To fix this error, please refer to the "
                "Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.")
        self.grad_fn = None
        self._requires_grad = False
        return self

    def retain_grad(self) -> None:
        """Keep `.grad` for this non-leaf tensor after backward."""
        if not self._requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self.grad_fn is None:
            return
        self._get_extra()["retains_grad"] = True
        self.grad_fn._retain(self._output_nr, weakref.ref(self))

    def register_hook(self, hook: Callable[[Tensor], Tensor | None]):
        """Call `hook(grad)` when the gradient w.r.t. this tensor is computed; it may return a
        replacement gradient. Returns a handle whose `remove()` unregisters the hook."""
        if not self._requires_grad:
            raise RuntimeError(
                "cannot register a hook on a tensor that doesn't require gradient"
            )
        if self.grad_fn is None:
            hooks = self._get_extra().setdefault("hooks", {})
        else:
            hooks = self.grad_fn._tensor_hooks(self._output_nr)
        return _HookHandle(hooks, hook)

    def register_post_accumulate_grad_hook(self, hook: Callable[[Tensor], None]):
        """Call `hook(tensor)` after this leaf's `.grad` has been accumulated."""
        if not self._requires_grad:
            raise RuntimeError(
                "cannot register a hook on a tensor that doesn't require gradient"
            )
        if self.grad_fn is not None:
            raise RuntimeError(
                "post accumulate grad hooks cannot be registered on non-leaf tensors"
            )
        hooks = self._get_extra().setdefault("post_accumulate_hooks", {})
        return _HookHandle(hooks, hook)

    # ------------------------------------------------------------------ conversions
    def numpy(self, *, force: bool = False) -> np.ndarray:
        """The values as a NumPy array sharing this tensor's memory."""
        if type(self._data) is MetaArray:
            raise TypeError("can't convert meta device type tensor to numpy. Use "
                            "Tensor.cpu() to copy the tensor to host memory first.")
        if _vmap_running:  # a value inside vmap holds the whole batch in torch
            refuse_storage(self._data)
        if not force and self.requires_grad and _grad_mode.state.enabled:
            # (the property: a view whose base came to require grad; under no_grad torch
            # hands the values out)
            raise RuntimeError(_NUMPY_OF_GRAD)
        return self._data

    # NumPy meeting a tensor (np.asarray(x), np.exp(x), an ndarray operand that the
    # operators hand back to NumPy) reads it as torch's does: as numpy() would, so a tensor
    # that requires grad is refused, and a ufunc's result comes back as a tensor. ember's
    # own code reads `_data`, never this.
    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        if self.requires_grad and _grad_mode.state.enabled:  # (as numpy())
            raise RuntimeError(_NUMPY_OF_GRAD)
        if copy is False:
            # torch's __array__ takes no `copy`, so NumPy 2 refuses np.array(x, copy=False)
            raise ValueError(_NO_COPY)
        if dtype is None:
            return self._data.copy() if copy else self._data
        return self._data.astype(dtype, copy=bool(copy))

    def __array_wrap__(self, array, context=None, return_scalar=False) -> Tensor:
        """A ufunc's result on tensors, as a tensor sharing its memory: bool results as
        uint8, as torch's; a 0-d result stays a 0-d tensor (`return_scalar` is ignored)."""
        if array.dtype.kind == "b":
            array = array.astype(np.uint8)
        from_numpy_dtype(array.dtype)  # (torch's TypeError for a dtype it lacks)
        return Tensor(np.asarray(array))

    def item(self):
        """The value of a one-element tensor as a Python number."""
        return self._scalar()

    def tolist(self):
        if _vmap_running:
            refuse_storage(self._data)
        return self._data.tolist()

    # (each conversion to a Python value tests `_vmap_running`, a set that is empty unless
    # a vmapped function runs, before asking whether this value is a vmapped one:
    # _batched_array.py)
    def _scalar(self):
        if _vmap_running:
            refuse_item(self._data)
        if self._data.size != 1:
            raise RuntimeError(
                f"a Tensor with {self._data.size} elements cannot be converted to Scalar"
            )
        return self._data.reshape(()).item()

    def _python_number(self):
        if _vmap_running:
            refuse_item(self._data)
        if self._data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return self._data.reshape(()).item()

    def __float__(self) -> float:
        if self.requires_grad and _grad_mode.state.enabled:
            _warn_scalar_requiring_grad()
        return float(self._python_number())

    def __int__(self) -> int:
        return int(self._python_number())

    def __bool__(self) -> bool:
        if _vmap_running:
            refuse_control_flow(self._data)
        if self._data.size != 1:
            raise RuntimeError(
                "Boolean value of Tensor with more than one value is ambiguous"
                if self._data.size > 1 else "Boolean value of Tensor with no values is ambiguous"
            )
        return bool(self._data.item())  # (ndarray.item takes a 1-element array of any shape)

    def __index__(self) -> int:
        if _vmap_running:
            refuse_item(self._data)
        if self._data.dtype.kind not in "iub" or self._data.size != 1:
            raise TypeError(
                "only integer tensors of a single element can be converted to an index"
            )
        return int(self._data.reshape(()).item())

    def __complex__(self) -> complex:
        if self.requires_grad and _grad_mode.state.enabled:
            _warn_scalar_requiring_grad()
        return complex(self._python_number())

    def __len__(self) -> int:
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self) -> Iterator[Tensor]:
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))  # as torch: the pieces share one UnbindBackward0

    def __reversed__(self) -> Tensor:
        # torch reverses dim 0 with flip (one FlipBackward0), not element by element; a
        # 0-d tensor is its own reverse
        return self if self._data.ndim == 0 else self.flip(0)

    def __contains__(self, element) -> bool:
        # torch compares instead of iterating, so no unbind reads the history (a stale
        # split output is no error here)
        if isinstance(element, (Tensor, Number)):
            return bool((element == self).any().item())
        raise RuntimeError("Tensor.__contains__ only supports Tensor or scalar, but you "
                           f"passed in a {type(element)}.")

    def __hash__(self) -> int:
        return id(self)

    def __format__(self, spec: str) -> str:
        if self._data.ndim == 0:
            if _vmap_running:  # (torch formats a 0-d tensor's item())
                refuse_item(self._data)
            return format(self._data.item(), spec)
        if spec:
            raise TypeError("unsupported format string passed to Tensor.__format__")
        return repr(self)

    def __repr__(self, *, tensor_contents=None) -> str:
        from ._printing import tensor_repr

        suffixes = []
        try:
            node = self.grad_fn
        except RuntimeError:  # a view whose history torch refuses to make anew
            suffixes.append("grad_fn=<Invalid>")
        else:
            if node is not None:
                name = type(node).__name__
                if name == "CppFunction":  # (shown by its name(): grad_fn=<Identity>)
                    name = node.name().rpartition("::")[2]
                suffixes.append(f"grad_fn=<{name}>")
            elif self.requires_grad:
                suffixes.append("requires_grad=True")
        if self._extra and "tangent" in self._extra:
            from .autograd.forward_ad import tangent_of

            tangent = tangent_of(self)
            if tangent is not None:  # a dual tensor, shown as torch shows it
                suffixes.append("tangent=" + repr(tangent).replace("\n", "\n" + " " * 8))
        # (torch names a subclass's instances by their class: Parameter's are plain)
        prefix = "tensor(" if type(self) in PLAIN_CLASSES else type(self).__name__ + "("
        if type(self._data) is MetaArray:
            from ._printing import meta_repr

            return meta_repr(self._data.shape, self.dtype.name,
                             _dtype.get_default_dtype().name, suffixes, prefix)
        return tensor_repr(self._data, self.dtype.name, _dtype.get_default_dtype().name,
                           suffixes, prefix)

    # (no __str__: str() uses the class's __repr__, a subclass's own override included)

    def __reduce_ex__(self, protocol):
        return (_rebuild, (self._data.copy(), self._requires_grad))

    def __deepcopy__(self, memo):
        if self.grad_fn is not None:
            raise RuntimeError(
                "Only Tensors created explicitly by the user (graph leaves) support the "
                "deepcopy protocol at the moment. If you were attempting to deepcopy a module, "
                "this may be because of a torch.nn.utils.weight_norm usage, see "
                "https://github.com/pytorch/pytorch/pull/103001"
            )
        copy = Tensor(self._data.copy(), self._requires_grad)
        if self.grad is not None:
            copy.grad = Tensor(self.grad._data.copy())
        memo[id(self)] = copy
        return copy


_NUMPY_OF_GRAD = ("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() "
                  "instead.")
_NO_COPY = ("Unable to avoid copy while creating an array as requested.\nIf using "
            "`np.array(obj, copy=False)` replace it with `np.asarray(obj)` to allow a copy when "
            "needed (no behavior change in NumPy 1.x).\nFor more details, see "
            "https://numpy.org/devdocs/numpy_2_0_migration_guide.html#adapting-to-changes-in-"
            "the-copy-keyword.")

_NON_LEAF_GRAD = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
    "attribute won't be populated during autograd.backward(). If you indeed want the .grad "
    "field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. "
    "If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor "
    "instead. See github.com/pytorch/pytorch/pull/30531 for more information."
)


_new_object = object.__new__


# autograd/node.refresh_if_stale, bound when that module is imported (it imports this one):
# a view's history, made anew when its memory was written in place since it was made.
_refresh_stale_view = None
# autograd/node's Node and settled(node), bound likewise: grad_fn gives a node made by the
# hot paths its op's class (MulBackward0...) when it is first looked at.
_Node = _settle = None


def new_tensor(data: np.ndarray, requires_grad: bool, grad_fn, version: list) -> Tensor:
    """Tensor(data, requires_grad, grad_fn, version) for the hot paths of ops, where `data`
    is an ndarray and `version` a counter: the slots are filled here rather than by
    `__init__`, since calling a class with a Python `__init__` costs as much again."""
    t = _new_object(Tensor)
    t._data = data
    t._requires_grad = requires_grad
    t._grad = None
    t._grad_fn = grad_fn
    t._version_counter = version
    t._output_nr = 0
    t._accumulator = None
    # made in inference mode: an inference tensor (a view takes its base's: ops/shape._as_view)
    t._extra = None if not _in_inference[0] or not _grad_mode.state.inference else \
        {"inference": True}
    return t


def legacy_data(data, sizes: tuple, dtype: _dtype.dtype | None) -> tuple:
    """The array (and the version counter to share, or None) of torch's legacy constructors,
    `torch.Tensor(...)` (dtype None: the default dtype) and `torch.LongTensor(...)` and
    kin: no argument (empty), sizes as ints or a torch.Size (uninitialised in torch, zeros
    here), a tensor (an alias of it; of another dtype a typed constructor refuses it), or a
    sequence of numbers (converted, as torch.tensor(data, dtype=...) does)."""
    numpy_dtype = (dtype or _dtype.get_default_dtype()).numpy
    if data is _NO_DATA:
        return np.zeros(0, numpy_dtype), None
    if isinstance(data, Size):
        return np.zeros(tuple(data), numpy_dtype), None
    if isinstance(data, int) and not isinstance(data, bool) or sizes:
        sizes = (data,) + sizes
        for position, n in enumerate(sizes):
            if not isinstance(n, int) or isinstance(n, bool):
                raise TypeError(f"new(): argument 'size' failed to unpack the object at pos "
                                f"{position + 1} with error \"type must be tuple of ints,but "
                                f"got {type(n).__name__}\"")
        for n in sizes:
            if n < 0:
                raise RuntimeError(f"Trying to create tensor with negative dimension {n}: "
                                   f"{list(sizes)}")
        return np.zeros(sizes, numpy_dtype), None
    if isinstance(data, Tensor):
        if dtype is not None and data.dtype is not dtype:
            raise TypeError(f"expected TensorOptions(dtype={_options_name(dtype)}, "
                            "device=cpu, layout=Strided, requires_grad=false (default), "
                            "pinned_memory=false (default), memory_format=(nullopt)) (got "
                            f"TensorOptions(dtype={_options_name(data.dtype)}, device=cpu, "
                            "layout=Strided, requires_grad=false (default), pinned_memory="
                            "false (default), memory_format=(nullopt)))")
        return data._data, data._version_counter
    if isinstance(data, (float, bool, complex)) and not isinstance(data, np.generic):
        raise TypeError(f"new(): data must be a sequence (got {type(data).__name__})")
    if dtype is None:  # torch.Tensor(list) always makes a tensor of the default float dtype
        return np.asarray(_values_of(data), dtype=numpy_dtype), None
    from ._creation import tensor  # (typed constructors convert as torch.tensor does)

    return tensor(data, dtype=dtype)._data, None


def _options_name(dtype: _dtype.dtype) -> str:
    """A dtype as torch's TensorOptions message spells it (C++ type names)."""
    return {"float32": "float", "float64": "double", "float16": "c10::Half",
            "int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char",
            "uint8": "unsigned char", "bool": "bool"}.get(dtype.name, dtype.name)


def _values_of(data):
    """Nested data with each tensor replaced by its array: ember reads tensors through
    `_data`, since NumPy's way in (Tensor.__array__) refuses those that require grad."""
    if isinstance(data, Tensor):
        return data._data
    if isinstance(data, (list, tuple)):
        return [_values_of(item) for item in data]
    return data


def _rebuild(data: np.ndarray, requires_grad: bool) -> Tensor:
    return Tensor(data, requires_grad)


def torch_strides(data: np.ndarray) -> tuple:
    """data's strides in elements, as torch would have them. NumPy gives a new array
    without elements zero strides (NumPy 2), or C strides with a dim of 0 as 0 (NumPy 1);
    torch, C-contiguous ones counting a dim of 0 as 1: (3, 1) for zeros(0, 3), (3, 3, 1)
    for empty(2, 0, 3). Other layouts are torch's already, as are the strides of a view
    without elements that ember laid out as torch's (all 0 for zeros(1).expand(3, 0))."""
    item = data.itemsize
    strides = tuple(s // item for s in data.strides)
    if data.size or (data.base is not None and (any(strides) or _laid_out_here(data))):
        return strides
    contiguous, step = [], 1
    for size in reversed(data.shape):
        contiguous.append(step)
        step *= max(size, 1)
    return tuple(reversed(contiguous))


def _laid_out_here(data: np.ndarray) -> bool:
    from .ops._empty_views import laid_out_here  # (the ops import this module)

    return laid_out_here(data)


def _no_dimensions(dim) -> IndexError:
    """torch's error for any dim of a 0-d tensor's size(dim) or stride(dim) (where other
    functions take 0 and -1 as its dims)."""
    if dim.__class__ is not int:
        dim = _dim_as_int(dim)
    return IndexError(f"Dimension specified as {dim} but tensor has no dimensions")


def _wrap_dim(dim: int, ndim: int) -> int:
    """Turn a possibly negative dim into an index, raising torch's IndexError when out of range.
    A 0-d integer tensor is read as its int, as torch's argument parser reads an int."""
    if dim.__class__ is not int:
        dim = _dim_as_int(dim)
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})"
        )
    return dim % n


def _dim_as_int(dim):
    """A dim that is not a Python int: a 0-d integer tensor reads as its int; a NumPy array
    is torch's TypeError; others (NumPy integers, bools) as they came."""
    if dim.__class__ is Tensor:
        return _tensor_as_int(dim, "dim")
    if isinstance(dim, np.ndarray):
        raise TypeError("argument 'dim' must be int, not numpy.ndarray")
    return dim


def _tensor_as_int(value: Tensor, name: str) -> int:
    """A tensor given for a parameter torch declares `int` (a dim, k): a 0-d tensor of an
    integer dtype (not bool) reads as its value; others are torch's TypeError."""
    if value._data.ndim == 0 and value._data.dtype.kind in "iu":
        return int(value._data)
    raise TypeError(f"argument '{name}' must be int, not Tensor")


class RemovableHandle:
    """What register_hook (on tensors, nodes and modules) returns: `remove()` takes the hook
    out again; also a context manager. Public as ember.utils.hooks.RemovableHandle."""

    _next_id = 0

    def __init__(self, hooks: dict, hook: Callable) -> None:
        RemovableHandle._next_id += 1
        self.id = RemovableHandle._next_id
        self._hooks = hooks
        hooks[self.id] = hook

    def remove(self) -> None:
        self._hooks.pop(self.id, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.remove()


RemovableHandle.__module__ = "ember.utils.hooks"  # where torch users find it
_HookHandle = RemovableHandle  # the name ember's modules import


def _warn_scalar_requiring_grad() -> None:
    """torch 2.13's warn-once of float() and complex() (not int(), bool() or item()) of a
    tensor that requires grad, in grad mode (not under no_grad): the number leaves the
    graph."""
    warn_once("scalar of a tensor that requires grad",
              "Converting a tensor with requires_grad=True to a scalar may lead to unexpected "
              "behavior.\nConsider using tensor.detach() first.")


def _check_int_dim(function: str, dim) -> None:
    """torch's TypeError for a `dim` of size() or stride() that its parser does not read as
    an int (1.5, nan, a tensor with dims), before the dim is wrapped."""
    from ._arguments import _is_int, bad_scalar  # (_arguments imports Tensor)

    if not _is_int(dim):
        raise bad_scalar("int", function, "dim", 1, dim)

# The classes whose tensors print as "tensor(...)" (nn.Parameter adds itself); a subclass
# of Tensor prints its own name, as torch's
PLAIN_CLASSES: set[type] = {Tensor}
