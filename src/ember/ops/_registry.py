"""How an operation is declared: the op table.

An op is declared once, as its NumPy forward function decorated with `@declare(...)`,
followed by its backward written in ember operations:

    @declare("exp", grad_fn="ExpBackward0", saves=(OUT,), dtype=FLOAT,
             formula="d/dx exp(x) = exp(x)")
    def exp(x):
        return np.exp(x)

    @exp.backward
    def _(ctx, grad):
        (out,) = ctx.saved
        return (grad * out,)

The forward receives NumPy arrays (inputs) followed by the op's non-tensor parameters.
An input given as a Python number may arrive as the number itself (NumPy 2 treats it as
"weak", keeping the array's dtype, as torch does), so a forward must not compute on a
number input alone.
The backward receives the graph node (`ctx.saved`, `ctx.params`) and the gradient with
respect to the output, and returns one gradient per input (None where there is none),
each in the *output's* shape: the engine reduces broadcasting (see `sum_to`).
Because backward formulas are ember operations, they can themselves be differentiated.

The public functions, methods, operators and in-place variants are installed from these
declarations by `ember._bind`, and the op tests are generated from `OPS`.
"""

from __future__ import annotations

from collections.abc import Callable

from .._ufunc_like import is_ufunc_like
from ..autograd.node import checking_saved, node_class, pruning, pruning_passes

__all__ = ["Op", "declare", "allow_complex", "public", "needs_grad", "recorded_as", "API",
           "OPS", "OUT", "SAME", "FLOAT", "PROMOTE", "PROMOTE_FLOAT", "COMPARE"]

OUT = "out"  # in `saves`: the op's own output

# dtype rules: how the output dtype follows from the inputs (torch's rules)
SAME = "same"                    # whatever NumPy computes on the input's dtype
FLOAT = "float"                  # integer/bool inputs are first cast to the default float dtype
PROMOTE = "promote"              # inputs are cast to torch's promoted type
PROMOTE_FLOAT = "promote_float"  # as PROMOTE, but integer results become the default float
COMPARE = "compare"              # as PROMOTE for computing; the result is bool

OPS: dict[str, Op] = {}

# Modules whose backward formulas are written for Tensors only (they call Tensor methods):
# the engine wraps gradients as Tensors for them. Every module of ember.ops is written
# against ops/_xp.py now; a new module may start here (tests/test_formula_modes.py lists
# what is here and checks the names).
TENSOR_FORMULA_MODULES: set[str] = set()


class Op:
    """One operation: NumPy forward, ember backward, and what it saves for the backward."""

    __slots__ = ("name", "forward", "backward_fn", "grad_fn_name", "saves", "formula",
                 "dtype_rule", "broadcasts", "view", "differentiable", "node_class",
                 "tangent_fn", "doc", "save_if", "saves_all_inputs", "formula_takes_arrays",
                 "fast_apply", "grad_not_implemented", "inplace_node_class", "number_in_float32",
                 "spends_saved", "saved_params", "layout_operands", "out_apart", "pack_order",
                 "edges", "complex_ok", "complex_forward")

    def __init__(self, name: str, forward: Callable, *, grad_fn: str | None, saves: tuple,
                 formula: str, dtype: str, broadcasts: bool, view: bool,
                 save_if: dict | None = None, grad_not_implemented: str | None = None,
                 inplace_grad_fn: str | None = None, number_in_float32: bool = False,
                 saves_params: dict | None = None, out_apart: bool = False,
                 edges: tuple[int, ...] | None = None) -> None:
        self.name = name
        self.forward = forward
        self.backward_fn: Callable | None = None
        self.formula_takes_arrays = False
        self.spends_saved = False
        self.fast_apply: Callable | None = None  # set by ember._bind (_dispatch.make_fast_apply)
        self.grad_fn_name = grad_fn
        self.saves = saves
        # The order in which saved_tensors_hooks' pack_hook sees the saved values (positions
        # in `saves`), where torch's differs: torch packs them sorted by its argument
        # names, so `other` before `self` (mul, div...) and `mat2` before `self` (mm).
        self.pack_order: tuple | None = None
        self.formula = formula
        self.dtype_rule = dtype
        self.broadcasts = broadcasts
        self.view = view
        self.differentiable = grad_fn is not None
        self.node_class = node_class(grad_fn) if grad_fn else None
        self.tangent_fn: Callable | None = None
        self.doc = forward.__doc__
        self.save_if = save_if
        # An op saving exactly its inputs, in order, can keep the inputs tuple itself.
        self.saves_all_inputs = bool(saves) and saves == tuple(range(len(saves)))
        # torch records some ops it cannot differentiate (floor_divide, heaviside) with a
        # node named NotImplemented whose backward raises: the op stays non-differentiable
        # for ember's own machinery, but its float results require grad as in torch. A
        # gradient kernel torch does not differentiate (_cdist_backward) keeps its own name.
        self.grad_not_implemented = grad_not_implemented
        if grad_not_implemented is not None:
            self.node_class = node_class(grad_fn or "NotImplemented")
            self.differentiable = False
            self.backward_fn = _raise_not_implemented
            self.formula_takes_arrays = True
        # The node class its in-place form records (torch names fill_'s node FillBackward2,
        # fill's FillBackward0), or None when both forms share one name.
        self.inplace_node_class = None if inplace_grad_fn is None else node_class(
            inplace_grad_fn)
        # torch computes a float16 tensor with a number second (or a 0-d tensor of another
        # dtype) in float32 and rounds once: mul, div (_dispatch._number_in_float32).
        self.number_in_float32 = number_in_float32
        # The params torch keeps as saved tensors (indices, masks), each with the inputs
        # whose gradients use it: a node that kept one holds saved values, which backward
        # frees, and its formula refuses to run after that (a second backward raises).
        self.saved_params = saves_params
        # For an elementwise op, its operands in the order torch's TensorIterator reads
        # them, which lays out its result (ops/_result_layout.py); None: NumPy's layout.
        self.layout_operands: Callable | None = None
        # The result is saved as a copy with a version counter of its own (see declare).
        self.out_apart = out_apart
        # The inputs torch's node has edges to (see declare); None: every input.
        self.edges = edges
        # Whether the forward and backward are written for complex inputs too (set by
        # ops/complex_support.py); other ops refuse complex tensors (_dispatch._apply)
        # rather than compute something torch would not.
        self.complex_ok = False
        # A forward for complex arrays where the NumPy function's values differ from
        # torch's (signed zeros, inf and nan parts); None: `forward` serves. The fast paths
        # take float tensors only, so only _dispatch._apply reads it.
        self.complex_forward: Callable | None = None

    def backward(self, fn: Callable, *, spends_saved: bool = False) -> Callable:
        """Decorator: attach the backward formula (ctx, grad) -> tuple of input gradients.

        The formula is written against the array namespace of ops/_xp.py, so that it runs
        on NumPy arrays as well as on Tensors, unless its module is still listed in
        TENSOR_FORMULA_MODULES (then the engine always hands it Tensors).

        spends_saved: the op saves one value, and its formula's last use of it is an _xp
        function that may then write its result into it (`_xp.spare`: sin's cos(x) into x's
        memory, when the pass frees the value right after and nothing else can reach it).
        """
        # (formulas reading indices from params make torch's checks of saved tensors first)
        self.backward_fn = checking_saved(fn) if self.saved_params else fn
        self.spends_saved = spends_saved
        self.formula_takes_arrays = fn.__module__ not in TENSOR_FORMULA_MODULES
        return fn

    def tangent(self, fn: Callable) -> Callable:
        """Decorator: attach the forward-mode rule (ctx, *input_tangents) -> output tangent."""
        self.tangent_fn = fn
        return fn

    def __repr__(self) -> str:
        return f"<op {self.name} ({self.grad_fn_name})>"


def _raise_not_implemented(ctx, g):
    name = ctx.op.grad_not_implemented
    if ctx.op.grad_fn_name is not None:  # a named kernel's node (CdistBackwardBackward0)
        raise NotImplementedError(f"the derivative for '{name}' is not implemented.")
    raise RuntimeError(f"derivative for {name} is not implemented")


def declare(name: str, *, grad_fn: str | None = None, saves: tuple = (), formula: str = "",
            dtype: str = SAME, broadcasts: bool = False, view: bool = False,
            save_if: dict | None = None, grad_not_implemented: str | None = None,
            inplace_grad_fn: str | None = None, number_in_float32: bool = False,
            saves_params: dict | None = None, out_apart: bool = False,
            edges: tuple[int, ...] | None = None, complex_ok: bool = False):
    """Declare an op from its NumPy forward function; see the module docstring.

    `complex_ok`: the forward and the backward are written for complex values too (the
    backward with torch's convention: the gradient of a real loss L is dL/dRe + i dL/dIm,
    so a holomorphic f passes grad * conj(f')); other ops refuse complex inputs with a
    NotImplementedError (`allow_complex` marks ops declared elsewhere).

    `save_if` maps a saved input to the inputs whose gradients use it: it is saved only if
    one of those requires grad (as torch does), so `y * 2` does not keep `y`, and a later
    in-place change to `y` does not spoil the backward.

    `grad_not_implemented` (torch's op name, "aten::floor_divide") records a float result
    with a NotImplemented node whose backward raises, as torch does.

    `inplace_grad_fn` is the grad_fn name when the op is recorded by its in-place method,
    where torch's differs (FillBackward2 for fill_, AsinhBackward1 for asinh_).

    `number_in_float32`: a float16 tensor with a Python number as second operand (or a 0-d
    tensor of another dtype) computes in float32, the number converted once to float32,
    and rounds the result once to float16, as torch's mul and div kernels do ("opmath").
    `saves_params` maps a param that torch keeps as a saved tensor (the index of gather,
    the mask of where, sort's indices) to the inputs whose gradients use it, as `save_if`
    does: torch saves it only when one of those requires grad. A node that kept one is freed
    by backward like any node that saved something, so a second backward through it raises
    torch's error (its formula is wrapped in the checks: `autograd.node.checking_saved`).

    `out_apart`: the saved result (OUT) is a copy, with a version counter of its own, where
    torch's kernel saves values the caller never sees (a GRU saves each step's state, not
    the stacked output it returns): writing into the result, in place or by a view,
    leaves the backward alone, as in torch.

    `edges`: the inputs torch's node links to in `next_functions`, where some tensor inputs
    are constants torch does not differentiate (nll_loss's target and class weights: its
    node has one edge, ember's op three inputs). None: every input.
    """

    def register(forward: Callable) -> Op:
        if name in OPS:
            raise ValueError(f"op {name!r} is declared twice")
        op = Op(name, forward, grad_fn=grad_fn, saves=saves, formula=formula, dtype=dtype,
                broadcasts=broadcasts, view=view, save_if=save_if,
                grad_not_implemented=grad_not_implemented, inplace_grad_fn=inplace_grad_fn,
                number_in_float32=number_in_float32, saves_params=saves_params,
                out_apart=out_apart, edges=edges)
        op.complex_ok = complex_ok
        OPS[name] = op
        return op

    return register


def allow_complex(*names: str) -> None:
    """Mark ops of the table as written for complex values (see `declare`'s complex_ok):
    ops whose formulas are right for complex values as they stand (linear maps with real
    coefficients: shape ops, indexing, sums), declared in modules that know nothing of
    complex numbers."""
    for name in names:
        OPS[name].complex_ok = True


def recorded_as(tensor, grad_fn: str):
    """`tensor`, its node shown under torch's grad_fn name for this call form (var_mean's
    outputs are VarMeanBackward0, squeeze with a tuple SqueezeBackward2): the same op and
    formula, another Node class. Returns the tensor."""
    node = tensor.grad_fn
    if node is not None and getattr(node, "op", None) is not None:
        node.__class__ = node_class(grad_fn)
    return tensor


def needs_grad(ctx, i: int) -> bool:
    """Whether input i of a node wants a gradient (a backward skips computing it if not).
    As torch's engine, a pass that computes only some gradients asks for those of inputs
    that lead to a requested one (so a formula that raises for an input nobody asked
    about, `addcdiv`'s integer divisor, does not)."""
    child = ctx._next_nodes[i]
    if child is None:
        return False
    if not pruning_passes[0]:
        return True
    needed = pruning.needed
    # Only nodes the pass runs are pruned: a node whose formula another node calls (the
    # in-place op's node inside a CopySlices) or a forward-mode context (its inputs marked
    # True) is not among the needed nodes, and asks for every gradient as before.
    return needed is None or child in needed or ctx not in needed


class Exposed:
    """A public function and the names it is installed under (see `ember._bind`)."""

    __slots__ = ("function", "name", "method", "inplace", "operators", "in_namespace",
                 "ufunc_op", "alpha_sign")

    def __init__(self, function: Callable, name: str, method: str | None, inplace: str | None,
                 operators: tuple[str, ...], in_namespace: bool, ufunc_op: Op | None,
                 alpha_sign: int | None = None) -> None:
        self.function = function
        self.name = name
        self.method = method
        self.inplace = inplace
        self.operators = operators
        self.in_namespace = in_namespace
        self.ufunc_op = ufunc_op
        self.alpha_sign = alpha_sign


API: list[Exposed] = []


def public(*, name: str | None = None, method: bool | str = True, inplace: bool | str = False,
           operators: tuple[str, ...] = (), function: bool = True, ufunc_op: Op | None = None,
           alpha_sign: int | None = None):
    """Decorator for a public function of the torch namespace taking a tensor first.

    `method` also installs it as a Tensor method (under another name if a string),
    `inplace` derives the in-place method (`add_`), `operators` lists dunder names.
    `ufunc_op` names the op the function applies, alone, when called with positional
    arguments only on float operands of one dtype (tensors, or Python numbers beside a
    tensor), if that op's forward is a NumPy ufunc: the in-place method may then write
    straight into the tensor with the ufunc's `out=` when nothing is recorded
    (`_dispatch.ufunc_inplace`), instead of computing a new array and copying it in, and
    the method and operators go straight to the op's fast path in that case
    (`_dispatch.make_direct_method`).
    `alpha_sign` (add: 1, sub: -1) says the function computes `input + alpha_sign * alpha *
    other` for an `alpha` keyword, so `p.add_(g, alpha=-lr)` can be written in place too
    (`_dispatch.scaled_add_inplace`).
    """
    if ufunc_op is not None and not is_ufunc_like(ufunc_op.forward):
        raise TypeError(f"{ufunc_op!r}: ufunc_op needs an op whose forward is a NumPy ufunc")

    def register(fn: Callable) -> Callable:
        fn_name = name or fn.__name__
        method_name = fn_name if method is True else (method or None)
        inplace_name = f"{fn_name}_" if inplace is True else (inplace or None)
        API.append(Exposed(fn, fn_name, method_name, inplace_name, operators, function,
                           ufunc_op, alpha_sign))
        return fn

    return register


def pack_other_first(*names: str) -> None:
    """Ops whose two saved operands torch packs second first (`other` or `mat2` sorts
    before `self`); a third saved value (an input or the output) stays last."""
    for name in names:
        op = OPS[name]
        op.pack_order = (1, 0, *range(2, len(op.saves)))
