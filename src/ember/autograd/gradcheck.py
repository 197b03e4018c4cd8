"""Gradient checking: `gradcheck` and `gradgradcheck`, with torch's signatures and behaviour.

`gradcheck(func, inputs)` compares, for every input that requires grad and every output that
requires grad, the Jacobian ember's backward computes (one vector-Jacobian product per output
element) with the one central differences give:

    J[k, m] = d out_m / d in_k  ~  (out_m(in + eps e_k) - out_m(in - eps e_k)) / (2 eps)

computed from the outputs' values in float64. An entry passes when
|analytical - numerical| <= atol + rtol * |numerical| (torch's allclose). Jacobians are laid
out as torch prints them: one row per input element, one column per output element.

Fast mode (`fast_mode=True`) compares one number per input/output pair instead: v^T J u for
random unit vectors u (input-shaped) and v (output-shaped), with atol scaled by
sum(|u|) * sum(|v|) (the bound the element-wise tolerance implies); on a mismatch it
recomputes the full Jacobians to show them.

Further checks, as torch's: backward gives the same result twice (`nondet_tol`), zero
output gradients give zero input gradients, missing (None) output gradients are handled,
and optionally gradient dtypes and forward mode (`check_forward_ad`).

`gradgradcheck` runs gradcheck on the function (inputs, grad_outputs) -> gradients built
with create_graph=True, which checks second derivatives.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .._tensor import Tensor
from .._warnings import warn

__all__ = ["gradcheck", "gradgradcheck", "GradcheckError"]


class GradcheckError(RuntimeError):
    """Raised by gradcheck and gradgradcheck when a check fails."""


_FAST_MODE_NOTE = (  # torch's words (its fast mode's numbers are v^T J u, u and v random)
    "\nThe above quantities relating the numerical and analytical jacobians are computed \n"
    "in fast mode. See: https://github.com/pytorch/pytorch/issues/53876 for more background \n"
    "about fast mode. Below, we recompute numerical and analytical jacobians in slow mode:"
    "\n\nNumerical:\n {numerical}\nAnalytical:\n{analytical}"
    "\n\nThe max per-element difference (slow mode) is: {difference}.\n"
)

_NONDETERMINISTIC = (
    "Backward is not reentrant, i.e., running backward with same input and grad_output "
    "multiple times gives different values, although analytical gradient matches numerical "
    "gradient.The tolerance for nondeterminism was {tol}.\n\nIf the backward is meant to be "
    "nondeterministic, pass a larger nondet_tol."
)

_UNDEFINED = (
    'Expected backward function to handle undefined output grads. Please look at "Notes about '
    'undefined output gradients" in "tools/autograd/derivatives.yaml"'
)


# ---------------------------------------------------------------------- small helpers
def _as_tuple(x) -> tuple:
    if isinstance(x, tuple):
        return x
    if isinstance(x, list):
        return tuple(x)
    return (x,)


def _differentiable_outputs(result) -> tuple[Tensor, ...]:
    return tuple(o for o in _as_tuple(result) if isinstance(o, Tensor) and o._requires_grad)


def _float_outputs(result) -> tuple[Tensor, ...]:
    return tuple(o for o in _as_tuple(result)
                 if isinstance(o, Tensor) and o._data.dtype.kind in "fc")


def _diff_inputs(inputs: tuple) -> list[Tensor]:
    return [x for x in inputs if isinstance(x, Tensor) and x._requires_grad]


def _check_inputs(inputs: tuple) -> None:
    """torch's warning for inputs that are not float64, and its errors for overlapping inputs
    and for no input requiring grad."""
    any_requires_grad = False
    for index, x in enumerate(inputs):
        if not (isinstance(x, Tensor) and x._requires_grad):
            continue
        if x._data.dtype != np.float64 and x._data.dtype != np.complex128:
            warn(
                f"Input #{index} requires gradient and is not a double precision floating "
                "point or complex. This check will likely fail if all the inputs are not of "
                "double precision floating point or complex. ",
            )
        if any(stride == 0 and size > 1
               for stride, size in zip(x._data.strides, x._data.shape)):
            raise RuntimeError(
                f"The {index}th input has a dimension with stride 0. gradcheck only supports "
                "inputs that are non-overlapping to be able to compute the numerical gradients "
                "correctly. You should call .contiguous on the input before passing it to "
                "gradcheck."
            )
        any_requires_grad = True
    if not any_requires_grad:
        raise ValueError("gradcheck expects at least one input tensor to require gradient, but "
                         "none of them have requires_grad=True.")


def _values(outputs) -> list[np.ndarray]:
    return [_flat_pairs(o._data) for o in outputs]


# Complex values are checked as pairs of reals (each element's real, then imaginary part):
# torch's gradient of a real loss L is dL/dRe + i dL/dIm, and the loss a cotangent v of a
# complex output stands for is Re(sum(conj(v) y)), the real dot product of their pairs, so
# in pairs a complex Jacobian is a real one, compared like any other.
def _flat_pairs(values: np.ndarray) -> np.ndarray:
    """Float64 values, flattened; a complex element as its real and imaginary parts."""
    values = np.asarray(values)
    if values.dtype.kind == "c":
        return np.stack([values.real, values.imag], axis=-1).astype(np.float64).ravel()
    return np.array(values, dtype=np.float64).ravel()


def _size(array: np.ndarray) -> int:
    """How many reals `_flat_pairs` gives for the array."""
    return array.size * (2 if array.dtype.kind == "c" else 1)


def _from_pairs(flat: np.ndarray, like: np.ndarray) -> np.ndarray:
    """Flat reals (pairs for a complex `like`) as an array of like's shape and dtype."""
    if like.dtype.kind == "c":
        flat = flat[0::2] + 1j * flat[1::2]
    return np.asarray(flat).reshape(like.shape).astype(like.dtype)


class _Perturbed:
    """Shift input values in place by `delta` (as torch does: a function closing over the
    input's memory sees the change) and put them back afterwards."""

    def __init__(self, tensor: Tensor, delta: np.ndarray) -> None:
        self.tensor, self.delta = tensor, delta

    def __enter__(self) -> None:
        t = self.tensor
        self.original = t._data
        delta = _from_pairs(self.delta, t._data)
        if t._data.flags.writeable:
            self.saved = t._data.copy()
            t._data += delta
        else:
            self.saved = None
            t._data = (t._data + delta).astype(t._data.dtype)

    def __exit__(self, *exc) -> None:
        if self.saved is not None:
            np.copyto(self.tensor._data, self.saved)
        else:
            self.tensor._data = self.original


def _central_difference(func: Callable, inputs: tuple, tensor: Tensor, direction: np.ndarray,
                        eps: float, output_filter: Callable) -> list[np.ndarray]:
    """(f(x + eps d) - f(x - eps d)) / (2 eps) for every output, flattened, in float64."""
    step = eps * direction
    with _Perturbed(tensor, step):
        plus = _values(output_filter(func(*inputs)))
    with _Perturbed(tensor, -step):
        minus = _values(output_filter(func(*inputs)))
    return [(p - m) / (2 * eps) for p, m in zip(plus, minus)]


def _numerical_jacobians(func: Callable, inputs: tuple, eps: float,
                         output_filter: Callable = _differentiable_outputs) -> list[list]:
    """jacobians[i][j]: (numel of input i, numel of output j), by central differences."""
    outputs = output_filter(func(*inputs))
    jacobians = []
    for x in _diff_inputs(inputs):
        n = _size(x._data)
        per_output = [np.zeros((n, _size(o._data))) for o in outputs]
        for k in range(n):
            direction = np.zeros(n)
            direction[k] = 1.0
            columns = _central_difference(func, inputs, x, direction, eps, output_filter)
            for j, column in enumerate(columns):
                per_output[j][k, :] = column
        jacobians.append(per_output)
    return jacobians


def _vjp(outputs: tuple, output_index: int, cotangent: np.ndarray, inputs: list) -> list:
    """Gradients of sum(outputs[j] * cotangent) w.r.t. inputs (None when unused)."""
    from .backward import grad

    out = outputs[output_index]
    return list(grad(out, inputs, grad_outputs=Tensor(_from_pairs(cotangent, out._data)),
                     retain_graph=True, allow_unused=True))


def _analytical_jacobians(outputs: tuple, inputs: list, check_grad_dtypes: bool) -> list[list]:
    """jacobians[i][j] from one backward per element of output j (its rows are input
    elements, as the numerical ones)."""
    jacobians = [[np.zeros((_size(x._data), _size(o._data))) for o in outputs]
                 for x in inputs]
    for j, out in enumerate(outputs):
        m = _size(out._data)
        for r in range(m):
            cotangent = np.zeros(m)
            cotangent[r] = 1.0
            for i, (g, x) in enumerate(zip(_vjp(outputs, j, cotangent, inputs), inputs)):
                if g is None:
                    continue
                if g._data.dtype != x._data.dtype and check_grad_dtypes:
                    raise GradcheckError("Gradient has dtype mismatch")
                if g._data.size != x._data.size:
                    raise GradcheckError("Analytical gradient has incorrect size")
                jacobians[i][j][:, r] = _flat_pairs(g._data.astype(x._data.dtype, copy=False)
                                                    if x._data.dtype.kind == "c" else g._data)
    return jacobians


def _forward_jacobians(func: Callable, inputs: tuple) -> list[list]:
    """jacobians[i][j] by forward mode: one dual evaluation per input element."""
    from . import forward_ad

    diff = _diff_inputs(inputs)
    jacobians = []
    for x in diff:
        n = _size(x._data)
        columns = None
        for k in range(n):
            tangent = np.zeros(n)
            tangent[k] = 1.0
            tangents = _forward_jvp(func, inputs, x, _from_pairs(tangent, x._data), forward_ad)
            if columns is None:
                columns = [np.zeros((n, t.size)) for t in tangents]
            for j, t in enumerate(tangents):
                columns[j][k, :] = t
        jacobians.append(columns or [])
    return jacobians


def _forward_jvp(func: Callable, inputs: tuple, target: Tensor, tangent: np.ndarray,
                 forward_ad) -> list[np.ndarray]:
    """Output tangents (flattened float64) when `target` alone carries `tangent`."""
    with forward_ad.dual_level():
        duals = []
        for x in inputs:
            if x is target:
                x = forward_ad.make_dual(x.detach(), Tensor(tangent.astype(x._data.dtype)))
            elif isinstance(x, Tensor) and x._requires_grad:
                x = x.detach()
            duals.append(x)
        outputs = _float_outputs(func(*duals))
        result = []
        for out in outputs:
            t = forward_ad.unpack_dual(out).tangent
            result.append(np.zeros(_size(out._data)) if t is None else _flat_pairs(t._data))
    return result


def _tensor_text(array: np.ndarray, like: Tensor | None = None) -> str:
    """A Jacobian as torch prints it in a mismatch: torch keeps a numerical Jacobian in its
    output's dtype and an analytical one in its input's (`like`), where ember computes both
    in float64; a real dtype is restored for the message (complex ones stay pairs)."""
    values = np.asarray(array, dtype=np.float64)
    if like is not None and like._data.dtype.kind == "f":
        values = values.astype(like._data.dtype)
    return repr(Tensor(values))


def _mismatch(kind: str, j: int, i: int, numerical, analytical, output=None,
              input=None) -> str:
    return (f"{kind} mismatch for output {j} with respect to input {i},\n"
            f"numerical:{_tensor_text(numerical, output)}\n"
            f"analytical:{_tensor_text(analytical, input)}\n")


def _compare(analytical: list, numerical: list, atol: float, rtol: float,
             kind: str = "Jacobian", inputs: list | None = None,
             outputs: tuple | None = None) -> None:
    for i, (a_row, n_row) in enumerate(zip(analytical, numerical)):
        for j, (a, n) in enumerate(zip(a_row, n_row)):
            if a.size and not np.allclose(a, n, rtol=rtol, atol=atol):
                raise GradcheckError(_mismatch(kind, j, i, n, a,
                                               outputs[j] if outputs else None,
                                               inputs[i] if inputs else None))


# ---------------------------------------------------------------------- the checks
def _check_no_differentiable_outputs(func: Callable, inputs: tuple, eps: float) -> None:
    """Without differentiable outputs the numerical gradient must be zero."""
    for per_output in _numerical_jacobians(func, inputs, eps, _float_outputs):
        for jacobian in per_output:
            if np.any(jacobian != 0):
                raise GradcheckError("Numerical gradient for function expected to be zero")


def _slow_backward_check(func, inputs, outputs, eps, atol, rtol, nondet_tol,
                         check_grad_dtypes) -> None:
    diff = _diff_inputs(inputs)
    numerical = _numerical_jacobians(func, inputs, eps)
    analytical = _analytical_jacobians(outputs, diff, check_grad_dtypes)
    again = _analytical_jacobians(outputs, diff, check_grad_dtypes)
    _compare(analytical, numerical, atol, rtol, inputs=diff, outputs=outputs)
    _check_reentrant(analytical, again, nondet_tol)


def _check_reentrant(first: list, second: list, nondet_tol: float) -> None:
    for row_a, row_b in zip(first, second):
        for a, b in zip(row_a, row_b):
            if a.size and np.max(np.abs(a - b)) > nondet_tol:
                raise GradcheckError(_NONDETERMINISTIC.format(tol=nondet_tol))


def _unit_vector(rng: np.random.Generator, shape: tuple) -> np.ndarray:
    """A random vector of positive entries and unit norm (torch's fast mode uses such)."""
    v = rng.random(int(np.prod(shape, dtype=np.int64)))
    norm = np.linalg.norm(v)
    return v / norm if norm else v


def _fast_check(func, inputs, outputs, eps, atol, rtol, nondet_tol, check_grad_dtypes,
                use_forward_ad: bool) -> None:
    """Compare v^T J u (numerical) with the same number from backward (or forward) mode."""
    rng = np.random.default_rng(0)  # its own generator: ember's random state is untouched
    diff = _diff_inputs(inputs)
    us = [_unit_vector(rng, (_size(x._data),)) for x in diff]
    vs = [_unit_vector(rng, (_size(o._data),)) for o in outputs]
    # numerical[i][j] = v_j . (J_ij u_i)
    numerical = []
    for x, u in zip(diff, us):
        jvps = _central_difference(func, inputs, x, u, eps, _differentiable_outputs)
        numerical.append([float(v @ jvp) for v, jvp in zip(vs, jvps)])
    if use_forward_ad:
        from . import forward_ad

        analytical = []
        for x, u in zip(diff, us):
            tangents = _forward_jvp(func, inputs, x, _from_pairs(u, x._data), forward_ad)
            analytical.append([float(v @ t) for v, t in zip(vs, tangents)])
    else:
        analytical = [[0.0] * len(outputs) for _ in diff]
        for j, v in enumerate(vs):
            for attempt in range(2):
                grads = _vjp(outputs, j, v, diff)
                for i, (g, x, u) in enumerate(zip(grads, diff, us)):
                    if g is not None and g._data.dtype != x._data.dtype and check_grad_dtypes:
                        raise GradcheckError("Gradient has dtype mismatch")
                    value = 0.0 if g is None else float(_flat_pairs(g._data) @ u)
                    if attempt == 0:
                        analytical[i][j] = value
                    elif abs(value - analytical[i][j]) > nondet_tol:
                        raise GradcheckError(_NONDETERMINISTIC.format(tol=nondet_tol))
    for i, u in enumerate(us):
        for j, v in enumerate(vs):
            a, n = analytical[i][j], numerical[i][j]
            tolerance = atol * float(np.abs(u).sum()) * float(np.abs(v).sum())
            if abs(a - n) <= tolerance + rtol * abs(n):
                continue
            kind = "Jacobian computed with forward mode" if use_forward_ad else "Jacobian"
            message = (f"{kind} mismatch for output {j} with respect to input {i},\n"
                       f"numerical:{n}\nanalytical:{a}\n")
            slow_n = _numerical_jacobians(func, inputs, eps)[i][j]
            if use_forward_ad:
                slow_a = _forward_jacobians(func, inputs)[i][j]
            else:
                slow_a = _analytical_jacobians(outputs, diff, False)[i][j]
            difference = float(np.max(np.abs(slow_a - slow_n))) if slow_a.size else 0.0
            raise GradcheckError(message + _FAST_MODE_NOTE.format(
                numerical=_tensor_text(slow_n, None if use_forward_ad else outputs[j]),
                analytical=_tensor_text(slow_a, None if use_forward_ad else diff[i]),
                difference=difference))


def _check_multiplied_by_grad_output(outputs: tuple, inputs: tuple) -> None:
    """Zero output gradients must give zero input gradients of the inputs' dtype and shape."""
    from .backward import grad

    diff = _diff_inputs(inputs)
    zeros = [Tensor(np.zeros_like(o._data)) for o in outputs]
    for g, x in zip(grad(outputs, diff, zeros, retain_graph=True, allow_unused=True), diff):
        if g is None:
            continue
        if np.any(g._data != 0):
            raise GradcheckError("backward not multiplied by grad_output")
        if g._data.dtype != x._data.dtype:
            raise GradcheckError("grad is incorrect type")
        if g._data.shape != x._data.shape:
            raise GradcheckError("grad is incorrect size")


def _check_undefined_grad(func: Callable, inputs: tuple) -> None:
    """Backward must cope with missing (None) output gradients: with all of them missing,
    and with one missing at a time (the others zero), input gradients are None or zero."""
    from .engine import run_backward, target_edge

    diff = _diff_inputs(inputs)
    targets = [target_edge(x) for x in diff]
    outputs = _differentiable_outputs(func(*inputs))
    cases = [[None] * len(outputs)]
    if len(outputs) > 1:
        for missing in range(len(outputs)):
            cases.append([None if k == missing else Tensor(np.zeros_like(o._data))
                          for k, o in enumerate(outputs)])
    for case in cases:
        outputs = _differentiable_outputs(func(*inputs))
        roots = [(target_edge(o), g) for o, g in zip(outputs, case)]
        try:
            grads = run_backward(roots, False, False, targets=targets, capture=True)
        except RuntimeError as error:
            raise GradcheckError(_UNDEFINED) from error
        for g in grads:
            if g is not None and np.any(g._data != 0):
                raise GradcheckError(
                    "Expected all input grads to be undefined or zero when all output grads "
                    'are undefined or zero. Please look at "Notes about undefined output '
                    'gradients" in "tools/autograd/derivatives.yaml"')


def _unsupported(**flags: bool) -> None:
    for name, value in flags.items():
        if value:
            raise NotImplementedError(
                f"gradcheck({name}=True) is not supported by ember (it needs batching rules "
                "for vmap); check the gradients one at a time instead"
                if "batched" in name else
                f"gradcheck({name}=True) is not supported by ember: it applies to sparse or "
                "masked tensors, which ember does not have")


def gradcheck(func: Callable, inputs, *, eps: float = 1e-6, atol: float = 1e-5,
              rtol: float = 1e-3, raise_exception: bool = True, nondet_tol: float = 0.0,
              check_undefined_grad: bool = True, check_grad_dtypes: bool = False,
              check_batched_grad: bool = False, check_batched_forward_grad: bool = False,
              check_forward_ad: bool = False, check_backward_ad: bool = True,
              fast_mode: bool = False, masked: bool | None = None) -> bool:
    """Check the gradients of `func` at `inputs` against central finite differences.

    Returns True if all checks pass; otherwise raises GradcheckError (or returns False with
    raise_exception=False). Inputs that require grad should be float64.
    """
    _unsupported(check_batched_grad=check_batched_grad,
                 check_batched_forward_grad=check_batched_forward_grad, masked=bool(masked))
    inputs = _as_tuple(inputs)
    try:
        _gradcheck(func, inputs, eps, atol, rtol, nondet_tol, check_undefined_grad,
                   check_grad_dtypes, check_forward_ad, check_backward_ad, fast_mode)
    except GradcheckError:
        if raise_exception:
            raise
        return False
    return True


def _gradcheck(func, inputs, eps, atol, rtol, nondet_tol, check_undefined_grad,
               check_grad_dtypes, check_forward_ad, check_backward_ad, fast_mode) -> None:
    _check_inputs(inputs)
    result = func(*inputs)
    outputs = _differentiable_outputs(result)
    if not outputs:
        _check_no_differentiable_outputs(func, inputs, eps)
        return
    if check_backward_ad:
        if fast_mode:
            _fast_check(func, inputs, outputs, eps, atol, rtol, nondet_tol, check_grad_dtypes,
                        use_forward_ad=False)
        else:
            _slow_backward_check(func, inputs, outputs, eps, atol, rtol, nondet_tol,
                                 check_grad_dtypes)
        _check_multiplied_by_grad_output(outputs, inputs)
        if check_undefined_grad:
            _check_undefined_grad(func, inputs)
    if check_forward_ad:
        if fast_mode:
            _fast_check(func, inputs, _float_outputs(result), eps, atol, rtol, nondet_tol,
                        check_grad_dtypes, use_forward_ad=True)
        else:
            numerical = _numerical_jacobians(func, inputs, eps, _float_outputs)
            _compare(_forward_jacobians(func, inputs), numerical, atol, rtol,
                     kind="Jacobian computed with forward mode")


def gradgradcheck(func: Callable, inputs, grad_outputs=None, *, eps: float = 1e-6,
                  atol: float = 1e-5, rtol: float = 1e-3,
                  gen_non_contig_grad_outputs: bool = False, raise_exception: bool = True,
                  nondet_tol: float = 0.0, check_undefined_grad: bool = True,
                  check_grad_dtypes: bool = False, check_batched_grad: bool = False,
                  check_fwd_over_rev: bool = False, check_rev_over_rev: bool = True,
                  fast_mode: bool = False, masked: bool = False) -> bool:
    """Check second derivatives: gradcheck of (inputs, grad_outputs) -> the gradients of
    `func` built with create_graph=True. Random grad_outputs are made when none are given."""
    _unsupported(check_batched_grad=check_batched_grad, masked=bool(masked))
    inputs = _as_tuple(inputs)
    if grad_outputs is None:
        rng = np.random.default_rng(0)
        grad_outputs = tuple(_random_grad_output(rng, o, gen_non_contig_grad_outputs)
                             for o in _differentiable_outputs(func(*inputs)))
    else:
        grad_outputs = _as_tuple(grad_outputs)
    count = len(grad_outputs)

    def gradients(*values):
        from .backward import grad

        split = len(values) - count
        given, cotangents = values[:split], values[split:]
        outputs = _differentiable_outputs(func(*given))
        diff = _diff_inputs(given)
        grads = grad(outputs, diff, cotangents, create_graph=True, allow_unused=True)
        return tuple(g for g in grads if g is not None)

    return gradcheck(gradients, inputs + tuple(grad_outputs), eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception, nondet_tol=nondet_tol,
                     check_undefined_grad=check_undefined_grad,
                     check_grad_dtypes=check_grad_dtypes, check_forward_ad=check_fwd_over_rev,
                     check_backward_ad=check_rev_over_rev, fast_mode=fast_mode)


def _random_grad_output(rng: np.random.Generator, output: Tensor, non_contiguous: bool) -> Tensor:
    """Values in [-1, 1) shaped like `output`, requiring grad; optionally a strided view."""
    shape, dtype = output._data.shape, output._data.dtype
    if non_contiguous and output._data.size > 1:
        # Every other element of a twice-as-long last dimension: not contiguous.
        wide = rng.uniform(-1, 1, shape[:-1] + (2 * shape[-1],)).astype(dtype)
        return Tensor(wide[..., ::2], True)
    return Tensor(rng.uniform(-1, 1, shape).astype(dtype), True)
