"""Views without copies: a quicker `numpy.lib.stride_tricks.as_strided` for the layers'
window views, and a reshape that never copies.

NumPy's as_strided builds its view through a dummy object's `__array_interface__`: ~10-25
us a call, against ~3-6 us for the ndarray constructor over the array's own buffer. A
ResNet block's step makes ~130 such views (Winograd's tile windows), a LeNet step ~8.
The constructor needs a contiguous array and checks that the view stays inside it; other
cases go to as_strided as before."""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided

__all__ = ["strided", "reshaped_view"]


def strided(x: np.ndarray, shape: tuple, strides: tuple, writeable: bool = True):
    """as_strided(x, shape, strides, writeable=writeable)."""
    if x.flags.c_contiguous and (x.flags.writeable or not writeable):
        try:
            view = np.ndarray(shape, x.dtype, x, 0, strides)
        except (TypeError, ValueError, BufferError):
            pass
        else:
            if not writeable:
                view.flags.writeable = False
            return view
    return as_strided(x, shape, strides, writeable=writeable)


def reshaped_view(data: np.ndarray, shape: tuple) -> np.ndarray:
    """data reshaped as a view, raising (ValueError; AttributeError on NumPy < 2.1) where
    that would need a copy, which a write through it would miss: np.reshape(...,
    copy=False), which NumPy 1.26 lacks; there a view's shape is set (NumPy 2.5 deprecates
    that)."""
    if _RESHAPE_HAS_COPY:
        return np.reshape(data, shape, copy=False)
    view = data.view()
    view.shape = shape
    return view


_RESHAPE_HAS_COPY = np.lib.NumpyVersion(np.__version__) >= "2.1.0"
