"""Complex numbers: the ops that build complex tensors from real ones and take them apart.

torch's convention for gradients of complex values (which every complex-capable formula
follows): for a real loss L of a complex z, the gradient is dL/dRe(z) + i dL/dIm(z). So a
holomorphic f passes grad * conj(f'(z)) back, a real input of a complex result receives the
real part of its gradient (the engine takes it: autograd/engine.py), and a real result
gives its complex input a complex gradient.

- `view_as_real` (a view: the parts as a last dim of 2) and `view_as_complex` (its inverse)
  are each other's gradients; `real` and `imag` are, as in torch, a select of view_as_real
  (their grad_fn is SelectBackward0).
- `complex(re, im)` and `polar(abs, angle)` build a complex tensor from real ones.
- `conj_physical` computes the conjugate; `conj` is torch's lazy conjugate view, which
  ember computes (a new tensor that reports is_conj(), with torch's ConjBackward0): writes
  into it do not reach the original, as they would in torch.
"""

from __future__ import annotations

import numpy as np

from .._dispatch import apply
from .._dtype import NUMPY_COMPLEX_OF, scalar_type_name
from .._tensor import Tensor
from ..autograd import forward_ad as _fw
from . import _xp as xp
from ._registry import OPS, OUT, declare
from ._registry import needs_grad as _needs

__all__ = ["view_as_real", "view_as_complex", "real", "imag", "complex", "polar",
           "conj_complex", "conj_physical_complex"]



def _parts_view(x: np.ndarray) -> np.ndarray:
    """The real and imaginary parts of complex `x` as a real view with a last dim of 2."""
    if type(x) is not np.ndarray:
        # (a NumPy scalar, as a formula's 0-d result may come back: its .real is a copy of
        # the real part alone, whose strided view would read past it)
        x = np.asarray(x)
    parts = x.real  # (a view with x's strides)
    return np.lib.stride_tricks.as_strided(
        parts, x.shape + (2,), x.strides + (parts.itemsize,), writeable=x.flags.writeable)


def _complex_view(x: np.ndarray) -> np.ndarray:
    """Real `x` with a last dim of 2 read as complex numbers (a view when that dim is
    contiguous, as the public function has checked; a copy for a gradient laid out
    otherwise)."""
    if type(x) is not np.ndarray or x.strides[-1] != x.itemsize:
        x = np.ascontiguousarray(x)
    return x.view(NUMPY_COMPLEX_OF[x.dtype])[..., 0]


@declare("view_as_real", grad_fn="ViewAsRealBackward0", view=True, complex_ok=True,
         formula="gradient read as complex numbers (view_as_complex)")
def _view_as_real(x):
    return _parts_view(x)


@_view_as_real.backward
def _(ctx, g):
    return (xp.op("view_as_complex", (g,)),)


_view_as_real.tangent(_fw.linear)


@declare("view_as_complex", grad_fn="ViewAsComplexBackward0", view=True, complex_ok=True,
         formula="gradient's parts (view_as_real)")
def _view_as_complex(x):
    return _complex_view(x)


@_view_as_complex.backward
def _(ctx, g):
    return (xp.op("view_as_real", (g,)),)


_view_as_complex.tangent(_fw.linear)


@declare("complex", grad_fn="ComplexBackward0", saves=(0, 1), save_if={0: (0,), 1: (1,)},
         dtype="promote", complex_ok=True, formula="d/dre = Re(grad), d/dim = Im(grad)")
def _complex(real_part, imag_part):
    return _from_parts(real_part, imag_part)


def _from_parts(real_part, imag_part) -> np.ndarray:
    shape = np.broadcast_shapes(np.shape(real_part), np.shape(imag_part))
    out = np.empty(shape, NUMPY_COMPLEX_OF[np.result_type(real_part, imag_part)])
    out.real = real_part
    out.imag = imag_part
    return out


@_complex.backward
def _(ctx, g):
    _ = ctx.saved  # (torch's node keeps each part that requires grad: writing into it
    # spoils the backward)
    return xp.real(g), xp.imag(g)


_complex.tangent(_fw.linear)


@declare("polar", grad_fn="PolarBackward0", saves=(OUT,), dtype="promote", complex_ok=True,
         formula="y = r e^(i t): d/dr = Re(conj(grad) sgn(y)), d/dt = Re(conj(grad) i y)")
def _polar(radius, angle):
    return _from_parts(radius * np.cos(angle), radius * np.sin(angle))


@_polar.backward
def _(ctx, g):
    # torch's formula, from the result: with sgn(y) = y/|y| (0 at 0), so that a negative
    # radius gets the gradient of its absolute value's direction, as in torch; each the
    # real part of a complex product (on Tensors: SelectBackward0 names the gradient taken
    # with create_graph=True, as torch's)
    (y,) = ctx.saved
    turned = xp.conj(g)
    grad_radius = xp.real(turned * xp.sgn(y)) if _needs(ctx, 0) else None
    grad_angle = xp.real(turned * (y * 1j)) if _needs(ctx, 1) else None
    return grad_radius, grad_angle


@_polar.tangent
def _(ctx, t_radius, t_angle):
    # d(r e^(i t)) = dr e^(i t) + i r e^(i t) dt, in real parts
    radius, angle = ctx.inputs
    cos, sin = angle.cos(), angle.sin()
    real_parts, imag_parts = [], []
    if t_radius is not None:
        real_parts.append(t_radius * cos)
        imag_parts.append(t_radius * sin)
    if t_angle is not None:
        turned = radius * t_angle
        real_parts.append(-(turned * sin))
        imag_parts.append(turned * cos)
    return apply(OPS["complex"], (sum(real_parts[1:], real_parts[0]),
                                  sum(imag_parts[1:], imag_parts[0])))


@declare("conj_physical", grad_fn="ConjPhysicalBackward0", complex_ok=True,
         formula="gradient conjugated")
def _conj_physical(x):
    return np.conj(x)


@_conj_physical.backward
def _(ctx, g):
    return (xp.conj(g),)


_conj_physical.tangent(_fw.linear)


@declare("conj", grad_fn="ConjBackward0", complex_ok=True, formula="gradient conjugated")
def _conj(x):
    return np.conj(x)


@_conj.backward
def _(ctx, g):
    # (on Tensors torch's lazy conjugate: ConjBackward0 names a gradient taken with
    # create_graph=True)
    return (conj_complex(g) if xp.is_tensor(g) and xp.is_complex(g) else xp.conj(g),)


_conj.tangent(_fw.linear)


# ---------------------------------------------------------------------- public forms
def _type_name(t: Tensor) -> str:
    return scalar_type_name(t._data.dtype.name)


def view_as_real(input: Tensor) -> Tensor:
    """A real view of a complex tensor: its real and imaginary parts as a last dim of 2."""
    if input._data.dtype.kind != "c":
        raise RuntimeError("view_as_real is only supported for complex tensors")
    if input._extra is not None and input._extra.get("conj"):
        raise RuntimeError("view_as_real doesn't work on unresolved conjugated tensors.  To "
                           "resolve the conjugate tensor so you can view it as real, use "
                           "self.resolve_conj(); however, be warned that the resulting tensor "
                           "will NOT alias the original.")
    return _parts_of(input)


def _parts_of(input: Tensor) -> Tensor:
    """view_as_real without its refusal of conjugates: torch's conjugate is a lazy view it
    cannot view as real, ember's is computed, and real/imag read it as they read torch's."""
    from .shape import _as_view  # (shape imports the op table)

    return _as_view(apply(OPS["view_as_real"], (input,)), input)


def view_as_complex(input: Tensor) -> Tensor:
    """A complex view of a float32/float64 tensor whose last dim holds (real, imaginary)."""
    from .shape import _as_view

    data = input._data
    if data.dtype.kind != "f":
        raise RuntimeError("view_as_complex is only supported for half, float and double "
                           f"tensors, but got a tensor of scalar type: {_type_name(input)}")
    if data.dtype.itemsize == 2:
        raise NotImplementedError("view_as_complex of a float16 tensor gives a complex32 "
                                  "tensor, which ember does not have")
    if not data.ndim or data.shape[-1] != 2:
        raise RuntimeError("Tensor must have a last dimension of size 2")
    if data.strides[-1] != data.itemsize:
        raise RuntimeError("Tensor must have a last dimension with stride 1")
    if any((stride // data.itemsize) % 2 for stride in data.strides[:-1]):
        raise RuntimeError("Tensor must have a stride divisible by 2 for all but last "
                           "dimension")
    return _as_view(apply(OPS["view_as_complex"], (input,)), input)


def real(input: Tensor) -> Tensor:
    """The real part of a complex tensor (a view; torch records it as a select)."""
    return _parts_of(input).select(-1, 0)


def imag(input: Tensor) -> Tensor:
    """The imaginary part of a complex tensor (a view)."""
    return _parts_of(input).select(-1, 1)


def complex(real: Tensor, imag: Tensor) -> Tensor:  # noqa: A001 - torch's name
    """The complex tensor real + i imag, from float tensors of one dtype."""
    _check_parts("complex", real, imag)
    return apply(OPS["complex"], (real, imag))


def polar(abs: Tensor, angle: Tensor) -> Tensor:  # noqa: A002 - torch's names
    """The complex tensor abs * (cos(angle) + i sin(angle))."""
    _check_parts("polar", abs, angle)
    return apply(OPS["polar"], (abs, angle))


def _check_parts(function: str, first, second) -> None:
    names = ("abs", "angle") if function == "polar" else ("real", "imag")
    for position, (name, value) in enumerate(zip(names, (first, second)), start=1):
        if not isinstance(value, Tensor):
            raise TypeError(f"{function}(): argument '{name}' (position {position}) must be "
                            f"Tensor, not {type(value).__name__}")
    a, b = first._data.dtype, second._data.dtype
    if a.kind != "f" or b.kind != "f":
        raise RuntimeError(f"Expected both inputs to be Half, Float or Double tensors but got "
                           f"{_type_name(first)} and {_type_name(second)}")
    if a != b:
        raise RuntimeError(f"Expected object of scalar type {_type_name(first)} but got scalar "
                           f"type {_type_name(second)} for second argument")
    if a.itemsize == 2:
        raise NotImplementedError(f"{function} of float16 tensors gives a complex32 tensor, "
                                  "which ember does not have")


def conj_physical_complex(input: Tensor) -> Tensor:
    """The conjugate of a complex tensor, computed (ConjPhysicalBackward0)."""
    return apply(OPS["conj_physical"], (input,))


def conj_complex(input: Tensor) -> Tensor:
    """torch's lazy conjugate of a complex tensor (ConjBackward0), computed here: the result
    reports is_conj() as torch's view does, but does not share the original's memory."""
    result = apply(OPS["conj"], (input,))
    if result._extra is None:
        result._extra = {"conj": True}
    else:
        result._extra["conj"] = True
    return result



# Ops declared elsewhere whose forward and backward are right for complex values as they
# stand: linear maps with real coefficients (the engine's sums of gradients, the parts'
# select, views, trace, block_diag) and reductions to a truth value that NumPy reads as
# torch does (non-zero). ops/__init__ marks them once every module has declared its ops.
LINEAR_OPS = ("add", "sub", "neg", "select", "select_backward", "view", "alias", "trace",
              "block_diag", "any", "all", "count_nonzero")
