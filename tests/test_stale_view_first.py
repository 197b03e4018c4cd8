"""torch's autograd reads an input's history when a differentiable op runs, before the op
checks its arguments: one of split's outputs whose base was written in place since is
refused then, before a dim out of range, a bad shape or an index out of range
(autograd.node.history_first; x[index] as torch reads an index, item by item). The
outcomes below were read off torch 2.13."""

from __future__ import annotations

import pytest

import ember as torch

REFUSED = "is a view and its base or another view of its base has been modified inplace"


def _stale_split_output():
    t3 = torch.zeros((2, 3, 2), dtype=torch.float64, requires_grad=True).cumsum(-1)
    t5 = torch.split(t3, 1, 2)[0]  # (2, 3, 1)
    t3.mul_(2)
    return t5


# refused before the op's own error
FIRST = [
    "t5.view(5)", "t5.transpose(0, 5)", "t5.t()", "t5.permute(0, 0, 1)", "t5.squeeze(5)",
    "t5.unsqueeze(9)", "t5.diagonal(0, 0, 9)", "t5.expand(5, 5)", "t5.select(0, 7)",
    "t5.select(9, 0)", "t5.unfold(0, 9, 1)", "t5.sum(5)", "t5.mean(5)", "t5.amax(5)",
    "t5.max(5)", "t5.softmax(5)", "t5.cumsum(5)", "torch.cat([t5, torch.ones(3, 3)])",
    "torch.stack([t5, torch.ones(3)])", "t5.mm(torch.ones(3, 3))", "t5 @ torch.ones(3)",
    "t5.index_select(0, torch.tensor([9]))", "t5.gather(0, torch.tensor([[[9]]]))",
    "t5.split(0)", "t5.unbind(9)", "t5.repeat(2)", "t5.flip(9)", "t5.roll(1, 9)",
    "t5.norm(dim=9)", "t5.view_as(torch.ones(5))", "t5.expand_as(torch.ones(5))",
    "t5.index_fill(0, torch.tensor([9]), 1.)", "t5.scatter(0, torch.tensor([[[9]]]), 1.0)",
    "t5.take(torch.tensor([99]))", "t5.var(9)", "t5.std(9)", "t5.logsumexp(9)", "t5.prod(9)",
    "t5.sort(9)", "t5.topk(9)", "t5.kthvalue(9)", "t5.cummax(9)", "t5.trace()",
    "t5.dot(torch.ones(2))",
    # an index: an op runs on the view before the failing item is read
    "t5[1, 5]", "t5[1:, 5]", "t5[None, 9]", "t5[True, 9]", "t5[torch.tensor([9])]",
    "t5[:, torch.tensor([9])]", "t5[1:, ::0]", "t5[1:, 1.5]",
]
# composite in torch (it checks first), or the index fails before any op runs
AFTER = {
    "t5.narrow(0, 0, 5)": RuntimeError, "t5.flatten(0, 9)": IndexError,
    "t5.unflatten(0, (3, 3))": RuntimeError, "t5.movedim(0, 9)": IndexError,
    "t5.diag()": RuntimeError, "t5.outer(torch.ones(2))": RuntimeError,
    "t5[5]": IndexError, "t5[..., 5]": IndexError, "t5[:, :, 7]": IndexError,
    "t5[0, 1, 2, 0]": IndexError, "t5[torch.tensor([0]), 9]": IndexError,
    "t5[::0]": ValueError, "t5[0:5, 7]": IndexError, "t5[1.5]": IndexError,
}


@pytest.mark.parametrize("expression", FIRST)
def test_the_stale_view_is_refused_before_the_ops_own_errors(expression):
    t5 = _stale_split_output()
    with pytest.raises(RuntimeError, match=REFUSED):
        eval(expression, {"t5": t5, "torch": torch})


@pytest.mark.parametrize("expression", sorted(AFTER))
def test_errors_torch_raises_before_any_op_runs_come_first(expression):
    t5 = _stale_split_output()
    with pytest.raises(AFTER[expression]) as caught:
        eval(expression, {"t5": t5, "torch": torch})
    assert REFUSED not in str(caught.value)


def test_without_grad_mode_nothing_is_refused():
    t5 = _stale_split_output()
    with torch.no_grad():
        with pytest.raises(IndexError):
            t5[1:, 5]
        assert t5.sum(0).shape == (3, 1)
