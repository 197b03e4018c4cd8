"""`ember.explain(y)`: the backward pass of `y` told as text, step by step, with numbers.

It runs `y.backward()` while recording (see `ember.viz.backprop`) and returns an
`Explanation`: a str whose repr is the text itself, so evaluating `ember.explain(y)` in a
REPL or notebook shows the walk-through, and `print` does too.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .._tensor import Tensor
from ._trace import format_value
from .backprop import BackpropTrace, Params, _record

__all__ = ["explain", "Explanation", "walkthrough"]


class Explanation(str):
    """The walk-through text; `.trace` is the recorded pass (e.g. `.trace.save("x.html")`)."""

    trace: BackpropTrace | None

    def __new__(cls, text: str, trace: BackpropTrace | None = None) -> Explanation:
        self = super().__new__(cls, text)
        self.trace = trace
        return self

    def __repr__(self) -> str:
        return str(self)

    def _repr_pretty_(self, printer, cycle: bool) -> None:  # IPython's display hook
        printer.text(str(self))


def explain(y: Tensor | Sequence[Tensor], gradient=None, retain_graph: bool | None = None,
            params: Params = None) -> Explanation:
    """Run `y.backward(gradient)` and explain each chain-rule step of it, with numbers.

    Leaves are named from `params` ({"x": x}), else by their path in the `nn.Module` that
    made the graph (`0.weight`), else from the caller's variables, else "leaf 0",
    "leaf 1"... Gradients accumulate into `.grad` exactly as `y.backward()` does.
    """
    return _record(y, gradient, retain_graph, params, depth=1).explain()


def walkthrough(trace: BackpropTrace) -> str:
    """The text of an explanation: the order, each step with its details, the result."""
    steps = trace.steps
    roots = ", ".join(s.name for s in steps if s.kind == "seed")
    count = len(steps) - len(trace.outputs)
    lines = [f"Backward pass from {roots}, output to leaves "
             f"({count} {'node' if count == 1 else 'nodes'}).",
             "Each node multiplies the gradient arriving at its output (upstream) by its local",
             "derivative and sends the product to each input (the chain rule); gradients that",
             "reach one tensor from several consumers add up.",
             "Order: " + " → ".join(trace.order), ""]
    width = len(str(len(steps) - 1))
    for step in steps:
        lines.append(f"[{step.index:>{width}}] {trace.summary(step)}")
        indent = " " * (width + 3)
        for heading, rows in trace.sections(step):
            if heading == "Result":
                continue
            if step.kind == "seed":
                break  # the summary says it all
            lines.append(f"{indent}{heading}:")
            for label, value in rows:
                lines.append(f"{indent}  {label}: {value}" if label else f"{indent}  {value}")
        lines.append("")
    lines.append("Result:")
    leaves = {n.name: n for n in trace.nodes if n.kind == "leaf"}
    for name, grad in trace.grads.items():
        relation = _as_multiple(name, leaves[name].value, grad)
        lines.append(f"  {name}.grad = {relation}{format_value(grad)}")
    if not trace.grads:
        lines.append("  no leaf received a gradient")
    return "\n".join(lines)


def _as_multiple(name: str, value: np.ndarray | None, grad: np.ndarray | None) -> str:
    """"4x = " when the gradient is exactly a constant times the leaf's value, else "".

    Only said when the leaf holds at least two different nonzero values: for a constant
    leaf every constant gradient would look proportional.
    """
    if (value is None or grad is None or value.shape != grad.shape or value.size < 2
            or not name.isidentifier()):
        return ""
    value = value.astype(np.float64)
    grad = grad.astype(np.float64)
    nonzero = value != 0
    if len(np.unique(value[nonzero])) < 2 or np.any(grad[~nonzero] != 0):
        return ""
    ratios = grad[nonzero] / value[nonzero]
    c = float(ratios[0])
    if c == 0 or not np.allclose(ratios, c, rtol=1e-6, atol=0):
        return ""
    if c in (1, -1):
        return f"{'-' if c < 0 else ''}{name} = "
    text = np.format_float_positional(c, precision=6, trim="-")
    # "4x" as on paper for a one-letter name, "0.5 * x" or "4 * weight" otherwise.
    return f"{text}{name} = " if c.is_integer() and len(name) == 1 else f"{text} * {name} = "
