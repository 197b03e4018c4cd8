"""torch's own refusals of complex tensors, by op of the table: ops torch has no complex
kernel for (sorting, orderings, extrema, clamps, nan-reductions, unique, searchsorted...)
raise torch's exception and message, where ember's gate (`_dispatch.complex_unsupported`)
would say that ember does not compute them yet."""

from __future__ import annotations

import numpy as np

from ._dtype import scalar_type_name

_CLAMP = (NotImplementedError, "clamp is not supported for complex types")


def _kernel(name: str) -> tuple:
    """torch's dispatch refusal: "<kernel>" not implemented for '<ComplexFloat>'."""
    return NotImplementedError, f"\"{name}\" not implemented for '{{word}}'"


def _no_complex(message: str) -> tuple:
    return RuntimeError, message


# op name -> (exception type, message; {word}: the complex ScalarType name)
_REFUSALS = {
    "sort": _no_complex(" Sort does not support complex dtypes on CPU"),  # (torch's space)
    "argsort": _no_complex(" Sort does not support complex dtypes on CPU"),
    "topk": _no_complex(" topk does not support complex dtypes on CPU"),
    "kthvalue": _kernel("kthvalue_cpu"),
    "max": _kernel("max_all"),
    "min": _kernel("min_all"),
    "max_dim": _no_complex("max(): does not support complex input"),
    "min_dim": _no_complex("min(): does not support complex input"),
    "argmax": _no_complex("argmax(): does not support complex input"),
    "argmin": _no_complex("argmin(): does not support complex input"),
    "amax": _kernel("max_values_cpu"),
    "amin": _kernel("min_values_cpu"),
    "maximum": _no_complex("maximum not implemented for complex tensors."),
    "minimum": _no_complex("minimum not implemented for complex tensors."),
    "fmax": _no_complex("fmax not implemented for complex tensors."),
    "fmin": _no_complex("fmin not implemented for complex tensors."),
    "clamp": _CLAMP,
    "clamp_min": _CLAMP,
    "clamp_max": _CLAMP,
    "hardtanh": _CLAMP,
    "relu": _CLAMP,  # (torch's relu is a clamp at 0)
    "threshold": _kernel("threshold_cpu"),
    "threshold_inplace": _kernel("threshold_cpu"),
    "clamp_min_tensor": _kernel("maximum_cpu"),
    "clamp_max_tensor": _kernel("minimum_cpu"),
    "cummax": _kernel("cummax_cpu"),
    "cummin": _kernel("cummin_cpu"),
    "median": _kernel("median_cpu"),
    "nanmedian": _kernel("median_cpu"),
    "median_dim": _kernel("median_out"),
    "nanmedian_dim": _kernel("median_out"),
    "mode_dim": _kernel("mode_cpu"),
    "unique": _kernel("unique"),
    "unique_consecutive": _kernel("unique"),
    "unique_dim": _kernel("unique_dim"),
    "searchsorted": _kernel("searchsorted_out_cpu"),
    "isin": _no_complex("Unsupported input type encountered for isin(): {word}"),
    "nansum": _no_complex("nansum on CPU does not support complex inputs"),
}


def _complex_word(inputs: tuple) -> str:
    for x in inputs:
        data = getattr(x, "_data", x)
        dtype = getattr(data, "dtype", None)
        if dtype is not None and dtype.kind == "c":
            return scalar_type_name(dtype)
    return scalar_type_name(np.dtype(np.complex64))  # (a Python complex number)


def torch_complex_refusal(name: str, inputs: tuple) -> Exception | None:
    """torch's error for op `name` meeting complex inputs, or None where torch computes it
    (clamp with tensor bounds: the input's refusal, else that of the bound's kernel)."""
    if name == "clamp_tensor":
        data = inputs[0]._data
        if data.dtype.kind == "c":
            entry = _CLAMP
        else:
            entry = _kernel("maximum_cpu" if _is_complex(inputs[1]) else "minimum_cpu")
    else:
        entry = _REFUSALS.get(name)
    if entry is None:
        return None
    kind, message = entry
    return kind(message.format(word=_complex_word(inputs)))


def _is_complex(x) -> bool:
    data = getattr(x, "_data", None)
    return data is not None and data.dtype.kind == "c"
