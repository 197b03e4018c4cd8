"""Tensor methods given a bad bool, int, float, Number or dtype argument: torch's argument
parser refuses it with a TypeError naming the argument (with its position only when it came
by position), before the op looks at anything else; good calls of the same methods still
work (found by scripts/fuzz_bad_methods.py: ember returned results, or leaked "Boolean value
of Tensor ... is ambiguous" and "only one element tensors ..." from inside its code).

Each case is ``(case_id, python_source)``; the source uses ``torch`` and prints, for every
statement it tries, the type and message of what it raises (or its result).
"""

from __future__ import annotations


def _tries(*statements: str, setup: str = "") -> str:
    """A source that runs each statement after the common setup (x a float 3x4 tensor, y
    another, i an int64 one) and prints the type and message of what it raises, or the
    result's repr."""
    lines = ["import numpy as np", "x = torch.arange(12.0).reshape(3, 4) / 7",
             "y = torch.ones(3, 4)", "i = torch.tensor([0, 2])"]
    lines += [setup] if setup else []
    for statement in statements:
        lines += ["try:", f"    print(repr({statement}))", "except Exception as error:",
                  # (NumPy 1 names its bool numpy.bool_, NumPy 2 numpy.bool)
                  "    print(type(error).__name__, str(error).replace('numpy.bool_', "
                  "'numpy.bool'))"]
    return "\n".join(lines)


# (case id, statements): one per method or family, bad calls first, then a good one
_GROUPS = [
    # int parameters
    ("tril_diagonal", ["x.tril(1.5)", "x.tril('a')", "x.tril(diagonal=1.5)", "x.tril(True)",
                       "x.tril(x)", "x.tril(torch.tensor(1))", "x.tril(np.int64(-1))"]),
    ("triu_in_place", ["x.clone().triu_(1.5)", "x.clone().triu_(diagonal=None)",
                       "torch.ones(2, 2, requires_grad=True).triu_(0.5)",
                       "x.clone().triu_(1)"]),
    ("transpose_dims", ["x.transpose(0, 1.5)", "x.transpose(0, dim1=1.5)",
                        "x.transpose('a', 1)", "x.transpose(0, torch.tensor(1)).shape"]),
    ("transpose_in_place", ["x.clone().transpose_(0, 1.5)", "x.clone().transpose_(float('nan'), 1)",
                            "x.clone().swapdims_(0.5, 1)", "x.clone().swapaxes_(0, None)",
                            "x.clone().transpose_(0, 1).shape"]),
    ("swapaxes_swapdims", ["x.swapaxes(0, 1.5)", "x.swapdims(x, 1)",
                           "x.swapaxes(0, 1).shape"]),
    ("unsqueeze_in_place", ["x.clone().unsqueeze_(float('nan'))", "x.clone().unsqueeze_('a')",
                            "x.clone().unsqueeze_(dim=1.5)", "x.clone().unsqueeze_(0).shape"]),
    ("size_stride_dim", ["x.size(1.5)", "x.size(float('nan'))", "x.size(dim=1.5)",
                         "x.stride(1.5)", "x.stride(dim='a')", "x.size(torch.tensor(1))",
                         "x.stride(np.int64(0))"]),
    ("chunk_chunks", ["x.chunk(1.5)", "x.chunk(x)", "x.chunk(2, dim=0.5)",
                      "[t.shape for t in x.chunk(2)]"]),
    ("unsafe_chunk_split", ["x.unsafe_chunk(x)", "x.unsafe_split([1, 2])",
                            "x.unsafe_split(1, 0.5)", "len(x.unsafe_split(2))"]),
    ("diag_diagonal", ["x.diag(x)", "x.diag(1.5)", "x.diagonal(x)", "x.diagonal(0, 0.5)",
                       "x.diagonal(offset=None)", "x.diagonal(1)"]),
    ("diff_n", ["x.diff(x)", "x.diff(1.5)", "x.diff(1, 'a')", "x.diff(n=2).shape"]),
    ("mvlgamma_p", ["x.mvlgamma(x)", "x.mvlgamma(1.5)", "(x + 2).clone().mvlgamma_(1.5)",
                    "torch.ones(2, requires_grad=True).mvlgamma_(2.5)",
                    "(x + 2).mvlgamma(p=1)[0]"]),
    ("histc_bins", ["x.histc(x)", "x.histc(1.5)", "x.histc(10, x)", "x.histc(10, 0, 'a')",
                    "x.histc(4, 0, 2)"]),
    ("rot90_k", ["x.rot90(1.5)", "x.rot90('a')", "x.rot90(x)", "x.rot90(2).shape"]),
    ("unfold_sizes", ["x.unfold(0, x, 1)", "x.unfold(0, 2, 1.5)", "x.unfold(float('nan'), 2, 1)",
                      "x.unfold(0, 2, 1).shape"]),
    ("select_index", ["x.select(0, 1.5)", "x.select(0.5, 1)", "x.select(0, 'a')",
                      "x.select(0, 1)"]),
    ("matrix_power_n", ["y[:3, :3].matrix_power(1.5)", "y[:3, :3].matrix_power(None)",
                        "y[:3, :3].matrix_power(2)"]),
    ("multinomial_samples", ["y[0].multinomial(1.5)", "y[0].multinomial(2, x)",
                             "y[0].multinomial(2).shape"]),
    ("topk_k", ["x.topk(1.5)", "x.topk(2, largest=x)", "x.topk(2, 1, x)",
                "x.topk(2, sorted='a')", "x.topk(torch.tensor(2)).values"]),
    ("kthvalue_k", ["x.kthvalue(1.5)", "x.kthvalue(1, keepdim=x)", "x.kthvalue(2).values"]),
    ("index_add_dim", ["x.index_add(0.5, i, y[:2])", "x.clone().index_add_(float('nan'), i, y[:2])",
                       "x.index_add(0, i, y[:2], alpha='a')",
                       "x.clone().index_add_(0, i, y[:2], alpha=None)",
                       "x.index_add(0, i, y[:2], alpha=2)"]),
    ("index_copy_dim", ["x.index_copy(float('nan'), i, y[:2])",
                        "x.clone().index_copy_(1.5, i, y[:2])",
                        "x.index_copy(0, i, y[:2]).sum()"]),
    ("scatter_add_dim", ["x.scatter_add(float('nan'), i.view(1, 2), y[:1, :2])",
                         "x.clone().scatter_add_(0.5, i.view(1, 2), y[:1, :2])",
                         "x.scatter_add(0, i.view(1, 2), y[:1, :2]).sum()"]),
    ("gather_dim", ["x.gather(1.5, i.view(1, 2))", "x.gather(1, i.view(1, 2), sparse_grad='a')",
                    "x.gather(1, i.view(1, 2))"]),
    ("diag_embed_offsets", ["x.diag_embed(1.5)", "x.diag_embed(0, 'a')", "x.diagflat(0.5)",
                            "x.diag_embed(1).shape"]),
    ("flatten_dims", ["x.flatten(0.5)", "x.flatten(0, 'a')", "x.flatten(end_dim=None)",
                      "x.flatten(0, 1).shape"]),
    ("cummax_dim", ["x.cummax(1.5)", "x.cummin('a')", "x.logcumsumexp(0.5)",
                    "x.cummax(0).values[2]"]),
    ("round_decimals", ["x.round(decimals=1.5)", "x.round(decimals='a')",
                        "x.round(decimals=1)[1]"]),
    ("unbind_dim", ["x.unbind(1.5)", "x.unbind(dim='a')", "len(x.unbind(1))"]),
    ("bincount_minlength", ["i.bincount(minlength=1.5)", "i.bincount(None, 'a')",
                            "i.bincount(minlength=4)"]),
    ("cov_correction", ["x.cov(correction=0.5)", "x.cov(correction='a')",
                        "x.cov(correction=0).shape"]),
    ("slice_scatter_step", ["x.slice_scatter(y[:1], 0, 0, 1, 1.5)",
                            "x.select_scatter(y[0], 0, 1.5)",
                            "x.diagonal_scatter(y[0, :3], 0.5)",
                            "x.select_scatter(y[0], 0, 1)[1]"]),
    ("scatter_reduce_include_self", [
        "x.scatter_reduce(0, i.view(1, 2), y[:1, :2], 'sum', include_self='a')",
        "x.index_reduce(0, i, y[:2], 'prod', include_self=None)",
        "x.scatter_reduce(0, i.view(1, 2), y[:1, :2], 'sum', include_self=False).sum()"]),
    # float parameters
    ("logit_eps", ["x.logit(x)", "x.logit('a')", "x.clone().logit_(x)", "x.logit(eps=[1])",
                   "x.logit(torch.tensor(0.1))[0]"]),
    ("nan_to_num_values", ["x.nan_to_num(x)", "x.nan_to_num(0.0, x)", "x.nan_to_num([1, 2])",
                           "x.clone().nan_to_num_(0.0, 1.0, 'a')", "x.nan_to_num(neginf=x)",
                           "x.nan_to_num(1.0, 2.0, 3.0)[0]"]),
    ("isclose_tolerances", ["x.isclose(y, x)", "x.isclose(y, 1e-5, 'a')", "x.isclose(y, [1])",
                            "x.isclose(y, rtol=torch.tensor(1.0, requires_grad=True))",
                            "x.isclose(y, 1e-5, 1e-8, 'a')", "x.isclose(y, np.float32(1))[0]"]),
    ("allclose_tolerances", ["x.allclose(y, x)", "x.allclose(y, 1e-5, [1])",
                             "x.allclose(y, atol=None)", "x.allclose(y, 10.0, 10.0, True)"]),
    ("pinverse_rcond", ["x.pinverse(None)", "x.pinverse('a')", "x.pinverse(x)",
                        "x.pinverse(1e-10).shape"]),
    # bool parameters
    ("sum_keepdim", ["x.sum(dim=[0], keepdim=x)", "x.sum(0, x)", "x.sum(0, None)",
                     "x.sum(0, keepdim=True).shape"]),
    ("max_keepdim", ["x.max(1, x)", "x.max(1, keepdim='a')", "x.amax(1, x)",
                     "x.max(1, True).values.shape"]),
    ("median_keepdim", ["x.nanmedian(1, x)", "x.median(1, keepdim=None)",
                        "x.mode(1, 'a')", "x.nanmedian(1, True).values.shape"]),
    ("qr_svd_some", ["y.qr(x)", "y.qr(None)", "y.svd(x)", "y.svd(True, 'a')",
                     "y.svd(some=None)", "y.qr(True).Q.shape"]),
    ("cholesky_upper", ["torch.eye(2).cholesky(None)", "torch.eye(2).cholesky(x)",
                        "torch.eye(2).cholesky_inverse(upper='a')",
                        "torch.eye(2).cholesky(False)"]),
    ("put_accumulate", ["x.put(i, y[0, :2], x)", "x.clone().put_(i, y[0, :2], 'a')",
                        "x.put(i, y[0, :2], accumulate=None)",
                        "x.put(i, y[0, :2], True).sum()"]),
    ("copy_non_blocking", ["x.clone().copy_(y, x)", "x.clone().copy_(y, non_blocking='a')",
                           "x.clone().copy_(y, True).sum()", "x.clone().copy_(1)[0]"]),
    ("index_put_accumulate", ["x.index_put((i,), y[:2], x)",
                              "x.clone().index_put_((i,), y[:2], accumulate='a')",
                              "x.index_put((i,), y[:2], True).sum()"]),
    ("triangular_solve_flags", ["torch.eye(2).triangular_solve(torch.eye(2), x)",
                                "torch.eye(2).triangular_solve(torch.eye(2), True, 'a')",
                                "torch.eye(2).triangular_solve(torch.eye(2)).solution"]),
    # Number parameters
    ("add_alpha", ["x.add(y, alpha='a')", "x.add(y, alpha=x)", "x.add(y, alpha=None)",
                   "x.add(y, alpha=[1])", "x.add(y, alpha=torch.tensor(2.0))[0]",
                   "x.add(y, alpha=np.float32(2))[0]"]),
    ("sub_alpha", ["x.sub(y, alpha='a')", "x.sub(y, alpha=x)", "x.sub(y, alpha=2)[0]"]),
    ("addcmul_value", ["x.addcmul(y, y, value='a')", "x.addcmul(y, y, value=x)",
                       "x.clone().addcdiv_(y, y, value=None)", "x.addcdiv(y, y, value=2)[0]"]),
    ("addmm_beta_alpha", ["x.addmm(y, y.t()[:, :4], beta='a')",
                          "x.addmm(y[:, :3], y, alpha=None)",
                          "x.clone().addmm_(y[:, :3], y, alpha=x)",
                          "x.addmm(y[:, :3], y, beta=0.5, alpha=2)[0]"]),
    ("baddbmm_beta", ["x[None].baddbmm(y[None, :, :3], y[None], beta='a')",
                      "x[None].addbmm(y[None, :, :3], y[None], alpha=None)",
                      "y[0].addmv(y[:, :3].t(), y[:, 0], beta=[1])",
                      "y[0].addr(y[:, 0][:1], y[0], alpha='a')",
                      "x[None].baddbmm(y[None, :, :3], y[None], beta=2).shape"]),
    ("dist_p", ["x.dist(y, 'a')", "x.dist(y, p=x)", "x.dist(y, None)",
                "x.dist(y, torch.tensor(2.0, requires_grad=True))", "x.dist(y, 1)"]),
    ("renorm_p", ["x.renorm(None, 0, 1.0)", "x.renorm(2, 0, 'a')", "x.renorm(2, 0.5, 1.0)",
                  "x.clone().renorm_(2, 0, x)", "x.renorm(2, 0, 1.0)[0]"]),
    ("hardshrink_lambd", ["x.hardshrink(None)", "x.hardshrink('a')", "x.hardshrink(x)",
                          "x.hardshrink(torch.tensor(0.5))[1]"]),
    ("fill_diagonal_value", ["x.clone().fill_diagonal_(None)",
                             "x.clone().fill_diagonal_('a')", "x.clone().fill_diagonal_(x)",
                             "x.clone().fill_diagonal_(1.0, 'a')",
                             "x.clone().fill_diagonal_(torch.tensor(1.0))[0]"]),
    # dtype parameters
    ("cumulative_dtype", ["x.logcumsumexp(0.5)", "x.cumsum(0, dtype=torch.float64).dtype"]),
    ("softmax_dtype", ["x.softmax(0, 'float64')", "x.softmax(0, x)",
                       "x.log_softmax(1, dtype=np.float64)", "x.softmax(0, torch.float64).dtype"]),
    # the in-place forms name themselves and check before the leaf
    ("in_place_leaf_order", ["torch.ones(3, 3, requires_grad=True).tril_(1.5)",
                             "torch.ones(3, requires_grad=True).clamp_(torch.ones(3), x)",
                             "torch.ones(3, 3, requires_grad=True).index_add_(0.5, i, y[:2, :3])",
                             "torch.ones(3, 3, requires_grad=True).renorm_(None, 0, 1.0)"]),
    # the namespace functions name positions from the input, and none for keywords
    ("function_forms", ["torch.tril(x, 1.5)", "torch.tril(x, diagonal=1.5)",
                        "torch.transpose(x, 0, dim1=None)", "torch.topk(x, 2, largest=x)",
                        "torch.dist(x, y, 'a')", "torch.histc(x, 10, x)",
                        "torch.isclose(x, y, atol='a')", "torch.add(x, y, alpha='a')"]),
    # keywords given through a mapping (f(**kw), f(a=1, **kw), a wrapper's **kwargs) name no
    # position; arguments given through *args do
    ("mapped_keywords", ["x.transpose(**kw)", "x.transpose(*args)", "x.transpose(0.5, **rest)",
                         "x.transpose(dim0=0.5, **rest)", "wrapper(0.5, 0)",
                         "wrapper(dim0=0.5, dim1=0)"]),
]

_SETUPS = {"mapped_keywords": "kw = {'dim0': 1.5, 'dim1': 0}\nargs = (1.5, 0)\n"
                              "rest = {'dim1': 0}\n"
                              "def wrapper(*args, **kwargs):\n"
                              "    return x.transpose(*args, **kwargs)"}

CASES = [(f"bad_method_scalar_{name}", _tries(*statements, setup=_SETUPS.get(name, "")))
         for name, statements in _GROUPS]
