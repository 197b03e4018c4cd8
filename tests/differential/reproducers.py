"""Hand-written programs: a reproducer for every root cause of issue 11 (1-16), written as
the generator writes programs, so they go through the same recording and comparison.

Each entry is ``(id, root cause, tolerance class, source)``. A line of source is a
statement; indented lines belong to the statement above (``with`` blocks). The variables a
statement assigns or writes in place are observed after it, and every variable at the end,
with its gradient.
"""

from __future__ import annotations

import re

from .program import Program, Statement

_SETUP = "nan, inf = float('nan'), float('inf')"

REPRODUCERS: list[tuple[str, int, str, str]] = [
    # 1. masked backwards select: an inf/nan upstream gradient where the mask is off gives 0
    ("rc01_relu_sqrt", 1, "arith", """
x = torch.tensor([-1., 4.], requires_grad=True)
torch.relu(x).sqrt().sum().backward()
"""),
    ("rc01_masks_inf_upstream", 1, "arith", """
x = torch.tensor([-2., -0.5, 0., 0.5, 2.], requires_grad=True)
y = torch.tensor([1., -1., 0., 2., -3.], requires_grad=True)
g = torch.tensor([inf, nan, -inf, inf, nan])
a = x.clamp(-1, 1) + torch.where(x > 0, x, y) + torch.maximum(x, y) + torch.minimum(x, y)
a.backward(g)
"""),
    # 2. numbers on either side of integer, uint8 and bool tensors promote as torch
    ("rc02_reflected_promotion", 2, "arith", """
i = torch.tensor([1, 2, 3])
u = torch.tensor([1, 2, 250], dtype=torch.uint8)
a = 1.0 - i
b = 2 / u
c = 1.5 * torch.tensor([True, False])
d = 7.5 // i
e = 2.0 ** u
"""),
    # 3. in place on a view of a leaf that is itself a view
    ("rc03_view_of_view_leaf", 3, "exact", """
w = torch.arange(6.).reshape(2, 3).requires_grad_()
w[0].mul_(2)
"""),
    # 4. dtype= of the sum-like reductions
    ("rc04_reduction_dtype", 4, "reduce", """
u = torch.tensor([200, 100, 7], dtype=torch.uint8)
x = torch.tensor([[1., 2.5], [3., 4.]], requires_grad=True)
a = u.sum(dtype=torch.uint8)
b = u.prod(dtype=torch.int16)
c = u.cumsum(0, dtype=torch.uint8)
d = x.cumprod(1, dtype=torch.float64)
e = x.mean(dtype=torch.float64)
f = torch.softmax(x, 1, dtype=torch.float64)
g = torch.log_softmax(x, 0, dtype=torch.float64)
h = x.norm(dtype=torch.float64)
(d.sum() + e + f[0, 0] + g[1, 1] + h).backward()
"""),
    # 5. integer alpha on uint8 computes in the promoted dtype (modulo 256)
    ("rc05_uint8_alpha", 5, "exact", """
u = torch.tensor([1, 2, 250], dtype=torch.uint8)
a = u.add(u, alpha=2)
b = u.sub(u, alpha=255)
c = torch.add(u, 3, alpha=100)
"""),
    # 6. numerics: std/var of large values, sign(nan), lerp at extremes, float16 sums
    ("rc06_numerics", 6, "reduce", """
x = torch.tensor([1e20, 3e20, 2e20], requires_grad=True)
s = x.std()
v = x.var()
n = torch.tensor([nan, -0.0, 0.0, -2.]).sign()
l = torch.lerp(torch.tensor([3e38, 0., inf]), torch.tensor([-3e38, inf, inf]), 0.5)
h = torch.full((3000,), 1., dtype=torch.float16).sum()
s.backward()
"""),
    ("rc06_transpose_inplace_no_grad_layout", 6, "exact", """
x = torch.arange(6.).reshape(2, 3).requires_grad_()
y = x * 1
v = y[:]
with torch.no_grad():
    v.transpose_(0, 1)
z = v * torch.arange(6.).reshape(3, 2)
z.sum().backward()
"""),
    # 7. the inverse hyperbolic functions in every form
    ("rc07_inverse_hyperbolic", 7, "trans", """
x = torch.tensor([-0.5, 0., 0.5], requires_grad=True)
a = torch.asinh(x) + x.atanh() + torch.acosh(x + 2)
a.sum().backward()
y = x.detach().clone()
y.asinh_()
"""),
    ("rc07_inplace_grad_fn_asinh_backward1", 7, "trans", """
x = torch.tensor([-0.5, 0., 0.5], requires_grad=True)
y = x * 1
y.asinh_()
"""),
    # 8. in place on a view of a non-contiguous tensor
    ("rc08_inplace_view_of_transposed", 8, "arith", """
x = torch.arange(6.).reshape(2, 3).requires_grad_()
y = x.t() * 2
y[0].mul_(3)
y.sum().backward()
"""),
    # 9. in-place writes into an expanded tensor: torch refuses only overlapping elements
    ("rc09_expand_overlap_error", 9, "exact", """
z = torch.zeros(2).expand(3, 2)
z.add_(1)
"""),
    ("rc09_expand_without_overlap", 9, "exact", """
x = torch.zeros(3)
y = x.expand(1, 3)
y.add_(1)
"""),
    ("rc09_setitem_expanded", 9, "exact", """
x = torch.zeros(3, 1)
y = x.expand(3, 4)
y[0] = 2.
"""),
    ("rc09_zero_into_expanded", 9, "exact", """
x = torch.tensor([[0.5, -1.75, 0.0, 3.75]], requires_grad=True)
y = x.trunc()
e = y.expand(2, 1, 4)
e.zero_()
"""),
    ("rc09_fill_expanded_view_then_backward", 9, "exact", """
x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x * 1
e = y.expand(2, 3)
e.fill_(2.)
e.sum().backward()
"""),
    ("rc09_as_strided_zero_stride_write", 9, "exact", """
z = torch.zeros(4).as_strided((2, 2), (0, 1))
z.fill_(3.)
z.add_(1)
"""),
    ("rc09_indexed_writes_into_expanded", 9, "exact", """
e = torch.zeros(3).expand(2, 3)
e.index_put_((torch.tensor([0]),), torch.tensor(7.), accumulate=True)
x = torch.tensor([1., 2., 3.], requires_grad=True)
f = (x * 1).expand(2, 3)
f.masked_fill_(torch.tensor([[True, False, False], [False, False, True]]), 5.)
"""),
    # 10. uint8 with negative or signed integers
    ("rc10_uint8_clamp_negative", 10, "exact", """
u = torch.tensor([0, 2, 250], dtype=torch.uint8)
a = u.clamp(-1, 3)
"""),
    ("rc10_uint8_fill_negative", 10, "exact", """
u = torch.tensor([0, 2, 250], dtype=torch.uint8)
u.fill_(-1)
"""),
    ("rc10_uint8_setitem_negative", 10, "exact", """
u = torch.tensor([0, 2, 250], dtype=torch.uint8)
u[0] = -1
"""),
    ("rc10_uint8_full_negative", 10, "exact", """
a = torch.full((2,), -1, dtype=torch.uint8)
"""),
    ("rc10_uint8_iadd_int64", 10, "exact", """
u = torch.tensor([0, 2, 250], dtype=torch.uint8)
u += torch.tensor([1, -3, 10])
"""),
    ("rc10_uint8_setitem_negative_tensor", 10, "exact", """
u = torch.tensor([[2, 5, 45], [3, 2, 33]], dtype=torch.uint8)
u[-1] = torch.tensor(-1.5)
"""),
    # 11. valid code that failed
    ("rc11_int_pow_negative_exponent", 11, "exact", """
a = torch.tensor([1, 2, -1]) ** torch.tensor([-1, 2, -3])
"""),
    ("rc11_where_zero_dim", 11, "exact", """
a = torch.where(torch.tensor(True))
"""),
    ("rc11_bmm_empty_inner_backward", 11, "exact", """
a = torch.zeros(2, 3, 0, requires_grad=True)
b = torch.zeros(2, 0, 4, requires_grad=True)
c = torch.matmul(a, b)
c.sum().backward()
"""),
    ("rc11_inner_empty_backward", 11, "exact", """
a = torch.zeros(3, 0, requires_grad=True)
b = torch.zeros(2, 0, requires_grad=True)
c = torch.inner(a, b)
c.sum().backward()
"""),
    ("rc11_sub_number_first", 11, "arith", """
x = torch.tensor([1., 2.], requires_grad=True)
a = torch.sub(1.5, x)
a.sum().backward()
"""),
    ("rc11_zero_dim_movedim", 11, "exact", """
a = torch.tensor(3.).movedim(0, 0)
"""),
    ("rc11_zero_dim_mT", 11, "exact", """
a = torch.tensor(3.).mT
"""),
    ("rc11_zero_dim_transpose_", 11, "exact", """
a = torch.tensor(3.)
a.transpose_(0, 0)
"""),
    ("rc11_matrix_norm_2_nuc", 11, "reduce", """
x = torch.tensor([[1., 2.], [3., 4.]], dtype=torch.float64, requires_grad=True)
a = torch.linalg.matrix_norm(x, ord=2)
b = torch.linalg.matrix_norm(x, ord='nuc')
(a + b).backward()
"""),
    ("rc11_det_singular_gradient", 11, "reduce", """
x = torch.tensor([[1., 2.], [2., 4.]], dtype=torch.float64, requires_grad=True)
d = torch.det(x)
d.backward()
"""),
    ("rc11_masked_fill_zero_dim_mask_grad_value", 11, "exact", """
x = torch.tensor([1., 2.], requires_grad=True)
v = torch.tensor(5., requires_grad=True)
a = x.masked_fill(torch.tensor(True), v)
a.sum().backward()
"""),
    # 12. grad_fn names for every call form
    ("rc12_var_mean_name", 12, "reduce", """
x = torch.tensor([1., 2., 4.], requires_grad=True)
a = torch.var_mean(x)
b = torch.std_mean(x)
"""),
    ("rc12_sort_name", 12, "exact", """
x = torch.tensor([3., 1., 2.], requires_grad=True)
a = torch.sort(x)
b = x.sort(descending=True).values
"""),
    ("rc12_div_names", 12, "arith", """
x = torch.tensor([3., 1., 2.], requires_grad=True)
a = x / 2
b = torch.div(x, 2, rounding_mode='trunc')
c = torch.div(x, x, rounding_mode='floor')
d = 2 / x
"""),
    ("rc12_as_strided_after_no_grad_view_write", 12, "exact", """
x = torch.tensor([1., 2., 3., 4.], requires_grad=True)
y = x * 1
v = y[1:]
with torch.no_grad():
    v.mul_(2)
w = y[:2]
"""),
    ("rc12_aminmax_name", 12, "exact", """
x = torch.tensor([3., 1., 2.], requires_grad=True)
a = torch.aminmax(x)
"""),
    ("rc12_product_gradient_names", 12, "arith", """
a = torch.tensor([[1.5, -2.], [0.5, 3.]], requires_grad=True)
b = torch.tensor([[2., 1., -1.], [0.25, -3., 1.]], requires_grad=True)
v = torch.tensor([1., -2.], requires_grad=True)
m = torch.tensor([[4.]], requires_grad=True)
e = torch.einsum('ij,jk->ik', a, b)
ga, gb = torch.autograd.grad(e.sum(), [a, b], create_graph=True)
i = torch.inner(a, b.t())
gi, = torch.autograd.grad(i.sum(), [a], create_graph=True)
p = torch.matmul(m, b[:1])
gm, = torch.autograd.grad(p.sum(), [m], create_graph=True)
s = torch.linalg.solve(a, v)
gv, = torch.autograd.grad(s.sum(), [v], create_graph=True)
n = torch.linalg.matrix_norm(a, ord='nuc')
gn, = torch.autograd.grad(n, [a], create_graph=True)
"""),
    ("rc12_einsum_result_is_a_view", 12, "exact", """
a = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
b = torch.tensor([[0.5, -1.], [2., 0.]], requires_grad=True)
e = torch.einsum('ij,jk->ik', a, b)
e.mul_(2)
p = torch.einsum('ij->ji', torch.zeros(2, 2))
p.add_(1.)
"""),
    ("rc12_inplace_on_view_gradient_is_copyslices", 12, "arith", """
x = torch.tensor([0.5, -1., 2.], requires_grad=True)
y = x.clone()
y[1:].sigmoid_()
g, = torch.autograd.grad(y.sum(), [x], create_graph=True)
h, = torch.autograd.grad(g.sum(), [x])
"""),
    ("rc12_cumprod_split_gradient_names", 12, "arith", """
x = torch.tensor([0., 1.5, 3.], requires_grad=True)
c = torch.cumprod(x, 0)
gc, = torch.autograd.grad(c.sum(), [x], create_graph=True)
piece = torch.split(x, 2)[1]
gs, = torch.autograd.grad((piece * piece).sum(), [x], create_graph=True)
"""),
    # 13. in-place comparisons and floor division keep autograd's bookkeeping
    ("rc13_inplace_comparison_requires_grad", 13, "exact", """
x = torch.tensor([-1., 2.], requires_grad=True)
y = x * 1
y.gt_(0)
"""),
    ("rc13_floor_divide_requires_grad", 13, "exact", """
x = torch.tensor([-1., 5.], requires_grad=True)
a = x // 2
"""),
    ("rc13_clamp_inplace_tensor_bound_grad", 13, "exact", """
x = torch.tensor([-1., 5.])
t = torch.tensor([0., 1.], requires_grad=True)
x.clamp_(max=t)
"""),
    # 14. code torch rejects
    ("rc14_rsub_bool", 14, "exact", """
a = 1.0 - torch.tensor([True, False])
"""),
    ("rc14_logical_number", 14, "exact", """
a = torch.tensor([1., 0.]).logical_xor(1)
"""),
    ("rc14_inplace_on_unbind_output", 14, "exact", """
x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
y = x * 1
a = y.unbind()[0]
a.mul_(2)
"""),
    ("rc14_inplace_on_split_with_sizes_output", 14, "exact", """
x = torch.tensor([[1., 2.], [3., 4.], [5., 6.]], requires_grad=True)
a, b = torch.split_with_sizes(x * 1, [1, 2])
c = a.sum() + b.sum()
b.add_(1)
"""),
    ("rc14_randperm_negative", 14, "exact", """
a = torch.randperm(-1)
"""),
    ("rc14_duplicate_dims", 14, "exact", """
a = torch.ones(2, 3).sum((0, 0))
"""),
    ("rc14_heaviside_mixed_dtypes", 14, "exact", """
a = torch.heaviside(torch.tensor([-1., 2.]), torch.tensor([1], dtype=torch.int16))
"""),
    ("rc14_clamp_max_huge_on_float32", 14, "exact", """
a = torch.tensor([1., 2.]).clamp_max(1e300)
"""),
    # 15. NumPy exceptions leaking instead of torch's
    ("rc15_take_along_dim_shapes", 15, "exact", """
a = torch.take_along_dim(torch.ones(2, 3), torch.tensor([[0, 1, 2, 0]]), dim=1)
"""),
    ("rc15_index_zero_dim", 15, "exact", """
x = torch.zeros(())
x[0] = 1.
"""),
    ("rc15_setitem_overflow", 15, "exact", """
x = torch.zeros(2, dtype=torch.int16)
x[0] = 2**40
"""),
    ("rc15_take_along_dim_bad_index_shape", 15, "exact", """
x = torch.tensor([[[-1.5, 2.0, 0.5]], [[1.5, -0.75, -0.5]]])
a = torch.take_along_dim(x, torch.tensor([[[0, 0]]]), dim=1)
"""),
    ("rc15_logical_and_number", 15, "exact", """
a = torch.ones(2).logical_and(7)
"""),
    # 16. NumPy floating-point warnings; anomaly mode queries
    ("rc16_fp_warnings", 16, "trans", """
x = torch.tensor([0., -1., 2.])
a = torch.log(x)
b = x / 0
c = torch.sqrt(x)
"""),
    ("rc16_float16_overflow_warnings", 16, "exact", """
a = torch.full((1, 1), 3e+38, dtype=torch.float16)
b = torch.tensor([[-2.9], [0.25]], dtype=torch.float16)
b.addcmul_(torch.tensor(70000.0), torch.tensor(70000.0))
"""),
    ("rc16_anomaly_queries", 16, "exact", """
a = torch.is_anomaly_enabled()
b = torch.is_anomaly_check_nan_enabled()
"""),
    # leftovers of items 1-8: forward mode through a transposed view
    ("rc06_forward_ad_transposed_view", 6, "trans", """
x = torch.tensor([[1., 2., 3.], [4., 5., 6.]])
with torch.autograd.forward_ad.dual_level():
    d = torch.autograd.forward_ad.make_dual(x, torch.ones_like(x))
    t = torch.autograd.forward_ad.unpack_dual(d.t().exp()).tangent
"""),
]

# Differences the sweeps found outside the issue's list (fixed ones stay as regressions).
FOUND: list[tuple[str, str, str]] = [
    ("found_trace_uint8_sums_in_int64", "exact", """
u = torch.tensor([[173, 1, 114], [4, 2, 254]], dtype=torch.uint8)
a = torch.trace(u)
"""),
    ("found_addmm_integer_scalars_truncate", "exact", """
a = torch.addmm(torch.tensor([-3, 3, -3]), torch.tensor([[-2, -2]]),
                torch.tensor([[5, 4, -4], [-1, 4, -3]]), beta=0.5)
b = torch.addmm(torch.tensor([-3, 3, -3]), torch.tensor([[-2, -2]]),
                torch.tensor([[5, 4, -4], [-1, 4, -3]]), beta=-1.5, alpha=2.5)
"""),
    ("found_pow_int8_base_exponent_gradient", "arith", """
e = torch.tensor([2.5, 1.5, 1.], requires_grad=True)
a = torch.tensor([2, 3, 0], dtype=torch.int8) ** e
a.sum().backward()
"""),
    ("found_relu_keeps_negative_zero", "exact", """
a = torch.tensor([-0.0, 0.0, -1.0, 2.0]).relu()
"""),
    ("found_trace_backward_selects_the_diagonal", "exact", """
t = torch.tensor([[1., 2., 3.]], requires_grad=True)
torch.trace(t).acos().square().backward()
"""),
    ("found_nanmean_float16_dtype", "arith", """
x = torch.tensor([-2.5, 1.0], requires_grad=True)
a = torch.nanmean(x, dtype=torch.float16)
a.backward()
"""),
    ("found_round_decimals_float16_in_float32", "exact", """
a = torch.tensor([1.65, 250., 0.375], dtype=torch.float16).round(decimals=1)
b = torch.tensor([1.65, 250., 0.375], dtype=torch.float16).round(decimals=2)
"""),
    ("found_neg_inplace_on_strided_float32_view", "exact", """
x = torch.tensor([[-2.0, -0.125, 1.07, 1.0], [-2.0, 1.0, -0.125, -2.5]])
v = x[:, 1]
v.neg_()
"""),
    ("found_heaviside_nan_is_zero", "exact", """
a = torch.heaviside(torch.tensor([nan, -1., 0., 2.]), torch.tensor([0.5, 0.5, 0.25, 0.5]))
"""),
    ("found_stale_view_after_base_inplace", "arith", """
x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x * 1
v = y[2]
y.mul_(10)
v.backward()
"""),
    ("found_stale_view_after_base_setitem", "arith", """
x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x * 1
v = y[2]
y[torch.tensor([False, False, True])] = torch.tensor([5.])
v.backward()
"""),
    ("found_clamp_max_keeps_negative_zero", "exact", """
a = torch.tensor([-0.0, 0.0, -1.0, 2.0]).clamp_max(0)
b = torch.tensor([-0.0, 0.0, -1.0, 2.0]).clamp(max=0)
"""),
    ("found_float_out_of_uint8_range_refused", "exact", """
u = torch.tensor([[0, 98, 1], [91, 50, 1]], dtype=torch.uint8)
u[torch.tensor([True, True])] = -0.5
"""),
    ("found_setitem_zero_dim_is_a_copy", "exact", """
x = torch.tensor(1e-07, dtype=torch.float64)
v = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
x[()] = v
y = torch.zeros(2)
y[...] = v.float()
"""),
    ("found_lerp_checks_dtypes_first", "exact", """
a = torch.lerp(torch.tensor([-2, 6], dtype=torch.int8), torch.tensor([1, 2], dtype=torch.int8),
               torch.tensor(0.5, dtype=torch.float64))
b = torch.lerp(torch.tensor([-2, 6], dtype=torch.int8), torch.zeros((), dtype=torch.int64), 0.5)
"""),
    ("found_logaddexp_refuses_integers", "exact", """
a = torch.tensor([[2, -4], [5, -2]]).logaddexp(torch.tensor([[True], [False]]))
"""),
    ("found_logaddexp_refuses_numbers", "exact", """
a = torch.tensor([1.5, 2.0]).logaddexp(-4.0)
"""),
    ("found_heaviside_refuses_mixed_dtypes", "exact", """
a = torch.heaviside(torch.tensor([-5, 0], dtype=torch.int16), torch.tensor([-5, -3]))
"""),
    ("found_logical_ops_refuse_numbers", "exact", """
a = torch.tensor([-2, 5, 6]).logical_or(1.0)
"""),
    ("found_comparison_function_refuses_number_input", "exact", """
a = torch.le(3, torch.zeros((2, 2)))
"""),
    ("found_inplace_comparison_into_integers_records", "exact", """
i = torch.tensor([-1, 2], dtype=torch.int8)
w = torch.tensor(1.0, requires_grad=True)
i.gt_(w)
x = torch.tensor([1., 0.], requires_grad=True)
y = x * 1
y.logical_xor_(torch.tensor([1, 0]))
"""),
    ("found_sort_stable_takes_keywords_only", "exact", """
a = torch.sort(torch.tensor([3, 1, 2], dtype=torch.int16), 0, stable=True)
"""),
    ("found_scatter_reduce_modes", "exact", """
x = torch.tensor([1., 2., 3.], requires_grad=True)
a = x.scatter(0, torch.tensor([0, 0, 2]), torch.tensor([4., 5., 6.]), reduce='add')
b = x.scatter(0, torch.tensor([0, 0, 2]), 2.0, reduce='multiply')
c = torch.tensor([1, 2, 3]).scatter(0, torch.tensor([0, 0, 2]), 2.5, reduce='multiply')
u = torch.ones((2,), dtype=torch.uint8)
d = u.scatter(0, torch.tensor([]), torch.zeros((0,), dtype=torch.uint8))
"""),
    ("found_take_along_dim_shape_error", "exact", """
a = torch.take_along_dim(torch.ones((3, 3), dtype=torch.bool), torch.tensor([[0, 0]]), dim=0)
"""),
    ("found_fill_beyond_float16_range_refused", "exact", """
a = torch.full((3,), -1e+30, dtype=torch.float16)
"""),
    ("found_setitem_beyond_float32_range_refused", "exact", """
h = torch.zeros((2, 2), dtype=torch.float16)
h[0] = 1e+300
x = torch.zeros((1, 3))
x[1:, 1] = 1e+300
"""),
    ("found_index_put_needs_one_dtype", "exact", """
m = torch.zeros((2,), dtype=torch.float64)
m[torch.tensor([True, False])] = torch.tensor(2.)
i = torch.zeros((2,), dtype=torch.int64)
i[torch.tensor([], dtype=torch.long)] = torch.full((), -4, dtype=torch.int32)
"""),
    ("found_bitwise_inplace_checks_cast_first", "exact", """
t = torch.tensor([1, 2])
t.bitwise_and_(2.5)
"""),
    ("found_bitwise_inplace_checks_shape_first", "exact", """
t = torch.tensor(1.5)
t ^= torch.tensor([-1.5], dtype=torch.float64)
"""),
    ("found_masked_fill_integers_with_grad_value", "exact", """
v = torch.tensor(2.5, requires_grad=True)
i = torch.tensor([[3, 4]])
i.masked_fill_(i > 3, v)
j = torch.tensor([[3, 4]]).masked_fill(torch.tensor([True, False]), v)
"""),
    ("found_setitem_into_view_leaf_refused", "exact", """
x = torch.arange(1, 5, dtype=torch.float64).reshape((2, 2)).requires_grad_()
x[torch.tensor([False, True])] = False
"""),
    ("found_round_decimals_refuses_integers", "exact", """
a = torch.tensor([1, 6, 2]).round()
b = torch.tensor(99, dtype=torch.uint8).round(decimals=0)
"""),
    ("found_cumulative_in_place_and_empty", "exact", """
a = torch.ones((0, 0), dtype=torch.int64).cummax(-2)
b = torch.ones((0,), requires_grad=True).cummin(0)
t = torch.tensor([False, True])
t.cumsum_(-1)
"""),
    ("found_softmax_of_empty_integers", "exact", """
a = torch.ones((0,), dtype=torch.int64).log_softmax(-1)
b = torch.zeros((0,), dtype=torch.bool).softmax(0)
"""),
    ("found_searchsorted_bool", "exact", """
a = torch.searchsorted(torch.tensor([1, 2]), True)
b = torch.searchsorted(torch.tensor([True, False, True]), torch.ones((), dtype=torch.bool))
"""),
    ("found_einsum_mixed_dtypes", "exact", """
a = torch.einsum('ij,jk->ik', torch.tensor([[0.5]]), torch.ones((1, 2), dtype=torch.int64))
i8, u8 = torch.tensor([1, -2], dtype=torch.int8), torch.tensor([3, 4], dtype=torch.uint8)
b = torch.einsum('i,j->ij', i8, u8)
c = torch.einsum('ij,jk->ik', torch.ones((2, 2)), torch.ones((2, 2), dtype=torch.float64))
"""),
    ("found_remainder_number_first_not_differentiable", "exact", """
x = torch.tensor([-2.0, 1.0], requires_grad=True)
a = torch.remainder(3, x)
b = 1 % x
b.sum().backward()
"""),
    ("found_nanmean_refuses_integers", "exact", """
a = torch.tensor([6, 4, -3]).nanmean(dtype=torch.float32)
"""),
    ("found_addcdiv_integer_division_first", "exact", """
a = torch.addcdiv(torch.tensor([False]), torch.tensor([False]), torch.tensor([False]))
"""),
    ("found_no_grad_view_written_in_place", "exact", """
x = torch.tensor([0.56, 2.0], requires_grad=True)
y = x * 1
with torch.no_grad():
    v = y.t()
    v.mul_(2)
"""),
    ("found_setitem_into_integers_with_grad_value", "exact", """
w = torch.tensor(-2.5, requires_grad=True)
a = torch.tensor([[4, 1, -1]])
a[-1] = w
b = torch.tensor([1, 0])
b[0] = w
c = torch.zeros((3, 2), dtype=torch.int64)
c[torch.tensor([0, 2])] = w
"""),
    ("found_addcdiv_backward_integer_divisor", "exact", """
w = torch.ones((), dtype=torch.float32, requires_grad=True)
a = torch.addcdiv(torch.tensor(6), w, torch.tensor(-2, dtype=torch.int8), value=0.5)
a.mean().backward()
"""),
    ("found_mean_float16_dtype_of_wider_input", "arith", """
x = torch.tensor([[3.75, 70000.0], [2.22, 1.5], [0.91, -1.6965]], dtype=torch.float64,
                 requires_grad=True)
a = x.mean(dtype=torch.float16)
a.backward()
"""),
    ("found_cummin_values_are_contiguous", "exact", """
c = torch.cummin(torch.full((1, 2, 2), 3, dtype=torch.int64), 2).values
f = torch.flatten(c)
f[-2] = True
"""),    # an in-place write into a view of integers, recorded because the operand requires
    # grad, still refuses the float result (sweep h11-s5-first:7753)
    ("found_inplace_view_of_integers_float_operand", "exact", """
i = torch.tensor([[6, 3]], dtype=torch.int16)
w = torch.tensor(-3.0, requires_grad=True)
v = i[0:]
v.mul_(w)
"""),    # sgn's node keeps x and its result (sign's keeps nothing): its output written in place
    # before backward is torch's version error (sweep h11-s5-first:1392)
    ("found_sgn_saves_its_output", "exact", """
x = torch.tensor([2.9, -0.5], requires_grad=True)
y = x.sgn()
y.deg2rad_()
y.sum().backward()
"""),    # clamp with tensor bounds: a nan x (or bound) gets no gradient (sweep h11-s5-mid:19300)
    ("found_clamp_tensor_bounds_nan_gradient", "exact", """
x = torch.tensor([[[2.37]], [[-0.5]], [[0.13]]], dtype=torch.float64, requires_grad=True)
z = torch.zeros((3, 1, 1), dtype=torch.float64)
a = torch.clip(torch.addcdiv(x, z, z), max=z)
g, = torch.autograd.grad(a.sum(), [x], create_graph=True)
"""),
    # float16 relu/clamp keep x on a tie (-0.0) as float32 does (sweep h11-s5-mid:13396)
    ("found_float16_relu_clamp_keep_negative_zero", "exact", """
x = torch.tensor([-0.0, 0.0, -1.0, 2.0], dtype=torch.float16)
a = torch.relu(x)
b = x.clamp(min=0)
c = x.clamp_max(-0.0)
d = x.clamp(min=torch.zeros(4, dtype=torch.float16))
"""),    # an operand kept only for gradients nobody wants is not kept: a later write into it
    # does not spoil the backward, and a node that kept nothing runs twice
    # (sweep h11-s6-start-2202:2099, :19779, :14285, :11255)
    ("found_saved_only_for_wanted_gradients", "arith", """
a = torch.tensor([-1.0, -1.05, -2.87], requires_grad=True)
i = torch.tensor(5)
j = torch.tensor([-3, -5, 4])
w = torch.tensor([-1.0, 3.75, 2.09], requires_grad=True)
f = torch.fmod(a, i) + torch.remainder(a, j)
c = torch.copysign(j, w)
i.add_(1)
j.add_(1)
f.sum().backward()
c.sum().backward()
p = torch.addcmul(a, j, j, value=2)
p.sum().backward()
g, = torch.autograd.grad(p.sum(), [a])
"""),
    # ... but a saved number is a saved (wrapped) tensor in torch: freed by the first pass
    ("found_saved_number_is_freed", "exact", """
x = torch.tensor([1.0, 2.0], requires_grad=True)
y = x * 2
y.sum().backward()
y.sum().backward()
"""),
    # an elementwise in-place op whose operand shares part of the written memory, or all of
    # it in another layout, is refused (sweep h11-s6-start-2202:17251, :335, :2132)
    ("found_inplace_partial_overlap_element", "exact", """
x = torch.tensor([2.96, -4.0, -4.0, 2.4])
y = x.clone()
y.add_(y)
x.lt_(x[0])
"""),
    ("found_inplace_partial_overlap_transposed", "exact", """
m = torch.tensor([[1.0, -2.0], [3.0, 0.5]])
m.clip_(m.mT)
"""),    # a view of a view made a leaf is a view of a leaf (its base): writes into it are refused
    # (sweep h11-s6-start-2202:7269, :17332)
    ("found_view_of_view_leaf_inplace", "exact", """
a = torch.arange(-2.0, 0.0).reshape((2, 1)).requires_grad_()
v = a.t()
v[0:1, 1] = -2.0
"""),
    # views made before an in-place write made their base require grad require grad too
    # (sweep h11-s6-start-2202:5635, :11750)
    ("found_view_requires_grad_after_base_write", "reduce", """
x = torch.tensor([[1.54, -0.5, -1.74], [0.2383, 3.0, 3.75]])
v = x.swapaxes(1, 0)
w = x.view(-1)
m = torch.full((1,), 1.5, requires_grad=True)
x.clamp_min_(m)
a = v[1:, 1]
b = torch.var(w, (0,))
(a.sum() + b).backward()
"""),
    # a view of integers written with a value requiring grad records on its base
    # (sweep h11-s6-start-2202:12394)
    ("found_integer_view_setitem_records", "exact", """
u = torch.arange(1, 7, dtype=torch.uint8).reshape((3, 2))
w = torch.tensor(-2.94, dtype=torch.float64, requires_grad=True)
u[:3] = w
i = torch.arange(1, 7).reshape((3, 2))
i[1] = w
"""),
    # comparing with a number beyond the dtype's range: no NumPy overflow warning
    # (sweep h11-s6-start-2202:3273, :16040, :19806)
    ("found_comparison_with_huge_number_quiet", "exact", """
x = torch.tensor([[2.65], [3.75]])
a = x == 1e300
b = x.ge(1e300)
h = torch.tensor([1.0, 2.0], dtype=torch.float16)
c = h.eq(2147483648)
"""),    # torch's exception types where NumPy's leaked or ember checked in another order
    # (sweep h11-s6-start-2202:1349, :13832, :2480, :8710, :14052)
    ("found_index_add_source_shape", "exact", """
x = torch.tensor([2.8, -2.1, 2.4, 0.0])
s = torch.tensor([[3.0, 3.0, 4.0, 3.0]], requires_grad=True)
y = x.index_add(0, torch.tensor([0]), s)
"""),
    ("found_bitwise_shapes_before_dtype", "exact", """
x = torch.ones((3, 2, 2))
y = torch.bitwise_or(x, torch.ones(12))
"""),
    ("found_bmm_bool_self_first", "exact", """
b = torch.tensor([[[True, False], [False, True]]])
y = torch.bmm(b, torch.ones((1, 2, 2), dtype=torch.int16))
"""),
    ("found_addmm_bool_has_no_kernel", "exact", """
b = torch.tensor([[True, False], [False, True]])
i = torch.ones((2, 2), dtype=torch.int64)
a = torch.addmm(i[0], i, i, beta=0.5)
y = torch.addmm(b[0], b, b, beta=0.5)
"""),
    ("found_setitem_dtype_before_bounds", "exact", """
i = torch.tensor([1], dtype=torch.int32)
w = torch.tensor([-1.1, -2.5], dtype=torch.float64, requires_grad=True)
i[torch.tensor([1, -2])] = w
"""),    # retain_grad follows a tensor to the grad_fn an in-place write gives it: .grad is the
    # gradient of its value after the write (sweep h11-s6-start-2202:16295)
    ("found_retain_grad_follows_inplace", "trans", """
x = torch.tensor([[0.0], [1.0]], requires_grad=True)
a = torch.fmin(torch.tensor([[0.5], [-1.0]]), x)
a.retain_grad()
a[torch.tensor([0, 1])] = 5
a.sum().backward()
b = x * 2
b.retain_grad()
b[0].mul_(3)
(b * b).sum().backward()
c = x * 1
c.retain_grad()
c.exp_()
c.sum().backward()
"""),    # a copy into an integer view that a call returned with others (chunk) records nothing,
    # so torch allows it (sweep h11-s6-start-2202:13695)
    ("found_integer_multi_output_view_copy", "exact", """
i = torch.tensor([[[2, -4, 1]]])
c = torch.chunk(i, 2, 0)[0]
w = torch.tensor([[3.0, 0.25, -4.0]], dtype=torch.float64, requires_grad=True)
c[:] = w
c[0, 0, 1] = w[0, 0]
"""),    # the order of torch's checks (sweep h11-s6-helper-2251:12487, :19043, :4560)
    ("found_dot_sizes_before_bool", "exact", """
y = torch.dot(torch.tensor([True, False, True]), torch.zeros(4, dtype=torch.bool))
"""),
    ("found_lerp_shapes_before_dtype", "exact", """
y = torch.lerp(torch.zeros(3, dtype=torch.int64), torch.zeros((2, 2, 3), dtype=torch.int64),
               torch.zeros(2, dtype=torch.int64))
"""),
    ("found_setitem_view_refusal_before_mask", "exact", """
x = torch.full((3, 1, 3), 3.75, dtype=torch.float64, requires_grad=True)
v = torch.chunk(x, 3, 0)[0]
w = torch.tensor([0.0, 1.77, -2.5], dtype=torch.float64, requires_grad=True)
v[torch.tensor([False, True, True])] = w
"""),    # a node whose derivative torch does not implement raises before a leaf beside it gets a
    # gradient (torch runs it first) (sweep h11-s6-start-2202:5147, :6427)
    ("found_not_implemented_runs_before_leaves", "exact", """
x = torch.tensor([-1.0, 3.75, 3.0, -1.4], requires_grad=True)
w = torch.tensor(1.6, requires_grad=True)
y = x // 2 + w
y.sum().backward()
"""),
    # float16 times or divided by a number (or a 0-d tensor of another dtype): torch computes
    # in float32 and rounds once, gradients too (issue 11, fifth session's end)
    ("found_float16_number_operand_in_float32", "exact", """
x = torch.tensor([1e-3, 0.7, -3.0, 100.0, 6e-5, 0.3], dtype=torch.float16, requires_grad=True)
g = torch.tensor([0.5, -1.25, 3.0, 0.1, 7.0, 0.3], dtype=torch.float16)
a = x * 0.1
b = x / 1e-5
c = x * 1e5
d = 0.3 / x
e = x * torch.tensor(0.1, dtype=torch.float64)
f = torch.div(x, 0.1, rounding_mode='floor')
h = x.detach().clone().mul_(1 / 3)
a.backward(g)
"""),
    # torch's kernels convert a number to the type they compute in and refuse one it cannot
    # hold: float16 for a float16 x ** n, float (float16 computes in float32) for
    # addcmul/addcdiv's value and lerp's weight (issue 11, fifth session's end; values:
    # tests/reference/cases_half_gradients.py)
    ("found_half_pow_refuses_exponent_beyond_half", "exact", """
x = torch.tensor([1.0, -0.5, 2.0], dtype=torch.float16)
a = x ** 65504.0
b = x ** 70000.0
"""),
    ("found_addcmul_value_beyond_float", "exact", """
h = torch.tensor([1.0, 1e-3, -2.0], dtype=torch.float16)
a = torch.addcmul(h, h, h, value=1e5)
b = torch.addcdiv(h, h, h, value=-1e5)
c = torch.addcmul(h.float(), h.float(), h.float(), value=1e39)
"""),
    ("found_lerp_weight_beyond_float", "exact", """
h = torch.tensor([1.0, 1e-3, -2.0], dtype=torch.float16)
a = torch.lerp(h, h * 2, 1e5)
b = torch.lerp(h, h * 2, 1e39)
"""),
    # sweep h11-s8-a (eighth session's start), each the shrunk program
    # torch makes the number a tensor of the result's dtype, refusing one it cannot hold
    ("found_where_number_beyond_dtype", "exact", """
x = torch.arange(-2, 7, dtype=torch.float32).reshape((3, 3, 1)).requires_grad_()
a = torch.where(x > 0, x.half(), 1e5)
b = torch.where(x > 0, x, 1e+300)
"""),
    # a number first with alpha computes in the result's dtype (int8: a float alpha refused)
    ("found_add_number_first_alpha", "exact", """
u = torch.tensor([[3, 200]], dtype=torch.uint8)
a = torch.add(2.5, u, alpha=3)
b = torch.add(7, u, alpha=3)
c = torch.add(7, torch.tensor([[-3, 4]], dtype=torch.int8), alpha=0.5)
"""),
    # the value is converted before the indices' range is checked
    ("found_index_fill_value_before_range", "exact", """
i = torch.tensor([5, 2147483646, 6, 0], dtype=torch.int32)
v = torch.split(i, 2, 0)[0]
a = v.index_fill(0, torch.tensor([2], dtype=torch.long), float('inf'))
"""),
    # torch's formulas subtract a bool operand (b - a, exponent - 1): refused
    ("found_logaddexp_bool_operand_gradient", "exact", """
x = torch.tensor([[4.0, 2.6], [-1.91, -3.0]], requires_grad=True)
m = torch.tensor([[False, True], [False, False]])
y = torch.logaddexp(m, x)
y.sum().backward()
"""),
    ("found_pow_bool_exponent_gradient", "exact", """
x = torch.arange(1, 7, dtype=torch.float32).reshape((2, 3)).requires_grad_()
y = torch.pow(x, torch.ones((3,), dtype=torch.bool))
y.mean().backward()
"""),
    # chunk of a dim without elements is split_with_sizes; reshape of a tensor that is not
    # contiguous but can be viewed is _reshape_alias
    ("found_chunk_empty_dim_and_reshape_alias_names", "exact", """
x = torch.ones((3, 0), dtype=torch.float16, requires_grad=True)
a = torch.chunk(torch.lerp(x, x, 0.25), 2, 1)
w = torch.arange(27.).reshape(3, 3, 3).requires_grad_()
b = torch.reshape(w.mT, (3, 3, 3))
c = w[:, :2].reshape(3, 6)
d = (w * 1).reshape(9, 3)
"""),
    # a float gradient with an integer operand computes in the gradient's dtype, as torch's
    # kernels (NumPy: float16 with int64 in float64, so 2**63 and 70000 were finite)
    ("found_half_gradient_with_integer_operand", "exact", """
x = torch.full((3,), -1.7, dtype=torch.float16, requires_grad=True)
i = torch.tensor([6, 70000, 9223372036854775806])
y = x * i + x / i
y.backward(torch.tensor([0.7, 0.7, float('inf')], dtype=torch.float16))
"""),
    # logit's gradient at 0 and 1 is g * inf (+inf at -0.0), as torch's kernel
    ("found_logit_gradient_at_signed_zero", "exact", """
x = torch.tensor([[0.76, -2.0], [0.9, -3.0], [-4.0, -1.2]], requires_grad=True)
y = x.remainder(-1.0).logit()
y.mean().backward()
"""),
    # integers made to require grad in place (masked_fill_ with a value that does): torch
    # refuses views and differentiable ops of them, records in-place ops (sixth session)
    ("found_integers_requiring_grad_refuse_views", "exact", """
w = torch.tensor(1.5, requires_grad=True)
i = torch.tensor([[1, 2], [3, 4]])
i.masked_fill_(i > 2, w)
a = i.view(4)
b = i[0]
c = i + 1
d = i.sum()
i.add_(1)
e = i.float()
f = i > 2
"""),
    # a second backward through nodes that saved an index or mask: torch freed them
    ("found_second_backward_through_saved_indices", "exact", """
x = torch.tensor([[3.0, -1.0, 2.0], [0.5, 4.0, -2.0]], requires_grad=True)
s = x.sort(1).values.sum() + x.gather(1, torch.tensor([[0], [2]])).sum()
s.backward()
s.backward()
t = (x.cummax(1).values + torch.where(x > 0, x, 0.0)).sum()
t.backward()
t.backward()
u = x.index_add(0, torch.tensor([1, 0]), torch.ones(2, 3)).sum() + x[0].sum()
u.backward()
u.backward()
"""),
    # ops whose node keeps their input in torch: written in place before backward, its
    # version error
    ("found_inputs_saved_by_index_ops", "exact", """
x = torch.tensor([[3.0, -1.0, 2.0], [0.5, 4.0, -2.0]], requires_grad=True)
y = x * 1
a = y.take(torch.tensor([0, 5]))
b = y.masked_select(y > 0)
y.mul_(2)
a.sum().backward()
b.sum().backward()
z = x * 1
c = z.triu()
z.add_(1)
c.sum().backward()
"""),
    # sweep h11-s8-b: hypot keeps each operand only for its own gradient (writing the other
    # in place later is no error), and a bool mm/mv/matmul with nothing to multiply is
    # returned before torch picks a kernel
    ("found_hypot_keeps_each_operand_for_its_gradient", "arith", """
x = torch.tensor([[1.0, 0.29, 3.0], [-1.6788, -2.5, -2.12]], dtype=torch.float64,
                 requires_grad=True)
c = torch.tensor([[1.5, 1.2345, -1.5], [-2.0305, -0.59, -4.0]], dtype=torch.float64)
y = torch.hypot(x, c)
c[torch.tensor([-1, 1])] = torch.tensor([-1.0, 2.0, 2.3351], dtype=torch.float64)
g, = torch.autograd.grad(y.sum(), [x], create_graph=True)
"""),
    ("found_matmul_bool_nothing_to_multiply", "exact", """
b = torch.tensor([[True, True]])
a = torch.matmul(b, torch.zeros((2, 0), dtype=torch.bool))
c = torch.mm(torch.zeros((1, 0), dtype=torch.bool), torch.zeros((0, 2), dtype=torch.bool))
d = torch.matmul(torch.zeros((3, 1, 2), dtype=torch.bool), torch.zeros((2, 0), dtype=torch.bool))
e = torch.matmul(b, torch.zeros((2, 2), dtype=torch.bool))
"""),
    # a view made before a write made its base require grad: an index write through it
    # keeps the base's history (sweep h11-s8-b: the earlier write's gradient was lost), an
    # in-place op on it is torch's in-place op on a leaf (its node not made anew yet)
    ("found_stale_view_writes_keep_the_base_history", "exact", """
a = torch.zeros((3, 2))
v = a.T
w = torch.ones(2, requires_grad=True)
a[0] = w
v[0] = 1
a.sum().backward()
"""),
    ("found_stale_view_inplace_is_a_leaf_write", "exact", """
a = torch.ones((2, 3))
v = a.view(-1)
w = torch.ones((1, 3), requires_grad=True)
a[::2] = w
v.atan2_(torch.tensor(0.5))
"""),
    # cat's skipped empty 1-d inputs get empty zeros as gradient (sweep h11-s8-end:4009)
    ("found_cat_skipped_empty_input_gradient", "exact", """
x = torch.ones((0, 2), dtype=torch.float64, requires_grad=True)
e = torch.zeros((0,), dtype=torch.float64, requires_grad=True)
y = torch.cat([x.mv(torch.tensor([0.5, 1.0], dtype=torch.float64)), e], 0)
y.backward(torch.ones_like(y))
"""),
    # grad_fn names of the ninth session's sweep slice (h11-s8-final-100k, rc12): an empty
    # (1, 0) operand is a transposed matrix to torch (its strides count size 0 as 1), so its
    # product gradient ends in TBackward0
    ("found_mm_empty_operand_layout", "exact", """
a = torch.full((1,), -3.0, requires_grad=True)
b = torch.ones((1, 0), requires_grad=True)
c = torch.zeros((0, 1), dtype=torch.float64, requires_grad=True)
d = torch.ones((1, 0), dtype=torch.float64, requires_grad=True)
gb, = torch.autograd.grad((a @ b).sum(), [b], create_graph=True)
e = torch.addmm(torch.zeros((0,), dtype=torch.float64), c, d)
gd, = torch.autograd.grad(e.sum(), [d], create_graph=True)
"""),
    # x[index] = v: v's gradient is CopySlices' clone of the region's (CloneBackward0), summed
    # back and viewed as v where v was broadcast (ViewBackward0), summed for a 0-d v
    ("found_setitem_value_gradient_clone", "trans", """
x = torch.arange(1., 25.).reshape((4, 3, 2))
v = torch.tensor([[-1.72, -2.7], [2.23, -1.0], [0.98, 1.0]], requires_grad=True)
w = torch.ones((1, 2), requires_grad=True)
u = torch.ones((2, 1), requires_grad=True)
s = torch.tensor(2., requires_grad=True)
x[1:, 1] = v
x[0] = w
x[2, :, 0] = s
x[3, :2] = u
t = x[..., 1]
t.t().sigmoid_()
gv, gw, gu, gs = torch.autograd.grad((t.sum() + x.sum()), [v, w, u, s], create_graph=True)
"""),
    # an integer tensor made to require grad keeps its grad_fn through a copy_ (x[...] = v
    # of the same shape, or into a 0-d tensor): torch records no copy into integers
    ("found_integer_copy_keeps_history", "exact", """
i = torch.ones((), dtype=torch.int16)
j = torch.ones((3,), dtype=torch.int16)
w = torch.ones((), requires_grad=True)
i.ge_(w)
j.ge_(w)
i[...] = torch.tensor(4, dtype=torch.int16)
j[...] = torch.tensor([4, 5, 6], dtype=torch.int16)
"""),
    # std of one float16 element: torch's (g * where(x == mean, nan, inf)).to(g's dtype), the
    # where in float32: ToCopyBackward0
    ("found_std_float16_no_degrees_of_freedom", "reduce", """
x = torch.tensor(0.25, dtype=torch.float16, requires_grad=True)
y = torch.tensor([0.5], dtype=torch.float16, requires_grad=True)
gx, = torch.autograd.grad(torch.std(x), [x], create_graph=True)
gy, = torch.autograd.grad(torch.std(y), [y], create_graph=True)
"""),
    # sum/mean/nansum/prod/vector_norm with a float dtype= are one node on x (the gradient
    # cast back by the engine): prod keeps x itself (writing it is a version error), and a
    # norm over everything computes its gradient in x's dtype (0-d norm: MulBackward0)
    ("found_reduction_dtype_one_node", "reduce", """
x = torch.tensor([[1., -2., 3.], [0.5, 4., -1.5]], requires_grad=True)
h = torch.tensor([[1., -2.], [0.5, 4.]], dtype=torch.float16, requires_grad=True)
a = x.sum(dtype=torch.float64) + x.sum(0, dtype=torch.float64).sum() + x.mean(dtype=torch.float64)
b = torch.nansum(x, 1, dtype=torch.float64).sum() + x.prod(dtype=torch.float64)
c = x.mean(1, dtype=torch.float16).sum()
n = torch.linalg.vector_norm(x, dtype=torch.float64)
m = torch.linalg.vector_norm(x, 1, dim=1, dtype=torch.float64)
f = torch.linalg.matrix_norm(h, dtype=torch.float32)
gn, = torch.autograd.grad(n, [x], create_graph=True)
gm, = torch.autograd.grad(m.sum(), [x], create_graph=True)
gf, = torch.autograd.grad(f, [h], create_graph=True)
(a + b + c).backward()
y = x * 1
p = y.prod(1, dtype=torch.float64)
y.mul_(2)
p.sum().backward()
"""),
    # det of a matrix holding nan or inf is LU's diagonal product, as torch's (NumPy's det
    # returns 0 at a zero pivot); an SVD of an infinite matrix has nan vectors, so the
    # nuclear norm's gradient is nan (sweep h11-s8-final-100k:33149, :62543)
    ("found_det_nonfinite_lu_product", "reduce", """
a = torch.tensor([[0.0, -0.125], [nan, -1.3044]], dtype=torch.float64)
b = torch.tensor([[[0., 1.], [inf, 2.]], [[1., 0.], [nan, 2.]], [[2., 1.], [1., 3.]]])
c = torch.tensor([[-4.0, 4.0], [-inf, 0.9125]], requires_grad=True)
da = torch.det(a)
db = torch.det(b)
n = torch.linalg.matrix_norm(c, ord='nuc')
n.backward()
"""),
    # descending argsort returned negative strides, so view() of it failed (h11-s8-final-100k:
    # 91346, :46892)
    ("found_descending_argsort_is_contiguous", "exact", """
x = torch.tensor([[1.0, -1.6903], [2.0, 1.0], [2.0, -2.2], [-1.1, -3.0]])
i = torch.argsort(x, dim=-1, descending=True)
v = i.view(2, 4)
w = torch.argsort(x, dim=0, descending=True).view(-1)
w.transpose_(0, -1)
"""),
    # matmul keeps each operand only for the other's gradient, as torch's mm/bmm
    # (h11-s8-final-100k:53082), and keeps a copy where torch's reshape of it copies
    # (an expanded batch that cannot be folded into rows without one)
    ("found_matmul_keeps_only_the_needed_operand", "reduce", """
a = torch.tensor([[[1.0], [2.0], [2.5]], [[0.8], [-2.5], [-0.7]]], requires_grad=True)
b = torch.tensor([[-1.15, 3.75]])
y = torch.matmul(a, b)
with torch.no_grad():
    a.T.relu_()
g, = torch.autograd.grad(y.sum(), [a], create_graph=True)
c = torch.ones((2, 3), dtype=torch.float64)
w = torch.tensor([[0.5, -1.0], [2.0, 0.25], [1.5, 1.0]], dtype=torch.float64, requires_grad=True)
z = torch.matmul(c.expand(4, 2, 3), w)
c.mul_(2)
z.sum().backward()
d = torch.ones((2, 1, 3, 2))
q = torch.tensor([[[0.5], [2.0]], [[1.0], [-1.0]], [[0.25], [3.0]]], requires_grad=True)
r = d @ q
d.mul_(3)
r.sum().backward()
"""),
    # a write through an expanded view whose base does not require grad: CopySlices writes
    # nothing back into the base's gradient, so only the value's gradient is read
    # (h11-s8-final-100k:62924)
    ("found_write_into_expanded_view_without_base_grad", "arith", """
x = torch.tensor([[[-1.0, 1.7]]], dtype=torch.float64, requires_grad=True)
g, = torch.autograd.grad(x.sum(), [x], create_graph=True)
w = torch.tensor([[1.5, 1e-40]], dtype=torch.float64, requires_grad=True)
g[torch.tensor([True])] = w
g.backward(torch.ones_like(g))
e = torch.zeros(1).expand(3)
v = torch.tensor(2.0, requires_grad=True)
e[torch.tensor([True, False, True])] = v
e.sum().backward()
"""),
    # fill_ writes a number into an expanded tensor but refuses a tensor value
    ("found_fill_tensor_into_expanded_refused", "exact", """
e = torch.zeros(1).expand(3)
e.fill_(2.0)
ok = torch.zeros(1).expand(1).fill_(torch.tensor(1.0))
e.fill_(torch.tensor(1.0))
"""),
    # a one-element diagonal (an as_strided window: NumPy's DummyArray base) partly
    # overlapping the target: torch refuses (h11-s8-end; the overlap check stopped at the
    # window's base)
    ("found_partial_overlap_through_diagonal", "exact", """
t = torch.arange(3.0).reshape(3, 1)
t.narrow(0, 0, 2).heaviside_(t.diagonal())
"""),
    # the saved result of an in-place op on a view unpacks with the view's grad_fn, so a
    # graph of the gradient reaches the base's CopySlices and its retain_grad
    # (h11-s8-final-100k:73336)
    ("found_saved_result_of_view_write_reaches_base", "trans", """
x = torch.tensor([[2.19, 1.314]], dtype=torch.float32, requires_grad=True)
a = x * 1
v = a.squeeze()
v.tanh_()
a.retain_grad()
g, = torch.autograd.grad(a.sum(), [x], create_graph=True)
h, = torch.autograd.grad((g * g).sum(), [x], allow_unused=True)
b = x * 1
u = b[0]
u.exp_()
b.retain_grad()
k, = torch.autograd.grad(b.sum(), [x], create_graph=True)
k.sum().backward()
"""),
    # a singular matrix's det is LU's diagonal product too, with its sign of zero (NumPy's
    # det is always +0; where MKL's LU orders its operations otherwise the sign differs:
    # deliberate.lapack_order)
    ("found_det_singular_zero_sign", "exact", """
a = torch.det(torch.tensor([[-0.0]]))
b = torch.det(torch.tensor([[[-0.0, 0.0], [1.0, 3.0]], [[0.0, 1.0], [0.0, -2.0]]]))
c = torch.det(torch.tensor([[-2.0, 1.0], [0.0, -0.0]], dtype=torch.float64))
"""),
    # float16 times (or divided by) an integer tensor of one element with dims: torch reads
    # that operand as a float32 scalar, as a 0-d one (sweep h9-names-check:8821, einsum)
    ("found_half_times_one_element_integer", "arith", """
a = torch.tensor([0.0, 0.5, -3.0], dtype=torch.float16)
b = a * torch.full((1,), 70000, dtype=torch.int32)
c = a / torch.full((1, 1), 2147483647, dtype=torch.int64)
e = torch.tensor([[0.0]], dtype=torch.float16)
d = torch.einsum('ij,jk->ik', e, torch.full((1, 1), 2147483647, dtype=torch.int32))
"""),
    # sweep h11-s8-final-100k (rc14), ninth session: integers that came to require grad
    # refuse an in-place op whose derivative needs self's old value (torch clones self
    # first), and a view made before they did refuses any op (its node made anew)
    ("found_integer_inplace_that_saves_self_refused", "exact", """
i = torch.tensor([6, -3, -2], dtype=torch.int16)
w = torch.full((), -0.125, requires_grad=True)
i[torch.tensor([True, True, False])] = w
i.add_(1)
i.neg_()
i.clamp_min_(2)
"""),
    ("found_integer_view_made_before_its_base_required_grad", "exact", """
a = torch.tensor([[4, 0, 0, 3], [-1, 6, 1, 2]], dtype=torch.int32)
r = a[-1]
c = a[1:, 3]
c.masked_fill_(c > 0, torch.tensor(2.5, requires_grad=True))
t = r.t()
"""),
    # bmm with nothing to multiply gives mat2's dtype: recorded on a float input that
    # requires grad, an integer result torch refuses (einsum's bmm too)
    ("found_bmm_nothing_to_multiply_integer_result_refused", "exact", """
a = torch.ones((2, 3, 0), dtype=torch.float64)
b = torch.ones((2, 0, 3), dtype=torch.int16)
c = torch.bmm(a, b)
e = torch.einsum('ij,jk->ik', torch.zeros((3, 0)), b[0])
w = torch.ones((2, 3, 0), dtype=torch.float64, requires_grad=True)
d = torch.einsum('bij,bjk->bik', w, b)
"""),
    ("found_all_any_dims_of_a_0d_tensor", "exact", """
x = torch.tensor(True)
a = x.all(dim=0)
b = x.any(dim=(-1,))
c = x.all(dim=1)
"""),
    # nonzero's result is column-major in torch: view(-1) of it refuses for two dims or more
    ("found_nonzero_is_column_major", "exact", """
n = torch.nonzero(torch.ones(4, 2))
r = n.reshape(-1)
s = torch.nonzero(torch.ones(5)).view(-1)
v = n.view(-1)
"""),
    # a tangent laid out otherwise than an expanded primal is copied into the primal's
    # layout, which repeats elements: torch refuses the copy
    ("found_make_dual_of_expanded_primal", "arith", """
p = torch.zeros(3).expand(2, -1)
with torch.autograd.forward_ad.dual_level():
    d = torch.autograd.forward_ad.make_dual(p, torch.ones(3).expand(2, -1))
    t = torch.autograd.forward_ad.unpack_dual(d.exp()).tangent
with torch.autograd.forward_ad.dual_level():
    d = torch.autograd.forward_ad.make_dual(p, torch.ones_like(p))
"""),
    # torch's CopySlices releases the write's node it holds: a second backward raises,
    # whatever that node saved
    ("found_copy_slices_freed_by_backward", "exact", """
a = torch.ones(3, requires_grad=True)
y = a.clone()
y[0] = 5.0
y.sum().backward(retain_graph=True)
y.sum().backward()
x = a.clone()
x[0:2].neg_()
x.sum().backward()
x.sum().backward()
"""),
    # DivBackward2 keeps the divisor, PowBackward2 the exponent, CopysignBackward0 the
    # result, whatever requires grad: writing them in place makes the backward refuse
    ("found_divisor_exponent_result_kept", "arith", """
w = torch.tensor([1.5, 2.5], requires_grad=True)
b = torch.tensor([2.0, 3.0])
y = w.div(b, rounding_mode='floor')
z = torch.div(3.0 * torch.ones(2), w, rounding_mode='trunc')
z.sum().backward()
c = torch.copysign(torch.tensor([1.0, -2.0]), w)
c.sum().backward()
x = w * 1
p = torch.pow(2, x)
p.sum().backward()
b.add_(1)
y.sum().backward()
"""),
    ("found_kept_exponent_written", "trans", """
w = torch.tensor([1.5, 2.5], requires_grad=True)
x = w * 1
p = torch.pow(2, x)
x.add_(1)
p.sum().backward()
"""),
    ("found_kept_result_written", "exact", """
w = torch.tensor([1.5, -2.5], requires_grad=True)
c = torch.copysign(torch.tensor([True, False]), w)
c.add_(1)
c.sum().backward()
"""),
    ("found_kept_divisor_freed", "exact", """
w = torch.tensor([1.5, 2.5], requires_grad=True)
y = w.div(-2.0, rounding_mode='floor')
y.abs().sum().backward()
y.sum().backward()
"""),
    # x[mask] = value of one element is masked_fill_(mask, value.item()): the value is
    # converted as a number, even where the mask selects nothing
    ("found_setitem_mask_converts_one_value", "exact", """
t = torch.tensor([[0], [-5], [-4]])
t[torch.tensor([True, False, True])] = torch.tensor([2.5], requires_grad=True)
u = torch.zeros((3, 2), dtype=torch.int64)
u[[torch.tensor([True, False, True]), 0]] = torch.tensor([1.5])
h = torch.tensor([1.0, 2.0], dtype=torch.float16)
h[torch.tensor([False, False])] = torch.tensor([1e10])
"""),
    # a gradient on its way to a bool input (which came to require grad by a write) stops
    # torch's engine on an internal assertion: a RuntimeError in both
    ("found_gradient_into_bool_input_refused", "exact", """
x = torch.zeros((3, 4), requires_grad=True)
b = x.logical_not()
b[1:, 2] = torch.tensor(1.2, requires_grad=True)
s = torch.stack([b, x], 1)
s.abs().sum().backward()
"""),
    # copy_ into integers is not seen by torch's autograd: no in-place checks either
    ("found_copy_into_integer_unbind_view", "exact", """
t = torch.tensor([[0, 1], [5, -4]], dtype=torch.int32)
v = t.unbind()[0]
v.copy_(torch.tensor(3.0, requires_grad=True))
"""),
    # the ninth session's rc10/rc15 fixes (sweep h11-s8-final-100k): torch's exception
    # types and order of checks; one refusal per program (a program stops at its error)
    ("found_logaddexp_integers_shapes_first", "exact", """
a = torch.tensor([0, -5], dtype=torch.int8)
b = torch.logaddexp(a, torch.zeros((0,), dtype=torch.int8))
"""),
    ("found_div_floor_bools_in_place_shapes_first", "exact", """
m = torch.tensor([[False, True]])
m.div_(torch.tensor([[False, False], [True, True], [False, True]]), rounding_mode='floor')
"""),
    ("found_none_for_a_tensor_argument", "exact", """
x = torch.tensor([2.0, 0.7, 3.75], requires_grad=True)
w = torch.full((3, 3), -0.125, requires_grad=True)
g, = torch.autograd.grad((x @ w).sum(), [x], create_graph=True)
u, = torch.autograd.grad((g * g).sum(), [x], allow_unused=True)
y = torch.index_select(u, 0, torch.tensor([0, 0]))
"""),
    ("found_none_for_a_tensor_argument_of_a_method", "exact", """
x = torch.ones((3, 2))
y = x.index_add(0, torch.tensor([0]), None)
"""),
    # (numbers pass where torch's parser takes them as tensors; None never does)
    ("found_numbers_for_tensor_arguments", "exact", """
a = torch.bitwise_and(3, torch.arange(4))
b = torch.bitwise_left_shift(1, torch.arange(3))
c = torch.sub(1.5, torch.ones(2))
e = torch.ones(2) == None
"""),
    ("found_none_compared_by_name", "exact", """
y = torch.ones(2).eq(None)
"""),
    ("found_none_as_exponent_of_a_number", "exact", """
y = torch.pow(2, None)
"""),
    ("found_index_add_out_of_range_with_dims", "exact", """
x = torch.tensor([[-3, 2147483646], [5, -3]], dtype=torch.int32)
y = x[:, :1].index_add(1, torch.tensor([0, 1]), torch.tensor([[5, -5], [7, -2]], dtype=torch.int32))
"""),
    ("found_index_add_zero_dim_and_without_elements", "exact", """
x = torch.tensor(1.5, requires_grad=True)
s = torch.tensor(2.0, requires_grad=True)
y = x.index_add(0, torch.tensor([0]), s, alpha=3)
e = torch.zeros((2, 0)).index_add(0, torch.tensor([5]), torch.ones((1, 0)))
y.backward()
"""),
    ("found_index_fill_along_a_dim_of_size_0", "exact", """
x = torch.arange(-2, 1, dtype=torch.float32)
e = torch.zeros((0, 2)).index_fill(1, torch.tensor([5]), 1.0)
y = torch.masked_select(x, x > 0).index_fill(0, torch.tensor([1]), -2.0463)
"""),
    ("found_index_select_dim_1_out_of_range", "exact", """
x = torch.zeros((3, 2))
y = x.index_select(1, torch.tensor([-1]))
"""),
    ("found_setitem_mask_one_value_out_of_range", "exact", """
u = torch.tensor([1, 75, 151], dtype=torch.uint8)
u[torch.tensor([True, False, False])] = torch.tensor(-2)
u[torch.tensor([True, False, False])] = torch.tensor(-2.8)
"""),
    ("found_setitem_mask_one_value_nan_into_int64", "exact", """
i = torch.arange(-2, 0, dtype=torch.int64)
i[torch.tensor([True, True])] = torch.tensor(nan, dtype=torch.float16, requires_grad=True)
"""),
    ("found_bmm_empty_integer_result_of_an_input_requiring_grad", "exact", """
a = torch.zeros((3, 0), dtype=torch.float16, requires_grad=True)
b = torch.einsum('ij,jk->ik', torch.zeros((3, 0), dtype=torch.uint8), a.T.mm(a))
c = torch.einsum('ij,jk->ik', a, torch.zeros((0, 0), dtype=torch.uint8))
"""),
    ("found_solve_zero_dim_right_side", "exact", """
y = torch.linalg.solve(torch.eye(2), torch.tensor(1.0))
"""),
    # tan near a pole amplifies exp's last-bit difference (1 + tan^2 = 14.5): the tolerance
    # allows what the input's own difference explains (compare._propagated)
    ("found_tan_amplifies_its_inputs_difference", "trans", """
x = torch.tensor(6, dtype=torch.int32)
y = x.exp()
z = torch.tan(y)
"""),
    # torch's running sums and products accumulate float32 in double (sweep h11-s9-final-100k:
    # a cumsum that returns to exactly 0 divided by: inf in torch, 2^24 from float32 steps)
    ("found_cumsum_float32_accumulates_in_double", "exact", """
t = torch.linspace(-1, 1, 4, dtype=torch.float32, requires_grad=True)
y = t.div(torch.cumsum(t, 0))
p = torch.cumprod(torch.tensor([1.1, 0.9, 1.3, 0.7, 1.01] * 40), 0)
s = torch.arange(1, 2001, dtype=torch.float32).mul(0.1).cumsum(0)
"""),
    ("found_roll_dim_of_a_zero_dim_tensor", "exact", """
x = torch.tensor(2.5, requires_grad=True)
y = torch.roll(x, -3, 0)
"""),
    ("found_masked_select_gradient_graph_is_masked_scatter", "exact", """
x = torch.arange(-2, 4, dtype=torch.float32).reshape((2, 3)).requires_grad_()
s = torch.masked_select(x, x > 0)
g, = torch.autograd.grad((s ** 3).sum(), [x], create_graph=True)
gg, = torch.autograd.grad(g.sum(), [x])
"""),
    ("found_std_without_degrees_of_freedom_float64_gradient", "exact", """
x = torch.tensor([[[-inf], [3.0]]], dtype=torch.float64, requires_grad=True)
s = x.std(correction=2)
g, = torch.autograd.grad(s.sum(), [x], create_graph=True)
"""),
    ("found_inplace_inverse_hyperbolic_on_a_view_has_no_derivative", "exact", """
x = torch.tensor([[-2.1, -2.74], [4.0, 0.093], [-2.0, 3.0]], requires_grad=True)
y = torch.maximum(x, torch.arange(-2, 0).reshape((1, 2)))
v = y[1:-1]
v.asinh_()
v.sum().backward()
"""),
    ("found_addcdiv_integer_tensor_times_int_value_wraps", "exact", """
x = torch.tensor([0.8155, 0.3, -1.0], requires_grad=True)
u = torch.tensor([5, 7, 200], dtype=torch.uint8)
d = torch.tensor([0.5, -1.0, 0.3353], dtype=torch.float64, requires_grad=True)
torch.addcdiv(x, u, d, value=-1).sum().backward()
g1 = d.grad.clone()
d.grad = None
torch.addcmul(x, u, d, value=-1).sum().backward()
g2 = d.grad.clone()
"""),
    ("found_lerp_bool_weight_gradient_of_start_refused", "exact", """
x = torch.arange(0, 2, dtype=torch.float64).requires_grad_()
y = torch.lerp(x, torch.tensor([-1.2, 2.29], dtype=torch.float64), torch.tensor(False))
y.sum().backward()
"""),
    ("found_bool_that_requires_grad_clamped_to_int64_refused", "exact", """
b = torch.full((3, 1), False)
w = torch.tensor([[0.0], [3.0], [-4.0]], requires_grad=True)
b.gt_(w)
c = b.clamp(max=0.5)
d = b.clamp(max=-3)
"""),
    ("found_integer_fused_products_with_float_beta_and_no_elements", "exact", """
i = torch.tensor([6])
e = torch.ones((0, 0), dtype=torch.int64)
a = torch.addmm(i, e, torch.ones((0, 1), dtype=torch.int64), beta=0.5)
b = torch.baddbmm(i, e.reshape(0, 2, 0), torch.ones((0, 0, 1), dtype=torch.int64), beta=0.5)
c = torch.addbmm(i, e.reshape(2, 0, 0), torch.ones((2, 0, 1), dtype=torch.int64), beta=0.5)
d = torch.addmm(i, e.reshape(2, 0), torch.ones((0, 1), dtype=torch.int64), beta=0.5)
"""),
    # torch's logit gradient under create_graph is its formula composed (WhereBackward0):
    # at -0.0 it is -inf there, where its kernel (no graph) gives +inf
    ("found_logit_gradient_graph_at_negative_zero", "exact", """
x = torch.tensor([[-2.529, 4.0], [-0.0, 0.0], [1.0, 0.5]], requires_grad=True)
g, = torch.autograd.grad(x.logit().sum(), [x], create_graph=True)
gg, = torch.autograd.grad(g.sum(), [x])
"""),
    # addcdiv's divisor gradient: an integer tensor1 meets the float16 square in float16
    # (2**63 - 1 is inf there: inf / inf is nan), and times a float value it is float32
    ("found_addcdiv_integer_numerator_in_the_divisor_dtype", "exact", """
x = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
i = torch.tensor([9223372036854775807, 3, 123456789, 2**40 + 1])
h = torch.tensor([-inf, 0.25, 1e4, 7.0], dtype=torch.float16, requires_grad=True)
d = torch.tensor([-inf, 0.25, 1e4, 7.0], dtype=torch.float64, requires_grad=True)
torch.addcdiv(x, i, h).sum().backward()
torch.addcdiv(x, i, d, value=0.001).sum().backward()
"""),
    # torch saves the condition of where as a tensor (with its version): writing it in place
    # before the backward is its version error, here at the first backward
    ("found_saved_condition_written_in_place", "exact", """
c = torch.tensor([[True, False, True]])
x = torch.tensor([[0.8936, -2.7249, -1.93]], dtype=torch.float64, requires_grad=True)
y = torch.where(c, torch.ones(3, dtype=torch.float64), x)
c.sign_()
g, = torch.autograd.grad(y.sum(), [x], create_graph=True)
"""),
    # ... and so each index, mask and returned indices it saves: each backward here raises
    # torch's version error (caught, so that one program checks them all), but index_add's
    # with only self requiring grad (torch saves no index then)
    ("found_saved_indices_written_in_place", "exact", """
def refused(f):
    try:
        f().sum().backward()
    except RuntimeError as error:
        return "modified by an inplace operation" in str(error)
    return False
x = torch.tensor([[1.5, -2.0, 0.25], [3.0, 0.5, -1.0]], requires_grad=True)
i = torch.tensor([[0, 2]])
j = torch.tensor([1, 0])
m = torch.tensor([True, False, True])
a = torch.tensor([
    refused(lambda: (x.gather(1, i), i.add_(0))[0]),
    refused(lambda: (x[:, i[0]], i.add_(0))[0]),
    refused(lambda: (x.masked_fill(m, 0.5), m.logical_not_())[0]),
    refused(lambda: (x.index_select(1, i[0]), i.add_(0))[0]),
    refused(lambda: (x.take(i), i.add_(0))[0]),
    refused(lambda: (x.masked_select(m), m.logical_not_())[0])])
b = torch.tensor([
    refused(lambda: (lambda s: (s.values, s.indices.add_(0))[0])(x.sort(1))),
    refused(lambda: (lambda s: (s.values, s.indices.add_(0))[0])(x.max(1))),
    refused(lambda: (lambda s: (s.values, s.indices.add_(0))[0])(x.cummax(1))),
    refused(lambda: (lambda s: (s[0], s[1].add_(0))[0])(
        torch.nn.functional.max_pool1d(x[None], 2, return_indices=True)))])
c = torch.tensor([
    refused(lambda: (x * 1).index_put((j,), torch.ones(3)) + j.add_(0).sum()),
    refused(lambda: (lambda y: (y.__setitem__(j, 0.0), j.add_(0), y)[2])(x * 1)),
    refused(lambda: (x * 1).scatter(1, i, 2.0) + i.add_(0).sum()),
    refused(lambda: x.detach().index_add(1, i[0], x[:, :2]) + i.add_(0).sum()),
    refused(lambda: x.index_add(1, i[0], torch.ones(2, 2)) + i.add_(0).sum())])
"""),
    # the sweep's program: an index write through a view made before its base came to
    # require grad through a write (t1[i] = w); torch's index_put_ on the view itself sees
    # a leaf, even with no element to write
    ("found_index_write_into_view_made_before_base_required_grad", "exact", """
t1 = torch.tensor([[[1.48, -0.125], [-2.0, -3.0]]], dtype=torch.float32)
t2 = torch.reshape(t1, (4,))
t4 = torch.tensor(-4.0, dtype=torch.float32, requires_grad=True)
t1[torch.tensor([-1], dtype=torch.long)] = t4
t2[torch.tensor([], dtype=torch.long)] = True
"""),
    # ... refused (1) before the index's range and the value's dtype (2) whenever no view is
    # made on the way (full slices are skipped); a write through a view the index makes
    # first (a slice, an int, None) is recorded (0)
    ("found_index_write_into_stale_view_refused_first", "exact", """
def outcome(statement):
    t1 = torch.zeros(2, 3)
    t2 = t1.view(3, 2)
    t1[torch.tensor([-1])] = torch.tensor(-4.0, requires_grad=True)
    try:
        exec(statement, {"torch": torch, "t2": t2})
    except (RuntimeError, IndexError) as error:
        return 1 if "leaf Variable" in str(error) else 2
    return 0
a = torch.tensor([
    outcome("t2[torch.tensor([], dtype=torch.long)] = True"),
    outcome("t2[:, torch.tensor([0])] = 1.0"),
    outcome("t2[..., torch.tensor([1])] = 1.0"),
    outcome("t2[...] = 1.0"),
    outcome("t2[:] = 1.0"),
    outcome("t2[[0, 1]] = torch.ones(2)"),
    outcome("t2[torch.tensor([5])] = 1.0"),
    outcome("t2[torch.tensor([0])] = torch.ones(2, dtype=torch.float64)")])
b = torch.tensor([
    outcome("t2[0:1, torch.tensor([0])] = 1.0"),
    outcome("t2[0, torch.tensor([0])] = 1.0"),
    outcome("t2[None] = 1.0"),
    outcome("t2[1] = 1.0"),
    outcome("t2[torch.tensor(1)] = 1.0")])
"""),
    # the sweep's program: torch checks a view's history when an op runs on it, before the
    # op's own checks: one of split's outputs whose base was written since is refused
    # before the index's range is
    ("found_stale_split_output_refused_before_index_errors", "exact", """
t2 = torch.zeros((2, 2), dtype=torch.float64, requires_grad=True)
t3 = t2.cumsum(-1)
t5 = torch.split(t3, 1, 1)[0]
t3.gt_(torch.ones((2, 2), dtype=torch.int32))
t8 = t5[1:, 1]
"""),
    # ... unless reading the index fails before any op runs on the view (1: the view's
    # refusal, 2: another error)
    ("found_stale_split_output_which_error_first", "exact", """
def outcome(index):
    t3 = torch.zeros((2, 3, 2), dtype=torch.float64, requires_grad=True).cumsum(-1)
    t5 = torch.split(t3, 1, 2)[0]
    t3.mul_(2)
    try:
        t5[index]
    except (RuntimeError, IndexError, ValueError, TypeError) as error:
        return 1 if "is a view and its base" in str(error) else 2
    return 0
a = torch.tensor([
    outcome(5), outcome((1, 5)), outcome((slice(1, None), 5)), outcome((Ellipsis, 5)),
    outcome((None, 9)), outcome((slice(None), slice(None), 7)), outcome((0, 1, 2, 0)),
    outcome((True, 9)), outcome(torch.tensor([9])), outcome((torch.tensor([0]), 9)),
    outcome((slice(None), torch.tensor([9]))), outcome((slice(0, 1), torch.tensor([9]))),
    outcome((slice(None), slice(None, None, 0))), outcome((slice(1, None), slice(None, None, 0))),
    outcome((slice(0, 5), 7)), outcome((1, 2, 0)), outcome(1.5), outcome((slice(1, None), 1.5))])
"""),
    # torch's LAPACK results are column-major per matrix, the batch outermost (h11-s9-final-
    # 100k: inverse(x).flatten() is UnsafeViewBackward0): flatten/reshape copy, view(-1)
    # refuses, contiguous() records CloneBackward0, clone() keeps the layout; so are some
    # gradients (Cholesky's, det's, a solve's right-hand side's)
    ("found_inverse_is_column_major", "reduce", """
t4 = torch.tensor([[3.0, 4.0], [3.0, 1.7329]], dtype=torch.float64, requires_grad=True)
t5 = torch.inverse(t4)
t6 = t5.flatten()
c = t5.contiguous()
k = t5.clone()
m = (t5 * 2).reshape(-1)
w = k.view(-1)
v = t5.view(-1)
"""),
    ("found_solve_is_column_major", "reduce", """
a = torch.tensor([[[2.0, 0.5, 0.0], [0.5, 3.0, 1.0], [0.0, 1.0, 4.0]]], requires_grad=True)
b = torch.tensor([[1.0, -2.0], [0.5, 3.0], [-1.0, 0.25]], requires_grad=True)
x = torch.linalg.solve(a, b)
f = x.flatten(1)
ga, gb = torch.autograd.grad(torch.linalg.solve(a, b.expand(1, 3, 2)).sum(), [a, b])
y = torch.linalg.solve(a.expand(2, 3, 3), b[:, 0].expand(2, 3))
r = y.reshape(-1)
u = gb.view(-1)
v = x.view(-1)
"""),
    ("found_solve_triangular_is_column_major", "reduce", """
a = torch.tensor([[2.0, 0.5, 1.0], [0.0, 3.0, 1.0], [0.0, 0.0, 4.0]], requires_grad=True)
b = torch.tensor([[1.0, -2.0, 0.5], [3.0, -1.0, 0.25]], requires_grad=True)
x = torch.linalg.solve_triangular(a, b, upper=True, left=False)
y = torch.linalg.solve_triangular(a, b.mT, upper=True)
f = x.flatten()
r = y.reshape(-1)
c = y.contiguous()
g, = torch.autograd.grad(y.sum(), [b])
w = g.mT.view(-1)
v = y.view(-1)
"""),
    ("found_cholesky_and_its_gradient_are_column_major", "reduce", """
a = torch.tensor([[4.0, 1.0, 0.5], [1.0, 3.0, 0.25], [0.5, 0.25, 2.0]], requires_grad=True)
l = torch.linalg.cholesky(a)
u = torch.linalg.cholesky(a, upper=True)
f = l.flatten()
r = u.reshape(-1)
g, = torch.autograd.grad(l.sum(), [a])
d = g.flatten()
v = g.view(-1)
"""),
    ("found_eigh_svd_vectors_are_column_major", "reduce", """
a = torch.tensor([[4.0, 1.0, 0.5], [1.0, 3.0, 0.25], [0.5, 0.25, 2.0]], requires_grad=True)
e, q = torch.linalg.eigh(a)
s = torch.linalg.svd(a)
fe = e.flatten()
fq = q.flatten()
fu = s.U.reshape(-1)
fv = s.Vh.contiguous()
t = torch.svd(a).V.flatten()
v = q.view(-1)
"""),
    ("found_det_gradient_is_column_major", "reduce", """
a = torch.tensor([[[4.0, 1.0], [1.0, 3.0]], [[2.0, -1.0], [0.5, 1.5]]], requires_grad=True)
g, = torch.autograd.grad(torch.linalg.det(a).sum(), [a])
h, = torch.autograd.grad(torch.logdet(a).sum(), [a])
p = torch.linalg.matrix_power(a, -1).flatten()
d = g.flatten(1)
v = h.view(-1)
"""),
    # expand keeps the stride of a size-1 dim it does not change (NumPy's broadcast_to
    # gives it 0), so clamp_max_ of t by itself is a full overlap, not a partial one
    ("found_expand_keeps_the_stride_of_an_unchanged_size_one_dim", "exact", """
t = torch.tensor([5], dtype=torch.int8)
e = t.expand(-1)
e.clamp_max_(t)
s = torch.tensor([[1.0], [2.0]]).expand(2, 1).stride()
n = torch.tensor([1.0, 2.0, 3.0]).expand(1, 1, 3).stride()
"""),
    # an empty index of fewer dims than src: torch's engine refuses src's gathered gradient
    # (and scatter_reduce's amax formula fails broadcasting)
    ("found_scatter_empty_index_of_fewer_dims_gradient_refused", "exact", """
x = torch.ones((3, 0, 3), requires_grad=True)
s = torch.zeros((3, 0, 3), requires_grad=True)
y = x.scatter(0, torch.tensor([[], [], []]), s)
g, = torch.autograd.grad(y.sum(), [s], create_graph=True)
"""),
    ("found_scatter_reduce_amax_empty_index_of_fewer_dims", "exact", """
x = torch.ones((3, 0, 3), requires_grad=True)
s = torch.zeros((3, 0, 3), requires_grad=True)
y = x.scatter_reduce(0, torch.tensor([[], [], []], dtype=torch.long), s, 'amax')
g, = torch.autograd.grad(y.sum(), [s])
"""),
    # a value written into a float64 tensor: its gradient is cast to its dtype first
    # (CopyBackwards), then summed back (ExpandBackward0's SumBackward0, ViewBackward0)
    ("found_setitem_value_gradient_cast_before_its_sum", "exact", """
t = torch.full((2, 1, 1), 0.25, dtype=torch.float64)
w = torch.tensor([[2.0]], requires_grad=True)
t[0:2:2] = w
y = torch.nn.functional.softmax(t, dim=-1, dtype=torch.float32)
g, = torch.autograd.grad(y.sum(), [w], create_graph=True)
u = torch.full((2, 1, 1), 0.5, dtype=torch.float64)
u[0:2] = w
h, = torch.autograd.grad((u * u).sum(), [w], create_graph=True)
"""),
    # x.H transposes a matrix (TransposeBackward0) and refuses 1-d and batched tensors
    ("found_conjugate_transpose_only_of_matrices", "exact", """
m = torch.ones((2, 3), requires_grad=True).H
b = torch.ones((2, 3, 4)).H
"""),
    # x[index] = value of another dtype: torch's index_put_ checks the masks' shapes and
    # that the value broadcasts (its leading ones dropped) before it compares the dtypes
    ("found_index_write_checks_mask_and_value_shapes_before_dtypes", "exact", """
def outcome(index, value):
    t = torch.zeros((9, 2), dtype=torch.int64)
    try:
        t[index] = value
    except (RuntimeError, IndexError) as error:
        return str(error)[:40]
    return "written"
w = torch.tensor([[4.0, 3.0]], dtype=torch.float16, requires_grad=True)
a = outcome(torch.tensor([False, True]), w)
b = outcome((torch.tensor([True, False]), torch.tensor([0])), w)
c = outcome(torch.tensor([0, 1]), torch.ones(3, dtype=torch.int32))
d = outcome(torch.tensor([[True, False]] * 9), w)
e = outcome(torch.tensor([0, 1]), w)
"""),
    # float16 rad2deg/deg2rad: torch multiplies in float32 and rounds once
    ("found_float16_degrees_in_float32", "exact", """
h = torch.tensor([[3.0, -2.5], [1.6336, 3.75], [2.6, -2.0]], dtype=torch.float16)
d = h.rad2deg()
r = d.deg2rad()
"""),
    # x ** False: torch's zero-exponent shortcut does not take the bool False, whose gradient
    # is its formula (MulBackward0 under create_graph, nan at 0)
    ("found_pow_bool_false_exponent_gradient", "exact", """
x = torch.tensor([1.0, 3.0, 0.0, -2.0], requires_grad=True)
g, = torch.autograd.grad((x ** False).sum(), [x], create_graph=True)
"""),
    # logit(eps)'s gradient under create_graph keeps the slope inside the bounds: 0 at nan
    # (its kernel, without a graph, gives nan there)
    ("found_logit_eps_gradient_graph_at_nan", "exact", """
x = torch.tensor([nan, 0.5, 0.0, 0.001, 0.999, -0.5], requires_grad=True)
g, = torch.autograd.grad(x.logit(eps=0.01).sum(), [x], create_graph=True)
k, = torch.autograd.grad(x.logit(eps=0.01).sum(), [x])
"""),
    # nansum(dtype=)'s gradient: torch casts it back to x's dtype first, then expands and
    # masks it, so its last node is the mask's MulBackward0, not the cast's ToCopyBackward0
    ("found_nansum_gradient_cast_before_the_mask", "exact", """
w = torch.tensor([[[-4.0, 3.75, 2.0]]], dtype=torch.float64, requires_grad=True)
n = torch.linalg.vector_norm(torch.nansum(w, dtype=torch.float16), ord=3)
g, = torch.autograd.grad(n, [w], create_graph=True)
v = torch.tensor([[1.5, float("nan")]], dtype=torch.float64, requires_grad=True)
s = torch.nansum(v, dim=1, dtype=torch.float32)
h, = torch.autograd.grad(s, [v], torch.ones(1, requires_grad=True), create_graph=True)
"""),
    # an integer view whose base came to require grad (int_view.lt_(w)) records an index
    # write of any value on its base (CopySlices; the view AsStridedBackward0), as torch
    # (h11-s10-final-100k:1279: ember refused it, "Autograd not support dtype: Long")
    ("found_index_write_into_integer_view_that_requires_grad", "exact", """
t0 = torch.arange(0, 6, dtype=torch.int64)
t1 = t0[1:4]
w = torch.full((), 0.25, dtype=torch.float32, requires_grad=True)
t1.lt_(w)
t1[torch.tensor([0, 2])] = False
t1[torch.tensor([True, False, True])] = 5
t1[torch.tensor([1])] = torch.tensor([7])
"""),
    # an index write from a value that requires grad into an integer view torch may not
    # write (one of split's outputs, a view made under no_grad) is refused (1) before the
    # index's dtype, the masks' shapes (h11-s10-final-100k:67366) and the value's dtype
    # when torch records it (an index_put_, a fill_), not when it is a copy_ (0)
    ("found_index_write_into_integer_split_output_refused_first", "exact", """
def outcome(index, value, made_under_no_grad=False):
    t1 = torch.zeros((3, 4, 3), dtype=torch.int32)
    with torch.set_grad_enabled(not made_under_no_grad):
        t3 = torch.split(t1, 1, 0)[0]
    try:
        t3[index] = value
    except (RuntimeError, IndexError) as error:
        return 1 if "view was created in no_grad mode" in str(error) else 2
    return 0
w = torch.tensor(4.0, requires_grad=True)
v = torch.ones((4, 3), requires_grad=True)
a = torch.tensor([
    outcome(torch.tensor([True, False, False]), w), outcome(torch.tensor([0.5]), w),
    outcome(torch.tensor([5]), w), outcome(torch.tensor([0]), v),
    outcome((0, torch.tensor([True] * 5)), w), outcome(slice(0, 1), w), outcome(..., w),
    outcome(0, v), outcome((0, 0, 0), w), outcome(torch.tensor([True, False, False]), 4.0),
    outcome(torch.tensor([0]), torch.ones(4, 3)), outcome(5, w),
    outcome(torch.tensor([True, False, False]), w, True), outcome(torch.tensor([0]), v, True)])
"""),
    # torch's autograd reads the history of every input of a differentiable op: one of
    # unbind's (split's, chunk's) outputs made before its base came to require grad
    # through a write is refused (1) after an operand that requires grad too
    # (h11-s10-final-100k:52536: ember recorded mul(t5, t3) from t5 alone); a view of
    # one output is regenerated (0)
    ("found_stale_multi_output_view_after_an_operand_that_requires_grad", "exact", """
def outcome(make, op):
    t1 = torch.tensor([[3.0], [0.0], [0.56]], dtype=torch.float64)
    t3 = make(t1)
    t5 = torch.tensor([[0.5]], dtype=torch.float64, requires_grad=True)
    t1.sub_(t5)
    try:
        op(t5, t3)
    except RuntimeError as error:
        return 1 if "returns multiple views" in str(error) else 2
    return 0
a = torch.tensor([
    outcome(lambda t: torch.unbind(t, 0)[0], torch.mul),
    outcome(lambda t: torch.split(t, 1, 0)[0], torch.mul),
    outcome(lambda t: torch.chunk(t, 3, 0)[1], torch.add),
    outcome(lambda t: torch.unbind(t, 0)[2], lambda w, v: torch.addcmul(w, w, v)),
    outcome(lambda t: torch.unbind(t, 0)[0], lambda w, v: torch.where(w > 0, w, v)),
    outcome(lambda t: t[0], torch.mul)])
"""),
    # softmax, log_softmax, cumsum, cumprod and logcumsumexp write a C-contiguous result
    # whatever x's layout (here a column-major inverse's, a transpose's), so flatten views it
    ("found_softmax_and_cumulative_results_are_c_contiguous", "trans", """
t2 = torch.tensor([[1.19, -0.6], [-1.0, 1.12]], requires_grad=True)
t4 = torch.nn.functional.softmax(torch.inverse(t2), dim=-1)
t9 = t4.flatten()
x = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]], requires_grad=True).t()
a = x.log_softmax(0).flatten()
b = x.cumsum(1).flatten()
c = x.cumprod(0).flatten()
d = x.logcumsumexp(-1).flatten()
"""),
    # one of split's outputs made before its base came to require grad through a write,
    # used under no_grad: torch's ops do not read its history then, so only reading its
    # grad_fn refuses (1) it there; ops, views and in-place writes of it run (0)
    ("found_stale_multi_output_view_used_under_no_grad", "exact", """
def outcome(op):
    t1 = torch.tensor([[3.0], [0.0], [0.56]], dtype=torch.float64)
    t3 = torch.split(t1, 1, 0)[1]
    t1.sub_(torch.tensor([[0.5]], dtype=torch.float64, requires_grad=True))
    try:
        with torch.no_grad():
            op(t3)
    except RuntimeError as error:
        return 1 if "returns multiple views" in str(error) else 2
    return 0
a = torch.tensor([
    outcome(lambda t: t.grad_fn), outcome(lambda t: t + 1), outcome(lambda t: t.exp()),
    outcome(lambda t: t.sum()), outcome(lambda t: t.reshape(-1)), outcome(lambda t: t[0]),
    outcome(lambda t: t.clone()), outcome(lambda t: t.mul_(2))])
"""),
    # float16 linspace: torch's Half path rounds the index, the product and the sum to
    # float16 (no fused step); a finite bound beyond the dtype's range is refused
    ("found_float16_linspace_rounds_each_step", "exact", """
a = torch.linspace(-400, 400, 20001, dtype=torch.float16)[9990:10010]
b = torch.linspace(0.1, 0.7, 33, dtype=torch.float16)
c = torch.linspace(0, 70000, 5, dtype=torch.float16)
"""),
    # float16 scatter_add/scatter_reduce/scatter(reduce=) and a >1-d index_add (alpha 1)
    # accumulate in torch's float32 copy of x, rounded once; 1-d index_add, index_put and
    # put accumulate element by element in float16
    ("found_float16_scatter_accumulates_in_float32", "exact", """
i = torch.zeros(100, dtype=torch.long)
s = torch.full((100,), 0.1, dtype=torch.float16)
a = torch.zeros(2, dtype=torch.float16).scatter_add(0, i, s)
b = torch.ones(2, dtype=torch.float16).scatter_reduce(0, i, s, 'mean')
c = torch.zeros(2, 3, dtype=torch.float16).index_add(0, i, s[:, None].expand(100, 3))
d = torch.zeros(2, dtype=torch.float16).index_add(0, i, s)
e = torch.zeros(2, dtype=torch.float16).index_put((i,), s, accumulate=True)
"""),
    # lerp with a tensor weight: torch saves start and end only for weight's gradient, so
    # writing end in place before a backward that needs only start's is no error
    ("found_lerp_saves_end_only_for_the_weights_gradient", "exact", """
a = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([3.0, 5.0])
w = torch.tensor([0.25, 0.75])
y = torch.lerp(a, b, w)
b.mul_(2)
y.sum().backward()
"""),
    # argsort is sort's indices in torch: an integer tensor that came to require grad is
    # refused as sort refuses it
    ("found_argsort_of_integers_that_require_grad_refused", "exact", """
u = torch.tensor([100, 51, 2], dtype=torch.uint8)
u.masked_fill_(u > 0, torch.tensor(2.5, requires_grad=True))
i = torch.argsort(u, dim=-1, descending=True)
"""),
    # index_select of a 0-d tensor: torch takes an index of exactly one value (a vector
    # of three is refused, after the index's dims and before its dtype)
    ("found_index_select_of_a_scalar_takes_one_index", "exact", """
x = torch.aminmax(torch.tensor([[-1.9], [4.0], [0.8574]], dtype=torch.float64))[0]
a = torch.index_select(x, 0, torch.tensor([0]))
b = torch.index_select(x, 0, torch.tensor([0, 0, 0], dtype=torch.long))
"""),
    ("found_index_select_of_a_scalar_empty_index", "exact", """
x = torch.tensor(1.5)
b = x.index_select(0, torch.tensor([], dtype=torch.long))
"""),
    ("found_index_select_of_a_scalar_float_index_counted_first", "exact", """
x = torch.tensor(1.5)
b = x.index_select(0, torch.tensor([0.0, 1.0]))
"""),
    # logical_and/or/xor read both operands in their common dtype, as comparisons: a 0-d
    # int64 beside uint8 wraps (-2**63 and 256 are 0), a 0-d 1e-10 beside float16 is 0;
    # isclose/allclose promote nothing (two dtypes are torch's RuntimeError)
    ("found_logical_ops_cast_to_the_common_dtype", "exact", """
u = torch.arange(-2, 1, dtype=torch.uint8).reshape((3, 1))
a = u.logical_and(torch.tensor(-9223372036854775808, dtype=torch.int64))
b = torch.logical_or(torch.tensor(256), u)
h = torch.tensor([0.5, 0.0], dtype=torch.float16)
c = h.logical_xor(torch.tensor(1e-10, dtype=torch.float64))
d = torch.tensor([1, 0], dtype=torch.int8).logical_and(torch.tensor(0.5))
e = torch.isclose(torch.tensor([1.0, 2.0]), torch.tensor(1.0, dtype=torch.float64))
"""),
    # a float16 norm is computed in float32 and rounded once (h11-s10-check-100k:49583):
    # the 3-norm of a column holding 65504 is 65504, the 2-norm of [300, 400] is 500 (both
    # were inf: powers and sums in float16); the gradient is float16 arithmetic, as torch's
    ("found_float16_norm_in_float32", "reduce", """
h = torch.tensor([[300.0, 400.0], [2.5, 65504.0], [-2.34, 1.765]], dtype=torch.float16)
x = h.clone().requires_grad_()
a = x.norm(dim=(0,), p=3)
b = torch.linalg.vector_norm(x[:1], 2, dim=1)
c = x[2:].norm(p=1)
(a.sum() + b.sum() + c).backward()
"""),
    # ldexp of a float tensor by integer exponents scales exactly by a C int (int64 wraps
    # to int32), torch's kernel: 0 * 2**256 is 0 and 2 * 2**-150 a subnormal; a float or
    # integer-input exponent is x * 2.0 ** e (0 * inf is nan)
    ("found_ldexp_integer_exponent_exact", "exact", """
x = torch.tensor([0.0, 2.0, 3.5, inf])
a = torch.ldexp(x, torch.tensor([256, -150, 4294967299, -9223372036854775808]))
b = torch.ldexp(x.half(), torch.tensor(2147483648))
c = torch.ldexp(x, torch.tensor(256.0))
d = torch.ldexp(torch.tensor([1, 2]), torch.tensor([300, -150]))
"""),
    # float16 renorm takes its norms and its gradient in float32 (rounded once), and
    # rms_norm computes in float32 from one upcast copy with float32's eps: both were 0
    # where float16 squares overflow (found with the float16 norm fix)
    ("found_float16_renorm_and_rms_norm_in_float32", "reduce", """
h = torch.tensor([[300.0, 400.0, -2.5], [0.001, 0.0, 0.0]], dtype=torch.float16)
x = h.clone().requires_grad_()
w = torch.tensor([1.0, 2.0, 0.5], dtype=torch.float16, requires_grad=True)
a = torch.renorm(x, 2, 0, 1.0)
b = torch.nn.functional.rms_norm(x, (3,), w)
(a.sum() + b.sum()).backward()
"""),
    # embedding's max_norm renorm of float16 rows: the norm rounded to float16, the scale
    # rounded to float16 (row *= scale), the product in float32; then torch's distance
    # kernels have no float16 (pdist here, cdist below; their matrix-product path does)
    ("found_float16_embedding_renorm_and_pdist_refused", "exact", """
w = torch.tensor([[300.0, 400.0, -2.5], [0.0184, -0.0921, 9.99]], dtype=torch.float16)
e = torch.nn.functional.embedding(torch.tensor([0, 1]), w, max_norm=1.0)
d = torch.nn.functional.pdist(w)
"""),
    ("found_float16_cdist_kernel_refused", "exact", """
x = torch.ones((3, 2), dtype=torch.float16)
a = torch.cdist(torch.ones((0, 2), dtype=torch.float16), x)
b = torch.cdist(x, x, compute_mode='use_mm_for_euclid_dist')
c = torch.cdist(x, x, p=1.0)
"""),
    # local_response_norm of a 4-d float16 input: torch's avg_pool3d has no float16
    ("found_float16_local_response_norm_4d_refused", "exact", """
x = torch.ones((1, 2, 3), dtype=torch.float16)
a = torch.nn.functional.local_response_norm(x, 2)
b = torch.nn.functional.local_response_norm(x.unsqueeze(-1), 2)
"""),
    # renorm's gradient takes the norms by vector_norm, as torch's: the inf-norm's share
    # is split between tied entries and its second derivative sees the norm (ember had
    # held the inf-norm constant)
    ("found_renorm_inf_norm_gradient_through_vector_norm", "arith", """
v = torch.tensor([[3.0, -3.0, 1.5], [0.5, 0.2, 0.1], [2.0, 1.0, -4.0]], dtype=torch.float64)
x = v.clone().requires_grad_()
w = torch.tensor([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0], [0.5, -1.0, 2.0]], dtype=torch.float64)
y = torch.renorm(x, inf, 0, 1.0)
g, = torch.autograd.grad((y * w).sum(), [x], create_graph=True)
h, = torch.autograd.grad((g * g).sum(), [x])
"""),
    # torch's isfinite, isclose, argsort and unique_consecutive read the history of a
    # float input (composites of abs/sub/sort, or a recorded node), so a stale split output
    # is refused there; allclose, `x in t`, comparisons and isinf/isnan read none
    ("found_isfinite_reads_the_history_of_a_stale_split_output", "exact", """
t1 = torch.tensor([[1.304, 1e-07]], dtype=torch.float32, requires_grad=True)
t3 = torch.split(t1, 1, 0)[0]
with torch.no_grad():
    t5 = t3.mT
    t5.pow_(2)
t6 = torch.where(t3 > 0)
t7 = t3.isnan()
t8 = torch.allclose(t3, t3)
t9 = 1.0 in t3
t10 = torch.isfinite(t3)
"""),
    ("found_isclose_reads_the_history_of_a_stale_split_output", "exact", """
t1 = torch.tensor([[1.304, 1e-07]], dtype=torch.float32, requires_grad=True)
t3 = torch.split(t1, 1, 0)[0]
with torch.no_grad():
    t5 = t3.mT
    t5.pow_(2)
t6 = torch.isclose(torch.ones(1, 2), t3)
"""),
    ("found_argsort_reads_the_history_of_a_stale_split_output", "exact", """
t1 = torch.tensor([[1.304, 1e-07]], dtype=torch.float32, requires_grad=True)
t3 = torch.split(t1, 1, 0)[0]
with torch.no_grad():
    t5 = t3.mT
    t5.pow_(2)
t6 = t3.argsort(dim=5)
"""),
    ("found_unique_consecutive_records_a_node", "exact", """
t1 = torch.tensor([[1.304, 1e-07]], dtype=torch.float32, requires_grad=True)
t3 = torch.split(t1, 1, 0)[0]
with torch.no_grad():
    t5 = t3.mT
    t5.pow_(2)
t6 = torch.unique_consecutive(torch.tensor([1.0, 1.0, 2.0], requires_grad=True))
t7 = torch.unique_consecutive(t3)
"""),
    # an in-place cumsum_ on integers that came to require grad (masked_fill_ with a value
    # requiring grad) is recorded, as torch's (CumsumBackward0, in the tensor's own dtype);
    # cumprod_ saves self and is refused (h11-s10-check-100k:89873)
    ("found_integer_cumsum_in_place_recorded", "exact", """
w = torch.tensor(2.5, requires_grad=True)
t2 = torch.tensor([[3, -9223372036854775808], [3, 4]], dtype=torch.int64)
t2.masked_fill_(t2 > 0, w)
t2.cumsum_(-1)
u = torch.tensor([200, 100, 0], dtype=torch.uint8)
u.masked_fill_(u == 0, w)
u.cumsum_(0)
i = torch.tensor([3, 1], dtype=torch.int32)
i.masked_fill_(i > 0, w)
i.cumsum_(0, dtype=torch.int32)
i.cumprod_(0)
"""),
    # an operand that is neither a tensor nor a number (here the None that grad gives an
    # unused input): torch's TypeError comes before its dtype check (h11-s11-a-100k:19647)
    ("found_bitwise_of_float_and_none_is_a_type_error", "exact", """
x = torch.tensor([[-0.8], [1.6355]], dtype=torch.float16, requires_grad=True)
w = torch.tensor([[1.0, -2.5]], dtype=torch.float16, requires_grad=True)
g, = torch.autograd.grad(torch.matmul(x, w).sum(), [w], create_graph=True)
h, = torch.autograd.grad((g * g).sum(), [w], allow_unused=True)
y = x.bitwise_xor(h)
"""),
    ("found_remainder_of_none_is_a_type_error", "exact", """
x = torch.tensor([1.5, -2.0])
y = torch.remainder(x, None)
"""),
    ("found_floor_divide_by_a_list_is_a_type_error", "exact", """
x = torch.tensor([1, 2])
y = x // [1, 2]
"""),
    ("found_where_with_a_missing_other_is_a_type_error", "exact", """
x = torch.tensor([1.5, -2.0])
y = torch.where(x > 0, x)
"""),
    # x[:] = 5 is torch's fill_ with a tensor value (FillBackward3), whose gradient for x is
    # zeros_like(grad): no graph, so under create_graph the gradient through the overwritten
    # tensor does not require grad (h11-s10-check-100k:49447); a partial write keeps one
    ("found_overwritten_gradient_needs_no_graph", "exact", """
t1 = torch.ones((2,), dtype=torch.float32, requires_grad=True)
t2 = torch.clip(t1, min=7)
t2[:] = 5
t5 = t2.atan()
t6, = torch.autograd.grad(t5.sum(), [t1], create_graph=True)
t7 = t1 * 2
t7[:1] = 5
t8, = torch.autograd.grad(t7.atan().sum(), [t1], create_graph=True)
"""),
    # a retained 0-d float64 grad accumulated by a second pass kept float64 (two 0-d arrays
    # add up to a NumPy scalar; h11-s11-a-100k:11279); retained grads are clones
    ("found_retained_0d_grad_accumulates_in_its_dtype", "exact", """
t1 = torch.zeros((), dtype=torch.float64, requires_grad=True)
t2 = torch.tensor(-0.3, dtype=torch.float64, requires_grad=True)
t3 = torch.addcdiv(t1, t2, t2)
t6 = torch.amin(torch.std_mean(t3, correction=0)[0])
t3.retain_grad()
t9, = torch.autograd.grad(t6.sum(), [t1], create_graph=True)
t10, = torch.autograd.grad((t9 * t9).sum(), [t1], allow_unused=True)
"""),
    # a basic-index write into an expanded view (t5[1:2] = v) goes into the view its index
    # makes: torch's CopySlices has that region's geometry, which repeats nothing, so the
    # backward writes the base's gradient back without the overlap error; the second
    # backward is torch's freed-graph error (h11-s10-check-100k:64335)
    ("found_write_into_expanded_view_region_without_repeats", "exact", """
t2 = torch.full((3,), 2.0, dtype=torch.float32, requires_grad=True)
t3 = t2[torch.tensor([False, True, True])]
t5 = t3.expand(2, -1)
t6 = torch.tensor([[nan, -2.8674]], dtype=torch.float32, requires_grad=True)
t5[1:2] = t6
t7 = t3 * torch.tensor([1.0, 3.0])
t8 = t7.expand(2, -1)
t8[0] = torch.tensor(4.0, requires_grad=True)
t8[(slice(1, 2), slice(0, 2))] = t6
w = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
t9, t10 = torch.autograd.grad((t8 * w).sum(), [t2, t6], create_graph=True)
t5.square().sum().backward()
t3.backward(torch.ones_like(t3))
"""),
    # torch's running sum starts from +0: a run of -0.0 at the start sums to +0.0 (NumPy
    # kept -0.0), so sqrt_'s gradient there is +inf (h11-s10-check-100k:63236)
    ("found_cumsum_of_negative_zeros_is_positive_zero", "exact", """
t3 = torch.tensor([[[3.75, -1.74], [3.0, -0.125], [2.49, -0.0]]], dtype=torch.float64,
                  requires_grad=True)
t4 = torch.cumsum(t3, 0)
t5 = t4.unsqueeze(0)
t5.sqrt_()
t4.backward(torch.ones_like(t4))
a = torch.tensor([-0.0, -0.0, 1.0, -1.0, -0.0], dtype=torch.float16).cumsum(0)
b = torch.tensor([[-0.0, -0.0], [-0.0, 2.0]]).cumsum(1)
c = torch.tensor(-0.0).cumsum(0)
d = torch.tensor([-0.0, -inf, -0.0]).logcumsumexp(0)
"""),
    # lerp's weight gradient is g * (end - start): two bool tensors are torch's refused
    # subtraction, a RuntimeError (NumPy's TypeError leaked; s11-autograd-5k:3321)
    ("found_lerp_weight_gradient_of_bool_ends_refused", "exact", """
t1 = torch.zeros((), dtype=torch.bool)
t2 = torch.tensor(False)
t3 = torch.arange(1, 2, dtype=torch.float64).reshape(()).requires_grad_()
t4 = torch.lerp(t1, t2, t3)
t4.backward(torch.full_like(t4, inf))
"""),
    # torch's running sums start from +0.0: a run of -0.0s sums to +0.0 (NumPy's cumsum
    # copies the first element); its backward returns a gradient along a dim of one
    # element as it is (-0.0 kept) (h11-s11-a-100k:44426)
    ("found_cumsum_starts_from_positive_zero", "exact", """
t1 = torch.tensor([[[-0.0, -0.6057, 0.5]], [[-0.125, -1e+30, -inf]]], dtype=torch.float16)
t1.cumsum_(-1)
t1.reciprocal_()
a = torch.tensor([[-0.0, -0.0], [-0.0, 1.0]], dtype=torch.float64).cumsum(0)
b = torch.tensor([[-0.0, -0.0], [-0.0, 1.0]]).cumsum(1)
c = torch.tensor(-0.0).cumsum(0)
x = torch.ones((1, 2), requires_grad=True)
x.cumsum(0).backward(torch.full((1, 2), -0.0))
y = torch.ones((1, 2), requires_grad=True)
y.cumsum(1).backward(torch.full((1, 2), -0.0))
"""),
    # logit's gradient is torch's kernel (g * inf at 0, also at -0.0) unless grad mode is on
    # (create_graph): a retain_grad or a hook alone does not make it the composed formula
    # (h11-s11-a-100k:37291)
    ("found_logit_gradient_with_retain_grad_is_the_kernel", "trans", """
t1 = torch.tensor([[3e+38, 1.5, 2.1], [0.001, -0.0, 1.0]], dtype=torch.float64, requires_grad=True)
t2 = t1.logit()
t2.retain_grad()
t2.sum().backward()
t3 = torch.tensor([-0.0, 0.0, 1.0], requires_grad=True)
t4 = t3.logit(eps=0.0)
t4.register_hook(lambda g: g * 2)
t4.sum().backward()
"""),
    # expand's gradient to a 0-d input is always a full sum, as torch's at::sum_to
    # (SumBackward0 under create_graph, also from a 0-d gradient); so is sum_to_size(())
    # (h11-s11-a-100k:41722)
    ("found_expand_of_a_scalar_gradient_is_a_sum", "exact", """
t1 = torch.tensor(0.0, requires_grad=True)
t7 = torch.exp2(t1.expand(()).contiguous())
t9, = torch.autograd.grad(t7.sum(), [t1], create_graph=True)
t2 = torch.tensor(2.0, requires_grad=True).sum_to_size(())
"""),
    # solve's gradient goes through A's own factorization where A^T's pivoting meets an
    # exact zero that A's did not (inf / inf): nan as torch's lu_solve, no LinAlgError
    # (h11-s11-a-100k:95623)
    ("found_solve_gradient_of_a_matrix_with_inf", "exact", """
t1 = torch.tensor([[0.4961, 1e+300], [0.0, -2.1547]], requires_grad=True)
t2 = torch.tensor([0.5, -1.5], requires_grad=True)
t3 = torch.linalg.solve(t1, t2)
t3.sum().backward()
t4 = torch.tensor([[0.4961, 1e+300], [0.0, -2.1547]], requires_grad=True)
t5 = torch.linalg.solve(t4, torch.ones((2, 2)))
t5.sum().backward()
"""),
    # a write into a view made before its (bool) base came to require grad: torch's
    # "Autograd not support dtype" at the write, not at the next op (h11-s11-a-100k:82128)
    ("found_write_into_stale_bool_view_refused", "exact", """
t1 = torch.tensor([[False]], dtype=torch.bool)
t2 = t1.flatten()
t3 = torch.tensor([[0.0]], dtype=torch.float32, requires_grad=True)
t1.le_(t3)
t2[0] = True
t1.logit_()
"""),
    # the gradient of a value of another dtype written into a region: torch's copy_ casts
    # the region's clone (ToCopyBackward0 over CloneBackward0; a fill_'s after its sum)
    # (s11-numerics-end-10k:8560)
    ("found_written_value_of_another_dtype_gradient_cast_last", "exact", """
t1 = torch.zeros((2, 4))
t3 = torch.tensor([1.0, 2.0], dtype=torch.float16, requires_grad=True)
t1[..., 3] = t3
t8 = torch.arange(0, 8, dtype=torch.float32).reshape((2, 4)).requires_grad_()
t9, = torch.autograd.grad((t1 * t8).sum(), [t3], create_graph=True)
t2 = torch.zeros((2, 4))
t4 = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)
t2[0] = t4
t10, = torch.autograd.grad((t2 * t8).sum(), [t4], create_graph=True)
"""),
    # linalg.vecdot: sum(x * y, dim) (SumBackward1), vdot for two vectors (whatever dim);
    # its dtype checks; cdist of two dtypes refused as torch (s11-numerics-end-10k)
    ("found_linalg_vecdot", "exact", """
x = torch.tensor([[0.1, 0.2, 0.3], [1.0, -2.0, 0.5]], dtype=torch.float16, requires_grad=True)
y = torch.tensor([3.0, 5.0, 7.0], dtype=torch.float16)
a = torch.linalg.vecdot(x, y)
b = torch.linalg.vecdot(x[0], y, dim=3)
c = torch.linalg.vecdot(x, x, dim=0)
a.sum().backward()
d = torch.linalg.vecdot(torch.ones(3), torch.ones(3, dtype=torch.float64))
"""),
    ("found_linalg_vecdot_of_integers_refused", "exact", """
d = torch.linalg.vecdot(torch.ones(3, dtype=torch.int64), torch.ones(3))
"""),
    ("found_cdist_of_two_dtypes_refused", "exact", """
e = torch.cdist(torch.ones(0, 3), torch.ones(2, 3, dtype=torch.float64))
f = torch.cdist(torch.ones(2, 3), torch.ones(2, 3, dtype=torch.float64), p=1)
"""),
    ("found_cdist_by_products_of_two_dtypes_refused", "exact", """
g = torch.cdist(torch.ones(30, 3), torch.ones(30, 3, dtype=torch.float64))
"""),
    # a fill's 0-d value read as a number first may lie in the written memory (torch's
    # masked_fill_/index_fill_/fill_ take value.item(); x[i] = v of one element at a basic
    # index or through a mask too); index_put_ and copy_ still refuse it (h11-s11-b-100k)
    ("found_fill_value_inside_its_target", "exact", """
t = torch.arange(9.0).reshape(3, 3) + 1
t.masked_fill_(t > 4, t[0, 0])
u = torch.arange(9).reshape(3, 3) + 1
u.index_fill_(0, torch.tensor([1]), u[0, 0])
u.fill_(u[2, 2])
v = torch.arange(9.0).reshape(3, 3) + 1
v[0:2] = v[0, 1]
v[v > 5] = v[2, 0:1]
w = torch.arange(9.0).reshape(3, 3) + 1
w.index_put_((torch.tensor([0, 1]),), w[0, 0])
"""),
    # var/std of float32/float64 reduced to one element: torch takes the mean in x's dtype
    # (its sum overflows to inf, or rounds: six float32 1e30) and sums the squared
    # deviations in float64; var_mean, and var/std with several results, run Welford's
    # update in float64 (equal values give exactly 0) (h11-s11-a-100k:53172)
    ("found_var_of_one_result_takes_the_mean_in_its_dtype", "reduce", """
t1 = torch.tensor([[3e+38], [3e+38], [2.6]], dtype=torch.float32)
t2 = torch.std(t1, dim=-2)
t3 = torch.full((6,), 1e+30)
t4 = t3.var(correction=2)
t5 = t3.std(correction=2)
t6 = t3.var(0, correction=2)
t7, t8 = torch.var_mean(t3, correction=2)
t9 = torch.full((2, 6), 1e+30).var(1, correction=2)
t10 = torch.tensor([1e+308, 1e+308], dtype=torch.float64).var()
t11 = torch.full((3, 2), 1e+200, dtype=torch.float64).var(0)
t12 = torch.full((7,), 0.1).var()
"""),
    # sum/mean/nansum with a float dtype= over every element: the input cast first (to
    # float32 for mean's float16, then the mean rounded), then added in torch's order
    # (four partial sums side by side): int64's +-2**63 as float32 cancel to 0.5, not nan
    # (h11-s11-a-100k:82181)
    ("found_sum_with_dtype_adds_cast_values_in_torchs_order", "exact", """
t1 = torch.tensor([[3, -9223372036854775808, 4], [-1, 9223372036854775807, 2]])
t2 = t1.mean(dtype=torch.float16)
t3 = t1.mean(dtype=torch.float32)
t4 = t1.sum(dtype=torch.float32)
t5 = torch.nansum(t1, dtype=torch.float64)
t6 = t1.sum(dtype=torch.float16)
t7 = torch.tensor([3e+38, -3e+38, 1.0, 3e+38, -3e+38, 2.0], dtype=torch.float64)
t8 = t7.sum(dtype=torch.float32)
t9 = torch.tensor([1, 2, 70000, -70000, 5], dtype=torch.int32)
t10 = t9.mean((0,), keepdim=True, dtype=torch.float16)
"""),
    # div with a rounding mode saves both operands, as torch's DivBackward2 (a write into
    # the dividend before backward is refused); a mode given as None is DivBackward2 too
    # (h11-s11-b-100k:46315, :69727)
    ("found_div_with_rounding_mode_saves_the_dividend", "exact", """
t1 = torch.ones((1, 2, 4), dtype=torch.float32)
t5 = torch.tensor([[[-0.5], [1e-40]]], dtype=torch.float64, requires_grad=True)
t6 = torch.div(t1, t5, rounding_mode='trunc')
t7 = torch.div(t1, t5, rounding_mode=None)
t1[-1] = torch.tensor([-1e+30, 2.0, -4.0, -2.0])
t6.sum().backward()
"""),
    ("found_div_floor_of_integers_by_a_gradient_saves_the_dividend", "exact", """
t2 = torch.tensor([[-5, 0, -3], [-3, 0, 3], [6, 2, 5]], dtype=torch.int8)
t3 = torch.full((), -0.7652, dtype=torch.float32, requires_grad=True)
t5 = torch.div(t2, t3.cumprod(-1, dtype=torch.float32), rounding_mode='floor')
t2.logical_xor_(torch.tensor([[1, 4, 3], [3, -4, 6], [-4, 1, -2]], dtype=torch.int8))
t5.mean().backward()
"""),
    # searchsorted compares in the operands' common dtype (a 0-d int8 -3 beside uint8 is
    # 253: h11-s11-b-100k:19196); addcmul checks shapes before bools (:23102); clamp with a
    # nan bound fills nan without converting the other (:36777)
    ("found_searchsorted_in_the_common_dtype", "exact", """
s = torch.tensor([5, 50], dtype=torch.uint8)
a = torch.searchsorted(s, torch.unbind(torch.tensor([-3, -4], dtype=torch.int8))[0])
b = torch.searchsorted(s, torch.tensor([-3], dtype=torch.int8))
c = torch.bucketize(torch.tensor(-3, dtype=torch.int8), s)
h = torch.tensor([0.5, 3.5], dtype=torch.float16)
d = torch.searchsorted(h, torch.tensor([1e-5, 3.5001], dtype=torch.float64))
"""),
    ("found_addcmul_shapes_before_bools", "exact", """
t1 = torch.tensor([[True, False], [False, False], [True, True]])
t3 = torch.addcmul(t1, torch.ones(3, dtype=torch.bool), torch.ones(3, dtype=torch.bool))
"""),
    ("found_clamp_with_a_nan_bound", "exact", """
t1 = torch.full((2, 1), 1e-30, dtype=torch.float16, requires_grad=True)
t3 = torch.clamp(t1, 1e+300, nan)
t3.sum().backward()
t4 = torch.clamp(torch.ones(2, dtype=torch.int8), 1000, nan)
"""),
    # pow's base gradient with an integer exponent tensor: b - 1 in b's dtype, then b and
    # b - 1 cast to the result's dtype (int64 -2**63 + 1 is -inf in float16: -inf * 0 is
    # nan); NumPy had promoted int64 with float16 to float64 (-0.0) (h11-s11-a-100k:8088)
    ("found_pow_gradient_casts_an_integer_exponent_to_the_result_dtype", "trans", """
t1 = torch.tensor([-2.9287, -0.2, -1e+30, 1.5, 0.0], dtype=torch.float16, requires_grad=True)
t2 = torch.tensor([-9223372036854775807], dtype=torch.int64)
t3 = torch.pow(t1, t2)
t3.square().sum().backward()
t4 = torch.tensor([-2.9287, -0.2, 1.5, 0.0], dtype=torch.float16, requires_grad=True)
t5 = torch.pow(t4, torch.tensor([3, 70001, 2, 70001]))
t5.sum().backward()
t6 = torch.tensor([-1.5, -0.2, 1.5, 0.0], requires_grad=True)
t7 = torch.pow(t6, torch.tensor([3, -9223372036854775807, 16777217, 2]))
t8, = torch.autograd.grad(t7.sum(), [t6], create_graph=True)
t8.sum().backward()
"""),
    # index_select along a later dim is C-ordered, as torch's (NumPy's x[:, index] puts the
    # indexed dim first in memory): view(-1) works (h11-s11-b-100k:50308)
    ("found_index_select_along_a_later_dim_is_contiguous", "exact", """
t1 = torch.tensor([[-2.14, 2.0, 1.17], [2.0, -4.0, 1.5], [-0.5, -2.0, 0.5636]])
t9 = torch.index_select(t1, 1, torch.tensor([2, 2, 0], dtype=torch.long))
t10 = t9.view(-1)
t11 = torch.arange(24.0).reshape(2, 3, 4).index_select(2, torch.tensor([3, 0])).view(-1)
"""),
    # a node reached without any gradient (a p=0 norm gives none) still unpacks its saved
    # tensors, as torch's: one modified in place since is refused (h11-s11-b-100k:13974)
    ("found_node_without_gradient_checks_saved_versions", "exact", """
t3 = torch.tensor([[1.5355, 0.25], [-0.31, 0.5]], dtype=torch.float64)
t4 = torch.full((2,), 2.92, dtype=torch.float64, requires_grad=True)
t5 = torch.linalg.solve(t3, t4)
t7 = t5.norm(dim=0, keepdim=True, p=0)
t8 = t3.detach()
t8.transpose_(0, -1)
t7.sum().backward()
"""),
    # addcdiv's gradient for a 0-d float64 divisor beside integer tensors: torch's
    # numerator (an integer tensor times a float value) is float32 and the 0-d square does
    # not widen the quotient (h11-s11-c-100k:33330)
    ("found_addcdiv_divisor_gradient_in_torchs_dtypes", "exact", """
t1 = torch.tensor([[162], [6]], dtype=torch.uint8)
t3 = t1[-2]
t6 = torch.tensor(0.4118, dtype=torch.float64, requires_grad=True)
t7 = torch.addcdiv(t3, t3.repeat(1, 1), t6, value=0.5)
t7.backward(torch.ones_like(t7))
"""),
    # cumprod_ of a bool (or integer) tensor that came to require grad: torch's autograd
    # refuses the dtype before its kernel does (h11-s11-c-100k:67075)
    ("found_cumprod_in_place_of_bools_that_require_grad", "exact", """
t1 = torch.full((3,), True, dtype=torch.bool)
t5 = torch.tensor(2.0, dtype=torch.float16, requires_grad=True)
t1[:2] = t5
t1.cumprod_(0)
"""),
    # an integer tensor's Python-int exponent is converted to the tensor's dtype: int8 **
    # 2**40 is torch's RuntimeError (NumPy's OverflowError leaked; h11-s11-d-100k:34760)
    ("found_integer_pow_exponent_converted_to_its_dtype", "exact", """
t1 = torch.tensor([[1, 6]], dtype=torch.int8)
a = torch.tensor([1, 2]).pow(2**40)
t2 = t1.pow(1099511627776)
"""),
    ("found_pow_exponent_beyond_int64_refused", "exact", """
b = torch.tensor([1, 2], dtype=torch.uint8).pow(2**63)
"""),
    ("found_pow_exponent_no_scalar_holds", "exact", """
c = torch.tensor([1.0, 2.0]).pow(2**63)
d = torch.tensor([1.0, 2.0]).pow(2**64)
"""),
    # the SVD's node saves its own U, S, Vh (hidden U and Vh under svdvals) and its backward
    # reads them: a create_graph gradient's graph goes through that node, so a pass through
    # it frees the node and t9's backward then raises (h11-s11-d-100k:44377)
    ("found_svd_gradient_graph_through_the_svd_node", "reduce", """
t8 = torch.tensor([[-3.0, -0.8, -4.0], [3.0, 1.3, -2.0], [-0.1083, 2.0, -3.0]], dtype=torch.double)
t8.requires_grad_()
t9 = torch.linalg.matrix_norm(t8, ord='nuc')
t10, = torch.autograd.grad(t9.sum(), [t8], create_graph=True)
t11, = torch.autograd.grad((t10 * t10).sum(), [t8], allow_unused=True)
t9.sum().backward()
"""),
    # (so its version check refuses a saved factor written in place since)
    ("found_svd_saved_singular_values_written_in_place", "reduce", """
a = torch.tensor([[2.0, 1.0, 0.5], [0.3, 3.0, 1.0]], dtype=torch.float64, requires_grad=True)
s = torch.linalg.svdvals(a)
s.mul_(2)
s.sum().backward()
"""),
    # hypot_ and nextafter_ of an integer tensor that came to require grad: torch's autograd
    # refuses the dtype before its kernel or the result's cast (h11-s11-e-100k:14857)
    ("found_hypot_in_place_of_integers_that_require_grad", "exact", """
t3 = torch.tensor([6], dtype=torch.int8)
t4 = torch.tensor(3.0, dtype=torch.float16, requires_grad=True)
t3[:-1] = t4
t3.hypot_(torch.tensor(0, dtype=torch.int8))
"""),
    ("found_nextafter_in_place_of_integers_that_require_grad", "exact", """
t3 = torch.tensor([6], dtype=torch.int8)
t3[:-1] = torch.tensor(3.0, requires_grad=True)
t3.nextafter_(torch.tensor(2.0))
"""),
    # xlogy's gradient for a number y <= 0 is torch's masked_fill where x is 0
    # (MaskedFillBackward0 under create_graph; h11-s11-g-100k:33676)
    ("found_xlogy_number_gradient_masked_fill", "exact", """
t2 = torch.tensor([4.0, 0.0], requires_grad=True)
t5 = t2.xlogy(-2.0219)
t11 = t5 * torch.tensor(-2.0, requires_grad=True)
t12, = torch.autograd.grad(t11.sum(), [t2], create_graph=True)
"""),
    # amax/amin/aminmax of a 0-d input given a dim (without keepdim): torch's gradient has
    # shape [1] and is summed back (SumBackward0 under create_graph; h11-s11-c-100k:66129)
    ("found_amax_0d_dim_gradient_summed_back", "exact", """
t1 = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
t2 = torch.sinc(torch.aminmax(t1, dim=-1)[0])
t3, = torch.autograd.grad(t2.sum(), [t1], create_graph=True)
t4 = torch.sinc(t1.amax(0)) + torch.sinc(t1.amin(0, keepdim=True)) + t1.amax(())
t5, = torch.autograd.grad(t4.sum(), [t1], create_graph=True)
t6, = torch.autograd.grad(t1.amin(-1).exp(), [t1], create_graph=True)
"""),
    # div with a rounding mode keeps the dividend only for the divisor's gradient: writing
    # it afterwards is no error, and integers that came to require grad are divided in
    # place (DivBackward2) where ember refused ("Autograd not support dtype")
    ("found_div_rounding_keeps_dividend_only_for_divisor", "exact", """
t1 = torch.tensor([3.0, 5.0], requires_grad=True)
t2 = t1 * 1
t3 = t2.div(torch.tensor([2.0, -2.0]), rounding_mode='floor')
t2.add_(1)
t3.sum().backward()
t4 = torch.tensor([6, 7], dtype=torch.int8)
t4[:-1] = torch.tensor(3.0, requires_grad=True)
t4.div_(torch.tensor([4, -3], dtype=torch.int8), rounding_mode='trunc')
t5 = torch.tensor([6, -7])
t5[1:] = torch.tensor(3.0, requires_grad=True)
t5.div_(torch.tensor([4, -3]), rounding_mode='floor')
"""),
    # a view that came to require grad when its base was written (one of unbind's outputs):
    # the bitwise ops, gcd, lcm, bincount and isclose read its history before their dtype
    # checks, and numpy() sees that it requires grad (h11-s12-a-100k:52736)
    ("found_stale_view_that_came_to_require_grad", "exact", """
t1 = torch.linspace(0, 3, 4, dtype=torch.float64)
t2 = torch.unbind(t1.reshape(2, 2), 0)
t3 = t2[0]
t1[:] = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
t4 = t3.bitwise_not()
t5 = t3 & 1
t6 = torch.gcd(t3, t3)
t7 = t3.bincount()
t8 = t3.isclose(t3)
t9 = t3.numpy()
t10 = t3.requires_grad
"""),
    # an in-place op that saves its result and casts it to be written: the formula sees the
    # value written (f16 ** f64: 3 ** 1e-7 is 1.0, 1e-7 ** -4 is inf; h11-s12-a-100k:40835);
    # arith: NumPy 1's float64 log of 3 differs from NumPy 2's (and torch's) in the last bit
    ("found_inplace_saved_result_as_written", "arith", """
t1 = torch.tensor([3.0, 1e-07, 4.0, 0.5], dtype=torch.float16)
t2 = torch.tensor([1e-07, -4.0, -0.3665, 0.25], dtype=torch.float64, requires_grad=True)
t1 **= t2
t1.abs().sum().backward()
t3 = torch.tensor([3.0, 1.5], dtype=torch.float32)
t4 = torch.tensor([2.3019, -0.125], dtype=torch.float64, requires_grad=True)
t3.pow_(t4)
t5, = torch.autograd.grad(t3.sum(), [t4], create_graph=True)
"""),
    # each factor of addmv/addr/baddbmm/addbmm is kept only for the other's gradient (as
    # addmm's): writing a factor whose own gradient alone is wanted, or the added input,
    # is no error (ember refused); the factor the other's gradient reads still is one
    ("found_fused_products_keep_each_factor_for_the_other", "exact", """
t1 = torch.tensor([[1.0, -2.0, 0.5], [3.0, 1.0, -1.0]], requires_grad=True)
t2 = torch.tensor([0.5, -1.0, 2.0])
t3 = torch.tensor([1.0, 2.0], requires_grad=True)
t4 = torch.addmv(t3, t1, t2)
t5 = torch.addr(t1, t3, t2, beta=2)
with torch.no_grad():
    t1.mul_(2)
    t3.mul_(2)
(t4.sum() + t5.sum()).backward()
t6 = torch.tensor([[[1.0, 2.0]], [[0.5, -1.0]]], requires_grad=True)
t7 = torch.tensor([[[1.0], [2.0]], [[-1.0], [0.5]]])
t8 = torch.baddbmm(torch.zeros(2, 1, 1), t6, t7)
t9 = torch.addbmm(torch.zeros(1, 1), t6, t7, alpha=0.5)
with torch.no_grad():
    t6.mul_(2)
(t8.sum() + t9.sum()).backward()
t10 = torch.addmv(torch.zeros(2), t1, t2)
t2.add_(1)
t10.sum().backward()
"""),
    # batch and group norm keep the input and the weight whatever gradient is wanted (one
    # kernel computes them all): the weight written after a forward where only the bias
    # requires grad makes the backward refuse, as torch's (ember kept it for x's gradient only)
    ("found_norm_keeps_weight_whatever_is_wanted", "reduce", """
t1 = torch.tensor([[1.0, 2.0, -1.0], [0.5, -0.5, 3.0]])
t2 = torch.tensor([1.5, -2.0, 0.5])
t3 = torch.tensor([0.1, 0.2, 0.3], requires_grad=True)
t4 = torch.nn.functional.batch_norm(t1, None, None, t2, t3, training=True)
t5 = torch.nn.functional.group_norm(t1, 1, t2, t3)
t2.mul_(2)
(t4.sum() + t5.sum()).backward()
"""),
    # layer norm keeps its bias too, as torch's NativeLayerNormBackward0
    ("found_layer_norm_keeps_bias", "reduce", """
t1 = torch.tensor([[1.0, 2.0, -1.0], [0.5, -0.5, 3.0]], requires_grad=True)
t2 = torch.tensor([0.1, 0.2, 0.3])
t3 = torch.nn.functional.layer_norm(t1, (3,), None, t2)
t2.add_(1)
t3.sum().backward()
"""),
    # index_add, index_copy and put keep the source for its own gradient (torch shapes it
    # with the source): the source written after the forward makes the backward refuse
    ("found_index_ops_keep_source_for_its_gradient", "exact", """
t1 = torch.zeros(4)
t2 = torch.tensor([1.0, 2.0], requires_grad=True)
t3 = t1.index_add(0, torch.tensor([0, 2]), t2)
t4 = t1.index_copy(0, torch.tensor([1, 3]), t2)
t5 = t1.put(torch.tensor([3, 0]), t2)
with torch.no_grad():
    t2.mul_(1)
(t3 + t4 + t5).sum().backward()
"""),
    # nextafter's node keeps both inputs when the first one's gradient is wanted, though
    # its formula reads neither: writing one after the forward makes the backward refuse
    ("found_nextafter_keeps_its_inputs", "exact", """
t1 = torch.tensor([1.0, -2.0], requires_grad=True)
t2 = torch.tensor([2.0, -3.0])
t3 = torch.nextafter(t1, t2)
t2.mul_(1)
t3.sum().backward()
"""),
    # ldexp's node keeps its result (read by a float exponent's gradient): the result written
    # in place after the forward makes the backward through it refuse
    ("found_ldexp_keeps_its_result", "exact", """
t1 = torch.tensor([1.5, -2.0], requires_grad=True)
t2 = t1.ldexp(torch.tensor([2, -1]))
t2.mul_(1)
t2.sum().backward()
"""),
    # var_mean's one node keeps the input for the variance's gradient: the mean's backward
    # refuses once the input was written (ember's mean kept nothing)
    ("found_var_mean_mean_keeps_the_input", "exact", """
t1 = torch.tensor([[1.0, 2.0, 4.0], [0.5, -1.0, 3.0]], requires_grad=True)
t2 = t1 * 1
t3, t4 = torch.var_mean(t2, 1)
t2.mul_(1)
t4.sum().backward()
"""),
    # erfinv keeps its input and computes erfinv again (not its result), frexp keeps the
    # exponent it returned (not its input): the result, or frexp's input, written in place
    # is no error; erfinv's input or frexp's exponent is one
    ("found_erfinv_frexp_keep_what_torch_keeps", "exact", """
t1 = torch.tensor([0.5, -0.25], requires_grad=True)
t2 = torch.erfinv(t1)
with torch.no_grad():
    t2.mul_(1)
t2.sum().backward()
t3 = t1 + 1
t4, t5 = torch.frexp(t3)
t3.mul_(1)
t4.sum().backward()
t6, t7 = torch.frexp(t1)
t8 = torch.erfinv(t1.clone())
t7.add_(1)
(t6.sum() + t8.sum()).backward()
"""),
    # embedding_bag keeps the table only for the per-sample weights' gradient (max mode
    # takes its positions from the forward): the table written after a forward whose
    # table alone requires grad is no error (ember refused); with weights that require
    # grad it is one
    ("found_embedding_bag_keeps_table_only_for_sample_weights", "exact", """
t1 = torch.tensor([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]], requires_grad=True)
t2 = torch.tensor([0, 2, 1, 2])
t3 = torch.nn.functional.embedding_bag(t2, t1, torch.tensor([0, 2]), mode='max')
t4 = torch.nn.functional.embedding_bag(t2, t1, torch.tensor([0, 2]), mode='sum',
                                       per_sample_weights=torch.tensor([1.0, 2.0, 0.5, -1.0]))
with torch.no_grad():
    t1.mul_(1)
(t3.sum() + t4.sum()).backward()
t5 = torch.tensor([1.0, 2.0, 0.5, -1.0], requires_grad=True)
t6 = torch.nn.functional.embedding_bag(t2, t1, torch.tensor([0, 2]), mode='sum',
                                       per_sample_weights=t5)
with torch.no_grad():
    t1.mul_(1)
t6.sum().backward()
"""),
    # view(dtype) reads the same bytes as another dtype (ember raised NotImplementedError):
    # a non-differentiable view sharing memory and version counter, so writes through it
    # reach its source unrecorded, and torch's layout rules for another element size
    ("found_view_dtype_reinterprets_bytes", "exact", """
t1 = torch.tensor([[0.0, 1.0, -2.5, 3.0]], requires_grad=True)
t2 = t1.view(torch.int32)
t3 = (t1 * 2).view(torch.int16)
t4 = t1.view(dtype=torch.float64)
t5 = t1.view(torch.float32)
t5.add_(1)
t6 = t1.detach().view(torch.uint8)
t6[0, :4] = 0
t1.sum().backward()
t7 = t1[:, 1:].view(torch.float64)
"""),
    # a uint8 index tensor is a mask (deprecated, with a warning) in index_put as in
    # indexing; one value through one uint8 mask is masked_fill_'s, which refuses it
    ("found_uint8_index_put_mask_and_fill_refused", "exact", """
t1 = torch.zeros(3, 2)
t2 = torch.tensor([1, 0, 1], dtype=torch.uint8)
t3 = t1.index_put((t2,), torch.tensor([5.0, 6.0]))
t4 = t1.index_put((t2,), torch.tensor(2.0), accumulate=True)
t1[t2, 1] = 3.0
"""),
    # the convolution's input and bias gradients under create_graph keep grad_output, input
    # and weight whatever is wanted, as torch's one ConvolutionBackwardBackward0: the input
    # written after the gradient was taken makes its backward refuse (ember kept no input)
    ("found_convolution_gradient_keeps_its_inputs", "reduce", """
t1 = torch.tensor([[[1.0, 2.0, -1.0, 0.5]]], requires_grad=True)
t2 = torch.tensor([[[0.5, -1.0]]], requires_grad=True)
t3 = torch.tensor([0.1], requires_grad=True)
t4 = torch.nn.functional.conv1d(t1, t2, t3)
t5, t6 = torch.autograd.grad(t4.sum(), [t1, t3], create_graph=True)
with torch.no_grad():
    t1.mul_(1)
(t5.sum() + t6.sum()).backward()
"""),
    # batch and layer norm's gradients under create_graph keep input, weight and
    # grad_output, as torch's Native...NormBackwardBackward0: the input written after the
    # gradient was taken makes its backward refuse
    ("found_norm_gradient_keeps_its_inputs", "reduce", """
t1 = torch.tensor([[1.0, 2.0, -1.0], [0.5, -0.5, 3.0]])
t2 = torch.tensor([1.5, -2.0, 0.5], requires_grad=True)
t3 = torch.nn.functional.layer_norm(t1, (3,), t2)
t4 = torch.tensor([[1.0, -1.0, 2.0], [0.5, 0.5, -2.0]], requires_grad=True)
t5, = torch.autograd.grad(t3, [t2], t4, create_graph=True)
t1.mul_(1)
t5.sum().backward()
"""),
    # var/std's gradient over every element centres x on torch's own mean: nine float64
    # 2.9762 average to 4.4e-16 above it, so the gradient is -0.118, not 0
    # (h11-s12-b-100k:49690)
    ("found_var_gradient_centres_on_torchs_mean", "exact", """
t1 = torch.full((3, 3, 1), 2.9762, dtype=torch.float64, requires_grad=True)
torch.std(t1).backward()
t2 = torch.full((9,), 0.1, dtype=torch.float64, requires_grad=True)
torch.var(t2, dim=0).backward()
t3 = torch.full((7,), 1e30, dtype=torch.float32, requires_grad=True)
t4, = torch.autograd.grad(torch.std(t3), [t3], create_graph=True)
"""),
    # a float32 tensor to a number's power computes in double, as torch's scalar loop: the
    # last bit of x ** 2.7, and the sign of x ** 2147483647 (h11-s12-b-100k:67284)
    ("found_float32_power_in_double", "exact", """
t1 = torch.tensor([[-2.0, -0.5, 1.1, 3.7], [-1.0, 2.5, 0.3, -1.2]], requires_grad=True)
t2 = t1 ** 2147483648
t3, = torch.autograd.grad(t2.sum(), [t1], create_graph=True)
t4 = t1 ** 2.7
t5 = torch.pow(t1.detach().abs(), 1 / 3)
t6 = t1.detach() ** 7
"""),
    # an in-place op on a float16 target with a float32 operand saves its result as written,
    # in float16: copysign's gradient is a float16 product (MulBackward0, not a cast;
    # h11-s12-b-100k:65836)
    ("found_inplace_saved_result_in_target_dtype", "exact", """
t1 = torch.tensor([[-2.18, -2.8, -2.93], [1.5, 2.8, -3.0]], dtype=torch.float16, requires_grad=True)
t2 = torch.full((3,), 2.0, dtype=torch.float32)
t3 = t1.frac()
t3.copysign_(t2)
t4 = t3.log1p()
t5, = torch.autograd.grad(t4.sum(), [t1], create_graph=True)
t6 = t1 * 1
t6.hypot_(t2)
t7, = torch.autograd.grad(t6.exp().sum(), [t1], create_graph=True)
"""),
    # the weight's gradient under create_graph keeps the weight too (torch's one
    # ConvolutionBackwardBackward0 node; ember's kernel took only its shape): the weight
    # written after the gradient was taken makes its backward refuse
    ("found_convolution_weight_gradient_keeps_the_weight", "reduce", """
t1 = torch.tensor([[[1.0, 2.0, -1.0, 0.5]]], requires_grad=True)
t2 = torch.tensor([[[0.5, -1.0]]], requires_grad=True)
t3 = torch.nn.functional.conv1d(t1, t2)
t4, = torch.autograd.grad(t3.sum(), [t2], create_graph=True)
with torch.no_grad():
    t2.mul_(1)
t4.sum().backward()
"""),
    # cumsum_/cumprod_ check their dim and dtype (no bool kernel) before refusing to write
    # into an expanded tensor (h11-s12-b-100k:99402)
    ("found_cumsum_in_place_checks_arguments_before_overlap", "exact", """
t1 = torch.tensor([True, False, True, True])
t2 = t1.expand(2, 4)
t2.cumsum_(-2)
t3 = torch.tensor([1, 2, 3], dtype=torch.int16).expand(2, 3)
t3.cumprod_(0, dtype=torch.float32)
t4 = t1.expand(2, 4)
t4.cumsum_(5)
"""),
    # NumPy arrays as operators' operands are NumPy's (the operator answers NotImplemented):
    # results in NumPy's promotion, back as tensors; `==` compares the array as a tensor;
    # NumPy's ufuncs give tensors (bool as uint8); a tensor that requires grad is refused
    # (twelfth session)
    ("found_numpy_arrays_meet_tensors", "exact", """
import numpy as np
t1 = torch.tensor([1.0, 2.0])
t2 = t1 * np.ones(2)
t3 = torch.tensor([1, 2]) * np.ones(2, dtype=np.int32)
t4 = t1 @ np.ones(2)
t5 = t1 == np.ones(2)
t6 = np.ones(2) / t1
t7 = np.exp(t1)
t8 = np.isnan(t1)
t9 = np.maximum(t1, 1.5)
t10 = t1 != np.ones(2)
t11 = torch.tensor([1.0, 2.0], requires_grad=True)
t12 = np.exp(t11.detach())
t13 = np.asarray(t11)
"""),
    # cumprod's gradient with zeros and an infinite upstream gradient under retain_grad:
    # hooks get Tensors but nothing is recorded, so torch's values (inf, not nan)
    # (h11-s12-b-100k:96546)
    ("found_cumprod_gradient_with_hooks_unrecorded", "exact", """
t1 = torch.tensor([[-2.5, 0.0], [3.0, 0.0], [0.0, 2.0], [2.0, 3.0]], requires_grad=True)
t2 = torch.cumprod(t1, 1)
t2.retain_grad()
t2.backward(torch.full_like(t2, float('inf')))
"""),
    # a view that retains its grad keeps retaining it when its base is written in place and
    # it gets a new path (AsStridedBackward0) (h11-s12-c-100k:52828)
    ("found_retained_view_follows_its_new_path", "exact", """
t1 = torch.tensor([[2.07], [-2.0], [-3.0]], requires_grad=True)
t2 = t1 * torch.tensor([[1.0, 2.0]])
t3 = t2.permute(0, 1)
t3.retain_grad()
t2[-2] = 7.0
t3.backward(torch.ones_like(t3) * 2, retain_graph=True)
t4 = t3.grad.clone()
(t3 * 5).sum().backward()
"""),
    # a node torch cannot differentiate (5 % x) raises when a backward reaches it, also
    # without a gradient (a 0-norm gives none) (h11-s12-c-100k:86724)
    ("found_not_implemented_node_raises_without_a_gradient", "exact", """
t1 = torch.tensor([[1.3, -3.0], [-2.5312, -2.5]], dtype=torch.float64, requires_grad=True)
t2 = 5 % t1
t3 = torch.norm(t2, p=0)
t3.abs().sum().backward()
"""),
    # tensordot/inner of bools down to one row times one column is torch's dot kernel, which
    # has no bool loop, even with nothing to multiply (h11-s12-c-100k:98353)
    ("found_bool_tensordot_of_one_row_and_column", "exact", """
t1 = torch.zeros((0, 1), dtype=torch.bool).t()
t2 = torch.inner(t1, torch.zeros((1, 0), dtype=torch.bool))
t3 = torch.tensordot(torch.ones((1, 2), dtype=torch.bool), torch.ones((2, 1), dtype=torch.bool), 1)
t4 = torch.inner(torch.zeros((2, 0), dtype=torch.bool), torch.zeros((3, 0), dtype=torch.bool))
"""),
    # as_strided's gradient under create_graph ends with an as_strided, as torch's
    # (AsStridedBackward0; a view regrown after its base was written through a detached
    # alias) (h11-s12-c-100k:97218)
    ("found_as_strided_gradient_graph_name", "exact", """
t1 = torch.tensor([[2.71, 1.0, -4.0], [2.3802, -1.7, -2.5]], dtype=torch.float64,
                  requires_grad=True)
t2 = t1[0]
t3 = t1.detach()
t3.zero_()
t4 = t2.softmax(-1)
t5, = torch.autograd.grad(t4.sum(), [t1], create_graph=True)
t6, = torch.autograd.grad(t1.as_strided((2, 2), (1, 2)).exp().sum(), [t1], create_graph=True)
"""),
    # addcmul's gradient with an integer tensor and an int value: the integer product is
    # converted to the gradient's dtype before multiplying (int64's -2**63 + 1 is -inf in
    # float16, so a zero gradient gives nan) (h11-s12-d-100k:36492)
    ("found_addcmul_integer_product_in_gradient_dtype", "exact", """
t1 = torch.tensor([-0.125, 0.0, 1.1], dtype=torch.float16, requires_grad=True)
t2 = torch.tensor([-9223372036854775807, 0, 3])
t3 = torch.tensor([1.97, 0.9165, 3e+38], dtype=torch.float16, requires_grad=True)
t4 = torch.addcmul(t1, t2, t3, value=-1)
t4.backward(torch.tensor([0.0, 0.25, 0.25], dtype=torch.float16))
t5 = torch.addcmul(t1, t2, t3, value=0.5)
t6, = torch.autograd.grad(t5, [t3], torch.tensor([0.0, 0.25, 0.25], dtype=torch.float16))
"""),
    # torch's dot sums its products from +0: -3 * 0 alone is +0, and rsqrt of it inf
    # (h11-s12-e-100k:36817)
    ("found_dot_sums_from_positive_zero", "exact", """
t1 = torch.tensor([-3.0], requires_grad=True)
t2 = torch.zeros((1,), requires_grad=True)
t3 = torch.dot(t1, t2)
t4 = torch.rsqrt(t3)
t5 = torch.matmul(t1, t2)
t6 = torch.inner(t1, t2)
"""),
    # torch lays out an elementwise result of operands in different memory orders as the
    # first operand that orders them (TensorIterator): x.t() * y is transposed, so its
    # view(-1) is refused and its reshape copies (h11-s12-e-100k:34664, :97566)
    ("found_elementwise_result_laid_out_as_first_operand", "exact", """
t1 = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]], requires_grad=True)
t2 = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
t3 = t1.t() * t2
t4 = t3.reshape(6)
t5 = (t1.t() != t2).view(-1)
t6 = torch.where(t1.t() > 0, t2, t1.t()).view(-1)
t7 = (t2 + t1.t()).view(-1)
t8 = torch.atan2(t1.t(), t2).flatten()
t9 = torch.maximum(t1.t(), t2[0]).reshape(-1)
t10 = torch.pow(t1.t(), 2.0 * t2).view(6)
"""),
    # the gradient of a scatter's src larger than its index has the index's shape, which
    # torch's engine refuses (ember padded it with zeros); scatter_reduce's amax, amin and
    # prod formulas mix src with gathered values, so torch refuses even self's gradient
    ("found_scatter_src_larger_than_index_gradient_refused", "exact", """
t1 = torch.zeros((3, 4), requires_grad=True)
t2 = torch.tensor([[1.0, 2.0, 3.0, 4.0, 5.0], [6.0, 7.0, 8.0, 9.0, 0.5], [1.5, 2.5, 3.5, 4.5, 5.5]])
t2.requires_grad_()
t3 = torch.tensor([[0, 1], [2, 3], [1, 0]])
t4 = t1.scatter(1, t3, t2.detach())
t5, = torch.autograd.grad(t4.sum(), [t1])
t6 = t1.scatter_reduce(1, t3, t2.detach(), 'mean')
t7, = torch.autograd.grad(t6.sum(), [t1])
t8 = t1.scatter_add(1, t3, t2)
t9, = torch.autograd.grad(t8.sum(), [t2])
"""),
    ("found_scatter_reduce_amax_src_larger_than_index_refused", "exact", """
t1 = torch.zeros((3, 4), requires_grad=True)
t2 = torch.tensor([[1.0, 2.0, 3.0, 4.0, 5.0], [6.0, 7.0, 8.0, 9.0, 0.5], [1.5, 2.5, 3.5, 4.5, 5.5]])
t3 = torch.tensor([[0, 1], [2, 3], [1, 0]])
t4 = t1.scatter_reduce(1, t3, t2, 'amax', include_self=False)
t5, = torch.autograd.grad(t4.sum(), [t1])
"""),
    # torch's eigh is one node for both outputs, keeping them (not the matrix): the matrix
    # may be written in place after it, a returned eigenvalue may not
    ("found_eigh_one_node_keeps_its_outputs", "reduce", """
t1 = torch.tensor([[2.0, 0.5, 0.1], [0.3, 1.0, -0.2], [0.0, 0.4, 3.0]], dtype=torch.float64)
t1.requires_grad_()
t2 = t1 + t1.mT
t3 = len({id(t.grad_fn) for t in torch.linalg.eigh(t2)})
t4 = torch.linalg.eigh(t2).eigenvalues
t5 = torch.linalg.eigh(t2).eigenvectors.abs()
t2.mul_(2.0)
t6, = torch.autograd.grad(t4.sum() + t5[0].sum(), [t1])
t7 = torch.linalg.eigvalsh(t2)
t2.add_(1.0)
t8, = torch.autograd.grad(t7.sum(), [t1])
t9 = torch.linalg.eigh(t2)[0]
t9.add_(0.0)
t10, = torch.autograd.grad(t9.sum(), [t1])
"""),
    # an in-place op on a view of a base whose memory is its dims transposed (trunc keeps
    # t1.t()'s layout), where the view (t4.view(-1)) is no strided window of the base's C
    # order: ember refused it (NotImplementedError); torch records it on the base
    # (CopySlices) with the view read back from the base's memory (h11-s12-e-100k:81414)
    ("found_inplace_on_view_across_transposed_base", "exact", """
t1 = torch.tensor([[-2.16, -2.0], [-2.5, -1e+30], [-0.0, 0.25]], dtype=torch.float32,
                  requires_grad=True)
t2 = t1.t()
t3 = t2.trunc()
t2.sum().backward()
t4 = t3.t()
t5 = t3.logsumexp(0)
t6 = t4.view(-1)
t6.gt_(0)
t4.backward(torch.full_like(t4, inf))
"""),
    # the same across a permuted 3-d base, a slice of a reshape, a tensor operand that
    # requires grad; and copy_, zero_, fill_ of a tensor, a write under no_grad (the
    # view's and the base's other views' paths regrown: AsStridedBackward0), the
    # versions, and a second derivative through the write
    ("found_inplace_on_view_across_permuted_base", "exact", """
x = torch.arange(24., dtype=torch.float64).reshape(2, 3, 4).requires_grad_()
s = torch.linspace(-1, 1, 12, dtype=torch.float64).reshape(2, 6).requires_grad_()
b = x.permute(2, 0, 1).sin()
v = b.permute(1, 2, 0).reshape(2, 12)[:, 1:7]
v.mul_(s)
n = (v._version, b._version, type(b.grad_fn.next_functions[0][0]).__name__ == 'SinBackward0')
u = b[1:3, 1]
(b.cos() * torch.arange(24., dtype=torch.float64).reshape(4, 2, 3)).sum().backward()
"""),
    ("found_writes_into_views_across_transposed_base", "exact", """
w = torch.arange(1., 13., dtype=torch.float64).reshape(3, 4).requires_grad_()
q = torch.arange(8., dtype=torch.float64).reshape(2, 4).requires_grad_()
r = torch.tensor(3., dtype=torch.float64, requires_grad=True)
b = w.t().clone()
c = b.t()
c.view(-1)[1:9].view(2, 4).copy_(q)
c.view(2, 6)[:, ::4].zero_()
c.reshape(-1)[::5].fill_(r)
u = b[2]
with torch.no_grad():
    c.view(-1)[6:8].mul_(10)
v = c.view(-1)
n = (v._version, b._version)
(v * torch.arange(12., dtype=torch.float64)).sum().backward(retain_graph=True)
(u * u).sum().backward(retain_graph=True)
g, k = torch.autograd.grad((b ** 3).sum(), [w, r], create_graph=True)
h = torch.autograd.grad((g * g).sum() + k * k, [w, r])
"""),
    # the same for a base with gaps between its elements (from_numpy of a strided array):
    # the write and the view's read are windows of its memory, gaps untouched
    ("found_inplace_on_view_of_strided_numpy_base", "exact", """
import numpy as np
a = np.arange(24.).reshape(4, 6)
b = torch.from_numpy(a[:, ::2])
w = torch.arange(1., 5., dtype=torch.float64, requires_grad=True)
v = b.t()[1]
v.mul_(w)
c = torch.from_numpy(a.copy())
(b * torch.arange(12., dtype=torch.float64).reshape(4, 3)).sum().backward()
"""),
    # as_strided of a transposed input windows its memory (the C order of what it is a
    # transpose of), as torch's; ember refused an input not in C order
    ("found_as_strided_of_transposed_input", "exact", """
x = torch.arange(12., dtype=torch.float64).reshape(3, 4).requires_grad_()
a = x.t().as_strided((2, 2), (1, 4))
b = x.t().as_strided((3,), (2,), 1)
c = x.detach().t().clone().as_strided((2, 3), (3, 1), 2)
(a * torch.tensor([[1., 2.], [3., 4.]], dtype=torch.float64) + b.sum()).sum().backward()
"""),
    # `x[...] = value` of x's shape is torch's copy_, which into integers makes no in-place
    # checks: a view made before its base came to require grad (through ne_) is written;
    # a 0-d value into a tensor of dims is a fill_, refused (iw-check2:10110)
    ("found_setitem_whole_integer_view_is_a_copy", "exact", """
t1 = torch.tensor([5, 6])
t2 = t1[0]
t3 = torch.tensor(1.0, requires_grad=True)
t1.ne_(t3)
t2[...] = torch.tensor(7)
t4 = t1[:1]
t4[...] = torch.tensor([9])
t5 = (t1, t2.grad_fn, t4.grad_fn)
t4[...] = 3
"""),
    # sgn's gradient of a real input is torch's ZeroTensor, which products and quotients
    # keep zero: abs(log(x))'s second derivative at 0 is -inf (log's 1 / x times it is no
    # nan), as is a 1-norm's; retained, or summed with a real gradient, it adds nothing;
    # sign's gradient is plain zeros (h11-s12-b-100k:40752)
    ("found_sgn_gradient_is_a_symbolic_zero", "exact", """
t1 = torch.tensor([-2.0, -1.0, 0.0, 1.0, 2.0], requires_grad=True)
t2 = torch.abs(torch.log(t1))
t3, = torch.autograd.grad(t2.sum(), [t1], create_graph=True)
t4, = torch.autograd.grad((t3 * t3).sum(), [t1])
t5 = torch.tensor([-2.0, 0.0, 2.0], requires_grad=True)
t6 = t5.log()
t6.retain_grad()
(t6.sgn() + t5).sum().backward()
t7 = torch.tensor([0.0, 3.0], dtype=torch.float64, requires_grad=True)
t8, = torch.autograd.grad(torch.linalg.vector_norm(t7.log(), 1), [t7], create_graph=True)
t9, = torch.autograd.grad(t8.sum(), [t7])
t10 = torch.tensor([-2.0, 0.0, 2.0], requires_grad=True)
t10.sign().sum().backward()
t11 = torch.tensor([-1.0, 0.0, 2.0], requires_grad=True)
t12 = torch.autograd.functional.jacobian(lambda v: v.log().sgn(), t11)
t13 = torch.tensor([-2.0, 0.0, 1.0], requires_grad=True)
t14 = t13 * -0.0
(t14.sgn() + t14).sum().backward()
"""),
    # torch.linalg.multi_dot was missing: the cheapest multiplication order (its graph shows
    # it), 1-D ends unsqueezed, the result viewed (ViewBackward0), torch's argument checks
    # (found by hand, thirteenth session)
    ("found_linalg_multi_dot", "exact", """
t1 = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5]], requires_grad=True)
t2 = torch.tensor([[1.0, 2.0], [-1.0, 0.5], [0.25, 3.0]], requires_grad=True)
t3 = torch.tensor([[2.0, -1.0, 0.5, 1.0], [0.5, 1.5, -2.0, 0.25]], requires_grad=True)
t4 = torch.tensor([1.0, -2.0, 0.5, 4.0], requires_grad=True)
t5 = torch.linalg.multi_dot([t1, t2, t3, t4])
t6 = torch.linalg.multi_dot((t4[:2], t1, t2))
t7 = torch.linalg.multi_dot([t2, t3])
(t5.sum() + t6.sum() + t7.sum()).backward()
t8 = torch.linalg.multi_dot([t1, t2.double()])
"""),
    # 0-d tensors where torch takes numbers: full's fill value and arange's bounds read as
    # numbers (item()); an integer arange truncates start and step first (a 0.5 step is 0:
    # int64 refuses it, uint8 repeats start); linspace/logspace's bounds, steps and base;
    # a tensor with dims is refused (found by hand, thirteenth session)
    ("found_tensor_numbers_in_full_and_arange", "exact", """
t1 = torch.full((2,), torch.tensor(3, dtype=torch.uint8))
t2 = torch.arange(torch.tensor(1), torch.tensor(7), torch.tensor(2))
t3 = torch.arange(torch.tensor(3.5), dtype=torch.int64)
t4 = torch.arange(0, 3, torch.tensor(0.5), dtype=torch.uint8)
t5 = torch.arange(-3.5, 3.5, 1.5, dtype=torch.int32)
t6 = torch.full_like(t5, torch.tensor(2.5))
t8 = torch.linspace(torch.tensor(0.0, requires_grad=True), 1, torch.tensor(3))
t9 = torch.logspace(0, 1, 3, base=torch.tensor(2.0))
t7 = torch.full((2,), torch.tensor([1.0]))
"""),
    # dims given as tensors: a 0-d integer tensor is an int everywhere (a uint8 one was
    # compared as uint8: -3 <= 1 was false); where torch takes int[] a tensor of one integer
    # or bool element too (squeeze's list form: SqueezeBackward2); a float is a TypeError;
    # max(dim=tensor) is a dim, max(tensor) alone the elementwise maximum (found by hand,
    # thirteenth session)
    ("found_tensor_dims", "exact", """
t1 = torch.arange(6.).reshape(2, 3).requires_grad_()
t2 = t1.sum(dim=torch.tensor(1))
t3 = t1.cumsum(torch.tensor(0, dtype=torch.int32))
t4 = t1.unsqueeze(torch.tensor(1, dtype=torch.uint8))
t5 = t1.amax(torch.tensor(True))
t6 = t1.flip(torch.tensor([1]))
t7 = t1.unsqueeze(0).squeeze(torch.tensor([0]))
t8 = t1.transpose(torch.tensor(-1), 0)
(t2.sum() + t3.sum() + t4.sum() + t5.sum() + t6[0, 0] + t7.sum() + t8.sum()).backward()
t10 = t1.max(dim=torch.tensor(1))[0]
t11 = t1.min(torch.tensor(0), keepdim=True)[0]
t12 = t1.max(torch.tensor(2.0))
t9 = t1.sum(torch.tensor(1.0))
"""),
    # `x == array` of a dtype ember lacks (uint16/32/64, complex) and `x == complex`: torch
    # compares in its promoted dtype (float32 for a float32 tensor and uint64 values, complex64
    # for an int64 tensor and a complex64 array); ember compared uint64 as int64 and gave
    # Python's False for complex; an integer tensor and a dimensioned unsigned array are
    # torch's promotion error (found by hand, thirteenth session)
    ("found_numpy_uint64_and_complex_comparisons", "exact", """
import numpy as np
t1 = torch.tensor([16777217.0, 1.0])
t2 = t1 == np.array([16777217, 2], dtype=np.uint64)
t3 = torch.tensor([16777217, 1]) == np.array([16777217, 1 + 1j], dtype=np.complex64)
t4 = t1 == np.array(1, dtype=np.complex128)
t5 = t1 != (1 + 0j)
t6 = torch.tensor(3) == np.array([3, 2**63], dtype=np.uint64)
t7 = torch.tensor([1, 2]) == np.array([1, 2], dtype=np.uint64)
"""),
    # NumPy's bool is a double to torch (np.bool_(True) + int_tensor is float32, & has no
    # Float kernel); `3 << bool_tensor` shifts 3 in int64 (ember converted 3 to the tensor's
    # bool: int8 [2, 1]) (found by hand, thirteenth session)
    ("found_numpy_bool_is_a_double_and_reflected_shifts", "exact", """
import numpy as np
t1 = torch.tensor([1, 2])
t2 = np.bool_(True) + t1
t3 = t1 - np.bool_(True)
t4 = np.bool_(True) ** t1
t5 = 3 << torch.tensor([True, False])
t6 = 300 >> torch.tensor([1, 2], dtype=torch.uint8)
t7 = np.bool_(True) & t1
"""),
    # torch checks a reduction's dims before its dtype: an integer dtype= for a float
    # input that requires grad is refused only for a dim in range (h11-s13-d-100k:30337)
    ("found_reduction_dims_checked_before_dtype", "exact", """
t1 = torch.tensor(3.0, requires_grad=True)
t2 = torch.ones((2, 3), requires_grad=True)
t3 = t2.nansum(0, dtype=torch.float64)
t4 = t1.nansum((1,), keepdim=True, dtype=torch.int32)
"""),
    ("found_sum_prod_cumsum_dims_checked_before_dtype", "exact", """
t2 = torch.ones((2, 3), requires_grad=True)
t3 = t2.sum(0, dtype=torch.float64)
t4 = t2.prod(1, dtype=torch.float64)
t5 = t2.cumsum(-1, dtype=torch.float64)
t6 = t2.cumsum(5, dtype=torch.int32)
"""),
    # a copy of an expanded tensor (float(), double(), clone(), empty_like) is C-ordered in
    # torch (a broadcast dim orders nothing), where NumPy's order "K" puts the broadcast dim
    # innermost: its view(-1) was refused (h11-s13-e-100k:23112)
    ("found_copy_of_expanded_tensor_is_c_ordered", "exact", """
t2 = torch.tensor([1, 1], dtype=torch.int8)
t3 = t2.expand(2, 2)
t4 = t3.permute(0, 1)
t5 = t4.float()
t6 = t5.view(-1)
t6.clamp_(-1, 1)
t7 = torch.tensor([1.0, 2.0]).expand(3, 2).double().view(-1)
t8 = torch.tensor([1.0, 2.0]).expand(3, 2).clone().view(-1)
t9 = torch.empty_like(torch.tensor([1.0, 2.0]).expand(3, 2)).zero_().view(-1)
"""),
    # softmax of an empty integer tensor that came to require grad (eq_) is refused as
    # torch's: an integer result may not require grad (h11-s13-e-100k:50532)
    ("found_softmax_of_empty_integers_requiring_grad_refused", "exact", """
t1 = torch.tensor([[0.1388]], dtype=torch.float32, requires_grad=True)
t2 = torch.zeros((1, 0), dtype=torch.int32)
t3 = torch.fmin(t2, t1)
t5 = torch.msort(t3)
t2.eq_(t5)
t6 = t2.log_softmax(-1)
"""),
    # torch's power of two tensors is C's pow: (-inf) ** 0.5 is inf, not NumPy's nan, in
    # the forward and in the gradient's a ** (b - 1) (h11-s13-f-100k:44507)
    ("found_power_of_tensors_at_negative_infinity", "exact", """
t1 = torch.tensor([-1e+30, -inf, 1.5754], dtype=torch.float32, requires_grad=True)
t5 = torch.tensor(1.5, dtype=torch.float64)
t6 = t1 ** t5
t6.mean().backward()
t7 = t1.detach() ** torch.tensor([0.5, 0.5, -0.5])
t8 = torch.pow(t1.detach(), torch.tensor(-2.5))
"""),
    # nan_to_num_ of integers or bools is torch's copy of self onto itself, which returns
    # at once: an expanded (overlapping) target is not refused (h14-s14-a-50k:41630)
    ("found_nan_to_num_in_place_leaves_integers_alone", "exact", """
t1 = torch.tensor([-5, -3], dtype=torch.int64)
t6 = torch.chunk(t1, 2, 0)[0].expand(2)
t6.nan_to_num_()
t7 = torch.tensor([True, False]).expand(2, 2)
t7.nan_to_num_(nan=2.5)
t8 = t6._version
"""),
    # torch's CPU mm writes a single product (inner dim 1, both outer dims above 1) as it
    # is, -0.0 included; NumPy's BLAS adds it to +0.0. A pow by -1 shows the sign
    # (h14-s14-c-50k:20332); the gradients' products follow the same rule
    ("found_mm_with_inner_dim_one_keeps_negative_zeros", "exact", """
t3 = torch.zeros((2, 1), dtype=torch.float32, requires_grad=True)
t4 = torch.tensor([[-1.0, 0.5]], dtype=torch.float32, requires_grad=True)
t5 = torch.matmul(t3, t4)
t6 = t5 ** torch.tensor([-1.0, 0.5])
t7 = torch.zeros((3, 2, 1), dtype=torch.float64) @ torch.tensor([[-2.0, 1.0]], dtype=torch.float64)
t8 = torch.zeros((1, 1)) @ torch.tensor([[-1.0, 0.5]])
t9 = torch.zeros(4, 2) @ torch.tensor([[-1.0], [0.5]])
t10 = torch.zeros(3, 1, requires_grad=True)
t11 = t10 @ torch.tensor([[-1.0, 0.5, 2.0]])
t11.backward(torch.full((3, 3), -1.0))
"""),
    # lerp reads its operands' history before its dtype checks, as torch's autograd does:
    # a stale unbind output is refused first (h14-s14-c-50k:722)
    ("found_lerp_reads_history_before_dtypes", "exact", """
t3 = torch.tensor([1, -1], dtype=torch.int16)
t5 = torch.unbind(t3, 0)[0]
t6 = torch.tensor(3.75, dtype=torch.float16, requires_grad=True)
t3[:] = t6
t8 = torch.tensor([-5, -2], dtype=torch.int16)
t9 = torch.lerp(t5, t8, t3)
"""),
    # a slice without elements starts at its start (NumPy's at the array's first element),
    # so view(dtype) refuses an odd start as torch does (h11-s13-e-100k:44260)
    ("found_view_dtype_of_an_empty_slice_checks_its_offset", "exact", """
t1 = torch.arange(-2, -1, dtype=torch.float32).reshape((1,)).requires_grad_()
t2 = t1.narrow(0, 1, 0)
t3 = torch.tensor([t2.storage_offset(), torch.zeros(4, 3)[3:3].storage_offset()])
t4 = torch.zeros(4, 3)[1:1].view(torch.float16)
t5 = torch.tensor([t4.storage_offset(), *t4.stride()])
t6 = t2.view(torch.float64)
"""),
    # views of tensors without elements keep torch's strides and storage offsets (NumPy
    # gives a new empty array strides 0 and an empty slice no start)
    ("found_views_of_empty_tensors_laid_out_as_torch", "exact", """
t1 = torch.zeros((0, 3), dtype=torch.float32)
t2 = torch.tensor([*t1.t().stride(), *t1.unsqueeze(1).stride(), *t1[:, 1:].stride()])
t3 = torch.tensor([t1[:, 1:].storage_offset(), t1[:, 2].storage_offset()])
t4 = torch.tensor([*torch.zeros(1).expand(3, 0).stride(), *t1.diagonal(1).stride()])
t5 = torch.tensor([*torch.zeros(4, 3)[1:1:2].stride(), torch.zeros(4, 3)[:, 2:2].storage_offset()])
t6 = torch.zeros(4, 3)[3:3].as_strided((0, 2), (1, 1))
t7 = torch.tensor([t6.storage_offset(), *t1.permute(1, 0).view(3, 0).stride()])
"""),
    # ldexp makes its power of two first: pow(2.0, other), C-ordered, for a float32 self;
    # huber_loss writes into empty_like(input): a broadcast input is laid out in C order
    ("found_ldexp_and_huber_loss_laid_out_as_torch", "exact", """
t1 = torch.tensor([0.5, 1.0, 2.0, 4.0])
t2 = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0], [1.0, 0.0, 2.0]]).t()
t3 = torch.ldexp(t1, t2)
t4 = torch.tensor(t3.stride())
t5 = torch.nn.functional.huber_loss(t1, t2, reduction='none')
t6 = torch.tensor(t5.stride())
t7 = torch.ldexp(t1.double(), t2.double().expand(2, 3, 4)[1])
t8 = torch.tensor(t7.stride())
"""),
    # sort, msort and argsort write their results in the input's memory order (torch's
    # empty_like): the values of a column-major inverse are not viewable flat
    # (h14-s14-c-50k:28432)
    ("found_sort_keeps_the_input_layout", "exact", """
t4 = torch.tensor([[3.0, 2.0], [0.5, 3.75]], dtype=torch.float32, requires_grad=True)
t5 = torch.inverse(t4)
t8 = torch.msort(t5)
t9 = torch.tensor([*t8.stride(), *torch.sort(t5.t(), 1).indices.stride()])
t10 = torch.ones(2, 3, 4).permute(2, 0, 1).argsort(1)
t11 = torch.tensor(t10.stride())
t12 = t8.view(-1)
"""),
    # NumPy's numbers are Python numbers to torch's parser: `np.float64(1.5) - t` and
    # `t ** np.float64(2)` stay float32 (ember handed the NumPy scalar to NumPy, whose
    # promotion made them float64); renorm refuses a tensor of fewer than 2 dims (found by
    # hand, book programs: d2l's optimization chapter mixes np.float64 and tensors)
    ("found_numpy_numbers_in_rsub_and_pow_and_renorm_dims", "exact", """
import numpy as np
t1 = torch.tensor([1.0, 2.0, 3.0])
t2 = torch.tensor([1, 2, 3])
t3 = np.float64(1.5) - t1
t4 = np.int64(2) - t2
t5 = np.int64(2) - t1
t6 = t1 ** np.float64(2)
t7 = t2 ** np.float64(0.5)
t8 = t2 ** np.int64(2)
t9 = torch.rsub(t1, np.float64(0.5))
t10 = t1.renorm(2, 0, 1.0)
"""),
    # average pooling of int64 divides as C's integers, toward zero (ember had NumPy's //,
    # which rounds down), and torch's kernel has no other integer dtype (helper-86)
    ("found_avg_pool_integers_truncate", "exact", """
t1 = torch.tensor([[[-5, 0, 7, 0], [0, 0, 0, 0]]])
t2 = torch.nn.functional.avg_pool2d(t1, 2)
t3 = torch.nn.functional.avg_pool2d(t1, 2, divisor_override=3)
t4 = torch.nn.functional.avg_pool1d(t1, 3, 1, 1)
t5 = torch.nn.functional.avg_pool3d(t1.unsqueeze(0) * 3 - 1, (1, 2, 2))
t6 = torch.nn.functional.avg_pool2d(t1.int(), 2)
"""),
    # torch's small bmm (under 400 multiply-adds) starts each entry's sum from +0, so
    # products that are all -0 give +0; ember's running sum started from the first product
    # (einsum goes through bmm; s15-1502:14494)
    ("found_small_bmm_sums_start_from_zero", "exact", """
t1 = torch.zeros((1, 2), dtype=torch.float64, requires_grad=True)
t2 = torch.tensor([[-0.8515, -1.0], [-4.0, 1.0]], dtype=torch.float64, requires_grad=True)
t3 = torch.einsum('ij,jk->ik', t1, t2)
t4 = 1 / t3
t5 = torch.bmm(torch.zeros((2, 3, 4)), -torch.ones((2, 4, 2)))
t6 = 1 / t5
t7 = torch.einsum('i,i->', torch.zeros(3), -torch.ones(3))
t8 = 1 / t7
"""),
    # fmod's and remainder's gradient of the divisor, -trunc(a / b) and -floor(a / b), with
    # an int64 dividend: torch divides in the promoted float32 (5 / 0.2 is 25), ember's
    # formula on arrays divided in NumPy's float64 (24.99...: 24) (s15-1505:49255)
    ("found_fmod_divisor_gradient_in_the_promoted_dtype", "exact", """
t1 = torch.tensor([[5, -3, 7]], dtype=torch.int64)
t2 = torch.tensor([0.2, 0.7, -0.3], requires_grad=True)
t3 = torch.fmod(t1, t2)
t3.sum().backward()
t4 = t2.grad
t5 = torch.tensor([0.2, 0.7, -0.3], requires_grad=True)
t6 = torch.remainder(t1, t5)
t6.sum().backward()
t7 = t5.grad
"""),
    # s16-1602:43647: an in-place op on a view, its result cast into float16 with overflow
    # (NumPy's cast warning reached the user; torch writes inf quietly)
    ("found_inplace_view_cast_overflow_is_quiet", "exact", """
t2 = torch.arange(0, 1, dtype=torch.float16).reshape(())
t3 = torch.tensor(-1e+30, dtype=torch.float64, requires_grad=True)
t2.hypot_(t3)
"""),
    # s16-1603:22346: sinh/cosh of 89 among 16 float32 values is inf in torch (SLEEF's exp
    # overflows in the vectorised body), 2.2448e+38 in the scalar tail (ops/_torch_libm.py)
    ("found_sinh_overflows_in_the_vector_body", "exact", """
t1 = torch.tensor([[3, 5, 3], [6, 3, 125], [89, 0, 4]], dtype=torch.uint8)
t2 = torch.cat([t1.flatten(), t1.flatten()]).float()
t3 = t2.sinh()
t4 = t2.cosh()
t5 = t2[:9].sinh()
"""),
    # s17-1703:95: float64 sinc of -inf through the C library's sine (math.sin refuses inf:
    # a ValueError; torch's is nan) and digamma of the same values
    ("found_float64_sinc_of_inf_is_nan", "exact", """
t2 = torch.tensor([-inf, -0.125, -1e+30], dtype=torch.float64, requires_grad=True)
t3 = t2.sinc()
t4 = torch.tensor([inf], dtype=torch.float64).sinc()
t5 = torch.digamma(torch.tensor([-inf, inf, nan], dtype=torch.float64))
"""),
    # (sweep s1802: an in-place fmod of a 0-d float16 tensor by a 0-d float32 one computes
    # in float32, and so does its gradient's trunc(a / b); ember divided in float16)
    ("found_inplace_fmod_differentiates_in_the_promoted_dtype", "exact", """
t2 = torch.tensor(1.0, dtype=torch.float16)
t3 = torch.tensor(0.92, requires_grad=True)
t2[None] = t3
t2.fmod_(t3)
t2.backward(torch.ones_like(t2))
t4 = t3.grad
"""),
    # (sweep s1902: the gradient of det of a matrix holding inf and nan fell back to an SVD,
    # which refuses non-finite values; torch's LU solve gives nan)
    ("found_det_gradient_of_a_nonfinite_matrix_raised", "exact", """
t6 = torch.tensor([[1.0, 2.9233, 3e+38], [-1e+30, -inf, 0.0], [3.75, nan, 0.0]],
                  dtype=torch.float32, requires_grad=True)
t7 = torch.det(t6)
t7.backward()
t8 = t6.grad
"""),
    # complex programs (helper-119, complex:11902): ne of a 0-d complex tensor and a complex
    # number was float32 (NumPy's logical_not of a 0-d array is a scalar)
    ("found_complex_ne_number_is_bool", "exact", """
t1 = torch.full((), 2.2, dtype=torch.float32, requires_grad=True).to(torch.cfloat)
t2 = torch.ne(t1, (1+2j))
t3 = t1 != 2j
t4 = torch.tensor([1j, 2]) != 1j
"""),
    # conj_physical_ left complex values as they were
    ("found_complex_conj_physical_inplace", "exact", """
t1 = torch.tensor([-0.5, -4.0], requires_grad=True) * (1+1j)
t1.conj_physical_()
t2 = torch.tensor([1+2j, -3j])
t2.conj_physical_()
"""),
    # reciprocal of complex values is torch's complex division: inf+nanj at 0, +0 parts
    # (NumPy's: nan+nanj, 0.5-0j for 2+0j)
    ("found_complex_reciprocal_as_torch_divides", "exact", """
t1 = torch.tensor([0j, complex(-0.0, 0.0), (2+0j), complex(2.0, -0.0), (-4+0j), 4j, (1+1j)])
t2 = t1.reciprocal()
t3 = t1.to(torch.complex128).reciprocal()
"""),
    # tensor ** tensor at a complex base of 0 or nan: C's cpow (inf+nanj for 0 ** -1.88,
    # nan for nan ** 0), where NumPy's power gives nan+nanj and 1
    ("found_complex_power_at_zero_and_nan_bases", "exact", """
t1 = torch.tensor([0j, 0j, complex(nan, -1.44), 0j], dtype=torch.complex128)
t2 = torch.tensor([(-1.88+0j), (2+0j), 0j, (-1-2j)], dtype=torch.complex128)
t3 = t1 ** t2
t4 = t1.to(torch.complex64) ** torch.tensor([-1.88, 2.0, 0.0, 3.0])
"""),
    # nan_to_num_ records a complex tensor that requires grad (only nan_to_num refuses it)
    ("found_complex_nan_to_num_inplace_records", "exact", """
t1 = torch.full((2,), (-0.5+1.5j), dtype=torch.cfloat, requires_grad=True)
t2 = t1.clone()
t2.nan_to_num_()
t2.abs().sum().backward()
t3 = t1.grad
"""),
    # trace's double backward fills a complex tensor with a 0-d value that requires grad
    # (ember refused it: 'Autograd not support dtype: ComplexDouble')
    ("found_complex_trace_double_backward", "exact", """
t1 = torch.tensor([[1+1j, 2-1j, 0.5j]], dtype=torch.cdouble, requires_grad=True)
t2 = torch.trace(t1)
t3, = torch.autograd.grad((t2 * t2).real.mean(), [t1], create_graph=True)
t4, = torch.autograd.grad(t3.abs().sum(), [t1])
t5 = torch.zeros(3, dtype=torch.cdouble).index_fill(0, torch.tensor([0, 2]), t2)
"""),
    # the gradients of polar and conj, taken with create_graph=True, are recorded as
    # torch's: the real part of a product (SelectBackward0), a lazy conjugate
    # (ConjBackward0); (arith: the formula's products round as torch's only mostly)
    ("found_complex_polar_conj_gradient_names", "arith", """
t1 = torch.tensor([2.0, -2.5, 0.0], dtype=torch.float64, requires_grad=True)
t2 = torch.tensor([3.75, 1.0, 2.0], dtype=torch.float64, requires_grad=True)
t3 = torch.polar(t1, t2)
t4, t5 = torch.autograd.grad(t3.imag.sum() + (t3 * (1+2j)).real.sum(), [t1, t2], create_graph=True)
t6 = torch.tensor([1+2j, 2-3j], requires_grad=True)
t7, = torch.autograd.grad(t6.conj().abs().sum(), [t6], create_graph=True)
"""),
    # complex:11903: NumPy's warnings reached the user: the mean of an empty complex tensor
    # ('Mean of empty slice'), cummax/cummin of complex values with nan, compared before
    # torch's refusal ('invalid value encountered in greater_equal')
    ("found_complex_mean_and_cummax_are_quiet", "exact", """
t1 = torch.zeros((0,), dtype=torch.cfloat, requires_grad=True)
t2 = torch.mean(t1, -1, keepdim=True)
t3 = torch.zeros((2, 0), dtype=torch.cdouble).mean(1)
t4 = torch.tensor([1+1j, complex(nan, 0.0)], dtype=torch.complex128)
t5 = torch.cummax(t4, 0)
"""),
    # complex:11903:2891, complex:11902:1794: a second derivative through a 0-d complex
    # view of a real tensor lost its imaginary part: the gradient reached view_as_complex's
    # backward as a NumPy scalar, whose .real copy view_as_real read past (garbage bits);
    # (arith: abs's second derivative rounds as torch's only mostly)
    ("found_complex_view_second_derivative", "arith", """
t1 = torch.tensor([-1.0, -0.1], dtype=torch.float64, requires_grad=True)
t2 = torch.view_as_complex(t1)
t3, = torch.autograd.grad((t2.abs() ** 2).sum(), [t1], create_graph=True)
t4, = torch.autograd.grad((t3 * t3).sum(), [t1])
t5 = torch.logsumexp(t2, 0)
t6, = torch.autograd.grad((t5 * t5.conj()).real.sum(), [t1], create_graph=True)
t7, = torch.autograd.grad((t6 * t6).sum(), [t1])
"""),
    # complex:11903:10: the gradient of complex sgn taken with create_graph=True is torch's
    # masked_fill (MaskedFillBackward0), not a where
    ("found_complex_sgn_gradient_is_masked_fill", "arith", """
t1 = torch.full((3, 2), (3+0j), dtype=torch.cdouble, requires_grad=True)
t2 = t1.sgn()
t3 = t2.expm1()
t4, = torch.autograd.grad((t3.abs() ** 2).sum(), [t1], create_graph=True)
"""),
    # complex:11906:2436: the median of all elements of an empty complex tensor is nan+0j in
    # torch (no kernel runs), refused for one that requires grad; ember refused complex
    ("found_complex_empty_median", "exact", """
t1 = torch.zeros((3, 0, 1), dtype=torch.cfloat)
t2 = torch.median(t1)
t3 = torch.nanmedian(t1.to(torch.complex128))
t4 = torch.zeros((3, 0, 1), dtype=torch.cfloat, requires_grad=True)
t5 = torch.median(t4)
"""),
    # complex:11902/11903 (9 to 14 programs in 3000): torch's complex add/sub is self +
    # alpha * other with other times the complex alpha (1+0j, -1+0j): an infinite part of
    # other makes its other part nan, and zero parts take the product's signs
    ("found_complex_add_multiplies_other_by_alpha", "exact", """
t1 = torch.tensor([complex(-2.0, inf), complex(inf, 4.0), complex(1.5, nan), complex(0.0, -2.0)])
t2 = torch.zeros(4, dtype=torch.cfloat) + t1
t3 = t1 + torch.zeros(4, dtype=torch.cfloat)
t4 = torch.tensor([complex(-0.0, 0.0)] * 4) - t1
t5 = torch.tensor([1+2j] * 4) + torch.tensor([inf, -inf, 0.0, -0.0])
t6 = 3 - t1
t7 = t1.clone()
t7 -= t1
"""),
]

_ASSIGNED = re.compile(r"^\s*([A-Za-z_][\w, ]*?)\s*(?:\+=|-=|\*=|=)(?!=)")


def _names(line: str) -> tuple[str, ...]:
    """The variables a statement assigns or writes in place."""
    found = []
    for text in line.splitlines():
        text = text.strip()
        if text.startswith("with "):
            continue
        match = _ASSIGNED.match(text)
        if match and "[" not in match.group(1) and "(" not in match.group(1):
            found += [n.strip() for n in match.group(1).split(",") if n.strip()]
            continue
        match = re.match(r"^([A-Za-z_]\w*)(?:\[[^=]*\])?\s*=(?!=)", text) or re.match(
            r"^([A-Za-z_]\w*)(?:\[[^\]]*\])?\.\w+_\(", text)
        if match:
            found.append(match.group(1))
    return tuple(dict.fromkeys(n for n in found if n not in ("nan", "inf", "torch")))


def to_program(case_id: str, tol: str, source: str) -> Program:
    """A reproducer's source as a program: one statement per top-level line."""
    chunks: list[str] = []
    for line in source.strip("\n").splitlines():
        if line.startswith((" ", "\t")) and chunks:
            chunks[-1] += "\n" + line
        elif line.strip():
            chunks.append(line)
    statements = [Statement(_SETUP, "setup")]
    finals: dict[str, tuple[str, bool, str]] = {}
    for chunk in chunks:
        names = _names(chunk)
        statements.append(Statement(chunk, f"reproducer.{case_id}", tol, False, names,
                                    "float32" if tol != "exact" else ""))
        for name in names:
            finals[name] = (tol, False, "float32" if tol != "exact" else "")
    return Program(statements, finals, case_id)
