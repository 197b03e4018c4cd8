"""The seed notebook in a real Jupyter kernel, with `import torch` answered by ember, plus
cells that display ember.viz graphs (of the seed example, and of a small nn model with its
module boxes): the executed notebook holds the notebook's printed outputs and SVG pictures.

The kernel is the `python3` kernel of ipykernel, run by this interpreter (a kernelspec
written to a temporary folder), so no global Jupyter install is needed. If the kernel
cannot be started the test is skipped — unless EMBER_REQUIRE_INTEGRATION is set (CI sets
it), in which case it fails.
"""

import os
import sys
from contextlib import ExitStack
from pathlib import Path

import pytest
from notebook_runner import read_cells

SRC = Path(__file__).resolve().parents[2] / "src"

SETUP = """\
import sys
import ember
sys.modules["torch"] = ember  # the notebook's `import torch` gets ember
ember.manual_seed(0)  # the last cell's random draw (1.5410) then gives a.grad = 1024"""

GRAPH_BEFORE = """\
x = torch.arange(4.0, requires_grad=True)
y = 2 * torch.dot(x, x)
g = torch.viz.graph({"y": y}, params={"x": x})
g"""

GRAPH_AFTER = """\
y.backward()
g"""

GRAPH_CONTROL_FLOW = """\
ember.viz.graph(d, params={"a": a})"""

# A model's graph: parameters named by path, a box per module (then one node per module).
GRAPH_MODEL = """\
from torch import nn
net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
logits = net(torch.randn(2, 4))
torch.viz.graph(logits)"""

GRAPH_MODEL_COLLAPSED = """\
torch.viz.graph(logits, modules="collapse")"""


def unavailable(why: str):
    if os.environ.get("EMBER_REQUIRE_INTEGRATION"):
        pytest.fail(f"Jupyter integration test could not run: {why}")
    pytest.skip(why)


def notebook():
    import nbformat

    cells = read_cells()
    code = [SETUP, *(c.code for c in cells), GRAPH_BEFORE, GRAPH_AFTER, GRAPH_CONTROL_FLOW,
            GRAPH_MODEL, GRAPH_MODEL_COLLAPSED]
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in code]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb, cells


def results(cell) -> list[dict]:
    return [o["data"] for o in cell.outputs
            if o["output_type"] in ("execute_result", "display_data")]


def test_seed_notebook_and_graphs_in_a_jupyter_kernel(tmp_path, monkeypatch):
    try:
        from ipykernel.kernelspec import write_kernel_spec
        from jupyter_client.kernelspec import KernelSpecManager
        from jupyter_client.manager import KernelManager
        from nbclient import NotebookClient
    except ImportError as error:
        unavailable(f"Jupyter packages missing ({error}); install ember's dev extras")

    # A kernelspec for this interpreter, found only by this test's spec manager.
    write_kernel_spec(str(tmp_path / "kernels" / "python3"))
    specs = KernelSpecManager(kernel_dirs=[str(tmp_path / "kernels")],
                              ensure_native_kernel=False)
    assert specs.get_kernel_spec("python3").argv[0] == sys.executable
    # The kernel imports ember from this checkout.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        [str(SRC), *filter(None, [os.environ.get("PYTHONPATH")])]))
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")

    nb, seed_cells = notebook()
    manager = KernelManager(kernel_name="python3", kernel_spec_manager=specs)
    client = NotebookClient(nb, km=manager, timeout=60, startup_timeout=60,
                            resources={"metadata": {"path": str(tmp_path)}})
    client.reset_execution_trackers()
    with ExitStack() as stack:
        try:
            stack.enter_context(client.setup_kernel())
        except Exception as error:  # no kernel: the environment, not ember
            unavailable(f"the Jupyter kernel did not start: {error!r}")
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)

    for cell in nb.cells:
        assert all(o["output_type"] != "error" for o in cell.outputs), cell.source
    # Every seed cell displays exactly what the notebook shows.
    for seed, cell in zip(seed_cells, nb.cells[1:]):
        shown = [data["text/plain"] for data in results(cell)]
        assert shown == seed.outputs, f"cell In [{seed.number}]"
    texts = [data["text/plain"] for cell in nb.cells for data in results(cell)]
    for expected in ["tensor([ 0.,  4.,  8., 12.])", "tensor([True, True, True, True])",
                     "tensor([0., 1., 4., 9.])", "tensor([1024.])"]:
        assert expected in texts
    # `y = 2 * torch.dot(x.T, x)` warns about x.T, on stderr as in the notebook.
    warning_cell = nb.cells[1 + [c.number for c in seed_cells].index(4)]
    stderr = "".join(o.get("text", "") for o in warning_cell.outputs
                     if o.get("name") == "stderr")
    assert "UserWarning" in stderr and "x.T" in stderr

    before, after, control, model, collapsed = (results(cell) for cell in nb.cells[-5:])
    for shown in (before, after, control, model, collapsed):
        assert len(shown) == 1 and "image/svg+xml" in shown[0]
        assert shown[0]["text/plain"].startswith("<ember.viz.Graph")
    svg_before, svg_after = before[0]["image/svg+xml"], after[0]["image/svg+xml"]
    for label in ("DotBackward0", "MulBackward0", "value: [0., 1., 2., 3.]", "value: 28."):
        assert label in svg_before and label in svg_after
    assert "grad:" not in svg_before
    assert "grad: [ 0.,  4.,  8., 12.]" in svg_after
    assert "grad: [1024.]" in control[0]["image/svg+xml"]
    boxes, one_per_module = model[0]["image/svg+xml"], collapsed[0]["image/svg+xml"]
    for label in ("0.weight", "2.bias", ">Sequential<", "0: Linear", "1: ReLU", "2: Linear"):
        assert label in boxes
    assert boxes.count('<g class="module"') == 4
    assert "4 module boxes" in model[0]["text/plain"]
    for label in ("0: Linear", "in_features=4, out_features=8, bias=True", "1: ReLU"):
        assert label in one_per_module
    assert "0.weight" not in one_per_module and one_per_module.count('<g class="module"') == 1
