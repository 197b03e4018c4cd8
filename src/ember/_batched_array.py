"""The mark vmap puts on the values a mapped function computes from its mapped inputs.

torch's vmap runs the function once on BatchedTensors, so a value computed from a mapped
input holds the whole batch, and reading it as one Python value (`.item()`, `float()`,
`bool()`, `if x:`, `.tolist()`) cannot work: torch raises. ember's vmap runs the function
once per element on plain slices (func/_vmap.py), so to refuse what torch refuses it must
know which values depend on a mapped input:

- the slices' arrays are `BatchedArray`s, an ndarray subclass naming the vmap calls that
  mapped them (`vmap_calls`); NumPy keeps the subclass through views, slices and ufuncs;
- while a vmapped function runs, every op that goes through `_dispatch.apply` takes forward
  mode's path (`forward_ad.start_marking` sets the flag `apply` reads anyway), where
  `mark_like_inputs` marks its result with its inputs' marks, whatever NumPy did inside
  the op (`np.asarray` drops a subclass). Outside vmap nothing of this runs.

Only the Tensor's conversions to Python values look at the mark (`item`, `tolist`,
`__bool__`...), after testing whether any vmap runs at all (`running_calls`), so ordinary
tensors pay one test of a set. The array's own `item()` and truth stay NumPy's: ember's
kernels use them on their own arrays (a sum's `if total:`), as torch's C++ kernels do on
batched data without complaint.

A mark raises only while its vmap call runs: values that leave the call (saved in the
graph of its outputs, gradients computed from them later) behave as plain arrays, and the
call's outputs are returned unmarked. A value that loses the mark (an op outside `apply`
that copies through `np.asarray`) is read as ember always did: per element, no error.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["BatchedArray", "batched", "unmarked", "mark_like_inputs", "is_batched",
           "running_calls", "refuse_item", "refuse_control_flow", "refuse_storage",
           "refuse_batched", "refuse_batched_into_unbatched", "call_batch", "dynamic_shape",
           "NO_BATCHING_RULE", "BOOLEAN_MASK", "MASKED_SELECT", "ALLCLOSE"]

ITEM = ("vmap: It looks like you're calling .item() on a Tensor. We don't support vmap over "
        "calling .item() on a Tensor, please try to rewrite what you're doing with other "
        "operations. If error is occurring somewhere inside PyTorch internals, please file a "
        "bug report.")
CONTROL_FLOW = ("vmap: It looks like you're attempting to use a Tensor in some data-dependent "
                "control flow. We don't support that yet, please file an issue at "
                "https://github.com/pytorch/pytorch/issues .")
NO_STORAGE = "Cannot access data pointer of Tensor that doesn't have storage"

running_calls: set[int] = set()  # the vmap calls whose function is running now


_NONE: frozenset = frozenset()


class BatchedArray(np.ndarray):
    """An array computed, inside the vmap calls `vmap_calls` (nested vmaps: several), from
    their mapped inputs. NumPy's own functions see an ndarray."""

    vmap_calls: frozenset = _NONE

    def __array_finalize__(self, parent: Any) -> None:
        # views, copies and slices of a marked array are marked by the same calls
        self.vmap_calls = getattr(parent, "vmap_calls", _NONE)


def batched(array: np.ndarray, calls: frozenset) -> BatchedArray:
    """`array` (memory shared) marked as computed by the vmap calls `calls` from their
    mapped inputs."""
    marked = array.view(BatchedArray)
    marked.vmap_calls = calls
    return marked


def mark_like_inputs(inputs: tuple, result: Any, params: tuple = ()) -> None:
    """Mark the data of an op's `result` (a Tensor or a tuple of them) with its input
    tensors' marks, and those of its parameters (an index, a mask): what an op computes
    from a vmapped value is one. (Called for every op while a vmapped function runs,
    through forward mode's path: autograd/forward_ad.py.)"""
    calls = _NONE
    for x in inputs:
        data = getattr(x, "_data", None)
        if type(data) is BatchedArray:
            calls = calls | data.vmap_calls
    for p in params:
        calls = calls | _param_calls(p)
    if not calls:
        return
    for out in result if type(result) in (tuple, list) else (result,):
        data = getattr(out, "_data", None)
        if type(data) is np.ndarray:
            out._data = batched(data, calls)
        elif type(data) is BatchedArray and not calls <= data.vmap_calls:
            data.vmap_calls = data.vmap_calls | calls


def _param_calls(param: Any, depth: int = 0) -> frozenset:
    """The marks of an op parameter: a tensor or array, a tuple of them, or an index plan
    (ops/_index_plan.py: its `tensors`)."""
    data = getattr(param, "_data", param)
    if type(data) is BatchedArray:
        return data.vmap_calls
    if depth < 2:
        if type(param) in (tuple, list):
            calls = _NONE
            for p in param:
                calls = calls | _param_calls(p, depth + 1)
            return calls
        tensors = getattr(param, "tensors", None)
        if type(tensors) is tuple:
            return _param_calls(tensors, depth + 1)
    return _NONE


def unmarked(array: np.ndarray, call: int) -> np.ndarray:
    """`array` as vmap call `call` returns it: its mark without `call` (a plain ndarray when
    no other call marked it)."""
    if type(array) is not BatchedArray:
        return array
    rest = array.vmap_calls - {call}
    return batched(array.view(np.ndarray), rest) if rest else array.view(np.ndarray)


def is_batched(array: Any) -> bool:
    """Whether `array` is marked by a vmap call that is running now."""
    return type(array) is BatchedArray and not array.vmap_calls.isdisjoint(running_calls)


def dynamic_shape(aten_name: str) -> str:
    """torch's error for an op whose result's shape depends on a vmapped value."""
    return ("vmap: We do not support batching operators that can output dynamic shape. "
            f"Attempted to vmap over aten::{aten_name}. Please file an issue at "
            "https://github.com/pytorch/pytorch/issues if you need this feature.")


NO_BATCHING_RULE = "Batching rule not implemented for aten::{}. We could not generate a fallback."
BOOLEAN_MASK = ("vmap: We do not support batching operators that can support dynamic shape. "
                "Attempting to batch over indexing with a boolean mask.")
MASKED_SELECT = ("vmap: Attempted to vmap over `mask` in torch.masked_select(self, mask) We "
                 "cannot support this because for each batch this would return a differently "
                 "shaped Tensor. Please file an issue at https://github.com/pytorch/pytorch/"
                 "issues if you need this feature.")
ALLCLOSE = ("vmap over torch.allclose isn't supported yet. Please file an issue at "
            "https://github.com/pytorch/pytorch/issues if you need this feature.")


def refuse_batched(message: str, *tensors: Any) -> None:
    """Raise torch's RuntimeError `message` if one of `tensors` is a vmapped value (for ops
    that torch's vmap cannot batch: results of data-dependent shapes, Python booleans)."""
    if running_calls:
        for t in tensors:
            if is_batched(getattr(t, "_data", t)):
                raise RuntimeError(message)


def _into_unbatched(name: str, where: str) -> str:
    return (f"vmap: {name}(self, *extra_args) is not possible because there exists a Tensor "
            "`other` in extra_args that has more elements than `self`. This happened due to "
            f"`other` being vmapped over but `self` not being vmapped over {where}. Please try "
            f"to use out-of-place operators instead of {name}. If said operator is being "
            "called inside the PyTorch framework, please file a bug report instead.")


# how torch words the refusal, by the function ember's in-place op computes with: its
# batching rule's own name, or its fallback's (aten::op_, naming the vmap level)
_NAMED_INPLACE = {"_fill_in_place": "fill_"}
_FALLBACK_INPLACE = {"pow", "clamp", "lerp", "addcmul"}

call_batch: dict[int, tuple[int, int]] = {}  # running vmap call -> (its level, batch size)


def refuse_batched_into_unbatched(target: Any, result: Any, function: Any = None) -> None:
    """torch's error for an in-place op that would write a vmapped value into a tensor that
    the running vmap does not map over (ember would write it once per element)."""
    data = result._data
    if type(data) is not BatchedArray:
        return
    live = data.vmap_calls & running_calls
    into = target._data
    if not live or (type(into) is BatchedArray and live <= into.vmap_calls):
        return
    name = getattr(function, "__name__", "")
    if name == "add":  # torch's add_ checks the batched shapes first
        batch = tuple(call_batch[c][1] for c in sorted(live) if c in call_batch)
        shape = list(np.broadcast_shapes(into.shape, batch + data.shape))
        raise RuntimeError(f"output with shape {list(into.shape)} doesn't match the "
                           f"broadcast shape {shape}")
    if name in _FALLBACK_INPLACE:
        level = max(call_batch[c][0] for c in live if c in call_batch)
        raise RuntimeError(_into_unbatched(f"aten::{name}_", f"at level {level}"))
    raise RuntimeError(_into_unbatched(_NAMED_INPLACE.get(name, "inplace arithmetic"),
                                       "in a vmap"))


def refuse_item(array: Any) -> None:
    """torch's error for item(), float(), int(), `f"{x:.2f}"`... of a vmapped value."""
    if is_batched(array):
        raise RuntimeError(ITEM)


def refuse_control_flow(array: Any) -> None:
    """torch's error for bool(x), `if x:`, is_nonzero of a vmapped value."""
    if is_batched(array):
        raise RuntimeError(CONTROL_FLOW)


def refuse_storage(array: Any) -> None:
    """torch's error for tolist() and numpy() of a vmapped value (it has no memory)."""
    if is_batched(array):
        raise RuntimeError(NO_STORAGE)
