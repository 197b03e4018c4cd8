"""torch 2.13's memory formats (`contiguous_format`, `preserve_format`, `channels_last`,
`channels_last_3d`): how they print, what `clone`, `contiguous`, `is_contiguous`, `to`,
`empty` and the `*_like` functions do with each, and the layout of results made like a
transposed, permuted, gapped or broadcast input (preserve_format, the default). The random
`*_like` functions fill memory in order, so a transposed input gives transposed draws.

Ids start with ``memory_format_``.
"""

from __future__ import annotations

_LAYOUTS = """
def show(label, f):
    try:
        r = f()
        print(label, tuple(r.stride()) if hasattr(r, 'stride') else r)
    except Exception as error:
        print(label, type(error).__name__, str(error)[:60])
"""

CASES: list[tuple[str, str]] = [
    ("memory_format_names",
     "print(torch.contiguous_format, torch.preserve_format, torch.channels_last,\n"
     "      torch.channels_last_3d, type(torch.channels_last).__name__)\n"
     "print(torch.channels_last == torch.channels_last,\n"
     "      torch.channels_last == torch.contiguous_format)\n"),
    ("memory_format_clone_contiguous_is_contiguous", _LAYOUTS +
     "x = torch.arange(24.).reshape(1, 2, 3, 4)\n"
     "t = torch.arange(12.).reshape(4, 3).t()\n"
     "c = x.contiguous(memory_format=torch.channels_last)\n"
     "show('clone cl', lambda: x.clone(memory_format=torch.channels_last))\n"
     "show('contiguous cl', lambda: c)\n"
     "show('is_contiguous', lambda: (c.is_contiguous(),\n"
     "     c.is_contiguous(memory_format=torch.channels_last),\n"
     "     x.is_contiguous(memory_format=torch.channels_last),\n"
     "     t.is_contiguous(memory_format=torch.channels_last),\n"
     "     t.is_contiguous(memory_format=torch.preserve_format)))\n"
     "show('contiguous preserve', lambda: t.contiguous(memory_format=torch.preserve_format))\n"
     "show('clone contiguous', lambda: t.clone(memory_format=torch.contiguous_format))\n"
     "show('clone cl of 2-d', lambda: t.clone(memory_format=torch.channels_last))\n"
     "show('clone str', lambda: t.clone(memory_format='channels_last'))\n"
     "show('clone cl 3d', lambda: torch.zeros(1, 2, 3, 4, 5).clone(\n"
     "     memory_format=torch.channels_last_3d))\n"
     "show('c + 1', lambda: c + 1)\n"
     "show('c * x', lambda: c * x)\n"
     "show('x * c', lambda: x * c)\n"
     "show('relu', lambda: torch.relu(c))\n"
     "y = c.clone().requires_grad_()\n"
     "z = y.contiguous()\n"
     "print(type(z.grad_fn).__name__, z.stride())\n"),
    ("memory_format_to_and_empty", _LAYOUTS +
     "x = torch.arange(24.).reshape(1, 2, 3, 4)\n"
     "t = torch.arange(12.).reshape(4, 3).t()\n"
     "show('to same', lambda: t.to(memory_format=torch.contiguous_format))\n"
     "show('to dtype', lambda: t.to(torch.float64, memory_format=torch.contiguous_format))\n"
     "show('to dtype kept', lambda: t.to(torch.float64))\n"
     "show('to cl', lambda: x.to(memory_format=torch.channels_last))\n"
     "show('to cl kept', lambda: x.contiguous(memory_format=torch.channels_last).to(\n"
     "     memory_format=torch.channels_last))\n"
     "show('empty cl', lambda: torch.empty(2, 3, 4, 5, memory_format=torch.channels_last))\n"
     "show('empty cl 2-d', lambda: torch.empty(2, 3, memory_format=torch.channels_last))\n"
     "w = x.detach().requires_grad_()\n"
     "print(type(w.to(memory_format=torch.channels_last).grad_fn).__name__)\n"),
    ("memory_format_like_functions", _LAYOUTS +
     "g = torch.arange(24.).reshape(3, 8)[:, ::2].t()\n"
     "e = torch.arange(4.).reshape(4, 1).expand(4, 3)\n"
     "p = torch.arange(120.).reshape(2, 3, 4, 5).permute(0, 2, 3, 1)\n"
     "t = torch.arange(12.).reshape(4, 3).t()\n"
     "for name, x in [('gapped', g), ('expanded', e), ('permuted', p), ('t', t)]:\n"
     "    show(name, lambda: [tuple(f(x).stride()) for f in (\n"
     "        torch.empty_like, torch.zeros_like, torch.ones_like, torch.rand_like,\n"
     "        torch.randn_like, lambda v: torch.full_like(v, 2),\n"
     "        lambda v: torch.randint_like(v, 5), torch.clone, lambda v: v.double())])\n"
     "show('zeros_like contiguous', lambda: torch.zeros_like(t,\n"
     "     memory_format=torch.contiguous_format))\n"
     "show('ones_like cl', lambda: torch.ones_like(p.permute(0, 3, 1, 2),\n"
     "     memory_format=torch.channels_last))\n"
     "show('empty_like cl of 2-d', lambda: torch.empty_like(t,\n"
     "     memory_format=torch.channels_last))\n"),
    ("memory_format_random_like_fills_memory_in_order",
     "t = torch.arange(12.).reshape(4, 3).t()\n"
     "torch.manual_seed(0)\n"
     "print(torch.rand_like(t))\n"
     "torch.manual_seed(0)\n"
     "print(torch.randn_like(t))\n"
     "torch.manual_seed(0)\n"
     "print(torch.randint_like(t, 10))\n"
     "big = torch.zeros(8, 5).t()\n"
     "torch.manual_seed(1)\n"
     "print(torch.randn_like(big)[0])\n"
     "torch.manual_seed(1)\n"
     "print(torch.rand_like(big, memory_format=torch.contiguous_format)[0])\n"),
]
