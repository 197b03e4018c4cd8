"""Running an op: NumPy forward, then a graph node only when a gradient could be needed.

This is the hot path of the library. An op on tensors that don't require grad (or under
no_grad) costs one NumPy call, a dtype decision and one Tensor object; only when grad mode
is on and some input requires grad is a Node created, with its edges and saved tensors.
"""

from __future__ import annotations

import inspect

import numpy as np

from . import _fast_paths
from ._batched_array import refuse_batched_into_unbatched
from ._complex_refusals import torch_complex_refusal
from ._dtype import FLOAT as FLOAT_CATEGORY
from ._dtype import can_cast, from_numpy_dtype, get_default_dtype, result_type, scalar_type_name
from ._fp_errors import IGNORE as _FP_IGNORE
from ._fp_errors import enter as _fp_enter
from ._fp_errors import may_warn, retry_quietly, run_quiet
from ._fp_errors import restore as _fp_restore
from ._grad_mode import is_grad_enabled
from ._grad_mode import state as _grad_state
from ._grad_mode import threads_not_recording as _not_recording
from ._inference import refuse_saved, write_then_refuse, written_outside
from ._memory_format import cast_as_torch
from ._overlap import (
    OVERLAPPING_WRITE,
    check_no_partial_overlap,
    overlaps_itself,
    refuses_overlap,
    shares_memory_of,
    where_changed,
    writable,
)
from ._tensor import Tensor, new_tensor
from ._ufunc_like import is_ufunc_like
from .autograd import forward_ad as _forward_ad
from .autograd.node import (
    AccumulateGrad,
    ParamsKept,
    SavedOutput,
    accumulator_of,
    follow_retained,
    recorded_tensor,
    refresh_if_stale,
    saved_output,
    view_write_error,
)
from .ops._pointwise_common import HALF, fused_multiply_add, in_float32, number_in_float32
from .ops._registry import FLOAT, OUT, PROMOTE_FLOAT, SAME
from .ops._result_layout import relaid_like_torch

__all__ = ["apply", "call_inplace", "scaled_add_inplace", "ufunc_inplace"]

_ndarray = np.ndarray
_ZEROS = tuple((0,) * n for n in range(32))
_ONE_EDGE, _TWO_EDGES = _ZEROS[1], _ZEROS[2]
_new_object = object.__new__

# NumPy takes ~2.4k instructions to turn a Python number into a ufunc operand, ~0.3k to
# take a 0-d array. So the fast path of a ufunc op with a loop for two operands of one float
# dtype keeps the Python numbers it is given beside a float tensor as read-only 0-d arrays
# of the tensor's dtype, keyed by (number, id(dtype)) (the array's dtype is checked: an id
# may be reused), one table per op. The value and the loop are the ones NumPy picks for the
# number (NEP 50 casts it to the array's dtype); only numbers the dtype holds exactly are
# kept, so no cast can round, overflow or underflow differently (0.5, 2, 1000: yes; 0.1 in
# float32: no, it stays a Python number). A float16 tensor with a number float16 does not
# hold exactly goes to the general path for the ops torch computes in float32 then
# (`number_in_float32`: mul, div); for those, a number float16 holds gives the same values
# in float16's loop (NumPy computes float16 in float32 and rounds once, as torch).


def _number_operand(b, dtype: np.dtype, kept: dict, same_type_loops: set,
                    half_in_float32: bool = False):
    """b as a kept 0-d array of the float `dtype` if that dtype holds it exactly and the
    op's ufunc has a loop for two operands of that dtype; b itself otherwise (kept as such,
    so the next call looks no further), and for zeros (0 and -0.0 are equal keys) and nan
    (no key equals it), which are not kept. None (not kept) when `half_in_float32` and
    `dtype` is float16 does not hold b: the general path computes it in float32."""
    if b == 0 or b != b:
        return b
    if len(kept) >= 256:
        kept.clear()
    value = b
    if dtype.char in same_type_loops:
        try:
            with np.errstate(all="ignore"):
                value = np.asarray(b, dtype)
        except OverflowError:  # (an int beyond any float)
            value = b
        else:
            if value.item() == b:
                value.flags.writeable = False
            else:
                value = b
    if half_in_float32 and value is b and dtype is HALF:
        return None
    kept[(b, id(dtype))] = value
    return value
# The output number recorded for an input given as None (an optional tensor left out), so
# that ember.viz draws nothing there; next_functions shows it as torch does, (None, 0).
NO_TENSOR = -1
# NumPy 2 (NEP 50) computes float32_array * 2.5 in float32 even for 0-d arrays; NumPy 1
# promoted 0-d cases to float64, so there Python numbers go through the dtype rules.
_WEAK_PYTHON_SCALARS = np.lib.NumpyVersion(np.__version__) >= "2.0.0"


def _promoted_arrays(op, inputs: tuple) -> list:
    """The inputs as NumPy values of the dtype torch computes this op in."""
    a = inputs[0]
    if len(inputs) == 2:
        b = inputs[1]
        # Fast path: two tensors of one dtype, or a float tensor and a Python number.
        if isinstance(a, Tensor):
            if isinstance(b, Tensor):
                if a._data.dtype is b._data.dtype and (
                        op.dtype_rule != PROMOTE_FLOAT or a._data.dtype.kind == "f"):
                    return [a._data, b._data]
            elif type(b) is float or type(b) is int:
                if a._data.dtype.kind == "f":
                    return [a._data, a._data.dtype.type(b)]
        elif type(a) is float or type(a) is int:
            if isinstance(b, Tensor) and b._data.dtype.kind == "f":
                return [b._data.dtype.type(a), b._data]
    dt = result_type(*inputs)
    if op.dtype_rule == PROMOTE_FLOAT and dt.category < FLOAT_CATEGORY:
        dt = get_default_dtype()
    np_dt = dt.numpy
    arrays = []
    for x in inputs:
        if isinstance(x, Tensor):
            data = x._data
            arrays.append(data if data.dtype == np_dt else cast_as_torch(data, np_dt))
        elif x is None:
            arrays.append(None)
        else:
            arrays.append(_scalar_as(x, np_dt))
    return arrays


def _scalar_as(value, np_dt):
    """A Python number as a NumPy scalar of `np_dt`; integers wrap around as in torch."""
    if np_dt.kind in "iu" and isinstance(value, int):
        info = np.iinfo(np_dt)
        if not info.min <= value <= info.max:
            return np.array(value).astype(np_dt)[()]
    return np_dt.type(value)


def _float_arrays(inputs: tuple) -> list:
    """Inputs of a floating op: integer and bool tensors become the default float dtype."""
    arrays = []
    for x in inputs:
        data = x._data if isinstance(x, Tensor) else x
        if isinstance(data, _ndarray) and data.dtype.kind not in "fc":
            data = cast_as_torch(data, get_default_dtype().numpy)
        arrays.append(data)
    return arrays


def _same_float_arrays(op, inputs: tuple):
    """The common case without dtype tables: float tensors of one dtype, or a float tensor
    and a Python number (NumPy 2 keeps the tensor's dtype then, as torch does). None when
    the general rules must decide."""
    a = inputs[0]
    if not isinstance(a, Tensor):
        return None
    data = a._data
    if len(inputs) == 1:
        if op.dtype_rule is SAME or data.dtype.kind == "f":
            return (data,)
        return None
    if data.dtype.kind != "f":
        return None
    if len(inputs) == 2:
        b = inputs[1]
        if isinstance(b, Tensor):
            return (data, b._data) if b._data.dtype is data.dtype else None
        if _WEAK_PYTHON_SCALARS and (type(b) is float or type(b) is int):
            if data.dtype is HALF and op.number_in_float32:
                return None  # (_apply computes it in float32)
            return (data, b)
        return None
    arrays = [data]
    for x in inputs[1:]:  # three or more inputs (addcmul): tensors of one dtype only
        if not isinstance(x, Tensor) or x._data.dtype is not data.dtype:
            return None
        arrays.append(x._data)
    return arrays


def input_arrays(op, inputs: tuple) -> list:
    """The NumPy values the forward receives, cast as torch's dtype rules say."""
    rule = op.dtype_rule
    if rule is SAME:
        return [x._data if isinstance(x, Tensor) else x for x in inputs]
    if rule is FLOAT:
        return _float_arrays(inputs)
    return _promoted_arrays(op, inputs)


def apply(op, inputs: tuple, params: tuple = ()) -> Tensor:
    """Run `op` on `inputs` (tensors and numbers) with non-tensor `params`; record if needed."""
    fast = op.fast_apply
    if fast is not None and use_fast_paths:
        return fast(inputs, params)
    return _apply(op, inputs, params)


# Whether apply() takes the ops' generated fast paths (make_fast_apply); the op-table tests
# switch it off to run every op through the general path too.
use_fast_paths = True


def _apply(op, inputs: tuple, params: tuple) -> Tensor:
    """apply()'s general path: every dtype rule, forward mode, NumPy 1."""
    if _forward_state.active and not _forward_local.paused:  # in a forward-mode dual level
        return _apply_with_tangent(op, inputs, params)
    arrays = _same_float_arrays(op, inputs)
    if arrays is None:
        if not op.complex_ok and _has_complex(inputs):
            raise torch_complex_refusal(op.name, inputs) or complex_unsupported(op.name)
        if op.number_in_float32 and _half_with_number(inputs):
            b = inputs[1]
            out = in_float32(op.forward, inputs[0]._data,
                             b._data if isinstance(b, Tensor) else b, *params)
            return _finish(op, inputs, params, out)
        try:  # quietly: a cast to the computing dtype may overflow (70000. to float16 is inf)
            arrays = run_quiet(input_arrays, op, inputs)
        except RuntimeError as error:
            arrays = retry_quietly(error, input_arrays, op, inputs)
    elif arrays[0].dtype.kind == "c" and not op.complex_ok:  # (one input, dtype rule SAME)
        raise torch_complex_refusal(op.name, inputs) or complex_unsupported(op.name)
    try:
        try:  # NumPy's floating-point warnings: torch has none
            forward = op.forward if op.complex_forward is None else _forward_of(op, arrays)
            out = run_quiet(forward, *arrays, *params)
        except RuntimeError as error:
            out = retry_quietly(error, _forward_of(op, arrays), *arrays, *params)
    except ValueError as error:
        raise _broadcast_error(inputs) or error from None
    return _finish(op, inputs, params, out)


def _forward_of(op, arrays):
    """The op's forward for these arrays: its complex_forward where it has one and the
    first array is complex."""
    if op.complex_forward is not None and getattr(arrays[0], "dtype", None) is not None and (
            arrays[0].dtype.kind == "c"):
        return op.complex_forward
    return op.forward


def _has_complex(inputs: tuple) -> bool:
    """Whether a complex tensor or number is among the inputs."""
    for x in inputs:
        if isinstance(x, Tensor):
            if x._data.dtype.kind == "c":
                return True
        elif isinstance(x, (complex, np.complexfloating)):
            return True
    return False


def complex_unsupported(name: str) -> NotImplementedError:
    """The error for an op ember does not compute on complex values yet."""
    return NotImplementedError(
        f"ember's {name} does not support complex tensors yet (torch's does): compute on "
        "the real and imaginary parts (torch.view_as_real) or convert with .numpy()")


def _half_with_number(inputs: tuple) -> bool:
    """Whether torch computes these inputs of mul or div in float32 (an op declared with
    `number_in_float32`): a float16 tensor, then a number or a 0-d tensor of another dtype
    (torch reads a scalar second operand in its own precision), the result being float16
    (a 0-d float16 tensor with a 0-d float32 one computes in float32 anyway)."""
    if len(inputs) != 2:
        return False
    a, b = inputs
    if not isinstance(a, Tensor) or a._data.dtype is not HALF:
        return False
    if isinstance(b, Tensor):
        b = b._data
        if b.ndim == 0 and b.dtype.kind == "f" and a._data.ndim == 0:
            return False
        if b.ndim and b.size == 1 and b.dtype.kind in "biu":
            # (torch's test is an operand broadcast over the whole loop: one element, which
            # with dims keeps the float16 result only if it is an integer or bool)
            return True
    return number_in_float32(b)


def _finish(op, inputs: tuple, params: tuple, out) -> Tensor:
    """The forward's result as a Tensor, recorded if a gradient could be needed."""
    if type(out) is not _ndarray:
        out = np.asarray(out)  # NumPy returns scalars for 0-d results
    if op.layout_operands is not None and out.ndim > 1:
        out = relaid_like_torch(op, inputs, params, out)  # (torch's memory order)
    if not _WEAK_PYTHON_SCALARS and out.dtype == np.float64 and op.name != "to_dtype" and not (
            params and params[-1] is _FLOAT64):  # (nor an op told its dtype: cumsum(dtype=))
        out = _narrow_legacy_result(inputs, out)
    version = inputs[0]._version_counter if op.view else None
    # Only floating (and complex) results can carry gradients (an integer cast of x does
    # not require grad).
    if (not _not_recording[0] or _grad_state._enabled) and (
            op.differentiable or op.grad_not_implemented):
        if out.dtype.kind in "fc":
            for i, x in enumerate(inputs):
                if isinstance(x, Tensor) and x._extra is not None and not x._requires_grad:
                    refresh_if_stale(x)  # (a view made before an in-place write made its base
                    # require grad: it requires grad now, as torch regenerates its grad_fn)
                if isinstance(x, Tensor) and x._requires_grad:
                    for later in inputs[i + 1:]:  # (torch reads every input's history)
                        if isinstance(later, Tensor) and later._extra is not None and \
                                not later._requires_grad:
                            refresh_if_stale(later)
                    return _record(op, inputs, params, out, version)
        elif op.differentiable and op.name != "to_dtype":
            for x in inputs:
                if isinstance(x, Tensor) and x._extra is not None and not x._requires_grad:
                    refresh_if_stale(x)  # (an integer view whose base came to require grad)
                if isinstance(x, Tensor) and x._requires_grad:
                    return _record_integers(op, inputs, params, out, version)
    return new_tensor(out, False, None, [0] if version is None else version)


# Above zero while call_inplace records an in-place op into a tensor of integers (or bools),
# or a view of such a tensor is given a path from its base (ops/shape_strided.py): torch
# records i.masked_fill_(m, w) (and i then requires grad) and, after that, i.add_(1),
# where it refuses the out-of-place forms.
integers_recorded = [0]


def _record_integers(op, inputs: tuple, params: tuple, out: _ndarray, version) -> Tensor:
    """A differentiable op's integer (or bool) result from an input that requires grad:
    only an integer tensor made to require grad in place (i.masked_fill_(m, w), i.gt_(w),
    i.fill_(w)) gets here. torch records an in-place op on it, and refuses anything else
    (a view, a reduction, i + 1), as its autograd has no integer gradients. A conversion
    (i.int(), to_dtype) is neither: its result just does not require grad."""
    if integers_recorded[0]:
        return _record(op, inputs, params, out, version)
    raise RuntimeError(f"Autograd not support dtype: {_type_name(out.dtype)}")


_forward_state = _forward_ad.state
_forward_local = _forward_ad.local


def _fast_path_flags(op) -> set:
    """The op's declaration as the fast paths' templates read it (ember._fast_paths)."""
    forward = op.forward
    save = _saver(op)
    flags = set()
    if op.differentiable:
        flags.add("differentiable")
    if op.view:
        flags.add("view")
    if save is _save_other_operand:  # (mul)
        flags.add("saves_other_operand")
    elif op.saves == (OUT,):  # the common case of ops saving their result
        flags.add("saves_output")
    elif op.saves == (0, OUT) and op.save_if is None:  # (norm; two inputs: the saver)
        flags.add("saves_input_and_output")
    # Silencing NumPy's floating-point errors costs a context switch (_fp_errors.run_quiet);
    # views and ops that only compare or select cannot raise one and skip it.
    if may_warn(op):
        flags.add("silence")
    # A ufunc whose loops give each float dtype that dtype back keeps the input's dtype and
    # (for operands of one shape, or a number) its shape: no need to look at the result.
    if is_ufunc_like(forward) and forward.nout == 1 and all(
            loop == f"{loop[0] * forward.nin}->{loop[0]}" for loop in forward.types
            if loop[0] in "efdg" and loop[:forward.nin] == loop[0] * forward.nin):
        flags.add("keeps_float")
    # Comparisons and other ops that never record: a bool result is final.
    if not op.differentiable and not op.grad_not_implemented and not op.view:
        flags.add("never_records")
    if is_ufunc_like(forward) and forward.nin == 2 and any(
            t[0] == t[1] and t[0] in "efdg" for t in forward.types):
        flags.add("numbers")
    if op.number_in_float32:  # float16 with a number: the general path computes in float32
        flags.add("half_in_float32")
    if op.layout_operands is not None:  # (two layouts: _finish lays out as torch)
        flags.add("iterator_layout")
    return flags


def _fast_path(kind: str, form: str, op, function=None, binary=None):
    """One of an op's fast paths, generated by ember._fast_paths (see there)."""
    flags = _fast_path_flags(op)
    save = _saver(op)
    if "differentiable" not in flags:  # (nothing recorded: nothing saved)
        flags -= {"saves_other_operand", "saves_output", "saves_input_and_output"}
    elif not flags & {"saves_other_operand", "saves_output", "saves_input_and_output"} or (
            kind == "binary" and "saves_input_and_output" in flags):
        flags.add("saves_otherwise")  # (the op's saver decides)
        flags.discard("saves_input_and_output")
    cells = {"op": op, "function": function, "node_class": op.node_class, "save": save}
    if kind == "binary":
        forward = op.forward
        # A ufunc of two inputs with a loop for two operands of one float dtype takes a Python
        # number beside such a tensor as a kept 0-d array of its dtype (_number_operand).
        same_type_loops = {t[0] for t in forward.types if t[0] == t[1] and t[0] in "efdg"} if (
            "numbers" in flags) else set()
        cells.update(number_operands={} if same_type_loops else None,
                     same_type_loops=same_type_loops)
    else:
        cells.update(binary=binary,
                     arity=op.forward.nin if is_ufunc_like(op.forward) else None)
    return _fast_paths.build(kind, form, flags, globals(), **cells)


def make_fast_apply(op):
    """apply() specialised for one op (bound by ember._bind), for its most common call: one
    or two inputs that are float tensors of one dtype and shape (or a tensor and a Python
    number), outside forward mode, with a result of that dtype and shape. It does what the
    general path does for that case, with the op's declaration looked up once rather than
    per call; any other case, decided before or after the forward, goes to the general path
    without computing anything twice. On NumPy 1, which promotes Python numbers by value,
    a tensor with a number takes the general path (it casts the number first). The code is
    generated from ember._fast_paths' templates, as are the operators' (make_direct_method)."""
    if op.grad_not_implemented:  # (rare ops, recorded by the general path)
        return lambda inputs, params: _apply(op, inputs, params)
    # A ufunc says how many inputs it takes; other forwards are told by the call, and the
    # one-input path hands two inputs to the two-input one (no dispatching call between).
    arity = op.forward.nin if is_ufunc_like(op.forward) else None
    binary = _fast_path("binary", "apply", op) if arity != 1 else None
    if arity == 2:
        return binary
    return _fast_path("unary", "apply", op, binary=binary)


def make_direct_method(op, function, operator: bool = False):
    """The method and operator form (`x.sin()`, `x * 0.5`) of a public function declared with
    `public(ufunc_op=op)`: such a function applies `op` alone when called with positional
    arguments only on float operands of one dtype (tensors, or Python numbers beside a
    tensor), so for those the method does what the op's fast path does, itself: operators
    and one-parameter methods are generated from the same template as the fast path
    (ember._fast_paths, form "method"), so `x * 0.5` is one Python call; anything else calls
    the function itself, which checks and raises as usual. An operator (`operator` True) is
    called with one operand besides self (keywords only when called by name, as
    `x.__add__(y, alpha=2)`), and a function of one parameter (`sin(input)`) takes none."""
    fast = op.fast_apply
    if op.grad_not_implemented:
        method = None
    elif op.forward.nin == 1 and (operator or _parameter_count(function) == 1):
        method = _fast_path("unary", "method", op, function=function)
    elif op.forward.nin == 2 and operator:
        method = _fast_path("binary", "method", op, function=function)
    else:
        method = None
    if method is None and op.forward.nin == 1:
        def method(self, *args, **kwargs):
            if args or kwargs or not use_fast_paths or self._data.dtype.kind != "f":
                return function(self, *args, **kwargs)
            return fast((self,), ())
    elif method is None:
        def method(self, *args, **kwargs):
            if len(args) == 1 and not kwargs and use_fast_paths:
                data = self._data
                other = args[0]
                kind = type(other)
                if data.dtype.kind == "f" and (kind is float or kind is int or (
                        kind is Tensor and other._data.dtype is data.dtype)):
                    return fast((self, other), ())
            return function(self, *args, **kwargs)

    method.__name__ = method.__qualname__ = function.__name__
    method.__doc__ = function.__doc__
    return method


def _parameter_count(function) -> int | None:
    """How many parameters `function` takes, or None if it takes *args or **kwargs."""
    code = function.__code__
    if code.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS):
        return None
    return code.co_argcount + code.co_kwonlyargcount


def _saver(op):
    """What the node keeps, as _save decides, with the op's common cases settled once."""
    saves = op.saves
    if not saves and not op.saved_params:  # (an op saving only its output: the fast path)
        return lambda inputs, out, version: ((), None)
    if saves == (0, 1) and op.save_if == {0: (1,), 1: (0,)}:
        return _save_other_operand  # a * b: each input is kept for the other's gradient
    if saves == (0, OUT) and op.save_if is None:  # the input and the result (norm, ...)
        return lambda inputs, out, version: _with_versions(
            (inputs[0], saved_output(out, version)))
    if op.saves_all_inputs and op.save_if is None:
        count = len(saves)

        def save_inputs(inputs: tuple, out: _ndarray, version: list) -> tuple:
            if len(inputs) == count:  # the inputs tuple itself is what the op keeps
                return _with_versions(inputs)
            return _save(op, inputs, out, version)

        return save_inputs
    return lambda inputs, out, version: _save(op, inputs, out, version)


def _save_other_operand(inputs: tuple, out: _ndarray, version: list) -> tuple:
    """_save for a product's two inputs, each kept only if the other needs a gradient."""
    a, b = inputs
    a_grad = isinstance(a, Tensor) and a._requires_grad
    b_grad = isinstance(b, Tensor) and b._requires_grad
    saved = (a if b_grad else None, b if a_grad else None)
    if (b_grad and isinstance(a, Tensor) and (a._version_counter[0] or a._extra is not None)) \
            or (a_grad and isinstance(b, Tensor) and (
                b._version_counter[0] or b._extra is not None)):
        return _with_versions(saved)  # (which refuses an inference tensor)
    return saved, None


def _apply_with_tangent(op, inputs: tuple, params: tuple) -> Tensor:
    """apply() inside a dual level: the op as usual, then the output's tangent from the op's
    tangent rule; this thread is paused meanwhile, so the rule's own ops carry no tangents."""
    _forward_local.paused = True
    try:
        return _forward_ad.attach_tangent(op, inputs, params, apply(op, inputs, params))
    finally:
        _forward_local.paused = False


_FLOAT64 = np.dtype(np.float64)


def _narrow_legacy_result(inputs: tuple, out: _ndarray) -> _ndarray:
    """NumPy 1 computes a 0-d float32 array with a Python float in float64 (both count as
    scalars there); torch, like NumPy 2, keeps float32. Narrow such results back to the
    widest float dtype among the tensor inputs."""
    widest = None
    for x in inputs:
        if isinstance(x, Tensor) and x._data.dtype.kind == "f":
            if widest is None or x._data.dtype.itemsize > widest.itemsize:
                widest = x._data.dtype
    if widest is not None and widest != out.dtype:
        return out.astype(widest)
    return out


def _broadcast_error(inputs: tuple) -> RuntimeError | None:
    """torch's message for shapes that do not broadcast (NumPy raises a ValueError)."""
    shapes = [x._data.shape for x in inputs if isinstance(x, Tensor)]
    a = shapes[0] if shapes else ()  # the shapes so far, broadcast (as torch goes along)
    for b in shapes[1:]:
        ndim = max(len(a), len(b))
        for offset in range(1, min(len(a), len(b)) + 1):
            size_a, size_b = a[-offset], b[-offset]
            if size_a != size_b and size_a != 1 and size_b != 1:
                return RuntimeError(
                    f"The size of tensor a ({size_a}) must match the size of tensor b "
                    f"({size_b}) at non-singleton dimension {ndim - offset}"
                )
        a = np.broadcast_shapes(a, b)
    return None


def _record(op, inputs: tuple, params: tuple, out: _ndarray, version) -> Tensor:
    """Wrap `out` in a tensor whose grad_fn remembers how to send gradients back to `inputs`."""
    nodes = []
    plain_nrs = True  # every edge leads to output 0 of its producer (almost always)
    like_output = True  # every tensor input has the output's shape and dtype
    shape, dt = out.shape, out.dtype
    for x in inputs:
        if isinstance(x, Tensor):
            data = x._data
            if data.shape != shape or (data.dtype is not dt and data.dtype != dt):
                like_output = False
            if x._requires_grad:
                if x._extra is not None:
                    refresh_if_stale(x)
                producer = x._grad_fn
                if producer is None:
                    producer = accumulator_of(x)
                elif x._output_nr:
                    plain_nrs = False
                nodes.append(producer)
                continue
        elif x is None:  # an optional tensor left out (a loss's weight=None)
            plain_nrs = False
        nodes.append(None)
    if plain_nrs:
        count = len(inputs)  # a shared tuple, except for ops of very many inputs
        nrs = _ZEROS[count] if count < len(_ZEROS) else (0,) * count
    else:
        nrs = tuple([x._output_nr if isinstance(x, Tensor) else NO_TENSOR if x is None else 0
                     for x in inputs])
    if version is None:
        version = [0]
    saved, versions = _save(op, inputs, out, version) if (
        op.saves or op.saved_params) else ((), None)
    # As torch's engine, gradients are brought to each input's shape and dtype; None (the
    # usual case) promises that every input is like the output, which the engine relies on.
    meta = None if like_output else _input_meta(inputs)
    result = recorded_tensor(out, version, op.node_class, op, tuple(nodes), nrs, saved,
                             versions, params, meta)
    if op.grad_not_implemented and op.grad_fn_name is None:
        # torch's NotImplemented node runs as soon as it is ready, even before the leaves'
        # AccumulateGrad: its error comes before a leaf beside it gets a gradient
        result._grad_fn._seq = _NOT_IMPLEMENTED_PRIORITY
    return result


_NOT_IMPLEMENTED_PRIORITY = AccumulateGrad._ready_priority + 1


def _save(op, inputs: tuple, out: _ndarray, version: list) -> tuple:
    """What the node keeps for its backward, and the versions the tensors had then (None
    when all were at version 0, which is almost always)."""
    save_if = op.save_if
    if op.saves_all_inputs and save_if is None and len(inputs) == len(op.saves):
        saved = inputs  # the inputs tuple itself: no new object
    else:
        saved = []
        for i in op.saves:
            if i is OUT and (save_if is None or OUT not in save_if or _any_requires_grad(
                    inputs, save_if[OUT])):
                saved.append(saved_output(out.copy(), [0]) if op.out_apart
                             else saved_output(out, version))
            elif i is OUT:
                saved.append(None)
            elif save_if is not None and i in save_if and not _any_requires_grad(
                    inputs, save_if[i]):
                saved.append(None)  # only the gradients of inputs that need none use it
            else:
                saved.append(inputs[i])
        saved = tuple(saved)
    if op.saved_params and not any(x is not None for x in saved) and any(
            _any_requires_grad(inputs, users) for users in op.saved_params.values()):
        # Params that torch saves as tensors are all the node keeps: marked so that
        # backward frees it (autograd/node.holds_tensors), with nothing more to read.
        saved = ParamsKept(saved) if saved else _PARAMS_KEPT
    return _with_versions(saved)


_PARAMS_KEPT = ParamsKept((None,))


def _with_versions(saved: tuple) -> tuple:
    """(saved, the versions its tensors have now), or (saved, None) when all are at version
    0, which is almost always. An inference tensor cannot be saved: torch's error."""
    for x in saved:
        if isinstance(x, Tensor) and (x._version_counter[0] or x._extra is not None):
            refuse_saved(saved)
            versions = tuple([x._version_counter[0] if isinstance(x, Tensor) else None
                              for x in saved])
            return saved, versions if any(versions) else None
    return saved, None


def _any_requires_grad(inputs: tuple, indices: tuple) -> bool:
    for j in indices:
        x = inputs[j]
        if isinstance(x, Tensor) and x._requires_grad:
            return True
    return False


def _input_meta(inputs: tuple) -> tuple:
    """Shapes and dtypes the engine must reduce each input's gradient to."""
    return tuple([(x._data.shape, x._data.dtype) if isinstance(x, Tensor) else None
                  for x in inputs])


# ---------------------------------------------------------------------- in-place variants
_LEAF_INPLACE = (
    "a leaf Variable that requires grad is being used in an in-place operation."
)
_VIEW_OF_LEAF_INPLACE = (
    "a view of a leaf Variable that requires grad is being used in an in-place operation."
)


def _is_stale_view(target: Tensor) -> bool:
    """Whether target is a view whose memory was written since its history was made (it may
    have come to require grad through its base: autograd/node.refresh_if_stale)."""
    made = target._extra.get("grad_version")
    return made is not None and made != target._version_counter[0]


def _check_stale_view_target(target: Tensor) -> None:
    """torch checks an in-place op's target by its node as it stands: a view made before its
    base came to require grad (through a write) has none until something asks for it, so
    `view.mul_(2)` is refused as an in-place op on a leaf that requires grad. (An index
    write, `view[i] = v`, indexes the view first, which asks: it goes to inplace_on_view.)"""
    base = target._extra.get("base")
    if target._grad_fn is None and base is not None and base._requires_grad and (
            _grad_state._enabled and _is_stale_view(target)):
        raise RuntimeError("a leaf Variable that requires grad is being used in an in-place "
                           "operation.")


def call_inplace(function, target: Tensor, args: tuple, kwargs: dict) -> Tensor:
    """`target.fn_(*args)`: compute fn(target, *args) and write it into target's memory.

    The object keeps its identity and storage (views see the change) and its version
    counter is bumped, so graphs that saved the old value refuse to use it.
    """
    unrecorded = getattr(function, "records_nothing", False)
    if target._extra is not None and written_outside(target):  # (an inference tensor)
        return write_then_refuse(target, lambda: call_inplace(function, target, args, kwargs))
    if target._extra is not None and not unrecorded:
        _check_stale_view_target(target)
        check_view_write(target, (*args, *kwargs.values()))
    if (getattr(function, "float_gradient_only", False) and target._requires_grad
            and target._data.dtype.kind != "f" and _grad_state._enabled):
        raise RuntimeError(f"Autograd not support dtype: {_type_name(target._data.dtype)}")
    if getattr(function, "keeps_integers", False) and target._data.dtype.kind not in "fc":
        # (nan_to_num_: torch copies an integer or bool self onto itself, a copy_ that
        # returns at once, so nothing is checked or written; the version still moves)
        target._version_counter[0] += 1
        return target
    arguments_first = getattr(function, "arguments_first", None)
    if arguments_first is not None:  # (cumsum_: its dim and dtype, before any overlap)
        arguments_first(target, *args, **kwargs)
    first = getattr(function, "shapes_first", False)
    if first and (first is True or first(kwargs)):
        # torch's TensorIterator: the shapes, then the common dtype's cast into self, and
        # only then whether a kernel exists for that dtype (the function's own check)
        check_tensors_or_numbers(function.__name__.removesuffix("_in_place"), *args)
        check_inplace_shapes(target, args)
        check_result_cast(result_type(target, *args).numpy, target._data.dtype)
    if unrecorded:  # (logical_and_ ...: torch's autograd does not see them, even on a leaf)
        if not target._data.flags.writeable and overlaps_itself(target._data) and \
                refuses_overlap(getattr(function, "overlapping_write", None), args):
            raise RuntimeError(OVERLAPPING_WRITE)
        check_no_partial_overlap(function, target._data, args)
        _write_into(target, function(target, *args, **kwargs)._data)
        target._version_counter[0] += 1
        return target
    recording = (not _not_recording[0] or _grad_state._enabled) and (
        target._requires_grad or any(isinstance(x, Tensor) and x._requires_grad
                                     for x in args)
        or any(isinstance(x, Tensor) and x._requires_grad for x in kwargs.values()))
    if recording and target._requires_grad:
        check_not_leaf(target)
    if not target._data.flags.writeable and overlaps_itself(target._data) and refuses_overlap(
            getattr(function, "overlapping_write", None), args):
        # torch looks after autograd's checks (a leaf, a view of one), before computing
        raise RuntimeError(OVERLAPPING_WRITE)
    check_no_partial_overlap(function, target._data, args)
    if kwargs:
        check_no_partial_overlap(function, target._data, kwargs.values())
    if recording and not integers_recorded[0] and target._data.dtype.kind not in "fc":
        # recorded, where out of place refuses: counted while this call runs again (the
        # usual float target makes no extra call)
        integers_recorded[0] += 1
        try:
            return call_inplace(function, target, args, kwargs)
        finally:
            integers_recorded[0] -= 1
    if recording and target._extra and target._extra.get("base") is not None:
        # A view shares its base's memory: the base's graph must learn of the write.
        from .ops.shape_strided import inplace_on_view  # ops import this module

        return inplace_on_view(function, target, args, kwargs)
    if recording:
        # The recorded op must see the value from before the write: give it a snapshot.
        before = Tensor(target._data.copy(), target._requires_grad, target.grad_fn)
        before._output_nr = target._output_nr
        if _forward_state.active:
            _forward_ad.copy_tangent(target, before)
        result = function(before, *args, **kwargs)
    else:
        result = function(target, *args, **kwargs)
    if recording and integers_recorded[0] and target._requires_grad:
        _check_integer_self_not_saved(result, before)
    if _forward_state.active and _forward_state.marking:  # (a vmapped function runs)
        refuse_batched_into_unbatched(target, result, function)
    _write_into(target, result._data, getattr(function, "overlapping_write", None))
    if _forward_state.active:
        _forward_ad.after_inplace(target, result)  # the result's tangent replaces target's
    if recording:
        node = result.grad_fn
        if node is None and target._requires_grad and target._data.dtype.kind not in "fc":
            # an op torch does not differentiate (i.bitwise_xor_(1), a copy_ into integers)
            # leaves the history of an integer tensor that requires grad as it was
            target._version_counter[0] += 1
            return target
        if node is not None and getattr(node.op, "inplace_node_class", None) is not None:
            node.__class__ = node.op.inplace_node_class  # torch's name for the in-place form
        old_node = target._grad_fn
        target.grad_fn = node
        target._requires_grad = result._requires_grad
        target._output_nr = result._output_nr
        if target._extra:
            follow_retained(target, old_node)
    target._version_counter[0] += 1
    if recording and node is not None and node._saved:
        saved_as_written(node, result, target)
    return target


def _check_integer_self_not_saved(result: Tensor, before: Tensor) -> None:
    """An in-place op on integers that require grad, whose derivative needs self's old
    value (abs_, clamp_, pow_, x.mul_(x)): torch saves a clone of self, and cloning integers
    that require grad is an out-of-place op it refuses, before the write."""
    node = result._grad_fn
    if node is not None and any(entry is before for entry in node._saved or ()):
        raise RuntimeError(f"Autograd not support dtype: {_type_name(before._data.dtype)}")


def shapes_first(function):
    """Mark a public function whose dtype checks come after torch's shape checks (its
    TensorIterator broadcasts first): `check_shapes` in the function, and in its in-place
    form also the broadcast shape against self's and the result dtype's cast into self's
    (call_inplace), before the function refuses a dtype it has no kernel for."""
    function.shapes_first = True
    return function


def float_gradient_only(function):
    """Mark a public function whose in-place form on an integer tensor that requires grad
    torch's autograd refuses before any other check (hypot_, nextafter_: no integer
    kernel, and a gradient only for floats)."""
    function.float_gradient_only = True
    return function


def shapes_first_with(keyword: str):
    """`shapes_first` for the calls given `keyword` (div_'s rounding_mode: only those may
    meet a missing kernel), so the other in-place calls skip the extra checks."""
    def mark(function):
        function.shapes_first = lambda kwargs: kwargs.get(keyword) is not None
        return function
    return mark


def check_shapes(inputs: tuple) -> None:
    """torch's error for tensor operands that do not broadcast, raised before dtype errors."""
    error = _broadcast_error(inputs)
    if error is not None:
        raise error


# (one tuple, built once: the check runs on every call of the ops that make it)
_TENSOR_OR_NUMBER = (Tensor, int, float, bool, complex, np.number, np.bool_)


def check_tensors_or_numbers(name: str, *operands) -> None:
    """torch's TypeError for an op on tensors and numbers given something else (None, a
    string, a list): raised before any check of dtypes or shapes, as torch's argument
    parser does."""
    for x in operands:
        if not isinstance(x, _TENSOR_OR_NUMBER):
            break
    else:
        return
    got = ", ".join(type(x).__name__ for x in operands)
    raise TypeError(f"{name}() received an invalid combination of arguments - got ({got}), "
                    f"but expected one of:\n * (Tensor input, Tensor other)\n"
                    f" * (Tensor input, Number other)\n"
                    f"Pass a Tensor or a Python number as each operand.")


def check_inplace_shapes(target: Tensor, args: tuple) -> None:
    """An in-place op's operands must broadcast to self's shape (torch checks it first)."""
    inputs = (target, *[x for x in args if isinstance(x, Tensor)])
    check_shapes(inputs)
    shape = np.broadcast_shapes(*[x._data.shape for x in inputs])
    if shape != target._data.shape:
        raise RuntimeError(f"output with shape {list(target._data.shape)} doesn't match the "
                           f"broadcast shape {list(shape)}")


def saved_as_written(node, result: Tensor, target: Tensor) -> None:
    """An in-place op that saves its output (exp_, sigmoid_, relu_...) saves the tensor it
    wrote, as torch does: a later write into `target` (or its base, or another view of it)
    makes the backward refuse, instead of using the value it saved from `result`. Where
    the result was cast to be written (`f16.pow_(f64)`), the saved value is the one written,
    in the target's dtype, as torch's formulas see it (3 ** 1e-7 as 1.0, 1e-7 ** -4 as
    inf; copysign's gradient of a float16 target is a float16 product)."""
    for entry in node._saved:
        if type(entry) is SavedOutput and entry.version is result._version_counter:
            entry.version = target._version_counter
            entry.expected = target._version_counter[0]
            if entry.data.dtype != target._data.dtype:
                entry.data = target._data


def _view_may_refuse_writes(extra: dict) -> bool:
    """Whether a tensor's `_extra` marks a view torch may refuse to write in place: made
    under no_grad, or one of several views a call returned (ops/shape._as_view)."""
    return "no_grad_view" in extra or "multi_output" in extra


def check_view_write(target: Tensor, others: tuple, made_by: str | None = None) -> None:
    """torch's refusal to write in place, with grad mode on and some operand requiring grad,
    into a view made under no_grad or one of several views a call returned (split, unbind),
    or a view of those (ops/shape._as_view marks them). A view requires grad in torch's
    sense when its base does, even if it was made under no_grad. `made_by`: the write goes
    into a view of target made by that op (autograd/node.view_write_error)."""
    extra = target._extra
    if not _view_may_refuse_writes(extra) or not is_grad_enabled():
        return
    base = extra.get("base")
    if target._requires_grad or (base is not None and base._requires_grad) or any(
            isinstance(x, Tensor) and x._requires_grad for x in others):
        raise view_write_error(target, made_by=made_by)


def check_not_leaf(target: Tensor) -> None:
    """torch's refusal to write in place into a tensor that requires grad and is a leaf,
    or is a view whose base is a leaf (whether or not the base requires grad: a view made
    to require grad, `x.reshape(2, 3).requires_grad_()`, counts too)."""
    extra = target._extra
    base = extra.get("base") if extra else None
    if base is not None and base.grad_fn is None:
        raise RuntimeError(_VIEW_OF_LEAF_INPLACE)
    if target.grad_fn is None:
        raise RuntimeError(_LEAF_INPLACE)


def ufunc_inplace(op, target: Tensor, args: tuple) -> Tensor | None:
    """`target.fn_(*args)` for an op whose forward is a NumPy ufunc, written straight into
    target's memory with the ufunc's `out=`: the optimizer's case (nothing is recorded, float
    operands of one dtype, no broadcasting of target). Returns None when any of that does not
    hold, and the caller takes the general path (`call_inplace`), which also raises torch's
    errors: nothing is written before this function knows it can finish.
    """
    if _forward_state.active or len(args) + 1 != op.forward.nin:
        return None
    if (not _not_recording[0] or _grad_state._enabled) and (target._requires_grad or any(
            isinstance(x, Tensor) and x._requires_grad for x in args)):
        return None
    data = target._data
    if data.dtype.kind != "f" or not data.flags.writeable:
        return None
    if target._extra is not None and (_view_may_refuse_writes(target._extra)
                                      or _is_stale_view(target) or "inference" in target._extra):
        return None  # (it may have to refuse: check_view_write, _check_stale_view_target,
        # _inference.check_write)
    if not (data.flags.c_contiguous or data.flags.f_contiguous):
        # NumPy 2.4's float32 negative written in place into a strided view reads the wrong
        # elements (np.negative(v, out=v) for v = a[:, 1]); strided targets (views, rare for
        # an optimizer's parameters) take the general path, which computes out of place
        return None
    if shares_memory_of(data, args):
        return None  # (the general path judges the overlap: check_no_partial_overlap)
    arrays = _same_float_arrays(op, (target, *args))
    if arrays is None:
        return None
    for other in arrays[1:]:
        # A same-shape or 0-d operand cannot change the result's shape.
        if type(other) is _ndarray and other.shape != data.shape and other.ndim:
            return None
    try:
        run_quiet(op.forward, *arrays, out=data)
    except RuntimeError as error:
        retry_quietly(error, op.forward, *arrays, out=data)
    target._version_counter[0] += 1
    return target


def scaled_add_inplace(target: Tensor, other, alpha) -> Tensor | None:
    """`target.add_(other, alpha=alpha)` (sub_ passes -alpha), the optimizers' update, as
    torch computes it (one rounding) and written straight into target, when nothing is
    recorded and `other` is a float tensor of target's dtype and shape. None otherwise:
    the caller takes the general path, which also raises torch's errors."""
    if _forward_state.active or not isinstance(other, Tensor):
        return None
    if type(alpha) is not float and type(alpha) is not int:
        return None
    if (not _not_recording[0] or _grad_state._enabled) and (
            target._requires_grad or other._requires_grad):
        return None
    data, values = target._data, other._data
    # (float16 computes in float32 and checks alpha: _half_plus_scaled, the general path)
    if (data.dtype.char not in "fd" or values.dtype is not data.dtype
            or values.shape != data.shape or not data.flags.writeable):
        return None
    if target._extra is not None and (_view_may_refuse_writes(target._extra)
                                      or _is_stale_view(target) or "inference" in target._extra):
        return None  # (it may have to refuse: check_view_write, _check_stale_view_target,
        # _inference.check_write)
    if values is not data and values.base is not None and shares_memory_of(data, (other,)):
        return None  # (the general path judges the overlap: check_no_partial_overlap)
    scale = data.dtype.type(alpha)
    try:
        run_quiet(fused_multiply_add, scale, values, data, out=data)
    except RuntimeError as error:
        retry_quietly(error, fused_multiply_add, scale, values, data, out=data)
    target._version_counter[0] += 1
    return target


def _write_into(target: Tensor, values: _ndarray, overlapping_write=None) -> None:
    data = target._data
    if not data.flags.writeable:  # an expanded tensor: torch's rule (ember._overlap)
        data = writable(data, overlapping_write)
        where = where_changed(data, values)
        if where is not True:  # (a fill into repeated elements: the result's dtype)
            token = _fp_enter(_FP_IGNORE)  # (quietly, as below)
            try:
                np.copyto(data, values, casting="unsafe", where=where)
            finally:
                _fp_restore(token)
            return
    if values.shape == data.shape and values.dtype is data.dtype:
        data[...] = values  # the common case, cheaper than copyto's casting rules
        return
    if values.shape != data.shape:
        raise RuntimeError(
            f"output with shape {list(data.shape)} doesn't match the broadcast shape "
            f"{list(values.shape)}"
        )
    if values.dtype != data.dtype:
        check_result_cast(values.dtype, data.dtype)
    token = _fp_enter(_FP_IGNORE)  # nan into an integer tensor: torch does not warn
    try:
        np.copyto(data, values, casting="unsafe")
    finally:
        _fp_restore(token)


def check_result_cast(result_dtype, target_dtype) -> None:
    """torch's refusal to write an in-place result into a target of a lower dtype category
    (a float result into integers, anything but bool into bool)."""
    if not can_cast(from_numpy_dtype(result_dtype), from_numpy_dtype(target_dtype)):
        raise RuntimeError(
            f"result type {_type_name(result_dtype)} can't be cast to the desired output type "
            f"{_type_name(target_dtype)}"
        )


def _type_name(np_dtype) -> str:
    return scalar_type_name(from_numpy_dtype(np_dtype).name)
