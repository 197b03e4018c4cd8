"""Inference tensors: tensors made in `inference_mode` (torch's `Tensor.is_inference()`).

A tensor an op or factory makes while its thread is in inference mode is marked
(`_extra["inference"]`, set by `_tensor.new_tensor` and `Tensor.__init__`); a view or an
alias (detach, `.data`) is what its source is, wherever it is made, as in torch. torch keeps
no version counter for them, so it refuses what would need one: saving one for backward
(`refuse_saved`), writing one in place outside inference mode (`write_then_refuse`),
making one require grad outside inference mode, and reading its `_version`.
"""

from __future__ import annotations

from ._grad_mode import state

__all__ = ["SAVED_ERROR", "VERSION_ERROR", "inherit", "is_inference", "refuse_saved",
           "write_then_refuse", "written_outside"]

SAVED_ERROR = (
    "Inference tensors cannot be saved for backward. Please do not use Tensors created in "
    "inference mode in computation tracked by autograd. To work around this, you can make a "
    "clone to get a normal tensor and use it in autograd, or use `torch.no_grad()` instead of "
    "`torch.inference_mode()`.")
_WRITE_ERROR = (  # (torch's text, its sentences joined without spaces)
    "Inplace update to inference tensor outside InferenceMode is not allowed.You can make a "
    "clone to get a normal tensor before doing inplace update.See "
    "https://github.com/pytorch/rfcs/pull/17 for more details.")
VERSION_ERROR = "Inference tensors do not track version counter."
REQUIRES_GRAD_ERROR = ("Setting requires_grad=True on inference tensor outside InferenceMode "
                       "is not allowed.")


def is_inference(tensor) -> bool:
    extra = tensor._extra
    return extra is not None and "inference" in extra


def inherit(result, source) -> None:
    """Make `result` (a view or alias of `source`) an inference tensor exactly if `source`
    is one, whether or not it was made in inference mode."""
    if is_inference(source):
        if result._extra is None:
            result._extra = {"inference": True}
        else:
            result._extra["inference"] = True
    elif result._extra is not None:
        result._extra.pop("inference", None)


def written_outside(target) -> bool:
    """Whether writing `target` in place is torch's refused update of an inference tensor
    outside inference mode (callers then write through `write_then_refuse`)."""
    extra = target._extra
    return extra is not None and "inference" in extra and not state.inference


def write_then_refuse(target, write):
    """Run `write()` (an in-place update of `target`), then raise torch's error for an
    in-place update of an inference tensor outside inference mode: torch's kernel writes
    first and refuses as it would count the new version, so the values change (and the
    kernel's own errors come first)."""
    extra = target._extra
    del extra["inference"]  # (the write itself runs as on a normal tensor)
    try:
        write()
    finally:
        if target._extra is None:
            target._extra = {}
        target._extra["inference"] = True
    raise RuntimeError(_WRITE_ERROR)


def refuse_saved(saved) -> None:
    """torch's refusal to save an inference tensor for backward (`saved`: what a node
    keeps; entries that are no tensors are skipped)."""
    for entry in saved:
        extra = getattr(entry, "_extra", None)
        if extra is not None and "inference" in extra:
            raise RuntimeError(SAVED_ERROR)
