"""Sample inputs for every op in the op table; the op tests are generated from these.

Each module here (pointwise, reduction, shape, indexing, linalg, nn_ops, ...) defines
`SAMPLES: dict[str, list[Sample]]`, keyed by the op's name in `ember.ops.OPS`. A sample
calls ember's *public* API; the generated tests check that the op it is filed under really
appears in the graph it builds, so every op must be reachable from at least one sample
(an op without samples fails `test_every_op_has_samples`).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Sample:
    """One call of an op.

    fn:        takes ember tensors (one per array in `inputs`) and returns a tensor (or a
               tuple whose first element is the differentiable result).
    inputs:    NumPy arrays. Float64 arrays become tensors that require grad (unless their
               index is in `nondiff`); others (ints, bools) are plain tensors.
    reference: the same computation written directly in NumPy on the arrays, for the
               forward check (None only for random or otherwise unreferenceable ops).
    """

    fn: Callable
    inputs: tuple
    reference: Callable | None
    nondiff: tuple[int, ...] = ()
    second_order: bool = True      # also check d2 through create_graph=True
    inplace: str | None = None     # name of an in-place method to compare with fn
    atol: float = 1e-6
    rtol: float = 1e-5
    note: str = field(default="")
    # The in-place call is inputs[0].<inplace>(*inputs[1:], *inplace_args, **inplace_kwargs):
    # the extra arguments are the non-tensor ones fn passes (exponents, bounds, keywords).
    inplace_args: tuple = ()
    inplace_kwargs: dict = field(default_factory=dict)
    # For random draws differentiated implicitly (gamma, Dirichlet), whose derivative is not
    # the finite difference of the sampler with its noise frozen: (output, *inputs) -> the
    # Jacobian of the output with respect to each differentiable input, computed some
    # independent way; the gradient check compares with it instead, within atol/rtol.
    jacobian: Callable | None = None


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def collect() -> dict[str, list[Sample]]:
    """All samples of all modules in this package, merged by op name."""
    merged: dict[str, list[Sample]] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for name, samples in getattr(module, "SAMPLES", {}).items():
            merged.setdefault(name, []).extend(samples)
    return merged
