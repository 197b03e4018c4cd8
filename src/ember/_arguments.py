"""torch's TypeError for a non-tensor given where a tensor argument is required.

torch's argument parser refuses `torch.index_select(None, 0, i)` or `x.mm(None)` before the
op runs ("argument 'input' (position 1) must be Tensor, not NoneType"); ember's functions
would read `None._data` and leak an AttributeError (or, for a mask or a fill value, take
None as a number). The parameters a public function annotates as plain `Tensor` are the
ones torch requires to be tensors, so `ember._bind` installs such a function behind a check
generated here from its signature: one `type(x) is Tensor` test per tensor parameter, in a
function with the same parameters (no argument tuple built), ~0.1 us a call. A method does
not check `self`, and one whose only tensor parameter is `self` is installed unchanged;
the operators and ufunc methods keep their generated fast paths (ember._fast_paths), which
call the checked function only for the cases they do not take.
"""

from __future__ import annotations

import dis
import inspect
import os
import sys
from collections.abc import Callable
from numbers import Number

import numpy as np

from ._dtype import _C_TYPE_NAMES
from ._dtype import dtype as _dtype_class
from ._tensor import Tensor
from ._warnings import warn

__all__ = ["bad_scalar", "called_first", "checked", "checked_method", "checks_scalars",
           "given_by_keyword", "int_list", "is_number", "not_a", "not_a_tensor",
           "number_argument", "sequence_only", "tensor_elements", "type_name"]

# The functions whose tensor arguments torch's parser also takes as Python numbers
# (torch.sub(1.5, x), x.div(2)); numbers pass their check, None still does not.
NUMBERS_AS_TENSORS = frozenset({
    "add", "sub", "subtract", "mul", "multiply", "div", "divide", "true_divide",
    "floor_divide", "remainder", "pow", "float_power", "xlogy", "bitwise_and", "bitwise_or",
    "bitwise_xor", "bitwise_left_shift", "bitwise_right_shift"})
# torch's own Python-level functions that check nothing: None leaks torch's AttributeError
# (histogramdd raises torch's "invalid combination of arguments" for a non-tensor input itself)
# (conv1d/2d/3d match torch's two signatures themselves: ops/_conv_arguments.py)
UNCHECKED = frozenset({"norm", "tensordot", "histogramdd", "conv1d", "conv2d", "conv3d"})
# methods whose `dtype` also takes a type's name (x.type('torch.DoubleTensor'))
DTYPE_NAMES_TAKEN = frozenset({"type"})
# torch's argument parser also takes NumPy's names for four parameters of its native
# functions and methods (`torch.stack(ts, axis=-1)`, `x.softmax(axis=1)`, `keepdims=True`,
# as d2l writes them; `torch.sum(x=t)`, `torch.add(x1=a, x2=b)`), each only where the
# parameter itself is not given too; its Python-level functions (split, norm, unique,
# unique_consecutive, the old linalg ones, and the unflatten method) take none. Functions
# taking **kwargs read the aliases themselves.
NUMPY_NAMES = {"dim": ("axis",), "keepdim": ("keepdims",), "input": ("x", "a", "x1"),
               "other": ("x2",)}
NUMPY_NAMES_REFUSED = frozenset({"split", "norm", "unique", "unique_consecutive", "eig",
                                 "symeig", "lstsq", "matrix_rank", "solve"})
NUMPY_NAMES_REFUSED_BY_METHODS = frozenset({"unflatten"})
_UNSET = object()  # (an alias not given)


def type_name(value) -> str:
    """`value`'s type as torch's errors name it (C's tp_name): a type defined in C outside
    the builtins with its module (numpy.ndarray, numpy.float64), others by name alone."""
    kind = type(value)
    if kind.__flags__ & _HEAP_TYPE or kind.__module__ == "builtins":
        return kind.__name__
    return f"{kind.__module__}.{kind.__name__}"


_HEAP_TYPE = 1 << 9  # (Py_TPFLAGS_HEAPTYPE: a class made by a class statement)


def not_a_tensor(function: str, name: str, position: int, value) -> TypeError:
    """torch's error for `value` given as the tensor argument `name` of `function`."""
    return TypeError(f"{function}(): argument '{name}' (position {position}) must be Tensor, "
                     f"not {type_name(value)}")


def called_first(value, method: str, function: str) -> None:
    """torch's Python-level nn functions call `input.<method>()` (dim, size) before their
    native op: for what is not a tensor the error is that call's own ("'list' object has
    no attribute 'dim'"; an ndarray's `size` is an int, "not callable"); an object whose
    method works meets the native op's argument parser."""
    if isinstance(value, Tensor):
        return
    getattr(value, method)()
    raise not_a_tensor(function, "input", 1, value)


def int_list(value, function: str, name: str, position: int | None = None,
             single: bool = True) -> tuple:
    """`value` as torch's parser reads a "tuple of ints" (kernel_size, normalized_shape,
    shifts...): a sequence of ints (bools, NumPy's integers and 0-d integer tensors count),
    or, if `single` (a parameter of fixed length: kernel_size, not normalized_shape), an
    int alone; as a tuple of Python ints. Anything else is torch's TypeError, naming
    the argument (and the element at fault), before the function looks at its tensors:
    ember's own conversions said "invalid literal for int()" or took 2.5 as 2."""
    where = "" if position is None else f" (position {position})"
    if single and isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return (int(value),)
    if not isinstance(value, (list, tuple)):  # (torch.Size is a tuple)
        raise TypeError(f"{function}(): argument '{name}'{where} must be tuple of ints, not "
                        f"{type_name(value)}")
    # the first element decides whether the sequence matches at all (a bool does not); a
    # later one that is not an int (a bool is) fails to unpack, in torch's other words
    if value and not _is_int(value[0]):
        raise TypeError(f"{function}(): argument '{name}'{where} must be tuple of ints, "
                        f"but found element of type {type_name(value[0])} at pos 0")
    for i, element in enumerate(value):
        if not (_is_int(element) or isinstance(element, bool)):
            raise TypeError(f"{function}(): argument '{name}' failed to unpack the object at "
                            f"pos {i + 1} with error \"type must be tuple of ints,but got "
                            f"{type_name(element)}\"")
    return tuple(int(v) for v in value)


def tensor_elements(tensors, function: str | None = None) -> list:
    """`tensors` (the *args of torch.block_diag, meshgrid, ...) as a list, after torch's
    check that each is a Tensor: "expected Tensor as element 1 in argument 0, but got
    NoneType". With `function` (atleast_1d's), one non-tensor alone is torch's TypeError
    for a call matching neither of its overloads (one tensor, or a tuple of them)."""
    if function is not None and len(tensors) == 1 and not isinstance(
            tensors[0], (Tensor, list, tuple)):
        got = type_name(tensors[0])
        overloads = "".join(
            f" * ({form})\n      didn't match because some of the arguments have invalid "
            f"types: (!{got}!)\n" for form in ("Tensor input", "tuple of Tensors tensors"))
        raise TypeError(f"{function}() received an invalid combination of arguments - got "
                        f"({got}), but expected one of:\n{overloads}")
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got "
                            f"{type_name(t)}")
    return list(tensors)


def number_argument(value, function: str, name: str, position: int | None = None,
                    complex_result: bool = False, real_type: np.dtype | None = None):
    """`value` as torch's argument parser reads a `Number` parameter (full's fill_value,
    arange's bounds): a Python or NumPy number, or a 0-d tensor that does not require grad
    (its item(): an int for any integer dtype, a float for any floating one; NumPy's numbers
    likewise, as Python numbers). NumPy's bool
    reads as a float and its complex numbers as their real part (with NumPy's
    ComplexWarning), as torch reads them; a Python complex number too when its imaginary
    part is 0 (else torch's overflow error for `real_type`, the dtype it is converted to;
    double when None), unless it would make the result complex (`complex_result`: full's,
    which ember cannot make). Other values, tensors with dims included, are torch's
    TypeError."""
    if isinstance(value, Tensor):
        if value._data.ndim == 0 and not value.requires_grad:
            return value.item()
    elif isinstance(value, (int, float)):
        return value
    elif isinstance(value, (np.integer, np.floating)):
        return value.item()
    elif isinstance(value, np.bool_):
        return float(value)
    elif isinstance(value, np.complexfloating):
        # (ember's warnings filter hides NumPy's own: ComplexWarning is a RuntimeWarning)
        warn("Casting complex values to real discards the imaginary part", _COMPLEX_WARNING)
        return float(value.real)
    elif isinstance(value, complex):
        if complex_result:
            raise NotImplementedError("ember has no complex dtypes: use real numbers")
        if value.imag:
            c_name = _C_TYPE_NAMES.get(getattr(real_type, "name", None), "double")
            raise RuntimeError(f"value cannot be converted to type {c_name} without overflow")
        return value.real
    where = "" if position is None else f" (position {position})"
    raise TypeError(f"{function}(): argument '{name}'{where} must be Number, not "
                    f"{type_name(value)}")


_COMPLEX_WARNING = getattr(getattr(np, "exceptions", np), "ComplexWarning", RuntimeWarning)


def _tensor_parameters(signature: inspect.Signature, skip_self: bool) -> list[tuple[int, str]]:
    found = []
    listed = list(signature.parameters.values())
    if skip_self and listed and listed[0].annotation not in ("Tensor", Tensor):
        return found  # (a method whose self fills another slot: polygamma(n, input))
    for index, parameter in enumerate(listed):
        if parameter.kind not in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD):
            break
        if (parameter.annotation in ("Tensor", Tensor) and parameter.default is parameter.empty
                and not (skip_self and index == 0)):
            found.append((index, parameter.name))
    return found


def _numpy_names(signature: inspect.Signature, name: str, method: bool) -> dict[str, str]:
    """{NumPy's name: the parameter it stands for} that torch's parser would take here (a
    method's self, given before the call, takes none)."""
    if name in NUMPY_NAMES_REFUSED or (method and name in NUMPY_NAMES_REFUSED_BY_METHODS):
        return {}
    listed = signature.parameters
    # (a function with **kwargs reads `axis` and `keepdims` itself: the reductions)
    own_names = ("input", "other") if any(p.kind is p.VAR_KEYWORD for p in listed.values()) \
        else NUMPY_NAMES
    self_name = next(iter(listed), None) if method else None
    return {alias: own for own in own_names
            if own in listed and own != self_name and listed[own].kind is not
            inspect.Parameter.POSITIONAL_ONLY
            for alias in NUMPY_NAMES[own] if alias not in listed}


def _missing(function: str, names: tuple[str, ...], values: tuple) -> TypeError:
    """Python's error for required arguments left out (those still `_UNSET`)."""
    left = [f"'{n}'" for n, v in zip(names, values) if v is _UNSET]
    listed = left[0] if len(left) == 1 else (
        f"{left[0]} and {left[1]}" if len(left) == 2 else f"{', '.join(left[:-1])}, and {left[-1]}")
    plural = "argument" if len(left) == 1 else "arguments"
    return TypeError(f"{function}() missing {len(left)} required positional {plural}: {listed}")


def _scalar_parameters(signature: inspect.Signature, method: bool
                       ) -> list[tuple[int | None, str, str, bool]]:
    """(position, name, kind, optional) of the parameters annotated `bool`, `int`, `float`,
    `Number` or `dtype` (optional: `... | None` as well): those torch's parser reads as such.
    The keyword-only ones after a bare `*` have no position; those after *args are left to
    the function (it reads its positional arguments itself: sort's)."""
    found = []
    for index, parameter in enumerate(signature.parameters.values()):
        if parameter.kind is parameter.VAR_POSITIONAL:
            break
        if parameter.kind is parameter.VAR_KEYWORD or (method and index == 0):
            continue
        kind, optional = _scalar_kind(parameter.annotation)
        if kind is not None:
            position = None if parameter.kind is parameter.KEYWORD_ONLY else index
            found.append((position, parameter.name, kind, optional))
    return found


_SCALAR_KINDS = ("bool", "int", "float", "Number", "dtype")


def _scalar_kind(annotation) -> tuple[str | None, bool]:
    """The kind an annotation names, and whether it takes None too (`int | None`)."""
    if not isinstance(annotation, str):
        return None, False
    optional = annotation.endswith(" | None")
    kind = annotation.removesuffix(" | None")
    return (kind, optional) if kind in _SCALAR_KINDS else (None, False)


_KIND_WORDS = {"dtype": "torch.dtype"}


def _is_int(value) -> bool:
    """What torch's parser takes for an `int`: besides Python's int (not bool), NumPy's
    integers and 0-d integer tensors."""
    if isinstance(value, Tensor):
        return value._data.ndim == 0 and value._data.dtype.kind in "iu"
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _is_float(value) -> bool:
    """What torch's parser takes for a `float`: any real Python or NumPy number, bool
    included, and 0-d tensors that do not require grad."""
    if isinstance(value, Tensor):
        return value._data.ndim == 0 and not value.requires_grad
    return isinstance(value, (int, float, np.integer, np.floating, np.bool_))


def is_number(value) -> bool:
    """What torch's parser takes for a `Number` (add's alpha, dist's p): a float's values
    and complex numbers (refused later, by the op, with torch's own errors)."""
    return _is_float(value) or isinstance(value, (complex, np.complexfloating))


def not_a(kind: str, function: str, name: str, position: int | None, value) -> TypeError:
    """torch's error for `value` given as the `kind` (bool, int, float) argument `name`; with
    its position only if it came by position."""
    where = "" if position is None else f" (position {position})"
    return TypeError(f"{function}(): argument '{name}'{where} must be {kind}, not "
                     f"{type_name(value)}")


def bad_scalar(kind: str, function: str, name: str, position: int | None, value
               ) -> TypeError:
    """not_a, for a check inside ember (a `checked` wrapper, or a function checking its own
    argument): the position left out where the caller gave the argument by keyword, as
    torch's message leaves it out."""
    if position is not None and given_by_keyword(name):
        position = None
    return not_a(kind, function, name, position, value)


# (the frames of ember's own code and of its generated wrappers, `checked` and `_out`'s)
_EMBER_FILES = (os.path.dirname(os.path.abspath(__file__)) + os.sep, "<ember ")


_LOADS_BY_NAME = ("LOAD_FAST", "LOAD_NAME", "LOAD_GLOBAL", "LOAD_DEREF")


def given_by_keyword(name: str) -> bool:
    """Whether the call into ember that is running gave `name` by keyword.

    Python keeps no record of it in the callee, so this reads the code of the first frame
    outside ember at its current instruction: the keyword names of a plain call (KW_NAMES
    before CALL on Python 3.11 and 3.12, the names tuple before CALL_KW or CALL_FUNCTION_KW
    on others), or, for a `f(*args, **kwargs)` call, the caller's `kwargs` dict. Only error
    messages use it (torch names a bad argument's position only when it came by position);
    False when unsure."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(_EMBER_FILES):
        frame = frame.f_back
    if frame is None:
        return False
    try:
        previous = [i for i in dis.get_instructions(frame.f_code) if i.offset <= frame.f_lasti]
    except Exception:  # noqa: BLE001 - a code object dis cannot read: say "by position"
        return False
    skipped = ("CACHE", "PRECALL")
    while previous and previous[-1].opname in skipped:
        previous.pop()
    if not previous:
        return False
    call = previous.pop()
    if call.opname == "CALL_FUNCTION_EX":
        return bool(call.arg & 1) and _in_merged_keywords(name, previous, frame)
    while previous and previous[-1].opname in skipped:
        previous.pop()
    if not previous:
        return False
    before = previous[-1]
    if before.opname == "KW_NAMES":
        names = frame.f_code.co_consts[before.arg]
    elif call.opname in ("CALL_KW", "CALL_FUNCTION_KW") and before.opname == "LOAD_CONST":
        names = before.argval
    else:
        return False
    return isinstance(names, tuple) and name in names


def _in_merged_keywords(name: str, previous: list, frame) -> bool:
    """Whether `name` is among the keywords of an `f(*args, **mapping)` call whose code
    before the call is `previous`: the mapping is built after a BUILD_MAP from keyword
    constants and mappings loaded by name (merged with DICT_MERGE); else, as a last guess,
    a local called kwargs (the usual wrapper's)."""
    remaining = None  # instructions left to read once BUILD_MAP's own items are reached
    for instruction in reversed(previous):
        if remaining is not None:
            if remaining == 0:
                return False
            remaining -= 1
        if instruction.opname == "LOAD_CONST" and instruction.argval == name:
            return True
        if instruction.opname in _LOADS_BY_NAME:
            value = frame.f_locals.get(instruction.argval,
                                       frame.f_globals.get(instruction.argval))
            if isinstance(value, dict) and name in value:
                return True
        if instruction.opname == "BUILD_MAP" and remaining is None:
            remaining = 2 * instruction.arg  # (its keys and values come just before it)
    given = frame.f_locals.get("kwargs")
    return isinstance(given, dict) and name in given


def _is_dtype(value) -> bool:
    """What torch's parser takes for a dtype: a dtype, or Python's float, int, bool or
    complex (not a name, not NumPy's types)."""
    return (value is None or type(value) is _dtype_class or value is float or value is int
            or value is bool or value is complex)


def _dtype_check(signature: inspect.Signature, name: str, method: bool = False) -> str:
    """A check of a parameter called `dtype`: ember's own conversion reads names too
    ("float32"), which torch refuses."""
    listed = signature.parameters.get("dtype")
    if listed is None or listed.kind is listed.VAR_POSITIONAL or \
            _scalar_kind(listed.annotation)[0] == "dtype":
        return ""
    position = None
    if listed.kind is not listed.KEYWORD_ONLY:
        position = list(signature.parameters).index("dtype") + (0 if method else 1)
    return (f"    if type(dtype) is not _dtype_class and not _is_dtype(dtype):\n"
            f"        raise _bad_scalar('torch.dtype', {name!r}, 'dtype', {position}, dtype)\n")


# the quick test of each kind in a `checked` wrapper; what fails it goes to _scalar_value
_TESTS = {"bool": "type({0}) is not bool",
          "int": "type({0}) is not int",
          "float": "type({0}) is not float",
          "Number": "type({0}) is not int and type({0}) is not float",
          "dtype": "type({0}) is not _dtype_class and ({0} is None or not _is_dtype({0}))"}
_ACCEPTS = {"int": _is_int, "float": _is_float, "Number": is_number}


def _scalar_value(kind: str, function: str, name: str, position: int | None, value):
    """`value` given for a `kind` parameter, as torch's parser reads it (a 0-d tensor as its
    number: ember's functions then see Python numbers), or torch's TypeError."""
    accepts = _ACCEPTS.get(kind)
    if accepts is None or not accepts(value):
        raise bad_scalar(_KIND_WORDS.get(kind, kind), function, name, position, value)
    return value.item() if isinstance(value, Tensor) else value


def _scalar_checks(scalars, defaults: dict, name: str, method: bool) -> str:
    checks = ""
    for index, arg, kind, optional in scalars:
        test = _TESTS[kind].format(arg)
        if optional:
            test = f"{arg} is not None and {test}"
        if f"_default_{arg}" in defaults:  # (a default, even None or a marker, is fine)
            test = f"{arg} is not _default_{arg} and {test}"
        position = None if index is None else index + (0 if method else 1)
        checks += (f"    if {arg} is not _unset and {test}:\n"
                   f"        {arg} = _scalar_value({kind!r}, {name!r}, {arg!r}, {position}, "
                   f"{arg})\n")
    return checks


def checked(function: Callable, name: str, method: bool = False,
            scalars: bool = False, numbers: bool = True) -> Callable:
    """`function` behind torch's type check of its required tensor parameters (those
    annotated `Tensor`, without a default, before any *args), taking NumPy's names for its
    `dim`/`keepdim` as torch's parser does (`_numpy_names`); `function` itself if it needs
    neither (a `method` does not check self). Positions count from 1, as torch's; a
    method's from its first argument after self. With `scalars` (a native function of
    torch's, whose parser checks every argument), the parameters annotated `bool`, `int`
    or `float` are checked too: `torch.dropout(x, 0.5, x)` is a TypeError naming `train`,
    not an ambiguous truth value from inside; and a `dtype` must be one, not a name. Not
    the numbers when not `numbers` (a function that reads them with torch's own messages,
    as the factories do)."""
    if name in UNCHECKED:
        return function
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return function
    tensors = _tensor_parameters(signature, method)
    aliases = _numpy_names(signature, name, method)
    if method and any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values()):
        scalars = False  # (a method reading its own keywords checks them too: sum's keepdim)
    numbers = _scalar_parameters(signature, method) if scalars and numbers else []
    dtype_check = (_dtype_check(signature, name, method)
                   if scalars and name not in DTYPE_NAMES_TAKEN else "")
    if not tensors and not aliases and not numbers and not dtype_check:
        return function
    defaults: dict[str, object] = {}
    parameters, call, keyword_only = [], [], False
    aliased, late = set(aliases.values()), []
    listed = list(signature.parameters.values())
    last_positional_only = max((i for i, p in enumerate(listed) if p.kind is p.POSITIONAL_ONLY),
                               default=-1)
    variable_keywords = None
    for index, parameter in enumerate(listed):
        text = parameter.name
        if parameter.kind is parameter.VAR_POSITIONAL:
            text, keyword_only = f"*{text}", True
            call.append(text)
        elif parameter.kind is parameter.VAR_KEYWORD:
            variable_keywords = f"**{text}"  # (written last, after the NumPy names)
            call.append(variable_keywords)
            continue
        else:
            if parameter.kind is parameter.KEYWORD_ONLY and not keyword_only:
                parameters.append("*")
                keyword_only = True
            call.append(f"{text}={text}" if parameter.kind is parameter.KEYWORD_ONLY else text)
            if parameter.default is not parameter.empty:
                defaults[f"_default_{text}"] = parameter.default
                # (an aliased one is left unset, so that a NumPy name given with it is refused)
                text = f"{text}=_unset" if text in aliased else f"{text}=_default_{text}"
            elif late or text in aliased:
                # a required dim may come as `axis=`, so it and the parameters after it
                # take a placeholder, and the wrapper reports what is missing
                late.append(text)
                text = f"{text}=_unset"
        parameters.append(text)
        if index == last_positional_only:
            parameters.append("/")
    if aliases and not keyword_only:
        parameters.append("*")
    parameters += [f"{alias}=_unset" for alias in aliases]
    if variable_keywords is not None:
        parameters.append(variable_keywords)
    renames = "".join(
        f"    if {alias} is not _unset:\n"
        f"        if {own} is not _unset:\n"
        f"            raise TypeError(\"{name}() got an unexpected keyword argument '{alias}'\")\n"
        f"        {own} = {alias}\n"
        for alias, own in aliases.items())
    renames += "".join(f"    if {own} is _unset:\n        {own} = _default_{own}\n"
                       for own in dict.fromkeys(aliases.values()) if f"_default_{own}" in defaults)
    if late:
        renames += (f"    if {' or '.join(f'{p} is _unset' for p in late)}:\n"
                    f"        raise _missing({function.__name__!r}, {tuple(late)!r}, "
                    f"({', '.join(late)},))\n")
    accepted = "_numbers" if name in NUMBERS_AS_TENSORS else "Tensor"
    checks = "".join(
        f"    if type({arg}) is not Tensor and not isinstance({arg}, {accepted}):\n"
        f"        raise _refuse({name!r}, {arg!r}, {index + (0 if method else 1)}, {arg})\n"
        for index, arg in tensors)
    checks += _scalar_checks(numbers, defaults, name, method) + dtype_check
    source = (f"def {function.__name__}({', '.join(parameters)}):\n{renames}{checks}"
              f"    return _function({', '.join(call)})\n")
    scope = {"Tensor": Tensor, "_numbers": (Tensor, Number, np.bool_), "_refuse": not_a_tensor,
             "_function": function, "_unset": _UNSET, "_missing": _missing,
             "_scalar_value": _scalar_value, "_bad_scalar": bad_scalar,
             "_is_dtype": _is_dtype, "_dtype_class": _dtype_class,
             **defaults}
    exec(compile(source, f"<ember checked {name}>", "exec"), scope)  # noqa: S102 - our own text
    wrapper = scope[function.__name__]
    wrapper.__qualname__ = function.__qualname__
    wrapper.__doc__ = function.__doc__
    wrapper.__module__ = function.__module__
    wrapper.__dict__.update(function.__dict__)  # (marks read by call_inplace: shapes_first...)
    if aliases:  # (ember._out's wrapper is written from this signature: it passes them on)
        kept = [p.replace(default=_UNSET) if p.name in late or p.name in aliased else p
                for p in signature.parameters.values()]
        rest = [kept.pop()] if kept[-1].kind is inspect.Parameter.VAR_KEYWORD else []
        signature = signature.replace(parameters=[
            *kept, *(inspect.Parameter(alias, inspect.Parameter.KEYWORD_ONLY, default=_UNSET)
                     for alias in aliases), *rest])
    wrapper.__signature__ = signature  # (its annotations; no __wrapped__: ember._out's mark)
    wrapper.__checked__ = function
    return wrapper


def checks_scalars(function: Callable) -> bool:
    """Whether `checked(function, ..., method=True, scalars=True)` checks a bool, int, float,
    Number or dtype argument."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return False
    if any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values()):
        return False  # (see `checked`)
    return bool(_scalar_parameters(signature, True)) or bool(_dtype_check(signature, ""))


def checked_method(function: Callable, name: str | None = None) -> Callable:
    """A Tensor method installed outside the op table (transpose_, copy_...) behind the
    checks torch's parser makes of its arguments (`checked` with `scalars`), named `name`."""
    return checked(function, name or function.__name__, method=True, scalars=True)


def _already_checked(function) -> bool:
    while function is not None:
        if "__checked__" in getattr(function, "__dict__", {}):
            return True
        function = getattr(function, "__wrapped__", None)
    return False


def check_namespace(namespace: dict, names, message_names: dict[str, str] | None = None,
                    prefix: str = "", scalars: bool = True) -> None:
    """Put torch's tensor-argument check (`checked`) in front of the plain Python functions
    `names` of `namespace` that do not have it yet: the op table's functions get it from
    ember._bind, but the composites written as Python functions (the normalisation and
    pooling entry points, the losses, torch.special's wrappers) would read `None.ndim` and
    leak an AttributeError. `message_names` maps a name to the one torch's message uses
    (F.cross_entropy's is cross_entropy_loss); others get `prefix` + their own name
    (torch.special's are special_ndtr...); `scalars` as for `checked`."""
    message_names = message_names or {}
    for name in names:
        function = namespace.get(name)
        if (not inspect.isfunction(function) or _already_checked(function)
                or (hasattr(function, "__wrapped__") and "__signature__" not in
                    function.__dict__)):  # (a wrapper whose parameters are not known)
            continue
        # (a factory's out= wrapper, marked by its __signature__, reads its own numbers)
        namespace[name] = checked(function, message_names.get(name, prefix + name),
                                  scalars=scalars, numbers=not hasattr(function, "__wrapped__"))


# torch's function forms of these take their sizes as one sequence (torch.flip(x, (0, 1)));
# only the methods take them spread out (x.flip(0, 1)), and ember declares them so
SEQUENCE_ONLY = {"flip": "dims", "permute": "dims", "reshape": "shape", "tile": "dims"}


def sequence_only(function: Callable, name: str) -> Callable:
    """The namespace form of `function` (declared `(input, *sizes)` for the method), taking
    its sizes as torch's function does: one "tuple of ints" argument, given by position or
    by name, with torch's TypeErrors for more, none, or not a sequence."""
    parameter = SEQUENCE_ONLY[name]

    def namespace_form(*args, **kwargs):
        input_given = "input" in kwargs
        given = len(args) + input_given + (parameter in kwargs)
        if given > 2 or len(args) > 2:
            raise TypeError(f"{name}() takes 2 positional arguments but {len(args)} were given")
        if given < 2:
            raise TypeError(f'{name}() missing 1 required positional arguments: "{parameter}"')
        positional = parameter not in kwargs
        value = args[-1] if positional else kwargs.pop(parameter)
        input = kwargs.pop("input") if input_given else args[0]
        sizes = int_list(value, name, parameter, 2 if positional else None, single=False)
        return function(input, sizes, **kwargs)

    namespace_form.__name__ = namespace_form.__qualname__ = name
    namespace_form.__doc__ = function.__doc__
    namespace_form.__wrapped__ = function
    return namespace_form


_RESULT_TYPE_FORMS = ("Tensor tensor, Tensor other", "Number scalar, Tensor tensor",
                      "Tensor tensor, Number other", "Number scalar1, Number scalar2")


def result_type(tensor, other) -> _dtype_class:
    """torch.result_type: the dtype an op on two operands (tensors or numbers) gives, with
    torch's parser's TypeError for anything else (ember._dtype.result_type, which ember's
    ops use, takes any number of them and skips None)."""
    from ._dtype import result_type as promoted

    operands = (tensor, other)
    if all(isinstance(x, (Tensor, Number)) for x in operands):
        return promoted(tensor, other)
    got = ", ".join(type_name(x) for x in operands)
    forms = "".join(f" * ({form})\n" for form in _RESULT_TYPE_FORMS)
    raise TypeError(f"result_type() received an invalid combination of arguments - got ({got}), "
                    f"but expected one of:\n{forms}")
