"""Module backward hooks: `register_full_backward_hook` and `register_full_backward_pre_hook`.

A module call with backward hooks passes its tensor arguments, and then its tensor outputs,
through an identity autograd Function (`BackwardHookFunction`, as torch names it). The
node made for the outputs sees the gradients with respect to the module's outputs first:
pre-hooks run there (and may replace them). The node made for the inputs sees the
gradients with respect to the module's inputs: the full hooks run there as
`hook(module, grad_input, grad_output)` and may replace grad_input. If no input requires
a gradient, the full hooks run at the outputs' node with grad_input all None, with torch's
warning. No derivative is computed here: the identity passes gradients through unchanged.
"""

from __future__ import annotations

from typing import Any

from ... import _tensor
from ..._warnings import warn
from ...autograd.function import Function

__all__ = ["BackwardHookFunction", "BackwardHookCall"]

_NO_INPUT_GRAD = (
    "Full backward hook is firing when gradients are computed with respect to module outputs "
    "since no inputs require gradients. See https://docs.pytorch.org/docs/main/generated/"
    "torch.nn.Module.html#torch.nn.Module.register_full_backward_hook for more details.")


class BackwardHookFunction(Function):
    """The identity, as a graph node whose hooks see the gradients passing through."""

    @staticmethod
    def forward(ctx, *tensors):
        ctx.mark_non_differentiable(*[t for t in tensors if not t.requires_grad])
        return tensors

    @staticmethod
    def backward(ctx, *grads):
        return grads


class BackwardHookCall:
    """The backward hooks of one module call: wraps its inputs and outputs and runs the
    module's hooks when the gradients reach them."""

    def __init__(self, module: Any, args: tuple) -> None:
        self.module = module
        self.args = args
        self.positions = [i for i, a in enumerate(args) if isinstance(a, _tensor.Tensor)]
        self.grad_output: tuple | None = None
        self.inputs_wrapped = False

    def wrap_inputs(self) -> tuple:
        tensors = [self.args[i] for i in self.positions]
        if not any(t.requires_grad for t in tensors):
            return self.args
        wrapped = BackwardHookFunction.apply(*tensors)
        node = next(t.grad_fn for t in wrapped if t.grad_fn is not None)
        node.register_prehook(self._at_inputs)
        self.inputs_wrapped = True
        args = list(self.args)
        for i, t in zip(self.positions, wrapped):
            args[i] = t
        return tuple(args)

    def wrap_outputs(self, output: Any) -> Any:
        single = isinstance(output, _tensor.Tensor)
        items = [output] if single else list(output) if isinstance(output, (tuple, list)) \
            else []
        positions = [i for i, o in enumerate(items) if isinstance(o, _tensor.Tensor)]
        if not any(items[i].requires_grad for i in positions):
            return output
        wrapped = BackwardHookFunction.apply(*[items[i] for i in positions])
        node = next(t.grad_fn for t in wrapped if t.grad_fn is not None)
        node.register_prehook(self._at_outputs)
        for i, t in zip(positions, wrapped):
            items[i] = t
        if single:
            return items[0]
        return type(output)(items)

    def _at_outputs(self, grad_output: tuple) -> tuple | None:
        module = self.module
        replaced = None
        for hook in list(module._backward_pre_hooks.values()):
            result = hook(module, grad_output)
            if result is not None:
                result = result if isinstance(result, tuple) else (result,)
                if len(result) != len(grad_output):
                    raise RuntimeError("Backward pre hook returned an invalid number of "
                                       f"grad_output, got {len(result)}, but expected "
                                       f"{len(grad_output)}")
                grad_output = replaced = result
        self.grad_output = grad_output
        if not self.inputs_wrapped and module._backward_hooks:
            warn(_NO_INPUT_GRAD, UserWarning)
            self._run_full_hooks((None,) * len(self.args))
        return replaced

    def _at_inputs(self, grads: tuple) -> tuple:
        grad_input: list = [None] * len(self.args)
        for i, g in zip(self.positions, grads):
            # torch hands zeros for tensor inputs that received no gradient
            grad_input[i] = g if g is not None else _tensor_zeros_like(self.args[i])
        grad_input_tuple = self._run_full_hooks(tuple(grad_input))
        return tuple(grad_input_tuple[i] for i in self.positions)

    def _run_full_hooks(self, grad_input: tuple) -> tuple:
        module = self.module
        for hook in list(module._backward_hooks.values()):
            result = hook(module, grad_input, self.grad_output)
            if result is None:
                continue
            result = result if isinstance(result, tuple) else (result,)
            if len(result) != len(grad_input):
                raise RuntimeError("Backward hook returned an invalid number of grad_input, "
                                   f"got {len(result)}, but expected {len(grad_input)}")
            grad_input = result
        return grad_input


def _tensor_zeros_like(t: _tensor.Tensor) -> _tensor.Tensor:
    import ember

    return ember.zeros_like(t)
