"""`out=` on the factories: `torch.zeros(2, 3, out=t)`, `torch.rand(4, out=t)`.

torch writes the result into `out` and returns `out` itself. The dtype is `out`'s (a `dtype=`
that names another one is an error), `out` is resized when its shape differs (silently,
except `arange`, which warns), and grad mode refuses an `out` that requires grad. The random
factories resize `out` and fill it with the matching in-place draw (`rand` is `uniform_`,
`randn` is `normal_`, `randint` is `random_`), so they consume the generator as those do.
"""

from __future__ import annotations

import functools
import inspect

import numpy as np

from ._dtype import from_numpy_dtype, scalar_type_name, to_dtype
from ._grad_mode import is_grad_enabled
from ._inference import write_then_refuse, written_outside
from ._tensor import Tensor
from ._warnings import warn

__all__ = ["out_dtype", "requiring_grad", "resize", "with_out", "write"]


def _scalar_type_name(np_dtype: np.dtype) -> str:
    return scalar_type_name(np_dtype.name)


def out_dtype(out, dtype, name: str):
    """The dtype the factory `name` computes in when given `out` (out's own), after torch's
    checks: `out` is a tensor, does not require grad while grad mode is on, and `dtype`,
    when given, is out's."""
    if not isinstance(out, Tensor):
        raise TypeError(f"{name}(): argument 'out' must be Tensor, not {type(out).__name__}")
    if out.requires_grad and is_grad_enabled():
        raise RuntimeError(f"aten::{name}(): functions with out=... arguments don't support "
                           "automatic differentiation, but one of the arguments requires grad.")
    own = out._data.dtype
    if dtype is not None and to_dtype(dtype).numpy != own:
        raise RuntimeError(f"dtype {_scalar_type_name(to_dtype(dtype).numpy)} does not match "
                           f"dtype of out parameter ({_scalar_type_name(own)})")
    return from_numpy_dtype(own)


def resize(out: Tensor, shape: tuple[int, ...]) -> None:
    """Give `out` the shape `shape`, keeping its memory when the shape is already right (a
    view then keeps writing through to its base, as in torch) and new zeroed memory
    otherwise."""
    shape = tuple(shape)
    if out._data.shape != shape:
        out._data = np.zeros(shape, out._data.dtype)


def write(out: Tensor, values: np.ndarray, name: str) -> Tensor:
    """Copy the factory's result `values` into `out` (resized if needed) and return `out`."""
    if out._extra is not None and written_outside(out):  # (an inference tensor)
        return write_then_refuse(out, lambda: write(out, values, name))
    shape = values.shape
    if out._data.shape != shape and name == "arange":
        warn(
            f"The number of elements in the out tensor of shape {list(out._data.shape)} is "
            f"{out._data.size} which does not match the computed number of elements "
            f"{values.size}. Note that this may occur as a result of rounding error. The out "
            f"tensor will be resized to a tensor of shape {shape}.", UserWarning)
    resize(out, shape)
    out._data[...] = values
    out._version_counter[0] += 1
    return out


def requiring_grad(out: Tensor, requires_grad: bool) -> Tensor:
    """`out` given the factory's `requires_grad` (False by default), as torch's factories set
    it on their out= tensor too."""
    if out.requires_grad != requires_grad:
        out.requires_grad_(requires_grad)
    return out


def with_out(name: str):
    """A deterministic factory (zeros, arange, ...) given `out=`: computed in out's dtype,
    then written into `out`, which is returned."""
    def wrap(factory):
        @functools.wraps(factory)
        def factory_with_out(*args, out=None, **kwargs):
            if out is None:
                return factory(*args, **kwargs)
            kwargs["dtype"] = out_dtype(out, kwargs.get("dtype"), name)
            write(out, factory(*args, **kwargs)._data, name)
            return requiring_grad(out, kwargs.get("requires_grad", False))
        # (ember._arguments.check_namespace reads the factory's signature plus this out=)
        factory_with_out.__signature__ = _with_out_parameter(inspect.signature(factory))
        return factory_with_out
    return wrap


def _with_out_parameter(signature: inspect.Signature) -> inspect.Signature:
    """`signature` with a keyword-only `out=None` (before any **kwargs)."""
    listed = list(signature.parameters.values())
    if "out" in signature.parameters:
        return signature
    at = len(listed) - (1 if listed and listed[-1].kind is listed[-1].VAR_KEYWORD else 0)
    listed.insert(at, inspect.Parameter("out", inspect.Parameter.KEYWORD_ONLY, default=None))
    return signature.replace(parameters=listed)
