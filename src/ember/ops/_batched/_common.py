"""The registry of batched backward rules and the helpers the rule modules share."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["batched_formula", "rule", "Decline", "DECLINING", "ELEMENTWISE_MODULES",
           "ELEMENTWISE_OPS", "FROM_THE_END_OPS", "RULES", "sum_below_batch"]

# Modules whose ops are all elementwise, and elementwise ops of other modules: their
# formulas only combine same-shaped (or broadcast) values, so a leading batch dimension on
# the gradient passes through them.
ELEMENTWISE_MODULES = {"ember.ops.pointwise", "ember.ops.pointwise_unary",
                       "ember.ops.pointwise_binary", "ember.ops.nn_activation"}
ELEMENTWISE_OPS = {"logsigmoid", "softplus", "gelu", "clone", "to_dtype", "alias", "alias_copy",
                   "masked_fill",
                   "mul_scalar", "div_scalar", "prelu", "rrelu_with_noise",
                   "rrelu_with_noise_inplace", "fill", "zero", "random_fill", "copy",
                   # the activations' gradient kernels (ops/backward_primitives.py)
                   "threshold_backward", "hardtanh_backward", "softshrink_backward",
                   "hardshrink_backward", "leaky_relu_backward", "elu_backward",
                   "sigmoid_backward", "tanh_backward", "softplus_backward",
                   "log_sigmoid_backward", "gelu_backward", "hardswish_backward",
                   # the losses' (ops/nn_loss_backward.py): a reduced loss's one output
                   # gradient broadcasts, and the engine sums below the batch dim
                   "mse_loss_backward", "smooth_l1_loss_backward", "huber_loss_backward",
                   "soft_margin_loss_backward", "binary_cross_entropy_backward"}
# Ops whose formulas address dims only from the end (the matrix dims of linear algebra, the
# triangles), which a leading batch dim leaves where they are.
FROM_THE_END_OPS = {"tril", "triu", "det", "inverse", "solve", "linalg_svd", "linalg_eigh",
                    "linalg_cholesky", "cholesky"}


class Decline(Exception):
    """Raised by a rule for a case it does not handle: the Jacobian falls back to one
    backward pass per row."""

RULES: dict[str, Callable] = {}
DECLINING: set[str] = set()  # ops whose rule declines some cases (raises Decline)


def rule(*names: str, declines: bool = False):
    """Register a batched formula (ctx, g) -> input gradients, g of shape (B, *out);
    `declines` when it raises Decline for cases it leaves to the per-row pass."""
    def register(fn: Callable) -> Callable:
        for name in names:
            RULES[name] = fn
            if declines:
                DECLINING.add(name)
        return fn
    return register


def batched_formula(op) -> Callable | None:
    """The formula that takes a batch of gradients for `op`, or None if there is none."""
    found = RULES.get(op.name)
    if found is not None:
        return found
    fn = op.backward_fn
    if fn is not None and op.formula_takes_arrays and (
            fn.__module__ in ELEMENTWISE_MODULES or op.name in ELEMENTWISE_OPS
            or op.name in FROM_THE_END_OPS):
        return fn
    return None


def _batch(g) -> int:
    return g.shape[0]


def _spread(g, keep_shape: tuple, shape: tuple) -> np.ndarray:
    """g (B, *keep_shape) broadcast to (B, *shape), keep_shape being shape with reduced
    dims of size 1."""
    return np.broadcast_to(np.reshape(g, (_batch(g),) + keep_shape), (_batch(g),) + shape)


def _kept(shape: tuple, dims: tuple) -> tuple:
    return tuple(1 if i in dims else s for i, s in enumerate(shape))


def sum_below_batch(g: np.ndarray, shape: tuple) -> np.ndarray:
    """g (B, *big) summed to (B, *shape), `shape` being what was broadcast to `big`."""
    lead = g.ndim - 1 - len(shape)
    dims = tuple(range(1, 1 + lead)) + tuple(
        1 + lead + i for i, size in enumerate(shape) if size == 1 and g.shape[1 + lead + i] != 1)
    if dims:
        g = np.sum(g, axis=dims, keepdims=True).reshape((_batch(g),) + tuple(shape))
    return g
