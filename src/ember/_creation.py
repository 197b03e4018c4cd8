"""Creating tensors: from data, filled, ranges, identity, random, and the *_like forms."""

from __future__ import annotations

import contextlib
import math
import os

import numpy as np

from . import _device, _dtype
from . import _mt19937 as _mt
from ._arguments import checked, number_argument, type_name
from ._device import check_device
from ._dtype import get_default_dtype, number_in_dtype, scalar_type_name, to_dtype
from ._factory_out import out_dtype, requiring_grad, resize, with_out, write
from ._layout import checked_layout
from ._memory_format import checked_format, contiguous_format, new_array_like
from ._mt19937 import MT19937
from ._tensor import Tensor
from ._warnings import warn, warn_once
from .ops._registry import public

__all__ = [
    "tensor", "as_tensor", "from_numpy", "zeros", "ones", "full", "empty", "arange",
    "linspace", "logspace", "eye", "rand", "randn", "randint", "randperm", "normal",
    "zeros_like", "ones_like", "full_like", "empty_like", "rand_like", "randn_like",
    "randint_like", "manual_seed", "seed", "initial_seed", "Generator", "default_generator",
    "get_rng_state", "set_rng_state", "fork_rng", "bernoulli", "multinomial",
]


# ---------------------------------------------------------------------- from data
class _NumberExpected(TypeError):
    """A sequence sits where the data's first elements set a number: torch reports it
    when it stores that element, in words that depend on the tensor's dtype."""

    def __init__(self, found: object) -> None:
        super().__init__("a number was expected, but the data nests a sequence here")
        self.found = found


def _leaf_dtype(data) -> _dtype.dtype | None:
    """The dtype torch infers from every number in ragged data (as its inference scans
    the whole data before any element is stored); None where nothing can be inferred."""
    if isinstance(data, np.ndarray):
        return _dtype.from_numpy_dtype(data.dtype)
    if isinstance(data, Tensor):
        return data.dtype
    if isinstance(data, (list, tuple)) or (type(data) not in (float, int, bool)
                                           and _other_sequence(data)):
        result = None if len(data) else get_default_dtype()  # torch's guess for an empty one
        for item in data:
            item_dtype = _leaf_dtype(item)
            if item_dtype is not None:
                result = item_dtype if result is None else _dtype.promote_types(result, item_dtype)
        return result
    try:
        return _scalar_dtype_of(data)
    except (TypeError, RuntimeError):
        return None


def _number_expected_error(err: _NumberExpected, data, dtype) -> TypeError:
    target = to_dtype(dtype) if dtype is not None else (_leaf_dtype(data) or get_default_dtype())
    name = type(err.found).__name__
    floating = target.is_floating_point or target.is_complex
    if isinstance(err.found, np.ndarray):  # NumPy's own refusals of __float__/__index__
        return TypeError("only 0-dimensional arrays can be converted to Python scalars"
                         if floating else
                         "only integer scalar arrays can be converted to a scalar index")
    if floating:
        return TypeError(f"must be real number, not {name}")
    return TypeError(f"'{name}' object cannot be interpreted as an integer")


def _to_array(data, exact_floats: bool = False, dtype=None) -> np.ndarray:
    """Python data (nested sequences, numbers, tensors, arrays) as a NumPy array whose dtype
    follows torch's inference: Python floats give the default dtype, ints int64, bools bool;
    NumPy scalars, arrays and one-element tensors inside the data bring their own dtype, and
    all of them are promoted together with torch's rules."""
    if isinstance(data, Tensor):
        return data._data
    if isinstance(data, np.ndarray):
        return data
    if isinstance(data, (str, bytes)):
        raise TypeError(f"new(): invalid data type '{type(data).__name__}'")
    _check_leading_elements(data)
    try:
        arrays: list[bool] = []
        try:
            _, inferred = _describe(data, 0, arrays)
        finally:
            if arrays:  # one warning per call, before any error
                _warn_list_of_arrays()
    except _NumberExpected as err:
        raise _number_expected_error(err, data, dtype) from None
    np_dtype = (inferred or get_default_dtype()).numpy
    if exact_floats and np_dtype.kind in "fc":
        # A dtype was asked for: keep Python floats' full precision until the final cast.
        np_dtype = np.dtype(np.float64 if np_dtype.kind == "f" else np.complex128)
    try:
        with np.errstate(over="ignore"):  # 1e40 as float32 is inf, silently, as in torch
            return np.array(_element(data), dtype=np_dtype)
    except OverflowError:
        raise ValueError("Overflow when unpacking long long") from None


def _check_leading_elements(data) -> None:
    """torch takes the sizes from the first element of each level, with len(): a 0-d
    array there (not elsewhere, where it is a number) is refused."""
    first = data
    while isinstance(first, (list, tuple)) and first:
        first = first[0]
        if isinstance(first, np.ndarray) and first.ndim == 0:
            _warn_list_of_arrays()
            raise TypeError("len() of unsized object")


def _describe(data, depth: int, arrays: list[bool]) -> tuple[tuple[int, ...], _dtype.dtype | None]:
    """The shape of nested data and the dtype torch infers for it (None: no elements).

    Raises torch's errors for ragged nesting, text and objects that are not numbers."""
    if isinstance(data, (list, tuple)):
        if not data:
            return (0,), None
        kinds = set(map(type, data))
        if len(kinds) == 1 and kinds <= {float, int, bool}:
            # A flat row of Python numbers (the common case): no per-element work.
            return (len(data),), _scalar_dtype_of(data[0])
        if isinstance(data[0], (str, bytes)):
            raise ValueError(f"too many dimensions '{type(data[0]).__name__}'")
        first_shape, result = None, None
        for item in data:
            shape, item_dtype = _describe(item, depth + 1, arrays)
            if first_shape is None:
                first_shape = shape
            elif shape != first_shape:
                _raise_ragged(first_shape, shape, depth + 1, item)
            if item_dtype is not None:
                result = item_dtype if result is None else _dtype.promote_types(result, item_dtype)
        return (len(data), *first_shape), result
    if isinstance(data, np.ndarray):
        if depth:  # (an array anywhere inside the data, not only first, warns)
            arrays.append(True)
        return data.shape, _dtype.from_numpy_dtype(data.dtype)
    if isinstance(data, Tensor):
        if data._data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return (), data.dtype
    if _other_sequence(data):
        return _describe(list(data), depth, arrays)
    return (), _scalar_dtype_of(data)


def _other_sequence(data) -> bool:
    """Whether torch reads `data` as a sequence though it is no list or tuple (a deque, a
    range, an array.array): as Python's PySequence_Check, any type with __getitem__ and
    __len__ that is no mapping. Numbers and text are handled before this is asked."""
    kind = type(data)
    return (hasattr(kind, "__getitem__") and hasattr(kind, "__len__")
            and not isinstance(data, (dict, str, bytes, np.generic)))


def _raise_ragged(expected: tuple[int, ...], got: tuple[int, ...], dim: int, item):
    """torch's error for `item` (shape `got`) where the first elements set `expected`:
    it checks each length on the way down, then meets a number where a sequence should
    be, or a sequence where a number should be."""
    for offset, (want, have) in enumerate(zip(expected, got)):
        if want != have:
            raise ValueError(
                f"expected sequence of length {want} at dim {dim + offset} (got {have})"
            )
    if len(got) < len(expected):
        raise TypeError("not a sequence")
    found = item
    for _ in expected:
        found = found[0]
    raise _NumberExpected(found)


def _scalar_dtype_of(value) -> _dtype.dtype:
    """The dtype torch infers for one number. (Ints too big for int64 are caught when the
    array is built, since they are fine where the data turns out to be floating.)"""
    if isinstance(value, np.generic):  # before float: np.float64 subclasses it
        return _dtype.from_numpy_dtype(value.dtype)
    if isinstance(value, bool):
        return _dtype.bool_
    if isinstance(value, int):
        return _dtype.int64
    if isinstance(value, float):
        return get_default_dtype()
    if isinstance(value, (str, bytes)):
        raise TypeError(f"new(): invalid data type '{type(value).__name__}'")
    if isinstance(value, complex):  # (the default float's complex type)
        return get_default_dtype().to_complex()
    raise RuntimeError(f"Could not infer dtype of {type(value).__name__}")


def _element(x):
    """The data with tensors replaced by their arrays, ready for np.array."""
    if isinstance(x, Tensor):
        return x._data.reshape(())
    if isinstance(x, (list, tuple)):
        if set(map(type, x)) <= _PLAIN_NUMBERS:  # (a row of Python numbers: as it is)
            return x
        return [_element(y) for y in x]
    if type(x) not in _PLAIN_NUMBERS and type(x) is not np.ndarray and _other_sequence(x):
        return [_element(y) for y in x]
    return x


_PLAIN_NUMBERS = frozenset({float, int, bool})


def _check_python_values_fit(array: np.ndarray, target: np.dtype) -> None:
    """torch refuses Python numbers that an integer dtype cannot hold (unsigned types also
    take negatives down to -max, which wrap around)."""
    if target.kind not in "iu" or array.size == 0:
        return
    info = np.iinfo(target)
    if target.kind == "u":
        overflows = np.abs(array) > info.max
    else:
        overflows = (array < info.min) | (array > info.max)
    if array.dtype.kind == "f":
        overflows |= ~np.isfinite(array)
    if np.any(overflows):
        raise RuntimeError(f"value cannot be converted to type {target} without overflow")


def _warn_list_of_arrays() -> None:
    """torch's (once-per-process) warning when its scan of nested data meets an array."""
    warn_once(
        "tensor of a list of arrays",
        "Creating a tensor from a list of numpy.ndarrays is extremely slow. Please consider "
        "converting the list to a single numpy.ndarray with numpy.array() before "
        "converting to a tensor.")


def tensor(data, *, dtype=None, device=None, requires_grad: bool = False,
           pin_memory: bool = False) -> Tensor:
    """A new tensor holding a copy of `data` (numbers, nested lists, arrays, tensors)."""
    check_device(device)
    if isinstance(data, Tensor):
        warn(
            "To copy construct from a tensor, it is recommended to use "
            "sourceTensor.detach().clone() or sourceTensor.detach().clone()."
            "requires_grad_(True), rather than torch.tensor(sourceTensor).",
            UserWarning,
        )
    array = _to_array(data, exact_floats=dtype is not None, dtype=dtype)
    if dtype is not None:
        target = to_dtype(dtype).numpy
        if array.dtype.kind == "c" and target.kind not in "cb":
            array = _real_part_of(array, python=not isinstance(data, (Tensor, np.ndarray)),
                                  target=target)
        if not isinstance(data, (Tensor, np.ndarray)):
            _check_python_values_fit(array, target)
        with np.errstate(over="ignore", invalid="ignore"):
            array = _dtype.cast_array(array, target)
    else:
        _dtype.from_numpy_dtype(array.dtype)  # raises for unsupported NumPy types
    array = np.array(array, copy=True, order="C")
    return _finish(array, requires_grad)


def _real_part_of(array: np.ndarray, python: bool = False, target=None) -> np.ndarray:
    """A complex array's real part, for a real dtype asked for: torch's warning (once) for
    arrays and tensors; Python complex numbers are refused by its parser, as Python's
    float() and int() refuse them."""
    if python:
        if target.kind == "f":
            raise TypeError("must be real number, not complex")
        raise TypeError("'complex' object cannot be interpreted as an integer")
    warn_once("complex to real", "Casting complex values to real discards the imaginary part")
    return array.real


def as_tensor(data, dtype=None, device=None) -> Tensor:
    """Like `tensor`, but shares memory with a NumPy array or tensor when no cast is needed."""
    check_device(device)
    if isinstance(data, Tensor):
        return data if dtype is None or data.dtype is to_dtype(dtype) else data.to(dtype)
    if isinstance(data, np.ndarray):
        _dtype.from_numpy_dtype(data.dtype)
        if dtype is None or to_dtype(dtype).numpy == data.dtype:
            return Tensor(data)
        target = to_dtype(dtype).numpy
        if data.dtype.kind == "c" and target.kind not in "cb":
            data = _real_part_of(data)
        return Tensor(_dtype.cast_array(data, target))
    return tensor(data, dtype=dtype)


def from_numpy(array: np.ndarray) -> Tensor:
    """A tensor sharing memory with `array` (writes to either show in both)."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(array).__name__})")
    _dtype.from_numpy_dtype(array.dtype)
    return Tensor(array)


# ---------------------------------------------------------------------- filled
def _size_keyword(kwargs: dict, function: str, size: tuple):
    """The `size=` of a factory's **kwargs, after torch's checks of the rest: pin_memory is
    taken (and means nothing here), any other keyword is a TypeError, and a size must be
    given (torch.zeros() is one, ember used to make an empty tensor)."""
    keyword = kwargs.pop("size", None)
    kwargs.pop("pin_memory", None)
    if kwargs:
        raise TypeError(f"{function}() got an unexpected keyword argument '{next(iter(kwargs))}'")
    if not size and keyword is None:
        raise TypeError(f'{function}() missing 1 required positional arguments: "size"')
    return keyword


def _size(size: tuple, keyword, creator: str | None = None,
          function: str | None = None) -> tuple[int, ...]:
    """Accept f(2, 3), f((2, 3)), f([2, 3]) and f(size=(2, 3)).

    `creator` names the function in the negative-size error where torch does (zeros);
    `function` in the TypeErrors of what is no size (torch's parser's words)."""
    if keyword is not None:
        if size:
            raise TypeError("size given both positionally and as a keyword")
        size = (keyword,)
    listed = len(size) != 1  # (a tuple or list of sizes, or several positional ones)
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size, listed = tuple(size[0]), True
    if len(size) == 1 and isinstance(size[0], Tensor) and (
            size[0].ndim or size[0]._data.dtype.kind not in "iu"):
        # (torch's size is a tuple of ints: a tensor of sizes is refused, a 0-d one is an int)
        raise TypeError(f"{function}(): argument 'size' (position 1) must be tuple of ints, "
                        "not Tensor" if function else "size must be a tuple of ints, not Tensor")
    result = []
    for position, s in enumerate(size):
        if isinstance(s, Tensor) and s.ndim == 0 and s._data.dtype.kind in "iu":
            s = int(s)
        if not isinstance(s, (int, np.integer)) or isinstance(s, bool):
            if function and not listed:
                raise TypeError(f"{function}(): argument 'size' (position 1) must be tuple of "
                                f"ints, not {type_name(s)}")
            if function:
                raise TypeError(f"{function}(): argument 'size' (position 1) must be tuple of "
                                f"ints, but found element of type {type_name(s)} at pos "
                                f"{position}")
            raise TypeError(
                f"size must be a tuple of ints, but got an element of type {type(s).__name__}"
            )
        result.append(int(s))
    if any(s < 0 for s in result):
        if creator is not None:
            raise RuntimeError(f"{creator}: Dimension size must be non-negative.")
        negative = next(s for s in result if s < 0)
        raise RuntimeError(
            f"Trying to create tensor with negative dimension {negative}: {result}"
        )
    return tuple(result)


def _finish(array: np.ndarray, requires_grad: bool) -> Tensor:
    """The new tensor; asking for requires_grad on integers fails as torch's factories do."""
    t = Tensor(array)
    if requires_grad:
        if array.dtype.kind not in "fc":
            # The factories' wording differs from requires_grad_()'s, as in torch.
            raise RuntimeError(
                "Only Tensors of floating point and complex dtype can require gradients"
            )
        t.requires_grad_(True)
    return t


def _float_dtype(dtype):
    return to_dtype(dtype).numpy if dtype is not None else get_default_dtype().numpy


@with_out("zeros")
def zeros(*size, dtype=None, layout=None, device=None, requires_grad=False,
          **kwargs) -> Tensor:
    """A tensor of zeros of the given size."""
    check_device(device)
    checked_layout(layout, "zeros")
    shape = _size(size, _size_keyword(kwargs, "zeros", size), creator="zeros",
                  function="zeros")
    return _finish(np.zeros(shape, _float_dtype(dtype)), requires_grad)


@with_out("ones")
def ones(*size, dtype=None, layout=None, device=None, requires_grad=False,
         **kwargs) -> Tensor:
    """A tensor of ones of the given size."""
    check_device(device)
    checked_layout(layout, "ones")
    return _finish(np.ones(_size(size, _size_keyword(kwargs, "ones", size), function="ones"),
                           _float_dtype(dtype)),
                   requires_grad)


@with_out("empty")
def empty(*size, dtype=None, layout=None, device=None, requires_grad=False,
          memory_format=None, **kwargs) -> Tensor:
    """An uninitialised tensor (ember fills it with zeros, which is one valid garbage), in
    C order or the layout `memory_format` asks for (channels_last)."""
    check_device(device)
    checked_layout(layout, "empty")
    zeros = np.zeros(_size(size, _size_keyword(kwargs, "empty", size), function="empty"),
                     _float_dtype(dtype))
    fmt = checked_format(memory_format, "empty")
    if fmt is not None and fmt is not contiguous_format:
        zeros = new_array_like(zeros, zeros.dtype, fmt)  # (preserve_format: C order)
        zeros[...] = 0
    return _finish(zeros, requires_grad)


def _scalar_dtype(value) -> np.dtype:
    if isinstance(value, (bool, np.bool_)):
        return np.dtype(np.bool_)
    if isinstance(value, (int, np.integer)):
        return np.dtype(np.int64)
    return get_default_dtype().numpy


@with_out("full")
def full(size, fill_value, *, dtype=None, layout=None, device=None,
         requires_grad=False) -> Tensor:
    """A tensor of the given size filled with `fill_value` (dtype inferred from it)."""
    check_device(device)
    checked_layout(layout, "full")
    if isinstance(size, Tensor):  # (no varargs: even a 0-d tensor is no size here)
        raise TypeError("full(): argument 'size' (position 1) must be tuple of ints, not Tensor")
    shape = _size((size,), None, function="full")
    if isinstance(fill_value, (complex, np.complexfloating)) and (
            dtype is None or to_dtype(dtype).is_complex):
        # (a complex number makes the default float's complex dtype, as torch)
        np_dtype = (to_dtype(dtype) if dtype is not None
                    else get_default_dtype().to_complex()).numpy
        return _finish(np.full(shape, fill_value, np_dtype), requires_grad)
    fill_value = number_argument(fill_value, "full", "fill_value", 2,
                                 real_type=None if dtype is None else to_dtype(dtype).numpy)
    np_dtype = to_dtype(dtype).numpy if dtype is not None else _scalar_dtype(fill_value)
    # torch's range check and wrap-around (fill_: not float16's range for one element)
    fill_value = number_in_dtype(fill_value, np_dtype, half_range=math.prod(shape) != 1)
    return _finish(np.full(shape, fill_value, np_dtype), requires_grad)


@with_out("eye")
def eye(n: int, m: int | None = None, *, dtype=None, layout=None, device=None,
        requires_grad=False) -> Tensor:
    """The n x m identity matrix."""
    check_device(device)
    checked_layout(layout, "eye")
    for name, size in (("n", n), ("m", m)):
        if size is not None and size < 0:
            raise RuntimeError(f"{name} must be greater or equal to 0, got {size}")
    return _finish(np.eye(n, n if m is None else m, dtype=_float_dtype(dtype)), requires_grad)


# ---------------------------------------------------------------------- ranges
_NOT_GIVEN = object()
_PLAIN_NUMBERS = frozenset({int, float})
_ARANGE_SIGNATURES = (
    "(Number end, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, "
    "torch.device device = None, bool pin_memory = False, bool requires_grad = False)",
    "(Number start, Number end, *, torch.dtype dtype = None, torch.layout layout = None, "
    "torch.device device = None, bool pin_memory = False, bool requires_grad = False)",
    "(Number start, Number end, Number step = 1, *, Tensor out = None, torch.dtype dtype = "
    "None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, "
    "bool requires_grad = False)")


@with_out("arange")
def arange(start=_NOT_GIVEN, end=_NOT_GIVEN, step=_NOT_GIVEN, *, dtype=None, layout=None,
           device=None, requires_grad=False) -> Tensor:
    """Values from start (inclusive) to end (exclusive) in steps of `step`: numbers, or 0-d
    tensors that do not require grad (read as numbers, as torch's argument parser reads
    them)."""
    check_device(device)
    checked_layout(layout, "arange")
    values = _arange_numbers(start, end, step)
    if dtype is not None and to_dtype(dtype).numpy.kind == "b":  # (before any other check)
        raise NotImplementedError("\"arange_cpu\" not implemented for 'Bool'")
    if values[2] == 0 or values[2] != values[2]:  # (a nan step counts as zero in torch)
        raise RuntimeError("step must be nonzero")
    if not (math.isfinite(values[0]) and math.isfinite(values[1])):
        raise RuntimeError(f"unsupported range: {values[0]:g} -> {values[1]:g}")
    if (values[1] - values[0]) * values[2] < 0:
        raise RuntimeError(
            "upper bound and lower bound inconsistent with step sign"
        )
    if dtype is not None:
        np_dtype = to_dtype(dtype).numpy
    elif all(isinstance(v, (int, np.integer)) for v in values):
        np_dtype = np.dtype(np.int64)
    else:
        np_dtype = get_default_dtype().numpy
    if np_dtype.kind == "c":  # (torch's kernel has no complex arange)
        raise NotImplementedError(
            f'"arange_cpu" not implemented for \'{scalar_type_name(np_dtype.name)}\'')
    # (counted in double: 2**62 + 3 - 2**62 is 0 there)
    count = max(math.ceil((float(values[1]) - float(values[0])) / float(values[2])), 0)
    if np_dtype.kind == "f":
        return _finish(_torch_arange(values[0], values[2], count, np_dtype), requires_grad)
    # An integer dtype's kernel takes start and step as int64 (truncated): 0.5 steps by 0.
    # int64 counts in int64 too (end truncated, a zero step refused); the narrower dtypes
    # count in double. Values wrap around in the dtype.
    start, end, step = (int(v) for v in values)
    if np_dtype == np.int64:
        if step == 0:
            raise ValueError("step must be nonzero")
        count = max(-((start - end) // step), 0)
    array = start + np.arange(count, dtype=np.int64) * step
    return _finish(array.astype(np_dtype), requires_grad)


def _arange_numbers(start, end, step) -> list:
    """[start, end, step] as numbers, with torch's TypeError for what is not a Number (its
    words for `arange(end)`, `arange(end=...)` and for the other forms)."""
    plain = _PLAIN_NUMBERS
    if start.__class__ in plain:  # (the common calls, checked first)
        if end is _NOT_GIVEN and step is _NOT_GIVEN:
            return [0, start, 1]
        if end.__class__ in plain and (step is _NOT_GIVEN or step.__class__ in plain):
            return [start, end, 1 if step is _NOT_GIVEN else step]
    given = [v for v in (start, end, step) if v is not _NOT_GIVEN]
    if end is _NOT_GIVEN and start is not _NOT_GIVEN:
        start, end = 0, start
        if step is _NOT_GIVEN:  # arange(end)
            return [0, number_argument(end, "arange", "end", 1), 1]
    elif start is _NOT_GIVEN and step is _NOT_GIVEN and end is not _NOT_GIVEN:  # arange(end=)
        return [0, number_argument(end, "arange", "end"), 1]
    values = [0 if start is _NOT_GIVEN else start, end, 1 if step is _NOT_GIVEN else step]
    try:
        return [number_argument(v, "arange", "end") for v in values]
    except TypeError:
        got = ", ".join(type_name(v) for v in given)
        raise TypeError(f"arange() received an invalid combination of arguments - got ({got}), "
                        "but expected one of:\n" + "".join(f" * {signature}\n"
                                                          for signature in _ARANGE_SIGNATURES)
                        ) from None


def _torch_arange(start, step, count: int, dtype: np.dtype) -> np.ndarray:
    """Floating arange computed as torch's CPU kernel does, so the last bits match (a
    ReLU's gradient at `arange(-8., 8., .1)[80]`, which torch makes 4e-16, not 0).

    The kernel works in the accumulate type (float64; float32 for float16). It fills
    32-byte SIMD vectors, two at a time: each vector's first value is
    `fma(step, i, start)` rounded to the dtype, and lane k adds `k * step` to it with another
    fused multiply-add; the tail that fills no vector pair gets `fma(step, i, start)` itself.
    Fused multiply-adds are emulated in a wider type with one rounding, as in linspace.
    (Above torch's 32768-element grain, threads start their own vectors: exact when one
    thread runs.)
    """
    acc = np.float32 if dtype == np.float16 else np.float64
    wide = np.float64 if acc == np.float32 else np.longdouble
    if acc == np.float64 and _exact_multiples(float(step), count):
        wide = np.float64  # every step * i is exact: no fused rounding to emulate
    start, step = wide(acc(start)), wide(acc(step))
    lanes = 32 // dtype.itemsize
    in_pairs = count // (2 * lanes) * (2 * lanes)
    vector_index = np.arange(0, in_pairs, lanes).astype(wide)
    vector_start = (start + step * vector_index).astype(acc).astype(dtype).astype(wide)
    lane_offset = step * np.arange(lanes).astype(wide)
    vectorised = (vector_start[:, None] + lane_offset).astype(acc).ravel()
    serial = (start + step * np.arange(in_pairs, count).astype(wide)).astype(acc)
    return np.concatenate([vectorised, serial]).astype(dtype)


def _exact_multiples(step: float, count: int) -> bool:
    """Whether step * i is exact in float64 for every i < count (few significant bits)."""
    mantissa = abs(math.frexp(step)[0])
    bits = int(mantissa * (1 << 53))
    significant = (bits >> ((bits & -bits).bit_length() - 1)).bit_length() if bits else 0
    return significant + max(count, 1).bit_length() <= 53


@with_out("linspace")
def linspace(start, end, steps: int, *, dtype=None, layout=None, device=None,
             requires_grad=False) -> Tensor:
    """`steps` evenly spaced values from start to end, both included."""
    check_device(device)
    checked_layout(layout, "linspace")
    start, end, steps, _ = _spaced_arguments("linspace", start, end, steps)
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    target = _float_dtype(dtype)
    _check_spaced_kernel("linspace", target, steps)
    if target.kind != "f":
        return _finish(np.linspace(float(start), float(end), steps).astype(target),
                       requires_grad)
    # (a finite bound beyond float16's or float32's range is torch's overflow error)
    start, end = (_dtype.number_in_dtype(v, target) for v in (start, end))
    return _finish(_torch_linspace(start, end, steps, target.type), requires_grad)


def _torch_linspace(start, end, steps: int, dtype: type) -> np.ndarray:
    """linspace computed as torch's CPU kernel does, so the values match bit for bit: the
    first half counts up from start and the second half down from end, by a step computed
    in the dtype, each value with one fused multiply-add (emulated by computing in a wider
    type and rounding once)."""
    start, end = dtype(start), dtype(end)
    if steps <= 1:
        return np.full(steps, start, dtype)
    step = (end - start) / dtype(steps - 1)
    index = np.arange(steps)
    if dtype == np.float16:
        # torch's Half path has no fused step: the index is converted to float16 (9995 is
        # 9992), and the product and the sum are each rounded to float16
        with np.errstate(over="ignore"):
            up = start + step * index.astype(np.float16)
            down = end - step * (steps - 1 - index).astype(np.float16)
        return np.where(index < steps // 2, up, down)
    wide = np.longdouble if dtype == np.float64 else np.float64
    up = wide(start) + wide(step) * index.astype(wide)
    down = wide(end) - wide(step) * (steps - 1 - index).astype(wide)
    return np.where(index < steps // 2, up, down).astype(dtype)


@with_out("logspace")
def logspace(start, end, steps: int, base: float = 10.0, *, dtype=None, layout=None,
             device=None, requires_grad=False) -> Tensor:
    """base ** linspace(start, end, steps)."""
    check_device(device)
    checked_layout(layout, "logspace")
    start, end, steps, base = _spaced_arguments("logspace", start, end, steps, base)
    _check_spaced_kernel("logspace", _float_dtype(dtype), steps)
    array = np.power(base, np.linspace(float(start), float(end), steps))
    return _finish(array.astype(_float_dtype(dtype)), requires_grad)


_SPACED_SIGNATURE = ("(Tensor start, Tensor end, int steps, {base}*, Tensor out = None, "
                     "torch.dtype dtype = None, torch.layout layout = None, torch.device device "
                     "= None, bool pin_memory = False, bool requires_grad = False)")
_BOUND_KINDS = ("Tensor start, Tensor end", "Number start, Tensor end",
                "Tensor start, Number end", "Number start, Number end")


def _spaced_arguments(name: str, start, end, steps, base=10.0) -> tuple:
    """linspace/logspace's arguments as torch's parser reads them: the bounds numbers or 0-d
    tensors (read as numbers, whether or not they require grad; with dims, torch's
    RuntimeError), steps an int (or a 0-d integer tensor), base a float (or a 0-d tensor);
    anything else torch's "invalid combination of arguments"."""
    plain = _PLAIN_NUMBERS
    if (start.__class__ in plain and end.__class__ in plain and steps.__class__ is int
            and base.__class__ in plain):  # (the common calls, checked first)
        return start, end, steps, base
    values = []
    for value in (start, end):
        if isinstance(value, Tensor):
            value = value.detach().item() if value._data.ndim == 0 else value
        elif isinstance(value, (bool, int, float, np.integer, np.floating, np.bool_)):
            value = float(value) if isinstance(value, np.bool_) else value
        else:
            value = None
        values.append(value)
    count = steps
    if isinstance(count, Tensor) and count._data.ndim == 0 and count._data.dtype.kind in "iu":
        count = int(count._data)
    elif isinstance(count, np.integer):
        count = int(count)
    number = base
    if isinstance(number, Tensor) and number._data.ndim == 0:
        number = number.item()
    if (None in values or not isinstance(count, int) or isinstance(count, bool)
            or not isinstance(number, (int, float, np.integer, np.floating))):
        got = ", ".join(type_name(v) for v in (start, end, steps))
        if not (type(base) is float and base == 10.0):
            got += f", base={type_name(base)}"
        signature = _SPACED_SIGNATURE.format(
            base="float base = 10.0, " if name == "logspace" else "")
        lines = "".join(f" * {signature.replace(_BOUND_KINDS[0], kinds)}\n"
                        for kinds in _BOUND_KINDS)
        raise TypeError(f"{name}() received an invalid combination of arguments - got ({got}), "
                        f"but expected one of:\n{lines}")
    for which, value in zip(("start", "end"), values):
        if isinstance(value, Tensor):
            raise RuntimeError(f"{name} only supports 0-dimensional start and end tensors, but "
                               f"got {which} with {value._data.ndim} dimension(s).")
    return values[0], values[1], count, number


def _check_spaced_kernel(name: str, target: np.dtype, steps: int) -> None:
    """torch has no bool kernel for linspace/logspace; with fewer than two steps it runs
    none (an empty or a one-value result is filled directly)."""
    if target.kind == "b" and steps > 1:
        raise NotImplementedError(f"\"{name}_cpu\" not implemented for 'Bool'")


# ---------------------------------------------------------------------- random
class Generator:
    """A random number generator that is PyTorch's CPU generator: a Mersenne Twister
    seeded and consumed as torch's, so the same seed gives torch's numbers."""

    __module__ = "ember._C"  # shown as torch's: <class 'torch._C.Generator'>

    def __init__(self, device="cpu") -> None:
        check_device(device)
        self.device = _device.device("cpu")
        self._twister = MT19937()

    def manual_seed(self, seed) -> Generator:
        """Seed with an integer (the twister takes its low 32 bits; any value from -2**63
        to 2**64 - 1 is accepted and remembered, negatives modulo 2**64, as in torch)."""
        seed = int(seed)
        if not -(1 << 63) <= seed < 1 << 64:
            raise ValueError("Overflow when unpacking long long")
        self._twister.seed(seed)
        return self

    def seed(self) -> int:
        """Seed from the operating system's entropy; returns the new (64-bit) seed."""
        new_seed = int.from_bytes(os.urandom(8), "little")
        self._twister.seed(new_seed)
        return new_seed

    def initial_seed(self) -> int:
        return self._twister.initial_seed

    def get_state(self) -> Tensor:
        """The state as torch's uint8 tensor of 5056 bytes (twister and cached normal)."""
        return Tensor(self._twister.get_state())

    def set_state(self, new_state: Tensor) -> Generator:
        if not isinstance(new_state, Tensor):
            raise TypeError(f"expected a torch.ByteTensor, but got {type(new_state).__name__}")
        if new_state._data.dtype != np.uint8:
            raise TypeError("RNG state must be a torch.ByteTensor")
        self._twister.set_state(new_state._data.reshape(-1))
        return self

    def __repr__(self) -> str:
        return f"<torch._C.Generator object at {id(self):#x}>"


default_generator = Generator()
# torch seeds its default generator from the operating system's entropy at start-up (a
# fresh Generator() has the fixed seed): without manual_seed, each run draws other numbers
default_generator.seed()


def manual_seed(seed) -> Generator:
    """Seed the default generator, making random tensors reproducible (torch's values)."""
    return default_generator.manual_seed(seed)


def seed() -> int:
    return default_generator.seed()


def initial_seed() -> int:
    return default_generator.initial_seed()


def get_rng_state() -> Tensor:
    """The default generator's state (torch's 5056-byte layout)."""
    return default_generator.get_state()


def set_rng_state(new_state: Tensor) -> None:
    default_generator.set_state(new_state)


@contextlib.contextmanager
def fork_rng(devices=None, enabled: bool = True, _caller: str = "fork_rng",
             _devices_kw: str = "devices", device_type: str = "cuda"):
    """Restore the default generator's state on leaving the block (CPU only in ember)."""
    if not enabled:
        yield
        return
    state = get_rng_state()
    try:
        yield
    finally:
        set_rng_state(state)


def _twister(generator: Generator | None) -> MT19937:
    return (generator if generator is not None else default_generator)._twister


def _sampled_float_dtype(dtype, creator: str) -> np.dtype:
    """The dtype of rand/randn results: floating only, as in torch."""
    np_dtype = _float_dtype(dtype)
    if np_dtype.kind not in "fc":
        kernel = "check_uniform_bounds" if creator == "rand" else "normal_kernel_cpu"
        name = scalar_type_name(np_dtype.name)
        raise NotImplementedError(f'"{kernel}" not implemented for \'{name}\'')
    return np_dtype


def _count(shape: tuple[int, ...]) -> int:
    return math.prod(shape)


def rand(*size, generator=None, out=None, dtype=None, layout=None, device=None,
         requires_grad=False, **kwargs) -> Tensor:
    """Uniform random values in [0, 1) (torch's stream)."""
    check_device(device)
    checked_layout(layout, "rand")
    shape = _size(size, _size_keyword(kwargs, "rand", size))
    if out is not None:  # torch's rand(out=) is out.resize_(size).uniform_()
        out_dtype(out, dtype, "rand")
        resize(out, shape)
        return requiring_grad(out.uniform_(generator=generator), requires_grad)
    np_dtype = _sampled_float_dtype(dtype, "rand")
    if np_dtype.kind == "c":
        array = _draw_uniform(_twister(generator))(np.empty(shape, np_dtype))
    else:
        array = _mt.uniform(_twister(generator), _count(shape), np_dtype).reshape(shape)
    return _finish(array, requires_grad)


def randn(*size, generator=None, out=None, dtype=None, layout=None, device=None,
          requires_grad=False, **kwargs) -> Tensor:
    """Standard normal random values (torch's stream)."""
    check_device(device)
    checked_layout(layout, "randn")
    shape = _size(size, _size_keyword(kwargs, "randn", size))
    if out is not None:  # torch's randn(out=) is out.resize_(size).normal_()
        out_dtype(out, dtype, "randn")
        resize(out, shape)
        return requiring_grad(out.normal_(generator=generator), requires_grad)
    np_dtype = _sampled_float_dtype(dtype, "randn")
    if np_dtype.kind == "c":
        array = _draw_normal(_twister(generator))(np.empty(shape, np_dtype))
    else:
        array = _mt.normal(_twister(generator), _count(shape), np_dtype).reshape(shape)
    return _finish(array, requires_grad)


def randint(low, high=None, size=None, *, generator=None, out=None, dtype=None, layout=None,
            device=None, requires_grad=False) -> Tensor:
    """Random integers in [low, high)."""
    check_device(device)
    checked_layout(layout, "randint")
    if size is None:
        # randint(high, size) form
        low, high, size = 0, low, high
    if high is None:
        low, high = 0, low
    low, high = int(low), int(high)
    if low >= high:
        raise RuntimeError(
            f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}"
        )
    shape = _size((size,), None)
    if out is not None:  # torch's randint(out=) is out.resize_(size).random_(low, high)
        out_dtype(out, dtype, "randint")
        resize(out, shape)
        return requiring_grad(out.random_(low, high, generator=generator), requires_grad)
    np_dtype = to_dtype(dtype).numpy if dtype is not None else np.dtype(np.int64)
    array = _mt.integers(_twister(generator), _count(shape), low, high).reshape(shape)
    return _finish(array.astype(np_dtype, copy=False), requires_grad)


_RANDPERM_FORMS = "".join(
    f" * (int n, *,{g} Tensor out = None, torch.dtype dtype = None, torch.layout layout = "
    "None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n"
    for g in (" torch.Generator generator,", ""))


@with_out("randperm")
def randperm(n: int, *, generator=None, dtype=None, device=None,
             requires_grad=False) -> Tensor:
    """A random permutation of 0..n-1 (torch's Fisher-Yates pass)."""
    check_device(device)
    if generator is not None and not isinstance(generator, Generator):
        # (random_split hands its generator= here unchecked, as torch's does)
        raise TypeError(
            f"randperm() received an invalid combination of arguments - got ({type_name(n)}, "
            f"generator={type_name(generator)}), but expected one of:\n" + _RANDPERM_FORMS)
    if n < 0:
        raise RuntimeError(f"n must be non-negative, got{n}")
    np_dtype = to_dtype(dtype).numpy if dtype is not None else np.dtype(np.int64)
    return _finish(_mt.permutation(_twister(generator), int(n)).astype(np_dtype),
                   requires_grad)


def normal(mean=0.0, std=1.0, size=None, *, generator=None, out=None, dtype=None,
           device=None, requires_grad=False) -> Tensor:
    """Normal random values with the given mean and std (numbers or tensors).

    With a tensor mean or std torch draws standard normals of the broadcast shape, then
    scales them by std and shifts them by mean in the result's dtype."""
    check_device(device)
    twister = _twister(generator)
    if not isinstance(mean, Tensor) and not isinstance(std, Tensor):
        if size is None:
            raise TypeError("normal() needs a size when mean and std are numbers")
        if std < 0:
            raise RuntimeError(f"normal expects std >= 0.0, but found std {std:g}")
        shape = _size((size,), None)
        if out is not None:  # torch: out.resize_(size).normal_(mean, std)
            out_dtype(out, dtype, "normal")
            resize(out, shape)
            return requiring_grad(out.normal_(mean, std, generator=generator), requires_grad)
        np_dtype = _sampled_float_dtype(dtype, "randn")
        array = _mt.normal(twister, _count(shape), np_dtype, mean, std).reshape(shape)
        return _finish(array, requires_grad)
    like = mean if isinstance(mean, Tensor) else std
    mean_a = mean._data if isinstance(mean, Tensor) else mean
    std_a = std._data if isinstance(std, Tensor) else std
    if np.any(np.asarray(std_a) < 0):
        raise RuntimeError(f"normal expects std >= 0.0, but found std {np.min(std_a)}")
    shape = np.broadcast_shapes(np.shape(mean_a), np.shape(std_a))
    if out is not None:
        dtype = out_dtype(out, dtype, "normal")
    np_dtype = to_dtype(dtype).numpy if dtype is not None else like._data.dtype
    z = _mt.normal(twister, _count(shape), np_dtype).reshape(shape)
    with np.errstate(all="ignore"):
        array = (z * np.asarray(std_a).astype(np_dtype)).astype(np_dtype)
        array = (array + np.asarray(mean_a).astype(np_dtype)).astype(np_dtype)
    if out is not None:
        return requiring_grad(write(out, array, "normal"), requires_grad)
    return _finish(array, requires_grad)


# ---------------------------------------------------------------------- in-place fills
def _in_memory_order(values: np.ndarray, target: np.ndarray) -> np.ndarray:
    """`values` (flat, in the order drawn) laid out as `target`: torch fills a tensor in
    the order of its memory, so a transposed or permuted view gets them along its
    smallest stride first."""
    if target.flags.c_contiguous or target.ndim < 2:
        return values.reshape(target.shape)
    axes = sorted(range(target.ndim), key=lambda a: -abs(target.strides[a]))
    out = np.empty(target.shape, values.dtype)
    out.transpose(axes)[...] = values.reshape([target.shape[a] for a in axes])
    return out


# torch's Cauchy check names dtypes by their C++ type, not their ScalarType.
_C_TYPES = {"int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char",
            "uint8": "unsigned char", "bool": "bool"}


def _scalar_type(array: np.ndarray) -> str:
    return scalar_type_name(array.dtype.name)


def _require_floating(array: np.ndarray, message: str) -> None:
    if array.dtype.kind != "f":
        raise NotImplementedError(message.format(_scalar_type(array)))


def _draw_normal(twister, mean=0.0, std=1.0):
    if std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std:g}")

    def draw(x):
        if x.dtype.kind == "c":
            # torch draws a complex tensor as the float normal of its (re, im) pairs
            # (view_as_real), each part with std / sqrt(2)
            values = _mt.normal(twister, 2 * x.size, _COMPLEX_PARTS[x.dtype.name], mean,
                                std / math.sqrt(2), contiguous=x.flags.c_contiguous)
            return _in_memory_order(values.view(x.dtype), x)
        _require_floating(x, '"normal_kernel_cpu" not implemented for \'{}\'')
        values = _mt.normal(twister, x.size, x.dtype, mean, std,
                            contiguous=x.flags.c_contiguous)
        return _in_memory_order(values, x)
    return draw


# The float dtype of a complex dtype's real and imaginary parts.
_COMPLEX_PARTS = {"complex64": np.dtype(np.float32), "complex128": np.dtype(np.float64)}


def _draw_uniform(twister, low=0.0, high=1.0):
    if low > high:
        raise RuntimeError(
            f"uniform_ expects to return a [from, to) range, but found from={low:g} > to={high:g}"
        )

    def draw(x):
        if x.dtype.kind == "c":  # (uniform (re, im) pairs, as torch draws them)
            values = _mt.uniform(twister, 2 * x.size, _COMPLEX_PARTS[x.dtype.name], low, high)
            return _in_memory_order(values.view(x.dtype), x)
        _require_floating(x, '"check_uniform_bounds" not implemented for \'{}\'')
        return _in_memory_order(_mt.uniform(twister, x.size, x.dtype, low, high), x)
    return draw


def _continuous(twister, sample, check: str | None, distribution: str):
    def draw(x):
        if x.dtype.kind != "f":
            if check is not None:
                raise NotImplementedError(check.format(_scalar_type(x)))
            name = (_C_TYPES.get(x.dtype.name, x.dtype.name) if distribution == "Cauchy"
                    else _scalar_type(x))
            raise RuntimeError(f"{distribution} distribution is a continuous probability "
                               f"distribution. dtype must be a floating point but you "
                               f"specified {name}")
        return _in_memory_order(sample(x.size).astype(x.dtype), x)
    return draw


def _draw_exponential(twister, lambd=1.0):
    if not lambd > 0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={lambd:g}")
    return _continuous(twister, lambda n: _mt.exponential(twister, n, lambd), None,
                       "Exponential")


def _draw_cauchy(twister, median=0.0, sigma=1.0):
    if not sigma > 0:
        raise RuntimeError(f"cauchy_ expects sigma > 0.0, but found sigma={sigma:g}")
    return _continuous(twister, lambda n: _mt.cauchy(twister, n, median, sigma), None,
                       "Cauchy")


def _draw_log_normal(twister, mean=1.0, std=2.0):
    if not std > 0:
        raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={std:g}")
    return _continuous(twister, lambda n: _mt.log_normal(twister, n, mean, std),
                       '"log_normal_cpu" not implemented for \'{}\'', "LogNormal")


def _draw_geometric(twister, p):
    if not 0 < p < 1:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={p:g}")

    def draw(x):
        return _in_memory_order(_mt.geometric(twister, x.size, p).astype(x.dtype), x)
    return draw


def _draw_bernoulli(twister, p=0.5):
    if isinstance(p, Tensor):
        def draw_tensor(x):
            # torch: nothing to draw for no elements; else p expanded to x's shape (its
            # errors), then the range of the probabilities
            if not x.size:
                return x.copy()
            probabilities = p.expand(x.shape)._data
            if np.any((probabilities < 0) | (probabilities > 1)):
                raise RuntimeError(
                    "Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this "
                    "error message be improved?  If so, please report an enhancement request "
                    "to PyTorch.)")
            hits = _mt.bernoulli_tensor(twister, np.ascontiguousarray(probabilities))
            return _in_memory_order(hits.astype(x.dtype), x)
        return draw_tensor
    if not 0 <= p <= 1:
        raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={p:g}")

    def draw(x):
        return _in_memory_order(_mt.bernoulli_scalar(twister, x.size, p).astype(x.dtype), x)
    return draw


def _draw_random(twister, low=None, high=None):
    if low is not None and high is None:
        low, high = 0, low
    if low is not None and int(low) >= int(high):
        raise RuntimeError("random_ expects 'from' to be less than 'to', but got "
                           f"from={low} >= to={high}")

    def draw(x):
        if low is None:
            values = _mt.default_integers(twister, x.size, x.dtype)
        else:
            values = _mt.integers(twister, x.size, int(low), int(high))
        return _in_memory_order(values.astype(x.dtype), x)
    return draw


_DRAWS = {"normal": _draw_normal, "uniform": _draw_uniform, "exponential": _draw_exponential,
          "cauchy": _draw_cauchy, "log_normal": _draw_log_normal, "geometric": _draw_geometric,
          "bernoulli": _draw_bernoulli, "random": _draw_random}


# torch's names of the float parameters of the fills whose parameters are all floats
# (`from` and `to` are Python keywords: uniform_(**{"from": 0}) as in torch)
_FLOAT_PARAMETERS = {"normal": ("mean", "std"), "uniform": ("from", "to"),
                     "exponential": ("lambd",), "cauchy": ("median", "sigma"),
                     "log_normal": ("mean", "std"), "geometric": ("p",)}
_FLOAT_DEFAULTS = {"normal": (0.0, 1.0), "uniform": (0.0, 1.0), "exponential": (1.0,),
                   "cauchy": (0.0, 1.0), "log_normal": (1.0, 2.0)}


def _float_parameters(name: str, args: tuple, kwargs: dict) -> tuple:
    """The fill's float arguments as torch's parser reads them: positional or by torch's
    names, numbers or 0-d tensors, anything else torch's TypeError."""
    names = _FLOAT_PARAMETERS[name]
    if len(args) > len(names):
        raise TypeError(f"{name}_() takes from 0 to {len(names)} positional arguments but "
                        f"{len(args)} were given")
    given = dict(zip(names, args))
    for key, value in kwargs.items():
        if key not in names or key in given:
            problem = "multiple values for" if key in given else "an unexpected keyword"
            raise TypeError(f"{name}_() got {problem} argument '{key}'")
        given[key] = value
    values = []
    defaults = _FLOAT_DEFAULTS.get(name, ())
    for position, key in enumerate(names, 1):
        if key not in given:
            if position > len(defaults):
                break  # (geometric's p: the draw's own refusal)
            values.append(defaults[position - 1])
            continue
        value = given[key]
        if isinstance(value, Tensor) and value._data.ndim == 0:
            value = value.item()
        if isinstance(value, np.generic) and value.dtype.kind in "biuf":
            value = value.item()
        if type(value) not in (bool, int, float):
            where = f" (position {position})" if position <= len(args) else ""
            raise TypeError(f"{name}_(): argument '{key}'{where} must be float, not "
                            f"{type(value).__name__}")
        values.append(float(value))
    return tuple(values)


def random_draw(name: str, generator: Generator | None, *args, **kwargs):
    """For the in-place fill `name_` (normal_, uniform_, bernoulli_...): its arguments
    checked, and a function from the target array to its new values, drawn from the
    generator as torch's kernel draws them."""
    if name in _FLOAT_PARAMETERS:
        args, kwargs = _float_parameters(name, args, kwargs), {}
    draw = _DRAWS[name](_twister(generator), *args, **kwargs)
    hook = _mt.draw_hook  # (inside vmap: which targets may be filled, func/_random.py)
    return draw if hook is None else hook.inplace(draw)


def rrelu_noise(x: np.ndarray, lower: float, upper: float) -> np.ndarray:
    """rrelu's training slopes for the array x, from the default generator (torch's draws)."""
    return _mt.rrelu_noise(_twister(None), x, lower, upper)


@public(name="bernoulli")
def bernoulli(input: Tensor, p=None, *, generator=None, out=None) -> Tensor:
    """0/1 draws with probabilities `input` (or the number p), in input's dtype."""
    if out is not None:
        if p is not None:
            raise TypeError("bernoulli(): out= is taken only with probabilities as a tensor "
                            "(bernoulli(input, *, generator=None, out=None))")
        out_dtype(out, None, "bernoulli")  # any dtype: torch's out.bernoulli_(input)
        resize(out, input._data.shape)
        return out.bernoulli_(input, generator=generator)
    twister = _twister(generator)
    if p is not None:
        if not 0 <= p <= 1:
            raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={p:g}")
        hits = _mt.bernoulli_scalar(twister, input._data.size, float(p))
        return Tensor(hits.reshape(input._data.shape).astype(input._data.dtype))
    probabilities = input._data
    if np.any((probabilities < 0) | (probabilities > 1)):
        raise RuntimeError("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  "
                           "(Could this error message be improved?  If so, please report an "
                           "enhancement request to PyTorch.)")
    hits = _mt.bernoulli_tensor(twister, probabilities).reshape(probabilities.shape)
    return Tensor(hits.astype(probabilities.dtype))


def _check_rows_with_replacement(rows: np.ndarray) -> None:
    """torch's sampler with replacement checks row by row, entry by entry (a NaN fails
    the `>= 0` test first), then the row's sum: the first bad entry names the message."""
    failing = ~(rows >= 0).all(axis=1) | ~np.isfinite(rows).all(axis=1) | (rows.sum(axis=1) <= 0)
    if not failing.any():
        return
    row = rows[int(np.argmax(failing))]  # only the first failing row can name the message
    for value in row:
        if not value >= 0:
            raise RuntimeError("invalid multinomial distribution "
                               "(encountering probability entry < 0)")
        if not np.isfinite(value):
            raise RuntimeError("invalid multinomial distribution "
                               "(encountering probability entry = infinity or NaN)")
    raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")


@public(name="multinomial")
def multinomial(input: Tensor, num_samples: int, replacement: bool = False, *,
                generator=None, out=None) -> Tensor:
    """Indices drawn from the rows of `input` (unnormalised probabilities), as torch."""
    probabilities = input._data
    if probabilities.dtype.kind != "f":
        raise RuntimeError("multinomial only supports floating-point dtypes for input, got: "
                           f"{_scalar_type(probabilities)}")
    if probabilities.ndim not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    categories = probabilities.shape[-1]
    if not replacement and num_samples > categories:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without "
                           "replacement")
    if num_samples <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    rows = probabilities.reshape(-1 if categories else 1, categories) \
        if probabilities.ndim == 1 else probabilities
    if replacement and num_samples != 1:
        _check_rows_with_replacement(rows)
    elif rows.size == 0:  # torch's validity check takes the min and max of the entries
        raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the "
                           "operation has no identity.")
    elif np.any(~np.isfinite(rows) | (rows < 0)):
        raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
    if np.any(rows.sum(axis=1) <= 0):
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    if out is not None:
        out_dtype(out, None, "multinomial")
        if out._data.dtype != np.int64:
            raise RuntimeError("multinomial expects Long tensor out, got: "
                               f"{_scalar_type(out._data)}")
    twister = _twister(generator)
    # torch draws a single sample as it draws without replacement (the exponential trick),
    # whatever `replacement` says
    if replacement and num_samples != 1:
        drawn = _mt.multinomial_with_replacement(twister, rows, int(num_samples))
    else:
        drawn = _mt.multinomial_without_replacement(twister, rows, int(num_samples))
    drawn = drawn.reshape(*probabilities.shape[:-1], int(num_samples))
    if out is not None:
        return write(out, drawn, "multinomial")
    return Tensor(drawn)


# ---------------------------------------------------------------------- *_like
def _like_dtype(input: Tensor, dtype):
    return to_dtype(dtype).numpy if dtype is not None else input._data.dtype


def _new_like(input: Tensor, dtype, memory_format, function: str, layout=None) -> np.ndarray:
    """An uninitialised array like `input` (shape; dtype unless given) in the layout
    `memory_format` asks for: input's own order by default (torch's preserve_format: a
    transposed input gives a transposed result), C order, or the channels innermost."""
    checked_layout(layout, function)
    fmt = checked_format(memory_format, function)
    return new_array_like(input._data, _like_dtype(input, dtype), fmt)


def zeros_like(input: Tensor, *, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=None) -> Tensor:
    array = _new_like(input, dtype, memory_format, "zeros_like", layout)
    array[...] = 0
    return _finish(array, requires_grad)


def ones_like(input: Tensor, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None) -> Tensor:
    array = _new_like(input, dtype, memory_format, "ones_like", layout)
    array[...] = 1
    return _finish(array, requires_grad)


def empty_like(input: Tensor, *, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=None) -> Tensor:
    checked_layout(layout, "empty_like")
    return zeros_like(input, dtype=dtype, requires_grad=requires_grad,
                      memory_format=memory_format)


def full_like(input: Tensor, fill_value, *, dtype=None, layout=None, device=None,
              requires_grad=False, memory_format=None) -> Tensor:
    if isinstance(fill_value, (complex, np.complexfloating)) and (
            np.dtype(_like_dtype(input, dtype)).kind == "c"):
        array = _new_like(input, dtype, memory_format, "full_like", layout)
        array[...] = fill_value
        return _finish(array, requires_grad)
    fill_value = number_argument(fill_value, "full_like", "fill_value", 2,
                                 real_type=_like_dtype(input, dtype))
    array = _new_like(input, dtype, memory_format, "full_like", layout)
    # torch's range check and wrap-around (fill_: not float16's range for one element)
    array[...] = number_in_dtype(fill_value, array.dtype, half_range=input._data.size != 1)
    return _finish(array, requires_grad)


# torch's rand_like, randn_like and randint_like are empty_like(...) filled in place: the
# draws go into memory in order, so a transposed input's values come out transposed.
def rand_like(input: Tensor, *, generator=None, dtype=None, layout=None, device=None,
              requires_grad=False, memory_format=None) -> Tensor:
    new = Tensor(_new_like(input, dtype, memory_format, "rand_like", layout))
    return requiring_grad(new.uniform_(generator=generator), requires_grad)


def randn_like(input: Tensor, *, generator=None, dtype=None, layout=None, device=None,
               requires_grad=False, memory_format=None) -> Tensor:
    new = Tensor(_new_like(input, dtype, memory_format, "randn_like", layout))
    return requiring_grad(new.normal_(generator=generator), requires_grad)


def randint_like(input: Tensor, low=0, high=None, *, generator=None, dtype=None, layout=None,
                 device=None, requires_grad=False, memory_format=None) -> Tensor:
    if high is None:
        low, high = 0, low
    new = Tensor(_new_like(input, dtype, memory_format, "randint_like", layout))
    return requiring_grad(new.random_(low, high, generator=generator), requires_grad)


# torch's TypeError for a non-tensor input or a dtype that is not one (ember._arguments)
zeros_like, ones_like, empty_like, full_like, rand_like, randn_like, randint_like = (
    checked(f, f.__name__, scalars=True, numbers=False)
    for f in (zeros_like, ones_like, empty_like, full_like, rand_like, randn_like, randint_like))
