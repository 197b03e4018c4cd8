"""Views that reshape a tensor or reorder its dims: reshape/view, flatten/unflatten,
transpose/permute/t (and .T, .mT, .H, .mH), movedim, expand and the broadcast functions,
squeeze/unsqueeze, and the in-place forms that change a tensor's own shape (unsqueeze_, t_...).

View ops (`view=True`) return tensors sharing memory and the version counter with their
input, as torch's views do; their backward moves the gradient back into the input's layout.
The public functions of view ops also record the view's base (`_as_view`, through
`_view_apply`, which every view op of ember.ops uses), so that an in-place operation can tell
it is writing through a view: `shape_strided.inplace_on_view` records such a write on the
base, as torch's CopySlices does.

The other shape modules: `shape_parts` (views of parts: select, slice, split, diagonal),
`shape_copies` (triangles, flip, roll, repeat, cat/stack), `shape_strided` (as_strided and
in-place writes through views) and `shape_dtype` (view(dtype): the bytes as another dtype).
"""

from __future__ import annotations

import operator

import numpy as np

from .._arguments import checked_method, tensor_elements
from .._dispatch import _broadcast_error, apply, check_not_leaf, check_view_write
from .._dtype import dtype as _dtype_class
from .._grad_mode import is_grad_enabled
from .._inference import write_then_refuse, written_outside
from .._meta import MetaArray
from .._tensor import Size, Tensor
from .._warnings import warn_once
from ..autograd import forward_ad as _fw
from ..autograd.node import history_first
from . import _empty_views as empty
from . import _xp as xp
from ._dims import dims_of_tensor, int_dim, wrap_dim
from ._registry import OPS, allow_complex, declare, public, recorded_as
from ._strided import reshaped_view
from .shape_dtype import as_view_dtype, view_as_dtype


def _shape_arg(shape: tuple, function: str = "view", argument: str = "size") -> tuple:
    """Accept f(2, 3), f((2, 3)), f([2, 3]) and torch.Size; refuse non-integers as torch."""
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    try:
        return tuple([operator.index(s) for s in shape])
    except TypeError:
        position = next(i for i, s in enumerate(shape) if not _is_index(s))
        raise TypeError(
            f"{function}(): argument '{argument}' (position 1) must be tuple of ints, but "
            f"found element of type {type(shape[position]).__name__} at pos {position}"
        ) from None


def _is_index(value) -> bool:
    """Whether `value` reads as an int (a tensor of several elements or of floats does not)."""
    try:
        operator.index(value)
    except TypeError:
        return False
    return True


def _as_view(out: Tensor, input: Tensor) -> Tensor:
    """Record that `out` is a view of `input` (of input's own base, if input is a view).

    As in torch, `view._base` is the tensor that owns the memory, whether or not anything
    requires grad.
    """
    if type(input._data) is MetaArray and type(out._data) is not MetaArray:
        out._data = out._data.view(MetaArray)  # (a view of a meta tensor is one: _meta.py)
    extra = input._extra
    if extra is not None and "inference" in extra:
        # torch tracks no views of inference tensors (no _base): the view is one of them
        if out._extra is None:
            out._extra = {"inference": True}
        else:
            out._extra["inference"] = True
        return out
    base = extra.get("base") if extra else None
    base = input if base is None else base
    if out._extra is None:
        out._extra = {"base": base}
    else:
        out._extra["base"] = base  # keep what is there already (a forward-mode tangent)
        out._extra.pop("inference", None)  # (made in inference mode: a view of a normal one)
    # The version its grad_fn belongs to: an in-place write into the base (or another view
    # of it) after this makes the view's path stale (_dispatch.refresh_if_stale).
    out._extra["grad_version"] = out._version_counter[0]
    # torch remembers how a view was made: under no_grad, or (with grad mode on) as one of
    # several views one call returned; a view of such a view inherits it. Both forbid
    # writing it in place with grad mode on, and reading its history once its memory was
    # written (autograd/node.view_write_error).
    if not is_grad_enabled():
        out._extra["no_grad_view"] = True
        # it requires grad as its base does, with no path to it (autograd/node.accumulator_of)
        out._requires_grad = base._requires_grad
    elif extra:
        if "no_grad_view" in extra:
            out._extra["no_grad_view"] = True
        elif "multi_output" in extra:  # a view of split's or unbind's outputs: as they
            node = out.grad_fn
            name = type(node).__name__.split("Backward")[0] if node is not None else "View"
            out._extra["multi_output"] = (name, 0)
            if "custom_view" in extra:  # (a view of a custom Function's view of its input)
                out._extra["custom_view"] = True
    return out


def _view_apply(name: str, input: Tensor, params: tuple = ()) -> Tensor:
    """Run view op `name` on `input` and mark the result as a view of it."""
    return _as_view(apply(OPS[name], (input,), params), input)


def _infer_shape(shape: tuple, numel: int) -> tuple:
    """Resolve one -1 in a target shape; raise torch's errors for impossible shapes."""
    if shape.count(-1) > 1:
        raise RuntimeError("only one dimension can be inferred")
    known = 1
    for s in shape:
        if s != -1:
            if s < 0:
                raise RuntimeError(f"invalid shape dimension {s}")
            known *= s
    if -1 in shape:
        if known == 0 and numel == 0:
            raise RuntimeError(
                f"cannot reshape tensor of 0 elements into shape {list(shape)} because the "
                "unspecified dimension size -1 can be any value and is ambiguous")
        if known == 0 or numel % known:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
        shape = tuple(numel // known if s == -1 else s for s in shape)
    elif known != numel:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
    return shape


def _reshaped_view(data: np.ndarray, shape: tuple) -> np.ndarray | None:
    """`data` in `shape` without copying, or None when the strides make that impossible."""
    try:
        return reshaped_view(data, shape)
    except (ValueError, AttributeError):
        return None




# ---------------------------------------------------------------------- reshape / view
@declare("view", grad_fn="ViewBackward0", view=True, formula="gradient reshaped back")
def _view(x, shape, input_shape):
    if not x.size:
        return empty.reshaped(x, shape)
    return reshaped_view(x, shape)


@_view.backward
def _(ctx, g):
    return (xp.reshape(g, ctx.params[1]),)


_view.tangent(_fw.linear)


# torch's reshape of a tensor that is not contiguous but can be viewed in the new shape
# (`x.mT.reshape(...)`, a slice's) is the view _reshape_alias, recorded under its own name
@declare("reshape_alias", grad_fn="ReshapeAliasBackward0", view=True,
         formula="gradient reshaped back")
def _reshape_alias(x, shape, input_shape):
    if not x.size:
        return empty.reshaped(x, shape)
    return reshaped_view(x, shape)


_reshape_alias.backward(_view.backward_fn)
_reshape_alias.tangent(_fw.linear)


@declare("unsafe_view", grad_fn="UnsafeViewBackward0", formula="gradient reshaped back")
def _unsafe_view(x, shape, input_shape):
    return x.reshape(shape)


_unsafe_view.backward(_view.backward_fn)
_unsafe_view.tangent(_fw.linear)

_VIEW_IMPOSSIBLE = (
    "view size is not compatible with input tensor's size and stride (at least one "
    "dimension spans across two contiguous subspaces). Use .reshape(...) instead."
)


def _view_params(input: Tensor, shape: tuple, function: str) -> tuple:
    return (_infer_shape(_shape_arg(shape, function, "shape"), input._data.size),
            input._data.shape)


@public()
def reshape(input: Tensor, *shape) -> Tensor:
    """The same elements in a new shape; a view when possible, otherwise a copy."""
    params = _view_params(input, shape, "reshape")
    if _reshaped_view(input._data, params[0]) is not None:
        return _view_apply("view" if input._data.flags.c_contiguous else "reshape_alias",
                           input, params)
    # As torch: a contiguous copy, then a view of the copy that is not a view of the input.
    return apply(OPS["unsafe_view"], (apply(OPS["clone"], (input,)),), params)


@public(function=False)
def view(input: Tensor, *shape, **keywords) -> Tensor:
    """A view with a new shape (`view(2, 3)`, `view(size=(2, 3))`), raising if the memory
    layout does not allow one; or `view(dtype)` (`view(dtype=...)`), the same memory read
    as another dtype (ops/shape_dtype.py)."""
    if keywords or not shape or type(shape[0]) is not int and not isinstance(
            shape[0], (tuple, list)):  # (view(2, 3), view(-1), view(shape) skip this)
        shape = _view_signature(shape, keywords)
        if not isinstance(shape, tuple):
            return view_as_dtype(input, shape)
    history_first(input)
    try:
        params = _view_params(input, shape, "view")
    except TypeError:
        raise _sizes_error(shape, keywords) from None
    if _reshaped_view(input._data, params[0]) is None:
        raise RuntimeError(_VIEW_IMPOSSIBLE)
    return _view_apply("view", input, params)


# torch's argument parser reads view's arguments by two signatures, tried in this order
_VIEW_SIGNATURES = (("dtype", "torch.dtype dtype"), ("size", "tuple of ints size"))


def _is_int(value) -> bool:
    return hasattr(type(value), "__index__")  # (int itself, the class, is a dtype here)


def _view_signature(args: tuple, keywords: dict):
    """Which of torch's signatures of view a call matches: the dtype of `view(dtype)`, or
    the shape of `view(*size)`; torch's TypeError for a call matching neither."""
    if not keywords and len(args) == 1:
        target = as_view_dtype(args[0])
        if target is not None:
            return target
    if keywords.keys() == {"dtype"} and not args:
        target = as_view_dtype(keywords["dtype"])
        if target is not None:
            return target
    if keywords.keys() == {"size"} and not args:
        if isinstance(keywords["size"], (tuple, list)):  # (a single number only by position)
            return (keywords["size"],)
    elif not keywords and args and (_is_int(args[0]) or isinstance(args[0], (tuple, list))):
        return args  # (view() reads their elements, with torch's errors: _sizes_error)
    raise _invalid_view_call(args, keywords)


def _typename(value, described: bool = False) -> str:
    """A value's type as torch's argument parser names it in its messages (`described`: a
    tuple or list with its elements' types, as it explains a refusal)."""
    if isinstance(value, _dtype_class):
        return "torch.dtype"
    if described and isinstance(value, tuple) and value:
        names = [_typename(v, True) for v in value]
        return f"tuple of ({', '.join(names)}{',' if len(names) == 1 else ''})"
    if described and isinstance(value, list) and value:
        return f"list of [{', '.join(_typename(v, True) for v in value)}]"
    kind = type(value)
    # (CPython's own name of the type: with its module for types made in C, outside builtins)
    if kind.__flags__ & _HEAP_TYPE or kind.__module__ == "builtins":
        return kind.__name__
    return f"{kind.__module__}.{kind.__name__}"


_HEAP_TYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE: a class defined in Python


def _invalid_view_call(args: tuple, keywords: dict) -> TypeError:
    """torch's argument parser's error for a view() call of neither signature; with one
    argument, it says why each signature refused it."""
    got = [_typename(a) for a in args]
    got += [f"{k}={_typename(keywords[k])}" for k in sorted(keywords)]
    # (torch leaves a trailing ", " after keyword-only arguments)
    text = f"view() received an invalid combination of arguments - got ({', '.join(got)}" \
        f"{', ' if keywords and not args else ''}), but expected one of:\n"
    for name, signature in _VIEW_SIGNATURES:
        text += f" * ({signature})\n"
        if len(args) + len(keywords) != 1:
            continue
        if args:
            text += f"      didn't match because some of the arguments have invalid types: " \
                f"(!{_typename(args[0], True)}!)\n"
        elif name in keywords:
            text += f"      didn't match because some of the arguments have invalid types: " \
                f"(!{name}={_typename(keywords[name], True)}!, )\n"
        else:
            text += f"      didn't match because some of the keywords were incorrect: " \
                f"{next(iter(keywords))}\n"
    return TypeError(text)


def _sizes_error(shape: tuple, keywords: dict) -> TypeError:
    """torch's error for sizes that are not all integers: a first one that is not makes the
    call match neither signature; a later one fails to unpack."""
    sizes = shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
    if not _is_int(sizes[0]):
        return _invalid_view_call(shape, keywords)
    position = next(i for i, s in enumerate(sizes) if not _is_int(s))
    return TypeError(f"view(): argument 'size' failed to unpack the object at pos "
                     f"{position + 1} with error \"type must be tuple of ints,but got "
                     f"{_typename(sizes[position])}\"")


@public(function=False)
def view_as(input: Tensor, other: Tensor) -> Tensor:
    history_first(input)
    return view(input, other._data.shape)


@public()
def reshape_as(input: Tensor, other: Tensor) -> Tensor:
    return reshape(input, other._data.shape)


@public()
def flatten(input: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Merge dims start_dim..end_dim into one (a view when the layout allows)."""
    shape = input._data.shape
    if not shape:
        wrap_dim(start_dim, 0), wrap_dim(end_dim, 0)  # only 0 and -1 are valid dims here
        return reshape(input, (1,))
    start, end = wrap_dim(start_dim, len(shape)), wrap_dim(end_dim, len(shape))
    if start > end:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if start == end:
        return input  # torch returns the tensor itself
    merged = 1
    for s in shape[start:end + 1]:
        merged *= s
    return reshape(input, shape[:start] + (merged,) + shape[end + 1:])


@public()
def unflatten(input: Tensor, dim: int, sizes) -> Tensor:
    """Split dim `dim` into `sizes` (one of which may be -1); always a view."""
    shape = input._data.shape
    d = wrap_dim(dim, len(shape))
    sizes = tuple(int(s) for s in sizes)
    if not sizes:
        raise RuntimeError("unflatten: sizes must be non-empty")
    if sizes.count(-1) > 1:
        raise RuntimeError("unflatten: only one dimension can be inferred")
    known = int(np.prod([s for s in sizes if s != -1]))
    if (-1 in sizes and (known == 0 or shape[d] % known)) or (
            -1 not in sizes and known != shape[d]):
        raise RuntimeError(
            f"unflatten: Provided sizes {list(sizes)} don't multiply up to the size of dim "
            f"{d} ({shape[d]}) in the input tensor"  # (the dim wrapped, as torch's)
        )
    sizes = tuple(shape[d] // known if s == -1 else s for s in sizes)
    return _view_apply("view", input, (shape[:d] + sizes + shape[d + 1:], shape))


# ---------------------------------------------------------------------- transpose / permute
@declare("permute", grad_fn="PermuteBackward0", view=True, formula="gradient permuted back")
def _permute(x, dims):
    if not x.size:
        x = empty.torch_laid(x)
    return np.transpose(x, dims)


@_permute.backward
def _(ctx, g):
    return (xp.view("permute", g, tuple(np.argsort(ctx.params[0]).tolist())),)


_permute.tangent(_fw.linear)


@public()
def permute(input: Tensor, *dims) -> Tensor:
    """Reorder the dimensions."""
    history_first(input)
    dims = _shape_arg(dims, "permute", "dims")
    ndim = input._data.ndim
    if len(dims) != ndim:
        raise RuntimeError(
            "permute(sparse_coo): number of dimensions in the tensor input does not match "
            f"the length of the desired ordering of dimensions i.e. input.dim() = {ndim} "
            f"is not equal to len(dims) = {len(dims)}"
        )
    wrapped = tuple(wrap_dim(d, ndim) for d in dims)
    if len(set(wrapped)) != ndim:
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return _view_apply("permute", input, (wrapped,))


@declare("transpose", grad_fn="TransposeBackward0", view=True,
         formula="gradient transposed back")
def _transpose(x, dim0, dim1):
    if not x.size:
        x = empty.torch_laid(x)
    return np.swapaxes(x, dim0, dim1) if x.ndim else x.view()  # a 0-d tensor: dims 0, -1


@_transpose.backward
def _(ctx, g):
    dim0, dim1 = ctx.params
    return (xp.transpose(g, dim0, dim1) if dim0 != dim1 else g,)


_transpose.tangent(_fw.linear)


@public()
def transpose(input: Tensor, dim0: int, dim1: int) -> Tensor:
    """Swap two dimensions."""
    history_first(input)
    ndim = input._data.ndim
    d0, d1 = wrap_dim(dim0, ndim), wrap_dim(dim1, ndim)
    return _view_apply("transpose", input, (d0, d1))


@public()
def swapaxes(input: Tensor, axis0: int, axis1: int) -> Tensor:
    """transpose under NumPy's name, with its parameters' names (torch's)."""
    return transpose(input, axis0, axis1)


swapdims = public(name="swapdims")(transpose)


@declare("t", grad_fn="TBackward0", view=True, formula="gradient transposed back")
def _t(x):
    if not x.size:
        x = empty.torch_laid(x)
    return x.T


@_t.backward
def _(ctx, g):
    return (xp.view("t", g),)


_t.tangent(_fw.linear)


@public()
def t(input: Tensor) -> Tensor:
    """Transpose a matrix (vectors and scalars are returned as they are)."""
    history_first(input)
    _check_matrix(input)
    return _view_apply("t", input)


def _check_matrix(input: Tensor) -> None:
    if input._data.ndim > 2:
        raise RuntimeError(
            f"t() expects a tensor with <= 2 dimensions, but self is {input._data.ndim}D"
        )


def _reverse_dims(self: Tensor) -> Tensor:
    """`x.T`: all dims reversed (deprecated by torch for anything but matrices)."""
    ndim = self._data.ndim
    if ndim == 0:
        _warn_zero_dim("T", "This function is the identity in these cases.")
    elif ndim != 2:
        warn_once(
            "T of other than 2 dims",
            "The use of `x.T` on tensors of dimension other than 2 to reverse their shape is "
            "deprecated and it will throw an error in a future release. Consider `x.mT` to "
            "transpose batches of matrices or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` "
            "to reverse the dimensions of a tensor.")
    return _view_apply("permute", self, (tuple(range(ndim - 1, -1, -1)),))


def _warn_zero_dim(name: str, advice: str) -> None:
    warn_once(f"{name} of 0 dims", f"Tensor.{name} is deprecated on 0-D tensors. {advice}")


def _zero_dim_identity(name: str, advice: str):
    """torch's `x.mT`, `x.mH`, `x.H` on a 0-d tensor: x itself, with a deprecation warning."""
    def identity(self: Tensor) -> Tensor:
        _warn_zero_dim(name, advice)
        return self
    return identity


def _matrix_transpose(self: Tensor) -> Tensor:
    """`x.mT`: swap the last two dims."""
    if self._data.ndim == 0:
        return _zero_dim_identity("mT", "This function is the identity in these cases.")(self)
    if self._data.ndim < 2:
        raise RuntimeError("tensor.mT is only supported on matrices or batches of matrices. "
                           f"Got {self._data.ndim}-D tensor.")
    return transpose(self, -2, -1)


Tensor.T = property(_reverse_dims)
Tensor.mT = property(_matrix_transpose)
_conj_advice = "Consider using x.conj()."


def _conjugated(t: Tensor) -> Tensor:
    """torch's conjugate of a complex tensor (ConjBackward0, is_conj()); a real one itself."""
    return t.conj() if t._data.dtype.kind == "c" else t


def _conjugate_transpose(self: Tensor) -> Tensor:
    """`x.H`: a matrix transposed, then conjugated (real tensors have nothing to conjugate)."""
    ndim = self._data.ndim
    if ndim == 0:
        return _zero_dim_identity("H", _conj_advice)(self)
    if ndim != 2:
        raise RuntimeError(f"tensor.H is only supported on matrices (2-D tensors). Got "
                           f"{ndim}-D tensor."
                           + (" For batches of matrices, consider using tensor.mH" if ndim > 2
                              else ""))
    return _conjugated(transpose(self, 0, 1))


Tensor.H = property(_conjugate_transpose)
Tensor.mH = property(lambda self: _zero_dim_identity("mH", _conj_advice)(self)
                     if self._data.ndim == 0 else _conjugated(_matrix_transpose(self)))


def _check_unique(dims: tuple, original, which: str) -> None:
    if len(set(dims)) != len(dims):
        raise RuntimeError(f"movedim: repeated dim in `{which}` ({list(original)})")


@public()
def movedim(input: Tensor, source, destination) -> Tensor:
    """Move the dims in `source` to the positions in `destination`; the others keep order."""
    ndim = input._data.ndim
    source, destination = int_dim(source, "source"), int_dim(destination, "destination")
    if isinstance(source, int) != isinstance(destination, int):  # (torch: no such overload)
        got = f"{_typename(source)}, {_typename(destination)}"
        raise TypeError(f"movedim() received an invalid combination of arguments - got ({got}), "
                        "but expected one of:\n * (int source, int destination)\n * (tuple of "
                        "ints source, tuple of ints destination)\n")
    src = (source,) if isinstance(source, int) else tuple(source)
    dst = (destination,) if isinstance(destination, int) else tuple(destination)
    if len(src) != len(dst):
        raise RuntimeError(
            f"movedim: Invalid source or destination dims: source ({list(src)} dims) should "
            f"contain the same number of dims as destination ({list(dst)} dims)"
        )
    wrapped_src = tuple(wrap_dim(d, ndim) for d in src)
    wrapped_dst = tuple(wrap_dim(d, ndim) for d in dst)
    _check_unique(wrapped_src, src, "source")
    _check_unique(wrapped_dst, dst, "destination")
    if ndim == 0:  # dims 0 and -1 name the scalar itself: torch returns an alias
        return _view_apply("alias", input)
    order = [d for d in range(ndim) if d not in wrapped_src]
    for position, dim in sorted(zip(wrapped_dst, wrapped_src)):
        order.insert(position, dim)
    return _view_apply("permute", input, (tuple(order),))


moveaxis = public(name="moveaxis")(movedim)


# ---------------------------------------------------------------------- expand
@declare("expand", grad_fn="ExpandBackward0", view=True, formula="gradient summed back")
def _expand(x, shape, input_shape):
    view = np.broadcast_to(x, shape)
    if not view.size:  # (NumPy lays out a view without elements otherwise)
        x = empty.torch_laid(x)
        view = empty.window(x, shape, _expanded_strides(x, shape))
        view.flags.writeable = False
    elif 1 in shape:
        # NumPy gives every size-1 dim stride 0; torch keeps a dim's stride where the size
        # does not change (which decides, e.g., whether an in-place op's operand overlaps)
        view = np.lib.stride_tricks.as_strided(x, shape, _expanded_strides(x, shape),
                                               writeable=False)
    return view


def _expanded_strides(x: np.ndarray, shape: tuple) -> tuple:
    """torch's strides (in bytes) of x expanded to `shape`: 0 where a dim is broadcast, the
    dim's own stride where its size stays, and a new leading dim of size 1 the stride a
    contiguous dim would have (all zero for a 0-d x)."""
    if x.ndim == 0:
        return (0,) * len(shape)
    lead = len(shape) - x.ndim
    strides = [0] * len(shape)
    for i in range(len(shape) - 1, -1, -1):
        if i >= lead:
            size, stride = x.shape[i - lead], x.strides[i - lead]
        else:
            size, stride = 1, shape[i + 1] * strides[i + 1]
        strides[i] = stride if size == shape[i] else 0
    return tuple(strides)


@_expand.backward
def _(ctx, g):
    return (xp.sum_to(g, ctx.params[1]),)


_expand.tangent(_fw.linear)


def expanded_shape(shape: tuple, sizes: tuple, type_name: str) -> tuple:
    """The shape a tensor of `shape` expanded to `sizes` has (-1 keeps a dim), or torch's
    RuntimeError (`type_name` as in torch.FloatTensor)."""
    if len(sizes) < len(shape):
        raise RuntimeError(
            f"expand({type_name}{{{list(shape)}}}, size={list(sizes)}): the number of "
            f"sizes provided ({len(sizes)}) must be greater or equal to the number of "
            f"dimensions in the tensor ({len(shape)})"
        )
    lead = len(sizes) - len(shape)
    target = list(sizes)
    for i in range(len(sizes) - 1, -1, -1):  # torch checks from the last dim
        s = sizes[i]
        if i < lead:
            if s < 0:
                raise RuntimeError(
                    f"The expanded size of the tensor ({s}) isn't allowed in a leading, "
                    "non-existing dimension 0"
                )
            continue
        own = shape[i - lead]
        if s == -1:
            target[i] = own
        elif own != s and own != 1:
            raise RuntimeError(
                f"The expanded size of the tensor ({s}) must match the existing size ({own}) "
                f"at non-singleton dimension {i}.  Target sizes: {list(sizes)}.  Tensor "
                f"sizes: {list(shape)}"
            )
    return tuple(target)


@public()
def expand(input: Tensor, *sizes) -> Tensor:
    """A broadcast view with the given size (-1 keeps a dim)."""
    history_first(input)
    target = expanded_shape(input._data.shape, _shape_arg(sizes, "expand"), input.type())
    return _view_apply("expand", input, (target, input._data.shape))


@public()
def expand_as(input: Tensor, other: Tensor) -> Tensor:
    history_first(input)
    return expand(input, other._data.shape)


@public(method=False)
def broadcast_to(input: Tensor, size) -> Tensor:
    """`input` expanded to `size` (torch.broadcast_to)."""
    return expand(input, tuple(size))


@public(name="broadcast_to", function=False)
def _broadcast_to_method(self: Tensor, *size) -> Tensor:
    """self.broadcast_to(size), or with the sizes as arguments (as torch's method takes)."""
    return expand(self, *size)


@public(method=False)
def broadcast_shapes(*shapes) -> Size:
    """The shape tensors of these shapes broadcast to, with torch's checks and words: an
    int is a 1-d shape, None none; each shape, in order, must fit the shape so far (ember
    used NumPy's, which also took a tensor or a NumPy int as a list of sizes)."""
    listed = [_shape_of_argument(s) for s in shapes]
    result = [1] * max((len(s) for s in listed), default=0)
    for index, (given, shape) in enumerate(zip(shapes, listed)):
        for j in range(-1, -len(shape) - 1, -1):
            if shape[j] == 1 or shape[j] == result[j]:
                continue
            if result[j] != 1:
                raise RuntimeError(
                    f"Attempting to broadcast a dimension of length {shape[j]} at {j}! "
                    f"Mismatching argument at index {index} had {given}; but expected shape "
                    f"should be broadcastable to {result}")
            result[j] = shape[j]
    for k, size in enumerate(result):
        if not isinstance(size, int):
            raise TypeError(f"torch.Size() takes an iterable of 'int' (item {k} is "
                            f"'{type(size).__name__}')")
    return Size(int(size) for size in result)


def _shape_of_argument(shape) -> tuple:
    """One argument of broadcast_shapes as a tuple of sizes."""
    if shape is None:
        return ()
    if isinstance(shape, int):  # (bool included: True is a size of 1)
        shape = (shape,)
    elif not isinstance(shape, (tuple, list, str)):
        shown = shape.item() if isinstance(shape, Tensor) and shape.ndim == 0 else shape
        raise RuntimeError("Input shapes should be of type ints, a tuple of ints, or a list "
                           f"of ints, got {shown}")
    for size in shape:
        if not isinstance(size, (int, float, np.integer)):
            raise TypeError(f"'<' not supported between instances of '{type(size).__name__}' "
                            "and 'int'")
        if size < 0:
            raise ValueError("Attempting to broadcast a dimension with negative length!")
    return tuple(int(s) if isinstance(s, np.integer) else s for s in shape)


@public(method=False)
def broadcast_tensors(*tensors: Tensor) -> tuple:
    """The tensors expanded to their common shape; one that has it already is returned
    itself, as torch does (no ExpandBackward0)."""
    try:
        shape = np.broadcast_shapes(*[t._data.shape for t in tensor_elements(tensors)])
    except ValueError:  # (torch's words, as for the operators)
        raise _broadcast_error(tensors) from None
    return tuple(t if t._data.shape == shape else expand(t, shape) for t in tensors)


# ---------------------------------------------------------------------- squeeze / unsqueeze
@declare("unsqueeze", grad_fn="UnsqueezeBackward0", view=True, formula="gradient squeezed")
def _unsqueeze(x, dim):
    if not x.size:
        return empty.unsqueezed(x, dim)
    return np.expand_dims(x, dim)


@_unsqueeze.backward
def _(ctx, g):
    return (xp.squeeze(g, ctx.params[0]),)


_unsqueeze.tangent(_fw.linear)


@public()
def unsqueeze(input: Tensor, dim: int) -> Tensor:
    """Insert a dimension of size 1 at `dim`."""
    history_first(input)
    ndim = input._data.ndim + 1
    return _view_apply("unsqueeze", input, (wrap_dim(dim, ndim),))


@declare("squeeze", grad_fn="SqueezeBackward0", view=True, formula="gradient unsqueezed")
def _squeeze(x, dims, shape):
    if not x.size:
        x = empty.torch_laid(x)
    return np.squeeze(x, dims) if dims else x.view()


@_squeeze.backward
def _(ctx, g):
    dims, shape = ctx.params
    if not xp.is_tensor(g):
        return (xp.reshape(g, shape),)
    for d in dims:  # as torch's unsqueeze_to: one unsqueeze per dim removed (ascending)
        g = g.unsqueeze(d)
    return (g,)


_squeeze.tangent(_fw.linear)


@declare("squeeze_dim", grad_fn="SqueezeBackward1", view=True, formula="gradient unsqueezed")
def _squeeze_dim(x, dims, shape):
    if not x.size:
        x = empty.torch_laid(x)
    return np.squeeze(x, dims) if dims else x.view()


_squeeze_dim.backward(_squeeze.backward_fn)
_squeeze_dim.tangent(_fw.linear)


def _squeeze_params(shape: tuple, dim) -> tuple:
    if dim is None:
        return (tuple(i for i, s in enumerate(shape) if s == 1), shape)
    if isinstance(dim, int):
        dim = (dim,)
    wrapped = [wrap_dim(d, len(shape)) for d in dim]
    for position, d in enumerate(wrapped):
        if d in wrapped[:position]:
            raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
    dims = tuple(sorted(wrapped))
    return (tuple(d for d in dims if shape and shape[d] == 1), shape)


@public()
def squeeze(input: Tensor, dim=None) -> Tensor:
    """Remove dimensions of size 1 (all of them, or those in `dim`)."""
    history_first(input)
    if isinstance(dim, Tensor):  # (a 0-d integer tensor is an int; one element, a list)
        dim = dims_of_tensor(dim)
    elif isinstance(dim, np.integer):
        dim = int(dim)
    elif isinstance(dim, np.ndarray):  # (torch: a 0-d array is a list of one dim)
        if dim.ndim:
            raise TypeError("squeeze(): argument 'dim' must be tuple of ints, not "
                            "numpy.ndarray")
        dim = (int(dim),)
    params = _squeeze_params(input._data.shape, dim)
    out = _view_apply("squeeze" if dim is None else "squeeze_dim", input, params)
    # torch's squeeze.dims overload (a tuple or list of dims) is SqueezeBackward2
    return recorded_as(out, "SqueezeBackward2") if isinstance(dim, (tuple, list)) else out


# In-place shape changes: the tensor object takes the new shape (and, when recording, the
# node of the view op, under torch's name for the in-place form).
@declare("unsqueeze_inplace", grad_fn="UnsqueezeBackward1", view=True,
         formula="gradient squeezed")
def _unsqueeze_inplace(x, dim):
    if not x.size:
        return empty.unsqueezed(x, dim)
    return np.expand_dims(x, dim)


_unsqueeze_inplace.backward(_unsqueeze.backward_fn)
_unsqueeze_inplace.tangent(_fw.linear)


@declare("squeeze_inplace", grad_fn="SqueezeBackward3", view=True,
         formula="gradient unsqueezed")
def _squeeze_inplace(x, dims, shape):
    if not x.size:
        x = empty.torch_laid(x)
    return np.squeeze(x, dims) if dims else x.view()


_squeeze_inplace.backward(_squeeze.backward_fn)
_squeeze_inplace.tangent(_fw.linear)


@declare("squeeze_dim_inplace", grad_fn="SqueezeBackward4", view=True,
         formula="gradient unsqueezed")
def _squeeze_dim_inplace(x, dims, shape):
    if not x.size:
        x = empty.torch_laid(x)
    return np.squeeze(x, dims) if dims else x.view()


_squeeze_dim_inplace.backward(_squeeze.backward_fn)
_squeeze_dim_inplace.tangent(_fw.linear)


def _reshape_in_place(self: Tensor, op_name: str, params: tuple) -> Tensor:
    """Give `self` the shape computed by view op `op_name`, keeping the object."""
    # torch's checks, in its order: a view made under no_grad or by split/unbind, a view
    # of a leaf, a leaf
    if self._extra and written_outside(self):  # (an inference tensor)
        return write_then_refuse(self, lambda: _reshape_in_place(self, op_name, params))
    if self._extra:
        check_view_write(self, ())
    if self._requires_grad and is_grad_enabled():
        check_not_leaf(self)
    result = apply(OPS[op_name], (self,), params)
    self._data = result._data
    if _fw.state.active:
        _fw.copy_tangent(result, self)
    self._version_counter[0] += 1
    if result._grad_fn is not None:
        self.grad_fn = result._grad_fn
        self._output_nr = result._output_nr
        if self._extra and "grad_version" in self._extra:  # (its history is not stale)
            self._extra["grad_version"] = self._version_counter[0]
    # (else a view whose geometry changed under no_grad is stale: as torch, its gradient
    # path is made anew from its base with the new geometry when next read,
    # AsStridedBackward0, or refused for a view made under no_grad: Tensor.grad_fn)
    return self


def unsqueeze_(self: Tensor, dim: int) -> Tensor:
    """In-place `unsqueeze`: self gets the new dimension."""
    return _reshape_in_place(self, "unsqueeze_inplace",
                             (wrap_dim(dim, self._data.ndim + 1),))


def squeeze_(self: Tensor, dim=None) -> Tensor:
    """In-place `squeeze`."""
    name = "squeeze_inplace" if dim is None else "squeeze_dim_inplace"
    return _reshape_in_place(self, name, _squeeze_params(self._data.shape, dim))


@declare("t_inplace", grad_fn="TBackward1", view=True, formula="gradient transposed back")
def _t_inplace(x):
    if not x.size:
        x = empty.torch_laid(x)
    return x.T


_t_inplace.backward(_t.backward_fn)
_t_inplace.tangent(_fw.linear)


@declare("transpose_inplace", grad_fn="TransposeBackward1", view=True,
         formula="gradient transposed back")
def _transpose_inplace(x, dim0, dim1):
    if not x.size:
        x = empty.torch_laid(x)
    return np.swapaxes(x, dim0, dim1) if x.ndim else x.view()


_transpose_inplace.backward(_transpose.backward_fn)
_transpose_inplace.tangent(_fw.linear)


def t_(self: Tensor) -> Tensor:
    """In-place `t`: self becomes its transpose."""
    _check_matrix(self)
    return _reshape_in_place(self, "t_inplace", ())


def transpose_(self: Tensor, dim0: int, dim1: int) -> Tensor:
    """In-place `transpose`."""
    ndim = self._data.ndim
    return _reshape_in_place(self, "transpose_inplace",
                             (wrap_dim(dim0, ndim), wrap_dim(dim1, ndim)))


# (behind torch's checks of their ints: `x.transpose_(0, 1.5)` is a TypeError naming dim1)
Tensor.unsqueeze_ = checked_method(unsqueeze_)
Tensor.squeeze_ = squeeze_
Tensor.t_ = t_
Tensor.transpose_ = checked_method(transpose_)
def swapaxes_(self: Tensor, axis0: int, axis1: int) -> Tensor:
    """In-place `swapaxes` (torch's parameter names)."""
    return transpose_(self, axis0, axis1)


Tensor.swapaxes_ = checked_method(swapaxes_)
Tensor.swapdims_ = checked_method(transpose_, "swapdims_")

# Linear in the tensors with real coefficients: forward and backward hold for complex values
# (checked against torch: tests/samples/complex_shape.py).
allow_complex("view", "reshape_alias", "unsafe_view", "permute", "transpose", "t", "expand",
              "unsqueeze", "squeeze", "squeeze_dim", "unsqueeze_inplace", "squeeze_inplace",
              "squeeze_dim_inplace", "t_inplace", "transpose_inplace")
