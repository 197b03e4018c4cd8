"""torch.testing.assert_close: whether two (nested) values are close, with torch's rules and
torch's messages, so that a user's test fails with the text torch prints.

Both values are walked together (sequences by position, mappings by key); each pair of
leaves is compared as torch's pair types do, in torch's order: None, booleans, Python and
NumPy numbers, tensor-likes (tensors, and anything `as_tensor` takes when both sides are of
related types). The first failure raises, with the item's position appended.
"""

from __future__ import annotations

import cmath
import collections.abc
from collections.abc import Callable

import numpy as np

from .._tensor import Tensor

__all__ = ["assert_close", "assert_allclose"]

# (rtol, atol) by dtype; other dtypes compare exactly
_TOLERANCES = {"float16": (0.001, 1e-5), "bfloat16": (0.016, 1e-5),
               "float32": (1.3e-6, 1e-5), "float64": (1e-7, 1e-7)}
_NUMBER_DTYPES = {int: "int64", float: "float64", complex: "complex128"}
_COMPLEX_TOLERANCE = (1e-7, 1e-7)


class _Failure(Exception):
    """One pair's failure: the exception type to raise and its message (before the item's
    position and the user's `msg` are applied)."""

    def __init__(self, kind: type, message: str, where: tuple = ()) -> None:
        super().__init__(message)
        self.kind, self.message, self.where = kind, message, where

    def error(self, msg=None) -> Exception:
        if isinstance(msg, str):
            return self.kind(msg)
        text = self.message
        if self.where:
            text += "\n\nThe failure occurred for item " + "".join(
                str([item]) for item in self.where)
        return self.kind(msg(text) if callable(msg) else text)


class _Unsupported(Exception):
    """The pair type cannot compare these inputs: the next one is tried."""


def _shown_type(value) -> str:
    """type(value) as torch shows it (`<class 'torch.Tensor'>` for a tensor)."""
    kind = type(value)
    if kind is Tensor:
        return "<class 'torch.Tensor'>"
    module = kind.__module__
    if module.startswith("ember"):
        return f"<class 'torch{module[len('ember'):]}.{kind.__qualname__}'>"
    return str(kind)


def _tolerances(dtypes: list[str], rtol, atol, where: tuple) -> tuple[float, float]:
    if (rtol is None) != (atol is None):
        raise _Failure(ValueError, "Both 'rtol' and 'atol' must be either specified or omitted, "
                       f"but got no {'rtol' if rtol is None else 'atol'}.", where)
    if rtol is not None:
        return rtol, atol
    pairs = [_COMPLEX_TOLERANCE if name.startswith("complex") else
             _TOLERANCES.get(name, (0.0, 0.0)) for name in dtypes]
    return max(p[0] for p in pairs), max(p[1] for p in pairs)


def _mismatch(identifier, default: str, extra: str, abs_diff, abs_index, atol: float,
              rel_diff, rel_index, rtol: float) -> str:
    equality = rtol == 0 and atol == 0
    if identifier is None:
        identifier = default
    elif callable(identifier):
        identifier = identifier(default)

    def line(kind: str, diff, index, tol: float) -> str:
        text = (f"{kind.title()} difference: {diff}" if index is None
                else f"Greatest {kind} difference: {diff} at index {index}")
        return text + ("" if equality else f" (up to {tol} allowed)") + "\n"

    text = f"{identifier} are not {'equal' if equality else 'close'}!\n\n"
    if extra:
        text += f"{extra.strip()}\n"
    text += line("absolute", abs_diff, abs_index, atol)
    text += line("relative", rel_diff, rel_index, rtol)
    return text.strip()


def _scalar_mismatch(actual, expected, rtol: float, atol: float, identifier=None) -> str:
    abs_diff = abs(actual - expected)
    rel_diff = float("inf") if expected == 0 else abs_diff / abs(expected)
    return _mismatch(identifier, "Scalars", f"Expected {expected} but got {actual}.",
                     abs_diff, None, atol, rel_diff, None, rtol)


# ---------------------------------------------------------------------- pair types
def _none_pair(actual, expected, where: tuple, options: dict):
    if not (actual is None or expected is None):
        raise _Unsupported

    def compare():
        if not (actual is None and expected is None):
            raise _Failure(AssertionError, f"None mismatch: {actual} is not {expected}", where)
    return compare


def _bool_pair(actual, expected, where: tuple, options: dict):
    kinds = (bool, np.bool_)
    if not (isinstance(actual, kinds) and isinstance(expected, kinds)):
        raise _Unsupported
    actual, expected = bool(actual), bool(expected)

    def compare():
        if actual is not expected:
            raise _Failure(AssertionError, f"Booleans mismatch: {actual} is not {expected}",
                           where)
    return compare


def _number_pair(actual, expected, where: tuple, options: dict):
    kinds = (int, float, complex, np.number)
    if not (isinstance(actual, kinds) and isinstance(expected, kinds)):
        raise _Unsupported
    actual, expected = (v.item() if isinstance(v, np.number) else v for v in (actual, expected))
    rtol, atol = _tolerances([_NUMBER_DTYPES[type(v)] for v in (actual, expected)],
                             options["rtol"], options["atol"], where)

    def compare():
        if options["check_dtype"] and type(actual) is not type(expected):
            raise _Failure(AssertionError, f"The (d)types do not match: {type(actual)} != "
                           f"{type(expected)}.", where)
        if actual == expected:
            return
        if options["equal_nan"] and cmath.isnan(actual) and cmath.isnan(expected):
            return
        difference = abs(actual - expected)
        if cmath.isfinite(difference) and difference <= atol + rtol * abs(expected):
            return
        raise _Failure(AssertionError, _scalar_mismatch(actual, expected, rtol, atol), where)
    return compare


def _tensor_pair(actual, expected, where: tuple, options: dict):
    if not (isinstance(actual, type(expected)) or isinstance(expected, type(actual))):
        raise _Unsupported
    if not options["allow_subclasses"] and type(actual) is not type(expected):
        raise _Unsupported
    from .._creation import as_tensor

    def to_tensor(value):
        if isinstance(value, Tensor):
            return value
        try:
            return as_tensor(value)
        except Exception:  # noqa: BLE001 - anything as_tensor refuses is not tensor-like
            raise _Unsupported from None

    actual, expected = to_tensor(actual), to_tensor(expected)
    rtol, atol = _tolerances([actual.dtype.numpy.name, expected.dtype.numpy.name],
                             options["rtol"], options["atol"], where)

    def compare():
        _compare_tensors(actual, expected, rtol, atol, options, where)
    return compare


_PAIR_TYPES = (_none_pair, _bool_pair, _number_pair, _tensor_pair)


def _compare_tensors(actual: Tensor, expected: Tensor, rtol: float, atol: float,
                     options: dict, where: tuple) -> None:
    def attribute_mismatch(name: str, a, e):
        raise _Failure(AssertionError, f"The values for attribute '{name}' do not match: {a} != "
                       f"{e}.", where)

    if actual.shape != expected.shape:
        attribute_mismatch("shape", actual.shape, expected.shape)
    if options["check_stride"] and actual.stride() != expected.stride():
        attribute_mismatch("stride()", actual.stride(), expected.stride())
    if options["check_dtype"] and actual.dtype != expected.dtype:
        attribute_mismatch("dtype", actual.dtype, expected.dtype)
    import ember

    with ember.no_grad():
        actual, expected = actual.detach(), expected.detach()
        if actual.dtype != expected.dtype:
            common = ember.promote_types(actual.dtype, expected.dtype)
            actual, expected = actual.to(common), expected.to(common)
        matches = ember.isclose(actual, expected, rtol=rtol, atol=atol,
                                equal_nan=options["equal_nan"])
        if bool(matches.all()):
            return
        if actual.dim() == 0:
            message = _scalar_mismatch(actual.item(), expected.item(), rtol, atol)
        else:
            message = _tensor_mismatch(actual, expected, matches, rtol, atol)
    raise _Failure(AssertionError, message, where)


def _tensor_mismatch(actual: Tensor, expected: Tensor, matches: Tensor, rtol: float,
                     atol: float) -> str:
    """torch's statistics of the mismatches: their count, and the greatest absolute and
    relative differences among them with their positions (computed in the tensors' dtype,
    integers as int64)."""
    import ember

    total = matches.numel()
    mismatches = total - int(matches.sum())
    extra = f"Mismatched elements: {mismatches} / {total} ({mismatches / total:.1%})"
    a, e, m = actual.flatten(), expected.flatten(), matches.flatten()
    if not a.dtype.is_floating_point:
        a, e = a.to(ember.int64), e.to(ember.int64)
    abs_diff = (a - e).abs()
    abs_diff[m] = 0
    max_abs, abs_at = ember.max(abs_diff, 0)
    rel_diff = abs_diff / e.abs()
    rel_diff[m] = 0
    max_rel, rel_at = ember.max(rel_diff, 0)
    shape = tuple(matches.shape)

    def position(flat: int) -> tuple:
        return tuple(int(i) for i in np.unravel_index(flat, shape)) if shape else ()

    return _mismatch(None, "Tensor-likes", extra, max_abs.item(), position(int(abs_at)), atol,
                     max_rel.item(), position(int(rel_at)), rtol)


# ---------------------------------------------------------------------- walking the inputs
def _pairs(actual, expected, where: tuple, options: dict) -> list[Callable]:
    sequence, mapping = collections.abc.Sequence, collections.abc.Mapping
    if (isinstance(actual, sequence) and not isinstance(actual, str)
            and isinstance(expected, sequence) and not isinstance(expected, str)):
        if len(actual) != len(expected):
            raise _Failure(AssertionError, "The length of the sequences mismatch: "
                           f"{len(actual)} != {len(expected)}", where)
        found = []
        for i in range(len(actual)):
            found.extend(_pairs(actual[i], expected[i], (*where, i), options))
        return found
    if isinstance(actual, mapping) and isinstance(expected, mapping):
        actual_keys, expected_keys = set(actual.keys()), set(expected.keys())
        if actual_keys != expected_keys:
            raise _Failure(AssertionError,
                           "The keys of the mappings do not match:\n"
                           f"Missing keys in the actual mapping: "
                           f"{sorted(expected_keys - actual_keys)}\n"
                           f"Additional keys in the actual mapping: "
                           f"{sorted(actual_keys - expected_keys)}", where)
        keys = list(actual_keys)
        try:
            keys = sorted(keys)
        except Exception:  # noqa: BLE001, S110 - unorderable keys keep their order
            pass
        found = []
        for key in keys:
            found.extend(_pairs(actual[key], expected[key], (*where, key), options))
        return found
    for make in _PAIR_TYPES:
        try:
            return [make(actual, expected, where, options)]
        except _Unsupported:
            continue
    raise _Failure(TypeError, "No comparison pair was able to handle inputs of type "
                   f"{_shown_type(actual)} and {_shown_type(expected)}.", where)


def assert_close(actual, expected, *, allow_subclasses: bool = True, rtol: float | None = None,
                 atol: float | None = None, equal_nan: bool = False, check_device: bool = True,
                 check_dtype: bool = True, check_layout: bool = True, check_stride: bool = False,
                 msg: str | Callable[[str], str] | None = None) -> None:
    """Raise (AssertionError, with torch's description of the differences) unless `actual`
    and `expected` are close: |actual - expected| <= atol + rtol * |expected| elementwise,
    with tolerances from the dtype when neither is given, the same shape and (unless
    check_dtype=False) dtype; nested sequences and mappings are compared item by item."""
    __tracebackhide__ = True
    options = {"allow_subclasses": allow_subclasses, "rtol": rtol, "atol": atol,
               "equal_nan": equal_nan, "check_dtype": check_dtype,
               "check_stride": check_stride}
    try:
        comparisons = _pairs(actual, expected, (), options)
    except _Failure as failure:
        raise failure.error() from None
    for compare in comparisons:
        try:
            compare()
        except _Failure as failure:
            raise failure.error(msg) from None


_ALLCLOSE_TOLERANCES = {"float16": (1e-3, 1e-3), "float32": (1e-4, 1e-5),
                        "float64": (1e-5, 1e-8)}


def assert_allclose(actual, expected, rtol: float | None = None, atol: float | None = None,
                    equal_nan: bool = True, msg: str = "") -> None:
    """Deprecated (torch 1.12): assert_close with looser tolerances, without the dtype
    check, NaNs equal by default, and numbers and lists taken as tensors."""
    import warnings

    warnings.warn("`torch.testing.assert_allclose()` is deprecated since 1.12 and will be "
                  "removed in a future release. Please use `torch.testing.assert_close()` "
                  "instead. You can find detailed upgrade instructions in "
                  "https://github.com/pytorch/pytorch/issues/61844.", FutureWarning,
                  stacklevel=2)
    from .._creation import tensor

    if not isinstance(actual, Tensor):
        actual = tensor(actual)
    if not isinstance(expected, Tensor):
        expected = tensor(expected, dtype=actual.dtype)
    if rtol is None and atol is None:
        pairs = [_ALLCLOSE_TOLERANCES.get(t.dtype.numpy.name, (0.0, 0.0))
                 for t in (actual, expected)]
        rtol, atol = max(p[0] for p in pairs), max(p[1] for p in pairs)
    assert_close(actual, expected, rtol=rtol, atol=atol, equal_nan=equal_nan,
                 check_dtype=False, msg=msg or None)
