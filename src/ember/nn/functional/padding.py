"""Functional padding: pad.

`pad(input, pad, mode, value)` takes pads from the last dim backwards (the last dim's
before and after, then the dim before it...). Constant padding works on any number of
dims and crops where a pad is negative; reflect, replicate and circular pad the last 1, 2
or 3 dims of a batched or unbatched input, as torch's kernels do. Conv layers with a
padding_mode call this function too.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..._arguments import not_a_tensor
from ..._creation import zeros
from ..._grad_mode import no_grad
from ..._tensor import Tensor
from ...ops.nn_padding import constant_pad, reflection_map, replication_map, separable

__all__ = ["pad"]

_NON_CONSTANT = ("reflect", "replicate", "circular")


def _check_pads(pad: Sequence[int]) -> tuple[int, ...]:
    pads = tuple(pad)
    for position, value in enumerate(pads):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            if not (isinstance(value, Tensor) and value.ndim == 0
                    and not value.is_floating_point()):
                raise TypeError("pad(): argument 'pad' (position 2) must be tuple of ints, "
                                f"but found element of type {type(value).__name__} at pos "
                                f"{position}")
    return tuple(int(v) for v in pads)


def _unsupported_combination(pads: tuple, ndim: int) -> NotImplementedError:
    return NotImplementedError(
        f"Padding size {len(pads)} is not supported for {ndim}D input tensor.\n"
        "Supported combinations for non-constant padding:\n"
        "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
        "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
        "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)")


_DIM_LETTERS = {1: ("W",), 2: ("H", "W"), 3: ("D", "H", "W")}


def _check_non_constant(input: Tensor, pads: tuple, mode: str) -> int:
    """torch's checks for reflect/replicate/circular; returns how many dims are padded."""
    ndim = input.ndim
    k = len(pads) // 2
    if k not in (1, 2, 3) or ndim not in (k + 1, k + 2):
        raise _unsupported_combination(pads, ndim)
    shape = tuple(input.shape)
    if mode == "circular":
        for i in range(k):
            size = shape[ndim - 1 - i]
            if pads[2 * i] > size or pads[2 * i + 1] > size:
                raise RuntimeError("Padding value causes wrapping around more than once.")
            if size + pads[2 * i] + pads[2 * i + 1] < 0:
                raise RuntimeError("Negative padding value is resulting in an empty dimension")
        return k
    if 0 in (shape[1:] if ndim == k + 2 else shape):  # only the batch may be empty
        raise RuntimeError(
            f"Expected {k + 1}D or {k + 2}D (batch mode) tensor with possibly 0 batch size "
            f"and other non-zero dimensions for input, but got: {list(shape)}")
    if mode == "reflect":
        for i in range(k):
            dim = ndim - 1 - i
            before, after = pads[2 * i], pads[2 * i + 1]
            if before >= shape[dim] or after >= shape[dim]:
                raise RuntimeError(
                    f"Argument #{4 + 2 * i}: Padding size should be less than the "
                    f"corresponding input dimension, but got: padding ({before}, {after}) at "
                    f"dimension {dim} of input {list(shape)}")
    letters = _DIM_LETTERS[k]
    out_shape = list(shape)
    for i in range(k):
        out_shape[ndim - 1 - i] += pads[2 * i] + pads[2 * i + 1]
    if k > 1:
        # torch's 2-d and 3-d kernels refuse an output empty in every padded dim, and
        # otherwise a negative size only when allocating it
        spatial = [out_shape[ndim - k + j] for j in range(k)]
        if max(spatial) < 1:
            given = [shape[ndim - k + j] for j in range(k)]
            if k == 2:
                space = " " if mode == "replicate" else ""
                raise RuntimeError(f"input (H: {given[0]}, W: {given[1]}{space}) is too small."
                                   f" Calculated output H: {spatial[0]} W: {spatial[1]}")
            raise RuntimeError(f"input (D: {given[0]} H: {given[1]}, W: {given[2]}) is too "
                               f"small. Calculated output D: {spatial[0]} H: {spatial[1]} "
                               f"W: {spatial[2]}")
        negative = [size for size in out_shape if size < 0]
        if negative and mode == "reflect" and k == 2:
            # (torch's 2-d reflection multiplies the sizes out first, and so says)
            raise RuntimeError("numel: integer multiplication overflow")
        if negative:
            raise RuntimeError(f"Trying to create tensor with negative dimension "
                               f"{negative[0]}: {out_shape}")
        return k
    for i in range(k):
        dim = ndim - 1 - i
        out = out_shape[dim]
        if out < 1:
            letter = letters[k - 1 - i]
            raise RuntimeError(f"input ({letter}: {shape[dim]}) is too small. Calculated "
                               f"output {letter}: {out}")
    return k


def _clamped(t: Tensor, dim: int, start: int, stop: int) -> Tensor:
    """t[start:stop] along dim as a view, clamped into its size as a slice is (negative
    pads may crop more than there is)."""
    size = t.shape[dim]
    start = min(max(start, 0), size)
    return t.narrow(dim, start, max(min(stop, size) - start, 0))


def _circular(input: Tensor, pads: tuple, k: int) -> Tensor:
    """Circular padding from slice assignments (torch's CopySlices): the input (cropped by
    negative pads) in the middle, each pad filled from the opposite end of the middle."""
    shape = list(input.shape)
    ndim = len(shape)
    out_shape = list(shape)
    for i in range(k):
        dim = ndim - 1 - i
        out_shape[dim] = shape[dim] + pads[2 * i] + pads[2 * i + 1]
    out = zeros(out_shape, dtype=input.dtype)
    # (narrowed views, as torch's kernel: a copy into one is CopySlices even where it
    # covers all of `out`, where an assignment to full slices would be CopyBackwards)
    source, middle = input, out
    for i in range(k):
        dim = ndim - 1 - i
        before, after = pads[2 * i], pads[2 * i + 1]
        source = _clamped(source, dim, max(-before, 0), shape[dim] - max(-after, 0))
        middle = _clamped(middle, dim, max(before, 0), out_shape[dim] - max(after, 0))
    middle.copy_(source)
    for i in range(k):
        dim = ndim - 1 - i
        before, after = pads[2 * i], pads[2 * i + 1]
        start, stop = max(before, 0), out_shape[dim] - max(after, 0)
        if out_shape[dim] == 0:  # (negative pads cropped it all: nothing to wrap)
            continue
        if before > 0:
            out.narrow(dim, 0, before).copy_(out.narrow(dim, stop - before, before))
        if after > 0:
            out.narrow(dim, stop, after).copy_(out.narrow(dim, start, after))
            _repeat_overlap(out, dim, start, stop, after)
    return out


def _repeat_overlap(out: Tensor, dim: int, start: int, stop: int, after: int) -> None:
    """A pad wider than what the crop left overlaps its own source: torch's copy kernel runs
    forwards, so the kept part repeats across the pad, while its autograd records a copy
    of the source as it was (the gradient of the part read after it was written goes to
    the pad, not further). The values written again here, outside the graph, are the
    kernel's."""
    width = stop - start
    if after <= width or width <= 0:
        return
    with no_grad():
        for offset in range(width, after, width):
            n = min(width, after - offset)
            out.narrow(dim, stop + offset, n).copy_(out.narrow(dim, start + offset, n))


def pad(input: Tensor, pad: Sequence[int], mode: str = "constant",
        value: float | None = None) -> Tensor:
    """input padded by `pad` (from the last dim backwards) with `mode`: "constant" (value,
    default 0), "reflect", "replicate" or "circular"."""
    if not isinstance(input, Tensor):  # (torch's native pad: its parser checks input first)
        raise not_a_tensor("pad", "input", 1, input)
    pads = _check_pads(pad)
    if len(pads) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    if len(pads) // 2 > input.ndim:
        raise RuntimeError("Padding length should be less than or equal to two times the "
                           f"input dimension but got padding length {len(pads)} and input "
                           f"of dimension {input.ndim}")
    if mode == "constant":
        for i in range(len(pads) // 2):
            # torch crops negative pads with narrow before it pads
            if input.shape[input.ndim - 1 - i] + min(pads[2 * i], 0) + min(pads[2 * i + 1],
                                                                        0) < 0:
                raise RuntimeError("narrow(): length must be non-negative.")
        return constant_pad(input, pads, 0.0 if value is None else value)
    if mode not in _NON_CONSTANT:
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    if value is not None and value != 0:
        raise RuntimeError(f'Padding mode "{mode}" doesn\'t take in value argument')
    k = _check_non_constant(input, pads, mode)
    if mode == "circular":
        return _circular(input, pads, k)
    shape = tuple(input.shape)
    make = reflection_map if mode == "reflect" else replication_map
    # maps[0] is for the first padded dim, which takes the last pair of pads.
    maps = tuple(make(shape[input.ndim - k + j], pads[2 * (k - 1 - j)],
                      pads[2 * (k - 1 - j) + 1]) for j in range(k))
    name = f"{'reflection' if mode == 'reflect' else 'replication'}_pad{k}d"
    if input._data.dtype == np.bool_:
        raise NotImplementedError(f'"{name}" not implemented for \'Bool\'')
    return separable(name, input, maps)
