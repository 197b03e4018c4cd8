"""API-surface cases: the torch names ember added for scripts, tutorials and notebooks
(issue: dir(torch) / dir(torch.Tensor) gaps), recorded from torch 2.13.

Each case prints the result's dtype, shape and grad_fn name (and reprs where they are
exact), and sets `result` to the values followed by the gradients of a weighted sum with
respect to the inputs that require grad, so values and gradients are compared with a
tolerance. Errors record torch's exception type and message; warnings their category.
Inputs are deterministic expressions (linspace, sines of an arange). Ids start with
``api_``.
"""

from __future__ import annotations

_PRELUDE = '''\
def values(*shape, scale=2.0, offset=0.1, dtype=torch.float64):
    n = 1
    for s in shape:
        n *= s
    base = torch.arange(float(n), dtype=torch.float64) * 0.737 + offset
    return (base.sin() * scale).to(dtype).reshape(shape)
def leaf(*shape, **kw):
    return values(*shape, **kw).requires_grad_()
def report(y, inputs=()):
    if isinstance(y, (tuple, list)):
        y = y[0]
    name = type(y.grad_fn).__name__ if y.grad_fn is not None else None
    print(y.dtype, tuple(y.shape), name)
    parts = [y.detach().double().reshape(-1)]
    if inputs and y.requires_grad:
        weights = torch.linspace(0.5, 1.5, y.numel(), dtype=y.dtype).reshape(y.shape)
        grads = torch.autograd.grad(y, inputs, weights, allow_unused=True)
        parts += [g.double().reshape(-1) for g in grads if g is not None]
    return torch.cat(parts) if parts else None
'''


def _case(body: str) -> str:
    return _PRELUDE + body


def _op(expression: str, inputs: str = "") -> str:
    """A case computing `expression` (with leaves named in `inputs` set up before it)."""
    return _case(f"{inputs}\nresult = report({expression}, [{_names(inputs)}])\n")


def _names(setup: str) -> str:
    return ", ".join(line.split("=")[0].strip() for line in setup.splitlines() if "=" in line)


_X = "x = leaf(3, 4)"
_V = "v = leaf(4)"
_S = "s = leaf(3, 3, offset=0.7) "
_SQ = "a = (values(3, 3, offset=0.4) + 3 * torch.eye(3, dtype=torch.float64)).requires_grad_()"
_P = "p = (values(2, 3, scale=0.4, offset=0.3) + 0.5).requires_grad_()"

CASES: list[tuple[str, str]] = [
    # ---------------------------------------------------------------- priority 1: basics
    ("api_constants", "print(torch.pi, torch.e, torch.inf, torch.nan, torch.newaxis)"),
    # (the cases run in one process on ember: each puts back what it changed)
    ("api_threads", "n = torch.get_num_threads()\ntorch.set_num_threads(3)\n"
                    "print(torch.get_num_threads())\ntorch.set_num_threads(n)"),
    ("api_threads_zero", "torch.set_num_threads(0)"),
    ("api_threads_float", "torch.set_num_threads(2.0)"),
    ("api_deterministic", "print(torch.are_deterministic_algorithms_enabled())\n"
                          "torch.use_deterministic_algorithms(True)\n"
                          "print(torch.are_deterministic_algorithms_enabled())\n"
                          "torch.use_deterministic_algorithms(False)"),
    ("api_deterministic_bad", "torch.use_deterministic_algorithms(1)"),
    ("api_matmul_precision", "print(torch.get_float32_matmul_precision())\n"
                             "torch.set_float32_matmul_precision('high')\n"
                             "print(torch.get_float32_matmul_precision())\n"
                             "torch.set_float32_matmul_precision('highest')"),
    ("api_matmul_precision_bad", "torch.set_float32_matmul_precision('highest')\n"
                                 "torch.set_float32_matmul_precision('fast')\n"
                                 "print(torch.get_float32_matmul_precision())"),
    ("api_warn_always", "print(torch.is_warn_always_enabled())\ntorch.set_warn_always(True)\n"
                        "print(torch.is_warn_always_enabled())\ntorch.set_warn_always(False)"),
    ("api_anomaly", "torch.set_anomaly_enabled(True)\nprint(torch.is_anomaly_enabled())\n"
                    "torch.set_anomaly_enabled(False)\nprint(torch.is_anomaly_enabled())"),
    ("api_default_device", "print(torch.get_default_device())\ntorch.set_default_device('cpu')\n"
                           "print(torch.get_default_device())"),
    ("api_new_factories",
     "x = torch.tensor([[1., 2.]], dtype=torch.float64)\ni = torch.tensor([1, 2], "
     "dtype=torch.int32)\nprint(x.new_zeros(2, 3), x.new_ones((2,)), i.new_full((2,), 3.7))\n"
     "print(i.new_empty(2, 0), i.new_tensor([1.5, -2.5]), x.new_zeros(size=(1,)))\n"
     "print(i.new_ones(2, dtype=torch.float64, requires_grad=True))"),
    ("api_new_zeros_negative", "torch.ones(1).new_zeros(-1)"),
    ("api_new_tensor_from_tensor", "x = torch.ones(2)\nprint(x.new_tensor(x))"),
    ("api_metadata",
     "x = torch.arange(12.).reshape(3, 4)\ni = torch.ones(2, dtype=torch.int16)\n"
     "print(x.is_cpu, x.get_device(), x.nbytes, x.itemsize, i.itemsize, i.nbytes)\n"
     "print(x.storage_offset(), x[1].storage_offset(), x[:, 2].storage_offset(), "
     "x.t()[1].storage_offset())\n"
     "print(x.is_signed(), torch.is_signed(torch.ones(1, dtype=torch.uint8)), "
     "torch.is_signed(torch.tensor(True)))\n"
     "print(x.is_pinned(), x.is_shared(), x.share_memory_() is x, x.is_inference())\n"
     "print(x.output_nr, (x * 1).output_nr)"),
    ("api_is_nonzero", "print(torch.is_nonzero(torch.tensor([1.])), torch.tensor(0).is_nonzero(), "
                       "torch.is_nonzero(torch.tensor(float('nan'))))"),
    ("api_is_nonzero_many", "torch.is_nonzero(torch.tensor([1., 2.]))"),
    ("api_is_nonzero_empty", "torch.is_nonzero(torch.tensor([]))"),
    ("api_is_nonzero_not_tensor", "torch.is_nonzero(3)"),
    ("api_is_same_size", "x = torch.ones(2, 3)\nprint(torch.is_same_size(x, x.t()), "
                         "x.is_same_size(torch.zeros(2, 3)))"),
    ("api_typename", "print(torch.typename(torch.ones(2)), torch.typename(torch.ones(2, "
                     "dtype=torch.int64)), torch.typename(3), "
                     "torch.typename(torch.nn.Linear(1, 1)))"),
    ("api_is_complex", "print(torch.is_complex(torch.ones(2)))"),
    ("api_detach_ravel",
     "x = leaf(3, 4)\nprint(torch.detach(x).requires_grad, torch.ravel(x.t()).grad_fn.name(), "
     "x.ravel().shape, torch.ravel(torch.tensor(2.)))"),
    ("api_asarray", "import numpy as np\na = np.arange(3.)\nt = torch.asarray(a)\na[0] = 9.\n"
                    "print(t, torch.asarray([1, 2]), torch.asarray(3.5), "
                    "torch.asarray([1, 2], dtype=torch.float64))"),
    ("api_asarray_tensor", "x = torch.ones(2)\nprint(torch.asarray(x) is x, "
                           "torch.asarray(x, dtype=torch.float64).dtype)"),
    ("api_asarray_no_copy", "torch.asarray([1, 2], copy=False)"),
    ("api_scalar_tensor", "print(torch.scalar_tensor(3), torch.scalar_tensor(True), "
                          "torch.scalar_tensor(2, dtype=torch.int64), "
                          "torch.scalar_tensor(1.5, requires_grad=True))"),
    ("api_scalar_tensor_list", "torch.scalar_tensor([1])"),
    ("api_pin_memory", "torch.ones(2).pin_memory()"),
    ("api_vmap", "print(torch.vmap(torch.sum)(torch.arange(6.).reshape(2, 3)))"),
    # ---------------------------------------------------------------- shapes
    ("api_meshgrid_ij", _op("torch.meshgrid(v, v[:2], indexing='ij')[1]", _V)),
    ("api_meshgrid_xy", _op("torch.meshgrid(v, v[:2], indexing='xy')[0]", _V)),
    ("api_meshgrid_warns", "a, b = torch.meshgrid(torch.arange(2), torch.arange(3))\n"
                           "print(a, b)"),
    ("api_meshgrid_bad", "torch.meshgrid(torch.ones(2), indexing='yx')"),
    ("api_cartesian_prod", _op("torch.cartesian_prod(v, v[1:3])", _V)),
    ("api_combinations", _op("torch.combinations(v, 3, with_replacement=True)", _V)),
    ("api_rot90", _op("torch.rot90(x, -1, [1, 0])", _X)),
    ("api_rot90_bad", "torch.rot90(torch.ones(3))"),
    ("api_flips", _op("torch.fliplr(x) * torch.flipud(x)", _X)),
    ("api_tensor_split", "x = torch.arange(7)\nprint(torch.tensor_split(x, 3), "
                         "x.tensor_split([1, 5, 9]), torch.tensor_split(x, torch.tensor([2, 4])))"),
    ("api_tensor_split_grad", _op("torch.tensor_split(x, 3, dim=1)[0]", _X)),
    ("api_hsplit_vsplit_dsplit",
     "x = torch.arange(24).reshape(2, 3, 4)\nprint(torch.hsplit(x, [1]), torch.vsplit(x, 2), "
     "torch.dsplit(x, 2))"),
    ("api_hsplit_bad", "torch.hsplit(torch.arange(6).reshape(2, 3), 2)"),
    ("api_block_diag", _op("torch.block_diag(x, v, torch.tensor(2., dtype=torch.float64))",
                           f"{_X}\n{_V}")),
    ("api_block_diag_dtypes", "print(torch.block_diag(torch.tensor(1), torch.ones(2, 1, "
                              "dtype=torch.int32), torch.tensor([2., 3.])))"),
    ("api_kron", _op("torch.kron(x, v[:2])", f"{_X}\n{_V}")),
    ("api_tensordot", _op("torch.tensordot(x, s, dims=([0], [1]))", f"{_X}\n{_S}")),
    ("api_tensordot_bad", "torch.tensordot(torch.ones(2, 3), torch.ones(2, 4), 1)"),
    # torch 2.13's vander cannot be differentiated (its backward fails with "modified by an
    # inplace operation"): values and grad_fn only
    ("api_vander", _case(f"{_V}\nresult = report(torch.vander(v, 3))")),
    ("api_vander_increasing", _case(f"{_V}\nresult = report(torch.vander(v, increasing=True))")),
    ("api_vander_ints", "print(torch.vander(torch.tensor([1, 2, 3]), 4))"),
    ("api_diag_embed", _op("torch.diag_embed(x, 1, 0, 2)", _X)),
    ("api_diagflat", _op("torch.diagflat(x, -1)", _X)),
    ("api_tril_triu_indices", "print(torch.tril_indices(3, 4, 1), torch.triu_indices(3, 3, -1, "
                              "dtype=torch.int32))"),
    ("api_unfold", _op("x.unfold(1, 2, 1)", _X)),
    ("api_unfold_step", _op("v.unfold(0, 2, 2)", _V)),
    ("api_unfold_bad", "torch.arange(7.).unfold(0, 8, 1)"),
    # ---------------------------------------------------------------- linear algebra
    ("api_cross", _op("torch.linalg.cross(x[:, :3], s)", f"{_X}\n{_S}")),
    ("api_cross_nodim", "print(torch.cross(torch.eye(3), torch.ones(3, 3)))"),
    ("api_addmv", _op("torch.addmv(v[:3], x, v, beta=0.5, alpha=2)", f"{_X}\n{_V}")),
    ("api_addr", _op("torch.addr(x, v[:3], v, alpha=-1)", f"{_X}\n{_V}")),
    ("api_baddbmm", _op("torch.baddbmm(s, s.unsqueeze(0), s.unsqueeze(0), beta=2)", _S)),
    ("api_addbmm", _op("torch.addbmm(s, torch.stack([s, s.t()]), torch.stack([s, s]))", _S)),
    ("api_addmm_inplace", "x = torch.ones(2, 2)\nx.addmm_(torch.eye(2), torch.full((2, 2), 2.))\n"
                          "print(x)"),
    ("api_slogdet", "print(torch.linalg.slogdet(torch.tensor([[1., 2.], [3., 4.]])))\n"
                    "print(torch.slogdet(torch.zeros(2, 2)))"),
    ("api_logdet", _op("torch.logdet(a)", _SQ)),
    ("api_logdet_negative", "print(torch.logdet(torch.tensor([[1., 2.], [3., 4.]])))"),
    ("api_matrix_power", _op("torch.matrix_power(a, 3)", _SQ)),
    ("api_matrix_power_negative", _op("a.matrix_power(-2)", _SQ)),
    ("api_matrix_power_zero", _op("torch.linalg.matrix_power(a, 0)", _SQ)),
    ("api_matrix_exp", _op("torch.matrix_exp(s)", _S)),
    ("api_dist", _op("torch.dist(x, v, 3)", f"{_X}\n{_V}")),
    ("api_cdist", _op("torch.cdist(x, s[:, :1].expand(3, 4) * 0.3, p=1.5)", f"{_X}\n{_S}")),
    ("api_cdist_products", _op("torch.cdist(y, y[:5] * 0.5)", "y = leaf(30, 3)")),
    ("api_cdist_bad_mode", "torch.cdist(torch.ones(2, 2), torch.ones(2, 2), "
                           "compute_mode='fast')"),
    ("api_pdist", _op("torch.pdist(x, 2.5)", _X)),
    ("api_renorm", _op("x.renorm(2, 0, 1.5)", _X)),
    ("api_cosine_similarity", _op("torch.cosine_similarity(x, x.flip(0))", _X)),
    ("api_pairwise_distance", _op("torch.pairwise_distance(x, x.flip(1))", _X)),
    # ---------------------------------------------------------------- reductions
    ("api_diff", _op("torch.diff(x, n=2, dim=1, prepend=x[:, :1] * 2)", _X)),
    ("api_diff_bool", "print(torch.diff(torch.tensor([True, False, False])))"),
    ("api_logcumsumexp", _op("torch.logcumsumexp(x * 100, 1)", _X)),
    ("api_quantile", _op("torch.quantile(x, torch.tensor([0.2, 0.5, 0.9], dtype=torch.float64), "
                         "dim=1, keepdim=True)", _X)),
]
for _interpolation in ("linear", "lower", "higher", "midpoint", "nearest"):
    CASES.append((f"api_quantile_{_interpolation}",
                  _op(f"torch.quantile(x, 0.4, dim=0, interpolation='{_interpolation}')", _X)))
CASES += [
    ("api_nanquantile", _op("torch.nanquantile(torch.where(x > 1, float('nan'), x), 0.3, "
                            "dim=1)", _X)),
    ("api_quantile_bad", "torch.quantile(torch.ones(3), 1.5)"),
    ("api_mode", "x = torch.tensor([[1., 3., 3., 0.], [2., 2., 5., 5.]], requires_grad=True)\n"
                 "m = torch.mode(x, 1)\nprint(m)\nm.values.sum().backward()\nprint(x.grad)"),
    ("api_nanmedian", "x = torch.tensor([[1., float('nan'), 2., 7.], [3., 2., 5., 1.]], "
                      "requires_grad=True)\nprint(torch.nanmedian(x), x.nanmedian(1))"),
    ("api_trapezoid", _op("torch.trapezoid(x) + torch.trapz(x, dx=0.5)", _X)),
    ("api_trapezoid_x", _op("torch.trapezoid(x, v.detach().cumsum(0))", f"{_X}\n{_V}")),
    ("api_cumulative_trapezoid", _op("torch.cumulative_trapezoid(x, dim=0)", _X)),
    ("api_histc", "print(torch.histc(torch.tensor([1., 2., 1., 4., 2.5]), bins=4, min=0, max=4))"),
    ("api_bincount", "print(torch.bincount(torch.tensor([1, 1, 3])), torch.bincount(torch.tensor("
                     "[0, 2]), weights=torch.tensor([0.5, 1.5]), minlength=4))"),
    ("api_bincount_negative", "torch.bincount(torch.tensor([-1, 2]))"),
    ("api_unique_consecutive", "print(torch.unique_consecutive(torch.tensor([1, 1, 2, 2, 3, 1]), "
                               "return_inverse=True, return_counts=True))"),
    ("api_isin", "print(torch.isin(torch.tensor([[1, 2], [3, 4]]), torch.tensor([2, 3])), "
                 "torch.isin(torch.arange(4), 2, invert=True))"),
    # ---------------------------------------------------------------- index writes
    ("api_index_copy", _op("x.index_copy(0, torch.tensor([2, 0]), s[:2, :1].expand(2, 4) * 1)",
                           f"{_X}\n{_S}")),
    ("api_index_copy_inplace", "x = torch.zeros(3, 2)\nx.index_copy_(0, torch.tensor([2]), "
                               "torch.ones(1, 2))\nprint(x)"),
    ("api_index_put", _op("x.index_put((torch.tensor([0, 2]), torch.tensor([1, 3])), v[:2])",
                          f"{_X}\n{_V}")),
    ("api_index_put_accumulate", _op("x.index_put((torch.tensor([0, 0]),), v, accumulate=True)",
                                     f"{_X}\n{_V}")),
    ("api_index_put_inplace", "x = torch.zeros(2, 2)\nx.index_put_((torch.tensor([1]),), "
                              "torch.tensor(5.))\nprint(x)"),
    ("api_put", _op("x.put(torch.tensor([3, 0, -1]), v[:3])", f"{_X}\n{_V}")),
    ("api_put_inplace", "x = torch.zeros(2, 2)\nx.put_(torch.tensor([[1], [3]]), "
                        "torch.tensor([[9.], [8.]]), accumulate=True)\nprint(x)"),
    ("api_masked_scatter", _op("x.masked_scatter(x > 0, s * 2)", f"{_X}\n{_S}")),
    ("api_masked_scatter_short", "torch.zeros(2, 3).masked_scatter(torch.ones(2, 3, "
                                 "dtype=torch.bool), torch.arange(3.))"),
]
for _reduce in ("sum", "prod", "mean", "amax", "amin"):
    for _include in (True, False):
        CASES.append((f"api_scatter_reduce_{_reduce}_{_include}", _op(
            f"x.scatter_reduce(0, torch.tensor([[0, 1, 0, 2], [2, 2, 0, 1]]), s[:2, :1]"
            f".expand(2, 4) * torch.tensor([1., 2., 3., 4.], dtype=torch.float64), "
            f"'{_reduce}', include_self={_include})", f"{_X}\n{_S}")))
CASES += [
    ("api_scatter_reduce_max_alias", _op("x.scatter_reduce(0, torch.tensor([[1, 1, 0, 0]]), "
                                         "x[:1] * 2, 'max')", _X)),
    ("api_scatter_reduce_int_mean", "print(torch.arange(6).scatter_reduce(0, torch.tensor("
                                    "[0, 0, 1]), torch.tensor([5, 3, 2]), 'mean'))"),
    ("api_scatter_reduce_bad", "torch.ones(3).scatter_reduce(0, torch.tensor([0]), "
                               "torch.ones(1), 'maximum')"),
    ("api_fill_diagonal", "print(torch.zeros(7, 3).fill_diagonal_(1, wrap=True), "
                          "torch.zeros(2, 2, 2).fill_diagonal_(5))"),
    ("api_fill_diagonal_grad", "x = leaf(3, 4)\ny = x * 1\ny.fill_diagonal_(0.)\n"
                               "result = report(y, [x])"),
    ("api_fill_diagonal_bad", "torch.zeros(2, 3, 2).fill_diagonal_(1)"),
    # ---------------------------------------------------------------- special functions
    ("api_special_values",
     "x = torch.tensor([-2.5, -0.5, 0.0, 0.3, 1.0, 1.4616321449683622, 2.0, 7.5, 40.0, "
     "float('inf'), -float('inf'), float('nan')], dtype=torch.float64)\n"
     "result = torch.cat([torch.lgamma(x), torch.digamma(x), torch.polygamma(1, x), "
     "torch.polygamma(3, x), torch.erfc(x), torch.i0(x[:-3]), torch.special.i1(x[:-3]), "
     "torch.special.log_ndtr(x), torch.special.ndtr(x)])"),
    ("api_special_poles", "print(torch.lgamma(torch.tensor([0., -1., -2.])), "
                          "torch.digamma(torch.tensor([0., -0., -1.])))"),
    ("api_erfinv_ndtri",
     "p = torch.tensor([-1., -0.999999, -0.5, 0., 1e-300, 0.25, 0.9999999999, 1., 1.5], "
     "dtype=torch.float64)\nresult = torch.cat([torch.erfinv(p), torch.special.ndtri("
     "p.abs().clamp(0, 1))])"),
    ("api_special_float32", "x = torch.linspace(-3, 5, 9)\nresult = torch.cat([x.lgamma(), "
                            "x.erfc(), (x / 6).erfinv(), x.digamma()])"),
    ("api_lgamma_grad", _op("torch.lgamma(p * 3)", _P)),
    ("api_digamma_grad", _op("torch.digamma(p)", _P)),
    ("api_polygamma_grad", _op("torch.polygamma(2, p)", _P)),
    ("api_erfinv_grad", _op("torch.erfinv(p - 0.6)", _P)),
    ("api_erfc_grad", _op("torch.erfc(p * 3)", _P)),
    ("api_mvlgamma", _op("torch.mvlgamma(p + 2, 3)", _P)),
    ("api_i0_grad", _op("torch.i0(p * 5)", _P)),
    ("api_special_i1", _op("torch.special.i1(p * 5)", _P)),
    ("api_special_entr", _op("torch.special.entr(p)", _P)),
    ("api_special_xlog1py", _op("torch.special.xlog1py(p, p * 2)", _P)),
    ("api_special_log_ndtr", _op("torch.special.log_ndtr(p * -20)", _P)),
    ("api_special_ndtri", _op("torch.special.ndtri(p)", _P)),
    ("api_special_ndtr", _op("torch.special.ndtr(p)", _P)),
    ("api_special_aliases", _op("torch.special.expit(p) + torch.special.gammaln(p) + "
                                "torch.special.psi(p) + torch.special.multigammaln(p + 1, 2)", _P)),
    ("api_ldexp", _op("torch.ldexp(p, torch.tensor([[1, -1, 0], [2, 3, -2]]))", _P)),
    ("api_frexp", "x = torch.tensor([0.75, -3.0, 0.0, 1024.5])\nprint(torch.frexp(x))"),
    ("api_nextafter", "print(torch.nextafter(torch.tensor([1.0, 0.0], dtype=torch.float64), "
                      "torch.tensor([2.0, -1.0], dtype=torch.float64)))"),
    ("api_gcd_lcm", "a = torch.tensor([-4, 0, 9, 15])\nb = torch.tensor([6, 0, 6, 10])\n"
                    "print(torch.gcd(a, b), torch.lcm(a, b))"),
    ("api_gcd_float", "torch.gcd(torch.ones(1), torch.ones(1))"),
    ("api_float_power", _op("torch.float_power(p.float(), 2.5)", _P)),
    ("api_float_power_tensor", _op("torch.float_power(p, p)", _P)),
    ("api_float_power_inplace", "x = torch.ones(2, dtype=torch.float64, requires_grad=True)\n"
                                "y = x * 2\ny.float_power_(2)\nprint(y)"),
    ("api_float_power_inplace_float32", "torch.ones(2).float_power_(2)"),
    ("api_isposinf_isneginf_isreal",
     "x = torch.tensor([float('inf'), -float('inf'), 1.0, float('nan')])\n"
     "print(torch.isposinf(x), torch.isneginf(x), torch.isreal(x))"),
]
