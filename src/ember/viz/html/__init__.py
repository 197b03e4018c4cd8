"""The backprop step-through as HTML: one self-contained page, or a notebook fragment.

The page is the graph drawing (inline SVG), the step data (JSON in a non-executed script
element), and the stylesheet and script read from `page.css` and `page.js` beside this
file and inlined, so the result needs no network and no other file.
"""

from __future__ import annotations

import itertools
import json
import os
from html import escape
from importlib import resources
from typing import TYPE_CHECKING

from .._trace import Step, short_value
from .drawing import draw_graph

if TYPE_CHECKING:
    from ..backprop import BackpropTrace

__all__ = ["render_page"]

_ids = itertools.count()


def _asset(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def _title(step: Step) -> str:
    if step.kind == "seed":
        return f"Start at {step.name}"
    if step.kind == "leaf":
        return f"{step.name}: accumulate into {step.name}.grad"
    return f"{step.name}: backward of {step.op}"


def _edges_of(trace: BackpropTrace, step: Step, where: dict) -> list[list]:
    """The edges a step's gradient travels, each with the gradient it carries."""
    if step.kind == "seed":
        return [[k, short_value(step.upstream[0])] for (_, dst, _), k in where.items()
                if dst == step.node]
    if step.kind == "leaf":
        return [[where[(step.node, p.source, p.slot)], short_value(p.value)]
                for p in step.parts[0] if (step.node, p.source, p.slot) in where]
    found = []
    for c in step.sent:
        key = (c.target, step.node, c.slot)
        if c.value is not None and key in where:
            found.append([where[key], short_value(c.value)])
    return found


def _mark(step: Step) -> str:
    """The gradient written on a node once the pass has reached it."""
    if step.kind == "leaf":
        return f".grad {short_value(step.after, 22)}"
    return f"grad {short_value(step.upstream[0], 22)}"


def step_data(trace: BackpropTrace) -> list[dict]:
    where = {(e.src, e.dst, e.slot): k for k, e in enumerate(trace.edges)}
    return [{"node": s.node, "kind": s.kind, "title": _title(s),
             "summary": trace.summary(s), "sections": trace.sections(s),
             "edges": _edges_of(trace, s, where), "mark": _mark(s)} for s in trace.steps]


def _json_for_script(value) -> str:
    # "<" escaped as \u003c: the JSON can never close its <script> element early.
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def render_fragment(trace: BackpropTrace, whole_page: bool) -> str:
    uid = f"ebp{os.getpid():x}x{next(_ids)}"
    roots = ", ".join(trace.nodes[i].name for i in trace.outputs)
    data = {"steps": step_data(trace)}
    return (
        f'<div class="ember-backprop" id="{uid}" tabindex="0" '
        f'data-page="{1 if whole_page else 0}">'
        '<div class="ebp-bar">'
        f"<h2>Backpropagation from {escape(roots)}</h2>"
        '<button type="button" class="ebp-prev" aria-label="previous step">◀ Previous</button>'
        '<span class="ebp-counter" aria-live="polite"></span>'
        '<button type="button" class="ebp-next" aria-label="next step">Next ▶</button>'
        '<span class="ebp-hint">or the ← → keys</span></div>'
        '<div class="ebp-body">'
        f'<div class="ebp-canvas">{draw_graph(trace.nodes, trace.edges, uid)}</div>'
        '<div class="ebp-detail"><h3 class="ebp-title"></h3><p class="ebp-summary"></p>'
        '<div class="ebp-sections"></div></div></div>'
        f'<script type="application/json" class="ebp-data">{_json_for_script(data)}</script>'
        "</div>"
    )


def render_page(trace: BackpropTrace, standalone: bool) -> str:
    """A whole HTML document (standalone) or a fragment for a notebook output."""
    css, js = _asset("page.css"), _asset("page.js")
    body = render_fragment(trace, whole_page=standalone)
    if not standalone:
        return f"<style>{css}</style>{body}<script>{js}</script>"
    roots = ", ".join(trace.nodes[i].name for i in trace.outputs)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        # An empty icon: without one a browser asks the server for /favicon.ico.
        '<link rel="icon" href="data:,">'
        f"<title>Backpropagation from {escape(roots)} · ember</title>"
        f"<style>body {{ margin: 16px; background: #f6f8fa; }}\n{css}</style></head>\n"
        f"<body>\n{body}\n<script>{js}</script>\n</body></html>\n"
    )
