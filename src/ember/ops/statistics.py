"""Statistics of samples and fields: cov, corrcoef, gradient, histogram, unravel_index.

cov, corrcoef and gradient are torch's compositions of public ops, in torch's order, so
their values round as torch's do and their gradients end in torch's nodes (cov's
SqueezeBackward0, corrcoef's ClampBackward1, gradient's CatBackward0). histogram counts as
torch's CPU kernel does (bins from torch's linspace, each element placed by division and
checked against its neighbouring edges, or by binary search among given edges); its
results carry torch's NotImplemented node when the input requires grad. unravel_index is
torch's Python function: a floor division and a remainder.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Number

import numpy as np

from .. import _dtype
from .._creation import _torch_linspace
from .._dispatch import apply
from .._tensor import Tensor
from .._warnings import warn
from ._dims import wrap_dim, wrap_dims
from ._registry import OPS, declare, public
from .indexing_select import _scalar_name
from .nn_loss import div_scalar, mul_scalar
from .return_types import _return_type, return_types

_HISTOGRAM = return_types.histogram = _return_type("histogram", ("hist", "bin_edges"))


def _long(value: int) -> Tensor:
    return Tensor(np.array(value, np.int64))


def _dtype_word(t: Tensor) -> str:
    """A dtype as torch's C++ messages print it (float, double, long int...)."""
    return {"float32": "float", "float64": "double", "float16": "c10::Half",
            "int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char",
            "uint8": "unsigned char", "bool": "bool"}[t._data.dtype.name]


# ---------------------------------------------------------------------- cov, corrcoef
def _check_weights(w: Tensor, name: str, observations: int, integral: bool) -> None:
    if w._data.ndim > 1:
        raise RuntimeError(f"cov(): expected {name} to have one or fewer dimensions but got "
                           f"{name} with {w._data.ndim} dimensions")
    kind = w._data.dtype.kind
    if integral and kind not in "iu":
        raise RuntimeError(f"cov(): expected {name} to have integral dtype but got {name} "
                           f"with {_scalar_name(w)} dtype")
    if not integral and kind != "f":
        raise RuntimeError(f"cov(): expected {name} to have floating point dtype but got "
                           f"{name} with {_scalar_name(w)} dtype")
    if w._data.size != observations:
        raise RuntimeError(f"cov(): expected {name} to have the same numel as there are "
                           f"observations in the input but got {w._data.size} != "
                           f"{observations}")
    if observations and w._data.min() < 0:
        raise RuntimeError(f"cov(): {name} cannot be negative")


@public()
def cov(input: Tensor, *, correction: int = 1, fweights: Tensor | None = None,
        aweights: Tensor | None = None) -> Tensor:
    """The covariance matrix of the variables in input's rows, observations in its columns
    (a 1-d input is one variable); fweights are integer repeat counts and aweights
    importance weights of the observations; correction=1 is Bessel's correction."""
    if input._data.ndim > 2:
        raise RuntimeError("cov(): expected input to have two or fewer dimensions but got an "
                           f"input with {input._data.ndim} dimensions")
    if input._data.dtype == np.bool_:
        raise RuntimeError("cov(): bool dtype is not supported for input")
    x = input.view(1, -1) if input._data.ndim < 2 else input
    observations = x._data.shape[1]
    w = None
    if fweights is not None:
        _check_weights(fweights, "fweights", observations, integral=True)
        w = fweights
    if aweights is not None:
        _check_weights(aweights, "aweights", observations, integral=False)
        w = aweights if w is None else w * aweights
    w_sum = _long(observations) if w is None else w.sum()
    if w is not None and not w_sum._data != 0:
        raise RuntimeError("cov(): weights sum to zero, can't be normalized")
    average = (x if w is None else x * w).sum(1) / w_sum
    if w is None:
        norm = _long(observations - correction)
    elif correction == 0:
        norm = w_sum
    elif aweights is None:
        norm = w_sum - correction
    elif fweights is None and observations == 1 and correction == 1:
        norm = _long(0)  # (torch's corner case: numpy's result for one weighted observation)
    else:
        norm = w_sum - correction * (w * aweights).sum() / w_sum
    if norm._data <= 0:
        warn("cov(): degrees of freedom is <= 0. Correction should be strictly less than the "
             "number of observations.")
        norm = Tensor(np.zeros((), norm._data.dtype))
    if observations == 1 and (fweights is None) != (aweights is None):
        # one observation with one kind of weights deviates from its weighted mean by
        # exactly 0: torch zeroes its input (through the view) in place to say so
        x.zero_()
        if x._data.dtype.kind in "iub":
            x = x.to(_dtype.float32)
    else:
        x = x - average.unsqueeze(1)
    other = (x if w is None else x * w).t()
    c = x.mm(other.conj() if other._data.dtype.kind == "c" else other)  # (torch's x w x^H)
    return c.true_divide(norm).squeeze()


@public()
def corrcoef(input: Tensor) -> Tensor:
    """Pearson's correlation coefficients of the variables in input's rows (cov divided by
    the standard deviations), clipped to [-1, 1] as NumPy does."""
    if input._data.ndim > 2:
        raise RuntimeError("corrcoef(): expected input to have two or fewer dimensions but "
                           f"got an input with {input._data.ndim} dimensions")
    c = cov(input)
    if c._data.ndim == 0:
        return c / c  # (nan for a variance of 0, inf or nan; 1 otherwise)
    stddev = c.diagonal().sqrt()
    c = c / stddev.view(-1, 1)
    c = c / stddev.view(1, -1)
    if c._data.dtype.kind == "c":  # each part clipped, as torch (ComplexBackward0)
        return apply(OPS["complex"], (c.real.clip(-1, 1), c.imag.clip(-1, 1)))
    return c.clip(-1, 1)


# ---------------------------------------------------------------------- gradient
_GRADIENT_SIGNATURES = """\
 * (Tensor input, *, tuple of ints dim, int edge_order = 1)
 * (Tensor input, *, Number spacing, tuple of ints dim, int edge_order = 1)
 * (Tensor input, *, Number spacing = None, int dim = None, int edge_order = 1)
 * (Tensor input, *, tuple of Scalars spacing, int dim = None, int edge_order = 1)
 * (Tensor input, *, tuple of Scalars spacing, tuple of ints dim, int edge_order = 1)
 * (Tensor input, *, tuple of Tensors spacing, int dim = None, int edge_order = 1)
 * (Tensor input, *, tuple of Tensors spacing, tuple of ints dim, int edge_order = 1)
"""


def _part(x: Tensor, dim: int, start: int, stop: int | None = None):
    """x[..., start:stop] along dim, with Python's negative bounds (torch's at::slice)."""
    from .shape_parts import slice_dim

    size = x._data.shape[dim]
    start = max(start + size, 0) if start < 0 else min(start, size)
    stop = size if stop is None else (max(stop + size, 0) if stop < 0 else min(stop, size))
    return slice_dim(x, dim, start, max(stop, start))


def _times(x: Tensor, number) -> Tensor:
    """number * x as torch's C++ writes it (a Scalar product: MulBackward1 on floats)."""
    return mul_scalar(x, number) if x._data.dtype.kind == "f" else number * x


def _over(x: Tensor, number) -> Tensor:
    """x / number, a Scalar quotient (DivBackward1 on floats)."""
    return div_scalar(x, number) if x._data.dtype.kind == "f" else x / number


def _is_number(value) -> bool:
    return (isinstance(value, Number) and not isinstance(value, bool)) or (
        isinstance(value, Tensor) and value._data.ndim == 0)


def _number(value):
    return value.item() if isinstance(value, Tensor) else value


def _gradient_by_spacing(x: Tensor, spacing: list, dims: list, edge_order: int) -> tuple:
    from .shape_copies import cat

    result = []
    for d, h in zip(dims, spacing):
        d = wrap_dim(d, x._data.ndim)
        center = _over(_part(x, d, 2) - _part(x, d, 0, -2), h)
        if edge_order == 1:
            first = _over(_part(x, d, 1, 2) - _part(x, d, 0, 1), h)
            last = _over(_part(x, d, -1) - _part(x, d, -2, -1), h)
        else:
            first = _over(_times(_part(x, d, 0, 1), -1.5) + _times(_part(x, d, 1, 2), 2)
                          - _times(_part(x, d, 2, 3), 0.5), h)
            last = _over(_times(_part(x, d, -3, -2), 0.5) - _times(_part(x, d, -2, -1), 2)
                         + _times(_part(x, d, -1), 1.5), h)
        result.append(cat([first, _over(center, 2), last], d))
    return tuple(result)


def _gradient_by_coordinates(x: Tensor, coordinates: list, dims: list,
                             edge_order: int) -> tuple:
    from .shape_copies import cat

    result = []
    for d, points in zip(dims, coordinates):
        if points._data.ndim != 1:
            raise RuntimeError("torch.gradient expected each element of spacing to have one "
                               f"dimension, but got an element with {points._data.ndim} "
                               "dimensions!")
        d = wrap_dim(d, x._data.ndim)
        shape = [1] * x._data.ndim
        shape[d] = -1
        dx = points.diff(1, 0)
        dx1, dx2 = _part(dx, 0, 0, -1), _part(dx, 0, 1)
        a = (-dx2 / (dx1 * (dx1 + dx2))).reshape(shape)
        b = ((dx2 - dx1) / (dx1 * dx2)).reshape(shape)
        c = (dx1 / (dx2 * (dx1 + dx2))).reshape(shape)
        center = a * _part(x, d, 0, -2) + b * _part(x, d, 1, -1) + c * _part(x, d, 2)
        if edge_order == 1:
            first = (_part(x, d, 1, 2) - _part(x, d, 0, 1)) / dx[0]
            last = (_part(x, d, -1) - _part(x, d, -2, -1)) / dx[-1]
        else:
            a = -(_times(dx[0], 2.0) + dx[1]) / (dx[0] * (dx[0] + dx[1]))
            b = (dx[0] + dx[1]) / (dx[0] * dx[1])
            c = (-dx[0]) / (dx[1] * (dx[0] + dx[1]))
            first = a * _part(x, d, 0, 1) + b * _part(x, d, 1, 2) + c * _part(x, d, 2, 3)
            a = dx[-1] / (dx[-2] * (dx[-1] + dx[-2]))
            b = -(dx[-1] + dx[-2]) / (dx[-1] * dx[-2])
            c = (_times(dx[-1], 2) + dx[-2]) / (dx[-1] * (dx[-1] + dx[-2]))
            last = a * _part(x, d, -3, -2) + b * _part(x, d, -2, -1) + c * _part(x, d, -1)
        result.append(cat([first, center, last], d))
    return tuple(result)


def _check_gradient(x: Tensor, spacing_size: int | None, dims: list | None,
                    edge_order: int) -> None:
    ndim = x._data.ndim
    if x._data.dtype == np.uint8:
        raise RuntimeError("torch.gradient does not support uint8 input.")
    if spacing_size is not None and dims is None and spacing_size != ndim:
        raise RuntimeError("torch.gradient expected spacing to be unspecified, a scalar, or a "
                           f"list of length equal to 'self.dim() = {ndim}', since dim argument "
                           f"was not given, but got a list of length {spacing_size}")
    if spacing_size is not None and dims is not None and spacing_size != len(dims):
        raise RuntimeError("torch.gradient expected spacing to be unspecified, a scalar or "
                           "it's spacing and dim arguments to have the same length, but got a "
                           f"spacing argument of length {spacing_size} and a dim argument of "
                           f"length {len(dims)}.")
    if edge_order not in (1, 2):
        raise RuntimeError("torch.gradient only supports edge_order=1 and edge_order=2.")
    if dims is not None:
        wrap_dims(dims, ndim)
    for d in (range(ndim) if dims is None else dims):
        if x._data.shape[d] < edge_order + 1:
            raise RuntimeError("torch.gradient expected each dimension size to be at least "
                               "edge_order+1")


def _gradient_type_error(spacing, dim) -> TypeError:
    given = ["Tensor"]
    if spacing is not None:
        given.append(f"spacing={type(spacing).__name__}")
    if dim is not None:
        given.append(f"dim={type(dim).__name__}")
    return TypeError("gradient() received an invalid combination of arguments - got "
                     f"({', '.join(given)}), but expected one of:\n{_GRADIENT_SIGNATURES}")


@public(method=False)
def gradient(input: Tensor, *, spacing=None, dim=None, edge_order: int = 1) -> tuple:
    """Estimates of the derivatives of the samples in `input` along each dim (or `dim`) by
    central differences inside and one-sided differences at the ends (of second order with
    edge_order=2); `spacing` is the step (a number, one per dim) or the sample coordinates
    (one 1-d tensor per dim)."""
    ndim = input._data.ndim
    dim_list = None if dim is None else ([dim] if isinstance(dim, int) else list(dim))
    if spacing is not None and not _is_number(spacing) and not (
            isinstance(spacing, (list, tuple))):
        raise _gradient_type_error(spacing, dim)
    if spacing is None or _is_number(spacing):
        unit = 1.0 if spacing is None else _number(spacing)
        count = 1 if isinstance(dim, int) else (ndim if dim is None else len(dim_list))
        _check_gradient(input, None if spacing is None else count, dim_list,
                        edge_order)
        dims = dim_list if dim_list is not None else list(range(ndim))
        return _gradient_by_spacing(input, [unit] * count, dims, edge_order)
    dims = dim_list if dim_list is not None else list(range(ndim))
    _check_gradient(input, len(spacing), dim_list, edge_order)
    if any(isinstance(s, Tensor) for s in spacing):  # (torch's "tuple of Tensors")
        return _gradient_by_coordinates(input, list(spacing), dims, edge_order)
    return _gradient_by_spacing(input, [_number(s) for s in spacing], dims, edge_order)


# ---------------------------------------------------------------------- histogram
def _upper_bound(edges: np.ndarray, values: np.ndarray, first=None, last=None) -> np.ndarray:
    """std::upper_bound of each value among edges[first:last] (the whole array when not
    given), with its binary search's steps, so unsorted edges give torch's answer too."""
    first = np.zeros(values.shape, np.int64) if first is None else first.astype(np.int64)
    count = (np.full(values.shape, edges.size, np.int64) if last is None
             else last.astype(np.int64)) - first
    while (count > 0).any():
        half = count >> 1
        middle = first + half
        active = count > 0
        probe = edges[np.clip(middle, 0, max(edges.size - 1, 0))] if edges.size else values
        right = active & ~(values < probe)
        first = np.where(right, middle + 1, first)
        count = np.where(right, count - half - 1, np.where(active, half, count))
    return first


def _summed_by_threads(count: int, where: np.ndarray, position: np.ndarray,
                       weights: np.ndarray, bins: int, dtype, dims: int = 1) -> np.ndarray:
    """The weights summed into their bins as torch's kernel sums them: the elements split
    into one chunk per thread as at::parallel_for splits them (grain 200; the thread count
    is get_num_threads()), each chunk summed in order in the dtype, then the chunks'
    histograms added one after another. (So the sums round as torch's on a machine with
    that many threads.) With `dims` coordinates per element (histogramdd) the grain is
    200 // dims elements, as measured against torch."""
    from .._settings import get_num_threads

    threads = max(1, min(get_num_threads(), -(-count // (_HISTOGRAM_GRAIN // dims))))
    size = -(-count // threads) if count else 0
    hist = np.zeros(bins, dtype)
    for start in range(0, max(count, 1), max(size, 1)):
        part = (where >= start) & (where < start + size)
        local = np.zeros(bins, dtype)
        np.add.at(local, position[part], weights[part])
        hist = (hist + local).astype(dtype, copy=False)
    return hist


_HISTOGRAM_GRAIN = 200


def _histogram_counts(x: np.ndarray, edges: np.ndarray, weight, density: bool,
                      linear: bool) -> np.ndarray:
    """torch's histogramdd kernel for one dim (statistics_histogramdd.dd_counts)."""
    from .statistics_histogramdd import dd_counts

    return dd_counts(x.reshape(-1, 1), [edges], None if weight is None else weight.reshape(-1),
                     density, linear)


def _histogram_result(x, *rest_and_result):
    return rest_and_result[-1]


declare("histogram", grad_not_implemented="aten::histogram")(_histogram_result)
declare("histogram_bin_edges", grad_not_implemented="aten::histogram")(_histogram_result)


def _outer_edges(x: np.ndarray, range_) -> tuple[float, float]:
    if range_ is not None:
        if len(range_) != 2:
            raise RuntimeError("torch.histogramdd: for a 1-dimensional histogram range should "
                               f"have 2 elements, but got {len(range_)}")
        low, high = float(range_[0]), float(range_[1])
    elif x.size:
        low, high = float(x.min()), float(x.max())
    else:
        low, high = 0.0, 1.0
    if not (math.isfinite(low) and math.isfinite(high)):
        raise RuntimeError(f"torch.histogramdd: dimension 0's range [{_g(low)}, {_g(high)}] is "
                           "not finite")
    if low > high:
        raise RuntimeError(f"torch.histogramdd: min should not exceed max, but got min "
                           f"{_g(low)} max {_g(high)} for dimension 0")
    if low == high:
        low, high = low - 0.5, high + 0.5
    return low, high


def _g(value: float) -> str:
    """A double as C++'s stream prints it (six significant digits, %g)."""
    return f"{value:g}"


@public()
def histogram(input: Tensor, bins, *, range=None, weight: Tensor | None = None,  # noqa: A002
              density: bool = False):
    """(hist, bin_edges): the counts (or summed weights, or a density with density=True) of
    input's elements in `bins` equal bins over `range` (the data's range by default), or
    in the bins between the edges of a 1-d tensor `bins`. The rightmost bin includes its
    right edge; elements outside the edges are not counted."""
    data = input._data
    if data.dtype.kind != "f" or data.dtype == np.float16:
        raise NotImplementedError(f"\"histogramdd\" not implemented for '{_scalar_name(input)}'")
    given_edges = isinstance(bins, Tensor)
    if given_edges:
        if bins._data.dtype != data.dtype:
            raise RuntimeError("torch.histogramdd: input tensor and bins tensors should have "
                               f"the same dtype, but got input with dtype {_dtype_word(input)} "
                               f"and bins for dimension 0 with dtype {_dtype_word(bins)}")
        if bins._data.ndim != 1:
            raise RuntimeError("torch.histogramdd: bins tensor should have one dimension, but "
                               f"got {bins._data.ndim} dimensions in the bins tensor for "
                               "dimension 0")
        edges = np.ascontiguousarray(bins._data)
        if edges.size == 0:
            raise RuntimeError("torch.histogramdd: bins tensor should have at least 1 element, "
                               "but got 0 elements in the bins tensor for dimension 0")
    else:
        count = int(bins)
        low, high = _outer_edges(data, range)
        edges = _torch_linspace(low, high, count + 1, data.dtype.type) if count >= 0 \
            else np.zeros(0, data.dtype)
    if weight is not None:
        if weight._data.dtype != data.dtype:
            raise RuntimeError("torch.histogramdd: if weight tensor is provided, input tensor "
                               "and weight tensor should have the same dtype, but got "
                               f"input({_dtype_word(input)}), and weight({_dtype_word(weight)})")
        if tuple(weight._data.shape or (1,)) != (data.size,):
            raise RuntimeError("torch.histogramdd: if weight tensor is provided it should have "
                               "the same shape as the input tensor excluding its innermost "
                               f"dimension, but got input with shape [{data.size}, 1] and "
                               f"weight with shape {list(weight._data.shape)}")
    if edges.size - 1 <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {edges.size - 1} for "
                           "dimension 0")
    hist = _histogram_counts(data, edges, None if weight is None else weight._data,
                             bool(density), linear=not given_edges)
    inputs = (input,) + ((weight,) if weight is not None else ()) + (
        (bins,) if given_edges else ())
    return _HISTOGRAM((apply(OPS["histogram"], inputs, (hist,)),
                       apply(OPS["histogram_bin_edges"], inputs, (edges.copy(),))))


# ---------------------------------------------------------------------- unravel_index
@public(method=False)
def unravel_index(indices, shape) -> tuple:
    """The coordinates in a tensor of `shape` of each flat (C-order) index in `indices`:
    one tensor per dim, each of indices' shape."""
    if indices.is_complex() or indices.is_floating_point() or indices.dtype == _dtype.bool_:
        raise TypeError(f"expected 'indices' to be integer dtype, but got {indices.dtype}")
    if not isinstance(shape, (int, Sequence)):
        raise TypeError(f"expected 'shape' to be int or sequence of ints, but got {type(shape)}")
    if isinstance(shape, int):
        shape = (shape,)
    for size in shape:
        if not isinstance(size, int):
            raise TypeError("expected 'shape' sequence to only contain ints, but got "
                            f"{type(size)}")
    shape = tuple(shape)
    if any(size < 0 for size in shape):
        raise ValueError(f"'shape' cannot have negative values, but got {shape}")
    coefficients = list(reversed(np.cumprod(list(reversed(shape[1:] + (1,)))).tolist()))
    result = indices.unsqueeze(-1).floor_divide(Tensor(np.array(coefficients, np.int64))) \
        % Tensor(np.array(shape, np.int64))
    return result.unbind(-1)
