"""dtypes with torch's names, the default float dtype, and torch's type-promotion rules.

Torch promotes differently from NumPy: the *kind* of operand matters (a tensor with
dimensions outranks a 0-d tensor, which outranks a Python number), and a float16 tensor
plus an int64 tensor stays float16. `result_type` implements those rules; NumPy is only
asked to promote dtypes of the same category. Complex dtypes sit above the floats: a
float meeting a complex value of lower priority keeps its precision (float32 with a
complex128 0-d tensor is complex64), as torch's rule does.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "dtype", "float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8",
    "bool_", "complex64", "complex128", "get_default_dtype", "set_default_dtype",
    "result_type", "promote_types", "to_dtype", "from_numpy_dtype", "can_cast", "finfo", "iinfo",
]

# Categories, ordered: a higher category wins promotion regardless of size.
BOOL, INT, FLOAT, COMPLEX = 0, 1, 2, 3


class dtype:  # noqa: N801 - torch spells it in lower case
    """A tensor element type, printed as torch prints it (``torch.float32``)."""

    __module__ = "ember"  # shown as torch's: <class 'torch.dtype'>

    __slots__ = ("name", "numpy", "category", "itemsize", "is_floating_point", "is_signed")

    def __init__(self, name: str, numpy_dtype: np.dtype, category: int) -> None:
        self.name = name
        self.numpy = np.dtype(numpy_dtype)
        self.category = category
        self.itemsize = self.numpy.itemsize
        self.is_floating_point = category == FLOAT
        self.is_signed = self.numpy.kind in "ifc"

    @property
    def is_complex(self) -> bool:
        return self.category == COMPLEX

    def to_real(self) -> dtype:
        """The dtype of a complex dtype's parts (complex64: float32); others are their own."""
        return _REAL_OF.get(self, self)

    def to_complex(self) -> dtype:
        """The complex dtype with parts of this float dtype (float32: complex64)."""
        if self.category == COMPLEX:
            return self
        if self is float16:
            raise missing_dtype("complex32")
        if self.category != FLOAT:
            raise RuntimeError(f"Unknown Complex ScalarType for {_SCALAR_NAMES[self.name]}")
        return _COMPLEX_OF[self]

    def __repr__(self) -> str:
        return f"torch.{self.name}"

    def __reduce__(self):
        return (to_dtype, (self.name,))


float16 = dtype("float16", np.float16, FLOAT)
float32 = dtype("float32", np.float32, FLOAT)
float64 = dtype("float64", np.float64, FLOAT)
int8 = dtype("int8", np.int8, INT)
int16 = dtype("int16", np.int16, INT)
int32 = dtype("int32", np.int32, INT)
int64 = dtype("int64", np.int64, INT)
uint8 = dtype("uint8", np.uint8, INT)
bool_ = dtype("bool", np.bool_, BOOL)
complex64 = dtype("complex64", np.complex64, COMPLEX)
complex128 = dtype("complex128", np.complex128, COMPLEX)

# The real dtypes (what most ops take) and every dtype (complex ones too).
ALL_DTYPES = (float16, float32, float64, int8, int16, int32, int64, uint8, bool_)
COMPLEX_DTYPES = (complex64, complex128)
EVERY_DTYPE = ALL_DTYPES + COMPLEX_DTYPES
_REAL_OF = {complex64: float32, complex128: float64}
_COMPLEX_OF = {float32: complex64, float64: complex128}
# The same for NumPy's dtypes, where kernels pick a result's dtype: the complex dtype with
# parts of a float32/float64 (or complex) dtype, and the parts' dtype of a complex one.
NUMPY_COMPLEX_OF = {d.numpy: d.to_complex().numpy for d in (float32, float64, complex64,
                                                             complex128)}
NUMPY_REAL_OF = {d.numpy: d.to_real().numpy for d in COMPLEX_DTYPES}
# torch's ScalarType names, as its error messages spell them ("not implemented for 'Long'").
# bfloat16 is no ember dtype, but callers name it when they echo a dtype torch has.
_SCALAR_NAMES = {"float16": "Half", "bfloat16": "BFloat16", "float32": "Float",
                 "float64": "Double", "uint8": "Byte", "int8": "Char", "int16": "Short",
                 "int32": "Int", "int64": "Long", "bool": "Bool",
                 "complex64": "ComplexFloat", "complex128": "ComplexDouble"}


def scalar_type_name(d) -> str:
    """torch's ScalarType name ("Float", "ComplexDouble") of a dtype: an ember or NumPy
    dtype or a dtype's name ("int64"). A NumPy type torch lacks (uint32) keeps its own name,
    so that an error message about it never fails itself."""
    name = d if isinstance(d, str) else d.name if isinstance(d, dtype) else np.dtype(d).name
    return _SCALAR_NAMES.get(name, name)

# torch's aliases: torch.float is float32, torch.long is int64, and so on.
ALIASES = {
    "half": float16, "float": float32, "double": float64,
    "short": int16, "int": int32, "long": int64, "cfloat": complex64, "cdouble": complex128,
}

_BY_NUMPY = {d.numpy: d for d in EVERY_DTYPE}
_BY_NAME = {d.name: d for d in EVERY_DTYPE} | ALIASES


class _Defaults:
    float_dtype = float32


_defaults = _Defaults()


def get_default_dtype() -> dtype:
    """The dtype of new floating tensors (float32 unless changed)."""
    return _defaults.float_dtype


def set_default_dtype(d: dtype) -> None:
    """Change the dtype of new floating tensors; only float dtypes are accepted, as in torch."""
    d = to_dtype(d)
    if d.category != FLOAT:
        raise TypeError("only floating-point types are supported as the default type")
    _defaults.float_dtype = d


def from_numpy_dtype(np_dtype) -> dtype:
    """The ember dtype of a NumPy array; raises TypeError for types torch lacks."""
    try:
        return _BY_NUMPY[np_dtype]
    except KeyError:
        pass
    try:
        return _BY_NUMPY[np.dtype(np_dtype)]
    except (KeyError, TypeError):
        pass
    try:
        kind = np.dtype(np_dtype)
    except TypeError:
        kind = None
    # torch names the array's scalar type (numpy.str_, numpy.object_)
    name = f"numpy.{kind.type.__name__}" if kind is not None else str(np_dtype)
    if kind is not None and kind.kind == "u":
        raise TypeError(
            f"can't convert np.ndarray of type {name}: torch converts it to torch.{kind.name}, "
            "which ember does not implement (its only unsigned type is uint8)") from None
    raise TypeError(
        f"can't convert np.ndarray of type {name}. The only supported types are: float64, "
        "float32, float16, complex64, complex128, int64, int32, int16, int8, uint64, uint32, "
        "uint16, uint8, and bool.") from None


def to_dtype(d) -> dtype:
    """Accept an ember dtype, a torch-style name, a NumPy dtype or a Python type."""
    if isinstance(d, dtype):
        return d
    if d is float:  # Python's float is a double, whatever the default dtype
        return float64
    if d is int:
        return int64
    if d is bool:
        return bool_
    if isinstance(d, str):
        name = d.removeprefix("torch.")
        if name in _BY_NAME:
            return _BY_NAME[name]
        raise TypeError(f"unknown dtype name {d!r}; use e.g. torch.float32 or torch.int64")
    return from_numpy_dtype(d)


def promote_types(type1: dtype, type2: dtype) -> dtype:
    """torch.promote_types: the higher category wins; within a category NumPy's rule holds."""
    # (Python's float/int/bool stand for dtypes too, as in torch's parser)
    a = type1 if type(type1) is dtype else to_dtype(type1)
    b = type2 if type(type2) is dtype else to_dtype(type2)
    if a is b:
        return a
    if a.category != b.category:
        higher, lower = (a, b) if a.category > b.category else (b, a)
        if higher.category == COMPLEX and lower.category == FLOAT and \
                lower.itemsize > higher.to_real().itemsize:
            return lower.to_complex()  # (float64 with complex64 is complex128)
        return higher
    return _BY_NUMPY[np.promote_types(a.numpy, b.numpy)]


def _scalar_category(value) -> int:
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, np.bool_):  # torch's parser reads NumPy's bool as a double
        return FLOAT
    if isinstance(value, (int, np.integer)):
        return INT
    if isinstance(value, (complex, np.complexfloating)):
        return COMPLEX
    return FLOAT


def _default_for_category(category: int) -> dtype:
    if category == COMPLEX:  # (a Python complex number: the default float's complex type)
        return get_default_dtype().to_complex()
    return (bool_, int64, get_default_dtype())[category]


def _combine(higher: dtype | None, lower: dtype | None) -> dtype | None:
    """torch's combination of a higher-priority operand's dtype with a lower one's: the
    lower matters only if its category is higher; a complex lower one meeting a float keeps
    the float's precision."""
    if higher is None:
        return lower
    if lower is None or higher.category >= lower.category:
        return higher
    if lower.category == COMPLEX and higher.category == FLOAT:
        return higher.to_complex()
    return lower


def result_type(*operands) -> dtype:
    """The dtype torch gives an op on these operands (tensors and Python numbers).

    Priority: tensors with dimensions, then 0-d tensors, then Python numbers. A lower
    priority operand only matters when its category is higher than everything above it.
    """
    dimensioned = zero_dim = None
    scalar_category = -1
    for x in operands:
        if x is None:
            continue
        data = getattr(x, "_data", None)  # a Tensor (NumPy scalars count as Python numbers)
        if data is None:
            scalar_category = max(scalar_category, _scalar_category(x))
            continue
        d = _BY_NUMPY[data.dtype]
        if data.ndim:
            dimensioned = d if dimensioned is None else promote_types(dimensioned, d)
        else:
            zero_dim = d if zero_dim is None else promote_types(zero_dim, d)
    if scalar_category == COMPLEX or (zero_dim is not None and zero_dim.category == COMPLEX):
        wrapped = None if scalar_category < 0 else _default_for_category(scalar_category)
        return _combine(dimensioned, _combine(zero_dim, wrapped))
    result = dimensioned
    if zero_dim is not None and (result is None or zero_dim.category > result.category):
        result = zero_dim
    if result is None or scalar_category > result.category:
        result = _default_for_category(scalar_category)
    return result


_C_TYPE_NAMES = {"uint8": "uint8_t", "int8": "int8_t", "int16": "int16_t", "int32": "int",
                 "int64": "int64_t", "float16": "c10::Half", "float32": "float"}


def number_in_dtype(value, np_dtype: np.dtype, half_range: bool = True):
    """A Python number converted as torch converts a scalar into an integer dtype (fill_,
    full, x[i] = v, clamp's bounds): a RuntimeError when it does not fit, where an unsigned
    dtype also takes integers down to -max, which wrap around; floats are truncated.
    Numbers for other dtypes are returned as they are, but a finite number beyond a float16
    or float32 dtype's range is refused too (torch); with `half_range` False, float16 takes
    any number, rounding it to inf (torch's x[i] = v and scalar_tensor)."""
    if np_dtype.kind == "f" and np_dtype.itemsize < 8 and (
            half_range or np_dtype.itemsize == 4) and isinstance(
            value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        if math.isfinite(value) and abs(value) > float(np.finfo(np_dtype).max):
            raise RuntimeError(f"value cannot be converted to type "
                               f"{_C_TYPE_NAMES[np_dtype.name]} without overflow")
        if np_dtype.itemsize == 4 or not isinstance(value, float):
            return value
    if np_dtype.kind == "f" and np_dtype.itemsize == 2 and isinstance(value, float):
        # torch makes a half from a float: a double rounds to float32 first (beyond
        # float16's range to inf, here: NumPy would warn)
        with np.errstate(over="ignore"):
            return float(np.float16(np.float32(value)))
    if np_dtype.kind not in "iu" or isinstance(value, (bool, np.bool_)):
        return value
    if isinstance(value, (float, np.floating)):
        # the float itself must lie in range (torch: -0.5 does not fit uint8, 255.5 neither)
        info = np.iinfo(np_dtype)
        fits = math.isfinite(value) and int(info.min) <= value <= int(info.max)
        number = math.trunc(value) if fits else 0
    else:
        number, fits = int(value), True
    info = np.iinfo(np_dtype)
    low = -int(info.max) if np_dtype.kind == "u" and isinstance(value, (int, np.integer)) \
        else int(info.min)
    if not fits or not low <= number <= int(info.max):
        name = _C_TYPE_NAMES.get(np_dtype.name, np_dtype.name)
        raise RuntimeError(f"value cannot be converted to type {name} without overflow")
    return np.array(number).astype(np_dtype)[()]


_F16, _F64 = np.dtype(np.float16), np.dtype(np.float64)


def cast_array(array: np.ndarray, np_dtype: np.dtype) -> np.ndarray:
    """array.astype(np_dtype) as torch converts: a double becomes a half through float
    (c10::Half is made from a float), so a value just off a float16 tie rounds as the
    float32 tie it first becomes, where NumPy's direct rounding goes the other way."""
    if np_dtype == _F16 and array.dtype == _F64:
        return array.astype(np.float32).astype(_F16)
    return array.astype(np_dtype)


def can_cast(from_: dtype, to: dtype) -> bool:
    """torch.can_cast: a cast is allowed unless it lowers the category (float to int, int to
    bool); sizes do not matter."""
    return to_dtype(from_).category <= to_dtype(to).category


class finfo:  # noqa: N801 - torch's name
    """Machine limits of a floating dtype (the default dtype when none is given)."""

    __module__ = "ember"  # shown as torch's: <class 'torch.finfo'>

    __slots__ = ("bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution", "dtype")

    def __init__(self, type: dtype | None = None) -> None:
        d = get_default_dtype() if type is None else to_dtype(type).to_real()
        if d.category != FLOAT:  # (a complex dtype's limits are its parts')
            raise TypeError("torch.finfo() requires a floating point input type. Use "
                            "torch.iinfo to handle 'torch.finfo'")
        info = np.finfo(d.numpy)
        self.bits = int(info.bits)
        self.eps = float(info.eps)
        self.max = float(info.max)
        self.min = float(info.min)
        self.tiny = float(info.tiny)
        self.smallest_normal = float(info.smallest_normal)
        self.resolution = 10.0 ** -int(info.precision)  # exact, unlike float16 arithmetic
        self.dtype = d.name  # torch gives the name as a string here

    def __eq__(self, other) -> bool:
        return isinstance(other, finfo) and other.dtype == self.dtype

    def __hash__(self) -> int:
        return hash(("finfo", self.dtype))

    def __repr__(self) -> str:
        return (f"finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, "
                f"eps={self.eps:g}, smallest_normal={self.smallest_normal:g}, "
                f"tiny={self.tiny:g}, dtype={self.dtype})")


class iinfo:  # noqa: N801 - torch's name
    """Limits of an integer dtype."""

    __module__ = "ember"  # shown as torch's: <class 'torch.iinfo'>

    __slots__ = ("bits", "max", "min", "dtype")

    def __init__(self, type: dtype) -> None:
        d = to_dtype(type)
        if d.category != INT:
            raise TypeError("torch.iinfo() requires an integer input type. Use torch.finfo "
                            "to handle 'torch.iinfo'")
        info = np.iinfo(d.numpy)
        self.bits = int(info.bits)
        self.max = int(info.max)
        self.min = int(info.min)
        self.dtype = d.name

    def __eq__(self, other) -> bool:
        return isinstance(other, iinfo) and other.dtype == self.dtype

    def __hash__(self) -> int:
        return hash(("iinfo", self.dtype))

    def __repr__(self) -> str:
        # torch formats the bounds with %g (six significant digits), so int32 and int64
        # print as -2.14748e+09 and 9.22337e+18.
        return f"iinfo(min={self.min:g}, max={self.max:g}, dtype={self.dtype})"


# torch's dtypes that ember does not have: NumPy has no bfloat16, float8 or sub-byte types,
# and ember implements no complex or quantized arithmetic. Asking the namespace for one
# raises this (an AttributeError, so hasattr and getattr with a default still answer "no",
# and a NotImplementedError, which says what is missing instead of a bare missing name).
MISSING_DTYPES = frozenset({
    "bfloat16", "complex32", "chalf",
    "uint16", "uint32", "uint64", "float8_e4m3fn", "float8_e4m3fnuz", "float8_e5m2",
    "float8_e5m2fnuz", "float8_e8m0fnu", "float4_e2m1fn_x2", "qint8", "qint32", "quint8",
    "quint4x2", "quint2x4", "bits1x8", "bits2x4", "bits4x2", "bits8", "bits16", "bit",
    *(f"int{n}" for n in range(1, 8)), *(f"uint{n}" for n in range(1, 8)),
})


class MissingDtypeError(NotImplementedError, AttributeError):
    """A torch dtype that ember does not provide."""


def missing_dtype(name: str) -> MissingDtypeError:
    """The error for `torch.<name>`, one of MISSING_DTYPES."""
    have = ", ".join(d.name for d in EVERY_DTYPE)
    return MissingDtypeError(
        f"torch.{name} is not supported by ember: its dtypes are {have} (NumPy has no "
        "bfloat16 or complex32, and ember implements no unsigned 16-64 bit or quantized "
        "types)")
