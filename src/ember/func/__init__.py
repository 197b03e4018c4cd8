"""ember.func: composable function transforms with torch.func's names and semantics.

    grad, grad_and_value, vjp, jvp, linearize, jacrev, jacfwd, hessian, vmap,
    functional_call, stack_module_state, replace_all_batch_norm_modules_, functionalize,
    debug_unwrap

Transforms take a function and return a function; they compose (`grad(grad(f))`,
`vmap(grad(f))`, `jacfwd(jacrev(f))`), and their inputs and outputs may be tuples, lists
and dicts of tensors. They are built on ember's reverse-mode engine (see _scope.py for how a
transform keeps its own derivatives apart from an enclosing one's) and, for vmap, on a
plain loop over the mapped dimension (see _vmap.py).
"""

from __future__ import annotations

from typing import Any

from ._ensemble import stack_module_state
from ._forward import hessian, jacfwd, jvp, linearize
from ._reverse import grad, grad_and_value, jacrev, vjp
from ._utilities import debug_unwrap, functionalize, replace_all_batch_norm_modules_
from ._vmap import vmap

__all__ = ["grad", "grad_and_value", "vjp", "jvp", "linearize", "jacrev", "jacfwd", "hessian",
           "vmap", "functional_call", "stack_module_state", "replace_all_batch_norm_modules_",
           "functionalize", "debug_unwrap"]


def functional_call(module: Any, parameter_and_buffer_dicts: Any, args: Any = None,
                    kwargs: dict | None = None, *, tie_weights: bool = True,
                    strict: bool = False) -> Any:
    """Call `module` with its parameters and buffers replaced by the given tensors, so a
    model becomes a function of its parameters (torch.func.functional_call):

        params = {k: v.detach() for k, v in model.named_parameters()}
        grads = vmap(grad(loss), in_dims=(None, 0, 0))(params, xs, ys)  # per example
    """
    from ..nn.utils.stateless import call_with as call

    return call(module, parameter_and_buffer_dicts, args, kwargs, tie_weights=tie_weights,
                strict=strict)
