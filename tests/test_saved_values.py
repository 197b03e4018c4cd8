"""A node keeps exactly what its op declares in `saves`: one entry per declared index, for
every sample of every op (an op saving a leading run of its inputs, saves=(0, 1) on a
three-input op, once kept all three)."""

from __future__ import annotations

import pytest

from ember.autograd.node import JointNode
from ember.ops import OPS
from ember.ops._registry import OUT
from tests.gradcheck_util import run, to_tensors
from tests.test_op_table import _all_cases

CASES = [pytest.param(name, sample, id=f"{name}-{i}") for name, i, sample in _all_cases()
         if OPS[name].saves]


@pytest.mark.parametrize("name, sample", CASES)
def test_a_node_keeps_one_value_per_declared_save(name, sample):
    result = run(sample, to_tensors(sample, requires_grad=True))
    out = result[0] if isinstance(result, tuple) else result
    node = getattr(out, "grad_fn", None)
    if node is None or getattr(node, "op", None) is not OPS[name]:
        pytest.skip("the sample's result is not this op's own output")
    expected = len(OPS[name].saves)
    if isinstance(node, JointNode) and OPS[name].saves == (OUT,):
        expected = node.num_outputs  # every output of the call (linalg_svd's U, S, Vh)
    assert len(node._saved) == expected
