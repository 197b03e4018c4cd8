"""view(dtype) over every pair of ember's dtypes: the bytes NumPy reads, one memory and one
version counter, and no autograd history. torch's own answers (layouts, refusals and their
words, autograd, argument forms) are recorded in tests/reference/cases_view_dtype.py."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import ember
from ember._dtype import ALL_DTYPES
from ember.ops import OPS

PAIRS = list(itertools.product(ALL_DTYPES, ALL_DTYPES))


def _source(dtype) -> ember.Tensor:
    """A (3, 8) tensor of `dtype` with varied bytes (bools only 0 and 1)."""
    raw = np.random.default_rng(5).integers(0, 256, 3 * 8 * dtype.itemsize, dtype=np.uint8)
    if dtype is ember.bool:
        raw &= 1
    return ember.from_numpy(raw.view(dtype.numpy).reshape(3, 8).copy())


@pytest.mark.parametrize("old, new", PAIRS, ids=[f"{a.name}-{b.name}" for a, b in PAIRS])
def test_bytes_memory_and_version_shared(old, new):
    x = _source(old)
    v = x.view(new)
    expected = x.numpy().view(new.numpy)
    assert v.dtype is new and tuple(v.shape) == expected.shape
    assert v.numpy().tobytes() == expected.tobytes()
    assert np.shares_memory(v.numpy(), x.numpy())
    assert v.data_ptr() == x.data_ptr()
    before = x._version
    v.zero_()  # a write through the view reaches the source, and counts for both
    assert not x.numpy().any()
    assert x._version == v._version == before + 1


@pytest.mark.parametrize("dtype", [ember.float32, ember.int32, ember.float16, ember.float64])
def test_no_history_from_a_source_that_requires_grad(dtype):
    leaf = ember.arange(4.0, requires_grad=True)
    for source in (leaf, leaf * 2, leaf[2:]):
        v = source.view(dtype)
        assert (v.requires_grad, v.grad_fn, v.is_leaf, v._base) == (False, None, True, None)


def test_declared_as_a_non_differentiable_view():
    op = OPS["view_dtype"]
    assert op.view and not op.differentiable and op.grad_fn_name is None


def test_storage_offset_through_as_strided_windows():
    # the offset counts from the memory's owner, past NumPy's DummyArray bases too
    b = ember.arange(40.0)
    assert b.as_strided((3, 4), (4, 1), 2).storage_offset() == 2
    assert b[1:].as_strided((3, 4), (3, 2), 1).storage_offset() == 1
    assert b.as_strided((3, 4), (4, 1), 2).view(ember.int8).storage_offset() == 8
    assert b[4:].as_strided((2, 2), (2, 1), 6).view(ember.float64).storage_offset() == 3
