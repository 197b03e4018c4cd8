"""exp, tanh, sinh... of float tensors rounded as torch's CPU kernels round them.

torch's CPU build computes these functions with vector math libraries accurate to within
one ulp (almost always the correctly rounded value): MKL's VML in its high-accuracy mode for
exp, log10 and tanh (and log, sin, cos, sqrt; torch's `vml` kernels, on every element),
SLEEF's u10 routines for expm1 and log1p (every element) and for sinh, cosh and atanh (the
vectorised loop's body only). NumPy's float32 loops are its own SIMD approximations, which
give another last bit for 5-40% of values (exp: 39%, tanh: 32%, on uniform inputs), visible
in a printed `exp(x)` above 1000 or in `loss.item()`. The correctly rounded value is the
nearest one to the result in the next wider type, so computing there and rounding once
agrees with torch in 99-99.99% of values: float64 for float32 (the remaining differences are
the libraries' own errors), x87's 80-bit long double for float64 where NumPy's double
function is not as accurate (where the platform has no wider long double, the plain
function).

Two kinds of kernels, as measured against torch 2.13 (scripts/record_libm_reference.py,
tests/test_torch_libm.py):

- `everywhere`: the library's value for every element (exp, expm1, log1p, log10, tanh);
- `vector_body`: SLEEF for the vectorised body of each contiguous run only; its last n % 16
  float32 (n % 8 float64) values, and every value of a strided input, go through the C
  library's scalar function, which is NumPy's own float32/float64 function there (sinh,
  cosh, atanh). A tensor of 32,768 values or more is split between torch's threads first
  (_sum_order.thread_ranges), each range with its own tail.

log, sin and cos stay NumPy's: MKL's log, sin and cos are not correctly rounded often
enough for rounding from float64 to help (docs/differences.md).

The wider computation costs 1-12x NumPy's float32 SIMD loop (exp 4x, tanh 5x) and ~10x
NumPy's double for long double; where it costs more than NumPy's own loop, it is done only
up to `WIDE_UP_TO` values, above which NumPy's faster result is kept (a printed or
inspected tensor is small; a large one is a training step's, whose speed counts more: see
docs/performance.md). float16 is left to NumPy.
"""

from __future__ import annotations

import math

import numpy as np

from .._mt19937 import fma as _fma64
from .._ufunc_like import deliver, ufunc_like
from ._sum_order import _SERIAL as _SERIAL_SIZE
from ._sum_order import thread_ranges

__all__ = ["everywhere", "vector_body", "WIDE_UP_TO"]

_F32, _F64 = np.dtype(np.float32), np.dtype(np.float64)
# x87 extended precision on x86 Linux; elsewhere long double is double and there is no
# wider type to round from
_LONG_DOUBLE = np.longdouble if np.finfo(np.longdouble).nmant > 52 else None
WIDE_UP_TO = 1 << 12
# how many values torch's vectorised loop takes per step (two AVX2 registers)
_BODY_STEP = {_F32: 16, _F64: 8}


def _wider(dtype: np.dtype):
    return np.float64 if dtype == _F32 else _LONG_DOUBLE if dtype == _F64 else None


def _rounded_from_wider(fn, x: np.ndarray, wider) -> np.ndarray:
    # (the ufunc casts as it goes: its result has the layout fn(x) would have, also for
    # an expanded x; a 0-d result is a NumPy scalar, made an array as fn(x)'s would be)
    return np.asarray(fn(x, dtype=wider)).astype(x.dtype)


# The double functions of the C library (through `math`) that `everywhere` applies value by
# value to a vector of up to _BY_VALUE_UP_TO float32 values, where that beats a NumPy call
# with a cast (above ~10 values the call is cheaper).
_SCALAR_FUNCTIONS = {np.exp: math.exp, np.expm1: math.expm1, np.log1p: math.log1p,
                     np.tanh: math.tanh, np.log10: math.log10}
_BY_VALUE_UP_TO = 8


def everywhere(fn: np.ufunc, *, float32_always: bool = False, float64: bool = False):
    """The forward of a function torch computes with MKL or SLEEF for every value: float32 from
    float64 (always if `float32_always`, where NumPy's double loop is as fast as its float32
    one; else up to WIDE_UP_TO values), float64 from long double if `float64` (up to
    WIDE_UP_TO values)."""

    long_double = _LONG_DOUBLE if float64 else None
    scalar = _SCALAR_FUNCTIONS.get(fn)

    def forward(x, out=None):
        # (_rounded_from_wider written out: exp of a few float32 values is tiny_chain's
        # hot path, where each Python call costs ~5% of the op)
        dtype = x.dtype
        if dtype == _F32:
            if scalar is not None and x.ndim == 1 and x.size <= _BY_VALUE_UP_TO:
                # a few values: the C library's double function on each, rounded once as
                # float64's would be, costs ~0.35 us less than NumPy's casting loop
                try:
                    result = np.fromiter(map(scalar, x.tolist()), _F32, x.size)
                except (OverflowError, ValueError):  # (math's range and domain errors)
                    pass
                else:
                    return result if out is None else deliver(result, out)
            if float32_always or x.size <= WIDE_UP_TO:
                wide = fn(x, dtype=np.float64)
                result = (wide if x.ndim else np.asarray(wide)).astype(_F32)
                return result if out is None else deliver(result, out)
        elif dtype == _F64 and long_double is not None and x.size <= WIDE_UP_TO:
            return deliver(_rounded_from_wider(fn, x, long_double), out)
        return fn(x, out=out)

    return ufunc_like(fn, forward, f"np.{fn.__name__} rounded as torch's kernel "
                      "(ops/_torch_libm.py).")


# The least |x| whose exp overflows the dtype: SLEEF's sinh and cosh go through exp(|x|)
# and give inf from there, a little before the true value leaves the dtype's range (the C
# library's sinhf(89) is 2.2e38).
EXP_OVERFLOWS_FROM = {_F32: 88.72283935546875, _F64: 709.7827128933841}


def vector_body(fn: np.ufunc, *, through_exp: bool = False):
    """The forward of a function torch computes with SLEEF on its vectorised loop's body and
    with the C library (NumPy's function) on the tail of each thread's range; `through_exp`:
    SLEEF's result is infinite from EXP_OVERFLOWS_FROM on."""

    def forward(x, out=None):
        dtype = x.dtype
        step = _BODY_STEP.get(dtype)
        wider = _wider(dtype)
        if step is None or wider is None or x.size < step or (
                dtype == _F64 and x.size > WIDE_UP_TO):
            return fn(x, out=out)

        def on_body(body):
            values = _rounded_from_wider(fn, body, wider)
            if through_exp:
                past = np.abs(body) >= EXP_OVERFLOWS_FROM[dtype]
                values[past] = np.copysign(np.inf, values[past])
            return values

        if x.flags.c_contiguous:
            order = "C"
        elif x.flags.f_contiguous:
            order = "F"
        else:
            # torch's loop walks a strided input row by row where its innermost values lie
            # side by side (x[:, :37]: SLEEF on each row's first 32, 22% of sinh's values
            # differed while ember took NumPy's function there), else with its scalar loop
            result = _by_rows(x, on_body, fn, step)
            return fn(x, out=out) if result is None else deliver(result, out)
        result = np.empty_like(x, order=order)
        flat_in, flat_out = x.ravel(order), result.ravel(order)  # (views of both)
        for part in thread_ranges(x.size):
            start, stop = part.start, min(part.stop, x.size)
            body_stop = start + (stop - start) // step * step
            if body_stop > start:
                flat_out[start:body_stop] = on_body(flat_in[start:body_stop])
            if stop > body_stop:
                fn(flat_in[body_stop:stop], out=flat_out[body_stop:stop])
        return deliver(result, out)

    return ufunc_like(fn, forward, f"np.{fn.__name__} rounded as torch's kernel on its "
                      "vectorised body (ops/_torch_libm.py).")


# ---------------------------------------------------------------------- for composite kernels
# The SLEEF functions torch's activation and loss kernels call inside their formulas
# (silu, softplus, mish, elu, logsigmoid...: ops/nn_*.py), rounded as torch.exp, expm1,
# log1p and tanh round them (the same settings as pointwise_unary's ops).
sleef_exp = everywhere(np.exp)
sleef_expm1 = everywhere(np.expm1, float32_always=True, float64=True)
sleef_log1p = everywhere(np.log1p, float32_always=True, float64=True)
sleef_tanh = everywhere(np.tanh, float64=True)


# torch's CPU kernels are compiled with FMA contraction: a * b + c in their formulas
# (gelu's and log_softmax's backward, softmax's backward sums) is one fused multiply-add,
# rounded once. float32 products are exact in float64; a float64 one goes through
# _mt19937.fma (Dekker's exact product and a compensated sum).


def fma(a, b, c):
    """a * b + c rounded once, in the dtype of the arrays (float32, float64; others:
    unfused), as torch's contracted kernels compute it; above WIDE_UP_TO values NumPy's
    unfused a * b + c, 3-10x faster (a training step's speed, docs/performance.md)."""
    if (type(a) is np.ndarray and type(b) is np.ndarray and type(c) is np.ndarray
            and a.dtype is b.dtype is c.dtype and a.dtype == _F32
            and a.size <= WIDE_UP_TO and b.size <= WIDE_UP_TO and c.size <= WIDE_UP_TO):
        # (float32 arrays, log_softmax's backward: the float32 case below without
        # result_type and np.size, ~2 us of ~5)
        wide = np.multiply(a, b, dtype=np.float64)
        return np.add(wide, c, dtype=np.float64).astype(np.float32)
    dtype = np.result_type(a, b, c)
    if max(np.size(a), np.size(b), np.size(c)) > WIDE_UP_TO:
        return a * b + c
    if dtype == _F32:
        wide = np.multiply(a, b, dtype=np.float64)
        return np.add(wide, c, dtype=np.float64).astype(np.float32)
    if dtype != _F64:
        return a * b + c
    return _fma64(a, b, c)


# ---------------------------------------------------------------------- body and tail
# An activation's kernel (softplus, logsigmoid, mish, gelu) runs its formula with SLEEF's
# functions on the vectorised body and with the C library's on the scalar tail, split as
# vector_body splits one function. The C library's exp, log1p and expm1 are NumPy's own
# float64 loops (and its float32 log1p and expm1; glibc's expf is correctly rounded, as
# the wider computation); its tanh is neither NumPy's nor the correctly rounded one (~11%
# of values differ), so it is called per value: a tail has at most 15 values, a strided
# input all of them (up to _PER_VALUE_UP_TO, then the wider computation).
_PER_VALUE_UP_TO = 256


def _c_function(name: str):
    import ctypes
    import ctypes.util
    import math

    try:
        single = getattr(ctypes.CDLL(ctypes.util.find_library("m")), name + "f")
        single.restype, single.argtypes = ctypes.c_float, [ctypes.c_float]
    except (OSError, AttributeError, TypeError):  # no C library to call: the wider value
        single = None
    double = getattr(math, name)
    ufunc = getattr(np, name)

    def call(x: np.ndarray) -> np.ndarray:
        if x.size > _PER_VALUE_UP_TO or x.dtype not in (_F32, _F64) or (
                x.dtype == _F32 and single is None):
            return _rounded_from_wider(ufunc, x, _wider(x.dtype)) if x.dtype in (
                _F32, _F64) and _wider(x.dtype) is not None else ufunc(x)
        fn = single if x.dtype == _F32 else double
        return np.array([fn(float(v)) for v in x.ravel()], dtype=x.dtype).reshape(x.shape)

    return call


c_tanh = _c_function("tanh")


def c_exp(x: np.ndarray) -> np.ndarray:
    """The C library's exp: NumPy's for float64, the correctly rounded one for float32."""
    return _rounded_from_wider(np.exp, x, np.float64) if x.dtype == _F32 else np.exp(x)


def body_and_tail(x: np.ndarray, body, tail, *, rows: bool = False) -> np.ndarray:
    """A kernel's formula on x: `body(part)` on the vectorised body of each contiguous run
    (of each thread's range), `tail(part)` on the rest and on every value of a strided x,
    as vector_body splits (float32 and float64 arrays). `rows`: a strided x whose innermost
    values lie side by side (a slice `x[:, :37]`) is split row by row, as torch's loop
    walks it (measured for pow: each row's last 37 % 16 values take the scalar loop)."""
    step = _BODY_STEP[x.dtype]
    if x.flags.c_contiguous:
        order = "C"
    elif x.flags.f_contiguous:
        order = "F"
    else:
        result = _by_rows(x, body, tail, step) if rows else None
        return tail(x) if result is None else result
    out = np.empty_like(x, order=order)
    flat_in, flat_out = x.ravel(order), out.ravel(order)
    for part in thread_ranges(x.size):
        start, stop = part.start, min(part.stop, x.size)
        body_stop = start + (stop - start) // step * step
        if body_stop > start:
            flat_out[start:body_stop] = body(flat_in[start:body_stop])
        if stop > body_stop:
            flat_out[body_stop:stop] = tail(flat_in[body_stop:stop])
    return out


def _by_rows(x: np.ndarray, body, tail, step: int) -> np.ndarray | None:
    """A strided x split row by row as torch's loop walks it: its dims in memory order
    (TensorIterator's, so `x.t()[:37]` runs down columns), the innermost of unit stride.
    None where torch's loop is its scalar one throughout (no dim of unit stride)."""
    # (a broadcast dim, of stride 0, counts as the outermost)
    order = np.argsort([-abs(st) if st else -np.inf for st in x.strides], kind="stable")
    in_memory_order = x.transpose(order)
    run = _inner_run(in_memory_order)
    if not run:
        return None
    result = _rows_body_and_tail(in_memory_order, body, tail, run, step)
    return result.transpose(np.argsort(order))


def _inner_run(x: np.ndarray) -> int:
    """How many values torch's loop walks with unit stride in one go in a strided x: its
    innermost dims merged while each continues the next in memory (0 where the last dim is
    not contiguous: ember then takes the tail everywhere, as torch's scalar loop)."""
    dims = [(n, st) for n, st in zip(x.shape, x.strides) if n != 1]
    if not dims or dims[-1][1] != x.itemsize:
        return 0
    run = dims[-1][0]
    outer = dims[:-1]
    while outer and outer[-1][1] == x.itemsize * run:
        run *= outer.pop()[0]
    if x.size >= _SERIAL_SIZE:
        # torch's threads split the loop's order, which is C order only where the outer
        # dims are in memory order
        strides = [st for _, st in outer]
        if any(st <= 0 for st in strides) or strides != sorted(strides, reverse=True):
            return 0
    return run


def _rows_body_and_tail(x: np.ndarray, body, tail, run: int, step: int) -> np.ndarray:
    # (C order walks the runs one after another: a value's place in its run is its C-order
    # index modulo the run; the result keeps x's order of dims, as torch's)
    index = np.arange(x.size)
    row_start = index // run * run
    in_body = np.empty(x.size, bool)
    for part in thread_ranges(x.size):  # (a thread's range may start or end mid-row)
        start, stop = part.start, min(part.stop, x.size)
        first = np.maximum(row_start[start:stop], start)
        last = np.minimum(row_start[start:stop] + run, stop)
        in_body[start:stop] = index[start:stop] - first < (last - first) // step * step
    in_body = in_body.reshape(x.shape)
    out = np.empty_like(x)
    out[in_body] = body(x[in_body])
    out[~in_body] = tail(x[~in_body])
    return out
