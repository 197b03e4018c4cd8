"""torch.stft and torch.istft: the short-time Fourier transform and its inverse.

Composed of public ops in torch's order, so the graph has torch's nodes: stft pads (center),
frames with as_strided, multiplies by the (centre-padded) window, runs the one-dim real or
complex FFT kernel and transposes in place; istft views its input as real, transposes,
runs the inverse kernel, multiplies by the window, overlaps and adds with unfold_backward,
and divides by the overlap-added squared window (the envelope), after torch's NOLA check.
"""

from __future__ import annotations

import numpy as np

from ._arguments import given_by_keyword, not_a, type_name
from ._dispatch import apply
from ._tensor import Tensor
from ._warnings import warn_once
from .ops import OPS
from .ops.complex_ops import view_as_complex, view_as_real
from .ops.nn_padding import constant_pad
from .ops.shape_parts import slice_dim

__all__ = ["stft", "istft"]

_NO_WINDOW_STFT = ("A window was not provided. A rectangular window will be applied,which is "
                   "known to cause spectral leakage. Other windows such as torch.hann_window or "
                   "torch.hamming_window are recommended to reduce spectral leakage.To suppress "
                   "this warning and use a rectangular window, explicitly set "
                   "`window=torch.ones(n_fft, device=<device>)`.")
_NO_WINDOW_ISTFT = ("A window was not provided. A rectangular window will be applied.Please "
                    "provide the same window used by stft to make the inversion lossless.To "
                    "suppress this warning and use a rectangular window, explicitly set "
                    "`window=torch.ones(n_fft, device=<device>)`.")


# ---------------------------------------------------------------------- torch's error prefix
def _type(t: Tensor) -> str:
    """The type name torch's REPR prints: torch.FloatTensor, but CPUComplexFloatType."""
    if t._data.dtype.kind == "c":
        return "CPUComplexFloatType" if t._data.dtype.itemsize == 8 else "CPUComplexDoubleType"
    return t.type()


def _sizes(shape) -> str:
    return "[" + ", ".join(str(s) for s in shape) + "]"


def _flag(value) -> str:
    """An optional bool as C++ streams it: None, 0 or 1."""
    return "None" if value is None else str(int(bool(value)))


def _window(window) -> str:
    return "None" if window is None else f"{_type(window)}{{{_sizes(window.shape)}}}"


def _centred_window(window: Tensor | None, win_length: int, n_fft: int, like: Tensor
                    ) -> Tensor | None:
    """The window zero-padded on both sides to n_fft (torch: zeros, then a narrow copy_),
    ones where there is none; None when nothing needs multiplying."""
    if win_length >= n_fft:
        return window
    from ._creation import zeros

    left = (n_fft - win_length) // 2
    source = window if window is not None else like
    padded = zeros(n_fft, dtype=source.dtype)
    if window is not None:
        padded.narrow(0, left, win_length).copy_(window)
    else:
        padded.narrow(0, left, win_length).fill_(1)
    return padded


# ---------------------------------------------------------------------- stft
# torch.stft is Python (the centre padding) in front of a native stft whose parser checks
# these nine arguments, in this order, against two overloads (with and without the
# center/pad_mode pair): its TypeError lists both
_NATIVE = ("Tensor", "int", "int?", "int?", "Tensor?", "bool", "bool?", "bool?", "bool?")
_OVERLOADS = (
    " * (Tensor input, int n_fft, int hop_length = None, int win_length = None, Tensor window "
    "= None, bool center = True, str pad_mode = \"reflect\", bool normalized = False, bool "
    "onesided = None, bool return_complex = None, bool align_to_window = None)\n"
    " * (Tensor input, int n_fft, int hop_length = None, int win_length = None, Tensor window "
    "= None, bool normalized = False, bool onesided = None, bool return_complex = None, bool "
    "align_to_window = None)\n")


def _parsed(kind: str, value) -> bool:
    if value is None:
        return kind.endswith("?")
    kind = kind.rstrip("?")
    if kind == "Tensor":
        return isinstance(value, Tensor)
    if kind == "bool":
        return isinstance(value, (bool, np.bool_))
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _described(value) -> str:
    if isinstance(value, (list, tuple)) and value:
        names = ", ".join(type_name(v) for v in value)  # (each element, repeats too)
        return f"{type(value).__name__} of [{names}]"
    return type_name(value)


def _check_native_arguments(values: tuple) -> None:
    """torch's parser error when an argument of the native stft has the wrong type. (Its
    marks, as observed: every argument from the first that is None or wrong.)"""
    if all(_parsed(kind, value) for kind, value in zip(_NATIVE, values)):
        return
    first = next(i for i, (kind, value) in enumerate(zip(_NATIVE, values))
                 if value is None or not _parsed(kind, value))
    got = ", ".join(type_name(v) for v in values)
    marked = ", ".join(_described(v) if i < first else f"!{_described(v)}!"
                       for i, v in enumerate(values))
    raise TypeError(f"stft() received an invalid combination of arguments - got ({got}), but "
                    f"expected one of:\n{_OVERLOADS}      didn't match because some of the "
                    f"arguments have invalid types: ({marked})\n")


def stft(input: Tensor, n_fft: int, hop_length: int | None = None,
         win_length: int | None = None, window: Tensor | None = None, center: bool = True,
         pad_mode: str = "reflect", normalized: bool = False, onesided: bool | None = None,
         return_complex: bool | None = None, align_to_window: bool | None = None) -> Tensor:
    """The short-time Fourier transform: (B?, N, T) complex, N = n_fft // 2 + 1 when
    onesided, T the number of frames (see torch.stft)."""
    if center and align_to_window is not None:
        raise RuntimeError("stft align_to_window should only be set when center = false")
    if center:  # (torch.functional's padding, in front of the native stft)
        from .nn.functional import pad

        signal_dim = input.dim()
        extended = [1] * (3 - signal_dim) + list(input.shape)
        half = int(n_fft // 2)
        input = pad(input.view(extended), [half, half], pad_mode)
        input = input.view(input.shape[-signal_dim:])  # (all of it for a 0-d input, as torch)
    _check_native_arguments((input, n_fft, hop_length, win_length, window, normalized,
                             onesided, return_complex, align_to_window))
    complex_window = window is not None and window.is_complex()
    given_return_complex = return_complex  # (torch's error prefix shows it as given)
    if return_complex is None:
        if not (input.is_complex() or complex_window):
            raise RuntimeError("stft requires the return_complex parameter be given for real "
                               "inputs, and will further require that return_complex=True in "
                               "a future PyTorch release.")
        return_complex = True
    elif not return_complex:
        warn_once("stft return_complex=False",
                  "stft with return_complex=False is deprecated. In a future pytorch release, "
                  "stft will return complex tensors for all inputs, and return_complex=False "
                  "will raise an error.\nNote: you can still call torch.view_as_real on the "
                  "complex output to recover the old return format.")
    if window is None:
        warn_once("stft without a window", _NO_WINDOW_STFT)
    hop = n_fft >> 2 if hop_length is None else hop_length
    win = n_fft if win_length is None else win_length
    prefix = (f"stft({_type(input)}{_sizes(input.shape)}, n_fft={n_fft}, hop_length={hop}, "
              f"win_length={win}, window={_window(window)}, normalized={_flag(normalized)}, "
              f"onesided={_flag(onesided)}, return_complex={_flag(given_return_complex)}, "
              f"align_to_window={_flag(align_to_window)}) : ")
    if not (input.is_floating_point() or input.is_complex()):
        raise RuntimeError(prefix + "expected a tensor of floating point or complex values")
    if input.dim() not in (1, 2):
        raise RuntimeError(prefix + "expected a 1D or 2D tensor")
    frames = input.unsqueeze(0) if input.dim() == 1 else input
    length = frames.shape[1]
    if n_fft <= 0 or n_fft > length:
        # (torch prints win_length where it means n_fft)
        raise RuntimeError(prefix + f"expected 0 < n_fft < {length}, but got n_fft={win}")
    if hop <= 0:
        raise RuntimeError(prefix + f"expected hop_length > 0, but got hop_length={hop}")
    if win <= 0 or win > n_fft:
        raise RuntimeError(prefix + f"expected 0 < win_length <= n_fft, but got "
                           f"win_length={win}")
    if window is not None and (window.dim() != 1 or window.shape[0] != win):
        raise RuntimeError(prefix + f"expected a 1D window tensor of size equal to "
                           f"win_length={win}, but got window with size {_sizes(window.shape)}")
    window_ = _centred_window(window, win, n_fft, input)
    span = n_fft
    if align_to_window:
        # frames aligned to the window, not to the n_fft frame: frame t's window starts at
        # t * hop, so the frame starts `left` earlier; torch pads `left` zeros on both sides
        # (not n_fft - win_length in all), so an odd n_fft - win_length can put the last
        # frame past the end: its storage error, below
        left = (n_fft - win) // 2
        frames = constant_pad(frames, (left, left), 0)
        span = win
    n_frames = 1 + (length - span) // hop
    batch, padded = frames.shape
    stride0, stride1 = frames.stride()
    shape, strides = (batch, n_frames, n_fft), (stride0, hop * stride1, stride1)
    if align_to_window:  # (the padded signal: contiguous, its own storage)
        needed = 1 + (batch - 1) * padded + (n_frames - 1) * hop + n_fft - 1
        if needed > batch * padded:
            size = frames.element_size()
            raise RuntimeError(f"setStorage: sizes {_sizes(shape)}, strides {_sizes(strides)}, "
                               f"storage offset 0, and itemsize {size} requiring a storage size "
                               f"of {needed * size} are out of bounds for storage of size "
                               f"{batch * padded * size}")
    frames = frames.as_strided(shape, strides, frames.storage_offset())
    if window_ is not None:
        frames = frames.mul(window_)
    if frames._data.dtype.itemsize == 2:  # (torch's CPU FFT has no half precision)
        raise RuntimeError("MKL FFT doesn't support tensors of type: Half")
    complex_fft = frames.is_complex()
    if onesided is None:
        onesided = not complex_fft
    scale = "sqrt" if normalized else "none"
    if complex_fft:
        if onesided:
            raise RuntimeError("Cannot have onesided output if window or input is complex")
        out = apply(OPS["fft_c2c"], (frames,), ((2,), scale, True))
    else:
        out = apply(OPS["fft_r2c"], (frames,), ((2,), scale, bool(onesided), n_fft))
    out.transpose_(1, 2)
    if input.dim() == 1:
        out.squeeze_(0)
    return out if return_complex else view_as_real(out)


# ---------------------------------------------------------------------- istft
def istft(input: Tensor, n_fft: int, hop_length: int | None = None,
          win_length: int | None = None, window: Tensor | None = None, center: bool = True,
          normalized: bool = False, onesided: bool | None = None, length: int | None = None,
          return_complex: bool = False) -> Tensor:
    """The inverse of stft: the least-squares signal (B?, length) from (B?, N, T) frames."""
    if window is not None and not isinstance(window, Tensor):  # (the others: _arguments)
        raise not_a("Tensor", "istft", "window", None if given_by_keyword("window") else 5,
                    window)
    hop = n_fft >> 2 if hop_length is None else hop_length
    win = n_fft if win_length is None else win_length
    if not input.is_complex():
        raise RuntimeError("istft requires a complex-valued input tensor matching the output "
                           "from stft with return_complex=True.")
    prefix = (f"istft({_type(input)}{_sizes(input.shape)}, n_fft={n_fft}, hop_length={hop}, "
              f"win_length={win}, window={_window(window)}, center={_flag(center)}, "
              f"normalized={_flag(normalized)}, onesided={_flag(onesided)}, "
              f"length={'None' if length is None else length}, "
              f"return_complex={_flag(return_complex)})")
    real = view_as_real(input)
    n_frames = real.size(-2)
    fft_size = real.size(-3)
    expected_length = n_fft + hop * (n_frames - 1)
    if real.numel() == 0:
        raise RuntimeError(prefix + " : input tensor cannot be empty.")
    if real.dim() not in (3, 4):
        raise RuntimeError(prefix + f" : expected a tensor with 3 or 4 dimensions, but got "
                           f"{real.dim()}")
    one = fft_size != n_fft if onesided is None else onesided
    if one and n_fft // 2 + 1 != fft_size:
        raise RuntimeError(prefix + " : expected the frequency dimension (3rd to the last) of "
                           "the input tensor to match n_fft / 2 + 1 when onesided=True, but got "
                           f"{fft_size}")
    if not one and n_fft != fft_size:
        raise RuntimeError(prefix + " : expected the frequency dimension (3rd to the last) of "
                           "the input tensor to match n_fft when onesided=False, but got "
                           f"{fft_size}")
    if not 0 < hop <= win:
        raise RuntimeError(prefix + " : expected 0 < hop_length <= win_length")
    if not 0 < win <= n_fft:
        raise RuntimeError(prefix + " : expected 0 < win_length <= n_fft")
    if window is not None and (window.dim() != 1 or window.shape[0] != win):
        raise RuntimeError(prefix + " : Invalid window shape. window has to be 1D and length "
                           "of `win_length`")
    from ._creation import ones

    if window is None:
        warn_once("istft without a window", _NO_WINDOW_ISTFT)
        window_ = ones(win, dtype=real.dtype)
    else:
        window_ = window
    if win != n_fft:
        left = (n_fft - win) // 2
        window_ = constant_pad(window_, (left, n_fft - win - left), 0)
    if real.dim() == 3:
        real = real.unsqueeze(0)
    frames = view_as_complex(real.transpose(1, 2))  # (channel, n_frames, fft_size)
    scale = "sqrt" if normalized else "n"
    if return_complex:
        if one:
            raise RuntimeError("Cannot have onesided output if window or input is complex")
        frames = apply(OPS["fft_c2c"], (frames,), ((2,), scale, False))
    else:
        if window is not None and window.is_complex():
            raise RuntimeError("Complex windows are incompatible with return_complex=False")
        if not one:
            frames = slice_dim(frames, 2, 0, n_fft // 2 + 1)
        frames = apply(OPS["fft_c2r"], (frames,), ((2,), scale, n_fft))
    channels = frames.shape[0]
    y = apply(OPS["unfold_backward"], (frames * window_.view(1, 1, n_fft),),
              (1, n_fft, hop, (channels, expected_length)))
    squared = window_.pow(2).expand(1, n_frames, n_fft)
    envelope = apply(OPS["unfold_backward"], (squared,), (1, n_fft, hop, (1, expected_length)))
    start = n_fft // 2 if center else 0
    if length is not None:
        end = start + length
    else:
        end = -(n_fft // 2) if center else expected_length
    y = _slice(y, start, end)
    envelope = _slice(envelope, start, end)
    lowest = envelope.abs().min().lt(1e-11)
    if lowest.item():
        raise RuntimeError(prefix + " window overlap add min: 1\n[ CPUBoolType{} ]")
    y = y / envelope
    if input.dim() == 2:  # (the input's own dims: 2 complex dims, 3 real)
        y = y.squeeze(0)
    if end > expected_length:
        warn_once("istft length", "The length of signal is shorter than the length parameter. "
                  "Result is being padded with zeros in the tail. Please check your center and "
                  "hop_length settings.")
        y = constant_pad(y, (0, end - expected_length), 0)
    return y


def _slice(t: Tensor, start: int, end: int) -> Tensor:
    """t[:, start:end] with Python's clamping of the bounds (torch's slice)."""
    size = t.shape[1]
    lo, hi, _ = slice(start, end).indices(size)
    return slice_dim(t, 1, lo, max(lo, hi))


_istft = istft


def install() -> None:
    """Tensor.stft and Tensor.istft: the functions, called as methods."""
    import ember

    Tensor.stft = stft

    def istft(self, *args, **kwargs):  # (torch's method calls the function: its positions)
        return ember.istft(self, *args, **kwargs)

    istft.__doc__ = _istft.__doc__
    Tensor.istft = istft
