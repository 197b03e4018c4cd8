"""Views of tensors without elements (ops/_empty_views.py): what torch's recorded layouts
(tests/reference/cases_empty_views.py) do not show: that views with elements keep NumPy's
own views, that the arrays made here behave as any view (memory owner, read-only flag,
writes, copies, saving), and that a window may start outside its input's memory."""

from __future__ import annotations

import io

import numpy as np
import pytest

import ember
from ember.ops import _empty_views as empty


def test_views_with_elements_are_numpys_own():
    x = ember.arange(12.0).reshape(4, 3)
    for view in (x[1:3], x.narrow(1, 1, 2), x.t(), x.unsqueeze(0), x.view(3, 4), x[2],
                 x.expand(2, 4, 3), x.diagonal()):
        assert not empty.laid_out_here(view._data)


def test_torch_laid_keeps_an_array_already_laid_out_as_torch():
    data = ember.zeros(4, 3)[1:1]._data
    assert empty.torch_laid(data) is data
    new = np.zeros((2, 0, 3), np.float32)  # (NumPy's strides: 0, or NumPy 1's zeroed C ones)
    laid = empty.torch_laid(new)
    assert laid.strides == (12, 12, 4) and laid.size == 0
    assert empty.laid_out_here(laid) and laid.__array_interface__["data"][0] == \
        new.__array_interface__["data"][0]


def test_a_window_may_start_past_its_input():
    x = ember.arange(12.0).reshape(4, 3)
    for view, offset in ((x[4:4], 12), (x[:, 3:], 3), (x.as_strided((0,), (1,), 40), 40)):
        assert view.storage_offset() == offset
        assert view.numpy().size == 0 and not np.shares_memory(view.numpy(), x.numpy())
        view.mul_(2)  # nothing is written, and x is untouched
    assert x.sum().item() == 66.0


def test_read_only_input_gives_read_only_window():
    source = np.zeros((3, 2), np.float32)
    source.flags.writeable = False
    window = empty.sliced(source, 0, 2, 2, 1)
    assert not window.flags.writeable
    assert empty.sliced(np.zeros((3, 2)), 0, 3, 3, 1).flags.writeable


def test_sliced_clamps_as_torch():
    data = np.zeros((4, 3), np.float32)
    start = data.__array_interface__["data"][0]
    for (begin, stop, step), offset, stride in (((3, 3, 1), 9, 3), ((5, 2, 1), 12, 3),
                                                 ((-1, 1, 1), 9, 3), ((1, 1, 2), 3, 6)):
        window = empty.sliced(data, 0, begin, stop, step)
        assert window.shape == (0, 3)
        assert window.__array_interface__["data"][0] - start == offset * 4
        assert window.strides == (stride * 4, 4)


def test_reshaped_keeps_strides_only_for_the_same_shape():
    e = ember.zeros(0, 3).t()
    assert e.view(3, 0).stride() == (1, 3)
    assert e.view(0, 3).stride() == (3, 1)
    assert ember.zeros(0, 6).view(0, 2, 3).stride() == (6, 3, 1)
    assert ember.zeros(0, 6).view(2, 0, 1, 0).stride() == (1, 1, 1, 1)


def test_copies_saving_and_gradients_of_empty_views():
    x = ember.arange(12.0).reshape(4, 3).requires_grad_()
    view = x[3:3].t()
    assert view.clone().storage_offset() == 0
    assert view.contiguous().storage_offset() == 9  # (contiguous, as any empty tensor)
    buffer = io.BytesIO()
    ember.save([x.detach(), view.detach()], buffer)
    buffer.seek(0)
    _, loaded = ember.load(buffer)
    assert loaded.shape == (3, 0)
    (view.sum() + x.sum()).backward()
    assert x.grad.tolist() == [[1.0] * 3] * 4


@pytest.mark.parametrize("offset", [0, 1, 7, 100])
def test_as_strided_window_without_elements_takes_any_offset(offset):
    x = ember.zeros(4, 3)
    overlapping = x.unfold(0, 2, 1)  # (elements shared between windows: no memory layout)
    for source in (x, x[2:], overlapping):
        window = source.as_strided((2, 0), (0, 0), offset)
        assert window.storage_offset() == offset and window.stride() == (0, 0)
    with pytest.raises(RuntimeError, match="invalid storage offset -1"):
        x.as_strided((0,), (1,), -1)
