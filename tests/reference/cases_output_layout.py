"""The memory layout of torch 2.13's results of ops whose kernels write a fresh
C-contiguous tensor whatever the input's strides (softmax, log_softmax, softmin, cumsum,
cumprod, logcumsumexp, masked_fill, cat, stack, roll, glu, the reductions over dims),
for a transposed matrix, a transposed batch, a column-major inverse and a C-ordered
input. A non-contiguous result would make `flatten` copy (UnsafeViewBackward0 where
torch's is ViewBackward0). Each case prints the result's shape, strides, contiguity and
the grad_fn name of its `flatten()`; values are checked by the ops' own reference cases.

Ids start with ``output_layout_``.
"""

from __future__ import annotations

_PRELUDE = """
import numpy as np
F = torch.nn.functional
def inputs(dtype):
    x = torch.tensor(np.arange(12.0).reshape(3, 4) / 7, dtype=dtype).t()
    b = torch.tensor(np.arange(24.0).reshape(2, 3, 4) / 9, dtype=dtype).transpose(1, 2)
    a = torch.tensor([[1.19, -0.6], [-1.0, 1.12]], dtype=dtype)
    c = torch.tensor(np.arange(12.0).reshape(3, 4) / 7, dtype=dtype)
    out = {'x.t()': x, 'batch.transpose(1, 2)': b, 'c': c}
    if dtype != torch.float16:
        out['inverse'] = torch.inverse(a)
    return out
def each(name, f):
    for dtype in (torch.float64, torch.float32, torch.float16):
        for label, x in inputs(dtype).items():
            x = x.detach().requires_grad_()
            y = f(x)
            print(name, dtype, label, tuple(y.shape), y.stride(), y.is_contiguous(),
                  type(y.flatten().grad_fn).__name__)
"""


def _case(name: str, call: str) -> tuple[str, str]:
    return (f"output_layout_{name}", _PRELUDE + f"each({name!r}, lambda x: {call})\n")


CASES: list[tuple[str, str]] = [
    _case("softmax_last", "F.softmax(x, dim=-1)"),
    _case("softmax_first", "F.softmax(x, dim=0)"),
    _case("softmax_method", "x.softmax(1)"),
    _case("softmax_dtype", "torch.softmax(x, -1, dtype=torch.float64)"),
    _case("log_softmax_last", "F.log_softmax(x, dim=-1)"),
    _case("log_softmax_first", "F.log_softmax(x, dim=0)"),
    _case("softmin", "F.softmin(x, dim=-1)"),
    _case("cumsum_last", "x.cumsum(-1)"),
    _case("cumsum_first", "torch.cumsum(x, 0)"),
    _case("cumsum_dtype", "x.cumsum(-1, dtype=torch.float64)"),
    _case("cumprod", "x.cumprod(-1)"),
    _case("cumprod_first", "x.cumprod(0)"),
    _case("logcumsumexp", "x.logcumsumexp(-1)"),
    _case("logcumsumexp_first", "x.logcumsumexp(0)"),
    _case("masked_fill", "x.masked_fill(x > 0.5, 0.0)"),
    _case("masked_fill_tensor", "x.masked_fill(x > 0.5, torch.tensor(2.0, dtype=x.dtype))"),
    _case("masked_fill_c_mask", "x.masked_fill((x > 0.5).contiguous(), -1.0)"),
    _case("cat", "torch.cat([x, x])"),
    _case("cat_last", "torch.cat([x, x], -1)"),
    _case("cat_mixed", "torch.cat([x, x.contiguous()], 0)"),
    _case("stack", "torch.stack([x, x])"),
    _case("stack_last", "torch.stack([x, x], -1)"),
    _case("roll", "x.roll(1, -1)"),
    _case("roll_flat", "x.roll(2)"),
    _case("glu", "F.glu(torch.cat([x, x], 0), 0)"),
    _case("glu_last", "F.glu(torch.cat([x, x], -1), -1)"),
    _case("sum_dim", "x.sum(1)"),
    _case("sum_keepdim", "x.sum(0, keepdim=True)"),
    _case("mean_dim", "x.mean(-1, keepdim=True)"),
    _case("nansum_dim", "x.nansum(1)"),
    _case("prod_dim", "x.prod(1)"),
    _case("amax_dims", "x.amax(0)"),
    _case("amin_keepdim", "x.amin(1, keepdim=True)"),
    _case("var_dim", "x.var(1)"),
    _case("std_keepdim", "x.std(0, keepdim=True)"),
    _case("logsumexp_dim", "x.logsumexp(1)"),
    ("output_layout_reductions_of_a_permuted_batch", _PRELUDE +
     "b = torch.tensor(np.arange(60.0).reshape(3, 4, 5) / 9).permute(2, 0, 1)\n"
     "for name, f in [('sum', lambda t: t.sum(1)), ('sum2', lambda t: t.sum(2, True)),\n"
     "                ('mean', lambda t: t.mean(1, True)), ('amax', lambda t: t.amax(1)),\n"
     "                ('prod', lambda t: t.prod(1)), ('std', lambda t: t.std(1)),\n"
     "                ('logsumexp', lambda t: t.logsumexp(1)), ('var', lambda t: t.var(2))]:\n"
     "    y = f(b)\n"
     "    print(name, tuple(y.shape), y.stride(), y.is_contiguous())\n"),
    ("output_layout_strides_of_new_tensors_without_elements",
     "x = torch.zeros(0, 3)\n"
     "y = torch.arange(12.0).reshape(4, 3)\n"
     "for t in [x, torch.empty(2, 0, 3), torch.empty(0, 0, 5), x + 1, x * y[0], x.exp(),\n"
     "          x.clone(), torch.cat([x, x]), y[torch.tensor([], dtype=torch.long)],\n"
     "          torch.arange(0), torch.zeros(0, 2) @ torch.zeros(2, 3), y[4:], y[:, 3:],\n"
     "          x.reshape(3, 0), torch.zeros(0, 3).sum(0)]:\n"
     "    print(tuple(t.shape), t.stride(), t.stride(-1), t.is_contiguous())\n"),
    ("output_layout_grad_of_leaves_laid_out_otherwise",
     "import warnings\n"
     "warnings.simplefilter('ignore')\n"
     "for name, leaf in [('c', torch.rand(3, 4)), ('t', torch.rand(4, 3).t()),\n"
     "                   ('gap', torch.rand(3, 8)[:, ::2]),\n"
     "                   ('perm', torch.rand(2, 3, 4).permute(2, 0, 1)),\n"
     "                   ('gap_t', torch.rand(8, 3)[::2].t())]:\n"
     "    leaf = leaf.detach().requires_grad_()\n"
     "    y = torch.rand(leaf.shape)\n"
     "    (leaf * leaf * y).sum().backward(create_graph=True)\n"
     "    first = (leaf.grad.stride(), leaf.grad.grad_fn.name())\n"
     "    leaf.grad = None\n"
     "    (y * leaf).sum().backward()\n"
     "    second = leaf.grad.stride()\n"
     "    (y.transpose(0, -1).contiguous().transpose(0, -1) * leaf).sum().backward()\n"
     "    leaf.grad = None\n"
     "    leaf.exp().sum().backward()\n"
     "    g, = torch.autograd.grad((y * leaf).sum(), [leaf])\n"
     "    print(name, leaf.stride(), first, second, leaf.grad.stride(), g.stride())\n"),
    ("output_layout_issue_program",
     "t2 = torch.tensor([[1.19, -0.6], [-1.0, 1.12]], requires_grad=True)\n"
     "t4 = torch.nn.functional.softmax(torch.inverse(t2), dim=-1)\n"
     "t9 = t4.flatten()\n"
     "print(t4.stride(), t4.is_contiguous(), type(t9.grad_fn).__name__)\n"),
]
