"""Variable-length sequences for recurrent layers: pad_sequence, pack_padded_sequence,
pad_packed_sequence, pack_sequence, PackedSequence (and their inverses unpad_sequence and
unpack_sequence).

A PackedSequence stores the time steps of a batch one after another, each step holding only
the sequences still running (sorted longest first): `data` is (sum(batch_sizes), *) and
`batch_sizes[t]` says how many rows step t has. Packing and unpacking are one gather each
(an index built in NumPy from the lengths), so gradients flow through ember's indexing op.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

import numpy as np

import ember

from ..._tensor import Tensor

__all__ = ["PackedSequence", "invert_permutation", "pack_padded_sequence",
           "pad_packed_sequence", "pad_sequence", "unpad_sequence", "pack_sequence",
           "unpack_sequence"]


class _PackedSequenceFields(NamedTuple):
    data: Tensor
    batch_sizes: Tensor
    sorted_indices: Tensor | None
    unsorted_indices: Tensor | None


class PackedSequence(_PackedSequenceFields):
    """The packed form of a batch of sequences (see the module docstring). Made by
    pack_padded_sequence / pack_sequence; recurrent layers accept and return it."""

    def __new__(cls, data: Any, batch_sizes: Tensor | None = None,
                sorted_indices: Tensor | None = None,
                unsorted_indices: Tensor | None = None) -> PackedSequence:
        if unsorted_indices is None:
            unsorted_indices = invert_permutation(sorted_indices)
        if batch_sizes is None:  # PackedSequence((data, batch_sizes), ...)
            if not (isinstance(data, (list, tuple)) and len(data) == 2):
                raise AssertionError("Expected data to be a list or tuple of length 2")
            data, batch_sizes = data
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)

    def _with_data(self, data: Tensor) -> PackedSequence:
        return type(self)(data, self.batch_sizes, self.sorted_indices, self.unsorted_indices)

    def to(self, *args: Any, **kwargs: Any) -> PackedSequence:
        data = self.data.to(*args, **kwargs)
        return self if data is self.data else self._with_data(data)

    def cpu(self) -> PackedSequence:
        return self

    def double(self) -> PackedSequence:
        return self.to(dtype=ember.float64)

    def float(self) -> PackedSequence:
        return self.to(dtype=ember.float32)

    def half(self) -> PackedSequence:
        return self.to(dtype=ember.float16)

    def long(self) -> PackedSequence:
        return self.to(dtype=ember.int64)

    def int(self) -> PackedSequence:
        return self.to(dtype=ember.int32)

    @property
    def is_cuda(self) -> bool:
        return False

    def is_pinned(self) -> bool:
        return False


def invert_permutation(permutation: Tensor | None) -> Tensor | None:
    """The permutation that undoes `permutation` (None stays None)."""
    if permutation is None:
        return None
    order = np.asarray(permutation.numpy() if isinstance(permutation, Tensor) else permutation)
    inverse = np.empty_like(order)
    inverse[order] = np.arange(order.size, dtype=order.dtype)
    return ember.from_numpy(inverse.astype(np.int64))


def _lengths_array(lengths: Tensor | list[int]) -> np.ndarray:
    if isinstance(lengths, Tensor):
        return lengths.numpy().astype(np.int64).reshape(-1)
    return np.asarray(lengths, dtype=np.int64).reshape(-1)


def _batch_sizes(lengths: np.ndarray) -> np.ndarray:
    """How many sequences are still running at each step (lengths sorted longest first)."""
    steps = np.arange(int(lengths[0]) if lengths.size else 0)
    return (lengths[None, :] > steps[:, None]).sum(1).astype(np.int64)


def pack_padded_sequence(input: Tensor, lengths: Tensor | list[int], batch_first: bool = False,
                         enforce_sorted: bool = True) -> PackedSequence:
    """Pack a padded batch (T, B, *) — or (B, T, *) with batch_first — of sequences whose
    lengths are given. With enforce_sorted the lengths must be decreasing; otherwise the
    batch is sorted here and the permutation kept in the result."""
    sizes = _lengths_array(lengths)
    sorted_indices = None
    if enforce_sorted:
        if np.any(sizes[1:] > sizes[:-1]):
            raise RuntimeError(
                "`lengths` array must be sorted in decreasing order when `enforce_sorted` is "
                "True. You can pass `enforce_sorted=False` to pack_padded_sequence and/or "
                "pack_sequence to sidestep this requirement if you do not need ONNX "
                "exportability.")
    else:
        order = np.argsort(-sizes, kind="stable")
        sizes = sizes[order]
        sorted_indices = ember.from_numpy(order.astype(np.int64))
        input = input.index_select(0 if batch_first else 1, sorted_indices)
    if sizes.size and sizes[-1] <= 0:
        raise RuntimeError("Length of all samples has to be greater than 0, but found an "
                           "element in 'lengths' that is <= 0")
    time_major = input.transpose(0, 1) if batch_first else input
    steps, batch = time_major.shape[0], time_major.shape[1]
    if sizes.size != batch:
        raise RuntimeError(f"Expected `len(lengths)` to be equal to batch_size, but got "
                           f"{sizes.size} (batch_size={batch})")
    if sizes[0] > steps:
        raise RuntimeError(f"Expected sequence length to be smaller than or equal to the "
                           f"padded length, but got {int(sizes[0])} (padded length={steps})")
    batch_sizes = _batch_sizes(sizes)
    # Row t*B + b of the (T*B, *) view for every step t and every sequence b still running.
    rows = np.concatenate([t * batch + np.arange(n) for t, n in enumerate(batch_sizes)])
    flat = time_major.reshape(steps * batch, *time_major.shape[2:])
    data = flat[ember.from_numpy(rows)]
    return PackedSequence(data, ember.from_numpy(batch_sizes), sorted_indices, None)


def pad_packed_sequence(sequence: PackedSequence, batch_first: bool = False,
                        padding_value: float = 0.0,
                        total_length: int | None = None) -> tuple[Tensor, Tensor]:
    """Undo pack_padded_sequence: the padded batch (in the original order of the sequences)
    and the lengths (int64)."""
    batch_sizes = sequence.batch_sizes.numpy().astype(np.int64)
    steps = batch_sizes.size
    if total_length is not None:
        if total_length < steps:
            raise ValueError(
                "Expected total_length to be at least the length of the longest sequence in "
                f"input, but got total_length={total_length} and max sequence length being "
                f"{steps}")
        steps = total_length
    batch = int(batch_sizes[0])
    data = sequence.data
    # Every padded slot reads one row of data, or the extra padding row at the end.
    pad_row = data.shape[0]
    index = np.full((steps, batch), pad_row, dtype=np.int64)
    start = 0
    for t, n in enumerate(batch_sizes):
        index[t, :n] = np.arange(start, start + n)
        start += n
    lengths = (index[:, :] != pad_row).sum(0).astype(np.int64)
    if sequence.unsorted_indices is not None:
        unsort = sequence.unsorted_indices.numpy().astype(np.int64)
        index, lengths = index[:, unsort], lengths[unsort]
    if batch_first:
        index = index.T
    padding = ember.full((1, *data.shape[1:]), padding_value, dtype=data.dtype)
    extended = ember.cat([data, padding])
    padded = extended[ember.from_numpy(np.ascontiguousarray(index).reshape(-1))]
    padded = padded.view(*index.shape, *data.shape[1:])
    return padded, ember.from_numpy(lengths)


def pad_sequence(sequences: Tensor | Iterable[Tensor], batch_first: bool = False,
                 padding_value: float = 0.0, padding_side: str = "right") -> Tensor:
    """Stack sequences of shapes (L_i, *) into (T, B, *) (or (B, T, *)), padding each one
    to the longest length with `padding_value` on the `padding_side` ('right' or 'left')."""
    if isinstance(sequences, Tensor):
        sequences = sequences.unbind(0)
    elif not isinstance(sequences, Iterable):
        raise RuntimeError("pad_sequence: Expected iterable for input sequences, but got arg "
                           f"of type: {type(sequences)}")
    sequences = tuple(sequences)
    if not sequences:
        raise RuntimeError("received an empty list of sequences")
    if padding_side not in ("left", "right"):
        raise RuntimeError("Expected padding_side to be one of left or right, but got "
                         f"{padding_side}.")
    longest = max(s.shape[0] for s in sequences)
    padded = []
    for s in sequences:
        missing = longest - s.shape[0]
        if missing:
            fill = ember.full((missing, *s.shape[1:]), padding_value, dtype=s.dtype)
            s = ember.cat([s, fill] if padding_side == "right" else [fill, s])
        padded.append(s)
    return _stack(padded, 0 if batch_first else 1)


def _stack(tensors: list[Tensor], dim: int) -> Tensor:
    # ember's graph recorder takes at most 31 inputs per op: stack larger lists in groups.
    if len(tensors) < 32:
        return ember.stack(tensors, dim)
    return ember.cat([ember.stack(tensors[i:i + 16], dim) for i in range(0, len(tensors), 16)],
                     dim)


def unpad_sequence(padded_sequences: Tensor, lengths: Tensor,
                   batch_first: bool = False) -> list[Tensor]:
    """The inverse of pad_sequence: each sequence cut to its length."""
    if not batch_first:
        padded_sequences = padded_sequences.transpose(0, 1)
    return [seq[:int(n)] for seq, n in zip(padded_sequences, _lengths_array(lengths),
                                           strict=True)]


def pack_sequence(sequences: list[Tensor], enforce_sorted: bool = True) -> PackedSequence:
    """pack_padded_sequence of pad_sequence(sequences), with their lengths."""
    lengths = [s.shape[0] for s in sequences]
    return pack_padded_sequence(pad_sequence(sequences), lengths,
                                enforce_sorted=enforce_sorted)


def unpack_sequence(packed_sequences: PackedSequence) -> list[Tensor]:
    """The inverse of pack_sequence: the list of sequences in their original order."""
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)
