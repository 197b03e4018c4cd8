"""Batch norm's last bits, recorded from torch 2.13 (CPU, float32): the forward's output,
running statistics and all three gradients of BatchNorm1d/2d in training and evaluation,
which ember computes with torch's kernels' arithmetic (ops/_batch_norm_terms.py) for inputs
of up to 32,768 values ((N, C) inputs: 4,096), with a contiguous or another gradient. Found by the "Introduction to PyTorch" models tutorial, whose
BatchNorm1d output mean (all cancellation) printed -2.0862e-07 in torch and -1.1921e-07 in
ember.

The (N, C) kernel's sums depend on the thread count (each thread adds a range of rows), so
the cases set it: 2 threads as the recording machine, and 1 and 3 where said.

Ids start with ``bnb_``.
"""

# ruff: noqa: E501 - the cases print long lines as typed

from __future__ import annotations

_THREADS = """
import torch
torch.set_num_threads(2)
"""

CASES = [
    ("bnb_train_eval_cycle", _THREADS + """
torch.manual_seed(0)
for shape in [(4, 3, 5, 5), (8, 4), (33, 10), (3, 4, 12), (2, 6, 3)]:
    for affine in [True, False]:
        bn = torch.nn.BatchNorm2d(shape[1], affine=affine) if len(shape) == 4 else torch.nn.BatchNorm1d(shape[1], affine=affine)
        x = (torch.rand(*shape) * 4 - 1).requires_grad_()
        for mode in ['train', 'eval', 'train']:
            getattr(bn, mode)()
            y = bn(x)
            (y * (torch.arange(y.numel()).reshape(y.shape) % 7 - 3.3)).sum().backward()
            print(shape, affine, mode, y.flatten()[:6].tolist(), x.grad.flatten()[-6:].tolist())
            print(bn.running_mean.tolist(), bn.running_var.tolist(), [p.grad.tolist() for p in bn.parameters()])
            x.grad = None
            bn.zero_grad()
bn = torch.nn.BatchNorm2d(3)
x = torch.randn(4, 3, 5, 5) * 2 + 1
y = bn(x)
y.pow(2).sum().backward()  # only the parameters need gradients
print(bn.weight.grad.tolist(), bn.bias.grad.tolist(), y.mean().item())
"""),
    ("bnb_tutorial_mean", _THREADS + """
# (the tutorial normalises a Linear layer's output; here the input is made elementwise,
# since Linear's last bits are BLAS's order of additions, docs/differences.md)
torch.manual_seed(1)
bn = torch.nn.BatchNorm1d(5)
x = torch.rand(3, 5) * 1.3 - 0.4
out = bn(x)
print(out.mean())
print(out.mean(0).tolist(), out.var(0, unbiased=False).tolist())
"""),
    ("bnb_lanes_and_threads", _THREADS + """
# rows of a channel of 1 to 21 values (the backward's 8-lane vectors and partial last
# vector), channel counts across a multiple of 8 (the (N, C) kernel's last vector), and
# the (N, C) kernel's thread ranges for 1, 2 and 3 threads
torch.manual_seed(2)
for threads in [1, 2, 3]:
    torch.set_num_threads(threads)
    for shape in [(5, 3, 1), (6, 2, 7), (4, 3, 8), (3, 2, 9), (2, 3, 21), (7, 9), (16, 8), (11, 17)]:
        bn = torch.nn.BatchNorm1d(shape[1], momentum=0.3)
        with torch.no_grad():
            bn.weight.uniform_(-2, 2)
            bn.bias.uniform_(-1, 1)
        x = (torch.randn(*shape) * 3 + 0.5).requires_grad_()
        g = torch.randn(*shape)
        y = bn(x)
        y.backward(g)
        print(threads, shape, y.flatten()[-4:].tolist(), x.grad.flatten()[:4].tolist())
        print(bn.running_mean.tolist(), bn.running_var.tolist(), bn.weight.grad.tolist(), bn.bias.grad.tolist())
"""),
    ("bnb_functional", _THREADS + """
import torch.nn.functional as F
torch.manual_seed(3)
x = torch.randn(6, 4, 3, 3) * 5 - 2
rm, rv = torch.zeros(4), torch.ones(4)
w, b = torch.rand(4, requires_grad=True), torch.rand(4, requires_grad=True)
y = F.batch_norm(x, rm, rv, w, b, training=True, momentum=0.25, eps=1e-3)
print(y[0, :, 0].tolist(), rm.tolist(), rv.tolist())
y.sum().backward()
print(w.grad.tolist(), b.grad.tolist())
z = F.batch_norm(x, rm, rv, w, b, training=False, eps=1e-3)
print(z[-1, :, -1].tolist())
print(torch.batch_norm(x, None, None, None, None, True, 0.1, 1e-5, False)[1, 2].tolist())
print(torch.nn.BatchNorm2d(4, affine=False, track_running_stats=False)(x).mean((0, 2, 3)).tolist())
"""),
]
