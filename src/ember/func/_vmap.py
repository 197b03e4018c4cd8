"""vmap: map a function over a dimension of its inputs, by running it once per element.

torch's vmap rewrites each op into a batched op. ember does the obviously correct thing
instead: for each index `b` of the mapped dimension it calls `func` on the `b`-th slices
of the mapped inputs (unmapped ones passed whole), then stacks the per-element outputs
along `out_dims`. The result equals that Python loop by construction, works for every op,
composes with the other transforms (slicing and stacking are differentiable), and nests.
It is as slow as the loop, except for `vmap(vjp_fn)` over stacked cotangents, which is
one batched backward pass (autograd/batched.py) whenever that pass applies.

What users see of torch's batched execution is kept: the slices are marked
(_batched_array.py) so that reading a batched value as a Python value raises torch's
errors, random draws are batched (_random.py), outputs that require grad show torch's
grad_fn names (_vmap_graph.py), and an input returned unchanged is returned itself.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from typing import Any

import numpy as np

from .._batched_array import (
    BatchedArray,
    batched,
    call_batch,
    is_batched,
    running_calls,
    unmarked,
)
from .._tensor import Tensor
from ..autograd._transforms_active import running
from ..autograd.forward_ad import start_marking, stop_marking
from ..ops._registry import recorded_as
from ..ops.shape_copies import stack
from ._pytree import broadcast_prefix, tree_flatten, tree_unflatten
from ._random import RandomnessGuard, check_randomness
from ._vmap_graph import batched_grad_fn, moved_dim

__all__ = ["vmap", "is_vmap_slice"]

VMAP_SLICE = "vmap_slice"  # key in a tensor's _extra

_call_numbers = itertools.count(1)  # each call of a vmapped function marks its own values


def _func_name(func: Callable) -> str:
    if isinstance(func, functools.partial):
        return f"functools.partial({_func_name(func.func)}, ...)"
    return getattr(func, "__name__", repr(func))


def vmap(func: Callable, in_dims: int | tuple | None = 0, out_dims: Any = 0,
         randomness: str = "error", *, chunk_size: int | None = None) -> Callable:
    """`func` mapped over dimension `in_dims` of its inputs, with the mapped dimension at
    `out_dims` of every output.

    `in_dims`: an int for every positional argument, or a tuple with one entry per argument,
    each an int, None (not mapped) or a nest matching that argument's tuples/lists/dicts.
    `out_dims`: likewise for the outputs (None only for outputs that do not vary along the
    mapped dimension). Keyword arguments are passed unmapped. `randomness`: 'error'
    refuses random operations in `func`, 'same' gives every element the same random draws,
    'different' independent ones (each random op draws the whole batch at once, as torch's).
    `chunk_size` is accepted for compatibility (elements run one at a time anyway; torch's
    chunks draw the same random numbers as one batch).
    """
    check_randomness(randomness)
    # (torch compares chunk_size with 0 here, and splits the batch into chunks at the call,
    # where a float refuses to multiply a sequence)
    float_chunks = isinstance(chunk_size, float) and chunk_size > 0
    if chunk_size is not None and not float_chunks and not (
            isinstance(chunk_size, int) and chunk_size > 0):
        raise ValueError(f"vmap: chunk_size should be None or greater than 0. (got {chunk_size})")

    @functools.wraps(func)
    def wrapped(*args, **kwargs):
        name = _func_name(func)
        if not args:
            raise ValueError(
                f"vmap({name})(<inputs>): got no inputs. Maybe you forgot to add inputs, or you "
                "are trying to vmap over a function with no inputs. The latter is unsupported."
            )
        leaves, spec, dims, batch = _mapped_inputs(args, in_dims, name)
        if float_chunks:
            raise TypeError("can't multiply sequence by non-int of type 'float'")
        call = next(_call_numbers)
        guard = RandomnessGuard(randomness, batch, call)
        if batch == 0:
            return _empty_batch(func, leaves, spec, dims, kwargs, out_dims, name, guard, call)
        # vmap(vjp_fn) over stacked cotangents is a batched backward pass (func.vjp's
        # vjp_fn offers it); anything it declines runs element by element below.
        over_dim0 = getattr(func, "_vmap_over_dim0", None)
        if (over_dim0 is not None and len(args) == 1 and not kwargs and out_dims == 0
                and all(d == 0 for d in dims)):
            result = over_dim0(args[0])
            if result is not None:
                return result
        outputs, slices = [], []
        for b in range(batch):
            sliced = [leaf if d is None else _slice(leaf, d, b, call)
                      for leaf, d in zip(leaves, dims)]
            slices.append(sliced)
            with guard.element(), running(vmap=True), _live(call, batch):
                outputs.append(func(*tree_unflatten(sliced, spec), **kwargs))
        inputs = _Inputs(leaves, dims, slices)
        return _stack_outputs(outputs, out_dims, name, call, inputs)

    return wrapped


class _live:
    """While the function runs for one element, values marked by this call refuse to be
    read as Python values (item(), bool()...), as torch's BatchedTensors do."""

    __slots__ = ("call", "batch")

    def __init__(self, call: int, batch: int) -> None:
        self.call, self.batch = call, batch

    def __enter__(self) -> None:
        # (the level, torch's count of vmaps around and including this one, and the batch
        # size: for the errors that name them)
        call_batch[self.call] = (len(running_calls) + 1, self.batch)
        running_calls.add(self.call)
        start_marking()  # (every op then marks its result as its inputs are)

    def __exit__(self, *exc) -> None:
        stop_marking()
        running_calls.discard(self.call)
        del call_batch[self.call]


def _mark(t: Tensor, call: int) -> None:
    """Mark `t`'s data as computed by vmap call `call` from a mapped input."""
    data = t._data
    calls = data.vmap_calls | {call} if is_batched(data) else frozenset((call,))
    t._data = batched(data, calls)


def _slice(leaf: Tensor, dim: int, index: int, call: int) -> Tensor:
    """Element `index` of a mapped input, marked as one (what torch calls a batched tensor:
    batch norm reads the mark, is_vmap_slice; item() and bool() read its data's mark)."""
    element = leaf.select(dim, index)
    _mark(element, call)
    if element._extra is None:
        element._extra = {}
    element._extra[VMAP_SLICE] = True
    return element


def is_vmap_slice(t: Tensor) -> bool:
    """Whether `t` is an element of an input that a running vmap maps over."""
    extra = t._extra
    return extra is not None and VMAP_SLICE in extra


def _mapped_inputs(args: tuple, in_dims: Any, name: str) -> tuple[list, Any, list, int]:
    """The flat arguments, their spec, one in_dim per leaf, and the batch size (all checked)."""
    where = f"vmap({name}, in_dims={in_dims}, ...)(<inputs>)"
    if not isinstance(in_dims, (int, tuple)):
        raise ValueError(f"{where}: expected `in_dims` to be int or a (potentially nested) tuple "
                         f"matching the structure of inputs, got: {type(in_dims)}.")
    leaves, spec = tree_flatten(args)
    dims = broadcast_prefix(in_dims, spec)
    if dims is None:
        raise ValueError(
            f"{where}: in_dims is not compatible with the structure of `inputs`. in_dims has "
            f"structure {tree_flatten(in_dims)[1]} but inputs has structure {spec}."
        )
    sizes = []
    for leaf, d in zip(leaves, dims):
        if d is None:
            continue
        if not isinstance(d, int):
            raise ValueError(f"{where}: Got in_dim={d} for an input but in_dim must be either "
                             "an integer dimension or None.")
        if not isinstance(leaf, Tensor):
            raise ValueError(
                f"{where}: Got in_dim={d} for an input but the input is of type {type(leaf)}. "
                "We cannot vmap over non-Tensor arguments, please use None as the respective "
                "in_dim"
            )
        n = leaf.dim()
        if not -n <= d < n:
            raise ValueError(
                f"{where}: Got in_dim={d} for some input, but that input is a Tensor of "
                f"dimensionality {n} so expected in_dim to satisfy -{n} <= in_dim < {n}."
            )
        sizes.append(leaf._data.shape[d])
    if not sizes:
        raise ValueError("vmap: Expected at least one Tensor to vmap over")
    if any(size != sizes[0] for size in sizes):
        raise ValueError("vmap: Expected all tensors to have the same size in the mapped "
                         f"dimension, got sizes {sizes} for the mapped dimension")
    return leaves, spec, dims, sizes[0]


def _out_dims_per_leaf(out_dims: Any, spec, name: str) -> list:
    bad_type = ValueError(
        f"vmap({name}, ..., out_dims={out_dims}): `out_dims` must be an int, None or a python "
        "collection of ints representing where in the outputs the vmapped dimension should "
        "appear."
    )
    if out_dims is not None and not isinstance(out_dims, (int, tuple, list, dict)):
        raise bad_type
    dims = broadcast_prefix(out_dims, spec)
    if dims is None:
        raise ValueError(
            f"vmap({name}, ..., out_dims={out_dims})(<inputs>): out_dims is not compatible with "
            f"the structure of `outputs`. out_dims has structure {tree_flatten(out_dims)[1]} but "
            f"outputs has structure {spec}."
        )
    if any(d is not None and not isinstance(d, int) for d in dims):
        raise bad_type
    return dims


def _not_a_tensor(name: str, value: Any) -> ValueError:
    return ValueError(f"vmap({name}, ...): `{name}` must only return Tensors, got type "
                      f"{type(value)}. Did you mean to set out_dims= to None for output?")


def _same_for_every_element(column: list) -> bool:
    """Whether an output did not vary along the mapped dimension (what out_dims=None
    requires): the same object every time, or equal values."""
    first = column[0]
    for other in column[1:]:
        if other is first:
            continue
        if not isinstance(other, Tensor) or other._data.shape != first._data.shape \
                or other._data.dtype != first._data.dtype \
                or not np.array_equal(other._data, first._data):
            return False
    return True


def _returned(t: Tensor, call: int) -> Tensor:
    """An output as vmap call `call` returns it: no longer marked by that call."""
    t._data = unmarked(t._data, call)
    return t


class _Inputs:
    """The mapped inputs and the slices each element received (to find outputs that are
    inputs returned unchanged)."""

    __slots__ = ("leaves", "dims", "slices")

    def __init__(self, leaves: list, dims: list, slices: list) -> None:
        self.leaves, self.dims, self.slices = leaves, dims, slices

    def returned_whole(self, column: list) -> int | None:
        """The index of the input whose slices `column` is, element for element, if any."""
        for j, d in enumerate(self.dims):
            if d is not None and all(value is sliced[j]
                                     for value, sliced in zip(column, self.slices)):
                return j
        return None


def _stack_outputs(outputs: list, out_dims: Any, name: str, call: int,
                   inputs: _Inputs | None = None) -> Any:
    flat = [tree_flatten(out) for out in outputs]
    spec = flat[0][1]
    for _, other in flat[1:]:
        if other != spec:
            raise ValueError(f"vmap({name}, ...): `{name}` returned outputs of different "
                             f"structures for different elements: {spec} and {other}")
    dims = _out_dims_per_leaf(out_dims, spec, name)
    results = []
    for k, d in enumerate(dims):
        column = [leaves[k] for leaves, _ in flat]
        if d is None:
            if isinstance(column[0], Tensor) and (_marked_by(column, call)
                                                  or not _same_for_every_element(column)):
                raise ValueError(f"vmap({name}, ...): `{name}` can not return a BatchedTensor "
                                 "when out_dim is None")
            results.append(column[0])
            continue
        for value in column:
            if not isinstance(value, Tensor):
                raise _not_a_tensor(name, value)
        whole = inputs.returned_whole(column) if inputs is not None else None
        if whole is not None:  # an input returned as it came: torch returns the input itself
            results.append(_input_returned(inputs, whole, d))
            continue
        stacked = stack(column, dim=d)
        if stacked.grad_fn is not None:
            recorded_as(stacked, batched_grad_fn(column, d, call))
        results.append(_returned(stacked, call))
    return tree_unflatten(results, spec)


def _input_returned(inputs: _Inputs, j: int, out_dim: int) -> Tensor:
    """Mapped input `j`, returned by every element unchanged, with its mapped dimension
    at `out_dim` (torch: the tensor itself when it is there already, else a movedim)."""
    leaf, in_dim = inputs.leaves[j], inputs.dims[j]
    ndim = leaf.dim()
    if not -ndim <= out_dim < ndim:  # (what stacking the elements would say)
        raise IndexError(f"Dimension out of range (expected to be in range of [{-ndim}, "
                         f"{ndim - 1}], but got {out_dim})")
    in_dim, out_dim = in_dim % ndim, moved_dim(out_dim, ndim - 1)
    return leaf if in_dim == out_dim else leaf.movedim(in_dim, out_dim)


def _marked_by(column: list, call: int) -> bool:
    """Whether some element's output was computed from this call's mapped inputs."""
    return any(isinstance(value, Tensor) and type(value._data) is BatchedArray
               and call in value._data.vmap_calls for value in column)


def _empty_batch(func: Callable, leaves: list, spec, dims: list, kwargs: dict, out_dims: Any,
                 name: str, guard: RandomnessGuard, call: int) -> Any:
    """A batch of size 0: `func` runs once on zero-filled stand-ins for the slices, only to
    learn the shapes of its outputs, which are returned empty along the mapped dimension."""
    standins = []
    for leaf, d in zip(leaves, dims):
        if d is None:
            standins.append(leaf)
        else:
            shape = list(leaf._data.shape)
            del shape[d]
            standin = Tensor(np.zeros(shape, dtype=leaf._data.dtype))
            _mark(standin, call)
            standins.append(standin)
    with guard.element(), running(vmap=True), _live(call, 0):
        output = func(*tree_unflatten(standins, spec), **kwargs)
    out_leaves, out_spec = tree_flatten(output)
    results = []
    for value, d in zip(out_leaves, _out_dims_per_leaf(out_dims, out_spec, name)):
        if d is None:
            results.append(value)
            continue
        if not isinstance(value, Tensor):
            raise _not_a_tensor(name, value)
        empty = Tensor(np.zeros((0, *value._data.shape), dtype=value._data.dtype))
        results.append(empty.movedim(0, d))
    return tree_unflatten(results, out_spec)
