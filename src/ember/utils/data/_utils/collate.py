"""torch.utils.data._utils.collate: the collation functions under torch's names (the same
objects as utils/data/_collate.py's, so registering a type in `default_collate_fn_map`
here changes what every DataLoader does)."""

from .._collate import (
    _ERROR,
    _STRING_OR_OBJECT_DTYPE,
    collate,
    default_collate,
    default_collate_fn_map,
    default_convert,
)
from .._collate import _collate_arrays as collate_numpy_array_fn
from .._collate import _collate_floats as collate_float_fn
from .._collate import _collate_ints as collate_int_fn
from .._collate import _collate_numpy_scalars as collate_numpy_scalar_fn
from .._collate import _collate_strings as collate_str_fn
from .._collate import _collate_tensors as collate_tensor_fn

np_str_obj_array_pattern = _STRING_OR_OBJECT_DTYPE
default_collate_err_msg_format = _ERROR

__all__ = ["collate", "collate_float_fn", "collate_int_fn", "collate_numpy_array_fn",
           "collate_numpy_scalar_fn", "collate_str_fn", "collate_tensor_fn", "default_collate",
           "default_collate_fn_map", "default_convert", "default_collate_err_msg_format",
           "np_str_obj_array_pattern"]
