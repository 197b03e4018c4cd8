"""ember.viz: see what autograd does.

    g = ember.viz.graph(y)          # the computational graph that produced y
    g                               # in Jupyter: the picture (SVG, pure Python)
    g.save("graph.svg")             # or .dot; .png with Graphviz or cairosvg
    print(g.to_dot())               # Graphviz DOT text
    ember.viz.graph(model(x))       # parameters named by path, a box per module call;
                                    # modules="collapse": one node per module

Values are captured when the graph is built; gradients are read whenever it is drawn, so
the same object shows `.grad` after a later `backward()`.
"""

# The computational graph (graph.py, layout.py, svg.py, dot.py, render.py).
from .graph import Graph, GraphEdge, GraphNode, ModuleBox, graph  # noqa: I001

# --- backward-pass views (ember.viz.backprop, ember.explain) --------------------------
# Added by the step-through/explain work; keep these imports in this block.
from .backprop import backprop
from .explain import explain
# --- end of backward-pass views --------------------------------------------------------

__all__ = ["graph", "Graph", "GraphNode", "GraphEdge", "ModuleBox", "backprop", "explain"]
