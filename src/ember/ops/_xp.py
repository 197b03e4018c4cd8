"""The array namespace backward formulas are written against: one formula, two kinds of values.

A backward formula receives its gradient and saved values either as NumPy arrays (the usual
backward pass: nothing will differentiate it again, and NumPy is several times cheaper per
call than an ember op) or as Tensors (create_graph=True, hooks, anomaly mode, ember.viz: the
formula's own operations are then recorded, which is what gives second derivatives). The
engine decides (autograd/engine.py); a formula does not know and must not care. So it uses
only what both kinds of values have:

- Python's operators (+ - * / ** unary minus, comparisons, & | ~) with other values of its
  kind and with Python numbers (both keep the dtype of the array or tensor);
- the functions of this module, which call NumPy on arrays and the ember op on Tensors.
  Unary elementwise functions run the op table's own forward on arrays, so both kinds
  compute the same thing;
- `constant(array, like)` for a NumPy array of the op's (a mask or an index kept in
  ctx.params) used as a value, and `op(name, inputs, *params)` to run another op of the
  table (its forward on arrays, the recorded op on Tensors).

Methods (`x.cos()`, `g.sum_to_size(...)`) are Tensor-only and have no place in a formula.
"""

from __future__ import annotations

import builtins

import numpy as np

from .._dispatch import apply
from .._tensor import Tensor
from . import _sum_order
from ._pointwise_common import HALF, in_float32, number_in_float32
from ._registry import OPS
from ._symbolic_zero import SymbolicZeros, symbolic_zeros

__all__ = ["is_tensor", "constant", "op", "view", "where", "masked_fill", "zeros_like",
           "ones_like", "zeros", "sum_to", "expand", "reshape", "squeeze", "transpose",
           "unsqueeze", "cat", "matmul", "sum", "astype", "numpy_dtype", "numpy_value",
           "exp", "log", "log1p", "expm1", "sqrt", "rsqrt", "sin", "cos", "tan", "sinh",
           "cosh", "tanh", "sigmoid", "sign", "sgn", "abs", "floor", "trunc", "erf",
           "isfinite", "times", "times_conj", "times_number", "times_scalar", "times_conj_operand",
           "over_operand", "one_minus_square", "zero_gradient", "conj", "real", "imag",
           "complex", "is_complex"]

_ndarray = np.ndarray

# ---------------------------------------------------------------------- donated gradients
# The id of the gradient array the running formula may overwrite, 0 when none. The engine
# sets it (autograd/engine.py: `_call_donating`) just before calling a formula, only for an
# array that nothing outside the engine references (no user, saved value, retained grad,
# hook, other buffer or view: CPython's reference count says so) and that owns its
# writable memory; it resets it after the formula. A plain module global is thread-safe
# enough: ids are unique among live arrays and the donated one lives while its id is set,
# so another thread can at worst miss a donation, never overwrite an array it was not
# given.
donated = 0
# The id of a saved array the running formula may overwrite, 0 when none: its node's only
# saved value, which the pass frees after the formula and which nothing else can reach
# (autograd/engine.py: `_spare`). A unary function of this module applied to it writes its
# result into it (a ufunc's `out=`, the same loop: the same bits), as `one_minus_square`
# does: so a formula applies such a function to its saved value as that value's last use.
spare = 0


def _chain_rule_product(conjugate: bool):
    """`times` (conjugate False) or `times_conj` (True): an incoming gradient g times a
    local derivative, conjugated first for `times_conj` (the chain rule in torch's
    convention for complex values: a holomorphic f passes g * conj(f'(z)) back; the conj
    of a real value is itself). One function each, not `times(g, conj(d))`: a Python call
    costs ~0.15 us of the few a small tensor's formula takes.

    On arrays, two cases skip NumPy's plain product, with bit-identical results:
    - g donated by the engine (see `donated`): the product is written into g's memory, one
      pass over memory already in the cache instead of a fresh destination (4 MB for 10^6
      float32). So call it as g's last use in a formula; the result may be g itself.
    - g one value broadcast (the gradient of a sum): NumPy's loop over a stride-0 operand
      is ~4x slower than that value times the derivative."""

    def product(g, derivative):
        if conjugate and (type(derivative) is not _ndarray or derivative.dtype.kind == "c"):
            derivative = conj(derivative)
        if donated and id(g) == donated:  # (only ever an ndarray's id)
            kind = type(derivative)
            if kind is _ndarray:
                fits = derivative.dtype == g.dtype and (
                    derivative.shape == g.shape
                    or np.broadcast_shapes(derivative.shape, g.shape) == g.shape)
            else:
                fits = kind is float or kind is int
            if fits:
                return np.multiply(g, derivative, out=g)
        elif type(g) is _ndarray and g.size >= _BROADCAST_FROM and not any(g.strides):
            # (the corner is a 1-element array, not a scalar: NumPy promotes as for g)
            corner = g[(slice(0, 1),) * g.ndim] * derivative
            if corner.shape == g.shape:
                return corner
            if corner.ndim == g.ndim and corner.size == 1:
                # a full array, as g * derivative gives (a hook may write into it)
                return np.full(g.shape, corner.reshape(()), dtype=corner.dtype)
        return g * derivative

    product.__name__ = product.__qualname__ = "times_conj" if conjugate else "times"
    product.__doc__ = ("g * conj(derivative)" if conjugate else "g * derivative") + (
        ": the chain rule's product (see _chain_rule_product).")
    return product


times = _chain_rule_product(conjugate=False)
times_conj = _chain_rule_product(conjugate=True)


def times_conj_operand(g, b, last_use: bool = True):
    """g * conj(b), b a product's other operand as saved (an array, a Tensor or a Python
    number): on float16 arrays with a number as torch's kernel computes it, in float32
    (_pointwise_common.in_float32); Tensors record the op, whose dispatch does the same.
    As `times_conj` where this is g's last use (it may write into g), else a new product."""
    if type(g) is _ndarray:
        if g.dtype is HALF:
            if number_in_float32(b):
                return in_float32(np.multiply, g, b)
        elif type(b) is float or type(b) is int:  # (real: its own conj)
            value = _number_beside(g, b)
            return times(g, value) if last_use else g * value
    b = in_float_dtype_of(g, b)
    return times_conj(g, b) if last_use else g * conj(b)


def _number_beside(g: np.ndarray, b):
    """A Python int or float b as the operand to compute with beside the float array g: a
    kept 0-d array of g's dtype where that holds it (NumPy multiplies or divides by one
    ~0.35 us faster than by a Python number, which it converts on every call, with the
    same result), else b."""
    value = _NUMBER_ARRAYS.get((b, g.dtype.char))
    return _number_array(b, g.dtype) if value is None else value


def _number_array(b, dtype: np.dtype):
    """A Python number b as a read-only 0-d array of the float `dtype`, where b is finite in
    that dtype (else b itself), kept in _NUMBER_ARRAYS either way. NumPy converts such a
    number to the array's dtype before it multiplies (NumPy 2's weak scalars; NumPy 1's
    value-based casting, which keeps float32 for any number float32 holds finitely), so the
    product is the same. Zeros (0 and -0.0 are one key) and nan (no key equals it) are
    never kept."""
    if dtype.kind != "f" or b == 0 or b != b:
        return b
    if len(_NUMBER_ARRAYS) >= 256:
        _NUMBER_ARRAYS.clear()
    try:
        with np.errstate(all="ignore"):
            value = np.asarray(b, dtype)
    except OverflowError:  # (an int beyond any float)
        value = b
    else:
        if np.isfinite(value):
            value.flags.writeable = False
        else:
            value = b
    _NUMBER_ARRAYS[(b, dtype.char)] = value
    return value


_NUMBER_ARRAYS: dict = {}


def in_float_dtype_of(g, b):
    """An integer or bool operand array as g's float dtype, as torch's kernels compute a
    float gradient with it (NumPy would compute float16 or float32 with int64 in float64,
    where 2**63 is finite in float16)."""
    if type(b) is _ndarray and b.dtype.kind in "biu" and type(g) is _ndarray and (
            g.dtype.kind == "f"):
        with np.errstate(over="ignore"):
            return b.astype(g.dtype)
    return b


def over_operand(g, b):
    """g / b, b a quotient's divisor as saved; float16 with a number as times_conj_operand."""
    if type(g) is _ndarray:
        if g.dtype is HALF:
            if number_in_float32(b):
                return in_float32(np.true_divide, g, b)
        elif type(b) is float or type(b) is int:
            return g / _number_beside(g, b)
    return g / in_float_dtype_of(g, b)


# Below this many elements NumPy's stride-0 loop costs less than the checks.
_BROADCAST_FROM = 4096


def one_minus_square(y):
    """1 - y * y (tanh's derivative from its output): on arrays in one new array, not two."""
    if type(y) is not _ndarray:
        return 1 - y * y
    if spare and id(y) == spare:
        np.multiply(y, y, out=y)
        return np.subtract(1, y, out=y)
    square = y * y
    if type(square) is not _ndarray:  # (NumPy gives a 0-d product as a scalar)
        return 1 - square
    return np.subtract(1, square, out=square)


def is_tensor(x) -> bool:
    """Whether the formula is running on Tensors (its values are recorded)."""
    return isinstance(x, Tensor)


def constant(array: np.ndarray, like):
    """A NumPy array used as a value beside `like`: itself, or a Tensor that needs no grad
    (of the array's own dtype: a NumPy scalar, which 0-d results come back as, is made a
    0-d array first)."""
    return Tensor(np.asarray(array)) if isinstance(like, Tensor) else array


def op(name: str, inputs: tuple, *params):
    """Run op `name` of the table: its NumPy forward on arrays, the recorded op on Tensors."""
    for x in inputs:
        if isinstance(x, Tensor):
            return apply(OPS[name], inputs, params)
    return OPS[name].forward(*inputs, *params)


def times_number(x, factor):
    """x * factor for a Python number (x itself for 1); on Tensors torch's product by a
    Scalar, the node its backward formulas' maybe_multiply records (MulBackward1), where
    `x * factor` would record MulBackward0."""
    if factor == 1:
        return x
    if isinstance(x, Tensor):
        return op("mul_scalar", (x,), factor)
    return in_float32(np.multiply, x, factor) if x.dtype is HALF else x * factor


def times_scalar(x, factor):
    """x * factor for a Python number as torch's backward formulas write `tensor * scalar`
    (`exponent * self.pow(exponent - 1)`, `tensor2 * value`): always a product (a Tensor
    records MulBackward1, even for 1), a float16 array's computed in float32 and rounded
    once (NumPy would round the number to float16 first). For floating x only: an integer
    x times a float number is a float product (the op mul_scalar keeps x's dtype)."""
    if isinstance(x, Tensor):
        return op("mul_scalar", (x,), factor)
    return in_float32(np.multiply, x, factor) if x.dtype is HALF else x * factor


def _unary(name: str):
    def function(x):
        table_op = OPS[name]  # looked up when called: the op modules import this one
        if isinstance(x, Tensor):
            return apply(table_op, (x,))
        if spare and id(x) == spare:  # (only ever an ndarray's id)
            forward = table_op.forward
            if type(forward) is np.ufunc and x.dtype.kind == "f":
                return forward(x, out=x)  # the saved value's last use (see `spare`)
        return table_op.forward(x)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"`{name}` of an array or a Tensor (the op table's `{name}`)."
    return function


exp = _unary("exp")
log = _unary("log")
log1p = _unary("log1p")
expm1 = _unary("expm1")
sqrt = _unary("sqrt")
rsqrt = _unary("rsqrt")
sin = _unary("sin")
cos = _unary("cos")
tan = _unary("tan")
sinh = _unary("sinh")
cosh = _unary("cosh")
tanh = _unary("tanh")
sigmoid = _unary("sigmoid")
sign = _unary("sign")
sgn = _unary("sgn")  # (on Tensors torch's SgnBackward0: its gradient is zero_gradient's)
abs = _unary("abs")  # noqa: A001 - the namespace's name for it, as NumPy's
floor = _unary("floor")
trunc = _unary("trunc")
erf = _unary("erf")


def conj(x):
    """The complex conjugate; a real value itself (no copy, no node: torch's conj of a real
    tensor is the tensor)."""
    kind = type(x)
    if kind is _ndarray:  # (the common cases first: formulas run on every backward)
        return np.conj(x) if x.dtype.kind == "c" else x
    if kind is float or kind is int:  # (a product's number operand)
        return x
    if isinstance(x, Tensor):
        return apply(OPS["conj_physical"], (x,)) if x._data.dtype.kind == "c" else x
    if kind is _PYTHON_COMPLEX:  # (a Python number: a saved operand, alpha, an exponent)
        return x.conjugate()
    return np.conj(x) if getattr(x, "dtype", _REAL).kind == "c" else x


_REAL = np.dtype(np.float64)  # (conj's dtype for a Python int or float)
_PYTHON_COMPLEX = builtins.complex  # (this module's `complex` is its function below)


def is_complex(x) -> bool:
    """Whether x (an array, a Tensor or a number) holds complex values."""
    if type(x) is _ndarray:
        return x.dtype.kind == "c"
    if isinstance(x, Tensor):
        return x._data.dtype.kind == "c"
    return type(x) is _PYTHON_COMPLEX or getattr(x, "dtype", _REAL).kind == "c"


def real(x):
    """The real part of a complex value (a real value itself)."""
    if isinstance(x, Tensor):
        if x._data.dtype.kind != "c":
            return x
        from .complex_ops import real as real_part  # (that module imports this one)

        return real_part(x)
    return x.real


def imag(x):
    """The imaginary part of a complex value."""
    if isinstance(x, Tensor):
        from .complex_ops import imag as imaginary_part

        return imaginary_part(x)
    return x.imag


def complex(real_part, imag_part):  # noqa: A001 - the namespace's name for it
    """real_part + i imag_part, of the complex dtype of the parts' float dtype."""
    return op("complex", (real_part, imag_part))


def isfinite(x):
    """A bool mask of the finite elements."""
    if isinstance(x, Tensor):
        return x.isfinite()
    return np.isfinite(x)


def where(condition, a, b):
    """a where condition holds, else b; either may be a Python number."""
    if isinstance(a, Tensor) or isinstance(b, Tensor) or isinstance(condition, Tensor):
        from .pointwise_binary import where as tensor_where  # pointwise_binary imports xp

        if not isinstance(condition, Tensor):
            condition = Tensor(np.asarray(condition))
        return tensor_where(condition, a, b)
    selected = _select_by_bits(condition, a, b)
    if selected is not None:
        return selected
    result = np.where(condition, a, b)
    # NumPy 1 widens a float32 array paired with a Python float; keep the array's dtype.
    like = a if type(a) is _ndarray else b
    if type(like) is _ndarray and result.dtype != like.dtype:
        result = result.astype(like.dtype)
    return result


def masked_fill(x, mask, value, last_use: bool = False):
    """x with `value` where mask holds (selecting, so an inf or nan in x does not leak).
    `last_use`: x is a gradient the formula reads no more, so a donated x (see `donated`)
    may receive the result (the same bits)."""
    if isinstance(x, Tensor):
        return x.masked_fill(mask if isinstance(mask, Tensor) else Tensor(mask), value)
    selected = _select_by_bits(mask, value, x, last_use and donated and id(x) == donated)
    if selected is not None:
        return selected
    return np.where(mask, x.dtype.type(value), x)


# np.where runs ~10x slower on a mask without long runs (a ReLU's, say) once the arrays
# outgrow the cache: 220 us for 32,768 float32 where three bitwise passes take 20 us. Below
# this size its own loop is the quicker one.
_SELECT_BY_BITS_FROM = 2048
SELECT_BY_BITS_FROM = _SELECT_BY_BITS_FROM  # (threshold's backward reads it)
_SAME_SIZE_BITS = {np.dtype(np.float16): np.uint16, np.dtype(np.float32): np.uint32,
                   np.dtype(np.float64): np.uint64}
_SIGNED_BITS = {np.dtype(np.float16): np.int16, np.dtype(np.float32): np.int32,
                np.dtype(np.float64): np.int64}


def _select_by_bits(condition, a, b, into_b: bool = False):
    """np.where(condition, a, b) for real float arrays (or Python numbers) of one dtype, by
    masking their bit patterns; None when the values do not fit that case. `into_b`: b may
    be overwritten with the result (a donated gradient)."""
    if type(condition) is not _ndarray or condition.dtype != np.bool_:
        return None
    like = a if type(a) is _ndarray else b
    if type(like) is not _ndarray:
        return None
    # (Plain comparisons, not a generator: this runs in every small ReLU backward too.)
    if condition.size < _SELECT_BY_BITS_FROM and like.size < _SELECT_BY_BITS_FROM:
        other = b if like is a else a
        if type(other) is not _ndarray or other.size < _SELECT_BY_BITS_FROM:
            return None
    bits = _SAME_SIZE_BITS.get(like.dtype)
    if bits is None:
        return None
    a_bits = _bits_of(a, like.dtype, bits)
    b_bits = _bits_of(b, like.dtype, bits)
    if a_bits is None or b_bits is None:
        return None
    # A fill of zeros (masked_fill(g, mask, 0), a ReLU's backward) is one bitwise and of
    # the array with a mask that is all ones where the array is picked: made as int8 (-1
    # there, 0 elsewhere), one byte per element, which the and widens to the array's
    # width as it goes (a signed cast copies the sign bit: -1 is all ones). Three passes,
    # two of them over bytes: ~2x quicker than widening the mask before the and.
    # The result is written into an array of b's dtype (viewed as integers), not returned
    # as a view of an integer array: a view is never donated to the next formula. Into b
    # itself where b is donated: a ReLU's backward on the ResNet block's 1M float32 values
    # 2.06 -> 1.64 ms, no 4 MB destination to fetch.
    if type(a_bits) is not _ndarray and a_bits == 0 and type(b) is _ndarray:
        keep = np.subtract(condition.view(np.int8), 1, dtype=np.int8)  # 1 - 1, 0 - 1
        signed = _SIGNED_BITS[like.dtype]
        if not (into_b and keep.shape == b.shape and b.flags.c_contiguous
                and b.flags.writeable):
            out = np.empty(np.broadcast_shapes(keep.shape, b.shape), like.dtype)
            np.bitwise_and(b.view(signed), keep, out=out.view(signed))
            return out
        np.bitwise_and(b.view(signed), keep, out=b.view(signed))
        return b
    if type(b_bits) is not _ndarray and b_bits == 0 and type(a) is _ndarray:
        keep = np.negative(condition.view(np.int8))  # -1 where the condition holds
        return np.bitwise_and(a.view(_SIGNED_BITS[like.dtype]), keep).view(like.dtype)
    # All ones where the condition picks a, zeros elsewhere (the negation wraps around).
    keep_a = np.negative(condition.astype(bits))
    # b ^ ((a ^ b) & keep_a): a's bits where kept, b's elsewhere.
    selected = np.bitwise_and(np.bitwise_xor(a_bits, b_bits), keep_a)
    np.bitwise_xor(selected, b_bits, out=selected)
    return selected.view(like.dtype)


def _bits_of(value, dtype: np.dtype, bits):
    """The bit pattern of an array of `dtype`, or of a Python number as `dtype`; None for
    anything else."""
    if type(value) is _ndarray:
        return value.view(bits) if value.dtype == dtype else None
    if type(value) in (float, int):
        return dtype.type(value).view(bits)
    return None


def zeros_like(x):
    if isinstance(x, Tensor):
        return Tensor(np.zeros_like(x._data))
    return np.zeros_like(x)


def zero_gradient(g):
    """The gradient of an op whose derivative is 0 everywhere, as torch's sgn gives it: on
    arrays zeros that later products and quotients keep zero (torch's ZeroTensor: an inf
    or nan after it does not turn it into nan; ops/_symbolic_zero.py), plain zeros on
    Tensors and on anything else."""
    if type(g) is _ndarray or type(g) is SymbolicZeros:
        return symbolic_zeros(g.shape, g.dtype)
    return zeros_like(g)


def ones_like(x):
    if isinstance(x, Tensor):
        return Tensor(np.ones_like(x._data))
    return np.ones_like(x)


def sum_to(x, shape: tuple):
    """x summed down to `shape`, the shape it was broadcast from (torch's sum_to_size)."""
    if isinstance(x, Tensor):
        return x.sum_to_size(shape)
    shape = tuple(shape)
    if x.shape == shape:
        return x
    return _sum_order.sum_to(x, shape)  # (torch's order of additions; C-ordered)


def expand(x, shape: tuple):
    """x broadcast to `shape` (a read-only view on arrays)."""
    if isinstance(x, Tensor):
        return x.expand(shape)
    return broadcast_view(x, shape)


def broadcast_view(x, shape: tuple) -> np.ndarray:
    """np.broadcast_to(x, shape): the same read-only view, made directly for a contiguous
    x (np.broadcast_to builds an iterator first: ~10x the cost of the view, several us per
    call in every backward of a sum or mean)."""
    if type(x) is not _ndarray:
        x = np.asarray(x)
    shape = tuple(shape)
    lead = len(shape) - x.ndim
    if lead < 0 or not x.flags.c_contiguous or x.size == 0:
        return np.broadcast_to(x, shape)
    strides = [0] * lead
    for size, stride, target in zip(x.shape, x.strides, shape[lead:]):
        if size == target:
            strides.append(stride)
        elif size == 1:
            strides.append(0)
        else:  # (not broadcastable: NumPy's error)
            return np.broadcast_to(x, shape)
    view = _ndarray(shape, x.dtype, x, 0, tuple(strides))
    view.flags.writeable = False
    return view


def reshape(x, shape: tuple):
    if isinstance(x, Tensor):
        return x.reshape(shape)
    return np.reshape(x, shape)


def transpose(x, dim0: int, dim1: int):
    if isinstance(x, Tensor):
        return x.transpose(dim0, dim1)
    return np.swapaxes(x, dim0, dim1)


def unsqueeze(x, dim: int):
    if isinstance(x, Tensor):
        return x.unsqueeze(dim)
    return np.expand_dims(x, dim)


def matmul(a, b):
    if isinstance(a, Tensor) or isinstance(b, Tensor):
        return a @ b
    return np.matmul(a, b)


def sum(x, dim=None, keepdim: bool = False):  # noqa: A001 - the namespace's name for it
    """x summed over `dim` (an int, a tuple, or None for all)."""
    if isinstance(x, Tensor):
        return x.sum() if dim is None and not keepdim else x.sum(
            dim if dim is not None else tuple(range(x.ndim)), keepdim=keepdim)
    return np.sum(x, axis=dim, keepdims=keepdim)


# ---------------------------------------------------------------------- views and shapes
def view(name: str, x, *params):
    """View op `name` of the table on x: its NumPy view on arrays; on Tensors the recorded
    view, marked as a view of x as the public functions mark it (`shape._view_apply`)."""
    if isinstance(x, Tensor):
        from .shape import _view_apply  # shape imports this module

        return _view_apply(name, x, params)
    return OPS[name].forward(x, *params)


def squeeze(x, dim: int):
    """x without its dim `dim` of size 1."""
    if isinstance(x, Tensor):
        return x.squeeze(dim)
    return np.squeeze(x, dim)


def zeros(shape: tuple, like):
    """Zeros of `shape` with like's dtype, of like's kind (a Tensor that needs no grad)."""
    if isinstance(like, Tensor):
        return Tensor(np.zeros(shape, like._data.dtype))
    return np.zeros(shape, like.dtype)


# ---------------------------------------------------------------------- dtypes and raw values
def numpy_dtype(x) -> np.dtype:
    """The NumPy dtype of an array or a Tensor (to build a constant of the formula's dtype)."""
    return x._data.dtype if isinstance(x, Tensor) else x.dtype


def numpy_value(x) -> np.ndarray:
    """The NumPy array of a value, for checks and constants that are never differentiated
    (an index target, a singularity test): a Tensor's data is read, not recorded."""
    return x._data if isinstance(x, Tensor) else np.asarray(x)


def astype(x, dtype):
    """x cast to the NumPy dtype `dtype` (a recorded cast on Tensors); x itself if it has it."""
    dtype = np.dtype(dtype)
    if numpy_dtype(x) == dtype:
        return x
    return op("to_dtype", (x,), dtype)



def cat(values, dim: int):
    """The values joined along the existing dim `dim` (torch.cat)."""
    if any(isinstance(v, Tensor) for v in values):
        from .shape_copies import cat as tensor_cat  # shape_copies imports this module

        return tensor_cat(list(values), dim)
    return np.concatenate(values, axis=dim)
