"""gather / scatter: reading and writing along one dim at the positions of an index
tensor with the input's number of dims (gather, take_along_dim, scatter, scatter_add).

It also holds what the index-vector ops of `indexing_select` share with these: the check of
an index argument, the 0-d-as-1-d view, and the tangent rule of an op writing a constant.
"""

from __future__ import annotations

import numpy as np

from .._dispatch import _type_name, apply
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from ..autograd.node import history_first, keep_versions
from . import _xp as xp
from ._dims import wrap_dim
from ._registry import OPS, allow_complex, declare, public
from ._registry import needs_grad as _needs


# ---------------------------------------------------------------------- shared helpers
def _with_zero_value(ctx, t):
    """Tangent rule of an op writing a constant `value` (its last param) into x: the same
    write of 0 into the tangent (the written positions no longer depend on x)."""
    return apply(ctx.op, (t,), ctx.params[:-1] + (0,))


_INDEX_DTYPES = (np.dtype(np.int64), np.dtype(np.int32))


def _index_tensor(index, function: str, position: int) -> np.ndarray:
    if not isinstance(index, Tensor):
        raise TypeError(f"{function}(): argument 'index' (position {position}) must be "
                        f"Tensor, not {type(index).__name__}")
    return index._data


def _scatter_gather_index(index, function: str, position: int) -> np.ndarray:
    """The index of gather/scatter: torch checks nothing of an empty one, not even its
    dtype (take, index_select... do check it)."""
    array = _index_tensor(index, function, position)
    return array if array.size else array.astype(np.int64)


def _as_1d(array: np.ndarray) -> np.ndarray:
    return array.reshape(1) if array.ndim == 0 else array


# ---------------------------------------------------------------------- gather / scatter
def _grid(index: np.ndarray, dim: int) -> tuple:
    """The NumPy index of gather/scatter: index along `dim`, each position elsewhere."""
    ndim = index.ndim
    parts = []
    for axis in range(ndim):
        if axis == dim:
            parts.append(index)
        else:
            shape = [1] * ndim
            shape[axis] = index.shape[axis]
            parts.append(np.arange(index.shape[axis]).reshape(shape))
    return tuple(parts)


def _check_scatter_index(name: str, x: np.ndarray, dim: int, index: np.ndarray,
                         src: np.ndarray | None = None) -> None:
    if not index.size:  # an empty index writes or reads nothing: torch checks nothing
        return
    if index.dtype not in _INDEX_DTYPES:
        raise RuntimeError(f"{name}(): Expected dtype int32/int64 for index")
    if max(index.ndim, 1) != max(x.ndim, 1):
        raise RuntimeError("Index tensor must have the same number of dimensions as "
                           f"{'input' if name == 'gather' else 'self'} tensor")
    if src is not None and max(index.ndim, 1) != max(src.ndim, 1):
        raise RuntimeError("Index tensor must have the same number of dimensions as src "
                           "tensor")
    for axis in range(index.ndim):
        too_big = axis != dim and x.ndim and index.shape[axis] > x.shape[axis]
        too_big_src = src is not None and src.ndim and index.shape[axis] > src.shape[axis]
        if too_big and name == "gather":
            raise RuntimeError(
                f"Size does not match at dimension {axis} expected index {list(index.shape)} "
                f"to be no larger than self {list(x.shape)} apart from dimension {dim}")
        if too_big or too_big_src:
            raise RuntimeError(
                f"Expected index {list(index.shape)} to be no larger than self "
                f"{list(x.shape)} apart from dimension {dim} and to be no larger size than "
                f"src {list(src.shape if src is not None else ())}")
    size = x.shape[dim] if x.ndim else 1
    bad = (index < 0) | (index >= size)
    if bad.any():
        raise RuntimeError(f"index {int(index[bad][0])} is out of bounds for dimension {dim} "
                           f"with size {size}")


def _gather_array(x: np.ndarray, dim: int, index: np.ndarray) -> np.ndarray:
    if not index.size:  # (an empty index may have any number of dims)
        return np.empty(index.shape, x.dtype)
    return _as_1d(x)[_grid(_as_1d(index), dim)].reshape(index.shape)


@declare("gather", saves=(0,), saves_params={1: (0,)}, grad_fn="GatherBackward0",
         formula="gradient scatter-added back to the gathered positions")
def _gather(x, dim, index, input_shape):
    return _gather_array(x, dim, index)


@_gather.backward
def _(ctx, g):
    dim, index, input_shape = ctx.params
    zeros = xp.zeros(input_shape, like=g)
    return (xp.op("scatter_add", (zeros, g), dim, index, tuple(g.shape)),)


_gather.tangent(_fw.linear)


@public()
def gather(input: Tensor, dim: int, index: Tensor, *, sparse_grad: bool = False) -> Tensor:
    """Values of `input` along `dim` at the positions in `index` (same ndim as input)."""
    history_first(input)
    index_array = _scatter_gather_index(index, "gather", 2)
    d = wrap_dim(dim, input._data.ndim)
    _check_scatter_index("gather", input._data, d, index_array)
    return keep_versions(apply(OPS["gather"], (input,), (d, index_array, input._data.shape)),
                         index)


@public()
def take_along_dim(input: Tensor, indices: Tensor, dim: int | None = None) -> Tensor:
    """`gather` with NumPy's take_along_axis rules: the tensors broadcast except along
    `dim`, where indices wrap around; without `dim`, both are flattened (and the indices
    must be in range, as gather's)."""
    index_array = _index_tensor(indices, "take_along_dim", 2)
    if index_array.dtype != np.int64:
        raise RuntimeError("torch.take_along_dim(): dtype of indices should be Long but got "
                           f"{_type_name(index_array.dtype)}")
    if dim is None:
        return gather(input.reshape(-1), 0, indices.reshape(-1))
    if input._data.ndim != index_array.ndim:
        raise RuntimeError(
            "torch.take_along_dim(): input and indices should have the same number of "
            f"dimensions, but got {input._data.ndim} dimensions for input, and "
            f"{index_array.ndim} dimensions for indices")
    d = wrap_dim(dim, input._data.ndim)
    shape, index_shape = list(input._data.shape), list(index_array.shape)
    shape[d] = index_shape[d] = 1
    try:
        common = list(np.broadcast_shapes(tuple(shape), tuple(index_shape)))
    except ValueError:
        raise _size_mismatch(shape, index_shape) from None
    input_shape, index_target = common.copy(), common.copy()
    input_shape[d], index_target[d] = input._data.shape[d], index_array.shape[d]
    size = input._data.shape[d]
    if index_array.size:
        # torch wraps every index modulo the size along dim (3 of 2 is 1, -3 is 1), as
        # its integer `%`: by a size of 0 that is its ZeroDivisionError
        if not size:
            raise RuntimeError("ZeroDivisionError")
        if index_array.min() < 0 or index_array.max() >= size:
            index_array = np.mod(index_array, size)
            indices = Tensor(index_array)
    index = indices if tuple(index_target) == index_array.shape else \
        Tensor(np.broadcast_to(index_array, index_target))
    return gather(input.expand(input_shape), d, index)


def _size_mismatch(a: list, b: list) -> RuntimeError:
    """torch's error for shapes that do not broadcast (the last mismatching dim)."""
    ndim = max(len(a), len(b))
    a, b = [1] * (ndim - len(a)) + list(a), [1] * (ndim - len(b)) + list(b)
    dim = max(i for i in range(ndim) if a[i] != b[i] and 1 not in (a[i], b[i]))
    return RuntimeError(f"The size of tensor a ({a[dim]}) must match the size of tensor b "
                        f"({b[dim]}) at non-singleton dimension {dim}")


def _src_gradient(grad, shape: tuple, node: str):
    """The gradient of a scatter's src: the output's gradient gathered at the index, in the
    index's shape. torch's engine refuses it for a src of another shape (larger than the
    index, or an empty index of fewer dims), naming the node (`node`)."""
    if tuple(grad.shape) != tuple(shape):
        raise RuntimeError(f"Function {node} returned an invalid gradient at index 1 - got "
                           f"{list(grad.shape)} but expected shape compatible with "
                           f"{list(shape)}")
    return grad


def _scattered(x: np.ndarray, dim: int, index: np.ndarray, src, accumulate: bool | str):
    """x with src written at index along dim; `accumulate`: True (or "add") adds,
    "multiply" multiplies, repeated positions accumulating."""
    out = x.copy()
    if not index.size:  # (an empty index may have any number of dims)
        return out
    if accumulate and x.dtype == np.float16:
        # torch accumulates float16 in a float32 copy of x, rounded once at the end
        return _scattered(x.astype(np.float32), dim, index, src if not isinstance(
            src, np.ndarray) else src.astype(np.float32), accumulate).astype(np.float16)
    target = _as_1d(out)
    grid = _grid(_as_1d(index), dim)
    if isinstance(src, np.ndarray):
        src = _as_1d(src)[tuple(slice(0, n) for n in _as_1d(index).shape)]
    if accumulate == "multiply":
        np.multiply.at(target, grid, src)
    elif accumulate:
        np.add.at(target, grid, src)
    else:
        target[grid] = src
    return out


@declare("scatter", saves_params={1: (0, 1)}, grad_fn="ScatterBackward0",
         formula="d/dx: gradient zeroed where written; d/dsrc: gradient gathered")
def _scatter(x, src, dim, index, src_shape):
    return _scattered(x, dim, index, src, accumulate=False)


@_scatter.backward
def _(ctx, g):
    dim, index, src_shape = ctx.params
    grad_x = xp.op("scatter_value", (g,), dim, index, 0) if _needs(ctx, 0) else None
    grad_src = None
    if _needs(ctx, 1):
        grad_src = _src_gradient(xp.op("gather", (g,), dim, index, tuple(g.shape)), src_shape,
                           "ScatterBackward0")
    return grad_x, grad_src


_scatter.tangent(_fw.linear)


@declare("scatter_value", saves_params={1: (0,)}, grad_fn="ScatterBackward1",
         formula="d/dx: gradient zeroed where written")
def _scatter_value(x, dim, index, value):
    return _scattered(x, dim, index, value, accumulate=False)


@_scatter_value.backward
def _(ctx, g):
    dim, index, _ = ctx.params
    return (xp.op("scatter_value", (g,), dim, index, 0),)


_scatter_value.tangent(_with_zero_value)


def _check_same_dtype(name: str, input: Tensor, src: Tensor) -> None:
    if input._data.dtype != src._data.dtype:
        raise RuntimeError(f"{name}(): Expected self.dtype to be equal to src.dtype")


@public(inplace=True)
def scatter(input: Tensor, dim: int, index: Tensor, src=None, *, value=None,
            reduce: str | None = None) -> Tensor:
    """A copy of `input` with `src` (a tensor or a number) written along `dim` at `index`;
    with `reduce` ('add' or 'multiply'), combined with what is there (no gradient, as in
    torch)."""
    history_first(input)
    if reduce is not None and reduce not in ("add", "multiply"):
        raise RuntimeError("reduce argument must be either add or multiply.")
    if src is None:
        src = value
    index_array = _scatter_gather_index(index, "scatter", 3)
    d = wrap_dim(dim, input._data.ndim)
    if isinstance(src, Tensor):
        _check_scatter_index("scatter", input._data, d, index_array, src._data)
        _check_same_dtype("scatter", input, src)
        if reduce is not None:
            return apply(OPS["scatter_reducing"], (input, src), (d, index_array, reduce))
        return keep_versions(apply(OPS["scatter"], (input, src),
                                   (d, index_array, src._data.shape)), index)
    _check_scatter_index("scatter", input._data, d, index_array)
    if reduce is not None:
        value = np.asarray(src).astype(input._data.dtype)[()]  # 2.5 into integers is 2
        return apply(OPS["scatter_value_reducing"], (input,), (d, index_array, reduce, value))
    return keep_versions(apply(OPS["scatter_value"], (input,), (d, index_array, src)), index)


# torch records scatter(reduce=...) without a derivative (NotImplemented, aten::scatter)
@declare("scatter_reducing", grad_not_implemented="aten::scatter")
def _scatter_reducing(x, src, dim, index, reduce):
    return _scattered(x, dim, index, src, accumulate=reduce)


@declare("scatter_value_reducing", grad_not_implemented="aten::scatter")
def _scatter_value_reducing(x, dim, index, reduce, value):
    return _scattered(x, dim, index, value, accumulate=reduce)


@declare("scatter_add", saves_params={1: (1,)}, grad_fn="ScatterAddBackward0",
         formula="d/dx = 1; d/dsrc: gradient gathered")
def _scatter_add(x, src, dim, index, src_shape):
    return _scattered(x, dim, index, src, accumulate=True)


@_scatter_add.backward
def _(ctx, g):
    dim, index, src_shape = ctx.params
    grad_src = None
    if _needs(ctx, 1):
        grad_src = _src_gradient(xp.op("gather", (g,), dim, index, tuple(g.shape)), src_shape,
                           "ScatterAddBackward0")
    return g, grad_src


_scatter_add.tangent(_fw.linear)


@public(inplace=True)
def scatter_add(input: Tensor, dim: int, index: Tensor, src: Tensor) -> Tensor:
    """A copy of `input` with `src` added along `dim` at `index` (repeats accumulate)."""
    index_array = _scatter_gather_index(index, "scatter_add", 3)
    d = wrap_dim(dim, input._data.ndim)
    _check_scatter_index("scatter", input._data, d, index_array, src._data)
    _check_same_dtype("scatter", input, src)
    return keep_versions(apply(OPS["scatter_add"], (input, src),
                               (d, index_array, src._data.shape)), index)

# Linear in the tensors with real coefficients: forward and backward hold for complex values
# (checked against torch: tests/samples/complex_shape.py).
allow_complex("gather", "scatter", "scatter_value", "scatter_add")
