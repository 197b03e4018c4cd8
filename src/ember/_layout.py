"""torch.layout and its constants: `torch.strided` (every ember tensor's layout) and the
sparse and other layouts torch names, which ember has no tensors of.

A factory's `layout=` argument goes through `checked_layout`: None or torch.strided is
what ember makes; another layout is a NotImplementedError saying so, and anything else
torch's TypeError.
"""

from __future__ import annotations

__all__ = ["layout", "strided", "sparse_coo", "sparse_csr", "sparse_csc", "sparse_bsr",
           "sparse_bsc", "jagged", "checked_layout"]


class layout:  # noqa: N801 - torch's name
    """How a tensor's elements are stored (compared by identity, printed as torch's)."""

    __module__ = "ember"  # shown as torch's
    __slots__ = ("_name",)

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 'torch.layout' instances")  # (only the constants)

    def __repr__(self) -> str:
        return f"torch.{self._name}"

    # (torch's C type is named "torch.layout" in Python's comparison errors)
    def __lt__(self, other):
        raise _unordered("<", other)

    def __le__(self, other):
        raise _unordered("<=", other)

    def __gt__(self, other):
        raise _unordered(">", other)

    def __ge__(self, other):
        raise _unordered(">=", other)

    def __copy__(self) -> layout:
        return self

    def __deepcopy__(self, memo) -> layout:
        return self

    def __reduce__(self):  # (pickled as the module's own constant: ember.strided)
        return self._name


def _unordered(symbol: str, other) -> TypeError:
    other_name = "torch.layout" if isinstance(other, layout) else type(other).__name__
    return TypeError(f"'{symbol}' not supported between instances of 'torch.layout' and "
                     f"'{other_name}'")


def _constant(name: str) -> layout:
    made = object.__new__(layout)
    made._name = name
    return made


strided = _constant("strided")
sparse_coo = _constant("sparse_coo")
sparse_csr = _constant("sparse_csr")
sparse_csc = _constant("sparse_csc")
sparse_bsr = _constant("sparse_bsr")
sparse_bsc = _constant("sparse_bsc")
jagged = _constant("jagged")
_mkldnn = _constant("_mkldnn")


def checked_layout(value, function: str) -> None:
    """Accept `layout=` None or torch.strided; torch's TypeError for a non-layout, a clear
    NotImplementedError for a layout ember has no tensors of."""
    if value is None or value is strided:
        return
    if not isinstance(value, layout):
        raise TypeError(f"{function}(): argument 'layout' must be torch.layout, not "
                        f"{type(value).__name__}")
    raise NotImplementedError(
        f"{function}(): layout={value!r} is not supported by ember: its tensors are all "
        "dense (torch.strided); make a dense tensor (layout=torch.strided, the default)")
