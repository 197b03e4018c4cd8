"""Argument checks found by the differential sweeps of issue 11 (session 5): each case runs
calls torch refuses (or accepts) and prints the exception's type and message, so the order
of torch's checks and its words are recorded, not only the type the corpus compares.

Ids start with ``sweep_``.
"""

from __future__ import annotations


def _calls(*calls: str) -> str:
    """Source that prints, for each call, its result or its exception's type and message."""
    lines = ["def show(text, f):",
             "    try:",
             "        print(text, '->', repr(f()).replace('\\n', ' '))",
             "    except Exception as e:",
             "        print(text, '->', type(e).__name__, str(e).split('\\n')[0])"]
    lines += [f"show({call!r}, lambda: {call})" for call in calls]
    return "\n".join(lines) + "\n"


_B = "b = torch.tensor([[True, False, True], [False, False, True]])\n"
_H = ("h = torch.eye(2, dtype=torch.float16); h23 = torch.ones(2, 3, dtype=torch.float16)\n"
      "v = torch.ones(2, dtype=torch.float16); i = torch.eye(2, dtype=torch.int64)\n")

CASES: list[tuple[str, str]] = [
    # kthvalue: an empty dim, then k, then the dtype (a 0-d bool is copied without a kernel)
    ("sweep_kthvalue_bool_order", _B + _calls(
        "torch.kthvalue(b, 2, -1)", "torch.kthvalue(b, 4, -1)", "torch.kthvalue(b[:0], 1, 0)",
        "torch.kthvalue(torch.tensor(True), 1)", "torch.kthvalue(torch.tensor(True), 2)",
        "torch.kthvalue(torch.tensor([[True]]), 1)")),
    # median and nanmedian of bool: one kernel, named by whether a dim is given
    ("sweep_median_bool_names", _B + _calls(
        "torch.median(b)", "torch.median(b, 1)", "torch.nanmedian(b)", "torch.nanmedian(b, 1)",
        "torch.median(torch.tensor(True), 0)", "torch.median(b[:0], 0)",
        "torch.nanmedian(torch.zeros(0, 3), 0)")),
    # aminmax over an empty dim given by number is an IndexError, over everything not
    ("sweep_aminmax_empty_dim", _calls(
        "torch.aminmax(torch.ones(0, 4), dim=0)", "torch.aminmax(torch.ones(0, 4), dim=1)",
        "torch.aminmax(torch.ones(0, 4))", "torch.aminmax(torch.ones(0, 4), dim=5)")),
    # float16 matrices: LU-based ops name the missing kernel, inv and slogdet refuse low
    # precision; shape checks come first
    ("sweep_linalg_float16", _H + _calls(
        "torch.det(h)", "torch.linalg.det(h)", "torch.det(h23)", "torch.linalg.solve(h, v)",
        "torch.linalg.solve(h23, v)", "torch.inverse(h)", "torch.linalg.inv(h)",
        "torch.linalg.matrix_power(h, -1)", "torch.linalg.matrix_power(h, 2)",
        "torch.slogdet(h)", "torch.linalg.slogdet(h)", "torch.logdet(h)", "torch.logdet(h23)",
        "torch.logdet(i)", "torch.det(i)", "torch.linalg.matrix_norm(h)")),
    # three operands that do not broadcast (the first two alone do): torch's RuntimeError
    ("sweep_addcmul_broadcast_three", _calls(
        "torch.addcmul(torch.ones(2), torch.ones(()), torch.ones(3))",
        "torch.addcdiv(torch.ones(2), torch.ones(()), torch.ones(3))",
        "torch.addcmul(torch.ones(2, 1), torch.ones(3), torch.ones(4, 1, 1)).shape")),
    # addcdiv's backward refuses an integer or bool divisor, under create_graph too
    ("sweep_addcdiv_integer_divisor_backward",
     "x = torch.tensor([-2., 3.], dtype=torch.float64, requires_grad=True)\n"
     "u = torch.tensor([1, 2], dtype=torch.uint8); b = torch.tensor([True, True])\n"
     "zero = torch.zeros(2, dtype=torch.float64)\n" + _calls(
         "torch.autograd.grad(torch.addcdiv(zero, x, u).sum(), [x])",
         "torch.autograd.grad(torch.addcdiv(zero, x, b, value=-1).sum(), [x], "
         "create_graph=True)",
         "torch.autograd.grad(torch.addcdiv(zero.half(), x.half(), u).sum(), [x])")),
    # stack wraps its dim (ndim + 1) before comparing the shapes
    ("sweep_stack_dim_first", _calls(
        "torch.stack([torch.ones(12), torch.ones(1, 3, 4)], 3)",
        "torch.stack([torch.ones(12), torch.ones(1, 3, 4)], 1)")),
    # einsum of mixed dtypes, contracted pairwise from the left: an empty contraction gives
    # the right operand's dtype, a contraction over more than one element refuses mixed
    # dtypes, a size-1 summed dim promotes (seed h11a-final-untuned-2026-12-02:79938)
    ("sweep_einsum_mixed_dtypes_empty", "f64, f32, f16 = torch.float64, torch.float32, "
     "torch.float16\n" + _calls(
         "torch.einsum('ij,jk->ik', torch.ones(2, 0, dtype=f64), torch.ones(0, 3)).dtype",
         "torch.einsum('ij,jk->ik', torch.ones(0, 3, dtype=f64), torch.ones(3, 2)).dtype",
         "torch.einsum('ij,jk->ik', torch.ones(2, 3, dtype=f64), torch.ones(3, 2)).dtype",
         "torch.einsum('ij,jk->', torch.ones(0, 3), torch.ones(3, 2, dtype=f64)).dtype",
         "torch.einsum('ij,ij->i', torch.ones(2, 0, dtype=f64), torch.ones(2, 0)).dtype",
         "torch.einsum('ij,ij->ij', torch.ones(2, 0, dtype=f64), torch.ones(2, 0)).dtype",
         "torch.einsum('ij,jk->ik', torch.ones(0, 1, dtype=f64), torch.ones(1, 3)).dtype",
         "torch.einsum('ij,jk->ik', torch.ones(2, 0), torch.ones(0, 3, dtype=torch.int64)).dtype",
         "torch.einsum('ij,jk,kl->il', torch.ones(2, 0, dtype=f64), torch.ones(0, 3), "
         "torch.ones(3, 2, dtype=f16))",
         "torch.einsum('ij,jk,kl->il', torch.ones(2, 3, dtype=f64), torch.ones(3, 0), "
         "torch.ones(0, 2, dtype=f16)).dtype")),
    # det's gradient with an infinite upstream gradient: nan at a singular matrix (LU solve
    # of nan), g det(A) A^-T elsewhere, also under create_graph (seeds :60887, :74566)
    ("sweep_det_gradient_infinite_upstream",
     "inf = float('inf')\n"
     "for m in ([[1., 2.], [2., 4.]], [[0., 0.], [0., 0.]], [[1., 2.], [3., 4.]], [[3.]]):\n"
     "    for cg in (False, True):\n"
     "        x = torch.tensor(m, dtype=torch.float64, requires_grad=True)\n"
     "        g, = torch.autograd.grad(torch.det(x), x, torch.tensor(inf, dtype=x.dtype),\n"
     "                                 create_graph=cg)\n"
     "        print(m, cg, g)\n"),
    # prod's gradient at zeros: the running products that skip x_i (g * 0 is nan for an
    # infinite g), except the product of everything with several zeros, whose gradient is
    # plain zeros when no graph is recorded; second derivatives through cumprod
    ("sweep_prod_gradient_zeros_infinite_upstream",
     "inf, nan = float('inf'), float('nan')\n"
     "for vals in ([2., 0., 3.], [0., 0., 3.], [0., 0., 0.], [[0., 0.], [0., 2.]]):\n"
     "    for dim in (None, 0):\n"
     "        for gv in (inf, 1.0):\n"
     "            for cg in (False, True):\n"
     "                x = torch.tensor(vals, dtype=torch.float64, requires_grad=True)\n"
     "                y = x.prod() if dim is None else x.prod(dim)\n"
     "                gx, = torch.autograd.grad(y, x, torch.full_like(y, gv), create_graph=cg)\n"
     "                h = torch.autograd.grad(gx.sum(), x)[0] if cg else None\n"
     "                print(vals, dim, gv, cg, gx.tolist(), None if h is None else h.tolist())\n"
     "x = torch.tensor([2., 0., 3.], requires_grad=True)\n"
     "x.cumprod(0).backward(torch.tensor([inf, 1., 1.]))\n"
     "print(x.grad)\n"),
    # lgamma, digamma and polygamma(1) at and near their poles, with first and second
    # derivatives: float32 computes in float32 as torch (trigamma is finite at a pole there)
    ("sweep_gamma_family_poles",
     "inf, nan = float('inf'), float('nan')\n"
     "vals = [0., -0., -1., -2., -2.5, 1., 2., inf, -inf, nan, 1e-30, -1e-30, 1e30, -1e30]\n"
     "for dt in (torch.float32, torch.float64):\n"
     "    for f in (torch.lgamma, torch.digamma, lambda t: torch.polygamma(1, t)):\n"
     "        x = torch.tensor(vals, dtype=dt, requires_grad=True)\n"
     "        y = f(x)\n"
     "        g, = torch.autograd.grad(y.sum(), x, create_graph=True)\n"
     "        h, = torch.autograd.grad(g.sum(), x)\n"
     "        for t in (y, g, h):\n"
     "            print(t.isnan().tolist(), t.isinf().tolist())\n"
     "x = torch.tensor([-1., -2., -1e30, 0.5], requires_grad=True)\n"
     "print(torch.polygamma(1, x), torch.autograd.grad(torch.digamma(x).sum(), x)[0])\n"),
    # masked_fill/index_fill read a 0-d tensor value as a number: one out of the target's
    # range is refused as a number is (fill_ does not check)
    ("sweep_fill_tensor_value_range",
     "u = lambda: torch.tensor([1, 2], dtype=torch.uint8)\n"
     "h = lambda: torch.tensor([1., 2.], dtype=torch.float16)\n"
     "m = torch.tensor([True, False])\n" + _calls(
         "u().masked_fill(m, torch.tensor(-0.4))", "u().masked_fill_(m, torch.tensor(300))",
         "u().masked_fill(m, torch.tensor(-1))", "u().masked_fill(m, torch.tensor(255.5))",
         "u().int().masked_fill(m, torch.tensor(1e10))", "h().masked_fill(m, torch.tensor(1e30))",
         "h().masked_fill(m, torch.tensor(float('inf')))",
         "u().index_fill(0, torch.tensor([0]), torch.tensor(-0.4))",
         "h().index_fill(0, torch.tensor([0]), torch.tensor(70000.))",
         "u().fill_(torch.tensor(-0.4))")),
    # no bool kernel for arange (checked first), linspace and logspace (with two steps or more)
    ("sweep_spaced_bool", _calls(
        "torch.arange(0, 2, dtype=torch.bool)", "torch.arange(0, 2, 0, dtype=torch.bool)",
        "torch.arange(0, dtype=torch.bool)", "torch.linspace(0, 1, 2, dtype=torch.bool)",
        "torch.linspace(0, 1, 1, dtype=torch.bool)", "torch.linspace(0, 1, -1, dtype=torch.bool)",
        "torch.logspace(0, 1, 2, dtype=torch.bool)", "torch.logspace(0, 1, 0, dtype=torch.bool)")),
    # integer fused products: beta/alpha truncated; over an empty inner dim a float beta is
    # refused (addmv aside); addr refuses float scalars for integers, bool ones for others
    ("sweep_fused_products_integer_scalars",
     "L = torch.int64\n"
     "c, c2 = torch.tensor([-1, 3]), torch.tensor([[-1, 3]])\n" + _calls(
         "torch.addmm(c, torch.ones((1, 0), dtype=L), torch.ones((0, 2), dtype=L), beta=0.5)",
         "torch.addmm(c, torch.ones((1, 1), dtype=L), torch.ones((1, 2), dtype=L), beta=0.5)",
         "torch.addmm(c, torch.ones((1, 0), dtype=L), torch.ones((0, 2), dtype=L), alpha=0.5)",
         "torch.addmv(c, torch.ones((2, 0), dtype=L), torch.ones((0,), dtype=L), beta=1.5)",
         "torch.addmv(c, torch.ones((2, 1), dtype=L), torch.ones((1,), dtype=L), beta=1.5, "
         "alpha=2.5)",
         "torch.baddbmm(c2, torch.ones((1, 1, 0), dtype=L), torch.ones((1, 0, 2), dtype=L), "
         "beta=2.0)",
         "torch.addbmm(c2, torch.ones((1, 1, 1), dtype=L), torch.ones((1, 1, 2), dtype=L), "
         "beta=0.5)",
         "torch.addr(c2, torch.ones(1, dtype=L), torch.ones(2, dtype=L), alpha=2.0)",
         "torch.addr(c2, torch.ones(1, dtype=L), torch.ones(2, dtype=L), beta=True)",
         "torch.addr(c2.float(), torch.ones(1), torch.ones(2), alpha=False)")),
    # integer division by zero divides nothing when the dividend is empty
    ("sweep_integer_division_empty", _calls(
        "torch.div(torch.zeros((0,), dtype=torch.int8), False, rounding_mode='floor')",
        "torch.zeros((0,), dtype=torch.bool).floor_divide(torch.full((), 0))",
        "torch.zeros((0,), dtype=torch.int64).remainder(0)",
        "torch.zeros((0,), dtype=torch.int64).fmod(torch.tensor(0))",
        "torch.ones((1,), dtype=torch.int64).div(0, rounding_mode='floor')")),
    # bmm with nothing to multiply: no dtype check, the result in mat2's dtype
    ("sweep_bmm_empty_mixed_dtypes", _calls(
        "torch.bmm(torch.zeros((2, 1, 0), dtype=torch.float16), torch.ones((2, 0, 3), "
        "dtype=torch.int64))",
        "torch.bmm(torch.zeros((0, 1, 2)), torch.ones((0, 2, 3), dtype=torch.float64))",
        "torch.bmm(torch.zeros((2, 1, 0), dtype=torch.bool), torch.ones((2, 0, 3), "
        "dtype=torch.bool))",
        "torch.bmm(torch.zeros((2, 1, 2)), torch.ones((2, 2, 3), dtype=torch.float64))")),
    # the in-place inverse hyperbolic functions are recorded but not differentiable
    ("sweep_inverse_hyperbolic_inplace_backward",
     "for name in ('asinh_', 'acosh_', 'atanh_', 'arcsinh_'):\n"
     "    x = torch.tensor([1.5, 0.5], requires_grad=True)\n"
     "    y = x * 1\n"
     "    getattr(y, name)()\n"
     "    print(type(y.grad_fn).__name__)\n"
     "    try:\n"
     "        y.sum().backward()\n"
     "    except NotImplementedError as e:\n"
     "        print(e)\n"),
    # torch.norm's default Frobenius norm over more than two dims is refused (a matrix norm)
    ("sweep_norm_fro_dims", "x = torch.ones((2, 3, 2))\n" + _calls(
        "torch.norm(x, dim=(0, 1, 2))", "x.norm(dim=(1, 2, 0), keepdim=True)",
        "torch.norm(x, p='fro', dim=(0, 1))", "torch.norm(x, p=2, dim=(0, 1, 2))",
        "torch.norm(x, dim=[1])")),
    # the median of nothing: nan converted into an integer dtype (no kernel, bool too)
    ("sweep_median_of_nothing", _calls(
        "torch.ones(0, dtype=torch.int16).median()", "torch.ones(0, dtype=torch.int64).median()",
        "torch.ones(0, dtype=torch.int32).nanmedian()", "torch.ones(0, dtype=torch.bool).median()",
        "torch.ones(0, dtype=torch.uint8).median()")),
    # div with a rounding mode has no bool kernel (when the result would be bool)
    ("sweep_div_rounding_bool", "b = torch.tensor([True, False])\n" + _calls(
        "torch.div(b, b, rounding_mode='trunc')", "torch.div(b, True, rounding_mode='floor')",
        "torch.div(b, torch.tensor([1, 2]), rounding_mode='trunc')",
        "torch.div(b, 2.5, rounding_mode='floor')", "b.clone().div_(b, rounding_mode='trunc')")),
    # searchsorted of bools refuses only when there are values to look up
    ("sweep_searchsorted_bool_empty", "b = torch.tensor([False, True])\n" + _calls(
        "torch.searchsorted(b, torch.ones(0, dtype=torch.bool))",
        "torch.searchsorted(torch.ones(0, dtype=torch.bool), torch.ones(2, dtype=torch.bool))",
        "torch.bucketize(torch.ones(0, dtype=torch.bool), b)")),
    # einsum of mixed dtypes: a summed dim of size 1 on either side (broadcast) needs no
    # batched product, so the dtypes promote (sweep h11-s5-final-1640:4130)
    ("sweep_einsum_mixed_dtypes_broadcast", "f32, i16 = torch.float32, torch.int16\n" + _calls(
        "torch.einsum('ij,jk->ik', torch.ones(3, 1), torch.ones(2, 3, dtype=i16)).dtype",
        "torch.einsum('ij,jk->ik', torch.ones(3, 2), torch.ones(1, 3, dtype=i16)).dtype",
        "torch.einsum('ij,jk->ik', torch.ones(3, 2), torch.ones(2, 3, dtype=i16))",
        "torch.einsum('ij,jk->ik', torch.ones(3, 1), torch.ones(0, 3, dtype=i16)).dtype")),
    # masked_fill with a 0-d mask and a value that requires grad, differentiated twice
    ("sweep_masked_fill_zero_dim_mask_create_graph",
     "x = torch.zeros((1, 3, 1), requires_grad=True); v = torch.tensor(2.5, requires_grad=True)\n"
     "y = x.masked_fill(torch.tensor(True), v)\n"
     "g, gv = torch.autograd.grad(y.sum(), [x, v], create_graph=True)\n"
     "print(g, gv, g.requires_grad, gv.requires_grad)\n"),
    # where takes a uint8 condition (deprecated), no other non-bool one
    ("sweep_where_uint8_condition", "c = torch.tensor([1, 0, 3], dtype=torch.uint8)\n" + _calls(
        "torch.where(c, torch.ones(3), torch.zeros(3))", "torch.ones(3).where(c, torch.zeros(3))",
        "torch.where(c.to(torch.int8), torch.ones(3), torch.zeros(3))",
        "torch.where(c.float(), torch.ones(3), torch.zeros(3))")),
]
