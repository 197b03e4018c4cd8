"""Creating tensors: from data, filled, ranges, identity, random, and the *_like forms."""

from __future__ import annotations

import warnings

import numpy as np

from . import _dtype
from ._device import check_device
from ._dtype import get_default_dtype, to_dtype
from ._tensor import Tensor

__all__ = [
    "tensor", "as_tensor", "from_numpy", "zeros", "ones", "full", "empty", "arange",
    "linspace", "logspace", "eye", "rand", "randn", "randint", "randperm", "normal",
    "zeros_like", "ones_like", "full_like", "empty_like", "rand_like", "randn_like",
    "randint_like", "manual_seed", "seed", "initial_seed", "Generator", "default_generator",
]


# ---------------------------------------------------------------------- from data
def _to_array(data) -> np.ndarray:
    """Python data (nested sequences, numbers, tensors, arrays) as a NumPy array whose dtype
    follows torch's inference: Python floats give the default dtype, ints int64."""
    if isinstance(data, Tensor):
        return data._data
    if isinstance(data, np.ndarray):
        return data
    if isinstance(data, (list, tuple)):
        data = [_element(x) for x in data]
    try:
        array = np.array(data)
    except ValueError as error:
        raise ValueError(
            f"expected a sequence of equal-length sequences (a rectangular array): {error}"
        ) from None
    if array.dtype == object:
        raise TypeError(
            f"Could not infer dtype of {type(data).__name__}: pass numbers, nested lists of "
            "numbers, NumPy arrays or tensors"
        )
    kind = array.dtype.kind
    if kind == "f" and not _has_numpy_floats(data):
        return array.astype(get_default_dtype().numpy)
    if kind in "iu" and array.dtype != np.uint8:
        return array.astype(np.int64)
    if kind in "US":
        raise TypeError(f"new(): invalid data type '{array.dtype.kind == 'U' and 'str'}'")
    return array


def _element(x):
    if isinstance(x, Tensor):
        return x._data
    if isinstance(x, (list, tuple)):
        return [_element(y) for y in x]
    return x


def _has_numpy_floats(data) -> bool:
    """torch keeps float64 for NumPy float64 scalars and arrays inside the data."""
    if isinstance(data, (np.floating, np.ndarray)):
        return isinstance(data, np.ndarray) or data.dtype != np.float32
    return False


def tensor(data, *, dtype=None, device=None, requires_grad: bool = False,
           pin_memory: bool = False) -> Tensor:
    """A new tensor holding a copy of `data` (numbers, nested lists, arrays, tensors)."""
    check_device(device)
    if isinstance(data, Tensor):
        warnings.warn(
            "To copy construct from a tensor, it is recommended to use "
            "sourceTensor.detach().clone() or sourceTensor.detach().clone()."
            "requires_grad_(True), rather than torch.tensor(sourceTensor).",
            UserWarning, stacklevel=2,
        )
    array = _to_array(data)
    if dtype is not None:
        array = array.astype(to_dtype(dtype).numpy)
    else:
        _dtype.from_numpy_dtype(array.dtype)  # raises for unsupported NumPy types
    array = np.array(array, copy=True, order="C")
    return Tensor(array).requires_grad_(requires_grad) if requires_grad else Tensor(array)


def as_tensor(data, dtype=None, device=None) -> Tensor:
    """Like `tensor`, but shares memory with a NumPy array or tensor when no cast is needed."""
    check_device(device)
    if isinstance(data, Tensor):
        return data if dtype is None or data.dtype is to_dtype(dtype) else data.to(dtype)
    if isinstance(data, np.ndarray):
        _dtype.from_numpy_dtype(data.dtype)
        if dtype is None or to_dtype(dtype).numpy == data.dtype:
            return Tensor(data)
        return Tensor(data.astype(to_dtype(dtype).numpy))
    return tensor(data, dtype=dtype)


def from_numpy(array: np.ndarray) -> Tensor:
    """A tensor sharing memory with `array` (writes to either show in both)."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(array).__name__})")
    _dtype.from_numpy_dtype(array.dtype)
    return Tensor(array)


# ---------------------------------------------------------------------- filled
def _size(size: tuple, keyword) -> tuple[int, ...]:
    """Accept f(2, 3), f((2, 3)), f([2, 3]) and f(size=(2, 3))."""
    if keyword is not None:
        if size:
            raise TypeError("size given both positionally and as a keyword")
        size = (keyword,)
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = tuple(size[0])
    if len(size) == 1 and isinstance(size[0], Tensor) and size[0].ndim == 1:
        size = tuple(size[0].tolist())
    result = []
    for s in size:
        if isinstance(s, Tensor):
            s = int(s)
        if not isinstance(s, (int, np.integer)) or isinstance(s, bool):
            raise TypeError(
                f"size must be a tuple of ints, but got an element of type {type(s).__name__}"
            )
        if s < 0:
            raise RuntimeError(
                f"Trying to create tensor with negative dimension {s}: {list(size)}"
            )
        result.append(int(s))
    return tuple(result)


def _finish(array: np.ndarray, requires_grad: bool) -> Tensor:
    t = Tensor(array)
    if requires_grad:
        t.requires_grad_(True)
    return t


def _float_dtype(dtype):
    return to_dtype(dtype).numpy if dtype is not None else get_default_dtype().numpy


def zeros(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False,
          **kwargs) -> Tensor:
    """A tensor of zeros of the given size."""
    check_device(device)
    return _finish(np.zeros(_size(size, kwargs.pop("size", None)), _float_dtype(dtype)),
                   requires_grad)


def ones(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False,
         **kwargs) -> Tensor:
    """A tensor of ones of the given size."""
    check_device(device)
    return _finish(np.ones(_size(size, kwargs.pop("size", None)), _float_dtype(dtype)),
                   requires_grad)


def empty(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False,
          memory_format=None, **kwargs) -> Tensor:
    """An uninitialised tensor (ember fills it with zeros, which is one valid garbage)."""
    check_device(device)
    return _finish(np.zeros(_size(size, kwargs.pop("size", None)), _float_dtype(dtype)),
                   requires_grad)


def _scalar_dtype(value) -> np.dtype:
    if isinstance(value, (bool, np.bool_)):
        return np.dtype(np.bool_)
    if isinstance(value, (int, np.integer)):
        return np.dtype(np.int64)
    return get_default_dtype().numpy


def full(size, fill_value, *, out=None, dtype=None, layout=None, device=None,
         requires_grad=False) -> Tensor:
    """A tensor of the given size filled with `fill_value` (dtype inferred from it)."""
    check_device(device)
    if isinstance(fill_value, Tensor):
        fill_value = fill_value.item()
    np_dtype = to_dtype(dtype).numpy if dtype is not None else _scalar_dtype(fill_value)
    return _finish(np.full(_size((size,), None), fill_value, np_dtype), requires_grad)


def eye(n: int, m: int | None = None, *, out=None, dtype=None, layout=None, device=None,
        requires_grad=False) -> Tensor:
    """The n x m identity matrix."""
    check_device(device)
    return _finish(np.eye(n, n if m is None else m, dtype=_float_dtype(dtype)), requires_grad)


# ---------------------------------------------------------------------- ranges
def arange(start=0, end=None, step=1, *, out=None, dtype=None, layout=None, device=None,
           requires_grad=False) -> Tensor:
    """Values from start (inclusive) to end (exclusive) in steps of `step`."""
    check_device(device)
    if end is None:
        start, end = 0, start
    values = [v.item() if isinstance(v, Tensor) else v for v in (start, end, step)]
    if values[2] == 0:
        raise RuntimeError("step must be nonzero")
    if (values[1] - values[0]) * values[2] < 0:
        raise RuntimeError(
            "upper bound and larger bound inconsistent with step sign"
        )
    if dtype is not None:
        np_dtype = to_dtype(dtype).numpy
    elif all(isinstance(v, (int, np.integer)) for v in values):
        np_dtype = np.dtype(np.int64)
    else:
        np_dtype = get_default_dtype().numpy
    count = int(np.ceil((values[1] - values[0]) / values[2]))
    # Computed in float64 and then cast, as torch does, so the values are start + i * step.
    array = (values[0] + np.arange(max(count, 0), dtype=np.float64) * values[2])
    return _finish(array.astype(np_dtype), requires_grad)


def linspace(start, end, steps: int, *, out=None, dtype=None, layout=None, device=None,
             requires_grad=False) -> Tensor:
    """`steps` evenly spaced values from start to end, both included."""
    check_device(device)
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    array = np.linspace(float(start), float(end), steps)
    return _finish(array.astype(_float_dtype(dtype)), requires_grad)


def logspace(start, end, steps: int, base: float = 10.0, *, dtype=None, device=None,
             requires_grad=False) -> Tensor:
    """base ** linspace(start, end, steps)."""
    check_device(device)
    array = np.power(base, np.linspace(float(start), float(end), steps))
    return _finish(array.astype(_float_dtype(dtype)), requires_grad)


# ---------------------------------------------------------------------- random
class Generator:
    """A random number generator (NumPy's PCG64); its streams differ from torch's."""

    def __init__(self, device="cpu") -> None:
        check_device(device)
        self._seed = 67280421310721
        self.rng = np.random.default_rng(self._seed)

    def manual_seed(self, seed: int) -> Generator:
        seed = int(seed)
        self._seed = seed
        self.rng = np.random.default_rng(seed & ((1 << 64) - 1))
        return self

    def seed(self) -> int:
        new_seed = int(np.random.SeedSequence().entropy) & ((1 << 63) - 1)
        self.manual_seed(new_seed)
        return new_seed

    def initial_seed(self) -> int:
        return self._seed

    def get_state(self) -> dict:
        return self.rng.bit_generator.state

    def set_state(self, state: dict) -> None:
        self.rng.bit_generator.state = state


default_generator = Generator()


def manual_seed(seed: int) -> Generator:
    """Seed the default generator, making random tensors reproducible."""
    return default_generator.manual_seed(seed)


def seed() -> int:
    return default_generator.seed()


def initial_seed() -> int:
    return default_generator.initial_seed()


def _rng(generator: Generator | None) -> np.random.Generator:
    return (generator or default_generator).rng


def rand(*size, generator=None, out=None, dtype=None, layout=None, device=None,
         requires_grad=False, **kwargs) -> Tensor:
    """Uniform random values in [0, 1)."""
    check_device(device)
    shape = _size(size, kwargs.pop("size", None))
    array = _rng(generator).random(shape).astype(_float_dtype(dtype))
    return _finish(array, requires_grad)


def randn(*size, generator=None, out=None, dtype=None, layout=None, device=None,
          requires_grad=False, **kwargs) -> Tensor:
    """Standard normal random values."""
    check_device(device)
    shape = _size(size, kwargs.pop("size", None))
    array = _rng(generator).standard_normal(shape).astype(_float_dtype(dtype))
    return _finish(array, requires_grad)


def randint(low, high=None, size=None, *, generator=None, out=None, dtype=None, layout=None,
            device=None, requires_grad=False) -> Tensor:
    """Random integers in [low, high)."""
    check_device(device)
    if size is None:
        # randint(high, size) form
        low, high, size = 0, low, high
    if high is None:
        low, high = 0, low
    if low >= high:
        raise RuntimeError(
            f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}"
        )
    np_dtype = to_dtype(dtype).numpy if dtype is not None else np.dtype(np.int64)
    array = _rng(generator).integers(low, high, _size((size,), None)).astype(np_dtype)
    return _finish(array, requires_grad)


def randperm(n: int, *, generator=None, dtype=None, device=None,
             requires_grad=False) -> Tensor:
    """A random permutation of 0..n-1."""
    check_device(device)
    np_dtype = to_dtype(dtype).numpy if dtype is not None else np.dtype(np.int64)
    return _finish(_rng(generator).permutation(n).astype(np_dtype), requires_grad)


def normal(mean=0.0, std=1.0, size=None, *, generator=None, out=None, dtype=None,
           device=None, requires_grad=False) -> Tensor:
    """Normal random values with the given mean and std (numbers or tensors)."""
    check_device(device)
    mean_a = mean._data if isinstance(mean, Tensor) else mean
    std_a = std._data if isinstance(std, Tensor) else std
    if np.any(np.asarray(std_a) < 0):
        raise RuntimeError(f"normal expects std >= 0.0, but found std {np.min(std_a)}")
    if size is None:
        size = np.broadcast_shapes(np.shape(mean_a), np.shape(std_a))
        if not isinstance(mean, Tensor) and not isinstance(std, Tensor):
            raise TypeError("normal() needs a size when mean and std are numbers")
    shape = _size((size,), None) if not isinstance(size, tuple) else tuple(size)
    array = _rng(generator).normal(mean_a, std_a, shape)
    like = mean if isinstance(mean, Tensor) else std if isinstance(std, Tensor) else None
    np_dtype = (to_dtype(dtype).numpy if dtype is not None else
                like._data.dtype if like is not None else get_default_dtype().numpy)
    return _finish(array.astype(np_dtype), requires_grad)


# ---------------------------------------------------------------------- *_like
def _like_dtype(input: Tensor, dtype):
    return to_dtype(dtype).numpy if dtype is not None else input._data.dtype


def zeros_like(input: Tensor, *, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=None) -> Tensor:
    return _finish(np.zeros(input._data.shape, _like_dtype(input, dtype)), requires_grad)


def ones_like(input: Tensor, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None) -> Tensor:
    return _finish(np.ones(input._data.shape, _like_dtype(input, dtype)), requires_grad)


def empty_like(input: Tensor, *, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=None) -> Tensor:
    return zeros_like(input, dtype=dtype, requires_grad=requires_grad)


def full_like(input: Tensor, fill_value, *, dtype=None, layout=None, device=None,
              requires_grad=False, memory_format=None) -> Tensor:
    return _finish(np.full(input._data.shape, fill_value, _like_dtype(input, dtype)),
                   requires_grad)


def rand_like(input: Tensor, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None) -> Tensor:
    return rand(input._data.shape, dtype=dtype or input.dtype, requires_grad=requires_grad)


def randn_like(input: Tensor, *, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=None) -> Tensor:
    return randn(input._data.shape, dtype=dtype or input.dtype, requires_grad=requires_grad)


def randint_like(input: Tensor, low=0, high=None, *, dtype=None, layout=None, device=None,
                 requires_grad=False, memory_format=None) -> Tensor:
    if high is None:
        low, high = 0, low
    return randint(low, high, input._data.shape, dtype=dtype or input.dtype,
                   requires_grad=requires_grad)
