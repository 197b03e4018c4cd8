"""ember.fft: the transforms need complex tensors, which ember does not have yet; each says
so by name instead of failing on a missing attribute (tests/reference/cases_fft.py covers
the real-valued helpers against torch)."""

from __future__ import annotations

import pytest

import ember

TRANSFORMS = ["fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "irfft", "rfft2",
              "irfft2", "rfftn", "irfftn", "hfft", "ihfft", "hfft2", "ihfft2", "hfftn", "ihfftn"]


@pytest.mark.parametrize("name", TRANSFORMS)
def test_each_transform_says_it_needs_complex_tensors(name):
    with pytest.raises(NotImplementedError, match=rf"torch\.fft\.{name} needs complex tensors"):
        getattr(ember.fft, name)(ember.ones(4))


def test_the_module_has_torch_fft_names():
    assert set(ember.fft.__all__) == {*TRANSFORMS, "fftfreq", "rfftfreq", "fftshift",
                                      "ifftshift"}
