"""Differences between ember and torch 2.13 in nn modules and nn.functional found by the
second round of randomised differential fuzzing (``scripts/fuzz_nn_round2.py``: bad calls of
modules, non-contiguous and channels_last inputs, reprs, padding modules, CTC and functional
losses, functional normalisation, transformer stacks, grid sampling, unpooling), recorded
from torch 2.13. Each case failed on ember before its fix.

Ids start with ``nnfuzz2_``.
"""

from __future__ import annotations

_SHOW = '''\
F = torch.nn.functional
nn = torch.nn
def show(label, fn):
    try:
        r = fn()
    except Exception as e:
        print(label, type(e).__name__, str(e))
        return
    for t in (r if isinstance(r, tuple) else (r,)):
        if isinstance(t, torch.Tensor):
            print(label, t.dtype, list(t.shape), [round(v, 6) for v in t.detach().double().flatten().tolist()],
                  type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        else:
            print(label, type(t).__name__, t)
'''


def _case(name: str, body: str) -> tuple[str, str]:
    return f"nnfuzz2_{name}", _SHOW + body


CASES = [
    # batch norm of a channels-last float64 input with one sample: its statistics were
    # computed in place in the input's own memory (a transposed view that was already
    # C-ordered), so the output, and the input itself, were wrong
    _case("batch_norm_channels_last_input_untouched", """
x = torch.arange(60, dtype=torch.float64).reshape(1, 4, 5, 3).sin()
y = x.to(memory_format=torch.channels_last)
m = nn.BatchNorm2d(4).double()
show('train', lambda: m(y)[0, :, 0, 0])
show('input kept', lambda: y[0, :, 0, 0])
print(torch.equal(x, y), [round(v, 6) for v in m.running_mean.tolist()])
m.eval()
show('eval', lambda: m(y)[0, :, 1, 2])
show('functional', lambda: F.batch_norm(y, None, None, training=True)[0, 1, :, 0])
"""),
    # conv1d/2d/3d have two signatures (padding as ints or as a string): a call matching
    # neither is torch's "invalid combination of arguments" listing both, not the
    # one-signature "argument 'input' must be Tensor" (a list given to nn.Conv1d)
    _case("conv_two_signatures_type_error", """
w = torch.ones(1, 1, 1)
x = torch.ones(1, 1, 3)
show('module list', lambda: nn.Conv1d(1, 1, 1)([[1.0, 2.0]]))
show('module none', lambda: nn.Conv2d(1, 1, 1)(None))
show('module number', lambda: nn.Conv3d(1, 1, 1)(3.0))
show('two args', lambda: F.conv1d([[1.0]], w))
show('weight list', lambda: F.conv2d(torch.ones(1, 1, 2, 2), [1.0]))
show('stride str', lambda: F.conv1d(x, w, stride='a'))
show('padding float', lambda: F.conv1d(x, w, padding=1.5))
show('groups float', lambda: F.conv1d(x, w, groups=1.5))
show('bias int', lambda: F.conv1d(x, w, bias=3))
show('unknown keyword', lambda: F.conv1d(x, w, foo=1))
show('all positional', lambda: F.conv1d(x, w, None, 1, 0, 1, 1.0))
show('tuple input', lambda: F.conv1d(((1, 2), [3]), w, None, 1, 0, 1, 1))
show('bool groups', lambda: F.conv1d(x, w, None, 1, 'same', 1, True))
show('keyword groups', lambda: F.conv1d(x, w, None, 1, 0, 1, groups=1.0))
show('too many', lambda: F.conv1d(x, w, None, 1, 0, 1, 1, 1))
show('too few', lambda: F.conv1d(x))
show('numpy name', lambda: F.conv1d(x=x, weight=w))
show('lists ok', lambda: F.conv1d(x, w, None, [1], [0], 1, 1))
show('same ok', lambda: F.conv1d(x, torch.nn.Parameter(w), None, 1, 'same'))
"""),
    # torch's adaptive pooling (2-d and 3-d) is Python that calls input.size() first: for
    # what is not a tensor the error is that call's (ember's said `ndim`)
    _case("adaptive_pool_non_tensor_reads_size", """
import numpy as np
for name in ('adaptive_avg_pool1d', 'adaptive_avg_pool2d', 'adaptive_avg_pool3d',
             'adaptive_max_pool1d', 'adaptive_max_pool2d', 'adaptive_max_pool3d'):
    for v in ([[1.0]], None, np.ones((1, 2, 2)), 3):
        show(name, lambda: getattr(F, name)(v, 2))
show('module', lambda: nn.AdaptiveAvgPool2d(2)([[1.0, 2.0], [3.0, 4.0]]))
show('module max', lambda: nn.AdaptiveMaxPool2d(2, return_indices=True)([[1.0]]))
show('none size', lambda: F.adaptive_avg_pool3d([1.0], None))
"""),
]
