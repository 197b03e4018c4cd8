"""Differences between ember and torch 2.13 in nn modules and nn.functional found by the
randomised differential fuzzer ``scripts/fuzz_nn.py`` (random hyperparameters, shapes and
invalid configurations run under both libraries), recorded from torch 2.13. Each case failed
on ember before its fix.

Ids start with ``nnfuzz_``.
"""

from __future__ import annotations

_SHOW = '''\
F = torch.nn.functional
def show(label, fn):
    try:
        r = fn()
    except Exception as e:
        print(label, type(e).__name__, str(e).split(chr(10))[0])
        return
    for t in (r if isinstance(r, tuple) else (r,)):
        if isinstance(t, torch.Tensor):
            print(label, t.dtype, list(t.shape), t.tolist(),
                  type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        else:
            print(label, type(t).__name__, t)
'''


def _case(name: str, body: str) -> tuple[str, str]:
    return f"nnfuzz_{name}", _SHOW + body


CASES = [
    # indices past include_last_offset's last offset belong to no bag (they went to bag 0)
    _case("embedding_bag_past_last_offset", """
w = torch.arange(10.).reshape(5, 2).requires_grad_()
i = torch.tensor([0, 1, 2, 3, 4, 0, 1, 2])
for offsets in ([0, 6, 7], [0, 5], [0, 5, 5], [0, 3, 8]):
    show(offsets, lambda: F.embedding_bag(i, w, torch.tensor(offsets), mode='sum',
                                          include_last_offset=True))
    show(offsets, lambda: F.embedding_bag(i, w, torch.tensor(offsets), mode='sum',
                                          include_last_offset=True,
                                          per_sample_weights=torch.arange(8.)))
"""),
]
