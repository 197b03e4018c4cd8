"""Small helpers shared by the shape and indexing tests."""

import numpy as np

import ember


def arange(*shape, dtype=ember.float64, requires_grad=False) -> ember.Tensor:
    """Distinct, exactly representable values (multiples of 1/4) in the given shape."""
    values = np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape) / 4
    return ember.tensor(values, dtype=dtype, requires_grad=requires_grad)


def grad_fn_chain(t: ember.Tensor) -> list[str]:
    """The grad_fn names from t back to the leaf, following the first recorded input."""
    names, node = [], t.grad_fn
    while node is not None:
        names.append(node.name())
        node = next((n for n, _ in node.next_functions
                     if n is not None and n.name() != "torch::autograd::AccumulateGrad"), None)
    return names
