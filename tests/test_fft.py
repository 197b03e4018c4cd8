"""ember.fft's module surface and what reference cases cannot show: the transforms compose
torch's three kernels (tests/reference/cases_complex_fft.py compares values, gradients and
graphs with torch; cases_fft.py the real-valued helpers), NumPy's float32 transforms keep
their precision, and `out=` says that ember does not take it."""

from __future__ import annotations

import numpy as np
import pytest

import ember

TRANSFORMS = ["fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "irfft", "rfft2",
              "irfft2", "rfftn", "irfftn", "hfft", "ihfft", "hfft2", "ihfft2", "hfftn", "ihfftn"]


def test_the_module_has_torch_fft_names():
    assert set(ember.fft.__all__) == {*TRANSFORMS, "fftfreq", "rfftfreq", "fftshift",
                                      "ifftshift"}


# (NumPy has no hfft2/hfftn/ihfft2/ihfftn: the reference cases check those against torch)
@pytest.mark.parametrize("name", [name for name in TRANSFORMS if hasattr(np.fft, name)])
def test_each_transform_matches_numpy_in_float64(name):
    data = np.random.default_rng(0).standard_normal((3, 4))
    complex_input = name in ("irfft", "hfft", "irfft2", "irfftn", "hfft2", "hfftn",
                             "fft", "ifft", "fft2", "ifft2", "fftn", "ifftn")
    if complex_input:
        data = data + 1j * np.random.default_rng(1).standard_normal((3, 4))
    result = getattr(ember.fft, name)(ember.tensor(data), norm="ortho")
    expected = getattr(np.fft, name)(data, norm="ortho")
    np.testing.assert_allclose(result.numpy(), expected, rtol=1e-12, atol=1e-12)
    assert result.numpy().dtype == expected.dtype


@pytest.mark.parametrize("name,dtype", [("fft", np.complex64), ("rfft", np.complex64),
                                        ("irfft", np.float32), ("hfft", np.float32)])
def test_single_precision_results(name, dtype):
    data = np.arange(6, dtype=np.float32) * 0.3
    result = getattr(ember.fft, name)(ember.tensor(data))
    assert result.numpy().dtype == dtype
    expected = getattr(np.fft, name)(data.astype(np.float64))
    np.testing.assert_allclose(result.numpy(), expected, rtol=1e-5, atol=1e-5)


def test_out_is_refused_by_name():
    with pytest.raises(NotImplementedError, match=r"torch\.fft\.rfft's out="):
        ember.fft.rfft(ember.ones(4), out=ember.empty(3, dtype=ember.complex64))

