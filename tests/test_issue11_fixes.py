"""Issue 11's "silently wrong on valid code" root causes, each pinned by a small test (the
recorded torch values are in tests/reference/cases_differential.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import ember as torch

INF, NAN = math.inf, math.nan


def _grad(expression, x, upstream):
    out = expression(x)
    out.backward(upstream)
    return x.grad._data


# ---------------------------------------------------------------- 1. masks select
def test_relu_then_sqrt_gives_zero_where_relu_is_off():
    x = torch.tensor([-1., 4.], requires_grad=True)
    torch.relu(x).sqrt().sum().backward()
    assert x.grad.tolist() == [0.0, 0.25]


@pytest.mark.parametrize("expression, off", [
    (lambda x: x.clamp(-1, 1), [0, 4]),
    (lambda x: x.clamp_min(0.), [0, 1]),
    (lambda x: x.clamp_max(0.), [3, 4]),
    (lambda x: torch.where(x > 0, x, torch.zeros(5)), [0, 1, 2]),
    (lambda x: x.floor(), [0, 1, 2, 3, 4]),
    (lambda x: x.sign(), [0, 1, 2, 3, 4]),
    (lambda x: x.round(decimals=1), [0, 1, 2, 3, 4]),
    (lambda x: x.div(2., rounding_mode="floor"), [0, 1, 2, 3, 4]),
    (lambda x: x ** 0, [0, 1, 2, 3, 4]),
    (lambda x: x ** torch.zeros(5), [0, 1, 2, 3, 4]),
])
def test_inf_and_nan_gradients_are_selected_away(expression, off):
    x = torch.tensor([-2., -0.5, 0., 0.5, 2.], requires_grad=True)
    grad = _grad(expression, x, torch.tensor([INF, NAN, -INF, INF, NAN]))
    assert np.all(grad[off] == 0)


def test_where_and_clamp_with_tensor_bounds_select_both_sides():
    x = torch.tensor([-2., 3.], requires_grad=True)
    y = torch.tensor([1., 1.], requires_grad=True)
    torch.where(x > 0, x, y).backward(torch.tensor([INF, INF]))
    assert x.grad.tolist() == [0.0, INF] and y.grad.tolist() == [INF, 0.0]
    x.grad = y.grad = None
    x.clamp(min=y).backward(torch.tensor([INF, INF]))
    assert x.grad.tolist() == [0.0, INF] and y.grad.tolist() == [INF, 0.0]


def test_max_and_median_of_everything_select_but_amax_multiplies():
    data = [[1., 3., 3.], [2., 2., 0.]]
    x = torch.tensor(data, requires_grad=True)
    x.max().backward(torch.tensor(INF))
    assert x.grad.tolist() == [[0.0, INF, INF], [0.0, 0.0, 0.0]]
    x = torch.tensor(data, requires_grad=True)
    x.median().backward(torch.tensor(INF))
    assert x.grad.tolist() == [[0.0, 0.0, 0.0], [INF, INF, 0.0]]
    x = torch.tensor([[1., 3., 3.]], requires_grad=True)
    x.max().backward(torch.tensor(1.))
    assert x.grad.tolist() == [[0.0, 0.5, 0.5]]
    x = torch.tensor(data, requires_grad=True)
    x.amax(1).backward(torch.tensor([INF, 1.]))  # torch multiplies here: nan off the max
    assert math.isnan(x.grad[0, 0].item()) and x.grad[1].tolist() == [0.5, 0.5, 0.0]


def test_zero_to_the_power_x_gradient_matches_torch():
    x = torch.tensor([-1., 0., 2.], requires_grad=True)
    (0.0 ** x).backward(torch.tensor([INF, INF, 1.]))
    assert x.grad[0].item() == -INF and math.isnan(x.grad[1].item()) and x.grad[2].item() == 0


# ---------------------------------------------------------------- 2. promotion
@pytest.mark.parametrize("dtype", [torch.int64, torch.int32, torch.uint8, torch.int8])
def test_number_minus_integer_tensor_is_the_default_float_dtype(dtype):
    x = torch.tensor([1, 2, 3], dtype=dtype)
    assert (1.0 - x).dtype == torch.float32
    assert torch.sub(1.5, x).dtype == torch.float32
    assert torch.sub(1.5, x).tolist() == [0.5, -0.5, -1.5]
    assert torch.rsub(x, 2.5).tolist() == [1.5, 0.5, -0.5]
    assert (1 - x).dtype == dtype
    torch.set_default_dtype(torch.float64)
    try:
        assert (1.0 - x).dtype == torch.float64
    finally:
        torch.set_default_dtype(torch.float32)


def test_integer_minus_uint8_wraps_as_torch():
    u = torch.tensor([1, 2, 250], dtype=torch.uint8)
    assert (300 - u).tolist() == [43, 42, 50]
    assert (300 - u).dtype == torch.uint8


@pytest.mark.parametrize("expression", [
    lambda b: 1.0 - b, lambda b: True - b, lambda b: b - True, lambda b: torch.sub(1.5, b),
    lambda b: torch.tensor([1.]) - True])
def test_subtracting_bools_raises_torchs_error(expression):
    with pytest.raises(RuntimeError, match="Subtraction, the `-` operator, with"):
        expression(torch.tensor([True, False]))


def test_number_first_sub_records_subbackward_and_rsub_rsubbackward():
    x = torch.tensor([1., 2.], requires_grad=True)
    assert type(torch.sub(2.5, x, alpha=2).grad_fn).__name__ == "SubBackward0"
    assert type((2.5 - x).grad_fn).__name__ == "RsubBackward1"
    torch.sub(2.5, x, alpha=2).sum().backward()
    assert x.grad.tolist() == [-2.0, -2.0]


def test_bool_powers():
    b = torch.tensor([True, False])
    assert (b ** True).dtype == torch.bool and (b ** False).tolist() == [True, True]
    with pytest.raises(NotImplementedError):
        True ** b
    with pytest.raises(RuntimeError, match="negative integer powers"):
        b ** -1


# ---------------------------------------------------------------- 5. integer alpha
def test_uint8_alpha_is_modular_and_range_checked():
    u = torch.tensor([1, 2, 250], dtype=torch.uint8)
    assert u.sub(u, alpha=2).tolist() == [255, 254, 6]
    assert u.add(u, alpha=-1).tolist() == [0, 0, 0]
    assert u.sub(u, alpha=255).tolist() == [2, 4, 244]
    assert torch.add(u, 3, alpha=100).tolist() == [45, 46, 38]
    for alpha in (256, -256):
        with pytest.raises(RuntimeError, match="uint8_t without overflow"):
            u.add(u, alpha=alpha)
    i8 = torch.tensor([1, -2, 100], dtype=torch.int8)
    assert i8.add(i8, alpha=-128).tolist() == [-127, -2, 100]
    with pytest.raises(RuntimeError, match="int8_t without overflow"):
        i8.sub(i8, alpha=-128)
    assert u.add(torch.tensor([1, 2, 3]), alpha=-1).dtype == torch.int64


# ---------------------------------------------------------------- 4. dtype=
def test_integer_dtype_of_sum_like_reductions_is_kept_and_wraps():
    u = torch.tensor([100, 200, 250], dtype=torch.uint8)
    assert u.sum(dtype=torch.uint8).dtype == torch.uint8
    assert u.sum(dtype=torch.uint8).item() == 550 % 256
    assert u.sum(dtype=torch.int16).item() == 550 and u.sum(dtype=torch.int16).dtype == torch.int16
    assert u.prod(0, dtype=torch.uint8).item() == 5_000_000 % 256
    assert u.cumsum(0, dtype=torch.uint8).tolist() == [100, 300 % 256, 550 % 256]
    assert u.cumprod(0, dtype=torch.uint8).dtype == torch.uint8
    b = torch.tensor([True, True, False])
    assert b.sum(dtype=torch.bool).item() is True


@pytest.mark.parametrize("call", ["sum", "prod", "cumsum", "cumprod"])
def test_integer_dtype_on_a_differentiated_input_raises_as_torch(call):
    x = torch.tensor([1.5, 2.], requires_grad=True)
    args = (0,) if call.startswith("cum") else ()
    with pytest.raises(RuntimeError, match="Autograd not support dtype: Long"):
        getattr(x, call)(*args, dtype=torch.int64)
    with torch.no_grad():
        assert getattr(x, call)(*args, dtype=torch.int64).dtype == torch.int64


def test_float_dtype_gradient_comes_back_in_the_input_dtype():
    h = torch.tensor([1., 2.], dtype=torch.float16, requires_grad=True)
    out = h.cumsum(0, dtype=torch.float64)
    assert out.dtype == torch.float64
    out.sum().backward()
    assert h.grad.dtype == torch.float16 and h.grad.tolist() == [2.0, 1.0]


def test_mean_with_an_integer_dtype_names_the_optional_dtype():
    with pytest.raises(RuntimeError, match="Optional dtype must be either"):
        torch.tensor([1., 2.]).mean(dtype=torch.int64)


# ---------------------------------------------------------------- 6. numerics
def test_var_and_std_of_large_float32_values_do_not_overflow():
    x = torch.tensor([1e20, 3e20, 2e20], requires_grad=True)
    assert x.std().item() == pytest.approx(1e20, rel=1e-6)
    assert x.var().item() == INF  # 1e40 is beyond float32, as in torch
    x.std().backward()
    assert x.grad.tolist() == pytest.approx([-0.5, 0.5, 0.0])
    assert x.std().dtype == torch.float32


def test_sign_of_nan_is_zero():
    for dtype in (torch.float16, torch.float32, torch.float64):
        assert torch.tensor([NAN, -2., 3.], dtype=dtype).sign().tolist() == [0.0, -1.0, 1.0]
    assert torch.tensor(NAN).sign().item() == 0.0


def test_float16_sums_accumulate_in_float32():
    ones = torch.full((3000,), 1., dtype=torch.float16)
    assert ones.cumsum(0)[-1].item() == 3000.0  # float16 accumulation stops at 2048
    assert ones.cumsum(0).dtype == torch.float16
    assert torch.full((70000,), 1., dtype=torch.float16).mean().item() == 1.0
    assert ones.reshape(30, 100).sum(1).tolist() == [100.0] * 30


# ---------------------------------------------------------------- 7. inverse hyperbolics
@pytest.mark.parametrize("name, values, derivative", [
    ("asinh", [-2., 0., 0.5], lambda v: 1 / np.sqrt(v * v + 1)),
    ("acosh", [1.5, 3.], lambda v: 1 / np.sqrt(v * v - 1)),
    ("atanh", [-0.9, 0., 0.5], lambda v: 1 / (1 - v * v)),
])
def test_inverse_hyperbolic_functions_in_every_form(name, values, derivative):
    reference = getattr(np, "arc" + name[1:])(np.array(values, dtype=np.float32))
    x = torch.tensor(values, requires_grad=True)
    out = getattr(torch, name)(x)
    assert type(out.grad_fn).__name__ == name.capitalize() + "Backward0"
    np.testing.assert_allclose(out._data, reference, rtol=1e-6)
    out.sum().backward()
    np.testing.assert_allclose(x.grad._data, derivative(np.array(values)), rtol=1e-5)
    np.testing.assert_allclose(getattr(x.detach(), name)()._data, reference, rtol=1e-6)
    alias = "arc" + name[1:]
    np.testing.assert_allclose(getattr(torch, alias)(x.detach())._data, reference, rtol=1e-6)
    for method in (name + "_", alias + "_"):
        y = x.detach().clone()
        assert getattr(y, method)() is y
        np.testing.assert_allclose(y._data, reference, rtol=1e-6)
    assert getattr(torch.tensor([1, 2]), name)().dtype == torch.float32


def test_inverse_hyperbolic_functions_at_their_domain_edges():
    assert math.isnan(torch.acosh(torch.tensor(0.5)).item())
    assert torch.atanh(torch.tensor([1., -1.])).tolist() == [INF, -INF]
    assert math.isnan(torch.atanh(torch.tensor(2.)).item())


# ---------------------------------------------------------------- names of the support table
def test_fmax_and_fmin_ignore_nan_and_select_their_gradient():
    x = torch.tensor([-2., NAN, 0., 0.5], requires_grad=True)
    y = torch.tensor([1., -1., 0., NAN], requires_grad=True)
    out = torch.fmax(x, y)
    assert type(out.grad_fn).__name__ == "FmaxBackward0"
    assert out.tolist() == [1.0, -1.0, 0.0, 0.5]
    out.backward(torch.tensor([INF, INF, 1., INF]))
    assert x.grad.tolist() == [0.0, 0.0, 1.0, INF]  # a tie goes whole to x
    assert y.grad.tolist() == [INF, INF, 0.0, 0.0]
    assert torch.fmin(x, y).tolist() == [-2.0, -1.0, 0.0, 0.5]
    with pytest.raises(TypeError, match="must be Tensor"):
        torch.fmax(x, 2)


def test_in_place_running_sums_keep_the_tensor_dtype():
    u = torch.tensor([100, 200], dtype=torch.uint8)
    assert u.cumsum_(0) is u and u.tolist() == [100, 44]
    x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
    y = x * 1
    y.cumprod_(1)
    assert type(y.grad_fn).__name__ == "CumprodBackward0"
    y.sum().backward()
    assert x.grad.tolist() == [[3.0, 1.0], [5.0, 3.0]]


def test_bitwise_shifts_follow_torch_out_of_range_and_dtypes():
    a = torch.tensor([1, -8, 5])
    assert (a << 2).tolist() == [4, -32, 20] and (a >> 1).tolist() == [0, -4, 2]
    assert (a << 70).tolist() == [0, 0, 0] and (a >> 70).tolist() == [0, -1, 0]
    assert (2 << a.abs()).tolist() == [4, 512, 64]
    u = torch.tensor([1, 128, 5], dtype=torch.uint8)
    assert (u << 1).tolist() == [2, 0, 10] and (u >> 9).tolist() == [0, 0, 0]
    x = a.clone()
    x <<= 1
    assert x.tolist() == [2, -16, 10]
    with pytest.raises(NotImplementedError, match="lshift_cpu"):
        torch.tensor([1.]) << 1
    with pytest.raises(NotImplementedError, match="bitwise_and_cpu"):
        torch.tensor([1.]) & 1


# ---------------------------------------------------------------- 3. views of leaves
@pytest.mark.parametrize("write", [
    lambda w: w[0].mul_(2),           # a view of a leaf that is itself a view
    lambda w: w.mul_(2),              # the leaf is a view (of the arange)
    lambda w: w.view(6).add_(1),
    lambda w: w[0].zero_(),
])
def test_in_place_on_a_view_of_a_view_leaf_raises_torchs_error(write):
    w = torch.arange(6.).reshape(2, 3).requires_grad_()
    with pytest.raises(RuntimeError, match="^a view of a leaf Variable that requires grad"):
        write(w)
    assert w.tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]  # nothing was written


def test_views_of_leaves_may_still_be_written_without_grad_or_when_not_requiring_it():
    w = torch.arange(6.).reshape(2, 3).requires_grad_()
    with torch.no_grad():
        w[0].mul_(2)
    assert w[0].tolist() == [0.0, 2.0, 4.0]
    buffer = torch.zeros(3)
    p = torch.ones(2, requires_grad=True)
    buffer[:2].add_(p)  # the view does not require grad before the write
    buffer.sum().backward()
    assert p.grad.tolist() == [1.0, 1.0]
    x = torch.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="^a leaf Variable"):
        x.mul_(2)


# ---------------------------------------------------------------- 8. views of transposes
def test_in_place_on_a_view_of_a_non_contiguous_tensor_is_recorded():
    x = torch.arange(1., 7.).reshape(2, 3).requires_grad_()
    y = x.t() * 2
    y[0].mul_(3)
    y[:, 1].add_(torch.tensor([10., 20., 30.]))
    assert type(y.grad_fn).__name__ == "CopySlices"
    assert y.tolist() == [[6.0, 34.0], [4.0, 30.0], [6.0, 42.0]]
    (y * torch.arange(1., 7.).reshape(3, 2)).sum().backward()
    assert x.grad.tolist() == [[6.0, 6.0, 10.0], [12.0, 8.0, 12.0]]


def test_in_place_on_a_view_of_a_permuted_tensor_and_its_diagonal():
    x = torch.arange(1., 7.).reshape(2, 3).requires_grad_()
    y = x.reshape(1, 2, 3).permute(2, 0, 1) * 1
    y[1].sqrt_()
    y.sum().backward()
    np.testing.assert_allclose(x.grad._data, [[1, 0.5 / np.sqrt(2), 1], [1, 0.5 / np.sqrt(5), 1]],
                               rtol=1e-6)
    z = x.detach().t()[:2] * 2
    z.requires_grad_()
    w = z * 1
    w.diagonal().mul_(5)
    assert w.tolist() == [[10.0, 8.0], [4.0, 50.0]]


# ---------------------------------------------------------------- 2. more scalar positions
def test_float_remainder_keeps_fmods_sign_of_zero():
    x = torch.tensor([1., 0., 3.])
    assert [math.copysign(1, v) for v in (x % -3).tolist()] == [-1.0, 1.0, 1.0]
    assert [math.copysign(1, v) for v in (-3 % x).tolist()[::2]] == [-1.0, -1.0]
    assert (torch.tensor([5, -5]) % 3).tolist() == [2, 1]


def test_negative_integer_base_wraps_into_uint8():
    u = torch.tensor([1, 0, 3], dtype=torch.uint8)
    assert ((-3) ** u).tolist() == [253, 1, 229]


@pytest.mark.parametrize("expression, error", [
    (lambda b: b // True, NotImplementedError), (lambda b: b % b, NotImplementedError),
    (lambda b: torch.fmod(b, True), NotImplementedError), (lambda b: b ** b, NotImplementedError),
    (lambda b: torch.fmod(2, b), TypeError), (lambda b: torch.maximum(b, 2), TypeError),
    (lambda b: torch.minimum(2, b), TypeError), (lambda b: torch.atan2(b, 2.), TypeError),
])
def test_operations_torch_refuses(expression, error):
    with pytest.raises(error):
        expression(torch.tensor([True, False]))


def test_float32_small_integer_powers_round_as_torchs_products():
    x = torch.tensor([3.0, 0.7, 1.9])
    data = x._data
    assert np.array_equal((x ** 3)._data, data * data * data)
    assert np.array_equal((x ** -2)._data, np.float32(1) / (data * data))


def test_copysign_sgn_signbit_positive_degrees_logaddexp2_heaviside():
    x = torch.tensor([-2., 0., 3.], requires_grad=True)
    y = torch.tensor([1., -1., -0.], requires_grad=True)
    out = torch.copysign(x, y)
    assert out.tolist() == [2.0, -0.0, -3.0] and type(out.grad_fn).__name__ == "CopysignBackward0"
    out.backward(torch.tensor([1., INF, 2.]))
    assert x.grad.tolist()[0] == -1.0 and math.isnan(x.grad[1].item())
    assert y.grad.tolist() == [0, 0, 0]
    assert type(torch.copysign(x, -1.).grad_fn).__name__ == "CopysignBackward1"
    assert torch.copysign(torch.tensor([1, 2]), -1).dtype == torch.float32
    assert type(x.sgn().grad_fn).__name__ == "SgnBackward0"
    assert torch.tensor([1, -2]).sgn().dtype == torch.int64
    assert torch.tensor([-0.0, 0.0]).signbit().tolist() == [True, False]
    assert torch.positive(x) is x
    with pytest.raises(RuntimeError, match="on a bool tensor"):
        torch.positive(torch.tensor([True]))
    assert type(x.deg2rad().grad_fn).__name__ == "Deg2RadBackward0"
    assert torch.tensor([180]).deg2rad().item() == pytest.approx(math.pi)
    assert torch.logaddexp2(torch.tensor([1.]), torch.tensor([1.])).item() == 2.0
    with pytest.raises(NotImplementedError, match="logaddexp2_cpu"):
        torch.logaddexp2(torch.tensor([1]), torch.tensor([1]))
    assert torch.heaviside(torch.tensor([-1, 0, 2]), torch.tensor(7)).tolist() == [0, 7, 1]


def test_cumprod_gradient_selects_away_the_terms_a_zero_cancels():
    cases = [([1., 3., -1., 0., 2.], [INF] * 5, [NAN, NAN, INF, -INF, 0.0]),
             ([1., 3., -1., 0., 2.], [1., 1., 1., 1., INF], [1.0, 0.0, 3.0, -INF, 0.0]),
             ([0., 2., 3.], [INF] * 3, [INF, 0.0, 0.0]),
             ([2., 0., 0., 3.], [INF] * 4, [INF, INF, 0.0, 0.0])]
    for values, upstream, expected in cases:
        x = torch.tensor(values, requires_grad=True)
        x.cumprod(0).backward(torch.tensor(upstream))
        np.testing.assert_array_equal(x.grad._data, np.array(expected, dtype=np.float32))


@pytest.mark.parametrize("call, dtype, error, message", [
    (lambda x: torch.abs(x), torch.bool, NotImplementedError, "abs_cpu"),
    (lambda x: x.abs_(), torch.bool, NotImplementedError, "abs_cpu"),
    (lambda x: torch.relu(x), torch.bool, RuntimeError, "Boolean inputs not supported"),
    (lambda x: x.floor(), torch.bool, NotImplementedError, "floor_vml_cpu"),
    (lambda x: x.round(), torch.bool, NotImplementedError, "round_vml_cpu"),
    (lambda x: x.frac(), torch.int32, NotImplementedError, "frac_cpu\" not implemented for 'Int"),
])
def test_unary_functions_refuse_the_dtypes_torch_refuses(call, dtype, error, message):
    with pytest.raises(error, match=message):
        call(torch.tensor([1, 0, 3]).to(dtype))


def test_std_mean_and_var_mean_name_themselves_when_refusing_integers():
    for function, name in ((torch.std_mean, "std_mean"), (torch.var_mean, "var_mean")):
        with pytest.raises(RuntimeError, match=f"^{name} only support floating point"):
            function(torch.tensor([1, 2]))
    with pytest.raises(RuntimeError, match="^std and var only support"):
        torch.std(torch.tensor([1, 2]))


def test_nansum_and_nanmean():
    x = torch.tensor([[1., NAN], [2., 3.]], requires_grad=True)
    out = torch.nansum(x, 1, keepdim=True)
    assert out.tolist() == [[1.0], [5.0]] and type(out.grad_fn).__name__ == "NansumBackward0"
    out.sum().backward()
    assert x.grad.tolist() == [[1.0, 0.0], [1.0, 1.0]]
    assert torch.nanmean(x).item() == 2.0
    assert type(torch.nanmean(x).grad_fn).__name__ == "DivBackward0"
    assert torch.nansum(torch.tensor([1, 2], dtype=torch.int8)).dtype == torch.int64
    assert torch.nansum(torch.tensor([100, 200], dtype=torch.uint8), dtype=torch.uint8).item() == 44
    assert math.isnan(torch.nanmean(torch.tensor([NAN])).item())
    with pytest.raises(RuntimeError, match="nanmean"):
        torch.nanmean(torch.tensor([1, 2]))


def test_float16_sinc_computes_in_float32():
    out = torch.tensor([1., 0., 3.], dtype=torch.float16).sinc()
    assert [math.copysign(1, v) for v in out.tolist()] == [-1.0, 1.0, -1.0]


def test_cummax_and_cummin_pick_torchs_indices_and_route_gradients():
    x = torch.tensor([1., 3., 3., 2., NAN, 5., NAN], requires_grad=True)
    result = torch.cummax(x, 0)
    assert type(result).__name__ == "cummax"
    assert result.indices.tolist() == [0, 1, 2, 2, 4, 4, 6]  # ties and nans take over
    assert type(result.values.grad_fn).__name__ == "CummaxBackward0"
    result.values.backward(torch.arange(7.))
    assert x.grad.tolist() == [0.0, 1.0, 5.0, 0.0, 9.0, 0.0, 6.0]
    assert torch.cummin(torch.tensor([True, False, True]), 0).indices.tolist() == [0, 1, 1]
    assert torch.tensor([[1, 5], [3, 2]]).cummax(1).values.tolist() == [[1, 5], [3, 3]]


# ---------------------------------------------------------------- 16. NumPy's warnings
_WARNING_PRONE = [
    lambda: torch.log(torch.tensor([-1., 0., 1.])),
    lambda: torch.tensor([1., 0.]) / 0,
    lambda: torch.tensor([INF]) - INF,
    lambda: torch.tensor([0.5]).acosh(),
    lambda: torch.tensor([-1.]).sqrt_(),
    lambda: torch.tensor([3e38]) * 10,
    lambda: torch.tensor([1e308], dtype=torch.float64).exp(),
    lambda: torch.tensor([0.], requires_grad=True).sqrt().backward(),
    lambda: torch.tensor([-1., 0.], requires_grad=True).log().sum().backward(),
    lambda: torch.tensor([1, 2]).copy_(torch.tensor([NAN, INF])),
]


@pytest.mark.parametrize("action", ["always", "error"])
@pytest.mark.parametrize("compute", _WARNING_PRONE)
def test_numpy_floating_point_warnings_never_reach_users(compute, action):
    # The user's filters come first ("always" in catch_warnings(record=True), pytest -W
    # error): ember must not emit them at all, as torch emits none.
    import warnings
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter(action)
        compute()
    assert [str(w.message) for w in caught] == []


def test_the_users_own_numpy_still_warns_after_ember_computed():
    import warnings
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        torch.log(torch.tensor([0.]))
        with pytest.raises(RuntimeError):
            torch.tensor([1., 2.]) + torch.tensor([1., 2., 3.])  # fails inside the guard
        np.log(np.array([0.]))
    assert [type(w.message) for w in caught] == [RuntimeWarning]
    assert np.geterr()["divide"] == "warn"


@pytest.mark.filterwarnings("ignore:Anomaly Detection has been enabled")
def test_anomaly_mode_queries():
    assert torch.is_anomaly_enabled() is False
    assert torch.is_anomaly_check_nan_enabled() is True
    with torch.autograd.detect_anomaly(check_nan=False):
        assert torch.is_anomaly_enabled() and not torch.is_anomaly_check_nan_enabled()


# ---------------------------------------------------------------- 9. writes into expand()
_OVERLAP = "more than one element of the written-to tensor refers to a single memory location"


@pytest.mark.parametrize("write", [
    lambda e: e.add_(1), lambda e: e.mul_(2), lambda e: e.sqrt_(),
    lambda e: e.copy_(torch.ones(2, 3)), lambda e: e.clamp_(0, 1), lambda e: e.t().neg_(),
    lambda e: e.detach().add_(1), lambda e: e.__setitem__(Ellipsis, 4.),
    lambda e: e.__setitem__((slice(None), 0), 5.), lambda e: e.uniform_(),
])
def test_writes_into_overlapping_elements_raise_torchs_error(write):
    e = torch.zeros(3).expand(2, 3)
    with pytest.raises(RuntimeError, match=_OVERLAP):
        write(e)


def test_writes_that_torch_allows_on_an_expanded_tensor_reach_its_memory():
    base = torch.zeros(3)
    e = base.expand(2, 3)
    e.fill_(2.)
    assert base.tolist() == [2., 2., 2.]
    e.zero_()
    e[0] = 5.  # e[0] has no overlapping elements
    assert e.tolist() == [[5.] * 3] * 2 and base.tolist() == [5.] * 3
    e[0][1] = 9.
    assert base.tolist() == [5., 9., 5.]
    same = torch.zeros(1, 3).expand(1, 3)  # expanded to its own size: no overlap
    same.add_(1)
    assert same.tolist() == [[1., 1., 1.]]
    with pytest.warns(UserWarning, match="masked_fill_ on expanded tensors is deprecated"):
        e.masked_fill_(torch.tensor([True, False, True]), 7.)
    assert base.tolist() == [7., 9., 7.]


def test_in_place_on_a_row_of_an_expanded_tensor_is_recorded():
    x = torch.zeros(3, requires_grad=True)
    e = (x * 1).expand(2, 3)
    e[0].add_(1)
    e.sum().backward()
    assert x.grad.tolist() == [2., 2., 2.] and e.tolist() == [[1.] * 3] * 2
    with pytest.raises(RuntimeError, match=_OVERLAP):
        (x * 1).expand(2, 3).add_(1.)


def test_read_only_numpy_memory_stays_read_only():
    array = np.zeros(3)
    array.flags.writeable = False
    with pytest.raises(ValueError):
        torch.from_numpy(array).expand(2, 3)[0].add_(1)


# ---------------------------------------------------------------- 10. uint8 and negative numbers
def test_negative_numbers_wrap_into_unsigned_dtypes_as_in_torch():
    u8 = torch.tensor([1, 2, 250], dtype=torch.uint8)
    assert u8.clamp(-1, 3).tolist() == [3, 3, 3]  # -1 is 255, then max wins
    assert u8.clamp_min(-1).tolist() == [255] * 3
    assert u8.clone().fill_(-1).tolist() == [255] * 3
    assert u8.clone().fill_(-255).tolist() == [1] * 3
    assert torch.full((2,), -1, dtype=torch.uint8).tolist() == [255, 255]
    v = u8.clone()
    v[0] = -1
    v[u8 > 100] = -2
    assert v.tolist() == [255, 2, 254]
    assert u8.masked_fill(u8 > 1, -1).tolist() == [1, 255, 255]
    assert u8.index_fill(0, torch.tensor([0]), -1).tolist() == [255, 2, 250]


@pytest.mark.parametrize("call", [
    lambda u8: u8.clamp(max=300), lambda u8: u8.clamp(-256, 3), lambda u8: u8.clone().fill_(256),
    lambda u8: u8.clone().fill_(-1.5), lambda u8: torch.full((2,), 200, dtype=torch.int8),
    lambda u8: torch.zeros(2, dtype=torch.int64).fill_(2 ** 63),
    lambda u8: u8.__setitem__(0, 256), lambda u8: u8.masked_fill(u8 > 1, 300),
])
def test_numbers_that_do_not_fit_an_integer_dtype_raise_torchs_error(call):
    with pytest.raises(RuntimeError, match="without overflow"):
        call(torch.tensor([1, 2, 250], dtype=torch.uint8))


def test_in_place_integer_results_cast_into_unsigned_targets():
    v = torch.tensor([1, 2, 250], dtype=torch.uint8)
    v += torch.tensor([-1, 2, 10])
    assert v.tolist() == [0, 4, 4] and v.dtype == torch.uint8
    v *= torch.tensor([-1, 2, 3])
    assert v.tolist() == [0, 8, 12]
    v.clamp_(min=torch.tensor([-1, 20, 3]))
    assert v.tolist() == [0, 20, 12]
    with pytest.raises(RuntimeError, match="result type Float can't be cast"):
        v.add_(torch.tensor([1., 2., 3.]))


# ---------------------------------------------- leftover: transpose_ under no_grad
@pytest.mark.parametrize("make, change, layout, weights", [
    (lambda y: y[:, :2], lambda v: v.transpose_(0, 1), lambda p: p[:, :2].T,
     [[1., 2.], [3., 4.]]),
    (lambda y: y.view(3, 2), lambda v: v.t_(), lambda p: p.reshape(3, 2).T,
     [[0., 1., 2.], [3., 4., 5.]]),
    (lambda y: y[0], lambda v: v.unsqueeze_(0), lambda p: p[0][None], [[0., 1., 2.]]),
])
def test_a_view_reshaped_in_place_under_no_grad_sends_its_gradient_in_its_new_layout(
        make, change, layout, weights):
    x = torch.arange(6.).reshape(2, 3).requires_grad_()
    v = make(x * 1)
    with torch.no_grad():
        change(v)
    assert type(v.grad_fn).__name__ == "AsStridedBackward0"
    (v * torch.tensor(weights)).sum().backward()
    expected = np.zeros(6)  # each weight lands where its element of v lives in x
    np.add.at(expected, layout(np.arange(6).reshape(2, 3)).reshape(-1),
              np.array(weights).reshape(-1))
    assert x.grad.reshape(-1).tolist() == expected.tolist()


def test_zero_dim_transposes_are_identities_as_in_torch():
    x = torch.tensor(2., requires_grad=True)
    assert type(x.movedim(0, -1).grad_fn).__name__ == "AliasBackward0"
    assert type(x.transpose(0, -1).grad_fn).__name__ == "TransposeBackward0"
    with pytest.warns(UserWarning, match="Tensor.mT is deprecated on 0-D tensors"):
        assert x.mT is x
    with pytest.warns(UserWarning, match="Tensor.T is deprecated on 0-D tensors"):
        assert x.T.item() == 2.
    y = x * 1
    y.transpose_(0, -1)
    y.backward()
    assert type(y.grad_fn).__name__ == "TransposeBackward1" and x.grad.item() == 1.


# ---------------------------------------------------------------- 11. valid code that failed
def test_integer_powers_with_negative_exponents_truncate_as_in_torch():
    base = torch.tensor([2, 3, 1, -1, 0, -2])
    exponent = torch.tensor([-1, 2, -2, -1, 2, -3])
    assert (base ** exponent).tolist() == [0, 9, 1, -1, 0, 0]
    assert torch.pow(2, torch.tensor([-1, 1])).tolist() == [0, 2]
    assert (torch.tensor([-1], dtype=torch.int32) ** torch.tensor([-3], dtype=torch.int32)
            ).tolist() == [-1]
    with pytest.raises(RuntimeError, match="Integers to negative integer powers"):
        torch.tensor([2]) ** -1


def test_nonzero_and_where_of_a_zero_dim_tensor():
    assert torch.where(torch.tensor(1.))[0].tolist() == [0]
    assert torch.where(torch.tensor(0))[0].tolist() == []
    assert torch.nonzero(torch.tensor(3.)).shape == (1, 0)
    assert torch.tensor(0.).nonzero().shape == (0, 0)
    assert torch.argwhere(torch.tensor([0, 4, 5])).tolist() == [[1], [2]]


@pytest.mark.parametrize("make", [
    lambda: (torch.randn(3, 0), torch.randn(2, 0), torch.inner),
    lambda: (torch.randn(0), torch.randn(0), torch.inner),
    lambda: (torch.randn(2, 3, 0), torch.randn(4, 0), torch.inner),
    lambda: (torch.randn(2, 3, 0), torch.randn(2, 0, 4), torch.matmul),
    lambda: (torch.randn(2, 0), torch.randn(3, 2, 0), lambda a, b: torch.matmul(a, b.mT)),
    lambda: (torch.randn(2, 3, 0), torch.randn(0), torch.matmul),
])
def test_products_over_an_empty_inner_dim_have_zero_gradients(make):
    a, b, product = make()
    a.requires_grad_()
    b.requires_grad_()
    product(a, b).sum().backward()
    assert a.grad.shape == a.shape and b.grad.shape == b.shape
    assert not a.grad.any() and not b.grad.any()


# ---------------------------------------------------------------- 13. autograd bookkeeping
@pytest.mark.parametrize("compute, name", [
    (lambda x: x // 2, "floor_divide"), (lambda x: 2 // x, "floor_divide"),
    (lambda x: torch.floor_divide(x, torch.tensor(2.)), "floor_divide"),
    (lambda x: torch.heaviside(x, torch.tensor([0.5])), "heaviside"),
    (lambda x: (x * 1).floor_divide_(2), "floor_divide"),
])
def test_ops_torch_cannot_differentiate_still_require_grad(compute, name):
    x = torch.tensor([-1., 0.5, 2.], requires_grad=True)
    out = compute(x)
    assert out.requires_grad and type(out.grad_fn).__name__ == "NotImplemented"
    with pytest.raises(RuntimeError, match=f"derivative for aten::{name} is not implemented"):
        out.sum().backward()
    assert not (x.detach() // 2).requires_grad
    with torch.no_grad():
        assert not (x // 2).requires_grad


@pytest.mark.parametrize("write, grad_fn, grad", [
    (lambda y, t: y.clamp_(max=t), "ClampBackward0", [0., 0., 1.]),
    (lambda y, t: y.clamp_(min=t), "ClampBackward0", [1., 1., 0.]),
    (lambda y, t: y.clamp_max_(t), "ClampMaxBackward1", [0., 0., 1.]),
])
def test_in_place_clamp_by_a_bound_that_alone_requires_grad_is_recorded(write, grad_fn, grad):
    t = torch.tensor([0., 1., 1.], requires_grad=True)
    y = torch.tensor([-1., 0.5, 2.])
    write(y, t)
    assert y.requires_grad and type(y.grad_fn).__name__ == grad_fn
    y.sum().backward()
    assert t.grad.tolist() == grad


# ---------------------------------------------------------------- 12. grad_fn names per call form
def _name(t):
    return type(t.grad_fn).__name__


def test_grad_fn_names_of_call_forms_torch_names_apart():
    x = torch.tensor([[1., 2.5], [3., 4.]], requires_grad=True)
    assert [_name(t) for t in torch.var_mean(x, 0)] == ["VarMeanBackward0"] * 2
    assert [_name(t) for t in torch.std_mean(x)] == ["StdMeanBackward0"] * 2
    assert [_name(t) for t in x.aminmax()] == ["AminmaxBackward0"] * 2
    assert _name(x.unsqueeze(0).squeeze((0,))) == "SqueezeBackward2"
    assert _name(x.unsqueeze(0).squeeze(0)) == "SqueezeBackward1"
    assert _name(2 % x) == "NotImplemented" and _name(x % 2) == "RemainderBackward0"
    assert _name(torch.fill(x, 2.)) == "FillBackward0"
    assert _name((x * 1).fill_(2.)) == "FillBackward2"
    assert _name((x * 1).fill_(torch.tensor(2.))) == "FillBackward3"
    for name in ("asinh", "acosh", "atanh"):
        y = torch.tensor([1.5, 2.], requires_grad=True)
        assert _name(getattr(y, name)()) == name.capitalize() + "Backward0"
        z = y * 1
        getattr(z, name + "_")()
        assert _name(z) == name.capitalize() + "Backward1"


def test_renamed_nodes_keep_their_gradients():
    x = torch.tensor([[1., 2.5], [3., 4.]], requires_grad=True)
    var, mean = torch.var_mean(x, 0)
    (var.sum() + mean.sum()).backward()
    expected = torch.tensor([[1., 2.5], [3., 4.]])
    expected = 2 * (expected - expected.mean(0)) + 0.5  # d var/dx (n - 1 = 1) + d mean/dx
    assert np.allclose(x.grad._data, expected._data)


@pytest.mark.parametrize("method, number_name", [
    ("gt_", "GtBackward"), ("lt_", "LtBackward"), ("ge_", "GeBackward"), ("le_", "LeBackward"),
    ("eq_", "EqBackward"), ("ne_", "NeBackward"), ("greater_", "GtBackward"),
])
def test_in_place_comparisons_keep_requires_grad_with_a_zero_gradient(method, number_name):
    x = torch.tensor([-1., 0.5, 2.], requires_grad=True)
    y = x * 1
    getattr(y, method)(0)
    assert y.requires_grad and _name(y) == number_name + "0"
    z = x * 1
    getattr(z, method)(torch.tensor([0., 1., 1.]))
    assert _name(z) == number_name + "1"
    (y.sum() + z.sum()).backward()
    assert x.grad.tolist() == [0., 0., 0.]
    t = torch.tensor([0., 1., 1.], requires_grad=True)
    w = torch.tensor([-1., 0.5, 2.])
    getattr(w, method)(t)  # only the other side requires grad: still recorded
    assert w.requires_grad and _name(w) == number_name + "1"
    ints = torch.tensor([1, -2, 3])
    assert getattr(ints, method)(0).dtype == torch.int64


# ---------------------------------------------------------------- 14. what torch rejects
@pytest.mark.parametrize("write, made_by", [
    (lambda y: y.unbind()[0].mul_(2), "Output 0 of Unbind"),
    (lambda y: y.unbind(1)[2].zero_(), "Output 2 of Unbind"),
    (lambda y: y.split(1)[1].add_(1), "Output 1 of Split"),
    (lambda y: y.chunk(2)[0].t_(), "Output 0 of Split"),
    (lambda y: y.split([1, 1])[0].mul_(2), "Output 0 of SplitWithSizes"),
    (lambda y: y.split(1)[0][0].mul_(2), "Output 0 of Select"),
    # (torch names the Select view that x[0] = v writes into; ember the Unbind output)
    (lambda y: y.unbind()[0].__setitem__(0, 5.), r"Output 0 of \w+"),
])
def test_in_place_writes_into_outputs_of_split_and_unbind_are_refused(write, made_by):
    y = torch.arange(6.).reshape(2, 3).requires_grad_() * 1
    with pytest.raises(RuntimeError, match=f"{made_by} is a view and is being modified "
                                           "inplace. This view is the output of a function "
                                           "that returns multiple views"):
        write(y)
    with torch.no_grad():
        write(y)  # nothing is recorded: allowed
    torch.ones(2, 3).unbind()[0].mul_(2)  # nothing requires grad: allowed


def test_duplicate_dims_are_refused():
    with pytest.raises(RuntimeError, match="dim 0 appears multiple times in the list of dims"):
        torch.ones(1, 3).squeeze((0, 0))
    with pytest.raises(RuntimeError, match="dim 1 appears multiple times"):
        torch.ones(2, 1).squeeze((1, -1))


# ---------------------------------------------------------------- 15. no NumPy exception leaks
def test_sigmoid_of_a_zero_dim_tensor():
    x = torch.tensor(0.5, requires_grad=True)
    out = x.sigmoid()
    out.backward()
    assert out.shape == () and abs(out.item() - 0.6224593) < 1e-6
    assert abs(x.grad.item() - 0.2350037) < 1e-6
    assert torch.tensor(0.5).sigmoid_().shape == ()


@pytest.mark.parametrize("call, message", [
    (lambda: torch.eye(-1), "n must be greater or equal to 0, got -1"),
    (lambda: torch.eye(2, -1), "m must be greater or equal to 0, got -1"),
    (lambda: torch.arange(0., math.inf), "unsupported range: 0 -> inf"),
    (lambda: torch.arange(0.5, math.nan), "unsupported range: 0.5 -> nan"),
    (lambda: torch.arange(1, 5, math.nan), "step must be nonzero"),
])
def test_creation_errors_are_torchs(call, message):
    with pytest.raises(RuntimeError, match=message):
        call()


# ---------------------------------------------- leftover: forward mode, in place on views
def _forward_case(change):
    fw = torch.autograd.forward_ad
    with fw.dual_level():
        x = fw.make_dual(torch.arange(6.).reshape(2, 3), torch.arange(6.).reshape(2, 3))
        y = (x * 1).t()
        change(y)
        return fw.unpack_dual(y).tangent.tolist()


@pytest.mark.parametrize("change, tangent", [
    (lambda y: y[:, 0].mul_(torch.autograd.forward_ad.make_dual(
        torch.tensor([1., 2., 3.]), torch.tensor([10., 20., 30.]))),
     [[0., 3.], [22., 4.], [66., 5.]]),
    (lambda y: y[1:].diagonal().sqrt_(), [[0., 3.], [0.5, 4.], [2., 1.1180339887]]),
    (lambda y: y[0].mul_(3), [[0., 9.], [1., 4.], [2., 5.]]),
])
def test_forward_mode_through_in_place_ops_on_views_of_transposed_tensors(change, tangent):
    assert np.allclose(_forward_case(change), tangent)


def test_forward_mode_in_place_through_a_view_leaves_the_inputs_tangent_alone():
    fw = torch.autograd.forward_ad
    with fw.dual_level():
        x = fw.make_dual(torch.arange(6.).reshape(2, 3), torch.ones(2, 3))
        y = x + 1  # its tangent is x's: y must own a copy before a write through y[0]
        y[0].mul_(3)
        assert fw.unpack_dual(y).tangent.tolist() == [[3.] * 3, [1.] * 3]
        assert fw.unpack_dual(x).tangent.tolist() == [[1.] * 3, [1.] * 3]


def test_the_invert_operator_refuses_floats_with_torchs_type_error():
    assert (~torch.tensor([1, 2])).tolist() == [-2, -3]
    assert (~torch.tensor([True, False])).tolist() == [False, True]
    with pytest.raises(TypeError, match=r"~ \(operator.invert\) is only implemented on integer"):
        ~torch.ones(2)
    with pytest.raises(NotImplementedError, match="bitwise_not_cpu"):
        torch.ones(2).bitwise_not()


def test_a_view_taken_before_its_base_is_written_in_place_reads_the_new_base():
    """torch regenerates a stale view's grad_fn (AsStridedBackward0 of the base's current
    graph); keeping the old path sent the gradient to the overwritten values."""
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 1
    v = y[2]
    y.mul_(10)
    v.backward()
    assert x.grad.tolist() == [0.0, 0.0, 10.0]
    assert type(v.grad_fn).__name__ == "AsStridedBackward0"
    x.grad = None
    y = x * 1
    tail, head = y[1:], y[:2]
    head.mul_(3)  # another view of the same base
    (tail * 2).sum().backward()
    assert x.grad.tolist() == [0.0, 6.0, 2.0]


# ---------------------------------------------------------------- pow's integer exponent
def test_pow_gradient_casts_an_integer_exponent_to_the_result_dtype():
    # torch 2.13: b - 1 in int64, then b and b - 1 as float16 (-inf): -inf * 0 is nan
    x = torch.tensor([-2.9287, -0.2, 1.5], dtype=torch.float16, requires_grad=True)
    with np.errstate(all="ignore"):
        torch.pow(x, torch.tensor([-9223372036854775807])).square().sum().backward()
    grad = x.grad.tolist()
    assert math.isnan(grad[0]) and grad[1] == -INF and math.isnan(grad[2])
    y = torch.tensor([-2.9287, 0.0], dtype=torch.float16, requires_grad=True)
    torch.pow(y, torch.tensor([70001, 70001])).sum().backward()  # inf * 0 at 0: nan
    assert y.grad.tolist()[0] == INF and math.isnan(y.grad.tolist()[1])
