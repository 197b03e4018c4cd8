"""Run a module with some of its parameters and buffers swapped for other tensors.

`ember.func.functional_call` is built on `reparametrized`: the module becomes, for one
call, a function of the tensors it is given, so `grad`, `vmap` and `jacrev` can
differentiate a model with respect to its parameters (per-example gradients with
`vmap(grad(loss))`). The given tensors need not be Parameters (they are usually plain
tensors made by a transform), so they are put straight into the modules' tables, and the
originals are always put back afterwards.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ..._tensor import Tensor
from ..._warnings import warn
from ..modules.module import Module

__all__ = ["functional_call", "reparametrized"]


def _merge(dicts: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    if isinstance(dicts, Mapping):
        return dict(dicts)
    merged: dict[str, Any] = {}
    repeated = []
    for d in dicts:
        for key, value in d.items():
            if key in merged:
                repeated.append(key)
            merged[key] = value
    if repeated:
        raise ValueError(f"{sorted(set(repeated))} appeared in multiple dictionaries; behavior "
                         "of functional call is ambiguous")
    return merged


def _tied_names(module: Module) -> dict[str, list[str]]:
    """For each parameter/buffer reachable under several names: first name -> all names."""
    names_of: dict[int, list[str]] = {}
    for table in ("named_parameters", "named_buffers"):
        for name, tensor in getattr(module, table)(remove_duplicate=False):
            names_of.setdefault(id(tensor), []).append(name)
    return {names[0]: names for names in names_of.values() if len(names) > 1}


def _with_tied(module: Module, values: dict[str, Any]) -> dict[str, Any]:
    """Give every name of a tied tensor the value given for one of them (tie_weights)."""
    expanded = dict(values)
    for names in _tied_names(module).values():
        given = [n for n in names if n in values]
        if len(given) > 1 and any(values[n] is not values[given[0]] for n in given[1:]):
            raise ValueError(f"functional_call got multiple values for keys {given}, which "
                             "are tied. Consider using tie_weights=False")
        if given:
            for name in names:
                expanded[name] = values[given[0]]
    return expanded


def _check_keys(module: Module, values: dict[str, Any]) -> None:
    expected = {name for name, _ in module.named_parameters(remove_duplicate=False)}
    expected |= {name for name, _ in module.named_buffers(remove_duplicate=False)}
    errors = []
    unexpected = sorted(set(values) - expected)
    missing = sorted(expected - set(values))
    if unexpected:
        errors.append("Unexpected key(s): {}.".format(", ".join(map(repr, unexpected))))
    if missing:
        errors.append("Missing key(s): {}.".format(", ".join(map(repr, missing))))
    if errors:
        raise RuntimeError("Error(s) in reparametrizing for {}:\n\t{}".format(
            module._get_name(), "\n\t".join(errors)))


@contextlib.contextmanager
def reparametrized(module: Module, values: Mapping[str, Any], tie_weights: bool = True,
                   strict: bool = False) -> Iterator[Module]:
    """Within the block, `module`'s parameters and buffers named in `values` (dotted paths)
    are the given tensors; names that are neither become plain attributes."""
    values = dict(values)
    for value in values.values():
        if not isinstance(value, Tensor):
            raise TypeError(f"{value} is not an instance of torch.Tensor")
    if strict:
        _check_keys(module, values)
    if tie_weights:
        values = _with_tied(module, values)
    swapped: list[tuple[Module, str, str | None, Any]] = []  # (owner, name, table, old)
    try:
        for path, value in values.items():
            owner_path, _, name = path.rpartition(".")
            owner = module.get_submodule(owner_path)
            for table in ("_parameters", "_buffers"):
                entries = owner.__dict__[table]
                if name in entries:
                    swapped.append((owner, name, table, entries[name]))
                    entries[name] = value
                    break
            else:
                swapped.append((owner, name, None, owner.__dict__.get(name, _ABSENT)))
                object.__setattr__(owner, name, value)
        yield module
    finally:
        for owner, name, table, old in reversed(swapped):
            if table is not None:
                owner.__dict__[table][name] = old
            elif old is _ABSENT:
                owner.__dict__.pop(name, None)
            else:
                object.__setattr__(owner, name, old)


_ABSENT = object()


def functional_call(module: Module, parameter_and_buffer_dicts: Any, args: Any = None,
                    kwargs: dict | None = None, *, tie_weights: bool = True,
                    strict: bool = False) -> Any:
    """torch.func.functional_call under its pre-2.0 name, with torch's FutureWarning."""
    warn("`torch.nn.utils.stateless.functional_call` is deprecated as of PyTorch 2.0 and will "
         "be removed in a future version of PyTorch. Please use `torch.func.functional_call` "
         "instead which is a drop-in replacement.", FutureWarning)
    return call_with(module, parameter_and_buffer_dicts, args, kwargs, tie_weights=tie_weights,
                     strict=strict)


def call_with(module: Module, parameter_and_buffer_dicts: Any, args: Any = None,
              kwargs: dict | None = None, *, tie_weights: bool = True,
              strict: bool = False) -> Any:
    """Call `module(*args, **kwargs)` with its parameters and buffers replaced by the
    tensors in `parameter_and_buffer_dicts` (a dict, or a sequence of dicts, keyed by the
    names `named_parameters()`/`named_buffers()` give). The module is unchanged afterwards."""
    values = _merge(parameter_and_buffer_dicts)
    if args is None:
        args = ()
    elif not isinstance(args, tuple):
        args = (args,)
    with reparametrized(module, values, tie_weights=tie_weights, strict=strict):
        return module(*args, **(kwargs or {}))
