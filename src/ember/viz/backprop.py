"""`ember.viz.backprop(y)`: run a backward pass while recording it, to step through it.

The returned `BackpropTrace` holds the graph, the steps in the engine's order, and for each
step what a reader needs: the upstream gradient (and its parts when several consumers
contributed), the op's local derivative rule from the op table, and what was sent to each
input. It renders as a self-contained HTML page with previous/next controls
(`to_html`, `save`, Jupyter display) and as text (`ember.explain`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from .._tensor import Tensor
from ..autograd.backward import backward as _backward
from ._trace import (
    Contribution,
    GraphNode,
    Part,
    Step,
    TraceData,
    caller_names,
    format_value,
    record,
    user_frame,
)
from .modules import scopes_of

__all__ = ["backprop", "BackpropTrace"]

NO_GRADIENT = "nothing (a constant, or a tensor that does not require grad)"

Params = Mapping[str, Tensor] | Iterable[tuple[str, Tensor]] | None


class BackpropTrace:
    """A recorded backward pass: `.nodes`, `.edges`, `.steps`, `.grads`, and renderings."""

    def __init__(self, data: TraceData, seeded: list[bool]) -> None:
        self.nodes: list[GraphNode] = data.nodes
        self.edges = data.edges
        self.steps: list[Step] = data.steps
        self.outputs: list[int] = data.outputs
        self._seed_given = seeded

    # ------------------------------------------------------------------ summaries
    @property
    def order(self) -> list[str]:
        """The nodes in the order the engine processed them (the seed excluded)."""
        return [s.name for s in self.steps if s.kind != "seed"]

    @property
    def grads(self) -> dict[str, np.ndarray]:
        """Each leaf reached by the pass, by name: its `.grad` after the pass."""
        return {s.name: s.after for s in self.steps if s.kind == "leaf"}

    def summary(self, step: Step) -> str:
        """One line saying what happened in a step, with its numbers."""
        if step.kind == "seed":
            value = format_value(step.upstream[0])
            if self._seed_given[self.outputs.index(step.node)]:
                return f"start at {step.name} with the given gradient {value}"
            return f"start at {step.name}: {_self_derivative(step.name)} = {value}"
        incoming = self._incoming(step)
        if step.kind == "leaf":
            got = "accumulates" if len(step.parts[0]) > 1 else "receives"
            total = f"{step.name}.grad = "
            if step.before is not None:
                total += f"{format_value(step.before)} + {format_value(step.upstream[0])} = "
            return f"{step.name} {got} {incoming}; {total}{format_value(step.after)}"
        sent = [f"{format_value(c.value)} to {self.nodes[c.target].display}"
                for c in step.sent if c.target is not None and c.value is not None]
        sends = "sends " + ", ".join(sent) if sent else "sends nothing"
        return f"{step.name}: upstream {incoming} → {sends}"

    def _incoming(self, step: Step) -> str:
        texts = []
        for parts, total in zip(step.parts, step.upstream):
            if len(parts) > 1:
                texts.append(" + ".join(format_value(p.value) for p in parts)
                             + f" = {format_value(total)}")
            else:
                texts.append(format_value(total))
        return ", ".join(texts)

    def sections(self, step: Step) -> list[tuple[str, list[tuple[str, str]]]]:
        """The details of a step as (heading, [(label, value)]) sections."""
        if step.kind == "seed":
            name = step.name
            label = "given gradient" if self._seed_given[self.outputs.index(step.node)] \
                else _self_derivative(name)
            out = [("Seed gradient", [(label, format_value(step.upstream[0]))])]
        elif step.kind == "leaf":
            out = [("Incoming gradient", self._part_rows(step, 0)),
                   (f"{step.name}.grad", [("before", format_value(step.before)),
                                          ("after", format_value(step.after))])]
        else:
            upstream = []
            for nr in range(len(step.upstream)):
                rows = self._part_rows(step, nr)
                if len(step.upstream) > 1:
                    rows = [(f"output {nr}: {label}", value) for label, value in rows]
                upstream += rows
            out = [("Upstream gradient", upstream),
                   ("Local derivative rule", [(step.op, step.formula or "(none declared)")]),
                   ("Sent to each input (upstream × local derivative)",
                    [self._sent_row(c) for c in step.sent])]
        if step is self.steps[-1]:
            out.append(("Result", [(f"{name}.grad", format_value(value))
                                   for name, value in self.grads.items()]))
        return out

    def _part_rows(self, step: Step, nr: int) -> list[tuple[str, str]]:
        parts: list[Part] = step.parts[nr]
        total = step.upstream[nr]
        rows = [(f"from {self._source(p)}", format_value(p.value)) for p in parts]
        if len(parts) > 1:
            rows.append(("sum", format_value(total)))
        summed = sum(p.value for p in parts) if parts else None
        if total is not None and summed is not None and not np.allclose(summed, total):
            rows.append(("after hooks", format_value(total)))
        if not parts:
            rows.append(("arrived", format_value(total)))
        return rows

    def _source(self, part: Part) -> str:
        if part.source is None:
            return "the seed"
        node = self.nodes[part.source]
        if node.kind == "output":
            return f"the seed at {node.name}"
        return f"{node.display}, input {part.slot}"

    def _sent_row(self, c: Contribution) -> tuple[str, str]:
        if c.target is None:
            return (f"input {c.slot}", NO_GRADIENT)
        return (f"input {c.slot} → {self.nodes[c.target].display}", format_value(c.value))

    # ------------------------------------------------------------------ renderings
    def to_html(self) -> str:
        """One self-contained HTML document (inline CSS and JS, no network)."""
        from .html import render_page

        return render_page(self, standalone=True)

    def _repr_html_(self) -> str:
        from .html import render_page

        return render_page(self, standalone=False)

    def save(self, path: str | os.PathLike) -> str:
        """Write the step-through page to `path` (".html" is added when missing)."""
        path = os.fspath(path)
        if not path.lower().endswith((".html", ".htm")):
            path += ".html"
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.to_html())
        return path

    def explain(self) -> str:
        """The text walk-through (what `ember.explain` returns)."""
        from .explain import Explanation, walkthrough

        return Explanation(walkthrough(self), self)

    def __repr__(self) -> str:
        order = " → ".join(self.order)
        return f"BackpropTrace({len(self.steps)} steps: {order})"


def _self_derivative(name: str) -> str:
    """dy/dy, written so that a name with spaces stays readable: d(output 0)/d(output 0)."""
    if not name.isidentifier() or name == "output":  # "output": no variable name was found
        name = f"({name})"
    return f"d{name}/d{name}"


def _seeds(outputs: list[Tensor], gradient) -> tuple[list[np.ndarray], list[bool]]:
    """The gradient each output starts with, as backward will use it (checked there)."""
    if gradient is None:
        grads: Sequence = [None] * len(outputs)
    elif isinstance(gradient, Tensor) or len(outputs) == 1:
        grads = [gradient]
    else:
        grads = list(gradient)
    seeds, given = [], []
    for out, g in zip(outputs, grads):
        if g is None:
            seeds.append(np.ones_like(out._data))
        else:
            data = g._data if isinstance(g, Tensor) else np.asarray(g)
            seeds.append(np.array(data, dtype=out._data.dtype, copy=True))
        given.append(g is not None)
    return seeds, given


def backprop(y: Tensor | Sequence[Tensor], gradient=None, retain_graph: bool | None = None,
             params: Params = None) -> BackpropTrace:
    """Run `y.backward(gradient, retain_graph)` while recording every step of it.

    Leaves are named from `params` (a dict or `named_parameters()`-style pairs), else by
    their path in the `nn.Module` that made the graph (`0.weight`), else from the caller's
    variables when one holds them, else "leaf 0", "leaf 1"... Ops made inside a module
    call say which (`AddmmBackward0 (in 0: Linear)`).
    """
    return _record(y, gradient, retain_graph, params, depth=1)


def _record(y, gradient, retain_graph, params, depth: int) -> BackpropTrace:
    outputs = [y] if isinstance(y, Tensor) else list(y)
    for i, out in enumerate(outputs):
        if not isinstance(out, Tensor):
            raise TypeError(f"backprop expects tensors, got {type(out).__name__} as output {i}")
    scopes = scopes_of(outputs)
    frame = user_frame(depth + 1)
    try:
        named = [*_params(params), *scopes.named(), *caller_names(frame)]
    finally:
        del frame  # a frame reference would keep the caller's locals alive
    names = [_output_name(out, named, i, len(outputs)) for i, out in enumerate(outputs)]
    seeds, given = _seeds(outputs, gradient)

    def run() -> None:
        _backward(outputs, gradient, retain_graph=retain_graph)

    try:
        return BackpropTrace(record(outputs, seeds, run, names, named, scopes), given)
    finally:
        scopes.release()


def _params(params: Params) -> list[tuple[str, Tensor]]:
    if params is None:
        return []
    items = params.items() if isinstance(params, Mapping) else params
    return [(str(name), t) for name, t in items if isinstance(t, Tensor)]


def _output_name(out: Tensor, named: list, i: int, count: int) -> str:
    for name, t in named:
        if t is out:
            return name
    return "output" if count == 1 else f"output {i}"
