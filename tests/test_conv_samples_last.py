"""Convolutions whose output rows are short (ops/nn_conv.py: _convolve_samples_last):
columns with samples innermost, copied and multiplied a band of output rows at a time,
against the samples' loop reference, with bands of one row, of several (the last one
short) and of all rows; the kept columns serve the weight gradient. Transposed
convolutions (_convolve_transposed) multiply and add back a few taps at a time: one tap,
several (the last block short), all."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ember.ops import nn_conv
from ember.ops._conv_kept import KeptInput
from tests.samples.nn_conv import (
    conv_reference,
    conv_transpose_reference,
    weight_gradient_reference,
)

CASES = [  # (batch, in channels, out channels, spatial size, kernel, stride, padding,
    #         dilation, groups)
    (5, 6, 4, (9, 9), (5, 5), (1, 1), ((0, 0), (0, 0)), (1, 1), 1),  # LeNet's second layer
    (4, 8, 6, (11, 8), (3, 2), (2, 1), ((1, 0), (0, 1)), (1, 2), 2),
    (3, 12, 3, (10,), (4,), (3,), ((2, 1),), (2,), 1),
    (2, 4, 4, (7, 4, 6), (2, 2, 3), (1, 2, 1), ((1, 1), (0, 0), (1, 0)), (1, 1, 2), 2),
]


@pytest.mark.parametrize("rows", [1, 2, 100], ids=["1", "2", "all"])
@pytest.mark.parametrize("n, c, o, size, kernel, stride, padding, dilation, groups", CASES)
def test_convolution_and_kept_weight_gradient(monkeypatch, rows, n, c, o, size, kernel,
                                              stride, padding, dilation, groups):
    monkeypatch.setattr(nn_conv, "_SHALLOW", 0)  # (not the shallow products' path)
    rng = np.random.default_rng(n + c + o)
    x = rng.standard_normal((n, c) + size)
    w = rng.standard_normal((o, c // groups) + kernel)
    pairs = [tuple(p) for p in padding]
    expected = conv_reference(x, w, None, stride, pairs, dilation, groups)
    assert expected.shape[-1] < nn_conv._SHORT_ROWS and expected.shape[2] > 2
    # bands of `rows` output rows (2: the last one short for an odd count)
    per_row = math.prod(expected.shape[3:]) * n * c * math.prod(kernel)
    monkeypatch.setattr(nn_conv, "_CHUNK_VALUES", rows * per_row)
    keep = KeptInput()
    got = nn_conv._convolve(x, w, stride, padding, dilation, groups, keep)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)
    assert got.dtype == np.float64 and got.flags.c_contiguous
    v = rng.standard_normal(expected.shape)
    weight = nn_conv._weight_gradient(x, v, w.shape, stride, padding, dilation, groups, keep)
    np.testing.assert_allclose(
        weight, weight_gradient_reference(
            lambda u: conv_reference(x, u, None, stride, pairs, dilation, groups), w.shape,
            v), rtol=1e-12, atol=1e-12)


def _blas_columns_keep_their_bits(depth: int) -> bool:
    """Whether this machine's float32 product gives each column the same bits whether it
    is multiplied alone or within the whole product. OpenBLAS's SkylakeX kernels do for
    blocks of _SAME_BITS columns; its Haswell/Zen kernels (AMD EPYC) sum a narrow product
    in another order."""
    rng = np.random.default_rng(1)
    w = rng.standard_normal((16, depth)).astype(np.float32)
    cols = rng.standard_normal((depth, 64)).astype(np.float32)
    whole = w @ cols
    step = nn_conv._SAME_BITS
    return all(np.array_equal(w @ np.ascontiguousarray(cols[:, i:i + step]),
                              whole[:, i:i + step]) for i in range(0, 64, step))


@pytest.mark.parametrize("batch", [8, 16])
def test_bands_give_the_bits_of_one_product(monkeypatch, batch):
    """A band's product is the columns' product restricted to the band's columns: the
    same float32 values whatever the bands (with a batch of 16, bands of one output
    position of every sample: parts of rows), where the BLAS gives a column the same bits
    in a narrow product as in a wide one; elsewhere the bands' sums round differently, by
    a few float32 units at most."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((batch, 6, 14, 14)).astype(np.float32)
    w = rng.standard_normal((16, 6, 5, 5)).astype(np.float32)
    b = rng.standard_normal(16).astype(np.float32)
    pad = ((0, 0), (0, 0))
    monkeypatch.setattr(nn_conv, "_CHUNK_VALUES", 1 << 30)
    monkeypatch.setattr(nn_conv, "_PIECE", 1 << 30)
    whole = nn_conv._convolve(x, w, (1, 1), pad, (1, 1), 1, bias=b)
    monkeypatch.setattr(nn_conv, "_CHUNK_VALUES", 1)
    banded = nn_conv._convolve(x, w, (1, 1), pad, (1, 1), 1, bias=b)
    if _blas_columns_keep_their_bits(6 * 5 * 5 + 1):
        np.testing.assert_array_equal(banded, whole)
    else:
        np.testing.assert_allclose(banded, whole, rtol=1e-5, atol=1e-5)
    expected = conv_reference(x.astype(np.float64), w.astype(np.float64),
                              b.astype(np.float64), (1, 1), [(0, 0)] * 2, (1, 1), 1)
    np.testing.assert_allclose(whole, expected, rtol=1e-4, atol=1e-4)


TRANSPOSED = [  # (batch, in channels, out channels / groups, size, kernel, stride, padding,
    #             output padding, dilation, groups)
    (5, 4, 3, (6, 6), (5, 5), (1, 1), (0, 0), (0, 0), (1, 1), 1),  # LeNet's input gradient
    (3, 6, 2, (4, 20), (3, 3), (2, 2), (1, 0), (1, 0), (1, 2), 3),  # rows of >= 16 values
    (3, 4, 3, (9,), (4,), (3,), (1,), (1,), (2,), 1),
    (2, 4, 2, (5, 4, 6), (2, 2, 3), (1, 2, 1), (0, 1, 0), (0, 1, 0), (1, 1, 2), 2),
    # staged add-back (stride 1 in the first dim) with a dilated first dim and its output
    # padding row
    (3, 4, 2, (5, 7), (3, 2), (1, 1), (1, 0), (1, 0), (2, 1), 2),
]


@pytest.mark.parametrize("taps", [1, 2, 1000], ids=["1", "2", "all"])
@pytest.mark.parametrize("n, c, o, size, kernel, stride, padding, output_padding, dilation, "
                         "groups", TRANSPOSED)
def test_transposed_convolution_by_blocks_of_taps(monkeypatch, taps, n, c, o, size, kernel,
                                                  stride, padding, output_padding, dilation,
                                                  groups):
    rng = np.random.default_rng(n + c + o)
    x = rng.standard_normal((n, c) + size)
    w = rng.standard_normal((c, o) + kernel)
    # blocks of `taps` kernel offsets (2: the last one short for an odd count)
    monkeypatch.setattr(nn_conv, "_CHUNK_VALUES", taps * groups * o * n * math.prod(size))
    # (the general path, not the stride-1 one over the flat layout or Winograd)
    monkeypatch.setattr(nn_conv, "_convolve_transposed_flat", lambda *args: None)
    got = nn_conv._convolve_transposed(x, w, stride, tuple((p, p) for p in padding),
                                       dilation, output_padding, groups)
    expected = conv_transpose_reference(x, w, None, stride, padding, output_padding, groups,
                                        dilation)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)
    assert got.dtype == np.float64 and got.flags.c_contiguous
