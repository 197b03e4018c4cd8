"""Smaller parts of torch's namespace that real programs use:

- factories: `range` (deprecated, end included), `empty_strided`, `frombuffer`;
- the complex-number protocol on real tensors: `conj`, `conj_physical(_)`, `resolve_conj`,
  `resolve_neg`, `is_conj`, `is_neg`, `real` (the tensor itself, as torch gives it for a
  real tensor), `imag` (torch's error), `adjoint` (the transpose), and `is_inference`;
- `torch.abs_`, `torch.sin_`, ... : the top-level forms of the in-place methods, which are
  the methods themselves (torch lists them in its namespace).

ember has no complex dtypes, so a tensor is never a conjugate or negative view.
"""

from __future__ import annotations

import numpy as np

from . import _dtype
from ._arguments import not_a_tensor, type_name
from ._creation import _finish, _size
from ._device import check_device
from ._factory_out import with_out
from ._layout import checked_layout
from ._tensor import Tensor
from ._warnings import warn, warn_once
from .ops import complex_ops as _complex

__all__ = ["range", "empty_strided", "frombuffer", "conj", "conj_physical", "conj_physical_",
           "resolve_conj", "resolve_neg", "is_conj", "is_neg", "real", "imag", "adjoint",
           "is_inference"]

_builtin_range = range
_NOT_GIVEN = object()


# ---------------------------------------------------------------------- factories
@with_out("range")
def range(start=0, end=_NOT_GIVEN, step=1, *, dtype=None, layout=None,  # noqa: A001
          device=None, requires_grad: bool = False) -> Tensor:
    """Deprecated: values from start to end *inclusive* by step (arange excludes end), in
    the default float dtype unless `dtype` says otherwise."""
    checked_layout(layout, "range")
    if end is _NOT_GIVEN:
        raise TypeError('range() missing 1 required positional arguments: "end"')
    check_device(device)
    warn("torch.range is deprecated and will be removed in a future release because its "
         "behavior is inconsistent with Python's range builtin. Instead, use torch.arange, "
         "which produces values in [start, end).")
    target = (_dtype.to_dtype(dtype) if dtype is not None else _dtype.get_default_dtype()).numpy
    start, end, step = (s.item() if isinstance(s, Tensor) else s for s in (start, end, step))
    if target.kind == "f":
        # (torch computes in its accumulate type: double for float and double, float for half)
        wide = np.float32 if target == np.float16 else np.float64
        first, last, by = wide(start), wide(end), wide(step)
    else:
        wide = np.int64
        first, last, by = int(start), int(end), int(step)
    if not by:
        raise RuntimeError("step must be nonzero")
    if not (np.isfinite(float(first)) and np.isfinite(float(last))):
        raise RuntimeError(f"unsupported range: {float(first):g} -> {float(last):g}")
    if not ((by > 0 and last >= first) or (by < 0 and last <= first)):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    size = int((last - first) / by + 1)
    values = first + np.arange(size).astype(wide) * by
    return _finish(values.astype(target), requires_grad)


def empty_strided(size, stride, *, dtype=None, layout=None, device=None,
                  requires_grad: bool = False, pin_memory: bool = False) -> Tensor:
    """An uninitialised tensor (zeros in ember) of `size` whose elements are `stride` apart
    along each dim (strides in elements)."""
    check_device(device)
    checked_layout(layout, "empty_strided")
    if isinstance(size, int) or not isinstance(size, (tuple, list)):
        raise TypeError("empty_strided(): argument 'size' (position 1) must be tuple of ints, "
                        f"not {type_name(size)}")
    shape = _size((tuple(size),), None, function="empty_strided")
    if isinstance(stride, int) or not isinstance(stride, (tuple, list)):
        raise TypeError("empty_strided(): argument 'stride' (position 2) must be tuple of ints, "
                        f"not {type_name(stride)}")
    strides = tuple(int(s) for s in stride)
    if len(shape) != len(strides):
        raise RuntimeError(f"dimensionality of sizes ({len(shape)}) must match dimensionality "
                           f"of strides ({len(strides)})")
    if any(s < 0 for s in strides):
        raise RuntimeError(f"Storage size calculation overflowed with sizes={list(shape)} and "
                           f"strides={list(strides)}")
    np_dtype = (_dtype.to_dtype(dtype) if dtype is not None else _dtype.get_default_dtype()).numpy
    count = 0 if 0 in shape else 1 + sum((n - 1) * s for n, s in zip(shape, strides))
    memory = np.zeros(count, np_dtype)
    array = np.lib.stride_tricks.as_strided(
        memory, shape, tuple(s * memory.itemsize for s in strides), writeable=True)
    return _finish(array, requires_grad)


def frombuffer(buffer, *args, dtype=_NOT_GIVEN, count: int = -1, offset: int = 0,
               requires_grad: bool = False) -> Tensor:
    """A 1-d tensor over the memory of a Python buffer (bytes, bytearray, array.array,
    memoryview...), `count` elements of `dtype` from byte `offset` (all when -1). A
    writable buffer is shared; a read-only one is copied (torch would write into it)."""
    if args:
        raise TypeError(f"frombuffer() takes from 2 to 1 positional arguments but "
                        f"{1 + len(args)} were given")
    if dtype is _NOT_GIVEN:
        raise TypeError('frombuffer() missing 1 required positional arguments: "dtype"')
    np_dtype = _dtype.to_dtype(dtype).numpy
    try:
        view = memoryview(buffer)
    except TypeError:
        raise ValueError("object does not implement Python buffer protocol.") from None
    length = view.nbytes
    size = np_dtype.itemsize
    if length == 0 or count == 0:
        raise ValueError(f"both buffer length ({length}) and count ({count}) must not be 0")
    if not 0 <= offset < length:
        raise ValueError(f"offset ({offset} bytes) must be non-negative and no greater than "
                         f"buffer length ({length} bytes) minus 1")
    if count <= 0 and (length - offset) % size:
        raise ValueError(f"buffer length ({length - offset} bytes) after offset ({offset} bytes) "
                         f"must be a multiple of element size ({size})")
    elements = (length - offset) // size if count < 0 else count
    if offset + elements * size > length:
        raise ValueError(f"requested buffer length ({elements} * {size} bytes) after offset "
                         f"({offset} bytes) must not be greater than actual buffer length "
                         f"({length} bytes)")
    raw = view.cast("B") if view.ndim != 1 or view.format != "B" else view
    array = np.frombuffer(raw, np_dtype, elements, offset)
    if view.readonly:
        warn_once("frombuffer of a read-only buffer",
                  "The given buffer is not writable, and PyTorch does not support non-writable "
                  "tensors. This means you can write to the underlying (supposedly non-writable) "
                  "buffer using the tensor. You may want to copy the buffer to protect its data "
                  "or make it writable before converting it to a tensor. This type of warning "
                  "will be suppressed for the rest of this program.")
        array = array.copy()
    return _finish(array, requires_grad)


# ---------------------------------------------------------------------- complex protocol
def _require(function: str, input) -> None:
    if not isinstance(input, Tensor):
        raise not_a_tensor(function, "input", 1, input)


def conj(input: Tensor) -> Tensor:
    """The complex conjugate (a lazy view in torch): a real tensor itself."""
    _require("conj", input)
    if input._data.dtype.kind == "c":
        return _complex.conj_complex(input)
    return input


def conj_physical(input: Tensor) -> Tensor:
    """The complex conjugate, computed: a real tensor itself."""
    _require("conj_physical", input)
    if input._data.dtype.kind == "c":
        return _complex.conj_physical_complex(input)
    return input


def conj_physical_(input: Tensor) -> Tensor:
    """In place: a complex tensor conjugated; nothing to conjugate in a real tensor, but
    torch's in-place op runs all the same (its version moves, a leaf that requires grad is
    refused, a graph records ConjPhysicalBackward1 with the identity as its derivative)."""
    _require("conj_physical_", input)
    from ._dispatch import call_inplace
    from .ops._registry import recorded_as

    result = call_inplace(_conjugated, input, (), {})
    if type(result.grad_fn).__name__ in ("CloneBackward0", "ConjPhysicalBackward0"):
        recorded_as(result, "ConjPhysicalBackward1")
    return result


def _conjugated(input: Tensor) -> Tensor:
    if input._data.dtype.kind == "c":
        return _complex.conj_physical_complex(input)
    return input.clone()


def resolve_conj(input: Tensor) -> Tensor:
    """The tensor with any lazy conjugation applied: itself, or a copy of a conjugate that
    no longer reports is_conj() (ember computes conjugates at once)."""
    _require("resolve_conj", input)
    if input._extra is not None and input._extra.get("conj"):
        return input.clone()
    return input


def resolve_neg(input: Tensor) -> Tensor:
    """The tensor with any lazy negation applied: itself (ember has no negative views)."""
    _require("resolve_neg", input)
    return input


def is_conj(input: Tensor) -> bool:
    """Whether input is torch's lazily conjugated view: the result of conj() of a complex
    tensor (computed in ember, but reported as torch reports it)."""
    _require("is_conj", input)
    return bool(input._extra is not None and input._extra.get("conj"))


def is_neg(input: Tensor) -> bool:
    """Whether input is a lazily negated view: never in ember."""
    _require("is_neg", input)
    return False


def real(input: Tensor) -> Tensor:
    """The real part: a view of a complex tensor's, a real tensor itself."""
    _require("real", input)
    if input._data.dtype.kind == "c":
        return _complex.real(input)
    return input


def imag(input: Tensor) -> Tensor:
    """The imaginary part (a view) of a complex tensor; torch refuses it for a real one."""
    _require("imag", input)
    if input._data.dtype.kind == "c":
        return _complex.imag(input)
    raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")


def adjoint(input: Tensor) -> Tensor:
    """The conjugate transpose of the last two dims: for real tensors, their transpose (a
    view)."""
    _require("adjoint", input)
    ndim = input._data.ndim
    if ndim == 0:
        warn_once("adjoint of 0 dims",
                  "adjoint() is deprecated on 0-D tensors. Consider using x.conj().")
        return input
    if ndim == 1:
        raise RuntimeError("tensor.adjoint() is only supported on matrices or batches of "
                           "matrices. Got 1-D tensor.")
    transposed = input.transpose(-2, -1)
    return transposed.conj() if transposed.is_complex() else transposed


def is_inference(input: Tensor) -> bool:
    """Whether input was made in inference mode (or is a view of a tensor that was)."""
    _require("is_inference", input)
    return input.is_inference()


def new_empty_strided(self: Tensor, size, stride, *, dtype=None, device=None,
                      requires_grad: bool = False, layout=None,
                      pin_memory: bool = False) -> Tensor:
    """empty_strided in self's dtype unless `dtype` says otherwise."""
    checked_layout(layout, "new_empty_strided")
    return empty_strided(size, stride, dtype=self.dtype if dtype is None else dtype,
                         device=device, requires_grad=requires_grad)


def _set_real(self: Tensor, value) -> None:
    """`x.real = v` copies v into the real part (all of a real tensor)."""
    real(self).copy_(value)


def _set_imag(self: Tensor, value) -> None:
    """`x.imag = v` copies v into the imaginary part of a complex tensor."""
    imag(self).copy_(value)


def _imag(self: Tensor):
    return imag(self)


# ---------------------------------------------------------------------- top-level in-place
# torch's namespace has the in-place forms of these methods (torch.abs_(x) is x.abs_()).
INPLACE = ("abs_", "acos_", "acosh_", "addmv_", "arccos_", "arccosh_", "arcsin_", "arcsinh_",
           "arctan_", "arctanh_", "asin_", "asinh_", "atan_", "atanh_", "ceil_", "clamp_",
           "clamp_max_", "clamp_min_", "clip_", "cos_", "cosh_", "deg2rad_", "detach_", "erf_",
           "erfc_", "exp2_", "exp_", "expm1_", "fill_", "fix_", "floor_", "frac_", "gcd_",
           "i0_", "index_put_", "lcm_", "ldexp_", "log10_", "log1p_", "log2_", "log_", "logit_",
           "nan_to_num_", "neg_", "negative_", "rad2deg_", "reciprocal_", "round_", "rsqrt_",
           "sigmoid_", "sin_", "sinc_", "sinh_", "sqrt_", "square_", "tan_", "tanh_", "trunc_",
           "xlogy_", "zero_")


def _inplace_function(name: str):
    method = getattr(Tensor, name)

    def function(input, *args, **kwargs):
        if not isinstance(input, Tensor):
            raise not_a_tensor(name, "input", 1, input)
        return method(input, *args, **kwargs)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"torch.{name}(input, ...) is input.{name}(...): in place, returns input."
    return function


def install() -> dict:
    """Put the methods and properties on Tensor (where Tensor lacks them); return the
    namespace's functions (the in-place forms of the methods Tensor has)."""
    methods = {"conj": conj, "conj_physical": conj_physical, "conj_physical_": conj_physical_,
               "resolve_conj": resolve_conj, "resolve_neg": resolve_neg, "is_conj": is_conj,
               "is_neg": is_neg, "adjoint": adjoint, "new_empty_strided": new_empty_strided}
    for name, method in methods.items():
        if name not in Tensor.__dict__:
            setattr(Tensor, name, method)
    if "real" not in Tensor.__dict__:
        Tensor.real = property(real, _set_real)
    if "imag" not in Tensor.__dict__:
        Tensor.imag = property(_imag, _set_imag)
    return {name: _inplace_function(name) for name in INPLACE if hasattr(Tensor, name)}
