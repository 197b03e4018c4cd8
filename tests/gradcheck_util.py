"""Helpers for the generated op tests: a sample's tensors, gradients through ember, and the
same gradients by central finite differences on NumPy copies of the inputs.

Finite differences call the sample's function on perturbed inputs, so they need nothing of
the op but its forward: they check the backward formulas independently of them.

Complex values are checked as pairs of reals (`as_pairs`: a last dim of 2, as view_as_real):
torch's gradient of a real loss L with respect to z is dL/dRe(z) + i dL/dIm(z), and the
loss a cotangent v stands for is Re(sum(conj(v) y)) = pairs(v) . pairs(y), so in pairs a
complex vector-Jacobian product is the real one, and the finite differences perturb the
real and the imaginary part of each element in turn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

import ember
from tests.samples import Sample

# The random generator is reseeded before every call of a sample, so that random ops
# (normal_, dropout...) draw the same numbers for every perturbed input and their finite
# differences measure only how the output depends on the input.
SAMPLE_SEED = 0

# Central differences: the step balances truncation (step^2) against rounding
# (machine epsilon / step); the tolerance is what that balance leaves.
_STEP = {np.dtype(np.float64): 1e-6, np.dtype(np.float32): 1e-3}
_TOLERANCE = {np.dtype(np.float64): 1e-5, np.dtype(np.float32): 2e-3}
_DIFFERENTIABLE = (np.dtype(np.float64), np.dtype(np.complex128))


def as_pairs(values) -> np.ndarray:
    """Float64 values; complex ones as their (real, imaginary) parts in a last dim of 2."""
    values = np.asarray(values)
    if values.dtype.kind == "c":
        return np.stack([values.real, values.imag], axis=-1).astype(np.float64)
    return values.astype(np.float64)


def pair_shape(array: np.ndarray) -> tuple:
    """The shape of `as_pairs(array)`."""
    return array.shape + (2,) if array.dtype.kind == "c" else array.shape


def is_differentiable_input(sample: Sample, index: int) -> bool:
    """Float64 (and complex128) arrays require grad, unless the sample lists them in
    `nondiff`."""
    value = sample.inputs[index]
    return (isinstance(value, np.ndarray) and value.dtype in _DIFFERENTIABLE
            and index not in sample.nondiff)


def differentiable_indices(sample: Sample) -> list[int]:
    return [i for i in range(len(sample.inputs)) if is_differentiable_input(sample, i)]


def to_tensors(sample: Sample, arrays: Sequence | None = None,
               requires_grad: bool = True) -> list:
    """The sample's inputs (or `arrays` in their place) as fresh ember tensors."""
    arrays = sample.inputs if arrays is None else arrays
    tensors = []
    for i, value in enumerate(arrays):
        if not isinstance(value, np.ndarray):
            tensors.append(value)  # a Python value passed through unchanged
            continue
        wants_grad = requires_grad and is_differentiable_input(sample, i)
        tensors.append(ember.tensor(value.copy(), requires_grad=wants_grad))
    return tensors


def first_output(result):
    """The differentiable result of a sample: the tensor, or a tuple's first element."""
    return result[0] if isinstance(result, tuple) else result


def run(sample: Sample, tensors: Sequence):
    """Call the sample's function (whole result, tuple or not) with a reseeded generator."""
    ember.manual_seed(SAMPLE_SEED)
    return sample.fn(*tensors)


def evaluate(sample: Sample, tensors: Sequence):
    return first_output(run(sample, tensors))


def output_values(sample: Sample, arrays: Sequence) -> np.ndarray:
    """The sample's differentiable output on `arrays`, without recording a graph."""
    with ember.no_grad():
        out = evaluate(sample, to_tensors(sample, arrays, requires_grad=False))
    return as_pairs(out.detach().numpy())


def step_and_tolerance(dtype: np.dtype) -> tuple[float, float]:
    """Finite-difference step and gradient tolerance for results of this precision."""
    dtype = np.dtype(dtype)
    if dtype.kind == "c":  # (the precision of its parts)
        dtype = np.dtype(dtype.char.lower())
    if dtype not in _STEP:
        raise AssertionError(f"no finite-difference step for results of dtype {dtype}: "
                             "give differentiable samples float64 or float32 results")
    return _STEP[dtype], _TOLERANCE[dtype]


def working_precision(out) -> np.dtype:
    """The least precise float dtype that went into `out`: its own, or that of any input of
    a node in its graph (casts and promotions record their inputs' dtypes in `input_meta`).

    A float64 result computed through float32 (`x.float().double()`) is only as smooth as
    float32, so its finite differences need float32's step.
    """
    dtypes = [out.detach().numpy().dtype]
    seen, stack = set(), [out.grad_fn] if out.grad_fn is not None else []
    while stack:
        node = stack.pop()
        for entry in getattr(node, "input_meta", None) or ():
            if entry is not None and np.dtype(entry[1]).kind in "fc":
                dtypes.append(np.dtype(entry[1]))
        for child, _ in node.next_functions:
            if child is not None and id(child) not in seen:
                seen.add(id(child))
                stack.append(child)
    return min(dtypes, key=lambda d: d.itemsize // (2 if d.kind == "c" else 1))


def numeric_jacobians(function: Callable[[list], np.ndarray], arrays: Sequence,
                      indices: Sequence[int], step: float) -> list[np.ndarray]:
    """d function / d arrays[i] by central differences, for each i in `indices`.

    Returns, per input, a matrix of shape (function's output size, input size), a complex
    input counting as its pairs (the real, then the imaginary part of each element).
    """
    arrays = list(arrays)
    jacobians = []
    for i in indices:
        base = arrays[i]
        columns = []
        directions = (1.0, 1j) if base.dtype.kind == "c" else (1.0,)
        for k in range(base.size):
            for direction in directions:
                shifted = []
                for sign in (1.0, -1.0):
                    perturbed = base.copy()
                    perturbed.flat[k] += sign * step * direction
                    shifted.append(np.ravel(function(arrays[:i] + [perturbed]
                                                     + arrays[i + 1:])))
                columns.append((shifted[0] - shifted[1]) / (2 * step))
        jacobians.append(np.stack(columns, axis=1) if columns else np.zeros((0, 0)))
    return jacobians


def vjp(output, inputs: Sequence, cotangent: np.ndarray, *, create_graph: bool = False):
    """ember's gradient of (output * cotangent).sum() w.r.t. each input (None if unused)."""
    return ember.autograd.grad(output, list(inputs), grad_outputs=ember.tensor(cotangent),
                               retain_graph=True, create_graph=create_graph,
                               allow_unused=True)


def gradient_values(gradients: Sequence, inputs: Sequence) -> list[np.ndarray]:
    """Gradients as float64 arrays (complex ones as pairs), None (a symbolic zero) as zeros
    of the input's shape."""
    values = []
    for grad, tensor in zip(gradients, inputs):
        if grad is None:
            values.append(np.zeros(pair_shape(tensor.detach().numpy())))
        else:
            values.append(as_pairs(grad.detach().numpy()))
    return values


def assert_gradients_close(actual: Sequence[np.ndarray], expected: Sequence[np.ndarray],
                           labels: Sequence[str], tolerance: float, what: str) -> None:
    for got, want, label in zip(actual, expected, labels):
        assert got.shape == want.shape, (
            f"{what} w.r.t. {label}: shape {got.shape}, but the input has shape {want.shape}")
        np.testing.assert_allclose(got, want, atol=tolerance, rtol=tolerance,
                                   err_msg=f"{what} w.r.t. {label} (ember vs finite "
                                           "differences)")


def random_like(generator: np.random.Generator, shape: tuple, dtype=np.float64) -> np.ndarray:
    if np.dtype(dtype).kind == "c":
        return (generator.standard_normal(shape)
                + 1j * generator.standard_normal(shape)).astype(dtype)
    return np.asarray(generator.standard_normal(shape), dtype=dtype)


def version_of(tensor) -> int:
    """The in-place version counter (ember keeps it in a one-element list shared with views)."""
    version = tensor._version
    return version[0] if isinstance(version, list) else version
