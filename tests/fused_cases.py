"""Cases shared by scripts/record_fused_reference.py (run on torch) and
tests/test_fused_rounding.py (run on ember): the same inputs, built by NumPy from fixed
seeds, and the same calls, so the recorded file holds only torch's outputs."""

from __future__ import annotations

from types import ModuleType

import numpy as np

SIZE = 301  # not a multiple of a SIMD width: torch's vector loop and its scalar tail
POINTWISE = [(name, dtype) for name in ("lerp_scalar_small", "lerp_scalar_large",
                                        "lerp_tensor", "lerp_", "add_alpha", "sub_alpha",
                                        "add_alpha_", "addcmul", "addcmul_", "addcdiv")
             for dtype in ("float32", "float64")]
# Optimizers whose every step chains formulas torch rounds once: after many steps with the
# same gradients ember's parameters must equal torch's bit for bit (float32).
OPTIMIZERS = [
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
    ("Adam", {"lr": 0.01}),
    ("Adam", {"lr": 0.01, "weight_decay": 0.1}),
    ("AdamW", {"lr": 0.01, "weight_decay": 0.1}),
    ("Adamax", {"lr": 0.01}),
    ("RAdam", {"lr": 0.01}),
]
OPTIMIZER_STEPS = 25


def optimizer_key(index: int) -> str:
    """The reference entry of OPTIMIZERS[index] (several configurations share a name)."""
    return f"optim-{index}-{OPTIMIZERS[index][0]}"


def _arrays(seed: int, count: int, dtype: str) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(SIZE).astype(dtype) for _ in range(count)]


def run_pointwise(T: ModuleType, name: str, dtype: str) -> np.ndarray:
    """One call of `name` on fixed inputs, in torch (or ember) module `T`; a NumPy result."""
    a, b, c = (T.tensor(x) for x in _arrays(1, 3, dtype))
    if name == "lerp_scalar_small":
        out = T.lerp(a, b, 0.1)
    elif name == "lerp_scalar_large":
        out = T.lerp(a, b, 0.7)
    elif name == "lerp_tensor":
        out = T.lerp(a, b, c)  # weights on both sides of 0.5, some negative
    elif name == "lerp_":
        out = a.lerp_(b, 0.37)
    elif name == "add_alpha":
        out = T.add(a, b, alpha=0.37)
    elif name == "sub_alpha":
        out = T.sub(a, b, alpha=1.3)
    elif name == "add_alpha_":
        out = a.add_(b, alpha=-0.01)
    elif name == "addcmul":
        out = T.addcmul(a, b, c, value=0.37)
    elif name == "addcmul_":
        out = a.mul_(0.9).addcmul_(b, b, value=0.1)
    elif name == "addcdiv":
        out = T.addcdiv(a, b, c, value=-0.37)
    else:
        raise ValueError(name)
    return out.numpy()


def run_optimizer(T: ModuleType, name: str, kwargs: dict) -> np.ndarray:
    """The parameter after OPTIMIZER_STEPS steps with fixed float32 gradients."""
    (start,) = _arrays(2, 1, "float32")
    grads = _arrays(3, OPTIMIZER_STEPS, "float32")
    param = T.tensor(start, requires_grad=True)
    optimizer = getattr(T.optim, name)([param], **kwargs)
    for grad in grads:
        param.grad = T.tensor(grad)
        optimizer.step()
    return param.detach().numpy()
