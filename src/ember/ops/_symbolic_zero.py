"""A gradient known to be zero, which the products and quotients after it keep zero.

torch's gradient of `sgn` for a real input is no array of zeros but a ZeroTensor: a tensor
that holds no values and that a few kernels treat as the symbolic zero it is. A product
with it (by inf or nan too), a quotient of it (by 0 too), a sum or difference of two of
them and a view of it are ZeroTensors again; a sum with a real tensor is that tensor (its
-0 kept, `zero - t` is `-t`); every other op reads it as zeros. So `abs(log(x))`'s second
derivative at x = 0 is -inf in torch: the part that passes through sgn's gradient and then
log's (`zero / x`) adds nothing, where zeros would give 0 / 0 = nan.

`SymbolicZeros` is that, for the backward pass on arrays (autograd/engine.py): a read-only
array of zeros (one value broadcast, as the ZeroTensor holds none) that NumPy's operators
handle as torch's ZeroTensor kernels do (`__array_ufunc__`, `__array_function__`). Formulas
need not know of it: `g * d` and `g / x` keep it, `-g`, `xp.where`, sums and matrix
products give plain arrays, as the ZeroTensor turns into zeros in torch's other ops. The
engine keeps it between nodes and makes it plain zeros wherever a gradient leaves the pass
(`.grad`, autograd.grad's results, hooks, nodes that run on Tensors). On Tensors
(create_graph) formulas get plain zeros: ember has no Tensor counterpart (third
derivatives through sgn may still differ).
"""

from __future__ import annotations

import numpy as np

__all__ = ["SymbolicZeros", "symbolic_zeros", "is_symbolic", "materialized", "added",
           "arriving", "KEEPING"]

_ndarray = np.ndarray


class SymbolicZeros(np.ndarray):
    """Zeros that products, quotients and views keep symbolic (see the module's doc).

    A formula may write into an array it made (`p = g * w; p -= x`): NumPy's in-place
    operations on one end its symbolic meaning for it and every view of its memory (they
    share one flag, `_symbolic`), so it holds plain values from then on."""

    def __array_finalize__(self, obj):
        # (a view shares its base's flag; an array made from a plain one gets its own)
        self._symbolic = getattr(obj, "_symbolic", None) or [True]

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        out = kwargs.get("out")
        if out is not None:
            for x in out:
                _written(x)
            kwargs["out"] = tuple(_plain(x) for x in out)
        if method == "at":
            _written(inputs[0])
        plain = tuple(_plain(x) for x in inputs)
        result = getattr(ufunc, method)(*plain, **kwargs)
        if method != "__call__" or out is not None or ufunc.nout != 1:
            return result
        zero = [is_symbolic(x) for x in inputs]
        if not any(zero):
            return result
        if ufunc is np.multiply or (ufunc is np.true_divide and zero[0]) or (
                ufunc in (np.add, np.subtract) and all(zero)):
            result = np.asarray(result)
            return np.zeros(result.shape, result.dtype).view(SymbolicZeros)
        if ufunc in (np.add, np.subtract):  # one real operand: that operand (-it for 0 - b)
            result = np.asarray(result)
            other = plain[1] if zero[0] else plain[0]
            if ufunc is np.subtract and zero[0]:
                other = np.negative(other)
            kept = np.empty(result.shape, result.dtype)
            kept[...] = other
            return kept
        return result

    def __array_function__(self, func, types, args, kwargs):
        if func in _WRITERS and args:
            _written(args[0])
        if "out" in kwargs:
            _written(kwargs["out"])
        result = func(*_plain_arguments(args), **{k: _plain_arguments(v) if type(v) in (
            list, tuple) else _plain(v) for k, v in kwargs.items()})
        if func in _VIEWS and type(result) is _ndarray and any(
                is_symbolic(a) for a in args[:1]):
            return result.view(SymbolicZeros)
        return result

    def __getitem__(self, index):
        result = super().__getitem__(index)
        if type(result) is SymbolicZeros and not _basic(index):
            return result.view(_ndarray)  # torch's index reads the zeros: a plain copy
        return result

    def __setitem__(self, index, value):
        self._symbolic[0] = False
        super().__setitem__(index, value)

    def fill(self, value):
        self._symbolic[0] = False
        super().fill(value)

    def copy(self, order="C"):
        return np.array(self.view(_ndarray), order=order)  # (clone: plain zeros)

    def astype(self, dtype, *args, **kwargs):
        return self.view(_ndarray).astype(dtype, *args, **kwargs)  # (a cast: plain zeros)


# NumPy functions that are views in torch too (reshape, transpose, expand...): they keep it.
_VIEWS = frozenset({np.reshape, np.transpose, np.swapaxes, np.moveaxis, np.squeeze,
                    np.expand_dims, np.broadcast_to, np.ravel})
# NumPy functions that write into their first argument.
_WRITERS = frozenset({np.copyto, np.place, np.put, np.putmask, np.fill_diagonal,
                      np.put_along_axis})


def is_symbolic(x) -> bool:
    """Whether x is symbolic zeros (not written into since)."""
    return type(x) is SymbolicZeros and x._symbolic[0]


def _written(x) -> None:
    if type(x) is SymbolicZeros:
        x._symbolic[0] = False


def _plain(x):
    return x.view(_ndarray) if type(x) is SymbolicZeros else x


def _plain_arguments(args):
    return type(args)(_plain_arguments(a) if type(a) in (list, tuple) else _plain(a)
                      for a in args)


def _basic(index) -> bool:
    """Whether an index selects a view (ints, slices, None, Ellipsis)."""
    items = index if type(index) is tuple else (index,)
    return all(i is None or i is Ellipsis or type(i) in (int, slice) for i in items)


def symbolic_zeros(shape: tuple, dtype) -> SymbolicZeros:
    """Zeros of `shape` and `dtype` that products and quotients keep zero: one read-only
    value broadcast (a gradient handed to a formula is never written into)."""
    return np.broadcast_to(np.zeros((), dtype), shape).view(SymbolicZeros)


def added(old, grad):
    """old + grad where the engine accumulates two gradients of one value. torch's engine
    adds a later gradient into the earlier one in place where it can, which reads a
    ZeroTensor as zeros (-0 + 0 is 0); an earlier ZeroTensor gives way to the later
    gradient (`zeros + b` is b, its -0 kept)."""
    if type(grad) is SymbolicZeros and not is_symbolic(old):
        grad = grad.view(_ndarray)
    return old + grad


# The ops whose backward formula in torch keeps a ZeroTensor gradient zero for some input:
# formulas of products, quotients, sums and views (torch's elementwise derivatives, sum's
# expand, cat's narrow...), found by giving torch's backward of every op sample a
# ZeroTensor. Symbolic zeros reaching any other op's node become plain zeros first, as
# torch's kernels (gelu_backward, mm, where, ...) read a ZeroTensor as zeros; ember's
# formulas for the ops listed here are written with the same products as torch's, so
# NumPy's operators on SymbolicZeros give torch's results (tests/test_symbolic_zeros.py).
KEEPING = frozenset({
    "abs", "acos", "acosh", "add", "add_alpha", "addbmm", "addcdiv", "addcmul", "addmm",
    "addmv", "addr", "alias", "amax", "amin", "asin", "asinh", "atan", "atan2", "atanh",
    "baddbmm", "binary_cross_entropy_with_logits", "block_diag", "cat", "clone",
    "convolution_bias_grad", "copy", "copysign", "copysign_scalar", "cos", "cosh", "cross",
    "cumprod", "cumsum", "deg2rad", "det", "diag_embed", "diag_embed_dims",
    "diagonal_backward", "digamma", "dist", "div", "dot", "erf", "erfc", "erfinv", "exp",
    "exp2", "expm1", "fmod", "fmod_scalar", "frac", "frexp", "gelu_backward",
    "glu_backward", "huber_loss_backward", "hypot", "i0", "index_add",
    "index_put_accumulate", "ldexp", "lerp", "lerp_tensor", "lgamma", "log", "log10",
    "log1p", "log2", "log_sigmoid_backward", "logaddexp", "logaddexp2", "logsumexp",
    "matmul", "mm", "mse_loss_backward", "mul", "mv", "mvlgamma", "nan_to_num", "nansum",
    "native_batch_norm_backward", "norm", "norm_dim", "permute", "polygamma", "pow",
    "pow_tensor", "prod", "prod_dim", "put", "rad2deg", "remainder", "remainder_scalar",
    "reshape_alias", "rpow", "rsqrt", "scatter_add", "scatter_reduce", "select_backward",
    "sgn", "sin", "sinh", "slice_backward", "soft_margin_loss_backward", "special_entr",
    "special_i1", "special_ndtri", "special_xlog1py", "sqrt", "squeeze", "squeeze_dim",
    "squeeze_dim_inplace", "squeeze_inplace", "stack", "sub", "sub_alpha", "sum", "sum_dim",
    "sum_to_size", "t", "t_inplace", "tan", "transpose", "transpose_inplace",
    "unfold_backward", "unsafe_view", "unsqueeze", "unsqueeze_inplace", "var", "vdot",
    "view", "xlogy", "xlogy_scalar_self"})


def arriving(grad, op):
    """A gradient as the node of `op` (None: a custom Function's, a joint node's) takes
    it: symbolic zeros stay symbolic only for the ops in KEEPING."""
    if type(grad) is SymbolicZeros and grad._symbolic[0] and (
            op is None or op.name not in KEEPING):
        return np.zeros(grad.shape, grad.dtype)
    return grad


def materialized(grad):
    """A gradient as a plain array: symbolic zeros become writable zeros."""
    if type(grad) is SymbolicZeros:
        return np.zeros(grad.shape, grad.dtype) if grad._symbolic[0] else grad.view(_ndarray)
    return grad
