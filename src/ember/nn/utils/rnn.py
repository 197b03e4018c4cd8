"""Variable-length sequences for recurrent layers: pad_sequence, pack_padded_sequence,
pad_packed_sequence, pack_sequence, PackedSequence (and their inverses unpad_sequence and
unpack_sequence).

A PackedSequence stores the time steps of a batch one after another, each step holding only
the sequences still running (sorted longest first): `data` is (sum(batch_sizes), *) and
`batch_sizes[t]` says how many rows step t has. Packing is one op (a gather, as torch's
native one); unpacking copies runs of steps into a padded tensor, as torch's kernel does.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

import numpy as np

import ember

from ..._tensor import Tensor
from ...ops.nn_rnn import pack_padded_sequence_data

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
    batch is sorted here (index_select) and the permutation kept in the result. The data is
    one op, as torch's (grad_fn PackPaddedSequenceBackward0)."""
    sizes = _lengths_array(lengths)
    sorted_indices = None
    if not enforce_sorted:
        order = np.argsort(-sizes, kind="stable")
        sizes = sizes[order]
        sorted_indices = ember.from_numpy(order.astype(np.int64))
        input = input.index_select(0 if batch_first else 1, sorted_indices)
    if input.numel() == 0:
        raise RuntimeError("Cannot pack empty tensors.")
    steps, batch = (input.shape[1], input.shape[0]) if batch_first else input.shape[:2]
    if sizes.size != batch:
        raise RuntimeError(f"Expected `len(lengths)` to be equal to batch_size, but got "
                           f"{sizes.size} (batch_size={batch})")
    if sizes.size and sizes[-1] <= 0:
        raise RuntimeError("Length of all samples has to be greater than 0, but found an "
                           "element in 'lengths' that is <= 0")
    if np.any(sizes[1:] > sizes[:-1]):
        raise RuntimeError(
            "`lengths` array must be sorted in decreasing order when `enforce_sorted` is "
            "True. You can pass `enforce_sorted=False` to pack_padded_sequence and/or "
            "pack_sequence to sidestep this requirement if you do not need ONNX "
            "exportability.")
    if sizes[0] > steps:
        raise RuntimeError(f"Expected sequence length to be smaller than or equal to the "
                           f"padded length, but got {int(sizes[0])} (padded length={steps})")
    batch_sizes = _batch_sizes(sizes)
    data = pack_padded_sequence_data(input, batch_sizes, batch_first)
    return PackedSequence(data, ember.from_numpy(batch_sizes), sorted_indices, None)


def pad_packed_sequence(sequence: PackedSequence, batch_first: bool = False,
                        padding_value: float = 0.0,
                        total_length: int | None = None) -> tuple[Tensor, Tensor]:
    """Undo pack_padded_sequence: the padded batch (in the original order of the sequences)
    and the lengths (int64). As torch's kernel: a (T, B, *) tensor of `padding_value` into
    which each run of steps with the same batch size is copied (CopySlices), transposed for
    batch_first (a view), then put back in the original order (index_select)."""
    batch_sizes = sequence.batch_sizes.numpy().astype(np.int64)
    steps = batch_sizes.size
    if total_length is not None:
        if total_length < steps:
            raise ValueError(
                "Expected total_length to be at least the length of the longest sequence in "
                f"input, but got total_length={total_length} and max sequence length being "
                f"{steps}")
        steps = total_length
    data = sequence.data
    batch = int(batch_sizes[0])
    output = ember.full((steps, batch, *data.shape[1:]), padding_value, dtype=data.dtype)
    offset = start = 0
    for t in range(1, batch_sizes.size + 1):
        if t < batch_sizes.size and batch_sizes[t] == batch_sizes[start]:
            continue
        rows = int(batch_sizes[start])
        count = rows * (t - start)
        block = data[offset:offset + count].view(t - start, rows, *data.shape[1:])
        output[start:t, :rows].copy_(block)
        offset += count
        start = t
    lengths = (batch_sizes[None, :] > np.arange(batch)[:, None]).sum(1).astype(np.int64)
    if batch_first:
        output = output.transpose(0, 1)
    if sequence.unsorted_indices is not None:
        unsort = sequence.unsorted_indices
        return (output.index_select(0 if batch_first else 1, unsort),
                ember.from_numpy(lengths[unsort.numpy().astype(np.int64)]))
    return output, ember.from_numpy(lengths)


def pad_sequence(sequences: Tensor | Iterable[Tensor], batch_first: bool = False,
                 padding_value: float = 0.0, padding_side: str = "right") -> Tensor:
    """Stack sequences of shapes (L_i, *) into (T, B, *) (or (B, T, *)), padding each one
    to the longest length with `padding_value` on the `padding_side` ('right' or 'left').
    As torch's kernel: a tensor of `padding_value` (the first sequence's dtype) into which
    each sequence is copied (CopySlices)."""
    if not isinstance(sequences, Iterable):
        raise RuntimeError("pad_sequence: Expected iterable for input sequences, but got arg "
                           f"of type: {type(sequences)}")
    sequences = tuple(sequences.unbind(0) if isinstance(sequences, Tensor) else sequences)
    if not sequences:
        raise RuntimeError("received an empty list of sequences")
    if padding_side not in ("left", "right"):
        raise RuntimeError("Expected padding_side to be one of left or right, but got "
                         f"{padding_side}.")
    longest = max(s.shape[0] for s in sequences)
    first = sequences[0]
    count = len(sequences)
    shape = (count, longest) if batch_first else (longest, count)
    out = ember.full((*shape, *first.shape[1:]), padding_value, dtype=first.dtype)
    for i, s in enumerate(sequences):
        length = s.shape[0]
        start = longest - length if padding_side == "left" else 0
        if batch_first:
            out.select(0, i).narrow(0, start, length).copy_(s)
        else:
            out.narrow(0, start, length).select(1, i).copy_(s)
    return out


def unpad_sequence(padded_sequences: Tensor, lengths: Tensor,
                   batch_first: bool = False) -> list[Tensor]:
    """The inverse of pad_sequence: each sequence cut to its length (by a boolean mask, as
    torch's). Like torch's, it transposes a time-major `padded_sequences` in place."""
    if not batch_first:
        padded_sequences.transpose_(0, 1)
    idx = ember.arange(padded_sequences.shape[1])
    return [seq[idx < length] for seq, length in zip(padded_sequences, lengths, strict=True)]


def pack_sequence(sequences: list[Tensor], enforce_sorted: bool = True) -> PackedSequence:
    """pack_padded_sequence of pad_sequence(sequences), with their lengths."""
    lengths = [s.shape[0] for s in sequences]
    return pack_padded_sequence(pad_sequence(sequences), lengths,
                                enforce_sorted=enforce_sorted)


def unpack_sequence(packed_sequences: PackedSequence) -> list[Tensor]:
    """The inverse of pack_sequence: the list of sequences in their original order."""
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)
