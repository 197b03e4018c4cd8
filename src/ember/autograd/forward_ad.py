"""Forward-mode automatic differentiation, with torch.autograd.forward_ad's API.

    with forward_ad.dual_level():
        x = forward_ad.make_dual(primal, tangent)
        y = f(x)
        value, jvp = forward_ad.unpack_dual(y)     # jvp = J_f(primal) @ tangent

How it works
------------
A dual tensor is an ordinary Tensor whose `_extra["tangent"]` holds `(level, tangent)`.
Nothing of this touches the hot path: `_dispatch.apply` reads one flag, `state.active`,
which is True only while a dual level exists. When it is set, `apply` computes the op as
usual (with this thread paused: `local.paused`) and then calls `attach_tangent`, which
collects the input tangents (None where an input has none) and, if any is present, runs
the op's tangent rule. The result's tangent is also recorded against its graph node when
the node saved its own output, so that a backward formula reading that saved output inside
the level sees the tangent: gradients taken inside a level carry tangents
(forward-over-reverse, e.g. Hessian-vector products). Those records live until the level
ends, or until the node dies if the tangent's own graph does not lead back to it.

Tangent rules
-------------
A rule is declared beside the op's backward:

    @op.tangent
    def _(ctx, *tangents):       # one tangent per input of the op, None where absent
        return ...               # the output's tangent (a Tensor), or None for zero

and written in ember ops, so that tangents are themselves recorded by reverse mode (a
gradient of a JVP works). While a rule runs, forward mode is paused: the primal values it
uses carry no tangents of their own. The rule receives a `TangentContext`:

    ctx.op        the Op
    ctx.inputs    the op's inputs as `apply` received them (tensors, numbers, None)
    ctx.params    the op's non-tensor parameters
    ctx.output    the op's result (a Tensor sharing its data and graph node)
    ctx.saved     what the op's backward would find in `ctx.saved` (built from op.saves)
    ctx.run(*xs)  the op again, with the same params, on other inputs

`saved`, `params` and `_next_nodes` make the context look enough like a graph node for a
backward formula to run on it; the generic rules below use that. A result tangent smaller
than the output (an input broadcast by the op) is expanded to the output's shape.

Generic rules, for ops that fit them: `linear` (the op is linear in its tensor inputs
jointly: views, sums, indexing, cat...), `multilinear` (linear in each input separately:
mul, mm, matmul, einsum...), `zero` (a zero derivative), `diagonal` (elementwise ops: the
Jacobian is diagonal, so J t is the backward formula applied to t) and `reduced` (reductions
whose output elements each depend on their own slice of the input).

An op without a rule raises NotImplementedError when a tangent reaches it. In-place ops
replace their target's tangent by the result's (for a view, the base's tangent is updated
in the view's window); tangents of *other* views of the same memory taken earlier are not
updated, unlike torch, where they share the tangent's memory.

As in torch, only one level can exist at a time, forward mode is off under inference mode,
and exiting a level removes the tangents created in it.
"""

from __future__ import annotations

import contextlib
import threading
import weakref
from typing import NamedTuple

import numpy as np

from .._batched_array import mark_like_inputs
from .._dtype import from_numpy_dtype
from .._grad_mode import state as _grad_state
from .._tensor import Tensor

__all__ = ["UnpackedDualTensor", "enter_dual_level", "exit_dual_level", "make_dual",
           "unpack_dual", "dual_level"]


class _Level:
    """One dual level: its index, weak references to the tensors given tangents in it (so
    that exiting the level can remove them), and the tangents of outputs that graph nodes
    saved (see `tangent_of`)."""

    __slots__ = ("index", "duals", "_prune_at", "output_tangents")

    def __init__(self, index: int) -> None:
        self.index = index
        self.duals: list[weakref.ref] = []
        self._prune_at = 1024
        self.output_tangents: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def track(self, tensor: Tensor) -> None:
        self.duals.append(weakref.ref(tensor))
        if len(self.duals) >= self._prune_at:
            # Drop references to tensors that died, so a long computation does not grow
            # the list without bound.
            self.duals = [ref for ref in self.duals if ref() is not None]
            self._prune_at = max(1024, 2 * len(self.duals))


class _State:
    """Module state. `active` (a level exists, or a vmapped function runs) is the flag
    `_dispatch.apply` reads on every op. Levels are global, as in torch: a dual tensor made
    in one thread is one in all. `marking` counts the vmapped functions running (vmap
    borrows this path to mark the values computed from its mapped inputs: func/_vmap.py,
    _batched_array.py)."""

    __slots__ = ("active", "level", "marking")

    def __init__(self) -> None:
        self.active = False
        self.level: _Level | None = None
        self.marking = 0


def start_marking() -> None:
    """A vmapped function starts running: every op's result is marked as its inputs are."""
    state.marking += 1
    state.active = True


def stop_marking() -> None:
    state.marking -= 1
    state.active = state.level is not None or state.marking > 0


class _Local(threading.local):
    """Per thread: whether this thread is inside the tangent machinery (computing an op's
    primal value or running a rule), where ops must not propagate tangents. Per thread, so
    that one thread's pause never drops another thread's tangents."""

    paused = False


state = _State()
local = _Local()


@contextlib.contextmanager
def paused():
    """Within this block the current thread's ops carry no tangents (for machinery that
    computes primal values only, such as a custom Function's forward)."""
    previous, local.paused = local.paused, True
    try:
        yield
    finally:
        local.paused = previous


_NO_LEVEL = ("Trying to create a dual Tensor for forward AD but no level exists, make sure "
             "to enter_dual_level() first.")


# ---------------------------------------------------------------------- levels
def enter_dual_level() -> int:
    """Enter a new forward grad level and return its index (0: torch allows one level)."""
    if state.level is not None:
        raise RuntimeError("Nested forward mode AD is not supported at the moment")
    state.level = _Level(0)
    state.active = True
    return 0


def exit_dual_level(*, level: int | None = None) -> None:
    """Exit the current level; the tangents created in it are deleted."""
    current = state.level
    current_index = current.index if current is not None else -1
    if level is None:
        level = current_index
    if level != current_index:
        raise RuntimeError("Trying to exit a forward AD level that was not the last one that "
                           "was created. This is not supported.")
    if current is None:
        raise RuntimeError("Dual level must be a positive number.")
    state.level = None
    state.active = state.marking > 0
    for ref in current.duals:
        tensor = ref()
        if tensor is not None and tensor._extra:
            entry = tensor._extra.get("tangent")
            if entry is not None and entry[0] is current:
                del tensor._extra["tangent"]


class dual_level(contextlib.ContextDecorator):
    """Context manager (or decorator) for forward AD: enters a level, exits it after.

    Only one level may exist at a time, as in torch.
    """

    def __enter__(self) -> int:
        return enter_dual_level()

    def __exit__(self, exc_type, exc_value, traceback) -> None:
        exit_dual_level()


# ---------------------------------------------------------------------- dual tensors
class UnpackedDualTensor(NamedTuple):
    """What `unpack_dual` returns: the primal (a view of the tensor) and its tangent."""

    primal: Tensor
    tangent: Tensor | None


def _level_for(level: int | None, function: str) -> _Level | None:
    """The level a `level=` argument designates (None: there is none), or torch's error."""
    current = state.level
    if level is None or current is None:
        return current
    if level != current.index:
        raise RuntimeError(f"Invalid level given to {function}")
    return current


def _check_floating(value, what: str) -> None:
    if not isinstance(value, Tensor):
        raise AttributeError(f"'{type(value).__name__}' object has no attribute "
                             "'is_floating_point'")
    if value._data.dtype.kind not in "fc":
        raise ValueError(f"Expected {what} to be floating point or complex, but got: "
                         f"{value.dtype}")


def make_dual(tensor: Tensor, tangent: Tensor, *, level: int | None = None) -> Tensor:
    """A new tensor aliasing `tensor` (a view of it) whose tangent is `tangent`.

    Differentiable in reverse mode: the result's graph leads back to `tensor`.
    """
    if level is not None and level < 0:
        level = None
        if state.level is not None:
            raise RuntimeError(_NO_LEVEL)
    if state.level is None:
        if level is None:
            raise RuntimeError(_NO_LEVEL)
        raise RuntimeError("Trying to access a forward AD level with an invalid index. This "
                           "index was either not created or is already deleted.")
    current = _level_for(level, "_make_dual")
    _check_floating(tensor, "primal")
    _check_floating(tangent, "tangent")
    if tangent._data.shape != tensor._data.shape:
        raise RuntimeError(
            "Trying to set a forward gradient that has a different size than that of the "
            f"original Tensor, this is not supported. Tensor is of size "
            f"{list(tensor._data.shape)} while the given forward gradient is of size "
            f"{list(tangent._data.shape)}.")
    if tangent_of(tensor) is not None:
        raise RuntimeError("Making a dual Tensor based on a Tensor that already has a forward "
                           f"gradient at the same level {current.index} is not supported.")
    _check_tangent_fits(tensor._data, tangent._data)
    dual = _alias(tensor, "view", (tensor._data.shape, tensor._data.shape))
    set_tangent(dual, tangent)
    return dual


def _check_tangent_fits(primal: np.ndarray, tangent: np.ndarray) -> None:
    """torch keeps a tangent laid out as its primal; any other one it copies into zeros of
    the primal's layout, and when that layout repeats elements (an expanded primal) the
    copy is refused as a write into overlapping memory."""
    from .._overlap import OVERLAPPING_WRITE, overlaps_itself

    if not overlaps_itself(primal):
        return
    if [s // primal.itemsize for s in primal.strides] != [
            s // tangent.itemsize for s in tangent.strides]:
        raise RuntimeError(OVERLAPPING_WRITE)


def unpack_dual(tensor: Tensor, *, level: int | None = None) -> UnpackedDualTensor:
    """(primal, tangent) of a dual tensor; the tangent is None when it has none at the
    level. The primal is a view of `tensor` without the tangent."""
    if level is not None and level < 0:
        return UnpackedDualTensor(tensor, None)
    current = _level_for(level, "_fw_primal")
    if current is None:
        return UnpackedDualTensor(tensor, None)
    if not isinstance(tensor, Tensor):
        raise TypeError(f"_unpack_dual(): argument 'dual' (position 1) must be Tensor, not "
                        f"{type(tensor).__name__}")
    tangent = tangent_of(tensor)
    if tangent is None:
        return UnpackedDualTensor(tensor, None)
    from ..ops._registry import recorded_as

    # (torch's primal is an alias recorded by a node of no generated class: grad_fn=<Identity>)
    return UnpackedDualTensor(recorded_as(_alias(tensor, "alias", ()), "CppFunction:Identity"),
                              tangent)


def _alias(tensor: Tensor, op_name: str, params: tuple) -> Tensor:
    """A view op on `tensor` run without tangents, recorded as a view of its base."""
    from .._dispatch import apply
    from ..ops._registry import OPS

    with paused():
        out = apply(OPS[op_name], (tensor,), params)
    extra = tensor._extra
    base = extra.get("base") if extra else None
    out._extra = {"base": tensor if base is None else base}
    return out


# ---------------------------------------------------------------------- tangent storage
def tangent_of(tensor) -> Tensor | None:
    """The tangent `tensor` carries at the current level, or None.

    A node that saved its own output keeps only the array (`SavedOutput`), and a backward
    formula reading `ctx.saved` gets a new Tensor of it; that tensor finds the output's
    tangent here by its grad_fn, so that gradients computed inside a dual level carry
    correct tangents (forward-over-reverse: the tangent of a gradient is a Hessian-vector
    product).
    """
    if not isinstance(tensor, Tensor):
        return None
    extra = tensor._extra
    if extra:
        entry = extra.get("tangent")
        if entry is not None:
            if entry[0] is state.level:
                return entry[1]
            del extra["tangent"]  # left over from a level that has ended
    level = state.level
    if level is not None and level.output_tangents and tensor.grad_fn is not None:
        found = level.output_tangents.get(tensor.grad_fn)
        if type(found) is tuple:  # a node saving several outputs (linalg.svd's): by number
            return found[tensor._output_nr]
        return found
    return None


def set_tangent(tensor: Tensor, tangent: Tensor | None) -> None:
    """Give `tensor` a tangent at the current level (None removes it)."""
    extra = tensor._extra
    if tangent is None:
        if extra:
            extra.pop("tangent", None)
        return
    if extra is None:
        tensor._extra = extra = {}
    level = state.level
    extra["tangent"] = (level, tangent)
    level.track(tensor)


# ---------------------------------------------------------------------- running rules
class TangentContext:
    """What a tangent rule receives; see the module docstring."""

    __slots__ = ("op", "inputs", "params", "_result", "_output", "_next_nodes")

    def __init__(self, op, inputs: tuple, params: tuple, result: Tensor,
                 tangents: tuple) -> None:
        self.op = op
        self.inputs = inputs
        self.params = params
        self._result = result
        self._output = None
        # As a graph node's edges: not None where an input has a tangent (`needs_grad`).
        self._next_nodes = tuple(None if t is None else True for t in tangents)

    @property
    def output(self) -> Tensor:
        """The op's result as a separate Tensor object (same data, version and graph node),
        so that a tangent's graph saving it does not reference the result itself."""
        if self._output is None:
            result = self._result
            out = Tensor(result._data, result._requires_grad, result.grad_fn,
                         result._version_counter)
            out._output_nr = result._output_nr
            self._output = out
        return self._output

    @property
    def saved(self) -> tuple:
        """The values the op's backward reads from `ctx.saved`, in `op.saves` order."""
        return tuple(self.output if i == "out" else self.inputs[i] for i in self.op.saves)

    def run(self, *inputs) -> Tensor:
        """The op again, with the same params, on other inputs (its value on tangents is
        the JVP of an op that is linear in them)."""
        from .._dispatch import apply

        return apply(self.op, inputs, self.params)

    def zeros(self) -> Tensor:
        """Zeros shaped and typed like the output."""
        return Tensor(np.zeros_like(self._result._data))

    def only(self, index: int) -> TangentContext:
        """This context with only input `index` marked as having a tangent."""
        other = TangentContext.__new__(TangentContext)
        other.op, other.inputs, other.params = self.op, self.inputs, self.params
        other._result, other._output = self._result, self._output
        other._next_nodes = tuple(True if i == index else None
                                  for i in range(len(self._next_nodes)))
        return other


def attach_tangent(op, inputs: tuple, params: tuple, result: Tensor) -> Tensor:
    """Give `result` (op's output on `inputs`) its tangent, if an input has one.

    Called by `_dispatch.apply` with this thread paused (`local.paused`); returns `result`.
    """
    if state.marking:
        mark_like_inputs(inputs, result, params)
        if state.level is None:
            return result
    tangents = None
    for i, x in enumerate(inputs):
        if isinstance(x, Tensor):
            t = tangent_of(x)
            if t is not None:
                if tangents is None:
                    tangents = [None] * len(inputs)
                tangents[i] = t
    if tangents is None or _grad_state.inference:
        return result
    if result._data.dtype.kind not in "fc":
        return result  # integer and bool results carry no tangent, as in torch
    rule = op.tangent_fn
    if rule is None:  # also a float result of a non-differentiable op (`//`), as in torch
        if not op.differentiable:
            raise NotImplementedError(f"Trying to use forward AD with aten::"
                                      f"{_torch_op_name(op.name)} that does not support it.")
        raise NotImplementedError(
            f"Trying to use forward AD with {_torch_op_name(op.name)} that does not support it "
            "because it has not been implemented yet.\nPlease file an issue to PyTorch at "
            "https://github.com/pytorch/pytorch/issues/new?template=feature-request.yml so "
            "that we can prioritize its implementation or submit a PR adding the "
            "implementation to derivatives.yaml")
    tangent = rule(TangentContext(op, inputs, params, result, tuple(tangents)), *tangents)
    if tangent is not None:
        if tangent._data.shape != result._data.shape:
            tangent = tangent.expand(result._data.shape)  # an input broadcast by the op
        if tangent._data.dtype != result._data.dtype:
            tangent = _tangent_in_torch_dtype(op, tangent, result, tangents)
        if not op.view and _borrows(tangent, tangents):
            # (x + 1 passes x's tangent through): the result owns its tangent, which an
            # in-place write through a view of the result may change (_write_view_tangent);
            # a tangent with a graph (reverse over forward) keeps it through a recorded copy
            tangent = tangent.clone() if tangent.requires_grad else Tensor(tangent._data.copy())
        set_tangent(result, tangent)
        if result.grad_fn is not None and "out" in op.saves:  # "out": _registry.OUT
            state.level.output_tangents[result.grad_fn] = tangent
    return result


def _tangent_in_torch_dtype(op, tangent: Tensor, result: Tensor, tangents: list) -> Tensor:
    """`tangent` in the dtype torch's tangent formula gives: the promotion of the result's
    dtype with the input tangents' (a float64 tangent on a float32 primal stays float64
    through sin, x * 2, sum...; a float32 one through x32 + y64 becomes float64), except
    for a cast, whose tangent is cast too."""
    dtype = result._data.dtype
    if op.name != "to_dtype":
        dtype = np.result_type(dtype, *(t._data.dtype for t in tangents if t is not None))
    return tangent if tangent._data.dtype == dtype else tangent.to(from_numpy_dtype(dtype))


def _borrows(tangent: Tensor, tangents: list) -> bool:
    """Whether `tangent` shares memory with one of the inputs' tangents."""
    return any(t is not None and np.may_share_memory(t._data, tangent._data)
               for t in tangents)


# ---------------------------------------------------------------------- in-place ops
def copy_tangent(source: Tensor, target: Tensor) -> None:
    """Give `target` the tangent of `source` (a snapshot taken before an in-place write, or
    a tensor that took over source's values, as `unsqueeze_` does)."""
    if not local.paused:
        set_tangent(target, tangent_of(source))


def involved(*values) -> bool:
    """Whether any of these tensors (or the base of a view among them) has a tangent."""
    if local.paused:
        return False
    for x in values:
        if isinstance(x, Tensor):
            if tangent_of(x) is not None:
                return True
            base = x._extra.get("base") if x._extra else None
            if base is not None and tangent_of(base) is not None:
                return True
    return False


def after_inplace(target: Tensor, result: Tensor) -> None:
    """`target` was overwritten in place with `result`'s values: it takes result's tangent.

    For a view, the base's tangent is updated in the view's window (zeros outside it if the
    base had no tangent) and the view's tangent is read back from it.
    """
    if local.paused:
        return
    # An integer target (x_int[0] = dual) cannot carry a tangent, as in torch.
    new = tangent_of(result) if target._data.dtype.kind in "fc" else None
    old = tangent_of(target)
    if new is old:
        return  # unchanged (x.add_(2) passes the tangent through)
    extra = target._extra
    base = extra.get("base") if extra else None
    if base is None:
        set_tangent(target, new)
        return
    with paused():
        _write_view_tangent(base, target, new)


def _write_view_tangent(base: Tensor, view: Tensor, new: Tensor | None) -> None:
    from .._dispatch import apply
    from ..ops._registry import OPS
    from ..ops.shape_strided import in_memory, strided_window, window_of_base

    storage, data = base._data, view._data
    # The view's window over the base's memory (a transposed base too), as reverse mode
    # records it.
    size, stride, offset, layout = window = window_of_base(view, storage)
    base_tangent = tangent_of(base)
    if new is None:
        new = Tensor(np.zeros(data.shape, storage.dtype))
    if base_tangent is None:
        # laid out as the base (zeros_like keeps a dense layout), so windowed as it is
        base_tangent = Tensor(np.zeros_like(storage))
        set_tangent(base, base_tangent)
    memory = base_tangent._data
    if (memory.strides == storage.strides and memory.flags.writeable
            and memory.dtype == storage.dtype):
        # Written into the base's tangent itself, as torch does: the tangents of the base's
        # other views are views of it and see the change.
        window = strided_window(in_memory(memory, layout), offset, size, stride)
        window[...] = new._data
        set_tangent(view, Tensor(window))
        return
    new_base = apply(OPS["copy_slices_strided"], (base_tangent, new), (*window, data.shape))
    set_tangent(base, new_base)
    set_tangent(view, apply(OPS["as_strided"], (new_base,), (*window, storage.shape)))


# ---------------------------------------------------------------------- generic rules
def tangent_sum(*terms) -> Tensor | None:
    """The sum of the terms that are not None (None, a zero tangent, if all are)."""
    total = None
    for term in terms:
        if term is not None:
            total = term if total is None else total + term
    return total


def zeros_for(x):
    """The stand-in for an input without a tangent in a linear op: 0 for a number, zeros
    shaped like a tensor, None for an absent optional input."""
    if isinstance(x, Tensor):
        # The input's own dtype, so that the op promotes the zeros as it promoted the input.
        return Tensor(np.zeros_like(x._data))
    return None if x is None else 0


def linear(ctx: TangentContext, *tangents) -> Tensor:
    """Rule of an op that is linear in its tensor inputs jointly (numbers count as
    constants that become 0): the op applied to the tangents."""
    return ctx.run(*[t if t is not None else zeros_for(x)
                     for x, t in zip(ctx.inputs, tangents)])


def multilinear(ctx: TangentContext, *tangents, constant: tuple[int, ...] = ()) -> Tensor | None:
    """Rule of an op that is linear in each input separately (a product): the sum over the
    inputs with a tangent of the op with that input replaced by its tangent, and, where
    torch's formula would be recorded, a `zero_term` for each input without one. The inputs
    numbered in `constant` are no factors (read for their shape): they get no term."""
    pad = records(*ctx.inputs, *tangents)
    terms = []
    for k, t in enumerate(tangents):
        x = ctx.inputs[k]
        if t is not None:
            terms.append(ctx.run(*ctx.inputs[:k], t, *ctx.inputs[k + 1:]))
        elif pad and x is not None and k not in constant:
            # (the op is linear in x: the term's derivatives are zero at x = 0, so its
            # graph adds nothing to a gradient, as torch's zero tensor's does not)
            terms.append(zero_term(ctx.run(*ctx.inputs[:k], zeros_for(x),
                                           *ctx.inputs[k + 1:])))
    return tangent_sum(*terms)


# torch's formulas read an absent tangent as a zero tensor and still compute its terms
# (`other_t * self_p + self_t * other_p` for mul, `self_t + other_t` for add), so when the
# formula involves something that requires grad the JVP is recorded by reverse mode as that
# formula: the tangent of `dual_x + 1` is an AddBackward0, the tangent of `x * dual_w`
# requires grad when w does. The rules of the common ops follow it with these two helpers;
# without a graph to record (`records` False) they leave such terms out: same values.
def records(*values) -> bool:
    """Whether grad mode is on and one of these values is a tensor that requires grad."""
    return _grad_state.enabled and any(isinstance(v, Tensor) and v.requires_grad
                                       for v in values)


def zero_term(made: Tensor, sign: float = -0.0) -> Tensor:
    """A term of a formula computed on zeros in place of an absent tangent (`made`), as
    torch's zero tensor gives it: its graph node (when it has one) but the value `sign`
    everywhere. -0.0 is an exact identity for a sum and +0.0 for a subtrahend, signed zeros
    included (torch's zero tensors leave the other operand as it is), where the product of
    real zeros with an inf primal would be nan."""
    zero = Tensor(np.full(made._data.shape, sign, made._data.dtype), made.requires_grad,
                  made.grad_fn, made._version_counter)
    zero._output_nr = made._output_nr
    return zero


def absent(ctx: TangentContext, sign: float = -0.0) -> Tensor:
    """The zero tensor torch puts in place of an absent tangent, shaped as the output (a
    constant: a tangent of an input is no function of the primals)."""
    out = ctx._result._data
    return Tensor(np.full(out.shape, sign, out.dtype))


def zero(ctx: TangentContext, *tangents) -> Tensor:
    """Rule of an op whose derivative is zero (rounding, fills): a zero tangent."""
    return ctx.zeros()


def diagonal(ctx: TangentContext, *tangents) -> Tensor | None:
    """Rule of an elementwise op (inputs broadcast to the output): its Jacobian with respect
    to each input is diagonal, so J t equals the backward formula applied to t. The
    conventions at special points (ties, zeros) are then exactly the backward's."""
    shape = ctx._result._data.shape
    terms = []
    for k, t in enumerate(tangents):
        if t is None:
            continue
        if t._data.shape != shape:
            t = t.expand(shape)
        terms.append(ctx.op.backward_fn(ctx.only(k), t)[k])
    return tangent_sum(*terms)


def reduced(ctx: TangentContext, tangent: Tensor, dims: tuple, keepdim: bool) -> Tensor:
    """Rule of a one-input reduction over `dims` in which each output element depends only
    on its own slice of the input: J t = sum over the slice of (J^T 1) * t, where J^T 1 (the
    partial derivatives) comes from the backward formula."""
    out = ctx._result._data
    ones = Tensor(np.ones(out.shape, out.dtype))
    partials = ctx.op.backward_fn(ctx, ones)[0]
    if partials._data.dtype.kind == "c":
        # (a complex backward passes conj(derivative) back; a tangent takes the derivative)
        from ..ops import _xp  # (the op table imports this module)

        partials = _xp.conj(partials)
        if out.dtype.kind != "c":  # a real result of complex values (var, norms):
            # Re(conj(partials) t), the partials being dL/dRe + i dL/dIm
            product = _xp.real(partials * tangent)
            if not tangent._data.ndim:
                return product
            return product.sum(tuple(dims), keepdim=keepdim) if dims else product
    product = partials * tangent
    if not tangent._data.ndim:
        return product
    return product.sum(tuple(dims), keepdim=keepdim) if dims else product


# ops whose ATen name (in torch's messages) is not ember's
_ATEN_NAMES = {"unique": "_unique2", "multilabel_margin_loss": "multilabel_margin_loss_forward",
               "weight_norm_interface": "_weight_norm_interface",
               "scaled_dot_product_flash_attention_for_cpu":
                   "_scaled_dot_product_flash_attention_for_cpu"}


def _torch_op_name(name: str) -> str:
    """The name torch's message gives an op: ember declares one op per argument pattern
    where torch has overloads of one (special_zeta_scalar_other is special_zeta)."""
    if name in _ATEN_NAMES:
        return _ATEN_NAMES[name]
    for suffix in ("_scalar_self", "_scalar_other", "_scalar"):
        if name.endswith(suffix):
            return name[:-len(suffix)]
    return name
