"""Overwriting values: fill, zero, copy and the random fills (normal_, uniform_ ...).

They are declared as out-of-place ops whose result has the input's shape; the in-place
methods (`zero_`, `fill_`, `copy_`...) are derived from them like every other in-place
variant, so they bump version counters and record graph nodes the same way.
"""

from __future__ import annotations

from numbers import Number

import numpy as np

from .._arguments import checked_method, number_argument, type_name
from .._creation import random_draw
from .._dispatch import _record, _type_name, apply, call_inplace
from .._dtype import cast_array, number_in_dtype
from .._grad_mode import is_grad_enabled
from .._overlap import ALLOW, ALLOW_NUMBER
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from . import _xp as xp
from ._registry import OPS, allow_complex, declare, public
from .linalg import broadcast_batch


@declare("fill", grad_fn="FillBackward0", inplace_grad_fn="FillBackward2",
         formula="d fill(x, v)/dx = 0")
def _fill(x, value):
    return np.full_like(x, value)


@_fill.backward
def _(ctx, g):
    # Zeros rather than g * 0, as torch: an infinite or NaN gradient still gives 0.
    return (xp.zeros_like(g),)


_fill.tangent(_fw.zero)


@declare("fill_tensor", grad_fn="FillBackward1", inplace_grad_fn="FillBackward3", broadcasts=True,
         formula="d fill(x, v)/dx = 0, d/dv = sum of the gradient")
def _fill_tensor(x, value):
    return np.full_like(x, value)


@_fill_tensor.backward
def _(ctx, g):
    return xp.zeros_like(g), xp.sum(g)


_fill_tensor.tangent(_fw.linear)


def _filled(input: Tensor, value, in_place: bool) -> Tensor:
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError(
                "fill_ only supports 0-dimension value tensor but got tensor with "
                f"{value._data.ndim} dimensions."
            )
        if value._requires_grad and input._data.dtype.kind != "f" and is_grad_enabled():
            return _filled_integers_with_grad(input, value, in_place)
        return apply(OPS["fill_tensor"], (input, value))
    if not isinstance(value, (int, float, complex, np.number, np.bool_)):
        raise _not_a_fill_value(input, value, in_place)
    # (NumPy's bool reads as a double; a complex number with an imaginary part is torch's
    # overflow error)
    if input._data.dtype.kind == "c" and isinstance(value, (complex, np.complexfloating)):
        return apply(OPS["fill"], (input,), (input._data.dtype.type(value),))
    value = number_argument(value, "fill_", "value", real_type=input._data.dtype)
    # (torch's fill_ of a single element does not check float16's range: inf)
    value = number_in_dtype(value, input._data.dtype, half_range=input._data.size != 1)
    return apply(OPS["fill"], (input,), (value,))


def _not_a_fill_value(input: Tensor, value, in_place: bool) -> TypeError:
    """torch's parser refusing a fill value that is neither a tensor nor a number."""
    name, kind = type_name(value), ""
    if isinstance(value, list):
        name = f"list of [{', '.join(dict.fromkeys(type_name(v) for v in value))}]"
        kind = type_name(value)
    got, mark = (kind or name, f"!{name}!") if in_place else (
        f"Tensor, {kind or name}", f"Tensor, !{name}!")
    function, parameters = ("fill_", ("Tensor value", "Number value")) if in_place else (
        "fill", ("Tensor input, Tensor value", "Tensor input, Number value"))
    lines = "".join(f" * ({p})\n      didn't match because some of the arguments have invalid "
                    f"types: ({mark})\n" for p in parameters)
    return TypeError(f"{function}() received an invalid combination of arguments - got ({got}), "
                     f"but expected one of:\n{lines}")


def _filled_integers_with_grad(input: Tensor, value: Tensor, in_place: bool) -> Tensor:
    """An integer or bool tensor filled from a 0-d value that requires grad: torch records
    fill_ (FillBackward3, and the tensor then requires grad) but refuses fill out of
    place; ember's dispatcher records floating results only, so the node is made here."""
    if not in_place:
        raise RuntimeError(f"Autograd not support dtype: {_type_name(input._data.dtype)}")
    op = OPS["fill_tensor"]
    out = apply(op, (input, value.detach()))
    return _record(op, (input, value), (), out._data, None)


@public(name="fill", method=False)
def fill(input: Tensor, value) -> Tensor:
    """A tensor like `input` filled with `value` (a number or a 0-d tensor)."""
    return _filled(input, value, False)


@public(name="fill_in_place", method=False, function=False, inplace="fill_")
def _fill_in_place(input: Tensor, value) -> Tensor:
    return _filled(input, value, True)


# fill_ may write a number into an expanded tensor, not a tensor value (torch's kernels)
_fill_in_place.overlapping_write = ALLOW_NUMBER


@declare("zero", grad_fn="ZeroBackward0", formula="d zero(x)/dx = 0")
def _zero(x):
    return np.zeros_like(x)


@_zero.backward
def _(ctx, g):
    return (xp.zeros_like(g),)


_zero.tangent(_fw.linear)


@public(name="zero", method=False, function=False, inplace="zero_")
def _zeroed(input: Tensor) -> Tensor:
    return apply(OPS["zero"], (input,))


_zeroed.overlapping_write = ALLOW


@declare("copy", grad_fn="CopyBackwards", broadcasts=True,
         formula="d copy(x, src)/dx = 0, d/dsrc = 1")
def _copy(x, src):
    if x.dtype == np.float16 and np.asarray(src).dtype == np.float64:
        src = cast_array(np.asarray(src), x.dtype)  # (through float32, as torch)
    return np.broadcast_to(src, x.shape).astype(x.dtype, copy=True)


@_copy.backward
def _(ctx, g):
    if ctx.input_meta is not None:  # torch's CopyBackwards casts to src's dtype, then sums
        g_src = xp.astype(g, ctx.input_meta[1][1])
    else:
        g_src = g
    return xp.zeros_like(g), g_src


_copy.tangent(_fw.linear)


def _check_copy_shapes(shape: tuple, src_shape: tuple) -> None:
    """torch's errors for a src that does not broadcast to the destination's shape: the
    rightmost dim where the two clash, or the broadcast shape when src has more elements."""
    both = broadcast_batch(shape, src_shape)
    if both != tuple(shape):
        raise RuntimeError(f"output with shape {list(shape)} doesn't match the broadcast "
                           f"shape {list(both)}")


def _copied(input: Tensor, src, non_blocking: bool = False) -> Tensor:
    if not isinstance(src, Tensor):
        if not isinstance(src, (bool, int, float, np.bool_, np.integer, np.floating)):
            raise TypeError("copy_(): argument 'other' (position 1) must be Tensor, not "
                            f"{type(src).__name__}")
        # torch's parser takes a number for a Tensor argument as a 0-d tensor of the dtype
        # torch.tensor would give it (x.copy_(3.7) into int64 gives 3)
        from .._creation import tensor

        src = tensor(src.item() if isinstance(src, np.generic) else src)
    if src._data.shape != input._data.shape:
        _check_copy_shapes(input._data.shape, src._data.shape)
    if input._data.dtype.kind not in "fc":
        # torch records no copy into integers (or bools): a src requiring grad leaves them
        # as they were (call_inplace keeps an integer tensor's history, if it has one)
        return apply(OPS["copy"], (input.detach(), src.detach()))
    return apply(OPS["copy"], (input, src))


def _copied_into_integers(input: Tensor, src, non_blocking: bool = False) -> Tensor:
    return _copied(input, src, non_blocking)


# torch's copy_ asks for a gradient only into a floating self: into integers (or bools) its
# autograd makes no in-place checks either (a view of unbind's may be written, a leaf too)
_copied_into_integers.records_nothing = True


def copy_(self: Tensor, src: Tensor | Number, non_blocking: bool = False) -> Tensor:
    """Copy `src` (broadcast, cast) into self's memory."""
    if self._data.dtype.kind not in "fc":
        return call_inplace(_copied_into_integers, self, (src,), {})
    return call_inplace(_copied, self, (src,), {})


Tensor.copy_ = checked_method(copy_)  # (non_blocking must be a bool)


# ---------------------------------------------------------------------- random fills
@declare("random_fill", grad_fn="NormalBackward0", formula="d random/dx = 0")
def _random_fill(x, draw):
    return draw(x)


@_random_fill.backward
def _(ctx, g):
    return (xp.zeros_like(g),)


_random_fill.tangent(_fw.zero)


def _random_method(name: str) -> None:
    """Install `Tensor.<name>_`: the arguments are checked first, and the generator's words
    are drawn when the op runs, as torch's kernel draws them for the target's dtype,
    contiguity and memory order (ember._creation.random_draw)."""

    def function(input: Tensor, *args, generator=None, **kwargs) -> Tensor:
        draw = random_draw(name, generator, *args, **kwargs)
        return apply(OPS["random_fill"], (input,), (draw,))

    function.__name__ = name

    def method(self: Tensor, *args, **kwargs) -> Tensor:
        return call_inplace(function, self, args, kwargs)

    method.__name__ = f"{name}_"
    setattr(Tensor, f"{name}_", method)


for _name in ("normal", "uniform", "exponential", "bernoulli", "random", "cauchy",
              "log_normal", "geometric"):
    _random_method(_name)

# Overwriting is linear (or constant) in every input: the formulas hold for complex values.
allow_complex("fill", "fill_tensor", "zero", "copy", "random_fill")
