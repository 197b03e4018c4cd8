"""torch's argument parsing of conv1d/conv2d/conv3d, which have two signatures.

torch's parser tries both signatures (padding as a tuple of ints, or as a string); a call
matching neither is one TypeError listing both, "received an invalid combination of
arguments", not the "argument 'input' (position 1) must be Tensor" of a one-signature
function, and with the arguments' types as torch's parser describes them. Calls that
match go on to `convolution`'s own checks unchanged.
"""

from __future__ import annotations

from .._arguments import _is_int, type_name
from .._tensor import Tensor

__all__ = ["parse_conv"]

_NAMES = ("input", "weight", "bias", "stride", "padding", "dilation", "groups")
_REQUIRED = frozenset({"input", "weight"})  # (the parameters without a default)
_SIGNATURES = (
    "Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, "
    "tuple of ints padding = 0, tuple of ints dilation = 1, int groups = 1",
    "Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, "
    'str padding = "valid", tuple of ints dilation = 1, int groups = 1',
)


def _int_list(value) -> bool:
    """What the parser takes for a tuple of ints: an int, or a sequence whose first element
    is one (a later element that is not fails to unpack, in `convolution`)."""
    if _is_int(value):
        return True
    return isinstance(value, (list, tuple)) and (not value or _is_int(value[0]))


def _matches(values: dict, padding_is_str: bool) -> bool:
    bias = values.get("bias")
    padding = values.get("padding", 0)
    return (isinstance(values["input"], Tensor) and isinstance(values["weight"], Tensor)
            and (bias is None or isinstance(bias, Tensor))
            and _int_list(values.get("stride", 1)) and _int_list(values.get("dilation", 1))
            and _is_int(values.get("groups", 1))
            and (isinstance(padding, str) if padding_is_str else _int_list(padding)))


def _described(value) -> str:
    """A value as torch's "didn't match" line describes it: sequences with their elements'
    types ("list of [int, float]", "tuple of (int,)")."""
    if isinstance(value, list):
        return f"list of [{', '.join(type_name(v) for v in value)}]"
    if isinstance(value, tuple):
        inner = ", ".join(type_name(v) for v in value)
        return f"tuple of ({inner}{',' if len(value) == 1 else ''})"
    return type_name(value)


def _invalid(function: str, args: tuple, kwargs: dict) -> TypeError:
    # (torch's parser lists the keywords from a hash map: last to first for a few of them,
    # in an order of its hashing for more, which this does not follow)
    keywords = list(reversed(kwargs.items()))
    got = [type_name(a) for a in args] + [f"{k}={type_name(v)}" for k, v in keywords]
    text = (f"{function}() received an invalid combination of arguments - got "
            f"({', '.join(got)}), but expected one of:\n")
    why = ""
    if len(args) + len(kwargs) == len(_NAMES):
        # torch's reading of these signature texts keeps the name and type of a parameter
        # without a default only: a keyword or argument for any other one never matches
        wrong = [k for k, _ in keywords if k not in _REQUIRED]
        if wrong:
            why = ("      didn't match because some of the keywords were incorrect: "
                   f"{', '.join(wrong)}\n")
        else:
            marked = [_described(a) if _NAMES[i] in _REQUIRED and type(a) is Tensor
                      else f"!{_described(a)}!" for i, a in enumerate(args)]
            marked += [f"{k}={type_name(v)}" if type(v) is Tensor else f"!{k}={_described(v)}!"
                       for k, v in keywords]
            why = ("      didn't match because some of the arguments have invalid types: "
                   f"({', '.join(marked)})\n")
    for signature in _SIGNATURES:
        text += f" * ({signature})\n{why}"
    return TypeError(text)


def parse_conv(function: str, args: tuple, kwargs: dict) -> dict:
    """The arguments of a call to `function` (conv1d, conv2d, conv3d) by name, or torch's
    TypeError for a call that matches neither of its signatures."""
    values, given = dict(zip(_NAMES, args)), kwargs
    if "input" not in values and "input" not in kwargs:
        # (torch's parser takes NumPy's names for `input`, as for its other native functions)
        alias = next((k for k in ("x", "a", "x1") if k in kwargs), None)
        if alias is not None:
            kwargs = {("input" if k == alias else k): v for k, v in kwargs.items()}
    if len(args) <= len(_NAMES) and all(k in _NAMES and k not in values for k in kwargs):
        values.update(kwargs)
        if _REQUIRED <= values.keys() and (_matches(values, False) or _matches(values, True)):
            return values
    raise _invalid(function, args, given)
