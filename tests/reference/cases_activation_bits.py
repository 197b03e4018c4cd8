"""nn activations and losses to their last bit (the seventeenth session, helper-107): values
and gradients printed with .tolist(), which shows every bit. ember follows torch's kernels'
order of operations here: the loss gradients multiply by torch's factor k/n (rounded to the
dtype) first; softmax adds in vector lanes and multiplies by the sum's reciprocal;
log_softmax's, tanh's, gelu's, silu's and mish's backward fuse their multiply-adds as
torch's compiled kernels do; exp, expm1, log1p and tanh inside the formulas round as
torch's SLEEF functions (docs/differences.md, "Activations and losses in torch's order").
The inputs are small (a tensor of a few values goes through torch's scalar loop, whose exp
ember matches; its vectorised softmax, silu and softplus use a faster exp ember does not
emulate). Ids start with ``act_bits_``.
"""

# ruff: noqa: E501 - one case of source per line
from __future__ import annotations

CASES = [
    ("act_bits_loss_gradients_of_the_mean", """
import torch.nn.functional as F
torch.manual_seed(0)
for dtype in (torch.float32, torch.float64):
    x = torch.randn(7, dtype=dtype, requires_grad=True)
    y = torch.randn(7, dtype=dtype)
    for name, loss in (('mse', F.mse_loss(x, y)), ('smooth_l1', F.smooth_l1_loss(x, y, beta=0.5)),
                       ('huber', F.huber_loss(x, y, delta=0.5)), ('soft_margin', F.soft_margin_loss(x, y.sign()))):
        g, = torch.autograd.grad(loss, x)
        print(dtype, name, loss.item(), g.tolist())
    p = torch.rand(7, dtype=dtype).clamp(0.01, 0.99).requires_grad_()
    q = torch.rand(7, dtype=dtype)
    for loss in (F.binary_cross_entropy(p, q), F.binary_cross_entropy(p, q, weight=q + 0.5, reduction='sum')):
        print(dtype, 'bce', torch.autograd.grad(loss, p)[0].tolist())
"""),
    ("act_bits_bce_with_logits_pos_weight", """
import torch.nn.functional as F
torch.manual_seed(1)
for dtype in (torch.float32, torch.float64):
    x = (torch.randn(6, dtype=dtype) * 4).requires_grad_()
    y = torch.rand(6, dtype=dtype)
    loss = F.binary_cross_entropy_with_logits(x, y, pos_weight=torch.full((6,), 1.7, dtype=dtype))
    print(dtype, loss.item(), torch.autograd.grad(loss, x)[0].tolist())
"""),
    ("act_bits_tanh_gradient", """
torch.manual_seed(4)
for dtype in (torch.float32, torch.float64):
    x = (torch.randn(12, dtype=dtype) * 1.5).requires_grad_()
    y = torch.tanh(x)
    g, = torch.autograd.grad(y, x, torch.linspace(-1, 1, 12, dtype=dtype))
    print(dtype, g.tolist())
    s = torch.nn.functional.tanhshrink(x)
    print(dtype, torch.autograd.grad(s.sum(), x)[0].tolist())
"""),
    ("act_bits_gelu_tanh", """
import torch.nn.functional as F
torch.manual_seed(3)
for dtype in (torch.float32, torch.float64):
    x = (torch.randn(10, dtype=dtype) * 2).requires_grad_()
    y = F.gelu(x, approximate='tanh')
    print(dtype, y.tolist())
    print(dtype, torch.autograd.grad(y.sum(), x)[0].tolist())
"""),
    ("act_bits_pointwise_activations", """
import torch.nn.functional as F
torch.manual_seed(4)
for dtype in (torch.float32, torch.float64):
    x = (torch.randn(5, dtype=dtype) * 3).requires_grad_()
    w = torch.linspace(-1, 1, 5, dtype=dtype)
    for name, f in (('silu', F.silu), ('mish', F.mish), ('softplus', F.softplus),
                    ('elu', F.elu), ('selu', F.selu)):
        y = f(x)
        print(dtype, name, y.tolist(), torch.autograd.grad(y, x, w)[0].tolist())
"""),
    ("act_bits_log_softmax_and_cross_entropy", """
import torch.nn.functional as F
torch.manual_seed(6)
for dtype in (torch.float32, torch.float64):
    x = (torch.randn(2, 5, dtype=dtype) * 3).requires_grad_()
    y = F.log_softmax(x, dim=1)
    print(dtype, y.tolist())
    print(dtype, torch.autograd.grad(y, x, torch.linspace(-1, 1, 10, dtype=dtype).reshape(2, 5))[0].tolist())
    loss = F.cross_entropy(x, torch.tensor([3, 0]))
    print(dtype, loss.item())
"""),
    ("act_bits_softmax_sum_order", """
torch.manual_seed(6)
for dtype in (torch.float32, torch.float64):
    x = torch.randn(3, 11, dtype=dtype) * 2
    x[:, 0] = x.max(dim=1).values + 1  # exp(0) = 1 exactly: its softmax is the reciprocal of the sum
    print(dtype, torch.softmax(x, dim=1)[:, 0].tolist(), torch.softmax(x.t(), dim=0)[0].tolist())
    print(dtype, torch.logsumexp(x, dim=1).tolist())
"""),
]
