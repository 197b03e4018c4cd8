"""Variable-length sequences for recurrent layers: pad_sequence, pack_padded_sequence,
pad_packed_sequence, pack_sequence, PackedSequence."""

from __future__ import annotations

__all__: list[str] = []
