"""`out=` on the namespace functions torch gives it: `torch.add(a, b, out=c)`.

torch computes the result, writes it into `out` (resized when its shape differs, with a
deprecation warning unless `out` was empty) and returns `out` itself; functions returning
several tensors (`max(x, 0)`, `sort`) take and fill a tuple of them and return it as the
`<name>_out` return type. Under grad mode it refuses when some input (or `out`) requires
grad, unless the function's result is never differentiable (comparisons). Which result
dtypes `out` may have differs by kernel; `RULES` names each function's rule (recorded from
torch in tests/reference/cases_out.py):

- CAST: TensorIterator's rule, computed in the usual dtype, then cast to out's if
  `can_cast` allows (`result type Float can't be cast to the desired output type Long`).
- CAT: the same check, worded as cat's TypeError.
- FOUND, EXPECTED, WHERE, INPUT: out's dtype must be the result's, each worded as its
  kernel words it (`Found dtype Double but expected Float`, `Expected out tensor to have
  dtype float, but got double instead`); for tuple results each out is checked against its
  own result.
- OUT_DTYPE: the reduction computes in out's dtype (sum, prod, cumsum, cumprod), as if
  `dtype=out.dtype` were given; a `dtype=` given must be out's.
- EXTREMUM (max, min): CAST for one tensor, EXPECTED for (values, indices).

`_bind.install` wraps only the functions in RULES: when `out` is None the wrapper calls the
function at once, so a call without `out=` pays one Python frame.
"""

from __future__ import annotations

import functools
import inspect

import numpy as np

from ._dtype import can_cast, from_numpy_dtype, scalar_type_name
from ._fp_errors import quiet, restore
from ._grad_mode import is_grad_enabled
from ._inference import write_then_refuse, written_outside
from ._overlap import writable
from ._tensor import Tensor
from ._warnings import warn
from .ops.return_types import _return_type, return_types

__all__ = ["RULES", "NOT_YET", "write_out", "with_out"]

CAST, CAT, OUT_DTYPE = "cast", "cat", "out_dtype"
# Rules needing out's dtype to be the result's, each with its kernel's words: {out} and
# {result} are c10's names (Float), {out_cpp} and {result_cpp} C++'s (float).
FOUND = "Found dtype {out} but expected {result}"
EXPECTED = "Expected out tensor to have dtype {result_cpp}, but got {out_cpp} instead"
WHERE = "Expected out type to be {result} but got {out}"
INPUT = ("Expected the dtype for input and out to match, but got {result} for input's dtype "
         "and {out} for out's dtype.")
# max/min: a reduction to one value or the elementwise form casts; with a dim, the values
# (and indices) must have the result's dtypes.
EXTREMUM = "extremum"
# The *_copy views' out= forms (torch's generated ones): out's dtype must be the result's
# (EXPECTED's words), an input may require grad, and a list out= returns None.
VIEW_COPY = "view_copy"
# the list-returning ones: the kernel's name in the words of its length check
_VIEW_COPY_LISTS = {"split_copy": "split_copy_Tensor_out()",
                    "split_with_sizes_copy": "split_with_sizes_copy_out",
                    "unbind_copy": "unbind_copy_int_out"}
_EXTREMUM_OF_ALL = ("Expected canCast( typeMetaToScalarType(self.dtype()), typeMetaToScalarType("
                    "out.dtype())) to be true, but got false.  (Could this error message be "
                    "improved?  If so, please report an enhancement request to PyTorch.)")

_UNARY_FLOAT = ("angle acos acosh asin asinh atan atanh arccos arccosh arcsin arcsinh arctan "
                "arctanh cos cosh deg2rad digamma erf erfc erfinv exp exp2 expm1 i0 lgamma "
                "log log10 log1p log2 logit rad2deg reciprocal rsqrt sigmoid sin sinc sinh "
                "sqrt tan tanh").split()
_BINARY = ("add sub subtract mul multiply div divide true_divide floor_divide remainder fmod "
           "pow atan2 arctan2 maximum minimum fmax fmin hypot copysign xlogy logaddexp "
           "logaddexp2 nextafter bitwise_and bitwise_or bitwise_xor bitwise_left_shift "
           "bitwise_right_shift gcd lcm square addcmul addcdiv lerp outer ger addr kron "
           "mean std var threshold diff polygamma").split()
_COMPARE = ("eq ne lt le gt ge greater greater_equal less less_equal not_equal logical_and "
            "logical_or logical_xor logical_not").split()
_SAME = ("abs absolute ceil floor neg negative round sgn sign trunc fix frac clamp clip "
         "bitwise_not hardshrink clamp_min clamp_max").split()
_EXACT = ("mm matmul bmm mv addmm addmv baddbmm tril triu gather take_along_dim msort "
          "softmax log_softmax sort topk argmax argmin cross diag index_add index_copy scatter "
          "scatter_add renorm inverse isin").split()

# Kernels with words of their own ({name}: the function's).
_OWN_WORDS = {
    "dot": "result dtype {out} does not match input dtype {result}",
    "inner": "tensordot: Expected the output tensor to have dtype {result}, but got an output "
             "tensor with dtype {out}",
    "index_select": "{name}(): self and result must have the same scalar type",
    "take": "take(): self and out expected to have the same dtype, but got self.dtype = "
            "{result} and out.dtype = {out}",
    "signbit": "{name} does not support non-boolean outputs.",
    "nan_to_num": "nan_to_num: dtype of out: {out} should be same as input: {result}",
    "all": "{name} only supports bool tensor for result, got: {out}",
    "nonzero": "nonzero: Expected out tensor to have scalar type {result} but got scalar "
               "type{out}",
    # (ember.linalg.multi_dot checks out= itself: torch checks its operands first)
    "linalg.multi_dot": "multi_dot(): expected out tensor to have dtype {result_cpp} but got "
                        "{out_cpp}",
}
_OWN_WORDS.update(vdot=_OWN_WORDS["dot"], tensordot=_OWN_WORDS["inner"],
                  masked_select=_OWN_WORDS["index_select"], isneginf=_OWN_WORDS["signbit"],
                  isposinf=_OWN_WORDS["signbit"], any=_OWN_WORDS["all"])

RULES: dict[str, str] = {
    **dict.fromkeys(_UNARY_FLOAT + _BINARY + _COMPARE, CAST),
    **dict.fromkeys(_SAME, FOUND),
    **dict.fromkeys(_EXACT, EXPECTED),
    **dict.fromkeys("cat concat concatenate stack hstack vstack dstack column_stack "
                    "row_stack".split(), CAT),
    **dict.fromkeys("sum prod cumsum cumprod".split(), OUT_DTYPE),
    "where": WHERE, "amax": INPUT, "amin": INPUT, "max": EXTREMUM, "min": EXTREMUM,
    "linalg.matmul": EXPECTED,  # ember.matmul itself (_bind.install)
    **dict.fromkeys("view_copy permute_copy expand_copy transpose_copy t_copy squeeze_copy "
                    "unsqueeze_copy select_copy slice_copy split_copy split_with_sizes_copy "
                    "unbind_copy unfold_copy diagonal_copy detach_copy alias_copy "
                    "as_strided_copy".split(), VIEW_COPY),
    "narrow_copy": EXPECTED,
    **_OWN_WORDS,
}

# Functions whose results never have a gradient: torch lets them write into out= even when
# an input requires grad.
_NOT_DIFFERENTIABLE = frozenset(_COMPARE + "argmax argmin signbit isneginf isposinf all any "
                                          "nonzero isin".split())

# The name torch's autograd error gives (the aten op an alias or composite calls).
_CANONICAL = {"subtract": "sub", "multiply": "mul", "divide": "div", "true_divide": "div",
              "absolute": "abs", "negative": "neg", "fix": "trunc", "clip": "clamp",
              "arctan2": "atan2", "concat": "cat", "concatenate": "cat", "hstack": "cat",
              "vstack": "cat", "dstack": "cat", "column_stack": "cat", "row_stack": "cat",
              **{f"arc{n}": n for n in "cos cosh sin sinh tan tanh".split()}}

# Namespace functions torch gives out= that ember does not support yet (tests/test_out.py
# checks this list against torch's: a function that gains out= must leave it).
NOT_YET = frozenset("""
native_batch_norm nonzero_static conj_physical histogram index_reduce slice_scatter
addbmm aminmax argsort logcumsumexp bucketize cholesky cummax cummin frexp geqrf heaviside histc
kthvalue ldexp logsumexp matrix_power median mode mvlgamma nanmean nanmedian nanquantile nansum
orgqr norm float_power quantile scatter_reduce searchsorted slogdet std_mean svd var_mean
linalg.cholesky linalg.cholesky_ex linalg.cross linalg.det linalg.eigh linalg.eigvalsh
linalg.householder_product linalg.inv linalg.matrix_norm linalg.matrix_power linalg.norm
linalg.slogdet linalg.solve
linalg.solve_triangular linalg.svd linalg.svdvals linalg.vecdot linalg.vector_norm special.digamma
special.entr special.erf special.erfc special.erfinv special.exp2 special.expit
special.expm1 special.gammaln special.i0 special.i1 special.log1p special.log_ndtr
special.logit special.logsumexp special.multigammaln special.ndtr special.ndtri
special.polygamma special.psi special.round special.sinc special.xlog1py special.xlogy
""".split())

_CPP_NAMES = {"float16": "c10::Half", "bfloat16": "c10::BFloat16", "float32": "float",
              "float64": "double", "int64": "long int", "int32": "int", "int16": "short int",
              "int8": "signed char", "uint8": "unsigned char", "bool": "bool"}

_RESIZED = ("An output with one or more elements was resized since it had shape {}, which "
            "does not match the required output shape {}. This behavior is deprecated, and in "
            "a future PyTorch release outputs will not be resized unless they have zero "
            "elements. You can explicitly reuse an out tensor t by resizing it, inplace, to "
            "zero elements with t.resize_(0).")

_PARTIAL_OVERLAP = (
    "unsupported operation: some elements of the input tensor and the written-to tensor "
    "refer to a single memory location. Please clone() the tensor before performing the "
    "operation.")


def with_out(function, name: str, rule: str):
    """`function` taking `out=` by `rule` (see the module docstring). The wrapper has
    function's own parameters plus `out`, so a call without `out` passes its arguments on
    as they came: `*args, **kwargs` would build a tuple and a dict on every call (twice the
    cost, ~1.2k instructions against ~0.7k, callgrind)."""
    def call_into(args, kwargs, out):
        return _call_into(function, name, rule, args, kwargs, out)

    wrapper = _same_signature_wrapper(function, call_into)
    if wrapper is None:
        def wrapper(*args, out=None, **kwargs):
            if out is None:
                return function(*args, **kwargs)
            return call_into(args, kwargs, out)
    wrapper = functools.wraps(function)(wrapper)
    wrapper.__wrapped__ = function
    return wrapper


_TEMPLATE = """\
def {name}({parameters}):
    if out is None:
        return function({passed})
    return call_into(({positional}), {{{keywords}}}, out)
"""


def _same_signature_wrapper(function, call_into):
    """A wrapper written with function's parameters (and `out=None`), or None when function
    has *args or **kwargs, or already an `out` parameter of its own."""
    try:
        parameters = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):
        return None
    simple = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD,
              inspect.Parameter.KEYWORD_ONLY)
    if any(p.kind not in simple or p.name in ("out", "function", "call_into")
           for p in parameters):
        return None
    defaults = {f"_default_{i}": p.default for i, p in enumerate(parameters)
                if p.default is not inspect.Parameter.empty}
    written, positional, keywords = [], [], []
    for i, p in enumerate(parameters):
        if p.kind is inspect.Parameter.KEYWORD_ONLY and "*" not in written:
            written.append("*")
        written.append(p.name if p.default is inspect.Parameter.empty
                       else f"{p.name}=_default_{i}")
        if p.kind is inspect.Parameter.KEYWORD_ONLY:
            keywords.append(f"{p.name}={p.name}")
        else:
            positional.append(p.name)
        if p.kind is inspect.Parameter.POSITIONAL_ONLY and (
                i + 1 == len(parameters)
                or parameters[i + 1].kind is not inspect.Parameter.POSITIONAL_ONLY):
            written.append("/")
    written += ["out=None"] if "*" in written else ["*", "out=None"]
    source = _TEMPLATE.format(
        name=function.__name__, parameters=", ".join(written),
        passed=", ".join(positional + keywords),
        positional="".join(f"{n}, " for n in positional),
        keywords=", ".join(f"{k.split('=')[0]!r}: {k.split('=')[0]}" for k in keywords))
    scope = {"function": function, "call_into": call_into, **defaults}
    # compiled under an "<ember ...>" name, so that ember._warnings skips its frame
    code = compile(source, f"<ember out {function.__name__}>", "exec")
    exec(code, scope)  # noqa: S102 - source built above from function's own signature
    return scope[function.__name__]


def _tensors_in(values):
    for value in values:
        if isinstance(value, Tensor):
            yield value
        elif isinstance(value, (list, tuple)):
            yield from (v for v in value if isinstance(v, Tensor))


def _call_into(function, name: str, rule: str, args: tuple, kwargs: dict, out):
    if rule == VIEW_COPY:
        return _view_copy_into(function, name, args, kwargs, out)
    outs = tuple(out) if isinstance(out, (tuple, list)) else (out,)
    if not all(isinstance(o, Tensor) for o in outs):
        bad = next(o for o in outs if not isinstance(o, Tensor))
        raise TypeError(f"{name}(): argument 'out' must be Tensor, not {type(bad).__name__}")
    inputs = list(_tensors_in((*args, *kwargs.values())))
    if name not in _NOT_DIFFERENTIABLE and is_grad_enabled() and any(
            t.requires_grad for t in (*inputs, *outs)):
        raise RuntimeError(f"{_CANONICAL.get(name, name)}(): functions with out=... arguments "
                           "don't support automatic differentiation, but one of the "
                           "arguments requires grad.")
    for o in outs:
        for t in inputs:
            _check_no_partial_overlap(o._data, t._data)
    if rule == EXTREMUM and len(args) == 1 and not kwargs:
        rule = _EXTREMUM_OF_ALL  # max(x): casts, but words its refusal as a check
    if rule == OUT_DTYPE:
        if len(args) < 2 and "dim" not in kwargs and name in ("sum", "prod"):
            # torch's overload without a dim has no out
            raise TypeError(f"{name}() received an invalid combination of arguments - got "
                            "(Tensor, out=Tensor), but expected one of:")
        if kwargs.get("dtype") is None:
            kwargs = {**kwargs, "dtype": from_numpy_dtype(outs[0]._data.dtype)}
        else:
            rule = EXPECTED  # the dtype asked for must be out's
    result = function(*args, **kwargs)
    if isinstance(result, Tensor) and result._data.shape != outs[0]._data.shape and any(
            np.may_share_memory(outs[0]._data, t._data) for t in inputs):
        raise RuntimeError(_PARTIAL_OVERLAP)  # torch resizes out, then finds the overlap
    return write_out(result, out, rule, name)


def _view_copy_into(function, name: str, args: tuple, kwargs: dict, out):
    """out= of a *_copy view (VIEW_COPY). ember records nothing on `out` where torch gives
    it a NotImplemented node when an input requires grad (docs/differences.md)."""
    listed = name in _VIEW_COPY_LISTS
    if listed and not isinstance(out, (tuple, list)) or not listed and not isinstance(
            out, Tensor):
        want = "tuple of Tensors" if listed else "Tensor"
        raise TypeError(f"{name}(): argument 'out' must be {want}, not {type(out).__name__}")
    outs = tuple(out) if listed else (out,)
    if not all(isinstance(o, Tensor) for o in outs):
        bad = next(o for o in outs if not isinstance(o, Tensor))
        raise TypeError(f"{name}(): argument 'out' must be tuple of Tensors, not "
                        f"{type(bad).__name__}")
    if is_grad_enabled() and any(o.requires_grad for o in outs):
        raise RuntimeError(f"aten::{name}(): functions with out=... arguments don't support "
                           "automatic differentiation, but one of the arguments requires grad.")
    result = function(*args, **kwargs)
    if not listed:
        return write_out(result, out, EXPECTED, name)
    if len(outs) != len(result):
        raise RuntimeError(f"{_VIEW_COPY_LISTS[name]} expected an out= argument of size "
                           f"{len(result)}, got size {len(outs)}")
    for value, target in zip(result, outs):
        _check_dtype(value._data.dtype, target._data.dtype, EXPECTED, name)
    for value, target in zip(result, outs):
        _write(target, value._data)
    return None


def write_out(result, out, rule: str = CAST, name: str = ""):
    """Write `result` (a tensor, or a tuple of them) into `out` after `rule`'s dtype check;
    return `out` (a tuple `out` as `<name>_out`)."""
    if isinstance(result, Tensor):
        if not isinstance(out, Tensor):
            raise TypeError(f"{name}(): argument 'out' must be Tensor, not "
                            f"{type(out).__name__}")
        _check_dtype(result._data.dtype, out._data.dtype, CAST if rule == EXTREMUM else rule,
                     name)
        _write(out, result._data)
        return out
    if isinstance(out, Tensor) or len(out) != len(result):
        got = 1 if isinstance(out, Tensor) else len(out)
        raise TypeError(f"expected tuple of {len(result)} elements but got {got}")
    for value, target in zip(result, out):
        _check_dtype(value._data.dtype, target._data.dtype,
                     EXPECTED if rule == EXTREMUM else rule, name)
    for value, target in zip(result, out):
        _write(target, value._data)
    return _out_type(type(result))(out)


def _check_dtype(result_dtype, out_dtype, rule: str, name: str) -> None:
    if result_dtype == out_dtype:
        return
    got, want = result_dtype.name, out_dtype.name
    if rule in (CAST, OUT_DTYPE, CAT, _EXTREMUM_OF_ALL):
        if can_cast(from_numpy_dtype(result_dtype), from_numpy_dtype(out_dtype)):
            return
        if rule == _EXTREMUM_OF_ALL:
            raise RuntimeError(rule)
        if rule == CAT:
            raise TypeError("torch.cat(): input types can't be cast to the desired output "
                            f"type {scalar_type_name(want)}")
        raise RuntimeError(f"result type {scalar_type_name(got)} can't be cast to the "
                           f"desired output type {scalar_type_name(want)}")
    raise RuntimeError(rule.format(name=name, out=scalar_type_name(want),
                                   result=scalar_type_name(got),
                                   out_cpp=_CPP_NAMES.get(want, want),
                                   result_cpp=_CPP_NAMES.get(got, got)))


def _write(out: Tensor, values: np.ndarray) -> None:
    """Copy `values` into `out`, resizing it as torch does, and bump out's version."""
    if out._extra is not None and written_outside(out):  # (an inference tensor)
        return write_then_refuse(out, lambda: _write(out, values))
    shape = values.shape
    data = out._data
    if data.shape != shape:
        if data.size:
            warn(_RESIZED.format(list(data.shape), list(shape)), UserWarning)
        # torch resizes out's storage in place; ember gives out new memory (a view given as
        # out stops sharing its base's memory)
        out._data = data = np.empty(shape, data.dtype)
    elif not data.flags.writeable:
        data = writable(data)  # an expanded out: torch's overlapping-write error
    if values.dtype == data.dtype:
        data[...] = values
    else:
        token = quiet()  # nan into integers: torch does not warn
        try:
            np.copyto(data, values, casting="unsafe")
        finally:
            restore(token)
    out._version_counter[0] += 1


def _check_no_partial_overlap(target: np.ndarray, value: np.ndarray) -> None:
    """torch refuses an out that partly overlaps an input (the same memory exactly, as in
    add(a, b, out=a), is fine). Like torch, it decides for dense layouts only."""
    if not target.size or not value.size:
        return
    if not (target.flags.c_contiguous or target.flags.f_contiguous) or not (
            value.flags.c_contiguous or value.flags.f_contiguous):
        return
    a_start = target.__array_interface__["data"][0]
    b_start = value.__array_interface__["data"][0]
    a_end, b_end = a_start + target.nbytes, b_start + value.nbytes
    if (a_start, a_end) != (b_start, b_end) and a_start < b_end and b_start < a_end:
        raise RuntimeError(_PARTIAL_OVERLAP)


@functools.cache
def _out_type(result_type: type) -> type:
    """torch.return_types.<name>_out for a tuple result of type <name>."""
    if not hasattr(result_type, "_fields"):
        return tuple
    name = f"{result_type.__name__}_out"
    made = getattr(return_types, name, None)
    if made is None:
        made = _return_type(name, result_type._fields)
        setattr(return_types, name, made)
    return made
