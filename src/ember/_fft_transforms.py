"""torch.fft's transforms, composed as torch composes them: the input cast (integers to the
default float, reals to complex where a complex transform needs them: ToCopyBackward0),
resized to n or s (a slice per shrunk dim, one zero pad for the grown ones), then one of
the three kernels of ops/spectral.py, with a conjugate where the direction asks for one
(ifft of a real input is the conjugate of its forward transform)."""

from __future__ import annotations

from collections.abc import Sequence

from ._dispatch import apply
from ._dtype import NUMPY_COMPLEX_OF, get_default_dtype, scalar_type_name
from ._tensor import Tensor
from .ops import OPS
from .ops._dims import int_dim, wrap_dim
from .ops.complex_ops import conj_complex, conj_physical_complex
from .ops.nn_padding import constant_pad
from .ops.shape_parts import slice_dim

__all__ = ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft", "fft2", "ifft2", "fftn", "ifftn",
           "rfft2", "irfft2", "rfftn", "irfftn", "hfft2", "ihfft2", "hfftn", "ihfftn"]

# norm -> (the scale of a forward transform, of an inverse one) (spectral.py's scales)
_SCALES = {"backward": ("none", "n"), "forward": ("n", "none"), "ortho": ("sqrt", "sqrt")}


# ---------------------------------------------------------------------- argument checks
def _scale(name: str, norm, forward: bool) -> str:
    if norm is None:
        norm = "backward"
    elif not isinstance(norm, str):
        raise TypeError(f"fft_{name}(): argument 'norm' must be str, not {type(norm).__name__}")
    if norm not in _SCALES:
        raise RuntimeError(f'Invalid normalization mode: "{norm}"')
    return _SCALES[norm][0 if forward else 1]


def _prepared(name: str, input, real_only: str | None = None) -> Tensor:
    """input as a tensor the kernels take: integers and bools as the default float; half
    precision refused (torch's CPU kernels have none); `real_only`: the error for a complex
    input, if the transform wants a real one."""
    if not isinstance(input, Tensor):
        raise TypeError(f"fft_{name}(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    data = input._data
    if data.dtype.kind in "iub":
        return input.to(get_default_dtype())
    type_name = scalar_type_name(data.dtype.name)
    if data.dtype not in NUMPY_COMPLEX_OF:
        raise RuntimeError(f"Unsupported dtype {type_name}")
    if real_only is not None and data.dtype.kind == "c":
        raise RuntimeError(f"{real_only}{type_name}")
    return input


def _as_complex(x: Tensor) -> Tensor:
    """x as complex (a cast torch records as ToCopyBackward0); complex x as it is."""
    if x._data.dtype.kind == "c":
        return x
    # (the op itself: Tensor.to drops requires_grad for any non-float target, complex too)
    return apply(OPS["to_dtype"], (x,), (NUMPY_COMPLEX_OF[x._data.dtype],))


def _points(name: str, n, default: int) -> int:
    n = int_dim(n)
    if n is None:
        n = default
    elif not isinstance(n, int) or isinstance(n, bool):
        raise TypeError(f"fft_{name}(): argument 'n' must be int, not {type(n).__name__}")
    if n < 1:
        raise RuntimeError(f"Invalid number of data points ({n}) specified")
    return n


def _dim(name: str, x: Tensor, dim) -> int:
    dim = int_dim(dim)
    if not isinstance(dim, int) or isinstance(dim, bool):
        raise TypeError(f"fft_{name}(): argument 'dim' must be int, not {type(dim).__name__}")
    return _wrapped(dim, x._data.ndim)


def _wrapped(dim: int, ndim: int) -> int:
    if not ndim:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    return wrap_dim(dim, ndim)


def _dims_and_sizes(name: str, x: Tensor, s, dim, halves: bool = True
                    ) -> tuple[tuple[int, ...], list[int]]:
    """The dims an n-dimensional transform runs over, in the caller's order (the last one
    is the halved one of rfftn and friends: `halves`, which needs one), and the signal size
    in each (s, -1 for the input's size; None: the input's sizes)."""
    if dim is None and name.endswith("2"):  # (the 2-d forms declare dim int[], not int[]?)
        raise TypeError(f"fft_{name}(): argument 'dim' must be tuple of ints, not NoneType")
    ndim = x._data.ndim
    if s is not None:
        if not isinstance(s, (tuple, list)) or not all(
                isinstance(v, int) and not isinstance(v, bool) for v in s):
            shown = "list" if isinstance(s, list) else type(s).__name__
            raise TypeError(f"fft_{name}(): argument 's' must be tuple of ints, not {shown}")
        s = list(s)
    if dim is None:
        if s is None:
            dims = tuple(range(ndim))
        else:
            if len(s) > ndim:
                raise RuntimeError(f"Got shape with {len(s)} values but input tensor only has "
                                   f"{ndim} dimensions.")
            dims = tuple(range(ndim - len(s), ndim))
    else:
        if isinstance(dim, int):
            dim = (dim,)
        dims = tuple(_wrapped(d, ndim) for d in dim)
        if len(set(dims)) != len(dims):
            raise RuntimeError("FFT dims must be unique")
        if s is not None and len(s) != len(dims):
            raise RuntimeError("When given, dim and shape arguments must have the same length")
    if not dims and halves:
        base = name[:-1] + "n" if name.endswith("2") else name
        raise RuntimeError(f"{base} must transform at least one axis")
    shape = x._data.shape
    sizes = [shape[d] for d in dims] if s is None else [
        shape[d] if v == -1 else v for d, v in zip(dims, s)]
    for size in sizes:
        if size < 1:
            raise RuntimeError(f"Invalid number of data points ({size}) specified")
    return dims, sizes


def _resized(x: Tensor, dims: Sequence[int], sizes: Sequence[int]) -> Tensor:
    """x cut (a slice per dim) or zero-padded (one pad) to `sizes` in `dims`, as torch."""
    shape = x._data.shape
    for d, size in zip(dims, sizes):
        if size < shape[d]:
            x = slice_dim(x, d, 0, size)
    grow = {d: size - shape[d] for d, size in zip(dims, sizes) if size > shape[d]}
    if not grow:
        return x
    ndim = len(shape)
    pads = []
    for axis in range(ndim - 1, min(grow) - 1, -1):  # (torch's pad order: last dim first)
        pads += [0, grow.get(axis, 0)]
    return constant_pad(x, tuple(pads), 0)


# ---------------------------------------------------------------------- the kernels
def _c2c(x: Tensor, dims, scale: str, forward: bool) -> Tensor:
    return apply(OPS["fft_c2c"], (x,), (tuple(dims), scale, forward))


def _r2c(x: Tensor, dims, scale: str, onesided: bool) -> Tensor:
    dims = tuple(dims)
    return apply(OPS["fft_r2c"], (x,), (dims, scale, onesided, x._data.shape[dims[-1]]))


def _c2r(x: Tensor, dims, scale: str, last_size: int) -> Tensor:
    return apply(OPS["fft_c2r"], (x,), (tuple(dims), scale, last_size))


def _refuse_out(name: str, out) -> None:
    if out is not None:
        raise NotImplementedError(f"torch.fft.{name}'s out= is not supported by ember: "
                                  "assign the result instead")


# ---------------------------------------------------------------------- one dimension
def fft(input: Tensor, n: int | None = None, dim: int = -1, norm: str | None = None, *,
        out=None) -> Tensor:
    """The discrete Fourier transform of `input` along `dim` (n points: cut or zero-padded)."""
    return _one_dim("fft", input, n, dim, norm, out, forward=True)


def ifft(input: Tensor, n: int | None = None, dim: int = -1, norm: str | None = None, *,
         out=None) -> Tensor:
    """The inverse discrete Fourier transform of `input` along `dim`."""
    return _one_dim("ifft", input, n, dim, norm, out, forward=False)


def _one_dim(name, input, n, dim, norm, out, forward: bool) -> Tensor:
    _refuse_out(name, out)
    x = _prepared(name, input)
    d = _dim(name, x, dim)
    n = _points(name, n, x._data.shape[d])
    x = _resized(x, (d,), (n,))
    scale = _scale(name, norm, forward)
    if x._data.dtype.kind == "c":
        return _c2c(x, (d,), scale, forward)
    # a real signal: its forward transform, conjugated for the inverse direction
    y = _r2c(x, (d,), scale, False)
    return y if forward else conj_complex(y)


def rfft(input: Tensor, n: int | None = None, dim: int = -1, norm: str | None = None, *,
         out=None) -> Tensor:
    """The transform of a real signal: the n // 2 + 1 non-negative frequencies."""
    return _real_to_half("rfft", input, n, dim, norm, out, forward=True)


def ihfft(input: Tensor, n: int | None = None, dim: int = -1, norm: str | None = None, *,
          out=None) -> Tensor:
    """The inverse of hfft: the inverse transform of a real signal, n // 2 + 1 bins."""
    return _real_to_half("ihfft", input, n, dim, norm, out, forward=False)


def _real_to_half(name, input, n, dim, norm, out, forward: bool) -> Tensor:
    _refuse_out(name, out)
    x = _prepared(name, input, real_only=f"{name} expects a real input tensor, but got ")
    d = _dim(name, x, dim)
    n = _points(name, n, x._data.shape[d])
    y = _r2c(_resized(x, (d,), (n,)), (d,), _scale(name, norm, forward), True)
    return y if forward else conj_complex(y)


def irfft(input: Tensor, n: int | None = None, dim: int = -1, norm: str | None = None, *,
          out=None) -> Tensor:
    """The inverse of rfft: n real points (default 2 (m - 1)) from m non-negative bins."""
    return _half_to_real("irfft", input, n, dim, norm, out, forward=False)


def hfft(input: Tensor, n: int | None = None, dim: int = -1, norm: str | None = None, *,
         out=None) -> Tensor:
    """The transform of a Hermitian-symmetric signal given by its first half: n real values."""
    return _half_to_real("hfft", input, n, dim, norm, out, forward=True)


def _half_to_real(name, input, n, dim, norm, out, forward: bool) -> Tensor:
    _refuse_out(name, out)
    x = _as_complex(_prepared(name, input))
    d = _dim(name, x, dim)
    n = _points(name, n, 2 * (x._data.shape[d] - 1))
    x = _resized(x, (d,), (n // 2 + 1,))
    if forward:  # (the forward transform of a Hermitian signal: the inverse of its conjugate)
        x = conj_complex(x)
    return _c2r(x, (d,), _scale(name, norm, forward), n)


# ---------------------------------------------------------------------- n dimensions
def fft2(input: Tensor, s: Sequence[int] | None = None, dim: Sequence[int] = (-2, -1),
         norm: str | None = None, *, out=None) -> Tensor:
    """The 2-dimensional discrete Fourier transform (over the last two dims by default)."""
    return _complex_n("fft2", input, s, dim, norm, out, forward=True)


def ifft2(input: Tensor, s: Sequence[int] | None = None, dim: Sequence[int] = (-2, -1),
          norm: str | None = None, *, out=None) -> Tensor:
    """The 2-dimensional inverse discrete Fourier transform."""
    return _complex_n("ifft2", input, s, dim, norm, out, forward=False)


def fftn(input: Tensor, s: Sequence[int] | None = None, dim: Sequence[int] | None = None,
         norm: str | None = None, *, out=None) -> Tensor:
    """The n-dimensional discrete Fourier transform (over every dim by default)."""
    return _complex_n("fftn", input, s, dim, norm, out, forward=True)


def ifftn(input: Tensor, s: Sequence[int] | None = None, dim: Sequence[int] | None = None,
          norm: str | None = None, *, out=None) -> Tensor:
    """The n-dimensional inverse discrete Fourier transform."""
    return _complex_n("ifftn", input, s, dim, norm, out, forward=False)


def _complex_n(name, input, s, dim, norm, out, forward: bool) -> Tensor:
    _refuse_out(name, out)
    x = _as_complex(_prepared(name, input))
    dims, sizes = _dims_and_sizes(name, x, s, dim, halves=False)
    return _c2c(_resized(x, dims, sizes), dims, _scale(name, norm, forward), forward)


def rfft2(input: Tensor, s: Sequence[int] | None = None, dim: Sequence[int] = (-2, -1),
          norm: str | None = None, *, out=None) -> Tensor:
    """rfftn over two dims: the last of them halved."""
    return _real_to_half_n("rfft2", input, s, dim, norm, out, forward=True)


def rfftn(input: Tensor, s: Sequence[int] | None = None, dim: Sequence[int] | None = None,
          norm: str | None = None, *, out=None) -> Tensor:
    """The n-dimensional transform of a real signal: the last dim's non-negative bins."""
    return _real_to_half_n("rfftn", input, s, dim, norm, out, forward=True)


def ihfft2(input: Tensor, s: Sequence[int] | None = None, dim: Sequence[int] = (-2, -1),
           norm: str | None = None, *, out=None) -> Tensor:
    """ihfftn over two dims."""
    return _real_to_half_n("ihfft2", input, s, dim, norm, out, forward=False)


def ihfftn(input: Tensor, s: Sequence[int] | None = None, dim: Sequence[int] | None = None,
           norm: str | None = None, *, out=None) -> Tensor:
    """The inverse of hfftn: the inverse transform of a real signal, the last dim halved."""
    return _real_to_half_n("ihfftn", input, s, dim, norm, out, forward=False)


def _real_to_half_n(name, input, s, dim, norm, out, forward: bool) -> Tensor:
    _refuse_out(name, out)
    real_only = ("rfftn expects a real-valued input tensor, but got " if forward
                 else "Only supports floating-point dtypes, but found: ")
    x = _prepared(name, input, real_only=real_only)
    dims, sizes = _dims_and_sizes(name, x, s, dim)
    scale = _scale(name, norm, forward)
    x = _resized(x, dims, sizes)
    if forward:
        return _r2c(x, dims, scale, True)
    # ihfftn: the conjugate of the forward transform (the last dim's, then the others')
    y = _r2c(x, dims[-1:], scale, True)
    if len(dims) == 1:
        return conj_complex(y)
    return _c2c(conj_physical_complex(y), dims[:-1], scale, False)


def irfft2(input: Tensor, s: Sequence[int] | None = None, dim: Sequence[int] = (-2, -1),
           norm: str | None = None, *, out=None) -> Tensor:
    """irfftn over two dims."""
    return _complex_to_real("irfft2", input, s, dim, norm, out, forward=False)


def irfftn(input: Tensor, s: Sequence[int] | None = None, dim: Sequence[int] | None = None,
           norm: str | None = None, *, out=None) -> Tensor:
    """The inverse of rfftn: real values, the last dim 2 (m - 1) long by default."""
    return _complex_to_real("irfftn", input, s, dim, norm, out, forward=False)


def hfft2(input: Tensor, s: Sequence[int] | None = None, dim: Sequence[int] = (-2, -1),
          norm: str | None = None, *, out=None) -> Tensor:
    """hfftn over two dims."""
    return _complex_to_real("hfft2", input, s, dim, norm, out, forward=True)


def hfftn(input: Tensor, s: Sequence[int] | None = None, dim: Sequence[int] | None = None,
          norm: str | None = None, *, out=None) -> Tensor:
    """The n-dimensional transform of a Hermitian signal given by its last dim's half."""
    return _complex_to_real("hfftn", input, s, dim, norm, out, forward=True)


def _complex_to_real(name, input, s, dim, norm, out, forward: bool) -> Tensor:
    _refuse_out(name, out)
    x = _as_complex(_prepared(name, input))
    last_given = s is not None and len(s) and s[-1] != -1
    dims, sizes = _dims_and_sizes(name, x, s, dim)
    last = sizes[-1] if last_given else 2 * (x._data.shape[dims[-1]] - 1)
    if last < 1:
        raise RuntimeError(f"Invalid number of data points ({last}) specified")
    x = _resized(x, dims, sizes[:-1] + [last // 2 + 1])
    scale = _scale(name, norm, forward)
    if not forward:
        return _c2r(x, dims, scale, last)
    # hfftn: the forward transform over the other dims, then the Hermitian one
    if len(dims) > 1:
        x = _c2c(x, dims[:-1], scale, True)
    return _c2r(conj_complex(x), dims[-1:], scale, last)
