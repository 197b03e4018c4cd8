"""torch.return_types: the named tuples that max(dim), median(dim), aminmax, sort, topk and
kthvalue return. Each op family adds its own classes to the shared `return_types` namespace
(ember exports it as `ember.return_types`).
"""

from __future__ import annotations

import operator
from types import SimpleNamespace


class _ReturnType(tuple):
    """A tuple whose items also have names, printed as torch prints its return types."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()

    def __repr__(self) -> str:
        body = ",\n".join(f"{name}={value!r}" for name, value in zip(self._fields, self))
        return f"torch.return_types.{type(self).__name__}(\n{body})"

    __str__ = __repr__

    @property
    def n_fields(self) -> int:
        return len(self._fields)

    n_sequence_fields = n_fields


def _return_type(name: str, fields: tuple[str, ...]) -> type:
    """A `torch.return_types.<name>` class: build it from a sequence, read items by name."""
    namespace = {"__slots__": (), "_fields": fields, "__module__": "ember",
                 "__qualname__": f"return_types.{name}"}
    for index, field in enumerate(fields):
        namespace[field] = property(operator.itemgetter(index), doc=f"Item {index}.")
    return type(name, (_ReturnType,), namespace)


return_types = SimpleNamespace(
    max=_return_type("max", ("values", "indices")),
    min=_return_type("min", ("values", "indices")),
    median=_return_type("median", ("values", "indices")),
    aminmax=_return_type("aminmax", ("min", "max")),
)
